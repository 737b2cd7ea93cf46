//! The rule catalog: one rule per cause, one file per rule, one registry that
//! fixes their order (the order of `flowcred rules`, of generated docs and of
//! findings). The files sit in a folder per stage of the sign-in path, the
//! stage where each rule's cause stops a run, in the path's order.
//!
//! A rule is a pure function of the evidence plus its metadata: a stable id
//! that is never reused, a kebab-case name for the fault (not the fix), the
//! error code it explains, its doc and its ordered remediation.

use std::fmt;

use crate::evidence::Evidence;
use crate::payload::{ErrorCode, SubCode};
use crate::recognize::Seen;
use crate::remedy::Remedy;
use crate::sim::Stage;
use crate::source::Source;

mod matcher;

pub use matcher::{Cond, Match};

mod account_on_machine;
mod cloud_validation;
mod connection;
mod device_join;
mod session;
mod username_form;
mod windows_logon;

/// One cause: what it is, how it shows, how to tell it and how to fix it.
pub struct Rule {
    /// `FC` and three digits; stable, never reused (see [`RETIRED`]).
    pub id: &'static str,
    /// Kebab-case name of the fault.
    pub name: &'static str,
    /// One line: the fault, in our words.
    pub summary: &'static str,
    /// The error code the cause produces.
    pub code: ErrorCode,
    /// The Windows sub-code shown with `WindowsIdentityIncorrect` from 2.24 on.
    pub sub_code: Option<SubCode>,
    /// The stage of the sign-in path where this fault stops a run.
    pub stage: Stage,
    /// Where the code and sub-code for this cause come from: a page that
    /// shows them for it, or the model's reason (the stage is always the
    /// model's, see `provenance::PATH`).
    pub mapping: Source,
    /// Markdown with the headings What it detects / Why it fails / Example;
    /// [`Rule::documentation`] adds the References.
    pub doc: &'static str,
    /// The pages the rule rests on, each a constant of `source::links`.
    pub references: &'static [Reference],
    /// Ways out, preferred first; each an ordered list of steps.
    pub remedies: &'static [Remedy],
    /// What else the cause shows beside its code and sub-code, each way
    /// with its source: the other code of the seed article's pair, another
    /// path's code or status, the words of the Remote Desktop client.
    /// Diagnosis weighs an observation a cause shows only this way as
    /// counting against it, never as ruling it out.
    pub also: &'static [Also],
    /// Tests the evidence: the conditions that must hold for the cause.
    pub detect: fn(&Evidence, &mut Match),
}

/// Another way a cause shows, beside its payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Also {
    /// What a person sees.
    pub seen: Seen,
    /// How the cause comes to show it.
    pub way: Way,
    /// Where that comes from.
    pub source: Source,
}

/// How a cause comes to show something other than its own payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Way {
    /// The seed article gives both InvalidConnectionCredentials and
    /// WindowsIdentityIncorrect as the symptoms of each of its causes.
    SeedPair,
    /// Another path of the run (the Remote Desktop path, a connection test,
    /// Windows' own logon) shows the cause under another code or status.
    OtherPath,
    /// Entra's token service answers with a code of its own.
    TokenPath,
    /// Windows' logon screen or the Remote Desktop client says it in its
    /// own words.
    Client,
    /// The mark the cause leaves in the machine's Security log.
    Event,
}

impl Way {
    /// Every way, in declaration order.
    pub const ALL: &'static [Way] =
        &[Way::SeedPair, Way::OtherPath, Way::TokenPath, Way::Client, Way::Event];

    /// The way in words, as a finding's evidence line says it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Way::SeedPair => "the seed article's other code for this cause",
            Way::OtherPath => "what another path of the run shows for this cause",
            Way::TokenPath => "Entra's answer for this cause on the token path",
            Way::Client => "the client's words for this cause",
            Way::Event => "the mark this cause leaves in the Security log",
        }
    }
}

/// The seed article's pair of codes.
pub(crate) const SEED_PAIR: Source = Source::documented(
    crate::source::links::ARTICLE,
    "the seed article gives InvalidConnectionCredentials and WindowsIdentityIncorrect as the symptoms of each of its causes",
);

/// A page a rule rests on: what it is, in our words, and its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    /// What the page is, in our words.
    pub title: &'static str,
    /// Its address (a `source::links` constant).
    pub url: &'static str,
}

impl Rule {
    /// The rule's documentation as a reader gets it: the doc, then its
    /// References.
    pub fn documentation(&self) -> String {
        let mut text = self.doc.trim_end().to_owned();
        text.push_str("\n\n## References\n");
        for reference in self.references {
            text.push_str(&format!("- {}: {}\n", reference.title, reference.url));
        }
        text
    }
}

impl Rule {
    /// The mapping in words: `WindowsIdentityIncorrect -1073741715
    /// (0xC000006D) at windows-logon`.
    pub fn mapping_text(&self) -> String {
        match self.sub_code {
            Some(sub) => format!("{} {sub} at {}", self.code, self.stage),
            None => format!("{} at {}", self.code, self.stage),
        }
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id, self.name)
    }
}

/// Every rule, in catalog order: the sign-in path's order, then the fault's.
pub static RULES: &[&Rule] = &[
    &connection::service_account_cannot_log_on::RULE,
    &connection::agent_launcher_service_stopped::RULE,
    &connection::group_password_clock_ahead::RULE,
    &connection::old_connection_unattended::RULE,
    &connection::certificate_auth_not_configured::RULE,
    &connection::certificate_needs_newer_pad::RULE,
    &connection::certificate_on_old_windows_server::RULE,
    &connection::certificate_needs_entra_join::RULE,
    &connection::certificate_needs_upn::RULE,
    &connection::sign_in_user_outside_environment_tenant::RULE,
    &cloud_validation::entra_endpoint_unreachable::RULE,
    &cloud_validation::federated_without_password_hash_sync::RULE,
    &cloud_validation::federated_without_cloud_password_validation::RULE,
    &cloud_validation::user_not_in_tenant::RULE,
    &cloud_validation::account_locked::RULE,
    &cloud_validation::passwordless_account::RULE,
    &cloud_validation::entra_password_incorrect::RULE,
    &cloud_validation::password_with_outer_spaces::RULE,
    &cloud_validation::password_hash_sync_lag::RULE,
    &cloud_validation::account_disabled::RULE,
    &cloud_validation::password_expired::RULE,
    &cloud_validation::mfa_required::RULE,
    &device_join::device_not_joined::RULE,
    &device_join::device_disabled_in_entra::RULE,
    &device_join::sign_in_on_unjoined_machine::RULE,
    &device_join::sign_in_tenant_not_allowlisted::RULE,
    &username_form::upn_on_domain_only_device::RULE,
    &username_form::domain_username_on_entra_only_device::RULE,
    &username_form::netbios_domain_on_entra_joined_device::RULE,
    &username_form::username_domain_not_device_domain::RULE,
    &username_form::azuread_prefix_username::RULE,
    &username_form::username_form_refused_unattended::RULE,
    &account_on_machine::machine_in_another_tenant::RULE,
    &account_on_machine::guest_account::RULE,
    &account_on_machine::account_not_on_machine::RULE,
    &account_on_machine::work_account_not_synced::RULE,
    &account_on_machine::work_account_never_signed_in::RULE,
    &account_on_machine::windows_account_not_found::RULE,
    &windows_logon::smart_card_logon_required::RULE,
    &windows_logon::domain_controller_unreachable::RULE,
    &windows_logon::domain_controller_unreachable_unattended::RULE,
    &windows_logon::domain_account_locked_out::RULE,
    &windows_logon::on_premises_upn_differs::RULE,
    &windows_logon::adfs_ws_trust_unavailable::RULE,
    &windows_logon::entra_account_locked_at_logon::RULE,
    &windows_logon::machine_password_stale::RULE,
    &windows_logon::windows_password_incorrect::RULE,
    &windows_logon::password_hash_sync_lag_at_logon::RULE,
    &windows_logon::domain_account_restricted::RULE,
    &windows_logon::entra_account_restricted_at_logon::RULE,
    &windows_logon::azure_vm_login_role_missing::RULE,
    &windows_logon::logon_denied_attended::RULE,
    &windows_logon::logon_denied_unattended::RULE,
    &session::attended_user_not_signed_in::RULE,
    &session::no_session_for_passwordless::RULE,
    &session::attended_session_not_active::RULE,
    &session::uiflowservice_blind_to_attended_session::RULE,
    &session::rdp_not_enabled::RULE,
    &session::not_in_remote_desktop_users::RULE,
    &session::uiflowservice_denied_logon::RULE,
    &session::uiflowservice_not_in_remote_desktop_users::RULE,
    &session::entra_rdp_auth_without_consent::RULE,
    &session::pku2u_online_identities_refused::RULE,
    &session::nla_blocks_entra_password::RULE,
    &session::rds_config_endpoint_unreachable::RULE,
    &session::temporary_password_on_remote_desktop::RULE,
    &session::always_prompt_for_password_entra::RULE,
    &session::prompted_after_connection::RULE,
    &session::prompt_for_password_entra_joined::RULE,
    &session::third_party_credential_provider::RULE,
    &session::logon_legal_notice::RULE,
    &session::winlogon_session_failure::RULE,
    &session::other_user_session_on_client::RULE,
    &session::too_many_active_sessions::RULE,
    &session::machine_cloned_after_registration::RULE,
    &session::unattended_session_exists::RULE,
    &session::unattended_session_disconnected::RULE,
    &session::unattended_session_locked::RULE,
    &session::uiflowservice_removed_by_policy::RULE,
];

/// A rule that was removed; its id stays taken.
#[derive(Debug)]
pub struct Retired {
    /// The id it had.
    pub id: &'static str,
    /// The name it had.
    pub name: &'static str,
    /// Why it went, and where its cause lives now.
    pub reason: &'static str,
}

/// Rules taken out of the catalog; their ids are never used again.
pub static RETIRED: &[Retired] = &[];

/// A documented cause the catalog leaves out on purpose, with its page and
/// the reason.
#[derive(Debug)]
pub struct OutOfScope {
    /// The cause, in a few words.
    pub cause: &'static str,
    /// The page that documents it, a constant of `source::links`.
    pub url: &'static str,
    /// Why no rule models it.
    pub reason: &'static str,
}

/// Documented causes near the catalog's field that no rule models, and why.
pub static OUT_OF_SCOPE: &[OutOfScope] = &[
    OutOfScope {
        cause: "Citrix configurations that need the account in Direct Access Users for an unattended session",
        url: crate::source::links::UNATTENDED,
        reason: "the unattended-runs page names the group for 'some Citrix configurations' without saying which, or what a run shows without it; the model has no Citrix session to place the check on, and a rule with no code would explain no observed error",
    },
    OutOfScope {
        cause: "connect with sign-in's prerequisite that the account's tenant use modern authentication with Entra",
        url: crate::source::links::CONNECTIONS,
        reason: "the connections page lists the prerequisite but no error for its absence and no setting or sign by which a support engineer could tell such a tenant apart, so a rule would have nothing to observe",
    },
    OutOfScope {
        cause: "SessionNotFound after the machine restarts during a run",
        url: crate::source::links::RUN_ERRORS,
        reason: "the session ends mid-run, after a sign-in that succeeded; the cloned-machine cause of the same code is FC079",
    },
    OutOfScope {
        cause: "SessionHasLoggedOff, SessionHasLoggedOffWithMaxIdleTime and MaxRDSessionDurationReached",
        url: crate::source::links::RUN_ERRORS,
        reason: "each ends a session during a run (a sign-out, an idle limit, a session time limit), after the sign-in path has done its work",
    },
];

/// The gate of every `cloud-validation` rule: Entra's answer shows only
/// where Power Automate asks it for a token, for a user principal name.
pub(crate) fn asks_entra(ev: &Evidence, m: &mut Match) {
    m.is(&ev.cloud_check, true);
    m.is(&ev.username_kind, crate::username::UsernameKind::Upn);
}

/// The first stage of the path where some rule stops a run with `code`:
/// a run that showed `code` passed every stage before it.
pub fn first_stage(code: ErrorCode) -> Option<Stage> {
    RULES.iter().filter(|r| r.code == code).map(|r| r.stage).min()
}

/// Finds a rule by id (`FC001`) or name (`device-not-joined`), ignoring case.
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.id.len() == 5
                    && rule.id.starts_with("FC")
                    && rule.id[2..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                rule.id
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                rule.name
            );
            assert!(RETIRED.iter().all(|r| r.id != rule.id), "{} reuses a retired id", rule.id);
        }
    }

    #[test]
    fn docs_have_the_fixed_headings_and_every_rule_a_remedy() {
        for rule in RULES {
            for heading in ["## What it detects", "## Why it fails", "## Example", "## References"]
            {
                assert!(rule.documentation().contains(heading), "{} lacks {heading}", rule.id);
            }
            assert!(!rule.doc.contains("## References"), "{}: references are data", rule.id);
            assert!(!rule.references.is_empty(), "{} cites nothing", rule.id);
            assert!(!rule.remedies.is_empty(), "{} has no remedy", rule.id);
            assert!(rule.remedies.iter().all(|r| !r.steps.is_empty()), "{}", rule.id);
        }
    }

    #[test]
    fn sub_codes_belong_to_windows_identity_incorrect() {
        for rule in RULES {
            if rule.sub_code.is_some() {
                assert_eq!(rule.code, ErrorCode::WindowsIdentityIncorrect, "{}", rule.id);
            }
        }
    }

    #[test]
    fn find_takes_an_id_or_a_name() {
        assert_eq!(find("fc013").map(|r| r.name), Some("device-not-joined"));
        assert_eq!(find("device-not-joined").map(|r| r.id), Some("FC013"));
        assert!(find("nope").is_none());
    }
}
