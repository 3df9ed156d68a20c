//! Japanese line-breaking rules (kinsoku shori, 禁則処理) as character classes.
//!
//! UAX #14 already forbids almost every break these rules forbid; the tables
//! here are the layer on top: they are checked again at every break (so a rule
//! holds even where UAX #14 is more permissive, e.g. after a space), they tell
//! which extra breaks `normal` and `loose` strictness allow, and they guide the
//! emergency break when a line has no legal break at all.
//!
//! Lists follow JLREQ and CSS Text 3 `line-break` (see
//! `shared/notes/japanese-layout.md`).

use super::Strictness;

/// Closing brackets and the full stops and commas: never start a line.
pub(crate) const CLOSE: u8 = 1;
/// Punctuation that never starts a line at any strictness: `・` excluded.
pub(crate) const NO_START: u8 = 1 << 1;
/// Small kana and prolonged sound marks: may start a line unless `strict`.
pub(crate) const SMALL: u8 = 1 << 2;
/// Iteration marks and middle dots: may start a line only when `loose`.
pub(crate) const ITERATION: u8 = 1 << 3;
/// `…` and `‥`: never start a line, but `loose` may break between two.
pub(crate) const ELLIPSIS: u8 = 1 << 4;
/// Opening brackets: never end a line.
pub(crate) const OPEN: u8 = 1 << 5;
/// `、。，．`: may hang into the reserved margin.
pub(crate) const HANG: u8 = 1 << 6;
/// Kana, kanji and full-width letters: a line may break after them before a
/// small kana (normal, loose) or an iteration mark (loose).
pub(crate) const IDEOGRAPHIC: u8 = 1 << 7;

/// The kinsoku classes of a code point (a bit set of the constants above).
/// ASCII, the CJK symbol and kana blocks and the full-width forms are looked
/// up in tables built at compile time from [`classes_of`].
#[inline(always)]
pub(crate) fn classes(c: u32) -> u8 {
    match c {
        0x00..=0x7F => ASCII_TABLE[c as usize],
        0x3000..=0x30FF => KANA_TABLE[(c - 0x3000) as usize],
        0x4E00..=0x9FFF => IDEOGRAPHIC,
        0xFF00..=0xFFFF => FULL_WIDTH_TABLE[(c - 0xFF00) as usize],
        _ => classes_of(c),
    }
}

const fn table<const N: usize>(base: u32) -> [u8; N] {
    let mut t = [0u8; N];
    let mut i = 0;
    while i < N {
        t[i] = classes_of(base + i as u32);
        i += 1;
    }
    t
}

static ASCII_TABLE: [u8; 128] = table(0);
static KANA_TABLE: [u8; 256] = table(0x3000);
static FULL_WIDTH_TABLE: [u8; 256] = table(0xFF00);

/// The kinsoku classes of a code point: the rules themselves.
pub(crate) const fn classes_of(c: u32) -> u8 {
    match c {
        // ASCII: brackets and the punctuation that should not start a line.
        0x29 | 0x5D | 0x7D => CLOSE,
        0x21 | 0x2C | 0x2E | 0x3A | 0x3B | 0x3F => NO_START,
        0x28 | 0x5B | 0x7B => OPEN,
        0x00..=0x7F => 0,
        // Closing brackets and quotes.
        0x2019 | 0x201D | 0xFF09 | 0x3015 | 0xFF3D | 0xFF5D | 0x3009 | 0x300B | 0x300D | 0x300F | 0x3011 | 0xFF60
        | 0x2986 | 0x3019 | 0x3017 | 0x00BB | 0x301E | 0x301F | 0xFF63 => CLOSE,
        // Full stops and commas (the four that may hang, and half-width ones).
        0x3001 | 0x3002 | 0xFF0C | 0xFF0E => CLOSE | HANG,
        0xFF61 | 0xFF64 => CLOSE,
        // Opening brackets and quotes.
        0x2018 | 0x201C | 0xFF08 | 0x3014 | 0xFF3B | 0xFF5B | 0x3008 | 0x300A | 0x300C | 0x300E | 0x3010 | 0xFF5F
        | 0x2985 | 0x3018 | 0x3016 | 0x00AB | 0x301D | 0xFF62 => OPEN,
        // Hyphens, exclamation and question marks, colon and semicolon.
        0x2010 | 0x2013 | 0x301C | 0x30A0 => NO_START,
        0xFF01 | 0xFF1F | 0x203C | 0x2047 | 0x2048 | 0x2049 | 0xFF1A | 0xFF1B => NO_START,
        0x2025 | 0x2026 => ELLIPSIS,
        // Middle dots and iteration marks.
        0x30FB | 0xFF65 | 0x3005 | 0x303B | 0x309D | 0x309E | 0x30FD | 0x30FE => ITERATION,
        // Small kana (hiragana, katakana, extension, half-width) and ー.
        0x3041
        | 0x3043
        | 0x3045
        | 0x3047
        | 0x3049
        | 0x3063
        | 0x3083
        | 0x3085
        | 0x3087
        | 0x308E
        | 0x3095
        | 0x3096
        | 0x30A1
        | 0x30A3
        | 0x30A5
        | 0x30A7
        | 0x30A9
        | 0x30C3
        | 0x30E3
        | 0x30E5
        | 0x30E7
        | 0x30EE
        | 0x30F5
        | 0x30F6
        | 0x31F0..=0x31FF
        | 0xFF67..=0xFF6F => SMALL | IDEOGRAPHIC,
        0x30FC | 0xFF70 => SMALL | IDEOGRAPHIC,
        0x3041..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD => IDEOGRAPHIC,
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0xFF66..=0xFF9D => IDEOGRAPHIC,
        _ => 0,
    }
}

/// The classes that may not start a line at `strictness` (the `loose`
/// exception between two ellipses is decided by the caller).
#[inline(always)]
pub(crate) const fn start_mask(strictness: Strictness) -> u8 {
    let always = CLOSE | NO_START | ELLIPSIS;
    match strictness {
        Strictness::Strict => always | SMALL | ITERATION,
        Strictness::Normal => always | ITERATION,
        Strictness::Loose => always,
    }
}

/// Whether a cluster of these classes may not start a line at `strictness`
/// (the `loose` exception between two ellipses is decided by the caller).
#[inline(always)]
#[cfg(test)]
pub(crate) fn forbids_start(classes: u8, strictness: Strictness) -> bool {
    classes & start_mask(strictness) != 0
}

/// Whether a cluster of these classes may not end a line.
#[inline(always)]
#[cfg(test)]
pub(crate) fn forbids_end(classes: u8) -> bool {
    classes & OPEN != 0
}

/// Whether `strictness` allows a break before a cluster of class `current`
/// after one of class `previous` although UAX #14 (which resolves small kana
/// and `ー` as CSS `strict` does) has none there.
#[inline(always)]
pub(crate) fn relaxed_break(previous: u8, current: u8, strictness: Strictness) -> bool {
    match strictness {
        Strictness::Strict => false,
        Strictness::Normal => current & SMALL != 0 && previous & IDEOGRAPHIC != 0,
        Strictness::Loose => {
            (current & (SMALL | ITERATION) != 0 && previous & IDEOGRAPHIC != 0)
                || (current & ELLIPSIS != 0 && previous & ELLIPSIS != 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(ch: char) -> u8 {
        classes(ch as u32)
    }

    #[test]
    fn every_listed_no_start_character_is_forbidden_at_strict() {
        let no_start = "’”）〕］｝〉》」』】⦆〙〗»〟‐〜゠–！？‼⁇⁈⁉・：；。．、，ヽヾゝゞ々〻ー\
                        ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇿ…‥";
        for ch in no_start.chars() {
            assert!(forbids_start(c(ch), Strictness::Strict), "{ch}");
        }
        for ch in "あ漢アＡ1a「".chars() {
            assert!(!forbids_start(c(ch), Strictness::Strict), "{ch}");
        }
    }

    #[test]
    fn every_listed_opening_bracket_may_not_end_a_line() {
        for ch in "‘“（〔［｛〈《「『【⦅〘〖«〝(".chars() {
            assert!(forbids_end(c(ch)), "{ch}");
        }
        for ch in "あ」。a)".chars() {
            assert!(!forbids_end(c(ch)), "{ch}");
        }
    }

    #[test]
    fn strictness_levels_relax_in_order() {
        for ch in "ゃッー".chars() {
            assert!(forbids_start(c(ch), Strictness::Strict));
            assert!(!forbids_start(c(ch), Strictness::Normal));
            assert!(relaxed_break(c('あ'), c(ch), Strictness::Normal));
        }
        for ch in "々ゝ・".chars() {
            assert!(forbids_start(c(ch), Strictness::Normal));
            assert!(!forbids_start(c(ch), Strictness::Loose));
            assert!(!relaxed_break(c('人'), c(ch), Strictness::Normal));
            assert!(relaxed_break(c('人'), c(ch), Strictness::Loose));
        }
        assert!(relaxed_break(c('…'), c('…'), Strictness::Loose));
        assert!(!relaxed_break(c('…'), c('…'), Strictness::Normal));
        assert!(!relaxed_break(c('「'), c('ゃ'), Strictness::Loose));
    }

    #[test]
    fn the_lookup_tables_agree_with_the_rules() {
        for c in 0..0x11_0000 {
            assert_eq!(classes(c), classes_of(c), "U+{c:04X}");
        }
    }

    #[test]
    fn only_the_four_marks_hang() {
        for ch in "、。，．".chars() {
            assert!(c(ch) & HANG != 0, "{ch}");
        }
        for ch in "」！？・".chars() {
            assert!(c(ch) & HANG == 0, "{ch}");
        }
    }
}
