//! `--print`: the document laid out as plain text, scene by scene.
//!
//! Output shape: each scene opens with a heading line `# N title title_en`
//! (one line, cut with `~` when wider than the width), then a blank line and
//! its paragraphs, one blank line between paragraphs and before the next
//! heading. So that only headings start with `#`, a paragraph that starts
//! with `#` is printed with a backslash before it (`\# ...`, as Markdown
//! escapes it). The pieces of a line too long to be one paragraph follow
//! each other without a blank line. Every line goes through the same layout
//! code as the reader, so no line is wider than the width.
//!
//! Speed: a line is written as one slice of the paragraph (its byte range),
//! which is exactly its clusters one after another. Only a line that needs
//! its clusters rewritten goes cluster by cluster through [`placements`]: one
//! with a tab (expanded to spaces) or one too wide for the width (a stand-in).
//! Output is gathered in a large buffer of our own, so the writer underneath
//! sees few, large writes whatever its own buffering.

use std::io::{self, BufWriter, Write};

use crate::engine::document::Document;
use crate::engine::layout::{LayoutOptions, Layouter, Line, placements, placements_shaped_into};
use crate::engine::scenes::{Scene, Scenes};
use crate::engine::typeset::{Typeset, ViewOptions, is_boxed, typeset};

/// Printed in place of a character wider than the whole line (a wide
/// character at `--width 1`): one ASCII cell that fits any width.
pub const OVERSIZE_STAND_IN: &str = "?";

/// Bytes gathered before each write to the output: large enough that a
/// 100 MB document takes about a hundred writes, small enough not to matter
/// next to the document itself.
const OUTPUT_BUFFER_BYTES: usize = 1 << 20;

/// The heading line of scene number `number` (1-based).
pub fn scene_heading(number: usize, scene: &Scene) -> String {
    match &scene.title_en {
        Some(en) => format!("# {number} {} {en}", scene.title),
        None => format!("# {number} {}", scene.title),
    }
}

/// Write `doc` laid out with `options`, scene by scene, ruby above.
pub fn print_document(
    out: &mut impl Write,
    doc: &Document,
    scenes: &Scenes,
    options: &LayoutOptions,
) -> io::Result<()> {
    print_document_with(out, doc, scenes, &ViewOptions::horizontal(*options))
}

/// Write `doc` laid out as `view` says (its ruby mode; horizontal), scene
/// by scene. A paragraph with ruby, emphasis dots or block attributes is
/// typeset (see [`crate::engine::typeset`]): its indent and alignment become
/// leading spaces, and with ruby above, a line that carries ruby or dots is
/// preceded by a line holding them over their bases' columns.
pub fn print_document_with(
    out: &mut impl Write,
    doc: &Document,
    scenes: &Scenes,
    view: &ViewOptions,
) -> io::Result<()> {
    let options = &view.layout;
    let view = ViewOptions { vertical: false, ..*view };
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER_BYTES, out);
    let mut printer = Printer::new(*options);
    for (i, scene) in scenes.as_slice().iter().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(fit(&scene_heading(i + 1, scene), options).as_bytes())?;
        out.write_all(b"\n")?;
        for paragraph in scene.paragraphs() {
            let boxed = is_boxed(doc, paragraph, &view);
            let box_width = options.width.min(view.layout.width);
            let in_box = boxed && paragraph > scene.first && is_boxed(doc, paragraph - 1, &view);
            if !doc.continues_line(paragraph) {
                // Inside a box, the blank line between paragraphs keeps its rules.
                out.write_all(if in_box { box_rule(box_width, '│', ' ', '│') } else { String::new() }.as_bytes())?;
                out.write_all(b"\n")?;
            }
            let text = doc.paragraph(paragraph);
            if boxed && !in_box {
                writeln!(out, "{}", box_rule(box_width, '┌', '─', '┐'))?;
            }
            if needs_typesetting(doc, paragraph, text) {
                printer.write_typeset(&mut out, &typeset(doc, paragraph, &view))?;
                if boxed && !is_boxed(doc, paragraph + 1, &view) {
                    writeln!(out, "{}", box_rule(box_width, '└', '─', '┘'))?;
                }
            } else if text.starts_with('#') && !doc.continues_line(paragraph) {
                printer.write_paragraph(&mut out, &format!("\\{text}"))?;
            } else {
                printer.write_paragraph(&mut out, text)?;
            }
        }
    }
    out.flush()
}

/// Write one printed row of `used` cells, trailing spaces dropped; inside
/// a box `box_width` cells wide, between its side rules.
fn write_row(out: &mut impl Write, row: &mut String, used: usize, box_width: Option<usize>) -> io::Result<()> {
    match box_width {
        Some(width) if row.starts_with(' ') => {
            row.replace_range(0..1, "│");
            push_spaces(row, width.saturating_sub(used + 1));
            row.push('│');
            out.write_all(row.as_bytes())?;
        }
        _ => out.write_all(row.trim_end().as_bytes())?,
    }
    out.write_all(b"\n")
}

/// Push `n` spaces onto `row` (a slice at a time, not a character at a time).
fn push_spaces(row: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let now = n.min(SPACES.len());
        row.push_str(&SPACES[..now]);
        n -= now;
    }
}

/// A rule of a box `width` cells wide: `left`, `fill`s, `right`.
fn box_rule(width: usize, left: char, fill: char, right: char) -> String {
    let mut rule = String::with_capacity(width * 3);
    rule.push(left);
    rule.extend(std::iter::repeat_n(fill, width.saturating_sub(2)));
    rule.push(right);
    rule
}

/// Whether paragraph `p` (`text`) needs more than its lines written out:
/// ruby, styles drawn beside it, block attributes or forced line breaks.
fn needs_typesetting(doc: &Document, p: usize, text: &str) -> bool {
    !doc.ruby_in(p).is_empty()
        || !doc.spans_in(p).is_empty()
        || !doc.block(p).is_plain()
        || memchr::memchr(b'\n', text.as_bytes()).is_some()
}

/// `line` cut to the width (with `~` in its last cell when cut), so a
/// heading stays one line.
fn fit(line: &str, options: &LayoutOptions) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let width = options.width.max(1);
    if width <= 2 && line.starts_with("# ") {
        // Too narrow for any title: keep what marks the line as a heading.
        return line[..width].to_owned();
    }
    let mut used = 0;
    let mut out = String::new();
    let clusters: Vec<&str> = line.graphemes(true).collect();
    for (i, &cluster) in clusters.iter().enumerate() {
        // A heading is one line: a tab in a title is a space.
        let cluster = if cluster == "\t" { " " } else { cluster };
        let w = crate::engine::layout::cluster_width(cluster, options.ambiguous, used, options.tab_width);
        let last = i + 1 == clusters.len();
        // Leave a cell for the cut mark unless this is the last cluster.
        if used + w > width || (!last && used + w == width) {
            if used < width {
                out.push('~');
            }
            return out;
        }
        out.push_str(cluster);
        used += w;
    }
    out
}

/// Write one paragraph's lines, tabs expanded to spaces.
pub fn write_paragraph(out: &mut impl Write, text: &str, options: &LayoutOptions) -> io::Result<()> {
    Printer::new(*options).write_paragraph(out, text)
}

/// Lays out and writes paragraph after paragraph, reusing its layout buffers.
struct Printer {
    options: LayoutOptions,
    layouter: Layouter,
    lines: Vec<Line>,
}

impl Printer {
    fn new(options: LayoutOptions) -> Self {
        Printer { options, layouter: Layouter::new(), lines: Vec::new() }
    }

    fn write_paragraph(&mut self, out: &mut impl Write, text: &str) -> io::Result<()> {
        let options = &self.options;
        let width = options.width.max(1);
        self.lines.clear();
        self.layouter.layout_into(text, options, &mut self.lines);
        // Most paragraphs have no tab at all: then no line needs looking into.
        let has_tab = memchr::memchr(b'\t', text.as_bytes()).is_some();
        for line in &self.lines {
            let bytes = &text.as_bytes()[line.range()];
            // `line.width` is checked too, so a layout that forgets the flag
            // still cannot push a line past the width.
            let oversize = line.oversize || line.width as usize > width;
            if oversize || (has_tab && memchr::memchr(b'\t', bytes).is_some()) {
                write_clusters(out, text, line, options, oversize)?;
            } else {
                out.write_all(bytes)?;
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl Printer {
    /// Write a typeset paragraph: each line after its indent, a line of
    /// ruby and emphasis dots before the lines that carry them.
    fn write_typeset(&mut self, out: &mut impl Write, t: &Typeset) -> io::Result<()> {
        let width = self.options.width.max(1);
        self.lines.clear();
        t.layout(&mut self.layouter, &mut self.lines);
        let text = t.text();
        let shape = t.shape();
        let mut row = String::new();
        let mut placed = Vec::new();
        for (index, line) in self.lines.iter().enumerate() {
            let offset = t.line_offset(index, line, width);
            // A line with nothing spaced out (no ruby base, no tab) is its
            // text as it stands: most lines of a book with ruby.
            let as_it_stands = !line.annotated
                && !shape.vertical
                && !shape.vs16_narrow
                && shape
                    .groups
                    .get(shape.groups.partition_point(|g| g.end <= line.start))
                    .is_none_or(|g| g.start >= line.end)
                && memchr::memchr(b'\t', &text.as_bytes()[line.range()]).is_none();
            placed.clear();
            if !as_it_stands {
                placements_shaped_into(text, line, t.options(), &shape, &mut placed);
            }
            if line.annotated {
                row.clear();
                let mut used = 0;
                for a in t.annotations_placed(line, &placed) {
                    let x = offset + a.x;
                    if x < used {
                        continue;
                    }
                    push_spaces(&mut row, x - used);
                    let room = a.room.min(width.saturating_sub(x));
                    let (shown, cells) =
                        if a.cells <= room { (&*a.text, a.cells) } else { fit_cells(&a.text, room, &self.options) };
                    row.push_str(shown);
                    used = x + cells;
                }
                write_row(out, &mut row, used, t.boxed().then_some(width))?;
            }
            if line.oversize || line.width as usize > width {
                write_clusters(out, text, line, &self.options, true)?;
                out.write_all(b"\n")?;
                continue;
            }
            row.clear();
            push_spaces(&mut row, offset);
            // Only headings start with `#` (see the module documentation).
            if index == 0 && offset == 0 && text.starts_with('#') {
                row.push('\\');
            }
            if as_it_stands {
                row.push_str(&text[line.range()]);
                write_row(out, &mut row, offset + line.width as usize, t.boxed().then_some(width))?;
                continue;
            }
            let mut x = 0;
            for p in &placed {
                push_spaces(&mut row, p.x.saturating_sub(x));
                let cluster = &text[p.bytes.clone()];
                if cluster == "\t" {
                    push_spaces(&mut row, p.width);
                } else {
                    row.push_str(cluster);
                }
                x = p.x + p.width;
            }
            write_row(out, &mut row, offset + x, t.boxed().then_some(width))?;
        }
        Ok(())
    }
}

/// The longest prefix of `text` that fits `cells`, with its width.
fn fit_cells<'a>(text: &'a str, cells: usize, options: &LayoutOptions) -> (&'a str, usize) {
    use unicode_segmentation::UnicodeSegmentation;
    let mut used = 0;
    for (i, g) in text.grapheme_indices(true) {
        let w = crate::engine::layout::cluster_width(g, options.ambiguous, used, options.tab_width);
        if used + w > cells {
            return (&text[..i], used);
        }
        used += w;
    }
    (text, used)
}

/// Write `line` cluster by cluster: tabs as spaces, and (when the line is
/// `oversize`) a stand-in for any cluster wider than the width.
fn write_clusters(
    out: &mut impl Write,
    text: &str,
    line: &Line,
    options: &LayoutOptions,
    oversize: bool,
) -> io::Result<()> {
    const SPACES: &[u8] = &[b' '; 64];
    let width = options.width.max(1);
    for placement in placements(text, line, options) {
        let cluster = &text[placement.bytes.clone()];
        if cluster == "\t" {
            let mut cells = placement.width.min(width);
            while cells > 0 {
                let n = cells.min(SPACES.len());
                out.write_all(&SPACES[..n])?;
                cells -= n;
            }
        } else if oversize && placement.width > width {
            out.write_all(OVERSIZE_STAND_IN.as_bytes())?;
        } else {
            out.write_all(cluster.as_bytes())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenes::SceneRules;
    use crate::engine::typeset::RubyMode;

    fn printed(text: &str, width: usize) -> String {
        let doc = Document::from_text(text).unwrap();
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        let mut out = Vec::new();
        print_document(&mut out, &doc, &scenes, &LayoutOptions::with_width(width)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn scenes_open_with_a_heading_and_paragraphs_are_separated() {
        assert_eq!(printed("# 一\n甲\n乙\n# 二\n丙\n", 80), "# 1 一\n\n\\# 一\n\n甲\n\n乙\n\n# 2 二\n\n\\# 二\n\n丙\n");
    }

    #[test]
    fn tabs_become_spaces_and_oversize_characters_a_stand_in() {
        assert_eq!(printed("a\tb\n", 80), "# 1 a b\n\na   b\n");
        let mut out = Vec::new();
        write_paragraph(&mut out, "日本", &LayoutOptions::with_width(1)).unwrap();
        assert_eq!(out, b"?\n?\n");
        let mut out = Vec::new();
        write_paragraph(&mut out, "\t", &LayoutOptions::with_width(2)).unwrap();
        assert_eq!(out, b"  \n");
    }

    /// What `write_paragraph` wrote before lines were written whole: every
    /// line cluster by cluster through `placements`.
    fn by_clusters(text: &str, options: &LayoutOptions) -> Vec<u8> {
        let mut out = Vec::new();
        for line in crate::engine::layout::layout_paragraph(text, options) {
            let oversize = line.oversize || line.width as usize > options.width.max(1);
            write_clusters(&mut out, text, &line, options, oversize).unwrap();
            out.push(b'\n');
        }
        out
    }

    #[test]
    fn whole_lines_are_written_exactly_as_cluster_by_cluster() {
        let texts = [
            crate::EMBEDDED_ARTICLE,
            "前半\tタブ入りの行と、タブのない行が同じ段落にある。\tもう一つ。ここからはタブなしで長く続く文章。",
            "\t\t\t",
            "絵文字👨\u{200D}👩\u{200D}👧と濁点か\u{3099}と e\u{0301} と 🇯🇵 が混ざる。(SCO) 2024年",
            "一行に収まらない文字：日本語。",
        ];
        for text in texts {
            for width in [1, 2, 3, 4, 7, 17, 40, 80] {
                for hanging in [false, true] {
                    let options = LayoutOptions { hanging, ..LayoutOptions::with_width(width) };
                    let mut out = Vec::new();
                    write_paragraph(&mut out, text, &options).unwrap();
                    assert_eq!(
                        String::from_utf8(out).unwrap(),
                        String::from_utf8(by_clusters(text, &options)).unwrap(),
                        "width {width}, hanging {hanging}: {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn only_the_line_with_a_tab_is_expanded() {
        let mut out = Vec::new();
        write_paragraph(&mut out, "あいうえお\tか", &LayoutOptions::with_width(10)).unwrap();
        // A line may not break before a tab (UAX #14), so お goes along.
        assert_eq!(String::from_utf8(out).unwrap(), "あいうえ\nお  か\n");
        let mut out = Vec::new();
        write_paragraph(&mut out, "あい\tう", &LayoutOptions::with_width(10)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "あい    う\n");
    }

    fn book() -> Document {
        use crate::engine::document::builder::DocumentBuilder;
        use crate::engine::document::rich::{Block, DotKind, Style};
        let mut b = DocumentBuilder::new();
        b.push_str("山路");
        b.ruby(0..6, "やまみち");
        b.push_str("を登りながら、");
        let s = b.offset();
        b.push_str("こう");
        b.style(s..b.offset(), Style::Dots(DotKind::Sesame));
        b.push_str("考えた。");
        b.end_paragraph(Block::default());
        b.push_str("二");
        b.end_paragraph(Block { indent: 2, wrap_indent: 2, ..Block::default() });
        b.finish().unwrap()
    }

    fn printed_with(doc: &Document, ruby: RubyMode, width: usize) -> String {
        let scenes = Scenes::single(doc);
        let view = ViewOptions { layout: LayoutOptions::with_width(width), ruby, vertical: false, vs16_narrow: false };
        let mut out = Vec::new();
        print_document_with(&mut out, doc, &scenes, &view).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn ruby_is_printed_above_inline_or_not_at_all() {
        let doc = book();
        let above = printed_with(&doc, RubyMode::Above, 80);
        let lines: Vec<&str> = above.lines().collect();
        // The reading fills the cells its base was spaced out to, and the
        // dots stand over こう.
        assert_eq!(lines[2], "やまみち              ﹅﹅");
        assert_eq!(lines[3], "  山路  を登りながら、こう考えた。");
        assert_eq!(lines[5], "    二", "an indent of two full-width characters");
        let inline = printed_with(&doc, RubyMode::Inline, 80);
        assert!(inline.contains("\n山路（やまみち）を登りながら、こう考えた。\n"), "{inline}");
        let off = printed_with(&doc, RubyMode::Off, 80);
        assert!(off.contains("\n山路を登りながら、こう考えた。\n"), "{off}");
        assert!(!off.contains("やまみち"));
    }

    #[test]
    fn boxed_paragraphs_print_inside_one_box() {
        use crate::engine::document::builder::DocumentBuilder;
        use crate::engine::document::rich::Block;
        let mut b = DocumentBuilder::new();
        let boxed = Block { boxed: true, ..Block::default() };
        for (text, block) in [("一つ目。", boxed), ("二つ目。", boxed), ("外。", Block::default())] {
            b.push_str(text);
            b.end_paragraph(block);
        }
        let doc = b.finish().unwrap();
        let printed = printed_with(&doc, RubyMode::Above, 14);
        let lines: Vec<&str> = printed.lines().skip(2).collect();
        assert_eq!(
            lines,
            ["┌────────────┐", "│ 一つ目。   │", "│            │", "│ 二つ目。   │", "└────────────┘", "", "外。"]
        );
    }

    #[test]
    fn an_empty_document_prints_nothing() {
        assert_eq!(printed("", 80), "");
    }
}
