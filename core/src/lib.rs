//! flowcred-core: the model of a tenant, a machine and a desktop-flow
//! connection; the simulated sign-in path; and the diagnosis rules.
//!
//! Data flows one way: a [`World`] is simulated into an [`Attempt`] and
//! observed into [`Evidence`]; the rules turn evidence into a [`Diagnosis`];
//! remediation [`Action`]s turn a world into a repaired one. This crate does no
//! I/O and knows no file format, terminal or colour.

#![warn(missing_docs)]

pub mod artifact;
pub mod collected;
pub mod covering;
pub mod diagnosis;
pub mod directory;
pub mod dsregcmd;
pub mod events;
pub mod evidence;
pub mod list;
pub mod model;
pub mod payload;
pub mod prior;
pub mod provenance;
pub mod recognize;
pub mod remedy;
pub mod replay;
pub mod rules;
pub mod secret;
pub mod serial;
pub mod sim;
pub mod source;
pub mod space;
pub mod text;
pub mod username;
pub mod version;

#[cfg(test)]
mod testing;

pub use diagnosis::{diagnose, Certainty, Diagnosis, Finding};
pub use evidence::{observe, Evidence};
pub use list::List;
pub use model::World;
pub use payload::{ErrorCode, ErrorPayload, SubCode};
pub use remedy::Action;
pub use rules::{OutOfScope, Rule, OUT_OF_SCOPE, RULES};
pub use secret::Secret;
pub use sim::{simulate, Attempt, Outcome, Stage};
pub use source::Source;
pub use text::Text;
