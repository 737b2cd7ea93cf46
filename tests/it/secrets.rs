//! No password ever reaches an output: scenario texts holding a random
//! password, broken in every way a careless hand breaks them, rendered by
//! every command and format that reports load errors.

use flowcred_tests::flowcred;
use proptest::prelude::*;

/// The healthy scenario's connection, with `credential` written by `shape`.
fn scenario(credential: &str) -> String {
    let good =
        std::fs::read_to_string(flowcred_tests::root().join("scenarios/healthy-entra-joined.yaml"))
            .unwrap();
    let from = good.find("  credential:\n").unwrap();
    let to = good.find("  mode: attended").unwrap();
    format!("{}{credential}{}", &good[..from], &good[to..])
}

/// Ways to break a scenario around a password `pw`.
fn broken(pw: &str) -> Vec<String> {
    vec![
        scenario(&format!("  credential:\n    pasword: \"{pw}\"\n")),
        scenario(&format!("  credentail:\n    password: \"{pw}\"\n")),
        scenario(&format!("  credential:\n    password: \"{pw}\"\n    password: \"{pw}\"\n")),
        scenario(&format!("  credential: {{password: \"{pw}\", extra: 1}}\n")),
        scenario(&format!("  credential: {{password: '{pw}', certificate: c}}\n")),
        scenario(&format!("  credential: \"{pw}\"\n")),
        scenario(&format!("  credential: {pw}\n")),
        scenario(&format!("  credential:\n\tpassword: \"{pw}\"\n")),
        scenario(&format!("  credential:\n    password: \"{pw}\n")),
        scenario(&format!("  credential:\n    password: [\"{pw}\"]\n")),
        scenario(&format!("  credential:\n    password: {{{pw}: 1}}\n")),
        scenario(&format!("  credential:\n    password: |\n      {pw}\n    certificate: c\n")),
        scenario(&format!("  credential:\n    password: !Secret \"{pw}\"\n")),
        scenario(&format!(
            "  credential:\n    password: \"{pw}\"\n  mode: attended\n  mode: unattended\n"
        )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_password_never_appears_in_any_output(pw in "[A-Za-z][A-Za-z0-9!%&*+=?@^_~-]{9,15}") {
        let dir = tempfile::tempdir().unwrap();
        for (n, text) in broken(&pw).iter().enumerate() {
            let path = dir.path().join(format!("broken-{n}.yaml"));
            std::fs::write(&path, text).unwrap();
        }
        let folder = dir.path().to_string_lossy().into_owned();
        let junit = dir.path().join("junit.xml").to_string_lossy().into_owned();
        let runs = [
            flowcred(&["run", &folder]),
            flowcred(&["run", "--format", "json", &folder]),
            flowcred(&["run", "--format", "markdown", &folder]),
            flowcred(&["check", &folder, "--junit", &junit]),
            flowcred(&["check", "--format", "json", &folder]),
        ];
        let loaded = runs[0].stdout.matches("== ").count();
        let reported = runs[0].stderr.matches("broken-").count();
        prop_assert!(loaded + reported >= broken(&pw).len(), "{}\n{}", runs[0].stdout, runs[0].stderr);
        for out in &runs {
            prop_assert!(!out.stdout.contains(&pw), "stdout leaks the password:\n{}", out.stdout);
            prop_assert!(!out.stderr.contains(&pw), "stderr leaks the password:\n{}", out.stderr);
        }
        let xml = std::fs::read_to_string(&junit).unwrap();
        prop_assert!(!xml.contains(&pw), "JUnit leaks the password:\n{xml}");
    }
}
