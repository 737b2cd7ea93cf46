//! FC010 `entra-password-incorrect`: the connection's password is not the
//! Entra account's current one.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{steps, Remedy};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC010",
    name: "entra-password-incorrect",
    summary: "The connection's password is not the Entra account's current password",
    code: ErrorCode::Aadsts50126,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::documented(
        links::ERROR_CODES,
        "the reference gives AADSTS50126 for a wrong username or password; which route reaches Entra is the model's (see the sign-in path claims)",
    ),
    doc: "\
## What it detects
A connection for an existing Entra account whose password differs from the
account's current password, where Power Automate asks Entra for a token with
it: an unattended run on an Entra-joined-only machine with Entra
authentication for Remote Desktop (2.50 or later with NLA, or 2.49 with
`UseRdsAadAuthentication`).

## Why it fails
On that path Power Automate requests the Remote Desktop token with the
password, and Entra answers `AADSTS50126` for a wrong one. Everywhere else
(attended runs, hybrid or domain-joined machines, unattended runs without
Entra authentication for Remote Desktop) Windows checks the password at
logon and the same mistake shows as `WindowsIdentityIncorrect` with
-1073741715 (FC024): the invalid-credentials article lists that status for
an incorrect user and password, and the seed article scopes `AADSTS50126` to
credential validation, particularly for federated users. Which path a
connection takes is our reading of those pages and of the unattended-runs
page; no page shows both codes side by side.

## Example
The user reset the password last week; the connection was created before.

",
    references: &[
        Reference {
            title: "Entra authentication error codes (AADSTS50126)",
            url: links::ERROR_CODES,
        },
        Reference { title: "Desktop flow connections", url: links::CONNECTIONS },
    ],
    remedies: &[Remedy {
        title: "Enter the current password",
        steps: &[steps::IDENTIFY_WORK_ACCOUNT, steps::REENTER_CREDENTIALS],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.password_matches_account, false);
    m.is(&ev.entra_has_password, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Credential;
    use crate::secret::Secret;
    use crate::testing::*;

    #[test]
    fn fires_on_an_old_password() {
        let mut w = token_path();
        w.connection.credential = Credential::Password(Secret::new("Old-Horse-0"));
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_the_current_password() {
        assert_silent(&RULE, &token_path());
    }
}
