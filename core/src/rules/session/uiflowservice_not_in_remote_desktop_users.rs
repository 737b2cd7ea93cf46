//! FC036 `uiflowservice-not-in-remote-desktop-users`: the Power Automate service account is not in Remote Desktop Users.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC036",
    name: "uiflowservice-not-in-remote-desktop-users",
    summary: "The Power Automate service account is not in Remote Desktop Users",
    code: ErrorCode::UiFlowServiceNoRdpPermissions,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives UIFlowServiceNoRdpPermissions for the service account outside Remote Desktop Users",
    ),
    doc: "\
## What it detects
An unattended run on a machine where `NT SERVICE\\UIFlowService` is not a
member of Remote Desktop Users.

## Why it fails
The Power Automate service manages the Remote Desktop sessions it opens;
without membership it cannot, and no session is created.

## Example
`machine.logon_rights.uiflowservice_in_remote_desktop_users: false`.

",
    references: &[
        Reference {
            title: "Troubleshoot attended and unattended run errors (UIFlowServiceNoRdpPermissions)",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[
        Remedy {
            title: "Add the service to Remote Desktop Users",
            steps: &[
                Step {
                    text: "Run `net localgroup \"Remote Desktop Users\" \"NT SERVICE\\UIFlowService\" /add` on the machine (or set the group by policy), then restart the Power Automate service.",
                    link: Some(links::RUN_ERRORS),
                    action: Some(Action::AddUiFlowServiceToRdu),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.uiflowservice_rdu, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.logon_rights.uiflowservice_in_remote_desktop_users = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.logon_rights.uiflowservice_in_remote_desktop_users = false;
        assert_silent(&RULE, &w);
    }
}
