//! The reader's speed at any size (issues 8, 12, 13, 14): time from a
//! file's bytes to the first frame, and from a key to the next frame, on the
//! embedded article, the novel of the test data (1.4 MB, an Aozora Bunko
//! file), the novel repeated to 10 MB and 100 MB as one Aozora file
//! (generated here, in memory; never committed), and two EPUB books: 草枕
//! (233 KB) and its chapters repeated to 10 MB. A 100 MB Shift_JIS copy
//! measures the legacy-decoding path of opening, and the novel read as
//! plain text (`novel_plain`) what opening it cost before Aozora notation
//! was read. Vertical text (縦書き) has its own open and page-turn figures.
//!
//! Frames are drawn into a ratatui `TestBackend` of 120×40 cells; everything
//! else is the code the binary runs (see `common::Reader`). Ids are
//! `INPUT/WHAT`, e.g. `100MB/open` or `novel/key_j`: run one input with
//! `cargo bench --bench reader -- '^100MB/'`. See benches/README.md.

mod common;

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{Input, NARROW, Reader, SCREEN, plain_document};
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use emaki::app::config::Config;
use emaki::app::key::{Key, KeyCode};
use emaki::app::{App, Presentation, Source};
use emaki::cli::scenes::{detect_scenes, load_scene_rules};
use emaki::engine::decode;
use emaki::engine::document::Document;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Every input with the full set of benchmarks, vertical text included.
const INPUTS: [Input; 4] = [Input::Article, Input::Novel, Input::Repeated(10), Input::Repeated(100)];

/// Inputs measured for opening only (with its stages for `novel_plain`).
const OPEN_ONLY: [Input; 2] = [Input::NovelPlain, Input::RepeatedShiftJis(100)];

/// EPUB books: opening, and paging in the direction the book asks for
/// (vertical, for 草枕).
const BOOKS: [Input; 2] = [Input::Kusamakura, Input::RepeatedEpub(10)];

/// Sample counts that keep a whole run near ten minutes on two cores: a
/// 100 MB open takes long enough that criterion's minimum of 10 samples
/// already means dozens of opens.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, input: Input) {
    let (samples, warm_up, measure) = match input {
        Input::Article | Input::Novel | Input::NovelPlain | Input::Kusamakura => (50, 1, 3),
        Input::Repeated(mb) | Input::RepeatedShiftJis(mb) | Input::RepeatedEpub(mb) if mb < 50 => (20, 1, 4),
        Input::Repeated(_) | Input::RepeatedShiftJis(_) | Input::RepeatedEpub(_) => (10, 1, 8),
    };
    group.sample_size(samples);
    group.warm_up_time(Duration::from_secs(warm_up));
    group.measurement_time(Duration::from_secs(measure));
}

/// What [`open`] measures beyond `open` and `open_whole`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stages {
    /// Nothing more (books: their bytes are not a text to decode).
    None,
    /// `open_stage/1_decode` only.
    Decode,
    /// Every stage.
    All,
}

/// Open-to-first-frame, whole and by stage. What a stage needs is built
/// inside its closure, so a filtered-out stage costs nothing.
fn open(group: &mut BenchmarkGroup<'_, WallTime>, subject: &Subject, stages: Stages) {
    let (input, name) = (subject.input, subject.input.name());
    group.throughput(Throughput::Bytes(input.byte_len() as u64));
    // What the user waits for: the first frame (of the head, for a large
    // file), and the whole document read and indexed behind it.
    group.bench_function("open", |b| {
        let path = subject.path();
        b.iter(|| subject.open(path))
    });
    group.bench_function("open_whole", |b| {
        let path = subject.path();
        b.iter(|| {
            let mut reader = subject.open(path);
            reader.finish_loading();
            reader
        })
    });
    if stages == Stages::None {
        return;
    }
    group.bench_function("open_stage/1_decode", |b| {
        let bytes = subject.bytes();
        b.iter_batched(|| bytes.to_vec(), |bytes| decode::decode(bytes).map(|d| d.text.len()), BatchSize::PerIteration)
    });
    if stages == Stages::Decode {
        return;
    }
    let text = || decode::decode(subject.bytes().to_vec()).expect("the input decodes").text;
    let document = || subject.document(text());
    let rules = load_scene_rules(None).expect("the embedded rules parse");
    group.bench_function("open_stage/2_document", |b| {
        let text = text();
        b.iter_batched(|| text.clone(), |text| subject.document(text), BatchSize::PerIteration)
    });
    group.bench_function("open_stage/3_scenes", |b| {
        let doc = document();
        b.iter(|| detect_scenes(black_box(&doc), &rules, None).0.len())
    });
    group.bench_function("open_stage/4_app", |b| {
        let doc = document();
        let scenes = detect_scenes(&doc, &rules, None).0;
        drop(doc);
        let text = text();
        b.iter_batched(
            || (subject.document(text.clone()), scenes.clone()),
            |(doc, scenes)| new_app(doc, scenes, &name),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("open_stage/5_first_draw", |b| {
        let doc = document();
        let scenes = detect_scenes(&doc, &rules, None).0;
        let app = new_app(doc, scenes, &name);
        b.iter_batched(
            || Terminal::new(TestBackend::new(SCREEN.0, SCREEN.1)).expect("a test terminal"),
            |mut terminal| {
                terminal.draw(|frame| emaki::ui::draw(frame, &app)).expect("drawing into memory cannot fail");
                terminal
            },
            BatchSize::PerIteration,
        )
    });
}

/// `App::new` and the resize to the terminal, as in [`Reader::open`].
fn new_app(doc: Document, scenes: emaki::engine::scenes::Scenes, name: &str) -> App {
    let source = Source { name: name.to_owned(), path: Some(format!("/bench/{name}.txt").into()) };
    let store = emaki::store::Store::in_memory(emaki::store::StoreOptions::default());
    let config = emaki::app::config::Config::builtin();
    let mut app = App::new(doc, source, scenes, config, Presentation { color: true }, store, (80, 24));
    app.resize(SCREEN.0, SCREEN.1);
    app
}

/// How the reader is set up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The built-in config: horizontal text, unless the book asks for
    /// vertical (an EPUB with `writing-mode: vertical-rl`).
    Default,
    /// `vertical = true` in the config (as `--vertical` or `T`).
    Vertical,
}

/// One input: its bytes, generated at the first benchmark that needs them
/// (a filter may leave none), and the readers the keystroke benchmarks
/// share, opened at the first of them.
struct Subject {
    input: Input,
    bytes: OnceCell<Vec<u8>>,
    file: OnceCell<tempfile::NamedTempFile>,
    reader: Option<Reader>,
    vertical: Option<Reader>,
}

impl Subject {
    fn new(input: Input) -> Self {
        Subject { input, bytes: OnceCell::new(), file: OnceCell::new(), reader: None, vertical: None }
    }

    /// The input written to a temporary file (the binary opens files).
    fn path(&self) -> &std::path::Path {
        self.file
            .get_or_init(|| {
                let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
                std::io::Write::write_all(&mut file, self.bytes()).expect("write the input");
                file
            })
            .path()
    }

    fn bytes(&self) -> &[u8] {
        self.bytes.get_or_init(|| {
            let bytes = self.input.bytes();
            assert_eq!(bytes.len(), self.input.byte_len(), "Input::byte_len agrees with Input::bytes");
            bytes
        })
    }

    /// Open the input as the binary does (as plain text for `novel_plain`).
    fn open(&self, path: &std::path::Path) -> Reader {
        match self.input {
            Input::NovelPlain => Reader::open_plain(path),
            _ => Reader::open(path),
        }
    }

    /// The document of a decoded `text`, as the binary makes it (Aozora
    /// notation read; as plain text for `novel_plain`).
    fn document(&self, text: String) -> Document {
        match self.input {
            Input::NovelPlain => plain_document(text),
            _ => emaki::cli::input::document_of(text).expect("a document").0,
        }
    }

    fn reader(&mut self, mode: Mode) -> &mut Reader {
        let path = self.path().to_owned();
        let slot = match mode {
            Mode::Default => &mut self.reader,
            Mode::Vertical => &mut self.vertical,
        };
        slot.get_or_insert_with(|| {
            let mut reader = match mode {
                Mode::Default => Reader::open(&path),
                Mode::Vertical => Reader::open_with(&path, vertical_config()),
            };
            reader.finish_loading();
            let (doc, app) = (reader.app.doc(), &reader.app);
            eprintln!(
                "{}: {:?} document, {} bytes of reading text, {} paragraphs, {} scenes, {}",
                self.input.name(),
                doc.metadata().format,
                doc.text().len(),
                doc.paragraph_count(),
                app.scenes().len(),
                if app.is_vertical() { "vertical" } else { "horizontal" },
            );
            assert_eq!(app.is_vertical(), mode == Mode::Vertical || doc.metadata().vertical, "the text's direction");
            reader
        })
    }
}

/// The built-in config with `vertical = true`.
fn vertical_config() -> Config {
    Config { vertical: Some(true), ..Config::builtin() }
}

/// Time `act` plus the frame after it, each time from [`Reader::reset`]'s
/// state followed by `prepare` (neither is timed), on the reader of `mode`.
fn keystroke(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    subject: &mut Subject,
    mode: Mode,
    prepare: impl Fn(&mut Reader),
    act: impl Fn(&mut Reader),
) {
    group.bench_function(id, |b| {
        let reader = subject.reader(mode);
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                reader.reset();
                prepare(reader);
                reader.draw();
                let start = Instant::now();
                act(reader);
                reader.draw();
                total += start.elapsed();
            }
            total
        })
    });
}

/// Keystroke-to-frame for the keys of issue 8, from the middle of the text.
fn keys(group: &mut BenchmarkGroup<'_, WallTime>, subject: &mut Subject) {
    let nothing = |_: &mut Reader| {};
    for (id, key) in [
        ("key_j", Key::char('j')),
        ("key_k", Key::char('k')),
        ("key_Space", Key::char(' ')),
        ("key_}_next_paragraph", Key::char('}')),
        ("key_]_next_scene", Key::char(']')),
        ("key_G_bottom", Key::char('G')),
    ] {
        keystroke(group, id, subject, Mode::Default, nothing, |r| r.press(key));
    }
    let query = subject.input.query();
    // The whole search: `/`, the query (documents up to 4 MB preview a search
    // on every character), Enter (larger ones search then, on a worker; here
    // the worker's job runs inline, to the end).
    keystroke(group, "search_whole", subject, Mode::Default, nothing, |r| {
        r.type_text("/");
        r.type_text(query);
        r.press(Key::plain(KeyCode::Enter));
    });
    // The last character of the query typed into the prompt: the preview.
    let last = query.chars().last().map_or(0, char::len_utf8);
    let (head, tail) = query.split_at(query.len() - last);
    keystroke(
        group,
        "search_char",
        subject,
        Mode::Default,
        |r| r.type_text(&format!("/{head}")),
        |r| r.type_text(tail),
    );
    keystroke(group, "resize_120_to_60", subject, Mode::Default, nothing, |r| r.resize(NARROW));
}

/// Vertical text (issue 14): open-to-first-frame with `vertical = true`,
/// and the page-turn and column keys in it, from the middle of the text.
fn vertical(group: &mut BenchmarkGroup<'_, WallTime>, subject: &mut Subject) {
    group.bench_function("vertical_open", |b| {
        let path = subject.path();
        b.iter(|| Reader::open_with(path, vertical_config()))
    });
    vertical_keys(group, subject, Mode::Vertical, "vertical_");
}

/// The keys that move through vertical text: `Space` and `b` a page, `j`
/// and `k` a column. For books, in the direction they ask for (`mode`
/// Default), with ids `key_…`.
fn vertical_keys(group: &mut BenchmarkGroup<'_, WallTime>, subject: &mut Subject, mode: Mode, prefix: &str) {
    let nothing = |_: &mut Reader| {};
    for (id, key) in [("key_Space", Key::char(' ')), ("key_b", Key::char('b')), ("key_j", Key::char('j'))] {
        keystroke(group, &format!("{prefix}{id}"), subject, mode, nothing, |r| r.press(key));
    }
}

fn reader(c: &mut Criterion) {
    let all = INPUTS.into_iter().chain(OPEN_ONLY).chain(BOOKS);
    for input in all {
        let mut subject = Subject::new(input);
        let mut group = c.benchmark_group(input.name());
        configure(&mut group, input);
        let stages = match input {
            Input::NovelPlain => Stages::All,
            _ if OPEN_ONLY.contains(&input) => Stages::Decode,
            _ if BOOKS.contains(&input) => Stages::None,
            _ => Stages::All,
        };
        open(&mut group, &subject, stages);
        group.finish();
        if OPEN_ONLY.contains(&input) {
            continue;
        }
        // A group of the same name without a throughput: per-key figures
        // are plain times.
        let mut group = c.benchmark_group(input.name());
        configure(&mut group, input);
        if BOOKS.contains(&input) {
            vertical_keys(&mut group, &mut subject, Mode::Default, "");
        } else {
            keys(&mut group, &mut subject);
            vertical(&mut group, &mut subject);
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    // Plots take longer to draw than some of the benchmarks take to run.
    config = Criterion::default().without_plots();
    targets = reader
}
criterion_main!(benches);
