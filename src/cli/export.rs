//! `emaki --export json|markdown [PATH]`: the bookmarks and highlights kept
//! for a document, read from the store without changing it.

use std::io::Write;

use anyhow::{Context, Result};

use super::args::ExportFormat;
use super::input::LoadedDocument;
use crate::engine::scenes::Scenes;
use crate::store::{Store, StoreOptions, export};

/// Write the export of `loaded`'s marks to `out`. Store notices (a corrupt
/// file set aside, an unusable data directory) go to standard error.
pub fn run(loaded: &LoadedDocument, scenes: &Scenes, format: ExportFormat, out: &mut dyn Write) -> Result<()> {
    let mut store = Store::open(StoreOptions::default());
    let path = loaded.store_path();
    let marks = store.peek(&loaded.doc, path.as_deref(), &loaded.doc.title(40));
    for notice in store.take_notices() {
        super::warn(&notice);
    }
    if let Some(warning) = store.warning() {
        super::warn(warning);
    }
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
