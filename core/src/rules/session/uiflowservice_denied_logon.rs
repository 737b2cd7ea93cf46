//! FC065 `uiflowservice-denied-logon`: a Deny log on policy names the
//! account the Power Automate service runs as.

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
    id: "FC065",
    name: "uiflowservice-denied-logon",
    summary: "A Deny log on policy names the account the Power Automate service runs as",
    code: ErrorCode::RdpPermissionNotGranted,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table's RdpPermissionNotGranted row asks that neither Deny log on locally nor Deny log on through Remote Desktop Services include the account running the Power Automate service",
    ),
    doc: "\
## What it detects
An unattended run on a machine where *Deny log on locally* or *Deny log on
through Remote Desktop Services* names `NT SERVICE\\UIFlowService` (or the
custom account the Power Automate service runs as), often through a
hardening baseline that denies every service account.

## Why it fails
The Power Automate service opens and manages the unattended run's Remote
Desktop session under its own account; a deny right refuses it that logon,
and the product reports the missing Remote Desktop permission, whatever the
connection's own account holds.

## Example
A security baseline adds `NT SERVICE\\ALL SERVICES` to *Deny log on through
Remote Desktop Services*.

",
    references: &[Reference {
        title: "Troubleshoot attended and unattended run errors (RdpPermissionNotGranted)",
        url: links::RUN_ERRORS,
    }],
    remedies: &[Remedy {
        title: "Take the service account out of the Deny policies",
        steps: &[Step {
            text: "In Local Security Policy > Local Policies > User Rights Assignment (or the group policy that sets them), remove `NT SERVICE\\UIFlowService`, and any group naming it, from *Deny log on locally* and *Deny log on through Remote Desktop Services*, then restart the Power Automate service.",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::Heal(Dim::UIFLOWSERVICE_DENIED)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.uiflowservice_denied, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.logon_rights.uiflowservice_denied = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.logon_rights.uiflowservice_denied = true;
        assert_silent(&RULE, &w);
    }
}
