//! `flowcred import dsregcmd`: the machine part of a scenario, from a real
//! `dsregcmd /status` output, with identifiers replaced by stable
//! placeholders unless asked to keep them.

use std::io;
use std::path::PathBuf;

use flowcred_core::dsregcmd;
use flowcred_core::model::{DeviceState, Machine, WorkAccount};
use flowcred_core::Text;

use crate::app::{Exit, Io};
use crate::cmd::diagnose::read_text;
use crate::emit;
use crate::scenario::display_path;

#[derive(Debug, clap::Subcommand)]
pub enum Source {
    /// A saved `dsregcmd /status` output.
    Dsregcmd(DsregcmdArgs),
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Args)]
pub struct DsregcmdArgs {
    file: PathBuf,
    /// Keep device, domain and user names and tenant ids as they are.
    #[arg(long)]
    keep_identifiers: bool,
}

/// Stable placeholders: the same real value always maps to the same one.
#[derive(Debug, Default)]
struct Placeholders {
    /// (kind, real, placeholder)
    seen: Vec<(&'static str, String, String)>,
}

impl Placeholders {
    /// The placeholder for `real`; `make` numbers each kind from 1.
    fn get(&mut self, kind: &'static str, real: &str, make: &dyn Fn(usize) -> String) -> String {
        let same = |(k, r, _): &&(&str, String, String)| *k == kind && r.eq_ignore_ascii_case(real);
        if let Some((_, _, p)) = self.seen.iter().find(same) {
            return p.clone();
        }
        let p = make(self.seen.iter().filter(|(k, _, _)| *k == kind).count() + 1);
        self.seen.push((kind, real.to_owned(), p.clone()));
        p
    }
}

/// The machine a parsed output shows, with its identifiers hidden unless
/// `keep`; what dsregcmd does not show (OS, version, Remote Desktop) stays
/// at the model's defaults. Also the comments for the reader.
pub fn machine(status: &dsregcmd::Status, keep: bool) -> (Machine, Vec<String>) {
    let mut names = Placeholders::default();
    let mut hide = |kind: &'static str, real: &str, make: &dyn Fn(usize) -> String| {
        if keep {
            real.to_owned()
        } else {
            names.get(kind, real, make)
        }
    };
    let flag = |key: &str| status.flag(key).is_some_and(|f| f.0);
    let mut notes = Vec::new();
    let name = status
        .value("Device Name")
        .map_or("MACHINE-1".to_owned(), |(n, _)| hide("device", n, &|i| format!("MACHINE-{i}")));
    let domain_name = match (flag("DomainJoined"), status.value("DomainName")) {
        (true, Some((domain, _))) => Some(hide("domain", domain, &|i| format!("DOMAIN{i}"))),
        _ => None,
    };
    let mut machine = Machine {
        name: name.into(),
        device_state: DeviceState {
            azure_ad_joined: flag("AzureAdJoined"),
            domain_joined: flag("DomainJoined"),
            domain_name: domain_name.map(Text::from),
            enterprise_joined: flag("EnterpriseJoined"),
            // Registered only counts where the device is joined to nothing.
            workplace_joined: flag("WorkplaceJoined")
                && !flag("AzureAdJoined")
                && !flag("DomainJoined"),
            tenant_id: None,
        },
        ..Machine::default()
    };
    // The signed-in Entra user, where the output names one.
    let upn = status.prt_failure().and_then(|f| f.user_identity.map(|u| u.value)).or_else(|| {
        let (account, _) = status.executing_account()?;
        let upn = account.split(", ").nth(1)?;
        (!upn.contains('$')).then(|| upn.to_owned())
    });
    if let (Some(upn), true) = (upn, flag("AzureAdJoined")) {
        let upn = hide("user", &upn, &|i| format!("user{i}@contoso.example"));
        if !flag("AzureAdPrt") {
            notes.push(format!(
                "AzureAdPrt : NO in the output: check that {upn} is synchronized (`synced`)"
            ));
        }
        machine.work_accounts.push(WorkAccount {
            upn: upn.into(),
            synced: true,
            signed_in: true,
            cached_password: None,
        });
    }
    if let Some((tenant, line)) = status.value("TenantId") {
        let tenant = hide("tenant", tenant, &|i| format!("00000000-0000-4000-8000-{i:012}"));
        notes.push(format!("TenantId (line {line}) for the tenant block: {tenant}"));
    }
    (machine, notes)
}

/// The `machine:` YAML for a parsed output, with its comments.
pub fn machine_yaml(status: &dsregcmd::Status, source: &str, keep: bool) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        machine: &'a Machine,
    }
    let (machine, notes) = machine(status, keep);
    let mut y =
        format!("# Machine imported from `{source}` ({} layout).\n", status.layout.as_str());
    y.push_str("# dsregcmd does not show the OS release or the Power Automate for desktop\n");
    y.push_str("# version: set `os` and `pad_version`. Add `tenant`, `connection` and `expect`.\n");
    for note in notes {
        y.push_str(&format!("# {note}\n"));
    }
    y.push_str(&emit::yaml(&Out { machine: &machine }, &[]));
    y
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let Source::Dsregcmd(args) = args.source;
    let shown = display_path(&args.file);
    let text = match read_text(&args.file, io.links) {
        Ok(text) => text,
        Err(e) => {
            writeln!(io.err, "error: {e}")?;
            return Ok(Exit::Failure);
        }
    };
    match dsregcmd::parse(&text) {
        Ok(status) => {
            write!(io.out, "{}", machine_yaml(&status, &shown, args.keep_identifiers))?;
            Ok(Exit::Ok)
        }
        Err(e) => {
            writeln!(io.err, "error: {shown}: {}", e.0)?;
            Ok(Exit::Failure)
        }
    }
}
