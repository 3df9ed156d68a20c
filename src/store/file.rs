//! The store file on disk: the lock, reading (with corrupt files set aside),
//! and atomic replacement.
//!
//! Writers serialise on an advisory lock on a separate file (`<store>.lock`,
//! never deleted: deleting lock files races). The store itself is replaced,
//! never written in place: a temporary file in the same directory is written,
//! flushed to disk, renamed over the old one, and the directory is flushed so
//! the rename itself survives a power cut. A crash at any point leaves either
//! the old file or the new one, never a mix; a leftover temporary file is
//! removed by the next writer (it holds the lock, so no one else is writing).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use fs4::FileExt;
use tempfile::NamedTempFile;

use super::model::{self, Decoded, FormatError, StoreFile};

/// Temporary files start with this, so leftovers are recognisable.
const TEMP_PREFIX: &str = ".emaki-store.";
/// ... and end with this.
const TEMP_SUFFIX: &str = ".tmp";

/// Create the data directory when missing.
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        // create_dir_all would only say "File exists".
        return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a directory"));
    }
    fs::create_dir_all(dir)?;
    if fs::metadata(dir)?.is_dir() {
        Ok(())
    } else {
        Err(io::Error::new(io::ErrorKind::NotADirectory, "not a directory"))
    }
}

/// The exclusive advisory lock, held while reading, merging and writing.
/// Released when dropped (closing the file releases it too).
#[derive(Debug)]
pub struct Lock {
    file: File,
}

impl Lock {
    /// Take the lock on `<store>.lock`, waiting up to `timeout` for another
    /// instance to finish its write. Polls rather than blocks, so a hung
    /// instance holding the lock cannot freeze the reader.
    pub fn acquire(store: &Path, timeout: Duration) -> io::Result<Lock> {
        let path = lock_path(store);
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path)?;
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(1);
        loop {
            match FileExt::try_lock(&file) {
                Ok(()) => return Ok(Lock { file }),
                Err(fs4::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(io::ErrorKind::TimedOut, "another emaki instance holds the store lock"));
                }
                Err(fs4::TryLockError::Error(err)) => return Err(err),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Closing the file releases the lock anyway; an explicit unlock makes
        // the release independent of when the handle is closed.
        let _ = FileExt::unlock(&self.file);
    }
}

/// The lock file beside a store file.
pub fn lock_path(store: &Path) -> PathBuf {
    let mut name = store.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    store.with_file_name(name)
}

/// What was found at the store path.
#[derive(Debug)]
pub enum ReadOutcome {
    /// No file yet, or an empty one (nothing to keep).
    Missing,
    /// A file of this version.
    Current(StoreFile),
    /// A file from a newer emaki: read it, never rewrite it.
    Newer {
        /// Its version.
        version: u64,
        /// Its content, if it fits this version's types.
        file: Option<StoreFile>,
    },
    /// Bytes that are not a store file.
    Corrupt(FormatError),
}

/// Read and decode the store file.
pub fn read(path: &Path) -> io::Result<ReadOutcome> {
    // Opening a FIFO (or a device) would wait for a writer that never comes.
    if let Ok(metadata) = fs::metadata(path)
        && !metadata.is_file()
        && !metadata.is_dir()
    {
        return Err(io::Error::other("not a regular file"));
    }
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(ReadOutcome::Missing),
        Err(err) => return Err(err),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(ReadOutcome::Missing);
    }
    Ok(match model::decode(&bytes) {
        Ok(Decoded::Current(file)) => ReadOutcome::Current(file),
        Ok(Decoded::Newer { version, file }) => ReadOutcome::Newer { version, file },
        Err(err) => ReadOutcome::Corrupt(err),
    })
}

/// Rename an unreadable store aside, byte for byte, as
/// `<stem>.corrupt-<UTC time>.json` (with `-2`, `-3`, ... if taken); returns
/// the new path. Call it holding the lock.
pub fn set_aside(path: &Path, now: SystemTime) -> io::Result<PathBuf> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // `2024-07-03T10:15:00Z` without the colons, which some file systems refuse.
    let stamp: String =
        humantime::format_rfc3339_seconds(now).to_string().chars().filter(|c| *c != ':' && *c != '-').collect();
    for n in 1..1000 {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let aside = path.with_file_name(format!("{stem}.corrupt-{stamp}{suffix}.json"));
        if fs::symlink_metadata(&aside).is_err() {
            fs::rename(path, &aside)?;
            return Ok(aside);
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, "too many corrupt copies"))
}

/// Replace the file at `path` with `bytes` atomically. Call it holding the lock.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |_| Ok(()))
}

/// [`write_atomic`] with a hook run after the temporary file is written and
/// flushed and before it is renamed: tests use it to simulate a crash there.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let target = follow_symlink(path);
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).tempfile_in(&dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    keep_permissions(&target, &temp);
    before_rename(temp.path())?;
    temp.persist(&target).map_err(|err| err.error)?;
    sync_dir(&dir);
    Ok(())
}

/// A store kept as a symbolic link (say, into a dotfiles repository) is
/// written through the link, which is kept.
fn follow_symlink(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

/// The new file gets the old one's permissions (the temporary file is created
/// private, which is also right for a first store: it lists what one reads).
fn keep_permissions(target: &Path, temp: &NamedTempFile) {
    if let Ok(meta) = fs::metadata(target) {
        let _ = temp.as_file().set_permissions(meta.permissions());
    }
}

/// Flush the directory entry after a rename. Best effort: not every platform
/// can open a directory, and the data itself is already on disk.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Remove temporary files left by a writer that crashed before renaming.
/// Only call it holding the lock: then no other writer can be mid-write.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_before_the_rename_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.json");
        write_atomic(&path, b"old").unwrap();
        let mut temp_seen = None;
        let crashed = write_atomic_with(&path, b"new", |temp| {
            assert_eq!(fs::read(temp).unwrap(), b"new");
            temp_seen = Some(temp.to_path_buf());
            Err(io::Error::other("simulated crash"))
        });
        assert!(crashed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert!(!temp_seen.unwrap().exists(), "the temporary file is cleaned up");
    }

    #[test]
    fn leftovers_of_a_killed_writer_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = dir.path().join(".emaki-store.abc123.tmp");
        let other = dir.path().join("notes.tmp");
        fs::write(&leftover, b"half").unwrap();
        fs::write(&other, b"mine").unwrap();
        remove_leftovers(dir.path());
        assert!(!leftover.exists());
        assert!(other.exists());
    }

    #[test]
    fn set_aside_never_overwrites_an_earlier_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("emaki-store.json");
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_720_000_000);
        fs::write(&path, b"first").unwrap();
        let a = set_aside(&path, now).unwrap();
        fs::write(&path, b"second").unwrap();
        let b = set_aside(&path, now).unwrap();
        assert_eq!(a.file_name().unwrap(), "emaki-store.corrupt-20240703T094640Z.json");
        assert_eq!(b.file_name().unwrap(), "emaki-store.corrupt-20240703T094640Z-2.json");
        assert_eq!(fs::read(a).unwrap(), b"first");
        assert_eq!(fs::read(b).unwrap(), b"second");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_store_is_written_through_its_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_in_place_of_the_store_is_an_error_not_a_wait() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("emaki-store.json");
        let status = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(status.success());
        let err = read(&path).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn the_lock_excludes_a_second_holder_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let held = Lock::acquire(&path, Duration::ZERO).unwrap();
        let err = Lock::acquire(&path, Duration::from_millis(20)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        drop(held);
        assert!(Lock::acquire(&path, Duration::ZERO).is_ok());
    }
}
