//! FC014 `upn-on-domain-only-device`: a `user@domain` username on a machine
//! that is domain joined but not Entra joined.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC014",
    name: "upn-on-domain-only-device",
    summary: "A UPN the domain does not know, on a machine that is domain joined only",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::UpnNotInExpectedFormat),
    stage: Stage::UsernameForm,
    mapping: Source::documented(
        links::INVALID_CREDENTIALS,
        "the page gives -1073445812 for a username in the wrong form for the machine's join",
    ),
    doc: "\
## What it detects
A connection username written `user@domain` for a machine where
`AzureAdJoined : NO` and `DomainJoined : YES`, where `user@domain` is not an
account's on-premises UPN: the Entra UPN of a user whose AD UPN differs
(alternate login ID, such as `alice@contoso.local` in AD), or an account
that exists only in Entra.

## Why it fails
A machine joined only to on-premises Active Directory signs users in through
its domain controller. The domain takes an account's own UPN as a logon name,
as well as `DOMAIN\\user`, but it knows nothing of Entra UPNs. From 2.24 the
product shows sub-code -1073445812; the invalid-credentials page ties that
status to a username in the wrong form for the machine. That a domain-only
machine takes the on-premises UPN is our reading of how AD logons work; no
Power Automate page says either way.

## Example
`dsregcmd /status`: `AzureAdJoined : NO`, `DomainJoined : YES`,
`DomainName : CONTOSO`; alice's AD UPN is `alice@contoso.local` and the
connection says `alice@contoso.com`.

",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows (username formats)",
            url: links::INVALID_CREDENTIALS,
        },
        Reference { title: "Microsoft Entra hybrid joined devices", url: links::HYBRID_JOIN },
    ],
    remedies: &[
        Remedy {
            title: "Use the domain form of the username",
            steps: &[
                steps::CHECK_DEVICE_STATE,
                Step {
                    text: "Edit the connection and write the username as `DOMAIN\\user`, with the `DomainName` that `dsregcmd /status` shows.",
                    link: Some(links::INVALID_CREDENTIALS),
                    action: Some(Action::UseDomainUsername),
                    who: Who::User,
                },
            ],
        },
        Remedy {
            title: "Hybrid join the machine",
            steps: &[Step {
                text: "Complete Microsoft Entra hybrid join for the machine so that it accepts Entra accounts by UPN.",
                link: Some(links::HYBRID_JOIN),
                action: Some(Action::JoinEntra),
                who: Who::Admin,
            }],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    // An unattended run shows a refused form as FC064.
    m.test(&ev.run_mode, |mode| *mode != RunMode::Unattended);
    m.is(&ev.username_kind, UsernameKind::Upn);
    // Connect with sign-in does not go through the username form check.
    m.is(&ev.sign_in, false);
    m.is(&ev.azure_ad_joined, false);
    m.is(&ev.domain_joined, true);
    m.is(&ev.upn_known_to_domain, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_a_domain_only_machine() {
        let mut w = healthy();
        w.machine.device_state = crate::model::DeviceState {
            azure_ad_joined: false,
            domain_joined: true,
            domain_name: Some("CONTOSO".into()),
            ..crate::model::DeviceState::default()
        };
        // The Entra UPN is not the one AD knows (alternate login ID).
        w.tenant.users[0].on_premises_upn = Some("alice@contoso.local".into());
        assert_only_cause(&RULE, &w);
        // The AD UPN is an ordinary logon name there.
        w.connection.username = "alice@contoso.local".into();
        assert_silent(&RULE, &w);
        assert!(crate::simulate(&w).error().is_none());
    }

    #[test]
    fn silent_on_a_hybrid_machine() {
        let mut w = hybrid_domain_user();
        w.connection.username = "alice@contoso.com".into();
        assert_silent(&RULE, &w);
    }
}
