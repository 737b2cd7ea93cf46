//! Worlds and assertions shared by the rules' unit tests.

use crate::diagnosis::diagnose;
use crate::evidence::observe;
use crate::model::*;
use crate::rules::Rule;
use crate::secret::Secret;
use crate::sim::simulate;
use crate::version::PadVersion;

pub const PASSWORD: &str = "Correct-Horse-1";

/// An Entra-joined machine whose connection signs in `alice@contoso.com`.
pub fn healthy() -> World {
    World {
        tenant: Tenant {
            id: "6b3a9c2e-0f1d-4e8a-9b7c-2d5e8f1a3c4b".into(),
            name: "Contoso".into(),
            domains: vec![
                Domain { name: "contoso.com".into(), kind: DomainKind::Managed },
                Domain { name: "contoso.onmicrosoft.com".into(), kind: DomainKind::Managed },
            ],
            password_hash_sync: false,
            hrd_policy: None,
            certificate_auth: false,
            users: vec![User {
                upn: "alice@contoso.com".into(),
                password: Secret::new(PASSWORD),
                on_premises_name: Some("CONTOSO\\alice".into()),
                state: AccountState::Enabled,
            }],
        },
        machine: Machine {
            name: "RPA-01".into(),
            os: Os::Windows11,
            pad_version: PadVersion::new(2, 45),
            device_state: DeviceState {
                azure_ad_joined: true,
                domain_joined: false,
                domain_name: None,
                enterprise_joined: false,
            },
            work_accounts: vec![WorkAccount {
                upn: "alice@contoso.com".into(),
                synced: true,
                signed_in: true,
                cached_password: None,
            }],
            local_accounts: vec![LocalAccount {
                name: "rpa".into(),
                password: Secret::new("Local-Pass-9"),
            }],
        },
        connection: Connection {
            username: "alice@contoso.com".into(),
            credential: Credential::Password(Secret::new(PASSWORD)),
            mode: RunMode::Unattended,
        },
    }
}

/// A hybrid-joined machine in domain `CONTOSO`, connection `CONTOSO\alice`.
pub fn hybrid_domain_user() -> World {
    let mut w = healthy();
    w.machine.device_state.domain_joined = true;
    w.machine.device_state.domain_name = Some("CONTOSO".into());
    w.connection.username = "CONTOSO\\alice".into();
    w
}

/// `healthy()` with a certificate credential that meets every requirement.
pub fn healthy_certificate() -> World {
    let mut w = healthy();
    w.tenant.certificate_auth = true;
    w.machine.pad_version = PadVersion::new(2, 49);
    w.connection.credential = Credential::Certificate { name: "rpa-cert".into() };
    w
}

/// `healthy()` with `contoso.com` federated to AD FS.
pub fn federated() -> World {
    let mut w = healthy();
    w.tenant.domains[0].kind = DomainKind::Federated;
    w
}

/// Asserts `world` fails where `rule` says, with its code, and that the
/// diagnosis names `rule` alone.
#[track_caller]
pub fn assert_only_cause(rule: &'static Rule, world: &World) {
    assert!(world.impossibilities().is_empty(), "{:?}", world.impossibilities());
    let attempt = simulate(world);
    let error = attempt.error().unwrap_or_else(|| panic!("{} world succeeded", rule.id));
    assert_eq!((error.code, attempt.failed_stage()), (rule.code, Some(rule.stage)), "{}", rule.id);
    if world.machine.pad_version >= PadVersion::DETAILED_SUB_CODES {
        assert_eq!(error.sub_code, rule.sub_code, "{}", rule.id);
    }
    let diagnosis = diagnose(&observe(world));
    assert_eq!(diagnosis.rule_ids(), [rule.id]);
    assert!(diagnosis.findings.iter().all(|f| f.certainty == crate::Certainty::Confirmed));
}

/// Asserts `rule` does not fire on `world`.
#[track_caller]
pub fn assert_silent(rule: &'static Rule, world: &World) {
    let diagnosis = diagnose(&observe(world));
    assert!(!diagnosis.rule_ids().contains(&rule.id), "{} fired on a near miss", rule.id);
}

#[test]
fn the_baselines_succeed_with_no_finding() {
    for world in [healthy(), hybrid_domain_user(), healthy_certificate()] {
        assert_eq!(simulate(&world).error(), None);
        assert!(diagnose(&observe(&world)).findings.is_empty());
    }
}
