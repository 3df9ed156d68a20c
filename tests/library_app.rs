//! The library in the reader, without a terminal: `L` lists what the store
//! holds, `/` filters, `d` asks and `u` undoes, `Enter` asks the shell to
//! open a document (done here as the shell does it), which opens where it
//! was left and as it was shown.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::article::press;
use emaki::app::config::Config;
use emaki::app::{App, Effect, Mode, Presentation};
use emaki::cli::interactive::{Start, open_app};
use emaki::cli::library::open_in_reader;
use emaki::cli::start_reading;
use emaki::engine::typeset::RubyMode;
use emaki::store::clock::ManualClock;
use emaki::store::{Store, StoreOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// 2024-07-03T09:46:40Z.
const T0: u64 = 1_720_000_000;

/// A store directory, the clock every store and app here runs on, and a
/// copy of the novel of the test data.
struct Shelf {
    data: tempfile::TempDir,
    files: tempfile::TempDir,
    clock: ManualClock,
}

impl Shelf {
    fn new() -> Shelf {
        let files = tempfile::tempdir().unwrap();
        std::fs::copy(common::repo_file("tests/data/yumeno_dogra-magra.utf8.txt"), files.path().join("novel.txt"))
            .unwrap();
        std::fs::copy(common::repo_file("tests/data/edogawa_shinri-shiken.utf8.txt"), files.path().join("story.txt"))
            .unwrap();
        Shelf { data: tempfile::tempdir().unwrap(), files, clock: ManualClock::at_unix(T0) }
    }

    fn path(&self, name: &str) -> PathBuf {
        std::fs::canonicalize(self.files.path().join(name)).unwrap()
    }

    fn store(&self) -> Store {
        let mut options = StoreOptions::with_clock(self.clock.clone());
        options.lock_timeout = Duration::from_secs(30);
        Store::open_in(self.data.path(), options)
    }

    /// A reader on `path` (`None`: the built-in article) at 80×24, opened as
    /// the binary opens it.
    fn app(&self, path: Option<&Path>) -> App {
        self.app_with(path, Config::builtin())
    }

    fn app_with(&self, path: Option<&Path>, config: Config) -> App {
        let Start::Ready(loaded, scenes) = start_reading(path, None, None).unwrap() else {
            panic!("small files open whole")
        };
        open_app(loaded, scenes, config, self.store(), Presentation { color: false }, (80, 24), None)
    }

    /// Carry out the effects `app` asked for as the shell does; whether one
    /// was an `Open`.
    fn shell(&self, app: &mut App) -> bool {
        let mut opened = false;
        for effect in app.take_effects() {
            if let Effect::Open(path) = effect {
                let open = |p: Option<&Path>| start_reading(p, None, None);
                assert!(open_in_reader(app, path.as_deref(), &open).is_none(), "small files need no loader");
                opened = true;
            }
        }
        opened
    }
}

fn library(app: &App) -> &emaki::app::library::LibraryList {
    match app.mode() {
        Mode::Library(list) => list,
        other => panic!("the library is not open: {other:?}"),
    }
}

fn titles(app: &App) -> Vec<String> {
    let list = library(app);
    list.shown.iter().map(|&i| list.entries[i].title.clone()).collect()
}

fn message(app: &App) -> String {
    app.message().map(|m| m.text.clone()).unwrap_or_default()
}

fn screen(app: &App) -> String {
    let area = app.geometry().area;
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|f| emaki::ui::draw(f, app)).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let symbol = buf[(x, y)].symbol();
            out.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

#[test]
fn l_lists_both_documents_and_enter_resumes_each_where_it_was_left() {
    let shelf = Shelf::new();
    // The article read to scene 4, then the novel a few pages in.
    let mut article = shelf.app(None);
    press(&mut article, "4");
    assert_eq!(article.current_scene(), Some(3));
    press(&mut article, "q");
    drop(article);
    shelf.clock.advance(Duration::from_secs(3600));
    let novel_path = shelf.path("novel.txt");
    let mut app = shelf.app(Some(&novel_path));
    press(&mut app, "Space Space Space");
    let novel_focus = app.focus();
    assert!(novel_focus > 5);

    press(&mut app, "L");
    assert_eq!(titles(&app)[0], "ドグラ・マグラ", "the document being read, most recent, first");
    assert!(titles(&app)[1].starts_with("現地時間2024年7月3日午前"), "{:?}", titles(&app));
    let list = library(&app);
    assert_eq!(list.entries[1].scene, Some((4, 6)), "the article's progress: scene 4 of 6");
    assert_eq!(list.entries[1].percent, Some(35));
    let drawn = screen(&app);
    assert!(drawn.contains("library: 2 documents") && drawn.contains("35% 4/6"), "{drawn}");
    assert!(drawn.contains("(embedded) kazakhstan-state-visit.txt"), "{drawn}");

    // Enter on the article: the shell is asked to open it, and it resumes in scene 4.
    press(&mut app, "j Enter");
    assert_eq!(app.mode(), &Mode::Normal);
    assert!(shelf.shell(&mut app), "Enter asked for the article");
    assert_eq!(app.doc().paragraph_count(), 15);
    assert_eq!(app.current_scene(), Some(3), "the article resumes in scene 4");
    assert_eq!(app.focus(), 7);

    // And back to the novel, where it was.
    press(&mut app, "L");
    assert_eq!(titles(&app)[1], "ドグラ・マグラ");
    press(&mut app, "j Enter");
    assert_eq!(app.take_effects(), [Effect::Open(Some(novel_path.clone()))]);
    let open = |p: Option<&Path>| start_reading(p, None, None);
    open_in_reader(&mut app, Some(&novel_path), &open);
    assert_eq!(app.focus(), novel_focus, "the novel resumes where it was");
    assert!(message(&app).contains("opened"), "{}", message(&app));
}

#[test]
fn enter_on_the_document_being_read_only_closes_the_list() {
    let shelf = Shelf::new();
    let mut app = shelf.app(None);
    press(&mut app, "L Enter");
    assert_eq!(app.mode(), &Mode::Normal);
    assert!(!shelf.shell(&mut app));
}

#[test]
fn slash_filters_by_title_or_author_and_esc_clears_the_filter() {
    let shelf = Shelf::new();
    for name in ["novel.txt", "story.txt"] {
        let mut app = shelf.app(Some(&shelf.path(name)));
        press(&mut app, "q");
        shelf.clock.advance(Duration::from_secs(60));
    }
    let mut app = shelf.app(None);
    press(&mut app, "L");
    assert_eq!(titles(&app).len(), 3);
    press(&mut app, "/ lit:ﾄﾞｸﾞﾗ");
    assert_eq!(titles(&app), ["ドグラ・マグラ"], "half-width finds full-width, as in search");
    let drawn = screen(&app);
    assert!(drawn.contains("/ﾄﾞｸﾞﾗ") && drawn.contains("library: 1 of 3"), "{drawn}");
    press(&mut app, "Enter");
    assert!(!library(&app).filtering, "Enter leaves the filter line, keeping the filter");
    assert_eq!(titles(&app).len(), 1);
    press(&mut app, "/ Esc");
    assert_eq!(titles(&app).len(), 3, "Esc in the filter line clears it");
    press(&mut app, "/ lit:nothing-like-this");
    assert!(titles(&app).is_empty());
    press(&mut app, "Enter Enter");
    assert!(!shelf.shell(&mut app), "nothing to open");
}

#[test]
fn d_asks_first_says_what_marks_go_and_u_brings_the_entry_back() {
    let shelf = Shelf::new();
    let novel_path = shelf.path("novel.txt");
    {
        let mut novel = shelf.app(Some(&novel_path));
        press(&mut novel, "} m } } h q");
        assert_eq!(novel.marks().bookmarks.len(), 1);
    }
    shelf.clock.advance(Duration::from_secs(60));
    let mut app = shelf.app(None);
    press(&mut app, "L");
    // The document being read cannot be removed.
    press(&mut app, "d");
    assert!(message(&app).contains("being read"), "{}", message(&app));
    assert_eq!(titles(&app).len(), 2);
    press(&mut app, "j d");
    let asked = message(&app);
    assert!(asked.contains("remove 『ドグラ・マグラ』 and its 1 bookmark and 1 highlight"), "{asked}");
    press(&mut app, "n");
    assert_eq!(titles(&app).len(), 2, "any key but y keeps it");
    assert!(message(&app).contains("not removed"));
    press(&mut app, "d y");
    assert_eq!(titles(&app).len(), 1);
    assert!(message(&app).contains("u brings it back"), "{}", message(&app));
    assert_eq!(shelf.store().library().len(), 1, "removed from the store at once");
    press(&mut app, "u");
    assert_eq!(titles(&app).len(), 2);
    assert_eq!(titles(&app)[1], "ドグラ・マグラ");
    let listed = shelf.store().library();
    assert_eq!((listed[1].bookmarks, listed[1].highlights), (1, 1), "its marks are back");
    // Removed again and the list closed: final.
    press(&mut app, "d y Esc L");
    assert_eq!(titles(&app).len(), 1);
    press(&mut app, "u");
    assert!(message(&app).contains("nothing to bring back"));
    assert_eq!(shelf.store().library().len(), 1);
}

#[test]
fn a_missing_file_is_flagged_and_opening_it_says_so() {
    let shelf = Shelf::new();
    let story = shelf.path("story.txt");
    {
        let mut app = shelf.app(Some(&story));
        press(&mut app, "m q");
    }
    std::fs::remove_file(&story).unwrap();
    shelf.clock.advance(Duration::from_secs(60));
    let mut app = shelf.app(None);
    press(&mut app, "L");
    assert!(library(&app).entries[1].title.starts_with("心理試験"), "{:?}", titles(&app));
    assert!(library(&app).entries[1].missing);
    assert!(screen(&app).contains("missing: "), "{}", screen(&app));
    press(&mut app, "j Enter");
    let said = message(&app);
    assert!(said.contains("is missing") && said.contains("its marks are kept (1 bookmark)"), "{said}");
    assert!(!shelf.shell(&mut app), "nothing is opened");
    assert!(matches!(app.mode(), Mode::Library(_)), "the list stays open");
}

#[test]
fn a_file_that_cannot_be_read_leaves_the_open_document() {
    let shelf = Shelf::new();
    let mut app = shelf.app(None);
    let open = |_: Option<&Path>| start_reading(Some(Path::new("/nowhere/gone.txt")), None, None);
    assert!(open_in_reader(&mut app, Some(Path::new("/nowhere/gone.txt")), &open).is_none());
    assert!(message(&app).contains("not opened: /nowhere/gone.txt: no such file"), "{}", message(&app));
    assert_eq!(app.doc().paragraph_count(), 15, "still the article");
}

#[test]
fn each_document_reopens_with_its_own_ruby_and_direction() {
    let shelf = Shelf::new();
    let novel = shelf.path("novel.txt");
    let mut app = shelf.app(None);
    press(&mut app, "r T");
    assert_eq!((app.ruby_mode(), app.is_vertical()), (RubyMode::Inline, true));
    // The novel opens as the config says, not as the article was shown.
    app.take_effects();
    let open = |p: Option<&Path>| start_reading(p, None, None);
    open_in_reader(&mut app, Some(&novel), &open);
    assert_eq!((app.ruby_mode(), app.is_vertical()), (RubyMode::Above, false));
    press(&mut app, "r r");
    // Back to the article: as it was shown; and the novel, as it was.
    open_in_reader(&mut app, None, &open);
    assert_eq!((app.ruby_mode(), app.is_vertical()), (RubyMode::Inline, true));
    press(&mut app, "q");
    drop(app);
    let app = shelf.app(Some(&novel));
    assert_eq!((app.ruby_mode(), app.is_vertical()), (RubyMode::Off, false), "kept across sessions");
    // The command line wins over what was kept, for every document of the run.
    let mut app = shelf.app(None);
    app.pin_view(Some(RubyMode::Above), Some(false), None);
    assert_eq!((app.ruby_mode(), app.is_vertical()), (RubyMode::Above, false));
    open_in_reader(&mut app, Some(&novel), &open);
    assert_eq!(app.ruby_mode(), RubyMode::Above);
}

#[test]
fn each_document_keeps_its_own_measure() {
    let shelf = Shelf::new();
    let novel = shelf.path("novel.txt");
    let width = |app: &App| app.view_options().layout.width;
    let mut app = shelf.app(Some(&novel));
    // 80 columns hold fewer than the default 40 characters: the whole width.
    let whole = width(&app);
    assert!(whole < 80, "{whole}");
    press(&mut app, "-");
    let narrower = width(&app);
    assert!(narrower < whole && narrower % 2 == 0, "{narrower} of {whole}");
    assert!(message(&app).contains(&format!("at most {} characters", narrower / 2)), "{}", message(&app));
    press(&mut app, "- -");
    assert_eq!(width(&app), narrower - 16, "four characters (eight cells) a step");
    // The article opens as the config says; the novel, as it was left.
    let open = |p: Option<&Path>| start_reading(p, None, None);
    app.take_effects();
    open_in_reader(&mut app, None, &open);
    assert_eq!(width(&app), whole);
    open_in_reader(&mut app, Some(&novel), &open);
    assert_eq!(width(&app), narrower - 16);
    press(&mut app, "q");
    drop(app);
    let mut app = shelf.app(Some(&novel));
    assert_eq!(width(&app), narrower - 16, "kept across sessions");
    // `+` widens back to the whole width, and says so at the edge.
    press(&mut app, "+ + + + + +");
    assert_eq!(width(&app), whole);
    assert!(message(&app).contains("whole width"), "{}", message(&app));
    // Shorter stops at ten characters.
    press(&mut app, "- - - - - - - - - - - -");
    assert_eq!(width(&app), 20);
    // `--measure` wins for the run and is not kept.
    app.pin_view(None, None, Some(12));
    assert_eq!(width(&app), 24);
    press(&mut app, "q");
    drop(app);
    let app = shelf.app(Some(&novel));
    assert_eq!(width(&app), 20);
}

#[test]
fn a_large_document_opened_from_the_library_arrives_in_two_stages_and_resumes() {
    use emaki::app::Source;
    use emaki::engine::document::Document;
    use emaki::engine::scenes::Scenes;
    let shelf = Shelf::new();
    let text: String = (1..=300).map(|n| format!("第{n}段落。{}\n", "本文が続く。".repeat(n % 7 + 1))).collect();
    let whole = Document::from_text(text.clone()).unwrap();
    let source = Source { name: "big.txt".into(), path: Some(shelf.files.path().join("big.txt")) };
    {
        let mut store = shelf.store();
        store.load(&whole, source.path.as_deref(), "big");
        store.set_position(&whole, 200, 0);
        assert!(store.flush());
    }
    let head: String = text.split_inclusive('\n').take(40).collect();
    let open_head = |app: &mut App| {
        let head = Document::from_text(head.clone()).unwrap();
        let head_scenes = Scenes::single(&head);
        app.open_document_head(head, source.clone(), head_scenes, text.len() as u64);
        assert!(app.loading().is_some());
    };
    let mut app = shelf.app(None);
    open_head(&mut app);
    assert!(app.time_left().is_none(), "no time left while only the head is known");
    app.finish_loading(Document::from_text(text.clone()).unwrap(), Scenes::single(&whole), Vec::new());
    assert_eq!(app.focus(), 200, "resumed where it was left");
    assert!(app.time_left().is_some());
    // L waits for the whole document, like the other keys that need it.
    let mut app = shelf.app(None);
    open_head(&mut app);
    press(&mut app, "L");
    assert_eq!(app.mode(), &Mode::Normal);
    app.finish_loading(whole, Scenes::single(&Document::from_text(text.clone()).unwrap()), Vec::new());
    assert!(matches!(app.mode(), Mode::Library(_)), "then L runs");
}

#[test]
fn time_left_can_be_turned_off() {
    let shelf = Shelf::new();
    let config = Config::parse("[reader]\ntime_left = false\n", Path::new("config.toml")).unwrap();
    let app = shelf.app_with(None, config);
    assert!(app.time_left().is_none());
    assert!(!screen(&app).contains("left"), "{}", screen(&app));
    let app = shelf.app(None);
    assert!(app.time_left().is_some());
    assert!(screen(&app).contains("min left"), "{}", screen(&app));
}
