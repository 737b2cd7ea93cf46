//! Hostile input at growing sizes, up to each loader's cap: time (divan) and
//! peak memory (a counting allocator, printed first as a table). Both must
//! grow linearly with the input.
//!
//! `cargo bench -p flowcred --bench hostile`

use flowcred::scenario;
use flowcred_core::{artifact, dsregcmd};
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const SIZES: [usize; 3] = [64 << 10, 256 << 10, 1 << 20];

/// A scenario with as many users (and work accounts) as fit in `bytes`.
fn many_users(bytes: usize) -> String {
    let mut text = String::from(
        "tenant:\n  id: t\n  name: T\n  domains:\n    - name: contoso.com\n      type: managed\n  users:\n",
    );
    let mut i = 0;
    while text.len() + 60 < bytes {
        text.push_str(&format!("    - {{upn: u{i}@contoso.com, password: \"p{i}\"}}\n"));
        i += 1;
    }
    text
}

/// The largest many-users scenario the loader's value cap lets through,
/// with a machine and a connection: it loads whole.
fn users_up_to_the_cap() -> String {
    let mut text = String::from(
        "tenant:\n  id: t\n  name: T\n  domains:\n    - name: contoso.com\n      type: managed\n  users:\n",
    );
    // Five values a user; the rest of the file holds under sixty.
    for i in 0..(flowcred::outline::MAX_VALUES - 60) / 5 {
        text.push_str(&format!("    - {{upn: u{i}@contoso.com, password: \"p{i}\"}}\n"));
    }
    text.push_str("machine:\n  name: M\n  device_state: {azure_ad_joined: true}\nconnection:\n  username: u0@contoso.com\n  credential: {password: \"p0\"}\n");
    text
}

/// A `dsregcmd` output with a long section title and as many fields as fit.
fn dsregcmd_text(bytes: usize) -> String {
    let mut text = format!("| {} |\n AzureAdJoined : YES\n", "Device State ".repeat(80));
    while text.len() + 20 < bytes {
        text.push_str("         Key : value\n");
    }
    text
}

/// An error payload with as many AADSTS codes as fit.
fn payload(bytes: usize) -> String {
    let mut text = String::from("{\"error_codes\": [");
    let mut i = 50000u32;
    while text.len() + 8 < bytes {
        text.push_str(&format!("{i},"));
        i += 1;
    }
    text.push_str("1]}");
    text
}

/// A scenario whose leading comment is one line of `key: ` pairs, the
/// shape whose masking once rescanned the line for each colon.
fn colons_in_comment(bytes: usize) -> String {
    let mut text = String::from("# password");
    while text.len() + 4 < bytes {
        text.push_str(": x");
    }
    text.push_str("\ntenant: {}\n");
    text
}

/// A `wevtutil` export whose one `Data` element carries as many
/// attributes as fit, the shape whose duplicate check was quadratic.
fn many_attributes(bytes: usize) -> String {
    let head = "<Events><Event><System><EventID>4625</EventID></System><EventData><Data";
    let tail = " Name=\"TargetUserName\">alice</Data></EventData></Event></Events>";
    let mut text = String::from(head);
    let mut i = 0;
    while text.len() + tail.len() + 16 < bytes {
        text.push_str(&format!(" a{i}=\"1\""));
        i += 1;
    }
    text.push_str(tail);
    text
}

/// The most memory live at once while `run` runs, beyond what was live before.
fn peak_of(run: impl FnOnce()) -> usize {
    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    run();
    ALLOCATOR.peak_usage().saturating_sub(before)
}

#[allow(clippy::print_stdout)] // the memory table
fn main() {
    println!("peak memory while reading hostile input (bytes of input -> peak bytes, ratio)");
    let text = users_up_to_the_cap();
    // Once first: the schema check compiles its validator on first use.
    let _ = scenario::load_str("many-users.yaml", &text);
    let mut loaded = false;
    let peak = peak_of(|| loaded = scenario::load_str("many-users.yaml", &text).is_ok());
    assert!(loaded, "the largest scenario under the value cap loads");
    println!(
        "  scenario {:>8} -> {:>10} ({:>4.1}x)   the most values the loader accepts",
        text.len(),
        peak,
        peak as f64 / text.len() as f64
    );
    for size in SIZES {
        let text = many_users(size);
        let scenario = peak_of(|| {
            let _ = scenario::load_str("many-users.yaml", &text);
        });
        let status = dsregcmd_text(size * 4);
        let parse = peak_of(|| {
            let _ = dsregcmd::parse(&status);
        });
        let error = payload(size * 4);
        let aadsts = peak_of(|| {
            let _ = artifact::parse_error(&error);
        });
        println!(
            "  scenario {:>8} -> {:>10} ({:>4.1}x)   dsregcmd {:>8} -> {:>10} ({:>4.1}x)   payload {:>8} -> {:>10} ({:>4.1}x)",
            text.len(),
            scenario,
            scenario as f64 / text.len() as f64,
            status.len(),
            parse,
            parse as f64 / status.len() as f64,
            error.len(),
            aadsts,
            aadsts as f64 / error.len() as f64,
        );
    }
    divan::main();
}

#[divan::bench(args = SIZES)]
fn load_scenario_with_many_users(bencher: divan::Bencher, size: usize) {
    let text = many_users(size);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| scenario::load_str("many-users.yaml", divan::black_box(&text)).is_ok());
}

#[divan::bench(args = SIZES)]
fn load_scenario_colons_in_comment(bencher: divan::Bencher, size: usize) {
    let text = colons_in_comment(size.min(scenario::MAX_BYTES as usize));
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| scenario::load_str("colons.yaml", divan::black_box(&text)).is_ok());
}

#[divan::bench(args = [64 << 10, 256 << 10, 1 << 20, 4 << 20])]
fn read_events_many_attributes(bencher: divan::Bencher, size: usize) {
    let text = many_attributes(size).into_bytes();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| flowcred::events::from_bytes(divan::black_box(text.clone())).is_ok());
}

#[divan::bench(args = SIZES)]
fn parse_dsregcmd_long_title(bencher: divan::Bencher, size: usize) {
    let text = dsregcmd_text(size * 4);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| dsregcmd::parse(divan::black_box(&text)).map(|s| s.fields.len()).ok());
}

#[divan::bench(args = SIZES)]
fn parse_payload_many_codes(bencher: divan::Bencher, size: usize) {
    let text = payload(size * 4);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| artifact::parse_error(divan::black_box(&text)).is_ok());
}
