//! Product strings: the error codes, messages and Windows sub-codes that Power
//! Automate and Microsoft Entra show, reproduced exactly and kept only here.
//!
//! Sources: the Power Automate troubleshooting articles for desktop-flow
//! credential errors and the Entra authentication error-code reference (see
//! `ARCHITECTURE.md`, "Product strings").

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};

/// The code a person sees on a failed connection or run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorCode {
    InvalidConnectionCredentials,
    WindowsIdentityIncorrect,
    AccountLockedOut,
    Aadsts50034,
    Aadsts50053,
    Aadsts50055,
    Aadsts50057,
    Aadsts50126,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidConnectionCredentials,
        ErrorCode::WindowsIdentityIncorrect,
        ErrorCode::AccountLockedOut,
        ErrorCode::Aadsts50034,
        ErrorCode::Aadsts50053,
        ErrorCode::Aadsts50055,
        ErrorCode::Aadsts50057,
        ErrorCode::Aadsts50126,
    ];

    /// The exact code string the product shows.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidConnectionCredentials => "InvalidConnectionCredentials",
            ErrorCode::WindowsIdentityIncorrect => "WindowsIdentityIncorrect",
            ErrorCode::AccountLockedOut => "AccountLockedOut",
            ErrorCode::Aadsts50034 => "AADSTS50034",
            ErrorCode::Aadsts50053 => "AADSTS50053",
            ErrorCode::Aadsts50055 => "AADSTS50055",
            ErrorCode::Aadsts50057 => "AADSTS50057",
            ErrorCode::Aadsts50126 => "AADSTS50126",
        }
    }

    /// Whether the code comes from Microsoft Entra's token service rather than
    /// from Power Automate.
    pub const fn is_aadsts(self) -> bool {
        matches!(
            self,
            ErrorCode::Aadsts50034
                | ErrorCode::Aadsts50053
                | ErrorCode::Aadsts50055
                | ErrorCode::Aadsts50057
                | ErrorCode::Aadsts50126
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ErrorCode {
    type Err = String;

    fn from_str(s: &str) -> Result<ErrorCode, String> {
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let known: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
                format!("unknown error code `{s}`, expected one of {}", known.join(", "))
            })
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ErrorCode, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

/// The numeric Windows status that Power Automate for desktop 2.24 and later
/// shows with `WindowsIdentityIncorrect` (a signed 32-bit NTSTATUS).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubCode {
    /// `0xC000006D` STATUS_LOGON_FAILURE.
    BadUsernameOrAuthentication,
    /// `0xC004844C` AAD_CLOUDAP_E_OAUTH_USERNAME_IS_MALFORMED.
    UpnNotInExpectedFormat,
    /// `0xC000005E` STATUS_NO_LOGON_SERVERS.
    DomainNotAvailable,
    /// `0xC000006E` STATUS_ACCOUNT_RESTRICTION.
    AccountRestriction,
}

impl SubCode {
    pub const ALL: &'static [SubCode] = &[
        SubCode::BadUsernameOrAuthentication,
        SubCode::UpnNotInExpectedFormat,
        SubCode::DomainNotAvailable,
        SubCode::AccountRestriction,
    ];

    pub const fn value(self) -> i32 {
        match self {
            SubCode::BadUsernameOrAuthentication => -1073741715,
            SubCode::UpnNotInExpectedFormat => -1073445812,
            SubCode::DomainNotAvailable => -1073741730,
            SubCode::AccountRestriction => -1073741714,
        }
    }

    pub const fn message(self) -> &'static str {
        match self {
            SubCode::BadUsernameOrAuthentication => "Bad username or authentication information",
            SubCode::UpnNotInExpectedFormat => "The user's UPN isn't in the expected format",
            SubCode::DomainNotAvailable => "The domain isn't available",
            SubCode::AccountRestriction => {
                "User account restriction has prevented successful authentication"
            }
        }
    }

    pub fn from_value(value: i64) -> Option<SubCode> {
        SubCode::ALL.iter().copied().find(|s| i64::from(s.value()) == value)
    }
}

impl fmt::Display for SubCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The hex form is the unsigned 32-bit view of the same status.
        write!(f, "{} (0x{:08X})", self.value(), self.value() as u32)
    }
}

/// What a failed connection or run shows: the code, the exact message and,
/// where the product shows them, the HTTP status and the Windows sub-code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: Cow<'static, str>,
    pub http_status: Option<u16>,
    pub sub_code: Option<SubCode>,
}

impl ErrorPayload {
    /// The payload for `code`. `tenant_id` fills the one message that names the
    /// directory (AADSTS50034); `sub_code` is kept only for
    /// `WindowsIdentityIncorrect`.
    pub fn new(code: ErrorCode, tenant_id: &str, sub_code: Option<SubCode>) -> ErrorPayload {
        let message = match code {
            ErrorCode::InvalidConnectionCredentials => "Could not connect to the Power Automate UI flows Agent. Please make sure that the UI flows connection credentials are valid.".into(),
            ErrorCode::WindowsIdentityIncorrect => "The credentials provided with the request are invalid.".into(),
            ErrorCode::AccountLockedOut => "The referenced account is currently locked out and may not be logged on to.".into(),
            ErrorCode::Aadsts50034 => format!("AADSTS50034: The user account {{EmailHidden}} does not exist in the {tenant_id} directory. To sign into this application, the account must be added to the directory.").into(),
            ErrorCode::Aadsts50053 => "AADSTS50053: You've tried to sign in too many times with an incorrect user ID or password.".into(),
            ErrorCode::Aadsts50055 => "AADSTS50055: Password is expired.".into(),
            ErrorCode::Aadsts50057 => "AADSTS50057: The user account is disabled.".into(),
            ErrorCode::Aadsts50126 => "AADSTS50126: Error validating credentials due to invalid username or password.".into(),
        };
        let http_status = match code {
            ErrorCode::WindowsIdentityIncorrect => Some(401),
            ErrorCode::AccountLockedOut => Some(400),
            _ => None,
        };
        let sub_code = sub_code.filter(|_| code == ErrorCode::WindowsIdentityIncorrect);
        ErrorPayload { code, message, http_status, sub_code }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_their_strings() {
        for code in ErrorCode::ALL {
            assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(*code));
        }
        assert!("AADSTS99999".parse::<ErrorCode>().is_err());
    }

    #[test]
    fn sub_codes_are_the_documented_ntstatus_values() {
        assert_eq!(SubCode::BadUsernameOrAuthentication.to_string(), "-1073741715 (0xC000006D)");
        assert_eq!(SubCode::UpnNotInExpectedFormat.to_string(), "-1073445812 (0xC004844C)");
        assert_eq!(SubCode::DomainNotAvailable.to_string(), "-1073741730 (0xC000005E)");
        assert_eq!(SubCode::AccountRestriction.to_string(), "-1073741714 (0xC000006E)");
        assert_eq!(SubCode::from_value(-1073741715), Some(SubCode::BadUsernameOrAuthentication));
    }

    #[test]
    fn the_sub_code_belongs_to_windows_identity_incorrect_only() {
        let p = ErrorPayload::new(ErrorCode::Aadsts50126, "t", Some(SubCode::DomainNotAvailable));
        assert_eq!(p.sub_code, None);
        assert_eq!(
            p.message,
            "AADSTS50126: Error validating credentials due to invalid username or password."
        );
    }
}
