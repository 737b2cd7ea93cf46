//! One reviewed text snapshot per bundled scenario, plus JSON and Markdown for
//! a showcase subset.

use flowcred::report::{self, Style};
use flowcred::scenario::{self, Scenario};

fn load(path: &std::path::Path) -> Scenario {
    let name = path.file_name().unwrap().to_string_lossy();
    let bytes = std::fs::read(path).unwrap();
    scenario::load_bytes(&format!("scenarios/{name}"), &bytes).unwrap()
}

#[test]
fn every_scenario_as_text() {
    insta::glob!("../../scenarios", "*.yaml", |path| {
        let scenario = load(path);
        let mut out = Vec::new();
        report::text_run(&mut out, &report::run(&scenario), Style::default()).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    });
}

const SHOWCASE: &[&str] =
    &["unjoined-device", "unsynced-account", "mismatched-account", "federated-without-phs"];

#[test]
fn showcase_as_json_and_markdown() {
    for name in SHOWCASE {
        let scenario = load(&flowcred_tests::root().join(format!("scenarios/{name}.yaml")));
        let run = report::run(&scenario);
        let json = serde_json::to_value(report::json_run(&run)).unwrap();
        insta::assert_json_snapshot!(format!("{name}.json"), json);
        let mut md = Vec::new();
        report::markdown_run(&mut md, &run).unwrap();
        insta::assert_snapshot!(format!("{name}.md"), String::from_utf8(md).unwrap());
    }
}
