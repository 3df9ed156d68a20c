//! The reader's state machine driven by keys, without a terminal.

mod common;

use common::article::{app_with, press};

use emaki::app::key::{Key, KeyCode};
use emaki::app::view::RowKind;
use emaki::app::{App, Mode, Mouse};
use emaki::engine::document::Document;
use emaki::engine::scenes::{Scene, Scenes};
use emaki::store::{Store, StoreOptions};

/// 30 paragraphs in 3 scenes of 10; paragraph N reads "段落N" then filler.
fn app(width: u16, height: u16) -> App {
    let text: String = (1..=30).map(|n| format!("段落{n}。{}\n", "本文".repeat(n % 7 + 1))).collect();
    let doc = Document::from_text(text).unwrap();
    let scenes = Scenes::new(
        (0..3)
            .map(|i| Scene {
                id: format!("s{i}"),
                title: format!("場面{}", i + 1),
                title_en: Some(format!("Scene {}", i + 1)),
                first: i * 10,
                last: i * 10 + 9,
            })
            .collect(),
    );
    app_with(doc, scenes, Store::in_memory(StoreOptions::default()), (width, height))
}

/// The paragraph shown on the top row.
fn top_paragraph(app: &App) -> usize {
    app.rows()[0].paragraph
}

#[test]
fn scene_jumps_focus_the_first_paragraph_and_put_it_on_top() {
    let mut a = app(40, 12);
    press(&mut a, "]");
    assert_eq!(a.focus(), 10);
    assert_eq!(a.rows()[0].paragraph, 10);
    assert!(matches!(a.rows()[0].kind, RowKind::SceneTitle { scene: 1 }));
    press(&mut a, "]");
    assert_eq!(a.focus(), 20);
    press(&mut a, "]");
    assert_eq!(a.focus(), 20, "there is no fourth scene");
    assert!(a.message().unwrap().text.contains("last scene"));
    press(&mut a, "[");
    assert_eq!(a.focus(), 10);
    press(&mut a, "1");
    assert_eq!(a.focus(), 0);
    press(&mut a, "3");
    assert_eq!(a.focus(), 20);
    press(&mut a, "9");
    assert_eq!(a.focus(), 20);
    assert!(a.message().unwrap().text.contains("no scene 9"));
}

#[test]
fn prev_scene_first_returns_to_the_start_of_the_current_scene() {
    let mut a = app(40, 12);
    press(&mut a, "] } }");
    assert_eq!(a.focus(), 12);
    press(&mut a, "[");
    assert_eq!(a.focus(), 10);
    press(&mut a, "[");
    assert_eq!(a.focus(), 0);
}

#[test]
fn paragraph_jumps_move_focus_by_one() {
    let mut a = app(40, 12);
    press(&mut a, "} } }");
    assert_eq!(a.focus(), 3);
    assert_eq!(top_paragraph(&a), 3);
    press(&mut a, "{");
    assert_eq!(a.focus(), 2);
    press(&mut a, "{ { {");
    assert_eq!(a.focus(), 0);
    assert!(a.message().unwrap().text.contains("first paragraph"));
}

#[test]
fn scrolling_moves_focus_to_the_top_paragraph() {
    let mut a = app(40, 12);
    press(&mut a, "j j j");
    assert_eq!(a.focus(), top_paragraph(&a).max(a.focus()));
    let before = a.focus();
    press(&mut a, "Space");
    assert!(a.focus() > before);
    let top = &a.rows()[0];
    let expected = if top.kind == RowKind::Gap { top.paragraph + 1 } else { top.paragraph };
    assert_eq!(a.focus(), expected);
    press(&mut a, "Ctrl-u Ctrl-d b PageDown PageUp k Up Down");
    press(&mut a, "g");
    assert_eq!(a.focus(), 0);
    assert_eq!(a.rows()[0].paragraph, 0);
}

#[test]
fn end_shows_the_last_paragraph_and_the_end_marker_percent() {
    let mut a = app(40, 12);
    press(&mut a, "G");
    assert_eq!(a.focus(), 29);
    assert_eq!(a.rows().last().unwrap().paragraph, 29);
    assert_eq!(a.percent(), 100);
    press(&mut a, "j j j");
    assert_eq!(a.rows().last().unwrap().paragraph, 29, "cannot scroll past the end");
    assert_eq!(a.focus(), 29, "scrolling that moves nothing keeps the focus");
    press(&mut a, "End Home");
    assert_eq!(a.focus(), 0);
}

#[test]
fn page_down_keeps_one_line_of_context() {
    let mut a = app(40, 12);
    let bottom = *a.rows().last().unwrap();
    press(&mut a, "Space");
    assert_eq!(a.rows()[0], bottom);
}

#[test]
fn goto_prompt_takes_numbers_and_percentages() {
    let mut a = app(40, 12);
    press(&mut a, ": 2 5 Enter");
    assert_eq!(a.focus(), 24);
    press(&mut a, "% 0 % Enter");
    assert_eq!(a.focus(), 0);
    press(&mut a, ": 5 0 % Enter");
    assert!((13..=16).contains(&a.focus()), "50% landed on {}", a.focus());
    press(&mut a, "g % 5 0 Enter");
    assert!((13..=16).contains(&a.focus()), "% then 50 is 50%, landed on {}", a.focus());
    press(&mut a, "% 1 0 0 Enter");
    assert_eq!(a.focus(), 29, "100% is the last paragraph");
    press(&mut a, ": 9 9 Enter");
    assert!(a.message().unwrap().text.contains("paragraphs are 1 to 30"));
    press(&mut a, ": x Esc");
    assert_eq!(*a.mode(), Mode::Normal);
}

#[test]
fn overlays_that_cannot_be_seen_are_not_opened_and_keys_still_move() {
    let mut a = app(40, 3);
    press(&mut a, "?");
    assert_eq!(*a.mode(), Mode::Normal, "a help box needs three rows above the status line");
    assert!(a.message().unwrap().text.contains("too small"), "{:?}", a.message());
    let top = a.rows()[0];
    press(&mut a, "j");
    assert_ne!(a.rows()[0], top, "j scrolls instead of going to an unseen overlay");
    let mut a = app(40, 12);
    press(&mut a, "?");
    assert_eq!(*a.mode(), Mode::Help { scroll: 0 });
    a.resize(40, 3);
    assert_eq!(*a.mode(), Mode::Normal, "shrinking the terminal closes the overlay");
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut a = app(40, 12);
    press(&mut a, "?");
    assert_eq!(*a.mode(), Mode::Help { scroll: 0 });
    press(&mut a, "j j");
    assert_eq!(*a.mode(), Mode::Help { scroll: 2 });
    press(&mut a, "Esc");
    assert_eq!(*a.mode(), Mode::Normal);
    press(&mut a, "? q");
    assert_eq!(*a.mode(), Mode::Normal);
    assert!(!a.should_quit(), "q closes the help, it does not quit");
    press(&mut a, "q");
    assert!(a.should_quit());
}

#[test]
fn unbound_keys_say_how_to_get_help() {
    let mut a = app(40, 12);
    a.handle_key(Key::char('x'));
    assert!(a.message().unwrap().text.contains("? for help"));
    a.handle_key(Key::plain(KeyCode::Esc));
    assert!(a.message().is_none());
}

#[test]
fn the_wheel_scrolls_and_a_click_focuses() {
    let mut a = app(40, 12);
    a.handle_mouse(Mouse::ScrollDown);
    a.handle_mouse(Mouse::ScrollDown);
    let top = top_paragraph(&a);
    assert!(top > 0);
    a.handle_mouse(Mouse::ScrollUp);
    a.handle_mouse(Mouse::ScrollUp);
    assert_eq!(top_paragraph(&a), 0);
    // Row 4 shows some paragraph: clicking it focuses it.
    let target = a.rows()[4].paragraph;
    a.handle_mouse(Mouse::Click(5, 4));
    let expected = if a.rows()[4].kind == RowKind::Gap { target + 1 } else { target };
    assert_eq!(a.focus(), expected);
}

#[test]
fn a_click_in_the_scene_panel_jumps_to_that_scene() {
    let mut a = app(120, 30);
    let panel = a.geometry().panel.expect("panel at 120 columns");
    // Heading row, then two rows a scene: scene 3 starts at row 1 + 2*2.
    a.handle_mouse(Mouse::Click(panel.x + 3, panel.y + 5));
    assert_eq!(a.focus(), 20);
}

#[test]
fn the_panel_toggles_and_resizes_keep_focus_visible() {
    let mut a = app(120, 30);
    assert!(a.geometry().panel.is_some());
    press(&mut a, "t");
    assert!(a.geometry().panel.is_none());
    press(&mut a, "t");
    assert!(a.geometry().panel.is_some());
    press(&mut a, "] } }");
    let focus = a.focus();
    a.resize(20, 6);
    assert!(a.rows().iter().any(|r| r.paragraph == focus && matches!(r.kind, RowKind::Text { .. })));
    a.resize(1, 1);
    a.resize(200, 60);
    assert_eq!(a.focus(), focus);
}
