//! Bookmarks, highlights and the reading position: the reader's side of the
//! [`crate::store`]. Every change goes to the store at once; the store hands
//! back the merged marks (including what other running instances saved).

use super::action::Action;
use super::key::{Key, KeyCode};
use super::prompt::LineEditor;
use super::selection::Selection;
use super::{App, Mode, NoteReturn, PromptKind, Severity};
use crate::store::{MarkId, Marks, OrphanKind, Toggled};

/// One row of the bookmark list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkRow {
    /// The mark.
    pub id: MarkId,
    /// Paragraph index, or `None` for an orphan (its text is gone).
    pub paragraph: Option<usize>,
    /// Where it was (0-based), for orphans.
    pub last_paragraph: usize,
    /// The first words of the paragraph.
    pub excerpt: String,
    /// The note, if any.
    pub note: Option<String>,
    /// When it was added (RFC 3339).
    pub created: String,
    /// A highlight whose text is gone (listed here so it can be deleted).
    pub orphan_highlight: bool,
}

/// The rows of the bookmark list: bookmarks in document order, then orphans.
pub fn bookmark_rows(marks: &Marks) -> Vec<BookmarkRow> {
    let placed = marks.bookmarks.iter().map(|b| BookmarkRow {
        id: b.id.clone(),
        paragraph: Some(b.paragraph),
        last_paragraph: b.paragraph,
        excerpt: b.excerpt.clone(),
        note: b.note.clone(),
        created: b.created.clone(),
        orphan_highlight: false,
    });
    let orphans = marks.orphans.iter().map(|o| BookmarkRow {
        id: o.id.clone(),
        paragraph: None,
        last_paragraph: o.last_paragraph,
        excerpt: o.text.clone(),
        note: o.note.clone(),
        created: o.created.clone(),
        orphan_highlight: o.kind == OrphanKind::Highlight,
    });
    placed.chain(orphans).collect()
}

/// One row of the highlight list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightRow {
    /// The mark.
    pub id: MarkId,
    /// Paragraph index.
    pub paragraph: usize,
    /// The highlighted text.
    pub text: String,
    /// Who said it, when known.
    pub speaker: Option<String>,
    /// The note, if any.
    pub note: Option<String>,
}

/// The rows of the highlight list, in document order.
pub fn highlight_rows(marks: &Marks) -> Vec<HighlightRow> {
    marks
        .highlights
        .iter()
        .map(|h| HighlightRow {
            id: h.id.clone(),
            paragraph: h.paragraph,
            text: h.text.clone(),
            speaker: h.speaker.clone(),
            note: h.note.clone(),
        })
        .collect()
}

/// The row a list's moving key selects (`None`: not a moving key): up and
/// down a row or a page, to either end.
pub(super) fn list_move(key: Key, selected: usize, rows: usize, page: usize) -> Option<usize> {
    let last = rows.saturating_sub(1);
    Some(match key.code {
        KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => (selected + 1).min(last),
        KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => selected.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => (selected + page).min(last),
        KeyCode::PageUp | KeyCode::Char('b') => selected.saturating_sub(page),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => last,
        _ => return None,
    })
}

impl App {
    /// The marks of the open document.
    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    /// Apply a bookmark or highlight action.
    pub(super) fn mark_action(&mut self, action: Action) {
        if self.doc.is_empty() {
            return;
        }
        match action {
            Action::ToggleBookmark => {
                let result = self.store.toggle_bookmark(&self.doc, &mut self.marks, self.focus);
                match result {
                    Ok(Toggled::Added) => {
                        self.notify(Severity::Info, format!("bookmark added on paragraph {}", self.focus + 1))
                    }
                    Ok(Toggled::Removed) => self.notify(Severity::Info, "bookmark removed"),
                    Err(e) => self.notify(Severity::Error, format!("bookmark not changed: {e}")),
                }
            }
            Action::BookmarkList => {
                // Another reader open on the same document may have added or
                // removed some since: list what the store holds now.
                self.store.refresh(&self.doc, &mut self.marks);
                if bookmark_rows(&self.marks).is_empty() {
                    let key = self.config.keymap.hint(Action::ToggleBookmark).unwrap_or_else(|| "m".into());
                    self.notify(Severity::Info, format!("no bookmarks yet: {key} bookmarks the focused paragraph"));
                } else {
                    let selected = self.marks.bookmarks.partition_point(|b| b.paragraph < self.focus);
                    self.mode = Mode::Bookmarks { selected: selected.min(bookmark_rows(&self.marks).len() - 1) };
                }
            }
            Action::NextBookmark => match self.marks.next_bookmark(self.focus).or(self.marks.bookmarks.first()) {
                Some(b) => {
                    let p = b.paragraph;
                    if p <= self.focus {
                        self.notify(Severity::Info, "wrapped to the first bookmark");
                    }
                    self.jump_to(p);
                }
                None => self.notify(Severity::Info, "no bookmarks"),
            },
            Action::PrevBookmark => match self.marks.previous_bookmark(self.focus).or(self.marks.bookmarks.last()) {
                Some(b) => {
                    let p = b.paragraph;
                    if p >= self.focus {
                        self.notify(Severity::Info, "wrapped to the last bookmark");
                    }
                    self.jump_to(p);
                }
                None => self.notify(Severity::Info, "no bookmarks"),
            },
            Action::ToggleHighlight => self.toggle_highlight(),
            Action::HighlightList => {
                self.store.refresh(&self.doc, &mut self.marks);
                let rows = highlight_rows(&self.marks);
                if rows.is_empty() {
                    let key = self.config.keymap.hint(Action::ToggleHighlight).unwrap_or_else(|| "h".into());
                    self.notify(Severity::Info, format!("no highlights yet: {key} highlights a selection or quote"));
                } else {
                    let selected = rows.partition_point(|h| h.paragraph < self.focus).min(rows.len() - 1);
                    self.mode = Mode::Highlights { selected };
                }
            }
            Action::EditNote => self.edit_focused_note(),
            _ => {}
        }
    }

    /// Highlight the selection, or the selected quote, or the whole focused
    /// paragraph when neither is there; the same span again removes the
    /// highlight. The selection is dropped once highlighted.
    fn toggle_highlight(&mut self) {
        let (span, speaker, what) = if let Some(s) = &self.span {
            (s.clone(), None, "selection")
        } else if let Some(q) = self.selected_quote() {
            (Selection::within(q.paragraph, q.inner.clone()), q.speaker.clone(), "quote")
        } else {
            (Selection::within(self.focus, 0..self.doc.paragraph(self.focus).len()), None, "paragraph")
        };
        let toggled = self.store.toggle_highlight_span(
            &self.doc,
            &mut self.marks,
            span.paragraph,
            span.last,
            span.range,
            speaker.as_deref(),
        );
        match toggled {
            Ok(Toggled::Added) => {
                let key = self.config.keymap.hint(Action::EditNote).unwrap_or_else(|| "a".into());
                self.notify(Severity::Info, format!("{what} highlighted ({key} adds a note)"));
                self.span = None;
            }
            Ok(Toggled::Removed) => self.notify(Severity::Info, "highlight removed"),
            Err(e) => self.notify(Severity::Error, format!("highlight not changed: {e}")),
        }
    }

    /// `a`: edit the note of the highlight the selection or selected quote
    /// is, else of the focused paragraph's bookmark, else of its first
    /// highlight.
    fn edit_focused_note(&mut self) {
        let chosen = self
            .span
            .clone()
            .or_else(|| self.selected_quote().map(|q| Selection::within(q.paragraph, q.inner.clone())));
        let on_selection = chosen.and_then(|s| {
            self.marks
                .highlights_from(s.paragraph)
                .iter()
                .find(|h| h.range == s.range && h.last == s.last)
                .map(|h| (h.id.clone(), h.note.clone()))
        });
        let target = on_selection
            .or_else(|| self.marks.bookmark_at(self.focus).map(|b| (b.id.clone(), b.note.clone())))
            .or_else(|| self.marks.highlights_in(self.focus).next().map(|h| (h.id.clone(), h.note.clone())));
        match target {
            Some((id, note)) => {
                let editor = LineEditor::with_text(note.as_deref().unwrap_or(""));
                self.mode = Mode::Prompt { kind: PromptKind::Note { id, back_to: NoteReturn::Reading }, editor };
            }
            None => {
                let (m, h) = (
                    self.config.keymap.hint(Action::ToggleBookmark).unwrap_or_else(|| "m".into()),
                    self.config.keymap.hint(Action::ToggleHighlight).unwrap_or_else(|| "h".into()),
                );
                self.notify(Severity::Info, format!("nothing to note here: {m} bookmarks, {h} highlights first"));
            }
        }
    }

    /// The row of a list of `len` rows that `key` acts on, `selected`
    /// being the chosen one; `None` when the key was spent: the list was
    /// empty (it closes) or the key moved the choice (to `mode(new row)`).
    fn list_row(&mut self, key: Key, selected: usize, len: usize, mode: fn(usize) -> Mode) -> Option<usize> {
        if len == 0 {
            self.mode = Mode::Normal;
            return None;
        }
        let selected = selected.min(len - 1);
        let page = self.geometry.text_height().saturating_sub(3).max(1);
        if let Some(next) = list_move(key, selected, len, page) {
            self.mode = mode(next);
            return None;
        }
        Some(selected)
    }

    /// A key in the highlight list.
    pub(super) fn highlight_list_key(&mut self, key: Key) {
        let Mode::Highlights { selected } = self.mode else {
            return;
        };
        let rows = highlight_rows(&self.marks);
        let Some(selected) = self.list_row(key, selected, rows.len(), |selected| Mode::Highlights { selected }) else {
            return;
        };
        let row = &rows[selected];
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('H') => self.mode = Mode::Normal,
            KeyCode::Char('c') if key.ctrl => self.mode = Mode::Normal,
            KeyCode::Enter => {
                let (p, start) = (
                    row.paragraph,
                    self.marks
                        .highlights_from(row.paragraph)
                        .iter()
                        .find(|h| h.id == row.id)
                        .map_or(0, |h| h.range.start),
                );
                self.mode = Mode::Normal;
                self.focus = p;
                self.reveal(p, start);
            }
            _ => {
                let (id, note) = (row.id.clone(), row.note.clone());
                self.mark_list_edit(key, NoteReturn::Highlights(selected), &id, note.as_deref());
            }
        }
    }

    /// The keys both mark lists share, on the mark `id` at the row `list`
    /// says: `d` deletes it, `a` (or `e`) edits its note.
    fn mark_list_edit(&mut self, key: Key, list: NoteReturn, id: &MarkId, note: Option<&str>) {
        match key.code {
            KeyCode::Char('d') | KeyCode::Delete => match self.store.delete(&self.doc, &mut self.marks, id) {
                Ok(()) => {
                    self.notify(Severity::Info, "deleted");
                    self.mode = self.after_note(list);
                }
                Err(e) => self.notify(Severity::Error, format!("not deleted: {e}")),
            },
            KeyCode::Char('e') | KeyCode::Char('a') => {
                let editor = LineEditor::with_text(note.unwrap_or(""));
                self.mode = Mode::Prompt { kind: PromptKind::Note { id: id.clone(), back_to: list }, editor };
            }
            _ => {}
        }
    }

    /// A key in the bookmark list.
    pub(super) fn bookmark_list_key(&mut self, key: super::key::Key) {
        use super::key::KeyCode;
        let Mode::Bookmarks { selected } = self.mode else {
            return;
        };
        let rows = bookmark_rows(&self.marks);
        let Some(selected) = self.list_row(key, selected, rows.len(), |selected| Mode::Bookmarks { selected }) else {
            return;
        };
        let row = &rows[selected];
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('B') => self.mode = Mode::Normal,
            KeyCode::Char('c') if key.ctrl => self.mode = Mode::Normal,
            KeyCode::Enter => match row.paragraph {
                Some(p) => {
                    self.mode = Mode::Normal;
                    self.jump_to(p);
                }
                None => self.notify(Severity::Info, "this mark's text is no longer in the document; d deletes it"),
            },
            _ => {
                let (id, note) = (row.id.clone(), row.note.clone());
                self.mark_list_edit(key, NoteReturn::Bookmarks(selected), &id, note.as_deref());
            }
        }
    }

    /// Save the note typed for mark `id`, and go back where the note was
    /// asked for.
    pub(super) fn save_note(&mut self, id: &MarkId, back_to: NoteReturn, note: &str) {
        match self.store.set_note(&self.doc, &mut self.marks, id, note) {
            Ok(()) => self.notify(Severity::Info, if note.trim().is_empty() { "note cleared" } else { "note saved" }),
            Err(e) => self.notify(Severity::Error, format!("note not saved: {e}")),
        }
        self.mode = self.after_note(back_to);
    }

    /// The mode to return to after the note prompt.
    pub(super) fn after_note(&self, back_to: NoteReturn) -> Mode {
        match back_to {
            NoteReturn::Reading => Mode::Normal,
            NoteReturn::Bookmarks(row) => match bookmark_rows(&self.marks).len() {
                0 => Mode::Normal,
                rows => Mode::Bookmarks { selected: row.min(rows - 1) },
            },
            NoteReturn::Highlights(row) => match highlight_rows(&self.marks).len() {
                0 => Mode::Normal,
                rows => Mode::Highlights { selected: row.min(rows - 1) },
            },
        }
    }

    /// Tell the store where the reader is (cheap; it writes when due).
    pub(super) fn record_position(&mut self) {
        // While loading, the document is only its head: the store knows
        // documents by the hash of their whole text.
        if self.doc.is_empty() || self.loading.is_some() {
            return;
        }
        let top = self.rows.first();
        let offset = match top {
            Some(row) if row.paragraph == self.focus && matches!(row.kind, super::view::RowKind::Text { .. }) => {
                self.viewport.start_offset_of(&self.doc, row)
            }
            _ => 0,
        };
        self.store.set_position(&self.doc, self.focus, offset);
    }

    /// Take the store's notices and warning into the status line.
    pub(super) fn collect_store_notices(&mut self) {
        let notices = self.store.take_notices();
        if !notices.is_empty() {
            self.notify(Severity::Warning, notices.join("; "));
        }
    }

    /// Write the position now if it is due (the event loop calls this when
    /// idle).
    pub fn tick(&mut self) {
        self.store.tick();
        self.collect_store_notices();
    }

    /// Whether the store has something to write later (the event loop then
    /// wakes up to call [`App::tick`]).
    pub fn has_unsaved_changes(&self) -> bool {
        self.store.has_unsaved_changes()
    }

    /// Save everything now (on quit and suspend). Returns whether all is saved.
    pub fn flush(&mut self) -> bool {
        self.record_position();
        self.record_progress();
        self.save_reading();
        let saved = self.store.flush();
        self.collect_store_notices();
        saved
    }

    /// The store's lasting warning (marks held in memory only), if any.
    pub fn store_warning(&self) -> Option<&str> {
        self.store.warning()
    }
}
