//! `flowcred check`: compare each scenario's outcome and findings with its
//! `expect:` block.

use std::io;
use std::path::PathBuf;

use flowcred_core::ErrorCode;
use serde::Serialize;

use crate::cli::{load_all, Exit, Io};
use crate::report::{self, JsonLoadError, Run};

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
}

/// One difference between what a scenario expects and what happened.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Mismatch {
    pub what: &'static str,
    pub expected: String,
    pub actual: String,
}

/// Every difference between `run` and its scenario's `expect:` block.
pub fn mismatches(run: &Run) -> Vec<Mismatch> {
    let expect = &run.scenario.expect;
    let mut out = Vec::new();
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
    for violation in
        flowcred_core::replay::verify_world(&run.scenario.world, flowcred_core::RULES).violations
    {
        out.push(Mismatch {
            what: "replay",
            expected: "no violation".to_owned(),
            actual: violation.to_string(),
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

#[derive(Debug, Serialize)]
struct JsonOutput {
    schema_version: u32,
    scenarios: Vec<JsonCheck>,
    errors: Vec<JsonLoadError>,
    passed: usize,
    failed: usize,
}

#[derive(Debug, Serialize)]
struct JsonCheck {
    file: String,
    ok: bool,
    mismatches: Vec<Mismatch>,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let (scenarios, errors) = load_all(&args.paths);
    let results: Vec<(String, Vec<Mismatch>)> =
        scenarios.iter().map(|s| (s.file.clone(), mismatches(&report::run(s)))).collect();
    let failed = results.iter().filter(|(_, m)| !m.is_empty()).count();
    let passed = results.len() - failed;
    match args.format {
        CheckFormat::Text => {
            for (file, found) in &results {
                if found.is_empty() {
                    writeln!(io.out, "{}  {file}", io.style.good("ok      "))?;
                    continue;
                }
                writeln!(io.out, "{}  {file}", io.style.bad("MISMATCH"))?;
                for m in found {
                    writeln!(io.out, "    {}:", m.what)?;
                    writeln!(io.out, "      - expected {}", m.expected)?;
                    writeln!(io.out, "      + actual   {}", m.actual)?;
                }
            }
            writeln!(
                io.out,
                "\nchecked {} scenarios: {passed} as expected, {failed} mismatched, {} unreadable",
                results.len() + errors.len(),
                errors.len()
            )?;
        }
        CheckFormat::Json => report::write_json(
            io.out,
            &JsonOutput {
                schema_version: report::SCHEMA_VERSION,
                scenarios: results
                    .into_iter()
                    .map(|(file, mismatches)| JsonCheck {
                        file,
                        ok: mismatches.is_empty(),
                        mismatches,
                    })
                    .collect(),
                errors: errors.iter().map(report::json_load_error).collect(),
                passed,
                failed,
            },
        )?,
    }
    for error in &errors {
        report::text_load_error(io.err, error, io.style)?;
    }
    Ok(if !errors.is_empty() {
        Exit::Failure
    } else if failed > 0 {
        Exit::Mismatch
    } else {
        Exit::Ok
    })
}
