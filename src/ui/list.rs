//! List overlays (bookmarks, quotes, the library): a framed box of rows of
//! one or two lines with a selection, scrolled to keep the selection visible.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::cells::{fill, put_str, text_width, truncate};
use super::frame::draw_box;
use super::style::{Glyphs, Styles};
use crate::app::App;
use crate::app::library::{LibraryList, counted};
use crate::app::marks::bookmark_rows;
use crate::app::words::{Language, relative_day};
use crate::engine::layout::AmbiguousWidth;

/// One row of a list: main text, and a right-aligned detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    /// The main text.
    pub text: String,
    /// Shown at the right edge (time, count), cut first when room is short.
    pub detail: String,
    /// Drawn dimmed (orphans).
    pub dim: bool,
    /// A second line under the first, dimmed (a library entry's path).
    pub second: Option<String>,
}

impl ListRow {
    /// Lines the row takes.
    fn lines(&self) -> usize {
        1 + usize::from(self.second.is_some())
    }
}

/// What a list overlay shows.
pub struct ListView<'a> {
    /// Title in the top frame line.
    pub title: &'a str,
    /// Help in the bottom frame line.
    pub footer: &'a str,
    /// The rows.
    pub rows: &'a [ListRow],
    /// The selected row.
    pub selected: usize,
    /// A line shown above the rows (the filter being typed), if any.
    pub header: Option<&'a str>,
}

/// Draw `list` centred in `area`.
pub fn draw(
    list: &ListView<'_>,
    buf: &mut Buffer,
    area: Rect,
    styles: &Styles,
    glyphs: &Glyphs,
    ambiguous: AmbiguousWidth,
) {
    let width = area.width.min(100);
    let height = area.height;
    if width < 6 || height < 3 {
        return;
    }
    let x0 = area.x + (area.width - width) / 2;
    let y0 = area.y;
    let inner_w = usize::from(width - 2);
    draw_box(buf, Rect::new(x0, y0, width, height), list.title, Some(list.footer), styles, glyphs, ambiguous);
    let mut y = y0 + 1;
    let room = inner_w.saturating_sub(2);
    if let Some(header) = list.header {
        put_str(buf, x0 + 2, y, header, room, styles.focus, ambiguous);
        y += 1;
    }
    let bottom = y0 + height - 1;
    let visible = usize::from(bottom.saturating_sub(y));
    if visible == 0 || list.rows.is_empty() {
        return;
    }
    // The selected row at the bottom, the rows before it above, as many as fit.
    let mut first = list.selected.min(list.rows.len() - 1);
    let mut used = list.rows[first].lines();
    while first > 0 && used + list.rows[first - 1].lines() <= visible {
        first -= 1;
        used += list.rows[first].lines();
    }
    for (i, row) in list.rows.iter().enumerate().skip(first) {
        if y >= bottom {
            break;
        }
        let selected = i == list.selected;
        let style = if selected {
            styles.selected
        } else if row.dim {
            styles.dim
        } else {
            styles.text
        };
        if selected {
            fill(buf, x0 + 1, y, width - 2, style);
        }
        let detail_w = text_width(&row.detail, ambiguous);
        let show_detail = detail_w > 0 && detail_w + 12 < room;
        let text_room = if show_detail { room - detail_w - 2 } else { room };
        // A row cut at the edge ends in `~`, so it does not look whole.
        put_str(buf, x0 + 2, y, &truncate(&row.text, text_room, ambiguous), text_room, style, ambiguous);
        if show_detail {
            let dx = x0 + 2 + (room - detail_w) as u16;
            put_str(buf, dx, y, &row.detail, detail_w, style, ambiguous);
        }
        y += 1;
        if let Some(second) = &row.second
            && y < bottom
        {
            let style = if selected { styles.selected } else { styles.dim };
            if selected {
                fill(buf, x0 + 1, y, width - 2, style);
            }
            let room = room.saturating_sub(2);
            put_str(buf, x0 + 4, y, &truncate(second, room, ambiguous), room, style, ambiguous);
            y += 1;
        }
    }
}

/// The bookmark list's rows for `app`.
pub fn bookmark_list_rows(app: &App) -> Vec<ListRow> {
    bookmark_rows(app.marks())
        .into_iter()
        .map(|b| {
            let excerpt = b.excerpt.trim_start_matches('\u{3000}');
            let (place, dim) = match b.paragraph {
                Some(p) => (format!("{}:{}", app.scenes().scene_of(p) + 1, p + 1), false),
                None if b.orphan_highlight => (format!("gone (was {}), highlight", b.last_paragraph + 1), true),
                None => (format!("gone (was {})", b.last_paragraph + 1), true),
            };
            // The reader's own words come before the excerpt, which is cut first.
            let note = b.note.map(|n| format!("[{n}]  ")).unwrap_or_default();
            ListRow { text: format!("{place}  {note}{excerpt}"), detail: short_time(&b.created), dim, second: None }
        })
        .collect()
}

/// The highlight list's rows: where, the note, who, the text.
pub fn highlight_list_rows(app: &App) -> Vec<ListRow> {
    crate::app::marks::highlight_rows(app.marks())
        .into_iter()
        .map(|h| {
            let place = format!("{}:{}", app.scenes().scene_of(h.paragraph) + 1, h.paragraph + 1);
            let note = h.note.map(|n| format!("[{n}]  ")).unwrap_or_default();
            let who = h.speaker.map(|s| format!("{s}: ")).unwrap_or_default();
            ListRow {
                text: format!("{place}  {note}{who}{}", h.text.trim_start_matches('\u{3000}')),
                detail: String::new(),
                dim: false,
                second: None,
            }
        })
        .collect()
}

/// The quote list's rows (the quotes its filter keeps).
pub fn quote_list_rows(list: &crate::app::quotes::QuoteList) -> Vec<ListRow> {
    list.shown
        .iter()
        .map(|&i| {
            let q = &list.items[i];
            let who = q.speaker.as_deref().map(|s| format!("{s}: ")).unwrap_or_default();
            let quote = match &q.close {
                Some(close) => format!("{}{}{close}", q.open, q.text),
                None => format!("{}{} (unclosed)", q.open, q.text),
            };
            ListRow {
                text: format!("{}:{}  {who}{quote}", q.scene + 1, q.at.paragraph + 1),
                detail: String::new(),
                dim: false,
                second: None,
            }
        })
        .collect()
}

/// The library's rows: title and author, with progress and when it was last
/// opened at the right; under them, dim, the format, the marks and the path
/// (or that the file is missing).
pub fn library_list_rows(list: &LibraryList, language: Language) -> Vec<ListRow> {
    list.shown
        .iter()
        .map(|&i| {
            let e = &list.entries[i];
            let current = if e.hash == list.current { "▸ " } else { "" };
            let author = if e.authors.is_empty() { String::new() } else { format!("  {}", e.author_line()) };
            let progress = match (e.percent, e.scene) {
                (Some(p), Some((s, n))) if n > 1 => format!("{p}% {s}/{n}"),
                (Some(p), _) => format!("{p}%"),
                (None, _) => "new".to_owned(),
            };
            let opened = e.opened_time().map(|t| relative_day(t, list.now, language)).unwrap_or_default();
            let marks = if e.has_marks() { format!("{}  ", counted(e.bookmarks, e.highlights)) } else { String::new() };
            let place = if e.missing { format!("missing: {}", e.place()) } else { e.place() };
            ListRow {
                text: format!("{current}{}{author}", e.title),
                detail: format!("{progress}  {opened}"),
                dim: e.missing,
                second: Some(format!("{}  {marks}{place}", e.format)),
            }
        })
        .collect()
}

/// `2026-11-27T14:02:05Z` → `2026-11-27 14:02`.
fn short_time(rfc3339: &str) -> String {
    let s: String = rfc3339.chars().take(16).collect();
    s.replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shortened_to_the_minute() {
        assert_eq!(short_time("2026-11-27T14:02:05Z"), "2026-11-27 14:02");
        assert_eq!(short_time(""), "");
    }
}
