//! `flowcred schema`: the JSON Schema of scenario files, for editors and
//! validators.

use std::io;

use crate::app::{Exit, Io};
use crate::{report, scenario};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, io: &mut Io) -> io::Result<Exit> {
    report::write_json(io.out, &scenario::json_schema())?;
    Ok(Exit::Ok)
}
