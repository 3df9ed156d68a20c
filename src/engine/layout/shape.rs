//! What a paragraph asks of the layout beyond its text and the width: runs
//! that must stay whole (ruby bases), indents, and the vertical measure.
//!
//! All of it is applied to the units of the first pass (see `breaks`) before
//! the lines are filled, so the one break engine serves every case:
//!
//! - **Groups** (a ruby base, with its reading's width): the group's clusters
//!   become one unit of at least `min_width` cells, so no line breaks inside
//!   it, and a reading wider than its base spaces the base out (JLREQ's
//!   answer when the reading may not overhang) instead of overlapping its
//!   neighbours' readings. A group wider than the narrowest line stays as
//!   its clusters, with its inner breaks kept for last resort: the base
//!   alone is too wide, so it must be split somewhere.
//! - **Vertical text** measures in rows: every cluster that shows takes one
//!   row (two cells of the measure — the square cell pair it is drawn in),
//!   narrow ones included (they are set upright, widened); one or two ASCII
//!   digits standing alone share one row (縦中横). The caller passes twice
//!   the column's rows as the width.
//! - **Line feeds** inside a paragraph (an EPUB `br`) are forced breaks that
//!   never show: they are dropped at the break like spaces.
//! - **Indents** narrow the first line and the others separately
//!   (字下げ, 折り返してN字下げ); see `wrap`.

use super::breaks::{LEGAL, MANDATORY, NO_END, NO_START, SPACE, TAB, Unit};
use super::width::decode_at;

/// A run of a paragraph laid out as one unit: kept on one line while it
/// fits, and given at least `min_width` cells (its clusters centred in
/// them). Offsets are bytes of the laid-out text, on cluster boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Group {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Cells the group needs at least (a ruby reading's width); its own
    /// width when that is more.
    pub min_width: u16,
}

/// Everything about one paragraph that changes its layout besides the text
/// and the [`super::LayoutOptions`]. The default asks for nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape<'a> {
    /// Runs to keep whole, sorted, not overlapping.
    pub groups: &'a [Group],
    /// Cells left free before the first line.
    pub first_indent: u16,
    /// Cells left free before the other lines.
    pub rest_indent: u16,
    /// Measure in rows of vertical text instead of cells.
    pub vertical: bool,
    /// Line feeds in the text are forced breaks that are never shown (an
    /// EPUB `br`): they are dropped at the break like spaces. Without
    /// this, a line feed is a mandatory break that ends its line, as UAX #14
    /// says (documents split paragraphs on line ends, so plain text has none).
    pub hide_line_feeds: bool,
    /// The terminal draws a narrow symbol made an emoji by U+FE0F (`☺️`) in
    /// one cell, not the two `unicode-width` gives it (tmux 3.3a does; the
    /// `--ambiguous auto` probe finds out).
    pub vs16_narrow: bool,
}

/// A unit that is a merged group (drawn with its clusters centred).
pub(crate) const GROUP: u16 = 1 << 7;
/// A line may break before this unit only when nothing else fits: it is
/// inside a group too wide to keep whole.
pub(crate) const GLUED: u16 = 1 << 8;

/// The indents actually applied at `width`: at most the width less two
/// cells, so a line always keeps room for one wide character (and no
/// indent at all below three cells).
pub(crate) fn effective_indents(shape: &Shape, width: usize) -> (usize, usize) {
    let room = width.saturating_sub(2);
    (usize::from(shape.first_indent).min(room), usize::from(shape.rest_indent).min(room))
}

/// The usable cells of the narrowest line of a paragraph laid out with
/// `shape`: what a group must fit to be kept whole.
pub(crate) fn narrowest_fill(options: &super::LayoutOptions, shape: &Shape) -> usize {
    let (first, rest) = effective_indents(shape, options.width.max(1));
    super::wrap::fill_width(options).saturating_sub(first.max(rest)).max(1)
}

/// Whether a group of `width` cells is kept whole at a line `fill` of
/// `fill` cells (the narrower of the first and the other lines). The same
/// test decides where [`super::placements_shaped`] pads a group.
#[inline]
pub(crate) fn keeps_whole(width: usize, fill: usize) -> bool {
    width <= fill
}

/// Whether `text` holds U+FE0F (VARIATION SELECTOR-16).
pub(crate) fn has_vs16(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), "\u{fe0f}".as_bytes()).is_some()
}

/// Whether `cluster` is a narrow character made an emoji by U+FE0F alone
/// (`☺️`, `❤️`): what terminals disagree about. Keycaps and sequences with
/// more in them are left alone.
pub(crate) fn is_narrow_vs16(cluster: &str) -> bool {
    let mut chars = cluster.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(base), Some('\u{fe0f}'), None) => unicode_width::UnicodeWidthChar::width(base) == Some(1),
        _ => false,
    }
}

/// Where unit `u` ends: where the next cluster starts (a unit is one
/// cluster when no group merged it).
fn units_end(text: &str, u: &Unit) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    let start = u.start as usize;
    text[start..].graphemes(true).next().map_or(text.len(), |g| start + g.len())
}

/// Whether `text` may hold Hangul (syllables U+AC00–U+D7A3 and the jamo
/// after them, or conjoining jamo U+1100–U+11FF): a byte scan for their
/// UTF-8 lead bytes, which Japanese and Chinese text almost never has.
pub(crate) fn may_have_hangul(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(0xEA, 0xEB, 0xEC, bytes).is_some()
        || memchr::memchr(0xED, bytes).is_some()
        || memchr::memmem::find_iter(bytes, &[0xE1]).any(|i| matches!(bytes.get(i + 1), Some(0x84..=0x87)))
}

fn is_hangul(c: u32) -> bool {
    matches!(c, 0xAC00..=0xD7A3 | 0xD7B0..=0xD7FF | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F)
}

/// Korean breaks between words (CSS `word-break: keep-all`): no break
/// between two Hangul clusters, so a word is split only when it is longer
/// than a line (the emergency break then finds no better place).
fn keep_all_hangul(text: &str, units: &mut [Unit]) {
    let bytes = text.as_bytes();
    let mut previous = false;
    for u in units.iter_mut() {
        let hangul = is_hangul(decode_at(bytes, u.start as usize).0);
        if hangul && previous {
            u.flags &= !LEGAL;
        }
        previous = hangul;
    }
}

/// Apply `shape` to the units of `text` (see the module documentation),
/// and keep Korean words whole. `fill` is the narrowest line's usable
/// width.
pub(crate) fn apply(text: &str, shape: &Shape, fill: usize, units: &mut Vec<Unit>) {
    if units.is_empty() {
        return;
    }
    if may_have_hangul(text) {
        keep_all_hangul(text, units);
    }
    if shape.vs16_narrow && has_vs16(text) {
        for u in units.iter_mut() {
            let end = units_end(text, u);
            if u.width == 2 && is_narrow_vs16(&text[u.start as usize..end]) {
                u.width = 1;
            }
        }
    }
    if shape.hide_line_feeds {
        for u in units.iter_mut() {
            if text.as_bytes()[u.start as usize] == b'\n' {
                u.flags = (u.flags | SPACE) & !TAB;
                u.width = 1;
            }
        }
    }
    if shape.vertical {
        verticalize(text, units);
    }
    if !shape.groups.is_empty() {
        merge_groups(shape.groups, fill, units);
    }
}

/// The width of a cluster in vertical text, in cells of the measure (two a
/// row), given its width in horizontal text and whether it is the second
/// digit of a 縦中横 pair.
#[inline]
pub(crate) fn vertical_width(horizontal: usize, second_of_pair: bool) -> usize {
    if horizontal == 0 || second_of_pair { 0 } else { 2 }
}

/// Whether the cluster at byte `at` of `text` (starting with code point `c`)
/// is the second digit of a 縦中横 pair: exactly two ASCII digits, with no
/// ASCII letter or digit on either side.
pub(crate) fn is_second_of_pair(text: &str, at: usize, c: u32) -> bool {
    let bytes = text.as_bytes();
    let alnum = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    (c as u8).is_ascii_digit()
        && c < 0x80
        && at >= 1
        && bytes[at - 1].is_ascii_digit()
        && !alnum(at + 1)
        && (at < 2 || !alnum(at - 2))
}

fn verticalize(text: &str, units: &mut [Unit]) {
    for u in units.iter_mut() {
        let at = u.start as usize;
        let (c, _) = decode_at(text.as_bytes(), at);
        let horizontal = if u.flags & TAB != 0 { 1 } else { usize::from(u.width) };
        let w = vertical_width(horizontal, is_second_of_pair(text, at, c));
        u.width = w as u16;
        u.flags &= !TAB;
        if u.flags & SPACE != 0 {
            u.width = 2;
        }
    }
}

/// Merge each group's units into one (or glue them when the group is wider
/// than `fill`), in one compacting pass.
fn merge_groups(groups: &[Group], fill: usize, units: &mut Vec<Unit>) {
    let mut write = 0;
    let mut read = 0;
    let n = units.len();
    for g in groups {
        // Copy the units before the group.
        while read < n && units[read].start < g.start {
            units[write] = units[read];
            write += 1;
            read += 1;
        }
        if read >= n || units[read].start != g.start {
            continue; // not on a unit boundary: ignore the group
        }
        let first = read;
        let mut natural = 0usize;
        while read < n && units[read].start < g.end {
            natural += usize::from(units[read].width);
            read += 1;
        }
        let last = read - 1;
        let width = natural.max(usize::from(g.min_width));
        if keeps_whole(width, fill) {
            let flags = (units[first].flags & (LEGAL | MANDATORY | NO_START)) | (units[last].flags & NO_END) | GROUP;
            units[write] = Unit { start: units[first].start, width: width.min(u16::MAX as usize) as u16, flags };
            write += 1;
        } else {
            for (k, i) in (first..=last).enumerate() {
                let mut u = units[i];
                if k > 0 {
                    if u.flags & LEGAL != 0 {
                        u.flags |= GLUED;
                    }
                    u.flags &= !LEGAL;
                }
                units[write] = u;
                write += 1;
            }
        }
    }
    while read < n {
        units[write] = units[read];
        write += 1;
        read += 1;
    }
    units.truncate(write);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_of_digits_share_a_row_and_longer_runs_do_not() {
        let text = "2024年7月30日SCO3a";
        let second: Vec<usize> =
            text.char_indices().filter(|&(i, c)| is_second_of_pair(text, i, c as u32)).map(|(i, _)| i).collect();
        assert_eq!(second, [text.find("0日").unwrap()], "only the 0 of 30");
    }

    #[test]
    fn korean_breaks_between_words_and_splits_a_word_only_when_it_is_too_long() {
        use crate::engine::layout::{LayoutOptions, layout_paragraph};
        let text = "대한민국의 수도는 서울입니다";
        let lines: Vec<&str> =
            layout_paragraph(text, &LayoutOptions::with_width(12)).iter().map(|l| &text[l.range()]).collect();
        assert_eq!(lines, ["대한민국의", "수도는", "서울입니다"]);
        let long = "가나다라마바사아자차카타";
        let lines = layout_paragraph(long, &LayoutOptions::with_width(8));
        assert_eq!(lines.len(), 3, "a word longer than the line is split");
        assert!(lines.iter().all(|l| l.width <= 8));
        assert!(!may_have_hangul("日本語のテキスト、漢字とかな。"));
    }

    #[test]
    fn a_terminal_that_draws_vs16_emoji_narrow_gets_them_narrow() {
        use crate::engine::layout::{LayoutOptions, Layouter, placements_shaped};
        let text = "a\u{263a}\u{fe0f}b";
        let options = LayoutOptions::with_width(10);
        for (narrow, cells) in [(false, 4), (true, 3)] {
            let shape = Shape { vs16_narrow: narrow, ..Shape::default() };
            let mut lines = Vec::new();
            Layouter::new().layout_shaped_into(text, &options, &shape, &mut lines);
            assert_eq!(lines[0].width, cells, "narrow = {narrow}");
            let widths: Vec<usize> =
                placements_shaped(text, &lines[0], &options, &shape).iter().map(|p| p.width).collect();
            assert_eq!(widths.iter().sum::<usize>(), cells as usize);
        }
        assert!(
            is_narrow_vs16("\u{2764}\u{fe0f}") && !is_narrow_vs16("\u{1f600}") && !is_narrow_vs16("1\u{fe0f}\u{20e3}")
        );
    }

    #[test]
    fn indents_leave_room_for_one_wide_character() {
        let shape = Shape { first_indent: 10, rest_indent: 4, ..Shape::default() };
        assert_eq!(effective_indents(&shape, 8), (6, 4));
        assert_eq!(effective_indents(&shape, 2), (0, 0));
    }
}
