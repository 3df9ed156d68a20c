//! `emaki --export json|markdown [PATH]`: the bookmarks and highlights kept
//! for a document, read from the store without changing it.

use std::io::Write;

use anyhow::{Context, Result};

use super::args::ExportFormat;
use super::input::LoadedDocument;
use crate::engine::scenes::Scenes;
use crate::store::{Store, StoreOptions, export};

/// Write the export of `loaded`'s marks to `out`. The store is only read:
/// nothing is created, locked, set aside or written; a store that cannot be
/// read is an error (an empty export would look like "no marks").
pub fn run(loaded: &LoadedDocument, scenes: &Scenes, format: ExportFormat, out: &mut dyn Write) -> Result<()> {
    let mut store = Store::open_read_only(StoreOptions::default());
    if let Some(warning) = store.warning() {
        anyhow::bail!("cannot export: {warning}");
    }
    let path = loaded.store_path();
    let mut marks = store.peek(&loaded.doc, path.as_deref(), &loaded.doc.title(40));
    // The document exported is the one named now: two files with the same
    // text share one entry in the store, which remembers the last path.
    marks.path = path.map(|p| p.display().to_string());
    let text = match format {
        ExportFormat::Json => export::export_json(scenes, &marks),
        ExportFormat::Markdown => export::export_markdown(&loaded.doc, scenes, &marks),
    };
    out.write_all(text.as_bytes()).context("cannot write the export")?;
    if !text.ends_with('\n') {
        out.write_all(b"\n").context("cannot write the export")?;
    }
    Ok(())
}
