//! FC011 `account-disabled`: the Entra account is disabled.

use crate::evidence::Evidence;
use crate::model::AccountState;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC011",
    name: "account-disabled",
    summary: "The Entra account is disabled",
    code: ErrorCode::Aadsts50057,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::documented(
        links::ERROR_CODES,
        "the reference gives AADSTS50057 for a disabled account",
    ),
    doc: "\
## What it detects
A connection for an Entra account that is disabled in the directory (or whose
on-premises account is disabled and synchronized so).

## Why it fails
Entra refuses a disabled account once the password is right; with a wrong
password the sign-in fails on the password first.

Entra's `AADSTS50057` shows only where Power Automate asks Entra for a token
with
the credential (a certificate, connect with sign-in, or a password on the
Entra authentication path for Remote Desktop). On the default path Windows
refuses the disabled account at logon with -1073741714 (FC053).

## Example
`tenant.users[0].state: disabled`.

",
    references: &[
        Reference {
            title: "Entra authentication error codes (AADSTS50057)",
            url: links::ERROR_CODES,
        },
    ],
    remedies: &[Remedy {
        title: "Enable the account or use another one",
        steps: &[Step {
            text: "Have an administrator enable the account (on-premises, for a synchronized user), or point the connection at an enabled account.",
            link: Some(links::ERROR_CODES),
            action: Some(Action::RestoreAccount),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.account_state, AccountState::Disabled);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_a_disabled_account() {
        let mut w = token_path();
        w.tenant.users[0].state = AccountState::Disabled;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_for_a_domain_username() {
        let mut w = hybrid_domain_user();
        w.tenant.users[0].state = AccountState::Disabled;
        assert_silent(&RULE, &w);
    }
}
