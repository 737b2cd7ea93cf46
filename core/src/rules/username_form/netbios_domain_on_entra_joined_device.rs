//! FC057 `netbios-domain-on-entra-joined-device`: a `NETBIOS\user` username
//! on an Entra-joined-only machine, where only the AD domain's DNS name works.

use crate::evidence::Evidence;
use crate::model::{EntraDomainForm, RunMode};
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC057",
    name: "netbios-domain-on-entra-joined-device",
    summary: "A `NETBIOS\\user` username on an Entra-joined-only machine, which takes only the AD domain's DNS name",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadValidationClass),
    stage: Stage::UsernameForm,
    mapping: Source::documented(
        links::DEVICE_SSO,
        "the device SSO page gives STATUS_BAD_VALIDATION_CLASS for a NetBIOS domain name on an Entra joined device, even where the name resolves; that Power Automate shows the status as its sub-code is the model's",
    ),
    doc: "\
## What it detects
A connection username written with the on-premises AD domain's NetBIOS name
(`CONTOSO\\alice`) for a machine where `AzureAdJoined : YES` and
`DomainJoined : NO`, with a domain controller of that domain in reach.

## Why it fails
An Entra joined device signs a domain name in through the AD domain's DNS
name (`contoso.corp.com\\alice`) or the UPN; the NetBIOS name is refused with
STATUS_BAD_VALIDATION_CLASS (0xC00000A7), even where it resolves. Without a
domain controller in reach any `DOMAIN\\user` form gives -1073741730 instead
(FC015).

## Example
`AzureAdJoined : YES`, `DomainJoined : NO`, the users synchronized from
`contoso.corp.com` (NetBIOS `CONTOSO`), and the connection says
`CONTOSO\\alice`.

",
    references: &[Reference {
        title: "Single sign-on to on-premises resources from Entra joined devices (username forms)",
        url: links::DEVICE_SSO,
    }],
    remedies: &[
        Remedy {
            title: "Use the UPN",
            steps: &[
                steps::CHECK_DEVICE_STATE,
                steps::USE_UPN,
            ],
        },
        Remedy {
            title: "Write the domain's DNS name",
            steps: &[Step {
                text: "Edit the connection and write the domain as its DNS name, `contoso.corp.com\\user`, which an Entra joined device takes.",
                link: Some(links::DEVICE_SSO),
                action: Some(Action::UseDnsDomainUsername),
                who: Who::User,
            }],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    // An unattended run shows a refused form as FC064.
    m.test(&ev.run_mode, |mode| *mode != RunMode::Unattended);
    m.is(&ev.username_kind, UsernameKind::Domain);
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.domain_joined, false);
    m.is(&ev.entra_device_domain, EntraDomainForm::NetbiosName);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    fn entra_device_with_ad() -> crate::World {
        let mut w = healthy();
        w.tenant.ad_domain = Some("contoso.corp.com".into());
        w
    }

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = entra_device_with_ad();
        w.connection.username = "CONTOSO\\alice".into();
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = entra_device_with_ad();
        w.connection.username = "contoso.corp.com\\alice".into();
        assert_silent(&RULE, &w);
        assert!(crate::simulate(&w).error().is_none(), "the DNS name works");
    }
}
