//! Search in the reader: the `/` prompt with an incremental preview, `n`/`N`,
//! match highlighting, and background search for large documents.
//!
//! Documents up to [`SYNC_SEARCH_BYTES`] are searched at once, on every
//! keystroke of the prompt (the preview). Larger ones are searched when the
//! query is entered, on a worker the shell starts ([`super::Effect::Search`]);
//! it reports progress and can be cancelled with `Esc`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::prompt::LineEditor;
use super::view::RowPos;
use super::{App, Effect, Mode, PromptKind, Severity};
use crate::engine::search::{Match, Query, search_document};

/// Documents up to this size are searched synchronously (and previewed while
/// typing); a search of this much text takes a few milliseconds.
pub const SYNC_SEARCH_BYTES: usize = 4 << 20;

/// Where a search started, to return to on `Esc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The top row then.
    pub top: RowPos,
    /// The focus then.
    pub focus: usize,
}

/// The last search: its query and every match in document order.
#[derive(Debug, Clone)]
pub struct SearchState {
    /// The query as typed.
    pub query: String,
    /// Every match, sorted by paragraph then position.
    pub matches: Vec<Match>,
    /// The match the reader is on.
    pub current: usize,
}

/// A search running on a worker. Two jobs are equal when they have the same
/// id.
#[derive(Debug, Clone)]
pub struct SearchJob {
    /// Tells results of an old job from the current one.
    pub id: u64,
    /// The query.
    pub query: Query,
    /// Set to cancel the job.
    pub cancel: Arc<AtomicBool>,
    /// Where the search started.
    pub origin: Origin,
    /// Bytes searched so far, and in all (for the progress gauge).
    pub progress: (usize, usize),
}

impl PartialEq for SearchJob {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for SearchJob {}

impl App {
    /// Open the search prompt.
    pub(super) fn start_search_prompt(&mut self) {
        let origin = Origin { top: self.viewport.top(), focus: self.focus };
        self.mode = Mode::Prompt { kind: PromptKind::Search { origin }, editor: LineEditor::default() };
    }

    /// The prompt text changed: preview the first match (small documents).
    pub(super) fn search_preview(&mut self, origin: Origin, text: &str) {
        if self.doc.text().len() > SYNC_SEARCH_BYTES {
            return;
        }
        self.restore(origin);
        let Some(query) = Query::new(text) else {
            self.preview = None;
            return;
        };
        let matches =
            search_document(&self.doc, &query, &mut |_, _| std::ops::ControlFlow::Continue(())).unwrap_or_default();
        let current = first_from(&matches, origin.focus).unwrap_or(0);
        if let Some(m) = matches.get(current).cloned() {
            self.focus = m.paragraph;
            self.reveal(m.paragraph, m.range.start);
        }
        self.preview = Some(SearchState { query: text.to_owned(), matches, current });
    }

    /// The query was entered.
    pub(super) fn submit_search(&mut self, origin: Origin, text: &str) {
        self.preview = None;
        if text.is_empty() {
            // An empty query repeats the last search forward, as in vim and
            // less: the same as `n` from where the reader was.
            self.restore(origin);
            if self.search.is_some() {
                self.search_step(true);
            }
            return;
        }
        let text = text.to_owned();
        let Some(query) = Query::new(&text) else { return };
        if self.doc.text().len() > SYNC_SEARCH_BYTES {
            self.restore(origin);
            self.job_counter += 1;
            let job = SearchJob {
                id: self.job_counter,
                query,
                cancel: Arc::new(AtomicBool::new(false)),
                origin,
                progress: (0, self.doc.text().len()),
            };
            if let Some(old) = self.job.replace(job.clone()) {
                old.cancel.store(true, Ordering::Relaxed);
            }
            self.effects.push(Effect::Search(Box::new(job)));
            return;
        }
        let matches =
            search_document(&self.doc, &query, &mut |_, _| std::ops::ControlFlow::Continue(())).unwrap_or_default();
        self.show_results(origin, text, matches);
    }

    /// Results are in: go to the first match after the origin's focused
    /// paragraph's start, wrapping past the end; or say there is none and
    /// move nothing.
    fn show_results(&mut self, origin: Origin, query: String, matches: Vec<Match>) {
        self.restore(origin);
        if matches.is_empty() {
            self.notify(Severity::Info, format!("no match for {query}"));
            // Kept, so that n says so again and an empty query repeats it.
            self.search = Some(SearchState { query, matches, current: 0 });
            return;
        }
        let (current, wrapped) = match first_from(&matches, origin.focus) {
            Some(i) => (i, false),
            None => (0, true),
        };
        self.search = Some(SearchState { query, matches, current });
        self.go_to_match(current, wrapped.then_some("search wrapped to the top"));
    }

    /// `n` (`forward`) or `N`.
    pub(super) fn search_step(&mut self, forward: bool) {
        let Some(state) = &self.search else {
            let key = self.config.keymap.hint(super::action::Action::Search).unwrap_or_else(|| "/".into());
            self.notify(Severity::Info, format!("no search yet: {key} searches"));
            return;
        };
        if state.matches.is_empty() {
            let text = format!("no match for {}", state.query);
            self.notify(Severity::Info, text);
            return;
        }
        // Like less and vim, n and N search from where the reader is: from
        // the current match when it is in the focused paragraph, else from
        // the start of the focused paragraph (after g, n finds the first).
        let matches = &state.matches;
        let n = matches.len();
        let here = matches.get(state.current).filter(|m| m.paragraph == self.focus).map(|_| state.current);
        let found = match (forward, here) {
            (true, Some(i)) => (i + 1 < n).then_some(i + 1),
            (true, None) => first_from(matches, self.focus),
            (false, Some(i)) => i.checked_sub(1),
            (false, None) => matches.partition_point(|m| m.paragraph < self.focus).checked_sub(1),
        };
        match (found, forward) {
            (Some(i), _) => self.go_to_match(i, None),
            (None, true) => self.go_to_match(0, Some("search wrapped to the top")),
            (None, false) => self.go_to_match(n - 1, Some("search wrapped to the bottom")),
        }
    }

    fn go_to_match(&mut self, index: usize, note: Option<&str>) {
        let Some(state) = &mut self.search else { return };
        state.current = index;
        let m = state.matches[index].clone();
        let status = format!("match {}/{}: {}", index + 1, state.matches.len(), state.query);
        self.focus = m.paragraph;
        self.selected = None;
        self.reveal(m.paragraph, m.range.start);
        match note {
            Some(note) => self.notify(Severity::Info, format!("{status} ({note})")),
            None => self.notify(Severity::Info, status),
        }
    }

    /// Put the view back where a search started.
    pub(super) fn restore(&mut self, origin: Origin) {
        self.focus = origin.focus.min(self.doc.paragraph_count().saturating_sub(1));
        self.viewport.scroll_to(&self.doc, &self.scenes, origin.top);
    }

    /// `Esc` in the search prompt: back to where it started.
    pub(super) fn cancel_search_prompt(&mut self, origin: Origin) {
        self.preview = None;
        self.restore(origin);
    }

    /// Progress of the background search `id`.
    pub fn search_progress(&mut self, id: u64, done: usize, total: usize) {
        let Some(job) = self.job.as_mut().filter(|j| j.id == id) else {
            return;
        };
        job.progress = (done, total);
        let text = format!("searching for {}: {}% (Esc cancels)", job.query.text(), done * 100 / total.max(1));
        self.set_status(Severity::Info, text);
        self.after_change();
    }

    /// The background search `id` finished (`None`: cancelled).
    pub fn search_finished(&mut self, id: u64, matches: Option<Vec<Match>>) {
        let Some(job) = self.job.take_if(|j| j.id == id) else {
            return;
        };
        match matches {
            Some(matches) => self.show_results(job.origin, job.query.text().to_owned(), matches),
            None => self.notify(Severity::Info, "search cancelled"),
        }
        self.after_change();
    }

    /// Cancel a running background search, if any.
    pub(super) fn cancel_job(&mut self) -> bool {
        match self.job.take() {
            Some(job) => {
                job.cancel.store(true, Ordering::Relaxed);
                self.notify(Severity::Info, "search cancelled");
                true
            }
            None => false,
        }
    }

    /// The search whose matches are highlighted: the preview while typing,
    /// else the last search.
    pub(super) fn shown_search(&self) -> Option<&SearchState> {
        self.preview.as_ref().or(self.search.as_ref())
    }

    /// The current search, if any (for the status line and tests).
    pub fn search(&self) -> Option<&SearchState> {
        self.search.as_ref()
    }

    /// The running background search, if any.
    pub fn search_job(&self) -> Option<&SearchJob> {
        self.job.as_ref()
    }
}

/// The matches of paragraph `p` within `matches` (sorted).
pub(super) fn matches_in(matches: &[Match], p: usize) -> &[Match] {
    let from = matches.partition_point(|m| m.paragraph < p);
    let to = matches.partition_point(|m| m.paragraph <= p);
    &matches[from..to]
}

/// The first match at or after the start of paragraph `p`.
fn first_from(matches: &[Match], p: usize) -> Option<usize> {
    let i = matches.partition_point(|m| m.paragraph < p);
    (i < matches.len()).then_some(i)
}
