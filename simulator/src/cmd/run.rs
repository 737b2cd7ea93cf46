//! `flowcred run`: simulate and diagnose scenarios, and show everything.

use std::io;
use std::path::PathBuf;

use serde::Serialize;

use crate::app::{load_all, Exit, Io};
use crate::cmd::check::plural;
use crate::report::{self, JsonLoadError, JsonRun};

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
    let (scenarios, errors) = load_all(&args.paths, io);
    let runs: Vec<_> = scenarios.iter().map(report::run).collect();
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
        RunFormat::Text => {
            for run in &runs {
                report::text_run(io.out, run, io.style)?;
                if args.dsregcmd {
                    writeln!(io.out, "dsregcmd /status on the machine:\n")?;
                    write!(io.out, "{}", excerpt(run))?;
                    writeln!(io.out)?;
                }
            }
        }
        RunFormat::Markdown => {
            writeln!(io.out, "# flowcred run\n")?;
            for run in &runs {
                report::markdown_run(io.out, run)?;
                if args.dsregcmd {
                    writeln!(
                        io.out,
                        "`dsregcmd /status` on the machine:\n\n```text\n{}```\n",
                        excerpt(run)
                    )?;
                }
            }
        }
        RunFormat::Json => report::write_json(
            io.out,
            &JsonOutput {
                schema_version: report::SCHEMA_VERSION,
                scenarios: runs.iter().map(report::json_run).collect(),
                errors: errors.iter().map(report::json_load_error).collect(),
            },
        )?,
    }
    for error in &errors {
        report::text_load_error(io.err, error, io.err_style)?;
    }
    if !io.quiet {
        let failed = runs.iter().filter(|r| r.attempt.error().is_some()).count();
        let total = runs.len() + errors.len();
        writeln!(
            io.err,
            "ran {total} {}: {} succeeded, {failed} failed, {} unreadable",
            plural(total, "scenario", "scenarios"),
            runs.len() - failed,
            errors.len()
        )?;
    }
    Ok(if errors.is_empty() { Exit::Ok } else { Exit::Failure })
}
