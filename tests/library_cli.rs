//! `emaki --library [--json]` and `emaki --continue` (`-c`), run as the
//! binary, each with a store of its own.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_article_scene_json, emaki_in};
use emaki::engine::document::Document;
use emaki::store::clock::ManualClock;
use emaki::store::{Store, StoreOptions};
use serde_json::Value;

/// The built-in article and a copy of the novel in a store: the article
/// read to paragraph 8 (scene 4) with a bookmark, the novel later, to
/// paragraph 40 with a highlight. Returns the novel's path.
fn two_documents(data: &Path, files: &Path) -> PathBuf {
    let novel_path = files.join("novel.txt");
    std::fs::copy(common::repo_file("tests/data/yumeno_dogra-magra.utf8.txt"), &novel_path).unwrap();
    let novel_path = std::fs::canonicalize(novel_path).unwrap();
    // Now, so that "last opened" is "today".
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let clock = ManualClock::at_unix(now - 3600);
    let mut store = Store::open_in(data, StoreOptions::with_clock(clock.clone()));
    let article = Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap();
    let mut marks = store.load(&article, Some(Path::new(emaki::EMBEDDED_ARTICLE_NAME)), &article.title(40));
    store.toggle_bookmark(&article, &mut marks, 7).unwrap();
    store.set_position(&article, 7, 0);
    store.set_progress(&article, 35, 4, 6);
    assert!(store.flush());
    clock.advance(std::time::Duration::from_secs(600));
    let novel = Document::from_text(std::fs::read_to_string(&novel_path).unwrap()).unwrap();
    let mut marks = store.load(&novel, Some(&novel_path), &novel.title(40));
    store.toggle_highlight(&novel, &mut marks, 39, 0..6, None).unwrap();
    store.set_position(&novel, 39, 0);
    store.set_progress(&novel, 1, 2, 14);
    assert!(store.flush());
    novel_path
}

fn json(out: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(out).expect("JSON").as_array().expect("an array").clone()
}

#[test]
fn library_json_lists_both_with_title_path_progress_last_opened_and_marks() {
    let (data, files) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let novel_path = two_documents(data.path(), files.path());
    let before = std::fs::read(data.path().join("emaki-store.json")).unwrap();
    let run = emaki_in(data.path(), &["--library", "--json"], b"");
    let entries = json(run.ok());
    assert_eq!(entries.len(), 2, "{}", run.stdout);
    let (novel, article) = (&entries[0], &entries[1]);
    assert_eq!(novel["title"], "ドグラ・マグラ");
    assert_eq!(novel["path"], novel_path.to_str().unwrap());
    assert_eq!(novel["format"], "text");
    assert_eq!(novel["missing"], false);
    assert_eq!(novel["progress"], serde_json::json!({"percent": 1, "scene": 2, "scenes": 14}));
    assert_eq!((novel["bookmarks"].as_u64(), novel["highlights"].as_u64()), (Some(0), Some(1)));
    assert_eq!(novel["opened_relative"], "today");
    assert!(novel["opened"].as_str().unwrap().ends_with('Z'));
    assert_eq!(article["path"], emaki::EMBEDDED_ARTICLE_NAME);
    assert!(article["title"].as_str().unwrap().starts_with("現地時間2024年7月3日午前"));
    assert_eq!(article["progress"]["scene"], 4);
    assert_eq!((article["bookmarks"].as_u64(), article["highlights"].as_u64()), (Some(1), Some(0)));
    assert!(article["opened"].as_str().unwrap() < novel["opened"].as_str().unwrap());
    assert_eq!(std::fs::read(data.path().join("emaki-store.json")).unwrap(), before, "only read");

    // The plain form: a header and a line each, the novel first.
    let run = emaki_in(data.path(), &["--library"], b"");
    let lines: Vec<&str> = run.ok().lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].contains("bookmarks") && lines[0].contains("path"), "{}", lines[0]);
    assert!(lines[1].contains("1%") && lines[1].contains("2/14") && lines[1].contains("ドグラ・マグラ"));
    assert!(lines[1].ends_with(novel_path.to_str().unwrap()), "{}", lines[1]);
    assert!(lines[2].contains("35%") && lines[2].contains("4/6"), "{}", lines[2]);

    // A file gone is flagged, and still listed.
    std::fs::remove_file(&novel_path).unwrap();
    let entries = json(emaki_in(data.path(), &["--library", "--json"], b"").ok());
    assert_eq!(entries[0]["missing"], true);
    let run = emaki_in(data.path(), &["--library"], b"");
    assert!(run.ok().lines().nth(1).unwrap().ends_with("(missing)"), "{}", run.stdout);
}

#[test]
fn relative_dates_follow_a_japanese_locale() {
    let (data, files) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    two_documents(data.path(), files.path());
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_emaki"));
    let out = command
        .args(["--library", "--json"])
        .env("EMAKI_DATA_DIR", data.path())
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let entries = json(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(entries[0]["opened_relative"], "今日");
}

#[test]
fn continue_names_the_document_read_last_for_any_command() {
    let (data, files) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // An empty library: the built-in article.
    assert_article_scene_json(emaki_in(data.path(), &["-c", "--scenes", "--json"], b"").ok());
    let novel_path = two_documents(data.path(), files.path());
    let run = emaki_in(data.path(), &["--continue", "--export", "json"], b"");
    let export: Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(export["document"]["path"], novel_path.to_str().unwrap(), "the novel was read last");
    assert_eq!(export["highlights"].as_array().unwrap().len(), 1);
    // Its file gone, the one read before it.
    std::fs::remove_file(&novel_path).unwrap();
    assert_article_scene_json(emaki_in(data.path(), &["-c", "--scenes", "--json"], b"").ok());
}

#[test]
fn an_empty_library_lists_nothing_and_creates_nothing() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("not-yet");
    let run = emaki_in(&dir, &["--library"], b"");
    assert_eq!(run.ok(), "");
    assert_eq!(json(emaki_in(&dir, &["--library", "--json"], b"").ok()), Vec::<Value>::new());
    assert!(!dir.exists(), "listing created the data directory");
}

#[test]
fn an_unreadable_store_is_an_error_and_left_alone() {
    let data = tempfile::tempdir().unwrap();
    let store = data.path().join("emaki-store.json");
    std::fs::write(&store, "{ garbage").unwrap();
    let run = emaki_in(data.path(), &["--library"], b"");
    assert!(run.one_line_error().contains("cannot read the library"), "{}", run.stderr);
    let run = emaki_in(data.path(), &["-c", "--print"], b"");
    assert!(run.one_line_error().contains("cannot read the library"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&store).unwrap(), "{ garbage");
}

#[test]
fn the_options_go_together_only_where_they_make_sense() {
    let data = tempfile::tempdir().unwrap();
    // Usage errors exit 2 (issue 15).
    let run = emaki_in(data.path(), &["--json"], b"");
    assert!(run.usage_error().contains("--library"), "{}", run.stderr);
    let run = emaki_in(data.path(), &["-c", "some.txt"], b"");
    assert!(run.usage_error().contains("cannot be used with"), "{}", run.stderr);
    let run = emaki_in(data.path(), &["--continue", "--library"], b"");
    assert!(run.usage_error().contains("cannot be used with"), "{}", run.stderr);
}
