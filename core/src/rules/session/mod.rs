//! The `session` stage: the session the run needs, attended (the user's own) or unattended (a Remote Desktop session Power Automate opens).
//!
//! One file per rule; `RULES` in the parent module gives their order.

pub(super) mod always_prompt_for_password_entra;
pub(super) mod attended_session_not_active;
pub(super) mod attended_user_not_signed_in;
pub(super) mod entra_rdp_auth_without_consent;
pub(super) mod logon_legal_notice;
pub(super) mod machine_cloned_after_registration;
pub(super) mod nla_blocks_entra_password;
pub(super) mod no_session_for_passwordless;
pub(super) mod not_in_remote_desktop_users;
pub(super) mod other_user_session_on_client;
pub(super) mod pku2u_online_identities_refused;
pub(super) mod prompt_for_password_entra_joined;
pub(super) mod prompted_after_connection;
pub(super) mod rdp_not_enabled;
pub(super) mod rds_config_endpoint_unreachable;
pub(super) mod temporary_password_on_remote_desktop;
pub(super) mod third_party_credential_provider;
pub(super) mod too_many_active_sessions;
pub(super) mod uiflowservice_blind_to_attended_session;
pub(super) mod uiflowservice_denied_logon;
pub(super) mod uiflowservice_not_in_remote_desktop_users;
pub(super) mod uiflowservice_removed_by_policy;
pub(super) mod unattended_session_disconnected;
pub(super) mod unattended_session_exists;
pub(super) mod unattended_session_locked;
pub(super) mod winlogon_session_failure;
