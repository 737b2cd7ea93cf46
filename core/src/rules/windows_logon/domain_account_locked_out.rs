//! FC022 `domain-account-locked-out`: the on-premises account is locked out.

use crate::evidence::Evidence;
use crate::model::AccountState;
use crate::payload::ErrorCode;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC022",
    name: "domain-account-locked-out",
    summary: "The on-premises domain account is locked out",
    code: ErrorCode::AccountLockedOut,
    sub_code: None,
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table lists AccountLockedOut for a locked account",
    ),
    doc: "\
## What it detects
A `DOMAIN\\user` connection for an account the domain has locked out.

## Why it fails
A domain controller checks lockout before the password, so a locked account
is refused with the right password as with a wrong one. Every wrong password,
over any protocol, counts toward the threshold: a flow retrying with a stale
password locks the account for everyone.

## Example
`tenant.users[0].state: locked`, connection `CONTOSO\\alice`.

",
    references: &[
        Reference {
            title: "Troubleshoot attended and unattended desktop flow run errors (`AccountLockedOut`)",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[Remedy {
        title: "Unlock the account and stop the retries",
        steps: &[
            Step {
                text: "Wait for the lockout duration or have a domain administrator unlock the account, then find what kept sending a wrong password.",
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
    m.is(&ev.account_state, AccountState::Locked);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_a_locked_domain_account() {
        let mut w = hybrid_domain_user();
        w.tenant.users[0].state = AccountState::Locked;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_for_the_same_account_by_upn() {
        let mut w = healthy();
        w.tenant.users[0].state = AccountState::Locked;
        assert_silent(&RULE, &w);
    }
}
