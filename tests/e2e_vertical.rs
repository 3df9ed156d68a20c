//! End-to-end, in a pseudo-terminal: vertical text in the real binary —
//! `T`, `]`, `m`, `Tab` and `/` work in it, the screen holds vertical
//! forms, and the bookmark made there is kept.

mod common;

use common::pty::Session;
use common::{Stdin, emaki_with, repo_file};

#[test]
fn t_then_scene_bookmark_quote_and_search_work_in_vertical_text() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path(), &[]);
    s.wait_for_text("1/15");
    s.keys("T");
    s.wait_for_text("vertical text");
    // 2024 stands upright, one full-width digit a row.
    s.wait_for("upright digits", |t| t.lines().any(|l| l.contains('２')) && t.contains('４'));
    s.keys("]]]");
    s.wait_for_text("8/15");
    s.keys("m");
    s.wait_for_text("bookmark added on paragraph 8");
    s.keys("\t");
    s.wait_for_text("「");
    s.keys("/一帯一路\r");
    // From the quote in paragraph 10, the next of the three matches.
    s.wait_for_text("match 2/3: 一帯一路");
    // The status line stays horizontal at the bottom.
    assert!(s.screen().last().unwrap().contains("match 2/3"), "{}", s.text());
    // Vertical forms on screen: the full stop and the opening bracket.
    let text = s.text();
    assert!(text.contains('︒') && text.contains('﹁'), "{text}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let data = home.path().join("emaki-data");
    let run = emaki_with(&["--export", "json"], Stdin::Null, &[("EMAKI_DATA_DIR", data.as_os_str())]);
    let json: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(json["bookmarks"][0]["paragraph"], 8);
}

#[test]
fn a_vertical_book_opens_vertically_with_ruby_beside_its_columns() {
    let home = tempfile::tempdir().unwrap();
    let book = repo_file("tests/data/soseki_kusamakura.vertical.epub");
    let mut s = Session::start(&[book.to_str().unwrap()], 80, 24, home.path(), &[]);
    s.wait_for_text("『草枕』");
    s.keys("]");
    s.wait_for_text("2 一");
    // 山路《やまみち》: the base in its column, the reading in the track to
    // its right (the reading's kana one cell pair further right).
    s.wait_for("ruby beside the column", |t| t.lines().any(|l| l.contains("山ま")));
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}
