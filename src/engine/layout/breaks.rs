//! First pass: the paragraph as a run of grapheme clusters ("units"), each
//! with its width and whether a line may (or must) break before it.
//!
//! Break opportunities are UAX #14's: decided by the pair table of
//! [`super::uax`] while the paragraph is plain Japanese, and taken from
//! `unicode-linebreak` (chosen over `icu_segmenter`, five times slower here;
//! see `benches/layout.rs`) from its first other character on. The kinsoku
//! tables then remove the breaks Japanese rules forbid and add the ones
//! `normal`/`loose` strictness allow. A break is only ever taken at a
//! grapheme cluster boundary.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::kinsoku::{self, ELLIPSIS, HANG as KIN_HANG};
use super::width::{
    ClusterInfo, FAST, InfoTables, NEVER_EXTENDS, PLAIN, UAX_SHIFT, WHITESPACE, char_info, cluster_at, decode_at,
    info_tables, table_info,
};
use super::{AmbiguousWidth, LayoutOptions, Strictness, ascii, uax};

/// A line may break before this unit.
pub(crate) const LEGAL: u16 = 1;
/// A line must break before this unit (after a line feed or separator).
pub(crate) const MANDATORY: u16 = 1 << 1;
/// The unit is one ASCII space: dropped at a break, never counted there.
pub(crate) const SPACE: u16 = 1 << 2;
/// The unit is a tab: its width depends on the column.
pub(crate) const TAB: u16 = 1 << 3;
/// The unit may not start a line (at the options' strictness).
pub(crate) const NO_START: u16 = 1 << 4;
/// The unit may not end a line.
pub(crate) const NO_END: u16 = 1 << 5;
/// The unit is one of `、。，．` and may hang into the margin.
pub(crate) const HANG: u16 = 1 << 6;

/// One grapheme cluster of the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Its first byte; it ends where the next unit starts.
    pub start: u32,
    /// Its width in cells (0 for a tab, saturating).
    pub width: u16,
    /// A bit set of the flags above.
    pub flags: u16,
}

/// Whether a code point is an ASCII letter or digit.
#[inline(always)]
fn is_ascii_alnum(c: u32) -> bool {
    c < 0x80 && (c as u8).is_ascii_alphanumeric()
}

/// Whether breaking before unit `b` would split a Latin/digit run, `——` or
/// `……`. Only the emergency break asks (UAX #14 has no break there anyway),
/// so it is computed on demand rather than in the hot loop.
pub(crate) fn glued_before(text: &str, units: &[Unit], b: usize, strictness: Strictness) -> bool {
    if b == 0 || b >= units.len() {
        return false;
    }
    let bytes = text.as_bytes();
    let previous = decode_at(bytes, units[b - 1].start as usize).0;
    let current = decode_at(bytes, units[b].start as usize).0;
    glued(previous, current, strictness)
}

/// Whether two consecutive clusters starting with these code points form a
/// pair the emergency break should not split.
#[inline(always)]
fn glued(previous: u32, current: u32, strictness: Strictness) -> bool {
    (is_ascii_alnum(previous) && is_ascii_alnum(current))
        || (previous == current
            && (current == 0x2014 || ((current == 0x2026 || current == 0x2025) && strictness != Strictness::Loose)))
}

/// Flags that follow from a cluster's kinsoku classes alone, per strictness
/// (indexed by `Strictness as usize`, then by the classes byte); built at
/// compile time so the hot loop does one lookup.
static FLAG_TEMPLATES: [[u16; 256]; 3] =
    [flag_template(Strictness::Strict), flag_template(Strictness::Normal), flag_template(Strictness::Loose)];

const fn flag_template(strictness: Strictness) -> [u16; 256] {
    let mask = kinsoku::start_mask(strictness);
    let mut t = [0u16; 256];
    let mut classes = 0usize;
    while classes < 256 {
        let c = classes as u8;
        let mut flags = 0;
        if c & mask != 0 {
            flags |= NO_START;
        }
        if c & kinsoku::OPEN != 0 {
            flags |= NO_END;
        }
        if c & KIN_HANG != 0 {
            flags |= HANG;
        }
        t[classes] = flags;
        classes += 1;
    }
    t
}

const fn strictness_index(strictness: Strictness) -> usize {
    match strictness {
        Strictness::Strict => 0,
        Strictness::Normal => 1,
        Strictness::Loose => 2,
    }
}

/// Reused buffers of the first pass.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// The clusters, the output of the pass.
    pub units: Vec<Unit>,
    /// UAX #14 opportunities by byte offset: 0 none, 1 allowed, 2 mandatory.
    opportunities: Vec<u8>,
}

impl Scratch {
    /// Bytes of capacity held.
    pub fn capacity_bytes(&self) -> usize {
        self.units.capacity() * std::mem::size_of::<Unit>() + self.opportunities.capacity()
    }
}

/// The strictness that [`strictness_index`] numbers `index`.
const fn strictness_at(index: usize) -> Strictness {
    match index {
        0 => Strictness::Strict,
        1 => Strictness::Normal,
        _ => Strictness::Loose,
    }
}

const STRICT: usize = strictness_index(Strictness::Strict);
const NORMAL: usize = strictness_index(Strictness::Normal);
const LOOSE: usize = strictness_index(Strictness::Loose);

/// Fill `scratch.units` with the clusters of `text` (cleared first).
pub(crate) fn units_into(text: &str, options: &LayoutOptions, scratch: &mut Scratch) {
    // One copy of the loop per strictness, so the rules that depend on it are
    // decided at compile time rather than tested at every cluster.
    match options.strictness {
        Strictness::Strict => units_at::<STRICT, true>(text, options.ambiguous, scratch),
        Strictness::Normal => units_at::<NORMAL, true>(text, options.ambiguous, scratch),
        Strictness::Loose => units_at::<LOOSE, true>(text, options.ambiguous, scratch),
    }
}

/// [`units_into`] without the short loop for plain runs: every cluster takes
/// the general step. The tests check that both give the same units.
#[cfg(test)]
pub(crate) fn units_into_step_by_step(text: &str, options: &LayoutOptions, scratch: &mut Scratch) {
    match options.strictness {
        Strictness::Strict => units_at::<STRICT, false>(text, options.ambiguous, scratch),
        Strictness::Normal => units_at::<NORMAL, false>(text, options.ambiguous, scratch),
        Strictness::Loose => units_at::<LOOSE, false>(text, options.ambiguous, scratch),
    }
}

/// [`units_into`] at the strictness numbered `S`, with the short loop for
/// plain runs when `RUNS`.
fn units_at<const S: usize, const RUNS: bool>(text: &str, ambiguous: AmbiguousWidth, scratch: &mut Scratch) {
    scratch.units.clear();
    let len = text.len();
    if len == 0 {
        return;
    }
    let bytes = text.as_bytes();
    if RUNS && ascii::covers(bytes) {
        ascii_units::<S>(bytes, &mut scratch.units);
        return;
    }
    scratch.units.reserve(len / 3 + 1);
    let units = &mut scratch.units;
    // UAX #14 opportunities: from the pair table of `uax` while the text is
    // plain, from `unicode-linebreak` (collected in one tight pass into a
    // byte map) from the first character the table does not cover.
    let opportunities = &mut scratch.opportunities;
    opportunities.clear();
    let mut mapped = false;
    let mut previous_uax = uax::COMPLEX;
    let tables = info_tables(ambiguous);
    let strictness = strictness_at(S);
    let loose = strictness == Strictness::Loose;
    let template = &FLAG_TEMPLATES[S];
    // The last non-space cluster's kinsoku classes.
    let mut previous_classes = 0u8;
    let mut i = 0usize;
    let (mut c, mut c_len) = decode_at(bytes, 0);
    let mut info = char_info(tables, c, ambiguous);
    while i < len {
        // The common case, in a short loop of its own (see `plain_run`).
        if RUNS && !mapped && i > 0 && info & PLAIN != 0 {
            let mut at = Cursor { i, c, c_len, info, previous_classes, previous_uax };
            plain_run::<S>(bytes, tables, &mut at, units);
            Cursor { i, c, c_len, info, previous_classes, previous_uax } = at;
            if i >= len {
                break;
            }
        }
        // Find the cluster's end, its width, and the code point after it.
        let mut end = i + c_len;
        let (following, following_len, following_info) = if end < len {
            let (f, f_len) = decode_at(bytes, end);
            (f, f_len, char_info(tables, f, ambiguous))
        } else {
            (0, 0, NEVER_EXTENDS)
        };
        let width;
        let (next_c, next_len, next_info) = if info & FAST != 0 && following_info & NEVER_EXTENDS != 0 {
            width = (info & 0xFF) as usize;
            (following, following_len, following_info)
        } else {
            let cluster = slow_cluster_at(text, i, c, c_len, ambiguous);
            end = cluster.end;
            width = cluster.width;
            if end < len {
                let (f, f_len) = decode_at(bytes, end);
                (f, f_len, char_info(tables, f, ambiguous))
            } else {
                (0, 0, 0)
            }
        };
        let classes = (info >> 8) as u8;
        let mut flags = template[classes as usize];
        // The UAX #14 opportunity at `i`, if any (those inside a cluster are
        // never looked at: a break never splits a cluster).
        let uax_class = if end == i + c_len { ((info >> UAX_SHIFT) & 0xF) as u8 } else { uax::COMPLEX };
        if uax_class == uax::COMPLEX && !mapped {
            map_opportunities(text, opportunities);
            mapped = true;
        }
        let uax = if mapped {
            let opportunity = opportunities[i];
            if opportunity == 2 && i > 0 {
                flags |= MANDATORY;
            }
            opportunity != 0 && i > 0
        } else {
            i > 0 && uax::allows(previous_uax, uax_class)
        };
        previous_uax = uax_class;
        if loose && classes & ELLIPSIS != 0 && previous_classes & ELLIPSIS != 0 {
            flags &= !NO_START;
        }
        let mut is_space = false;
        if info & WHITESPACE != 0 && end == i + 1 {
            if c == 0x20 {
                is_space = true;
                flags |= SPACE;
            } else {
                flags |= TAB;
            }
        }
        if i > 0 {
            let may = uax
                || (!matches!(strictness, Strictness::Strict)
                    && kinsoku::relaxed_break(previous_classes, classes, strictness));
            if may && flags & NO_START == 0 && previous_classes & kinsoku::OPEN == 0 {
                flags |= LEGAL;
            }
        }
        units.push(Unit { start: i as u32, width: width.min(u16::MAX as usize) as u16, flags });
        if !is_space {
            previous_classes = classes;
        } else {
            // An opening bracket before a space still may not end the line.
            previous_classes &= kinsoku::OPEN;
        }
        i = end;
        (c, c_len, info) = (next_c, next_len, next_info);
    }
}

/// Where the first pass stands: the code point at byte `i` (decoded, with
/// its [`char_info`]) and what it remembers of the clusters before.
#[derive(Clone, Copy)]
struct Cursor {
    i: usize,
    c: u32,
    c_len: usize,
    info: u32,
    previous_classes: u8,
    previous_uax: u8,
}

/// Units of the run of plain clusters at `at` (code points with a fast width,
/// not a space or tab, of a pair-table class, that the next one does not
/// join), appended to `units`; `at` is left on the first code point it does
/// not take: one that is not such a cluster, or one followed by a code point
/// outside the info tables. The caller guarantees what the general step would
/// otherwise check: the paragraph needed no UAX #14 map so far, and `at` is
/// not its first cluster. Exactly the general step of [`units_at`] for these
/// clusters, with the tests they do not need left out, in a function of its
/// own so that its few variables stay in registers; units are gathered in a
/// small array first, since pushing to the vector one by one costs a load and
/// a store of its length at every cluster.
#[inline(never)]
fn plain_run<const S: usize>(bytes: &[u8], tables: &InfoTables, at: &mut Cursor, units: &mut Vec<Unit>) {
    const BLOCK: usize = 64;
    let strictness = strictness_at(S);
    let loose = strictness == Strictness::Loose;
    let template = &FLAG_TEMPLATES[S];
    let len = bytes.len();
    // The current code point itself is not carried along (one register
    // less in the loop): it is decoded again where the run stops.
    let Cursor { mut i, c: _, mut c_len, mut info, mut previous_classes, mut previous_uax } = *at;
    let mut block = [Unit { start: 0, width: 0, flags: 0 }; BLOCK];
    loop {
        let mut k = 0;
        let mut stop = false;
        while k < BLOCK {
            if info & PLAIN == 0 {
                stop = true;
                break;
            }
            let end = i + c_len;
            let (following_len, following_info) = if end < len {
                let (f, f_len) = decode_at(bytes, end);
                (f_len, table_info(tables, f))
            } else {
                (0, NEVER_EXTENDS)
            };
            // Also where the tables do not cover the next code point: the
            // general step asks the slow path (no call in this loop, so its
            // variables need not survive one).
            if following_info & NEVER_EXTENDS == 0 {
                stop = true;
                break;
            }
            let classes = (info >> 8) as u8;
            let uax_class = ((info >> UAX_SHIFT) & 0xF) as u8;
            let mut flags = template[classes as usize];
            if loose && classes & ELLIPSIS != 0 && previous_classes & ELLIPSIS != 0 {
                flags &= !NO_START;
            }
            let may = uax::allows(previous_uax, uax_class)
                | (!matches!(strictness, Strictness::Strict)
                    && kinsoku::relaxed_break(previous_classes, classes, strictness));
            let legal = may & (flags & NO_START == 0) & (previous_classes & kinsoku::OPEN == 0);
            flags |= LEGAL * legal as u16;
            block[k] = Unit { start: i as u32, width: (info & 0xFF) as u16, flags };
            k += 1;
            previous_classes = classes;
            previous_uax = uax_class;
            i = end;
            (c_len, info) = (following_len, following_info);
        }
        units.extend_from_slice(&block[..k]);
        if stop {
            break;
        }
    }
    let c = if i < len { decode_at(bytes, i).0 } else { 0 };
    *at = Cursor { i, c, c_len, info, previous_classes, previous_uax };
}

/// The units of a paragraph of plain ASCII (see [`ascii::covers`]): one per
/// byte, each its own cluster, UAX #14 from the machine of [`ascii`].
/// Exactly the general step of [`units_at`] for such text, which the tests
/// check; several times faster, because `unicode-linebreak` is not asked.
#[inline(never)]
fn ascii_units<const S: usize>(bytes: &[u8], units: &mut Vec<Unit>) {
    let strictness = strictness_at(S);
    let table = &ascii_bytes()[S];
    let mut machine = ascii::Machine::new();
    let mut previous_classes = 0u8;
    units.reserve(bytes.len());
    // No test for the first unit: the machine allows no break there, and no
    // class relaxes a break after nothing.
    for (i, &b) in bytes.iter().enumerate() {
        let entry = table[(b & 0x7F) as usize];
        let mut flags = entry as u16;
        let width = (entry >> 16) as u8 as u16;
        let classes = (entry >> 24) as u8;
        let may = machine.step(b)
            || (!matches!(strictness, Strictness::Strict)
                && kinsoku::relaxed_break(previous_classes, classes, strictness));
        let legal = may & (flags & NO_START == 0) & (previous_classes & kinsoku::OPEN == 0);
        flags |= LEGAL * legal as u16;
        // An opening bracket before a space still may not end the line.
        previous_classes = if b == b' ' { previous_classes & kinsoku::OPEN } else { classes };
        units.push(Unit { start: i as u32, width, flags });
    }
}

/// For [`ascii_units`], per strictness: each ASCII byte's unit flags before
/// [`LEGAL`] (bits 0–15), width (bits 16–23) and kinsoku classes (bits
/// 24–31), as the general step finds them (ASCII widths do not depend on the
/// ambiguous setting).
fn ascii_bytes() -> &'static [[u32; 128]; 3] {
    static TABLE: std::sync::OnceLock<[[u32; 128]; 3]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let tables = info_tables(AmbiguousWidth::Narrow);
        let mut table = [[0u32; 128]; 3];
        for (s, row) in table.iter_mut().enumerate() {
            for (b, slot) in row.iter_mut().enumerate() {
                let info = table_info(tables, b as u32);
                let classes = (info >> 8) as u8;
                let mut flags = FLAG_TEMPLATES[s][classes as usize];
                let width = match b as u8 {
                    b'\t' => {
                        flags |= TAB;
                        0
                    }
                    b' ' => {
                        flags |= SPACE;
                        info & 0xFF
                    }
                    _ => info & 0xFF,
                };
                *slot = u32::from(flags) | width << 16 | u32::from(classes) << 24;
            }
        }
        table
    })
}

/// Mark every UAX #14 opportunity of `text` in `map` (by byte offset: 1
/// allowed, 2 mandatory), iterating internally, which is several times faster
/// than pulling the opportunities one by one.
#[cold]
fn map_opportunities(text: &str, map: &mut Vec<u8>) {
    map.clear();
    map.resize(text.len() + 1, 0);
    linebreaks(text).for_each(|(at, kind)| {
        if let Some(slot) = map.get_mut(at) {
            *slot = 1 + (kind == BreakOpportunity::Mandatory) as u8;
        }
    });
}

/// The slow path of cluster finding, kept out of the hot loop.
#[cold]
#[inline(never)]
fn slow_cluster_at(text: &str, i: usize, c: u32, c_len: usize, ambiguous: AmbiguousWidth) -> ClusterInfo {
    cluster_at(text, i, c, c_len, ambiguous).0
}
