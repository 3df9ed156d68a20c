//! The violations table of the layout issue, as a test: the embedded article
//! at every width 2–120 and the texts in `tests/data/` at widths 8–120, laid
//! out with the default options, must break no rule at widths of 4 and more.
//! (`cargo run --release --example layout_violations` prints the table.)

use std::path::Path;

use emaki::engine::document::Document;
use emaki::engine::layout::LayoutOptions;
use emaki::engine::layout::audit::{Violations, audit_document};

fn corpus() -> Vec<(String, Document)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".utf8.txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "the corpus texts are missing from tests/data");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("UTF-8 corpus text");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, Document::from_text(text).expect("document"))
        })
        .collect()
}

fn check(name: &str, document: &Document, widths: std::ops::RangeInclusive<usize>) {
    let mut failures = Vec::new();
    for width in widths {
        let v: Violations = audit_document(document, &LayoutOptions::with_width(width));
        assert!(v.lines > 0);
        // Width, completeness and clusters hold at every width; kinsoku and
        // whole runs from width 4, where two full-width characters fit.
        let hard = v.too_wide + v.lost_or_duplicated + v.split_clusters;
        if hard > 0 || (width >= 4 && v.total() > 0) {
            failures.push(format!("{name} at width {width}: {v:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_article_breaks_no_rule_at_any_width_from_4_to_120() {
    let article = Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap();
    check("article", &article, 2..=120);
}

#[test]
fn the_corpus_texts_break_no_rule_at_widths_8_to_120() {
    // One thread per text: the two cores share the work.
    let handles: Vec<_> = corpus()
        .into_iter()
        .map(|(name, document)| std::thread::spawn(move || check(&name, &document, 8..=120)))
        .collect();
    for h in handles {
        if let Err(e) = h.join() {
            std::panic::resume_unwind(e);
        }
    }
}
