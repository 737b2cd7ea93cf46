//! FC034 `logon-denied-unattended`: a Deny log on policy names the account of the unattended run.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::provenance::Source;
use crate::remedy::{links, Action, Remedy, Step};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;

pub(super) static RULE: Rule = Rule {
    id: "FC034",
    name: "logon-denied-unattended",
    summary: "A Deny log on policy names the account of the unattended run",
    code: ErrorCode::LogonTypeNotGranted,
    sub_code: None,
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::LOGON_TYPE,
        "the logon-type page ties the error to a Deny log on policy, and the run-errors table gives LogonTypeNotGranted for unattended runs",
    ),
    doc: "\
## What it detects
An unattended run whose account (or a group it belongs to) is named in one of
the Deny log on policies of User Rights Assignment.

## Why it fails
A deny right wins over every allow right: Windows validates the password, then
refuses the logon type.

## Example
`machine.logon_rights.denied: true`, unattended.

",
    references: &[
        Reference { title: "Logon type has not been granted", url: links::LOGON_TYPE },
        Reference {
            title: "Troubleshoot attended and unattended run errors (LogonTypeNotGranted)",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[
        Remedy {
            title: "Grant the logon rights",
            steps: &[
                Step {
                    text: "In Local Security Policy > Local Policies > User Rights Assignment, take the account and its groups out of *Deny access to this computer from the network*, *Deny log on locally* and *Deny log on through Remote Desktop Services*, and make sure the allow policies include them.",
                    link: Some(links::LOGON_TYPE),
                    action: Some(Action::RemoveLogonDenial),
                },
            ],
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.logon_denied, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.logon_rights.denied = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.logon_rights.denied = false;
        assert_silent(&RULE, &w);
    }
}
