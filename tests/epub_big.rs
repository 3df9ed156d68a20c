//! A 10 MB EPUB made of 草枕's chapters repeated: the head is a prefix of
//! the whole book, and reading the whole book stays within its memory
//! budget (3 × the text + 20 MB). The only test in this file, so the
//! process's peak memory is its own. `benches/epub.rs` uses the same book.

use std::io::{Cursor, Write as _};

use zip::ZipArchive;
use zip::write::{SimpleFileOptions, ZipWriter};

/// 草枕 as shipped in tests/data.
pub fn kusamakura() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/soseki_kusamakura.vertical.epub");
    std::fs::read(path).expect("tests/data holds 草枕")
}

/// An EPUB of at least `min_bytes`: 草枕's stylesheets and its thirteen
/// chapters copied (still deflated, not recompressed) as many times as it
/// takes, under new names, in one spine with a navigation document.
pub fn repeated_kusamakura(min_bytes: usize) -> Vec<u8> {
    let source = kusamakura();
    let mut zip = ZipArchive::new(Cursor::new(&source[..])).expect("草枕 is a zip");
    let names: Vec<String> = zip.file_names().map(|n| n.expect("草枕's names are UTF-8").into_owned()).collect();
    let chapters: Vec<&String> =
        names.iter().filter(|n| n.starts_with("OPS/xhtml/") && n.ends_with(".xhtml") && !n.contains("目次")).collect();
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/epub+zip").unwrap();
    out.start_file("META-INF/container.xml", stored).unwrap();
    out.write_all(
        br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OPS/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
    )
    .unwrap();
    for css in names.iter().filter(|n| n.ends_with(".css")) {
        out.raw_copy_file(zip.by_name(css).unwrap()).unwrap();
    }
    let (mut manifest, mut spine, mut nav) = (String::new(), String::new(), String::new());
    let mut copy = 0;
    while out.get_ref().map_or(0, |c| c.get_ref().len()) < min_bytes {
        copy += 1;
        for chapter in &chapters {
            let file = chapter.trim_start_matches("OPS/xhtml/");
            let id = format!("r{copy}-{}", file.trim_end_matches(".xhtml"));
            out.raw_copy_file_rename(zip.by_name(chapter).unwrap(), format!("OPS/xhtml/{id}.xhtml")).unwrap();
            manifest +=
                &format!("<item id=\"{id}\" href=\"xhtml/{id}.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
            spine += &format!("<itemref idref=\"{id}\"/>\n");
            nav += &format!("<li><a href=\"{id}.xhtml\">{id}</a></li>\n");
        }
    }
    out.start_file("OPS/xhtml/nav.xhtml", stored).unwrap();
    let nav = format!(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"><body><nav epub:type=\"toc\"><ol>{nav}</ol></nav></body></html>"
    );
    out.write_all(nav.as_bytes()).unwrap();
    out.start_file("OPS/package.opf", stored).unwrap();
    let opf = format!(
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <dc:title>草枕 ×{copy}</dc:title><dc:creator>夏目 漱石</dc:creator><dc:language>ja</dc:language></metadata><manifest>\
         <item id=\"vstyle\" href=\"css/vertical.css\" media-type=\"text/css\"/><item id=\"hstyle\" href=\"css/horizontal.css\" media-type=\"text/css\"/>\
         <item id=\"nav\" properties=\"nav\" href=\"xhtml/nav.xhtml\" media-type=\"application/xhtml+xml\"/>\n{manifest}</manifest>\
         <spine page-progression-direction=\"rtl\">{spine}</spine></package>"
    );
    out.write_all(opf.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

/// The process's peak resident memory (VmHWM), in bytes.
#[cfg(test)]
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Reset the peak to what the process holds now (Linux: clear_refs 5).
#[cfg(test)]
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[cfg(test)]
#[test]
fn a_ten_megabyte_book_reads_within_its_memory_budget() {
    use emaki::engine::formats::epub::{Epub, Limits};

    let bytes = repeated_kusamakura(10 << 20);
    assert!(bytes.len() >= 10 << 20, "{} bytes", bytes.len());
    let reset = reset_peak_rss();
    let before = peak_rss();
    let epub = Epub::open(bytes, Limits::default()).unwrap();
    let head = epub.head().unwrap();
    let (doc, notices) = epub.document(&mut |_, _| {}).unwrap();
    let after = peak_rss();
    assert!(notices.is_empty(), "{notices:?}");
    for (i, text) in head.paragraphs().enumerate() {
        assert_eq!(text, doc.paragraph(i));
    }
    assert!(doc.text().len() > 5 << 20, "{} bytes of text", doc.text().len());
    assert!(doc.metadata().vertical && doc.metadata().right_to_left);
    let chapters = doc.rich().toc.len();
    assert_eq!(chapters % 15, 0, "every copy's fifteen documents are in the table of contents");
    let budget = 3 * doc.text().len() as u64 + (20 << 20);
    if let (true, Some(before), Some(after)) = (reset, before, after) {
        let used = after.saturating_sub(before);
        eprintln!("text {} bytes, peak grew by {used} bytes (budget {budget})", doc.text().len());
        assert!(used <= budget, "peak memory grew by {used} bytes, over the budget of {budget}");
    }
}
