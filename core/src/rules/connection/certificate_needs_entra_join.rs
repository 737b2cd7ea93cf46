//! FC004 `certificate-needs-entra-join`: a certificate credential on a machine
//! that is not Microsoft Entra joined.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{steps, Remedy};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC004",
    name: "certificate-needs-entra-join",
    summary: "The connection uses a certificate on a machine that is not Microsoft Entra joined",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::modelled(
        "the certificate page requires an Entra joined machine but names no code for another join; the model reports the connection's generic credential error",
    ),
    doc: "\
## What it detects
A certificate credential for a machine whose `dsregcmd /status` shows
`AzureAdJoined : NO`.

## Why it fails
Windows signs a user in with an Entra certificate only on a device that is
joined to Microsoft Entra ID; a domain-joined-only or unjoined machine has no
way to check it.

## Example
`AzureAdJoined : NO`, `DomainJoined : YES`, `connection.credential:
{certificate: rpa-cert}`.

",
    references: &[
        Reference {
            title: "Certificate-based authentication for desktop flows (limitations)",
            url: links::CBA,
        },
        Reference { title: "Microsoft Entra joined devices", url: links::ENTRA_JOIN },
    ],
    remedies: &[Remedy {
        title: "Join the machine to Microsoft Entra ID",
        steps: &[steps::CHECK_DEVICE_STATE, steps::ENTRA_JOIN_FOR_CBA],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.credential, CredentialKind::Certificate);
    m.is(&ev.azure_ad_joined, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::simulate;
    use crate::testing::*;

    #[test]
    fn fires_on_a_workgroup_machine_before_the_join_gate() {
        let mut w = healthy_certificate();
        w.machine.device_state.azure_ad_joined = false;
        let attempt = simulate(&w);
        assert_eq!(attempt.failed_stage(), Some(Stage::Connection));
        assert_eq!(attempt.error().map(|e| e.code), Some(RULE.code));
        // The join gate is a second cause of its own.
        assert_eq!(fired_ids(&w), ["FC004", "FC013"]);
    }

    #[test]
    fn silent_on_a_hybrid_joined_machine() {
        let mut w = healthy_certificate();
        w.machine.device_state.domain_joined = true;
        w.machine.device_state.domain_name = Some("CONTOSO".into());
        assert_silent(&RULE, &w);
    }
}
