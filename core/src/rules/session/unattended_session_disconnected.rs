//! FC046 `unattended-session-disconnected`: an unattended run finds a disconnected session of the account.

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
    id: "FC046",
    name: "unattended-session-disconnected",
    summary: "An unattended run finds a disconnected session of the account",
    code: ErrorCode::UnattendedUserSessionDisconnected,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_QUEUE,
        "the run-queue page gives the code as a sub-error of NoCandidateMachine after the run waits in the queue",
    ),
    doc: "\
## What it detects
An unattended run while the connection's account has a disconnected session on
the machine.

## Why it fails
A disconnected session is still a session of the account, so the unattended
run cannot create its own.

## Example
`machine.session: disconnected`, unattended.

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
                    text: "Sign the disconnected session out (`query user`, then `logoff ID`); consider a policy that ends disconnected sessions.",
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
    m.is(&ev.session, Session::Disconnected);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.session = Some(Session::Disconnected);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.session = Some(Session::Disconnected);
        assert_silent(&RULE, &w);
    }
}
