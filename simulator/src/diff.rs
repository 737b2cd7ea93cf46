//! What changed between two worlds, read off their serialized trees: every
//! changed leaf by its field path, list items by their `upn` or `name`, a
//! secret as "changed" and never more.
//!
//! Because the world serializes itself, a new field of the model shows in
//! every diff without a line here.

use flowcred_core::model::World;
use flowcred_core::serial::{with_mode, SecretMode, WriteMode};
use serde_json::Value;

/// One line per change, in field order: `machine.rdp.nla: true -> false`.
pub fn world_diff(before: &World, after: &World) -> Vec<String> {
    let mode = WriteMode { secrets: SecretMode::Fingerprint, defaults: true };
    let (a, b) = with_mode(mode, || (serde_json::to_value(before), serde_json::to_value(after)));
    let (a, b) = (a.expect("a world is JSON"), b.expect("a world is JSON"));
    let mut out = Vec::new();
    walk("", &a, &b, &mut out);
    out
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// What names a list item across two worlds.
fn identity(item: &Value, index: usize) -> String {
    ["upn", "name"]
        .iter()
        .find_map(|key| item.get(key).and_then(Value::as_str))
        .map_or_else(|| index.to_string(), str::to_owned)
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        _ if a == b => {}
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for key in keys {
                let path = child(path, key);
                match (x.get(key), y.get(key)) {
                    (Some(a), Some(b)) => walk(&path, a, b, out),
                    (Some(a), None) if is_secret(a) => out.push(format!("{path}: removed")),
                    (Some(a), None) => out.push(format!("{path}: removed (was {})", show(a))),
                    (None, Some(b)) => out.push(format!("{path}: added {}", show(b))),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            let ids = |items: &[Value]| -> Vec<String> {
                items.iter().enumerate().map(|(i, v)| identity(v, i)).collect()
            };
            let (xs, ys) = (ids(x), ids(y));
            for (i, id) in xs.iter().enumerate() {
                let item = format!("{path}[{id}]");
                match ys.iter().position(|other| other == id) {
                    Some(j) => walk(&item, &x[i], &y[j], out),
                    None => out.push(format!("{item}: removed")),
                }
            }
            for (j, id) in ys.iter().enumerate() {
                if !xs.contains(id) {
                    out.push(format!("{path}[{id}]: added {}", show(&y[j])));
                }
            }
        }
        _ if is_secret(a) || is_secret(b) => out.push(format!("{path}: changed (not shown)")),
        _ => out.push(format!("{path}: {} -> {}", show(a), show(b))),
    }
}

fn is_secret(value: &Value) -> bool {
    value.as_str().is_some_and(|s| s.starts_with("(secret "))
}

/// A value as a reader wants it, in YAML's flow style: text bare, nothing
/// as `(none)`, a secret as `(secret)`, maps as `{key: value, ...}`.
fn show(value: &Value) -> String {
    match value {
        Value::Null => "(none)".into(),
        Value::String(_) if is_secret(value) => "(secret)".into(),
        Value::String(s) if s.is_empty() => "\"\"".into(),
        Value::String(s) => s.clone(),
        Value::Object(map) => {
            let fields: Vec<String> =
                map.iter().map(|(k, v)| format!("{k}: {}", show(v))).collect();
            format!("{{{}}}", fields.join(", "))
        }
        Value::Array(items) => {
            format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowcred_core::model::{Credential, WorkAccount};
    use flowcred_core::space::{Dims, Passwords};
    use flowcred_core::Secret;

    #[test]
    fn every_changed_leaf_by_its_path_and_secrets_as_changed_only() {
        let before = Dims::HEALTHY.world(&Passwords::default());
        let mut after = before.clone();
        after.machine.rdp.nla = false;
        after.machine.work_accounts[0].synced = false;
        after.machine.work_accounts.push(WorkAccount {
            upn: "bob@contoso.com".into(),
            synced: true,
            signed_in: true,
            cached_password: Some(Secret::new("Hidden-1")),
        });
        after.connection.credential = Credential::Password(Secret::new("Hidden-2"));
        after.tenant.users[0].on_premises_name = None;
        let diff = world_diff(&before, &after);
        let text = diff.join("\n");
        assert!(diff.contains(&"machine.rdp.nla: true -> false".to_owned()), "{text}");
        assert!(
            diff.contains(
                &"machine.work_accounts[alice@contoso.com].synced: true -> false".to_owned()
            ),
            "{text}"
        );
        assert!(text.contains("machine.work_accounts[bob@contoso.com]: added {upn: bob@contoso.com, synced: true, signed_in: true, cached_password: (secret)}"), "{text}");
        assert!(
            diff.contains(&"connection.credential.password: changed (not shown)".to_owned()),
            "{text}"
        );
        assert!(
            diff.contains(
                &"tenant.users[alice@contoso.com].on_premises_name: CONTOSO\\alice -> (none)"
                    .to_owned()
            ),
            "{text}"
        );
        assert!(!text.contains("Hidden") && !text.contains("Current-Pass"), "{text}");
        assert!(world_diff(&before, &before).is_empty());
    }
}
