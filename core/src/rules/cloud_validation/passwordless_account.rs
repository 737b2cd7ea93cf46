//! FC040 `passwordless-account`: the account signs in without a password, so a password credential cannot work.

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
    id: "FC040",
    name: "passwordless-account",
    summary: "The account signs in without a password, so a password credential cannot work",
    code: ErrorCode::Aadsts50126,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::modelled(
        "the password grant refuses an account without a password; no page gives the code Power Automate shows, and AADSTS50126 is the model's (AADSTS50056 describes the case more closely)",
    ),
    doc: "\
## What it detects
A password credential for an Entra account set up for passwordless sign-in
only (Windows Hello, FIDO2 keys, passkeys).

## Why it fails
A Windows Hello PIN is not a password, and a passwordless account has no
password Entra will check. The connection needs a password that exists, or a
certificate.

Entra's `AADSTS50126` shows only where Power Automate asks Entra for a token
with
the credential (a certificate, connect with sign-in, or a password on the
Entra authentication path for Remote Desktop). On the default path Windows
checks the typed text as a password (a PIN fails as a wrong password, FC024).

## Example
`tenant.users[0].passwordless: true` and a password credential (often the PIN
typed as the password).

",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows (PINs are not supported)",
            url: links::INVALID_CREDENTIALS,
        },
        Reference {
            title: "Resource owner password credentials: passwordless accounts cannot use it",
            url: links::ROPC,
        },
    ],
    remedies: &[Remedy {
        title: "Use a certificate credential",
        steps: &[
            steps::CONFIGURE_CBA,
            steps::UPGRADE_PAD,
            steps::ENTRA_JOIN_FOR_CBA,
            steps::USE_CERTIFICATE,
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.passwordless, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = token_path();
        w.tenant.users[0].passwordless = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy_certificate();
        w.tenant.users[0].passwordless = true;
        assert_silent(&RULE, &w);
    }
}
