//! One paragraph of a document as the layout engine and the renderer need
//! it: the text to lay out (the reading text, or with readings written in
//! for inline ruby), the runs to keep whole, the indents and measure of its
//! block, and where its ruby and emphasis dots go.
//!
//! The reading text stays the one text everything else works on (search,
//! quotes, marks, export). Only inline ruby shows text that is not in it,
//! `流沙河（りゅうさが）`; a [`Typeset`] maps offsets between the two
//! ([`Typeset::to_display`], [`Typeset::to_reading`]), so lines are byte
//! ranges of what is shown and everything drawn over them (quotes,
//! highlights, matches) is mapped in.

use std::borrow::Cow;
use std::ops::Range;

use super::document::Document;
use super::document::rich::{Align, Block, DotKind, Style};
use super::layout::{
    AmbiguousWidth, Group, LayoutOptions, Layouter, Line, Placement, Shape, cluster_width, placements_shaped,
};

/// How ruby (furigana) is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RubyMode {
    /// On a row of its own above the line (to the right of a vertical
    /// column), dim, each reading centred over its base.
    #[default]
    Above,
    /// After its base in full-width parentheses: `流沙河（りゅうさが）`.
    Inline,
    /// Not shown: the base text only.
    Off,
}

impl RubyMode {
    /// The next mode in the `r` cycle: above → inline → off → above.
    pub fn next(self) -> Self {
        match self {
            RubyMode::Above => RubyMode::Inline,
            RubyMode::Inline => RubyMode::Off,
            RubyMode::Off => RubyMode::Above,
        }
    }

    /// The mode's name, as `--ruby` and the config spell it.
    pub fn name(self) -> &'static str {
        match self {
            RubyMode::Above => "above",
            RubyMode::Inline => "inline",
            RubyMode::Off => "off",
        }
    }
}

/// Everything about how a document is shown that changes its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ViewOptions {
    /// Breaking rules and the width available (cells; in vertical text,
    /// twice the rows of a column).
    pub layout: LayoutOptions,
    /// How ruby is shown.
    pub ruby: RubyMode,
    /// Columns top to bottom, right to left.
    pub vertical: bool,
    /// The terminal draws `☺️` (a narrow symbol and U+FE0F) in one cell (see
    /// [`crate::engine::layout::Shape::vs16_narrow`]).
    pub vs16_narrow: bool,
}

impl ViewOptions {
    /// Horizontal text with ruby above, at the layout options' width.
    pub fn horizontal(layout: LayoutOptions) -> Self {
        ViewOptions { layout, ruby: RubyMode::Above, vertical: false, vs16_narrow: false }
    }

    /// What tells the layout cache apart layouts of the same paragraph at the
    /// same [`LayoutOptions`].
    pub fn variant(&self) -> u32 {
        (self.ruby as u32) | (u32::from(self.vertical) << 2) | (u32::from(self.vs16_narrow) << 3)
    }
}

/// Whether `doc` reads like a book, whose paragraphs are marked by a
/// first-line indent (`　`) or open with a quote bracket, rather than by
/// blank lines as news and web text are: an EPUB, or a text where most of
/// the (first 2,000) paragraphs start so. Decides `paragraph_spacing =
/// auto`.
pub fn looks_like_a_book(doc: &Document) -> bool {
    use super::document::rich::Format;
    if doc.metadata().format == Format::Epub {
        return true;
    }
    let sample = doc.paragraph_count().min(2000);
    if sample == 0 {
        return false;
    }
    let marked = doc
        .paragraphs()
        .take(sample)
        .filter(|p| p.starts_with(['\u{3000}', '「', '『', '（', '“', '―', '—']) || doc_indented(p))
        .count();
    marked * 2 > sample
}

/// A paragraph that starts with two or more ASCII spaces or a tab (how
/// plain-text books often indent).
fn doc_indented(paragraph: &str) -> bool {
    paragraph.starts_with('\t') || paragraph.starts_with("  ")
}

/// The opening and closing marks of inline ruby.
const OPEN: &str = "（";
const CLOSE: &str = "）";

/// A ruby as shown: its base in the displayed text and its reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedRuby<'d> {
    /// The base, bytes of [`Typeset::text`].
    pub base: Range<usize>,
    /// The reading.
    pub reading: &'d str,
    /// The reading's width in cells of the measure.
    pub width: usize,
}

/// Something drawn beside a line, on the row above it (to the right of a
/// vertical column): a ruby reading or one emphasis dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation<'d> {
    /// First cell, counted like the line's placements (from the line's
    /// start, indent not included; rows of two cells in vertical text).
    pub x: usize,
    /// What is drawn.
    pub text: Cow<'d, str>,
    /// The cells it may take (readings are cut to the line's end).
    pub room: usize,
    /// The cells `text` takes (at most `room`), so drawing need not
    /// measure it again.
    pub cells: usize,
}

/// One paragraph ready to lay out and draw.
#[derive(Debug, Clone)]
pub struct Typeset<'d> {
    text: Cow<'d, str>,
    /// Inline readings written into the text: (display offset, bytes),
    /// sorted.
    inserts: Vec<(usize, usize)>,
    groups: Vec<Group>,
    rubies: Vec<PlacedRuby<'d>>,
    dots: Vec<(Range<usize>, DotKind)>,
    block: Block,
    options: LayoutOptions,
    vertical: bool,
    ruby: RubyMode,
    /// The text has forced line breaks (line feeds) to hide.
    line_feeds: bool,
    vs16_narrow: bool,
    /// Drawn inside a box (see [`draws_box`]).
    boxed: bool,
}

/// Typeset paragraph `p` of `doc` for `view`.
pub fn typeset<'d>(doc: &'d Document, p: usize, view: &ViewOptions) -> Typeset<'d> {
    let reading = doc.paragraph(p);
    let base = doc.paragraph_range(p).start;
    let block = doc.block(p);
    let boxed = draws_box(&block, &view.layout, view.vertical);
    let options = block_options(&view.layout, &block, boxed);
    let ruby = doc.ruby_in(p);
    let measure = |s: &str| text_cells(s, view.layout.ambiguous, view.vertical);
    let narrowest = options.width.saturating_sub(usize::from(block.indent.max(block.wrap_indent)) * 2);
    let mut t = Typeset {
        text: Cow::Borrowed(reading),
        inserts: Vec::new(),
        groups: Vec::new(),
        rubies: Vec::new(),
        dots: Vec::new(),
        block,
        options,
        vertical: view.vertical,
        ruby: view.ruby,
        line_feeds: memchr::memchr(b'\n', reading.as_bytes()).is_some(),
        vs16_narrow: view.vs16_narrow,
        boxed,
    };
    match view.ruby {
        RubyMode::Off => {}
        RubyMode::Above => {
            for r in ruby {
                let range = r.base_start as usize - base..r.base_end as usize - base;
                let reading = doc.reading(r);
                let width = measure(reading);
                t.groups.push(Group {
                    start: range.start as u32,
                    end: range.end as u32,
                    min_width: width.min(u16::MAX as usize) as u16,
                });
                t.rubies.push(PlacedRuby { base: range, reading, width });
            }
        }
        RubyMode::Inline if !ruby.is_empty() => {
            let extra: usize = ruby.iter().map(|r| doc.reading(r).len() + OPEN.len() + CLOSE.len()).sum();
            let mut shown = String::with_capacity(reading.len() + extra);
            let mut at = 0;
            for r in ruby {
                let range = r.base_start as usize - base..r.base_end as usize - base;
                shown.push_str(&reading[at..range.end]);
                let start = shown.len() - range.len();
                let inserted = shown.len();
                shown.push_str(OPEN);
                let reading_text = doc.reading(r);
                shown.push_str(reading_text);
                shown.push_str(CLOSE);
                t.inserts.push((inserted, shown.len() - inserted));
                // The base stays with its opening parenthesis and the first
                // character of the reading, when they fit a line together;
                // else the base alone stays whole.
                let first = reading_text.chars().next().map_or("", |c| &reading_text[..c.len_utf8()]);
                let together = measure(&reading[range.clone()]) + measure(OPEN) + measure(first);
                let end = if together <= narrowest {
                    inserted + OPEN.len() + first.len()
                } else {
                    range.end + start - range.start
                };
                t.groups.push(Group { start: start as u32, end: end as u32, min_width: 0 });
                at = range.end;
            }
            shown.push_str(&reading[at..]);
            t.text = Cow::Owned(shown);
        }
        RubyMode::Inline => {}
    }
    for span in doc.spans_in(p) {
        if let Style::Dots(kind) = span.style {
            let range = t.to_display(span.start as usize - base)..t.to_display(span.end as usize - base);
            t.dots.push((range, kind));
        }
    }
    t
}

/// The layout options of a paragraph with `block` attributes shown with
/// `view` options: a narrower measure (字詰め) and a box take cells away.
fn block_options(view: &LayoutOptions, block: &Block, boxed: bool) -> LayoutOptions {
    let mut options = *view;
    if block.measure > 0 {
        options.width = options.width.min(usize::from(block.measure) * 2);
    }
    if boxed {
        options.width -= BOX_CELLS;
    }
    options
}

/// Cells a box (罫囲み) takes from the measure: a rule and a blank on each
/// side.
pub const BOX_CELLS: usize = 4;

/// Whether a boxed block (罫囲み) is drawn inside a box at `view`: in
/// horizontal text with room for one (else it is a plain block, as the
/// notation allows where space is short, and in vertical text, where a
/// terminal has no room for rules between columns).
pub fn draws_box(block: &Block, view: &LayoutOptions, vertical: bool) -> bool {
    let width = if block.measure > 0 { view.width.min(usize::from(block.measure) * 2) } else { view.width };
    block.boxed && !vertical && width > 2 * BOX_CELLS
}

/// Whether paragraph `p` of `doc` is drawn inside a box at `view` (see
/// [`draws_box`]).
pub fn is_boxed(doc: &Document, p: usize, view: &ViewOptions) -> bool {
    p < doc.paragraph_count() && draws_box(&doc.block(p), &view.layout, view.vertical)
}

/// `text` cut to fit `cells`, its last character replaced by `…` when cut.
fn cut_to(text: &str, cells: usize, ambiguous: AmbiguousWidth, vertical: bool) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mark = if vertical { "︙" } else { "…" };
    let room = cells.saturating_sub(text_cells(mark, ambiguous, vertical));
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = text_cells(g, ambiguous, vertical);
        if used + w > room {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push_str(mark);
    out
}

/// The cells `text` takes, as the layout measures it.
fn text_cells(text: &str, ambiguous: AmbiguousWidth, vertical: bool) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    // Most readings are kana: each a cluster of its own (a combining mark
    // after one is not kana, so it takes the general way) two cells wide.
    let kana = |c: char| matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー');
    if text.chars().all(kana) {
        return 2 * text.chars().count();
    }
    text.graphemes(true)
        .map(|g| {
            let w = cluster_width(g, ambiguous, 0, 1);
            if vertical && w > 0 { 2 } else { w }
        })
        .sum()
}

impl<'d> Typeset<'d> {
    /// The text that is laid out and drawn.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The layout options for this paragraph (its block's measure applied).
    pub fn options(&self) -> &LayoutOptions {
        &self.options
    }

    /// The paragraph's block attributes.
    pub fn block(&self) -> &Block {
        &self.block
    }

    /// Whether the paragraph is drawn inside a box (see [`draws_box`]).
    pub fn boxed(&self) -> bool {
        self.boxed
    }

    /// Whether the text is vertical.
    pub fn vertical(&self) -> bool {
        self.vertical
    }

    /// The shape the layout engine needs.
    pub fn shape(&self) -> Shape<'_> {
        Shape {
            groups: &self.groups,
            first_indent: u16::from(self.block.indent) * 2,
            rest_indent: u16::from(self.block.wrap_indent) * 2,
            vertical: self.vertical,
            hide_line_feeds: self.line_feeds,
            vs16_narrow: self.vs16_narrow,
        }
    }

    /// Lay the paragraph out, appending its lines to `out`; a line that
    /// carries ruby or emphasis dots (shown on a row of their own) is marked
    /// `annotated`.
    pub fn layout(&self, layouter: &mut Layouter, out: &mut Vec<Line>) {
        let from = out.len();
        layouter.layout_shaped_into(&self.text, &self.options, &self.shape(), out);
        if self.ruby == RubyMode::Above && (!self.rubies.is_empty() || !self.dots.is_empty()) {
            for line in &mut out[from..] {
                line.annotated = self.annotates(line.range());
            }
        }
    }

    /// Whether something is drawn beside `range` of the text.
    fn annotates(&self, range: Range<usize>) -> bool {
        let overlaps = |r: &Range<usize>| r.start < range.end && range.start < r.end;
        self.rubies.iter().any(|r| overlaps(&r.base)) || self.dots.iter().any(|(r, _)| overlaps(r))
    }

    /// The ruby to draw beside the text (in `above` mode).
    pub fn rubies(&self) -> &[PlacedRuby<'d>] {
        if self.ruby == RubyMode::Above { &self.rubies } else { &[] }
    }

    /// Emphasis dots: ranges of the text and their kind.
    pub fn dots(&self) -> &[(Range<usize>, DotKind)] {
        &self.dots
    }

    /// What is drawn beside `line` (empty unless the line is `annotated`):
    /// each emphasis dot centred over its character, each reading over its
    /// base — where the base was spaced out to the reading's width, the
    /// reading fills those cells exactly; else it is centred over the base.
    pub fn annotations(&self, line: &Line) -> Vec<Annotation<'d>> {
        if !line.annotated {
            return Vec::new();
        }
        self.annotations_placed(line, &placements_shaped(&self.text, line, &self.options, &self.shape()))
    }

    /// [`Typeset::annotations`] for a caller that has placed the line's
    /// clusters already (`placed`, from [`placements_shaped`] with this
    /// typesetting's options and shape), so they are not placed twice.
    pub fn annotations_placed(&self, line: &Line, placed: &[Placement]) -> Vec<Annotation<'d>> {
        if !line.annotated {
            return Vec::new();
        }
        let line_width = line.width as usize;
        let mut out = Vec::new();
        // Readings first: emphasis dots give way where a reading stands.
        // Each is placed first (x, reading, its cells), in base order.
        let mut readings: Vec<(usize, Cow<'d, str>, usize)> = Vec::new();
        // The rubies are in text order with bases that do not overlap, and
        // the placements in text order: both are searched, not scanned.
        let (line_start, line_end) = (line.start as usize, line.end as usize);
        let from = self.rubies.partition_point(|r| r.base.end <= line_start);
        for ruby in self.rubies[from..].iter().take_while(|r| r.base.start < line_end) {
            let first = placed.partition_point(|p| p.bytes.start < ruby.base.start);
            let last = placed.partition_point(|p| p.bytes.start < ruby.base.end);
            let Some(inside) = placed.get(first..last).filter(|inside| !inside.is_empty()) else { continue };
            let (first, last) = (&inside[0], &inside[inside.len() - 1]);
            let (start, end) = (first.x, last.x + last.width);
            let base = end - start;
            let whole = ruby.base.start >= line.start as usize && ruby.base.end <= line.end as usize;
            // A base split across lines: each line shows its share of the
            // reading, in proportion to its share of the base.
            let reading = if whole {
                Cow::Borrowed(ruby.reading)
            } else {
                Cow::Owned(self.reading_share(ruby, first.bytes.start, last.bytes.end))
            };
            let width = if whole { ruby.width } else { text_cells(&reading, self.options.ambiguous, self.vertical) };
            let x = if whole && width > base {
                // The base was spaced out to the reading's width: the
                // reading fills exactly those cells.
                start.saturating_sub((width - base) / 2)
            } else {
                start + base.saturating_sub(width) / 2
            };
            // A reading wider than what is left of the line moves back to
            // fit, but not over the reading before it (which gives way
            // where it would run into this one's own place).
            let floor = readings.last().map_or(0, |(before, _, w)| (before + w).min(x));
            let x = x.min(line_width.saturating_sub(width)).max(floor);
            readings.push((x, reading, width));
        }
        // Each reading has the cells up to the next one (or the line's
        // end); one wider is cut there with a mark.
        for i in 0..readings.len() {
            let (x, width) = (readings[i].0, readings[i].2);
            let limit = readings.get(i + 1).map_or(line_width, |next| next.0.min(line_width));
            let room = limit.saturating_sub(x);
            if room == 0 {
                continue;
            }
            let (text, cells) = if width > room {
                let cut = cut_to(&readings[i].1, room, self.options.ambiguous, self.vertical);
                let cells = text_cells(&cut, self.options.ambiguous, self.vertical);
                (Cow::Owned(cut), cells)
            } else {
                (readings[i].1.clone(), width)
            };
            // Not even the mark fits (a wide `…`, one cell left).
            if cells > room {
                continue;
            }
            out.push(Annotation { x, text, room, cells });
        }
        let shown_readings = out.len();
        let ambiguous = self.options.ambiguous;
        for (range, kind) in self.dots.iter().filter(|(r, _)| r.start < line_end && line_start < r.end) {
            let mark = kind.mark();
            let w = text_cells(mark.encode_utf8(&mut [0; 4]), ambiguous, self.vertical);
            for p in placed.iter().filter(|p| range.start <= p.bytes.start && p.bytes.start < range.end) {
                let x = p.x + p.width.saturating_sub(w) / 2;
                let free = out[..shown_readings].iter().all(|a| x + w <= a.x || a.x + a.cells <= x);
                if p.width > 0 && free {
                    out.push(Annotation { x, text: Cow::Owned(mark.to_string()), room: w, cells: w });
                }
            }
        }
        out.sort_by_key(|a| a.x);
        out
    }

    /// The part of `ruby`'s reading that goes with the part of its base
    /// from `from` to `to` (shown bytes): the reading's characters shared
    /// out in proportion to the base's.
    fn reading_share(&self, ruby: &PlacedRuby, from: usize, to: usize) -> String {
        use unicode_segmentation::UnicodeSegmentation;
        let base = &self.text[ruby.base.clone()];
        let count = |s: &str| s.graphemes(true).count();
        let total = count(base).max(1);
        let before = count(&self.text[ruby.base.start..from.max(ruby.base.start)]);
        let here = count(&self.text[from.max(ruby.base.start)..to.min(ruby.base.end)]);
        let reading: Vec<&str> = ruby.reading.graphemes(true).collect();
        let share = |chars: usize| chars * reading.len() / total;
        let (a, b) = (share(before), if before + here >= total { reading.len() } else { share(before + here) });
        reading[a.min(reading.len())..b.min(reading.len())].concat()
    }

    /// The cells before line `index` (0 is the first) starting in a space
    /// of `available` cells: its indent, and where its alignment puts it.
    pub fn line_offset(&self, index: usize, line: &Line, available: usize) -> usize {
        let shape = self.shape();
        let indent = usize::from(if index == 0 { shape.first_indent } else { shape.rest_indent })
            .min(self.options.width.saturating_sub(2));
        let measure = self.options.width.min(available);
        let free = measure.saturating_sub(indent + line.width as usize);
        let box_pad = usize::from(self.boxed) * BOX_CELLS / 2;
        box_pad
            + indent
            + match self.block.align {
                Align::Start => 0,
                Align::Center => free / 2,
                Align::End { raise } => free.saturating_sub(usize::from(raise) * 2),
            }
    }

    /// The displayed offset of reading-text offset `reading` (the same
    /// unless readings are written inline).
    pub fn to_display(&self, reading: usize) -> usize {
        let mut shift = 0;
        for &(at, len) in &self.inserts {
            // The insertion follows reading offset `at - shift` (a base's end).
            if at - shift < reading {
                shift += len;
            } else {
                break;
            }
        }
        reading + shift
    }

    /// The reading-text offset of displayed offset `display`; an offset
    /// inside an inline reading maps to the end of its base.
    pub fn to_reading(&self, display: usize) -> usize {
        let mut shift = 0;
        for &(at, len) in &self.inserts {
            if display >= at + len {
                shift += len;
            } else if display > at {
                return at - shift;
            } else {
                break;
            }
        }
        display - shift
    }

    /// Whether displayed byte `display` is part of an inline reading (drawn
    /// dim; not part of the reading text).
    pub fn is_inserted(&self, display: usize) -> bool {
        self.inserts.iter().any(|&(at, len)| (at..at + len).contains(&display))
    }

    /// A reading-text range as a displayed range.
    pub fn display_range(&self, reading: &Range<usize>) -> Range<usize> {
        self.to_display(reading.start)..self.to_display(reading.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::document::builder::DocumentBuilder;

    fn book() -> Document {
        let mut b = DocumentBuilder::new();
        b.push_str("流沙河");
        b.ruby(0..9, "りゅうさが");
        b.push_str("を渡る。");
        let s = b.offset();
        b.push_str("こう");
        b.style(s..b.offset(), Style::Dots(DotKind::Sesame));
        b.end_paragraph(Block::default());
        b.finish().unwrap()
    }

    fn view(ruby: RubyMode, width: usize) -> ViewOptions {
        ViewOptions { layout: LayoutOptions::with_width(width), ruby, vertical: false, vs16_narrow: false }
    }

    #[test]
    fn inline_ruby_is_written_after_its_base_in_full_width_parentheses() {
        let doc = book();
        let t = typeset(&doc, 0, &view(RubyMode::Inline, 80));
        assert_eq!(t.text(), "流沙河（りゅうさが）を渡る。こう");
        let wo = "流沙河".len();
        assert_eq!(t.to_display(wo), wo, "the base's end is before the reading");
        assert_eq!(t.to_display(wo + 3), "流沙河（りゅうさが）を".len());
        assert_eq!(t.to_reading("流沙河（りゅ".len()), wo);
        assert_eq!(t.to_reading("流沙河（りゅうさが）を".len()), wo + 3);
        assert!(t.is_inserted(wo) && !t.is_inserted(wo - 3));
        assert_eq!(&t.text()[t.dots()[0].0.clone()], "こう");
    }

    #[test]
    fn a_base_is_never_split_from_its_reading() {
        let doc = book();
        // 流沙河（り takes 10 cells: from there on it stays together; from 6
        // cells on the base stays whole.
        for width in 6..30 {
            let t = typeset(&doc, 0, &view(RubyMode::Inline, width));
            let mut lines = Vec::new();
            t.layout(&mut Layouter::new(), &mut lines);
            let first = &t.text()[lines[0].range()];
            let expected = if width >= 10 { "流沙河（り" } else { "流沙河" };
            assert!(first.starts_with(expected), "width {width}: {first:?}");
            assert!(lines.iter().all(|l| l.width as usize <= width));
        }
    }

    #[test]
    fn above_ruby_spaces_the_base_out_to_its_reading_and_marks_the_line() {
        let doc = book();
        let t = typeset(&doc, 0, &view(RubyMode::Above, 40));
        let mut lines = Vec::new();
        t.layout(&mut Layouter::new(), &mut lines);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].annotated);
        // 流沙河 (6 cells) in the 10 cells of りゅうさが, then 6 characters.
        assert_eq!(lines[0].width, 10 + 12);
        let off = typeset(&doc, 0, &view(RubyMode::Off, 40));
        let mut lines = Vec::new();
        off.layout(&mut Layouter::new(), &mut lines);
        assert_eq!(lines[0].width, 18);
        assert!(!lines[0].annotated, "no ruby row when ruby is off");
    }
}
