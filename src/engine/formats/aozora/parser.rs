//! The parser: one pass over the text that rewrites it, in its own buffer,
//! into the reading text, and fills the side tables on the way.
//!
//! Markup is found with `memmem` searches for the few sequences that start
//! it (`《`, `｜`, `［＃`, `〔`; a `※` counts only before `［＃`), each
//! remembered until it is passed, and the plain text between is moved down
//! in bulk. Nothing the parser writes is longer than the notation it
//! replaces, so the write cursor never passes the read cursor and the
//! text's own buffer holds the result: peak memory is the text plus the
//! side tables.

use memchr::memmem::{self, Finder};

use super::annotation::{self, Annotation};
use super::blocks::{Blocks, Kind, LineBlock};
use super::front::{self, Front};
use super::gaiji;
use super::plain::{CLOSE, OPEN, annotation_end, plain};
use super::ruby;
use super::utf8::{char_at, char_before, has_text, trimmed_len};
use super::{Parsed, UnknownAnnotation};
use crate::engine::document::rich::{Format, Rich, Ruby, Span, Style, TocEntry};
use crate::engine::document::{Document, DocumentError, MAX_PARAGRAPH_BYTES};

/// The sequences that start markup, in the order of [`Scanner`]'s slots.
const NEEDLES: [&str; 4] = ["《", "｜", OPEN, "〔"];
const RUBY_OPEN: usize = 0;
const BAR: usize = 1;
const NOTE: usize = 2;
const ACCENT: usize = 3;

/// A reference (`「X」に傍点`) looks this far back for its text.
const MAX_REFERENCE_DISTANCE: usize = 64 * 1024;
/// `〔…〕` longer than this is not an accented word.
const MAX_ACCENT_BYTES: usize = 256;
/// Ranges (`傍点` … `傍点終わり`) open at once beyond this are dropped.
const MAX_OPEN_STYLES: usize = 32;
/// Unknown annotations reported at most (a text of nothing but broken
/// notation should not double its size in reports).
const MAX_REPORTS: usize = 10_000;
/// Table of contents titles are cut to this many characters.
const MAX_TITLE_CHARS: usize = 200;

/// Finds each needle once per stretch of text: the first occurrence at or
/// after the position a search started from is remembered, and answers any
/// later question from a position between the two.
struct Scanner {
    finders: [Finder<'static>; 4],
    from: [usize; 4],
    found: [usize; 4],
}

impl Scanner {
    fn new() -> Self {
        Scanner { finders: NEEDLES.map(|n| Finder::new(n.as_bytes())), from: [usize::MAX; 4], found: [0; 4] }
    }

    /// Where needle `k` next occurs in `text` at or after `from`
    /// (`usize::MAX` for nowhere). `text` may change only before `from`.
    fn next(&mut self, k: usize, text: &[u8], from: usize) -> usize {
        if !(self.from[k] <= from && from <= self.found[k]) {
            self.from[k] = from;
            self.found[k] = match text.get(from..) {
                Some(rest) => self.finders[k].find(rest).map_or(usize::MAX, |i| from + i),
                None => usize::MAX,
            };
        }
        self.found[k]
    }
}

/// A heading range (`大見出し` … `大見出し終わり`) not yet closed.
#[derive(Debug, Clone, Copy)]
struct OpenHeading {
    level: u8,
    /// Where its title starts (the start of the next paragraph when the
    /// range began at the end of a line).
    start: usize,
    /// The title is taken: the paragraphs after the first are part of the
    /// heading but not of its title.
    titled: bool,
}

/// Parse an Aozora text; see [`super::parse`].
pub(super) fn parse(text: String) -> Result<Parsed, DocumentError> {
    if text.len() > u32::MAX as usize {
        return Err(DocumentError::TooLarge(text.len()));
    }
    let front = front::find(&text);
    let mut parser = Parser::new(text.into_bytes(), front);
    parser.run();
    parser.finish()
}

/// The parser's state. Offsets named `w…` are in the output (the reading
/// text being written), `r…` in the input; both are in `buf`.
struct Parser {
    buf: Vec<u8>,
    /// Read cursor: everything before it is consumed.
    r: usize,
    /// Write cursor: the reading text so far is `buf[..w]`; `w <= r`.
    w: usize,
    scan: Scanner,
    front: Front,
    /// The 1-based source line being read.
    line: usize,
    /// Whether the line held any markup (a line of nothing but markup is no
    /// blank line).
    line_markup: bool,
    line_block: LineBlock,

    // The open paragraph.
    para_start: usize,
    /// Where a `｜` put the start of the next ruby base.
    bar: Option<usize>,
    /// Resolved missing glyphs of the paragraph (each counts as a kanji in
    /// a ruby base).
    gaiji: Vec<(usize, usize)>,
    /// Implicit ruby bases start at or after this.
    ruby_floor: usize,
    /// Indices in the ruby and span tables where the paragraph's start.
    para_ruby: usize,
    para_spans: usize,
    /// Table of contents entries for the paragraph.
    toc_pending: Vec<(u8, String)>,

    // Carried from paragraph to paragraph.
    blocks: Blocks,
    /// Ranges open: the style and where it started (`None`: at the start of
    /// the next paragraph).
    open_styles: Vec<(Style, Option<usize>)>,
    /// `大見出し` … `大見出し終わり` open.
    open_heading: Option<OpenHeading>,
    /// `ルビ付き` open: where the base starts.
    open_ruby: Option<usize>,
    /// A heading block opened and not yet titled.
    heading_block_untitled: bool,
    blank_pending: bool,
    page_pending: bool,
    /// A page break after the open paragraph.
    page_next: bool,
    colophon_pending: bool,
    /// The next paragraph continues the source line of the one before.
    continue_next: bool,

    // Output.
    paragraphs: Vec<(u32, u32)>,
    continued: Vec<u32>,
    rich: Rich,
    unknown: Vec<UnknownAnnotation>,
    header_paragraphs: Vec<u32>,
}

impl Parser {
    fn new(buf: Vec<u8>, front: Front) -> Self {
        Parser {
            buf,
            r: 0,
            w: 0,
            scan: Scanner::new(),
            front,
            line: 1,
            line_markup: false,
            line_block: LineBlock::default(),
            para_start: 0,
            bar: None,
            gaiji: Vec::new(),
            ruby_floor: 0,
            para_ruby: 0,
            para_spans: 0,
            toc_pending: Vec::new(),
            blocks: Blocks::default(),
            open_styles: Vec::new(),
            open_heading: None,
            open_ruby: None,
            heading_block_untitled: false,
            blank_pending: false,
            page_pending: false,
            page_next: false,
            colophon_pending: false,
            continue_next: false,
            paragraphs: Vec::new(),
            continued: Vec::new(),
            rich: Rich::default(),
            unknown: Vec::new(),
            header_paragraphs: Vec::new(),
        }
    }

    fn run(&mut self) {
        if self.buf.starts_with("\u{feff}".as_bytes()) {
            self.r = 3;
        }
        let len = self.buf.len();
        while self.r < len {
            if let Some(legend) = self.front.legend.clone().filter(|l| l.start == self.r) {
                self.line += line_count(&self.buf[legend.clone()]);
                self.r = legend.end;
                continue;
            }
            if self.front.colophon == Some(self.r) {
                self.colophon_pending = true;
            }
            self.line_block.center = self.line <= self.front.header_lines;
            let eol = memchr::memchr2(b'\n', b'\r', &self.buf[self.r..]).map_or(len, |i| self.r + i);
            self.line_content(eol);
            let crlf = self.buf.get(eol) == Some(&b'\r') && self.buf.get(eol + 1) == Some(&b'\n');
            self.r = if crlf { eol + 2 } else { (eol + 1).min(len) };
            self.end_line(eol < len);
            self.line += 1;
        }
    }

    /// Read the line up to `eol`.
    fn line_content(&mut self, eol: usize) {
        loop {
            let r = self.r;
            let ruby = self.scan.next(RUBY_OPEN, &self.buf, r);
            let bar = self.scan.next(BAR, &self.buf, r);
            let note = self.scan.next(NOTE, &self.buf, r);
            let accent = self.scan.next(ACCENT, &self.buf, r);
            let at = ruby.min(bar).min(note).min(accent);
            if at >= eol {
                break;
            }
            if at == note {
                let gaiji = note >= r + 3 && self.buf[note - 3..note] == *"※".as_bytes();
                let start = if gaiji { note - 3 } else { note };
                self.copy_plain(start);
                self.annotation(note, eol, gaiji);
            } else {
                self.copy_plain(at);
                if at == ruby {
                    self.ruby(at, eol);
                } else if at == bar {
                    self.bar(at, eol);
                } else {
                    self.accent(at, eol);
                }
            }
        }
        self.copy_plain(eol);
    }

    // Writing.

    /// Whether the output ends with `［` (so that a `＃` after it would
    /// read as an annotation's opener: it is dropped instead).
    fn ends_with_bracket(&self) -> bool {
        self.w >= self.para_start + 3 && self.buf[self.w - 3..self.w] == *"［".as_bytes()
    }

    /// Move the input up to `to` to the output as it is.
    fn copy_plain(&mut self, to: usize) {
        let mut from = self.r;
        if to <= from {
            return;
        }
        // Every `＃` of a run: after one is dropped the next would follow
        // the `［` in its turn.
        while self.buf[from..to].starts_with("＃".as_bytes()) && self.ends_with_bracket() {
            from += 3;
        }
        if self.w != from {
            self.buf.copy_within(from..to, self.w);
        }
        self.w += to - from;
        self.r = to;
    }

    /// Write `text`, which stands for input already consumed and is never
    /// longer than it.
    fn emit(&mut self, text: &str) {
        let text = if self.ends_with_bracket() { text.trim_start_matches('＃') } else { text };
        let end = self.w + text.len();
        if end > self.r {
            debug_assert!(false, "output would pass input at {}", self.r);
            return;
        }
        self.buf[self.w..end].copy_from_slice(text.as_bytes());
        self.w = end;
    }

    fn text(&self, range: std::ops::Range<usize>) -> String {
        String::from_utf8_lossy(&self.buf[range]).into_owned()
    }

    fn report(&mut self, text: String) {
        if self.unknown.len() < MAX_REPORTS {
            self.unknown.push(UnknownAnnotation { line: self.line, text });
        }
    }

    // Markup.

    /// `《` at `at`: ruby over the base before it.
    fn ruby(&mut self, at: usize, eol: usize) {
        let inside = at + 3;
        let reopen = self.scan.next(RUBY_OPEN, &self.buf, inside);
        let Some(close) = reading_end(&self.buf, inside, eol.min(reopen)) else {
            // Unclosed on its line, or another 《 first: an ordinary bracket.
            self.copy_plain(inside);
            return;
        };
        // The reading goes to the readings first (it is read from the
        // input, which writing would overwrite).
        let reading_start = self.rich.readings.len();
        if let Ok(source) = std::str::from_utf8(&self.buf[inside..close]) {
            self.rich.readings.push_str(plain(source).trim());
        }
        self.r = close + 3;
        self.line_markup = true;
        let floor = self.para_start.max(self.ruby_floor);
        let bar = self.bar.take();
        if self.rich.readings.len() == reading_start {
            return;
        }
        let start = match bar {
            Some(start) if start >= floor => start,
            _ => ruby::base_start(&self.buf, floor, self.w, &self.gaiji),
        };
        if start >= self.w {
            // Nothing to put the reading over: keep the notation as text.
            let literal =
                format!("{}《{}》", if bar.is_some() { "｜" } else { "" }, &self.rich.readings[reading_start..]);
            self.rich.readings.truncate(reading_start);
            self.emit(&literal);
            return;
        }
        self.rich.ruby.push(Ruby {
            base_start: start as u32,
            base_end: self.w as u32,
            reading_start: reading_start as u32,
            reading_end: self.rich.readings.len() as u32,
        });
        self.ruby_floor = self.w;
    }

    /// Add a ruby over an earlier base of the paragraph, unless it overlaps
    /// another ruby's base.
    fn insert_ruby(&mut self, start: usize, end: usize, reading: &str) -> bool {
        let (start32, end32) = (start as u32, end as u32);
        let table = &self.rich.ruby;
        let at = self.para_ruby + table[self.para_ruby..].partition_point(|r| r.base_start < start32);
        let overlaps = (at > self.para_ruby && table[at - 1].base_end > start32)
            || table.get(at).is_some_and(|r| r.base_start < end32);
        let reading = plain(reading);
        let reading = reading.trim();
        if overlaps || reading.is_empty() || start >= end {
            return false;
        }
        let reading_start = self.rich.readings.len() as u32;
        self.rich.readings.push_str(reading);
        let ruby =
            Ruby { base_start: start32, base_end: end32, reading_start, reading_end: self.rich.readings.len() as u32 };
        self.rich.ruby.insert(at, ruby);
        self.ruby_floor = self.ruby_floor.max(end);
        true
    }

    /// `｜` at `at`: the next ruby's base starts here, when a ruby follows
    /// on the line before another `｜`; otherwise it is an ordinary bar.
    fn bar(&mut self, at: usize, eol: usize) {
        let open = self.scan.next(RUBY_OPEN, &self.buf, at + 3);
        let next_bar = self.scan.next(BAR, &self.buf, at + 3);
        let ruby_follows = open < eol && open < next_bar && {
            let reopen = self.scan.next(RUBY_OPEN, &self.buf, open + 3);
            reading_end(&self.buf, open + 3, eol.min(reopen)).is_some()
        };
        if ruby_follows {
            self.bar = Some(self.w);
            self.r = at + 3;
            self.line_markup = true;
        } else {
            self.copy_plain(at + 3);
        }
    }

    /// `〔` at `at`: an accented word (`〔Ce'zanne〕`) or an ordinary bracket.
    fn accent(&mut self, at: usize, eol: usize) {
        let inside = at + 3;
        let limit = eol.min(inside + MAX_ACCENT_BYTES);
        let composed = memmem::find(&self.buf[inside..limit], "〕".as_bytes()).and_then(|len| {
            let word = std::str::from_utf8(&self.buf[inside..inside + len]).ok()?;
            Some((super::accent::compose_accents(word)?, inside + len + 3))
        });
        match composed {
            Some((word, end)) => {
                self.r = end;
                self.line_markup = true;
                self.emit(&word);
            }
            None => self.copy_plain(inside),
        }
    }

    /// `［＃` at `at` (after a `※` when `gaiji`): an annotation or a missing
    /// glyph.
    fn annotation(&mut self, at: usize, eol: usize, gaiji: bool) {
        self.line_markup = true;
        let inside = at + OPEN.len();
        let Some(close) = annotation_end(&self.buf, inside, eol) else {
            // Unclosed: the opener is dropped, so the reading text never
            // holds one; the text after it stays.
            let shown = self.buf.len().min(inside + 30);
            let shown = String::from_utf8_lossy(&self.buf[at..shown]).chars().take(12).collect::<String>();
            self.copy_plain(at);
            self.r = inside;
            self.report(shown);
            return;
        };
        let note = self.text(inside..close);
        self.r = close + CLOSE.len();
        if gaiji {
            self.missing_glyph(&note);
        } else {
            self.apply(&note);
        }
    }

    /// `※［＃note］`: the character, or its description as a note.
    fn missing_glyph(&mut self, note: &str) {
        let start = self.w;
        let mut shown = String::new();
        let is_note = gaiji::resolve(note).push_shown(&mut shown);
        self.emit(&shown);
        if is_note {
            self.push_span(start, self.w, Style::Note);
        }
        self.gaiji.push((start, self.w));
    }

    fn push_span(&mut self, start: usize, end: usize, style: Style) {
        if start < end {
            self.rich.spans.push(Span { start: start as u32, end: end as u32, style });
        }
    }

    /// The nearest `target` (made plain) before the write cursor in the
    /// paragraph.
    fn find_back(&self, target: &str) -> Option<(usize, usize)> {
        let target = plain(target);
        if target.is_empty() {
            return None;
        }
        let from = self.para_start.max(self.w.saturating_sub(MAX_REFERENCE_DISTANCE));
        let at = memmem::rfind(&self.buf[from..self.w], target.as_bytes())?;
        Some((from + at, from + at + target.len()))
    }

    fn at_line_start(&self) -> bool {
        !has_text(&self.buf[self.para_start..self.w])
    }

    /// Apply the annotation `［＃note］`.
    fn apply(&mut self, note: &str) {
        let written = || format!("{OPEN}{note}{CLOSE}");
        match annotation::classify(note) {
            Annotation::StyleRef { target, style } => match self.find_back(target) {
                Some((start, end)) => self.push_span(start, end, style),
                None => self.report(written()),
            },
            Annotation::StyleOpen(style) => {
                if self.open_styles.len() < MAX_OPEN_STYLES {
                    self.open_styles.push((style, Some(self.w)));
                }
            }
            Annotation::StyleClose(style) => match self.open_styles.iter().rposition(|s| s.0 == style) {
                Some(i) => {
                    let (style, start) = self.open_styles.remove(i);
                    self.push_span(start.unwrap_or(self.para_start), self.w, style);
                }
                None => self.report(written()),
            },
            Annotation::RubyRef { target, reading } => {
                let placed = self.find_back(target).is_some_and(|(start, end)| self.insert_ruby(start, end, reading));
                if !placed {
                    self.report(written());
                }
            }
            Annotation::RubyOpen => self.open_ruby = Some(self.w),
            Annotation::RubyClose { reading } => {
                let placed = self.open_ruby.take().is_some_and(|start| self.insert_ruby(start, self.w, reading));
                if !placed {
                    self.report(written());
                }
            }
            Annotation::HeadingRef { target, level } => match self.find_back(target) {
                Some((start, end)) => {
                    let title = self.text(start..end);
                    self.heading(level, title);
                }
                None => self.report(written()),
            },
            Annotation::HeadingOpen(level) => {
                self.open_heading = Some(OpenHeading { level, start: self.w, titled: false });
            }
            Annotation::HeadingClose(_) => match self.open_heading.take() {
                Some(open) if !open.titled => {
                    let title = self.text(open.start..self.w);
                    self.heading(open.level, title);
                }
                Some(open) => {
                    self.line_block.heading.get_or_insert(open.level);
                }
                None => self.report(written()),
            },
            Annotation::HeadingBlock(level) => {
                self.blocks.open(Kind::Heading(level));
                self.heading_block_untitled = true;
            }
            Annotation::HeadingBlockEnd(level) => self.close_block(Kind::Heading(level), written),
            Annotation::Indent { first, wrap } => self.line_block.indent = Some((first, wrap)),
            Annotation::IndentBlock { first, wrap } => self.blocks.open(Kind::Indent((first, wrap))),
            Annotation::IndentBlockEnd => self.close_block(Kind::Indent((0, 0)), written),
            Annotation::Raise(raise) => {
                if !self.at_line_start() {
                    self.split_line();
                }
                self.line_block.raise = Some(raise);
            }
            Annotation::RaiseBlock(raise) => self.blocks.open(Kind::Raise(raise)),
            Annotation::RaiseBlockEnd => self.close_block(Kind::Raise(0), written),
            Annotation::MeasureBlock(measure) => self.blocks.open(Kind::Measure(measure)),
            Annotation::MeasureBlockEnd => self.close_block(Kind::Measure(0), written),
            Annotation::Boxed => self.line_block.boxed = true,
            Annotation::BoxBlock => self.blocks.open(Kind::Box),
            Annotation::BoxBlockEnd => self.close_block(Kind::Box, written),
            Annotation::PageBreak => {
                if self.at_line_start() {
                    self.page_pending = true;
                } else {
                    self.page_next = true;
                }
                self.blocks.center = false;
            }
            Annotation::PageCenter => self.blocks.center = true,
            Annotation::Figure { caption } => {
                let shown = match caption.map(plain) {
                    Some(caption) => format!("［図：{caption}］"),
                    None => "［図］".to_owned(),
                };
                let start = self.w;
                self.emit(&shown);
                self.push_span(start, self.w, Style::Note);
            }
            Annotation::Ignored => {}
            Annotation::Unknown => self.report(written()),
        }
    }

    fn close_block(&mut self, kind: Kind, written: impl Fn() -> String) {
        if !self.blocks.close(kind) {
            self.report(written());
        }
    }

    /// The open paragraph is a heading of `level` titled `title`.
    fn heading(&mut self, level: u8, title: String) {
        self.line_block.heading = Some(self.line_block.heading.map_or(level, |l| l.min(level)));
        self.toc_pending.push((level, title));
    }

    /// End the open paragraph here and go on with the rest of the line as a
    /// new one that continues it (a `地付き` in the middle of a line).
    fn split_line(&mut self) {
        let center = self.line_block.center;
        if self.close_paragraph() {
            self.emit("\n");
            self.continue_next = true;
        }
        self.start_paragraph();
        self.line_block = LineBlock { center, ..LineBlock::default() };
    }

    /// The source line is read (`consumed_eol`: with its line end).
    fn end_line(&mut self, consumed_eol: bool) {
        let produced = self.close_paragraph();
        if produced && consumed_eol {
            self.emit("\n");
        } else if !produced && !self.line_markup {
            self.blank_pending = true;
        }
        self.start_paragraph();
        self.line_markup = false;
        self.continue_next = false;
        self.line_block = LineBlock::default();
    }

    fn start_paragraph(&mut self) {
        self.para_start = self.w;
        self.ruby_floor = self.w;
        self.bar = None;
        self.gaiji.clear();
        self.para_ruby = self.rich.ruby.len();
        self.para_spans = self.rich.spans.len();
        for style in &mut self.open_styles {
            style.1 = style.1.or(Some(self.w));
        }
        if let Some(open) = &mut self.open_heading
            && !open.titled
        {
            open.start = self.w;
        }
    }

    /// Close the open paragraph: trailing whitespace goes, and so does a
    /// paragraph of nothing else. Returns whether there was a paragraph.
    fn close_paragraph(&mut self) -> bool {
        let end = self.para_start + trimmed_len(&self.buf[self.para_start..self.w]);
        self.w = end;
        for i in 0..self.open_styles.len() {
            let (style, start) = self.open_styles[i];
            if let Some(start) = start {
                self.push_span(start, end, style);
            }
            self.open_styles[i].1 = None;
        }
        if let Some(open) = self.open_heading {
            let title = if open.titled { String::new() } else { self.text(open.start.min(end)..end) };
            if title.trim().is_empty() {
                self.line_block.heading.get_or_insert(open.level);
            } else {
                self.heading(open.level, title);
                self.open_heading = Some(OpenHeading { titled: true, ..open });
            }
        }
        self.open_ruby = None;
        let produced = has_text(&self.buf[self.para_start..end]);
        if !produced {
            self.w = self.para_start;
            self.rich.ruby.truncate(self.para_ruby);
            self.rich.spans.truncate(self.para_spans);
            self.toc_pending.clear();
            return false;
        }
        self.clip_to(end as u32);
        self.push_pieces(end);
        true
    }

    /// Push the paragraph ending at `end`, cut into pieces of at most
    /// [`MAX_PARAGRAPH_BYTES`] that continue one another, as plain text's
    /// long lines are (so that laying out one paragraph stays cheap).
    ///
    /// A piece may not start with a ruby base or a span, nor cut through
    /// one (`Rich::validate` counts a range that starts where a paragraph
    /// ends as that paragraph's), so a line styled from end to end is left
    /// whole.
    fn push_pieces(&mut self, end: usize) {
        while end - self.para_start > MAX_PARAGRAPH_BYTES {
            let Some(cut) = self.piece_end() else {
                break;
            };
            self.push_paragraph(cut);
            self.continue_next = true;
            self.para_start = cut;
            self.para_ruby += self.rich.ruby[self.para_ruby..].partition_point(|r| (r.base_start as usize) < cut);
        }
        self.push_paragraph(end);
    }

    /// Where the piece of the open paragraph starting at `para_start` may
    /// end: after the last `。` or space in the second half of its largest
    /// size, else at the last character boundary, then back to a place
    /// free of ruby bases and spans, never before a joining mark.
    fn piece_end(&self) -> Option<usize> {
        const TRIES: usize = 256;
        let start = self.para_start;
        let (half, limit) = (start + MAX_PARAGRAPH_BYTES / 2, start + MAX_PARAGRAPH_BYTES);
        let window = &self.buf[half..limit];
        let after_stop = memmem::rfind(window, "。".as_bytes()).map(|i| half + i + "。".len());
        let after_space = memchr::memrchr(b' ', window).map(|i| half + i + 1);
        let mut cut = after_stop.into_iter().chain(after_space).max().unwrap_or(limit);
        while cut > half && self.buf[cut] & 0xc0 == 0x80 {
            cut -= 1;
        }
        for _ in 0..TRIES {
            let joins = char_at(&self.buf, cut).is_some_and(|(c, _)| ruby::joins(c));
            if !joins && self.free_at(cut) {
                return Some(cut);
            }
            cut = char_before(&self.buf, cut).map(|(_, before)| before).filter(|&b| b > half)?;
        }
        None
    }

    /// Whether no ruby base or span of the open paragraph starts at or
    /// runs across `at`.
    fn free_at(&self, at: usize) -> bool {
        let at = at as u32;
        let ruby = &self.rich.ruby[self.para_ruby..];
        let i = ruby.partition_point(|r| r.base_end <= at);
        let ruby_free = ruby.get(i).is_none_or(|r| r.base_start > at);
        ruby_free && self.rich.spans[self.para_spans..].iter().all(|s| !(s.start <= at && at < s.end))
    }

    /// Ruby and spans of the open paragraph end by `end`.
    fn clip_to(&mut self, end: u32) {
        let ruby = &mut self.rich.ruby;
        while ruby.len() > self.para_ruby && ruby.last().is_some_and(|r| r.base_start >= end) {
            ruby.pop();
        }
        if ruby.len() > self.para_ruby
            && let Some(last) = ruby.last_mut()
        {
            last.base_end = last.base_end.min(end);
        }
        let spans = &mut self.rich.spans;
        for span in &mut spans[self.para_spans..] {
            span.end = span.end.min(end);
        }
        let mut kept = self.para_spans;
        for i in self.para_spans..spans.len() {
            if spans[i].start < spans[i].end {
                spans[kept] = spans[i];
                kept += 1;
            }
        }
        spans.truncate(kept);
    }

    fn push_paragraph(&mut self, end: usize) {
        let index = self.paragraphs.len() as u32;
        self.paragraphs.push((self.para_start as u32, end as u32));
        if std::mem::take(&mut self.continue_next) {
            self.continued.push(index);
        }
        if std::mem::take(&mut self.blank_pending) && index > 0 {
            self.rich.after_blank.push(index);
        }
        if std::mem::take(&mut self.page_pending) && index > 0 {
            self.rich.page_breaks.push(index);
        }
        self.page_pending = std::mem::take(&mut self.page_next);
        if std::mem::take(&mut self.colophon_pending) {
            self.rich.colophon = Some(index);
        }
        if self.line_block.center {
            self.header_paragraphs.push(index);
        }
        if self.heading_block_untitled && self.blocks.heading().is_some() {
            let title = self.text(self.para_start..end);
            self.toc_pending.push((self.blocks.heading().unwrap_or(1), title));
            self.heading_block_untitled = false;
        }
        for (level, title) in self.toc_pending.drain(..) {
            let title = title.trim();
            let title = match title.char_indices().nth(MAX_TITLE_CHARS) {
                Some((cut, _)) => &title[..cut],
                None => title,
            };
            if !title.is_empty() {
                self.rich.toc.push(TocEntry { paragraph: index, level, title: title.to_owned() });
            }
        }
        let block = self.blocks.block(&self.line_block);
        if !block.is_plain() {
            self.rich.blocks.push((index, block));
        }
    }

    fn finish(mut self) -> Result<Parsed, DocumentError> {
        self.buf.truncate(self.w);
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
        }
        // The output is copies of whole characters of valid input and
        // strings the parser wrote, so this never fails; it is checked all
        // the same, at SIMD speed (std's check alone took a sixth of the
        // parse).
        if let Err(e) = simdutf8::compat::from_utf8(&self.buf) {
            return Err(DocumentError::Invalid(format!("the reading text is not UTF-8: {e}")));
        }
        // SAFETY: `simdutf8` has just checked that the bytes are valid UTF-8.
        let text = unsafe { String::from_utf8_unchecked(self.buf) };
        let mut rich = self.rich;
        rich.spans.sort_by_key(|s| s.start);
        let header: Vec<&str> = self
            .header_paragraphs
            .iter()
            .map(|&p| {
                let (start, end) = self.paragraphs[p as usize];
                &text[start as usize..end as usize]
            })
            .collect();
        let (title, authors) = front::title_and_authors(&header);
        rich.metadata.format = Format::Aozora;
        rich.metadata.title = title;
        rich.metadata.authors = authors;
        rich.metadata.language = Some("ja".to_owned());
        let doc = Document::from_parts(text, self.paragraphs, self.continued, rich)?;
        Ok(Parsed { doc, unknown: self.unknown })
    }
}

/// Where the `》` closing a reading that starts at `from` is, before
/// `limit`. A plain scan (readings are a few characters; a `memchr` for
/// every kana cost more): the stretches scanned for successive `《` never
/// overlap, as each ends at the next `《`.
fn reading_end(bytes: &[u8], from: usize, limit: usize) -> Option<usize> {
    let close = "》".as_bytes();
    let limit = limit.min(bytes.len());
    bytes.get(from..limit)?.windows(close.len()).position(|w| w == close).map(|i| from + i)
}

/// How many lines `bytes` (whole lines with their ends) hold.
fn line_count(bytes: &[u8]) -> usize {
    let feeds = memchr::memchr_iter(b'\n', bytes).count();
    let lone_returns = memchr::memchr_iter(b'\r', bytes).filter(|&i| bytes.get(i + 1) != Some(&b'\n')).count();
    feeds + lone_returns
}
