//! The Aozora Bunko parser on the two real novels of `tests/data`:
//! 夢野久作『ドグラ・マグラ』 (1.4 MB, 7,001 `《`) and 江戸川乱歩『心理試験』.

use emaki::engine::document::rich::{Align, Format, Style};
use emaki::engine::formats::aozora::{self, Parsed};

const DOGRA: &str = include_str!("data/yumeno_dogra-magra.utf8.txt");
const SHINRI: &str = include_str!("data/edogawa_shinri-shiken.utf8.txt");

fn parse(text: &str) -> Parsed {
    aozora::parse(text.to_owned()).expect("the novel parses")
}

/// `《` in the notation legend, which is removed with its examples:
/// ドグラ・マグラ has `《》：ルビ`, 蜜蜂《みつばち》, 大の字｜型《なり》 and
/// 五｜月《がつ》於《おいて》; 心理試験 has `《》：ルビ`, 蕗屋清一郎《…》 and
/// 又｜仮令《たとい》.
const LEGEND_BRACKETS: [(&str, usize); 2] = [("dogra", 5), ("shinri", 3)];

#[test]
fn both_novels_are_detected_as_aozora() {
    assert!(aozora::is_aozora(DOGRA));
    assert!(aozora::is_aozora(SHINRI));
}

#[test]
fn the_reading_text_holds_no_markup() {
    for text in [DOGRA, SHINRI] {
        let parsed = parse(text);
        let reading = parsed.doc.text();
        for markup in ["《", "》", "［＃", "｜", "※［", "-------", "【テキスト中に現れる記号について】"]
        {
            assert!(!reading.contains(markup), "{markup} in the reading text");
        }
        assert!(parsed.unknown.is_empty(), "{:?}", parsed.unknown);
        assert_eq!(parsed.doc.metadata().format, Format::Aozora);
    }
}

#[test]
fn every_ruby_of_the_body_is_parsed() {
    for ((name, legend), text) in LEGEND_BRACKETS.into_iter().zip([DOGRA, SHINRI]) {
        let doc = parse(text).doc;
        let brackets = text.matches('《').count();
        assert_eq!(doc.rich().ruby.len(), brackets - legend, "{name}: every 《 outside the legend is a ruby");
        assert!(doc.rich().ruby.iter().all(|r| !doc.reading(r).is_empty()));
    }
}

#[test]
fn ruby_bases_are_where_the_notation_puts_them() {
    let shinri = parse(SHINRI).doc;
    let dogra = parse(DOGRA).doc;
    let pairs = |doc: &emaki::engine::document::Document| -> Vec<(String, String)> {
        doc.rich().ruby.iter().map(|r| (doc.text()[r.base()].to_owned(), doc.reading(r).to_owned())).collect()
    };
    let shinri_ruby = pairs(&shinri);
    let dogra_ruby = pairs(&dogra);
    let has =
        |list: &[(String, String)], base: &str, reading: &str| list.iter().any(|(b, r)| b == base && r == reading);
    assert!(shinri.text().contains("蕗屋清一郎が、何故これから記す様な"));
    assert!(has(&shinri_ruby, "何故", "なぜ") && has(&shinri_ruby, "記", "しる"));
    assert!(has(&shinri_ruby, "仮令", "たとい"), "又｜仮令《たとい》");
    // A bar inside a run of kanji: 焼｜麺麭《パン》, 二｜間《けん》.
    assert!(dogra.text().contains("焼麺麭") && has(&dogra_ruby, "麺麭", "パン"));
    assert!(dogra.text().contains("二間四方") && has(&dogra_ruby, "間", "けん"));
    // A missing glyph inside a base: 顳※［＃「需＋頁」…］《こめかみ》.
    assert!(has(&dogra_ruby, "顳顬", "こめかみ"));
    // A lone symbol as its base: ？《インタロゲーションマーク》.
    assert!(has(&dogra_ruby, "？", "インタロゲーションマーク"));
}

#[test]
fn the_headings_of_shinri_shiken_are_its_table_of_contents() {
    let doc = parse(SHINRI).doc;
    let toc: Vec<(&str, u8)> = doc.rich().toc.iter().map(|t| (t.title.as_str(), t.level)).collect();
    assert_eq!(toc, [("一", 2), ("二", 2), ("三", 2), ("四", 2), ("五", 2), ("六", 2)]);
    for entry in &doc.rich().toc {
        let p = entry.paragraph as usize;
        assert_eq!(doc.paragraph(p), entry.title);
        assert_eq!((doc.block(p).heading, doc.block(p).indent), (2, 8));
    }
}

#[test]
fn header_and_colophon() {
    for (text, title, author) in [(DOGRA, "ドグラ・マグラ", "夢野久作"), (SHINRI, "心理試験", "江戸川乱歩")]
    {
        let doc = parse(text).doc;
        assert_eq!(doc.metadata().title.as_deref(), Some(title));
        assert_eq!(doc.metadata().authors, [author]);
        assert_eq!((doc.paragraph(0), doc.paragraph(1)), (title, author));
        assert_eq!(doc.block(0).align, Align::Center);
        let colophon = doc.rich().colophon.expect("a colophon") as usize;
        assert!(doc.paragraph(colophon).starts_with("底本："));
        assert!(doc.paragraph(doc.paragraph_count() - 1).contains("青空文庫"), "the colophon stays as text");
        assert!(!doc.paragraph(colophon - 1).starts_with("底本"));
    }
}

#[test]
fn missing_glyphs_resolve_but_one_with_no_code() {
    let doc = parse(DOGRA).doc;
    // 22 notes in the body (one more is a legend example): 21 name a JIS X
    // 0213 cell or a code point, 感嘆符三つ only a page and line.
    let notes: Vec<&str> =
        doc.rich().spans.iter().filter(|s| s.style == Style::Note).map(|s| &doc.text()[s.range()]).collect();
    assert_eq!(notes, ["〔感嘆符三つ〕"]);
    for resolved in ["Ⅰ、Ⅱ、Ⅲ、Ⅳ、Ⅴ", "果然と‼", "辵", "懚", "流熒", "顳顬", "青琅玕"] {
        assert!(doc.text().contains(resolved), "{resolved}");
    }
}

#[test]
fn emphasis_and_blocks_of_dogra_magra() {
    let doc = parse(DOGRA).doc;
    let rich = doc.rich();
    let dots = rich.spans.iter().filter(|s| matches!(s.style, Style::Dots(_))).count();
    let bold = rich.spans.iter().filter(|s| s.style == Style::Bold).count();
    assert_eq!((dots, bold), (97, 62), "every 傍点 and 太字 reference found its text");
    assert_eq!(rich.page_breaks.len(), 1);
    let boxed = (0..doc.paragraph_count()).filter(|&p| doc.block(p).boxed).count();
    assert!(boxed > 0 && (0..doc.paragraph_count()).any(|p| doc.block(p).measure == 20));
    let raised = (0..doc.paragraph_count()).filter(|&p| matches!(doc.block(p).align, Align::End { .. })).count();
    assert!(raised >= 8, "地からN字上げ lines and blocks: {raised}");
}

#[test]
fn a_large_text_is_parsed_in_its_own_buffer_with_small_side_tables() {
    let mut text = String::with_capacity(DOGRA.len() * 8);
    for _ in 0..8 {
        text.push_str(DOGRA);
        text.push('\n');
    }
    let (pointer, capacity, len) = (text.as_ptr(), text.capacity(), text.len());
    let doc = aozora::parse(text).expect("parses").doc;
    assert_eq!(doc.text().as_ptr(), pointer, "the reading text is the input's buffer");
    assert!(doc.text().len() < len);
    let tables = doc.rich().heap_bytes();
    assert!(tables * 5 < capacity, "side tables {tables} bytes for {capacity} bytes of text");
    assert_eq!(doc.rich().ruby.len(), 8 * 6_996 + 7 * 4, "the legend of the copies after the first is text");
}

#[test]
fn a_shift_jis_original_with_crlf_gives_the_same_document_as_its_utf8_twin() {
    use emaki::cli::input::from_bytes;
    for name in ["edogawa_shinri-shiken.utf8.txt", "yumeno_dogra-magra.utf8.txt"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
        let utf8 = std::fs::read_to_string(&path).unwrap();
        let crlf = utf8.replace('\n', "\r\n");
        let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&crlf);
        assert!(!unmappable, "{name} is Shift_JIS text");
        let original = from_bytes(sjis.into_owned(), name.into(), None, Default::default()).unwrap();
        let twin = from_bytes(utf8.into_bytes(), name.into(), None, Default::default()).unwrap();
        let (a, b) = (&original.doc, &twin.doc);
        assert_eq!(a.paragraph_count(), b.paragraph_count(), "{name}");
        assert!(a.paragraphs().eq(b.paragraphs()), "{name}: the reading texts differ");
        assert_eq!(a.content_hash(), b.content_hash(), "{name}");
        let readings = |d: &emaki::engine::document::Document| -> Vec<String> {
            d.rich().ruby.iter().map(|r| d.reading(r).to_owned()).collect()
        };
        assert_eq!(readings(a), readings(b), "{name}: ruby");
        assert_eq!(a.rich().toc, b.rich().toc, "{name}: headings");
        assert_eq!(a.metadata(), b.metadata(), "{name}: metadata");
        assert_eq!(a.rich().spans.len(), b.rich().spans.len(), "{name}: styles");
        assert_eq!(a.rich().colophon, b.rich().colophon, "{name}: colophon");
    }
}

/// `--ruby above` on both novels at several widths: every reading on the
/// row above its line stays inside the line, readings and dots never
/// overlap, and a reading whose base is whole on the line stands over the
/// base's cells (the base spaced out to it when it is the wider).
#[test]
fn readings_above_stand_over_their_bases_and_never_overlap() {
    use emaki::cli::input::document_of;
    use emaki::engine::layout::{LayoutOptions, Layouter, placements_shaped};
    use emaki::engine::typeset::{RubyMode, ViewOptions, typeset};
    use unicode_width::UnicodeWidthStr;

    for (name, text) in [("dogra", DOGRA), ("shinri", SHINRI)] {
        let (doc, _) = document_of(text.to_owned()).expect("the novel is a document");
        for width in [20, 41, 80] {
            let view =
                ViewOptions { ruby: RubyMode::Above, ..ViewOptions::horizontal(LayoutOptions::with_width(width)) };
            let mut layouter = Layouter::new();
            let mut lines = Vec::new();
            let (mut whole, mut checked, mut cut) = (0, 0, 0);
            for p in 0..doc.paragraph_count() {
                let set = typeset(&doc, p, &view);
                if set.rubies().is_empty() {
                    continue;
                }
                lines.clear();
                set.layout(&mut layouter, &mut lines);
                for line in &lines {
                    let notes = set.annotations(line);
                    let mut end = 0;
                    for a in &notes {
                        let cells = a.text.width();
                        assert!(
                            a.x >= end,
                            "{name} w{width} ¶{p}: {:?} overlaps the one before: {notes:?} {:?}",
                            a.text,
                            &set.text()[line.range()]
                        );
                        assert!(
                            a.x + cells <= line.width as usize,
                            "{name} w{width} ¶{p}: {:?} passes the line",
                            a.text
                        );
                        end = a.x + cells;
                    }
                    let placed = placements_shaped(set.text(), line, set.options(), &set.shape());
                    for ruby in set.rubies().iter().filter(|r| line.range().contains(&r.base.start)) {
                        if ruby.base.end > line.end as usize {
                            continue;
                        }
                        whole += 1;
                        // The base's cells, with the blank cells the layout
                        // left around it to space it out to a wider reading.
                        let inside = |c: &emaki::engine::layout::Placement| ruby.base.contains(&c.bytes.start);
                        let first = placed.iter().position(inside).expect("the base is on the line");
                        let last = placed.iter().rposition(inside).expect("the base is on the line");
                        let from = first.checked_sub(1).map_or(0, |i| placed[i].x + placed[i].width);
                        let to = placed.get(last + 1).map_or(line.width as usize, |c| c.x);
                        // A reading wider than the line's room is cut with `…`.
                        // It moves back to the line's start then, over
                        // some of its base at least.
                        let shows = |a: &&emaki::engine::typeset::Annotation| {
                            let is_cut = a.text.strip_suffix('…').is_some_and(|cut| ruby.reading.starts_with(cut));
                            (a.text == ruby.reading && from <= a.x && a.x < to)
                                || (is_cut && a.x < to && from < a.x + a.text.width())
                        };
                        let note = notes.iter().find(shows);
                        let note = note.unwrap_or_else(|| {
                            panic!(
                                "{name} w{width} ¶{p}: {} has no reading over cells {from}..{to}: {notes:?}",
                                ruby.reading
                            )
                        });
                        if note.text == ruby.reading {
                            assert!(
                                note.x + note.text.width() <= to,
                                "{name} w{width} ¶{p}: {} runs past its base",
                                ruby.reading
                            );
                        } else {
                            cut += 1;
                        }
                        checked += 1;
                    }
                }
            }
            assert!(checked > 50 && checked == whole, "{name} w{width}: {checked} of {whole}");
            assert!(cut * 100 < checked, "{name} w{width}: {cut} of {checked} readings cut");
        }
    }
}
