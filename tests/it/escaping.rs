//! Input text is data in every output format. Hostile strings (markup,
//! backticks, `]]>`, links with scripts, controls, bidi overrides,
//! zero-width characters, noncharacters) go into every free-text field a
//! person can fill (a scenario's comment, its file name, the username, a
//! work account's UPN, the domain name, a credential provider's name, the
//! values of a `dsregcmd` output, an event's account), through every
//! renderer; each output is read back with a real parser (pulldown-cmark
//! for Markdown, html5ever for the site, quick-xml for SVG and JUnit), and
//! the string must show there only as text.

use std::path::Path;

use flowcred::cli::Exit;
use flowcred_core::text::reveal;
use flowcred_tests::flowcred;
use proptest::prelude::*;

/// Pieces that mean something to one format or another.
const PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "`",
    "``",
    "```",
    "~~~",
    "]]>",
    "<![CDATA[x",
    "[a](javascript:alert(1))",
    "![i](javascript:alert(2))",
    "<https://evil.example>",
    "<a href=\"javascript:x\">",
    "*",
    "_",
    "|",
    "\\",
    "&amp;",
    "&#x61;",
    "&lt;",
    "<!--",
    "-->",
    "\"",
    "'",
    "#",
    "- ",
    "1. ",
    "> ",
    "    ",
    "{{x}}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{feff}",
    "\u{1b}[31m",
    "\u{1b}]0;t\u{7}",
    "\u{7}",
    "\u{0}",
    "\u{85}",
    "\n",
    "\r",
    "\t",
    "\u{fffe}",
    "\u{ffff}",
    "\u{1fffe}",
    "a",
    "é",
    "日本",
];

fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 1..6)
        .prop_map(|pieces| format!("x{}z", pieces.concat()))
}

/// `s` with what a scenario cannot hold as a name (controls, the characters
/// YAML does not allow) left out, so the scenario loads and shows it.
fn loadable(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}' | '\u{feff}'))
        .filter(|c| u32::from(*c) & 0xFFFE != 0xFFFE)
        .collect()
}

/// `s` as a YAML double-quoted scalar.
fn yaml(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// `s` as a file name: no separator, no NUL.
fn file_name(s: &str) -> String {
    s.chars().map(|c| if c == '/' || c == '\0' { '_' } else { c }).collect()
}

fn scenario(v: &str) -> String {
    let comment: String =
        loadable(v).chars().filter(|c| !matches!(c, '\u{2028}' | '\u{2029}')).collect();
    format!(
        "# {comment}\n\
         tenant:\n  id: t1\n  name: T\n  users:\n    - upn: alice@contoso.com\n      password: \"pw-Qz8\"\n\
         machine:\n  name: {name}\n  device_state:\n    azure_ad_joined: true\n    domain_joined: true\n    domain_name: {domain}\n\
         \x20 work_accounts:\n    - upn: {upn}\n  third_party_credential_provider: {provider}\n\
         connection:\n  username: {username}\n  credential:\n    password: \"pw-Qz8\"\n  mode: unattended\n\
         expect:\n  error: InvalidConnectionCredentials\n  rules: [FC013]\n",
        name = yaml(&loadable(v)),
        domain = yaml(&loadable(v)),
        upn = yaml(&format!("{}@contoso.com", loadable(v))),
        provider = yaml(&loadable(v)),
        username = yaml(&format!("{}@contoso.com", loadable(v))),
    )
}

/// A `dsregcmd /status` output whose free values hold `v`.
fn dsregcmd(v: &str) -> String {
    let v: String = v.chars().filter(|c| !matches!(c, '\n' | '\r' | '\u{85}')).collect();
    format!(
        "+----------------------------------------------------------------------+\n\
         | Device State                                                         |\n\
         +----------------------------------------------------------------------+\n\n\
         \x20            AzureAdJoined : YES\n              DomainJoined : NO\n               Device Name : {v}\n\n\
         +----------------------------------------------------------------------+\n\
         | Tenant Details                                                       |\n\
         +----------------------------------------------------------------------+\n\n\
         \x20                 TenantId : {v}\n\n\
         +----------------------------------------------------------------------+\n\
         | SSO State                                                            |\n\
         +----------------------------------------------------------------------+\n\n\
         \x20               AzureAdPrt : NO\n     AcquirePrtDiagnostics : PRESENT\n\
         \x20           Attempt Status : 0xc000006d\n             User Identity : {v}\n\
         \x20 Server Error Description : {v}\n\n\
         +----------------------------------------------------------------------+\n\
         | Diagnostic Data                                                      |\n\
         +----------------------------------------------------------------------+\n\n\
         \x20   Executing Account Name : {v}\n"
    )
}

/// A wevtutil export of one failed logon whose account and domain hold `v`.
fn events(v: &str) -> String {
    let x = flowcred::escape::xml(v);
    format!(
        "<Events><Event><System><EventID>4625</EventID><EventRecordID>7</EventRecordID></System>\
         <EventData><Data Name=\"TargetUserName\">{x}</Data><Data Name=\"TargetDomainName\">{x}</Data>\
         <Data Name=\"Status\">0xc000006d</Data><Data Name=\"SubStatus\">0xc000006a</Data>\
         <Data Name=\"LogonType\">10</Data></EventData></Event></Events>"
    )
}

/// Where a link or picture of flowcred's own may point: a page of the
/// guide or one of its files, or a public page.
fn allowed_target(url: &str) -> bool {
    let path = url.split('#').next().unwrap_or(url);
    url.starts_with("https://")
        || url.starts_with('#')
        || (!url.contains(':')
            && !url.starts_with("//")
            && [".md", ".html", ".svg", ".css", ".js"].iter().any(|e| path.ends_with(e)))
}

/// The text of a Markdown document, checked to hold no HTML and no link or
/// picture flowcred did not write.
fn markdown_text(md: &str) -> Result<String, TestCaseError> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut text = String::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                return Err(TestCaseError::fail(format!("raw HTML `{h}` in:\n{md}")))
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                prop_assert!(allowed_target(&dest_url), "link to `{dest_url}` in:\n{md}");
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    Ok(text)
}

/// The text of an HTML page, checked to hold no script but the site's own,
/// no event handler and no link or picture elsewhere.
fn html_text(page: &str) -> Result<String, TestCaseError> {
    use scraper::{Html, Node};
    let doc = Html::parse_document(page);
    let mut text = String::new();
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Element(e) => {
                let name = e.name();
                prop_assert!(
                    !matches!(name, "iframe" | "frame" | "object" | "embed" | "base"),
                    "<{name}> in the page"
                );
                if name == "script" {
                    prop_assert_eq!(e.attr("src"), Some("search.js"));
                }
                for (attr, value) in e.attrs() {
                    prop_assert!(!attr.to_ascii_lowercase().starts_with("on"), "{attr}={value}");
                    if matches!(attr, "href" | "src") {
                        prop_assert!(allowed_target(value), "{attr}=`{value}`");
                    }
                }
            }
            Node::Text(t) => text.push_str(t),
            _ => {}
        }
    }
    Ok(text)
}

/// XML 1.0's characters.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The text of an XML document (SVG or JUnit), checked to be well formed,
/// to use only XML's characters and only the elements flowcred writes.
fn xml_text(xml: &str, elements: &[&str]) -> Result<String, TestCaseError> {
    use quick_xml::events::Event;
    prop_assert!(xml.chars().all(xml_char), "a character XML 1.0 forbids in:\n{xml:?}");
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Err(e) => return Err(TestCaseError::fail(format!("{e} in:\n{xml}"))),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                prop_assert!(elements.contains(&name.as_str()), "<{name}>");
                for attr in e.attributes() {
                    let attr = attr.map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let value =
                        attr.unescape_value().map_err(|e| TestCaseError::fail(e.to_string()))?;
                    text.push_str(&value);
                }
            }
            Ok(Event::Text(t)) => {
                text.push_str(&t.decode().map_err(|e| TestCaseError::fail(e.to_string()))?);
            }
            Ok(Event::GeneralRef(r)) => {
                let fail = |e: String| TestCaseError::fail(e);
                match r.resolve_char_ref().map_err(|e| fail(e.to_string()))? {
                    Some(c) => text.push(c),
                    None => {
                        let name = r.decode().map_err(|e| fail(e.to_string()))?;
                        let value = quick_xml::escape::resolve_xml_entity(&name)
                            .ok_or_else(|| fail(format!("entity `&{name};`")))?;
                        text.push_str(value);
                    }
                }
            }
            Ok(Event::CData(_)) => return Err(TestCaseError::fail("CDATA in the output")),
            Ok(_) => {}
        }
    }
    Ok(text)
}

const SVG: &[&str] = &["svg", "title", "desc", "rect", "text", "line", "path", "g", "polygon"];
const JUNIT: &[&str] = &["testsuites", "testsuite", "testcase", "failure", "error", "system-out"];

/// How a value reads once shown: hidden characters as `\uXXXX`.
fn shown(s: &str) -> String {
    reveal(s, |_| false).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn scenario_text_shows_only_as_text(v in hostile()) {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("s");
        std::fs::create_dir(&folder).unwrap();
        let name = format!("{}.yaml", file_name(&v));
        let file = write(&folder, &name, &scenario(&v));
        let run = flowcred(&["run", "--format", "markdown", &file]);
        prop_assert_ne!(run.exit, Exit::Failure, "{}", run.stderr);
        let text = markdown_text(&run.stdout)?;
        let summary = loadable(&v);
        prop_assert!(text.contains(&shown(summary.trim())), "summary in:\n{}", run.stdout);
        prop_assert!(text.contains(&shown(&file)), "file name in:\n{}", run.stdout);
        prop_assert!(text.contains(&shown(&format!("{}@contoso.com", loadable(&v)))), "username");

        let svg = flowcred(&["run", "--format", "svg", &file]);
        let svg_text = xml_text(&svg.stdout, SVG)?;
        prop_assert!(svg_text.contains(&shown(&file)), "{}", svg.stdout);

        let junit = dir.path().join("junit.xml");
        flowcred(&["check", "--junit", &junit.to_string_lossy(), &file]);
        let junit = std::fs::read_to_string(&junit).unwrap();
        let junit_text = xml_text(&junit, JUNIT)?;
        prop_assert!(junit_text.contains(&shown(&file)), "{junit}");

        let (guide, site) = (dir.path().join("guide"), dir.path().join("site"));
        let docs = flowcred(&[
            "docs", "--scenarios", &folder.to_string_lossy(),
            "--out", &guide.to_string_lossy(), "--html", &site.to_string_lossy(),
        ]);
        prop_assert_eq!(docs.exit, Exit::Ok, "{}", docs.stderr);
        let mut seen = (false, false);
        for entry in std::fs::read_dir(&guide).unwrap() {
            let path = entry.unwrap().path();
            let content = std::fs::read_to_string(&path).unwrap();
            match path.extension().and_then(|e| e.to_str()) {
                Some("md") => seen.0 |= markdown_text(&content)?.contains(&shown(summary.trim())),
                Some("svg") => { xml_text(&content, SVG)?; }
                _ => {}
            }
        }
        for entry in std::fs::read_dir(&site).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                let content = std::fs::read_to_string(&path).unwrap();
                seen.1 |= html_text(&content)?.contains(&shown(summary.trim()));
            }
        }
        prop_assert!(seen.0 && seen.1, "the comment shows as text in the guide and the site");
    }

    #[test]
    fn artifact_text_shows_only_as_text(v in hostile()) {
        let dir = tempfile::tempdir().unwrap();
        let status = write(dir.path(), "status.txt", &dsregcmd(&v));
        let log = write(dir.path(), "events.xml", &events(&v));
        let username = loadable(&v);
        let out = flowcred(&[
            "diagnose", "--dsregcmd", &status, "--events", &log, "--username", &username,
            "--error", "WindowsIdentityIncorrect", "--format", "markdown",
        ]);
        prop_assert_ne!(out.exit, Exit::Failure, "{}", out.stderr);
        let text = markdown_text(&out.stdout)?;
        prop_assert!(text.contains(&shown(&username)), "{}", out.stdout);

        let fleet = dir.path().join("fleet");
        std::fs::create_dir(&fleet).unwrap();
        write(&fleet, &format!("{}.txt", file_name(&v)), &dsregcmd("x"));
        let batch = flowcred(&["diagnose", "--batch", &fleet.to_string_lossy(), "--format", "markdown"]);
        let text = markdown_text(&batch.stdout)?;
        prop_assert!(text.contains(&shown(&file_name(&v))), "{}", batch.stdout);
    }
}
