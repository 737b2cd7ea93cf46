//! Reading input files: regular files only, never more than a limit
//! whatever the file's metadata claims, a symbolic link followed only to a
//! target inside its own folder (unless `--follow-symlinks` says
//! otherwise), and one decoder for text (UTF-8 with or without a
//! byte-order mark, UTF-16 with one).

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
    /// A symbolic link that is not followed.
    Link(&'static str),
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(kind) => write!(f, "not a regular file ({kind}); skipped"),
            ReadError::TooLarge { limit } => {
                write!(f, "the file is larger than {limit} bytes, the limit for this input")
            }
            ReadError::Link(why) => f.write_str(why),
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
        }
    }
}

/// How a path named on the command line that is a symbolic link is read.
/// (A folder walk follows no link at all; see `scenario::collect`.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Links {
    /// Followed only to a target inside the folder that holds the link, so
    /// a file that arrived with the others (a scenario in a pull request)
    /// cannot make flowcred read a key or `/proc/self/environ` and quote it.
    #[default]
    WithinFolder,
    /// Followed wherever it points (`--follow-symlinks`).
    Follow,
}

/// Why a link is not followed.
pub const LINK_OUTSIDE: &str =
    "a symbolic link to outside its folder; not followed (give --follow-symlinks to read it)";

/// Whether `path` may be read under `links`. A path that is not a symbolic
/// link always may (a missing one fails when it is opened).
pub fn check_link(path: &Path, links: Links) -> Result<(), ReadError> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        check_target(path, links)
    } else {
        Ok(())
    }
}

/// Whether the symbolic link `path` may be followed under `links`.
fn check_target(path: &Path, links: Links) -> Result<(), ReadError> {
    if links == Links::Follow {
        return Ok(());
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (std::fs::canonicalize(folder), std::fs::canonicalize(path)) {
        (Ok(folder), Ok(target)) if target.starts_with(&folder) => Ok(()),
        (Ok(_), Ok(_)) => Err(ReadError::Link(LINK_OUTSIDE)),
        _ => Err(ReadError::Link("a symbolic link whose target cannot be found (or a loop)")),
    }
}

/// Reads at most `limit` bytes of a regular file, a symbolic link followed
/// as `links` allows; one byte more is an error, so a device or a growing
/// file cannot make it read on.
pub fn read_bounded(path: &Path, limit: u64, links: Links) -> Result<Vec<u8>, ReadError> {
    let mut meta = std::fs::symlink_metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.file_type().is_symlink() {
        check_target(path, links)?;
        meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    }
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
        assert_eq!(
            read_bounded(Path::new("/dev/zero"), 10, Links::WithinFolder),
            Err(ReadError::NotAFile("a device"))
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_bounded(&path, 10, Links::WithinFolder).unwrap().len(), 10);
        assert_eq!(
            read_bounded(&path, 9, Links::WithinFolder),
            Err(ReadError::TooLarge { limit: 9 })
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_only_inside_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (inside, outside) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(inside.join("a.yaml"), "a").unwrap();
        std::fs::write(outside.join("key"), "secret").unwrap();
        std::os::unix::fs::symlink("a.yaml", inside.join("near.yaml")).unwrap();
        std::os::unix::fs::symlink("../out/key", inside.join("far.yaml")).unwrap();
        let near = read_bounded(&inside.join("near.yaml"), 10, Links::WithinFolder);
        assert_eq!(near.unwrap(), b"a");
        let far = read_bounded(&inside.join("far.yaml"), 10, Links::WithinFolder);
        assert_eq!(far, Err(ReadError::Link(LINK_OUTSIDE)));
        assert_eq!(read_bounded(&inside.join("far.yaml"), 10, Links::Follow).unwrap(), b"secret");
    }

    #[test]
    fn decoding_locates_bad_utf8_and_reads_utf16() {
        assert_eq!(decode(b"ab\ncd\xff").unwrap_err().line, 2);
        assert_eq!(decode(b"ab\ncd\xff").unwrap_err().column, 3);
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap(), "hi");
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF, b'x']).unwrap(), "x");
    }
}
