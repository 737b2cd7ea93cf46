//! FC024 `windows-password-incorrect`: a domain or local account with a
//! password that is not its current one.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{links, steps, Remedy};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::username::UsernameKind;

pub(super) static RULE: Rule = Rule {
    id: "FC024",
    name: "windows-password-incorrect",
    summary: "The connection's password is not the domain or local account's password",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::WindowsLogon,
    doc: "\
## What it detects
A `DOMAIN\\user` or local username whose password in the connection is not
the account's current password.

## Why it fails
Windows (or the domain controller) rejects the password. The password is
checked before any account restriction, so a wrong password also hides a
disabled or expired account behind the same answer.

## Example
The domain password was rotated; the connection still has the old one.

",
    references: &[Reference {
        title: "Invalid credentials errors running desktop flows",
        url: links::INVALID_CREDENTIALS,
    }],
    remedies: &[Remedy {
        title: "Enter the current password",
        steps: &[steps::REENTER_CREDENTIALS],
    }],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.test(&ev.username_kind, |k| matches!(k, UsernameKind::Domain | UsernameKind::Local));
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
        let mut w = healthy();
        w.connection.credential = Credential::Password(Secret::new("Old-Horse-0"));
        assert_silent(&RULE, &w);
    }
}
