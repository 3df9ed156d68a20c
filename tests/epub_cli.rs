//! EPUB books through the real binary: 草枕's chapters, ruby in every mode,
//! and hostile archives (built here) refused with one clear line and exit 1.

mod common;

use std::io::Write;

use common::*;

fn kusamakura() -> String {
    repo_file("tests/data/soseki_kusamakura.vertical.epub").to_string_lossy().into_owned()
}

/// A small EPUB: `mimetype` stored first, then `files` deflated.
fn epub(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        zip.start_file(*name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

const CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

fn package(spine: &[&str]) -> String {
    let items: String = spine
        .iter()
        .enumerate()
        .map(|(i, href)| format!(r#"<item id="c{i}" href="{href}" media-type="application/xhtml+xml"/>"#))
        .collect();
    let refs: String = (0..spine.len()).map(|i| format!(r#"<itemref idref="c{i}"/>"#)).collect();
    format!(
        r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>試験</dc:title><dc:creator>著者</dc:creator><dc:language>ja</dc:language></metadata><manifest>{items}</manifest><spine>{refs}</spine></package>"#
    )
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn kusamakura_lists_its_chapters_in_order_with_its_metadata() {
    let book: serde_json::Value = serde_json::from_str(emaki(&["--scenes", "--json", &kusamakura()]).ok()).unwrap();
    assert_eq!(book["title"], "草枕");
    assert_eq!(book["authors"][0], "夏目 漱石", "as the package spells it");
    assert_eq!(book["format"], "epub");
    assert_eq!(book["vertical"], true);
    let titles: Vec<&str> = book["scenes"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    let chapters = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"];
    let first = titles.iter().position(|t| *t == "一").expect("chapter 一");
    assert_eq!(&titles[first..first + 13], chapters);
    assert!(book["scenes"].as_array().unwrap().iter().all(|s| s["level"].as_u64() >= Some(1)));
}

#[test]
fn kusamakura_prints_with_ruby_inline_or_without_it() {
    let inline = emaki(&["--print", "--ruby", "inline", "--width", "80", &kusamakura()]);
    let text = inline.ok();
    let chapter = text.find("# 2 一").expect("the first chapter's heading");
    let body = &text[chapter..];
    let first_line = body.lines().skip(1).find(|l| !l.trim().is_empty() && l.trim() != "一").unwrap();
    assert_eq!(first_line, "山路（やまみち）を登りながら、こう考えた。");
    let off = emaki(&["--print", "--ruby", "off", "--width", "80", &kusamakura()]);
    assert!(off.ok().contains("山路を登りながら、こう考えた。"));
    assert!(!off.ok().contains("やまみち"), "no rt text with ruby off");
    assert!(!off.ok().contains('<'), "no markup");
}

#[test]
fn a_book_on_standard_input_is_read_as_a_book() {
    let bytes = std::fs::read(kusamakura()).unwrap();
    let run = emaki_with_stdin(&["--scenes", "--json", "-"], &bytes);
    let book: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(book["title"], "草枕");
}

#[test]
fn hostile_books_get_one_clear_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let chapter = "<html><body><p>本文。</p></body></html>";
    let good = epub(&[
        ("META-INF/container.xml", CONTAINER),
        ("OPS/book.opf", &package(&["a.xhtml"])),
        ("OPS/a.xhtml", chapter),
    ]);
    // Cut short: the archive's directory is gone.
    let truncated = write(dir.path(), "cut.epub", &good[..good.len() / 2]);
    let line = emaki(&["--print", &truncated]).one_line_error().to_owned();
    assert!(line.contains("cut.epub"), "{line}");
    // Encrypted content: DRM.
    let encryption = r#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OPS/a.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"#;
    let drm = epub(&[
        ("META-INF/container.xml", CONTAINER),
        ("META-INF/encryption.xml", encryption),
        ("OPS/book.opf", &package(&["a.xhtml"])),
        ("OPS/a.xhtml", chapter),
    ]);
    let drm = write(dir.path(), "drm.epub", &drm);
    let line = emaki(&["--print", &drm]).one_line_error().to_owned();
    assert!(line.contains("DRM"), "{line}");
    // A path out of the archive is never read; the rest of the book is.
    let outside = epub(&[
        ("META-INF/container.xml", CONTAINER),
        ("OPS/book.opf", &package(&["../../../../etc/passwd", "a.xhtml"])),
        ("OPS/a.xhtml", chapter),
    ]);
    let outside = write(dir.path(), "outside.epub", &outside);
    let run = emaki(&["--print", &outside]);
    assert!(run.ok().contains("本文。"));
    assert!(!run.stdout.contains("root:"), "nothing from outside the archive");
    // A book whose every document was skipped is an error, not an empty book.
    let nothing =
        epub(&[("META-INF/container.xml", CONTAINER), ("OPS/book.opf", &package(&["../../x.xhtml", "gone.xhtml"]))]);
    let nothing = write(dir.path(), "nothing.epub", &nothing);
    let line = emaki(&["--print", &nothing]).one_line_error().to_owned();
    assert!(
        line.contains("nothing.epub") && line.contains("no readable text") && line.contains("gone.xhtml"),
        "{line}"
    );
    // Escapes in the text are shown inert.
    let escapes = epub(&[
        ("META-INF/container.xml", CONTAINER),
        ("OPS/book.opf", &package(&["a.xhtml"])),
        ("OPS/a.xhtml", "<html><body><p>a&#27;[2Jb\u{1b}]0;title\u{7}c</p></body></html>"),
    ]);
    let escapes = write(dir.path(), "esc.epub", &escapes);
    let run = emaki(&["--print", &escapes]);
    assert!(!run.ok().contains('\u{1b}'), "no escape reaches the output");
    assert!(run.stdout.contains("a␛[2Jb␛]0;title␇c"), "{}", run.stdout);
}
