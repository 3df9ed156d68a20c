//! The library outside the reader: `emaki --library [--json]` lists every
//! document read, `emaki --continue` (`-c`) opens the one read last; and,
//! inside it, opening what the `L` list asks for.
//!
//! Both commands only read the store, as `--export` does: nothing is
//! created, locked or written.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::interactive::{Start, source_of};
use super::reader::{Loader, Opener};
use crate::app::App;
use crate::app::words::{Language, relative_day};
use crate::store::library::{LibraryEntry, Location};
use crate::store::{Store, StoreOptions};

/// Load what the library asks for with `open` and put it in `app`; a large
/// file gives the loader of its whole text, for the caller to run. A file
/// that cannot be read leaves the open document, with a message.
pub fn open_in_reader(app: &mut App, path: Option<&Path>, open: Opener<'_>) -> Option<Loader> {
    match open(path) {
        Ok(Start::Ready(loaded, scenes)) => {
            let source = source_of(&loaded);
            app.open_document(loaded.doc, source, scenes, loaded.notices);
            None
        }
        Ok(Start::Staged { head, scenes, total_bytes, rest }) => {
            let source = source_of(&head);
            app.open_document_head(head.doc, source, scenes, total_bytes);
            Some(rest)
        }
        Err(e) => {
            app.open_failed(&format!("{e:#}"));
            None
        }
    }
}

/// The store, read only; an unreadable one is an error (an empty list
/// would look like "nothing read yet").
fn read_store() -> Result<Store> {
    let store = Store::open_read_only(StoreOptions::default());
    if let Some(warning) = store.warning() {
        anyhow::bail!("cannot read the library: {warning}");
    }
    Ok(store)
}

/// What `emaki --continue` opens: the most recently opened document whose
/// file is still there (`None`: the built-in article, also when the library
/// is empty or holds nothing that can be opened again).
pub fn continue_target() -> Result<Option<PathBuf>> {
    Ok(continue_from(&read_store()?.library()))
}

/// [`continue_target`] from a library.
pub fn continue_from(entries: &[LibraryEntry]) -> Option<PathBuf> {
    entries.iter().find_map(|e| match &e.location {
        Location::File(path) if !e.missing => Some(Some(path.clone())),
        Location::Embedded => Some(None),
        _ => None,
    })?
}

/// `emaki --library [--json]`: the library on `out`.
pub fn run(json: bool, out: &mut dyn Write) -> Result<()> {
    let mut store = read_store()?;
    let entries = store.library();
    let now = store.clock().now();
    let language = Language::from_env();
    if json { write_json(&entries, now, language, out) } else { write_table(&entries, now, language, out) }
        .context("cannot write the library")
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    title: &'a str,
    authors: &'a [String],
    format: &'a str,
    path: Option<&'a str>,
    missing: bool,
    hash: &'a str,
    progress: Option<JsonProgress>,
    opened: Option<&'a str>,
    opened_relative: Option<String>,
    bookmarks: usize,
    highlights: usize,
}

#[derive(Serialize)]
struct JsonProgress {
    percent: u8,
    scene: Option<usize>,
    scenes: Option<usize>,
}

/// The JSON form: an array, most recently opened first, of `{ "title",
/// "authors", "format", "path", "missing", "hash", "progress": { "percent",
/// "scene", "scenes" } or null, "opened" (RFC 3339, UTC), "opened_relative",
/// "bookmarks", "highlights" }`. `path` is null for standard input, and the
/// built-in article's name for it.
pub fn write_json(
    entries: &[LibraryEntry],
    now: std::time::SystemTime,
    language: Language,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rows: Vec<JsonEntry<'_>> = entries
        .iter()
        .map(|e| JsonEntry {
            title: &e.title,
            authors: &e.authors,
            format: &e.format,
            path: e.path.as_deref(),
            missing: e.missing,
            hash: &e.hash,
            progress: e.percent.map(|percent| JsonProgress {
                percent,
                scene: e.scene.map(|s| s.0),
                scenes: e.scene.map(|s| s.1),
            }),
            opened: e.opened.as_deref(),
            opened_relative: e.opened_time().map(|t| relative_day(t, now, language)),
            bookmarks: e.bookmarks,
            highlights: e.highlights,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}

/// The plain form: a header, then one line a document, most recently opened
/// first: percent, scene, last opened, bookmarks, highlights, format, title
/// (and author), path. Nothing at all for an empty library.
pub fn write_table(
    entries: &[LibraryEntry],
    now: std::time::SystemTime,
    language: Language,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let opened: Vec<String> = entries
        .iter()
        .map(|e| e.opened_time().map(|t| relative_day(t, now, language)).unwrap_or_else(|| "-".into()))
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    let width = |s: &str| crate::ui::cells::text_width(s, Default::default());
    let opened_w = opened.iter().map(|o| width(o)).max().unwrap_or(0).max("opened".len());
    writeln!(out, "{:>4}  {:>7}  {:<opened_w$}  bookmarks  highlights  format  title  path", "%", "scene", "opened")?;
    for (e, opened) in entries.iter().zip(&opened) {
        let percent = e.percent.map_or("-".to_owned(), |p| format!("{p}%"));
        let scene = e.scene.map_or("-".to_owned(), |(s, n)| format!("{s}/{n}"));
        let pad = opened_w - width(opened);
        let author = if e.authors.is_empty() { String::new() } else { format!("  {}", e.author_line()) };
        let path = if e.missing { format!("{} (missing)", e.place()) } else { e.place() };
        writeln!(
            out,
            "{percent:>4}  {scene:>7}  {opened}{}  {:>9}  {:>10}  {:<6}  {}{author}  {path}",
            " ".repeat(pad),
            e.bookmarks,
            e.highlights,
            e.format,
            e.title
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(location: Location, missing: bool) -> LibraryEntry {
        LibraryEntry {
            hash: "h".into(),
            title: "t".into(),
            authors: Vec::new(),
            format: "text".into(),
            location,
            path: None,
            opened: None,
            percent: None,
            scene: None,
            bookmarks: 0,
            highlights: 0,
            missing,
        }
    }

    #[test]
    fn continue_skips_what_cannot_be_opened() {
        let gone = entry(Location::File("/gone.txt".into()), true);
        let here = entry(Location::File("/here.txt".into()), false);
        let stdin = entry(Location::StandardInput, false);
        assert_eq!(continue_from(&[stdin.clone(), gone.clone(), here]), Some(PathBuf::from("/here.txt")));
        assert_eq!(continue_from(&[gone.clone(), entry(Location::Embedded, false)]), None);
        assert_eq!(continue_from(&[]), None);
        assert_eq!(continue_from(&[gone, stdin]), None);
    }
}
