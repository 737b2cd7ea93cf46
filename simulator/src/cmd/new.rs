//! `flowcred new`: a commented scenario template for a named fault (a rule id
//! or name) or for a healthy baseline, found in the world space and checked
//! before it is written.

use std::io;
use std::path::{Path, PathBuf};

use std::collections::BTreeMap;
use std::sync::OnceLock;

use flowcred_core::replay::{diagnose_with, fired};
use flowcred_core::sim::simulate_quietly;
use flowcred_core::space::{points, Dims, Passwords};
use flowcred_core::{rules, simulate, RULES};

use crate::app::{Exit, Io};
use crate::cmd::verify::PASSWORDS;
use crate::emit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// `healthy`, or a rule id (`FC019`) or name (`work-account-not-synced`).
    kind: String,
    /// Write the template to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the `--out` file when it exists.
    #[arg(long, requires = "out")]
    force: bool,
}

/// Points further than this from the healthy world are not templates.
const MAX_DISTANCE: usize = 6;

/// For every rule, the simplest point of the space that shows it: one where
/// it is the only cause if there is one, then the fewest changes from the
/// healthy world. Found in one pass over the space, once per process.
fn templates() -> &'static BTreeMap<&'static str, Dims> {
    static TEMPLATES: OnceLock<BTreeMap<&'static str, Dims>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let passwords = Passwords::default();
        // rule id -> (is the only cause, distance, point)
        let mut best: BTreeMap<&'static str, (bool, usize, Dims)> = BTreeMap::new();
        for point in points() {
            let distance = point.distance(&Dims::HEALTHY);
            if distance > MAX_DISTANCE || distance == 0 {
                continue;
            }
            let world = point.world(&passwords);
            let found = fired(&world, RULES);
            let code = simulate_quietly(&world).error().map(|e| e.code);
            for &(rule, _) in &found {
                let alone = found.len() == 1 && code == Some(rule.code);
                let better = best.get(rule.id).is_none_or(|&(was_alone, d, _)| {
                    (alone && !was_alone) || (alone == was_alone && distance < d)
                });
                if better {
                    best.insert(rule.id, (alone, distance, point));
                }
            }
        }
        best.into_iter().map(|(id, (_, _, point))| (id, point)).collect()
    })
}

/// The annotated scenario text for `kind`.
pub fn template(kind: &str) -> Result<String, String> {
    let rule = match kind {
        "healthy" => None,
        key => Some(rules::find(key).ok_or_else(|| {
            format!("unknown kind `{key}`: give `healthy` or a rule id or name (`flowcred rules`)")
        })?),
    };
    let point = match rule {
        None => Dims::HEALTHY,
        Some(rule) => *templates()
            .get(rule.id)
            .ok_or_else(|| format!("no world near the healthy one shows `{}`", rule.id))?,
    };
    let world = point.world(&Passwords::default());
    let attempt = simulate(&world);
    let found = diagnose_with(&world, RULES).rule_ids();
    let comment = match rule {
        Some(rule) => format!(
            "{}: {}.\nA template from `flowcred new {}`: change the world to match your case,\nthen run `flowcred check` on it and adjust `expect:`.",
            rule.id, rule.summary, rule.id
        ),
        None => "A healthy baseline: an Entra joined machine and an attended connection that\nsucceeds. A template from `flowcred new healthy`: change it to show a fault.".to_owned(),
    };
    let yaml = emit::scenario_yaml(
        &world,
        &comment,
        &PASSWORDS,
        attempt.error().map(|e| e.code),
        attempt.failed_stage(),
        &found,
    );
    Ok(annotate(&yaml))
}

/// The template with its schema modeline pointing at this project's
/// `docs/scenario.schema.json` from where it is written, so an editor finds
/// the schema wherever `--out` puts the file.
fn with_schema_from(text: &str, out: &Path) -> String {
    let schema = std::env::current_dir().map(|d| d.join("docs/scenario.schema.json"));
    let (Ok(schema), Some(dir)) = (schema, out.parent()) else { return text.to_owned() };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let (Ok(schema), Ok(dir)) = (std::fs::canonicalize(schema), std::fs::canonicalize(dir)) else {
        return text.to_owned();
    };
    let common = schema.components().zip(dir.components()).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in dir.components().skip(common) {
        relative.push("..");
    }
    relative.extend(schema.components().skip(common));
    let line =
        format!("# yaml-language-server: $schema={}", crate::scenario::display_path(&relative));
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("# yaml-language-server:") => {
            format!("{line}\n{rest}")
        }
        _ => text.to_owned(),
    }
}

/// The modeline and a comment before each top-level section.
fn annotate(yaml: &str) -> String {
    let mut out = String::from("# yaml-language-server: $schema=../docs/scenario.schema.json\n");
    for line in yaml.lines() {
        let note = match line {
            "tenant:" => Some("# The Entra tenant: its domains, sync and policies, and its users."),
            "machine:" => Some(
                "# The machine: dsregcmd's Device State, Access work or school, Remote Desktop.",
            ),
            "connection:" => Some("# The desktop-flow connection, exactly as it is set up."),
            "expect:" => {
                Some("# What must happen: the error (or none), where, and every rule that fires.")
            }
            _ => None,
        };
        if line == "tenant:" {
            // A blank line ends the scenario's own opening comment.
            out.push('\n');
        }
        if let Some(note) = note {
            out.push_str(note);
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let text = match template(&args.kind) {
        Ok(text) => text,
        Err(e) => {
            writeln!(io.err, "error: {e}")?;
            return Ok(Exit::Failure);
        }
    };
    match &args.out {
        None => write!(io.out, "{text}")?,
        Some(path) => {
            let text = with_schema_from(&text, path);
            let written = if args.force {
                std::fs::write(path, &text)
            } else {
                // Never replace a file unasked, even one created meanwhile.
                std::fs::File::create_new(path)
                    .and_then(|mut f| io::Write::write_all(&mut f, text.as_bytes()))
            };
            if let Err(e) = written {
                let why = if e.kind() == io::ErrorKind::AlreadyExists {
                    "it exists; add --force to replace it".to_owned()
                } else {
                    e.to_string()
                };
                writeln!(io.err, "error: cannot write `{}`: {why}", path.display())?;
                return Ok(Exit::Failure);
            }
        }
    }
    Ok(Exit::Ok)
}
