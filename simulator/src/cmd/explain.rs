//! `flowcred explain`: one rule's documentation and remediation.

use std::io;

use flowcred_core::provenance::{self, Claim};
use flowcred_core::{rules, Rule};

use crate::app::{Exit, Io};
use serde::Serialize;

use crate::report::{self, TextOrJson};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule id (`FC013`) or name (`device-not-joined`).
    rule: String,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

#[derive(Debug, Serialize)]
struct JsonRule {
    schema_version: u32,
    id: &'static str,
    name: &'static str,
    summary: &'static str,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_code: Option<i32>,
    stage: &'static str,
    doc: &'static str,
    references: Vec<JsonReference>,
    provenance: Vec<Claim>,
    remedies: Vec<report::JsonRemedy>,
}

#[derive(Debug, Serialize)]
struct JsonReference {
    title: &'static str,
    url: &'static str,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let Some(rule) = rules::find(&args.rule) else {
        writeln!(io.err, "error: unknown rule `{}`; `flowcred rules` lists them", args.rule)?;
        return Ok(Exit::Failure);
    };
    match args.format {
        TextOrJson::Text => write(io.out, rule)?,
        TextOrJson::Json => report::write_json(
            io.out,
            &JsonRule {
                schema_version: report::SCHEMA_VERSION,
                id: rule.id,
                name: rule.name,
                summary: rule.summary,
                code: rule.code.as_str(),
                sub_code: rule.sub_code.map(|s| s.value()),
                stage: rule.stage.as_str(),
                doc: rule.doc.trim_end(),
                references: rule
                    .references
                    .iter()
                    .map(|r| JsonReference { title: r.title, url: r.url })
                    .collect(),
                provenance: provenance::about_rule(rule),
                remedies: report::json_remedies(rule.remedies),
            },
        )?,
    }
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
    writeln!(out, "\n## Sources\n")?;
    for claim in provenance::about_rule(rule) {
        writeln!(out, "- {}: {}", claim.label(), claim.source)?;
    }
    writeln!(out, "\n## Remediation\n")?;
    report::markdown_remedies(out, rule.remedies)
}
