//! PLACEHOLDER layout cache (the layout issue replaces it): unbounded per
//! options, cleared when the options change.

use std::collections::HashMap;

use super::{LayoutOptions, Line, layout_paragraph};

/// Layouts of paragraphs at one set of options.
#[derive(Debug)]
pub struct LayoutCache {
    options: Option<LayoutOptions>,
    map: HashMap<usize, Vec<Line>>,
    max_lines: usize,
    lines: usize,
}

impl LayoutCache {
    /// A cache holding about `max_lines` lines.
    pub fn new(max_lines: usize) -> Self {
        LayoutCache { options: None, map: HashMap::new(), max_lines, lines: 0 }
    }

    /// The layout of paragraph `index` with text `text`.
    pub fn lines(&mut self, index: usize, text: &str, options: &LayoutOptions) -> &[Line] {
        if self.options != Some(*options) || self.lines > self.max_lines {
            self.map.clear();
            self.lines = 0;
            self.options = Some(*options);
        }
        let lines = &mut self.lines;
        self.map.entry(index).or_insert_with(|| {
            let l = layout_paragraph(text, options);
            *lines += l.len();
            l
        })
    }
}
