//! FC009 `account-locked`: the Entra account is locked out.

use crate::evidence::Evidence;
use crate::model::AccountState;
use crate::payload::ErrorCode;
use crate::recognize::Seen;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC009",
    name: "account-locked",
    summary: "The Entra account is locked after too many failed sign-ins",
    code: ErrorCode::Aadsts50053,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::documented(
        links::ERROR_CODES,
        "the reference gives AADSTS50053 for an account locked after too many wrong passwords",
    ),
    doc: "\
## What it detects
A connection for an Entra account that is locked out.

## Why it fails
Lockout is checked before the password: a locked account is refused whatever
password the connection holds. Retries with a stale password, from a flow
that runs on a schedule, are a common way to get there.

Entra's `AADSTS50053` shows only where Power Automate asks Entra for a token
with
the credential (a certificate, connect with sign-in, or a password on the
Entra authentication path for Remote Desktop). On the default path Windows
meets the lockout at logon (FC052).

## Example
`tenant.users[0].state: locked`.

",
    references: &[
        Reference {
            title: "Entra authentication error codes (AADSTS50053)",
            url: links::ERROR_CODES,
        },
        Reference {
            title: "Microsoft Entra smart lockout (an administrator unlocks by resetting the password)",
            url: links::SMART_LOCKOUT,
        },
    ],
    remedies: &[
        Remedy {
            title: "Reset the password to unlock the account, and stop the retries",
            steps: &[
                Step {
                    text: "Have an administrator reset the account's password in Entra, which is how Entra unlocks an account; the connection then needs the new password.",
                    link: Some(links::SMART_LOCKOUT),
                    action: Some(Action::RestoreAccount),
                    who: Who::Admin,
                },
                Step {
                    text: "Find what kept sending a wrong password (another connection, a scheduled flow) and correct it.",
                    link: Some(links::SMART_LOCKOUT),
                    action: None,
                    who: Who::Support,
                },
                steps::REENTER_CREDENTIALS,
            ],
        },
        Remedy {
            title: "Let the user unlock it with self-service password reset",
            steps: &[
                Step {
                    text: "The user resets the password through self-service password reset (or waits for the lockout to end), then keeps the new password.",
                    link: Some(links::SMART_LOCKOUT),
                    action: Some(Action::RestoreAccount),
                    who: Who::Admin,
                },
                steps::REENTER_CREDENTIALS,
            ],
        },
    ],
    also: &[Also {
        seen: Seen::Code(ErrorCode::Aadsts50126),
        way: Way::OtherPath,
        source: Source::documented(
            links::FIELD_DISPLAYMONKEY_50,
            "a stored password that no longer works fails with AADSTS50126 on each try until Entra locks the account with AADSTS50053",
        ),
    }],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.account_state, AccountState::Locked);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_even_with_the_right_password() {
        let mut w = token_path();
        w.tenant.users[0].state = AccountState::Locked;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_for_an_enabled_account() {
        assert_silent(&RULE, &token_path());
    }
}
