//! Windows Security events about a logon: what each one says, and the
//! events people paste as text.
//!
//! An event comes from a log (`.evtx` or `wevtutil` XML, read by the
//! simulator) or from text: the rendering Event Viewer shows for a failed
//! logon (4625), a credential validation (4776), a Kerberos
//! pre-authentication failure (4771) or a lockout (4740), copied into a
//! report or a ticket. Either way it is a [`LogonEvent`], weighed the same.
//! Text is read by its field labels (`Logon Type:`, `Sub Status:`), as the
//! pages of each event document them (see
//! [`crate::source::links::EVENT_4625`]); nothing is guessed where a label is
//! missing.

use crate::recognize::Sign;
use crate::text::Quoted;

/// A Windows Security event about a logon, as a support engineer exports it
/// from the machine (or its domain controller): 4625 (a logon failed), 4776
/// (NTLM validation), 4771 (Kerberos pre-authentication failed) or 4740 (an
/// account locked out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogonEvent {
    /// The event id.
    pub event_id: u32,
    /// `EventRecordID`, to find the event again.
    pub record_id: u64,
    /// `TimeCreated SystemTime`.
    pub time: String,
    /// `TargetUserName`.
    pub target_user: String,
    /// `TargetDomainName`, where the event has one.
    pub target_domain: String,
    /// `Status` (an NTSTATUS, or a Kerberos code for 4771).
    pub status: Option<i64>,
    /// `SubStatus` (4625).
    pub sub_status: Option<i64>,
    /// `LogonType` (4625): 2 interactive, 10 Remote Desktop, 11 cached.
    pub logon_type: Option<u32>,
    /// `ProcessName` (4625).
    pub process: String,
    /// `AuthenticationPackageName` (4625: `NTLM`, `Kerberos`, `Negotiate`)
    /// or `PackageName` (4776), where the event has one.
    pub package: String,
}

/// What a logon event's status says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventMeaning {
    /// The password was wrong (0xC000006A, Kerberos 0x18).
    WrongPassword,
    /// No such account (0xC0000064, Kerberos 0x6).
    NoSuchAccount,
    /// The account is disabled (0xC0000072).
    Disabled,
    /// The account is locked out (0xC0000234, event 4740).
    LockedOut,
    /// The password expired or must change (0xC0000071, 0xC0000224).
    PasswordExpired,
    /// The logon type is not granted (0xC000015B).
    LogonTypeNotGranted,
    /// Another restriction: time, workstation, account expiry, or a
    /// Kerberos client-credential refusal (0x12).
    Restricted,
    /// The generic logon failure, with nothing more specific.
    LogonFailure,
}

impl EventMeaning {
    /// The meaning in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventMeaning::WrongPassword => "wrong password",
            EventMeaning::NoSuchAccount => "no such account",
            EventMeaning::Disabled => "account disabled",
            EventMeaning::LockedOut => "account locked out",
            EventMeaning::PasswordExpired => "password expired or must change",
            EventMeaning::LogonTypeNotGranted => "logon type not granted",
            EventMeaning::Restricted => "account restriction",
            EventMeaning::LogonFailure => "logon failure",
        }
    }
}

/// The events `with_events` reads; others are left out.
pub const LOGON_EVENT_IDS: [u32; 4] = [4625, 4776, 4771, 4740];

impl LogonEvent {
    /// The status that says most: 4625's sub-status under the generic
    /// STATUS_LOGON_FAILURE, the status otherwise.
    fn specific_status(&self) -> Option<u32> {
        let status = self.status.map(|s| s as u32);
        match (status, self.sub_status.map(|s| s as u32)) {
            (Some(0xC000_006D), Some(sub)) if sub != 0 => Some(sub),
            (status, _) => status,
        }
    }

    /// What the status says, where flowcred knows it.
    pub fn meaning(&self) -> Option<EventMeaning> {
        use EventMeaning::*;
        if self.event_id == 4740 {
            return Some(LockedOut);
        }
        if self.event_id == 4771 {
            // Kerberos error codes.
            return match self.status? {
                0x18 => Some(WrongPassword),
                0x6 => Some(NoSuchAccount),
                0x12 => Some(Restricted),
                _ => None,
            };
        }
        Some(match self.specific_status()? {
            0xC000_006A => WrongPassword,
            0xC000_0064 => NoSuchAccount,
            0xC000_0072 => Disabled,
            0xC000_0234 => LockedOut,
            0xC000_0071 | 0xC000_0224 => PasswordExpired,
            0xC000_015B => LogonTypeNotGranted,
            0xC000_006F | 0xC000_0070 | 0xC000_0193 => Restricted,
            0xC000_006D => LogonFailure,
            _ => return None,
        })
    }

    /// The logon type in words.
    pub fn logon_kind(&self) -> Option<&'static str> {
        Some(match self.logon_type? {
            2 => "interactive",
            3 => "network",
            10 => "Remote Desktop",
            11 => "cached interactive",
            _ => return None,
        })
    }

    /// One line for a person, such as
    /// ``4625 record 319457832 (2016-06-29T…): `TEMPORAL\Administrator`,
    /// Remote Desktop logon, status 0xC000006D/0xC000006A (wrong password)``;
    /// the account is quoted, and a time that is no timestamp is left out.
    pub fn describe(&self) -> String {
        let mut out = format!("{} record {}", self.event_id, self.record_id);
        // A time is shown only as the timestamp it should be.
        let stamp = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+');
        if !self.time.is_empty() && self.time.chars().all(stamp) {
            out.push_str(&format!(" ({})", self.time));
        }
        let who = if self.target_domain.is_empty() {
            self.target_user.clone()
        } else {
            format!("{}\\{}", self.target_domain, self.target_user)
        };
        out.push_str(&format!(": {}", Quoted(&who)));
        if let Some(kind) = self.logon_kind() {
            out.push_str(&format!(", {kind} logon"));
        }
        match (self.status, self.sub_status) {
            (Some(s), Some(sub)) if sub != 0 => {
                out.push_str(&format!(", status 0x{:08X}/0x{:08X}", s as u32, sub as u32))
            }
            (Some(s), _) => out.push_str(&format!(", status 0x{:08X}", s as u32)),
            _ => {}
        }
        if let Some(meaning) = self.meaning() {
            out.push_str(&format!(" ({})", meaning.as_str()));
        }
        out
    }

    /// Whether the event names the account a connection username names:
    /// `alice`, `CONTOSO\alice` and `alice@contoso.com` all name `alice`.
    pub fn names(&self, username: &str) -> bool {
        let account = |name: &str| -> String {
            let name = name.rsplit_once('\\').map_or(name, |(_, n)| n);
            name.split('@').next().unwrap_or(name).to_ascii_lowercase()
        };
        !self.target_user.is_empty() && account(&self.target_user) == account(username)
    }

    /// Whether the event's account is an Entra identity: `AzureAD\…`, or a
    /// `user@domain` name with no other domain beside it.
    pub fn entra_identity(&self) -> bool {
        self.target_domain.eq_ignore_ascii_case("AzureAD")
            || (self.target_user.contains('@') && self.target_domain.is_empty())
    }

    /// The path the logon took, where the event shows one.
    pub fn sign(&self) -> Option<Sign> {
        let ntlm = self.package.eq_ignore_ascii_case("NTLM");
        let refused = self.status.is_some_and(|s| s != 0);
        (self.event_id == 4625
            && self.logon_type == Some(3)
            && ntlm
            && refused
            && self.entra_identity())
        .then_some(Sign::NtlmNetworkLogonOfEntraAccount)
    }

    /// The statuses the event gives, the most specific last: 4625's status
    /// and sub-status, 4776's error code; a Kerberos code (4771) is no
    /// Windows status and gives none.
    pub fn statuses(&self) -> impl Iterator<Item = u32> + '_ {
        let windows = self.event_id != 4771;
        [self.status, self.sub_status]
            .into_iter()
            .flatten()
            .map(|s| s as u32)
            .filter(move |s| windows && *s >= 0xC000_0000)
    }
}

/// The sentence each event's text starts with, and the event's id.
const HEADINGS: &[(&str, u32)] = &[
    ("An account failed to log on", 4625),
    ("The computer attempted to validate the credentials for an account", 4776),
    ("The domain controller attempted to validate the credentials for an account", 4776),
    ("Kerberos pre-authentication failed", 4771),
    ("A user account was locked out", 4740),
];

/// Every event of `text`, in order. Text without an event's heading gives
/// none: a status alone is read by [`crate::recognize`], not here.
pub fn read(text: &str) -> Vec<LogonEvent> {
    let mut starts: Vec<(usize, u32)> = Vec::new();
    let lower = text.to_ascii_lowercase();
    for (heading, id) in HEADINGS {
        let needle = heading.to_ascii_lowercase();
        starts.extend(lower.match_indices(&needle).map(|(at, _)| (at, *id)));
    }
    starts.sort_unstable();
    let mut events = Vec::new();
    for (i, &(at, id)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(next, _)| *next);
        events.push(one(&text[at..end], id, i as u64 + 1));
    }
    events
}

/// One event's text.
fn one(text: &str, event_id: u32, record_id: u64) -> LogonEvent {
    let mut event = LogonEvent {
        event_id,
        record_id,
        time: String::new(),
        target_user: String::new(),
        target_domain: String::new(),
        status: None,
        sub_status: None,
        logon_type: None,
        process: String::new(),
        package: String::new(),
    };
    // The account a 4625 is about is the one under its own heading, not
    // the Subject (the process that asked).
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        let Some((label, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        if value.is_empty() {
            section = label.trim();
            continue;
        }
        let about_target = event_id != 4625 || section.starts_with("Account For Which");
        match label.trim() {
            "Logon Type" => event.logon_type = value.parse().ok(),
            "Account Name" | "Logon Account" if about_target => {
                event.target_user = value.to_owned();
            }
            "Account Domain" if about_target => event.target_domain = value.to_owned(),
            "Status" | "Error Code" | "Failure Code" => event.status = number(value),
            "Sub Status" => event.sub_status = number(value),
            "Authentication Package" => event.package = value.to_owned(),
            "Caller Process Name" if value != "-" => event.process = value.to_owned(),
            _ => {}
        }
    }
    // 4776 and 4740 name the account in one field with its domain, if any.
    if let Some((domain, user)) = event.target_user.clone().split_once('\\') {
        if event.target_domain.is_empty() {
            event.target_domain = domain.to_owned();
            event.target_user = user.to_owned();
        }
    }
    if event.target_domain == "-" {
        event.target_domain.clear();
    }
    event
}

/// `0xC000006D`, `0x18` or `-1073741715` as a number.
fn number(text: &str) -> Option<i64> {
    let text = text.split_whitespace().next()?;
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text Event Viewer shows for an NTLM network logon that failed,
    /// abridged as people paste it.
    const NTLM_4625: &str = "An account failed to log on.

Subject:
\tSecurity ID:\t\tNULL SID
\tAccount Name:\t\t-
\tAccount Domain:\t\t-

Logon Type:\t\t\t3

Account For Which Logon Failed:
\tSecurity ID:\t\tNULL SID
\tAccount Name:\t\tusername@example.com
\tAccount Domain:\t\tazuread

Failure Information:
\tFailure Reason:\t\tUnknown user name or bad password.
\tStatus:\t\t\t0xC000006D
\tSub Status:\t\t0xC0000064

Detailed Authentication Information:
\tLogon Process:\t\tNtLmSsp
\tAuthentication Package:\tNTLM
";

    #[test]
    fn a_pasted_failed_logon_gives_its_account_type_statuses_and_package() {
        let events = read(NTLM_4625);
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e.event_id, 4625);
        assert_eq!(e.logon_type, Some(3));
        assert_eq!(
            (e.target_user.as_str(), e.target_domain.as_str()),
            ("username@example.com", "azuread")
        );
        assert_eq!(e.status, Some(0xC000_006D));
        assert_eq!(e.sub_status, Some(0xC000_0064));
        assert_eq!(e.package, "NTLM");
    }

    #[test]
    fn several_events_in_one_text_are_each_read() {
        let text = format!(
            "{NTLM_4625}\nThe computer attempted to validate the credentials for an account.\n\
             Authentication Package:\tMICROSOFT_AUTHENTICATION_PACKAGE_V1_0\n\
             Logon Account:\tCONTOSO\\alice\nSource Workstation:\tPC1\nError Code:\t0xC000006A\n"
        );
        let events = read(&text);
        assert_eq!(events.iter().map(|e| e.event_id).collect::<Vec<_>>(), [4625, 4776]);
        let validation = &events[1];
        assert_eq!(
            (validation.target_domain.as_str(), validation.target_user.as_str()),
            ("CONTOSO", "alice")
        );
        assert_eq!(validation.status, Some(0xC000_006A));
    }

    #[test]
    fn text_without_an_event_heading_gives_none() {
        assert!(read("Status: 0xC000006D").is_empty());
        assert!(read("").is_empty());
    }
}
