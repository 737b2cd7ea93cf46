//! A first pass over a scenario's YAML that knows where everything is: the
//! position of every field and list item, and the span of every secret value.
//!
//! It also refuses what serde_yaml would read silently or place badly: a
//! second document, a duplicate key (at the duplicate), a tag outside YAML's
//! core schema or one that changes what a plain value means, and a tab in
//! the indentation (at the tab). serde_yaml then reads the types; this pass
//! tells where its errors are and what an excerpt of the text must not show.

use std::collections::HashMap;

use crate::mask::is_secret_key;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

/// The most values (keys, scalars, list items, mappings and lists) a file
/// may hold. The largest bundled scenario holds under a hundred; the cap
/// bounds the memory every later pass takes (serde's event buffer, the
/// schema check's tree), whatever the file's size.
pub const MAX_VALUES: usize = 2_000;

/// A 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    fn start(span: &Span) -> Pos {
        Pos { line: span.start.line(), column: span.start.col() + 1 }
    }
}

/// Where a field sits: its key (or its `-` for a list item) and its value.
#[derive(Clone, Copy, Debug)]
struct Spot {
    key: Pos,
    value: Pos,
    scalar: bool,
}

/// What the first pass found.
#[derive(Debug, Default)]
pub struct Outline {
    spots: HashMap<String, Spot>,
    /// Per line, the column ranges (0-based characters, end exclusive) that
    /// hold a secret.
    secrets: HashMap<usize, Vec<(usize, usize)>>,
}

/// A problem the first pass found, at its place.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub field: Option<String>,
    pub message: String,
}

impl Outline {
    /// Where an error about `path` (in serde_path_to_error's form, such as
    /// `tenant.users[0].upn`) should point: at a scalar value, or at the key
    /// of anything larger.
    pub fn position(&self, path: &str) -> Option<Pos> {
        let spot = self.spots.get(path)?;
        Some(if spot.scalar { spot.value } else { spot.key })
    }

    /// Where the key of `path` is.
    pub fn key_position(&self, path: &str) -> Option<Pos> {
        self.spots.get(path).map(|s| s.key)
    }

    /// Line `number` (1-based) of the text with every secret value on it
    /// replaced by `***`: the spans this pass found, and, for text it never
    /// reached, any value that follows a password-like key. Linear in the
    /// line's length, however many keys and spans it holds.
    pub fn masked_line(&self, number: usize, line: &str) -> String {
        crate::mask::mask_line(line, self.secrets.get(&number).map_or(&[], Vec::as_slice))
    }
}

enum Frame {
    Map { path: String, key: Option<String>, seen: HashMap<String, usize>, secret: bool },
    Seq { path: String, index: usize, secret: bool },
}

struct Walker<'t> {
    text: &'t str,
    out: Outline,
    stack: Vec<Frame>,
    documents: usize,
    values: usize,
}

/// Reads `text` once. The outline is as complete as the text allowed; the
/// problem, if any, is the first one.
pub fn outline(text: &str) -> (Outline, Option<Problem>) {
    let mut walker =
        Walker { text, out: Outline::default(), stack: Vec::new(), documents: 0, values: 0 };
    let mut problem = None;
    for event in Parser::new_from_str(text) {
        let step = match event {
            Ok((event, span)) => walker.event(event, span),
            Err(e) => Err(scan_problem(text, e.marker().line(), e.marker().col(), e.info())),
        };
        if let Err(p) = step {
            problem = Some(p);
            break;
        }
    }
    (walker.out, problem)
}

fn scan_problem(text: &str, line: usize, col: usize, info: &str) -> Problem {
    if info.contains("tab") {
        // The scanner's mark sits after the tab; point at the tab itself.
        let at = text.lines().enumerate().skip(line.saturating_sub(1)).find_map(|(n, l)| {
            l.chars().position(|c| c == '\t').map(|c| Pos { line: n + 1, column: c + 1 })
        });
        if let Some(pos) = at {
            return Problem {
                pos,
                field: None,
                message: "a tab in the indentation: YAML indents with spaces".into(),
            };
        }
    }
    Problem { pos: Pos { line, column: col + 1 }, field: None, message: format!("YAML: {info}") }
}

fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

impl Walker<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Problem> {
        if matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        ) {
            self.values += 1;
            if self.values > MAX_VALUES {
                return Err(Problem {
                    pos: Pos::start(&span),
                    field: self.stack.last().map(|frame| match frame {
                        Frame::Map { path, .. } | Frame::Seq { path, .. } => path.clone(),
                    }).filter(|path| !path.is_empty()),
                    message: format!(
                        "more than {MAX_VALUES} values (keys, scalars and items): a scenario describes one tenant, one machine and one connection"
                    ),
                });
            }
        }
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Problem {
                        pos: Pos::start(&span),
                        field: None,
                        message:
                            "a scenario file holds one YAML document; a second one starts here"
                                .into(),
                    });
                }
            }
            Event::Scalar(value, style, _, tag) => {
                check_tag(tag.as_deref(), Some((&value, style)), &span)?;
                if self.take_key(&value, &span)? {
                    return Ok(());
                }
                let (_, secret) = self.place(&span, true)?;
                if secret {
                    self.secret(&span);
                }
                self.finish_value();
            }
            Event::Alias(_) => {
                if self.take_key("*alias", &span)? {
                    return Ok(());
                }
                self.place(&span, true)?;
                self.finish_value();
            }
            Event::MappingStart(_, tag) => {
                check_tag(tag.as_deref(), None, &span)?;
                let (path, secret) = self.place(&span, false)?;
                self.stack.push(Frame::Map { path, key: None, seen: HashMap::new(), secret });
            }
            Event::SequenceStart(_, tag) => {
                check_tag(tag.as_deref(), None, &span)?;
                let (path, secret) = self.place(&span, false)?;
                self.stack.push(Frame::Seq { path, index: 0, secret });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.finish_value();
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        Ok(())
    }

    /// When a mapping waits for a key, `value` is that key.
    fn take_key(&mut self, value: &str, span: &Span) -> Result<bool, Problem> {
        let Some(Frame::Map { path, key: key @ None, seen, secret }) = self.stack.last_mut() else {
            return Ok(false);
        };
        let in_secret = *secret;
        let pos = Pos::start(span);
        let field = child(path, value);
        if let Some(first) = seen.insert(value.to_owned(), pos.line) {
            return Err(Problem {
                pos,
                field: Some(field),
                message: format!("duplicate key `{value}` (first given at line {first})"),
            });
        }
        self.out.spots.insert(field, Spot { key: pos, value: pos, scalar: false });
        *key = Some(value.to_owned());
        if in_secret {
            self.secret(span);
        }
        Ok(true)
    }

    /// The path of a value node starting at `span`, recorded; and whether it
    /// is secret.
    fn place(&mut self, span: &Span, scalar: bool) -> Result<(String, bool), Problem> {
        let pos = Pos::start(span);
        let (path, secret) = match self.stack.last() {
            None => (String::new(), false),
            Some(Frame::Map { path, key: Some(key), secret, .. }) => {
                let secret = *secret || is_secret_key(key) || (scalar && key == "credential");
                (child(path, key), secret)
            }
            Some(Frame::Map { path, key: None, .. }) => {
                return Err(Problem {
                    pos,
                    field: (!path.is_empty()).then(|| path.clone()),
                    message: "a key must be plain text, not a mapping or a list".into(),
                })
            }
            Some(Frame::Seq { path, index, secret }) => (format!("{path}[{index}]"), *secret),
        };
        if !path.is_empty() {
            let key = match self.out.spots.get(&path) {
                Some(spot) => spot.key,
                None => pos,
            };
            self.out.spots.insert(path.clone(), Spot { key, value: pos, scalar });
        }
        Ok((path, secret))
    }

    fn finish_value(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    fn secret(&mut self, span: &Span) {
        let (start, end) = (span.start, span.end);
        for line in start.line()..=end.line() {
            let from = if line == start.line() { start.col() } else { 0 };
            let to = if line == end.line() { end.col() } else { usize::MAX };
            let from = if line == start.line() {
                from
            } else {
                // Continuation lines: keep the indentation, mask the rest.
                self.text
                    .lines()
                    .nth(line - 1)
                    .map_or(0, |l| l.chars().take_while(|c| *c == ' ').count())
            };
            if to > from {
                self.out.secrets.entry(line).or_default().push((from, to));
            }
        }
    }
}

/// Refuses a tag outside YAML's core schema, and a core tag that makes a
/// plain scalar mean something else than it reads (`!!str true`): serde
/// would see the plain value.
fn check_tag(
    tag: Option<&Tag>,
    scalar: Option<(&str, ScalarStyle)>,
    span: &Span,
) -> Result<(), Problem> {
    let Some(tag) = tag else { return Ok(()) };
    let pos = Pos::start(span);
    let shown = if tag.handle == "tag:yaml.org,2002:" {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    };
    if !tag.is_yaml_core_schema() {
        return Err(Problem {
            pos,
            field: None,
            message: format!(
                "the tag `{shown}` is not part of YAML's core schema; scenarios use plain values"
            ),
        });
    }
    if let Some((value, style)) = scalar {
        let plain = if style == ScalarStyle::Plain { plain_kind(value) } else { "str" };
        let tagged = tag.suffix.as_str();
        if tagged != plain && !(tagged == "float" && plain == "int") {
            let hint = if tagged == "str" {
                format!("write it quoted: '{value}'")
            } else {
                "write the value without a tag".into()
            };
            return Err(Problem {
                pos,
                field: None,
                message: format!("`{shown}` changes what this value means; {hint}"),
            });
        }
    }
    Ok(())
}

/// What a plain scalar resolves to under YAML's core schema.
fn plain_kind(value: &str) -> &'static str {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => "null",
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => "bool",
        _ if value.parse::<i64>().is_ok()
            || value.strip_prefix("0x").is_some_and(|h| i64::from_str_radix(h, 16).is_ok())
            || value.strip_prefix("0o").is_some_and(|o| i64::from_str_radix(o, 8).is_ok()) =>
        {
            "int"
        }
        _ if value.parse::<f64>().is_ok()
            || matches!(
                value.trim_start_matches(['+', '-']),
                ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
            ) =>
        {
            "float"
        }
        _ => "str",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mask::mask_text;

    fn problem(text: &str) -> Problem {
        outline(text).1.expect("a problem")
    }

    #[test]
    fn fields_and_items_have_places_in_block_and_flow_style() {
        let text = "tenant:\n  users:\n    - {upn: a@b.c, password: x}\n    - upn: d@e.f\nmachine: {name: M}\n";
        let (o, p) = outline(text);
        assert_eq!(p, None);
        assert_eq!(o.position("tenant.users[0].upn"), Some(Pos { line: 3, column: 13 }));
        assert_eq!(o.position("tenant.users[1].upn"), Some(Pos { line: 4, column: 12 }));
        assert_eq!(o.position("tenant.users[1]"), Some(Pos { line: 4, column: 7 }));
        assert_eq!(o.position("machine.name"), Some(Pos { line: 5, column: 17 }));
        assert_eq!(o.position("machine"), Some(Pos { line: 5, column: 1 }));
    }

    #[test]
    fn duplicates_second_documents_tags_and_tabs_are_refused_where_they_are() {
        let p = problem("a: 1\nb:\n  c: 2\n  c: 3\n");
        assert_eq!((p.pos.line, p.pos.column, p.field.as_deref()), (4, 3, Some("b.c")));
        assert!(p.message.contains("first given at line 3"), "{}", p.message);
        assert_eq!(problem("a: 1\n---\na: 2\n").pos.line, 2);
        assert!(problem("machine: !Machine {}\n").message.contains("`!Machine`"));
        assert!(problem("a: !!str true\n").message.contains("write it quoted: 'true'"));
        assert_eq!(outline("a: !!str text\nb: !!int 3\n").1, None);
        let p = problem("a:\n  b: 1\n\tc: 2\n");
        assert_eq!((p.pos.line, p.pos.column), (3, 1), "{}", p.message);
    }

    #[test]
    fn a_file_with_more_values_than_the_cap_is_refused_at_the_first_too_many() {
        let mut text = String::from("tenant:\n  users:\n");
        // Each item: a mapping, a key and a value.
        for i in 0..MAX_VALUES / 3 + 1 {
            text.push_str(&format!("    - {{upn: u{i}}}\n"));
        }
        let p = problem(&text);
        assert!(p.message.contains(&format!("more than {MAX_VALUES} values")), "{}", p.message);
        // The root, `tenant`, its mapping, `users` and its list come first.
        let first_too_many = MAX_VALUES + 1 - 5;
        let item = (first_too_many - 1) / 3;
        assert_eq!(p.pos.line, 3 + item, "{}", p.message);
        assert!(p.field.as_deref().is_some_and(|f| f.starts_with("tenant.users")), "{p:?}");
        let fits: String = text.lines().take(2 + item).map(|l| format!("{l}\n")).collect();
        assert_eq!(outline(&fits).1, None);
    }

    #[test]
    fn secrets_are_masked_by_span_and_by_key() {
        let text = "u:\n  password: \"hunter2\"\n  x: {password: 'a b', y: 1}\n  cached_password: |\n    line1\n    line2\nc:\n  credential: pw123\n";
        let (o, p) = outline(text);
        assert_eq!(p, None);
        let masked: Vec<String> =
            text.lines().enumerate().map(|(i, l)| o.masked_line(i + 1, l)).collect();
        assert_eq!(masked[1], "  password: ***");
        assert_eq!(masked[2], "  x: {password: ***, y: 1}");
        assert_eq!(masked[4], "    ***");
        assert_eq!(masked[5], "    ***");
        assert_eq!(masked[7], "  credential: ***");
        // The safety net alone, on text no parser read.
        let none = Outline::default();
        assert_eq!(none.masked_line(1, "  pasword: \"x, y\" # c"), "  pasword: *** # c");
        assert_eq!(none.masked_line(1, "  password: #pw\""), "  password: ***");
        assert_eq!(none.masked_line(1, "a: b password: \"pw\" c"), "a: b password: ***");
        assert_eq!(
            none.masked_line(1, "- {upn: a, password: s3, b: 1}"),
            "- {upn: a, password: ***, b: 1}"
        );
        assert_eq!(none.masked_line(1, "credential: {password: p}"), "credential: {password: ***}");
        assert_eq!(none.masked_line(1, "name: pass"), "name: pass");
        assert_eq!(
            mask_text("no cloud password validation: Entra"),
            "no cloud password validation: Entra"
        );
        assert_eq!(mask_text("holds a password: three causes"), "holds a password: three causes");
        assert_eq!(mask_text("password: hunter2 (old)"), "password: ***");
        assert_eq!(
            none.masked_line(1, "  password_hash_sync: false"),
            "  password_hash_sync: false"
        );
        assert_eq!(none.masked_line(1, "  passworde x (: \"pw"), "  passworde x (: ***");
        assert_eq!(none.masked_line(1, "  password:\"\"pw\""), "  password:***");
        assert_eq!(none.masked_line(1, "password\u{feff}: \"pw\""), "password\u{feff}: ***");
    }
}
