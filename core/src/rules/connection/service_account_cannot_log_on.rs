//! FC066 `service-account-cannot-log-on`: the account the Power Automate
//! service runs as lacks *Log on as a service*, so the service is down.

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
    id: "FC066",
    name: "service-account-cannot-log-on",
    summary: "The Power Automate service's account lacks Log on as a service, so the service does not run",
    code: ErrorCode::UiFlowAgentNotAvailable,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::documented(
        links::DESKTOP_FLOWS_TROUBLESHOOT,
        "the desktop-flows troubleshooting page gives Error 1069 for a service account without Log on as a service, and the run-errors table lists UIFlowAgentNotAvailable for a service that is not running",
    ),
    doc: "\
## What it detects
A machine whose Power Automate service was moved to a custom account (a
domain service account, for instance) that does not hold *Log on as a
service*.

## Why it fails
Windows refuses to start the service under that account (Error 1069: the
service did not start due to a logon failure), so there is no agent on the
machine to take the connection or the run, attended or unattended.

## Example
IT set the service to run as `CONTOSO\\svc-rpa` and the baseline grants
*Log on as a service* only to `NT SERVICE\\ALL SERVICES`.

",
    references: &[
        Reference {
            title: "Troubleshoot desktop flows (change the on-premises service account)",
            url: links::DESKTOP_FLOWS_TROUBLESHOOT,
        },
        Reference {
            title: "Troubleshoot attended and unattended run errors (UIFlowAgentNotAvailable)",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[Remedy {
        title: "Let the service's account log on as a service",
        steps: &[Step {
            text: "Grant the service's account *Log on as a service* (Local Security Policy > User Rights Assignment, or the group policy that sets it), or switch the service back to `NT SERVICE\\UIFlowService` with the Power Automate troubleshooter, then start the service.",
            link: Some(links::DESKTOP_FLOWS_TROUBLESHOOT),
            action: Some(Action::Heal(Dim::SERVICE_LOGON)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.service_can_log_on, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.service_can_log_on = false;
        assert_only_cause(&RULE, &w);
        let mut w = unattended();
        w.machine.service_can_log_on = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.logon_rights.uiflowservice_denied = true;
        assert_silent(&RULE, &w);
    }
}
