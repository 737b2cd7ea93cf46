//! Real artifacts into evidence: a `dsregcmd /status` output, an error
//! payload as the product or Entra showed it, the username typed into the
//! connection, and the facts only an administrator knows.
//!
//! Each source sets only the facts it shows, with the input line where it has
//! one; everything else stays unknown, and the rules say what to check.

use serde::Deserialize;

use crate::dsregcmd::Status;
use crate::evidence::{Evidence, Fact};
use crate::model::{
    AccountState, CredentialKind, DomainKind, EntraDomainForm, HrdPolicy, Mfa, Os, RduMembership,
    RunMode, SecurityLayer, Session, UserType,
};
use crate::payload::{ErrorCode, SubCode};
use crate::text::Quoted;
use crate::username::{ExecutingAccount, Username, UsernameKind};
use crate::version::PadVersion;

/// An error as a person copied it from a failed run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObservedError {
    /// The error code the text shows.
    pub code: ErrorCode,
    /// The Windows status it carries, if any.
    pub sub_code: Option<SubCode>,
    /// Every AADSTS number the text holds, in order.
    pub aadsts: Vec<u32>,
}

/// Reads the error codes out of an error payload: Power Automate's
/// `{"error":{"code":…,"message":…}}`, a Windows status (signed decimal or
/// hex), an AADSTS message (including the older `AADSTS70002: … AADSTS50126:`
/// composite), or the token endpoint's JSON with `error_codes`.
pub fn parse_error(text: &str) -> Result<ObservedError, String> {
    let aadsts = aadsts_numbers(text);
    let code_field = json_string_after(text, "\"code\"");
    let trimmed = text.trim();
    let sub_code = code_field
        .as_deref()
        .and_then(parse_status)
        .or_else(|| parse_status(trimmed))
        .and_then(SubCode::from_value);
    let named = code_field.as_deref().or(Some(trimmed)).and_then(|c| c.parse::<ErrorCode>().ok());
    // The most specific AADSTS code flowcred knows: the last one (the older
    // composite messages put the generic 70002 first).
    let from_aadsts =
        aadsts.iter().rev().find_map(|n| format!("AADSTS{n}").parse::<ErrorCode>().ok());
    let code = named
        .or(from_aadsts)
        .or(sub_code.map(|_| ErrorCode::WindowsIdentityIncorrect))
        .ok_or_else(|| "no error code flowcred knows is in this text".to_owned())?;
    Ok(ObservedError { code, sub_code, aadsts })
}

fn aadsts_numbers(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, _) in text.match_indices("AADSTS") {
        let digits: String = text[i + 6..].chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            seen.insert(n);
            out.push(n);
        }
    }
    if let Some(at) = text.find("\"error_codes\"") {
        let rest = &text[at..];
        if let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) {
            for n in rest.get(open + 1..close).unwrap_or("").split(',') {
                if let Ok(n) = n.trim().parse() {
                    if seen.insert(n) {
                        out.push(n);
                    }
                }
            }
        }
    }
    out
}

/// The string value after `key` in JSON-ish text: `"code": "X"`.
fn json_string_after(text: &str, key: &str) -> Option<String> {
    let rest = &text[text.find(key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_owned())
}

/// `-1073741715`, `3221225581` or `0xC000006D` as a signed 32-bit status.
fn parse_status(text: &str) -> Option<i64> {
    let text = text.trim();
    let value = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i64::from(u32::from_str_radix(hex, 16).ok()? as i32),
        None => {
            let n: i64 = text.parse().ok()?;
            if n > i64::from(i32::MAX) {
                i64::from(u32::try_from(n).ok()? as i32)
            } else {
                n
            }
        }
    };
    Some(value)
}

fn set_line<T>(fact: &mut Fact<T>, value: T, line: u32) {
    fact.value = Some(value);
    fact.line = Some(line);
}

fn set_if_unknown<T>(fact: &mut Fact<T>, value: T) {
    if fact.value.is_none() {
        fact.value = Some(value);
    }
}

/// Facts from a `dsregcmd /status` output.
pub fn from_dsregcmd(status: &Status, ev: &mut Evidence) {
    if let Some((v, line)) = status.flag("AzureAdJoined") {
        set_line(&mut ev.azure_ad_joined, v, line);
    }
    if let Some((v, line)) = status.flag("DomainJoined") {
        set_line(&mut ev.domain_joined, v, line);
        if !v {
            set_line(&mut ev.domain_name, None, line);
        }
    }
    if let Some((v, line)) = status.flag("WorkplaceJoined") {
        set_line(&mut ev.workplace_joined, v, line);
    }
    if let Some((name, line)) = status.value("DomainName") {
        set_line(&mut ev.domain_name, Some(name.into()), line);
    }
    if let Some((auth, line)) = status.value("DeviceAuthStatus") {
        // `SUCCESS`, `FAILED. Device is either disabled or deleted`, or
        // `FAILED. ERROR` (the check could not run: nothing learnt).
        if auth.eq_ignore_ascii_case("SUCCESS") {
            set_line(&mut ev.device_enabled, true, line);
        } else if auth.to_ascii_lowercase().contains("disabled or deleted") {
            set_line(&mut ev.device_enabled, false, line);
        }
    }
    if let Some((authority, line)) = status.value("EnterprisePrtAuthority") {
        if authority.to_ascii_lowercase().contains("/adfs") {
            set_line(&mut ev.adfs_authority, authority.into(), line);
        }
    }
    if let Some((id, line)) = status.value("TenantId") {
        set_line(&mut ev.machine_tenant_id, id.into(), line);
    }
    // The PRT attempt is Windows' own sign-in on the machine, not the
    // connection's: its user, credential and error are the machine's facts
    // and never stand in for the connection's.
    if let Some(failure) = status.prt_failure() {
        let description =
            failure.server_error_description.as_ref().or(failure.server_error_code.as_ref());
        if let Some(field) = description {
            set_line(&mut ev.prt_error, (&field.value).into(), field.line);
        }
        // AADSTS135011 (device disabled) and AADSTS50155 (device
        // authentication failed) in the PRT attempt speak of the device.
        for field in
            [&failure.server_error_code, &failure.server_error_description].into_iter().flatten()
        {
            let text = field.value.to_ascii_uppercase();
            if (text.contains("AADSTS135011") || text.contains("AADSTS50155"))
                && ev.device_enabled.value.is_none()
            {
                set_line(&mut ev.device_enabled, false, field.line);
            }
        }
        if let Some(field) = &failure.user_identity {
            set_line(&mut ev.prt_user, (&field.value).into(), field.line);
        }
        if let Some(field) = &failure.attempt_status {
            // AAD_CLOUDAP_E_WSTRUST_SAML_TOKENS_ARE_EMPTY and the MEX errors:
            // the federated provider's WS-Trust endpoint failed.
            let status = field.value.to_ascii_lowercase();
            if ["0xc00484c1", "0xc004848b", "0xc004848c"].iter().any(|s| status.starts_with(s)) {
                set_line(&mut ev.ws_trust, false, field.line);
                set_line(&mut ev.user_domain_kind, Some(DomainKind::Federated), field.line);
            }
        }
    }
}

/// `Executing Account Name` beside the connection's username (the
/// comparison the invalid-credentials page asks for). Run as the
/// connection's account, `dsregcmd` says that account has a session on the
/// machine, so it is there; run as another, it says the machine is set up
/// for someone else, which an account missing from the machine implies.
pub fn with_executing_account(status: &Status, machine: &str, ev: &mut Evidence) {
    let (Some((executing, line)), Some(typed)) = (status.executing_account(), &ev.username.value)
    else {
        return;
    };
    let Some(account) = ExecutingAccount::parse(executing) else {
        return;
    };
    let username = Username::parse(typed, machine);
    let Some(same) = account.is(&username, machine) else {
        return;
    };
    set_line(&mut ev.executing_account_is_connection, same, line);
    // A verified domain belongs to one tenant: a connection UPN in the
    // executing account's domain is a user of the machine's tenant.
    let executing_domain = account.upn.and_then(|upn| upn.rsplit_once('@')).map(|(_, d)| d);
    let same_domain =
        executing_domain.zip(username.upn_domain()).is_some_and(|(a, b)| a.eq_ignore_ascii_case(b));
    if same_domain && ev.machine_tenant_matches.value.is_none() {
        set_line(&mut ev.machine_tenant_matches, true, line);
    }
    let plain = username.kind != UsernameKind::AzureAdPrefix;
    if same && plain && ev.account_on_machine.value.is_none() {
        set_line(&mut ev.account_on_machine, true, line);
    }
}

/// The username typed into the connection, read on the machine named `machine`.
pub fn with_username(typed: &str, machine: &str, ev: &mut Evidence) {
    let username = Username::parse(typed, machine);
    ev.username.set(typed.trim().into());
    ev.username_kind.set(username.kind);
    ev.entra_or_domain_account.set(username.kind != UsernameKind::Local);
    if let (UsernameKind::Domain, Some(Some(domain))) = (username.kind, &ev.domain_name.value) {
        let matches = username.prefix.is_some_and(|p| p.eq_ignore_ascii_case(domain));
        ev.username_domain_matches_device.set(matches);
    }
}

/// What an observed error tells about facts nobody wrote down: the stage that
/// produces it was reached, and some codes name the account's state.
pub fn with_error(err: &ObservedError, ev: &mut Evidence) {
    set_if_unknown(&mut ev.observed_error, err.code);
    if let Some(sub) = err.sub_code {
        set_if_unknown(&mut ev.observed_sub_code, sub);
    }
    if err.code.is_aadsts() || err.code == ErrorCode::InvalidConnectionCredentials {
        set_if_unknown(&mut ev.entra_or_domain_account, true);
    }
    // Connect with sign-in reports a missing join as MachineNotJoined, and
    // asks no password of Windows.
    if matches!(
        err.code,
        ErrorCode::InvalidConnectionCredentials | ErrorCode::WindowsIdentityIncorrect
    ) {
        set_if_unknown(&mut ev.sign_in, false);
    }
    if err.code == ErrorCode::MachineNotJoined {
        set_if_unknown(&mut ev.sign_in, true);
    }
    if err.code.is_aadsts() {
        set_if_unknown(&mut ev.username_kind, UsernameKind::Upn);
        // A run shows Entra's code only where Power Automate asked Entra for
        // a token.
        set_if_unknown(&mut ev.cloud_check, true);
    }
    match err.code {
        ErrorCode::Aadsts50034 => set_if_unknown(&mut ev.user_in_tenant, false),
        ErrorCode::Aadsts50053 | ErrorCode::Aadsts50055 | ErrorCode::Aadsts50057 => {
            set_if_unknown(&mut ev.user_in_tenant, true);
            let state = match err.code {
                ErrorCode::Aadsts50053 => AccountState::Locked,
                ErrorCode::Aadsts50055 => AccountState::PasswordExpired,
                _ => AccountState::Disabled,
            };
            set_if_unknown(&mut ev.account_state, state);
        }
        ErrorCode::SessionCreationInvalidCredentials => {
            set_if_unknown(&mut ev.username_form_refused, true);
            set_if_unknown(&mut ev.run_mode, RunMode::Unattended);
        }
        ErrorCode::AccountLockedOut => {
            set_if_unknown(&mut ev.username_kind, UsernameKind::Domain);
            set_if_unknown(&mut ev.account_state, AccountState::Locked);
        }
        _ => {}
    }
    // The username-form statuses show on attended runs and connection
    // tests; an unattended run reports SessionCreationInvalidCredentials.
    if matches!(
        err.sub_code,
        Some(
            SubCode::UpnNotInExpectedFormat
                | SubCode::DomainNotAvailable
                | SubCode::BadValidationClass
        )
    ) {
        set_if_unknown(&mut ev.run_mode, RunMode::Attended);
    }
    match err.sub_code {
        Some(SubCode::UpnNotInExpectedFormat) => {
            set_if_unknown(&mut ev.username_kind, UsernameKind::Upn);
            // On a domain-only machine the domain took no such logon name.
            set_if_unknown(&mut ev.upn_known_to_domain, false);
        }
        Some(SubCode::DomainNotAvailable) => {
            set_if_unknown(&mut ev.username_kind, UsernameKind::Domain);
            // On an Entra joined device the domain's NetBIOS name with a
            // domain controller in reach gives another status.
            set_if_unknown(&mut ev.entra_device_domain, EntraDomainForm::NoDomain);
        }
        Some(SubCode::BadValidationClass) => {
            set_if_unknown(&mut ev.username_kind, UsernameKind::Domain);
            set_if_unknown(&mut ev.entra_device_domain, EntraDomainForm::NetbiosName);
        }
        _ => {}
    }
}

/// What only an administrator (or the person at the machine) knows, as a
/// `--facts` file gives it. Every field is optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminFacts {
    /// The type of the user's domain: `managed` or `federated`.
    pub domain_type: Option<DomainKind>,
    /// Entra Connect synchronizes password hashes.
    pub password_hash_sync: Option<bool>,
    /// `none`, or the policy.
    pub hrd_policy: Option<HrdPolicyFact>,
    /// Entra certificate-based authentication is configured.
    pub certificate_auth: Option<bool>,
    /// The connection's user exists in the tenant.
    pub user_in_tenant: Option<bool>,
    /// The Entra account's state.
    pub account_state: Option<AccountState>,
    /// The connection's credential: `password`, `certificate` or `sign_in`.
    pub credential: Option<CredentialFact>,
    /// The machine's Windows release.
    pub os: Option<Os>,
    /// The Power Automate for desktop version.
    pub pad_version: Option<PadVersion>,
    /// The connection's account is present on the machine.
    pub account_on_machine: Option<bool>,
    /// Its work account is synchronized.
    pub work_account_synced: Option<bool>,
    /// Its work account has signed in interactively.
    pub work_account_signed_in: Option<bool>,
    /// The connection's password is the account's current one.
    pub password_matches_account: Option<bool>,
    /// The machine holds the account's current password.
    pub machine_has_current_password: Option<bool>,
    /// `attended` or `unattended`.
    pub run_mode: Option<RunMode>,
    /// Network Level Authentication is required.
    pub nla: Option<bool>,
    /// `fPromptForPassword` is set.
    pub prompt_for_password: Option<bool>,
    /// Remote Desktop's `SecurityLayer`.
    pub security_layer: Option<SecurityLayer>,
    /// `UseRdsAadAuthentication` is set.
    pub entra_rdp_auth: Option<bool>,
    /// Remote Desktop consent is granted for the Microsoft Remote Desktop app.
    pub rdp_sso_consent: Option<bool>,
    /// A third-party credential provider, by name.
    pub third_party_credential_provider: Option<String>,
    /// A logon legal notice is set.
    pub legal_notice: Option<bool>,
    /// What requires MFA for the user.
    pub mfa: Option<Mfa>,
    /// How the account is in Remote Desktop Users.
    pub remote_desktop_users: Option<RduMembership>,
    /// A Deny log on policy names the account.
    pub logon_denied: Option<bool>,
    /// `NT SERVICE\UIFlowService` is in Remote Desktop Users.
    pub uiflowservice_in_remote_desktop_users: Option<bool>,
    /// `true`/`false` for an Azure VM's login role.
    pub azure_vm_login_role: Option<bool>,
    /// A member or a guest.
    pub user_type: Option<UserType>,
    /// The account signs in without a password.
    pub passwordless: Option<bool>,
    /// A domain controller answers the machine.
    pub domain_controller_reachable: Option<bool>,
    /// The on-premises UPN is the Entra UPN.
    pub on_premises_upn_matches: Option<bool>,
    /// The account's session on the machine.
    pub session: Option<Session>,
    /// The tenant is in `AllowedRegistrationTenants`.
    pub tenant_allowlisted: Option<bool>,
    /// The federated identity provider's WS-Trust username endpoint answers.
    pub ws_trust: Option<bool>,
}

/// What the facts file says of the HRD policy.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(untagged)]
pub enum HrdPolicyFact {
    /// `none`: there is no policy.
    None(NoPolicy),
    /// The policy.
    Policy(HrdPolicy),
}

/// The word `none`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoPolicy {
    /// `none`.
    None,
}

/// A credential kind, as the facts file writes it.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialFact {
    /// `password`.
    Password,
    /// `certificate`.
    Certificate,
    /// `sign_in`.
    SignIn,
}

impl AdminFacts {
    /// Writes every fact given into the evidence, over what it held.
    pub fn apply(&self, ev: &mut Evidence) {
        fn put<T: Clone>(fact: &mut Fact<T>, value: &Option<T>) {
            if let Some(v) = value {
                fact.value = Some(v.clone());
            }
        }
        put(&mut ev.user_domain_kind, &self.domain_type.map(Some));
        put(&mut ev.password_hash_sync, &self.password_hash_sync);
        if let Some(policy) = self.hrd_policy {
            ev.hrd_policy.set(match policy {
                HrdPolicyFact::None(_) => None,
                HrdPolicyFact::Policy(p) => Some(p),
            });
        }
        put(&mut ev.certificate_auth, &self.certificate_auth);
        put(&mut ev.user_in_tenant, &self.user_in_tenant);
        put(&mut ev.account_state, &self.account_state);
        if let Some(c) = self.credential {
            ev.credential.set(match c {
                CredentialFact::Password => CredentialKind::Password,
                CredentialFact::Certificate => CredentialKind::Certificate,
                CredentialFact::SignIn => CredentialKind::SignIn,
            });
        }
        put(&mut ev.os, &self.os);
        put(&mut ev.pad_version, &self.pad_version);
        put(&mut ev.account_on_machine, &self.account_on_machine);
        put(&mut ev.work_account_synced, &self.work_account_synced);
        put(&mut ev.work_account_signed_in, &self.work_account_signed_in);
        put(&mut ev.password_matches_account, &self.password_matches_account);
        put(&mut ev.machine_has_current_password, &self.machine_has_current_password);
        put(&mut ev.run_mode, &self.run_mode);
        put(&mut ev.rdp_nla, &self.nla);
        put(&mut ev.prompt_for_password, &self.prompt_for_password);
        put(&mut ev.security_layer, &self.security_layer);
        put(&mut ev.entra_rdp_auth, &self.entra_rdp_auth);
        put(&mut ev.rdp_sso_consent, &self.rdp_sso_consent);
        put(
            &mut ev.credential_provider,
            &self.third_party_credential_provider.as_deref().map(|p| Some(p.into())),
        );
        put(&mut ev.legal_notice, &self.legal_notice);
        put(&mut ev.mfa, &self.mfa);
        put(&mut ev.remote_desktop_users, &self.remote_desktop_users);
        put(&mut ev.logon_denied, &self.logon_denied);
        put(&mut ev.uiflowservice_rdu, &self.uiflowservice_in_remote_desktop_users);
        put(&mut ev.azure_vm_login_role, &self.azure_vm_login_role.map(Some));
        put(&mut ev.user_type, &self.user_type);
        put(&mut ev.passwordless, &self.passwordless);
        put(&mut ev.dc_reachable, &self.domain_controller_reachable);
        put(&mut ev.on_prem_upn_matches, &self.on_premises_upn_matches);
        put(&mut ev.session, &self.session);
        put(&mut ev.tenant_allowlisted, &self.tenant_allowlisted);
        put(&mut ev.ws_trust, &self.ws_trust);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_payload_form() {
        let pa =
            r#"{"error":{"code":"InvalidConnectionCredentials","message":"Could not connect"}}"#;
        assert_eq!(parse_error(pa).unwrap().code, ErrorCode::InvalidConnectionCredentials);
        let composite =
            "AADSTS70002: Error validating credentials. AADSTS50126: Invalid username or password";
        let e = parse_error(composite).unwrap();
        assert_eq!((e.code, e.aadsts.clone()), (ErrorCode::Aadsts50126, vec![70002, 50126]));
        let token = r#"{"error":"invalid_grant","error_description":"...","error_codes":[50053]}"#;
        assert_eq!(parse_error(token).unwrap().code, ErrorCode::Aadsts50053);
        for status in ["-1073741715", "0xC000006D", "0xc000006d", "3221225581"] {
            let e = parse_error(status).unwrap();
            assert_eq!(
                (e.code, e.sub_code),
                (ErrorCode::WindowsIdentityIncorrect, Some(SubCode::BadUsernameOrAuthentication)),
                "{status}"
            );
        }
        assert_eq!(
            parse_error("WindowsIdentityIncorrect").unwrap().code,
            ErrorCode::WindowsIdentityIncorrect
        );
        assert!(parse_error("something else entirely").is_err());
        let denied = parse_error(
            r#"{"error":{"code":"-1073741477","message":"A user has requested a type of logon"}}"#,
        )
        .unwrap();
        assert_eq!(
            (denied.code, denied.sub_code),
            (ErrorCode::WindowsIdentityIncorrect, Some(SubCode::LogonTypeNotGranted))
        );
        assert_eq!(
            parse_error("MSEntraLogonFailure").unwrap().code,
            ErrorCode::MsEntraLogonFailure
        );
    }
}

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
}

/// Facts from the Security events that name the connection's account (the
/// username must be known: an event of another account says nothing of the
/// connection). The newest such event speaks; the matched events are
/// returned for the report.
pub fn with_events<'a>(events: &'a [LogonEvent], ev: &mut Evidence) -> Vec<&'a LogonEvent> {
    let Some(username) = ev.username.value.clone() else {
        return Vec::new();
    };
    let named: Vec<&LogonEvent> = events.iter().filter(|e| e.names(&username)).collect();
    for event in named.iter().rev() {
        if event.event_id == 4625 {
            match event.logon_type {
                Some(10) => set_if_unknown(&mut ev.run_mode, RunMode::Unattended),
                Some(2 | 11) => set_if_unknown(&mut ev.run_mode, RunMode::Attended),
                _ => {}
            }
        }
        let meaning = event.meaning();
        let state = match meaning {
            Some(EventMeaning::Disabled) => Some(AccountState::Disabled),
            Some(EventMeaning::LockedOut) => Some(AccountState::Locked),
            Some(EventMeaning::PasswordExpired) => Some(AccountState::PasswordExpired),
            _ => None,
        };
        if let Some(state) = state {
            // The account's state says the account exists.
            set_if_unknown(&mut ev.account_state, state);
            set_if_unknown(&mut ev.account_on_machine, true);
        }
        match meaning {
            // Windows refused the password it checked against: the
            // connection's may be outdated, or the machine's (or Entra's)
            // copy may be, so the event does not say whose is wrong.
            Some(EventMeaning::WrongPassword) => {
                set_if_unknown(&mut ev.credential, CredentialKind::Password);
                set_if_unknown(&mut ev.account_on_machine, true);
                set_if_unknown(&mut ev.password_checked, true);
            }
            Some(EventMeaning::NoSuchAccount) => set_if_unknown(&mut ev.account_on_machine, false),
            _ => {}
        }
        // A failed logon's status is the NTSTATUS Power Automate shows as
        // the sub-code of WindowsIdentityIncorrect (from 2.24 on): the
        // event gives it where the error as shown does not.
        if event.event_id == 4625 {
            if let Some(sub) = event.status.and_then(|s| SubCode::from_value(i64::from(s as i32))) {
                set_if_unknown(&mut ev.observed_sub_code, sub);
            }
        }
        if event.event_id == 4625 && ev.observed_error.value.is_none() {
            let code = if meaning == Some(EventMeaning::LockedOut) {
                ErrorCode::AccountLockedOut
            } else {
                ErrorCode::WindowsIdentityIncorrect
            };
            set_if_unknown(&mut ev.observed_error, code);
        }
    }
    named
}
