//! Vertical text (縦書き) on screen, drawn into ratatui's `TestBackend`:
//! committed snapshots of the article, and the rules of the issue checked on
//! the drawn cells (columns right to left, 縦中横, keys and toggling).

mod common;

use common::article::{article_app, press};
use emaki::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

fn buffer(app: &App) -> Buffer {
    let area = app.geometry().area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|f| emaki::ui::draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, one line per row, each exactly the screen's width.
fn screen(app: &App) -> String {
    let buf = buffer(app);
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < buf.area.width {
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        assert_eq!(line.width(), usize::from(buf.area.width), "row {y}: {line:?}");
        out.push_str(&line);
        out.push_str("|\n");
    }
    out
}

/// The two cells at (`x`, `y`) as one string, trimmed.
fn slot(buf: &Buffer, x: u16, y: u16) -> String {
    format!("{}{}", buf[(x, y)].symbol(), buf[(x + 1, y)].symbol()).trim().to_owned()
}

#[test]
fn the_article_in_vertical_text() {
    for (w, h) in [(40, 20), (80, 24)] {
        let mut app = article_app(w, h);
        press(&mut app, "T");
        insta::assert_snapshot!(format!("vertical_start_{w}x{h}"), screen(&app));
        press(&mut app, "] ]");
        insta::assert_snapshot!(format!("vertical_scene_jumps_{w}x{h}"), screen(&app));
    }
}

#[test]
fn the_first_column_is_at_the_right_edge_and_years_stand_upright() {
    let mut app = article_app(80, 24);
    press(&mut app, "T");
    let buf = buffer(&app);
    // Column 0 is the scene title; column 1, three cells to its left, is the
    // first paragraph: 現地時間2024年7月3日…, one character a row below the
    // marker row.
    let column = 1;
    let x = 80 - 3 * column - 2;
    let column: Vec<String> = (1..13).map(|y| slot(&buf, x, y)).collect();
    assert_eq!(column, ["現", "地", "時", "間", "２", "０", "２", "４", "年", "7", "月", "3"]);
    assert_eq!(buf[(x, 0)].symbol(), "»", "the focus marker stands over the focused column");
}

#[test]
fn keys_move_by_columns_and_toggling_keeps_the_focus_in_view() {
    let mut app = article_app(80, 24);
    press(&mut app, "] ] ]");
    let focus = app.focus();
    press(&mut app, "T");
    assert_eq!(app.focus(), focus);
    assert!(app.rows().iter().any(|r| r.paragraph == focus), "the focused paragraph is in view after T");
    let top = app.rows()[0];
    press(&mut app, "Left");
    assert_ne!(app.rows()[0], top, "← goes forward a column in vertical text");
    press(&mut app, "Right");
    assert_eq!(app.rows()[0], top, "→ goes back");
    press(&mut app, "j k");
    assert_eq!(app.rows()[0], top);
    press(&mut app, "T");
    assert!(!app.is_vertical());
    assert!(app.rows().iter().any(|r| r.paragraph == focus));
}

#[test]
fn a_click_focuses_the_paragraph_of_its_column_and_the_wheel_scrolls() {
    let mut app = article_app(80, 24);
    press(&mut app, "T");
    // Column 0 (cells 78-79) is the first scene's title; column 1 the first
    // paragraph; after its columns, a blank one, then the second paragraph.
    let rows = app.rows().to_vec();
    let second = rows.iter().position(|r| r.paragraph == 1).expect("paragraph 2 is on screen");
    let cells_before: usize = rows[..second].iter().map(|r| app.row_extent(r)).sum();
    let x = (80 - cells_before - 2) as u16;
    app.handle_mouse(emaki::app::Mouse::Click(x, 5));
    assert_eq!(app.focus(), 1, "the click landed on paragraph 2's first column");
    let top = app.rows()[0];
    app.handle_mouse(emaki::app::Mouse::ScrollDown);
    assert_ne!(app.rows()[0], top, "the wheel moves through the columns");
}
