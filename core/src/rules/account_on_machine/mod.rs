//! The `account-on-machine` stage: whether the account the username names is one the machine knows and has ready.
//!
//! One file per rule; `RULES` in the parent module gives their order.

pub(super) mod account_not_on_machine;
pub(super) mod guest_account;
pub(super) mod machine_in_another_tenant;
pub(super) mod windows_account_not_found;
pub(super) mod work_account_never_signed_in;
pub(super) mod work_account_not_synced;
