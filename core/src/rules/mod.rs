//! The rule catalog: one rule per cause, one file per rule, one registry that
//! fixes their order (the order of `flowcred rules`, of generated docs and of
//! findings).
//!
//! A rule is a pure function of the evidence plus its metadata: a stable id
//! that is never reused, a kebab-case name for the fault (not the fix), the
//! error code it explains, its doc and its ordered remediation.

use std::fmt;

use crate::evidence::Evidence;
use crate::payload::{ErrorCode, SubCode};
use crate::provenance::Source;
use crate::remedy::Remedy;
use crate::sim::Stage;

mod matcher;

pub use matcher::{Cond, Match};

mod account_disabled;
mod account_locked;
mod account_not_on_machine;
mod adfs_ws_trust_unavailable;
mod always_prompt_for_password_entra;
mod attended_session_not_active;
mod attended_user_not_signed_in;
mod azure_vm_login_role_missing;
mod azuread_prefix_username;
mod certificate_auth_not_configured;
mod certificate_needs_entra_join;
mod certificate_needs_newer_pad;
mod certificate_needs_upn;
mod certificate_on_old_windows_server;
mod device_disabled_in_entra;
mod device_not_joined;
mod domain_account_locked_out;
mod domain_account_restricted;
mod domain_controller_unreachable;
mod domain_controller_unreachable_unattended;
mod domain_username_on_entra_only_device;
mod entra_account_locked_at_logon;
mod entra_account_restricted_at_logon;
mod entra_password_incorrect;
mod entra_rdp_auth_without_consent;
mod federated_without_cloud_password_validation;
mod federated_without_password_hash_sync;
mod guest_account;
mod logon_denied_attended;
mod logon_denied_unattended;
mod logon_legal_notice;
mod machine_in_another_tenant;
mod machine_password_stale;
mod mfa_required;
mod netbios_domain_on_entra_joined_device;
mod nla_blocks_entra_password;
mod not_in_remote_desktop_users;
mod on_premises_upn_differs;
mod other_user_session_on_client;
mod password_expired;
mod password_hash_sync_lag;
mod password_hash_sync_lag_at_logon;
mod password_with_outer_spaces;
mod passwordless_account;
mod pku2u_online_identities_refused;
mod prompt_for_password_entra_joined;
mod prompted_after_connection;
mod rdp_not_enabled;
mod rds_config_endpoint_unreachable;
mod service_account_cannot_log_on;
mod sign_in_on_unjoined_machine;
mod sign_in_tenant_not_allowlisted;
mod sign_in_user_outside_environment_tenant;
mod smart_card_logon_required;
mod temporary_password_on_remote_desktop;
mod third_party_credential_provider;
mod too_many_active_sessions;
mod uiflowservice_blind_to_attended_session;
mod uiflowservice_denied_logon;
mod uiflowservice_not_in_remote_desktop_users;
mod uiflowservice_removed_by_policy;
mod unattended_session_disconnected;
mod unattended_session_exists;
mod unattended_session_locked;
mod upn_on_domain_only_device;
mod user_not_in_tenant;
mod username_domain_not_device_domain;
mod username_form_refused_unattended;
mod windows_account_not_found;
mod windows_password_incorrect;
mod winlogon_session_failure;
mod work_account_never_signed_in;
mod work_account_not_synced;

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
    /// The pages the rule rests on, each a constant of `remedy::links`.
    pub references: &'static [Reference],
    /// Ways out, preferred first; each an ordered list of steps.
    pub remedies: &'static [Remedy],
    /// Tests the evidence: the conditions that must hold for the cause.
    pub detect: fn(&Evidence, &mut Match),
}

/// A page a rule rests on: what it is, in our words, and its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    /// What the page is, in our words.
    pub title: &'static str,
    /// Its address (a `remedy::links` constant).
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
    &service_account_cannot_log_on::RULE,
    &certificate_auth_not_configured::RULE,
    &certificate_needs_newer_pad::RULE,
    &certificate_on_old_windows_server::RULE,
    &certificate_needs_entra_join::RULE,
    &certificate_needs_upn::RULE,
    &sign_in_user_outside_environment_tenant::RULE,
    &federated_without_password_hash_sync::RULE,
    &federated_without_cloud_password_validation::RULE,
    &user_not_in_tenant::RULE,
    &account_locked::RULE,
    &passwordless_account::RULE,
    &entra_password_incorrect::RULE,
    &password_with_outer_spaces::RULE,
    &password_hash_sync_lag::RULE,
    &account_disabled::RULE,
    &password_expired::RULE,
    &mfa_required::RULE,
    &device_not_joined::RULE,
    &device_disabled_in_entra::RULE,
    &sign_in_on_unjoined_machine::RULE,
    &sign_in_tenant_not_allowlisted::RULE,
    &upn_on_domain_only_device::RULE,
    &domain_username_on_entra_only_device::RULE,
    &netbios_domain_on_entra_joined_device::RULE,
    &username_domain_not_device_domain::RULE,
    &azuread_prefix_username::RULE,
    &username_form_refused_unattended::RULE,
    &machine_in_another_tenant::RULE,
    &guest_account::RULE,
    &account_not_on_machine::RULE,
    &work_account_not_synced::RULE,
    &work_account_never_signed_in::RULE,
    &windows_account_not_found::RULE,
    &smart_card_logon_required::RULE,
    &domain_controller_unreachable::RULE,
    &domain_controller_unreachable_unattended::RULE,
    &domain_account_locked_out::RULE,
    &on_premises_upn_differs::RULE,
    &adfs_ws_trust_unavailable::RULE,
    &entra_account_locked_at_logon::RULE,
    &machine_password_stale::RULE,
    &windows_password_incorrect::RULE,
    &password_hash_sync_lag_at_logon::RULE,
    &domain_account_restricted::RULE,
    &entra_account_restricted_at_logon::RULE,
    &azure_vm_login_role_missing::RULE,
    &logon_denied_attended::RULE,
    &logon_denied_unattended::RULE,
    &attended_user_not_signed_in::RULE,
    &attended_session_not_active::RULE,
    &uiflowservice_blind_to_attended_session::RULE,
    &rdp_not_enabled::RULE,
    &not_in_remote_desktop_users::RULE,
    &uiflowservice_denied_logon::RULE,
    &uiflowservice_not_in_remote_desktop_users::RULE,
    &entra_rdp_auth_without_consent::RULE,
    &pku2u_online_identities_refused::RULE,
    &nla_blocks_entra_password::RULE,
    &rds_config_endpoint_unreachable::RULE,
    &temporary_password_on_remote_desktop::RULE,
    &always_prompt_for_password_entra::RULE,
    &prompted_after_connection::RULE,
    &prompt_for_password_entra_joined::RULE,
    &third_party_credential_provider::RULE,
    &logon_legal_notice::RULE,
    &winlogon_session_failure::RULE,
    &other_user_session_on_client::RULE,
    &too_many_active_sessions::RULE,
    &unattended_session_exists::RULE,
    &unattended_session_disconnected::RULE,
    &unattended_session_locked::RULE,
    &uiflowservice_removed_by_policy::RULE,
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

/// The gate of every `cloud-validation` rule: Entra's answer shows only
/// where Power Automate asks it for a token, for a user principal name.
fn asks_entra(ev: &Evidence, m: &mut Match) {
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
