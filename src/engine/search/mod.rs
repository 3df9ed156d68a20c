//! Search that ignores full-width/half-width forms and case, the way Japanese
//! text is really typed: `ＳＣＯ` finds `SCO`, `３０` finds `30`, `ﾊﾞｽ` finds
//! `バス`, `ｶﾀｶﾅ` finds `カタカナ`. Kana and kanji otherwise match as written.
//!
//! # Matching
//! Both the query and the text are *folded*: NFKC, then `char::to_lowercase`.
//! The text is folded in units (a character plus any marks that attach to it,
//! see `tables.rs`) with an offset map back to the original bytes (see
//! `fold.rs`); a match must start and end on unit boundaries, so it always
//! covers whole original characters (`成` does not match inside `㍻`, `e` does
//! not match inside `é`), and it is reported as the exact original byte range.
//! Matches are leftmost first and do not overlap (`aa` in `aaa` matches once),
//! like `less` and `grep`. A match never crosses a paragraph boundary.
//!
//! Case: lowercase, plus the full case folds lowercase lacks where searching
//! needs them: `ß` and `ẞ` match `ss` (`strasse` finds `Straße`), final `ς`
//! matches `σ`. Documented limits: there is no Turkish tailoring, so `I`
//! matches `i` and `İ` (which lowercases to `i̇`) matches only `İ` or `i̇`,
//! never a bare `i`; Cherokee and a few other scripts follow lowercase, not
//! full case folding.
//!
//! # Speed
//! Characters that folding leaves alone (kanji, kana, lowercase ASCII,
//! Japanese punctuation) are never folded: a paragraph made only of them is
//! searched in place, and mixed paragraphs copy such runs unchanged. When the
//! folded query contains characters that only ever come from themselves
//! (`帯` in `一帯一路`), the longest run of them is searched with `memmem`
//! first and only paragraphs containing it are folded. `benches/search.rs`
//! measures both paths on 100 MB.

mod fold;
mod tables;

use std::ops::{ControlFlow, Range};

use memchr::memmem::Finder;
use thiserror::Error;

use self::fold::{FoldBuf, fold_string};
use self::tables::tables;
use super::document::Document;

/// Texts longer than this are folded block by block, so memory stays bounded
/// and progress is reported inside one huge paragraph.
const BLOCK: usize = 1 << 20;

/// How often, in bytes searched, [`search_document`] reports progress (and so
/// how quickly it notices a cancellation).
const REPORT_EVERY: usize = 1 << 20;

/// A compiled search query.
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    folded: String,
    /// The folded query, for `memmem` over folded text.
    finder: Finder<'static>,
    /// A run of the query that any matching original text contains literally.
    anchor: Option<Finder<'static>>,
    /// The most units one match can cover (the folded query's length in chars:
    /// every unit folds to at least one character).
    max_units: usize,
}

/// One match in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// 0-based paragraph index.
    pub paragraph: usize,
    /// Byte range of the match in the paragraph's original text.
    pub range: Range<usize>,
}

/// A document search stopped because its progress callback asked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("search cancelled")]
pub struct Cancelled;

impl Query {
    /// Compile a query; `None` when it is empty. Whitespace is searched like
    /// any other text.
    pub fn new(text: &str) -> Option<Self> {
        if text.is_empty() {
            return None;
        }
        let folded = fold_string(text);
        let t = tables();
        let mut best: Option<Range<usize>> = None;
        let mut run_start = None;
        for (at, c) in folded.char_indices().chain([(folded.len(), '\0')]) {
            if at < folded.len() && t.is_self_only(c) {
                run_start.get_or_insert(at);
            } else if let Some(start) = run_start.take()
                && best.as_ref().is_none_or(|b| at - start > b.len())
            {
                best = Some(start..at);
            }
        }
        let anchor = best.map(|run| Finder::new(folded[run].as_bytes()).into_owned());
        Some(Query {
            text: text.to_owned(),
            finder: Finder::new(folded.as_bytes()).into_owned(),
            max_units: folded.chars().count(),
            folded,
            anchor,
        })
    }

    /// The query as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The query after folding (what is actually searched for).
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Byte ranges of every match in `haystack`, in order.
    pub fn find_all(&self, haystack: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        if self.may_match(haystack.as_bytes()) {
            let mut buf = FoldBuf::default();
            let _ = self.scan(haystack, BLOCK, &mut buf, &mut out, &mut |_| ControlFlow::Continue(()));
        }
        out
    }

    /// False only when `haystack` certainly has no match.
    fn may_match(&self, haystack: &[u8]) -> bool {
        self.anchor.as_ref().is_none_or(|a| a.find(haystack).is_some())
    }

    /// Append every match in `haystack` to `out`, folding block by block;
    /// `on_block` hears how many bytes of `haystack` are done after each block
    /// of about `block` bytes.
    fn scan(
        &self,
        haystack: &str,
        block: usize,
        buf: &mut FoldBuf,
        out: &mut Vec<Range<usize>>,
        on_block: &mut dyn FnMut(usize) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let mut start = 0;
        let mut last_end = 0;
        while start < haystack.len() {
            let (block_end, window_end) = if haystack.len() - start <= block {
                (haystack.len(), haystack.len())
            } else {
                let block_end = next_unit_start(haystack, start + block);
                (block_end, skip_units(haystack, block_end, self.max_units))
            };
            let folded = buf.fold(&haystack[start..window_end]);
            let text = folded.text();
            let mut from = 0;
            while let Some(found) = self.finder.find(&text.as_bytes()[from..]) {
                let at = from + found;
                let candidate = at..at + self.folded.len();
                match folded.original_range(candidate.clone()) {
                    Some(range) if start + range.start >= block_end => break,
                    Some(range) if start + range.start >= last_end => {
                        out.push(start + range.start..start + range.end);
                        last_end = start + range.end;
                        from = candidate.end;
                    }
                    // Cuts a unit, or overlaps the previous block's last match.
                    _ => from = at + text[at..].chars().next().map_or(1, char::len_utf8),
                }
            }
            start = block_end;
            on_block(start)?;
        }
        ControlFlow::Continue(())
    }
}

/// The first position at or after `at` where a unit starts (or the end).
fn next_unit_start(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let t = tables();
    text[at..].char_indices().find(|&(_, c)| c.is_ascii() || t.is_boundary(c)).map_or(text.len(), |(i, _)| at + i)
}

/// The position after `units` whole units starting at `at` (a unit start).
fn skip_units(text: &str, at: usize, units: usize) -> usize {
    let t = tables();
    text[at..]
        .char_indices()
        .filter(|&(_, c)| c.is_ascii() || t.is_boundary(c))
        .nth(units)
        .map_or(text.len(), |(i, _)| at + i)
}

/// Every match of `query` in `doc`, in document order.
///
/// For a worker thread: `progress(done_bytes, total_bytes)` is called about
/// every megabyte searched and once at the end (`done == total`); returning
/// `ControlFlow::Break(())` stops the search with [`Cancelled`] (the matches
/// found so far are dropped). Byte counts are over [`Document::text`].
pub fn search_document(
    doc: &Document,
    query: &Query,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<Vec<Match>, Cancelled> {
    let total = doc.text().len();
    let mut reported = 0;
    let mut report = |done: usize| {
        // A long paragraph is scanned from its start after the anchor search
        // has already looked past it: report only forward steps.
        if done.saturating_sub(reported) >= REPORT_EVERY {
            reported = done;
            progress(done, total)
        } else {
            ControlFlow::Continue(())
        }
    };
    let mut matches = Vec::new();
    let mut ranges = Vec::new();
    let mut buf = FoldBuf::default();
    let mut search_paragraph = |p: usize, report: &mut dyn FnMut(usize) -> ControlFlow<()>| {
        let base = doc.paragraph_range(p).start;
        ranges.clear();
        let flow = query.scan(doc.paragraph(p), BLOCK, &mut buf, &mut ranges, &mut |done| report(base + done));
        matches.extend(ranges.drain(..).map(|range| Match { paragraph: p, range }));
        flow
    };

    let flow = match &query.anchor {
        // Only paragraphs holding the anchor can match: jump between its hits.
        Some(anchor) => {
            let bytes = doc.text().as_bytes();
            let mut at = 0;
            loop {
                let window_end = (at + REPORT_EVERY).min(bytes.len());
                let Some(hit) = anchor.find(&bytes[at..window_end]).map(|i| at + i) else {
                    if window_end == bytes.len() {
                        break ControlFlow::Continue(());
                    }
                    // Overlap windows so a hit across their border is not missed.
                    at = (window_end + 1).saturating_sub(anchor.needle().len()).max(at + 1);
                    if report(at).is_break() {
                        break ControlFlow::Break(());
                    }
                    continue;
                };
                let Some(p) = doc.paragraph_at_offset(hit) else {
                    break ControlFlow::Continue(());
                };
                let range = doc.paragraph_range(p);
                if !range.contains(&hit) {
                    // Between paragraphs (line ends, trailing space): no match there.
                    at = hit + 1;
                    continue;
                }
                if search_paragraph(p, &mut report).is_break() {
                    break ControlFlow::Break(());
                }
                at = range.end;
                if at >= bytes.len() {
                    break ControlFlow::Continue(());
                }
            }
        }
        None => (0..doc.paragraph_count()).try_for_each(|p| {
            search_paragraph(p, &mut report)?;
            report(doc.paragraph_range(p).end)
        }),
    };
    if flow.is_break() {
        return Err(Cancelled);
    }
    if !doc.rich().ruby.is_empty() && query.folded.chars().any(is_kana) {
        let found = matches.len();
        reading_matches(doc, query, &mut matches);
        if matches.len() > found {
            matches.sort_by_key(|m| (m.paragraph, m.range.start));
        }
    }
    if progress(total, total).is_break() {
        return Err(Cancelled);
    }
    Ok(matches)
}

/// Whether `c` is hiragana or katakana (what a reading is written in).
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}')
}

/// Matches of a query typed in kana that read through ruby: in a paragraph
/// with ruby, the text with every base replaced by its reading is searched
/// too, and a match there is reported on the original text, widened to the
/// whole base wherever it touches a reading (`しゃれこうべ` finds `骸顱`,
/// `しゃれこうべが自分` finds `骸顱が自分`). Matches the plain search found
/// already, or that overlap them, are not added twice.
fn reading_matches(doc: &Document, query: &Query, matches: &mut Vec<Match>) {
    let wanted: Vec<char> = query.folded.chars().filter(|&c| is_kana(c)).collect();
    let rich = doc.rich();
    let mut i = 0;
    let mut pieces: Vec<(Range<usize>, Range<usize>, bool)> = Vec::new();
    let mut spoken = String::new();
    let mut found = Vec::new();
    while i < rich.ruby.len() {
        let Some(p) = doc.paragraph_at_offset(rich.ruby[i].base_start as usize) else { break };
        let range = doc.paragraph_range(p);
        let end = rich.ruby[i..].partition_point(|r| (r.base_start as usize) < range.end) + i;
        let ruby = &rich.ruby[i..end];
        i = end.max(i + 1);
        // Only paragraphs whose readings share a kana with the query.
        if !ruby.iter().any(|r| doc.reading(r).chars().any(|c| wanted.contains(&c))) {
            continue;
        }
        let text = doc.paragraph(p);
        pieces.clear();
        spoken.clear();
        let mut at = 0;
        for r in ruby {
            let base = r.base_start as usize - range.start..r.base_end as usize - range.start;
            if base.start < at || base.end > text.len() {
                continue;
            }
            let s = spoken.len();
            spoken.push_str(&text[at..base.start]);
            pieces.push((s..spoken.len(), at..base.start, false));
            let s = spoken.len();
            spoken.push_str(doc.reading(r));
            pieces.push((s..spoken.len(), base.clone(), true));
            at = base.end;
        }
        let s = spoken.len();
        spoken.push_str(&text[at..]);
        pieces.push((s..spoken.len(), at..text.len(), false));
        found.clear();
        found.extend(query.find_all(&spoken));
        for hit in &found {
            let touches = pieces.iter().any(|(sp, _, reading)| *reading && sp.start < hit.end && hit.start < sp.end);
            if !touches {
                continue;
            }
            let start = pieces
                .iter()
                .find(|(sp, _, _)| sp.contains(&hit.start))
                .map(|(sp, orig, reading)| if *reading { orig.start } else { orig.start + (hit.start - sp.start) });
            let end = pieces
                .iter()
                .find(|(sp, _, _)| sp.start < hit.end && hit.end <= sp.end)
                .map(|(sp, orig, reading)| if *reading { orig.end } else { orig.start + (hit.end - sp.start) });
            let (Some(start), Some(end)) = (start, end) else { continue };
            let overlaps = matches
                .iter()
                .rev()
                .take_while(|m| m.paragraph >= p)
                .any(|m| m.paragraph == p && m.range.start < end && start < m.range.end);
            if start < end && !overlaps {
                matches.push(Match { paragraph: p, range: start..end });
            }
        }
    }
}

#[cfg(test)]
mod tests;
