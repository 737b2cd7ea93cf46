//! `flowcred rules`: the catalog, in registry order.

use std::io;

use flowcred_core::RULES;
use serde::Serialize;

use crate::app::{Exit, Io};
use crate::report::{self, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Serialize)]
struct JsonRule {
    id: &'static str,
    name: &'static str,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_code: Option<i32>,
    stage: &'static str,
    summary: &'static str,
}

#[derive(Debug, Serialize)]
struct JsonOutput {
    schema_version: u32,
    rules: Vec<JsonRule>,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    match args.format {
        Format::Text => {
            for rule in RULES {
                writeln!(
                    io.out,
                    "{}  {:<44} {:<28} {}",
                    io.style.strong(rule.id),
                    rule.name,
                    rule.code.as_str(),
                    rule.summary
                )?;
            }
        }
        Format::Markdown => {
            writeln!(io.out, "| id | name | error code | stage | fault |\n|---|---|---|---|---|")?;
            for rule in RULES {
                let sub = rule.sub_code.map(|s| format!(" ({})", s.value())).unwrap_or_default();
                writeln!(
                    io.out,
                    "| {} | `{}` | `{}`{sub} | `{}` | {} |",
                    rule.id, rule.name, rule.code, rule.stage, rule.summary
                )?;
            }
        }
        Format::Json => report::write_json(
            io.out,
            &JsonOutput {
                schema_version: report::SCHEMA_VERSION,
                rules: RULES
                    .iter()
                    .map(|r| JsonRule {
                        id: r.id,
                        name: r.name,
                        code: r.code.as_str(),
                        sub_code: r.sub_code.map(|s| s.value()),
                        stage: r.stage.as_str(),
                        summary: r.summary,
                    })
                    .collect(),
            },
        )?,
    }
    Ok(Exit::Ok)
}
