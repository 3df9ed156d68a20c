//! The scene panel: the document's shape at a glance. Each scene gets a title
//! row (current scene marked, bookmark count) and a bar of how far through
//! it the reader is.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::cells::{put_str, text_width};
use super::style::{Glyphs, Styles};
use crate::app::App;
use crate::app::screen::{PANEL_HEADER_ROWS, PANEL_ROWS_PER_SCENE, panel_first_scene};

/// Draw the panel into `area`: a blank column (the text's right margin), the
/// separator, a blank column, then the scenes.
pub fn draw(app: &App, buf: &mut Buffer, area: Rect, styles: &Styles, glyphs: &Glyphs) {
    let ambiguous = app.layout_options().ambiguous;
    for y in area.top()..area.bottom() {
        put_str(buf, area.x + 1, y, glyphs.vertical, 1, styles.dim, ambiguous);
    }
    let x = area.x + 3;
    let width = usize::from(area.width.saturating_sub(4));
    let scenes = app.scenes().as_slice();
    put_str(buf, x, area.y, &format!("Scenes ({})", scenes.len()), width, styles.frame, ambiguous);
    let Some(current) = app.current_scene() else {
        return;
    };
    let first = panel_first_scene(scenes.len(), current, area.height);
    let mut y = area.y + PANEL_HEADER_ROWS;
    for (i, scene) in scenes.iter().enumerate().skip(first) {
        if y + PANEL_ROWS_PER_SCENE > area.bottom() {
            break;
        }
        let is_current = i == current;
        let marker = if is_current { glyphs.scene } else { " " };
        let title_style = if is_current { styles.scene } else { styles.text };
        let marks = app.bookmarks_in_scene(i);
        let count = if marks > 0 { format!(" {}{marks}", glyphs.bookmark) } else { String::new() };
        let count_width = text_width(&count, ambiguous);
        let mut title = format!("{marker}{} {}", i + 1, scene.title);
        if let Some(en) = &scene.title_en {
            title.push(' ');
            title.push_str(en);
        }
        put_str(buf, x, y, &title, width.saturating_sub(count_width), title_style, ambiguous);
        if count_width > 0 {
            let cx = x + (width - count_width) as u16;
            put_str(buf, cx, y, &count, count_width, styles.bookmark, ambiguous);
        }
        let fraction = app.scene_progress(i);
        let bar_width = width.saturating_sub(6).min(20);
        let full = ((fraction * bar_width as f64).round() as usize).min(bar_width);
        let bar = format!(
            "{}{} {:>3}%",
            glyphs.bar_full.repeat(full),
            glyphs.bar_empty.repeat(bar_width - full),
            (fraction * 100.0).round() as u32
        );
        put_str(
            buf,
            x + 1,
            y + 1,
            &bar,
            width.saturating_sub(1),
            if is_current { styles.focus } else { styles.dim },
            ambiguous,
        );
        y += PANEL_ROWS_PER_SCENE;
    }
}
