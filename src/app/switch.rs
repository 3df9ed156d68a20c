//! Opening another document in the same reader (from the library).
//!
//! The shell loads the file the way it loads the first one — small files
//! whole, large ones in two stages — and hands it here. The document being
//! read was saved when the library asked for the new one
//! ([`super::Effect::Open`]); the new one gets its marks, settings and
//! saved position from the store, as at start-up.

use std::sync::Arc;

use super::view::RowPos;
use super::{App, Mode, Severity, Source};
use crate::engine::document::Document;
use crate::engine::quotes::QuoteIndex;
use crate::engine::scenes::Scenes;
use crate::store::Marks;

impl App {
    /// Read `doc` (from `source`, with `scenes`) instead of the open
    /// document, where it was left; `notices` are what loading it noticed.
    pub fn open_document(&mut self, doc: Document, source: Source, scenes: Scenes, notices: Vec<String>) {
        self.install(doc, source, scenes);
        let title = self.doc.title(40);
        self.marks = self.store.load(&self.doc, self.source.path.as_deref(), &title);
        self.apply_saved_settings();
        self.restore_position();
        self.opened(notices);
    }

    /// Read the first lines `head` of a document of `total_bytes` instead of
    /// the open one, while the shell reads the whole of it (then
    /// [`App::finish_loading`] as at start-up).
    pub fn open_document_head(&mut self, head: Document, source: Source, scenes: Scenes, total_bytes: u64) {
        self.install(head, source, scenes);
        self.marks = Marks::default();
        self.start_loading(total_bytes);
        self.opened(Vec::new());
    }

    /// The shell could not open what the library asked for: say why; the
    /// open document stays.
    pub fn open_failed(&mut self, error: &str) {
        self.notify(Severity::Error, format!("not opened: {error}"));
    }

    /// Everything of the old document goes; the new one is shown from its
    /// start with the default view.
    fn install(&mut self, doc: Document, source: Source, scenes: Scenes) {
        self.reset_reading();
        self.flush();
        self.store.close(&self.doc);
        if let Some(job) = self.job.take() {
            job.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        self.loading = None;
        self.search = None;
        self.preview = None;
        self.selected = None;
        self.span = None;
        self.press = None;
        self.mode = Mode::Normal;
        self.message = None;
        self.doc = Arc::new(doc);
        self.source = source;
        self.scenes = scenes;
        self.quotes = QuoteIndex::new(&self.doc);
        self.focus = 0;
        self.viewport.forget_layouts();
        self.viewport.scroll_to(&self.doc, &self.scenes, RowPos::default());
        self.default_view();
        self.relayout();
        let gaps = super::gaps_for(&self.config, &self.doc);
        self.viewport.set_gaps(&self.doc, &self.scenes, gaps);
    }

    /// Bookkeeping after a document was put in.
    fn opened(&mut self, notices: Vec<String>) {
        self.notify(Severity::Info, format!("opened {}", self.source.name));
        if !notices.is_empty() {
            self.notify(Severity::Warning, notices.join("; "));
        }
        self.collect_store_notices();
        self.after_change();
    }
}
