//! Evidence: what a person can observe about a world, fact by fact, where any
//! fact may be unknown.
//!
//! Rules read evidence, never the world, so the same rules serve a simulated
//! world (every fact known, via [`observe`]) and a real machine's artifacts
//! (only what the artifacts say). A fact that does not apply (a work account's
//! sync state when there is no work account) is left unknown; the rules gate
//! on the fact that makes it apply.

use std::fmt::Write as _;

use crate::model::CredentialKind;
use crate::model::{AccountState, DomainKind, HrdPolicy, NamedAccount, Os, RunMode, World};
use crate::payload::ErrorCode;
use crate::username::UsernameKind;
use crate::version::PadVersion;

/// Names a fact: how to show it, and how a person would find it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactId {
    Username,
    UsernameKind,
    Credential,
    RunMode,
    AzureAdJoined,
    DomainJoined,
    DomainName,
    Os,
    PadVersion,
    WorkAccounts,
    CertificateAuth,
    UserDomainKind,
    PasswordHashSync,
    HrdPolicy,
    UserInTenant,
    AccountState,
    PasswordMatchesAccount,
    UsernameDomainMatchesDevice,
    AccountOnMachine,
    WorkAccountSynced,
    WorkAccountSignedIn,
    MachineHasCurrentPassword,
    ObservedError,
    EntraOrDomainAccount,
    MachineTenantId,
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
            FactId::AccountOnMachine => "account present on the machine",
            FactId::WorkAccountSynced => "work account synchronized",
            FactId::WorkAccountSignedIn => "work account signed in interactively",
            FactId::MachineHasCurrentPassword => "machine holds the current password",
            FactId::ObservedError => "observed error",
            FactId::EntraOrDomainAccount => "connection uses an Entra or domain account",
            FactId::MachineTenantId => "TenantId",
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
            FactId::MachineTenantId => {
                "run `dsregcmd /status` on the machine and read `TenantId` under Tenant Details"
            }
            FactId::UsernameDomainMatchesDevice => {
                "compare the connection's domain with `DomainName` in `dsregcmd /status`"
            }
        }
    }
}

/// How a fact's value reads in an evidence line.
pub trait FactValue {
    fn show(&self) -> String;
}

impl FactValue for bool {
    fn show(&self) -> String {
        if *self { "YES" } else { "NO" }.to_owned()
    }
}

impl FactValue for String {
    fn show(&self) -> String {
        format!("`{self}`")
    }
}

impl FactValue for Option<String> {
    fn show(&self) -> String {
        self.as_ref().map_or_else(|| "(none)".to_owned(), FactValue::show)
    }
}

impl FactValue for Vec<String> {
    fn show(&self) -> String {
        if self.is_empty() {
            return "(no work accounts)".to_owned();
        }
        let mut out = String::new();
        for (i, upn) in self.iter().enumerate() {
            let _ = write!(out, "{}`{upn}`", if i == 0 { "" } else { ", " });
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
show_as_str!(UsernameKind, CredentialKind, RunMode, Os, AccountState, ErrorCode);

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

/// One fact: its name, its value if known, and the input line that showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact<T> {
    pub id: FactId,
    pub value: Option<T>,
    pub line: Option<u32>,
}

impl<T> Fact<T> {
    pub const fn unknown(id: FactId) -> Fact<T> {
        Fact { id, value: None, line: None }
    }

    pub fn set(&mut self, value: T) {
        self.value = Some(value);
    }
}

/// Everything the rules may read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub username: Fact<String>,
    pub username_kind: Fact<UsernameKind>,
    pub credential: Fact<CredentialKind>,
    pub run_mode: Fact<RunMode>,
    pub azure_ad_joined: Fact<bool>,
    pub domain_joined: Fact<bool>,
    pub domain_name: Fact<Option<String>>,
    pub os: Fact<Os>,
    pub pad_version: Fact<PadVersion>,
    pub work_accounts: Fact<Vec<String>>,
    pub certificate_auth: Fact<bool>,
    pub user_domain_kind: Fact<Option<DomainKind>>,
    pub password_hash_sync: Fact<bool>,
    pub hrd_policy: Fact<Option<HrdPolicy>>,
    pub user_in_tenant: Fact<bool>,
    pub account_state: Fact<AccountState>,
    pub password_matches_account: Fact<bool>,
    pub username_domain_matches_device: Fact<bool>,
    pub account_on_machine: Fact<bool>,
    pub work_account_synced: Fact<bool>,
    pub work_account_signed_in: Fact<bool>,
    pub machine_has_current_password: Fact<bool>,
    /// The error a person saw; ranks findings, no rule needs it.
    pub observed_error: Fact<ErrorCode>,
    /// The username names an Entra or domain account, not a local one.
    pub entra_or_domain_account: Fact<bool>,
    pub machine_tenant_id: Fact<String>,
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
            account_on_machine: Fact::unknown(FactId::AccountOnMachine),
            work_account_synced: Fact::unknown(FactId::WorkAccountSynced),
            work_account_signed_in: Fact::unknown(FactId::WorkAccountSignedIn),
            machine_has_current_password: Fact::unknown(FactId::MachineHasCurrentPassword),
            observed_error: Fact::unknown(FactId::ObservedError),
            entra_or_domain_account: Fact::unknown(FactId::EntraOrDomainAccount),
            machine_tenant_id: Fact::unknown(FactId::MachineTenantId),
        }
    }
}

/// Everything a person could find out about `world`, with full knowledge.
pub fn observe(world: &World) -> Evidence {
    let mut ev = Evidence::unknown();
    let (tenant, machine, connection) = (&world.tenant, &world.machine, &world.connection);
    let ds = &machine.device_state;
    let username = world.username();

    ev.username.set(connection.username.trim().to_owned());
    ev.username_kind.set(username.kind);
    ev.entra_or_domain_account.set(username.kind != UsernameKind::Local);
    ev.credential.set(connection.credential.kind());
    ev.run_mode.set(connection.mode);
    ev.azure_ad_joined.set(ds.azure_ad_joined);
    ev.domain_joined.set(ds.domain_joined);
    ev.domain_name.set(ds.domain_name.clone());
    ev.os.set(machine.os);
    ev.pad_version.set(machine.pad_version);
    ev.work_accounts.set(machine.work_accounts.iter().map(|a| a.upn.clone()).collect());
    ev.certificate_auth.set(tenant.certificate_auth);
    ev.password_hash_sync.set(tenant.password_hash_sync);
    ev.hrd_policy.set(tenant.hrd_policy);

    let account = world.named_account();
    let password = connection.credential.password();
    match username.kind {
        UsernameKind::Upn => {
            let domain = username.upn_domain().and_then(|d| tenant.domain(d));
            ev.user_domain_kind.set(domain.map(|d| d.kind));
            ev.user_in_tenant.set(matches!(account, NamedAccount::Entra(_)));
            let work_account = machine.work_account(username.account);
            ev.account_on_machine.set(work_account.is_some());
            if let Some(work_account) = work_account {
                ev.work_account_synced.set(work_account.synced);
                ev.work_account_signed_in.set(work_account.signed_in);
                if let NamedAccount::Entra(user) = account {
                    let cached = work_account.cached_password.as_ref();
                    ev.machine_has_current_password
                        .set(cached.is_none_or(|c| c.matches(&user.password)));
                }
            }
        }
        UsernameKind::Domain => {
            ev.account_on_machine.set(matches!(account, NamedAccount::Domain(_)));
            let prefix = username.prefix.unwrap_or_default();
            ev.username_domain_matches_device
                .set(ds.domain_name.as_deref().is_some_and(|d| d.eq_ignore_ascii_case(prefix)));
        }
        UsernameKind::Local => ev.account_on_machine.set(matches!(account, NamedAccount::Local(_))),
        UsernameKind::AzureAdPrefix => {}
    }
    if let NamedAccount::Entra(user) | NamedAccount::Domain(user) = account {
        ev.account_state.set(user.state);
    }
    if let (Some(password), Some(current)) = (password, account.password()) {
        ev.password_matches_account.set(password.matches(current));
    }
    ev
}
