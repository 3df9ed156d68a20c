//! Chapter rules kept as data (`assets/chapters.toml`): lines that are
//! plainly chapter titles (`第一章`, `序章`, `一` alone between blank lines)
//! and scene breaks (`＊＊＊`), for books without headings or a table of
//! contents.
//!
//! Only short paragraphs are looked at (`max_chars`), so a 100 MB text costs
//! one pass over its paragraph table and a regular-expression match on the
//! few lines short enough to be titles.

use regex::RegexSet;
use serde::Deserialize;

use crate::engine::document::Document;

/// The chapter rules built into emaki.
pub const EMBEDDED_CHAPTER_RULES: &str = include_str!("../../../assets/chapters.toml");

/// What a paragraph that matches a chapter rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A chapter title: the scene is titled with it.
    Title,
    /// A scene break: the scene is titled with the line after it.
    Break,
}

/// Compiled chapter rules.
#[derive(Debug, Clone)]
pub struct ChapterRules {
    titles: RegexSet,
    alone: Vec<bool>,
    breaks: RegexSet,
    max_chars: usize,
    min_matches: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    max_chars: usize,
    min_matches: usize,
    #[serde(default)]
    title: Vec<RawTitle>,
    #[serde(default, rename = "break")]
    breaks: Vec<RawBreak>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    pattern: String,
    #[serde(default)]
    alone: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreak {
    pattern: String,
}

/// A chapter rule file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("chapter rules: {0}")]
pub struct ChapterRulesError(String);

impl ChapterRules {
    /// The rules built into emaki (a unit test parses them, so this cannot
    /// fail at run time).
    pub fn embedded() -> Self {
        Self::parse(EMBEDDED_CHAPTER_RULES).expect("the embedded chapter rules are valid")
    }

    /// The built-in rules, compiled once for the process.
    pub fn embedded_ref() -> &'static Self {
        static RULES: std::sync::OnceLock<ChapterRules> = std::sync::OnceLock::new();
        RULES.get_or_init(Self::embedded)
    }

    /// Whether `line` (trimmed) is a chapter title by a rule that needs no
    /// blank lines around it (`第一回　…`, `序章`, `Chapter 3`).
    pub fn is_title_line(&self, line: &str) -> bool {
        line.chars().count() <= self.max_chars && self.titles.matches(line).iter().any(|i| !self.alone[i])
    }

    /// Parse a rule file.
    pub fn parse(text: &str) -> Result<Self, ChapterRulesError> {
        let raw: RawRules = toml::from_str(text).map_err(|e| ChapterRulesError(e.message().to_owned()))?;
        let titles = RegexSet::new(raw.title.iter().map(|t| t.pattern.as_str()))
            .map_err(|e| ChapterRulesError(e.to_string()))?;
        let breaks = RegexSet::new(raw.breaks.iter().map(|b| b.pattern.as_str()))
            .map_err(|e| ChapterRulesError(e.to_string()))?;
        Ok(ChapterRules {
            titles,
            alone: raw.title.iter().map(|t| t.alone).collect(),
            breaks,
            max_chars: raw.max_chars,
            min_matches: raw.min_matches.max(1),
        })
    }

    /// The paragraphs of `doc` that are chapter titles or scene breaks, in
    /// order, or nothing when fewer than `min_matches` are.
    pub fn markers(&self, doc: &Document) -> Vec<(usize, Marker)> {
        let count = doc.paragraph_count();
        let mut found = Vec::new();
        for (p, text) in doc.paragraphs().enumerate() {
            // Cheap length test first: bytes bound characters from above.
            if text.len() > self.max_chars * 4 {
                continue;
            }
            let line = text.trim_matches(|c: char| c.is_whitespace());
            if line.is_empty() || line.chars().count() > self.max_chars {
                continue;
            }
            if self.breaks.is_match(line) {
                found.push((p, Marker::Break));
                continue;
            }
            let matched = self.titles.matches(line);
            if !matched.matched_any() {
                continue;
            }
            let set_apart = || {
                let before = p == 0 || doc.rich().is_after_blank(p);
                let after = p + 1 >= count || doc.rich().is_after_blank(p + 1);
                before && after
            };
            if matched.iter().any(|i| !self.alone[i]) || set_apart() {
                found.push((p, Marker::Title));
            }
        }
        if found.len() < self.min_matches {
            found.clear();
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(text: &str) -> Vec<(usize, Marker)> {
        ChapterRules::embedded().markers(&Document::from_text(text).unwrap())
    }

    #[test]
    fn the_embedded_rules_parse() {
        let _ = ChapterRules::embedded();
    }

    #[test]
    fn numbered_and_named_chapters_are_titles() {
        let text = "序章\n本文。\n第一章　出会い\n本文。\n第2回\n本文。\n第三話\n本文。\n終章\n本文。\n";
        let found: Vec<usize> = markers(text).iter().map(|m| m.0).collect();
        assert_eq!(found, [0, 2, 4, 6, 8]);
    }

    #[test]
    fn a_bare_numeral_counts_only_between_blank_lines() {
        assert_eq!(markers("一\n\n本文。\n\n二\n\n本文。\n").len(), 2);
        assert!(markers("一\n本文。\n二\n本文。\n").is_empty(), "numbers in running text are not titles");
    }

    #[test]
    fn scene_breaks_are_found_and_one_stray_match_is_not_structure() {
        let found = markers("本文。\n＊＊＊\n続き。\n◇　◇　◇\n終わり。\n");
        assert_eq!(found, [(1, Marker::Break), (3, Marker::Break)]);
        assert!(markers("第一章\n本文だけ。\n").is_empty(), "one match is below min_matches");
        assert!(
            markers("第一章で彼は言った、長い長い長い長い長い長い長い長い長い長い長い長い長い文章。\n第二章\n").len()
                < 2
        );
    }
}
