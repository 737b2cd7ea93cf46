//! Terminal-safe output: a writer that shows control characters instead of
//! obeying them.
//!
//! Values flowcred prints come from files and arguments it does not control
//! (a username, a pasted `dsregcmd` output). C0 controls other than tab and
//! newline, DEL, C1 controls, the bidirectional marks, overrides and
//! isolates, the zero-width characters and the noncharacters are written
//! as `\uXXXX` (a surrogate pair above U+FFFF), which reads plainly in text and Markdown and is the
//! same character again inside a JSON string. flowcred's own colour (the four
//! SGR sequences `Style` writes) passes when colour is on, and a carriage return
//! when progress is being drawn.

use std::io::{self, Write};

/// The only escape sequences that pass, and only with colour on: the ones
/// [`Style`](crate::report::Style) writes. Any other, from a file name or
/// a value, is shown.
const OWN_SGR: [&[u8]; 4] = [b"\x1b[0m", b"\x1b[1m", b"\x1b[32m", b"\x1b[1;31m"];

/// Wraps a writer; see the module documentation.
pub struct SafeWriter<'a> {
    inner: &'a mut dyn Write,
    allow_sgr: bool,
    allow_cr: bool,
    /// Bytes of an escape sequence or a multi-byte character not yet complete.
    pending: Vec<u8>,
}

impl std::fmt::Debug for SafeWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SafeWriter").field("allow_sgr", &self.allow_sgr).finish_non_exhaustive()
    }
}

impl<'a> SafeWriter<'a> {
    pub fn new(inner: &'a mut dyn Write, allow_sgr: bool, allow_cr: bool) -> SafeWriter<'a> {
        SafeWriter { inner, allow_sgr, allow_cr, pending: Vec::new() }
    }

    /// Writes out anything held back (an incomplete sequence is shown escaped).
    fn drain_pending(&mut self, out: &mut Vec<u8>) {
        for byte in std::mem::take(&mut self.pending) {
            escape_byte(byte, out);
        }
    }
}

fn escape_byte(byte: u8, out: &mut Vec<u8>) {
    if byte < 0x80 {
        out.extend_from_slice(format!("\\u{byte:04x}").as_bytes());
    } else {
        // A stray byte of a broken character: shown as the replacement character.
        out.extend_from_slice("\u{fffd}".as_bytes());
    }
}

fn escape_char(c: char, out: &mut Vec<u8>) {
    let mut text = String::new();
    let _ = flowcred_core::text::write_code_point(&mut text, c);
    out.extend_from_slice(text.as_bytes());
}

/// Whether a character is shown escaped: every hidden character
/// ([`is_hidden`](flowcred_core::text::is_hidden)) but tab and newline.
pub fn is_unsafe(c: char) -> bool {
    flowcred_core::text::is_hidden(c) && !matches!(c, '\t' | '\n')
}

/// The length of the UTF-8 character a lead byte starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

impl SafeWriter<'_> {
    fn feed(&mut self, byte: u8, out: &mut Vec<u8>) {
        match self.pending.first().copied() {
            Some(0x1b) => {
                self.pending.push(byte);
                let colour_so_far = self.pending[1] == b'['
                    && (self.pending.len() == 2
                        || byte.is_ascii_digit()
                        || matches!(byte, b';' | b'm'))
                    && self.pending.len() < 24;
                if !colour_so_far {
                    let held = std::mem::take(&mut self.pending);
                    escape_byte(0x1b, out);
                    for &b in &held[1..] {
                        self.feed(b, out);
                    }
                } else if byte == b'm' {
                    let held = std::mem::take(&mut self.pending);
                    if OWN_SGR.contains(&&held[..]) {
                        out.extend_from_slice(&held);
                    } else {
                        escape_byte(0x1b, out);
                        out.extend_from_slice(&held[1..]);
                    }
                }
            }
            Some(lead) => {
                if byte & 0xC0 != 0x80 {
                    // Not a continuation byte: the character was broken.
                    self.pending.clear();
                    out.extend_from_slice("\u{fffd}".as_bytes());
                    self.feed(byte, out);
                    return;
                }
                self.pending.push(byte);
                if self.pending.len() == utf8_len(lead) {
                    let bytes = std::mem::take(&mut self.pending);
                    match std::str::from_utf8(&bytes).ok().and_then(|s| s.chars().next()) {
                        Some(c) if is_unsafe(c) => escape_char(c, out),
                        _ => out.extend_from_slice(&bytes),
                    }
                }
            }
            None => match byte {
                b'\n' | b'\t' => out.push(byte),
                b'\r' if self.allow_cr => out.push(byte),
                0x1b if self.allow_sgr => self.pending.push(byte),
                0x00..=0x1f | 0x7f => escape_byte(byte, out),
                0xc0..=0xf7 => self.pending.push(byte),
                _ => out.push(byte),
            },
        }
    }
}

impl Write for SafeWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 8);
        let mut at = 0;
        while at < buf.len() {
            if self.pending.is_empty() {
                // Printable ASCII, tabs and newlines pass as they are.
                let plain = |b: &u8| matches!(b, 0x20..=0x7e | b'\n' | b'\t');
                let run = buf[at..].iter().position(|b| !plain(b)).unwrap_or(buf.len() - at);
                out.extend_from_slice(&buf[at..at + run]);
                at += run;
                if at == buf.len() {
                    break;
                }
            }
            self.feed(buf[at], &mut out);
            at += 1;
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut out = Vec::new();
        self.drain_pending(&mut out);
        self.inner.write_all(&out)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(allow_sgr: bool, pieces: &[&[u8]]) -> String {
        let mut sink = Vec::new();
        {
            let mut w = SafeWriter::new(&mut sink, allow_sgr, false);
            for piece in pieces {
                w.write_all(piece).unwrap();
            }
            w.flush().unwrap();
        }
        String::from_utf8(sink).unwrap()
    }

    #[test]
    fn controls_and_bidi_overrides_are_shown_not_obeyed() {
        let title = "alice\u{1b}]0;owned\u{7}\u{202e}gpj.exe\u{85}\r\n";
        assert_eq!(
            through(false, &[title.as_bytes()]),
            "alice\\u001b]0;owned\\u0007\\u202egpj.exe\\u0085\\u000d\n"
        );
        assert_eq!(through(false, &["tab\tand é ü 日本".as_bytes()]), "tab\tand é ü 日本");
    }

    #[test]
    fn our_colour_passes_only_when_on_and_split_writes_are_handled() {
        let red = "\u{1b}[1;31mFAILED\u{1b}[0m";
        assert_eq!(through(true, &[red.as_bytes()]), red);
        assert_eq!(through(false, &[red.as_bytes()]), "\\u001b[1;31mFAILED\\u001b[0m");
        assert_eq!(through(true, &[b"\x1b[2J"]), "\\u001b[2J");
        // A colour flowcred never writes (conceal, here) is shown too.
        assert_eq!(through(true, &[b"\x1b[8mhidden"]), "\\u001b[8mhidden");
        let rlo = "\u{202e}".as_bytes();
        assert_eq!(through(false, &[&rlo[..1], &rlo[1..2], &rlo[2..]]), "\\u202e");
        assert_eq!(through(true, &[b"\x1b", b"[32", b"mok"]), "\x1b[32mok");
    }

    #[test]
    fn escaped_text_is_the_same_string_inside_json() {
        let mut sink = Vec::new();
        {
            let mut w = SafeWriter::new(&mut sink, false, false);
            w.write_all(serde_json::json!({"u": "a\u{202e}b\u{85}"}).to_string().as_bytes())
                .unwrap();
        }
        let back: serde_json::Value = serde_json::from_slice(&sink).unwrap();
        assert_eq!(back["u"], "a\u{202e}b\u{85}");
    }
}
