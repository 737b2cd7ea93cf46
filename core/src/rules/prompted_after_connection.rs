//! FC029 `prompted-after-connection`: the machine prompts for credentials after connecting: fPromptForPassword with RDP security and no NLA.

use crate::evidence::Evidence;
use crate::model::{RunMode, SecurityLayer};
use crate::payload::ErrorCode;
use crate::provenance::Source;
use crate::remedy::{links, Action, Remedy, Step};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;

pub(super) static RULE: Rule = Rule {
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
An unattended run (other than an Entra account on an Entra-joined-only
machine) where `fPromptForPassword = 1`, `SecurityLayer = 0` and
`UserAuthentication = 0` all hold.

## Why it fails
On these machines the prompt appears only when all three settings combine:
classic RDP security and no NLA leave the credential check to the logon
screen, and the policy makes that screen ask again. Changing any one of the
three removes the prompt.

## Example
A hybrid joined machine, `CONTOSO\\alice`, `fPromptForPassword = 1`,
`SecurityLayer = 0`, `UserAuthentication = 0`.

",
    references: &[
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
                    text: "Set *Always prompt for password upon connection* to Disabled (`fPromptForPassword = 0`).",
                    link: Some(links::ALWAYS_PROMPT),
                    action: Some(Action::DisablePromptForPassword),
                },
            ],
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.entra_rdp_path, false);
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
