//! What a support engineer collects from the machine with standard Windows
//! commands: the commands (one block to paste, [`block`]), the readers of
//! their outputs ([`read`]), what those outputs say of the connection's
//! account and the machine ([`apply`]), and the same outputs rendered from a
//! modelled world ([`render`]), so that collecting is measured on the model
//! as diagnosing is.
//!
//! Each file is told apart by its content, never its name: the block writes
//! the command as the first line (`flowcred-collect: reg query "…"`), and
//! without that line each output still has its own shape (a registry key
//! path, `Alias name`, `SERVICE_NAME:`, `[Privilege Rights]`, …). Every value
//! read keeps its file and line. No command reads a password or any secret.

use std::fmt::Write as _;

use crate::evidence::{Evidence, Fact, FactId};
use crate::model::{Os, RduMembership, RunMode, SecurityLayer, Session, World};
use crate::source::{links, Source};
use crate::text::Text;
use crate::username::{Username, UsernameKind};
use crate::version::PadVersion;

/// The first line the block writes into each file, before the command.
pub const HEADER: &str = "flowcred-collect:";

/// The folder the block writes into.
pub const FOLDER: &str = r"%SystemDrive%\flowcred-collect";

/// One command of the block: the file it writes and what it gives.
#[derive(Clone, Copy, Debug)]
pub struct Command {
    /// The file, in the folder.
    pub file: &'static str,
    /// The command line, as typed at a command prompt.
    pub run: &'static str,
    /// Whether the block writes the command as the file's first line (not
    /// where the command writes the file itself, or its output must stay
    /// as it is).
    pub header: bool,
    /// What it gives, in words.
    pub gives: &'static str,
    /// The page that documents the command and its output.
    pub source: Source,
}

const TS: &str = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server";
const RDP_TCP: &str =
    r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp";
const TS_POLICY: &str =
    r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services";
const SYSTEM_POLICY: &str =
    r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System";
const PKU2U: &str = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\pku2u";
const PROVIDERS: &str = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\Credential Providers";
const PAD: &str = r"HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Power Automate Desktop";
const PAD_SERVICE: &str =
    r"HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Power Automate Desktop\Service";
const PAD_REGISTRATION: &str =
    r"HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Power Automate Desktop\Registration";
const WINDOWS: &str = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion";

const REG_QUERY: Source = Source::documented(
    links::REG_QUERY,
    "the page gives the command and its output: the key's path, then each value's name, type and data",
);

/// The commands of the block, in the order it runs them.
pub static COMMANDS: &[Command] = &[
    Command {
        file: "dsregcmd.txt",
        run: "dsregcmd /status",
        header: true,
        gives: "the device's join state, tenant and the machine's own sign-in",
        source: Source::documented(links::DSREGCMD, "the page documents each field of the output"),
    },
    Command {
        file: "rdp-enabled.txt",
        run: r#"reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" /v fDenyTSConnections"#,
        header: true,
        gives: "whether Remote Desktop is on (fDenyTSConnections)",
        source: REG_QUERY,
    },
    Command {
        file: "rdp-tcp.txt",
        run: r#"reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp""#,
        header: true,
        gives: "NLA (UserAuthentication), SecurityLayer and fPromptForPassword of the listener",
        source: REG_QUERY,
    },
    Command {
        file: "rdp-policy.txt",
        run: r#"reg query "HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services""#,
        header: true,
        gives: "the same settings where a group policy sets them (the policy wins)",
        source: REG_QUERY,
    },
    Command {
        file: "logon-policy.txt",
        run: r#"reg query "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System""#,
        header: true,
        gives: "the logon legal notice and smart card enforcement (scforceoption)",
        source: REG_QUERY,
    },
    Command {
        file: "pku2u.txt",
        run: r#"reg query "HKLM\SYSTEM\CurrentControlSet\Control\Lsa\pku2u""#,
        header: true,
        gives: "whether PKU2U takes online identities (AllowOnlineID)",
        source: REG_QUERY,
    },
    Command {
        file: "credential-providers.txt",
        run: r#"reg query "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\Credential Providers""#,
        header: true,
        gives: "the credential providers installed, a third-party one among them",
        source: REG_QUERY,
    },
    Command {
        file: "power-automate.txt",
        run: r#"reg query "HKLM\SOFTWARE\WOW6432Node\Microsoft\Power Automate Desktop" /s"#,
        header: true,
        gives: "UseRdsAadAuthentication and AllowedRegistrationTenants",
        source: REG_QUERY,
    },
    Command {
        file: "windows-version.txt",
        run: r#"reg query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion""#,
        header: true,
        gives: "the Windows release (product, installation type, build), in any language",
        source: REG_QUERY,
    },
    Command {
        file: "pad-version.txt",
        run: r#"powershell -NoProfile -Command "Get-ItemProperty HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*, HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\* | Where-Object DisplayName -like 'Power Automate*' | Format-List DisplayName, DisplayVersion""#,
        header: false,
        gives: "Power Automate for desktop's installed version",
        source: Source::documented(
            links::GET_ITEM_PROPERTY,
            "the page documents reading registry values with Get-ItemProperty; the uninstall entries carry DisplayName and DisplayVersion",
        ),
    },
    Command {
        file: "remote-desktop-users.txt",
        run: r#"net localgroup "Remote Desktop Users""#,
        header: true,
        gives: "who may sign in over Remote Desktop, NT SERVICE\\UIFlowService among them",
        source: Source::documented(
            links::NET_LOCALGROUP,
            "the page documents the command: a group's name, comment and members",
        ),
    },
    Command {
        file: "administrators.txt",
        run: "net localgroup Administrators",
        header: true,
        gives: "the administrators, who may sign in over Remote Desktop too",
        source: Source::documented(
            links::NET_LOCALGROUP,
            "the page documents the command: a group's name, comment and members",
        ),
    },
    Command {
        file: "whoami-upn.txt",
        run: "whoami /upn",
        header: true,
        gives: "the account the commands ran as (the connection's, where it ran them)",
        source: Source::documented(links::WHOAMI, "the page documents /upn"),
    },
    Command {
        file: "whoami-groups.txt",
        run: "whoami /groups",
        header: true,
        gives: "the groups in that account's token",
        source: Source::documented(links::WHOAMI, "the page documents /groups"),
    },
    Command {
        file: "sessions.txt",
        run: "query user",
        header: true,
        gives: "the sessions open on the machine and their state",
        source: Source::documented(
            links::QUERY_USER,
            "the page gives the columns: user, session, ID, state, idle and logon time",
        ),
    },
    Command {
        file: "uiflowservice.txt",
        run: "sc qc UIFlowService",
        header: true,
        gives: "the account the Power Automate service runs as",
        source: Source::documented(
            links::SC_QC,
            "the page lists what qc shows, SERVICE_START_NAME among it",
        ),
    },
    Command {
        file: "uiflowservice-sid.txt",
        run: "sc showsid UIFlowService",
        header: true,
        gives: "the SID of the service's account, as user rights list it",
        source: Source::documented(
            links::SC,
            "the page lists showsid among sc's commands: the SID of a service's virtual account",
        ),
    },
    Command {
        file: "domain-controller.txt",
        run: "nltest /dsgetdc:",
        header: true,
        gives: "whether a domain controller of the machine's domain answers",
        source: Source::documented(
            links::NLTEST,
            "the page documents /dsgetdc: the domain controller found, or the status of the failure",
        ),
    },
    Command {
        file: "rds-config-endpoint.txt",
        run: r#"powershell -NoProfile -Command "Test-NetConnection config.edge.skype.com -Port 443 | Format-List ComputerName, TcpTestSucceeded""#,
        header: false,
        gives: "whether the machine reaches config.edge.skype.com, which a password under NLA needs from 2.50",
        source: Source::documented(
            links::TEST_NET_CONNECTION,
            "the page documents a TCP test to a port and its TcpTestSucceeded result",
        ),
    },
    Command {
        file: "entra-endpoint.txt",
        run: r#"powershell -NoProfile -Command "Test-NetConnection login.microsoftonline.com -Port 443 | Format-List ComputerName, TcpTestSucceeded""#,
        header: false,
        gives: "whether the machine reaches login.microsoftonline.com, where every token Power Automate asks Entra for comes from",
        source: Source::documented(
            links::TEST_NET_CONNECTION,
            "the page documents a TCP test to a port and its TcpTestSucceeded result",
        ),
    },
    Command {
        file: "user-rights.inf",
        run: r#"secedit /export /areas USER_RIGHTS /cfg "%FC%\user-rights.inf""#,
        header: false,
        gives: "the allow and deny logon rights, by name or SID",
        source: Source::documented(
            links::PRIVILEGE_RIGHTS,
            "the specification gives the [Privilege Rights] section: each right and its list of accounts, a SID written *S-…",
        ),
    },
    Command {
        file: "security-events.xml",
        run: r#"wevtutil qe Security /q:"*[System[(EventID=4625 or EventID=4776 or EventID=4771 or EventID=4740)]]" /c:50 /rd:true /f:xml"#,
        header: false,
        gives: "the newest failed logons, validations and lockouts",
        source: Source::documented(links::WEVTUTIL, "the page documents qe with a query and /f:xml"),
    },
];

/// The block a person pastes into an elevated command prompt: each
/// command writes its output into its own file of one folder, and nothing
/// else runs.
pub fn block() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "set FC={FOLDER}");
    let _ = writeln!(out, r#"mkdir "%FC%""#);
    for c in COMMANDS {
        let path = format!(r#""%FC%\{}""#, c.file);
        let line = if c.file.ends_with(".inf") {
            format!("{} > nul", c.run)
        } else if c.header {
            format!("(echo {HEADER} {}& {}) > {path} 2>&1", c.run, c.run)
        } else {
            format!("{} > {path} 2>&1", c.run)
        };
        let _ = writeln!(out, "{line}");
    }
    out
}

/// What kind of output a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `dsregcmd /status`.
    Dsregcmd,
    /// `wevtutil qe … /f:xml` (or an exported log).
    Events,
    /// `reg query` output or a `.reg` export.
    Registry,
    /// `net localgroup GROUP`.
    LocalGroup,
    /// `whoami /upn`.
    WhoamiUpn,
    /// `whoami /groups`.
    WhoamiGroups,
    /// `query user` (`quser`).
    Sessions,
    /// `sc qc` (and `sc showsid`).
    Service,
    /// `secedit /export /areas USER_RIGHTS`.
    UserRights,
    /// `systeminfo`.
    SystemInfo,
    /// An uninstall entry's DisplayName and DisplayVersion.
    ProgramVersion,
    /// `nltest /dsgetdc:`.
    DomainController,
    /// `Test-NetConnection … -Port 443`.
    Reachability,
}

impl Kind {
    /// The kind in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Dsregcmd => "dsregcmd /status",
            Kind::Events => "Security events",
            Kind::Registry => "registry",
            Kind::LocalGroup => "local group",
            Kind::WhoamiUpn => "whoami /upn",
            Kind::WhoamiGroups => "whoami /groups",
            Kind::Sessions => "query user",
            Kind::Service => "service (sc qc, sc showsid)",
            Kind::UserRights => "user rights",
            Kind::SystemInfo => "systeminfo",
            Kind::ProgramVersion => "installed version",
            Kind::DomainController => "nltest /dsgetdc",
            Kind::Reachability => "Test-NetConnection",
        }
    }
}

/// The command a file's first line names, where the block wrote one.
fn header(text: &str) -> Option<&str> {
    text.lines().next()?.trim().strip_prefix(HEADER).map(str::trim)
}

/// What kind of output `text` is, by its content.
pub fn detect(text: &str) -> Option<Kind> {
    if let Some(command) = header(text) {
        let c = command.to_ascii_lowercase();
        return Some(if c.starts_with("dsregcmd") {
            Kind::Dsregcmd
        } else if c.starts_with("reg ") {
            Kind::Registry
        } else if c.starts_with("net localgroup") {
            Kind::LocalGroup
        } else if c.starts_with("whoami /upn") {
            Kind::WhoamiUpn
        } else if c.starts_with("whoami") {
            Kind::WhoamiGroups
        } else if c.starts_with("query user") || c.starts_with("quser") {
            Kind::Sessions
        } else if c.starts_with("sc ") {
            Kind::Service
        } else if c.starts_with("systeminfo") {
            Kind::SystemInfo
        } else if c.starts_with("nltest") {
            Kind::DomainController
        } else {
            return None;
        });
    }
    let has = |needle: &str| text.contains(needle);
    let lines = || text.lines().map(str::trim);
    if has("<Event") && has("EventID") {
        Some(Kind::Events)
    } else if has("AzureAdJoined") || has("Device State") {
        Some(Kind::Dsregcmd)
    } else if has("[Privilege Rights]") {
        Some(Kind::UserRights)
    } else if lines().any(|l| l.starts_with("HKEY_") || l.starts_with("[HKEY_"))
        || has("Windows Registry Editor Version")
    {
        Some(Kind::Registry)
    } else if has("SERVICE_NAME:") || has("SERVICE_START_NAME") {
        Some(Kind::Service)
    } else if lines().any(|l| l.starts_with("Alias name")) {
        Some(Kind::LocalGroup)
    } else if lines()
        .any(|l| l.trim_start_matches('>').starts_with("USERNAME") && l.contains("SESSIONNAME"))
    {
        Some(Kind::Sessions)
    } else if has("GROUP INFORMATION") {
        Some(Kind::WhoamiGroups)
    } else if has("OS Name:") && has("OS Version:") {
        Some(Kind::SystemInfo)
    } else if has("DisplayVersion") && has("DisplayName") {
        Some(Kind::ProgramVersion)
    } else if has("TcpTestSucceeded") {
        Some(Kind::Reachability)
    } else if has("Getting DC name failed") || lines().any(|l| l.starts_with("DC: \\\\")) {
        Some(Kind::DomainController)
    } else {
        None
    }
}

/// A value read, with the file (its index in [`Collected::files`]) and the
/// 1-based line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// The file's index.
    pub file: usize,
    /// The line.
    pub line: u32,
}

/// One file read: its name, what it was, and what to know of it.
#[derive(Clone, Debug, Default)]
pub struct FileRead {
    /// The file's name, as shown.
    pub name: String,
    /// What it held, where that was told.
    pub kind: Option<Kind>,
    /// What was not read, and why.
    pub notes: Vec<String>,
}

/// A registry value's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegData {
    /// `REG_DWORD`.
    Dword(u32),
    /// `REG_SZ`, `REG_EXPAND_SZ` and the like.
    Text(String),
    /// `REG_MULTI_SZ`, its strings.
    Texts(Vec<String>),
    /// Another type, not read.
    Other,
}

/// A registry key the output showed, with its values.
#[derive(Clone, Debug, Default)]
pub struct RegKey {
    /// The key's path, with `HKEY_LOCAL_MACHINE` spelt out.
    pub path: String,
    /// Its values: name, data, line.
    pub values: Vec<(String, RegData, u32)>,
    /// The file it came from.
    pub file: usize,
    /// The line of the key's path.
    pub line: u32,
}

/// What a `reg query` asked for, where the file names its command.
#[derive(Clone, Debug)]
struct RegAsk {
    key: String,
    value: Option<String>,
    subkeys: bool,
    /// The output was an error: what was asked for is absent.
    absent: bool,
    file: usize,
}

/// A session `query user` listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionLine {
    /// The user name, as shown.
    pub user: String,
    /// The state, as shown (`Active`, `Disc`, …).
    pub state: String,
    /// Whether it is the session the command ran in (`>`).
    pub current: bool,
}

/// Everything the files of a collection said, before it is weighed against
/// the connection's account.
#[derive(Clone, Debug, Default)]
pub struct Collected {
    /// Every file read.
    pub files: Vec<FileRead>,
    /// The registry keys shown.
    pub keys: Vec<RegKey>,
    asks: Vec<RegAsk>,
    /// The local groups listed: the group's name, its members and the file.
    pub groups: Vec<(String, Vec<At<String>>, usize)>,
    /// The account `whoami /upn` ran as.
    pub whoami_upn: Option<At<String>>,
    /// The groups of `whoami /groups`: name and SID.
    pub whoami_groups: Vec<At<(String, String)>>,
    /// The sessions `query user` listed (`Some(empty)`: none).
    pub sessions: Option<Vec<At<SessionLine>>>,
    /// The file `query user` came from.
    sessions_file: usize,
    /// The account the Power Automate service runs as.
    pub service_account: Option<At<String>>,
    /// The service's SID (`sc showsid`).
    pub service_sid: Option<At<String>>,
    /// The user rights: the right and its accounts (names, or `*S-…`).
    pub rights: Vec<At<(String, Vec<String>)>>,
    /// The file the rights came from, where one was read.
    rights_file: Option<usize>,
    /// The Windows release.
    pub os: Option<At<Os>>,
    /// Power Automate for desktop's version.
    pub pad_version: Option<At<PadVersion>>,
    /// A domain controller answered (`nltest`).
    pub dc_found: Option<At<bool>>,
    /// `config.edge.skype.com` answered on 443.
    pub rds_config: Option<At<bool>>,
    /// `login.microsoftonline.com` answered on 443.
    pub entra: Option<At<bool>>,
}

/// Reads one file into `into`: tells its kind by its content and reads it.
/// `dsregcmd /status` and event logs are told apart but read by their own
/// readers; the kind is returned so the caller can hand them on.
pub fn read(name: &str, text: &str, into: &mut Collected) -> Option<Kind> {
    let file = into.files.len();
    let kind = detect(text);
    let mut notes = Vec::new();
    match kind {
        None if text.trim().is_empty() => notes.push("empty".to_owned()),
        None => notes.push(
            "not an output flowcred reads (see `flowcred collect` for the commands; net, query user and systeminfo are read in English, the registry and user rights in any language)".to_owned(),
        ),
        Some(Kind::Registry) => registry(text, file, into, &mut notes),
        Some(Kind::LocalGroup) => local_group(text, file, into, &mut notes),
        Some(Kind::WhoamiUpn) => whoami_upn(text, file, into, &mut notes),
        Some(Kind::WhoamiGroups) => whoami_groups(text, file, into, &mut notes),
        Some(Kind::Sessions) => sessions(text, file, into, &mut notes),
        Some(Kind::Service) => service(text, file, into, &mut notes),
        Some(Kind::UserRights) => user_rights(text, file, into, &mut notes),
        Some(Kind::SystemInfo) => system_info(text, file, into, &mut notes),
        Some(Kind::ProgramVersion) => program_version(text, file, into, &mut notes),
        Some(Kind::DomainController) => domain_controller(text, file, into, &mut notes),
        Some(Kind::Reachability) => reachability(text, file, into, &mut notes),
        Some(Kind::Dsregcmd | Kind::Events) => {}
    }
    into.files.push(FileRead { name: name.to_owned(), kind, notes });
    kind
}

/// The 1-based number of line `index`.
fn number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// A key's path with `HKLM\` spelt out and no trailing `\`.
fn key_path(path: &str) -> String {
    let path = path.trim().trim_end_matches('\\');
    for short in ["HKLM\\", "HKLM:\\"] {
        if starts_with_ignoring_case(path, short) {
            return format!("HKEY_LOCAL_MACHINE\\{}", &path[short.len()..]);
        }
    }
    path.to_owned()
}

/// What a `reg query` command line asks for.
fn reg_ask(command: &str) -> Option<(String, Option<String>, bool)> {
    let rest = command.trim().get(10..).filter(|_| {
        command.trim().get(..10).is_some_and(|p| p.eq_ignore_ascii_case("reg query "))
    })?;
    let mut parts = Vec::new();
    let mut chars = rest.trim().chars().peekable();
    while chars.peek().is_some() {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                part.push(c);
            }
        } else {
            for c in chars.by_ref() {
                if c == ' ' {
                    break;
                }
                part.push(c);
            }
        }
        if !part.is_empty() {
            parts.push(part);
        }
        while chars.peek() == Some(&' ') {
            chars.next();
        }
    }
    let key = key_path(parts.first()?);
    let mut value = None;
    let mut subkeys = false;
    let mut i = 1;
    while i < parts.len() {
        match parts[i].to_ascii_lowercase().as_str() {
            "/v" => {
                value = parts.get(i + 1).cloned();
                i += 1;
            }
            "/s" => subkeys = true,
            _ => {}
        }
        i += 1;
    }
    Some((key, value, subkeys))
}

/// `reg query` output, or a `.reg` export.
fn registry(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    let ask = header(text).and_then(reg_ask);
    let mut current: Option<RegKey> = None;
    let mut shown = 0;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() || (i == 0 && header(text).is_some()) {
            continue;
        }
        let path = trimmed.strip_prefix('[').and_then(|p| p.strip_suffix(']')).unwrap_or(trimmed);
        if path.starts_with("HKEY_") || starts_with_ignoring_case(path, "HKLM\\") {
            if let Some(key) = current.take() {
                into.keys.push(key);
            }
            current =
                Some(RegKey { path: key_path(path), file, line: number(i), ..RegKey::default() });
            continue;
        }
        let Some(key) = current.as_mut() else { continue };
        if let Some((name, data)) = reg_value(trimmed) {
            key.values.push((name, data, number(i)));
            shown += 1;
        }
    }
    if let Some(key) = current.take() {
        into.keys.push(key);
    }
    let shown_keys = into.keys.iter().filter(|k| k.file == file).count();
    if let Some((key, value, subkeys)) = ask {
        // Output with no key in it is the command's error: what it asked
        // for is absent (the message itself may be in any language).
        let absent = shown_keys == 0;
        into.asks.push(RegAsk { key, value, subkeys, absent, file });
    } else if shown_keys == 0 {
        notes.push("no registry key in this output".to_owned());
    }
    let _ = shown;
}

/// One value line: `    Name    REG_DWORD    0x1` (`reg query`) or
/// `"Name"=dword:00000001` (`.reg`).
fn reg_value(line: &str) -> Option<(String, RegData)> {
    if let Some(rest) = line.strip_prefix('"').or_else(|| line.strip_prefix('@')) {
        // `.reg`: "name"=data, or @=data for the default value.
        let (name, data) = if line.starts_with('@') {
            ("(Default)".to_owned(), rest.strip_prefix('=')?)
        } else {
            let end = rest.find("\"=")?;
            (rest[..end].replace("\\\\", "\\"), &rest[end + 2..])
        };
        let data = if let Some(hex) = data.strip_prefix("dword:") {
            RegData::Dword(u32::from_str_radix(hex.trim(), 16).ok()?)
        } else if let Some(text) = data.strip_prefix('"').and_then(|d| d.strip_suffix('"')) {
            RegData::Text(text.replace("\\\"", "\"").replace("\\\\", "\\"))
        } else {
            RegData::Other
        };
        return Some((name, data));
    }
    // `reg query`: the type is the token that starts with REG_.
    let at = line.find(" REG_").or_else(|| line.find("\tREG_"))?;
    let name = line[..at].trim().to_owned();
    let rest = line[at + 1..].trim_start();
    let kind_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (kind, data) = (&rest[..kind_end], rest[kind_end..].trim());
    let data = match kind {
        "REG_DWORD" => {
            let hex = data.strip_prefix("0x").or_else(|| data.strip_prefix("0X")).unwrap_or(data);
            RegData::Dword(u32::from_str_radix(hex, 16).ok()?)
        }
        "REG_SZ" | "REG_EXPAND_SZ" => RegData::Text(data.to_owned()),
        "REG_MULTI_SZ" => {
            RegData::Texts(data.split("\\0").filter(|s| !s.is_empty()).map(str::to_owned).collect())
        }
        _ => RegData::Other,
    };
    (!name.is_empty()).then_some((name, data))
}

/// `net localgroup GROUP`: the members between the dashes and the closing
/// line. The layout is the same in every language; the labels are not read.
fn local_group(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    let asked =
        header(text).and_then(|c| c.get(14..)).map(|g| g.trim().trim_matches('"').to_owned());
    let lines: Vec<&str> = text.lines().collect();
    let mut name = asked.clone().unwrap_or_default();
    for line in &lines {
        if let Some(rest) = line.trim().strip_prefix("Alias name") {
            name = rest.trim().to_owned();
        }
    }
    let Some(dashes) =
        lines.iter().position(|l| l.trim().len() >= 20 && l.trim().chars().all(|c| c == '-'))
    else {
        notes.push(format!(
            "no member list: the group {} may not exist under that name (its name is localized on Windows in other languages)",
            crate::text::Quoted(&name)
        ));
        return;
    };
    let mut members: Vec<At<String>> = Vec::new();
    let rest: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .skip(dashes + 1)
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    for (n, (i, member)) in rest.iter().enumerate() {
        // The closing line ("The command completed successfully.").
        if n + 1 == rest.len() && member.ends_with('.') && member.contains(' ') {
            break;
        }
        members.push(At { value: (*member).to_owned(), file, line: number(*i) });
    }
    into.groups.push((name, members, file));
}

/// `whoami /upn`: one line, the UPN.
fn whoami_upn(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    let skip = usize::from(header(text).is_some());
    match text.lines().enumerate().skip(skip).find(|(_, l)| !l.trim().is_empty()) {
        Some((i, l)) if l.contains('@') && !l.contains(' ') => {
            into.whoami_upn = Some(At { value: l.trim().to_owned(), file, line: number(i) });
        }
        _ => notes.push(
            "no UPN: the account that ran the command is not an Entra or domain account".to_owned(),
        ),
    }
}

/// `whoami /groups`: the table of group name, type, SID and attributes.
fn whoami_groups(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    for (i, line) in text.lines().enumerate() {
        // A row: the name, then its type, then the SID (S-1-…).
        let Some(at) = line.find(" S-1-") else { continue };
        let sid: String = line[at + 1..].chars().take_while(|c| !c.is_whitespace()).collect();
        let name = line[..at].trim();
        let name = ["Well-known group", "Alias", "Group", "Label"]
            .iter()
            .find_map(|t| name.strip_suffix(t))
            .unwrap_or(name)
            .trim()
            .to_owned();
        into.whoami_groups.push(At { value: (name, sid), file, line: number(i) });
    }
    if into.whoami_groups.iter().all(|g| g.file != file) {
        notes.push("no group with a SID in this output".to_owned());
    }
}

/// `query user`: one row per session; a disconnected session has no
/// session name. States are read in English.
fn sessions(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with(HEADER) || trimmed.is_empty() {
            continue;
        }
        if trimmed.trim_start_matches('>').starts_with("USERNAME") {
            header_seen = true;
            continue;
        }
        if trimmed.starts_with("No User exists") {
            header_seen = true;
            continue;
        }
        let current = line.starts_with('>');
        let tokens: Vec<&str> = trimmed.trim_start_matches('>').split_whitespace().collect();
        // user [session] id state idle date time…: the state follows the
        // first number after the user name.
        let Some(id) = tokens.iter().skip(1).position(|t| t.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Some(state) = tokens.get(id + 2) else { continue };
        rows.push(At {
            value: SessionLine { user: tokens[0].to_owned(), state: (*state).to_owned(), current },
            file,
            line: number(i),
        });
    }
    if !header_seen && rows.is_empty() {
        notes.push("no session table: a localized output is not read".to_owned());
        return;
    }
    into.sessions = Some(rows);
    into.sessions_file = file;
}

/// `sc qc`: `SERVICE_START_NAME : account`; `sc showsid`: `SERVICE SID: S-…`.
fn service(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    for (i, line) in text.lines().enumerate() {
        let Some((label, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match label.trim() {
            "SERVICE_START_NAME" if !value.is_empty() => {
                into.service_account = Some(At { value: value.to_owned(), file, line: number(i) });
            }
            "SERVICE SID" if value.starts_with("S-1-") => {
                into.service_sid = Some(At { value: value.to_owned(), file, line: number(i) });
            }
            _ => {}
        }
    }
    let gave = |at: &Option<At<String>>| at.as_ref().is_some_and(|a| a.file == file);
    if !gave(&into.service_account) && !gave(&into.service_sid) {
        notes.push(
            "neither SERVICE_START_NAME nor SERVICE SID: is Power Automate for desktop installed?"
                .to_owned(),
        );
    }
}

/// `secedit /export /areas USER_RIGHTS`: `Right = a,*S-1-…` lines.
fn user_rights(text: &str, file: usize, into: &mut Collected, _notes: &mut Vec<String>) {
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line.eq_ignore_ascii_case("[Privilege Rights]");
            continue;
        }
        let Some((right, accounts)) = line.split_once('=').filter(|_| inside) else { continue };
        let accounts = accounts.split(',').map(|a| a.trim().to_owned()).filter(|a| !a.is_empty());
        into.rights.push(At {
            value: (right.trim().to_owned(), accounts.collect()),
            file,
            line: number(i),
        });
    }
    into.rights_file = Some(file);
}

/// `systeminfo`: `OS Name:` and `OS Version:` (English labels).
fn system_info(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    let mut name = None;
    let mut build = None;
    for (i, line) in text.lines().enumerate() {
        let Some((label, value)) = line.split_once(':') else { continue };
        match label.trim() {
            "OS Name" => name = Some((value.trim().to_owned(), i)),
            "OS Version" => build = value.split("Build").nth(1).and_then(|b| b.trim().parse().ok()),
            _ => {}
        }
    }
    match name.and_then(|(n, i)| Some((windows_release(&n, &n, build?)?, i))) {
        Some((os, i)) => into.os = Some(At { value: os, file, line: number(i) }),
        None => notes.push("no Windows release read (a localized output is not read; the registry's CurrentVersion is)".to_owned()),
    }
}

/// An uninstall entry listed as `DisplayName : …` / `DisplayVersion : …`.
fn program_version(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    let mut name = String::new();
    for (i, line) in text.lines().enumerate() {
        let Some((label, value)) = line.split_once(':') else { continue };
        match label.trim() {
            "DisplayName" => name = value.trim().to_owned(),
            "DisplayVersion" if name.to_ascii_lowercase().starts_with("power automate") => {
                match value.trim().parse::<PadVersion>() {
                    Ok(v) => into.pad_version = Some(At { value: v, file, line: number(i) }),
                    Err(e) => notes.push(e),
                }
            }
            _ => {}
        }
    }
    if into.pad_version.is_none() && notes.is_empty() {
        notes.push("no Power Automate entry: is Power Automate for desktop installed?".to_owned());
    }
}

/// `nltest /dsgetdc:`: `DC: \\NAME` where one answered;
/// `ERROR_NO_LOGON_SERVERS` where none did (`ERROR_NO_SUCH_DOMAIN`: the
/// machine is in no domain, which says nothing of one). The status names
/// are not translated.
fn domain_controller(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with("DC: \\\\") {
            into.dc_found = Some(At { value: true, file, line: number(i) });
            return;
        }
        if line.contains("ERROR_NO_LOGON_SERVERS") {
            into.dc_found = Some(At { value: false, file, line: number(i) });
            return;
        }
        if line.contains("ERROR_NO_SUCH_DOMAIN") {
            notes.push("the machine is in no domain: no domain controller to reach".to_owned());
            return;
        }
    }
    notes.push("neither a domain controller nor a known failure status".to_owned());
}

/// `Test-NetConnection`: `TcpTestSucceeded : True` or `False`, for the
/// host its `ComputerName` line names.
fn reachability(text: &str, file: usize, into: &mut Collected, notes: &mut Vec<String>) {
    let mut host = None;
    for (i, line) in text.lines().enumerate() {
        let Some((label, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match label.trim() {
            "ComputerName" => host = Some(value.to_ascii_lowercase()),
            "TcpTestSucceeded"
                if value.eq_ignore_ascii_case("True") || value.eq_ignore_ascii_case("False") =>
            {
                let at = At { value: value.eq_ignore_ascii_case("True"), file, line: number(i) };
                match host.as_deref() {
                    Some("config.edge.skype.com") => into.rds_config = Some(at),
                    Some("login.microsoftonline.com") => into.entra = Some(at),
                    Some(other) => notes.push(format!(
                        "a test of {}, which no cause reads",
                        crate::text::Quoted(other)
                    )),
                    None => notes.push("no ComputerName line before TcpTestSucceeded".to_owned()),
                }
                return;
            }
            _ => {}
        }
    }
    notes.push("no TcpTestSucceeded line".to_owned());
}

/// A Windows release from its product name, installation type and build:
/// Windows 11 reports "Windows 10" as its product name and is told by its
/// build (22000 and later); servers by build.
fn windows_release(product: &str, installation: &str, build: u32) -> Option<Os> {
    let server = installation.contains("Server") || product.contains("Server");
    Some(match (server, build) {
        (false, b) if b >= 22000 => Os::Windows11,
        (false, b) if b >= 10240 => Os::Windows10,
        (true, b) if b >= 26100 => Os::WindowsServer2025,
        (true, b) if b >= 20348 => Os::WindowsServer2022,
        (true, b) if b >= 17763 => Os::WindowsServer2019,
        (true, b) if b >= 14393 => Os::WindowsServer2016,
        _ => return None,
    })
}

/// Where the build numbers of each release come from.
pub const RELEASES: Source = Source::documented(
    links::WINDOWS_SERVER_RELEASES,
    "the release tables give each release's build: Windows 11 from 22000; Server 2016 14393, 2019 17763, 2022 20348, 2025 26100",
);

/// What the registry says of one value.
enum Lookup<'a> {
    /// The value, with its key.
    Value(&'a RegData, usize, u32),
    /// What was read shows the value is not set.
    Absent,
    /// Nothing read says.
    Unknown,
}

impl Collected {
    /// The value `name` of `key`, as the outputs show it.
    fn value(&self, key: &str, name: &str) -> Lookup<'_> {
        for k in self.keys.iter().filter(|k| k.path.eq_ignore_ascii_case(key)) {
            if let Some((_, data, line)) =
                k.values.iter().find(|(n, ..)| n.eq_ignore_ascii_case(name))
            {
                return Lookup::Value(data, k.file, *line);
            }
        }
        // A key shown whole, without the value, has no such value.
        let shown = self.asks.iter().any(|a| {
            !a.absent
                && a.value.is_none()
                && (a.key.eq_ignore_ascii_case(key) || (a.subkeys && is_under(key, &a.key)))
        });
        let absent = self.asks.iter().any(|a| {
            a.absent
                && (a.key.eq_ignore_ascii_case(key)
                    || (a.subkeys && is_under(key, &a.key))
                    || is_under(key, &a.key))
                && a.value.as_deref().is_none_or(|v| v.eq_ignore_ascii_case(name))
        });
        let key_listed = self.keys.iter().any(|k| k.path.eq_ignore_ascii_case(key));
        if absent
            || (shown
                && (key_listed || self.asks.iter().any(|a| a.subkeys && is_under(key, &a.key))))
        {
            Lookup::Absent
        } else {
            Lookup::Unknown
        }
    }

    /// The subkeys of `key` the outputs list.
    fn subkeys(&self, key: &str) -> Option<Vec<&RegKey>> {
        let asked = self.asks.iter().any(|a| a.key.eq_ignore_ascii_case(key) && !a.absent);
        let listed: Vec<&RegKey> = self.keys.iter().filter(|k| is_under(&k.path, key)).collect();
        (asked || !listed.is_empty()).then_some(listed)
    }

    fn group(&self, sid_name: &[&str]) -> Option<&Vec<At<String>>> {
        self.groups
            .iter()
            .find(|(n, ..)| sid_name.iter().any(|s| n.eq_ignore_ascii_case(s)))
            .map(|(_, m, _)| m)
    }

    /// The file a group was listed in.
    fn group_file(&self, name: &str) -> usize {
        self.groups.iter().find(|(n, ..)| n.eq_ignore_ascii_case(name)).map_or(0, |(.., f)| *f)
    }
}

/// Whether `key` is a subkey (at any depth) of `parent`.
fn is_under(key: &str, parent: &str) -> bool {
    key.len() > parent.len() + 1
        && starts_with_ignoring_case(key, parent)
        && key.as_bytes()[parent.len()] == b'\\'
}

/// Whether `text` starts with `prefix`, ASCII case aside (false where the
/// prefix's length falls inside a character).
fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// The service SID Windows derives from the name `UIFlowService` (SHA-1 of
/// the upper-case name, as `sc showsid` prints it).
pub const UIFLOWSERVICE_SID: &str =
    "S-1-5-80-3017052307-2994996872-1615411526-3164924635-3391446484";

/// Well-known SIDs a right or a group may name.
mod sid {
    pub const EVERYONE: &str = "S-1-1-0";
    pub const AUTHENTICATED_USERS: &str = "S-1-5-11";
    pub const ALL_SERVICES: &str = "S-1-5-80-0";
    pub const ADMINISTRATORS: &str = "S-1-5-32-544";
    pub const USERS: &str = "S-1-5-32-545";
    pub const REMOTE_DESKTOP_USERS: &str = "S-1-5-32-555";
}

/// Where the well-known SIDs come from.
pub const WELL_KNOWN_SIDS: Source = Source::documented(
    links::WELL_KNOWN_SIDS,
    "the page lists Everyone, Authenticated Users, Administrators, Users and Remote Desktop Users by SID",
);

/// Whether an account a list names (`AzureAD\alice@contoso.com`,
/// `CONTOSO\bob`, `*S-1-…`) is the one the connection's username names:
/// the names agree, and so do the domains where both give a real one
/// (`AzureAD`, `.` and a machine's name are no domain to compare).
fn same_account(listed: &str, typed: &str) -> bool {
    let split = |s: &str| -> (String, String) {
        let s = s.trim().trim_start_matches('*');
        match s.rsplit_once('\\') {
            Some((d, n)) => (d.to_ascii_lowercase(), n.to_ascii_lowercase()),
            None => (String::new(), s.to_ascii_lowercase()),
        }
    };
    let ((ld, ln), (td, tn)) = (split(listed), split(typed));
    let real = |d: &str| !d.is_empty() && d != "azuread" && d != ".";
    ln == tn && (!real(&ld) || !real(&td) || ld == td)
}

/// The facts [`apply`] settles either way: what collecting tells.
pub const FACTS: &[FactId] = &[
    FactId::RdpEnabled,
    FactId::RdpNla,
    FactId::SecurityLayer,
    FactId::PromptForPassword,
    FactId::EntraRdpAuth,
    FactId::TenantAllowlisted,
    FactId::LegalNotice,
    FactId::SmartCardRequired,
    FactId::Pku2u,
    FactId::CredentialProvider,
    FactId::Os,
    FactId::PadVersion,
    FactId::UiFlowServiceRdu,
    FactId::ServiceCanLogOn,
    FactId::UiFlowServiceDenied,
    FactId::RemoteDesktopUsers,
    FactId::LogonGranted,
    FactId::LogonDenied,
    FactId::OtherUserSession,
    FactId::SessionLimitReached,
    FactId::DcReachable,
    FactId::RdsConfigReachable,
    FactId::EntraReachable,
];

/// The facts [`apply`] settles only in some of their values: `query user`
/// shows no session, or a disconnected one, but a locked session as
/// active; `whoami` shows the account on the machine only where it ran as
/// that account.
pub const PARTLY: &[FactId] = &[FactId::Session, FactId::AccountOnMachine];

/// Writes a fact read from a collected file, with its line and file.
fn put<T>(
    fact: &mut Fact<T>,
    value: T,
    file: usize,
    line: u32,
    origins: &mut Vec<(FactId, usize)>,
) {
    if fact.value.is_none() {
        fact.value = Some(value);
        fact.line = Some(line);
        origins.push((fact.id, file));
    }
}

/// Weighs what was collected against the connection's account (its
/// username, the run mode, the machine's tenant, where known) and writes
/// the facts it settles into `ev`, each with its file and line.
pub fn apply(c: &Collected, ev: &mut Evidence) {
    let mut origins = std::mem::take(&mut ev.origins);
    let dword = |key: &str, name: &str| match c.value(key, name) {
        Lookup::Value(RegData::Dword(v), file, line) => Some(Some((*v, file, line))),
        Lookup::Value(..) | Lookup::Unknown => None,
        Lookup::Absent => Some(None),
    };
    // A policy value wins over the listener's own.
    let effective = |name: &str, own: &str| match dword(TS_POLICY, name) {
        Some(Some(v)) => Some(Some(v)),
        _ => dword(own, name),
    };
    if let Some(Some((v, f, l))) = effective("fDenyTSConnections", TS) {
        put(&mut ev.rdp_enabled, v == 0, f, l, &mut origins);
    }
    if let Some(Some((v, f, l))) = effective("UserAuthentication", RDP_TCP) {
        put(&mut ev.rdp_nla, v != 0, f, l, &mut origins);
    }
    if let Some(Some((v, f, l))) = effective("SecurityLayer", RDP_TCP) {
        let layer = match v {
            0 => Some(SecurityLayer::Rdp),
            1 => Some(SecurityLayer::Negotiate),
            2 => Some(SecurityLayer::Tls),
            _ => None,
        };
        if let Some(layer) = layer {
            put(&mut ev.security_layer, layer, f, l, &mut origins);
        }
    }
    match effective("fPromptForPassword", RDP_TCP) {
        Some(Some((v, f, l))) => put(&mut ev.prompt_for_password, v != 0, f, l, &mut origins),
        // Absent from the listener and from policy: not set.
        Some(None) if !matches!(c.value(TS_POLICY, "fPromptForPassword"), Lookup::Unknown) => {
            let f =
                c.keys.iter().find(|k| k.path.eq_ignore_ascii_case(RDP_TCP)).map_or(0, |k| k.file);
            put(&mut ev.prompt_for_password, false, f, 0, &mut origins);
        }
        _ => {}
    }
    match dword(PAD_SERVICE, "UseRdsAadAuthentication") {
        Some(Some((v, f, l))) => put(&mut ev.entra_rdp_auth, v == 1, f, l, &mut origins),
        Some(None) => {
            let f = c
                .asks
                .iter()
                .find(|a| is_under(PAD_SERVICE, &a.key) || a.key.eq_ignore_ascii_case(PAD))
                .map_or(0, |a| a.file);
            put(&mut ev.entra_rdp_auth, false, f, 0, &mut origins);
        }
        None => {}
    }
    match c.value(PAD_REGISTRATION, "AllowedRegistrationTenants") {
        Lookup::Value(data, f, l) => {
            let tenants: Vec<String> = match data {
                RegData::Text(t) => t.split([',', ';']).map(|s| s.trim().to_owned()).collect(),
                RegData::Texts(t) => t.clone(),
                _ => Vec::new(),
            };
            let tenants: Vec<String> = tenants.into_iter().filter(|t| !t.is_empty()).collect();
            let allowed = match &ev.machine_tenant_id.value {
                _ if tenants.is_empty() => Some(false),
                Some(id) => Some(tenants.iter().any(|t| t.eq_ignore_ascii_case(id))),
                None => None,
            };
            if let Some(allowed) = allowed {
                put(&mut ev.tenant_allowlisted, allowed, f, l, &mut origins);
            }
        }
        Lookup::Absent => {
            let f = c.asks.iter().find(|a| a.key.eq_ignore_ascii_case(PAD)).map_or(0, |a| a.file);
            put(&mut ev.tenant_allowlisted, false, f, 0, &mut origins);
        }
        Lookup::Unknown => {}
    }
    // The legal notice: either value not empty.
    let notice = ["legalnoticecaption", "legalnoticetext"].map(|n| c.value(SYSTEM_POLICY, n));
    let set = notice.iter().find_map(|l| match l {
        Lookup::Value(RegData::Text(t), f, line) if !t.trim().is_empty() => Some((*f, *line)),
        _ => None,
    });
    if let Some((f, l)) = set {
        put(&mut ev.legal_notice, true, f, l, &mut origins);
    } else if notice.iter().all(|l| !matches!(l, Lookup::Unknown)) {
        let at = notice.iter().find_map(|l| match l {
            Lookup::Value(_, f, line) => Some((*f, *line)),
            _ => None,
        });
        let (f, l) = at.unwrap_or((0, 0));
        put(&mut ev.legal_notice, false, f, l, &mut origins);
    }
    match dword(SYSTEM_POLICY, "scforceoption") {
        Some(Some((v, f, l))) => put(&mut ev.smart_card_required, v == 1, f, l, &mut origins),
        Some(None) => put(&mut ev.smart_card_required, false, 0, 0, &mut origins),
        None => {}
    }
    if let Some(Some((v, f, l))) = dword(PKU2U, "AllowOnlineID") {
        put(&mut ev.pku2u, v == 1, f, l, &mut origins);
    }
    if let Some(keys) = c.subkeys(PROVIDERS) {
        let third = keys.iter().find(|k| {
            let name = k.path.rsplit('\\').next().unwrap_or("");
            UNSUPPORTED_PROVIDERS.iter().any(|p| starts_with_ignoring_case(name, p))
        });
        match third {
            Some(k) => {
                let name = k.path.rsplit('\\').next().unwrap_or("").to_owned();
                put(
                    &mut ev.credential_provider,
                    Some(Text::from(name)),
                    k.file,
                    k.line,
                    &mut origins,
                );
            }
            None => {
                let f = keys.first().map_or(0, |k| k.file);
                put(&mut ev.credential_provider, None, f, 0, &mut origins);
            }
        }
    }
    if let Some(os) = &c.os {
        put(&mut ev.os, os.value, os.file, os.line, &mut origins);
    } else if let Lookup::Value(RegData::Text(build), f, l) = c.value(WINDOWS, "CurrentBuild") {
        let text = |n: &str| match c.value(WINDOWS, n) {
            Lookup::Value(RegData::Text(t), ..) => t.clone(),
            _ => String::new(),
        };
        if let Some(os) = build
            .parse()
            .ok()
            .and_then(|b| windows_release(&text("ProductName"), &text("InstallationType"), b))
        {
            put(&mut ev.os, os, f, l, &mut origins);
        }
    }
    if let Some(v) = &c.pad_version {
        put(&mut ev.pad_version, v.value, v.file, v.line, &mut origins);
    }
    if let Some(v) = &c.dc_found {
        put(&mut ev.dc_reachable, v.value, v.file, v.line, &mut origins);
    }
    if let Some(v) = &c.rds_config {
        put(&mut ev.rds_config_reachable, v.value, v.file, v.line, &mut origins);
    }
    if let Some(v) = &c.entra {
        put(&mut ev.entra_reachable, v.value, v.file, v.line, &mut origins);
    }
    service_facts(c, ev, &mut origins);
    account_facts(c, ev, &mut origins);
    ev.origins = origins;
}

/// The credential providers the session-creation article names as
/// unsupported, by the start of their subkey (CLSID).
pub const UNSUPPORTED_PROVIDERS: &[&str] = &["{0094A34B", "{36ED98C6", "{BDA6DA5B"];

/// What the service's account may do: sign in as a service, sit in Remote
/// Desktop Users, not be denied a logon.
fn service_facts(c: &Collected, ev: &mut Evidence, origins: &mut Vec<(FactId, usize)>) {
    let account =
        c.service_account.as_ref().map_or("NT SERVICE\\UIFlowService", |a| a.value.as_str());
    let virtual_account = account.to_ascii_uppercase().starts_with("NT SERVICE\\");
    let sid = c.service_sid.as_ref().map_or(UIFLOWSERVICE_SID, |s| s.value.as_str());
    let names = |entry: &str| {
        let e = entry.trim().trim_start_matches('*');
        e.eq_ignore_ascii_case(account) || (virtual_account && e.eq_ignore_ascii_case(sid))
    };
    if let Some(members) = c.group(&["Remote Desktop Users"]) {
        let member = members.iter().find(|m| names(&m.value));
        let (f, l) = member.map_or(
            (members.first().map_or(c.group_file("Remote Desktop Users"), |m| m.file), 0),
            |m| (m.file, m.line),
        );
        put(&mut ev.uiflowservice_rdu, member.is_some(), f, l, origins);
    }
    let Some(file) = c.rights_file else { return };
    let right = |name: &str| c.rights.iter().find(|r| r.value.0.eq_ignore_ascii_case(name));
    let lists = |name: &str, extra: &[&str]| {
        right(name).map(|r| {
            let hit = r.value.1.iter().any(|e| {
                names(e) || extra.iter().any(|x| e.trim_start_matches('*').eq_ignore_ascii_case(x))
            });
            (hit, r.line)
        })
    };
    let all_services: &[&str] = if virtual_account { &[sid::ALL_SERVICES] } else { &[] };
    let allowed = lists("SeServiceLogonRight", all_services).unwrap_or((false, 0));
    let denied = lists("SeDenyServiceLogonRight", &[]).unwrap_or((false, 0));
    let line = if denied.0 { denied.1 } else { allowed.1 };
    put(&mut ev.service_can_log_on, allowed.0 && !denied.0, file, line, origins);
    let deny = ["SeDenyInteractiveLogonRight", "SeDenyRemoteInteractiveLogonRight"]
        .iter()
        .find_map(|r| lists(r, &[]).filter(|(hit, _)| *hit));
    put(&mut ev.uiflowservice_denied, deny.is_some(), file, deny.map_or(0, |d| d.1), origins);
}

/// What the groups, rights and sessions say of the connection's account;
/// nothing where its username is unknown.
fn account_facts(c: &Collected, ev: &mut Evidence, origins: &mut Vec<(FactId, usize)>) {
    let Some(typed) = ev.username.value.clone() else { return };
    let is_account = |entry: &str| same_account(entry, &typed);
    let rdu = c.group(&["Remote Desktop Users"]);
    let admins = c.group(&["Administrators"]);
    let admin = admins.and_then(|m| m.iter().find(|e| is_account(&e.value)));
    let everyone = rdu.and_then(|m| {
        m.iter().find(|e| {
            let v = e.value.to_ascii_lowercase();
            v == "everyone" || v.ends_with("\\authenticated users") || v == "authenticated users"
        })
    });
    let rdu_member =
        rdu.and_then(|m| m.iter().find(|e| is_account(&e.value))).or(admin).or(everyone);
    if let Some(members) = rdu {
        match rdu_member {
            Some(m) => {
                put(&mut ev.remote_desktop_users, RduMembership::Member, m.file, m.line, origins)
            }
            None => {
                // An Entra group is listed by its SID, which Windows cannot
                // resolve to a name (S-1-12-1-…).
                let entra = members.iter().find(|m| m.value.starts_with("S-1-12-1-"));
                let (state, f, l) = match entra {
                    Some(m) => (RduMembership::ViaEntraGroup, m.file, m.line),
                    None => (RduMembership::NotMember, c.group_file("Remote Desktop Users"), 0),
                };
                put(&mut ev.remote_desktop_users, state, f, l, origins);
            }
        }
    }
    // The rights of the run's logon: a right lists the account, a group it
    // is in, or everyone.
    if let (Some(file), Some(mode)) = (c.rights_file, ev.run_mode.value) {
        let (allow, deny) = match mode {
            RunMode::Attended => ("SeInteractiveLogonRight", "SeDenyInteractiveLogonRight"),
            RunMode::Unattended => {
                ("SeRemoteInteractiveLogonRight", "SeDenyRemoteInteractiveLogonRight")
            }
        };
        let covers = |entries: &[String]| {
            entries.iter().any(|e| {
                let sid = e.trim_start_matches('*');
                is_account(e)
                    || [sid::EVERYONE, sid::AUTHENTICATED_USERS, sid::USERS].contains(&sid)
                    || ["Everyone", "Users", "BUILTIN\\Users"]
                        .iter()
                        .any(|n| e.eq_ignore_ascii_case(n))
                    || (sid == sid::ADMINISTRATORS || e.eq_ignore_ascii_case("Administrators"))
                        && admin.is_some()
                    || (sid == sid::REMOTE_DESKTOP_USERS
                        || e.eq_ignore_ascii_case("Remote Desktop Users"))
                        && rdu_member.is_some()
            })
        };
        let right = |name: &str| c.rights.iter().find(|r| r.value.0.eq_ignore_ascii_case(name));
        let granted = right(allow).map_or((false, 0), |r| (covers(&r.value.1), r.line));
        put(&mut ev.logon_granted, granted.0, file, granted.1, origins);
        let denied = right(deny).map_or((false, 0), |r| {
            let named = r
                .value
                .1
                .iter()
                .any(|e| is_account(e) || [sid::EVERYONE].contains(&e.trim_start_matches('*')));
            (named, r.line)
        });
        put(&mut ev.logon_denied, denied.0, file, denied.1, origins);
    }
    // Sessions: the account's own, and others'. The session the commands
    // ran in (`>`) is the collector's, unless it is the account's.
    if let Some(rows) = &c.sessions {
        let short: String = {
            let name = typed.rsplit_once('\\').map_or(typed.as_ref(), |(_, n)| n);
            let name = name.split('@').next().unwrap_or(name);
            name.chars().take(20).collect()
        };
        // `query user` shows a locked session as Active: only a
        // disconnected session, or none, settles the state.
        let own = rows.iter().find(|r| r.value.user.eq_ignore_ascii_case(&short));
        match own {
            Some(r) if r.value.state.eq_ignore_ascii_case("Disc") => {
                put(&mut ev.session, Session::Disconnected, r.file, r.line, origins);
            }
            Some(_) => {}
            None => put(&mut ev.session, Session::None, c.sessions_file, 0, origins),
        }
        let others: Vec<&At<SessionLine>> = rows
            .iter()
            .filter(|r| !r.value.user.eq_ignore_ascii_case(&short) && !r.value.current)
            .collect();
        put(
            &mut ev.other_user_session,
            !others.is_empty(),
            others.first().map_or(c.sessions_file, |r| r.file),
            others.first().map_or(0, |r| r.line),
            origins,
        );
        if ev.os.value.is_some_and(|os| !os.is_client()) {
            put(
                &mut ev.session_limit_reached,
                others.len() >= 2,
                c.sessions_file,
                others.get(1).map_or(0, |r| r.line),
                origins,
            );
        }
    }
    // whoami, run as the connection's account, shows the account signs in
    // on the machine.
    if let Some(upn) = &c.whoami_upn {
        if is_account(&upn.value) {
            put(&mut ev.account_on_machine, true, upn.file, upn.line, origins);
        }
    }
}

/// The files `render` writes for a world, by name: the outputs the block
/// would collect on its machine (the Security events aside, which a
/// failure writes).
pub fn render(world: &World) -> Vec<(&'static str, String)> {
    let m = &world.machine;
    let reg = |key: &str, values: &[(&str, &str, String)]| {
        let mut out = format!("\r\n{key}\r\n");
        for (name, kind, data) in values {
            let _ = write!(out, "    {name}    {kind}    {data}\r\n");
        }
        out
    };
    let dword = |v: u32| format!("0x{v:x}");
    let with_header = |run: &str, body: String| format!("{HEADER} {run}\r\n{body}");
    let command = |file: &str| COMMANDS.iter().find(|c| c.file == file).map_or("", |c| c.run);
    let absent =
        "ERROR: The system was unable to find the specified registry key or value.\r\n".to_owned();
    let mut files = Vec::new();
    files.push((
        "dsregcmd.txt",
        with_header(command("dsregcmd.txt"), crate::dsregcmd::render(world)),
    ));
    files.push((
        "rdp-enabled.txt",
        with_header(
            command("rdp-enabled.txt"),
            reg(TS, &[("fDenyTSConnections", "REG_DWORD", dword(u32::from(!m.rdp.enabled)))]),
        ),
    ));
    let layer = match m.rdp.security_layer {
        SecurityLayer::Rdp => 0,
        SecurityLayer::Negotiate => 1,
        SecurityLayer::Tls => 2,
    };
    files.push((
        "rdp-tcp.txt",
        with_header(
            command("rdp-tcp.txt"),
            reg(
                RDP_TCP,
                &[
                    ("PortNumber", "REG_DWORD", dword(3389)),
                    ("SecurityLayer", "REG_DWORD", dword(layer)),
                    ("UserAuthentication", "REG_DWORD", dword(u32::from(m.rdp.nla))),
                    (
                        "fPromptForPassword",
                        "REG_DWORD",
                        dword(u32::from(m.rdp.prompt_for_password)),
                    ),
                ],
            ),
        ),
    ));
    files.push(("rdp-policy.txt", with_header(command("rdp-policy.txt"), absent.clone())));
    let notice = if m.legal_notice { "Authorized use only" } else { "" };
    files.push((
        "logon-policy.txt",
        with_header(
            command("logon-policy.txt"),
            reg(
                SYSTEM_POLICY,
                &[
                    ("legalnoticecaption", "REG_SZ", notice.to_owned()),
                    ("legalnoticetext", "REG_SZ", notice.to_owned()),
                    ("scforceoption", "REG_DWORD", dword(u32::from(m.smart_card_required))),
                ],
            ),
        ),
    ));
    files.push((
        "pku2u.txt",
        with_header(
            command("pku2u.txt"),
            reg(
                PKU2U,
                &[("AllowOnlineID", "REG_DWORD", dword(u32::from(m.pku2u_online_identities)))],
            ),
        ),
    ));
    let mut providers = format!("\r\n{PROVIDERS}\\{{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}}\r\n");
    if let Some(p) = &m.third_party_credential_provider {
        let _ = write!(providers, "{PROVIDERS}\\{p}\r\n");
    }
    files.push((
        "credential-providers.txt",
        with_header(command("credential-providers.txt"), providers),
    ));
    let mut pad = String::new();
    if !m.allowed_registration_tenants.is_empty() {
        let list: Vec<&str> = m.allowed_registration_tenants.iter().map(|t| t.as_ref()).collect();
        pad.push_str(&reg(
            PAD_REGISTRATION,
            &[("AllowedRegistrationTenants", "REG_SZ", list.join(","))],
        ));
    }
    let service = if m.rdp.entra_rdp_auth {
        reg(PAD_SERVICE, &[("UseRdsAadAuthentication", "REG_DWORD", dword(1))])
    } else {
        reg(PAD_SERVICE, &[])
    };
    pad.push_str(&service);
    files.push(("power-automate.txt", with_header(command("power-automate.txt"), pad)));
    let (product, installation, build) = match m.os {
        Os::Windows10 => ("Windows 10 Enterprise", "Client", 19045),
        Os::Windows11 => ("Windows 10 Enterprise", "Client", 22631),
        Os::WindowsServer2016 => ("Windows Server 2016 Datacenter", "Server", 14393),
        Os::WindowsServer2019 => ("Windows Server 2019 Datacenter", "Server", 17763),
        Os::WindowsServer2022 => ("Windows Server 2022 Datacenter", "Server", 20348),
        Os::WindowsServer2025 => ("Windows Server 2025 Datacenter", "Server", 26100),
    };
    files.push((
        "windows-version.txt",
        with_header(
            command("windows-version.txt"),
            reg(
                WINDOWS,
                &[
                    ("CurrentBuild", "REG_SZ", build.to_string()),
                    ("InstallationType", "REG_SZ", installation.to_owned()),
                    ("ProductName", "REG_SZ", product.to_owned()),
                ],
            ),
        ),
    ));
    files.push((
        "pad-version.txt",
        format!("\r\n\r\nDisplayName    : Power Automate for desktop\r\nDisplayVersion : {}\r\n\r\n\r\n\r\n", m.pad_version),
    ));
    let account = listed_name(world);
    let mut rdu = Vec::new();
    match m.logon_rights.remote_desktop_users {
        RduMembership::Member => rdu.push(account.clone()),
        RduMembership::ViaEntraGroup => {
            rdu.push("S-1-12-1-1111111111-2222222222-3333333333-444444444".to_owned())
        }
        RduMembership::NotMember => {}
    }
    if m.logon_rights.uiflowservice_in_remote_desktop_users {
        rdu.push("NT SERVICE\\UIFlowService".to_owned());
    }
    files.push((
        "remote-desktop-users.txt",
        with_header(
            command("remote-desktop-users.txt"),
            local_group_text(
                "Remote Desktop Users",
                "Members in this group are granted the right to logon remotely",
                &rdu,
            ),
        ),
    ));
    files.push((
        "administrators.txt",
        with_header(
            command("administrators.txt"),
            local_group_text(
                "Administrators",
                "Administrators have complete and unrestricted access to the computer/domain",
                &["Administrator".to_owned()],
            ),
        ),
    ));
    let executing = world.executing_account();
    let upn = executing.as_ref().and_then(|e| e.upn);
    files.push((
        "whoami-upn.txt",
        with_header(
            command("whoami-upn.txt"),
            match upn {
                Some(u) => format!("{u}\r\n"),
                None => "ERROR: Unable to get User Principal Name (UPN) as the current logged-on user is not a domain user.\r\n".to_owned(),
            },
        ),
    ));
    files.push((
        "whoami-groups.txt",
        with_header(
            command("whoami-groups.txt"),
            "\r\nGROUP INFORMATION\r\n-----------------\r\n\r\nGroup Name                             Type             SID          Attributes\r\n====================================== ================ ============ ==================================================\r\nEveryone                               Well-known group S-1-1-0      Mandatory group, Enabled by default, Enabled group\r\nBUILTIN\\Administrators                 Alias            S-1-5-32-544 Mandatory group, Enabled by default, Enabled group, Group owner\r\n".to_owned(),
        ),
    ));
    files.push(("sessions.txt", with_header(command("sessions.txt"), sessions_text(world))));
    files.push((
        "uiflowservice.txt",
        with_header(
            command("uiflowservice.txt"),
            "[SC] QueryServiceConfig SUCCESS\r\n\r\nSERVICE_NAME: UIFlowService\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n        START_TYPE         : 2   AUTO_START\r\n        ERROR_CONTROL      : 1   NORMAL\r\n        BINARY_PATH_NAME   : \"C:\\Program Files (x86)\\Power Automate Desktop\\PAD.AgentHost.exe\"\r\n        LOAD_ORDER_GROUP   :\r\n        TAG                : 0\r\n        DISPLAY_NAME       : Power Automate service\r\n        DEPENDENCIES       :\r\n        SERVICE_START_NAME : NT SERVICE\\UIFlowService\r\n".to_owned(),
        ),
    ));
    files.push((
        "uiflowservice-sid.txt",
        with_header(
            command("uiflowservice-sid.txt"),
            format!(
                "\r\nNAME: UIFlowService\r\nSERVICE SID: {UIFLOWSERVICE_SID}\r\nSTATUS: Active\r\n"
            ),
        ),
    ));
    let dc = if m.domain_controller_reachable && m.device_state.domain_joined {
        let domain = m.device_state.domain_name.as_deref().unwrap_or("CONTOSO");
        format!("           DC: \\\\DC01.{}.local\r\n      Address: \\\\10.0.0.4\r\n     Dom Guid: 3f1d2c4b-5a6e-4f70-8a91-b2c3d4e5f607\r\n     Dom Name: {domain}.local\r\n  Forest Name: {domain}.local\r\n Dc Site Name: Default-First-Site-Name\r\nOur Site Name: Default-First-Site-Name\r\n        Flags: PDC GC DS LDAP KDC TIMESERV WRITABLE DNS_DC DNS_DOMAIN DNS_FOREST CLOSE_SITE FULL_SECRET WS DS_8 DS_9 DS_10 KEYLIST\r\nThe command completed successfully\r\n", domain.to_ascii_lowercase())
    } else if m.device_state.domain_joined {
        "Getting DC name failed: Status = 1311 0x51f ERROR_NO_LOGON_SERVERS\r\n".to_owned()
    } else {
        "Getting DC name failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN\r\n".to_owned()
    };
    files.push(("domain-controller.txt", with_header(command("domain-controller.txt"), dc)));
    files.push((
        "rds-config-endpoint.txt",
        format!(
            "\r\n\r\nComputerName     : config.edge.skype.com\r\nTcpTestSucceeded : {}\r\n\r\n\r\n\r\n",
            if m.reaches_rds_config_endpoint { "True" } else { "False" }
        ),
    ));
    files.push((
        "entra-endpoint.txt",
        format!(
            "\r\n\r\nComputerName     : login.microsoftonline.com\r\nTcpTestSucceeded : {}\r\n\r\n\r\n\r\n",
            if m.reaches_entra { "True" } else { "False" }
        ),
    ));
    files.push(("user-rights.inf", user_rights_text(world, &account)));
    files
}

/// The connection's account as a group or right lists it: `AzureAD\UPN`
/// for an Entra account, `DOMAIN\user`, or the local name.
fn listed_name(world: &World) -> String {
    let typed = world.connection.username.trim();
    match Username::parse(typed, &world.machine.name).kind {
        UsernameKind::Upn => format!("AzureAD\\{typed}"),
        _ => typed.trim_start_matches(".\\").to_owned(),
    }
}

/// `net localgroup` as Windows prints it in English.
fn local_group_text(name: &str, comment: &str, members: &[String]) -> String {
    let mut out =
        format!("Alias name     {name}\r\nComment        {comment}\r\n\r\nMembers\r\n\r\n");
    out.push_str(&"-".repeat(79));
    out.push_str("\r\n");
    for m in members {
        let _ = write!(out, "{m}\r\n");
    }
    out.push_str("The command completed successfully.\r\n\r\n");
    out
}

/// `query user` for the world's sessions: the account's own where it has
/// one, another user's, and two more on a server at its limit.
fn sessions_text(world: &World) -> String {
    let m = &world.machine;
    let typed = world.connection.username.trim();
    let name = typed.rsplit_once('\\').map_or(typed, |(_, n)| n);
    let short: String = name.split('@').next().unwrap_or(name).chars().take(20).collect();
    let session = m.session.unwrap_or(match world.connection.mode {
        RunMode::Attended => Session::Active,
        RunMode::Unattended => Session::None,
    });
    let mut rows: Vec<(String, &str, u32, &str)> = Vec::new();
    match session {
        Session::Active | Session::Locked => rows.push((short.clone(), "console", 1, "Active")),
        Session::Disconnected => rows.push((short.clone(), "", 1, "Disc")),
        Session::None => {}
    }
    if m.other_user_session {
        rows.push(("operator".to_owned(), "rdp-tcp#3", 2, "Active"));
    }
    if m.session_limit_reached {
        rows.push(("admin1".to_owned(), "rdp-tcp#4", 3, "Active"));
        rows.push(("admin2".to_owned(), "", 4, "Disc"));
    }
    if rows.is_empty() {
        return "No User exists for *\r\n".to_owned();
    }
    let mut out = " USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME\r\n"
        .to_owned();
    for (user, session, id, state) in rows {
        let _ = write!(
            out,
            " {user:<21} {session:<18} {id:>2}  {state:<7}       none  12/7/2026 9:00 AM\r\n"
        );
    }
    out
}

/// `secedit /export /areas USER_RIGHTS` for the world's rights.
fn user_rights_text(world: &World, account: &str) -> String {
    let rights = &world.machine.logon_rights;
    let (allow, deny) = match world.connection.mode {
        RunMode::Attended => ("SeInteractiveLogonRight", "SeDenyInteractiveLogonRight"),
        RunMode::Unattended => {
            ("SeRemoteInteractiveLogonRight", "SeDenyRemoteInteractiveLogonRight")
        }
    };
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    let mut allowed = vec![format!("*{}", sid::ADMINISTRATORS)];
    if rights.granted {
        allowed.push(format!("*{}", sid::REMOTE_DESKTOP_USERS));
        allowed.push(format!("*{}", sid::USERS));
    }
    let other_allow = if allow == "SeInteractiveLogonRight" {
        "SeRemoteInteractiveLogonRight"
    } else {
        "SeInteractiveLogonRight"
    };
    lines.push((
        other_allow.to_owned(),
        vec![format!("*{}", sid::ADMINISTRATORS), format!("*{}", sid::USERS)],
    ));
    lines.push((allow.to_owned(), allowed));
    let mut denied = vec!["Guest".to_owned()];
    if rights.denied {
        denied.push(account.to_owned());
    }
    if rights.uiflowservice_denied {
        denied.push(format!("*{UIFLOWSERVICE_SID}"));
    }
    lines.push((deny.to_owned(), denied));
    let service = if world.machine.service_can_log_on {
        vec![format!("*{}", sid::ALL_SERVICES)]
    } else {
        vec!["*S-1-5-20".to_owned()]
    };
    lines.push(("SeServiceLogonRight".to_owned(), service));
    let mut out = "[Unicode]\r\nUnicode=yes\r\n[Version]\r\nsignature=\"$CHICAGO$\"\r\nRevision=1\r\n[Privilege Rights]\r\n".to_owned();
    for (right, accounts) in lines {
        let _ = write!(out, "{right} = {}\r\n", accounts.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(files: &[(&str, &str)]) -> Collected {
        let mut c = Collected::default();
        for (name, text) in files {
            read(name, text, &mut c);
        }
        c
    }

    #[test]
    fn a_reg_query_output_gives_its_values_and_a_policy_wins() {
        let rdp = "flowcred-collect: reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\"\r\n\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\r\n    SecurityLayer    REG_DWORD    0x1\r\n    UserAuthentication    REG_DWORD    0x1\r\n";
        let policy = "flowcred-collect: reg query \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\"\r\n\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\r\n    UserAuthentication    REG_DWORD    0x0\r\n";
        let c = collect(&[("a.txt", rdp), ("b.txt", policy)]);
        let mut ev = Evidence::unknown();
        apply(&c, &mut ev);
        assert_eq!(ev.rdp_nla.value, Some(false), "the policy wins");
        assert_eq!(ev.rdp_nla.line, Some(4));
        assert_eq!(ev.security_layer.value, Some(SecurityLayer::Negotiate));
        assert_eq!(ev.prompt_for_password.value, Some(false), "set nowhere");
        assert!(ev.origins.contains(&(FactId::RdpNla, 1)));
    }

    #[test]
    fn a_connection_test_speaks_for_the_host_it_names() {
        let test = |host: &str, ok: &str| {
            format!("\r\n\r\nComputerName     : {host}\r\nTcpTestSucceeded : {ok}\r\n")
        };
        let c = collect(&[
            ("a.txt", &test("login.microsoftonline.com", "False")),
            ("b.txt", &test("config.edge.skype.com", "True")),
            ("c.txt", &test("example.com", "False")),
            ("d.txt", "TcpTestSucceeded : False\r\n"),
        ]);
        let mut ev = Evidence::unknown();
        apply(&c, &mut ev);
        assert_eq!(ev.entra_reachable.value, Some(false));
        assert_eq!(ev.entra_reachable.line, Some(4));
        assert_eq!(ev.rds_config_reachable.value, Some(true));
        assert!(c.files[2].notes[0].contains("`example.com`"), "{:?}", c.files[2].notes);
        assert!(c.files[3].notes[0].contains("no ComputerName"), "{:?}", c.files[3].notes);
    }

    #[test]
    fn an_absent_key_is_told_by_the_command_whatever_the_message_language() {
        let c = collect(&[(
            "x",
            "flowcred-collect: reg query \"HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Power Automate Desktop\" /s\r\nFEHLER: Der angegebene Registrierungsschlüssel wurde nicht gefunden.\r\n",
        )]);
        let mut ev = Evidence::unknown();
        apply(&c, &mut ev);
        assert_eq!(ev.entra_rdp_auth.value, Some(false));
        assert_eq!(ev.tenant_allowlisted.value, Some(false));
    }

    #[test]
    fn a_reg_export_reads_like_a_query() {
        let reg = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System]\r\n\"legalnoticecaption\"=\"Notice\"\r\n\"legalnoticetext\"=\"\"\r\n\"scforceoption\"=dword:00000001\r\n";
        let c = collect(&[("p.reg", reg)]);
        let mut ev = Evidence::unknown();
        apply(&c, &mut ev);
        assert_eq!(ev.legal_notice.value, Some(true));
        assert_eq!(ev.legal_notice.line, Some(4));
        assert_eq!(ev.smart_card_required.value, Some(true));
    }

    #[test]
    fn what_a_rendered_machine_gives_is_all_in_facts() {
        let world = crate::testing::unattended();
        let mut c = Collected::default();
        for (name, text) in render(&world) {
            read(name, &text, &mut c);
        }
        let mut ev = Evidence::unknown();
        ev.username.set(world.connection.username.clone());
        ev.run_mode.set(world.connection.mode);
        apply(&c, &mut ev);
        assert!(ev.origins.len() >= 15, "{:?}", ev.origins);
        for (fact, _) in &ev.origins {
            assert!(FACTS.contains(fact) || PARTLY.contains(fact), "{fact:?} is not in FACTS");
        }
        // And each fact read agrees with the world's own evidence.
        let truth = crate::evidence::observe(&world);
        for (fact, _) in &ev.origins {
            assert_eq!(ev.get(*fact).shown(), truth.get(*fact).shown(), "{fact:?}");
        }
    }

    #[test]
    fn the_block_writes_each_file_the_readers_tell_apart() {
        let block = block();
        for c in COMMANDS {
            assert!(block.contains(c.file), "{}", c.file);
        }
        // Nothing of a password: no command reads one.
        for secret in ["password", "cmdkey", "vault", "/savecred"] {
            assert!(!block.to_ascii_lowercase().contains(secret), "{secret}");
        }
    }
}
