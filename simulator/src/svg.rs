//! The sign-in path of one run as a picture: an SVG of its stages in path
//! order, each passed, failed, skipped or not reached, the failed one
//! carrying the product's code and sub-code.
//!
//! It reads without colour: every state has its own mark (`✓`, `✗`, `–`,
//! `·`), border (solid, thick, dashed, dotted) and word; colour only
//! repeats them. The `<title>` and `<desc>` say the same in words for a
//! screen reader, and [`alt_text`] gives those words to a Markdown image.
//! Integer coordinates and a fixed layout make the bytes the same on every
//! OS.

use std::fmt::Write as _;

use flowcred_core::sim::{Attempt, StageResult};
use flowcred_core::Stage;

use crate::escape::xml as escape;

const WIDTH: usize = 720;
const TOP: usize = 56;
const ROW: usize = 56;
const BOX: usize = 40;

/// How a stage ended in one run, where the run reached it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Passed,
    Failed,
    Skipped,
    NotReached,
}

impl State {
    const fn word(self) -> &'static str {
        match self {
            State::Passed => "passed",
            State::Failed => "FAILED",
            State::Skipped => "skipped",
            State::NotReached => "not reached",
        }
    }

    /// Mark, stroke colour, stroke width and dash pattern.
    const fn look(self) -> (&'static str, &'static str, usize, &'static str) {
        match self {
            State::Passed => ("\u{2713}", "#1a7f37", 2, ""),
            State::Failed => ("\u{2717}", "#cf222e", 4, ""),
            State::Skipped => ("\u{2013}", "#57606a", 2, "8 5"),
            State::NotReached => ("\u{00b7}", "#8c959f", 2, "2 5"),
        }
    }
}

/// Each stage of the path with its state in `attempt`.
fn states(attempt: &Attempt) -> Vec<(Stage, State)> {
    Stage::ALL
        .iter()
        .map(|&stage| {
            let state = match attempt.trace.iter().find(|e| e.stage == stage) {
                None => State::NotReached,
                Some(e) => match e.result {
                    StageResult::Passed => State::Passed,
                    StageResult::Failed => State::Failed,
                    _ => State::Skipped,
                },
            };
            (stage, state)
        })
        .collect()
}

/// The route the run took: Power Automate asked Entra for a token with the
/// credential (the token route) or left the password to Windows.
fn route(attempt: &Attempt) -> &'static str {
    let asked = attempt
        .trace
        .iter()
        .any(|e| e.stage == Stage::CloudValidation && e.result != StageResult::Skipped);
    if asked {
        "token route"
    } else {
        "default route"
    }
}

/// What the failed stage shows: the code, and the sub-code beside it.
fn failure(attempt: &Attempt) -> Option<String> {
    let payload = attempt.error()?;
    Some(match payload.sub_code {
        Some(sub) => format!("{} (sub-code {})", payload.code, sub.value()),
        None => payload.code.as_str().to_owned(),
    })
}

/// The picture in words: the route, then each stage and how it ended.
pub fn alt_text(name: &str, attempt: &Attempt) -> String {
    let mut out = format!("Sign-in path of {name}, {}: ", route(attempt));
    let parts: Vec<String> = states(attempt)
        .iter()
        .map(|(stage, state)| match state {
            State::Failed => format!(
                "{stage} failed with {}",
                failure(attempt).unwrap_or_else(|| "an error".into())
            ),
            _ => format!("{stage} {}", state.word()),
        })
        .collect();
    out.push_str(&parts.join(", "));
    out.push('.');
    out
}

/// The SVG of `attempt`'s sign-in path; `name` names the scenario.
pub fn path_svg(name: &str, attempt: &Attempt) -> String {
    let stages = states(attempt);
    let height = TOP + stages.len() * ROW + 8;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="title desc" font-family="sans-serif" font-size="14">"#
    );
    let _ = writeln!(s, "<title id=\"title\">Sign-in path of {}</title>", escape(name));
    let _ = writeln!(s, "<desc id=\"desc\">{}</desc>", escape(&alt_text(name, attempt)));
    let _ = writeln!(s, r##"<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>"##);
    let heading = format!("{name} ({})", route(attempt));
    let _ = writeln!(
        s,
        r##"<text x="24" y="32" font-size="16" font-weight="bold" fill="#1f2328">{}</text>"##,
        escape(&heading)
    );
    let failure = failure(attempt);
    for (i, (stage, state)) in stages.iter().enumerate() {
        let y = TOP + i * ROW;
        let (mark, stroke, width, dash) = state.look();
        let dash =
            if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) };
        let text = if *state == State::NotReached { "#57606a" } else { "#1f2328" };
        let _ = writeln!(
            s,
            r##"<rect x="24" y="{y}" width="{}" height="{BOX}" rx="6" fill="#ffffff" stroke="{stroke}" stroke-width="{width}"{dash}/>"##,
            WIDTH - 48
        );
        let _ = writeln!(
            s,
            r##"<text x="40" y="{}" font-size="18" fill="{stroke}">{mark}</text>"##,
            y + 26
        );
        let _ = writeln!(
            s,
            r##"<text x="68" y="{}" fill="{text}">{}. {}</text>"##,
            y + 25,
            i + 1,
            stage
        );
        let said = match (state, &failure) {
            (State::Failed, Some(f)) => format!("FAILED: {f}"),
            _ => state.word().to_owned(),
        };
        let weight = if *state == State::Failed { r#" font-weight="bold""# } else { "" };
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end" fill="{text}"{weight}>{}</text>"##,
            WIDTH - 40,
            y + 25,
            escape(&said)
        );
        if i + 1 < stages.len() {
            let (x, from, to) = (WIDTH / 2, y + BOX, y + ROW);
            let _ = writeln!(
                s,
                r##"<path d="M{x} {from} L{x} {to} M{} {} L{x} {to} L{} {}" stroke="#57606a" fill="none" stroke-width="2"/>"##,
                x - 5,
                to - 6,
                x + 5,
                to - 6
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowcred_core::space::{Dims, Passwords};

    fn testing_world() -> flowcred_core::World {
        Dims::HEALTHY.world(&Passwords::default())
    }

    #[test]
    fn a_failed_run_shows_its_stop_and_what_it_never_reached() {
        let mut world = testing_world();
        world.connection.mode = flowcred_core::model::RunMode::Unattended;
        world.machine.rdp.enabled = false;
        let attempt = flowcred_core::simulate(&world);
        let svg = path_svg("rdp-off.yaml", &attempt);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("FAILED: RDPIsNotEnabled"), "{svg}");
        // Every stage is drawn, and the words say the same as the picture.
        assert_eq!(svg.matches("<rect x=\"24\"").count(), Stage::ALL.len());
        let alt = alt_text("rdp-off.yaml", &attempt);
        assert!(alt.contains("session failed with RDPIsNotEnabled"), "{alt}");
        assert!(alt.contains("cloud-validation skipped") && alt.contains("default route"), "{alt}");
        assert!(svg.contains(&escape(&alt)));
    }

    #[test]
    fn stages_after_the_stop_are_not_reached_and_text_is_escaped() {
        let mut world = testing_world();
        world.machine.device_state = Default::default();
        let attempt = flowcred_core::simulate(&world);
        let svg = path_svg("a <b> & \"c\"", &attempt);
        assert!(svg.contains("a &lt;b&gt; &amp; &quot;c&quot;"));
        assert!(!svg.contains("a <b>"));
        let alt = alt_text("x", &attempt);
        assert!(alt.contains("device-join failed with InvalidConnectionCredentials"), "{alt}");
        assert!(alt.contains("session not reached"), "{alt}");
        assert_eq!(svg.matches("not reached").count(), 4 * 2, "{svg}");
    }
}

/// One row of a decision list, as the picture draws it.
struct Row {
    depth: usize,
    kind: RowKind,
    text: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Check,
    Value,
    Cause,
    Note,
}

/// `[FC013 `name`](page.md): rest` as `FC013 name: rest`; bold and code
/// marks dropped.
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find("](") else { break };
        out.push_str(&rest[open + 1..open + close]);
        match rest[open + close..].find(')') {
            Some(end) => rest = &rest[open + close + end + 1..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.replace("**", "").replace('`', "")
}

/// The rows of the decision list a guide page writes (see `cmd::docs`).
fn rows(list: &str) -> Vec<Row> {
    list.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let item = line.trim_start();
            let depth = indent / 3;
            if let Some(check) = item.strip_prefix("1. Check ") {
                let fact = plain(check.split(" (").next().unwrap_or(check));
                Row {
                    depth,
                    kind: RowKind::Check,
                    text: format!("Check: {}", fact.trim_end_matches(':')),
                }
            } else if let Some(cause) = item.strip_prefix("- [") {
                // The cause alone; what tells it apart stays in the list.
                let text = plain(&format!("[{cause}"));
                let text = text.split_once(": ").map_or(text.clone(), |(name, _)| name.to_owned());
                Row { depth, kind: RowKind::Cause, text }
            } else {
                let text = plain(item.trim_start_matches("- ")).trim_end_matches(':').to_owned();
                let kind = if text.starts_with("whatever") || text.starts_with("one of these") {
                    RowKind::Note
                } else {
                    RowKind::Value
                };
                Row { depth, kind, text }
            }
        })
        .collect()
}

/// The decision list of an error page drawn as a tree: each check a box,
/// each value it may show a label under it, each cause a box at a branch's
/// end. The list itself stays on the page as the text version.
pub fn decision_svg(code: &str, list: &str) -> String {
    const LINE: usize = 28;
    const INDENT: usize = 22;
    let rows = rows(list);
    let x = |depth: usize| 16 + depth * INDENT;
    let chars = |s: &str| s.chars().count();
    let width =
        rows.iter().map(|r| x(r.depth) + chars(&r.text) * 9 + 40).max().unwrap_or(600).max(600);
    let height = 56 + rows.len() * LINE;
    let mut s = String::new();
    let title = format!("How to tell the causes of {code} apart");
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="title desc" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(s, "<title id=\"title\">{}</title>", escape(&title));
    let _ = writeln!(
        s,
        "<desc id=\"desc\">A tree of checks: each check a box, the values it may show under it, each branch ending at a cause. The page lists the same checks as text.</desc>"
    );
    let _ = writeln!(s, r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r##"<text x="16" y="28" font-size="16" font-weight="bold" fill="#1f2328">{}</text>"##,
        escape(&title)
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 48 + i * LINE;
        let rx = x(row.depth);
        // The connector from the row this one hangs under.
        if let Some(parent) = rows[..i].iter().rposition(|p| p.depth < row.depth) {
            let py = 48 + parent * LINE + 20;
            let px = x(rows[parent].depth) + 8;
            let _ = writeln!(
                s,
                r##"<path d="M{px} {py} L{px} {} L{} {}" stroke="#8c959f" fill="none"/>"##,
                y + 10,
                rx,
                y + 10
            );
        }
        let w = chars(&row.text) * 9 + 16;
        // A box (fill, stroke, its width, corner) for checks and causes;
        // text style, indent and prefix for every row.
        let (frame, style, pad, prefix) = match row.kind {
            RowKind::Check => (
                Some(("#ddf4ff", "#0969da", 1, 4)),
                r##"font-weight="bold" fill="#1f2328""##,
                8,
                "",
            ),
            RowKind::Cause => (Some(("#ffffff", "#1f2328", 2, 0)), r##"fill="#1f2328""##, 8, ""),
            RowKind::Value => (None, r##"font-style="italic" fill="#1f2328""##, 4, "= "),
            RowKind::Note => (None, r##"font-style="italic" fill="#57606a""##, 4, ""),
        };
        if let Some((fill, stroke, stroke_width, corner)) = frame {
            let _ = writeln!(
                s,
                r#"<rect x="{rx}" y="{y}" width="{w}" height="20" rx="{corner}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>"#
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" {style}>{prefix}{}</text>"#,
            rx + pad,
            y + 15,
            escape(&row.text)
        );
    }
    s.push_str("</svg>\n");
    s
}
