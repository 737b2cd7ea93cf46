//! FC067 `winlogon-session-failure`: Windows' logon process fails to create
//! the unattended session until the machine restarts.

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
    id: "FC067",
    name: "winlogon-session-failure",
    summary: "Windows cannot create the unattended session until the machine restarts",
    code: ErrorCode::SessionCreationWinLogonFailure,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives SessionCreationWinLogonFailure when Windows cannot create the session, with a restart as the fix",
    ),
    doc: "\
## What it detects
An unattended run on a machine whose Windows logon process no longer creates
sessions: the state the run-errors table answers with a restart.

## Why it fails
Power Automate asks Windows for a new session and Windows' logon process
(Winlogon) does not deliver one. The credentials, the rights and the Remote
Desktop settings can all be right; nothing but a restart clears the state.
Microsoft's page names no deeper cause, and neither does the model.

## Example
A machine up for weeks whose unattended runs all stop with
`SessionCreationWinLogonFailure`, while an administrator can still reach it
with another account.

",
    references: &[Reference {
        title: "Troubleshoot attended and unattended run errors (SessionCreationWinLogonFailure)",
        url: links::RUN_ERRORS,
    }],
    remedies: &[Remedy {
        title: "Restart the machine",
        steps: &[Step {
            text: "Restart the machine, then run the flow again; if the error returns after each restart, look in the System and Application event logs for what fails at logon.",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::Heal(Dim::WINLOGON)),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.winlogon_failing, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.winlogon_failing = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // An attended run uses the session already open.
        let mut w = healthy();
        w.machine.winlogon_failing = true;
        assert_silent(&RULE, &w);
    }
}
