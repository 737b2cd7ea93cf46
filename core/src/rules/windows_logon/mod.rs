//! The `windows-logon` stage: Windows checks the credential at logon (asking the domain, Entra or AD FS) and the account's right to log on.
//!
//! One file per rule; `RULES` in the parent module gives their order.

pub(super) mod adfs_ws_trust_unavailable;
pub(super) mod azure_vm_login_role_missing;
pub(super) mod domain_account_locked_out;
pub(super) mod domain_account_restricted;
pub(super) mod domain_controller_unreachable;
pub(super) mod domain_controller_unreachable_unattended;
pub(super) mod entra_account_locked_at_logon;
pub(super) mod entra_account_restricted_at_logon;
pub(super) mod logon_denied_attended;
pub(super) mod logon_denied_unattended;
pub(super) mod machine_password_stale;
pub(super) mod on_premises_upn_differs;
pub(super) mod password_hash_sync_lag_at_logon;
pub(super) mod smart_card_logon_required;
pub(super) mod windows_password_incorrect;
