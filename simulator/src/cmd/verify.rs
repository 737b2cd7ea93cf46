//! `flowcred verify`: every world of the modelled space, simulated,
//! diagnosed and its fixes replayed, in parallel.

use std::collections::BTreeMap;
use std::io;
use std::time::Instant;

use flowcred_core::covering;
use flowcred_core::replay::{verify_world, verify_world_with, Memo, Violation};
use flowcred_core::space::{self, Builder, Dims, Passwords};
use flowcred_core::{simulate, Rule, RULES};

use crate::app::{Exit, Io};
use crate::emit;
use crate::par;
use crate::report::TextOrJson;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Also check a covering array of this strength over every dimension:
    /// every combination of values of any N dimensions (0: none; 5 and 6
    /// take minutes to generate).
    #[arg(long, default_value_t = 4)]
    strength: usize,
    /// Write the covering array of `--strength` to FILE and stop: after the
    /// dimension table changes, `--write-covering core/data/covering-strength-4.txt`.
    #[arg(long, value_name = "FILE")]
    write_covering: Option<std::path::PathBuf>,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

#[derive(Debug, serde::Serialize)]
struct JsonVerify<'a> {
    schema_version: u32,
    worlds: usize,
    outcomes: &'a BTreeMap<&'static str, usize>,
    findings_per_rule: BTreeMap<&'static str, usize>,
    violating_worlds: usize,
    violations: &'a BTreeMap<String, usize>,
    rules_firing_nowhere: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    covering: Option<&'a Coverage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter_example: Option<String>,
}

/// The passwords the space's worlds are built with, as written in counter-examples.
pub const PASSWORDS: [&str; 4] = Passwords::NAMES;

/// What checking the whole space found.
#[derive(Debug, Default)]
pub struct Summary {
    pub worlds: usize,
    pub outcomes: BTreeMap<&'static str, usize>,
    pub fired: BTreeMap<&'static str, usize>,
    pub violating_worlds: usize,
    /// Violations by kind (`fix-keeps-finding FC008`, ...).
    pub violations: BTreeMap<String, usize>,
    /// The simplest violating world: its distance from the healthy baseline and index.
    pub simplest: Option<(usize, usize)>,
}

impl Summary {
    fn merge(&mut self, other: Summary) {
        self.worlds += other.worlds;
        for (k, v) in other.outcomes {
            *self.outcomes.entry(k).or_default() += v;
        }
        for (k, v) in other.fired {
            *self.fired.entry(k).or_default() += v;
        }
        self.violating_worlds += other.violating_worlds;
        for (k, v) in other.violations {
            *self.violations.entry(k).or_default() += v;
        }
        self.simplest = match (self.simplest, other.simplest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// What the covering array proved.
#[derive(Debug, serde::Serialize)]
pub struct Coverage {
    pub strength: usize,
    pub dimensions: usize,
    pub tuples: usize,
    pub missing: usize,
    pub rows: usize,
    /// The committed array (else generated for this run).
    pub committed: bool,
}

/// The point at `index`: the space's, then the covering array's rows.
fn point(index: usize, extra: &[Dims]) -> Dims {
    let size = space::size();
    if index < size {
        Dims::at(index)
    } else {
        extra[index - size]
    }
}

/// Checks every world of the space, then each of `extra`'s, against
/// `rules` on `threads` threads. `progress` is called now and then with the
/// number of worlds done.
pub fn verify_space(
    rules: &[&'static Rule],
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    extra: &[Dims],
) -> Summary {
    let total = space::size() + extra.len();
    const CHUNK: usize = 2048;
    // A builder per worker: copies of one world share its strings' counts,
    // which two cores would fight over.
    let init = || (Summary::default(), Memo::default(), Builder::new(Passwords::default()));
    let parts = par::fold_ranges(total, CHUNK, threads, init, |(summary, memo, builder), range| {
        if range.start.is_multiple_of(CHUNK * 32) {
            progress(range.start);
        }
        for index in range {
            let dims = point(index, extra);
            let world = builder.world(&dims);
            let verdict = verify_world_with(&world, rules, memo);
            summary.worlds += 1;
            let code = verdict.error.map_or("success", |code| code.as_str());
            *summary.outcomes.entry(code).or_default() += 1;
            for replay in verdict.replays.iter().filter(|r| r.remedy == 0) {
                *summary.fired.entry(replay.rule.id).or_default() += 1;
            }
            if !verdict.violations.is_empty() {
                summary.violating_worlds += 1;
                for v in &verdict.violations {
                    *summary.violations.entry(kind(v)).or_default() += 1;
                }
                let candidate = (dims.distance(&Dims::HEALTHY), index);
                summary.simplest = Some(summary.simplest.map_or(candidate, |s| s.min(candidate)));
            }
        }
    });
    let mut all = Summary::default();
    for (part, ..) in parts {
        all.merge(part);
    }
    all
}

fn kind(v: &Violation) -> String {
    v.kind()
}

/// The counter-example scenario for the world at `index` (past the space's
/// size, a row of `extra`).
pub fn counter_example(
    index: usize,
    rules: &[&'static Rule],
    extra: &[Dims],
) -> (String, Vec<Violation>) {
    let world = point(index, extra).world(&Passwords::default());
    let verdict = verify_world(&world, rules);
    let attempt = simulate(&world);
    let found: Vec<&str> = flowcred_core::replay::diagnose_with(&world, rules).rule_ids();
    let size = space::size();
    let mut comment = if index < size {
        format!("Counter-example found by `flowcred verify` (world {index} of the space):\n")
    } else {
        format!(
            "Counter-example found by `flowcred verify` (row {} of the covering array):\n",
            index - size
        )
    };
    for v in &verdict.violations {
        comment.push_str(&format!("- {v}\n"));
    }
    let yaml = emit::scenario_yaml(
        &world,
        comment.trim_end(),
        &PASSWORDS,
        attempt.error().map(|e| e.code),
        attempt.failed_stage(),
        &found,
    );
    (yaml, verdict.violations)
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let threads = args.threads.unwrap_or_else(par::threads);
    if let Some(path) = &args.write_covering {
        let counts = space::value_counts();
        let rows = covering::generate(&counts, args.strength);
        std::fs::write(path, covering::to_text(&counts, args.strength, &rows))?;
        writeln!(
            io.out,
            "wrote {} rows of strength {} to {}",
            rows.len(),
            args.strength,
            path.display()
        )?;
        return Ok(Exit::Ok);
    }
    let started = Instant::now();
    let (rows, coverage) = if args.strength == 0 {
        (Vec::new(), None)
    } else {
        let counts = space::value_counts();
        let (rows, committed) = space::covering_rows(args.strength);
        if !committed && args.strength == space::COMMITTED_STRENGTH && !io.quiet {
            writeln!(
                io.err,
                "note: the committed covering array does not fit the dimension table; generated one (`flowcred verify --write-covering core/data/covering-strength-4.txt` commits it)"
            )?;
        }
        let coverage = Coverage {
            strength: args.strength,
            dimensions: counts.len(),
            tuples: covering::tuples(&counts, args.strength),
            missing: covering::missing(&counts, args.strength, &rows, threads),
            rows: rows.len(),
            committed,
        };
        (space::covering_points(&rows), Some(coverage))
    };
    let show = io.progress;
    let total = space::size() + rows.len();
    // The workers report from their own threads, where the borrowed `io.err`
    // cannot go; progress is a terminal-only side channel.
    #[allow(clippy::print_stderr)]
    let progress = |done: usize| {
        if show {
            eprint!("\rverifying: {:>3}% of {total} worlds", done * 100 / total);
        }
    };
    let summary = verify_space(RULES, threads, &progress, &rows);
    if show {
        write!(io.err, "\r{:60}\r", "")?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let silent: Vec<&str> =
        RULES.iter().filter(|r| !summary.fired.contains_key(r.id)).map(|r| r.id).collect();
    if args.format == TextOrJson::Json {
        let counter_example =
            summary.simplest.map(|(_, index)| counter_example(index, RULES, &rows).0);
        let uncovered = coverage.as_ref().is_some_and(|c| c.missing > 0);
        let failed = !silent.is_empty() || counter_example.is_some() || uncovered;
        crate::report::write_json(
            io.out,
            &JsonVerify {
                schema_version: crate::report::SCHEMA_VERSION,
                worlds: summary.worlds,
                outcomes: &summary.outcomes,
                findings_per_rule: RULES
                    .iter()
                    .map(|r| (r.id, summary.fired.get(r.id).copied().unwrap_or(0)))
                    .collect(),
                violating_worlds: summary.violating_worlds,
                violations: &summary.violations,
                rules_firing_nowhere: silent,
                covering: coverage.as_ref(),
                counter_example,
            },
        )?;
        return Ok(if failed { Exit::Mismatch } else { Exit::Ok });
    }
    report(io, &summary, threads, seconds)?;
    if let Some(c) = &coverage {
        let covered = c.tuples - c.missing;
        writeln!(
            io.out,
            "covering array: every {}-way interaction of {} dimensions, {} of {} tuples ({}%) in {} worlds",
            c.strength,
            c.dimensions,
            covered,
            c.tuples,
            covered * 100 / c.tuples.max(1),
            c.rows
        )?;
        if c.missing > 0 {
            return Ok(Exit::Mismatch);
        }
    }
    if !silent.is_empty() {
        writeln!(
            io.out,
            "\nrules that fire in no world of the space (extend the space): {}",
            silent.join(", ")
        )?;
        return Ok(Exit::Mismatch);
    }
    if let Some((_, index)) = summary.simplest {
        let (yaml, _) = counter_example(index, RULES, &rows);
        writeln!(
            io.out,
            "\nSimplest counter-example (save it under scenarios/ as a regression case):\n"
        )?;
        write!(io.out, "{yaml}")?;
        return Ok(Exit::Mismatch);
    }
    Ok(Exit::Ok)
}

fn report(io: &mut Io, s: &Summary, threads: usize, seconds: f64) -> io::Result<()> {
    writeln!(io.out, "worlds checked: {}", s.worlds)?;
    // Columns as wide as their widest entry.
    let code_w = s.outcomes.keys().map(|c| c.len()).max().unwrap_or(0);
    writeln!(io.out, "outcomes:")?;
    for (code, n) in &s.outcomes {
        writeln!(io.out, "  {code:<code_w$} {n}")?;
    }
    let name_w = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    writeln!(io.out, "findings per rule:")?;
    for rule in RULES {
        let n = s.fired.get(rule.id).unwrap_or(&0);
        writeln!(io.out, "  {} {:<name_w$} {n}", rule.id, rule.name)?;
    }
    writeln!(io.out, "violations: {} worlds", s.violating_worlds)?;
    let kind_w = s.violations.keys().map(String::len).max().unwrap_or(0);
    for (kind, n) in &s.violations {
        writeln!(io.out, "  {kind:<kind_w$} {n}")?;
    }
    // Timing goes to stderr so that stdout stays the same from run to run.
    if !io.quiet {
        writeln!(
            io.err,
            "{} worlds in {seconds:.2} s on {threads} {} ({:.0} worlds/s)",
            s.worlds,
            crate::cmd::check::plural(threads, "thread", "threads"),
            s.worlds as f64 / seconds.max(1e-9)
        )?;
    }
    Ok(())
}
