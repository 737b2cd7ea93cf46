//! FC051 `pku2u-online-identities-refused`: the machine refuses PKU2U
//! authentication with online identities, which Remote Desktop needs for an
//! Entra account.

use crate::evidence::Evidence;
use crate::model::{CredentialKind, RunMode};
use crate::payload::ErrorCode;
use crate::recognize::Client;
use crate::recognize::Seen;
use crate::remedy::{Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Also, Way};
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::space::Dim;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC051",
    name: "pku2u-online-identities-refused",
    summary: "The machine refuses PKU2U authentication with online identities",
    code: ErrorCode::MsEntraLogonFailure,
    sub_code: None,
    stage: Stage::Session,
    mapping: Source::modelled(
        "the Azure VM page requires the PKU2U policy but names no code; MSEntraLogonFailure, the code of Entra Remote Desktop sign-in failures, is the model's",
    ),
    doc: "\
## What it detects
An unattended run with an Entra account's password on an Entra joined machine
whose security policy refuses PKU2U authentication requests that use online
identities, without Entra authentication for Remote Desktop.

## Why it fails
Remote Desktop signs an Entra account in to an Entra joined machine through
PKU2U; with the policy disabled the machine refuses the account. The Azure VM
sign-in page documents the policy as a requirement; no page names the code
Power Automate then shows, so `MSEntraLogonFailure` (the code of the other
Remote Desktop sign-in failures of Entra accounts) is our model, not a
documented payload.

## Example
`machine.pku2u_online_identities: false`, unattended, Power Automate 2.45.
",
    references: &[Reference {
        title: "Sign in to a Windows VM in Azure with Entra ID (PKU2U policy)",
        url: links::AZURE_VM_SIGN_IN,
    }],
    remedies: &[Remedy {
        title: "Allow PKU2U with online identities",
        steps: &[Step {
            text: "Enable the security policy \"Network security: Allow PKU2U authentication requests to this computer to use online identities\" on the machine.",
            link: Some(links::AZURE_VM_SIGN_IN),
            action: Some(Action::Heal(Dim::PKU2U)),
            who: Who::Admin,
        }],
    }],
    also: &[
        Also {
            seen: Seen::Client(Client::CredentialsDidNotWork),
            way: Way::Client,
            source: Source::modelled(
                "a machine that refuses PKU2U refuses the Entra sign-in of Remote Desktop, which the client reports as credentials that did not work",
            ),
        },
        Also {
            seen: Seen::Client(Client::NlaDomainControllerUnreachable),
            way: Way::Client,
            source: Source::modelled(
                "a hardened VM gave this message and the report names no cause; refusing PKU2U online identities is one a hardening baseline sets",
            ),
        },
    ],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.run_mode, RunMode::Unattended);
    m.is(&ev.entra_rdp_path, true);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.rds_aad_auth, false);
    m.is(&ev.pku2u, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fires_as_the_only_cause_with_nla_off() {
        let mut w = unattended();
        w.machine.rdp.nla = false;
        w.machine.pku2u_online_identities = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_with_entra_authentication_for_remote_desktop() {
        let mut w = unattended();
        w.machine.pku2u_online_identities = false;
        w.machine.pad_version = crate::version::PadVersion::new(2, 49);
        w.machine.rdp.entra_rdp_auth = true;
        w.tenant.rdp_sso_consent = true;
        assert_silent(&RULE, &w);
    }
}
