//! Golden layouts of the embedded article at widths 10, 17, 23, 40 and 80,
//! as committed insta snapshots. Each row is one line, padded to the width
//! with spaces and closed by `|` at the right edge, so a line that is too wide
//! or a character that moved is visible in the diff. Tabs are drawn as spaces;
//! paragraphs are separated by a blank row.

use emaki::engine::document::Document;
use emaki::engine::layout::{LayoutOptions, layout_paragraph, placements};

fn render(width: usize) -> String {
    let document = Document::from_text(emaki::EMBEDDED_ARTICLE).expect("article");
    let options = LayoutOptions::with_width(width);
    let mut out = String::new();
    for (n, paragraph) in document.paragraphs().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for line in layout_paragraph(paragraph, &options) {
            let mut cells = 0;
            for p in placements(paragraph, &line, &options) {
                let cluster = &paragraph[p.bytes.clone()];
                if cluster == "\t" {
                    out.extend(std::iter::repeat_n(' ', p.width));
                } else {
                    out.push_str(cluster);
                }
                cells += p.width;
            }
            assert_eq!(cells, line.width as usize);
            assert!(cells <= width || line.oversize, "line wider than {width}");
            out.extend(std::iter::repeat_n(' ', width.saturating_sub(cells)));
            out.push_str("|\n");
        }
    }
    out
}

#[test]
fn article_at_width_10() {
    insta::assert_snapshot!("article_w10", render(10));
}

#[test]
fn article_at_width_17() {
    insta::assert_snapshot!("article_w17", render(17));
}

#[test]
fn article_at_width_23() {
    insta::assert_snapshot!("article_w23", render(23));
}

#[test]
fn article_at_width_40() {
    insta::assert_snapshot!("article_w40", render(40));
}

#[test]
fn article_at_width_80() {
    insta::assert_snapshot!("article_w80", render(80));
}
