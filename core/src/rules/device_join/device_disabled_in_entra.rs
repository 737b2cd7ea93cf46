//! FC058 `device-disabled-in-entra`: the machine's device object is disabled
//! or deleted in Entra, and the connection's Entra account has no cached
//! sign-in on it.

use crate::evidence::Evidence;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC058",
    name: "device-disabled-in-entra",
    summary: "The machine's device object is disabled or deleted in Entra, and the account has no cached sign-in there",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::DeviceJoin,
    mapping: Source::modelled(
        "the dsregcmd page documents DeviceAuthStatus FAILED for a disabled or deleted device and the hybrid join page AADSTS50155 in its PRT attempt; the device FAQ says users who signed in before go on signing in with cached credentials, so the model refuses only an account without one. No page gives Power Automate's code; the model reports the one the seed article gives for a device Entra does not trust (FC013)",
    ),
    doc: "\
## What it detects
An Entra account connection on a machine that is Microsoft Entra joined (or
hybrid joined) but whose device object in Entra is disabled or deleted
(`dsregcmd /status` shows `DeviceAuthStatus : FAILED. Device is either
disabled or deleted`, and a failed PRT attempt may carry `AADSTS135011` or
`AADSTS50155`), where the account has not signed in on the machine before.

## Why it fails
Windows signs an Entra account in with the device's own identity as well as
the user's, and Entra refuses a device it has disabled or no longer knows. The
device FAQ says users who signed in on the device before keep signing in with
their cached username and password; an account without a cached sign-in has
nothing to fall back on. A domain account on a hybrid joined machine still
signs in through its domain controller.

## Example
`AzureAdJoined : YES`, `DeviceAuthStatus : FAILED. Device is either disabled
or deleted`, the connection `bob@contoso.com`, who never signed in there.

",
    references: &[
        Reference {
            title: "Troubleshoot devices with the dsregcmd command (DeviceAuthStatus)",
            url: links::DSREGCMD,
        },
        Reference {
            title: "Device management FAQ (deleted or disabled devices: cached sign-in, dsregcmd /forcerecovery)",
            url: links::DEVICES_FAQ,
        },
        Reference {
            title: "Troubleshoot hybrid joined devices (AADSTS50155 in the PRT attempt)",
            url: links::HYBRID_JOIN_TROUBLESHOOT,
        },
    ],
    remedies: &[
        Remedy {
            title: "Enable the device in Entra, if it was disabled",
            steps: &[Step {
                text: "Have an administrator find the device in the Microsoft Entra admin center (Devices > All devices, by the `DeviceId` dsregcmd shows) and enable it.",
                link: Some(links::DEVICES_FAQ),
                action: Some(Action::Heal(Dim::DEVICE_DISABLED)),
                who: Who::Admin,
            }],
        },
        Remedy {
            title: "Recover the join, if the device was deleted",
            steps: &[Step {
                text: "On an Entra joined machine whose device object was deleted, sign in as a local administrator and run `dsregcmd /forcerecovery`, then sign in with an Entra account to join again.",
                link: Some(links::DEVICES_FAQ),
                action: Some(Action::Heal(Dim::DEVICE_DISABLED)),
                who: Who::Admin,
            }],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.domain_logon, false);
    m.is(&ev.device_enabled, false);
    // No cached sign-in: the account is not on the machine, or never
    // signed in there.
    if ev.account_on_machine.value == Some(false) {
        m.is(&ev.account_on_machine, false);
    } else {
        m.is(&ev.work_account_signed_in, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_for_an_account_without_a_cached_sign_in() {
        let mut w = healthy();
        w.machine.device_enabled = false;
        w.machine.work_accounts[0].signed_in = false;
        let attempt = crate::simulate(&w);
        assert_eq!(attempt.error().map(|e| e.code), Some(RULE.code));
        assert!(fired_ids(&w).contains(&RULE.id));
    }

    #[test]
    fn an_account_that_signed_in_before_goes_on_with_its_cached_sign_in() {
        let mut w = healthy();
        w.machine.device_enabled = false;
        assert_silent(&RULE, &w);
        assert!(crate::simulate(&w).error().is_none());
    }

    #[test]
    fn silent_on_a_near_miss() {
        // A domain account on a hybrid machine signs in through the domain.
        let mut w = hybrid_domain_user();
        w.machine.device_enabled = false;
        assert_silent(&RULE, &w);
        assert!(crate::simulate(&w).error().is_none());
    }
}
