//! `flowcred collect`: the commands a support engineer pastes into an
//! elevated command prompt on the machine, each writing its output into its
//! own file of one folder, for `diagnose --collected`; or, with `--render`,
//! the files a scenario's machine would give, rendered from its world.

use std::io;
use std::path::{Path, PathBuf};

use flowcred_core::collected;
use flowcred_core::World;

use crate::app::{Exit, Io};
use crate::scenario::display_path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the files the machine of this scenario would give (its world
    /// rendered, with the Security event its failure writes) into `--out`,
    /// instead of printing the commands.
    #[arg(long, value_name = "SCENARIO", requires = "out")]
    render: Option<PathBuf>,
    /// The folder `--render` writes; it must not exist yet, or be empty.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let (Some(scenario), Some(out)) = (&args.render, &args.out) else {
        io.out.write_all(collected::block().as_bytes())?;
        return Ok(Exit::Ok);
    };
    let loaded = match crate::scenario::load_file(scenario, io.links) {
        Ok(s) => s,
        Err(e) => {
            writeln!(io.err, "{e}")?;
            return Ok(Exit::Failure);
        }
    };
    match write_folder(&loaded.world, out) {
        Ok(n) => {
            if !io.quiet {
                writeln!(io.err, "wrote {n} files to {}", display_path(out))?;
            }
            Ok(Exit::Ok)
        }
        Err(e) => {
            writeln!(io.err, "error: {}: {e}", display_path(out))?;
            Ok(Exit::Failure)
        }
    }
}

/// Every file the collection gives for `world`: the rendered outputs, and
/// the Security event its failed logon writes.
pub fn files(world: &World) -> Vec<(&'static str, String)> {
    let mut files = collected::render(world);
    let attempt = flowcred_core::sim::simulate_quietly(world);
    let event = attempt.error().and_then(|payload| {
        crate::cmd::bench_diagnosis::logon_event(
            world,
            attempt.failed_stage(),
            payload.code,
            payload.sub_code,
        )
    });
    files.push(("security-events.xml", crate::events::to_xml(event.as_slice())));
    files
}

/// Writes [`files`] into a new (or empty) folder; how many were written.
pub fn write_folder(world: &World, out: &Path) -> Result<usize, String> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out).map_err(|e| e.to_string())?;
        if entries.next().is_some() {
            return Err("the folder is not empty; give a new one".to_owned());
        }
    } else {
        std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    }
    let files = files(world);
    for (name, text) in &files {
        std::fs::write(out.join(name), text).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(files.len())
}
