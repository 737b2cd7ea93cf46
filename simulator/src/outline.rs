//! The one pass over a scenario's YAML: the document as a tree whose every
//! value knows where it starts, and the span of every secret value.
//!
//! It also refuses what a reader would take silently or place badly: a
//! second document, a duplicate key (at the duplicate), a tag outside YAML's
//! core schema or one that changes what a plain value means, a tab in the
//! indentation (at the tab), more values than any scenario holds, and
//! aliases that would expand past that. [`crate::yaml`] then reads the
//! tree into the model's types, and an error's field path finds its place
//! in the tree; the secrets say what an excerpt of the text must not show.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use crate::mask::is_secret_key;

/// The most values (keys, scalars, list items, mappings and lists) a file
/// may hold. The largest bundled scenario holds under a hundred; the cap
/// bounds the memory every later pass takes, whatever the file's size.
pub const MAX_VALUES: usize = 2_000;

/// The most values the tree may hold once aliases are expanded (each alias
/// copies the value its anchor names).
pub const MAX_EXPANDED: usize = 8 * MAX_VALUES;

/// The deepest nesting the tree may reach, aliases included; the readers
/// that walk it recurse once a level.
pub const MAX_NESTING: usize = 64;

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

/// A value of the document and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// What a value is.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar's text; `plain` when it is written unquoted, so that its
    /// type is read from the text as YAML's core schema says (`true`, `3`,
    /// `~`), where a quoted or block scalar is always text.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key of a mapping, where it is, and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

impl Node {
    /// How many values the node holds, itself included.
    fn size(&self) -> usize {
        1 + match &self.value {
            Value::Scalar { .. } => 0,
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|e| 1 + e.value.size()).sum(),
        }
    }

    /// How deep the node nests, itself at 1.
    fn depth(&self) -> usize {
        1 + match &self.value {
            Value::Scalar { .. } => 0,
            Value::Seq(items) => items.iter().map(Node::depth).max().unwrap_or(0),
            Value::Map(entries) => entries.iter().map(|e| e.value.depth()).max().unwrap_or(0),
        }
    }
}

/// The lines of `text` as YAML counts them: a line ends at `\n`, `\r\n` or a
/// lone `\r` (where `str::lines` would not end one), so a line number from
/// the parser names the line shown.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            None => {
                rest = None;
                (!current.is_empty()).then_some(current)
            }
            Some(at) => {
                let width = if current[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&current[at + width..]);
                Some(&current[..at])
            }
        }
    })
}

/// What the pass found.
#[derive(Debug, Default)]
pub struct Outline {
    /// The document, as far as the text allowed.
    root: Option<Node>,
    /// Per line, the column ranges (0-based characters, end exclusive) that
    /// hold a secret.
    secrets: HashMap<usize, Vec<(usize, usize)>>,
}

/// A problem the pass found, at its place.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub field: Option<String>,
    pub message: String,
}

impl Outline {
    /// The document read; `None` when the text held none (or a problem
    /// stopped the pass before its end).
    pub fn root(&self) -> Option<&Node> {
        self.root.as_ref()
    }

    /// The node at `path` (in serde_path_to_error's form, such as
    /// `tenant.users[0].upn`), and where its key is when a mapping holds it.
    /// A key may itself hold a `.` or a `[`, so at each mapping the longest
    /// key the rest of the path starts with is taken.
    fn find(&self, path: &str) -> Option<(Option<Pos>, &Node)> {
        if path.is_empty() || path == "." {
            return None;
        }
        let mut node = self.root.as_ref()?;
        let mut key_pos;
        let mut rest = path;
        loop {
            if let Some(after) = rest.strip_prefix('[') {
                let (index, after) = after.split_once(']')?;
                let Value::Seq(items) = &node.value else { return None };
                (key_pos, node) = (None, items.get(index.parse::<usize>().ok()?)?);
                rest = after;
            } else {
                let Value::Map(entries) = &node.value else { return None };
                let entry = entries
                    .iter()
                    .filter(|e| {
                        rest.strip_prefix(e.key.as_str())
                            .is_some_and(|after| after.is_empty() || after.starts_with(['.', '[']))
                    })
                    .max_by_key(|e| e.key.len())?;
                (key_pos, node) = (Some(entry.key_pos), &entry.value);
                rest = &rest[entry.key.len()..];
            }
            match rest.strip_prefix('.') {
                _ if rest.is_empty() => return Some((key_pos, node)),
                Some(after) => rest = after,
                None if rest.starts_with('[') => {}
                None => return None,
            }
        }
    }

    /// Where an error about `path` should point: at a scalar value, or at
    /// the key of anything larger (a list item's own start).
    pub fn position(&self, path: &str) -> Option<Pos> {
        let (key, node) = self.find(path)?;
        Some(match (&node.value, key) {
            (Value::Scalar { .. }, _) | (_, None) => node.pos,
            (_, Some(key)) => key,
        })
    }

    /// Where the key of `path` is (a list item's own start).
    pub fn key_position(&self, path: &str) -> Option<Pos> {
        let (key, node) = self.find(path)?;
        Some(key.unwrap_or(node.pos))
    }

    /// Line `number` (1-based) of the text with every secret value on it
    /// replaced by `***`: the spans this pass found, and, for text it never
    /// reached, any value that follows a password-like key. Linear in the
    /// line's length, however many keys and spans it holds.
    pub fn masked_line(&self, number: usize, line: &str) -> String {
        crate::mask::mask_line(line, self.secrets.get(&number).map_or(&[], Vec::as_slice))
    }

    /// Line `number` of `text`, masked as [`Outline::masked_line`] masks it
    /// and with the line before it in view (a value broken off its key).
    pub fn excerpt(&self, text: &str, number: usize) -> Option<String> {
        let mut all = lines(text).skip(number.saturating_sub(2));
        let previous = if number >= 2 { all.next() } else { None };
        let line = all.next()?;
        let spans = self.secrets.get(&number).map_or(&[][..], Vec::as_slice);
        Some(crate::mask::mask_line_after(previous, line, spans))
    }
}

/// A mapping or a list being read.
enum Frame {
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<Entry>,
        /// The key read, waiting for its value.
        key: Option<(String, Pos)>,
        secret: bool,
    },
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
        secret: bool,
    },
}

struct Walker<'t> {
    text: &'t str,
    out: Outline,
    stack: Vec<Frame>,
    documents: usize,
    /// Values read, and values the tree holds with aliases expanded.
    values: usize,
    expanded: usize,
    /// Anchored values, by anchor id, with how deep each nests.
    anchors: HashMap<usize, (Node, usize)>,
}

/// Reads `text` once. The outline is as complete as the text allowed; the
/// problem, if any, is the first one.
pub fn outline(text: &str) -> (Outline, Option<Problem>) {
    let mut walker = Walker {
        text,
        out: Outline::default(),
        stack: Vec::new(),
        documents: 0,
        values: 0,
        expanded: 0,
        anchors: HashMap::new(),
    };
    let mut problem = None;
    for event in Parser::new_from_str(text) {
        let step = match event {
            Ok((event, span)) => walker.event(event, span),
            Err(e) => {
                // The value being read may be a secret the scanner broke off
                // in (a quoted password over several lines): hide it all.
                walker.mask_pending(e.marker().line());
                Err(scan_problem(text, e.marker().line(), e.marker().col(), e.info()))
            }
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
        let at = lines(text).enumerate().skip(line.saturating_sub(1)).find_map(|(n, l)| {
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
            self.expanded += 1;
            if self.values > MAX_VALUES {
                return Err(Problem {
                    pos: Pos::start(&span),
                    field: self.path(self.stack.len().saturating_sub(1)),
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
            Event::Scalar(text, style, anchor, tag) => {
                check_tag(tag.as_deref(), Some((&text, style)), &span)?;
                if self.take_key(&text, &span)? {
                    return Ok(());
                }
                let secret = self.place(&span, true)?;
                if secret {
                    self.secret(&span);
                }
                // A plain integer tagged `!!float` reads as the float.
                let float = tag.as_deref().is_some_and(|t| t.suffix == "float");
                let plain = style == ScalarStyle::Plain;
                let text = if plain && float && plain_kind(&text) == "int" {
                    format!("{text}.0")
                } else {
                    text.into_owned()
                };
                let node = Node { pos: Pos::start(&span), value: Value::Scalar { text, plain } };
                self.finish(node, anchor, &span)?;
            }
            Event::Alias(id) => {
                if self.take_key("*alias", &span)? {
                    return Ok(());
                }
                self.place(&span, true)?;
                let Some((node, depth)) = self.anchors.get(&id) else {
                    return Err(Problem {
                        pos: Pos::start(&span),
                        field: None,
                        message: "an alias to no anchor".into(),
                    });
                };
                let (node, depth) = (node.clone(), *depth);
                self.expanded += node.size() - 1;
                if self.expanded > MAX_EXPANDED || self.stack.len() + depth > MAX_NESTING {
                    return Err(Problem {
                        pos: Pos::start(&span),
                        field: self.path(self.stack.len()),
                        message: format!(
                            "aliases expand to more than {MAX_EXPANDED} values or {MAX_NESTING} levels"
                        ),
                    });
                }
                self.finish(node, 0, &span)?;
            }
            Event::MappingStart(anchor, tag) => {
                check_tag(tag.as_deref(), None, &span)?;
                let secret = self.place(&span, false)?;
                self.open(&span)?;
                let pos = Pos::start(&span);
                self.stack.push(Frame::Map { pos, anchor, entries: Vec::new(), key: None, secret });
            }
            Event::SequenceStart(anchor, tag) => {
                check_tag(tag.as_deref(), None, &span)?;
                let secret = self.place(&span, false)?;
                self.open(&span)?;
                let pos = Pos::start(&span);
                self.stack.push(Frame::Seq { pos, anchor, items: Vec::new(), secret });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Map { pos, anchor, entries, .. }) => {
                        (Node { pos, value: Value::Map(entries) }, anchor)
                    }
                    Some(Frame::Seq { pos, anchor, items, .. }) => {
                        (Node { pos, value: Value::Seq(items) }, anchor)
                    }
                    None => return Ok(()),
                };
                self.finish(node, anchor, &span)?;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        Ok(())
    }

    /// Refuses a mapping or list nested deeper than the readers go.
    fn open(&self, span: &Span) -> Result<(), Problem> {
        if self.stack.len() + 1 > MAX_NESTING {
            return Err(Problem {
                pos: Pos::start(span),
                field: self.path(self.stack.len()),
                message: format!("nesting is deeper than {MAX_NESTING} levels"),
            });
        }
        Ok(())
    }

    /// The field path of the value the frame at `depth` holds next (the
    /// frames below it give the way there); `None` at the root.
    fn path(&self, depth: usize) -> Option<String> {
        let mut path = String::new();
        for frame in &self.stack[..depth.min(self.stack.len())] {
            match frame {
                Frame::Map { key: Some((key, _)), .. } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Frame::Map { key: None, .. } => {}
                Frame::Seq { items, .. } => path.push_str(&format!("[{}]", items.len())),
            }
        }
        (!path.is_empty()).then_some(path)
    }

    /// When a mapping waits for a key, `value` is that key.
    fn take_key(&mut self, value: &str, span: &Span) -> Result<bool, Problem> {
        let depth = self.stack.len();
        let Some(Frame::Map { key: key @ None, entries, secret, .. }) = self.stack.last_mut()
        else {
            return Ok(false);
        };
        let in_secret = *secret;
        let pos = Pos::start(span);
        if let Some(first) = entries.iter().find(|e| e.key == value) {
            let first = first.key_pos.line;
            let parent = self.path(depth - 1);
            let field = parent.map_or_else(|| value.to_owned(), |p| format!("{p}.{value}"));
            return Err(Problem {
                pos,
                field: Some(field),
                message: format!("duplicate key `{value}` (first given at line {first})"),
            });
        }
        *key = Some((value.to_owned(), pos));
        if in_secret {
            self.secret(span);
        }
        Ok(true)
    }

    /// Whether the value starting at `span` is secret; a mapping or a list
    /// where a key is due is refused.
    fn place(&self, span: &Span, scalar: bool) -> Result<bool, Problem> {
        match self.stack.last() {
            None => Ok(false),
            Some(Frame::Map { key: Some((key, _)), secret, .. }) => {
                Ok(*secret || is_secret_key(key) || (scalar && key == "credential"))
            }
            Some(Frame::Map { key: None, .. }) => Err(Problem {
                pos: Pos::start(span),
                field: self.path(self.stack.len() - 1),
                message: "a key must be plain text, not a mapping or a list".into(),
            }),
            Some(Frame::Seq { secret, .. }) => Ok(*secret),
        }
    }

    /// Puts a finished value where it belongs: under its key, at the end of
    /// its list, or at the root; and keeps it by its anchor.
    fn finish(&mut self, node: Node, anchor: usize, span: &Span) -> Result<(), Problem> {
        if anchor != 0 {
            let depth = node.depth();
            self.anchors.insert(anchor, (node.clone(), depth));
        }
        match self.stack.last_mut() {
            Some(Frame::Map { key, entries, .. }) => match key.take() {
                Some((key, key_pos)) => entries.push(Entry { key, key_pos, value: node }),
                None => {
                    return Err(Problem {
                        pos: Pos::start(span),
                        field: None,
                        message: "a key must be plain text, not a mapping or a list".into(),
                    })
                }
            },
            Some(Frame::Seq { items, .. }) => items.push(node),
            None => self.out.root = Some(node),
        }
        Ok(())
    }

    /// When the value due next is a secret (its key names one, or it sits
    /// in a secret), masks everything from after its key to the end of line
    /// `to`: the parser stopped inside it, so no span says where it ends.
    fn mask_pending(&mut self, to: usize) {
        let secret = match self.stack.last() {
            Some(Frame::Map { key: Some((key, _)), secret, .. }) => {
                *secret || is_secret_key(key) || key == "credential"
            }
            Some(Frame::Map { secret, .. } | Frame::Seq { secret, .. }) => *secret,
            None => false,
        };
        let from = match self.stack.last() {
            Some(Frame::Map { key: Some((key, pos)), .. }) => {
                Some((pos.line, pos.column + key.chars().count()))
            }
            Some(Frame::Map { pos, .. } | Frame::Seq { pos, .. }) => {
                Some((pos.line, pos.column - 1))
            }
            None => None,
        };
        let (true, Some((line, column))) = (secret, from) else { return };
        for number in line..=to.max(line) {
            let from = if number == line { column } else { 0 };
            self.out.secrets.entry(number).or_default().push((from, usize::MAX));
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
                lines(self.text)
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
    fn a_lone_carriage_return_ends_a_line_as_it_does_for_the_parser() {
        assert_eq!(lines("a\rb\r\nc\n\nd").collect::<Vec<_>>(), ["a", "b", "c", "", "d"]);
        assert_eq!(lines("a\n").collect::<Vec<_>>(), ["a"]);
        let text = "a: 1\rb:\r  password: \"x\n\n";
        let (o, p) = outline(text);
        let p = p.expect("the quoted scalar never ends");
        let line = lines(text).nth(p.pos.line - 1).unwrap();
        assert!(!o.masked_line(p.pos.line, line).contains('x'), "{p:?}");
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
        // A key with a dot or a bracket, and an empty key, are found too.
        let (o, _) = outline("a:\n  b.c[1]: x\n  b: {d: 1}\n  '': 2\n");
        assert_eq!(o.position("a.b.c[1]"), Some(Pos { line: 2, column: 11 }));
        assert_eq!(o.position("a.b.d"), Some(Pos { line: 3, column: 10 }));
        assert_eq!(o.key_position("a."), Some(Pos { line: 4, column: 3 }));
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
    fn a_secret_the_parser_breaks_off_in_is_masked_to_where_it_stopped() {
        // A quoted password over two lines, the second not indented: the
        // scanner stops inside it, on either line, before any span exists.
        for text in [
            "connection:\n  credential:\n    password: \"  credential:\nCn4ry-pw-7Q2x\"\n  mode: x\n",
            "a:\n  b: 1\nconnection:\n  credential:\n    password: \"  credential:\nCn4ry-pw-7Q2x\"\n  mode: unattended\nexpect:\n  error: X\n",
        ] {
            let (o, p) = outline(text);
            let p = p.expect("the quoted scalar is broken");
            let line = text.lines().nth(p.pos.line - 1).unwrap();
            let masked = o.masked_line(p.pos.line, line);
            assert!(!masked.contains("Cn4ry"), "{p:?}: {masked}");
            for (i, l) in text.lines().enumerate().filter(|(_, l)| l.contains("Cn4ry")) {
                if i < p.pos.line {
                    assert!(!o.masked_line(i + 1, l).contains("Cn4ry"), "line {}", i + 1);
                }
            }
        }
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
