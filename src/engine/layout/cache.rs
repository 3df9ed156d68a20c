//! A bounded cache of laid-out paragraphs, so redrawing costs nothing and a
//! resize costs only what is on screen.
//!
//! Keyed by (paragraph index, [`LayoutOptions`]): a new width or setting is
//! simply a miss, and the entries for the old width age out. Least recently
//! used entries are evicted once the cached lines exceed the bound.
//!
//! **Memory bound.** A [`Line`] is 16 bytes, so the default bound of
//! [`LayoutCache::DEFAULT_MAX_LINES`] (65,536 lines) holds at most 1 MiB of
//! lines, plus about 150 bytes of bookkeeping per cached paragraph — a few
//! hundred screens of a 200-row terminal. A paragraph with more lines than the
//! whole bound is laid out but not kept.
//!
//! Lines are handed out as `Arc<[Line]>`: cloning is a reference count, and
//! the caller may hold the lines of several paragraphs while drawing without
//! borrowing the cache.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{LayoutOptions, Layouter, Line};

/// What identifies one cached layout: the paragraph, the options and the
/// caller's variant (see [`LayoutCache::lines_with`]).
type Key = (usize, LayoutOptions, u32);

#[derive(Debug)]
struct Entry {
    lines: Arc<[Line]>,
    /// Length of the text laid out: a cheap guard against a caller that
    /// forgot [`LayoutCache::clear`] after changing documents.
    text_len: usize,
    /// When it was last used (a tick of [`LayoutCache::clock`]).
    used: u64,
}

/// Least-recently-used cache of paragraph layouts, bounded by the total
/// number of cached lines. Call [`LayoutCache::clear`] when the document
/// changes: entries are keyed by paragraph index, not by text.
#[derive(Debug)]
pub struct LayoutCache {
    entries: HashMap<Key, Entry>,
    /// `used` tick → key, oldest first, for eviction.
    order: BTreeMap<u64, Key>,
    lines: usize,
    max_lines: usize,
    clock: u64,
    layouter: Layouter,
    hits: u64,
    misses: u64,
}

impl Default for LayoutCache {
    fn default() -> Self {
        Self::new(Self::DEFAULT_MAX_LINES)
    }
}

impl LayoutCache {
    /// The default bound: 65,536 lines, 1 MiB of [`Line`]s.
    pub const DEFAULT_MAX_LINES: usize = 1 << 16;

    /// A cache holding at most `max_lines` lines in total (at least 1).
    pub fn new(max_lines: usize) -> Self {
        LayoutCache {
            entries: HashMap::new(),
            order: BTreeMap::new(),
            lines: 0,
            max_lines: max_lines.max(1),
            clock: 0,
            layouter: Layouter::new(),
            hits: 0,
            misses: 0,
        }
    }

    /// The lines of paragraph `index`, whose text is `text`, laid out with
    /// `options`: from the cache, or laid out now and remembered.
    pub fn lines(&mut self, index: usize, text: &str, options: &LayoutOptions) -> Arc<[Line]> {
        self.lines_with(index, options, 0, text.len(), |layouter, out| layouter.layout_into(text, options, out))
    }

    /// The lines of paragraph `index` under `options` and `variant` (what
    /// else the caller's layout depends on: ruby mode, vertical text), from
    /// the cache, or laid out now by `layout` and remembered. `text_len` is
    /// the length of the text laid out, a guard against a stale index.
    pub fn lines_with(
        &mut self,
        index: usize,
        options: &LayoutOptions,
        variant: u32,
        text_len: usize,
        layout: impl FnOnce(&mut Layouter, &mut Vec<Line>),
    ) -> Arc<[Line]> {
        self.clock += 1;
        let key = (index, *options, variant);
        if let Some(entry) = self.entries.get_mut(&key)
            && entry.text_len == text_len
        {
            self.hits += 1;
            self.order.remove(&entry.used);
            entry.used = self.clock;
            self.order.insert(self.clock, key);
            return Arc::clone(&entry.lines);
        }
        self.misses += 1;
        self.remove(&key);
        let mut out = Vec::new();
        layout(&mut self.layouter, &mut out);
        let lines: Arc<[Line]> = out.into();
        if lines.len() <= self.max_lines {
            while self.lines + lines.len() > self.max_lines {
                let Some((_, oldest)) = self.order.pop_first() else {
                    break;
                };
                if let Some(old) = self.entries.remove(&oldest) {
                    self.lines -= old.lines.len();
                }
            }
            self.lines += lines.len();
            self.order.insert(self.clock, key);
            self.entries.insert(key, Entry { lines: Arc::clone(&lines), text_len, used: self.clock });
        }
        lines
    }

    fn remove(&mut self, key: &Key) {
        if let Some(old) = self.entries.remove(key) {
            self.order.remove(&old.used);
            self.lines -= old.lines.len();
        }
    }

    /// Forget everything (the document changed).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
        self.lines = 0;
    }

    /// How many lines are cached now (never more than the bound).
    pub fn cached_lines(&self) -> usize {
        self.lines
    }

    /// How many paragraph layouts are cached now.
    pub fn cached_paragraphs(&self) -> usize {
        self.entries.len()
    }

    /// The bound on cached lines.
    pub fn max_lines(&self) -> usize {
        self.max_lines
    }

    /// Lookups answered from the cache and lookups that laid out, since
    /// creation: for tests and the debug overlay.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits, self.misses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::layout::layout_paragraph;

    #[test]
    fn a_hit_returns_the_same_lines_without_laying_out_again() {
        let mut cache = LayoutCache::new(100);
        let opts = LayoutOptions::with_width(6);
        let a = cache.lines(0, "あいうえおかきくけこ", &opts);
        let b = cache.lines(0, "あいうえおかきくけこ", &opts);
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(cache.stats(), (1, 1));
        assert_eq!(&*a, &layout_paragraph("あいうえおかきくけこ", &opts)[..]);
    }

    #[test]
    fn a_new_width_misses_and_the_bound_evicts_the_least_recently_used() {
        let text = "あいうえおかきくけこ"; // 20 cells
        let mut cache = LayoutCache::new(12);
        cache.lines(0, text, &LayoutOptions::with_width(4)); // 5 lines
        cache.lines(1, text, &LayoutOptions::with_width(4)); // 5 lines
        assert_eq!(cache.cached_lines(), 10);
        cache.lines(0, text, &LayoutOptions::with_width(4)); // hit: 0 is now newest
        cache.lines(2, text, &LayoutOptions::with_width(10)); // 2 lines: fits exactly
        assert_eq!(cache.cached_lines(), 12);
        cache.lines(3, text, &LayoutOptions::with_width(10)); // evicts 1 (oldest)
        assert_eq!(cache.cached_lines(), 9);
        assert_eq!(cache.stats(), (1, 4));
        cache.lines(0, text, &LayoutOptions::with_width(4));
        assert_eq!(cache.stats(), (2, 4), "paragraph 0 was used recently and kept");
        cache.lines(1, text, &LayoutOptions::with_width(4));
        assert_eq!(cache.stats(), (2, 5), "paragraph 1 was the oldest and evicted");
        assert!(cache.cached_lines() <= cache.max_lines());
    }

    #[test]
    fn a_paragraph_longer_than_the_bound_is_returned_but_not_kept() {
        let mut cache = LayoutCache::new(3);
        let lines = cache.lines(0, "あいうえおかきくけこ", &LayoutOptions::with_width(4));
        assert_eq!(lines.len(), 5);
        assert_eq!(cache.cached_lines(), 0);
    }

    #[test]
    fn changed_text_under_the_same_index_is_laid_out_again() {
        let mut cache = LayoutCache::default();
        let opts = LayoutOptions::with_width(4);
        assert_eq!(cache.lines(0, "あい", &opts).len(), 1);
        assert_eq!(cache.lines(0, "あいうえお", &opts).len(), 3);
        cache.clear();
        assert_eq!((cache.cached_lines(), cache.cached_paragraphs()), (0, 0));
    }
}
