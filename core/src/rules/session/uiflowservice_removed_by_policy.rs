//! FC069 `uiflowservice-removed-by-policy`: a group policy takes the Power
//! Automate service out of Remote Desktop Users, and it loses the session it
//! created.

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
    id: "FC069",
    name: "uiflowservice-removed-by-policy",
    summary: "A group policy takes the Power Automate service out of Remote Desktop Users, so it cannot find the session it created",
    code: ErrorCode::SessionNotFoundAfterCreation,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::modelled(
        "the run-errors table gives SessionNotFoundAfterCreation when the service cannot list sessions, and names a group policy removing it from Remote Desktop Users; the model keeps this code for the policy and UIFlowServiceNoRdpPermissions for a service never added",
    ),
    doc: "\
## What it detects
An unattended run on a machine where `NT SERVICE\\UIFlowService` was put in
Remote Desktop Users, but a group policy that sets the group's members
(Restricted Groups, or a Local Users and Groups preference) leaves it out, so
the next policy refresh takes it out again.

## Why it fails
Power Automate creates the Remote Desktop session, then looks for it among the
machine's sessions. Listing them needs the membership the policy has just
removed, so the service cannot find the session it created. Adding the
service by hand does not last: the policy wins at its next refresh.

## Example
`net localgroup \"Remote Desktop Users\"` lists `NT SERVICE\\UIFlowService`
after an administrator adds it, and no longer does after `gpupdate`.

",
    references: &[
        Reference {
            title: "Troubleshoot attended and unattended run errors (SessionNotFoundAfterCreation)",
            url: links::RUN_ERRORS,
        },
        Reference {
            title: "Troubleshoot desktop flows: the account the Power Automate service runs as",
            url: links::DESKTOP_FLOWS_TROUBLESHOOT,
        },
    ],
    remedies: &[Remedy {
        title: "Let the policy keep the service in Remote Desktop Users",
        steps: &[Step {
            text: "Add `NT SERVICE\\UIFlowService` (or the account the service runs as) to the group policy that sets Remote Desktop Users' members, run `gpupdate /force`, then restart the Power Automate service.",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::Heal(Dim::UIFLOWSERVICE_POLICY)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.uiflowservice_rdu, true);
    m.is(&ev.uiflowservice_removed_by_policy, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.logon_rights.uiflowservice_removed_by_policy = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // Attended runs use the session already open.
        let mut w = healthy();
        w.machine.logon_rights.uiflowservice_removed_by_policy = true;
        assert_silent(&RULE, &w);
    }
}
