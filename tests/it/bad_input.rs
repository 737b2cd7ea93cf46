//! Bad input is a located error and exit 2, never a panic, and never stops
//! the good scenarios beside it.

use flowcred::cli::Exit;
use flowcred::scenario::{self, LoadError};
use flowcred_tests::{flowcred, root};

fn good() -> String {
    std::fs::read_to_string(root().join("scenarios/healthy-entra-joined.yaml")).unwrap()
}

/// The good scenario with `from` replaced by `to` (which must occur).
fn edited(from: &str, to: &str) -> String {
    let text = good();
    assert!(text.contains(from), "{from:?} not in the base scenario");
    text.replacen(from, to, 1)
}

fn error(text: &[u8]) -> LoadError {
    scenario::load_bytes("bad.yaml", text).expect_err("the scenario must not load")
}

#[track_caller]
fn assert_at(e: &LoadError, line: usize, field: Option<&str>, message: &str) {
    assert_eq!(e.file, "bad.yaml");
    assert_eq!(e.line, line, "{e}");
    assert!(e.column >= 1, "{e}");
    assert_eq!(e.field.as_deref(), field, "{e}");
    assert!(e.message.contains(message), "{e}");
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn unknown_field() {
    let text = edited("  pad_version:", "  pad_verison:");
    let e = error(text.as_bytes());
    assert_at(
        &e,
        line_of(&text, "pad_verison"),
        Some("machine.pad_verison"),
        "unknown field `pad_verison`",
    );
}

/// A character YAML forbids is reported where it is, not at 1:1; a long
/// value is quoted in a message only in part.
#[test]
fn a_forbidden_character_at_its_line_and_a_long_value_cut_short() {
    for c in ['\u{fffe}', '\u{1}', '\u{ffff}'] {
        let text = edited("azure_ad_joined: true", &format!("azure_ad_joined: true # a{c}"));
        let e = error(text.as_bytes());
        assert_at(&e, line_of(&text, "# a"), None, "is not allowed in a YAML file");
        assert_eq!(e.column, text.lines().nth(e.line - 1).unwrap().find("# a").unwrap() + 4);
    }
    let long = "v".repeat(10_000);
    let text = edited("azure_ad_joined: true", &format!("azure_ad_joined: {long}"));
    let e = error(text.as_bytes());
    assert!(e.message.len() < 200, "{}", e.message);
    assert!(e.message.contains(&format!("{}…", "v".repeat(40))), "{}", e.message);
}

#[test]
fn wrong_type() {
    let text = edited("azure_ad_joined: true", "azure_ad_joined: maybe");
    let e = error(text.as_bytes());
    assert_at(
        &e,
        line_of(&text, "maybe"),
        Some("machine.device_state.azure_ad_joined"),
        "invalid type",
    );
}

#[test]
fn a_number_where_a_version_string_is_needed() {
    let text = edited("pad_version: \"2.45\"", "pad_version: 2.50");
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "2.50"), Some("machine.pad_version"), "write it quoted: '2.50'");
}

#[test]
fn missing_field() {
    // Most fields have defaults; a user still needs its UPN.
    let text = edited("    - upn: alice@contoso.com\n      password:", "    - password:");
    let e = error(text.as_bytes());
    assert_eq!(e.field.as_deref(), Some("tenant.users[0]"), "{e}");
    assert!(e.message.contains("missing field `upn`"), "{e}");
}

#[test]
fn duplicate_key_at_the_duplicate() {
    let text = edited("  os: windows_11\n", "  os: windows_11\n  os: windows_10\n");
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "os: windows_10"), Some("machine.os"), "duplicate key `os`");
    assert!(e
        .message
        .contains(&format!("first given at line {}", line_of(&text, "os: windows_11"))));
}

#[test]
fn errors_in_flow_style_items_point_at_the_item() {
    let text = edited(
        "    - upn: alice@contoso.com\n      password: \"Tr0ub4dor&3-alice\"\n      on_premises_name: \"CONTOSO\\\\alice\"\n",
        "    - {upn: alice@contoso.com, password: \"p\", state: asleep}\n",
    );
    let e = error(text.as_bytes());
    assert_at(
        &e,
        line_of(&text, "state: asleep"),
        Some("tenant.users[0].state"),
        "unknown variant",
    );
    assert!(e.column > 40, "{e}");
    // An impossible state in a flow item is placed there too.
    let text = edited(
        "    - upn: alice@contoso.com\n      password: \"Tr0ub4dor&3-alice\"\n      on_premises_name: \"CONTOSO\\\\alice\"\n",
        "    - {upn: alice@contoso.com, password: \"p\"}\n    - {upn: alice@fabrikam.com, password: \"p\"}\n",
    );
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "fabrikam"), Some("tenant.users[1].upn"), "tenant's domains");
}

#[test]
fn a_second_document_is_refused_at_its_start() {
    let text = format!("{}---\n{}", good(), good());
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "---"), None, "one YAML document");
}

#[test]
fn null_where_text_is_required() {
    let text = edited("  name: RPA-01", "  name: ~");
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "name: ~"), Some("machine.name"), "not null");
}

#[test]
fn tags_outside_the_core_schema_or_changing_a_value() {
    let text = edited("machine:\n", "machine: !Machine\n");
    assert_at(&error(text.as_bytes()), line_of(&text, "!Machine"), None, "`!Machine`");
    let text = edited("    azure_ad_joined: true", "    azure_ad_joined: !!str true");
    assert_at(&error(text.as_bytes()), line_of(&text, "!!str"), None, "write it quoted: 'true'");
}

#[test]
fn a_version_outside_the_schema_pattern() {
    let text = edited("pad_version: \"2.45\"", "pad_version: \"+2.+45\"");
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "+2.+45"), Some("machine.pad_version"), "is not a version");
}

#[test]
fn bad_enum_value() {
    let text = edited("type: managed", "type: cloud");
    let e = error(text.as_bytes());
    assert_at(
        &e,
        line_of(&text, "type: cloud"),
        Some("tenant.domains[0].type"),
        "unknown variant `cloud`",
    );
}

#[test]
fn bad_error_code_in_expect() {
    let text = edited("error: none", "error: InvalidCredentials");
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "InvalidCredentials"), Some("expect.error"), "unknown error code");
}

#[test]
fn tab_indentation_at_the_tab() {
    let text = edited("  os: windows_11", "\tos: windows_11");
    let e = error(text.as_bytes());
    assert_eq!((e.line, e.column), (line_of(&text, "\tos"), 1), "{e}");
    assert_eq!(e.field, None, "{e}");
    assert!(e.message.contains("tab"), "{e}");
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "\n\n", "# only a comment\n"] {
        let e = error(text.as_bytes());
        assert_at(&e, 1, None, "the file is empty");
    }
}

#[test]
fn invalid_utf8_names_the_line() {
    let mut bytes = good().into_bytes();
    let at = good().find("RPA-01").unwrap();
    bytes[at] = 0xFF;
    let e = error(&bytes);
    assert_at(&e, line_of(&good(), "RPA-01"), None, "not valid UTF-8");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(good().bytes());
    let s = scenario::load_bytes("bom.yaml", &bytes).unwrap();
    assert!(s.summary.starts_with("Healthy control"), "{}", s.summary);
}

#[test]
fn utf16_is_decoded() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(good().encode_utf16().flat_map(u16::to_le_bytes));
    assert!(scenario::load_bytes("utf16.yaml", &bytes).is_ok());
    let mut odd = vec![0xFF, 0xFE];
    odd.extend([0x00, 0xD8, 0x41]); // an unpaired surrogate and half a unit
    assert!(error(&odd).message.contains("UTF-16"));
}

#[test]
fn impossible_state() {
    let text = edited(
        "    domain_joined: false\n",
        "    domain_joined: false\n    domain_name: CONTOSO\n",
    );
    let e = error(text.as_bytes());
    assert_at(
        &e,
        line_of(&text, "domain_name"),
        Some("machine.device_state.domain_name"),
        "not domain joined",
    );
}

#[test]
fn a_user_outside_the_tenant_domains() {
    let text = edited("- upn: alice@contoso.com", "- upn: alice@fabrikam.com");
    let e = error(text.as_bytes());
    assert_at(
        &e,
        line_of(&text, "alice@fabrikam.com"),
        Some("tenant.users[0].upn"),
        "tenant's domains",
    );
}

#[test]
fn unknown_rule_in_expect() {
    let text = edited("rules: []", "rules: [FC999]");
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "FC999"), Some("expect.rules[0]"), "unknown rule id `FC999`");
}

#[test]
fn a_credential_needs_exactly_one_kind() {
    let text = edited(
        "    password: \"Tr0ub4dor&3-alice\"\n  mode",
        "    password: x\n    certificate: c\n  mode",
    );
    let e = error(text.as_bytes());
    assert!(
        e.message.contains("exactly one of `password`, `certificate` or `sign_in: true`"),
        "{e}"
    );
    assert_eq!(e.field.as_deref(), Some("connection.credential"), "{e}");
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let deep = format!("tenant: {}1{}\n", "{a: ".repeat(100_000), "}".repeat(100_000));
    let e = error(deep.as_bytes());
    assert_at(&e, 1, None, "nesting is deeper than");
    let block: String = (0..200).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
    assert!(error(block.as_bytes()).message.contains("nesting is deeper than"));
}

#[test]
fn an_alias_bomb_fails() {
    let mut bomb = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for i in 1..9 {
        let prev = (b'a' + i - 1) as char;
        let cur = (b'a' + i) as char;
        bomb.push_str(&format!("{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let e = error(bomb.as_bytes());
    assert!(e.line >= 1, "{e}");
}

#[test]
fn binary_garbage_and_a_huge_line_fail_cleanly() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8).collect();
    let _ = error(&garbage);
    let huge = format!("tenant: \"{}\"\n", "x".repeat(900_000));
    let _ = error(huge.as_bytes());
}

#[test]
fn an_oversized_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, vec![b'#'; (scenario::MAX_BYTES + 1) as usize]).unwrap();
    let e = scenario::load_file(&path, Default::default()).unwrap_err();
    assert!(e.message.contains("limited to"), "{e}");
}

/// A pipe in a scanned folder is reported, a symbolic link (to a device, to
/// the folder itself, to a scenario beside it) is skipped with a note, and
/// the good scenario still runs: nothing blocks, nothing outside is read.
#[cfg(unix)]
#[test]
fn pipes_are_reported_and_links_skipped_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a-good.yaml"), good()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("b-zero.yaml")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(root.join("c-fifo.yaml")).status();
    std::fs::create_dir(root.join("d")).unwrap();
    std::os::unix::fs::symlink(root, root.join("d/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("a-good.yaml"), root.join("e-same.yaml")).unwrap();
    let folder = root.to_string_lossy().into_owned();

    let run = flowcred(&["run", &folder]);
    assert_eq!(run.stdout.matches("Result: succeeded").count(), 1, "{}", run.stdout);
    if fifo.is_ok_and(|s| s.success()) {
        assert_eq!(run.exit, Exit::Failure);
        let said = format!(
            "error: not a regular file (a named pipe); skipped\n  --> {folder}/c-fifo.yaml\n"
        );
        assert!(run.stderr.contains(&said), "{}", run.stderr);
    }
    for link in ["b-zero.yaml", "d/loop", "e-same.yaml"] {
        let note = format!("note: {folder}/{link}: a symbolic link; skipped");
        assert!(run.stderr.contains(&note), "{link}: {}", run.stderr);
    }

    // Named on the command line, a link is read only inside its folder.
    let zero = root.join("b-zero.yaml").to_string_lossy().into_owned();
    let out = flowcred(&["diagnose", "--dsregcmd", &zero]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("a symbolic link to outside its folder"), "{}", out.stderr);
    let same = root.join("e-same.yaml").to_string_lossy().into_owned();
    assert_eq!(flowcred(&["run", &same]).exit, Exit::Ok);
    let out = flowcred(&["--follow-symlinks", "diagnose", "--dsregcmd", &zero]);
    assert!(out.stderr.contains("not a regular file (a device)"), "{}", out.stderr);
}

/// A scenario folder from a stranger holds links to a key file and to the
/// process environment: no output of any command shows a byte of either,
/// whether the link is met in a folder walk or named on the command line.
#[cfg(unix)]
#[test]
fn links_out_of_the_tree_leak_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("home");
    std::fs::create_dir(&outside).unwrap();
    let key =
        "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0";
    std::fs::write(outside.join("id_ed25519"), format!("{key}\n")).unwrap();
    let tree = dir.path().join("pr");
    std::fs::create_dir(&tree).unwrap();
    std::fs::write(tree.join("a-good.yaml"), good()).unwrap();
    std::os::unix::fs::symlink(outside.join("id_ed25519"), tree.join("key.yaml")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", tree.join("env.yaml")).unwrap();
    // What the environment holds, in pieces long enough to mean it leaked.
    let environ = std::fs::read("/proc/self/environ").unwrap_or_default();
    let env_values: Vec<String> = String::from_utf8_lossy(&environ)
        .split('\0')
        .filter_map(|kv| kv.split_once('=').map(|(_, v)| v.to_owned()))
        .filter(|v| v.len() >= 12)
        .collect();
    let junit = dir.path().join("junit.xml");
    let (tree_arg, junit_arg) =
        (tree.to_string_lossy().into_owned(), junit.to_string_lossy().into_owned());
    let key_link = tree.join("key.yaml").to_string_lossy().into_owned();
    let env_link = tree.join("env.yaml").to_string_lossy().into_owned();
    let runs = [
        vec!["run", tree_arg.as_str()],
        vec!["run", "--format", "json", tree_arg.as_str()],
        vec!["check", "--junit", junit_arg.as_str(), tree_arg.as_str()],
        vec!["check", "--format", "json", key_link.as_str(), env_link.as_str()],
        vec!["run", key_link.as_str(), env_link.as_str()],
        vec!["diagnose", "--dsregcmd", key_link.as_str()],
        vec!["diagnose", "--facts", env_link.as_str(), "--username", "a@b.c"],
        vec!["diagnose", "--events", key_link.as_str(), "--username", "a@b.c"],
        vec!["diagnose", "--error", env_link.as_str()],
        vec!["import", "dsregcmd", env_link.as_str()],
        vec!["fix", key_link.as_str()],
    ];
    for args in runs {
        let out = flowcred(&args);
        let junit_text = std::fs::read_to_string(&junit).unwrap_or_default();
        for stream in [&out.stdout, &out.stderr, &junit_text] {
            assert!(!stream.contains("b3BlbnNzaC1rZXkt"), "{args:?} shows the key:\n{stream}");
            for value in &env_values {
                assert!(!stream.contains(value.as_str()), "{args:?} shows the environment");
            }
        }
        let refused = out.stderr.contains("a symbolic link")
            || junit_text.contains("a symbolic link")
            || out.stdout.contains("a symbolic link");
        assert!(refused, "{args:?} says why it left a link alone:\n{}", out.stderr);
    }
}

#[test]
fn one_broken_file_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-good.yaml"), good()).unwrap();
    std::fs::write(dir.path().join("b-broken.yaml"), edited("type: managed", "type: cloud"))
        .unwrap();
    std::fs::write(dir.path().join("c-good.yaml"), good()).unwrap();
    let dir_arg = dir.path().to_string_lossy().into_owned();

    let run = flowcred(&["run", &dir_arg]);
    assert_eq!(run.exit, Exit::Failure);
    assert_eq!(run.stdout.matches("Result: succeeded").count(), 2, "{}", run.stdout);
    assert!(run.stderr.contains("b-broken.yaml:"), "{}", run.stderr);
    assert!(run.stderr.contains("field: tenant.domains[0].type"), "{}", run.stderr);

    let check = flowcred(&["check", &dir_arg]);
    assert_eq!(check.exit, Exit::Failure);
    assert!(check.stdout.contains("2 as expected, 0 mismatched, 1 unreadable"), "{}", check.stdout);

    let json = flowcred(&["run", "--format", "json", &dir_arg]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["scenarios"].as_array().unwrap().len(), 2);
    assert_eq!(value["errors"][0]["field"], "tenant.domains[0].type");
}

#[test]
fn a_missing_path_is_reported_and_the_rest_still_runs() {
    let out = flowcred(&["run", "no/such/place", "scenarios/unjoined-device.yaml"]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("no/such/place"), "{}", out.stderr);
    assert!(out.stdout.contains("InvalidConnectionCredentials"), "{}", out.stdout);
}

/// Inside double quotes YAML reads `\a` as an escape: `"CONTOSO\alice"`
/// holds a control character, and the error says how to write it.
#[test]
fn an_escape_in_a_double_quoted_name_gets_a_hint() {
    let text = edited("  username: \"alice@contoso.com\"", "  username: \"CONTOSO\\alice\"")
        .replace("\\\\alice\"\n  credential", "\\alice\"\n  credential");
    let e = error(text.as_bytes());
    assert_at(&e, line_of(&text, "  username:"), Some("connection.username"), "'CONTOSO\\alice'");
    assert!(e.message.contains("single quotes"), "{e}");
}

/// A tenant id shown in output is held to the same rule as a name: a control
/// character in the connection's environment tenant is refused at its line.
#[test]
fn a_control_character_in_a_tenant_id_is_refused() {
    let text = edited(
        "  mode: attended",
        "  mode: attended\n  environment_tenant: \"t\\u001b]0;x\\u0007\"",
    );
    let e = error(text.as_bytes());
    assert_at(
        &e,
        line_of(&text, "  environment_tenant:"),
        Some("connection.environment_tenant"),
        "control character",
    );
}
