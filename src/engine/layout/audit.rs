//! An independent checker of laid-out lines: the violations table of the
//! layout issue, the `layout_violations` test and example.
//!
//! It shares no rule or width code with the engine: the character lists are
//! written out again here from the Japanese layout notes, widths are asked of
//! `unicode-width` and clusters of `unicode-segmentation` directly. A bug in
//! the engine's tables therefore shows up as a violation rather than being
//! checked against itself.

use std::ops::AddAssign;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::{AmbiguousWidth, LayoutOptions, Layouter, Line, Strictness};
use crate::engine::document::Document;

/// Never at a line start, at any strictness.
const NO_START_ALWAYS: &str = "’”）〕］｝〉》」』】⦆｠〙〗»〟‐〜゠–！？‼⁇⁈⁉：；。．、，…‥)]}";
/// Never at a line start unless `normal` or `loose`.
const NO_START_STRICT: &str = "ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ";
/// Never at a line start unless `loose`.
const NO_START_NOT_LOOSE: &str = "ヽヾゝゞ々〻・";
/// Never at a line end.
const NO_END: &str = "‘“（〔［｛〈《「『【⦅｟〘〖«〝([{";

/// Counts of broken rules over some laid-out paragraphs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Violations {
    /// Lines checked.
    pub lines: usize,
    /// Lines wider than the width (a lone oversize cluster excepted), or whose
    /// reported width is not what they measure.
    pub too_wide: usize,
    /// Lines out of order, overlapping, or with anything but ASCII spaces
    /// between them or after the last one.
    pub lost_or_duplicated: usize,
    /// Line boundaries inside a grapheme cluster.
    pub split_clusters: usize,
    /// Lines starting with a character that may not start a line.
    pub forbidden_starts: usize,
    /// Lines ending with a character that may not end a line.
    pub forbidden_ends: usize,
    /// Breaks inside a Latin/digit run that fits an empty line, or inside
    /// `——`/`……` (`……` may break when loose).
    pub split_runs: usize,
    /// Not counted above nor in [`Violations::total`]: breaks that break a
    /// rule but cannot be avoided, because the text around them that no rule
    /// lets break (e.g. `ジェッ`, or a row of forty `…`) is wider than the
    /// whole width.
    pub forced: usize,
}

impl Violations {
    /// All violations, whatever the kind.
    pub fn total(&self) -> usize {
        self.too_wide
            + self.lost_or_duplicated
            + self.split_clusters
            + self.forbidden_starts
            + self.forbidden_ends
            + self.split_runs
    }
}

impl AddAssign for Violations {
    fn add_assign(&mut self, o: Self) {
        self.lines += o.lines;
        self.too_wide += o.too_wide;
        self.lost_or_duplicated += o.lost_or_duplicated;
        self.split_clusters += o.split_clusters;
        self.forbidden_starts += o.forbidden_starts;
        self.forbidden_ends += o.forbidden_ends;
        self.split_runs += o.split_runs;
        self.forced += o.forced;
    }
}

fn cluster_cells(cluster: &str, ambiguous: AmbiguousWidth) -> usize {
    match ambiguous {
        AmbiguousWidth::Narrow => cluster.width(),
        AmbiguousWidth::Wide => {
            let greek_or_cyrillic = cluster
                .chars()
                .next()
                .is_some_and(|c| ('\u{391}'..='\u{3C9}').contains(&c) || ('\u{401}'..='\u{451}').contains(&c));
            if greek_or_cyrillic { 2 } else { cluster.width_cjk() }
        }
    }
}

/// Cells of a line, measured afresh: tabs go to the next stop, clamped to the
/// usable width (less the two-cell margin when hanging from width 4).
fn measure(line: &str, options: &LayoutOptions) -> (usize, usize) {
    let width = options.width.max(1);
    let fill = if options.hanging && width >= 4 { width - 2 } else { width };
    let tab = options.tab_width.max(1);
    let mut cells = 0;
    let mut clusters = 0;
    for g in line.graphemes(true) {
        clusters += 1;
        cells += if g == "\t" {
            (tab - cells % tab).min(fill.saturating_sub(cells)).max(1)
        } else {
            cluster_cells(g, options.ambiguous)
        };
    }
    (cells, clusters)
}

fn forbidden_start(c: char, options: &LayoutOptions) -> bool {
    NO_START_ALWAYS.contains(c)
        || (options.strictness == Strictness::Strict && NO_START_STRICT.contains(c))
        || (options.strictness != Strictness::Loose && NO_START_NOT_LOOSE.contains(c))
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Check the `lines` of one paragraph `text` laid out with `options`.
pub fn audit_paragraph(text: &str, lines: &[Line], options: &LayoutOptions) -> Violations {
    let mut v = Violations { lines: lines.len(), ..Violations::default() };
    let width = options.width.max(1);
    let boundaries: Vec<usize> =
        text.grapheme_indices(true).map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let mut at = 0usize;
    for (n, line) in lines.iter().enumerate() {
        let (start, end) = (line.start as usize, line.end as usize);
        let Some(body) = text.get(start..end).filter(|_| start >= at) else {
            v.lost_or_duplicated += 1;
            continue;
        };
        if !text[at..start].bytes().all(|b| b == b' ') {
            v.lost_or_duplicated += 1;
        }
        for edge in [start, end] {
            if boundaries.binary_search(&edge).is_err() {
                v.split_clusters += 1;
            }
        }
        let (cells, clusters) = measure(body, options);
        let lone_oversize = line.oversize && clusters == 1 && cells > width;
        if cells != line.width as usize || (cells > width && !lone_oversize) {
            v.too_wide += 1;
        }
        if n > 0 {
            let previous = &text[..start];
            let bad_start = body.chars().next().is_some_and(|c| forbidden_start(c, options))
                && !loose_ellipsis_pair(previous, body, options);
            let bad_end = last_base(previous.trim_end_matches(' ')).is_some_and(|c| NO_END.contains(c));
            let bad_run = start == at && split_run(text, start, width, options);
            if bad_start || bad_end || bad_run {
                if glued_cells_around(text, start, options) > width {
                    v.forced += 1;
                } else {
                    v.forbidden_starts += bad_start as usize;
                    v.forbidden_ends += bad_end as usize;
                    v.split_runs += bad_run as usize;
                }
            }
        }
        at = end;
    }
    if !text[at.min(text.len())..].bytes().all(|b| b == b' ') {
        v.lost_or_duplicated += 1;
    }
    v
}

/// The first character (the base) of the last cluster of `text`.
fn last_base(text: &str) -> Option<char> {
    text.graphemes(true).next_back().and_then(|g| g.chars().next())
}

/// Loose allows a break between two ellipses.
fn loose_ellipsis_pair(previous: &str, body: &str, options: &LayoutOptions) -> bool {
    options.strictness == Strictness::Loose
        && last_base(previous.trim_end_matches(' ')).is_some_and(|c| c == '…' || c == '‥')
        && body.starts_with(['…', '‥'])
}

/// Whether no rule allows a break between two adjacent clusters.
fn glued(a: &str, b: &str, options: &LayoutOptions) -> bool {
    let (Some(x), Some(y)) = (a.chars().next(), b.chars().next()) else {
        return false;
    };
    (forbidden_start(y, options) && !loose_ellipsis_pair(a, b, options))
        || NO_END.contains(x)
        || (is_alnum(x) && is_alnum(y))
        || (x == y && x == '—')
}

/// The width of the text around byte `at` that no rule lets break: clusters
/// joined to their neighbours by [`glued`], on both sides of `at`.
fn glued_cells_around(text: &str, at: usize, options: &LayoutOptions) -> usize {
    let mut cells = 0;
    let mut after = text[at..].graphemes(true).peekable();
    let mut right = after.next().unwrap_or("");
    cells += cluster_cells(right, options.ambiguous);
    for g in after {
        if !glued(right, g, options) {
            break;
        }
        cells += cluster_cells(g, options.ambiguous);
        right = g;
    }
    let mut left = text[at..].graphemes(true).next().unwrap_or("");
    for g in text[..at].graphemes(true).rev() {
        if !glued(g, left, options) {
            break;
        }
        cells += cluster_cells(g, options.ambiguous);
        left = g;
    }
    cells
}

/// Lay out every paragraph of `document` with `options` and check the lines.
pub fn audit_document(document: &Document, options: &LayoutOptions) -> Violations {
    let mut layouter = Layouter::new();
    let mut lines = Vec::new();
    let mut total = Violations::default();
    for paragraph in document.paragraphs() {
        lines.clear();
        layouter.layout_into(paragraph, options, &mut lines);
        total += audit_paragraph(paragraph, &lines, options);
    }
    total
}

/// Whether a break at byte `at` (no spaces dropped there) splits a run that
/// should stay whole.
fn split_run(text: &str, at: usize, width: usize, options: &LayoutOptions) -> bool {
    let (Some(before), Some(after)) = (last_base(&text[..at]), text[at..].chars().next()) else {
        return false;
    };
    if before == after && (before == '—' || (before == '…' && options.strictness != Strictness::Loose)) {
        return true;
    }
    if !(is_alnum(before) && is_alnum(after)) {
        return false;
    }
    let run_start =
        text[..at].rfind(|c: char| !is_alnum(c)).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let run_end = text[at..].find(|c: char| !is_alnum(c)).map_or(text.len(), |i| at + i);
    run_end - run_start <= width
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(start: u32, end: u32, width: u32) -> Line {
        Line { start, end, width, oversize: false, hanging: false, annotated: false }
    }

    #[test]
    fn every_kind_of_violation_is_caught() {
        let o = LayoutOptions::with_width(4);
        // "あいう" in one line of 6 cells: too wide.
        assert_eq!(audit_paragraph("あいう", &[line(0, 9, 6)], &o).too_wide, 1);
        // A wrong reported width is caught too.
        assert_eq!(audit_paragraph("あい", &[line(0, 6, 3)], &o).too_wide, 1);
        // A lost character and a duplicated one.
        assert_eq!(audit_paragraph("あいう", &[line(0, 3, 2), line(6, 9, 2)], &o).lost_or_duplicated, 1);
        assert_eq!(audit_paragraph("あい", &[line(0, 6, 4), line(3, 6, 2)], &o).lost_or_duplicated, 1);
        // A cut through か + combining dakuten.
        assert_eq!(audit_paragraph("か\u{3099}", &[line(0, 3, 2), line(3, 6, 0)], &o).split_clusters, 2);
        // 。 at a line start and 「 at a line end.
        let v =
            audit_paragraph("あ「い。", &[line(0, 6, 4), line(6, 9, 2), line(9, 12, 2)], &LayoutOptions::with_width(8));
        assert_eq!((v.forbidden_ends, v.forbidden_starts), (1, 1));
        // 2024 cut in two although it fits the width.
        assert_eq!(audit_paragraph("2024", &[line(0, 2, 2), line(2, 4, 2)], &o).split_runs, 1);
        // ...but not when it cannot fit an empty line.
        assert_eq!(audit_paragraph("20245", &[line(0, 4, 4), line(4, 5, 1)], &o).split_runs, 0);
        assert_eq!(audit_paragraph("——", &[line(0, 3, 1), line(3, 6, 1)], &o).split_runs, 1);
        // ジェッ cannot fit 4 cells: ッ at a line start is forced, not counted.
        let v = audit_paragraph("ジェット", &[line(0, 6, 4), line(6, 12, 4)], &o);
        assert_eq!((v.forbidden_starts, v.forced, v.total()), (0, 1, 0));
        let v = audit_paragraph("ジェット", &[line(0, 6, 4), line(6, 12, 4)], &LayoutOptions::with_width(6));
        assert_eq!((v.forbidden_starts, v.forced), (1, 0));
    }

    #[test]
    fn a_correct_layout_has_no_violations() {
        let o = LayoutOptions::with_width(4);
        let v = audit_paragraph("あい うえ", &[line(0, 6, 4), line(7, 13, 4)], &o);
        assert_eq!(v.total(), 0, "{v:?}");
        assert_eq!(v.lines, 2);
    }
}
