//! FC023 `machine-password-stale`: the machine still holds the Entra account's
//! previous password.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{steps, Remedy};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC023",
    name: "machine-password-stale",
    summary: "The machine still holds the account's previous password",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::WindowsLogon,
    mapping: Source::modelled(
        "the PRT page shows a password that has not reached the device failing Windows sign-in; that Power Automate then shows -1073741715 is the model's",
    ),
    doc: "\
## What it detects
A connection with the Entra account's current password, on a machine that has
not learnt the change: Entra accepts the password, Windows on the machine
does not.

## Why it fails
A password changed in the cloud (or on-premises, then synchronized) reaches a
machine only when the account signs in there or syncs. Until then the
machine's cached credential is the old password and the logon fails. No
page documents this direction: the documented lag runs the other way, Entra
holding the old hash right after a change on premises (FC059, FC060). An
Entra joined machine that is online asks Entra at sign-in, so this cause
matters most for a machine that cannot reach Entra; it stays in the catalog
as the model's reading of the seed article's *not synchronized* cause.

## Example
The user reset the password on the web; the connection has the new one; the
machine was not used since.

",
    references: &[
        Reference {
            title: "Desktop flow invalid credentials with a Microsoft Entra account",
            url: links::ARTICLE,
        },
        Reference { title: "Troubleshoot primary refresh token issues", url: links::PRT },
    ],
    remedies: &[Remedy {
        title: "Bring the new password to the machine",
        steps: &[
            steps::IDENTIFY_WORK_ACCOUNT,
            steps::SYNC_WORK_ACCOUNT,
            steps::SIGN_IN_INTERACTIVELY,
            steps::REENTER_CREDENTIALS,
        ],
    }],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.account_on_machine, true);
    m.is(&ev.password_matches_account, true);
    m.is(&ev.machine_has_current_password, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::testing::*;

    #[test]
    fn fires_after_a_cloud_password_change() {
        let mut w = healthy();
        w.machine.work_accounts[0].cached_password = Some(Secret::new("Old-Horse-0"));
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_when_the_connection_has_the_old_password_too() {
        let mut w = healthy();
        w.machine.work_accounts[0].cached_password = Some(Secret::new("Old-Horse-0"));
        w.connection.credential = crate::model::Credential::Password(Secret::new("Old-Horse-0"));
        assert_silent(&RULE, &w);
    }
}
