//! The marks of one document as the reader uses them: placed on the current
//! text (0-based paragraph indices, byte ranges), sorted, and made inert for
//! display. Built from the stored entry on every load and after every change.

use std::ops::Range;

use crate::engine::document::Document;
use crate::engine::sanitize::{is_unsafe_control, sanitize};

use super::anchor::{self, Paragraphs};
use super::model::{BookmarkKey, DocumentRecord, HighlightKey, MAX_HIGHLIGHT_PARAGRAPHS};

/// Names one stored mark (bookmark or highlight, placed or orphaned), so the
/// reader can ask the store to delete it or change its note. Stable until the
/// mark itself changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MarkId(pub(crate) Key);

/// What a [`MarkId`] refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Bookmark(BookmarkKey),
    Highlight(HighlightKey),
}

/// A bookmark placed on the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    /// Names it for [`super::Store::delete`] and [`super::Store::set_note`].
    pub id: MarkId,
    /// 0-based paragraph index.
    pub paragraph: usize,
    /// The paragraph's first words when it was bookmarked.
    pub excerpt: String,
    /// The reader's note.
    pub note: Option<String>,
    /// When it was added (RFC 3339, UTC).
    pub created: String,
}

/// A highlight placed on the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// Names it for [`super::Store::delete`].
    pub id: MarkId,
    /// 0-based paragraph index (the first, for a highlight over several).
    pub paragraph: usize,
    /// Byte range: from its start in `paragraph` to its end in `last`.
    pub range: Range<usize>,
    /// The last paragraph it covers: `paragraph` unless it runs on across
    /// a paragraph break.
    pub last: usize,
    /// The highlighted text (paragraphs joined by a space).
    pub text: String,
    /// Who said it, when known.
    pub speaker: Option<String>,
    /// When it was added (RFC 3339, UTC).
    pub created: String,
    /// The reader's note, if any.
    pub note: Option<String>,
}

/// Which kind of mark an [`Orphan`] was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrphanKind {
    /// A bookmark.
    Bookmark,
    /// A highlight.
    Highlight,
}

/// A mark whose text is no longer in the document: kept, listed, deletable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    /// Names it for [`super::Store::delete`] (and, for bookmarks, notes).
    pub id: MarkId,
    /// Bookmark or highlight.
    pub kind: OrphanKind,
    /// The 0-based paragraph index it had when last placed.
    pub last_paragraph: usize,
    /// The bookmark's excerpt, or the highlight's text.
    pub text: String,
    /// The bookmark's note.
    pub note: Option<String>,
    /// The highlight's speaker.
    pub speaker: Option<String>,
    /// When it was added (RFC 3339, UTC).
    pub created: String,
}

/// The saved reading position, placed on the current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 0-based paragraph index.
    pub paragraph: usize,
    /// Byte offset in the paragraph, on a character boundary.
    pub offset: usize,
    /// False when the saved paragraph is gone and a nearby one was chosen.
    pub exact: bool,
}

/// Everything the reader shows for one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marks {
    /// The document's content hash (its key in the store).
    pub hash: String,
    /// The title recorded for it.
    pub title: String,
    /// The path recorded for it (`None` for standard input).
    pub path: Option<String>,
    /// Its authors, when the document names them (a book's metadata).
    pub authors: Vec<String>,
    /// Bookmarks, sorted by paragraph.
    pub bookmarks: Vec<Bookmark>,
    /// Highlights, sorted by paragraph, then range.
    pub highlights: Vec<Highlight>,
    /// Marks whose text is gone, bookmarks first, in stored order.
    pub orphans: Vec<Orphan>,
    /// Where the reader was, if saved.
    pub position: Option<Position>,
}

impl Marks {
    /// Build the view of `entry` (none yet: empty) on the text of `doc`.
    pub(crate) fn build(doc: &Document, entry: Option<&DocumentRecord>, title: &str, path: Option<&str>) -> Marks {
        let mut marks = Marks {
            hash: doc.content_hash().to_owned(),
            title: title.to_owned(),
            path: path.map(str::to_owned),
            authors: doc.metadata().authors.iter().map(|a| inert(a)).collect(),
            ..Marks::default()
        };
        let Some(entry) = entry else {
            return marks;
        };
        if !entry.title.is_empty() {
            marks.title = inert(&entry.title);
        }
        if let Some(p) = &entry.path {
            marks.path = Some(inert(p));
        }
        let paras = Paragraphs::new(doc);
        let places = anchor::place_bookmarks(&paras, &entry.bookmarks);
        for (r, place) in entry.bookmarks.iter().zip(places) {
            let id = MarkId(Key::Bookmark(r.key()));
            match place {
                Some(paragraph) => marks.bookmarks.push(Bookmark {
                    id,
                    paragraph,
                    excerpt: inert(&r.excerpt),
                    note: r.note.as_deref().map(inert),
                    created: inert(&r.created),
                }),
                None => marks.orphans.push(Orphan {
                    id,
                    kind: OrphanKind::Bookmark,
                    last_paragraph: r.paragraph.saturating_sub(1),
                    text: inert(&r.excerpt),
                    note: r.note.as_deref().map(inert),
                    speaker: None,
                    created: inert(&r.created),
                }),
            }
        }
        let places = anchor::place_highlights(&paras, &entry.highlights);
        for (r, place) in entry.highlights.iter().zip(places) {
            let id = MarkId(Key::Highlight(r.key()));
            match place {
                Some(place) => marks.highlights.push(Highlight {
                    id,
                    paragraph: place.paragraph,
                    text: inert(&span_text(doc, place.paragraph, place.last, &place.range)),
                    range: place.range,
                    last: place.last,
                    speaker: r.speaker.as_deref().map(inert),
                    created: inert(&r.created),
                    note: r.note.as_deref().map(inert),
                }),
                None => marks.orphans.push(Orphan {
                    id,
                    kind: OrphanKind::Highlight,
                    last_paragraph: r.paragraph.saturating_sub(1),
                    text: inert(&r.text),
                    note: r.note.as_deref().map(inert),
                    speaker: r.speaker.as_deref().map(inert),
                    created: inert(&r.created),
                }),
            }
        }
        marks.bookmarks.sort_by_key(|b| b.paragraph);
        marks.highlights.sort_by_key(|h| (h.paragraph, h.range.start, h.range.end));
        marks.position = entry.position.as_ref().and_then(|p| anchor::place_position(&paras, p)).map(|p| Position {
            paragraph: p.paragraph,
            offset: p.offset,
            exact: p.exact,
        });
        marks
    }

    /// The bookmark on paragraph `paragraph`, if any.
    pub fn bookmark_at(&self, paragraph: usize) -> Option<&Bookmark> {
        let i = self.bookmarks.partition_point(|b| b.paragraph < paragraph);
        self.bookmarks.get(i).filter(|b| b.paragraph == paragraph)
    }

    /// The first bookmark after paragraph `paragraph` (for "next bookmark").
    pub fn next_bookmark(&self, paragraph: usize) -> Option<&Bookmark> {
        let i = self.bookmarks.partition_point(|b| b.paragraph <= paragraph);
        self.bookmarks.get(i)
    }

    /// The last bookmark before paragraph `paragraph` (for "previous bookmark").
    pub fn previous_bookmark(&self, paragraph: usize) -> Option<&Bookmark> {
        let i = self.bookmarks.partition_point(|b| b.paragraph < paragraph);
        i.checked_sub(1).and_then(|i| self.bookmarks.get(i))
    }

    /// The highlights that cover some of paragraph `paragraph`, in order
    /// (those that begin in an earlier paragraph first).
    pub fn highlights_in(&self, paragraph: usize) -> impl Iterator<Item = &Highlight> + '_ {
        let reach = MAX_HIGHLIGHT_PARAGRAPHS;
        let from = self.highlights.partition_point(|h| h.paragraph + reach < paragraph);
        let to = self.highlights.partition_point(|h| h.paragraph <= paragraph);
        self.highlights[from..to].iter().filter(move |h| h.last >= paragraph)
    }

    /// The highlights that begin in paragraph `paragraph`, sorted by range.
    pub fn highlights_from(&self, paragraph: usize) -> &[Highlight] {
        let from = self.highlights.partition_point(|h| h.paragraph < paragraph);
        let to = self.highlights.partition_point(|h| h.paragraph <= paragraph);
        &self.highlights[from..to]
    }

    /// Whether a mark with this id is in the view (placed or orphaned).
    pub fn contains(&self, id: &MarkId) -> bool {
        self.bookmarks.iter().any(|b| b.id == *id)
            || self.highlights.iter().any(|h| h.id == *id)
            || self.orphans.iter().any(|o| o.id == *id)
    }
}

impl Highlight {
    /// The bytes of paragraph `p` (`len` bytes long) this highlight covers,
    /// or `None` when it covers none of it.
    pub fn range_in(&self, p: usize, len: usize) -> Option<Range<usize>> {
        span_piece(self.paragraph, self.last, &self.range, p, len)
    }
}

/// The bytes of paragraph `p` (`len` bytes long) that a span from byte
/// `range.start` of paragraph `first` to byte `range.end` of paragraph
/// `last` covers, or `None` when it covers none of it.
pub fn span_piece(first: usize, last: usize, range: &Range<usize>, p: usize, len: usize) -> Option<Range<usize>> {
    if p < first || p > last {
        return None;
    }
    let start = if p == first { range.start } else { 0 };
    let end = if p == last { range.end } else { len };
    (start < end).then_some(start..end)
}

/// The text from byte `range.start` of paragraph `first` to byte
/// `range.end` of paragraph `last`, paragraphs joined by a line feed.
pub fn span_text(doc: &Document, first: usize, last: usize, range: &Range<usize>) -> String {
    if first == last {
        return doc.paragraph(first).get(range.clone()).unwrap_or_default().to_owned();
    }
    let mut text = doc.paragraph(first).get(range.start..).unwrap_or_default().to_owned();
    for q in first + 1..last {
        text.push('\n');
        text.push_str(doc.paragraph(q));
    }
    text.push('\n');
    text.push_str(doc.paragraph(last).get(..range.end).unwrap_or_default());
    text
}

/// Text from the store file made safe to draw: a hand-edited file may hold
/// escape sequences. Line ends and tabs become spaces too: these are one-line
/// fields.
pub(crate) fn inert(text: &str) -> String {
    sanitize(text).chars().map(|c| if c.is_control() && !is_unsafe_control(c) { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_is_made_inert_and_one_line() {
        assert_eq!(inert("a\u{1b}[2Jb\nc\td"), "a\u{241b}[2Jb c d");
    }
}
