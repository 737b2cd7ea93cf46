//! FC024 `windows-password-incorrect`: a password that Windows refuses at
//! logon: a domain or local account's, or an Entra account's on the default
//! path.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::{ErrorCode, SubCode};
use crate::recognize::Seen;
use crate::remedy::{steps, Remedy};
use crate::rules::Match;
use crate::rules::SEED_PAIR;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC024",
    name: "windows-password-incorrect",
    summary: "Windows refuses the connection's password at logon",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::INVALID_CREDENTIALS,
        "the page gives -1073741715 for an incorrect user and password combination",
    ),
    doc: "\
## What it detects
A connection whose password is not the account's current one, where Windows
checks it: a `DOMAIN\\user` or local account, or an Entra account (UPN) on
the default path, where Power Automate asks Entra for no token (an attended
run, a hybrid or domain-joined machine, or an unattended run without Entra
authentication for Remote Desktop).

## Why it fails
Windows rejects the password at logon: the domain controller for a domain
account, the machine for a local one, and for an Entra account Windows' own
sign-in, which asks Entra (or, for a federated user, the federation server)
and reports `0xC000006D` whatever Entra answered. The invalid-credentials
article lists -1073741715 for an incorrect user and password combination, and
the primary refresh token article shows a wrong password at Windows sign-in as
`0xc000006d`, with `AADSTS50126` only in the device's diagnostics. The
password is checked before any account restriction, so a wrong password also
hides a disabled or expired account behind the same answer.

## Example
The password was changed; the connection still has the old one. On the
Entra authentication path for Remote Desktop the same mistake shows as
`AADSTS50126` (FC010).

",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows",
            url: links::INVALID_CREDENTIALS,
        },
        Reference {
            title:
                "Troubleshoot primary refresh token issues (a wrong password at Windows sign-in)",
            url: links::PRT,
        },
    ],
    remedies: &[Remedy {
        title: "Enter the current password",
        steps: &[steps::REENTER_CREDENTIALS],
    }],
    also: &[Also {
        seen: Seen::Code(ErrorCode::InvalidConnectionCredentials),
        way: Way::SeedPair,
        source: SEED_PAIR,
    }],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.test(&ev.username_kind, |k| {
        matches!(k, UsernameKind::Domain | UsernameKind::Local | UsernameKind::Upn)
    });
    if ev.username_kind.value == Some(UsernameKind::Upn) {
        // An Entra account's password reaches Windows on the default path;
        // where Power Automate asks Entra for a token, FC010 says it.
        m.is(&ev.cloud_check, false);
        m.is(&ev.user_in_tenant, true);
        if ev.domain_joined.value == Some(false) {
            // Entra itself checks the password on an Entra-joined-only machine.
            m.is(&ev.entra_has_password, false);
        }
    }
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.account_on_machine, true);
    m.is(&ev.password_matches_account, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Credential;
    use crate::secret::Secret;
    use crate::testing::*;

    #[test]
    fn fires_on_a_rotated_domain_password() {
        let mut w = hybrid_domain_user();
        w.connection.credential = Credential::Password(Secret::new("Old-Horse-0"));
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_for_an_entra_account() {
        let mut w = token_path();
        w.connection.credential = Credential::Password(Secret::new("Old-Horse-0"));
        assert_silent(&RULE, &w);
    }
}
