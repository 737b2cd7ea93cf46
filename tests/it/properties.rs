//! Properties over generated worlds: the simulation and the diagnosis never
//! panic, agree with each other, are deterministic, and never show a password.

use flowcred_core::space::{self, Dim, Dims, Passwords};
use flowcred_core::{diagnose, observe, simulate, Certainty, Secret};
use proptest::prelude::*;

/// Any point of the full product of every dimension, not only the layers
/// `verify` walks: random sampling reaches the combinations it skips.
fn dims() -> impl Strategy<Value = Dims> {
    proptest::collection::vec(any::<u8>(), space::COUNT).prop_map(|digits| {
        Dim::all().zip(digits).fold(Dims::HEALTHY, |d, (dim, v)| d.with(dim, usize::from(v)))
    })
}

/// Three distinct passwords of printable characters, long enough that one
/// appearing in output would not be a coincidence.
fn passwords() -> impl Strategy<Value = [String; 3]> {
    ("[!-~]{10,24}", "[!-~]{10,24}", "[!-~]{10,24}")
        .prop_filter("passwords differ", |(a, b, c)| a != b && b != c && a != c)
        .prop_map(|(a, b, c)| [a, b, c])
}

fn secrets([current, outdated, local]: &[String; 3]) -> Passwords {
    Passwords {
        current: Secret::new(current),
        outdated: Secret::new(outdated),
        local: Secret::new(local),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn simulation_and_diagnosis_agree(dims in dims(), pw in passwords()) {
        let world = dims.world(&secrets(&pw));
        prop_assert!(world.impossibilities().is_empty(), "{:?}", world.impossibilities());
        let attempt = simulate(&world);
        let diagnosis = diagnose(&observe(&world));
        prop_assert_eq!(&attempt, &simulate(&world));
        prop_assert_eq!(diagnosis.rule_ids(), diagnose(&observe(&world)).rule_ids());
        prop_assert!(diagnosis.findings.iter().all(|f| f.certainty == Certainty::Confirmed));
        match attempt.error() {
            None => prop_assert!(diagnosis.findings.is_empty(), "a succeeding world got {:?}", diagnosis.rule_ids()),
            Some(error) => {
                let explained: Vec<_> = diagnosis.findings.iter().filter(|f| f.rule.code == error.code).collect();
                prop_assert!(!explained.is_empty(), "{} unexplained; findings {:?}", error.code, diagnosis.rule_ids());
                prop_assert!(explained.iter().any(|f| Some(f.rule.stage) == attempt.failed_stage()));
                for finding in &diagnosis.findings {
                    prop_assert!(finding.rule.remedies.iter().all(|r| !r.steps.is_empty()));
                }
            }
        }
    }

    #[test]
    fn every_fix_replays(dims in dims(), pw in passwords()) {
        let world = dims.world(&secrets(&pw));
        let verdict = flowcred_core::replay::verify_world(&world, flowcred_core::RULES);
        prop_assert!(verdict.violations.is_empty(), "{:?}", verdict.violations);
    }

    #[test]
    fn no_rendered_output_shows_a_password(dims in dims(), pw in passwords()) {
        let world = dims.world(&secrets(&pw));
        let scenario = flowcred::scenario::Scenario {
            file: "generated.yaml".into(),
            summary: String::new(),
            world,
            expect: None,
        };
        let run = flowcred::report::run(&scenario);
        let mut text = Vec::new();
        flowcred::report::text_run(&mut text, &run, flowcred::report::Style::default()).unwrap();
        flowcred::report::markdown_run(&mut text, &run).unwrap();
        let mut all = String::from_utf8(text).unwrap();
        all.push_str(&serde_json::to_string(&flowcred::report::json_run(&run)).unwrap());
        all.push_str(&format!("{:?}{:?}", scenario.world, run.attempt));
        for password in &pw {
            prop_assert!(!all.contains(password.as_str()), "a password leaked into the output");
        }
    }

    /// The world serializes itself under the loader's names: emitted, then
    /// loaded, any world of the full product comes back equal.
    #[test]
    fn emit_then_load_gives_the_same_world(dims in dims(), pw in passwords()) {
        let world = dims.world(&secrets(&pw));
        let padded = format!(" {} ", pw[0]);
        let mut names: Vec<&str> = pw.iter().map(String::as_str).collect();
        names.push(&padded);
        let yaml = flowcred::emit::scenario_yaml(&world, "generated", &names, None, None, &[]);
        let loaded = flowcred::scenario::load_str("generated.yaml", &yaml);
        let loaded = loaded.map_err(|e| format!("{e}\n{yaml}"));
        prop_assert!(loaded.is_ok(), "{}", loaded.as_ref().unwrap_err());
        prop_assert_eq!(&loaded.unwrap().world, &world, "{}", yaml);
    }
}

/// Every bundled scenario survives the same round trip.
#[test]
fn every_bundled_scenario_emits_and_loads_back_equal() {
    let root = flowcred_tests::root().join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let scenario = flowcred::scenario::load_str("bundled.yaml", &text).unwrap();
        let passwords = flowcred_tests::passwords_in(&text);
        let names: Vec<&str> = passwords.iter().map(String::as_str).collect();
        let yaml = flowcred::emit::scenario_yaml(&scenario.world, "again", &names, None, None, &[]);
        let again = flowcred::scenario::load_str("again.yaml", &yaml)
            .unwrap_or_else(|e| panic!("{}: {e}\n{yaml}", path.display()));
        assert_eq!(again.world, scenario.world, "{}:\n{yaml}", path.display());
    }
    assert!(files.len() > 50);
}
