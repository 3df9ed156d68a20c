//! `--scenes` and `--scenes-file`: loading scene rules and listing scenes.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::engine::document::Document;
use crate::engine::scenes::{SceneRules, SceneSource, Scenes};

/// The scene rules: from `path` when given (`--scenes-file`), else the
/// built-in ones. Errors name the file, and the line when it is a rule error.
pub fn load_scene_rules(path: Option<&Path>) -> Result<SceneRules> {
    let Some(path) = path else {
        return Ok(SceneRules::embedded());
    };
    let name = path.display().to_string();
    let text = super::input::read_text_file(path)?;
    Ok(SceneRules::parse(&text, &name)?)
}

/// The scenes of `doc`, and a notice when rules the user chose
/// (`rules_file`) did not apply, saying how far they got.
pub fn detect_scenes(doc: &Document, rules: &SceneRules, rules_file: Option<&Path>) -> (Scenes, Option<String>) {
    let scenes = Scenes::detect(doc, rules);
    let notice = match rules_file {
        Some(file) if scenes.source() != SceneSource::Rules && !doc.is_empty() => {
            let why = match rules.max_paragraphs() {
                Some(max) if doc.paragraph_count() > max => {
                    format!("the text has {} paragraphs, max_paragraphs is {max}", doc.paragraph_count())
                }
                _ => format!(
                    "{} of {} matched in order, min_matches is {}",
                    rules.best_chain(doc).len(),
                    rules.rules().len(),
                    rules.min_matches()
                ),
            };
            Some(format!("the rules in {} did not apply: {why}", file.display()))
        }
        _ => None,
    };
    (scenes, notice)
}

/// One scene as `--scenes --json` writes it (paragraphs 1-based, inclusive).
#[derive(Debug, Serialize)]
struct SceneRow<'a> {
    number: usize,
    id: &'a str,
    title: &'a str,
    title_en: Option<&'a str>,
    first_paragraph: usize,
    last_paragraph: usize,
    /// The table of contents level; written for books only (see
    /// [`write_scenes_json`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<u8>,
}

fn rows(scenes: &Scenes, levels: bool) -> impl Iterator<Item = SceneRow<'_>> {
    scenes.as_slice().iter().enumerate().map(move |(i, s)| SceneRow {
        number: i + 1,
        id: &s.id,
        title: &s.title,
        title_en: s.title_en.as_deref(),
        first_paragraph: s.first + 1,
        last_paragraph: s.last + 1,
        level: levels.then(|| scenes.level(i)),
    })
}

/// A book's `--scenes --json`: what it says about itself, and its scenes.
#[derive(Debug, Serialize)]
struct BookScenes<'a> {
    title: Option<&'a str>,
    authors: &'a [String],
    language: Option<&'a str>,
    format: crate::engine::document::rich::Format,
    vertical: bool,
    scenes: Vec<SceneRow<'a>>,
}

/// Write the scenes as JSON (pretty-printed, ending with a newline): an
/// array of scenes for a text that says nothing about itself (the article,
/// plain text: the shape scripts have always read), and for a book with
/// metadata (Aozora, EPUB) an object with its title, authors, language,
/// format, writing direction and `scenes`, each with its `level`.
pub fn write_scenes_json(out: &mut impl Write, doc: &Document, scenes: &Scenes) -> io::Result<()> {
    let meta = doc.metadata();
    if meta.is_empty() {
        let rows: Vec<SceneRow> = rows(scenes, false).collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
    } else {
        let book = BookScenes {
            title: meta.title.as_deref(),
            authors: &meta.authors,
            language: meta.language.as_deref(),
            format: meta.format,
            vertical: meta.vertical,
            scenes: rows(scenes, true).collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &book)?;
    }
    writeln!(out)
}

/// Write the scenes as a table: number, paragraphs, id, titles. The titles
/// come last so wide characters cannot misalign the columns.
pub fn write_scenes_table(out: &mut impl Write, scenes: &Scenes) -> io::Result<()> {
    if scenes.is_empty() {
        return Ok(());
    }
    let ranges: Vec<String> = rows(scenes, false)
        .map(|r| match r.first_paragraph == r.last_paragraph {
            true => r.first_paragraph.to_string(),
            false => format!("{}-{}", r.first_paragraph, r.last_paragraph),
        })
        .collect();
    let number_w = scenes.len().to_string().len().max(1);
    let range_w = ranges.iter().map(String::len).max().unwrap_or(0).max("paragraphs".len());
    let id_w = scenes.as_slice().iter().map(|s| s.id.chars().count()).max().unwrap_or(0).max(2);
    writeln!(out, "{:>number_w$}  {:<range_w$}  {:<id_w$}  title", "#", "paragraphs", "id")?;
    for (row, range) in rows(scenes, false).zip(&ranges) {
        let title = match row.title_en {
            Some(en) => format!("{} / {en}", row.title),
            None => row.title.to_owned(),
        };
        writeln!(out, "{:>number_w$}  {range:<range_w$}  {:<id_w$}  {title}", row.number, row.id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article_scenes() -> Scenes {
        let doc = Document::from_text(crate::EMBEDDED_ARTICLE).unwrap();
        Scenes::detect(&doc, &SceneRules::embedded())
    }

    #[test]
    fn the_table_lists_every_scene() {
        let mut out = Vec::new();
        write_scenes_table(&mut out, &article_scenes()).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "#  paragraphs  id           title");
        assert_eq!(lines[1], "1  1-2         arrival      到着 / Arrival");
        assert_eq!(lines[5], "5  13          signing      署名 / Signing");
        assert_eq!(lines.len(), 7);
    }

    #[test]
    fn a_book_gets_an_object_with_its_metadata_and_levels() {
        use crate::engine::document::builder::DocumentBuilder;
        use crate::engine::document::rich::{Block, Format};
        let mut b = DocumentBuilder::new();
        b.metadata_mut().title = Some("草枕".into());
        b.metadata_mut().authors = vec!["夏目漱石".into()];
        b.metadata_mut().format = Format::Epub;
        b.toc_entry(1, "一");
        b.push_str("山路を登りながら、こう考えた。");
        b.end_paragraph(Block::default());
        let doc = b.finish().unwrap();
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        let mut out = Vec::new();
        write_scenes_json(&mut out, &doc, &scenes).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["title"], "草枕");
        assert_eq!(value["authors"][0], "夏目漱石");
        assert_eq!(value["format"], "epub");
        assert_eq!(value["scenes"][0]["title"], "一");
        assert_eq!(value["scenes"][0]["level"], 1);
    }

    #[test]
    fn json_rows_are_one_based() {
        let mut out = Vec::new();
        let doc = Document::from_text(crate::EMBEDDED_ARTICLE).unwrap();
        write_scenes_json(&mut out, &doc, &article_scenes()).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value[3]["id"], "broad-talks");
        assert_eq!(value[3]["first_paragraph"], 8);
        assert_eq!(value[3]["last_paragraph"], 12);
        assert_eq!(value[3]["number"], 4);
    }

    #[test]
    fn a_missing_rule_file_is_named() {
        let err = load_scene_rules(Some(Path::new("/nonexistent/rules.toml"))).unwrap_err();
        assert_eq!(err.to_string(), "/nonexistent/rules.toml: no such file");
    }
}
