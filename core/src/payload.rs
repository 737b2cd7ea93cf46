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

use crate::source::links;
use crate::source::Source;
use crate::text::Quoted;

/// Declares the error codes with their exact strings, HTTP statuses and
/// messages (`None` where no source documents the message).
macro_rules! error_codes {
    ($($variant:ident => $code:literal, $http:expr, $message:expr;)*) => {
        /// The code a person sees on a failed connection or run.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $(#[doc = concat!("`", $code, "`.")] $variant,)*
        }

        impl ErrorCode {
            /// Every error code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The exact code string the product shows.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The HTTP status the product documents with the code.
            pub const fn http_status(self) -> Option<u16> {
                match self {
                    $(ErrorCode::$variant => $http,)*
                }
            }

            /// The exact documented message, `{tenant}` standing for the tenant id.
            pub(crate) const fn message_template(self) -> Option<&'static str> {
                match self {
                    $(ErrorCode::$variant => $message,)*
                }
            }
        }
    };
}

error_codes! {
    InvalidConnectionCredentials => "InvalidConnectionCredentials", None,
        Some("Could not connect to the Power Automate UI flows Agent. Please make sure that the UI flows connection credentials are valid.");
    WindowsIdentityIncorrect => "WindowsIdentityIncorrect", Some(401),
        Some("The credentials provided with the request are invalid.");
    AccountLockedOut => "AccountLockedOut", Some(400),
        Some("The referenced account is currently locked out and may not be logged on to.");
    LogonTypeNotGranted => "LogonTypeNotGranted", Some(400), None;
    RdpPermissionNotGranted => "RdpPermissionNotGranted", Some(400), None;
    UiFlowServiceNoRdpPermissions => "UIFlowServiceNoRdpPermissions", Some(400), None;
    MsEntraLogonFailure => "MSEntraLogonFailure", Some(400), None;
    MsEntraRemoteDesktopAppConsentRequired => "MSEntraRemoteDesktopAppConsentRequired", None, None;
    MsEntraMachineAlwaysPromptingForPassword => "MSEntraMachineAlwaysPromptingForPassword", Some(400),
        Some("Could not create unattended session with these credentials.");
    SessionCreationUserPromptedForCredentialsAfterConnection => "SessionCreationUserPromptedForCredentialsAfterConnection", Some(400), None;
    SessionCreationErrorWithThirdPartyCredentialProvider => "SessionCreationErrorWithThirdPartyCredentialProvider", Some(400), None;
    SessionCreationError => "SessionCreationError", Some(400), None;
    AttendedUserNotLoggedIn => "AttendedUserNotLoggedIn", Some(400), None;
    AttendedUserSessionNotActive => "AttendedUserSessionNotActive", Some(400), None;
    SessionExistsForTheUserWhenUnattended => "SessionExistsForTheUserWhenUnattended", Some(400), None;
    UnattendedUserSessionDisconnected => "UnattendedUserSessionDisconnected", Some(400), None;
    UnattendedUserSessionLocked => "UnattendedUserSessionLocked", Some(400), None;
    NoCandidateMachine => "NoCandidateMachine", Some(400), None;
    RdpIsNotEnabled => "RDPIsNotEnabled", Some(400), None;
    UiFlowAgentNotAvailable => "UIFlowAgentNotAvailable", Some(400), None;
    SessionCreationInvalidCredentials => "SessionCreationInvalidCredentials", Some(400), None;
    Win10AlreadyHasActiveSession => "Win10AlreadyHasActiveSession", Some(400), None;
    TooManyActiveSessions => "TooManyActiveSessions", Some(400), None;
    SessionCreationWinLogonFailure => "SessionCreationWinLogonFailure", Some(400), None;
    SessionNotFoundAfterCreation => "SessionNotFoundAfterCreation", Some(400), None;
    SessionNotFound => "SessionNotFound", Some(400), None;
    NoSessionFoundForPasswordless => "NoSessionFoundForPasswordless", Some(400), None;
    UnattendedUnsupportedWithOldConnection => "UnattendedUnsupportedWithOldConnection", Some(403), None;
    UiFlowAgentLauncherServiceIsNotRunning => "UIFlowAgentLauncherServiceIsNotRunning", Some(500), None;
    AuthTokenNotYetValid => "AuthTokenNotYetValid", Some(401), None;
    MachineNotJoined => "MachineNotJoined", None,
        Some("The machine is neither Microsoft Entra nor domain joined.");
    UnallowedTenantForConnectWithSignIn => "UnallowedTenantForConnectWithSignIn", Some(403),
        Some("Tenant {tenant} needs to be explicitly allowlisted to authorize 'connect with sign-in' runs on the machine.");
    Aadsts50034 => "AADSTS50034", None,
        Some("AADSTS50034: The user account {EmailHidden} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.");
    Aadsts50053 => "AADSTS50053", None,
        Some("AADSTS50053: You've tried to sign in too many times with an incorrect user ID or password.");
    Aadsts50055 => "AADSTS50055", None, Some("AADSTS50055: Password is expired.");
    Aadsts50057 => "AADSTS50057", None, Some("AADSTS50057: The user account is disabled.");
    Aadsts50076 => "AADSTS50076", None,
        Some("AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '<resource>'.");
    Aadsts50126 => "AADSTS50126", None,
        Some("AADSTS50126: Error validating credentials due to invalid username or password.");
}

impl ErrorCode {
    /// The code the product shows this one under, as a sub-error: the
    /// session codes of a queued run come as sub-errors of
    /// `NoCandidateMachine` once the run has waited in the queue.
    pub const fn queued_under(self) -> Option<ErrorCode> {
        match self {
            ErrorCode::AttendedUserNotLoggedIn
            | ErrorCode::AttendedUserSessionNotActive
            | ErrorCode::SessionExistsForTheUserWhenUnattended
            | ErrorCode::UnattendedUserSessionDisconnected
            | ErrorCode::UnattendedUserSessionLocked => Some(ErrorCode::NoCandidateMachine),
            _ => None,
        }
    }

    /// Where [`ErrorCode::queued_under`] comes from.
    pub const QUEUE_SOURCE: Source = Source::documented(
        links::RUN_QUEUE,
        "the run-queue page gives these codes as sub-errors of NoCandidateMachine, shown after the run has waited in the queue for a machine (up to six hours)",
    );

    /// Whether the code comes from Microsoft Entra's token service rather than
    /// from Power Automate.
    pub fn is_aadsts(self) -> bool {
        self.as_str().starts_with("AADSTS")
    }
}

/// Where a code's string, HTTP status and message come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeSources {
    /// The code string.
    pub code: Source,
    /// The HTTP status, where the code has one.
    pub http_status: Option<Source>,
    /// The message, where the code has one.
    pub message: Option<Source>,
}

/// The run-errors page's table: code, HTTP status and run mode per row.
const RUN_ERRORS_TABLE: Source = Source::documented(
    links::RUN_ERRORS,
    "a row of the run-errors table gives the code, its HTTP status and the run mode",
);

/// Entra's reference of AADSTS codes.
const AADSTS_REFERENCE: Source = Source::documented(
    links::ERROR_CODES,
    "Entra's error-code reference lists the code and what it means",
);

impl ErrorCode {
    /// Where the code's string, HTTP status and message come from.
    pub fn sources(self) -> CodeSources {
        use ErrorCode::*;
        let table = CodeSources {
            code: RUN_ERRORS_TABLE,
            http_status: Some(RUN_ERRORS_TABLE),
            message: None,
        };
        let entra = |message: Source| CodeSources {
            code: AADSTS_REFERENCE,
            http_status: None,
            message: Some(message),
        };
        match self {
            InvalidConnectionCredentials => {
                let article = Source::documented(
                    links::ARTICLE,
                    "the seed article quotes the code and its message",
                );
                CodeSources { code: article, http_status: None, message: Some(article) }
            }
            WindowsIdentityIncorrect => CodeSources {
                message: Some(Source::documented(
                    links::INVALID_CREDENTIALS,
                    "the invalid-credentials page gives this message, or a more specific one",
                )),
                ..table
            },
            AccountLockedOut => CodeSources {
                message: Some(Source::modelled(
                    "Windows' own text for a locked-out account; no Power Automate page shows the message that comes with this code",
                )),
                ..table
            },
            LogonTypeNotGranted
            | RdpPermissionNotGranted
            | UiFlowServiceNoRdpPermissions
            | MsEntraLogonFailure
            | SessionCreationUserPromptedForCredentialsAfterConnection
            | SessionCreationErrorWithThirdPartyCredentialProvider
            | SessionCreationError
            | AttendedUserNotLoggedIn
            | AttendedUserSessionNotActive
            | SessionExistsForTheUserWhenUnattended
            | UnattendedUserSessionDisconnected
            | UnattendedUserSessionLocked
            | NoCandidateMachine
            | RdpIsNotEnabled
            | UiFlowAgentNotAvailable
            | SessionCreationInvalidCredentials
            | Win10AlreadyHasActiveSession
            | TooManyActiveSessions
            | SessionCreationWinLogonFailure
            | SessionNotFoundAfterCreation
            | SessionNotFound
            | NoSessionFoundForPasswordless
            | UnattendedUnsupportedWithOldConnection
            | UiFlowAgentLauncherServiceIsNotRunning
            | AuthTokenNotYetValid => table,
            MsEntraRemoteDesktopAppConsentRequired => CodeSources {
                code: Source::documented(
                    links::UNATTENDED,
                    "the unattended-runs page names the code for a run without the Remote Desktop app's consent",
                ),
                http_status: None,
                message: None,
            },
            MsEntraMachineAlwaysPromptingForPassword => CodeSources {
                code: Source::documented(
                    links::ALWAYS_PROMPT,
                    "the always-prompt page quotes the code and its message",
                ),
                message: Some(Source::documented(
                    links::ALWAYS_PROMPT,
                    "the always-prompt page quotes the code and its message",
                )),
                ..table
            },
            MachineNotJoined => {
                let page = Source::documented(
                    links::MACHINE_NOT_JOINED,
                    "the MachineNotJoined page quotes the code and its message",
                );
                CodeSources { code: page, http_status: None, message: Some(page) }
            }
            UnallowedTenantForConnectWithSignIn => {
                let page = Source::documented(
                    links::SIGN_IN_ALLOWLIST,
                    "the allow-list page quotes the code and its message, with the tenant id in it",
                );
                CodeSources { code: page, message: Some(page), ..table }
            }
            Aadsts50034 => entra(Source::documented(
                links::HDINSIGHT_AUTH,
                "Entra's runtime text for an account missing from the directory, account name masked",
            )),
            Aadsts50053 | Aadsts50055 => entra(Source::documented(
                links::HDINSIGHT_AUTH,
                "the page quotes Entra's runtime text for the code",
            )),
            Aadsts50057 => entra(Source::documented(
                links::ERROR_CODES,
                "the reference describes UserDisabled with this sentence",
            )),
            Aadsts50076 => entra(Source::documented(
                links::CA_DEV_GUIDE,
                "the page quotes Entra's runtime text for a sign-in that needs MFA",
            )),
            Aadsts50126 => entra(Source::documented(
                links::HYBRID_JOIN_TROUBLESHOOT,
                "the page's PRT error table quotes Entra's runtime text for a wrong username or password",
            )),
        }
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
                format!("unknown error code {}, expected one of {}", Quoted(s), known.join(", "))
            })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ErrorCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({"type": "string", "enum": codes})
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
    /// `0xC000015B` STATUS_LOGON_TYPE_NOT_GRANTED.
    LogonTypeNotGranted,
    /// `0xC004844C` AAD_CLOUDAP_E_OAUTH_USERNAME_IS_MALFORMED.
    UpnNotInExpectedFormat,
    /// `0xC000005E` STATUS_NO_LOGON_SERVERS.
    DomainNotAvailable,
    /// `0xC000006E` STATUS_ACCOUNT_RESTRICTION.
    AccountRestriction,
    /// `0xC0000070` STATUS_INVALID_WORKSTATION.
    WorkstationRestriction,
    /// `0xC00000A7` STATUS_BAD_VALIDATION_CLASS.
    BadValidationClass,
    /// `0xC00002FA` STATUS_SMARTCARD_LOGON_REQUIRED.
    SmartCardLogonRequired,
}

impl SubCode {
    /// Every sub-code flowcred knows.
    pub const ALL: &'static [SubCode] = &[
        SubCode::BadUsernameOrAuthentication,
        SubCode::LogonTypeNotGranted,
        SubCode::UpnNotInExpectedFormat,
        SubCode::DomainNotAvailable,
        SubCode::AccountRestriction,
        SubCode::WorkstationRestriction,
        SubCode::BadValidationClass,
        SubCode::SmartCardLogonRequired,
    ];

    /// The signed 32-bit status, as Power Automate shows it.
    pub const fn value(self) -> i32 {
        match self {
            SubCode::BadUsernameOrAuthentication => -1073741715,
            SubCode::LogonTypeNotGranted => -1073741477,
            SubCode::UpnNotInExpectedFormat => -1073445812,
            SubCode::DomainNotAvailable => -1073741730,
            SubCode::AccountRestriction => -1073741714,
            SubCode::WorkstationRestriction => -1073741712,
            SubCode::BadValidationClass => -1073741657,
            SubCode::SmartCardLogonRequired => -1073741062,
        }
    }

    /// What the status means, in the words of the source.
    pub const fn message(self) -> &'static str {
        match self {
            SubCode::BadUsernameOrAuthentication => "Bad username or authentication information",
            SubCode::LogonTypeNotGranted => {
                "A user has requested a type of logon (e.g., interactive or network) that has not been granted. An administrator has control over who may logon interactively and through the network."
            }
            SubCode::UpnNotInExpectedFormat => "The user's UPN isn't in the expected format",
            SubCode::DomainNotAvailable => "The domain isn't available",
            SubCode::AccountRestriction => {
                "User account restriction has prevented successful authentication"
            }
            SubCode::WorkstationRestriction => {
                "The user account is restricted such that it may not be used to log on from the source workstation"
            }
            SubCode::BadValidationClass => "The validation information class requested was invalid",
            SubCode::SmartCardLogonRequired => "Smart card logon is required and was not used",
        }
    }

    /// Whether the product shows this status in the payload's `code`, with
    /// its own text as the message (the one published payload with a status).
    pub const fn replaces_code(self) -> bool {
        matches!(self, SubCode::LogonTypeNotGranted)
    }

    /// The NTSTATUS name of the value.
    pub const fn name(self) -> &'static str {
        match self {
            SubCode::BadUsernameOrAuthentication => "STATUS_LOGON_FAILURE",
            SubCode::LogonTypeNotGranted => "STATUS_LOGON_TYPE_NOT_GRANTED",
            SubCode::UpnNotInExpectedFormat => "AAD_CLOUDAP_E_OAUTH_USERNAME_IS_MALFORMED",
            SubCode::DomainNotAvailable => "STATUS_NO_LOGON_SERVERS",
            SubCode::AccountRestriction => "STATUS_ACCOUNT_RESTRICTION",
            SubCode::WorkstationRestriction => "STATUS_INVALID_WORKSTATION",
            SubCode::BadValidationClass => "STATUS_BAD_VALIDATION_CLASS",
            SubCode::SmartCardLogonRequired => "STATUS_SMARTCARD_LOGON_REQUIRED",
        }
    }

    /// Where the value comes from: the invalid-credentials page's table, or
    /// for STATUS_BAD_VALIDATION_CLASS the device SSO page.
    pub const fn source(self) -> Source {
        match self {
            SubCode::BadValidationClass => Source::documented(
                links::DEVICE_SSO,
                "the device SSO page gives STATUS_BAD_VALIDATION_CLASS (0xc00000a7) for a NetBIOS domain name on an Entra joined device",
            ),
            _ => Source::documented(
                links::INVALID_CREDENTIALS,
                "the page's table lists the status as Power Automate shows it from 2.24",
            ),
        }
    }

    /// Where [`SubCode::message`] comes from.
    pub const fn message_source(self) -> Source {
        match self {
            SubCode::LogonTypeNotGranted => Source::documented(
                links::LOGON_TYPE,
                "the logon-type page shows the payload with this message and the status as its code",
            ),
            SubCode::BadValidationClass => Source::modelled(
                "Windows' own text for the status; no Power Automate page shows the status with a desktop flow, so both the text and that the product shows the status at all are the model's",
            ),
            _ => Source::documented(
                links::INVALID_CREDENTIALS,
                "the page's table explains the status in these words",
            ),
        }
    }

    /// The sub-code with this value, signed or as its unsigned 32-bit form.
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
    /// The code.
    pub code: ErrorCode,
    /// `None` where no source documents the product's message.
    pub message: Option<Cow<'static, str>>,
    /// The HTTP status shown with it, where documented.
    pub http_status: Option<u16>,
    /// The Windows status, shown from Power Automate for desktop 2.24.
    pub sub_code: Option<SubCode>,
}

impl ErrorPayload {
    /// The payload for `code`. `tenant_id` fills the one message that names the
    /// directory (AADSTS50034); `sub_code` is kept only for
    /// `WindowsIdentityIncorrect`.
    pub fn new(code: ErrorCode, tenant_id: &str, sub_code: Option<SubCode>) -> ErrorPayload {
        let message = code.message_template().map(|m| -> Cow<'static, str> {
            if m.contains("{tenant}") {
                m.replace("{tenant}", tenant_id).into()
            } else {
                m.into()
            }
        });
        let sub_code = sub_code.filter(|_| code == ErrorCode::WindowsIdentityIncorrect);
        // Where the status stands in the code's place, its text is the message.
        let message = match sub_code {
            Some(sub) if sub.replaces_code() => Some(sub.message().into()),
            _ => message,
        };
        ErrorPayload { code, message, http_status: code.http_status(), sub_code }
    }

    /// The `code` the product's JSON shows: the error code, or the Windows
    /// status where the product puts the status there.
    pub fn shown_code(&self) -> Cow<'static, str> {
        match self.sub_code {
            Some(sub) if sub.replaces_code() => sub.value().to_string().into(),
            _ => self.code.as_str().into(),
        }
    }

    /// Where the payload's shape (which code and message it shows) comes from.
    pub fn shape_source(&self) -> Source {
        match self.sub_code {
            Some(sub) if sub.replaces_code() => Source::documented(
                links::LOGON_TYPE,
                "the logon-type page shows this status as the payload's code, with its text as the message",
            ),
            Some(_) => Source::modelled(
                "the invalid-credentials page says the message may be the generic one or something more specific; flowcred shows the generic pair with the status beside it, as no payload with these statuses is published",
            ),
            None => self.code.sources().code,
        }
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
            p.message.as_deref(),
            Some("AADSTS50126: Error validating credentials due to invalid username or password.")
        );
        let p = ErrorPayload::new(ErrorCode::UnallowedTenantForConnectWithSignIn, "t-1", None);
        assert_eq!(
            p.message.as_deref(),
            Some("Tenant t-1 needs to be explicitly allowlisted to authorize 'connect with sign-in' runs on the machine.")
        );
    }
}
