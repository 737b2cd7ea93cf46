//! A real Active Directory domain controller (Samba) on loopback, for the
//! differential test of the on-premises logon model.
//!
//! [`Directory::start`] provisions a domain `CONTOSO.TEST` into a fresh
//! temporary folder, bound to `lo` only, with no DNS service and no DNS
//! forwarder, starts `samba` in its own process group, and waits until NTLM
//! and Kerberos answer. Dropping the `Directory` stops the whole group by its
//! process id, also when a test fails.

use std::fmt::Write as _;
use std::io::Write as _;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use flowcred_core::directory::{Account, NtStatus};

/// The programs the directory needs (Debian packages `samba`, `samba-ad-dc`,
/// `winbind`, `smbclient`, `krb5-user`, `ldb-tools`).
pub const PROGRAMS: &[&str] =
    &["samba", "samba-tool", "ntlm_auth", "smbclient", "kinit", "ldbadd", "ldbmodify"];

const REALM: &str = "CONTOSO.TEST";
const DOMAIN: &str = "CONTOSO";
const BASE_DN: &str = "DC=contoso,DC=test";
const ADMIN_PASSWORD: &str = "Passw0rd!Admin";
/// Bad passwords before an account locks, as the domain is set up.
pub const LOCKOUT_THRESHOLD: u32 = 3;

/// Why the directory could not start.
#[derive(Debug)]
pub enum StartError {
    /// A program is missing: install the packages first.
    Missing(String),
    Failed(String),
}

/// A running domain controller.
#[derive(Debug)]
pub struct Directory {
    base: PathBuf,
    samba: Child,
}

fn found(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
        || Path::new("/usr/sbin").join(program).is_file()
}

/// Runs a command to completion within `limit`, killing it past that.
fn run_within(
    command: &mut Command,
    stdin: Option<&str>,
    limit: Duration,
) -> Result<Output, String> {
    let mut child = command
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let _ = pipe.write_all(text.as_bytes());
    }
    let started = Instant::now();
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            return child.wait_with_output().map_err(|e| e.to_string());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{command:?} did not finish within {limit:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn checked(command: &mut Command, stdin: Option<&str>) -> Result<Output, String> {
    let out = run_within(command, stdin, Duration::from_secs(120))?;
    if !out.status.success() {
        return Err(format!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out)
}

impl Directory {
    /// Whether every program is installed.
    pub fn missing_programs() -> Vec<&'static str> {
        PROGRAMS.iter().copied().filter(|p| !found(p)).collect()
    }

    pub fn start() -> Result<Directory, StartError> {
        let missing = Directory::missing_programs();
        if !missing.is_empty() {
            return Err(StartError::Missing(missing.join(", ")));
        }
        let base = std::env::temp_dir().join(format!("flowcred-samba-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).map_err(|e| StartError::Failed(e.to_string()))?;
        let dc = base.join("dc");
        provision(&base, &dc).map_err(StartError::Failed)?;
        // winbindd's socket lives under the built-in /run/samba (it cannot be
        // moved); on a machine where no service ever ran, create it.
        let _ = std::fs::create_dir_all("/run/samba");
        let log = std::fs::File::create(base.join("samba.log"))
            .map_err(|e| StartError::Failed(e.to_string()))?;
        let samba = Command::new("samba")
            .args(["-F", "--maximum-runtime=900", "-s"])
            .arg(dc.join("etc/smb.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| StartError::Failed(e.to_string()))?)
            .stderr(log)
            // Its own process group, so stopping it stops every child it forks.
            .process_group(0)
            .spawn()
            .map_err(|e| StartError::Failed(format!("cannot start samba: {e}")))?;
        let directory = Directory { base, samba };
        directory.wait_until_ready().map_err(StartError::Failed)?;
        Ok(directory)
    }

    fn wait_until_ready(&self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            let ntlm =
                self.ntlm_auth("Administrator", ADMIN_PASSWORD).is_ok_and(|s| s == NtStatus::Ok);
            let kdc = self.kinit("Administrator", ADMIN_PASSWORD).is_ok_and(|e| e.is_none());
            if ntlm && kdc {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(60) {
                let log = std::fs::read_to_string(self.base.join("samba.log")).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(30).collect();
                return Err(format!(
                    "samba did not answer within 60 s (ntlm {ntlm}, kdc {kdc}); log tail:\n{}",
                    tail.join("\n")
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn sam(&self) -> PathBuf {
        self.base.join("dc/private/sam.ldb")
    }

    /// Creates accounts in one batch: `(name, password, state)`.
    pub fn create_accounts(&self, accounts: &[(String, String, Account)]) -> Result<(), String> {
        let mut ldif = String::new();
        for (name, password, state) in accounts {
            let control = if state.disabled { 514 } else { 512 };
            let _ = write!(
                ldif,
                "dn: CN={name},CN=Users,{BASE_DN}\nobjectClass: user\nsAMAccountName: {name}\nuserPrincipalName: {name}@contoso.test\nunicodePwd:: {}\nuserAccountControl: {control}\n",
                encoded_password(password)
            );
            if state.account_expired {
                // 1601-01-01 plus one 100 ns tick: long past.
                ldif.push_str("accountExpires: 1\n");
            }
            if state.logon_hours_denied {
                // 21 zero bytes: no hour of the week is allowed.
                ldif.push_str("logonHours:: AAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
            }
            if state.workstation_restricted {
                ldif.push_str("userWorkstations: WKS1\n");
            }
            ldif.push('\n');
        }
        checked(Command::new("ldbadd").arg("-H").arg(self.sam()), Some(&ldif))?;
        // What an add cannot set: a password that must change, or one set
        // fifty days ago (past the domain's 42-day maximum age).
        for (name, password, state) in accounts {
            let last_set = if state.must_change_password {
                Some(0)
            } else if state.password_expired {
                let unix = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
                    .saturating_sub(50 * 86_400);
                Some((unix + 11_644_473_600) * 10_000_000)
            } else {
                None
            };
            if let Some(last_set) = last_set {
                let ldif = format!(
                    "dn: CN={name},CN=Users,{BASE_DN}\nchangetype: modify\nreplace: unicodePwd\nunicodePwd:: {}\n-\nreplace: pwdLastSet\npwdLastSet: {last_set}\n",
                    encoded_password(password)
                );
                checked(
                    Command::new("ldbmodify")
                        .arg("-H")
                        .arg(self.sam())
                        .arg("--controls=local_oid:1.3.6.1.4.1.7165.4.3.20:0"),
                    Some(&ldif),
                )?;
            }
        }
        Ok(())
    }

    /// A network logon through winbind (netlogon): the directory's own status.
    pub fn ntlm_auth(&self, user: &str, password: &str) -> Result<NtStatus, String> {
        let out = run_within(
            Command::new("ntlm_auth")
                .arg(format!("--configfile={}", self.base.join("client.conf").display()))
                .arg(format!("--username={user}"))
                .arg(format!("--domain={DOMAIN}"))
                .arg(format!("--password={password}")),
            None,
            Duration::from_secs(30),
        )?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        status_in(&text).ok_or_else(|| {
            format!("ntlm_auth said nothing flowcred reads: {}", redact(&text, password))
        })
    }

    /// An SMB session setup from a client named `workstation`: what a client sees.
    pub fn smb(&self, user: &str, password: &str, workstation: &str) -> Result<String, String> {
        let out = run_within(
            Command::new("smbclient")
                .arg("-s")
                .arg(self.base.join("client.conf"))
                .arg(format!("--option=netbios name={workstation}"))
                .arg("--use-kerberos=off")
                .arg("-U")
                .arg(format!("{DOMAIN}\\{user}%{password}"))
                .args(["//127.0.0.1/netlogon", "-c", "ls"]),
            None,
            Duration::from_secs(30),
        )?;
        if out.status.success() {
            return Ok("NT_STATUS_OK".to_owned());
        }
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        text.split_whitespace()
            .find(|w| w.starts_with("NT_STATUS_"))
            .map(|w| {
                w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_').to_owned()
            })
            .ok_or_else(|| {
                format!("smbclient said nothing flowcred reads: {}", redact(&text, password))
            })
    }

    /// A Kerberos AS exchange: `None` when a TGT was issued, else the KDC error.
    pub fn kinit(&self, user: &str, password: &str) -> Result<Option<u32>, String> {
        let out = run_within(
            Command::new("kinit")
                .arg(format!("{user}@{REALM}"))
                .env("KRB5_CONFIG", self.base.join("krb5.conf"))
                .env("KRB5CCNAME", "MEMORY:flowcred")
                .env("KRB5_TRACE", "/dev/stderr"),
            Some(&format!("{password}\n")),
            Duration::from_secs(30),
        )?;
        if out.status.success() {
            return Ok(None);
        }
        let trace = String::from_utf8_lossy(&out.stderr);
        // "Received error from KDC: -1765328360/Preauthentication failed"
        let code = trace
            .lines()
            .filter_map(|l| l.split("Received error from KDC: ").nth(1))
            .filter_map(|rest| rest.split('/').next()?.trim().parse::<i64>().ok())
            .map(|n| (n + 1_765_328_384) as u32)
            .rfind(|code| *code != 25); // 25 is the normal pre-authentication round trip
        code.map(Some).ok_or_else(|| {
            format!("kinit failed without a KDC error: {}", redact(&trace, password))
        })
    }
}

impl Drop for Directory {
    fn drop(&mut self) {
        // Stop the process group by the samba process's id (its group id).
        let group = format!("-{}", self.samba.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if self.samba.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.samba.wait();
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// Text with a password blanked out, for error messages.
fn redact(text: &str, password: &str) -> String {
    if password.is_empty() {
        text.to_owned()
    } else {
        text.replace(password, "***")
    }
}

/// The status `ntlm_auth` printed: `NT_STATUS_…: … (0x…)`, or on success a
/// line that ends `(0x0)` and names no status.
fn status_in(text: &str) -> Option<NtStatus> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find_map(NtStatus::from_name)
        .or_else(|| text.lines().any(|l| l.trim_end().ends_with("(0x0)")).then_some(NtStatus::Ok))
}

/// `"password"` in UTF-16LE, base64: how AD takes a password over LDIF.
fn encoded_password(password: &str) -> String {
    let quoted: Vec<u8> =
        format!("\"{password}\"").encode_utf16().flat_map(u16::to_le_bytes).collect();
    base64(&quoted)
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Provisions the domain and writes the server and client configuration.
fn provision(base: &Path, dc: &Path) -> Result<(), String> {
    let empty = base.join("empty.conf");
    std::fs::write(&empty, "").map_err(|e| e.to_string())?;
    checked(
        Command::new("samba-tool")
            .args(["domain", "provision", "-s"])
            .arg(&empty)
            .args([
                "--use-rfc2307",
                &format!("--realm={REALM}"),
                &format!("--domain={DOMAIN}"),
                "--server-role=dc",
                "--dns-backend=SAMBA_INTERNAL",
                &format!("--adminpass={ADMIN_PASSWORD}"),
                "--host-name=dc1",
                "--host-ip=127.0.0.1",
            ])
            .arg(format!("--targetdir={}", dc.display()))
            .args(["--option=interfaces = lo", "--option=bind interfaces only = yes"]),
        None,
    )?;
    // No DNS forwarder (provisioning copies the host's resolver) and no
    // service the tests do not use; logs and sockets under the folder.
    let conf_path = dc.join("etc/smb.conf");
    let conf = std::fs::read_to_string(&conf_path).map_err(|e| e.to_string())?;
    for dir in ["run", "log", "ncalrpc"] {
        std::fs::create_dir_all(dc.join(dir)).map_err(|e| e.to_string())?;
    }
    let extra = format!(
        "\tserver services = s3fs, rpc, kdc, winbindd\n\tdisable netbios = yes\n\tpid directory = {run}\n\tncalrpc dir = {ncalrpc}\n\tlog level = 1\n\tlog file = {log}/log.%m\n\tsmb ports = 445\n",
        run = dc.join("run").display(),
        ncalrpc = dc.join("ncalrpc").display(),
        log = dc.join("log").display(),
    );
    let mut edited = String::new();
    for line in conf.lines() {
        if line.trim_start().starts_with("dns forwarder") {
            continue;
        }
        edited.push_str(line);
        edited.push('\n');
        if line.trim() == "[global]" {
            edited.push_str(&extra);
        }
    }
    std::fs::write(&conf_path, edited).map_err(|e| e.to_string())?;
    std::fs::write(
        base.join("krb5.conf"),
        format!(
            "[libdefaults]\n\tdefault_realm = {REALM}\n\tdns_lookup_realm = false\n\tdns_lookup_kdc = false\n\trdns = false\n\tdns_canonicalize_hostname = false\n\tudp_preference_limit = 0\n[realms]\n\t{REALM} = {{\n\t\tkdc = 127.0.0.1\n\t}}\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let client_state = base.join("client");
    std::fs::create_dir_all(&client_state).map_err(|e| e.to_string())?;
    std::fs::write(
        base.join("client.conf"),
        format!(
            "[global]\n\tworkgroup = {DOMAIN}\n\trealm = {REALM}\n\tnetbios name = CLIENT1\n\tlock directory = {s}\n\tstate directory = {s}\n\tcache directory = {s}\n\tprivate dir = {s}\n\tclient min protocol = SMB2\n\tdisable netbios = yes\n",
            s = client_state.display()
        ),
    )
    .map_err(|e| e.to_string())?;
    // Lockout after three bad passwords, reset after five seconds.
    let sam = dc.join("private/sam.ldb");
    checked(
        Command::new("samba-tool")
            .args(["domain", "passwordsettings", "set", "-s"])
            .arg(&conf_path)
            .arg(format!("--account-lockout-threshold={LOCKOUT_THRESHOLD}"))
            .args(["--account-lockout-duration=1", "--reset-account-lockout-after=1"]),
        None,
    )?;
    let ldif = format!(
        "dn: {BASE_DN}\nchangetype: modify\nreplace: lockoutDuration\nlockoutDuration: -50000000\n-\nreplace: lockOutObservationWindow\nlockOutObservationWindow: -50000000\n"
    );
    checked(Command::new("ldbmodify").arg("-H").arg(&sam), Some(&ldif))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_passwords_encode_as_ad_expects() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        // "\"a\"" in UTF-16LE.
        assert_eq!(encoded_password("a"), base64(&[0x22, 0, 0x61, 0, 0x22, 0]));
    }

    #[test]
    fn reads_statuses_out_of_tool_output() {
        assert_eq!(
            status_in("NT_STATUS_WRONG_PASSWORD: Wrong Password (0xc000006a)"),
            Some(NtStatus::WrongPassword)
        );
        assert_eq!(
            status_in("NT_STATUS_OK: The operation completed successfully. (0x0)"),
            Some(NtStatus::Ok)
        );
        assert_eq!(redact("user pw secret", "secret"), "user pw ***");
    }
}
