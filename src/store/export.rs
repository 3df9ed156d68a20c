//! `--export`: a document's bookmarks and highlights as JSON or Markdown (pure).
//!
//! Paragraph and scene numbers are 1-based, as the reader shows them. Marks
//! whose text is no longer in the document (orphans) are listed in a separate
//! `orphans` array (JSON) or a final section (Markdown), so the `bookmarks` and
//! `highlights` arrays always point into the current text.

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::document::Document;
use crate::engine::scenes::Scenes;

use super::view::{Marks, OrphanKind};

#[derive(Serialize)]
struct JsonExport<'a> {
    document: JsonDocument<'a>,
    bookmarks: Vec<JsonBookmark<'a>>,
    highlights: Vec<JsonHighlight<'a>>,
    orphans: Vec<JsonOrphan<'a>>,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    title: &'a str,
    /// A book's authors; left out for texts that name none.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    authors: &'a [String],
    path: Option<&'a str>,
    hash: &'a str,
}

#[derive(Serialize)]
struct JsonBookmark<'a> {
    paragraph: usize,
    scene: usize,
    excerpt: &'a str,
    note: Option<&'a str>,
    created: &'a str,
}

#[derive(Serialize)]
struct JsonHighlight<'a> {
    paragraph: usize,
    scene: usize,
    speaker: Option<&'a str>,
    text: &'a str,
    start: usize,
    /// In `last_paragraph` when there is one.
    end: usize,
    /// The last paragraph of a highlight over several; left out for one
    /// inside a paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_paragraph: Option<usize>,
    created: &'a str,
    /// The reader's note; left out when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonOrphan<'a> {
    kind: &'static str,
    last_paragraph: usize,
    text: &'a str,
    note: Option<&'a str>,
    speaker: Option<&'a str>,
    created: &'a str,
}

/// The JSON export (pretty-printed, with a final newline):
/// `{ "document": { "title", "authors"?, "path", "hash" }, "bookmarks": [ {
/// "paragraph", "scene", "excerpt", "note", "created" } ], "highlights": [ {
/// "paragraph", "scene", "speaker", "text", "start", "end",
/// "last_paragraph"?, "created", "note"? } ], "orphans": [ { "kind",
/// "last_paragraph", "text", "note", "speaker", "created" } ] }`. `start`
/// and `end` are byte offsets in the paragraph (for a highlight over
/// several paragraphs, `end` is in its `last_paragraph`); `text` of an orphan is a bookmark's excerpt or a highlight's
/// text. Fields marked `?` appear only when there is something to say
/// (a book's authors, a highlight's note), so exports of texts without them
/// read as they always have.
pub fn export_json(scenes: &Scenes, marks: &Marks) -> String {
    let scene = |p: usize| scenes.scene_of(p) + 1;
    let export = JsonExport {
        document: JsonDocument {
            title: &marks.title,
            authors: &marks.authors,
            path: marks.path.as_deref(),
            hash: &marks.hash,
        },
        bookmarks: marks
            .bookmarks
            .iter()
            .map(|b| JsonBookmark {
                paragraph: b.paragraph + 1,
                scene: scene(b.paragraph),
                excerpt: &b.excerpt,
                note: b.note.as_deref(),
                created: &b.created,
            })
            .collect(),
        highlights: marks
            .highlights
            .iter()
            .map(|h| JsonHighlight {
                paragraph: h.paragraph + 1,
                scene: scene(h.paragraph),
                speaker: h.speaker.as_deref(),
                text: &h.text,
                start: h.range.start,
                end: h.range.end,
                last_paragraph: (h.last > h.paragraph).then_some(h.last + 1),
                created: &h.created,
                note: h.note.as_deref(),
            })
            .collect(),
        orphans: marks
            .orphans
            .iter()
            .map(|o| JsonOrphan {
                kind: kind_name(o.kind),
                last_paragraph: o.last_paragraph + 1,
                text: &o.text,
                note: o.note.as_deref(),
                speaker: o.speaker.as_deref(),
                created: &o.created,
            })
            .collect(),
    };
    // Plain structs of strings and numbers always serialise.
    let mut out = serde_json::to_string_pretty(&export).unwrap_or_default();
    out.push('\n');
    out
}

fn kind_name(kind: OrphanKind) -> &'static str {
    match kind {
        OrphanKind::Bookmark => "bookmark",
        OrphanKind::Highlight => "highlight",
    }
}

/// The Markdown export, ready to paste into notes: the title, then one
/// section per scene that has marks (`## 2 歓迎式典 Ceremony`); in it, in
/// paragraph order, each bookmarked paragraph quoted in full (`> `) under
/// `**¶ N**` and its note, and each highlight as a bullet with its speaker
/// and note — a quote with its brackets (`「黄金の30年」`). A book's authors
/// follow its title. Orphans close the export in their own section.
pub fn export_markdown(doc: &Document, scenes: &Scenes, marks: &Marks) -> String {
    let mut out = String::new();
    if marks.authors.is_empty() {
        let _ = writeln!(out, "# {}", escape(&marks.title));
    } else {
        let _ = writeln!(out, "# {} — {}", escape(&marks.title), escape(&marks.authors.join("・")));
    }
    if marks.bookmarks.is_empty() && marks.highlights.is_empty() && marks.orphans.is_empty() {
        out.push_str("\nNo bookmarks or highlights.\n");
        return out;
    }
    let mut paragraphs: Vec<usize> =
        marks.bookmarks.iter().map(|b| b.paragraph).chain(marks.highlights.iter().map(|h| h.paragraph)).collect();
    paragraphs.sort_unstable();
    paragraphs.dedup();
    let mut current_scene = None;
    let mut in_list = false;
    for p in paragraphs {
        let scene = scenes.scene_of(p);
        if current_scene != Some(scene) {
            current_scene = Some(scene);
            in_list = false;
            out.push('\n');
            out.push_str(&scene_heading(scenes, scene));
        }
        if let Some(b) = marks.bookmark_at(p) {
            let _ = write!(out, "\n**¶ {}**", p + 1);
            if let Some(note) = &b.note {
                let _ = write!(out, " — {}", escape(note));
            }
            // Marks come from this document; the excerpt only guards against
            // a caller mixing up documents.
            let text = if p < doc.paragraph_count() { doc.paragraph(p) } else { &b.excerpt };
            let _ = write!(out, "\n\n> {}\n", escape(text.trim_start()));
            in_list = false;
        }
        for h in marks.highlights_from(p) {
            if !in_list {
                out.push('\n');
                in_list = true;
            }
            let inside = h.last == p && p < doc.paragraph_count();
            let text = if inside { with_brackets(doc.paragraph(p), &h.range) } else { &h.text };
            let paragraphs =
                if h.last > p { format!("¶ {}–{}", p + 1, h.last + 1) } else { format!("¶ {}", p + 1) };
            let _ = write!(out, "- {}{} ({paragraphs})", escape(text), speaker_suffix(h.speaker.as_deref()));
            if let Some(note) = &h.note {
                let _ = write!(out, " — note: {}", escape(note));
            }
            out.push('\n');
        }
    }
    if !marks.orphans.is_empty() {
        out.push_str("\n## Orphaned marks\n\nTheir text is no longer in the document.\n\n");
        for o in &marks.orphans {
            let _ = write!(
                out,
                "- {}, was ¶ {}: {}{}",
                kind_name(o.kind),
                o.last_paragraph + 1,
                escape(&o.text),
                speaker_suffix(o.speaker.as_deref())
            );
            if let Some(note) = &o.note {
                let _ = write!(out, " — note: {}", escape(note));
            }
            out.push('\n');
        }
    }
    out
}

/// The text of `range` in `paragraph`, with the brackets around it when it
/// is the inside of a quote (a highlighted quote keeps its 「」 in the
/// export, as it does on screen).
fn with_brackets<'a>(paragraph: &'a str, range: &std::ops::Range<usize>) -> &'a str {
    let inner = paragraph.get(range.clone()).unwrap_or("");
    let before = paragraph.get(..range.start).and_then(|s| s.chars().next_back());
    let after = paragraph.get(range.end..).and_then(|s| s.chars().next());
    let pairs = [('「', '」'), ('『', '』'), ('“', '”'), ('｢', '｣'), ('（', '）'), ('〝', '〟')];
    match (before, after) {
        (Some(open), Some(close)) if pairs.contains(&(open, close)) => {
            &paragraph[range.start - open.len_utf8()..range.end + close.len_utf8()]
        }
        _ => inner,
    }
}

fn scene_heading(scenes: &Scenes, index: usize) -> String {
    match scenes.as_slice().get(index) {
        Some(scene) => {
            let mut heading = format!("## {} {}", index + 1, escape(&scene.title));
            if let Some(en) = &scene.title_en {
                heading.push(' ');
                heading.push_str(&escape(en));
            }
            heading.push('\n');
            heading
        }
        None => format!("## {}\n", index + 1),
    }
}

fn speaker_suffix(speaker: Option<&str>) -> String {
    speaker.map(|s| format!(" — {}", escape(s))).unwrap_or_default()
}

/// Escape what Markdown would otherwise interpret in a one-line text:
/// inline markup characters anywhere, block markers at the start.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    if text.starts_with(['#', '+', '-', '=']) {
        out.push('\\');
    }
    // `12.` or `3)` at the start would begin a numbered list.
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    let list_marker = (digits > 0 && text[digits..].starts_with(['.', ')'])).then_some(digits);
    for (i, c) in text.char_indices() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') || Some(i) == list_marker {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markdown_markup_in_text_is_escaped() {
        assert_eq!(escape("# 見出し"), "\\# 見出し");
        assert_eq!(escape("12. 項目"), "12\\. 項目");
        assert_eq!(escape("- 3) x"), "\\- 3) x");
        assert_eq!(escape("a*b*_c_ [x](y) <b>"), "a\\*b\\*\\_c\\_ \\[x\\](y) \\<b\\>");
        assert_eq!(escape("普通の文。"), "普通の文。");
    }
}
