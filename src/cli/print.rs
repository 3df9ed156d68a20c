//! `--print`: the document laid out as plain text, scene by scene.
//!
//! Output shape: each scene opens with a heading line `# N title title_en`,
//! then a blank line and its paragraphs, one blank line between paragraphs and
//! before the next heading. Every line, headings included, goes through the
//! same layout code as the reader, so no line is wider than the width.

use std::io::{self, Write};

use crate::engine::document::Document;
use crate::engine::layout::{LayoutOptions, layout_paragraph, placements};
use crate::engine::scenes::{Scene, Scenes};

/// Printed in place of a character wider than the whole line (a wide
/// character at `--width 1`): one ASCII cell that fits any width.
pub const OVERSIZE_STAND_IN: &str = "?";

/// The heading line of scene number `number` (1-based).
pub fn scene_heading(number: usize, scene: &Scene) -> String {
    match &scene.title_en {
        Some(en) => format!("# {number} {} {en}", scene.title),
        None => format!("# {number} {}", scene.title),
    }
}

/// Write `doc` laid out with `options`, scene by scene.
pub fn print_document(
    out: &mut impl Write,
    doc: &Document,
    scenes: &Scenes,
    options: &LayoutOptions,
) -> io::Result<()> {
    for (i, scene) in scenes.as_slice().iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_paragraph(out, &scene_heading(i + 1, scene), options)?;
        for paragraph in scene.paragraphs() {
            writeln!(out)?;
            write_paragraph(out, doc.paragraph(paragraph), options)?;
        }
    }
    Ok(())
}

/// Write one paragraph's lines, tabs expanded to spaces.
pub fn write_paragraph(out: &mut impl Write, text: &str, options: &LayoutOptions) -> io::Result<()> {
    let width = options.width.max(1);
    for line in layout_paragraph(text, options) {
        // `line.width` is checked too, so a layout that forgets the flag
        // still cannot push a line past the width.
        let oversize = line.oversize || line.width as usize > width;
        for placement in placements(text, &line, options) {
            let cluster = &text[placement.bytes.clone()];
            if cluster == "\t" {
                let cells = placement.width.min(width);
                write!(out, "{:cells$}", "")?;
            } else if oversize && placement.width > width {
                out.write_all(OVERSIZE_STAND_IN.as_bytes())?;
            } else {
                out.write_all(cluster.as_bytes())?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenes::SceneRules;

    fn printed(text: &str, width: usize) -> String {
        let doc = Document::from_text(text).unwrap();
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        let mut out = Vec::new();
        print_document(&mut out, &doc, &scenes, &LayoutOptions::with_width(width)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn scenes_open_with_a_heading_and_paragraphs_are_separated() {
        assert_eq!(printed("# 一\n甲\n乙\n# 二\n丙\n", 80), "# 1 一\n\n# 一\n\n甲\n\n乙\n\n# 2 二\n\n# 二\n\n丙\n");
    }

    #[test]
    fn tabs_become_spaces_and_oversize_characters_a_stand_in() {
        assert_eq!(printed("a\tb\n", 80), "# 1 a   b\n\na   b\n");
        let mut out = Vec::new();
        write_paragraph(&mut out, "日本", &LayoutOptions::with_width(1)).unwrap();
        assert_eq!(out, b"?\n?\n");
        let mut out = Vec::new();
        write_paragraph(&mut out, "\t", &LayoutOptions::with_width(2)).unwrap();
        assert_eq!(out, b"  \n");
    }

    #[test]
    fn an_empty_document_prints_nothing() {
        assert_eq!(printed("", 80), "");
    }
}
