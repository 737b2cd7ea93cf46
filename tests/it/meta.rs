//! The catalog against the corpus: every registered rule is fired by some
//! bundled scenario and left silent by a near miss; every rule file is
//! registered.

use std::collections::BTreeSet;

use flowcred::scenario;
use flowcred_core::RULES;

/// A bundled scenario's expectations: every one has them.
fn expect(s: &scenario::Scenario) -> &scenario::Expect {
    s.expect.as_ref().unwrap_or_else(|| panic!("{} has no expect: block", s.file))
}

fn corpus() -> Vec<scenario::Scenario> {
    let files =
        scenario::collect(&[flowcred_tests::root().join("scenarios")], Default::default()).files;
    files.iter().map(|f| scenario::load_file(f, Default::default()).unwrap()).collect()
}

#[test]
fn every_rule_fires_somewhere_and_has_a_near_miss() {
    let corpus = corpus();
    let fired: BTreeSet<&str> =
        corpus.iter().flat_map(|s| expect(s).rules.iter().map(String::as_str)).collect();
    let near: BTreeSet<&str> =
        corpus.iter().flat_map(|s| expect(s).near_misses.iter().map(String::as_str)).collect();
    for rule in RULES {
        assert!(fired.contains(rule.id), "no scenario fires {} {}", rule.id, rule.name);
        assert!(near.contains(rule.id), "no near-miss scenario for {} {}", rule.id, rule.name);
    }
}

/// The `.rs` files below `dir`, in every folder, in name order.
fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Every rule file, in the folder of its stage.
fn rule_files() -> Vec<std::path::PathBuf> {
    rust_files(&flowcred_tests::root().join("core/src/rules"))
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "mod.rs" && n != "matcher.rs"))
        .collect()
}

#[test]
fn every_rule_file_is_registered_in_the_folder_of_its_stage() {
    let mut files = 0;
    for path in rule_files() {
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let id = text
            .split("id: \"")
            .nth(1)
            .and_then(|s| s.get(..5))
            .expect("a rule file declares its id");
        let rule = RULES.iter().find(|r| r.id == id);
        let rule = rule.unwrap_or_else(|| panic!("{} ({id}) is not in RULES", path.display()));
        let folder = path.parent().and_then(|p| p.file_name()).unwrap().to_string_lossy();
        assert_eq!(folder, rule.stage.as_str().replace('-', "_"), "{}", path.display());
    }
    assert_eq!(files, RULES.len());
}

/// No module of the core crate imports one that imports it, directly or
/// through others: read off every `crate::` path outside test code (the
/// rules' folder counts as one module, `rules`).
#[test]
fn the_core_crate_has_no_import_circle() {
    use std::collections::BTreeMap;
    let src = flowcred_tests::root().join("core/src");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(&src) {
        let relative = path.strip_prefix(&src).unwrap();
        let module =
            relative.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_owned();
        if matches!(module.as_str(), "lib" | "testing") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let entry = deps.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name != module {
                    entry.insert(name);
                }
            }
        }
    }
    let modules: BTreeSet<String> = deps.keys().cloned().collect();
    for (module, uses) in &deps {
        for name in uses {
            assert!(
                modules.contains(name),
                "{module} names `crate::{name}`: import it from the module that defines it"
            );
        }
    }
    // Depth-first: a module met again while its own imports are walked
    // closes a circle.
    fn walk(
        m: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!("import circle: {} -> {m}", path[at..].join(" -> "));
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_owned());
        for next in &deps[m] {
            walk(next, deps, path, done);
        }
        path.pop();
        done.insert(m.to_owned());
    }
    let mut done = BTreeSet::new();
    for module in deps.keys() {
        walk(module, &deps, &mut Vec::new(), &mut done);
    }
}

#[test]
fn every_scenario_opens_with_a_comment_and_its_expectations_hold() {
    let out = flowcred_tests::flowcred(&["check", "scenarios"]);
    assert_eq!(out.exit, flowcred::cli::Exit::Ok, "{}{}", out.stdout, out.stderr);
    for s in corpus() {
        assert!(!s.summary.is_empty(), "{} does not start with a comment", s.file);
    }
}

/// The workspace's `rust-version` is true: no locked dependency this host
/// builds needs a newer Rust than it says. (Offline, cargo can only read the
/// packages it has downloaded, which are the host's: a fresh machine never
/// fetched the Windows-only ones.)
#[test]
fn rust_version_covers_every_locked_dependency() {
    let rustc = std::process::Command::new("rustc").arg("-vV").output().expect("rustc runs");
    let rustc = String::from_utf8_lossy(&rustc.stdout);
    let host = rustc
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", host])
        .current_dir(flowcred_tests::root())
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let version = |v: &str| -> Vec<u32> {
        let mut parts: Vec<u32> = v.split('.').map(|p| p.parse().unwrap()).collect();
        parts.resize(3, 0);
        parts
    };
    let ours = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "flowcred-core")
        .and_then(|p| p["rust_version"].as_str())
        .map(version)
        .expect("flowcred-core states a rust-version");
    for package in metadata["packages"].as_array().unwrap() {
        if let Some(needed) = package["rust_version"].as_str() {
            assert!(
                version(needed) <= ours,
                "{} {} needs Rust {needed}, newer than the workspace's rust-version",
                package["name"],
                package["version"]
            );
        }
    }
}

/// Every cited page lives in `remedy::links`, each once: no rule file holds
/// a URL of its own, and no URL is written twice.
#[test]
fn every_url_is_written_once_in_links() {
    let root = flowcred_tests::root();
    let mut seen = BTreeSet::new();
    let source = std::fs::read_to_string(root.join("core/src/source.rs")).unwrap();
    for url in source.split('"').filter(|s| s.starts_with("https://")) {
        assert!(seen.insert(url.to_owned()), "{url} is written twice in source.rs");
    }
    assert!(seen.len() >= 20, "{seen:?}");
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for site in ["https://learn.microsoft.com", "https://github.com"] {
            assert!(
                !text.contains(site),
                "{} writes a {site} address: name a `links::` constant instead",
                path.display()
            );
        }
    }
}

/// A step several rules share is written once, in `remedy::steps`: no rule
/// file spells out a shared step's text again.
#[test]
fn shared_steps_are_not_repeated() {
    let root = flowcred_tests::root();
    let remedy = std::fs::read_to_string(root.join("core/src/remedy.rs")).unwrap();
    let steps = &remedy[remedy.find("pub mod steps").unwrap()..];
    let texts: Vec<&str> =
        steps.split("text: \"").skip(1).filter_map(|rest| rest.split("\",").next()).collect();
    assert!(texts.len() >= 10, "{}", texts.len());
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for step in &texts {
            assert!(
                !text.contains(&format!("text: \"{step}\"")),
                "{} repeats a shared step; use `steps::`: {step}",
                path.display()
            );
        }
    }
}
