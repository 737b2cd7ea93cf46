//! FC058 `device-disabled-in-entra`: the machine's device object is disabled
//! or deleted in Entra, so Entra accounts cannot sign in to it.

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
    summary: "The machine's device object is disabled or deleted in Entra, so Entra accounts cannot sign in to it",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::DeviceJoin,
    mapping: Source::modelled(
        "the dsregcmd page documents DeviceAuthStatus FAILED for a disabled or deleted device and the hybrid join page AADSTS50155 in its PRT attempt; no page gives Power Automate's code, and the model reports the one the seed article gives for a device Entra does not trust (FC013), which is also what such machines show in the field",
    ),
    doc: "\
## What it detects
An Entra account connection on a machine that is Microsoft Entra joined (or
hybrid joined) but whose device object in Entra is disabled or deleted:
`dsregcmd /status` shows `DeviceAuthStatus : FAILED. Device is either
disabled or deleted`, and a failed PRT attempt may carry `AADSTS135011` or
`AADSTS50155`.

## Why it fails
Windows signs an Entra account in with the device's own identity as well as
the user's. Entra refuses a device it has disabled or no longer knows, so the
machine is as good as unjoined for Entra accounts, whatever the password. A
domain account on a hybrid joined machine still signs in through its domain
controller. Connect with sign-in asks the same of its target: an Entra joined
machine must be present in Entra, synchronized with it.

## Example
`AzureAdJoined : YES`, `DeviceAuthStatus : FAILED. Device is either disabled
or deleted`, the connection `alice@contoso.com`.

",
    references: &[
        Reference {
            title: "Troubleshoot devices with the dsregcmd command (DeviceAuthStatus)",
            url: links::DSREGCMD,
        },
        Reference {
            title: "Troubleshoot hybrid joined devices (AADSTS50155 in the PRT attempt)",
            url: links::HYBRID_JOIN_TROUBLESHOOT,
        },
        Reference {
            title: "Desktop flow connections: connect with sign-in needs a target synchronized with Entra",
            url: links::CONNECTIONS,
        },
    ],
    remedies: &[
        Remedy {
            title: "Enable the device in Entra",
            steps: &[Step {
                text: "Have an administrator find the device in the Microsoft Entra admin center (Devices > All devices, by the `DeviceId` dsregcmd shows) and enable it.",
                link: Some(links::DSREGCMD),
                action: Some(Action::Heal(Dim::DEVICE_DISABLED)),
                who: Who::Admin,
            }],
        },
        Remedy {
            title: "Join the device again, if its object was deleted",
            steps: &[Step {
                text: "On the machine, leave the join (`dsregcmd /leave` as an administrator, or Settings > Accounts > Access work or school > Disconnect) and join Microsoft Entra ID again, so Entra holds a new device object.",
                link: Some(links::DSREGCMD),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.machine.device_enabled = false;
        assert_only_cause(&RULE, &w);
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
