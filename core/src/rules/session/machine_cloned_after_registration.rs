//! FC079 `machine-cloned-after-registration`: an unattended run on a virtual
//! machine cloned from one where Power Automate was already registered.

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
    id: "FC079",
    name: "machine-cloned-after-registration",
    summary: "An unattended run on a virtual machine cloned after Power Automate was installed and registered",
    code: ErrorCode::SessionNotFound,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives SessionNotFound (HTTP 400, unattended) for a virtual machine cloned after Power Automate was installed and registered, fixed by deleting the machine in the portal and registering it again",
    ),
    doc: "\
## What it detects
An unattended run on a virtual machine that was copied from another after
Power Automate for desktop was installed and registered there.

## Why it fails
The copy carries the original's registration. The run-errors table gives
the code and the fix (register the machine again) without the mechanism;
our reading is that the portal takes both machines for one, so the session
Power Automate created is not where it looks. The same code also shows
when a machine restarts during a run, which ends the session mid-run and
is no sign-in fault; flowcred leaves that case out.

## Example
A pool of RPA machines built from one golden image that had Power Automate
registered before it was captured.

",
    references: &[Reference {
        title: "Troubleshoot attended and unattended run errors (SessionNotFound)",
        url: links::RUN_ERRORS,
    }],
    remedies: &[Remedy {
        title: "Register the machine again",
        steps: &[Step {
            text: "Delete the machine from the Power Automate portal (Monitor > Machines), then register it again from Power Automate machine runtime on the machine itself, and add it back to its group.",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::Heal(Dim::CLONED)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.cloned_after_registration, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.cloned_after_registration = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.cloned_after_registration = true;
        assert_silent(&RULE, &w);
    }
}
