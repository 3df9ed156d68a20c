//! The reading area in vertical text (縦書き): columns from the right edge
//! leftwards, each [`COLUMN_CELLS`] wide (the glyph's two cells and a
//! blank), with a [`RUBY_TRACK_CELLS`] track on the right of a column that
//! carries ruby or emphasis dots. The top row holds the focus and bookmark
//! markers over their columns.

use ratatui::buffer::Buffer;

use super::body::{Paragraph, scene_title};
use super::cells::{put_cluster, put_str};
use super::style::{Glyphs, Styles};
use crate::app::App;
use crate::app::view::{COLUMN_CELLS, RUBY_TRACK_CELLS, RowKind};
use crate::engine::typeset::{Typeset, typeset};
use crate::engine::vertical::{column_slots, vertical_form};

/// Draw the reading area of `app` in vertical text.
pub fn draw(app: &App, buf: &mut Buffer, styles: &Styles, glyphs: &Glyphs) {
    let g = app.geometry();
    let body = g.body;
    let ambiguous = app.layout_options().ambiguous;
    let top = g.column_top();
    let rows = g.column_rows();
    let mut right = body.right();
    let mut current: Option<(usize, Typeset)> = None;
    for row in app.rows() {
        let extent = app.row_extent(row) as u16;
        // The blank cell left of the last column may fall off the edge.
        if right + 1 < body.x + extent {
            break;
        }
        // The glyph's two cells: right of the blank, left of a ruby track.
        let track = matches!(row.kind, RowKind::Text { line, .. } if line.annotated);
        let glyph_x = right - 2 - if track { RUBY_TRACK_CELLS as u16 } else { 0 };
        match row.kind {
            RowKind::SceneTitle { scene } => {
                let title = scene_title(app, scene, glyphs);
                draw_vertical_string(buf, glyph_x, top, rows, &title, styles.scene, ambiguous);
            }
            RowKind::Text { index, line } => {
                if current.as_ref().is_none_or(|(p, _)| *p != row.paragraph) {
                    current = Some((row.paragraph, typeset(app.doc(), row.paragraph, app.view_options())));
                }
                let Some((_, t)) = &current else { continue };
                if body.height > 1 {
                    if row.paragraph == app.focus() {
                        let mark = if index == 0 { glyphs.focus } else { glyphs.focus_more };
                        put_str(buf, glyph_x, body.y, mark, 1, styles.focus, ambiguous);
                    }
                    let deco = app.decorations(row.paragraph);
                    if index == 0 && deco.is_some_and(|d| d.bookmarked) {
                        put_str(buf, glyph_x + 1, body.y, glyphs.bookmark, 1, styles.bookmark, ambiguous);
                    }
                }
                let para = Paragraph {
                    app,
                    paragraph: row.paragraph,
                    typeset: t,
                    deco: app.decorations(row.paragraph),
                    styles,
                };
                for slot in column_slots(t, index, &line, rows) {
                    if slot.row >= rows {
                        continue;
                    }
                    let y = top + slot.row as u16;
                    let x = if slot.track { right - RUBY_TRACK_CELLS as u16 } else { glyph_x };
                    let style = match slot.byte {
                        Some(byte) => para.style_at(byte),
                        None => styles.dim,
                    };
                    put_str(buf, x, y, &slot.text, 2, style, ambiguous);
                    if slot.cells == 1 {
                        // A narrow glyph leaves the slot's second cell blank.
                        put_cluster(buf, x + 1, y, " ", 1, style);
                    }
                }
            }
            // Boxes are drawn in horizontal text only (see `draws_box`).
            RowKind::Gap | RowKind::BoxEdge { .. } => {}
        }
        right = right.saturating_sub(extent);
    }
    let ends_here = app.rows().last().is_some_and(|r| r.paragraph + 1 == app.doc().paragraph_count());
    if ends_here && right + 1 >= body.x + COLUMN_CELLS as u16 {
        draw_vertical_string(buf, right - 2, top, rows, "(end)", styles.dim, ambiguous);
    }
}

/// Draw `text` down a column at `x` from row `y`, one character a row, in
/// vertical forms, cut to `rows`.
fn draw_vertical_string(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    rows: usize,
    text: &str,
    style: ratatui::style::Style,
    ambiguous: crate::engine::layout::AmbiguousWidth,
) {
    use unicode_segmentation::UnicodeSegmentation;
    let visible = text.graphemes(true).filter(|g| !g.trim().is_empty());
    for (row, g) in visible.take(rows).enumerate() {
        let shown = vertical_form(g).map_or_else(|| g.to_owned(), |f| f.into_owned());
        put_str(buf, x, y + row as u16, &shown, 2, style, ambiguous);
    }
}
