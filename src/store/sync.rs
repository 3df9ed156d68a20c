//! How a [`Store`] reaches the disk: queue changes, and replay them under
//! the lock onto a fresh read of the file; failures leave everything in
//! memory and become a warning.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::Store;
use super::error::SyncError;
use super::file::{self, Lock, ReadOutcome};
use super::model::{self, StoreFile};
use super::ops::{self, Applied, Change};

impl Store {
    /// Apply changes to the in-memory state, queue them, and save when asked
    /// to (`urgent`) or when a save is due.
    pub(super) fn commit(&mut self, changes: Vec<Change>, urgent: bool) {
        for change in changes {
            ops::apply(&mut self.data, &change);
            self.pending.push(change);
        }
        if self.memory_only || self.read_only {
            self.pending.clear();
            return;
        }
        if urgent || self.due() {
            self.sync();
        }
    }

    /// Whether an automatic (position) save may happen now.
    pub(super) fn due(&self) -> bool {
        let now = self.options.clock.now();
        let waited = |since: Option<SystemTime>, interval: Duration| {
            since.is_none_or(|t| now.duration_since(t).map_or(true, |d| d >= interval))
        };
        let retry_ok = self.retry_at.is_none_or(|t| now >= t);
        retry_ok && waited(self.last_write, self.options.position_interval)
    }

    /// Bring the state up to date with the disk and write pending changes.
    /// Failures are reported, never returned: the state stays in memory.
    pub(super) fn sync(&mut self) {
        if self.memory_only {
            return;
        }
        match self.try_sync() {
            Ok(()) => {
                self.retry_at = None;
                if self.warning.take().is_some() {
                    self.notices.push("marks are being saved again".to_owned());
                }
            }
            Err(err) => self.fail(err),
        }
    }

    fn try_sync(&mut self) -> Result<(), SyncError> {
        let path = self.path.clone().ok_or(SyncError::NoDir)?;
        // Nothing to write: a plain read is enough, and needs no lock (every
        // write replaces the file whole, by rename), so a reader never waits
        // for another instance just to see the marks. A file that needs
        // setting aside, or a read-only store, goes on below.
        if self.pending.is_empty() {
            match file::read(&path) {
                Ok(ReadOutcome::Current(file)) => {
                    self.data = file;
                    self.loaded = true;
                    return Ok(());
                }
                Ok(ReadOutcome::Missing) => {
                    self.loaded = true;
                    return Ok(());
                }
                Ok(ReadOutcome::Corrupt(reason)) if self.read_only => {
                    return Err(SyncError::Unreadable { path, reason });
                }
                Err(source) if self.read_only => return Err(SyncError::Read { path, source }),
                // A newer emaki's file is shown when it fits (`--library`,
                // `--export`); it is never written, and a read-only store writes nothing.
                Ok(ReadOutcome::Newer { file: Some(file), .. }) if self.read_only => {
                    self.data = file;
                    self.loaded = true;
                    return Ok(());
                }
                _ if self.read_only => return Ok(()),
                _ => {}
            }
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        file::ensure_dir(&dir).map_err(|source| SyncError::Dir { dir: dir.clone(), source })?;
        let _lock = Lock::acquire(&path, self.options.lock_timeout)
            .map_err(|source| SyncError::Lock { path: file::lock_path(&path), source })?;
        let mut base = match file::read(&path).map_err(|source| SyncError::Read { path: path.clone(), source })? {
            ReadOutcome::Missing => StoreFile::default(),
            ReadOutcome::Current(file) => file,
            ReadOutcome::Newer { version, file } => {
                if !self.loaded
                    && let Some(file) = file
                {
                    self.adopt_base(file);
                }
                return Err(SyncError::Newer { path, version });
            }
            ReadOutcome::Corrupt(reason) => {
                let now = self.options.clock.now();
                match file::set_aside(&path, now) {
                    Ok(aside) => {
                        // Start again from what this instance last read, if
                        // anything (it holds the pending changes already;
                        // replaying them below is harmless: they are idempotent).
                        let restart = if self.loaded {
                            "carrying on with the marks this window knew"
                        } else {
                            "starting with no saved marks"
                        };
                        self.notices.push(format!(
                            "{} was unreadable ({reason}); kept as {} — {restart}",
                            path.display(),
                            aside.display()
                        ));
                        if self.loaded { self.data.clone() } else { StoreFile::default() }
                    }
                    Err(source) => {
                        return Err(SyncError::Aside { path, reason, source });
                    }
                }
            }
        };
        let mut gone = false;
        for change in &self.pending {
            gone |= ops::apply(&mut base, change) == Applied::TargetGone;
        }
        if !self.pending.is_empty() {
            self.fill_titles(&mut base);
            let keep: Vec<&str> = self.open_docs.iter().map(|d| d.hash.as_str()).collect();
            ops::prune(&mut base, self.options.max_documents, &keep);
            let bytes = model::encode(&base)?;
            file::remove_leftovers(&dir);
            file::write_atomic(&path, &bytes).map_err(|source| SyncError::Write { path: path.clone(), source })?;
            self.last_write = Some(self.options.clock.now());
        }
        if gone {
            self.notices.push("that bookmark was deleted in another window; the note was not saved".to_owned());
        }
        self.data = base;
        self.pending.clear();
        self.loaded = true;
        Ok(())
    }

    /// Entries created by a change before [`Store::load`] recorded them (or
    /// recreated after a corrupt file was set aside) get their title and path.
    fn fill_titles(&self, file: &mut StoreFile) {
        for open in &self.open_docs {
            if let Some(entry) = file.documents.get_mut(&open.hash) {
                if entry.title.is_empty() {
                    entry.title.clone_from(&open.title);
                }
                if entry.path.is_none() {
                    entry.path.clone_from(&open.path);
                }
            }
        }
    }

    /// Use `file` (read without the lock, or from a newer emaki) as the state,
    /// with this instance's pending changes on top.
    fn adopt_base(&mut self, mut file: StoreFile) {
        for change in &self.pending {
            ops::apply(&mut file, change);
        }
        self.data = file;
        self.loaded = true;
    }

    /// Record a failed save: warn (once per distinct problem), back off
    /// automatic saves, and if nothing was ever read, try a plain read so
    /// existing marks still show.
    pub(super) fn fail(&mut self, err: SyncError) {
        let message = err.to_string();
        if self.warning.as_deref() != Some(message.as_str()) {
            self.notices.push(format!("marks are kept in memory only, not saved: {message}"));
        }
        self.warning = Some(message);
        self.retry_at = Some(self.options.clock.now() + self.options.retry_interval);
        if !self.loaded
            && let Some(path) = &self.path
            && let Ok(ReadOutcome::Current(file) | ReadOutcome::Newer { file: Some(file), .. }) = file::read(path)
        {
            self.adopt_base(file);
        }
    }
}

impl Drop for Store {
    /// A last, best-effort save of anything waiting (the reader should call
    /// [`Store::flush`] itself before quitting, to show a failure).
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            self.sync();
        }
    }
}
