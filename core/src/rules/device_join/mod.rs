//! The `device-join` stage: whether the machine is joined so that an Entra or domain account can sign in to it.
//!
//! One file per rule; `RULES` in the parent module gives their order.

pub(super) mod device_disabled_in_entra;
pub(super) mod device_not_joined;
pub(super) mod sign_in_on_unjoined_machine;
pub(super) mod sign_in_tenant_not_allowlisted;
