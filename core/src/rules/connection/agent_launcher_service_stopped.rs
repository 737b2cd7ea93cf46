//! FC074 `agent-launcher-service-stopped`: the Power Automate agent
//! launcher service is not running on the machine.

use crate::evidence::Evidence;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC074",
    name: "agent-launcher-service-stopped",
    summary: "The Power Automate agent launcher service is not running on the machine",
    code: ErrorCode::UiFlowAgentLauncherServiceIsNotRunning,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives UIFlowAgentLauncherServiceIsNotRunning (HTTP 500, attended and unattended) for a machine where the Power Automate agent launcher service is not running",
    ),
    doc: "\
## What it detects
A machine where the Power Automate agent launcher service, one of the
services Power Automate for desktop installs, is stopped or disabled.

## Why it fails
The run needs the service to start its agent on the machine; with the
service down, the run stops before any account is signed in, attended or
unattended, whatever the connection says. The main service
(`UIFlowService`) failing to start is another cause, FC066, with its own
code.

## Example
A cleanup script set the services Power Automate installed to *Manual*, and
the launcher service did not start after the last restart.

",
    references: &[Reference {
        title: "Troubleshoot attended and unattended run errors (UIFlowAgentLauncherServiceIsNotRunning)",
        url: links::RUN_ERRORS,
    }],
    remedies: &[Remedy {
        title: "Start the launcher service",
        steps: &[Step {
            text: "On the machine, open Services (`services.msc`), start the Power Automate agent launcher service and make sure its startup type keeps it running after a restart, then run the flow again.",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::Heal(Dim::LAUNCHER_SERVICE)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.launcher_service_running, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause_in_either_mode() {
        let mut w = healthy();
        w.machine.launcher_service_running = false;
        assert_only_cause(&RULE, &w);
        let mut w = unattended();
        w.machine.launcher_service_running = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.service_can_log_on = false;
        assert_silent(&RULE, &w);
    }
}
