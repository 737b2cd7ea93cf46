//! `flowcred diagnose`: diagnose a real machine from its `dsregcmd /status`
//! output, the error a run showed, the connection's username and what an
//! administrator knows; or triage a whole folder of outputs (`--batch`).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use flowcred_core::artifact::{self, AdminFacts};
use flowcred_core::collected;
use flowcred_core::diagnosis::{diagnose, Standing};
use flowcred_core::dsregcmd;
use flowcred_core::evidence::FactId;
use flowcred_core::text::Quoted;
use flowcred_core::{Certainty, Diagnosis, Evidence};
use serde::Serialize;

use crate::app::{Exit, Io};
use crate::escape::{md_cell, md_text};
use crate::input::{self, Links};
use crate::par;
use crate::report::{self, Format, Source};
use crate::scenario::{self, display_path, MAX_BYTES};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A `dsregcmd /status` output saved from the machine.
    #[arg(long, value_name = "FILE", conflicts_with = "batch")]
    dsregcmd: Option<PathBuf>,
    /// The error the run showed: a file holding it, or the text itself
    /// (a Windows status may be negative: `--error -1073741715`).
    #[arg(long, value_name = "FILE|TEXT", allow_hyphen_values = true)]
    error: Option<String>,
    /// The username exactly as typed into the connection.
    #[arg(long, value_name = "NAME")]
    username: Option<String>,
    /// A YAML file of facts only an administrator knows (domain type, PHS,
    /// HRD policy, CBA, account state, ...).
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,
    /// The machine's (or its domain controller's) Security events: a saved
    /// `.evtx` log, or the XML `wevtutil qe Security /f:xml` prints. The
    /// failed logons (4625, 4776, 4771, 4740) of the connection's account
    /// (give `--username`) become evidence; a 4625's status gives the
    /// sub-code.
    #[arg(long, value_name = "FILE", conflicts_with = "batch")]
    events: Option<PathBuf>,
    /// A folder of outputs collected on the machine (`flowcred collect`
    /// prints the commands): registry queries, local groups, sessions, the
    /// service's account, user rights, the Windows and Power Automate
    /// versions, with `dsregcmd /status` and Security events. Each file's
    /// kind is told by its content.
    #[arg(long, value_name = "DIR", conflicts_with = "batch")]
    collected: Option<PathBuf>,
    /// Triage every file in a folder, one `dsregcmd /status` output per
    /// machine (the file name names the machine).
    #[arg(long, value_name = "DIR")]
    batch: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Reads a text input: bounded, regular files only, a symbolic link
/// followed as `links` allows, BOM stripped, UTF-16 decoded.
pub fn read_text(path: &Path, links: Links) -> Result<String, String> {
    let shown = display_path(path);
    let bytes =
        input::read_bounded(path, MAX_BYTES * 64, links).map_err(|e| format!("{shown}: {e}"))?;
    input::decode(&bytes).map_err(|e| format!("{shown}:{}:{}: {}", e.line, e.column, e.message))
}

/// Everything one machine's artifacts say, diagnosed.
#[derive(Debug)]
pub struct Machine {
    pub name: String,
    pub status: Option<dsregcmd::Status>,
    pub evidence: Evidence,
    pub diagnosis: Diagnosis,
    /// The Security events that name the connection's account.
    pub events: Vec<artifact::LogonEvent>,
    /// What was read of the error given, part by part.
    pub readings: Vec<flowcred_core::recognize::Reading>,
    /// The files of a collected folder, in the order read (a fact's origin
    /// is its index here).
    pub collected: Vec<CollectedFile>,
    /// The `dsregcmd /status` output the collected folder gave, by name,
    /// where no other was given.
    pub dsregcmd_file: Option<(String, String)>,
}

/// The shared inputs of a diagnosis beside the `dsregcmd` output.
#[derive(Debug, Default)]
pub struct Extra {
    pub error: Option<artifact::ObservedError>,
    pub username: Option<String>,
    pub facts: AdminFacts,
    pub events: Vec<artifact::LogonEvent>,
    /// The files of a collected folder: each one's name, and its text or
    /// why it could not be read.
    pub collected: Vec<CollectedText>,
    /// What the user should know about how the extras were read.
    pub notes: Vec<String>,
}

/// One file of a collected folder: its name, and its text or why it could
/// not be read.
pub type CollectedText = (String, Result<String, String>);

/// One file of a collected folder, as the diagnosis read it.
#[derive(Clone, Debug)]
pub struct CollectedFile {
    /// Its name, as shown.
    pub name: String,
    /// What it held.
    pub kind: Option<collected::Kind>,
    /// What was not read, and why.
    pub notes: Vec<String>,
    /// Its text, for the lines evidence cites.
    pub text: String,
}

/// Diagnoses one machine from its `dsregcmd` text (if any) and the extras.
pub fn diagnose_machine(name: &str, text: Option<&str>, extra: &Extra) -> Result<Machine, String> {
    let mut evidence = Evidence::unknown();
    // The collected folder first: its files are told apart by content, and
    // its `dsregcmd /status` and event log join the others.
    let mut gathered = collected::Collected::default();
    let mut files = Vec::new();
    let mut dsregcmd_file = None;
    let mut collected_events = Vec::new();
    for (file, read) in &extra.collected {
        match read {
            Ok(body) => {
                let kind = collected::read(file, body, &mut gathered);
                match kind {
                    Some(collected::Kind::Dsregcmd)
                        if text.is_none() && dsregcmd_file.is_none() =>
                    {
                        dsregcmd_file = Some((file.clone(), body.clone()));
                    }
                    Some(collected::Kind::Events) => {
                        match crate::events::from_bytes(body.clone().into_bytes()) {
                            Ok(read) => collected_events.extend(read.events),
                            Err(e) => gathered
                                .files
                                .last_mut()
                                .into_iter()
                                .for_each(|f| f.notes.push(format!("not read as events{e}"))),
                        }
                    }
                    _ => {}
                }
            }
            Err(problem) => gathered.files.push(collected::FileRead {
                name: file.clone(),
                kind: None,
                notes: vec![problem.clone()],
            }),
        }
        let read = gathered.files.last().cloned().unwrap_or_default();
        let body = read
            .kind
            .and(extra.collected.iter().find(|(n, _)| n == file))
            .and_then(|(_, r)| r.as_ref().ok());
        files.push(CollectedFile {
            name: read.name,
            kind: read.kind,
            notes: read.notes,
            text: body.cloned().unwrap_or_default(),
        });
    }
    let text = text.or(dsregcmd_file.as_ref().map(|(_, t)| t.as_str()));
    let status = match text {
        Some(text) => Some(dsregcmd::parse(text).map_err(|e| e.0)?),
        None => None,
    };
    let device_name = status.as_ref().and_then(|s| s.value("Device Name")).map_or("", |(v, _)| v);
    if let Some(status) = &status {
        artifact::from_dsregcmd(status, &mut evidence);
    }
    if let Some(username) = &extra.username {
        artifact::with_username(username, device_name, &mut evidence);
    }
    if let Some(status) = &status {
        artifact::with_executing_account(status, device_name, &mut evidence);
    }
    extra.facts.apply(&mut evidence);
    if let Some(error) = &extra.error {
        artifact::with_error(error, &mut evidence);
    }
    // Events pasted with the error count as events of a log.
    let pasted = extra.error.iter().flat_map(|e| e.events.iter().cloned());
    let all: Vec<artifact::LogonEvent> =
        extra.events.iter().cloned().chain(collected_events).chain(pasted).collect();
    let events = artifact::with_events(&all, &mut evidence).into_iter().cloned().collect();
    // What was collected, weighed against the account and the run.
    collected::apply(&gathered, &mut evidence);
    evidence.derive();
    let diagnosis = diagnose(&evidence);
    let readings = extra.error.as_ref().map(|e| e.readings.clone()).unwrap_or_default();
    Ok(Machine {
        name: name.to_owned(),
        status,
        evidence,
        diagnosis,
        events,
        readings,
        collected: files,
        dsregcmd_file,
    })
}

/// The files directly in a collected folder, each read under the usual
/// guards (bounded, regular files, UTF-16 decoded); a binary event log is
/// kept as its bytes' lossless text only where it is XML. Links and
/// folders inside are skipped with a note.
pub fn read_collected(dir: &Path) -> Result<(Vec<CollectedText>, Vec<String>), String> {
    let shown = display_path(dir);
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("{shown}: cannot read the folder: {e}"))?;
    let mut paths = Vec::new();
    let mut notes = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{shown}: {e}"))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| format!("{}: {e}", display_path(&path)))?;
        if kind.is_file() {
            paths.push(path);
        } else if kind.is_symlink() {
            notes.push(format!(
                "{}: a symbolic link; skipped (a folder walk follows none)",
                display_path(&path)
            ));
        } else {
            notes.push(format!(
                "{}: {}; skipped (the collected files are read directly in the folder)",
                display_path(&path),
                input::kind_of(&kind)
            ));
        }
    }
    paths.sort();
    notes.sort();
    let files = paths
        .iter()
        .map(|path| {
            let name = display_path(path);
            let bytes = match input::read_bounded(path, MAX_BYTES * 64, Links::WithinFolder) {
                Ok(bytes) => bytes,
                Err(e) => return (name.clone(), Err(format!("{e}"))),
            };
            // A binary event log is read by the event reader, as XML.
            if bytes.starts_with(b"ElfFile\0") {
                return match crate::events::from_bytes(bytes) {
                    Ok(read) => (name, Ok(crate::events::to_xml(&read.events))),
                    Err(e) => (name, Err(format!("not a readable event log{e}"))),
                };
            }
            let text = input::decode(&bytes)
                .map_err(|e| format!("{}:{}: {}", e.line, e.column, e.message));
            (name, text)
        })
        .collect();
    Ok((files, notes))
}

fn load_extra(args: &Args, links: Links) -> Result<Extra, String> {
    let error = match &args.error {
        None => None,
        Some(given) => {
            let path = Path::new(given);
            let text = if path.is_file() { read_text(path, links)? } else { given.clone() };
            Some(artifact::parse_error(&text).map_err(|e| format!("--error: {e}"))?)
        }
    };
    let facts = match &args.facts {
        None => AdminFacts::default(),
        Some(path) => {
            // Facts are YAML like a scenario, and read under the same guards.
            let shown = display_path(path);
            let bytes =
                input::read_bounded(path, MAX_BYTES, links).map_err(|e| format!("{shown}: {e}"))?;
            let text = input::decode(&bytes)
                .map_err(|e| format!("{shown}:{}:{}: {}", e.line, e.column, e.message))?;
            let (facts, outline) =
                scenario::read_yaml::<AdminFacts>(&shown, &text).map_err(|e| e.to_string())?;
            if let Some((field, message)) = facts.contradiction() {
                let err = scenario::located(&shown, &text, &outline, field, message.to_owned());
                return Err(err.to_string());
            }
            facts
        }
    };
    let (events, notes) = match &args.events {
        None => (Vec::new(), Vec::new()),
        Some(path) => {
            let read = crate::events::read(path, links)?;
            let note = (read.unreadable > 0).then(|| {
                format!(
                    "{}: {} records could not be read and were skipped",
                    display_path(path),
                    read.unreadable
                )
            });
            (read.events, note.into_iter().collect())
        }
    };
    let (collected, mut more) = match &args.collected {
        None => (Vec::new(), Vec::new()),
        Some(dir) => read_collected(dir)?,
    };
    let mut notes = notes;
    notes.append(&mut more);
    Ok(Extra { error, username: args.username.clone(), facts, events, collected, notes })
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let extra = match load_extra(&args, io.links) {
        Ok(extra) => extra,
        Err(e) => {
            writeln!(io.err, "error: {e}")?;
            return Ok(Exit::Failure);
        }
    };
    for note in &extra.notes {
        writeln!(io.err, "note: {note}")?;
    }
    if let Some(dir) = &args.batch {
        return batch(dir, &extra, args.format, io);
    }
    let (file, text) = match &args.dsregcmd {
        Some(path) if crate::app::is_stdin(path) => {
            match crate::app::read_stdin(io, MAX_BYTES * 64) {
                Ok(text) => (crate::app::STDIN.to_owned(), Some(text)),
                Err(e) => {
                    writeln!(io.err, "error: {e}")?;
                    return Ok(Exit::Failure);
                }
            }
        }
        Some(path) => match read_text(path, io.links) {
            Ok(text) => (display_path(path), Some(text)),
            Err(e) => {
                writeln!(io.err, "error: {e}")?;
                return Ok(Exit::Failure);
            }
        },
        None => (String::new(), None),
    };
    if text.is_none()
        && extra.error.is_none()
        && extra.username.is_none()
        && args.facts.is_none()
        && args.collected.is_none()
    {
        writeln!(io.err, "error: nothing to diagnose: give --dsregcmd, --collected, --error, --username or --facts (or --batch)")?;
        return Ok(Exit::Failure);
    }
    let machine = match diagnose_machine(&file, text.as_deref(), &extra) {
        Ok(m) => m,
        Err(e) => {
            writeln!(io.err, "error: {file}: {e}")?;
            return Ok(Exit::Failure);
        }
    };
    let mut sources = report::Sources {
        main: text.as_deref().map(|text| Source { file: &file, text }),
        by_fact: Vec::new(),
    };
    if let (None, Some((name, body))) = (&sources.main, &machine.dsregcmd_file) {
        sources.main = Some(Source { file: name, text: body });
    }
    for (fact, index) in &machine.evidence.origins {
        if let Some(f) = machine.collected.get(*index) {
            sources.by_fact.push((*fact, Source { file: &f.name, text: &f.text }));
        }
    }
    match args.format {
        Format::Text => text_single(io, &machine, &sources)?,
        Format::Json => report::write_json(io.out, &json_single(&machine, &file, &sources))?,
        Format::Markdown => {
            writeln!(io.out, "# Diagnosis\n")?;
            summary_lines(io, &machine, "- ")?;
            writeln!(io.out)?;
            report::markdown_findings(io.out, &machine.diagnosis)?;
        }
    }
    Ok(if machine.diagnosis.findings.is_empty() { Exit::Ok } else { Exit::Mismatch })
}

fn summary_lines(io: &mut Io, m: &Machine, bullet: &str) -> io::Result<()> {
    if let Some(status) = &m.status {
        let join = status.join_kind().map_or("unknown", |j| j.as_str());
        writeln!(io.out, "{bullet}device: {join} (dsregcmd layout: {})", status.layout.as_str())?;
        if let Some((account, line)) = status.executing_account() {
            writeln!(io.out, "{bullet}executing account (line {line}): {}", Quoted(account))?;
        }
        let join = status.join_diagnostics();
        if !join.is_empty() {
            let parts: Vec<String> = join
                .iter()
                .map(|f| format!("{} {} (line {})", Quoted(&f.key), Quoted(&f.value), f.line))
                .collect();
            writeln!(io.out, "{bullet}hybrid join diagnostics: {}", parts.join("; "))?;
        }
    }
    // The machine's own sign-in, kept apart from the connection's facts.
    let (user, error) = (&m.evidence.prt_user, &m.evidence.prt_error);
    if let (Some(value), Some(line)) = (&user.value, user.line) {
        let refused = match (&error.value, error.line) {
            (Some(e), Some(at)) => format!(", refused with {} (line {at})", Quoted(e)),
            _ => String::new(),
        };
        writeln!(
            io.out,
            "{bullet}Windows sign-in on the machine (PRT attempt, line {line}): {}{refused}",
            Quoted(value)
        )?;
    }
    for event in &m.events {
        writeln!(io.out, "{bullet}Security event {}", event.describe())?;
    }
    for line in collected_lines(m) {
        writeln!(io.out, "{bullet}{line}")?;
    }
    for r in &m.readings {
        writeln!(
            io.out,
            "{bullet}read {} at {}:{} as {}",
            Quoted(&r.text),
            r.line,
            r.column,
            r.read_as
        )?;
    }
    if let Some(code) = m.evidence.observed_error.value {
        writeln!(io.out, "{bullet}observed error: {code}")?;
    }
    if let Some(username) = &m.evidence.username.value {
        writeln!(io.out, "{bullet}connection username: {}", Quoted(username))?;
    }
    Ok(())
}

/// The facts the `i`th collected file gave.
fn given_by(m: &Machine, i: usize) -> impl Iterator<Item = FactId> + '_ {
    m.evidence.origins.iter().filter(move |(_, index)| *index == i).map(|(fact, _)| *fact)
}

/// What each collected file gave, a line each.
fn collected_lines(m: &Machine) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, f) in m.collected.iter().enumerate() {
        let what = match f.kind {
            None => "not read".to_owned(),
            Some(collected::Kind::Dsregcmd) => {
                if m.dsregcmd_file.as_ref().is_some_and(|(n, _)| *n == f.name) {
                    "dsregcmd /status, read as the machine's".to_owned()
                } else {
                    "dsregcmd /status, not read: another output was given".to_owned()
                }
            }
            Some(collected::Kind::Events) => "Security events, read with the others".to_owned(),
            Some(kind) => {
                let gave: Vec<String> = given_by(m, i)
                    .map(|fact| match m.evidence.get(fact).shown() {
                        Some(value) => format!("{}: {value}", fact.label()),
                        None => fact.label().to_owned(),
                    })
                    .collect();
                if gave.is_empty() {
                    format!("{}, gave nothing the rules read", kind.as_str())
                } else {
                    format!("{}, gave {}", kind.as_str(), gave.join(", "))
                }
            }
        };
        let notes = f.notes.iter().map(|n| format!("; {n}")).collect::<String>();
        lines.push(format!("collected {}: {what}{notes}", Quoted(&f.name)));
    }
    lines
}

/// How the ranking reads, as the output says it.
const RANKING_NOTE: &str = "Ranked by how well each cause explains what was seen: how often it is met in the field, how likely the facts it still needs are (a machine's defaults likelier than faults), and what it shows only another way; what was seen weighs causes and rules out only what no documented path shows (`flowcred rules --provenance`: diagnosis ranking, observations).";

/// What the causes are of: the code seen, or else every part seen.
fn heading_of(evidence: &flowcred_core::Evidence) -> Option<String> {
    if let Some(code) = evidence.observed_error.value {
        return Some(code.to_string());
    }
    let parts = flowcred_core::diagnosis::seen(evidence);
    (!parts.is_empty())
        .then(|| parts.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(" and "))
}

fn text_single(io: &mut Io, m: &Machine, sources: &report::Sources) -> io::Result<()> {
    writeln!(
        io.out,
        "{}",
        io.style.strong(&format!(
            "== diagnosis{}",
            if m.name.is_empty() { String::new() } else { format!(" of {}", m.name) }
        ))
    )?;
    summary_lines(io, m, "")?;
    writeln!(io.out)?;
    let findings = &m.diagnosis.findings;
    if findings.is_empty() {
        writeln!(io.out, "No cause found: every rule is ruled out by the evidence given.")?;
        return Ok(());
    }
    let (likely, other): (Vec<_>, Vec<_>) = findings.iter().cloned().partition(|f| f.explains);
    let heading = match heading_of(&m.evidence) {
        Some(what) => format!("Causes of {what}, ranked"),
        None => "Possible causes, ranked".to_owned(),
    };
    if !likely.is_empty() {
        report::text_finding_list(io.out, &heading, &likely, sources, io.style)?;
        writeln!(io.out)?;
        writeln!(io.out, "{RANKING_NOTE}")?;
        if let Some(first) = flowcred_core::diagnosis::check_first(&likely) {
            writeln!(
                io.out,
                "Check first: {} ({} of the {} suspected causes above wait on it): {}",
                first.fact.label(),
                first.settles,
                first.of,
                first.fact.how_to_check()
            )?;
        }
        writeln!(io.out)?;
    }
    let (other_confirmed, other_suspected): (Vec<_>, Vec<_>) =
        other.into_iter().partition(|f| f.certainty == Certainty::Confirmed);
    if !other_confirmed.is_empty() {
        report::text_finding_list(
            io.out,
            "Other causes present",
            &other_confirmed,
            sources,
            io.style,
        )?;
        writeln!(io.out)?;
    }
    if !other_suspected.is_empty() {
        report::text_finding_lines(
            io.out,
            "Not ruled out, behind the first error (`flowcred explain ID` for each)",
            &other_suspected,
        )?;
        writeln!(io.out)?;
    }
    let confirmed = findings.iter().filter(|f| f.certainty == Certainty::Confirmed).count();
    writeln!(io.out, "{confirmed} confirmed, {} suspected", findings.len() - confirmed)?;
    Ok(())
}

#[derive(Debug, Serialize)]
struct JsonSingle {
    schema_version: u32,
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    join_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    observed_error: Option<&'static str>,
    /// The machine's own last failed sign-in (PRT attempt): its user and
    /// server error, never the connection's.
    #[serde(skip_serializing_if = "Option::is_none")]
    machine_sign_in: Option<JsonSignIn>,
    /// The unknown fact most suspects of the observed error wait on.
    #[serde(skip_serializing_if = "Option::is_none")]
    check_first: Option<JsonCheckFirst>,
    /// The causes of the observed error by standing, each group ranked, and
    /// the prior the ranking assumes.
    ranking: JsonRanking,
    /// The files of a collected folder, each with what it gave.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    collected: Vec<JsonCollected>,
    findings: Vec<report::JsonFinding>,
}

#[derive(Debug, Serialize)]
struct JsonRanking {
    /// Where the tiers of how often causes are met come from.
    prior: flowcred_core::Source,
    /// How the ranking weighs, in words.
    note: &'static str,
    groups: BTreeMap<&'static str, Vec<&'static str>>,
}

#[derive(Debug, Serialize)]
struct JsonCollected {
    file: String,
    /// What it held (absent where it was not told).
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    /// The facts it gave.
    gave: Vec<&'static str>,
    /// Each fact it gave, with its value as evidence lines write it.
    values: BTreeMap<&'static str, String>,
    /// What was not read, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct JsonCheckFirst {
    fact: &'static str,
    how: &'static str,
    settles: usize,
    of: usize,
}

#[derive(Debug, Serialize)]
struct JsonSignIn {
    user: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    line: Option<u32>,
}

fn json_single(m: &Machine, file: &str, sources: &report::Sources) -> JsonSingle {
    // The causes that account for what was seen, ranked (every finding
    // where nothing was seen), as the text shows them.
    let likely: Vec<_> = m.diagnosis.findings.iter().filter(|f| f.explains).cloned().collect();
    JsonSingle {
        schema_version: report::SCHEMA_VERSION,
        file: file.to_owned(),
        join_kind: m.status.as_ref().and_then(|s| s.join_kind()).map(|j| j.as_str()),
        observed_error: m.evidence.observed_error.value.map(|c| c.as_str()),
        machine_sign_in: m.evidence.prt_user.value.clone().map(|user| JsonSignIn {
            user: user.to_string(),
            error: m.evidence.prt_error.value.as_deref().map(str::to_owned),
            line: m.evidence.prt_user.line,
        }),
        check_first: flowcred_core::diagnosis::check_first(&likely).map(|c| JsonCheckFirst {
            fact: c.fact.label(),
            how: c.fact.how_to_check(),
            settles: c.settles,
            of: c.of,
        }),
        ranking: JsonRanking {
            prior: flowcred_core::prior::PREVALENCE_SOURCE,
            note: RANKING_NOTE,
            groups: Standing::ALL
                .iter()
                .map(|s| {
                    let ids = likely.iter().filter(|f| f.standing() == *s).map(|f| f.rule.id);
                    (s.as_str(), ids.collect())
                })
                .collect(),
        },
        collected: m
            .collected
            .iter()
            .enumerate()
            .map(|(i, f)| JsonCollected {
                file: f.name.clone(),
                kind: f.kind.map(|k| k.as_str()),
                gave: given_by(m, i).map(FactId::label).collect(),
                values: given_by(m, i)
                    .filter_map(|fact| Some((fact.label(), m.evidence.get(fact).shown()?)))
                    .collect(),
                notes: f.notes.clone(),
            })
            .collect(),
        findings: report::json_findings_from(&m.diagnosis, sources),
    }
}

/// One machine's line in a triage.
#[derive(Clone, Debug, Serialize)]
pub struct Triage {
    pub machine: String,
    pub join_kind: String,
    /// `FC013 device-not-joined`, or `none`, or `unreadable`.
    pub likely_cause: String,
    pub certainty: String,
    pub findings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl Triage {
    fn unreadable(machine: &str, problem: String) -> Triage {
        Triage {
            machine: machine.to_owned(),
            join_kind: "-".into(),
            likely_cause: "unreadable".into(),
            certainty: "-".into(),
            findings: 0,
            problem: Some(problem),
        }
    }
}

/// Triage of one `dsregcmd` output.
pub fn triage(name: &str, text: &str, extra: &Extra) -> Triage {
    match diagnose_machine(name, Some(text), extra) {
        Err(problem) => Triage::unreadable(name, problem),
        Ok(m) => {
            let findings = &m.diagnosis.findings;
            // Ranked: a confirmed finding comes first when there is one.
            let top = findings.first().filter(|f| f.certainty == Certainty::Confirmed);
            let likely_cause = match top {
                Some(f) => format!("{} {}", f.rule.id, f.rule.name),
                None if findings.is_empty() => "none".to_owned(),
                None => "no confirmed cause".to_owned(),
            };
            Triage {
                machine: name.to_owned(),
                join_kind: m
                    .status
                    .as_ref()
                    .and_then(|s| s.join_kind())
                    .map_or("unknown", |j| j.as_str())
                    .to_owned(),
                likely_cause,
                certainty: top.map_or("-", |f| f.certainty.as_str()).to_owned(),
                findings: findings.len(),
                problem: None,
            }
        }
    }
}

/// Triages every regular file directly in `dir`, in name order, on all
/// cores. What is not one (a symbolic link, which a folder walk never
/// follows; a pipe, a device, a socket; a folder) is left out, and said in
/// the notes.
pub fn triage_folder(dir: &Path, extra: &Extra) -> io::Result<(Vec<Triage>, Vec<String>)> {
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_file() {
            files.push(path);
        } else if kind.is_symlink() {
            notes.push(format!(
                "{}: a symbolic link; skipped (a folder walk follows none)",
                display_path(&path)
            ));
        } else {
            notes.push(format!(
                "{}: {}; skipped (--batch reads the files directly in the folder)",
                display_path(&path),
                input::kind_of(&kind)
            ));
        }
    }
    files.sort();
    notes.sort();
    let mut rows: Vec<Option<Triage>> = vec![None; files.len()];
    let chunks = par::fold_ranges(files.len(), 1, par::threads(), Vec::new, |done, range| {
        for i in range {
            let path = &files[i];
            let name =
                path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            let row = match read_text(path, Links::WithinFolder) {
                Ok(text) => triage(&name, &text, extra),
                Err(problem) => Triage::unreadable(&name, problem),
            };
            done.push((i, row));
        }
    });
    for (i, row) in chunks.into_iter().flatten() {
        rows[i] = Some(row);
    }
    Ok((rows.into_iter().flatten().collect(), notes))
}

#[derive(Debug, Serialize)]
struct JsonBatch {
    schema_version: u32,
    machines: Vec<Triage>,
    causes: BTreeMap<String, usize>,
}

fn batch(dir: &Path, extra: &Extra, format: Format, io: &mut Io) -> io::Result<Exit> {
    let rows = match triage_folder(dir, extra) {
        Ok((rows, notes)) => {
            if !io.quiet {
                for note in notes {
                    writeln!(io.err, "note: {note}")?;
                }
            }
            rows
        }
        Err(e) => {
            writeln!(io.err, "error: {}: cannot read the folder: {e}", display_path(dir))?;
            return Ok(Exit::Failure);
        }
    };
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    for row in &rows {
        *causes.entry(row.likely_cause.clone()).or_default() += 1;
    }
    match format {
        Format::Json => report::write_json(
            io.out,
            &JsonBatch {
                schema_version: report::SCHEMA_VERSION,
                machines: rows.clone(),
                causes: causes.clone(),
            },
        )?,
        Format::Text => {
            writeln!(
                io.out,
                "{:<32} {:<32} {:<50} certainty",
                "machine", "join state", "likely cause"
            )?;
            for r in &rows {
                writeln!(
                    io.out,
                    "{:<32} {:<32} {:<50} {}",
                    r.machine, r.join_kind, r.likely_cause, r.certainty
                )?;
            }
            writeln!(io.out, "\nMachines per likely cause:")?;
            for (cause, n) in &causes {
                writeln!(io.out, "  {n:>6}  {cause}")?;
            }
            for r in rows.iter().filter_map(|r| r.problem.as_ref()) {
                writeln!(io.err, "warning: {r}")?;
            }
        }
        Format::Markdown => {
            writeln!(
                io.out,
                "| machine | join state | likely cause | certainty |\n|---|---|---|---|"
            )?;
            for r in &rows {
                writeln!(
                    io.out,
                    "| {} | {} | {} | {} |",
                    md_cell(&md_text(&r.machine)),
                    r.join_kind,
                    r.likely_cause,
                    r.certainty
                )?;
            }
            writeln!(io.out, "\n| likely cause | machines |\n|---|---|")?;
            for (cause, n) in &causes {
                writeln!(io.out, "| {cause} | {n} |")?;
            }
        }
    }
    let unreadable = rows.iter().any(|r| r.problem.is_some());
    let confirmed = rows.iter().any(|r| r.certainty == Certainty::Confirmed.as_str());
    Ok(if unreadable {
        Exit::Failure
    } else if confirmed {
        Exit::Mismatch
    } else {
        Exit::Ok
    })
}
