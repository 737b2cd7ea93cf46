//! A fuzz harness on stable Rust: mutations of the bundled scenarios, the
//! dsregcmd fixtures, error payloads, Security event logs (the XML
//! `wevtutil` prints, and the binary `.evtx` samples of `../shared` where
//! they sit beside the project) and the outputs `flowcred collect` gathers,
//! through every public loader, each call
//! under `catch_unwind`, with a password canary that must never reach an
//! error message, an excerpt or a rendered run (in an event log, a field
//! flowcred does not read holds it: a command line with a password).
//!
//! `cargo test` runs a short budget. For a long run, say how many inputs:
//!
//! ```sh
//! FLOWCRED_FUZZ_INPUTS=10000000 cargo test --release -p flowcred-tests --test it fuzz -- --nocapture
//! ```

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use flowcred::report::{self, Style};
use flowcred::scenario;
use flowcred_core::artifact::{self, AdminFacts};
use flowcred_core::dsregcmd;
use flowcred_tests::{passwords_in, root};

/// A password no output may ever show.
const CANARY: &str = "Cn4ry-pw-7Q2x";

/// The inputs a short run covers; `FLOWCRED_FUZZ_INPUTS` overrides it.
const DEFAULT_INPUTS: u64 = 30_000;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that YAML, dsregcmd and the payload parsers treat specially.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "-",
    "- ",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!Tag ",
    "~",
    "null",
    "true",
    "'",
    "\"",
    "\\",
    "\t",
    "\n",
    "\r\n",
    "---\n",
    "...\n",
    "|\n",
    ">-\n",
    "    ",
    "\u{202e}",
    "\u{1b}[2J",
    "\u{feff}",
    "0x",
    "-1073741715",
    "AADSTS50126",
    "AADSTS",
    "\"error_codes\": [",
    "password: ",
    "credential: ",
    "cached_password: ",
    " : YES",
    " : NO",
    "+----+\n| Device State |\n+----+\n",
    "9999999999999999999999",
    "2.45.404.24249",
    "+2.+45",
    "<<: *a\n",
    "<Event>",
    "</Event>",
    "<Data Name=\"TargetUserName\">",
    "</Data>",
    "&amp;",
    "&#x41;",
    "&#0;",
    "&#xD800;",
    "&unknown;",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [<!ENTITY e \"v\">]>",
    " a=\"1\"",
    "<EventID>4625</EventID>",
    "ElfFile\0",
];

fn mutate(rng: &mut Rng, base: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut data = base.to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.insert(at, rng.next() as u8),
            2 if !data.is_empty() => {
                let len = 1 + rng.below(32.min(data.len() - at.min(data.len() - 1)));
                let from = at.min(data.len() - 1);
                data.drain(from..(from + len).min(data.len()));
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            4 if !data.is_empty() => {
                // Repeat a slice of the input (deep or long structures).
                let from = rng.below(data.len());
                let len = 1 + rng.below(64.min(data.len() - from));
                let piece = data[from..from + len].to_vec();
                for _ in 0..1 + rng.below(8) {
                    data.splice(at..at, piece.iter().copied());
                }
            }
            5 => {
                // Splice a line from another input.
                let other = &corpus[rng.below(corpus.len())];
                let lines: Vec<&[u8]> = other.split(|b| *b == b'\n').collect();
                let line = lines[rng.below(lines.len())];
                data.splice(at..at, line.iter().copied().chain([b'\n']));
            }
            _ => {
                // Swap two lines.
                let mut lines: Vec<Vec<u8>> =
                    data.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                if lines.len() > 1 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(a, b);
                }
                data = lines.join(&b'\n');
            }
        }
    }
    data
}

/// The seeds: every scenario with its passwords replaced by the canary,
/// the dsregcmd fixtures, and payload shapes.
/// Seed inputs of one kind.
type Seeds = Vec<Vec<u8>>;

fn seeds() -> (Seeds, Seeds, Seeds) {
    let mut scenarios = Vec::new();
    let mut files: Vec<_> =
        std::fs::read_dir(root().join("scenarios")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in files {
        let mut text = std::fs::read_to_string(path).unwrap();
        for password in passwords_in(&text) {
            text = text.replace(&password, CANARY);
        }
        scenarios.push(text.into_bytes());
    }
    let mut dsregcmd = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/fixtures/dsregcmd")).unwrap() {
        dsregcmd.push(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let payloads = [
        r#"{"error":{"code":"WindowsIdentityIncorrect","message":"x","innerError":{"code":"-1073741715"}}}"#,
        "AADSTS50126: Error validating credentials due to invalid username or password.",
        r#"{"error":"invalid_grant","error_description":"AADSTS50126: x","error_codes":[50126,70002]}"#,
        "0xC000006D",
        "-1073741715",
        "InvalidConnectionCredentials",
    ];
    let mut payloads: Vec<Vec<u8>> = payloads.iter().map(|p| p.as_bytes().to_vec()).collect();
    payloads
        .push(b"domain_type: federated\npassword_hash_sync: false\nhrd_policy: none\n".to_vec());
    (scenarios, dsregcmd, payloads)
}

/// Security event logs: XML exports, each with the canary in a field
/// flowcred does not read, and the binary samples from `../shared` when
/// they are there (said on standard error when not).
#[allow(clippy::print_stderr)]
fn event_seeds() -> Seeds {
    let event = |user: &str, domain: &str, status: &str, sub: &str, kind: u32| {
        format!(
            "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>\
             <EventID>4625</EventID><TimeCreated SystemTime=\"2025-06-03T09:14:22.789Z\"/>\
             <EventRecordID>77</EventRecordID></System><EventData>\
             <Data Name=\"TargetUserName\">{user}</Data><Data Name=\"TargetDomainName\">{domain}</Data>\
             <Data Name=\"Status\">{status}</Data><Data Name=\"SubStatus\">{sub}</Data>\
             <Data Name=\"LogonType\">{kind}</Data>\
             <Data Name=\"CommandLine\">net use \\\\srv /user:alice {CANARY}</Data></EventData></Event>"
        )
    };
    let mut seeds: Seeds = [
        format!("<Events>{}</Events>", event("alice", "CONTOSO", "0xc000006d", "0xc000006a", 10)),
        event("alice@contoso.com", "AzureAD", "0xc000006d", "0xc0000064", 3),
        event("a&amp;b", "C", "-1073741715", "0x0", 2)
            + &event("x", "&#x59;", "0xc0000234", "0", 11),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect();
    let shared = root().join("../shared/reference/evtx-samples/Security_short_selected.evtx");
    match std::fs::read(&shared) {
        Ok(bytes) => seeds.push(bytes),
        Err(_) => {
            eprintln!("fuzz: no ../shared beside the project: binary .evtx logs are not mutated")
        }
    }
    seeds
}

/// What `flowcred collect` gathers: the files rendered from two worlds and
/// the documented fixtures, with the canary in values flowcred reads but
/// never shows (a legal notice's text).
fn collected_seeds() -> Seeds {
    let mut seeds = Seeds::new();
    for file in ["unattended-logon-legal-notice.yaml", "unattended-logon-denied.yaml"] {
        let s =
            scenario::load_file(&root().join("scenarios").join(file), Default::default()).unwrap();
        for (_, text) in flowcred::cmd::collect::files(&s.world) {
            seeds.push(text.replace("Authorized use only", CANARY).into_bytes());
        }
    }
    for dir in ["entra-joined-machine", "localized"] {
        for entry in std::fs::read_dir(root().join("tests/fixtures/collected").join(dir)).unwrap() {
            seeds.push(std::fs::read(entry.unwrap().path()).unwrap());
        }
    }
    seeds
}

/// One input through the loader its seed belongs to; `Err` says what broke.
fn exercise(kind: usize, input: &[u8], rendered: &mut Vec<u8>) -> Result<(), String> {
    rendered.clear();
    match kind {
        0 => match scenario::load_bytes("fuzz.yaml", input) {
            Err(e) => {
                report::text_load_error(rendered, &e, Style::default()).unwrap();
                let json = serde_json::to_string(&report::json_load_error(&e)).unwrap();
                rendered.extend_from_slice(json.as_bytes());
            }
            Ok(s) => {
                let run = report::run(&s);
                report::text_run(rendered, &run, Style::default()).unwrap();
                report::markdown_run(rendered, &run).unwrap();
                let json = serde_json::to_string(&report::json_run(&run)).unwrap();
                rendered.extend_from_slice(json.as_bytes());
            }
        },
        1 => {
            let text = String::from_utf8_lossy(input);
            if let Ok(status) = dsregcmd::parse(&text) {
                let mut evidence = flowcred_core::Evidence::unknown();
                artifact::from_dsregcmd(&status, &mut evidence);
                let _ = status.join_kind();
                let _ = status.work_accounts();
            }
        }
        3 => {
            let Ok(read) = flowcred::events::from_bytes(input.to_vec()) else { return Ok(()) };
            let mut evidence = flowcred_core::Evidence::unknown();
            for event in &read.events {
                rendered.extend_from_slice(event.describe().as_bytes());
            }
            artifact::with_username("alice@contoso.com", "RPA-01", &mut evidence);
            artifact::with_events(&read.events, &mut evidence);
            evidence.derive();
            report::text_findings(rendered, &flowcred_core::diagnose(&evidence), Style::default())
                .unwrap();
            // A mutation may move the canary into a field flowcred shows.
            let shown = read.events.iter().any(|e| {
                [&e.target_user, &e.target_domain, &e.time, &e.process]
                    .iter()
                    .any(|f| f.contains(CANARY))
            });
            if contains(rendered, CANARY) && !shown {
                return Err(format!(
                    "the canary of an unread field reached an output:\n{}",
                    String::from_utf8_lossy(rendered)
                ));
            }
            return Ok(());
        }
        4 => {
            let Ok(text) = flowcred::input::decode(input) else { return Ok(()) };
            let mut collected = flowcred_core::collected::Collected::default();
            flowcred_core::collected::read("fuzz.txt", &text, &mut collected);
            let mut evidence = flowcred_core::Evidence::unknown();
            artifact::with_username("alice@contoso.com", "RPA-01", &mut evidence);
            evidence.run_mode.set(flowcred_core::model::RunMode::Unattended);
            flowcred_core::collected::apply(&collected, &mut evidence);
            evidence.derive();
            for file in &collected.files {
                for note in &file.notes {
                    rendered.extend_from_slice(note.as_bytes());
                }
            }
            report::text_findings(rendered, &flowcred_core::diagnose(&evidence), Style::default())
                .unwrap();
            // A mutation may move the canary out of the legal notice into
            // a value flowcred shows by design (a group's name, a version,
            // a credential provider's subkey): only a canary still on a
            // legal notice's line must stay hidden.
            let shown = text.lines().filter(|l| l.contains(CANARY)).any(|l| {
                let l = l.trim_start_matches(|c: char| c == '"' || c.is_whitespace());
                !l.to_ascii_lowercase().starts_with("legalnotice")
            });
            if contains(rendered, CANARY) && !shown {
                return Err(format!(
                    "the canary of a value flowcred never shows reached an output:\n{}",
                    String::from_utf8_lossy(rendered)
                ));
            }
            return Ok(());
        }
        _ => {
            let text = String::from_utf8_lossy(input);
            let _ = artifact::parse_error(&text);
            if let Err(e) = scenario::read_yaml::<AdminFacts>("facts.yaml", &text) {
                report::text_load_error(rendered, &e, Style::default()).unwrap();
            }
        }
    }
    if contains(rendered, CANARY) && canary_is_a_password(input) {
        return Err(format!(
            "the canary password reached an output:\n{}",
            String::from_utf8_lossy(rendered)
        ));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Whether every canary the mutated input still holds stands where a
/// password stands: a mutation may have moved it under another key or into
/// another value (a username), where flowcred cannot know it was one. YAML
/// that parses is judged by its values; other text by its lines.
fn canary_is_a_password(input: &[u8]) -> bool {
    let text = String::from_utf8_lossy(input);
    if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
        // Every canary of the text must be in a password value: one in a
        // comment, say, is text flowcred cannot know to hide.
        let mut in_passwords = 0;
        return canaries_under_password_keys(&value, false, &mut in_passwords)
            && in_passwords == text.matches(CANARY).count();
    }
    text.lines().filter(|l| l.contains(CANARY)).all(|line| {
        let before = &line[..line.find(CANARY).unwrap_or(0)];
        let before = before.trim_end_matches(['"', '\'', ' ']);
        before.strip_suffix(':').is_some_and(|key| {
            let key = key.trim_end().trim_end_matches(['"', '\'']);
            let key = key.rsplit([' ', '{', ',', '-']).next().unwrap_or("");
            key.ends_with("password")
        })
    })
}

fn canaries_under_password_keys(value: &serde_yaml::Value, under: bool, count: &mut usize) -> bool {
    use serde_yaml::Value;
    match value {
        Value::String(s) if under => {
            *count += s.matches(CANARY).count();
            true
        }
        Value::String(s) => !s.contains(CANARY),
        Value::Sequence(items) => {
            items.iter().all(|v| canaries_under_password_keys(v, under, count))
        }
        Value::Mapping(map) => map.iter().all(|(k, v)| {
            let key = k.as_str().unwrap_or("");
            let password =
                under || (key.contains("password") && flowcred::mask::is_secret_key(key));
            !key.contains(CANARY) && canaries_under_password_keys(v, password, count)
        }),
        Value::Tagged(tagged) => canaries_under_password_keys(&tagged.value, under, count),
        _ => true,
    }
}

#[test]
#[allow(clippy::print_stderr)] // the run says what it covered
fn fuzz_the_loaders() {
    let inputs: u64 = std::env::var("FLOWCRED_FUZZ_INPUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_INPUTS);
    let (scenarios, dsregcmd, payloads) = seeds();
    let events = event_seeds();
    let collected = collected_seeds();
    let groups = [&scenarios, &dsregcmd, &payloads, &events, &collected];
    let done = AtomicU64::new(0);
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (groups, done) = (&groups, &done);
                scope.spawn(move || {
                    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (t + 1));
                    let mut rendered = Vec::new();
                    let mut failures = Vec::new();
                    let share = inputs / threads + u64::from(t < inputs % threads);
                    for _ in 0..share {
                        let kind = rng.below(groups.len());
                        let group = groups[kind];
                        let seed = &group[rng.below(group.len())];
                        let input = mutate(&mut rng, seed, group);
                        let outcome = catch_unwind(AssertUnwindSafe(|| {
                            exercise(kind, &input, &mut rendered)
                        }));
                        let failure = match outcome {
                            Ok(Ok(())) => None,
                            Ok(Err(leak)) => Some(leak),
                            Err(_) => Some("a panic".to_owned()),
                        };
                        if let Some(what) = failure {
                            failures.push(format!(
                                "{what} on input:\n{}",
                                String::from_utf8_lossy(&input)
                            ));
                            if failures.len() >= 3 {
                                break;
                            }
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    failures
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let count = done.load(Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "fuzz: {count} inputs on {threads} threads in {seconds:.1} s ({:.0} inputs/s), {} failures",
        count as f64 / seconds,
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
