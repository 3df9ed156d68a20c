//! Quoted spans (「…」『…』“…”) found in a paragraph.
//!
//! PLACEHOLDER: detection comes with the quotes issue.

use std::ops::Range;

/// One quoted span inside a paragraph, as byte ranges of the paragraph text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted text, without its brackets.
    pub inner: Range<usize>,
    /// The text with its brackets (for drawing); ends at the paragraph's end
    /// when the quote is never closed.
    pub outer: Range<usize>,
    /// 0 for an outermost quote, 1 for a quote inside it, and so on.
    pub depth: usize,
    /// The opening bracket is never closed in this paragraph.
    pub unclosed: bool,
}

/// Every quote in `paragraph`, ordered by where it opens.
pub fn find_quotes(paragraph: &str) -> Vec<Quote> {
    let _ = paragraph;
    Vec::new()
}
