//! Remediation as data: the steps a person follows, each with a Learn link and,
//! where it can be simulated, a typed action on the world.
//!
//! The steps that several rules share are defined once here, in the order the
//! troubleshooting article walks them: check the join state, identify the
//! connected work account, sync it, sign in with it, re-enter the connection's
//! credentials.

use std::fmt;

use crate::model::{
    AccountState, Credential, HrdPolicy, HrdScope, Mfa, NamedAccount, Os, RduMembership, Session,
    User, UserType, WorkAccount, World,
};
use crate::space::{Dim, Passwords};
use crate::text::Text;
use crate::username::UsernameKind;
use crate::version::PadVersion;

/// A change to the world that a remediation step makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Action {
    /// Join the device to Microsoft Entra ID (a domain-joined one becomes hybrid joined).
    JoinEntra,
    /// Connect the connection's Entra account in Access work or school.
    AddWorkAccount,
    /// Info > Sync on the connection's work account.
    SyncWorkAccount,
    /// Sign in interactively once, which also gives Windows the current password.
    SignInInteractively,
    /// Write the username as the account's UPN.
    UseUpnUsername,
    /// Write the username as the account's `DOMAIN\user`.
    UseDomainUsername,
    /// Write the username's domain as the AD domain's DNS name.
    UseDnsDomainUsername,
    /// Put the device's domain in front of the username.
    UseDeviceDomain,
    /// Enter the account's current password in the connection.
    UseCurrentPassword,
    /// Point the connection at the Entra account the machine has connected.
    UseMachineAccount,
    /// Point a connection whose UPN no user has at a user of the tenant.
    UseTenantUser,
    /// Turn on password hash sync in Entra Connect.
    EnablePasswordHashSync,
    /// Assign `{"HomeRealmDiscoveryPolicy":{"AllowCloudPasswordValidation":true}}`
    /// as the organization default.
    AssignHrdPolicy,
    /// Configure Entra certificate-based authentication for the tenant.
    ConfigureCertificateAuth,
    /// Install Power Automate for desktop 2.50 or later (which also has what 2.49 brought).
    UpgradePad,
    /// Move the machine to a Windows Server release that supports certificates.
    UpgradeOs,
    /// Switch the connection to a certificate credential from Azure Key Vault.
    UseCertificateCredential,
    /// Unlock, enable or reset the account so it may sign in again.
    RestoreAccount,
    /// Set `UseRdsAadAuthentication = 1` for Power Automate for desktop.
    EnableEntraRdpAuth,
    /// Enable Entra authentication for Remote Desktop and hide its consent prompt.
    GrantRdpConsent,
    /// Turn Network Level Authentication off.
    DisableNla,
    /// Set `fPromptForPassword = 0`.
    DisablePromptForPassword,
    /// Remove the third-party credential provider.
    RemoveCredentialProvider,
    /// Clear the logon legal notice.
    RemoveLegalNotice,
    /// Exclude the account from the MFA requirement for this sign-in.
    ExemptFromMfa,
    /// Add the account itself to Remote Desktop Users.
    AddToRemoteDesktopUsers,
    /// Take the account out of the Deny log on policies and into the allow ones.
    GrantLogonRights,
    /// Add `NT SERVICE\\UIFlowService` to Remote Desktop Users.
    AddUiFlowServiceToRdu,
    /// Assign Virtual Machine User Login on the VM.
    AssignVmLoginRole,
    /// Use a member account of the tenant instead of a guest.
    UseMemberAccount,
    /// Join the device to the account's tenant.
    RejoinToTenant,
    /// Give the machine line of sight to a domain controller.
    RestoreDcLineOfSight,
    /// Make the on-premises UPN the Entra UPN.
    AlignUpnSuffix,
    /// Sign in on the machine and leave the session unlocked.
    OpenSession,
    /// Sign the account out of the machine.
    SignOutSession,
    /// Add the tenant to `AllowedRegistrationTenants`.
    AllowlistTenant,
    /// Point the connection at the machine's local account.
    UseLocalAccount,
    /// Enable the identity provider's WS-Trust username endpoint.
    EnableWsTrust,
    /// Set a dimension of the space to its healthy value, as its row of
    /// `space::DIMENSIONS` says: the remedy of a simple fact needs no
    /// action of its own.
    Heal(Dim),
}

impl Action {
    /// The action's name, as `fix` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::JoinEntra => "join-entra",
            Action::AddWorkAccount => "add-work-account",
            Action::SyncWorkAccount => "sync-work-account",
            Action::SignInInteractively => "sign-in-interactively",
            Action::UseUpnUsername => "use-upn-username",
            Action::UseDnsDomainUsername => "use-dns-domain-username",
            Action::UseDomainUsername => "use-domain-username",
            Action::UseDeviceDomain => "use-device-domain",
            Action::UseCurrentPassword => "use-current-password",
            Action::UseMachineAccount => "use-machine-account",
            Action::UseTenantUser => "use-tenant-user",
            Action::EnablePasswordHashSync => "enable-password-hash-sync",
            Action::AssignHrdPolicy => "assign-hrd-policy",
            Action::ConfigureCertificateAuth => "configure-certificate-auth",
            Action::UpgradePad => "upgrade-pad",
            Action::UpgradeOs => "upgrade-os",
            Action::UseCertificateCredential => "use-certificate-credential",
            Action::RestoreAccount => "restore-account",
            Action::EnableEntraRdpAuth => "enable-entra-rdp-auth",
            Action::GrantRdpConsent => "grant-rdp-consent",
            Action::DisableNla => "disable-nla",
            Action::DisablePromptForPassword => "disable-prompt-for-password",
            Action::RemoveCredentialProvider => "remove-credential-provider",
            Action::RemoveLegalNotice => "remove-legal-notice",
            Action::ExemptFromMfa => "exempt-from-mfa",
            Action::AddToRemoteDesktopUsers => "add-to-remote-desktop-users",
            Action::GrantLogonRights => "grant-logon-rights",
            Action::AddUiFlowServiceToRdu => "add-uiflowservice-to-rdu",
            Action::AssignVmLoginRole => "assign-vm-login-role",
            Action::UseMemberAccount => "use-member-account",
            Action::RejoinToTenant => "rejoin-to-tenant",
            Action::RestoreDcLineOfSight => "restore-dc-line-of-sight",
            Action::AlignUpnSuffix => "align-upn-suffix",
            Action::OpenSession => "open-session",
            Action::SignOutSession => "sign-out-session",
            Action::AllowlistTenant => "allowlist-tenant",
            Action::UseLocalAccount => "use-local-account",
            Action::EnableWsTrust => "enable-ws-trust",
            Action::Heal(dim) => dim.heal_action(),
        }
    }

    /// Applies the action to `world`. An action that finds nothing to act on
    /// leaves the world as it is.
    pub fn apply(self, world: &mut World) {
        // Only the actions that act on the connection's account look it up.
        let upn = || connection_upn(world);
        match self {
            Action::Heal(dim) => dim.set(world, 0, &Passwords::of(world)),
            Action::JoinEntra => {
                let ds = &mut world.machine.device_state;
                ds.azure_ad_joined = true;
                ds.enterprise_joined = false;
                // Joining replaces a registration.
                ds.workplace_joined = false;
            }
            Action::AddWorkAccount => {
                // Only an account of the tenant can be connected.
                let connectable = |u: &Text| {
                    world.machine.work_account(u).is_none() && world.tenant.user(u).is_some()
                };
                if let Some(upn) = upn().filter(connectable) {
                    world.machine.work_accounts.push(WorkAccount {
                        upn,
                        synced: true,
                        signed_in: true,
                        cached_password: None,
                    });
                }
            }
            Action::SyncWorkAccount => {
                if let Some(account) = work_account_mut(world, upn().as_deref()) {
                    account.synced = true;
                }
            }
            Action::SignInInteractively => {
                if let Some(account) = work_account_mut(world, upn().as_deref()) {
                    account.signed_in = true;
                    account.cached_password = None;
                }
            }
            Action::UseUpnUsername => {
                if let Some(upn) = upn() {
                    world.connection.username = upn;
                }
            }
            Action::UseDomainUsername if world.connection.credential == Credential::SignIn => {}
            Action::UseDomainUsername => {
                let name = upn().and_then(|u| world.tenant.user(&u)?.on_premises_name.clone());
                if let Some(name) = name {
                    world.connection.username = name;
                }
            }
            Action::UseDnsDomainUsername => {
                let username = world.username();
                if let (UsernameKind::Domain, Some(dns)) = (username.kind, &world.tenant.ad_domain)
                {
                    world.connection.username = format!("{dns}\\{}", username.account).into();
                }
            }
            Action::UseDeviceDomain => {
                let username = world.username();
                if let (UsernameKind::Domain, Some(domain)) =
                    (username.kind, &world.machine.device_state.domain_name)
                {
                    world.connection.username = format!("{domain}\\{}", username.account).into();
                }
            }
            Action::UseCurrentPassword => {
                let current = world.named_account().password().cloned();
                if let (Some(current), Credential::Password(password)) =
                    (current, &mut world.connection.credential)
                {
                    *password = current;
                }
            }
            Action::UseTenantUser => {
                let named = world.username().kind == UsernameKind::Upn
                    && world.tenant.user(world.username().account).is_some();
                let first = world.tenant.users.first().map(|u| (u.upn.clone(), u.password.clone()));
                if let (false, Some((upn, password))) = (named, first) {
                    world.connection.username = upn;
                    if let Credential::Password(p) = &mut world.connection.credential {
                        *p = password;
                    }
                }
            }
            Action::UseMachineAccount => {
                let user = world
                    .machine
                    .work_accounts
                    .iter()
                    .find_map(|a| world.tenant.user(&a.upn))
                    .or(world.tenant.users.first())
                    .map(|u| (u.upn.clone(), u.password.clone()));
                if let Some((upn, password)) = user {
                    world.connection.username = upn;
                    if let Credential::Password(p) = &mut world.connection.credential {
                        *p = password;
                    }
                }
            }
            Action::EnablePasswordHashSync => world.tenant.password_hash_sync = true,
            Action::AssignHrdPolicy => {
                world.tenant.hrd_policy = Some(HrdPolicy {
                    allow_cloud_password_validation: true,
                    scope: HrdScope::OrganizationDefault,
                });
            }
            Action::ConfigureCertificateAuth => world.tenant.certificate_auth = true,
            Action::UpgradePad => {
                let version = &mut world.machine.pad_version;
                *version = (*version).max(PadVersion::PASSWORD_WITH_NLA);
            }
            Action::UpgradeOs => {
                if world.machine.os.is_server_before_2019() {
                    world.machine.os = Os::WindowsServer2022;
                }
            }
            Action::UseCertificateCredential => {
                world.connection.credential =
                    Credential::Certificate { name: "desktop-flow-certificate".into() };
            }
            Action::RestoreAccount => {
                if let Some(user) = named_user_mut(world) {
                    user.state = AccountState::Enabled;
                }
            }
            Action::EnableEntraRdpAuth => world.machine.rdp.entra_rdp_auth = true,
            Action::GrantRdpConsent => world.tenant.rdp_sso_consent = true,
            Action::DisableNla => world.machine.rdp.nla = false,
            Action::DisablePromptForPassword => world.machine.rdp.prompt_for_password = false,
            Action::RemoveCredentialProvider => {
                world.machine.third_party_credential_provider = None
            }
            Action::RemoveLegalNotice => world.machine.legal_notice = false,
            Action::ExemptFromMfa => {
                if let Some(user) = named_user_mut(world) {
                    user.mfa = Mfa::None;
                }
            }
            Action::AddToRemoteDesktopUsers => {
                world.machine.logon_rights.remote_desktop_users = RduMembership::Member;
            }
            Action::GrantLogonRights => {
                world.machine.logon_rights.denied = false;
                world.machine.logon_rights.granted = true;
            }
            Action::AddUiFlowServiceToRdu => {
                world.machine.logon_rights.uiflowservice_in_remote_desktop_users = true;
            }
            Action::AssignVmLoginRole => {
                if let Some(vm) = &mut world.machine.azure_vm {
                    vm.login_role = true;
                }
            }
            Action::UseMemberAccount => {
                if let Some(user) = named_user_mut(world) {
                    user.user_type = UserType::Member;
                }
            }
            Action::RejoinToTenant => world.machine.device_state.tenant_id = None,
            Action::RestoreDcLineOfSight => world.machine.domain_controller_reachable = true,
            Action::AlignUpnSuffix => {
                if let Some(user) = named_user_mut(world) {
                    user.on_premises_upn = None;
                }
            }
            Action::OpenSession => world.machine.session = Some(Session::Active),
            Action::SignOutSession => world.machine.session = Some(Session::None),
            Action::AllowlistTenant => {
                let id = world.tenant.id.clone();
                world.machine.allowed_registration_tenants.push(id);
            }
            Action::EnableWsTrust => {
                for domain in &mut world.tenant.domains {
                    domain.ws_trust = true;
                }
            }
            Action::UseLocalAccount => {
                let local = world
                    .machine
                    .local_accounts
                    .first()
                    .map(|a| (a.name.clone(), a.password.clone()));
                if let Some((name, password)) = local {
                    world.connection.username = format!(".\\{name}").into();
                    world.connection.credential = Credential::Password(password);
                }
            }
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The UPN of the Entra account the connection means, whatever form it is typed in.
fn connection_upn(world: &World) -> Option<Text> {
    let username = world.username();
    match (username.kind, world.named_account_as(&username)) {
        (_, NamedAccount::Entra(user) | NamedAccount::Domain(user)) => Some(user.upn.clone()),
        // The typed name itself, shared, where nothing was trimmed off it.
        (UsernameKind::Upn, _) if username.account == world.connection.username.as_str() => {
            Some(world.connection.username.clone())
        }
        (UsernameKind::Upn, _) => Some(username.account.into()),
        (UsernameKind::AzureAdPrefix, _) if username.account.contains('@') => {
            Some(username.account.into())
        }
        _ => world
            .machine
            .work_accounts
            .first()
            .map(|a| a.upn.clone())
            .or_else(|| world.tenant.users.first().map(|u| u.upn.clone())),
    }
}

/// The tenant user the connection names (by UPN or on-premises name).
fn named_user_mut(world: &mut World) -> Option<&mut User> {
    let upn = match world.named_account() {
        NamedAccount::Entra(user) | NamedAccount::Domain(user) => user.upn.clone(),
        NamedAccount::Local(_) | NamedAccount::Unknown => return None,
    };
    world.tenant.users.iter_mut().find(|u| u.upn.eq_ignore_ascii_case(&upn))
}

fn work_account_mut<'w>(world: &'w mut World, upn: Option<&str>) -> Option<&'w mut WorkAccount> {
    let upn = upn?;
    world.machine.work_accounts.iter_mut().find(|a| a.upn.eq_ignore_ascii_case(upn))
}

/// One thing to do, in our words, with where to read more.
#[derive(Debug)]
pub struct Step {
    /// What the person does, in our words.
    pub text: &'static str,
    /// The page that documents it.
    pub link: Option<&'static str>,
    /// `None`: a check or a step the simulation cannot take.
    pub action: Option<Action>,
    /// Who takes the step.
    pub who: Who,
}

/// Who takes a remedy step: the three readers of a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// The person at the machine, who owns the connection: edits it, signs
    /// in, changes their password.
    User,
    /// An administrator of the tenant, the domain or the machine: joins,
    /// policies, group memberships, tenant settings.
    Admin,
    /// The support engineer: checks and investigations that tell causes apart.
    Support,
}

impl Who {
    /// Every audience, in the order views list them.
    pub const ALL: [Who; 3] = [Who::User, Who::Admin, Who::Support];

    /// `user`, `admin` or `support`, as `--audience` names it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Who::User => "user",
            Who::Admin => "admin",
            Who::Support => "support",
        }
    }

    /// The reader, as a step's prefix names them.
    pub const fn title(self) -> &'static str {
        match self {
            Who::User => "Person at the machine",
            Who::Admin => "Administrator",
            Who::Support => "Support engineer",
        }
    }

    /// The reader, in words.
    pub const fn label(self) -> &'static str {
        match self {
            Who::User => "the person at the machine",
            Who::Admin => "an administrator",
            Who::Support => "the support engineer",
        }
    }
}

/// One way out; a rule with several lists them in the order to prefer them.
#[derive(Debug)]
pub struct Remedy {
    /// What this way out does, in a few words.
    pub title: &'static str,
    /// The steps, in order.
    pub steps: &'static [Step],
}

impl Remedy {
    /// The simulated actions of the steps, in order.
    pub fn actions(&self) -> impl Iterator<Item = Action> + '_ {
        self.steps.iter().filter_map(|s| s.action)
    }
}

/// Steps several rules share, in the article's order.
pub mod steps {
    use super::{Action, Remedy, Step, Who};
    use crate::source::links;

    /// Read the Device State section of `dsregcmd /status`.
    pub const CHECK_DEVICE_STATE: Step = Step {
        text: "On the machine, run `dsregcmd /status` in a command prompt and read the Device State section: `AzureAdJoined` or `DomainJoined` must say `YES`.",
        link: Some(links::DSREGCMD),
        action: None,
        who: Who::Support,
    };
    /// Find the work account the machine has connected.
    pub const IDENTIFY_WORK_ACCOUNT: Step = Step {
        text: "Open Settings > Accounts > Access work or school and find the account shown as connected to your organization's Microsoft Entra ID: that is the account the connection can use.",
        link: Some(links::ARTICLE),
        action: None,
        who: Who::User,
    };
    /// Sync that work account (Info > Sync).
    pub const SYNC_WORK_ACCOUNT: Step = Step {
        text: "Select that account, choose Info, then Sync at the bottom of the page, and wait for the sync to finish.",
        link: Some(links::ARTICLE),
        action: Some(Action::SyncWorkAccount),
        who: Who::User,
    };
    /// Sign in to the machine with it once.
    pub const SIGN_IN_INTERACTIVELY: Step = Step {
        text: "Sign in to the machine interactively with that account and its current password; the connection can only use an account that can do this.",
        link: Some(links::ARTICLE),
        action: Some(Action::SignInInteractively),
        who: Who::User,
    };
    /// Type the username and current password into the connection again.
    pub const REENTER_CREDENTIALS: Step = Step {
        text: "Edit the desktop-flow connection and type that account's username and current password, exactly as the machine knows them.",
        link: Some(links::CONNECTIONS),
        action: Some(Action::UseCurrentPassword),
        who: Who::User,
    };
    /// Configure Entra certificate-based authentication.
    pub const CONFIGURE_CBA: Step = Step {
        text: "Have a tenant administrator configure Microsoft Entra certificate-based authentication (trusted certification authorities) for the account.",
        link: Some(links::CBA),
        action: Some(Action::ConfigureCertificateAuth),
        who: Who::Admin,
    };
    /// Install Power Automate for desktop 2.49 or later.
    pub const UPGRADE_PAD: Step = Step {
        text: "Install Power Automate for desktop 2.49 or later on the machine.",
        link: Some(links::CBA),
        action: Some(Action::UpgradePad),
        who: Who::Admin,
    };
    /// Join the machine to Microsoft Entra ID for certificates.
    pub const ENTRA_JOIN_FOR_CBA: Step = Step {
        text: "Make sure the machine is Microsoft Entra joined (`AzureAdJoined : YES`); certificate credentials need it.",
        link: Some(links::ENTRA_JOIN),
        action: Some(Action::JoinEntra),
        who: Who::Admin,
    };
    /// Switch the connection to a certificate credential.
    pub const USE_CERTIFICATE: Step = Step {
        text: "Store the account's certificate as a .pfx in Azure Key Vault, create a Power Automate credential for it, and select that credential in the connection.",
        link: Some(links::CBA),
        action: Some(Action::UseCertificateCredential),
        who: Who::User,
    };
    /// Enable Entra authentication for Remote Desktop and hide its consent prompt.
    pub const GRANT_RDP_CONSENT: Step = Step {
        text: "Have a tenant administrator enable Entra authentication for Remote Desktop on the Microsoft Remote Desktop app (`a4a365df-50f1-4397-bc59-1a1564b8bb9c`) and hide its consent prompt for the machine's device group.",
        link: Some(links::UNATTENDED),
        action: Some(Action::GrantRdpConsent),
        who: Who::Admin,
    };
    /// Turning Network Level Authentication off, as a way out of its own.
    pub const DISABLE_NLA_REMEDY: Remedy =
        Remedy { title: "Turn Network Level Authentication off", steps: &[DISABLE_NLA] };
    /// Turn Network Level Authentication off (the AadLogonFailure page's fix).
    pub const DISABLE_NLA: Step = Step {
        text: "In System Properties > Remote, clear the option to allow connections only with Network Level Authentication (or set the policy to Disabled).",
        link: Some(links::AAD_LOGON_FAILURE),
        action: Some(Action::DisableNla),
        who: Who::Admin,
    };
    /// Let password hash sync bring Entra a password changed on premises.
    pub const AWAIT_PASSWORD_HASH_SYNC: Step = Step {
        text: "Wait a few minutes for password hash sync to carry the new password to Entra (it runs every two minutes on its own; its frequency cannot be changed), then run the flow again with the new password.",
        link: Some(links::PHS),
        action: Some(Action::Heal(crate::space::Dim::PHS_LAG)),
        who: Who::User,
    };
    /// Write the connection's username as the account's UPN.
    pub const USE_UPN: Step = Step {
        text: "Edit the connection and write the username as the account's UPN, `user@domain`, the form Power Automate documents for Entra joined and hybrid joined machines.",
        link: Some(links::INVALID_CREDENTIALS),
        action: Some(Action::UseUpnUsername),
        who: Who::User,
    };
    /// Give the machine a domain controller to talk to.
    pub const RESTORE_DC_LINE_OF_SIGHT: Step = Step {
        text: "Give the machine a network path to a domain controller (VPN, site link), then check with `nltest /dsgetdc:DOMAIN`.",
        link: Some(links::SESSION_CREATION),
        action: Some(Action::RestoreDcLineOfSight),
        who: Who::Admin,
    };
    /// Turn on password hash sync.
    pub const ENABLE_PHS: Step = Step {
        text: "Have the administrators of the on-premises directory turn on password hash synchronization in Microsoft Entra Connect, so Entra holds a hash of each password.",
        link: Some(links::PHS),
        action: Some(Action::EnablePasswordHashSync),
        who: Who::Admin,
    };
    /// Assign an HRD policy that allows cloud password validation.
    pub const ASSIGN_HRD_POLICY: Step = Step {
        text: "Create a Home Realm Discovery policy with the definition `{\"HomeRealmDiscoveryPolicy\":{\"AllowCloudPasswordValidation\":true}}` and make it the organization default (or assign it to the service principal that validates the connection), so Entra checks federated users' passwords itself.",
        link: Some(links::HRD),
        action: Some(Action::AssignHrdPolicy),
        who: Who::Admin,
    };
}

/// The two ways out of a federated user's AADSTS50126, certificate first.
pub mod federated {
    use super::{steps, Remedy};

    /// The federated cases' two ways out, preferred first.
    pub const REMEDIES: &[Remedy] = &[
        Remedy {
            title: "Use certificate-based authentication (preferred)",
            steps: &[
                steps::CONFIGURE_CBA,
                steps::UPGRADE_PAD,
                steps::ENTRA_JOIN_FOR_CBA,
                steps::USE_CERTIFICATE,
            ],
        },
        Remedy {
            title: "Let Entra check the password with password hash sync",
            steps: &[steps::ENABLE_PHS, steps::ASSIGN_HRD_POLICY],
        },
    ];
}
