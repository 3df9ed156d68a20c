//! Aozora Bunko parsing speed on 夢野久作『ドグラ・マグラ』 (tests/data, 1.4 MB,
//! about 7,000 ruby and 400 annotations):
//!
//! - `parse`: [`emaki::engine::formats::aozora::parse`], the whole novel into
//!   a document (the copy of the input each iteration needs is not timed);
//! - `plain_text`: [`emaki::engine::document::Document::from_text`] on the
//!   same text, markup and all — what opening it as plain text costs, the
//!   yardstick the parser is held to (within 2×);
//! - `is_aozora`: the detection that chooses between the two;
//! - `document_of`: [`emaki::cli::input::document_of`], what the binary runs
//!   on the decoded text: the detection, `engine::sanitize`, then `parse`;
//! - `plain_document`: what it runs on a text that is not Aozora's: the
//!   hard-wrap detection ([`emaki::engine::formats::wrapped::wrap_width`])
//!   then `Document::from_text` (the novel's markup read as text);
//! - `sanitize` and `wrap_width`: those two steps alone.
//!
//! `cargo bench --bench aozora`; throughput is reported in MB/s of input.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use emaki::engine::document::Document;
use emaki::engine::formats::{aozora, wrapped};

const NOVEL: &str = include_str!("../tests/data/yumeno_dogra-magra.utf8.txt");

fn aozora(c: &mut Criterion) {
    let mut group = c.benchmark_group("aozora_novel");
    group.throughput(Throughput::Bytes(NOVEL.len() as u64));
    group.bench_function("parse", |b| {
        b.iter_batched(
            || NOVEL.to_owned(),
            |text| aozora::parse(black_box(text)).expect("the novel parses").doc.paragraph_count(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("plain_text", |b| {
        b.iter_batched(
            || NOVEL.to_owned(),
            |text| Document::from_text(black_box(text)).expect("the novel is a document").paragraph_count(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("is_aozora", |b| b.iter(|| aozora::is_aozora(black_box(NOVEL))));
    group.bench_function("document_of", |b| {
        b.iter_batched(
            || NOVEL.to_owned(),
            |text| emaki::cli::input::document_of(black_box(text)).expect("the novel parses").0.paragraph_count(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("plain_document", |b| {
        b.iter_batched(
            || NOVEL.to_owned(),
            |text| {
                let text = match wrapped::wrap_width(black_box(&text)) {
                    Some(wrap) => wrapped::join(&text, wrap),
                    None => text,
                };
                Document::from_text(text).expect("the novel is a document").paragraph_count()
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("sanitize", |b| b.iter(|| emaki::engine::sanitize::sanitize(black_box(NOVEL)).len()));
    group.bench_function("wrap_width", |b| b.iter(|| wrapped::wrap_width(black_box(NOVEL))));
    group.finish();
}

criterion_group!(benches, aozora);
criterion_main!(benches);
