//! The command line as its users drive it: exit codes, formats, rule docs,
//! mismatch diffs, and no secret in any output.

use flowcred::cli::Exit;
use flowcred_tests::{flowcred, passwords_in, root};

#[test]
fn run_over_the_corpus_never_prints_a_password() {
    let mut passwords = Vec::new();
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        passwords.extend(passwords_in(&std::fs::read_to_string(entry.unwrap().path()).unwrap()));
    }
    assert!(passwords.len() > 30, "the leak check found the passwords");
    for format in ["text", "json", "markdown"] {
        let out = flowcred(&["run", "--format", format, "scenarios"]);
        assert_eq!(out.exit, Exit::Ok, "{}", out.stderr);
        for password in &passwords {
            assert!(!out.stdout.contains(password.as_str()), "{format} output shows a password");
        }
    }
}

#[test]
fn output_is_deterministic() {
    let first = flowcred(&["run", "--format", "json", "scenarios"]).stdout;
    let second = flowcred(&["run", "--format", "json", "scenarios"]).stdout;
    assert_eq!(first, second);
    let value: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(value["schema_version"], 1);
}

#[test]
fn check_reports_a_readable_diff_and_exits_1() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let text = std::fs::read_to_string(root().join("scenarios/unjoined-device.yaml")).unwrap();
    let wrong = text
        .replace("error: InvalidConnectionCredentials", "error: AADSTS50126")
        .replace("rules: [FC013]", "rules: [FC013, FC019]");
    let file = dir.join("wrong-expectation.yaml");
    std::fs::write(&file, wrong).unwrap();
    let out = flowcred(&["check", &file.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Mismatch);
    assert!(out.stdout.contains("MISMATCH"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("- expected AADSTS50126\n      + actual   InvalidConnectionCredentials"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("- expected [FC013, FC019]\n      + actual   [FC013]"),
        "{}",
        out.stdout
    );
    let json = flowcred(&["check", "--format", "json", &file.to_string_lossy()]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["failed"], 1);
    assert_eq!(value["scenarios"][0]["mismatches"][0]["what"], "error");
}

#[test]
fn rules_lists_the_catalog_in_order() {
    let out = flowcred(&["rules"]);
    assert_eq!(out.exit, Exit::Ok);
    let ids: Vec<&str> = out.stdout.lines().map(|l| &l[..5]).collect();
    let expected: Vec<&str> = flowcred_core::RULES.iter().map(|r| r.id).collect();
    assert_eq!(ids, expected);
    let json = flowcred(&["rules", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["rules"].as_array().unwrap().len(), flowcred_core::RULES.len());
}

/// `rules --provenance` audits the catalog in one page: every rule's
/// mapping is there with its source, and the counts add up in every format.
#[test]
fn rules_provenance_lists_every_claim_with_its_source() {
    let text = flowcred(&["rules", "--provenance"]);
    assert_eq!(text.exit, Exit::Ok);
    for rule in flowcred_core::RULES {
        let line = format!("this cause gives {}", rule.mapping_text());
        assert!(text.stdout.contains(&line), "{} is missing", rule.id);
    }
    let json = flowcred(&["rules", "--provenance", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let claims = value["claims"].as_array().unwrap();
    let modelled = claims.iter().filter(|c| c["source"]["kind"] == "modelled").count();
    assert_eq!(value["modelled"], modelled);
    assert_eq!(value["documented"], claims.len() - modelled);
    assert!(claims
        .iter()
        .all(|c| c["source"]["url"].is_string() != c["source"]["why"].is_string()));
    let total =
        format!("{} claims: {} documented, {modelled} modelled", claims.len(), value["documented"]);
    assert!(text.stdout.trim_end().ends_with(&total), "{}", text.stdout);
    let markdown = flowcred(&["rules", "--provenance", "--format", "markdown"]);
    assert!(markdown.stdout.contains("| rule | claim | source |"));
    assert_eq!(markdown.stdout.matches("**modelled**").count(), modelled);
    // Every claim names its rule, or says it is shared; a rule's mapping,
    // weight and observations are its own.
    let ids: Vec<&str> = flowcred_core::RULES.iter().map(|r| r.id).collect();
    for c in claims {
        let owner = c["rule"].as_str().unwrap();
        assert!(owner == "shared" || ids.contains(&owner), "{c}");
        if c["topic"] == "mapping" || c["topic"] == "observation" {
            assert_ne!(owner, "shared", "{c}");
        }
    }
}

/// `rules --provenance FC026` shows one rule's claims and the shared ones it
/// rests on; `--modelled` only what no page states, the reviewer's worklist.
#[test]
fn rules_provenance_by_rule_and_the_modelled_worklist() {
    let one = flowcred(&["rules", "--provenance", "FC026", "--format", "json"]);
    assert_eq!(one.exit, Exit::Ok, "{}", one.stderr);
    let v: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    let claims = v["claims"].as_array().unwrap();
    assert!(claims.iter().all(|c| c["rule"] == "FC026" || c["rule"] == "shared"), "{v}");
    assert!(claims.iter().any(|c| c["topic"] == "mapping" && c["rule"] == "FC026"), "{v}");
    assert!(claims.iter().any(|c| c["topic"] == "code" && c["subject"] == "MSEntraLogonFailure"));
    let text = flowcred(&["rules", "--provenance", "FC026"]).stdout;
    assert!(text.contains("[FC026] this cause gives MSEntraLogonFailure at session"), "{text}");
    assert!(text.contains("[shared] code `MSEntraLogonFailure`"), "{text}");
    let worklist = flowcred(&["rules", "--provenance", "--modelled", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&worklist.stdout).unwrap();
    assert_eq!(v["documented"], 0);
    assert!(v["modelled"].as_u64().unwrap() > 0);
    assert!(v["claims"].as_array().unwrap().iter().all(|c| c["source"]["kind"] == "modelled"));
    let unknown = flowcred(&["rules", "--provenance", "FC999"]);
    assert_eq!(unknown.exit, Exit::Failure);
}

/// `explain` says where each claim behind the rule's payload comes from.
#[test]
fn explain_marks_documented_and_modelled_claims() {
    let modelled = flowcred(&["explain", "FC032"]).stdout;
    assert!(modelled.contains("## Sources"));
    assert!(modelled.contains("- this cause gives AADSTS50076 at cloud-validation: modelled: "));
    let documented = flowcred(&["explain", "FC013"]).stdout;
    assert!(documented.contains(
        "- this cause gives InvalidConnectionCredentials at device-join: documented: https://"
    ));
}

#[test]
fn explain_by_id_or_name() {
    let by_id = flowcred(&["explain", "FC006"]);
    let by_name = flowcred(&["explain", "federated-without-password-hash-sync"]);
    assert_eq!(by_id.exit, Exit::Ok);
    assert_eq!(by_id.stdout, by_name.stdout);
    assert!(by_id.stdout.contains("## Why it fails"));
    assert!(by_id
        .stdout
        .contains(r#"`{"HomeRealmDiscoveryPolicy":{"AllowCloudPasswordValidation":true}}`"#));
    let unknown = flowcred(&["explain", "FC999"]);
    assert_eq!(unknown.exit, Exit::Failure);
    assert!(unknown.stderr.contains("unknown rule `FC999`"), "{}", unknown.stderr);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let bad = flowcred(&["frobnicate"]);
    assert_eq!(bad.exit, Exit::Failure);
    assert!(bad.stderr.contains("frobnicate"));
    let help = flowcred(&["--help"]);
    assert_eq!(help.exit, Exit::Ok);
    assert!(help.stdout.contains("Exit codes:"), "{}", help.stdout);
    let no_paths = flowcred(&["run"]);
    assert_eq!(no_paths.exit, Exit::Failure);
}

#[test]
fn the_four_named_faults_show_their_exact_payloads() {
    let cases = [
        (
            "unjoined-device",
            r#"{"error":{"code":"InvalidConnectionCredentials","message":"Could not connect to the Power Automate UI flows Agent. Please make sure that the UI flows connection credentials are valid."}}"#,
        ),
        (
            "unsynced-account",
            r#"{"error":{"code":"WindowsIdentityIncorrect","message":"The credentials provided with the request are invalid."}}"#,
        ),
        (
            "mismatched-account",
            r#"{"error":{"code":"WindowsIdentityIncorrect","message":"The credentials provided with the request are invalid."}}"#,
        ),
        (
            "federated-without-phs",
            "AADSTS50126: Error validating credentials due to invalid username or password.",
        ),
    ];
    for (name, payload) in cases {
        let out = flowcred(&["run", &format!("scenarios/{name}.yaml")]);
        assert!(out.stdout.contains(&format!("\n  {payload}\n")), "{name}: {}", out.stdout);
    }
    // AADSTS50126's remediation: certificate first, then PHS with the HRD policy.
    let out = flowcred(&["run", "scenarios/federated-without-phs.yaml"]).stdout;
    let cba = out.find("option 1: Use certificate-based authentication").unwrap();
    let phs = out.find("option 2: Let Entra check the password with password hash sync").unwrap();
    assert!(cba < phs);
    // The Entra-account steps keep the article's order.
    let out = flowcred(&["run", "scenarios/unjoined-device.yaml"]).stdout;
    let out = &out[out.find("Remediation").unwrap()..];
    let order = [
        "run `dsregcmd /status`",
        "Join the device to Microsoft Entra ID (Settings",
        "Access work or school and find",
        "Sync at the bottom",
        "Sign in to the machine",
        "Edit the desktop-flow connection",
    ];
    let at: Vec<usize> =
        order.iter().map(|s| out.find(s).unwrap_or_else(|| panic!("{s}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
}

#[test]
fn the_readme_shows_the_current_catalog() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let sample = flowcred(&["run", "scenarios/unjoined-device.yaml"]).stdout;
    assert!(
        readme.contains(sample.trim_end()),
        "README's sample output is stale: rerun it and paste"
    );
    let catalog = flowcred(&["rules", "--format", "markdown"]).stdout;
    assert!(readme.contains(catalog.trim_end()), "README's rule catalog is stale");
}

/// A pasted `dsregcmd` output or a typed username cannot drive the terminal:
/// escape sequences and bidirectional overrides are shown, not obeyed, in
/// text and Markdown; in JSON a sentence quotes the value with the
/// character shown as `\u202e`, as a person reads it.
#[test]
fn control_characters_in_inputs_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/dsregcmd/onprem-drs-joined.txt");
    let text = std::fs::read_to_string(fixture).unwrap();
    let hostile = text.replacen("DomainJoined : YES", "DomainJoined : YES\u{1b}]0;owned\u{7}", 1);
    assert_ne!(hostile, text);
    let file = dir.path().join("status.txt");
    std::fs::write(&file, hostile).unwrap();
    let file = file.to_string_lossy().into_owned();
    let username = "alice\u{202e}moc.osotnoc@";
    for format in ["text", "markdown", "json"] {
        let out = flowcred(&[
            "diagnose",
            "--dsregcmd",
            &file,
            "--username",
            username,
            "--format",
            format,
        ]);
        for stream in [&out.stdout, &out.stderr] {
            assert!(!stream.contains('\u{1b}') && !stream.contains('\u{7}'), "{format}: {stream}");
            assert!(!stream.contains('\u{202e}'), "{format}: {stream}");
        }
        assert!(out.stdout.contains("\\u202e"), "{format}: {}", out.stdout);
        if format == "json" {
            let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
            let said = value["findings"].to_string();
            assert!(said.contains("alice\\\\u202emoc"), "{said}");
            assert!(!said.contains('\u{202e}'), "{said}");
        }
    }
}

/// `run` needs no `expect:` block; `check` reports a scenario without one and
/// fails it only with `--strict`; `-` reads the scenario from standard input.
#[test]
fn expectations_are_optional_and_standard_input_is_a_file() {
    let text = std::fs::read_to_string(root().join("scenarios/healthy-entra-joined.yaml")).unwrap();
    let bare = &text[..text.find("expect:").unwrap()];
    let run = flowcred_tests::flowcred_with_input(&["run", "-"], bare.as_bytes());
    assert_eq!(run.exit, Exit::Ok, "{}", run.stderr);
    assert!(run.stdout.starts_with("== <stdin>\n"), "{}", run.stdout);
    assert!(run.stdout.contains("Result: succeeded"), "{}", run.stdout);

    let check = flowcred_tests::flowcred_with_input(&["check", "-"], bare.as_bytes());
    assert_eq!(check.exit, Exit::Ok, "{}", check.stdout);
    assert!(check.stdout.contains("none      <stdin>  (no `expect:` block"), "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "checked 1 scenario: 0 as expected, 0 mismatched, 0 unreadable, 1 without expectations"
        ),
        "{}",
        check.stdout
    );
    let strict = flowcred_tests::flowcred_with_input(&["check", "--strict", "-"], bare.as_bytes());
    assert_eq!(strict.exit, Exit::Mismatch, "{}", strict.stdout);

    let status =
        std::fs::read(root().join("tests/fixtures/dsregcmd/onprem-drs-joined.txt")).unwrap();
    let diagnose = flowcred_tests::flowcred_with_input(&["diagnose", "--dsregcmd", "-"], &status);
    assert!(diagnose.stdout.contains("on-premises DRS joined"), "{}", diagnose.stdout);
}

/// `--color always` colours both streams, `never` neither, whatever the
/// terminal.
#[test]
fn colour_is_chosen_per_stream_or_forced() {
    let always =
        flowcred(&["--color", "always", "run", "scenarios/unjoined-device.yaml", "no/such"]);
    assert!(always.stdout.contains("\u{1b}[1;31mFAILED"), "{}", always.stdout);
    assert!(always.stderr.contains("\u{1b}[1;31merror"), "{}", always.stderr);
    let never = flowcred(&["run", "--color", "never", "scenarios/unjoined-device.yaml", "no/such"]);
    assert!(!never.stdout.contains('\u{1b}') && !never.stderr.contains('\u{1b}'));
}

/// `run` ends with a summary on standard error, which `--quiet` drops.
#[test]
fn run_summarizes_unless_quiet() {
    let out =
        flowcred(&["run", "scenarios/unjoined-device.yaml", "scenarios/healthy-entra-joined.yaml"]);
    assert!(
        out.stderr.contains("ran 2 scenarios: 1 succeeded, 1 failed, 0 unreadable"),
        "{}",
        out.stderr
    );
    let one = flowcred(&["run", "scenarios/unjoined-device.yaml"]);
    assert!(one.stderr.contains("ran 1 scenario: 0 succeeded, 1 failed"), "{}", one.stderr);
    let quiet = flowcred(&["--quiet", "run", "scenarios/unjoined-device.yaml"]);
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.stdout, one.stdout);
}

/// The shortest scenario that runs: a managed user, an Entra joined machine,
/// a connection. Everything else takes a default that is healthy for it.
#[test]
fn a_five_line_scenario_runs_healthy() {
    let text = "\
tenant: {users: [{upn: alice@contoso.com, password: 'Pass-1'}]}
machine: {device_state: {azure_ad_joined: true}}
connection: {username: alice@contoso.com, credential: {password: 'Pass-1'}}
";
    let run = flowcred_tests::flowcred_with_input(&["run", "-"], text.as_bytes());
    assert_eq!(run.exit, Exit::Ok, "{}", run.stderr);
    assert!(run.stdout.contains("Result: succeeded"), "{}", run.stdout);
    // A certificate credential gets the tenant's certificate-based
    // authentication unless the file says otherwise.
    let certificate = text
        .replace("credential: {password: 'Pass-1'}", "credential: {certificate: rpa}")
        .replace("azure_ad_joined: true}", "azure_ad_joined: true}, pad_version: '2.49'");
    let run = flowcred_tests::flowcred_with_input(&["run", "-"], certificate.as_bytes());
    assert!(run.stdout.contains("Result: succeeded"), "{}", run.stdout);
    let refused = certificate.replace("tenant: {", "tenant: {certificate_auth: false, ");
    let run = flowcred_tests::flowcred_with_input(&["run", "-"], refused.as_bytes());
    assert!(run.stdout.contains("FC001"), "{}", run.stdout);
    // No work account written on an Entra joined machine: the connection's is
    // there; `[]` says there is none.
    let none = text.replace("azure_ad_joined: true}", "azure_ad_joined: true}, work_accounts: []");
    let run = flowcred_tests::flowcred_with_input(&["run", "-"], none.as_bytes());
    assert!(run.stdout.contains("FC018"), "{}", run.stdout);
}

/// Every command that prints a report has a JSON form with a schema version.
#[test]
fn every_report_has_json() {
    for args in [
        vec!["explain", "FC019", "--format", "json"],
        vec!["fix", "scenarios/unsynced-account.yaml", "--format", "json"],
        vec!["matrix", "scenarios/healthy-entra-joined.yaml", "--format", "json"],
        vec!["run", "scenarios/unjoined-device.yaml", "--format", "json"],
        vec!["check", "scenarios/unjoined-device.yaml", "--format", "json"],
        vec!["rules", "--format", "json"],
    ] {
        let out = flowcred(&args);
        let value: serde_json::Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", out.stdout));
        assert!(value.get("schema_version").is_some() || value.is_array(), "{args:?}");
    }
    let fix: serde_json::Value = serde_json::from_str(
        &flowcred(&["fix", "scenarios/unsynced-account.yaml", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(fix["clean"], true);
    assert_eq!(fix["rounds"][0]["found"][0], "FC019");
    assert!(fix["remedies"][0]["changes"][0].as_str().unwrap().contains("synced: false -> true"));
}

/// The three views of a rule come from one set of remedies: each step shows
/// in exactly one reader's view, numbered as in the full remediation.
#[test]
fn explain_audiences_split_the_same_remediation() {
    let rule = flowcred_core::rules::find("FC013").unwrap();
    let user = flowcred(&["explain", "FC013", "--audience", "user"]).stdout;
    let admin = flowcred(&["explain", "FC013", "--audience", "admin"]).stdout;
    let support = flowcred(&["explain", "FC013", "--audience", "support"]).stdout;
    assert_ne!(user, admin);
    assert!(user.starts_with("# FC013 device-not-joined, for the person at the machine"), "{user}");
    assert!(
        support.contains("## Tell it apart") && support.contains("- AzureAdJoined: "),
        "{support}"
    );
    for remedy in rule.remedies {
        for (n, step) in remedy.steps.iter().enumerate() {
            let line = format!("{}. {}", n + 1, step.text);
            let view = match step.who {
                flowcred_core::remedy::Who::User => &user,
                flowcred_core::remedy::Who::Admin => &admin,
                flowcred_core::remedy::Who::Support => &support,
            };
            // Each step is in its reader's view and in no other's (the
            // support view lists every step, marked with who takes it).
            assert!(view.contains(&line) || support.contains(&format!("{}. *", n + 1)), "{line}");
            for (other, text) in [
                (flowcred_core::remedy::Who::User, &user),
                (flowcred_core::remedy::Who::Admin, &admin),
            ] {
                if other != step.who {
                    assert!(!text.contains(step.text), "{:?} view shows {line}", other);
                }
            }
            assert!(support.contains(&format!("*{}:* {}", step.who.title(), step.text)), "{line}");
        }
    }
    // FC019's fix is the user's alone: the admin view says so.
    let admin = flowcred(&["explain", "FC019", "--audience", "admin"]).stdout;
    assert!(admin.contains("Nothing here for an administrator: steps 1, 2, 3, 4 are for the person at the machine."), "{admin}");
}
