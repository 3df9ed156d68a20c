//! Headings that open scenes when the scene rules do not apply.
//!
//! Two kinds are recognised:
//!
//! - Markdown ATX headings of level 1 and 2 (`# Title`, `## Title ##`), up to
//!   three spaces of indent, outside fenced code blocks. Deeper levels are
//!   sub-sections, too fine to be scenes.
//! - Aozora Bunko heading annotations, at any level (大/中/小見出し, also
//!   同行 and 窓 headings): `［＃「一」は中見出し］` titled by the quoted text,
//!   `［＃中見出し］一［＃中見出し終わり］` titled by the enclosed text, and
//!   `［＃ここから中見出し］` titled by the next paragraph. Annotations in a
//!   paragraph starting with `（例）` are examples in Aozora's front matter
//!   and are ignored.

use memchr::memmem;

use super::TITLE_CHARS;
use crate::engine::document::{Document, short_title};

/// A heading: the paragraph it is on and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The paragraph (0-based).
    pub paragraph: usize,
    /// The heading's text, markup removed and cut to [`TITLE_CHARS`].
    pub title: String,
}

/// Every heading in `doc`, in paragraph order, at most one a paragraph.
///
/// Markdown headings are found by looking at the start of each paragraph, Aozora
/// ones by one `memmem` pass for `見出し］` over the text.
pub fn find_headings(doc: &Document) -> Vec<Heading> {
    let mut found = markdown_headings(doc);
    found.extend(aozora_headings(doc));
    found.sort_by_key(|h| h.paragraph);
    found.dedup_by_key(|h| h.paragraph);
    found
}

fn markdown_headings(doc: &Document) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut fence: Option<&str> = None;
    for (paragraph, text) in doc.paragraphs().enumerate() {
        let indent = text.len() - text.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let line = &text[indent..];
        for marker in ["```", "~~~"] {
            if line.starts_with(marker) {
                fence = match fence {
                    None => Some(marker),
                    Some(open) if open == marker => None,
                    other => other,
                };
            }
        }
        if fence.is_some() || !line.starts_with('#') {
            continue;
        }
        if let Some(title) = markdown_title(line) {
            found.push(Heading { paragraph, title });
        }
    }
    found
}

/// The title of a level 1 or 2 ATX heading line, if `line` is one.
fn markdown_title(line: &str) -> Option<String> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=2).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut title = rest.trim();
    // An optional closing sequence of `#`s, preceded by a space.
    let without_closing = title.trim_end_matches('#');
    if without_closing.len() < title.len() && (without_closing.is_empty() || without_closing.ends_with([' ', '\t'])) {
        title = without_closing.trim_end();
    }
    (!title.is_empty()).then(|| short_title(title, TITLE_CHARS))
}

const OPEN: &str = "［＃";
const CLOSE: &str = "］";
const MARK: &str = "見出し］";

fn aozora_headings(doc: &Document) -> Vec<Heading> {
    let text = doc.text();
    let mut found: Vec<Heading> = Vec::new();
    for offset in memmem::find_iter(text.as_bytes(), MARK.as_bytes()) {
        let Some(paragraph) = doc.paragraph_at_offset(offset) else {
            break;
        };
        if found.last().is_some_and(|h| h.paragraph == paragraph) {
            continue;
        }
        let range = doc.paragraph_range(paragraph);
        if !range.contains(&offset) {
            continue;
        }
        let para = &text[range.clone()];
        if para.trim_start().starts_with("（例）") {
            continue;
        }
        let next = (paragraph + 1 < doc.paragraph_count()).then(|| doc.paragraph(paragraph + 1));
        if let Some(title) = aozora_title(para, offset - range.start, next) {
            found.push(Heading { paragraph, title });
        }
    }
    found
}

/// The title of the Aozora heading annotation whose `見出し］` is at byte `at`
/// of `para`, if the annotation is a heading.
fn aozora_title(para: &str, at: usize, next_paragraph: Option<&str>) -> Option<String> {
    let open = para[..at].rfind(OPEN)?;
    let inside = &para[open + OPEN.len()..at];
    let end = at + MARK.len();
    let raw = if let Some(quoted) = inside.strip_prefix('「') {
        // ［＃「一」は中見出し］
        let (title, kind) = quoted.rsplit_once("」は")?;
        if !is_heading_kind(kind) {
            return None;
        }
        title.to_owned()
    } else if let Some(kind) = inside.strip_prefix("ここから") {
        // ［＃ここから中見出し］, the title on the following line(s).
        if !is_heading_kind(kind) {
            return None;
        }
        let after = strip_markup(&para[end..]);
        if after.trim().is_empty() { strip_markup(next_paragraph?) } else { after }
    } else {
        // ［＃中見出し］一［＃中見出し終わり］
        if !is_heading_kind(inside) {
            return None;
        }
        let rest = &para[end..];
        let title_end = rest.find(OPEN).unwrap_or(rest.len());
        rest[..title_end].to_owned()
    };
    let title = strip_markup(&raw);
    let title = title.trim_matches(|c: char| c.is_whitespace());
    (!title.is_empty()).then(|| short_title(title, TITLE_CHARS))
}

/// `大`, `中`, `小`, optionally after `同行` or `窓`.
fn is_heading_kind(kind: &str) -> bool {
    let level = kind.strip_prefix("同行").or_else(|| kind.strip_prefix("窓")).unwrap_or(kind);
    matches!(level, "大" | "中" | "小")
}

/// `text` without Aozora annotations (`［＃…］`), ruby (`《…》`) and ruby
/// start marks (`｜`).
pub(super) fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with(OPEN) {
            match rest.find(CLOSE) {
                Some(close) => rest = &rest[close + CLOSE.len()..],
                None => break,
            }
            continue;
        }
        if c == '《' {
            match rest.find('》') {
                Some(close) => rest = &rest['》'.len_utf8() + close..],
                None => break,
            }
            continue;
        }
        if c != '｜' {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(text: &str) -> Vec<(usize, String)> {
        let doc = Document::from_text(text).unwrap();
        find_headings(&doc).into_iter().map(|h| (h.paragraph, h.title)).collect()
    }

    #[test]
    fn markdown_levels_one_and_two_are_headings() {
        assert_eq!(markdown_title("# 題"), Some("題".into()));
        assert_eq!(markdown_title("## 題 ##"), Some("題".into()));
        assert_eq!(markdown_title("## C#"), Some("C#".into()));
        assert_eq!(markdown_title("### 題"), None);
        assert_eq!(markdown_title("#題"), None);
        assert_eq!(markdown_title("#"), None);
        assert_eq!(markdown_title("# #"), None);
    }

    #[test]
    fn markdown_headings_in_code_fences_are_not_headings() {
        let text = "# 一\n```sh\n# comment\n```\n  ## 二\n    # indented code\n";
        assert_eq!(headings(text), [(0, "一".into()), (4, "二".into())]);
    }

    #[test]
    fn aozora_quoted_headings_are_titled_by_the_quote() {
        let text = "題名\n［＃８字下げ］一［＃「一」は中見出し］\n本文\n［＃「第二章　別れ」は大見出し］\n";
        assert_eq!(headings(text), [(1, "一".into()), (3, "第二章　別れ".into())]);
    }

    #[test]
    fn aozora_enclosed_and_block_headings_are_found() {
        let text = "［＃小見出し］三《さん》［＃小見出し終わり］\n本文\n［＃ここから窓中見出し］\n｜四章《よんしょう》\n［＃ここで窓中見出し終わり］\n";
        assert_eq!(headings(text), [(0, "三".into()), (2, "四章".into())]);
    }

    #[test]
    fn other_annotations_and_examples_are_not_headings() {
        let text = "（例）［＃「一」は中見出し］\n新聞の見出し］ではない\n［＃「傍点」に傍点］\n［＃「x」は見出し］\n";
        assert!(headings(text).is_empty(), "{:?}", headings(text));
    }

    #[test]
    fn markup_is_stripped_from_titles() {
        assert_eq!(strip_markup("｜仮令《たとい》［＃注］です"), "仮令です");
        assert_eq!(strip_markup("未完《の"), "未完");
    }
}
