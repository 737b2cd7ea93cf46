//! FC062 `rdp-not-enabled`: Remote Desktop is turned off on the machine, and
//! an unattended run opens its session through it.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC062",
    name: "rdp-not-enabled",
    summary: "Remote Desktop is turned off on the machine of an unattended run",
    code: ErrorCode::RdpIsNotEnabled,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives RDPIsNotEnabled for unattended runs on a machine without Remote Desktop",
    ),
    doc: "\
## What it detects
An unattended run on a machine where Remote Desktop connections are turned
off (`fDenyTSConnections = 1`).

## Why it fails
Power Automate opens an unattended run's session over Remote Desktop; with
Remote Desktop off there is nothing to connect to. Attended runs use the
session already open and do not need it.

## Example
A freshly imaged Windows 11 machine where nobody turned Remote Desktop on.

",
    references: &[Reference {
        title: "Troubleshoot attended and unattended run errors (RDPIsNotEnabled)",
        url: links::RUN_ERRORS,
    }],
    remedies: &[Remedy {
        title: "Turn Remote Desktop on",
        steps: &[Step {
            text: "On the machine, turn on Settings > System > Remote Desktop (or set `fDenyTSConnections` to 0 by policy).",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::Heal(Dim::RDP_ENABLED)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.rdp_enabled, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.rdp.enabled = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.rdp.enabled = false;
        assert_silent(&RULE, &w);
    }
}
