//! FC008 `user-not-in-tenant`: the connection's UPN names no user of the tenant.

use crate::evidence::Evidence;
use crate::payload::ErrorCode;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC008",
    name: "user-not-in-tenant",
    summary: "The connection's username is not a user of the tenant",
    code: ErrorCode::Aadsts50034,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::documented(
        links::ERROR_CODES,
        "the reference gives AADSTS50034 for an account that is not in the directory",
    ),
    doc: "\
## What it detects
A `user@domain` username that no user of the tenant has: a typo, an e-mail
alias instead of the UPN, or a domain the tenant has not verified.

## Why it fails
Entra looks the user up before it checks anything else, and answers
`AADSTS50034` when the directory has no such account.

Entra's `AADSTS50034` shows only where Power Automate asks Entra for a token
with
the credential (a certificate, connect with sign-in, or a password on the
Entra authentication path for Remote Desktop). On the default path Windows
meets an unknown UPN instead, as an account the machine does not have (FC018).

## Example
The connection says `alice.smith@contoso.com`; the user is
`alice@contoso.com`.

",
    references: &[
        Reference { title: "Entra authentication error codes", url: links::ERROR_CODES },
        Reference { title: "Desktop flow connections", url: links::CONNECTIONS },
    ],
    remedies: &[Remedy {
        title: "Use the account the machine knows",
        steps: &[
            steps::IDENTIFY_WORK_ACCOUNT,
            Step {
                text: "Edit the connection and type that account's UPN and current password.",
                link: Some(links::CONNECTIONS),
                action: Some(Action::UseMachineAccount),
                who: Who::User,
            },
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.user_in_tenant, false);
    m.note(&ev.username);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_a_misspelt_upn_and_an_unverified_domain() {
        let mut w = token_path();
        w.connection.username = "alice.smith@contoso.com".into();
        assert_only_cause(&RULE, &w);
        w.connection.username = "alice@fabrikam.com".into();
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_known_upn_in_other_case() {
        let mut w = token_path();
        w.connection.username = "Alice@Contoso.com".into();
        assert_silent(&RULE, &w);
    }
}
