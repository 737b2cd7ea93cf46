//! FC056 `domain-controller-unreachable-unattended`: an unattended session
//! for a DOMAIN\user account cannot open without a domain controller.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC056",
    name: "domain-controller-unreachable-unattended",
    summary: "No domain controller answers, so an unattended session for a DOMAIN\\user account cannot open",
    code: ErrorCode::SessionCreationError,
    sub_code: None,
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::SESSION_CREATION,
        "the session-creation page lists domain controller connectivity for a DOMAIN\\user connection among the causes of SessionCreationError",
    ),
    doc: "\
## What it detects
An unattended run of a `DOMAIN\\user` connection on a domain-joined or hybrid
machine that cannot reach a domain controller (a cloud-hosted machine
without VPN, a broken site link).

## Why it fails
The Remote Desktop session Power Automate opens for the run logs the account
on, and a domain logon needs a domain controller. Without one the session
never opens, and the run reports `SessionCreationError` rather than the
Windows status an attended run shows (FC041).

## Example
A hybrid joined Azure VM with no line of sight to `CONTOSO`'s domain
controllers, `CONTOSO\\alice`, run unattended.

",
    references: &[Reference {
        title: "Troubleshoot session creation errors (domain controller connectivity)",
        url: links::SESSION_CREATION,
    }],
    remedies: &[
        Remedy {
            title: "Sign in through Entra instead",
            steps: &[Step {
                text: "On a machine that shows `AzureAdJoined : YES`, write the username as the account's UPN (`user@domain.com`) so the logon does not wait for a domain controller.",
                link: Some(links::SESSION_CREATION),
                action: Some(Action::UseUpnUsername),
                who: Who::User,
            }],
        },
        Remedy {
            title: "Restore line of sight to a domain controller",
            steps: &[steps::RESTORE_DC_LINE_OF_SIGHT],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.domain_logon, true);
    m.is(&ev.domain_joined, true);
    m.is(&ev.dc_reachable, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = hybrid_domain_user();
        w.connection.mode = RunMode::Unattended;
        w.machine.domain_controller_reachable = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = hybrid_domain_user();
        w.machine.domain_controller_reachable = false;
        assert_silent(&RULE, &w);
    }
}
