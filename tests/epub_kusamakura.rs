//! 草枕 (EPUB 3: vertical, ruby, a navigation document, media overlays
//! whose audio is missing) read through the library's EPUB API only.

use emaki::engine::document::rich::{DotKind, Format, Style};
use emaki::engine::formats::epub::{Epub, Limits, is_epub};

fn book() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/soseki_kusamakura.vertical.epub");
    std::fs::read(path).expect("tests/data holds 草枕")
}

fn open() -> Epub {
    Epub::open(book(), Limits::default()).expect("草枕 opens")
}

const CHAPTERS: [&str; 13] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"];

#[test]
fn it_is_recognised_by_content() {
    assert!(is_epub(&book()));
    assert!(!is_epub(b"PK\x03\x04 but nothing more"));
    assert!(!is_epub("山路を登りながら".as_bytes()));
}

#[test]
fn metadata_is_read_from_the_package() {
    let epub = open();
    let m = epub.metadata();
    assert_eq!(m.format, Format::Epub);
    assert_eq!(m.title.as_deref(), Some("草枕"));
    // The package spells the author with a space.
    assert_eq!(m.authors, ["夏目 漱石"]);
    assert_eq!(m.language.as_deref(), Some("ja-jp"));
    assert!(m.vertical, "-epub-writing-mode: vertical-rl in vertical.css");
    assert!(m.right_to_left, "page-progression-direction=\"rtl\"");
}

#[test]
fn the_table_of_contents_is_the_navs_in_order() {
    let (doc, notices) = open().document(&mut |_, _| {}).unwrap();
    assert!(notices.is_empty(), "the missing audio is not in the spine: {notices:?}");
    let toc = &doc.rich().toc;
    let titles: Vec<&str> = toc.iter().map(|t| t.title.as_str()).collect();
    let mut expected = CHAPTERS.to_vec();
    expected.push("この文書について");
    assert_eq!(titles, expected);
    assert!(toc.iter().all(|t| t.level == 1));
    assert!(toc.windows(2).all(|w| w[0].paragraph < w[1].paragraph));
    for entry in &toc[..13] {
        let p = entry.paragraph as usize;
        assert_eq!(doc.paragraph(p), entry.title, "a chapter entry points at its heading");
        assert_eq!(doc.block(p).heading, 2);
        assert!(doc.rich().is_page_break(p), "each document begins a page");
    }
    assert_eq!(doc.paragraph(toc[13].paragraph as usize), "この文書について");
}

#[test]
fn the_first_chapter_begins_with_its_famous_line_and_its_ruby() {
    let (doc, _) = open().document(&mut |_, _| {}).unwrap();
    let heading = doc.rich().toc[0].paragraph as usize;
    let first = heading + 1;
    assert_eq!(doc.paragraph(first), "山路を登りながら、こう考えた。");
    let ruby = doc.ruby_in(first);
    assert_eq!(ruby.len(), 1);
    assert_eq!(&doc.text()[ruby[0].base()], "山路");
    assert_eq!(doc.reading(&ruby[0]), "やまみち");
    assert!(!doc.text().contains("やまみち"), "rt text is never reading text");
    assert!(!doc.text().contains('<'), "no markup in the text");
    let last = doc.paragraph(doc.paragraph_count() - 1);
    assert_eq!(
        last, "傍点や圏点、傍線の付いた文字は、強調表示にしました。",
        "the non-linear navigation document is left out"
    );
    // <strong class="sesame_dot"> with -epub-text-emphasis-style: sesame.
    let dotted: Vec<&str> = (first..first + 4)
        .flat_map(|p| doc.spans_in(p).iter())
        .filter(|s| s.style == Style::Dots(DotKind::Sesame))
        .map(|s| &doc.text()[s.range()])
        .collect();
    assert_eq!(dotted[..3], ["人の世", "人の世", "人でなし"]);
}

#[test]
fn the_head_is_a_prefix_of_the_whole_book() {
    let epub = open();
    let head = epub.head().unwrap();
    let mut calls = Vec::new();
    let (doc, _) = epub.document(&mut |done, total| calls.push((done, total))).unwrap();
    assert!(head.paragraph_count() >= 40, "enough for a first screen");
    assert!(head.paragraph_count() < doc.paragraph_count());
    for (i, text) in head.paragraphs().enumerate() {
        assert_eq!(text, doc.paragraph(i), "paragraph {i}");
    }
    assert_eq!(head.metadata(), doc.metadata());
    assert_eq!(head.rich().toc.first().map(|t| t.title.as_str()), Some("一"));
    // 表紙, 一 … 十三, 後付: fifteen documents, counted one by one.
    assert_eq!(calls.last(), Some(&(15, 15)));
    assert_eq!(calls.len(), 15);
}
