//! FC001 `certificate-auth-not-configured`: a certificate credential in a
//! tenant without Entra certificate-based authentication.

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
    id: "FC001",
    name: "certificate-auth-not-configured",
    summary:
        "The connection uses a certificate, but the tenant has no certificate-based authentication",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::modelled(
        "the certificate page lists the prerequisite but not the code a run shows without it; the model reports the connection's generic credential error",
    ),
    doc: "\
## What it detects
A desktop-flow connection whose credential is a certificate, in a tenant where
Microsoft Entra certificate-based authentication is not configured.

## Why it fails
Entra accepts a certificate only from a certification authority the tenant
trusts for certificate-based authentication. Without that configuration the
certificate cannot prove who the user is, and the connection cannot be made.

## Example
`connection.credential: {certificate: rpa-cert}` with
`tenant.certificate_auth: false`.

",
    references: &[Reference {
        title: "Certificate-based authentication for desktop flows",
        url: links::CBA,
    }],
    remedies: &[Remedy {
        title: "Configure certificate-based authentication",
        steps: &[steps::CONFIGURE_CBA],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.credential, CredentialKind::Certificate);
    m.is(&ev.certificate_auth, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_without_tenant_configuration() {
        let mut w = healthy_certificate();
        w.tenant.certificate_auth = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_for_a_password_credential() {
        let mut w = healthy();
        w.tenant.certificate_auth = false;
        assert_silent(&RULE, &w);
    }
}
