//! A folder flowcred writes whole (the guide, its site): replaced
//! atomically, and never deleting what flowcred did not write.
//!
//! The folder's marker, a regular file (never a link), lists every file the
//! last run wrote. The next run replaces the folder only when it holds
//! nothing else; a file a person added, a link, a subfolder, stops it with
//! nothing deleted, unless it is told to replace the folder whole
//! (`--force`). The new files go into a staging folder created for this run
//! alone (never one found there), which then takes the old folder's place;
//! an interrupted run leaves the old folder as it was, and what earlier
//! runs left behind is reported, not deleted.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

/// The file that marks a folder as one flowcred wrote, with what it wrote.
pub const MARKER: &str = ".flowcred-guide";

const MARKER_HEAD: &str = "\
This folder was written by `flowcred docs`. Its next run replaces the files
listed below; if the folder holds anything else (a file you added), that run
stops and deletes nothing.

files:
";

/// The most bytes of a marker that are read.
const MARKER_LIMIT: u64 = 1 << 20;

/// What a folder's marker says `docs` wrote: the files it lists, or (a
/// marker of an earlier version, which listed nothing) any page, picture,
/// stylesheet or script.
enum Owned {
    Listed(BTreeSet<String>),
    Generated,
}

impl Owned {
    fn holds(&self, name: &str) -> bool {
        match self {
            Owned::Listed(files) => files.contains(name),
            Owned::Generated => {
                [".md", ".svg", ".html", ".css", ".js"].iter().any(|e| name.ends_with(e))
            }
        }
    }
}

/// Why `out` may not be replaced, or `None` when it may: it does not exist,
/// is empty, or holds only what its marker lists.
fn refusal(out: &Path, force: bool) -> io::Result<Option<String>> {
    let meta = match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(meta) => meta,
    };
    if meta.file_type().is_symlink() {
        return Ok(Some("it is a symbolic link; give the folder itself".into()));
    }
    if !meta.is_dir() {
        return Ok(Some("it is not a folder".into()));
    }
    if force {
        return Ok(None);
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(out)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    if names.is_empty() {
        return Ok(None);
    }
    let marker = out.join(MARKER);
    let is_file = std::fs::symlink_metadata(&marker).is_ok_and(|m| m.file_type().is_file());
    if !is_file {
        return Ok(Some(format!(
            "it holds files `docs` did not write (no `{MARKER}` file in it); give an empty or \
             new folder, or --force to replace it whole"
        )));
    }
    let bytes =
        crate::input::read_bounded(&marker, MARKER_LIMIT, crate::input::Links::WithinFolder)
            .map_err(|e| io::Error::other(format!("{MARKER}: {e}")))?;
    let text = String::from_utf8_lossy(&bytes);
    let owned = match text.split_once("\nfiles:\n") {
        Some((_, list)) => Owned::Listed(list.lines().map(str::to_owned).collect()),
        None => Owned::Generated,
    };
    let mut foreign = Vec::new();
    for name in names.iter().filter(|n| *n != MARKER) {
        let regular =
            std::fs::symlink_metadata(out.join(name)).is_ok_and(|m| m.file_type().is_file());
        if !regular || !owned.holds(name) {
            foreign.push(crate::escape::md_code(name));
        }
    }
    if foreign.is_empty() {
        return Ok(None);
    }
    foreign.sort();
    let more = foreign.len().saturating_sub(3);
    foreign.truncate(3);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    Ok(Some(format!(
        "it holds what `docs` did not write: {}{more}; move it away, or give --force to \
         replace the folder whole",
        foreign.join(", ")
    )))
}

/// Creates a staging folder beside `out` for this run alone: a new name,
/// created exclusively, so nothing found there is ever used or emptied.
fn create_staging(parent: &Path, name: &str) -> io::Result<PathBuf> {
    for n in 0..1000 {
        let staging = parent.join(format!(".{name}.new-{}-{n}", std::process::id()));
        match std::fs::create_dir(&staging) {
            Ok(()) => return Ok(staging),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free name for a staging folder beside it"))
}

/// A name beside `out` that nothing has, for the old folder while the new
/// one takes its place.
fn free_name(parent: &Path, name: &str) -> io::Result<PathBuf> {
    (0..1000)
        .map(|n| parent.join(format!(".{name}.old-{}-{n}", std::process::id())))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .ok_or_else(|| io::Error::other("no free name beside it for the folder it replaces"))
}

/// Folders beside `out` that an earlier run left (it was stopped, or is
/// still running): reported, never deleted.
fn leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with(&new) || n.starts_with(&old)
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Writes `files` into `out` atomically (see the module documentation);
/// gives the notes a person should read: what earlier runs left behind.
pub fn write(out: &Path, files: &BTreeMap<String, String>, force: bool) -> io::Result<Vec<String>> {
    if let Some(why) = refusal(out, force)? {
        return Err(io::Error::other(why));
    }
    let name = out.file_name().map_or_else(|| "guide".into(), |n| n.to_string_lossy().into_owned());
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let notes = leftovers(parent, &name)
        .into_iter()
        .map(|p| {
            format!(
                "{}: left by an earlier `docs` run that stopped (or is still running); \
                 remove it once no run is writing",
                crate::scenario::display_path(&p)
            )
        })
        .collect();
    let staging = create_staging(parent, &name)?;
    let swapped = fill(&staging, files).and_then(|()| swap(out, &staging, parent, &name));
    if swapped.is_err() {
        // Only the folder this run created.
        let _ = std::fs::remove_dir_all(&staging);
    }
    swapped.map(|()| notes)
}

fn fill(staging: &Path, files: &BTreeMap<String, String>) -> io::Result<()> {
    let mut marker = String::from(MARKER_HEAD);
    for (file, text) in files {
        std::fs::write(staging.join(file), text)?;
        marker.push_str(file);
        marker.push('\n');
    }
    std::fs::write(staging.join(MARKER), marker)
}

/// Puts `staging` in `out`'s place; the old folder, which this run renamed,
/// is the only thing deleted.
fn swap(out: &Path, staging: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(staging, out);
    }
    let old = free_name(parent, name)?;
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> BTreeMap<String, String> {
        names.iter().map(|n| (n.to_string(), format!("{n}\n"))).collect()
    }

    #[test]
    fn a_folder_is_replaced_only_while_it_holds_only_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("guide");
        write(&out, &files(&["README.md", "a.svg"]), false).unwrap();
        write(&out, &files(&["README.md"]), false).unwrap();
        assert!(!out.join("a.svg").exists(), "a page no longer written goes");
        std::fs::write(out.join("notes.md"), "mine").unwrap();
        let e = write(&out, &files(&["README.md"]), false).unwrap_err();
        assert!(e.to_string().contains("`notes.md`"), "{e}");
        assert_eq!(std::fs::read_to_string(out.join("notes.md")).unwrap(), "mine");
        write(&out, &files(&["README.md"]), true).unwrap();
        assert!(!out.join("notes.md").exists(), "--force replaces the folder whole");
        let siblings: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(siblings.len(), 1, "no staging is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_marker_that_is_a_link_owns_nothing_and_staging_found_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("guide");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.md"), "keep").unwrap();
        std::fs::write(dir.path().join("elsewhere"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), out.join(MARKER)).unwrap();
        assert!(write(&out, &files(&["README.md"]), false).is_err());
        assert_eq!(std::fs::read_to_string(out.join("precious.md")).unwrap(), "keep");

        let other = dir.path().join("site");
        let planted = dir.path().join(format!(".site.new-{}-0", std::process::id()));
        std::fs::create_dir(&planted).unwrap();
        std::fs::write(planted.join("keep.txt"), "keep").unwrap();
        let notes = write(&other, &files(&["index.html"]), false).unwrap();
        assert_eq!(std::fs::read_to_string(planted.join("keep.txt")).unwrap(), "keep");
        assert!(notes.iter().any(|n| n.contains(".site.new-")), "{notes:?}");
        assert!(other.join("index.html").is_file());
    }
}
