//! The `cloud-validation` stage: Entra's answer where Power Automate asks it for a token with the connection's credential (AADSTS codes).
//!
//! One file per rule; `RULES` in the parent module gives their order.

pub(super) mod account_disabled;
pub(super) mod account_locked;
pub(super) mod entra_endpoint_unreachable;
pub(super) mod entra_password_incorrect;
pub(super) mod federated_without_cloud_password_validation;
pub(super) mod federated_without_password_hash_sync;
pub(super) mod mfa_required;
pub(super) mod password_expired;
pub(super) mod password_hash_sync_lag;
pub(super) mod password_with_outer_spaces;
pub(super) mod passwordless_account;
pub(super) mod user_not_in_tenant;
