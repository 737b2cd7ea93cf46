//! FC047 `unattended-session-locked`: an unattended run finds a locked session of the account.

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
    id: "FC047",
    name: "unattended-session-locked",
    summary: "An unattended run finds a locked session of the account",
    code: ErrorCode::UnattendedUserSessionLocked,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_QUEUE,
        "the run-queue page gives the code as a sub-error of NoCandidateMachine; it also lists a locked session under SessionExistsForTheUserWhenUnattended",
    ),
    doc: "\
## What it detects
An unattended run while the connection's account has a locked session on the
machine.

## Why it fails
A locked session is still a session of the account, so the unattended run
cannot create its own. Once the run has waited in the queue, Power Automate
shows the code as a sub-error of `NoCandidateMachine`. The run-queue page
also lists a locked session under `SessionExistsForTheUserWhenUnattended`
(FC045): which of the two a given build shows is not documented, and
flowcred shows this one.

## Example
`machine.session: locked`, unattended.

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
            title: "Sign the session out",
            steps: &[
                Step {
                    text: "Sign the locked session out (`query user`, then `logoff ID`) before unattended runs.",
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
    m.is(&ev.session, Session::Locked);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.session = Some(Session::Locked);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.session = Some(Session::Locked);
        assert_silent(&RULE, &w);
    }
}
