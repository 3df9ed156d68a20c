//! The whole screen drawn into ratatui's `TestBackend`, compared with
//! committed snapshots (`cargo insta review` after an intended change).

mod common;

use common::article::{article_app, press};
use emaki::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// Draw `app` and return the screen as text: one line per row, wide
/// characters once (their second cell skipped), and a `|` after the last
/// column so widths can be checked by eye.
fn screen(app: &App) -> String {
    let area = app.geometry().area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|f| emaki::ui::draw(f, app)).unwrap();
    render(terminal.backend().buffer())
}

fn render(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            line.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        assert_eq!(line.width(), usize::from(buf.area.width), "row {y} is not exactly the screen width: {line:?}");
        out.push_str(&line);
        out.push_str("|\n");
    }
    out
}

fn snap(name: &str, width: u16, height: u16, keys: &str) {
    let mut app = article_app(width, height);
    press(&mut app, keys);
    let text = screen(&app);
    insta::assert_snapshot!(format!("{name}_{width}x{height}"), text);
}

const SIZES: [(u16, u16); 3] = [(80, 24), (40, 20), (120, 40)];

#[test]
fn start_screen() {
    for (w, h) in SIZES {
        snap("start", w, h, "");
    }
}

#[test]
fn after_five_scene_jumps() {
    for (w, h) in SIZES {
        snap("scene_jumps", w, h, "] ] ] ] ]");
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        snap("help", w, h, "?");
    }
}

#[test]
fn scene_panel() {
    // The panel shows at 100 columns and more; below that, t explains why not.
    snap("panel", 120, 40, "] ] }");
    snap("panel_toggled_off", 120, 40, "t");
    snap("panel_too_narrow", 80, 24, "t");
}

#[test]
fn quotes_search_and_lists() {
    snap("quote_selected", 80, 24, "Tab");
    snap("quote_list", 80, 24, "Q");
    snap("search_prompt", 80, 24, "/ lit:一帯");
    snap("bookmark_list", 80, 24, "] m ] ] m B");
}

#[test]
fn tiny_terminals() {
    for (w, h) in [(30, 12), (7, 5), (3, 3), (1, 1)] {
        snap("tiny", w, h, "");
    }
}

#[test]
fn a_message_too_long_for_the_status_line_is_wrapped_above_it() {
    let mut app = article_app(60, 14);
    app.notify(
        emaki::app::Severity::Error,
        "config ignored: /home/reader/.config/emaki/config.toml line 12: key n is bound to search_next by default; \
         give search_next other keys too, or choose another key for next_scene",
    );
    let text = screen(&app);
    insta::assert_snapshot!("long_message_60x14", text);
    // Every word of it is on screen.
    let joined: String = text.lines().map(|l| l.trim_end_matches('|').trim()).collect::<Vec<_>>().join(" ");
    for word in ["line", "12:", "search_next", "next_scene"] {
        assert!(joined.contains(word), "{word} missing:\n{text}");
    }
}

#[test]
fn marks_that_cannot_be_saved_are_flagged_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let doc = emaki::engine::document::Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap();
    let scenes = emaki::engine::scenes::Scenes::detect(&doc, &emaki::engine::scenes::SceneRules::embedded());
    let store = emaki::store::Store::open_in(file.join("data"), emaki::store::StoreOptions::default());
    let mut app = common::article::app_with(doc, scenes, store, (80, 10));
    press(&mut app, "j");
    let text = screen(&app);
    let status = text.lines().last().unwrap();
    assert!(status.contains("not saved"), "{status}");
}
