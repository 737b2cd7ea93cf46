//! The real `flowcred` process: exit codes and a reader that closes the pipe
//! early. Everything else is tested in process by `flowcred-tests`.

use std::io::Read;
use std::process::{Command, Stdio};

fn flowcred() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flowcred"));
    cmd.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    cmd
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    let mut child = flowcred()
        .args(["run", "scenarios"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // Dropping the pipe's read end closes it while flowcred is still writing.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn exit_codes_and_no_colour_off_a_terminal() {
    let ok = flowcred().args(["check", "scenarios"]).output().unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&ok.stdout).contains('\x1b'));
    let missing = flowcred().args(["run", "no-such-file.yaml"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
