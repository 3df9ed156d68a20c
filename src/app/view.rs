//! The scrolling model of the reading area.
//!
//! The document is shown as a run of rows: for each paragraph, a scene
//! title row when a scene begins there (documents with more than one scene),
//! its laid-out lines, and a blank gap row before the next paragraph. That
//! run of rows is the paragraph's *block*. The scroll position is a
//! [`RowPos`] — a paragraph and a row inside its block — never a global row
//! number, so scrolling, jumping and drawing lay out only the paragraphs they
//! touch: the cost follows the screen, not the document's length.
//!
//! Rows take room across the reading direction (their *extent*): one
//! terminal row in horizontal text, plus one for a line that carries ruby or
//! emphasis dots above it; in vertical text a column is [`COLUMN_CELLS`]
//! cells wide, plus [`RUBY_TRACK_CELLS`] for the ruby beside it. The
//! viewport's capacity is counted in the same units (rows, or cells across).
//!
//! Lines are byte ranges of what is shown (see [`crate::engine::typeset`]);
//! offsets given to and returned by the viewport are offsets in the reading
//! text, mapped where inline ruby shows more than the reading text.

use crate::engine::document::Document;
use crate::engine::layout::cache::LayoutCache;
use crate::engine::layout::{LayoutOptions, Line};
use crate::engine::scenes::Scenes;
use crate::engine::typeset::{RubyMode, ViewOptions, is_boxed, typeset};

/// Cells a vertical column takes across: the glyph (two cells) and a blank.
pub const COLUMN_CELLS: usize = 3;
/// Cells the ruby beside a vertical column takes.
pub const RUBY_TRACK_CELLS: usize = 2;

/// What one row of the reading area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// The title of scene `scene`, which begins with this paragraph.
    SceneTitle {
        /// Scene index.
        scene: usize,
    },
    /// Line `index` of the paragraph.
    Text {
        /// Line index in the paragraph's layout.
        index: usize,
        /// The line itself (byte offsets of the shown text).
        line: Line,
    },
    /// The blank row after the paragraph.
    Gap,
    /// The top (or bottom) rule of a box (罫囲み) around boxed paragraphs.
    BoxEdge {
        /// The top rule, before the box's first paragraph; else the bottom.
        top: bool,
    },
}

/// One visible row: which paragraph's block it belongs to and what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Paragraph index.
    pub paragraph: usize,
    /// What the row shows.
    pub kind: RowKind,
}

/// A row address: paragraph and row within the paragraph's block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct RowPos {
    /// Paragraph index.
    pub paragraph: usize,
    /// Row inside the paragraph's block.
    pub row: usize,
}

/// The reading area's size, scroll position and layout cache.
#[derive(Debug)]
pub struct Viewport {
    cache: LayoutCache,
    view: ViewOptions,
    capacity: usize,
    top: RowPos,
    gaps: Gaps,
}

/// Where a blank row (a blank column in vertical text) separates
/// paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gaps {
    /// After every paragraph.
    #[default]
    Every,
    /// Only where the text itself has a blank line.
    Source,
}

/// How many laid-out lines the viewport's cache keeps, at most: the layout
/// cache's default, 65,536 lines (about 1 MiB plus a little per paragraph;
/// see [`LayoutCache`]). A screen needs a few hundred; the rest keeps
/// scrolling back and forth free.
pub const LAYOUT_CACHE_LINES: usize = LayoutCache::DEFAULT_MAX_LINES;

impl Viewport {
    /// A horizontal viewport laying out with `options` (its width is the
    /// text width) and `height` rows, scrolled to the top.
    pub fn new(options: LayoutOptions, height: usize) -> Self {
        Self::with_view(ViewOptions::horizontal(options), height)
    }

    /// A viewport showing text as `view` says, with room for `capacity`
    /// (rows, or cells across for vertical text), scrolled to the top.
    pub fn with_view(view: ViewOptions, capacity: usize) -> Self {
        Viewport {
            cache: LayoutCache::new(LAYOUT_CACHE_LINES),
            view,
            capacity,
            top: RowPos::default(),
            gaps: Gaps::Every,
        }
    }

    /// Set where blank rows separate paragraphs (a new document's choice),
    /// keeping the top row's paragraph at the top.
    pub fn set_gaps(&mut self, doc: &Document, scenes: &Scenes, gaps: Gaps) {
        if gaps != self.gaps {
            self.gaps = gaps;
            if !doc.is_empty() {
                self.scroll_to(doc, scenes, self.top);
            }
        }
    }

    /// Forget every cached layout (the document changed).
    pub fn forget_layouts(&mut self) {
        self.cache.clear();
    }

    /// The layout options in use (width = text width in cells, or twice the
    /// rows of a vertical column).
    pub fn options(&self) -> &LayoutOptions {
        &self.view.layout
    }

    /// Everything about how text is shown.
    pub fn view(&self) -> &ViewOptions {
        &self.view
    }

    /// Room across the reading direction: rows, or cells for vertical text.
    pub fn height(&self) -> usize {
        self.capacity
    }

    /// The first visible row.
    pub fn top(&self) -> RowPos {
        self.top
    }

    /// The layout of paragraph `p` at the current options.
    pub fn lines(&mut self, doc: &Document, p: usize) -> std::sync::Arc<[Line]> {
        let view = self.view;
        let len = doc.paragraph(p).len();
        self.cache.lines_with(p, &view.layout, view.variant(), len, |layouter, out| {
            typeset(doc, p, &view).layout(layouter, out);
        })
    }

    /// The room a row of `kind` takes across the reading direction.
    pub fn extent(&self, kind: &RowKind) -> usize {
        let annotated = matches!(kind, RowKind::Text { line, .. } if line.annotated);
        if self.view.vertical {
            COLUMN_CELLS + if annotated { RUBY_TRACK_CELLS } else { 0 }
        } else {
            1 + usize::from(annotated)
        }
    }

    /// Rows of the scene title in paragraph `p`'s block (0 or 1).
    pub fn title_rows(scenes: &Scenes, p: usize) -> usize {
        usize::from(scenes.len() > 1 && scenes.as_slice()[scenes.scene_of(p)].first == p)
    }

    /// The rules of a box around paragraph `p`: (top, bottom), each 0 or
    /// 1 row — a run of boxed paragraphs shares one box.
    fn box_rows(&self, doc: &Document, p: usize) -> (usize, usize) {
        if !is_boxed(doc, p, &self.view) {
            return (0, 0);
        }
        let top = p == 0 || !is_boxed(doc, p - 1, &self.view);
        let bottom = !is_boxed(doc, p + 1, &self.view);
        (usize::from(top), usize::from(bottom))
    }

    /// Rows before paragraph `p`'s first line: its scene title and the top
    /// rule of a box it opens.
    pub fn lead_rows(&self, doc: &Document, scenes: &Scenes, p: usize) -> usize {
        Self::title_rows(scenes, p) + self.box_rows(doc, p).0
    }

    /// How many rows paragraph `p`'s block has.
    pub fn block_len(&mut self, doc: &Document, scenes: &Scenes, p: usize) -> usize {
        // No gap before the next piece of a cut long line.
        let next = p + 1;
        let gap = usize::from(
            next < doc.paragraph_count()
                && !doc.continues_line(next)
                && (self.gaps == Gaps::Every || doc.rich().is_after_blank(next)),
        );
        let (top, bottom) = self.box_rows(doc, p);
        Self::title_rows(scenes, p) + top + self.lines(doc, p).len() + bottom + gap
    }

    /// What row `pos` shows.
    pub fn row_kind(&mut self, doc: &Document, scenes: &Scenes, pos: RowPos) -> RowKind {
        let title = Self::title_rows(scenes, pos.paragraph);
        if pos.row < title {
            return RowKind::SceneTitle { scene: scenes.scene_of(pos.paragraph) };
        }
        let (top, bottom) = self.box_rows(doc, pos.paragraph);
        if pos.row < title + top {
            return RowKind::BoxEdge { top: true };
        }
        let lines = self.lines(doc, pos.paragraph);
        let at = pos.row - title - top;
        match lines.get(at) {
            Some(&line) => RowKind::Text { index: at, line },
            None if at == lines.len() && bottom == 1 => RowKind::BoxEdge { top: false },
            None => RowKind::Gap,
        }
    }

    /// Whether shown offsets differ from reading-text offsets in paragraph `p`.
    fn maps_offsets(&self, doc: &Document, p: usize) -> bool {
        self.view.ruby == RubyMode::Inline && !doc.ruby_in(p).is_empty()
    }

    /// The shown offset of reading-text offset `offset` of paragraph `p`.
    pub fn shown_offset(&self, doc: &Document, p: usize, offset: usize) -> usize {
        if self.maps_offsets(doc, p) { typeset(doc, p, &self.view).to_display(offset) } else { offset }
    }

    /// The reading-text offset of shown offset `offset` of paragraph `p`.
    pub fn reading_offset(&self, doc: &Document, p: usize, offset: usize) -> usize {
        if self.maps_offsets(doc, p) { typeset(doc, p, &self.view).to_reading(offset) } else { offset }
    }

    /// The block row of paragraph `p` where its line containing byte
    /// `offset` of the reading text is drawn (the last line for an offset
    /// past the end).
    pub fn row_of_offset(&mut self, doc: &Document, scenes: &Scenes, p: usize, offset: usize) -> usize {
        let title = self.lead_rows(doc, scenes, p);
        let offset = self.shown_offset(doc, p, offset);
        let lines = self.lines(doc, p);
        let line = lines.partition_point(|l| (l.end as usize) <= offset && l.start as usize != l.end as usize);
        title + line.min(lines.len() - 1)
    }

    /// The byte offset in its paragraph's reading text where row `pos`
    /// starts (0 for title and gap rows of the paragraph's start and end
    /// respectively).
    pub fn offset_of_row(&mut self, doc: &Document, scenes: &Scenes, pos: RowPos) -> usize {
        match self.row_kind(doc, scenes, pos) {
            RowKind::SceneTitle { .. } | RowKind::BoxEdge { top: true } => 0,
            RowKind::Text { line, .. } => self.reading_offset(doc, pos.paragraph, line.start as usize),
            RowKind::Gap | RowKind::BoxEdge { top: false } => doc.paragraph(pos.paragraph).len(),
        }
    }

    /// The reading-text offset just past the end of row `row` (as
    /// [`Viewport::offset_of_row`] for its start).
    pub fn end_offset_of(&self, doc: &Document, row: &Row) -> usize {
        match row.kind {
            RowKind::SceneTitle { .. } | RowKind::BoxEdge { top: true } => 0,
            RowKind::Text { line, .. } => self.reading_offset(doc, row.paragraph, line.end as usize),
            RowKind::Gap | RowKind::BoxEdge { top: false } => doc.paragraph(row.paragraph).len(),
        }
    }

    /// The start of `row` in its paragraph's reading text.
    pub fn start_offset_of(&self, doc: &Document, row: &Row) -> usize {
        match row.kind {
            RowKind::SceneTitle { .. } | RowKind::BoxEdge { top: true } => 0,
            RowKind::Text { line, .. } => self.reading_offset(doc, row.paragraph, line.start as usize),
            RowKind::Gap | RowKind::BoxEdge { top: false } => doc.paragraph(row.paragraph).len(),
        }
    }

    /// The last scroll position: the first from which every row to the end
    /// of the document fits on the screen (the top, for a short document).
    pub fn max_top(&mut self, doc: &Document, scenes: &Scenes) -> RowPos {
        let mut remaining = self.capacity.max(1);
        for p in (0..doc.paragraph_count()).rev() {
            let len = self.block_len(doc, scenes, p);
            for row in (0..len).rev() {
                let kind = self.row_kind(doc, scenes, RowPos { paragraph: p, row });
                let extent = self.extent(&kind);
                if extent > remaining {
                    // This row does not fit: the one after it is the top.
                    return if row + 1 < len {
                        RowPos { paragraph: p, row: row + 1 }
                    } else if p + 1 < doc.paragraph_count() {
                        RowPos { paragraph: p + 1, row: 0 }
                    } else {
                        // Not even the last row fits: it is the top anyway.
                        RowPos { paragraph: p, row }
                    };
                }
                remaining -= extent;
            }
        }
        RowPos::default()
    }

    /// Scroll to `pos`, clamped to the document.
    pub fn scroll_to(&mut self, doc: &Document, scenes: &Scenes, pos: RowPos) {
        if doc.is_empty() {
            self.top = RowPos::default();
            return;
        }
        let last = doc.paragraph_count() - 1;
        let mut pos = if pos.paragraph > last { RowPos { paragraph: last, row: usize::MAX } } else { pos };
        pos.row = pos.row.min(self.block_len(doc, scenes, pos.paragraph) - 1);
        self.top = pos.min(self.max_top(doc, scenes));
    }

    /// Scroll by `delta` rows (negative: up), clamped to the document.
    pub fn scroll_by(&mut self, doc: &Document, scenes: &Scenes, delta: isize) {
        if doc.is_empty() {
            return;
        }
        let mut pos = self.top;
        if delta >= 0 {
            let mut left = delta as usize;
            let max = self.max_top(doc, scenes);
            while left > 0 && pos < max {
                let len = self.block_len(doc, scenes, pos.paragraph);
                let step = left.min(len - pos.row);
                left -= step;
                pos.row += step;
                if pos.row >= len {
                    pos = RowPos { paragraph: pos.paragraph + 1, row: 0 };
                }
            }
            self.top = pos.min(max);
        } else {
            let mut left = delta.unsigned_abs();
            while left > 0 {
                if pos.row >= left {
                    pos.row -= left;
                    left = 0;
                } else if pos.paragraph == 0 {
                    pos.row = 0;
                    left = 0;
                } else {
                    left -= pos.row + 1;
                    let p = pos.paragraph - 1;
                    pos = RowPos { paragraph: p, row: self.block_len(doc, scenes, p) - 1 };
                }
            }
            self.top = pos;
        }
    }

    /// The visible rows, in reading order: every row that fits whole from
    /// the top (at least the first, even when it alone is too big).
    pub fn visible_rows(&mut self, doc: &Document, scenes: &Scenes) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.capacity.min(512));
        let mut used = 0;
        let mut pos = self.top;
        'fill: while pos.paragraph < doc.paragraph_count() {
            let len = self.block_len(doc, scenes, pos.paragraph);
            while pos.row < len {
                let kind = self.row_kind(doc, scenes, pos);
                let extent = self.extent(&kind);
                if used + extent > self.capacity && !rows.is_empty() {
                    break 'fill;
                }
                rows.push(Row { paragraph: pos.paragraph, kind });
                used += extent;
                if used >= self.capacity {
                    break 'fill;
                }
                pos.row += 1;
            }
            pos = RowPos { paragraph: pos.paragraph + 1, row: 0 };
        }
        rows
    }

    /// Change size or how text is shown, keeping the text that was at the
    /// top at the top (by reading-text offset, so it survives re-wrapping).
    pub fn reconfigure(&mut self, doc: &Document, scenes: &Scenes, view: ViewOptions, capacity: usize) {
        if doc.is_empty() {
            self.view = view;
            self.capacity = capacity;
            return;
        }
        let kind = self.row_kind(doc, scenes, self.top);
        let offset = self.offset_of_row(doc, scenes, self.top);
        self.view = view;
        self.capacity = capacity;
        let p = self.top.paragraph;
        let row = match kind {
            RowKind::SceneTitle { .. } | RowKind::BoxEdge { top: true } => 0,
            RowKind::Text { .. } => self.row_of_offset(doc, scenes, p, offset),
            RowKind::Gap | RowKind::BoxEdge { top: false } => self.block_len(doc, scenes, p) - 1,
        };
        self.scroll_to(doc, scenes, RowPos { paragraph: p, row });
    }

    /// Whether any row of paragraph `p` is visible.
    pub fn is_visible(&mut self, doc: &Document, scenes: &Scenes, p: usize) -> bool {
        self.visible_rows(doc, scenes).iter().any(|r| r.paragraph == p && !matches!(r.kind, RowKind::Gap))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenes::Scene;

    fn doc(text: &str) -> Document {
        Document::from_text(text).unwrap()
    }

    fn two_scenes(doc: &Document) -> Scenes {
        let n = doc.paragraph_count();
        Scenes::new(vec![
            Scene { id: "a".into(), title: "A".into(), title_en: None, first: 0, last: 0 },
            Scene { id: "b".into(), title: "B".into(), title_en: None, first: 1, last: n - 1 },
        ])
    }

    fn describe(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| match r.kind {
                RowKind::SceneTitle { scene } => format!("{}:title{}", r.paragraph, scene),
                RowKind::Text { index, .. } => format!("{}:{}", r.paragraph, index),
                RowKind::Gap => format!("{}:gap", r.paragraph),
                RowKind::BoxEdge { top } => format!("{}:{}", r.paragraph, if top { "top" } else { "bottom" }),
            })
            .collect()
    }

    #[test]
    fn blocks_have_titles_lines_and_gaps() {
        let d = doc("aaaa\nbbbbbbbb\ncc");
        let s = two_scenes(&d);
        let mut v = Viewport::new(LayoutOptions::with_width(4), 20);
        assert_eq!(
            describe(&v.visible_rows(&d, &s)),
            ["0:title0", "0:0", "0:gap", "1:title1", "1:0", "1:1", "1:gap", "2:0"]
        );
    }

    #[test]
    fn scrolling_stops_at_both_ends() {
        let d = doc("aaaa\nbbbbbbbb\ncc");
        let s = two_scenes(&d);
        let mut v = Viewport::new(LayoutOptions::with_width(4), 3);
        v.scroll_by(&d, &s, 100);
        assert_eq!(describe(&v.visible_rows(&d, &s)), ["1:1", "1:gap", "2:0"]);
        v.scroll_by(&d, &s, -2);
        assert_eq!(describe(&v.visible_rows(&d, &s)), ["1:title1", "1:0", "1:1"]);
        v.scroll_by(&d, &s, -100);
        assert_eq!(v.top(), RowPos::default());
    }

    #[test]
    fn scrolling_down_then_up_returns_to_the_same_row() {
        let d = doc(&"一二三四五六七八九十\n".repeat(30));
        let s = Scenes::single(&d);
        let mut v = Viewport::new(LayoutOptions::with_width(6), 5);
        for step in 1..40 {
            let before = v.top();
            v.scroll_by(&d, &s, step);
            v.scroll_by(&d, &s, -step);
            assert_eq!(v.top(), before, "step {step}");
            v.scroll_by(&d, &s, 1);
        }
    }

    #[test]
    fn a_short_document_cannot_scroll() {
        let d = doc("one\ntwo");
        let s = Scenes::single(&d);
        let mut v = Viewport::new(LayoutOptions::with_width(10), 10);
        v.scroll_by(&d, &s, 5);
        assert_eq!(v.top(), RowPos::default());
        assert_eq!(describe(&v.visible_rows(&d, &s)), ["0:0", "0:gap", "1:0"]);
    }

    #[test]
    fn resizing_keeps_the_top_text_in_place() {
        let d = doc("一二三四五六七八九十一二三四五六七八九十\n次の段落");
        let s = Scenes::single(&d);
        let mut v = Viewport::new(LayoutOptions::with_width(4), 2);
        v.scroll_to(&d, &s, RowPos { paragraph: 0, row: 3 }); // starts at 七 (byte 18)
        assert_eq!(v.offset_of_row(&d, &s, v.top()), 18);
        v.reconfigure(&d, &s, ViewOptions::horizontal(LayoutOptions::with_width(10)), 2);
        let top = v.top();
        let line = match v.row_kind(&d, &s, top) {
            RowKind::Text { line, .. } => line,
            other => panic!("{other:?}"),
        };
        assert!(line.range().contains(&18), "{line:?}");
    }

    #[test]
    fn the_pieces_of_a_cut_long_line_follow_each_other_without_a_gap() {
        let long = "字".repeat(crate::engine::document::MAX_PARAGRAPH_BYTES / 3 + 10);
        let d = doc(&format!("{long}\n次"));
        assert_eq!(d.paragraph_count(), 3);
        let s = Scenes::single(&d);
        let mut v = Viewport::new(LayoutOptions::with_width(1000), 1000);
        let rows = describe(&v.visible_rows(&d, &s));
        let second = rows.iter().position(|r| r.starts_with("1:")).unwrap();
        assert!(!rows[second - 1].contains("gap"), "{:?}", &rows[second - 2..second + 1]);
        assert!(rows.iter().any(|r| r == "1:gap"), "the next line is a paragraph of its own");
    }

    #[test]
    fn a_run_of_boxed_paragraphs_shares_one_box() {
        use crate::engine::document::builder::DocumentBuilder;
        use crate::engine::document::rich::Block;
        let mut b = DocumentBuilder::new();
        let boxed = Block { boxed: true, ..Block::default() };
        for (text, block) in [("前", Block::default()), ("一", boxed), ("二", boxed), ("後", Block::default())] {
            b.push_str(text);
            b.end_paragraph(block);
        }
        let d = b.finish().unwrap();
        let s = Scenes::single(&d);
        let mut v = Viewport::new(LayoutOptions::with_width(20), 30);
        let rows = describe(&v.visible_rows(&d, &s));
        assert_eq!(rows, ["0:0", "0:gap", "1:top", "1:0", "1:gap", "2:0", "2:bottom", "2:gap", "3:0"]);
        // Too narrow for a box: the paragraphs are plain.
        let mut narrow = Viewport::new(LayoutOptions::with_width(8), 30);
        assert!(narrow.visible_rows(&d, &s).iter().all(|r| !matches!(r.kind, RowKind::BoxEdge { .. })));
    }

    #[test]
    fn empty_documents_have_no_rows() {
        let d = doc("");
        let s = Scenes::single(&d);
        let mut v = Viewport::new(LayoutOptions::with_width(10), 10);
        v.scroll_by(&d, &s, 3);
        assert!(v.visible_rows(&d, &s).is_empty());
    }
}
