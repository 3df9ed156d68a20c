//! The library list (`L`): every document in the store, most recently
//! opened first. `Enter` opens the selected one in this reader, `/` filters
//! by title or author, `d` removes an entry (after `y`), `u` brings back
//! what was removed while the list is open.
//!
//! The document being read cannot be removed (this reader would save its
//! position again at once); an entry with marks says how many before it
//! goes. Opening is the shell's job ([`Effect::Open`]): the app has no file
//! system.

use std::path::PathBuf;
use std::time::SystemTime;

use super::key::{Key, KeyCode};
use super::prompt::LineEditor;
use super::{App, Effect, Mode, Severity};
use crate::engine::search::Query;
use crate::store::library::{LibraryEntry, Location};
use crate::store::model::DocumentRecord;

/// The state of the library list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryList {
    /// Every entry, most recently opened first.
    pub entries: Vec<LibraryEntry>,
    /// Indices into `entries` the filter keeps.
    pub shown: Vec<usize>,
    /// Selected position in `shown`.
    pub selected: usize,
    /// The filter: matched like search (width- and case-insensitive) on
    /// titles and authors.
    pub filter: LineEditor,
    /// The filter line has the keyboard (after `/`, until `Enter` or `Esc`).
    pub filtering: bool,
    /// The entry (index into `entries`) waiting for `y` to be removed.
    pub confirm: Option<usize>,
    /// Entries removed while the list is open, last removed last (`u`
    /// restores them; closing the list makes it final).
    pub removed: Vec<(LibraryEntry, DocumentRecord)>,
    /// The hash of the document being read.
    pub current: String,
    /// The time relative dates are counted from.
    pub now: SystemTime,
}

impl LibraryList {
    fn apply_filter(&mut self) {
        let query = Query::new(self.filter.text().trim());
        let keep = |e: &LibraryEntry| {
            query
                .as_ref()
                .is_none_or(|q| !q.find_all(&e.title).is_empty() || e.authors.iter().any(|a| !q.find_all(a).is_empty()))
        };
        self.shown = (0..self.entries.len()).filter(|&i| keep(&self.entries[i])).collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The selected entry, if the filter keeps any.
    pub fn selected_entry(&self) -> Option<&LibraryEntry> {
        self.shown.get(self.selected).map(|&i| &self.entries[i])
    }

    /// The list of `entries` (most recently opened first) while the document
    /// `current` is being read, its dates relative to `now`; unfiltered.
    pub fn new(entries: Vec<LibraryEntry>, current: &str, now: SystemTime) -> Self {
        let mut list = LibraryList {
            entries,
            shown: Vec::new(),
            selected: 0,
            filter: LineEditor::default(),
            filtering: false,
            confirm: None,
            removed: Vec::new(),
            current: current.to_owned(),
            now,
        };
        list.apply_filter();
        list
    }

    /// Type `text` into the filter (a paste).
    pub fn type_filter(&mut self, text: &str) {
        self.filter.insert(text);
        self.apply_filter();
    }
}

impl App {
    /// Open the library list (`L`).
    pub(super) fn open_library(&mut self) {
        // The open document's place first, so its entry shows where it is.
        self.record_position();
        self.record_progress();
        let entries = self.store.library();
        self.collect_store_notices();
        if entries.is_empty() {
            self.notify(Severity::Info, "the library is empty");
            return;
        }
        let now = self.now();
        let mut entries = entries;
        // The document being read first, whatever the clock says (two opened
        // within a second tie).
        let current = self.doc.content_hash();
        if let Some(at) = entries.iter().position(|e| e.hash == current) {
            let entry = entries.remove(at);
            entries.insert(0, entry);
        }
        self.mode = Mode::Library(Box::new(LibraryList::new(entries, current, now)));
    }

    /// A key in the library list.
    pub(super) fn library_key(&mut self, key: Key) {
        let Mode::Library(list) = &mut self.mode else { return };
        if list.filtering {
            match key.code {
                KeyCode::Enter => list.filtering = false,
                KeyCode::Esc => {
                    list.filtering = false;
                    list.filter = LineEditor::default();
                    list.apply_filter();
                }
                KeyCode::Char('c') if key.ctrl => self.close_library(),
                KeyCode::Up => list.selected = list.selected.saturating_sub(1),
                KeyCode::Down => list.selected = (list.selected + 1).min(list.shown.len().saturating_sub(1)),
                _ if list.filter.edit(key) => list.apply_filter(),
                _ => {}
            }
            return;
        }
        if let Some(index) = list.confirm.take() {
            if key.code == KeyCode::Char('y') {
                self.remove_entry(index);
            } else {
                self.notify(Severity::Info, "not removed");
            }
            return;
        }
        let page = self.geometry.text_height().saturating_sub(3).max(2) / 2;
        let last = list.shown.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('L') => self.close_library(),
            KeyCode::Char('c') if key.ctrl => self.close_library(),
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => list.selected = (list.selected + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => list.selected = list.selected.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => list.selected = (list.selected + page).min(last),
            KeyCode::PageUp | KeyCode::Char('b') => list.selected = list.selected.saturating_sub(page),
            KeyCode::Home | KeyCode::Char('g') => list.selected = 0,
            KeyCode::End | KeyCode::Char('G') => list.selected = last,
            KeyCode::Char('/') => list.filtering = true,
            KeyCode::Enter => self.open_entry(),
            KeyCode::Char('d') | KeyCode::Delete => self.ask_to_remove(),
            KeyCode::Char('u') => self.undo_remove(),
            _ => {}
        }
    }

    /// Text pasted into the library's filter.
    pub(super) fn library_paste(&mut self, text: &str) {
        if let Mode::Library(list) = &mut self.mode
            && list.filtering
        {
            list.type_filter(text);
        }
    }

    /// Tell the store how far through the document the reader is, for the
    /// library (cheap; written with the position).
    pub(super) fn record_progress(&mut self) {
        if self.doc.is_empty() || self.loading.is_some() {
            return;
        }
        let scene = self.current_scene().map_or(1, |s| s + 1);
        let percent = self.percent();
        self.store.set_progress(&self.doc, percent, scene, self.scenes.len().max(1));
    }

    /// Close the list; removals become final.
    fn close_library(&mut self) {
        self.mode = Mode::Normal;
    }

    /// `Enter`: open the selected entry (or just close the list on the
    /// document being read).
    fn open_entry(&mut self) {
        let Mode::Library(list) = &self.mode else { return };
        let Some(entry) = list.selected_entry() else { return };
        if entry.hash == list.current {
            self.close_library();
            return;
        }
        let target = match &entry.location {
            Location::StandardInput => {
                self.notify(Severity::Info, "this document was read from standard input; it cannot be opened again");
                return;
            }
            Location::File(_) if entry.missing => {
                let path = entry.path.clone().unwrap_or_default();
                let marks = if entry.has_marks() {
                    format!("; its marks are kept ({})", counted(entry.bookmarks, entry.highlights))
                } else {
                    String::new()
                };
                self.notify(
                    Severity::Warning,
                    format!("{path} is missing (moved? open it where it is now and the library follows it){marks}"),
                );
                return;
            }
            Location::File(path) => Some(path.clone()),
            Location::Embedded => None,
        };
        self.close_library();
        self.request_open(target);
    }

    /// Ask the shell to open `path` (`None`: the built-in article), after
    /// saving where the reader is in this document.
    pub(super) fn request_open(&mut self, path: Option<PathBuf>) {
        self.flush();
        self.effects.push(Effect::Open(path));
    }

    /// `d`: ask before removing the selected entry.
    fn ask_to_remove(&mut self) {
        let Mode::Library(list) = &mut self.mode else { return };
        let Some(&index) = list.shown.get(list.selected) else { return };
        let entry = &list.entries[index];
        if entry.hash == list.current {
            self.notify(Severity::Info, "this is the document being read; open another one to remove it");
            return;
        }
        let marks = match (entry.bookmarks, entry.highlights) {
            (0, 0) => String::new(),
            (b, h) => format!(" and its {}", counted(b, h)),
        };
        let title = entry.title.clone();
        list.confirm = Some(index);
        self.notify(
            Severity::Warning,
            format!("remove 『{title}』{marks} from the library? y removes, any other key keeps it"),
        );
    }

    /// Remove entry `index` (confirmed).
    fn remove_entry(&mut self, index: usize) {
        let Mode::Library(list) = &mut self.mode else { return };
        let entry = list.entries[index].clone();
        let Some(record) = self.store.remove_document(&entry.hash) else {
            self.notify(Severity::Info, "already removed (by another emaki)");
            return;
        };
        let Mode::Library(list) = &mut self.mode else { return };
        list.entries.remove(index);
        list.apply_filter();
        let title = entry.title.clone();
        list.removed.push((entry, record));
        self.notify(Severity::Info, format!("removed 『{title}』; u brings it back until the list closes"));
    }

    /// `u`: bring back the entry removed last.
    fn undo_remove(&mut self) {
        let Mode::Library(list) = &mut self.mode else { return };
        let Some((entry, record)) = list.removed.pop() else {
            self.notify(Severity::Info, "nothing to bring back");
            return;
        };
        self.store.restore_document(&entry.hash, record);
        let Mode::Library(list) = &mut self.mode else { return };
        // Back in its place: the list is ordered by when each was opened.
        let at = list.entries.partition_point(|e| e.opened > entry.opened);
        let title = entry.title.clone();
        list.entries.insert(at, entry);
        list.apply_filter();
        if let Some(pos) = list.shown.iter().position(|&i| i == at) {
            list.selected = pos;
        }
        self.notify(Severity::Info, format!("『{title}』 is back"));
    }
}

/// "2 bookmarks and 1 highlight".
pub fn counted(bookmarks: usize, highlights: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (bookmarks, highlights) {
        (b, 0) => plural(b, "bookmark"),
        (0, h) => plural(h, "highlight"),
        (b, h) => format!("{} and {}", plural(b, "bookmark"), plural(h, "highlight")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_counted_in_words() {
        assert_eq!(counted(1, 0), "1 bookmark");
        assert_eq!(counted(0, 3), "3 highlights");
        assert_eq!(counted(2, 1), "2 bookmarks and 1 highlight");
    }
}
