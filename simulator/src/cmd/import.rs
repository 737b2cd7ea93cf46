//! `flowcred import dsregcmd`: the machine part of a scenario, from a real
//! `dsregcmd /status` output, with identifiers replaced by stable
//! placeholders unless asked to keep them.

use std::io;
use std::path::PathBuf;

use flowcred_core::dsregcmd;

use crate::cli::{Exit, Io};
use crate::cmd::diagnose::read_text;
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

/// The `machine:` YAML for a parsed output.
pub fn machine_yaml(status: &dsregcmd::Status, source: &str, keep: bool) -> String {
    let mut names = Placeholders::default();
    let mut hide = |kind: &'static str, real: &str, make: &dyn Fn(usize) -> String| {
        if keep {
            real.to_owned()
        } else {
            names.get(kind, real, make)
        }
    };
    let flag = |key: &str| status.flag(key).is_some_and(|f| f.0);
    let mut y = String::new();
    y.push_str(&format!(
        "# Machine imported from `{source}` ({} layout).\n",
        status.layout.as_str()
    ));
    y.push_str("# dsregcmd does not show the OS release or the Power Automate for desktop\n");
    y.push_str("# version: set `os` and `pad_version`. Add `tenant`, `connection` and `expect`.\n");
    let device = status
        .value("Device Name")
        .map_or("MACHINE-1".to_owned(), |(n, _)| hide("device", n, &|i| format!("MACHINE-{i}")));
    y.push_str(&format!(
        "machine:\n  name: {}\n  os: windows_11\n  pad_version: \"2.45\"\n",
        quote(&device)
    ));
    y.push_str("  device_state:\n");
    y.push_str(&format!("    azure_ad_joined: {}\n", flag("AzureAdJoined")));
    y.push_str(&format!("    domain_joined: {}\n", flag("DomainJoined")));
    if let (true, Some((domain, _))) = (flag("DomainJoined"), status.value("DomainName")) {
        let domain = hide("domain", domain, &|i| format!("DOMAIN{i}"));
        y.push_str(&format!("    domain_name: {}\n", quote(&domain)));
    }
    if flag("EnterpriseJoined") {
        y.push_str("    enterprise_joined: true\n");
    }
    // The signed-in Entra user, where the output names one.
    let upn = status.prt_failure().and_then(|f| f.user_identity.map(|u| u.value)).or_else(|| {
        let (account, _) = status.executing_account()?;
        let upn = account.split(", ").nth(1)?;
        (!upn.contains('$')).then(|| upn.to_owned())
    });
    match upn {
        Some(upn) if flag("AzureAdJoined") => {
            let upn = hide("user", &upn, &|i| format!("user{i}@contoso.example"));
            let prt = status.flag("AzureAdPrt").is_some_and(|f| f.0);
            y.push_str(&format!("  work_accounts:\n    - upn: {upn}\n"));
            if !prt {
                y.push_str("      # AzureAdPrt : NO in the output: check that this account is synchronized\n");
            }
        }
        _ => y.push_str("  work_accounts: []\n"),
    }
    if let Some((tenant, line)) = status.value("TenantId") {
        let tenant = hide("tenant", tenant, &|i| format!("00000000-0000-4000-8000-{i:012}"));
        y.push_str(&format!("# TenantId (line {line}) for the tenant block: {tenant}\n"));
    }
    y
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let Source::Dsregcmd(args) = args.source;
    let shown = display_path(&args.file);
    let text = match read_text(&args.file) {
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
