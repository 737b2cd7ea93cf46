//! `flowcred check`: compare each scenario's outcome and findings with its
//! `expect:` block.

use std::io;
use std::path::PathBuf;

use flowcred_core::replay::{verify_world, Verdict};
use flowcred_core::{ErrorCode, RULES};
use serde::Serialize;

use crate::app::{load_all, Exit, Io};
use crate::report::{self, JsonLoadError, Run};
use crate::scenario::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// Also list, per rule, the scenarios that fire it, its near misses and
    /// whether its fix was replayed.
    #[arg(long)]
    coverage: bool,
    /// Fail (exit 1) when fewer than this percentage of rules are fully
    /// covered (fired, near-missed and fix replayed). Implies --coverage.
    #[arg(long, value_name = "PERCENT")]
    min_coverage: Option<f64>,
    /// Also write the results as JUnit XML: one test case per scenario and
    /// one per finding's fix replay.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Fail a scenario that has no `expect:` block (by default it is
    /// reported as having no expectation, and only its remediation checked).
    #[arg(long)]
    strict: bool,
}

/// One difference between what a scenario expects and what happened.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Mismatch {
    pub what: &'static str,
    pub expected: String,
    pub actual: String,
}

/// One scenario checked: its differences and what its fix replay did.
#[derive(Debug)]
pub struct Checked {
    pub file: String,
    pub mismatches: Vec<Mismatch>,
    pub verdict: Verdict,
    pub fired: Vec<&'static str>,
    pub near_misses: Vec<String>,
    /// The scenario has an `expect:` block.
    pub expected: bool,
}

/// Checks one scenario.
pub fn check_scenario(scenario: &Scenario) -> Checked {
    let run = report::run(scenario);
    let verdict = verify_world(&scenario.world, RULES);
    Checked {
        file: scenario.file.clone(),
        mismatches: mismatches(&run, &verdict),
        fired: run.diagnosis.rule_ids(),
        near_misses: scenario.expect.as_ref().map_or_else(Vec::new, |e| e.near_misses.clone()),
        expected: scenario.expect.is_some(),
        verdict,
    }
}

/// Every difference between `run` and its scenario's `expect:` block, and
/// every way its remediation failed to replay.
pub fn mismatches(run: &Run, verdict: &Verdict) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for violation in &verdict.violations {
        out.push(Mismatch {
            what: "replay",
            expected: "no violation".to_owned(),
            actual: violation.to_string(),
        });
    }
    let Some(expect) = &run.scenario.expect else { return out };
    let code_text =
        |code: Option<ErrorCode>| code.map_or_else(|| "none".to_owned(), |c| c.to_string());
    let actual_code = run.attempt.error().map(|e| e.code);
    if expect.error.0 != actual_code {
        out.push(Mismatch {
            what: "error",
            expected: code_text(expect.error.0),
            actual: code_text(actual_code),
        });
    }
    if let Some(sub) = expect.sub_code {
        let actual = run.attempt.error().and_then(|e| e.sub_code).map(|s| i64::from(s.value()));
        if actual != Some(sub) {
            out.push(Mismatch {
                what: "sub_code",
                expected: sub.to_string(),
                actual: actual.map_or_else(|| "none".to_owned(), |v| v.to_string()),
            });
        }
    }
    if let Some(stage) = expect.stage {
        let actual = run.attempt.failed_stage();
        if actual != Some(stage.0) {
            out.push(Mismatch {
                what: "stage",
                expected: stage.0.to_string(),
                actual: actual.map_or_else(|| "none".to_owned(), |s| s.to_string()),
            });
        }
    }
    let actual_rules = run.diagnosis.rule_ids();
    if expect.rules != actual_rules {
        out.push(Mismatch {
            what: "rules",
            expected: list(&expect.rules),
            actual: list(&actual_rules),
        });
    }
    let fired: Vec<&String> =
        expect.near_misses.iter().filter(|id| actual_rules.contains(&id.as_str())).collect();
    if !fired.is_empty() {
        out.push(Mismatch { what: "near_misses", expected: "[]".to_owned(), actual: list(&fired) });
    }
    out
}

fn list(items: &[impl AsRef<str>]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    format!("[{}]", items.join(", "))
}

/// Per rule: which scenarios fire it, which are its near misses, and
/// whether some scenario replayed a fix that removed it.
#[derive(Debug, Serialize)]
pub struct RuleCoverage {
    pub rule: &'static str,
    pub name: &'static str,
    pub fired_by: Vec<String>,
    pub near_misses: Vec<String>,
    pub fix_replayed: bool,
}

impl RuleCoverage {
    pub fn complete(&self) -> bool {
        !self.fired_by.is_empty() && !self.near_misses.is_empty() && self.fix_replayed
    }
}

pub fn coverage(checked: &[Checked]) -> Vec<RuleCoverage> {
    RULES
        .iter()
        .map(|rule| RuleCoverage {
            rule: rule.id,
            name: rule.name,
            fired_by: checked
                .iter()
                .filter(|c| c.fired.contains(&rule.id))
                .map(|c| c.file.clone())
                .collect(),
            near_misses: checked
                .iter()
                .filter(|c| c.near_misses.iter().any(|id| id == rule.id))
                .map(|c| c.file.clone())
                .collect(),
            fix_replayed: checked
                .iter()
                .flat_map(|c| &c.verdict.replays)
                .any(|r| r.rule.id == rule.id && r.removed),
        })
        .collect()
}

/// The share of rules fully covered, in percent.
fn covered_percent(coverage: &[RuleCoverage]) -> f64 {
    let complete = coverage.iter().filter(|c| c.complete()).count();
    100.0 * complete as f64 / coverage.len().max(1) as f64
}

#[derive(Debug, Serialize)]
struct JsonOutput {
    schema_version: u32,
    scenarios: Vec<JsonCheck>,
    errors: Vec<JsonLoadError>,
    passed: usize,
    failed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Vec<RuleCoverage>>,
}

#[derive(Debug, Serialize)]
struct JsonCheck {
    file: String,
    ok: bool,
    mismatches: Vec<Mismatch>,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let (scenarios, errors) = load_all(&args.paths, io);
    let mut checked: Vec<Checked> = crate::par::map(&scenarios, check_scenario);
    if args.strict {
        for c in checked.iter_mut().filter(|c| !c.expected) {
            c.mismatches.push(Mismatch {
                what: "expect",
                expected: "an `expect:` block (--strict)".to_owned(),
                actual: "none".to_owned(),
            });
        }
    }
    let failed = checked.iter().filter(|c| !c.mismatches.is_empty()).count();
    let unexpected = checked.iter().filter(|c| !c.expected && c.mismatches.is_empty()).count();
    let passed = checked.len() - failed - unexpected;
    let coverage = (args.coverage || args.min_coverage.is_some()).then(|| coverage(&checked));
    let below = match (args.min_coverage, &coverage) {
        (Some(min), Some(coverage)) => covered_percent(coverage) < min,
        _ => false,
    };
    match args.format {
        CheckFormat::Text => {
            for c in &checked {
                if c.mismatches.is_empty() && !c.expected {
                    let file = &c.file;
                    writeln!(
                        io.out,
                        "none      {file}  (no `expect:` block; its remediation replays)"
                    )?;
                    continue;
                }
                if c.mismatches.is_empty() {
                    writeln!(io.out, "{}  {}", io.style.good("ok      "), c.file)?;
                    continue;
                }
                writeln!(io.out, "{}  {}", io.style.bad("MISMATCH"), c.file)?;
                for m in &c.mismatches {
                    writeln!(io.out, "    {}:", m.what)?;
                    writeln!(io.out, "      - expected {}", m.expected)?;
                    writeln!(io.out, "      + actual   {}", m.actual)?;
                }
            }
            let total = checked.len() + errors.len();
            let mut summary = format!(
                "\nchecked {total} {}: {passed} as expected, {failed} mismatched, {} unreadable",
                plural(total, "scenario", "scenarios"),
                errors.len()
            );
            if unexpected > 0 {
                summary.push_str(&format!(", {unexpected} without expectations"));
            }
            writeln!(io.out, "{summary}")?;
            if let Some(coverage) = &coverage {
                writeln!(io.out, "\nRule coverage (fired / near misses / fix replayed):")?;
                let name_w = coverage.iter().map(|c| c.name.len()).max().unwrap_or(0);
                for c in coverage {
                    writeln!(
                        io.out,
                        "  {} {:<name_w$} {:>3} / {:>3} / {}",
                        c.rule,
                        c.name,
                        c.fired_by.len(),
                        c.near_misses.len(),
                        if c.fix_replayed { "yes" } else { "NO" }
                    )?;
                }
                writeln!(
                    io.out,
                    "fully covered: {:.0}% of {} rules",
                    covered_percent(coverage),
                    coverage.len()
                )?;
            }
        }
        CheckFormat::Json => {
            let scenarios = checked
                .iter()
                .map(|c| JsonCheck {
                    file: c.file.clone(),
                    ok: c.mismatches.is_empty(),
                    mismatches: c.mismatches.clone(),
                })
                .collect();
            let errors = errors.iter().map(report::json_load_error).collect();
            let output = JsonOutput {
                schema_version: report::SCHEMA_VERSION,
                scenarios,
                errors,
                passed,
                failed,
                coverage,
            };
            report::write_json(io.out, &output)?;
        }
    }
    if let Some(path) = &args.junit {
        if let Err(e) = std::fs::write(path, junit(&checked, &errors)) {
            writeln!(io.err, "error: cannot write `{}`: {e}", path.display())?;
            return Ok(Exit::Failure);
        }
    }
    for error in &errors {
        report::text_load_error(io.err, error, io.err_style)?;
    }
    if below {
        writeln!(io.err, "error: rule coverage is below --min-coverage")?;
    }
    Ok(if !errors.is_empty() {
        Exit::Failure
    } else if failed > 0 || below {
        Exit::Mismatch
    } else {
        Exit::Ok
    })
}

/// JUnit XML: a test case per scenario, one per finding's fix replay, and an
/// error case per scenario that did not load.
pub fn junit(checked: &[Checked], errors: &[crate::scenario::LoadError]) -> String {
    let mut cases = Vec::new();
    for c in checked {
        let failure = (!c.mismatches.is_empty()).then(|| {
            c.mismatches
                .iter()
                .map(|m| format!("{}:\n- expected {}\n+ actual   {}", m.what, m.expected, m.actual))
                .collect::<Vec<_>>()
                .join("\n")
        });
        cases.push(("scenarios".to_owned(), c.file.clone(), failure.map(|f| ("mismatch", f))));
        for id in &c.fired {
            let replays: Vec<_> = c.verdict.replays.iter().filter(|r| r.rule.id == *id).collect();
            let removed = replays.iter().any(|r| r.removed);
            let failure = (!removed).then(|| {
                ("fix replay", format!("no remedy of {id}, applied alone, removes its finding"))
            });
            cases.push(("fix replay".to_owned(), format!("{} {id}", c.file), failure));
        }
    }
    for e in errors {
        cases.push(("scenarios".to_owned(), e.file.clone(), Some(("unreadable", e.to_string()))));
    }
    let failures = cases.iter().filter(|(_, _, f)| f.is_some()).count();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"flowcred check\" tests=\"{}\" failures=\"{failures}\">\n",
        cases.len()
    ));
    xml.push_str(&format!(
        "  <testsuite name=\"flowcred check\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
        cases.len()
    ));
    for (class, name, failure) in &cases {
        let open = format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            crate::escape::xml(class),
            crate::escape::xml(name)
        );
        match failure {
            None => xml.push_str(&format!("{open}/>\n")),
            Some((kind, text)) => {
                let first = text.lines().next().unwrap_or_default();
                xml.push_str(&format!(
                    "{open}>\n      <failure type=\"{kind}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                    crate::escape::xml(first),
                    crate::escape::xml(text)
                ));
            }
        }
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

/// `one` or `many`, as `count` asks.
pub fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 {
        one
    } else {
        many
    }
}
