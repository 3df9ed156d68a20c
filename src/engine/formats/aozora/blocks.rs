//! The block annotations in force: `ここから…` opens, `ここで…終わり`
//! closes, and every paragraph in between takes the attributes. Blocks of
//! different kinds nest freely (an indent inside a box inside a narrow
//! measure); blocks of one kind nest too, the inner one winning until it is
//! closed. A close with nothing open is reported by the parser; a block
//! never closed ends with the text.

use crate::engine::document::rich::{Align, Block};

/// Blocks of one kind open at once beyond this are not stacked: the newest
/// replaces the innermost, so that unbalanced input cannot grow the stacks.
const MAX_DEPTH: usize = 32;

/// What one line says about its own paragraph (`［＃３字下げ］`,
/// `［＃地付き］`, a heading, a box).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct LineBlock {
    /// Indent of the first line and of the others.
    pub indent: Option<(u8, u8)>,
    /// Aligned to the end, this many characters short of it.
    pub raise: Option<u8>,
    /// Heading level.
    pub heading: Option<u8>,
    /// Boxed.
    pub boxed: bool,
    /// Centred (the header's lines).
    pub center: bool,
}

/// The open blocks.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    indents: Vec<(u8, u8)>,
    raises: Vec<u8>,
    measures: Vec<u16>,
    headings: Vec<u8>,
    boxes: usize,
    /// ページの左右中央: up to the next page break.
    pub center: bool,
}

/// Which kind of block an open or close names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// 字下げ.
    Indent((u8, u8)),
    /// 地付き, 字上げ.
    Raise(u8),
    /// 字詰め.
    Measure(u16),
    /// 見出し.
    Heading(u8),
    /// 罫囲み.
    Box,
}

fn push<T>(stack: &mut Vec<T>, value: T) {
    if stack.len() >= MAX_DEPTH {
        stack.pop();
    }
    stack.push(value);
}

impl Blocks {
    /// Open a block.
    pub(super) fn open(&mut self, kind: Kind) {
        match kind {
            Kind::Indent(indent) => push(&mut self.indents, indent),
            Kind::Raise(raise) => push(&mut self.raises, raise),
            Kind::Measure(measure) => push(&mut self.measures, measure),
            Kind::Heading(level) => push(&mut self.headings, level),
            Kind::Box => self.boxes = (self.boxes + 1).min(MAX_DEPTH),
        }
    }

    /// Close the innermost block of a kind (the value in `kind` is not
    /// looked at). False when none was open.
    pub(super) fn close(&mut self, kind: Kind) -> bool {
        match kind {
            Kind::Indent(_) => self.indents.pop().is_some(),
            Kind::Raise(_) => self.raises.pop().is_some(),
            Kind::Measure(_) => self.measures.pop().is_some(),
            Kind::Heading(_) => self.headings.pop().is_some(),
            Kind::Box => {
                let open = self.boxes > 0;
                self.boxes = self.boxes.saturating_sub(1);
                open
            }
        }
    }

    /// The heading level of the innermost heading block, if any.
    pub(super) fn heading(&self) -> Option<u8> {
        self.headings.last().copied()
    }

    /// The attributes of a paragraph with `line`'s own annotations.
    pub(super) fn block(&self, line: &LineBlock) -> Block {
        let (indent, wrap_indent) = line.indent.or(self.indents.last().copied()).unwrap_or((0, 0));
        let align = match line.raise.or(self.raises.last().copied()) {
            Some(raise) => Align::End { raise },
            None if line.center || self.center => Align::Center,
            None => Align::Start,
        };
        Block {
            indent,
            wrap_indent,
            align,
            boxed: line.boxed || self.boxes > 0,
            heading: line.heading.or(self.heading()).unwrap_or(0),
            measure: self.measures.last().copied().unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_different_kinds_nest_and_close_independently() {
        let mut blocks = Blocks::default();
        blocks.open(Kind::Indent((3, 3)));
        blocks.open(Kind::Measure(20));
        blocks.open(Kind::Box);
        let block = blocks.block(&LineBlock::default());
        assert_eq!((block.indent, block.measure, block.boxed), (3, 20, true));
        assert!(blocks.close(Kind::Box));
        assert!(blocks.close(Kind::Measure(0)));
        assert_eq!(blocks.block(&LineBlock::default()).indent, 3);
        assert!(blocks.close(Kind::Indent((0, 0))));
        assert!(blocks.block(&LineBlock::default()).is_plain());
        assert!(!blocks.close(Kind::Indent((0, 0))), "nothing left to close");
    }

    #[test]
    fn a_line_overrides_the_block_and_the_inner_block_wins() {
        let mut blocks = Blocks::default();
        blocks.open(Kind::Indent((2, 2)));
        blocks.open(Kind::Indent((0, 1)));
        assert_eq!(blocks.block(&LineBlock::default()).wrap_indent, 1);
        let line = LineBlock { indent: Some((8, 8)), raise: Some(0), ..LineBlock::default() };
        let block = blocks.block(&line);
        assert_eq!((block.indent, block.align), (8, Align::End { raise: 0 }));
        blocks.close(Kind::Indent((0, 0)));
        assert_eq!(blocks.block(&LineBlock::default()).indent, 2);
    }

    #[test]
    fn unbalanced_opens_do_not_grow_without_bound() {
        let mut blocks = Blocks::default();
        for i in 0..10_000u16 {
            blocks.open(Kind::Measure(i));
        }
        assert_eq!(blocks.measures.len(), MAX_DEPTH);
        assert_eq!(blocks.block(&LineBlock::default()).measure, 9_999);
    }
}
