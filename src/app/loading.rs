//! Opening a large document in two stages.
//!
//! The reader starts on the document's first lines (its *head*) while a
//! worker reads, decodes and indexes the whole text; when that is done,
//! [`App::finish_loading`] swaps the whole document in. The head's
//! paragraphs are the first paragraphs of the whole document, so the
//! screen, the focus and the layout cache stay valid across the swap.
//!
//! While the worker runs, keys that only move through what is already on
//! hand (lines, pages, paragraphs, help, quit) work at once; keys that need
//! the whole document (the end, scenes, search, quotes, marks) wait and run,
//! in order, as soon as it is there. Marks and the saved position are loaded
//! with the whole document: the store knows documents by a hash of their
//! whole text.

use super::action::Action;
use super::key::Key;
use super::view::RowPos;
use super::{App, Severity};
use crate::engine::document::Document;
use crate::engine::quotes::QuoteIndex;
use crate::engine::scenes::Scenes;

/// The state of a document still being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loading {
    /// Size of the file.
    pub total_bytes: u64,
    /// Progress of the worker: done, of all.
    pub progress: (u64, u64),
    /// Paragraphs in the head.
    head_paragraphs: usize,
    /// Keys that wait for the whole document.
    pending: Vec<Key>,
    /// The reader moved before the whole document arrived (then the saved
    /// position is not applied over their move).
    moved: bool,
}

impl Loading {
    /// The reader moved (mouse): the saved position will not override it.
    pub(super) fn note_move(&mut self) {
        self.moved = true;
    }
}

/// Whether `action` can run on the head alone.
fn works_on_the_head(action: Action) -> bool {
    action.is_scroll()
        || matches!(
            action,
            Action::Top
                | Action::NextParagraph
                | Action::PrevParagraph
                | Action::Help
                | Action::Close
                | Action::Quit
                | Action::Redraw
                | Action::Suspend
                | Action::TogglePanel
                | Action::CycleRuby
                | Action::ToggleVertical
                | Action::NarrowerMeasure
                | Action::WiderMeasure
        )
}

impl App {
    /// The document is still being read, if it is.
    pub fn loading(&self) -> Option<&Loading> {
        self.loading.as_ref()
    }

    /// Start the two-stage opening: the app shows `head` until
    /// [`App::finish_loading`].
    pub(super) fn start_loading(&mut self, total_bytes: u64) {
        self.loading = Some(Loading {
            total_bytes,
            progress: (0, total_bytes),
            head_paragraphs: self.doc.paragraph_count(),
            pending: Vec::new(),
            moved: false,
        });
        self.notify(Severity::Info, "reading the whole document…");
    }

    /// While loading: run `key` now if it can work on the head (`true`), or
    /// keep it for later (`false`, the caller does nothing more).
    pub(super) fn loading_key(&mut self, key: Key) -> bool {
        let Some(loading) = &mut self.loading else { return true };
        loading.moved = true;
        let now = match self.config.keymap.action(&key) {
            Some(action) => works_on_the_head(action),
            None => true,
        };
        if !now || !loading.pending.is_empty() {
            loading.pending.push(key);
            let (done, total) = loading.progress;
            self.set_status(
                Severity::Info,
                format!("reading the whole document… {}% ({key} waits for it)", percent(done, total)),
            );
            return false;
        }
        true
    }

    /// Progress of the worker reading the whole document.
    pub fn loading_progress(&mut self, done: u64, total: u64) {
        let Some(loading) = &mut self.loading else { return };
        loading.progress = (done, total);
        self.set_status(Severity::Info, format!("reading the whole document… {}%", percent(done, total)));
    }

    /// The whole document is read: swap it in for the head, load its marks,
    /// restore the saved position (unless the reader has moved), say what
    /// the loader noticed, and run the keys that waited.
    pub fn finish_loading(&mut self, doc: Document, scenes: Scenes, notices: Vec<String>) {
        let Some(loading) = self.loading.take() else { return };
        let head = loading.head_paragraphs;
        let continues = head <= doc.paragraph_count() && (0..head).all(|p| self.doc.paragraph(p) == doc.paragraph(p));
        // Where the top of the screen is, as (paragraph, byte offset): scene
        // title rows may come or go with the whole document's scenes.
        let top = self.viewport.top();
        let top_offset = self.viewport.offset_of_row(&self.doc, &self.scenes, top);
        self.doc = std::sync::Arc::new(doc);
        self.scenes = scenes;
        self.quotes = QuoteIndex::new(&self.doc);
        self.viewport.forget_layouts();
        let gaps = super::gaps_for(&self.config, &self.doc);
        self.viewport.set_gaps(&self.doc, &self.scenes, gaps);
        if continues {
            let row = if top.row == 0 {
                0
            } else {
                self.viewport.lead_rows(&self.doc, &self.scenes, top.paragraph).max(self.viewport.row_of_offset(
                    &self.doc,
                    &self.scenes,
                    top.paragraph,
                    top_offset,
                ))
            };
            self.viewport.scroll_to(&self.doc, &self.scenes, RowPos { paragraph: top.paragraph, row });
        } else {
            self.focus = 0;
            self.viewport.scroll_to(&self.doc, &self.scenes, RowPos::default());
        }
        self.focus = self.focus.min(self.doc.paragraph_count().saturating_sub(1));
        let title = self.doc.title(40);
        self.marks = self.store.load(&self.doc, self.source.path.as_deref(), &title);
        self.apply_saved_settings();
        if !loading.moved {
            self.restore_position();
        }
        self.message = None;
        if !notices.is_empty() {
            self.notify(Severity::Warning, notices.join("; "));
        }
        self.collect_store_notices();
        self.after_change();
        for key in loading.pending {
            self.handle_key(key);
        }
    }
}

fn percent(done: u64, total: u64) -> u64 {
    (done.saturating_mul(100) / total.max(1)).min(100)
}
