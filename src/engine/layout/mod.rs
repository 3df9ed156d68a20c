//! The layout engine: a paragraph and a width in, lines out.
//!
//! Lines are byte ranges into the paragraph with their width in cells, never
//! copied strings, so quotes, highlights and search hits (range tables over
//! the same text) map onto lines directly. Everything that draws or prints
//! text goes through [`layout_paragraph`] and [`placements`].
//!
//! PLACEHOLDER: this first version only guarantees width-correctness and
//! whole grapheme clusters; Japanese line breaking comes with the layout issue.

pub mod cache;

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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
}

impl Line {
    /// The line's byte range in the paragraph.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Lay out one paragraph. Always returns at least one line (an empty text
/// gives one empty line), and never panics, for any width.
pub fn layout_paragraph(text: &str, options: &LayoutOptions) -> Vec<Line> {
    let width = options.width.max(1);
    let mut lines = Vec::new();
    let mut start = 0usize;
    let mut used = 0usize;
    for (i, cluster) in text.grapheme_indices(true) {
        let w = cluster_width(cluster, options.ambiguous, used, options.tab_width);
        if used + w > width && i > start {
            lines.push(Line {
                start: start as u32,
                end: i as u32,
                width: used as u32,
                oversize: false,
                hanging: false,
            });
            start = i;
            used = 0;
        }
        let w = cluster_width(cluster, options.ambiguous, used, options.tab_width);
        used += w;
    }
    let oversize = used > width;
    lines.push(Line { start: start as u32, end: text.len() as u32, width: used as u32, oversize, hanging: false });
    lines
}

/// The width of one grapheme cluster placed at cell `column` of its line
/// (the column matters only for tabs).
pub fn cluster_width(cluster: &str, ambiguous: AmbiguousWidth, column: usize, tab_width: usize) -> usize {
    if cluster == "\t" {
        let tab = tab_width.max(1);
        return tab - column % tab;
    }
    match ambiguous {
        AmbiguousWidth::Narrow => cluster.width(),
        AmbiguousWidth::Wide => cluster.width_cjk(),
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
/// out as one placement covering their expanded width.
pub fn placements<'a>(
    paragraph: &'a str,
    line: &Line,
    options: &LayoutOptions,
) -> impl Iterator<Item = Placement> + 'a {
    let base = line.start as usize;
    let ambiguous = options.ambiguous;
    let tab_width = options.tab_width;
    let mut x = 0usize;
    paragraph[line.range()].grapheme_indices(true).map(move |(i, cluster)| {
        let width = cluster_width(cluster, ambiguous, x, tab_width);
        let p = Placement { bytes: base + i..base + i + cluster.len(), x, width };
        x += width;
        p
    })
}
