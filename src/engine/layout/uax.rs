//! A shortcut through UAX #14 for plain Japanese text.
//!
//! Iterating `unicode-linebreak`'s opportunities is the single largest cost of
//! a layout. Most Japanese paragraphs, though, use only a handful of line
//! break classes — ideographs and kana (ID), letters and symbols (AL), closing
//! and wide opening brackets (CL, OP), non-starters (NS, CJ), `！？` (EX),
//! `…‥` (IN), `—` (B2) and break-after characters (BA) — and between two such
//! characters, with no space or combining mark in between, UAX #14 decides by
//! the pair alone. So the layout decides those pairs with a 10×10 table and
//! only runs `unicode-linebreak` once a paragraph shows anything else (from
//! then on its answers are used; before, they are the same, because UAX #14
//! decides each break from the text before it only).
//!
//! The table is the rules, restated; the tests check it against
//! `unicode-linebreak` for every pair of classes, over many members of each
//! class, in longer runs, and over every paragraph of the test corpus.

use unicode_linebreak::{BreakClass, break_property};

/// Not one of the classes below: ask `unicode-linebreak`.
pub(crate) const COMPLEX: u8 = 0;
const ID: u8 = 1;
const AL: u8 = 2;
const CL: u8 = 3;
const OP: u8 = 4;
const NS: u8 = 5;
const EX: u8 = 6;
const IN: u8 = 7;
const B2: u8 = 8;
const BA: u8 = 9;

/// The simplified class of a code point (resolved as `unicode-linebreak`
/// does: AI as AL, CJ as NS). Opening brackets count only in the CJK and
/// full-width blocks, where every one is East Asian wide or half-width.
pub(crate) fn simple_class(c: u32) -> u8 {
    match break_property(c) {
        BreakClass::Ideographic => ID,
        BreakClass::Alphabetic | BreakClass::Ambiguous => AL,
        BreakClass::ClosePunctuation => CL,
        BreakClass::OpenPunctuation if (0x3000..=0x30FF).contains(&c) || (0xFF00..=0xFFEF).contains(&c) => OP,
        BreakClass::NonStarter | BreakClass::ConditionalJapaneseStarter => NS,
        BreakClass::Exclamation => EX,
        BreakClass::Inseparable => IN,
        BreakClass::BeforeAndAfter => B2,
        BreakClass::After => BA,
        _ => COMPLEX,
    }
}

/// Whether UAX #14 allows a break between a character of class `a` and one
/// of class `b` (both simple, adjacent).
const fn pair_allows(a: u8, b: u8) -> bool {
    // LB13: × CL, × EX. LB21: × BA, × NS. LB22: × IN.
    if matches!(b, CL | EX | BA | NS | IN) {
        return false;
    }
    // LB14: OP ×.
    if a == OP {
        return false;
    }
    // LB17: B2 × B2. LB28: AL × AL. LB30: AL × OP (unicode-linebreak 0.1.5
    // implements Unicode 15.0, which has no exception for wide brackets).
    !matches!((a, b), (B2, B2) | (AL, AL) | (AL, OP))
}

/// Row `a`: bit `b` is set when a break is allowed between `a` and `b`.
pub(crate) static BREAK_AFTER: [u16; 16] = {
    let mut t = [0u16; 16];
    let mut a = 1;
    while a <= BA {
        let mut b = 1;
        while b <= BA {
            if pair_allows(a, b) {
                t[a as usize] |= 1 << b;
            }
            b += 1;
        }
        a += 1;
    }
    t
};

/// Whether a break is allowed between adjacent simple classes `a` and `b`.
#[inline(always)]
pub(crate) fn allows(a: u8, b: u8) -> bool {
    BREAK_AFTER[(a & 0xF) as usize] >> (b & 0xF) & 1 != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_linebreak::linebreaks;
    use unicode_segmentation::UnicodeSegmentation;

    /// Simple code points that form a cluster on their own, by class.
    fn members() -> Vec<Vec<char>> {
        let mut by_class = vec![Vec::new(); 10];
        for c in (0x20..0x3_0000u32).filter_map(char::from_u32) {
            let class = simple_class(c as u32);
            if class != COMPLEX && format!("{c}a").graphemes(true).count() == 2 {
                by_class[class as usize].push(c);
            }
        }
        by_class
    }

    /// Break positions of `s` according to the table, like `linebreaks`
    /// without the final mandatory one.
    fn table_breaks(s: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut previous = None;
        for (i, c) in s.char_indices() {
            let class = simple_class(c as u32);
            if let Some(p) = previous
                && allows(p, class)
            {
                out.push(i);
            }
            previous = Some(class);
        }
        out
    }

    fn uax_breaks(s: &str) -> Vec<usize> {
        linebreaks(s).map(|(i, _)| i).filter(|&i| i < s.len()).collect()
    }

    #[test]
    fn every_pair_of_classes_agrees_with_unicode_linebreak() {
        let members = members();
        for (a, xs) in members.iter().enumerate().skip(1) {
            assert!(!xs.is_empty(), "class {a} has no member");
            for (b, ys) in members.iter().enumerate().skip(1) {
                // Up to 40 members of each class, spread over the class.
                let step_x = (xs.len() / 40).max(1);
                let step_y = (ys.len() / 40).max(1);
                for &x in xs.iter().step_by(step_x) {
                    for &y in ys.iter().step_by(step_y) {
                        let s = format!("{x}{y}");
                        assert_eq!(table_breaks(&s), uax_breaks(&s), "{s:?} (classes {a}, {b})");
                    }
                }
            }
        }
    }

    #[test]
    fn every_run_of_three_agrees_with_unicode_linebreak() {
        // A few members of each class in every order of three: the state
        // UAX #14 carries must not reach past one character here.
        let members = members();
        let sample: Vec<char> = members
            .iter()
            .skip(1)
            .flat_map(|m| {
                let step = (m.len() / 3).max(1);
                m.iter().step_by(step).take(3).copied().collect::<Vec<_>>()
            })
            .collect();
        for &x in &sample {
            for &y in &sample {
                for &z in &sample {
                    let s = format!("{x}{y}{z}");
                    assert_eq!(table_breaks(&s), uax_breaks(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn every_paragraph_of_the_corpus_agrees_with_unicode_linebreak_up_to_its_first_complex_character() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut texts = vec![crate::EMBEDDED_ARTICLE.to_string()];
        for name in ["yumeno_dogra-magra.utf8.txt", "edogawa_shinri-shiken.utf8.txt"] {
            texts.push(std::fs::read_to_string(dir.join(name)).expect("corpus text"));
        }
        let (mut plain, mut checked) = (0, 0);
        for text in &texts {
            for paragraph in text.lines() {
                // The shortcut's part: up to and including the first complex
                // character (the break before it comes from the map).
                let cut = paragraph
                    .char_indices()
                    .find(|&(_, c)| simple_class(c as u32) == COMPLEX)
                    .map_or(paragraph.len(), |(i, _)| i);
                if cut == paragraph.len() {
                    plain += 1;
                }
                let expected: Vec<usize> = uax_breaks(paragraph).into_iter().filter(|&i| i < cut).collect();
                assert_eq!(table_breaks(&paragraph[..cut]), expected, "{paragraph:?}");
                checked += 1;
            }
        }
        assert!(plain * 2 > checked, "only {plain} of {checked} paragraphs take the shortcut");
    }

    proptest::proptest! {
        #[test]
        fn random_plain_text_agrees_with_unicode_linebreak(
            picks in proptest::collection::vec((1usize..10, proptest::num::usize::ANY), 0..60)
        ) {
            thread_local! {
                static MEMBERS: Vec<Vec<char>> = members();
            }
            let s: String = MEMBERS.with(|m| {
                picks.iter().map(|&(class, n)| m[class][n % m[class].len()]).collect()
            });
            proptest::prop_assert_eq!(table_breaks(&s), uax_breaks(&s), "{:?}", s);
        }
    }

    #[test]
    fn the_shortcut_covers_the_characters_of_japanese_text() {
        for c in "漢字かなカナ、。「」『』（）ー々ゝ・！？…―—〜ｱ＃Ａａ０※○■→\u{3000}\ta".chars()
        {
            assert_ne!(simple_class(c as u32), COMPLEX, "{c:?}");
        }
        for c in " 1\u{3099}\u{200D}“”(\n".chars() {
            assert_eq!(simple_class(c as u32), COMPLEX, "{c:?}");
        }
    }
}
