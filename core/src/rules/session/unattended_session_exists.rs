//! FC045 `unattended-session-exists`: an unattended run finds the account already signed in.

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
    id: "FC045",
    name: "unattended-session-exists",
    summary: "An unattended run finds the account already signed in",
    code: ErrorCode::SessionExistsForTheUserWhenUnattended,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_QUEUE,
        "the run-queue page gives the code as a sub-error of NoCandidateMachine; it names a locked session among its causes as well",
    ),
    doc: "\
## What it detects
An unattended run while the connection's account has an active session on the
machine.

## Why it fails
An unattended run creates its own session, and Windows allows the account no
second one (on Windows 10 and 11, no session at all may exist). The run waits
in the queue for the session to end, and once it gives up Power Automate
shows this code as a sub-error of `NoCandidateMachine`. The run-queue page
names a locked session among this code's causes too; flowcred shows a locked
session as `UnattendedUserSessionLocked` (FC047), the code the run-errors
table gives it.

## Example
`machine.session: active`, unattended.

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
            title: "Sign the account out",
            steps: &[
                Step {
                    text: "Sign the account out of the machine before the run (`logoff` or `query user` and `logoff ID`), or run attended.",
                    link: Some(links::RUN_ERRORS),
                    action: Some(Action::SignOutSession),
                    who: Who::User,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.session, Session::Active);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.session = Some(Session::Active);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.session = Some(Session::Active);
        assert_silent(&RULE, &w);
    }
}
