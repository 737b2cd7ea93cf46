//! Everything a person may paste about a failure, read: the product's codes
//! (with their older names) and messages, Windows statuses in any form
//! (signed, unsigned, hex, `STATUS_…` names, their messages), Win32 logon
//! errors by number and by message, AADSTS codes anywhere in text, and the
//! messages Windows' logon screen and the Remote Desktop client show.
//!
//! Free text with several recognizable parts yields every one of them, each
//! with where it was read. The product's own codes and messages are read
//! from [`ErrorCode`] and [`SubCode`], the strings flowcred renders, so
//! rendering a payload and reading one use the same entries; what flowcred
//! never renders (older names, Windows' and the client's texts, statuses
//! no cause gives) is in the tables here, each entry with its source.

use crate::payload::{ErrorCode, SubCode};
use crate::source::{links, Source};

/// What one part of a pasted text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seen {
    /// A code Power Automate or Entra shows, that a cause of the catalog gives.
    Code(ErrorCode),
    /// A Power Automate code no cause of the catalog gives.
    OtherCode(&'static str),
    /// A Windows status (NTSTATUS), as its unsigned 32-bit value.
    Status(u32),
    /// An AADSTS code no cause of the catalog gives.
    Aadsts(u32),
    /// A message of Windows' logon screen or the Remote Desktop client.
    Client(Client),
    /// What a Security event shows of the path a logon took.
    Event(Sign),
}

/// A pattern of Security events that shows which path a logon took.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sign {
    /// A network logon (type 3) through NTLM for an Entra identity
    /// (`AzureAD\…` or `user@domain`), refused: the Network Level
    /// Authentication check of a Remote Desktop connection, handed to a
    /// protocol that cannot resolve an Entra account.
    NtlmNetworkLogonOfEntraAccount,
}

impl Sign {
    /// The pattern in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            Sign::NtlmNetworkLogonOfEntraAccount => {
                "a refused NTLM network logon of an Entra account (the Remote Desktop NLA check)"
            }
        }
    }
}

/// What was seen, in words: the code, the status by name and value, the
/// AADSTS code, or the message.
impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seen::Code(code) => write!(f, "{code}"),
            Seen::OtherCode(code) => f.write_str(code),
            Seen::Status(value) => match status_name(*value) {
                Some(name) => write!(f, "{name} ({})", *value as i32),
                None => write!(f, "{} (0x{value:08X})", *value as i32),
            },
            Seen::Aadsts(n) => write!(f, "AADSTS{n}"),
            Seen::Client(client) => f.write_str(client.as_str()),
            Seen::Event(sign) => f.write_str(sign.as_str()),
        }
    }
}

/// A message Windows' logon screen or the Remote Desktop client shows,
/// which no Power Automate payload carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Client {
    /// "Your credentials did not work": the client's word for any refused
    /// logon over Remote Desktop.
    CredentialsDidNotWork,
    /// "The connection was denied because the user account is not
    /// authorized for remote login".
    NotAuthorizedForRemoteLogin,
    /// "The sign-in method you're trying to use isn't allowed".
    SignInMethodNotAllowed,
    /// "Your account is configured to prevent you from using this device".
    AccountPreventsThisDevice,
    /// "… requires Network Level Authentication (NLA), but your Windows
    /// domain controller cannot be contacted to perform NLA".
    NlaDomainControllerUnreachable,
    /// "There's an issue with your credentials": a connection test that
    /// failed, whichever credential error it was.
    ConnectionCredentialsIssue,
}

impl Client {
    /// The message in words, as outputs name it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Client::CredentialsDidNotWork => {
                "the Remote Desktop client's \"credentials did not work\""
            }
            Client::NotAuthorizedForRemoteLogin => {
                "the Remote Desktop client's \"not authorized for remote login\""
            }
            Client::SignInMethodNotAllowed => "Windows' \"sign-in method isn't allowed\"",
            Client::AccountPreventsThisDevice => {
                "Windows' \"account is configured to prevent you from using this device\""
            }
            Client::NlaDomainControllerUnreachable => {
                "the Remote Desktop client's \"NLA, but the domain controller cannot be contacted\""
            }
            Client::ConnectionCredentialsIssue => {
                "the connection test's \"issue with your credentials\""
            }
        }
    }
}

/// One part of a text, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// What it says.
    pub seen: Seen,
    /// 1-based line and column (in characters) where it starts.
    pub line: u32,
    /// See `line`.
    pub column: u32,
    /// The text as written (at most 60 characters of it).
    pub text: String,
    /// What flowcred read it as, in words: `STATUS_LOGON_FAILURE`,
    /// `the older name of MSEntraLogonFailure`, `Win32 error 1326`, ...
    pub read_as: String,
}

/// A Windows status flowcred knows by name.
#[derive(Clone, Copy, Debug)]
pub struct Status {
    /// The unsigned 32-bit value.
    pub value: u32,
    /// Its symbolic name.
    pub name: &'static str,
    /// Where its value and name come from.
    pub source: Source,
}

const NTSTATUS_NAMES: Source =
    Source::documented(links::NTSTATUS, "Microsoft's table of NTSTATUS values names the status");
const EVENT_4625_STATUS: Source = Source::documented(
    links::EVENT_4625,
    "the page lists the status among the failure codes of a failed logon",
);

/// The statuses a failed logon shows that no sub-code of [`SubCode`] is.
pub static STATUSES: &[Status] = &[
    Status { value: 0xC000_006A, name: "STATUS_WRONG_PASSWORD", source: EVENT_4625_STATUS },
    Status { value: 0xC000_0064, name: "STATUS_NO_SUCH_USER", source: EVENT_4625_STATUS },
    Status { value: 0xC000_006F, name: "STATUS_INVALID_LOGON_HOURS", source: EVENT_4625_STATUS },
    Status { value: 0xC000_0071, name: "STATUS_PASSWORD_EXPIRED", source: EVENT_4625_STATUS },
    Status { value: 0xC000_0072, name: "STATUS_ACCOUNT_DISABLED", source: EVENT_4625_STATUS },
    Status { value: 0xC000_0193, name: "STATUS_ACCOUNT_EXPIRED", source: EVENT_4625_STATUS },
    Status { value: 0xC000_0224, name: "STATUS_PASSWORD_MUST_CHANGE", source: EVENT_4625_STATUS },
    Status { value: 0xC000_0234, name: "STATUS_ACCOUNT_LOCKED_OUT", source: EVENT_4625_STATUS },
    Status { value: 0xC000_005F, name: "STATUS_NO_SUCH_LOGON_SESSION", source: NTSTATUS_NAMES },
];

/// The name of a status flowcred knows.
pub fn status_name(value: u32) -> Option<&'static str> {
    SubCode::ALL
        .iter()
        .find(|s| s.value() as u32 == value)
        .map(|s| s.name())
        .or_else(|| STATUSES.iter().find(|s| s.value == value).map(|s| s.name))
}

/// A Win32 error a logon returns: its number, the status it stands for,
/// and its message as Windows writes it.
#[derive(Clone, Copy, Debug)]
pub struct Win32 {
    /// The error number.
    pub number: u32,
    /// Its symbolic name.
    pub name: &'static str,
    /// The status the logon failed with.
    pub status: u32,
    /// Windows' message for it.
    pub message: &'static str,
    /// Where the number, name and message come from.
    pub source: Source,
}

const WIN32_1300: Source = Source::documented(
    links::WIN32_ERRORS_1300,
    "Microsoft's list of system error codes gives the number, its name and Windows' message",
);

/// The Win32 errors of a failed logon.
pub static WIN32: &[Win32] = &[
    Win32 {
        number: 1326,
        name: "ERROR_LOGON_FAILURE",
        status: 0xC000_006D,
        message: "The user name or password is incorrect.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1327,
        name: "ERROR_ACCOUNT_RESTRICTION",
        status: 0xC000_006E,
        message: "Account restrictions are preventing this user from signing in.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1328,
        name: "ERROR_INVALID_LOGON_HOURS",
        status: 0xC000_006F,
        message: "Your account has time restrictions that keep you from signing in right now.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1329,
        name: "ERROR_INVALID_WORKSTATION",
        status: 0xC000_0070,
        message: "This user isn't allowed to sign in to this computer.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1330,
        name: "ERROR_PASSWORD_EXPIRED",
        status: 0xC000_0071,
        message: "The password for this account has expired.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1331,
        name: "ERROR_ACCOUNT_DISABLED",
        status: 0xC000_0072,
        message: "This user can't sign in because this account is currently disabled.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1311,
        name: "ERROR_NO_LOGON_SERVERS",
        status: 0xC000_005E,
        message: "We can't sign you in with this credential because your domain isn't available.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1317,
        name: "ERROR_NO_SUCH_USER",
        status: 0xC000_0064,
        message: "The specified account does not exist.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1385,
        name: "ERROR_LOGON_TYPE_NOT_GRANTED",
        status: 0xC000_015B,
        message: "Logon failure: the user has not been granted the requested logon type at this computer.",
        source: WIN32_1300,
    },
    Win32 {
        number: 1907,
        name: "ERROR_PASSWORD_MUST_CHANGE",
        status: 0xC000_0224,
        message: "The user's password must be changed before signing in.",
        source: Source::documented(
            links::WIN32_ERRORS_1700,
            "Microsoft's list of system error codes gives the number, its name and Windows' message",
        ),
    },
    Win32 {
        number: 1909,
        name: "ERROR_ACCOUNT_LOCKED_OUT",
        status: 0xC000_0234,
        message: "The referenced account is currently locked out and may not be logged on to.",
        source: Source::documented(
            links::WIN32_ERRORS_1700,
            "Microsoft's list of system error codes gives the number, its name and Windows' message",
        ),
    },
];

/// Something flowcred never renders but reads: an older name of a code, a
/// code no cause gives, Windows' and the client's messages.
#[derive(Clone, Copy, Debug)]
pub struct Known {
    /// The text, as the product or Windows writes it.
    pub text: &'static str,
    /// What it says.
    pub seen: Seen,
    /// What it is, in words (`the older name of MSEntraLogonFailure`).
    pub what: &'static str,
    /// Where it comes from.
    pub source: Source,
}

const RUN_ERRORS_ROW: Source = Source::documented(
    links::RUN_ERRORS,
    "a row of the run-errors table gives the code; no cause of the catalog gives it",
);

/// Older names, codes without a cause, and messages, matched in text.
pub static KNOWN: &[Known] = &[
    Known {
        text: "AadLogonFailure",
        seen: Seen::Code(ErrorCode::MsEntraLogonFailure),
        what: "the older name of MSEntraLogonFailure",
        source: Source::documented(
            links::AAD_LOGON_FAILURE,
            "the page is still titled with the code's older name, AadLogonFailure",
        ),
    },
    Known {
        text: "AADMachineAlwaysPromptingForPassword",
        seen: Seen::Code(ErrorCode::MsEntraMachineAlwaysPromptingForPassword),
        what: "the older name of MSEntraMachineAlwaysPromptingForPassword",
        source: Source::documented(
            links::ALWAYS_PROMPT,
            "the page gives the code's former name, AADMachineAlwaysPromptingForPassword",
        ),
    },
    Known {
        text: "UI flows failed to validate your Microsoft Entra credentials on the machine",
        seen: Seen::Code(ErrorCode::MsEntraLogonFailure),
        what: "the message of MSEntraLogonFailure",
        source: Source::documented(
            links::AAD_LOGON_FAILURE,
            "the page quotes the message that comes with AadLogonFailure",
        ),
    },
    Known {
        text: "Unknown user name or bad password",
        seen: Seen::Status(0xC000_006D),
        what: "the failure reason Windows logs for STATUS_LOGON_FAILURE",
        source: Source::documented(
            links::EVENT_4625,
            "the page's example of a failed logon gives this failure reason",
        ),
    },
    Known {
        text: "Incorrect username or password",
        seen: Seen::Status(0xC000_006D),
        what: "Windows' message for a refused logon",
        source: Source::documented(
            links::FIELD_SC300_180,
            "a learner quotes this message from the sign-in of an Entra VM",
        ),
    },
    Known {
        text: "Bad username or authentication information",
        seen: Seen::Status(0xC000_006D),
        what: "the invalid-credentials page's words for STATUS_LOGON_FAILURE",
        source: Source::documented(
            links::INVALID_CREDENTIALS,
            "the page's table explains the status in these words",
        ),
    },
    Known {
        text: "Your credentials did not work",
        seen: Seen::Client(Client::CredentialsDidNotWork),
        what: "the Remote Desktop client's message for a refused logon",
        source: Source::documented(
            links::AZURE_VM_SIGN_IN,
            "the page's troubleshooting gives this client message for a refused Entra sign-in",
        ),
    },
    Known {
        text: "Your credentials were rejected",
        seen: Seen::Client(Client::CredentialsDidNotWork),
        what: "a browser Remote Desktop client's message for a refused logon",
        source: Source::documented(
            links::FIELD_CLOUDFLARE_23991,
            "the report quotes this message from a browser-based Remote Desktop client refusing an Entra account",
        ),
    },
    Known {
        text: "The credentials that were used to connect to",
        seen: Seen::Client(Client::CredentialsDidNotWork),
        what: "the Remote Desktop client's message for credentials that did not work",
        source: Source::modelled(
            "the Remote Desktop client's prompt after refused credentials begins with these words and goes on \"did not work\"; a field report quotes it",
        ),
    },
    Known {
        text: "The logon attempt failed",
        seen: Seen::Client(Client::CredentialsDidNotWork),
        what: "the Remote Desktop client's message for a logon refused under NLA",
        source: Source::modelled(
            "the Remote Desktop client shows this when Network Level Authentication refuses the credential; the field reports on the NLA path quote it beside \"Your credentials did not work\"",
        ),
    },
    Known {
        text: "The connection was denied because the user account is not authorized for remote login",
        seen: Seen::Client(Client::NotAuthorizedForRemoteLogin),
        what: "the Remote Desktop client's message for an account without the right to log on remotely",
        source: Source::documented(
            links::FIELD_WINDOWS_ITPRO_10497,
            "the report quotes this message for an account not effectively in Remote Desktop Users",
        ),
    },
    Known {
        text: "you must be authorized to log on through Remote Desktop Services",
        seen: Seen::Client(Client::NotAuthorizedForRemoteLogin),
        what: "Windows' message for an account without the right to log on through Remote Desktop",
        source: Source::documented(
            links::LOGON_TYPE,
            "the logon-type page ties remote logon to the Allow log on through Remote Desktop Services right",
        ),
    },
    Known {
        text: "The sign-in method you're trying to use isn't allowed",
        seen: Seen::Client(Client::SignInMethodNotAllowed),
        what: "Windows' message for a sign-in that needs multifactor authentication",
        source: Source::documented(
            links::AZURE_VM_SIGN_IN,
            "the page gives this message for a sign-in that multifactor authentication stops",
        ),
    },
    Known {
        text: "Your account is configured to prevent you from using this device",
        seen: Seen::Client(Client::AccountPreventsThisDevice),
        what: "Windows' message for an Entra account without a VM login role",
        source: Source::documented(
            links::AVD_ENTRA_TROUBLESHOOT,
            "the page gives this message for a user without the Virtual Machine User Login role",
        ),
    },
    Known {
        text: "but your Windows domain controller cannot be contacted to perform NLA",
        seen: Seen::Client(Client::NlaDomainControllerUnreachable),
        what: "the Remote Desktop client's message for an NLA check that could not run",
        source: Source::documented(
            links::FIELD_CLOUDNEETI_20,
            "the report quotes this message from an Entra sign-in to a hardened VM",
        ),
    },
    Known {
        text: "There's an issue with your credentials",
        seen: Seen::Client(Client::ConnectionCredentialsIssue),
        what: "the message of a connection test the credentials fail",
        source: Source::documented(
            links::INVALID_CREDENTIALS,
            "the page quotes this message for a connection that fails on its credentials",
        ),
    },
    Known {
        text: "The service did not start due to a logon failure",
        seen: Seen::Code(ErrorCode::UiFlowAgentNotAvailable),
        what: "Windows' error 1069, which the run-errors table gives for UIFlowAgentNotAvailable",
        source: Source::documented(
            links::RUN_ERRORS,
            "the table's row for UIFlowAgentNotAvailable quotes Windows' error 1069",
        ),
    },
    Known {
        text: "InvalidUIFlowsCertificates",
        seen: Seen::OtherCode("InvalidUIFlowsCertificates"),
        what: "a Power Automate code no cause of the catalog gives",
        source: RUN_ERRORS_ROW,
    },
    Known {
        text: "UIFlowAlreadyRunning",
        seen: Seen::OtherCode("UIFlowAlreadyRunning"),
        what: "a Power Automate code no cause of the catalog gives",
        source: RUN_ERRORS_ROW,
    },
    Known {
        text: "MachineNotFound",
        seen: Seen::OtherCode("MachineNotFound"),
        what: "a Power Automate code no cause of the catalog gives",
        source: RUN_ERRORS_ROW,
    },
    Known {
        text: "UnableToCallCrlEndpoint",
        seen: Seen::OtherCode("UnableToCallCrlEndpoint"),
        what: "a Power Automate code no cause of the catalog gives",
        source: RUN_ERRORS_ROW,
    },
];

/// An AADSTS code flowcred reads but no cause gives, with what Entra's
/// reference says of it.
pub static AADSTS: &[(u32, &str)] = &[
    (50056, "no password stored for the account"),
    (50059, "no tenant in the request"),
    (50064, "credential validation failed"),
    (50079, "the user must register for multifactor authentication"),
    (50144, "the on-premises password has expired"),
    (50155, "device authentication failed"),
    (50158, "an external security challenge was not satisfied"),
    (53003, "Conditional Access blocked the sign-in"),
    (530035, "security defaults blocked the sign-in"),
    (70002, "client credentials are invalid (also the prefix of older composite messages)"),
    (80012, "pass-through authentication: outside the allowed logon hours"),
    (81010, "seamless SSO failed"),
    (90072, "the account cannot satisfy the tenant's multifactor authentication"),
];

/// Where the [`AADSTS`] entries come from.
pub const AADSTS_SOURCE: Source = Source::documented(
    links::ERROR_CODES,
    "Entra's error-code reference lists the code and what it means",
);

/// The forms flowcred reads, as a refusal lists them.
pub const FORMS: &str = "an error code (such as InvalidConnectionCredentials, WindowsIdentityIncorrect or AadLogonFailure), the product's messages, a Windows status (-1073741715, 3221225581, 0xC000006D or STATUS_LOGON_FAILURE), a Win32 logon error (1326, or its message \"The user name or password is incorrect.\"), an AADSTS code, and the messages of Windows' logon screen and the Remote Desktop client (\"Your credentials did not work\")";

/// Text folded for matching messages: lowercase, each run of whitespace one
/// space, typographic quotes as plain ones; with the byte of the original
/// each folded byte came from.
struct Folded {
    text: String,
    origin: Vec<usize>,
}

fn fold(text: &str) -> Folded {
    let mut out = Folded { text: String::with_capacity(text.len()), origin: Vec::new() };
    let mut space = false;
    for (at, c) in text.char_indices() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if space {
                continue;
            }
            space = true;
        } else {
            space = false;
        }
        for l in c.to_lowercase() {
            let before = out.text.len();
            out.text.push(l);
            out.origin.extend(std::iter::repeat_n(at, out.text.len() - before));
        }
    }
    out
}

/// The folded form of a message to look for: what a person is likely to
/// copy of it, its first sentence without the final stop.
fn needle(message: &str) -> String {
    let first = message.split(". ").next().unwrap_or(message);
    fold(first.trim_end_matches(['.', ' '])).text
}

/// The 1-based line and column of byte `at` of `text`.
fn place(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

fn reading(text: &str, at: usize, len: usize, seen: Seen, read_as: String) -> Reading {
    let (line, column) = place(text, at);
    let end = (at + len).min(text.len());
    let written: String = text[at..end].chars().take(60).collect();
    Reading { seen, line, column, text: written, read_as }
}

/// A token of text: a word of letters, digits and `_`, with a `-` in
/// front where it starts a number.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && !word(bytes[at]) {
            at += 1;
        }
        if at >= bytes.len() {
            return None;
        }
        let mut start = at;
        while at < bytes.len() && word(bytes[at]) {
            at += 1;
        }
        if start > 0 && bytes[start - 1] == b'-' && bytes[start].is_ascii_digit() {
            start -= 1;
        }
        Some((start, &text[start..at]))
    })
}

/// A Windows status written as a number: `-1073741715`, `3221225581` or
/// `0xC000006D`; only values in the range of errors Windows logons give.
fn status_number(token: &str) -> Option<u32> {
    let value = match token.strip_prefix("0x").or_else(|| token.strip_prefix("0X")) {
        Some(hex) if hex.len() == 8 => u32::from_str_radix(hex, 16).ok()?,
        Some(_) => return None,
        None => {
            let n: i64 = token.parse().ok()?;
            if n < 0 {
                i32::try_from(n).ok()? as u32
            } else {
                u32::try_from(n).ok()?
            }
        }
    };
    (0xC000_0000..=0xC0FF_FFFF).contains(&value).then_some(value)
}

/// Whether a Win32 error number at `at` reads as one: the whole text, or
/// after a word that names it (`error 1326`, `code: 1326`).
fn names_an_error(text: &str, at: usize, token: &str) -> bool {
    if text.trim() == token {
        return true;
    }
    let before = text[..at].trim_end_matches([' ', ':', '#', '(', '=']);
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    matches!(word.to_ascii_lowercase().as_str(), "error" | "code" | "win32" | "status" | "err")
}

/// Every part of `text` flowcred recognizes, in the order they appear; an
/// error listing the forms it reads when there is none.
pub fn read(text: &str) -> Result<Vec<Reading>, String> {
    let mut found = Vec::new();
    for (at, token) in tokens(text) {
        if let Some(number) = token.get(..6).filter(|p| p.eq_ignore_ascii_case("AADSTS")) {
            let _ = number;
            let digits: String = token[6..].chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = digits.parse::<u32>() {
                let len = 6 + digits.len();
                match format!("AADSTS{n}").parse::<ErrorCode>() {
                    Ok(code) => {
                        found.push(reading(text, at, len, Seen::Code(code), format!("{code}")))
                    }
                    Err(_) => {
                        let what = AADSTS.iter().find(|(k, _)| *k == n).map_or(
                            "an Entra code no cause of the catalog gives".to_owned(),
                            |(_, w)| format!("Entra's code for: {w}"),
                        );
                        found.push(reading(text, at, len, Seen::Aadsts(n), what));
                    }
                }
            }
            continue;
        }
        if let Some(status) = status_number(token) {
            let name = status_name(status).unwrap_or("a Windows status flowcred does not know");
            found.push(reading(text, at, token.len(), Seen::Status(status), name.to_owned()));
            continue;
        }
        if token.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(e) = WIN32.iter().find(|e| token == e.number.to_string()) {
                if names_an_error(text, at, token) {
                    let read_as = format!("Win32 error {} {}", e.number, e.name);
                    found.push(reading(text, at, token.len(), Seen::Status(e.status), read_as));
                }
            }
            if token == "1069" && names_an_error(text, at, token) {
                let read_as = "Win32 error 1069 ERROR_SERVICE_LOGON_FAILED".to_owned();
                let seen = Seen::Code(ErrorCode::UiFlowAgentNotAvailable);
                found.push(reading(text, at, token.len(), seen, read_as));
            }
            continue;
        }
        if token.len() > 7 && token[..7].eq_ignore_ascii_case("STATUS_") {
            let known = SubCode::ALL
                .iter()
                .map(|s| (s.name(), s.value() as u32))
                .chain(STATUSES.iter().map(|s| (s.name, s.value)))
                .find(|(name, _)| name.eq_ignore_ascii_case(token));
            if let Some((name, value)) = known {
                found.push(reading(text, at, token.len(), Seen::Status(value), name.to_owned()));
            }
            continue;
        }
        if token.eq_ignore_ascii_case("AAD_CLOUDAP_E_OAUTH_USERNAME_IS_MALFORMED") {
            let value = SubCode::UpnNotInExpectedFormat.value() as u32;
            found.push(reading(text, at, token.len(), Seen::Status(value), token.to_owned()));
            continue;
        }
        if let Ok(code) = token.parse::<ErrorCode>() {
            found.push(reading(text, at, token.len(), Seen::Code(code), code.to_string()));
            continue;
        }
        if let Some(k) = KNOWN.iter().find(|k| k.text.eq_ignore_ascii_case(token)) {
            found.push(reading(text, at, token.len(), k.seen, k.what.to_owned()));
        }
    }
    // Entra's token-endpoint JSON lists its codes as bare numbers.
    if let Some(key) = text.find("\"error_codes\"") {
        let rest = &text[key..];
        if let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) {
            if open < close {
                for (at, token) in tokens(&rest[open + 1..close]) {
                    let Ok(n) = token.parse::<u32>() else { continue };
                    let at = key + open + 1 + at;
                    let (seen, read_as) = match format!("AADSTS{n}").parse::<ErrorCode>() {
                        Ok(code) => (Seen::Code(code), format!("{code} in error_codes")),
                        Err(_) => (Seen::Aadsts(n), format!("AADSTS{n} in error_codes")),
                    };
                    found.push(reading(text, at, token.len(), seen, read_as));
                }
            }
        }
    }
    // Messages, matched on folded text.
    let folded = fold(text);
    let mut messages: Vec<(String, Seen, String)> = Vec::new();
    for code in ErrorCode::ALL {
        if let Some(message) = code.message_template() {
            let fixed = message.split(['{', '<']).next().unwrap_or(message);
            messages.push((needle(fixed), Seen::Code(*code), format!("the message of {code}")));
        }
    }
    for sub in SubCode::ALL {
        let status = sub.value() as u32;
        messages.push((
            needle(sub.message()),
            Seen::Status(status),
            format!("the message of {}", sub.name()),
        ));
    }
    for e in WIN32 {
        messages.push((
            needle(e.message),
            Seen::Status(e.status),
            format!("Windows' message for {}", e.name),
        ));
    }
    for k in KNOWN.iter().filter(|k| k.text.contains(' ')) {
        messages.push((needle(k.text), k.seen, k.what.to_owned()));
    }
    for (needle, seen, read_as) in messages {
        if needle.len() < 12 {
            continue;
        }
        if let Some(at) = folded.text.find(&needle) {
            let start = folded.origin[at];
            let end = folded.origin.get(at + needle.len() - 1).map_or(text.len(), |e| e + 1);
            found.push(reading(text, start, end - start, seen, read_as));
        }
    }
    found.sort_by_key(|r| (r.line, r.column));
    // A message that holds a code already read says nothing more.
    let mut seen_at: Vec<(Seen, u32)> = Vec::new();
    found.retain(|r| {
        let duplicate = seen_at.iter().any(|(s, line)| *s == r.seen && *line == r.line);
        seen_at.push((r.seen, r.line));
        !duplicate
    });
    if found.is_empty() {
        return Err(format!("nothing in this text is a form flowcred reads; it reads {FORMS}"));
    }
    Ok(found)
}

/// What a set of readings says in the product's terms: the code a run
/// showed (the most specific one: a sub-error over the code it comes
/// under), and the Windows sub-code beside it.
pub fn code_and_sub_code(readings: &[Reading]) -> (Option<ErrorCode>, Option<SubCode>) {
    let codes: Vec<ErrorCode> = readings
        .iter()
        .filter_map(|r| match r.seen {
            Seen::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    let code = codes
        .iter()
        .copied()
        .find(|c| c.queued_under().is_some())
        .or_else(|| codes.iter().copied().find(|c| c.is_aadsts()))
        .or_else(|| codes.iter().copied().find(|c| *c != ErrorCode::NoCandidateMachine))
        .or_else(|| codes.first().copied());
    let sub = readings.iter().find_map(|r| match r.seen {
        Seen::Status(v) => SubCode::from_value(i64::from(v as i32)),
        _ => None,
    });
    (code, sub)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(text: &str) -> Vec<Seen> {
        read(text).unwrap().into_iter().map(|r| r.seen).collect()
    }

    #[test]
    fn every_product_string_is_read() {
        for code in ErrorCode::ALL {
            assert!(seen(code.as_str()).contains(&Seen::Code(*code)), "{code}");
            if let Some(message) = code.message_template() {
                let fixed = message.split(['{', '<']).next().unwrap();
                if needle(fixed).len() >= 12 {
                    assert!(seen(message).contains(&Seen::Code(*code)), "{message}");
                }
            }
        }
        for sub in SubCode::ALL {
            let status = Seen::Status(sub.value() as u32);
            for form in [
                sub.value().to_string(),
                (sub.value() as u32).to_string(),
                format!("0x{:08X}", sub.value() as u32),
                format!("0x{:08x}", sub.value() as u32),
                sub.name().to_owned(),
                sub.message().to_owned(),
            ] {
                assert!(seen(&form).contains(&status), "{form}");
            }
        }
    }

    #[test]
    fn every_entry_of_the_tables_is_read_as_what_it_says() {
        for e in WIN32 {
            let status = Seen::Status(e.status);
            for form in [format!("error {}", e.number), e.message.to_owned()] {
                assert!(seen(&form).contains(&status), "{form}");
            }
        }
        for s in STATUSES {
            let status = Seen::Status(s.value);
            for form in
                [s.name.to_owned(), format!("0x{:08X}", s.value), (s.value as i32).to_string()]
            {
                assert!(seen(&form).contains(&status), "{form}");
            }
        }
        for k in KNOWN {
            assert!(seen(k.text).contains(&k.seen), "{}", k.text);
            // As people paste them: inside a sentence, in other case.
            let pasted = format!("It said: \"{}.\" Then nothing.", k.text.to_uppercase());
            assert!(seen(&pasted).contains(&k.seen), "{pasted}");
        }
        for (n, _) in AADSTS {
            assert_eq!(seen(&format!("AADSTS{n}: text")), [Seen::Aadsts(*n)]);
        }
    }

    #[test]
    fn codes_inside_sentences_and_older_names_are_read_where_they_are() {
        let r = read("Error code: WindowsIdentityIncorrect. Details: -1073741715").unwrap();
        assert_eq!(
            r.iter().map(|r| r.seen).collect::<Vec<_>>(),
            [Seen::Code(ErrorCode::WindowsIdentityIncorrect), Seen::Status(0xC000_006D)]
        );
        assert_eq!((r[1].line, r[1].column), (1, 48));
        assert_eq!(r[1].read_as, "STATUS_LOGON_FAILURE");
        assert_eq!(
            seen("Session creation error: SessionCreationInvalidCredentials"),
            [Seen::Code(ErrorCode::SessionCreationInvalidCredentials)]
        );
        assert_eq!(seen("AadLogonFailure"), [Seen::Code(ErrorCode::MsEntraLogonFailure)]);
        assert_eq!(seen("The user name or password is incorrect."), [Seen::Status(0xC000_006D)]);
        assert_eq!(seen("Unknown user name or bad password."), [Seen::Status(0xC000_006D)]);
        assert_eq!(seen("failed with error 1326"), [Seen::Status(0xC000_006D)]);
        assert_eq!(seen("1909"), [Seen::Status(0xC000_0234)]);
        assert!(read("in 2024 we had 1326 users").is_err(), "a bare number is no error");
        assert_eq!(
            seen("Your credentials did not work"),
            [Seen::Client(Client::CredentialsDidNotWork)]
        );
        assert_eq!(
            seen("The connection was denied because the user account is not authorized for remote login."),
            [Seen::Client(Client::NotAuthorizedForRemoteLogin)]
        );
        assert_eq!(seen("AADSTS53003: blocked"), [Seen::Aadsts(53003)]);
        let nested = r#"{"error":{"code":"NoCandidateMachine","message":"…","innerError":{"code":"AttendedUserNotLoggedIn"}}}"#;
        let r = read(nested).unwrap();
        assert_eq!(code_and_sub_code(&r).0, Some(ErrorCode::AttendedUserNotLoggedIn));
    }

    #[test]
    fn text_with_nothing_to_read_is_refused_with_the_forms() {
        let e = read("something else entirely").unwrap_err();
        assert!(e.contains("STATUS_LOGON_FAILURE") && e.contains("1326"), "{e}");
    }
}
