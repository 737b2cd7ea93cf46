//! FC052 `entra-account-locked-at-logon`: Entra has locked the account out,
//! and Windows meets the lockout at logon on the default path.

use crate::evidence::Evidence;
use crate::model::{AccountState, CredentialKind};
use crate::payload::ErrorCode;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC052",
    name: "entra-account-locked-at-logon",
    summary: "Entra has locked the account out; Windows meets the lockout at logon",
    code: ErrorCode::AccountLockedOut,
    sub_code: None,
    stage: Stage::WindowsLogon,
    mapping: Source::modelled(
        "the run-errors table gives AccountLockedOut for a locked account on unattended runs; that an Entra lockout reaches Windows as that code, on either run mode, is the model's",
    ),
    doc: "\
## What it detects
An Entra account (UPN) with a password on the default path, where Power
Automate asks Entra for no token and Windows checks the password at logon,
whose account smart lockout has locked.

## Why it fails
Entra refuses a locked account whatever the password, so Windows' sign-in
fails before the password matters. Power Automate documents
`AccountLockedOut` for a locked account on unattended runs; that an attended
run shows the same code, and that an Entra lockout reaches Windows as that
code at all, is our model. On the Entra authentication path for Remote
Desktop the same lockout shows as `AADSTS50053` (FC009).

## Example
A scheduled flow kept a password that had been changed; its retries locked
the account.
",
    references: &[
        Reference {
            title: "Microsoft Entra smart lockout (lockout regardless of the password)",
            url: links::SMART_LOCKOUT,
        },
        Reference {
            title: "Troubleshoot attended and unattended run errors (AccountLockedOut)",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[Remedy {
        title: "Unlock the account with a new password, and stop what locked it",
        steps: &[
            Step {
                text: "Have an administrator reset the account's password in Entra (that is how Entra unlocks an account), or let the user reset it through self-service password reset.",
                link: Some(links::SMART_LOCKOUT),
                action: Some(Action::RestoreAccount),
                who: Who::Admin,
            },
            Step {
                text: "Find what kept sending the old password (another connection, a scheduled flow, a mapped drive) and correct it.",
                link: Some(links::SMART_LOCKOUT),
                action: None,
                who: Who::Support,
            },
            steps::REENTER_CREDENTIALS,
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.cloud_check, false);
    m.is(&ev.account_on_machine, true);
    m.is(&ev.account_state, AccountState::Locked);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_the_default_path() {
        let mut w = healthy();
        w.tenant.users[0].state = AccountState::Locked;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_where_power_automate_asks_entra() {
        let mut w = token_path();
        w.tenant.users[0].state = AccountState::Locked;
        assert_silent(&RULE, &w);
    }
}
