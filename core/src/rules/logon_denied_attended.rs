//! FC035 `logon-denied-attended`: a Deny log on policy names the account of the attended run.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::{ErrorCode, SubCode};
use crate::provenance::Source;
use crate::remedy::{links, Action, Remedy, Step};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;

pub(super) static RULE: Rule = Rule {
    id: "FC035",
    name: "logon-denied-attended",
    summary: "A Deny log on policy names the account of the attended run",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::LogonTypeNotGranted),
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::LOGON_TYPE,
        "the logon-type page shows a connection denied by a logon right failing with status -1073741477",
    ),
    doc: "\
## What it detects
An attended run (or a connection test) whose account, or a group it belongs
to, is named in one of the Deny log on policies.

## Why it fails
Windows validates the password, then refuses the logon type; from 2.24 the
product shows sub-code -1073741477.

## Example
`machine.logon_rights.denied: true`, attended.

",
    references: &[
        Reference { title: "Logon type has not been granted", url: links::LOGON_TYPE },
        Reference {
            title: "Invalid credentials errors running desktop flows (sub-codes)",
            url: links::INVALID_CREDENTIALS,
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
    m.is(&ev.run_mode, RunMode::Attended);
    m.is(&ev.logon_denied, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.logon_rights.denied = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.logon_rights.denied = true;
        assert_silent(&RULE, &w);
    }
}
