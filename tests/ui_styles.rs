//! Styles on a rendered buffer: quoted spans, search matches and highlights
//! keep their style across a line wrap, and nothing outside them gets it.

mod common;

use std::ops::Range;

use common::article::{article_app, press};
use emaki::app::App;
use emaki::app::view::RowKind;
use emaki::engine::layout::{layout_paragraph, placements};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// Paragraph 6 (index 5) holds 「黄金の30年」.
const P: usize = 5;

fn draw(app: &App) -> Buffer {
    let area = app.geometry().area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|f| emaki::ui::draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// A terminal width at which `range` of paragraph P is split over two lines.
fn width_splitting(app_for: impl Fn(u16) -> App, range: &Range<usize>) -> u16 {
    for width in 12..80u16 {
        let app = app_for(width);
        let text = app.doc().paragraph(P);
        let lines = layout_paragraph(text, app.layout_options());
        if lines.iter().any(|l| l.range().contains(&range.start) && !l.range().contains(&(range.end - 1))) {
            return width;
        }
    }
    panic!("no width splits the range");
}

/// For every drawn cluster of paragraph P: (byte offset, has `modifier`).
fn cells_of_paragraph(app: &App, buf: &Buffer, modifier: Modifier) -> Vec<(usize, bool)> {
    let text = app.doc().paragraph(P);
    let x0 = app.geometry().text_x();
    let mut out = Vec::new();
    for (y, row) in app.rows().iter().enumerate() {
        let RowKind::Text { line, .. } = row.kind else { continue };
        if row.paragraph != P {
            continue;
        }
        for p in placements(text, &line, app.layout_options()) {
            let cell = &buf[(x0 + p.x as u16, y as u16)];
            assert_eq!(cell.symbol(), &text[p.bytes.clone()], "the buffer holds the text");
            out.push((p.bytes.start, cell.modifier.contains(modifier)));
        }
    }
    out
}

fn check(cells: &[(usize, bool)], range: &Range<usize>, what: &str) {
    let rows_inside = cells.iter().filter(|(b, _)| range.contains(b)).count();
    assert!(rows_inside > 0, "{what}: not on screen");
    for (byte, styled) in cells {
        assert_eq!(*styled, range.contains(byte), "{what}: byte {byte} styled={styled}, range {range:?}");
    }
}

fn quote_range(app: &App) -> Range<usize> {
    let text = app.doc().paragraph(P);
    let start = text.find('「').unwrap();
    let end = text.find('」').unwrap() + '」'.len_utf8();
    start..end
}

#[test]
fn a_quote_split_by_a_line_wrap_is_styled_on_both_lines() {
    let base = article_app(80, 24);
    let range = quote_range(&base);
    let width = width_splitting(|w| article_app(w, 30), &range);
    let mut app = article_app(width, 30);
    press(&mut app, "3 }");
    assert_eq!(app.focus(), P);
    let buf = draw(&app);
    // NO_COLOR: quotes are underlined.
    check(&cells_of_paragraph(&app, &buf, Modifier::UNDERLINED), &range, "quote");
}

#[test]
fn a_search_match_split_by_a_line_wrap_is_highlighted_on_both_lines() {
    let base = article_app(80, 24);
    let quote = quote_range(&base);
    // The match is the quote's text without its brackets.
    let inner = quote.start + '「'.len_utf8()..quote.end - '」'.len_utf8();
    let width = width_splitting(|w| article_app(w, 30), &inner);
    let mut app = article_app(width, 30);
    press(&mut app, "/ lit:黄金の３０年 Enter");
    assert_eq!(app.focus(), P);
    let buf = draw(&app);
    // NO_COLOR: matches are reversed.
    check(&cells_of_paragraph(&app, &buf, Modifier::REVERSED), &inner, "match");
}

#[test]
fn the_selected_quote_and_a_highlight_have_their_own_styles() {
    let mut app = article_app(80, 30);
    press(&mut app, "Tab");
    let range = quote_range(&app);
    let buf = draw(&app);
    // Selected: reversed and bold.
    check(&cells_of_paragraph(&app, &buf, Modifier::REVERSED), &range, "selected quote");
    press(&mut app, "h Esc");
    let buf = draw(&app);
    let inner = range.start + 3..range.end - 3;
    // Highlighted: bold (NO_COLOR).
    check(&cells_of_paragraph(&app, &buf, Modifier::BOLD), &inner, "highlight");
}
