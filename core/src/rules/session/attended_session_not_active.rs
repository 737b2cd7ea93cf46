//! FC044 `attended-session-not-active`: an attended run finds the account's session locked or disconnected.

use crate::evidence::Evidence;
use crate::model::{RunMode, Session};
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC044",
    name: "attended-session-not-active",
    summary: "An attended run finds the account's session locked or disconnected",
    code: ErrorCode::AttendedUserSessionNotActive,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_QUEUE,
        "the run-queue page gives the code as a sub-error of NoCandidateMachine after the run waits in the queue",
    ),
    doc: "\
## What it detects
An attended run when the connection's account is signed in but its session is
locked or disconnected.

## Why it fails
An attended run drives the user's own desktop, which must be unlocked and
connected.

## Example
`machine.session: locked`, attended.

",
    references: &[
        Reference {
            title: "Troubleshoot attended and unattended run errors",
            url: links::RUN_ERRORS,
        },
        Reference { title: "Run unattended desktop flows", url: links::UNATTENDED },
    ],
    remedies: &[
        Remedy {
            title: "Unlock the session",
            steps: &[
                Step {
                    text: "Unlock the session (or reconnect to it) and keep it unlocked while the flow runs; consider running unattended instead.",
                    link: Some(links::RUN_ERRORS),
                    action: Some(Action::OpenSession),
                    who: Who::User,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Attended);
    m.test(&ev.session, |s| matches!(s, Session::Locked | Session::Disconnected));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.session = Some(Session::Locked);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.session = Some(Session::Active);
        assert_silent(&RULE, &w);
    }
}
