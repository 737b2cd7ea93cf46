//! `flowcred rules`: the catalog, in registry order.

use std::io;

use flowcred_core::provenance::{self, Claim, Topic};
use flowcred_core::Source;
use flowcred_core::RULES;
use serde::Serialize;

use crate::app::{Exit, Io};
use crate::report::{self, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// List every claim of the catalog (codes, messages, sub-codes, rule
    /// mappings, version thresholds, defaults, the sign-in path, the
    /// diagnosis ranking's weights, what each cause shows another way, the
    /// strings read in pasted text) with where it comes from: a public
    /// page, or the model's reason. Each claim names its rule, or says it
    /// is shared; give a rule (`--provenance FC026`) for its claims only.
    #[arg(long, value_name = "RULE", num_args = 0..=1)]
    provenance: Option<Option<String>>,
    /// With `--provenance`: only the modelled claims, a reviewer's worklist.
    #[arg(long, requires = "provenance")]
    modelled: bool,
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
    provenance: Source,
}

#[derive(Debug, Serialize)]
struct JsonOutput {
    schema_version: u32,
    rules: Vec<JsonRule>,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    if let Some(rule) = &args.provenance {
        let rule = match rule {
            None => None,
            Some(key) => match flowcred_core::rules::find(key) {
                Some(rule) => Some(rule.id),
                None => {
                    writeln!(io.err, "error: no rule {}", flowcred_core::text::Quoted(key))?;
                    return Ok(Exit::Failure);
                }
            },
        };
        sources(rule, args.modelled, args.format, io)?;
        return Ok(Exit::Ok);
    }
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
            writeln!(
                io.out,
                "| id | name | error code | stage | mapping | fault |\n|---|---|---|---|---|---|"
            )?;
            for rule in RULES {
                let sub = rule.sub_code.map(|s| format!(" ({})", s.value())).unwrap_or_default();
                writeln!(
                    io.out,
                    "| {} | `{}` | `{}`{sub} | `{}` | {} | {} |",
                    rule.id,
                    rule.name,
                    rule.code,
                    rule.stage,
                    rule.mapping.kind(),
                    rule.summary
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
                        provenance: r.mapping,
                    })
                    .collect(),
            },
        )?,
    }
    Ok(Exit::Ok)
}

#[derive(Debug, Serialize)]
struct JsonSources<'a> {
    schema_version: u32,
    documented: usize,
    modelled: usize,
    claims: &'a [Claim],
}

/// `rules --provenance`: every claim (or one rule's, or the modelled
/// ones), grouped by topic, and the counts.
fn sources(rule: Option<&str>, modelled_only: bool, format: Format, io: &mut Io) -> io::Result<()> {
    // One rule's claims are its own and the shared ones it rests on (its
    // code's strings, its sub-code).
    let all = match rule.and_then(flowcred_core::rules::find) {
        Some(rule) => provenance::about_rule(rule),
        None => provenance::claims(),
    };
    let claims: Vec<Claim> =
        all.into_iter().filter(|c| !modelled_only || !c.source.is_documented()).collect();
    let documented = claims.iter().filter(|c| c.source.is_documented()).count();
    let modelled = claims.len() - documented;
    let of = |topic: Topic| claims.iter().filter(move |c| c.topic == topic);
    match format {
        Format::Text => {
            for &topic in Topic::ALL {
                let n = of(topic).count();
                if n == 0 {
                    continue;
                }
                let m = of(topic).filter(|c| !c.source.is_documented()).count();
                let heading =
                    format!("{} ({n}: {} documented, {m} modelled)", topic.as_str(), n - m);
                writeln!(io.out, "{}", io.style.strong(&heading))?;
                for claim in of(topic) {
                    let owner = claim.rule.unwrap_or(provenance::SHARED);
                    writeln!(io.out, "  [{owner}] {}", claim.label())?;
                    writeln!(io.out, "      {}", claim.source)?;
                }
                writeln!(io.out)?;
            }
        }
        Format::Markdown => {
            for &topic in Topic::ALL {
                if of(topic).next().is_none() {
                    continue;
                }
                writeln!(
                    io.out,
                    "## {}\n\n| rule | claim | source |\n|---|---|---|",
                    topic.as_str()
                )?;
                for claim in of(topic) {
                    let source = report::markdown_source(claim.source);
                    let owner = claim.rule.unwrap_or(provenance::SHARED);
                    writeln!(io.out, "| {owner} | {} | {} |", cell(&claim.label()), cell(&source))?;
                }
                writeln!(io.out)?;
            }
        }
        Format::Json => {
            return report::write_json(
                io.out,
                &JsonSources {
                    schema_version: report::SCHEMA_VERSION,
                    documented,
                    modelled,
                    claims: &claims,
                },
            );
        }
    }
    writeln!(io.out, "{} claims: {documented} documented, {modelled} modelled", claims.len())
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
