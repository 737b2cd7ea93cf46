//! FC041 `domain-controller-unreachable`: no domain controller answers for a DOMAIN\\user logon.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::{ErrorCode, SubCode};
use crate::recognize::Client;
use crate::recognize::Seen;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC041",
    name: "domain-controller-unreachable",
    summary: "No domain controller answers for a DOMAIN\\user logon (attended run or connection test)",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::DomainNotAvailable),
    stage: Stage::WindowsLogon,
    mapping: Source::modelled(
        "the invalid-credentials page gives -1073741730 for a domain that is not available, for a username form; that an attended run or a connection test shows it for a missing domain controller is the model's",
    ),
    doc: "\
## What it detects
A `DOMAIN\\user` connection, attended or being tested, on a domain-joined or
hybrid machine that cannot reach a domain controller (a cloud-hosted machine
without VPN, a broken site link). Unattended runs show the same fault as
`SessionCreationError` (FC056).

## Why it fails
A domain logon needs a domain controller; without one Windows reports the
domain as not available (sub-code -1073741730 from 2.24). A password changed
since the last online logon is the first thing to break.

## Example
A hybrid joined Azure VM with no line of sight to `CONTOSO`'s domain
controllers, `CONTOSO\\alice`.

",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows (use the UPN on Entra joined machines)",
            url: links::INVALID_CREDENTIALS,
        },
        Reference {
            title: "Field report, new password rejected without a domain controller",
            url: links::FIELD_AZURE_DOCS_11612,
        },
    ],
    remedies: &[
        Remedy {
            title: "Sign in through Entra instead",
            steps: &[
                Step {
                    text: "On a hybrid joined machine, write the username as the account's UPN so Entra, not the domain controller, checks it.",
                    link: Some(links::INVALID_CREDENTIALS),
                    action: Some(Action::UseUpnUsername),
                    who: Who::User,
                },
            ],
        },
        Remedy {
            title: "Restore line of sight to a domain controller",
            steps: &[
                steps::RESTORE_DC_LINE_OF_SIGHT,
            ],
        },
    ],
    also: &[
        Also {
            seen: Seen::Client(Client::NlaDomainControllerUnreachable),
            way: Way::Client,
            source: Source::modelled(
                "the client says the domain controller cannot be contacted to perform NLA, the fault of this cause seen from Remote Desktop",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Attended);
    m.is(&ev.domain_logon, true);
    m.is(&ev.domain_joined, true);
    m.is(&ev.dc_reachable, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = hybrid_domain_user();
        w.machine.domain_controller_reachable = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = hybrid_domain_user();
        w.machine.domain_controller_reachable = false;
        w.connection.username = "alice@contoso.com".into();
        assert_silent(&RULE, &w);
    }
}
