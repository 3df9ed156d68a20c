//! Input: keys, pasted text and mouse events turned into changes of the
//! reader's state, by mode.

use super::action::Action;
use super::help;
use super::key::{Key, KeyCode};
use super::prompt::LineEditor;
use super::screen::{self, Geometry};
use super::{App, Effect, Mode, Mouse, PromptKind, Severity, WHEEL_ROWS};

impl App {
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
        if matches!(self.mode, Mode::Highlights { .. }) {
            self.highlight_list_key(key);
            self.after_change();
            return;
        }
        if matches!(self.mode, Mode::Library(_)) {
            self.library_key(key);
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
            Mode::Bookmarks { .. } | Mode::Highlights { .. } | Mode::Quotes(_) | Mode::Library(_) => {}
        }
        self.after_change();
    }

    /// Text pasted (bracketed paste) or committed by an input method at once.
    pub fn handle_paste(&mut self, text: &str) {
        if matches!(self.mode, Mode::Quotes(_)) {
            self.quote_list_paste(text);
            self.refresh();
            return;
        }
        if matches!(self.mode, Mode::Library(_)) {
            self.library_paste(text);
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
        if matches!(mouse, Mouse::ScrollDown | Mouse::ScrollUp) {
            self.pace.note_scroll();
        }
        match mouse {
            Mouse::ScrollDown => self.scroll(WHEEL_ROWS),
            Mouse::ScrollUp => self.scroll(-WHEEL_ROWS),
            Mouse::Click(x, y) => {
                self.press_at(x, y);
                self.click(x, y);
            }
            Mouse::Drag(x, y) => self.drag_to(x, y),
        }
        self.after_change();
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Help | Action::BookmarkList | Action::HighlightList | Action::QuoteList | Action::Library
                if !self.geometry.fits_overlay() =>
            {
                // An overlay that cannot be drawn would take keys unseen.
                let (w, h) = screen::OVERLAY_MIN;
                self.notify(Severity::Info, format!("too small (needs {w}x{})", h + 1));
            }
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
                if !self.cancel_job() && self.span.take().is_none() {
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
            Action::CycleRuby => self.cycle_ruby(),
            Action::ToggleVertical => self.toggle_vertical(),
            Action::NarrowerMeasure => self.change_measure(false),
            Action::WiderMeasure => self.change_measure(true),
            Action::GotoPrompt => self.mode = Mode::Prompt { kind: PromptKind::Goto, editor: LineEditor::default() },
            Action::PercentPrompt => {
                self.mode = Mode::Prompt { kind: PromptKind::Percent, editor: LineEditor::default() };
            }
            Action::ToggleBookmark
            | Action::BookmarkList
            | Action::NextBookmark
            | Action::PrevBookmark
            | Action::ToggleHighlight
            | Action::HighlightList
            | Action::EditNote => self.mark_action(action),
            Action::SelectSentence => self.select_sentence(),
            Action::NextQuote | Action::PrevQuote | Action::QuoteList | Action::Copy => self.quote_action(action),
            Action::Search => self.start_search_prompt(),
            Action::SearchNext => self.search_step(true),
            Action::SearchPrev => self.search_step(false),
            Action::Library => self.open_library(),
            movement => {
                // Scrolling is reading (it counts towards the pace); the
                // other moves are jumps.
                if movement.is_scroll() {
                    self.pace.note_scroll();
                }
                self.navigate(movement)
            }
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
            _ if editor.edit(key) => {}
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
            PromptKind::Percent => {
                let number = text.trim().trim_end_matches(['%', '％']);
                if !number.is_empty() {
                    self.goto_text(&format!("{number}%"));
                }
            }
            PromptKind::Note { id, back_to } => self.save_note(&id, back_to, text),
            PromptKind::Search { origin } => self.submit_search(origin, text),
        }
    }

    fn cancel_prompt(&mut self, kind: PromptKind) {
        self.mode = match kind {
            PromptKind::Note { back_to, .. } => self.after_note(back_to),
            PromptKind::Search { origin } => {
                self.cancel_search_prompt(origin);
                Mode::Normal
            }
            PromptKind::Goto | PromptKind::Percent => Mode::Normal,
        };
    }
}
