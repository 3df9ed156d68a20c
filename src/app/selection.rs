//! Free selections: a sentence at a time with `v` (again: one more
//! sentence), or any span dragged with the mouse. A selection stays inside
//! one paragraph — marks are kept per paragraph — and is what `h`
//! highlights and `y` copies while it is there. `Esc` drops it.

use std::ops::Range;

use super::view::RowKind;
use super::{App, Severity};
use crate::engine::layout::placements_shaped;
use crate::engine::sentences::{sentence_after, sentence_at};
use crate::engine::typeset::typeset;

/// A span of one paragraph's reading text chosen by the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Paragraph index.
    pub paragraph: usize,
    /// Bytes of the paragraph's reading text.
    pub range: Range<usize>,
}

impl App {
    /// The free selection, if any.
    pub fn selection(&self) -> Option<&Selection> {
        self.span.as_ref()
    }

    /// `v`: select the sentence at the focus — where the focused paragraph
    /// shows first on screen — or, with a selection, add the next sentence.
    pub(super) fn select_sentence(&mut self) {
        if self.doc.is_empty() {
            return;
        }
        let text = self.doc.paragraph(self.focus);
        let extended = match &self.span {
            Some(s) if s.paragraph == self.focus => match sentence_after(text, s.range.end) {
                Some(next) => Some(s.range.start..next.end),
                None => {
                    self.notify(Severity::Info, "the paragraph ends here: a selection stays in one paragraph");
                    return;
                }
            },
            _ => None,
        };
        let range = match extended {
            Some(range) => range,
            None => {
                let at = self.first_visible_offset(self.focus);
                let Some(sentence) = sentence_at(text, at) else { return };
                sentence
            }
        };
        self.selected = None;
        let chars = text[range.clone()].chars().count();
        self.span = Some(Selection { paragraph: self.focus, range });
        self.notify(Severity::Info, format!("selected {chars} characters: h highlights, y copies, Esc drops"));
    }

    /// Where paragraph `p` shows first on screen (its start when it is not
    /// scrolled past), as a reading-text offset.
    fn first_visible_offset(&self, p: usize) -> usize {
        self.rows
            .iter()
            .find(|r| r.paragraph == p && matches!(r.kind, RowKind::Text { .. }))
            .map_or(0, |r| self.viewport.start_offset_of(&self.doc, r))
    }

    /// The paragraph and reading-text offset under terminal cell (`x`,
    /// `y`), with the end of the character there; `None` off the text.
    pub(super) fn text_at(&self, x: u16, y: u16) -> Option<(usize, Range<usize>)> {
        let body = self.geometry.body;
        if !body.contains(ratatui::layout::Position { x, y }) {
            return None;
        }
        let (row, across) = self.row_and_cell_at(x, y)?;
        let RowKind::Text { index, line } = row.kind else { return None };
        let t = typeset(&self.doc, row.paragraph, self.viewport.view());
        let placed = placements_shaped(t.text(), &line, t.options(), &t.shape());
        let hit = if self.vertical {
            let rows = self.geometry.column_rows();
            let slot = usize::from(y.saturating_sub(self.geometry.column_top()));
            let offset = t.line_offset(index, &line, rows * 2) / 2;
            let wanted = slot.checked_sub(offset)?;
            placed.iter().rfind(|p| p.x / 2 <= wanted)?
        } else {
            let offset = t.line_offset(index, &line, self.layout_options().width);
            let wanted = across.checked_sub(offset)?;
            placed.iter().find(|p| p.x <= wanted && wanted < p.x + p.width.max(1)).or(placed.last())?
        };
        let start = t.to_reading(hit.bytes.start);
        let end = t.to_reading(hit.bytes.end).max(start);
        Some((row.paragraph, start..end))
    }

    /// The visible row at (`x`, `y`) and, in horizontal text, the cell
    /// across the line from where text starts.
    fn row_and_cell_at(&self, x: u16, y: u16) -> Option<(super::view::Row, usize)> {
        let body = self.geometry.body;
        if self.vertical {
            let from_right = usize::from(body.right().saturating_sub(x + 1));
            let mut used = 0;
            for row in &self.rows {
                used += self.viewport.extent(&row.kind);
                if from_right < used {
                    return Some((*row, 0));
                }
            }
            return None;
        }
        let down = usize::from(y.saturating_sub(body.y));
        let mut used = 0;
        for row in &self.rows {
            let extent = self.viewport.extent(&row.kind);
            if down < used + extent {
                let across = usize::from(x.saturating_sub(self.text_left()));
                return Some((*row, across));
            }
            used += extent;
        }
        None
    }

    /// The mouse went down at (`x`, `y`): remember where, for a drag.
    pub(super) fn press_at(&mut self, x: u16, y: u16) {
        self.press = self.text_at(x, y);
        self.span = None;
    }

    /// The mouse was dragged to (`x`, `y`): select from the character where
    /// it went down to the one here, within the paragraph it went down in.
    pub(super) fn drag_to(&mut self, x: u16, y: u16) {
        let Some((p, anchor)) = self.press.clone() else { return };
        let len = self.doc.paragraph(p).len();
        // Over a scene title, a gap or another paragraph: to this
        // paragraph's end (or start) on that side.
        let beyond = |q: usize, after_it: bool| {
            if q > p || (q == p && after_it) { (anchor.start, len) } else { (0, anchor.end) }
        };
        let (start, end) = match self.text_at(x, y) {
            Some((q, at)) if q == p => (anchor.start.min(at.start), anchor.end.max(at.end)),
            Some((q, _)) => beyond(q, true),
            None => match self.row_and_cell_at(x, y) {
                Some((row, _)) => beyond(row.paragraph, matches!(row.kind, RowKind::Gap)),
                None => return,
            },
        };
        if start < end {
            self.selected = None;
            self.focus = p;
            self.span = Some(Selection { paragraph: p, range: start..end });
        }
    }
}
