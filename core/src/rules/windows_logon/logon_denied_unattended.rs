//! FC034 `logon-denied-unattended`: the account of the unattended run is denied
//! its logon right, or not granted it.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::recognize::Client;
use crate::recognize::Seen;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC034",
    name: "logon-denied-unattended",
    summary: "The account of the unattended run is denied its logon right, or not granted it",
    code: ErrorCode::LogonTypeNotGranted,
    sub_code: None,
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::LOGON_TYPE,
        "the logon-type page ties the error to a Deny log on policy or a missing allow right, and the run-errors table gives LogonTypeNotGranted for unattended runs",
    ),
    doc: "\
## What it detects
An unattended run whose account (or a group it belongs to) is named in one of
the Deny log on policies of User Rights Assignment, or is left out of *Allow
log on through Remote Desktop Services*.

## Why it fails
Windows validates the password, then refuses the logon type: a deny right
wins over every allow right, and without an allow right there is nothing to
win.

## Example
`machine.logon_rights.denied: true`, unattended; or `granted: false`.

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
                    action: Some(Action::GrantLogonRights),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[
        Also {
            seen: Seen::Client(Client::NotAuthorizedForRemoteLogin),
            way: Way::Client,
            source: Source::documented(
                links::LOGON_TYPE,
                "the logon-type page ties a remote logon to the Allow log on through Remote Desktop Services right, which Windows names when it refuses one",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.test2(&ev.logon_denied, &ev.logon_granted, |denied, granted| *denied || !*granted);
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
    fn a_missing_allow_right_fails_the_same_way() {
        let mut w = unattended();
        w.machine.logon_rights.granted = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.logon_rights.denied = false;
        assert_silent(&RULE, &w);
    }
}
