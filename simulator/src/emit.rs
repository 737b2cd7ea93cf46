//! Writes a world back out as a scenario file, for counter-examples that can
//! be dropped into `scenarios/` as regression cases, and for templates.
//!
//! The world serializes itself, under the names the loader reads and
//! without the fields that hold their default. A `Secret` cannot be read
//! back, so the caller names the passwords the world was built from; each
//! secret is written as the one it matches, any other as a placeholder.

use flowcred_core::model::{Connection, Machine, Tenant, World};
use flowcred_core::serial::{with_mode, SecretMode, WriteMode};
use flowcred_core::{ErrorCode, Stage};
use serde::Serialize;

#[derive(Serialize)]
struct ScenarioOut<'a> {
    tenant: &'a Tenant,
    machine: &'a Machine,
    connection: &'a Connection,
    expect: ExpectOut<'a>,
}

#[derive(Serialize)]
struct ExpectOut<'a> {
    error: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<&'static str>,
    rules: &'a [&'a str],
}

/// `value` as YAML, each secret written as the one of `passwords` it matches.
pub fn yaml<T: Serialize>(value: &T, passwords: &[&str]) -> String {
    let secrets = SecretMode::Known(passwords.iter().map(|p| (*p).to_owned()).collect());
    with_mode(WriteMode { secrets, defaults: false }, || serde_yaml::to_string(value))
        .expect("the model serializes to YAML")
}

/// A scenario file for `world` with the given opening comment and expectations.
pub fn scenario_yaml(
    world: &World,
    comment: &str,
    passwords: &[&str],
    error: Option<ErrorCode>,
    stage: Option<Stage>,
    rules: &[&str],
) -> String {
    let out = ScenarioOut {
        tenant: &world.tenant,
        machine: &world.machine,
        connection: &world.connection,
        expect: ExpectOut {
            error: error.map_or("none", |e| e.as_str()),
            stage: stage.map(|s| s.as_str()),
            rules,
        },
    };
    let mut text: String = comment.lines().map(|line| format!("# {line}\n")).collect();
    text.push_str(&yaml(&out, passwords));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowcred_core::space::{size, Dims, Passwords};

    #[test]
    fn emitted_worlds_load_back_unchanged() {
        let pw = Passwords::default();
        let names = Passwords::NAMES;
        for index in (0..size()).step_by(4_999) {
            let world = Dims::at(index).world(&pw);
            let yaml = scenario_yaml(&world, "generated", &names, None, None, &[]);
            let loaded = crate::scenario::load_str("generated.yaml", &yaml)
                .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
            assert_eq!(loaded.world, world, "{yaml}");
        }
    }

    #[test]
    fn fields_at_their_default_are_left_out_and_unknown_secrets_masked() {
        let world = Dims::HEALTHY.world(&Passwords::default());
        let yaml = scenario_yaml(&world, "healthy", &Passwords::NAMES[..1], None, None, &[]);
        assert!(!yaml.contains("legal_notice") && !yaml.contains("rdp:"), "{yaml}");
        assert!(yaml.contains("password: Current-Pass-1"), "{yaml}");
        assert!(!yaml.contains("Local-Pass-9") && yaml.contains("(secret)"), "{yaml}");
        assert!(yaml.starts_with("# healthy\ntenant:\n"), "{yaml}");
    }
}
