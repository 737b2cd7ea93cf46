//! FC002 `certificate-needs-newer-pad`: a certificate credential on a Power
//! Automate for desktop release older than 2.49.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{steps, Remedy};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::version::PadVersion;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC002",
    name: "certificate-needs-newer-pad",
    summary: "The connection uses a certificate, but Power Automate for desktop is older than 2.49",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::modelled(
        "the certificate page requires 2.49 but names no code for an older release; the model reports the connection's generic credential error",
    ),
    doc: "\
## What it detects
A certificate credential on a machine whose Power Automate for desktop is
older than 2.49.

## Why it fails
Certificate credentials for desktop-flow connections arrived in 2.49; an older
agent cannot use one to open the Windows session.

## Example
`machine.pad_version: \"2.45\"` with `connection.credential: {certificate:
rpa-cert}`.

",
    references: &[Reference {
        title: "Certificate-based authentication for desktop flows (minimum versions)",
        url: links::CBA,
    }],
    remedies: &[Remedy {
        title: "Upgrade Power Automate for desktop",
        steps: &[steps::UPGRADE_PAD],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.credential, CredentialKind::Certificate);
    m.test(&ev.pad_version, |v| *v < PadVersion::CERTIFICATE_CREDENTIALS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_2_48() {
        let mut w = healthy_certificate();
        w.machine.pad_version = PadVersion::new(2, 48);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_2_49() {
        assert_silent(&RULE, &healthy_certificate());
    }
}
