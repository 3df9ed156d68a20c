//! The parser on small texts, one notation at a time.

use super::*;
use crate::engine::document::rich::{Align, Block, DotKind, Format, LineKind, Style};

fn parse_ok(text: &str) -> Parsed {
    parse(text.to_owned()).expect("parses")
}

fn read(text: &str) -> Document {
    let parsed = parse_ok(text);
    assert_eq!(parsed.unknown, [], "no unknown annotations in {text:?}");
    parsed.doc
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.paragraphs().collect()
}

/// Every ruby as (base, reading).
fn ruby(doc: &Document) -> Vec<(&str, &str)> {
    doc.rich().ruby.iter().map(|r| (&doc.text()[r.base()], doc.reading(r))).collect()
}

/// Every span as (text, style).
fn spans(doc: &Document) -> Vec<(&str, Style)> {
    doc.rich().spans.iter().map(|s| (&doc.text()[s.range()], s.style)).collect()
}

// Paragraphs.

#[test]
fn lines_are_paragraphs_and_blank_lines_are_remembered() {
    let doc = read("一行目  \r\n\u{3000}二行目\n\n\n三行目\n");
    assert_eq!(paragraphs(&doc), ["一行目", "\u{3000}二行目", "三行目"]);
    assert_eq!(doc.rich().after_blank, [2]);
    assert_eq!(doc.metadata().format, Format::Aozora);
}

#[test]
fn lines_of_nothing_but_markup_are_neither_paragraphs_nor_blank() {
    let doc = read("前\n［＃改ページ］\n［＃ここから２字下げ］\n後\n［＃ここで字下げ終わり］\n\n最後");
    assert_eq!(paragraphs(&doc), ["前", "後", "最後"]);
    assert_eq!(doc.rich().after_blank, [2], "only the real blank line counts");
    assert_eq!(doc.rich().page_breaks, [1]);
    assert_eq!(doc.block(1).indent, 2);
}

#[test]
fn the_reading_text_reuses_the_input_buffer() {
    let text = "題\n\n漢字《かんじ》と［＃「と」に傍点］本文。".to_owned();
    let pointer = text.as_ptr();
    let doc = parse(text).unwrap().doc;
    assert_eq!(doc.text().as_ptr(), pointer, "no copy of the text");
    assert_eq!(doc.text(), "題\n漢字と本文。");
}

// Ruby.

#[test]
fn ruby_bases_run_back_over_one_script() {
    let doc = read("　蕗屋清一郎《ふきやせいいちろう》が、何故《なぜ》これから記《しる》す。");
    assert_eq!(paragraphs(&doc), ["　蕗屋清一郎が、何故これから記す。"]);
    assert_eq!(ruby(&doc), [("蕗屋清一郎", "ふきやせいいちろう"), ("何故", "なぜ"), ("記", "しる")]);
}

#[test]
fn a_base_stops_where_the_script_changes() {
    let doc = read("の骸顱《がいろ》が自分《じぶん》の");
    assert_eq!(paragraphs(&doc), ["の骸顱が自分の"]);
    assert_eq!(ruby(&doc), [("骸顱", "がいろ"), ("自分", "じぶん")]);
}

#[test]
fn a_bar_marks_the_start_of_the_base() {
    let doc = read("小｜楷字《かいじ》で、大の字｜型《なり》に。");
    assert_eq!(paragraphs(&doc), ["小楷字で、大の字型に。"]);
    assert_eq!(ruby(&doc), [("楷字", "かいじ"), ("型", "なり")]);
}

#[test]
fn consecutive_rubies_do_not_share_a_base() {
    let doc = read("漢字《かんじ》仮名《かな》、怖《こ》わ怖《ご》わ");
    assert_eq!(ruby(&doc), [("漢字", "かんじ"), ("仮名", "かな"), ("怖", "こ"), ("怖", "ご")]);
}

#[test]
fn a_bar_without_ruby_after_it_is_an_ordinary_character() {
    let doc = read("7日（土）｜8日（日）");
    assert_eq!(paragraphs(&doc), ["7日（土）｜8日（日）"]);
    let doc = read("a｜b｜漢《かん》");
    assert_eq!(paragraphs(&doc), ["a｜b漢"]);
    assert_eq!(ruby(&doc), [("漢", "かん")]);
}

#[test]
fn annotation_ruby_and_annotations_inside_a_reading() {
    let doc = read("青空文庫［＃「青空文庫」に「あおぞらぶんこ」のルビ］へ。籠《ざる［＃「ざる」はママ］》");
    assert_eq!(paragraphs(&doc), ["青空文庫へ。籠"]);
    assert_eq!(ruby(&doc), [("青空文庫", "あおぞらぶんこ"), ("籠", "ざる")]);
}

#[test]
fn a_missing_glyph_is_part_of_a_kanji_base() {
    let doc = read("ヒクヒクと顳※［＃「需＋頁」、第3水準1-94-6］《こめかみ》が");
    assert_eq!(paragraphs(&doc), ["ヒクヒクと顳顬が"]);
    assert_eq!(ruby(&doc), [("顳顬", "こめかみ")]);
}

// Emphasis.

#[test]
fn emphasis_refers_back_to_the_nearest_text() {
    let doc = read("こう、こう考えた［＃「こう」に傍点］。線［＃「線」の左に二重傍線］");
    assert_eq!(paragraphs(&doc), ["こう、こう考えた。線"]);
    let spans = doc.rich().spans.clone();
    assert_eq!(spans[0].start, "こう、".len() as u32, "the nearest こう");
    assert_eq!(self::spans(&doc), [("こう", Style::Dots(DotKind::Sesame)), ("線", Style::Line(LineKind::Double))]);
}

#[test]
fn a_reference_names_the_reading_text_even_when_quoted_with_ruby() {
    let doc =
        read("鼾声《かんせい》雷《らい》の如く［＃「鼾声《かんせい》雷の如く」は太字］、また［＃「鼾声雷」に丸傍点］");
    assert_eq!(spans(&doc), [("鼾声雷の如く", Style::Bold), ("鼾声雷", Style::Dots(DotKind::Circle))]);
}

#[test]
fn every_kind_of_emphasis() {
    let kinds = [
        ("傍点", Style::Dots(DotKind::Sesame)),
        ("白ゴマ傍点", Style::Dots(DotKind::WhiteSesame)),
        ("丸傍点", Style::Dots(DotKind::Circle)),
        ("白丸傍点", Style::Dots(DotKind::WhiteCircle)),
        ("黒三角傍点", Style::Dots(DotKind::Triangle)),
        ("白三角傍点", Style::Dots(DotKind::WhiteTriangle)),
        ("二重丸傍点", Style::Dots(DotKind::DoubleCircle)),
        ("蛇の目傍点", Style::Dots(DotKind::Fisheye)),
        ("ばつ傍点", Style::Dots(DotKind::Cross)),
        ("傍線", Style::Line(LineKind::Solid)),
        ("二重傍線", Style::Line(LineKind::Double)),
        ("鎖線", Style::Line(LineKind::Chain)),
        ("破線", Style::Line(LineKind::Dashed)),
        ("波線", Style::Line(LineKind::Wavy)),
    ];
    for (name, style) in kinds {
        let doc = read(&format!("前［＃{name}］強調［＃{name}終わり］後と語［＃「語」の左に{name}］"));
        assert_eq!(paragraphs(&doc), ["前強調後と語"], "{name}");
        assert_eq!(spans(&doc), [("強調", style), ("語", style)], "{name}");
    }
}

#[test]
fn bold_and_italic_in_every_form() {
    let doc =
        read("［＃太字］太［＃太字終わり］と斜［＃「斜」は斜体］\n［＃ここから太字］\n一\n二\n［＃ここで太字終わり］");
    assert_eq!(spans(&doc), [("太", Style::Bold), ("斜", Style::Italic), ("一", Style::Bold), ("二", Style::Bold)]);
}

#[test]
fn a_range_left_open_at_a_line_end_goes_on_in_the_next_paragraph() {
    let doc = read("一［＃傍点］二\n三［＃傍点終わり］四");
    assert_eq!(spans(&doc), [("二", Style::Dots(DotKind::Sesame)), ("三", Style::Dots(DotKind::Sesame))]);
}

// Blocks.

#[test]
fn one_line_and_block_indents() {
    let doc = read(
        "［＃８字下げ］一\n［＃ここから３字下げ］\n引用\n［＃ここで字下げ終わり］\n［＃ここから２字下げ、折り返して４字下げ］\n項目\n［＃ここで字下げ終わり］\n［＃ここから改行天付き、折り返して１字下げ］\n箇条\n［＃ここで字下げ終わり］\n本文",
    );
    assert_eq!(paragraphs(&doc), ["一", "引用", "項目", "箇条", "本文"]);
    let indents: Vec<(u8, u8)> = (0..5).map(|p| (doc.block(p).indent, doc.block(p).wrap_indent)).collect();
    assert_eq!(indents, [(8, 8), (3, 3), (2, 4), (0, 1), (0, 0)]);
}

#[test]
fn numbers_may_be_ascii_full_width_or_kanji() {
    let doc = read("［＃３字下げ］a\n［＃10字下げ］b\n［＃１０字下げ］c\n［＃三字下げ］d\n［＃十二字下げ］e");
    let indents: Vec<u8> = (0..5).map(|p| doc.block(p).indent).collect();
    assert_eq!(indents, [3, 10, 10, 3, 12]);
}

#[test]
fn raised_lines_and_a_raise_in_the_middle_of_a_line() {
    let doc = read(
        "［＃地付き］署名\n［＃地から２字上げ］一記者\n延宝七年七月七日［＃地から３字上げ］一行しるす\n［＃ここから地から１字上げ］\n甲\n［＃ここで字上げ終わり］\n乙",
    );
    assert_eq!(paragraphs(&doc), ["署名", "一記者", "延宝七年七月七日", "一行しるす", "甲", "乙"]);
    let aligns: Vec<Align> = (0..6).map(|p| doc.block(p).align).collect();
    assert_eq!(
        aligns,
        [
            Align::End { raise: 0 },
            Align::End { raise: 2 },
            Align::Start,
            Align::End { raise: 3 },
            Align::End { raise: 1 },
            Align::Start
        ]
    );
    assert!(doc.continues_line(3) && !doc.continues_line(2) && !doc.continues_line(4));
    assert_eq!(doc.text(), "署名\n一記者\n延宝七年七月七日\n一行しるす\n甲\n乙");
}

#[test]
fn centred_pages_boxes_and_measures() {
    let doc = read(
        "［＃ページの左右中央］\n巻頭歌\n［＃改ページ］\n本文\n［＃ここから２０字詰め］\n［＃ここから罫囲み］\n名刺\n［＃ここで罫囲み終わり］\n［＃ここで字詰め終わり］\n後",
    );
    assert_eq!(paragraphs(&doc), ["巻頭歌", "本文", "名刺", "後"]);
    assert_eq!(doc.block(0).align, Align::Center);
    assert!(doc.block(1).is_plain(), "centring ends at the page break");
    assert_eq!(doc.block(2), Block { boxed: true, measure: 20, ..Block::default() });
    assert!(doc.block(3).is_plain());
    assert_eq!(doc.rich().page_breaks, [1]);
}

#[test]
fn every_page_break() {
    let doc = read("一\n［＃改ページ］\n二\n［＃改丁］\n三\n［＃改段］\n四\n［＃改見開き］\n五\n終［＃改ページ］\n六");
    assert_eq!(doc.rich().page_breaks, [1, 2, 3, 4, 6], "a break after text breaks before the next paragraph");
}

// Headings.

#[test]
fn headings_in_every_form_make_the_table_of_contents() {
    let doc = read(
        "［＃８字下げ］一［＃「一」は中見出し］\n本文\n［＃大見出し］第二部［＃大見出し終わり］\n［＃ここから小見出し］\n節\n［＃ここで小見出し終わり］\n序［＃「序」は同行中見出し］本文\n窓［＃「窓」は窓小見出し］本文",
    );
    let toc: Vec<(u32, u8, &str)> = doc.rich().toc.iter().map(|t| (t.paragraph, t.level, t.title.as_str())).collect();
    assert_eq!(toc, [(0, 2, "一"), (2, 1, "第二部"), (3, 3, "節"), (4, 2, "序"), (5, 3, "窓")]);
    assert_eq!((doc.block(0).heading, doc.block(0).indent), (2, 8));
    assert_eq!((doc.block(1).heading, doc.block(2).heading, doc.block(3).heading), (0, 1, 3));
}

#[test]
fn a_heading_range_over_lines_is_titled_by_its_first_line() {
    let doc = read("［＃中見出し］\n上の句\n下の句［＃中見出し終わり］\n本文");
    assert_eq!(doc.rich().toc.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(), ["上の句"]);
    assert_eq!((doc.block(0).heading, doc.block(1).heading, doc.block(2).heading), (2, 2, 0));
}

// Figures and missing glyphs.

#[test]
fn figures_become_notes() {
    let doc = read(
        "［＃挿絵（fig01.png）入る］\n［＃「第一図」のキャプション付きの図（fig1.png、横321×縦123）入る］\n［＃聯想診断の記録の表（fig56646_01.png、横1225×縦2487）入る］",
    );
    assert_eq!(paragraphs(&doc), ["［図］", "［図：第一図］", "［図：聯想診断の記録の表］"]);
    assert!(spans(&doc).iter().all(|&(text, style)| style == Style::Note && text.starts_with('［')));
    assert_eq!(spans(&doc).len(), 3);
}

#[test]
fn missing_glyphs_resolve_or_become_notes() {
    let doc = read(
        "※［＃「にんべん＋爾」、第3水準1-14-45］※［＃「やまいだれ＋重」、第4水準2-81-58］※［＃「魚＋昜」、U+9B90、123-4］※［＃ローマ数字1、1-13-21］※［＃感嘆符二つ、1-8-75］※［＃二の字点、1-2-22］、※［＃感嘆符三つ、626-10］",
    );
    assert_eq!(paragraphs(&doc), ["儞瘇鮐Ⅰ‼〻、〔感嘆符三つ〕"]);
    assert_eq!(spans(&doc), [("〔感嘆符三つ〕", Style::Note)]);
}

#[test]
fn accented_latin_in_tortoise_shell_brackets() {
    let doc = read("画家〔Ce'zanne〕と〔注〕");
    assert_eq!(paragraphs(&doc), ["画家Cézanneと〔注〕"]);
}

// Front and back matter.

const FRONT: &str = "心理試験\n江戸川乱歩\n\n-------------------------------------------------------\n【テキスト中に現れる記号について】\n\n《》：ルビ\n（例）蕗屋清一郎《ふきやせいいちろう》\n\n［＃］：入力者注\n（例）［＃８字下げ］\n-------------------------------------------------------\n\n［＃８字下げ］一［＃「一」は中見出し］\n\n　本文《ほんぶん》。\n\n\n\n底本：「江戸川乱歩全集」光文社\n入力：砂場清隆\n";

#[test]
fn the_header_is_metadata_the_legend_goes_and_the_colophon_stays() {
    let doc = read(FRONT);
    assert_eq!(
        paragraphs(&doc),
        ["心理試験", "江戸川乱歩", "一", "　本文。", "底本：「江戸川乱歩全集」光文社", "入力：砂場清隆"]
    );
    assert_eq!(doc.metadata().title.as_deref(), Some("心理試験"));
    assert_eq!(doc.metadata().authors, ["江戸川乱歩"]);
    assert_eq!(doc.title(20), "心理試験");
    assert_eq!((doc.block(0).align, doc.block(1).align), (Align::Center, Align::Center));
    assert_eq!(doc.rich().colophon, Some(4));
    assert_eq!(doc.rich().after_blank, [2, 3, 4]);
    assert_eq!(ruby(&doc), [("本文", "ほんぶん")], "the legend's examples are gone");
}

#[test]
fn source_lines_of_unknown_annotations_count_the_legend() {
    let text = FRONT.replace("　本文《ほんぶん》。", "　本文［＃謎の注記］。");
    let parsed = parse_ok(&text);
    let line = text.lines().position(|l| l.contains("謎")).unwrap() + 1;
    assert_eq!(parsed.unknown, [UnknownAnnotation { line, text: "［＃謎の注記］".into() }]);
    assert_eq!(parsed.doc.paragraph(3), "　本文。");
}

// Annotations with no effect, and unknown ones.

#[test]
fn annotations_without_visual_effect_are_dropped_silently() {
    let doc = read(
        "（ａ）［＃「（ａ）」は縦中横］紋附［＃「紋附」は底本では「絞附」］（［＃割り注］註［＃割り注終わり］）五｜月《がつ》於《おいて》［＃二］西［＃「西」は５段階大きな文字］",
    );
    assert_eq!(paragraphs(&doc), ["（ａ）紋附（註）五月於西"]);
    assert!(spans(&doc).is_empty());
}

#[test]
fn unknown_and_unapplicable_annotations_are_reported_and_dropped() {
    let parsed = parse_ok("本文［＃謎］\n［＃「無い」に傍点］\n［＃ここで字下げ終わり］\n終［＃傍点終わり］");
    let reported: Vec<(usize, &str)> = parsed.unknown.iter().map(|u| (u.line, u.text.as_str())).collect();
    assert_eq!(
        reported,
        [(1, "［＃謎］"), (2, "［＃「無い」に傍点］"), (3, "［＃ここで字下げ終わり］"), (4, "［＃傍点終わり］")]
    );
    assert_eq!(paragraphs(&parsed.doc), ["本文", "終"]);
}

#[test]
fn a_very_long_line_is_cut_into_continuing_paragraphs() {
    let sentence = "漢字《かんじ》の文、長い。";
    let count = crate::engine::document::MAX_PARAGRAPH_BYTES * 5 / 2 / "漢字の文、長い。".len();
    let doc = read(&format!("{}\n次", sentence.repeat(count)));
    assert_eq!(doc.paragraph_count(), 4, "three pieces and the next line");
    for p in 0..3 {
        assert!(doc.paragraph(p).len() <= crate::engine::document::MAX_PARAGRAPH_BYTES);
        let text = doc.paragraph(p);
        let cut_end = if p < 2 { "長い" } else { "長い。" };
        assert!(text.ends_with(cut_end), "not after a 。 where a ruby base starts, but before it");
        assert_eq!(doc.continues_line(p), p > 0);
    }
    assert_eq!(doc.rich().ruby.len(), count, "no ruby lost at the cuts");
    assert!(!doc.continues_line(3));
    // A line bold from end to end cannot be cut.
    let doc = read(&format!("［＃太字］{}［＃太字終わり］", sentence.repeat(count)));
    assert_eq!(doc.paragraph_count(), 1);
}

// Bad input.

#[test]
fn broken_ruby_stays_text() {
    let doc = read("開き《だけ\n閉じ》だけ\n「《よみ》\n空《》だ");
    assert_eq!(paragraphs(&doc), ["開き《だけ", "閉じ》だけ", "「《よみ》", "空だ"]);
    assert!(doc.rich().ruby.is_empty());
}

#[test]
fn unclosed_annotations_are_dropped_and_the_text_after_them_kept() {
    let parsed = parse_ok("前［＃閉じない\n後※［＃「x」、1-1-1");
    assert_eq!(paragraphs(&parsed.doc), ["前閉じない", "後※「x」、1-1-1"]);
    assert_eq!(parsed.unknown.len(), 2);
    let parsed = parse_ok("［＃");
    assert!(parsed.doc.is_empty());
}

#[test]
fn a_long_reading_and_an_annotation_in_a_reading() {
    let reading = "よ".repeat(2000);
    let doc = read(&format!("字《{reading}》"));
    assert_eq!(ruby(&doc), [("字", reading.as_str())]);
}

#[test]
fn markup_never_combines_into_an_annotation_opener() {
    for text in ["［［＃謎］＃", "［｜＃《よ》", "［※［＃「x」、第3水準1-1-84］", "［［＃", "［＃［＃］］"]
    {
        let parsed = parse_ok(text);
        assert!(!parsed.doc.text().contains("［＃"), "{text:?} gave {:?}", parsed.doc.text());
    }
}

#[test]
fn dropped_openers_never_leave_a_bracket_before_a_hash() {
    // Each unclosed `［＃` is dropped (and reported); the `［` before them
    // and the run of `＃` after them must not make a new opener (found by
    // proptest).
    for text in ["［［＃［＃＃＃", "［［＃＃＃", "あ［［＃＃い", "［※［＃＃＃"] {
        let parsed = parse_ok(text);
        assert!(!parsed.unknown.is_empty(), "{text:?}: the unclosed opener is reported");
        assert!(!parsed.doc.text().contains("［＃"), "{text:?} gave {:?}", parsed.doc.text());
    }
    assert_eq!(paragraphs(&parse_ok("［［＃［＃＃＃").doc), ["［"]);
}
