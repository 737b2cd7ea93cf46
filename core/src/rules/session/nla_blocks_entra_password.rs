//! FC026 `nla-blocks-entra-password`: network Level Authentication cannot check the Entra password of an unattended run.

use crate::evidence::Evidence;
use crate::model::{CredentialKind, RunMode};
use crate::payload::ErrorCode;
use crate::recognize::Client;
use crate::recognize::{Seen, Sign};
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::version::PadVersion;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC026",
    name: "nla-blocks-entra-password",
    summary: "Network Level Authentication cannot check the Entra password of an unattended run",
    code: ErrorCode::MsEntraLogonFailure,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::documented(
        links::AAD_LOGON_FAILURE,
        "the page ties the error to Entra credentials Windows cannot check under NLA, and NLA off as the fix",
    ),
    doc: "\
## What it detects
An unattended run with a password credential for an Entra account, on a
machine that is Entra joined only, where Remote Desktop requires Network Level
Authentication and Power Automate does not use Entra authentication for Remote
Desktop (2.50 or later with NLA; 2.49 with `UseRdsAadAuthentication` only
without NLA).

## Why it fails
An unattended run opens a Remote Desktop session with the connection's
credentials. Under NLA the credentials are checked before the session starts,
by a protocol that cannot validate an Entra password on a machine that only
Entra trusts. The password is right and the run still fails: this is not a
credential mismatch.

## Example
`AzureAdJoined : YES`, `DomainJoined : NO`, `UserAuthentication = 1`, Power
Automate for desktop 2.45, unattended.

",
    references: &[
        Reference {
            title: "Unattended runs with Microsoft Entra accounts",
            url: links::UNATTENDED,
        },
        Reference {
            title: "AadLogonFailure (now MSEntraLogonFailure)",
            url: links::AAD_LOGON_FAILURE,
        },
        Reference {
            title: "Field report, Entra account refused under NLA",
            url: links::FIELD_WINDOWS_ITPRO_11020,
        },
    ],
    remedies: &[
        Remedy {
            title: "Use Entra authentication for Remote Desktop",
            steps: &[
                Step {
                    text: "Install Power Automate for desktop 2.50 or later on the machine (with NLA, a password uses Entra authentication for Remote Desktop from 2.50), and let it reach `config.edge.skype.com`.",
                    link: Some(links::UNATTENDED),
                    action: Some(Action::UpgradePad),
                    who: Who::Admin,
                },
                steps::GRANT_RDP_CONSENT,
            ],
        },
        steps::DISABLE_NLA_REMEDY,
    ],
    also: &[
        Also {
            seen: Seen::Client(Client::CredentialsDidNotWork),
            way: Way::Client,
            source: Source::documented(
                links::FIELD_WINDOWS_ITPRO_11020,
                "Entra accounts fail Network Level Authentication with the client's credentials message, and sign in with NLA off",
            ),
        },
        Also {
            seen: Seen::Event(Sign::NtlmNetworkLogonOfEntraAccount),
            way: Way::Event,
            source: Source::documented(
                links::FIELD_MESHCENTRAL_5805,
                "the NLA attempt of an Entra account is logged as a refused NTLM network logon (type 3, 0xC000006D/0xC0000064), and signing in works with NLA off",
            ),
        },
        Also {
            seen: Seen::Status(0xC000_006D),
            way: Way::OtherPath,
            source: Source::documented(
                links::FIELD_MESHCENTRAL_5805,
                "the NLA attempt is logged as a failed network logon with 0xC000006D, NTLM not finding the Entra user",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.entra_rdp_path, true);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.rdp_nla, true);
    m.is(&ev.rds_aad_auth, false);
    // From 2.50 the route only fails where its endpoint is blocked: FC072.
    m.test(&ev.pad_version, |v| *v < PadVersion::PASSWORD_WITH_NLA);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = unattended();
        w.machine.rdp.nla = true;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = unattended();
        w.machine.rdp.nla = true;
        w.machine.device_state.domain_joined = true;
        w.machine.device_state.domain_name = Some("CONTOSO".into());
        assert_silent(&RULE, &w);
    }
}
