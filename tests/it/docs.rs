//! Documentation that cannot drift: the committed schema and guide match what
//! the code generates, every bundled scenario validates against the schema,
//! and the command examples in the Markdown files produce what they show.

use flowcred::cli::Exit;
use flowcred_tests::{flowcred, root};

#[test]
fn the_committed_schema_is_fresh() {
    let committed = std::fs::read_to_string(root().join("docs/scenario.schema.json")).unwrap();
    let generated = flowcred(&["schema"]).stdout;
    assert_eq!(
        committed, generated,
        "docs/scenario.schema.json is stale: run `cargo run -- schema > docs/scenario.schema.json`"
    );
}

#[test]
fn every_bundled_scenario_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&flowcred(&["schema"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../docs/scenario.schema.json\n"),
            "{}",
            path.display()
        );
        let instance: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        count += 1;
    }
    assert!(count > 50);
    // And the schema is not vacuous: a misspelt field and a wrong type fail it.
    let good = std::fs::read_to_string(root().join("scenarios/unjoined-device.yaml")).unwrap();
    for bad in [
        good.replace("pad_version:", "pad_verison:"),
        good.replace("azure_ad_joined: false", "azure_ad_joined: maybe"),
    ] {
        let instance: serde_json::Value = serde_yaml::from_str(&bad).unwrap();
        assert!(!validator.is_valid(&instance));
    }
}

/// Runs every ```console block of a Markdown file: each `$ flowcred …` line
/// is run in process from the workspace root, and what follows it up to the
/// next command or the block's end must be its output, exactly.
fn check_console_blocks(file: &str) -> usize {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let mut checked = 0;
    let mut rest = text.as_str();
    while let Some(start) = rest.find("```console\n") {
        let body = &rest[start + "```console\n".len()..];
        let end = body.find("\n```").expect("a console block ends");
        let block = &body[..end];
        rest = &body[end..];
        let mut commands: Vec<(String, String)> = Vec::new();
        for line in block.lines() {
            match line.strip_prefix("$ ") {
                Some(command) => commands.push((command.to_owned(), String::new())),
                None => {
                    let (_, expected) = commands.last_mut().expect("output follows a command");
                    expected.push_str(line);
                    expected.push('\n');
                }
            }
        }
        for (command, expected) in commands {
            let args: Vec<&str> = command.split_whitespace().collect();
            assert_eq!(args[0], "flowcred", "{file}: only flowcred commands run here");
            let out = flowcred(&args[1..]);
            assert_eq!(
                out.stdout.trim_end_matches('\n'),
                expected.trim_end_matches('\n'),
                "{file}: `{command}` no longer prints what the document shows"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn the_readme_examples_run_as_shown() {
    assert!(check_console_blocks("README.md") >= 2);
}

#[test]
fn the_guide_is_fresh_and_its_examples_run() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("guide");
    let out = flowcred(&["docs", "--out", &dir.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Ok, "{}", out.stderr);
    let committed = root().join("docs/guide");
    let mut names: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    let mut committed_names: Vec<_> =
        std::fs::read_dir(&committed).unwrap().map(|e| e.unwrap().file_name()).collect();
    committed_names.sort();
    assert_eq!(
        names, committed_names,
        "docs/guide is stale: run `cargo run -- docs --out docs/guide`"
    );
    for name in &names {
        let fresh = std::fs::read_to_string(dir.join(name)).unwrap();
        let old = std::fs::read_to_string(committed.join(name)).unwrap();
        assert_eq!(
            fresh,
            old,
            "docs/guide/{} is stale: run `cargo run -- docs --out docs/guide`",
            name.to_string_lossy()
        );
    }
    // Generating twice gives the same bytes.
    let again = flowcred(&["docs", "--out", &dir.to_string_lossy()]);
    assert_eq!(again.exit, Exit::Ok);
    for name in &names {
        assert_eq!(
            std::fs::read(dir.join(name)).unwrap(),
            std::fs::read(committed.join(name)).unwrap()
        );
    }
    assert!(check_console_blocks("docs/guide/README.md") >= 1);
}

/// The test cases a JUnit file holds, as (name, failed), read by an XML parser.
fn junit_cases(xml: &str) -> Vec<(String, bool)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cases: Vec<(String, bool)> = Vec::new();
    loop {
        match reader.read_event().expect("the JUnit file is well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                let name = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"name")
                    .map(|a| a.unescape_value().unwrap().into_owned())
                    .unwrap();
                cases.push((name, false));
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"failure" => {
                cases.last_mut().expect("a failure sits in a test case").1 = true;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    cases
}

#[test]
fn junit_has_a_case_per_scenario_and_per_fix_replay() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let xml_path = dir.join("out.xml");
    let out = flowcred(&["check", "--junit", &xml_path.to_string_lossy(), "scenarios"]);
    assert_eq!(out.exit, Exit::Ok);
    let cases = junit_cases(&std::fs::read_to_string(&xml_path).unwrap());
    let scenarios = std::fs::read_dir(root().join("scenarios")).unwrap().count();
    assert_eq!(cases.iter().filter(|(n, _)| n.ends_with(".yaml")).count(), scenarios);
    assert!(cases.iter().any(|(n, _)| n == "scenarios/unjoined-device.yaml FC013"));
    assert!(cases.iter().all(|(_, failed)| !failed));

    // A broken expectation shows up as a failure with the diff.
    let text = std::fs::read_to_string(root().join("scenarios/unjoined-device.yaml")).unwrap();
    let wrong = dir.join("wrong & <odd>.yaml");
    std::fs::write(&wrong, text.replace("rules: [FC013]", "rules: [FC019]")).unwrap();
    let out =
        flowcred(&["check", "--junit", &xml_path.to_string_lossy(), &wrong.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Mismatch);
    let xml = std::fs::read_to_string(&xml_path).unwrap();
    let cases = junit_cases(&xml);
    assert!(cases.iter().any(|(n, failed)| n.ends_with("wrong & <odd>.yaml") && *failed), "{xml}");
    assert!(xml.contains("- expected [FC019]"), "{xml}");
}

#[test]
fn every_template_loads_validates_and_checks() {
    let schema: serde_json::Value = serde_json::from_str(&flowcred(&["schema"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let kinds = std::iter::once("healthy".to_owned())
        .chain(flowcred_core::RULES.iter().map(|r| r.id.to_owned()));
    for kind in kinds {
        let out = flowcred(&["new", &kind]);
        assert_eq!(out.exit, Exit::Ok, "{kind}: {}", out.stderr);
        let instance: serde_json::Value = serde_yaml::from_str(&out.stdout).unwrap();
        assert!(validator.is_valid(&instance), "{kind}");
        let file = dir.join(format!("{kind}.yaml"));
        std::fs::write(&file, &out.stdout).unwrap();
        let check = flowcred(&["check", &file.to_string_lossy()]);
        assert_eq!(check.exit, Exit::Ok, "{kind}: {}", check.stdout);
        let loaded = flowcred::scenario::load_file(&file, Default::default()).unwrap();
        if kind != "healthy" {
            let rules = &loaded.expect.as_ref().unwrap().rules;
            assert!(rules.contains(&kind), "{kind}: {rules:?}");
            assert!(loaded.summary.starts_with(&format!("{kind}: ")), "{}", loaded.summary);
        }
    }
    let unknown = flowcred(&["new", "FC999"]);
    assert_eq!(unknown.exit, Exit::Failure);
}

/// `docs --out` replaces only a guide it wrote (or an empty folder), never
/// a file a person added, and `new --out` never replaces a file unasked.
#[test]
fn generators_never_destroy_what_they_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("docs");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("scenario.schema.json"), "{}").unwrap();
    let out = flowcred(&["docs", "--out", &foreign.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("holds files `docs` did not write"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(foreign.join("scenario.schema.json")).unwrap(), "{}");

    let guide = dir.path().join("guide");
    assert_eq!(flowcred(&["docs", "--out", &guide.to_string_lossy()]).exit, Exit::Ok);
    assert_eq!(flowcred(&["docs", "--out", &guide.to_string_lossy()]).exit, Exit::Ok);
    assert!(guide.join(".flowcred-guide").is_file());
    // A file a person adds to the guide stops the next run, deleting nothing.
    std::fs::write(guide.join("my-notes.md"), "mine").unwrap();
    let out = flowcred(&["docs", "--out", &guide.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("`my-notes.md`"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(guide.join("my-notes.md")).unwrap(), "mine");
    // The Markdown guide and the site cannot share a folder.
    let g = guide.to_string_lossy();
    let out = flowcred(&["docs", "--out", &g, "--html", &g, "--force"]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("neither inside the other"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(guide.join("my-notes.md")).unwrap(), "mine");

    let file = dir.path().join("mine.yaml");
    std::fs::write(&file, "# mine\n").unwrap();
    let path = file.to_string_lossy();
    let out = flowcred(&["new", "healthy", "--out", &path]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("add --force"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "# mine\n");
    assert_eq!(flowcred(&["new", "healthy", "--out", &path, "--force"]).exit, Exit::Ok);
    assert!(std::fs::read_to_string(&file).unwrap().contains("tenant:"));
}

/// The loader and the published schema agree: every value of the schema's
/// enums and near misses of them, and strings on both sides of its version
/// pattern, are accepted by both or refused by both.
#[test]
fn the_loader_and_the_schema_agree_on_enums_and_patterns() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/scenario.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = std::fs::read_to_string(root().join("scenarios/healthy-entra-joined.yaml")).unwrap();
    let enum_values = |name: &str| -> Vec<String> {
        let def = &schema["$defs"][name];
        let mut values: Vec<String> = match def.get("enum") {
            Some(list) => {
                list.as_array().unwrap().iter().map(|v| v.as_str().unwrap().into()).collect()
            }
            None => def["oneOf"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|v| match v.get("const") {
                    Some(c) => vec![c.clone()],
                    None => v["enum"].as_array().unwrap().clone(),
                })
                .map(|v| v.as_str().unwrap().into())
                .collect(),
        };
        assert!(!values.is_empty(), "{name}");
        let near: Vec<String> = values.iter().map(|v| v.to_uppercase()).collect();
        values.extend(near);
        values.extend(["".into(), "bogus".into(), "none ".into()]);
        values
    };
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("  os: windows_11", enum_values("Os")),
        ("      type: managed\n    - name: contoso.onmicrosoft.com", enum_values("DomainKind")),
        ("  mode: attended", enum_values("RunMode")),
        ("  error: none", enum_values("ExpectedError")),
        (
            "  pad_version: \"2.45\"",
            [
                "2.45",
                "2.45.404.24249",
                "+2.+45",
                "2",
                "2.",
                "02.045",
                "2.45 ",
                "2..45",
                "2.x",
                "\u{663}.45",
            ]
            .map(String::from)
            .to_vec(),
        ),
    ];
    let mut compared = 0;
    for (line, values) in cases {
        assert!(good.contains(line), "{line}");
        let (key, _) = line.trim_start().split_once(": ").unwrap();
        for value in values {
            let edited_line = line.replacen(
                line.trim_start().split('\n').next().unwrap(),
                &format!("{key}: \"{value}\""),
                1,
            );
            let text = good.replacen(line, &edited_line, 1);
            let as_json: serde_json::Value = serde_yaml::from_str(&text).unwrap();
            let schema_says = validator.is_valid(&as_json);
            let loader_says = flowcred::scenario::load_str("agree.yaml", &text).is_ok();
            assert_eq!(
                schema_says, loader_says,
                "`{key}: \"{value}\"`: schema {schema_says}, loader {loader_says}"
            );
            compared += 1;
        }
    }
    assert!(compared > 60, "{compared}");
}

/// The man page is generated from the command line's own definitions and
/// committed; it must be fresh. Completions come from the same definitions.
#[test]
fn the_man_page_is_fresh_and_completions_are_generated() {
    let committed = std::fs::read(root().join("docs/flowcred.1")).unwrap();
    let fresh = flowcred::cli::man_page().unwrap();
    assert!(
        committed == fresh,
        "docs/flowcred.1 is stale: run `cargo run -- man > docs/flowcred.1`"
    );
    assert!(String::from_utf8_lossy(&fresh).contains(".SH NAME"));
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = flowcred(&["completions", shell]);
        assert_eq!(out.exit, Exit::Ok, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains("diagnose"), "{shell}");
    }
}

/// The guide names scenarios by their path from the project root, however
/// `--scenarios` is typed.
#[test]
fn the_guide_is_the_same_however_the_scenarios_are_named() {
    let temp = tempfile::tempdir().unwrap();
    let (a, b) = (temp.path().join("a"), temp.path().join("b"));
    let absolute = root().join("scenarios").to_string_lossy().into_owned();
    assert_eq!(flowcred(&["docs", "--out", &a.to_string_lossy()]).exit, Exit::Ok);
    let out = flowcred(&["docs", "--scenarios", &absolute, "--out", &b.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Ok, "{}", out.stderr);
    for page in ["README.md", "error-AADSTS50126.md"] {
        assert_eq!(
            std::fs::read(a.join(page)).unwrap(),
            std::fs::read(b.join(page)).unwrap(),
            "{page}"
        );
    }
}

/// A template's schema modeline points at the project's schema from wherever
/// `new --out` writes it.
#[test]
fn a_template_finds_the_schema_wherever_it_is_written() {
    let temp = tempfile::tempdir().unwrap();
    let deep = temp.path().join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    let file = deep.join("t.yaml");
    let out = flowcred(&["new", "FC019", "--out", &file.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Ok, "{}", out.stderr);
    let text = std::fs::read_to_string(&file).unwrap();
    let first = text.lines().next().unwrap();
    let relative = first.strip_prefix("# yaml-language-server: $schema=").unwrap();
    let resolved = std::fs::canonicalize(deep.join(relative)).unwrap();
    assert_eq!(resolved, std::fs::canonicalize(root().join("docs/scenario.schema.json")).unwrap());
}

/// Every example in the guide shows the picture of its sign-in path, the
/// picture exists, and its description says what the image's alt text says.
#[test]
fn every_guide_example_shows_its_path_picture() {
    let guide = root().join("docs/guide");
    let mut examples = 0;
    for entry in std::fs::read_dir(&guide).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let page = std::fs::read_to_string(&path).unwrap();
        let headings = page.lines().filter(|l| l.starts_with("### `scenarios/")).count();
        let pictures: Vec<&str> =
            page.lines().filter(|l| l.starts_with("![Sign-in path of ")).collect();
        assert_eq!(headings, pictures.len(), "{}", path.display());
        for line in pictures {
            let (alt, file) = line[2..].split_once("](").unwrap();
            let file = file.strip_suffix(')').unwrap();
            let svg = std::fs::read_to_string(guide.join(file)).unwrap();
            assert!(
                svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                    && svg.ends_with("</svg>\n")
            );
            let desc =
                svg.split_once("<desc id=\"desc\">").unwrap().1.split_once("</desc>").unwrap().0;
            assert_eq!(desc, alt.replace('&', "&amp;"), "{file}");
            examples += 1;
        }
    }
    assert!(examples > 100, "{examples}");
    // The error pages have their examples too.
    let page = std::fs::read_to_string(guide.join("error-WindowsIdentityIncorrect.md")).unwrap();
    assert!(page.contains("![Sign-in path of "));
}

#[test]
fn run_draws_one_scenario_as_svg() {
    let out = flowcred(&["run", "--format", "svg", "scenarios/unattended-rdp-not-enabled.yaml"]);
    assert!(out.stdout.contains("FAILED: RDPIsNotEnabled"), "{}", out.stdout);
    assert!(out.stdout.contains("<desc id=\"desc\">Sign-in path of scenarios/unattended-rdp-not-enabled.yaml, default route:"));
    let again = flowcred(&["run", "--format", "svg", "scenarios/unattended-rdp-not-enabled.yaml"]);
    assert_eq!(out.stdout, again.stdout);
    let many = flowcred(&["run", "--format", "svg", "scenarios"]);
    assert_eq!(many.exit, Exit::Failure);
    assert!(many.stderr.contains("draws one scenario"), "{}", many.stderr);
}

/// The decision list of every error page reaches each of the code's causes.
#[test]
fn every_decision_list_reaches_all_its_causes() {
    let guide = root().join("docs/guide");
    let mut lists = 0;
    for code in flowcred_core::ErrorCode::ALL {
        let causes: Vec<_> = flowcred_core::RULES.iter().filter(|r| r.code == *code).collect();
        let Ok(page) = std::fs::read_to_string(guide.join(format!("error-{}.md", code.as_str())))
        else {
            continue;
        };
        let Some((_, list)) = page.split_once("## How to tell the causes apart") else {
            assert!(causes.len() < 2, "error-{}.md has no decision list", code.as_str());
            continue;
        };
        let list = list.split("\n## ").next().unwrap();
        // The drawn tree beside it reaches them too.
        let picture = format!("decide-{}.svg", code.as_str());
        assert!(list.contains(&format!("]({picture})")), "{code}");
        let svg = std::fs::read_to_string(guide.join(&picture)).unwrap();
        for rule in causes {
            let cause = format!("[{} `{}`]", rule.id, rule.name);
            assert!(list.contains(&cause), "{code}: {} unreached", rule.id);
            let drawn = format!(">{} {}<", rule.id, rule.name);
            assert!(svg.contains(&drawn), "{picture}: {} not drawn", rule.id);
        }
        lists += 1;
    }
    assert!(lists >= 5, "{lists}");
}
