//! One module per subcommand: its arguments and what it does.

pub mod bench_diagnosis;
pub mod check;
pub mod collect;
pub mod diagnose;
pub mod docs;
pub mod explain;
pub mod fix;
pub mod import;
pub mod matrix;
pub mod new;
pub mod rules;
pub mod run;
pub mod schema;
pub mod verify;
