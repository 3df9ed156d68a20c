//! `--print --vertical`: the document in vertical text (縦書き), as pages.
//!
//! Output shape: pages of `--height` rows, each row exactly `--width` cells
//! (spaces where nothing is drawn), each page followed by a line holding
//! only a form feed (`\f`). Columns run from the right edge leftwards:
//! without ruby, column k of a page (from 0) takes cells `W-3k-2` and
//! `W-3k-1`, and the cell to their left is blank (or off the page, for the
//! last column); a column that carries ruby
//! (`--ruby above`) has a two-cell track on its right for the readings. A
//! blank column separates paragraphs (as a blank line does in `--print`),
//! and each scene begins a new page. What each cell shows is decided by
//! [`crate::engine::vertical`], the same code the reader draws with.

use std::io::{self, Write};

use crate::app::view::{COLUMN_CELLS, RUBY_TRACK_CELLS};
use crate::engine::document::Document;
use crate::engine::layout::{Layouter, Line};
use crate::engine::scenes::Scenes;
use crate::engine::typeset::{ViewOptions, typeset};
use crate::engine::vertical::column_slots;

/// One page being filled: a grid of cells, each a string (a wide glyph's
/// second cell is empty).
struct Page {
    width: usize,
    height: usize,
    cells: Vec<Vec<String>>,
    /// Cells used from the right edge.
    used: usize,
}

impl Page {
    fn new(width: usize, height: usize) -> Self {
        Page { width, height, cells: vec![vec![" ".to_owned(); width]; height], used: 0 }
    }

    fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Whether a column `extent` cells wide (its blank cell on the left
    /// included) still fits: the blank may fall off the left edge. The
    /// first always fits.
    fn fits(&self, extent: usize) -> bool {
        self.used == 0 || self.used + extent <= self.width + 1
    }

    /// Put `text` (`cells` wide) at cell `x` of row `y`.
    fn put(&mut self, x: usize, y: usize, text: &str, cells: usize) {
        if y >= self.height || x + cells > self.width {
            return;
        }
        self.cells[y][x] = text.to_owned();
        if cells == 2 {
            self.cells[y][x + 1] = String::new();
        }
    }

    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        for row in &self.cells {
            for cell in row {
                out.write_all(cell.as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
        out.write_all(b"\x0c\n")
    }
}

/// Write `doc` in vertical text, pages of `height` rows and `width` cells
/// (at least 2), laid out as `view` says (its width is set from `height`).
pub fn print_vertical(
    out: &mut impl Write,
    doc: &Document,
    scenes: &Scenes,
    view: &ViewOptions,
    width: usize,
    height: usize,
) -> io::Result<()> {
    let height = height.max(1);
    let width = width.max(2);
    let mut view = *view;
    view.vertical = true;
    view.layout.width = height * 2;
    let mut out = io::BufWriter::with_capacity(1 << 20, out);
    let mut layouter = Layouter::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut page = Page::new(width, height);
    for scene in scenes.as_slice() {
        if !page.is_empty() {
            page.write(&mut out)?;
            page = Page::new(width, height);
        }
        for p in scene.paragraphs() {
            let gap = p > scene.first && !doc.continues_line(p);
            if gap {
                if !page.fits(COLUMN_CELLS) {
                    page.write(&mut out)?;
                    page = Page::new(width, height);
                } else {
                    page.used += COLUMN_CELLS;
                }
            }
            let t = typeset(doc, p, &view);
            lines.clear();
            t.layout(&mut layouter, &mut lines);
            for (index, line) in lines.iter().enumerate() {
                let extent = COLUMN_CELLS + if line.annotated { RUBY_TRACK_CELLS } else { 0 };
                if !page.fits(extent) {
                    page.write(&mut out)?;
                    page = Page::new(width, height);
                }
                let right = width - page.used.min(width);
                let glyph_x = right.saturating_sub(2 + if line.annotated { RUBY_TRACK_CELLS } else { 0 });
                for slot in column_slots(&t, index, line, height) {
                    let x = if slot.track { right.saturating_sub(RUBY_TRACK_CELLS) } else { glyph_x };
                    if slot.cells == 2 || slot.text.chars().count() > 1 {
                        page.put(x, slot.row, &slot.text, 2);
                    } else {
                        page.put(x, slot.row, &slot.text, 1);
                    }
                }
                page.used += extent;
            }
        }
    }
    if !page.is_empty() {
        page.write(&mut out)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::layout::LayoutOptions;
    use crate::engine::scenes::SceneRules;
    use crate::engine::typeset::RubyMode;

    fn pages(text: &str, width: usize, height: usize) -> Vec<Vec<String>> {
        let doc = Document::from_text(text).unwrap();
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        let view = ViewOptions {
            layout: LayoutOptions::with_width(80),
            ruby: RubyMode::Off,
            vertical: true,
            vs16_narrow: false,
        };
        let mut out = Vec::new();
        print_vertical(&mut out, &doc, &scenes, &view, width, height).unwrap();
        let text = String::from_utf8(out).unwrap();
        text.split("\x0c\n").filter(|p| !p.is_empty()).map(|p| p.lines().map(str::to_owned).collect()).collect()
    }

    #[test]
    fn columns_run_right_to_left_in_slots_three_cells_apart() {
        // Columns 山路を登り, ながら、こ (、 may not start one), う考えた。
        let one = pages("山路を登りながら、こう考えた。", 9, 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0], [" う な 山", " 考 が 路", " え ら を", " た ︑ 登", " ︒ こ り"]);
        let two = pages("山路を登りながら、こう考えた。", 6, 5);
        assert_eq!(two.len(), 2, "two columns to a page of six cells");
        assert_eq!(two[0][0], " な 山");
        assert_eq!(two[1][0], "    う");
        let edge = pages("山路を登りながら、こう考えた。", 8, 5);
        assert_eq!(edge.len(), 1, "the last column's blank cell falls off the left edge");
        assert_eq!(edge[0][0], "う な 山");
    }

    #[test]
    fn two_digits_share_a_slot_and_longer_numbers_stand_upright() {
        let pages = pages("2024年7月30日", 3, 10);
        let column: Vec<&str> = pages[0].iter().map(|r| r.trim()).collect();
        assert_eq!(column, ["２", "０", "２", "４", "年", "7", "月", "30", "日", ""]);
    }
}
