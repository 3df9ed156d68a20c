//! Free highlights and notes: `v` selects a sentence and `v` again adds the
//! next, a mouse drag selects any span, `h` highlights the selection, `y`
//! copies it, `H` lists highlights, `a` writes a note — all through the
//! app's update function, with a store in a temporary directory.

mod common;

use common::article::{app_with, press};

use emaki::app::{App, Effect, Mode, Mouse};
use emaki::engine::document::Document;
use emaki::engine::scenes::{SceneRules, Scenes};
use emaki::store::export::export_markdown;
use emaki::store::{Store, StoreOptions};

fn open(dir: &std::path::Path) -> App {
    let doc = Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap();
    let scenes = Scenes::detect(&doc, &SceneRules::embedded());
    app_with(doc, scenes, Store::open_in(dir, StoreOptions::default()), (80, 24))
}

fn selected_text(app: &App) -> String {
    let s = app.selection().expect("a selection");
    emaki::store::span_text(app.doc(), s.paragraph, s.last, &s.range)
}

#[test]
fn v_v_h_highlights_two_sentences_as_one_and_a_notes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    // Paragraph 2: トカエフ大統領は、…出迎えた。カザフスタン空軍の…歓迎した。
    press(&mut app, "}");
    press(&mut app, "v");
    assert_eq!(selected_text(&app), "トカエフ大統領は、車で大統領府に到着した習主席を温かく出迎えた。");
    press(&mut app, "v");
    let two = selected_text(&app);
    assert!(two.starts_with("トカエフ大統領は、") && two.ends_with("最高のプロトコールで歓迎した。"), "{two}");
    press(&mut app, "h");
    assert!(app.selection().is_none(), "the selection is dropped once highlighted");
    assert_eq!(app.marks().highlights.len(), 1);
    assert_eq!(app.marks().highlights[0].text, two);
    press(&mut app, "a lit:空軍の歓迎 Enter");
    assert_eq!(app.marks().highlights[0].note.as_deref(), Some("空軍の歓迎"));
    let markdown = export_markdown(app.doc(), app.scenes(), app.marks());
    assert!(markdown.contains(&format!("- {two} (¶ 2) — note: 空軍の歓迎")), "{markdown}");
}

#[test]
fn v_runs_on_into_the_next_paragraph_and_the_highlight_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    // Paragraph 1 is one sentence; the second `v` takes paragraph 2's first.
    press(&mut app, "v");
    let first = selected_text(&app);
    assert!(first.starts_with("現地時間") && first.ends_with("会談した。"), "{first}");
    press(&mut app, "v");
    let second = "トカエフ大統領は、車で大統領府に到着した習主席を温かく出迎えた。";
    assert_eq!(selected_text(&app), format!("{first}\n{second}"));
    let s = app.selection().unwrap().clone();
    assert_eq!((s.paragraph, s.last), (0, 1));
    press(&mut app, "h");
    assert_eq!(app.marks().highlights.len(), 1, "one highlight, not two");
    let h = &app.marks().highlights[0];
    assert_eq!((h.paragraph, h.last, h.range.clone()), (0, 1, s.range.clone()));
    press(&mut app, "a lit:到着と出迎え Enter");
    let markdown = export_markdown(app.doc(), app.scenes(), app.marks());
    assert!(markdown.contains(&format!("- {first} {second} (¶ 1–2) — note: 到着と出迎え")), "{markdown}");
    assert_eq!(markdown.matches("\n- ").count(), 1, "{markdown}");
    let json = emaki::store::export::export_json(app.scenes(), app.marks());
    assert!(json.contains("\"last_paragraph\": 2"), "{json}");

    // Another session finds it again, both paragraphs of it.
    drop(app);
    let mut again = open(dir.path());
    let h = &again.marks().highlights[0];
    assert_eq!((h.paragraph, h.last, h.range.clone(), h.note.as_deref()), (0, 1, s.range, Some("到着と出迎え")));
    // It resumed at paragraph 2, where the focus went; from the top, the
    // same two sentences selected again and `h` remove it.
    press(&mut again, "g v v h");
    assert!(again.marks().highlights.is_empty(), "{:?}", again.marks().highlights);
}

#[test]
fn esc_drops_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    press(&mut app, "v");
    assert!(app.selection().is_some());
    press(&mut app, "Esc");
    assert!(app.selection().is_none());
}

#[test]
fn y_copies_the_selection_and_h_lists_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    press(&mut app, "} v y");
    let copied: Vec<String> = app
        .take_effects()
        .into_iter()
        .filter_map(|e| if let Effect::Copy(text) = e { Some(text) } else { None })
        .collect();
    assert_eq!(copied, ["トカエフ大統領は、車で大統領府に到着した習主席を温かく出迎えた。"]);
    press(&mut app, "h H");
    assert_eq!(*app.mode(), Mode::Highlights { selected: 0 });
    let rows = emaki::ui::list::highlight_list_rows(&app);
    assert_eq!(rows.len(), 1);
    assert!(rows[0].text.starts_with("1:2  トカエフ大統領は"), "{:?}", rows[0].text);
    press(&mut app, "d");
    assert!(app.marks().highlights.is_empty(), "d deletes from the list");
    assert_eq!(*app.mode(), Mode::Normal);
}

#[test]
fn a_mouse_drag_selects_any_span() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    // Row 1 is paragraph 1's first line: 現地時間2024年7月3日午前、…
    let x = app.text_left();
    app.handle_mouse(Mouse::Click(x, 1));
    app.handle_mouse(Mouse::Drag(x + 7, 1));
    assert_eq!(selected_text(&app), "現地時間", "from the character pressed to the one released over");
    // Dragging on past the paragraph runs on into the next ones.
    app.handle_mouse(Mouse::Drag(x + 3, 10));
    let long = selected_text(&app);
    assert!(long.starts_with("現地時間") && long.contains("会談した。\nトカエフ大統領は"), "{long}");
    let s = app.selection().unwrap().clone();
    assert!(s.last > s.paragraph, "{s:?}");
    // And back: inside the first paragraph again.
    app.handle_mouse(Mouse::Drag(x + 7, 1));
    assert_eq!(selected_text(&app), "現地時間");
    app.handle_mouse(Mouse::Drag(x + 3, 10));
    press(&mut app, "h");
    let h = &app.marks().highlights[0];
    assert_eq!((h.paragraph, h.last), (0, s.last));
}
