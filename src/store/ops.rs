//! Changes to the store, recorded as intents and replayed onto the freshest file.
//!
//! This is how instances merge. A save never writes back records it merely
//! read: under the lock it re-reads the file and replays only this instance's
//! own pending changes on top of it. Each change states an intent ("this
//! bookmark exists", "that one is gone") and is idempotent, so replaying it on
//! a file another instance changed meanwhile does the right thing: a bookmark
//! another instance removed is never written back, and two instances adding
//! the same bookmark keep one. No tombstones are needed, so none accumulate.

use super::model::{
    BookmarkKey, BookmarkRecord, DocumentRecord, Extra, HighlightKey, HighlightRecord, PositionRecord, ProgressRecord,
    SettingsRecord, StoreFile,
};
use super::pace::{self, Script};

/// One intended change to one document entry (`doc` is its content hash).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The document was opened: remember where from, its title and when.
    Touch {
        /// Document hash.
        doc: String,
        /// Path it was opened from; `None` keeps the stored one.
        path: Option<String>,
        /// Its title.
        title: String,
        /// Its authors (from the document's metadata).
        authors: Vec<String>,
        /// Its format's name.
        format: String,
        /// When (RFC 3339).
        at: String,
        /// When, in milliseconds since the Unix epoch.
        at_millis: u64,
    },
    /// Create an entry carried over from an earlier text, unless one exists.
    CreateIfMissing {
        /// Document hash.
        doc: String,
        /// The re-anchored entry.
        record: Box<DocumentRecord>,
    },
    /// Make sure this bookmark exists.
    AddBookmark {
        /// Document hash.
        doc: String,
        /// The bookmark.
        record: BookmarkRecord,
    },
    /// Make sure this bookmark is gone.
    RemoveBookmark {
        /// Document hash.
        doc: String,
        /// Which bookmark.
        key: BookmarkKey,
    },
    /// Set (or with `None` clear) a bookmark's note.
    SetNote {
        /// Document hash.
        doc: String,
        /// Which bookmark.
        key: BookmarkKey,
        /// The note.
        note: Option<String>,
    },
    /// Make sure this highlight exists.
    AddHighlight {
        /// Document hash.
        doc: String,
        /// The highlight.
        record: HighlightRecord,
    },
    /// Make sure this highlight is gone.
    RemoveHighlight {
        /// Document hash.
        doc: String,
        /// Which highlight.
        key: HighlightKey,
    },
    /// Set (or with `None` clear) a highlight's note.
    SetHighlightNote {
        /// Document hash.
        doc: String,
        /// Which highlight.
        key: HighlightKey,
        /// The note.
        note: Option<String>,
    },
    /// Replace the reading position (the last save wins).
    SetPosition {
        /// Document hash.
        doc: String,
        /// The position.
        record: PositionRecord,
    },
    /// Replace how far through the document the position is (the last save wins).
    SetProgress {
        /// Document hash.
        doc: String,
        /// The progress.
        record: ProgressRecord,
    },
    /// Set the reading settings `settings` gives (the others stay).
    SetSettings {
        /// Document hash.
        doc: String,
        /// The settings to set.
        settings: SettingsRecord,
    },
    /// Make sure this document's entry is gone (removed from the library).
    RemoveDocument {
        /// Document hash.
        doc: String,
    },
    /// Bring back a removed entry: created as it was when missing; when the
    /// document has an entry again (reopened meanwhile), its marks are added
    /// back to it, and what the entry lacks is taken from `record`.
    Restore {
        /// Document hash.
        doc: String,
        /// The entry as it was removed.
        record: Box<DocumentRecord>,
    },
    /// Add reading time to the pace of one script, once: `id` names the
    /// addition, and an addition already counted is not counted again.
    AddReading {
        /// Names this addition.
        id: String,
        /// Which figure.
        script: Script,
        /// Characters or words read.
        units: u64,
        /// Seconds it took.
        seconds: u64,
    },
}

impl Change {
    /// The content hash of the document this change is about (`None`: it
    /// is about no one document).
    pub fn doc(&self) -> Option<&str> {
        Some(match self {
            Change::AddReading { .. } => return None,
            Change::Touch { doc, .. }
            | Change::CreateIfMissing { doc, .. }
            | Change::AddBookmark { doc, .. }
            | Change::RemoveBookmark { doc, .. }
            | Change::SetNote { doc, .. }
            | Change::AddHighlight { doc, .. }
            | Change::RemoveHighlight { doc, .. }
            | Change::SetHighlightNote { doc, .. }
            | Change::SetPosition { doc, .. }
            | Change::SetProgress { doc, .. }
            | Change::SetSettings { doc, .. }
            | Change::RemoveDocument { doc }
            | Change::Restore { doc, .. } => doc,
        })
    }
}

/// What replaying a change found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The change was applied, or was already true.
    Done,
    /// The note's bookmark no longer exists (another instance deleted it).
    TargetGone,
}

/// Apply one change to a store file. Never fails: a change whose target is
/// gone is a no-op, reported as [`Applied::TargetGone`] where the reader
/// should hear about it.
pub fn apply(file: &mut StoreFile, change: &Change) -> Applied {
    let Some(doc) = change.doc() else {
        if let Change::AddReading { id, script, units, seconds } = change {
            pace::add(file.reading.get_or_insert_with(Default::default), id, *script, *units, *seconds);
        }
        return Applied::Done;
    };
    match change {
        Change::CreateIfMissing { record, .. } => {
            file.documents.entry(doc.to_owned()).or_insert_with(|| (**record).clone());
            return Applied::Done;
        }
        Change::RemoveDocument { .. } => {
            file.documents.remove(doc);
            return Applied::Done;
        }
        Change::Restore { record, .. } => {
            restore(file.documents.entry(doc.to_owned()).or_insert_with(|| (**record).clone()), record);
            return Applied::Done;
        }
        _ => {}
    }
    let entry = file.documents.entry(doc.to_owned()).or_default();
    match change {
        Change::CreateIfMissing { .. }
        | Change::RemoveDocument { .. }
        | Change::Restore { .. }
        | Change::AddReading { .. } => {}
        Change::Touch { path, title, authors, format, at, at_millis, .. } => {
            if path.is_some() {
                entry.path.clone_from(path);
            }
            entry.title.clone_from(title);
            entry.authors.clone_from(authors);
            entry.format = Some(format.clone());
            entry.opened = Some(at.clone());
            entry.opened_millis = Some(*at_millis);
        }
        Change::AddBookmark { record, .. } => {
            let key = record.key();
            if !entry.bookmarks.iter().any(|b| b.key() == key) {
                entry.bookmarks.push(record.clone());
                entry.bookmarks.sort_by_key(|b| b.paragraph);
            }
        }
        Change::RemoveBookmark { key, .. } => entry.bookmarks.retain(|b| b.key() != *key),
        Change::SetNote { key, note, .. } => {
            let mut found = false;
            for b in entry.bookmarks.iter_mut().filter(|b| b.key() == *key) {
                b.note.clone_from(note);
                found = true;
            }
            if !found {
                return Applied::TargetGone;
            }
        }
        Change::AddHighlight { record, .. } => {
            let key = record.key();
            if !entry.highlights.iter().any(|h| h.key() == key) {
                entry.highlights.push(record.clone());
                entry.highlights.sort_by_key(|h| (h.paragraph, h.start, h.end));
            }
        }
        Change::RemoveHighlight { key, .. } => entry.highlights.retain(|h| h.key() != *key),
        Change::SetHighlightNote { key, note, .. } => {
            let mut found = false;
            for h in entry.highlights.iter_mut().filter(|h| h.key() == *key) {
                h.note.clone_from(note);
                found = true;
            }
            if !found {
                return Applied::TargetGone;
            }
        }
        Change::SetPosition { record, .. } => {
            let mut new = record.clone();
            keep_unknown(&mut new.extra, entry.position.take().map(|old| old.extra));
            entry.position = Some(new);
        }
        Change::SetProgress { record, .. } => {
            let mut new = record.clone();
            keep_unknown(&mut new.extra, entry.progress.take().map(|old| old.extra));
            entry.progress = Some(new);
        }
        Change::SetSettings { settings, .. } => entry.settings.get_or_insert_with(Default::default).overlay(settings),
    }
    Applied::Done
}

/// Unknown fields of a stored record that is replaced stay, like everywhere
/// else: `old` (the replaced record's) fill in what `new` lacks.
fn keep_unknown(new: &mut Extra, old: Option<Extra>) {
    for (k, v) in old.into_iter().flatten() {
        new.entry(k).or_insert(v);
    }
}

/// Put the marks of a removed entry back into `entry` (the entry itself, if
/// nothing recreated it meanwhile: then this changes nothing). Idempotent:
/// a mark already there is not added twice.
fn restore(entry: &mut DocumentRecord, removed: &DocumentRecord) {
    for b in &removed.bookmarks {
        if !entry.bookmarks.iter().any(|e| e.key() == b.key()) {
            entry.bookmarks.push(b.clone());
        }
    }
    entry.bookmarks.sort_by_key(|b| b.paragraph);
    for h in &removed.highlights {
        if !entry.highlights.iter().any(|e| e.key() == h.key()) {
            entry.highlights.push(h.clone());
        }
    }
    entry.highlights.sort_by_key(|h| (h.paragraph, h.start, h.end));
    if entry.position.is_none() {
        entry.position.clone_from(&removed.position);
        entry.progress.clone_from(&removed.progress);
    }
    if entry.settings.is_none() {
        entry.settings.clone_from(&removed.settings);
    }
    if entry.opened.is_none() {
        entry.opened.clone_from(&removed.opened);
    }
}

/// Keep the number of document entries bounded: while there are more than
/// `max`, drop the least recently opened entry that holds no bookmark or
/// highlight and is not in `keep` (documents open in this instance). Entries
/// with marks are never dropped, so the bound can be exceeded by them.
pub fn prune(file: &mut StoreFile, max: usize, keep: &[&str]) {
    let excess = file.documents.len().saturating_sub(max);
    if excess == 0 {
        return;
    }
    let mut candidates: Vec<(Option<String>, String)> = file
        .documents
        .iter()
        .filter(|(hash, entry)| !entry.has_marks() && !keep.contains(&hash.as_str()))
        .map(|(hash, entry)| (entry.opened.clone(), hash.clone()))
        .collect();
    // `None` (never recorded) sorts first; RFC 3339 UTC strings sort by time.
    candidates.sort();
    for (_, hash) in candidates.into_iter().take(excess) {
        file.documents.remove(&hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::Extra;

    fn bookmark(paragraph: usize) -> BookmarkRecord {
        BookmarkRecord {
            paragraph,
            fingerprint: format!("{paragraph:016x}"),
            excerpt: String::new(),
            created: String::new(),
            note: None,
            neighbours: None,
            extra: Extra::new(),
        }
    }

    #[test]
    fn adding_twice_keeps_one_and_removing_a_missing_one_is_a_no_op() {
        let mut file = StoreFile::default();
        let add = Change::AddBookmark { doc: "d".into(), record: bookmark(3) };
        apply(&mut file, &add);
        apply(&mut file, &add);
        assert_eq!(file.documents["d"].bookmarks.len(), 1);
        let remove = Change::RemoveBookmark { doc: "d".into(), key: bookmark(3).key() };
        assert_eq!(apply(&mut file, &remove), Applied::Done);
        assert_eq!(apply(&mut file, &remove), Applied::Done);
        assert!(file.documents["d"].bookmarks.is_empty());
    }

    #[test]
    fn a_note_on_a_removed_bookmark_reports_it_gone() {
        let mut file = StoreFile::default();
        let note = Change::SetNote { doc: "d".into(), key: bookmark(1).key(), note: Some("n".into()) };
        assert_eq!(apply(&mut file, &note), Applied::TargetGone);
    }

    #[test]
    fn pruning_drops_the_oldest_entries_without_marks_only() {
        let mut file = StoreFile::default();
        for (hash, opened, marked) in
            [("a", "2024-01-01", true), ("b", "2024-01-02", false), ("c", "2024-01-03", false)]
        {
            let entry = file.documents.entry(hash.into()).or_default();
            entry.opened = Some(opened.into());
            if marked {
                entry.bookmarks.push(bookmark(1));
            }
        }
        prune(&mut file, 1, &["c"]);
        let left: Vec<&str> = file.documents.keys().map(String::as_str).collect();
        assert_eq!(left, ["a", "c"]);
    }
}
