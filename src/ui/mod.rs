//! Drawing the reader state into a ratatui `Frame`. Everything here reads
//! `&App` and writes cells; nothing changes state.

pub mod body;
pub mod cells;
pub mod frame;
pub mod help;
pub mod list;
pub mod panel;
pub mod status;
pub mod style;
pub mod vertical;

use ratatui::Frame;

use crate::app::{App, Mode};
use crate::engine::layout::{LayoutOptions, layout_paragraph};
use cells::put_str;
use style::{Glyphs, Styles};

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let styles = Styles::new(&app.config().theme, app.presentation().color);
    let ambiguous = app.layout_options().ambiguous;
    let glyphs = Glyphs::for_width(ambiguous);
    let geometry = *app.geometry();
    if geometry.too_small {
        draw_too_small(frame, app, &styles);
        return;
    }
    body::draw(app, frame.buffer_mut(), &styles, &glyphs);
    if let Some(panel) = geometry.panel {
        panel::draw(app, frame.buffer_mut(), panel, &styles, &glyphs);
    }
    if let Mode::Bookmarks { selected } = app.mode() {
        let rows = list::bookmark_list_rows(app);
        let view = list::ListView {
            title: "bookmarks (scene:paragraph)",
            footer: "Enter go to  d delete  a note  Esc close",
            rows: &rows,
            selected: *selected,
            header: None,
        };
        list::draw(&view, frame.buffer_mut(), geometry.body, &styles, &glyphs, ambiguous);
    }
    if let Mode::Highlights { selected } = app.mode() {
        let rows = list::highlight_list_rows(app);
        let view = list::ListView {
            title: "highlights (scene:paragraph)",
            footer: "Enter go to  d delete  a note  Esc close",
            rows: &rows,
            selected: *selected,
            header: None,
        };
        list::draw(&view, frame.buffer_mut(), geometry.body, &styles, &glyphs, ambiguous);
    }
    if let Mode::Quotes(q) = app.mode() {
        let rows = list::quote_list_rows(q);
        let title = format!("quotes: {} of {} (scene:paragraph)", q.shown.len(), q.items.len());
        let header = format!("filter: {}", q.filter.text());
        let view = list::ListView {
            title: &title,
            footer: "type to filter  Up/Down select  Enter go to  Esc close",
            rows: &rows,
            selected: q.selected,
            header: Some(&header),
        };
        list::draw(&view, frame.buffer_mut(), geometry.body, &styles, &glyphs, ambiguous);
    }
    if let Mode::Library(list) = app.mode() {
        let rows = list::library_list_rows(list, app.language());
        let title = if list.shown.len() == list.entries.len() {
            let n = list.entries.len();
            format!("library: {n} document{}", if n == 1 { "" } else { "s" })
        } else {
            format!("library: {} of {}", list.shown.len(), list.entries.len())
        };
        let header = (list.filtering || !list.filter.text().is_empty()).then(|| format!("/{}", list.filter.text()));
        let footer = if list.filtering {
            "type to filter  Enter done  Esc clear"
        } else {
            "Enter open  / filter  d remove  u undo  Esc close"
        };
        let view =
            list::ListView { title: &title, footer, rows: &rows, selected: list.selected, header: header.as_deref() };
        list::draw(&view, frame.buffer_mut(), geometry.body, &styles, &glyphs, ambiguous);
    }
    if let Mode::Help { scroll } = app.mode() {
        help::draw(&app.config().keymap, frame.buffer_mut(), geometry.body, *scroll, &styles, &glyphs, ambiguous);
    }
    status::draw(app, frame, &styles);
}

/// A terminal too small for the reader gets a notice, wrapped into what fits.
fn draw_too_small(frame: &mut Frame, app: &App, styles: &Styles) {
    let area = frame.area();
    let ambiguous = app.layout_options().ambiguous;
    let notice = "terminal too small";
    let options = LayoutOptions { ambiguous, ..LayoutOptions::with_width(usize::from(area.width).max(1)) };
    let buf = frame.buffer_mut();
    for (y, line) in layout_paragraph(notice, &options).iter().take(usize::from(area.height)).enumerate() {
        put_str(buf, area.x, area.y + y as u16, &notice[line.range()], usize::from(area.width), styles.text, ambiguous);
    }
}
