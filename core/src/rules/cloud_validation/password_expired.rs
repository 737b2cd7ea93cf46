//! FC012 `password-expired`: the Entra account's password has expired.

use crate::evidence::Evidence;
use crate::model::{AccountState, CredentialKind};
use crate::payload::ErrorCode;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC012",
    name: "password-expired",
    summary: "The Entra account's password has expired",
    code: ErrorCode::Aadsts50055,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::documented(
        links::ERROR_CODES,
        "the reference gives AADSTS50055 for an expired password",
    ),
    doc: "\
## What it detects
A password credential for an Entra account whose password has expired.

## Why it fails
An unattended connection cannot answer the prompt to change the password, so
Entra refuses the sign-in with `AADSTS50055`.

Entra's `AADSTS50055` shows only where Power Automate asks Entra for a token
with
the credential (a certificate, connect with sign-in, or a password on the
Entra authentication path for Remote Desktop). On the default path Windows
refuses the expired password at logon with -1073741714 (FC053).

## Example
`tenant.users[0].state: password_expired`.

",
    references: &[
        Reference {
            title: "Entra authentication error codes (AADSTS50055)",
            url: links::ERROR_CODES,
        },
    ],
    remedies: &[Remedy {
        title: "Change the password, then update the connection",
        steps: &[
            Step {
                text: "Sign in interactively as the user and set a new password (or have an administrator reset it).",
                link: Some(links::ERROR_CODES),
                action: Some(Action::RestoreAccount),
                who: Who::Admin,
            },
            steps::REENTER_CREDENTIALS,
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.account_state, AccountState::PasswordExpired);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_an_expired_password() {
        let mut w = token_path();
        w.tenant.users[0].state = AccountState::PasswordExpired;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_for_a_certificate() {
        let mut w = healthy_certificate();
        w.tenant.users[0].state = AccountState::PasswordExpired;
        assert_silent(&RULE, &w);
    }
}
