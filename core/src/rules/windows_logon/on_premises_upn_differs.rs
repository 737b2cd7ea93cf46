//! FC042 `on-premises-upn-differs`: on a hybrid machine the on-premises UPN differs from the Entra UPN.

use crate::evidence::Evidence;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC042",
    name: "on-premises-upn-differs",
    summary: "On a hybrid machine the on-premises UPN differs from the Entra UPN",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::UpnNotInExpectedFormat),
    stage: Stage::WindowsLogon,
    mapping: Source::modelled(
        "the hybrid join pages give -1073445812 for a UPN that does not match on premises when a PRT is requested; that a desktop-flow logon fails with it is the model's",
    ),
    doc: "\
## What it detects
A UPN connection on a hybrid joined machine for a user whose on-premises UPN
(`whoami /upn`) is not the Entra UPN: an alternate login ID or a non-routable
suffix.

## Why it fails
On a hybrid machine the domain controller returns the on-premises UPN, and
Entra does not recognise it as the user's; Windows reports the UPN as not in
the expected format (sub-code -1073445812).

## Example
`alice@corp.contoso.local` on-premises, `alice@contoso.com` in Entra.

",
    references: &[
        Reference { title: "Troubleshoot primary refresh token issues", url: links::PRT },
        Reference {
            title: "Field report, PRT missing with differing UPN suffixes",
            url: links::FIELD_AZURE_DOCS_95854,
        },
    ],
    remedies: &[
        Remedy {
            title: "Use the domain form",
            steps: &[
                Step {
                    text: "Write the username as `DOMAIN\\user` on this hybrid machine.",
                    link: Some(links::INVALID_CREDENTIALS),
                    action: Some(Action::UseDomainUsername),
                    who: Who::User,
                },
            ],
        },
        Remedy {
            title: "Align the UPNs",
            steps: &[
                Step {
                    text: "Give the on-premises account a routable UPN suffix equal to its Entra UPN and let Entra Connect synchronize it.",
                    link: Some(links::HYBRID_JOIN),
                    action: Some(Action::AlignUpnSuffix),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.domain_joined, true);
    m.is(&ev.on_prem_upn_matches, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = hybrid_domain_user();
        w.connection.username = "alice@contoso.com".into();
        w.tenant.users[0].on_premises_upn = Some("alice@corp.contoso.local".into());
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.tenant.users[0].on_premises_upn = Some("alice@corp.contoso.local".into());
        assert_silent(&RULE, &w);
    }
}
