//! What every subcommand shares: the streams it writes to ([`Io`]), how it
//! ends ([`Exit`]), and loading the scenarios it is given. `cli` defines the
//! commands and dispatches; this module is what they stand on.

use std::io::{self, Write};
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
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: Style,
    /// Standard error is a terminal: progress may be shown there.
    pub progress: bool,
}

/// Loads every scenario `paths` names; the ones that fail become errors, and
/// the others still load.
pub fn load_all(paths: &[PathBuf]) -> (Vec<Scenario>, Vec<LoadError>) {
    let (files, mut errors) = scenario::collect(paths);
    let mut scenarios = Vec::new();
    for file in files {
        match scenario::load_file(&file) {
            Ok(s) => scenarios.push(s),
            Err(e) => errors.push(e),
        }
    }
    (scenarios, errors)
}

/// Loads one scenario; a load error is reported on `io.err` and gives `None`.
pub fn load_one(path: &std::path::Path, io: &mut Io) -> io::Result<Option<Scenario>> {
    match scenario::load_file(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            crate::report::text_load_error(io.err, &e, io.style)?;
            Ok(None)
        }
    }
}
