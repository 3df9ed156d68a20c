//! The reading area: gutter markers, scene title rows and the laid-out text
//! with its ruby, emphasis, quote, highlight and search spans.
//!
//! Each paragraph on screen is typeset once per frame (see
//! [`crate::engine::typeset`]): that gives the shown text, where its lines
//! start (indent, alignment), and the ruby and emphasis dots drawn on the row
//! above a line that carries them. Quotes, highlights and matches are ranges
//! of the reading text; they are mapped onto the shown text cluster by
//! cluster.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};

use super::cells::{put_cluster, put_str};
use super::style::{Glyphs, Styles};
use crate::app::view::RowKind;
use crate::app::{App, Decorations};
use crate::engine::document::rich::Style as TextStyle;
use crate::engine::layout::{Line, placements_shaped};
use crate::engine::typeset::{BOX_CELLS, Typeset, is_boxed, typeset};

/// Draw the reading area of `app` into `buf`.
pub fn draw(app: &App, buf: &mut Buffer, styles: &Styles, glyphs: &Glyphs) {
    let g = app.geometry();
    let body = g.body;
    let ambiguous = app.layout_options().ambiguous;
    let text_x = app.text_left();
    let gutter_x = text_x - crate::app::screen::GUTTER_WIDTH;
    let text_width = app.layout_options().width.min(usize::from(body.right().saturating_sub(text_x)));
    if app.doc().is_empty() {
        put_str(buf, text_x, body.y, "(empty document)", text_width, styles.dim, ambiguous);
        return;
    }
    if app.view_options().vertical {
        super::vertical::draw(app, buf, styles, glyphs);
        return;
    }
    let mut y = body.y;
    let mut current: Option<(usize, Typeset)> = None;
    for row in app.rows() {
        if y >= body.bottom() {
            break;
        }
        let extent = app.row_extent(row) as u16;
        match row.kind {
            RowKind::SceneTitle { scene } => {
                let title = scene_title(app, scene, glyphs);
                put_str(buf, text_x, y, &title, text_width, styles.scene, ambiguous);
            }
            RowKind::BoxEdge { top } => {
                let (left, right) = box_span(app, row.paragraph, text_x);
                let [tl, tr, bl, br] = glyphs.corners;
                let (l, r) = if top { (tl, tr) } else { (bl, br) };
                put_str(buf, left, y, l, 1, styles.dim, ambiguous);
                for x in left + 1..right {
                    put_str(buf, x, y, glyphs.horizontal, 1, styles.dim, ambiguous);
                }
                put_str(buf, right, y, r, 1, styles.dim, ambiguous);
            }
            RowKind::Text { index, line } => {
                if current.as_ref().is_none_or(|(p, _)| *p != row.paragraph) {
                    current = Some((row.paragraph, typeset(app.doc(), row.paragraph, app.view_options())));
                }
                let Some((_, t)) = &current else { continue };
                if is_boxed(app.doc(), row.paragraph, app.view_options()) {
                    draw_box_sides(buf, box_span(app, row.paragraph, text_x), (y, extent), styles, glyphs, ambiguous);
                }
                let text_y = if line.annotated { y + 1 } else { y };
                if text_y >= body.bottom() {
                    break;
                }
                if row.paragraph == app.focus() {
                    let mark = if index == 0 { glyphs.focus } else { glyphs.focus_more };
                    put_str(buf, gutter_x, text_y, mark, 1, styles.focus, ambiguous);
                }
                let deco = app.decorations(row.paragraph);
                if index == 0 && deco.is_some_and(|d| d.bookmarked) {
                    put_str(buf, gutter_x + 1, text_y, glyphs.bookmark, 1, styles.bookmark, ambiguous);
                }
                let x = text_x + t.line_offset(index, &line, text_width) as u16;
                let para = Paragraph { app, paragraph: row.paragraph, typeset: t, deco, styles };
                if line.annotated {
                    para.draw_annotations(buf, (x, y), &line);
                }
                para.draw_line(buf, (x, text_y), &line);
            }
            RowKind::Gap => {
                // Between two boxed paragraphs of one box.
                let view = app.view_options();
                if is_boxed(app.doc(), row.paragraph, view) && is_boxed(app.doc(), row.paragraph + 1, view) {
                    draw_box_sides(buf, box_span(app, row.paragraph, text_x), (y, extent), styles, glyphs, ambiguous);
                }
            }
        }
        y += extent;
    }
    let ends_here = app.rows().last().is_some_and(|r| r.paragraph + 1 == app.doc().paragraph_count());
    if y < body.bottom() && ends_here {
        put_str(buf, text_x, y, "(end)", text_width, styles.dim, ambiguous);
    }
}

/// The first and last columns of the box around paragraph `p`: the
/// paragraph's measure and the box's own cells, from the text's left edge.
fn box_span(app: &App, p: usize, text_x: u16) -> (u16, u16) {
    let measure = typeset(app.doc(), p, app.view_options()).options().width + BOX_CELLS;
    (text_x, text_x + measure.saturating_sub(1) as u16)
}

/// The rules on both sides of a box, over `rows` rows from `y`.
fn draw_box_sides(
    buf: &mut Buffer,
    (left, right): (u16, u16),
    (y, rows): (u16, u16),
    styles: &Styles,
    glyphs: &Glyphs,
    ambiguous: crate::engine::layout::AmbiguousWidth,
) {
    for dy in 0..rows {
        put_str(buf, left, y + dy, glyphs.vertical, 1, styles.dim, ambiguous);
        put_str(buf, right, y + dy, glyphs.vertical, 1, styles.dim, ambiguous);
    }
}

/// The text of scene `scene`'s title row.
pub fn scene_title(app: &App, scene: usize, glyphs: &Glyphs) -> String {
    let s = &app.scenes().as_slice()[scene];
    let mut title = format!("{} {} {}", glyphs.scene, scene + 1, s.title);
    if let Some(en) = &s.title_en {
        title.push_str("  ");
        title.push_str(en);
    }
    title
}

/// One paragraph being drawn: its typesetting and the spans over it.
pub(crate) struct Paragraph<'a> {
    pub app: &'a App,
    pub paragraph: usize,
    pub typeset: &'a Typeset<'a>,
    pub deco: Option<&'a Decorations>,
    pub styles: &'a Styles,
}

impl Paragraph<'_> {
    /// Draw one laid-out line starting at (`x`, `y`), styling each cluster
    /// by the spans it falls in.
    pub fn draw_line(&self, buf: &mut Buffer, (x, y): (u16, u16), line: &Line) {
        let t = self.typeset;
        let text = t.text();
        if line.oversize {
            put_cluster(buf, x, y, "?", 1, self.styles.text);
            return;
        }
        for p in placements_shaped(text, line, t.options(), &t.shape()) {
            let cluster = &text[p.bytes.clone()];
            let style = self.style_at(p.bytes.start);
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

    /// Draw the ruby and emphasis dots of `line` on the row at `y`.
    pub fn draw_annotations(&self, buf: &mut Buffer, (x, y): (u16, u16), line: &Line) {
        let ambiguous = self.typeset.options().ambiguous;
        for a in self.typeset.annotations(line) {
            put_str(buf, x + a.x as u16, y, &a.text, a.room, self.styles.dim, ambiguous);
        }
    }

    /// The style of the shown cluster starting at byte `at`: the text's own
    /// style (emphasis, headings, notes, inline readings), then quotes,
    /// highlights, matches and the selection (later ones win).
    pub fn style_at(&self, at: usize) -> Style {
        let t = self.typeset;
        let styles = self.styles;
        if t.is_inserted(at) {
            return styles.dim;
        }
        let reading = t.to_reading(at);
        let mut style = styles.text;
        if t.block().heading > 0 {
            style = style.patch(styles.scene);
        }
        let doc = self.app.doc();
        let base = doc.paragraph_range(self.paragraph).start;
        for span in doc.spans_in(self.paragraph) {
            if (span.start as usize - base) > reading {
                break;
            }
            if reading < span.end as usize - base {
                style = match span.style {
                    TextStyle::Dots(_) | TextStyle::Bold => style.add_modifier(Modifier::BOLD),
                    TextStyle::Italic => style.add_modifier(Modifier::ITALIC),
                    TextStyle::Line(_) => style.add_modifier(Modifier::UNDERLINED),
                    TextStyle::Note => style.patch(styles.dim),
                };
            }
        }
        match self.deco {
            Some(deco) => style_of_decorations(deco, reading, style, styles),
            None => style,
        }
    }
}

/// `style` with the spans of `deco` that contain reading-text byte `at`
/// applied: later tables win.
fn style_of_decorations(deco: &Decorations, at: usize, mut style: Style, styles: &Styles) -> Style {
    let inside = |ranges: &[Range<usize>]| ranges.iter().any(|r| r.contains(&at));
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
