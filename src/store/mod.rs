//! Persistence of bookmarks, highlights and reading positions.
//!
//! One JSON file (`emaki-store.json`) in the data directory holds every
//! document's marks, keyed by the document's content hash. The reader talks
//! to a [`Store`]: it loads a document's [`Marks`], and each change it makes
//! is saved at once — under an advisory lock the file is re-read, this
//! instance's pending changes are replayed on top of what other instances
//! wrote (see the `ops` module), and the result replaces the file
//! atomically (see [`mod@file`]). The caller gets the merged view back.
//!
//! Nothing here fails or panics on a file-system problem: an unusable data
//! directory, a lock another instance will not release, or a file from a
//! newer emaki leave the marks in memory with a [`Store::warning`]; a
//! corrupt file is set aside and reported. Problems reach the reader as
//! short notices ([`Store::take_notices`]) for its status line.

pub mod anchor;
pub mod clock;
mod error;
pub mod export;
pub mod file;
pub mod library;
pub mod model;
mod ops;
mod options;
pub mod pace;
mod sync;
mod view;

use std::ffi::OsString;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::engine::document::{Document, short_title};

use self::clock::{Clock, rfc3339};
use self::error::SyncError;
use self::library::LibraryEntry;
use self::model::{
    BookmarkRecord, DocumentRecord, Extra, HighlightRecord, PositionRecord, ProgressRecord, SettingsRecord, StoreFile,
};
use self::ops::Change;
use self::pace::{Pace, Script};
use self::view::{Key, inert};

pub use self::error::MarkError;
pub use self::options::StoreOptions;
pub use self::view::{Bookmark, Highlight, MarkId, Marks, Orphan, OrphanKind, Position, span_piece, span_text};

/// The environment variable naming the data directory, overriding the default.
pub const DATA_DIR_ENV: &str = "EMAKI_DATA_DIR";

/// How many characters of a paragraph a bookmark keeps as its excerpt.
const EXCERPT_CHARS: usize = 40;

/// What a toggle did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggled {
    /// The mark was added.
    Added,
    /// The mark was removed.
    Removed,
}

/// A document this instance has open: its key and what to record for it.
#[derive(Debug, Clone)]
struct OpenDoc {
    hash: String,
    path: Option<String>,
    title: String,
}

/// The handle the reader keeps for the whole session.
pub struct Store {
    /// The store file; `None` when no data directory is known or for a
    /// memory-only store.
    path: Option<PathBuf>,
    options: StoreOptions,
    /// The last state read from disk with this instance's pending changes applied.
    data: StoreFile,
    /// Changes not yet written, in the order they were made.
    pending: Vec<Change>,
    /// Whether `data` has ever reflected the file (else a failed save tries a
    /// plain read, so existing marks show even in a read-only directory).
    loaded: bool,
    /// Made by [`Store::in_memory`]: never writes, never warns.
    memory_only: bool,
    /// Never writes (see [`Store::open_read_only`]).
    read_only: bool,
    notices: Vec<String>,
    warning: Option<String>,
    open_docs: Vec<OpenDoc>,
    last_write: Option<SystemTime>,
    retry_at: Option<SystemTime>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("pending", &self.pending.len())
            .field("warning", &self.warning)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Open the store in the data directory: `$EMAKI_DATA_DIR` when set and
    /// not empty, else the platform's data directory for emaki (created when
    /// missing). Never fails; see [`Store::take_notices`] and [`Store::warning`].
    pub fn open(options: StoreOptions) -> Store {
        match default_data_dir() {
            Some(dir) => Store::open_in(dir, options),
            None => {
                let mut store = Store::new(None, options);
                store.fail(SyncError::NoDir);
                store
            }
        }
    }

    /// Open the store in `dir` (created when missing). Never fails.
    pub fn open_in(dir: impl Into<PathBuf>, options: StoreOptions) -> Store {
        let mut store = Store::new(Some(dir.into().join(model::FILE_NAME)), options);
        store.sync();
        store
    }

    /// The store in the data directory, for reading only (`--export`): it
    /// creates nothing, takes no lock, sets nothing aside and writes nothing;
    /// a store file it cannot read is reported by [`Store::warning`].
    pub fn open_read_only(options: StoreOptions) -> Store {
        match default_data_dir() {
            Some(dir) => Store::open_read_only_in(dir, options),
            None => Store::in_memory(options),
        }
    }

    /// [`Store::open_read_only`] on the store in `dir`.
    pub fn open_read_only_in(dir: impl Into<PathBuf>, options: StoreOptions) -> Store {
        let path = Some(dir.into().join(model::FILE_NAME));
        let mut store = Store::new(path, options);
        store.read_only = true;
        if store.path.is_some() {
            store.sync();
        }
        store.loaded = true;
        store
    }

    /// A store that never touches the disk and warns about nothing: for tests
    /// of the reader, and for callers that must not write.
    pub fn in_memory(options: StoreOptions) -> Store {
        let mut store = Store::new(None, options);
        store.loaded = true;
        store.memory_only = true;
        store
    }

    fn new(path: Option<PathBuf>, options: StoreOptions) -> Store {
        Store {
            path,
            options,
            data: StoreFile::default(),
            pending: Vec::new(),
            loaded: false,
            memory_only: false,
            read_only: false,
            notices: Vec::new(),
            warning: None,
            open_docs: Vec::new(),
            last_write: None,
            retry_at: None,
        }
    }

    /// The store file's path (for the README's "where data lives", `--help`
    /// and messages); `None` when there is no usable data directory.
    pub fn file_path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Why marks are currently not being saved, if they are not: show it
    /// permanently (e.g. in the status line) until it clears.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Messages for the status line since the last call, oldest first.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Whether changes are waiting to be written.
    pub fn has_unsaved_changes(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Load a document's marks placed on its current text, and record that
    /// it was opened (from `path`, `None` for standard input, with `title`).
    ///
    /// When the store knows no entry for this text but knows one opened from
    /// the same path, the text changed since: its marks are carried over,
    /// re-attached where their text still is, orphaned where it is not (a
    /// notice says how many). Pass a canonical, absolute path so the same
    /// file is recognised however it was named on the command line.
    pub fn load(&mut self, doc: &Document, path: Option<&Path>, title: &str) -> Marks {
        let path = path_text(path);
        let path = path.as_deref();
        let hash = self.remember(doc, path, title);
        self.sync();
        let mut changes = Vec::new();
        if let Some((record, report)) = self.carry_over(doc, path) {
            if report.placed + report.orphaned > 0 {
                let marks = if report.placed == 1 { "mark" } else { "marks" };
                self.notices.push(format!(
                    "the text changed since last time: {} {marks} found again, {} orphaned",
                    report.placed, report.orphaned
                ));
            }
            changes.push(Change::CreateIfMissing { doc: hash.clone(), record: Box::new(record) });
        }
        let meta = doc.metadata();
        changes.push(Change::Touch {
            doc: hash,
            path: path.map(str::to_owned),
            title: title.to_owned(),
            authors: meta.authors.clone(),
            format: meta.format.name().to_owned(),
            at: self.now(),
            at_millis: clock::unix_millis(self.options.clock.now()),
        });
        // Recorded with the next save (the position's, a mark's, or on
        // quit), not now: opening a document never waits for the lock.
        for change in changes {
            ops::apply(&mut self.data, &change);
            self.pending.push(change);
        }
        if self.memory_only || self.read_only {
            self.pending.clear();
        }
        self.marks_of(doc)
    }

    /// A document's marks as [`Store::load`] would give them, without
    /// recording anything (for `--export`). Marks carried over from an earlier
    /// text at the same path are shown but not stored.
    pub fn peek(&mut self, doc: &Document, path: Option<&Path>, title: &str) -> Marks {
        let path = path_text(path);
        let path = path.as_deref();
        self.sync();
        match self.data.documents.get(doc.content_hash()) {
            Some(entry) => Marks::build(doc, Some(entry), title, path),
            None => {
                let carried = self.carry_over(doc, path).map(|(record, _)| record);
                Marks::build(doc, carried.as_ref(), title, path)
            }
        }
    }

    /// Re-read the store so marks another instance added or removed show up;
    /// `marks` is replaced by the fresh view.
    pub fn refresh(&mut self, doc: &Document, marks: &mut Marks) {
        self.sync();
        *marks = self.marks_of(doc);
    }

    /// Add a bookmark on paragraph `paragraph` (0-based), or remove the one
    /// there. Decided on `marks` — what the reader shows — so the key does
    /// what the reader sees; saved at once; `marks` is replaced by the fresh,
    /// merged view.
    pub fn toggle_bookmark(
        &mut self,
        doc: &Document,
        marks: &mut Marks,
        paragraph: usize,
    ) -> Result<Toggled, MarkError> {
        let hash = check(doc, marks, paragraph)?;
        let (change, toggled) = match marks.bookmark_at(paragraph) {
            Some(existing) => match &existing.id.0 {
                Key::Bookmark(key) => (Change::RemoveBookmark { doc: hash, key: key.clone() }, Toggled::Removed),
                Key::Highlight(_) => return Err(MarkError::NoSuchMark),
            },
            None => {
                let record = BookmarkRecord {
                    paragraph: paragraph + 1,
                    fingerprint: doc.fingerprint(paragraph).to_hex(),
                    excerpt: short_title(doc.paragraph(paragraph), EXCERPT_CHARS),
                    created: self.now(),
                    note: None,
                    neighbours: Some(anchor::neighbours(doc, paragraph)),
                    extra: Extra::new(),
                };
                (Change::AddBookmark { doc: hash, record }, Toggled::Added)
            }
        };
        self.commit(vec![change], true);
        *marks = self.marks_of(doc);
        Ok(toggled)
    }

    /// Set a bookmark's or a highlight's one-line note (placed or
    /// orphaned); an empty note clears it. Line breaks and control
    /// characters become spaces.
    pub fn set_note(&mut self, doc: &Document, marks: &mut Marks, id: &MarkId, note: &str) -> Result<(), MarkError> {
        let hash = check_doc(doc, marks)?;
        if !marks.contains(id) {
            return Err(MarkError::NoSuchMark);
        }
        let note = inert(note).trim().to_owned();
        let note = (!note.is_empty()).then_some(note);
        let change = match &id.0 {
            Key::Bookmark(key) => Change::SetNote { doc: hash, key: key.clone(), note },
            Key::Highlight(key) => Change::SetHighlightNote { doc: hash, key: key.clone(), note },
        };
        self.commit(vec![change], true);
        *marks = self.marks_of(doc);
        Ok(())
    }

    /// Delete a bookmark or highlight (placed or orphaned).
    pub fn delete(&mut self, doc: &Document, marks: &mut Marks, id: &MarkId) -> Result<(), MarkError> {
        let hash = check_doc(doc, marks)?;
        if !marks.contains(id) {
            return Err(MarkError::NoSuchMark);
        }
        let change = match &id.0 {
            Key::Bookmark(key) => Change::RemoveBookmark { doc: hash, key: key.clone() },
            Key::Highlight(key) => Change::RemoveHighlight { doc: hash, key: key.clone() },
        };
        self.commit(vec![change], true);
        *marks = self.marks_of(doc);
        Ok(())
    }

    /// Highlight bytes `range` of paragraph `paragraph` (0-based), attributed
    /// to `speaker`; when exactly that range is highlighted already, remove
    /// it instead. Saved at once; `marks` is replaced by the fresh view.
    pub fn toggle_highlight(
        &mut self,
        doc: &Document,
        marks: &mut Marks,
        paragraph: usize,
        range: Range<usize>,
        speaker: Option<&str>,
    ) -> Result<Toggled, MarkError> {
        self.toggle_highlight_span(doc, marks, paragraph, paragraph, range, speaker)
    }

    /// Highlight from byte `range.start` of paragraph `first` to byte
    /// `range.end` of paragraph `last` (both 0-based; the same paragraph
    /// for a span inside one), as [`Store::toggle_highlight`] does. A span
    /// over more than [`model::MAX_HIGHLIGHT_PARAGRAPHS`] paragraphs is
    /// refused.
    pub fn toggle_highlight_span(
        &mut self,
        doc: &Document,
        marks: &mut Marks,
        first: usize,
        last: usize,
        range: Range<usize>,
        speaker: Option<&str>,
    ) -> Result<Toggled, MarkError> {
        let hash = check(doc, marks, first)?;
        check(doc, marks, last)?;
        let bad = MarkError::BadRange { paragraph: first, start: range.start, end: range.end };
        let fits = |p: usize, r: Range<usize>| doc.paragraph(p).get(r).is_some();
        let valid = if first == last {
            range.start < range.end && fits(first, range.clone())
        } else {
            first < last
                && last - first < model::MAX_HIGHLIGHT_PARAGRAPHS
                && fits(first, range.start..doc.paragraph(first).len())
                && fits(last, 0..range.end)
        };
        if !valid {
            return Err(bad);
        }
        let text = view::span_text(doc, first, last, &range);
        let existing: Vec<Change> = marks
            .highlights_from(first)
            .iter()
            .filter(|h| h.range == range && h.last == last)
            .filter_map(|h| match &h.id.0 {
                Key::Highlight(key) => Some(Change::RemoveHighlight { doc: hash.clone(), key: key.clone() }),
                Key::Bookmark(_) => None,
            })
            .collect();
        let toggled = if existing.is_empty() {
            let record = HighlightRecord {
                paragraph: first + 1,
                fingerprint: doc.fingerprint(first).to_hex(),
                start: range.start,
                end: range.end,
                last_paragraph: (last > first).then_some(last + 1),
                text,
                speaker: speaker.map(str::to_owned),
                created: self.now(),
                note: None,
                extra: Extra::new(),
            };
            self.commit(vec![Change::AddHighlight { doc: hash, record }], true);
            Toggled::Added
        } else {
            self.commit(existing, true);
            Toggled::Removed
        };
        *marks = self.marks_of(doc);
        Ok(toggled)
    }

    /// Record the reading position: paragraph `paragraph` (0-based), byte
    /// `offset` in it (floored to a character boundary). Cheap enough to call
    /// on every move: it is written at once when the last write is older than
    /// [`StoreOptions::position_interval`], otherwise it waits for
    /// [`Store::tick`], the next change or [`Store::flush`]. A paragraph past
    /// the end is ignored.
    pub fn set_position(&mut self, doc: &Document, paragraph: usize, offset: usize) {
        if paragraph >= doc.paragraph_count() {
            return;
        }
        let hash = doc.content_hash().to_owned();
        let offset = anchor::floor_char_boundary(doc.paragraph(paragraph), offset);
        let fingerprint = doc.fingerprint(paragraph).to_hex();
        let unchanged = self
            .data
            .documents
            .get(&hash)
            .and_then(|e| e.position.as_ref())
            .is_some_and(|p| p.paragraph == paragraph + 1 && p.offset == offset && p.fingerprint == fingerprint);
        if unchanged {
            return;
        }
        let record =
            PositionRecord { paragraph: paragraph + 1, offset, fingerprint, updated: self.now(), extra: Extra::new() };
        self.pending.retain(|c| !matches!(c, Change::SetPosition { doc, .. } if *doc == hash));
        self.commit(vec![Change::SetPosition { doc: hash, record }], false);
    }

    /// Write a waiting position once it is due. Call it from the reader's idle
    /// timer, so the last position is saved soon after the reader stops moving.
    pub fn tick(&mut self) {
        if !self.pending.is_empty() && self.due() {
            self.sync();
        }
    }

    /// Write everything waiting, now (on quit, on suspend, before opening
    /// another document). Returns whether everything is saved.
    pub fn flush(&mut self) -> bool {
        if !self.pending.is_empty() {
            self.sync();
        }
        self.pending.is_empty()
    }

    /// The reader has stopped reading `doc` (it opened another): pruning
    /// need no longer spare its entry. Save first ([`Store::flush`]).
    pub fn close(&mut self, doc: &Document) {
        let hash = doc.content_hash();
        self.open_docs.retain(|d| d.hash != hash);
    }

    /// The clock the store dates things by: the reader measures its reading
    /// pace by it too, so tests drive both with one [`clock::ManualClock`].
    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.options.clock)
    }

    /// Every document in the store, most recently opened first (see
    /// [`library`]), after reading what other instances saved.
    pub fn library(&mut self) -> Vec<LibraryEntry> {
        self.sync();
        library::entries(&self.data, library::file_exists)
    }

    /// Record how far through `doc` the reader is: `percent` of the text,
    /// scene `scene` (1-based) of `scenes`. Written with the position.
    pub fn set_progress(&mut self, doc: &Document, percent: u8, scene: usize, scenes: usize) {
        let hash = doc.content_hash().to_owned();
        let record = ProgressRecord { percent: u32::from(percent.min(100)), scene, scenes, extra: Extra::new() };
        let unchanged = self
            .data
            .documents
            .get(&hash)
            .and_then(|e| e.progress.as_ref())
            .is_some_and(|p| (p.percent, p.scene, p.scenes) == (record.percent, record.scene, record.scenes));
        if unchanged {
            return;
        }
        self.pending.retain(|c| !matches!(c, Change::SetProgress { doc, .. } if *doc == hash));
        self.commit(vec![Change::SetProgress { doc: hash, record }], false);
    }

    /// The reading settings kept for `doc`, if any.
    pub fn settings(&self, doc: &Document) -> Option<&SettingsRecord> {
        self.data.documents.get(doc.content_hash()).and_then(|e| e.settings.as_ref())
    }

    /// Keep the settings `settings` sets for `doc` (the others stay as
    /// they are). Written with the next save.
    pub fn set_settings(&mut self, doc: &Document, settings: SettingsRecord) {
        let hash = doc.content_hash().to_owned();
        self.commit(vec![Change::SetSettings { doc: hash, settings }], false);
    }

    /// Remove the entry of the document `hash` (from the library): its
    /// position, settings and marks. Saved at once. Returns the entry as it
    /// was, for [`Store::restore_document`]; `None` when there is none.
    pub fn remove_document(&mut self, hash: &str) -> Option<DocumentRecord> {
        let record = self.data.documents.get(hash)?.clone();
        self.commit(vec![Change::RemoveDocument { doc: hash.to_owned() }], true);
        Some(record)
    }

    /// Undo [`Store::remove_document`]. Saved at once.
    pub fn restore_document(&mut self, hash: &str, record: DocumentRecord) {
        self.commit(vec![Change::Restore { doc: hash.to_owned(), record: Box::new(record) }], true);
    }

    /// Count `units` read in `seconds` of paging towards the pace of
    /// `script`. Written with the next save.
    pub fn add_reading(&mut self, script: Script, units: u64, seconds: u64) {
        if seconds == 0 {
            return;
        }
        let id = unique_id(self.options.clock.now());
        self.commit(vec![Change::AddReading { id, script, units, seconds }], false);
    }

    /// The reading pace for `script`: what the store learned, with `units`
    /// read in `seconds` not yet given to [`Store::add_reading`].
    pub fn pace(&self, script: Script, units: u64, seconds: f64) -> Pace {
        pace::pace(self.data.reading.as_ref(), script, units, seconds)
    }

    // ---- internals ----------------------------------------------------

    fn now(&self) -> String {
        rfc3339(self.options.clock.now())
    }

    /// Note an open document (for its entry's title and path, and so pruning
    /// spares it); returns its hash.
    fn remember(&mut self, doc: &Document, path: Option<&str>, title: &str) -> String {
        let hash = doc.content_hash().to_owned();
        self.open_docs.retain(|d| d.hash != hash);
        self.open_docs.push(OpenDoc { hash: hash.clone(), path: path.map(str::to_owned), title: title.to_owned() });
        hash
    }

    /// The view of `doc` from the current state.
    fn marks_of(&self, doc: &Document) -> Marks {
        let hash = doc.content_hash();
        let (title, path) = self
            .open_docs
            .iter()
            .find(|d| d.hash == hash)
            .map_or(("", None), |d| (d.title.as_str(), d.path.as_deref()));
        Marks::build(doc, self.data.documents.get(hash), title, path)
    }

    /// When `doc`'s text has no entry, the entry carried over from the most
    /// recently opened entry of the same path (if it holds anything).
    fn carry_over(&self, doc: &Document, path: Option<&str>) -> Option<(DocumentRecord, anchor::AdoptReport)> {
        let hash = doc.content_hash();
        let path = path?;
        if self.data.documents.contains_key(hash) {
            return None;
        }
        let (old_hash, old) = self
            .data
            .documents
            .iter()
            .filter(|(h, e)| h.as_str() != hash && e.path.as_deref() == Some(path))
            .filter(|(_, e)| e.has_marks() || e.position.is_some())
            .max_by(|a, b| a.1.opened.cmp(&b.1.opened))?;
        if doc.metadata().format == crate::engine::document::rich::Format::Aozora {
            // Marks made when emaki showed this text's Aozora markup as text:
            // their excerpts still hold the markup the reading text lost.
            return Some(anchor::adopt(&without_aozora_markup(old), old_hash, doc));
        }
        Some(anchor::adopt(old, old_hash, doc))
    }
}

/// `record` with the Aozora markup taken out of its bookmarks' excerpts and
/// its highlights' text, as the reading text of the same line now reads.
fn without_aozora_markup(record: &DocumentRecord) -> DocumentRecord {
    use crate::engine::formats::aozora;
    let plain = |text: &str| -> String {
        if !text.contains(['《', '［', '｜', '※']) {
            return text.to_owned();
        }
        match aozora::parse(text.to_owned()) {
            Ok(parsed) => parsed.doc.paragraphs().collect(),
            Err(_) => text.to_owned(),
        }
    };
    let mut record = record.clone();
    for b in &mut record.bookmarks {
        let cut = b.excerpt.ends_with('…');
        b.excerpt = plain(b.excerpt.trim_end_matches('…'));
        if cut {
            b.excerpt.push('…');
        }
    }
    for h in &mut record.highlights {
        h.text = plain(&h.text);
    }
    record
}

/// The data directory: `$EMAKI_DATA_DIR` when set and not empty, else the
/// platform's per-user data directory for emaki.
pub fn default_data_dir() -> Option<PathBuf> {
    data_dir_from(std::env::var_os(DATA_DIR_ENV), || {
        directories::ProjectDirs::from("", "", "emaki").map(|dirs| dirs.data_dir().to_path_buf())
    })
}

fn data_dir_from(env: Option<OsString>, platform: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
    match env {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => platform(),
    }
}

/// A path as stored: text (a path that is not valid Unicode is stored lossily,
/// which is the same every time, so it is still recognised).
fn path_text(path: Option<&Path>) -> Option<String> {
    path.map(|p| p.to_string_lossy().into_owned())
}

/// An id no other addition of any instance has: the time, the process and
/// a counter, hashed.
fn unique_id(now: SystemTime) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = blake3::Hasher::new();
    let nanos = |t: SystemTime| t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    hasher.update(&nanos(now).to_le_bytes());
    hasher.update(&nanos(SystemTime::now()).to_le_bytes());
    hasher.update(&std::process::id().to_le_bytes());
    hasher.update(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hasher.finalize().to_hex()[..16].to_owned()
}

/// Check that `marks` are `doc`'s; returns the hash.
fn check_doc(doc: &Document, marks: &Marks) -> Result<String, MarkError> {
    if marks.hash == doc.content_hash() { Ok(marks.hash.clone()) } else { Err(MarkError::WrongDocument) }
}

/// [`check_doc`], and that `paragraph` exists.
fn check(doc: &Document, marks: &Marks, paragraph: usize) -> Result<String, MarkError> {
    let hash = check_doc(doc, marks)?;
    let count = doc.paragraph_count();
    if paragraph < count { Ok(hash) } else { Err(MarkError::NoSuchParagraph { paragraph, count }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_variable_wins_unless_empty() {
        let platform = || Some(PathBuf::from("/platform"));
        assert_eq!(data_dir_from(Some("/mine".into()), platform), Some(PathBuf::from("/mine")));
        assert_eq!(data_dir_from(Some("".into()), platform), Some(PathBuf::from("/platform")));
        assert_eq!(data_dir_from(None, platform), Some(PathBuf::from("/platform")));
        assert_eq!(data_dir_from(None, || None), None);
    }
}
