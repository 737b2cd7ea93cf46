//! The world space: the modelled dimensions and the worlds they describe,
//! addressable by index, for exhaustive checking and for property tests.
//!
//! A point is one value index per dimension; index 0 of every dimension is
//! the healthy value, so the all-zero point is a healthy Entra-joined world.
//! The space is laid out in layers, because the product of every dimension
//! is far too large to walk:
//!
//! - the *core* layer: every combination of the 10 core dimensions, those
//!   that act across the whole path (join state, username form, credential,
//!   domain type, PHS, HRD policy, account state, work account, version, run
//!   mode);
//! - one layer per *field* dimension, those that matter in one place (OS,
//!   CBA, a stale password, NLA, MFA, logon rights, sessions, ...): each of
//!   its non-healthy values with every combination of the path dimensions
//!   (join, form, credential, run mode, version);
//! - one layer per *pair* of field dimensions: both non-healthy values with
//!   every combination of join, a UPN / domain / local username, and run mode.
//!
//! [`Dims::world`] builds the world a point describes around one user,
//! `alice@contoso.com`, and one machine, `RPA-01`.

use crate::model::*;
use crate::secret::Secret;
use crate::version::PadVersion;

/// One modelled dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dim {
    Join,
    Form,
    Cred,
    Domain,
    Phs,
    Hrd,
    State,
    WorkAccount,
    Pad,
    Mode,
    Os,
    Cba,
    Stale,
    Nla,
    EntraRdpAuth,
    RdpConsent,
    PromptForPassword,
    SecurityLayer,
    CredentialProvider,
    LegalNotice,
    Mfa,
    Rdu,
    LogonDenied,
    UiFlowServiceRdu,
    AzureVm,
    Guest,
    OtherTenant,
    Passwordless,
    DcUnreachable,
    OnPremUpn,
    Session,
    SignIn,
    Allowlisted,
    WsTrust,
}

impl Dim {
    pub const ALL: [Dim; 34] = [
        Dim::Join,
        Dim::Form,
        Dim::Cred,
        Dim::Domain,
        Dim::Phs,
        Dim::Hrd,
        Dim::State,
        Dim::WorkAccount,
        Dim::Pad,
        Dim::Mode,
        Dim::Os,
        Dim::Cba,
        Dim::Stale,
        Dim::Nla,
        Dim::EntraRdpAuth,
        Dim::RdpConsent,
        Dim::PromptForPassword,
        Dim::SecurityLayer,
        Dim::CredentialProvider,
        Dim::LegalNotice,
        Dim::Mfa,
        Dim::Rdu,
        Dim::LogonDenied,
        Dim::UiFlowServiceRdu,
        Dim::AzureVm,
        Dim::Guest,
        Dim::OtherTenant,
        Dim::Passwordless,
        Dim::DcUnreachable,
        Dim::OnPremUpn,
        Dim::Session,
        Dim::SignIn,
        Dim::Allowlisted,
        Dim::WsTrust,
    ];

    /// The core dimensions, walked exhaustively.
    pub const CORE: [Dim; 10] = [
        Dim::Join,
        Dim::Form,
        Dim::Cred,
        Dim::Domain,
        Dim::Phs,
        Dim::Hrd,
        Dim::State,
        Dim::WorkAccount,
        Dim::Pad,
        Dim::Mode,
    ];

    /// The dimensions every field value is crossed with.
    pub const PATH: [Dim; 5] = [Dim::Join, Dim::Form, Dim::Cred, Dim::Mode, Dim::Pad];

    /// What a field dimension is crossed with in its own layer: the path,
    /// plus the dimensions it only acts together with (the federation
    /// settings for WS-Trust; the other Remote Desktop settings for the
    /// always-prompt policy).
    pub fn context(self) -> Vec<Dim> {
        let mut dims = Dim::PATH.to_vec();
        match self {
            Dim::WsTrust => dims.extend([Dim::Domain, Dim::Phs, Dim::Hrd]),
            Dim::PromptForPassword => {
                dims.extend([Dim::SecurityLayer, Dim::Nla, Dim::EntraRdpAuth])
            }
            _ => {}
        }
        dims
    }

    /// How many values the dimension has.
    pub const fn count(self) -> usize {
        match self {
            Dim::Join | Dim::State | Dim::WorkAccount | Dim::Mfa => 4,
            Dim::Form => 8,
            Dim::Hrd | Dim::Session => 5,
            Dim::Cred | Dim::Pad | Dim::SecurityLayer | Dim::Rdu | Dim::AzureVm => 3,
            _ => 2,
        }
    }

    pub const fn is_core(self) -> bool {
        (self as usize) < Dim::CORE.len()
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Dim::Join => "join state",
            Dim::Form => "username form",
            Dim::Cred => "credential",
            Dim::Domain => "domain type",
            Dim::Phs => "password hash sync",
            Dim::Hrd => "HRD policy",
            Dim::Cba => "certificate-based auth",
            Dim::State => "account state",
            Dim::WorkAccount => "work account",
            Dim::Stale => "stale password on the machine",
            Dim::Pad => "Power Automate for desktop",
            Dim::Os => "operating system",
            Dim::Mode => "run mode",
            Dim::Nla => "NLA",
            Dim::EntraRdpAuth => "Entra RDP auth",
            Dim::RdpConsent => "Remote Desktop consent",
            Dim::PromptForPassword => "fPromptForPassword",
            Dim::SecurityLayer => "SecurityLayer",
            Dim::CredentialProvider => "third-party credential provider",
            Dim::LegalNotice => "legal notice",
            Dim::Mfa => "MFA",
            Dim::Rdu => "Remote Desktop Users",
            Dim::LogonDenied => "logon denied",
            Dim::UiFlowServiceRdu => "UIFlowService in Remote Desktop Users",
            Dim::AzureVm => "Azure VM login role",
            Dim::Guest => "guest account",
            Dim::OtherTenant => "machine in another tenant",
            Dim::Passwordless => "passwordless account",
            Dim::DcUnreachable => "domain controller unreachable",
            Dim::OnPremUpn => "on-premises UPN differs",
            Dim::Session => "user session",
            Dim::SignIn => "connect with sign-in",
            Dim::Allowlisted => "tenant allow-listed for sign-in",
            Dim::WsTrust => "AD FS WS-Trust endpoint down",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Join {
    Entra,
    None,
    Hybrid,
    DomainOnly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// `alice@contoso.com`.
    Upn,
    /// A UPN in a tenant domain that no user has.
    UpnUnknownUser,
    /// A UPN in a domain the tenant has not verified.
    UpnOtherDomain,
    /// `CONTOSO\alice`.
    Domain,
    /// `FABRIKAM\alice`.
    DomainWrongPrefix,
    /// `AzureAD\alice@contoso.com`.
    AzureAdPrefix,
    /// `.\rpa`, a local account that exists.
    Local,
    /// `.\Alice Smith`, a local name that does not.
    LocalUnknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cred {
    Current,
    Outdated,
    Certificate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hrd {
    None,
    OrgDefault,
    ServicePrincipal,
    OtherApplication,
    Disallowing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WorkAccountState {
    Ready,
    Absent,
    NotSynced,
    NeverSignedIn,
}

const JOINS: [Join; 4] = [Join::Entra, Join::None, Join::Hybrid, Join::DomainOnly];
const FORMS: [Form; 8] = [
    Form::Upn,
    Form::UpnUnknownUser,
    Form::UpnOtherDomain,
    Form::Domain,
    Form::DomainWrongPrefix,
    Form::AzureAdPrefix,
    Form::Local,
    Form::LocalUnknown,
];
const CREDS: [Cred; 3] = [Cred::Current, Cred::Outdated, Cred::Certificate];
const HRDS: [Hrd; 5] =
    [Hrd::None, Hrd::OrgDefault, Hrd::ServicePrincipal, Hrd::OtherApplication, Hrd::Disallowing];
const STATES: [AccountState; 4] = [
    AccountState::Enabled,
    AccountState::Disabled,
    AccountState::Locked,
    AccountState::PasswordExpired,
];
const WORK_ACCOUNTS: [WorkAccountState; 4] = [
    WorkAccountState::Ready,
    WorkAccountState::Absent,
    WorkAccountState::NotSynced,
    WorkAccountState::NeverSignedIn,
];
const PADS: [PadVersion; 3] =
    [PadVersion::new(2, 45), PadVersion::new(2, 20), PadVersion::new(2, 49)];
const MFAS: [Mfa; 4] = [Mfa::None, Mfa::ConditionalAccess, Mfa::PerUser, Mfa::SecurityDefaults];
const SECURITY_LAYERS: [SecurityLayer; 3] =
    [SecurityLayer::Negotiate, SecurityLayer::Rdp, SecurityLayer::Tls];
const RDUS: [RduMembership; 3] =
    [RduMembership::Member, RduMembership::ViaEntraGroup, RduMembership::NotMember];
const SESSIONS: [Option<Session>; 5] = [
    None,
    Some(Session::None),
    Some(Session::Active),
    Some(Session::Locked),
    Some(Session::Disconnected),
];

/// One point of the space: a value index per dimension, in [`Dim::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dims([u8; 34]);

impl Dims {
    /// The healthy world: every dimension at its first value.
    pub const HEALTHY: Dims = Dims([0; 34]);

    pub fn get(&self, dim: Dim) -> usize {
        usize::from(self.0[dim as usize])
    }

    /// This point with `dim` at value `index` (taken modulo its count).
    pub fn with(mut self, dim: Dim, index: usize) -> Dims {
        self.0[dim as usize] = (index % dim.count()) as u8;
        self
    }

    /// How many dimensions differ from `other`.
    pub fn distance(&self, other: &Dims) -> usize {
        self.0.iter().zip(other.0.iter()).filter(|(a, b)| a != b).count()
    }

    pub fn join(&self) -> Join {
        JOINS[self.get(Dim::Join)]
    }
    pub fn form(&self) -> Form {
        FORMS[self.get(Dim::Form)]
    }
    pub fn cred(&self) -> Cred {
        CREDS[self.get(Dim::Cred)]
    }
    pub fn state(&self) -> AccountState {
        STATES[self.get(Dim::State)]
    }
    pub fn work_account(&self) -> WorkAccountState {
        WORK_ACCOUNTS[self.get(Dim::WorkAccount)]
    }
    fn flag(&self, dim: Dim) -> bool {
        self.get(dim) == 1
    }

    /// The point at `index` (below [`size`]).
    pub fn at(index: usize) -> Dims {
        let mut rest = index;
        for layer in layers() {
            let size = layer.size();
            if rest < size {
                return layer.point(rest);
            }
            rest -= size;
        }
        panic!("index {index} is outside the space of {} points", size())
    }

    /// The world these dimensions describe, with the given passwords.
    pub fn world(&self, passwords: &Passwords) -> World {
        let (current, outdated) = (&passwords.current, &passwords.outdated);
        let (azure_ad_joined, domain_joined) = match self.join() {
            Join::None => (false, false),
            Join::Entra => (true, false),
            Join::Hybrid => (true, true),
            Join::DomainOnly => (false, true),
        };
        let work_accounts = match self.work_account() {
            WorkAccountState::Absent => vec![],
            state => vec![WorkAccount {
                upn: "alice@contoso.com".into(),
                synced: state != WorkAccountState::NotSynced,
                signed_in: state != WorkAccountState::NeverSignedIn,
                cached_password: self.flag(Dim::Stale).then(|| outdated.clone()),
            }],
        };
        let username = match self.form() {
            Form::Upn => "alice@contoso.com",
            Form::UpnUnknownUser => "alice.smith@contoso.com",
            Form::UpnOtherDomain => "alice@fabrikam.com",
            Form::Domain => "CONTOSO\\alice",
            Form::DomainWrongPrefix => "FABRIKAM\\alice",
            Form::AzureAdPrefix => "AzureAD\\alice@contoso.com",
            Form::Local => ".\\rpa",
            Form::LocalUnknown => ".\\Alice Smith",
        };
        let local = matches!(self.form(), Form::Local | Form::LocalUnknown);
        // Connect with sign-in is an attended way to use an Entra account by UPN.
        let upn = matches!(self.form(), Form::Upn | Form::UpnUnknownUser | Form::UpnOtherDomain);
        let sign_in = self.flag(Dim::SignIn) && upn;
        let mode = if sign_in || self.get(Dim::Mode) == 0 {
            RunMode::Attended
        } else {
            RunMode::Unattended
        };
        let credential = match (self.cred(), local) {
            _ if sign_in => Credential::SignIn,
            (Cred::Certificate, _) => Credential::Certificate { name: "rpa-cert".into() },
            (Cred::Current, true) => Credential::Password(passwords.local.clone()),
            (Cred::Current, false) => Credential::Password(current.clone()),
            (Cred::Outdated, _) => Credential::Password(outdated.clone()),
        };
        let hrd_policy = match HRDS[self.get(Dim::Hrd)] {
            Hrd::None => None,
            Hrd::OrgDefault => Some((true, HrdScope::OrganizationDefault)),
            Hrd::ServicePrincipal => Some((true, HrdScope::ServicePrincipal)),
            Hrd::OtherApplication => Some((true, HrdScope::OtherApplication)),
            Hrd::Disallowing => Some((false, HrdScope::OrganizationDefault)),
        }
        .map(|(allow_cloud_password_validation, scope)| HrdPolicy {
            allow_cloud_password_validation,
            scope,
        });
        let tenant_id = "6b3a9c2e-0f1d-4e8a-9b7c-2d5e8f1a3c4b";
        let guest = self.flag(Dim::Guest);
        World {
            tenant: Tenant {
                id: tenant_id.into(),
                name: "Contoso".into(),
                domains: vec![
                    Domain {
                        name: "contoso.com".into(),
                        kind: if self.flag(Dim::Domain) {
                            DomainKind::Federated
                        } else {
                            DomainKind::Managed
                        },
                        ws_trust: !self.flag(Dim::WsTrust),
                    },
                    Domain {
                        name: "contoso.onmicrosoft.com".into(),
                        kind: DomainKind::Managed,
                        ws_trust: true,
                    },
                ],
                password_hash_sync: self.flag(Dim::Phs),
                hrd_policy,
                certificate_auth: self.flag(Dim::Cba),
                rdp_sso_consent: self.flag(Dim::RdpConsent),
                users: vec![User {
                    upn: "alice@contoso.com".into(),
                    password: current.clone(),
                    on_premises_name: Some("CONTOSO\\alice".into()),
                    state: self.state(),
                    user_type: if guest { UserType::Guest } else { UserType::Member },
                    mfa: MFAS[self.get(Dim::Mfa)],
                    passwordless: self.flag(Dim::Passwordless),
                    on_premises_upn: self
                        .flag(Dim::OnPremUpn)
                        .then(|| "alice@corp.contoso.local".into()),
                }],
            },
            machine: Machine {
                name: "RPA-01".into(),
                os: if self.flag(Dim::Os) { Os::WindowsServer2016 } else { Os::Windows11 },
                pad_version: PADS[self.get(Dim::Pad)],
                device_state: DeviceState {
                    azure_ad_joined,
                    domain_joined,
                    domain_name: domain_joined.then(|| "CONTOSO".into()),
                    enterprise_joined: false,
                    tenant_id: (azure_ad_joined && self.flag(Dim::OtherTenant))
                        .then(|| "99999999-8888-4777-8666-555555555555".into()),
                },
                work_accounts,
                local_accounts: vec![LocalAccount {
                    name: "rpa".into(),
                    password: passwords.local.clone(),
                }],
                rdp: Rdp {
                    nla: !self.flag(Dim::Nla),
                    prompt_for_password: self.flag(Dim::PromptForPassword),
                    security_layer: SECURITY_LAYERS[self.get(Dim::SecurityLayer)],
                    entra_rdp_auth: self.flag(Dim::EntraRdpAuth),
                },
                logon_rights: LogonRights {
                    remote_desktop_users: RDUS[self.get(Dim::Rdu)],
                    denied: self.flag(Dim::LogonDenied),
                    uiflowservice_in_remote_desktop_users: !self.flag(Dim::UiFlowServiceRdu),
                },
                third_party_credential_provider: self
                    .flag(Dim::CredentialProvider)
                    .then(|| "{0094A34B-0000-0000-0000-000000000000}".into()),
                legal_notice: self.flag(Dim::LegalNotice),
                azure_vm: match self.get(Dim::AzureVm) {
                    0 => None,
                    1 => Some(AzureVm { login_role: true }),
                    _ => Some(AzureVm { login_role: false }),
                },
                domain_controller_reachable: !self.flag(Dim::DcUnreachable),
                session: SESSIONS[self.get(Dim::Session)],
                allowed_registration_tenants: if self.flag(Dim::Allowlisted) {
                    vec![tenant_id.into()]
                } else {
                    vec![]
                },
            },
            connection: Connection { username: username.into(), credential, mode },
        }
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
    Dim::ALL.into_iter().filter(|d| !d.is_core())
}

/// The layers, built once.
fn layers() -> &'static [Layer] {
    static LAYERS: std::sync::OnceLock<Vec<Layer>> = std::sync::OnceLock::new();
    LAYERS.get_or_init(build_layers)
}

fn build_layers() -> Vec<Layer> {
    let mut out = vec![Layer { dims: Dim::CORE.iter().map(|&d| (d, 0)).collect() }];
    for field in field_dims() {
        let mut dims = vec![(field, 1)];
        dims.extend(field.context().into_iter().map(|d| (d, 0)));
        out.push(Layer { dims });
    }
    let fields: Vec<Dim> = field_dims().collect();
    for (i, &a) in fields.iter().enumerate() {
        for &b in &fields[i + 1..] {
            // Join, a UPN / domain / local username (the first, fourth and
            // seventh forms), and run mode.
            out.push(Layer {
                dims: vec![(a, 1), (b, 1), (Dim::Join, 0), (Dim::Mode, 0), (Dim::Form, 0)],
            });
        }
    }
    out
}

/// The number of points in the space.
pub fn size() -> usize {
    layers().iter().map(Layer::size).sum()
}

/// Every point of the space, in index order, without decoding each index.
pub fn points() -> impl Iterator<Item = Dims> {
    layers().iter().flat_map(|layer| (0..layer.size()).map(move |i| layer.point(i)))
}

/// The three passwords a world from the space uses; they must differ.
#[derive(Clone, Debug)]
pub struct Passwords {
    pub current: Secret,
    pub outdated: Secret,
    pub local: Secret,
}

impl Default for Passwords {
    fn default() -> Passwords {
        Passwords {
            current: Secret::new("Current-Pass-1"),
            outdated: Secret::new("Outdated-Pass-0"),
            local: Secret::new("Local-Pass-9"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_healthy_point_succeeds() {
        let healthy = Dims::HEALTHY.world(&Passwords::default());
        assert_eq!(crate::simulate(&healthy).error(), None);
        assert_eq!(Dims::HEALTHY.distance(&Dims::HEALTHY), 0);
        assert_eq!(Dims::at(0), Dims::HEALTHY);
    }

    #[test]
    fn every_value_of_every_dimension_appears() {
        let mut seen = [[false; 8]; 34];
        for point in points() {
            for dim in Dim::ALL {
                seen[dim as usize][point.get(dim)] = true;
            }
        }
        for dim in Dim::ALL {
            assert!(seen[dim as usize][..dim.count()].iter().all(|s| *s), "{dim:?}");
        }
    }
}
