//! The catalog against the corpus: every registered rule is fired by some
//! bundled scenario and left silent by a near miss; every rule file is
//! registered.

use std::collections::BTreeSet;

use flowcred::scenario;
use flowcred_core::RULES;

fn corpus() -> Vec<scenario::Scenario> {
    let files = scenario::collect(&[flowcred_tests::root().join("scenarios")]).unwrap();
    files.iter().map(|f| scenario::load_file(f).unwrap()).collect()
}

#[test]
fn every_rule_fires_somewhere_and_has_a_near_miss() {
    let corpus = corpus();
    let fired: BTreeSet<&str> =
        corpus.iter().flat_map(|s| s.expect.rules.iter().map(String::as_str)).collect();
    let near: BTreeSet<&str> =
        corpus.iter().flat_map(|s| s.expect.near_misses.iter().map(String::as_str)).collect();
    for rule in RULES {
        assert!(fired.contains(rule.id), "no scenario fires {} {}", rule.id, rule.name);
        assert!(near.contains(rule.id), "no near-miss scenario for {} {}", rule.id, rule.name);
    }
}

#[test]
fn every_rule_file_is_registered() {
    let dir = flowcred_tests::root().join("core/src/rules");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "mod.rs") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let id = text
            .split("id: \"")
            .nth(1)
            .and_then(|s| s.get(..5))
            .expect("a rule file declares its id");
        assert!(RULES.iter().any(|r| r.id == id), "{} ({id}) is not in RULES", path.display());
    }
    assert_eq!(files, RULES.len());
}

#[test]
fn every_scenario_opens_with_a_comment_and_its_expectations_hold() {
    let out = flowcred_tests::flowcred(&["check", "scenarios"]);
    assert_eq!(out.exit, flowcred::cli::Exit::Ok, "{}{}", out.stdout, out.stderr);
    for s in corpus() {
        assert!(!s.summary.is_empty(), "{} does not start with a comment", s.file);
    }
}
