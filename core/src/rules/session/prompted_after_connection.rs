//! FC029 `prompted-after-connection`: the machine prompts for credentials after connecting: fPromptForPassword with RDP security and no NLA.

use crate::evidence::Evidence;
use crate::model::{RunMode, SecurityLayer};
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC029",
    name: "prompted-after-connection",
    summary: "The machine prompts for credentials after connecting: fPromptForPassword with RDP security and no NLA",
    code: ErrorCode::SessionCreationUserPromptedForCredentialsAfterConnection,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::SESSION_CREATION,
        "the session-creation page ties the error to a prompt after the Remote Desktop connection, and gives the settings that cause it",
    ),
    doc: "\
## What it detects
An unattended run on a machine that is not joined to Entra alone (hybrid,
domain-joined or workgroup) where `fPromptForPassword = 1`,
`SecurityLayer = 0` and `UserAuthentication = 0` all hold.

## Why it fails
On these machines the prompt appears only when all three settings combine:
classic RDP security and no NLA leave the credential check to the logon
screen, and the policy makes that screen ask again. Changing any one of the
three removes the prompt. On an Entra-joined-only machine the policy alone is
enough (FC055, or FC028 for an Entra account).

## Example
A hybrid joined machine, `CONTOSO\\alice`, `fPromptForPassword = 1`,
`SecurityLayer = 0`, `UserAuthentication = 0`.

",
    references: &[
        Reference {
            title: "Troubleshoot session creation errors (the three settings)",
            url: links::SESSION_CREATION,
        },
        Reference {
            title: "Resolve session creation errors for unattended runs",
            url: links::RUN_ERRORS,
        },
        Reference { title: "MSEntraMachineAlwaysPromptingForPassword", url: links::ALWAYS_PROMPT },
    ],
    remedies: &[
        Remedy {
            title: "Stop prompting after connection",
            steps: &[
                Step {
                    text: "Set *Always prompt for password upon connection* to Disabled (`fPromptForPassword = 0`), in the policy key `HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services` first, then under `WinStations\\RDP-Tcp`.",
                    link: Some(links::SESSION_CREATION),
                    action: Some(Action::DisablePromptForPassword),
                    who: Who::Admin,
                },
                RESTART,
            ],
        },
        Remedy {
            title: "Negotiate the security layer",
            steps: &[
                Step {
                    text: "Set `SecurityLayer` to 1 (negotiate) or 2 (TLS) under `WinStations\\RDP-Tcp`.",
                    link: Some(links::SESSION_CREATION),
                    action: Some(Action::Heal(Dim::SECURITY_LAYER)),
                    who: Who::Admin,
                },
                RESTART,
            ],
        },
        Remedy {
            title: "Require Network Level Authentication",
            steps: &[
                Step {
                    text: "Set `UserAuthentication` to 1 under `WinStations\\RDP-Tcp`, so the credentials are checked before the session starts.",
                    link: Some(links::SESSION_CREATION),
                    action: Some(Action::Heal(Dim::NLA)),
                    who: Who::Admin,
                },
                RESTART,
            ],
        },
    ],
    also: &[],
    detect,
};

/// The session-creation page ends its fixes with a restart.
const RESTART: Step = Step {
    text: "Restart the machine so the changed settings take effect.",
    link: Some(links::SESSION_CREATION),
    action: None,
    who: Who::Admin,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.test2(&ev.azure_ad_joined, &ev.domain_joined, |aad, domain| !aad || *domain);
    m.is(&ev.prompt_for_password, true);
    m.is(&ev.security_layer, SecurityLayer::Rdp);
    m.is(&ev.rdp_nla, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = hybrid_domain_user();
        w.connection.mode = RunMode::Unattended;
        w.machine.rdp.nla = false;
        w.machine.rdp.prompt_for_password = true;
        w.machine.rdp.security_layer = SecurityLayer::Rdp;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = hybrid_domain_user();
        w.connection.mode = RunMode::Unattended;
        w.machine.rdp.nla = false;
        w.machine.rdp.prompt_for_password = true;
        assert_silent(&RULE, &w);
    }
}
