//! Quotes in the reader: the quote cursor (`Tab`/`Shift-Tab`), copying, and
//! the quote list with its filter.

use super::action::Action;
use super::key::{Key, KeyCode};
use super::prompt::LineEditor;
use super::{App, Effect, Mode, SelectedQuote, Severity};
use crate::engine::quotes::{QuoteRef, all_quotes};
use crate::engine::search::Query;
use crate::engine::speakers::SpeakerRules;

/// One entry of the quote list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteItem {
    /// Where the quote is.
    pub at: QuoteRef,
    /// Scene index.
    pub scene: usize,
    /// Who said it, when the text says so.
    pub speaker: Option<String>,
    /// The quoted text, without brackets.
    pub text: String,
    /// The opening bracket as written.
    pub open: String,
    /// The closing bracket as written; `None` when the quote is never closed.
    pub close: Option<String>,
}

/// The quote list: every quote, the filter typed so far, and the selection
/// among the quotes the filter keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteList {
    /// Every quote in document order.
    pub items: Vec<QuoteItem>,
    /// Indices into `items` that match the filter.
    pub shown: Vec<usize>,
    /// Selected position in `shown`.
    pub selected: usize,
    /// The filter (matched like search: width- and case-insensitive, on the
    /// quote and its speaker).
    pub filter: LineEditor,
}

impl QuoteList {
    fn apply_filter(&mut self) {
        let query = Query::new(self.filter.text().trim());
        self.shown = (0..self.items.len())
            .filter(|&i| {
                let item = &self.items[i];
                query.as_ref().is_none_or(|q| {
                    !q.find_all(&item.text).is_empty()
                        || item.speaker.as_deref().is_some_and(|s| !q.find_all(s).is_empty())
                })
            })
            .collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }
}

impl App {
    /// Apply a quote action.
    pub(super) fn quote_action(&mut self, action: Action) {
        if self.doc.is_empty() {
            return;
        }
        match action {
            Action::NextQuote => {
                let (p, from) = match &self.selected {
                    Some(q) => (q.paragraph, q.outer.start + 1),
                    None => (self.focus, 0),
                };
                let found = self.quotes.next_from(&self.doc, p, from);
                let wrapped = found.is_none();
                match found.or_else(|| self.quotes.next_from(&self.doc, 0, 0)) {
                    Some(at) => {
                        self.select_quote(at);
                        if wrapped {
                            self.notify(Severity::Info, "wrapped to the first quote");
                        }
                    }
                    None => self.notify(Severity::Info, "no quotes in this document"),
                }
            }
            Action::PrevQuote => {
                let (p, before) = match &self.selected {
                    Some(q) => (q.paragraph, q.outer.start),
                    None => (self.focus, usize::MAX),
                };
                let found = self.quotes.prev_before(&self.doc, p, before);
                let wrapped = found.is_none();
                let last = self.doc.paragraph_count() - 1;
                match found.or_else(|| self.quotes.prev_before(&self.doc, last, usize::MAX)) {
                    Some(at) => {
                        self.select_quote(at);
                        if wrapped {
                            self.notify(Severity::Info, "wrapped to the last quote");
                        }
                    }
                    None => self.notify(Severity::Info, "no quotes in this document"),
                }
            }
            Action::Copy => {
                let (text, what) = match (&self.span, &self.selected) {
                    (Some(s), _) => (crate::store::span_text(&self.doc, s.paragraph, s.last, &s.range), "selection"),
                    (None, Some(q)) => (self.doc.paragraph(q.paragraph)[q.inner.clone()].to_owned(), "quote"),
                    (None, None) => {
                        (self.doc.paragraph(self.focus).trim_start_matches('\u{3000}').to_owned(), "paragraph")
                    }
                };
                let chars = text.chars().count();
                self.effects.push(Effect::Copy(text));
                self.notify(Severity::Info, format!("copied the {what} ({chars} characters) to the clipboard"));
            }
            Action::QuoteList => {
                let items: Vec<QuoteItem> = all_quotes(&self.doc)
                    .into_iter()
                    .scan((usize::MAX, 0usize), |(last_p, index), (p, q)| {
                        if p != *last_p {
                            *last_p = p;
                            *index = 0;
                        } else {
                            *index += 1;
                        }
                        Some((QuoteRef { paragraph: p, index: *index }, q))
                    })
                    .map(|(at, q)| QuoteItem {
                        at,
                        scene: self.scenes.scene_of(at.paragraph),
                        speaker: SpeakerRules::active().speaker_of(self.doc.paragraph(at.paragraph)).map(str::to_owned),
                        text: self.doc.paragraph(at.paragraph)[q.inner.clone()].to_owned(),
                        open: self.doc.paragraph(at.paragraph)[q.outer.start..q.inner.start].to_owned(),
                        close: (!q.unclosed)
                            .then(|| self.doc.paragraph(at.paragraph)[q.inner.end..q.outer.end].to_owned()),
                    })
                    .collect();
                if items.is_empty() {
                    self.notify(Severity::Info, "no quotes in this document");
                    return;
                }
                // Start at the selected quote, or the first one at or after the focus.
                let start = match &self.selected {
                    Some(q) => items
                        .iter()
                        .position(|i| i.at.paragraph == q.paragraph && self.quote_outer(i.at).start == q.outer.start),
                    None => items.iter().position(|i| i.at.paragraph >= self.focus),
                }
                .unwrap_or(0);
                let mut list = QuoteList { items, shown: Vec::new(), selected: start, filter: LineEditor::default() };
                list.apply_filter();
                self.mode = Mode::Quotes(Box::new(list));
            }
            _ => {}
        }
    }

    fn quote_outer(&self, at: QuoteRef) -> std::ops::Range<usize> {
        self.quotes.get(&self.doc, at).map_or(0..0, |q| q.outer.clone())
    }

    /// Select the quote at `at`, focus its paragraph and bring it into view.
    pub(super) fn select_quote(&mut self, at: QuoteRef) {
        let Some(q) = self.quotes.get(&self.doc, at).cloned() else {
            return;
        };
        let text = self.doc.paragraph(at.paragraph).to_owned();
        self.selected = Some(SelectedQuote {
            paragraph: at.paragraph,
            inner: q.inner.clone(),
            outer: q.outer.clone(),
            speaker: SpeakerRules::active().speaker_of(&text).map(str::to_owned),
        });
        let start = q.outer.start;
        self.focus = at.paragraph;
        self.reveal(at.paragraph, start);
        let speaker = self.selected.as_ref().and_then(|s| s.speaker.clone());
        let quote = &text[q.inner.clone()];
        let shown: String = quote.chars().take(30).collect();
        let more = if quote.chars().count() > 30 { "…" } else { "" };
        match speaker {
            Some(s) => self.notify(Severity::Info, format!("{s}: 「{shown}{more}」")),
            None => self.notify(Severity::Info, format!("「{shown}{more}」")),
        }
    }

    /// A key in the quote list.
    pub(super) fn quote_list_key(&mut self, key: Key) {
        let Mode::Quotes(list) = &mut self.mode else { return };
        let page = self.geometry.text_height().saturating_sub(4).max(1);
        let last = list.shown.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => self.mode = super::Mode::Normal,
            KeyCode::Char('c') if key.ctrl => self.mode = super::Mode::Normal,
            KeyCode::Down | KeyCode::Tab => list.selected = (list.selected + 1).min(last),
            KeyCode::Char('n') if key.ctrl => list.selected = (list.selected + 1).min(last),
            KeyCode::Up | KeyCode::BackTab => list.selected = list.selected.saturating_sub(1),
            KeyCode::Char('p') if key.ctrl => list.selected = list.selected.saturating_sub(1),
            KeyCode::PageDown => list.selected = (list.selected + page).min(last),
            KeyCode::PageUp => list.selected = list.selected.saturating_sub(page),
            KeyCode::Home => list.selected = 0,
            KeyCode::End => list.selected = last,
            KeyCode::Enter => {
                let Some(&i) = list.shown.get(list.selected) else {
                    return;
                };
                let at = list.items[i].at;
                self.mode = super::Mode::Normal;
                self.select_quote(at);
            }
            KeyCode::Backspace => {
                list.filter.backspace();
                list.apply_filter();
            }
            KeyCode::Char('u') if key.ctrl => {
                list.filter.clear_to_start();
                list.apply_filter();
            }
            KeyCode::Char('w') if key.ctrl => {
                list.filter.delete_word();
                list.apply_filter();
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                list.filter.insert(c.encode_utf8(&mut [0; 4]));
                list.apply_filter();
            }
            _ => {}
        }
    }

    /// Text pasted into the quote list's filter.
    pub(super) fn quote_list_paste(&mut self, text: &str) {
        if let Mode::Quotes(list) = &mut self.mode {
            list.filter.insert(text);
            list.apply_filter();
        }
    }
}
