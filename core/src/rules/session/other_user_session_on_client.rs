//! FC063 `other-user-session-on-client`: another user has a session on a
//! Windows 10 or 11 machine, which then runs no unattended flow.

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
    id: "FC063",
    name: "other-user-session-on-client",
    summary: "Another user has a session on the Windows 10 or 11 machine of an unattended run",
    code: ErrorCode::Win10AlreadyHasActiveSession,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::UNATTENDED,
        "the unattended-runs page says Windows 10 and 11 machines run no unattended flow while any user has a session, and the run-errors table lists Win10AlreadyHasActiveSession",
    ),
    doc: "\
## What it detects
An unattended run on a Windows 10 or Windows 11 machine where another user
has a session: active, locked or disconnected.

## Why it fails
A client release of Windows holds one session at a time, so Power Automate
cannot open the run's own session beside someone else's. Windows Server
allows several sessions.

## Example
A colleague signed in to the robot machine yesterday and only locked it.

",
    references: &[
        Reference {
            title: "Run unattended desktop flows (sessions on Windows 10 and 11)",
            url: links::UNATTENDED,
        },
        Reference {
            title: "Troubleshoot attended and unattended run errors (Win10AlreadyHasActiveSession)",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[Remedy {
        title: "Sign the other user out",
        steps: &[Step {
            text: "Sign every other user out of the machine (`query user`, then `logoff ID`), and keep the machine free of interactive sessions, or run unattended flows on Windows Server.",
            link: Some(links::UNATTENDED),
            action: Some(Action::Heal(Dim::OTHER_SESSION)),
            who: Who::User,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.test(&ev.os, |os| os.is_client());
    m.is(&ev.other_user_session, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Os;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.other_user_session = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.other_user_session = true;
        w.machine.os = Os::WindowsServer2022;
        assert_silent(&RULE, &w);
    }
}
