//! Faults: corrupt files, unusable directories, crashes, a stuck lock, a file
//! from a newer version. The reader's data is never overwritten or lost, the
//! reader hears about it, and nothing panics.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use emaki::engine::document::Document;
use emaki::store::clock::ManualClock;
use emaki::store::file::{self, Lock};
use emaki::store::{Store, StoreOptions, Toggled};

const T0: u64 = 1_720_000_000;

fn options() -> StoreOptions {
    let mut options = StoreOptions::with_clock(ManualClock::at_unix(T0));
    options.lock_timeout = Duration::from_secs(30);
    options
}

fn article() -> Document {
    Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap()
}

/// A store in `dir` holding one bookmark (paragraph 4) on `doc`, written and
/// closed.
fn save_a_bookmark(dir: &Path, doc: &Document) {
    let mut store = Store::open_in(dir, options());
    let mut marks = store.load(doc, None, "Visit");
    store.toggle_bookmark(doc, &mut marks, 3).unwrap();
}

fn store_file(dir: &Path) -> PathBuf {
    dir.join("emaki-store.json")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_corrupt_store_is_kept_aside_byte_for_byte_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: &[u8] = b"{\"version\": 1, \"documents\": {\"abc\": \xff\xfe truncated";
    fs::write(store_file(dir.path()), garbage).unwrap();
    let mut store = Store::open_in(dir.path(), options());
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("unreadable"), "{}", notices[0]);
    assert!(notices[0].contains("emaki-store.corrupt-20240703T094640Z.json"), "{}", notices[0]);
    assert_eq!(store.warning(), None, "after setting it aside the store works");
    let aside = dir.path().join("emaki-store.corrupt-20240703T094640Z.json");
    assert_eq!(fs::read(&aside).unwrap(), garbage);

    let doc = article();
    let mut marks = store.load(&doc, None, "Visit");
    assert!(marks.bookmarks.is_empty());
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 1), Ok(Toggled::Added));
    assert_eq!(fs::read(&aside).unwrap(), garbage, "the copy is never touched again");
    let reopened = Store::open_in(dir.path(), options()).load(&doc, None, "Visit");
    assert_eq!(reopened.bookmarks.len(), 1);
}

#[test]
fn a_store_corrupted_during_a_session_keeps_what_this_reader_knew() {
    let dir = tempfile::tempdir().unwrap();
    let doc = article();
    let mut store = Store::open_in(dir.path(), options());
    let mut marks = store.load(&doc, None, "Visit");
    store.toggle_bookmark(&doc, &mut marks, 2).unwrap();
    fs::write(store_file(dir.path()), b"[1, 2").unwrap();
    store.toggle_bookmark(&doc, &mut marks, 6).unwrap();
    let notices = store.take_notices();
    assert!(notices.iter().any(|n| n.contains("carrying on with the marks this window knew")), "{notices:?}");
    let reopened = Store::open_in(dir.path(), options()).load(&doc, None, "Visit");
    let kept: Vec<usize> = reopened.bookmarks.iter().map(|b| b.paragraph).collect();
    assert_eq!(kept, [2, 6]);
    assert!(names(dir.path()).iter().any(|n| n.starts_with("emaki-store.corrupt-")));
}

#[test]
fn an_empty_store_file_is_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(store_file(dir.path()), b"").unwrap();
    let mut store = Store::open_in(dir.path(), options());
    assert!(store.take_notices().is_empty());
    // Reading takes no lock and sets nothing aside.
    assert_eq!(names(dir.path()), ["emaki-store.json"]);
}

#[test]
fn an_unusable_data_dir_keeps_marks_in_memory_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where a directory is needed: refused even to root.
    let blocker = dir.path().join("not-a-dir");
    fs::write(&blocker, b"x").unwrap();
    let mut store = Store::open_in(blocker.join("emaki"), options());
    let warning = store.warning().expect("a warning").to_owned();
    assert!(warning.contains("not-a-dir"), "{warning}");
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].starts_with("marks are kept in memory only"), "{}", notices[0]);

    let doc = article();
    let mut marks = store.load(&doc, Some(Path::new("/a.txt")), "Visit");
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 7), Ok(Toggled::Added));
    assert_eq!(store.toggle_highlight(&doc, &mut marks, 5, 0..3, None), Ok(Toggled::Added));
    let id = marks.bookmarks[0].id.clone();
    store.set_note(&doc, &mut marks, &id, "in memory").unwrap();
    store.set_position(&doc, 7, 0);
    assert_eq!(marks.bookmarks[0].note.as_deref(), Some("in memory"));
    assert_eq!(marks.highlights.len(), 1);
    store.refresh(&doc, &mut marks);
    assert_eq!(marks.bookmarks.len(), 1, "a refresh keeps the in-memory marks");
    assert!(store.take_notices().is_empty(), "the same problem is not repeated");
    assert!(!store.flush(), "flush reports that nothing could be saved");
    assert!(store.warning().is_some());
    assert_eq!(fs::read(&blocker).unwrap(), b"x");
}

#[test]
fn a_directory_in_place_of_the_store_file_is_left_alone() {
    // A directory where the store file should be: it can be neither read nor
    // replaced, so nothing is saved, nothing is destroyed, the reader goes on.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(store_file(dir.path())).unwrap();
    let mut store = Store::open_in(dir.path(), options());
    assert!(store.warning().is_some());
    let doc = article();
    let mut marks = store.load(&doc, None, "Visit");
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 0), Ok(Toggled::Added));
    assert!(store_file(dir.path()).is_dir());
}

#[test]
fn marks_still_show_when_the_store_can_be_read_but_not_locked() {
    // Like a read-only data directory (which root could still write to): the
    // lock file cannot be opened, so nothing is saved, but the saved marks
    // are read and shown, and the file is left as it was.
    let dir = tempfile::tempdir().unwrap();
    let doc = article();
    save_a_bookmark(dir.path(), &doc);
    let before = fs::read(store_file(dir.path())).unwrap();
    fs::remove_file(dir.path().join("emaki-store.json.lock")).unwrap();
    fs::create_dir(dir.path().join("emaki-store.json.lock")).unwrap();
    let mut store = Store::open_in(dir.path(), options());
    let mut marks = store.load(&doc, None, "Visit");
    assert_eq!(marks.bookmarks.len(), 1, "the saved bookmark shows (reading needs no lock)");
    assert!(store.warning().is_none(), "nothing failed yet");
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 5), Ok(Toggled::Added));
    assert!(store.warning().is_some_and(|w| w.contains("cannot lock")), "{:?}", store.warning());
    assert_eq!(marks.bookmarks.len(), 2);
    drop(store);
    assert_eq!(fs::read(store_file(dir.path())).unwrap(), before);
}

#[test]
fn a_crash_between_writing_the_temporary_file_and_renaming_leaves_the_old_store() {
    let dir = tempfile::tempdir().unwrap();
    let doc = article();
    save_a_bookmark(dir.path(), &doc);
    let before = fs::read(store_file(dir.path())).unwrap();
    // The crash: a new version written in full, then no rename.
    let crashed = file::write_atomic_with(&store_file(dir.path()), b"{\"version\": 1, \"documents\": {}}", |_| {
        Err(std::io::Error::other("power cut"))
    });
    assert!(crashed.is_err());
    assert_eq!(fs::read(store_file(dir.path())).unwrap(), before);
    // A killed process leaves its temporary file behind; it is ignored, then removed.
    let leftover = dir.path().join(".emaki-store.k1ll3d.tmp");
    fs::write(&leftover, b"{\"version\": 1, \"documents\": {}}").unwrap();

    let mut store = Store::open_in(dir.path(), options());
    let mut marks = store.load(&doc, None, "Visit");
    assert_eq!(marks.bookmarks.len(), 1, "the old store is what is read");
    store.toggle_bookmark(&doc, &mut marks, 4).unwrap();
    assert!(!leftover.exists());
    assert_eq!(names(dir.path()), ["emaki-store.json", "emaki-store.json.lock"]);
}

#[test]
fn a_stuck_lock_keeps_changes_in_memory_until_it_is_released() {
    let dir = tempfile::tempdir().unwrap();
    let doc = article();
    let mut opts = options();
    opts.lock_timeout = Duration::from_millis(30);
    let mut store = Store::open_in(dir.path(), opts);
    let mut marks = store.load(&doc, None, "Visit");
    let held = Lock::acquire(&store_file(dir.path()), Duration::ZERO).unwrap();
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 2), Ok(Toggled::Added));
    assert_eq!(marks.bookmarks.len(), 1, "the reader sees its change at once");
    assert!(store.warning().is_some_and(|w| w.contains("lock")));
    assert!(store.has_unsaved_changes());
    drop(held);
    assert!(store.flush());
    assert_eq!(store.warning(), None);
    assert!(store.take_notices().iter().any(|n| n == "marks are being saved again"));
    let reopened = Store::open_in(dir.path(), options()).load(&doc, None, "Visit");
    assert_eq!(reopened.bookmarks.len(), 1);
}

#[test]
fn a_store_from_a_newer_version_is_read_but_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let doc = article();
    let hash = doc.content_hash();
    let newer = format!(
        "{{\"version\": 2, \"documents\": {{\"{hash}\": {{\"title\": \"Visit\", \"bookmarks\": [{{\"paragraph\": 4, \"fingerprint\": \"{}\"}}]}}}}}}",
        doc.fingerprint(3).to_hex()
    );
    fs::write(store_file(dir.path()), &newer).unwrap();
    let mut store = Store::open_in(dir.path(), options());
    assert!(store.warning().is_some_and(|w| w.contains("newer emaki")));
    let mut marks = store.load(&doc, None, "Visit");
    assert_eq!(marks.bookmarks.len(), 1, "its marks still show");
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 0), Ok(Toggled::Added));
    assert_eq!(marks.bookmarks.len(), 2);
    drop(store);
    assert_eq!(fs::read_to_string(store_file(dir.path())).unwrap(), newer);
}

#[test]
fn a_memory_only_store_never_touches_the_disk_or_warns() {
    let doc = article();
    let mut store = Store::in_memory(options());
    let mut marks = store.load(&doc, None, "Visit");
    assert_eq!(store.toggle_bookmark(&doc, &mut marks, 1), Ok(Toggled::Added));
    store.set_position(&doc, 1, 0);
    assert!(store.flush());
    assert_eq!(store.warning(), None);
    assert!(store.take_notices().is_empty());
    assert_eq!(store.file_path(), None);
    assert_eq!(marks.bookmarks.len(), 1);
}

#[test]
fn opening_and_loading_never_wait_for_a_lock_held_elsewhere() {
    use fs4::FileExt;
    let dir = tempfile::tempdir().unwrap();
    let doc = article();
    save_a_bookmark(dir.path(), &doc);
    // Another instance holds the lock (for longer than the lock timeout).
    let lock = fs::OpenOptions::new().write(true).open(dir.path().join("emaki-store.json.lock")).unwrap();
    FileExt::lock(&lock).unwrap();
    let started = std::time::Instant::now();
    let mut store = Store::open_in(dir.path(), options());
    let marks = store.load(&doc, None, "Visit");
    assert_eq!(marks.bookmarks.len(), 1);
    assert!(store.warning().is_none());
    // Well under the one-second lock timeout: nothing waited for the lock.
    assert!(started.elapsed() < std::time::Duration::from_millis(900), "{:?}", started.elapsed());
    FileExt::unlock(&lock).unwrap();
}

#[test]
fn a_read_only_store_reads_and_never_writes_or_sets_aside() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(store_file(dir.path()), b"{ not json").unwrap();
    let store = Store::open_read_only_in(dir.path(), options());
    assert!(store.warning().is_some_and(|w| w.contains("unreadable")), "{:?}", store.warning());
    assert_eq!(names(dir.path()), ["emaki-store.json"], "nothing set aside, no lock file");
    assert_eq!(fs::read(store_file(dir.path())).unwrap(), b"{ not json");
}
