//! The world space: every combination of the modelled dimensions, addressable
//! by index, for exhaustive checking and for property tests.
//!
//! Each dimension lists the values that change what the sign-in path or the
//! rules can see; [`Dims::world`] builds the world they describe around one
//! user, `alice@contoso.com`, and one machine, `RPA-01`.

use crate::model::*;
use crate::secret::Secret;
use crate::version::PadVersion;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Join {
    None,
    Entra,
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
    Absent,
    Ready,
    NotSynced,
    NeverSignedIn,
}

/// One point of the space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dims {
    pub join: Join,
    pub form: Form,
    pub cred: Cred,
    pub domain: DomainKind,
    pub phs: bool,
    pub hrd: Hrd,
    pub cba: bool,
    pub state: AccountState,
    pub work_account: WorkAccountState,
    pub stale_on_machine: bool,
    pub pad: PadVersion,
    pub os: Os,
    pub mode: RunMode,
}

pub const JOINS: &[Join] = &[Join::None, Join::Entra, Join::Hybrid, Join::DomainOnly];
pub const FORMS: &[Form] = &[
    Form::Upn,
    Form::UpnUnknownUser,
    Form::UpnOtherDomain,
    Form::Domain,
    Form::DomainWrongPrefix,
    Form::AzureAdPrefix,
    Form::Local,
    Form::LocalUnknown,
];
pub const CREDS: &[Cred] = &[Cred::Current, Cred::Outdated, Cred::Certificate];
pub const DOMAINS: &[DomainKind] = &[DomainKind::Managed, DomainKind::Federated];
pub const BOOLS: &[bool] = &[false, true];
pub const HRDS: &[Hrd] =
    &[Hrd::None, Hrd::OrgDefault, Hrd::ServicePrincipal, Hrd::OtherApplication, Hrd::Disallowing];
pub const STATES: &[AccountState] = &[
    AccountState::Enabled,
    AccountState::Disabled,
    AccountState::Locked,
    AccountState::PasswordExpired,
];
pub const WORK_ACCOUNTS: &[WorkAccountState] = &[
    WorkAccountState::Absent,
    WorkAccountState::Ready,
    WorkAccountState::NotSynced,
    WorkAccountState::NeverSignedIn,
];
pub const PADS: &[PadVersion] =
    &[PadVersion::new(2, 20), PadVersion::new(2, 45), PadVersion::new(2, 49)];
pub const OSES: &[Os] = &[Os::Windows11, Os::WindowsServer2016];
pub const MODES: &[RunMode] = &[RunMode::Attended, RunMode::Unattended];

/// The sizes of the dimensions, in [`Dims::at`]'s order.
const SIZES: [usize; 13] = [
    JOINS.len(),
    FORMS.len(),
    CREDS.len(),
    DOMAINS.len(),
    BOOLS.len(),
    HRDS.len(),
    BOOLS.len(),
    STATES.len(),
    WORK_ACCOUNTS.len(),
    BOOLS.len(),
    PADS.len(),
    OSES.len(),
    MODES.len(),
];

/// The number of points in the space.
pub fn size() -> usize {
    SIZES.iter().product()
}

impl Dims {
    /// A healthy Entra-joined world: the baseline counter-examples are measured from.
    pub const HEALTHY: Dims = Dims {
        join: Join::Entra,
        form: Form::Upn,
        cred: Cred::Current,
        domain: DomainKind::Managed,
        phs: false,
        hrd: Hrd::None,
        cba: false,
        state: AccountState::Enabled,
        work_account: WorkAccountState::Ready,
        stale_on_machine: false,
        pad: PadVersion::new(2, 45),
        os: Os::Windows11,
        mode: RunMode::Unattended,
    };

    /// How many dimensions differ from `other`.
    pub fn distance(&self, other: &Dims) -> usize {
        [
            self.join != other.join,
            self.form != other.form,
            self.cred != other.cred,
            self.domain != other.domain,
            self.phs != other.phs,
            self.hrd != other.hrd,
            self.cba != other.cba,
            self.state != other.state,
            self.work_account != other.work_account,
            self.stale_on_machine != other.stale_on_machine,
            self.pad != other.pad,
            self.os != other.os,
            self.mode != other.mode,
        ]
        .into_iter()
        .filter(|differs| *differs)
        .count()
    }

    /// The point at `index` (below [`size`]), in mixed radix.
    pub fn at(mut index: usize) -> Dims {
        let mut digit = [0usize; 13];
        for (d, size) in digit.iter_mut().zip(SIZES) {
            *d = index % size;
            index /= size;
        }
        Dims {
            join: JOINS[digit[0]],
            form: FORMS[digit[1]],
            cred: CREDS[digit[2]],
            domain: DOMAINS[digit[3]],
            phs: BOOLS[digit[4]],
            hrd: HRDS[digit[5]],
            cba: BOOLS[digit[6]],
            state: STATES[digit[7]],
            work_account: WORK_ACCOUNTS[digit[8]],
            stale_on_machine: BOOLS[digit[9]],
            pad: PADS[digit[10]],
            os: OSES[digit[11]],
            mode: MODES[digit[12]],
        }
    }

    /// The world these dimensions describe, with the given passwords: the
    /// account's current one, an outdated one, and the local account's.
    pub fn world(&self, passwords: &Passwords) -> World {
        let (current, outdated) = (&passwords.current, &passwords.outdated);
        let (azure_ad_joined, domain_joined) = match self.join {
            Join::None => (false, false),
            Join::Entra => (true, false),
            Join::Hybrid => (true, true),
            Join::DomainOnly => (false, true),
        };
        let work_accounts = match self.work_account {
            WorkAccountState::Absent => vec![],
            state => vec![WorkAccount {
                upn: "alice@contoso.com".into(),
                synced: state != WorkAccountState::NotSynced,
                signed_in: state != WorkAccountState::NeverSignedIn,
                cached_password: self.stale_on_machine.then(|| outdated.clone()),
            }],
        };
        let username = match self.form {
            Form::Upn => "alice@contoso.com",
            Form::UpnUnknownUser => "alice.smith@contoso.com",
            Form::UpnOtherDomain => "alice@fabrikam.com",
            Form::Domain => "CONTOSO\\alice",
            Form::DomainWrongPrefix => "FABRIKAM\\alice",
            Form::AzureAdPrefix => "AzureAD\\alice@contoso.com",
            Form::Local => ".\\rpa",
            Form::LocalUnknown => ".\\Alice Smith",
        };
        let local_password = &passwords.local;
        let credential = match (self.cred, self.form) {
            (Cred::Certificate, _) => Credential::Certificate { name: "rpa-cert".into() },
            (Cred::Current, Form::Local | Form::LocalUnknown) => {
                Credential::Password(local_password.clone())
            }
            (Cred::Current, _) => Credential::Password(current.clone()),
            (Cred::Outdated, _) => Credential::Password(outdated.clone()),
        };
        let hrd_policy = match self.hrd {
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
        World {
            tenant: Tenant {
                id: "6b3a9c2e-0f1d-4e8a-9b7c-2d5e8f1a3c4b".into(),
                name: "Contoso".into(),
                domains: vec![
                    Domain { name: "contoso.com".into(), kind: self.domain },
                    Domain { name: "contoso.onmicrosoft.com".into(), kind: DomainKind::Managed },
                ],
                password_hash_sync: self.phs,
                hrd_policy,
                certificate_auth: self.cba,
                users: vec![User {
                    upn: "alice@contoso.com".into(),
                    password: current.clone(),
                    on_premises_name: Some("CONTOSO\\alice".into()),
                    state: self.state,
                }],
            },
            machine: Machine {
                name: "RPA-01".into(),
                os: self.os,
                pad_version: self.pad,
                device_state: DeviceState {
                    azure_ad_joined,
                    domain_joined,
                    domain_name: domain_joined.then(|| "CONTOSO".into()),
                    enterprise_joined: false,
                },
                work_accounts,
                local_accounts: vec![LocalAccount {
                    name: "rpa".into(),
                    password: local_password.clone(),
                }],
            },
            connection: Connection { username: username.into(), credential, mode: self.mode },
        }
    }
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
    fn every_index_gives_a_possible_world() {
        let passwords = Passwords::default();
        // A stride through the space touches every digit of every dimension.
        for index in (0..size()).step_by(7919) {
            let world = Dims::at(index).world(&passwords);
            assert!(world.impossibilities().is_empty(), "{index}: {:?}", world.impossibilities());
        }
        assert!(size() > 100_000);
        assert_eq!(Dims::HEALTHY.distance(&Dims::HEALTHY), 0);
        let healthy = Dims::HEALTHY.world(&passwords);
        assert_eq!(crate::simulate(&healthy).error(), None);
    }
}
