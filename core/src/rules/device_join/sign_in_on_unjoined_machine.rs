//! FC048 `sign-in-on-unjoined-machine`: connect with sign-in on a machine joined to nothing.

use crate::evidence::Evidence;
use crate::model::CredentialKind;
use crate::payload::ErrorCode;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC048",
    name: "sign-in-on-unjoined-machine",
    summary: "Connect with sign-in on a machine joined to nothing",
    code: ErrorCode::MachineNotJoined,
    sub_code: None,
    stage: Stage::DeviceJoin,
    mapping: Source::documented(
        links::MACHINE_NOT_JOINED,
        "the page gives MachineNotJoined for connect with sign-in on a machine joined to nothing",
    ),
    doc: "\
## What it detects
A connection that uses *Connect with sign-in* for a machine that is neither
Entra joined nor domain joined.

## Why it fails
Connect with sign-in hands the signed-in Entra user to the machine, which must
trust Entra or a domain to accept it.

## Example
`credential: {sign_in: true}`, `AzureAdJoined : NO`, `DomainJoined : NO`.

",
    references: &[
        Reference { title: "MachineNotJoined error", url: links::MACHINE_NOT_JOINED },
        Reference {
            title: "Desktop flow connections (connect with sign-in)",
            url: links::CONNECTIONS,
        },
    ],
    remedies: &[
        Remedy {
            title: "Join the machine",
            steps: &[
                Step {
                    text: "Join the machine to Microsoft Entra ID, or use a username and password connection instead.",
                    link: Some(links::MACHINE_NOT_JOINED),
                    action: Some(Action::JoinEntra),
                    who: Who::Admin,
                },
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.credential, CredentialKind::SignIn);
    m.is(&ev.azure_ad_joined, false);
    m.is(&ev.domain_joined, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Credential;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.connection.credential = Credential::SignIn;
        w.machine.device_state.azure_ad_joined = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.machine.device_state.azure_ad_joined = false;
        assert_silent(&RULE, &w);
    }
}
