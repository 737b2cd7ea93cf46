//! flowcred's integration tests, in one binary: scenario snapshots, bad
//! input, properties over generated worlds, the CLI, and catalog meta tests.

mod bad_input;
mod cli;
mod collected;
mod docs;
mod dsregcmd;
mod escaping;
mod events;
mod field;
mod fuzz;
mod meta;
mod properties;
mod samba;
mod secrets;
mod site;
mod snapshots;
mod verify;
