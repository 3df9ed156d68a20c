//! The layout engine: a paragraph and a width in, lines out.
//!
//! Lines are byte ranges into the paragraph with their width in cells, never
//! copied strings, so quotes, highlights and search hits (range tables over
//! the same text) map onto lines directly. Everything that draws or prints
//! text goes through [`layout_paragraph`] (or a [`LayoutCache`]) and
//! [`placements`].
//!
//! # How it works
//! Two passes over buffers reused from paragraph to paragraph:
//! 1. `breaks`: the paragraph becomes grapheme clusters with their widths
//!    (`width`: table lookups for ASCII, kana, kanji and full-width forms;
//!    `unicode-segmentation` and `unicode-width` for anything else) and a flag
//!    for "a line may break before this cluster": the UAX #14 opportunities
//!    (from a pair table while the text is plain Japanese, `uax`; from
//!    `unicode-linebreak` once it is not), minus what the Japanese rules
//!    forbid, plus what `normal`/`loose` strictness allow (`kinsoku`).
//!    Runs of plain clusters (a fast width, a pair-table class, not joined
//!    by the next code point) go through a short loop of their own, compiled
//!    once per strictness.
//! 2. `wrap`: greedy fill. The latest legal break that fits ends the line
//!    (push-out, 追い出し); with `hanging`, one `、。，．` may hang into a
//!    two-cell margin; a line with no legal break at all breaks as late as
//!    possible at a cluster boundary, preferring one that keeps kinsoku and
//!    Latin/digit runs, `——` and `……` whole; a cluster wider than the whole
//!    width gets a line of its own (`oversize`). Ordinary clusters that fit
//!    go through a short loop that only remembers the latest legal break.
//!
//! Tests check that both short loops give exactly what the general steps
//! give. [`placements`] takes the same fast path cluster by cluster.
//!
//! # Decisions
//! - **Ambiguous wide** counts every East Asian Ambiguous character as two
//!   cells, letters included (Greek, Cyrillic, `é`), as xterm `-cjk_width`,
//!   VTE and mintty do; `unicode-width`'s `width_cjk()` alone keeps letters
//!   narrow.
//! - **Spaces**: ASCII spaces where a line breaks are dropped and not counted
//!   (also at the end of the paragraph); spaces inside a line count one cell
//!   each and never make a line overflow on their own. Other spaces (U+3000)
//!   are text, so a leading ideographic indent stays.
//! - **Tabs** reach the next multiple of `tab_width`, clamped to the cells left
//!   on the line (at least one); [`placements`] reports the same cells.
//! - **Hard breaks** (line feed, U+2028…) that UAX #14 makes mandatory end the
//!   line; documents normally have none (they split paragraphs on line ends).
//! - **Hanging** needs a width of at least 4, so that text keeps two cells.
//! - Offsets are `u32`, like the document's: of a text longer than 4 GiB only
//!   the first 4 GiB are laid out.

mod ascii;
pub mod audit;
mod breaks;
pub mod cache;
mod kinsoku;
mod shape;
mod width;
mod wrap;

#[cfg(test)]
mod tests;
mod uax;

use std::cell::RefCell;
use std::ops::Range;

pub use cache::LayoutCache;
pub use shape::{Group, Shape};
pub use width::cluster_width;

/// How East Asian Ambiguous characters (`○※①…―☆→■“”`) are measured: one cell
/// in most terminals, two in terminals set to "ambiguous = wide".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousWidth {
    /// One cell (the default, and what ratatui assumes).
    #[default]
    Narrow,
    /// Two cells.
    Wide,
}

/// Line-breaking strictness, as in CSS `line-break`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strictness {
    /// Small kana and `ー` may not start a line (the default).
    #[default]
    Strict,
    /// Small kana and `ー` may start a line.
    Normal,
    /// Also iteration marks, `・`, and breaks inside `……`.
    Loose,
}

/// Everything that decides where lines break. Two layouts with equal options
/// are equal, so the options (with the paragraph) key the layout cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Cells available for a line; at least 1 (0 is treated as 1).
    pub width: usize,
    /// Which characters may start or end a line.
    pub strictness: Strictness,
    /// Reserve a two-cell right margin into which one `、。，．` may hang.
    pub hanging: bool,
    /// Tab stops every this many cells (at least 1).
    pub tab_width: usize,
    /// How ambiguous-width characters are measured.
    pub ambiguous: AmbiguousWidth,
}

impl LayoutOptions {
    /// Default options at `width` cells.
    pub fn with_width(width: usize) -> Self {
        LayoutOptions {
            width,
            strictness: Strictness::Strict,
            hanging: false,
            tab_width: 4,
            ambiguous: AmbiguousWidth::Narrow,
        }
    }
}

/// One laid-out line: a byte range of the paragraph and its width in cells.
///
/// Between two consecutive lines there may be a gap of ASCII spaces that were
/// dropped at the break; nothing else is ever skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Line {
    /// First byte of the line in the paragraph.
    pub start: u32,
    /// One past the last byte of the line (dropped spaces excluded).
    pub end: u32,
    /// Width in cells, including a hanging punctuation mark if any.
    pub width: u32,
    /// The line is a single grapheme cluster wider than the whole width: the
    /// renderer must draw a stand-in instead of the glyph.
    pub oversize: bool,
    /// The line ends with a punctuation mark hanging in the reserved margin.
    pub hanging: bool,
    /// Something is drawn beside the line on a row of its own (ruby,
    /// emphasis dots). The layout engine leaves it false; the typesetting
    /// of a paragraph with ruby sets it (see [`crate::engine::typeset`]).
    pub annotated: bool,
}

impl Line {
    /// The line's byte range in the paragraph.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A reusable layout engine: owns the scratch buffer of the first pass, so
/// laying out many paragraphs allocates nothing per character (and, once
/// the buffer has grown, nothing per paragraph but the returned lines).
#[derive(Debug, Default)]
pub struct Layouter {
    scratch: breaks::Scratch,
}

impl Layouter {
    /// A layouter with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lay out `text` and append its lines to `out` (see [`layout_paragraph`]).
    pub fn layout_into(&mut self, text: &str, options: &LayoutOptions, out: &mut Vec<Line>) {
        self.layout_shaped_into(text, options, &Shape::default(), out);
    }

    /// Lay out `text` as `shape` asks (groups kept whole, indents, vertical
    /// measure) and append its lines to `out`. A line's width does not
    /// include its indent; the renderer adds it.
    pub fn layout_shaped_into(&mut self, text: &str, options: &LayoutOptions, shape: &Shape, out: &mut Vec<Line>) {
        let text = within_u32(text);
        breaks::units_into(text, options, &mut self.scratch);
        if !shape.groups.is_empty()
            || shape.vertical
            || shape.hide_line_feeds
            || shape::may_have_hangul(text)
            || (shape.vs16_narrow && shape::has_vs16(text))
        {
            shape::apply(text, shape, shape::narrowest_fill(options, shape), &mut self.scratch.units);
        }
        let indents = shape::effective_indents(shape, options.width.max(1));
        wrap::fill_into(text, &self.scratch.units, options, indents, out);
        // A huge paragraph must not pin its scratch memory forever.
        if self.scratch.capacity_bytes() > SCRATCH_KEEP_BYTES {
            self.scratch = breaks::Scratch::default();
        }
    }

    /// Lay out `text` into a new vector (see [`layout_paragraph`]).
    pub fn layout(&mut self, text: &str, options: &LayoutOptions) -> Vec<Line> {
        let mut out = Vec::new();
        self.layout_into(text, options, &mut out);
        out
    }
}

/// The longest prefix of `text` whose offsets fit in `u32` (all of it, for
/// any text a [`crate::engine::document::Document`] accepts).
fn within_u32(text: &str) -> &str {
    let mut end = text.len().min(u32::MAX as usize);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Scratch memory kept between paragraphs; more is released after use.
const SCRATCH_KEEP_BYTES: usize = 1 << 20;

thread_local! {
    static LAYOUTER: RefCell<Layouter> = RefCell::new(Layouter::new());
}

/// Lay out one paragraph. Always returns at least one line (an empty text
/// gives one empty line), and never panics, for any width (0 is treated as 1).
///
/// Every line fits `options.width` unless it is a single cluster wider than
/// the whole width (`oversize`). Concatenating the lines, with the ASCII
/// spaces dropped between them, gives back `text`.
pub fn layout_paragraph(text: &str, options: &LayoutOptions) -> Vec<Line> {
    LAYOUTER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut layouter) => layouter.layout(text, options),
        // Only reachable through re-entrancy; a fresh buffer is still correct.
        Err(_) => Layouter::new().layout(text, options),
    })
}

/// Where the clusters of `line` go when the paragraph was laid out with
/// `shape`: like [`placements`], plus a kept-whole group's clusters centred
/// in its cells, and vertical text measured in rows (two cells a row; the
/// second digit of a 縦中横 pair has no width of its own, it shares the
/// first one's row). Positions do not include the line's indent.
pub fn placements_shaped(paragraph: &str, line: &Line, options: &LayoutOptions, shape: &Shape) -> Vec<Placement> {
    let mut out = Vec::new();
    placements_shaped_into(paragraph, line, options, shape, &mut out);
    out
}

/// [`placements_shaped`] into `raw` (cleared first), for a caller that
/// places line after line and keeps one buffer for all of them.
pub fn placements_shaped_into(
    paragraph: &str,
    line: &Line,
    options: &LayoutOptions,
    shape: &Shape,
    raw: &mut Vec<Placement>,
) {
    raw.clear();
    raw.extend(placements(paragraph, line, options));
    let narrow_vs16 = shape.vs16_narrow && paragraph.get(line.range()).is_some_and(shape::has_vs16);
    if shape.groups.is_empty() && !shape.vertical && !narrow_vs16 {
        return;
    }
    if narrow_vs16 {
        for p in raw.iter_mut() {
            if p.width == 2 && shape::is_narrow_vs16(&paragraph[p.bytes.clone()]) {
                p.width = 1;
            }
        }
    }
    if shape.vertical {
        for p in raw.iter_mut() {
            let (c, _) = width::decode_at(paragraph.as_bytes(), p.bytes.start);
            let horizontal = if paragraph.as_bytes()[p.bytes.start] == b'\t' { 1 } else { p.width };
            p.width = shape::vertical_width(horizontal, shape::is_second_of_pair(paragraph, p.bytes.start, c));
            if paragraph.as_bytes()[p.bytes.start] == b' ' {
                p.width = 2;
            }
        }
    }
    let fill = shape::narrowest_fill(options, shape);
    let first_group = shape.groups.partition_point(|g| g.end <= line.start);
    let mut groups = shape.groups[first_group..].iter().peekable();
    let mut x = 0usize;
    let mut i = 0usize;
    while i < raw.len() {
        let start = raw[i].bytes.start as u32;
        while groups.peek().is_some_and(|g| g.start < start) {
            groups.next();
        }
        let group = groups.peek().filter(|g| g.start == start).copied();
        match group {
            Some(g) => {
                let members = raw[i..].iter().take_while(|p| (p.bytes.start as u32) < g.end).count();
                let natural: usize = raw[i..i + members].iter().map(|p| p.width).sum();
                let cells = natural.max(usize::from(g.min_width));
                let pad = if shape::keeps_whole(cells, fill) { cells - natural } else { 0 };
                x += pad / 2;
                for p in &mut raw[i..i + members] {
                    p.x = x;
                    x += p.width;
                }
                x += pad - pad / 2;
                i += members;
                groups.next();
            }
            None => {
                raw[i].x = x;
                x += raw[i].width;
                i += 1;
            }
        }
    }
}

/// Where one grapheme cluster of a line goes on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The cluster's bytes in the paragraph.
    pub bytes: Range<usize>,
    /// Its first cell, counted from the line's start.
    pub x: usize,
    /// How many cells it covers (a tab covers its expanded width).
    pub width: usize,
}

/// The clusters of `line` with their cells, for drawing and printing. Tabs come
/// out as one placement covering their expanded width, clamped to the cells
/// left on the line exactly as [`layout_paragraph`] measured them. A line
/// that does not fit `paragraph` (from another text) yields nothing.
pub fn placements<'a>(
    paragraph: &'a str,
    line: &Line,
    options: &LayoutOptions,
) -> impl Iterator<Item = Placement> + 'a {
    let (text, start) = match paragraph.get(line.range()) {
        // Segment up to the line's end only: it is a cluster boundary, so the
        // clusters are the same as in the whole paragraph.
        Some(_) => (&paragraph[..line.end as usize], line.start as usize),
        None => ("", 0),
    };
    let ambiguous = options.ambiguous;
    let tab_width = options.tab_width;
    let fill = wrap::fill_width(options);
    let mut i = start;
    let mut x = 0usize;
    // The code point at `i`, decoded while finding the previous cluster's end.
    let mut next = if i < text.len() { width::decode_at(text.as_bytes(), i) } else { (0, 0) };
    std::iter::from_fn(move || {
        if i >= text.len() {
            return None;
        }
        let (c, len) = next;
        let (cluster, following) = width::cluster_at(text, i, c, len, ambiguous);
        next = following;
        let is_tab = c == u32::from(b'\t') && cluster.end == i + 1;
        let w = if is_tab { width::tab_cells(x, tab_width, fill) } else { cluster.width };
        let p = Placement { bytes: i..cluster.end, x, width: w };
        x += w;
        i = cluster.end;
        Some(p)
    })
}
