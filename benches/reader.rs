//! The reader's speed at any size (issue 8): time from a file's bytes to the
//! first frame, and from a key to the next frame, on the embedded article,
//! the novel of the test data (1.4 MB), and the novel repeated to 10 MB and
//! 100 MB (generated here, in memory; never committed). A 100 MB Shift_JIS
//! copy measures the legacy-decoding path of opening.
//!
//! Frames are drawn into a ratatui `TestBackend` of 120×40 cells; everything
//! else is the code the binary runs (see `common::Reader`). Ids are
//! `INPUT/WHAT`, e.g. `100MB/open` or `novel/key_j`: run one input with
//! `cargo bench --bench reader -- '^100MB/'`. See benches/README.md.

mod common;

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{Input, NARROW, Reader, SCREEN};
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use emaki::app::key::{Key, KeyCode};
use emaki::app::{App, Presentation, Source};
use emaki::cli::scenes::{detect_scenes, load_scene_rules};
use emaki::engine::decode;
use emaki::engine::document::Document;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Every input with the full set of benchmarks.
const INPUTS: [Input; 4] = [Input::Article, Input::Novel, Input::Repeated(10), Input::Repeated(100)];

/// Inputs measured for opening only.
const OPEN_ONLY: [Input; 1] = [Input::RepeatedShiftJis(100)];

/// Sample counts that keep a whole run near ten minutes on two cores: a
/// 100 MB open takes long enough that criterion's minimum of 10 samples
/// already means dozens of opens.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, input: Input) {
    let (samples, warm_up, measure) = match input {
        Input::Article | Input::Novel => (50, 1, 3),
        Input::Repeated(mb) | Input::RepeatedShiftJis(mb) if mb < 50 => (20, 1, 4),
        Input::Repeated(_) | Input::RepeatedShiftJis(_) => (10, 1, 8),
    };
    group.sample_size(samples);
    group.warm_up_time(Duration::from_secs(warm_up));
    group.measurement_time(Duration::from_secs(measure));
}

/// Open-to-first-frame, whole and by stage. What a stage needs is built
/// inside its closure, so a filtered-out stage costs nothing.
fn open(group: &mut BenchmarkGroup<'_, WallTime>, subject: &Subject, stages: bool) {
    let (input, name) = (subject.input, subject.input.name());
    group.throughput(Throughput::Bytes(input.byte_len() as u64));
    // What the user waits for: the first frame (of the head, for a large
    // file), and the whole document read and indexed behind it.
    group.bench_function("open", |b| {
        let path = subject.path();
        b.iter(|| Reader::open(path))
    });
    group.bench_function("open_whole", |b| {
        let path = subject.path();
        b.iter(|| {
            let mut reader = Reader::open(path);
            reader.finish_loading();
            reader
        })
    });
    group.bench_function("open_stage/1_decode", |b| {
        let bytes = subject.bytes();
        b.iter_batched(|| bytes.to_vec(), |bytes| decode::decode(bytes).map(|d| d.text.len()), BatchSize::PerIteration)
    });
    if !stages {
        return;
    }
    let text = || decode::decode(subject.bytes().to_vec()).expect("the input decodes").text;
    let document = || Document::from_text(text()).expect("a document");
    let rules = load_scene_rules(None).expect("the embedded rules parse");
    group.bench_function("open_stage/2_document", |b| {
        let text = text();
        b.iter_batched(|| text.clone(), |text| Document::from_text(text).expect("a document"), BatchSize::PerIteration)
    });
    group.bench_function("open_stage/3_scenes", |b| {
        let doc = document();
        b.iter(|| detect_scenes(black_box(&doc), &rules, None).0.len())
    });
    group.bench_function("open_stage/4_app", |b| {
        let doc = document();
        let scenes = detect_scenes(&doc, &rules, None).0;
        let text = doc.text().to_owned();
        drop(doc);
        b.iter_batched(
            || (Document::from_text(text.clone()).expect("a document"), scenes.clone()),
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

/// One input: its bytes, generated at the first benchmark that needs them
/// (a filter may leave none), and the reader the keystroke benchmarks share,
/// opened at the first of them.
struct Subject {
    input: Input,
    bytes: OnceCell<Vec<u8>>,
    file: OnceCell<tempfile::NamedTempFile>,
    reader: Option<Reader>,
}

impl Subject {
    fn new(input: Input) -> Self {
        Subject { input, bytes: OnceCell::new(), file: OnceCell::new(), reader: None }
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

    fn reader(&mut self) -> &mut Reader {
        if self.reader.is_none() {
            let mut reader = Reader::open(self.path());
            reader.finish_loading();
            self.reader = Some(reader);
        }
        self.reader.as_mut().expect("just opened")
    }
}

/// Time `act` plus the frame after it, each time from [`Reader::reset`]'s
/// state followed by `prepare` (neither is timed).
fn keystroke(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    subject: &mut Subject,
    prepare: impl Fn(&mut Reader),
    act: impl Fn(&mut Reader),
) {
    group.bench_function(id, |b| {
        let reader = subject.reader();
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
        keystroke(group, id, subject, nothing, |r| r.press(key));
    }
    let query = subject.input.query();
    // The whole search: `/`, the query (documents up to 4 MB preview a search
    // on every character), Enter (larger ones search then, on a worker; here
    // the worker's job runs inline, to the end).
    keystroke(group, "search_whole", subject, nothing, |r| {
        r.type_text("/");
        r.type_text(query);
        r.press(Key::plain(KeyCode::Enter));
    });
    // The last character of the query typed into the prompt: the preview.
    let last = query.chars().last().map_or(0, char::len_utf8);
    let (head, tail) = query.split_at(query.len() - last);
    keystroke(group, "search_char", subject, |r| r.type_text(&format!("/{head}")), |r| r.type_text(tail));
    keystroke(group, "resize_120_to_60", subject, nothing, |r| r.resize(NARROW));
}

fn reader(c: &mut Criterion) {
    for input in INPUTS.into_iter().chain(OPEN_ONLY) {
        let mut subject = Subject::new(input);
        let mut group = c.benchmark_group(input.name());
        configure(&mut group, input);
        open(&mut group, &subject, !OPEN_ONLY.contains(&input));
        group.finish();
        if OPEN_ONLY.contains(&input) {
            continue;
        }
        // A group of the same name without a throughput: per-key figures
        // are plain times.
        let mut group = c.benchmark_group(input.name());
        configure(&mut group, input);
        keys(&mut group, &mut subject);
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
