//! Property tests of the layout engine over generated mixed text.
//!
//! Widths, clusters and kinsoku are checked against an oracle written here
//! from the Japanese layout notes — small tables of exactly the characters the
//! generator uses — and never against the engine's own functions.

use emaki::engine::layout::{AmbiguousWidth, LayoutOptions, Line, Strictness, layout_paragraph, placements};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

// ---------------------------------------------------------------- generator

const KANJI: &[&str] = &["漢", "字", "日", "本", "語", "大", "統", "領", "首", "脳", "会", "議"];
const KANA: &[&str] = &["あ", "い", "う", "か", "き", "の", "ア", "カ", "ト", "ラ", "が", "ジ"];
const SMALL: &[&str] = &["ぁ", "っ", "ゃ", "ょ", "ァ", "ッ", "ャ", "ェ", "ー", "ㇰ"];
const ITERATION: &[&str] = &["々", "ゝ", "ゞ", "ヽ", "ヾ", "〻", "・"];
const PUNCT: &[&str] = &["、", "。", "，", "．", "！", "？", "：", "；", "…", "‥", "〜", "!", "?", ",", "."];
const OPENING: &[&str] = &["「", "『", "（", "【", "〔", "“", "‘", "(", "["];
const CLOSING: &[&str] = &["」", "』", "）", "】", "〕", "”", "’", ")", "]"];
const EMOJI: &[&str] = &["🌞", "👍🏽", "👨\u{200D}👩\u{200D}👧", "🇯🇵", "🇺🇸", "☺\u{FE0F}"];
const COMBINING: &[&str] = &["か\u{3099}", "e\u{0301}", "a\u{0308}\u{0304}", "ハ\u{309A}", "\u{0301}"];
const AMBIGUOUS: &[&str] = &["○", "※", "①", "―", "☆", "→", "■", "α", "Ж", "é", "×"];
const SPACING: &[&str] = &[" ", "  ", "\t", "\u{3000}", "   "];
const EXOTIC: &[&str] = &[
    "\n",
    "\u{2028}",
    "\r\n",
    "한글",
    "\u{1100}\u{1161}\u{11A8}",
    "\u{0600}1",
    "\u{200B}",
    "\u{00AD}",
    "\u{FEFF}",
    "\u{1F1EF}",
    "\u{E0100}",
    "\u{FFFD}",
    "\u{7F}",
];
const FIXED: &[&str] = &["……", "——", "2024", "(SCO)", "SCO", "ｱｲｳｰﾞ", "１２３", "¥100", "50%"];

fn pick(table: &'static [&'static str]) -> BoxedStrategy<String> {
    proptest::sample::select(table).prop_map(str::to_string).boxed()
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => pick(KANJI),
        4 => pick(KANA),
        2 => pick(SMALL),
        1 => pick(ITERATION),
        2 => pick(PUNCT),
        2 => pick(OPENING),
        2 => pick(CLOSING),
        2 => "[a-zA-Z]{1,14}",
        1 => "[0-9]{1,9}",
        1 => pick(EMOJI),
        1 => pick(COMBINING),
        1 => pick(AMBIGUOUS),
        2 => pick(SPACING),
        1 => pick(FIXED),
        1 => pick(EXOTIC),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = LayoutOptions> {
    (
        1usize..=120,
        prop_oneof![Just(Strictness::Strict), Just(Strictness::Normal), Just(Strictness::Loose)],
        any::<bool>(),
        1usize..=8,
        prop_oneof![Just(AmbiguousWidth::Narrow), Just(AmbiguousWidth::Wide)],
    )
        .prop_map(|(width, strictness, hanging, tab_width, ambiguous)| LayoutOptions {
            width,
            strictness,
            hanging,
            tab_width,
            ambiguous,
        })
}

// ------------------------------------------------------------------- oracle

/// Cells of one cluster that is not a tab.
fn oracle_cells(cluster: &str, ambiguous: AmbiguousWidth) -> usize {
    use unicode_width::UnicodeWidthStr;
    let first = cluster.chars().next().unwrap_or(' ');
    if ambiguous == AmbiguousWidth::Wide && "αЖé".contains(first) {
        return 2;
    }
    match ambiguous {
        AmbiguousWidth::Narrow => cluster.width(),
        AmbiguousWidth::Wide => cluster.width_cjk(),
    }
}

fn fill(o: &LayoutOptions) -> usize {
    let w = o.width.max(1);
    if o.hanging && w >= 4 { w - 2 } else { w }
}

/// Cells of a line and its number of clusters.
fn oracle_line(line: &str, o: &LayoutOptions) -> (usize, usize) {
    let tab = o.tab_width.max(1);
    let mut cells = 0;
    let mut n = 0;
    for g in line.graphemes(true) {
        n += 1;
        cells += if g == "\t" {
            (tab - cells % tab).min(fill(o).saturating_sub(cells)).max(1)
        } else {
            oracle_cells(g, o.ambiguous)
        };
    }
    (cells, n)
}

fn may_not_start(c: char, s: Strictness) -> bool {
    "」』）】〕”’)]、。，．！？：；…‥〜!?,.".contains(c)
        || (s == Strictness::Strict && "ぁっゃょァッャェーㇰｰ".contains(c))
        || (s != Strictness::Loose && "々ゝゞヽヾ〻・".contains(c))
}

/// Characters after which UAX #14 requires a break.
fn is_hard_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}')
}

fn may_not_end(c: char) -> bool {
    "「『（【〔“‘([".contains(c)
}

/// The first character (the base) of the last cluster of `text`.
fn last_base(text: &str) -> Option<char> {
    text.graphemes(true).next_back().and_then(|g| g.chars().next())
}

/// Whether a line may end at byte `p` of `text` (the next line starting
/// there, after any spaces dropped before `p`).
fn good_break(text: &str, p: usize, s: Strictness) -> bool {
    if p >= text.len() {
        return true;
    }
    let before_spaces = &text[..p];
    let previous = before_spaces.trim_end_matches(' ');
    let (Some(x), Some(y)) = (last_base(previous), text[p..].chars().next()) else {
        return false;
    };
    let adjacent = previous.len() == before_spaces.len();
    let loose_dots = s == Strictness::Loose && "…‥".contains(x) && "…‥".contains(y);
    !((may_not_start(y, s) && !loose_dots)
        || may_not_end(x)
        || (adjacent && x.is_ascii_alphanumeric() && y.is_ascii_alphanumeric())
        || (adjacent && x == '—' && y == '—')
        || (adjacent && x == '…' && y == '…' && s != Strictness::Loose))
}

/// Whether a line starting at byte `from` could have ended at a good break:
/// some cluster boundary `p` (not before a space) with the text before it,
/// less trailing spaces, fitting the line (or fitting with one hanging mark).
fn good_alternative(text: &str, from: usize, o: &LayoutOptions) -> Option<usize> {
    let tab = o.tab_width.max(1);
    let width = o.width.max(1);
    let hang = o.hanging && width >= 4;
    let mut col = 0;
    let mut content = 0;
    let mut content_before_last = 0;
    let mut last = "";
    for (i, g) in text[from..].grapheme_indices(true) {
        let p = from + i;
        if p > from && content > 0 {
            let fits = content <= fill(o)
                || (hang && "、。，．".contains(last) && content <= width && content_before_last <= fill(o));
            if !fits {
                return None;
            }
            if text[..p].ends_with(is_hard_break) {
                // The line must end here, which is never a broken rule.
                return Some(p);
            }
            if g != " " && good_break(text, p, o.strictness) {
                return Some(p);
            }
        }
        let w = if g == "\t" {
            (tab - col % tab).min(fill(o).saturating_sub(col)).max(1)
        } else {
            oracle_cells(g, o.ambiguous)
        };
        col += w;
        if g != " " {
            content_before_last = content;
            content = col;
            last = g;
        }
    }
    (content <= fill(o)).then_some(text.len())
}

fn check(text: &str, o: &LayoutOptions) -> Result<(), TestCaseError> {
    let lines: Vec<Line> = layout_paragraph(text, o);
    prop_assert!(!lines.is_empty());
    let width = o.width.max(1);
    let boundaries: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]).collect();
    let mut rebuilt = String::new();
    let mut at = 0usize;
    for (n, line) in lines.iter().enumerate() {
        let (start, end) = (line.start as usize, line.end as usize);
        prop_assert!(at <= start && start <= end && end <= text.len(), "{line:?} after {at}");
        let gap = &text[at..start];
        prop_assert!(gap.bytes().all(|b| b == b' '), "dropped {gap:?}");
        rebuilt.push_str(gap);
        let body = &text[start..end];
        rebuilt.push_str(body);
        // No cluster split.
        prop_assert!(boundaries.binary_search(&start).is_ok(), "line starts inside a cluster");
        prop_assert!(boundaries.binary_search(&end).is_ok(), "line ends inside a cluster");
        // Widths.
        let (cells, clusters) = oracle_line(body, o);
        prop_assert_eq!(cells, line.width as usize, "reported width of {:?}", body);
        let placed: usize = placements(text, line, o).map(|p| p.width).sum();
        prop_assert_eq!(placed, cells, "placements of {:?}", body);
        if line.oversize {
            prop_assert!(clusters == 1 && cells > width, "oversize {:?}", body);
        } else {
            prop_assert!(cells <= width, "{:?} is {} cells wide, width {}", body, cells, width);
        }
        if line.hanging {
            let mark = body.graphemes(true).next_back().unwrap_or("");
            prop_assert!(mark.starts_with(['、', '。', '，', '．']), "hanging {:?}", body);
            prop_assert!(oracle_line(&body[..body.len() - mark.len()], o).0 <= fill(o));
        } else if !line.oversize {
            prop_assert!(cells <= fill(o), "{:?} enters the margin", body);
        }
        // Kinsoku, where an alternative existed.
        if n > 0 && !text[..start].trim_end_matches(' ').ends_with(is_hard_break) {
            let previous = text[..start].trim_end_matches(' ');
            let bad_start = body.chars().next().is_some_and(|c| may_not_start(c, o.strictness))
                && !(o.strictness == Strictness::Loose
                    && last_base(previous).is_some_and(|c| "…‥".contains(c))
                    && body.starts_with(['…', '‥']));
            let bad_end = last_base(previous).is_some_and(may_not_end);
            let split_alnum = start == at
                && last_base(previous).is_some_and(|c| c.is_ascii_alphanumeric())
                && body.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            if bad_start || bad_end || split_alnum {
                let from = lines[n - 1].start as usize;
                let alternative = good_alternative(text, from, o);
                prop_assert!(
                    alternative.is_none(),
                    "avoidable break before {:?} (start {}, end {}, alnum {}; could break at {:?}): {:?}",
                    body,
                    bad_start,
                    bad_end,
                    split_alnum,
                    alternative,
                    lines.iter().map(|l| &text[l.range()]).collect::<Vec<_>>()
                );
            }
        }
        at = end;
    }
    let tail = &text[at..];
    prop_assert!(tail.bytes().all(|b| b == b' '), "lost tail {tail:?}");
    rebuilt.push_str(tail);
    prop_assert_eq!(rebuilt, text);
    Ok(())
}

proptest! {
    // 512 cases by default; PROPTEST_CASES=20000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn layout_keeps_every_rule(text in text(), o in options()) {
        check(&text, &o)?;
    }

    #[test]
    fn narrow_widths_keep_every_rule(text in text(), width in 1usize..=8) {
        check(&text, &LayoutOptions::with_width(width))?;
    }
}

#[test]
fn the_oracle_catches_a_bad_layout() {
    // The checks above must be able to fail: a layout that starts a line with
    // 。 at a width where it was avoidable is reported.
    let o = LayoutOptions::with_width(6);
    let text = "あいう。え";
    assert_eq!(good_alternative(text, 0, &o), Some(3), "あ|いう。え is an alternative");
    assert!(!good_break(text, 9, Strictness::Strict));
    assert!(may_not_start('。', Strictness::Strict));
    assert_eq!(oracle_line("あ\tい", &LayoutOptions::with_width(10)).0, 6);
    assert_eq!(oracle_line("α", &LayoutOptions { ambiguous: AmbiguousWidth::Wide, ..o }).0, 2);
}
