//! What the ranking assumes before any evidence: how likely each fact is to
//! hold the value a healthy machine shows, and what an observation a cause
//! shows only another way costs it.
//!
//! Unknown facts are not equal. Most machines run the defaults (NLA on,
//! SecurityLayer negotiate, the Power Automate service in Remote Desktop
//! Users), so a cause that needs an unknown fact at its default value loses
//! little, and one that needs a fault loses more. Each weight is data with
//! its source; where no public page gives a prevalence, the weight is
//! modelled and says why. `verify`'s world space is the check that they
//! serve: `bench-diagnosis` scores the ranking on its worlds.

use std::sync::OnceLock;

use crate::evidence::{observe, Evidence, FactId};
use crate::model::RunMode;
use crate::rules::Way;
use crate::source::{links, Source};
use crate::space::{Dims, Passwords};

/// How often a fact holds the value a healthy machine shows.
#[derive(Clone, Copy, Debug)]
pub struct Share {
    /// The fact.
    pub fact: FactId,
    /// The share of machines (or accounts) where it holds its healthy
    /// value, between 0 and 1.
    pub healthy: f64,
    /// Where that comes from.
    pub source: Source,
}

/// A fault few machines have.
const RARE_FAULT: Source = Source::modelled(
    "a fault: most machines and accounts are without it, and no public page says how often it occurs",
);

/// A fault the field reports name among the most frequent.
const COMMON_FAULT: Source = Source::modelled(
    "the public field reports count this family of causes among the most frequent (wrong identity or password, multifactor authentication, Remote Desktop rights), so it is weighed likelier than a rare fault",
);

/// A setting either way is common.
const CHOICE: Source =
    Source::modelled("a setting or situation both ways are common in: neither value is a fault");

/// A setting a person or an administrator opts into.
const OPT_IN: Source = Source::modelled(
    "a setting an administrator opts into: most machines and tenants leave it off",
);

/// The facts with a weight of their own; any other fact's healthy value is
/// taken as [`DEFAULT_SHARE`].
pub static SHARES: &[Share] = &[
    Share {
        fact: FactId::RdpNla,
        healthy: 0.9,
        source: Source::documented(
            links::NLA_POLICY,
            "Windows enforces Network Level Authentication unless a policy turns it off",
        ),
    },
    Share {
        fact: FactId::SecurityLayer,
        healthy: 0.9,
        source: Source::documented(links::SECURITY_LAYER, "negotiate is the setting's default"),
    },
    Share { fact: FactId::PromptForPassword, healthy: 0.9, source: OPT_IN },
    Share { fact: FactId::EntraRdpAuth, healthy: 0.9, source: OPT_IN },
    Share { fact: FactId::RdsAadAuth, healthy: 0.85, source: OPT_IN },
    Share { fact: FactId::CertificateAuth, healthy: 0.8, source: OPT_IN },
    Share { fact: FactId::HrdPolicy, healthy: 0.9, source: OPT_IN },
    Share { fact: FactId::SignIn, healthy: 0.85, source: OPT_IN },
    Share { fact: FactId::LegalNotice, healthy: 0.85, source: OPT_IN },
    Share { fact: FactId::CredentialProvider, healthy: 0.9, source: OPT_IN },
    Share { fact: FactId::PasswordMatchesAccount, healthy: 0.7, source: COMMON_FAULT },
    Share { fact: FactId::AccountOnMachine, healthy: 0.7, source: COMMON_FAULT },
    Share { fact: FactId::MeantAccountConnected, healthy: 0.75, source: COMMON_FAULT },
    Share { fact: FactId::Mfa, healthy: 0.7, source: COMMON_FAULT },
    Share { fact: FactId::RemoteDesktopUsers, healthy: 0.8, source: COMMON_FAULT },
    Share { fact: FactId::WorkAccountSynced, healthy: 0.85, source: COMMON_FAULT },
    Share { fact: FactId::WorkAccountSignedIn, healthy: 0.85, source: COMMON_FAULT },
    Share { fact: FactId::ExecutingAccountIsConnection, healthy: 0.6, source: COMMON_FAULT },
    Share { fact: FactId::MachineHasCurrentPassword, healthy: 0.9, source: COMMON_FAULT },
    Share { fact: FactId::AccountState, healthy: 0.9, source: COMMON_FAULT },
    Share { fact: FactId::UserInTenant, healthy: 0.9, source: COMMON_FAULT },
    Share { fact: FactId::RunMode, healthy: 0.5, source: CHOICE },
    Share {
        fact: FactId::UsernameKind,
        healthy: 0.7,
        source: Source::modelled(
            "flowcred's subject is a run with a Microsoft Entra account, whose documented form is user@domain; domain and local accounts are the rest",
        ),
    },
    Share { fact: FactId::AzureAdJoined, healthy: 0.6, source: CHOICE },
    Share { fact: FactId::DomainJoined, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::DomainName, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::Os, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::PadVersion, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::PasswordHashSync, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::UserDomainKind, healthy: 0.75, source: CHOICE },
    Share { fact: FactId::DomainLogon, healthy: 0.5, source: CHOICE },
    Share {
        fact: FactId::Session,
        healthy: 0.85,
        source: Source::modelled(
            "a machine for unattended runs is left signed out, and an attended run's user is signed in and active: a session in another state is a fault the product names with a code of its own",
        ),
    },
    Share { fact: FactId::TenantAllowlisted, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::RdpSsoConsent, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::PromptAnswered, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::EntraRdpPath, healthy: 0.5, source: CHOICE },
    Share {
        fact: FactId::CloudCheck,
        healthy: 0.5,
        source: Source::modelled(
            "certificate and sign-in connections, and unattended passwords from 2.50 with NLA, ask Entra for a token; older unattended runs and attended passwords do not: common either way",
        ),
    },
    Share { fact: FactId::Credential, healthy: 0.85, source: CHOICE },
    Share { fact: FactId::EntraOrDomainAccount, healthy: 0.7, source: CHOICE },
    Share { fact: FactId::WorkAccounts, healthy: 0.5, source: CHOICE },
    Share { fact: FactId::AzureVm, healthy: 0.6, source: CHOICE },
    Share { fact: FactId::WorkplaceJoined, healthy: 0.9, source: CHOICE },
];

/// The weight of a fact [`SHARES`] does not list: a healthy value is
/// taken as far likelier than a fault.
pub const DEFAULT_SHARE: f64 = 0.95;

/// Where [`DEFAULT_SHARE`] comes from.
pub const DEFAULT_SOURCE: Source = RARE_FAULT;

/// The cost of a condition on an unknown fact whose healthy value is
/// itself unknown (a comparison of two facts, a name): even odds.
const EVEN: f64 = 0.5;

/// How likely a cause is to show what was seen a way other than its own
/// payload, against showing it as its own code ([`OBSERVATION_SOURCE`]):
///
/// - the seed article's other code of the pair: it names both codes for
///   each of its causes and says neither is likelier, so even odds;
/// - the Remote Desktop client's or Windows' words: a person who tries the
///   logon by hand sees them, as likely as not;
/// - another path of the run (the Remote Desktop check, a connection
///   test, Windows' own logon): as common as the path the model follows;
/// - the cause's mark in the Security log: the event is the cause's own
///   trace of the path, likely;
/// - Entra's answer on the token path: the run took a path the cause is
///   less often met on.
pub const fn way_likelihood(way: Way) -> f64 {
    match way {
        Way::SeedPair | Way::Client | Way::OtherPath => 0.5,
        Way::Event => 0.8,
        Way::TokenPath => 0.3,
    }
}

/// How likely a client's message a cause is not known to show is: a
/// person may have pasted it from another attempt.
pub const UNEXPLAINED: f64 = 0.05;

/// Where the two observation weights come from.
pub const OBSERVATION_SOURCE: Source = Source::modelled(
    "no page says how often a cause shows another path's code, a client's words or an event; a way the sources give counts against a cause a little (the less, the closer the way is to the cause's own trace), a message no source ties to it counts against it much, and neither rules it out",
);

/// How often a cause is met in the field, in three tiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prevalence {
    /// A family of causes the public reports name most often.
    Frequent,
    /// A family the public reports name now and then.
    Occasional,
    /// No public report names it: the support articles do.
    Rare,
}

impl Prevalence {
    /// The tier's share, against [`Prevalence::Frequent`].
    pub const fn share(self) -> f64 {
        match self {
            Prevalence::Frequent => 1.0,
            Prevalence::Occasional => 0.7,
            Prevalence::Rare => 0.5,
        }
    }

    /// The tier in words.
    pub const fn as_str(self) -> &'static str {
        match self {
            Prevalence::Frequent => "frequent",
            Prevalence::Occasional => "occasional",
            Prevalence::Rare => "rare",
        }
    }
}

/// Where the tiers come from.
pub const PREVALENCE_SOURCE: Source = Source::modelled(
    "no page counts causes; the tiers follow how many public threads (product docs feedback, Learn labs, Remote Desktop sign-in to Entra-joined machines) name each family: a wrong identity or username form, NLA, multifactor authentication, Remote Desktop rights, a changed or stale password and the join or tenant of the device most; guests, federation, VM login roles, session policies and passwordless accounts now and then; the rest only in support articles",
);

/// The causes of the families the public reports name most often.
pub static FREQUENT: &[&str] = &[
    // A wrong identity or username form.
    "FC013", "FC014", "FC015", "FC016", "FC017", "FC018", "FC019", "FC020", "FC021", "FC057",
    "FC064", // Network Level Authentication on the Remote Desktop path.
    "FC026", "FC051", "FC072", // Multifactor authentication.
    "FC032", // Remote Desktop rights and logon rights.
    "FC033", "FC034", "FC035", "FC036", // A changed, stale or locked password.
    "FC009", "FC010", "FC012", "FC022", "FC023", "FC024", "FC052", "FC060",
    // The device's join or tenant.
    "FC039",
];

/// The causes of the families the public reports name now and then.
pub static OCCASIONAL: &[&str] = &[
    // Guests, federation, VM login roles.
    "FC038", "FC006", "FC007", "FC050", "FC037", // Session policies.
    "FC027", "FC028", "FC029", "FC030", "FC031", "FC055", // Passwordless accounts.
    "FC040", // An on-premises UPN that differs, a domain out of reach.
    "FC042", "FC041", "FC056", // Versions and the tenant allowlist.
    "FC002", "FC049", // Password lifecycle beyond the above.
    "FC011", "FC025", "FC053", "FC059",
];

/// How often the cause of rule `id` is met.
pub fn prevalence(id: &str) -> Prevalence {
    if FREQUENT.contains(&id) {
        Prevalence::Frequent
    } else if OCCASIONAL.contains(&id) {
        Prevalence::Occasional
    } else {
        Prevalence::Rare
    }
}

/// A healthy machine's evidence: the values [`Share::healthy`] is about.
pub fn healthy() -> &'static Evidence {
    static HEALTHY: OnceLock<Evidence> = OnceLock::new();
    HEALTHY.get_or_init(|| observe(&Dims::HEALTHY.world(&Passwords::default())))
}

/// A healthy machine's evidence for a run of `mode`: what is healthy of a
/// session depends on it (signed in and active for an attended run, none
/// for an unattended one). An unknown mode takes the attended machine.
pub fn healthy_for(mode: Option<RunMode>) -> &'static Evidence {
    static UNATTENDED: OnceLock<Evidence> = OnceLock::new();
    match mode {
        Some(RunMode::Unattended) => UNATTENDED.get_or_init(|| {
            let mut world = Dims::HEALTHY.world(&Passwords::default());
            world.connection.mode = RunMode::Unattended;
            observe(&world)
        }),
        _ => healthy(),
    }
}

/// The share of `fact`.
pub fn share(fact: FactId) -> f64 {
    SHARES.iter().find(|s| s.fact == fact).map_or(DEFAULT_SHARE, |s| s.healthy)
}

/// The cost (a negative log likelihood) of a condition on an unknown
/// fact: small where it asks for the healthy value, larger where it asks
/// for a fault.
pub fn fact_cost(fact: FactId, needs_healthy: Option<bool>) -> f64 {
    let p = match needs_healthy {
        Some(true) => share(fact),
        Some(false) => 1.0 - share(fact),
        None => EVEN,
    };
    -p.max(1e-6).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fact_is_weighed_once_and_a_fault_costs_more_than_a_default() {
        let mut seen = std::collections::HashSet::new();
        for s in SHARES {
            assert!(seen.insert(s.fact), "{:?} twice", s.fact);
            assert!(s.healthy > 0.0 && s.healthy < 1.0, "{:?}", s.fact);
        }
        assert!(fact_cost(FactId::RdpNla, Some(false)) > fact_cost(FactId::RdpNla, Some(true)));
        assert!(fact_cost(FactId::RunMode, Some(false)) == fact_cost(FactId::RunMode, Some(true)));
        // The healthy machine shows every weighed fact but those that only
        // exist on some machines.
        let h = healthy();
        assert_eq!(h.rdp_nla.value, Some(true));
    }
}
