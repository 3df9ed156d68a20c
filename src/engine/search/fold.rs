//! Folding a text (NFKC, then lowercase) while keeping an offset map back to
//! the original bytes.
//!
//! The text is cut into units (see `tables.rs`); each unit folds on its
//! own, so the folded text is a sequence of pieces, each either
//! - a *copied* run: consecutive one-character plain units, byte for byte the
//!   original; any character boundary inside it maps back one to one; or
//! - a *folded* unit: indivisible; only its folded start maps to its original
//!   start, and only its folded end to its original end.
//!
//! A folded range maps back only when both ends fall on unit boundaries, so a
//! match never starts or ends inside an original character, never splits `ﾊﾞ`
//! (one unit folding to `バ`) or `㍻` (one unit folding to `平成`), and never
//! separates a base letter from its combining marks.
//!
//! A text made only of plain units (the common case for Japanese prose) is not
//! copied at all: the folded view borrows the original.

use std::ops::Range;

use super::tables::{Class, fold_unit_into, tables};

/// Where one piece of the folded text starts, in both texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    folded: usize,
    original: usize,
    /// A copied run (true) or a single folded unit (false).
    copied: bool,
}

/// Reusable buffers for folding many texts (paragraphs, blocks) without
/// allocating for each.
#[derive(Debug, Default)]
pub(super) struct FoldBuf {
    text: String,
    /// Pieces in order, then a sentinel at (folded len, original len).
    pieces: Vec<Piece>,
}

/// A folded view of one original text, with its offset map.
#[derive(Debug, Clone, Copy)]
pub(super) struct Folded<'a> {
    text: &'a str,
    /// Empty when the folded text is the original itself.
    pieces: &'a [Piece],
}

impl FoldBuf {
    /// Fold `original`; the view borrows `original` when nothing changes.
    pub(super) fn fold<'a>(&'a mut self, original: &'a str) -> Folded<'a> {
        self.text.clear();
        self.pieces.clear();
        let t = tables();
        // Start of the pending copied run (not yet written out).
        let mut run_start = 0;
        // Start of the current unit, and whether it is one plain character.
        let mut unit_start = 0;
        let mut unit_plain = true;
        for (at, c) in original.char_indices() {
            match t.class(c) {
                Class::Plain => {
                    if !unit_plain {
                        self.push_unit(original, run_start, unit_start..at);
                        run_start = at;
                    }
                    unit_start = at;
                    unit_plain = true;
                }
                Class::Folds => {
                    if !unit_plain {
                        self.push_unit(original, run_start, unit_start..at);
                        run_start = at;
                    }
                    unit_start = at;
                    unit_plain = false;
                }
                Class::Continues => unit_plain = false,
            }
        }
        if !unit_plain {
            self.push_unit(original, run_start, unit_start..original.len());
            run_start = original.len();
        }
        if self.pieces.is_empty() {
            return Folded { text: original, pieces: &[] };
        }
        self.push_copied(original, run_start..original.len());
        self.pieces.push(Piece { folded: self.text.len(), original: original.len(), copied: false });
        Folded { text: &self.text, pieces: &self.pieces }
    }

    /// Write the copied run `run_start..unit.start`, then the folded `unit`.
    fn push_unit(&mut self, original: &str, run_start: usize, unit: Range<usize>) {
        self.push_copied(original, run_start..unit.start);
        self.pieces.push(Piece { folded: self.text.len(), original: unit.start, copied: false });
        let text = &original[unit];
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii() => self.text.push(c.to_ascii_lowercase()),
            (Some(c), None) => match tables().single(c) {
                Some(folded) => self.text.push_str(folded),
                None => fold_unit_into(text, &mut self.text),
            },
            _ => fold_unit_into(text, &mut self.text),
        }
    }

    fn push_copied(&mut self, original: &str, run: Range<usize>) {
        if run.is_empty() {
            return;
        }
        self.pieces.push(Piece { folded: self.text.len(), original: run.start, copied: true });
        self.text.push_str(&original[run]);
    }
}

impl<'a> Folded<'a> {
    /// The folded text.
    pub(super) fn text(&self) -> &'a str {
        self.text
    }

    /// The original byte range of the folded byte range `folded`, when both
    /// ends lie on unit boundaries; `None` when a folded unit would be cut.
    /// `folded` must be non-empty and lie on character boundaries of the
    /// folded text.
    pub(super) fn original_range(&self, folded: Range<usize>) -> Option<Range<usize>> {
        debug_assert!(folded.start < folded.end && folded.end <= self.text.len());
        if self.pieces.is_empty() {
            return Some(folded);
        }
        // The piece holding the first byte, and the one holding the last byte.
        let first = self.pieces.partition_point(|p| p.folded <= folded.start) - 1;
        let last = self.pieces.partition_point(|p| p.folded < folded.end) - 1;
        let (p, q) = (self.pieces[first], self.pieces[last]);
        let start = if p.copied {
            p.original + (folded.start - p.folded)
        } else if folded.start == p.folded {
            p.original
        } else {
            return None;
        };
        let end = if q.copied {
            q.original + (folded.end - q.folded)
        } else {
            let after = self.pieces[last + 1];
            if folded.end != after.folded {
                return None;
            }
            after.original
        };
        Some(start..end)
    }
}

/// Fold a whole string (used for queries).
pub(super) fn fold_string(text: &str) -> String {
    let mut buf = FoldBuf::default();
    buf.fold(text).text().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// Fold, and check the map on every folded char range: whenever it maps,
    /// the original slice must fold to exactly that folded slice.
    fn fold_checked(original: &str) -> String {
        let mut buf = FoldBuf::default();
        let folded = buf.fold(original);
        let text = folded.text();
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for (i, &a) in bounds.iter().enumerate() {
            for &b in &bounds[i + 1..] {
                if let Some(range) = folded.original_range(a..b) {
                    assert!(original.is_char_boundary(range.start) && original.is_char_boundary(range.end));
                    assert_eq!(
                        fold_string(&original[range.clone()]),
                        &text[a..b],
                        "{original:?} {a}..{b} -> {range:?}"
                    );
                }
            }
        }
        text.to_owned()
    }

    fn map(original: &str, folded: Range<usize>) -> Option<Range<usize>> {
        let mut buf = FoldBuf::default();
        buf.fold(original).original_range(folded)
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let mut buf = FoldBuf::default();
        let text = "習主席は、上海協力機構の輪番議長国としてのsco";
        let folded = buf.fold(text);
        assert!(std::ptr::eq(folded.text(), text));
        assert_eq!(folded.original_range(3..9), Some(3..9));
    }

    #[test]
    fn width_and_case_fold() {
        assert_eq!(fold_checked("ＳＣＯとSCO"), "scoとsco");
        assert_eq!(fold_checked("３０年"), "30年");
        assert_eq!(fold_checked("ｶﾀｶﾅ"), "カタカナ");
        assert_eq!(fold_checked("ﾊﾞｽ"), "バス");
        assert_eq!(fold_checked("（ＡＢＣ）"), "(abc)");
    }

    #[test]
    fn shorter_folded_text_maps_back_to_longer_original() {
        // ＳＣＯ is 9 bytes, sco is 3: folded and original lengths differ.
        let original = "機構(ＳＣＯ)の";
        assert_eq!(fold_checked(original), "機構(sco)の");
        assert_eq!(map(original, 7..10), Some(7..16));
        assert_eq!(map(original, 8..9), Some(10..13));
        assert_eq!(map(original, 6..11), Some(6..17));
    }

    #[test]
    fn merged_characters_map_as_one() {
        // ﾊﾞ (two characters, 6 bytes) folds to バ (one character, 3 bytes).
        let original = "ﾊﾞｽ";
        assert_eq!(map(original, 0..3), Some(0..6));
        assert_eq!(map(original, 3..6), Some(6..9));
        // か + combining voiced mark composes to が.
        assert_eq!(fold_checked("か\u{3099}き"), "がき");
        assert_eq!(map("か\u{3099}き", 0..3), Some(0..6));
        // A letter with a mark that has no precomposed form stays one unit.
        assert_eq!(fold_checked("q\u{0303}r"), "q\u{0303}r");
        assert_eq!(map("q\u{0303}r", 0..1), None);
        assert_eq!(map("q\u{0303}r", 0..3), Some(0..3));
    }

    #[test]
    fn expansions_are_indivisible() {
        // ㍻ (3 bytes) folds to 平成 (6 bytes).
        let original = "㍻元年";
        assert_eq!(fold_checked(original), "平成元年");
        assert_eq!(map(original, 0..6), Some(0..3));
        assert_eq!(map(original, 0..9), Some(0..6));
        // Cutting the expansion in half maps nowhere.
        assert_eq!(map(original, 0..3), None);
        assert_eq!(map(original, 3..9), None);
        // A range that starts right at the expansion's end is fine.
        assert_eq!(map(original, 6..12), Some(3..9));
        assert_eq!(fold_checked("ﬁle"), "file");
        assert_eq!(map("ﬁle", 1..4), None);
    }

    #[test]
    fn matches_the_reference_normalisation_on_real_text() {
        for original in [
            crate::EMBEDDED_ARTICLE,
            "Ａ１ｶﾞ㍻①ﬁ\u{0301}é\u{0323}\u{0302}Å\u{212B}\u{1100}\u{1161}\u{11A8}ｳﾞ\u{309A}ǅΣİ",
            "\u{0301}leading mark, ﾞ lone mark",
        ] {
            let mut buf = FoldBuf::default();
            let folded = buf.fold(original).text().to_owned();
            let mut reference = String::new();
            original.nfkc().for_each(|c| super::super::tables::case_fold_into(c, &mut reference));
            assert_eq!(folded, reference, "{original}");
            fold_checked(&original.chars().take(40).collect::<String>());
        }
    }

    #[test]
    fn sharp_s_and_final_sigma_fold_fully_but_there_is_no_turkish_tailoring() {
        assert_eq!(fold_checked("ß"), "ss");
        assert_eq!(fold_checked("ẞ"), "ss");
        assert_eq!(fold_checked("ς"), "σ");
        assert_eq!(fold_checked("İ"), "i\u{0307}");
        assert_eq!(fold_checked("I"), "i");
    }
}
