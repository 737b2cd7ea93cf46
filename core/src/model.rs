//! The world: a tenant, a machine and a desktop-flow connection, as ground truth.
//!
//! Types here derive `Deserialize` so a front end can read them strictly
//! (`deny_unknown_fields`); which file format carries them is the front end's
//! business. Shared predicates ("does the tenant let Entra check this federated
//! user's password?") live here as methods, not in the rules.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::list::List;
use crate::secret::Secret;
use crate::text::Text;
use crate::username::{ExecutingAccount, Username, UsernameKind};
use crate::version::PadVersion;

/// A whole case: the tenant, the machine and the connection.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct World {
    /// The Microsoft Entra tenant.
    pub tenant: Tenant,
    /// The machine the desktop flow runs on.
    pub machine: Machine,
    /// The desktop-flow connection, as it is set up.
    pub connection: Connection,
}

/// The Microsoft Entra tenant: its domains, sync and policies, and its users.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    /// The directory id (a GUID), as `dsregcmd /status` prints `TenantId`.
    #[serde(default = "default_tenant_id", skip_serializing_if = "is_default_tenant_id")]
    pub id: Text,
    /// The tenant's display name, as `dsregcmd /status` prints `TenantName`.
    #[serde(default = "default_tenant_name", skip_serializing_if = "is_default_tenant_name")]
    pub name: Text,
    /// The verified domains, managed or federated. Left out, a scenario gets
    /// each domain its users' UPNs end in, managed.
    #[serde(default)]
    pub domains: List<Domain>,
    /// Entra Connect synchronizes password hashes to the cloud.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub password_hash_sync: bool,
    /// The Home Realm Discovery policy that reaches desktop-flow sign-ins, if any.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub hrd_policy: Option<HrdPolicy>,
    /// Entra certificate-based authentication is configured for the tenant.
    /// Left out, a scenario whose connection uses a certificate gets it
    /// configured (FC001 needs it written `false`).
    #[serde(default)]
    pub certificate_auth: bool,
    /// Entra authentication for Remote Desktop is enabled, and its consent
    /// prompt hidden, on the Microsoft Remote Desktop service principal.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub rdp_sso_consent: bool,
    /// The DNS name of the on-premises AD domain the users' `on_premises_name`s
    /// belong to (`contoso.corp.com`), where the users come from one. An
    /// Entra joined device with line of sight to its domain controllers takes
    /// `contoso.corp.com\user`, but not the NetBIOS `CONTOSO\user`.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub ad_domain: Option<Text>,
    /// The tenant's users.
    #[serde(default)]
    pub users: List<User>,
}

/// A verified domain of the tenant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// The domain name, such as `contoso.com`.
    pub name: Text,
    /// `managed` or `federated`.
    #[serde(rename = "type")]
    pub kind: DomainKind,
    /// For a federated domain: the identity provider's WS-Trust username
    /// endpoint (AD FS `usernamemixed`) answers.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub ws_trust: bool,
}

/// How the tenant checks the passwords of a domain's users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DomainKind {
    /// Entra checks passwords itself (cloud-only, password hash sync or pass-through).
    Managed,
    /// Passwords are checked by an on-premises identity provider such as AD FS.
    Federated,
}

impl DomainKind {
    /// The kind as Entra writes it (`Managed`, `Federated`).
    pub const fn as_str(self) -> &'static str {
        match self {
            DomainKind::Managed => "Managed",
            DomainKind::Federated => "Federated",
        }
    }
}

/// A Home Realm Discovery policy, reduced to what matters for password sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HrdPolicy {
    /// `AllowCloudPasswordValidation`: Entra may check a federated user's password itself.
    #[serde(rename = "AllowCloudPasswordValidation")]
    pub allow_cloud_password_validation: bool,
    /// Where the policy is assigned.
    pub scope: HrdScope,
}

/// Where a Home Realm Discovery policy is assigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum HrdScope {
    /// `isOrganizationDefault: true`: applies to every application.
    OrganizationDefault,
    /// Assigned to the service principal that validates desktop-flow passwords.
    ServicePrincipal,
    /// Assigned to some other application's service principal: no effect here.
    OtherApplication,
}

impl HrdScope {
    /// The scope in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            HrdScope::OrganizationDefault => "organization default",
            HrdScope::ServicePrincipal => "service principal",
            HrdScope::OtherApplication => "another application's service principal",
        }
    }
}

/// A user of the tenant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The user principal name, such as `alice@contoso.com`.
    pub upn: Text,
    /// The user's current password; never shown.
    pub password: Secret,
    /// `DOMAIN\sam` for a user synchronized from on-premises Active Directory;
    /// absent for a cloud-only user.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub on_premises_name: Option<Text>,
    /// Whether the account may sign in: enabled, disabled, locked or password expired.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub state: AccountState,
    /// A member of the tenant or a B2B guest.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub user_type: UserType,
    /// What requires multifactor authentication for this user, if anything.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub mfa: Mfa,
    /// The user signs in without a password (Windows Hello, FIDO2, passkeys).
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub passwordless: bool,
    /// The on-premises UPN, when it differs from the Entra UPN (alternate login ID).
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub on_premises_upn: Option<Text>,
    /// The password Entra still holds for a synchronized user whose password
    /// changed on premises minutes ago, before password hash sync brought
    /// Entra the new one; absent when Entra has `password`. Never shown.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub cloud_password: Option<Secret>,
    /// The password is temporary: the user must change it at the next
    /// sign-in. The model checks it only where the Entra path for Remote
    /// Desktop meets it; elsewhere it has no effect.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub must_change_password: bool,
}

impl User {
    /// The password Entra checks: the synchronized one, or an older one
    /// while password hash sync lags.
    pub fn entra_password(&self) -> &Secret {
        self.cloud_password.as_ref().unwrap_or(&self.password)
    }
}

/// Whether a user belongs to the tenant or is invited into it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserType {
    /// A member of the tenant.
    #[default]
    Member,
    /// A B2B guest (`#EXT#` in the UPN).
    Guest,
}

impl UserType {
    /// The type in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            UserType::Member => "member",
            UserType::Guest => "guest",
        }
    }
}

/// What requires multifactor authentication for a user.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mfa {
    /// No MFA requirement applies.
    #[default]
    None,
    /// A Conditional Access policy.
    ConditionalAccess,
    /// Per-user MFA.
    PerUser,
    /// The tenant's security defaults.
    SecurityDefaults,
}

impl Mfa {
    /// The requirement in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mfa::None => "not required",
            Mfa::ConditionalAccess => "required by Conditional Access",
            Mfa::PerUser => "required per user",
            Mfa::SecurityDefaults => "required by security defaults",
        }
    }
}

/// Whether an Entra account may sign in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// The account may sign in.
    #[default]
    Enabled,
    /// An administrator disabled the account.
    Disabled,
    /// Smart lockout locked the account after failed sign-ins.
    Locked,
    /// The account's password has expired.
    PasswordExpired,
}

impl AccountState {
    /// The state in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            AccountState::Enabled => "enabled",
            AccountState::Disabled => "disabled",
            AccountState::Locked => "locked",
            AccountState::PasswordExpired => "password expired",
        }
    }
}

/// The machine the desktop flow runs on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// The device name, as `dsregcmd /status` prints `Device Name`.
    #[serde(default = "default_machine_name", skip_serializing_if = "is_default_machine_name")]
    pub name: Text,
    /// The Windows release.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub os: Os,
    /// The Power Automate for desktop version, quoted: `"2.49"`.
    #[serde(default = "default_pad_version", skip_serializing_if = "is_default_pad_version")]
    pub pad_version: PadVersion,
    /// How the device is joined, as `dsregcmd /status` shows it.
    #[serde(default)]
    pub device_state: DeviceState,
    /// The accounts Settings > Accounts > Access work or school shows: each
    /// connected, and whether it is synchronized and has signed in. Left out
    /// on an Entra joined machine, a scenario gets the connection's account
    /// there, synchronized and signed in; write `[]` for none.
    #[serde(default)]
    pub work_accounts: List<WorkAccount>,
    /// The machine's local accounts (`.\name`).
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub local_accounts: List<LocalAccount>,
    /// Remote Desktop settings, which unattended runs go through.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub rdp: Rdp,
    /// The connection account's logon rights on the machine.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub logon_rights: LogonRights,
    /// A third-party credential provider (registry subkey name) that takes over logon.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub third_party_credential_provider: Option<Text>,
    /// `legalnoticecaption` / `legalnoticetext` are set: a notice before logon.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub legal_notice: bool,
    /// The machine is an Azure VM with the Entra login extension.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub azure_vm: Option<AzureVm>,
    /// The account the Power Automate service runs as (by default
    /// `NT SERVICE\UIFlowService`) holds *Log on as a service*; without it
    /// the service cannot start (Error 1069).
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub service_can_log_on: bool,
    /// *Interactive logon: Require Windows Hello for Business or smart card*
    /// (`scforceoption`) is enabled: Windows refuses password logons.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub smart_card_required: bool,
    /// The device's object in Entra is present and enabled, as
    /// `DeviceAuthStatus : SUCCESS` shows on a joined device; `false` is
    /// `FAILED. Device is either disabled or deleted`.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub device_enabled: bool,
    /// A domain controller answers the machine (line of sight to on-premises AD).
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub domain_controller_reachable: bool,
    /// "Network security: Allow PKU2U authentication requests to this
    /// computer to use online identities" is enabled.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub pku2u_online_identities: bool,
    /// The connection account's Windows session, when it differs from what the
    /// run mode needs (absent: an unlocked session for attended runs, none for
    /// unattended ones).
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub session: Option<Session>,
    /// Another user has a Windows session on the machine (active, locked or
    /// disconnected).
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub other_user_session: bool,
    /// Windows Server only: the sessions already open fill the number Remote
    /// Desktop allows on the machine (two administrative sessions without
    /// Remote Desktop Services licensing).
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub session_limit_reached: bool,
    /// Windows' logon process fails to create new sessions until the machine
    /// restarts.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub winlogon_failing: bool,
    /// The machine reaches `config.edge.skype.com`, which Power Automate
    /// needs to use Entra authentication for Remote Desktop with a password
    /// under NLA.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub reaches_rds_config_endpoint: bool,
    /// The machine reaches Entra's sign-in endpoint
    /// (`login.microsoftonline.com`); a network or proxy that blocks it
    /// stops every request Power Automate makes to Entra for a token.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub reaches_entra: bool,
    /// The Power Automate agent launcher service is running.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub launcher_service_running: bool,
    /// The machine is a virtual machine cloned from another after Power
    /// Automate was installed and registered there, so it carries that
    /// machine's registration.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub cloned_after_registration: bool,
    /// The password of the machine's group was created on a machine whose
    /// clock runs ahead of this one's.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub group_password_clock_ahead: bool,
    /// `AllowedRegistrationTenants`: tenants allowed to use connect with sign-in.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub allowed_registration_tenants: List<Text>,
}

/// The machine's Remote Desktop settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rdp {
    /// Remote Desktop connections are allowed (`fDenyTSConnections = 0`).
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub enabled: bool,
    /// Network Level Authentication (`UserAuthentication = 1`).
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub nla: bool,
    /// `fPromptForPassword = 1`: always prompt for a password upon connection.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub prompt_for_password: bool,
    /// `SecurityLayer` under `WinStations\RDP-Tcp`.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub security_layer: SecurityLayer,
    /// `UseRdsAadAuthentication = 1` for Power Automate for desktop.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub entra_rdp_auth: bool,
}

/// A machine as an import starts from: `RPA-01`, Windows 11, Power Automate
/// for desktop 2.45, joined to nothing, every setting at its Windows default.
impl Default for Machine {
    fn default() -> Machine {
        Machine {
            name: "RPA-01".into(),
            os: Os::Windows11,
            pad_version: PadVersion::new(2, 45),
            device_state: DeviceState::default(),
            work_accounts: List::new(),
            local_accounts: List::new(),
            rdp: Rdp::default(),
            logon_rights: LogonRights::default(),
            third_party_credential_provider: None,
            legal_notice: false,
            azure_vm: None,
            service_can_log_on: true,
            smart_card_required: false,
            device_enabled: true,
            domain_controller_reachable: true,
            pku2u_online_identities: true,
            session: None,
            other_user_session: false,
            session_limit_reached: false,
            winlogon_failing: false,
            reaches_rds_config_endpoint: true,
            reaches_entra: true,
            launcher_service_running: true,
            cloned_after_registration: false,
            group_password_clock_ahead: false,
            allowed_registration_tenants: List::new(),
        }
    }
}

impl Default for Rdp {
    fn default() -> Rdp {
        Rdp {
            enabled: true,
            nla: true,
            prompt_for_password: false,
            security_layer: SecurityLayer::Negotiate,
            entra_rdp_auth: false,
        }
    }
}

/// Remote Desktop's `SecurityLayer` setting.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecurityLayer {
    /// `SecurityLayer = 0`.
    Rdp,
    /// `SecurityLayer = 1`.
    #[default]
    Negotiate,
    /// `SecurityLayer = 2`.
    Tls,
}

impl SecurityLayer {
    /// The setting's value and meaning.
    pub const fn as_str(self) -> &'static str {
        match self {
            SecurityLayer::Rdp => "0 (RDP)",
            SecurityLayer::Negotiate => "1 (negotiate)",
            SecurityLayer::Tls => "2 (TLS)",
        }
    }
}

/// The connection account's logon rights on the machine.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LogonRights {
    /// How the account is in Remote Desktop Users.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub remote_desktop_users: RduMembership,
    /// A Deny log on … policy names the account or one of its groups.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub denied: bool,
    /// The allow right for the run's logon names the account or one of its
    /// groups: *Allow log on locally* for attended runs, *Allow log on
    /// through Remote Desktop Services* for unattended ones.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub granted: bool,
    /// `NT SERVICE\UIFlowService` is in Remote Desktop Users.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub uiflowservice_in_remote_desktop_users: bool,
    /// *Deny log on locally* or *Deny log on through Remote Desktop Services*
    /// names the account the Power Automate service runs as.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub uiflowservice_denied: bool,
    /// A group policy (Restricted Groups) takes `NT SERVICE\UIFlowService`
    /// out of Remote Desktop Users again, after the session is created.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub uiflowservice_removed_by_policy: bool,
}

impl Default for LogonRights {
    fn default() -> LogonRights {
        LogonRights {
            remote_desktop_users: RduMembership::Member,
            denied: false,
            granted: true,
            uiflowservice_in_remote_desktop_users: true,
            uiflowservice_denied: false,
            uiflowservice_removed_by_policy: false,
        }
    }
}

/// How an account is in the machine's Remote Desktop Users group.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RduMembership {
    /// The account (or its SID) is in Remote Desktop Users, or is an administrator.
    #[default]
    Member,
    /// Only through an Entra group, which Remote Desktop ignores under NLA.
    ViaEntraGroup,
    /// Not at all.
    NotMember,
}

impl RduMembership {
    /// The membership in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            RduMembership::Member => "member",
            RduMembership::ViaEntraGroup => "only through an Entra group",
            RduMembership::NotMember => "not a member",
        }
    }
}

/// An Azure VM with the Microsoft Entra login extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AzureVm {
    /// The user holds Virtual Machine User Login (or Administrator Login) on the VM.
    pub login_role: bool,
}

/// A Windows session of the connection's account on the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Session {
    /// No session.
    None,
    /// An open, unlocked session.
    Active,
    /// A locked session.
    Locked,
    /// A disconnected session.
    Disconnected,
}

impl Session {
    /// The session in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            Session::None => "none",
            Session::Active => "active",
            Session::Locked => "locked",
            Session::Disconnected => "disconnected",
        }
    }
}

/// A Windows release.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Os {
    /// Windows 10.
    #[serde(rename = "windows_10")]
    Windows10,
    /// Windows 11.
    #[serde(rename = "windows_11")]
    #[default]
    Windows11,
    /// Windows Server 2016.
    #[serde(rename = "windows_server_2016")]
    WindowsServer2016,
    /// Windows Server 2019.
    #[serde(rename = "windows_server_2019")]
    WindowsServer2019,
    /// Windows Server 2022.
    #[serde(rename = "windows_server_2022")]
    WindowsServer2022,
    /// Windows Server 2025.
    #[serde(rename = "windows_server_2025")]
    WindowsServer2025,
}

impl Os {
    /// The release's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Os::Windows10 => "Windows 10",
            Os::Windows11 => "Windows 11",
            Os::WindowsServer2016 => "Windows Server 2016",
            Os::WindowsServer2019 => "Windows Server 2019",
            Os::WindowsServer2022 => "Windows Server 2022",
            Os::WindowsServer2025 => "Windows Server 2025",
        }
    }

    /// A client release (Windows 10 or 11), which allows one session at a time.
    pub const fn is_client(self) -> bool {
        matches!(self, Os::Windows10 | Os::Windows11)
    }

    /// A server release older than Windows Server 2019.
    pub const fn is_server_before_2019(self) -> bool {
        matches!(self, Os::WindowsServer2016)
    }
}

/// The `Device State` section of `dsregcmd /status`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceState {
    /// `AzureAdJoined : YES`.
    #[serde(default)]
    pub azure_ad_joined: bool,
    /// `DomainJoined : YES`.
    #[serde(default)]
    pub domain_joined: bool,
    /// `WorkplaceJoined : YES`: Microsoft Entra registered (a personal or
    /// bring-your-own device with a work account added), which is not a
    /// join: the device still trusts no Entra account for Windows sign-in.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub workplace_joined: bool,
    /// The NetBIOS name `dsregcmd` prints as `DomainName`; only when domain joined.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub domain_name: Option<Text>,
    /// `EnterpriseJoined : YES` (on-premises device registration).
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub enterprise_joined: bool,
    /// `TenantId` when Entra joined to a tenant other than the scenario's.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub tenant_id: Option<Text>,
}

/// How the device is joined, derived from the Device State flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JoinKind {
    /// Joined to Microsoft Entra ID only.
    EntraJoined,
    /// Joined to Microsoft Entra ID and to an on-premises domain.
    HybridJoined,
    /// Joined to an on-premises domain only.
    DomainJoined,
    /// Registered with on-premises device registration (AD FS).
    OnPremDrsJoined,
    /// Only Entra registered (workplace joined); seen in `dsregcmd`, not modelled as a join.
    RegisteredOnly,
    /// Joined to nothing.
    NotJoined,
}

impl JoinKind {
    /// The join kind in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            JoinKind::EntraJoined => "Microsoft Entra joined",
            JoinKind::HybridJoined => "Microsoft Entra hybrid joined",
            JoinKind::DomainJoined => "domain joined only",
            JoinKind::OnPremDrsJoined => "on-premises DRS joined",
            JoinKind::RegisteredOnly => "Microsoft Entra registered only",
            JoinKind::NotJoined => "not joined",
        }
    }
}

impl fmt::Display for JoinKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DeviceState {
    /// The join kind the flags describe.
    pub fn join_kind(&self) -> JoinKind {
        match (self.azure_ad_joined, self.domain_joined, self.enterprise_joined) {
            (true, false, _) => JoinKind::EntraJoined,
            (true, true, _) => JoinKind::HybridJoined,
            (false, true, true) => JoinKind::OnPremDrsJoined,
            (false, true, false) => JoinKind::DomainJoined,
            (false, false, _) if self.workplace_joined => JoinKind::RegisteredOnly,
            (false, false, _) => JoinKind::NotJoined,
        }
    }
}

/// An Entra account connected on the machine (Access work or school).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkAccount {
    /// The account's UPN.
    pub upn: Text,
    /// The account is synchronized to the machine: Access work or school >
    /// Info > Sync completed. `false` is the seed article's "not
    /// synchronized" cause (FC019), whatever the password.
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub synced: bool,
    /// The account has completed an interactive sign-in on this machine
    /// (FC020 when not).
    #[serde(default = "yes", skip_serializing_if = "crate::serial::omit_yes")]
    pub signed_in: bool,
    /// A password Windows on this machine still accepts for the account when
    /// it differs from the tenant's current one: a password change that has
    /// not reached the machine (FC023). Not about `synced`: an account can be
    /// synchronized and still hold an old password.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub cached_password: Option<Secret>,
}

fn yes() -> bool {
    true
}

/// The tenant id a scenario gets when it names none.
pub const DEFAULT_TENANT_ID: &str = "6b3a9c2e-0f1d-4e8a-9b7c-2d5e8f1a3c4b";

fn default_tenant_id() -> Text {
    DEFAULT_TENANT_ID.into()
}

fn is_default_tenant_id(id: &Text) -> bool {
    !crate::serial::writes_defaults() && id == DEFAULT_TENANT_ID
}

fn default_tenant_name() -> Text {
    "Contoso".into()
}

fn is_default_tenant_name(name: &Text) -> bool {
    !crate::serial::writes_defaults() && name == "Contoso"
}

fn default_machine_name() -> Text {
    "RPA-01".into()
}

fn is_default_machine_name(name: &Text) -> bool {
    !crate::serial::writes_defaults() && name == "RPA-01"
}

fn default_pad_version() -> PadVersion {
    PadVersion::new(2, 45)
}

fn is_default_pad_version(version: &PadVersion) -> bool {
    !crate::serial::writes_defaults() && *version == default_pad_version()
}

/// A local account of the machine.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LocalAccount {
    /// The account name, without the machine prefix.
    pub name: Text,
    /// Its password; never shown.
    pub password: Secret,
}

/// The desktop-flow connection.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Connection {
    /// The username exactly as typed into the connection.
    pub username: Text,
    /// How the connection proves who it is.
    pub credential: Credential,
    /// `attended` or `unattended`.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub mode: RunMode,
    /// The tenant id of the Power Automate environment the connection lives
    /// in, where it is not the scenario's tenant.
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub environment_tenant: Option<Text>,
    /// The connection is of an older kind that unattended runs no longer
    /// take (the run-errors table's UnattendedUnsupportedWithOldConnection,
    /// fixed by creating the connection again).
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    pub legacy: bool,
}

/// How a connection proves who it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(try_from = "CredentialFields", into = "CredentialFields")]
pub enum Credential {
    /// A password; never shown.
    Password(Secret),
    /// A certificate kept in Azure Key Vault, named here; never its material.
    Certificate {
        /// The certificate's name in the key vault.
        name: Text,
    },
    /// Connect with sign-in (attended): the user signs in interactively.
    SignIn,
}

impl Credential {
    /// The kind of credential.
    pub fn kind(&self) -> CredentialKind {
        match self {
            Credential::Password(_) => CredentialKind::Password,
            Credential::Certificate { .. } => CredentialKind::Certificate,
            Credential::SignIn => CredentialKind::SignIn,
        }
    }

    /// The password, for a password credential.
    pub fn password(&self) -> Option<&Secret> {
        match self {
            Credential::Password(secret) => Some(secret),
            Credential::Certificate { .. } | Credential::SignIn => None,
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Credential {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Credential".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        CredentialFields::json_schema(generator)
    }
}

/// The written shape of a credential: exactly one of `password`,
/// `certificate` or `sign_in: true`.
#[derive(Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct CredentialFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate: Option<Text>,
    #[serde(default, skip_serializing_if = "crate::serial::omit")]
    sign_in: bool,
}

impl From<Credential> for CredentialFields {
    fn from(credential: Credential) -> CredentialFields {
        let (password, certificate, sign_in) = match credential {
            Credential::Password(secret) => (Some(secret), None, false),
            Credential::Certificate { name } => (None, Some(name), false),
            Credential::SignIn => (None, None, true),
        };
        CredentialFields { password, certificate, sign_in }
    }
}

impl TryFrom<CredentialFields> for Credential {
    type Error = &'static str;

    fn try_from(fields: CredentialFields) -> Result<Credential, &'static str> {
        match (fields.password, fields.certificate, fields.sign_in) {
            (Some(password), None, false) => Ok(Credential::Password(password)),
            (None, Some(name), false) => Ok(Credential::Certificate { name }),
            (None, None, true) => Ok(Credential::SignIn),
            _ => Err(
                "a credential needs exactly one of `password`, `certificate` or `sign_in: true`",
            ),
        }
    }
}

/// The kind of a credential, as evidence shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialKind {
    /// A password.
    Password,
    /// A certificate.
    Certificate,
    /// Connect with sign-in.
    SignIn,
}

impl CredentialKind {
    /// The kind in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            CredentialKind::Password => "password",
            CredentialKind::Certificate => "certificate",
            CredentialKind::SignIn => "connect with sign-in",
        }
    }
}

/// How a desktop flow runs.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RunMode {
    /// In the signed-in user's session.
    #[default]
    Attended,
    /// In a Remote Desktop session Power Automate opens.
    Unattended,
}

impl RunMode {
    /// The mode as scenarios write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            RunMode::Attended => "attended",
            RunMode::Unattended => "unattended",
        }
    }
}

impl Tenant {
    /// The tenant's domain of this name (case does not matter).
    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// The tenant's user with this UPN (case does not matter).
    pub fn user(&self, upn: &str) -> Option<&User> {
        self.users.iter().find(|u| u.upn.eq_ignore_ascii_case(upn))
    }

    /// The synchronized user whose on-premises name is `domain\sam`.
    pub fn on_premises_user(&self, domain: &str, sam: &str) -> Option<&User> {
        let dns = self.is_ad_dns_name(domain);
        self.users.iter().find(|u| {
            u.on_premises_name.as_deref().and_then(|n| n.split_once('\\')).is_some_and(|(d, s)| {
                (dns || d.eq_ignore_ascii_case(domain)) && s.eq_ignore_ascii_case(sam)
            })
        })
    }

    /// The synchronized user whose on-premises UPN is `upn`: the Entra UPN
    /// unless `on_premises_upn` says otherwise.
    pub fn ad_upn_user(&self, upn: &str) -> Option<&User> {
        self.users.iter().find(|u| {
            u.on_premises_name.is_some()
                && u.on_premises_upn.as_deref().unwrap_or(&u.upn).eq_ignore_ascii_case(upn)
        })
    }

    /// `domain` is the DNS name of the tenant's on-premises AD domain.
    pub fn is_ad_dns_name(&self, domain: &str) -> bool {
        self.ad_domain.as_deref().is_some_and(|d| d.eq_ignore_ascii_case(domain))
    }

    /// `domain` is the NetBIOS name of the tenant's on-premises AD domain:
    /// the prefix of its users' `on_premises_name`s.
    pub fn is_ad_netbios_name(&self, domain: &str) -> bool {
        self.ad_domain.is_some()
            && self.users.iter().any(|u| {
                u.on_premises_name
                    .as_deref()
                    .and_then(|n| n.split_once('\\'))
                    .is_some_and(|(d, _)| d.eq_ignore_ascii_case(domain))
            })
    }

    /// An HRD policy with `AllowCloudPasswordValidation` reaches desktop-flow sign-ins.
    pub fn cloud_password_validation_allowed(&self) -> bool {
        self.hrd_policy.is_some_and(|p| {
            p.allow_cloud_password_validation && p.scope != HrdScope::OtherApplication
        })
    }

    /// Entra can check a password of a user in a domain of this kind.
    pub fn checks_passwords_in_cloud(&self, kind: DomainKind) -> bool {
        match kind {
            DomainKind::Managed => true,
            DomainKind::Federated => {
                self.password_hash_sync && self.cloud_password_validation_allowed()
            }
        }
    }
}

impl Machine {
    /// The work account with this UPN (case does not matter).
    pub fn work_account(&self, upn: &str) -> Option<&WorkAccount> {
        self.work_accounts.iter().find(|a| a.upn.eq_ignore_ascii_case(upn))
    }

    /// The local account with this name (case does not matter).
    pub fn local_account(&self, name: &str) -> Option<&LocalAccount> {
        self.local_accounts.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

impl World {
    /// Power Automate opens the unattended session with Entra authentication
    /// for Remote Desktop: a certificate always; a password with NLA from
    /// 2.50 where `config.edge.skype.com` answers, or without NLA from 2.49
    /// with `UseRdsAadAuthentication`.
    pub fn rds_aad_auth(&self) -> bool {
        let machine = &self.machine;
        match self.connection.credential {
            Credential::Certificate { .. } => true,
            Credential::SignIn => false,
            Credential::Password(_) if machine.rdp.nla => {
                machine.pad_version >= PadVersion::PASSWORD_WITH_NLA
                    && machine.reaches_rds_config_endpoint
            }
            Credential::Password(_) => {
                machine.rdp.entra_rdp_auth && machine.pad_version >= PadVersion::RDS_AAD_AUTH
            }
        }
    }

    /// Entra authentication for Remote Desktop answers *Always prompt for
    /// password upon connection*: a password on that route does (2.49 with
    /// `UseRdsAadAuthentication`), a certificate from 2.50.
    pub fn rds_aad_answers_prompt(&self) -> bool {
        self.rds_aad_auth()
            && (!matches!(self.connection.credential, Credential::Certificate { .. })
                || self.machine.pad_version >= PadVersion::CERTIFICATE_PAST_PROMPT)
    }

    /// Power Automate itself asks Entra for a token with the connection's
    /// credential, so Entra's answer (an AADSTS code) is what the run shows:
    /// a certificate or connect with sign-in; a password only on the Entra
    /// authentication path for Remote Desktop (an unattended run, an Entra
    /// account, an Entra-joined-only machine). Elsewhere Windows checks a
    /// password at logon and reports a Windows status.
    pub fn asks_entra_for_token(&self) -> bool {
        let ds = &self.machine.device_state;
        match self.connection.credential {
            Credential::Certificate { .. } | Credential::SignIn => true,
            Credential::Password(_) => {
                self.connection.mode == RunMode::Unattended
                    && ds.azure_ad_joined
                    && !ds.domain_joined
                    && self.username().kind == UsernameKind::Upn
                    && self.rds_aad_auth()
            }
        }
    }

    /// How an Entra-joined-only device takes a `DOMAIN\user` username, or
    /// `None` for another username form or another join.
    pub fn entra_device_domain(&self) -> Option<EntraDomainForm> {
        self.entra_device_domain_as(&self.username())
    }

    /// [`World::entra_device_domain`] for the connection's username, read already.
    pub(crate) fn entra_device_domain_as(&self, username: &Username) -> Option<EntraDomainForm> {
        let ds = &self.machine.device_state;
        if username.kind != UsernameKind::Domain || !ds.azure_ad_joined || ds.domain_joined {
            return None;
        }
        let prefix = username.prefix.unwrap_or_default();
        let reachable = self.tenant.ad_domain.is_some() && self.machine.domain_controller_reachable;
        Some(if !reachable {
            EntraDomainForm::NoDomain
        } else if self.tenant.is_ad_dns_name(prefix) {
            EntraDomainForm::DnsName
        } else if self.tenant.is_ad_netbios_name(prefix) {
            EntraDomainForm::NetbiosName
        } else {
            EntraDomainForm::NoDomain
        })
    }

    /// Windows signs the connection's account in through the domain: a
    /// `DOMAIN\user`, or an on-premises UPN on a domain-only machine (connect
    /// with sign-in uses the Entra account whatever the join).
    pub fn domain_logon(&self) -> bool {
        self.domain_logon_as(&self.username())
    }

    /// [`World::domain_logon`] for the connection's username, read already.
    pub(crate) fn domain_logon_as(&self, username: &Username) -> bool {
        match username.kind {
            UsernameKind::Domain => true,
            UsernameKind::Upn => {
                self.upn_known_to_domain_as(username)
                    && self.connection.credential != Credential::SignIn
            }
            _ => false,
        }
    }

    /// A UPN on a machine joined only to on-premises AD is an account's
    /// on-premises UPN, an ordinary logon name there.
    pub fn upn_known_to_domain(&self) -> bool {
        self.upn_known_to_domain_as(&self.username())
    }

    /// [`World::upn_known_to_domain`] for the connection's username, read already.
    pub(crate) fn upn_known_to_domain_as(&self, username: &Username) -> bool {
        let ds = &self.machine.device_state;
        username.kind == UsernameKind::Upn
            && ds.domain_joined
            && !ds.azure_ad_joined
            && self.tenant.ad_upn_user(username.account).is_some()
    }

    /// A `DOMAIN\user` username names the domain-joined device's own domain:
    /// by its NetBIOS name (`DomainName`) or by the AD domain's DNS name.
    pub fn domain_is_the_devices(&self) -> bool {
        self.domain_is_the_devices_as(&self.username())
    }

    /// [`World::domain_is_the_devices`] for the connection's username, read already.
    pub(crate) fn domain_is_the_devices_as(&self, username: &Username) -> bool {
        let prefix = username.prefix.unwrap_or_default();
        let ds = &self.machine.device_state;
        ds.domain_name.as_deref().is_some_and(|d| d.eq_ignore_ascii_case(prefix))
            || (ds.domain_joined && self.tenant.is_ad_dns_name(prefix))
    }

    /// The connection's username, read as Windows would on this machine.
    pub fn username(&self) -> Username<'_> {
        Username::parse(&self.connection.username, &self.machine.name)
    }

    /// `Executing Account Name` as `dsregcmd /status` prints it, run in the
    /// session of the account the machine is set up with: its first work
    /// account that has signed in (`AzureAD\name, upn`, or the on-premises
    /// name on a domain-joined machine), else its first local account
    /// (`MACHINE\name`). Modelled: the model does not say who ran the
    /// command, so it takes the machine's own user; the line's form is the
    /// one real captures show.
    pub fn executing_account(&self) -> Option<ExecutingAccount<'_>> {
        let machine = &self.machine;
        // Joined to another tenant, the machine's user is that tenant's,
        // whom the model does not name.
        if machine.device_state.tenant_id.is_some() {
            return None;
        }
        if let Some(account) = machine.work_accounts.iter().find(|a| a.signed_in) {
            let on_premises = self
                .tenant
                .user(&account.upn)
                .and_then(|u| u.on_premises_name.as_deref()?.split_once('\\'))
                .filter(|_| machine.device_state.domain_joined);
            let (prefix, name) = on_premises.unwrap_or_else(|| {
                ("AzureAD", account.upn.split('@').next().unwrap_or(&account.upn))
            });
            return Some(ExecutingAccount { prefix, name, upn: Some(&account.upn) });
        }
        let local = machine.local_accounts.first()?;
        Some(ExecutingAccount { prefix: &machine.name, name: &local.name, upn: None })
    }

    /// The account the connection names, looked up where its form says it lives.
    pub fn named_account(&self) -> NamedAccount<'_> {
        self.named_account_as(&self.username())
    }

    /// [`World::named_account`] for the connection's username, read already.
    pub(crate) fn named_account_as(&self, username: &Username) -> NamedAccount<'_> {
        match username.kind {
            UsernameKind::Upn if self.domain_logon_as(username) => self
                .tenant
                .ad_upn_user(username.account)
                .map_or(NamedAccount::Unknown, NamedAccount::Domain),
            UsernameKind::Upn => match self.tenant.user(username.account) {
                Some(user) => NamedAccount::Entra(user),
                None => NamedAccount::Unknown,
            },
            UsernameKind::Domain => {
                let domain = username.prefix.unwrap_or_default();
                match self.tenant.on_premises_user(domain, username.account) {
                    Some(user) => NamedAccount::Domain(user),
                    None => NamedAccount::Unknown,
                }
            }
            UsernameKind::Local => match self.machine.local_account(username.account) {
                Some(account) => NamedAccount::Local(account),
                None => NamedAccount::Unknown,
            },
            UsernameKind::AzureAdPrefix => NamedAccount::Unknown,
        }
    }

    /// Faults no real world can have, as `(path, message)` with the path in
    /// the scenario's own field names.
    pub fn impossibilities(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.faults(&mut |path, message| out.push((path.to_string(), message.to_owned())));
        out
    }

    /// The world has none of [`World::impossibilities`]; the check replays
    /// make, without writing a message.
    pub fn is_possible(&self) -> bool {
        let mut possible = true;
        self.faults(&mut |_, _| possible = false);
        possible
    }

    fn faults(&self, say: &mut dyn FnMut(FieldPath, &'static str)) {
        use FieldPath::{Field, Item};
        let ds = &self.machine.device_state;
        if ds.domain_joined && ds.domain_name.is_none() {
            say(
                Field("machine.device_state.domain_joined"),
                "a domain-joined device needs a `domain_name`",
            );
        }
        if !ds.domain_joined && ds.domain_name.is_some() {
            say(
                Field("machine.device_state.domain_name"),
                "`domain_name` is set but the device is not domain joined",
            );
        }
        if ds.enterprise_joined && (!ds.domain_joined || ds.azure_ad_joined) {
            say(
                Field("machine.device_state.enterprise_joined"),
                "an on-premises DRS joined device is domain joined and not Entra joined",
            );
        }
        // Names compare without case, as Windows and Entra compare them.
        let domains = Names::new(self.tenant.domains.iter().map(|d| d.name.as_str()));
        for i in domains.repeats() {
            say(Item("tenant.domains", i, "name"), "this domain is listed twice");
        }
        for i in Names::new(self.tenant.users.iter().map(|u| u.upn.as_str())).repeats() {
            say(Item("tenant.users", i, "upn"), "this user is listed twice");
        }
        for (i, user) in self.tenant.users.iter().enumerate() {
            match user.upn.rsplit_once('@') {
                Some((_, domain)) if domains.contains(domain) => {}
                _ => say(
                    Item("tenant.users", i, "upn"),
                    "a user's UPN must end in one of the tenant's domains",
                ),
            }
            if user.cloud_password.is_some()
                && (user.on_premises_name.is_none() || !self.tenant.password_hash_sync)
            {
                say(
                        Item("tenant.users", i, "cloud_password"),
                    "only a user synchronized from AD with password hash sync on can have Entra hold an older password",
                );
            }
            if let Some(name) = &user.on_premises_name {
                if !name.split_once('\\').is_some_and(|(d, s)| !d.is_empty() && !s.is_empty()) {
                    say(
                        Item("tenant.users", i, "on_premises_name"),
                        "an on-premises name is written `DOMAIN\\user`",
                    );
                }
            }
        }
        for i in Names::new(self.machine.work_accounts.iter().map(|a| a.upn.as_str())).repeats() {
            say(Item("machine.work_accounts", i, "upn"), "this work account is listed twice");
        }
        for i in Names::new(self.machine.local_accounts.iter().map(|a| a.name.as_str())).repeats() {
            say(Item("machine.local_accounts", i, "name"), "this local account is listed twice");
        }
        if self.connection.credential == Credential::SignIn
            && self.connection.mode == RunMode::Unattended
        {
            say(Field("connection.credential"), "connect with sign-in is for attended runs only");
        }
        if self.connection.credential == Credential::SignIn
            && self.username().kind != UsernameKind::Upn
        {
            say(
                Field("connection.username"),
                "connect with sign-in uses an Entra account, written `user@domain`",
            );
        }
        if ds.workplace_joined && (ds.azure_ad_joined || ds.domain_joined) {
            say(
                Field("machine.device_state.workplace_joined"),
                "an Entra registered device here is one joined to nothing else",
            );
        }
        if ds.tenant_id.is_some() && !ds.azure_ad_joined {
            say(
                Field("machine.device_state.tenant_id"),
                "a `tenant_id` needs an Entra joined device",
            );
        }
        if self.connection.username.trim().is_empty() {
            say(Field("connection.username"), "the connection's username is empty");
        }
    }
}

/// Where an impossibility lies, in the scenario's own field names, written
/// out only when it is shown.
#[derive(Clone, Copy)]
enum FieldPath {
    /// `machine.device_state.domain_joined`.
    Field(&'static str),
    /// `tenant.users[2].upn`: a list, an index into it, a field of the item.
    Item(&'static str, usize, &'static str),
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Field(path) => f.write_str(path),
            FieldPath::Item(list, i, field) => write!(f, "{list}[{i}].{field}"),
        }
    }
}

/// A list of names compared without case, as Windows and Entra compare
/// them. The short lists every real world has are scanned in place; long
/// ones get a hash set, so a hostile scenario costs linear time.
struct Names<I> {
    names: I,
    lowered: Option<HashSet<String>>,
}

impl<'a, I: Iterator<Item = &'a str> + Clone> Names<I> {
    /// Past this many names, a hash set.
    const SCAN: usize = 16;

    fn new(names: I) -> Names<I> {
        let lowered = (names.clone().nth(Self::SCAN).is_some())
            .then(|| names.clone().map(str::to_ascii_lowercase).collect());
        Names { names, lowered }
    }

    fn contains(&self, name: &str) -> bool {
        match &self.lowered {
            Some(set) => set.contains(&name.to_ascii_lowercase()),
            None => self.names.clone().any(|n| n.eq_ignore_ascii_case(name)),
        }
    }

    /// The indices of the names an earlier one already has.
    fn repeats(&self) -> Vec<usize> {
        let names = self.names.clone().enumerate();
        if self.lowered.is_none() {
            let earlier = |i: usize, name: &str| {
                self.names.clone().take(i).any(|n| n.eq_ignore_ascii_case(name))
            };
            return names.filter(|&(i, name)| earlier(i, name)).map(|(i, _)| i).collect();
        }
        let mut seen = HashSet::new();
        names.filter(|(_, name)| !seen.insert(name.to_ascii_lowercase())).map(|(i, _)| i).collect()
    }
}

/// The account a connection's username resolves to.
#[derive(Clone, Copy, Debug)]
pub enum NamedAccount<'w> {
    /// An Entra account, named by its UPN.
    Entra(&'w User),
    /// A synchronized user, named `DOMAIN\user`.
    Domain(&'w User),
    /// A local account of the machine.
    Local(&'w LocalAccount),
    /// Nothing the name resolves to.
    Unknown,
}

impl NamedAccount<'_> {
    /// The password that account has now, wherever it lives.
    pub fn password(&self) -> Option<&Secret> {
        match self {
            NamedAccount::Entra(user) | NamedAccount::Domain(user) => Some(&user.password),
            NamedAccount::Local(account) => Some(&account.password),
            NamedAccount::Unknown => None,
        }
    }
}

/// How an Entra-joined-only device takes the domain of a `DOMAIN\user`
/// username (the device SSO page: the DNS name works, the NetBIOS name does
/// not, with a domain controller in reach either way).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntraDomainForm {
    /// The AD domain's DNS name, with a domain controller in reach: accepted.
    DnsName,
    /// The AD domain's NetBIOS name, with a domain controller in reach:
    /// refused with STATUS_BAD_VALIDATION_CLASS.
    NetbiosName,
    /// No AD domain in reach by that name: the domain is not available.
    NoDomain,
}

impl EntraDomainForm {
    /// The form in words, as evidence lines write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            EntraDomainForm::DnsName => "the AD domain's DNS name, a domain controller in reach",
            EntraDomainForm::NetbiosName => {
                "the AD domain's NetBIOS name, a domain controller in reach"
            }
            EntraDomainForm::NoDomain => "no domain the device can reach",
        }
    }
}
