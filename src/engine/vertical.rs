//! Vertical text (縦書き) in a character grid: what each laid-out column
//! shows, row by row.
//!
//! The break engine lays a paragraph out in rows (see
//! [`crate::engine::layout::Shape::vertical`]); this module turns one
//! column into cells: every row is a square slot of two terminal cells.
//! A terminal cannot rotate glyphs, so, for display only:
//!
//! - punctuation and brackets that turn in vertical text take their Unicode
//!   vertical presentation forms (`、` → `︑`, `「` → `﹁`, `…` → `︙`, …);
//! - `ー` (which has none) is drawn as `丨` (U+4E28, a vertical stroke as
//!   wide as a kana), and `〜` / `～` as `︴` (U+FE34, a vertical wavy
//!   line), both two cells like the characters they stand for;
//! - Latin letters, digits and other narrow characters are set upright as
//!   their full-width forms (`SCO` → `ＳＣＯ`), half-width katakana as
//!   full-width katakana; narrow brackets and punctuation turn like the
//!   full-width ones (`(` → `︵`), and `“”` become `〝〟`;
//! - Aozora Bunko's `／＼` (くの字点, a repeat mark two rows tall) is drawn
//!   as its two halves `〳〵` (`／″＼` as `〴〵`);
//! - one or two ASCII digits standing alone (`7`, `30`) sit side by side in
//!   one slot (縦中横) as they are.
//!
//! Copying, search, marks and export keep the original characters: only
//! the cells drawn change. Ruby and emphasis dots stand to the right of
//! their base in a track of their own.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::layout::{Line, placements_shaped};
use super::typeset::Typeset;

/// The glyph drawn for `cluster` in vertical text (see the module
/// documentation), or `None` when it is drawn as it is.
pub fn vertical_form(cluster: &str) -> Option<Cow<'static, str>> {
    let mut chars = cluster.chars();
    let c = chars.next()?;
    let single = chars.next().is_none();
    if single && let Some(form) = presentation_form(c) {
        return Some(Cow::Owned(form.to_string()));
    }
    if single && ('\u{21}'..='\u{7e}').contains(&c) {
        // Upright full-width form of printable ASCII; its brackets and
        // punctuation turn as the full-width ones do.
        let wide = char::from_u32(c as u32 + 0xFEE0)?;
        return Some(Cow::Owned(presentation_form(wide).unwrap_or(wide).to_string()));
    }
    if ('\u{FF61}'..='\u{FF9F}').contains(&c) {
        // Half-width katakana (with ﾞ or ﾟ) and punctuation (｢｣､｡): the
        // full-width forms, turned where they turn.
        let wide: String = cluster.nfkc().collect();
        let mut chars = wide.chars();
        if let (Some(w), None) = (chars.next(), chars.next())
            && let Some(form) = presentation_form(w)
        {
            return Some(Cow::Owned(form.to_string()));
        }
        return Some(Cow::Owned(wide));
    }
    None
}

/// The くの字点 for `／＼` (and `／″＼`, voiced), as Aozora Bunko writes the
/// two-row repeat mark in text: the glyph drawn for the cluster at byte
/// range `at` of `text` when it is part of one, its two halves (〳〵 or
/// 〴〵) on consecutive rows, `Some("")` for a row left blank.
fn kunoji(text: &str, at: std::ops::Range<usize>) -> Option<&'static str> {
    let (before, here, after) = (&text[..at.start], &text[at.clone()], &text[at.end..]);
    match here {
        "／" if after.starts_with('＼') => Some("〳"),
        "／" if after.starts_with("″＼") => Some("〴"),
        "″" if before.ends_with('／') && after.starts_with('＼') => Some("〵"),
        "＼" if before.ends_with("／″") => Some(""),
        "＼" if before.ends_with('／') => Some("〵"),
        _ => None,
    }
}

/// The vertical presentation form of `c`, for the characters that turn.
fn presentation_form(c: char) -> Option<char> {
    Some(match c {
        '、' => '︑',
        '。' => '︒',
        '，' => '︐',
        '：' => '︓',
        '；' => '︔',
        '！' => '︕',
        '？' => '︖',
        '「' => '﹁',
        '」' => '﹂',
        '『' => '﹃',
        '』' => '﹄',
        '（' => '︵',
        '）' => '︶',
        '【' => '︻',
        '】' => '︼',
        '〔' => '︹',
        '〕' => '︺',
        '〈' => '︿',
        '〉' => '﹀',
        '《' => '︽',
        '》' => '︾',
        '［' => '﹇',
        '］' => '﹈',
        '｛' => '︷',
        '｝' => '︸',
        '…' => '︙',
        '‥' => '︰',
        '―' | '—' => '︱',
        'ー' => '丨',
        '〜' | '～' => '︴',
        '“' => '〝',
        '”' => '〟',
        _ => return None,
    })
}

/// What one slot of a column shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot<'a> {
    /// The row, from the top of the column (indent included).
    pub row: usize,
    /// Drawn in the ruby track beside the column rather than in it.
    pub track: bool,
    /// The text drawn (one or two narrow characters, or one wide one).
    pub text: Cow<'a, str>,
    /// The cells it takes: 1 or 2.
    pub cells: usize,
    /// The shown text's byte where it comes from (for styling), or `None`
    /// for ruby and dots.
    pub byte: Option<usize>,
}

/// The slots of column `index` (`line`) of a vertically typeset paragraph,
/// text first, then its ruby and dots. `rows` is the column's height, for
/// alignment.
pub fn column_slots<'a>(t: &'a Typeset<'a>, index: usize, line: &Line, rows: usize) -> Vec<Slot<'a>> {
    let text = t.text();
    let offset = t.line_offset(index, line, rows * 2) / 2;
    let mut out = Vec::new();
    let placed = placements_shaped(text, line, t.options(), &t.shape());
    let mut i = 0;
    while i < placed.len() {
        let p = &placed[i];
        let cluster = &text[p.bytes.clone()];
        let row = offset + p.x / 2;
        // A 縦中横 pair: the second digit has no row of its own.
        let pair = placed.get(i + 1).filter(|next| next.width == 0 && p.width == 2 && is_digit(cluster));
        if let Some(next) = pair {
            let both = &text[p.bytes.start..next.bytes.end];
            out.push(Slot { row, track: false, text: Cow::Borrowed(both), cells: 2, byte: Some(p.bytes.start) });
            i += 2;
            continue;
        }
        i += 1;
        if p.width == 0 || cluster.trim().is_empty() || cluster == "\u{3000}" {
            continue;
        }
        let (shown, cells) = if let Some(mark) = kunoji(text, p.bytes.clone()) {
            if mark.is_empty() {
                continue;
            }
            (Cow::Borrowed(mark), 2)
        } else if is_digit(cluster) && stands_alone(text, p.bytes.start) {
            // One digit alone keeps its slot as it is (縦中横 of one).
            (Cow::Borrowed(cluster), 1)
        } else {
            match vertical_form(cluster) {
                Some(form) => (form, 2),
                None => {
                    let w = crate::engine::layout::cluster_width(cluster, t.options().ambiguous, 0, 1);
                    (Cow::Borrowed(cluster), w.clamp(1, 2))
                }
            }
        };
        out.push(Slot { row, track: false, text: shown, cells, byte: Some(p.bytes.start) });
    }
    for a in t.annotations(line) {
        // Each character of a reading takes a row of the track.
        let first = offset + a.x / 2;
        let rows_free = (a.room / 2).max(1);
        for (k, g) in
            unicode_segmentation::UnicodeSegmentation::graphemes(a.text.as_ref(), true).take(rows_free).enumerate()
        {
            let shown = vertical_form(g).map_or_else(|| g.to_owned(), Cow::into_owned);
            out.push(Slot { row: first + k, track: true, text: Cow::Owned(shown), cells: 2, byte: None });
        }
    }
    out
}

/// Whether the character at byte `at` has no ASCII letter or digit on
/// either side.
fn stands_alone(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let alnum = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(|b| b.is_ascii_alphanumeric());
    !alnum(at.checked_sub(1)) && !alnum(Some(at + 1))
}

fn is_digit(cluster: &str) -> bool {
    cluster.len() == 1 && cluster.as_bytes()[0].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_turns_and_narrow_characters_stand_upright_wide() {
        let shown = |s: &str| vertical_form(s).map(Cow::into_owned);
        assert_eq!(shown("、").as_deref(), Some("︑"));
        assert_eq!(shown("「").as_deref(), Some("﹁"));
        assert_eq!(shown("ー").as_deref(), Some("丨"));
        assert_eq!(shown("S").as_deref(), Some("Ｓ"));
        assert_eq!(shown("ｶﾞ").as_deref(), Some("ガ"));
        assert_eq!(shown("漢"), None);
        // Half-width brackets and punctuation turn like full-width ones.
        let turned: Vec<String> = "()[]{}!?:;,｢｣､｡“”".chars().map(|c| shown(&c.to_string()).unwrap()).collect();
        assert_eq!(turned.concat(), "︵︶﹇﹈︷︸︕︖︓︔︐﹁﹂︑︒〝〟");
    }

    #[test]
    fn the_aozora_kunoji_is_drawn_as_its_two_halves() {
        let text = "やう／＼に、はか／″＼しく、a/b＼";
        let marks: Vec<(&str, Option<&str>)> = text
            .char_indices()
            .map(|(i, c)| (&text[i..i + c.len_utf8()], kunoji(text, i..i + c.len_utf8())))
            .filter(|(_, m)| m.is_some())
            .collect();
        assert_eq!(
            marks,
            [("／", Some("〳")), ("＼", Some("〵")), ("／", Some("〴")), ("″", Some("〵")), ("＼", Some(""))],
            "a lone ＼ or / is not one"
        );
    }

    #[test]
    fn every_presentation_form_reads_back_with_nfkc_and_takes_two_cells() {
        use unicode_width::UnicodeWidthStr;
        for c in "、。，：；！？「」『』（）【】〔〕〈〉《》［］｛｝‥".chars() {
            let form = presentation_form(c).unwrap();
            // NFKC takes some forms to ASCII (︵ → '('), as it takes （ there.
            let back: String = form.to_string().nfkc().collect();
            assert_eq!(back, c.to_string().nfkc().collect::<String>(), "{c}");
            assert_eq!(form.to_string().width(), 2, "{form}");
        }
        for form in ['︙', '︱', '丨', '︴', '〝', '〟', '〳', '〴', '〵'] {
            assert_eq!(form.to_string().width(), 2, "{form}");
        }
    }
}
