//! FC005 `certificate-needs-upn`: a certificate credential whose username is
//! not an Entra user principal name.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC005",
    name: "certificate-needs-upn",
    summary: "The connection uses a certificate with a username that is not `user@domain`",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::Connection,
    mapping: Source::modelled(
        "the certificate page signs in with a UPN but names no code for another username form; the model reports the connection's generic credential error",
    ),
    doc: "\
## What it detects
A certificate credential paired with a `DOMAIN\\user`, `AzureAD\\…` or local
username.

## Why it fails
A certificate credential signs in a Microsoft Entra account, and Entra
accounts are named by their user principal name. Any other form names an
account the certificate does not belong to.

## Example
`connection.username: CONTOSO\\alice` with `connection.credential:
{certificate: rpa-cert}`.

",
    references: &[
        Reference { title: "Certificate-based authentication for desktop flows", url: links::CBA },
        Reference { title: "Desktop flow connections (username forms)", url: links::CONNECTIONS },
    ],
    remedies: &[Remedy {
        title: "Name the account by its UPN",
        steps: &[Step {
            text: "Edit the connection and write the username as `user@domain`, the UPN the certificate was issued to.",
            link: Some(links::CONNECTIONS),
            action: Some(Action::UseUpnUsername),
            who: Who::User,
        }],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.credential, CredentialKind::Certificate);
    m.test(&ev.username_kind, |k| *k != UsernameKind::Upn);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_a_domain_username() {
        let mut w = healthy_certificate();
        w.machine.device_state.domain_joined = true;
        w.machine.device_state.domain_name = Some("CONTOSO".into());
        w.connection.username = "CONTOSO\\alice".into();
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_upn() {
        assert_silent(&RULE, &healthy_certificate());
    }
}
