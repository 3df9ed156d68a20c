//! The rich side of a document: what a book's markup says about its reading
//! text, kept as sorted tables of byte ranges beside the text rather than in
//! it (as bk keeps a chapter's styles).
//!
//! The reading text is what a reader reads: base text only, no markup. Every
//! format (plain text, Aozora Bunko, EPUB) fills the same tables, so search,
//! quotes, marks, scenes, layout and export work on plain strings and never
//! see a `《》` or a `<rt>`. Offsets are `u32` bytes into
//! [`super::Document::text`], like the paragraph spans; a table entry never
//! crosses a paragraph boundary.
//!
//! The tables are compact on purpose: a novel has thousands of ruby (ドグラ・
//! マグラ: about 7,000 per 1.4 MB), and a 100 MB text must stay within a
//! small multiple of its size. A [`Ruby`] is 16 bytes, a [`Span`] 12, and the
//! readings share one string.

use std::ops::Range;

/// A ruby annotation (furigana): a reading over a run of base text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ruby {
    /// First byte of the base in the document text.
    pub base_start: u32,
    /// One past the base's last byte.
    pub base_end: u32,
    /// The reading's bytes in the shared readings string (see
    /// [`super::Document::reading`]).
    pub reading_start: u32,
    /// One past the reading's last byte.
    pub reading_end: u32,
}

impl Ruby {
    /// The base's byte range in the document text.
    pub fn base(&self) -> Range<usize> {
        self.base_start as usize..self.base_end as usize
    }
}

/// How an emphasis mark (傍点) looks: one mark beside each emphasised
/// character, on the ruby row in horizontal text (to the right in vertical).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DotKind {
    /// 傍点 (the default): a sesame dot `﹅`.
    Sesame,
    /// 白ゴマ傍点: a white sesame dot `﹆`.
    WhiteSesame,
    /// 丸傍点: a black circle `●`.
    Circle,
    /// 白丸傍点: a white circle `○`.
    WhiteCircle,
    /// 黒三角傍点: a black triangle `▲`.
    Triangle,
    /// 白三角傍点: a white triangle `△`.
    WhiteTriangle,
    /// 二重丸傍点: a bullseye `◎`.
    DoubleCircle,
    /// 蛇の目傍点: a fisheye `◉`.
    Fisheye,
    /// ばつ傍点: a saltire `×`.
    Cross,
}

impl DotKind {
    /// The mark drawn beside each character. Every one of them is East
    /// Asian Wide or Ambiguous; the renderer centres it in the character's
    /// two cells.
    pub fn mark(self) -> char {
        match self {
            DotKind::Sesame => '﹅',
            DotKind::WhiteSesame => '﹆',
            DotKind::Circle => '●',
            DotKind::WhiteCircle => '○',
            DotKind::Triangle => '▲',
            DotKind::WhiteTriangle => '△',
            DotKind::DoubleCircle => '◎',
            DotKind::Fisheye => '◉',
            DotKind::Cross => '×',
        }
    }
}

/// How a side line (傍線) looks. A terminal has one underline, so all of
/// them are drawn underlined; the kind is kept for export and for terminals
/// that can do more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineKind {
    /// 傍線.
    Solid,
    /// 二重傍線.
    Double,
    /// 鎖線.
    Chain,
    /// 破線.
    Dashed,
    /// 波線.
    Wavy,
}

/// What a styled span of the reading text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "form")]
pub enum Style {
    /// Emphasis dots beside each character (傍点, `em` in vertical EPUBs).
    Dots(DotKind),
    /// A line beside the text (傍線).
    Line(LineKind),
    /// Bold (太字, `strong`, `b`).
    Bold,
    /// Italic (斜体, `em`, `i`).
    Italic,
    /// Text the format added to stand for something it could not show (a
    /// missing glyph's description `〔にんべん＋爾〕`, an image placeholder
    /// `［図］`): drawn dim, read and searched like any text.
    Note,
}

/// A styled byte range of the reading text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte in the document text.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// What the span is.
    pub style: Style,
}

impl Span {
    /// The span's byte range in the document text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Where a paragraph's lines sit across the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    /// At the start of the line (the default).
    #[default]
    Start,
    /// At the end of the line, `raise` full-width characters short of it
    /// (地付き is 0, 地からN字上げ is N).
    End {
        /// Full-width characters left free at the end.
        raise: u8,
    },
    /// Centred (ページの左右中央, a centred title).
    Center,
}

/// Block attributes of one paragraph: how it sits on the page, as opposed
/// to what its characters look like. Indents are counted in full-width
/// characters (two cells each), as the notation counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Block {
    /// Indent of the first line (字下げ).
    pub indent: u8,
    /// Indent of the lines after the first (折り返してN字下げ); equal to
    /// `indent` for a plain block indent.
    pub wrap_indent: u8,
    /// Where the lines sit.
    pub align: Align,
    /// Drawn inside a box (罫囲み).
    pub boxed: bool,
    /// Heading level: 0 for body text, 1 大見出し / `h1`, 2 中見出し / `h2`,
    /// 3 小見出し / `h3` and deeper.
    pub heading: u8,
    /// A narrower measure in full-width characters (字詰め); 0 for none.
    pub measure: u16,
}

impl Block {
    /// Whether the block says nothing (a plain paragraph).
    pub fn is_plain(&self) -> bool {
        *self == Block::default()
    }
}

/// One entry of the document's table of contents: a heading of the text or
/// a navigation entry of an EPUB. Scenes are opened by these.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// The paragraph the entry points at (0-based).
    pub paragraph: u32,
    /// Nesting level, 1 for the top.
    pub level: u8,
    /// The entry's title, markup removed.
    pub title: String,
}

/// Which format the document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (and Markdown, read as text).
    #[default]
    Text,
    /// An Aozora Bunko text with its notation.
    Aozora,
    /// An EPUB book.
    Epub,
}

impl Format {
    /// A short name for the status line and the library.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Aozora => "aozora",
            Format::Epub => "epub",
        }
    }
}

/// What the document says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Metadata {
    /// The format it was read from.
    pub format: Format,
    /// The work's title, when the format gives one.
    pub title: Option<String>,
    /// Its authors, as the format spells them.
    pub authors: Vec<String>,
    /// Its language (a BCP 47 tag such as `ja`), when given.
    pub language: Option<String>,
    /// The book asks for vertical writing (`writing-mode: vertical-rl`).
    pub vertical: bool,
    /// Pages progress right to left (`page-progression-direction="rtl"`).
    pub right_to_left: bool,
}

impl Metadata {
    /// Whether there is anything to say beyond the format.
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.authors.is_empty() && self.language.is_none()
    }
}

/// The side tables of a document. Empty for plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rich {
    /// Ruby, sorted by base, bases not overlapping.
    pub ruby: Vec<Ruby>,
    /// Every reading, one after another.
    pub readings: String,
    /// Styled spans, sorted by start (they may overlap or nest).
    pub spans: Vec<Span>,
    /// Block attributes of the paragraphs that have any, sorted by paragraph.
    pub blocks: Vec<(u32, Block)>,
    /// Paragraphs that begin a new page (改ページ, 改丁, an EPUB spine item),
    /// sorted.
    pub page_breaks: Vec<u32>,
    /// Paragraphs that follow a blank line in the source, sorted (a
    /// chapter title alone between blank lines; paragraph spacing).
    pub after_blank: Vec<u32>,
    /// Headings and navigation entries, in paragraph order.
    pub toc: Vec<TocEntry>,
    /// The first paragraph of the back matter (an Aozora colophon), if any.
    pub colophon: Option<u32>,
    /// Title, authors, language, writing direction.
    pub metadata: Metadata,
}

/// Why side tables do not fit their text (a bug in a format reader, caught
/// when the document is built rather than when a range is drawn).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid side table: {0}")]
pub struct RichError(pub String);

impl Rich {
    /// Check the tables against the text and its paragraphs (start, end):
    /// ranges inside one paragraph and on character boundaries, tables
    /// sorted, paragraph numbers in range.
    pub fn validate(&self, text: &str, paragraphs: &[(u32, u32)]) -> Result<(), RichError> {
        // A non-empty range starting where one paragraph ends belongs to the
        // next (pieces of a long line touch); an empty one may sit at an end.
        let paragraph_of =
            |at: u32, empty: bool| paragraphs.partition_point(|&(_, end)| if empty { end < at } else { end <= at });
        // `start..end` inside paragraph `p`, on character boundaries.
        let within = |p: usize, start: u32, end: u32, what: &str| -> Result<(), RichError> {
            let ok = start <= end
                && p < paragraphs.len()
                && paragraphs[p].0 <= start
                && end <= paragraphs[p].1
                && text.is_char_boundary(start as usize)
                && text.is_char_boundary(end as usize);
            if ok { Ok(()) } else { Err(RichError(format!("{what} {start}..{end} is not inside one paragraph"))) }
        };
        let inside = |start: u32, end: u32, what: &str| within(paragraph_of(start, start == end), start, end, what);
        // Ruby bases are checked in order (and must be in order), so their
        // paragraph is found by walking forward, not searched for each.
        let mut last_end = 0;
        let mut p = 0;
        for r in &self.ruby {
            while p < paragraphs.len() && paragraphs[p].1 <= r.base_start {
                p += 1;
            }
            within(p, r.base_start, r.base_end, "ruby base")?;
            if r.base_start < last_end || r.base_start == r.base_end {
                return Err(RichError(format!("ruby base {}..{} overlaps or is empty", r.base_start, r.base_end)));
            }
            last_end = r.base_end;
            let reading_ok = r.reading_start <= r.reading_end
                && (r.reading_end as usize) <= self.readings.len()
                && self.readings.is_char_boundary(r.reading_start as usize)
                && self.readings.is_char_boundary(r.reading_end as usize);
            if !reading_ok {
                return Err(RichError(format!("ruby reading {}..{} out of range", r.reading_start, r.reading_end)));
            }
        }
        if !self.spans.is_sorted_by_key(|s| s.start) {
            return Err(RichError("spans are not sorted".into()));
        }
        for s in &self.spans {
            inside(s.start, s.end, "span")?;
        }
        let count = paragraphs.len() as u32;
        let sorted_below = |list: &[u32], what: &str| {
            if list.is_sorted_by(|a, b| a < b) && list.last().is_none_or(|&p| p < count) {
                Ok(())
            } else {
                Err(RichError(format!("{what} not sorted or out of range")))
            }
        };
        sorted_below(&self.blocks.iter().map(|b| b.0).collect::<Vec<_>>(), "blocks")?;
        sorted_below(&self.page_breaks, "page breaks")?;
        sorted_below(&self.after_blank, "blank lines")?;
        if !self.toc.is_sorted_by_key(|t| t.paragraph) || self.toc.iter().any(|t| t.paragraph >= count) {
            return Err(RichError("table of contents not in paragraph order".into()));
        }
        if self.colophon.is_some_and(|c| c >= count) {
            return Err(RichError("colophon out of range".into()));
        }
        Ok(())
    }

    /// The ruby whose bases lie in `range` of the document text.
    pub fn ruby_in(&self, range: Range<usize>) -> &[Ruby] {
        let from = self.ruby.partition_point(|r| (r.base_end as usize) <= range.start);
        let to = self.ruby.partition_point(|r| (r.base_start as usize) < range.end);
        &self.ruby[from..to.max(from)]
    }

    /// The spans that start in `range` of the document text (a span never
    /// crosses a paragraph, so for a paragraph's range these are its spans).
    pub fn spans_in(&self, range: Range<usize>) -> &[Span] {
        let from = self.spans.partition_point(|s| (s.start as usize) < range.start);
        let to = self.spans.partition_point(|s| (s.start as usize) < range.end);
        &self.spans[from..to.max(from)]
    }

    /// The block attributes of paragraph `p` (plain when it has none).
    pub fn block(&self, p: usize) -> Block {
        match self.blocks.binary_search_by_key(&(p as u64), |b| u64::from(b.0)) {
            Ok(i) => self.blocks[i].1,
            Err(_) => Block::default(),
        }
    }

    /// The reading of `ruby`.
    pub fn reading(&self, ruby: &Ruby) -> &str {
        self.readings.get(ruby.reading_start as usize..ruby.reading_end as usize).unwrap_or("")
    }

    /// Whether paragraph `p` follows a blank line in the source.
    pub fn is_after_blank(&self, p: usize) -> bool {
        u32::try_from(p).is_ok_and(|p| self.after_blank.binary_search(&p).is_ok())
    }

    /// Whether paragraph `p` begins a new page.
    pub fn is_page_break(&self, p: usize) -> bool {
        u32::try_from(p).is_ok_and(|p| self.page_breaks.binary_search(&p).is_ok())
    }

    /// Bytes held by the tables (for memory budgets and tests).
    pub fn heap_bytes(&self) -> usize {
        self.ruby.capacity() * std::mem::size_of::<Ruby>()
            + self.readings.capacity()
            + self.spans.capacity() * std::mem::size_of::<Span>()
            + self.blocks.capacity() * std::mem::size_of::<(u32, Block)>()
            + (self.page_breaks.capacity() + self.after_blank.capacity()) * 4
            + self.toc.iter().map(|t| t.title.capacity() + std::mem::size_of::<TocEntry>()).sum::<usize>()
    }

    /// Move every offset and paragraph number by the given amounts: used
    /// when documents are joined (an EPUB's chapters read one by one).
    pub fn shift(&mut self, bytes: u32, paragraphs: u32, readings: u32) {
        for r in &mut self.ruby {
            r.base_start += bytes;
            r.base_end += bytes;
            r.reading_start += readings;
            r.reading_end += readings;
        }
        for s in &mut self.spans {
            s.start += bytes;
            s.end += bytes;
        }
        for b in &mut self.blocks {
            b.0 += paragraphs;
        }
        for p in self.page_breaks.iter_mut().chain(self.after_blank.iter_mut()) {
            *p += paragraphs;
        }
        for t in &mut self.toc {
            t.paragraph += paragraphs;
        }
        if let Some(c) = &mut self.colophon {
            *c += paragraphs;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ruby(base: Range<u32>, reading: Range<u32>) -> Ruby {
        Ruby { base_start: base.start, base_end: base.end, reading_start: reading.start, reading_end: reading.end }
    }

    #[test]
    fn entries_are_small() {
        assert_eq!(std::mem::size_of::<Ruby>(), 16);
        assert!(std::mem::size_of::<Span>() <= 12);
        assert!(std::mem::size_of::<Block>() <= 10);
    }

    #[test]
    fn validation_catches_ranges_that_do_not_fit() {
        let text = "山路を\n登る";
        let paragraphs = [(0, 9), (10, 16)];
        let mut rich = Rich { readings: "やまみち".into(), ..Rich::default() };
        rich.ruby.push(ruby(0..6, 0..12));
        assert_eq!(rich.validate(text, &paragraphs), Ok(()));
        rich.ruby[0].base_end = 12; // crosses into the next paragraph
        assert!(rich.validate(text, &paragraphs).is_err());
        rich.ruby[0].base_end = 4; // not a character boundary
        assert!(rich.validate(text, &paragraphs).is_err());
        rich.ruby[0] = ruby(0..6, 0..13);
        assert!(rich.validate(text, &paragraphs).is_err(), "reading past the readings");
    }

    #[test]
    fn lookups_find_a_paragraphs_entries() {
        let mut rich = Rich { ruby: vec![ruby(0..3, 0..0), ruby(10..13, 0..0), ruby(20..23, 0..0)], ..Rich::default() };
        assert_eq!(rich.ruby_in(5..21).len(), 2);
        assert_eq!(rich.ruby_in(3..10).len(), 0);
        rich.blocks = vec![(2, Block { indent: 3, wrap_indent: 3, ..Block::default() })];
        assert_eq!(rich.block(2).indent, 3);
        assert!(rich.block(1).is_plain());
        rich.after_blank = vec![4];
        assert!(rich.is_after_blank(4) && !rich.is_after_blank(3));
    }
}
