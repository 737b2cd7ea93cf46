//! FC066 `service-account-cannot-log-on`: the account the Power Automate
//! service runs as (by default `NT SERVICE\UIFlowService`) lacks *Log on as
//! a service*, so the service is down.

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
        links::RUN_ERRORS,
        "the run-errors table lists UIFlowAgentNotAvailable for a Power Automate service that is not running, with Error 1069 (the service did not start due to a logon failure); the desktop-flows troubleshooting page names the cause, a machine or group policy that disallows Log on as a service for NT SERVICE\\UIFlowService",
    ),
    doc: "\
## What it detects
A machine whose Power Automate service account does not hold *Log on as a
service*: the default `NT SERVICE\\UIFlowService`, when the machine or a
group policy disallows the right for it, or an account the service was moved
to that lacks it.

## Why it fails
Windows refuses to start the service under that account (Error 1069: the
service did not start due to a logon failure), so there is no agent on the
machine to take the connection or the run, attended or unattended.

## Example
A security baseline sets *Log on as a service* to a fixed list that leaves
out `NT SERVICE\\ALL SERVICES`, so `NT SERVICE\\UIFlowService` no longer
holds it.

",
    references: &[
        Reference {
            title: "Troubleshoot desktop flows (Log on as a service for NT SERVICE\\UIFlowService)",
            url: links::DESKTOP_FLOWS_TROUBLESHOOT,
        },
        Reference {
            title: "Troubleshoot attended and unattended run errors (UIFlowAgentNotAvailable)",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[
        Remedy {
            title: "Allow the service's account to log on as a service",
            steps: &[Step {
                text: "Have an administrator change the machine's or the group policy's *Log on as a service* (User Rights Assignment) so that it includes `NT SERVICE\\UIFlowService` (or the account the service runs as), then start the Power Automate service.",
                link: Some(links::DESKTOP_FLOWS_TROUBLESHOOT),
                action: Some(Action::Heal(Dim::SERVICE_LOGON)),
                who: Who::Admin,
            }],
        },
        Remedy {
            title: "Run the service as another account",
            steps: &[Step {
                text: "Where the policy cannot change, use the Power Automate troubleshooter to change the service's account to one that holds *Log on as a service*, then start the service.",
                link: Some(links::DESKTOP_FLOWS_TROUBLESHOOT),
                action: Some(Action::Heal(Dim::SERVICE_LOGON)),
                who: Who::Admin,
            }],
        },
    ],
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
