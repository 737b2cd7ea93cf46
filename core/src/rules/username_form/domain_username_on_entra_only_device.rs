//! FC015 `domain-username-on-entra-only-device`: a `DOMAIN\user` username on
//! a machine that is Entra joined but not domain joined.

use crate::evidence::Evidence;
use crate::model::{EntraDomainForm, RunMode};
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{steps, Remedy};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC015",
    name: "domain-username-on-entra-only-device",
    summary: "A `DOMAIN\\user` username on a machine that is Entra joined only, with no domain it can reach",
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
`AzureAdJoined : YES` and `DomainJoined : NO`, and no domain by that name is
in reach: the users come from no on-premises AD, no domain controller
answers, or `DOMAIN` names neither the AD domain's DNS name nor its NetBIOS
name.

## Why it fails
The machine has no domain controller to send `DOMAIN\\user` to, so Windows
answers that the domain is not available (sub-code -1073741730 from 2.24).
Entra accounts are written `user@domain` there. With a domain controller in
reach, the AD domain's DNS name works (`contoso.corp.com\\alice`) and its
NetBIOS name fails differently (FC057).

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
            steps::USE_UPN,
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    // An unattended run shows a refused form as FC064.
    m.test(&ev.run_mode, |mode| *mode != RunMode::Unattended);
    m.is(&ev.username_kind, UsernameKind::Domain);
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.domain_joined, false);
    m.is(&ev.entra_device_domain, EntraDomainForm::NoDomain);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_an_entra_only_machine() {
        let mut w = healthy();
        w.connection.username = "CONTOSO\\alice".into();
        // No domain controller answers: the NetBIOS name is not the issue.
        w.machine.domain_controller_reachable = false;
        assert_only_cause(&RULE, &w);
        // The users come from no on-premises AD at all.
        w.machine.domain_controller_reachable = true;
        w.tenant.ad_domain = None;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_hybrid_machine() {
        assert_silent(&RULE, &hybrid_domain_user());
    }
}
