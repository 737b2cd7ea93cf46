//! Secrets kept out of everything flowcred prints about its input: the
//! values after password-like keys masked in any excerpt of a scenario or in
//! free text (a comment), and the values an error quotes cut short. Each
//! function reads its text once, whatever it holds.

use std::collections::HashMap;

/// `line` with every secret value on it replaced by `***`: the character
/// column ranges `spans` a parser found (0-based, end exclusive), and, for
/// text it never reached, any value that follows a password-like key.
pub fn mask_line(line: &str, spans: &[(usize, usize)]) -> String {
    mask_line_after(None, line, spans)
}

/// [`mask_line`], where the line before is known: a line that starts with
/// `:` after a line ending in a password-like key is that key's value
/// (broken text can put a line break between the two).
pub fn mask_line_after(previous: Option<&str>, line: &str, spans: &[(usize, usize)]) -> String {
    let mut ranges = secret_key_ranges(line, false);
    ranges.extend(columns_to_bytes(line, spans));
    let dangling = previous
        .and_then(|p| p.trim_end().rsplit([' ', '\t', '{', ',', '[']).next())
        .map(|key| key.trim_start_matches("- ").trim_matches(['"', '\'']))
        .filter(|key| is_secret_key(key) || *key == "credential");
    if let (Some(key), true) = (dangling, line.trim_start().starts_with(':')) {
        let joined = format!("{key}{}", line.trim_start());
        let offset = line.len() - line.trim_start().len();
        for (from, to) in secret_key_ranges(&joined, false) {
            ranges.push((from - key.len() + offset, to - key.len() + offset));
        }
    }
    mask_ranges(line, ranges)
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
    let bytes = key.as_bytes();
    let contains =
        |word: &str| bytes.windows(word.len()).any(|w| w.eq_ignore_ascii_case(word.as_bytes()));
    !NOT_SECRET.iter().any(|n| key.eq_ignore_ascii_case(n))
        && SECRET_WORDS.iter().any(|w| contains(w))
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
    if !bytes.contains(&b':') {
        return Vec::new();
    }
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
        // Each secret word ends in one of these letters.
        let last = matches!(c.to_ascii_lowercase(), 's' | 'w' | 'd' | 't' | 'n' | 'e');
        word |= last
            && SECRET_WORDS.iter().any(|w| {
                end >= region + w.len()
                    && bytes[end - w.len()..end].eq_ignore_ascii_case(w.as_bytes())
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
    fn a_value_on_the_line_after_its_key_is_masked() {
        let line = ": \"Cn4ry\"";
        assert_eq!(mask_line_after(Some("      password"), line, &[]), ": ***");
        assert_eq!(mask_line_after(Some("  name"), line, &[]), line);
        assert_eq!(mask_line_after(None, line, &[]), line);
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
        assert!(mask_line(&flow, &[]) == flow, "no key is a secret");
    }
}
