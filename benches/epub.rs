//! EPUB reading speed: opening a book to its head (the first frame's
//! budget) and reading the whole book, for 草枕 (tests/data, 233 KB) and a
//! generated 10 MB EPUB of its chapters repeated (built at bench time, never
//! committed; the same book `tests/epub_big.rs` checks for memory).
//!
//! Run with `cargo bench --bench epub`; ids are `INPUT/WHAT` with INPUT
//! `kusamakura` or `10MB` and WHAT `open_head` (Epub::open + head) or
//! `document` (Epub::open + the whole document).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use emaki::engine::formats::epub::{Epub, Limits};

#[path = "../tests/epub_big.rs"]
#[allow(dead_code)]
mod big;

fn epub(c: &mut Criterion) {
    let inputs = [("kusamakura", big::kusamakura()), ("10MB", big::repeated_kusamakura(10 << 20))];
    for (name, bytes) in inputs {
        let bytes: std::sync::Arc<[u8]> = bytes.into();
        let (doc, _) = Epub::open(bytes.clone(), Limits::default()).unwrap().document(&mut |_, _| {}).unwrap();
        eprintln!(
            "{name}: {} bytes of EPUB, {} bytes of text in {} paragraphs",
            bytes.len(),
            doc.text().len(),
            doc.paragraph_count()
        );
        let mut group = c.benchmark_group(name);
        group.sample_size(if bytes.len() > 1 << 20 { 10 } else { 50 });
        group.measurement_time(Duration::from_secs(5));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("open_head", |b| {
            b.iter(|| {
                let epub = Epub::open(bytes.clone(), Limits::default()).unwrap();
                black_box(epub.head().unwrap())
            })
        });
        group.bench_function("document", |b| {
            b.iter(|| {
                let epub = Epub::open(bytes.clone(), Limits::default()).unwrap();
                black_box(epub.document(&mut |_, _| {}).unwrap())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, epub);
criterion_main!(benches);
