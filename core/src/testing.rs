//! Worlds and assertions shared by the rules' unit tests.

use crate::diagnosis::diagnose;
use crate::evidence::observe;
use crate::model::*;
use crate::rules::Rule;
use crate::secret::Secret;
use crate::sim::simulate;
use crate::space::{Dims, Passwords};
use crate::version::PadVersion;

pub const PASSWORD: &str = "Correct-Horse-1";

/// An Entra-joined machine whose attended connection signs in
/// `alice@contoso.com`: the healthy point of the world space.
pub fn healthy() -> World {
    let passwords = Passwords {
        current: Secret::new(PASSWORD),
        outdated: Secret::new("Old-Horse-0"),
        local: Secret::new("Local-Pass-9"),
    };
    Dims::HEALTHY.world(&passwords)
}

/// `healthy()` run unattended, on a machine where Remote Desktop lets the
/// Entra account in (NLA off).
pub fn unattended() -> World {
    let mut w = healthy();
    w.connection.mode = RunMode::Unattended;
    w.machine.rdp.nla = false;
    w
}

/// `healthy()` on the path where Power Automate asks Entra for a token with
/// the password: an unattended run on Power Automate for desktop 2.50 with
/// NLA on, Entra authentication for Remote Desktop consented.
pub fn token_path() -> World {
    let mut w = healthy();
    w.connection.mode = RunMode::Unattended;
    w.machine.pad_version = PadVersion::PASSWORD_WITH_NLA;
    w.tenant.rdp_sso_consent = true;
    w
}

/// `federated()` on the token path.
pub fn federated_token_path() -> World {
    let mut w = token_path();
    w.tenant.domains[0].kind = DomainKind::Federated;
    w
}

/// `world` right after alice's password changed on premises: password hash
/// sync on, and Entra still holding her old password.
pub fn with_phs_lag(mut world: World) -> World {
    world.tenant.password_hash_sync = true;
    world.tenant.users[0].cloud_password = Some(Secret::new("Old-Horse-0"));
    world
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
    for world in [healthy(), unattended(), hybrid_domain_user(), healthy_certificate()] {
        assert_eq!(simulate(&world).error(), None);
        assert!(diagnose(&observe(&world)).findings.is_empty());
    }
}

/// The ids of every rule the world's evidence fires, sorted.
pub fn fired_ids(world: &World) -> Vec<&'static str> {
    let mut ids = crate::diagnosis::diagnose(&crate::evidence::observe(world)).rule_ids();
    ids.sort_unstable();
    ids
}
