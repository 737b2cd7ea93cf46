//! The `flowcred` binary: wires the process's arguments, streams and terminal
//! to `flowcred::cli`.

use std::io::IsTerminal;
use std::process::ExitCode;

use flowcred::cli::{self, Io};
use flowcred::report::Style;

// The simulation allocates many small strings; mimalloc roughly halves the
// time `verify` spends in the allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    // Each stream is coloured for itself: `2>log` gets no escape codes.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let style = Style { color: stdout.is_terminal() && !no_color };
    let err_style = Style { color: stderr.is_terminal() && !no_color };
    let progress = stderr.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let mut input = std::io::stdin().lock();
    let mut io = Io {
        input: &mut input,
        out: &mut out,
        err: &mut err,
        style,
        err_style,
        progress,
        quiet: false,
        links: Default::default(),
    };
    let exit = cli::main(std::env::args_os(), &mut io);
    // A flush into a closed pipe is not worth reporting.
    let _ = std::io::Write::flush(&mut out);
    ExitCode::from(exit as u8)
}
