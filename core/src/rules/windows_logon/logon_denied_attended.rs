//! FC035 `logon-denied-attended`: the account of the attended run is denied
//! its logon right, or not granted it.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC035",
    name: "logon-denied-attended",
    summary: "The account of the attended run is denied its logon right, or not granted it",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::LogonTypeNotGranted),
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::LOGON_TYPE,
        "the logon-type page shows a connection denied a logon right, or not granted it, failing with status -1073741477",
    ),
    doc: "\
## What it detects
An attended run (or a connection test) whose account, or a group it belongs
to, is named in one of the Deny log on policies, or is left out of the allow
right the logon needs (*Allow log on locally*, *Access this computer from
the network*).

## Why it fails
Windows validates the password, then refuses the logon type: a deny right
wins over every allow right, and without an allow right there is nothing to
win. From 2.24 the product shows the status -1073741477 with Windows' own
text.

## Example
`machine.logon_rights.denied: true`, attended; or `granted: false`.

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
                    action: Some(Action::GrantLogonRights),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Attended);
    m.test2(&ev.logon_denied, &ev.logon_granted, |denied, granted| *denied || !*granted);
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
