//! `flowcred matrix`: flip one fact of a scenario at a time and tabulate how
//! the error and the findings change: which facts matter for which error.

use std::io;
use std::path::PathBuf;

use flowcred_core::model::World;
use flowcred_core::space::{Dim, Passwords};
use flowcred_core::{diagnose, observe, simulate};

use crate::app::{load_one, Exit, Io};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MatrixFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, serde::Serialize)]
struct JsonMatrix<'a> {
    schema_version: u32,
    file: &'a str,
    outcome: &'a str,
    findings: Vec<&'a str>,
    flips: Vec<JsonFlip<'a>>,
}

#[derive(Debug, serde::Serialize)]
struct JsonFlip<'a> {
    fact: &'a str,
    from: &'a str,
    to: &'a str,
    outcome: &'a str,
    findings: Vec<&'a str>,
}

/// A findings cell as a list (`-` is none).
fn listed(cell: &str) -> Vec<&str> {
    cell.split(' ').filter(|r| *r != "-" && !r.is_empty()).collect()
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One scenario file.
    path: PathBuf,
    #[arg(long, value_enum, default_value_t = MatrixFormat::Text)]
    format: MatrixFormat,
}

/// One fact changed from the scenario's value.
#[derive(Debug)]
pub struct Flip {
    pub fact: String,
    pub from: String,
    pub to: String,
    pub world: World,
}

/// Every single-fact change the model's dimensions can make to `world`
/// (each value of each dimension of `core::space`, set alone), kept where
/// the world stays possible. A new dimension is a new row with no edit here.
pub fn flips(world: &World) -> Vec<Flip> {
    let passwords = Passwords::of(world);
    let mut out = Vec::new();
    for dim in Dim::all() {
        let current = dim.value_of(world, &passwords);
        let from = current.map_or("as written", |i| dim.label(i));
        for index in (0..dim.count()).filter(|i| Some(*i) != current) {
            let mut changed = world.clone();
            dim.set(&mut changed, index, &passwords);
            if changed != *world && changed.impossibilities().is_empty() {
                out.push(Flip {
                    fact: dim.name().to_owned(),
                    from: from.to_owned(),
                    to: dim.label(index).to_owned(),
                    world: changed,
                });
            }
        }
    }
    out
}

/// The outcome and findings of a world, as table cells.
fn cells(world: &World) -> (String, String) {
    let outcome =
        simulate(world).error().map_or_else(|| "success".to_owned(), |e| e.code.to_string());
    let rules = diagnose(&observe(world)).rule_ids().join(" ");
    (outcome, if rules.is_empty() { "-".to_owned() } else { rules })
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let Some(s) = load_one(&args.path, io)? else { return Ok(Exit::Failure) };
    let (base_outcome, base_rules) = cells(&s.world);
    let rows: Vec<(Flip, String, String)> = flips(&s.world)
        .into_iter()
        .map(|f| {
            let (o, r) = cells(&f.world);
            (f, o, r)
        })
        .collect();
    let mark = |changed: bool| if changed { "*" } else { " " };
    match args.format {
        MatrixFormat::Json => {
            let flips = rows
                .iter()
                .map(|(f, o, r)| JsonFlip {
                    fact: &f.fact,
                    from: &f.from,
                    to: &f.to,
                    outcome: o,
                    findings: listed(r),
                })
                .collect();
            crate::report::write_json(
                io.out,
                &JsonMatrix {
                    schema_version: crate::report::SCHEMA_VERSION,
                    file: &s.file,
                    outcome: &base_outcome,
                    findings: listed(&base_rules),
                    flips,
                },
            )?;
        }
        MatrixFormat::Text => {
            writeln!(io.out, "== {}\nas written: {base_outcome}; findings {base_rules}\n", s.file)?;
            let change = |f: &Flip| format!("{} -> {}", f.from, f.to);
            let fact_w = rows.iter().map(|(f, _, _)| f.fact.len()).max().unwrap_or(4).max(4);
            let change_w = rows.iter().map(|(f, _, _)| change(f).len()).max().unwrap_or(6).max(6);
            let error_w = rows.iter().map(|(_, o, _)| o.len()).max().unwrap_or(5).max(5);
            writeln!(
                io.out,
                "{:<fact_w$}  {:<change_w$}  {:<error_w$}   findings",
                "fact", "change", " error"
            )?;
            for (f, o, r) in &rows {
                writeln!(
                    io.out,
                    "{:<fact_w$}  {:<change_w$}  {}{:<error_w$}  {}{}",
                    f.fact,
                    change(f),
                    mark(*o != base_outcome),
                    o,
                    mark(*r != base_rules),
                    r
                )?;
            }
            writeln!(io.out, "\n* differs from the scenario as written")?;
        }
        MatrixFormat::Markdown => {
            writeln!(io.out, "## Sensitivity of {}\n", crate::escape::md_code(&s.file))?;
            writeln!(io.out, "As written: **{base_outcome}**, findings {base_rules}.\n")?;
            writeln!(io.out, "| fact | change | error | findings |\n|---|---|---|---|")?;
            for (f, o, r) in &rows {
                let bold = |text: &str, changed: bool| {
                    if changed {
                        format!("**{text}**")
                    } else {
                        text.to_owned()
                    }
                };
                writeln!(
                    io.out,
                    "| {} | `{}` → `{}` | {} | {} |",
                    f.fact.replace('|', "\\|"),
                    f.from.replace('|', "\\|"),
                    f.to.replace('|', "\\|"),
                    bold(o, *o != base_outcome),
                    bold(r, *r != base_rules)
                )?;
            }
            writeln!(io.out, "\nBold: differs from the scenario as written.")?;
        }
    }
    Ok(Exit::Ok)
}
