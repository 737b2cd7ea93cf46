//! `dsregcmd /status`: parse its text (modern and older layouts) into fields
//! that keep their line numbers, and render a machine's state in the modern
//! layout.
//!
//! The parser is tolerant, as real captures demand: irregular alignment,
//! trailing spaces, CRLF, a byte-order mark, values wrapped by the console
//! onto a second line, unknown keys (kept), missing sections, and the 2017
//! `Key: value` and 2018 combined Device State layouts. Text with no
//! `AzureAdJoined` or `DomainJoined` field is not `dsregcmd` output.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::model::{JoinKind, World};

/// One `Key : value` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The title of the box the field sits under (`Device State`, `Work Account 1`),
    /// shared by the section's fields.
    pub section: Arc<str>,
    /// The key as printed, such as `AzureAdJoined`.
    pub key: String,
    /// The value as printed, console-wrapped continuations joined.
    pub value: String,
    /// 1-based line of the key in the input.
    pub line: u32,
}

/// Which generation of the output the text looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Windows 10 1809 and later: separate Device Details, Tenant Details, SSO State.
    Modern,
    /// 2018 (RS4): one combined Device State, `AzureAdPrt` under User State.
    Combined2018,
    /// 2017: combined Device State with `Key: value` lines.
    Legacy2017,
}

impl Layout {
    /// The layout's name, as outputs write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Layout::Modern => "modern",
            Layout::Combined2018 => "2018 combined Device State",
            Layout::Legacy2017 => "2017 `Key: value`",
        }
    }
}

/// A parsed `dsregcmd /status` output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// Every field, in input order.
    pub fields: Vec<Field>,
    /// Which generation of the output the text looks like.
    pub layout: Layout,
}

/// Why a text is not `dsregcmd /status` output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotDsregcmd(pub String);

/// A Work Account N section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkAccountInfo {
    /// The section's title, such as `Work Account 1`.
    pub section: String,
    /// `WorkplaceTenantId`.
    pub tenant_id: Option<String>,
    /// `WorkplaceTenantName`.
    pub tenant_name: Option<String>,
    /// 1-based line of the section's first field.
    pub line: u32,
}

/// The sign-in failure `dsregcmd` records when the PRT could not be obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrtFailure {
    /// `Attempt Status`.
    pub attempt_status: Option<Field>,
    /// `User Identity`.
    pub user_identity: Option<Field>,
    /// `Credential Type`.
    pub credential_type: Option<Field>,
    /// `Server Error Code`.
    pub server_error_code: Option<Field>,
    /// `Server Error Description`.
    pub server_error_description: Option<Field>,
}

/// Longest key the parser accepts; longer text before a colon is a value.
const MAX_KEY: usize = 48;

/// A real output has about a hundred fields; far more is not one, and is
/// refused before it costs time and memory.
pub const MAX_FIELDS: usize = 100_000;

fn is_border(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 12
        && t.starts_with('+')
        && t.ends_with('+')
        && t[1..t.len() - 1].bytes().all(|b| b == b'-')
}

fn title(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.trim()).filter(|s| !s.is_empty())
}

fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY
        && key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '(' | ')' | '_'))
}

/// Splits `Key : value`, `Key: value`, `Key :` and the quirky `Key: : value`.
fn split_field(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = line[..colon].trim();
    let rest = &line[colon + 1..];
    // `Key : value`, `Key: value`, `Key:` and, hand-typed, `Key :value`; but
    // not `https://…`, whose colon has text on both sides.
    let spaced = line[..colon].ends_with(' ');
    if !is_key(key) || !(spaced || rest.is_empty() || rest.starts_with([' ', '\t', ':'])) {
        return None;
    }
    let value = rest.trim();
    let value = value.strip_prefix(':').map_or(value, str::trim);
    Some((key, value))
}

/// Parses `dsregcmd /status` text.
pub fn parse(text: &str) -> Result<Status, NotDsregcmd> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut fields: Vec<Field> = Vec::new();
    let mut section: Arc<str> = Arc::from("");
    // Whether the previous line was a field, so a key-less line continues it.
    let mut after_field = false;
    let mut colon_without_space = 0usize;
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let number = u32::try_from(n + 1).unwrap_or(u32::MAX);
        if line.trim().is_empty() || is_border(line) {
            after_field = false;
            continue;
        }
        if let Some(t) = title(line) {
            section = Arc::from(t);
            after_field = false;
            continue;
        }
        if let Some((key, value)) = split_field(line) {
            if fields.len() == MAX_FIELDS {
                return Err(NotDsregcmd(format!(
                    "this is not `dsregcmd /status` output: it has more than {MAX_FIELDS} fields"
                )));
            }
            if line[..line.find(':').unwrap_or(0)].ends_with(|c: char| c != ' ') {
                colon_without_space += 1;
            }
            fields.push(Field {
                section: section.clone(),
                key: key.to_owned(),
                value: value.to_owned(),
                line: number,
            });
            after_field = true;
            continue;
        }
        // A value the console wrapped onto the next line.
        if after_field {
            if let Some(last) = fields.last_mut() {
                last.value.push_str(line.trim_end());
            }
        }
    }
    let has = |key: &str| fields.iter().any(|f| f.key == key);
    if !has("AzureAdJoined") && !has("DomainJoined") {
        return Err(NotDsregcmd(
            "this is not `dsregcmd /status` output: it has no `AzureAdJoined` or `DomainJoined` field".into(),
        ));
    }
    let combined = fields.iter().any(|f| &*f.section == "Device State" && f.key == "TenantId");
    let layout = match (combined, colon_without_space * 2 > fields.len()) {
        (true, true) => Layout::Legacy2017,
        (true, false) => Layout::Combined2018,
        (false, _) => Layout::Modern,
    };
    Ok(Status { fields, layout })
}

impl Status {
    /// The first field with this key, in any section.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The first field with this key in a section whose title is `section`.
    pub fn field_in(&self, section: &str, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| &*f.section == section && f.key == key)
    }

    /// A `YES`/`NO` field, with its line.
    pub fn flag(&self, key: &str) -> Option<(bool, u32)> {
        let f = self.field(key)?;
        match f.value.split_whitespace().next()? {
            "YES" => Some((true, f.line)),
            "NO" => Some((false, f.line)),
            _ => None,
        }
    }

    /// A field's value when it is not empty.
    pub fn value(&self, key: &str) -> Option<(&str, u32)> {
        self.field(key).filter(|f| !f.value.is_empty()).map(|f| (f.value.as_str(), f.line))
    }

    /// How the device is joined, from the Device State flags.
    pub fn join_kind(&self) -> Option<JoinKind> {
        let aad = self.flag("AzureAdJoined").map(|f| f.0);
        let domain = self.flag("DomainJoined").map(|f| f.0);
        let enterprise = self.flag("EnterpriseJoined").is_some_and(|f| f.0);
        let workplace = self.flag("WorkplaceJoined").is_some_and(|f| f.0);
        Some(match (aad?, domain?, enterprise) {
            (true, false, _) => JoinKind::EntraJoined,
            (true, true, _) => JoinKind::HybridJoined,
            (false, true, true) => JoinKind::OnPremDrsJoined,
            (false, true, false) => JoinKind::DomainJoined,
            (false, false, _) if workplace || !self.work_accounts().is_empty() => {
                JoinKind::RegisteredOnly
            }
            (false, false, _) => JoinKind::NotJoined,
        })
    }

    /// The Work Account N sections.
    pub fn work_accounts(&self) -> Vec<WorkAccountInfo> {
        let mut out: Vec<WorkAccountInfo> = Vec::new();
        for f in self.fields.iter().filter(|f| f.section.starts_with("Work Account")) {
            if out.last().is_none_or(|a| *a.section != *f.section) {
                out.push(WorkAccountInfo {
                    section: f.section.to_string(),
                    tenant_id: None,
                    tenant_name: None,
                    line: f.line,
                });
            }
            let account = out.last_mut().expect("pushed above");
            match f.key.as_str() {
                "WorkplaceTenantId" => account.tenant_id = Some(f.value.clone()),
                "WorkplaceTenantName" => account.tenant_name = Some(f.value.clone()),
                _ => {}
            }
        }
        out
    }

    /// The PRT failure diagnostics, if the output has them.
    pub fn prt_failure(&self) -> Option<PrtFailure> {
        let get = |key: &str| self.field(key).filter(|f| !f.value.is_empty()).cloned();
        let failure = PrtFailure {
            attempt_status: get("Attempt Status"),
            user_identity: get("User Identity"),
            credential_type: get("Credential Type"),
            server_error_code: get("Server Error Code"),
            server_error_description: get("Server Error Description"),
        };
        let any = failure.attempt_status.is_some()
            || failure.server_error_code.is_some()
            || failure.server_error_description.is_some();
        any.then_some(failure)
    }

    /// The hybrid join's pre-join diagnostics that did not pass, with the
    /// error phase and codes: the fields of `Diagnostic Data` a person reads
    /// first when a domain-joined machine never became hybrid joined.
    pub fn join_diagnostics(&self) -> Vec<&Field> {
        const CODES: &[&str] =
            &["Error Phase", "Client ErrorCode", "Server ErrorCode", "Server Message"];
        self.fields
            .iter()
            .filter(|f| &*f.section == "Diagnostic Data" && !f.value.is_empty())
            .filter(|f| {
                CODES.contains(&f.key.as_str())
                    || (f.key.ends_with(" Test") && f.value.starts_with("FAIL"))
            })
            .collect()
    }

    /// `Executing Account Name`: `DOMAIN\name[, upn]`.
    pub fn executing_account(&self) -> Option<(&str, u32)> {
        self.value("Executing Account Name")
    }
}

/// The modern `dsregcmd /status` text for the world's machine, joined (or
/// not) to its tenant, as its own user would capture it (see
/// [`World::executing_account`]). Identifiers that the model does not hold
/// (device id, thumbprint) are fixed placeholders.
pub fn render(world: &World) -> String {
    let (machine, tenant_id, tenant_name) =
        (&world.machine, world.tenant.id.as_str(), world.tenant.name.as_str());
    let mut out = String::new();
    let yes = |b: bool| if b { "YES" } else { "NO" };
    let ds = &machine.device_state;
    let section = |out: &mut String, title: &str| {
        let border = format!("+{}+", "-".repeat(70));
        let _ = write!(out, "{border}\n| {title:<68} |\n{border}\n\n");
    };
    let field = |out: &mut String, key: &str, value: &str| {
        let _ = writeln!(out, "{key:>26} : {value}");
    };
    section(&mut out, "Device State");
    field(&mut out, "AzureAdJoined", yes(ds.azure_ad_joined));
    field(&mut out, "EnterpriseJoined", yes(ds.enterprise_joined));
    field(&mut out, "DomainJoined", yes(ds.domain_joined));
    if let Some(domain) = &ds.domain_name {
        field(&mut out, "DomainName", domain);
    }
    field(&mut out, "Device Name", &machine.name);
    out.push('\n');
    if ds.azure_ad_joined {
        section(&mut out, "Device Details");
        field(&mut out, "DeviceId", "00000000-0000-0000-0000-0000000000d1");
        field(&mut out, "Thumbprint", "0000000000000000000000000000000000000000");
        field(&mut out, "KeyProvider", "Microsoft Platform Crypto Provider");
        field(&mut out, "TpmProtected", "YES");
        let auth = if machine.device_enabled {
            "SUCCESS"
        } else {
            "FAILED. Device is either disabled or deleted"
        };
        field(&mut out, "DeviceAuthStatus", auth);
        out.push('\n');
        section(&mut out, "Tenant Details");
        field(&mut out, "TenantName", tenant_name);
        field(&mut out, "TenantId", tenant_id);
        field(&mut out, "Idp", "login.windows.net");
        out.push('\n');
    }
    section(&mut out, "User State");
    field(&mut out, "NgcSet", "NO");
    field(&mut out, "WorkplaceJoined", yes(ds.workplace_joined));
    field(&mut out, "WamDefaultSet", yes(ds.azure_ad_joined));
    out.push('\n');
    section(&mut out, "SSO State");
    field(&mut out, "AzureAdPrt", yes(ds.azure_ad_joined && !machine.work_accounts.is_empty()));
    field(&mut out, "EnterprisePrt", "NO");
    out.push('\n');
    let executing = world.executing_account();
    if ds.domain_joined && !ds.azure_ad_joined {
        section(&mut out, "Diagnostic Data");
        field(&mut out, "Diagnostics Reference", "www.microsoft.com/aadjerrors");
        field(&mut out, "User Context", "UN-ELEVATED User");
        field(&mut out, "AD Connectivity Test", "PASS");
        field(&mut out, "DRS Discovery Test", "SKIPPED");
        if let Some(account) = &executing {
            field(&mut out, "Executing Account Name", &account.to_string());
        }
        out.push('\n');
    } else if let Some(account) = executing.filter(|_| ds.azure_ad_joined) {
        section(&mut out, "Diagnostic Data");
        field(&mut out, "AadRecoveryEnabled", "NO");
        field(&mut out, "Executing Account Name", &account.to_string());
        out.push('\n');
    }
    out.push_str("For more information, please visit https://www.microsoft.com/aadjerrors\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_quirky_keys() {
        assert_eq!(
            split_field("             AzureAdJoined : YES   "),
            Some(("AzureAdJoined", "YES"))
        );
        assert_eq!(split_field("AadRecoveryEnabled: NO"), Some(("AadRecoveryEnabled", "NO")));
        assert_eq!(
            split_field("KeySignTest: : MUST Run elevated to test."),
            Some(("KeySignTest", "MUST Run elevated to test."))
        );
        assert_eq!(split_field("                    MdmUrl :"), Some(("MdmUrl", "")));
        assert_eq!(
            split_field("AzureAdPrtUpdateTime : 2025-06-02 05:57:29.000 UTC"),
            Some(("AzureAdPrtUpdateTime", "2025-06-02 05:57:29.000 UTC"))
        );
        assert_eq!(split_field("AzureAdJoined :NO   "), Some(("AzureAdJoined", "NO")));
        assert_eq!(split_field("sing WPAD. code: 0x80072f94"), None);
        assert_eq!(split_field("https://login.microsoftonline.com"), None);
    }

    #[test]
    fn wrapped_values_join_and_crlf_is_fine() {
        let text = "| Device State |\r\n  AzureAdJoined : NO\r\n  DomainJoined : YES\r\n   Auto Detect PAC Status : Failed to auto detect the script u\r\nsing WPAD. code: 0x80072f94\r\n";
        let s = parse(text).unwrap();
        assert_eq!(
            s.field("Auto Detect PAC Status").unwrap().value,
            "Failed to auto detect the script using WPAD. code: 0x80072f94"
        );
        assert_eq!(s.flag("DomainJoined"), Some((true, 3)));
    }

    #[test]
    fn refuses_other_text() {
        assert!(parse("hello\nworld: yes\n").is_err());
        assert!(parse("").is_err());
    }
}
