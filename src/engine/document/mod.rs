//! The document model: one text, split into paragraphs addressed by byte range.
//!
//! The text is stored once; a paragraph is a `(start, end)` pair of `u32` byte
//! offsets into it (8 bytes a paragraph), so a document with millions of lines
//! stays compact. A paragraph is a non-blank line: line ends (LF, CRLF, lone
//! CR) separate paragraphs, trailing whitespace is not part of a paragraph, and
//! a leading full-width space (U+3000, the Japanese paragraph indent) is kept.
//!
//! Formats with markup (Aozora Bunko, EPUB) give the *reading text* here —
//! base text only — and describe the rest in side tables of byte ranges over
//! it ([`rich`]): ruby, emphasis, block attributes, headings, metadata. They
//! build documents with a [`builder::DocumentBuilder`] or, when they produce
//! the text themselves, with [`Document::from_parts`].

pub mod builder;
pub mod rich;

use std::ops::Range;
use std::sync::OnceLock;

use thiserror::Error;

use super::sanitize::sanitize;

/// Why a text cannot become a [`Document`].
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DocumentError {
    /// Offsets are stored as `u32`; larger texts are refused rather than truncated.
    #[error("the text is {0} bytes; emaki reads texts of up to 4 GiB")]
    TooLarge(usize),
    /// A format reader gave paragraphs or side tables that do not fit its
    /// text (a bug, reported rather than drawn wrong).
    #[error("{0}")]
    Invalid(String),
}

/// A paragraph's place in the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

/// A stable fingerprint of one paragraph's text: the first 8 bytes of its
/// BLAKE3 hash. Bookmarks and highlights anchor to it, so it must never depend
/// on the Rust release or the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    /// Fingerprint of a paragraph text.
    pub fn of(text: &str) -> Self {
        let hash = blake3::hash(text.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        Fingerprint(u64::from_be_bytes(first))
    }

    /// The fingerprint as 16 lowercase hex digits, as stored on disk.
    pub fn to_hex(self) -> String {
        format!("{:016x}", self.0)
    }

    /// Parse the form written by [`Fingerprint::to_hex`].
    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 16 {
            return None;
        }
        u64::from_str_radix(hex, 16).ok().map(Fingerprint)
    }
}

/// A loaded, sanitised text and its paragraphs.
#[derive(Debug)]
pub struct Document {
    text: String,
    paragraphs: Vec<Span>,
    /// Paragraphs that continue the line of the one before (pieces of a line
    /// longer than [`MAX_PARAGRAPH_BYTES`]), sorted.
    continued: Vec<u32>,
    content_hash: OnceLock<String>,
    /// Ruby, emphasis, blocks, headings and metadata (empty for plain text).
    rich: rich::Rich,
}

impl Document {
    /// Build a document from decoded text.
    ///
    /// Control characters are replaced by visible stand-ins first (see
    /// [`super::sanitize`]); a leading BOM is dropped. An empty or blank text
    /// gives a document with no paragraphs.
    pub fn from_text(text: impl Into<String>) -> Result<Self, DocumentError> {
        let mut text: String = text.into();
        if let std::borrow::Cow::Owned(clean) = sanitize(&text) {
            text = clean;
        }
        if text.len() > u32::MAX as usize {
            return Err(DocumentError::TooLarge(text.len()));
        }
        let (paragraphs, continued, after_blank) = split_paragraphs(&text);
        let rich = rich::Rich { after_blank, ..rich::Rich::default() };
        Ok(Document { text, paragraphs, continued, content_hash: OnceLock::new(), rich })
    }

    /// Build a document from a reading text that a format reader produced,
    /// its paragraphs (`(start, end)` byte offsets, in order, not
    /// overlapping, non-empty), the paragraphs that continue the line of the
    /// one before, and the side tables. The text must already be inert
    /// (see [`super::sanitize`]); everything is checked, so a reader's bug
    /// is an error here rather than a wrong range on screen.
    pub fn from_parts(
        text: String,
        paragraphs: Vec<(u32, u32)>,
        continued: Vec<u32>,
        rich: rich::Rich,
    ) -> Result<Self, DocumentError> {
        if text.len() > u32::MAX as usize {
            return Err(DocumentError::TooLarge(text.len()));
        }
        let mut previous_end = 0;
        for &(start, end) in &paragraphs {
            let fits = previous_end <= start
                && start < end
                && (end as usize) <= text.len()
                && text.is_char_boundary(start as usize)
                && text.is_char_boundary(end as usize);
            if !fits {
                return Err(DocumentError::Invalid(format!("paragraph {start}..{end} does not fit the text")));
            }
            previous_end = end;
        }
        let count = paragraphs.len() as u32;
        if !continued.is_sorted_by(|a, b| a < b) || continued.iter().any(|&p| p == 0 || p >= count) {
            return Err(DocumentError::Invalid("continued paragraphs out of order".into()));
        }
        rich.validate(&text, &paragraphs).map_err(|e| DocumentError::Invalid(e.to_string()))?;
        let paragraphs = paragraphs.into_iter().map(|(start, end)| Span { start, end }).collect();
        Ok(Document { text, paragraphs, continued, content_hash: OnceLock::new(), rich })
    }

    /// The side tables: ruby, emphasis, blocks, headings, metadata.
    pub fn rich(&self) -> &rich::Rich {
        &self.rich
    }

    /// The document's metadata (format, title, authors, language).
    pub fn metadata(&self) -> &rich::Metadata {
        &self.rich.metadata
    }

    /// The ruby of paragraph `index`, with offsets in the document text
    /// (subtract [`Document::paragraph_range`]`.start` for the paragraph's).
    pub fn ruby_in(&self, index: usize) -> &[rich::Ruby] {
        if self.rich.ruby.is_empty() {
            return &[];
        }
        self.rich.ruby_in(self.paragraph_range(index))
    }

    /// The styled spans of paragraph `index`, with offsets in the document
    /// text.
    pub fn spans_in(&self, index: usize) -> &[rich::Span] {
        if self.rich.spans.is_empty() {
            return &[];
        }
        self.rich.spans_in(self.paragraph_range(index))
    }

    /// The block attributes of paragraph `index`.
    pub fn block(&self, index: usize) -> rich::Block {
        self.rich.block(index)
    }

    /// The reading of a ruby of this document.
    pub fn reading(&self, ruby: &rich::Ruby) -> &str {
        self.rich.reading(ruby)
    }

    /// The whole sanitised text, including line ends and blank lines.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether paragraph `index` continues the line of the paragraph before
    /// it: a line longer than [`MAX_PARAGRAPH_BYTES`] is cut into pieces, and
    /// the pieces after the first are shown and printed without a gap.
    pub fn continues_line(&self, index: usize) -> bool {
        u32::try_from(index).is_ok_and(|i| self.continued.binary_search(&i).is_ok())
    }

    /// Keep only the first `count` paragraphs (the head of a file read in
    /// two stages drops a last paragraph the end of the head may have cut).
    pub fn keep_paragraphs(&mut self, count: usize) {
        self.paragraphs.truncate(count);
        self.continued.retain(|&p| (p as usize) < count);
        self.content_hash = OnceLock::new();
        let end = self.paragraphs.last().map_or(0, |s| s.end);
        let rich = &mut self.rich;
        rich.ruby.retain(|r| r.base_end <= end);
        rich.spans.retain(|s| s.end <= end);
        let count = count as u32;
        rich.blocks.retain(|b| b.0 < count);
        rich.page_breaks.retain(|&p| p < count);
        rich.after_blank.retain(|&p| p < count);
        rich.toc.retain(|t| t.paragraph < count);
        rich.colophon = rich.colophon.filter(|&c| c < count);
    }

    /// How many paragraphs the document has.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    /// Whether the document has no paragraphs at all (an empty or blank file).
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The text of paragraph `index` (0-based). Panics when out of range, like
    /// slice indexing; callers hold indices they got from this document.
    pub fn paragraph(&self, index: usize) -> &str {
        let span = self.paragraphs[index];
        &self.text[span.start as usize..span.end as usize]
    }

    /// Where paragraph `index` lies in [`Document::text`].
    pub fn paragraph_range(&self, index: usize) -> Range<usize> {
        let span = self.paragraphs[index];
        span.start as usize..span.end as usize
    }

    /// Every paragraph's text, in order.
    pub fn paragraphs(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.paragraphs.iter().map(|s| &self.text[s.start as usize..s.end as usize])
    }

    /// The paragraph containing, or else the first one after, byte `offset` of
    /// [`Document::text`]; the last paragraph when `offset` is past the end.
    /// Used to turn byte-based positions (percent jumps) into paragraphs.
    pub fn paragraph_at_offset(&self, offset: usize) -> Option<usize> {
        if self.paragraphs.is_empty() {
            return None;
        }
        let i = self.paragraphs.partition_point(|s| (s.end as usize) < offset);
        Some(i.min(self.paragraphs.len() - 1))
    }

    /// The fingerprint of paragraph `index`, computed on demand.
    pub fn fingerprint(&self, index: usize) -> Fingerprint {
        Fingerprint::of(self.paragraph(index))
    }

    /// A content hash identifying this document in the store: BLAKE3 of the
    /// paragraphs joined by `\n`, as 64 hex digits. Line-end style, a BOM,
    /// blank lines and trailing whitespace do not change it. Computed once, on
    /// first use.
    pub fn content_hash(&self) -> &str {
        self.content_hash.get_or_init(|| {
            // BLAKE3 hashes many chunks at once only when it is given many at
            // once: paragraphs go through a 64 KiB buffer (measured on 100 MB:
            // 42 ms, against 153 ms fed paragraph by paragraph).
            let mut hasher = blake3::Hasher::new();
            let mut buffer = Vec::with_capacity(HASH_BUFFER);
            for (i, p) in self.paragraphs().enumerate() {
                if i > 0 {
                    if buffer.len() == HASH_BUFFER {
                        hasher.update(&buffer);
                        buffer.clear();
                    }
                    buffer.push(b'\n');
                }
                let mut rest = p.as_bytes();
                while buffer.len() + rest.len() > HASH_BUFFER {
                    let take = HASH_BUFFER - buffer.len();
                    buffer.extend_from_slice(&rest[..take]);
                    hasher.update(&buffer);
                    buffer.clear();
                    rest = &rest[take..];
                }
                buffer.extend_from_slice(rest);
            }
            hasher.update(&buffer);
            hasher.finalize().to_hex().to_string()
        })
    }

    /// A short title: the title the format gives (an Aozora text's first
    /// line, an EPUB's `dc:title`), else the first paragraph, without its
    /// indent, cut to at most `max_chars` characters (with `…` when cut).
    /// Empty for an empty document.
    pub fn title(&self, max_chars: usize) -> String {
        if let Some(title) = &self.rich.metadata.title {
            return short_title(title, max_chars);
        }
        match self.paragraphs().next() {
            Some(first) => short_title(first, max_chars),
            None => String::new(),
        }
    }
}

/// Cut a line to a title of at most `max_chars` characters.
pub fn short_title(line: &str, max_chars: usize) -> String {
    let line = line.trim_start_matches(|c: char| c.is_whitespace());
    let mut out: String = line.chars().take(max_chars).collect();
    if line.chars().nth(max_chars).is_some() {
        out.pop();
        out.push('…');
    }
    out
}

/// One pass over the text: every non-blank line becomes a paragraph (or
/// several, for a very long line; their indices after the first come second).
/// Also gives the paragraphs that follow a blank line (never the first).
fn split_paragraphs(text: &str) -> (Vec<Span>, Vec<u32>, Vec<u32>) {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut continued = Vec::new();
    let mut after_blank = Vec::new();
    let mut blank = false;
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    loop {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = text[start..end].trim_end();
        if !line.trim_start().is_empty() {
            if std::mem::take(&mut blank) && !spans.is_empty() {
                after_blank.push(spans.len() as u32);
            }
            push_line(text, start, start + line.len(), &mut spans, &mut continued);
        } else if end < bytes.len() || start < end {
            blank = true;
        }
        if end >= bytes.len() {
            break;
        }
        start = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') { end + 2 } else { end + 1 };
    }
    (spans, continued, after_blank)
}

/// How many bytes [`Document::content_hash`] gives the hasher at a time.
const HASH_BUFFER: usize = 64 * 1024;

/// Lines longer than this become several paragraphs, so that laying out,
/// searching or anchoring one paragraph never costs more than this many
/// bytes (a few milliseconds of layout), even in a file that is one 100 MB
/// line. The pieces are marked (see [`Document::continues_line`]) and shown
/// and printed as one line; a search match that would straddle a cut is not
/// found.
pub const MAX_PARAGRAPH_BYTES: usize = 1 << 20;

/// Add the line `start..end` as one paragraph, or as several when it is
/// longer than [`MAX_PARAGRAPH_BYTES`]: cut after the last `。` or space in
/// the second half of each piece, else at the last grapheme boundary.
fn push_line(text: &str, mut start: usize, end: usize, spans: &mut Vec<Span>, continued: &mut Vec<u32>) {
    while end - start > MAX_PARAGRAPH_BYTES {
        let limit = start + MAX_PARAGRAPH_BYTES;
        let cut = long_line_cut(text, start + MAX_PARAGRAPH_BYTES / 2, limit);
        spans.push(Span { start: start as u32, end: cut as u32 });
        continued.push(spans.len() as u32);
        start = cut;
    }
    spans.push(Span { start: start as u32, end: end as u32 });
}

/// Where to cut a long line between `from` and `limit` (both inside it).
fn long_line_cut(text: &str, from: usize, limit: usize) -> usize {
    let window = &text.as_bytes()[from..limit];
    let after_stop = memchr::memmem::rfind(window, "。".as_bytes()).map(|i| from + i + "。".len());
    let after_space = memchr::memrchr(b' ', window).map(|i| from + i + 1);
    if let Some(cut) = after_stop.into_iter().chain(after_space).max() {
        return cut;
    }
    // No natural place: the last grapheme boundary before the limit.
    let mut cut = limit;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let context_start = text.floor_char_boundary(cut.saturating_sub(1024).max(from));
    use unicode_segmentation::UnicodeSegmentation;
    let boundary = text[context_start..text.ceil_char_boundary((cut + 64).min(text.len()))]
        .grapheme_indices(true)
        .map(|(i, _)| context_start + i)
        .take_while(|&i| i <= cut)
        .last()
        .unwrap_or(cut);
    if boundary > from { boundary } else { cut }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn very_long_lines_become_several_paragraphs_cut_after_a_full_stop() {
        let sentence = "長い文章が続きます。";
        let line = sentence.repeat(MAX_PARAGRAPH_BYTES / sentence.len() * 3);
        let doc = Document::from_text(format!("{line}\n次")).unwrap();
        assert!(doc.paragraph_count() >= 4, "{}", doc.paragraph_count());
        let mut joined = String::new();
        for p in 0..doc.paragraph_count() - 1 {
            let text = doc.paragraph(p);
            assert!(text.len() <= MAX_PARAGRAPH_BYTES);
            assert!(text.ends_with('。'), "cut after a full stop");
            joined.push_str(text);
        }
        assert_eq!(joined, line);
        assert_eq!(doc.paragraph(doc.paragraph_count() - 1), "次");
        let last = doc.paragraph_count() - 1;
        assert!(!doc.continues_line(0) && !doc.continues_line(last), "a new line is not a continuation");
        assert!((1..last).all(|p| doc.continues_line(p)), "the pieces after the first continue the line");
    }

    #[test]
    fn a_long_line_without_stops_is_cut_between_grapheme_clusters() {
        let line = "か\u{3099}".repeat(MAX_PARAGRAPH_BYTES);
        let doc = Document::from_text(line.clone()).unwrap();
        let mut joined = String::new();
        for text in doc.paragraphs() {
            assert!(text.starts_with('か'), "no piece starts with a combining mark");
            joined.push_str(text);
        }
        assert_eq!(joined, line);
    }

    fn paras(text: &str) -> Vec<String> {
        let doc = Document::from_text(text).unwrap();
        doc.paragraphs().map(str::to_owned).collect()
    }

    #[test]
    fn line_ends_of_every_kind_split_paragraphs() {
        assert_eq!(paras("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn blank_lines_bom_and_trailing_whitespace_are_dropped() {
        assert_eq!(paras("\u{feff}一\n\n  \n二 \t\u{3000}\n\n"), ["一", "二"]);
    }

    #[test]
    fn paragraphs_after_blank_lines_are_remembered() {
        let doc = Document::from_text("\n\n一\n二\n\n三\r\n \r\n四").unwrap();
        assert_eq!(doc.rich().after_blank, [2, 3]);
    }

    #[test]
    fn leading_ideographic_space_is_kept() {
        assert_eq!(paras("\u{3000}本文です。\n"), ["\u{3000}本文です。"]);
    }

    #[test]
    fn empty_and_blank_texts_have_no_paragraphs() {
        assert!(Document::from_text("").unwrap().is_empty());
        assert!(Document::from_text("\n \r\n\u{3000}\n").unwrap().is_empty());
    }

    #[test]
    fn control_characters_are_inert_after_loading() {
        let doc = Document::from_text("a\u{1b}]0;title\u{7}b").unwrap();
        assert_eq!(doc.paragraph(0), "a\u{241b}]0;title\u{2407}b");
    }

    #[test]
    fn content_hash_ignores_line_end_style_and_blank_lines() {
        let a = Document::from_text("一\n二\n").unwrap();
        let b = Document::from_text("\u{feff}一\r\n\r\n二  ").unwrap();
        let c = Document::from_text("一\n三\n").unwrap();
        assert_eq!(a.content_hash(), b.content_hash());
        assert_ne!(a.content_hash(), c.content_hash());
        assert_eq!(a.content_hash().len(), 64);
    }

    #[test]
    fn content_hash_is_the_hash_of_the_paragraphs_joined_by_line_feeds() {
        // Paragraphs of every size around the hashing buffer's.
        let varied: String = (0..40).map(|i| format!("{}\n\n", "段".repeat(i * 997 % 40_000 + 1))).collect();
        // A paragraph that fills the buffer exactly, then a line feed.
        let exact = format!("{}\nb\n{}\nc", "a".repeat(HASH_BUFFER), "d".repeat(HASH_BUFFER - 1));
        for text in [varied, exact] {
            let doc = Document::from_text(text).unwrap();
            let joined: Vec<&str> = doc.paragraphs().collect();
            assert_eq!(doc.content_hash(), blake3::hash(joined.join("\n").as_bytes()).to_hex().as_str());
        }
    }

    #[test]
    fn fingerprint_is_stable_and_round_trips() {
        let f = Fingerprint::of("トカエフ大統領");
        assert_eq!(Fingerprint::from_hex(&f.to_hex()), Some(f));
        assert_ne!(f, Fingerprint::of("トカエフ氏"));
        // The value is part of the store format: it must never change.
        assert_eq!(Fingerprint::of("").to_hex(), "af1349b9f5f9a1a6");
    }

    #[test]
    fn paragraph_at_offset_finds_the_containing_or_next_paragraph() {
        let doc = Document::from_text("ab\n\ncd\nef").unwrap();
        assert_eq!(doc.paragraph_at_offset(0), Some(0));
        assert_eq!(doc.paragraph_at_offset(3), Some(1));
        assert_eq!(doc.paragraph_at_offset(5), Some(1));
        assert_eq!(doc.paragraph_at_offset(100), Some(2));
    }

    #[test]
    fn titles_are_cut_with_an_ellipsis() {
        assert_eq!(short_title("\u{3000}心理試験", 10), "心理試験");
        assert_eq!(short_title("abcdef", 4), "abc…");
    }
}
