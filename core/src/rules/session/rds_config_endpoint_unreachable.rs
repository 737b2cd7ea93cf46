//! FC072 `rds-config-endpoint-unreachable`: Power Automate 2.50 could take a
//! password through Entra authentication for Remote Desktop under NLA, but
//! the machine cannot reach `config.edge.skype.com`.

use crate::evidence::Evidence;
use crate::model::{CredentialKind, RunMode};
use crate::payload::ErrorCode;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;
use crate::version::PadVersion;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC072",
    name: "rds-config-endpoint-unreachable",
    summary: "The machine cannot reach config.edge.skype.com, which a password under NLA needs from 2.50",
    code: ErrorCode::MsEntraLogonFailure,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::modelled(
        "the unattended-runs page makes config.edge.skype.com a prerequisite of a password under NLA but names no code for its absence; the model falls back to what NLA does without Entra authentication, MSEntraLogonFailure",
    ),
    doc: "\
## What it detects
An unattended run with a password for an Entra account, on an
Entra-joined-only machine with Network Level Authentication, Power Automate for
desktop 2.50 or later, where the machine cannot reach
`config.edge.skype.com` (a proxy or firewall blocks it).

## Why it fails
From 2.50 Power Automate takes a password under NLA through Entra
authentication for Remote Desktop, and Microsoft lists reaching
`config.edge.skype.com` among that route's prerequisites. Without it the run is
left where it was before 2.50: NLA alone cannot check an Entra password on a
machine only Entra trusts (FC026).

## Example
Power Automate for desktop 2.52 on an Entra joined machine behind a proxy
that allows only the Power Automate endpoints it was first set up with.

",
    references: &[Reference {
        title: "Unattended runs with Microsoft Entra accounts: prerequisites for a password with NLA",
        url: links::UNATTENDED,
    }],
    remedies: &[
        Remedy {
            title: "Let the machine reach the endpoint",
            steps: &[Step {
                text: "Allow the machine to reach `config.edge.skype.com` over HTTPS through the proxy and firewall, then run the flow again.",
                link: Some(links::UNATTENDED),
                action: Some(Action::Heal(Dim::RDS_CONFIG)),
                who: Who::Admin,
            }],
        },
        steps::DISABLE_NLA_REMEDY,
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.entra_rdp_path, true);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.rdp_nla, true);
    m.test(&ev.pad_version, |v| *v >= PadVersion::PASSWORD_WITH_NLA);
    m.is(&ev.rds_config_reachable, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = token_path();
        w.machine.reaches_rds_config_endpoint = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // Before 2.50 the endpoint plays no part: that is FC026.
        let mut w = token_path();
        w.machine.reaches_rds_config_endpoint = false;
        w.machine.pad_version = PadVersion::new(2, 45);
        assert_silent(&RULE, &w);
    }
}
