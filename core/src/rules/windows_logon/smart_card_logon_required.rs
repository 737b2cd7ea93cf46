//! FC061 `smart-card-logon-required`: the machine requires smart card logon,
//! which a desktop-flow connection cannot do.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC061",
    name: "smart-card-logon-required",
    summary: "The machine requires smart card logon, which a password connection cannot do",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::SmartCardLogonRequired),
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::INVALID_CREDENTIALS,
        "the page lists -1073741062 and says connections to machines that require smart card logon are not supported",
    ),
    doc: "\
## What it detects
A password connection for a machine where *Interactive logon: Require
Windows Hello for Business or smart card* (`scforceoption`) is enabled.

## Why it fails
The policy makes Windows refuse every password logon, and a desktop-flow
connection signs in with a password: Power Automate does not support
connections to such machines. From 2.24 the product shows sub-code
-1073741062.

## Example
A hardened workstation image with the smart card policy on, used as a
desktop-flow machine.

",
    references: &[Reference {
        title: "Invalid credentials errors running desktop flows (smart card logon)",
        url: links::INVALID_CREDENTIALS,
    }],
    remedies: &[Remedy {
        title: "Run desktop flows on a machine that takes passwords",
        steps: &[Step {
            text: "Have IT exempt the desktop-flow machine from *Interactive logon: Require Windows Hello for Business or smart card* (a group policy exception or another OU), or move the flows to a machine without it.",
            link: Some(links::INVALID_CREDENTIALS),
            action: Some(Action::Heal(Dim::SMART_CARD)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.smart_card_required, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.smart_card_required = true;
        assert_only_cause(&RULE, &w);
        let mut w = hybrid_domain_user();
        w.machine.smart_card_required = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy_certificate();
        w.machine.smart_card_required = true;
        assert_silent(&RULE, &w);
    }
}
