//! FC071 `temporary-password-on-remote-desktop`: the connection's Entra
//! password is temporary, and the unattended Remote Desktop sign-in cannot
//! change it.

use crate::evidence::Evidence;
use crate::model::{CredentialKind, RunMode};
use crate::payload::ErrorCode;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC071",
    name: "temporary-password-on-remote-desktop",
    summary: "The Entra password is temporary, and an unattended Remote Desktop sign-in cannot change it",
    code: ErrorCode::MsEntraLogonFailure,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::modelled(
        "the Entra VM sign-in page says a temporary password cannot sign in to a Remote Desktop connection but shows no Power Automate code; the model reports the unattended session's Entra logon failure",
    ),
    doc: "\
## What it detects
An unattended run with a password for an Entra account, on an Entra-joined-only
machine, where the password is temporary: an administrator reset it and the
user must choose a new one at the next sign-in.

## Why it fails
The unattended session signs in through Remote Desktop, where nobody can answer
the request to change the password, and a temporary password is not accepted
there. The password in the connection is the right one; it is just not one
Remote Desktop takes.

## Example
The helpdesk reset Alice's password this morning and she typed the temporary
one into the connection before ever signing in with it.

",
    references: &[
        Reference {
            title: "Sign in to a Windows VM with Entra ID: temporary passwords and Remote Desktop",
            url: links::AZURE_VM_SIGN_IN,
        },
        Reference {
            title: "Unattended runs with Microsoft Entra accounts",
            url: links::UNATTENDED,
        },
    ],
    remedies: &[Remedy {
        title: "Replace the temporary password",
        steps: &[
            Step {
                text: "Have the user sign in with the account in a web browser (for example at https://myaccount.microsoft.com) and set a new password when asked; an Entra joined machine does not ask for the change at its own sign-in. Or have an administrator set a password that needs no change at next sign-in.",
                link: Some(links::AZURE_VM_SIGN_IN),
                action: Some(Action::Heal(Dim::TEMPORARY_PASSWORD)),
                who: Who::User,
            },
            steps::REENTER_CREDENTIALS,
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.entra_rdp_path, true);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.must_change_password, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.tenant.users[0].must_change_password = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // An attended run uses the session the user opened (and changed the
        // password in).
        let mut w = healthy();
        w.tenant.users[0].must_change_password = true;
        assert_silent(&RULE, &w);
    }
}
