//! A first pass over a scenario's YAML that knows where everything is: the
//! position of every field and list item, and the span of every secret value.
//!
//! It also refuses what serde_yaml would read silently or place badly: a
//! second document, a duplicate key (at the duplicate), a tag outside YAML's
//! core schema or one that changes what a plain value means, and a tab in
//! the indentation (at the tab). serde_yaml then reads the types; this pass
//! tells where its errors are and what an excerpt of the text must not show.

use std::collections::HashMap;

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
        let mut ranges = secret_key_ranges(line, false);
        if let Some(spans) = self.secrets.get(&number) {
            ranges.extend(columns_to_bytes(line, spans));
        }
        mask_ranges(line, ranges)
    }
}

/// Character column ranges of `line` as byte ranges, in one pass.
fn columns_to_bytes(line: &str, spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut marks: Vec<usize> = spans.iter().flat_map(|&(a, b)| [a, b]).collect();
    marks.sort_unstable();
    marks.dedup();
    let mut byte_of = HashMap::with_capacity(marks.len());
    let mut wanted = marks.iter().peekable();
    for (column, (byte, _)) in line.char_indices().enumerate() {
        while let Some(&&mark) = wanted.peek() {
            if mark > column {
                break;
            }
            byte_of.insert(mark, byte);
            wanted.next();
        }
    }
    let at = |column: usize| byte_of.get(&column).copied().unwrap_or(line.len());
    spans.iter().map(|&(a, b)| (at(a), at(b))).collect()
}

/// Free text (a comment, a value quoted in a message) with the value after
/// any password-like key in it masked.
pub fn mask_text(text: &str) -> String {
    let mask = |line: &str| mask_ranges(line, secret_key_ranges(line, true));
    text.split('\n').map(mask).collect::<Vec<_>>().join("\n")
}

/// The longest excerpt of a value an error quotes, in characters.
pub const EXCERPT_CHARS: usize = 40;

/// A value quoted in an error message: masked as free text is, at most
/// [`EXCERPT_CHARS`] characters (`…` says more followed), and hidden
/// characters shown as `\uXXXX`. No error quotes more of an input.
pub fn excerpt(value: &str) -> String {
    let masked = mask_text(value);
    let mut shown: String = masked.chars().take(EXCERPT_CHARS).collect();
    if masked.chars().nth(EXCERPT_CHARS).is_some() {
        shown.push('…');
    }
    flowcred_core::text::reveal(&shown, |_| false).into_owned()
}

/// `message` with each part it quotes (between backticks, or double
/// quotes as serde writes a value) cut to [`EXCERPT_CHARS`] characters, in
/// one pass: an error about a huge value says what kind of value it was,
/// not all of it.
pub fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut quote: Option<char> = None;
    let (mut inside, mut escaped) = (0usize, false);
    for c in message.chars() {
        match quote {
            None => {
                if c == '`' || c == '"' {
                    (quote, inside, escaped) = (Some(c), 0, false);
                }
                out.push(c);
            }
            Some(q) => {
                let closes = c == q && !escaped;
                escaped = q == '"' && c == '\\' && !escaped;
                if closes {
                    quote = None;
                    out.push(c);
                    continue;
                }
                inside += 1;
                if inside <= EXCERPT_CHARS {
                    out.push(c);
                } else if inside == EXCERPT_CHARS + 1 {
                    out.push('…');
                }
            }
        }
    }
    out
}

/// Whether a key names a secret: the value under it is never shown.
pub fn is_secret_key(key: &str) -> bool {
    // Fields of the model that name passwords without holding one.
    const NOT_SECRET: [&str; 3] =
        ["password_hash_sync", "passwordless", "allowcloudpasswordvalidation"];
    let key = key.to_ascii_lowercase();
    !NOT_SECRET.contains(&key.as_str()) && SECRET_WORDS.iter().any(|word| key.contains(word))
}

/// What a key naming a secret holds (lowercase ASCII).
const SECRET_WORDS: [&str; 8] =
    ["pass", "pasw", "pwd", "psw", "word", "secret", "token", "private"];

/// Whether an error at `path` is about a secret value (or a credential
/// written as a bare value, which is a password more often than not).
pub fn is_secret_path(path: &str) -> bool {
    path.split(['.', '[']).any(|segment| is_secret_key(segment) || segment == "credential")
}

/// `line` with each byte range replaced by `***` (one for each run of
/// overlapping or touching ranges), in one pass.
fn mask_ranges(line: &str, mut ranges: Vec<(usize, usize)>) -> String {
    ranges.retain(|&(from, to)| from < to);
    if ranges.is_empty() {
        return line.to_owned();
    }
    ranges.sort_unstable();
    let mut out = String::with_capacity(line.len());
    let mut shown_to = 0;
    let mut ranges = ranges.into_iter().peekable();
    while let Some((from, mut to)) = ranges.next() {
        while let Some(&(next, end)) = ranges.peek() {
            if next > to {
                break;
            }
            to = to.max(end);
            ranges.next();
        }
        out.push_str(&line[shown_to..from.max(shown_to)]);
        out.push_str("***");
        shown_to = to.min(line.len());
    }
    out.push_str(&line[shown_to..]);
    out
}

/// The byte ranges of the values after password-like keys on one line,
/// block or flow style, quoted or not: the safety net for text the parser
/// did not reach or read differently.
///
/// In YAML the key is all the text since the last flow delimiter (keys may
/// hold spaces, and broken text puts anything before a colon); in prose, a
/// line that reads as `key: value` (commented-out YAML), not a sentence that
/// happens to hold a colon. Either way the key is trimmed to its identifier
/// characters. One pass keeps what every colon needs (where the key starts,
/// its last identifier character, whether a secret word lies in it), so a
/// line of many colons costs no more than its length.
fn secret_key_ranges(line: &str, prose: bool) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let identifier = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut out = Vec::new();
    let mut in_flow = false;
    // The current key's region: where it starts (past spaces and `- `).
    let mut region = key_start(line, 0);
    // In that region: its first identifier character, the last one seen,
    // the first whitespace (prose keys hold none), and whether a secret
    // word has been seen.
    let mut first_ident: Option<usize> = None;
    let mut last_ident: Option<(usize, usize)> = None;
    let mut first_space: Option<usize> = None;
    let mut word = false;
    // Colons before this byte are inside a value already masked.
    let mut masked_to = 0;
    for (i, c) in line.char_indices() {
        if c == ':' && i >= masked_to {
            let key = Key { region, first_ident, last_ident, first_space, word };
            match secret_value(line, i, in_flow, prose, &key) {
                Some(Value::To(start, end)) => {
                    out.push((start, end));
                    masked_to = end;
                }
                Some(Value::Rest(start)) => {
                    out.push((start, line.len()));
                    break;
                }
                None => {}
            }
        }
        if i < region {
            continue;
        }
        if !prose && matches!(c, '{' | ',' | '[') {
            in_flow |= c != ',';
            region = key_start(line, i + 1);
            (first_ident, last_ident, first_space, word) = (None, None, None, false);
            continue;
        }
        if prose && matches!(c, '{' | '[') {
            in_flow = true;
        }
        if identifier(c) {
            first_ident.get_or_insert(i);
            last_ident = Some((i, i + c.len_utf8()));
        } else if c.is_whitespace() {
            first_space.get_or_insert(i);
        }
        let end = i + c.len_utf8();
        word |= SECRET_WORDS.iter().any(|w| {
            end >= region + w.len() && bytes[end - w.len()..end].eq_ignore_ascii_case(w.as_bytes())
        });
    }
    out
}

/// Where a key's region starts at `from`: past spaces, then past any
/// number of `- ` list marks.
fn key_start(line: &str, from: usize) -> usize {
    let rest = &line[from.min(line.len())..];
    let trimmed = rest.trim_start();
    let marks = trimmed.len() - trimmed.trim_start_matches("- ").len();
    line.len() - trimmed.len() + marks
}

/// What the scan knows of the key before a colon.
#[derive(Clone, Copy, Debug)]
struct Key {
    /// Where its region starts.
    region: usize,
    /// Its first identifier character, and the byte range of its last.
    first_ident: Option<usize>,
    last_ident: Option<(usize, usize)>,
    /// The first whitespace in the region (a prose key holds none).
    first_space: Option<usize>,
    /// Whether a secret word lies in the region (its letters are
    /// identifier characters, so in the key itself).
    word: bool,
}

/// What a secret key's value covers, in bytes.
enum Value {
    /// From the first byte to the second.
    To(usize, usize),
    /// Everything from this byte on.
    Rest(usize),
}

/// The value a colon at `colon` starts, when its key names a secret.
fn secret_value(line: &str, colon: usize, in_flow: bool, prose: bool, k: &Key) -> Option<Value> {
    if prose {
        // The key, spaces before the colon trimmed, must hold none.
        let end = line[..colon].trim_end().len().max(k.region);
        if k.first_space.is_some_and(|at| at < end) {
            return None;
        }
    }
    let (start, (_, end)) = (k.first_ident?, k.last_ident?);
    if end <= start {
        return None;
    }
    let key = &line[start..end];
    let secret = if key.len() <= 32 {
        is_secret_key(key) || key == "credential"
    } else {
        // Too long to be one the model names: a secret word in it decides.
        k.word
    };
    if !secret {
        return None;
    }
    let rest = &line[colon + 1..];
    let value = rest.trim_start_matches([' ', '\t']);
    let start = line.len() - value.len();
    // `key:value` is no key in YAML, but broken text may still hold a
    // secret there: masked all the same.
    if value.is_empty() || (key == "credential" && value.starts_with('{')) {
        return None;
    }
    if value.starts_with(['#', '{', '[']) {
        // A secret written as a mapping or a list, or a comment where the
        // value should be (it may be the value): nothing after is shown.
        return Some(Value::Rest(start));
    }
    Some(Value::To(start, start + value_end(value, in_flow)))
}

/// The byte length of the scalar value `text` starts with: past a closing
/// quote, anything up to the next separator still counts (broken text may
/// hold the rest of the secret there).
fn value_end(text: &str, in_flow: bool) -> usize {
    let bytes = text.as_bytes();
    let quoted = match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            loop {
                match bytes.get(i) {
                    None => break i,
                    Some(b'\\') => i += 2,
                    Some(b'"') => break i + 1,
                    Some(_) => i += 1,
                }
            }
        }
        Some(b'\'') => {
            let mut i = 1;
            loop {
                match (bytes.get(i), bytes.get(i + 1)) {
                    (None, _) => break i,
                    (Some(b'\''), Some(b'\'')) => i += 2,
                    (Some(b'\''), _) => break i + 1,
                    _ => i += 1,
                }
            }
        }
        _ => 0,
    }
    .min(bytes.len());
    let stop = |i: usize, b: u8| {
        (in_flow && matches!(b, b',' | b'}' | b']')) || (b == b'#' && i > 0 && bytes[i - 1] == b' ')
    };
    let end = (quoted..bytes.len()).find(|&i| stop(i, bytes[i])).unwrap_or(bytes.len());
    quoted.max(text[..end].trim_end().len())
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

    /// The masking as first written, a rescan of the line for each colon:
    /// quadratic, but plainly right, so the one-pass scan is held to it.
    fn plain_mask_ranges(line: &str, ranges: &[(usize, usize)]) -> String {
        let mut out = String::with_capacity(line.len());
        let mut in_secret = false;
        for (col, ch) in line.chars().enumerate() {
            let secret = ranges.iter().any(|&(from, to)| col >= from && col < to);
            if secret && !in_secret {
                out.push_str("***");
            }
            if !secret {
                out.push(ch);
            }
            in_secret = secret;
        }
        out
    }
    fn plain_secret_key_ranges(line: &str, prose: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(found) = line[from..].find(':') {
            let colon = from + found;
            from = colon + 1;
            let head = &line[..colon];
            let in_flow = head.contains(['{', '[']);
            // In YAML the key is all the text since the last flow delimiter
            // (keys may hold spaces, and broken text puts anything before a
            // colon); in prose, a line that reads as `key: value` (commented-out
            // YAML), not a sentence that happens to hold a colon.
            let identifier = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
            let key = if prose {
                let head = head.trim().trim_start_matches("- ");
                (!head.contains(char::is_whitespace)).then_some(head)
            } else {
                head.rsplit(['{', ',', '[']).next()
            }
            .unwrap_or("")
            .trim()
            .trim_start_matches("- ")
            .trim_matches(|c: char| !identifier(c));
            if !(is_secret_key(key) || key == "credential") {
                continue;
            }
            let rest = &line[colon + 1..];
            let value = rest.trim_start_matches([' ', '\t']);
            let start = line.len() - value.len();
            // `key:value` is no key in YAML, but broken text may still hold a
            // secret there: masked all the same.
            if value.is_empty() {
                continue;
            }
            if key == "credential" && value.starts_with('{') {
                continue;
            }
            if value.starts_with(['#', '{', '[']) {
                // A secret written as a mapping or a list, or a comment where the
                // value should be (it may be the value): nothing after is shown.
                out.push((start, line.len()));
                break;
            }
            let end = start + value_end(value, in_flow);
            out.push((start, end));
            from = end.max(from);
        }
        out
    }

    fn plain_mask(line: &str, prose: bool) -> String {
        let column = |byte: usize| line[..byte].chars().count();
        let ranges: Vec<(usize, usize)> = plain_secret_key_ranges(line, prose)
            .into_iter()
            .map(|(a, b)| (column(a), column(b)))
            .collect();
        if ranges.is_empty() {
            line.to_owned()
        } else {
            plain_mask_ranges(line, &ranges)
        }
    }

    #[test]
    fn quoted_parts_of_a_message_are_cut_short() {
        let long = "k".repeat(500);
        let message = format!(
            "unknown field `{long}`, expected `tenant`; invalid type: string \"{long}\\\"x\""
        );
        let cut = shorten_quoted(&message);
        let k40 = "k".repeat(40);
        assert_eq!(
            cut,
            format!("unknown field `{k40}…`, expected `tenant`; invalid type: string \"{k40}…\"")
        );
        assert_eq!(excerpt(&format!("password: {long}")), "password: ***");
        assert_eq!(excerpt(&long), format!("{k40}…"));
    }

    #[test]
    fn one_pass_masking_masks_what_the_plain_rescan_masks() {
        const PIECES: [&str; 24] = [
            "password",
            "Token",
            "passwordless",
            "credential",
            "pwd",
            "secret_x",
            "name",
            ":",
            ": ",
            "{",
            "}",
            "[",
            "]",
            ",",
            "- ",
            " ",
            "\t",
            "\"",
            "'",
            " #",
            "#",
            "é",
            "a",
            "::",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..50_000 {
            let line: String = (0..next(12) + 1).map(|_| PIECES[next(PIECES.len())]).collect();
            for prose in [false, true] {
                let one_pass = mask_ranges(&line, secret_key_ranges(&line, prose));
                assert_eq!(one_pass, plain_mask(&line, prose), "{line:?} (prose: {prose})");
            }
        }
    }

    #[test]
    fn a_line_of_many_colons_is_masked_where_a_key_names_a_secret() {
        // 80,000 colons took 20 s when each colon rescanned the line; the
        // hostile benchmark measures the one pass.
        let line = format!("password{}", ": x".repeat(80_000));
        assert!(mask_text(&line) == "password: ***", "masked");
        let keys = "a:".repeat(80_000);
        assert!(mask_text(&keys) == keys, "no key is a secret");
        let flow = format!("{{{}}}", "a: b, ".repeat(40_000));
        assert!(Outline::default().masked_line(1, &flow) == flow, "no key is a secret");
    }

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
