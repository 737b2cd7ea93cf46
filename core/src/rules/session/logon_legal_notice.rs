//! FC031 `logon-legal-notice`: a legal notice before logon blocks the unattended session.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC031",
    name: "logon-legal-notice",
    summary: "A legal notice before logon blocks the unattended session",
    code: ErrorCode::SessionCreationError,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::SESSION_CREATION,
        "the session-creation page names a logon notice as a cause of SessionCreationError",
    ),
    doc: "\
## What it detects
An unattended run on a machine where `legalnoticecaption` or `legalnoticetext`
is set.

## Why it fails
The notice waits for someone to accept it before Windows signs the user in; an
unattended run cannot, and session creation fails.

## Example
`machine.legal_notice: true`, unattended.

",
    references: &[
        Reference {
            title: "Resolve session creation errors for unattended runs",
            url: links::RUN_ERRORS,
        },
    ],
    remedies: &[
        Remedy {
            title: "Clear the notice",
            steps: &[
                Step {
                    text: "Clear `legalnoticecaption` and `legalnoticetext` under `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System` (or the policy that sets them) for machines that run unattended flows.",
                    link: Some(links::RUN_ERRORS),
                    action: Some(Action::RemoveLegalNotice),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.legal_notice, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.legal_notice = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.legal_notice = true;
        assert_silent(&RULE, &w);
    }
}
