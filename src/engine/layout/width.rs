//! Cell widths of grapheme clusters, with the fast paths the layout loop uses.
//!
//! Widths come from `unicode-width` (pinned, see `Cargo.toml`). Two things are
//! added on top:
//!
//! - **Ambiguous = wide means all of East Asian Ambiguous.** `width_cjk()`
//!   keeps Ambiguous *letters* (Greek, Cyrillic, some Latin such as `é`, `ø`,
//!   `ß`) and modifier symbols at one cell, but the terminals a user switches
//!   to "ambiguous wide" (xterm `-cjk_width`, VTE, mintty, iTerm2) draw them in
//!   two. We follow the terminals, with the small table [`AMBIGUOUS_LETTERS`].
//! - **Fast paths.** ASCII and the common Japanese blocks (kana, kanji,
//!   CJK punctuation, full-width forms) have fixed widths and never join the
//!   previous cluster, so most clusters are measured without asking the
//!   segmentation or width tables at all. A test checks the fast paths against
//!   the tables for every code point they cover.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use std::sync::OnceLock;

use super::{AmbiguousWidth, kinsoku, uax};

/// East Asian Ambiguous letters and modifier symbols that `width_cjk()`
/// leaves at one cell; inclusive ranges, sorted. Taken from the
/// `East_Asian_Width=A` property restricted to general categories `L*` and
/// `Sk` (Unicode 14 data; these code points have not changed since).
const AMBIGUOUS_LETTERS: &[(u32, u32)] = &[
    (0x00A8, 0x00A8),
    (0x00AA, 0x00AA),
    (0x00B4, 0x00B4),
    (0x00B8, 0x00B8),
    (0x00BA, 0x00BA),
    (0x00C6, 0x00C6),
    (0x00D0, 0x00D0),
    (0x00D8, 0x00D8),
    (0x00DE, 0x00E1),
    (0x00E6, 0x00E6),
    (0x00E8, 0x00EA),
    (0x00EC, 0x00ED),
    (0x00F0, 0x00F0),
    (0x00F2, 0x00F3),
    (0x00F8, 0x00FA),
    (0x00FC, 0x00FC),
    (0x00FE, 0x00FE),
    (0x0101, 0x0101),
    (0x0111, 0x0111),
    (0x0113, 0x0113),
    (0x011B, 0x011B),
    (0x0126, 0x0127),
    (0x012B, 0x012B),
    (0x0131, 0x0133),
    (0x0138, 0x0138),
    (0x013F, 0x0142),
    (0x0144, 0x0144),
    (0x0148, 0x014B),
    (0x014D, 0x014D),
    (0x0152, 0x0153),
    (0x0166, 0x0167),
    (0x016B, 0x016B),
    (0x01CE, 0x01CE),
    (0x01D0, 0x01D0),
    (0x01D2, 0x01D2),
    (0x01D4, 0x01D4),
    (0x01D6, 0x01D6),
    (0x01D8, 0x01D8),
    (0x01DA, 0x01DA),
    (0x01DC, 0x01DC),
    (0x0251, 0x0251),
    (0x0261, 0x0261),
    (0x02C4, 0x02C4),
    (0x02C7, 0x02C7),
    (0x02C9, 0x02CB),
    (0x02CD, 0x02CD),
    (0x02D0, 0x02D0),
    (0x02D8, 0x02DB),
    (0x02DD, 0x02DD),
    (0x02DF, 0x02DF),
    (0x0391, 0x03A1),
    (0x03A3, 0x03A9),
    (0x03B1, 0x03C1),
    (0x03C3, 0x03C9),
    (0x0401, 0x0401),
    (0x0410, 0x044F),
    (0x0451, 0x0451),
    (0x207F, 0x207F),
    (0x2113, 0x2113),
    (0x2126, 0x2126),
    (0x212B, 0x212B),
];

/// Whether `c` is an Ambiguous letter that `width_cjk()` measures narrow.
fn is_ambiguous_letter(c: char) -> bool {
    let c = c as u32;
    if !(0xA8..=0x212B).contains(&c) {
        return false;
    }
    AMBIGUOUS_LETTERS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The width of a cluster that is not a tab, measured by the tables.
pub(crate) fn table_width(cluster: &str, ambiguous: AmbiguousWidth) -> usize {
    match ambiguous {
        AmbiguousWidth::Narrow => cluster.width(),
        AmbiguousWidth::Wide => {
            let w = cluster.width_cjk();
            match cluster.chars().next() {
                Some(first) if w == 1 && is_ambiguous_letter(first) => 2,
                _ => w,
            }
        }
    }
}

/// Fixed width of a code point that always forms a one-character cluster
/// when followed by another such code point or by ASCII, or `None` when the
/// slow path must decide. Covers printable ASCII, kana (without the combining
/// sound marks U+3099/U+309A), CJK symbols and punctuation (without the
/// combining tone marks U+302A–U+302F), kanji (URO and extension A),
/// full-width and half-width forms, and a band of general punctuation,
/// arrows, box drawing and shapes used in Japanese text (`…―※○→■`), whose
/// width depends on the ambiguous setting.
#[inline(always)]
pub(crate) fn simple_width(c: u32, ambiguous: AmbiguousWidth) -> Option<u8> {
    match c {
        0x20..=0x7E => Some(1),
        0x4E00..=0x9FFF | 0x3400..=0x4DBF => Some(2),
        0x3041..=0x3096 | 0x309B..=0x30FF => Some(2),
        0x3000..=0x3029 | 0x3030..=0x303E => Some(2),
        0x303F => Some(1),
        0xFF01..=0xFF60 => Some(2),
        0xFF61..=0xFF9D => Some(1),
        0x2010..=0x2027 | 0x2030..=0x205E | 0x2190..=0x2BFF => {
            let ch = char::from_u32(c)?;
            let w = match ambiguous {
                AmbiguousWidth::Narrow => ch.width(),
                AmbiguousWidth::Wide => ch.width_cjk(),
            };
            w.map(|w| w as u8)
        }
        _ => None,
    }
}

/// Whether a code point can never join the cluster before it (it is not
/// Extend, ZWJ or SpacingMark), as far as the fast path needs to know.
#[inline(always)]
pub(crate) fn never_extends(c: u32) -> bool {
    const_never_extends(c)
}

const fn const_never_extends(c: u32) -> bool {
    matches!(c,
        0x00..=0x7F
        | 0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x3041..=0x3096
        | 0x309B..=0x30FF
        | 0x3000..=0x3029
        | 0x3030..=0x303F
        | 0xFF01..=0xFF9D
        | 0x2010..=0x2027
        | 0x2030..=0x205E
        | 0x2190..=0x2BFF)
}

/// Decode the scalar value starting at byte `i` of `text` (a char boundary)
/// and return it with its length in bytes.
#[inline(always)]
pub(crate) fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = bytes[i] as u32;
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | ((bytes[i + 1] as u32 & 0x3F) << 6) | (bytes[i + 2] as u32 & 0x3F), 3)
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((bytes[i + 1] as u32 & 0x3F) << 12)
                | ((bytes[i + 2] as u32 & 0x3F) << 6)
                | (bytes[i + 3] as u32 & 0x3F),
            4,
        )
    }
}

/// [`char_info`]: the code point's width is in the low byte, and it forms a
/// cluster of its own when the next code point is [`NEVER_EXTENDS`].
pub(crate) const FAST: u32 = 1 << 16;
/// [`char_info`]: the code point never joins the cluster before it.
pub(crate) const NEVER_EXTENDS: u32 = 1 << 17;
/// [`char_info`]: an ASCII space or tab.
pub(crate) const WHITESPACE: u32 = 1 << 18;

/// [`char_info`]: [`FAST`], not [`WHITESPACE`], and a simplified UAX #14
/// class other than `COMPLEX`: the first pass's short loop takes it.
pub(crate) const PLAIN: u32 = 1 << 19;

/// [`char_info`]: where the simplified UAX #14 class sits (see `uax`).
pub(crate) const UAX_SHIFT: u32 = 20;

/// Everything the layout loop needs to know about one code point, packed:
/// width (bits 0–7, valid with [`FAST`]), kinsoku classes (bits 8–15),
/// [`FAST`], [`NEVER_EXTENDS`], [`WHITESPACE`], [`PLAIN`] and the simplified UAX #14
/// class (bits 20–23). The common blocks are table lookups in `tables`
/// (from [`info_tables`] for the same `ambiguous`).
#[inline(always)]
pub(crate) fn char_info(tables: &InfoTables, c: u32, ambiguous: AmbiguousWidth) -> u32 {
    let info = table_info(tables, c);
    if info & SLOW != 0 { other_info(c, ambiguous) } else { info }
}

/// [`char_info`] where the tables have it; elsewhere a value with none of
/// the flags set (no [`NEVER_EXTENDS`], no [`PLAIN`]), so a loop that only
/// goes on while those are set needs no call to the slow path.
#[inline(always)]
pub(crate) fn table_info(tables: &InfoTables, c: u32) -> u32 {
    // Two-level lookup for the BMP: no data-dependent branch between ASCII,
    // kana and kanji (mixed text would mispredict it constantly).
    if c < 0x1_0000 { tables.blocks[PAGES[(c >> 8) as usize] as usize][(c & 0xFF) as usize] } else { SLOW }
}

/// [`char_info`] table entry: ask [`other_info`] instead.
const SLOW: u32 = 1 << 31;

/// The BMP pages with a block of their own in [`InfoTables`], in block order
/// from block 2: Latin-1, the punctuation, letterlike, arrow, mathematical,
/// technical, enclosed, box-drawing, shape, symbol and dingbat pages (`…―※→
/// ○■☆①`, which Japanese text uses and whose width depends on the ambiguous
/// setting), the CJK symbols and kana, and the full-width forms.
const OWN_PAGES: [u8; 11] = [0x00, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x30, 0xFF];

/// [`InfoTables`] block shared by the ideograph pages (CJK extension A and
/// the unified ideographs, U+3400–U+9FFF without U+4DXX, where extension A
/// ends and hexagram symbols begin), which all have the same info.
const IDEOGRAPHS: u8 = 1;

/// Blocks in [`InfoTables`]: 0 everything slow, [`IDEOGRAPHS`], then one per
/// page of [`OWN_PAGES`].
const BLOCKS: usize = 2 + OWN_PAGES.len();

/// Which block of [`InfoTables`] describes each 256-code-point page of the BMP.
static PAGES: [u8; 256] = {
    let mut pages = [0u8; 256];
    let mut page = 0x34;
    while page <= 0x9F {
        if page != 0x4D {
            pages[page] = IDEOGRAPHS;
        }
        page += 1;
    }
    let mut i = 0;
    while i < OWN_PAGES.len() {
        pages[OWN_PAGES[i] as usize] = 2 + i as u8;
        i += 1;
    }
    pages
};

/// Per-page tables of [`char_info`] for one ambiguous setting (see [`PAGES`]).
/// Built once, at first use, because the UAX #14 classes come from a
/// function.
#[derive(Debug)]
pub(crate) struct InfoTables {
    blocks: [[u32; 256]; BLOCKS],
}

/// The shared [`InfoTables`] for `ambiguous`.
pub(crate) fn info_tables(ambiguous: AmbiguousWidth) -> &'static InfoTables {
    static NARROW: OnceLock<InfoTables> = OnceLock::new();
    static WIDE: OnceLock<InfoTables> = OnceLock::new();
    let tables = match ambiguous {
        AmbiguousWidth::Narrow => &NARROW,
        AmbiguousWidth::Wide => &WIDE,
    };
    tables.get_or_init(|| {
        let mut blocks = [[SLOW; 256]; BLOCKS];
        blocks[IDEOGRAPHS as usize] = [other_info(0x4E00, ambiguous); 256];
        for (block, page) in blocks[2..].iter_mut().zip(OWN_PAGES) {
            let base = u32::from(page) << 8;
            for (i, slot) in block.iter_mut().enumerate() {
                *slot = other_info(base + i as u32, ambiguous);
            }
        }
        InfoTables { blocks }
    })
}

/// [`char_info`] outside the tables, and the rule the tables are built by.
#[inline(never)]
fn other_info(c: u32, ambiguous: AmbiguousWidth) -> u32 {
    let mut info = (kinsoku::classes(c) as u32) << 8;
    if never_extends(c) {
        info |= NEVER_EXTENDS;
    }
    if let Some(w) = simple_width(c, ambiguous) {
        info |= FAST | w as u32;
    }
    if c == 0x20 || c == 0x09 {
        info |= WHITESPACE;
    }
    let class = uax::simple_class(c);
    if info & (FAST | WHITESPACE) == FAST && class != uax::COMPLEX {
        info |= PLAIN;
    }
    info | (class as u32) << UAX_SHIFT
}

/// One grapheme cluster found by [`cluster_at`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClusterInfo {
    /// One past its last byte.
    pub end: usize,
    /// Its width in cells (a tab reports 0: its width depends on the column).
    pub width: usize,
}

/// The grapheme cluster starting at byte `i` (a cluster boundary) of `text`,
/// whose first code point `c` (`len` bytes) the caller has decoded already.
/// Also returns the code point after the cluster and its length, decoded on
/// the way (`(0, 0)` at the end of the text), so no byte is decoded twice.
#[inline(always)]
pub(crate) fn cluster_at(
    text: &str,
    i: usize,
    c: u32,
    len: usize,
    ambiguous: AmbiguousWidth,
) -> (ClusterInfo, (u32, usize)) {
    let bytes = text.as_bytes();
    let next = i + len;
    if let Some(w) = simple_width(c, ambiguous) {
        if next >= bytes.len() {
            let info = ClusterInfo { end: next, width: w as usize };
            return (info, (0, 0));
        }
        let following = decode_at(bytes, next);
        if never_extends(following.0) {
            let info = ClusterInfo { end: next, width: w as usize };
            return (info, following);
        }
    }
    let info = slow_cluster(text, i, c, ambiguous);
    let following = if info.end < bytes.len() { decode_at(bytes, info.end) } else { (0, 0) };
    (info, following)
}

/// The cluster at `i` measured by the tables.
#[cold]
#[inline(never)]
fn slow_cluster(text: &str, i: usize, c: u32, ambiguous: AmbiguousWidth) -> ClusterInfo {
    let rest = &text[i..];
    let cluster = rest.graphemes(true).next().unwrap_or(rest);
    let width = if c == u32::from(b'\t') && cluster.len() == 1 { 0 } else { table_width(cluster, ambiguous) };
    ClusterInfo { end: i + cluster.len(), width }
}

/// The grapheme cluster starting at byte `i` (a cluster boundary) of `text`.
///
/// Fast path: a simple code point followed by a code point that never extends
/// a cluster is a cluster of its own. Anything else asks
/// `unicode-segmentation`, starting afresh at `i` (segmenting from a boundary
/// gives the same clusters as segmenting the whole text). The code keeps
/// the code point after the cluster from [`cluster_at`] instead; this is the
/// tests' way in.
#[cfg(test)]
pub(crate) fn next_cluster(text: &str, i: usize, ambiguous: AmbiguousWidth) -> ClusterInfo {
    let (c, len) = decode_at(text.as_bytes(), i);
    cluster_at(text, i, c, len, ambiguous).0
}

/// The width of one grapheme cluster placed at cell `column` of its line
/// (the column matters only for tabs, which reach the next multiple of
/// `tab_width`; the layout additionally clamps a tab to the cells left on the
/// line, see [`super::placements`]).
pub fn cluster_width(cluster: &str, ambiguous: AmbiguousWidth, column: usize, tab_width: usize) -> usize {
    if cluster == "\t" {
        let tab = tab_width.max(1);
        return tab - column % tab;
    }
    table_width(cluster, ambiguous)
}

/// The width of a tab at `column` on a line of `fill` usable cells: up to the
/// next tab stop, but never past the end of the line, and at least one cell.
#[inline]
pub(crate) fn tab_cells(column: usize, tab_width: usize, fill: usize) -> usize {
    let tab = tab_width.max(1);
    let natural = tab - column % tab;
    natural.min(fill.saturating_sub(column)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast_ranges() -> impl Iterator<Item = u32> {
        (0x20..0x30000u32).filter(|&c| simple_width(c, AmbiguousWidth::Narrow).is_some())
    }

    #[test]
    fn fast_path_widths_agree_with_the_tables_for_every_covered_code_point() {
        let mut checked = 0;
        for c in fast_ranges() {
            let ch = char::from_u32(c).unwrap();
            let s = ch.to_string();
            for amb in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
                let fast = simple_width(c, amb).unwrap() as usize;
                assert_eq!(fast, table_width(&s, amb), "U+{c:04X} {amb:?}");
            }
            checked += 1;
        }
        assert!(checked > 30_000, "only {checked} code points on the fast path");
    }

    #[test]
    fn fast_path_clusters_agree_with_segmentation() {
        // Every fast code point followed by every kind of joiner we know, and by
        // another fast code point: the fast path must end the cluster exactly
        // where unicode-segmentation does.
        let followers = [
            'a',
            'あ',
            '\u{3099}',
            '\u{309A}',
            '\u{0301}',
            '\u{200D}',
            '\u{FE0F}',
            '\u{FF9E}',
            '\u{302A}',
            '🌞',
            '\u{1F3FB}',
            '\t',
            ' ',
            '\u{E0100}',
        ];
        for c in fast_ranges().step_by(7) {
            let ch = char::from_u32(c).unwrap();
            for f in followers {
                let s = format!("{ch}{f}");
                let expected = s.graphemes(true).next().unwrap().len();
                let got = next_cluster(&s, 0, AmbiguousWidth::Narrow).end;
                assert_eq!(got, expected, "{s:?}");
            }
        }
    }

    #[test]
    fn packed_info_agrees_with_the_rules_for_every_code_point() {
        for c in 0..0x11_0000u32 {
            for amb in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
                assert_eq!(char_info(info_tables(amb), c, amb), other_info(c, amb), "U+{c:04X}");
            }
        }
    }

    #[test]
    fn never_extends_covers_exactly_the_fast_code_points_and_ascii() {
        for c in 0..0x30000u32 {
            let fast = c < 0x80 || simple_width(c, AmbiguousWidth::Narrow).is_some();
            assert_eq!(never_extends(c), fast, "U+{c:04X}");
        }
    }

    #[test]
    fn fast_code_points_never_join_the_cluster_before_them() {
        for c in fast_ranges() {
            let s = format!("a{}", char::from_u32(c).unwrap());
            assert_eq!(s.graphemes(true).count(), 2, "U+{c:04X}");
        }
    }

    #[test]
    fn ambiguous_wide_counts_greek_cyrillic_and_symbols_as_two() {
        for s in ["α", "Ж", "é", "…", "○", "※", "①", "―", "“"] {
            assert_eq!(table_width(s, AmbiguousWidth::Narrow), 1, "{s}");
            assert_eq!(table_width(s, AmbiguousWidth::Wide), 2, "{s}");
        }
        for s in ["a", "e", "ｱ", "ς"] {
            assert_eq!(table_width(s, AmbiguousWidth::Wide), 1, "{s}");
        }
    }

    #[test]
    fn tabs_reach_the_next_stop_but_not_past_the_line() {
        assert_eq!(cluster_width("\t", AmbiguousWidth::Narrow, 0, 4), 4);
        assert_eq!(cluster_width("\t", AmbiguousWidth::Narrow, 5, 4), 3);
        assert_eq!(tab_cells(5, 4, 10), 3);
        assert_eq!(tab_cells(8, 4, 10), 2);
        assert_eq!(tab_cells(10, 4, 10), 1);
        assert_eq!(tab_cells(0, 0, 10), 1);
    }

    #[test]
    fn combining_marks_zwj_emoji_and_flags_are_one_cluster() {
        let cases = [
            ("か\u{3099}x", 6, 2),
            ("e\u{0301}x", 3, 1),
            ("👨\u{200D}👩\u{200D}👧x", 18, 2),
            ("🇯🇵🇺🇸", 8, 2),
            ("☺\u{FE0F}x", 6, 2),
        ];
        for (s, end, width) in cases {
            let c = next_cluster(s, 0, AmbiguousWidth::Narrow);
            assert_eq!((c.end, c.width), (end, width), "{s:?}");
        }
    }
}
