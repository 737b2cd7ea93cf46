//! FC075 `group-password-clock-ahead`: the machine group's password was
//! created on a machine whose clock runs ahead of this one's.

use crate::evidence::Evidence;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC075",
    name: "group-password-clock-ahead",
    summary: "The machine group's password was created on a machine whose clock runs ahead of this one's",
    code: ErrorCode::AuthTokenNotYetValid,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives AuthTokenNotYetValid (HTTP 401, attended and unattended) when the group password was created on a machine whose clock shows a later time than the machine that reports the error",
    ),
    doc: "\
## What it detects
A machine of a machine group whose password was created on another machine
with a clock set in the future, as this machine reckons time.

## Why it fails
What the group password issues carries the time it was made; a machine
whose clock is behind that time takes it as not valid yet and turns the run
away before any sign-in. It clears by itself once the clocks pass that time,
which is why the page says to retry after a few minutes; as we read it, it
comes back with every new password until the clocks agree.

## Example
A virtual machine resumed from a snapshot kept its old time and runs ten
minutes behind the machine where the group was created.

",
    references: &[Reference {
        title: "Troubleshoot attended and unattended run errors (AuthTokenNotYetValid)",
        url: links::RUN_ERRORS,
    }],
    remedies: &[Remedy {
        title: "Bring the clocks into step",
        steps: &[
            Step {
                text: "Set every machine of the group to synchronize its clock with the same time source (for example `w32tm /resync` against the domain or an internet time server), the machine that created the group password included.",
                link: Some(links::RUN_ERRORS),
                action: Some(Action::Heal(Dim::GROUP_CLOCK)),
                who: Who::Admin,
            },
            Step {
                text: "Wait a few minutes and run the flow again.",
                link: Some(links::RUN_ERRORS),
                action: None,
                who: Who::User,
            },
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.group_password_clock_ahead, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause_in_either_mode() {
        let mut w = healthy();
        w.machine.group_password_clock_ahead = true;
        assert_only_cause(&RULE, &w);
        let mut w = unattended();
        w.machine.group_password_clock_ahead = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.launcher_service_running = false;
        assert_silent(&RULE, &w);
    }
}
