//! `emaki --quotes [--json]`: every quoted span of the document, in document
//! order, with its scene and, where the text states it, its speaker.

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::engine::document::Document;
use crate::engine::quotes::find_quotes;
use crate::engine::scenes::Scenes;
use crate::engine::speakers::SpeakerRules;

/// One line of the listing; also the JSON object's shape.
#[derive(Debug, Serialize)]
struct QuoteRow<'a> {
    /// 1-based paragraph number.
    paragraph: usize,
    /// 1-based scene number.
    scene: usize,
    speaker: Option<&'a str>,
    /// The quoted text, without brackets.
    text: &'a str,
    /// Byte offsets of `text` within the paragraph.
    start: usize,
    end: usize,
    unclosed: bool,
}

/// Write every quote of `doc` to `out`: with `json`, a JSON array of
/// `{paragraph, scene, speaker, text, start, end, unclosed}` (paragraph and
/// scene 1-based, offsets in bytes within the paragraph); otherwise one line
/// per quote, `6  [3] 習近平: 黄金の30年`, with `(unclosed)` after a quote that
/// is never closed. Nested quotes are listed after the quote holding them.
/// Speakers come from the rules in force ([`SpeakerRules::active`]: the
/// built-in ones, with the user's speakers when the command line installed
/// them).
pub fn run(doc: &Document, scenes: &Scenes, json: bool, out: &mut dyn Write) -> Result<()> {
    let rules = SpeakerRules::active();
    let mut rows = Vec::new();
    for (p, paragraph) in doc.paragraphs().enumerate() {
        let quotes = find_quotes(paragraph);
        if quotes.is_empty() {
            continue;
        }
        let speaker = rules.speaker_of(paragraph);
        rows.extend(quotes.into_iter().map(|q| QuoteRow {
            paragraph: p + 1,
            scene: scenes.scene_of(p) + 1,
            speaker,
            text: &paragraph[q.inner.clone()],
            start: q.inner.start,
            end: q.inner.end,
            unclosed: q.unclosed,
        }));
    }
    write_rows(&rows, json, out).context("cannot write the quote list")
}

fn write_rows(rows: &[QuoteRow<'_>], json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, rows)?;
        writeln!(out)?;
    } else {
        for row in rows {
            write!(out, "{}  [{}] ", row.paragraph, row.scene)?;
            if let Some(speaker) = row.speaker {
                write!(out, "{speaker}: ")?;
            }
            write!(out, "{}", row.text)?;
            if row.unclosed {
                write!(out, "  (unclosed)")?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
