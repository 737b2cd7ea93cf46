//! Load + simulate + diagnose of the whole bundled corpus, and of one world.

use std::path::PathBuf;

use flowcred::{report, scenario};

// The allocator the `flowcred` binary runs with, so the figures are the
// product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn corpus_files() -> Vec<PathBuf> {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios"));
    scenario::collect(&[root], Default::default()).files
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

/// `flowcred run` over about 7,000 scenario files (the bundled corpus
/// copied into folders of a temporary tree), output to a sink: the command
/// as a person runs it, files read from disk, all cores. Python parsing the
/// same files with libyaml is the yardstick the README compares it with.
#[divan::bench(sample_count = 10)]
fn run_7000_files(bencher: divan::Bencher) {
    let files = corpus_files();
    let copies = 7_000usize.div_ceil(files.len());
    let dir = tempfile::tempdir().unwrap();
    for copy in 0..copies {
        let folder = dir.path().join(format!("c{copy:03}"));
        std::fs::create_dir(&folder).unwrap();
        for file in &files {
            std::fs::copy(file, folder.join(file.file_name().unwrap())).unwrap();
        }
    }
    let path = dir.path().to_string_lossy().into_owned();
    bencher.counter(divan::counter::ItemsCount::new(copies * files.len())).bench(|| {
        let (mut out, mut err, mut input) = (Vec::new(), Vec::new(), std::io::empty());
        let mut io = flowcred::cli::Io {
            input: &mut input,
            out: &mut out,
            err: &mut err,
            style: Default::default(),
            err_style: Default::default(),
            progress: false,
            quiet: false,
            links: Default::default(),
        };
        flowcred::cli::main(["flowcred", "run", path.as_str()].map(Into::into), &mut io);
        out.len()
    });
}

#[divan::bench]
fn simulate_and_diagnose_one_world(bencher: divan::Bencher) {
    let files = corpus_files();
    let s = scenario::load_file(&files[0], Default::default()).unwrap();
    bencher.bench(|| report::run(divan::black_box(&s)).diagnosis.findings.len());
}

fn catalog_sizes() -> [usize; 3] {
    let all = flowcred_core::RULES.len();
    [25.min(all), 50.min(all), all]
}

/// The cost of a world as the catalog grows: observe and diagnose 4,096
/// worlds of the space with the first 25, the first 50 and every rule.
#[divan::bench(args = catalog_sizes())]
fn diagnose_by_catalog_size(bencher: divan::Bencher, rules: usize) {
    use flowcred_core::diagnosis::diagnose_rules;
    use flowcred_core::space::{size, Dims, Passwords};
    let passwords = Passwords::default();
    let stride = size() / 4_096;
    let worlds: Vec<_> = (0..4_096).map(|i| Dims::at(i * stride).world(&passwords)).collect();
    let catalog = &flowcred_core::RULES[..rules];
    bencher.counter(divan::counter::ItemsCount::new(worlds.len())).bench(|| {
        worlds
            .iter()
            .map(|w| diagnose_rules(&flowcred_core::observe(w), catalog).findings.len())
            .sum::<usize>()
    });
}

/// Verify (simulate, diagnose, replay every remedy, fix loop) over a
/// contiguous 16,384-world slice of the space, one thread, sharing the fix
/// loop's memo as `verify` does.
#[divan::bench]
fn verify_slice(bencher: divan::Bencher) {
    use flowcred_core::replay::{verify_world_with, Memo};
    use flowcred_core::space::{size, Builder, Dims, Passwords};
    let builder = Builder::new(Passwords::default());
    let start = size() / 2;
    bencher.counter(divan::counter::ItemsCount::new(16_384usize)).bench(|| {
        let mut memo = Memo::default();
        (start..start + 16_384)
            .filter(|&i| {
                let world = builder.world(&Dims::at(i));
                verify_world_with(&world, flowcred_core::RULES, &mut memo).violations.is_empty()
            })
            .count()
    });
}

/// 10,000 rendered `dsregcmd /status` outputs, as fleet triage sees them.
fn fleet() -> Vec<(String, String)> {
    use flowcred_core::space::{size, Dims, Passwords};
    let passwords = Passwords::default();
    (0..10_000)
        .map(|i| {
            let world = Dims::at(i * 147 % size()).world(&passwords);
            let text = flowcred_core::dsregcmd::render(&world);
            (format!("RPA-{i:05}"), text)
        })
        .collect()
}

#[divan::bench]
fn parse_dsregcmd(bencher: divan::Bencher) {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/dsregcmd/prt-failure-federated-aadsts50126.txt"
    );
    let text = std::fs::read_to_string(fixture).unwrap().repeat(64);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| flowcred_core::dsregcmd::parse(divan::black_box(&text)).unwrap().fields.len());
}

/// Parse, evidence, diagnosis and triage line for 10,000 machines, one thread.
#[divan::bench(sample_count = 10)]
fn triage_10k_machines(bencher: divan::Bencher) {
    use flowcred::cmd::diagnose::{triage, Extra};
    let fleet = fleet();
    let extra = Extra { username: Some("alice@contoso.com".into()), ..Extra::default() };
    bencher.counter(divan::counter::ItemsCount::new(fleet.len())).bench(|| {
        fleet.iter().map(|(name, text)| triage(name, text, &extra).findings).sum::<usize>()
    });
}

/// `flowcred verify`'s worlds, on all cores: every point of the layered
/// space and every row of the committed strength-4 covering array (the
/// coverage proof, a separate pass, is not counted).
#[divan::bench(sample_count = 5)]
fn verify_whole_space(bencher: divan::Bencher) {
    use flowcred::cmd::verify::verify_space;
    use flowcred_core::space;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rows = space::covering_points(&space::covering_rows(space::COMMITTED_STRENGTH).0);
    bencher
        .counter(divan::counter::ItemsCount::new(space::size() + rows.len()))
        .bench(|| verify_space(flowcred_core::RULES, threads, &|_| {}, &rows).violating_worlds);
}

/// What checking `verify`'s worlds costs before any remedy is replayed:
/// build each world, simulate it, observe its evidence and run the catalog
/// once, on all cores. The rest of `verify_whole_space` is the replays and
/// the fix loop.
#[divan::bench(sample_count = 5)]
fn diagnose_whole_space(bencher: divan::Bencher) {
    use flowcred::par;
    use flowcred_core::replay::fired;
    use flowcred_core::sim::simulate_quietly;
    use flowcred_core::space::{self, Builder, Dims, Passwords};
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rows = space::covering_points(&space::covering_rows(space::COMMITTED_STRENGTH).0);
    let size = space::size();
    let total = size + rows.len();
    let init = || (0usize, Builder::new(Passwords::default()));
    bencher.counter(divan::counter::ItemsCount::new(total)).bench(|| {
        let parts = par::fold_ranges(total, 2048, threads, init, |(found, builder), range| {
            for index in range {
                let dims = if index < size { Dims::at(index) } else { rows[index - size] };
                let world = builder.world(&dims);
                let failed = simulate_quietly(&world).error().is_some();
                *found += fired(&world, flowcred_core::RULES).len() + usize::from(failed);
            }
        });
        parts.into_iter().map(|(found, _)| found).sum::<usize>()
    });
}
