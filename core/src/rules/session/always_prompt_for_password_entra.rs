//! FC028 `always-prompt-for-password-entra`: the machine always prompts for a password after an Entra account connects.

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
connection*), and Power Automate does not sign in through Entra
authentication for Remote Desktop in a way that gets past it: with a
password, 2.49 or later with `UseRdsAadAuthentication`; with a certificate,
2.50 or later.

## Why it fails
With the policy set, Windows asks for the password again once the Remote
Desktop link is up. Nobody answers the prompt in an unattended run, so the
session is never created. Entra authentication for Remote Desktop hands the
session a token instead, which the prompt does not ask for.

## Example
`fPromptForPassword = 1` under the Terminal Services policy key,
`AzureAdJoined : YES`, `DomainJoined : NO`.

",
    references: &[
        Reference { title: "MSEntraMachineAlwaysPromptingForPassword", url: links::ALWAYS_PROMPT },
    ],
    remedies: &[
        Remedy {
            title: "Sign in with a certificate through Entra authentication for Remote Desktop (where no MFA exception can be granted)",
            steps: &[
                steps::CONFIGURE_CBA,
                Step {
                    text: "Install Power Automate for desktop 2.50 or later on the machine: the first version whose certificate sign-in gets past the prompt.",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::UpgradePad),
                    who: Who::Admin,
                },
                steps::USE_CERTIFICATE,
                steps::GRANT_RDP_CONSENT,
            ],
        },
        Remedy {
            title: "Sign in with the password through Entra authentication for Remote Desktop (needs an MFA exception)",
            steps: &[
                Step {
                    text: "Install Power Automate for desktop 2.49 or later on the machine, the version that reads `UseRdsAadAuthentication`.",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::UpgradePad),
                    who: Who::Admin,
                },
                Step {
                    text: "Set the DWORD `UseRdsAadAuthentication` to 1 under `HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Power Automate Desktop\\Service` and restart the Power Automate service.",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::EnableEntraRdpAuth),
                    who: Who::Admin,
                },
                steps::GRANT_RDP_CONSENT,
                Step {
                    text: "Have a tenant administrator exempt the account from MFA: a password sign-in for a token cannot answer an MFA challenge.",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::ExemptFromMfa),
                    who: Who::Admin,
                },
            ],
        },
        Remedy {
            title: "Have IT turn the policy off",
            steps: &[
                Step {
                    text: "Ask IT to set *Always prompt for password upon connection* to Disabled in the group policy that sets it (`fPromptForPassword = 0`); a registry edit alone is put back at the next policy refresh.",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::DisablePromptForPassword),
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
    m.is(&ev.entra_rdp_path, true);
    m.is(&ev.prompt_for_password, true);
    m.is(&ev.prompt_answered, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Credential;
    use crate::testing::*;
    use crate::version::PadVersion;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.rdp.prompt_for_password = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn a_certificate_gets_past_the_prompt_only_from_2_50() {
        let mut w = unattended();
        w.machine.rdp.prompt_for_password = true;
        w.tenant.certificate_auth = true;
        w.tenant.rdp_sso_consent = true;
        w.connection.credential = Credential::Certificate { name: "c".into() };
        w.machine.pad_version = PadVersion::new(2, 49);
        assert_only_cause(&RULE, &w);
        w.machine.pad_version = PadVersion::new(2, 50);
        assert_silent(&RULE, &w);
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
