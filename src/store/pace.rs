//! The reading pace: how fast this reader reads, learned from paging and
//! kept in the store, one figure per kind of script.
//!
//! Text is measured in the units readers of it count in: characters for
//! Japanese and Chinese (文字数, punctuation included, spaces not), words for
//! Latin-script text. Until [`LEARNED_AFTER`] of reading has been measured in
//! a script, its default is used: [`DEFAULT_CJK_PER_MINUTE`] characters and
//! [`DEFAULT_LATIN_PER_MINUTE`] words a minute (the README says where these
//! come from). The figure keeps the most recent [`WINDOW`] of reading: older
//! reading is scaled down as new reading comes in, so a pace that changes
//! shows within a few hours of reading.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::model::{PaceRecord, ReadingRecord};

/// Characters a minute for Japanese and Chinese text until the reader's own
/// pace is known: the middle of the 400–600 characters a minute usually
/// given for adult silent reading of Japanese.
pub const DEFAULT_CJK_PER_MINUTE: f64 = 500.0;

/// Words a minute for Latin-script text until the reader's own pace is
/// known: Brysbaert (2019) found 238 (non-fiction) and 260 (fiction) for
/// silent reading of English.
pub const DEFAULT_LATIN_PER_MINUTE: f64 = 250.0;

/// How much measured reading replaces the default.
pub const LEARNED_AFTER: Duration = Duration::from_secs(5 * 60);

/// How much reading the figure remembers (older reading counts less).
pub const WINDOW: Duration = Duration::from_secs(20 * 60 * 60);

/// How many addition ids are kept to recognise a replayed addition.
const RECENT_IDS: usize = 64;

/// Which figure a document's reading counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Japanese, Chinese (and Korean): counted in characters.
    Cjk,
    /// Latin-script text (and anything else with spaces between words):
    /// counted in words.
    Latin,
}

impl Script {
    /// The script `text` is mostly written in: CJK when it has at least as
    /// many CJK characters as Latin words.
    pub fn of(text: &str) -> Script {
        Tally::of(text).script()
    }

    /// What its figure counts ("characters" or "words").
    pub fn unit_name(self) -> &'static str {
        match self {
            Script::Cjk => "characters",
            Script::Latin => "words",
        }
    }

    /// The default pace, units a minute.
    pub fn default_per_minute(self) -> f64 {
        match self {
            Script::Cjk => DEFAULT_CJK_PER_MINUTE,
            Script::Latin => DEFAULT_LATIN_PER_MINUTE,
        }
    }
}

/// Whether `c` is read as one CJK character (ideographs, kana, Hangul and
/// the full-width punctuation between them).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'   // CJK punctuation, hiragana, katakana
        | '\u{3100}'..='\u{312F}' // bopomofo
        | '\u{3130}'..='\u{318F}' // Hangul compatibility jamo
        | '\u{31F0}'..='\u{31FF}' // katakana extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}' // full-width and half-width forms
        | '\u{20000}'..='\u{3FFFF}' // supplementary ideographs
    )
}

/// What a text holds, counted in one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// CJK characters.
    pub cjk: u64,
    /// Characters that are not white space (what a CJK reader counts).
    pub characters: u64,
    /// Runs of letters and digits (words; a CJK character is not part of one).
    pub words: u64,
}

impl Tally {
    /// Count `text`.
    pub fn of(text: &str) -> Tally {
        let mut tally = Tally::default();
        let mut in_word = false;
        for c in text.chars() {
            // CJK first: it is a range test, and most of a Japanese text.
            let cjk = is_cjk(c);
            tally.cjk += u64::from(cjk);
            tally.characters += u64::from(cjk || !c.is_whitespace());
            let letter = !cjk && c.is_alphanumeric();
            tally.words += u64::from(letter && !in_word);
            // An apostrophe or hyphen inside a word does not end it.
            in_word = letter || (in_word && matches!(c, '\'' | '’' | '-'));
        }
        tally
    }

    /// The script the text is mostly written in (see [`Script::of`]).
    pub fn script(&self) -> Script {
        if self.cjk > 0 && self.cjk >= self.words { Script::Cjk } else { Script::Latin }
    }

    /// The text's units in `script`.
    pub fn units(&self, script: Script) -> u64 {
        match script {
            Script::Cjk => self.characters,
            Script::Latin => self.words,
        }
    }
}

/// Units of `text` in `script`: characters that are not white space (CJK)
/// or words (Latin; see [`Tally`]).
pub fn count_units(script: Script, text: &str) -> u64 {
    Tally::of(text).units(script)
}

/// A reading pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// Which figure.
    pub script: Script,
    /// Units (characters or words) a minute.
    pub per_minute: f64,
    /// Learned from the reader's own paging (`false`: the default).
    pub learned: bool,
}

impl Pace {
    /// How long `units` take at this pace.
    pub fn time_for(&self, units: f64) -> Duration {
        Duration::from_secs_f64((units.max(0.0) / self.per_minute.max(1.0) * 60.0).min(1e9))
    }
}

/// The pace for `script` from what the store learned, plus `units` read in
/// `seconds` not saved yet.
pub fn pace(record: Option<&ReadingRecord>, script: Script, units: u64, seconds: f64) -> Pace {
    let stored = record.and_then(|r| figure(r, script));
    let total_units = stored.map_or(0, |f| f.units) as f64 + units as f64;
    let total_seconds = stored.map_or(0, |f| f.seconds) as f64 + seconds;
    if total_seconds >= LEARNED_AFTER.as_secs_f64() && total_units > 0.0 {
        Pace { script, per_minute: total_units / total_seconds * 60.0, learned: true }
    } else {
        Pace { script, per_minute: script.default_per_minute(), learned: false }
    }
}

fn figure(record: &ReadingRecord, script: Script) -> Option<&PaceRecord> {
    match script {
        Script::Cjk => record.cjk.as_ref(),
        Script::Latin => record.latin.as_ref(),
    }
}

/// Add `units` read in `seconds` to `script`'s figure, unless the addition
/// `id` was counted already; then keep the figure within [`WINDOW`].
pub(crate) fn add(record: &mut ReadingRecord, id: &str, script: Script, units: u64, seconds: u64) {
    if record.recent.iter().any(|r| r == id) {
        return;
    }
    record.recent.push(id.to_owned());
    if record.recent.len() > RECENT_IDS {
        let excess = record.recent.len() - RECENT_IDS;
        record.recent.drain(..excess);
    }
    let figure = match script {
        Script::Cjk => record.cjk.get_or_insert_with(Default::default),
        Script::Latin => record.latin.get_or_insert_with(Default::default),
    };
    figure.units = figure.units.saturating_add(units);
    figure.seconds = figure.seconds.saturating_add(seconds);
    let window = WINDOW.as_secs();
    if figure.seconds > window {
        // Same pace, less weight: newer reading moves it more.
        figure.units = (figure.units as u128 * window as u128 / figure.seconds as u128) as u64;
        figure.seconds = window;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_counts_characters_and_english_counts_words() {
        assert_eq!(Script::of("吾輩は猫である。名前はまだ無い。"), Script::Cjk);
        assert_eq!(Script::of("It was a bright cold day in April."), Script::Latin);
        assert_eq!(Script::of("SCOの首脳会議がアスタナで開かれた。"), Script::Cjk);
        assert_eq!(count_units(Script::Cjk, "「はい」と 言った。"), 9);
        assert_eq!(count_units(Script::Latin, "It's a well-known fact, isn't it?"), 6);
        assert_eq!(Script::of(""), Script::Latin);
    }

    #[test]
    fn the_default_holds_until_enough_is_learned() {
        let mut r = ReadingRecord::default();
        assert_eq!(pace(Some(&r), Script::Cjk, 0, 0.0).per_minute, 500.0);
        add(&mut r, "a", Script::Cjk, 1000, 120);
        let p = pace(Some(&r), Script::Cjk, 0, 0.0);
        assert!(!p.learned);
        assert_eq!(p.per_minute, 500.0);
        add(&mut r, "b", Script::Cjk, 2000, 240);
        let p = pace(Some(&r), Script::Cjk, 0, 0.0);
        assert!(p.learned);
        assert!((p.per_minute - 500.0).abs() < 1e-9, "3000 characters in 6 minutes: {}", p.per_minute);
        assert_eq!(pace(Some(&r), Script::Latin, 0, 0.0).per_minute, 250.0, "the other figure is apart");
    }

    #[test]
    fn an_addition_replayed_is_counted_once() {
        let mut r = ReadingRecord::default();
        add(&mut r, "x", Script::Latin, 100, 60);
        add(&mut r, "x", Script::Latin, 100, 60);
        assert_eq!(r.latin.as_ref().map(|f| (f.units, f.seconds)), Some((100, 60)));
        for i in 0..200 {
            add(&mut r, &i.to_string(), Script::Latin, 1, 1);
        }
        assert_eq!(r.recent.len(), RECENT_IDS);
    }

    #[test]
    fn old_reading_counts_less_than_new() {
        let mut r = ReadingRecord::default();
        add(&mut r, "old", Script::Cjk, 300 * 72_000 / 60, 72_000); // 300 a minute, a full window
        add(&mut r, "new", Script::Cjk, 900 * 60, 3_600); // two hours at 900 a minute
        add(&mut r, "newer", Script::Cjk, 900 * 60, 3_600);
        let per_minute = pace(Some(&r), Script::Cjk, 0, 0.0).per_minute;
        assert_eq!(r.cjk.as_ref().unwrap().seconds, WINDOW.as_secs());
        // All kept whole, it would be 354.5 a minute; in the window the new
        // hours weigh more.
        assert!(per_minute > 355.0 && per_minute < 900.0, "{per_minute}");
    }
}
