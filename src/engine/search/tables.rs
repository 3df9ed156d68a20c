//! Per-character facts that make folding fast, computed once from the
//! normalisation tables of `unicode-normalization` and the standard library's
//! lowercase mapping.
//!
//! Folding works on *units*: a character that starts a unit, followed by the
//! characters that cannot start one (combining marks, the half-width voiced
//! sound marks ﾞﾟ, Hangul vowel and final jamo, ...). NFKC can merge characters
//! only within a unit, so the text folds unit by unit and every unit maps back
//! to its exact original bytes.
//!
//! - *boundary*: the character starts a unit. True when its compatibility
//!   decomposition starts with a character of combining class 0 that never
//!   composes with a character before it.
//! - *plain*: a boundary character that folds to itself (most kanji, kana and
//!   lowercase ASCII). A run of single-character plain units is copied as is.
//! - *self-only*: the character appears in folded text only where that very
//!   character stood in the original (no other character folds to anything
//!   containing it, and no composition produces it). A run of such characters
//!   in a query must appear literally in any text that matches it, so it can be
//!   searched with `memmem` before any folding.
//! - *single*: the folded form of each non-plain boundary character, for the
//!   common case of a unit of one character (full-width Ａ, half-width ｶ, ㍻).

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical, decompose_compatible};

const CODE_POINTS: usize = 0x11_0000;

/// One bit per code point.
struct Bits(Vec<u64>);

impl Bits {
    fn new(set: bool) -> Self {
        Bits(vec![if set { u64::MAX } else { 0 }; CODE_POINTS / 64])
    }

    #[inline]
    fn get(&self, c: char) -> bool {
        let i = c as usize;
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    fn set(&mut self, c: char, value: bool) {
        let i = c as usize;
        if value {
            self.0[i / 64] |= 1 << (i % 64);
        } else {
            self.0[i / 64] &= !(1 << (i % 64));
        }
    }
}

/// How a character behaves under folding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Starts a unit and folds to itself.
    Plain,
    /// Starts a unit but folds to something else.
    Folds,
    /// Continues the unit before it.
    Continues,
}

/// The precomputed facts; see the module documentation.
pub(super) struct Tables {
    boundary: Bits,
    plain: Bits,
    self_only: Bits,
    single: HashMap<char, Box<str>>,
}

/// The tables, built on first use (a few tens of milliseconds in a release
/// build).
pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(Tables::build)
}

/// Append the fold of `unit` (NFKC, then [`case_fold_into`]) to `out`.
pub(super) fn fold_unit_into(unit: &str, out: &mut String) {
    for c in unit.nfkc() {
        case_fold_into(c, out);
    }
}

/// Append `c` with its case folded: lowercase, and the full case folds
/// where lowercase falls short for searching, `ß` and `ẞ` as `ss` and final
/// `ς` as `σ`, so `strasse` finds `Straße` and `σας` finds `ΣΑΣ`.
pub(super) fn case_fold_into(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Code points with no assigned characters (planes 4 to 13) or only private
/// use (planes 15 and 16): nothing there decomposes or has a case, so they
/// keep the defaults (boundary, plain, self-only) without being examined.
fn skipped(cp: u32) -> bool {
    (0x4_0000..0xE_0000).contains(&cp) || cp >= 0xF_0000
}

impl Tables {
    fn build() -> Tables {
        let mut boundary = Bits::new(true);
        let mut plain = Bits::new(true);
        let mut produced = Bits::new(false);
        let mut combines_backward = Bits::new(false);
        let mut single = HashMap::new();
        let chars = || (0..CODE_POINTS as u32).filter(|&cp| !skipped(cp)).filter_map(char::from_u32);

        // First pass: what composition can produce, and which characters can
        // be the later part of a composition (they merge with what precedes).
        for c in chars() {
            let mut parts = 0;
            let mut own = true;
            decompose_canonical(c, |d| {
                if parts > 0 {
                    combines_backward.set(d, true);
                }
                own &= d == c;
                parts += 1;
            });
            if !own {
                produced.set(c, true);
                for l in c.to_lowercase() {
                    produced.set(l, true);
                }
            }
        }

        // Second pass: unit boundaries, plain characters, single-character folds.
        let mut decomposition = String::new();
        let mut folded = String::new();
        for c in chars() {
            decomposition.clear();
            decompose_compatible(c, |d| decomposition.push(d));
            let first = decomposition.chars().next().unwrap_or(c);
            let starts_unit = canonical_combining_class(first) == 0 && !combines_backward.get(first);

            folded.clear();
            if decomposition.chars().eq(std::iter::once(c)) {
                case_fold_into(c, &mut folded);
            } else {
                fold_unit_into(c.encode_utf8(&mut [0; 4]), &mut folded);
            }
            let folds_to_itself = folded.chars().eq(std::iter::once(c));

            boundary.set(c, starts_unit);
            plain.set(c, starts_unit && folds_to_itself);
            if starts_unit && !folds_to_itself {
                single.insert(c, folded.as_str().into());
            }
            for d in folded.chars().chain(decomposition.chars()) {
                for l in std::iter::once(d).chain(d.to_lowercase()) {
                    if l != c {
                        produced.set(l, true);
                    }
                }
            }
        }

        // Self-only: never produced by another character or by composition.
        let mut self_only = produced;
        for word in &mut self_only.0 {
            *word = !*word;
        }
        Tables { boundary, plain, self_only, single }
    }

    /// How `c` behaves under folding.
    #[inline]
    pub(super) fn class(&self, c: char) -> Class {
        if c.is_ascii() {
            return if c.is_ascii_uppercase() { Class::Folds } else { Class::Plain };
        }
        if self.plain.get(c) {
            Class::Plain
        } else if self.boundary.get(c) {
            Class::Folds
        } else {
            Class::Continues
        }
    }

    /// Whether `c` starts a unit.
    #[inline]
    pub(super) fn is_boundary(&self, c: char) -> bool {
        self.boundary.get(c)
    }

    /// Whether `c` can only come from itself and is a plain unit of its own;
    /// see the module documentation.
    pub(super) fn is_self_only(&self, c: char) -> bool {
        self.self_only.get(c) && self.plain.get(c)
    }

    /// The fold of `c` when it forms a unit alone and is not plain.
    #[inline]
    pub(super) fn single(&self, c: char) -> Option<&str> {
        self.single.get(&c).map(|s| &**s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_typical_characters() {
        let t = tables();
        for c in ['a', '一', 'か', 'カ', '。', '「', 'ー', ' '] {
            assert_eq!(t.class(c), Class::Plain, "{c}");
        }
        for c in ['A', 'Ａ', 'ｶ', '３', '㍻', '（', 'É', 'ﬁ'] {
            assert_eq!(t.class(c), Class::Folds, "{c}");
        }
        for c in ['ﾞ', 'ﾟ', '\u{3099}', '\u{0301}', '\u{1161}', '\u{11A8}'] {
            assert_eq!(t.class(c), Class::Continues, "{c:?}");
        }
        assert_eq!(t.single('㍻'), Some("平成"));
        assert_eq!(t.single('Ａ'), Some("a"));
    }

    #[test]
    fn self_only_characters_have_no_other_source() {
        let t = tables();
        // No compatibility character folds to these.
        for c in ['帯', 'の', '訪'] {
            assert!(t.is_self_only(c), "{c}");
        }
        // ㊀ and ⼀ fold to 一; Ａ and A fold to a; ｶ folds to カ; か+゙ composes to が;
        // ㍻ folds to 平成; 路 and 漢 have compatibility twins; ､ folds to 、.
        for c in ['一', 'a', 'カ', 'が', '平', '成', '路', '漢', '1', '、'] {
            assert!(!t.is_self_only(c), "{c}");
        }
    }
}
