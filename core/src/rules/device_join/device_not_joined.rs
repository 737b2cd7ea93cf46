//! FC013 `device-not-joined`: an Entra or domain account on a device joined to
//! neither Microsoft Entra ID nor a domain.

use crate::evidence::Evidence;
use crate::payload::ErrorCode;
use crate::recognize::Seen;
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::SEED_PAIR;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC013",
    name: "device-not-joined",
    summary: "The device is neither Microsoft Entra joined nor domain joined",
    code: ErrorCode::InvalidConnectionCredentials,
    sub_code: None,
    stage: Stage::DeviceJoin,
    mapping: Source::documented(
        links::ARTICLE,
        "the seed article names a machine neither Entra joined nor hybrid joined as a cause of InvalidConnectionCredentials",
    ),
    doc: "\
## What it detects
A connection for a Microsoft Entra (or domain) account on a machine whose
`dsregcmd /status` shows `AzureAdJoined : NO` and `DomainJoined : NO`: a
workgroup machine, or one only registered (workplace joined).

## Why it fails
Windows can sign in an Entra account only on a device that trusts Entra: an
Entra joined or hybrid joined one. On any other device the account does not
exist for Windows, and the connection cannot reach the agent with it.

## Example
A lab VM with a local administrator; the connection uses the Microsoft 365
account that was used to sign in to Power Automate.

",
    references: &[
        Reference {
            title: "Desktop flow invalid credentials with a Microsoft Entra account",
            url: links::ARTICLE,
        },
        Reference { title: "Microsoft Entra joined devices", url: links::ENTRA_JOIN },
        Reference { title: "Microsoft Entra hybrid joined devices", url: links::HYBRID_JOIN },
    ],
    remedies: &[
        Remedy {
            title: "Join the device, then set up the account on it",
            steps: &[
                steps::CHECK_DEVICE_STATE,
                Step {
                    text: "Join the device to Microsoft Entra ID (Settings > Accounts > Access work or school > Connect > Join this device to Microsoft Entra ID), or hybrid join it through its domain.",
                    link: Some(links::ENTRA_JOIN),
                    action: Some(Action::JoinEntra),
                    who: Who::Admin,
                },
                steps::IDENTIFY_WORK_ACCOUNT,
                steps::SYNC_WORK_ACCOUNT,
                steps::SIGN_IN_INTERACTIVELY,
                steps::REENTER_CREDENTIALS,
            ],
        },
        Remedy {
            title: "Use the machine's local account instead",
            steps: &[Step {
                text: "If the machine is meant to stay unjoined (a lab or personal VM), edit the connection to use a local account of the machine, written `MACHINE\\user`; the account used to sign in to Power Automate does not need to be the Windows account.",
                link: Some(links::CONNECTIONS),
                action: Some(Action::UseLocalAccount),
                who: Who::User,
            }],
        },
    ],
    also: &[
        Also {
            seen: Seen::Code(ErrorCode::WindowsIdentityIncorrect),
            way: Way::SeedPair,
            source: SEED_PAIR,
        },
        Also {
            seen: Seen::Status(0xC000_006D),
            way: Way::OtherPath,
            source: Source::documented(
                links::INVALID_CREDENTIALS,
                "the page counts a machine not properly joined among the reasons a connection shows Bad username or authentication information",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.entra_or_domain_account, true);
    // Connect with sign-in gets its own code for this (FC048).
    m.is(&ev.sign_in, false);
    m.is(&ev.azure_ad_joined, false);
    m.is(&ev.domain_joined, false);
    // An Entra registered device is still not joined; say so beside it.
    if ev.workplace_joined.value == Some(true) {
        m.note(&ev.workplace_joined);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_on_a_workgroup_machine() {
        let mut w = healthy();
        w.machine.device_state.azure_ad_joined = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_for_a_local_account_on_the_same_machine() {
        let mut w = healthy();
        w.machine.device_state.azure_ad_joined = false;
        w.connection.username = ".\\rpa".into();
        w.connection.credential =
            crate::model::Credential::Password(crate::secret::Secret::new("Local-Pass-9"));
        assert_silent(&RULE, &w);
    }
}
