//! FC059 `password-hash-sync-lag`: Entra still holds the password from before
//! a change on premises, and Power Automate asks Entra for a token with the
//! new one.

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
    id: "FC059",
    name: "password-hash-sync-lag",
    summary: "The password changed on premises minutes ago and Entra, asked for a token, still holds the old one",
    code: ErrorCode::Aadsts50126,
    sub_code: None,
    stage: Stage::CloudValidation,
    mapping: Source::modelled(
        "the hybrid join page explains AADSTS50126 right after a password change by the new password not having synced yet, for the PRT of a hybrid joined device; that Power Automate's token request meets the same lag is the model's reading",
    ),
    doc: "\
## What it detects
A connection whose password is the account's new password, changed on
premises, where Power Automate asks Entra for a token with it, while password
hash sync has not yet brought Entra the new hash.

## Why it fails
Entra checks the password against the hash it holds, which is the old one
until the next sync. The new password is refused as wrong with `AADSTS50126`
for a few minutes; the old one still works there meanwhile.

## Example
alice changed her password on premises two minutes ago and updated the
connection at once; the tenant synchronizes password hashes.

",
    references: &[Reference {
        title: "Troubleshoot hybrid joined devices (AADSTS50126 after a password change)",
        url: links::HYBRID_JOIN_TROUBLESHOOT,
    }],
    remedies: &[Remedy {
        title: "Let the new password reach Entra",
        steps: &[steps::AWAIT_PASSWORD_HASH_SYNC],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    crate::rules::asks_entra(ev, m);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.password_matches_account, true);
    m.is(&ev.entra_has_password, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let w = with_phs_lag(token_path());
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // Meanwhile the old password still works against Entra.
        let mut w = with_phs_lag(token_path());
        w.connection.credential = crate::model::Credential::Password(Secret::new("Old-Horse-0"));
        assert_silent(&RULE, &w);
        assert!(crate::simulate(&w).error().is_none());
    }
}
