//! Reading input files: regular files only, never more than a limit
//! whatever the file's metadata claims, and one decoder for text (UTF-8 with
//! or without a byte-order mark, UTF-16 with one).

use std::io::Read;
use std::path::Path;

/// Why a file could not be read; the message names no path (the caller does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// A FIFO, a device, a socket: reading could block or never end.
    NotAFile(&'static str),
    TooLarge {
        limit: u64,
    },
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(kind) => write!(f, "not a regular file ({kind}); skipped"),
            ReadError::TooLarge { limit } => {
                write!(f, "the file is larger than {limit} bytes, the limit for this input")
            }
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
        }
    }
}

/// Reads at most `limit` bytes of a regular file (following symbolic links);
/// one byte more is an error, so a device or a growing file cannot make it
/// read on.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta.file_type())));
    }
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// What kind of thing a non-file is, in words.
pub fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Text that could not be decoded, and where (1-based; line 1 column 1 when
/// the whole input is at fault).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub line: usize,
    pub column: usize,
    pub message: &'static str,
}

/// Decodes bytes as text: a UTF-8 byte-order mark is dropped, UTF-16 (with
/// its mark) is decoded, anything else must be UTF-8.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let utf16 = |rest: &[u8], little: bool| {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if little {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| DecodeError {
            line: 1,
            column: 1,
            message: "the text starts with a UTF-16 byte-order mark but is not valid UTF-16",
        })
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Err(DecodeError { line, column, message: "the text is not valid UTF-8" })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_pipes_are_refused_and_files_bounded() {
        #[cfg(unix)]
        assert_eq!(read_bounded(Path::new("/dev/zero"), 10), Err(ReadError::NotAFile("a device")));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_bounded(&path, 10).unwrap().len(), 10);
        assert_eq!(read_bounded(&path, 9), Err(ReadError::TooLarge { limit: 9 }));
    }

    #[test]
    fn decoding_locates_bad_utf8_and_reads_utf16() {
        assert_eq!(decode(b"ab\ncd\xff").unwrap_err().line, 2);
        assert_eq!(decode(b"ab\ncd\xff").unwrap_err().column, 3);
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap(), "hi");
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF, b'x']).unwrap(), "x");
    }
}
