//! `flowcred fix`: replay a scenario's remediation, showing what each remedy
//! changes in the world and how the run ends afterwards.

use std::io;
use std::path::PathBuf;

use flowcred_core::evidence::FactValue;
use flowcred_core::model::{Credential, World};
use flowcred_core::replay::{apply, diagnose_with, fix_loop};
use flowcred_core::{simulate, RULES};

use crate::cli::{load_one, Exit, Io};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One scenario file.
    path: PathBuf,
}

/// What changed between two worlds, one line per changed fact. Passwords are
/// compared, never shown.
pub fn world_diff(before: &World, after: &World) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{name}: {a} -> {b}"));
        }
    };
    let (bt, at) = (&before.tenant, &after.tenant);
    field(
        "tenant.password_hash_sync",
        bt.password_hash_sync.to_string(),
        at.password_hash_sync.to_string(),
    );
    field("tenant.hrd_policy", bt.hrd_policy.show(), at.hrd_policy.show());
    field(
        "tenant.certificate_auth",
        bt.certificate_auth.to_string(),
        at.certificate_auth.to_string(),
    );
    for (u, v) in bt.users.iter().zip(&at.users) {
        field(
            &format!("tenant.users[{}].state", u.upn),
            u.state.as_str().into(),
            v.state.as_str().into(),
        );
    }
    let (bm, am) = (&before.machine, &after.machine);
    field("machine.os", bm.os.as_str().into(), am.os.as_str().into());
    field("machine.pad_version", bm.pad_version.to_string(), am.pad_version.to_string());
    let (bd, ad) = (&bm.device_state, &am.device_state);
    field(
        "machine.device_state.azure_ad_joined",
        bd.azure_ad_joined.to_string(),
        ad.azure_ad_joined.to_string(),
    );
    field(
        "machine.device_state.domain_joined",
        bd.domain_joined.to_string(),
        ad.domain_joined.to_string(),
    );
    let accounts = |w: &World| {
        w.machine
            .work_accounts
            .iter()
            .map(|a| {
                let cached =
                    if a.cached_password.is_some() { ", holds an old password" } else { "" };
                format!("{} (synced {}, signed in {}{cached})", a.upn, a.synced, a.signed_in)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    field("machine.work_accounts", accounts(before), accounts(after));
    let (bc, ac) = (&before.connection, &after.connection);
    field("connection.username", bc.username.clone(), ac.username.clone());
    match (&bc.credential, &ac.credential) {
        (Credential::Password(a), Credential::Password(b)) if !a.matches(b) => {
            out.push("connection.credential.password: changed (not shown)".into());
        }
        (a, b) => {
            field("connection.credential", a.kind().as_str().into(), b.kind().as_str().into())
        }
    }
    out
}

fn outcome(world: &World) -> String {
    match simulate(world).error() {
        None => "succeeds".into(),
        Some(e) => format!("fails with {}", e.code),
    }
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let Some(s) = load_one(&args.path, io)? else { return Ok(Exit::Failure) };
    let world = &s.world;
    writeln!(io.out, "== {}\nBefore: the run {}\n", s.file, outcome(world))?;
    let diagnosis = diagnose_with(world, RULES);
    for finding in &diagnosis.findings {
        let rule = finding.rule;
        for (i, remedy) in rule.remedies.iter().enumerate() {
            writeln!(io.out, "{} {}, remedy {}: {}", rule.id, rule.name, i + 1, remedy.title)?;
            let actions: Vec<&str> = remedy.actions().map(|a| a.as_str()).collect();
            if actions.is_empty() {
                writeln!(io.out, "  cannot be simulated\n")?;
                continue;
            }
            writeln!(io.out, "  actions: {}", actions.join(", "))?;
            let fixed = apply(world, remedy);
            if fixed == *world {
                writeln!(
                    io.out,
                    "  changes nothing here: this remedy does not apply to this world\n"
                )?;
                continue;
            }
            for line in world_diff(world, &fixed) {
                writeln!(io.out, "  ~ {line}")?;
            }
            let gone = !diagnose_with(&fixed, RULES).rule_ids().contains(&rule.id);
            writeln!(
                io.out,
                "  after: the run {}; {} {}\n",
                outcome(&fixed),
                rule.id,
                if gone { "is gone" } else { "REMAINS" }
            )?;
        }
    }
    match fix_loop(world, RULES) {
        Some(0) => writeln!(io.out, "Nothing to fix.")?,
        Some(rounds) => writeln!(
            io.out,
            "Fixing every finding and running again: a clean success after {rounds} round(s)."
        )?,
        None => {
            writeln!(
                io.out,
                "Fixing every finding and running again does NOT reach a clean success."
            )?;
            return Ok(Exit::Mismatch);
        }
    }
    Ok(Exit::Ok)
}
