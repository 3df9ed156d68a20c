//! Drawing the `?` help overlay; its content comes from [`crate::app::help`].

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::cells::put_str;
use super::frame::draw_box;
use super::style::{Glyphs, Styles};
use crate::app::help::{HelpLine, help_view};
use crate::app::keymap::Keymap;
use crate::engine::layout::AmbiguousWidth;

/// Draw the help box of `keymap` in `area`, scrolled by `scroll` rows.
pub fn draw(
    keymap: &Keymap,
    buf: &mut Buffer,
    area: Rect,
    scroll: usize,
    styles: &Styles,
    glyphs: &Glyphs,
    ambiguous: AmbiguousWidth,
) {
    let view = help_view(keymap, area, ambiguous);
    let rect = view.rect;
    if rect.width < 4 || rect.height < 3 {
        return;
    }
    draw_box(buf, rect, "help: Esc closes, j/k scroll", None, styles, glyphs, ambiguous);
    let room = usize::from(rect.width.saturating_sub(4));
    let x = rect.x + 2;
    let inner_h = usize::from(rect.height - 2);
    for (i, line) in view.lines.iter().skip(scroll.min(view.max_scroll)).take(inner_h).enumerate() {
        let y = rect.y + 1 + i as u16;
        match line {
            HelpLine::Heading(t) => {
                put_str(buf, x, y, t, room, styles.scene, ambiguous);
            }
            HelpLine::Keys(keys) => {
                put_str(buf, x, y, keys, room, styles.focus, ambiguous);
            }
            HelpLine::Description(what) => {
                put_str(buf, x + 2, y, what, room.saturating_sub(2), styles.text, ambiguous);
            }
            HelpLine::Both(keys, what) => {
                put_str(buf, x, y, keys, view.key_col.min(room), styles.focus, ambiguous);
                let dx = view.key_col + 2;
                put_str(buf, x + dx as u16, y, what, room.saturating_sub(dx), styles.text, ambiguous);
            }
            HelpLine::More(what) => {
                let dx = view.key_col + 2;
                put_str(buf, x + dx as u16, y, what, room.saturating_sub(dx), styles.text, ambiguous);
            }
            HelpLine::Blank => {}
        }
    }
}
