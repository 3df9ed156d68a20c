//! The little of CSS a text reader needs: whether the book is set vertically
//! (`writing-mode`), what is never shown (`display: none`), emphasis dots
//! and side lines (`text-emphasis`, `text-decoration`), weight, slant and
//! alignment.
//!
//! Only rules whose selector is one compound selector (`p`, `.em-sesame`,
//! `strong.sesame_dot`, `#x`, `html.vrtl`) are kept: a rule with a
//! combinator (`nav ol`) is skipped rather than applied too widely, which
//! could hide or mark text the book shows plainly. Everything else in a
//! stylesheet (margins, fonts, `@font-face`, selectors with pseudo-classes)
//! is ignored.

use std::collections::HashMap;

use crate::engine::document::rich::{Align, DotKind, LineKind};

/// What the declarations of a rule (or a `style` attribute) say. `None`:
/// the rule says nothing about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Decl {
    /// `display: none` (`Some(false)` for any other display).
    pub hidden: Option<bool>,
    /// `writing-mode: vertical-*` (`Some(false)` for horizontal).
    pub vertical: Option<bool>,
    /// `text-emphasis-style`: `Some(None)` for `none`.
    pub emphasis: Option<Option<DotKind>>,
    /// `text-decoration` underline or overline: `Some(None)` for `none`.
    pub line: Option<Option<LineKind>>,
    /// `font-weight` bold (or 600 and more).
    pub bold: Option<bool>,
    /// `font-style` italic or oblique.
    pub italic: Option<bool>,
    /// `text-align`.
    pub align: Option<Align>,
}

impl Decl {
    /// Parse declarations (`display: none; color: red`).
    pub fn parse(text: &str) -> Decl {
        let mut decl = Decl::default();
        for item in text.split(';') {
            let Some((property, value)) = item.split_once(':') else { continue };
            let property = property.trim().to_ascii_lowercase();
            let value = value.trim().trim_end_matches("!important").trim().to_ascii_lowercase();
            decl.set(&property, &value);
        }
        decl
    }

    fn set(&mut self, property: &str, value: &str) {
        let unprefixed =
            property.strip_prefix("-epub-").or_else(|| property.strip_prefix("-webkit-")).unwrap_or(property);
        match unprefixed {
            "display" => self.hidden = Some(value == "none"),
            "writing-mode" => self.vertical = Some(value.starts_with("vertical") || value.starts_with("tb")),
            "text-emphasis" | "text-emphasis-style" => self.emphasis = Some(emphasis(value)),
            "text-decoration" | "text-decoration-line" => {
                let lined = value.split_whitespace().any(|w| w == "underline" || w == "overline");
                let kind = value.split_whitespace().find_map(line_kind).unwrap_or(LineKind::Solid);
                self.line = Some(lined.then_some(kind));
            }
            "font-weight" => {
                let bold = value == "bold" || value == "bolder" || value.parse::<u32>().is_ok_and(|w| w >= 600);
                self.bold = Some(bold);
            }
            "font-style" => self.italic = Some(value == "italic" || value.starts_with("oblique")),
            "text-align" => {
                self.align = Some(match value {
                    "center" => Align::Center,
                    "right" | "end" => Align::End { raise: 0 },
                    _ => Align::Start,
                })
            }
            _ => {}
        }
    }

    /// Whether the declarations say anything this reader uses.
    fn is_empty(&self) -> bool {
        *self == Decl::default()
    }

    /// `other` on top of `self` (a later or more specific rule).
    pub fn overlay(&mut self, other: &Decl) {
        macro_rules! take {
            ($($field:ident),*) => { $( if other.$field.is_some() { self.$field = other.$field; } )* };
        }
        take!(hidden, vertical, emphasis, line, bold, italic, align);
    }
}

/// The emphasis mark a `text-emphasis(-style)` value asks for.
fn emphasis(value: &str) -> Option<DotKind> {
    if value.is_empty() || value == "none" || value.starts_with("none ") {
        return None;
    }
    let open = value.split_whitespace().any(|w| w == "open");
    let shape = value.split_whitespace().find(|w| ["dot", "circle", "double-circle", "triangle", "sesame"].contains(w));
    Some(match (shape, open) {
        (Some("dot" | "circle"), false) => DotKind::Circle,
        (Some("dot" | "circle"), true) => DotKind::WhiteCircle,
        (Some("double-circle"), false) => DotKind::Fisheye,
        (Some("double-circle"), true) => DotKind::DoubleCircle,
        (Some("triangle"), false) => DotKind::Triangle,
        (Some("triangle"), true) => DotKind::WhiteTriangle,
        (_, true) => DotKind::WhiteSesame,
        // `sesame`, `filled`, a string: the sesame dot (vertical text's default).
        (_, false) => DotKind::Sesame,
    })
}

fn line_kind(word: &str) -> Option<LineKind> {
    match word {
        "double" => Some(LineKind::Double),
        "wavy" => Some(LineKind::Wavy),
        "dashed" | "dotted" => Some(LineKind::Dashed),
        _ => None,
    }
}

/// The emphasis a class name asks for by the conventions of Japanese
/// EPUB production (電書協: `em-sesame`, `em-dot-open`, `em-line-double`;
/// also `bouten`, `sesame_dot`), for books whose stylesheet is missing or
/// says it in a way not read here.
pub(super) fn class_emphasis(class: &str) -> Option<Decl> {
    let class = class.to_ascii_lowercase();
    let mut decl = Decl::default();
    if let Some(line) = class.strip_prefix("em-line") {
        let kind = line.trim_start_matches('-');
        decl.line =
            Some(Some(line_kind(kind).or((kind == "wave").then_some(LineKind::Wavy)).unwrap_or(LineKind::Solid)));
        return Some(decl);
    }
    let style = match class.strip_prefix("em-") {
        Some(rest) => {
            rest.replace("double-circle", "double_circle").replace('-', " ").replace("double_circle", "double-circle")
        }
        None if ["bouten", "boten", "sesame", "sesame_dot", "sesame-dot"].contains(&class.as_str()) => "sesame".into(),
        None => return None,
    };
    let known = ["dot", "circle", "double-circle", "triangle", "sesame", "filled", "open"];
    if !style.split_whitespace().all(|w| known.contains(&w)) {
        return None;
    }
    let kind = emphasis(&style)?;
    decl.emphasis = Some(Some(kind));
    Some(decl)
}

/// The subject a rule applies to: one compound selector.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
}

impl Compound {
    /// Parse `tag.class#id`; `None` for anything with a combinator, an
    /// attribute selector or a pseudo-class (`:root` counts as `html`).
    fn parse(selector: &str) -> Option<Compound> {
        let selector = selector.trim();
        if selector.is_empty() || selector.contains(|c: char| c.is_whitespace() || "[>+~(".contains(c)) {
            return None;
        }
        let selector = if selector.eq_ignore_ascii_case(":root") { "html" } else { selector };
        if selector.contains(':') {
            return None;
        }
        let mut compound = Compound { tag: None, id: None, classes: Vec::new() };
        let first = selector.find(['.', '#']).unwrap_or(selector.len());
        let tag = &selector[..first];
        if !tag.is_empty() && tag != "*" {
            compound.tag = Some(tag.rsplit('|').next().unwrap_or(tag).to_ascii_lowercase());
        }
        let mut rest = &selector[first..];
        while let Some(kind) = rest.chars().next() {
            let end = rest[1..].find(['.', '#']).map_or(rest.len(), |i| i + 1);
            let name = rest[1..end].to_owned();
            if name.is_empty() {
                return None;
            }
            if kind == '#' {
                compound.id = Some(name)
            } else {
                compound.classes.push(name)
            }
            rest = &rest[end..];
        }
        Some(compound)
    }

    fn specificity(&self) -> u32 {
        u32::from(self.id.is_some()) * 10_000 + self.classes.len() as u32 * 100 + u32::from(self.tag.is_some())
    }

    fn matches(&self, element: &Element<'_>) -> bool {
        self.tag.as_deref().is_none_or(|t| element.tag.eq_ignore_ascii_case(t))
            && self.id.as_deref().is_none_or(|id| element.id == Some(id))
            && self.classes.iter().all(|c| element.classes.split_ascii_whitespace().any(|e| e == c))
    }
}

/// What a selector is matched against.
#[derive(Debug, Clone, Copy)]
pub(super) struct Element<'e> {
    /// The local name, lowercase.
    pub tag: &'e str,
    /// The `id` attribute.
    pub id: Option<&'e str>,
    /// The `class` attribute, as written.
    pub classes: &'e str,
}

#[derive(Debug, Clone)]
struct Rule {
    subject: Compound,
    decl: Decl,
    /// Specificity, then source order: the cascade's order.
    rank: (u32, u32),
}

/// One parsed stylesheet: its rules, indexed by what their subject names.
#[derive(Debug, Default, Clone)]
pub(super) struct Stylesheet {
    rules: Vec<Rule>,
    by_class: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, Vec<usize>>,
    by_tag: HashMap<String, Vec<usize>>,
    universal: Vec<usize>,
    /// The `@import`ed stylesheets' URLs, as written.
    pub imports: Vec<String>,
}

impl Stylesheet {
    /// Parse a stylesheet. Never fails: what cannot be read is skipped.
    pub fn parse(text: &str) -> Stylesheet {
        let mut sheet = Stylesheet::default();
        let text = strip_comments(text);
        sheet.parse_block(&text, 0);
        sheet
    }

    fn parse_block(&mut self, mut text: &str, depth: u32) {
        loop {
            text = text.trim_start();
            if text.is_empty() {
                return;
            }
            if text.starts_with('@') {
                let brace = text.find('{');
                let semi = text.find(';');
                match (brace, semi) {
                    // `@import url(x.css);`, `@charset "utf-8";`
                    (b, Some(s)) if b.is_none_or(|b| s < b) => {
                        self.at_statement(&text[..s]);
                        text = &text[s + 1..];
                    }
                    (Some(b), _) => {
                        let close = matching_brace(text, b);
                        // `@media` and `@supports` hold rules; `@font-face`
                        // and `@page` hold none worth reading.
                        let name = text[1..b].split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                        if (name == "media" || name == "supports") && depth < 8 {
                            self.parse_block(&text[b + 1..close.unwrap_or(text.len())], depth + 1);
                        }
                        text = close.map_or("", |c| &text[c + 1..]);
                    }
                    _ => return,
                }
                continue;
            }
            let Some(open) = text.find('{') else { return };
            let close = text[open..].find('}').map_or(text.len(), |i| open + i);
            let decl = Decl::parse(&text[open + 1..close]);
            if !decl.is_empty() {
                for selector in text[..open].split(',') {
                    if let Some(subject) = Compound::parse(selector) {
                        self.add(subject, decl);
                    }
                }
            }
            text = &text[(close + 1).min(text.len())..];
        }
    }

    fn at_statement(&mut self, statement: &str) {
        let Some(rest) = statement.strip_prefix("@import") else { return };
        let rest = rest.trim();
        let url = rest.strip_prefix("url(").map_or(rest, |r| r.split(')').next().unwrap_or(""));
        let url = url.trim().trim_matches(['"', '\'']);
        let url = url.split(['"', '\'']).next().unwrap_or("");
        if !url.is_empty() {
            self.imports.push(url.to_owned());
        }
    }

    fn add(&mut self, subject: Compound, decl: Decl) {
        let index = self.rules.len();
        let list = if let Some(id) = &subject.id {
            self.by_id.entry(id.clone()).or_default()
        } else if let Some(class) = subject.classes.first() {
            self.by_class.entry(class.clone()).or_default()
        } else if let Some(tag) = &subject.tag {
            self.by_tag.entry(tag.clone()).or_default()
        } else {
            &mut self.universal
        };
        list.push(index);
        let rank = (subject.specificity(), index as u32);
        self.rules.push(Rule { subject, decl, rank });
    }

    /// Whether no rule could apply (an empty or unread stylesheet).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Whether some rule names an id.
    pub fn has_id_rules(&self) -> bool {
        !self.by_id.is_empty()
    }

    /// Whether some rule names this tag (lowercase) on its own, so that an
    /// element without class or id needs a look-up at all.
    pub fn has_tag_rules(&self, tag: &str) -> bool {
        !self.universal.is_empty() || self.by_tag.contains_key(tag)
    }

    /// The rules that apply to `element`, in cascade order, with the index
    /// of this sheet (later sheets win over earlier ones).
    fn matching<'s>(&'s self, element: &Element<'_>, sheet: u32, out: &mut Vec<((u32, u32, u32), &'s Decl)>) {
        let mut push = |indices: &[usize]| {
            for &i in indices {
                let rule = &self.rules[i];
                if rule.subject.matches(element) {
                    out.push(((rule.rank.0, sheet, rule.rank.1), &rule.decl));
                }
            }
        };
        if let Some(id) = element.id
            && let Some(list) = self.by_id.get(id)
        {
            push(list);
        }
        for class in element.classes.split_ascii_whitespace() {
            if let Some(list) = self.by_class.get(class) {
                push(list);
            }
        }
        if let Some(list) = self.by_tag.get(element.tag) {
            push(list);
        }
        push(&self.universal);
    }
}

/// The declarations that apply to `element` from `sheets` (in order),
/// cascaded: more specific, then later, wins.
pub(super) fn cascade<'s>(sheets: impl Iterator<Item = &'s Stylesheet>, element: &Element<'_>) -> Decl {
    let mut found = Vec::new();
    for (i, sheet) in sheets.enumerate() {
        sheet.matching(element, i as u32, &mut found);
    }
    found.sort_by_key(|(rank, _)| *rank);
    // The same rule can be found twice (two classes of one subject).
    found.dedup_by_key(|(rank, _)| *rank);
    let mut decl = Decl::default();
    for (_, d) in found {
        decl.overlay(d);
    }
    decl
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// Where the `}` matching the `{` at `open` is, if it is there.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0u32;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element<'e>(tag: &'e str, classes: &'e str) -> Element<'e> {
        Element { tag, id: None, classes }
    }

    #[test]
    fn kusamakura_rules_are_read() {
        let css = "@charset \"utf-8\";\n@font-face { font-family:'foobar'; src: url(x.ttf); }\n\
                   html { -epub-writing-mode: vertical-rl; }\n/* strong { display: none } */\n\
                   strong.sesame_dot { font-weight: normal; -epub-text-emphasis-style: sesame; }\n\
                   del.hidden { display: none; }\n.main_text > p { text-indent: 1em; }\np.author { text-align: right }";
        let sheet = Stylesheet::parse(css);
        let get = |tag, classes| cascade(std::iter::once(&sheet), &element(tag, classes));
        assert_eq!(get("html", "").vertical, Some(true));
        let strong = get("strong", "sesame_dot");
        assert_eq!(strong.emphasis, Some(Some(DotKind::Sesame)));
        assert_eq!(strong.bold, Some(false));
        assert_eq!(get("strong", "").hidden, None, "commented out");
        assert_eq!(get("del", "hidden x").hidden, Some(true));
        assert_eq!(get("span", "hidden").hidden, None, "the rule is for del only");
        assert_eq!(get("p", "author").align, Some(Align::End { raise: 0 }));
        assert_eq!(get("p", "").align, None, "combinator rules are skipped");
    }

    #[test]
    fn the_cascade_orders_by_specificity_then_source_order() {
        let sheet = Stylesheet::parse(
            ".a.b { display: none } .a { display: block } .a { display: inline } p { display: none }",
        );
        let get = |tag, classes| cascade(std::iter::once(&sheet), &element(tag, classes));
        assert_eq!(get("span", "a b").hidden, Some(true));
        assert_eq!(get("span", "a").hidden, Some(false));
        assert_eq!(get("p", "a").hidden, Some(false), "a class beats a tag");
        let later = Stylesheet::parse(".a { display: none }");
        assert_eq!(cascade([&sheet, &later].into_iter(), &element("span", "a")).hidden, Some(true));
    }

    #[test]
    fn media_blocks_and_imports_are_read_and_garbage_is_skipped() {
        let sheet = Stylesheet::parse(
            "@import url(\"base.css\");@media screen { .x { display:none } } .y { writing-mode: vertical-rl } }}{ ;; .z { display: none",
        );
        assert_eq!(sheet.imports, ["base.css"]);
        assert_eq!(cascade(std::iter::once(&sheet), &element("b", "x")).hidden, Some(true));
        assert_eq!(cascade(std::iter::once(&sheet), &element("b", "y")).vertical, Some(true));
        // An unclosed block ending in a multi-byte character.
        let unclosed = Stylesheet::parse("@media screen { .x { content: \"日\" } 日");
        assert!(unclosed.is_empty());
    }

    #[test]
    fn emphasis_values_and_class_conventions_map_to_marks() {
        assert_eq!(Decl::parse("text-emphasis: open circle red").emphasis, Some(Some(DotKind::WhiteCircle)));
        assert_eq!(Decl::parse("-webkit-text-emphasis-style: filled").emphasis, Some(Some(DotKind::Sesame)));
        assert_eq!(Decl::parse("text-emphasis-style: none").emphasis, Some(None));
        assert_eq!(class_emphasis("em-sesame").and_then(|d| d.emphasis), Some(Some(DotKind::Sesame)));
        assert_eq!(class_emphasis("em-dot-open").and_then(|d| d.emphasis), Some(Some(DotKind::WhiteCircle)));
        assert_eq!(class_emphasis("em-line-double").and_then(|d| d.line), Some(Some(LineKind::Double)));
        assert_eq!(class_emphasis("bouten").and_then(|d| d.emphasis), Some(Some(DotKind::Sesame)));
        assert_eq!(class_emphasis("chapter"), None);
        assert_eq!(class_emphasis("em-bold"), None);
        assert_eq!(class_emphasis("em-double-circle").and_then(|d| d.emphasis), Some(Some(DotKind::Fisheye)));
        assert_eq!(Decl::parse("text-decoration: underline wavy").line, Some(Some(LineKind::Wavy)));
        assert_eq!(Decl::parse("font-weight: 700; font-style: italic").bold, Some(true));
    }
}
