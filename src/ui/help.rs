//! The `?` help overlay, generated from the keymap and the action table so
//! it always shows the keys actually bound.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::cells::{fill, put_str, text_width};
use super::style::{Glyphs, Styles};
use crate::app::action::{ACTIONS, Group};
use crate::app::keymap::Keymap;
use crate::engine::layout::AmbiguousWidth;

/// One row of the help text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    /// A section title.
    Heading(&'static str),
    /// Keys and what they do.
    Binding(String, &'static str),
    /// A blank row between sections.
    Blank,
}

/// Keys that work in lists and prompts; they are not rebindable.
const FIXED: &[(&str, &str)] = &[
    ("Enter", "lists: go to the item; prompts: accept"),
    ("Esc", "close the list or cancel the prompt"),
    ("Up Down j k", "lists: move the selection"),
    ("Left Right", "prompts: move the cursor"),
    ("Backspace Ctrl-u Ctrl-w", "prompts: delete a character, to the start, a word"),
    ("wheel, click", "scroll; focus a paragraph; jump to a scene in the panel"),
];

/// The help text for `keymap`: every action with its keys, by section.
pub fn help_rows(keymap: &Keymap) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for group in [Group::Move, Group::Quotes, Group::Bookmarks, Group::Search, Group::General] {
        if !rows.is_empty() {
            rows.push(HelpRow::Blank);
        }
        rows.push(HelpRow::Heading(group.title()));
        for info in ACTIONS.iter().filter(|i| i.group == group) {
            let keys: Vec<String> = keymap.keys_for(info.action).iter().map(ToString::to_string).collect();
            let keys = if keys.is_empty() { "(unbound)".to_owned() } else { keys.join(" ") };
            rows.push(HelpRow::Binding(keys, info.description));
        }
    }
    rows.push(HelpRow::Blank);
    rows.push(HelpRow::Heading("Lists and prompts"));
    for (keys, what) in FIXED {
        rows.push(HelpRow::Binding((*keys).to_owned(), what));
    }
    rows
}

/// Draw the overlay centred in `area`, scrolled by `scroll` rows.
pub fn draw(
    keymap: &Keymap,
    buf: &mut Buffer,
    area: Rect,
    scroll: usize,
    styles: &Styles,
    glyphs: &Glyphs,
    ambiguous: AmbiguousWidth,
) {
    let rows = help_rows(keymap);
    let key_col = rows
        .iter()
        .map(|r| if let HelpRow::Binding(k, _) = r { text_width(k, ambiguous) } else { 0 })
        .max()
        .unwrap_or(0)
        .min(24);
    let width = area.width.min(72);
    let height = area.height.min(rows.len() as u16 + 2);
    if width < 4 || height < 3 {
        return;
    }
    let x0 = area.x + (area.width - width) / 2;
    let y0 = area.y + (area.height - height) / 2;
    let inner_w = usize::from(width - 2);
    let inner_h = usize::from(height - 2);
    let scroll = scroll.min(rows.len().saturating_sub(inner_h));
    // Frame.
    for y in y0..y0 + height {
        fill(buf, x0, y, width, styles.text);
    }
    let h = glyphs.horizontal.repeat(inner_w);
    put_str(
        buf,
        x0,
        y0,
        &format!("{}{h}{}", glyphs.corners[0], glyphs.corners[1]),
        usize::from(width),
        styles.frame,
        ambiguous,
    );
    put_str(
        buf,
        x0,
        y0 + height - 1,
        &format!("{}{h}{}", glyphs.corners[2], glyphs.corners[3]),
        usize::from(width),
        styles.frame,
        ambiguous,
    );
    for y in y0 + 1..y0 + height - 1 {
        put_str(buf, x0, y, glyphs.vertical, 1, styles.frame, ambiguous);
        put_str(buf, x0 + width - 1, y, glyphs.vertical, 1, styles.frame, ambiguous);
    }
    let title = " help: Esc closes, j/k scroll ";
    put_str(buf, x0 + 2, y0, title, inner_w.saturating_sub(2), styles.frame, ambiguous);
    for (i, row) in rows.iter().skip(scroll).take(inner_h).enumerate() {
        let y = y0 + 1 + i as u16;
        let x = x0 + 2;
        let room = inner_w.saturating_sub(2);
        match row {
            HelpRow::Heading(t) => {
                put_str(buf, x, y, t, room, styles.scene, ambiguous);
            }
            HelpRow::Binding(keys, what) => {
                put_str(buf, x, y, keys, key_col.min(room), styles.focus, ambiguous);
                let dx = key_col + 2;
                if dx < room {
                    put_str(buf, x + dx as u16, y, what, room - dx, styles.text, ambiguous);
                }
            }
            HelpRow::Blank => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_action_with_its_current_keys() {
        let ks = vec!["x".to_string()];
        let map = Keymap::with_overrides([("quit", ks.as_slice())]).unwrap();
        let rows = help_rows(&map);
        for info in ACTIONS {
            assert!(
                rows.iter().any(|r| matches!(r, HelpRow::Binding(_, d) if *d == info.description)),
                "{} missing",
                info.name
            );
        }
        assert!(rows.contains(&HelpRow::Binding("x".into(), "quit")));
        assert!(rows.contains(&HelpRow::Binding("j Down Ctrl-e Enter".into(), "scroll down one line")));
    }
}
