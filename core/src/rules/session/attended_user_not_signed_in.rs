//! FC043 `attended-user-not-signed-in`: an attended run finds the connection's account not signed in on the machine.

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
    id: "FC043",
    name: "attended-user-not-signed-in",
    summary: "An attended run finds the connection's account not signed in on the machine",
    code: ErrorCode::AttendedUserNotLoggedIn,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_QUEUE,
        "the run-queue page gives the code as a sub-error of NoCandidateMachine after the run waits in the queue",
    ),
    doc: "\
## What it detects
An attended run with a password or certificate connection when the
connection's account has no session on the machine (connect with sign-in
shows the same as FC078).

## Why it fails
An attended run uses the session of the connection's user; it does not create
one.

## Example
`machine.session: none`, attended.

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
            title: "Open the session",
            steps: &[
                Step {
                    text: "Sign in on the machine with the connection's account and leave the session unlocked while the flow runs.",
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
    // Connect with sign-in shows a missing session as FC078.
    m.is(&ev.sign_in, false);
    m.is(&ev.session, Session::None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.session = Some(Session::None);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.session = Some(Session::None);
        assert_silent(&RULE, &w);
    }
}
