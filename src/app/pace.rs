//! Time left: the reader's pace, measured from paging, and what it says
//! about the rest of the scene and of the book.
//!
//! Only reading counts. When the text moves forward by scrolling (a line, a
//! page, half a page, the wheel), the text that went by the top of the
//! screen was read in the time since the previous move; a stretch longer
//! than [`PAUSE`] was not all reading and is not counted. Jumps (`G`,
//! scenes, search, go to, bookmarks, a click in the panel) and moving back
//! count nothing; they start a new stretch. The time comes from the store's
//! clock, so tests drive it with a [`crate::store::clock::ManualClock`].
//!
//! What is left is measured in bytes and turned into characters or words
//! by the document's density (units a byte), sampled once when it opens, so
//! the figure costs the same at any size.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::App;
use crate::store::clock::Clock;
use crate::store::pace::{Pace, Script, Tally, count_units};

/// A stretch between two moves longer than this was not all reading.
pub const PAUSE: Duration = Duration::from_secs(2 * 60);

/// Measured reading is handed to the store in pieces of at least this much.
const SAVE_EVERY: Duration = Duration::from_secs(60);

/// How much text the density of a document is sampled from: this many
/// pieces of [`SAMPLE_BYTES`], spread over it (128 KiB: a tenth of a
/// millisecond to count).
const SAMPLES: usize = 16;
const SAMPLE_BYTES: usize = 8 << 10;

/// What the app keeps to measure the pace.
pub(super) struct Tracker {
    clock: Arc<dyn Clock>,
    /// The open document's script and units a byte, and the text length
    /// they were sampled for.
    script: Script,
    density: f64,
    sampled_len: Option<usize>,
    /// When the current stretch began, and the top of the screen then
    /// (a byte offset in the document's text).
    anchor: Option<(SystemTime, usize)>,
    /// The last input scrolled (set by input, taken by [`App::observe_reading`]).
    scrolled: bool,
    /// Reading not yet handed to the store.
    units: u64,
    seconds: f64,
}

impl Tracker {
    /// A tracker reading time from `clock`.
    pub(super) fn new(clock: Arc<dyn Clock>) -> Self {
        Tracker {
            clock,
            script: Script::Cjk,
            density: 0.0,
            sampled_len: None,
            anchor: None,
            scrolled: false,
            units: 0,
            seconds: 0.0,
        }
    }

    /// The next move is reading (a scroll), not a jump.
    pub(super) fn note_scroll(&mut self) {
        self.scrolled = true;
    }
}

/// The time left, as the status line shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeLeft {
    /// To the end of the scene (`None` for a document of one scene).
    pub scene: Option<Duration>,
    /// To the end of the document.
    pub book: Duration,
    /// The pace it assumes.
    pub pace: Pace,
}

/// The script of `text` and its units a byte, from samples spread over it.
fn sample(text: &str) -> (Script, f64) {
    let mut pieces = Vec::new();
    if text.len() <= SAMPLES * SAMPLE_BYTES {
        pieces.push(text);
    } else {
        let step = text.len() / SAMPLES;
        for i in 0..SAMPLES {
            let start = ceil_boundary(text, i * step);
            let end = ceil_boundary(text, (start + SAMPLE_BYTES).min(text.len()));
            pieces.push(&text[start..end]);
        }
    }
    let bytes: usize = pieces.iter().map(|p| p.len()).sum();
    let tally = pieces.iter().map(|p| Tally::of(p)).fold(Tally::default(), |a, b| Tally {
        cjk: a.cjk + b.cjk,
        characters: a.characters + b.characters,
        words: a.words + b.words,
    });
    let script = tally.script();
    (script, if bytes == 0 { 0.0 } else { tally.units(script) as f64 / bytes as f64 })
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at.min(text.len())
}

impl App {
    /// The reading pace the time left is figured at.
    pub fn reading_pace(&self) -> Pace {
        self.store.pace(self.pace.script, self.pace.units, self.pace.seconds)
    }

    /// The time left in the scene and the book at the reader's pace, from
    /// the top of the screen (what is on it is still to be read); `None`
    /// when it is not shown (`time_left = false`, an empty document, or one
    /// still being read).
    pub fn time_left(&self) -> Option<TimeLeft> {
        if !self.config.time_left || self.doc.is_empty() || self.loading.is_some() {
            return None;
        }
        let pace = self.reading_pace();
        let top = self.top_offset();
        let units = |bytes: usize| bytes as f64 * self.pace.density;
        let book = pace.time_for(units(self.doc.text().len().saturating_sub(top)));
        // In the last scene (or the only one) the scene's figure is the book's.
        let scene = self.current_scene().filter(|&i| i + 1 < self.scenes.len()).map(|i| {
            let end = self.doc.paragraph_range(self.scenes.as_slice()[i].last).end;
            pace.time_for(units(end.saturating_sub(top)))
        });
        Some(TimeLeft { scene, book, pace })
    }

    /// The time now, by the store's clock.
    pub(super) fn now(&self) -> SystemTime {
        self.pace.clock.now()
    }

    /// The byte offset in the text of the top of the screen.
    fn top_offset(&self) -> usize {
        self.rows.first().map_or(0, |row| {
            self.doc.paragraph_range(row.paragraph).start + self.viewport.start_offset_of(&self.doc, row)
        })
    }

    /// After every change: sample a new text, and count the text the last
    /// scroll moved past (see the module's description).
    pub(super) fn observe_reading(&mut self) {
        let len = self.doc.text().len();
        if self.pace.sampled_len != Some(len) {
            (self.pace.script, self.pace.density) = sample(self.doc.text());
            self.pace.sampled_len = Some(len);
            self.pace.anchor = None;
        }
        let scrolled = std::mem::take(&mut self.pace.scrolled);
        if self.doc.is_empty() || self.loading.is_some() {
            self.pace.anchor = None;
            return;
        }
        let now = self.pace.clock.now();
        let top = self.top_offset();
        match self.pace.anchor {
            Some((_, at)) if at == top => return,
            Some((since, at)) if scrolled && top > at => {
                let took = now.duration_since(since).unwrap_or(Duration::ZERO);
                if took <= PAUSE
                    && let Some(passed) = self.doc.text().get(at..top)
                {
                    self.pace.units += count_units(self.pace.script, passed);
                    self.pace.seconds += took.as_secs_f64();
                }
            }
            _ => {}
        }
        self.pace.anchor = Some((now, top));
        if self.pace.seconds >= SAVE_EVERY.as_secs_f64() {
            self.save_reading();
        }
    }

    /// Hand the measured reading to the store (whole seconds; the rest
    /// waits for the next piece).
    pub(super) fn save_reading(&mut self) {
        let seconds = self.pace.seconds.floor();
        if seconds < 1.0 {
            return;
        }
        self.store.add_reading(self.pace.script, self.pace.units, seconds as u64);
        self.pace.units = 0;
        self.pace.seconds -= seconds;
    }

    /// Start measuring afresh (another document was opened).
    pub(super) fn reset_reading(&mut self) {
        self.save_reading();
        self.pace.sampled_len = None;
        self.pace.anchor = None;
        self.pace.scrolled = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_density_of_a_large_text_comes_from_samples() {
        let text = "吾輩は猫である。\n".repeat(100_000);
        let (script, density) = sample(&text);
        assert_eq!(script, Script::Cjk);
        // 8 characters in 25 bytes (the line end is not a character read).
        assert!((density - 8.0 / 25.0).abs() < 0.01, "{density}");
        let (script, density) = sample("Call me Ishmael. Some years ago");
        assert_eq!(script, Script::Latin);
        assert!((density - 6.0 / 31.0).abs() < 1e-9, "{density}");
        assert_eq!(sample(""), (Script::Latin, 0.0));
    }
}
