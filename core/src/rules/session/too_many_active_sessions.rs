//! FC068 `too-many-active-sessions`: the server's sessions already fill what
//! Remote Desktop allows, and an unattended run needs one more.

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
    id: "FC068",
    name: "too-many-active-sessions",
    summary: "The Windows Server's sessions already fill what Remote Desktop allows",
    code: ErrorCode::TooManyActiveSessions,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives TooManyActiveSessions for Windows Server only, fixed by signing out a session",
    ),
    doc: "\
## What it detects
An unattended run on Windows Server where the sessions already open, active
or disconnected, take every place Remote Desktop allows: two administrative
sessions on a server without Remote Desktop Services licensing, or the limit
a policy sets.

## Why it fails
An unattended run opens a session of its own. A server admits several users
at once (unlike Windows 10 and 11, where any other session stops the run,
FC063), but only up to its limit, and a full server has no place for one
more.

## Example
Windows Server 2022 with two administrators' disconnected sessions left open
over the weekend.

",
    references: &[Reference {
        title: "Troubleshoot attended and unattended run errors (TooManyActiveSessions)",
        url: links::RUN_ERRORS,
    }],
    remedies: &[Remedy {
        title: "Free a session",
        steps: &[Step {
            text: "Sign out at least one session on the server (`query user`, then `logoff ID`), disconnected ones included; to keep it from recurring, set a time limit for disconnected sessions by policy.",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::Heal(Dim::SESSION_LIMIT)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.test(&ev.os, |os| !os.is_client());
    m.is(&ev.session_limit_reached, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Os;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.os = Os::WindowsServer2022;
        w.machine.session_limit_reached = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // Windows 11 has no such limit to reach: another session is FC063.
        let mut w = unattended();
        w.machine.session_limit_reached = true;
        assert_silent(&RULE, &w);
    }
}
