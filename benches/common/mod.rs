//! Inputs and a headless reader for the benchmarks: the texts of issue 8,
//! the reader opened the way the binary opens it, and keys pressed and
//! frames drawn into a ratatui `TestBackend`.
//!
//! Nothing here is timed; `reader.rs` decides what the clock sees.

use std::ops::ControlFlow;
use std::path::Path;

use emaki::app::config::Config;
use emaki::app::key::{Key, KeyCode};
use emaki::app::{App, Effect, Presentation};
use emaki::cli::LoadedDocument;
use emaki::cli::interactive::{Start, open_app};
use emaki::cli::reader::Loader;
use emaki::cli::scenes::{detect_scenes, load_scene_rules};
use emaki::cli::start_reading;
use emaki::engine::decode::{self, DecodeOptions};
use emaki::engine::document::Document;
use emaki::engine::formats::wrapped;
use emaki::engine::search::search_document;
use emaki::store::{Store, StoreOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The novel of the test data (1.4 MB), the unit the generated inputs repeat.
pub const NOVEL: &str = include_str!("../../tests/data/yumeno_dogra-magra.utf8.txt");

/// One megabyte, as in "MB/s" and "100 MB": decimal, like `ls -l` sizes.
pub const MB: usize = 1000 * 1000;

/// The terminal the issue measures in.
pub const SCREEN: (u16, u16) = (120, 40);

/// The size the resize benchmark shrinks to.
pub const NARROW: (u16, u16) = (60, 40);

/// The size `emaki` gives the App before it asks the terminal (see
/// `cli::interactive::run`); the first frame comes after a resize from it.
const INITIAL: (u16, u16) = (80, 24);

/// What the benchmarks read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The embedded article (10 KB, six scenes by rule).
    Article,
    /// 夢野久作『ドグラ・マグラ』 (1.4 MB), an Aozora Bunko file: read as
    /// such (ruby, annotations, legend and colophon into the document
    /// model; three scenes).
    Novel,
    /// The same file read as plain text, its markup shown as written: what
    /// opening it cost before Aozora files were recognised, the yardstick
    /// of issue 12 (see [`Reader::open_plain`]).
    NovelPlain,
    /// The novel repeated to at least this many MB as one Aozora file: its
    /// header and notation legend once, then copy N of its body opened by
    /// the heading `［＃大見出し］第N部［＃大見出し終わり］` (a scene for `]`
    /// to jump to), then its colophon once. See [`repeated_novel`].
    Repeated(usize),
    /// [`Input::Repeated`] encoded as Shift_JIS (the legacy-encoding path).
    RepeatedShiftJis(usize),
    /// 夏目漱石『草枕』 as an EPUB 3 book (tests/data, 233 KB; vertical
    /// writing, so the reader opens it in vertical text).
    Kusamakura,
    /// 草枕's chapters repeated into an EPUB of at least this many MB
    /// (`tests/epub_big.rs` builds it).
    RepeatedEpub(usize),
}

impl Input {
    /// The benchmark id of the input.
    pub fn name(self) -> String {
        match self {
            Input::Article => "article".into(),
            Input::Novel => "novel".into(),
            Input::NovelPlain => "novel_plain".into(),
            Input::Repeated(mb) => format!("{mb}MB"),
            Input::RepeatedShiftJis(mb) => format!("{mb}MB_sjis"),
            Input::Kusamakura => "kusamakura".into(),
            Input::RepeatedEpub(mb) => format!("{mb}MB_epub"),
        }
    }

    /// The file's bytes, generated now (never stored in the repository).
    pub fn bytes(self) -> Vec<u8> {
        match self {
            Input::Article => emaki::EMBEDDED_ARTICLE.as_bytes().to_vec(),
            Input::Novel | Input::NovelPlain => NOVEL.as_bytes().to_vec(),
            Input::Repeated(mb) => repeated_novel(mb * MB).into_bytes(),
            Input::RepeatedShiftJis(mb) => {
                let text = repeated_novel(mb * MB);
                let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
                bytes.into_owned()
            }
            Input::Kusamakura => epub_big::kusamakura(),
            Input::RepeatedEpub(mb) => epub_big::repeated_kusamakura(mb * MB),
        }
    }

    /// How many bytes [`Input::bytes`] gives, without generating the text
    /// inputs (for criterion's throughput, which is set before a benchmark
    /// runs). An EPUB's size is only known once it is built: it is built.
    pub fn byte_len(self) -> usize {
        let sjis = |text: &str| encoding_rs::SHIFT_JIS.encode(text).0.len();
        let (front, body, colophon) = novel_parts();
        match self {
            Input::Article => emaki::EMBEDDED_ARTICLE.len(),
            Input::Novel | Input::NovelPlain => NOVEL.len(),
            Input::Repeated(mb) => {
                front.len()
                    + (1..=parts(mb * MB)).map(|n| heading(n).len() + body.len()).sum::<usize>()
                    + colophon.len()
            }
            // Shift_JIS encodes character by character, so the parts' lengths add up.
            Input::RepeatedShiftJis(mb) => {
                let body = sjis(body);
                sjis(front) + (1..=parts(mb * MB)).map(|n| sjis(&heading(n)) + body).sum::<usize>() + sjis(colophon)
            }
            Input::Kusamakura | Input::RepeatedEpub(_) => self.bytes().len(),
        }
    }

    /// A query with matches in the input, for `/`.
    pub fn query(self) -> &'static str {
        match self {
            Input::Article => "大統領",
            Input::Kusamakura | Input::RepeatedEpub(_) => "山路",
            _ => "博士",
        }
    }
}

/// The generator of the 10 MB EPUB, shared with the test that checks its
/// memory (`tests/epub_big.rs`; its test is compiled only for tests).
#[path = "../../tests/epub_big.rs"]
#[allow(dead_code)]
mod epub_big;

/// The novel cut in three: its header and notation legend (through the
/// hyphen line that closes the legend), its body, and its colophon (from the
/// line starting `底本：`).
pub fn novel_parts() -> (&'static str, &'static str, &'static str) {
    let is_rule = |line: &str| line.trim_end().len() >= 10 && line.trim_end().bytes().all(|b| b == b'-');
    let mut end = 0;
    let mut closing = NOVEL.split_inclusive('\n').filter_map(|line| {
        end += line.len();
        is_rule(line).then_some(end)
    });
    let legend_end = closing.nth(1).expect("the novel has a legend between two hyphen lines");
    let colophon = NOVEL.rfind("\n底本：").expect("the novel has a colophon") + 1;
    (&NOVEL[..legend_end], &NOVEL[legend_end..colophon], &NOVEL[colophon..])
}

/// The novel repeated as one Aozora file of at least `min_bytes` bytes:
/// header and legend, then copy N of the body opened by a 大見出し
/// `第N部` (a heading, hence a scene), then the colophon, as a collection
/// would be. `benches/process.sh` builds the same text with the shell.
pub fn repeated_novel(min_bytes: usize) -> String {
    let (front, body, colophon) = novel_parts();
    let mut text = String::with_capacity(min_bytes + NOVEL.len() + 64);
    text.push_str(front);
    for part in 1..=parts(min_bytes) {
        text.push_str(&heading(part));
        text.push_str(body);
    }
    text.push_str(colophon);
    text
}

/// The heading line that opens copy `part` of the novel's body.
fn heading(part: usize) -> String {
    format!("［＃大見出し］第{part}部［＃大見出し終わり］\n")
}

/// How many copies [`repeated_novel`] makes for `min_bytes`.
fn parts(min_bytes: usize) -> usize {
    let (front, body, colophon) = novel_parts();
    let (mut len, mut part) = (front.len() + colophon.len(), 0);
    while len < min_bytes {
        part += 1;
        len += heading(part).len() + body.len();
    }
    part
}

/// `text` as a plain-text document, whatever it holds: the plain-text
/// branch of `cli::input::document_with` (hard-wrapped lines joined when
/// detected), without its test for Aozora Bunko notation.
pub fn plain_document(text: String) -> Document {
    let text = match wrapped::wrap_width(&text) {
        Some(wrap) => wrapped::join(&text, wrap),
        None => text,
    };
    Document::from_text(text).expect("a document")
}

/// The reader and the terminal it draws into.
pub struct Reader {
    /// The reader state.
    pub app: App,
    /// A 120×40 (or resized) in-memory terminal.
    pub terminal: Terminal<TestBackend>,
    /// Reads the whole document, while it is not read yet.
    rest: Option<Loader>,
}

impl Reader {
    /// Open the file at `path` as `emaki FILE` does and draw the first frame
    /// ([`emaki::cli::start_reading`], [`emaki::cli::interactive::open_app`]
    /// at 80×24, the resize to the terminal, one frame). A large file is then
    /// still being read: its whole text comes with [`Reader::finish_loading`],
    /// which the binary runs on a worker.
    ///
    /// The store is in memory (the binary opens the one in the data
    /// directory; `process.sh` measures that), the config is the built-in
    /// one, colours on.
    pub fn open(path: &Path) -> Reader {
        Reader::open_with(path, Config::builtin())
    }

    /// [`Reader::open`] with `config` (e.g. `vertical = true`).
    pub fn open_with(path: &Path, config: Config) -> Reader {
        let start = start_reading(Some(path), None, None).expect("the input is a text or a book");
        let store = Store::in_memory(StoreOptions::default());
        let presentation = Presentation { color: true };
        let (app, rest) = match start {
            Start::Ready(loaded, scenes) => {
                (open_app(loaded, scenes, config, store, presentation, INITIAL, None), None)
            }
            Start::Staged { head, scenes, total_bytes, rest } => {
                (open_app(head, scenes, config, store, presentation, INITIAL, Some(total_bytes)), Some(rest))
            }
        };
        Reader::first_frame(app, rest)
    }

    /// [`Reader::open`] for a file under 4 MB read as plain text whatever
    /// it holds: what `emaki FILE` did with an Aozora Bunko file before
    /// such files were recognised (the same steps as
    /// `cli::input::load_with_progress` for UTF-8 text, with
    /// `cli::input::document_with`'s plain-text branch: hard wrapping looked
    /// for, then `Document::from_text`).
    pub fn open_plain(path: &Path) -> Reader {
        let bytes = std::fs::read(path).expect("the input is readable");
        let canonical = std::fs::canonicalize(path).ok();
        let options = DecodeOptions::default();
        assert_eq!(decode::plan(&bytes, options).expect("a text"), decode::Plan::Utf8, "open_plain reads UTF-8");
        let decoded = decode::decode_with_progress(bytes, options, &mut |_, _| {}).expect("the input is a text");
        let doc = plain_document(decoded.text);
        let loaded = LoadedDocument {
            doc,
            name: path.display().to_string(),
            path: canonical,
            notices: Vec::new(),
            unknown_annotations: Vec::new(),
        };
        let rules = load_scene_rules(None).expect("the embedded rules parse");
        let (scenes, _) = detect_scenes(&loaded.doc, &rules, None);
        let store = Store::in_memory(StoreOptions::default());
        let presentation = Presentation { color: true };
        let app = open_app(loaded, scenes, Config::builtin(), store, presentation, INITIAL, None);
        Reader::first_frame(app, None)
    }

    /// The App resized to the terminal and its first frame drawn.
    fn first_frame(app: App, rest: Option<Loader>) -> Reader {
        let terminal = Terminal::new(TestBackend::new(SCREEN.0, SCREEN.1)).expect("a test terminal");
        let mut reader = Reader { app, terminal, rest };
        reader.app.resize(SCREEN.0, SCREEN.1);
        reader.draw();
        reader
    }

    /// Read the whole document, as the binary's worker does, hand it to the
    /// App and draw (nothing to do for a document opened whole).
    pub fn finish_loading(&mut self) {
        if let Some(rest) = self.rest.take() {
            let (loaded, scenes) = rest(&mut |_, _| {}).expect("the input is a text");
            self.app.finish_loading(loaded.doc, scenes, loaded.notices);
            self.draw();
        }
    }

    /// Draw one frame (ratatui diffs it against the last one, as on a real
    /// terminal).
    pub fn draw(&mut self) {
        let app = &self.app;
        self.terminal.draw(|frame| emaki::ui::draw(frame, app)).expect("drawing into memory cannot fail");
    }

    /// Press the keys of `keys` (each `char` one key), then run what the
    /// shell would run for them: a background search is run here, to the end,
    /// and its result handed back as the event loop does.
    pub fn type_text(&mut self, keys: &str) {
        for c in keys.chars() {
            self.app.handle_key(Key::char(c));
        }
        self.run_effects();
    }

    /// Press one key, then run its effects (see [`Reader::type_text`]).
    pub fn press(&mut self, key: Key) {
        self.app.handle_key(key);
        self.run_effects();
    }

    /// Do what `cli::reader` does with the App's effects; only a search
    /// matters here (copy, suspend and redraw are the terminal's business).
    fn run_effects(&mut self) {
        for effect in self.app.take_effects() {
            if let Effect::Search(job) = effect {
                let doc = self.app.shared_doc();
                let matches = search_document(&doc, &job.query, &mut |_, _| ControlFlow::Continue(()))
                    .expect("nothing cancels this search");
                self.app.search_finished(job.id, Some(matches));
            }
        }
    }

    /// Resize the App and the terminal together, as a resize event does.
    pub fn resize(&mut self, (width, height): (u16, u16)) {
        self.app.resize(width, height);
        self.terminal.backend_mut().resize(width, height);
    }

    /// Back to the state every keystroke benchmark starts from: 120×40, no
    /// overlay, prompt or search, the paragraph at 50% of the bytes at the
    /// top of the screen; then a frame, so the next one is a diff from it.
    pub fn reset(&mut self) {
        if self.terminal.backend().buffer().area.width != SCREEN.0 {
            self.resize(SCREEN);
        }
        self.press(Key::plain(KeyCode::Esc));
        self.type_text(":50%");
        self.press(Key::plain(KeyCode::Enter));
        self.draw();
    }
}
