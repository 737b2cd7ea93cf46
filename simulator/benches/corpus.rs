//! Load + simulate + diagnose of the whole bundled corpus, and of one world.

use std::path::PathBuf;

use flowcred::{report, scenario};

fn main() {
    divan::main();
}

fn corpus_files() -> Vec<PathBuf> {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios"));
    scenario::collect(&[root]).unwrap()
}

#[divan::bench]
fn load_simulate_diagnose_corpus(bencher: divan::Bencher) {
    let files = corpus_files();
    let bytes: Vec<(String, Vec<u8>)> =
        files.iter().map(|f| (scenario::display_path(f), std::fs::read(f).unwrap())).collect();
    bencher.bench(|| {
        let mut findings = 0;
        for (name, text) in &bytes {
            let s = scenario::load_bytes(name, text).unwrap();
            findings += report::run(&s).diagnosis.findings.len();
        }
        findings
    });
}

#[divan::bench]
fn simulate_and_diagnose_one_world(bencher: divan::Bencher) {
    let files = corpus_files();
    let s = scenario::load_file(&files[0]).unwrap();
    bencher.bench(|| report::run(divan::black_box(&s)).diagnosis.findings.len());
}

/// Verify (simulate, diagnose, replay every remedy, fix loop) over a
/// 16,384-world slice of the space, one thread.
#[divan::bench]
fn verify_slice(bencher: divan::Bencher) {
    use flowcred_core::replay::verify_world;
    use flowcred_core::space::{size, Dims, Passwords};
    let passwords = Passwords::default();
    let stride = size() / 16_384;
    bencher.bench(|| {
        (0..16_384)
            .filter(|i| {
                verify_world(&Dims::at(i * stride).world(&passwords), flowcred_core::RULES)
                    .violations
                    .is_empty()
            })
            .count()
    });
}
