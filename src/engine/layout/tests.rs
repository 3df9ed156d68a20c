//! Hand-written layout cases: each one a rule from the issue, at a width
//! chosen so that getting the rule wrong gives a different result.

use super::*;

fn opts(width: usize) -> LayoutOptions {
    LayoutOptions::with_width(width)
}

/// The lines as strings, after checking the invariants every layout keeps.
fn lay(text: &str, options: &LayoutOptions) -> Vec<String> {
    let lines = layout_paragraph(text, options);
    assert!(!lines.is_empty());
    let mut at = 0usize;
    for line in &lines {
        assert!(text[at..line.start as usize].bytes().all(|b| b == b' '), "{text:?}: gap is not spaces");
        at = line.end as usize;
        let cells: usize = placements(text, line, options).map(|p| p.width).sum();
        assert_eq!(cells, line.width as usize, "{text:?}: placements disagree with {line:?}");
        if !line.oversize {
            assert!(line.width as usize <= options.width.max(1), "{text:?}: {line:?} too wide");
        }
    }
    assert!(text[at..].bytes().all(|b| b == b' '));
    lines.iter().map(|l| text[l.range()].to_string()).collect()
}

#[test]
fn latin_in_brackets_inside_japanese_moves_whole() {
    let text = "上海協力機構(SCO)の会議";
    assert_eq!(lay(text, &opts(14)), ["上海協力機構", "(SCO)の会議"]);
    assert_eq!(lay(text, &opts(17)), ["上海協力機構(SCO)", "の会議"]);
}

#[test]
fn a_full_stop_exactly_on_the_edge_stays_and_one_cell_short_pushes_out() {
    let text = "あいう。えお";
    assert_eq!(lay(text, &opts(8)), ["あいう。", "えお"]);
    assert_eq!(lay(text, &opts(7)), ["あい", "う。え", "お"]);
}

#[test]
fn an_opening_bracket_never_ends_a_line() {
    assert_eq!(lay("あいう「えお」", &opts(8)), ["あいう", "「えお」"]);
    // Even with a space after it (the space would be dropped at the break).
    assert_eq!(lay("ab ( cd", &opts(5)), ["ab", "( cd"]);
}

#[test]
fn a_wide_character_with_one_cell_left_goes_to_the_next_line() {
    assert_eq!(lay("abcあ", &opts(4)), ["abc", "あ"]);
    let lines = layout_paragraph("abcあ", &opts(4));
    assert_eq!(lines[0].width, 3);
}

#[test]
fn widths_one_and_two() {
    let lines = layout_paragraph("あa", &opts(1));
    assert_eq!(lay("あa", &opts(1)), ["あ", "a"]);
    assert!(lines[0].oversize && !lines[1].oversize);
    assert_eq!(lines[0].width, 2);
    assert_eq!(lay("あい", &opts(2)), ["あ", "い"]);
    assert_eq!(lay("あい", &opts(0)), ["あ", "い"], "width 0 acts as 1");
    assert_eq!(lay("", &opts(0)), [""]);
}

#[test]
fn tabs_expand_to_stops_and_are_clamped_to_the_line() {
    let text = "a\tb";
    let lines = layout_paragraph(text, &opts(10));
    let cells: Vec<(usize, usize)> = placements(text, &lines[0], &opts(10)).map(|p| (p.x, p.width)).collect();
    assert_eq!(cells, [(0, 1), (1, 3), (4, 1)]);
    let mut o = opts(5);
    o.tab_width = 8;
    let lines = layout_paragraph("ab\tc", &o);
    assert_eq!(lay("ab\tc", &o), ["ab\t", "c"]);
    assert_eq!(lines[0].width, 5, "the tab fills the line but no further");
}

#[test]
fn hanging_punctuation_uses_the_margin_only_when_on() {
    let mut o = opts(8);
    o.hanging = true;
    // Text fills 6 cells; the full stop hangs into the margin.
    assert_eq!(lay("あいう。えお", &o), ["あいう。", "えお"]);
    assert!(layout_paragraph("あいう。えお", &o)[0].hanging);
    // Without hanging the same width keeps the mark inside the line.
    assert!(!layout_paragraph("あいう。えお", &opts(8))[0].hanging);
    // Only 、。，． hang; a closing bracket is pushed out instead.
    assert_eq!(lay("あいう」えお", &o), ["あい", "う」え", "お"]);
    // A mark that would leave a closing bracket at the next line's start does
    // not hang.
    assert_eq!(lay("あいう。」お", &o), ["あい", "う。」", "お"]);
    // Text never enters the margin.
    assert_eq!(lay("あいうえお", &o), ["あいう", "えお"]);
    // Below width 4 there is no room for a margin: hanging is ignored.
    o.width = 3;
    assert_eq!(lay("あい。う", &o), lay("あい。う", &opts(3)));
}

#[test]
fn strictness_decides_small_kana_iteration_marks_and_ellipses() {
    let at = |text: &str, width: usize, strictness: Strictness| {
        let mut o = opts(width);
        o.strictness = strictness;
        lay(text, &o)
    };
    assert_eq!(at("あいうちょ", 8, Strictness::Strict), ["あいう", "ちょ"]);
    assert_eq!(at("あいうちょ", 8, Strictness::Normal), ["あいうち", "ょ"]);
    assert_eq!(at("あいうカー", 8, Strictness::Strict), ["あいう", "カー"]);
    assert_eq!(at("あいうカー", 8, Strictness::Normal), ["あいうカ", "ー"]);
    assert_eq!(at("あい人々", 6, Strictness::Normal), ["あい", "人々"]);
    assert_eq!(at("あい人々", 6, Strictness::Loose), ["あい人", "々"]);
    assert_eq!(at("ドグラ・マ", 6, Strictness::Normal), ["ドグ", "ラ・マ"]);
    assert_eq!(at("ドグラ・マ", 6, Strictness::Loose), ["ドグラ", "・マ"]);
    assert_eq!(at("あいう……", 7, Strictness::Normal), ["あい", "う……"]);
    assert_eq!(at("あいう……", 7, Strictness::Loose), ["あいう…", "…"]);
}

#[test]
fn combining_marks_zwj_sequences_and_flags_are_never_split() {
    let kana = "か\u{3099}か\u{3099}";
    assert_eq!(lay(kana, &opts(2)), ["か\u{3099}", "か\u{3099}"]);
    assert_eq!(lay("e\u{301}e\u{301}", &opts(1)), ["e\u{301}", "e\u{301}"]);
    let family = "👨\u{200D}👩\u{200D}👧";
    assert_eq!(lay(&format!("{family}{family}"), &opts(3)), [family, family]);
    assert_eq!(lay("🇯🇵🇺🇸", &opts(3)), ["🇯🇵", "🇺🇸"]);
}

#[test]
fn spaces_at_a_break_are_dropped_and_not_counted() {
    assert_eq!(lay("hello world", &opts(5)), ["hello", "world"]);
    assert_eq!(lay("ab      cd", &opts(4)), ["ab", "cd"]);
    let lines = layout_paragraph("ab   cd", &opts(4));
    assert_eq!((lines[0].width, lines[1].start), (2, 5));
    assert_eq!(lay("ab  ", &opts(2)), ["ab"]);
}

#[test]
fn a_leading_ideographic_space_is_kept() {
    assert_eq!(lay("\u{3000}あいう", &opts(4)), ["\u{3000}あ", "いう"]);
}

#[test]
fn digit_runs_dashes_and_ellipses_stay_together() {
    assert_eq!(lay("あいう2024年", &opts(8)), ["あいう", "2024年"]);
    assert_eq!(lay("あいう——え", &opts(7)), ["あいう", "——え"]);
    assert_eq!(lay("あいう……え", &opts(7)), ["あい", "う……え"]);
}

#[test]
fn a_run_without_any_break_is_cut_as_late_as_possible_keeping_kinsoku() {
    assert_eq!(lay("abcdefgh", &opts(3)), ["abc", "def", "gh"]);
    // Cutting before 」 would start a line with it: cut one earlier.
    assert_eq!(lay("abcd」efg", &opts(4)), ["abc", "d」", "efg"]);
}

#[test]
fn line_separators_force_a_break() {
    assert_eq!(lay("ab\u{2028}cd", &opts(10)).len(), 2);
}

#[test]
fn ambiguous_wide_measures_symbols_and_greek_as_two() {
    let mut o = opts(4);
    assert_eq!(lay("※αβ", &o), ["※αβ"]);
    o.ambiguous = AmbiguousWidth::Wide;
    assert_eq!(layout_paragraph("○α", &o)[0].width, 4);
    assert_eq!(lay("○○○", &o).len(), 2);
}

#[test]
fn invalid_lines_give_no_placements_instead_of_panicking() {
    let line = Line { start: 1, end: 2, width: 0, oversize: false, hanging: false, annotated: false };
    assert_eq!(placements("あ", &line, &opts(4)).count(), 0);
}

#[test]
fn a_line_is_sixteen_bytes_as_the_cache_bound_assumes() {
    assert_eq!(std::mem::size_of::<Line>(), 16);
}

#[test]
fn one_layouter_gives_the_same_lines_as_a_fresh_one_whatever_came_before() {
    let texts = ["あいうえおかきくけこ", "", "abc def ghi", "「あ」。い\tう", "🇯🇵🇺🇸ab"];
    let mut shared = Layouter::new();
    for width in [1, 3, 7] {
        for strictness in [Strictness::Strict, Strictness::Loose] {
            let o = LayoutOptions { strictness, ..opts(width) };
            for text in texts {
                assert_eq!(shared.layout(text, &o), Layouter::new().layout(text, &o), "{text:?}");
            }
        }
    }
}

#[test]
fn absurd_widths_and_tab_sizes_do_not_panic() {
    for width in [0, 1, usize::MAX / 2, usize::MAX] {
        for tab_width in [0, 1, usize::MAX] {
            let o = LayoutOptions { tab_width, hanging: true, ..opts(width) };
            let lines = layout_paragraph("a\tあ。\t", &o);
            assert!(!lines.is_empty());
            for line in &lines {
                assert!(placements("a\tあ。\t", line, &o).count() > 0);
            }
        }
    }
}

/// Text for the fast-path equivalence tests: pieces of everything the first
/// pass treats differently (plain kanji and kana, small kana, closing and
/// opening brackets, `…` and `—` pairs, iteration marks, ASCII words, digits
/// and spaces that need the UAX #14 map, tabs, combining marks, ZWJ emoji,
/// ambiguous symbols, a hard break).
fn mixed_text() -> impl proptest::strategy::Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "漢字",
        "かな",
        "カタカナ",
        "ゃ",
        "ッ",
        "ー",
        "々",
        "ゝ",
        "・",
        "、",
        "。",
        "」",
        "「",
        "（",
        "）",
        "……",
        "——",
        "――",
        "！？",
        "word",
        "a",
        "2024",
        " ",
        "  ",
        "\t",
        "か\u{3099}",
        "e\u{0301}",
        "👨\u{200D}👩\u{200D}👧",
        "☺\u{FE0F}",
        "○",
        "※",
        "→",
        "“",
        "”",
        "(SCO)",
        "\u{3000}",
        "ｱｲｳ",
        "Ａ",
        "\u{2028}",
        "é",
        "α",
    ];
    proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

    #[test]
    fn the_short_loops_give_what_the_general_steps_give(
        text in mixed_text(),
        width in 1usize..30,
        strictness in proptest::sample::select(&[Strictness::Strict, Strictness::Normal, Strictness::Loose][..]),
        wide in proptest::bool::ANY,
        hanging in proptest::bool::ANY,
    ) {
        let options = LayoutOptions {
            strictness,
            hanging,
            ambiguous: if wide { AmbiguousWidth::Wide } else { AmbiguousWidth::Narrow },
            ..LayoutOptions::with_width(width)
        };
        let mut fast = breaks::Scratch::default();
        let mut slow = breaks::Scratch::default();
        breaks::units_into(&text, &options, &mut fast);
        breaks::units_into_step_by_step(&text, &options, &mut slow);
        proptest::prop_assert_eq!(&fast.units, &slow.units, "{:?}", text);
        let (mut fast_lines, mut slow_lines) = (Vec::new(), Vec::new());
        wrap::fill_into(&text, &fast.units, &options, (0, 0), &mut fast_lines);
        wrap::fill_into_step_by_step(&text, &fast.units, &options, &mut slow_lines);
        proptest::prop_assert_eq!(fast_lines, slow_lines, "{:?}", text);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

    /// Plain ASCII takes a path of its own (`ascii`): it must give the units
    /// the general step gives with `unicode-linebreak`.
    #[test]
    fn the_ascii_path_gives_what_the_general_step_gives(
        text in "[ -~\t]{0,60}|[a1 .,(\\)\\[\\]{}\"'!?$%/-]{0,30}",
        strictness in proptest::sample::select(&[Strictness::Strict, Strictness::Normal, Strictness::Loose][..]),
        wide in proptest::bool::ANY,
    ) {
        let options = LayoutOptions {
            strictness,
            ambiguous: if wide { AmbiguousWidth::Wide } else { AmbiguousWidth::Narrow },
            ..LayoutOptions::with_width(10)
        };
        let mut fast = breaks::Scratch::default();
        let mut slow = breaks::Scratch::default();
        breaks::units_into(&text, &options, &mut fast);
        breaks::units_into_step_by_step(&text, &options, &mut slow);
        proptest::prop_assert_eq!(&fast.units, &slow.units, "{:?}", text);
    }
}

#[test]
fn the_short_loops_give_what_the_general_steps_give_on_the_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut texts = vec![crate::EMBEDDED_ARTICLE.to_string()];
    for name in ["yumeno_dogra-magra.utf8.txt", "edogawa_shinri-shiken.utf8.txt"] {
        texts.push(std::fs::read_to_string(dir.join(name)).expect("corpus text"));
    }
    let (mut fast, mut slow) = (breaks::Scratch::default(), breaks::Scratch::default());
    let (mut fast_lines, mut slow_lines) = (Vec::new(), Vec::new());
    for text in &texts {
        // Every paragraph at a few widths and every strictness: a few
        // million clusters, the fast paths' daily diet.
        for paragraph in text.lines().step_by(3) {
            for strictness in [Strictness::Strict, Strictness::Normal, Strictness::Loose] {
                for width in [7, 40] {
                    let options = LayoutOptions { strictness, ..LayoutOptions::with_width(width) };
                    breaks::units_into(paragraph, &options, &mut fast);
                    breaks::units_into_step_by_step(paragraph, &options, &mut slow);
                    assert_eq!(fast.units, slow.units, "{paragraph:?}");
                    fast_lines.clear();
                    slow_lines.clear();
                    wrap::fill_into(paragraph, &fast.units, &options, (0, 0), &mut fast_lines);
                    wrap::fill_into_step_by_step(paragraph, &fast.units, &options, &mut slow_lines);
                    assert_eq!(fast_lines, slow_lines, "{paragraph:?} at {width}");
                }
            }
        }
    }
}
