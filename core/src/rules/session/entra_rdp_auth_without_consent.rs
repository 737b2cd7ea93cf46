//! FC027 `entra-rdp-auth-without-consent`: entra authentication for Remote Desktop is used, but the tenant has not consented to it.

use crate::evidence::Evidence;
use crate::model::RunMode;
use crate::payload::ErrorCode;
use crate::remedy::{steps, Remedy};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC027",
    name: "entra-rdp-auth-without-consent",
    summary: "Entra authentication for Remote Desktop is used, but the tenant has not consented to it",
    code: ErrorCode::MsEntraRemoteDesktopAppConsentRequired,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::UNATTENDED,
        "the unattended-runs page names MSEntraRemoteDesktopAppConsentRequired for a run without the Remote Desktop app's consent",
    ),
    doc: "\
## What it detects
An unattended run that uses Entra authentication for Remote Desktop (a
certificate credential; a password on 2.50 or later with NLA, or on 2.49 or
later with `UseRdsAadAuthentication` without NLA) for an Entra account on an
Entra-joined-only machine, in a tenant
where Entra authentication for Remote Desktop is not enabled, or its consent
prompt not hidden, for the Microsoft Remote Desktop app.

## Why it fails
Entra authentication for Remote Desktop asks the user to consent to the
connection the first time. An unattended run has nobody to answer, so the
tenant must enable it and hide the prompt ahead of time.

## Example
A certificate credential on an Entra joined machine, unattended, and
`tenant.rdp_sso_consent: false`.

",
    references: &[
        Reference {
            title: "Unattended runs: Entra authentication for Remote Desktop",
            url: links::UNATTENDED,
        },
        Reference { title: "Certificate-based authentication for desktop flows", url: links::CBA },
    ],
    remedies: &[
        Remedy {
            title: "Enable and pre-consent Entra authentication for Remote Desktop",
            steps: &[
                steps::GRANT_RDP_CONSENT,
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.entra_rdp_path, true);
    m.is(&ev.rds_aad_auth, true);
    m.is(&ev.rdp_sso_consent, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use crate::version::PadVersion;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.rdp.entra_rdp_auth = true;
        w.machine.pad_version = PadVersion::new(2, 49);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.rdp.entra_rdp_auth = true;
        w.machine.pad_version = PadVersion::new(2, 49);
        w.tenant.rdp_sso_consent = true;
        assert_silent(&RULE, &w);
    }
}
