//! Aozora Bunko (青空文庫) texts: ruby, annotations and missing glyphs read
//! into the reading text and its side tables.
//!
//! The notation (the Aozora Bunko 注記一覧): ruby `漢字《かんじ》`, its base
//! marked by `｜` when the run of one script before `《` is not it;
//! annotations `［＃…］` for emphasis, indents, headings, page breaks and
//! figures; missing glyphs `※［＃「description」、第3水準1-14-45］`; a header
//! (title, author), a notation legend between hyphen lines, and a colophon
//! from `底本：` to the end.
//!
//! [`parse`] turns all of it into a [`Document`] whose text holds no markup
//! at all, and reports the annotations it could not apply. It is a pure
//! function of the text, fast enough to run on every open (ドグラ・マグラ,
//! 1.4 MB, in under 2 ms; see `benches/aozora.rs`), and it never panics on bad
//! notation: what cannot be read as notation stays text, and an annotation
//! opener `［＃` never reaches the reading text.
//!
//! Decisions where the notation leaves room:
//! - A `｜` starts a ruby base only when a `《…》` follows on its line
//!   before another `｜`; otherwise it is an ordinary character.
//! - A `《` with no `》` on its line, or with nothing to stand over, stays
//!   an ordinary bracket (with its reading, without annotations).
//! - A `地付き` or `地からN字上げ` in the middle of a line ends the
//!   paragraph there; the rest of the line is a new paragraph, aligned to
//!   the end and marked as continuing the line.
//! - An unclosed `［＃` is dropped (the text after it stays) and reported.
//! - The title and author lines are paragraphs centred; the legend is
//!   removed; the colophon stays as text.

mod accent;
mod annotation;
mod blocks;
mod detect;
mod front;
mod gaiji;
mod parser;
mod plain;
mod ruby;
#[cfg(test)]
mod tests;
mod utf8;

use crate::engine::document::{Document, DocumentError};

/// Whether a decoded text is an Aozora Bunko text: it has the notation
/// legend, an annotation `［＃…］`, or ruby `《…》` that reads like furigana.
/// Loading uses it to choose [`parse`] over plain text, so that Aozora's
/// markup is read rather than shown, and other texts (Chinese book titles
/// `《书名》`, news using `｜` as a separator) stay as written. Only the
/// first megabyte is looked at.
pub fn is_aozora(text: &str) -> bool {
    detect::is_aozora(text)
}

/// Parse an Aozora text (already sanitized by `engine::sanitize`; LF or
/// CRLF line ends) into a [`Document`]: the reading text without markup,
/// with ruby, emphasis, blocks, headings, page breaks, the colophon and
/// the metadata (format, title, authors) in its side tables. The text's
/// buffer is reused for the reading text.
///
/// Fails only for a text over 4 GiB (see [`DocumentError::TooLarge`]).
pub fn parse(text: String) -> Result<Parsed, DocumentError> {
    parser::parse(text)
}

/// A parsed Aozora text: the document, and what could not be applied.
#[derive(Debug)]
pub struct Parsed {
    /// The document, ready to read.
    pub doc: Document,
    /// Annotations left out of the document without effect: forms this
    /// reader does not know, references to text not found before them,
    /// ends with no start, unclosed openers. For diagnostics (a reader
    /// may want to know that part of the notation was not understood);
    /// known annotations with no visual effect in a terminal (縦中横, 割り注,
    /// editorial notes) are not listed. At most 10,000 are kept.
    pub unknown: Vec<UnknownAnnotation>,
}

/// An annotation [`parse`] could not apply, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAnnotation {
    /// The 1-based source line it is on, for a message a person can follow.
    pub line: usize,
    /// The annotation as written, e.g. `［＃…］`.
    pub text: String,
}
