//! FC049 `sign-in-tenant-not-allowlisted`: connect with sign-in on an AD-only machine whose AllowedRegistrationTenants lacks the tenant.

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
    id: "FC049",
    name: "sign-in-tenant-not-allowlisted",
    summary: "Connect with sign-in on an AD-only machine whose AllowedRegistrationTenants lacks the tenant",
    code: ErrorCode::UnallowedTenantForConnectWithSignIn,
    sub_code: None,
    stage: Stage::DeviceJoin,
    mapping: Source::documented(
        links::SIGN_IN_ALLOWLIST,
        "the page gives UnallowedTenantForConnectWithSignIn for a tenant missing from AllowedRegistrationTenants",
    ),
    doc: "\
## What it detects
A *Connect with sign-in* connection for a machine joined only to on-premises
AD, with Power Automate for desktop 2.48 or later or a patched build of 2.41
to 2.47 (build number 24249, such as `2.45.404.24249`), where the tenant is
not in `AllowedRegistrationTenants`.

## Why it fails
A security update made connect with sign-in on machines that do not trust
Entra opt-in per tenant: the machine's administrator lists the tenants it
accepts.

The run shows `UnallowedTenantForConnectWithSignIn`; before any run, creating
or testing such a connection already fails, with *Invalid Credentials*, for
the same reason.

## Example
`DomainJoined : YES`, `AzureAdJoined : NO`, 2.48, empty
`AllowedRegistrationTenants`.

",
    references: &[
        Reference { title: "UnallowedTenantForConnectWithSignIn", url: links::SIGN_IN_ALLOWLIST },
        Reference {
            title: "Connect with sign-in security update (the patched builds)",
            url: links::CONNECT_SIGN_IN_UPDATE,
        },
    ],
    remedies: &[
        Remedy {
            title: "Allow-list the tenant",
            steps: &[
                Step {
                    text: "Add the tenant id to `HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Power Automate Desktop\\Registration\\AllowedRegistrationTenants` (comma-separated; a GPO is best).",
                    link: Some(links::SIGN_IN_ALLOWLIST),
                    action: Some(Action::AllowlistTenant),
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
    m.is(&ev.domain_joined, true);
    m.test(&ev.pad_version, |v| v.enforces_sign_in_allowlist());
    m.is(&ev.tenant_allowlisted, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Credential;
    use crate::testing::*;
    use crate::version::PadVersion;

    #[test]
    fn fires_as_the_only_cause() {
        let mut w = healthy();
        w.connection.credential = Credential::SignIn;
        w.machine.device_state.azure_ad_joined = false;
        w.machine.device_state.domain_joined = true;
        w.machine.device_state.domain_name = Some("CONTOSO".into());
        w.machine.pad_version = PadVersion::new(2, 48);
        assert_only_cause(&RULE, &w);
    }

    #[test]
    fn patched_older_builds_enforce_it_too() {
        let mut w = healthy();
        w.connection.credential = Credential::SignIn;
        w.machine.device_state.azure_ad_joined = false;
        w.machine.device_state.domain_joined = true;
        w.machine.device_state.domain_name = Some("CONTOSO".into());
        w.machine.pad_version = PadVersion::with_build(2, 45, 404, 24249);
        assert_only_cause(&RULE, &w);
        w.machine.pad_version = PadVersion::new(2, 45);
        assert_silent(&RULE, &w);
    }

    #[test]
    fn silent_on_a_near_miss() {
        let mut w = healthy();
        w.connection.credential = Credential::SignIn;
        w.machine.device_state.azure_ad_joined = false;
        w.machine.device_state.domain_joined = true;
        w.machine.device_state.domain_name = Some("CONTOSO".into());
        w.machine.pad_version = PadVersion::new(2, 48);
        w.machine.allowed_registration_tenants = vec![w.tenant.id.clone()].into();
        assert_silent(&RULE, &w);
    }
}
