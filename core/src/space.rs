//! The world space: the modelled dimensions, declared once in
//! [`DIMENSIONS`], and the worlds they describe, addressable by index, for
//! exhaustive checking, property tests, one-fact flips and templates.
//!
//! Each dimension is one fact of the world with the values the space gives
//! it (the first is the healthy one), the dimensions it is crossed with, and
//! how to set each value on a world. A point is one value index per
//! dimension; the all-zero point is a healthy Entra-joined world. The space
//! is laid out in layers, because the product of every dimension is far too
//! large to walk:
//!
//! - the *core* layer: every combination of the core dimensions, those that
//!   act across the whole path (join state, username form, credential, ...);
//! - one layer per *field* dimension, those that matter in one place: each
//!   of its non-healthy values with every combination of the path
//!   dimensions ([`PATH`]) and its own context;
//! - one layer per *pair* of field dimensions: both non-healthy values with
//!   every combination of join, username form and run mode.
//!
//! [`Dims::world`] starts from the healthy world around one user,
//! `alice@contoso.com`, and one machine, `RPA-01`, and sets every dimension
//! in table order; a setter may read what earlier ones set (the credential
//! reads the username form). [`Dim::set`] alone changes one fact of any
//! world, which is how `flowcred matrix` flips a scenario.

use crate::model::*;
use crate::secret::Secret;
use crate::text::Text;
use crate::username::UsernameKind;
use crate::version::PadVersion;

/// One modelled dimension, by its place in [`DIMENSIONS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dim(u8);

/// How one dimension is declared.
#[derive(Debug)]
pub struct Dimension {
    /// What the dimension is, as a reader says it.
    pub name: &'static str,
    /// The values' labels; the first is the healthy value.
    pub values: &'static [&'static str],
    /// A core dimension acts along the whole path and is walked exhaustively
    /// with the other core dimensions.
    pub core: bool,
    /// What a field dimension is crossed with in its own layer besides
    /// [`PATH`]: the dimensions it only acts together with.
    pub context: &'static [Dim],
    /// Sets value `index` on a world.
    pub set: fn(&mut World, usize, &Passwords),
    /// The name of the remedy action that sets the healthy value
    /// (`Action::Heal`), such as `enable-pku2u`.
    pub heal: &'static str,
}

/// Declares the dimensions once: the named constants and the table.
macro_rules! dimensions {
    ($( $(#[$doc:meta])* $name:ident = $label:literal, $core:expr, [$($context:ident),*],
        [$($value:literal),+ $(,)?], $set:expr $(, heal $heal:literal)?; )+) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u8)]
        enum Index { $($name),+ }

        impl Dim {
            $(
                $(#[$doc])*
                #[doc = concat!("The dimension \"", $label, "\".")]
                pub const $name: Dim = Dim(Index::$name as u8);
            )+
        }

        /// Every dimension, in the order a world is built.
        pub const DIMENSIONS: &[Dimension] = &[
            $( Dimension {
                name: $label,
                values: &[$($value),+],
                core: $core,
                context: &[$(Dim::$context),*],
                set: $set,
                heal: heal_name(&[$($heal)?], $label),
            } ),+
        ];
    };
}

/// The heal action's name: the one declared, or `heal` for a dimension
/// declared without one.
const fn heal_name(declared: &[&'static str], _label: &'static str) -> &'static str {
    match declared {
        [name] => name,
        _ => "heal",
    }
}

/// The number of dimensions.
pub const COUNT: usize = DIMENSIONS.len();

/// The dimensions every field value is crossed with.
pub const PATH: [Dim; 5] = [Dim::JOIN, Dim::FORM, Dim::CRED, Dim::MODE, Dim::PAD];

/// The tenant id of the space's worlds.
const TENANT_ID: &str = "6b3a9c2e-0f1d-4e8a-9b7c-2d5e8f1a3c4b";

/// A flag dimension's value: 1 is the non-healthy one.
fn on(index: usize) -> bool {
    index == 1
}

/// The connection's account in the tenant: the first user.
fn user(w: &mut World) -> Option<&mut User> {
    w.tenant.users.first_mut()
}

/// The first user's UPN split at `@`, or the space's own.
fn upn_parts(w: &World) -> (&str, &str) {
    let upn = w.tenant.users.first().map_or("alice@contoso.com", |u| u.upn.as_str());
    upn.split_once('@').unwrap_or((upn, "contoso.com"))
}

/// The parts of [`upn_parts`] joined again: the first user's UPN itself
/// where it has an `@` (shared, not copied).
fn space_upn(w: &World) -> Text {
    match w.tenant.users.first() {
        Some(u) if u.upn.contains('@') => u.upn.clone(),
        _ => {
            let (local, domain) = upn_parts(w);
            format!("{local}@{domain}").into()
        }
    }
}

/// The NetBIOS domain of the first synchronized user, or `CONTOSO`.
fn netbios(w: &World) -> Text {
    w.tenant
        .users
        .iter()
        .find_map(|u| u.on_premises_name.as_deref()?.split_once('\\').map(|(d, _)| d.into()))
        .unwrap_or_else(|| "CONTOSO".into())
}

dimensions! {
    /// How the device is joined.
    JOIN = "join state", true, [],
        ["Entra joined", "not joined", "hybrid joined", "domain joined only"],
        |w, i, _| {
            let (entra, domain) = [(true, false), (false, false), (true, true), (false, true)][i];
            let name = domain.then(|| netbios(w));
            let ds = &mut w.machine.device_state;
            ds.azure_ad_joined = entra;
            ds.domain_joined = domain;
            ds.domain_name = name;
            ds.enterprise_joined = false;
            // A joined device is no longer only registered.
            ds.workplace_joined &= !entra && !domain;
        };
    /// The username as typed into the connection.
    FORM = "username form", true, [],
        [
            "UPN", "UPN of no user", "UPN in an unverified domain", "DOMAIN\\user",
            "another DOMAIN\\user", "AzureAD\\UPN", ".\\local account", ".\\unknown name",
            "DNS domain\\user",
        ],
        |w, i, _| {
            let (local, domain) = upn_parts(w);
            let on_premises = w.tenant.users.first().and_then(|u| u.on_premises_name.clone());
            let local_account = w.machine.local_accounts.first().map_or("rpa", |a| a.name.as_str());
            w.connection.username = match i {
                0 => space_upn(w),
                1 => format!("{local}.smith@{domain}").into(),
                2 => format!("{local}@fabrikam.com").into(),
                3 => on_premises.unwrap_or_else(|| format!("CONTOSO\\{local}").into()),
                4 => format!("FABRIKAM\\{local}").into(),
                5 => format!("AzureAD\\{local}@{domain}").into(),
                6 => format!(".\\{local_account}").into(),
                7 => ".\\Alice Smith".into(),
                _ => {
                    let dns = w.tenant.ad_domain.as_deref().unwrap_or("contoso.corp.com");
                    format!("{dns}\\{local}").into()
                }
            };
        };
    /// The connection's credential.
    CRED = "credential", true, [],
        ["current password", "outdated password", "certificate"],
        |w, i, p| {
            let local = w.username().kind == UsernameKind::Local;
            w.connection.credential = match i {
                0 if local => Credential::Password(
                    w.machine.local_accounts.first().map_or(p.local.clone(), |a| a.password.clone()),
                ),
                0 => Credential::Password(
                    w.tenant.users.first().map_or(p.current.clone(), |u| u.password.clone()),
                ),
                1 => Credential::Password(p.outdated.clone()),
                _ => Credential::Certificate { name: "rpa-cert".into() },
            };
        };
    /// The type of the user's domain.
    DOMAIN = "domain type", true, [], ["managed", "federated"],
        |w, i, _| {
            if let Some(d) = w.tenant.domains.first_mut() {
                d.kind = if on(i) { DomainKind::Federated } else { DomainKind::Managed };
            }
        };
    PHS = "password hash sync", true, [], ["off", "on"],
        |w, i, _| w.tenant.password_hash_sync = on(i);
    HRD = "HRD policy", true, [],
        [
            "none", "allowing, organization default", "allowing, service principal",
            "allowing, another application", "disallowing",
        ],
        |w, i, _| {
            w.tenant.hrd_policy = [
                None,
                Some((true, HrdScope::OrganizationDefault)),
                Some((true, HrdScope::ServicePrincipal)),
                Some((true, HrdScope::OtherApplication)),
                Some((false, HrdScope::OrganizationDefault)),
            ][i]
                .map(|(allow_cloud_password_validation, scope)| HrdPolicy {
                    allow_cloud_password_validation,
                    scope,
                });
        };
    STATE = "account state", true, [], ["enabled", "disabled", "locked", "password expired"],
        |w, i, _| {
            let state = [
                AccountState::Enabled,
                AccountState::Disabled,
                AccountState::Locked,
                AccountState::PasswordExpired,
            ][i];
            if let Some(u) = user(w) {
                u.state = state;
            }
        };
    /// The user's account in Access work or school.
    WORK_ACCOUNT = "work account", true, [], ["ready", "absent", "not synced", "never signed in"],
        |w, i, _| {
            let upn = space_upn(w);
            let at = w.machine.work_accounts.iter().position(|a| a.upn.eq_ignore_ascii_case(&upn));
            match (i, at) {
                (1, Some(at)) => {
                    w.machine.work_accounts.remove(at);
                }
                (1, None) => {}
                (_, at) => {
                    let at = at.unwrap_or_else(|| {
                        w.machine.work_accounts.insert(0, WorkAccount {
                            upn,
                            synced: true,
                            signed_in: true,
                            cached_password: None,
                        });
                        0
                    });
                    let account = &mut w.machine.work_accounts[at];
                    account.synced = i != 2;
                    account.signed_in = i != 3;
                }
            }
        };
    PAD = "Power Automate for desktop", true, [], ["2.45", "2.20", "2.49", "2.50"],
        |w, i, _| {
            w.machine.pad_version = [
                PadVersion::new(2, 45),
                PadVersion::new(2, 20),
                PadVersion::RDS_AAD_AUTH,
                PadVersion::PASSWORD_WITH_NLA,
            ][i];
        };
    MODE = "run mode", true, [], ["attended", "unattended"],
        |w, i, _| w.connection.mode = if on(i) { RunMode::Unattended } else { RunMode::Attended };
    OS = "operating system", false, [], ["Windows 11", "Windows Server 2016"],
        |w, i, _| w.machine.os = if on(i) { Os::WindowsServer2016 } else { Os::Windows11 };
    CBA = "certificate-based auth", false, [], ["off", "on"],
        |w, i, _| w.tenant.certificate_auth = on(i);
    /// Windows on the machine still accepts an old password for the work account.
    STALE = "stale password on the machine", false, [], ["no", "yes"],
        |w, i, p| {
            if let Some(a) = w.machine.work_accounts.first_mut() {
                a.cached_password = on(i).then(|| p.outdated.clone());
            }
        };
    /// Entra still holds the password from before the last change on premises.
    PHS_LAG = "password hash sync lag", false, [], ["caught up", "behind"],
        |w, i, p| {
            w.tenant.password_hash_sync |= on(i);
            if let Some(u) = w.tenant.users.first_mut() {
                u.cloud_password = on(i).then(|| p.outdated.clone());
            }
        };
    RDP_ENABLED = "Remote Desktop", false, [], ["enabled", "disabled"],
        |w, i, _| w.machine.rdp.enabled = !on(i);
    OTHER_SESSION = "another user's session", false, [], ["none", "present"],
        |w, i, _| w.machine.other_user_session = on(i);
    NLA = "NLA", false, [], ["on", "off"],
        |w, i, _| w.machine.rdp.nla = !on(i);
    ENTRA_RDP_AUTH = "Entra RDP auth", false, [], ["off", "on"],
        |w, i, _| w.machine.rdp.entra_rdp_auth = on(i);
    RDP_CONSENT = "Remote Desktop consent", false, [], ["not granted", "granted"],
        |w, i, _| w.tenant.rdp_sso_consent = on(i);
    PROMPT_FOR_PASSWORD = "fPromptForPassword", false, [SECURITY_LAYER, NLA, ENTRA_RDP_AUTH],
        ["off", "on"],
        |w, i, _| w.machine.rdp.prompt_for_password = on(i);
    SECURITY_LAYER = "SecurityLayer", false, [], ["negotiate", "RDP", "TLS"],
        |w, i, _| {
            w.machine.rdp.security_layer =
                [SecurityLayer::Negotiate, SecurityLayer::Rdp, SecurityLayer::Tls][i];
        };
    CREDENTIAL_PROVIDER = "third-party credential provider", false, [], ["none", "registered"],
        |w, i, _| {
            w.machine.third_party_credential_provider =
                on(i).then(|| "{0094A34B-0000-0000-0000-000000000000}".into());
        };
    LEGAL_NOTICE = "legal notice", false, [], ["none", "shown"],
        |w, i, _| w.machine.legal_notice = on(i);
    MFA = "MFA", false, [],
        ["not required", "Conditional Access", "per user", "security defaults"],
        |w, i, _| {
            let mfa = [Mfa::None, Mfa::ConditionalAccess, Mfa::PerUser, Mfa::SecurityDefaults][i];
            if let Some(u) = user(w) {
                u.mfa = mfa;
            }
        };
    RDU = "Remote Desktop Users", false, [], ["member", "only through an Entra group", "not a member"],
        |w, i, _| {
            w.machine.logon_rights.remote_desktop_users =
                [RduMembership::Member, RduMembership::ViaEntraGroup, RduMembership::NotMember][i];
        };
    DEVICE_DISABLED = "device object in Entra", false, [], ["enabled", "disabled or deleted"],
        |w, i, _| w.machine.device_enabled = !on(i);
    SERVICE_LOGON = "service account's Log on as a service", false, [], ["held", "missing"],
        |w, i, _| w.machine.service_can_log_on = !on(i);
    SMART_CARD = "smart card logon required", false, [], ["no", "yes"],
        |w, i, _| w.machine.smart_card_required = on(i);
    LOGON_DENIED = "logon denied", false, [], ["no", "yes"],
        |w, i, _| w.machine.logon_rights.denied = on(i);
    LOGON_NOT_GRANTED = "logon right", false, [], ["granted", "not granted"],
        |w, i, _| w.machine.logon_rights.granted = !on(i);
    UIFLOWSERVICE_RDU = "UIFlowService in Remote Desktop Users", false, [], ["yes", "no"],
        |w, i, _| w.machine.logon_rights.uiflowservice_in_remote_desktop_users = !on(i);
    UIFLOWSERVICE_DENIED = "Deny log on naming UIFlowService", false, [], ["no", "yes"],
        |w, i, _| w.machine.logon_rights.uiflowservice_denied = on(i);
    /// The connection's environment belongs to another tenant than the user.
    ENVIRONMENT_TENANT = "environment's tenant", false, [], ["the user's", "another"],
        |w, i, _| {
            w.connection.environment_tenant =
                on(i).then(|| "11111111-2222-4333-8444-555555555555".into());
        }, heal "use-users-environment";
    UIFLOWSERVICE_POLICY = "policy removing UIFlowService", false, [],
        ["none", "present"],
        |w, i, _| w.machine.logon_rights.uiflowservice_removed_by_policy = on(i),
        heal "keep-uiflowservice-in-rdu";
    SESSION_LIMIT = "server session limit", false, [], ["not reached", "reached"],
        |w, i, _| w.machine.session_limit_reached = on(i), heal "sign-out-a-session";
    WINLOGON = "Windows logon process", false, [], ["working", "failing until a restart"],
        |w, i, _| w.machine.winlogon_failing = on(i), heal "restart-machine";
    RDS_CONFIG = "config.edge.skype.com", false, [], ["reachable", "blocked"],
        |w, i, _| w.machine.reaches_rds_config_endpoint = !on(i), heal "allow-config-endpoint";
    TEMPORARY_PASSWORD = "temporary password", false, [], ["no", "yes"],
        |w, i, _| {
            if let Some(u) = user(w) {
                u.must_change_password = on(i);
            }
        }, heal "set-permanent-password";
    ENTRA_REACHABLE = "Entra's sign-in endpoint", false, [], ["reachable", "blocked"],
        |w, i, _| w.machine.reaches_entra = !on(i), heal "allow-entra-endpoint";
    LAUNCHER_SERVICE = "agent launcher service", false, [], ["running", "stopped"],
        |w, i, _| w.machine.launcher_service_running = !on(i), heal "start-launcher-service";
    LEGACY_CONNECTION = "connection kind", false, [], ["current", "older"],
        |w, i, _| w.connection.legacy = on(i), heal "create-new-connection";
    CLONED = "machine cloned after registration", false, [], ["no", "yes"],
        |w, i, _| w.machine.cloned_after_registration = on(i), heal "re-register-machine";
    GROUP_CLOCK = "group password's clock", false, [], ["in step", "ahead of this machine's"],
        |w, i, _| w.machine.group_password_clock_ahead = on(i), heal "sync-clocks";
    AZURE_VM = "Azure VM login role", false, [], ["not an Azure VM", "held", "missing"],
        |w, i, _| {
            w.machine.azure_vm = [None, Some(AzureVm { login_role: true }), Some(AzureVm { login_role: false })][i];
        };
    GUEST = "guest account", false, [], ["member", "guest"],
        |w, i, _| {
            if let Some(u) = user(w) {
                u.user_type = if on(i) { UserType::Guest } else { UserType::Member };
            }
        };
    /// The machine is Entra joined to another tenant (only when Entra joined).
    OTHER_TENANT = "machine in another tenant", false, [], ["no", "yes"],
        |w, i, _| {
            let joined = w.machine.device_state.azure_ad_joined;
            w.machine.device_state.tenant_id =
                (joined && on(i)).then(|| "99999999-8888-4777-8666-555555555555".into());
        };
    PASSWORDLESS = "passwordless account", false, [], ["no", "yes"],
        |w, i, _| {
            if let Some(u) = user(w) {
                u.passwordless = on(i);
            }
        };
    DC_UNREACHABLE = "domain controller unreachable", false, [], ["no", "yes"],
        |w, i, _| w.machine.domain_controller_reachable = !on(i);
    ON_PREM_UPN = "on-premises UPN differs", false, [], ["no", "yes"],
        |w, i, _| {
            if let Some(u) = user(w) {
                u.on_premises_upn = on(i).then(|| "alice@corp.contoso.local".into());
            }
        };
    SESSION = "user session", false, [],
        ["as the run mode needs", "none", "active", "locked", "disconnected"],
        |w, i, _| {
            w.machine.session = [
                None,
                Some(Session::None),
                Some(Session::Active),
                Some(Session::Locked),
                Some(Session::Disconnected),
            ][i];
        };
    /// Connect with sign-in (attended, and only for a UPN).
    SIGN_IN = "connect with sign-in", false, [], ["no", "yes"],
        |w, i, p| {
            if on(i) && w.username().kind == UsernameKind::Upn {
                w.connection.credential = Credential::SignIn;
                w.connection.mode = RunMode::Attended;
            } else if i == 0 && w.connection.credential == Credential::SignIn {
                w.connection.credential = Credential::Password(p.current.clone());
            }
        };
    ALLOWLISTED = "tenant allow-listed for sign-in", false, [], ["no", "yes"],
        |w, i, _| {
            w.machine.allowed_registration_tenants =
                if on(i) { vec![w.tenant.id.clone()] } else { vec![] }.into();
        };
    PKU2U = "PKU2U online identities", false, [], ["allowed", "refused"],
        |w, i, _| w.machine.pku2u_online_identities = !on(i), heal "enable-pku2u";
    /// Entra registered only (`WorkplaceJoined`), on a device joined to nothing.
    REGISTERED = "Entra registered", false, [], ["no", "yes"],
        |w, i, _| {
            let ds = &w.machine.device_state;
            let unjoined = !ds.azure_ad_joined && !ds.domain_joined;
            w.machine.device_state.workplace_joined = on(i) && unjoined;
        }, heal "join-instead-of-register";
    /// The account's password, and the connection's copy of it where it
    /// holds the current one, start and end with a space.
    OUTER_SPACES = "password with outer spaces", false, [], ["no", "yes"],
        |w, i, _| {
            let Some(u) = user(w) else { return };
            let before = u.password.trimmed();
            u.password = if on(i) { before.padded() } else { before.clone() };
            let after = u.password.clone();
            if let Credential::Password(current) = &mut w.connection.credential {
                if current.trimmed().matches(&before) {
                    *current = after;
                }
            }
        }, heal "trim-password";
    WS_TRUST = "AD FS WS-Trust endpoint down", false, [DOMAIN, PHS, HRD], ["no", "yes"],
        |w, i, _| {
            if let Some(d) = w.tenant.domains.first_mut() {
                d.ws_trust = !on(i);
            }
        };
}

impl Dim {
    /// Every dimension, in table order.
    pub fn all() -> impl Iterator<Item = Dim> {
        (0..COUNT).map(|i| Dim(i as u8))
    }

    /// The dimension's declaration.
    pub fn spec(self) -> &'static Dimension {
        &DIMENSIONS[usize::from(self.0)]
    }

    /// How many values the dimension has.
    pub fn count(self) -> usize {
        self.spec().values.len()
    }

    /// What the dimension is, as a reader says it.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The label of value `index`.
    pub fn label(self, index: usize) -> &'static str {
        self.spec().values[index]
    }

    /// Whether the dimension is walked exhaustively with the other core ones.
    pub fn is_core(self) -> bool {
        self.spec().core
    }

    /// What a field dimension is crossed with in its own layer: the path and
    /// its own context.
    pub fn context(self) -> Vec<Dim> {
        let mut dims = PATH.to_vec();
        dims.extend(self.spec().context);
        dims
    }

    /// Sets value `index` of this dimension on `world`, and nothing else.
    pub fn set(self, world: &mut World, index: usize, passwords: &Passwords) {
        (self.spec().set)(world, index, passwords);
    }

    /// The name of the remedy action that sets this dimension's healthy value.
    pub fn heal_action(self) -> &'static str {
        self.spec().heal
    }

    /// The value of this dimension `world` holds, if it holds one of the
    /// space's values: the one whose setting changes nothing.
    pub fn value_of(self, world: &World, passwords: &Passwords) -> Option<usize> {
        (0..self.count()).find(|&index| {
            let mut w = world.clone();
            self.set(&mut w, index, passwords);
            w == *world
        })
    }
}

/// One point of the space: a value index per dimension, in table order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dims([u8; COUNT]);

impl Dims {
    /// The healthy world: every dimension at its first value.
    pub const HEALTHY: Dims = Dims([0; COUNT]);

    /// The value index of `dim` at this point.
    pub fn get(&self, dim: Dim) -> usize {
        usize::from(self.0[usize::from(dim.0)])
    }

    /// This point with `dim` at value `index` (taken modulo its count).
    pub fn with(mut self, dim: Dim, index: usize) -> Dims {
        self.0[usize::from(dim.0)] = (index % dim.count()) as u8;
        self
    }

    /// How many dimensions differ from `other`.
    pub fn distance(&self, other: &Dims) -> usize {
        self.0.iter().zip(other.0.iter()).filter(|(a, b)| a != b).count()
    }

    /// The point at `index` (below [`size`]).
    pub fn at(index: usize) -> Dims {
        // The layer holding `index`: the last whose first index is at most it.
        let starts = starts();
        assert!(index < size(), "index {index} is outside the space of {} points", size());
        let layer = starts.partition_point(|&start| start <= index) - 1;
        layers()[layer].point(index - starts[layer])
    }

    /// The world these dimensions describe, with the given passwords: the
    /// healthy world with every dimension set in table order. (Building
    /// many, [`Builder`] makes the healthy world once.)
    pub fn world(&self, passwords: &Passwords) -> World {
        Builder::new(passwords.clone()).world(self)
    }
}

/// Builds the worlds of many points with one set of passwords: the healthy
/// world is made once and copied for each (a copy shares its strings).
#[derive(Clone, Debug)]
pub struct Builder {
    passwords: Passwords,
    healthy: World,
}

impl Builder {
    /// A builder for worlds with `passwords`.
    pub fn new(passwords: Passwords) -> Builder {
        let healthy = healthy_world(&passwords);
        Builder { passwords, healthy }
    }

    /// The world `dims` describe: the healthy world with every dimension
    /// set in table order.
    pub fn world(&self, dims: &Dims) -> World {
        let mut world = self.healthy.clone();
        for dim in Dim::all() {
            dim.set(&mut world, dims.get(dim), &self.passwords);
        }
        world
    }
}

/// The world every point starts from: one managed tenant with one
/// synchronized user, `alice@contoso.com`, and an Entra joined machine with
/// her work account ready and a local account `rpa`.
fn healthy_world(passwords: &Passwords) -> World {
    World {
        tenant: Tenant {
            id: TENANT_ID.into(),
            name: "Contoso".into(),
            domains: vec![
                Domain { name: "contoso.com".into(), kind: DomainKind::Managed, ws_trust: true },
                Domain {
                    name: "contoso.onmicrosoft.com".into(),
                    kind: DomainKind::Managed,
                    ws_trust: true,
                },
            ]
            .into(),
            password_hash_sync: false,
            hrd_policy: None,
            certificate_auth: false,
            rdp_sso_consent: false,
            users: vec![User {
                upn: "alice@contoso.com".into(),
                password: passwords.current.clone(),
                on_premises_name: Some("CONTOSO\\alice".into()),
                state: AccountState::Enabled,
                user_type: UserType::Member,
                mfa: Mfa::None,
                passwordless: false,
                on_premises_upn: None,
                cloud_password: None,
                must_change_password: false,
            }]
            .into(),
            ad_domain: Some("contoso.corp.com".into()),
        },
        machine: Machine {
            device_state: DeviceState { azure_ad_joined: true, ..DeviceState::default() },
            work_accounts: vec![WorkAccount {
                upn: "alice@contoso.com".into(),
                synced: true,
                signed_in: true,
                cached_password: None,
            }]
            .into(),
            local_accounts: vec![LocalAccount {
                name: "rpa".into(),
                password: passwords.local.clone(),
            }]
            .into(),
            ..Machine::default()
        },
        connection: Connection {
            username: "alice@contoso.com".into(),
            credential: Credential::Password(passwords.current.clone()),
            mode: RunMode::Attended,
            environment_tenant: None,
            legacy: false,
        },
    }
}

/// A product of some dimensions, the others at their healthy value.
#[derive(Clone, Debug)]
struct Layer {
    /// The varied dimensions and, for each, the first value index it takes
    /// (1 for a field dimension: its non-healthy values only).
    dims: Vec<(Dim, usize)>,
}

impl Layer {
    fn size(&self) -> usize {
        self.dims.iter().map(|(d, first)| d.count() - first).product()
    }

    fn point(&self, mut index: usize) -> Dims {
        let mut dims = Dims::HEALTHY;
        for &(dim, first) in &self.dims {
            let radix = dim.count() - first;
            dims = dims.with(dim, first + index % radix);
            index /= radix;
        }
        dims
    }
}

fn field_dims() -> impl Iterator<Item = Dim> {
    Dim::all().filter(|d| !d.is_core())
}

/// The layers, built once.
fn layers() -> &'static [Layer] {
    static LAYERS: std::sync::OnceLock<Vec<Layer>> = std::sync::OnceLock::new();
    LAYERS.get_or_init(build_layers)
}

fn build_layers() -> Vec<Layer> {
    let mut out =
        vec![Layer { dims: Dim::all().filter(|d| d.is_core()).map(|d| (d, 0)).collect() }];
    for field in field_dims() {
        let mut dims = vec![(field, 1)];
        dims.extend(field.context().into_iter().map(|d| (d, 0)));
        out.push(Layer { dims });
    }
    let fields: Vec<Dim> = field_dims().collect();
    for (i, &a) in fields.iter().enumerate() {
        for &b in &fields[i + 1..] {
            out.push(Layer {
                dims: vec![(a, 1), (b, 1), (Dim::JOIN, 0), (Dim::MODE, 0), (Dim::FORM, 0)],
            });
        }
    }
    out
}

/// The number of points in the space.
pub fn size() -> usize {
    static SIZE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SIZE.get_or_init(|| layers().iter().map(Layer::size).sum())
}

/// The index of each layer's first point, built once.
fn starts() -> &'static [usize] {
    static STARTS: std::sync::OnceLock<Vec<usize>> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        layers()
            .iter()
            .scan(0, |next, layer| {
                let start = *next;
                *next += layer.size();
                Some(start)
            })
            .collect()
    })
}

/// Every point of the space, in index order, without decoding each index.
pub fn points() -> impl Iterator<Item = Dims> {
    layers().iter().flat_map(|layer| (0..layer.size()).map(move |i| layer.point(i)))
}

/// `n` points spread over the space without following its layout: the
/// multiples of a step near the golden ratio of the size, taken modulo the
/// size (a Weyl sequence). An even stride would fall in step with the
/// layers' mixed radices and sample some values far more than others.
/// Distinct points, the same on every run; the whole space where `n` is at
/// least its size.
pub fn sample(n: usize) -> impl Iterator<Item = Dims> {
    let total = size();
    // 0.618034 in millionths, in integers so every platform agrees.
    let mut step = (total as u128 * 618_034 / 1_000_000) as usize;
    while gcd(step.max(1), total) != 1 {
        step += 1;
    }
    (0..n.min(total)).map(move |i| Dims::at((i as u128 * step as u128 % total as u128) as usize))
}

fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// How many values each dimension has, in table order.
pub fn value_counts() -> Vec<usize> {
    Dim::all().map(Dim::count).collect()
}

/// The strength-4 covering array of the current table, generated once (it
/// takes seconds) and committed; `flowcred verify --write-covering` writes
/// it again after the table changes.
pub const COMMITTED_STRENGTH: usize = 4;
const COMMITTED: &str = include_str!("../data/covering-strength-4.txt");

/// The rows of a covering array of `strength` over every dimension, in
/// which every combination of values of any `strength` dimensions appears
/// (see [`crate::covering`]): the committed one where it was made for this
/// table, else generated. The flag says which.
pub fn covering_rows(strength: usize) -> (Vec<Vec<u8>>, bool) {
    let counts = value_counts();
    if strength == COMMITTED_STRENGTH {
        if let Some(rows) = crate::covering::from_text(COMMITTED, &counts, strength) {
            return (rows, true);
        }
    }
    (crate::covering::generate(&counts, strength), false)
}

/// A covering array's rows as points.
pub fn covering_points(rows: &[Vec<u8>]) -> Vec<Dims> {
    rows.iter().map(|row| Dims(row.as_slice().try_into().expect("a value per dimension"))).collect()
}

/// The passwords a world from the space uses; they must differ.
#[derive(Clone, Debug)]
pub struct Passwords {
    /// The account's password now.
    pub current: Secret,
    /// A password the account had before.
    pub outdated: Secret,
    /// The local account's password.
    pub local: Secret,
}

impl Passwords {
    /// The passwords of a world the space did not build: its first user's
    /// and its first local account's as current and local, and as outdated
    /// one that no account holds.
    pub fn of(world: &World) -> Passwords {
        Passwords {
            current: world.tenant.users.first().map_or(Secret::new(""), |u| u.password.clone()),
            outdated: Secret::new("\u{0}flowcred-outdated-password"),
            local: world
                .machine
                .local_accounts
                .first()
                .map_or(Secret::new(""), |a| a.password.clone()),
        }
    }

    /// The test passwords every generated world uses: current, outdated,
    /// local and the current one padded with a space at either end (what
    /// [`Dim::OUTER_SPACES`] sets), in that order. Emitted scenarios write
    /// them out (they are fixtures, not anyone's secret).
    pub const NAMES: [&'static str; 4] =
        ["Current-Pass-1", "Outdated-Pass-0", "Local-Pass-9", " Current-Pass-1 "];
}

impl Default for Passwords {
    fn default() -> Passwords {
        let [current, outdated, local, _] = Passwords::NAMES;
        Passwords {
            current: Secret::new(current),
            outdated: Secret::new(outdated),
            local: Secret::new(local),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fourth_name_is_the_current_password_padded() {
        let [current, _, _, spaced] = Passwords::NAMES;
        assert!(Secret::new(current).padded().matches(&Secret::new(spaced)));
    }

    #[test]
    fn every_point_is_a_possible_world() {
        let passwords = Passwords::default();
        // A stride through the space touches every layer and every digit.
        for index in (0..size()).step_by(499) {
            let world = Dims::at(index).world(&passwords);
            assert!(world.impossibilities().is_empty(), "{index}: {:?}", world.impossibilities());
        }
        assert!(size() > 200_000);
        assert_eq!(points().count(), size());
        let middle = size() / 2;
        assert_eq!(points().nth(middle), Some(Dims::at(middle)));
    }

    #[test]
    fn the_committed_covering_array_fits_the_table_and_its_worlds_are_possible() {
        let (rows, committed) = covering_rows(COMMITTED_STRENGTH);
        assert!(
            committed,
            "core/data/covering-strength-4.txt was made for another dimension table: run `cargo run --release -- verify --write-covering core/data/covering-strength-4.txt`"
        );
        // Coverage itself is proved by `flowcred verify` (seconds in a
        // release build); here, a cheap sample of what it proves.
        let counts = value_counts();
        assert_eq!(crate::covering::missing(&counts[..12], 4, &rows, 2), 0);
        let passwords = Passwords::default();
        for dims in covering_points(&rows) {
            let world = dims.world(&passwords);
            assert!(world.impossibilities().is_empty(), "{:?}", world.impossibilities());
        }
    }

    #[test]
    fn the_sample_is_distinct_points_that_reach_every_value() {
        let points: Vec<Dims> = sample(2000).collect();
        assert_eq!(points.len(), 2000);
        let distinct: std::collections::BTreeSet<_> = points.iter().map(|d| d.0).collect();
        assert_eq!(distinct.len(), points.len());
        for dim in Dim::all() {
            let values: std::collections::BTreeSet<_> = points.iter().map(|d| d.get(dim)).collect();
            assert_eq!(values.len(), dim.count(), "{} misses a value", dim.name());
        }
        assert_eq!(sample(usize::MAX).count(), size());
    }

    #[test]
    fn the_healthy_point_succeeds() {
        let healthy = Dims::HEALTHY.world(&Passwords::default());
        assert_eq!(healthy, healthy_world(&Passwords::default()));
        assert_eq!(crate::simulate(&healthy).error(), None);
        assert_eq!(Dims::HEALTHY.distance(&Dims::HEALTHY), 0);
        assert_eq!(Dims::at(0), Dims::HEALTHY);
    }

    #[test]
    fn every_value_of_every_dimension_appears_and_reads_back() {
        let passwords = Passwords::default();
        let widest = Dim::all().map(|d| d.count()).max().unwrap_or(0);
        let mut seen = vec![vec![false; widest]; COUNT];
        for point in points() {
            for dim in Dim::all() {
                seen[usize::from(dim.0)][point.get(dim)] = true;
            }
        }
        for dim in Dim::all() {
            assert!(seen[usize::from(dim.0)][..dim.count()].iter().all(|s| *s), "{}", dim.name());
            // Each value, set alone on the healthy world, reads back as itself.
            for index in 0..dim.count() {
                let world = Dims::HEALTHY.with(dim, index).world(&passwords);
                let read = dim.value_of(&world, &passwords);
                // These act only where the join allows them (an Entra join
                // for another tenant, none for a registration).
                let contextual = dim == Dim::OTHER_TENANT || dim == Dim::REGISTERED;
                assert!(read == Some(index) || contextual, "{} {index}: {read:?}", dim.name());
            }
        }
        assert!(DIMENSIONS.iter().all(|d| (2..=usize::from(u8::MAX)).contains(&d.values.len())));
    }
}
