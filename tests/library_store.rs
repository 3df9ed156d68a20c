//! The store as a library: many entries and pruning, moved files, two
//! readers at once, removing and restoring, reading settings, the reading
//! pace, its size, and a file written now read by the previous version.

use std::path::{Path, PathBuf};
use std::time::Duration;

use emaki::engine::document::Document;
use emaki::store::clock::ManualClock;
use emaki::store::model::{self, Decoded, SettingsRecord};
use emaki::store::pace::Script;
use emaki::store::{Store, StoreOptions};
use serde_json::Value;

/// 2024-07-03T09:46:40Z.
const T0: u64 = 1_720_000_000;

fn options(clock: &ManualClock) -> StoreOptions {
    let mut options = StoreOptions::with_clock(clock.clone());
    options.lock_timeout = Duration::from_secs(30);
    options
}

fn document(i: usize) -> Document {
    Document::from_text(format!("第{i}の文書。\n本文は短い。\n三段落目{i}。")).unwrap()
}

fn stored(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("emaki-store.json")).unwrap()).unwrap()
}

/// A file for document `i` in `dir` (so the library does not call it missing).
fn file_for(dir: &Path, i: usize) -> PathBuf {
    let path = dir.join(format!("doc{i}.txt"));
    std::fs::write(&path, format!("第{i}の文書。\n")).unwrap();
    path
}

#[test]
fn pruning_drops_the_oldest_entries_without_marks_and_never_one_with_marks() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut options = options(&clock);
    options.max_documents = 40;
    // 120 documents, each read in a session of its own, a minute apart;
    // every fifth gets a mark.
    for i in 0..120 {
        let mut store = Store::open_in(dir.path(), options.clone());
        let doc = document(i);
        let path = file_for(files.path(), i);
        let mut marks = store.load(&doc, Some(&path), &format!("文書{i}"));
        store.set_position(&doc, 1, 0);
        if i % 5 == 0 {
            if i % 10 == 0 {
                store.toggle_bookmark(&doc, &mut marks, 2).unwrap();
            } else {
                store.toggle_highlight(&doc, &mut marks, 0, 0..3, None).unwrap();
            }
        }
        assert!(store.flush());
        clock.advance(Duration::from_secs(60));
    }
    let library = Store::open_in(dir.path(), StoreOptions::with_clock(clock.clone())).library();
    let titles: Vec<&str> = library.iter().map(|e| e.title.as_str()).collect();
    // All 24 marked entries are there, whatever their age.
    for i in (0..120).step_by(5) {
        assert!(titles.contains(&format!("文書{i}").as_str()), "文書{i} has marks and was pruned: {titles:?}");
    }
    // The unmarked ones left are the newest: none older than any removed.
    let unmarked: Vec<usize> =
        library.iter().filter(|e| !e.has_marks()).map(|e| e.title[6..].parse().unwrap()).collect();
    assert_eq!(library.len(), 40, "{titles:?}");
    let oldest_kept = unmarked.iter().min().copied().unwrap();
    assert!((oldest_kept..120).filter(|i| i % 5 != 0).all(|i| unmarked.contains(&i)), "{unmarked:?}");
    assert_eq!(unmarked.len(), 40 - 24);
    // Most recently opened first.
    assert_eq!(titles[0], "文書119");
}

#[test]
fn a_moved_file_is_one_entry_with_its_new_path() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = document(1);
    let old = file_for(files.path(), 1);
    let new = files.path().join("moved.txt");
    {
        let mut store = Store::open_in(dir.path(), options(&clock));
        store.load(&doc, Some(&old), "one");
        store.set_position(&doc, 2, 0);
        assert!(store.flush());
    }
    std::fs::rename(&old, &new).unwrap();
    let mut store = Store::open_in(dir.path(), options(&clock));
    let listed = store.library();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].missing, "the old path is gone");
    let marks = store.load(&doc, Some(&new), "one");
    assert!(store.flush());
    assert_eq!(marks.position.map(|p| p.paragraph), Some(2), "the position came along");
    let listed = store.library();
    assert_eq!(listed.len(), 1, "one entry, not two");
    assert_eq!(listed[0].path.as_deref(), new.to_str());
    assert!(!listed[0].missing);
}

#[test]
fn two_readers_at_once_keep_their_own_positions_and_both_appear() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let (a_doc, b_doc) = (document(1), document(2));
    let mut a = Store::open_in(dir.path(), options(&clock));
    let mut b = Store::open_in(dir.path(), options(&clock));
    a.load(&a_doc, Some(&file_for(files.path(), 1)), "A");
    b.load(&b_doc, Some(&file_for(files.path(), 2)), "B");
    a.set_position(&a_doc, 1, 0);
    a.set_progress(&a_doc, 40, 1, 1);
    b.set_position(&b_doc, 2, 0);
    b.set_progress(&b_doc, 90, 1, 1);
    assert!(a.flush() && b.flush());
    let listed = a.library();
    let progress: Vec<(&str, Option<u8>)> = listed.iter().map(|e| (e.title.as_str(), e.percent)).collect();
    assert!(progress.contains(&("A", Some(40))) && progress.contains(&("B", Some(90))), "{progress:?}");
    let fresh = Store::open_in(dir.path(), options(&clock)).load(&a_doc, None, "A");
    assert_eq!(fresh.position.map(|p| p.paragraph), Some(1));
    let fresh = Store::open_in(dir.path(), options(&clock)).load(&b_doc, None, "B");
    assert_eq!(fresh.position.map(|p| p.paragraph), Some(2));
}

#[test]
fn a_removed_entry_comes_back_with_its_marks_even_when_reopened_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = document(3);
    let mut a = Store::open_in(dir.path(), options(&clock));
    let mut marks = a.load(&doc, None, "three");
    a.toggle_bookmark(&doc, &mut marks, 1).unwrap();
    a.set_position(&doc, 2, 0);
    assert!(a.flush());
    let hash = doc.content_hash().to_owned();
    let removed = a.remove_document(&hash).expect("it was there");
    assert!(stored(dir.path())["documents"].get(&hash).is_none(), "removed from the file at once");
    // Another reader opens it again before the undo.
    let mut b = Store::open_in(dir.path(), options(&clock));
    b.load(&doc, None, "three");
    b.set_position(&doc, 0, 0);
    assert!(b.flush());
    a.restore_document(&hash, removed);
    let entry = &stored(dir.path())["documents"][&hash];
    assert_eq!(entry["bookmarks"].as_array().unwrap().len(), 1, "{entry}");
    assert_eq!(entry["position"]["paragraph"], 1, "the newer position stays");
    assert!(a.remove_document("no such hash").is_none());
}

#[test]
fn settings_are_kept_per_document_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let (one, two) = (document(1), document(2));
    let mut store = Store::open_in(dir.path(), options(&clock));
    store.load(&one, None, "one");
    store.load(&two, None, "two");
    store.set_settings(&one, SettingsRecord { ruby: Some("inline".into()), ..Default::default() });
    store.set_settings(&one, SettingsRecord { vertical: Some(true), ..Default::default() });
    assert!(store.flush());
    let mut again = Store::open_in(dir.path(), options(&clock));
    again.load(&one, None, "one");
    let settings = again.settings(&one).expect("kept");
    assert_eq!((settings.ruby.as_deref(), settings.vertical), (Some("inline"), Some(true)));
    assert!(again.settings(&two).is_none(), "the other document has none");
}

#[test]
fn reading_from_two_readers_adds_up_and_is_counted_once_after_a_corrupt_file() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let mut a = Store::open_in(dir.path(), options(&clock));
    let mut b = Store::open_in(dir.path(), options(&clock));
    a.add_reading(Script::Cjk, 3000, 300);
    b.add_reading(Script::Cjk, 6000, 300);
    assert!(a.flush() && b.flush());
    let figure = |dir: &Path| {
        let v = stored(dir);
        (v["reading"]["cjk"]["units"].as_u64(), v["reading"]["cjk"]["seconds"].as_u64())
    };
    assert_eq!(figure(dir.path()), (Some(9000), Some(600)));
    let pace = Store::open_in(dir.path(), options(&clock)).pace(Script::Cjk, 0, 0.0);
    assert!(pace.learned && (pace.per_minute - 900.0).abs() < 1e-9, "{pace:?}");
    // The file is damaged; the next save sets it aside and starts again from
    // what `a` knew (it has read `b`'s reading since), replaying its change once.
    a.library();
    std::fs::write(dir.path().join("emaki-store.json"), "{ not json").unwrap();
    a.add_reading(Script::Cjk, 100, 10);
    assert!(a.flush());
    assert_eq!(figure(dir.path()), (Some(9100), Some(610)));
}

/// The record types of the previous version of emaki, as they were before
/// the library (copied from `src/store/model.rs` at that version): a file
/// written now must still be read by it, and what it does not know kept.
mod previous {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};
    use serde_json::{Map, Value};

    pub type Extra = Map<String, Value>;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct StoreFile {
        pub version: u64,
        #[serde(default)]
        pub documents: BTreeMap<String, DocumentRecord>,
        #[serde(flatten)]
        pub extra: Extra,
    }

    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct DocumentRecord {
        #[serde(default)]
        pub path: Option<String>,
        #[serde(default)]
        pub title: String,
        #[serde(default)]
        pub opened: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub derived_from: Option<String>,
        #[serde(default)]
        pub position: Option<PositionRecord>,
        #[serde(default)]
        pub bookmarks: Vec<BookmarkRecord>,
        #[serde(default)]
        pub highlights: Vec<HighlightRecord>,
        #[serde(flatten)]
        pub extra: Extra,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct PositionRecord {
        pub paragraph: usize,
        #[serde(default)]
        pub offset: usize,
        #[serde(default)]
        pub fingerprint: String,
        #[serde(default)]
        pub updated: String,
        #[serde(flatten)]
        pub extra: Extra,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct BookmarkRecord {
        pub paragraph: usize,
        pub fingerprint: String,
        #[serde(default)]
        pub excerpt: String,
        #[serde(default)]
        pub created: String,
        #[serde(default)]
        pub note: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub neighbours: Option<[String; 2]>,
        #[serde(flatten)]
        pub extra: Extra,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct HighlightRecord {
        pub paragraph: usize,
        pub fingerprint: String,
        pub start: usize,
        pub end: usize,
        pub text: String,
        #[serde(default)]
        pub speaker: Option<String>,
        #[serde(default)]
        pub created: String,
        #[serde(flatten)]
        pub extra: Extra,
    }
}

#[test]
fn a_store_written_now_is_read_by_the_previous_version_which_keeps_the_new_fields() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let doc = document(7);
    {
        let mut store = Store::open_in(dir.path(), options(&clock));
        let mut marks = store.load(&doc, Some(Path::new("/books/seven.txt")), "七");
        store.toggle_bookmark(&doc, &mut marks, 1).unwrap();
        store.set_position(&doc, 2, 0);
        store.set_progress(&doc, 66, 2, 3);
        store.set_settings(
            &doc,
            SettingsRecord { ruby: Some("off".into()), vertical: Some(true), ..Default::default() },
        );
        store.add_reading(Script::Cjk, 1234, 120);
        assert!(store.flush());
    }
    let bytes = std::fs::read(dir.path().join("emaki-store.json")).unwrap();
    let hash = doc.content_hash();
    // The previous version reads it...
    let mut old: previous::StoreFile = serde_json::from_slice(&bytes).expect("the previous version reads it");
    assert_eq!(old.version, 1, "the schema version did not change: the new fields are optional");
    let entry = old.documents.get_mut(hash).expect("its entry");
    assert_eq!(entry.position.as_ref().map(|p| p.paragraph), Some(3));
    assert_eq!(entry.bookmarks.len(), 1);
    assert!(entry.extra.contains_key("settings") && entry.extra.contains_key("progress"));
    assert!(old.extra.contains_key("reading"));
    // ... changes what it knows (a position) and writes it back ...
    entry.position.as_mut().unwrap().paragraph = 1;
    let rewritten = serde_json::to_vec_pretty(&old).unwrap();
    // ... and this version finds everything it wrote.
    let Ok(Decoded::Current(new)) = model::decode(&rewritten) else { panic!("this version reads it back") };
    let entry = &new.documents[hash];
    assert_eq!(entry.position.as_ref().map(|p| p.paragraph), Some(1));
    assert_eq!(entry.progress.as_ref().map(|p| (p.percent, p.scene, p.scenes)), Some((66, 2, 3)));
    let settings = entry.settings.as_ref().unwrap();
    assert_eq!((settings.ruby.as_deref(), settings.vertical), (Some("off"), Some(true)));
    assert_eq!(entry.format.as_deref(), Some("text"));
    assert_eq!(new.reading.as_ref().and_then(|r| r.cjk.as_ref()).map(|f| (f.units, f.seconds)), Some((1234, 120)));
}

#[test]
fn a_store_from_a_newer_emaki_is_listed_read_only_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        r#"{"version": 9, "documents": {"h": {"path": null, "title": "未来", "opened": "2030-01-01T00:00:00Z"}}}"#;
    std::fs::write(dir.path().join("emaki-store.json"), text).unwrap();
    let mut store = Store::open_read_only_in(dir.path(), StoreOptions::default());
    let listed = store.library();
    assert_eq!(listed.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["未来"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("emaki-store.json")).unwrap(), text);
}

#[test]
fn a_thousand_documents_without_marks_take_under_two_megabytes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    // One entry as the reader writes it, with every field the library keeps:
    // a long path, a title of 40 characters, a position, progress, settings.
    let novel = Document::from_text(include_str!("data/yumeno_dogra-magra.utf8.txt")).unwrap();
    let long_path = format!("/home/reader/Books/青空文庫/夢野久作/{}.txt", "ドグラ・マグラ".repeat(3));
    {
        let mut store = Store::open_in(dir.path(), options(&clock));
        store.load(&novel, Some(Path::new(&long_path)), &novel.title(40));
        store.set_position(&novel, 2000, 30);
        store.set_progress(&novel, 64, 9, 14);
        store.set_settings(
            &novel,
            SettingsRecord { ruby: Some("inline".into()), vertical: Some(true), ..Default::default() },
        );
        assert!(store.flush());
    }
    let bytes = std::fs::read(dir.path().join("emaki-store.json")).unwrap();
    let Ok(Decoded::Current(mut file)) = model::decode(&bytes) else { panic!() };
    let (_, template) = file.documents.pop_first().unwrap();
    for i in 0..1000 {
        let mut entry = template.clone();
        entry.path = Some(format!("{long_path}.{i:04}"));
        entry.title = format!("{}{i:04}", "長い題名".repeat(9));
        file.documents.insert(format!("{i:064x}"), entry);
    }
    std::fs::write(dir.path().join("emaki-store.json"), model::encode(&file).unwrap()).unwrap();
    // The store rewrites it (a change to one entry) as it writes every file.
    let mut store = Store::open_in(dir.path(), options(&clock));
    store.add_reading(Script::Cjk, 10, 10);
    assert!(store.flush());
    let size = std::fs::metadata(dir.path().join("emaki-store.json")).unwrap().len();
    assert!(size < 2_000_000, "{size} bytes for 1,000 documents");
    assert_eq!(store.library().len(), 1000);
}
