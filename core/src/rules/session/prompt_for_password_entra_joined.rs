//! FC055 `prompt-for-password-entra-joined`: an Entra-joined-only machine
//! prompts for a password after connecting, for an account that is not an
//! Entra one.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC055",
    name: "prompt-for-password-entra-joined",
    summary: "An Entra-joined-only machine always prompts for a password after connecting, whatever its other Remote Desktop settings",
    code: ErrorCode::SessionCreationUserPromptedForCredentialsAfterConnection,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::SESSION_CREATION,
        "the session-creation page gives this code for fPromptForPassword alone on a machine with AzureAdJoined YES and DomainJoined NO",
    ),
    doc: "\
## What it detects
An unattended run of a local or domain account on an Entra-joined-only
machine (`AzureAdJoined : YES`, `DomainJoined : NO`) where
`fPromptForPassword = 1` (the policy *Always prompt for password upon
connection*).

## Why it fails
On an Entra-joined-only machine the policy alone makes Windows ask for the
password again once the Remote Desktop session is up, whatever the security
layer and NLA say; on other machines it takes all three settings (FC029).
Nobody answers the prompt in an unattended run. An Entra account on the same
machine gets `MSEntraMachineAlwaysPromptingForPassword` instead (FC028).

## Example
`AzureAdJoined : YES`, `DomainJoined : NO`, the local account `RPA-01\\rpa`
and `fPromptForPassword = 1` under the Terminal Services policy key.

",
    references: &[Reference {
        title: "Troubleshoot session creation errors (Entra joined machines)",
        url: links::SESSION_CREATION,
    }],
    remedies: &[
        Remedy {
            title: "Have IT turn the policy off, where a policy sets it",
            steps: &[
                Step {
                    text: "If `fPromptForPassword` is 1 under `HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services`, a group policy sets it: ask IT to set *Always prompt for password upon connection* to Disabled there; a registry edit alone is put back at the next policy refresh.",
                    link: Some(links::SESSION_CREATION),
                    action: Some(Action::DisablePromptForPassword),
                    who: Who::Admin,
                },
                Step {
                    text: "Restart the machine so the changed setting takes effect.",
                    link: Some(links::SESSION_CREATION),
                    action: None,
                    who: Who::Admin,
                },
            ],
        },
        Remedy {
            title: "Set the listener's value, where no policy sets it",
            steps: &[
                Step {
                    text: "If the policy key has no `fPromptForPassword`, set `fPromptForPassword` to 0 under `HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp`.",
                    link: Some(links::SESSION_CREATION),
                    action: Some(Action::DisablePromptForPassword),
                    who: Who::Admin,
                },
                Step {
                    text: "Restart the machine so the changed setting takes effect.",
                    link: Some(links::SESSION_CREATION),
                    action: None,
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
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.domain_joined, false);
    m.test(&ev.username_kind, |kind| *kind != UsernameKind::Upn);
    m.is(&ev.prompt_for_password, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LocalAccount, SecurityLayer};
    use crate::secret::Secret;
    use crate::testing::*;

    fn local_account_unattended() -> crate::World {
        let mut w = unattended();
        w.machine.local_accounts =
            vec![LocalAccount { name: "rpa".into(), password: Secret::new(PASSWORD) }].into();
        w.connection.username = format!("{}\\rpa", w.machine.name).into();
        w
    }

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = local_account_unattended();
        w.machine.rdp.prompt_for_password = true;
        // NLA on and a negotiated layer do not help here.
        w.machine.rdp.nla = true;
        w.machine.rdp.security_layer = SecurityLayer::Negotiate;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = local_account_unattended();
        w.machine.rdp.prompt_for_password = true;
        w.machine.device_state.domain_joined = true;
        w.machine.device_state.domain_name = Some("CONTOSO".into());
        assert_silent(&RULE, &w);
    }
}
