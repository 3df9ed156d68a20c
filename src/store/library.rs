//! The library: every document in the store as one list, most recently
//! opened first, for the reader's `L` list, `--library` and `--continue`.
//!
//! The store is keyed by the text's hash, so a file moved or renamed is one
//! entry (its path follows the last open). When a file's text changed, its
//! marks were carried over to an entry for the new text with the same path;
//! the list shows only the newest entry of a path (the older ones are not
//! removed: they fall to pruning if they hold no marks).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::model::{DocumentRecord, StoreFile};
use super::view::inert;

/// Where an entry's document can be opened from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file (its canonical path as last opened).
    File(PathBuf),
    /// The article built into emaki.
    Embedded,
    /// Standard input: it cannot be opened again.
    StandardInput,
}

/// One document of the library, made safe to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryEntry {
    /// The document's content hash (its key in the store).
    pub hash: String,
    /// Its title when last opened.
    pub title: String,
    /// Its authors, when the document names them.
    pub authors: Vec<String>,
    /// Its format's name (`text` for entries from before it was kept).
    pub format: String,
    /// Where it comes from.
    pub location: Location,
    /// The path as stored, for display (`None` for standard input).
    pub path: Option<String>,
    /// When it was last opened (RFC 3339, UTC), if known.
    pub opened: Option<String>,
    /// Percent through it at the saved position.
    pub percent: Option<u8>,
    /// The scene of the saved position (1-based) and how many there are.
    pub scene: Option<(usize, usize)>,
    /// Bookmarks kept.
    pub bookmarks: usize,
    /// Highlights kept.
    pub highlights: usize,
    /// Its file is gone (its marks are still kept).
    pub missing: bool,
}

impl LibraryEntry {
    /// Whether it holds marks (then removing it asks first, and pruning
    /// never removes it).
    pub fn has_marks(&self) -> bool {
        self.bookmarks + self.highlights > 0
    }

    /// Where it is, for display: its path, or where it came from.
    pub fn place(&self) -> String {
        match (&self.location, &self.path) {
            (Location::StandardInput, _) | (_, None) => "(standard input)".to_owned(),
            (_, Some(path)) => path.clone(),
        }
    }

    /// Its authors as one line.
    pub fn author_line(&self) -> String {
        self.authors.join("・")
    }

    /// When it was last opened, as a time.
    pub fn opened_time(&self) -> Option<SystemTime> {
        self.opened.as_deref().and_then(|t| humantime::parse_rfc3339_weak(t).ok())
    }
}

/// The library of `file`, most recently opened first; `exists` tells
/// whether a file is there (the file system in the reader, anything in tests).
pub fn entries(file: &StoreFile, exists: impl Fn(&Path) -> bool) -> Vec<LibraryEntry> {
    let mut records: Vec<(&String, &DocumentRecord)> = file.documents.iter().collect();
    // RFC 3339 UTC times sort as text; entries never opened go last.
    records.sort_by(|a, b| {
        (&b.1.opened, b.1.opened_millis).cmp(&(&a.1.opened, a.1.opened_millis)).then_with(|| a.0.cmp(b.0))
    });
    let mut paths = HashSet::new();
    records
        .into_iter()
        .filter(|(_, r)| r.path.as_deref().is_none_or(|p| paths.insert(p)))
        .map(|(hash, r)| entry(hash, r, &exists))
        .collect()
}

/// The entry of `record`.
pub fn entry(hash: &str, record: &DocumentRecord, exists: impl Fn(&Path) -> bool) -> LibraryEntry {
    let location = match record.path.as_deref() {
        None => Location::StandardInput,
        Some(crate::EMBEDDED_ARTICLE_NAME) => Location::Embedded,
        Some(p) => Location::File(PathBuf::from(p)),
    };
    let missing = matches!(&location, Location::File(p) if !exists(p));
    let progress = record.progress.as_ref();
    LibraryEntry {
        hash: hash.to_owned(),
        title: inert(&record.title),
        authors: record.authors.iter().map(|a| inert(a)).collect(),
        format: inert(record.format.as_deref().unwrap_or("text")),
        location,
        path: record.path.as_deref().map(inert),
        opened: record.opened.as_deref().map(inert),
        percent: progress.map(|p| p.percent.min(100) as u8),
        scene: progress.filter(|p| p.scene > 0 && p.scenes > 0).map(|p| (p.scene, p.scenes)),
        bookmarks: record.bookmarks.len(),
        highlights: record.highlights.len(),
        missing,
    }
}

/// Whether `path` is a file that can be read again.
pub fn file_exists(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::ProgressRecord;

    fn record(path: Option<&str>, opened: &str) -> DocumentRecord {
        DocumentRecord {
            path: path.map(str::to_owned),
            title: format!("title of {}", path.unwrap_or("stdin")),
            opened: Some(opened.to_owned()),
            ..DocumentRecord::default()
        }
    }

    #[test]
    fn newest_first_one_entry_per_path_and_missing_files_flagged() {
        let mut file = StoreFile::default();
        file.documents.insert("a".into(), record(Some("/books/a.txt"), "2024-07-01T00:00:00Z"));
        file.documents.insert("b".into(), record(Some("/books/b.txt"), "2024-07-03T00:00:00Z"));
        // The text of a.txt changed: a newer entry has the same path.
        file.documents.insert("a2".into(), record(Some("/books/a.txt"), "2024-07-02T00:00:00Z"));
        file.documents.insert("s".into(), record(None, "2024-06-01T00:00:00Z"));
        file.documents.insert("e".into(), record(Some(crate::EMBEDDED_ARTICLE_NAME), "2024-05-01T00:00:00Z"));
        let list = entries(&file, |p| p != Path::new("/books/b.txt"));
        let hashes: Vec<&str> = list.iter().map(|e| e.hash.as_str()).collect();
        assert_eq!(hashes, ["b", "a2", "s", "e"]);
        assert!(list[0].missing && !list[1].missing);
        assert_eq!(list[2].location, Location::StandardInput);
        assert_eq!(list[3].location, Location::Embedded);
        assert!(!list[3].missing, "the built-in article is never missing");
    }

    #[test]
    fn stored_text_is_made_inert_and_progress_is_bounded() {
        let mut r = record(Some("/x\u{1b}[2J.txt"), "2024-07-01T00:00:00Z");
        r.progress = Some(ProgressRecord { percent: 250, scene: 2, scenes: 5, extra: Default::default() });
        let e = entry("h", &r, |_| true);
        assert!(!e.path.as_deref().unwrap().contains('\u{1b}'));
        assert_eq!(e.percent, Some(100));
        assert_eq!(e.scene, Some((2, 5)));
        assert_eq!(e.format, "text");
    }
}
