//! A framed box for overlays (help, lists): blank inside, a border drawn with
//! the glyphs safe for the terminal's ambiguous width, a title in the top
//! line and an optional footer in the bottom line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::cells::{fill, put_str};
use super::style::{Glyphs, Styles};
use crate::engine::layout::AmbiguousWidth;

/// Draw the box over `rect` (at least 4 × 3; smaller rects are left alone).
pub fn draw_box(
    buf: &mut Buffer,
    rect: Rect,
    title: &str,
    footer: Option<&str>,
    styles: &Styles,
    glyphs: &Glyphs,
    ambiguous: AmbiguousWidth,
) {
    if rect.width < 4 || rect.height < 3 {
        return;
    }
    for y in rect.top()..rect.bottom() {
        fill(buf, rect.x, y, rect.width, styles.text);
    }
    let inner = usize::from(rect.width - 2);
    let line = glyphs.horizontal.repeat(inner);
    let width = usize::from(rect.width);
    let [tl, tr, bl, br] = glyphs.corners;
    put_str(buf, rect.x, rect.y, &format!("{tl}{line}{tr}"), width, styles.frame, ambiguous);
    put_str(buf, rect.x, rect.bottom() - 1, &format!("{bl}{line}{br}"), width, styles.frame, ambiguous);
    for y in rect.y + 1..rect.bottom() - 1 {
        put_str(buf, rect.x, y, glyphs.vertical, 1, styles.frame, ambiguous);
        put_str(buf, rect.right() - 1, y, glyphs.vertical, 1, styles.frame, ambiguous);
    }
    let room = inner.saturating_sub(2);
    put_str(buf, rect.x + 2, rect.y, &format!(" {title} "), room, styles.frame, ambiguous);
    if let Some(footer) = footer {
        put_str(buf, rect.x + 2, rect.bottom() - 1, &format!(" {footer} "), room, styles.frame, ambiguous);
    }
}
