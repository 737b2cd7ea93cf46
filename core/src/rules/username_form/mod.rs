//! The `username-form` stage: whether the machine takes the username in the form it is written.
//!
//! One file per rule; `RULES` in the parent module gives their order.

pub(super) mod azuread_prefix_username;
pub(super) mod domain_username_on_entra_only_device;
pub(super) mod netbios_domain_on_entra_joined_device;
pub(super) mod upn_on_domain_only_device;
pub(super) mod username_domain_not_device_domain;
pub(super) mod username_form_refused_unattended;
