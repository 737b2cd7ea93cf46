//! `flowcred fix`: replay a scenario's remediation, showing what each remedy
//! changes in the world and how the run ends afterwards.

use std::io;
use std::path::PathBuf;

use flowcred_core::model::World;
use flowcred_core::replay::{apply, diagnose_with, fix_loop};
use flowcred_core::{simulate, RULES};

use crate::app::{load_one, Exit, Io};
use crate::diff::world_diff;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One scenario file.
    path: PathBuf,
}

fn outcome(world: &World) -> String {
    match simulate(world).error() {
        None => "succeeds".into(),
        Some(e) => format!("fails with {}", e.code),
    }
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let Some(s) = load_one(&args.path, io)? else { return Ok(Exit::Failure) };
    let world = &s.world;
    writeln!(io.out, "== {}\nBefore: the run {}\n", s.file, outcome(world))?;
    let diagnosis = diagnose_with(world, RULES);
    for finding in &diagnosis.findings {
        let rule = finding.rule;
        for (i, remedy) in rule.remedies.iter().enumerate() {
            writeln!(io.out, "{} {}, remedy {}: {}", rule.id, rule.name, i + 1, remedy.title)?;
            let actions: Vec<&str> = remedy.actions().map(|a| a.as_str()).collect();
            if actions.is_empty() {
                writeln!(io.out, "  cannot be simulated\n")?;
                continue;
            }
            writeln!(io.out, "  actions: {}", actions.join(", "))?;
            let fixed = apply(world, remedy);
            if fixed == *world {
                writeln!(
                    io.out,
                    "  changes nothing here: this remedy does not apply to this world\n"
                )?;
                continue;
            }
            for line in world_diff(world, &fixed) {
                writeln!(io.out, "  ~ {line}")?;
            }
            let gone = !diagnose_with(&fixed, RULES).rule_ids().contains(&rule.id);
            writeln!(
                io.out,
                "  after: the run {}; {} {}\n",
                outcome(&fixed),
                rule.id,
                if gone { "is gone" } else { "REMAINS" }
            )?;
        }
    }
    match fix_loop(world, RULES) {
        Some(0) => writeln!(io.out, "Nothing to fix.")?,
        Some(rounds) => writeln!(
            io.out,
            "Fixing every finding and running again: a clean success after {rounds} round(s)."
        )?,
        None => {
            writeln!(
                io.out,
                "Fixing every finding and running again does NOT reach a clean success."
            )?;
            return Ok(Exit::Mismatch);
        }
    }
    Ok(Exit::Ok)
}
