//! `flowcred explain`: one rule's documentation and remediation.

use std::io;

use flowcred_core::rules;

use crate::cli::{Exit, Io};
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
    writeln!(io.out, "# {} {}\n", rule.id, rule.name)?;
    writeln!(io.out, "{}\n", rule.summary)?;
    let sub = rule.sub_code.map(|s| format!(", sub-code {s} {}", s.message())).unwrap_or_default();
    writeln!(io.out, "Error code: {}{sub}", rule.code)?;
    writeln!(io.out, "Fails at stage: {}\n", rule.stage)?;
    writeln!(io.out, "{}", rule.doc.trim_end())?;
    writeln!(io.out, "\n## Remediation\n")?;
    report::markdown_remedies(io.out, rule.remedies)?;
    Ok(Exit::Ok)
}
