//! Verifies a contiguous slice of the space on one thread, as a `verify`
//! worker does, and prints the rate: the program to profile the verify loop
//! with.
//!
//! ```text
//! cargo build --profile profiling --example verify_slice -p flowcred-core
//! valgrind --tool=callgrind ./target/profiling/examples/verify_slice 200000 10000
//! ```
//!
//! Instruction counts under callgrind are the steady measure on a shared
//! machine; wall-clock rates there vary by half.

// A command-line program: its usage and its rate are its output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use flowcred_core::replay::{verify_world_with, Memo};
use flowcred_core::space::{size, Builder, Dims, Passwords};

// The allocator the `flowcred` binary runs with, so the counts are the
// product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let (start, count) = match (args.next(), args.next()) {
        (None, _) => (0, size()),
        (Some(Ok(start)), None) => (start, size().saturating_sub(start)),
        (Some(Ok(start)), Some(Ok(count))) => (start, count),
        _ => {
            eprintln!("usage: verify_slice [START [COUNT]]");
            std::process::exit(2);
        }
    };
    let end = (start + count).min(size());
    let builder = Builder::new(Passwords::default());
    let mut memo = Memo::default();
    let started = std::time::Instant::now();
    let violating = (start..end)
        .filter(|&i| {
            let world = builder.world(&Dims::at(i));
            !verify_world_with(&world, flowcred_core::RULES, &mut memo).violations.is_empty()
        })
        .count();
    let seconds = started.elapsed().as_secs_f64();
    let worlds = end.saturating_sub(start);
    println!(
        "worlds {start}..{end}: {violating} violating, {seconds:.2} s ({:.0} worlds/s)",
        worlds as f64 / seconds
    );
}
