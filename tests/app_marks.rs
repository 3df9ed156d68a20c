//! Bookmarks, highlights and the reading position, through the app's update
//! function with a store in a temporary directory.

mod common;

use common::article::{app_with, press};

use emaki::app::key::Key;
use emaki::app::{App, Mode};
use emaki::engine::document::Document;
use emaki::engine::scenes::Scenes;
use emaki::store::{Store, StoreOptions};

fn doc() -> Document {
    let text: String = (1..=20).map(|n| format!("第{n}段落。{}\n", "文".repeat(n * 3))).collect();
    Document::from_text(text).unwrap()
}

fn open(dir: &std::path::Path, size: (u16, u16)) -> App {
    let doc = doc();
    let scenes = Scenes::single(&doc);
    app_with(doc, scenes, Store::open_in(dir, StoreOptions::default()), size)
}

#[test]
fn m_toggles_a_bookmark_on_the_focused_paragraph_and_saves_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), (40, 12));
    press(&mut a, "} } m");
    assert_eq!(a.focus(), 2);
    assert!(a.message().unwrap().text.contains("bookmark added"));
    assert_eq!(a.marks().bookmarks.len(), 1);
    // Saved without quitting: a second reader sees it.
    let b = open(dir.path(), (40, 12));
    assert_eq!(b.marks().bookmarks[0].paragraph, 2);
    press(&mut a, "m");
    assert!(a.message().unwrap().text.contains("bookmark removed"));
    assert!(a.marks().bookmarks.is_empty());
}

#[test]
fn the_bookmark_list_shows_what_another_reader_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), (40, 12));
    let mut b = open(dir.path(), (40, 12));
    press(&mut a, "m");
    press(&mut b, "} } m");
    press(&mut b, "g m");
    assert_eq!(b.marks().bookmarks.len(), 1, "b removed a's bookmark");
    press(&mut a, "B");
    assert_eq!(*a.mode(), Mode::Bookmarks { selected: 0 });
    let rows = emaki::ui::list::bookmark_list_rows(&a);
    assert_eq!(rows.len(), 1, "a's list is the store's: {rows:?}");
    assert!(rows[0].text.starts_with("1:3 "), "{:?}", rows[0].text);
}

#[test]
fn next_and_previous_bookmark_wrap_around() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), (40, 12));
    press(&mut a, "} m } } } m } } m g");
    assert_eq!(a.focus(), 0);
    press(&mut a, "'");
    assert_eq!(a.focus(), 1);
    press(&mut a, "'");
    assert_eq!(a.focus(), 4);
    press(&mut a, "' '");
    assert_eq!(a.focus(), 1);
    assert!(a.message().unwrap().text.contains("wrapped"));
    press(&mut a, "\"");
    assert_eq!(a.focus(), 6);
}

#[test]
fn the_bookmark_list_jumps_deletes_and_edits_notes() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), (60, 20));
    press(&mut a, "} m } } } m g B");
    assert_eq!(*a.mode(), Mode::Bookmarks { selected: 0 });
    press(&mut a, "j Enter");
    assert_eq!(*a.mode(), Mode::Normal);
    assert_eq!(a.focus(), 4);
    press(&mut a, "B e");
    assert!(matches!(a.mode(), Mode::Prompt { .. }));
    for c in "大事".chars() {
        a.handle_key(Key::char(c));
    }
    press(&mut a, "Enter");
    assert!(matches!(a.mode(), Mode::Bookmarks { .. }));
    assert_eq!(a.marks().bookmark_at(4).unwrap().note.as_deref(), Some("大事"));
    let rows = emaki::ui::list::bookmark_list_rows(&a);
    assert!(rows[1].text.starts_with("1:5  [大事]  第5段落"), "the note comes before the excerpt: {:?}", rows[1].text);
    press(&mut a, "d");
    assert_eq!(a.marks().bookmarks.len(), 1);
    press(&mut a, "d");
    assert!(a.marks().bookmarks.is_empty());
    assert_eq!(*a.mode(), Mode::Normal, "an empty list closes");
    press(&mut a, "B");
    assert_eq!(*a.mode(), Mode::Normal);
    assert!(a.message().unwrap().text.contains("no bookmarks yet"));
}

#[test]
fn h_without_a_selected_quote_highlights_the_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), (40, 12));
    press(&mut a, "} h");
    assert_eq!(a.marks().highlights.len(), 1);
    let h = &a.marks().highlights[0];
    assert_eq!((h.paragraph, h.range.clone()), (1, 0..a.doc().paragraph(1).len()));
    assert!(!a.decorations(1).unwrap().highlights.is_empty());
    press(&mut a, "h");
    assert!(a.marks().highlights.is_empty());
}

#[test]
fn the_reading_position_is_restored_whatever_the_terminal_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path(), (40, 12));
    press(&mut a, "} } } } } } } j j q");
    let focus = a.focus();
    let top_offset = match a.rows()[0].kind {
        emaki::app::view::RowKind::Text { line, .. } => line.start,
        _ => 0,
    };
    assert!(a.should_quit());
    drop(a);
    for size in [(40, 12), (100, 30), (20, 8)] {
        let b = open(dir.path(), size);
        assert_eq!(b.focus(), focus, "size {size:?}");
        let row = b.rows().iter().find(|r| r.paragraph == focus).unwrap();
        if let emaki::app::view::RowKind::Text { line, .. } = row.kind {
            assert!(line.start <= top_offset, "size {size:?}: the saved line must be on screen");
        }
    }
}
