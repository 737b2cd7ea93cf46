//! `flowcred explain`: one rule's documentation and remediation.

use std::io;

use flowcred_core::{rules, Rule};

use crate::app::{Exit, Io};
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule id (`FC013`) or name (`device-not-joined`).
    rule: String,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let Some(rule) = rules::find(&args.rule) else {
        writeln!(io.err, "error: unknown rule `{}`; `flowcred rules` lists them", args.rule)?;
        return Ok(Exit::Failure);
    };
    write(io.out, rule)?;
    Ok(Exit::Ok)
}

/// One rule's documentation and remediation, as `explain` prints it.
pub fn write(out: &mut dyn io::Write, rule: &Rule) -> io::Result<()> {
    writeln!(out, "# {} {}\n", rule.id, rule.name)?;
    writeln!(out, "{}\n", rule.summary)?;
    let sub = rule.sub_code.map(|s| format!(", sub-code {s} {}", s.message())).unwrap_or_default();
    writeln!(out, "Error code: {}{sub}", rule.code)?;
    writeln!(out, "Fails at stage: {}\n", rule.stage)?;
    writeln!(out, "{}", rule.documentation().trim_end())?;
    writeln!(out, "\n## Remediation\n")?;
    report::markdown_remedies(out, rule.remedies)
}
