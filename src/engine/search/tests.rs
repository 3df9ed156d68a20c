// Expected match lists are arrays of ranges, one-element ones included.
#![allow(clippy::single_range_in_vec_init)]

use super::*;

fn find<'h>(query: &str, haystack: &'h str) -> Vec<&'h str> {
    Query::new(query).unwrap().find_all(haystack).into_iter().map(|r| &haystack[r]).collect()
}

fn ranges(query: &str, haystack: &str) -> Vec<Range<usize>> {
    Query::new(query).unwrap().find_all(haystack)
}

#[test]
fn an_empty_query_is_refused() {
    assert!(Query::new("").is_none());
    assert_eq!(Query::new(" ").unwrap().folded(), " ");
}

#[test]
fn full_width_and_case_are_ignored_both_ways() {
    let text = "上海協力機構(SCO)とＳＣＯとsco";
    assert_eq!(find("SCO", text), ["SCO", "ＳＣＯ", "sco"]);
    assert_eq!(find("ＳＣＯ", text), ["SCO", "ＳＣＯ", "sco"]);
    assert_eq!(find("ｓｃｏ", text), ["SCO", "ＳＣＯ", "sco"]);
    assert_eq!(find("３０", "「黄金の30年」"), ["30"]);
    assert_eq!(find("30", "３０年"), ["３０"]);
}

#[test]
fn half_width_katakana_match_full_width() {
    assert_eq!(find("ｶﾀｶﾅ", "カタカナとｶﾀｶﾅ"), ["カタカナ", "ｶﾀｶﾅ"]);
    // ﾊﾞ is two characters that fold into one.
    assert_eq!(find("ﾊﾞ", "バス"), ["バ"]);
    assert_eq!(find("バ", "ﾊﾞｽ"), ["ﾊﾞ"]);
    assert_eq!(ranges("ﾊﾞｽ", "のﾊﾞｽ"), [3..12]);
    // ハ is not バ: the voiced mark belongs to the unit.
    assert!(find("ﾊ", "バス").is_empty());
    assert!(find("ハ", "ﾊﾞｽ").is_empty());
}

#[test]
fn kana_and_kanji_match_as_written() {
    assert!(find("かたかな", "カタカナ").is_empty());
    assert!(find("が", "か").is_empty());
    assert_eq!(find("一帯一路", "一帯一路の原則と「一帯一路」"), ["一帯一路", "一帯一路"]);
}

#[test]
fn expansions_match_whole_or_not_at_all() {
    // ㍻ folds to 平成: a match must cover it whole.
    assert_eq!(ranges("平成", "㍻元年"), [0..3]);
    assert_eq!(ranges("平成元", "㍻元年"), [0..6]);
    assert!(find("成元", "㍻元年").is_empty());
    assert!(find("平", "㍻").is_empty());
    // A rejected partial match does not hide a later real one.
    assert_eq!(ranges("成元", "㍻元年、平成元年"), [15..21]);
    assert_eq!(find("fi", "ﬁ fi"), ["ﬁ", "fi"]);
}

#[test]
fn no_match_gives_nothing() {
    assert!(find("SCO", "上海協力機構").is_empty());
    assert!(find("帯", "").is_empty());
    assert!(find("長いクエリ", "長い").is_empty());
}

#[test]
fn matches_do_not_overlap_and_may_touch() {
    assert_eq!(ranges("aa", "aaa"), [0..2]);
    assert_eq!(ranges("aa", "aaaa"), [0..2, 2..4]);
    assert_eq!(ranges("ab", "abAB"), [0..2, 2..4]);
    assert_eq!(ranges("ＡＡ", "aAa"), [0..2]);
    assert_eq!(ranges("のの", "ののの"), [0..6]);
}

#[test]
fn combining_marks_stay_with_their_letter() {
    assert!(find("e", "e\u{0301}").is_empty());
    assert_eq!(find("é", "e\u{0301}"), ["e\u{0301}"]);
    assert_eq!(find("E\u{0301}", "café"), ["é"]);
    assert!(find("q", "q\u{0303}").is_empty());
}

#[test]
fn the_article_finds_sco_in_paragraph_11() {
    let doc = Document::from_text(crate::EMBEDDED_ARTICLE).unwrap();
    for q in ["SCO", "ＳＣＯ", "sco"] {
        let found = search_document(&doc, &Query::new(q).unwrap(), &mut |_, _| ControlFlow::Continue(())).unwrap();
        assert_eq!(found.len(), 3, "{q}");
        assert!(found.iter().all(|m| m.paragraph == 10));
        assert_eq!(&doc.paragraph(10)[found[0].range.clone()], "SCO");
    }
}

/// The reference: fold the whole text, search every position, keep what maps.
fn reference(query: &Query, haystack: &str) -> Vec<Range<usize>> {
    let mut buf = FoldBuf::default();
    let folded = buf.fold(haystack);
    let text = folded.text();
    let mut out: Vec<Range<usize>> = Vec::new();
    for (at, _) in text.char_indices() {
        if text[at..].starts_with(query.folded())
            && let Some(range) = folded.original_range(at..at + query.folded().len())
            && out.last().is_none_or(|last| last.end <= range.start)
        {
            out.push(range);
        }
    }
    out
}

#[test]
fn small_blocks_find_exactly_what_one_block_finds() {
    let haystack = "ＳＣＯ sco ﾊﾞｽバスﾊﾞｽ ㍻元年平成元年 e\u{0301}\u{0323}é aaaa 一帯一路ｲｯﾀｲｲﾁﾛ".repeat(3);
    for query in ["sco", "ｓｃｏ ", "バス", "ﾊﾞｽﾊﾞ", "平成元", "aa", "é", "一帯一路", "ｲﾁﾛ", "o ﾊﾞ", " "]
    {
        let query = Query::new(query).unwrap();
        let expected = reference(&query, &haystack);
        assert!(!expected.is_empty(), "{}", query.text());
        for block in [1, 2, 3, 5, 8, 13, 64, 1000] {
            let mut out = Vec::new();
            let mut blocks = 0;
            let flow = query.scan(&haystack, block, &mut FoldBuf::default(), &mut out, &mut |_| {
                blocks += 1;
                ControlFlow::Continue(())
            });
            assert!(flow.is_continue());
            assert_eq!(out, expected, "query {:?}, block {block}", query.text());
            if block < 64 {
                assert!(blocks > 1);
            }
        }
    }
}

#[test]
fn the_anchor_is_the_longest_self_only_run() {
    let anchor = |q: &str| Query::new(q).unwrap().anchor.map(|f| String::from_utf8(f.needle().to_vec()).unwrap());
    assert_eq!(anchor("一帯一路").as_deref(), Some("帯"));
    assert_eq!(anchor("SCO"), None);
    assert_eq!(anchor("訪問の黄金時代").as_deref(), Some("の黄"));
}

fn big_document() -> Document {
    // About 3 MB: many paragraphs, the query in a few of them, one long
    // paragraph longer than a block.
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(if i % 5000 == 7 {
            "習主席は一帯一路とＳＣＯについて述べた。\n"
        } else {
            "カザフスタンと中国の関係は強固だ。\n"
        });
        if i == 10_000 {
            text.push_str(&"長い段落の中の一帯一路".repeat(40_000));
            text.push('\n');
        }
    }
    Document::from_text(text).unwrap()
}

#[test]
fn document_search_reports_progress_and_agrees_with_find_all() {
    let doc = big_document();
    for q in ["一帯一路", "ｓｃｏ", "について述"] {
        let query = Query::new(q).unwrap();
        let mut calls = Vec::new();
        let found = search_document(&doc, &query, &mut |done, total| {
            calls.push((done, total));
            ControlFlow::Continue(())
        })
        .unwrap();
        let expected: Vec<Match> = doc
            .paragraphs()
            .enumerate()
            .flat_map(|(p, text)| query.find_all(text).into_iter().map(move |range| Match { paragraph: p, range }))
            .collect();
        assert_eq!(found, expected, "{q}");
        assert!(!found.is_empty());
        let total = doc.text().len();
        assert!(calls.len() >= 2, "{q}: {calls:?}");
        assert_eq!(calls.last(), Some(&(total, total)));
        assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));
    }
}

#[test]
fn progress_only_moves_forward_when_an_anchor_lies_deep_in_a_long_paragraph() {
    let text = format!("前\n{}一帯一路\n後", "あ".repeat(1_500_000));
    let doc = Document::from_text(text).unwrap();
    let mut calls = Vec::new();
    let found = search_document(&doc, &Query::new("一帯一路").unwrap(), &mut |done, total| {
        calls.push((done, total));
        ControlFlow::Continue(())
    })
    .unwrap();
    // The 4.5 MB line is cut into 64 KiB paragraphs; the match is whole in one.
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&doc.paragraph(found[0].paragraph)[found[0].range.clone()], "一帯一路");
    let start = doc.paragraph_range(found[0].paragraph).start + found[0].range.start;
    assert_eq!(start, "前\n".len() + 4_500_000);
    assert!(calls.len() >= 3, "{calls:?}");
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0), "{calls:?}");
}

#[test]
fn document_search_can_be_cancelled() {
    let doc = big_document();
    for q in ["一帯一路", "ｓｃｏ"] {
        let mut calls = 0;
        let result = search_document(&doc, &Query::new(q).unwrap(), &mut |_, _| {
            calls += 1;
            ControlFlow::Break(())
        });
        assert_eq!(result, Err(Cancelled));
        assert_eq!(calls, 1);
    }
}

#[test]
fn anchors_between_paragraphs_are_skipped() {
    let doc = Document::from_text("a\t\nb\t\n\tc").unwrap();
    let tab = Query::new("\t").unwrap();
    assert!(tab.anchor.is_some());
    let found = search_document(&doc, &tab, &mut |_, _| ControlFlow::Continue(())).unwrap();
    assert_eq!(found, [Match { paragraph: 2, range: 0..1 }]);
}

/// Characters where folding is tricky: case, width, composition (か+゙, e+◌́),
/// marks that reorder (◌̣ ◌̂), Hangul jamo, expansions (㍻ ﬁ ①), Kannada
/// vowel signs that compose with a preceding starter.
const TRICKY: &[char] = &[
    'a', 'A', 'ａ', 'Ａ', 'e', 'E', '\u{0301}', '\u{0323}', '\u{0302}', 'か', 'ｶ', 'カ', '\u{3099}', 'ﾞ', 'ﾟ', 'ﾊ', 'バ',
    'ウ', 'ｳ', 'ヴ', '㍻', '平', '成', 'ﬁ', 'f', 'i', 'I', 'İ', 'ß', 'ẞ', 'Σ', 'ς', '①', '1', '１', '\u{1100}',
    '\u{1161}', '\u{11A8}', '가', ' ', '\u{3000}', 'ಿ', '\u{0CD5}', 'ೀ', '。', '帯',
];

fn tricky_string(max: usize) -> impl proptest::strategy::Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TRICKY), 0..max).prop_map(|v| v.into_iter().collect())
}

use proptest::prelude::*;

proptest! {
    #[test]
    fn folding_by_units_equals_folding_the_whole_text(text in tricky_string(24)) {
        use unicode_normalization::UnicodeNormalization;
        let mut reference = String::new();
        text.nfkc().for_each(|c| super::tables::case_fold_into(c, &mut reference));
        prop_assert_eq!(fold_string(&text), reference);
    }

    #[test]
    fn every_match_is_whole_characters_folding_to_the_query(
        haystack in tricky_string(40),
        query_at in 0usize..40,
        query_len in 1usize..5,
        block in 1usize..12,
    ) {
        // Query: a slice of the haystack (so matches exist), or a fixed one.
        let chars: Vec<char> = haystack.chars().collect();
        let query: String = if chars.is_empty() {
            "a".into()
        } else {
            let from = query_at % chars.len();
            chars[from..(from + query_len).min(chars.len())].iter().collect()
        };
        let query = Query::new(&query).unwrap();
        let expected = reference(&query, &haystack);
        let mut out = Vec::new();
        let _ = query.scan(&haystack, block, &mut FoldBuf::default(), &mut out, &mut |_| ControlFlow::Continue(()));
        prop_assert_eq!(&out, &expected);
        prop_assert_eq!(query.find_all(&haystack), expected);
        for range in out {
            prop_assert!(haystack.is_char_boundary(range.start) && haystack.is_char_boundary(range.end));
            prop_assert_eq!(fold_string(&haystack[range]), query.folded());
        }
    }
}

#[test]
fn a_kana_query_finds_a_base_through_its_reading() {
    use crate::engine::document::builder::DocumentBuilder;
    use crate::engine::document::rich::Block;
    let mut b = DocumentBuilder::new();
    b.push_str("骸顱");
    b.ruby(0..6, "しゃれこうべ");
    b.push_str("が自分を見た。");
    b.end_paragraph(Block::default());
    b.push_str("しゃれこうべは笑う。");
    b.end_paragraph(Block::default());
    let doc = b.finish().unwrap();
    let find = |q: &str| {
        let query = Query::new(q).unwrap();
        search_document(&doc, &query, &mut |_, _| ControlFlow::Continue(())).unwrap()
    };
    let hits = find("しゃれこうべ");
    assert_eq!(hits.len(), 2);
    assert_eq!((hits[0].paragraph, &doc.paragraph(0)[hits[0].range.clone()]), (0, "骸顱"), "highlighted on the base");
    assert_eq!(hits[1].paragraph, 1, "the plain match is kept");
    let hits = find("しゃれこうべが自分");
    assert_eq!(&doc.paragraph(0)[hits[0].range.clone()], "骸顱が自分");
    assert_eq!(find("骸顱が自分").len(), 1, "the reading text itself has no markup");
    assert!(find("こうべが").first().is_some_and(|m| &doc.paragraph(0)[m.range.clone()] == "骸顱が"));
}
