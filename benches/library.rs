//! The library's speed (issue 16): a library of 1,000 documents opens in
//! at most 20 ms and filters in at most 5 ms a keystroke; switching to
//! another document costs what opening it costs.
//!
//! The store is a real one in a temporary directory, holding 1,000 entries
//! as the reader writes them (path, title, author, format, position,
//! progress, settings), each with a file that exists (so the missing-file
//! check stats real files). Frames are drawn into a 120×40 `TestBackend`.
//!
//! | id | what is timed |
//! |---|---|
//! | `library/open_1000` | `L`: the store re-read (1,000 entries), every file checked, the list built, and the frame |
//! | `library/filter_key_1000` | one character typed into the filter of that list, and the frame |
//! | `library/switch_to_novel` | from the article to the novel of the test data through the library's `Open` (the article's position saved to the 1,000-entry store on disk, the novel loaded as the shell loads it, its entry read, the swap), and the frame |
//! | `library/open_novel` | what `emaki NOVEL` costs with that store: the novel loaded, the store opened and read, the App built, the first frame |
//! | `library/switch_to_novel_memory_store` | the same with the store in memory, as `--bench reader` opens documents: compare `novel/open_whole` there |

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use emaki::app::App;
use emaki::app::Presentation;
use emaki::app::config::Config;
use emaki::app::key::{Key, KeyCode};
use emaki::cli::interactive::{Start, open_app};
use emaki::cli::library::open_in_reader;
use emaki::cli::start_reading;
use emaki::store::model::{self, DocumentRecord, PositionRecord, ProgressRecord, SettingsRecord, StoreFile};
use emaki::store::{Store, StoreOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const DOCUMENTS: usize = 1000;

/// Authors and words the generated titles are made of, so that a filter
/// keeps some entries and drops others.
const AUTHORS: [&str; 5] = ["夢野久作", "江戸川乱歩", "夏目漱石", "芥川龍之介", "宮沢賢治"];
const WORDS: [&str; 6] = ["猫", "坊っちゃん", "心理試験", "ドグラ・マグラ", "銀河鉄道", "羅生門"];

/// A data directory with a store of [`DOCUMENTS`] entries, and the files.
fn library_dir(files: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut store = StoreFile::default();
    for i in 0..DOCUMENTS {
        let path = files.join(format!("book-{i:04}.txt"));
        std::fs::write(&path, "本文\n").expect("a book file");
        let record = DocumentRecord {
            path: Some(path.to_string_lossy().into_owned()),
            title: format!("{}の{}第{i}巻", WORDS[i % WORDS.len()], WORDS[(i / 7) % WORDS.len()]),
            authors: vec![AUTHORS[i % AUTHORS.len()].to_owned()],
            format: Some("aozora".to_owned()),
            opened: Some(format!("2024-{:02}-{:02}T{:02}:00:00Z", 1 + i % 12, 1 + i % 28, i % 24)),
            position: Some(PositionRecord {
                paragraph: 1 + i,
                offset: 0,
                fingerprint: format!("{i:016x}"),
                updated: "2024-07-03T09:46:40Z".to_owned(),
                extra: Default::default(),
            }),
            progress: Some(ProgressRecord {
                percent: (i % 100) as u32,
                scene: 1 + i % 9,
                scenes: 9,
                extra: Default::default(),
            }),
            settings: Some(SettingsRecord {
                ruby: Some("inline".to_owned()),
                vertical: Some(i % 2 == 0),
                ..Default::default()
            }),
            ..DocumentRecord::default()
        };
        store.documents.insert(format!("{i:064x}"), record);
    }
    let bytes = model::encode(&store).expect("the store encodes");
    std::fs::write(dir.path().join(model::FILE_NAME), bytes).expect("the store file");
    dir
}

/// The built-in article in a 120×40 reader on the store in `data` (`None`:
/// a store in memory, as `--bench reader` opens documents with).
fn reader(data: Option<&Path>) -> (App, Terminal<TestBackend>) {
    let Start::Ready(loaded, scenes) = start_reading(None, None, None).expect("the article") else {
        unreachable!("the article opens whole")
    };
    let store = match data {
        Some(dir) => Store::open_in(dir, StoreOptions::default()),
        None => Store::in_memory(StoreOptions::default()),
    };
    let app = open_app(loaded, scenes, Config::builtin(), store, Presentation { color: true }, (120, 40), None);
    let terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    (app, terminal)
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|frame| emaki::ui::draw(frame, app)).expect("drawing into memory");
}

fn library(c: &mut Criterion) {
    let files = tempfile::tempdir().expect("a temporary directory");
    let data = library_dir(files.path());
    let mut group = c.benchmark_group("library");
    group.sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));

    group.bench_function("open_1000", |b| {
        let (mut app, mut terminal) = reader(Some(data.path()));
        draw(&app, &mut terminal);
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                app.handle_key(Key::char('L'));
                draw(&app, &mut terminal);
                total += start.elapsed();
                assert!(matches!(app.mode(), emaki::app::Mode::Library(_)));
                app.handle_key(Key::plain(KeyCode::Esc));
                draw(&app, &mut terminal);
            }
            total
        })
    });

    group.bench_function("filter_key_1000", |b| {
        let (mut app, mut terminal) = reader(Some(data.path()));
        app.handle_key(Key::char('L'));
        app.handle_key(Key::char('/'));
        draw(&app, &mut terminal);
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                let c = ['夢', '猫', '銀', 'の'][i as usize % 4];
                let start = Instant::now();
                app.handle_key(Key::char(c));
                draw(&app, &mut terminal);
                total += start.elapsed();
                app.handle_key(Key::plain(KeyCode::Backspace));
                draw(&app, &mut terminal);
            }
            total
        })
    });

    let novel = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/yumeno_dogra-magra.utf8.txt");
    group.bench_function("open_novel", |b| {
        b.iter(|| {
            let Start::Ready(loaded, scenes) = start_reading(Some(&novel), None, None).expect("the novel") else {
                unreachable!("the novel opens whole")
            };
            let store = Store::open_in(data.path(), StoreOptions::default());
            let app = open_app(loaded, scenes, Config::builtin(), store, Presentation { color: true }, (120, 40), None);
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
            draw(&app, &mut terminal);
            app
        })
    });
    for (id, data) in [("switch_to_novel", Some(data.path())), ("switch_to_novel_memory_store", None)] {
        group.bench_function(id, |b| switch(b, data, &novel));
    }
    group.finish();
}

/// From the article to `novel` and back; only the way there is timed.
fn switch(b: &mut criterion::Bencher<'_>, data: Option<&Path>, novel: &Path) {
    let (mut app, mut terminal) = reader(data);
    let open = |p: Option<&Path>| start_reading(p, None, None);
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            black_box(open_in_reader(&mut app, Some(novel), &open));
            draw(&app, &mut terminal);
            total += start.elapsed();
            open_in_reader(&mut app, None, &open);
            draw(&app, &mut terminal);
        }
        total
    })
}

criterion_group!(benches, library);
criterion_main!(benches);
