//! Fix replay and the exhaustive check, as their users drive them.

use flowcred::cmd::verify::{counter_example, PASSWORDS};
use flowcred_core::replay::{fix_loop, verify_world, Violation};
use flowcred_core::space::{self, Dim, Dims, Passwords};
use flowcred_core::{Rule, RULES};
use flowcred_tests::{flowcred, root};

#[test]
fn every_bundled_failure_is_fixed_by_its_remediation() {
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let s = flowcred::scenario::load_file(&path, Default::default()).unwrap();
        let verdict = verify_world(&s.world, RULES);
        assert!(verdict.violations.is_empty(), "{}: {:?}", s.file, verdict.violations);
        assert!(fix_loop(&s.world, RULES).is_some(), "{}", s.file);
    }
}

/// The world at the first index whose dimensions satisfy `wanted`.
fn index_of(wanted: impl Fn(&Dims) -> bool) -> usize {
    (0..space::size()).find(|&i| wanted(&Dims::at(i))).unwrap()
}

#[test]
fn a_planted_bug_gives_a_counter_example_that_check_reproduces() {
    // The catalog without FC019 cannot explain an unsynced work account.
    let broken: Vec<&'static Rule> = RULES.iter().copied().filter(|r| r.id != "FC019").collect();
    let index = index_of(|d| *d == Dims::HEALTHY.with(Dim::WORK_ACCOUNT, 2));
    assert_eq!(Dim::WORK_ACCOUNT.label(Dims::at(index).get(Dim::WORK_ACCOUNT)), "not synced");
    let world = Dims::at(index).world(&Passwords::default());
    assert!(verify_world(&world, &broken)
        .violations
        .iter()
        .any(|v| matches!(v, Violation::Unexplained { .. })));

    let (yaml, violations) = counter_example(index, &broken, &[]);
    assert!(!violations.is_empty());
    assert!(yaml.contains("no finding explains it"), "{yaml}");
    // A loadable scenario holds the space's fixed test passwords, nothing else.
    assert!(PASSWORDS.iter().any(|p| yaml.contains(p)));
    let loaded = flowcred::scenario::load_str("counter-example.yaml", &yaml).unwrap();
    assert_eq!(loaded.world, world);
    assert!(!verify_world(&loaded.world, &broken).violations.is_empty());

    // With the real catalog, `check` reports what the broken one missed.
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let file = dir.join("counter-example.yaml");
    std::fs::write(&file, &yaml).unwrap();
    let out = flowcred(&["check", &file.to_string_lossy()]);
    assert_eq!(out.exit, flowcred::cli::Exit::Mismatch, "{}", out.stdout);
    assert!(out.stdout.contains("- expected []\n      + actual   [FC019]"), "{}", out.stdout);
}

#[test]
fn a_sample_of_the_space_has_no_violation() {
    let passwords = Passwords::default();
    for index in (0..space::size()).step_by(1009) {
        let world = Dims::at(index).world(&passwords);
        let verdict = verify_world(&world, RULES);
        assert!(verdict.violations.is_empty(), "world {index}: {:?}", verdict.violations);
    }
}

#[test]
fn fix_replays_the_four_named_faults() {
    for name in
        ["unjoined-device", "unsynced-account", "mismatched-account", "federated-without-phs"]
    {
        let out = flowcred(&["fix", &format!("scenarios/{name}.yaml")]);
        assert_eq!(out.exit, flowcred::cli::Exit::Ok, "{name}: {}", out.stdout);
        assert!(out.stdout.contains("is gone"), "{name}: {}", out.stdout);
        assert!(out.stdout.contains("a clean success after 1 round."), "{name}: {}", out.stdout);
        assert!(!out.stdout.contains("REMAINS"), "{name}: {}", out.stdout);
    }
    let federated = flowcred(&["fix", "scenarios/federated-without-phs.yaml"]).stdout;
    assert!(federated.contains("~ connection.credential.password: removed\n"), "{federated}");
    assert!(
        federated.contains("~ connection.credential.certificate: added desktop-flow-certificate"),
        "{federated}"
    );
    assert!(federated.contains("~ tenant.hrd_policy: (none) -> {AllowCloudPasswordValidation: true, scope: organization_default}"), "{federated}");
    let unjoined = flowcred(&["fix", "scenarios/unjoined-device.yaml"]).stdout;
    assert!(
        unjoined.contains("~ machine.device_state.azure_ad_joined: false -> true"),
        "{unjoined}"
    );
}

#[test]
fn matrix_shows_which_facts_matter() {
    let out = flowcred(&["matrix", "scenarios/healthy-entra-joined.yaml"]);
    assert_eq!(out.exit, flowcred::cli::Exit::Ok);
    // A row with its columns' padding folded to one space.
    let row = |fact: &str| {
        out.stdout
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .find(|l| l.starts_with(fact))
            .unwrap_or_else(|| panic!("{fact}: {}", out.stdout))
    };
    assert!(row("join state Entra joined -> not joined")
        .contains("*InvalidConnectionCredentials *FC013"));
    // Attended, Power Automate asks Entra for no token: a federated domain
    // changes nothing (AD FS checks the password), a wrong password is
    // Windows' to refuse.
    assert!(row("domain type").contains(" success"));
    assert!(row("credential current password -> outdated password")
        .contains("*WindowsIdentityIncorrect *FC024"));
    // Run unattended, the same machine meets Network Level Authentication.
    assert!(row("run mode").contains("*MSEntraLogonFailure") && row("run mode").contains("*FC026"));
    assert!(row("operating system").contains(" success"));
    // Every dimension of the space is a row, but a registration, which an
    // Entra joined machine cannot also have.
    for dim in Dim::all().filter(|d| *d != Dim::REGISTERED) {
        assert!(out.stdout.lines().any(|l| l.starts_with(dim.name())), "{}", dim.name());
    }
    let md = flowcred(&["matrix", "--format", "markdown", "scenarios/federated-without-phs.yaml"])
        .stdout;
    assert!(md.contains("| password hash sync | `off` → `on` | AADSTS50126 | **FC007** |"), "{md}");
}

#[test]
fn coverage_is_complete_and_enforced() {
    let out = flowcred(&["check", "--min-coverage", "100", "scenarios"]);
    assert_eq!(out.exit, flowcred::cli::Exit::Ok, "{}", out.stdout);
    let rules = flowcred_core::RULES.len();
    assert!(
        out.stdout.contains(&format!("fully covered: 100% of {rules} rules")),
        "{}",
        out.stdout
    );
    // One scenario alone covers a handful of rules: below the threshold.
    let partial = flowcred(&["check", "--min-coverage", "100", "scenarios/unjoined-device.yaml"]);
    assert_eq!(partial.exit, flowcred::cli::Exit::Mismatch);
    assert!(partial.stderr.contains("below --min-coverage"));
}

#[test]
fn diagnosis_from_artifacts_never_rules_out_the_true_cause() {
    let out = flowcred(&["bench-diagnosis", "scenarios", "--sample", "300", "--format", "json"]);
    assert_eq!(out.exit, flowcred::cli::Exit::Ok, "{}", out.stderr);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let failing = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| flowcred::scenario::load_file(&e.unwrap().path(), Default::default()).unwrap())
        .filter(|s| flowcred_core::simulate(&s.world).error().is_some())
        .count();
    let bundled = &value["scenarios"];
    assert_eq!(bundled["cases"], failing);
    for tally in [bundled, &value["space_sample"]] {
        // The artifacts may leave causes tied, never the true one out.
        assert_eq!(tally["ruled_out"], 0, "{value}");
        assert!(tally["cases"].as_u64().unwrap() > 0);
        assert!(tally["top1"].as_u64() <= tally["top3"].as_u64());
    }
    // The figures the README gives, as floors: a ranking change that
    // loses accuracy shows here.
    assert!(bundled["top3_percent"].as_f64().unwrap() >= 85.0, "{value}");
    assert!(bundled["top1_percent"].as_f64().unwrap() >= 70.0, "{value}");
    let sample = &value["space_sample"];
    assert!(sample["top3_percent"].as_f64().unwrap() >= 90.0, "{value}");
    assert!(sample["top1_percent"].as_f64().unwrap() >= 75.0, "{value}");
}

#[test]
fn a_wrong_password_event_ranks_the_password_causes_first() {
    let s = flowcred::scenario::load_file(
        &root().join("scenarios/connection-password-outdated.yaml"),
        Default::default(),
    )
    .unwrap();
    let score = flowcred::cmd::bench_diagnosis::score(&s.world).unwrap();
    assert_eq!(score.truth, ["FC024"]);
    // The 4625 says Windows found the account: causes from before the
    // password check are out, and the three password causes lead.
    let mut first: Vec<&str> = score.ranked.clone();
    first.sort_unstable();
    assert!(first.iter().all(|id| ["FC023", "FC024", "FC050", "FC060"].contains(id)), "{score:?}");
}
