//! Second pass: fill lines greedily from the units of [`super::breaks`].
//!
//! A line takes clusters while they fit. When one does not fit:
//! 1. with hanging on, one `、。，．` may go into the reserved margin;
//! 2. otherwise the line ends at the latest legal break so far (which pushes
//!    the characters after it to the next line, 追い出し);
//! 3. a line with no legal break at all breaks as late as possible at a
//!    cluster boundary, preferring one that keeps kinsoku and runs intact;
//! 4. a cluster wider than the whole width gets a line of its own, flagged
//!    `oversize`.
//!
//! ASCII spaces never make a line overflow; at a break they are dropped.

use super::breaks::{HANG, LEGAL, MANDATORY, NO_END, NO_START, SPACE, TAB, Unit, glued_before};
use super::shape::GLUED;
use super::width::tab_cells;
use super::{LayoutOptions, Line, Strictness};

/// The cells a line may fill before hanging punctuation: the width, less the
/// two-cell margin when hanging is on (only from width 4, where a margin
/// still leaves room for text).
#[inline]
pub(crate) fn fill_width(options: &LayoutOptions) -> usize {
    let width = options.width.max(1);
    if hanging_enabled(options) { width - 2 } else { width }
}

/// Whether hanging punctuation is in effect for these options.
#[inline]
pub(crate) fn hanging_enabled(options: &LayoutOptions) -> bool {
    options.hanging && options.width >= 4
}

/// How the current line ends.
struct Break {
    /// Index of the first unit of the next line.
    next: usize,
    /// Index one past the line's last unit.
    end_unit: usize,
    /// The line's width in cells.
    width: usize,
    oversize: bool,
    hanging: bool,
}

/// Lay out `units` of `text` into `out` (appended). `indents` are the cells
/// taken from the first line and from the others (see `shape`).
pub(crate) fn fill_into(
    text: &str,
    units: &[Unit],
    options: &LayoutOptions,
    indents: (usize, usize),
    out: &mut Vec<Line>,
) {
    fill::<true>(text, units, options, indents, out);
}

/// [`fill_into`] without the short loop for ordinary clusters: every unit
/// takes the general step. The tests check that both give the same lines.
#[cfg(test)]
pub(crate) fn fill_into_step_by_step(text: &str, units: &[Unit], options: &LayoutOptions, out: &mut Vec<Line>) {
    fill::<false>(text, units, options, (0, 0), out);
}

/// [`fill_into`], with the short loop for ordinary clusters when `RUNS`.
fn fill<const RUNS: bool>(
    text: &str,
    units: &[Unit],
    options: &LayoutOptions,
    indents: (usize, usize),
    out: &mut Vec<Line>,
) {
    let n = units.len();
    if n == 0 {
        out.push(Line { start: 0, end: 0, width: 0, oversize: false, hanging: false, annotated: false });
        return;
    }
    let full_width = options.width.max(1);
    let full_fill = fill_width(options);
    let hang = hanging_enabled(options);
    let tab_width = options.tab_width;
    let byte_of = |k: usize| -> u32 { if k < n { units[k].start } else { text.len() as u32 } };
    let mut s = 0usize;
    let mut first_line = true;
    while s < n {
        let indent = if std::mem::take(&mut first_line) { indents.0 } else { indents.1 };
        let width = full_width.saturating_sub(indent).max(1);
        let fill = full_fill.saturating_sub(indent).max(1);
        let mut col = 0usize;
        // One past the last non-space unit, and the width up to it.
        let mut content_end = s;
        let mut content_width = 0usize;
        // The latest legal break: (next line's first unit, content end, width).
        let mut candidate: Option<(usize, usize, usize)> = None;
        let mut k = s;
        let mut brk: Option<Break> = None;
        while k < n {
            // The common case in a loop of its own: ordinary clusters that
            // fit, right after content (so `content_end == k` and
            // `content_width == col`). Only the latest legal break is kept.
            if RUNS && content_end == k && k > s {
                let mut latest: Option<(usize, usize)> = None;
                while k < n {
                    let u = units[k];
                    let w = u.width as usize;
                    if u.flags & (MANDATORY | SPACE | TAB) != 0 || col + w > fill {
                        break;
                    }
                    if u.flags & LEGAL != 0 {
                        latest = Some((k, col));
                    }
                    col += w;
                    k += 1;
                }
                if let Some((at, width)) = latest {
                    candidate = Some((at, at, width));
                }
                content_end = k;
                content_width = col;
                if k == n {
                    break;
                }
            }
            let u = units[k];
            // An ordinary cluster that fits after the line's first content
            // (after the short loop above, only one that follows spaces).
            if u.flags & (MANDATORY | SPACE | TAB) == 0 && content_end > s {
                let w = u.width as usize;
                if col + w <= fill {
                    if u.flags & LEGAL != 0 {
                        candidate = Some((k, content_end, content_width));
                    }
                    col += w;
                    content_end = k + 1;
                    content_width = col;
                    k += 1;
                    continue;
                }
            }
            if k > s && content_end > s {
                if u.flags & MANDATORY != 0 {
                    brk = Some(plain(k, content_end, content_width));
                    break;
                }
                if u.flags & LEGAL != 0 {
                    candidate = Some((k, content_end, content_width));
                }
            } else if k > s && u.flags & MANDATORY != 0 {
                // A hard break after nothing but spaces: drop them.
                brk = Some(plain(k, s, 0));
                break;
            }
            if u.flags & SPACE != 0 {
                col += u.width as usize;
                k += 1;
                continue;
            }
            let w = if u.flags & TAB != 0 { tab_cells(col, tab_width, fill) } else { u.width as usize };
            if col + w > fill {
                brk = Some(if k == s {
                    Break { next: k + 1, end_unit: k + 1, width: w, oversize: w > width, hanging: false }
                } else if hang && u.flags & HANG != 0 && col + w <= width && next_line_may_start(units, k + 1) {
                    Break { next: k + 1, end_unit: k + 1, width: col + w, oversize: false, hanging: true }
                } else if let Some((next, end_unit, width)) = candidate {
                    plain(next, end_unit, width)
                } else {
                    let hang_width = (hang && u.flags & HANG != 0 && col + w <= width).then_some(col + w);
                    emergency(text, units, s, k, fill, tab_width, hang_width, options.strictness)
                });
                break;
            }
            col += w;
            content_end = k + 1;
            content_width = col;
            k += 1;
        }
        let b = match brk {
            Some(b) => b,
            None => {
                // The paragraph ends on this line; trailing spaces are dropped.
                out.push(Line {
                    start: byte_of(s),
                    end: byte_of(content_end),
                    width: content_width as u32,
                    oversize: false,
                    hanging: false,
                    annotated: false,
                });
                return;
            }
        };
        out.push(Line {
            start: byte_of(s),
            end: byte_of(b.end_unit),
            width: b.width as u32,
            oversize: b.oversize,
            hanging: b.hanging,
            annotated: false,
        });
        s = b.next;
        // After a hanging mark the next line starts past any spaces.
        if b.hanging {
            while s < n && units[s].flags & SPACE != 0 {
                s += 1;
            }
        }
    }
}

fn plain(next: usize, end_unit: usize, width: usize) -> Break {
    Break { next, end_unit, width, oversize: false, hanging: false }
}

/// Whether a line may end before unit `k` (skipping spaces, which would be
/// dropped there): used to check that hanging a mark leaves a legal break.
fn next_line_may_start(units: &[Unit], mut k: usize) -> bool {
    while k < units.len() && units[k].flags & SPACE != 0 {
        k += 1;
    }
    k == units.len() || units[k].flags & (LEGAL | MANDATORY) != 0
}

/// The line from unit `s` has no legal break before unit `k`, which does not
/// fit: break as late as possible at a cluster boundary whose columns fit,
/// preferring (in order) one that keeps kinsoku and does not split a
/// Latin/digit run, `——` or `……`; one that keeps kinsoku; any. When unit `k`
/// is a mark that may hang (`hang_width` is the line's width with it), the
/// boundary after it is a candidate too.
#[allow(clippy::too_many_arguments)]
fn emergency(
    text: &str,
    units: &[Unit],
    s: usize,
    k: usize,
    fill: usize,
    tab_width: usize,
    hang_width: Option<usize>,
    strictness: Strictness,
) -> Break {
    // Best boundary per tier: (unit index, content end, width).
    let mut best: [Option<(usize, usize, usize)>; 3] = [None; 3];
    let mut col = 0usize;
    let mut content_end = s;
    let mut content_width = 0usize;
    let mut last_flags = 0u16;
    for (b, u) in units.iter().enumerate().take(k + 1).skip(s) {
        if b > s && col <= fill {
            let (end, width) = if content_end > s { (content_end, content_width) } else { (b, col) };
            // A break inside a group too wide to keep whole counts as a
            // kinsoku break: taken only when nothing better fits.
            let kinsoku_ok = u.flags & (NO_START | GLUED) == 0 && last_flags & NO_END == 0;
            let tier = if kinsoku_ok && u.flags & SPACE == 0 && !glued_before(text, units, b, strictness) {
                0
            } else if kinsoku_ok {
                1
            } else {
                2
            };
            for slot in &mut best[tier..] {
                *slot = Some((b, end, width));
            }
        }
        if b == k {
            break;
        }
        if u.flags & SPACE != 0 {
            col += u.width as usize;
            continue;
        }
        col += if u.flags & TAB != 0 { tab_cells(col, tab_width, fill) } else { u.width as usize };
        content_end = b + 1;
        content_width = col;
        last_flags = u.flags;
    }
    let mut hanging_at = None;
    if let Some(hang_width) = hang_width {
        // The next line would start at the first unit after any spaces.
        let after = units[k + 1..].iter().position(|u| u.flags & SPACE == 0).map(|i| k + 1 + i);
        let after_flags = after.map_or(0, |a| units[a].flags);
        let tier = if after_flags & NO_START != 0 {
            2
        } else if after == Some(k + 1) && glued_before(text, units, k + 1, strictness) {
            1
        } else {
            0
        };
        for slot in &mut best[tier..] {
            *slot = Some((k + 1, k + 1, hang_width));
        }
        hanging_at = Some(k + 1);
    }
    // `k > s`, and the boundary after unit `s` always fits (`s` fit alone),
    // so tier 2 is always set.
    let (mut next, end_unit, width) = best.into_iter().flatten().next().unwrap_or((s + 1, s + 1, col));
    let hanging = hanging_at == Some(end_unit);
    while next < units.len() && units[next].flags & SPACE != 0 {
        next += 1;
    }
    Break { next, end_unit, width, oversize: false, hanging }
}
