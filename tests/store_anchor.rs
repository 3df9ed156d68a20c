//! Marks follow a file whose text changed: re-attached where their text still
//! is, kept as orphans where it is gone, never silently dropped.

use std::path::Path;
use std::time::Duration;

use emaki::engine::document::Document;
use emaki::store::clock::ManualClock;
use emaki::store::{Marks, OrphanKind, Store, StoreOptions};

const T0: u64 = 1_720_000_000;
const PATH: &str = "/articles/visit.txt";

fn options(clock: &ManualClock) -> StoreOptions {
    let mut options = StoreOptions::with_clock(clock.clone());
    options.lock_timeout = Duration::from_secs(30);
    options
}

fn paragraphs(doc: &Document) -> Vec<String> {
    doc.paragraphs().map(str::to_owned).collect()
}

fn range_of(doc: &Document, paragraph: usize, text: &str) -> std::ops::Range<usize> {
    let start = doc.paragraph(paragraph).find(text).unwrap();
    start..start + text.len()
}

/// Version 1 (the embedded article) with marks:
/// bookmarks on 3, 5 and 7, highlights on 黄金の30年 (5), 中国観光年 (9) and
/// 黄金時代 (11), position in 9.
fn marked_v1(store: &mut Store) -> (Document, Marks) {
    let v1 = Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap();
    let mut marks = store.load(&v1, Some(Path::new(PATH)), "Visit");
    for p in [3, 5, 7] {
        store.toggle_bookmark(&v1, &mut marks, p).unwrap();
    }
    let id = marks.bookmark_at(7).unwrap().id.clone();
    store.set_note(&v1, &mut marks, &id, "広範な会談").unwrap();
    for (p, text, speaker) in
        [(5, "黄金の30年", Some("習近平")), (9, "中国観光年", Some("習近平")), (11, "黄金時代", None)]
    {
        store.toggle_highlight(&v1, &mut marks, p, range_of(&v1, p, text), speaker).unwrap();
    }
    let offset = range_of(&v1, 9, "中国観光年").start;
    store.set_position(&v1, 9, offset);
    assert!(store.flush());
    (v1, marks)
}

/// Version 2: a paragraph inserted at the top, 1 and 7 removed, 5 edited
/// after its first 40 characters, 黄金時代 edited out of 11.
fn edit(v1: &Document) -> Document {
    let p = paragraphs(v1);
    assert!(p[5].ends_with("望んでいる。"));
    let mut v2 = vec!["【速報】習主席、カザフスタンを国賓訪問".to_owned()];
    v2.push(p[0].clone());
    v2.extend(p[2..7].iter().cloned());
    v2.extend(p[8..].iter().cloned());
    v2[5] = p[5].replace("達成するのを支援することを望んでいる。", "達成するのを支援したいと述べた。");
    v2[10] = p[11].replace("新たな「黄金時代」に入り", "新たな段階に入り");
    Document::from_text(v2.join("\n")).unwrap()
}

#[test]
fn marks_follow_inserted_removed_and_edited_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut store = Store::open_in(dir.path(), options(&clock));
    let (v1, _) = marked_v1(&mut store);
    let v2 = edit(&v1);
    store.take_notices();

    clock.advance(Duration::from_secs(3600));
    let marks = store.load(&v2, Some(Path::new(PATH)), "Visit (edited)");
    assert_eq!(store.take_notices(), ["the text changed since last time: 4 marks found again, 2 orphaned"]);
    // 3 moved by fingerprint; 5 was edited but still starts with its excerpt.
    let bookmarks: Vec<usize> = marks.bookmarks.iter().map(|b| b.paragraph).collect();
    assert_eq!(bookmarks, [3, 5]);
    assert_eq!(marks.bookmarks[0].created, "2024-07-03T09:46:40Z", "stored data is kept");
    let highlights: Vec<(usize, &str, Option<&str>)> =
        marks.highlights.iter().map(|h| (h.paragraph, h.text.as_str(), h.speaker.as_deref())).collect();
    assert_eq!(highlights, [(5, "黄金の30年", Some("習近平")), (8, "中国観光年", Some("習近平"))]);
    assert_eq!(marks.highlights[1].range, range_of(&v2, 8, "中国観光年"));
    let position = marks.position.unwrap();
    assert_eq!((position.paragraph, position.exact), (8, true));
    assert_eq!(position.offset, range_of(&v2, 8, "中国観光年").start);

    let orphans: Vec<(OrphanKind, usize, &str, Option<&str>)> =
        marks.orphans.iter().map(|o| (o.kind, o.last_paragraph, o.text.as_str(), o.note.as_deref())).collect();
    assert_eq!(
        orphans,
        [
            (OrphanKind::Bookmark, 7, "その後、両首脳は広範な会談を行った。", Some("広範な会談")),
            (OrphanKind::Highlight, 11, "黄金時代", None),
        ]
    );
}

#[test]
fn the_changed_text_gets_its_own_entry_and_the_old_one_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut store = Store::open_in(dir.path(), options(&clock));
    let (v1, _) = marked_v1(&mut store);
    let v2 = edit(&v1);
    clock.advance(Duration::from_secs(60));
    store.load(&v2, Some(Path::new(PATH)), "Visit");
    drop(store);

    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("emaki-store.json")).unwrap()).unwrap();
    let new = &file["documents"][v2.content_hash()];
    assert_eq!(new["derived_from"], v1.content_hash());
    assert_eq!(new["bookmarks"][0]["paragraph"], 4, "stored with its new number");
    assert_eq!(new["bookmarks"][1]["fingerprint"], v2.fingerprint(5).to_hex());
    assert_eq!(new["bookmarks"][2]["paragraph"], 8, "an orphan keeps its old number");
    assert_eq!(file["documents"][v1.content_hash()]["bookmarks"].as_array().unwrap().len(), 3);

    // Reopening either version gives its own marks, without a notice.
    let mut store = Store::open_in(dir.path(), options(&clock));
    let again = store.load(&v2, Some(Path::new(PATH)), "Visit");
    assert_eq!((again.bookmarks.len(), again.orphans.len()), (2, 2));
    let old = store.load(&v1, Some(Path::new(PATH)), "Visit");
    assert_eq!((old.bookmarks.len(), old.highlights.len(), old.orphans.len()), (3, 3, 0));
    assert!(store.take_notices().is_empty());
}

#[test]
fn orphans_can_be_deleted_and_keep_their_note_editable() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut store = Store::open_in(dir.path(), options(&clock));
    let (v1, _) = marked_v1(&mut store);
    let v2 = edit(&v1);
    let mut marks = store.load(&v2, Some(Path::new(PATH)), "Visit");
    let bookmark = marks.orphans[0].id.clone();
    let highlight = marks.orphans[1].id.clone();
    store.set_note(&v2, &mut marks, &bookmark, "消えた段落").unwrap();
    assert_eq!(marks.orphans[0].note.as_deref(), Some("消えた段落"));
    store.delete(&v2, &mut marks, &highlight).unwrap();
    assert_eq!(marks.orphans.len(), 1);
    let reopened = Store::open_in(dir.path(), options(&clock)).load(&v2, Some(Path::new(PATH)), "Visit");
    assert_eq!(reopened.orphans.len(), 1);
    assert_eq!(reopened.orphans[0].note.as_deref(), Some("消えた段落"));
}

#[test]
fn marks_do_not_follow_another_path_or_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut store = Store::open_in(dir.path(), options(&clock));
    let (v1, _) = marked_v1(&mut store);
    let v2 = edit(&v1);
    let elsewhere = store.load(&v2, Some(Path::new("/other/visit.txt")), "Visit");
    assert!(elsewhere.bookmarks.is_empty() && elsewhere.orphans.is_empty());
    let stdin = Document::from_text(format!("{}\n追記。", emaki::EMBEDDED_ARTICLE)).unwrap();
    let piped = store.load(&stdin, None, "(stdin)");
    assert!(piped.bookmarks.is_empty() && piped.position.is_none());
}

#[test]
fn peeking_shows_carried_over_marks_without_storing_them() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut store = Store::open_in(dir.path(), options(&clock));
    let (v1, _) = marked_v1(&mut store);
    let v2 = edit(&v1);
    let before = std::fs::read(dir.path().join("emaki-store.json")).unwrap();
    let mut other = Store::open_in(dir.path(), options(&clock));
    let marks = other.peek(&v2, Some(Path::new(PATH)), "Visit");
    assert_eq!((marks.bookmarks.len(), marks.orphans.len()), (2, 2));
    drop(other);
    assert_eq!(std::fs::read(dir.path().join("emaki-store.json")).unwrap(), before);
}

#[test]
fn a_reader_still_on_the_old_text_keeps_working_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut a = Store::open_in(dir.path(), options(&clock));
    let (v1, mut old_marks) = marked_v1(&mut a);
    let v2 = edit(&v1);
    let mut b = Store::open_in(dir.path(), options(&clock));
    let mut new_marks = b.load(&v2, Some(Path::new(PATH)), "Visit");
    a.toggle_bookmark(&v1, &mut old_marks, 0).unwrap();
    assert_eq!(old_marks.bookmarks.len(), 4, "a still sees all its marks");
    b.toggle_bookmark(&v2, &mut new_marks, 0).unwrap();
    assert_eq!(new_marks.bookmarks.len(), 3, "the two versions do not mix");
}

/// Repeated paragraphs (scene separators, short replies) and edits at the
/// start of a paragraph: a bookmark goes by its neighbours.
#[test]
fn bookmarks_on_repeated_or_edited_paragraphs_find_their_place_by_their_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut store = Store::open_in(dir.path(), options(&clock));
    let v1 = Document::from_text("A一段落目。\n＊＊＊\nB三段落目。\n＊＊＊\nC五段落目。これは本文。\nD六。\n").unwrap();
    let mut marks = store.load(&v1, Some(Path::new(PATH)), "Seps");
    store.toggle_bookmark(&v1, &mut marks, 3).unwrap(); // the second ＊＊＊
    store.toggle_bookmark(&v1, &mut marks, 4).unwrap();
    assert!(store.flush());
    drop(store);
    // Two paragraphs inserted at the top; the start of C edited.
    let v2 = Document::from_text(
        "挿入1。\n挿入2。\nA一段落目。\n＊＊＊\nB三段落目。\n＊＊＊\nC第五段落。これは本文。\nD六。\n",
    )
    .unwrap();
    let mut store = Store::open_in(dir.path(), options(&clock));
    let marks = store.load(&v2, Some(Path::new(PATH)), "Seps");
    let placed: Vec<usize> = marks.bookmarks.iter().map(|b| b.paragraph).collect();
    assert_eq!(placed, [5, 6], "the ＊＊＊ after B, and the edited C");
    assert!(marks.orphans.is_empty(), "{:?}", marks.orphans);
}
