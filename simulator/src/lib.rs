//! flowcred: the command-line front end. Loads YAML scenarios into core
//! worlds, runs them through the simulated sign-in path and the rules, and
//! renders the result as text, JSON or Markdown.
//!
//! Everything that knows about files, formats, terminals and exit codes is
//! here; the diagnosis itself is `flowcred-core`.

pub mod app;
pub mod cli;
pub mod cmd;
pub mod diff;
pub mod emit;
pub mod escape;
pub mod events;
pub mod field;
pub mod input;
pub mod mask;
pub mod outline;
pub mod owned_dir;
pub mod par;
pub mod report;
pub mod safe;
pub mod scenario;
pub mod site;
pub mod svg;
pub mod yaml;
