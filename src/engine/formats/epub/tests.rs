//! Tests of the EPUB reader on books made in memory, hostile ones included:
//! a tiny zip writer here makes archives with whatever headers a test needs
//! (lying sizes, a deflate stream that inflates to 1 GiB).

use super::archive::{Archive, Budget};
use super::*;
use crate::engine::document::rich::{Align, DotKind, LineKind};

// ---------------------------------------------------------------- zip writer

/// One entry of a test archive.
struct Entry {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    data: Vec<u8>,
    crc: u32,
    /// The size the headers declare.
    size: u64,
}

impl Entry {
    fn stored(name: &str, data: impl Into<Vec<u8>>) -> Entry {
        let data = data.into();
        Entry { name: name.into(), method: 0, crc: crc32(&data), size: data.len() as u64, data }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A zip archive of `entries` (sizes above 4 GiB are not needed here).
fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        let header = |v: &mut Vec<u8>, central: bool| {
            u32le(v, if central { 0x0201_4b50 } else { 0x0403_4b50 });
            if central {
                u16le(v, 20);
            }
            u16le(v, 20);
            u16le(v, 1 << 11); // UTF-8 names
            u16le(v, e.method);
            u32le(v, 0);
            u32le(v, e.crc);
            u32le(v, e.data.len() as u32);
            u32le(v, e.size as u32);
            u16le(v, e.name.len() as u16);
            u16le(v, 0);
            if central {
                u16le(v, 0);
                u16le(v, 0);
                u16le(v, 0);
                u32le(v, 0);
                u32le(v, offset);
            }
            v.extend_from_slice(e.name.as_bytes());
        };
        header(&mut out, false);
        out.extend_from_slice(&e.data);
        header(&mut central, true);
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u32le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, central.len() as u32);
    u32le(&mut out, start);
    u16le(&mut out, 0);
    out
}

// ---------------------------------------------------------------- books

const CONTAINER: &str = r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;

/// An XHTML document with `body`.
fn xhtml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head><title>t</title></head>\n<body>\n{body}\n</body></html>"
    )
}

/// A book description: chapters (file name under OEBPS/, content), more
/// manifest items and files, and package details.
#[derive(Default)]
struct Book {
    chapters: Vec<(String, String)>,
    /// Manifest items that are not in the spine: (id, href, media type).
    items: Vec<(String, String, String)>,
    /// More archive entries.
    files: Vec<Entry>,
    metadata: String,
    spine_attrs: String,
    /// Spine itemrefs to use instead of one per chapter.
    spine: Option<String>,
    container: Option<String>,
    language: Option<String>,
}

impl Book {
    fn new(chapters: &[&str]) -> Book {
        let chapters = chapters.iter().enumerate().map(|(i, c)| (format!("c{}.xhtml", i + 1), c.to_string())).collect();
        Book { chapters, ..Book::default() }
    }

    fn opf(&self) -> String {
        let mut manifest = String::new();
        let mut spine = String::new();
        for (i, (href, _)) in self.chapters.iter().enumerate() {
            manifest += &format!("<item id=\"c{}\" href=\"{href}\" media-type=\"application/xhtml+xml\"/>\n", i + 1);
            spine += &format!("<itemref idref=\"c{}\"/>\n", i + 1);
        }
        for (id, href, media) in &self.items {
            manifest += &format!("<item id=\"{id}\" href=\"{href}\" media-type=\"{media}\"/>\n");
        }
        let language = self.language.as_deref().unwrap_or("en");
        format!(
            "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
             <dc:title>Test</dc:title><dc:language>{language}</dc:language>{}</metadata>\n<manifest>{manifest}</manifest>\n<spine {}>{}</spine></package>",
            self.metadata,
            self.spine_attrs,
            self.spine.as_deref().unwrap_or(&spine)
        )
    }

    fn bytes(self) -> Vec<u8> {
        let mut entries = vec![Entry::stored("mimetype", "application/epub+zip")];
        match &self.container {
            Some(c) if c.is_empty() => {}
            Some(c) => entries.push(Entry::stored("META-INF/container.xml", c.as_str())),
            None => entries.push(Entry::stored("META-INF/container.xml", CONTAINER)),
        }
        entries.push(Entry::stored("OEBPS/content.opf", self.opf()));
        for (href, content) in &self.chapters {
            entries.push(Entry::stored(&format!("OEBPS/{href}"), content.as_str()));
        }
        let mut files = self.files;
        entries.append(&mut files);
        zip(&entries)
    }
}

fn open(bytes: Vec<u8>) -> Epub {
    Epub::open(bytes, Limits::default()).expect("the book opens")
}

fn read(bytes: Vec<u8>) -> (Document, Vec<String>) {
    open(bytes).document(&mut |_, _| {}).expect("the book reads")
}

/// The document of a one-chapter book whose body is `body`.
fn body(body: &str) -> Document {
    read(Book::new(&[&xhtml(body)]).bytes()).0
}

/// The same, in a Japanese book.
fn body_ja(body: &str) -> Document {
    let mut book = Book::new(&[&xhtml(body)]);
    book.language = Some("ja".into());
    read(book.bytes()).0
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.paragraphs().collect()
}

/// The table of contents as (paragraph, level, title).
fn toc(doc: &Document) -> Vec<(u32, u8, &str)> {
    doc.rich().toc.iter().map(|t| (t.paragraph, t.level, t.title.as_str())).collect()
}

fn styled(doc: &Document, p: usize) -> Vec<(Style, &str)> {
    doc.spans_in(p).iter().map(|s| (s.style, &doc.text()[s.range()])).collect()
}

// ---------------------------------------------------------------- text

#[test]
fn white_space_collapses_as_css_text_says() {
    let doc =
        body("<p>\n  山路を\n  登りながら、\n</p><p>Hello\n   world,  <b>bold</b>\n<i>and</i>\tmore </p><p>山 路</p>");
    assert_eq!(paragraphs(&doc), ["山路を登りながら、", "Hello world, bold and more", "山 路"]);
}

#[test]
fn block_elements_make_paragraphs_and_headings_headings() {
    let doc = body(
        "<h1>Title</h1><div>loose <p>inner</p> after</div><ul><li>one<li>two</ul><blockquote><p>quoted</p></blockquote>\
         <dl><dt>term</dt><dd>definition</dd></dl><h4>deep</h4><h2>Two</h2><section><h3>Three</h3></section>",
    );
    assert_eq!(
        paragraphs(&doc),
        ["Title", "loose", "inner", "after", "one", "two", "quoted", "term", "definition", "deep", "Two", "Three"]
    );
    assert_eq!(doc.block(0).heading, 1);
    assert_eq!(doc.block(1).heading, 0);
    assert_eq!(doc.block(6).indent, 1, "blockquote indents");
    assert_eq!(doc.block(8).indent, 1, "dd indents");
    assert_eq!(doc.block(9).heading, 3, "h4 and deeper are level 3");
    assert_eq!(doc.block(10).heading, 2);
}

#[test]
fn ruby_goes_to_the_side_table_never_the_text() {
    let doc = body(
        "<p><ruby>山路<rp>（</rp><rt>やまみち</rt><rp>）</rp></ruby>を<ruby><rb>東</rb><rb>京</rb><rt>とう</rt><rt>きょう</rt></ruby>\
         、<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby></p>",
    );
    assert_eq!(doc.paragraph(0), "山路を東京、漢字");
    let ruby: Vec<(&str, &str)> = doc.ruby_in(0).iter().map(|r| (&doc.text()[r.base()], doc.reading(r))).collect();
    assert_eq!(ruby, [("山路", "やまみち"), ("東", "とう"), ("京", "きょう"), ("漢", "かん"), ("字", "じ")]);
    assert!(!doc.text().contains('（'), "rp is dropped");
    let stray = body("<p>base<rt>stray</rt> and <ruby>字<rtc>complex</rtc><rt>じ</rt></ruby></p>");
    assert_eq!(stray.paragraph(0), "base and 字");
}

#[test]
fn emphasis_maps_to_dots_bold_italic_and_lines() {
    let en = body("<p><em>em</em> <strong>strong</strong> <i>i</i> <span class=\"em-sesame\">dots</span> <u>u</u></p>");
    assert_eq!(
        styled(&en, 0),
        [
            (Style::Italic, "em"),
            (Style::Bold, "strong"),
            (Style::Italic, "i"),
            (Style::Dots(DotKind::Sesame), "dots"),
            (Style::Line(LineKind::Solid), "u")
        ]
    );
    let ja = body_ja("<p>これは<em>傍点</em>と<span style=\"text-emphasis: open circle\">白丸</span>。</p>");
    assert_eq!(styled(&ja, 0), [(Style::Dots(DotKind::Sesame), "傍点"), (Style::Dots(DotKind::WhiteCircle), "白丸")]);
}

#[test]
fn stylesheets_say_what_is_hidden_and_emphasised() {
    let mut book = Book::new(&[&xhtml(
        "<p>shown <span class=\"gone\">hidden</span><strong class=\"dot\">点</strong> <del class=\"gone\">x</del>\
         <span style=\"display: none\">inline</span><span hidden=\"\">attr</span><img class=\"gone\" alt=\"x\"/></p><hr class=\"gone\"/>\
         <style>.inline-rule { display: none }</style><p class=\"inline-rule\">no</p><p>yes</p>",
    )
    .replace("<head>", "<head><link rel=\"stylesheet\" href=\"s.css\"/>")]);
    book.items.push(("css".into(), "s.css".into(), "text/css".into()));
    book.files.push(Entry::stored(
        "OEBPS/s.css",
        ".gone { display: none } strong.dot { font-weight: normal; -webkit-text-emphasis-style: dot }",
    ));
    let (doc, _) = read(book.bytes());
    assert_eq!(paragraphs(&doc), ["shown 点", "yes"]);
    assert_eq!(styled(&doc, 0), [(Style::Dots(DotKind::Circle), "点")]);
}

#[test]
fn head_script_and_style_never_show() {
    let doc = body("<script>document.write('<p>no</p>')</script><style>p { color: red }</style><p>only</p>");
    assert_eq!(paragraphs(&doc), ["only"]);
}

#[test]
fn images_scene_breaks_tables_breaks_and_pre() {
    let doc = body(
        "<p>before<img src=\"a.png\" alt=\" a  cat \"/>after</p><figure><img src=\"b.png\"/><figcaption>cap</figcaption></figure><hr/>\
         <table><tr><th>名前</th><td>値</td></tr><tr><td>x</td></tr></table><p>line<br/>next</p><pre>\n  two  spaces\n\tand a tab</pre>\
         <svg><title>no</title><text>svg text</text></svg>",
    );
    assert_eq!(
        paragraphs(&doc),
        [
            "before［図：a cat］after",
            "［図］",
            "cap",
            "＊　＊　＊",
            "名前｜値",
            "x",
            "line\nnext",
            "  two  spaces\n\tand a tab",
            "［図］"
        ]
    );
    assert_eq!(styled(&doc, 0), [(Style::Note, "［図：a cat］")]);
    assert_eq!(doc.block(3).align, Align::Center);
    assert_eq!(styled(&doc, 3), [(Style::Note, "＊　＊　＊")]);
    assert_eq!(styled(&doc, 4), [(Style::Note, "｜")]);
}

#[test]
fn an_empty_paragraph_with_a_break_is_a_blank_line() {
    let doc = body("<p>一</p><p><br/></p><p>二</p><div></div><p>三</p>");
    assert_eq!(paragraphs(&doc), ["一", "二", "三"]);
    assert_eq!(doc.rich().after_blank, [1]);
}

#[test]
fn references_are_decoded_and_escapes_stay_inert() {
    let doc = body("<p>&#x5C71;&amp;&nbsp;&mdash;&hellip;&#27;[2J \u{1b}]0;x\u{7} &#x9b;</p>");
    assert_eq!(doc.paragraph(0), "山&\u{a0}—…\u{241b}[2J \u{241b}]0;x\u{2407} \u{fffd}");
    assert!(!doc.text().contains('\u{1b}'));
}

#[test]
fn titles_in_the_table_of_contents_are_inert_too() {
    let nav = xhtml("<nav epub:type=\"toc\"><ol><li><a href=\"c1.xhtml\">One&#27;]0;x&#7;</a></li></ol></nav>");
    let mut book = Book::new(&[&xhtml("<p>text</p>")]);
    book.items.push(("nav".into(), "nav.xhtml\" properties=\"nav".into(), "application/xhtml+xml".into()));
    book.files.push(Entry::stored("OEBPS/nav.xhtml", nav));
    book.metadata = "<dc:creator>A&#27;[2J</dc:creator>".into();
    let (doc, _) = read(book.bytes());
    assert_eq!(doc.rich().toc[0].title, "One\u{241b}]0;x\u{2407}");
    assert_eq!(doc.metadata().authors, ["A\u{241b}[2J"]);
}

#[test]
fn an_epub_is_told_by_its_content() {
    let book = Book::new(&[&xhtml("<p>x</p>")]).bytes();
    assert!(is_epub(&book));
    // `mimetype` not first, or missing while container.xml is there.
    let late =
        zip(&[Entry::stored("META-INF/container.xml", CONTAINER), Entry::stored("mimetype", "application/epub+zip\n")]);
    assert!(is_epub(&late));
    assert!(is_epub(&zip(&[Entry::stored("META-INF/container.xml", CONTAINER)])));
    assert!(!is_epub(&zip(&[Entry::stored("mimetype", "application/zip")])));
    assert!(!is_epub(&zip(&[Entry::stored("word/document.xml", "<w/>")])));
}

#[test]
fn an_open_book_can_be_read_on_another_thread() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Epub>();
    let epub = open(Book::new(&[&xhtml("<p>x</p>")]).bytes());
    let doc = std::thread::scope(|s| s.spawn(|| epub.document(&mut |_, _| {})).join().unwrap()).unwrap().0;
    assert_eq!(paragraphs(&doc), ["x"]);
}

#[test]
fn sloppy_xhtml_is_read_leniently() {
    let sloppy = "<HTML><BODY><P CLASS=x>unclosed &nbsp;and & bare<P>second <B>bold<I>both</B> after\
                  <p>a < b > c</p><div><p>deep</div>tail<br>end</HTML>";
    let (doc, _) = read(Book::new(&[sloppy]).bytes());
    assert_eq!(
        paragraphs(&doc),
        ["unclosed \u{a0}and & bare", "second boldboth after", "a < b > c", "deep", "tail\nend"]
    );
    assert_eq!(styled(&doc, 1), [(Style::Bold, "boldboth"), (Style::Italic, "both")]);

    let no_head_end = "<html><head><title>t</title><body><p>本文は見える。</p></body></html>";
    let (doc, _) = read(Book::new(&[no_head_end]).bytes());
    assert_eq!(paragraphs(&doc), ["本文は見える。"], "<body> ends a head left open");
}

#[test]
fn a_declared_encoding_is_decoded() {
    let text = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><html><body><p>吾輩は猫である。</p></body></html>";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let mut bytes_book = Book::new(&[]);
    bytes_book.items.push(("c1".into(), "c1.xhtml".into(), "application/xhtml+xml".into()));
    bytes_book.spine = Some("<itemref idref=\"c1\"/>".into());
    bytes_book.files.push(Entry::stored("OEBPS/c1.xhtml", sjis.into_owned()));
    let (doc, _) = read(bytes_book.bytes());
    assert_eq!(paragraphs(&doc), ["吾輩は猫である。"]);
}

// ---------------------------------------------------------------- package

#[test]
fn metadata_direction_and_writing_mode() {
    let mut book = Book::new(&[&xhtml("<p>本文</p>").replace("<html ", "<html class=\"vrtl\" ")]);
    book.metadata = "<dc:creator>著者 一</dc:creator><dc:creator>著者\u{1b}[31m二</dc:creator>".into();
    book.spine_attrs = "page-progression-direction=\"rtl\"".into();
    book.items.push(("css".into(), "style/book.css".into(), "text/css".into()));
    book.files.push(Entry::stored("OEBPS/style/book.css", "html.vrtl { -webkit-writing-mode: vertical-rl }"));
    book.chapters[0].1 = book.chapters[0]
        .1
        .replace("<head>", "<head><link rel=\"stylesheet\" type=\"text/css\" href=\"style/book.css\"/>");
    let epub = open(book.bytes());
    let m = epub.metadata();
    assert_eq!(m.title.as_deref(), Some("Test"));
    assert_eq!(m.authors, ["著者 一", "著者\u{241b}[31m二"], "inert");
    assert!(m.vertical && m.right_to_left);
    assert_eq!(m.format, Format::Epub);

    let inline =
        open(Book::new(&[&xhtml("<p>x</p>").replace("<body>", "<body style=\"writing-mode: vertical-rl\">")]).bytes());
    assert!(inline.metadata().vertical);
    let alternate = xhtml("<p>x</p>").replace("<head>", "<head><link rel=\"alternate stylesheet\" href=\"v.css\"/>");
    let mut book = Book::new(&[&alternate]);
    book.items.push(("css".into(), "v.css".into(), "text/css".into()));
    book.files.push(Entry::stored("OEBPS/v.css", "html { writing-mode: vertical-rl }"));
    assert!(!open(book.bytes()).metadata().vertical, "an alternate stylesheet is not the book's");
}

#[test]
fn each_document_after_the_first_begins_a_page_and_non_linear_ones_come_last() {
    let mut book =
        Book::new(&[&xhtml("<p>one</p>"), &xhtml("<p>notes</p>"), &xhtml("<p>two</p>"), &xhtml("<p>nav page</p>")]);
    book.items.push(("nav".into(), "c4.xhtml\" properties=\"nav".into(), "application/xhtml+xml".into()));
    book.spine = Some(
        "<itemref idref=\"c1\"/><itemref idref=\"c2\" linear=\"no\"/><itemref idref=\"c3\"/><itemref idref=\"nav\" linear=\"no\"/>".into(),
    );
    let (doc, _) = read(book.bytes());
    assert_eq!(paragraphs(&doc), ["one", "two", "notes"]);
    assert_eq!(doc.rich().page_breaks, [1, 2]);

    // Contents that leave the notes out still give them a place to go to.
    let nav = xhtml(
        "<nav epub:type=\"toc\"><ol><li><a href=\"c1.xhtml\">One</a></li><li><a href=\"c3.xhtml\">Two</a></li></ol></nav>",
    );
    let mut book = Book::new(&[
        &xhtml("<p>one</p>"),
        &xhtml("<p>notes</p>").replace("<title>t</title>", "<title>注</title>"),
        &xhtml("<p>two</p>"),
        &nav,
    ]);
    book.items.push(("nav".into(), "c4.xhtml\" properties=\"nav".into(), "application/xhtml+xml".into()));
    book.spine = Some("<itemref idref=\"c1\"/><itemref idref=\"c2\" linear=\"no\"/><itemref idref=\"c3\"/>".into());
    let (doc, _) = read(book.bytes());
    assert_eq!(toc(&doc), [(0, 1, "One"), (1, 1, "Two"), (2, 1, "注")]);
}

#[test]
fn nav_entries_point_at_files_and_fragments_with_levels() {
    let nav = xhtml(
        "<nav epub:type=\"toc\"><ol><li><a href=\"c1.xhtml\">Part</a><ol><li><a href=\"c1.xhtml#s2\">Section 2</a></li></ol></li>\
         <li><a href=\"c2.xhtml\">Chapter 2</a></li><li><a href=\"missing.xhtml\">Gone</a></li></ol></nav>",
    );
    let mut book = Book::new(&[&xhtml("<p>a</p><p>b</p><h2 id=\"s2\">Sec</h2><p>c</p>"), &xhtml("<p>d</p>")]);
    book.items.push(("nav".into(), "nav.xhtml\" properties=\"nav".into(), "application/xhtml+xml".into()));
    book.files.push(Entry::stored("OEBPS/nav.xhtml", nav));
    let (doc, _) = read(book.bytes());
    let toc = toc(&doc);
    assert_eq!(toc, [(0, 1, "Part"), (2, 2, "Section 2"), (4, 1, "Chapter 2")]);
}

#[test]
fn an_epub2_book_uses_its_ncx() {
    let ncx = "<ncx><navMap><navPoint><navLabel><text>First</text></navLabel><content src=\"c1.xhtml\"/>\
               <navPoint><navLabel><text>Inner</text></navLabel><content src=\"c1.xhtml#x\"/></navPoint></navPoint>\
               <navPoint><navLabel><text>Second</text></navLabel><content src=\"c2.xhtml\"/></navPoint></navMap></ncx>";
    let mut book = Book::new(&[&xhtml("<p>a</p><p id=\"x\">b</p>"), &xhtml("<p>c</p>")]);
    book.items.push(("ncx".into(), "toc.ncx".into(), "application/x-dtbncx+xml".into()));
    book.spine_attrs = "toc=\"ncx\"".into();
    book.files.push(Entry::stored("OEBPS/toc.ncx", ncx));
    let (doc, _) = read(book.bytes());
    let toc = toc(&doc);
    assert_eq!(toc, [(0, 1, "First"), (1, 2, "Inner"), (2, 1, "Second")]);
}

#[test]
fn without_a_toc_headings_then_documents_make_one() {
    let (doc, _) = read(Book::new(&[&xhtml("<h1>One</h1><p>a</p><h4>no</h4>"), &xhtml("<h3>Three</h3>")]).bytes());
    let toc = toc(&doc);
    assert_eq!(toc, [(0, 1, "One"), (3, 3, "Three")]);
    let plain = xhtml("<p>first words of a chapter</p>").replace("<title>t</title>", "<title></title>");
    let (doc, _) = read(Book::new(&[&xhtml("<p>x</p>"), &plain]).bytes());
    let titles: Vec<&str> = doc.rich().toc.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["t", "c2.xhtml"]);
}

#[test]
fn without_container_the_single_opf_is_used_else_the_error_says_what_is_missing() {
    let mut book = Book::new(&[&xhtml("<p>found</p>")]);
    book.container = Some(String::new());
    let (doc, _) = read(book.bytes());
    assert_eq!(paragraphs(&doc), ["found"]);

    let none = zip(&[Entry::stored("mimetype", "application/epub+zip"), Entry::stored("a.xhtml", "<p>x</p>")]);
    let err = Epub::open(none, Limits::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no package document: META-INF/container.xml is missing, and the book has no .opf file"
    );

    let no_spine = zip(&[
        Entry::stored("mimetype", "application/epub+zip"),
        Entry::stored("x.opf", "<package><manifest/></package>"),
    ]);
    assert!(matches!(Epub::open(no_spine, Limits::default()), Err(EpubError::NoSpine(_))));
}

// ---------------------------------------------------------------- hostile

/// A raw deflate stream of `mib` MiB of zeros, made without compressing
/// them all: 1 MiB compressed once, its bytes repeated (a full flush makes
/// each piece stand alone).
fn zeros_deflated(mib: usize) -> Vec<u8> {
    let mut compress = flate2::Compress::new(flate2::Compression::best(), false);
    let mut piece = Vec::with_capacity(8 << 10);
    compress.compress_vec(&vec![0u8; 1 << 20], &mut piece, flate2::FlushCompress::Full).unwrap();
    let mut tail = Vec::with_capacity(64);
    compress.compress_vec(&[], &mut tail, flate2::FlushCompress::Finish).unwrap();
    let mut out = Vec::with_capacity(piece.len() * mib + tail.len());
    for _ in 0..mib {
        out.extend_from_slice(&piece);
    }
    out.extend_from_slice(&tail);
    out
}

/// A book whose only chapter is `bomb`.
fn bomb_book(bomb: Entry) -> Vec<u8> {
    let mut book = Book::new(&[]);
    book.items.push(("c1".into(), "c1.xhtml".into(), "application/xhtml+xml".into()));
    book.spine = Some("<itemref idref=\"c1\"/>".into());
    book.files.push(bomb);
    book.bytes()
}

#[test]
fn the_zero_stream_really_inflates_to_what_it_says() {
    let data = zeros_deflated(3);
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::DeflateDecoder::new(&data[..]), &mut inflated).unwrap();
    assert_eq!(inflated.len(), 3 << 20);
    assert!(data.len() < 16 << 10, "cheap: {} bytes", data.len());
}

#[test]
fn a_zip_bomb_is_refused_at_the_caps_without_inflating_it() {
    let data = zeros_deflated(1024);
    let gib = Entry { name: "OEBPS/c1.xhtml".into(), method: 8, crc: 0, size: 1 << 30, data: data.clone() };
    let started = std::time::Instant::now();
    let err = Epub::open(bomb_book(gib), Limits::default()).unwrap_err();
    assert!(matches!(err, EpubError::EntryTooLarge { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "OEBPS/c1.xhtml: inflates to more than 67108864 bytes (a zip bomb?); the book is refused"
    );
    assert!(started.elapsed().as_secs() < 5, "no hang");

    // Under the size cap but compressed a thousand to one.
    let ratio = Entry { name: "OEBPS/c1.xhtml".into(), method: 8, crc: 0, size: 50 << 20, data: zeros_deflated(50) };
    let err = Epub::open(bomb_book(ratio), Limits::default()).unwrap_err();
    assert!(matches!(err, EpubError::Ratio { ratio: 100, .. }), "{err}");
}

#[test]
fn a_bomb_that_lies_about_its_size_stops_at_the_size_it_declared() {
    let data = zeros_deflated(1024);
    let archive = Archive::open(
        zip(&[Entry { name: "bomb".into(), method: 8, crc: 0, size: 100_000, data }]).into(),
        Limits::default(),
    )
    .unwrap();
    let mut budget = Budget::default();
    let err = archive.read(0, "bomb", None, &mut budget).unwrap_err();
    assert!(matches!(err, EpubError::PastDeclaredSize { declared: 100_000, .. }), "{err}");
    // Never more inflated than declared plus one read's chunk.
    assert!(budget.inflated <= 100_000 + 32 * 1024, "{}", budget.inflated);

    // In a book, the lying chapter is skipped with a notice.
    let lying = Entry { name: "OEBPS/c1.xhtml".into(), method: 8, crc: 0, size: 1000, data: zeros_deflated(64) };
    let (doc, notices) = open(bomb_book(lying)).document(&mut |_, _| {}).unwrap();
    assert!(doc.is_empty());
    assert_eq!(notices.len(), 1);
    assert!(notices[0].contains("inflates past its declared 1000 bytes"), "{notices:?}");
}

#[test]
fn entry_count_and_total_caps_hold() {
    let chapters: Vec<String> = (0..30).map(|i| xhtml(&format!("<p>{i}{}</p>", "x".repeat(500)))).collect();
    let refs: Vec<&str> = chapters.iter().map(String::as_str).collect();
    let bytes = Book::new(&refs).bytes();
    let few = Limits { max_entries: 10, ..Limits::default() };
    let err = Epub::open(bytes.clone(), few).unwrap_err();
    assert_eq!(err.to_string(), "the EPUB has 33 files, more than the 10 emaki reads");
    let small = Limits { max_total_bytes: 10_000, ..Limits::default() };
    let epub = Epub::open(bytes, small).unwrap();
    assert!(matches!(epub.document(&mut |_, _| {}), Err(EpubError::TotalTooLarge { limit: 10_000 })));
}

#[test]
fn an_encrypted_book_is_drm_protected_and_font_obfuscation_is_not() {
    let encryption = |algorithm: &str, uri: &str| {
        Entry::stored(
            "META-INF/encryption.xml",
            format!(
                "<encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\" xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\">\
                 <enc:EncryptedData><enc:EncryptionMethod Algorithm=\"{algorithm}\"/><enc:CipherData>\
                 <enc:CipherReference URI=\"{uri}\"/></enc:CipherData></enc:EncryptedData></encryption>"
            ),
        )
    };
    let mut book = Book::new(&[&xhtml("<p>secret</p>")]);
    book.files.push(encryption("http://www.w3.org/2001/04/xmlenc#aes128-cbc", "OEBPS/c1.xhtml"));
    let err = Epub::open(book.bytes(), Limits::default()).unwrap_err();
    assert_eq!(err.to_string(), "the book is DRM-protected, cannot be read (OEBPS/c1.xhtml is encrypted)");

    for algorithm in ["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"] {
        let mut book = Book::new(&[&xhtml("<p>readable</p>")]);
        book.files.push(encryption(algorithm, "OEBPS/fonts/a.otf"));
        book.files.push(Entry::stored("OEBPS/fonts/a.otf", vec![0x5a; 64]));
        let (doc, _) = read(book.bytes());
        assert_eq!(paragraphs(&doc), ["readable"]);
    }
}

#[test]
fn hrefs_never_leave_the_archive() {
    let mut book = Book::new(&[&xhtml("<p>inside</p>")]);
    book.items.push(("up".into(), "../../etc/passwd".into(), "application/xhtml+xml".into()));
    book.items.push(("abs".into(), "/etc/passwd".into(), "application/xhtml+xml".into()));
    book.items.push(("url".into(), "file:///etc/passwd".into(), "application/xhtml+xml".into()));
    book.spine =
        Some("<itemref idref=\"c1\"/><itemref idref=\"up\"/><itemref idref=\"abs\"/><itemref idref=\"url\"/>".into());
    // Even an entry that the escaping href would reach if it were clamped.
    book.files.push(Entry::stored("etc/passwd.xhtml", "<p>root:x:0:0</p>"));
    let (doc, notices) = read(book.bytes());
    assert_eq!(paragraphs(&doc), ["inside"]);
    assert!(!doc.text().contains("root:"));
    assert_eq!(
        notices,
        [
            "../../etc/passwd: points outside the book; skipped",
            "/etc/passwd: not in the book; skipped",
            "file:///etc/passwd: not part of the book (an external link); skipped"
        ]
    );
}

#[test]
fn missing_spine_files_are_skipped_with_a_notice() {
    let mut book = Book::new(&[&xhtml("<p>kept</p>")]);
    book.items.push(("gone".into(), "gone.xhtml".into(), "application/xhtml+xml".into()));
    book.items.push(("audio".into(), "audio/a.mp3".into(), "audio/mpeg".into()));
    book.spine = Some("<itemref idref=\"gone\"/><itemref idref=\"c1\"/><itemref idref=\"nothing\"/>".into());
    let (doc, notices) = read(book.bytes());
    assert_eq!(paragraphs(&doc), ["kept"]);
    assert_eq!(
        notices,
        ["gone.xhtml: not in the book; skipped", "the spine names nothing, which the manifest lacks; skipped"]
    );
}

#[test]
fn a_chapter_with_bad_data_is_skipped_with_a_notice() {
    let mut bad = Entry::stored("OEBPS/c2.xhtml", xhtml("<p>damaged</p>"));
    bad.crc ^= 1;
    let mut book = Book::new(&[&xhtml("<p>good</p>")]);
    book.items.push(("c2".into(), "c2.xhtml".into(), "application/xhtml+xml".into()));
    book.spine = Some("<itemref idref=\"c1\"/><itemref idref=\"c2\"/>".into());
    book.files.push(bad);
    let (doc, notices) = read(book.bytes());
    assert_eq!(paragraphs(&doc), ["good"]);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].starts_with("OEBPS/c2.xhtml: cannot be read: "), "{notices:?}");
    assert!(notices[0].ends_with("; skipped"));
}

#[test]
fn truncated_or_corrupt_archives_give_one_clear_error() {
    let bytes = Book::new(&[&xhtml("<p>x</p>")]).bytes();
    for cut in [bytes.len() / 2, bytes.len() - 10, 30] {
        let err = Epub::open(bytes[..cut].to_vec(), Limits::default()).unwrap_err();
        assert!(matches!(err, EpubError::Corrupt(_)), "{err}");
        let message = err.to_string();
        assert!(message.starts_with("the EPUB is truncated or corrupt"), "{message}");
        assert!(!message.contains('\n'));
    }
    assert_eq!(Epub::open(b"plain text".to_vec(), Limits::default()).unwrap_err(), EpubError::NotZip);
}

/// A tiny deterministic generator (xorshift) for the fuzz-ish tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn random_and_mutated_books_never_panic() {
    let mut book = Book::new(&[
        &xhtml(
            "<h1 id=\"a\">T</h1><p class=\"x\"><ruby>漢<rt>かん</rt></ruby><em>e</em>&amp;<img alt=\"i\"/></p><table><tr><td>1<td>2</table>",
        ),
        &xhtml("<pre>x\n y</pre><hr/><div style=\"display:none\">h</div>"),
    ]);
    book.items.push(("nav".into(), "nav.xhtml\" properties=\"nav".into(), "application/xhtml+xml".into()));
    book.files.push(Entry::stored(
        "OEBPS/nav.xhtml",
        xhtml("<nav epub:type=\"toc\"><ol><li><a href=\"c1.xhtml#a\">A</a></li></ol></nav>"),
    ));
    let good = book.bytes();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..400 {
        let mut bytes = good.clone();
        if round % 4 == 3 {
            bytes.truncate(rng.below(bytes.len()));
        }
        for _ in 0..1 + rng.below(8) {
            if !bytes.is_empty() {
                let at = rng.below(bytes.len());
                bytes[at] = rng.next() as u8;
            }
        }
        let _ = is_epub(&bytes);
        if let Ok(epub) = Epub::open(bytes, Limits::default()) {
            let _ = epub.head();
            let _ = epub.document(&mut |_, _| {});
        }
    }
    for len in [0, 1, 4, 30, 100, 1000] {
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if len >= 4 {
            bytes[..4].copy_from_slice(b"PK\x03\x04");
        }
        assert!(!is_epub(&bytes));
        assert!(Epub::open(bytes, Limits::default()).is_err());
    }
}

#[test]
fn every_cut_of_a_document_converts_without_panic() {
    let text = xhtml(
        "<p>山路<ruby>漢<rb>字</rb><rt>じ</rt></ruby><em class=\"em-dot\">点</em>&#x5C71;&bogus<br/>x</p><table><tr><td>a</td><td>b</td></tr></table>\
         <pre>\n p</pre><!-- c --><![CDATA[<raw>]]><script>a<b</script><hr/><svg><image/></svg>",
    );
    let sheets = HashMap::new();
    let cx = xhtml::Context { sheets: &sheets, path: "c.xhtml", japanese: true, wanted: None };
    for (cut, _) in text.char_indices() {
        let mut b = DocumentBuilder::new();
        xhtml::convert(&text[..cut], &cx, &mut b, &mut xhtml::Found::default());
        assert!(b.finish().is_ok(), "cut at {cut}");
    }
}
