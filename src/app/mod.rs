//! Reader state and the actions that change it. Nothing here draws or talks
//! to a terminal: keys arrive as [`key::Key`], are mapped to
//! [`action::Action`]s by the [`keymap::Keymap`], and [`App::handle_key`]
//! updates the state. After every change [`App`] refreshes the list of
//! visible rows, which is all the UI reads.

pub mod action;
pub mod config;
pub mod help;
mod input;
pub mod key;
pub mod keymap;
pub mod library;
pub mod loading;
pub mod marks;
mod navigate;
mod pace;
pub mod prompt;
pub mod quotes;
pub mod screen;
pub mod search;
pub mod selection;
mod settings;
mod state;
mod switch;
pub mod view;
pub mod words;

use std::sync::Arc;

use config::Config;

use screen::Geometry;
use view::{Row, Viewport};

use crate::engine::document::Document;
use crate::engine::layout::LayoutOptions;
use crate::engine::quotes::QuoteIndex;
use crate::engine::scenes::Scenes;
use crate::engine::typeset::{RubyMode, ViewOptions};
use crate::store::{Marks, Store};

pub use pace::TimeLeft;
pub use state::{
    Decorations, Effect, Message, Mode, Mouse, NoteReturn, Presentation, PromptKind, SelectedQuote, Severity, Source,
    WHEEL_ROWS,
};

/// The whole reader state.
pub struct App {
    doc: Arc<Document>,
    source: Source,
    scenes: Scenes,
    config: Config,
    presentation: Presentation,
    viewport: Viewport,
    geometry: Geometry,
    panel_wanted: bool,
    ruby: RubyMode,
    vertical: bool,
    /// Full-width characters a line holds at most (0: the whole width);
    /// the config's unless the reader changed it for this document.
    measure: u16,
    focus: usize,
    mode: Mode,
    message: Option<Message>,
    rows: Vec<Row>,
    decorations: Vec<Decorations>,
    effects: Vec<Effect>,
    quit: bool,
    store: Store,
    marks: Marks,
    quotes: QuoteIndex,
    selected: Option<SelectedQuote>,
    /// A span chosen with `v` or the mouse (see [`selection`]).
    span: Option<selection::Selection>,
    /// Where the left button went down in the text, for a drag.
    press: Option<(usize, std::ops::Range<usize>)>,
    search: Option<search::SearchState>,
    preview: Option<search::SearchState>,
    job: Option<search::SearchJob>,
    job_counter: u64,
    loading: Option<loading::Loading>,
    pace: pace::Tracker,
    language: words::Language,
    view_choice: settings::ViewChoice,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("source", &self.source)
            .field("focus", &self.focus)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl App {
    /// A reader on `doc`, for a terminal of `width` × `height`, keeping its
    /// marks in `store`. The document's marks are loaded and its saved
    /// reading position restored.
    pub fn new(
        doc: Document,
        source: Source,
        scenes: Scenes,
        config: Config,
        presentation: Presentation,
        mut store: Store,
        size: (u16, u16),
    ) -> Self {
        let title = doc.title(40);
        let marks = store.load(&doc, source.path.as_deref(), &title);
        let mut app = App::build(doc, source, scenes, config, presentation, store, marks, size);
        app.apply_saved_settings();
        app.restore_position();
        app.collect_store_notices();
        app.refresh();
        app.observe_reading();
        app
    }

    /// A reader on the first lines (`head`) of a document of `total_bytes`
    /// still being read; see [`App::finish_loading`] and the `loading`
    /// module.
    #[allow(clippy::too_many_arguments)]
    pub fn new_loading(
        head: Document,
        source: Source,
        scenes: Scenes,
        config: Config,
        presentation: Presentation,
        store: Store,
        size: (u16, u16),
        total_bytes: u64,
    ) -> Self {
        let mut app = App::build(head, source, scenes, config, presentation, store, Marks::default(), size);
        app.start_loading(total_bytes);
        app.refresh();
        app
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        doc: Document,
        source: Source,
        scenes: Scenes,
        config: Config,
        presentation: Presentation,
        store: Store,
        marks: Marks,
        (width, height): (u16, u16),
    ) -> Self {
        let geometry = Geometry::new(width, height, config.scene_panel);
        let ruby = config.ruby;
        let vertical = config.vertical.unwrap_or(doc.metadata().vertical);
        let measure = config.layout.measure;
        let (view, capacity) = view_options(&config, &geometry, ruby, vertical, measure);
        let mut viewport = Viewport::with_view(view, capacity);
        viewport.set_gaps(&doc, &scenes, gaps_for(&config, &doc));
        let quotes = QuoteIndex::new(&doc);
        let pace = pace::Tracker::new(store.clock());
        App {
            doc: Arc::new(doc),
            source,
            scenes,
            panel_wanted: config.scene_panel,
            ruby,
            vertical,
            measure,
            config,
            presentation,
            viewport,
            geometry,
            focus: 0,
            mode: Mode::Normal,
            message: None,
            rows: Vec::new(),
            decorations: Vec::new(),
            effects: Vec::new(),
            quit: false,
            store,
            marks,
            quotes,
            selected: None,
            span: None,
            press: None,
            search: None,
            preview: None,
            job: None,
            job_counter: 0,
            loading: None,
            pace,
            language: words::Language::default(),
            view_choice: settings::ViewChoice::default(),
        }
    }

    /// Go to the saved reading position, if there is one.
    fn restore_position(&mut self) {
        let Some(pos) = self.marks.position else { return };
        if pos.paragraph >= self.doc.paragraph_count() {
            return;
        }
        self.focus = pos.paragraph;
        let row = if pos.offset == 0 {
            0
        } else {
            self.viewport.lead_rows(&self.doc, &self.scenes, pos.paragraph).max(self.viewport.row_of_offset(
                &self.doc,
                &self.scenes,
                pos.paragraph,
                pos.offset,
            ))
        };
        self.viewport.scroll_to(&self.doc, &self.scenes, view::RowPos { paragraph: pos.paragraph, row });
    }

    /// The document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The document, shared (for workers).
    pub fn shared_doc(&self) -> Arc<Document> {
        Arc::clone(&self.doc)
    }

    /// Where the document came from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The document's scenes.
    pub fn scenes(&self) -> &Scenes {
        &self.scenes
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Colour or not.
    pub fn presentation(&self) -> Presentation {
        self.presentation
    }

    /// The screen's parts.
    pub fn geometry(&self) -> &Geometry {
        &self.geometry
    }

    /// Layout options of the reading area (width = text width).
    pub fn layout_options(&self) -> &LayoutOptions {
        self.viewport.options()
    }

    /// The first terminal column of horizontal text: the text area's, moved
    /// right to centre a measure narrower than the area.
    pub fn text_left(&self) -> u16 {
        let free = self.geometry.text_width().saturating_sub(self.layout_options().width);
        self.geometry.text_x() + (free / 2) as u16
    }

    /// How the reading area shows text: layout options, ruby, direction.
    pub fn view_options(&self) -> &ViewOptions {
        self.viewport.view()
    }

    /// How ruby is shown now.
    pub fn ruby_mode(&self) -> RubyMode {
        self.ruby
    }

    /// Whether the text is shown vertically.
    pub fn is_vertical(&self) -> bool {
        self.vertical
    }

    /// Switch between horizontal and vertical text, keeping the text at the
    /// top in place and the focused paragraph in view.
    pub fn toggle_vertical(&mut self) {
        self.vertical = !self.vertical;
        self.save_settings();
        self.relayout();
        self.notify(Severity::Info, if self.vertical { "vertical text (縦書き)" } else { "horizontal text" });
    }

    /// `-` / `+`: lines four full-width characters shorter or longer, kept
    /// with the document. Longer stops at the whole width (measure 0);
    /// shorter, at ten characters.
    pub fn change_measure(&mut self, wider: bool) {
        const STEP: usize = 4;
        const SHORTEST: usize = 10;
        // What the screen holds now, in full-width characters.
        let whole = if self.vertical { self.geometry.column_rows() } else { self.geometry.text_width() / 2 };
        let now = if self.measure == 0 { whole } else { usize::from(self.measure).min(whole) };
        let next = if wider { now + STEP } else { now.saturating_sub(STEP).max(SHORTEST) }.min(whole);
        if next == now {
            let edge = if wider { "lines already take the whole width" } else { "lines are as short as they go" };
            self.notify(Severity::Info, edge);
            return;
        }
        let measure = if next >= whole { 0 } else { next.min(u16::MAX as usize) as u16 };
        self.measure = measure;
        self.save_settings();
        self.relayout();
        let what = if measure == 0 {
            "lines take the whole width".to_owned()
        } else {
            format!("lines of at most {measure} characters")
        };
        self.notify(Severity::Info, what);
    }

    /// Show ruby the next way (above → inline → off), keeping the text at
    /// the top in place.
    pub fn cycle_ruby(&mut self) {
        self.ruby = self.ruby.next();
        self.save_settings();
        self.relayout();
        self.notify(Severity::Info, format!("ruby {}", self.ruby.name()));
    }

    /// The language of the reading figures (time left, last opened).
    pub fn language(&self) -> words::Language {
        self.language
    }

    /// Show the reading figures in `language` (the shell reads the locale).
    pub fn set_language(&mut self, language: words::Language) {
        self.language = language;
    }

    /// The focused paragraph (0-based; 0 in an empty document).
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// What has the keyboard.
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// The status message, if any.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// The rows on screen, top to bottom.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The room `row` takes across the reading direction (terminal rows, or
    /// cells across in vertical text).
    pub fn row_extent(&self, row: &Row) -> usize {
        self.viewport.extent(&row.kind)
    }

    /// Decorations of a visible paragraph (quotes, highlights, matches).
    pub fn decorations(&self, paragraph: usize) -> Option<&Decorations> {
        self.decorations.iter().find(|d| d.paragraph == paragraph)
    }

    /// Whether the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Effects requested since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The scene containing the focused paragraph.
    pub fn current_scene(&self) -> Option<usize> {
        (!self.scenes.is_empty()).then(|| self.scenes.scene_of(self.focus))
    }

    /// The byte offset in the document text just past the last visible row.
    fn bottom_offset(&self) -> usize {
        let Some(last) = self.rows.last() else {
            return self.doc.text().len();
        };
        let range = self.doc.paragraph_range(last.paragraph);
        let end = range.start + self.viewport.end_offset_of(&self.doc, last);
        if last.paragraph + 1 == self.doc.paragraph_count() && end == range.end { self.doc.text().len() } else { end }
    }

    /// Where the reader is in the document text, by bytes: the start of the
    /// top line, or of the focused paragraph when that is further on (a
    /// jump near the end focuses a paragraph the screen cannot scroll to the
    /// top).
    fn reading_offset(&self) -> usize {
        let top = self.rows.first().map_or(0, |row| {
            self.doc.paragraph_range(row.paragraph).start + self.viewport.start_offset_of(&self.doc, row)
        });
        let focus = if self.doc.is_empty() { 0 } else { self.doc.paragraph_range(self.focus).start };
        top.max(focus)
    }

    /// Whether the end of the document is on screen.
    fn end_visible(&self) -> bool {
        self.loading.is_none() && self.bottom_offset() >= self.doc.text().len()
    }

    /// How far through the document the reader is, 0–100, by bytes (cheap
    /// at any size): where the reading position is (see
    /// [`App::reading_offset`]), so that `:50%` shows 50% and the percent
    /// agrees with the focused paragraph; 100 once the end is on screen.
    pub fn percent(&self) -> u8 {
        // While the whole document is read, the head is the start of a file
        // of known size.
        let total = self.loading.as_ref().map_or(self.doc.text().len(), |l| l.total_bytes as usize);
        if total == 0 || self.end_visible() {
            return 100;
        }
        ((self.reading_offset() as u128 * 100) / total as u128).min(99) as u8
    }

    /// How much of scene `scene` the reader has read, 0.0–1.0: how far the
    /// reading position has passed into it (everything on screen counts as
    /// read once the end of the document is on screen).
    pub fn scene_progress(&self, scene: usize) -> f64 {
        let Some(s) = self.scenes.as_slice().get(scene) else {
            return 0.0;
        };
        let start = self.doc.paragraph_range(s.first).start;
        let end = if s.last + 1 == self.doc.paragraph_count() {
            self.doc.text().len()
        } else {
            self.doc.paragraph_range(s.last + 1).start
        };
        let read = if self.end_visible() { self.doc.text().len() } else { self.reading_offset() };
        if read <= start {
            0.0
        } else if read >= end {
            1.0
        } else {
            (read - start) as f64 / (end - start).max(1) as f64
        }
    }

    /// How many bookmarks scene `scene` has.
    pub fn bookmarks_in_scene(&self, scene: usize) -> usize {
        let Some(s) = self.scenes.as_slice().get(scene) else {
            return 0;
        };
        self.marks.bookmarks.iter().filter(|b| (s.first..=s.last).contains(&b.paragraph)).count()
    }

    /// Show a message in the status line.
    ///
    /// Messages given while handling one key (or at start-up) are kept
    /// together, `|`-separated, and the more severe one sets the style; the
    /// next key clears them.
    pub fn notify(&mut self, severity: Severity, text: impl Into<String>) {
        let text = text.into();
        self.message = Some(match self.message.take() {
            Some(old) if old.text != text => {
                Message { text: format!("{} | {text}", old.text), severity: old.severity.max(severity) }
            }
            _ => Message { text, severity },
        });
    }

    /// Show `text` in place of any message (progress that updates itself).
    pub fn set_status(&mut self, severity: Severity, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), severity });
    }

    /// Bookkeeping after every change: visible rows, the position for the
    /// store, the store's notices.
    fn after_change(&mut self) {
        if self.selected.as_ref().is_some_and(|q| q.paragraph != self.focus) {
            self.selected = None;
        }
        if self.span.as_ref().is_some_and(|s| !s.touches(self.focus)) {
            self.span = None;
        }
        self.refresh();
        self.record_position();
        self.record_progress();
        self.observe_reading();
        self.collect_store_notices();
    }

    /// The terminal was resized.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.geometry = Geometry::new(width, height, self.panel_wanted);
        if matches!(
            self.mode,
            Mode::Help { .. } | Mode::Bookmarks { .. } | Mode::Highlights { .. } | Mode::Quotes(_) | Mode::Library(_)
        ) && !self.geometry.fits_overlay()
        {
            self.mode = Mode::Normal;
        }
        self.relayout();
        self.refresh();
    }

    /// Re-lay out for the current geometry and settings, keeping the top
    /// text in place and the focused paragraph in view.
    fn relayout(&mut self) {
        let (view, capacity) = view_options(&self.config, &self.geometry, self.ruby, self.vertical, self.measure);
        self.viewport.reconfigure(&self.doc, &self.scenes, view, capacity);
        if !self.doc.is_empty() && !self.viewport.is_visible(&self.doc, &self.scenes, self.focus) {
            self.show_paragraph(self.focus);
        }
    }

    /// Recompute what the UI reads. Called after every change.
    fn refresh(&mut self) {
        self.rows = self.viewport.visible_rows(&self.doc, &self.scenes);
        let mut visible: Vec<usize> = self.rows.iter().map(|r| r.paragraph).collect();
        visible.dedup();
        self.decorations = visible.into_iter().map(|p| self.decorate(p)).collect();
    }

    /// The range tables of paragraph `p`.
    fn decorate(&self, p: usize) -> Decorations {
        Decorations {
            paragraph: p,
            highlights: self
                .marks
                .highlights_in(p)
                .filter_map(|h| h.range_in(p, self.doc.paragraph(p).len()))
                .collect(),
            bookmarked: self.marks.bookmark_at(p).is_some(),
            quotes: self.quotes.in_paragraph(&self.doc, p).iter().map(|q| q.outer.clone()).collect(),
            selected: self
                .selected
                .as_ref()
                .filter(|q| q.paragraph == p)
                .map(|q| q.outer.clone())
                .or_else(|| self.span.as_ref().and_then(|s| s.range_in(p, self.doc.paragraph(p).len()))),
            matches: self
                .shown_search()
                .map(|s| search::matches_in(&s.matches, p).iter().map(|m| m.range.clone()).collect())
                .unwrap_or_default(),
            current_match: self
                .shown_search()
                .and_then(|s| s.matches.get(s.current))
                .filter(|m| m.paragraph == p)
                .map(|m| m.range.clone()),
        }
    }

    /// The selected quote, if any.
    pub fn selected_quote(&self) -> Option<&SelectedQuote> {
        self.selected.as_ref()
    }
}

/// Where blank rows separate the paragraphs of `doc` under `config`.
fn gaps_for(config: &Config, doc: &Document) -> view::Gaps {
    use config::ParagraphSpacing;
    let book = match config.layout.paragraph_spacing {
        ParagraphSpacing::Blank => false,
        ParagraphSpacing::None => true,
        ParagraphSpacing::Auto => crate::engine::typeset::looks_like_a_book(doc),
    };
    if book { view::Gaps::Source } else { view::Gaps::Every }
}

/// How text is shown in the text area of `geometry` under `config`, with
/// ruby shown as `ruby`, vertically or not, lines of at most `measure`
/// full-width characters (0: the whole width); and the viewport's capacity
/// (rows, or cells across for vertical text).
fn view_options(
    config: &Config,
    geometry: &Geometry,
    ruby: RubyMode,
    vertical: bool,
    measure: u16,
) -> (ViewOptions, usize) {
    // The measure counts full-width characters: two cells across, one row
    // down a vertical column.
    let measure = usize::from(measure);
    let (width, capacity) = if vertical {
        let rows = if measure == 0 { geometry.column_rows() } else { geometry.column_rows().min(measure) };
        // The last column's blank cell may fall off the left edge.
        (2 * rows, usize::from(geometry.body.width) + 1)
    } else {
        let cells = if measure == 0 { geometry.text_width() } else { geometry.text_width().min(2 * measure) };
        (cells, geometry.text_height())
    };
    let layout = LayoutOptions {
        width,
        strictness: config.layout.strictness,
        hanging: config.layout.hanging,
        tab_width: config.layout.tab_width,
        ambiguous: config.layout.ambiguous,
    };
    (ViewOptions { layout, ruby, vertical, vs16_narrow: !config.layout.vs16_wide }, capacity)
}
