//! Real artifacts into evidence: a `dsregcmd /status` output, an error
//! payload as the product or Entra showed it, the username typed into the
//! connection, and the facts only an administrator knows.
//!
//! Each source sets only the facts it shows, with the input line where it has
//! one; everything else stays unknown, and the rules say what to check.

use serde::Deserialize;

use crate::dsregcmd::Status;
pub use crate::events::{EventMeaning, LogonEvent, LOGON_EVENT_IDS};
use crate::evidence::{Evidence, Fact};
use crate::model::{
    AccountState, CredentialKind, DomainKind, EntraDomainForm, HrdPolicy, Mfa, Os, RduMembership,
    RunMode, SecurityLayer, Session, UserType,
};
use crate::payload::{ErrorCode, SubCode};
use crate::recognize::{Reading, Seen, Sign};
use crate::username::{ExecutingAccount, Username, UsernameKind};
use crate::version::PadVersion;

/// What a person pasted about the failure, read ([`crate::recognize`]):
/// every part, and in the product's terms the code the run showed and the
/// Windows sub-code beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObservedError {
    /// The most specific code seen (a sub-error over the code it comes
    /// under), if any code was.
    pub code: Option<ErrorCode>,
    /// The Windows status beside it, where flowcred knows it as a sub-code.
    pub sub_code: Option<SubCode>,
    /// Every part read, in order, with where it was.
    pub readings: Vec<Reading>,
    /// The Security events the text holds, as Event Viewer renders them.
    pub events: Vec<LogonEvent>,
}

impl ObservedError {
    /// The readings that are the run's own: not a status of a pasted event.
    pub fn own_readings(&self) -> impl Iterator<Item = &Reading> {
        self.readings.iter().filter(|r| !in_events(&self.events, &r.seen))
    }
}

/// Reads what a person pasted: Power Automate's JSON (with nested or inner
/// errors), a Windows status in any form, a Win32 logon error, AADSTS
/// codes, Entra's token-endpoint JSON, Windows' and the Remote Desktop
/// client's messages, or free text holding several of these.
pub fn parse_error(text: &str) -> Result<ObservedError, String> {
    let readings = crate::recognize::read(text)?;
    let events = crate::events::read(text);
    let own: Vec<Reading> =
        readings.iter().filter(|r| !in_events(&events, &r.seen)).cloned().collect();
    let (code, sub_code) = crate::recognize::code_and_sub_code(&own);
    Ok(ObservedError { code, sub_code, readings, events })
}

/// Whether `seen` is a status one of `events` gives: the event speaks for
/// it (see [`with_events`]), as the event's, not the run's.
fn in_events(events: &[LogonEvent], seen: &Seen) -> bool {
    match seen {
        Seen::Status(s) => events.iter().any(|e| e.statuses().any(|t| t == *s)),
        _ => false,
    }
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

/// What the statuses seen say of the account, whatever code came with them:
/// Windows checked the password it refused; the account is disabled,
/// locked out or its password expired.
fn statuses(err: &ObservedError, ev: &mut Evidence) {
    for reading in err.own_readings() {
        let crate::recognize::Seen::Status(status) = reading.seen else { continue };
        match status {
            0xC000_006A => set_if_unknown(&mut ev.password_checked, true),
            0xC000_0072 => set_if_unknown(&mut ev.account_state, AccountState::Disabled),
            0xC000_0071 | 0xC000_0224 => {
                set_if_unknown(&mut ev.account_state, AccountState::PasswordExpired)
            }
            0xC000_0234 => set_if_unknown(&mut ev.account_state, AccountState::Locked),
            _ => {}
        }
    }
}

/// What an observed error tells about facts nobody wrote down: the stage that
/// produces it was reached, and some codes name the account's state.
pub fn with_error(err: &ObservedError, ev: &mut Evidence) {
    for reading in err.own_readings() {
        if !ev.observed.contains(&reading.seen) {
            ev.observed.push(reading.seen);
        }
    }
    statuses(err, ev);
    if let Some(sub) = err.sub_code {
        set_if_unknown(&mut ev.observed_sub_code, sub);
        with_sub_code(sub, ev);
    }
    let Some(code) = err.code else { return };
    set_if_unknown(&mut ev.observed_error, code);
    if let Some(mode) = run_mode_of(code) {
        set_if_unknown(&mut ev.run_mode, mode);
    }
    if code.is_aadsts() || code == ErrorCode::InvalidConnectionCredentials {
        set_if_unknown(&mut ev.entra_or_domain_account, true);
    }
    // Connect with sign-in reports a missing join as MachineNotJoined, and
    // asks no password of Windows.
    if matches!(code, ErrorCode::InvalidConnectionCredentials | ErrorCode::WindowsIdentityIncorrect)
    {
        set_if_unknown(&mut ev.sign_in, false);
    }
    if code == ErrorCode::MachineNotJoined {
        set_if_unknown(&mut ev.sign_in, true);
    }
    if code.is_aadsts() {
        set_if_unknown(&mut ev.username_kind, UsernameKind::Upn);
        // A run shows Entra's code only where Power Automate asked Entra for
        // a token.
        set_if_unknown(&mut ev.cloud_check, true);
    }
    match code {
        ErrorCode::Aadsts50034 => set_if_unknown(&mut ev.user_in_tenant, false),
        ErrorCode::Aadsts50053 | ErrorCode::Aadsts50055 | ErrorCode::Aadsts50057 => {
            set_if_unknown(&mut ev.user_in_tenant, true);
            let state = match code {
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
}

/// The run mode a code is shown for, where only one: the run-errors table
/// marks each code attended, unattended or both; the session-creation codes
/// it leaves out come only from the session an unattended run creates.
pub fn run_mode_of(code: ErrorCode) -> Option<RunMode> {
    use ErrorCode::*;
    match code {
        AttendedUserNotLoggedIn
        | AttendedUserSessionNotActive
        | UnallowedTenantForConnectWithSignIn
        | NoSessionFoundForPasswordless => Some(RunMode::Attended),
        SessionCreationError
        | SessionCreationWinLogonFailure
        | SessionCreationInvalidCredentials
        | SessionCreationUserPromptedForCredentialsAfterConnection
        | SessionCreationErrorWithThirdPartyCredentialProvider
        | SessionExistsForTheUserWhenUnattended
        | UnattendedUserSessionDisconnected
        | UnattendedUserSessionLocked
        | SessionNotFoundAfterCreation
        | SessionNotFound
        | UnattendedUnsupportedWithOldConnection
        | TooManyActiveSessions
        | Win10AlreadyHasActiveSession
        | RdpIsNotEnabled
        | RdpPermissionNotGranted
        | UiFlowServiceNoRdpPermissions
        | MsEntraLogonFailure
        | MsEntraRemoteDesktopAppConsentRequired
        | MsEntraMachineAlwaysPromptingForPassword
        | LogonTypeNotGranted => Some(RunMode::Unattended),
        _ => None,
    }
}

/// Where [`run_mode_of`] comes from.
pub const RUN_MODE_SOURCE: crate::source::Source = crate::source::Source::documented(
    crate::source::links::RUN_ERRORS,
    "the table's mode column marks each code attended (A), unattended (U) or both",
);

/// What a Windows sub-code says, whatever showed it.
fn with_sub_code(sub: SubCode, ev: &mut Evidence) {
    // The username-form statuses show on attended runs and connection
    // tests; an unattended run reports SessionCreationInvalidCredentials.
    if matches!(
        sub,
        SubCode::UpnNotInExpectedFormat | SubCode::DomainNotAvailable | SubCode::BadValidationClass
    ) {
        set_if_unknown(&mut ev.run_mode, RunMode::Attended);
    }
    match sub {
        SubCode::UpnNotInExpectedFormat => {
            set_if_unknown(&mut ev.username_kind, UsernameKind::Upn);
            // On a domain-only machine the domain took no such logon name.
            set_if_unknown(&mut ev.upn_known_to_domain, false);
        }
        SubCode::DomainNotAvailable => {
            set_if_unknown(&mut ev.username_kind, UsernameKind::Domain);
            // On an Entra joined device the domain's NetBIOS name with a
            // domain controller in reach gives another status.
            set_if_unknown(&mut ev.entra_device_domain, EntraDomainForm::NoDomain);
        }
        SubCode::BadValidationClass => {
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
    /// The machine is an Azure VM.
    pub azure_vm: Option<bool>,
    /// The account holds a Virtual Machine login role on the Azure VM (given
    /// alone, it says the machine is one).
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
    /// The machine is Microsoft Entra joined (`AzureAdJoined`), where no
    /// `dsregcmd /status` output is at hand.
    pub azure_ad_joined: Option<bool>,
    /// The machine is joined to an on-premises domain (`DomainJoined`).
    pub domain_joined: Option<bool>,
    /// The machine is joined to the tenant of the connection's account.
    pub machine_in_users_tenant: Option<bool>,
    /// The machine reaches `login.microsoftonline.com`.
    pub entra_reachable: Option<bool>,
    /// The Power Automate agent launcher service is running.
    pub launcher_service_running: Option<bool>,
    /// The connection is of an older kind that unattended runs refuse.
    pub legacy_connection: Option<bool>,
    /// The machine was cloned after Power Automate was registered on it.
    pub cloned_after_registration: Option<bool>,
    /// The group password was created on a machine whose clock runs ahead.
    pub group_password_clock_ahead: Option<bool>,
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
    /// Two facts that cannot both hold, as the field to blame and why.
    pub fn contradiction(&self) -> Option<(&'static str, &'static str)> {
        (self.azure_vm == Some(false) && self.azure_vm_login_role.is_some()).then_some((
            "azure_vm_login_role",
            "a Virtual Machine login role is held on an Azure VM, and `azure_vm: false` says the machine is not one",
        ))
    }

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
        put(&mut ev.azure_vm, &self.azure_vm.or(self.azure_vm_login_role.map(|_| true)));
        put(&mut ev.azure_vm_login_role, &self.azure_vm_login_role);
        put(&mut ev.user_type, &self.user_type);
        put(&mut ev.passwordless, &self.passwordless);
        put(&mut ev.dc_reachable, &self.domain_controller_reachable);
        put(&mut ev.on_prem_upn_matches, &self.on_premises_upn_matches);
        put(&mut ev.session, &self.session);
        put(&mut ev.tenant_allowlisted, &self.tenant_allowlisted);
        put(&mut ev.ws_trust, &self.ws_trust);
        put(&mut ev.azure_ad_joined, &self.azure_ad_joined);
        put(&mut ev.domain_joined, &self.domain_joined);
        put(&mut ev.machine_tenant_matches, &self.machine_in_users_tenant);
        put(&mut ev.entra_reachable, &self.entra_reachable);
        put(&mut ev.launcher_service_running, &self.launcher_service_running);
        put(&mut ev.legacy_connection, &self.legacy_connection);
        put(&mut ev.cloned_after_registration, &self.cloned_after_registration);
        put(&mut ev.group_password_clock_ahead, &self.group_password_clock_ahead);
    }
}

/// Facts from the Security events of the connection's account, and what
/// each shows of the path the logon took. The newest event speaks; the
/// events read are returned for the report.
///
/// An event is the connection's where it names the connection's account;
/// with no username known, the events pasted with the error are taken as the
/// failure's own. What an event says of the account (it exists, its state,
/// a password refused) counts only where the event checked that account on
/// that path: a network logon through NTLM for an Entra identity (the NLA
/// check of a Remote Desktop connection) fails for any Entra account, so it
/// shows the path, not the account.
pub fn with_events<'a>(events: &'a [LogonEvent], ev: &mut Evidence) -> Vec<&'a LogonEvent> {
    let named: Vec<&LogonEvent> = match ev.username.value.clone() {
        Some(username) => events.iter().filter(|e| e.names(&username)).collect(),
        None => events.iter().collect(),
    };
    for event in named.iter().rev() {
        let parts: Vec<Seen> = match event.sign() {
            Some(sign) => vec![Seen::Event(sign)],
            None => event.statuses().map(Seen::Status).collect(),
        };
        for part in parts {
            if !ev.observed.contains(&part) {
                ev.observed.push(part);
            }
        }
        if event.sign() == Some(Sign::NtlmNetworkLogonOfEntraAccount) {
            // Remote Desktop checks the credential before the session:
            // an unattended run, with NLA, and a password.
            set_if_unknown(&mut ev.run_mode, RunMode::Unattended);
            set_if_unknown(&mut ev.rdp_nla, true);
            set_if_unknown(&mut ev.credential, CredentialKind::Password);
            set_if_unknown(&mut ev.entra_or_domain_account, true);
            continue;
        }
        if event.event_id == 4625 {
            match event.logon_type {
                Some(10) => set_if_unknown(&mut ev.run_mode, RunMode::Unattended),
                Some(2 | 11) => set_if_unknown(&mut ev.run_mode, RunMode::Attended),
                _ => {}
            }
        }
        // A Kerberos pre-authentication failure is the domain's answer.
        if event.event_id == 4771 {
            set_if_unknown(&mut ev.domain_logon, true);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_payload_form() {
        let code = |text: &str| parse_error(text).unwrap().code;
        let pa =
            r#"{"error":{"code":"InvalidConnectionCredentials","message":"Could not connect"}}"#;
        assert_eq!(code(pa), Some(ErrorCode::InvalidConnectionCredentials));
        let composite =
            "AADSTS70002: Error validating credentials. AADSTS50126: Invalid username or password";
        let e = parse_error(composite).unwrap();
        assert_eq!(e.code, Some(ErrorCode::Aadsts50126));
        assert_eq!(e.readings[0].seen, crate::recognize::Seen::Aadsts(70002));
        let token = r#"{"error":"invalid_grant","error_description":"...","error_codes":[50053]}"#;
        assert_eq!(code(token), Some(ErrorCode::Aadsts50053));
        let token = r#"{"error":"invalid_grant","error_description":"AADSTS50053: locked"}"#;
        assert_eq!(code(token), Some(ErrorCode::Aadsts50053));
        for status in ["-1073741715", "0xC000006D", "0xc000006d", "3221225581"] {
            let e = parse_error(status).unwrap();
            assert_eq!((e.code, e.sub_code), (None, Some(SubCode::BadUsernameOrAuthentication)));
        }
        assert_eq!(code("WindowsIdentityIncorrect"), Some(ErrorCode::WindowsIdentityIncorrect));
        assert!(parse_error("something else entirely").is_err());
        let denied = parse_error(
            r#"{"error":{"code":"-1073741477","message":"A user has requested a type of logon"}}"#,
        )
        .unwrap();
        assert_eq!(denied.sub_code, Some(SubCode::LogonTypeNotGranted));
        assert_eq!(code("MSEntraLogonFailure"), Some(ErrorCode::MsEntraLogonFailure));
    }

    fn event(id: u32, user: &str, domain: &str, status: u32, sub: u32) -> LogonEvent {
        LogonEvent {
            event_id: id,
            target_user: user.into(),
            target_domain: domain.into(),
            status: Some(i64::from(status)),
            sub_status: Some(i64::from(sub)),
            ..LogonEvent::default()
        }
    }

    #[test]
    fn an_ntlm_network_logon_of_an_entra_account_shows_the_path_not_the_account() {
        let mut nla = event(4625, "alice@contoso.com", "AzureAD", 0xC000_006D, 0xC000_0064);
        nla.logon_type = Some(3);
        nla.package = "NTLM".into();
        let mut ev = Evidence::unknown();
        with_username("alice@contoso.com", "PC1", &mut ev);
        assert_eq!(with_events(std::slice::from_ref(&nla), &mut ev).len(), 1);
        assert_eq!(ev.observed, [Seen::Event(Sign::NtlmNetworkLogonOfEntraAccount)]);
        assert_eq!(ev.account_on_machine.value, None, "NTLM cannot resolve any Entra account");
        assert_eq!((ev.rdp_nla.value, ev.run_mode.value), (Some(true), Some(RunMode::Unattended)));
        // The same refusal at an interactive logon is about the account.
        let mut local = nla.clone();
        local.logon_type = Some(2);
        local.package = "Negotiate".into();
        let mut ev = Evidence::unknown();
        with_username("alice@contoso.com", "PC1", &mut ev);
        with_events(&[local], &mut ev);
        assert_eq!(ev.account_on_machine.value, Some(false));
        assert!(ev.observed.contains(&Seen::Status(0xC000_0064)));
    }

    #[test]
    fn a_kerberos_pre_authentication_failure_is_the_domain_answering() {
        let mut ev = Evidence::unknown();
        with_username("CONTOSO\\bob", "PC1", &mut ev);
        with_events(&[event(4771, "bob", "", 0x18, 0)], &mut ev);
        assert_eq!(ev.domain_logon.value, Some(true));
        assert_eq!(ev.password_checked.value, Some(true));
        // A Kerberos code is no Windows status: nothing is observed of it.
        assert!(ev.observed.is_empty(), "{:?}", ev.observed);
    }

    #[test]
    fn an_event_pasted_with_the_error_speaks_for_its_own_statuses() {
        let text = "An account failed to log on.\nLogon Type: 3\nAccount For Which Logon Failed:\n\
                    Account Name: alice@contoso.com\nAccount Domain: AzureAD\nStatus: 0xC000006D\n\
                    Sub Status: 0xC0000064\nAuthentication Package: NTLM\n";
        let read = parse_error(text).unwrap();
        assert_eq!(read.events.len(), 1);
        assert_eq!(read.sub_code, None, "the statuses are the event's, not the run's");
        assert_eq!(read.own_readings().count(), 0);
    }
}
