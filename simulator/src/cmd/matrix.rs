//! `flowcred matrix`: flip one fact of a scenario at a time and tabulate how
//! the error and the findings change: which facts matter for which error.

use std::io;
use std::path::PathBuf;

use flowcred_core::model::{
    AccountState, Credential, DomainKind, HrdPolicy, HrdScope, Mfa, Os, RduMembership, RunMode,
    Session, UserType, World,
};
use flowcred_core::version::PadVersion;
use flowcred_core::{diagnose, observe, simulate, Secret};

use crate::app::{load_one, Exit, Io};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MatrixFormat {
    Text,
    Markdown,
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

fn yes(b: bool) -> String {
    if b { "YES" } else { "NO" }.to_owned()
}

/// Every single-fact change the model can express for `world`, each kept
/// possible (a domain-joined device gets a domain name, and so on).
pub fn flips(world: &World) -> Vec<Flip> {
    let mut out = Vec::new();
    let mut flip = |fact: &str, from: String, to: String, change: &dyn Fn(&mut World)| {
        let mut w = world.clone();
        change(&mut w);
        if w != *world && w.impossibilities().is_empty() {
            out.push(Flip { fact: fact.to_owned(), from, to, world: w });
        }
    };
    let ds = &world.machine.device_state;
    flip("AzureAdJoined", yes(ds.azure_ad_joined), yes(!ds.azure_ad_joined), &|w| {
        let ds = &mut w.machine.device_state;
        ds.azure_ad_joined = !ds.azure_ad_joined;
        ds.enterprise_joined = false;
    });
    let domain = world
        .tenant
        .users
        .iter()
        .find_map(|u| u.on_premises_name.as_deref()?.split_once('\\').map(|(d, _)| d.to_owned()))
        .unwrap_or_else(|| "CONTOSO".to_owned());
    flip("DomainJoined", yes(ds.domain_joined), yes(!ds.domain_joined), &|w| {
        let ds = &mut w.machine.device_state;
        ds.domain_joined = !ds.domain_joined;
        ds.domain_name = ds.domain_joined.then(|| domain.clone());
        ds.enterprise_joined = false;
    });
    let t = &world.tenant;
    for (i, d) in t.domains.iter().enumerate() {
        let other = match d.kind {
            DomainKind::Managed => DomainKind::Federated,
            DomainKind::Federated => DomainKind::Managed,
        };
        flip(
            &format!("domain {} type", d.name),
            d.kind.as_str().into(),
            other.as_str().into(),
            &|w| {
                w.tenant.domains[i].kind = other;
            },
        );
    }
    flip("password hash sync", yes(t.password_hash_sync), yes(!t.password_hash_sync), &|w| {
        w.tenant.password_hash_sync = !w.tenant.password_hash_sync;
    });
    let policy =
        HrdPolicy { allow_cloud_password_validation: true, scope: HrdScope::OrganizationDefault };
    let show_policy = |p: Option<HrdPolicy>| {
        p.map_or("(none)".to_owned(), |p| {
            format!(
                "AllowCloudPasswordValidation: {} ({})",
                p.allow_cloud_password_validation,
                p.scope.as_str()
            )
        })
    };
    let toggled = if t.hrd_policy.is_some() { None } else { Some(policy) };
    flip("HRD policy", show_policy(t.hrd_policy), show_policy(toggled), &|w| {
        w.tenant.hrd_policy = toggled
    });
    flip(
        "certificate-based authentication",
        yes(t.certificate_auth),
        yes(!t.certificate_auth),
        &|w| {
            w.tenant.certificate_auth = !w.tenant.certificate_auth;
        },
    );
    for (i, u) in t.users.iter().enumerate() {
        for state in [
            AccountState::Enabled,
            AccountState::Disabled,
            AccountState::Locked,
            AccountState::PasswordExpired,
        ] {
            flip(
                &format!("{} state", u.upn),
                u.state.as_str().into(),
                state.as_str().into(),
                &|w| {
                    w.tenant.users[i].state = state;
                },
            );
        }
    }
    let m = &world.machine;
    for os in [Os::Windows11, Os::WindowsServer2016, Os::WindowsServer2022] {
        flip("operating system", m.os.as_str().into(), os.as_str().into(), &|w| w.machine.os = os);
    }
    for v in [PadVersion::new(2, 20), PadVersion::new(2, 45), PadVersion::new(2, 49)] {
        flip("Power Automate for desktop", m.pad_version.to_string(), v.to_string(), &|w| {
            w.machine.pad_version = v;
        });
    }
    for (i, a) in m.work_accounts.iter().enumerate() {
        flip(&format!("{} synchronized", a.upn), yes(a.synced), yes(!a.synced), &|w| {
            w.machine.work_accounts[i].synced = !w.machine.work_accounts[i].synced;
        });
        flip(&format!("{} signed in", a.upn), yes(a.signed_in), yes(!a.signed_in), &|w| {
            w.machine.work_accounts[i].signed_in = !w.machine.work_accounts[i].signed_in;
        });
        let stale = a.cached_password.is_some();
        flip(&format!("{} holds an old password", a.upn), yes(stale), yes(!stale), &|w| {
            w.machine.work_accounts[i].cached_password =
                (!stale).then(|| Secret::new("\u{0}flowcred-matrix-old-password"));
        });
        flip(&format!("{} connected", a.upn), "YES".into(), "NO".into(), &|w| {
            w.machine.work_accounts.remove(i);
        });
    }
    let c = &world.connection;
    let typed = c.username.trim();
    let user = world.tenant.users.first();
    if let Some(user) = user {
        let mut forms = vec![user.upn.clone(), format!("AzureAD\\{}", user.upn)];
        forms.extend(user.on_premises_name.clone());
        for form in forms {
            flip("connection username", typed.to_owned(), form.clone(), &|w| {
                w.connection.username = form.clone();
            });
        }
    }
    if let Credential::Password(_) = c.credential {
        flip("connection password", "as written".into(), "a wrong one".into(), &|w| {
            w.connection.credential =
                Credential::Password(Secret::new("\u{0}flowcred-matrix-wrong"));
        });
        flip("connection credential", "password".into(), "certificate".into(), &|w| {
            w.connection.credential = Credential::Certificate { name: "matrix-cert".into() };
        });
    }
    // Remote Desktop, logon rights and the session: what unattended runs meet.
    let rdp = &world.machine.rdp;
    flip("NLA (UserAuthentication)", yes(rdp.nla), yes(!rdp.nla), &|w| {
        w.machine.rdp.nla = !w.machine.rdp.nla
    });
    flip("UseRdsAadAuthentication", yes(rdp.entra_rdp_auth), yes(!rdp.entra_rdp_auth), &|w| {
        w.machine.rdp.entra_rdp_auth = !w.machine.rdp.entra_rdp_auth;
    });
    flip("fPromptForPassword", yes(rdp.prompt_for_password), yes(!rdp.prompt_for_password), &|w| {
        w.machine.rdp.prompt_for_password = !w.machine.rdp.prompt_for_password;
    });
    let consent = world.tenant.rdp_sso_consent;
    flip("Remote Desktop consent", yes(consent), yes(!consent), &|w| {
        w.tenant.rdp_sso_consent = !consent
    });
    let rights = &world.machine.logon_rights;
    for rdu in [RduMembership::Member, RduMembership::ViaEntraGroup, RduMembership::NotMember] {
        flip(
            "Remote Desktop Users",
            rights.remote_desktop_users.as_str().into(),
            rdu.as_str().into(),
            &|w| {
                w.machine.logon_rights.remote_desktop_users = rdu;
            },
        );
    }
    flip("logon denied", yes(rights.denied), yes(!rights.denied), &|w| {
        w.machine.logon_rights.denied = !w.machine.logon_rights.denied;
    });
    let service = rights.uiflowservice_in_remote_desktop_users;
    flip("UIFlowService in Remote Desktop Users", yes(service), yes(!service), &|w| {
        w.machine.logon_rights.uiflowservice_in_remote_desktop_users = !service;
    });
    let dc = world.machine.domain_controller_reachable;
    flip("domain controller reachable", yes(dc), yes(!dc), &|w| {
        w.machine.domain_controller_reachable = !dc
    });
    let session = |s: Option<Session>| {
        s.map_or("as the run mode needs".to_owned(), |s| s.as_str().to_owned())
    };
    for to in [Session::None, Session::Active, Session::Locked, Session::Disconnected] {
        flip("user session", session(world.machine.session), to.as_str().into(), &|w| {
            w.machine.session = Some(to)
        });
    }
    for (i, u) in world.tenant.users.iter().enumerate() {
        if u.mfa == Mfa::None {
            flip(
                &format!("{} MFA", u.upn),
                Mfa::None.as_str().into(),
                Mfa::ConditionalAccess.as_str().into(),
                &|w| {
                    w.tenant.users[i].mfa = Mfa::ConditionalAccess;
                },
            );
        }
        let guest = u.user_type == UserType::Guest;
        let other = if guest { UserType::Member } else { UserType::Guest };
        flip(
            &format!("{} user type", u.upn),
            u.user_type.as_str().into(),
            other.as_str().into(),
            &|w| {
                w.tenant.users[i].user_type = other;
            },
        );
        flip(&format!("{} passwordless", u.upn), yes(u.passwordless), yes(!u.passwordless), &|w| {
            w.tenant.users[i].passwordless = !w.tenant.users[i].passwordless;
        });
    }
    let other_mode = match c.mode {
        RunMode::Attended => RunMode::Unattended,
        RunMode::Unattended => RunMode::Attended,
    };
    flip("run mode", c.mode.as_str().into(), other_mode.as_str().into(), &|w| {
        w.connection.mode = other_mode
    });
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
            writeln!(io.out, "## Sensitivity of `{}`\n", s.file)?;
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
