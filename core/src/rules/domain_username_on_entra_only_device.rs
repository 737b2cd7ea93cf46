//! FC015 `domain-username-on-entra-only-device`: a `DOMAIN\user` username on
//! a machine that is Entra joined but not domain joined.

use crate::evidence::Evidence;
use crate::payload::{ErrorCode, SubCode};
use crate::provenance::Source;
use crate::remedy::{links, steps, Action, Remedy, Step};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::username::UsernameKind;

pub(super) static RULE: Rule = Rule {
    id: "FC015",
    name: "domain-username-on-entra-only-device",
    summary: "A `DOMAIN\\user` username on a machine that is Entra joined only",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::DomainNotAvailable),
    stage: Stage::UsernameForm,
    mapping: Source::documented(
        links::INVALID_CREDENTIALS,
        "the page gives -1073741730 for a username form the machine's join cannot use",
    ),
    doc: "\
## What it detects
A connection username written `DOMAIN\\user` for a machine where
`AzureAdJoined : YES` and `DomainJoined : NO`.

## Why it fails
An Entra-joined-only machine has no domain controller to send `DOMAIN\\user`
to, so Windows answers that the domain is not available (sub-code
-1073741730 from 2.24). Entra accounts are written `user@domain` there.

## Example
`dsregcmd /status`: `AzureAdJoined : YES`, `DomainJoined : NO`; the connection
says `CONTOSO\\alice`.

",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows (username formats)",
            url: links::INVALID_CREDENTIALS,
        },
    ],
    remedies: &[Remedy {
        title: "Use the UPN",
        steps: &[
            steps::CHECK_DEVICE_STATE,
            Step {
                text: "Edit the connection and write the username as the account's UPN, `user@domain`.",
                link: Some(links::INVALID_CREDENTIALS),
                action: Some(Action::UseUpnUsername),
            },
        ],
    }],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Domain);
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.domain_joined, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_an_entra_only_machine() {
        let mut w = healthy();
        w.connection.username = "CONTOSO\\alice".into();
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_hybrid_machine() {
        assert_silent(&RULE, &hybrid_domain_user());
    }
}
