//! `flowcred run`: simulate and diagnose scenarios, and show everything.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::app::{load_all, load_in_batches, Exit, Io};
use crate::cmd::check::plural;
use crate::report::{self, JsonLoadError, JsonRun};
use crate::scenario::LoadError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders (folders are searched for .yaml and .yml files).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    format: RunFormat,
    /// Also show the `dsregcmd /status` output a person would see on the
    /// scenario's machine.
    #[arg(long)]
    dsregcmd: bool,
}

/// `run --format`: the shared formats, and the sign-in path as a picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormat {
    Text,
    Json,
    Markdown,
    /// The sign-in path as an SVG picture (one scenario).
    Svg,
}

/// The machine's `dsregcmd /status`, as flowcred renders it.
fn excerpt(run: &report::Run) -> String {
    let world = &run.scenario.world;
    flowcred_core::dsregcmd::render(world)
}

#[derive(Debug, Serialize)]
struct JsonOutput {
    schema_version: u32,
    scenarios: Vec<JsonRun>,
    errors: Vec<JsonLoadError>,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    if matches!(args.format, RunFormat::Text | RunFormat::Markdown) {
        return run_streamed(&args, io);
    }
    let (scenarios, errors) = load_all(&args.paths, io);
    let runs: Vec<_> = crate::par::map(&scenarios, report::run);
    match args.format {
        RunFormat::Svg => {
            if runs.len() + errors.len() != 1 {
                writeln!(
                    io.err,
                    "error: `--format svg` draws one scenario; {} were given",
                    runs.len() + errors.len()
                )?;
                return Ok(Exit::Failure);
            }
            if let Some(run) = runs.first() {
                write!(io.out, "{}", crate::svg::path_svg(&run.scenario.file, &run.attempt))?;
            }
        }
        _ => report::write_json(
            io.out,
            &JsonOutput {
                schema_version: report::SCHEMA_VERSION,
                scenarios: runs.iter().map(report::json_run).collect(),
                errors: errors.iter().map(report::json_load_error).collect(),
            },
        )?,
    }
    let failed = runs.iter().filter(|r| r.attempt.error().is_some()).count();
    finish(io, runs.len(), failed, &errors)
}

/// Text and Markdown: each batch of scenarios run and written on all cores,
/// then in order, and let go: a corpus of any size runs in little memory.
fn run_streamed(args: &Args, io: &mut Io) -> io::Result<Exit> {
    if args.format == RunFormat::Markdown {
        writeln!(io.out, "# flowcred run\n")?;
    }
    let (mut ran, mut failed) = (0, 0);
    let style = io.style;
    let errors = load_in_batches(&args.paths, io, |io, scenarios| {
        let texts = crate::par::map(&scenarios, |scenario| {
            let run = report::run(scenario);
            let mut out = Vec::with_capacity(4096);
            let _ = if args.format == RunFormat::Markdown {
                markdown(&mut out, &run, args.dsregcmd)
            } else {
                text(&mut out, &run, style, args.dsregcmd)
            };
            (out, run.attempt.error().is_some())
        });
        for (out, fails) in texts {
            io.out.write_all(&out)?;
            ran += 1;
            failed += usize::from(fails);
        }
        Ok(())
    })?;
    finish(io, ran, failed, &errors)
}

fn text(
    out: &mut dyn Write,
    run: &report::Run,
    style: report::Style,
    dsregcmd: bool,
) -> io::Result<()> {
    report::text_run(out, run, style)?;
    if dsregcmd {
        writeln!(out, "dsregcmd /status on the machine:\n")?;
        write!(out, "{}", excerpt(run))?;
        writeln!(out)?;
    }
    Ok(())
}

fn markdown(out: &mut dyn Write, run: &report::Run, dsregcmd: bool) -> io::Result<()> {
    report::markdown_run(out, run)?;
    if dsregcmd {
        writeln!(
            out,
            "`dsregcmd /status` on the machine:\n\n{}\n",
            crate::escape::md_block("text", &excerpt(run))
        )?;
    }
    Ok(())
}

/// The load errors and the summary; how the run ends.
fn finish(io: &mut Io, ran: usize, failed: usize, errors: &[LoadError]) -> io::Result<Exit> {
    for error in errors {
        report::text_load_error(io.err, error, io.err_style)?;
    }
    if !io.quiet {
        let total = ran + errors.len();
        writeln!(
            io.err,
            "ran {total} {}: {} succeeded, {failed} failed, {} unreadable",
            plural(total, "scenario", "scenarios"),
            ran - failed,
            errors.len()
        )?;
    }
    Ok(if errors.is_empty() { Exit::Ok } else { Exit::Failure })
}
