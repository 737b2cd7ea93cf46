//! FC064 `username-form-refused-unattended`: an unattended run's username is
//! in a form the machine refuses.

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
    id: "FC064",
    name: "username-form-refused-unattended",
    summary: "An unattended run's username is in a form the machine refuses",
    code: ErrorCode::SessionCreationInvalidCredentials,
    sub_code: None,
    stage: Stage::UsernameForm,
    mapping: Source::documented(
        links::RUN_ERRORS,
        "the run-errors table gives SessionCreationInvalidCredentials for unattended runs with a wrongly formatted username: user@domain.com on Entra joined machines, domain\\user on domain-joined ones",
    ),
    doc: "\
## What it detects
An unattended run whose username is in a form the machine refuses: a UPN the
domain does not know on a domain-joined-only machine, `DOMAIN\\user` on an
Entra-joined-only machine (or with its NetBIOS name there), a domain other
than the machine's, or an `AzureAD\\` prefix.

## Why it fails
Windows cannot sign the name in, so Power Automate cannot create the
unattended session. Attended runs and connection tests show the same fault
as `WindowsIdentityIncorrect` with the Windows status (FC014-FC017, FC057).

## Example
An Entra-joined-only machine, the connection `CONTOSO\\alice`, unattended.

",
    references: &[
        Reference {
            title: "Troubleshoot attended and unattended run errors (SessionCreationInvalidCredentials)",
            url: links::RUN_ERRORS,
        },
        Reference {
            title: "Invalid credentials errors running desktop flows (username formats)",
            url: links::INVALID_CREDENTIALS,
        },
    ],
    remedies: &[
        Remedy {
            title: "On an Entra joined or hybrid joined machine, use the UPN",
            steps: &[
                steps::CHECK_DEVICE_STATE,
                Step {
                    text: "Where `AzureAdJoined : YES`, edit the connection and write the username as the account's UPN, `user@domain.com`.",
                    link: Some(links::RUN_ERRORS),
                    action: Some(Action::UseUpnUsername),
                    who: Who::User,
                },
            ],
        },
        Remedy {
            title: "On a domain-joined-only machine, use DOMAIN\\user",
            steps: &[
                steps::CHECK_DEVICE_STATE,
                Step {
                    text: "Where only `DomainJoined : YES`, edit the connection and write the username as `DOMAIN\\user`, with the `DomainName` that `dsregcmd /status` shows.",
                    link: Some(links::RUN_ERRORS),
                    action: Some(Action::UseDomainUsername),
                    who: Who::User,
                },
            ],
        },
        Remedy {
            title: "Hybrid join the machine",
            steps: &[Step {
                text: "For an account that exists only in Entra, complete Microsoft Entra hybrid join for the domain-joined machine so that it accepts Entra accounts by UPN.",
                link: Some(links::HYBRID_JOIN),
                action: Some(Action::JoinEntra),
                who: Who::Admin,
            }],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.username_form_refused, true);
    m.note(&ev.username_kind);
    m.note(&ev.azure_ad_joined);
    m.note(&ev.domain_joined);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.connection.username = "CONTOSO\\alice".into();
        w.machine.domain_controller_reachable = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // The same form on an attended run is FC015's.
        let mut w = healthy();
        w.connection.username = "CONTOSO\\alice".into();
        w.machine.domain_controller_reachable = false;
        assert_silent(&RULE, &w);
    }
}
