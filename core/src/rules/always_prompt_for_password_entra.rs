//! FC028 `always-prompt-for-password-entra`: the machine always prompts for a password after an Entra account connects.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::provenance::Source;
use crate::remedy::{links, Action, Remedy, Step};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;

pub(super) static RULE: Rule = Rule {
    id: "FC028",
    name: "always-prompt-for-password-entra",
    summary: "The machine always prompts for a password after an Entra account connects",
    code: ErrorCode::MsEntraMachineAlwaysPromptingForPassword,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::ALWAYS_PROMPT,
        "the always-prompt page ties the error to the Always prompt for password policy",
    ),
    doc: "\
## What it detects
An unattended run for an Entra account on an Entra-joined-only machine where
`fPromptForPassword = 1` (the policy *Always prompt for password upon
connection*), without Entra authentication for Remote Desktop.

## Why it fails
With the policy set, Windows asks for the password again once the Remote
Desktop link is up. Nobody answers the prompt in an unattended run, so the
session is never created.

## Example
`fPromptForPassword = 1` under the Terminal Services policy key,
`AzureAdJoined : YES`, `DomainJoined : NO`.

",
    references: &[
        Reference { title: "MSEntraMachineAlwaysPromptingForPassword", url: links::ALWAYS_PROMPT },
    ],
    remedies: &[
        Remedy {
            title: "Stop prompting after connection",
            steps: &[
                Step {
                    text: "Set *Always prompt for password upon connection* to Disabled (`fPromptForPassword = 0`, in the policy key first, then under `WinStations\\RDP-Tcp`).",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::DisablePromptForPassword),
                },
            ],
        },
        Remedy {
            title: "Use Entra authentication for Remote Desktop",
            steps: &[
                Step {
                    text: "Install Power Automate for desktop 2.49 or later on the machine, the version that reads `UseRdsAadAuthentication`.",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::UpgradePad),
                },
                Step {
                    text: "Set the DWORD `UseRdsAadAuthentication` to 1 under `HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Power Automate Desktop\\Service` and restart the Power Automate service.",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::EnableEntraRdpAuth),
                },
                Step {
                    text: "Have a tenant administrator enable Entra authentication for Remote Desktop on the Microsoft Remote Desktop app (`a4a365df-50f1-4397-bc59-1a1564b8bb9c`) and hide its consent prompt for the machine's device group.",
                    link: Some(links::UNATTENDED),
                    action: Some(Action::GrantRdpConsent),
                },
            ],
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.entra_rdp_path, true);
    m.is(&ev.rds_aad_auth, false);
    m.is(&ev.prompt_for_password, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use crate::version::PadVersion;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.rdp.prompt_for_password = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.rdp.prompt_for_password = true;
        w.machine.rdp.entra_rdp_auth = true;
        w.machine.pad_version = PadVersion::new(2, 49);
        w.tenant.rdp_sso_consent = true;
        assert_silent(&RULE, &w);
    }
}
