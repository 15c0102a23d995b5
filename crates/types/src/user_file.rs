//! Opening a file the user named (cohort CSV, labels, vendor scores, test vectors, plan).
//!
//! Every such file is checked to be a regular file (or a symlink to one) before it is opened:
//! a named pipe would block the run for ever, a device could be read without end, and a
//! directory gives an error no one understands. The check names the path as the user gave it.

use std::fs::File;
use std::path::Path;

use crate::error::{Error, Result};

/// Refuses anything but a regular file (symlinks are followed), naming what `path` is instead.
/// `what` says what the file is for ("cohort", "labels", "test vector"…).
pub fn check(path: &Path, what: &'static str) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        what,
        path: path.to_path_buf(),
        source,
    })?;
    match kind(&meta.file_type()) {
        None => Ok(()),
        Some(kind) => Err(Error::NotAFile {
            what,
            path: path.to_path_buf(),
            kind,
        }),
    }
}

/// Opens a regular file for reading (see [`check`]). The open file is checked again, so a file
/// swapped for something else between the check and the open is refused too.
pub fn open(path: &Path, what: &'static str) -> Result<File> {
    check(path, what)?;
    let read_err = |source| Error::Read {
        what,
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    match kind(&meta.file_type()) {
        None => Ok(file),
        Some(kind) => Err(Error::NotAFile {
            what,
            path: path.to_path_buf(),
            kind,
        }),
    }
}

/// The whole of a regular file (see [`check`]).
pub fn read(path: &Path, what: &'static str) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut file = open(path, what)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|source| Error::Read {
        what,
        path: path.to_path_buf(),
        source,
    })?;
    Ok(bytes)
}

/// The whole of a regular file as UTF-8 text (see [`check`]).
pub fn read_to_string(path: &Path, what: &'static str) -> Result<String> {
    let bytes = read(path, what)?;
    String::from_utf8(bytes).map_err(|_| Error::Read {
        what,
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not UTF-8 text",
        ),
    })
}

/// None for a regular file, else what it is, as a message says it ("a named pipe").
fn kind(t: &std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
    }
    Some("not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_and_links_to_them_open_folders_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "id,label\n").unwrap();
        assert_eq!(read(&file, "cohort").unwrap(), b"id,label\n");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert_eq!(read_to_string(&link, "cohort").unwrap(), "id,label\n");
        }
        let e = read(dir.path(), "cohort").unwrap_err();
        assert!(
            matches!(
                e,
                Error::NotAFile {
                    kind: "a folder",
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("is a folder, not a file"), "{e}");
        assert!(matches!(
            check(&dir.path().join("missing.csv"), "cohort").unwrap_err(),
            Error::Read { .. }
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_by_type() {
        let e = read(Path::new("/dev/zero"), "labels").unwrap_err();
        assert_eq!(
            e.to_string(),
            "labels /dev/zero is a character device, not a file. Name a regular file saved on disk."
        );
    }
}
