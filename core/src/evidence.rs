//! Evidence: what a person can observe about a world, fact by fact, where any
//! fact may be unknown.
//!
//! Rules read evidence, never the world, so the same rules serve a simulated
//! world (every fact known, via [`observe`]) and a real machine's artifacts
//! (only what the artifacts say). A fact that does not apply (a work account's
//! sync state when there is no work account) is left unknown; the rules gate
//! on the fact that makes it apply.

use std::any::Any;
use std::fmt::Write as _;

use crate::model::{
    AccountState, DomainKind, HrdPolicy, Mfa, NamedAccount, Os, RduMembership, RunMode,
    SecurityLayer, Session, UserType, World,
};
use crate::model::{Credential, CredentialKind, EntraDomainForm};
use crate::payload::{ErrorCode, SubCode};
use crate::recognize::Seen;
use crate::text::Quoted;
use crate::text::Text;
use crate::username::UsernameKind;
use crate::version::PadVersion;

/// Names a fact: how to show it, and how a person would find it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FactId {
    /// Connection username.
    Username,
    /// Username form.
    UsernameKind,
    /// Connection credential.
    Credential,
    /// Run mode.
    RunMode,
    /// AzureAdJoined.
    AzureAdJoined,
    /// DomainJoined.
    DomainJoined,
    /// DomainName.
    DomainName,
    /// Operating system.
    Os,
    /// Power Automate for desktop.
    PadVersion,
    /// Access work or school.
    WorkAccounts,
    /// Tenant certificate-based authentication.
    CertificateAuth,
    /// User's domain.
    UserDomainKind,
    /// Password hash sync.
    PasswordHashSync,
    /// HRD policy.
    HrdPolicy,
    /// User exists in the tenant.
    UserInTenant,
    /// Account state.
    AccountState,
    /// Connection password is the account's current one.
    PasswordMatchesAccount,
    /// Username domain is the device's domain.
    UsernameDomainMatchesDevice,
    /// How an Entra-joined-only device takes the username's domain.
    EntraDeviceDomain,
    /// The UPN is an account's on-premises UPN.
    UpnKnownToDomain,
    /// Windows signs the account in through the domain.
    DomainLogon,
    /// The device's object in Entra is present and enabled.
    DeviceEnabled,
    /// Entra holds the connection's password.
    EntraHasPassword,
    /// The machine requires smart card logon.
    SmartCardRequired,
    /// Remote Desktop is enabled.
    RdpEnabled,
    /// Windows refuses the username's form on this machine.
    UsernameFormRefused,
    /// A Deny log on policy names the Power Automate service account.
    UiFlowServiceDenied,
    /// The Power Automate service's account may log on as a service.
    ServiceCanLogOn,
    /// The user of the machine's last failed PRT attempt.
    PrtUser,
    /// `Executing Account Name` is the connection's account.
    ExecutingAccountIsConnection,
    /// The AD FS authority of the machine's Enterprise PRT.
    AdfsAuthority,
    /// The server error of the machine's last failed PRT attempt.
    PrtError,
    /// Another user has a session on the machine.
    OtherUserSession,
    /// The server's sessions fill what Remote Desktop allows.
    SessionLimitReached,
    /// Windows' logon process fails until a restart.
    WinlogonFailing,
    /// The machine reaches `config.edge.skype.com`.
    RdsConfigReachable,
    /// A group policy takes UIFlowService out of Remote Desktop Users.
    UiFlowServiceRemovedByPolicy,
    /// The password is temporary (must change at next sign-in).
    MustChangePassword,
    /// The user belongs to the tenant of the connection's environment.
    EnvironmentTenantMatches,
    /// The machine reaches Entra's sign-in endpoint.
    EntraReachable,
    /// The Power Automate agent launcher service is running.
    LauncherServiceRunning,
    /// The connection is of an older kind that unattended runs refuse.
    LegacyConnection,
    /// The machine was cloned after Power Automate was registered on it.
    ClonedAfterRegistration,
    /// The group password was created on a machine whose clock runs ahead.
    GroupPasswordClockAhead,
    /// Account present on the machine.
    AccountOnMachine,
    /// Work account synchronized.
    WorkAccountSynced,
    /// Work account signed in interactively.
    WorkAccountSignedIn,
    /// Machine holds the current password.
    MachineHasCurrentPassword,
    /// Observed error.
    ObservedError,
    /// Sub-code shown beside the observed error.
    ObservedSubCode,
    /// Windows found the account and checked its password.
    PasswordChecked,
    /// Connection uses an Entra or domain account.
    EntraOrDomainAccount,
    /// TenantId.
    MachineTenantId,
    /// NLA (UserAuthentication).
    RdpNla,
    /// UseRdsAadAuthentication.
    EntraRdpAuth,
    /// Remote Desktop consent for the Microsoft Remote Desktop app.
    RdpSsoConsent,
    /// FPromptForPassword.
    PromptForPassword,
    /// SecurityLayer.
    SecurityLayer,
    /// Third-party credential provider.
    CredentialProvider,
    /// Logon legal notice.
    LegalNotice,
    /// Multifactor authentication.
    Mfa,
    /// Remote Desktop Users membership.
    RemoteDesktopUsers,
    /// Denied a logon right.
    LogonDenied,
    /// The allow right for the logon names the account.
    LogonGranted,
    /// UIFlowService in Remote Desktop Users.
    UiFlowServiceRdu,
    /// The machine is an Azure VM.
    AzureVm,
    /// Azure VM login role.
    AzureVmLoginRole,
    /// User type.
    UserType,
    /// Machine joined to the user's tenant.
    MachineTenantMatches,
    /// Passwordless account.
    Passwordless,
    /// Domain controller reachable.
    DcReachable,
    /// On-premises UPN is the Entra UPN.
    OnPremUpnMatches,
    /// User session.
    Session,
    /// Tenant in AllowedRegistrationTenants.
    TenantAllowlisted,
    /// Entra authentication for Remote Desktop in use.
    RdsAadAuth,
    /// Entra authentication for Remote Desktop gets past fPromptForPassword.
    PromptAnswered,
    /// Remote Desktop signs in an Entra account on an Entra-joined-only machine.
    EntraRdpPath,
    /// Connect with sign-in.
    SignIn,
    /// Identity provider's WS-Trust endpoint answers.
    WsTrust,
    /// Power Automate asks Entra for a token with the credential.
    CloudCheck,
    /// PKU2U online identities allowed.
    Pku2u,
    /// The Entra account the username means is connected on the machine.
    MeantAccountConnected,
    /// `WorkplaceJoined`.
    WorkplaceJoined,
    /// The connection's password starts or ends with a space.
    PasswordOuterSpaces,
}

impl FactId {
    /// The label evidence lines use; `dsregcmd` fields keep their exact names.
    pub const fn label(self) -> &'static str {
        match self {
            FactId::Username => "connection username",
            FactId::UsernameKind => "username form",
            FactId::Credential => "connection credential",
            FactId::RunMode => "run mode",
            FactId::AzureAdJoined => "AzureAdJoined",
            FactId::DomainJoined => "DomainJoined",
            FactId::DomainName => "DomainName",
            FactId::Os => "operating system",
            FactId::PadVersion => "Power Automate for desktop",
            FactId::WorkAccounts => "Access work or school",
            FactId::CertificateAuth => "tenant certificate-based authentication",
            FactId::UserDomainKind => "user's domain",
            FactId::PasswordHashSync => "password hash sync",
            FactId::HrdPolicy => "HRD policy",
            FactId::UserInTenant => "user exists in the tenant",
            FactId::AccountState => "account state",
            FactId::PasswordMatchesAccount => "connection password is the account's current one",
            FactId::UsernameDomainMatchesDevice => "username domain is the device's domain",
            FactId::EntraDeviceDomain => "username domain, on an Entra joined device",
            FactId::UpnKnownToDomain => "the domain knows the UPN as a logon name",
            FactId::DomainLogon => "signs in through the domain",
            FactId::DeviceEnabled => "device enabled in Entra",
            FactId::EntraHasPassword => "Entra holds the connection's password",
            FactId::SmartCardRequired => "smart card logon required",
            FactId::RdpEnabled => "Remote Desktop enabled",
            FactId::UsernameFormRefused => "the machine refuses the username's form",
            FactId::UiFlowServiceDenied => "a Deny log on policy names UIFlowService",
            FactId::ServiceCanLogOn => {
                "the Power Automate service's account may log on as a service"
            }
            FactId::PrtUser => "Windows sign-in on the machine (PRT attempt) by",
            FactId::ExecutingAccountIsConnection => {
                "`Executing Account Name` is the connection's account"
            }
            FactId::AdfsAuthority => "Enterprise PRT from AD FS",
            FactId::PrtError => "Windows sign-in on the machine (PRT attempt) refused with",
            FactId::OtherUserSession => "another user's session on the machine",
            FactId::SessionLimitReached => "server sessions at Remote Desktop's limit",
            FactId::WinlogonFailing => "Windows logon failing until a restart",
            FactId::RdsConfigReachable => "config.edge.skype.com reachable",
            FactId::UiFlowServiceRemovedByPolicy => {
                "a group policy removes UIFlowService from Remote Desktop Users"
            }
            FactId::MustChangePassword => "password temporary (must change at next sign-in)",
            FactId::EnvironmentTenantMatches => "user in the environment's tenant",
            FactId::EntraReachable => "login.microsoftonline.com reachable",
            FactId::LauncherServiceRunning => "Power Automate agent launcher service running",
            FactId::LegacyConnection => "connection of an older kind",
            FactId::ClonedAfterRegistration => "machine cloned after Power Automate was registered",
            FactId::GroupPasswordClockAhead => {
                "group password created on a machine whose clock runs ahead"
            }
            FactId::AccountOnMachine => "account present on the machine",
            FactId::WorkAccountSynced => "work account synchronized",
            FactId::WorkAccountSignedIn => "work account signed in interactively",
            FactId::MachineHasCurrentPassword => "machine holds the current password",
            FactId::ObservedError => "observed error",
            FactId::ObservedSubCode => "observed sub-code",
            FactId::PasswordChecked => "Windows found the account and checked its password",
            FactId::EntraOrDomainAccount => "connection uses an Entra or domain account",
            FactId::MachineTenantId => "TenantId",
            FactId::RdpNla => "NLA (UserAuthentication)",
            FactId::EntraRdpAuth => "UseRdsAadAuthentication",
            FactId::RdpSsoConsent => "Remote Desktop consent for the Microsoft Remote Desktop app",
            FactId::PromptForPassword => "fPromptForPassword",
            FactId::SecurityLayer => "SecurityLayer",
            FactId::CredentialProvider => "third-party credential provider",
            FactId::LegalNotice => "logon legal notice",
            FactId::Mfa => "multifactor authentication",
            FactId::RemoteDesktopUsers => "Remote Desktop Users membership",
            FactId::LogonDenied => "denied a logon right",
            FactId::LogonGranted => "holds the allow right for its logon",
            FactId::UiFlowServiceRdu => "UIFlowService in Remote Desktop Users",
            FactId::AzureVm => "Azure VM",
            FactId::AzureVmLoginRole => "Azure VM login role",
            FactId::UserType => "user type",
            FactId::MachineTenantMatches => "machine joined to the user's tenant",
            FactId::Passwordless => "passwordless account",
            FactId::DcReachable => "domain controller reachable",
            FactId::OnPremUpnMatches => "on-premises UPN is the Entra UPN",
            FactId::Session => "user session",
            FactId::TenantAllowlisted => "tenant in AllowedRegistrationTenants",
            FactId::RdsAadAuth => "Entra authentication for Remote Desktop in use",
            FactId::PromptAnswered => {
                "Entra authentication for Remote Desktop gets past fPromptForPassword"
            }
            FactId::SignIn => "connect with sign-in",
            FactId::WsTrust => "identity provider's WS-Trust endpoint answers",
            FactId::Pku2u => "PKU2U online identities allowed",
            FactId::CloudCheck => "Power Automate asks Entra for a token with the credential",
            FactId::WorkplaceJoined => "WorkplaceJoined",
            FactId::PasswordOuterSpaces => "connection password starts or ends with a space",
            FactId::MeantAccountConnected => {
                "the Entra account the username means is connected on the machine"
            }
            FactId::EntraRdpPath => {
                "Remote Desktop signs in an Entra account on an Entra-joined-only machine"
            }
        }
    }

    /// Where a person looks to settle this fact, in our words.
    pub const fn how_to_check(self) -> &'static str {
        match self {
            FactId::Username
            | FactId::UsernameKind
            | FactId::Credential
            | FactId::RunMode
            | FactId::EntraOrDomainAccount => {
                "open the desktop-flow connection in Power Automate and read its settings"
            }
            FactId::AzureAdJoined | FactId::DomainJoined | FactId::DomainName => {
                "run `dsregcmd /status` on the machine and read the Device State section"
            }
            FactId::Os => "run `winver` on the machine",
            FactId::PadVersion => "open Power Automate for desktop and read Help > About",
            FactId::WorkAccounts | FactId::AccountOnMachine => {
                "on the machine, open Settings > Accounts > Access work or school"
            }
            FactId::WorkAccountSynced => {
                "in Access work or school, select the account, then Info, and read the last sync status"
            }
            FactId::WorkAccountSignedIn | FactId::MachineHasCurrentPassword => {
                "sign in to the machine interactively with the account and its current password"
            }
            FactId::CertificateAuth => {
                "in the Entra admin center, open Authentication methods > Certificate-based authentication"
            }
            FactId::UserDomainKind => {
                "in the Entra admin center, open Domain names, or query Graph `domain.authenticationType`"
            }
            FactId::PasswordHashSync => {
                "in the Entra admin center, open Entra Connect and read the Password Hash Sync status"
            }
            FactId::HrdPolicy => {
                "list Graph `policies/homeRealmDiscoveryPolicies` and the policies assigned to the service principal"
            }
            FactId::UserInTenant | FactId::AccountState => {
                "find the user in the Entra admin center (Users) and read its sign-in logs"
            }
            FactId::PasswordMatchesAccount => {
                "sign in to a web portal with the connection's username and password"
            }
            FactId::ObservedError => "copy the error from the failed run's details in Power Automate",
            FactId::PasswordChecked => {
                "read the failed logon (event 4625) in the machine's Security log: sub-status 0xC000006A means the account was found and the password refused"
            }
            FactId::ObservedSubCode => {
                "read the Windows status shown beside the error code in the failed run's details"
            }
            FactId::RdpNla => "read `UserAuthentication` under `HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp` (and the Remote Desktop policy) on the machine",
            FactId::EntraRdpAuth => "read `HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Power Automate Desktop\\Service\\UseRdsAadAuthentication` on the machine",
            FactId::RdpSsoConsent => "check the service principal `a4a365df-50f1-4397-bc59-1a1564b8bb9c` in Graph: `remoteDesktopSecurityConfiguration.isRemoteDesktopProtocolEnabled` and its target device groups",
            FactId::PromptForPassword => "read `fPromptForPassword` under `HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services`, then under `...\\WinStations\\RDP-Tcp`",
            FactId::SecurityLayer => "read `SecurityLayer` under `...\\Terminal Server\\WinStations\\RDP-Tcp` on the machine",
            FactId::CredentialProvider => "list the subkeys of `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Authentication\\Credential Providers`",
            FactId::LegalNotice => "read `legalnoticecaption` and `legalnoticetext` under `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System`",
            FactId::Mfa => "read the user's sign-in logs in the Entra admin center (Conditional Access, per-user MFA, security defaults)",
            FactId::RemoteDesktopUsers => "run `net localgroup \"Remote Desktop Users\"` on the machine",
            FactId::LogonDenied => "open Local Security Policy > User Rights Assignment and read the three Deny log on policies",
            FactId::LogonGranted => "open Local Security Policy > User Rights Assignment and check that *Allow log on locally* (attended) or *Allow log on through Remote Desktop Services* (unattended) names the account or one of its groups",
            FactId::UiFlowServiceRdu => "run `net localgroup \"Remote Desktop Users\"` and look for `NT SERVICE\\UIFlowService`",
            FactId::AzureVm => "look for the machine under Virtual machines in the Azure portal",
            FactId::AzureVmLoginRole => "on the VM's Access control (IAM) in the Azure portal, look for Virtual Machine User Login or Administrator Login",
            FactId::UserType => "read the user's User type in the Entra admin center (a guest's UPN contains `#EXT#`)",
            FactId::MachineTenantMatches => "compare `TenantId` in `dsregcmd /status` with the user's tenant",
            FactId::Passwordless => "read the user's authentication methods in the Entra admin center",
            FactId::DcReachable => "run `nltest /dsgetdc:DOMAIN` on the machine",
            FactId::OnPremUpnMatches => "run `whoami /upn` as the user on the machine and compare it with the Entra UPN",
            FactId::Session => "run `query user` on the machine",
            FactId::MeantAccountConnected => {
                "find the account the username names in Settings > Accounts > Access work or school"
            }
            FactId::PasswordOuterSpaces => {
                "retype the password in the connection and look for a space at either end"
            }
            FactId::WorkplaceJoined => {
                "run `dsregcmd /status` and read `WorkplaceJoined` under User State"
            }
            FactId::CloudCheck => {
                "a certificate or connect with sign-in always; a password only on an unattended run of an Entra account on an Entra-joined-only machine with Entra authentication for Remote Desktop (2.50 with NLA, or 2.49 with `UseRdsAadAuthentication` without NLA)"
            }
            FactId::Pku2u => {
                "run `secpol.msc` and read Security Options > Network security: Allow PKU2U authentication requests to this computer to use online identities"
            }
            FactId::WsTrust => {
                "on AD FS, check that the endpoint `/adfs/services/trust/2005/usernamemixed` is enabled (Get-AdfsEndpoint); `dsregcmd /status` may show `Attempt Status : 0xc00484c1`"
            }
            FactId::SignIn => "open the desktop-flow connection in Power Automate and read its authentication type",
            FactId::RdsAadAuth => {
                "a certificate credential uses it; a password does with `UseRdsAadAuthentication = 1` and Power Automate for desktop 2.49 or later"
            }
            FactId::PromptAnswered => {
                "a password with Entra authentication for Remote Desktop does (2.49 with `UseRdsAadAuthentication`); a certificate does from Power Automate for desktop 2.50"
            }
            FactId::EntraRdpPath => {
                "the username is a UPN and `dsregcmd /status` shows `AzureAdJoined : YES` with `DomainJoined : NO`"
            }
            FactId::TenantAllowlisted => "read `HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Power Automate Desktop\\Registration\\AllowedRegistrationTenants`",

            FactId::MachineTenantId => {
                "run `dsregcmd /status` on the machine and read `TenantId` under Tenant Details"
            }
            FactId::UsernameDomainMatchesDevice => {
                "compare the connection's domain with `DomainName` in `dsregcmd /status`"
            }
            FactId::ExecutingAccountIsConnection => {
                "run `dsregcmd /status` in the session of the account the machine is set up with and compare `Executing Account Name` (Diagnostic Data) with the connection's username"
            }
            FactId::PrtUser | FactId::PrtError | FactId::AdfsAuthority => {
                "run `dsregcmd /status` as the signed-in user and read `Previous Prt Attempt` under SSO State"
            }
            FactId::ServiceCanLogOn => {
                "open services.msc on the machine: the Power Automate service must be running; Error 1069 when starting it means its account lacks *Log on as a service*"
            }
            FactId::UiFlowServiceDenied => {
                "open Local Security Policy > User Rights Assignment and read *Deny log on locally* and *Deny log on through Remote Desktop Services* for `NT SERVICE\\UIFlowService` (or the custom account the service runs as)"
            }
            FactId::UsernameFormRefused => {
                "compare the username with `dsregcmd /status`: `user@domain` for an Entra joined or hybrid machine, `DOMAIN\\user` with its `DomainName` for a domain-joined one"
            }
            FactId::RdpEnabled => {
                "open Settings > System > Remote Desktop on the machine, or read `fDenyTSConnections` under `HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server` (0 = enabled)"
            }
            FactId::OtherUserSession => {
                "run `query user` on the machine: any session of another user counts, active, locked or disconnected"
            }
            FactId::SessionLimitReached => {
                "run `query user` on the server and count the sessions, disconnected ones included, against what it allows (two without Remote Desktop Services licensing)"
            }
            FactId::WinlogonFailing => {
                "sign in to the machine by Remote Desktop with another account; look in the System and Application event logs for Winlogon errors since the last restart"
            }
            FactId::RdsConfigReachable => {
                "on the machine, run `Test-NetConnection config.edge.skype.com -Port 443` and check the proxy and firewall rules"
            }
            FactId::UiFlowServiceRemovedByPolicy => {
                "run `gpresult /h report.html` on the machine and look for a Restricted Groups (or Local Users and Groups) policy that sets Remote Desktop Users without `NT SERVICE\\UIFlowService`"
            }
            FactId::EntraReachable => {
                "on the machine, run `Test-NetConnection login.microsoftonline.com -Port 443` and check the proxy and firewall rules"
            }
            FactId::LauncherServiceRunning => {
                "on the machine, open Services (`services.msc`) and read the status of the Power Automate agent launcher service"
            }
            FactId::LegacyConnection => {
                "the code itself says it; in Power Automate, open the desktop-flow connection and compare how it reaches the machine with a connection created today"
            }
            FactId::ClonedAfterRegistration => {
                "ask how the machine was built: a virtual machine copied from one where Power Automate was already installed and registered carries that machine's registration (compare the two in the portal's Machines list)"
            }
            FactId::GroupPasswordClockAhead => {
                "compare the clocks of the machines in the group (`w32tm /query /status` on each), above all the one where the group's password was created"
            }
            FactId::EnvironmentTenantMatches => {
                "in the Power Automate portal open Settings > Session details and compare its Tenant ID with the user's tenant (`TenantId` in `dsregcmd /status` on the user's Entra joined machine)"
            }
            FactId::MustChangePassword => {
                "in the Entra admin center, look at the user's last password reset: an administrator's reset with a temporary password, or *require this user to change their password when they first sign in*"
            }
            FactId::SmartCardRequired => {
                "run `gpresult /h report.html` on the machine and look for *Interactive logon: Require Windows Hello for Business or smart card*, or read `scforceoption` under `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System`"
            }
            FactId::EntraHasPassword => {
                "sign in as the account at https://myaccount.microsoft.com with the connection's password; right after a change on premises, check the last password hash sync in Entra Connect"
            }
            FactId::DeviceEnabled => {
                "run `dsregcmd /status` and read `DeviceAuthStatus` under Device Details, or find the device in the Entra admin center > Devices"
            }
            FactId::DomainLogon => {
                "a `DOMAIN\\user` username signs in through the domain; so does a UPN on a domain-only machine when it is the account's on-premises UPN"
            }
            FactId::UpnKnownToDomain => {
                "on a domain controller, run `Get-ADUser -Filter \"UserPrincipalName -eq 'user@domain'\"`: the UPN must be an account's on-premises UPN"
            }
            FactId::EntraDeviceDomain => {
                "compare the connection's domain with the AD domain's DNS name (`contoso.corp.com`) and NetBIOS name (`CONTOSO`), and check that a domain controller answers (`nltest /dsgetdc:contoso.corp.com`)"
            }
        }
    }
}

/// How a fact's value reads in an evidence line.
pub trait FactValue {
    /// The value as an evidence line writes it.
    fn show(&self) -> String;
}

impl FactValue for bool {
    fn show(&self) -> String {
        if *self { "YES" } else { "NO" }.to_owned()
    }
}

impl FactValue for Text {
    fn show(&self) -> String {
        Quoted(self).to_string()
    }
}

impl FactValue for Option<Text> {
    fn show(&self) -> String {
        self.as_ref().map_or_else(|| "(none)".to_owned(), FactValue::show)
    }
}

impl FactValue for Vec<Text> {
    fn show(&self) -> String {
        if self.is_empty() {
            return "(no work accounts)".to_owned();
        }
        let mut out = String::new();
        for (i, upn) in self.iter().enumerate() {
            let _ = write!(out, "{}{}", if i == 0 { "" } else { ", " }, Quoted(upn));
        }
        out
    }
}

macro_rules! show_as_str {
    ($($t:ty),*) => {$(
        impl FactValue for $t {
            fn show(&self) -> String {
                self.as_str().to_owned()
            }
        }
    )*};
}
show_as_str!(
    EntraDomainForm,
    UsernameKind,
    CredentialKind,
    RunMode,
    Os,
    AccountState,
    ErrorCode,
    SecurityLayer,
    Mfa,
    RduMembership,
    UserType,
    Session
);

impl FactValue for SubCode {
    fn show(&self) -> String {
        self.to_string()
    }
}

impl FactValue for PadVersion {
    fn show(&self) -> String {
        self.to_string()
    }
}

impl FactValue for Option<DomainKind> {
    fn show(&self) -> String {
        self.map_or("not a domain of the tenant", DomainKind::as_str).to_owned()
    }
}

impl FactValue for Option<HrdPolicy> {
    fn show(&self) -> String {
        match self {
            None => "(none)".to_owned(),
            Some(p) => format!(
                "AllowCloudPasswordValidation: {} ({})",
                p.allow_cloud_password_validation,
                p.scope.as_str()
            ),
        }
    }
}

/// A fact of any type: its value as an evidence line writes it, and the
/// fact itself behind `Any` for code that knows its type.
pub trait AnyFact: Any {
    /// The value as an evidence line writes it, if known.
    fn shown(&self) -> Option<String>;
}

impl<T: FactValue + 'static> AnyFact for Fact<T> {
    fn shown(&self) -> Option<String> {
        self.value.as_ref().map(FactValue::show)
    }
}

/// One fact: its name, its value if known, and the input line that showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact<T> {
    /// Which fact this is.
    pub id: FactId,
    /// The value, or `None` when nobody knows it.
    pub value: Option<T>,
    /// The 1-based line of the artifact that showed it, if any.
    pub line: Option<u32>,
}

impl<T> Fact<T> {
    /// A fact nobody knows yet.
    pub const fn unknown(id: FactId) -> Fact<T> {
        Fact { id, value: None, line: None }
    }

    /// Records a known value.
    pub fn set(&mut self, value: T) {
        self.value = Some(value);
    }
}

/// Everything the rules may read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Connection username.
    pub username: Fact<Text>,
    /// Username form.
    pub username_kind: Fact<UsernameKind>,
    /// Connection credential.
    pub credential: Fact<CredentialKind>,
    /// Run mode.
    pub run_mode: Fact<RunMode>,
    /// AzureAdJoined.
    pub azure_ad_joined: Fact<bool>,
    /// DomainJoined.
    pub domain_joined: Fact<bool>,
    /// DomainName.
    pub domain_name: Fact<Option<Text>>,
    /// Operating system.
    pub os: Fact<Os>,
    /// Power Automate for desktop.
    pub pad_version: Fact<PadVersion>,
    /// Access work or school.
    pub work_accounts: Fact<Vec<Text>>,
    /// Tenant certificate-based authentication.
    pub certificate_auth: Fact<bool>,
    /// User's domain.
    pub user_domain_kind: Fact<Option<DomainKind>>,
    /// Password hash sync.
    pub password_hash_sync: Fact<bool>,
    /// HRD policy.
    pub hrd_policy: Fact<Option<HrdPolicy>>,
    /// User exists in the tenant.
    pub user_in_tenant: Fact<bool>,
    /// Account state.
    pub account_state: Fact<AccountState>,
    /// Connection password is the account's current one.
    pub password_matches_account: Fact<bool>,
    /// Username domain is the device's domain.
    pub username_domain_matches_device: Fact<bool>,
    /// How an Entra-joined-only device takes the username's domain.
    pub entra_device_domain: Fact<EntraDomainForm>,
    /// A UPN on a domain-only machine is an account's on-premises UPN.
    pub upn_known_to_domain: Fact<bool>,
    /// Derived: Windows signs the account in through the domain.
    pub domain_logon: Fact<bool>,
    /// The device's object in Entra is present and enabled.
    pub device_enabled: Fact<bool>,
    /// Entra holds the connection's password: the account's current one,
    /// unless password hash sync lags a change on premises. Taken to agree
    /// with `password_matches_account` unless known otherwise.
    pub entra_has_password: Fact<bool>,
    /// The machine requires smart card logon.
    pub smart_card_required: Fact<bool>,
    /// Remote Desktop is enabled.
    pub rdp_enabled: Fact<bool>,
    /// Windows refuses the username's form on this machine.
    pub username_form_refused: Fact<bool>,
    /// A Deny log on policy names the Power Automate service account.
    pub uiflowservice_denied: Fact<bool>,
    /// The Power Automate service's account may log on as a service.
    pub service_can_log_on: Fact<bool>,
    /// The machine's own sign-in: the user of its last failed PRT attempt.
    /// Not the connection's username.
    pub prt_user: Fact<Text>,
    /// `dsregcmd /status` ran in the connection's account's session: the
    /// command's executing account is the account the username names.
    pub executing_account_is_connection: Fact<bool>,
    /// The machine's own sign-in: its last PRT attempt's server error. Not
    /// the error the connection showed.
    pub prt_error: Fact<Text>,
    /// The AD FS authority that issued the machine's Enterprise PRT: the
    /// signed-in user's domain is federated through it.
    pub adfs_authority: Fact<Text>,
    /// Another user has a session on the machine.
    pub other_user_session: Fact<bool>,
    /// The server's sessions fill what Remote Desktop allows.
    pub session_limit_reached: Fact<bool>,
    /// Windows' logon process fails until a restart.
    pub winlogon_failing: Fact<bool>,
    /// The machine reaches `config.edge.skype.com`.
    pub rds_config_reachable: Fact<bool>,
    /// A group policy takes UIFlowService out of Remote Desktop Users.
    pub uiflowservice_removed_by_policy: Fact<bool>,
    /// The password is temporary (must change at next sign-in).
    pub must_change_password: Fact<bool>,
    /// The user belongs to the tenant of the connection's environment.
    pub environment_tenant_matches: Fact<bool>,
    /// The machine reaches Entra's sign-in endpoint.
    pub entra_reachable: Fact<bool>,
    /// The Power Automate agent launcher service is running.
    pub launcher_service_running: Fact<bool>,
    /// The connection is of an older kind that unattended runs refuse.
    pub legacy_connection: Fact<bool>,
    /// The machine was cloned after Power Automate was registered on it.
    pub cloned_after_registration: Fact<bool>,
    /// The group password was created on a machine whose clock runs ahead.
    pub group_password_clock_ahead: Fact<bool>,
    /// Account present on the machine.
    pub account_on_machine: Fact<bool>,
    /// Work account synchronized.
    pub work_account_synced: Fact<bool>,
    /// Work account signed in interactively.
    pub work_account_signed_in: Fact<bool>,
    /// Machine holds the current password.
    pub machine_has_current_password: Fact<bool>,
    /// The error a person saw; ranks findings, no rule needs it.
    pub observed_error: Fact<ErrorCode>,
    /// The Windows status shown beside it; rules out causes with another.
    pub observed_sub_code: Fact<SubCode>,
    /// A failed logon says Windows found the account and refused its
    /// password; rules out causes of the same error from before that check.
    pub password_checked: Fact<bool>,
    /// The username names an Entra or domain account, not a local one.
    pub entra_or_domain_account: Fact<bool>,
    /// TenantId.
    pub machine_tenant_id: Fact<Text>,
    /// NLA (UserAuthentication).
    pub rdp_nla: Fact<bool>,
    /// UseRdsAadAuthentication.
    pub entra_rdp_auth: Fact<bool>,
    /// Remote Desktop consent for the Microsoft Remote Desktop app.
    pub rdp_sso_consent: Fact<bool>,
    /// FPromptForPassword.
    pub prompt_for_password: Fact<bool>,
    /// SecurityLayer.
    pub security_layer: Fact<SecurityLayer>,
    /// Third-party credential provider.
    pub credential_provider: Fact<Option<Text>>,
    /// Logon legal notice.
    pub legal_notice: Fact<bool>,
    /// Multifactor authentication.
    pub mfa: Fact<Mfa>,
    /// Remote Desktop Users membership.
    pub remote_desktop_users: Fact<RduMembership>,
    /// Denied a logon right.
    pub logon_denied: Fact<bool>,
    /// The allow right for the run's logon names the account or its groups.
    pub logon_granted: Fact<bool>,
    /// UIFlowService in Remote Desktop Users.
    pub uiflowservice_rdu: Fact<bool>,
    /// The machine is an Azure VM.
    pub azure_vm: Fact<bool>,
    /// The account holds a Virtual Machine login role (on an Azure VM).
    pub azure_vm_login_role: Fact<bool>,
    /// User type.
    pub user_type: Fact<UserType>,
    /// Machine joined to the user's tenant.
    pub machine_tenant_matches: Fact<bool>,
    /// Passwordless account.
    pub passwordless: Fact<bool>,
    /// Domain controller reachable.
    pub dc_reachable: Fact<bool>,
    /// On-premises UPN is the Entra UPN.
    pub on_prem_upn_matches: Fact<bool>,
    /// The account's session, as the run finds it.
    pub session: Fact<Session>,
    /// Tenant in AllowedRegistrationTenants.
    pub tenant_allowlisted: Fact<bool>,
    /// Derived: a certificate, or a password with Entra RDP auth on 2.49+.
    pub rds_aad_auth: Fact<bool>,
    /// Derived: Entra authentication for Remote Desktop in use, and for a
    /// certificate from 2.50.
    pub prompt_answered: Fact<bool>,
    /// Derived: a UPN username on an Entra-joined-only machine.
    pub entra_rdp_path: Fact<bool>,
    /// Derived from the credential: the connection uses connect with sign-in.
    pub sign_in: Fact<bool>,
    /// For a federated user's domain: its identity provider's WS-Trust endpoint answers.
    pub ws_trust: Fact<bool>,
    /// PKU2U online identities allowed.
    pub pku2u: Fact<bool>,
    /// Power Automate asks Entra for a token with the credential.
    pub cloud_check: Fact<bool>,
    /// The Entra account the username means is connected on the machine.
    pub meant_account_connected: Fact<bool>,
    /// `WorkplaceJoined`: the device is Entra registered.
    pub workplace_joined: Fact<bool>,
    /// The connection's password starts or ends with a space.
    pub password_outer_spaces: Fact<bool>,
    /// Every part of what a person saw (the error as pasted, a client's
    /// message): evidence each cause answers, not a fact a rule reads.
    pub observed: Vec<Seen>,
    /// Which collected file gave a fact, by its index among the files read
    /// ([`crate::collected::Collected::files`]); a fact not listed came from
    /// the main input.
    pub origins: Vec<(FactId, usize)>,
}

impl Default for Evidence {
    fn default() -> Evidence {
        Evidence::unknown()
    }
}

impl Evidence {
    /// Evidence with every fact unknown.
    pub const fn unknown() -> Evidence {
        Evidence {
            username: Fact::unknown(FactId::Username),
            username_kind: Fact::unknown(FactId::UsernameKind),
            credential: Fact::unknown(FactId::Credential),
            run_mode: Fact::unknown(FactId::RunMode),
            azure_ad_joined: Fact::unknown(FactId::AzureAdJoined),
            domain_joined: Fact::unknown(FactId::DomainJoined),
            domain_name: Fact::unknown(FactId::DomainName),
            os: Fact::unknown(FactId::Os),
            pad_version: Fact::unknown(FactId::PadVersion),
            work_accounts: Fact::unknown(FactId::WorkAccounts),
            certificate_auth: Fact::unknown(FactId::CertificateAuth),
            user_domain_kind: Fact::unknown(FactId::UserDomainKind),
            password_hash_sync: Fact::unknown(FactId::PasswordHashSync),
            hrd_policy: Fact::unknown(FactId::HrdPolicy),
            user_in_tenant: Fact::unknown(FactId::UserInTenant),
            account_state: Fact::unknown(FactId::AccountState),
            password_matches_account: Fact::unknown(FactId::PasswordMatchesAccount),
            username_domain_matches_device: Fact::unknown(FactId::UsernameDomainMatchesDevice),
            entra_device_domain: Fact::unknown(FactId::EntraDeviceDomain),
            upn_known_to_domain: Fact::unknown(FactId::UpnKnownToDomain),
            domain_logon: Fact::unknown(FactId::DomainLogon),
            device_enabled: Fact::unknown(FactId::DeviceEnabled),
            entra_has_password: Fact::unknown(FactId::EntraHasPassword),
            smart_card_required: Fact::unknown(FactId::SmartCardRequired),
            rdp_enabled: Fact::unknown(FactId::RdpEnabled),
            username_form_refused: Fact::unknown(FactId::UsernameFormRefused),
            uiflowservice_denied: Fact::unknown(FactId::UiFlowServiceDenied),
            service_can_log_on: Fact::unknown(FactId::ServiceCanLogOn),
            prt_user: Fact::unknown(FactId::PrtUser),
            executing_account_is_connection: Fact::unknown(FactId::ExecutingAccountIsConnection),
            prt_error: Fact::unknown(FactId::PrtError),
            adfs_authority: Fact::unknown(FactId::AdfsAuthority),
            other_user_session: Fact::unknown(FactId::OtherUserSession),
            session_limit_reached: Fact::unknown(FactId::SessionLimitReached),
            winlogon_failing: Fact::unknown(FactId::WinlogonFailing),
            rds_config_reachable: Fact::unknown(FactId::RdsConfigReachable),
            uiflowservice_removed_by_policy: Fact::unknown(FactId::UiFlowServiceRemovedByPolicy),
            must_change_password: Fact::unknown(FactId::MustChangePassword),
            environment_tenant_matches: Fact::unknown(FactId::EnvironmentTenantMatches),
            entra_reachable: Fact::unknown(FactId::EntraReachable),
            launcher_service_running: Fact::unknown(FactId::LauncherServiceRunning),
            legacy_connection: Fact::unknown(FactId::LegacyConnection),
            cloned_after_registration: Fact::unknown(FactId::ClonedAfterRegistration),
            group_password_clock_ahead: Fact::unknown(FactId::GroupPasswordClockAhead),
            account_on_machine: Fact::unknown(FactId::AccountOnMachine),
            work_account_synced: Fact::unknown(FactId::WorkAccountSynced),
            work_account_signed_in: Fact::unknown(FactId::WorkAccountSignedIn),
            machine_has_current_password: Fact::unknown(FactId::MachineHasCurrentPassword),
            observed_error: Fact::unknown(FactId::ObservedError),
            observed_sub_code: Fact::unknown(FactId::ObservedSubCode),
            password_checked: Fact::unknown(FactId::PasswordChecked),
            entra_or_domain_account: Fact::unknown(FactId::EntraOrDomainAccount),
            machine_tenant_id: Fact::unknown(FactId::MachineTenantId),
            rdp_nla: Fact::unknown(FactId::RdpNla),
            entra_rdp_auth: Fact::unknown(FactId::EntraRdpAuth),
            rdp_sso_consent: Fact::unknown(FactId::RdpSsoConsent),
            prompt_for_password: Fact::unknown(FactId::PromptForPassword),
            security_layer: Fact::unknown(FactId::SecurityLayer),
            credential_provider: Fact::unknown(FactId::CredentialProvider),
            legal_notice: Fact::unknown(FactId::LegalNotice),
            mfa: Fact::unknown(FactId::Mfa),
            remote_desktop_users: Fact::unknown(FactId::RemoteDesktopUsers),
            logon_denied: Fact::unknown(FactId::LogonDenied),
            logon_granted: Fact::unknown(FactId::LogonGranted),
            uiflowservice_rdu: Fact::unknown(FactId::UiFlowServiceRdu),
            azure_vm: Fact::unknown(FactId::AzureVm),
            azure_vm_login_role: Fact::unknown(FactId::AzureVmLoginRole),
            user_type: Fact::unknown(FactId::UserType),
            machine_tenant_matches: Fact::unknown(FactId::MachineTenantMatches),
            passwordless: Fact::unknown(FactId::Passwordless),
            dc_reachable: Fact::unknown(FactId::DcReachable),
            on_prem_upn_matches: Fact::unknown(FactId::OnPremUpnMatches),
            session: Fact::unknown(FactId::Session),
            tenant_allowlisted: Fact::unknown(FactId::TenantAllowlisted),
            rds_aad_auth: Fact::unknown(FactId::RdsAadAuth),
            prompt_answered: Fact::unknown(FactId::PromptAnswered),
            entra_rdp_path: Fact::unknown(FactId::EntraRdpPath),
            sign_in: Fact::unknown(FactId::SignIn),
            ws_trust: Fact::unknown(FactId::WsTrust),
            pku2u: Fact::unknown(FactId::Pku2u),
            cloud_check: Fact::unknown(FactId::CloudCheck),
            meant_account_connected: Fact::unknown(FactId::MeantAccountConnected),
            workplace_joined: Fact::unknown(FactId::WorkplaceJoined),
            password_outer_spaces: Fact::unknown(FactId::PasswordOuterSpaces),
            observed: Vec::new(),
            origins: Vec::new(),
        }
    }

    /// The fact `id` names, for code that holds a fact's id: its value as
    /// shown, or (as `&dyn Any`) the `&Fact<T>` of its type, to read the
    /// same fact of other evidence (the prior reads a healthy machine's
    /// value this way).
    pub fn get(&self, id: FactId) -> &dyn AnyFact {
        match id {
            FactId::Username => &self.username,
            FactId::UsernameKind => &self.username_kind,
            FactId::Credential => &self.credential,
            FactId::RunMode => &self.run_mode,
            FactId::AzureAdJoined => &self.azure_ad_joined,
            FactId::DomainJoined => &self.domain_joined,
            FactId::DomainName => &self.domain_name,
            FactId::Os => &self.os,
            FactId::PadVersion => &self.pad_version,
            FactId::WorkAccounts => &self.work_accounts,
            FactId::CertificateAuth => &self.certificate_auth,
            FactId::UserDomainKind => &self.user_domain_kind,
            FactId::PasswordHashSync => &self.password_hash_sync,
            FactId::HrdPolicy => &self.hrd_policy,
            FactId::UserInTenant => &self.user_in_tenant,
            FactId::AccountState => &self.account_state,
            FactId::PasswordMatchesAccount => &self.password_matches_account,
            FactId::UsernameDomainMatchesDevice => &self.username_domain_matches_device,
            FactId::EntraDeviceDomain => &self.entra_device_domain,
            FactId::UpnKnownToDomain => &self.upn_known_to_domain,
            FactId::DomainLogon => &self.domain_logon,
            FactId::DeviceEnabled => &self.device_enabled,
            FactId::EntraHasPassword => &self.entra_has_password,
            FactId::SmartCardRequired => &self.smart_card_required,
            FactId::RdpEnabled => &self.rdp_enabled,
            FactId::UsernameFormRefused => &self.username_form_refused,
            FactId::UiFlowServiceDenied => &self.uiflowservice_denied,
            FactId::ServiceCanLogOn => &self.service_can_log_on,
            FactId::PrtUser => &self.prt_user,
            FactId::ExecutingAccountIsConnection => &self.executing_account_is_connection,
            FactId::PrtError => &self.prt_error,
            FactId::AdfsAuthority => &self.adfs_authority,
            FactId::OtherUserSession => &self.other_user_session,
            FactId::SessionLimitReached => &self.session_limit_reached,
            FactId::WinlogonFailing => &self.winlogon_failing,
            FactId::RdsConfigReachable => &self.rds_config_reachable,
            FactId::UiFlowServiceRemovedByPolicy => &self.uiflowservice_removed_by_policy,
            FactId::MustChangePassword => &self.must_change_password,
            FactId::EnvironmentTenantMatches => &self.environment_tenant_matches,
            FactId::EntraReachable => &self.entra_reachable,
            FactId::LauncherServiceRunning => &self.launcher_service_running,
            FactId::LegacyConnection => &self.legacy_connection,
            FactId::ClonedAfterRegistration => &self.cloned_after_registration,
            FactId::GroupPasswordClockAhead => &self.group_password_clock_ahead,
            FactId::AccountOnMachine => &self.account_on_machine,
            FactId::WorkAccountSynced => &self.work_account_synced,
            FactId::WorkAccountSignedIn => &self.work_account_signed_in,
            FactId::MachineHasCurrentPassword => &self.machine_has_current_password,
            FactId::ObservedError => &self.observed_error,
            FactId::ObservedSubCode => &self.observed_sub_code,
            FactId::PasswordChecked => &self.password_checked,
            FactId::EntraOrDomainAccount => &self.entra_or_domain_account,
            FactId::MachineTenantId => &self.machine_tenant_id,
            FactId::RdpNla => &self.rdp_nla,
            FactId::EntraRdpAuth => &self.entra_rdp_auth,
            FactId::RdpSsoConsent => &self.rdp_sso_consent,
            FactId::PromptForPassword => &self.prompt_for_password,
            FactId::SecurityLayer => &self.security_layer,
            FactId::CredentialProvider => &self.credential_provider,
            FactId::LegalNotice => &self.legal_notice,
            FactId::Mfa => &self.mfa,
            FactId::RemoteDesktopUsers => &self.remote_desktop_users,
            FactId::LogonDenied => &self.logon_denied,
            FactId::LogonGranted => &self.logon_granted,
            FactId::UiFlowServiceRdu => &self.uiflowservice_rdu,
            FactId::AzureVm => &self.azure_vm,
            FactId::AzureVmLoginRole => &self.azure_vm_login_role,
            FactId::UserType => &self.user_type,
            FactId::MachineTenantMatches => &self.machine_tenant_matches,
            FactId::Passwordless => &self.passwordless,
            FactId::DcReachable => &self.dc_reachable,
            FactId::OnPremUpnMatches => &self.on_prem_upn_matches,
            FactId::Session => &self.session,
            FactId::TenantAllowlisted => &self.tenant_allowlisted,
            FactId::RdsAadAuth => &self.rds_aad_auth,
            FactId::PromptAnswered => &self.prompt_answered,
            FactId::EntraRdpPath => &self.entra_rdp_path,
            FactId::SignIn => &self.sign_in,
            FactId::WsTrust => &self.ws_trust,
            FactId::Pku2u => &self.pku2u,
            FactId::CloudCheck => &self.cloud_check,
            FactId::MeantAccountConnected => &self.meant_account_connected,
            FactId::WorkplaceJoined => &self.workplace_joined,
            FactId::PasswordOuterSpaces => &self.password_outer_spaces,
        }
    }
}

impl Evidence {
    /// Fills the derived facts from the facts they depend on, where those are
    /// known and the derived one is not.
    pub fn derive(&mut self) {
        if self.sign_in.value.is_none() {
            self.sign_in.value = self.credential.value.map(|c| c == CredentialKind::SignIn);
        }
        if self.rds_aad_auth.value.is_none() {
            let value = match (
                self.credential.value,
                self.rdp_nla.value,
                self.entra_rdp_auth.value,
                self.pad_version.value,
            ) {
                (Some(CredentialKind::Certificate), ..) => Some(true),
                (Some(CredentialKind::SignIn), ..) => Some(false),
                (Some(_), Some(true), _, Some(v)) if v < PadVersion::PASSWORD_WITH_NLA => {
                    Some(false)
                }
                (Some(_), Some(true), _, Some(_)) => self.rds_config_reachable.value,
                (Some(_), Some(false), Some(false), _) => Some(false),
                (Some(_), Some(false), Some(true), Some(v)) => Some(v >= PadVersion::RDS_AAD_AUTH),
                _ => None,
            };
            self.rds_aad_auth.value = value;
        }
        if self.prompt_answered.value.is_none() {
            let value = match (self.rds_aad_auth.value, self.credential.value) {
                (Some(false), _) => Some(false),
                (Some(true), Some(CredentialKind::Certificate)) => {
                    self.pad_version.value.map(|v| v >= PadVersion::CERTIFICATE_PAST_PROMPT)
                }
                (Some(true), Some(_)) => Some(true),
                _ => None,
            };
            self.prompt_answered.value = value;
        }
        if self.entra_rdp_path.value.is_none() {
            let value = match (
                self.username_kind.value,
                self.azure_ad_joined.value,
                self.domain_joined.value,
            ) {
                // `AzureAD\user@domain` names an Entra account too: whether
                // Remote Desktop signs it in that way, the connection's
                // form aside, is not known.
                (Some(UsernameKind::AzureAdPrefix), ..)
                    if self.username.value.as_deref().is_some_and(|u| u.contains('@')) =>
                {
                    None
                }
                (Some(kind), _, _) if kind != UsernameKind::Upn => Some(false),
                (_, Some(false), _) | (_, _, Some(true)) => Some(false),
                (Some(_), Some(true), Some(false)) => Some(true),
                _ => None,
            };
            self.entra_rdp_path.value = value;
        }
        if self.meant_account_connected.value.is_none()
            && self.username_kind.value == Some(UsernameKind::Upn)
        {
            self.meant_account_connected.value = self.account_on_machine.value;
        }
        if self.entra_has_password.value.is_none() {
            // Entra and the directory agree unless a lag is known.
            self.entra_has_password.value = self.password_matches_account.value;
        }
        // An Enterprise PRT from AD FS for a user of the connection's domain
        // says that domain is federated.
        if self.user_domain_kind.value.is_none() {
            let domain = |upn: &str| upn.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
            let same = match (&self.username.value, &self.prt_user.value) {
                (Some(a), Some(b)) => domain(a).is_some() && domain(a) == domain(b),
                _ => false,
            };
            if same && self.adfs_authority.value.is_some() {
                self.user_domain_kind.value = Some(Some(DomainKind::Federated));
                self.user_domain_kind.line = self.adfs_authority.line;
            }
        }
        if self.domain_logon.value.is_none() {
            self.domain_logon.value = match self.username_kind.value {
                Some(UsernameKind::Domain) => Some(true),
                Some(UsernameKind::Upn) => match (
                    self.domain_joined.value,
                    self.azure_ad_joined.value,
                    self.credential.value,
                ) {
                    (_, Some(true), _) | (Some(false), ..) => Some(false),
                    (.., Some(CredentialKind::SignIn)) => Some(false),
                    (.., Some(_)) => self.upn_known_to_domain.value,
                    _ => None,
                },
                Some(_) => Some(false),
                None => None,
            };
        }
        if self.entra_device_domain.value.is_none()
            && self.username_kind.value == Some(UsernameKind::Domain)
            && self.azure_ad_joined.value == Some(true)
            && self.domain_joined.value == Some(false)
            && self.dc_reachable.value == Some(false)
        {
            self.entra_device_domain.value = Some(EntraDomainForm::NoDomain);
        }
        if self.cloud_check.value.is_none() {
            let value = match (self.credential.value, self.run_mode.value) {
                (Some(CredentialKind::Certificate | CredentialKind::SignIn), _) => Some(true),
                (Some(_), Some(RunMode::Attended)) => Some(false),
                (Some(_), _) => match (self.entra_rdp_path.value, self.rds_aad_auth.value) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) if self.run_mode.value.is_some() => Some(true),
                    _ => None,
                },
                (None, _) => None,
            };
            self.cloud_check.value = value;
        }
    }
}

/// Everything a person could find out about `world`, with full knowledge.
pub fn observe(world: &World) -> Evidence {
    let mut ev = Evidence::unknown();
    let (tenant, machine, connection) = (&world.tenant, &world.machine, &world.connection);
    let ds = &machine.device_state;
    let username = world.username();

    // The typed name itself, shared, where nothing is trimmed off it.
    let typed = &connection.username;
    let trimmed = typed.trim();
    ev.username.set(if trimmed.len() == typed.len() { typed.clone() } else { trimmed.into() });
    // Whoever the model has run `dsregcmd` (see `World::executing_account`):
    // an account that is not on the machine never did.
    ev.executing_account_is_connection.set(
        world.executing_account().and_then(|e| e.is(&username, &machine.name)).unwrap_or(false),
    );
    ev.username_kind.set(username.kind);
    ev.entra_or_domain_account.set(username.kind != UsernameKind::Local);
    ev.domain_logon.set(world.domain_logon_as(&username));
    ev.smart_card_required.set(machine.smart_card_required);
    ev.rdp_enabled.set(machine.rdp.enabled);
    if connection.credential != Credential::SignIn {
        // An unjoined machine fails the join first; its form is no fault.
        let joined = ds.azure_ad_joined || ds.domain_joined;
        ev.username_form_refused.set(joined && crate::sim::username_form_refused(world, &username));
    }
    ev.other_user_session.set(machine.other_user_session);
    ev.session_limit_reached.set(machine.session_limit_reached);
    ev.winlogon_failing.set(machine.winlogon_failing);
    ev.rds_config_reachable.set(machine.reaches_rds_config_endpoint);
    ev.entra_reachable.set(machine.reaches_entra);
    ev.launcher_service_running.set(machine.launcher_service_running);
    ev.legacy_connection.set(connection.legacy);
    ev.cloned_after_registration.set(machine.cloned_after_registration);
    ev.group_password_clock_ahead.set(machine.group_password_clock_ahead);
    if ds.azure_ad_joined {
        ev.device_enabled.set(machine.device_enabled);
    }
    ev.credential.set(connection.credential.kind());
    if let Some(password) = connection.credential.password() {
        ev.password_outer_spaces.set(password.has_outer_whitespace());
    }
    ev.run_mode.set(connection.mode);
    ev.environment_tenant_matches.set(
        connection.environment_tenant.as_deref().is_none_or(|t| t.eq_ignore_ascii_case(&tenant.id)),
    );
    ev.azure_ad_joined.set(ds.azure_ad_joined);
    ev.domain_joined.set(ds.domain_joined);
    ev.workplace_joined.set(ds.workplace_joined);
    ev.domain_name.set(ds.domain_name.clone());
    ev.os.set(machine.os);
    ev.pad_version.set(machine.pad_version);
    ev.work_accounts.set(machine.work_accounts.iter().map(|a| a.upn.clone()).collect());
    ev.certificate_auth.set(tenant.certificate_auth);
    ev.password_hash_sync.set(tenant.password_hash_sync);
    ev.hrd_policy.set(tenant.hrd_policy);

    let account = world.named_account_as(&username);
    let password = connection.credential.password();
    match username.kind {
        UsernameKind::Upn => {
            let domain = username.upn_domain().and_then(|d| tenant.domain(d));
            ev.user_domain_kind.set(domain.map(|d| d.kind));
            if let Some(domain) = domain {
                ev.ws_trust.set(domain.kind == DomainKind::Managed || domain.ws_trust);
            }
            ev.user_in_tenant.set(tenant.user(username.account).is_some());
            let work_account = machine.work_account(username.account);
            let known_to_domain = world.upn_known_to_domain_as(&username);
            if ds.domain_joined && !ds.azure_ad_joined {
                ev.upn_known_to_domain.set(known_to_domain);
            }
            if known_to_domain {
                // An on-premises UPN signs in through the domain, like
                // `DOMAIN\user`: the work-account checks do not apply.
                ev.account_on_machine.set(true);
                ev.work_account_synced.set(true);
                ev.work_account_signed_in.set(true);
                ev.machine_has_current_password.set(true);
            } else if connection.credential == Credential::SignIn && !ds.azure_ad_joined {
                // A domain user signing in on a domain-joined machine: the
                // work-account checks do not apply.
                ev.account_on_machine.set(true);
                ev.work_account_synced.set(true);
                ev.work_account_signed_in.set(true);
            } else if let Some(work_account) = work_account {
                ev.account_on_machine.set(true);
                ev.work_account_synced.set(work_account.synced);
                ev.work_account_signed_in.set(work_account.signed_in);
                if let NamedAccount::Entra(user) = account {
                    let cached = work_account.cached_password.as_ref();
                    ev.machine_has_current_password
                        .set(cached.is_none_or(|c| c.matches(&user.password)));
                }
            } else {
                ev.account_on_machine.set(false);
            }
        }
        UsernameKind::Domain => {
            ev.account_on_machine.set(matches!(account, NamedAccount::Domain(_)));
            // On an Entra-joined-only device the Entra account the name means
            // is what a corrected username will use: its work account's state
            // is a cause waiting behind the wrong form.
            if ds.azure_ad_joined && !ds.domain_joined {
                // A name no synchronized user has means no account here.
                ev.meant_account_connected.set(false);
            }
            // The account the name means, where the form is refused and the
            // fix is its UPN; the DNS form signs in through the domain instead.
            let form = world.entra_device_domain_as(&username);
            let refused = form != Some(EntraDomainForm::DnsName);
            if let NamedAccount::Domain(user) = account {
                if ds.azure_ad_joined && !ds.domain_joined && refused {
                    let work_account = machine.work_account(&user.upn);
                    ev.meant_account_connected.set(work_account.is_some());
                    if let Some(work_account) = work_account {
                        ev.work_account_synced.set(work_account.synced);
                        ev.work_account_signed_in.set(work_account.signed_in);
                    }
                }
            }
            ev.username_domain_matches_device.set(world.domain_is_the_devices_as(&username));
            if let Some(form) = form {
                ev.entra_device_domain.set(form);
            }
        }
        UsernameKind::Local => ev.account_on_machine.set(matches!(account, NamedAccount::Local(_))),
        UsernameKind::AzureAdPrefix => {
            // `AzureAD\user@domain` names an Entra account; the same holds as
            // for a domain form above.
            let upn = username.account;
            if ds.azure_ad_joined && !ds.domain_joined {
                ev.meant_account_connected.set(false);
            }
            if ds.azure_ad_joined && !ds.domain_joined && tenant.user(upn).is_some() {
                let work_account = machine.work_account(upn);
                ev.meant_account_connected.set(work_account.is_some());
                if let Some(work_account) = work_account {
                    ev.work_account_synced.set(work_account.synced);
                    ev.work_account_signed_in.set(work_account.signed_in);
                }
            }
        }
    }
    if let NamedAccount::Entra(user) | NamedAccount::Domain(user) = account {
        ev.account_state.set(user.state);
        ev.mfa.set(user.mfa);
        ev.user_type.set(user.user_type);
        ev.passwordless.set(user.passwordless);
        ev.must_change_password.set(user.must_change_password);
        let on_prem = user.on_premises_upn.as_deref();
        ev.on_prem_upn_matches.set(on_prem.is_none_or(|u| u.eq_ignore_ascii_case(&user.upn)));
    }
    ev.rdp_sso_consent.set(tenant.rdp_sso_consent);
    let rdp = &machine.rdp;
    ev.rdp_nla.set(rdp.nla);
    ev.entra_rdp_auth.set(rdp.entra_rdp_auth);
    ev.prompt_for_password.set(rdp.prompt_for_password);
    ev.security_layer.set(rdp.security_layer);
    ev.credential_provider.set(machine.third_party_credential_provider.clone());
    ev.legal_notice.set(machine.legal_notice);
    ev.pku2u.set(machine.pku2u_online_identities);
    let rights = &machine.logon_rights;
    ev.remote_desktop_users.set(rights.remote_desktop_users);
    ev.logon_denied.set(rights.denied);
    ev.logon_granted.set(rights.granted);
    ev.uiflowservice_rdu.set(rights.uiflowservice_in_remote_desktop_users);
    ev.uiflowservice_denied.set(rights.uiflowservice_denied);
    ev.uiflowservice_removed_by_policy.set(rights.uiflowservice_removed_by_policy);
    ev.service_can_log_on.set(machine.service_can_log_on);
    ev.azure_vm.set(machine.azure_vm.is_some());
    if let Some(vm) = machine.azure_vm {
        ev.azure_vm_login_role.set(vm.login_role);
    }
    ev.dc_reachable.set(machine.domain_controller_reachable);
    let machine_tenant =
        ds.tenant_id.clone().or_else(|| ds.azure_ad_joined.then(|| tenant.id.clone()));
    if let Some(id) = machine_tenant {
        ev.machine_tenant_matches.set(id.eq_ignore_ascii_case(&tenant.id));
        ev.machine_tenant_id.set(id);
    }
    ev.session.set(machine.session.unwrap_or(match connection.mode {
        RunMode::Attended => Session::Active,
        RunMode::Unattended => Session::None,
    }));
    ev.tenant_allowlisted.set(
        machine.allowed_registration_tenants.iter().any(|t| t.eq_ignore_ascii_case(&tenant.id)),
    );
    if let (Some(password), Some(current)) = (password, account.password()) {
        ev.password_matches_account.set(password.matches(current));
    }
    if let (Some(password), NamedAccount::Entra(user)) = (password, account) {
        ev.entra_has_password.set(password.matches(user.entra_password()));
    }
    // The product refuses the `AzureAD\` form before any Remote Desktop
    // sign-in: with the world known, the path is not taken.
    if ev.username_kind.value == Some(UsernameKind::AzureAdPrefix) {
        ev.entra_rdp_path.set(false);
    }
    ev.derive();
    ev
}
