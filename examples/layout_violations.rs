//! Print the layout violations table: the embedded article at every width
//! 2–120 and each `tests/data/*.utf8.txt` at widths 8–120, default options.
//!
//! `cargo run --release --example layout_violations [-- --all]` (`--all` prints
//! every width; by default widths with no violation are summarised).

use std::path::Path;

use emaki::engine::document::Document;
use emaki::engine::layout::LayoutOptions;
use emaki::engine::layout::audit::{Violations, audit_document};

fn main() {
    let all = std::env::args().any(|a| a == "--all");
    let mut texts =
        vec![("article".to_string(), Document::from_text(emaki::EMBEDDED_ARTICLE).expect("article"), 2usize)];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".utf8.txt"))
        .collect();
    files.sort();
    for p in files {
        let text = std::fs::read_to_string(&p).expect("UTF-8 text");
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        texts.push((name, Document::from_text(text).expect("document"), 8));
    }
    println!(
        "| text | widths | lines | too wide | lost/dup | split clusters | bad start | bad end | split runs | forced (not counted) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (name, document, from) in &texts {
        let mut sum = Violations::default();
        let mut small = Violations::default();
        for width in *from..=120 {
            let v = audit_document(document, &LayoutOptions::with_width(width));
            if all || (v.total() > 0) {
                row(name, &width.to_string(), &v);
            }
            if width < 4 {
                small += v;
            } else {
                sum += v;
            }
        }
        if *from < 4 {
            row(name, &format!("{from}–3"), &small);
        }
        row(name, &format!("{}–120", from.max(&4)), &sum);
    }
}

fn row(name: &str, widths: &str, v: &Violations) {
    println!(
        "| {name} | {widths} | {} | {} | {} | {} | {} | {} | {} | {} |",
        v.lines,
        v.too_wide,
        v.lost_or_duplicated,
        v.split_clusters,
        v.forbidden_starts,
        v.forbidden_ends,
        v.split_runs,
        v.forced
    );
}
