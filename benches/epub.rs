//! EPUB reading speed: opening a book to its head (the first frame's
//! budget) and reading the whole book, for 草枕 (tests/data, 233 KB) and a
//! generated 10 MB EPUB of its chapters repeated (built at bench time, never
//! committed; the same book `tests/epub_big.rs` checks for memory).
//!
//! Run with `cargo bench --bench epub`; ids are `INPUT/WHAT` with INPUT
//! `kusamakura` or `10MB` and WHAT `open_head` (Epub::open + head) or
//! `document` (Epub::open + the whole document).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use emaki::engine::formats::epub::{Epub, Limits};

#[path = "../tests/epub_big.rs"]
#[allow(dead_code)]
mod big;

/// CPU time this thread has run, in nanoseconds, so that figures taken on
/// a busy machine (two cores shared) still say what the work costs.
fn thread_cpu_ns() -> Option<u64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec, which `ts` is.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

/// Run `f` `runs` times; print the median wall-clock and CPU times.
fn report(name: &str, runs: usize, mut f: impl FnMut()) {
    let mut wall = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (started, cpu_before) = (Instant::now(), thread_cpu_ns());
        f();
        wall.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu_before, thread_cpu_ns()) {
            cpu.push(Duration::from_nanos(after - before));
        }
    }
    wall.sort();
    cpu.sort();
    let cpu = cpu.get(cpu.len() / 2).map_or("?".to_owned(), |d| format!("{d:.2?}"));
    eprintln!("{name}: median of {runs}: {:.2?} wall, {cpu} CPU", wall[runs / 2]);
}

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
        let runs = if bytes.len() > 1 << 20 { 5 } else { 30 };
        report(&format!("{name}/open_head"), runs, || {
            black_box(Epub::open(bytes.clone(), Limits::default()).unwrap().head().unwrap());
        });
        report(&format!("{name}/document"), runs, || {
            black_box(Epub::open(bytes.clone(), Limits::default()).unwrap().document(&mut |_, _| {}).unwrap());
        });
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
