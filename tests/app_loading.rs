//! Two-stage opening of a large document: the reader starts on the head,
//! keys that need the whole document wait for it, and the swap keeps the
//! screen where it was.

mod common;

use common::article::press;
use emaki::app::config::Config;
use emaki::app::view::RowKind;
use emaki::app::{App, Presentation, Source};
use emaki::engine::document::Document;
use emaki::engine::scenes::{Scene, Scenes};
use emaki::store::{Store, StoreOptions};

fn whole_text() -> String {
    (1..=400).map(|n| format!("第{n}段落。{}\n", "本文が続く。".repeat(n % 9 + 1))).collect()
}

/// The first `lines` lines of the whole text, as the head stage reads them.
fn head_text(lines: usize) -> String {
    whole_text().split_inclusive('\n').take(lines).collect()
}

/// Scenes of the whole document; one opens at paragraph 6 (index 5), so
/// that paragraph gains a title row with the swap.
fn whole_scenes(doc: &Document) -> Scenes {
    let firsts = [0, 5, 100, 200, 300];
    Scenes::new(
        firsts
            .iter()
            .enumerate()
            .map(|(i, &first)| Scene {
                id: format!("s{i}"),
                title: format!("部{}", i + 1),
                title_en: None,
                first,
                last: firsts.get(i + 1).map_or(doc.paragraph_count() - 1, |next| next - 1),
            })
            .collect(),
    )
}

fn loading_app(store: Store) -> App {
    let head = Document::from_text(head_text(30)).unwrap();
    let scenes = Scenes::single(&head);
    let source = Source { name: "big.txt".into(), path: Some("/tmp/big.txt".into()) };
    let total = whole_text().len() as u64;
    App::new_loading(head, source, scenes, Config::builtin(), Presentation { color: false }, store, (60, 20), total)
}

fn finish(app: &mut App) {
    let doc = Document::from_text(whole_text()).unwrap();
    let scenes = whole_scenes(&doc);
    app.finish_loading(doc, scenes, vec!["read as Shift_JIS (detected)".into()]);
}

#[test]
fn moving_keys_work_on_the_head_and_others_wait_for_the_whole_document() {
    let mut a = loading_app(Store::in_memory(StoreOptions::default()));
    assert!(a.loading().is_some());
    assert_eq!(a.doc().paragraph_count(), 30);
    press(&mut a, "} }");
    assert_eq!(a.focus(), 2, "paragraph keys work on the head");
    press(&mut a, "G");
    assert_eq!(a.focus(), 2, "G waits");
    assert!(a.message().unwrap().text.contains("G waits"), "{:?}", a.message());
    press(&mut a, "j");
    assert_eq!(a.focus(), 2, "keys after a waiting key wait too, to keep their order");
    finish(&mut a);
    assert!(a.loading().is_none());
    assert_eq!(a.doc().paragraph_count(), 400);
    assert_eq!(a.focus(), 399, "G ran once the whole document was there");
    assert_eq!(a.rows().last().unwrap().paragraph, 399);
}

#[test]
fn the_swap_keeps_the_top_of_the_screen_in_place() {
    let mut a = loading_app(Store::in_memory(StoreOptions::default()));
    press(&mut a, "} } } } } j");
    let top = a.rows()[0];
    let RowKind::Text { line, .. } = top.kind else { panic!("a text row at the top: {top:?}") };
    finish(&mut a);
    // The whole document has scenes: paragraph 6 now opens one with a title
    // row, and still the same line of text stays at the top.
    let now = a.rows()[0];
    assert!(matches!(a.rows().iter().find(|r| r.paragraph == 5).unwrap().kind, RowKind::Text { .. }));
    assert_eq!(now.paragraph, top.paragraph);
    let RowKind::Text { line: now_line, .. } = now.kind else { panic!("a text row at the top: {now:?}") };
    assert_eq!(now_line.start, line.start);
    assert!(a.message().unwrap().text.contains("Shift_JIS"), "the loader's notices are shown");
}

#[test]
fn marks_and_the_saved_position_come_with_the_whole_document() {
    let dir = tempfile::tempdir().unwrap();
    // A first session on the whole document: bookmark paragraph 200, stop at 250.
    {
        let doc = Document::from_text(whole_text()).unwrap();
        let scenes = whole_scenes(&doc);
        let source = Source { name: "big.txt".into(), path: Some("/tmp/big.txt".into()) };
        let store = Store::open_in(dir.path(), StoreOptions::default());
        let mut a = App::new(doc, source, scenes, Config::builtin(), Presentation { color: false }, store, (60, 20));
        press(&mut a, ": 2 0 0 Enter m : 2 5 0 Enter q");
    }
    let mut a = loading_app(Store::open_in(dir.path(), StoreOptions::default()));
    assert!(a.marks().bookmarks.is_empty(), "no marks for the head alone");
    assert_eq!(a.focus(), 0);
    finish(&mut a);
    assert_eq!(a.marks().bookmarks.len(), 1);
    assert_eq!(a.marks().bookmarks[0].paragraph, 199);
    assert_eq!(a.focus(), 249, "the saved position is restored when the reader has not moved");

    let mut b = loading_app(Store::open_in(dir.path(), StoreOptions::default()));
    press(&mut b, "}");
    finish(&mut b);
    assert_eq!(b.focus(), 1, "a reader who moved is not moved back");
}

#[test]
fn quitting_while_loading_saves_nothing_for_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = loading_app(Store::open_in(dir.path(), StoreOptions::default()));
    press(&mut a, "} } q");
    assert!(a.should_quit());
    drop(a);
    // Nothing was recorded under the head's hash.
    let store_file = dir.path().join("emaki-store.json");
    if let Ok(text) = std::fs::read_to_string(store_file) {
        let head = Document::from_text(head_text(30)).unwrap();
        assert!(!text.contains(head.content_hash()), "{text}");
    }
}
