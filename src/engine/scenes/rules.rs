//! Scene rules kept as data: parsing `assets/scenes.toml` (or a user's file)
//! and matching the rules against a document.
//!
//! Semantics (the file's own comment says the same for its readers):
//! a paragraph matches a rule when it contains one of the rule's cues; scenes
//! open in the rules' order, each at a matching paragraph after the previous
//! opening; rules that cannot open a scene in that order are skipped; among
//! all ways to match, the one opening the most scenes wins, preferring
//! earlier rules and earlier openings; the rules apply only when at least
//! `min_matches` of them open a scene, and only to documents of at most
//! `max_paragraphs` paragraphs when the file sets it.
//!
//! Matching costs one `memmem` pass over the text per cue, then work that
//! depends only on the number of matches and rules, never on the text size.

use memchr::memmem;
use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use crate::engine::document::Document;

/// The rules built into emaki.
pub const EMBEDDED_RULES: &str = include_str!("../../../assets/scenes.toml");

/// The name the embedded rules go by in error messages.
pub const EMBEDDED_RULES_NAME: &str = "assets/scenes.toml";

/// A rule file that cannot be used, with the place of the problem.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}{}: {message}", location(*.line, *.column))]
pub struct RulesError {
    /// The file's name as given by the caller.
    pub file: String,
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the problem, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    }
}

/// One scene rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SceneRule {
    /// The scene's id (`arrival`): ASCII letters, digits, `-` and `_`.
    pub id: String,
    /// The Japanese title.
    pub title: String,
    /// The English title, if any.
    pub title_en: Option<String>,
    /// Phrases whose presence in a paragraph opens the scene.
    pub cues: Vec<String>,
}

/// A validated set of scene rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SceneRules {
    rules: Vec<SceneRule>,
    min_matches: usize,
    max_paragraphs: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    min_matches: Spanned<usize>,
    max_paragraphs: Option<Spanned<usize>>,
    #[serde(rename = "scene")]
    scenes: Spanned<Vec<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: Spanned<String>,
    title_en: Option<Spanned<String>>,
    cues: Spanned<Vec<Spanned<String>>>,
}

impl SceneRules {
    /// The rules built into emaki (`assets/scenes.toml`).
    pub fn embedded() -> Self {
        // A unit test parses the embedded file, so this cannot fail at run time.
        Self::parse(EMBEDDED_RULES, EMBEDDED_RULES_NAME).expect("the embedded scene rules are valid")
    }

    /// Parse and validate a rule file; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, RulesError> {
        let error = |span: Option<std::ops::Range<usize>>, message: String| {
            let (line, column) = match span {
                Some(span) => {
                    let (line, column) = line_column(text, span.start);
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            RulesError { file: file.to_owned(), line, column, message }
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| error(e.span(), e.message().trim().to_owned()))?;
        let count = raw.scenes.get_ref().len();
        if count == 0 {
            return Err(error(Some(raw.scenes.span()), "no [[scene]] rules".into()));
        }
        let min = *raw.min_matches.get_ref();
        if min == 0 || min > count {
            return Err(error(
                Some(raw.min_matches.span()),
                format!("min_matches must be between 1 and the number of rules ({count}), not {min}"),
            ));
        }
        if let Some(max) = &raw.max_paragraphs
            && *max.get_ref() == 0
        {
            return Err(error(Some(max.span()), "max_paragraphs must be at least 1".into()));
        }
        let max_paragraphs = raw.max_paragraphs.map(Spanned::into_inner);
        let mut rules: Vec<SceneRule> = Vec::with_capacity(count);
        for raw_rule in raw.scenes.into_inner() {
            let id = raw_rule.id.get_ref().trim();
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return Err(error(
                    Some(raw_rule.id.span()),
                    format!("id '{id}' must be ASCII letters, digits, '-' or '_'"),
                ));
            }
            if rules.iter().any(|r| r.id == id) {
                return Err(error(Some(raw_rule.id.span()), format!("id '{id}' is used twice")));
            }
            let title = checked_text(&raw_rule.title, "title").map_err(|(s, m)| error(Some(s), m))?;
            let title_en = match &raw_rule.title_en {
                Some(t) => Some(checked_text(t, "title_en").map_err(|(s, m)| error(Some(s), m))?),
                None => None,
            };
            if raw_rule.cues.get_ref().is_empty() {
                return Err(error(Some(raw_rule.cues.span()), format!("rule '{id}' has no cues")));
            }
            let mut cues = Vec::with_capacity(raw_rule.cues.get_ref().len());
            for cue in raw_rule.cues.get_ref() {
                cues.push(checked_text(cue, "cue").map_err(|(s, m)| error(Some(s), m))?);
            }
            rules.push(SceneRule { id: id.to_owned(), title, title_en, cues });
        }
        Ok(SceneRules { rules, min_matches: min, max_paragraphs })
    }

    /// The rules, in scene order.
    pub fn rules(&self) -> &[SceneRule] {
        &self.rules
    }

    /// How many rules must open a scene for the rules to apply.
    pub fn min_matches(&self) -> usize {
        self.min_matches
    }

    /// The longest document, in paragraphs, the rules apply to (`None`: any).
    pub fn max_paragraphs(&self) -> Option<usize> {
        self.max_paragraphs
    }

    /// The scenes' openings in `doc` as `(rule index, paragraph)` pairs, in
    /// order, or `None` when the document is longer than
    /// [`SceneRules::max_paragraphs`] or fewer than
    /// [`SceneRules::min_matches`] rules open a scene.
    pub fn openings(&self, doc: &Document) -> Option<Vec<(usize, usize)>> {
        if self.max_paragraphs.is_some_and(|max| doc.paragraph_count() > max) {
            return None;
        }
        let chosen = self.best_chain(doc);
        (chosen.len() >= self.min_matches).then_some(chosen)
    }

    /// The best in-order openings in `doc` as `(rule index, paragraph)`
    /// pairs, however few: what [`SceneRules::openings`] uses before the
    /// threshold, and what explains why rules did not apply.
    pub fn best_chain(&self, doc: &Document) -> Vec<(usize, usize)> {
        let matches: Vec<Vec<usize>> = self.rules.iter().map(|r| matching_paragraphs(doc, &r.cues)).collect();
        longest_chain(&matches)
    }
}

/// A title or cue trimmed, non-empty, on one line, without control characters.
fn checked_text(value: &Spanned<String>, what: &str) -> Result<String, (std::ops::Range<usize>, String)> {
    let text = value.get_ref().trim();
    if text.is_empty() {
        return Err((value.span(), format!("{what} is empty")));
    }
    if text.chars().any(char::is_control) {
        return Err((value.span(), format!("{what} '{}' contains a control character", text.escape_debug())));
    }
    Ok(text.to_owned())
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The paragraphs (0-based, sorted, without repeats) containing any of `cues`.
fn matching_paragraphs(doc: &Document, cues: &[String]) -> Vec<usize> {
    let text = doc.text();
    let mut found = Vec::new();
    for cue in cues {
        let finder = memmem::Finder::new(cue.as_bytes());
        let mut last = None;
        for offset in finder.find_iter(text.as_bytes()) {
            let Some(p) = doc.paragraph_at_offset(offset) else {
                break;
            };
            // A match outside every paragraph (in a byte order mark) is no match.
            if last != Some(p) && doc.paragraph_range(p).contains(&offset) {
                found.push(p);
                last = Some(p);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// The best way to open scenes in rule order: `matches[i]` lists the
/// paragraphs where rule `i` matches. Returns `(rule, paragraph)` pairs with
/// rules and paragraphs strictly increasing, as many as possible; ties go to
/// earlier rules, and each opening is the earliest the rest allows.
///
/// Let `best(i, p)` be the most rules among `i..` that can open scenes after
/// paragraph `p`. It never grows with `p`, so it is described by `n - i`
/// thresholds: `reach[i][k]` is the last `p` with `best(i, p) >= k`. Taking
/// rule `i` at its first match after `p` is always at least as good as a later
/// match, which gives the recurrence below. Cost: O(n² log m) for `n` rules
/// and `m` matches.
fn longest_chain(matches: &[Vec<usize>]) -> Vec<(usize, usize)> {
    const NEVER: i64 = i64::MIN;
    let n = matches.len();
    // Paragraph positions as i64, -1 meaning "before the first paragraph".
    let mut reach = vec![vec![NEVER; n + 2]; n + 1];
    for row in &mut reach {
        row[0] = i64::MAX;
    }
    for i in (0..n).rev() {
        for k in 1..=n - i {
            let mut best = reach[i + 1][k];
            let limit = reach[i + 1][k - 1];
            if limit != NEVER {
                // The last match of rule i at or before `limit`.
                let idx = matches[i].partition_point(|&q| (q as i64) <= limit);
                if idx > 0 {
                    best = best.max(matches[i][idx - 1] as i64 - 1);
                }
            }
            reach[i][k] = best;
        }
    }
    let best = |i: usize, p: i64| (1..=n - i).take_while(|&k| reach[i][k] >= p).count();
    let mut chain = Vec::new();
    let mut p: i64 = -1;
    for (i, rule_matches) in matches.iter().enumerate() {
        let here = best(i, p);
        if here == 0 {
            break;
        }
        let idx = rule_matches.partition_point(|&q| (q as i64) <= p);
        if let Some(&q) = rule_matches.get(idx)
            && 1 + best(i + 1, q as i64) == here
        {
            chain.push((i, q));
            p = q as i64;
        }
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
min_matches = 2

[[scene]]
id = "a"
title = "甲"
cues = ["甲"]

[[scene]]
id = "b"
title = "乙"
title_en = "B"
cues = ["乙", "おつ"]

[[scene]]
id = "c"
title = "丙"
cues = ["丙"]
"#;

    fn openings(rules: &str, text: &str) -> Option<Vec<(usize, usize)>> {
        let rules = SceneRules::parse(rules, "test.toml").unwrap();
        rules.openings(&Document::from_text(text).unwrap())
    }

    #[test]
    fn the_embedded_rules_parse() {
        let rules = SceneRules::embedded();
        assert_eq!(rules.rules().len(), 6);
        assert_eq!(rules.min_matches(), 3);
        assert_eq!(rules.max_paragraphs(), Some(300));
        assert_eq!(rules.rules()[0].id, "arrival");
        assert_eq!(rules.rules()[5].title_en.as_deref(), Some("Banquet"));
    }

    #[test]
    fn scenes_open_in_rule_order_after_the_previous_opening() {
        // 乙 in paragraph 0 comes before 甲 opens, so it is passed over.
        assert_eq!(openings(SMALL, "乙\n甲\n乙\n丙\n"), Some(vec![(0, 1), (1, 2), (2, 3)]));
        // Any cue of a rule opens it.
        assert_eq!(openings(SMALL, "甲\nおつ\n丙\n"), Some(vec![(0, 0), (1, 1), (2, 2)]));
    }

    #[test]
    fn a_rule_that_cannot_open_in_order_is_skipped() {
        assert_eq!(openings(SMALL, "前\n甲\n丙\n"), Some(vec![(0, 1), (2, 2)]));
    }

    #[test]
    fn a_late_stray_cue_does_not_swallow_the_later_rules() {
        // Greedy matching would open 甲 at paragraph 3 and lose 乙 and 丙.
        assert_eq!(openings(SMALL, "前\n乙\n丙\n甲\n"), Some(vec![(1, 1), (2, 2)]));
    }

    #[test]
    fn two_rules_cannot_open_in_the_same_paragraph() {
        assert_eq!(openings(SMALL, "甲乙丙\n"), None);
        assert_eq!(openings(SMALL, "甲乙\n乙丙\n"), Some(vec![(0, 0), (1, 1)]));
    }

    #[test]
    fn rules_do_not_apply_to_documents_longer_than_max_paragraphs() {
        let rules = format!("max_paragraphs = 3\n{SMALL}");
        assert_eq!(openings(&rules, "甲\n乙\n丙\n"), Some(vec![(0, 0), (1, 1), (2, 2)]));
        assert_eq!(openings(&rules, "甲\n乙\n丙\n丁\n"), None);
        let err = SceneRules::parse(&format!("max_paragraphs = 0\n{SMALL}"), "m.toml").unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (Some(1), "max_paragraphs must be at least 1"));
    }

    #[test]
    fn too_few_matches_means_the_rules_do_not_apply() {
        assert_eq!(openings(SMALL, "甲\n何も\n"), None);
        assert_eq!(openings(SMALL, ""), None);
    }

    #[test]
    fn longest_chain_prefers_more_rules_then_earlier_ones() {
        assert_eq!(longest_chain(&[vec![5], vec![3]]), vec![(0, 5)]);
        assert_eq!(longest_chain(&[vec![1, 4], vec![2, 6], vec![3]]), vec![(0, 1), (1, 2), (2, 3)]);
        assert_eq!(longest_chain(&[vec![9], vec![1], vec![2], vec![]]), vec![(1, 1), (2, 2)]);
        assert_eq!(longest_chain(&[]), vec![]);
    }

    #[test]
    fn longest_chain_agrees_with_brute_force() {
        // Every subset of rules, each taken greedily: the exhaustive answer.
        fn brute(matches: &[Vec<usize>]) -> usize {
            let n = matches.len();
            (0u32..1 << n)
                .filter_map(|mask| {
                    let mut p: i64 = -1;
                    for (_, m) in matches.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0) {
                        p = *m.iter().find(|&&q| q as i64 > p)? as i64;
                    }
                    Some(mask.count_ones() as usize)
                })
                .max()
                .unwrap_or(0)
        }
        let mut seed = 12345u64;
        let mut next = move |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound) as usize
        };
        for _ in 0..500 {
            let n = 1 + next(6);
            let matches: Vec<Vec<usize>> = (0..n)
                .map(|_| {
                    let mut m: Vec<usize> = (0..next(4)).map(|_| next(10)).collect();
                    m.sort_unstable();
                    m.dedup();
                    m
                })
                .collect();
            let chain = longest_chain(&matches);
            assert_eq!(chain.len(), brute(&matches), "{matches:?} gave {chain:?}");
            assert!(chain.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
            assert!(chain.iter().all(|&(i, p)| matches[i].contains(&p)));
        }
    }

    fn parse_err(text: &str) -> RulesError {
        SceneRules::parse(text, "mine.toml").unwrap_err()
    }

    #[test]
    fn syntax_errors_name_the_file_and_line() {
        let err = parse_err("min_matches = 1\n[[scene]]\nid = \"a\n");
        assert_eq!(err.file, "mine.toml");
        assert_eq!(err.line, Some(3));
        assert!(err.to_string().starts_with("mine.toml:3:"), "{err}");
    }

    #[test]
    fn unknown_fields_are_refused_with_their_line() {
        let err = parse_err("min_matches = 1\n[[scene]]\nid = \"a\"\ntitle = \"t\"\ncue = [\"x\"]\n");
        assert_eq!(err.line, Some(5), "{err}");
        assert!(err.message.contains("unknown field"), "{err}");
    }

    #[test]
    fn invalid_values_are_refused_with_their_line() {
        let base = "min_matches = 1\n[[scene]]\nid = \"a\"\ntitle = \"t\"\n";
        let err = parse_err(&format!("{base}cues = []\n"));
        assert_eq!((err.line, err.message.as_str()), (Some(5), "rule 'a' has no cues"));
        let err = parse_err(&format!("{base}cues = [\"x\", \"  \"]\n"));
        assert_eq!((err.line, err.message.as_str()), (Some(5), "cue is empty"));
        let err = parse_err(&format!("{base}cues = [\"x\"]\n[[scene]]\nid = \"a\"\ntitle = \"u\"\ncues = [\"y\"]\n"));
        assert_eq!((err.line, err.message.as_str()), (Some(7), "id 'a' is used twice"));
        let err = parse_err("min_matches = 1\n[[scene]]\nid = \"a b\"\ntitle = \"t\"\ncues = [\"x\"]\n");
        assert_eq!(err.line, Some(3), "{err}");
        let err = parse_err("min_matches = 2\n[[scene]]\nid = \"a\"\ntitle = \"t\"\ncues = [\"x\"]\n");
        assert_eq!(err.line, Some(1), "{err}");
        assert!(err.message.contains("min_matches"), "{err}");
        let err = parse_err("min_matches = 1\n");
        assert!(err.message.contains("scene"), "{err}");
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\n日本x", 9), (2, 3));
        assert_eq!(line_column("ab", 0), (1, 1));
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
