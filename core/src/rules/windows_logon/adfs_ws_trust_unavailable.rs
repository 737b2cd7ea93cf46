//! FC050 `adfs-ws-trust-unavailable`: Windows cannot sign a federated user in
//! because the identity provider's WS-Trust endpoint does not answer.

use crate::evidence::Evidence;
use crate::model::{CredentialKind, DomainKind};
use crate::payload::{ErrorCode, SubCode};
use crate::remedy::{steps, Action, Remedy, Step, Who};
use crate::rules::Match;
use crate::rules::{Reference, Rule};
use crate::sim::Stage;
use crate::source::links;
use crate::source::Source;
use crate::username::UsernameKind;

pub(in crate::rules) static RULE: Rule = Rule {
    id: "FC050",
    name: "adfs-ws-trust-unavailable",
    summary: "The federated identity provider's WS-Trust endpoint does not answer Windows",
    code: ErrorCode::WindowsIdentityIncorrect,
    sub_code: Some(SubCode::BadUsernameOrAuthentication),
    stage: Stage::WindowsLogon,
    mapping: Source::modelled(
        "the PRT page counts a failure of the AD FS WS-Trust endpoint under STATUS_LOGON_FAILURE for the device; that the connection shows -1073741715 is the model's",
    ),
    doc: "\\
## What it detects
A password connection for a user in a federated domain, on an Entra-joined-only
machine, where the identity provider's WS-Trust username endpoint (AD FS
`/adfs/services/trust/2005/usernamemixed`) is disabled or unreachable.

## Why it fails
This is not AADSTS50126. Entra may accept the password (password hash sync
with an HRD policy), but Windows on an Entra joined machine signs a federated
user in by asking the identity provider over WS-Trust. When that endpoint
fails, the logon fails, and `dsregcmd /status` records the WS-Trust error
(`Attempt Status : 0xc00484c1`, or `0xc004848b` when the metadata lacks the
endpoint).

## Example
`contoso.com` federated with `ws_trust: false`, PHS and an HRD policy on, an
Entra joined machine.

",
    references: &[
        Reference {
            title: "Troubleshoot primary refresh token issues (WS-Trust errors)",
            url: links::PRT,
        },
        Reference {
            title: "Field report, failures from the AD FS usernamemixed endpoint",
            url: links::FIELD_AZURE_POWERSHELL_13560,
        },
    ],
    remedies: &[
        Remedy {
            title: "Enable the WS-Trust username endpoint",
            steps: &[Step {
                text: "On AD FS, enable the endpoint `/adfs/services/trust/2005/usernamemixed` (Enable-AdfsEndpoint, and proxy it through the Web Application Proxy) so Windows can reach it.",
                link: Some(links::PRT),
                action: Some(Action::EnableWsTrust),
                who: Who::Admin,
            }],
        },
        Remedy {
            title: "Use a certificate credential",
            steps: &[
                steps::CONFIGURE_CBA,
                steps::UPGRADE_PAD,
                steps::ENTRA_JOIN_FOR_CBA,
                steps::USE_CERTIFICATE,
            ],
        },
    ],
    also: &[],
    detect,
};

fn detect(ev: &Evidence, m: &mut Match) {
    m.is(&ev.username_kind, UsernameKind::Upn);
    m.is(&ev.credential, CredentialKind::Password);
    m.is(&ev.azure_ad_joined, true);
    m.is(&ev.domain_joined, false);
    m.is(&ev.user_domain_kind, Some(DomainKind::Federated));
    m.is(&ev.ws_trust, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HrdPolicy, HrdScope};
    use crate::testing::*;

    fn federated_with_cloud_validation() -> crate::model::World {
        let mut w = federated();
        w.tenant.password_hash_sync = true;
        w.tenant.hrd_policy = Some(HrdPolicy {
            allow_cloud_password_validation: true,
            scope: HrdScope::OrganizationDefault,
        });
        w
    }

    #[test]
    fn fires_when_entra_accepts_the_password_and_ws_trust_fails() {
        let mut w = federated_with_cloud_validation();
        w.tenant.domains[0].ws_trust = false;
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn silent_with_the_endpoint_up_or_a_certificate() {
        assert_silent(&RULE, &federated_with_cloud_validation());
        let mut w = healthy_certificate();
        w.tenant.domains[0].kind = DomainKind::Federated;
        w.tenant.domains[0].ws_trust = false;
        assert_silent(&RULE, &w);
    }
}
