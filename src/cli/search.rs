//! `emaki --search QUERY [--json]`: every match of a query, matched without
//! regard to full-width/half-width forms or case (see [`crate::engine::search`]).

use std::io::Write;
use std::ops::ControlFlow;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::engine::document::Document;
use crate::engine::scenes::Scenes;
use crate::engine::search::{Query, search_document};

/// Grapheme clusters of context shown on each side of a match.
const CONTEXT: usize = 12;

/// One match; also the JSON object's shape.
#[derive(Debug, Serialize)]
struct MatchRow<'a> {
    /// 1-based paragraph number.
    paragraph: usize,
    /// 1-based scene number.
    scene: usize,
    /// Byte range of the match within the paragraph.
    start: usize,
    end: usize,
    /// The matched original text.
    text: &'a str,
    /// The match with up to [`CONTEXT`] grapheme clusters either side, cut on
    /// cluster boundaries; a substring of the paragraph.
    context: &'a str,
    /// Whether `context` stops short of the paragraph's start / end (plain
    /// output shows `…` there).
    #[serde(skip)]
    cut: (bool, bool),
}

/// Write every match of `query` in `doc` to `out` and return how many there
/// were. With `json`, a JSON array of `{paragraph, scene, start, end, text,
/// context}` (paragraph and scene 1-based, offsets in bytes within the
/// paragraph; `[]` when nothing matches); otherwise one line per match,
/// `11  [4]  45..48  …海協力機構(SCO)の輪番議長国…`, and nothing at all when
/// nothing matches. An empty query is an error.
///
/// Suggested exit status, as `grep` does: 0 with matches, 1 without, 2 on error.
pub fn run(doc: &Document, scenes: &Scenes, query: &str, json: bool, out: &mut dyn Write) -> Result<usize> {
    let Some(compiled) = Query::new(query) else {
        bail!("the search query is empty");
    };
    let matches = search_document(doc, &compiled, &mut |_, _| ControlFlow::Continue(()))?;
    let rows: Vec<MatchRow<'_>> = matches
        .iter()
        .map(|m| {
            let paragraph = doc.paragraph(m.paragraph);
            let before = paragraph[..m.range.start]
                .grapheme_indices(true)
                .rev()
                .take(CONTEXT)
                .last()
                .map_or(m.range.start, |(i, _)| i);
            let after = paragraph[m.range.end..]
                .grapheme_indices(true)
                .nth(CONTEXT)
                .map_or(paragraph.len(), |(i, _)| m.range.end + i);
            MatchRow {
                paragraph: m.paragraph + 1,
                scene: scenes.scene_of(m.paragraph) + 1,
                start: m.range.start,
                end: m.range.end,
                text: &paragraph[m.range.clone()],
                context: &paragraph[before..after],
                cut: (before > 0, after < paragraph.len()),
            }
        })
        .collect();
    write_rows(&rows, json, out).context("cannot write the search results")?;
    Ok(rows.len())
}

fn write_rows(rows: &[MatchRow<'_>], json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, rows)?;
        writeln!(out)?;
    } else {
        for row in rows {
            let (head, tail) = (if row.cut.0 { "…" } else { "" }, if row.cut.1 { "…" } else { "" });
            writeln!(
                out,
                "{}  [{}]  {}..{}  {head}{}{tail}",
                row.paragraph, row.scene, row.start, row.end, row.context
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
