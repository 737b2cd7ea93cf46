//! The simulated sign-in path: the stages a desktop-flow connection walks, in
//! order, stopping at the first that fails with the product's exact payload.
//!
//! The order follows the product: Entra checks the credential in the cloud
//! before the machine is contacted; the machine checks its join state, the
//! username's form and the account before Windows tries the logon.

use std::borrow::Cow;
use std::fmt;

use crate::directory::{self, NtStatus};
use crate::model::{
    AccountState, Credential, DomainKind, EntraDomainForm, JoinKind, Mfa, NamedAccount,
    RduMembership, RunMode, SecurityLayer, Session, UserType, World,
};
use crate::payload::{ErrorCode, ErrorPayload, SubCode};
use crate::secret::Secret;
use crate::text::Quoted;
use crate::username::{Username, UsernameKind};
use crate::version::PadVersion;

/// A stage of the sign-in path, in the order a run walks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// The username's form and what the credential itself requires.
    Connection,
    /// Realm discovery and Entra's check of the credential.
    CloudValidation,
    /// The machine is Entra joined or domain joined.
    DeviceJoin,
    /// The username's form fits the join state.
    UsernameForm,
    /// The account exists on the machine and is in sync.
    AccountOnMachine,
    /// Windows signs the account in.
    WindowsLogon,
    /// The session the run needs: the user's own (attended) or a new Remote
    /// Desktop session (unattended).
    Session,
}

impl Stage {
    /// Every stage, in path order.
    pub const ALL: &'static [Stage] = &[
        Stage::Connection,
        Stage::CloudValidation,
        Stage::DeviceJoin,
        Stage::UsernameForm,
        Stage::AccountOnMachine,
        Stage::WindowsLogon,
        Stage::Session,
    ];

    /// The stage's name, as outputs and scenarios write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Connection => "connection",
            Stage::CloudValidation => "cloud-validation",
            Stage::DeviceJoin => "device-join",
            Stage::UsernameForm => "username-form",
            Stage::AccountOnMachine => "account-on-machine",
            Stage::WindowsLogon => "windows-logon",
            Stage::Session => "session",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a stage did in one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StageResult {
    /// The stage's checks held.
    Passed,
    /// The stage does not apply to this connection.
    Skipped,
    /// The run stopped here.
    Failed,
}

impl StageResult {
    /// The result as every output names it.
    pub const fn as_str(self) -> &'static str {
        match self {
            StageResult::Passed => "passed",
            StageResult::Skipped => "skipped",
            StageResult::Failed => "failed",
        }
    }
}

/// One stage walked, with a sentence saying what it found. Details never
/// carry a password: `Secret` cannot be formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The stage.
    pub stage: Stage,
    /// What it did.
    pub result: StageResult,
    /// Empty when the attempt was simulated without details.
    pub detail: Cow<'static, str>,
}

/// How a run ends.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The connection works.
    Success,
    /// The run stops with this payload.
    Failure(ErrorPayload),
}

/// One simulated run: the stages walked and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// Each stage walked, in order.
    pub trace: Vec<Event>,
    /// How it ended.
    pub outcome: Outcome,
}

impl Attempt {
    /// The payload of a failed run.
    pub fn error(&self) -> Option<&ErrorPayload> {
        match &self.outcome {
            Outcome::Success => None,
            Outcome::Failure(payload) => Some(payload),
        }
    }

    /// The stage where a failed run stopped.
    pub fn failed_stage(&self) -> Option<Stage> {
        self.trace.iter().find(|e| e.result == StageResult::Failed).map(|e| e.stage)
    }
}

type Detail = Cow<'static, str>;

enum Step {
    Pass(Detail),
    Skip(Detail),
    Fail(ErrorCode, Option<SubCode>, Detail),
}

fn fail(code: ErrorCode, detail: Detail) -> Step {
    Step::Fail(code, None, detail)
}

fn refuse(sub_code: SubCode, detail: Detail) -> Step {
    Step::Fail(ErrorCode::WindowsIdentityIncorrect, Some(sub_code), detail)
}

/// Whether stage details are written; exhaustive checks skip them.
#[derive(Clone, Copy)]
struct Say(bool);

/// A detail sentence, formatted only when details are wanted.
macro_rules! detail {
    ($say:expr, $($arg:tt)*) => {
        if $say.0 { Cow::Owned(format!($($arg)*)) } else { Cow::Borrowed("") }
    };
}

/// Walks the sign-in path for `world`, with a sentence for each stage.
pub fn simulate(world: &World) -> Attempt {
    walk_path(world, Say(true))
}

/// Walks the sign-in path without writing the stage sentences: the same
/// outcome and stages, for checks that run it millions of times.
pub fn simulate_quietly(world: &World) -> Attempt {
    walk_path(world, Say(false))
}

fn walk_path(world: &World, say: Say) -> Attempt {
    type Walk = fn(&World, &Username, Say) -> Step;
    const STAGES: [(Stage, Walk); 7] = [
        (Stage::Connection, connection),
        (Stage::CloudValidation, cloud_validation),
        (Stage::DeviceJoin, device_join),
        (Stage::UsernameForm, username_form_as_shown),
        (Stage::AccountOnMachine, account_on_machine),
        (Stage::WindowsLogon, windows_logon),
        (Stage::Session, session),
    ];
    // Read once: every stage asks what the username names.
    let username = world.username();
    let mut trace = Vec::with_capacity(STAGES.len());
    for (stage, walk) in STAGES {
        let (result, detail) = match walk(world, &username, say) {
            Step::Pass(detail) => (StageResult::Passed, detail),
            Step::Skip(detail) => (StageResult::Skipped, detail),
            Step::Fail(code, sub_code, detail) => {
                trace.push(Event { stage, result: StageResult::Failed, detail });
                // Before 2.24 the product shows only the generic payload.
                let sub_code = sub_code
                    .filter(|_| world.machine.pad_version >= PadVersion::DETAILED_SUB_CODES);
                let payload = ErrorPayload::new(code, &world.tenant.id, sub_code);
                return Attempt { trace, outcome: Outcome::Failure(payload) };
            }
        };
        trace.push(Event { stage, result, detail });
    }
    Attempt { trace, outcome: Outcome::Success }
}

fn connection(world: &World, username: &Username, say: Say) -> Step {
    let machine = &world.machine;
    if !machine.service_can_log_on {
        return fail(
            ErrorCode::UiFlowAgentNotAvailable,
            "the Power Automate service does not start: its account cannot log on as a service"
                .into(),
        );
    }
    // The run-errors table's rows for what the machine's agent checks
    // before the run reaches Windows: the launcher service, the group
    // password's token, the kind of connection.
    if !machine.launcher_service_running {
        return fail(
            ErrorCode::UiFlowAgentLauncherServiceIsNotRunning,
            "the Power Automate agent launcher service is not running on the machine".into(),
        );
    }
    if machine.group_password_clock_ahead {
        return fail(
            ErrorCode::AuthTokenNotYetValid,
            "the group password was created on a machine whose clock runs ahead of this one's, so its token is not valid yet here".into(),
        );
    }
    if world.connection.legacy && world.connection.mode == RunMode::Unattended {
        return fail(
            ErrorCode::UnattendedUnsupportedWithOldConnection,
            "the connection is of an older kind that unattended runs no longer take".into(),
        );
    }
    let read = detail!(
        say,
        "username {} reads as {}",
        Quoted(world.connection.username.trim()),
        username.kind
    );
    let name = match &world.connection.credential {
        Credential::Password(_) => return Step::Pass(detail!(say, "{read}; password credential")),
        Credential::SignIn => {
            // The connections page: the user must belong to the environment's tenant.
            return match &world.connection.environment_tenant {
                Some(env) if !env.eq_ignore_ascii_case(&world.tenant.id) => fail(
                    ErrorCode::InvalidConnectionCredentials,
                    detail!(say, "connect with sign-in needs the user in the environment's tenant {}, not {}", Quoted(env), Quoted(&world.tenant.id)),
                ),
                _ => Step::Pass(detail!(say, "{read}; connect with sign-in")),
            };
        }
        Credential::Certificate { name } => name,
    };
    let code = ErrorCode::InvalidConnectionCredentials;
    if !world.tenant.certificate_auth {
        return fail(
            code,
            "certificate-based authentication is not configured in the tenant".into(),
        );
    }
    if machine.pad_version < PadVersion::CERTIFICATE_CREDENTIALS {
        return fail(
            code,
            detail!(
                say,
                "Power Automate for desktop {} predates certificate credentials (2.49)",
                machine.pad_version
            ),
        );
    }
    if machine.os.is_server_before_2019() {
        return fail(
            code,
            detail!(
                say,
                "certificate credentials need Windows Server 2019 or later, not {}",
                machine.os.as_str()
            ),
        );
    }
    if !machine.device_state.azure_ad_joined {
        return fail(code, "certificate credentials need a Microsoft Entra joined machine".into());
    }
    if username.kind != UsernameKind::Upn {
        return fail(
            code,
            "a certificate credential belongs to an Entra account written `user@domain`".into(),
        );
    }
    Step::Pass(detail!(say, "{read}; certificate {} from Azure Key Vault", Quoted(name)))
}

fn cloud_validation(world: &World, username: &Username, say: Say) -> Step {
    let Some(domain_name) = username.upn_domain() else {
        return Step::Skip(detail!(say, "a {} is not checked by Entra", username.kind));
    };
    if !world.asks_entra_for_token() {
        // The default path: Windows checks the password at logon (asking
        // Entra or the federation server itself) and reports a Windows status.
        return Step::Skip(
            "Power Automate asks Entra for no token on this path: Windows checks the password at logon"
                .into(),
        );
    }
    // The invalid-credentials page: a machine that cannot reach Entra's
    // endpoint fails whatever the credential.
    if !world.machine.reaches_entra {
        return fail(
            ErrorCode::WindowsIdentityIncorrect,
            "the machine cannot reach Entra's sign-in endpoint, so Power Automate gets no token"
                .into(),
        );
    }
    let tenant = &world.tenant;
    let Some(domain) = tenant.domain(domain_name) else {
        return fail(
            ErrorCode::Aadsts50034,
            detail!(say, "{} is not a domain of the tenant", Quoted(domain_name)),
        );
    };
    let password = world.connection.credential.password();
    if password.is_some() && !tenant.checks_passwords_in_cloud(domain.kind) {
        return fail(
            ErrorCode::Aadsts50126,
            detail!(
                say,
                "{} is federated and Entra may not check its passwords itself",
                Quoted(domain_name)
            ),
        );
    }
    let Some(user) = tenant.user(username.account) else {
        return fail(
            ErrorCode::Aadsts50034,
            detail!(say, "the tenant has no user {}", Quoted(username.account)),
        );
    };
    if user.state == AccountState::Locked {
        return fail(ErrorCode::Aadsts50053, detail!(say, "{} is locked out", Quoted(&user.upn)));
    }
    if password.is_some() && user.passwordless {
        return fail(
            ErrorCode::Aadsts50126,
            detail!(
                say,
                "{} signs in without a password, so there is none to check",
                Quoted(&user.upn)
            ),
        );
    }
    // Entra checks the password it holds, which lags the one changed on
    // premises until password hash sync brings it.
    if let Some(p) = password.filter(|p| !p.matches(user.entra_password())) {
        let detail = if p.matches(&user.password) {
            detail!(
                say,
                "Entra still holds the password {} had before its last change: password hash sync has not caught up", Quoted(&user.upn))
        } else {
            detail!(say, "the password is not the current password of {}", Quoted(&user.upn))
        };
        return fail(ErrorCode::Aadsts50126, detail);
    }
    if password.is_some_and(Secret::has_outer_whitespace) {
        return fail(
            ErrorCode::Aadsts50126,
            "the password starts or ends with a space, which a password grant refuses".into(),
        );
    }
    if user.state == AccountState::Disabled {
        return fail(ErrorCode::Aadsts50057, detail!(say, "{} is disabled", Quoted(&user.upn)));
    }
    if password.is_some() && user.state == AccountState::PasswordExpired {
        return fail(
            ErrorCode::Aadsts50055,
            detail!(say, "the password of {} has expired", Quoted(&user.upn)),
        );
    }
    if password.is_some() && user.mfa != Mfa::None {
        return fail(
            ErrorCode::Aadsts50076,
            detail!(
                say,
                "multifactor authentication is {} for {}; a password alone cannot satisfy it",
                user.mfa.as_str(),
                Quoted(&user.upn)
            ),
        );
    }
    Step::Pass(detail!(
        say,
        "Entra accepted the {} of {} ({} domain)",
        world.connection.credential.kind().as_str(),
        Quoted(&user.upn),
        domain.kind.as_str()
    ))
}

fn device_join(world: &World, username: &Username, say: Say) -> Step {
    let kind = username.kind;
    if kind == UsernameKind::Local {
        return Step::Skip("a local account needs no join".into());
    }
    let ds = &world.machine.device_state;
    let join = ds.join_kind();
    let sign_in = world.connection.credential == Credential::SignIn;
    if matches!(join, JoinKind::NotJoined | JoinKind::RegisteredOnly) {
        if sign_in {
            return fail(
                ErrorCode::MachineNotJoined,
                "connect with sign-in needs an Entra or domain joined machine".into(),
            );
        }
        let detail = if join == JoinKind::RegisteredOnly {
            "the device is only Microsoft Entra registered (WorkplaceJoined), which is no join"
        } else {
            "the device is neither Microsoft Entra joined nor domain joined"
        };
        return fail(ErrorCode::InvalidConnectionCredentials, detail.into());
    }
    let allowed = world
        .machine
        .allowed_registration_tenants
        .iter()
        .any(|t| t.eq_ignore_ascii_case(&world.tenant.id));
    if sign_in
        && !ds.azure_ad_joined
        && world.machine.pad_version.enforces_sign_in_allowlist()
        && !allowed
    {
        return fail(
            ErrorCode::UnallowedTenantForConnectWithSignIn,
            detail!(say, "the machine is joined only to on-premises AD and tenant {} is not in AllowedRegistrationTenants", Quoted(&world.tenant.id)),
        );
    }
    // An Entra account signs in with the device's identity too; one that
    // signed in on the machine before goes on with its cached sign-in (the
    // device FAQ), so only an account without one is refused.
    let cached = world.machine.work_account(username.account).is_some_and(|a| a.signed_in);
    if kind == UsernameKind::Upn && ds.azure_ad_joined && !world.machine.device_enabled && !cached {
        return fail(
            ErrorCode::InvalidConnectionCredentials,
            "the device is joined, but its object in Entra is disabled or deleted, and the account has no cached sign-in on it".into(),
        );
    }
    Step::Pass(detail!(say, "the device is {join}"))
}

/// The username-form check as a run shows it: an unattended run reports a
/// refused form as `SessionCreationInvalidCredentials` (the run-errors
/// table), an attended run or a connection test as `WindowsIdentityIncorrect`
/// with the Windows status.
fn username_form_as_shown(world: &World, username: &Username, say: Say) -> Step {
    match username_form(world, username, say) {
        Step::Fail(ErrorCode::WindowsIdentityIncorrect, Some(_), detail)
            if world.connection.mode == RunMode::Unattended =>
        {
            Step::Fail(ErrorCode::SessionCreationInvalidCredentials, None, detail)
        }
        step => step,
    }
}

/// Whether Windows refuses the connection's username form on this machine.
pub(crate) fn username_form_refused(world: &World, username: &Username) -> bool {
    matches!(username_form(world, username, Say(false)), Step::Fail(..))
}

fn username_form(world: &World, username: &Username, say: Say) -> Step {
    if world.connection.credential == Credential::SignIn {
        return Step::Skip("connect with sign-in uses the signed-in account".into());
    }
    let ds = &world.machine.device_state;
    match username.kind {
        UsernameKind::Upn if !ds.azure_ad_joined && world.upn_known_to_domain_as(username) => {
            Step::Pass(detail!(
                say,
                "{} is an on-premises UPN, which the domain takes as a logon name", Quoted(username.account)))
        }
        UsernameKind::Upn if !ds.azure_ad_joined => refuse(
            SubCode::UpnNotInExpectedFormat,
            "a domain-joined-only device expects `DOMAIN\\user` or an on-premises UPN, and the domain knows no such UPN".into(),
        ),
        UsernameKind::Domain if !ds.domain_joined => {
            let prefix = username.prefix.unwrap_or_default();
            match world.entra_device_domain_as(username) {
                Some(EntraDomainForm::DnsName) => Step::Pass(detail!(
                    say,
                    "{} is the AD domain's DNS name, which an Entra joined device takes", Quoted(prefix))),
                Some(EntraDomainForm::NetbiosName) => refuse(
                    SubCode::BadValidationClass,
                    detail!(
                        say,
                        "an Entra joined device does not take the NetBIOS domain name {}, only the DNS name", Quoted(prefix)),
                ),
                _ => refuse(
                    SubCode::DomainNotAvailable,
                    detail!(
                        say,
                        "the device is not domain joined, so domain {} cannot be reached", Quoted(prefix)),
                ),
            }
        }
        UsernameKind::Domain if !world.domain_is_the_devices_as(username) => refuse(
            SubCode::DomainNotAvailable,
            detail!(
                say,
                "{} is not the device's domain {}", Quoted(username.prefix.unwrap_or_default()), Quoted(ds.domain_name.as_deref().unwrap_or_default())),
        ),
        UsernameKind::AzureAdPrefix => refuse(
            SubCode::BadUsernameOrAuthentication,
            "`AzureAD\\` is how Windows displays Entra users; the connection expects `user@domain`"
                .into(),
        ),
        kind => Step::Pass(detail!(say, "a {kind} fits a device that is {}", ds.join_kind())),
    }
}

fn account_on_machine(world: &World, username: &Username, say: Say) -> Step {
    let bad = SubCode::BadUsernameOrAuthentication;
    let ds = &world.machine.device_state;
    match (username.kind, world.named_account_as(username)) {
        (UsernameKind::Upn, NamedAccount::Domain(user)) => Step::Pass(detail!(
            say,
            "the domain knows {} as {}",
            Quoted(username.account),
            Quoted(user.on_premises_name.as_deref().unwrap_or_default())
        )),
        (UsernameKind::Upn, account) => {
            if let Some(other) =
                ds.tenant_id.as_deref().filter(|t| !t.eq_ignore_ascii_case(&world.tenant.id))
            {
                return refuse(
                    bad,
                    detail!(
                        say,
                        "the device is joined to tenant {}, the account belongs to {}",
                        Quoted(other),
                        Quoted(&world.tenant.id)
                    ),
                );
            }
            if let NamedAccount::Entra(user) = account {
                if user.user_type == UserType::Guest {
                    return refuse(
                        bad,
                        detail!(
                            say,
                            "{} is a guest; guests cannot sign in to Entra joined devices",
                            Quoted(&user.upn)
                        ),
                    );
                }
            }
            if world.connection.credential == Credential::SignIn && !ds.azure_ad_joined {
                return Step::Pass("the domain user signs in on a domain-joined machine".into());
            }
            match world.machine.work_account(username.account) {
                None => refuse(
                    bad,
                    detail!(
                        say,
                        "Access work or school does not list {}",
                        Quoted(username.account)
                    ),
                ),
                Some(account) if !account.synced => refuse(
                    bad,
                    detail!(say, "{} is not synchronized to the machine", Quoted(&account.upn)),
                ),
                Some(account) if !account.signed_in => refuse(
                    bad,
                    detail!(
                        say,
                        "{} has never signed in interactively on the machine",
                        Quoted(&account.upn)
                    ),
                ),
                Some(account) => Step::Pass(detail!(
                    say,
                    "{} is connected and synchronized",
                    Quoted(&account.upn)
                )),
            }
        }
        (UsernameKind::Domain, NamedAccount::Domain(user)) => Step::Pass(detail!(
            say,
            "the domain knows {}",
            Quoted(user.on_premises_name.as_deref().unwrap_or_default())
        )),
        (UsernameKind::Domain, _) => refuse(
            bad,
            detail!(say, "the domain has no account {}", Quoted(world.connection.username.trim())),
        ),
        (UsernameKind::Local, NamedAccount::Local(account)) => {
            Step::Pass(detail!(say, "the machine has a local account {}", Quoted(&account.name)))
        }
        (UsernameKind::Local, _) => refuse(
            bad,
            detail!(say, "the machine has no local account {}", Quoted(username.account)),
        ),
        (UsernameKind::AzureAdPrefix, _) => Step::Skip("the username form was refused".into()),
    }
}

fn windows_logon(world: &World, username: &Username, say: Say) -> Step {
    let bad = SubCode::BadUsernameOrAuthentication;
    let machine = &world.machine;
    let ds = &machine.device_state;
    let password = world.connection.credential.password();
    // The invalid-credentials page: machines that require smart card logon
    // take no password.
    if password.is_some() && machine.smart_card_required {
        return refuse(
            SubCode::SmartCardLogonRequired,
            "the machine requires smart card logon, and the connection signs in with a password"
                .into(),
        );
    }
    let credentials = match world.named_account() {
        NamedAccount::Entra(user) => {
            let on_prem_upn =
                user.on_premises_upn.as_deref().filter(|u| !u.eq_ignore_ascii_case(&user.upn));
            if let (true, Some(on_prem)) = (ds.azure_ad_joined && ds.domain_joined, on_prem_upn) {
                return refuse(
                    SubCode::UpnNotInExpectedFormat,
                    detail!(
                        say,
                        "the domain controller returns the UPN {}, not {}",
                        Quoted(on_prem),
                        Quoted(&user.upn)
                    ),
                );
            }
            // Windows on an Entra-joined-only machine signs a federated user in
            // through the identity provider's WS-Trust endpoint.
            let domain = user.upn.rsplit_once('@').and_then(|(_, d)| world.tenant.domain(d));
            if let Some(domain) = domain.filter(|d| d.kind == DomainKind::Federated && !d.ws_trust)
            {
                if ds.azure_ad_joined && !ds.domain_joined && password.is_some() {
                    return refuse(
                        bad,
                        detail!(
                            say,
                            "the WS-Trust endpoint of {}'s identity provider does not answer",
                            Quoted(&domain.name)
                        ),
                    );
                }
            }
            // On the default path Windows checks the password itself (CloudAP
            // asks Entra, or AD FS for a federated user) and reports a Windows
            // status. Lockout first, then the password, then the account's
            // restrictions: the order a domain controller keeps too (see
            // `directory`); Entra documents lockout "regardless of the
            // password", the rest of the order is modelled.
            if let (Some(password), false) = (password, world.asks_entra_for_token()) {
                let mut account = directory::Account {
                    disabled: user.state == AccountState::Disabled,
                    // Entra joined Windows forces no password change at
                    // logon (the device FAQ): an expired password stops the
                    // logon only where a domain controller checks it.
                    password_expired: user.state == AccountState::PasswordExpired
                        && ds.domain_joined,
                    locked: user.state == AccountState::Locked,
                    ..directory::Account::default()
                };
                // A passwordless account that still has a password signs in
                // with it here; only a token request refuses it (FC040).
                // Hybrid joined: the domain controller checks the password;
                // Entra joined only: Entra does, with the hash it holds.
                let checked = if ds.domain_joined { &user.password } else { user.entra_password() };
                let right = password.matches(checked);
                match account.logon(right, &directory::Policy::default()) {
                    NtStatus::Ok => {}
                    NtStatus::AccountLockedOut => {
                        return fail(
                            ErrorCode::AccountLockedOut,
                            detail!(say, "Entra has locked out {}", Quoted(&user.upn)),
                        );
                    }
                    NtStatus::WrongPassword => {
                        return refuse(
                            bad,
                            detail!(
                                say,
                                "Windows' sign-in checked the password of {} and it was refused",
                                Quoted(&user.upn)
                            ),
                        );
                    }
                    status => {
                        let sub = status.reported().unwrap_or(bad);
                        let why = match user.state {
                            AccountState::Disabled => "the account is disabled",
                            _ => "the account's password has expired",
                        };
                        return refuse(
                            sub,
                            detail!(say, "Windows refused {}: {why}", Quoted(&user.upn)),
                        );
                    }
                }
            }
            let cached = machine.work_account(&user.upn).and_then(|a| a.cached_password.as_ref());
            if let (Some(cached), Some(password)) = (cached, password) {
                if !cached.matches(password) {
                    return refuse(
                        bad,
                        detail!(
                            say,
                            "Windows still holds an older password for {}",
                            Quoted(&user.upn)
                        ),
                    );
                }
            }
            detail!(say, "Windows signed in {}", Quoted(&user.upn))
        }
        NamedAccount::Domain(user) => {
            let name = user.on_premises_name.as_deref().unwrap_or_default();
            let Some(password) = password else {
                return refuse(bad, "a domain account signs in with a password".into());
            };
            if !machine.domain_controller_reachable {
                // The session-creation page gives unattended runs their own code.
                if world.connection.mode == RunMode::Unattended {
                    return fail(
                        ErrorCode::SessionCreationError,
                        detail!(
                            say,
                            "no domain controller answers for {}, so the unattended session cannot open", Quoted(name)),
                    );
                }
                return refuse(
                    SubCode::DomainNotAvailable,
                    detail!(say, "no domain controller answers for {}", Quoted(name)),
                );
            }
            // The directory decides, in its own order (see `directory`).
            let mut account = directory::Account {
                disabled: user.state == AccountState::Disabled,
                password_expired: user.state == AccountState::PasswordExpired,
                locked: user.state == AccountState::Locked,
                ..directory::Account::default()
            };
            let status =
                account.logon(password.matches(&user.password), &directory::Policy::default());
            match status {
                NtStatus::Ok => {}
                NtStatus::AccountLockedOut => {
                    return fail(
                        ErrorCode::AccountLockedOut,
                        detail!(say, "the domain has locked out {}", Quoted(name)),
                    );
                }
                status => {
                    let sub = status.reported().unwrap_or(SubCode::BadUsernameOrAuthentication);
                    return refuse(
                        sub,
                        detail!(say, "the domain refused {}: {}", Quoted(name), status.name()),
                    );
                }
            }
            detail!(say, "the domain signed in {}", Quoted(name))
        }
        NamedAccount::Local(account) => {
            if password.is_some_and(|p| !p.matches(&account.password)) {
                return refuse(
                    bad,
                    detail!(
                        say,
                        "Windows rejected the password of local account {}",
                        Quoted(&account.name)
                    ),
                );
            }
            detail!(say, "Windows signed in local account {}", Quoted(&account.name))
        }
        NamedAccount::Unknown => {
            return refuse(bad, "Windows found no account by that name".into())
        }
    };
    // Logon rights are checked once the credentials are good.
    let entra = username.kind == UsernameKind::Upn;
    if entra && machine.azure_vm.is_some_and(|vm| !vm.login_role) {
        return refuse(
            SubCode::LogonTypeNotGranted,
            "the account holds no Virtual Machine User Login role on this Azure VM".into(),
        );
    }
    let rights = &machine.logon_rights;
    if rights.denied || !rights.granted {
        let why = if rights.denied {
            "a Deny log on policy names the account"
        } else {
            "no allow log on right names the account or its groups"
        };
        return match world.connection.mode {
            RunMode::Attended => refuse(SubCode::LogonTypeNotGranted, why.into()),
            RunMode::Unattended => fail(ErrorCode::LogonTypeNotGranted, why.into()),
        };
    }
    Step::Pass(credentials)
}

fn session(world: &World, username: &Username, say: Say) -> Step {
    let machine = &world.machine;
    let ds = &machine.device_state;
    let session = machine.session.unwrap_or(match world.connection.mode {
        RunMode::Attended => Session::Active,
        RunMode::Unattended => Session::None,
    });
    if world.connection.mode == RunMode::Attended {
        return match session {
            // The run-queue page: a service that cannot list the sessions
            // finds none, whatever the account's session is.
            Session::Active if !machine.logon_rights.uiflowservice_in_remote_desktop_users => fail(
                ErrorCode::AttendedUserNotLoggedIn,
                "`NT SERVICE\\UIFlowService` is not in Remote Desktop Users, so the Power Automate service cannot see the account's session".into(),
            ),
            Session::Active => Step::Pass("the account's session is open and unlocked".into()),
            // The run-errors table: a passwordless attended run (read as
            // connect with sign-in) with no session open.
            Session::None if world.connection.credential == Credential::SignIn => fail(
                ErrorCode::NoSessionFoundForPasswordless,
                "connect with sign-in runs in the session the account has open, and it has none on the machine".into(),
            ),
            Session::None => fail(
                ErrorCode::AttendedUserNotLoggedIn,
                "an attended run needs the account signed in on the machine".into(),
            ),
            Session::Locked | Session::Disconnected => fail(
                ErrorCode::AttendedUserSessionNotActive,
                detail!(
                    say,
                    "the account's session is {}; an attended run needs it active and unlocked",
                    session.as_str()
                ),
            ),
        };
    }
    // Unattended: Power Automate opens a Remote Desktop session.
    let rights = &machine.logon_rights;
    let rdp = &machine.rdp;
    if !rdp.enabled {
        return fail(
            ErrorCode::RdpIsNotEnabled,
            "Remote Desktop is turned off on the machine".into(),
        );
    }
    match rights.remote_desktop_users {
        RduMembership::NotMember => {
            return fail(
                ErrorCode::RdpPermissionNotGranted,
                "the account is not in Remote Desktop Users".into(),
            );
        }
        RduMembership::ViaEntraGroup if rdp.nla => {
            return fail(
                ErrorCode::RdpPermissionNotGranted,
                "the account is in Remote Desktop Users only through an Entra group, which NLA does not honour".into(),
            );
        }
        _ => {}
    }
    if rights.uiflowservice_denied {
        return fail(
            ErrorCode::RdpPermissionNotGranted,
            "a Deny log on policy names `NT SERVICE\\UIFlowService`, the account the Power Automate service runs as".into(),
        );
    }
    if !rights.uiflowservice_in_remote_desktop_users {
        return fail(
            ErrorCode::UiFlowServiceNoRdpPermissions,
            "`NT SERVICE\\UIFlowService` is not in Remote Desktop Users".into(),
        );
    }
    let entra_only = ds.azure_ad_joined && !ds.domain_joined;
    let entra_account = username.kind == UsernameKind::Upn;
    // Entra authentication for Remote Desktop: a certificate always uses it,
    // a password from 2.49 with `UseRdsAadAuthentication`.
    let rds_aad = world.rds_aad_auth();
    if entra_only && entra_account {
        if rds_aad && !world.tenant.rdp_sso_consent {
            return fail(
                ErrorCode::MsEntraRemoteDesktopAppConsentRequired,
                "Entra authentication for Remote Desktop is not enabled (or its consent prompt not hidden) for the Microsoft Remote Desktop app".into(),
            );
        }
        if !rds_aad && !machine.pku2u_online_identities {
            return fail(
                ErrorCode::MsEntraLogonFailure,
                "the machine refuses PKU2U authentication with online identities".into(),
            );
        }
        if !rds_aad && rdp.nla {
            let detail = if machine.pad_version >= PadVersion::PASSWORD_WITH_NLA {
                "Power Automate cannot reach `config.edge.skype.com`, so it cannot use Entra authentication for Remote Desktop, and Network Level Authentication cannot check an Entra password on this machine"
            } else {
                "Network Level Authentication cannot check an Entra password on this machine"
            };
            return fail(ErrorCode::MsEntraLogonFailure, detail.into());
        }
        let temporary = world.connection.credential.password().is_some()
            && world.tenant.user(username.account).is_some_and(|u| u.must_change_password);
        if temporary {
            return fail(
                ErrorCode::MsEntraLogonFailure,
                "the password is temporary, and a Remote Desktop sign-in cannot change it".into(),
            );
        }
        if rdp.prompt_for_password && !world.rds_aad_answers_prompt() {
            return fail(
                ErrorCode::MsEntraMachineAlwaysPromptingForPassword,
                "`fPromptForPassword` makes the machine ask for the password again after connecting".into(),
            );
        }
    } else if entra_only && rdp.prompt_for_password {
        // The session-creation page: on an Entra-joined-only machine the
        // policy alone prompts.
        return fail(
            ErrorCode::SessionCreationUserPromptedForCredentialsAfterConnection,
            "`fPromptForPassword` on an Entra-joined-only machine prompts after connecting".into(),
        );
    } else if rdp.prompt_for_password && rdp.security_layer == SecurityLayer::Rdp && !rdp.nla {
        return fail(
            ErrorCode::SessionCreationUserPromptedForCredentialsAfterConnection,
            "`fPromptForPassword` with `SecurityLayer = 0` and `UserAuthentication = 0` prompts after connecting".into(),
        );
    }
    if let Some(provider) = &machine.third_party_credential_provider {
        return fail(
            ErrorCode::SessionCreationErrorWithThirdPartyCredentialProvider,
            detail!(
                say,
                "the third-party credential provider {} takes over the logon",
                Quoted(provider)
            ),
        );
    }
    if machine.legal_notice {
        return fail(
            ErrorCode::SessionCreationError,
            "a legal notice waits for someone to accept it before logon".into(),
        );
    }
    if machine.winlogon_failing {
        return fail(
            ErrorCode::SessionCreationWinLogonFailure,
            "Windows' logon process fails to create the session until the machine restarts".into(),
        );
    }
    // The unattended-runs page: a Windows 10 or 11 machine runs none while
    // any user has a session there.
    if machine.other_user_session && machine.os.is_client() {
        return fail(
            ErrorCode::Win10AlreadyHasActiveSession,
            detail!(say, "another user has a session on this {} machine", machine.os.as_str()),
        );
    }
    // The run-errors table: on Windows Server, a machine whose sessions are
    // all in use.
    if machine.session_limit_reached && !machine.os.is_client() {
        return fail(
            ErrorCode::TooManyActiveSessions,
            "the sessions already open fill what Remote Desktop allows on this server".into(),
        );
    }
    // The run-errors table: a clone of a registered machine loses the
    // session it creates.
    if machine.cloned_after_registration {
        return fail(
            ErrorCode::SessionNotFound,
            "the machine is a clone made after Power Automate was registered on the original, and the run's session cannot be found".into(),
        );
    }
    match session {
        Session::None if rights.uiflowservice_removed_by_policy => fail(
            ErrorCode::SessionNotFoundAfterCreation,
            "a group policy took `NT SERVICE\\UIFlowService` out of Remote Desktop Users, so the service cannot find the session it created".into(),
        ),
        Session::None => Step::Pass("Power Automate opened a Remote Desktop session".into()),
        Session::Active => fail(
            ErrorCode::SessionExistsForTheUserWhenUnattended,
            "the account already has a session on the machine".into(),
        ),
        Session::Disconnected => fail(
            ErrorCode::UnattendedUserSessionDisconnected,
            "the account has a disconnected session on the machine".into(),
        ),
        Session::Locked => fail(
            ErrorCode::UnattendedUserSessionLocked,
            "the account has a locked session on the machine".into(),
        ),
    }
}
