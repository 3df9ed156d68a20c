//! Search that ignores full-width/half-width forms and case.
//!
//! PLACEHOLDER: folding and the offset map come with the search issue.

use std::ops::Range;

/// A compiled search query.
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
}

impl Query {
    /// Compile a query; `None` when it is empty.
    pub fn new(text: &str) -> Option<Self> {
        (!text.is_empty()).then(|| Query {
            text: text.to_owned(),
        })
    }

    /// Byte ranges of every match in `haystack`, in order.
    pub fn find_all(&self, haystack: &str) -> Vec<Range<usize>> {
        haystack
            .match_indices(&self.text)
            .map(|(i, m)| i..i + m.len())
            .collect()
    }
}
