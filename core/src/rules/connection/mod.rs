//! The `connection` stage: what the connection itself must be before anything is asked of Entra or Windows (the service that runs it, a certificate's requirements, connect with sign-in's tenant).
//!
//! One file per rule; `RULES` in the parent module gives their order.

pub(super) mod agent_launcher_service_stopped;
pub(super) mod certificate_auth_not_configured;
pub(super) mod certificate_needs_entra_join;
pub(super) mod certificate_needs_newer_pad;
pub(super) mod certificate_needs_upn;
pub(super) mod certificate_on_old_windows_server;
pub(super) mod group_password_clock_ahead;
pub(super) mod old_connection_unattended;
pub(super) mod service_account_cannot_log_on;
pub(super) mod sign_in_user_outside_environment_tenant;
