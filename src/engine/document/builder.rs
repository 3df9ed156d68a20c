//! Building a document piece by piece, for format readers that walk a tree
//! (an EPUB chapter's XHTML): text is appended, ranges are given in the
//! offsets of the text built so far, and paragraphs are closed one by one.
//!
//! The builder keeps the same rules as plain text: a paragraph has no
//! trailing whitespace, a blank paragraph is dropped (and remembered as a
//! blank line before the next one), every character is inert (control
//! characters become their visible stand-ins). A line feed inside a
//! paragraph is a forced line break (an EPUB `br`, a `pre` line): the layout
//! breaks there and never draws it.

use std::ops::Range;

use super::rich::{Block, Metadata, Rich, Ruby, Span, Style, TocEntry};
use super::{Document, DocumentError};
use crate::engine::sanitize::sanitize;

/// Builds a [`Document`] with its side tables.
#[derive(Debug, Default)]
pub struct DocumentBuilder {
    text: String,
    paragraphs: Vec<(u32, u32)>,
    continued: Vec<u32>,
    rich: Rich,
    /// Where the open paragraph starts in `text`.
    open_start: usize,
    /// The next paragraph follows a blank line / begins a page.
    blank_pending: bool,
    page_pending: bool,
    /// Headings waiting for the paragraph they name.
    toc_pending: Vec<(u8, String)>,
    /// The ruby and spans of the open paragraph start at these indices.
    open_ruby: usize,
    open_spans: usize,
}

impl DocumentBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with room for about `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Self {
        DocumentBuilder { text: String::with_capacity(bytes), ..Self::default() }
    }

    /// The offset the next appended text will have: take it before and
    /// after appending to get a range for [`DocumentBuilder::ruby`] or
    /// [`DocumentBuilder::style`].
    pub fn offset(&self) -> usize {
        self.text.len()
    }

    /// The text of the open paragraph so far.
    pub fn open_text(&self) -> &str {
        &self.text[self.open_start..]
    }

    /// The index the next closed paragraph will have.
    pub fn next_paragraph(&self) -> usize {
        self.paragraphs.len()
    }

    /// Append text to the open paragraph. Control characters become their
    /// stand-ins; a carriage return is dropped and a line feed is a forced
    /// line break.
    pub fn push_str(&mut self, text: &str) {
        let clean = sanitize(text);
        if clean.contains('\r') {
            self.text.extend(clean.chars().filter(|&c| c != '\r'));
        } else {
            self.text.push_str(&clean);
        }
    }

    /// Append one character (see [`DocumentBuilder::push_str`]).
    pub fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.push_str(c.encode_utf8(&mut buf));
    }

    /// A forced line break inside the open paragraph.
    pub fn line_break(&mut self) {
        if self.text.len() > self.open_start {
            self.text.push('\n');
        }
    }

    /// Give the text at `base` (offsets from [`DocumentBuilder::offset`], in
    /// the open paragraph) the ruby `reading`. Ignored when the base is
    /// empty or overlaps the previous base.
    pub fn ruby(&mut self, base: Range<usize>, reading: &str) {
        let reading = sanitize(reading);
        let reading = reading.trim();
        if base.start >= base.end || base.start < self.open_start || base.end > self.text.len() || reading.is_empty() {
            return;
        }
        if self.rich.ruby.last().is_some_and(|r| r.base_end as usize > base.start) {
            return;
        }
        let reading_start = self.rich.readings.len() as u32;
        self.rich.readings.extend(reading.chars().filter(|c| !c.is_control()));
        self.rich.ruby.push(Ruby {
            base_start: base.start as u32,
            base_end: base.end as u32,
            reading_start,
            reading_end: self.rich.readings.len() as u32,
        });
    }

    /// Style the text at `range` (in the open paragraph). Empty ranges are
    /// ignored.
    pub fn style(&mut self, range: Range<usize>, style: Style) {
        if range.start < range.end && range.start >= self.open_start && range.end <= self.text.len() {
            self.rich.spans.push(Span { start: range.start as u32, end: range.end as u32, style });
        }
    }

    /// Close the open paragraph with `block` attributes. Trailing whitespace
    /// is removed; a paragraph of nothing but whitespace is dropped and the
    /// next one is marked as following a blank line. Returns the paragraph's
    /// index, or `None` when it was dropped.
    pub fn end_paragraph(&mut self, block: Block) -> Option<usize> {
        let trimmed = self.text[self.open_start..].trim_end().len();
        let end = self.open_start + trimmed;
        self.text.truncate(end);
        if self.text[self.open_start..].trim_start().is_empty() {
            self.text.truncate(self.open_start);
            self.rich.ruby.truncate(self.open_ruby);
            self.rich.spans.truncate(self.open_spans);
            self.blank_pending = true;
            return None;
        }
        // Ranges that ran into the removed whitespace end where the text does.
        let end32 = end as u32;
        self.rich
            .ruby
            .truncate(self.open_ruby + self.rich.ruby[self.open_ruby..].partition_point(|r| r.base_start < end32));
        if let Some(r) = self.rich.ruby.last_mut() {
            r.base_end = r.base_end.min(end32);
        }
        for s in &mut self.rich.spans[self.open_spans..] {
            s.end = s.end.min(end32);
        }
        let mut kept = self.open_spans;
        for i in self.open_spans..self.rich.spans.len() {
            if self.rich.spans[i].start < self.rich.spans[i].end {
                self.rich.spans[kept] = self.rich.spans[i];
                kept += 1;
            }
        }
        self.rich.spans.truncate(kept);
        let index = self.paragraphs.len();
        let p = index as u32;
        self.paragraphs.push((self.open_start as u32, end32));
        if !block.is_plain() {
            self.rich.blocks.push((p, block));
        }
        if std::mem::take(&mut self.blank_pending) {
            self.rich.after_blank.push(p);
        }
        if std::mem::take(&mut self.page_pending) && index > 0 {
            self.rich.page_breaks.push(p);
        }
        for (level, title) in self.toc_pending.drain(..) {
            self.rich.toc.push(TocEntry { paragraph: p, level, title });
        }
        self.text.push('\n');
        self.open_start = self.text.len();
        self.open_ruby = self.rich.ruby.len();
        self.open_spans = self.rich.spans.len();
        Some(index)
    }

    /// Mark the paragraph just closed (if any) as continuing into the next
    /// one without a gap: the next paragraph is drawn right under it.
    pub fn continue_line(&mut self) {
        // Recorded against the next paragraph, when it is closed.
        let next = self.paragraphs.len() as u32;
        if next > 0 && self.continued.last() != Some(&next) {
            self.continued.push(next);
        }
    }

    /// The next paragraph follows a blank line.
    pub fn blank_line(&mut self) {
        self.blank_pending = true;
    }

    /// The next paragraph begins a new page (改ページ, a new EPUB file).
    pub fn page_break(&mut self) {
        self.page_pending = true;
    }

    /// A heading or navigation entry that names the next paragraph.
    pub fn toc_entry(&mut self, level: u8, title: impl Into<String>) {
        let title = sanitize(&title.into()).trim().to_owned();
        if !title.is_empty() {
            self.toc_pending.push((level.max(1), title));
        }
    }

    /// A navigation entry for an already closed paragraph (an EPUB's nav
    /// points at files and anchors whose paragraphs are known by then).
    pub fn toc_at(&mut self, paragraph: usize, level: u8, title: impl Into<String>) {
        let title = sanitize(&title.into()).trim().to_owned();
        if paragraph < self.paragraphs.len() && !title.is_empty() {
            self.rich.toc.push(TocEntry { paragraph: paragraph as u32, level: level.max(1), title });
        }
    }

    /// The first paragraph of the back matter: the next one closed.
    pub fn colophon_next(&mut self) {
        self.rich.colophon = Some(self.paragraphs.len() as u32);
    }

    /// The document's metadata, to fill in.
    pub fn metadata_mut(&mut self) -> &mut Metadata {
        &mut self.rich.metadata
    }

    /// The finished document. An open paragraph is closed first.
    pub fn finish(mut self) -> Result<Document, DocumentError> {
        if self.open_start < self.text.len() {
            self.end_paragraph(Block::default());
        }
        if self.text.ends_with('\n') {
            self.text.pop();
        }
        // The continuation recorded for a paragraph that never came.
        let count = self.paragraphs.len() as u32;
        self.continued.retain(|&p| p < count);
        if self.rich.colophon.is_some_and(|c| c >= count) {
            self.rich.colophon = None;
        }
        self.rich.spans.sort_by_key(|s| s.start);
        self.rich.toc.sort_by_key(|t| t.paragraph);
        Document::from_parts(self.text, self.paragraphs, self.continued, self.rich)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::document::rich::{Align, DotKind};

    #[test]
    fn paragraphs_ruby_and_styles_come_out_in_reading_text_offsets() {
        let mut b = DocumentBuilder::new();
        let start = b.offset();
        b.push_str("山路");
        let end = b.offset();
        b.ruby(start..end, "やまみち");
        b.push_str("を登りながら、");
        let s = b.offset();
        b.push_str("こう");
        b.style(s..b.offset(), Style::Dots(DotKind::Sesame));
        b.push_str("考えた。  ");
        assert_eq!(b.end_paragraph(Block::default()), Some(0));
        b.push_str("  \u{3000} ");
        assert_eq!(b.end_paragraph(Block::default()), None, "a blank paragraph is dropped");
        b.toc_entry(2, "二");
        b.push_str("二");
        b.end_paragraph(Block { heading: 2, align: Align::Center, ..Block::default() });
        let doc = b.finish().unwrap();
        assert_eq!(doc.paragraph_count(), 2);
        assert_eq!(doc.paragraph(0), "山路を登りながら、こう考えた。");
        let ruby = doc.ruby_in(0)[0];
        assert_eq!(&doc.text()[ruby.base()], "山路");
        assert_eq!(doc.reading(&ruby), "やまみち");
        assert_eq!(&doc.text()[doc.spans_in(0)[0].range()], "こう");
        assert!(doc.rich().is_after_blank(1));
        assert_eq!(doc.block(1).heading, 2);
        assert_eq!(doc.rich().toc[0].paragraph, 1);
    }

    #[test]
    fn control_characters_are_made_inert_and_line_feeds_stay_as_breaks() {
        let mut b = DocumentBuilder::new();
        b.push_str("a\u{1b}[2Jb\r\nc");
        b.end_paragraph(Block::default());
        let doc = b.finish().unwrap();
        assert_eq!(doc.paragraph(0), "a\u{241b}[2Jb\nc");
    }

    #[test]
    fn ranges_into_trailing_whitespace_are_cut_to_the_text() {
        let mut b = DocumentBuilder::new();
        b.push_str("強調 ");
        b.style(0..b.offset(), Style::Bold);
        b.end_paragraph(Block::default());
        let doc = b.finish().unwrap();
        assert_eq!(&doc.text()[doc.spans_in(0)[0].range()], "強調");
    }
}
