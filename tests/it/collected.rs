//! `flowcred collect` and `diagnose --collected`: the block a support
//! engineer pastes, the readers of what it writes, and what collecting is
//! worth on the model's own worlds.

use std::collections::BTreeSet;

use flowcred::cli::Exit;
use flowcred::report::product_text;
use flowcred_core::artifact::run_mode_of;
use flowcred_core::collected::{self, Kind};
use flowcred_core::space::{self, Passwords};
use flowcred_core::{simulate, Certainty};
use flowcred_tests::{flowcred, root};

/// The files the block writes, read off the block itself: each command's
/// `> "%FC%\NAME"` (or `/cfg "%FC%\NAME"`).
fn files_of_the_block(block: &str) -> BTreeSet<String> {
    block
        .lines()
        .filter_map(|line| {
            let at = line.find(r#""%FC%\"#)?;
            let rest = &line[at + 6..];
            Some(rest[..rest.find('"')?].to_owned())
        })
        .collect()
}

/// The block, as `flowcred collect` prints it, and the readers agree: a
/// folder laid out exactly as the block writes it (rendered from a world)
/// has every file the block names, each told apart as the kind its command
/// gives, and nothing else.
#[test]
fn the_block_and_the_readers_agree() {
    let out = flowcred(&["collect"]);
    assert_eq!(out.exit, Exit::Ok, "{}", out.stderr);
    let written = files_of_the_block(&out.stdout);
    assert_eq!(written.len(), collected::COMMANDS.len(), "{}", out.stdout);
    let temp = tempfile::tempdir().unwrap();
    let folder = temp.path().join("collected");
    let render = flowcred(&[
        "collect",
        "--render",
        "scenarios/unattended-nla-blocks-entra-password.yaml",
        "--out",
        &folder.to_string_lossy(),
    ]);
    assert_eq!(render.exit, Exit::Ok, "{}", render.stderr);
    let rendered: BTreeSet<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(rendered, written, "the rendered folder is the block's");
    for command in collected::COMMANDS {
        let text = std::fs::read_to_string(folder.join(command.file)).unwrap();
        let expected = match command.file {
            "dsregcmd.txt" => Kind::Dsregcmd,
            "security-events.xml" => continue,
            "pad-version.txt" => Kind::ProgramVersion,
            "user-rights.inf" => Kind::UserRights,
            f if f.starts_with("whoami-upn") => Kind::WhoamiUpn,
            f if f.starts_with("whoami") => Kind::WhoamiGroups,
            "remote-desktop-users.txt" | "administrators.txt" => Kind::LocalGroup,
            "sessions.txt" => Kind::Sessions,
            f if f.starts_with("uiflowservice") => Kind::Service,
            "domain-controller.txt" => Kind::DomainController,
            "rds-config-endpoint.txt" | "entra-endpoint.txt" => Kind::Reachability,
            _ => Kind::Registry,
        };
        assert_eq!(collected::detect(&text), Some(expected), "{}", command.file);
        if command.header {
            // The first line is what the block's `echo` writes.
            assert_eq!(
                text.lines().next().unwrap(),
                format!("{} {}", collected::HEADER, command.run),
                "{}",
                command.file
            );
        }
    }
    // A folder that exists and holds something is not written over.
    let again = flowcred(&[
        "collect",
        "--render",
        "scenarios/unattended-nla-blocks-entra-password.yaml",
        "--out",
        &folder.to_string_lossy(),
    ]);
    assert_eq!(again.exit, Exit::Failure);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
}

/// For every bundled failing scenario whose cause is a machine setting the
/// collection shows (every fact its finding still waits on without the
/// folder is one the collection reads), `diagnose --collected` on the
/// folder rendered from it confirms that cause.
#[test]
fn every_machine_cause_the_collection_shows_is_confirmed() {
    let temp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let scenario = flowcred::scenario::load_file(&path, Default::default()).unwrap();
        let Some(payload) = simulate(&scenario.world).error().cloned() else { continue };
        let error = product_text(&payload);
        let username = scenario.world.connection.username.to_string();
        let folder = temp.path().join(path.file_stem().unwrap());
        let render = flowcred(&[
            "collect",
            "--render",
            &path.to_string_lossy(),
            "--out",
            &folder.to_string_lossy(),
        ]);
        assert_eq!(render.exit, Exit::Ok, "{}", render.stderr);
        // What the person holds without the folder: the machine's
        // dsregcmd output, the error and the username.
        let dsregcmd = folder.join("dsregcmd.txt");
        let plain = flowcred(&[
            "diagnose",
            "--dsregcmd",
            &dsregcmd.to_string_lossy(),
            "--error",
            &error,
            "--username",
            &username,
            "--format",
            "json",
        ]);
        let plain: serde_json::Value = serde_json::from_str(&plain.stdout).unwrap();
        let truth: Vec<&str> = flowcred_core::diagnose(&flowcred_core::observe(&scenario.world))
            .findings
            .iter()
            .filter(|f| f.certainty == Certainty::Confirmed && f.rule.code == payload.code)
            .map(|f| f.rule.id)
            .collect();
        let machine_causes: Vec<&str> = truth
            .iter()
            .copied()
            .filter(|id| {
                let Some(f) =
                    plain["findings"].as_array().unwrap().iter().find(|f| f["rule"] == *id)
                else {
                    return false;
                };
                let unknown: Vec<&str> = f["checks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["fact"].as_str().unwrap())
                    .collect();
                !unknown.is_empty()
                    && unknown
                        .iter()
                        .all(|label| collected::FACTS.iter().any(|fact| fact.label() == *label))
            })
            .collect();
        if machine_causes.is_empty() {
            continue;
        }
        let out = flowcred(&[
            "diagnose",
            "--collected",
            &folder.to_string_lossy(),
            "--error",
            &error,
            "--username",
            &username,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect(&out.stderr);
        for id in machine_causes {
            let f = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == id);
            assert_eq!(
                f.map(|f| f["certainty"].as_str().unwrap()),
                Some("confirmed"),
                "{}: {id} with the collected folder: {}",
                path.display(),
                out.stdout
            );
            checked += 1;
        }
    }
    assert!(checked >= 14, "{checked} causes checked");
}

/// The run mode a code implies agrees with the worlds that show it.
#[test]
fn a_code_that_says_its_run_mode_says_the_worlds() {
    let passwords = Passwords::default();
    let mut checked = 0;
    for point in space::points().step_by(7) {
        let world = point.world(&passwords);
        let Some(payload) = simulate(&world).error().cloned() else { continue };
        if let Some(mode) = run_mode_of(payload.code) {
            assert_eq!(mode, world.connection.mode, "{}", payload.code);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Outputs written from each command's documentation (see the README in
/// tests/fixtures/collected): every fact comes with its file and line, a
/// policy wins over the listener's own value, the collector's own session
/// is not another user's, and a documented unsupported credential provider
/// is found among Windows' own.
#[test]
fn a_documented_folder_gives_each_fact_with_its_file_and_line() {
    let folder = root().join("tests/fixtures/collected/entra-joined-machine");
    let out = flowcred(&[
        "diagnose",
        "--collected",
        &folder.to_string_lossy(),
        "--username",
        "alice@contoso.com",
        "--error",
        "MSEntraMachineAlwaysPromptingForPassword",
    ]);
    assert_eq!(out.exit, Exit::Mismatch, "{}", out.stderr);
    let text = &out.stdout;
    // The policy's fPromptForPassword = 1 wins over the listener's 0.
    assert!(text.contains("FC028 always-prompt-for-password-entra"), "{text}");
    assert!(text.contains("- fPromptForPassword : YES\n"), "{text}");
    assert!(text.contains("rdp-policy.txt:4\n"), "{text}");
    assert!(text.contains("4 |     fPromptForPassword    REG_DWORD    0x1"), "{text}");
    let json = flowcred(&[
        "diagnose",
        "--collected",
        &folder.to_string_lossy(),
        "--username",
        "alice@contoso.com",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let gave = |file: &str| -> Vec<String> {
        v["collected"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(file))
            .map(|f| {
                f["gave"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g.as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(
        gave("credential-providers.txt").contains(&"third-party credential provider".to_owned())
    );
    assert!(gave("user-rights.inf").iter().any(|g| g.contains("UIFlowService")), "{v}");
    assert!(gave("windows-version.txt").contains(&"operating system".to_owned()));
    let values = v["collected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("rdp-policy.txt"))
        .map(|f| f["values"].clone())
        .unwrap();
    assert_eq!(values["fPromptForPassword"], "YES", "{values}");
    // The UTF-16 user rights (as secedit writes them) deny UIFlowService.
    let finding =
        |id: &str| v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == id).cloned();
    let fc065 = finding("FC065").expect("FC065 listed");
    assert!(fc065.to_string().contains("user-rights.inf"), "{fc065}");
    // alice's session is disconnected; the collector's own (`>`) is no
    // other user's.
    let evidence = v.to_string();
    assert!(evidence.contains("user session : disconnected"), "{evidence}");
    assert!(!evidence.contains("another user's session on the machine : YES"), "{evidence}");
}

/// Outputs in another language: what has the same layout in every
/// language is read (a registry export, the sessions' table), what does
/// not is named as not read, and nothing fails.
#[test]
fn a_localized_folder_reads_what_it_can_and_names_the_rest() {
    let folder = root().join("tests/fixtures/collected/localized");
    let out = flowcred(&[
        "diagnose",
        "--collected",
        &folder.to_string_lossy(),
        "--username",
        "alice@contoso.com",
    ]);
    assert_ne!(out.exit, Exit::Failure, "{}", out.stderr);
    assert!(out.stdout.contains("gruppe.txt`: not read"), "{}", out.stdout);
    assert!(
        out.stdout.contains("richtlinie.reg`: registry, gave logon legal notice: YES"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("logon legal notice : YES"), "{}", out.stdout);
}
