//! FC060 `password-hash-sync-lag-at-logon`: on an Entra-joined-only machine
//! Windows asks Entra, which still holds the password from before a change
//! on premises.

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
    id: "FC060",
    name: "password-hash-sync-lag-at-logon",
    summary: "The password changed on premises minutes ago and Entra, checking it for Windows, still holds the old one",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::WindowsLogon,
    mapping: Source::modelled(
        "the hybrid join page gives AADSTS50126 for a new password not yet synced, in the device's PRT attempt; that Windows' sign-in on an Entra-joined-only machine then fails, and Power Automate shows -1073741715 as for any refused password, is the model's",
    ),
    doc: "\
## What it detects
An Entra account connection (UPN) on the default path, on a machine joined to
Entra only, whose password is the account's new password, changed on
premises, while password hash sync has not yet brought Entra the new hash.

## Why it fails
On an Entra-joined-only machine Windows' sign-in asks Entra, which checks the
password against the hash it holds: the old one until the next sync. The
device's own PRT attempt records `AADSTS50126` meanwhile. A hybrid joined
machine asks its domain controller instead, which has the new password.

## Example
alice changed her password on premises two minutes ago; the attended run on
an Entra joined machine fails, and `dsregcmd /status` shows a PRT attempt
refused with `AADSTS50126`.

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
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.cloud_check, false);
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.domain_joined, false);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.user_in_tenant, true);
    m.is(&ev.account_on_machine, true);
    m.is(&ev.password_matches_account, true);
    m.is(&ev.entra_has_password, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let w = with_phs_lag(healthy());
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        // A hybrid joined machine asks the domain controller.
        let mut w = with_phs_lag(healthy());
        w.machine.device_state.domain_joined = true;
        w.machine.device_state.domain_name = Some("CONTOSO".into());
        assert_silent(&RULE, &w);
        assert!(crate::simulate(&w).error().is_none());
    }
}
