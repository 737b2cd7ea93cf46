//! FC053 `entra-account-restricted-at-logon`: an Entra account that is
//! disabled or whose password has expired, refused by Windows at logon on the
//! default path.

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
    summary: "Windows refuses a disabled or expired Entra account at logon",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::AccountRestriction),
    stage: Stage::WindowsLogon,
    mapping: Source::documented(
        links::INVALID_CREDENTIALS,
        "the page lists a disabled account and an expired password under -1073741714; for an Entra account at Windows logon the order of checks is the model's",
    ),
    doc: "\
## What it detects
An Entra account (UPN) with its right password on the default path, where
Power Automate asks Entra for no token and Windows checks the password at
logon, whose account is disabled or whose password has expired.

## Why it fails
The invalid-credentials article lists a disabled account and an expired
password among the reasons of the error, under the status for an account
restriction (-1073741714), which applies once the username and password are
valid. Whether Windows checks a disabled account before or after the
password is not documented: the model checks the password first, as a
domain controller does. On the Entra authentication path for Remote Desktop
the same states show as `AADSTS50057` (FC011) and `AADSTS50055` (FC012).

## Example
The account was disabled after the user left; a flow still uses it.
",
    references: &[
        Reference {
            title: "Invalid credentials errors running desktop flows (account restrictions)",
            url: links::INVALID_CREDENTIALS,
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
    m.test(&ev.account_state, |s| {
        matches!(s, AccountState::Disabled | AccountState::PasswordExpired)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_the_default_path() {
        for state in [AccountState::Disabled, AccountState::PasswordExpired] {
            let mut w = healthy();
            w.tenant.users[0].state = state;
            assert_only_cause(&RULE, &w);
        }
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
