//! Marks made on an Aozora Bunko file while emaki still showed its markup as
//! text land on the same paragraphs once the markup is read: the store
//! carries them over from the earlier text at the same path.

use std::path::Path;
use std::time::Duration;

use emaki::engine::document::Document;
use emaki::store::clock::ManualClock;
use emaki::store::{Store, StoreOptions};

const PATH: &str = "/books/shinri-shiken.txt";

fn store(dir: &Path) -> Store {
    let mut options = StoreOptions::with_clock(ManualClock::at_unix(1_720_000_000));
    options.lock_timeout = Duration::from_secs(30);
    Store::open_in(dir, options)
}

#[test]
fn marks_made_on_the_raw_notation_land_on_the_same_paragraphs() {
    let raw = include_str!("data/edogawa_shinri-shiken.utf8.txt");
    let dir = tempfile::tempdir().unwrap();
    // Before: the file read as plain text, markup and legend included.
    let before = Document::from_text(raw).unwrap();
    let find = |doc: &Document, text: &str| (0..doc.paragraph_count()).find(|&p| doc.paragraph(p).contains(text));
    let bookmarked = find(&before, "何故《なぜ》これから").unwrap();
    let highlighted = find(&before, "殺人罪").unwrap();
    {
        let mut s = store(dir.path());
        let mut marks = s.load(&before, Some(Path::new(PATH)), "心理試験");
        s.toggle_bookmark(&before, &mut marks, bookmarked).unwrap();
        let at = before.paragraph(highlighted).find("殺人罪").unwrap();
        s.toggle_highlight(&before, &mut marks, highlighted, at..at + "殺人罪".len(), None).unwrap();
        s.set_position(&before, bookmarked, 0);
        assert!(s.flush());
    }
    // After: the same file read as Aozora Bunko.
    let (after, _) = emaki::cli::input::document_of(raw.to_owned()).unwrap();
    let mut s = store(dir.path());
    let marks = s.load(&after, Some(Path::new(PATH)), "心理試験");
    assert!(marks.orphans.is_empty(), "nothing orphaned: {:?}", marks.orphans);
    let bookmark = &marks.bookmarks[0];
    assert!(after.paragraph(bookmark.paragraph).contains("何故これから"), "{}", after.paragraph(bookmark.paragraph));
    assert_eq!(Some(bookmark.paragraph), find(&after, "何故これから"));
    let highlight = &marks.highlights[0];
    assert_eq!(&after.paragraph(highlight.paragraph)[highlight.range.clone()], "殺人罪");
    let position = marks.position.expect("the reading position is carried over");
    assert_eq!(position.paragraph, bookmark.paragraph, "the position moved as far as the marks did");
}
