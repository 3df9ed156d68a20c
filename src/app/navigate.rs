//! Moving through the document: scrolling, paragraph and scene jumps, the
//! "go to" prompt and mouse clicks, and the focus rules that go with them.
//!
//! Focus rules: scrolling (lines, pages, wheel) moves the focus to the first
//! paragraph whose text is visible at the top; jumps (paragraph, scene, top,
//! end, go to) move the focus to their target and scroll it to the top of the
//! screen, as far as the end of the document allows; a click focuses the
//! paragraph under the pointer without scrolling.

use super::action::Action;
use super::view::{RowKind, RowPos};
use super::{App, Severity};

impl App {
    /// Apply a movement action.
    pub(super) fn navigate(&mut self, action: Action) {
        if self.doc.is_empty() {
            return;
        }
        // A page is what the screen shows now: rows differ in height when
        // some carry ruby above them.
        let page = self.rows.len().max(1);
        match action {
            Action::LineDown => self.scroll(1),
            Action::LineUp => self.scroll(-1),
            Action::Left => self.scroll(if self.vertical { 1 } else { -1 }),
            Action::Right => self.scroll(if self.vertical { -1 } else { 1 }),
            Action::PageDown => self.scroll(page.saturating_sub(1).max(1) as isize),
            Action::PageUp => self.scroll(-(page.saturating_sub(1).max(1) as isize)),
            Action::HalfPageDown => self.scroll((page / 2).max(1) as isize),
            Action::HalfPageUp => self.scroll(-((page / 2).max(1) as isize)),
            Action::Top => self.jump_to(0),
            Action::Bottom => {
                let max = self.viewport.max_top(&self.doc, &self.scenes);
                self.viewport.scroll_to(&self.doc, &self.scenes, max);
                self.focus = self.doc.paragraph_count() - 1;
            }
            Action::NextParagraph => {
                if self.focus + 1 < self.doc.paragraph_count() {
                    self.jump_to(self.focus + 1);
                } else {
                    self.notify(Severity::Info, "last paragraph");
                }
            }
            Action::PrevParagraph => {
                let top = self.viewport.top();
                let start_hidden = top.paragraph == self.focus
                    && top.row > self.viewport.lead_rows(&self.doc, &self.scenes, self.focus);
                if start_hidden {
                    self.jump_to(self.focus);
                } else if self.focus > 0 {
                    self.jump_to(self.focus - 1);
                } else {
                    self.notify(Severity::Info, "first paragraph");
                }
            }
            Action::NextScene => {
                let scene = self.scenes.scene_of(self.focus);
                match self.scenes.as_slice().get(scene + 1) {
                    Some(next) => self.jump_to(next.first),
                    None => self.notify(Severity::Info, "last scene"),
                }
            }
            Action::PrevScene => {
                let scene = self.scenes.scene_of(self.focus);
                let first = self.scenes.as_slice()[scene].first;
                if self.focus > first || self.viewport.top() > (RowPos { paragraph: first, row: 0 }) {
                    self.jump_to(first);
                } else if scene > 0 {
                    self.jump_to(self.scenes.as_slice()[scene - 1].first);
                } else {
                    self.notify(Severity::Info, "first scene");
                }
            }
            Action::GotoScene(n) => match self.scenes.as_slice().get(usize::from(n).saturating_sub(1)) {
                Some(scene) => self.jump_to(scene.first),
                None => self.notify(Severity::Info, format!("there is no scene {n} (of {})", self.scenes.len())),
            },
            _ => {}
        }
    }

    /// Scroll by `rows` and move the focus to the top paragraph.
    pub(super) fn scroll(&mut self, rows: isize) {
        if self.doc.is_empty() {
            return;
        }
        let before = self.viewport.top();
        self.viewport.scroll_by(&self.doc, &self.scenes, rows);
        // At either end nothing moves, and the focus stays where it is.
        if self.viewport.top() != before {
            self.focus_top();
        }
    }

    /// Focus the first paragraph whose text is visible at the top.
    fn focus_top(&mut self) {
        let top = self.viewport.top();
        let kind = self.viewport.row_kind(&self.doc, &self.scenes, top);
        self.focus = match kind {
            RowKind::Gap if top.paragraph + 1 < self.doc.paragraph_count() => top.paragraph + 1,
            _ => top.paragraph,
        };
    }

    /// Focus paragraph `p` and scroll it to the top (as far as possible).
    pub(super) fn jump_to(&mut self, p: usize) {
        self.focus = p.min(self.doc.paragraph_count().saturating_sub(1));
        self.viewport.scroll_to(&self.doc, &self.scenes, RowPos { paragraph: self.focus, row: 0 });
    }

    /// Bring byte `offset` of paragraph `p` into view: nothing when its row
    /// is on screen; otherwise the paragraph's start goes to the top, or, in
    /// a paragraph too long for that, the row goes a third of the way down.
    pub(super) fn reveal(&mut self, p: usize, offset: usize) {
        let row = self.viewport.row_of_offset(&self.doc, &self.scenes, p, offset);
        let pos = RowPos { paragraph: p, row };
        let on_screen = self.viewport_contains(pos);
        if on_screen {
            return;
        }
        let height = self.rows.len().max(1);
        let target =
            if row < height { RowPos { paragraph: p, row: 0 } } else { RowPos { paragraph: p, row: row - height / 3 } };
        self.viewport.scroll_to(&self.doc, &self.scenes, target);
    }

    /// Whether the row at `pos` is on screen (whole).
    fn viewport_contains(&mut self, pos: RowPos) -> bool {
        let mut at = self.viewport.top();
        let mut used = 0;
        loop {
            let kind = self.viewport.row_kind(&self.doc, &self.scenes, at);
            used += self.viewport.extent(&kind);
            if used > self.viewport.height() && at != self.viewport.top() {
                return false;
            }
            if at == pos {
                return true;
            }
            at.row += 1;
            if at.row >= self.viewport.block_len(&self.doc, &self.scenes, at.paragraph) {
                at = RowPos { paragraph: at.paragraph + 1, row: 0 };
                if at.paragraph >= self.doc.paragraph_count() {
                    return false;
                }
            }
        }
    }

    /// Bring paragraph `p` into view (at the top) without other changes.
    pub(super) fn show_paragraph(&mut self, p: usize) {
        self.viewport.scroll_to(&self.doc, &self.scenes, RowPos { paragraph: p, row: 0 });
    }

    /// Handle the text of the "go to" prompt: `N` is paragraph N, `N%` is
    /// that far through the document (by bytes, so it costs the same on any
    /// size of document).
    pub(super) fn goto_text(&mut self, text: &str) {
        let text = text.trim();
        let count = self.doc.paragraph_count();
        if count == 0 {
            return;
        }
        if let Some(pct) = text.strip_suffix(['%', '％']) {
            match pct.trim().parse::<f64>() {
                Ok(pct) if (0.0..=100.0).contains(&pct) => {
                    let offset = (self.doc.text().len() as f64 * pct / 100.0) as usize;
                    let p = self.doc.paragraph_at_offset(offset).unwrap_or(0);
                    self.jump_to(p);
                }
                _ => self.notify(Severity::Error, format!("not a percentage: {text}")),
            }
            return;
        }
        match text.parse::<usize>() {
            Ok(n) if (1..=count).contains(&n) => self.jump_to(n - 1),
            Ok(_) => self.notify(Severity::Error, format!("no paragraph {text}: paragraphs are 1 to {count}")),
            Err(_) if text.is_empty() => {}
            Err(_) => self.notify(Severity::Error, format!("type a paragraph number or a percentage, not {text:?}")),
        }
    }

    /// The visible row covering `down` rows from the top of the reading
    /// area (or, in vertical text, `across` cells from its right edge).
    fn row_at(&self, down: usize, across: usize) -> Option<super::view::Row> {
        let target = if self.viewport.view().vertical {
            usize::from(self.geometry.body.width).saturating_sub(across + 1)
        } else {
            down
        };
        let mut used = 0;
        for row in &self.rows {
            used += self.viewport.extent(&row.kind);
            if target < used {
                return Some(*row);
            }
        }
        None
    }

    /// A click at terminal cell (`x`, `y`): focus the paragraph there.
    pub(super) fn click(&mut self, x: u16, y: u16) {
        if let Some(panel) = self.geometry.panel
            && panel.contains(ratatui::layout::Position { x, y })
        {
            let current = self.scenes.scene_of(self.focus);
            if let Some(scene) = super::screen::panel_scene_at(y - panel.y, self.scenes.len(), current, panel.height) {
                let first = self.scenes.as_slice()[scene].first;
                self.jump_to(first);
            }
            return;
        }
        let body = self.geometry.body;
        if !body.contains(ratatui::layout::Position { x, y }) {
            return;
        }
        if let Some(row) = self.row_at(usize::from(y - body.y), usize::from(x - body.x)) {
            self.focus = match row.kind {
                RowKind::Gap if row.paragraph + 1 < self.doc.paragraph_count() => row.paragraph + 1,
                _ => row.paragraph,
            };
        }
    }
}
