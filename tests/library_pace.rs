//! Time left: a novel read page by page on a clock the test moves. The pace
//! is learned from the paging (pauses and jumps left out), and the time
//! left in the book follows it.

mod common;

use std::time::Duration;

use common::article::{app_with, press};
use emaki::app::App;
use emaki::app::view::RowKind;
use emaki::cli::interactive::Start;
use emaki::cli::start_reading;
use emaki::store::clock::ManualClock;
use emaki::store::{Store, StoreOptions};

const T0: u64 = 1_720_000_000;

/// The novel of the test data in an 80×24 reader whose store (in memory)
/// and pace run on `clock`.
fn novel(clock: &ManualClock) -> App {
    let path = common::repo_file("tests/data/yumeno_dogra-magra.utf8.txt");
    let Start::Ready(loaded, scenes) = start_reading(Some(&path), None, None).unwrap() else { panic!() };
    let store = Store::in_memory(StoreOptions::with_clock(clock.clone()));
    app_with(loaded.doc, scenes, store, (80, 24))
}

/// Where the top of the screen is in the text (worked out here from the
/// rows, not asked of the app).
fn top(app: &App) -> usize {
    let row = app.rows()[0];
    let range = app.doc().paragraph_range(row.paragraph);
    match row.kind {
        RowKind::Text { line, .. } => range.start + line.start as usize,
        RowKind::Gap | RowKind::BoxEdge { top: false } => range.end,
        RowKind::SceneTitle { .. } | RowKind::BoxEdge { top: true } => range.start,
    }
}

/// Characters read in `text`: everything but white space.
fn characters(text: &str) -> f64 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// Page through `pages` pages, `every` apart; the characters that went by.
fn read(app: &mut App, clock: &ManualClock, pages: usize, every: Duration) -> f64 {
    let mut passed = 0.0;
    for _ in 0..pages {
        let before = top(app);
        clock.advance(every);
        press(app, "Space");
        passed += characters(&app.doc().text()[before..top(app)]);
    }
    passed
}

fn minutes(d: Duration) -> f64 {
    d.as_secs_f64() / 60.0
}

fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= expected * tolerance
}

#[test]
fn the_time_left_follows_the_pace_measured_from_paging() {
    let clock = ManualClock::at_unix(T0);
    let mut app = novel(&clock);
    // Nothing learned yet: the default, 500 characters a minute.
    let pace = app.reading_pace();
    assert!(!pace.learned);
    assert_eq!(pace.per_minute, 500.0);
    let left = characters(&app.doc().text()[top(&app)..]);
    let book = minutes(app.time_left().unwrap().book);
    assert!(close(book, left / 500.0, 0.05), "{book} minutes for {left} characters at 500 a minute");

    // Ten minutes at a page every 20 seconds.
    let passed = read(&mut app, &clock, 30, Duration::from_secs(20));
    let measured = passed / 10.0;
    let pace = app.reading_pace();
    assert!(pace.learned, "ten minutes of reading is enough");
    assert!(close(pace.per_minute, measured, 0.01), "pace {} against {measured} measured", pace.per_minute);
    assert!((pace.per_minute - 500.0).abs() > 100.0, "the measured pace differs from the default: {measured}");
    let left = characters(&app.doc().text()[top(&app)..]);
    let book = minutes(app.time_left().unwrap().book);
    assert!(close(book, left / measured, 0.05), "{book} minutes for {left} characters at {measured} a minute");
    let shown = emaki::ui::status::status_parts(&app).time_left.expect("shown").0;
    assert!(shown.ends_with(" left") || shown.contains(" left "), "{shown}");

    // A pause of ten minutes, then a page: not counted.
    clock.advance(Duration::from_secs(600));
    press(&mut app, "Space");
    assert!(close(app.reading_pace().per_minute, measured, 0.01), "a pause is not reading");
    // Jumps are not reading either: the next scene, the end, a search.
    for jump in ["]", "G", "g", "/ lit:マグラ Enter"] {
        clock.advance(Duration::from_secs(20));
        press(&mut app, jump);
        assert!(close(app.reading_pace().per_minute, measured, 0.01), "{jump} counted");
    }
    // Nor is paging back.
    clock.advance(Duration::from_secs(20));
    press(&mut app, "b");
    assert!(close(app.reading_pace().per_minute, measured, 0.01), "paging back counted");
}

#[test]
fn a_reader_half_as_fast_has_twice_the_time_left() {
    let fast_clock = ManualClock::at_unix(T0);
    let slow_clock = ManualClock::at_unix(T0);
    let (mut fast, mut slow) = (novel(&fast_clock), novel(&slow_clock));
    read(&mut fast, &fast_clock, 30, Duration::from_secs(15));
    read(&mut slow, &slow_clock, 30, Duration::from_secs(30));
    assert_eq!(top(&fast), top(&slow), "both on the same page");
    let (f, s) = (fast.time_left().unwrap(), slow.time_left().unwrap());
    let ratio = s.book.as_secs_f64() / f.book.as_secs_f64();
    assert!((ratio - 2.0).abs() < 0.01, "{ratio}");
    if let (Some(fs), Some(ss)) = (f.scene, s.scene) {
        assert!((ss.as_secs_f64() / fs.as_secs_f64() - 2.0).abs() < 0.05);
    }
}

#[test]
fn the_pace_is_kept_in_the_store_for_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::at_unix(T0);
    let path = common::repo_file("tests/data/yumeno_dogra-magra.utf8.txt");
    let open = || {
        let Start::Ready(loaded, scenes) = start_reading(Some(&path), None, None).unwrap() else { panic!() };
        app_with(loaded.doc, scenes, Store::open_in(dir.path(), StoreOptions::with_clock(clock.clone())), (80, 24))
    };
    let mut app = open();
    let passed = read(&mut app, &clock, 24, Duration::from_secs(25));
    press(&mut app, "q");
    drop(app);
    let again = open();
    let pace = again.reading_pace();
    assert!(pace.learned);
    // Whole seconds are stored: the figure is within a second of ten minutes.
    assert!(close(pace.per_minute, passed / 10.0, 0.01), "{} against {}", pace.per_minute, passed / 10.0);
}
