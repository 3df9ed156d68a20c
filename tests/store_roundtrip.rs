//! The store round trip: what the reader saves is what it finds again, in the
//! documented format, with fields it does not know left alone.

use std::path::Path;
use std::time::Duration;

use emaki::engine::document::Document;
use emaki::store::clock::ManualClock;
use emaki::store::{MarkError, Store, StoreOptions, Toggled};
use serde_json::{Value, json};

/// 2024-07-03T09:46:40Z.
const T0: u64 = 1_720_000_000;

fn options(clock: &ManualClock) -> StoreOptions {
    let mut options = StoreOptions::with_clock(clock.clone());
    options.lock_timeout = Duration::from_secs(30);
    options
}

fn article() -> Document {
    Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap()
}

fn stored(dir: &Path) -> Value {
    let bytes = std::fs::read(dir.join("emaki-store.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn marks_and_position_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = article();
    let path = Path::new("/articles/visit.txt");
    {
        let mut store = Store::open_in(dir.path(), options(&clock));
        let mut marks = store.load(&doc, Some(path), "Visit");
        assert!(marks.bookmarks.is_empty() && marks.position.is_none());
        assert_eq!(store.toggle_bookmark(&doc, &mut marks, 7), Ok(Toggled::Added));
        let id = marks.bookmark_at(7).unwrap().id.clone();
        store.set_note(&doc, &mut marks, &id, "  読み返す\nこと ").unwrap();
        let quote = doc.paragraph(5).find("黄金の30年").unwrap();
        let range = quote..quote + "黄金の30年".len();
        assert_eq!(store.toggle_highlight(&doc, &mut marks, 5, range.clone(), Some("習近平")), Ok(Toggled::Added));
        store.set_position(&doc, 7, 10);
        assert!(store.flush());
        assert!(store.take_notices().is_empty());
        assert_eq!(store.warning(), None);
    }
    let mut store = Store::open_in(dir.path(), options(&clock));
    let marks = store.load(&doc, Some(path), "Visit");
    assert_eq!(marks.bookmarks.len(), 1);
    let b = &marks.bookmarks[0];
    assert_eq!(b.paragraph, 7);
    assert_eq!(b.note.as_deref(), Some("読み返す こと"));
    assert_eq!(b.created, "2024-07-03T09:46:40Z");
    assert_eq!(b.excerpt, "その後、両首脳は広範な会談を行った。");
    let h = &marks.highlights[0];
    assert_eq!((h.paragraph, h.text.as_str(), h.speaker.as_deref()), (5, "黄金の30年", Some("習近平")));
    let position = marks.position.unwrap();
    // Offset 10 is inside a 3-byte character: floored to its start.
    assert_eq!((position.paragraph, position.offset, position.exact), (7, 9, true));
    assert!(marks.orphans.is_empty());
}

#[test]
fn the_file_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = article();
    let mut store = Store::open_in(dir.path(), options(&clock));
    let mut marks = store.load(&doc, Some(Path::new("/a.txt")), "Visit");
    store.toggle_bookmark(&doc, &mut marks, 0).unwrap();
    store.toggle_highlight(&doc, &mut marks, 2, 0..3, None).unwrap();
    clock.advance(Duration::from_secs(60));
    store.set_position(&doc, 2, 3);
    let file = stored(dir.path());
    let entry = &file["documents"][doc.content_hash()];
    assert_eq!(file["version"], 1);
    assert_eq!(entry["path"], "/a.txt");
    assert_eq!(entry["title"], "Visit");
    assert_eq!(entry["opened"], "2024-07-03T09:46:40Z");
    assert_eq!(
        entry["bookmarks"][0],
        json!({
            "paragraph": 1,
            "fingerprint": doc.fingerprint(0).to_hex(),
            // 40 characters: 39 of the paragraph and an ellipsis.
            "excerpt": "現地時間2024年7月3日午前、習近平国家主席はカザフスタンのトカエフ大統領と…",
            "created": "2024-07-03T09:46:40Z",
            "note": null,
            // The paragraphs around it: none before the first.
            "neighbours": ["", doc.fingerprint(1).to_hex()]
        })
    );
    assert_eq!(
        entry["highlights"][0],
        json!({
            "paragraph": 3,
            "fingerprint": doc.fingerprint(2).to_hex(),
            "start": 0, "end": 3, "text": "ト", "speaker": null,
            "created": "2024-07-03T09:46:40Z"
        })
    );
    assert_eq!(
        entry["position"],
        json!({
            "paragraph": 3, "offset": 3,
            "fingerprint": doc.fingerprint(2).to_hex(),
            "updated": "2024-07-03T09:47:40Z"
        })
    );
}

#[test]
fn toggling_twice_removes_and_bad_requests_are_refused_without_saving() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = article();
    let other = Document::from_text("別の文書").unwrap();
    let mut store = Store::open_in(dir.path(), options(&clock));
    let mut marks = store.load(&doc, None, "Visit");
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 3), Ok(Toggled::Added));
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 3), Ok(Toggled::Removed));
    assert_eq!(store.toggle_highlight(&doc, &mut marks, 1, 0..6, None), Ok(Toggled::Added));
    assert_eq!(store.toggle_highlight(&doc, &mut marks, 1, 0..6, None), Ok(Toggled::Removed));
    assert!(marks.bookmarks.is_empty() && marks.highlights.is_empty());

    let count = doc.paragraph_count();
    assert_eq!(
        store.toggle_bookmark(&doc, &mut marks, count),
        Err(MarkError::NoSuchParagraph { paragraph: count, count })
    );
    // Not on a character boundary, empty, past the end.
    for range in [0..1, 3..3, 0..100_000] {
        assert!(matches!(store.toggle_highlight(&doc, &mut marks, 1, range, None), Err(MarkError::BadRange { .. })));
    }
    assert_eq!(store.toggle_bookmark(&other, &mut marks, 0), Err(MarkError::WrongDocument));
    let entry = &stored(dir.path())["documents"][doc.content_hash()];
    assert_eq!(entry["bookmarks"], json!([]));
    assert_eq!(entry["highlights"], json!([]));
}

#[test]
fn a_note_can_be_cleared_and_a_bookmark_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = article();
    let mut store = Store::open_in(dir.path(), options(&clock));
    let mut marks = store.load(&doc, None, "Visit");
    store.toggle_bookmark(&doc, &mut marks, 4).unwrap();
    let id = marks.bookmarks[0].id.clone();
    store.set_note(&doc, &mut marks, &id, "メモ").unwrap();
    store.set_note(&doc, &mut marks, &id, "   ").unwrap();
    assert_eq!(marks.bookmarks[0].note, None);
    store.delete(&doc, &mut marks, &id).unwrap();
    assert!(marks.bookmarks.is_empty());
    assert_eq!(store.delete(&doc, &mut marks, &id), Err(MarkError::NoSuchMark));
    store.toggle_highlight(&doc, &mut marks, 1, 0..3, None).unwrap();
    // Highlights take notes too (issue 15).
    let hid = marks.highlights[0].id.clone();
    store.set_note(&doc, &mut marks, &hid, "x").unwrap();
    assert_eq!(marks.highlights[0].note.as_deref(), Some("x"));
    let reopened = Store::open_in(dir.path(), options(&clock)).load(&doc, None, "Visit");
    assert!(reopened.bookmarks.is_empty());
    assert_eq!(reopened.highlights.len(), 1);
    assert_eq!(reopened.highlights[0].note.as_deref(), Some("x"));
}

#[test]
fn positions_are_written_at_most_once_per_interval_and_flushed_on_tick() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = article();
    let mut store = Store::open_in(dir.path(), options(&clock));
    store.load(&doc, None, "Visit");
    let saved = |dir: &Path| stored(dir)["documents"][doc.content_hash()]["position"]["paragraph"].clone();
    clock.advance(Duration::from_secs(5));
    store.set_position(&doc, 1, 0);
    assert_eq!(saved(dir.path()), 2, "the first move after a quiet spell is written at once");
    store.set_position(&doc, 2, 0);
    store.set_position(&doc, 3, 0);
    assert_eq!(saved(dir.path()), 2, "moves within the interval wait");
    assert!(store.has_unsaved_changes());
    store.tick();
    assert_eq!(saved(dir.path()), 2, "not due yet");
    clock.advance(Duration::from_secs(2));
    store.tick();
    assert_eq!(saved(dir.path()), 4, "the latest position once due");
    assert!(!store.has_unsaved_changes());
}

#[test]
fn a_waiting_position_is_written_when_the_store_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = article();
    {
        let mut store = Store::open_in(dir.path(), options(&clock));
        store.load(&doc, None, "Visit");
        store.set_position(&doc, 5, 0); // the first write: at once
        store.set_position(&doc, 6, 0); // within the interval: waits
        assert!(store.has_unsaved_changes());
    }
    let marks = Store::open_in(dir.path(), options(&clock)).load(&doc, None, "Visit");
    assert_eq!(marks.position.map(|p| p.paragraph), Some(6));
}

#[test]
fn fields_this_version_does_not_know_are_kept_at_every_level() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = article();
    let hash = doc.content_hash();
    let fp = |i: usize| doc.fingerprint(i).to_hex();
    let original = json!({
        "version": 1,
        "sync": { "peer": "laptop" },
        "documents": {
            hash: {
                "path": "/a.txt", "title": "Visit", "opened": "2024-07-01T00:00:00Z",
                "tags": ["news"],
                "position": { "paragraph": 2, "offset": 0, "fingerprint": fp(1), "updated": "2024-07-01T00:00:00Z", "screen": 3 },
                "bookmarks": [ { "paragraph": 1, "fingerprint": fp(0), "excerpt": "現地時間", "created": "2024-07-01T00:00:00Z", "note": null, "colour": "red" } ],
                "highlights": [ { "paragraph": 3, "fingerprint": fp(2), "start": 0, "end": 3, "text": "ト", "speaker": null, "created": "2024-07-01T00:00:00Z", "style": { "bold": true } } ]
            },
            "0000": { "path": "/other.txt", "title": "Other", "bookmarks": [ { "paragraph": 1, "fingerprint": "0000000000000000", "future": 1 } ], "unknown": true }
        }
    });
    std::fs::write(dir.path().join("emaki-store.json"), serde_json::to_vec(&original).unwrap()).unwrap();
    let mut store = Store::open_in(dir.path(), options(&clock));
    let mut marks = store.load(&doc, Some(Path::new("/a.txt")), "Visit");
    store.toggle_bookmark(&doc, &mut marks, 4).unwrap();
    let id = marks.bookmark_at(0).unwrap().id.clone();
    store.set_note(&doc, &mut marks, &id, "note").unwrap();
    clock.advance(Duration::from_secs(10));
    store.set_position(&doc, 5, 0);

    let file = stored(dir.path());
    let entry = &file["documents"][hash];
    assert_eq!(file["sync"], json!({ "peer": "laptop" }));
    assert_eq!(entry["tags"], json!(["news"]));
    assert_eq!(entry["bookmarks"][0]["colour"], "red");
    assert_eq!(entry["bookmarks"][0]["note"], "note");
    assert_eq!(entry["highlights"][0]["style"], json!({ "bold": true }));
    assert_eq!(entry["bookmarks"][1]["paragraph"], 5);
    assert_eq!(entry["position"]["paragraph"], 6);
    assert_eq!(entry["position"]["screen"], 3);
    let other = &file["documents"]["0000"];
    assert_eq!(other["unknown"], true);
    assert_eq!(other["bookmarks"][0]["future"], 1);
}
