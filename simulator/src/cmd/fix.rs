//! `flowcred fix`: replay a scenario's remediation, showing what each remedy
//! changes in the world and how the run ends afterwards.

use std::io;
use std::path::PathBuf;

use flowcred_core::model::World;
use flowcred_core::replay::{apply, diagnose_with, fix_rounds};
use flowcred_core::{simulate, RULES};

use crate::app::{load_one, Exit, Io};
use crate::diff::world_diff;
use crate::report::{self, TextOrJson};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One scenario file (`-` reads standard input).
    path: PathBuf,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

fn outcome(world: &World) -> String {
    match simulate(world).error() {
        None => "succeeds".into(),
        Some(e) => format!("fails with {}", e.code),
    }
}

/// One remedy of one finding, replayed alone.
#[derive(Debug, Serialize)]
struct RemedyOut {
    rule: &'static str,
    name: &'static str,
    remedy: usize,
    title: &'static str,
    actions: Vec<&'static str>,
    /// Every field the remedy changes, by its path.
    changes: Vec<String>,
    /// How the run ends afterwards; absent when the remedy cannot be
    /// simulated or changes nothing here.
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<String>,
    /// The finding is gone afterwards.
    removed: bool,
}

#[derive(Debug, Serialize)]
struct RoundOut {
    found: Vec<&'static str>,
    applied: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
struct FixOut {
    schema_version: u32,
    file: String,
    before: String,
    remedies: Vec<RemedyOut>,
    rounds: Vec<RoundOut>,
    /// The fix loop reaches a clean success.
    clean: bool,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let Some(s) = load_one(&args.path, io)? else { return Ok(Exit::Failure) };
    let world = &s.world;
    let diagnosis = diagnose_with(world, RULES);
    let mut remedies = Vec::new();
    for finding in &diagnosis.findings {
        let rule = finding.rule;
        for (i, remedy) in rule.remedies.iter().enumerate() {
            let actions: Vec<&'static str> = remedy.actions().map(|a| a.as_str()).collect();
            let fixed = apply(world, remedy);
            let applies = !actions.is_empty() && fixed != *world;
            remedies.push(RemedyOut {
                rule: rule.id,
                name: rule.name,
                remedy: i + 1,
                title: remedy.title,
                changes: if applies { world_diff(world, &fixed) } else { Vec::new() },
                after: applies.then(|| outcome(&fixed)),
                removed: applies && !diagnose_with(&fixed, RULES).rule_ids().contains(&rule.id),
                actions,
            });
        }
    }
    let (rounds, result) = fix_rounds(world, RULES);
    let out = FixOut {
        schema_version: report::SCHEMA_VERSION,
        file: s.file.clone(),
        before: outcome(world),
        remedies,
        rounds: rounds
            .into_iter()
            .map(|r| RoundOut { found: r.found, applied: r.applied })
            .collect(),
        clean: result.is_some(),
    };
    match args.format {
        TextOrJson::Json => report::write_json(io.out, &out)?,
        TextOrJson::Text => text(io, &out, result)?,
    }
    Ok(if out.clean { Exit::Ok } else { Exit::Mismatch })
}

fn text(io: &mut Io, out: &FixOut, result: Option<usize>) -> io::Result<()> {
    writeln!(io.out, "== {}\nBefore: the run {}\n", out.file, out.before)?;
    for r in &out.remedies {
        writeln!(io.out, "{} {}, remedy {}: {}", r.rule, r.name, r.remedy, r.title)?;
        if r.actions.is_empty() {
            writeln!(io.out, "  cannot be simulated\n")?;
            continue;
        }
        writeln!(io.out, "  actions: {}", r.actions.join(", "))?;
        let Some(after) = &r.after else {
            writeln!(io.out, "  changes nothing here: this remedy does not apply to this world\n")?;
            continue;
        };
        for line in &r.changes {
            writeln!(io.out, "  ~ {line}")?;
        }
        let state = if r.removed { "is gone" } else { "REMAINS" };
        writeln!(io.out, "  after: the run {after}; {} {state}\n", r.rule)?;
    }
    match result {
        Some(0) => writeln!(io.out, "Nothing to fix.")?,
        Some(count) => {
            writeln!(
                io.out,
                "Fixing every finding and running again: a clean success after {count} {}.",
                crate::cmd::check::plural(count, "round", "rounds")
            )?;
            for (n, round) in out.rounds.iter().enumerate() {
                writeln!(
                    io.out,
                    "  round {}: found {}; applied {}",
                    n + 1,
                    round.found.join(", "),
                    round.applied.join("; ")
                )?;
            }
        }
        None => writeln!(
            io.out,
            "Fixing every finding and running again does NOT reach a clean success."
        )?,
    }
    Ok(())
}
