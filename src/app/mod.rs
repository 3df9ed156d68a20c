//! Reader state and the actions that change it. Nothing here draws or talks
//! to a terminal: keys arrive as [`key::Key`], are mapped to
//! [`action::Action`]s by the [`keymap::Keymap`], and [`App::handle_key`]
//! updates the state. After every change [`App`] refreshes the list of
//! visible rows, which is all the UI reads.

pub mod action;
pub mod config;
pub mod help;
pub mod key;
pub mod keymap;
pub mod loading;
pub mod marks;
mod navigate;
pub mod prompt;
pub mod quotes;
pub mod screen;
pub mod search;
pub mod view;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use action::Action;
use config::Config;
use key::{Key, KeyCode};
use prompt::LineEditor;
use screen::Geometry;
use view::{Row, RowKind, Viewport};

use crate::engine::document::Document;
use crate::engine::layout::LayoutOptions;
use crate::engine::quotes::QuoteIndex;
use crate::engine::scenes::Scenes;
use crate::store::{MarkId, Marks, Store};

/// Where the document came from, for display and for the store.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Display name (file name, `(stdin)`, or the embedded article's name).
    pub name: String,
    /// Canonical path of a file, when the document came from one.
    pub path: Option<PathBuf>,
}

/// How important a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Confirmation of an action.
    Info,
    /// Something the reader should know (encoding guessed, store in memory).
    Warning,
    /// Something failed.
    Error,
}

/// A short message in the status line, kept until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Its importance (decides the style).
    pub severity: Severity,
}

/// What a prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Go to a paragraph number or a percentage.
    Goto,
    /// Search; `Esc` returns to `origin`.
    Search {
        /// Where the search started.
        origin: search::Origin,
    },
    /// Edit the note of a bookmark, then return to the bookmark list.
    Note {
        /// The bookmark.
        id: MarkId,
        /// The list row to select afterwards.
        back_to: usize,
    },
}

impl PromptKind {
    /// The label shown before the text.
    pub fn label(&self) -> &'static str {
        match self {
            PromptKind::Goto => "go to (N or N%): ",
            PromptKind::Note { .. } => "note: ",
            PromptKind::Search { .. } => "/",
        }
    }
}

/// The selected quote: where it is and who said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedQuote {
    /// Paragraph index.
    pub paragraph: usize,
    /// The quoted text (without brackets), bytes in the paragraph.
    pub inner: std::ops::Range<usize>,
    /// The quote with its brackets.
    pub outer: std::ops::Range<usize>,
    /// Who said it, when the text says so.
    pub speaker: Option<String>,
}

/// What has the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Reading: keys go through the keymap.
    Normal,
    /// The help overlay, scrolled by `scroll` rows.
    Help {
        /// First help row shown.
        scroll: usize,
    },
    /// The bookmark list, with the selected row.
    Bookmarks {
        /// Selected row.
        selected: usize,
    },
    /// The quote list.
    Quotes(Box<quotes::QuoteList>),
    /// A one-line prompt in the status line.
    Prompt {
        /// What the prompt is for.
        kind: PromptKind,
        /// The text typed so far.
        editor: LineEditor,
    },
}

/// Something the shell around the app must do (the app cannot: it has no
/// terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Stop the process until `fg` (restore the terminal first).
    Suspend,
    /// Clear and redraw the whole screen.
    Redraw,
    /// Run this search on a worker; report with [`App::search_progress`] and
    /// [`App::search_finished`].
    Search(Box<search::SearchJob>),
}

/// A mouse event in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    /// Wheel up at a position.
    ScrollUp,
    /// Wheel down at a position.
    ScrollDown,
    /// Left button pressed at column, row.
    Click(u16, u16),
}

/// Byte-range tables over one visible paragraph, merged by the UI when it
/// draws the paragraph's lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decorations {
    /// Paragraph index.
    pub paragraph: usize,
    /// Quoted spans, brackets included.
    pub quotes: Vec<Range<usize>>,
    /// Highlighted spans.
    pub highlights: Vec<Range<usize>>,
    /// Search matches.
    pub matches: Vec<Range<usize>>,
    /// The selected quote, if it is in this paragraph.
    pub selected: Option<Range<usize>>,
    /// The paragraph is bookmarked.
    pub bookmarked: bool,
}

/// Rows the wheel scrolls per notch.
pub const WHEEL_ROWS: isize = 3;

/// Options that come from the command line and environment, not the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presentation {
    /// Use colours (false when `NO_COLOR` is set).
    pub color: bool,
}

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
    search: Option<search::SearchState>,
    preview: Option<search::SearchState>,
    job: Option<search::SearchJob>,
    job_counter: u64,
    loading: Option<loading::Loading>,
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
        app.restore_position();
        app.collect_store_notices();
        app.refresh();
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
        let options = layout_options(&config, &geometry);
        let viewport = Viewport::new(options, geometry.text_height());
        let quotes = QuoteIndex::new(&doc);
        App {
            doc: Arc::new(doc),
            source,
            scenes,
            panel_wanted: config.scene_panel,
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
            search: None,
            preview: None,
            job: None,
            job_counter: 0,
            loading: None,
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
            view::Viewport::title_rows(&self.scenes, pos.paragraph).max(self.viewport.row_of_offset(
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
        let end = match last.kind {
            RowKind::SceneTitle { .. } => range.start,
            RowKind::Text { line, .. } => range.start + line.end as usize,
            RowKind::Gap => range.end,
        };
        if last.paragraph + 1 == self.doc.paragraph_count() && end == range.end { self.doc.text().len() } else { end }
    }

    /// How far through the document the bottom of the screen is, 0–100, by
    /// bytes (cheap at any size; exact enough for a status line).
    pub fn percent(&self) -> u8 {
        // While the whole document is read, the head is the start of a file
        // of known size.
        let total = self.loading.as_ref().map_or(self.doc.text().len(), |l| l.total_bytes as usize);
        if total == 0 {
            return 100;
        }
        ((self.bottom_offset() as u128 * 100) / total as u128).min(100) as u8
    }

    /// How far through scene `scene` the bottom of the screen is, 0.0–1.0.
    pub fn scene_progress(&self, scene: usize) -> f64 {
        let Some(s) = self.scenes.as_slice().get(scene) else {
            return 0.0;
        };
        let start = self.doc.paragraph_range(s.first).start;
        let end = if s.last + 1 == self.doc.paragraph_count() {
            self.doc.text().len()
        } else {
            self.doc.paragraph_range(s.last).end
        };
        let bottom = self.bottom_offset();
        if bottom <= start {
            0.0
        } else if bottom >= end {
            1.0
        } else {
            (bottom - start) as f64 / (end - start).max(1) as f64
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
    pub fn notify(&mut self, severity: Severity, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), severity });
    }

    /// A key was pressed.
    pub fn handle_key(&mut self, key: Key) {
        self.message = None;
        if matches!(self.mode, Mode::Bookmarks { .. }) {
            self.bookmark_list_key(key);
            self.after_change();
            return;
        }
        if matches!(self.mode, Mode::Quotes(_)) {
            self.quote_list_key(key);
            self.after_change();
            return;
        }
        if self.mode == Mode::Normal && !self.loading_key(key) {
            self.refresh();
            return;
        }
        match &mut self.mode {
            Mode::Normal => {
                if let Some(action) = self.config.keymap.action(&key) {
                    self.apply(action);
                } else if key != Key::plain(KeyCode::Esc) {
                    let hint = self.config.keymap.hint(Action::Help).unwrap_or_else(|| "?".into());
                    self.notify(Severity::Info, format!("{key} is not bound; {hint} for help"));
                }
            }
            Mode::Help { scroll } => {
                let max =
                    help::help_view(&self.config.keymap, self.geometry.body, self.config.layout.ambiguous).max_scroll;
                let page = self.geometry.text_height().max(3) - 2;
                match key.code {
                    KeyCode::Char('j') | KeyCode::Down | KeyCode::Enter => *scroll = (*scroll + 1).min(max),
                    KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
                    KeyCode::Char(' ') | KeyCode::PageDown => *scroll = (*scroll + page).min(max),
                    KeyCode::Char('b') | KeyCode::PageUp => *scroll = scroll.saturating_sub(page),
                    KeyCode::Char('g') | KeyCode::Home => *scroll = 0,
                    KeyCode::Char('G') | KeyCode::End => *scroll = max,
                    _ if key == Key::ctrl('c') => self.quit = true,
                    _ => self.mode = Mode::Normal,
                }
            }
            Mode::Prompt { .. } => self.prompt_key(key),
            Mode::Bookmarks { .. } | Mode::Quotes(_) => {}
        }
        self.after_change();
    }

    /// Bookkeeping after every change: visible rows, the position for the
    /// store, the store's notices.
    fn after_change(&mut self) {
        if self.selected.as_ref().is_some_and(|q| q.paragraph != self.focus) {
            self.selected = None;
        }
        self.refresh();
        self.record_position();
        self.collect_store_notices();
    }

    /// Text pasted (bracketed paste) or committed by an input method at once.
    pub fn handle_paste(&mut self, text: &str) {
        if matches!(self.mode, Mode::Quotes(_)) {
            self.quote_list_paste(text);
            self.refresh();
            return;
        }
        if let Mode::Prompt { editor, .. } = &mut self.mode {
            editor.insert(text);
            self.prompt_changed();
            self.refresh();
        }
    }

    /// A mouse event.
    pub fn handle_mouse(&mut self, mouse: Mouse) {
        if let Some(loading) = &mut self.loading {
            loading.note_move();
        }
        if self.mode != Mode::Normal {
            if let (Mode::Help { scroll }, Mouse::ScrollDown | Mouse::ScrollUp) = (&mut self.mode, mouse) {
                let max =
                    help::help_view(&self.config.keymap, self.geometry.body, self.config.layout.ambiguous).max_scroll;
                *scroll = if mouse == Mouse::ScrollDown { (*scroll + 3).min(max) } else { scroll.saturating_sub(3) };
            }
            return;
        }
        match mouse {
            Mouse::ScrollDown => self.scroll(WHEEL_ROWS),
            Mouse::ScrollUp => self.scroll(-WHEEL_ROWS),
            Mouse::Click(x, y) => self.click(x, y),
        }
        self.after_change();
    }

    /// The terminal was resized.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.geometry = Geometry::new(width, height, self.panel_wanted);
        self.relayout();
        self.refresh();
    }

    /// Re-lay out for the current geometry and settings, keeping the top
    /// text in place and the focused paragraph in view.
    fn relayout(&mut self) {
        let options = layout_options(&self.config, &self.geometry);
        self.viewport.reconfigure(&self.doc, &self.scenes, options, self.geometry.text_height());
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
            highlights: self.marks.highlights_in(p).iter().map(|h| h.range.clone()).collect(),
            bookmarked: self.marks.bookmark_at(p).is_some(),
            quotes: self.quotes.in_paragraph(&self.doc, p).iter().map(|q| q.outer.clone()).collect(),
            selected: self.selected.as_ref().filter(|q| q.paragraph == p).map(|q| q.outer.clone()),
            matches: self
                .shown_search()
                .map(|s| search::matches_in(&s.matches, p).iter().map(|m| m.range.clone()).collect())
                .unwrap_or_default(),
        }
    }

    /// The selected quote, if any.
    pub fn selected_quote(&self) -> Option<&SelectedQuote> {
        self.selected.as_ref()
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::TogglePanel => {
                if self.panel_wanted && self.geometry.panel.is_none() && !self.geometry.too_small {
                    let needed = screen::PANEL_MIN_TERMINAL_WIDTH;
                    self.notify(Severity::Info, format!("the scene panel needs a terminal {needed} columns wide"));
                    return;
                }
                self.panel_wanted = !self.panel_wanted;
                let size = (self.geometry.area.width, self.geometry.area.height);
                self.geometry = Geometry::new(size.0, size.1, self.panel_wanted);
                if self.panel_wanted && self.geometry.panel.is_none() {
                    self.notify(Severity::Info, "the scene panel needs a terminal 100 columns wide");
                }
                self.relayout();
            }
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Close => {
                self.mode = Mode::Normal;
                if !self.cancel_job() {
                    self.selected = None;
                    self.search = None;
                }
            }
            Action::Quit => {
                self.flush();
                self.quit = true;
            }
            Action::Suspend => {
                self.flush();
                self.effects.push(Effect::Suspend);
            }
            Action::Redraw => self.effects.push(Effect::Redraw),
            Action::GotoPrompt => self.mode = Mode::Prompt { kind: PromptKind::Goto, editor: LineEditor::default() },
            Action::ToggleBookmark
            | Action::BookmarkList
            | Action::NextBookmark
            | Action::PrevBookmark
            | Action::ToggleHighlight => self.mark_action(action),
            Action::NextQuote | Action::PrevQuote | Action::QuoteList | Action::Copy => self.quote_action(action),
            Action::Search => self.start_search_prompt(),
            Action::SearchNext => self.search_step(true),
            Action::SearchPrev => self.search_step(false),
            movement => self.navigate(movement),
        }
    }

    fn prompt_key(&mut self, key: Key) {
        let Mode::Prompt { kind, editor } = &mut self.mode else {
            return;
        };
        let kind = kind.clone();
        match key.code {
            KeyCode::Esc => {
                self.cancel_prompt(kind);
                return;
            }
            KeyCode::Char('c') if key.ctrl => {
                self.cancel_prompt(kind);
                return;
            }
            KeyCode::Enter => {
                let text = editor.text().to_owned();
                self.mode = Mode::Normal;
                self.submit_prompt(kind, &text);
                return;
            }
            KeyCode::Backspace => editor.backspace(),
            KeyCode::Delete => editor.delete(),
            KeyCode::Left => editor.left(),
            KeyCode::Right => editor.right(),
            KeyCode::Home => editor.home(),
            KeyCode::End => editor.end(),
            KeyCode::Char('u') if key.ctrl => editor.clear_to_start(),
            KeyCode::Char('w') if key.ctrl => editor.delete_word(),
            KeyCode::Char('a') if key.ctrl => editor.home(),
            KeyCode::Char('e') if key.ctrl => editor.end(),
            KeyCode::Char(c) if !key.ctrl && !key.alt => editor.insert(c.encode_utf8(&mut [0; 4])),
            _ => return,
        }
        self.prompt_changed();
    }

    /// The prompt's text changed: a search prompt previews its first match.
    fn prompt_changed(&mut self) {
        if let Mode::Prompt { kind: PromptKind::Search { origin }, editor } = &self.mode {
            let (origin, text) = (*origin, editor.text().to_owned());
            self.search_preview(origin, &text);
        }
    }

    fn submit_prompt(&mut self, kind: PromptKind, text: &str) {
        match kind {
            PromptKind::Goto => self.goto_text(text),
            PromptKind::Note { id, back_to } => self.save_note(&id, back_to, text),
            PromptKind::Search { origin } => self.submit_search(origin, text),
        }
    }

    fn cancel_prompt(&mut self, kind: PromptKind) {
        self.mode = match kind {
            PromptKind::Note { back_to, .. } => Mode::Bookmarks { selected: back_to },
            PromptKind::Search { origin } => {
                self.cancel_search_prompt(origin);
                Mode::Normal
            }
            PromptKind::Goto => Mode::Normal,
        };
    }
}

/// Layout options for the text area of `geometry` under `config`.
fn layout_options(config: &Config, geometry: &Geometry) -> LayoutOptions {
    LayoutOptions {
        width: geometry.text_width(),
        strictness: config.layout.strictness,
        hanging: config.layout.hanging,
        tab_width: config.layout.tab_width,
        ambiguous: config.layout.ambiguous,
    }
}
