//! `flowcred docs`: a Markdown troubleshooting guide generated from the rule
//! catalog and the bundled scenarios: one page per error code, one per rule,
//! and an index. Written atomically, and never over what it did not write
//! (`owned_dir`): an interrupted run leaves the previous guide as it was.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;

use flowcred_core::collected;
use flowcred_core::dsregcmd;
use flowcred_core::evidence::FactId;
use flowcred_core::payload::ErrorPayload;
use flowcred_core::provenance::{self, Claim, Topic};
use flowcred_core::remedy::{steps, Step, Who};
use flowcred_core::replay::verify_world;
use flowcred_core::{diagnosis, ErrorCode, Evidence, Rule, OUT_OF_SCOPE, RULES};

use crate::app::{load_all, Exit, Io};
use crate::escape::{md_block, md_cell, md_code, md_text};
use crate::report::{self, Run};
use crate::scenario::Scenario;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the guide into, replaced as a whole; it must
    /// be new, empty, or hold only what `docs` wrote there before.
    #[arg(long, value_name = "DIR", required_unless_present = "html")]
    out: Option<PathBuf>,
    /// Also (or only) write the guide as a static HTML site into DIR, with
    /// search across pages and nothing fetched from elsewhere.
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
    /// The scenarios whose runs become the guide's examples.
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    scenarios: PathBuf,
    /// Replace the folders whole even when they hold files `docs` did not
    /// write (which are then deleted).
    #[arg(long)]
    force: bool,
}

/// The page file name for an error code.
fn code_page(code: ErrorCode) -> String {
    format!("error-{}.md", code.as_str())
}

fn rule_page(rule: &Rule) -> String {
    format!("{}-{}.md", rule.id, rule.name)
}

/// Claims as a Markdown list.
fn sources_list(p: &mut String, claims: &[Claim]) {
    for claim in claims {
        let _ = writeln!(p, "- {}: {}", claim.label(), report::markdown_source(claim.source));
    }
}

/// Every page of the guide, by file name.
pub fn guide(scenarios: &[Scenario]) -> BTreeMap<String, String> {
    let runs: Vec<Run> = scenarios.iter().map(report::run).collect();
    let pictures = picture_names(&runs);
    let mut pages = BTreeMap::new();
    let codes: Vec<ErrorCode> =
        ErrorCode::ALL.iter().copied().filter(|c| RULES.iter().any(|r| r.code == *c)).collect();
    pages.insert("README.md".to_owned(), index(&codes));
    pages.insert(COLLECT_PAGE.to_owned(), collect_page());
    for &code in &codes {
        let (page, picture) = code_page_text(code, &runs, &pictures);
        pages.insert(code_page(code), page);
        if let Some(svg) = picture {
            pages.insert(decision_picture(code.as_str()), svg);
        }
    }
    for rule in RULES {
        pages.insert(rule_page(rule), rule_page_text(rule, &runs, &pictures));
    }
    // The picture of each example's sign-in path that a page shows.
    for run in &runs {
        let file = &pictures[&run.scenario.file];
        if pages.values().any(|page| page.contains(&format!("]({file})"))) {
            pages.insert(file.clone(), crate::svg::path_svg(&run.scenario.file, &run.attempt));
        }
    }
    pages
}

/// The file of the picture of each run's sign-in path, by scenario file:
/// `path-STEM.svg`, the stem written with letters, digits, `.`, `_` and
/// `-` only (anything else becomes `-`), so the name is safe in a link; a
/// stem two scenarios share takes its folders too, and a name still shared
/// a number, in file order.
fn picture_names(runs: &[Run]) -> BTreeMap<String, String> {
    let slug = |text: &str| -> String {
        let text = text.strip_suffix(".yaml").or_else(|| text.strip_suffix(".yml")).unwrap_or(text);
        text.chars()
            .map(
                |c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' },
            )
            .collect()
    };
    let mut files: Vec<&str> = runs.iter().map(|r| r.scenario.file.as_str()).collect();
    files.sort_unstable();
    let stem = |file: &str| slug(file.rsplit('/').next().unwrap_or(file));
    let mut stems: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        *stems.entry(stem(file)).or_default() += 1;
    }
    let mut taken = std::collections::BTreeSet::new();
    let mut names = BTreeMap::new();
    for file in files {
        let base = if stems[&stem(file)] == 1 { stem(file) } else { slug(file) };
        let mut name = format!("path-{base}.svg");
        let mut n = 1;
        while !taken.insert(name.clone()) {
            n += 1;
            name = format!("path-{base}-{n}.svg");
        }
        names.insert(file.to_owned(), name);
    }
    names
}

/// The page with the commands `flowcred collect` prints.
const COLLECT_PAGE: &str = "collect.md";

/// What to collect from the machine, and what each file gives.
fn collect_page() -> String {
    let mut p = String::new();
    p.push_str("# Collecting from the machine\n\n[Back to the guide](README.md)\n\n");
    p.push_str(
        "Paste this block into a command prompt run as administrator on the machine. Each \
         command writes its output into its own file of one folder; nothing else runs, and no \
         password or other secret is read. Run it as the connection's account where you can \
         (`whoami` then speaks of that account). Then copy the folder to where flowcred runs \
         and give it to `flowcred diagnose --collected FOLDER --error ... --username ...`. \
         `flowcred collect` prints the same block.\n\n",
    );
    p.push_str(&md_block("bat", &collected::block()));
    p.push_str("\n| file | command | what it gives | source |\n|---|---|---|---|\n");
    for c in collected::COMMANDS {
        let source = match c.source {
            flowcred_core::Source::Documented { url, .. } => format!("[documented]({url})"),
            flowcred_core::Source::Modelled { .. } => "modelled".to_owned(),
        };
        let _ = writeln!(
            p,
            "| `{}` | {} | {} | {source} |",
            c.file,
            md_cell(&md_code(c.run)),
            md_cell(&md_text(c.gives))
        );
    }
    p.push_str(
        "\nflowcred tells each file's kind by its content, not its name, and says which file gave \
         which fact; evidence lines cite the file and line. The registry and the user rights are \
         read in any language; the outputs of `net`, `query user` and `systeminfo` are read in \
         English, and a file it cannot read is named with the reason.\n",
    );
    p
}

fn index(codes: &[ErrorCode]) -> String {
    let mut p = String::new();
    let _ = writeln!(p, "# Desktop flow credential errors with Microsoft Entra accounts\n");
    p.push_str(
        "This guide is generated by `flowcred docs` from flowcred's rule catalog and its bundled \
         scenarios; every example on these pages is the output of a simulated run, and every \
         remediation marked *verified* was applied to the simulated world and made the run succeed.\n\n",
    );
    p.push_str("## Symptoms\n\n");
    p.push_str(
        "A desktop flow run, or the test of its connection, fails when the connection uses a \
         Microsoft Entra account. Power Automate shows one of these:\n\n",
    );
    for code in [ErrorCode::InvalidConnectionCredentials, ErrorCode::WindowsIdentityIncorrect] {
        let payload = ErrorPayload::new(code, "<tenant id>", None);
        let _ = writeln!(p, "```json\n{}\n```\n", report::product_text(&payload));
    }
    p.push_str("or Microsoft Entra answers the credential check with:\n\n");
    let payload = ErrorPayload::new(ErrorCode::Aadsts50126, "<tenant id>", None);
    let _ = writeln!(p, "```text\n{}\n```\n", report::product_text(&payload));
    p.push_str("## Why it happens\n\n");
    p.push_str(
        "The usual reasons are few, but they produce the same messages, so each has its own page:\n\n",
    );
    for (text, id) in [
        ("the account in the connection is not the account the machine knows", "FC018"),
        ("the device is neither Microsoft Entra joined nor hybrid joined", "FC013"),
        ("the Entra account is connected on the machine but not synchronized", "FC019"),
        ("the user's domain is federated (AD FS) and Entra is asked to check the password itself", "FC006"),
    ] {
        if let Some(rule) = RULES.iter().find(|r| r.id == id) {
            let _ = writeln!(p, "- {text}: [{} `{}`]({})", rule.id, rule.name, rule_page(rule));
        }
    }
    p.push_str("\nThe catalog below lists every other cause flowcred knows.\n\n");
    p.push_str("## What to do first\n\n");
    p.push_str("Work through these in order; each step rules a cause in or out.\n\n");
    for (n, step) in [
        steps::CHECK_DEVICE_STATE,
        steps::IDENTIFY_WORK_ACCOUNT,
        steps::SYNC_WORK_ACCOUNT,
        steps::SIGN_IN_INTERACTIVELY,
        steps::REENTER_CREDENTIALS,
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(p, "{}. {}", n + 1, step.text);
    }
    let _ = writeln!(
        p,
        "\nTo read every machine setting the causes below turn on at once (Remote Desktop, its \
         policies, the groups and logon rights, the sessions, the versions), run the commands of \
         [Collecting from the machine]({COLLECT_PAGE}) and give the folder to \
         `flowcred diagnose --collected`."
    );
    p.push_str("\n### When Entra answers AADSTS50126\n\n");
    p.push_str(
        "For a federated user, the most secure way out is a certificate credential; where that is \
         not possible, password hash sync with a Home Realm Discovery policy that allows cloud \
         password validation lets Entra check the password itself. \
         [The AADSTS50126 page](error-AADSTS50126.md) tells this apart from a plain wrong password.\n\n",
    );
    p.push_str("## Errors\n\n| error code | causes |\n|---|---|\n");
    for &code in codes {
        let n = RULES.iter().filter(|r| r.code == code).count();
        let _ = writeln!(p, "| [`{code}`]({}) | {n} |", code_page(code));
    }
    p.push_str("\n## Rule catalog\n\n| id | name | error code | mapping | fault |\n|---|---|---|---|---|\n");
    for rule in RULES {
        let mapping = if rule.mapping.is_documented() { "documented" } else { "**modelled**" };
        let _ = writeln!(
            p,
            "| {} | [`{}`]({}) | `{}` | {mapping} | {} |",
            rule.id,
            rule.name,
            rule_page(rule),
            rule.code,
            rule.summary.replace('|', "\\|")
        );
    }
    p.push_str(
        "\n## Causes left out\n\nDocumented causes near these errors that no rule models, each \
         with its page and the reason:\n\n",
    );
    for left in OUT_OF_SCOPE {
        let _ = writeln!(p, "- [{}]({}): {}.", md_text(left.cause), left.url, md_text(left.reason));
    }
    p.push_str("\n## Documented and modelled\n\n");
    let claims = provenance::claims();
    let count = |topic: Option<Topic>| {
        let of = claims.iter().filter(|c| topic.is_none_or(|t| c.topic == t));
        let (all, documented) =
            (of.clone().count(), of.filter(|c| c.source.is_documented()).count());
        (all, documented, all - documented)
    };
    let (all, documented, modelled) = count(None);
    let _ = writeln!(
        p,
        "Each claim in this guide is either *documented*, stated on a public page that the claim \
         links to, or *modelled*: flowcred's own reading, marked as such with its reason. Of \
         {all} claims (codes, messages, HTTP statuses, sub-codes, the code each cause gives, \
         version thresholds, defaults and the shape of the sign-in path), {documented} are \
         documented and {modelled} modelled. `flowcred rules --provenance` lists every one.\n"
    );
    p.push_str("| claims | documented | modelled |\n|---|---|---|\n");
    for &topic in Topic::ALL {
        let (all, documented, modelled) = count(Some(topic));
        let _ = writeln!(p, "| {} | {documented} of {all} | {modelled} |", topic.as_str());
    }
    p.push_str("\n## Reproduce a rule's page\n\n");
    let explained = RULES.iter().find(|r| r.id == "FC019").expect("FC019 is in the catalog");
    let mut out = Vec::new();
    let _ = crate::cmd::explain::write(&mut out, explained);
    let _ = writeln!(
        p,
        "Every rule's documentation is also on the command line:\n\n```console\n$ flowcred explain {}\n{}```",
        explained.id,
        String::from_utf8_lossy(&out)
    );
    p
}

/// One cause and what its example run shows: each known fact's value.
struct Shown {
    rule: &'static Rule,
    facts: Vec<(FactId, String)>,
}

/// How to tell an error's causes apart, derived from the catalog: at each
/// step the fact most of the remaining causes read, each branch a value a
/// cause's example run shows, until one cause is left. The causes that do
/// not read the fact are named before the branches: the answer leaves them
/// possible. Written as a nested numbered list, which reads the same to a
/// screen reader as on the page.
///
/// Returns the list drawn as a tree, for the page's picture.
fn decision_list(p: &mut String, rules: &[&'static Rule], runs: &[Run]) -> Option<String> {
    let shown: Vec<Shown> = rules
        .iter()
        .filter_map(|rule| {
            let finding = example_for(rule, runs)?
                .diagnosis
                .findings
                .iter()
                .find(|f| f.rule.id == rule.id)?;
            let facts = finding
                .evidence
                .iter()
                .filter(|c| c.known)
                .filter_map(|c| c.text.split_once(" : ").map(|(_, v)| (c.fact, v.to_owned())))
                .collect();
            Some(Shown { rule, facts })
        })
        .collect();
    if shown.len() < 2 {
        return None;
    }
    p.push_str("\n## How to tell the causes apart\n\n");
    p.push_str(
        "Check each fact in turn and follow the value you find; every cause of this code is \
         reached. The values are those each cause's example run shows.\n\n",
    );
    let all: Vec<&Shown> = shown.iter().collect();
    let mut list = String::new();
    decide(&mut list, &all, &mut Vec::new(), 0);
    let code = rules[0].code.as_str();
    let _ = writeln!(
        p,
        "![How to tell the causes of {code} apart, drawn as a tree: the list below says the same]({})\n",
        decision_picture(code)
    );
    p.push_str(&list);
    Some(crate::svg::decision_svg(code, &list))
}

/// The file of the picture of an error code's decision list.
fn decision_picture(code: &str) -> String {
    format!("decide-{code}.svg")
}

fn decide(p: &mut String, causes: &[&Shown], used: &mut Vec<FactId>, depth: usize) {
    let pad = "   ".repeat(depth);
    let leaf = |p: &mut String, causes: &[&Shown]| {
        for c in causes {
            let _ = writeln!(p, "{pad}- [{} `{}`]({})", c.rule.id, c.rule.name, rule_page(c.rule));
        }
    };
    // The fact, not yet checked on this branch, that most of the causes
    // read and whose values split them; ties go to more values, then to
    // the earlier fact.
    let mut candidates: Vec<(usize, usize, FactId)> = Vec::new();
    for c in causes {
        for (fact, _) in &c.facts {
            if used.contains(fact) || candidates.iter().any(|(_, _, f)| f == fact) {
                continue;
            }
            let read: Vec<&str> = causes
                .iter()
                .filter_map(|c| c.facts.iter().find(|(f, _)| f == fact).map(|(_, v)| v.as_str()))
                .collect();
            let values: std::collections::BTreeSet<&str> = read.iter().copied().collect();
            if values.len() >= 2 {
                candidates.push((read.len(), values.len(), *fact));
            }
        }
    }
    let best = candidates.iter().max_by_key(|(n, v, f)| (*n, *v, std::cmp::Reverse(*f)));
    let Some(&(_, _, fact)) = best else {
        if causes.len() > 1 {
            // No fact splits them: each shows itself by facts only it reads.
            let _ = writeln!(p, "{pad}- one of these, each told by a fact only it reads:");
            let deeper = "   ".repeat(depth + 1);
            for c in causes {
                let own: Vec<String> = c
                    .facts
                    .iter()
                    .filter(|(f, _)| !used.contains(f))
                    .filter(|(f, _)| {
                        causes.iter().filter(|o| o.facts.iter().any(|(g, _)| g == f)).count() == 1
                    })
                    .map(|(f, v)| format!("{} : {v}", f.label()))
                    .collect();
                let tell = if own.is_empty() {
                    "its page says what settles it".to_owned()
                } else {
                    own.join("; ")
                };
                let _ = writeln!(
                    p,
                    "{deeper}- [{} `{}`]({}): {tell}",
                    c.rule.id,
                    c.rule.name,
                    rule_page(c.rule)
                );
            }
        } else {
            leaf(p, causes);
        }
        return;
    };
    let values: std::collections::BTreeSet<&str> = causes
        .iter()
        .filter_map(|c| c.facts.iter().find(|(f, _)| *f == fact).map(|(_, v)| v.as_str()))
        .collect();
    let _ = writeln!(p, "{pad}1. Check **{}** ({}):", fact.label(), fact.how_to_check());
    let indifferent: Vec<&Shown> =
        causes.iter().copied().filter(|c| c.facts.iter().all(|(f, _)| *f != fact)).collect();
    used.push(fact);
    match indifferent.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(p, "{pad}   - whatever it shows, still possible:");
            leaf_at(p, one, depth + 2);
        }
        several => {
            let _ = writeln!(p, "{pad}   - whatever it shows, still possible:");
            decide(p, several, used, depth + 2);
        }
    }
    for value in values {
        let branch: Vec<&Shown> = causes
            .iter()
            .copied()
            .filter(|c| c.facts.iter().find(|(f, _)| *f == fact).is_some_and(|(_, v)| v == value))
            .collect();
        let _ = writeln!(p, "{pad}   - {value}:");
        if branch.len() == 1 {
            leaf_at(p, branch[0], depth + 2);
        } else {
            decide(p, &branch, used, depth + 2);
        }
    }
    used.pop();
}

fn leaf_at(p: &mut String, cause: &Shown, depth: usize) {
    let pad = "   ".repeat(depth);
    let _ =
        writeln!(p, "{pad}- [{} `{}`]({})", cause.rule.id, cause.rule.name, rule_page(cause.rule));
}

/// An error page's view per reader, from the same remedies as the rule
/// pages: the steps the person at the machine and administrators take, per
/// cause and numbered as on the rule's page, and the facts a support
/// engineer checks to tell the causes apart.
fn who_does_what(p: &mut String, rules: &[&'static Rule]) {
    p.push_str("\n## Who does what\n\n");
    p.push_str(
        "The same remediation as on each cause's page, by who acts on it \
         (`flowcred explain ID --audience user|admin|support` prints one view).\n",
    );
    for who in [Who::User, Who::Admin] {
        let _ = writeln!(p, "\n### For {}\n", who.label());
        let mut any = false;
        for rule in rules {
            let steps: Vec<(usize, &Step)> = rule
                .remedies
                .iter()
                .flat_map(|r| r.steps.iter().enumerate())
                .filter(|(_, s)| s.who == who)
                .collect();
            if steps.is_empty() {
                continue;
            }
            any = true;
            let _ = writeln!(p, "- [{} `{}`]({}):", rule.id, rule.name, rule_page(rule));
            for (n, step) in steps {
                let _ = writeln!(p, "  {}. {}", n + 1, step.text);
            }
        }
        if !any {
            let _ = writeln!(p, "No step of these causes falls to {}.", who.label());
        }
    }
    let _ = writeln!(p, "\n### For {}\n", Who::Support.label());
    p.push_str("The facts each cause needs; each cause's page says how to check them.\n\n");
    for rule in rules {
        if let Some(finding) = diagnosis::check(rule, &Evidence::unknown()) {
            let facts: Vec<&str> = finding.checks().map(|(fact, _)| fact).collect();
            let _ = writeln!(
                p,
                "- [{} `{}`]({}): {}",
                rule.id,
                rule.name,
                rule_page(rule),
                facts.join("; ")
            );
        }
    }
}

/// An error code's page, and the picture of its decision list if it has one.
fn code_page_text(
    code: ErrorCode,
    runs: &[Run],
    pictures: &BTreeMap<String, String>,
) -> (String, Option<String>) {
    let mut p = String::new();
    let _ = writeln!(p, "# `{code}`\n\n[Back to the guide](README.md)\n");
    let payload = ErrorPayload::new(code, "<tenant id>", None);
    let lang = if code.is_aadsts() { "text" } else { "json" };
    let _ = writeln!(
        p,
        "## What it looks like\n\n```{lang}\n{}\n```\n",
        report::product_text(&payload)
    );
    if payload.message.is_none() {
        p.push_str("The product's message for this code is not documented; the code is what to look for.\n\n");
    }
    if let Some(status) = code.http_status() {
        let _ = writeln!(p, "HTTP status: {status}.\n");
    }
    if let Some(parent) = code.queued_under() {
        let _ = writeln!(
            p,
            "Power Automate shows this code as a sub-error of `{parent}`, once the run has \
             waited in the queue for a machine (up to six hours).\n"
        );
    }
    let about_code: Vec<Claim> = provenance::claims()
        .into_iter()
        .filter(|c| {
            matches!(c.topic, Topic::Code | Topic::HttpStatus | Topic::Message | Topic::SubErrorOf)
                && c.subject == code.as_str()
        })
        .collect();
    p.push_str("Sources:\n\n");
    sources_list(&mut p, &about_code);
    p.push('\n');
    let rules: Vec<&Rule> = RULES.iter().copied().filter(|r| r.code == code).collect();
    let subs: Vec<String> = rules
        .iter()
        .filter_map(|r| r.sub_code)
        .map(|s| format!("`{}` ({})", s.value(), s.message()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !subs.is_empty() {
        let _ = writeln!(
            p,
            "From Power Automate for desktop 2.24 the payload comes with a Windows sub-code: {}.\n",
            subs.join("; ")
        );
    }
    p.push_str("## Causes, in the order a run meets them\n\n");
    p.push_str(
        "| cause | stops at | sub-code | mapping | what tells it apart |\n|---|---|---|---|---|\n",
    );
    for rule in &rules {
        let tells = example_for(rule, runs)
            .and_then(|run| run.diagnosis.findings.iter().find(|f| f.rule.id == rule.id))
            .map(|f| {
                f.evidence.iter().map(|c| c.text.replace('|', "\\|")).collect::<Vec<_>>().join("; ")
            })
            .unwrap_or_default();
        let sub = rule.sub_code.map(|s| s.value().to_string()).unwrap_or_else(|| "-".to_owned());
        let mapping = if rule.mapping.is_documented() { "documented" } else { "**modelled**" };
        let _ = writeln!(
            p,
            "| [{} `{}`]({}) | `{}` | {sub} | {mapping} | {tells} |",
            rule.id,
            rule.name,
            rule_page(rule),
            rule.stage,
        );
    }
    let picture = decision_list(&mut p, &rules, runs);
    who_does_what(&mut p, &rules);
    p.push_str("\n## Examples\n\n");
    let examples: Vec<&Run> =
        runs.iter().filter(|r| r.attempt.error().map(|e| e.code) == Some(code)).collect();
    if examples.is_empty() {
        p.push_str("No bundled scenario ends with this code.\n");
    }
    for run in examples {
        example(&mut p, run, pictures);
    }
    (p, picture)
}

fn rule_page_text(rule: &Rule, runs: &[Run], pictures: &BTreeMap<String, String>) -> String {
    let mut p = String::new();
    let _ = writeln!(p, "# {} `{}`\n\n[Back to the guide](README.md)\n", rule.id, rule.name);
    let _ = writeln!(p, "{}.\n", rule.summary);
    let sub = rule
        .sub_code
        .map(|s| format!(" with sub-code `{}` ({})", s.value(), s.message()))
        .unwrap_or_default();
    let _ = writeln!(
        p,
        "Error: [`{}`]({}){sub}. The run stops at the `{}` stage.\n",
        rule.code,
        code_page(rule.code),
        rule.stage
    );
    let _ = writeln!(p, "This cause's code: {}.\n", report::markdown_source(rule.mapping));
    let _ = writeln!(
        p,
        "{}",
        rule.documentation().trim_end().replace("\n## ", "\n### ").replacen("## ", "### ", 1)
    );
    p.push_str("\n## Sources\n\n");
    sources_list(&mut p, &provenance::about_rule(rule));
    p.push_str("\n## Remediation\n\n");
    let mut remedies = Vec::new();
    let _ = report::markdown_remedies(&mut remedies, rule.remedies);
    p.push_str(&String::from_utf8_lossy(&remedies));
    p.push_str("## Example\n\n");
    match example_for(rule, runs) {
        Some(run) => example(&mut p, run, pictures),
        None => p.push_str("No bundled scenario shows this cause.\n"),
    }
    p
}

/// The simplest bundled scenario where `rule` fires: fewest findings, then name.
fn example_for<'a>(rule: &Rule, runs: &'a [Run]) -> Option<&'a Run<'a>> {
    runs.iter()
        .filter(|r| r.diagnosis.findings.iter().any(|f| f.rule.id == rule.id))
        .min_by_key(|r| (r.diagnosis.findings.len(), &r.scenario.file))
}

fn example(p: &mut String, run: &Run, pictures: &BTreeMap<String, String>) {
    let s = run.scenario;
    let _ = writeln!(p, "### {}\n\n{}\n", md_code(&s.file), md_text(&s.summary));
    let alt = crate::svg::alt_text(&s.file, &run.attempt);
    let _ = writeln!(p, "![{}]({})\n", md_text(&alt), pictures[&s.file]);
    let excerpt = dsregcmd::render(&s.world);
    // The Device State box: up to the next section's border.
    let lines: Vec<&str> = excerpt.lines().collect();
    let end = lines.iter().skip(3).position(|l| l.starts_with('+')).map_or(lines.len(), |i| i + 3);
    let device_state = lines[..end].join("\n");
    let _ = writeln!(
        p,
        "`dsregcmd /status` on the machine shows:\n\n{}\n",
        md_block("text", device_state.trim_end())
    );
    match run.attempt.error() {
        None => p.push_str("The run succeeds.\n\n"),
        Some(payload) => {
            let stage = run.attempt.failed_stage().map_or("", |st| st.as_str());
            let lang = if payload.code.is_aadsts() { "text" } else { "json" };
            let _ = writeln!(
                p,
                "The run fails at `{stage}`:\n\n{}\n",
                md_block(lang, &report::product_text(payload))
            );
            if let Some(sub) = payload.sub_code {
                let _ = writeln!(p, "Sub-code `{}`: {}.\n", sub.value(), sub.message());
            }
        }
    }
    let ids: Vec<String> =
        run.diagnosis.findings.iter().map(|f| format!("{} `{}`", f.rule.id, f.rule.name)).collect();
    if !ids.is_empty() {
        let _ = writeln!(p, "Causes found: {}.\n", ids.join(", "));
        let verdict = verify_world(&s.world, RULES);
        let verified = match verdict.rounds {
            Some(rounds) if verdict.violations.is_empty() => {
                format!("**verified**: applying the remediation and running again succeeds ({rounds} round{})", if rounds == 1 { "" } else { "s" })
            }
            _ => "**not verified**: the remediation did not replay".to_owned(),
        };
        let _ = writeln!(p, "Remediation {verified}.\n");
    }
}

pub fn run(args: Args, io: &mut Io) -> io::Result<Exit> {
    let (mut scenarios, errors) = load_all(std::slice::from_ref(&args.scenarios), io);
    // The guide names each scenario by its path from the working folder (the
    // project root), however `--scenarios` was typed: `./scenarios/` and an
    // absolute path give the same pages.
    let here = std::env::current_dir().and_then(std::fs::canonicalize).ok();
    for scenario in &mut scenarios {
        let full = std::fs::canonicalize(&scenario.file).ok();
        if let (Some(here), Some(full)) = (&here, full) {
            if let Ok(relative) = full.strip_prefix(here) {
                scenario.file = crate::scenario::display_path(relative);
            }
        }
    }
    if !errors.is_empty() {
        for error in &errors {
            report::text_load_error(io.err, error, io.err_style)?;
        }
        writeln!(io.err, "error: the guide is generated only from scenarios that all load")?;
        return Ok(Exit::Failure);
    }
    if let (Some(out), Some(html)) = (&args.out, &args.html) {
        let (a, b) = (std::path::absolute(out)?, std::path::absolute(html)?);
        if a.starts_with(&b) || b.starts_with(&a) {
            writeln!(
                io.err,
                "error: --out and --html must name two folders, neither inside the other \
                 (each is replaced whole)"
            )?;
            return Ok(Exit::Failure);
        }
    }
    let pages = guide(&scenarios);
    let site = args.html.as_ref().map(|dir| (dir, crate::site::site(&pages)));
    for (dir, files) in args
        .out
        .as_ref()
        .map(|d| (d, &pages))
        .into_iter()
        .chain(site.as_ref().map(|(d, f)| (*d, f)))
    {
        match crate::owned_dir::write(dir, files, args.force) {
            Ok(notes) if !io.quiet => {
                for note in notes {
                    writeln!(io.err, "note: {note}")?;
                }
            }
            Ok(_) => {}
            Err(e) => {
                let shown = crate::scenario::display_path(dir);
                writeln!(io.err, "error: cannot write the guide to `{shown}`: {e}")?;
                return Ok(Exit::Failure);
            }
        }
        if !io.quiet {
            let pictures = files.keys().filter(|f| f.ends_with(".svg")).count();
            writeln!(
                io.err,
                "wrote {} pages and {pictures} pictures to {}",
                files.len() - pictures,
                crate::scenario::display_path(dir)
            )?;
        }
    }
    Ok(Exit::Ok)
}
