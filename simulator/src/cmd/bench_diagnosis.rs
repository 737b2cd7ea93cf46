//! `flowcred bench-diagnosis`: how well `diagnose` finds the true cause from
//! what a support engineer holds, with the world hidden.
//!
//! For each failing world (the bundled scenarios, and a spread sample of the
//! verify space) it renders the artifacts: the machine's `dsregcmd /status`,
//! the error as the run shows it, the username as typed, and a 4625 event
//! where Windows refused the logon. It diagnoses from those alone, and scores
//! where the true cause (a rule the full world confirms for the observed
//! code) ranks among the causes of that code, and how many facts it still
//! asks for.

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;

use flowcred_core::artifact::{self, LogonEvent};
use flowcred_core::model::{AccountState, RunMode};
use flowcred_core::sim::simulate_quietly;
use flowcred_core::space::{self, Builder, Passwords};
use flowcred_core::{diagnose, dsregcmd, observe, Certainty, Stage, SubCode};
use flowcred_core::{ErrorCode, World};
use serde::Serialize;

use crate::app::{load_all, Exit, Io};
use crate::cmd::diagnose::{diagnose_machine, read_text, Extra};
use crate::field;
use crate::report::{self, TextOrJson};
use crate::scenario::display_path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders whose failing scenarios are cases.
    #[arg(default_value = "scenarios")]
    paths: Vec<PathBuf>,
    /// How many points of the verify space to sample, spread over it (0:
    /// none; `all`: the whole space, about a minute on two cores).
    #[arg(long, default_value = "2000", value_parser = parse_sample)]
    sample: usize,
    /// Also score real reports: the bundled field cases, or a case file of
    /// the same form (see `simulator/bench/field-cases.yaml`).
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    field: Option<Option<PathBuf>>,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

/// Where one case's true cause ranked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseScore {
    /// The observed code.
    pub code: ErrorCode,
    /// The rules the full world confirms for that code.
    pub truth: Vec<&'static str>,
    /// The first three causes of the code, as ranked from the artifacts.
    pub ranked: Vec<&'static str>,
    /// The best 0-based rank of a true cause, if it was listed at all.
    pub rank: Option<usize>,
    /// The facts the best-ranked true cause still asks for.
    pub asked: Option<usize>,
}

/// Scores `world`, or `None` when its run succeeds.
pub fn score(world: &World) -> Option<CaseScore> {
    score_with(world, false)
}

/// [`score`], with the files `flowcred collect` gathers from the machine
/// (rendered from the world) added to the artifacts where `collected`.
pub fn score_with(world: &World, collected: bool) -> Option<CaseScore> {
    let attempt = simulate_quietly(world);
    let payload = attempt.error()?;
    let code = payload.code;
    let truth: Vec<&'static str> = diagnose(&observe(world))
        .findings
        .iter()
        .filter(|f| f.certainty == Certainty::Confirmed && f.rule.code == code)
        .map(|f| f.rule.id)
        .collect();
    // The error as the run shows it: a Windows status beside the code is
    // what a person copies; otherwise the payload itself.
    let shown = match payload.sub_code {
        Some(sub) if !sub.replaces_code() => sub.value().to_string(),
        _ => report::product_text(payload),
    };
    let mut extra = Extra {
        error: artifact::parse_error(&shown).ok(),
        username: Some(world.connection.username.to_string()),
        events: logon_event(world, attempt.failed_stage(), code, payload.sub_code)
            .into_iter()
            .collect(),
        ..Extra::default()
    };
    if collected {
        // The folder holds the Security events too.
        extra.events.clear();
        extra.collected = crate::cmd::collect::files(world)
            .into_iter()
            .map(|(name, text)| (name.to_owned(), Ok(text)))
            .collect();
    }
    let status = dsregcmd::render(world);
    let machine = diagnose_machine("", Some(&status), &extra).ok()?;
    let likely: Vec<_> =
        machine.diagnosis.findings.iter().filter(|f| f.rule.code == code).collect();
    let rank = likely.iter().position(|f| truth.contains(&f.rule.id));
    Some(CaseScore {
        code,
        truth,
        ranked: likely.iter().take(3).map(|f| f.rule.id).collect(),
        rank,
        asked: rank.map(|r| likely[r].unknowns()),
    })
}

/// The 4625 event Windows writes where it refused the logon itself, with
/// the status and sub-status its refusal implies (a model of the event, not
/// a capture).
pub fn logon_event(
    world: &World,
    stage: Option<Stage>,
    code: ErrorCode,
    sub: Option<SubCode>,
) -> Option<LogonEvent> {
    const LOGON_FAILURE: i64 = 0xC000_006D_u32 as i32 as i64;
    let status = |v: u32| Some(i64::from(v as i32));
    let (status, sub_status) = match (code, sub) {
        (ErrorCode::AccountLockedOut, _) => (status(0xC000_0234), status(0)),
        // A password refused at logon is STATUS_WRONG_PASSWORD. Which
        // sub-status Windows gives a name it cannot place (a form it does not
        // take, an account not on the machine, a work account not ready) is
        // not documented per cause: the event carries the generic status.
        (_, Some(SubCode::BadUsernameOrAuthentication)) if stage == Some(Stage::WindowsLogon) => {
            (Some(LOGON_FAILURE), status(0xC000_006A))
        }
        (_, Some(SubCode::BadUsernameOrAuthentication)) => (Some(LOGON_FAILURE), status(0)),
        (_, Some(SubCode::AccountRestriction)) => {
            let state = world.tenant.user(world.username().account).map(|u| u.state);
            let sub = match state {
                Some(AccountState::Disabled) => 0xC000_0072,
                Some(AccountState::PasswordExpired) => 0xC000_0071,
                _ => 0,
            };
            (status(0xC000_006E), status(sub))
        }
        (_, Some(sub)) => (Some(i64::from(sub.value())), status(0)),
        _ => return None,
    };
    let typed = world.connection.username.trim();
    let (domain, user) = typed.split_once('\\').unwrap_or(("", typed));
    Some(LogonEvent {
        event_id: 4625,
        record_id: 1,
        time: "2026-01-01T00:00:00.0000000Z".into(),
        target_user: user.to_owned(),
        target_domain: domain.to_owned(),
        status,
        sub_status,
        logon_type: Some(match world.connection.mode {
            RunMode::Attended => 2,
            RunMode::Unattended => 10,
        }),
        process: String::new(),
        package: String::new(),
    })
}

/// The scores of one set of cases.
#[derive(Debug, Default, Serialize)]
pub struct Tally {
    pub cases: usize,
    pub top1: usize,
    pub top3: usize,
    /// Cases whose true cause was not among the causes listed at all.
    pub ruled_out: usize,
    /// The facts asked, summed over the cases whose true cause was listed.
    pub asked: usize,
}

impl Tally {
    fn add(&mut self, s: &CaseScore) {
        self.add_rank(s.rank, s.asked.unwrap_or(0));
    }

    fn add_rank(&mut self, rank: Option<usize>, asked: usize) {
        self.cases += 1;
        match rank {
            Some(r) => {
                self.top1 += usize::from(r == 0);
                self.top3 += usize::from(r < 3);
                self.asked += asked;
            }
            None => self.ruled_out += 1,
        }
    }

    /// `part` of `whole` in tenths, rounded down (0 of nothing).
    fn tenths(part: usize, whole: usize) -> f64 {
        part.checked_div(whole).map_or(0.0, |q| q as f64 / 10.0)
    }

    fn percent(part: usize, whole: usize) -> f64 {
        Tally::tenths(part * 1000, whole)
    }

    /// Top-1, as a percentage with one decimal.
    pub fn top1_percent(&self) -> f64 {
        Tally::percent(self.top1, self.cases)
    }

    /// Top-3, as a percentage with one decimal.
    pub fn top3_percent(&self) -> f64 {
        Tally::percent(self.top3, self.cases)
    }

    /// Facts asked per listed case, with one decimal.
    pub fn asked_mean(&self) -> f64 {
        Tally::tenths(self.asked * 10, self.cases - self.ruled_out)
    }
}

#[derive(Debug, Serialize)]
struct JsonBench<'a> {
    schema_version: u32,
    scenarios: JsonTally<'a>,
    space_sample: JsonTally<'a>,
    /// The same cases, with the files `flowcred collect` gathers added.
    scenarios_collected: JsonTally<'a>,
    space_sample_collected: JsonTally<'a>,
    /// Sampled cases whose true cause is not in the first three, by cause.
    sample_misses: &'a BTreeMap<String, usize>,
    misses: Vec<JsonMiss<'a>>,
    /// The field cases, where `--field` asked for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<JsonField<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonField<'a> {
    file: &'a str,
    /// The cases whose fix is a cause of the catalog.
    #[serde(flatten)]
    tally: JsonTally<'a>,
    /// The cases whose cause the catalog lacks.
    not_in_catalog: usize,
    cases: Vec<JsonFieldCase<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonFieldCase<'a> {
    id: &'a str,
    report: &'a str,
    /// The rules of the fix, or empty where the catalog lacks the cause.
    fix: &'a [String],
    /// The 1-based rank of the fix's cause; absent when it was not listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    ranked: &'a [&'static str],
}

/// The field cases `--field` names, read, diagnosed and scored.
struct FieldRun {
    file: String,
    tally: Tally,
    not_in_catalog: usize,
    scores: Vec<field::FieldScore>,
}

fn field_run(given: &Option<PathBuf>, io: &mut Io) -> Result<FieldRun, String> {
    let (file, text) = match given {
        None => (field::BUNDLED_NAME.to_owned(), field::BUNDLED.to_owned()),
        Some(path) => (display_path(path), read_text(path, io.links)?),
    };
    let cases = field::load(&file, &text).map_err(|e| e.to_string())?;
    let scores: Vec<field::FieldScore> = cases.iter().map(field::score).collect();
    let mut tally = Tally::default();
    let mut not_in_catalog = 0;
    for s in &scores {
        match s.fix {
            field::Fix::None => not_in_catalog += 1,
            field::Fix::Rules(_) => tally.add_rank(s.rank, s.asked),
        }
    }
    Ok(FieldRun { file, tally, not_in_catalog, scores })
}

#[derive(Debug, Serialize)]
struct JsonTally<'a> {
    #[serde(flatten)]
    tally: &'a Tally,
    top1_percent: f64,
    top3_percent: f64,
    asked_mean: f64,
}

impl<'a> JsonTally<'a> {
    fn of(tally: &'a Tally) -> JsonTally<'a> {
        JsonTally {
            tally,
            top1_percent: tally.top1_percent(),
            top3_percent: tally.top3_percent(),
            asked_mean: tally.asked_mean(),
        }
    }
}

#[derive(Debug, Serialize)]
struct JsonMiss<'a> {
    scenario: &'a str,
    code: &'static str,
    /// The best 1-based rank of a true cause; absent when none was listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    truth: &'a [&'static str],
    ranked: &'a [&'static str],
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let (scenarios, errors) = load_all(&args.paths, io);
    for e in &errors {
        writeln!(io.err, "{e}")?;
    }
    let field = match &args.field {
        None => None,
        Some(given) => match field_run(given, io) {
            Ok(run) => Some(run),
            Err(e) => {
                writeln!(io.err, "{e}")?;
                return Ok(Exit::Failure);
            }
        },
    };
    let mut bundled = Tally::default();
    let mut bundled_collected = Tally::default();
    let mut misses = Vec::new();
    let scored = crate::par::map(&scenarios, |s| (score(&s.world), score_with(&s.world, true)));
    for (scenario, (plain, collected)) in scenarios.iter().zip(scored) {
        if let Some(s) = plain {
            bundled.add(&s);
            if s.rank.is_none_or(|r| r >= 3) {
                misses.push((scenario.file.as_str(), s));
            }
        }
        if let Some(s) = collected {
            bundled_collected.add(&s);
        }
    }
    let mut sampled = Tally::default();
    let mut sampled_collected = Tally::default();
    // Sampled cases whose true cause is not in the first three, by cause.
    let mut sample_misses: BTreeMap<String, usize> = BTreeMap::new();
    let builder = Builder::new(Passwords::default());
    let mut points = space::sample(args.sample);
    loop {
        // In chunks, so the whole space needs no more memory than a sample.
        let worlds: Vec<World> = points.by_ref().take(4096).map(|p| builder.world(&p)).collect();
        if worlds.is_empty() {
            break;
        }
        let scored = crate::par::map(&worlds, |w| (score(w), score_with(w, true)));
        for (plain, collected) in scored {
            if let Some(s) = plain {
                sampled.add(&s);
                if s.rank.is_none_or(|r| r >= 3) {
                    *sample_misses.entry(s.truth.join("+")).or_default() += 1;
                }
            }
            if let Some(s) = collected {
                sampled_collected.add(&s);
            }
        }
    }
    if args.format == TextOrJson::Json {
        report::write_json(
            io.out,
            &JsonBench {
                schema_version: report::SCHEMA_VERSION,
                scenarios: JsonTally::of(&bundled),
                space_sample: JsonTally::of(&sampled),
                scenarios_collected: JsonTally::of(&bundled_collected),
                space_sample_collected: JsonTally::of(&sampled_collected),
                sample_misses: &sample_misses,
                misses: misses
                    .iter()
                    .map(|(file, s)| JsonMiss {
                        scenario: file,
                        code: s.code.as_str(),
                        rank: s.rank.map(|r| r + 1),
                        truth: &s.truth,
                        ranked: &s.ranked,
                    })
                    .collect(),
                field: field.as_ref().map(|f| JsonField {
                    file: &f.file,
                    tally: JsonTally::of(&f.tally),
                    not_in_catalog: f.not_in_catalog,
                    cases: f
                        .scores
                        .iter()
                        .map(|s| JsonFieldCase {
                            id: &s.id,
                            report: &s.report,
                            fix: match &s.fix {
                                field::Fix::Rules(r) => r,
                                field::Fix::None => &[],
                            },
                            rank: s.rank.map(|r| r + 1),
                            ranked: &s.ranked,
                        })
                        .collect(),
                }),
            },
        )?;
    } else {
        writeln!(
            io.out,
            "diagnosis from artifacts alone: dsregcmd /status, the error as shown, the username as typed, and a 4625 event where Windows refused the logon"
        )?;
        writeln!(io.out)?;
        writeln!(
            io.out,
            "  {:<38} {:>6} {:>7} {:>7} {:>10} {:>12}",
            "cases", "count", "top-1", "top-3", "ruled out", "facts asked"
        )?;
        let mut rows = vec![
            ("failing bundled scenarios".to_owned(), &bundled),
            ("  with the collected artifacts".to_owned(), &bundled_collected),
        ];
        if args.sample > 0 {
            let label = match args.sample.min(space::size()) {
                n if n == space::size() => "the whole verify space".to_owned(),
                n => format!("{n} points of the verify space"),
            };
            rows.push((label, &sampled));
            rows.push(("  with the collected artifacts".to_owned(), &sampled_collected));
        }
        if let Some(f) = &field {
            rows.push(("field reports, cause in the catalog".to_owned(), &f.tally));
        }
        for (label, t) in rows {
            writeln!(
                io.out,
                "  {:<38} {:>6} {:>6.1}% {:>6.1}% {:>10} {:>12.1}",
                label,
                t.cases,
                t.top1_percent(),
                t.top3_percent(),
                t.ruled_out,
                t.asked_mean()
            )?;
        }
        if !sample_misses.is_empty() {
            let mut by_count: Vec<_> = sample_misses.iter().collect();
            by_count.sort_by_key(|(cause, n)| (std::cmp::Reverse(**n), (*cause).clone()));
            let shown: Vec<String> = by_count.iter().map(|(c, n)| format!("{c} {n}")).collect();
            writeln!(io.out)?;
            writeln!(
                io.out,
                "sampled cases not in the first three, by true cause: {}",
                shown.join(", ")
            )?;
        }
        if !misses.is_empty() {
            writeln!(io.out)?;
            writeln!(io.out, "bundled scenarios whose true cause is not in the first three:")?;
            for (file, s) in &misses {
                let place = match s.rank {
                    Some(r) => format!("ranked {}", r + 1),
                    None => "not listed".to_owned(),
                };
                writeln!(
                    io.out,
                    "  {file}: {} from {} ({place}); first three: {}",
                    s.code,
                    s.truth.join(", "),
                    if s.ranked.is_empty() { "-".to_owned() } else { s.ranked.join(", ") }
                )?;
            }
        }
    }
    if let (Some(f), TextOrJson::Text) = (&field, args.format) {
        write_field(f, io)?;
    }
    Ok(if errors.is_empty() { Exit::Ok } else { Exit::Failure })
}

/// The field cases, one line each, under the table.
fn write_field(f: &FieldRun, io: &mut Io) -> io::Result<()> {
    writeln!(io.out)?;
    writeln!(
        io.out,
        "field reports ({}): {} with a catalog cause, {} whose cause the catalog lacks",
        f.file, f.tally.cases, f.not_in_catalog
    )?;
    for s in &f.scores {
        let fix = match &s.fix {
            field::Fix::Rules(r) => r.join("|"),
            field::Fix::None => "none".to_owned(),
        };
        let place = match (&s.fix, s.rank) {
            (field::Fix::None, _) => "not in the catalog".to_owned(),
            (_, Some(r)) => format!("ranked {}", r + 1),
            (_, None) => "not listed".to_owned(),
        };
        let first = if s.ranked.is_empty() { "-".to_owned() } else { s.ranked.join(", ") };
        writeln!(io.out, "  {}: {fix} {place}; first three: {first}", s.id)?;
        if let Some(refused) = &s.refused {
            writeln!(io.out, "    refused: {refused}")?;
        }
    }
    Ok(())
}

/// `--sample`: a count, or `all`.
fn parse_sample(text: &str) -> Result<usize, String> {
    match text {
        "all" => Ok(usize::MAX),
        _ => text.parse().map_err(|_| format!("`{text}` is not a count of points or `all`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_is_a_count_or_all() {
        assert_eq!(parse_sample("300"), Ok(300));
        assert_eq!(parse_sample("all"), Ok(usize::MAX));
        assert!(parse_sample("lots").unwrap_err().contains("`lots`"));
        assert!(parse_sample("-1").is_err());
    }
}
