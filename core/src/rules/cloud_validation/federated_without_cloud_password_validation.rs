//! FC007 `federated-without-cloud-password-validation`: a federated user's
//! password sent to Entra, with no Home Realm Discovery policy letting Entra
//! check it.

use crate::evidence::Evidence;
use crate::model::{CredentialKind, DomainKind, HrdScope};
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
    id: "FC007",
    name: "federated-without-cloud-password-validation",
    summary: "A federated (AD FS) user signs in with a password, and no HRD policy allows cloud password validation",
    code: ErrorCode::Aadsts50126,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::documented(
        links::ARTICLE,
        "the seed article gives AADSTS50126 for a federated user without cloud password validation, and the HRD policy as a fix",
    ),
    doc: "\
## What it detects
A password credential for a user in a `Federated` domain, where no Home Realm
Discovery policy with `AllowCloudPasswordValidation: true` reaches the
sign-in: there is none, it says `false`, or it is assigned to another
application's service principal.

## Why it fails
By default Entra sends federated users to their on-premises provider and does
not check their passwords itself, so a password presented directly to Entra
fails with `AADSTS50126`. The HRD policy is the switch that lets Entra check
it against the synchronized hash.

This happens where Power Automate asks Entra for a token with the password:
an unattended run on an Entra-joined-only machine with Entra authentication
for Remote Desktop (2.50 or later with NLA, or 2.49 with
`UseRdsAadAuthentication`). On the default path Windows sends a federated
user's password to the federation server over WS-Trust, which needs neither
password hash sync nor an HRD policy (the device-join plan documents
WS-Trust as what Entra joined devices sign federated users in with).

## Example
`contoso.com` is `federated`, `tenant.password_hash_sync: true`, no
`hrd_policy`.

",
    references: &[
        Reference {
            title: "Home Realm Discovery policy (cloud password validation)",
            url: links::HRD,
        },
        Reference {
            title: "Resource owner password credentials and federated users",
            url: links::ROPC,
        },
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
    m.test(&ev.hrd_policy, |policy| {
        !policy.is_some_and(|p| {
            p.allow_cloud_password_validation && p.scope != HrdScope::OtherApplication
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::HrdPolicy;
    use crate::testing::*;

    #[test]
    fn fires_with_a_hash_but_no_policy() {
        let mut w = federated_token_path();
        w.tenant.password_hash_sync = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn fires_when_the_policy_is_on_another_application() {
        let mut w = federated_token_path();
        w.tenant.password_hash_sync = true;
        w.tenant.hrd_policy = Some(HrdPolicy {
            allow_cloud_password_validation: true,
            scope: HrdScope::OtherApplication,
        });
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_when_the_policy_applies() {
        let mut w = federated_token_path();
        w.tenant.password_hash_sync = true;
        w.tenant.hrd_policy = Some(HrdPolicy {
            allow_cloud_password_validation: true,
            scope: HrdScope::ServicePrincipal,
        });
        assert_silent(&RULE, &w);
    }
}
