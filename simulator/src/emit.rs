//! Writes a world back out as a scenario file, for counter-examples that can
//! be dropped into `scenarios/` as regression cases.
//!
//! A `Secret` cannot be read back, so the caller names the password strings
//! the world was built from; each secret is written as the one it matches.

use std::fmt::Write as _;

use flowcred_core::model::{Credential, Mfa, UserType, World};
use flowcred_core::{ErrorCode, Secret, Stage};

/// A scenario file for `world` with the given opening comment and expectations.
pub fn scenario_yaml(
    world: &World,
    comment: &str,
    passwords: &[&str],
    error: Option<ErrorCode>,
    stage: Option<Stage>,
    rules: &[&str],
) -> String {
    let secret = |s: &Secret| {
        let plain =
            passwords.iter().find(|p| s.matches(&Secret::new(**p))).copied().unwrap_or("(unknown)");
        quote(plain)
    };
    let mut y = String::new();
    for line in comment.lines() {
        let _ = writeln!(y, "# {line}");
    }
    let t = &world.tenant;
    let _ = writeln!(y, "tenant:\n  id: {}\n  name: {}\n  domains:", t.id, quote(&t.name));
    for d in &t.domains {
        let _ =
            writeln!(y, "    - name: {}\n      type: {}", d.name, d.kind.as_str().to_lowercase());
        if !d.ws_trust {
            let _ = writeln!(y, "      ws_trust: false");
        }
    }
    let _ = writeln!(y, "  password_hash_sync: {}", t.password_hash_sync);
    if let Some(p) = t.hrd_policy {
        let scope = match p.scope {
            flowcred_core::model::HrdScope::OrganizationDefault => "organization_default",
            flowcred_core::model::HrdScope::ServicePrincipal => "service_principal",
            flowcred_core::model::HrdScope::OtherApplication => "other_application",
        };
        let _ = writeln!(
            y,
            "  hrd_policy:\n    AllowCloudPasswordValidation: {}\n    scope: {scope}",
            p.allow_cloud_password_validation
        );
    }
    let _ = writeln!(y, "  certificate_auth: {}", t.certificate_auth);
    if t.rdp_sso_consent {
        let _ = writeln!(y, "  rdp_sso_consent: true");
    }
    let _ = writeln!(y, "  users:");
    for u in &t.users {
        let _ = writeln!(y, "    - upn: {}\n      password: {}", u.upn, secret(&u.password));
        if let Some(name) = &u.on_premises_name {
            let _ = writeln!(y, "      on_premises_name: {}", quote(name));
        }
        let _ = writeln!(y, "      state: {}", key(&u.state));
        if u.user_type != UserType::Member {
            let _ = writeln!(y, "      user_type: {}", key(&u.user_type));
        }
        if u.mfa != Mfa::None {
            let _ = writeln!(y, "      mfa: {}", key(&u.mfa));
        }
        if u.passwordless {
            let _ = writeln!(y, "      passwordless: true");
        }
        if let Some(upn) = &u.on_premises_upn {
            let _ = writeln!(y, "      on_premises_upn: {}", quote(upn));
        }
    }
    let m = &world.machine;
    let os = key(&m.os);
    let _ = writeln!(
        y,
        "machine:\n  name: {}\n  os: {}\n  pad_version: \"{}\"",
        quote(&m.name),
        os,
        m.pad_version
    );
    let ds = &m.device_state;
    let _ = writeln!(
        y,
        "  device_state:\n    azure_ad_joined: {}\n    domain_joined: {}",
        ds.azure_ad_joined, ds.domain_joined
    );
    if let Some(name) = &ds.domain_name {
        let _ = writeln!(y, "    domain_name: {}", quote(name));
    }
    if ds.enterprise_joined {
        let _ = writeln!(y, "    enterprise_joined: true");
    }
    if let Some(id) = &ds.tenant_id {
        let _ = writeln!(y, "    tenant_id: {}", quote(id));
    }
    let _ = writeln!(y, "  work_accounts:{}", if m.work_accounts.is_empty() { " []" } else { "" });
    for a in &m.work_accounts {
        let _ = writeln!(
            y,
            "    - upn: {}\n      synced: {}\n      signed_in: {}",
            a.upn, a.synced, a.signed_in
        );
        if let Some(p) = &a.cached_password {
            let _ = writeln!(y, "      cached_password: {}", secret(p));
        }
    }
    let _ =
        writeln!(y, "  local_accounts:{}", if m.local_accounts.is_empty() { " []" } else { "" });
    for a in &m.local_accounts {
        let _ =
            writeln!(y, "    - name: {}\n      password: {}", quote(&a.name), secret(&a.password));
    }
    let rdp = &m.rdp;
    let _ = writeln!(
        y,
        "  rdp:\n    nla: {}\n    prompt_for_password: {}\n    security_layer: {}\n    entra_rdp_auth: {}",
        rdp.nla,
        rdp.prompt_for_password,
        key(&rdp.security_layer),
        rdp.entra_rdp_auth
    );
    let rights = &m.logon_rights;
    let _ = writeln!(
        y,
        "  logon_rights:\n    remote_desktop_users: {}\n    denied: {}\n    uiflowservice_in_remote_desktop_users: {}",
        key(&rights.remote_desktop_users),
        rights.denied,
        rights.uiflowservice_in_remote_desktop_users
    );
    if let Some(provider) = &m.third_party_credential_provider {
        let _ = writeln!(y, "  third_party_credential_provider: {}", quote(provider));
    }
    if m.legal_notice {
        let _ = writeln!(y, "  legal_notice: true");
    }
    if let Some(vm) = m.azure_vm {
        let _ = writeln!(y, "  azure_vm:\n    login_role: {}", vm.login_role);
    }
    if !m.domain_controller_reachable {
        let _ = writeln!(y, "  domain_controller_reachable: false");
    }
    if let Some(session) = m.session {
        let _ = writeln!(y, "  session: {}", key(&session));
    }
    if !m.allowed_registration_tenants.is_empty() {
        let tenants: Vec<String> =
            m.allowed_registration_tenants.iter().map(|t| quote(t)).collect();
        let _ = writeln!(y, "  allowed_registration_tenants: [{}]", tenants.join(", "));
    }
    let c = &world.connection;
    let _ = writeln!(y, "connection:\n  username: {}\n  credential:", quote(&c.username));
    match &c.credential {
        Credential::Password(p) => {
            let _ = writeln!(y, "    password: {}", secret(p));
        }
        Credential::Certificate { name } => {
            let _ = writeln!(y, "    certificate: {}", quote(name));
        }
        Credential::SignIn => {
            let _ = writeln!(y, "    sign_in: true");
        }
    }
    let _ = writeln!(y, "  mode: {}", c.mode.as_str());
    let _ = writeln!(y, "expect:\n  error: {}", error.map_or("none", |e| e.as_str()));
    if let Some(stage) = stage {
        let _ = writeln!(y, "  stage: {stage}");
    }
    let _ = writeln!(y, "  rules: [{}]", rules.join(", "));
    y
}

/// The YAML key of a model enum value: its variant name in snake case
/// (`WindowsServer2016` -> `windows_server_2016`).
fn key(value: &impl std::fmt::Debug) -> String {
    snake(&format!("{value:?}"))
}

fn snake(debug: &str) -> String {
    let mut out = String::new();
    for (i, ch) in debug.chars().enumerate() {
        let boundary = i > 0
            && (ch.is_ascii_uppercase()
                || (ch.is_ascii_digit() && !out.ends_with(|c: char| c.is_ascii_digit())));
        if boundary {
            out.push('_');
        }
        out.push(ch.to_ascii_lowercase());
    }
    out
}

/// A YAML double-quoted string.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowcred_core::space::{size, Dims, Passwords};

    #[test]
    fn emitted_worlds_load_back_unchanged() {
        let pw = Passwords::default();
        let names = ["Current-Pass-1", "Outdated-Pass-0", "Local-Pass-9"];
        for index in (0..size()).step_by(4_999) {
            let world = Dims::at(index).world(&pw);
            let yaml = scenario_yaml(&world, "generated", &names, None, None, &[]);
            let loaded = crate::scenario::load_str("generated.yaml", &yaml)
                .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
            assert_eq!(loaded.world, world, "{yaml}");
        }
    }

    #[test]
    fn os_keys() {
        assert_eq!(snake("WindowsServer2016"), "windows_server_2016");
        assert_eq!(snake("Windows11"), "windows_11");
        assert_eq!(key(&Mfa::ConditionalAccess), "conditional_access");
    }
}
