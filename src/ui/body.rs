//! The reading area: gutter markers, scene title rows and the laid-out text
//! with its quote, highlight and search spans.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::cells::{put_cluster, put_str};
use super::style::{Glyphs, Styles};
use crate::app::view::RowKind;
use crate::app::{App, Decorations};
use crate::engine::layout::{Line, placements};

/// Draw the reading area of `app` into `buf`.
pub fn draw(app: &App, buf: &mut Buffer, styles: &Styles, glyphs: &Glyphs) {
    let g = app.geometry();
    let body = g.body;
    let ambiguous = app.layout_options().ambiguous;
    let text_x = g.text_x();
    let text_width = usize::from(body.right().saturating_sub(text_x));
    if app.doc().is_empty() {
        put_str(buf, text_x, body.y, "(empty document)", text_width, styles.dim, ambiguous);
        return;
    }
    for (i, row) in app.rows().iter().enumerate() {
        let y = body.y + i as u16;
        match row.kind {
            RowKind::SceneTitle { scene } => {
                let s = &app.scenes().as_slice()[scene];
                let mut title = format!("{} {} {}", glyphs.scene, scene + 1, s.title);
                if let Some(en) = &s.title_en {
                    title.push_str("  ");
                    title.push_str(en);
                }
                put_str(buf, text_x, y, &title, text_width, styles.scene, ambiguous);
            }
            RowKind::Text { index, line } => {
                let deco = app.decorations(row.paragraph);
                if row.paragraph == app.focus() {
                    let mark = if index == 0 { glyphs.focus } else { glyphs.focus_more };
                    put_str(buf, body.x, y, mark, 1, styles.focus, ambiguous);
                }
                if index == 0 && deco.is_some_and(|d| d.bookmarked) {
                    put_str(buf, body.x + 1, y, glyphs.bookmark, 1, styles.bookmark, ambiguous);
                }
                draw_line(app, buf, (text_x, y), row.paragraph, &line, deco, styles);
            }
            RowKind::Gap => {}
        }
    }
    let shown = app.rows().len();
    let ends_here = app.rows().last().is_some_and(|r| r.paragraph + 1 == app.doc().paragraph_count());
    if shown < usize::from(body.height) && ends_here {
        put_str(buf, text_x, body.y + shown as u16, "(end)", text_width, styles.dim, ambiguous);
    }
}

/// Draw one laid-out line, styling each cluster by the spans it falls in.
fn draw_line(
    app: &App,
    buf: &mut Buffer,
    (x, y): (u16, u16),
    paragraph: usize,
    line: &Line,
    deco: Option<&Decorations>,
    styles: &Styles,
) {
    let text = app.doc().paragraph(paragraph);
    let options = app.layout_options();
    if line.oversize {
        put_cluster(buf, x, y, "?", 1, styles.text);
        return;
    }
    for p in placements(text, line, options) {
        let cluster = &text[p.bytes.clone()];
        let style = deco.map_or(styles.text, |d| style_at(d, p.bytes.start, styles));
        let cx = x + p.x as u16;
        if cluster == "\t" {
            for dx in 0..p.width as u16 {
                put_cluster(buf, cx + dx, y, " ", 1, style);
            }
        } else {
            put_cluster(buf, cx, y, cluster, p.width, style);
        }
    }
}

/// The style of the cluster starting at byte `at`: later tables win.
fn style_at(deco: &Decorations, at: usize, styles: &Styles) -> Style {
    let inside = |ranges: &[Range<usize>]| ranges.iter().any(|r| r.contains(&at));
    let mut style = styles.text;
    if inside(&deco.quotes) {
        style = style.patch(styles.quote);
    }
    if inside(&deco.highlights) {
        style = style.patch(styles.highlight);
    }
    if inside(&deco.matches) {
        style = style.patch(styles.matched);
    }
    if deco.current_match.as_ref().is_some_and(|r| r.contains(&at)) {
        style = style.patch(styles.current_match);
    }
    if deco.selected.as_ref().is_some_and(|r| r.contains(&at)) {
        style = style.patch(styles.selected);
    }
    style
}
