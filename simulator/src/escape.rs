//! Input text as data in every output format: one function per format for
//! text that flowcred did not write (a file name, a comment, a username, a
//! value read from `dsregcmd` or an event log). No renderer writes such
//! text by hand; it goes through these.
//!
//! - Text on a terminal: [`crate::safe::SafeWriter`] shows every hidden
//!   character ([`flowcred_core::text::is_hidden`]) as `\uXXXX`.
//! - JSON: serde_json escapes strings; the same writer's `\uXXXX` reads
//!   back as the same character inside a JSON string.
//! - Markdown: [`md_text`] for prose, [`md_code`] for a value set apart,
//!   [`md_cell`] inside a table, [`md_block`] for a fenced block.
//! - HTML: [`html`]. SVG and JUnit (XML 1.0): [`xml`].
//!
//! The model's own sentences quote values with
//! [`Quoted`](flowcred_core::text::Quoted), the code span [`md_code`]
//! writes, so they read the same in a terminal and in Markdown.

use std::fmt::Write as _;

use flowcred_core::text::{is_hidden, reveal, write_code_point, Quoted};

/// Prose for Markdown, on one line: the characters that open markup
/// inline (emphasis, code, links and images, HTML and entities, table
/// cells, strikethrough) are escaped with a backslash, which CommonMark
/// reads as the character itself, and so is a first character that would
/// open a block (a heading, a list, a quote). Hidden characters, newlines
/// among them, are written as `\uXXXX`.
pub fn md_text(text: &str) -> String {
    let text = reveal(text, |_| false);
    let mut out = String::with_capacity(text.len() + 8);
    // A list item's number: digits, then `.` or `)`.
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in text.char_indices() {
        let opens_block = (i == 0 && matches!(c, '#' | '-' | '+' | '=' | '>'))
            || (i == digits && i > 0 && matches!(c, '.' | ')'));
        if opens_block
            || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~')
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A value set apart in Markdown: a code span whose fence no backtick in the
/// value can close (the model's [`Quoted`]).
pub fn md_code(text: &str) -> String {
    Quoted(text).to_string()
}

/// Text inside a Markdown table cell: a GFM table splits a row at every
/// `|` not escaped, inside code spans too, so each is escaped after the
/// text has been made safe as prose or code.
pub fn md_cell(markdown: &str) -> String {
    markdown.replace('|', "\\|")
}

/// A fenced code block of `text`, with a fence longer than any run of
/// backticks in it, so nothing inside can close it. Lines are kept; other
/// hidden characters are written as `\uXXXX`.
pub fn md_block(lang: &str, text: &str) -> String {
    let text = reveal(text, |c| c == '\n');
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = String::with_capacity(text.len() + 16);
    let _ = write!(out, "{fence}{lang}\n{}\n{fence}", text.trim_end_matches('\n'));
    out
}

/// Text for HTML, in an element or a quoted attribute.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for XML 1.0 (SVG, JUnit), in an element or a quoted attribute.
/// Markup characters become references; the characters XML 1.0 cannot
/// carry at all, even as references (most C0 controls, U+FFFE, U+FFFF),
/// and the other hidden ones are written as `\uXXXX`; tab, newline and
/// carriage return become references, which attribute values keep.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
            c if is_hidden(c) => {
                let _ = write_code_point(&mut out, c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_opens_no_markup() {
        assert_eq!(md_text("a *b* <i>"), "a \\*b\\* \\<i\\>");
        assert_eq!(md_text("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(md_text("# a-b.c"), "\\# a-b.c");
        assert_eq!(md_text("12. x"), "12\\. x");
        assert_eq!(md_text("line\nnext"), "line\\\\u000anext");
        assert_eq!(md_text("&amp;"), "\\&amp;");
    }

    #[test]
    fn blocks_cannot_be_closed_from_inside() {
        assert_eq!(md_block("text", "a\n````\nb"), "`````text\na\n````\nb\n`````");
        assert_eq!(md_block("json", "{}"), "```json\n{}\n```");
        assert_eq!(md_block("text", "\u{1b}[2J"), "```text\n\\u001b[2J\n```");
    }

    #[test]
    fn xml_carries_only_what_xml_can() {
        assert_eq!(xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(xml("\u{1}\u{fffe}\t"), "\\u0001\\ufffe&#x9;");
        assert_eq!(html("<script>'"), "&lt;script&gt;&#39;");
    }
}
