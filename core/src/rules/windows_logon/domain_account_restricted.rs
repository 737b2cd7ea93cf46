//! FC025 `domain-account-restricted`: the on-premises account is disabled or
//! its password has expired.

use crate::evidence::Evidence;
use crate::model::AccountState;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC025",
    name: "domain-account-restricted",
    summary: "The on-premises domain account is disabled or its password has expired",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::AccountRestriction),
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::INVALID_CREDENTIALS,
        "the page gives -1073741714 for a restriction on the account, such as a disabled account or an expired password",
    ),
    doc: "\
## What it detects
A `DOMAIN\\user` connection for an account the domain has disabled, or whose
password has expired.

## Why it fails
The domain controller accepts the password, then refuses the logon because of
the account's state; Windows reports an account restriction (sub-code
-1073741714 from 2.24). With a wrong password the same account shows only
the password failure.

## Example
`tenant.users[0].state: disabled`, connection `CONTOSO\\alice`.

",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows (sub-codes)",
            url: links::INVALID_CREDENTIALS,
        },
    ],
    remedies: &[Remedy {
        title: "Restore the account",
        steps: &[
            Step {
                text: "Have a domain administrator enable the account, or sign in as the user and change the expired password.",
                link: Some(links::INVALID_CREDENTIALS),
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
    m.is(&ev.domain_logon, true);
    m.is(&ev.account_on_machine, true);
    m.test(&ev.account_state, |s| {
        matches!(s, AccountState::Disabled | AccountState::PasswordExpired)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_disabled_and_expired() {
        for state in [AccountState::Disabled, AccountState::PasswordExpired] {
            let mut w = hybrid_domain_user();
            w.tenant.users[0].state = state;
            assert_only_cause(&RULE, &w);
        }
    }

    #[test]
    fn silent_for_the_same_account_by_upn() {
        let mut w = healthy();
        w.tenant.users[0].state = AccountState::Disabled;
        assert_silent(&RULE, &w);
    }
}
