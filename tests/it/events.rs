//! `diagnose --events`: Windows Security events as evidence, from a saved
//! binary log or the XML `wevtutil` prints.

use flowcred::cli::Exit;
use flowcred_tests::{flowcred, root};

/// A file that starts as a binary log but is none is refused by name.
#[test]
fn a_broken_binary_event_log_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("Security.evtx");
    std::fs::write(&path, b"ElfFile\0\x00\x00rest of a binary log").unwrap();
    let out = flowcred(&["diagnose", "--events", &path.to_string_lossy(), "--username", "alice"]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("Security.evtx: not a readable .evtx log"), "{}", out.stderr);
}

/// The real Security log in the shared samples: its one 4625 (a Remote
/// Desktop logon refused for a wrong password) becomes the evidence, and
/// its status the sub-code, which leaves the wrong-password cause alone.
#[test]
#[ignore = "reads ../shared/reference; .ci/run runs it"]
fn the_shared_binary_log_reads_as_a_wrong_password_over_remote_desktop() {
    let log = root().join("../shared/reference/evtx-samples/Security_short_selected.evtx");
    assert!(log.is_file(), "{}: the shared references must sit beside the project", log.display());
    let log = log.to_string_lossy();
    let out = flowcred(&["diagnose", "--events", &log, "--username", "TEMPORAL\\Administrator"]);
    assert!(
        out.stdout.contains(
            "Security event 4625 record 319457832 (2016-06-29T15:24:36.6860000Z): `TEMPORAL\\Administrator`, Remote Desktop logon, status 0xC000006D/0xC000006A (wrong password)"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("observed error: WindowsIdentityIncorrect"), "{}", out.stdout);
    assert!(out.stdout.contains("ranked (1):"), "{}", out.stdout);
    assert!(out.stdout.contains("FC024 windows-password-incorrect"), "{}", out.stdout);
    // The negative control: 126 records, successful logons only.
    let quiet = root().join("../shared/reference/evtx-samples/post-Security.evtx");
    let out = flowcred(&[
        "diagnose",
        "--events",
        &quiet.to_string_lossy(),
        "--username",
        "Administrator",
    ]);
    assert!(!out.stdout.contains("Security event"), "{}", out.stdout);
    assert!(!out.stdout.contains("observed error"), "{}", out.stdout);
}

/// An account name with `&` in a binary log: the evtx parser renders it as
/// `&amp;`, which reads back as `&`, the whole name, so the event names
/// that account and not the one its first part spells. (The shared log,
/// with `Administrator` written `Administr&tor`, both UTF-16 of one length.)
#[test]
#[ignore = "reads ../shared/reference; .ci/run runs it"]
fn an_ampersand_in_a_binary_log_is_part_of_the_name() {
    let log = root().join("../shared/reference/evtx-samples/Security_short_selected.evtx");
    let bytes = std::fs::read(&log).expect("the shared references sit beside the project");
    let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
    let (from, to) = (utf16("Administrator"), utf16("Administr&tor"));
    let mut edited = bytes.clone();
    let mut i = 0;
    while let Some(at) = edited[i..].windows(from.len()).position(|w| w == from.as_slice()) {
        edited[i + at..i + at + to.len()].copy_from_slice(&to);
        i += at + to.len();
    }
    assert_ne!(edited, bytes);
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("Security.evtx");
    std::fs::write(&path, edited).unwrap();
    let path = path.to_string_lossy();
    let out = flowcred(&["diagnose", "--events", &path, "--username", "TEMPORAL\\Administr&tor"]);
    assert!(
        out.stdout.contains("`TEMPORAL\\Administr&tor`, Remote Desktop logon"),
        "{}",
        out.stdout
    );
    let other = flowcred(&["diagnose", "--events", &path, "--username", "TEMPORAL\\Administr"]);
    assert!(!other.stdout.contains("Security event"), "{}", other.stdout);
}

/// The same in the XML `wevtutil` prints: `alice&amp;` is `alice&`.
#[test]
fn an_ampersand_in_event_xml_is_part_of_the_name() {
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("security.xml");
    std::fs::write(&path, XML.replace(">alice<", ">alice&amp;<")).unwrap();
    let log = path.to_string_lossy();
    let out = flowcred(&["diagnose", "--events", &log, "--username", "CONTOSO\\alice&"]);
    assert!(out.stdout.contains("`CONTOSO\\alice&`"), "{}", out.stdout);
    let other = flowcred(&["diagnose", "--events", &log, "--username", "CONTOSO\\alice"]);
    assert!(!other.stdout.contains("Security event"), "{}", other.stdout);
}

const XML: &str = r#"<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>4625</EventID><TimeCreated SystemTime="2025-06-03T09:14:22.789Z"/><EventRecordID>4711</EventRecordID></System><EventData><Data Name="TargetUserName">alice</Data><Data Name="TargetDomainName">CONTOSO</Data><Data Name="Status">0xc0000234</Data><Data Name="SubStatus">0x0</Data><Data Name="LogonType">2</Data></EventData></Event>"#;

/// `wevtutil` XML works the same, and an event of another account is no
/// evidence about the connection's.
#[test]
fn wevtutil_xml_names_the_account_or_says_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("security.xml");
    std::fs::write(&path, XML).unwrap();
    let log = path.to_string_lossy().into_owned();
    let out = flowcred(&["diagnose", "--events", &log, "--username", "CONTOSO\\alice"]);
    assert!(out.stdout.contains("Security event 4625 record 4711"), "{}", out.stdout);
    assert!(out.stdout.contains("(account locked out)"), "{}", out.stdout);
    assert!(out.stdout.contains("observed error: AccountLockedOut"), "{}", out.stdout);
    assert!(out.stdout.contains("FC022 domain-account-locked-out [confirmed]"), "{}", out.stdout);
    let other = flowcred(&["diagnose", "--events", &log, "--username", "CONTOSO\\bob"]);
    assert!(!other.stdout.contains("Security event"), "{}", other.stdout);
    assert!(!other.stdout.contains("observed error"), "{}", other.stdout);

    std::fs::write(&path, "not an event log").unwrap();
    let bad = flowcred(&["diagnose", "--events", &log, "--username", "alice"]);
    assert_eq!(bad.exit, Exit::Failure);
    assert!(
        bad.stderr.contains("security.xml") && bad.stderr.contains("no Windows event"),
        "{}",
        bad.stderr
    );
}
