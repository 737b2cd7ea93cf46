//! FC006 `federated-without-password-hash-sync`: a federated user's password
//! sent to Entra, which holds no hash to check it against.

use crate::evidence::Evidence;
use crate::model::{CredentialKind, DomainKind};
use crate::payload::ErrorCode;
use crate::recognize::Seen;
use crate::remedy::federated;
use crate::rules::Match;
use crate::rules::SEED_PAIR;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC006",
    name: "federated-without-password-hash-sync",
    summary: "A federated (AD FS) user signs in with a password, and password hash sync is off",
    code: ErrorCode::Aadsts50126,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::documented(
        links::ARTICLE,
        "the seed article gives AADSTS50126 for a federated user whose password Entra cannot check, and password hash sync as a fix",
    ),
    doc: "\
## What it detects
A connection with a password credential for a user whose domain is
`Federated` (AD FS or another on-premises identity provider), in a tenant
where password hash sync is off.

## Why it fails
The connection's password is checked by Microsoft Entra ID directly. For a
federated domain Entra normally leaves passwords to the on-premises provider;
it can check one itself only when it holds the synchronized password hash and
a Home Realm Discovery policy allows it. With no hash there is nothing to
check against, and Entra answers `AADSTS50126` even for the right password.

This happens where Power Automate asks Entra for a token with the password:
an unattended run on an Entra-joined-only machine with Entra authentication
for Remote Desktop (2.50 or later with NLA, or 2.49 with
`UseRdsAadAuthentication`). On the default path Windows sends a federated
user's password to the federation server over WS-Trust, which needs neither
password hash sync nor an HRD policy (the device-join plan documents
WS-Trust as what Entra joined devices sign federated users in with).

## Example
`contoso.com` is `federated`, `tenant.password_hash_sync: false`; the
connection signs in `alice@contoso.com` with her correct password.

",
    references: &[
        Reference {
            title: "Resource owner password credentials and federated users",
            url: links::ROPC,
        },
        Reference { title: "Password hash synchronization", url: links::PHS },
        Reference { title: "Home Realm Discovery policy", url: links::HRD },
        Reference { title: "Certificate-based authentication for desktop flows", url: links::CBA },
    ],
    remedies: federated::REMEDIES,
    also: &[
        Also {
            seen: Seen::Code(ErrorCode::InvalidConnectionCredentials),
            way: Way::SeedPair,
            source: SEED_PAIR,
        },
        Also {
            seen: Seen::Code(ErrorCode::WindowsIdentityIncorrect),
            way: Way::SeedPair,
            source: SEED_PAIR,
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.user_domain_kind, Some(DomainKind::Federated));
    m.is(&ev.password_hash_sync, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HrdPolicy, HrdScope};
    use crate::testing::*;

    #[test]
    fn fires_with_an_hrd_policy_but_no_hash() {
        let mut w = federated_token_path();
        w.tenant.hrd_policy = Some(HrdPolicy {
            allow_cloud_password_validation: true,
            scope: HrdScope::OrganizationDefault,
        });
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_with_password_hash_sync_or_a_certificate() {
        let mut w = federated_token_path();
        w.tenant.password_hash_sync = true;
        assert_silent(&RULE, &w);
        let mut w = healthy_certificate();
        w.tenant.domains[0].kind = DomainKind::Federated;
        assert_silent(&RULE, &w);
    }
}
