//! FC070 `uiflowservice-blind-to-attended-session`: the Power Automate
//! service is not in Remote Desktop Users, so an attended run does not see
//! the account's open session.

use crate::evidence::Evidence;
use crate::model::{RunMode, Session};
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC070",
    name: "uiflowservice-blind-to-attended-session",
    summary: "The Power Automate service is not in Remote Desktop Users, so an attended run does not see the account's open session",
    code: ErrorCode::AttendedUserNotLoggedIn,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::modelled(
        "the run-queue page names the service missing from Remote Desktop Users as a cause of AttendedUserNotLoggedIn or AttendedUserSessionNotActive without saying which; the model gives the first, since the service then finds no session at all",
    ),
    doc: "\
## What it detects
An attended run whose account is signed in on the machine with its session
unlocked, as it should be, while `NT SERVICE\\UIFlowService` (the account the
Power Automate service runs as) is not in Remote Desktop Users.

## Why it fails
An attended run looks for the connection's account among the machine's
sessions. The service needs Remote Desktop Users' rights to list them; without
them it sees none and reports the account as not signed in, although the
person is at the machine. The unattended counterpart is FC036.

## Example
Alice is signed in and her screen is unlocked; `net localgroup \"Remote
Desktop Users\"` does not list `NT SERVICE\\UIFlowService`.

",
    references: &[
        Reference {
            title: "Troubleshoot run queue errors (AttendedUserNotLoggedIn, the note on UIFlowService)",
            url: links::RUN_QUEUE,
        },
        Reference {
            title: "Troubleshoot desktop flows: the account the Power Automate service runs as",
            url: links::DESKTOP_FLOWS_TROUBLESHOOT,
        },
    ],
    remedies: &[Remedy {
        title: "Add the service to Remote Desktop Users",
        steps: &[Step {
            text: "Add the account the Power Automate service runs as (by default `NT SERVICE\\UIFlowService`) to Remote Desktop Users (`lusrmgr.msc` > Groups, or `net localgroup`), then restart the machine.",
            link: Some(links::RUN_QUEUE),
            action: Some(Action::AddUiFlowServiceToRdu),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Attended);
    m.is(&ev.session, Session::Active);
    m.is(&ev.uiflowservice_rdu, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.logon_rights.uiflowservice_in_remote_desktop_users = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // Unattended, the same gap is FC036's UIFlowServiceNoRdpPermissions.
        let mut w = unattended();
        w.machine.logon_rights.uiflowservice_in_remote_desktop_users = false;
        assert_silent(&RULE, &w);
    }
}
