//! FC078 `no-session-for-passwordless`: an attended run with connect with
//! sign-in finds no session of the account open on the machine.

use crate::evidence::Evidence;
use crate::model::{RunMode, Session};
use crate::payload::ErrorCode;
use crate::recognize::Seen;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::{Also, Match, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC078",
    name: "no-session-for-passwordless",
    summary: "An attended run with connect with sign-in finds no session of the account open on the machine",
    code: ErrorCode::NoSessionFoundForPasswordless,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::modelled(
        "the run-errors table gives NoSessionFoundForPasswordless (HTTP 400, attended) for an attended run without an open session; reading the table's 'passwordless' as connect with sign-in, the only connection that carries no password, is the model's inference",
    ),
    doc: "\
## What it detects
An attended run whose connection uses connect with sign-in, while the
account has no session open on the machine.

## Why it fails
Connect with sign-in carries no password, so Power Automate cannot sign the
account in; it can only run in a session the account already has open. The
run-errors table gives this code for an attended run without an open session
and names the way around it: an unattended run, which needs a Process
license. A connection with a password shows the same missing session as
`AttendedUserNotLoggedIn` (FC043); the model gives this code only to connect
with sign-in, reading the table's \"passwordless\" that way.

## Example
A flow triggered at night with a connect with sign-in connection, after the
user signed out of the machine.

",
    references: &[
        Reference {
            title: "Troubleshoot attended and unattended run errors (NoSessionFoundForPasswordless)",
            url: links::RUN_ERRORS,
        },
        Reference {
            title: "Desktop flow connections (connect with sign-in for attended runs)",
            url: links::CONNECTIONS,
        },
    ],
    remedies: &[Remedy {
        title: "Open the session",
        steps: &[Step {
            text: "Sign in on the machine with the connection's account and leave the session open and unlocked while the flow runs; a flow that must run with nobody signed in needs an unattended run (a Process license) and a connection with a password or certificate.",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::OpenSession),
            who: Who::User,
        }],
    }],
    also: &[Also {
        seen: Seen::Code(ErrorCode::AttendedUserNotLoggedIn),
        way: Way::OtherPath,
        source: Source::modelled(
            "which of the two attended codes a missing session shows under connect with sign-in is the model's reading of 'passwordless'; the other is weighed as the same fault",
        ),
    }],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Attended);
    m.is(&ev.sign_in, true);
    m.is(&ev.session, Session::None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Credential;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.connection.credential = Credential::SignIn;
        w.machine.session = Some(Session::None);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.session = Some(Session::None);
        assert_silent(&RULE, &w);
    }
}
