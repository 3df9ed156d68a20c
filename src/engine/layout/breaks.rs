//! First pass: the paragraph as a run of grapheme clusters ("units"), each
//! with its width and whether a line may (or must) break before it.
//!
//! Break opportunities come from UAX #14 as implemented by `unicode-linebreak`
//! (chosen over `icu_segmenter` by benchmark, see `benches/layout.rs`); the
//! kinsoku tables then remove the breaks Japanese rules forbid and add the
//! ones `normal`/`loose` strictness allow. A break is only ever taken at a
//! grapheme cluster boundary.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::kinsoku::{self, ELLIPSIS, HANG as KIN_HANG};
use super::width::{FAST, NEVER_EXTENDS, char_info, cluster_at, decode_at};
use super::{LayoutOptions, Strictness};

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
/// Breaking before this unit would split a Latin/digit run, `——` or `……`;
/// only the emergency break looks at it (UAX #14 already has no break there).
pub(crate) const GLUE: u16 = 1 << 7;

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

/// Whether two consecutive clusters starting with these code points form a
/// pair the emergency break should not split.
#[inline(always)]
fn glued(previous: u32, current: u32, strictness: Strictness) -> bool {
    (is_ascii_alnum(previous) && is_ascii_alnum(current))
        || (previous == current
            && (current == 0x2014
                || ((current == 0x2026 || current == 0x2025) && strictness != Strictness::Loose)))
}

/// Fill `units` with the clusters of `text` (cleared first).
pub(crate) fn units_into(text: &str, options: &LayoutOptions, units: &mut Vec<Unit>) {
    units.clear();
    let len = text.len();
    if len == 0 {
        return;
    }
    units.reserve(len / 3 + 1);
    let bytes = text.as_bytes();
    let strictness = options.strictness;
    let ambiguous = options.ambiguous;
    let loose = strictness == Strictness::Loose;
    let start_mask = kinsoku::start_mask(strictness);
    let mut opportunities = linebreaks(text);
    // The next UAX #14 opportunity at or after the current position.
    let mut next_break = opportunities
        .next()
        .unwrap_or((len, BreakOpportunity::Mandatory));
    // The last non-space cluster's first code point and kinsoku classes.
    let mut previous_char = 0u32;
    let mut previous_classes = 0u8;
    let mut i = 0usize;
    let (mut c, mut c_len) = decode_at(bytes, 0);
    let mut info = char_info(c, ambiguous);
    while i < len {
        // Find the cluster's end, its width, and the code point after it.
        let mut end = i + c_len;
        let (following, following_len, following_info);
        if end < len {
            let (f, f_len) = decode_at(bytes, end);
            (following, following_len) = (f, f_len);
            following_info = char_info(f, ambiguous);
        } else {
            (following, following_len, following_info) = (0, 0, NEVER_EXTENDS);
        }
        let width;
        let single = info & FAST != 0 && following_info & NEVER_EXTENDS != 0;
        let (next_c, next_len, next_info) = if single {
            width = (info & 0xFF) as usize;
            (following, following_len, following_info)
        } else {
            let cluster = cluster_at(text, i, c, c_len, ambiguous).0;
            end = cluster.end;
            width = cluster.width;
            if end < len {
                let (f, f_len) = decode_at(bytes, end);
                (f, f_len, char_info(f, ambiguous))
            } else {
                (0, 0, 0)
            }
        };
        let classes = (info >> 8) as u8;
        let mut flags = 0u16;
        while next_break.0 < i {
            next_break = opportunities
                .next()
                .unwrap_or((len, BreakOpportunity::Mandatory));
        }
        let uax = i > 0 && next_break.0 == i;
        if uax && next_break.1 == BreakOpportunity::Mandatory {
            flags |= MANDATORY;
        }
        let ellipsis_pair = loose && classes & ELLIPSIS != 0 && previous_classes & ELLIPSIS != 0;
        let no_start = classes & start_mask != 0 && !ellipsis_pair;
        if no_start {
            flags |= NO_START;
        }
        if kinsoku::forbids_end(classes) {
            flags |= NO_END;
        }
        if classes & KIN_HANG != 0 {
            flags |= HANG;
        }
        let one_byte = end == i + 1;
        let is_space = c == 0x20 && one_byte;
        if is_space {
            flags |= SPACE;
        } else if c == 0x09 && one_byte {
            flags |= TAB;
        }
        if i > 0 {
            let may = uax || kinsoku::relaxed_break(previous_classes, classes, strictness);
            if may && !no_start && !kinsoku::forbids_end(previous_classes) {
                flags |= LEGAL;
            }
            if glued(previous_char, c, strictness) {
                flags |= GLUE;
            }
        }
        units.push(Unit {
            start: i as u32,
            width: width.min(u16::MAX as usize) as u16,
            flags,
        });
        if !is_space {
            previous_char = c;
            previous_classes = classes;
        } else {
            // A space separates: nothing glues across it, and an opening
            // bracket before it still may not end the line.
            previous_char = 0x20;
            previous_classes &= kinsoku::OPEN;
        }
        i = end;
        (c, c_len, info) = (next_c, next_len, next_info);
    }
}
