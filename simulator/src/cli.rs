//! The command line: clap definitions and dispatch, nothing else. Each
//! subcommand lives in its own file under `cmd/`; what they share is `app`.

use std::ffi::OsString;
use std::io::{self, Write};

use clap::{Parser, Subcommand};

pub use crate::app::{Exit, Io};
use crate::cmd;
use crate::safe::SafeWriter;

const EXIT_CODES: &str = "\
Exit codes:
  0  everything ran and was as expected
  1  `check`: a scenario did not match its `expect:` block;
     `diagnose`: at least one cause was found;
     `verify`: a world broke an invariant
  2  flowcred could not do its job: bad input (a scenario that does not load,
     a missing file, an unknown rule) or an I/O error";

#[derive(Debug, Parser)]
#[command(
    name = "flowcred",
    version,
    about = "Simulate and diagnose Power Automate desktop-flow credential failures with Microsoft Entra accounts",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate scenarios: the outcome, where the sign-in stops, the exact
    /// payload, the findings and their remediation.
    Run(cmd::run::Args),
    /// Compare each scenario with its `expect:` block.
    Check(cmd::check::Args),
    /// List the rule catalog.
    Rules(cmd::rules::Args),
    /// Show one rule's documentation and remediation.
    Explain(cmd::explain::Args),
    /// Replay a scenario's remediation: each remedy's changes to the world and
    /// the run afterwards.
    Fix(cmd::fix::Args),
    /// Diagnose a real machine from its `dsregcmd /status` output, the error
    /// it showed and what you know; or triage a folder of outputs.
    Diagnose(cmd::diagnose::Args),
    /// Write the machine part of a scenario from a real artifact.
    Import(cmd::import::Args),
    /// Flip one fact at a time and tabulate which errors and rules change.
    Matrix(cmd::matrix::Args),
    /// Write a commented scenario template for a rule's fault or a healthy baseline.
    New(cmd::new::Args),
    /// Generate the Markdown troubleshooting guide from the rules and scenarios.
    Docs(cmd::docs::Args),
    /// Print the JSON Schema of scenario files.
    Schema(cmd::schema::Args),
    /// Check every world of the modelled space: each failure explained, each
    /// success clean, each fix replayed.
    Verify(cmd::verify::Args),
}

/// Runs flowcred with `args` (the first is the program name). Everything it
/// writes passes through [`SafeWriter`], so no value from a file or an
/// argument can drive the terminal.
pub fn main(args: impl IntoIterator<Item = OsString>, io: &mut Io) -> Exit {
    let mut out = SafeWriter::new(io.out, io.style.color, false);
    let mut err = SafeWriter::new(io.err, io.style.color, io.progress);
    let mut safe = Io { out: &mut out, err: &mut err, style: io.style, progress: io.progress };
    let exit = dispatch(args, &mut safe);
    let _ = safe.out.flush();
    let _ = safe.err.flush();
    exit
}

fn dispatch(args: impl IntoIterator<Item = OsString>, io: &mut Io) -> Exit {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let to_out = !e.use_stderr();
            let text =
                if io.style.color { e.render().ansi().to_string() } else { e.render().to_string() };
            let target: &mut dyn Write = if to_out { io.out } else { io.err };
            let _ = target.write_all(text.as_bytes());
            return if to_out { Exit::Ok } else { Exit::Failure };
        }
    };
    let result = match cli.command {
        Command::Run(args) => cmd::run::run(args, io),
        Command::Check(args) => cmd::check::run(args, io),
        Command::Rules(args) => cmd::rules::run(args, io),
        Command::Explain(args) => cmd::explain::run(args, io),
        Command::Verify(args) => cmd::verify::run(args, io),
        Command::Fix(args) => cmd::fix::run(args, io),
        Command::Matrix(args) => cmd::matrix::run(args, io),
        Command::Diagnose(args) => cmd::diagnose::run(args, io),
        Command::Import(args) => cmd::import::run(args, io),
        Command::Schema(args) => cmd::schema::run(args, io),
        Command::Docs(args) => cmd::docs::run(args, io),
        Command::New(args) => cmd::new::run(args, io),
    };
    match result {
        Ok(exit) => exit,
        // A closed pipe (`flowcred run … | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            let _ = writeln!(io.err, "error: cannot write the output: {e}");
            Exit::Failure
        }
    }
}
