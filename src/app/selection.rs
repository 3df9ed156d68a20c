//! Free selections: a sentence at a time with `v` (again: one more
//! sentence, on into the next paragraph when this one ends), or any span
//! dragged with the mouse. The selection is what `h` highlights and `y`
//! copies while it is there. `Esc` drops it, and so does moving the focus
//! off it.

use std::ops::Range;

use super::view::RowKind;
use super::{App, Severity};
use crate::engine::layout::placements_shaped;
use crate::engine::sentences::{sentence_after, sentence_at};
use crate::engine::typeset::typeset;
use crate::store::model::MAX_HIGHLIGHT_PARAGRAPHS;

/// A span of reading text chosen by the reader: from byte `range.start` of
/// paragraph `paragraph` to byte `range.end` of paragraph `last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The first paragraph's index.
    pub paragraph: usize,
    /// The last paragraph's index (`paragraph` for a span inside one).
    pub last: usize,
    /// Bytes: the start in `paragraph`, the end in `last`.
    pub range: Range<usize>,
}

impl Selection {
    /// A selection inside paragraph `p`.
    pub fn within(p: usize, range: Range<usize>) -> Self {
        Selection { paragraph: p, last: p, range }
    }

    /// Whether it covers some of paragraph `p`.
    pub fn touches(&self, p: usize) -> bool {
        (self.paragraph..=self.last).contains(&p)
    }

    /// The bytes of paragraph `p` (`len` bytes long) it covers.
    pub fn range_in(&self, p: usize, len: usize) -> Option<Range<usize>> {
        crate::store::span_piece(self.paragraph, self.last, &self.range, p, len)
    }
}

impl App {
    /// The free selection, if any.
    pub fn selection(&self) -> Option<&Selection> {
        self.span.as_ref()
    }

    /// `v`: select the sentence at the focus — where the focused paragraph
    /// shows first on screen — or, with a selection, add the next sentence
    /// (the next paragraph's first when its paragraph ends).
    pub(super) fn select_sentence(&mut self) {
        if self.doc.is_empty() {
            return;
        }
        if let Some(s) = self.span.clone().filter(|s| s.touches(self.focus)) {
            let Some(next) = self.next_sentence(s.last, s.range.end) else {
                self.notify(Severity::Info, "the text ends here");
                return;
            };
            let (last, end) = next;
            if last - s.paragraph >= MAX_HIGHLIGHT_PARAGRAPHS {
                self.notify(Severity::Info, format!("a selection spans {MAX_HIGHLIGHT_PARAGRAPHS} paragraphs at most"));
                return;
            }
            let selection = Selection { paragraph: s.paragraph, last, range: s.range.start..end };
            if last != self.focus {
                self.focus = last;
            }
            self.reveal(last, end);
            self.select(selection);
            return;
        }
        let text = self.doc.paragraph(self.focus);
        let at = self.first_visible_offset(self.focus);
        let Some(sentence) = sentence_at(text, at) else { return };
        self.select(Selection::within(self.focus, sentence));
    }

    /// The end of the sentence after byte `end` of paragraph `p`: in `p`,
    /// or the first sentence of the next paragraph with text.
    fn next_sentence(&self, p: usize, end: usize) -> Option<(usize, usize)> {
        if let Some(next) = sentence_after(self.doc.paragraph(p), end) {
            return Some((p, next.end));
        }
        (p + 1..self.doc.paragraph_count().min(p + MAX_HIGHLIGHT_PARAGRAPHS))
            .find_map(|q| sentence_at(self.doc.paragraph(q), 0).map(|s| (q, s.end)))
    }

    /// Make `selection` the selection and say how long it is.
    fn select(&mut self, selection: Selection) {
        self.selected = None;
        let chars = crate::store::span_text(&self.doc, selection.paragraph, selection.last, &selection.range)
            .chars()
            .filter(|&c| c != '\n')
            .count();
        self.span = Some(selection);
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
    /// it went down to the one here, across paragraphs if need be.
    pub(super) fn drag_to(&mut self, x: u16, y: u16) {
        let Some((p, anchor)) = self.press.clone() else { return };
        // Over a scene title or a gap: the end of the paragraph before it
        // (or the start of the one after, dragging upwards).
        let here = match self.text_at(x, y) {
            Some((q, at)) => (q, at),
            None => match self.row_and_cell_at(x, y) {
                Some((row, _)) if row.paragraph > p || (row.paragraph == p && matches!(row.kind, RowKind::Gap)) => {
                    (row.paragraph, self.doc.paragraph(row.paragraph).len()..self.doc.paragraph(row.paragraph).len())
                }
                Some((row, _)) => (row.paragraph, 0..0),
                None => return,
            },
        };
        let (q, at) = here;
        let q = q.clamp(p.saturating_sub(MAX_HIGHLIGHT_PARAGRAPHS - 1), p + MAX_HIGHLIGHT_PARAGRAPHS - 1);
        let selection = match q.cmp(&p) {
            std::cmp::Ordering::Equal => Selection::within(p, anchor.start.min(at.start)..anchor.end.max(at.end)),
            std::cmp::Ordering::Greater => Selection { paragraph: p, last: q, range: anchor.start..at.end },
            std::cmp::Ordering::Less => Selection { paragraph: q, last: p, range: at.start..anchor.end },
        };
        let selection = trimmed(&self.doc, selection);
        let empty = selection.paragraph == selection.last && selection.range.is_empty();
        if !empty {
            self.selected = None;
            self.focus = p;
            self.span = Some(selection);
        }
    }
}

/// `s` without an empty piece at either end: a span that ends at the very
/// start of a paragraph ends with the paragraph before instead, and one
/// that starts at a paragraph's very end starts with the next.
fn trimmed(doc: &crate::engine::document::Document, mut s: Selection) -> Selection {
    while s.last > s.paragraph && s.range.end == 0 {
        s.last -= 1;
        s.range.end = doc.paragraph(s.last).len();
    }
    while s.last > s.paragraph && s.range.start >= doc.paragraph(s.paragraph).len() {
        s.paragraph += 1;
        s.range.start = 0;
    }
    s
}
