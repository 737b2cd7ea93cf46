//! FC016 `username-domain-not-device-domain`: a `DOMAIN\user` username whose
//! domain is not the one the machine is joined to.

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
    id: "FC016",
    name: "username-domain-not-device-domain",
    summary: "The username's domain is not the machine's domain",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::DomainNotAvailable),
    stage: Stage::UsernameForm,
    mapping: Source::modelled(
        "the page gives -1073741730 for a username form the join cannot use; a domain other than the machine's is the model's extension of that case",
    ),
    doc: "\
## What it detects
A `DOMAIN\\user` username on a domain-joined machine where `DOMAIN` is
neither the `DomainName` that `dsregcmd /status` shows nor the AD domain's
DNS name: another forest's domain, or a name mistyped.

## Why it fails
Windows sends the logon to the named domain; a domain it cannot reach is
reported as not available (sub-code -1073741730 from 2.24). That Windows
takes the device's own domain by its DNS name as well as by its NetBIOS name
is the model's reading; no page says either way.

## Example
`DomainName : CONTOSO`; the connection says `CONTOSO-CORP\\alice`.

",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows",
            url: links::INVALID_CREDENTIALS,
        },
    ],
    remedies: &[Remedy {
        title: "Use the machine's domain name",
        steps: &[
            steps::CHECK_DEVICE_STATE,
            Step {
                text: "Edit the connection and put the `DomainName` from `dsregcmd /status` before the backslash.",
                link: Some(links::INVALID_CREDENTIALS),
                action: Some(Action::UseDeviceDomain),
                who: Who::User,
            },
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    // An unattended run shows a refused form as FC064.
    m.test(&ev.run_mode, |mode| *mode != RunMode::Unattended);
    m.is(&ev.username_kind, UsernameKind::Domain);
    m.is(&ev.domain_joined, true);
    m.note(&ev.domain_name);
    m.is(&ev.username_domain_matches_device, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_another_domain() {
        let mut w = hybrid_domain_user();
        w.connection.username = "CONTOSO-CORP\\alice".into();
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_the_machine_domain_in_other_case() {
        let mut w = hybrid_domain_user();
        w.connection.username = "contoso\\alice".into();
        assert_silent(&RULE, &w);
    }
}
