//! FC076 `old-connection-unattended`: an unattended run uses a connection of
//! an older kind that unattended runs no longer take.

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
    id: "FC076",
    name: "old-connection-unattended",
    summary: "An unattended run uses a connection of an older kind that unattended runs no longer take",
    code: ErrorCode::UnattendedUnsupportedWithOldConnection,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives UnattendedUnsupportedWithOldConnection (HTTP 403, unattended) and its fix, a new connection created on the portal",
    ),
    doc: "\
## What it detects
An unattended run whose desktop-flow connection is of an older kind than
the ones the portal creates today.

## Why it fails
Power Automate refuses to run unattended with such a connection; nothing on
the machine is involved, and the same connection may still serve attended
runs. The table names no property that makes a connection old, only the way
out: create a new one. A connection that reaches the machine through the
on-premises data gateway, a way the same table calls deprecated, is one kind
to suspect (our reading, not the page's).

## Example
A flow built years ago still uses its first connection when it is switched
to unattended.

",
    references: &[
        Reference {
            title: "Troubleshoot attended and unattended run errors (UnattendedUnsupportedWithOldConnection)",
            url: links::RUN_ERRORS,
        },
        Reference { title: "Desktop flow connections", url: links::CONNECTIONS },
    ],
    remedies: &[Remedy {
        title: "Create the connection again",
        steps: &[Step {
            text: "In the Power Automate portal, create a new desktop-flow connection to the machine (or machine group) with the same account, and point the flow at it.",
            link: Some(links::RUN_ERRORS),
            action: Some(Action::Heal(Dim::LEGACY_CONNECTION)),
            who: Who::User,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.legacy_connection, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.connection.legacy = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.connection.legacy = true;
        assert_silent(&RULE, &w);
    }
}
