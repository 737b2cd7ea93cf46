//! The differential test: flowcred's on-premises logon model against a real
//! Active Directory domain controller (Samba) on loopback.
//!
//! Every case is an account state and a sequence of logon attempts (right or
//! wrong password). Each attempt goes to the directory over NTLM (netlogon,
//! which returns the directory's own status), over SMB where only a client's
//! view shows the outcome (workstation restrictions), and over Kerberos; the
//! model answers the same sequence. Any difference is a disagreement,
//! printed as the minimal scenario that shows it.
//!
//! Run it on demand with `cargo test -p flowcred-tests --test it samba --
//! --nocapture`; it needs the Debian packages listed in `.ci/run`, and root
//! for the directory's ports. In CI a missing directory is a failure.

// The comparison reports what it compared, and why it skips, on stderr.
#![allow(clippy::print_stderr)]

use std::fmt::Write as _;

use flowcred_core::directory::{Account, NtStatus, Order, Policy};
use flowcred_tests::samba::{Directory, StartError, LOCKOUT_THRESHOLD};

/// How a case reaches the directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Probe {
    /// `ntlm_auth`: netlogon, the directory's status itself.
    Ntlm,
    /// `smbclient` from workstation CLIENT1: what a client sees.
    Smb,
    /// `kinit`: the KDC's error code.
    Kerberos,
}

#[derive(Clone, Debug)]
struct Case {
    name: String,
    account: Account,
    /// `None`: the account does not exist.
    exists: bool,
    attempts: Vec<bool>,
    probe: Probe,
}

/// What the directory answered to one case.
#[derive(Debug)]
struct Observation {
    case: Case,
    answers: Vec<String>,
}

/// Differences Samba is known to have from Windows, left out of the comparison.
const KNOWN_SAMBA_DIFFERENCES: &[(&str, Probe, &str)] = &[(
    "workstation",
    Probe::Kerberos,
    "Samba's KDC does not enforce userWorkstations (MIT kinit sends no NetBIOS address); Windows is believed to",
)];

fn restrictions() -> Vec<(&'static str, Account)> {
    vec![
        ("enabled", Account::default()),
        ("disabled", Account { disabled: true, ..Account::default() }),
        ("account-expired", Account { account_expired: true, ..Account::default() }),
        ("logon-hours", Account { logon_hours_denied: true, ..Account::default() }),
        ("must-change", Account { must_change_password: true, ..Account::default() }),
        ("password-expired", Account { password_expired: true, ..Account::default() }),
        ("workstation", Account { workstation_restricted: true, ..Account::default() }),
    ]
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add =
        |name: String, account: Account, exists: bool, attempts: Vec<bool>, probe: Probe| {
            cases.push(Case { name, account, exists, attempts, probe });
        };
    for (state, account) in restrictions() {
        // Workstation restrictions show only to a client that names itself.
        let netlogon = if state == "workstation" { Probe::Smb } else { Probe::Ntlm };
        for (right, label) in [(true, "right"), (false, "wrong")] {
            add(format!("{state}, {label} password"), account.clone(), true, vec![right], netlogon);
            add(
                format!("{state}, {label} password, kerberos"),
                account.clone(),
                true,
                vec![right],
                Probe::Kerberos,
            );
        }
        // Bad passwords lock the account whatever its state, and lockout
        // comes before every other check.
        let mut lockout = vec![false; LOCKOUT_THRESHOLD as usize];
        lockout.extend([true, false]);
        add(
            format!("{state}, locked out by bad passwords"),
            account.clone(),
            true,
            lockout.clone(),
            netlogon,
        );
        add(
            format!("{state}, locked out by bad passwords, kerberos"),
            account,
            true,
            lockout,
            Probe::Kerberos,
        );
    }
    add("unknown user".into(), Account::default(), false, vec![true], Probe::Ntlm);
    add("unknown user, kerberos".into(), Account::default(), false, vec![true], Probe::Kerberos);
    add(
        "a good logon resets the bad-password count".into(),
        Account::default(),
        true,
        vec![false, false, true, false, false, true],
        Probe::Ntlm,
    );
    // Two restrictions at once: which does the directory report?
    let singles = restrictions();
    for (i, (a, first)) in singles.iter().enumerate().skip(1) {
        for (b, second) in singles.iter().skip(i + 1) {
            if *b == "workstation" || *a == "workstation" {
                continue;
            }
            let both = Account {
                disabled: first.disabled || second.disabled,
                account_expired: first.account_expired || second.account_expired,
                logon_hours_denied: first.logon_hours_denied || second.logon_hours_denied,
                must_change_password: first.must_change_password || second.must_change_password,
                password_expired: first.password_expired || second.password_expired,
                ..Account::default()
            };
            add(format!("{a} and {b}, right password"), both, true, vec![true], Probe::Ntlm);
        }
    }
    cases
}

fn account_name(index: usize) -> String {
    format!("fc{index:03}")
}

const PASSWORD: &str = "Fl0wcred!Right-1";
const WRONG: &str = "Fl0wcred!Wrong-2";

fn observe(dc: &Directory, cases: &[Case]) -> Vec<Observation> {
    let accounts: Vec<(String, String, Account)> = cases
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exists)
        .map(|(i, c)| (account_name(i), PASSWORD.to_owned(), c.account.clone()))
        .collect();
    dc.create_accounts(&accounts).expect("the accounts are created");
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let user = if case.exists { account_name(i) } else { "nosuchuser".to_owned() };
            let answers = case
                .attempts
                .iter()
                .map(|&right| {
                    let password = if right { PASSWORD } else { WRONG };
                    let answer = match case.probe {
                        Probe::Ntlm => dc.ntlm_auth(&user, password).map(|s| s.name().to_owned()),
                        Probe::Smb => dc.smb(&user, password, "CLIENT1"),
                        Probe::Kerberos => dc.kinit(&user, password).map(kdc_text),
                    };
                    answer.unwrap_or_else(|e| format!("no answer: {e}"))
                })
                .collect();
            Observation { case: case.clone(), answers }
        })
        .collect()
}

fn kdc_text(code: Option<u32>) -> String {
    code.map_or_else(|| "TGT issued".to_owned(), |c| format!("KDC error {c}"))
}

/// What the model says a probe shows for one status.
fn expected(status: NtStatus, probe: Probe) -> String {
    match probe {
        Probe::Ntlm => status.name().to_owned(),
        // A client sees a wrong password and an unknown user alike.
        Probe::Smb => match status {
            NtStatus::WrongPassword | NtStatus::NoSuchUser => "NT_STATUS_LOGON_FAILURE".to_owned(),
            status => status.name().to_owned(),
        },
        Probe::Kerberos => kdc_text(status.kdc_error()),
    }
}

/// The model's answers to a case under `policy`.
fn model(case: &Case, policy: &Policy) -> Vec<String> {
    let mut account = case.account.clone();
    case.attempts
        .iter()
        .map(|&right| {
            let status =
                if case.exists { account.logon(right, policy) } else { NtStatus::NoSuchUser };
            expected(status, case.probe)
        })
        .collect()
}

/// Every disagreement between the directory and the model, as the minimal
/// scenario that shows it.
fn disagreements(observed: &[Observation], policy: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    for o in observed {
        if KNOWN_SAMBA_DIFFERENCES
            .iter()
            .any(|(state, probe, _)| o.case.name.starts_with(state) && *probe == o.case.probe)
        {
            continue;
        }
        let predicted = model(&o.case, policy);
        if predicted != o.answers {
            let mut text = format!("case `{}` ({:?}):\n", o.case.name, o.case.probe);
            let _ = writeln!(text, "  account: {:?}", o.case.account);
            for (n, ((right, directory), model)) in
                o.case.attempts.iter().zip(&o.answers).zip(&predicted).enumerate()
            {
                let mark = if directory == model { " " } else { "*" };
                let _ = writeln!(
                    text,
                    "  {mark} attempt {} with the {} password: directory {directory}, model {model}",
                    n + 1,
                    if *right { "right" } else { "wrong" }
                );
            }
            out.push(text);
        }
    }
    out
}

#[test]
#[ignore = "needs a Samba AD domain controller (root, Debian's samba packages); .ci/run installs and runs it"]
fn the_logon_model_agrees_with_a_real_directory() {
    let started = std::time::Instant::now();
    let dc = match Directory::start() {
        Ok(dc) => dc,
        Err(StartError::Missing(programs)) => panic!(
            "the differential test needs a Samba AD domain controller; missing: {programs}. \
             Install with `apt-get install samba samba-ad-dc samba-dsdb-modules samba-vfs-modules \
             samba-ad-provision winbind smbclient krb5-user ldb-tools` (as `.ci/run` does) and run as root."
        ),
        Err(e) => panic!("the directory did not start: {e:?}"),
    };
    let ready = started.elapsed();
    let cases = cases();
    let observed = observe(&dc, &cases);
    drop(dc);
    let attempts: usize = observed.iter().map(|o| o.answers.len()).sum();
    eprintln!(
        "compared {} cases ({attempts} logon attempts) with Samba in {:.1} s ({:.1} s to provision and start)",
        cases.len(),
        started.elapsed().as_secs_f64(),
        ready.as_secs_f64()
    );
    for (state, probe, why) in KNOWN_SAMBA_DIFFERENCES {
        eprintln!("left out: `{state}` over {probe:?}: {why}");
    }
    let found = disagreements(&observed, &Policy::default());
    assert!(found.is_empty(), "the model disagrees with the directory:\n{}", found.join("\n"));

    // A model that checks restrictions before the password disagrees, and
    // says where, in words a rule developer can act on.
    let flipped =
        disagreements(&observed, &Policy { order: Order::RestrictionsFirst, ..Policy::default() });
    assert!(!flipped.is_empty());
    let report = flipped.join("\n");
    assert!(report.contains("case `disabled, wrong password` (Ntlm)"), "{report}");
    assert!(report.contains("* attempt 1 with the wrong password: directory NT_STATUS_WRONG_PASSWORD, model NT_STATUS_ACCOUNT_DISABLED"), "{report}");
    // No password reaches any message.
    assert!(!report.contains(PASSWORD) && !report.contains(WRONG));
}
