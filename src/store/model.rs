//! The on-disk format: serde types, the schema version and its migration hook.
//!
//! Every record carries an `extra` map that collects the fields this version of
//! emaki does not know, so a file written by a newer (or hand-edited) version
//! keeps them when an older one rewrites it. Paragraph numbers on disk are
//! 1-based, as the reader shows them and as `--export` prints them; byte
//! offsets are offsets into that paragraph's text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thiserror::Error;

/// The schema version this build reads and writes. Bump it together with a
/// step in [`migrate`] whenever the meaning of a stored field changes.
pub const VERSION: u64 = 1;

/// The name of the store file inside the data directory.
pub const FILE_NAME: &str = "emaki-store.json";

/// Fields a record does not know, kept verbatim for the next rewrite.
pub type Extra = Map<String, Value>;

/// The whole store file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreFile {
    /// Schema version of the file.
    pub version: u64,
    /// One entry per document text, keyed by its content hash.
    #[serde(default)]
    pub documents: BTreeMap<String, DocumentRecord>,
    /// The reader's own reading pace, learned from paging (absent until
    /// something was read; an older emaki keeps it as an unknown field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<ReadingRecord>,
    /// Unknown top-level fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for StoreFile {
    fn default() -> Self {
        StoreFile { version: VERSION, documents: BTreeMap::new(), reading: None, extra: Extra::new() }
    }
}

/// Everything kept for one document text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The path it was last opened from (for display and for following the
    /// file when its text changes); `null` for standard input.
    #[serde(default)]
    pub path: Option<String>,
    /// Its title when last opened.
    #[serde(default)]
    pub title: String,
    /// Its authors, when the document names them (for the library).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The format it was read from (`text`, `aozora`, `epub`), for the
    /// library; absent in stores written before it was kept. A string, not
    /// an enum, so a format added later does not make the file unreadable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// When it was last opened (RFC 3339); decides which entries are pruned first.
    #[serde(default)]
    pub opened: Option<String>,
    /// The same, in milliseconds since the Unix epoch: orders two documents
    /// opened within one second (`--continue`, the library).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_millis: Option<u64>,
    /// The hash of the earlier text this entry's marks were carried over from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
    /// Where the reader was.
    #[serde(default)]
    pub position: Option<PositionRecord>,
    /// How far through the document that position is, for the library
    /// (which must not open every document to say so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<ProgressRecord>,
    /// How the reader last chose to show this document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<SettingsRecord>,
    /// Bookmarked paragraphs.
    #[serde(default)]
    pub bookmarks: Vec<BookmarkRecord>,
    /// Highlighted ranges.
    #[serde(default)]
    pub highlights: Vec<HighlightRecord>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl DocumentRecord {
    /// Whether the entry holds marks the reader made (a position alone is not
    /// worth keeping forever).
    pub fn has_marks(&self) -> bool {
        !self.bookmarks.is_empty() || !self.highlights.is_empty()
    }
}

/// The saved reading position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionRecord {
    /// 1-based paragraph number.
    pub paragraph: usize,
    /// Byte offset in that paragraph.
    #[serde(default)]
    pub offset: usize,
    /// Fingerprint of that paragraph's text (16 hex digits).
    #[serde(default)]
    pub fingerprint: String,
    /// When it was saved (RFC 3339).
    #[serde(default)]
    pub updated: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How far through its document the saved position is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressRecord {
    /// Percent through the text, 0–100 (by bytes, as the status line shows it).
    pub percent: u32,
    /// The scene of the position, 1-based.
    #[serde(default)]
    pub scene: usize,
    /// How many scenes the document has.
    #[serde(default)]
    pub scenes: usize,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Per-document reading settings: a book reopens as it was read. Every
/// field is optional (absent: the config's default), so a setting added
/// later (a `measure`, say) is one more optional field here, and older
/// emakis keep what they do not know in `extra`. Values are stored as
/// plain strings and numbers, never as enums, so a value an older emaki
/// does not know is ignored by it instead of making the file unreadable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsRecord {
    /// How ruby is shown: `above`, `inline` or `off`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruby: Option<String>,
    /// Vertical (縦書き) or horizontal text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vertical: Option<bool>,
    /// Full-width characters a line holds at most (0: the whole width).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<u16>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SettingsRecord {
    /// Set every field `other` sets (fields `other` leaves absent keep their
    /// value here). Works on the serialised form, so a field added to the
    /// struct is overlaid without a change here.
    pub fn overlay(&mut self, other: &SettingsRecord) {
        let (Ok(Value::Object(mut mine)), Ok(Value::Object(theirs))) =
            (serde_json::to_value(&*self), serde_json::to_value(other))
        else {
            return;
        };
        for (key, value) in theirs {
            if !value.is_null() {
                mine.insert(key, value);
            }
        }
        if let Ok(merged) = serde_json::from_value(Value::Object(mine)) {
            *self = merged;
        }
    }
}

/// The reading pace learned from this reader's paging, one figure per kind
/// of script (see [`crate::store::pace`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadingRecord {
    /// Japanese and Chinese text: characters read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cjk: Option<PaceRecord>,
    /// Latin-script text: words read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latin: Option<PaceRecord>,
    /// Ids of the last additions, newest last, so a change replayed twice
    /// (see the `ops` module) is counted once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent: Vec<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Units read (characters or words) in seconds of active reading.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PaceRecord {
    /// Characters (CJK) or words (Latin) passed while paging.
    #[serde(default)]
    pub units: u64,
    /// Seconds of active reading they took.
    #[serde(default)]
    pub seconds: u64,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One bookmarked paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookmarkRecord {
    /// 1-based paragraph number.
    pub paragraph: usize,
    /// Fingerprint of the paragraph's text (16 hex digits).
    pub fingerprint: String,
    /// The paragraph's first words, shown in lists and kept for orphans.
    #[serde(default)]
    pub excerpt: String,
    /// When it was added (RFC 3339).
    #[serde(default)]
    pub created: String,
    /// The reader's one-line note.
    #[serde(default)]
    pub note: Option<String>,
    /// Fingerprints of the paragraphs before and after it (`""` at the
    /// document's edges; absent in stores written before it was kept): a
    /// bookmark on text that occurs twice, or on a paragraph since edited,
    /// finds its place by its neighbours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<[String; 2]>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl BookmarkRecord {
    /// The identity of this bookmark within its document entry.
    pub fn key(&self) -> BookmarkKey {
        BookmarkKey { paragraph: self.paragraph, fingerprint: self.fingerprint.clone() }
    }
}

/// One highlighted byte range of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightRecord {
    /// 1-based paragraph number.
    pub paragraph: usize,
    /// Fingerprint of the paragraph's text (16 hex digits).
    pub fingerprint: String,
    /// Start byte offset in the paragraph.
    pub start: usize,
    /// End byte offset (exclusive), in `last_paragraph` when there is one.
    pub end: usize,
    /// The last paragraph (1-based) of a highlight that runs on past its
    /// first (two sentences across a paragraph break): `start` is in
    /// `paragraph`, `end` in this one, and `text` is the pieces joined by
    /// line feeds. Absent for a highlight inside one paragraph, as every
    /// older store has it (an older emaki finds such a highlight nowhere
    /// and keeps it as an orphan, never misplaced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_paragraph: Option<usize>,
    /// The highlighted text, used to find it again when the paragraph changed.
    pub text: String,
    /// Who said it, when known.
    #[serde(default)]
    pub speaker: Option<String>,
    /// When it was added (RFC 3339).
    #[serde(default)]
    pub created: String,
    /// The reader's one-line note, if any. Written only when there is one,
    /// so a store without notes reads the same to an older emaki.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Paragraphs a highlight may span at most: enough for any selection made
/// a sentence at a time, and a bound on how far back drawing looks for a
/// highlight that reaches into a paragraph.
pub const MAX_HIGHLIGHT_PARAGRAPHS: usize = 64;

impl HighlightRecord {
    /// The identity of this highlight within its document entry.
    pub fn key(&self) -> HighlightKey {
        HighlightKey {
            paragraph: self.paragraph,
            fingerprint: self.fingerprint.clone(),
            start: self.start,
            end: self.end,
            last_paragraph: self.last_paragraph,
        }
    }
}

/// What identifies a stored bookmark: its stored paragraph and fingerprint.
/// Inside one document entry there is at most one bookmark per paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BookmarkKey {
    /// Stored 1-based paragraph number.
    pub paragraph: usize,
    /// Stored fingerprint.
    pub fingerprint: String,
}

/// What identifies a stored highlight: its stored paragraph, fingerprint and range.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HighlightKey {
    /// Stored 1-based paragraph number.
    pub paragraph: usize,
    /// Stored fingerprint.
    pub fingerprint: String,
    /// Stored start byte offset.
    pub start: usize,
    /// Stored end byte offset.
    pub end: usize,
    /// Stored last paragraph of a highlight over several.
    pub last_paragraph: Option<usize>,
}

/// Why bytes could not be read as a store file.
#[derive(Debug, Error)]
pub enum FormatError {
    /// Not JSON at all (or not UTF-8).
    #[error("not valid JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    /// JSON, but without a numeric `version` at the top.
    #[error("no schema version")]
    NoVersion,
    /// A version this build has no migration from.
    #[error("unknown schema version {0}")]
    UnknownVersion(u64),
    /// JSON with the right version but the wrong shape.
    #[error("unexpected content: {0}")]
    Shape(#[source] serde_json::Error),
}

/// A successfully read store file.
#[derive(Debug)]
pub enum Decoded {
    /// A file of this version (after migration from an older one).
    Current(StoreFile),
    /// A file written by a newer emaki. It must not be rewritten by this one;
    /// its content is offered when it still fits this version's types.
    Newer {
        /// The version found in the file.
        version: u64,
        /// The file read with this version's types, if that worked.
        file: Option<StoreFile>,
    },
}

/// Read store bytes: parse, check the version, migrate, then map to types.
pub fn decode(bytes: &[u8]) -> Result<Decoded, FormatError> {
    let value: Value = serde_json::from_slice(bytes).map_err(FormatError::NotJson)?;
    let version = value.get("version").and_then(Value::as_u64).ok_or(FormatError::NoVersion)?;
    if version > VERSION {
        let file = serde_json::from_value(value).ok();
        return Ok(Decoded::Newer { version, file });
    }
    let value = migrate(value, version)?;
    serde_json::from_value(value).map(Decoded::Current).map_err(FormatError::Shape)
}

/// The migration hook: turn a file of an older `version` into the current
/// layout, one step at a time. Version 1 is the first, so there is nothing to
/// migrate yet; a future version 2 adds `1 => step_1_to_2(value)` here.
pub fn migrate(value: Value, version: u64) -> Result<Value, FormatError> {
    match version {
        VERSION => Ok(value),
        other => Err(FormatError::UnknownVersion(other)),
    }
}

/// The bytes written to disk: pretty JSON (people back it up and read it)
/// with a final newline. Serialising these types does not fail in practice
/// (every map key is a string), but an error is passed on rather than ever
/// writing an empty file.
pub fn encode(file: &StoreFile) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(file)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_survive_a_round_trip_at_every_level() {
        let text = r#"{
          "version": 1, "top": [1, 2],
          "documents": { "h": {
            "path": "/a", "title": "T", "opened": null, "doc_extra": {"x": true},
            "position": { "paragraph": 2, "offset": 3, "fingerprint": "f", "updated": "u", "pos_extra": 1 },
            "bookmarks": [ { "paragraph": 1, "fingerprint": "f", "excerpt": "e", "created": "c", "note": null, "colour": "red" } ],
            "highlights": [ { "paragraph": 1, "fingerprint": "f", "start": 0, "end": 3, "text": "t", "speaker": null, "created": "c", "tag": ["q"] } ]
          } }
        }"#;
        let Ok(Decoded::Current(file)) = decode(text.as_bytes()) else {
            panic!("should decode");
        };
        let again: Value = serde_json::from_slice(&encode(&file).unwrap()).unwrap();
        let doc = &again["documents"]["h"];
        assert_eq!(again["top"], serde_json::json!([1, 2]));
        assert_eq!(doc["doc_extra"], serde_json::json!({"x": true}));
        assert_eq!(doc["position"]["pos_extra"], 1);
        assert_eq!(doc["bookmarks"][0]["colour"], "red");
        assert_eq!(doc["highlights"][0]["tag"], serde_json::json!(["q"]));
    }

    #[test]
    fn versions_are_checked() {
        assert!(matches!(decode(b"{}"), Err(FormatError::NoVersion)));
        assert!(matches!(decode(b"{\"version\": 0}"), Err(FormatError::UnknownVersion(0))));
        assert!(matches!(decode(b"not json"), Err(FormatError::NotJson(_))));
        assert!(matches!(decode(b"{\"version\": 1, \"documents\": 5}"), Err(FormatError::Shape(_))));
        let newer = decode(b"{\"version\": 9, \"documents\": {}}").unwrap();
        assert!(matches!(newer, Decoded::Newer { version: 9, file: Some(_) }));
    }
}
