//! `Text`: the model's strings (names, UPNs, ids), shared between copies of
//! a world.
//!
//! Replaying a remedy copies the whole world, and a world holds a few dozen
//! names; as `String`s each copy was an allocation. A `Text` is immutable and
//! reference counted, so a copy is a count, and a change replaces the value.
//! It reads, compares, hashes, serializes and describes itself exactly as a
//! `String` does.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable, cheaply cloned string.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Arc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::from(s.as_str())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.as_ref().to_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }

    fn inline_schema() -> bool {
        true
    }
}

/// Whether a character is shown by its code point rather than as itself:
/// C0 and C1 controls (tab and newline too, since a value is one line), the
/// bidirectional marks, overrides and isolates, the zero-width characters
/// and the noncharacters. Each of these either acts on what a reader sees
/// (a terminal obeys escapes, a bidi override reorders the line) or is
/// invisible, so a value holding one would read as another value.
pub fn is_hidden(c: char) -> bool {
    let n = u32::from(c);
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')
        || matches!(c, '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// Writes `c` as `\uXXXX`, the form a JSON string reads back as the same
/// character (a pair of surrogates above U+FFFF).
pub fn write_code_point(out: &mut impl fmt::Write, c: char) -> fmt::Result {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        write!(out, "\\u{unit:04x}")?;
    }
    Ok(())
}

/// `text` with each hidden character ([`is_hidden`]) but those `keep`
/// names written as `\uXXXX`: what a person reads is what the text holds.
pub fn reveal(text: &str, keep: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| is_hidden(c) && !keep(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) && !keep(c) {
            let _ = write_code_point(&mut out, c);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A value set apart in a sentence: the one way the model's sentences
/// quote a name, a UPN or anything else read from input.
///
/// It writes a code span as CommonMark reads it, so a sentence is the same
/// in a terminal and in Markdown, and a value can never end its span
/// early: the fence is one backtick longer than the longest run of
/// backticks in the value, padded with a space where the value starts or
/// ends with a backtick (or with a space at both ends, which CommonMark
/// would strip). Hidden characters ([`is_hidden`]) are written as `\uXXXX`,
/// so a value is one visible line.
#[derive(Clone, Copy, Debug)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        let (mut longest, mut run) = (0, 0);
        for c in value.chars() {
            run = if c == '`' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        let fence = "`".repeat(longest + 1);
        let spaced = value.starts_with(' ') && value.ends_with(' ') && value.trim() != "";
        let pad = if value.starts_with('`') || value.ends_with('`') || spaced { " " } else { "" };
        f.write_str(&fence)?;
        f.write_str(pad)?;
        f.write_str(&reveal(value, |_| false))?;
        f.write_str(pad)?;
        f.write_str(&fence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_is_one_code_span_whatever_it_holds() {
        assert_eq!(Quoted("alice@contoso.com").to_string(), "`alice@contoso.com`");
        assert_eq!(Quoted("a`b").to_string(), "``a`b``");
        assert_eq!(Quoted("`x``").to_string(), "``` `x`` ```");
        assert_eq!(Quoted(" a ").to_string(), "`  a  `");
        assert_eq!(Quoted("a\nb\u{202e}c\u{200b}").to_string(), "`a\\u000ab\\u202ec\\u200b`");
        assert_eq!(Quoted("\u{1fffe}").to_string(), "`\\ud83f\\udffe`");
        assert_eq!(Quoted("").to_string(), "``");
    }

    #[test]
    fn reads_compares_and_prints_as_the_string_it_holds() {
        let t = Text::from("alice@contoso.com");
        assert_eq!(t, "alice@contoso.com");
        assert_eq!(t.as_str(), "alice@contoso.com");
        assert_eq!(format!("{t} {t:?}"), "alice@contoso.com \"alice@contoso.com\"");
        assert_eq!(t.clone(), Text::from(String::from("alice@contoso.com")));
        let (a, b) = (Text::from("a"), Text::from("b"));
        assert!(a < b);
        assert_eq!(Text::default(), "");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"alice@contoso.com\"");
        assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), t);
    }
}
