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
    app.doc().paragraph(s.paragraph)[s.range.clone()].to_owned()
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
fn a_selection_stays_in_its_paragraph_and_esc_drops_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    press(&mut app, "v");
    let first = selected_text(&app);
    assert!(first.ends_with("会談した。"), "{first}");
    press(&mut app, "v");
    assert_eq!(selected_text(&app), first, "paragraph 1 has one sentence");
    assert!(app.message().unwrap().text.contains("paragraph ends"));
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
fn a_mouse_drag_selects_any_span_of_one_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(dir.path());
    // Row 1 is paragraph 1's first line: 現地時間2024年7月3日午前、…
    let x = app.text_left();
    app.handle_mouse(Mouse::Click(x, 1));
    app.handle_mouse(Mouse::Drag(x + 7, 1));
    assert_eq!(selected_text(&app), "現地時間", "from the character pressed to the one released over");
    // Dragging past the paragraph takes it to its end.
    app.handle_mouse(Mouse::Drag(x, 10));
    assert!(selected_text(&app).ends_with("会談した。"));
    press(&mut app, "h");
    assert_eq!(app.marks().highlights[0].paragraph, 0);
}
