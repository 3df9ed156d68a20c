//! Missing glyphs (外字): `※［＃「にんべん＋爾」、第3水準1-14-45］` and the like.
//!
//! A note names its character by a JIS X 0213 plane-row-cell (`1-14-45`,
//! with or without `第3水準`/`第4水準`), by a code point (`U+9B90`), or only
//! by a page and line of the source book (`626-10`), which names nothing.
//! Resolved notes become their character; the others become their
//! description in tortoise-shell brackets (`〔感嘆符三つ〕`), which the
//! reader shows dim, so a reader sees what was meant and never the notation.

use crate::engine::sanitize::is_unsafe_control;

/// JIS X 0213 to Unicode, written by `assets/jisx0213.py` (see its layout).
static TABLE: &[u8] = include_bytes!("../../../../assets/jisx0213.bin");

/// The plane 2 rows the table holds, in order, after plane 1's 94 rows.
const PLANE2_ROWS: [u8; 26] =
    [1, 3, 4, 5, 8, 12, 13, 14, 15, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94];

/// Cell values from this one up are indices into the pairs after the cells.
const PAIR: u32 = 0xFF_0000;

/// Bytes of one cell and of one pair in [`TABLE`].
const CELL: usize = 3;
const PAIR_BYTES: usize = 6;

/// What a missing-glyph note stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Glyph<'a> {
    /// One character, or two (a kana with a semi-voiced mark is a base and a
    /// combining mark in Unicode).
    Chars(char, Option<char>),
    /// No code: the description, to be shown as a note.
    Description(&'a str),
}

impl Glyph<'_> {
    /// Append what a reader is shown: the characters, or the description in
    /// tortoise-shell brackets (any notation in it made plain). Returns
    /// whether it was a description (to be styled as a note).
    pub(super) fn push_shown(self, out: &mut String) -> bool {
        match self {
            Glyph::Chars(first, second) => {
                out.push(first);
                out.extend(second);
                false
            }
            Glyph::Description(description) => {
                out.push('〔');
                out.push_str(&super::plain::plain(description));
                out.push('〕');
                true
            }
        }
    }
}

/// Resolve the inside of a `※［＃…］` note.
pub(super) fn resolve(note: &str) -> Glyph<'_> {
    let (description, codes) = split_description(note);
    for token in codes.split('、') {
        if let Some(glyph) = code(token.trim()) {
            return glyph;
        }
    }
    Glyph::Description(shown_description(description))
}

/// The description and the codes after it: the description runs to the
/// first `、` outside 「」 (`「口＋世」の「世」に代えて「止」、第3水準…`).
fn split_description(note: &str) -> (&str, &str) {
    let mut depth = 0usize;
    for (i, c) in note.char_indices() {
        match c {
            '「' => depth += 1,
            '」' => depth = depth.saturating_sub(1),
            '、' if depth == 0 => return (&note[..i], &note[i + '、'.len_utf8()..]),
            _ => {}
        }
    }
    (note, "")
}

/// `「にんべん＋爾」` is shown as `にんべん＋爾`; longer descriptions as written.
fn shown_description(description: &str) -> &str {
    let inner = description.strip_prefix('「').and_then(|d| d.strip_suffix('」'));
    match inner {
        Some(inner) if !inner.contains(['「', '」']) => inner,
        _ => description,
    }
}

/// The glyph a code token names: `第3水準1-14-45`, `1-13-21`, `U+9B90`.
fn code(token: &str) -> Option<Glyph<'static>> {
    if let Some(hex) = token.strip_prefix("U+").or_else(|| token.strip_prefix("u+")) {
        let value = u32::from_str_radix(hex, 16).ok()?;
        let c = char::from_u32(value).filter(|&c| !is_unsafe_control(c) && !c.is_control())?;
        return Some(Glyph::Chars(c, None));
    }
    let token =
        ["第3水準", "第4水準", "第３水準", "第４水準"].iter().find_map(|p| token.strip_prefix(p)).unwrap_or(token);
    let mut parts = token.split(['-', '－']);
    let (plane, row, cell) = (number(parts.next()?)?, number(parts.next()?)?, number(parts.next()?)?);
    if parts.next().is_some() {
        return None;
    }
    jis(plane, row, cell)
}

/// A decimal number in ASCII or full-width digits.
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 12 {
        return None;
    }
    text.chars().try_fold(0u32, |n, c| {
        let digit = c.to_digit(10).or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))?;
        Some(n * 10 + digit)
    })
}

/// The character at JIS X 0213 plane-row-cell, if it is assigned.
pub(super) fn jis(plane: u32, row: u32, cell: u32) -> Option<Glyph<'static>> {
    if !(1..=94).contains(&row) || !(1..=94).contains(&cell) {
        return None;
    }
    let row_index = match plane {
        1 => row as usize - 1,
        2 => 94 + PLANE2_ROWS.iter().position(|&r| u32::from(r) == row)?,
        _ => return None,
    };
    let value = read_u24(TABLE, (row_index * 94 + cell as usize - 1) * CELL)?;
    if value == 0 {
        return None;
    }
    if value < PAIR {
        return char::from_u32(value).map(|c| Glyph::Chars(c, None));
    }
    let pairs = (94 + PLANE2_ROWS.len()) * 94 * CELL;
    let at = pairs + (value - PAIR) as usize * PAIR_BYTES;
    let first = char::from_u32(read_u24(TABLE, at)?)?;
    let second = char::from_u32(read_u24(TABLE, at + CELL)?)?;
    Some(Glyph::Chars(first, Some(second)))
}

fn read_u24(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 3)?;
    Some(u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(note: &str) -> String {
        let mut out = String::new();
        resolve(note).push_shown(&mut out);
        out
    }

    #[test]
    fn jis_x_0213_codes_of_both_planes_resolve() {
        assert_eq!(resolved("「にんべん＋爾」、第3水準1-14-45"), "儞");
        assert_eq!(resolved("「やまいだれ＋重」、第4水準2-81-58"), "瘇");
        assert_eq!(resolved("ローマ数字1、1-13-21"), "Ⅰ");
        assert_eq!(resolved("感嘆符二つ、1-8-75"), "‼");
        assert_eq!(resolved("二の字点、1-2-22"), "〻");
        assert_eq!(resolved("「走」の「土」に代えて「彡」、第3水準1-92-51"), "辵");
    }

    #[test]
    fn cells_of_two_code_points_keep_both() {
        assert_eq!(resolved("「か」に半濁点、1-4-87"), "か\u{309a}");
        assert_eq!(resolved("「ト」に半濁点、1-5-94"), "ト\u{309a}");
    }

    #[test]
    fn code_points_resolve_and_page_references_do_not() {
        assert_eq!(resolved("「隱」の「こざとへん」に代えて「りっしんべん」、U+61DA、487-14"), "懚");
        assert_eq!(resolved("感嘆符三つ、626-10"), "〔感嘆符三つ〕");
        assert_eq!(resolved("「口＋世」、ページ数-行数"), "〔口＋世〕");
        assert_eq!(resolved("「口＋世」の「世」に代えて「止」、12-3"), "〔「口＋世」の「世」に代えて「止」〕");
    }

    #[test]
    fn nonsense_codes_are_descriptions_not_panics() {
        assert_eq!(resolved("「x」、第3水準1-95-1"), "〔x〕");
        assert_eq!(resolved("「x」、3-1-1"), "〔x〕");
        assert_eq!(resolved("「x」、2-2-1"), "〔x〕", "plane 2 row 2 is JIS X 0212, not 0213");
        assert_eq!(resolved("「x」、U+1B"), "〔x〕", "a control character is never produced");
        assert_eq!(resolved("「x」、U+D800"), "〔x〕");
        assert_eq!(resolved("「x」、1-1-99999999999999"), "〔x〕");
        assert_eq!(resolved(""), "〔〕");
    }

    #[test]
    fn the_table_has_its_documented_size() {
        assert_eq!(TABLE.len(), (94 + PLANE2_ROWS.len()) * 94 * CELL + 25 * PAIR_BYTES);
    }
}
