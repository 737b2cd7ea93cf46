//! What every subcommand shares: the streams it writes to ([`Io`]), how it
//! ends ([`Exit`]), and loading the scenarios it is given. `cli` defines the
//! commands and dispatches; this module is what they stand on.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use crate::report::Style;
use crate::scenario::{self, LoadError, Scenario};

/// How a command ended; the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: ran, all as expected.
    Ok = 0,
    /// 1: findings or mismatches.
    Mismatch = 1,
    /// 2: the tool could not do its job.
    Failure = 2,
}

/// Where a command writes, and how.
#[allow(missing_debug_implementations)]
pub struct Io<'a> {
    /// Standard input, read where a path is `-`.
    pub input: &'a mut dyn Read,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// How standard output is coloured.
    pub style: Style,
    /// How standard error is coloured (decided for its own stream).
    pub err_style: Style,
    /// Standard error is a terminal: progress may be shown there.
    pub progress: bool,
    /// `--quiet`: no notes or summaries on standard error.
    pub quiet: bool,
    /// How a file named on the command line that is a symbolic link is
    /// read (`--follow-symlinks`).
    pub links: crate::input::Links,
}

/// The name standard input goes by in output.
pub const STDIN: &str = "<stdin>";

/// Whether a path argument means standard input.
pub fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads standard input as text, under the same bound and decoder as files.
pub fn read_stdin(io: &mut Io, limit: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    io.input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{STDIN}: cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("{STDIN}: the input is larger than {limit} bytes"));
    }
    crate::input::decode(&bytes)
        .map_err(|e| format!("{STDIN}:{}:{}: {}", e.line, e.column, e.message))
}

/// Loads every scenario `paths` names (`-` is standard input); the ones that
/// fail become errors, and the others still load.
pub fn load_all(paths: &[PathBuf], io: &mut Io) -> (Vec<Scenario>, Vec<LoadError>) {
    let mut scenarios = Vec::new();
    let errors = load_in_batches(paths, io, |_, batch| {
        scenarios.extend(batch);
        Ok(())
    })
    .unwrap_or_default();
    (scenarios, errors)
}

/// How many files are read, on all cores, before their scenarios are
/// handed on: enough to keep the cores busy, few enough that a corpus of
/// any size runs in little memory.
const BATCH: usize = 1024;

/// Loads the scenarios `paths` names as [`load_all`] does, handing them to
/// `each` a batch at a time, in order, so a command that needs a scenario
/// only until it has written it holds a batch at once; gives the load
/// errors, in the order `load_all` gives them.
pub fn load_in_batches(
    paths: &[PathBuf],
    io: &mut Io,
    mut each: impl FnMut(&mut Io, Vec<Scenario>) -> io::Result<()>,
) -> io::Result<Vec<LoadError>> {
    let mut errors = Vec::new();
    if paths.iter().any(|p| is_stdin(p)) {
        let mut bytes = Vec::new();
        let read = io.input.take(scenario::MAX_BYTES + 1).read_to_end(&mut bytes);
        match read {
            Err(e) => errors.push(scenario::whole(STDIN, format!("cannot read: {e}"))),
            Ok(_) if bytes.len() as u64 > scenario::MAX_BYTES => errors.push(scenario::whole(
                STDIN,
                format!("scenarios are limited to {} bytes", scenario::MAX_BYTES),
            )),
            Ok(_) => match scenario::load_bytes(STDIN, &bytes) {
                Ok(s) => each(io, vec![s])?,
                Err(e) => errors.push(e),
            },
        }
    }
    let files: Vec<PathBuf> = paths.iter().filter(|p| !is_stdin(p)).cloned().collect();
    let collected = scenario::collect(&files, io.links);
    errors.extend(collected.errors);
    if !io.quiet {
        for note in &collected.notes {
            writeln!(io.err, "note: {note}")?;
        }
    }
    let links = io.links;
    for batch in collected.files.chunks(BATCH) {
        let mut scenarios = Vec::with_capacity(batch.len());
        for loaded in crate::par::map(batch, |file| scenario::load_file(file, links)) {
            match loaded {
                Ok(s) => scenarios.push(s),
                Err(e) => errors.push(e),
            }
        }
        each(io, scenarios)?;
    }
    Ok(errors)
}

/// Loads one scenario; a load error is reported on `io.err` and gives `None`.
pub fn load_one(path: &std::path::Path, io: &mut Io) -> io::Result<Option<Scenario>> {
    let loaded = if is_stdin(path) {
        let (mut scenarios, mut errors) = load_all(&[path.to_path_buf()], io);
        match (scenarios.pop(), errors.pop()) {
            (Some(s), _) => Ok(s),
            (None, Some(e)) => Err(e),
            (None, None) => Err(scenario::whole(STDIN, "nothing was read".into())),
        }
    } else {
        scenario::load_file(path, io.links)
    };
    match loaded {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            crate::report::text_load_error(io.err, &e, io.err_style)?;
            Ok(None)
        }
    }
}
