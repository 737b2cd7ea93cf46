//! FC053 `entra-account-restricted-at-logon`: a disabled Entra account,
//! refused by Windows at logon on the default path; an expired password only
//! where a domain controller checks it (hybrid joined).

use crate::evidence::Evidence;
use crate::model::{AccountState, CredentialKind};
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC053",
    name: "entra-account-restricted-at-logon",
    summary: "Windows refuses a disabled Entra account at logon (and an expired password where a domain controller checks it)",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::AccountRestriction),
    stage: Stage::WindowsLogon,
    mapping: Source::modelled(
        "the invalid-credentials page lists a disabled account and an expired password among the reasons of the error, in a list without statuses; its -1073741714 row is about restrictions such as the time of day. No page gives the status Windows returns for a disabled Entra account; the model reports the account-restriction status, the one Windows gives the family (a domain controller says STATUS_ACCOUNT_DISABLED, which the page does not list)",
    ),
    doc: "\
## What it detects
An Entra account (UPN) with its right password on the default path, where
Power Automate asks Entra for no token and Windows checks the password at
logon, whose account is disabled; or, on a hybrid joined machine where the
domain controller checks the password, whose password has expired.

## Why it fails
The invalid-credentials article lists a disabled account and an expired
password among the reasons of the error. The device FAQ narrows both on an
Entra joined machine:
- a disabled user may go on signing in with cached credentials for a while
  (under four hours) before Windows refuses; a run that signs in after that
  is refused, which is what this rule models;
- an expired or temporary password does not stop the Windows logon there:
  Windows does not force the change at the lock screen, only when the user
  reaches an application. So an expired password fails at logon only where a
  domain controller checks it (hybrid joined); on an Entra joined machine
  the run signs in.

Whether Windows checks a disabled account before or after the password is not
documented: the model checks the password first, as a domain controller
does. On the Entra authentication path for Remote Desktop the same states
show as `AADSTS50057` (FC011) and `AADSTS50055` (FC012).

## Example
The account was disabled after the user left; a flow still uses it.
",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows (disabled accounts, expired passwords)",
            url: links::INVALID_CREDENTIALS,
        },
        Reference {
            title: "Device management FAQ (cached sign-in of disabled users; no forced change at the lock screen)",
            url: links::DEVICES_FAQ,
        },
        Reference { title: "Entra authentication error codes", url: links::ERROR_CODES },
    ],
    remedies: &[Remedy {
        title: "Make the account usable again",
        steps: &[
            Step {
                text: "Have an administrator enable the account (on-premises, for a synchronized user), or have the user set a new password if it has expired.",
                link: Some(links::INVALID_CREDENTIALS),
                action: Some(Action::RestoreAccount),
                who: Who::Admin,
            },
            steps::REENTER_CREDENTIALS,
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.cloud_check, false);
    m.is(&ev.account_on_machine, true);
    if ev.domain_joined.value == Some(false) {
        // Entra itself checks the password on an Entra-joined-only machine.
        m.is(&ev.entra_has_password, true);
    } else {
        m.is(&ev.password_matches_account, true);
    }
    // An expired password stops the logon only where a domain controller
    // checks it: Entra joined Windows forces no change at logon.
    m.test2(&ev.account_state, &ev.domain_joined, |s, domain| {
        *s == AccountState::Disabled || (*s == AccountState::PasswordExpired && *domain)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_the_default_path() {
        let mut w = healthy();
        w.tenant.users[0].state = AccountState::Disabled;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn an_expired_password_signs_in_on_an_entra_joined_machine() {
        let mut w = healthy();
        w.tenant.users[0].state = AccountState::PasswordExpired;
        assert_silent(&RULE, &w);
        assert!(crate::simulate(&w).error().is_none());
    }

    #[test]
    fn silent_behind_a_wrong_password() {
        let mut w = healthy();
        w.tenant.users[0].state = AccountState::Disabled;
        w.connection.credential =
            crate::model::Credential::Password(crate::Secret::new("not-the-password"));
        assert_silent(&RULE, &w);
    }
}
