//! The command line: clap definitions and dispatch, nothing else. Each
//! subcommand lives in its own file under `cmd/`; what they share is `app`.

use std::ffi::OsString;
use std::io::{self, Write};

use clap::{Parser, Subcommand};

pub use crate::app::{Exit, Io};
use crate::cmd;
use crate::input::Links;
use crate::report::Style;
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
    /// When to colour the output: `auto` colours each stream that is a
    /// terminal (never with `NO_COLOR` set).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Print no notes and summaries on standard error (errors still are).
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Follow a file named on the command line that is a symbolic link
    /// wherever it points. Without it, such a link is read only when its
    /// target is inside the link's own folder; a folder walk follows no
    /// link either way.
    #[arg(long, global = true)]
    follow_symlinks: bool,
    #[command(subcommand)]
    command: Command,
}

/// The `--color` choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour a stream only when it is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
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
    /// Print the commands that collect what `diagnose --collected` reads,
    /// to paste into an elevated command prompt on the machine.
    Collect(cmd::collect::Args),
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
    /// Score `diagnose` on artifacts rendered from failing worlds, the world
    /// hidden: where the true cause ranks (top-1, top-3), and the facts asked.
    BenchDiagnosis(cmd::bench_diagnosis::Args),
    /// Print a completion script for a shell.
    Completions(CompletionsArgs),
    /// Print flowcred's man page (roff).
    Man,
}

#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// The man page of flowcred, as `flowcred man` prints it.
pub fn man_page() -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out)?;
    Ok(out)
}

/// Runs flowcred with `args` (the first is the program name). Everything it
/// writes passes through [`SafeWriter`], so no value from a file or an
/// argument can drive the terminal.
///
/// `io.style` and `io.err_style` say whether each stream may be coloured
/// (a terminal, no `NO_COLOR`); `--color` overrides both.
pub fn main(args: impl IntoIterator<Item = OsString>, io: &mut Io) -> Exit {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let to_out = !e.use_stderr();
            let color = if to_out { io.style.color } else { io.err_style.color };
            let text = if color { e.render().ansi().to_string() } else { e.render().to_string() };
            let target: &mut dyn Write = if to_out { io.out } else { io.err };
            let mut safe = SafeWriter::new(target, color, false);
            let _ = safe.write_all(text.as_bytes());
            let _ = safe.flush();
            return if to_out { Exit::Ok } else { Exit::Failure };
        }
    };
    let (style, err_style) = match cli.color {
        ColorChoice::Auto => (io.style, io.err_style),
        ColorChoice::Always => (Style { color: true }, Style { color: true }),
        ColorChoice::Never => (Style::default(), Style::default()),
    };
    let mut out = SafeWriter::new(io.out, style.color, false);
    let mut err = SafeWriter::new(io.err, err_style.color, io.progress);
    let mut safe = Io {
        input: io.input,
        out: &mut out,
        err: &mut err,
        style,
        err_style,
        progress: io.progress && !cli.quiet,
        quiet: cli.quiet,
        links: if cli.follow_symlinks { Links::Follow } else { Links::WithinFolder },
    };
    let exit = dispatch(cli, &mut safe);
    let _ = safe.out.flush();
    let _ = safe.err.flush();
    exit
}

fn dispatch(cli: Cli, io: &mut Io) -> Exit {
    let result = match cli.command {
        Command::Run(args) => cmd::run::run(args, io),
        Command::Check(args) => cmd::check::run(args, io),
        Command::Rules(args) => cmd::rules::run(args, io),
        Command::Explain(args) => cmd::explain::run(args, io),
        Command::Verify(args) => cmd::verify::run(args, io),
        Command::BenchDiagnosis(args) => cmd::bench_diagnosis::run(args, io),
        Command::Fix(args) => cmd::fix::run(args, io),
        Command::Matrix(args) => cmd::matrix::run(args, io),
        Command::Diagnose(args) => cmd::diagnose::run(args, io),
        Command::Collect(args) => cmd::collect::run(args, io),
        Command::Import(args) => cmd::import::run(args, io),
        Command::Schema(args) => cmd::schema::run(args, io),
        Command::Docs(args) => cmd::docs::run(args, io),
        Command::New(args) => cmd::new::run(args, io),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut command, "flowcred", io.out);
            Ok(Exit::Ok)
        }
        Command::Man => man_page().and_then(|page| io.out.write_all(&page)).map(|()| Exit::Ok),
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
