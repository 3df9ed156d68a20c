//! End-to-end, in a pseudo-terminal: the acceptance scenario of the library.
//! The article read to scene 4; a novel a few pages in; `emaki -c` reopens
//! the novel where it was; `L` lists both; `Enter` on the article resumes it
//! in scene 4; and a moved file stays one entry.

mod common;

use common::emaki_in;
use common::pty::Session;

/// The focused paragraph and the total, from the status line (`32/3137`).
fn position(s: &Session) -> Option<(usize, usize)> {
    let status = s.screen().last().cloned().unwrap_or_default();
    status.split_whitespace().rev().find_map(|word| {
        let (n, m) = word.split_once('/')?;
        Some((n.parse().ok()?, m.parse().ok()?))
    })
}

#[test]
fn the_library_lists_both_documents_and_each_resumes_where_it_was_left() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("emaki-data");
    let novel = home.path().join("novel.txt");
    std::fs::copy(common::repo_file("tests/data/yumeno_dogra-magra.utf8.txt"), &novel).unwrap();
    let novel = novel.to_str().unwrap().to_owned();

    // The article, to scene 4.
    let mut s = Session::start(&[], 80, 24, home.path(), &[]);
    s.wait_for_text("1/15");
    s.keys("4");
    s.wait_for_text("8/15");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);

    // The novel, a few pages in.
    let mut s = Session::start(&[&novel], 80, 24, home.path(), &[]);
    s.wait_for_text("ドグラ・マグラ");
    s.keys("   ");
    s.wait_for("three pages", |_| position(&s).is_some_and(|(n, _)| n > 20));
    s.settle(std::time::Duration::from_millis(200));
    let (where_left, total) = position(&s).unwrap();
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);

    // -c: the novel again, where it was.
    let mut s = Session::start(&["-c"], 80, 24, home.path(), &[]);
    let status = format!("{where_left}/{total}");
    s.wait_for_text(&status);
    // L lists both, with their progress.
    s.keys("L");
    s.wait_for_text("library: 2 documents");
    let screen = s.text();
    assert!(screen.contains("▸ ドグラ・マグラ"), "{screen}");
    assert!(screen.contains("35% 4/6"), "the article's progress: {screen}");
    assert!(screen.contains(&novel), "{screen}");
    // Enter on the article: it resumes in scene 4.
    s.keys("j\r");
    s.wait_for_text("8/15");
    assert!(s.text().lines().last().unwrap().contains("4 拡大会談"), "{}", s.text());
    // And the novel, from the list again, where it was.
    s.keys("L");
    s.wait_for_text("library: 2 documents");
    s.keys("j\r");
    s.wait_for_text(&status);
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);

    // The same text at a new path is one entry, with the new path.
    let moved = home.path().join("moved.txt");
    std::fs::rename(&novel, &moved).unwrap();
    let mut s = Session::start(&[moved.to_str().unwrap()], 80, 24, home.path(), &[]);
    s.wait_for_text(&status);
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let run = emaki_in(&data, &["--library", "--json"], b"");
    let entries: Vec<serde_json::Value> = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(entries.len(), 2, "{}", run.stdout);
    assert_eq!(entries[0]["path"], std::fs::canonicalize(&moved).unwrap().to_str().unwrap());
    assert_eq!(entries[0]["missing"], false);
}
