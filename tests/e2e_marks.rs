//! End-to-end: marks made in the real reader survive quitting, show up in
//! `--export`, and the reader resumes where it stopped.

mod common;

use std::process::Command;

use common::pty::Session;

/// `emaki ARGS` with the same data directory as the sessions in `home`.
fn emaki(home: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_emaki"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("EMAKI_DATA_DIR", home.join("emaki-data"))
        .output()
        .expect("run emaki");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bookmark_made_in_the_reader_is_exported_and_the_reader_resumes_there() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path(), &[]);
    s.wait_for_text("1/15");
    s.keys("]]]");
    s.wait_for_text("8/15");
    s.keys("m");
    s.wait_for_text("bookmark added on paragraph 8");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);

    let (code, out, err) = emaki(home.path(), &["--export", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let bookmarks = json["bookmarks"].as_array().expect("bookmarks");
    assert_eq!(bookmarks.len(), 1, "{out}");
    assert_eq!(bookmarks[0]["paragraph"], 8);
    assert_eq!(bookmarks[0]["scene"], 4);

    let mut again = Session::start(&[], 60, 20, home.path(), &[]);
    again.wait_for_text("8/15");
    again.wait_for_text("その後、両首脳は広範な会談を行った。");
    again.keys("q");
    assert_eq!(again.wait_exit(), 0);
}

#[test]
fn a_quote_highlighted_in_the_reader_is_exported() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path(), &[]);
    s.wait_for_text("1/15");
    s.keys("\t");
    s.wait_for_text("習近平: 「黄金の30年」");
    s.keys("h");
    s.wait_for_text("quote highlighted");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);

    let (code, out, err) = emaki(home.path(), &["--export", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let highlights = json["highlights"].as_array().expect("highlights");
    assert_eq!(highlights.len(), 1, "{out}");
    assert_eq!(highlights[0]["text"], "黄金の30年");
    assert_eq!(highlights[0]["speaker"], "習近平");
    assert_eq!(highlights[0]["paragraph"], 6);

    let (code, md, _) = emaki(home.path(), &["--export", "markdown"]);
    assert_eq!(code, 0);
    assert!(md.contains("黄金の30年") && md.contains("習近平"), "{md}");
}

#[test]
fn two_readers_on_the_same_article_keep_each_others_bookmarks() {
    let home = tempfile::tempdir().unwrap();
    let mut a = Session::start(&[], 80, 24, home.path(), &[]);
    let mut b = Session::start(&[], 80, 24, home.path(), &[]);
    a.wait_for_text("1/15");
    b.wait_for_text("1/15");
    a.keys("}m");
    a.wait_for_text("bookmark added on paragraph 2");
    b.keys("}}}m");
    b.wait_for_text("bookmark added on paragraph 4");
    a.keys("q");
    b.keys("q");
    assert_eq!(a.wait_exit(), 0);
    assert_eq!(b.wait_exit(), 0);
    let (_, out, _) = emaki(home.path(), &["--export", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paragraphs: Vec<i64> =
        json["bookmarks"].as_array().unwrap().iter().map(|b| b["paragraph"].as_i64().unwrap()).collect();
    assert_eq!(paragraphs, [2, 4]);
}

#[test]
fn export_only_reads_the_store() {
    let home = tempfile::tempdir().unwrap();
    // No data directory yet: export creates none.
    let (code, out, _) = emaki(home.path(), &["--export", "json"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"bookmarks\": []"), "{out}");
    assert!(!home.path().join("emaki-data").exists(), "export created the data directory");
    // A store that cannot be read is an error, and is left exactly as it is.
    std::fs::create_dir(home.path().join("emaki-data")).unwrap();
    let store = home.path().join("emaki-data/emaki-store.json");
    std::fs::write(&store, "{ garbage").unwrap();
    let (code, out, err) = emaki(home.path(), &["--export", "markdown"]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("cannot export") && err.contains("unreadable"), "{err}");
    assert_eq!(std::fs::read_to_string(&store).unwrap(), "{ garbage");
    let names: Vec<_> =
        std::fs::read_dir(home.path().join("emaki-data")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "nothing set aside or locked: {names:?}");
}
