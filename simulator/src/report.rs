//! Renders runs, findings and load errors as text, JSON or Markdown.
//!
//! Output is deterministic: the same scenarios give the same bytes on every
//! OS (no clocks, no maps with random order, `\n` line ends). JSON carries a
//! `schema_version`; its shapes live here, not in core.

use std::io::{self, Write};

use flowcred_core::diagnosis::Fit;
use flowcred_core::payload::ErrorPayload;
use flowcred_core::remedy::{Remedy, Step};
use flowcred_core::sim::StageResult;
use flowcred_core::{
    diagnose, observe, simulate, Attempt, Certainty, Diagnosis, ErrorCode, Finding, Rule,
};
use serde::Serialize;

use crate::escape::{md_block, md_cell, md_code, md_text};
use crate::scenario::{LoadError, Scenario};

pub const SCHEMA_VERSION: u32 = 1;

/// One scenario simulated and diagnosed.
#[derive(Debug)]
pub struct Run<'a> {
    pub scenario: &'a Scenario,
    pub attempt: Attempt,
    pub diagnosis: Diagnosis,
}

pub fn run(scenario: &Scenario) -> Run<'_> {
    Run {
        scenario,
        attempt: simulate(&scenario.world),
        diagnosis: diagnose(&observe(&scenario.world)),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// `--format` for the commands that print text or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

/// ANSI colour for text output, on only when asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    pub fn bad(self, text: &str) -> String {
        self.paint(text, "1;31")
    }
    pub fn good(self, text: &str) -> String {
        self.paint(text, "32")
    }
    pub fn strong(self, text: &str) -> String {
        self.paint(text, "1")
    }
}

/// The payload as the product shows it: Power Automate's JSON envelope, or
/// Entra's message line for an AADSTS code.
pub fn product_text(payload: &ErrorPayload) -> String {
    match (&payload.message, payload.code.is_aadsts()) {
        (Some(message), true) => message.to_string(),
        (None, true) => payload.code.as_str().to_owned(),
        (Some(message), false) => {
            serde_json::json!({"error": {"code": payload.shown_code(), "message": message}})
                .to_string()
        }
        (None, false) => serde_json::json!({"error": {"code": payload.shown_code()}}).to_string(),
    }
}

// ---- text -------------------------------------------------------------------

pub fn text_run(out: &mut dyn Write, run: &Run, style: Style) -> io::Result<()> {
    writeln!(out, "{}", style.strong(&format!("== {}", run.scenario.file)))?;
    if !run.scenario.summary.is_empty() {
        writeln!(out, "{}", run.scenario.summary)?;
    }
    writeln!(out)?;
    match run.attempt.error() {
        None => writeln!(out, "Result: {}", style.good("succeeded"))?,
        Some(payload) => {
            let stage = run.attempt.failed_stage().map_or("", |s| s.as_str());
            writeln!(out, "Result: {} at {stage}", style.bad("FAILED"))?;
            writeln!(out, "  {}", product_text(payload))?;
            if let Some(parent) = payload.code.queued_under() {
                writeln!(
                    out,
                    "  shown as a sub-error of {parent} once the run has waited in the queue"
                )?;
            }
            if payload.message.is_none() {
                writeln!(out, "  (the product's message for this code is not documented)")?;
            }
            if let Some(status) = payload.http_status {
                writeln!(out, "  HTTP status: {status}")?;
            }
            match payload.sub_code {
                Some(sub) if sub.replaces_code() => writeln!(out, "  sub-code: {sub}")?,
                Some(sub) => writeln!(out, "  sub-code: {sub} {}", sub.message())?,
                None => {}
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "Sign-in path:")?;
    for event in &run.attempt.trace {
        let mark = match event.result {
            StageResult::Passed => style.good("passed "),
            StageResult::Failed => style.bad("FAILED "),
            other => format!("{:<7}", other.as_str()),
        };
        writeln!(out, "  {mark}  {:<18}  {}", event.stage.as_str(), event.detail)?;
    }
    writeln!(out)?;
    text_findings(out, &run.diagnosis, style)
}

pub fn text_findings(out: &mut dyn Write, diagnosis: &Diagnosis, style: Style) -> io::Result<()> {
    if diagnosis.findings.is_empty() {
        return writeln!(out, "Findings: none\n");
    }
    text_finding_list(out, "Findings", &diagnosis.findings, &Sources::default(), style)?;
    writeln!(out)
}

/// The input text evidence lines point into.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

/// Where each fact's line is: the main input, or, for a fact a collected
/// file gave, that file.
#[derive(Clone, Debug, Default)]
pub struct Sources<'a> {
    /// The main input (`dsregcmd /status`).
    pub main: Option<Source<'a>>,
    /// The facts other files gave.
    pub by_fact: Vec<(flowcred_core::evidence::FactId, Source<'a>)>,
}

impl Sources<'_> {
    /// The input `fact`'s line is in.
    pub fn of(&self, fact: flowcred_core::evidence::FactId) -> Option<&Source<'_>> {
        self.by_fact.iter().find(|(f, _)| *f == fact).map(|(_, s)| s).or(self.main.as_ref())
    }
}

/// Findings under a heading; evidence from `source` is shown like a
/// compiler diagnostic, with the line it came from.
pub fn text_finding_list(
    out: &mut dyn Write,
    heading: &str,
    findings: &[Finding],
    sources: &Sources,
    style: Style,
) -> io::Result<()> {
    writeln!(out, "{heading} ({}):", findings.len())?;
    for finding in findings {
        let rule = finding.rule;
        // A cause whose own payload is not what was seen gives its code; what
        // it shows of what was seen is on the evidence lines.
        let shows = finding.fits.is_empty() || finding.fits.iter().any(|(_, f)| *f == Fit::Shows);
        writeln!(
            out,
            "  {} {} [{}] {} {}",
            style.strong(rule.id),
            rule.name,
            finding.certainty.as_str(),
            if shows { "explains" } else { "gives" },
            code_with_sub(rule)
        )?;
        writeln!(out, "    {}", rule.summary)?;
        writeln!(out, "    Evidence:")?;
        for line in fit_lines(finding) {
            writeln!(out, "      - {line}")?;
        }
        for cond in &finding.evidence {
            writeln!(out, "      - {}", cond.text)?;
            if let (Some(line), Some(source)) =
                (cond.line.filter(|l| *l > 0), sources.of(cond.fact))
            {
                let text = source.text.lines().nth(line as usize - 1).unwrap_or("").trim_end();
                let shown: String = text.chars().take(120).collect();
                let gutter = line.to_string();
                writeln!(out, "          --> {}:{line}", source.file)?;
                writeln!(out, "          {gutter} | {shown}")?;
            } else if let Some(line) = cond.line.filter(|l| *l > 0) {
                writeln!(out, "          (line {line})")?;
            }
        }
        let checks: Vec<_> = finding.checks().collect();
        if !checks.is_empty() {
            writeln!(out, "    To settle it:")?;
            for (label, how) in checks {
                writeln!(out, "      - {label}: {how}")?;
            }
        }
        if finding.certainty == Certainty::Confirmed {
            text_remedies(out, rule.remedies, "    ")?;
        } else {
            writeln!(out, "    Remediation, once confirmed: `flowcred explain {}`", rule.id)?;
        }
    }
    Ok(())
}

/// Findings as one line each: for causes a person need not read in full.
pub fn text_finding_lines(
    out: &mut dyn Write,
    heading: &str,
    findings: &[Finding],
) -> io::Result<()> {
    writeln!(out, "{heading} ({}):", findings.len())?;
    for f in findings {
        let unknown = f.evidence.iter().filter(|c| !c.known).count();
        writeln!(
            out,
            "  {} {:<44} {:<28} {} ({unknown} unknown {})",
            f.rule.id,
            f.rule.name,
            f.rule.code.as_str(),
            f.certainty.as_str(),
            if unknown == 1 { "fact" } else { "facts" }
        )?;
    }
    Ok(())
}

pub fn text_remedies(out: &mut dyn Write, remedies: &[Remedy], indent: &str) -> io::Result<()> {
    for (i, remedy) in remedies.iter().enumerate() {
        let label = if remedies.len() == 1 {
            "Remediation".to_owned()
        } else {
            format!("Remediation, option {}", i + 1)
        };
        writeln!(out, "{indent}{label}: {}", remedy.title)?;
        for (n, step) in remedy.steps.iter().enumerate() {
            writeln!(out, "{indent}  {}. {}", n + 1, step.text)?;
            if let Some(link) = step.link {
                writeln!(out, "{indent}     {link}")?;
            }
        }
    }
    Ok(())
}

fn code_with_sub(rule: &Rule) -> String {
    match rule.sub_code {
        Some(sub) => format!("{} (sub-code {})", rule.code, sub.value()),
        None => rule.code.to_string(),
    }
}

/// The most characters of a scenario's line an error shows.
const EXCERPT_LINE: usize = 80;

pub fn text_load_error(out: &mut dyn Write, error: &LoadError, style: Style) -> io::Result<()> {
    writeln!(out, "{}: {}", style.bad("error"), error.message)?;
    if error.line == 0 {
        return writeln!(out, "  --> {}", error.file);
    }
    writeln!(out, "  --> {}:{}:{}", error.file, error.line, error.column)?;
    if let Some(field) = &error.field {
        writeln!(out, "  field: {field}")?;
    }
    if let Some(source) = &error.source_line {
        let gutter = error.line.to_string();
        let pad = " ".repeat(gutter.len());
        // At most EXCERPT_LINE characters of the line, around the column:
        // a line may be huge, and an error quotes only a short excerpt.
        let total = source.chars().count();
        let column = error.column.saturating_sub(1).min(total);
        let from = if total > EXCERPT_LINE { column.saturating_sub(EXCERPT_LINE / 2) } else { 0 };
        let from = from.min(total.saturating_sub(EXCERPT_LINE));
        let window: String = source.chars().skip(from).take(EXCERPT_LINE).collect();
        let before = if from > 0 { "…" } else { "" };
        let after = if from + EXCERPT_LINE < total { "…" } else { "" };
        writeln!(out, "{pad} |")?;
        writeln!(out, "{gutter} | {before}{window}{after}")?;
        let caret_at = column - from + before.chars().count();
        writeln!(out, "{pad} | {}^", " ".repeat(caret_at))?;
    }
    Ok(())
}

// ---- JSON -------------------------------------------------------------------

#[derive(Debug, Serialize)]
pub struct JsonPayload {
    code: &'static str,
    /// Absent where no source documents the product's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_code: Option<JsonSubCode>,
    product_text: String,
    /// The code this one is shown under, as a sub-error.
    #[serde(skip_serializing_if = "Option::is_none")]
    queued_under: Option<&'static str>,
    provenance: JsonPayloadSources,
}

/// Where each part of a payload comes from.
#[derive(Debug, Serialize)]
pub struct JsonPayloadSources {
    code: flowcred_core::Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<flowcred_core::Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<flowcred_core::Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_code: Option<flowcred_core::Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_code_message: Option<flowcred_core::Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    queued_under: Option<flowcred_core::Source>,
    /// Which code and message `product_text` shows.
    product_text: flowcred_core::Source,
}

#[derive(Debug, Serialize)]
pub struct JsonSubCode {
    value: i32,
    hex: String,
    message: &'static str,
}

impl JsonPayload {
    pub fn new(payload: &ErrorPayload) -> JsonPayload {
        let sources = payload.code.sources();
        JsonPayload {
            code: payload.code.as_str(),
            message: payload.message.as_deref().map(str::to_owned),
            http_status: payload.http_status,
            sub_code: payload.sub_code.map(|s| JsonSubCode {
                value: s.value(),
                hex: format!("0x{:08X}", s.value() as u32),
                message: s.message(),
            }),
            product_text: product_text(payload),
            queued_under: payload.code.queued_under().map(ErrorCode::as_str),
            provenance: JsonPayloadSources {
                code: sources.code,
                message: sources.message.filter(|_| payload.message.is_some()),
                http_status: sources.http_status.filter(|_| payload.http_status.is_some()),
                sub_code: payload.sub_code.map(|s| s.source()),
                sub_code_message: payload.sub_code.map(|s| s.message_source()),
                queued_under: payload.code.queued_under().map(|_| ErrorCode::QUEUE_SOURCE),
                product_text: payload.shape_source(),
            },
        }
    }
}

#[derive(Debug, Serialize)]
pub struct JsonEvent {
    stage: &'static str,
    result: &'static str,
    detail: String,
}

#[derive(Debug, Serialize)]
pub struct JsonFinding {
    rule: &'static str,
    name: &'static str,
    certainty: &'static str,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_code: Option<i32>,
    summary: &'static str,
    /// Where the code and sub-code for this cause come from.
    provenance: flowcred_core::Source,
    evidence: Vec<JsonEvidence>,
    checks: Vec<JsonCheck>,
    remedies: Vec<JsonRemedy>,
    /// How each part of what was seen fits the cause (absent where nothing
    /// was seen).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    seen: Vec<JsonFit>,
    /// The ranking's weight, a negative log likelihood (lower is likelier):
    /// how often the cause is met, the unknown facts it still needs, and
    /// what of what was seen it shows only another way (absent where zero).
    #[serde(skip_serializing_if = "is_zero")]
    weight: f64,
}

fn is_zero(weight: &f64) -> bool {
    *weight == 0.0
}

/// One part of what was seen, and how it fits a cause.
#[derive(Debug, Serialize)]
pub struct JsonFit {
    seen: String,
    /// `shows`, `alternative`, `unexplained`, `neutral` or `behind`.
    fit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    way: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<flowcred_core::Source>,
}

#[derive(Debug, Serialize)]
pub struct JsonEvidence {
    fact: &'static str,
    text: String,
    known: bool,
    /// The collected file the fact came from, where not the main input.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct JsonCheck {
    fact: &'static str,
    how: &'static str,
}

#[derive(Debug, Serialize)]
pub struct JsonRemedy {
    title: &'static str,
    steps: Vec<JsonStep>,
}

#[derive(Debug, Serialize)]
pub struct JsonStep {
    text: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'static str>,
    /// Who takes the step: `user`, `admin` or `support`.
    who: &'static str,
}

pub fn json_remedies(remedies: &[Remedy]) -> Vec<JsonRemedy> {
    remedies
        .iter()
        .map(|r| JsonRemedy {
            title: r.title,
            steps: r
                .steps
                .iter()
                .map(|s| JsonStep {
                    text: s.text,
                    link: s.link,
                    action: s.action.map(|a| a.as_str()),
                    who: s.who.as_str(),
                })
                .collect(),
        })
        .collect()
}

pub fn json_findings(diagnosis: &Diagnosis) -> Vec<JsonFinding> {
    json_findings_from(diagnosis, &Sources::default())
}

/// [`json_findings`], each evidence line naming the collected file its
/// fact came from.
pub fn json_findings_from(diagnosis: &Diagnosis, sources: &Sources) -> Vec<JsonFinding> {
    diagnosis.findings.iter().map(|f| json_finding(f, sources)).collect()
}

fn json_finding(finding: &Finding, sources: &Sources) -> JsonFinding {
    let rule = finding.rule;
    JsonFinding {
        rule: rule.id,
        name: rule.name,
        certainty: finding.certainty.as_str(),
        code: rule.code.as_str(),
        sub_code: rule.sub_code.map(|s| s.value()),
        summary: rule.summary,
        provenance: rule.mapping,
        evidence: finding
            .evidence
            .iter()
            .map(|c| JsonEvidence {
                fact: c.fact.label(),
                text: c.text.clone(),
                known: c.known,
                file: sources
                    .by_fact
                    .iter()
                    .find(|(f, _)| *f == c.fact)
                    .map(|(_, s)| s.file.to_owned()),
                line: c.line.filter(|l| *l > 0),
            })
            .collect(),
        checks: finding.checks().map(|(fact, how)| JsonCheck { fact, how }).collect(),
        remedies: json_remedies(rule.remedies),
        seen: finding
            .fits
            .iter()
            .map(|(seen, fit)| {
                let (name, way, source) = fit_parts(*fit);
                JsonFit { seen: seen.to_string(), fit: name, way, source }
            })
            .collect(),
        weight: (finding.cost * 1000.0).round() / 1000.0,
    }
}

/// A fit's name, and for an alternative its way and source.
fn fit_parts(fit: Fit) -> (&'static str, Option<&'static str>, Option<flowcred_core::Source>) {
    match fit {
        Fit::Shows => ("shows", None, None),
        Fit::Alternative(way, source) => ("alternative", Some(way.as_str()), Some(source)),
        Fit::Unexplained => ("unexplained", None, None),
        Fit::Neutral => ("neutral", None, None),
        Fit::Behind => ("behind", None, None),
        Fit::Contradicts => ("contradicts", None, None),
    }
}

/// The evidence lines a fit adds to a finding: what the cause shows only
/// another way, or what nothing ties to it.
pub fn fit_lines(finding: &Finding) -> Vec<String> {
    finding
        .fits
        .iter()
        .filter_map(|(seen, fit)| match fit {
            Fit::Alternative(way, _) => Some(format!("seen {seen} : shown as {}", way.as_str())),
            Fit::Unexplained => Some(format!("seen {seen} : no source ties it to this cause")),
            Fit::Behind => Some(format!("seen {seen} : from a stage before this cause's")),
            _ => None,
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct JsonRun {
    file: String,
    summary: String,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonPayload>,
    trace: Vec<JsonEvent>,
    findings: Vec<JsonFinding>,
}

pub fn json_run(run: &Run) -> JsonRun {
    JsonRun {
        file: run.scenario.file.clone(),
        summary: run.scenario.summary.clone(),
        outcome: if run.attempt.error().is_some() { "failure" } else { "success" },
        stage: run.attempt.failed_stage().map(|s| s.as_str()),
        error: run.attempt.error().map(JsonPayload::new),
        trace: run
            .attempt
            .trace
            .iter()
            .map(|e| JsonEvent {
                stage: e.stage.as_str(),
                result: e.result.as_str(),
                detail: e.detail.to_string(),
            })
            .collect(),
        findings: json_findings(&run.diagnosis),
    }
}

#[derive(Debug, Serialize)]
pub struct JsonLoadError {
    file: String,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    message: String,
}

pub fn json_load_error(error: &LoadError) -> JsonLoadError {
    JsonLoadError {
        file: error.file.clone(),
        line: error.line,
        column: error.column,
        field: error.field.clone(),
        message: error.message.clone(),
    }
}

pub fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    // Serialized first, so a closed pipe surfaces as the I/O error it is.
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

// ---- Markdown ---------------------------------------------------------------

/// A source as Markdown marks it: the linked page and what it says, or
/// **modelled** and why.
pub fn markdown_source(source: flowcred_core::Source) -> String {
    match source {
        flowcred_core::Source::Documented { url, note } => {
            let page = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
            format!("documented, [{page}]({url}): {note}")
        }
        flowcred_core::Source::Modelled { why } => format!("**modelled**: {why}"),
    }
}

pub fn markdown_run(out: &mut dyn Write, run: &Run) -> io::Result<()> {
    writeln!(out, "## {}\n", md_code(&run.scenario.file))?;
    if !run.scenario.summary.is_empty() {
        writeln!(out, "{}\n", md_text(&run.scenario.summary))?;
    }
    match run.attempt.error() {
        None => writeln!(out, "**Result:** the run succeeds.\n")?,
        Some(payload) => {
            let stage = run.attempt.failed_stage().map_or("", |s| s.as_str());
            writeln!(out, "**Result:** fails at `{stage}` with `{}`.\n", payload.code)?;
            let lang = if payload.code.is_aadsts() { "text" } else { "json" };
            writeln!(out, "{}\n", md_block(lang, &product_text(payload)))?;
            if let Some(parent) = payload.code.queued_under() {
                writeln!(
                    out,
                    "Shown as a sub-error of `{parent}` once the run has waited in the queue.\n"
                )?;
            }
            if let Some(sub) = payload.sub_code {
                writeln!(out, "Sub-code `{}`: {}.\n", sub, sub.message())?;
            }
        }
    }
    writeln!(out, "| stage | result | detail |\n|---|---|---|")?;
    for e in &run.attempt.trace {
        let result = match e.result {
            StageResult::Failed => format!("**{}**", e.result.as_str()),
            other => other.as_str().to_owned(),
        };
        // The stage's sentence is the model's own, values quoted in it.
        writeln!(out, "| `{}` | {result} | {} |", e.stage.as_str(), md_cell(&e.detail))?;
    }
    writeln!(out)?;
    markdown_findings(out, &run.diagnosis)
}

pub fn markdown_findings(out: &mut dyn Write, diagnosis: &Diagnosis) -> io::Result<()> {
    if diagnosis.findings.is_empty() {
        return writeln!(out, "No findings.\n");
    }
    for finding in &diagnosis.findings {
        let rule = finding.rule;
        writeln!(
            out,
            "### {} `{}` ({})\n\n{}; explains `{}`.\n",
            rule.id,
            rule.name,
            finding.certainty.as_str(),
            rule.summary,
            code_with_sub(rule)
        )?;
        writeln!(out, "Evidence:\n")?;
        for line in fit_lines(finding) {
            writeln!(out, "- {}", md_text(&line))?;
        }
        for cond in &finding.evidence {
            writeln!(out, "- {}", cond.text)?;
        }
        for (label, how) in finding.checks() {
            writeln!(out, "- to settle *{label}*: {how}")?;
        }
        writeln!(out)?;
        markdown_remedies(out, rule.remedies)?;
    }
    Ok(())
}

pub fn markdown_remedies(out: &mut dyn Write, remedies: &[Remedy]) -> io::Result<()> {
    for remedy in remedies {
        writeln!(out, "**{}**\n", remedy.title)?;
        for (n, step) in remedy.steps.iter().enumerate() {
            markdown_step(out, n, step, true)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Step `n` (0-based) of a remedy as a Markdown list item, with who takes
/// it where `who` is asked for.
pub fn markdown_step(out: &mut dyn Write, n: usize, step: &Step, who: bool) -> io::Result<()> {
    let by = if who { format!("*{}:* ", step.who.title()) } else { String::new() };
    match step.link {
        Some(link) => writeln!(out, "{}. {by}{} ([Learn]({link}))", n + 1, step.text),
        None => writeln!(out, "{}. {by}{}", n + 1, step.text),
    }
}
