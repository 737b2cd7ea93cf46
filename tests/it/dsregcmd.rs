//! `dsregcmd /status` in and out: real captures (read from the shared
//! references, never copied), our own fixtures (snapshots), the renderer's
//! round trip, hostile text, and `diagnose` / `import` as a support engineer
//! runs them.

use std::path::PathBuf;

use flowcred::cli::Exit;
use flowcred_core::dsregcmd::{self, Layout};
use flowcred_core::model::JoinKind;
use flowcred_core::space::{self, Dims, Passwords};
use flowcred_tests::{flowcred, root};
use proptest::prelude::*;

/// A real capture from the shared references beside the project. They are
/// not copied into it, so the tests that read them are ignored by default
/// (`cargo test` lists them as ignored) and `.ci/run` runs them with
/// `--ignored`, where a missing capture is a failure.
fn capture(name: &str) -> (PathBuf, String) {
    let path = root().join("../shared/reference/dsregcmd-captures").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => (path, text),
        Err(e) => {
            panic!("{}: {e} (the shared references must sit beside the project)", path.display())
        }
    }
}

/// The 1-based line of the first line holding `needle`, found independently of the parser.
fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

#[test]
#[ignore = "reads ../shared/reference; .ci/run runs it"]
fn real_captures_parse_to_their_join_kind_with_line_numbers() {
    let cases: &[(&str, JoinKind, Layout)] = &[
        ("kolide-launcher-not-joined.txt", JoinKind::NotJoined, Layout::Modern),
        (
            "patricklim-ws2022-domain-joined-only-hybrid-join-failing.txt",
            JoinKind::DomainJoined,
            Layout::Modern,
        ),
        ("rehan6658-ine-lab-entra-joined-win10.txt", JoinKind::EntraJoined, Layout::Modern),
        (
            "maxiemiliyan-entra-joined-retyped-irregular-alignment.txt",
            JoinKind::EntraJoined,
            Layout::Modern,
        ),
        (
            "backbone2k-blog-2018-hybrid-joined-win10-rs4-old-format.txt",
            JoinKind::HybridJoined,
            Layout::Combined2018,
        ),
        (
            "darioairoldi-workplace-registered-only-abridged.txt",
            JoinKind::RegisteredOnly,
            Layout::Modern,
        ),
    ];
    for (name, join, layout) in cases {
        let (_, text) = capture(name);
        let status = dsregcmd::parse(&text).unwrap_or_else(|e| panic!("{name}: {}", e.0));
        assert_eq!(status.join_kind(), Some(*join), "{name}");
        assert_eq!(status.layout, *layout, "{name}");
        let (_, line) = status.flag("AzureAdJoined").unwrap();
        assert_eq!(line, line_of(&text, "AzureAdJoined :"), "{name}");
    }
}

#[test]
#[ignore = "reads ../shared/reference; .ci/run runs it"]
fn real_captures_keep_their_details() {
    let (_, text) = capture("patricklim-ws2022-domain-joined-only-hybrid-join-failing.txt");
    let s = dsregcmd::parse(&text).unwrap();
    assert_eq!(s.value("DomainName").map(|v| v.0), Some("RCMLAB"));
    assert_eq!(s.value("Client ErrorCode").map(|v| v.0), Some("0x801c001d"));
    assert_eq!(s.value("AD Configuration Test").map(|v| v.0), Some("FAIL [0x80070002]"));
    let pac = s.value("Auto Detect PAC Status").unwrap().0;
    assert!(pac.ends_with("script using WPAD. code: 0x80072f94"), "{pac}");
    assert_eq!(
        s.executing_account(),
        Some((
            "RCMLAB\\RCMLAB-WS2022-S$, RCMLAB-WS2022-S$@rcmlab.local",
            line_of(&text, "Executing Account Name")
        ))
    );

    let (_, text) = capture("maxiemiliyan-entra-joined-retyped-irregular-alignment.txt");
    let s = dsregcmd::parse(&text).unwrap();
    assert_eq!(s.value("TenantId").map(|v| v.0), Some("26992f3d-01a1-4b80-9e61-6877d1114bad"));
    assert_eq!(s.value("AzureAdPrtUpdateTime").map(|v| v.0), Some("2025-06-02 05:57:29.000 UTC"));

    let (_, text) = capture("darioairoldi-workplace-registered-only-abridged.txt");
    let s = dsregcmd::parse(&text).unwrap();
    let accounts = s.work_accounts();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].tenant_name.as_deref(), Some("Microsoft"));

    let (_, text) = capture("backbone2k-blog-2018-hybrid-joined-win10-rs4-old-format.txt");
    let s = dsregcmd::parse(&text).unwrap();
    assert_eq!(s.field_in("User State", "AzureAdPrt").map(|f| f.value.as_str()), Some("YES"));
    assert_eq!(s.value("DomainName").map(|v| v.0), Some("DOMAIN"));
}

/// What a fixture parses to, as a reviewer reads it.
fn summary(text: &str) -> String {
    let s = match dsregcmd::parse(text) {
        Ok(s) => s,
        Err(e) => return format!("error: {}\n", e.0),
    };
    let mut out = format!(
        "layout: {}\njoin kind: {}\n",
        s.layout.as_str(),
        s.join_kind().map_or("unknown", |j| j.as_str())
    );
    for key in [
        "AzureAdJoined",
        "EnterpriseJoined",
        "DomainJoined",
        "DomainName",
        "Device Name",
        "DeviceAuthStatus",
        "EnterprisePrtAuthority",
        "TenantId",
        "WorkplaceJoined",
        "AzureAdPrt",
        "Executing Account Name",
    ] {
        if let Some(f) = s.field(key) {
            out.push_str(&format!(
                "line {:>3}: [{}] {} = {:?}\n",
                f.line, f.section, f.key, f.value
            ));
        }
    }
    for a in s.work_accounts() {
        out.push_str(&format!(
            "line {:>3}: {} tenant {:?} ({:?})\n",
            a.line, a.section, a.tenant_id, a.tenant_name
        ));
    }
    if let Some(p) = s.prt_failure() {
        for f in [
            p.attempt_status,
            p.user_identity,
            p.credential_type,
            p.server_error_code,
            p.server_error_description,
        ]
        .into_iter()
        .flatten()
        {
            out.push_str(&format!("line {:>3}: PRT failure {} = {:?}\n", f.line, f.key, f.value));
        }
    }
    out.push_str(&format!("fields: {}\n", s.fields.len()));
    out
}

#[test]
fn fixtures_parse_to_the_reviewed_facts() {
    insta::glob!("../fixtures/dsregcmd", "*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(summary(&text));
    });
}

#[test]
#[ignore = "reads ../shared/reference; .ci/run runs it"]
fn bom_and_utf16_inputs_diagnose_like_utf8() {
    let (_, text) = capture("kolide-launcher-not-joined.txt");
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(text.bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for (name, bytes) in [("bom.txt", bom), ("utf16.txt", utf16)] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = flowcred(&[
            "diagnose",
            "--dsregcmd",
            &path.to_string_lossy(),
            "--error",
            "InvalidConnectionCredentials",
        ]);
        assert!(
            out.stdout.contains("FC013 device-not-joined [confirmed]"),
            "{name}: {}{}",
            out.stdout,
            out.stderr
        );
    }
}

#[test]
fn hostile_text_gets_an_answer_not_a_panic() {
    let junk: String = (0..2_000_000u32)
        .map(|i| char::from(b' ' + (i.wrapping_mul(2654435761) >> 25) as u8 % 95))
        .collect();
    assert!(dsregcmd::parse(&junk).is_err());
    let many_lines = "             AzureAdJoined : NO\n".repeat(100_000);
    assert_eq!(dsregcmd::parse(&many_lines).unwrap().fields.len(), 100_000);
    let long_line = format!("AzureAdJoined : NO\nNote : {}\n", "x".repeat(10 << 20));
    assert_eq!(dsregcmd::parse(&long_line).unwrap().flag("AzureAdJoined"), Some((false, 1)));
    let big = "| Device State |\n  DomainJoined : YES\n".repeat(1_500_000); // about 50 MB
    assert!(dsregcmd::parse(&big).unwrap_err().0.contains("more than 100000 fields"));
    let binary = String::from_utf8_lossy(&(0..=255u8).cycle().take(1 << 20).collect::<Vec<_>>())
        .into_owned();
    assert!(dsregcmd::parse(&binary).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn rendered_output_parses_back_to_the_machine(index in 0..space::size()) {
        let world = Dims::at(index).world(&Passwords::default());
        let machine = &world.machine;
        let text = dsregcmd::render(&world);
        let s = dsregcmd::parse(&text).unwrap();
        let ds = &machine.device_state;
        prop_assert_eq!(s.flag("AzureAdJoined").map(|f| f.0), Some(ds.azure_ad_joined));
        prop_assert_eq!(s.flag("DomainJoined").map(|f| f.0), Some(ds.domain_joined));
        prop_assert_eq!(s.flag("EnterpriseJoined").map(|f| f.0), Some(ds.enterprise_joined));
        prop_assert_eq!(s.value("DomainName").map(|v| v.0.to_owned()), ds.domain_name.as_deref().map(str::to_owned));
        prop_assert_eq!(s.value("Device Name").map(|v| v.0), Some(machine.name.as_str()));
        prop_assert_eq!(s.join_kind(), Some(ds.join_kind()));
        let tenant = s.value("TenantId").map(|v| v.0);
        prop_assert_eq!(tenant, ds.azure_ad_joined.then_some(world.tenant.id.as_str()));
    }
}

#[test]
#[ignore = "reads ../shared/reference; .ci/run runs it"]
fn diagnose_confirms_the_join_cause_with_its_line() {
    let (path, text) = capture("kolide-launcher-not-joined.txt");
    let payload = r#"{"error":{"code":"InvalidConnectionCredentials","message":"Could not connect to the Power Automate UI flows Agent. Please make sure that the UI flows connection credentials are valid."}}"#;
    let out = flowcred(&["diagnose", "--dsregcmd", &path.to_string_lossy(), "--error", payload]);
    assert_eq!(out.exit, Exit::Mismatch, "{}", out.stderr);
    let first = out.stdout.find("  FC").unwrap();
    assert!(
        out.stdout[first..].starts_with(
            "  FC013 device-not-joined [confirmed] explains InvalidConnectionCredentials"
        ),
        "{}",
        out.stdout
    );
    let line = line_of(&text, "AzureAdJoined :");
    assert!(
        out.stdout.contains(&format!("kolide-launcher-not-joined.txt:{line}\n")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("{line} |              AzureAdJoined : NO")),
        "{}",
        out.stdout
    );

    let json = flowcred(&[
        "diagnose",
        "--format",
        "json",
        "--dsregcmd",
        &path.to_string_lossy(),
        "--error",
        payload,
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["findings"][0]["rule"], "FC013");
    let lines: Vec<_> = v["findings"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["line"].as_u64())
        .collect();
    assert!(lines.contains(&u64::from(line)), "{lines:?}");
}

#[test]
fn diagnose_suspects_the_federated_cause_and_asks_for_phs_and_hrd() {
    let fixture = root().join("tests/fixtures/dsregcmd/prt-failure-federated-aadsts50126.txt");
    // What the run showed and the connection's username come from the
    // person diagnosing; the PRT attempt is the machine's own sign-in.
    let connection = ["--error", "AADSTS50126", "--username", "alice@contoso.com"];
    let machine_only = flowcred(&["diagnose", "--dsregcmd", &fixture.to_string_lossy()]);
    assert!(!machine_only.stdout.contains("observed error"), "{}", machine_only.stdout);
    assert!(machine_only.stdout.contains(
        "Windows sign-in on the machine (PRT attempt, line 49): `alice@contoso.com`, refused with `AADSTS50126:"
    ));
    let mut args = vec!["diagnose", "--dsregcmd"];
    let path = fixture.to_string_lossy().into_owned();
    args.push(&path);
    args.extend(connection);
    let out = flowcred(&args);
    let likely =
        &out.stdout[out.stdout.find("Causes of AADSTS50126, ranked").expect(&out.stdout)..];
    assert!(likely.contains("FC006 federated-without-password-hash-sync [suspected]"));
    assert!(likely.contains("FC007 federated-without-cloud-password-validation [suspected]"));
    assert!(likely.contains("- password hash sync: in the Entra admin center"), "{likely}");
    assert!(likely.contains("- HRD policy: list Graph"), "{likely}");
    // The one check that settles the most of these suspects is named first.
    assert!(
        likely.contains(
            "Check first: connection credential (6 of the 7 suspected causes above wait on it)"
        ),
        "{likely}"
    );

    // The administrator answers: federated, no PHS, no policy.
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let facts = dir.join("facts.yaml");
    std::fs::write(
        &facts,
        "credential: password\ndomain_type: federated\npassword_hash_sync: false\nhrd_policy: none\n",
    )
    .unwrap();
    let facts_path = facts.to_string_lossy().into_owned();
    let out = flowcred(&[&args[..], &["--facts", &facts_path]].concat());
    assert!(
        out.stdout.contains("FC006 federated-without-password-hash-sync [confirmed]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("FC007 federated-without-cloud-password-validation [confirmed]"),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains(r#"{"HomeRealmDiscoveryPolicy":{"AllowCloudPasswordValidation":true}}"#));
    std::fs::write(&facts, "domain_type: federatd\n").unwrap();
    let bad = flowcred(&[
        "diagnose",
        "--dsregcmd",
        &fixture.to_string_lossy(),
        "--facts",
        &facts.to_string_lossy(),
    ]);
    assert_eq!(bad.exit, Exit::Failure);
    assert!(
        bad.stderr.contains("facts.yaml:1:") && bad.stderr.contains("domain_type"),
        "{}",
        bad.stderr
    );
}

#[test]
fn diagnose_refuses_text_that_is_not_dsregcmd() {
    let fixture = root().join("tests/fixtures/dsregcmd/not-dsregcmd-ipconfig.txt");
    let out = flowcred(&["diagnose", "--dsregcmd", &fixture.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Failure);
    assert!(out.stderr.contains("not `dsregcmd /status` output"), "{}", out.stderr);
}

#[test]
#[ignore = "reads ../shared/reference; .ci/run runs it"]
fn import_writes_a_machine_with_placeholders() {
    let (path, _) = capture("rehan6658-ine-lab-entra-joined-win10.txt");
    let out = flowcred(&["import", "dsregcmd", &path.to_string_lossy()]);
    assert_eq!(out.exit, Exit::Ok, "{}", out.stderr);
    assert!(out.stdout.contains("  name: MACHINE-1\n"), "{}", out.stdout);
    assert!(out.stdout.contains("- upn: user1@contoso.example"), "{}", out.stdout);
    for real in ["Win10-Client", "d10f84e2-ba05-45c0-90b7-994f1fafa537", "inesecuritylabs"] {
        assert!(!out.stdout.contains(real), "{real} leaked: {}", out.stdout);
    }
    let kept = flowcred(&["import", "dsregcmd", "--keep-identifiers", &path.to_string_lossy()]);
    assert!(kept.stdout.contains("Win10-Client"));
    // With a tenant, a connection and expectations, the import is a scenario.
    let machine: String =
        out.stdout.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    let scenario = format!(
        "# imported\ntenant:\n  id: t\n  name: Contoso\n  domains: [{{name: contoso.example, type: managed}}]\n  users: [{{upn: user1@contoso.example, password: p}}]\n{machine}connection:\n  username: user1@contoso.example\n  credential: {{password: p}}\nexpect:\n  error: none\n  rules: []\n"
    );
    let loaded = flowcred::scenario::load_str("imported.yaml", &scenario).unwrap();
    assert!(loaded.world.machine.device_state.azure_ad_joined);
}

#[test]
fn batch_triage_over_rendered_machines() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let passwords = Passwords::default();
    let mut expected_unjoined = 0;
    for i in 0..120 {
        let mut world = Dims::at(i * 12_289 % space::size()).world(&passwords);
        world.machine.name = format!("RPA-{i:03}").into();
        if !world.machine.device_state.azure_ad_joined && !world.machine.device_state.domain_joined
        {
            expected_unjoined += 1;
        }
        let text = dsregcmd::render(&world);
        std::fs::write(dir.join(format!("RPA-{i:03}.txt")), text).unwrap();
    }
    std::fs::write(dir.join("broken.txt"), "not dsregcmd at all\n").unwrap();
    // What the fleet's administrator knows: connections use a UPN and a password.
    let facts_dir = tempfile::tempdir().unwrap();
    let facts = facts_dir.path().join("facts.yaml");
    std::fs::write(&facts, "credential: password\n").unwrap();
    let out = flowcred(&[
        "diagnose",
        "--batch",
        &dir.to_string_lossy(),
        "--username",
        "alice@contoso.com",
        "--facts",
        &facts.to_string_lossy(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let machines = v["machines"].as_array().unwrap();
    assert_eq!(machines.len(), 121);
    assert_eq!(machines[0]["machine"], "RPA-000");
    assert_eq!(v["causes"]["FC013 device-not-joined"], expected_unjoined, "{}", out.stdout);
    assert_eq!(v["causes"]["unreadable"], 1);
    assert_eq!(out.exit, Exit::Failure, "an unreadable output is reported");
}

#[test]
fn a_ws_trust_failure_is_told_apart_from_aadsts50126() {
    let fixture = root().join("tests/fixtures/dsregcmd/prt-failure-ws-trust-federated.txt");
    // The connection's credential, as the person diagnosing knows it: the
    // PRT attempt's credential type is the machine's own sign-in.
    let temp = tempfile::tempdir().unwrap();
    let facts = temp.path().join("facts.yaml");
    std::fs::write(&facts, "credential: password\n").unwrap();
    let out = flowcred(&[
        "diagnose",
        "--dsregcmd",
        &fixture.to_string_lossy(),
        "--error",
        "-1073741715",
        "--username",
        "alice@contoso.com",
        "--facts",
        &facts.to_string_lossy(),
    ]);
    // A bare status is read as what it is, not as a code that carries it.
    let heading = "Causes of STATUS_LOGON_FAILURE (-1073741715), ranked";
    let likely = &out.stdout[out.stdout.find(heading).expect(&out.stdout)..];
    let first = likely.find("  FC").unwrap();
    assert!(
        likely[first..].starts_with("  FC050 adfs-ws-trust-unavailable [confirmed]"),
        "{likely}"
    );
    assert!(likely.contains(":24\n"), "the Attempt Status line is cited: {likely}");
    assert!(!out.stdout.contains("FC006 federated-without-password-hash-sync [confirmed]"));
}

/// A device disabled or deleted in Entra: `DeviceAuthStatus : FAILED` and a
/// PRT attempt refused with AADSTS135011. An account that signed in before
/// keeps its cached sign-in there, so the status alone makes the device the
/// first suspect of the observed InvalidConnectionCredentials, cited by its
/// line; the fact that the account never signed in confirms it.
#[test]
fn a_disabled_device_is_the_first_suspect_and_confirmed_without_a_cached_sign_in() {
    let fixture = root().join("tests/fixtures/dsregcmd/device-disabled-aadsts135011.txt");
    let args = [
        "diagnose",
        "--dsregcmd",
        &fixture.to_string_lossy(),
        "--error",
        r#"{"error":{"code":"InvalidConnectionCredentials"}}"#,
        "--username",
        "alice@contoso.com",
        "--format",
        "json",
    ];
    let confirmed = |v: &serde_json::Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["certainty"] == "confirmed")
            .filter_map(|f| f["rule"].as_str().map(str::to_owned))
            .collect()
    };
    let out = flowcred(&args);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(confirmed(&v).is_empty(), "{}", out.stdout);
    assert_eq!(findings[0]["rule"], "FC058", "{}", out.stdout);
    assert_eq!(findings[0]["certainty"], "suspected");
    let temp = tempfile::tempdir().unwrap();
    let facts = temp.path().join("facts.yaml");
    std::fs::write(&facts, "work_account_signed_in: false\n").unwrap();
    let with_facts = flowcred(&[&args[..], &["--facts", &facts.to_string_lossy()]].concat());
    let confirmed_with_facts = confirmed(&serde_json::from_str(&with_facts.stdout).unwrap());
    assert_eq!(confirmed_with_facts, ["FC058"], "{}", with_facts.stdout);
    let cited: Vec<u64> = findings[0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["line"].as_u64())
        .collect();
    assert!(cited.contains(&21), "the DeviceAuthStatus line is cited: {cited:?}");
    // The PRT attempt (lines 45-57) is the machine's own sign-in: no fact of
    // the connection cites it.
    for finding in findings {
        for e in finding["evidence"].as_array().unwrap() {
            let connection = ["username form", "connection credential", "connection username"]
                .iter()
                .any(|f| e["fact"].as_str().is_some_and(|x| x.starts_with(f)));
            assert!(!(connection && e["line"].is_u64()), "{e}");
        }
    }
    assert_eq!(v["machine_sign_in"]["user"], "alice@contoso.com");
    // With the status line gone, the PRT attempt's AADSTS135011 says the same.
    let text = std::fs::read_to_string(&fixture).unwrap().replace(
        "DeviceAuthStatus : FAILED. Device is either disabled or deleted",
        "DeviceAuthStatus : FAILED. ERROR",
    );
    let path = temp.path().join("status.txt");
    std::fs::write(&path, text).unwrap();
    let out = flowcred(&[
        "diagnose",
        "--dsregcmd",
        &path.to_string_lossy(),
        "--error",
        "InvalidConnectionCredentials",
        "--username",
        "alice@contoso.com",
        "--facts",
        &facts.to_string_lossy(),
    ]);
    assert!(out.stdout.contains("FC058 device-disabled-in-entra [confirmed]"), "{}", out.stdout);
}

/// A hybrid machine whose Enterprise PRT comes from AD FS: the user's domain
/// is federated, so the federated causes lead, citing the authority's line.
#[test]
fn an_adfs_enterprise_prt_makes_the_federated_causes_lead() {
    let fixture = root().join("tests/fixtures/dsregcmd/hybrid-enterprise-prt-adfs-aadsts50126.txt");
    let out = flowcred(&[
        "diagnose",
        "--dsregcmd",
        &fixture.to_string_lossy(),
        "--error",
        "AADSTS50126",
        "--username",
        "alice@contoso.com",
    ]);
    let likely =
        &out.stdout[out.stdout.find("Causes of AADSTS50126, ranked").expect(&out.stdout)..];
    // The two federated causes lead, in either order: they wait on the
    // same facts but one (password hash sync, or the HRD policy).
    let ids: Vec<&str> =
        likely.lines().filter_map(|l| l.strip_prefix("  FC")).take(2).map(|l| &l[..3]).collect();
    let mut ids = ids;
    ids.sort_unstable();
    assert_eq!(ids, ["006", "007"], "{likely}");
    assert!(
        likely.contains("- user's domain : Federated\n") && likely.contains(":50\n"),
        "{likely}"
    );
    // Another user's Enterprise PRT says nothing of the connection's domain.
    let other = flowcred(&[
        "diagnose",
        "--dsregcmd",
        &fixture.to_string_lossy(),
        "--error",
        "AADSTS50126",
        "--username",
        "bob@fabrikam.com",
    ]);
    assert!(!other.stdout.contains("user's domain : Federated"), "{}", other.stdout);
}

#[test]
fn run_shows_the_dsregcmd_a_person_would_see() {
    let out = flowcred(&["run", "--dsregcmd", "scenarios/upn-on-domain-joined-only.yaml"]);
    let text = &out.stdout[out.stdout.find("dsregcmd /status on the machine:").unwrap()..];
    let status = dsregcmd::parse(text).unwrap();
    assert_eq!(status.join_kind(), Some(JoinKind::DomainJoined));
    assert_eq!(status.value("DomainName").map(|v| v.0), Some("CONTOSO"));
}

#[test]
fn a_simulated_failure_diagnosed_from_its_artifacts_finds_the_same_join_cause() {
    // The rules serve both paths: diagnose a scenario's rendered dsregcmd,
    // its error payload and its username, and the join-state causes the
    // simulation found must come back.
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().to_path_buf();
    let mut compared = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let s = flowcred::scenario::load_file(&entry.unwrap().path(), Default::default()).unwrap();
        let run = flowcred::report::run(&s);
        let Some(error) = run.attempt.error() else { continue };
        let join_rules = ["FC013", "FC014", "FC015"];
        let expected: Vec<&str> =
            run.diagnosis.rule_ids().into_iter().filter(|id| join_rules.contains(id)).collect();
        if expected.is_empty() {
            continue;
        }
        let status = dir.join("status.txt");
        std::fs::write(&status, dsregcmd::render(&s.world)).unwrap();
        // The Windows status where the run shows one (a person reads it off
        // the run's details), the product's JSON otherwise.
        let payload = match error.sub_code {
            Some(sub) => sub.value().to_string(),
            None => flowcred::report::product_text(error),
        };
        let facts = dir.join("facts.yaml");
        let credential = match s.world.connection.credential.kind() {
            flowcred_core::model::CredentialKind::Password => "password",
            flowcred_core::model::CredentialKind::Certificate => "certificate",
            flowcred_core::model::CredentialKind::SignIn => "sign_in",
        };
        std::fs::write(&facts, format!("credential: {credential}\n")).unwrap();
        let out = flowcred(&[
            "diagnose",
            "--format",
            "json",
            "--dsregcmd",
            &status.to_string_lossy(),
            "--error",
            &payload,
            "--username",
            s.world.connection.username.trim(),
            "--facts",
            &facts.to_string_lossy(),
        ]);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let with = |certainty: &str| -> Vec<String> {
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["certainty"] == certainty)
                .filter_map(|f| f["rule"].as_str().map(str::to_owned))
                .collect()
        };
        let (confirmed, suspected) = (with("confirmed"), with("suspected"));
        for id in expected {
            // Whether a domain controller of the AD domain is in reach is not
            // in dsregcmd's output: only the sub-code (2.24 and later) tells
            // FC015 from FC057, so without one FC015 stays suspected.
            let settled = !["FC014", "FC015"].contains(&id) || error.sub_code.is_some();
            let found = if settled { &confirmed } else { &suspected };
            assert!(
                found.iter().any(|f| f == id),
                "{}: {id} not found from the artifacts; confirmed {confirmed:?}, suspected {suspected:?}",
                s.file
            );
        }
        compared += 1;
    }
    assert!(compared >= 5, "{compared}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever a console, an editor or a hand does to the spacing and line
    /// ends, the same fields come back.
    #[test]
    fn mangled_spacing_parses_to_the_same_fields(
        index in 0..space::size(),
        indents in proptest::collection::vec(0usize..40, 64),
        trailing in proptest::collection::vec(0usize..6, 64),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let world = Dims::at(index).world(&Passwords::default());
        let clean = dsregcmd::render(&world);
        let mut mangled = String::from(if bom { "\u{feff}" } else { "" });
        for (n, line) in clean.lines().enumerate() {
            let body = if line.contains(" : ") { line.trim_start() } else { line };
            let indent = if line.contains(" : ") { " ".repeat(indents[n % 64]) } else { String::new() };
            mangled.push_str(&format!("{indent}{body}{}{}", " ".repeat(trailing[n % 64]), if crlf { "\r\n" } else { "\n" }));
        }
        let a = dsregcmd::parse(&clean).unwrap();
        let b = dsregcmd::parse(&mangled).unwrap();
        let pairs = |s: &dsregcmd::Status| s.fields.iter().map(|f| (f.key.clone(), f.value.clone(), f.line)).collect::<Vec<_>>();
        prop_assert_eq!(pairs(&a), pairs(&b));
        prop_assert_eq!(a.join_kind(), b.join_kind());
    }
}

/// An Entra registered device (`WorkplaceJoined : YES`, joined to nothing):
/// the join cause is confirmed from the output and cites the line that says
/// the device is only registered; `import` keeps it.
#[test]
fn a_registered_device_is_diagnosed_as_not_joined_with_its_line() {
    let text = std::fs::read_to_string(root().join("scenarios/registered-device-not-joined.yaml"))
        .unwrap();
    let scenario = flowcred::scenario::load_str("registered.yaml", &text).unwrap();
    assert!(scenario.world.machine.device_state.workplace_joined);
    let world = &scenario.world;
    let status = dsregcmd::render(world);
    let parsed = dsregcmd::parse(&status).unwrap();
    assert_eq!(parsed.join_kind(), Some(JoinKind::RegisteredOnly));
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("status.txt");
    std::fs::write(&file, &status).unwrap();
    let file = file.to_string_lossy().into_owned();
    let out = flowcred(&[
        "diagnose",
        "--dsregcmd",
        &file,
        "--error",
        "InvalidConnectionCredentials",
        "--username",
        "alice@contoso.com",
    ]);
    assert!(out.stdout.contains("FC013 device-not-joined [confirmed]"), "{}", out.stdout);
    let line = line_of(&status, "WorkplaceJoined :");
    assert!(
        out.stdout.contains(&format!("- WorkplaceJoined : YES\n          --> {file}:{line}")),
        "{}",
        out.stdout
    );
    let imported = flowcred(&["import", "dsregcmd", &file]);
    assert!(imported.stdout.contains("workplace_joined: true"), "{}", imported.stdout);
}

/// `Executing Account Name` against the connection's username, as the
/// invalid-credentials page asks: another account shows beside the
/// account-not-on-machine cause with its line; the connection's own account
/// (it has a session there) rules that cause out.
#[test]
fn the_executing_account_tells_whose_machine_it_is() {
    let text = std::fs::read_to_string(root().join("scenarios/mismatched-account.yaml")).unwrap();
    let scenario = flowcred::scenario::load_str("mismatched.yaml", &text).unwrap();
    let status = dsregcmd::render(&scenario.world);
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("status.txt");
    std::fs::write(&file, &status).unwrap();
    let file = file.to_string_lossy().into_owned();
    let diagnose = |username: &str| {
        let args = ["diagnose", "--dsregcmd", &file, "--error", "-1073741715", "--username"];
        let mut args = args.to_vec();
        args.push(username);
        flowcred(&args).stdout
    };
    let line = line_of(&status, "Executing Account Name :");
    let other = diagnose("bob@contoso.com");
    assert!(
        other.contains(&format!(
            "- `Executing Account Name` is the connection's account : NO\n          --> {file}:{line}"
        )),
        "{other}"
    );
    assert!(other.contains("FC018 account-not-on-machine"), "{other}");
    // In the executing account's domain, the user is of the machine's
    // tenant: joined to another tenant is ruled out.
    assert!(!other.contains("FC039 machine-in-another-tenant"), "{other}");
    let foreign = diagnose("bob@fabrikam.com");
    assert!(foreign.contains("FC039 machine-in-another-tenant"), "{foreign}");
    let own = diagnose("alice@contoso.com");
    assert!(!own.contains("FC018 account-not-on-machine"), "{own}");
}
