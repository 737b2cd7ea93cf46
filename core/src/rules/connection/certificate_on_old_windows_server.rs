//! FC003 `certificate-on-old-windows-server`: a certificate credential on a
//! Windows Server release older than 2019.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC003",
    name: "certificate-on-old-windows-server",
    summary: "The connection uses a certificate on a Windows Server older than 2019",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::modelled(
        "the certificate page requires Windows Server 2019 or later but names no code for an older server; the model reports the connection's generic credential error",
    ),
    doc: "\
## What it detects
A certificate credential for a machine running Windows Server 2016.

## Why it fails
On server editions, certificate credentials need Windows Server 2019 or
later; older releases cannot open the session with the certificate.

## Example
`machine.os: windows_server_2016` with `connection.credential: {certificate:
rpa-cert}`.

",
    references: &[Reference {
        title: "Certificate-based authentication for desktop flows (limitations)",
        url: links::CBA,
    }],
    remedies: &[Remedy {
        title: "Run the flow on a supported Windows Server",
        steps: &[Step {
            text:
                "Move the flow to a machine with Windows Server 2019 or later, or upgrade this one.",
            link: Some(links::CBA),
            action: Some(Action::UpgradeOs),
            who: Who::Admin,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.credential, CredentialKind::Certificate);
    m.test(&ev.os, |os| os.is_server_before_2019());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Os;
    use crate::testing::*;

    #[test]
    fn fires_on_server_2016() {
        let mut w = healthy_certificate();
        w.machine.os = Os::WindowsServer2016;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_server_2019() {
        let mut w = healthy_certificate();
        w.machine.os = Os::WindowsServer2019;
        assert_silent(&RULE, &w);
    }
}
