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

/// Cells of a scene title shown in a plain line before it is cut with `…`.
const TITLE_CELLS: usize = 16;

/// One match; also the JSON object's shape.
#[derive(Debug, Serialize)]
struct MatchRow<'a> {
    /// 1-based paragraph number.
    paragraph: usize,
    /// 1-based scene number.
    scene: usize,
    /// The scene's title (plain output only).
    #[serde(skip)]
    scene_title: &'a str,
    /// Byte range of the match within the paragraph.
    start: usize,
    end: usize,
    /// The matched original text.
    text: &'a str,
    /// The match with up to [`CONTEXT`] grapheme clusters either side, cut on
    /// cluster boundaries; a substring of the paragraph.
    context: &'a str,
    /// Where `context` starts in the paragraph (plain output only).
    #[serde(skip)]
    context_start: usize,
    /// Whether `context` stops short of the paragraph's start / end (plain
    /// output shows `…` there).
    #[serde(skip)]
    cut: (bool, bool),
}

/// Write every match of `query` in `doc` to `out` and return how many there
/// were. With `json`, a JSON array of `{paragraph, scene, start, end, text,
/// context}` (paragraph and scene 1-based, offsets in bytes within the
/// paragraph; `[]` when nothing matches); otherwise one line per match for a
/// person to read: the paragraph number, the scene's number and title, and
/// the match in brackets with up to twelve characters either side,
/// `11  [4 拡大会談]  …上海協力機構([SCO])の輪番議長国…` (`…` where the
/// paragraph goes on), and nothing at all when nothing matches. An empty
/// query is an error.
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
            let scene = scenes.scene_of(m.paragraph);
            MatchRow {
                paragraph: m.paragraph + 1,
                scene: scene + 1,
                scene_title: scenes.as_slice().get(scene).map_or("", |s| s.title.as_str()),
                start: m.range.start,
                end: m.range.end,
                text: &paragraph[m.range.clone()],
                context: &paragraph[before..after],
                context_start: before,
                cut: (before > 0, after < paragraph.len()),
            }
        })
        .collect();
    write_rows(&rows, json, out).context("cannot write the search results")?;
    Ok(rows.len())
}

/// One match as a person reads it (see [`run`]).
fn plain_line(row: &MatchRow<'_>) -> String {
    let (head, tail) = (if row.cut.0 { "…" } else { "" }, if row.cut.1 { "…" } else { "" });
    let (match_start, match_end) = (row.start - row.context_start, row.end - row.context_start);
    let (before, after) = (&row.context[..match_start], &row.context[match_end..]);
    let title = short_title(row.scene_title);
    let scene = if title.is_empty() { row.scene.to_string() } else { format!("{} {title}", row.scene) };
    format!("{}  [{scene}]  {head}{before}[{}]{after}{tail}", row.paragraph, row.text)
}

/// `title` cut to [`TITLE_CELLS`] cells, `…` taking the last one.
fn short_title(title: &str) -> String {
    use crate::engine::layout::{AmbiguousWidth, cluster_width};
    let widths: Vec<(&str, usize)> =
        title.graphemes(true).map(|c| (c, cluster_width(c, AmbiguousWidth::Narrow, 0, 1))).collect();
    if widths.iter().map(|(_, w)| w).sum::<usize>() <= TITLE_CELLS {
        return title.to_owned();
    }
    let mut used = 0;
    let mut out: String = widths
        .iter()
        .take_while(|(_, w)| {
            used += w;
            used < TITLE_CELLS
        })
        .map(|(c, _)| *c)
        .collect();
    out.push('…');
    out
}

fn write_rows(rows: &[MatchRow<'_>], json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, rows)?;
        writeln!(out)?;
    } else {
        for row in rows {
            writeln!(out, "{}", plain_line(row))?;
        }
    }
    out.flush()?;
    Ok(())
}
