//! Re-attaching stored marks to the current text of a document (pure).
//!
//! A mark remembers its paragraph number and that paragraph's fingerprint
//! (a bookmark also its neighbours' fingerprints). When the text is unchanged
//! both agree and nothing needs searching. When paragraphs were inserted,
//! removed or edited, a mark moves to the paragraph with its fingerprint;
//! when the text occurs more than once, to the occurrence between the same
//! neighbours, else the nearest to its old number. Failing that, a bookmark
//! goes to the paragraph between its two old neighbours (its paragraph was
//! edited) or to one that still starts with its excerpt, and a highlight
//! follows its text. A mark that cannot be placed is an orphan: the caller
//! keeps it and lists it.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;

use crate::engine::document::{Document, Fingerprint};

use super::model::{BookmarkRecord, DocumentRecord, HighlightRecord, MAX_HIGHLIGHT_PARAGRAPHS, PositionRecord};

/// Excerpts shorter than this (in characters) are too common to re-attach by.
const MIN_EXCERPT_CHARS: usize = 6;

/// A document's paragraphs with a fingerprint index built only when some mark
/// is not where it was stored (the common case never hashes the whole text).
pub struct Paragraphs<'d> {
    doc: &'d Document,
    by_fingerprint: OnceCell<HashMap<Fingerprint, Vec<usize>>>,
}

impl<'d> Paragraphs<'d> {
    /// Wrap a document for anchoring.
    pub fn new(doc: &'d Document) -> Self {
        Paragraphs { doc, by_fingerprint: OnceCell::new() }
    }

    /// The 0-based index of a stored 1-based paragraph number, when it exists
    /// and still has the stored fingerprint.
    fn exact(&self, paragraph: usize, fingerprint: Option<Fingerprint>) -> Option<usize> {
        let index = paragraph.checked_sub(1)?;
        (index < self.doc.paragraph_count() && Some(self.doc.fingerprint(index)) == fingerprint).then_some(index)
    }

    /// Every paragraph with this fingerprint, in order.
    fn with_fingerprint(&self, fingerprint: Fingerprint) -> &[usize] {
        let index = self.by_fingerprint.get_or_init(|| {
            let mut map: HashMap<Fingerprint, Vec<usize>> = HashMap::new();
            for i in 0..self.doc.paragraph_count() {
                map.entry(self.doc.fingerprint(i)).or_default().push(i);
            }
            map
        });
        index.get(&fingerprint).map_or(&[], Vec::as_slice)
    }

    /// Whether the paragraph at `index` (`None` or past the end: beyond the
    /// document's edge) is the stored neighbour `stored` (`""`: the edge).
    fn is_neighbour(&self, stored: &str, index: Option<usize>) -> bool {
        let index = index.filter(|&i| i < self.doc.paragraph_count());
        match (stored.is_empty(), index) {
            (true, None) => true,
            (false, Some(i)) => Fingerprint::from_hex(stored) == Some(self.doc.fingerprint(i)),
            _ => false,
        }
    }

    /// How many of a bookmark's stored neighbours paragraph `p` has (0–2).
    fn neighbours_kept(&self, stored: Option<&[String; 2]>, p: usize) -> usize {
        stored.map_or(0, |[before, after]| {
            usize::from(self.is_neighbour(before, p.checked_sub(1)))
                + usize::from(self.is_neighbour(after, Some(p + 1)))
        })
    }

    /// The paragraphs between the stored neighbours `before` and `after`.
    fn between(&self, [before, after]: &[String; 2]) -> Vec<usize> {
        let starts: Vec<usize> = if before.is_empty() {
            vec![0]
        } else {
            Fingerprint::from_hex(before)
                .map_or(Vec::new(), |fp| self.with_fingerprint(fp).iter().map(|q| q + 1).collect())
        };
        starts
            .into_iter()
            .filter(|&p| p < self.doc.paragraph_count() && self.is_neighbour(after, Some(p + 1)))
            .collect()
    }

    /// Paragraph indices ordered by distance from `around` (ties: earlier first).
    fn nearest_first(&self, around: usize) -> impl Iterator<Item = usize> + '_ {
        let count = self.doc.paragraph_count();
        let around = around.min(count.saturating_sub(1));
        (0..count).flat_map(move |d| {
            let before = around.checked_sub(d).filter(|_| d > 0);
            let after = Some(around + d).filter(|&i| i < count);
            before.into_iter().chain(after)
        })
    }
}

/// Where a stored highlight lies in the current text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightPlace {
    /// 0-based paragraph index.
    pub paragraph: usize,
    /// Byte range: from its start in `paragraph` to its end in `last`.
    pub range: Range<usize>,
    /// The last paragraph it covers (`paragraph` for most).
    pub last: usize,
}

/// The text of paragraphs `p` to `p + more` from byte `start` of `p`, joined
/// by line feeds (as a highlight over several paragraphs keeps its text),
/// and where the last paragraph begins in it; `None` past the end.
fn joined(doc: &Document, p: usize, start: usize, more: usize) -> Option<(String, usize)> {
    if p + more >= doc.paragraph_count() {
        return None;
    }
    let mut text = doc.paragraph(p).get(start..)?.to_owned();
    let mut last_start = 0;
    for q in p + 1..=p + more {
        text.push('\n');
        last_start = text.len();
        text.push_str(doc.paragraph(q));
    }
    Some((text, last_start))
}

/// A highlight over several paragraphs found at `p`, byte `start`: its end
/// in the last paragraph when the text there reads `text`.
fn spans_from(doc: &Document, p: usize, start: usize, more: usize, text: &str) -> Option<usize> {
    let (here, last_start) = joined(doc, p, start, more)?;
    (here.starts_with(text) && text.len() > last_start).then(|| text.len() - last_start)
}

/// Where a stored reading position lies in the current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PositionPlace {
    /// 0-based paragraph index.
    pub paragraph: usize,
    /// Byte offset in it, on a character boundary.
    pub offset: usize,
    /// False when the paragraph could not be found and a nearby one was taken.
    pub exact: bool,
}

/// Place bookmarks: `None` for an orphan. A paragraph hosts at most one
/// bookmark; marks already where they were stored claim their paragraph first.
pub fn place_bookmarks(paras: &Paragraphs, records: &[BookmarkRecord]) -> Vec<Option<usize>> {
    let mut placed: Vec<Option<usize>> = vec![None; records.len()];
    let mut taken = vec![false; paras.doc.paragraph_count()];
    let fingerprints: Vec<Option<Fingerprint>> =
        records.iter().map(|r| Fingerprint::from_hex(&r.fingerprint)).collect();
    for (i, r) in records.iter().enumerate() {
        // Where it was, with the same text — and the same neighbours, when
        // known: the same text at the same number may be another copy of it.
        let same_place = |&p: &usize| r.neighbours.is_none() || paras.neighbours_kept(r.neighbours.as_ref(), p) == 2;
        if let Some(p) = paras.exact(r.paragraph, fingerprints[i]).filter(|&p| !taken[p]).filter(same_place) {
            taken[p] = true;
            placed[i] = Some(p);
        }
    }
    for (i, r) in records.iter().enumerate() {
        if placed[i].is_some() {
            continue;
        }
        let around = r.paragraph.saturating_sub(1);
        let neighbours = r.neighbours.as_ref();
        let by_fingerprint = fingerprints[i].and_then(|fp| {
            let candidates = paras.with_fingerprint(fp);
            candidates
                .iter()
                .copied()
                .filter(|&p| !taken[p])
                .min_by_key(|&p| (std::cmp::Reverse(paras.neighbours_kept(neighbours, p)), p.abs_diff(around), p))
        });
        // Its text was edited (not replaced): it is still between the same
        // two paragraphs and still starts much as its excerpt does.
        let edited = || {
            let between = paras.between(neighbours?);
            between
                .into_iter()
                .filter(|&p| !taken[p] && resembles(&r.excerpt, paras.doc.paragraph(p)))
                .min_by_key(|&p| (p.abs_diff(around), p))
        };
        let found = by_fingerprint.or_else(edited).or_else(|| {
            let prefix = excerpt_prefix(&r.excerpt)?;
            paras.nearest_first(around).find(|&p| !taken[p] && paras.doc.paragraph(p).trim_start().starts_with(prefix))
        });
        if let Some(p) = found {
            taken[p] = true;
            placed[i] = Some(p);
        }
    }
    placed
}

/// The part of an excerpt a paragraph must start with, if it is long enough
/// to mean something.
fn excerpt_prefix(excerpt: &str) -> Option<&str> {
    let prefix = excerpt.strip_suffix('…').unwrap_or(excerpt).trim_start();
    (prefix.chars().count() >= MIN_EXCERPT_CHARS).then_some(prefix)
}

/// Whether `paragraph` starts much as `excerpt` does: at least half of the
/// excerpt's characters (counted with repeats) are among the paragraph's
/// first characters. An edit leaves most of them; a replacement does not.
fn resembles(excerpt: &str, paragraph: &str) -> bool {
    let excerpt: Vec<char> = excerpt.strip_suffix('…').unwrap_or(excerpt).trim_start().chars().collect();
    let mut pool: HashMap<char, usize> = HashMap::new();
    for c in paragraph.trim_start().chars().take(excerpt.len() + 8) {
        *pool.entry(c).or_default() += 1;
    }
    let shared = excerpt
        .iter()
        .filter(|c| match pool.get_mut(c) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count();
    shared * 2 >= excerpt.len()
}

/// The fingerprints of the paragraphs around paragraph `index` of `doc`, as
/// a bookmark keeps them (`""` beyond the document's edges).
pub fn neighbours(doc: &Document, index: usize) -> [String; 2] {
    let at = |i: Option<usize>| {
        i.filter(|&i| i < doc.paragraph_count()).map_or(String::new(), |i| doc.fingerprint(i).to_hex())
    };
    [at(index.checked_sub(1)), at(Some(index + 1))]
}

/// Place highlights: `None` for an orphan.
pub fn place_highlights(paras: &Paragraphs, records: &[HighlightRecord]) -> Vec<Option<HighlightPlace>> {
    records.iter().map(|r| place_highlight(paras, r)).collect()
}

fn place_highlight(paras: &Paragraphs, r: &HighlightRecord) -> Option<HighlightPlace> {
    match r.last_paragraph {
        Some(last) if last > r.paragraph => place_long_highlight(paras, r, last - r.paragraph),
        _ => place_short_highlight(paras, r),
    }
}

/// Place a highlight over `more` paragraphs after its first: where its
/// first paragraph is, or, that text changed, where its first line is
/// found again with the rest following.
fn place_long_highlight(paras: &Paragraphs, r: &HighlightRecord, more: usize) -> Option<HighlightPlace> {
    if more >= MAX_HIGHLIGHT_PARAGRAPHS {
        return None;
    }
    let doc = paras.doc;
    let fingerprint = Fingerprint::from_hex(&r.fingerprint);
    let around = r.paragraph.saturating_sub(1);
    let at = |p: usize, start: usize| {
        spans_from(doc, p, start, more, &r.text).map(|end| HighlightPlace {
            paragraph: p,
            range: start..end,
            last: p + more,
        })
    };
    let same = paras.exact(r.paragraph, fingerprint).and_then(|p| at(p, r.start)).or_else(|| {
        let candidates = paras.with_fingerprint(fingerprint?);
        let mut found: Vec<HighlightPlace> = candidates.iter().filter_map(|&p| at(p, r.start)).collect();
        found.sort_by_key(|h| (h.paragraph.abs_diff(around), h.paragraph));
        found.into_iter().next()
    });
    if same.is_some() {
        return same;
    }
    let first_line = r.text.split('\n').next().filter(|l| !l.is_empty())?;
    paras.nearest_first(around).take(4 * MAX_HIGHLIGHT_PARAGRAPHS).find_map(|p| {
        let text = doc.paragraph(p);
        let mut starts: Vec<usize> = text.match_indices(first_line).map(|(i, _)| i).collect();
        starts.sort_by_key(|&i| (i.abs_diff(r.start), i));
        starts.into_iter().find_map(|start| at(p, start))
    })
}

fn place_short_highlight(paras: &Paragraphs, r: &HighlightRecord) -> Option<HighlightPlace> {
    let doc = paras.doc;
    let holds_text = |p: usize| doc.paragraph(p).get(r.start..r.end) == Some(r.text.as_str());
    let fingerprint = Fingerprint::from_hex(&r.fingerprint);
    let around = r.paragraph.saturating_sub(1);
    let same_text = paras.exact(r.paragraph, fingerprint).filter(|&p| holds_text(p)).or_else(|| {
        let candidates = paras.with_fingerprint(fingerprint?);
        candidates.iter().copied().filter(|&p| holds_text(p)).min_by_key(|&p| (p.abs_diff(around), p))
    });
    if let Some(p) = same_text {
        return Some(HighlightPlace { paragraph: p, range: r.start..r.end, last: p });
    }
    if r.text.is_empty() {
        return None;
    }
    paras.nearest_first(around).find_map(|p| {
        let start = doc
            .paragraph(p)
            .match_indices(r.text.as_str())
            .map(|(at, _)| at)
            .min_by_key(|at| (at.abs_diff(r.start), *at))?;
        Some(HighlightPlace { paragraph: p, range: start..start + r.text.len(), last: p })
    })
}

/// Place the reading position. Never an orphan: when its paragraph is gone
/// the position falls back to the paragraph now at its old number (or the
/// last one), at offset 0. `None` only for an empty document.
pub fn place_position(paras: &Paragraphs, record: &PositionRecord) -> Option<PositionPlace> {
    let doc = paras.doc;
    let count = doc.paragraph_count();
    if count == 0 {
        return None;
    }
    let around = record.paragraph.saturating_sub(1);
    let fingerprint = Fingerprint::from_hex(&record.fingerprint);
    let found = paras.exact(record.paragraph, fingerprint).or_else(|| {
        let candidates = paras.with_fingerprint(fingerprint?);
        candidates.iter().copied().min_by_key(|&p| (p.abs_diff(around), p))
    });
    Some(match found {
        Some(p) => {
            PositionPlace { paragraph: p, offset: floor_char_boundary(doc.paragraph(p), record.offset), exact: true }
        }
        None => PositionPlace { paragraph: around.min(count - 1), offset: 0, exact: false },
    })
}

/// The largest character boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// How carrying marks over to a changed text went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdoptReport {
    /// Marks found again (where they were, or moved).
    pub placed: usize,
    /// Marks whose text is gone; kept as orphans.
    pub orphaned: usize,
}

/// Build the entry for a changed text (`doc`) from the entry of its earlier
/// version (`old`, stored under `old_hash`). Placed marks get their new
/// paragraph number, fingerprint and range and keep everything else (excerpt,
/// note, times, unknown fields); orphans are copied unchanged.
pub fn adopt(old: &DocumentRecord, old_hash: &str, doc: &Document) -> (DocumentRecord, AdoptReport) {
    let paras = Paragraphs::new(doc);
    let mut report = AdoptReport::default();
    let mut count = |placed: bool| {
        if placed {
            report.placed += 1;
        } else {
            report.orphaned += 1;
        }
    };
    let mut entry = old.clone();
    entry.derived_from = Some(old_hash.to_owned());
    let mut shifts: Vec<isize> = Vec::new();
    let places = place_bookmarks(&paras, &old.bookmarks);
    for (b, place) in entry.bookmarks.iter_mut().zip(places) {
        count(place.is_some());
        if let Some(p) = place {
            shifts.push((p + 1) as isize - b.paragraph as isize);
            b.paragraph = p + 1;
            b.fingerprint = doc.fingerprint(p).to_hex();
            b.neighbours = Some(neighbours(doc, p));
        }
    }
    entry.bookmarks.sort_by_key(|b| b.paragraph);
    let places = place_highlights(&paras, &old.highlights);
    for (h, place) in entry.highlights.iter_mut().zip(places) {
        count(place.is_some());
        if let Some(place) = place {
            shifts.push((place.paragraph + 1) as isize - h.paragraph as isize);
            h.paragraph = place.paragraph + 1;
            h.fingerprint = doc.fingerprint(place.paragraph).to_hex();
            h.start = place.range.start;
            h.end = place.range.end;
            h.last_paragraph = (place.last > place.paragraph).then_some(place.last + 1);
        }
    }
    entry.highlights.sort_by_key(|h| (h.paragraph, h.start, h.end));
    // How far the marks that moved moved, typically: a position whose text
    // is gone moves as far (lines were added or taken out before it).
    shifts.sort_unstable();
    let shift = shifts.get(shifts.len() / 2).copied().unwrap_or(0);
    if let Some(position) = &mut entry.position {
        match place_position(&paras, position) {
            Some(place) if !place.exact && shift != 0 && doc.paragraph_count() > 0 => {
                let p = (position.paragraph as isize - 1 + shift).clamp(0, doc.paragraph_count() as isize - 1) as usize;
                position.paragraph = p + 1;
                position.offset = 0;
                position.fingerprint = doc.fingerprint(p).to_hex();
            }
            Some(place) => {
                position.paragraph = place.paragraph + 1;
                position.offset = place.offset;
                position.fingerprint = doc.fingerprint(place.paragraph).to_hex();
            }
            None => entry.position = None,
        }
    }
    (entry, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::Extra;

    fn doc(paragraphs: &[&str]) -> Document {
        Document::from_text(paragraphs.join("\n")).unwrap()
    }

    fn bookmark(doc: &Document, index: usize) -> BookmarkRecord {
        BookmarkRecord {
            paragraph: index + 1,
            fingerprint: doc.fingerprint(index).to_hex(),
            excerpt: doc.paragraph(index).chars().take(40).collect(),
            created: String::new(),
            note: None,
            neighbours: Some(neighbours(doc, index)),
            extra: Extra::new(),
        }
    }

    fn highlight(doc: &Document, index: usize, text: &str) -> HighlightRecord {
        let start = doc.paragraph(index).find(text).unwrap();
        HighlightRecord {
            paragraph: index + 1,
            fingerprint: doc.fingerprint(index).to_hex(),
            start,
            end: start + text.len(),
            last_paragraph: None,
            text: text.into(),
            speaker: None,
            created: String::new(),
            note: None,
            extra: Extra::new(),
        }
    }

    #[test]
    fn repeated_text_goes_to_the_occurrence_nearest_the_old_number() {
        let old = doc(&["a", "same text here", "b", "c", "d", "same text here"]);
        let new = doc(&["new", "a", "same text here", "b", "c", "d", "same text here"]);
        let marks = [bookmark(&old, 5), bookmark(&old, 1)];
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &marks), [Some(6), Some(2)]);
    }

    #[test]
    fn repeated_text_goes_to_the_occurrence_between_the_same_neighbours() {
        let old = doc(&["A一", "同じ段落。", "B三", "同じ段落。", "C五"]);
        let new = doc(&["A一", "挿入1", "挿入2", "同じ段落。", "B三", "同じ段落。", "C五"]);
        let marks = [bookmark(&old, 3), bookmark(&old, 1)];
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &marks), [Some(5), Some(3)]);
        // Without neighbours (an older store), the nearest occurrence.
        let mut bare = bookmark(&old, 3);
        bare.neighbours = None;
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &[bare]), [Some(3)]);
    }

    #[test]
    fn an_edited_paragraph_keeps_its_bookmark_by_its_neighbours() {
        let old = doc(&["第1段落。", "第2段落。", "第3段落。これは「引用」と言った。", "第4段落。"]);
        let new = doc(&["前書き。", "第1段落。", "第2段落。", "第三段落。これは「引用」と言った。", "第4段落。"]);
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &[bookmark(&old, 2)]), [Some(3)]);
        // At the edges, the edge counts as a neighbour.
        let new = doc(&["第一段落。", "第2段落。", "第3段落。これは「引用」と言った。", "第4段落。"]);
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &[bookmark(&old, 0)]), [Some(0)]);
        // Both neighbours must still be there.
        let new = doc(&["第1段落。", "挿入。", "第三段落。これは「引用」と言った。", "第4段落。"]);
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &[bookmark(&old, 2)]), [None]);
        // A paragraph replaced by other text is gone, neighbours or not.
        let new = doc(&["第1段落。", "第2段落。", "全く別の話が書かれている。", "第4段落。"]);
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &[bookmark(&old, 2)]), [None]);
    }

    #[test]
    fn one_paragraph_hosts_one_bookmark_and_the_other_is_orphaned() {
        let old = doc(&["twice twice", "x", "twice twice"]);
        let new = doc(&["twice twice", "x"]);
        let marks = [bookmark(&old, 0), bookmark(&old, 2)];
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &marks), [Some(0), None]);
    }

    #[test]
    fn an_edited_paragraph_keeps_its_bookmark_by_excerpt() {
        // The excerpt is the first 40 characters; an edit after them keeps it.
        let start = "習近平氏は、昨年、トカエフ国家主席と私は西安と北京で2回会談し、中国・カザフスタン関係の発展のため";
        let old = doc(&["x", &format!("{start}の計画を立てたと指摘した。")]);
        let new = doc(&["x", "y", &format!("{start}の新たな計画を立てたと指摘した。")]);
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &[bookmark(&old, 1)]), [Some(2)]);
        // An edit inside the excerpt orphans it.
        let new = doc(&["x", "y", &format!("昨日、{start}の計画を立てたと指摘した。")]);
        assert_eq!(place_bookmarks(&Paragraphs::new(&new), &[bookmark(&old, 1)]), [None]);
    }

    #[test]
    fn highlights_follow_their_text_into_an_edited_paragraph() {
        let old = doc(&["「黄金の30年」と述べた。"]);
        let new = doc(&["前置き。", "彼は「黄金の30年」と述べた。"]);
        let placed = place_highlights(&Paragraphs::new(&new), &[highlight(&old, 0, "黄金の30年")]);
        let start = "彼は「".len();
        assert_eq!(placed, [Some(HighlightPlace { paragraph: 1, range: start..start + "黄金の30年".len(), last: 1 })]);
    }

    /// A highlight from `text`'s start in paragraph `index` to the end of
    /// `upto` in paragraph `index + 1`.
    fn long_highlight(doc: &Document, index: usize, text: &str, upto: &str) -> HighlightRecord {
        let start = doc.paragraph(index).find(text).unwrap();
        let end = doc.paragraph(index + 1).find(upto).unwrap() + upto.len();
        HighlightRecord {
            end,
            last_paragraph: Some(index + 2),
            text: format!("{}\n{}", &doc.paragraph(index)[start..], &doc.paragraph(index + 1)[..end]),
            ..highlight(doc, index, text)
        }
    }

    #[test]
    fn a_highlight_over_two_paragraphs_follows_them_or_is_orphaned() {
        let old = doc(&["一文目。二文目。", "三文目。四文目。"]);
        let record = long_highlight(&old, 0, "二文目。", "三文目。");
        let (two, three) = ("一文目。".len(), "三文目。".len());
        // Where it was.
        let placed = place_highlights(&Paragraphs::new(&old), std::slice::from_ref(&record));
        assert_eq!(placed, [Some(HighlightPlace { paragraph: 0, range: two..three, last: 1 })]);
        // A paragraph inserted before it.
        let new = doc(&["前置き。", "一文目。二文目。", "三文目。四文目。"]);
        let placed = place_highlights(&Paragraphs::new(&new), std::slice::from_ref(&record));
        assert_eq!(placed, [Some(HighlightPlace { paragraph: 1, range: two..three, last: 2 })]);
        // Its first paragraph edited before the highlighted words.
        let new = doc(&["前置き。", "第一文目。二文目。", "三文目。四文目。"]);
        let placed = place_highlights(&Paragraphs::new(&new), std::slice::from_ref(&record));
        let moved = "第一文目。".len();
        assert_eq!(placed, [Some(HighlightPlace { paragraph: 1, range: moved..three, last: 2 })]);
        // The two paragraphs no longer follow each other.
        let new = doc(&["一文目。二文目。", "挿入。", "三文目。四文目。"]);
        assert_eq!(place_highlights(&Paragraphs::new(&new), std::slice::from_ref(&record)), [None]);
        // The highlighted words of the second paragraph changed.
        let new = doc(&["一文目。二文目。", "参文目。四文目。"]);
        assert_eq!(place_highlights(&Paragraphs::new(&new), &[record]), [None]);
    }

    #[test]
    fn highlights_whose_text_is_gone_are_orphans() {
        let old = doc(&["「黄金の30年」と述べた。"]);
        let new = doc(&["全く別の文章。"]);
        assert_eq!(place_highlights(&Paragraphs::new(&new), &[highlight(&old, 0, "黄金")]), [None]);
    }

    #[test]
    fn the_position_follows_its_paragraph_or_falls_back_nearby() {
        let old = doc(&["a", "bbb", "c"]);
        let record = PositionRecord {
            paragraph: 2,
            offset: 2,
            fingerprint: old.fingerprint(1).to_hex(),
            updated: String::new(),
            extra: Extra::new(),
        };
        let moved = doc(&["z", "a", "bbb"]);
        let place = place_position(&Paragraphs::new(&moved), &record).unwrap();
        assert_eq!((place.paragraph, place.offset, place.exact), (2, 2, true));
        let gone = doc(&["z"]);
        let place = place_position(&Paragraphs::new(&gone), &record).unwrap();
        assert_eq!((place.paragraph, place.offset, place.exact), (0, 0, false));
    }

    #[test]
    fn offsets_are_floored_to_character_boundaries() {
        assert_eq!(floor_char_boundary("日本", 4), 3);
        assert_eq!(floor_char_boundary("日本", 99), 6);
    }
}
