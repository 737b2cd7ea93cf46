//! `flowcred explain`: one rule's documentation and remediation.

use std::io;

use flowcred_core::provenance::{self, Claim};
use flowcred_core::remedy::Who;
use flowcred_core::{diagnosis, rules, Evidence, Rule};

use crate::app::{Exit, Io};
use serde::Serialize;

use crate::report::{self, TextOrJson};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule id (`FC013`) or name (`device-not-joined`).
    rule: String,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    /// Only what one reader acts on: the steps the person at the machine
    /// (`user`) or an administrator (`admin`) takes, or for `support` the
    /// checks that tell the cause apart and every step with who takes it.
    #[arg(long, value_enum)]
    audience: Option<Audience>,
}

/// `--audience`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Audience {
    User,
    Admin,
    Support,
}

impl Audience {
    fn who(self) -> Who {
        match self {
            Audience::User => Who::User,
            Audience::Admin => Who::Admin,
            Audience::Support => Who::Support,
        }
    }
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
    match (args.format, args.audience) {
        (TextOrJson::Text, Some(audience)) => write_view(io.out, rule, audience.who())?,
        (TextOrJson::Text, None) => write(io.out, rule)?,
        (TextOrJson::Json, _) => report::write_json(
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

/// One reader's view of a rule: for the person at the machine or an
/// administrator, the steps they take, numbered as in the full remediation,
/// with who takes the others; for the support engineer, the checks that tell
/// the cause apart, then every step with who takes it. All three read the
/// same remedies, so they cannot disagree.
pub fn write_view(out: &mut dyn io::Write, rule: &'static Rule, who: Who) -> io::Result<()> {
    writeln!(out, "# {} {}, for {}\n", rule.id, rule.name, who.label())?;
    writeln!(out, "{}\n", rule.summary)?;
    writeln!(out, "Error code: {}", rule.code)?;
    writeln!(out, "Fails at stage: {}\n", rule.stage)?;
    if who == Who::Support {
        writeln!(out, "## Tell it apart\n")?;
        writeln!(out, "The facts this cause needs, and how to check each:\n")?;
        if let Some(finding) = diagnosis::check(rule, &Evidence::unknown()) {
            for (fact, how) in finding.checks() {
                writeln!(out, "- {fact}: {how}")?;
            }
        }
        writeln!(out, "\n## Who does what\n")?;
        return report::markdown_remedies(out, rule.remedies);
    }
    writeln!(out, "## What to do\n")?;
    for remedy in rule.remedies {
        writeln!(out, "**{}**\n", remedy.title)?;
        let mut mine = false;
        for (n, step) in remedy.steps.iter().enumerate().filter(|(_, s)| s.who == who) {
            report::markdown_step(out, n, step, false)?;
            mine = true;
        }
        // The other steps, by who takes them.
        let others: Vec<String> = Who::ALL
            .iter()
            .filter(|w| **w != who)
            .filter_map(|w| {
                let steps: Vec<String> = (1..=remedy.steps.len())
                    .filter(|n| remedy.steps[n - 1].who == *w)
                    .map(|n| n.to_string())
                    .collect();
                (!steps.is_empty()).then(|| {
                    let one = steps.len() == 1;
                    let (noun, verb) = if one { ("step", "is") } else { ("steps", "are") };
                    format!("{noun} {} {verb} for {}", steps.join(", "), w.label())
                })
            })
            .collect();
        match (mine, others.is_empty()) {
            (_, true) => {}
            (false, false) => {
                writeln!(out, "Nothing here for {}: {}.", who.label(), others.join("; "))?
            }
            (true, false) => writeln!(out, "\nThe rest: {}.", others.join("; "))?,
        }
        writeln!(out)?;
    }
    Ok(())
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
