//! What an annotation `［＃…］` says, read from its inside alone.
//!
//! The notation list (注記一覧) has a few hundred forms built from a few
//! patterns: a reference back to text (`「X」に傍点`, `「X」は中見出し`), a
//! range (`傍点` … `傍点終わり`), a block (`ここから２字下げ` …
//! `ここで字下げ終わり`), or a mark at a point (`改ページ`). This module
//! turns the inside into an [`Annotation`]; the parser applies it.
//!
//! Forms that change nothing a terminal can show are [`Annotation::Ignored`]
//! (the table [`NO_VISUAL_EFFECT`] and the editorial notes); anything else is
//! [`Annotation::Unknown`] and reported.

use crate::engine::document::rich::{DotKind, LineKind, Style};

/// One annotation, as the parser applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Annotation<'a> {
    /// `「X」に傍点`, `「X」は太字`: `style` on the nearest `X` before.
    StyleRef { target: &'a str, style: Style },
    /// `傍点`, `太字`, `ここから太字`: `style` from here…
    StyleOpen(Style),
    /// …to `傍点終わり`, `太字終わり`, `ここで太字終わり`.
    StyleClose(Style),
    /// `「X」に「Y」のルビ`: ruby `reading` over the nearest `X` before.
    RubyRef { target: &'a str, reading: &'a str },
    /// `ルビ付き`: a ruby base from here…
    RubyOpen,
    /// …to `「Y」のルビ付き終わり`.
    RubyClose { reading: &'a str },
    /// `「X」は中見出し`: the paragraph holding `X` is a heading titled `X`.
    HeadingRef { target: &'a str, level: u8 },
    /// `中見出し` … `中見出し終わり`: a heading titled by the text between.
    HeadingOpen(u8),
    /// The end of [`Annotation::HeadingOpen`].
    HeadingClose(u8),
    /// `ここから中見出し` … : the paragraphs up to the end are a heading.
    HeadingBlock(u8),
    /// `ここで中見出し終わり`.
    HeadingBlockEnd(u8),
    /// `３字下げ` at the start of a line: that paragraph's indent.
    Indent { first: u8, wrap: u8 },
    /// `ここから３字下げ`, `ここから２字下げ、折り返して３字下げ`,
    /// `ここから改行天付き、折り返して１字下げ`.
    IndentBlock { first: u8, wrap: u8 },
    /// `ここで字下げ終わり`.
    IndentBlockEnd,
    /// `地付き` (0) or `地から２字上げ`: this line, or the rest of it, sits
    /// at the end of the line.
    Raise(u8),
    /// `ここから地付き`, `ここから地から２字上げ`.
    RaiseBlock(u8),
    /// `ここで地付き終わり`, `ここで字上げ終わり`.
    RaiseBlockEnd,
    /// `ここから２０字詰め`.
    MeasureBlock(u16),
    /// `ここで字詰め終わり`.
    MeasureBlockEnd,
    /// `罫囲み` … `罫囲み終わり`, `「X」は罫囲み`: the paragraph is boxed.
    Boxed,
    /// `ここから罫囲み`.
    BoxBlock,
    /// `ここで罫囲み終わり`.
    BoxBlockEnd,
    /// `改ページ`, `改丁`, `改段`, `改見開き`.
    PageBreak,
    /// `ページの左右中央`: centred up to the next page break.
    PageCenter,
    /// `挿絵（fig01.png）入る`, `「説明」のキャプション付きの図（…）入る`.
    Figure { caption: Option<&'a str> },
    /// Known, and nothing to show in a terminal.
    Ignored,
    /// Not a form this reader knows.
    Unknown,
}

/// Known forms that have no effect in a terminal, as the text after `は`
/// in `「X」は…`, or alone (a range's start), or alone followed by `終わり`
/// (its end), or after `ここから`/`ここで` (a block). Sizes, orientation,
/// small and raised characters, a warichu's two-line setting and typefaces
/// are all drawn as ordinary text; a caption is ordinary text too.
pub(super) const NO_VISUAL_EFFECT: &[&str] = &[
    "縦中横",
    "横組み",
    "割り注",
    "上付き小文字",
    "下付き小文字",
    "行右小書き",
    "行左小書き",
    "小書き",
    "キャプション",
    "ゴシック体",
    "明朝体",
    "等幅",
    "分数",
    "注記付き",
    "左に注記付き",
    "左にルビ付き",
];

/// Read the inside of `［＃…］`.
pub(super) fn classify(note: &str) -> Annotation<'_> {
    if let Some(figure) = figure(note) {
        return figure;
    }
    if let Some(rest) = note.strip_prefix('「') {
        return reference(rest);
    }
    if note.starts_with("ルビの「") || note.starts_with("左に「") {
        // ルビの「X」は底本では「Y」 / ルビの「X」はママ: editorial notes;
        // 左に「Y」のルビ付き終わり: a left ruby, which is not drawn.
        return Annotation::Ignored;
    }
    if let Some(rest) = note.strip_prefix("ここから") {
        return block_start(rest);
    }
    if let Some(rest) = note.strip_prefix("ここで") {
        return block_end(rest);
    }
    point(note)
}

/// `「X」…` with the opening `「` removed.
fn reference(rest: &str) -> Annotation<'_> {
    // 「X」に「Y」のルビ / 「X」に「ママ」の注記 / 「X」は底本では「Y」
    if let Some(body) = rest.strip_suffix("」のルビ") {
        if let Some((target, reading)) = body.split_once("」に「") {
            return Annotation::RubyRef { target, reading };
        }
        if body.contains("」の左に「") {
            return Annotation::Ignored;
        }
        return Annotation::Unknown;
    }
    if rest.ends_with("」の注記") || rest.contains("」は底本では「") || rest.contains("」の注記付き終わり")
    {
        return Annotation::Ignored;
    }
    if let Some(reading) = rest.strip_suffix("」のルビ付き終わり") {
        return Annotation::RubyClose { reading };
    }
    let Some(close) = rest.rfind('」') else {
        return Annotation::Unknown;
    };
    let target = &rest[..close];
    let tail = &rest[close + '」'.len_utf8()..];
    if let Some(kind) = tail.strip_prefix("に").or_else(|| tail.strip_prefix("の左に")) {
        return match emphasis(kind) {
            Some(style) => Annotation::StyleRef { target, style },
            None => Annotation::Unknown,
        };
    }
    let Some(kind) = tail.strip_prefix("は") else {
        return if tail == "の左にママ" { Annotation::Ignored } else { Annotation::Unknown };
    };
    match kind {
        "太字" => Annotation::StyleRef { target, style: Style::Bold },
        "斜体" => Annotation::StyleRef { target, style: Style::Italic },
        "罫囲み" => Annotation::Boxed,
        "ママ" => Annotation::Ignored,
        _ => {
            if let Some(level) = heading_level(kind) {
                Annotation::HeadingRef { target, level }
            } else if is_sizing(kind) || NO_VISUAL_EFFECT.contains(&kind) {
                Annotation::Ignored
            } else {
                Annotation::Unknown
            }
        }
    }
}

/// `ここから…` with the prefix removed.
fn block_start(rest: &str) -> Annotation<'_> {
    if let Some(wrap) = rest.strip_prefix("改行天付き、折り返して").and_then(|r| r.strip_suffix("字下げ"))
    {
        return number(wrap)
            .map_or(Annotation::Unknown, |wrap| Annotation::IndentBlock { first: 0, wrap: clamp(wrap) });
    }
    if let Some((first, wrap)) = indent(rest) {
        return Annotation::IndentBlock { first, wrap };
    }
    if let Some(raise) = raise(rest) {
        return Annotation::RaiseBlock(raise);
    }
    if let Some(measure) = rest.strip_suffix("字詰め").and_then(number) {
        return Annotation::MeasureBlock(measure.min(u32::from(u16::MAX)) as u16);
    }
    if rest == "罫囲み" {
        return Annotation::BoxBlock;
    }
    if let Some(level) = heading_level(rest) {
        return Annotation::HeadingBlock(level);
    }
    if let Some(style) = range_style(rest) {
        return Annotation::StyleOpen(style);
    }
    if is_sizing(rest) || NO_VISUAL_EFFECT.contains(&rest) {
        return Annotation::Ignored;
    }
    Annotation::Unknown
}

/// `ここで…終わり` with `ここで` removed.
fn block_end(rest: &str) -> Annotation<'_> {
    let Some(what) = rest.strip_suffix("終わり") else {
        return Annotation::Unknown;
    };
    match what {
        "字下げ" => Annotation::IndentBlockEnd,
        "字上げ" | "地付き" => Annotation::RaiseBlockEnd,
        "字詰め" => Annotation::MeasureBlockEnd,
        "罫囲み" => Annotation::BoxBlockEnd,
        "大きな文字" | "小さな文字" => Annotation::Ignored,
        _ => {
            if let Some(level) = heading_level(what) {
                Annotation::HeadingBlockEnd(level)
            } else if let Some(style) = range_style(what) {
                Annotation::StyleClose(style)
            } else if NO_VISUAL_EFFECT.contains(&what) {
                Annotation::Ignored
            } else {
                Annotation::Unknown
            }
        }
    }
}

/// Annotations that stand alone at a point of the text.
fn point(note: &str) -> Annotation<'_> {
    match note {
        "改ページ" | "改丁" | "改段" | "改見開き" => return Annotation::PageBreak,
        "ページの左右中央" | "左右中央" => return Annotation::PageCenter,
        "罫囲み" => return Annotation::Boxed,
        "罫囲み終わり" | "大きな文字終わり" | "小さな文字終わり" => return Annotation::Ignored,
        "ルビ付き" => return Annotation::RubyOpen,
        _ => {}
    }
    if let Some((first, wrap)) = indent(note.strip_prefix("天から").unwrap_or(note)) {
        return Annotation::Indent { first, wrap };
    }
    if let Some(raise) = raise(note) {
        return Annotation::Raise(raise);
    }
    if is_kaeriten(note) || is_kunten_okurigana(note) || is_sizing(note) || NO_VISUAL_EFFECT.contains(&note) {
        return Annotation::Ignored;
    }
    if let Some(what) = note.strip_suffix("終わり") {
        if let Some(level) = heading_level(what) {
            return Annotation::HeadingClose(level);
        }
        if let Some(style) = range_style(what) {
            return Annotation::StyleClose(style);
        }
        if NO_VISUAL_EFFECT.contains(&what) {
            return Annotation::Ignored;
        }
        return Annotation::Unknown;
    }
    if let Some(level) = heading_level(note) {
        return Annotation::HeadingOpen(level);
    }
    match range_style(note) {
        Some(style) => Annotation::StyleOpen(style),
        None => Annotation::Unknown,
    }
}

/// `挿絵（fig01.png、横321×縦123）入る` and `「説明」のキャプション付きの図（…）入る`.
fn figure(note: &str) -> Option<Annotation<'_>> {
    let body = note.strip_suffix("入る")?.strip_suffix('）')?;
    let (description, _file) = body.split_once('（')?;
    if let Some(caption) = description.strip_prefix('「').and_then(|d| d.strip_suffix("」のキャプション付きの図"))
    {
        return Some(Annotation::Figure { caption: Some(caption).filter(|c| !c.is_empty()) });
    }
    let generic = matches!(description, "" | "挿絵" | "図" | "写真" | "画像");
    Some(Annotation::Figure { caption: (!generic).then_some(description) })
}

/// `３字下げ`, `３字下げ、折り返して５字下げ`: (first line, other lines).
fn indent(text: &str) -> Option<(u8, u8)> {
    if let Some((first, wrap)) = text.split_once("字下げ、折り返して") {
        let first = clamp(number(first)?);
        let wrap = clamp(number(wrap.strip_suffix("字下げ")?)?);
        return Some((first, wrap));
    }
    let n = clamp(number(text.strip_suffix("字下げ")?)?);
    Some((n, n))
}

/// `地付き` (0), `地から２字上げ` (2).
fn raise(text: &str) -> Option<u8> {
    if text == "地付き" {
        return Some(0);
    }
    Some(clamp(number(text.strip_prefix("地から")?.strip_suffix("字上げ")?)?))
}

/// `大見出し` 1, `中見出し` 2, `小見出し` 3, also as `同行…` and `窓…`.
fn heading_level(kind: &str) -> Option<u8> {
    let kind = kind.strip_prefix("同行").or_else(|| kind.strip_prefix("窓")).unwrap_or(kind);
    match kind {
        "大見出し" => Some(1),
        "中見出し" => Some(2),
        "小見出し" => Some(3),
        _ => None,
    }
}

/// The emphasis a reference names: `傍点` … `ばつ傍点`, `傍線` … `波線`.
fn emphasis(kind: &str) -> Option<Style> {
    let dots = match kind {
        "傍点" => DotKind::Sesame,
        "白ゴマ傍点" => DotKind::WhiteSesame,
        "丸傍点" => DotKind::Circle,
        "白丸傍点" => DotKind::WhiteCircle,
        "黒三角傍点" => DotKind::Triangle,
        "白三角傍点" => DotKind::WhiteTriangle,
        "二重丸傍点" => DotKind::DoubleCircle,
        "蛇の目傍点" => DotKind::Fisheye,
        "ばつ傍点" => DotKind::Cross,
        _ => {
            let line = match kind {
                "傍線" => LineKind::Solid,
                "二重傍線" => LineKind::Double,
                "鎖線" => LineKind::Chain,
                "破線" => LineKind::Dashed,
                "波線" => LineKind::Wavy,
                _ => return None,
            };
            return Some(Style::Line(line));
        }
    };
    Some(Style::Dots(dots))
}

/// The style a range names: an emphasis (also `左に…`), `太字` or `斜体`.
fn range_style(kind: &str) -> Option<Style> {
    match kind {
        "太字" => Some(Style::Bold),
        "斜体" => Some(Style::Italic),
        _ => emphasis(kind.strip_prefix("左に").unwrap_or(kind)),
    }
}

/// `３段階大きな文字`, `２段階小さな文字`.
fn is_sizing(kind: &str) -> bool {
    kind.strip_suffix("段階大きな文字")
        .or_else(|| kind.strip_suffix("段階小さな文字"))
        .is_some_and(|n| number(n).is_some())
}

/// Kanbun reading marks (返り点): `一`, `二`, `上`, `レ`, `一レ`, `甲レ` …
fn is_kaeriten(note: &str) -> bool {
    let mark = note.strip_suffix('レ').filter(|m| !m.is_empty()).unwrap_or(note);
    mark == "レ" || (mark.chars().count() == 1 && "一二三四上中下甲乙丙丁天地人".contains(mark))
}

/// Kanbun okurigana (訓点送り仮名) `（ガ）`: small kana beside kanbun, which
/// a reading of the text does without.
fn is_kunten_okurigana(note: &str) -> bool {
    note.strip_prefix('（').and_then(|n| n.strip_suffix('）')).is_some_and(|n| !n.is_empty() && !n.contains('（'))
}

fn clamp(n: u32) -> u8 {
    n.min(u32::from(u8::MAX)) as u8
}

/// A number as the notation writes it: ASCII or full-width digits (`３`,
/// `10`, `１０`), or kanji numerals (`三`, `十二`, `二十`) up to 99.
pub(super) fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 24 {
        return None;
    }
    let digit = |c: char| match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    };
    if text.chars().all(|c| digit(c).is_some()) {
        return text.chars().try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(digit(c)?));
    }
    let kanji = |c: char| "〇一二三四五六七八九".chars().position(|k| k == c).map(|d| d as u32);
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next(), chars.next()) {
        (Some('十'), None, _, _) => Some(10),
        (Some(a), None, _, _) => kanji(a),
        (Some('十'), Some(b), None, _) => Some(10 + kanji(b)?),
        (Some(a), Some('十'), None, _) => Some(kanji(a)? * 10),
        (Some(a), Some('十'), Some(b), None) => Some(kanji(a)? * 10 + kanji(b)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::Annotation::*;
    use super::*;

    #[test]
    fn numbers_in_every_spelling() {
        for (text, n) in
            [("３", 3), ("10", 10), ("１０", 10), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99)]
        {
            assert_eq!(number(text), Some(n), "{text}");
        }
        for text in ["", "三百", "十十", "a", "99999999999999999999"] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn references_back_to_text() {
        assert_eq!(classify("「こう」に傍点"), StyleRef { target: "こう", style: Style::Dots(DotKind::Sesame) });
        assert_eq!(
            classify("「こう」の左に白丸傍点"),
            StyleRef { target: "こう", style: Style::Dots(DotKind::WhiteCircle) }
        );
        assert_eq!(classify("「線」に波線"), StyleRef { target: "線", style: Style::Line(LineKind::Wavy) });
        assert_eq!(classify("「強い」は太字"), StyleRef { target: "強い", style: Style::Bold });
        assert_eq!(classify("「一」は中見出し"), HeadingRef { target: "一", level: 2 });
        assert_eq!(classify("「序」は窓大見出し"), HeadingRef { target: "序", level: 1 });
        assert_eq!(classify("「青空」に「あおぞら」のルビ"), RubyRef { target: "青空", reading: "あおぞら" });
        assert_eq!(classify("「「」」に傍点"), StyleRef { target: "「」", style: Style::Dots(DotKind::Sesame) });
    }

    #[test]
    fn blocks_and_points() {
        assert_eq!(classify("８字下げ"), Indent { first: 8, wrap: 8 });
        assert_eq!(classify("天から３字下げ"), Indent { first: 3, wrap: 3 });
        assert_eq!(classify("ここから５字下げ"), IndentBlock { first: 5, wrap: 5 });
        assert_eq!(classify("ここから２字下げ、折り返して３字下げ"), IndentBlock { first: 2, wrap: 3 });
        assert_eq!(classify("ここから改行天付き、折り返して１字下げ"), IndentBlock { first: 0, wrap: 1 });
        assert_eq!(classify("ここで字下げ終わり"), IndentBlockEnd);
        assert_eq!(classify("地付き"), Raise(0));
        assert_eq!(classify("地から２字上げ"), Raise(2));
        assert_eq!(classify("ここから地から３字上げ"), RaiseBlock(3));
        assert_eq!(classify("ここで字上げ終わり"), RaiseBlockEnd);
        assert_eq!(classify("ここから２０字詰め"), MeasureBlock(20));
        assert_eq!(classify("ここから罫囲み"), BoxBlock);
        assert_eq!(classify("改丁"), PageBreak);
        assert_eq!(classify("ページの左右中央"), PageCenter);
        assert_eq!(classify("ここから中見出し"), HeadingBlock(2));
        assert_eq!(classify("小見出し終わり"), HeadingClose(3));
        assert_eq!(classify("丸傍点"), StyleOpen(Style::Dots(DotKind::Circle)));
        assert_eq!(classify("左に傍線終わり"), StyleClose(Style::Line(LineKind::Solid)));
        assert_eq!(classify("ここで太字終わり"), StyleClose(Style::Bold));
        assert_eq!(classify("「ふり」のルビ付き終わり"), RubyClose { reading: "ふり" });
    }

    #[test]
    fn figures_with_and_without_captions() {
        assert_eq!(classify("挿絵（fig01.png）入る"), Figure { caption: None });
        assert_eq!(
            classify("「第一図」のキャプション付きの図（fig1.png、横321×縦123）入る"),
            Figure { caption: Some("第一図") }
        );
        assert_eq!(
            classify("聯想診断の記録の表（fig56646_01.png、横1225×縦2487）入る"),
            Figure { caption: Some("聯想診断の記録の表") }
        );
    }

    #[test]
    fn forms_without_visual_effect_are_known() {
        for note in [
            "「（ａ）」は縦中横",
            "「X」は５段階大きな文字",
            "３段階大きな文字",
            "大きな文字終わり",
            "割り注",
            "割り注終わり",
            "二",
            "一レ",
            "（ガ）",
            "「紋附だとか」は底本では「絞附だとか」",
            "「喋」に「ママ」の注記",
            "ルビの「ざる」は底本では「さる」",
            "ルビの「X」はママ",
            "「広場へに」はママ",
            "キャプション",
            "キャプション終わり",
            "ここから横組み",
        ] {
            assert_eq!(classify(note), Ignored, "{note}");
        }
    }

    #[test]
    fn everything_else_is_unknown() {
        for note in ["", "…", "「X」に", "「X」は何か", "ここで", "ここから何か", "何か終わり", "「X"]
        {
            assert_eq!(classify(note), Unknown, "{note}");
        }
    }
}
