//! Putting text into buffer cells with emaki's own width rules.
//!
//! ratatui measures with the narrow ambiguous-width table only. emaki decides
//! every cluster's width itself (see [`crate::engine::layout::cluster_width`]),
//! and whenever its width differs from what ratatui would assume — ambiguous
//! characters in a terminal set to "wide" — the cell carries a forced width,
//! so the screen diff skips the covered cells and moves the cursor explicitly.
//! All text on screen, chrome included, goes through here.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::engine::layout::{AmbiguousWidth, cluster_width};

/// Put one cluster of `width` cells at (`x`, `y`); the cells it covers after
/// the first are blanked. Zero-width clusters are not drawn.
pub fn put_cluster(buf: &mut Buffer, x: u16, y: u16, cluster: &str, width: usize, style: Style) {
    if width == 0 || !buf.area.contains(ratatui::layout::Position { x, y }) {
        return;
    }
    clear_overlap(buf, x, y);
    // What ratatui's diff will assume the cell covers (its own rules, which
    // differ from emaki's for ambiguous characters in wide mode and for
    // half-width kana with ﾞ or ﾟ): force emaki's width when they differ, or
    // the diff would skip or blank cells the terminal does not cover.
    let native = usize::from(CellWidth::cell_width(cluster));
    let cell = &mut buf[(x, y)];
    cell.reset();
    cell.set_symbol(cluster).set_style(style);
    if native != width {
        let forced = NonZeroU16::new(width.min(u16::MAX as usize) as u16).unwrap_or(NonZeroU16::MIN);
        cell.set_diff_option(CellDiffOption::ForcedWidth(forced));
    }
    for dx in 1..width as u16 {
        let Some(cx) = x.checked_add(dx) else { break };
        if let Some(cell) = buf.cell_mut((cx, y)) {
            cell.reset();
            cell.set_style(style);
        }
    }
}

/// Before writing cell (`x`, `y`): a wide glyph starting left of it that
/// covers it (an overlay drawn over text) is replaced by a space, so the
/// terminal never shows half a glyph.
fn clear_overlap(buf: &mut Buffer, x: u16, y: u16) {
    for back in 1..=3u16 {
        let Some(left) = x.checked_sub(back) else {
            return;
        };
        let Some(cell) = buf.cell_mut((left, y)) else {
            return;
        };
        let covers = match cell.diff_option {
            CellDiffOption::ForcedWidth(w) => w.get(),
            _ => cell.symbol().width() as u16,
        };
        if covers > back {
            let style = cell.style();
            cell.reset();
            cell.set_style(style);
            return;
        }
        if !cell.symbol().is_empty() && cell.symbol() != " " {
            return;
        }
    }
}

/// Put `text` at (`x`, `y`) within `max_width` cells; a cluster that would
/// cross the limit is not drawn (the rest stays blank). Control characters
/// never reach the buffer. Returns the cells used.
pub fn put_str(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    text: &str,
    max_width: usize,
    style: Style,
    ambiguous: AmbiguousWidth,
) -> usize {
    let mut used = 0;
    for cluster in text.graphemes(true) {
        // A tab in a one-line field (a title, a note) is a space; other
        // control characters never reach the buffer.
        let cluster = if cluster == "\t" { " " } else { cluster };
        if cluster.chars().any(char::is_control) {
            continue;
        }
        let width = cluster_width(cluster, ambiguous, used, 1);
        if used + width > max_width {
            break;
        }
        put_cluster(buf, x + used as u16, y, cluster, width, style);
        used += width;
    }
    used
}

/// The width of `text` as [`put_str`] would draw it.
pub fn text_width(text: &str, ambiguous: AmbiguousWidth) -> usize {
    text.graphemes(true)
        .map(|c| if c == "\t" { " " } else { c })
        .filter(|c| !c.chars().any(char::is_control))
        .map(|c| cluster_width(c, ambiguous, 0, 1))
        .sum()
}

/// `text` cut to at most `max_width` cells, with `…` replaced by `~` when
/// cut (`~` is never ambiguous).
pub fn truncate(text: &str, max_width: usize, ambiguous: AmbiguousWidth) -> String {
    if text_width(text, ambiguous) <= max_width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for cluster in text.graphemes(true) {
        let w = cluster_width(cluster, ambiguous, used, 1);
        if used + w + 1 > max_width {
            break;
        }
        out.push_str(cluster);
        used += w;
    }
    if max_width > 0 {
        out.push('~');
    }
    out
}

/// Fill `width` cells from (`x`, `y`) with spaces in `style`.
pub fn fill(buf: &mut Buffer, x: u16, y: u16, width: u16, style: Style) {
    clear_overlap(buf, x, y);
    for dx in 0..width {
        if let Some(cell) = buf.cell_mut((x.saturating_add(dx), y)) {
            cell.reset();
            cell.set_style(style);
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;

    fn row(buf: &Buffer, y: u16) -> String {
        (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_owned()).collect()
    }

    #[test]
    fn wide_characters_cover_two_cells_and_never_cross_the_edge() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
        let used = put_str(&mut buf, 0, 0, "日本語", 5, Style::default(), AmbiguousWidth::Narrow);
        assert_eq!(used, 4);
        assert_eq!(row(&buf, 0), "日 本  ");
    }

    #[test]
    fn ambiguous_characters_are_forced_wide_in_wide_mode() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        let used = put_str(&mut buf, 0, 0, "○a※", 6, Style::default(), AmbiguousWidth::Wide);
        assert_eq!(used, 5);
        assert_eq!(buf[(0, 0)].diff_option, CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap()));
        assert_eq!(buf[(2, 0)].symbol(), "a");
        assert_eq!(buf[(3, 0)].symbol(), "※");
        // The diff sends the glyphs only, never a blank over their second cell.
        let empty = Buffer::empty(buf.area);
        let sent: Vec<u16> = empty.diff(&buf).iter().map(|(x, _, _)| *x).collect();
        assert_eq!(sent, [0, 2, 3]);
    }

    #[test]
    fn half_width_kana_with_sound_marks_never_hide_the_next_character() {
        // ratatui counts ｶﾞ as three cells; it covers two.
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        let used = put_str(&mut buf, 0, 0, "ｶﾞｯｺｳ", 8, Style::default(), AmbiguousWidth::Narrow);
        assert_eq!(used, 5);
        let empty = Buffer::empty(buf.area);
        let sent: Vec<(u16, String)> = empty.diff(&buf).iter().map(|(x, _, c)| (*x, c.symbol().to_owned())).collect();
        assert_eq!(sent, [(0, "ｶﾞ".to_owned()), (2, "ｯ".to_owned()), (3, "ｺ".to_owned()), (4, "ｳ".to_owned())]);
    }

    #[test]
    fn drawing_over_the_second_half_of_a_wide_glyph_blanks_the_glyph() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        put_str(&mut buf, 0, 0, "日本", 4, Style::default(), AmbiguousWidth::Narrow);
        put_str(&mut buf, 1, 0, "|", 1, Style::default(), AmbiguousWidth::Narrow);
        assert_eq!(row(&buf, 0), " |本 ");
    }

    #[test]
    fn control_characters_are_never_drawn() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        put_str(&mut buf, 0, 0, "a\u{1b}[b", 6, Style::default(), AmbiguousWidth::Narrow);
        assert_eq!(row(&buf, 0), "a[b   ");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("小規模会談", 6, AmbiguousWidth::Narrow), "小規~");
        assert_eq!(truncate("abc", 3, AmbiguousWidth::Narrow), "abc");
    }
}
