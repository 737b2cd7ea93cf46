//! `diagnose --events`: Windows Security events as evidence, from the XML
//! `wevtutil` prints.

use flowcred::cli::Exit;
use flowcred_tests::flowcred;

/// A binary `.evtx` is named for what it is, with the command that exports
/// it as XML.
#[test]
fn a_binary_event_log_asks_for_its_xml() {
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("Security.evtx");
    std::fs::write(&path, b"ElfFile\0\x00\x00rest of a binary log").unwrap();
    let out = flowcred(&["diagnose", "--events", &path.to_string_lossy(), "--username", "alice"]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("Security.evtx: a binary .evtx log"), "{}", out.stderr);
    assert!(out.stderr.contains("/lf:true /f:xml"), "{}", out.stderr);
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
