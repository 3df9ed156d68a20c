//! One XHTML content document into the document builder: block elements
//! become paragraphs, headings headings, ruby ruby, emphasis styles; images
//! and scene breaks become marks; what is never shown (`head`, `script`,
//! `display: none`) is left out. White space collapses as CSS Text says.
//!
//! Decisions where the markup leaves a choice:
//! - `em` is 傍点 (sesame dots) in a Japanese book and italic otherwise;
//!   `strong`/`b` are bold, `i`/`cite` italic, `u` a side line; a class
//!   or CSS rule asking for `text-emphasis` or a 電書協 class (`em-sesame`,
//!   `em-line`) overrides that.
//! - `img` and `svg` become `［図：alt］` (`［図］` without alt text) styled
//!   [`Style::Note`]; `hr` becomes a centred `＊　＊　＊` paragraph.
//! - A table row is one paragraph, its cells separated by `｜` (a note).
//! - `blockquote` and `dd` indent their paragraphs by one full-width
//!   character a level; `pre` keeps its spaces and line ends.
//! - An empty `p` holding a `br` (the usual blank line of Japanese books)
//!   is a blank line before the next paragraph.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::archive;
use super::css::{self, Decl, Element, Stylesheet};
use super::markup::{self, Gap, Token, Tokenizer, collapse};
use crate::engine::document::builder::DocumentBuilder;
use crate::engine::document::rich::{Align, Block, DotKind, LineKind, Style};

/// What a document is converted with.
pub(super) struct Context<'c> {
    /// The book's stylesheets by entry path, for `link` elements.
    pub sheets: &'c HashMap<String, Arc<Stylesheet>>,
    /// This document's entry path (links are relative to it).
    pub path: &'c str,
    /// The book is in Japanese: a bare `em` is sesame dots.
    pub japanese: bool,
    /// The ids whose paragraphs are wanted (targets of the table of
    /// contents); other ids are not recorded.
    pub wanted: Option<&'c HashSet<String>>,
}

/// What converting a document found besides text.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// Wanted ids and the paragraph each is in (or the next one).
    pub ids: Vec<(String, usize)>,
    /// Headings `h1`–`h3`: paragraph, level, title.
    pub headings: Vec<(usize, u8, String)>,
    /// The document's `title`.
    pub title: Option<String>,
}

/// The mark an image leaves.
const FIGURE: &str = "図";
/// The paragraph an `hr` becomes.
const SCENE_BREAK: &str = "＊　＊　＊";
/// Between the cells of a table row.
const CELL_SEPARATOR: &str = "｜";

/// Convert the decoded document `text` into `b`, closing its last paragraph.
pub(super) fn convert(text: &str, cx: &Context<'_>, b: &mut DocumentBuilder, found: &mut Found) {
    let mut converter = Converter {
        cx,
        b,
        found,
        sheets: Vec::new(),
        stack: Vec::new(),
        hidden: 0,
        pre: 0,
        pre_start: false,
        buf: String::new(),
        gap: Gap::None,
        last: None,
        lazy_starts: 0,
        ruby: None,
        saw_break: false,
    };
    let mut tokens = Tokenizer::new(text);
    while let Some(token) = tokens.next_token() {
        match token {
            Token::Start(tag) => converter.start(&tag, &mut tokens),
            Token::End(name) => converter.end(name),
            Token::Text(text) => converter.text(&text),
        }
    }
    while !converter.stack.is_empty() {
        converter.pop();
    }
    converter.close_paragraph(None);
}

/// An open element.
#[derive(Debug)]
struct Frame {
    /// Local name, lowercase.
    name: Name,
    /// Ends the open paragraph where it starts and ends.
    block: bool,
    /// Its content is never shown.
    hides: bool,
    /// Styles over its content, with where each starts (`None` until its
    /// first character, so no style begins with a collapsed space).
    styles: Vec<(Style, Option<usize>)>,
    /// Block attributes it gives the paragraphs inside it.
    align: Option<Align>,
    heading: u8,
    indent: u8,
    /// Cells so far (a table row).
    cells: u16,
}

/// Ruby being read: bases (from `rb` elements or the text before each
/// `rt`) paired in order with the readings of the `rt` elements.
#[derive(Debug, Default)]
struct RubyState {
    /// Where the base text not in an `rb` starts.
    base_from: usize,
    /// Bases not yet given a reading, and how many have one.
    bases: Vec<std::ops::Range<usize>>,
    paired: usize,
    rb_start: Option<usize>,
    /// The reading being collected (inside `rt`).
    reading: Option<String>,
}

struct Converter<'c, 'x> {
    cx: &'x Context<'c>,
    b: &'x mut DocumentBuilder,
    found: &'x mut Found,
    /// The stylesheets this document uses, in order.
    sheets: Vec<Arc<Stylesheet>>,
    stack: Vec<Frame>,
    /// Open elements hiding their content.
    hidden: u32,
    /// Open `pre` elements; right after `<pre>` (its first line end is not content).
    pre: u32,
    pre_start: bool,
    /// Text not yet given to the builder.
    buf: String,
    /// Collapsible white space seen since the last character.
    gap: Gap,
    /// The last character of the line, `None` at a line's start.
    last: Option<char>,
    /// Styles waiting for their first character.
    lazy_starts: usize,
    ruby: Option<RubyState>,
    /// A `br` since the last paragraph (an empty paragraph with one is a
    /// blank line).
    saw_break: bool,
}

/// Elements that begin and end paragraphs.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// A byte of CSS white space (see [`markup::is_css_space`]).
fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Elements that never have content or an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area" | "base" | "col" | "embed" | "input" | "meta" | "param" | "source" | "track" | "wbr" | "keygen"
    )
}

impl Converter<'_, '_> {
    fn start(&mut self, tag: &markup::Tag<'_>, tokens: &mut Tokenizer<'_>) {
        let name = Name::new(tag.name());
        if name == "body"
            && let Some(head) = self.stack.iter().rposition(|f| f.name == "head")
        {
            // `<body>` ends a `head` left open (HTML allows leaving out
            // `</head>`): the body is shown, not hidden with the head.
            while self.stack.len() > head {
                self.pop();
            }
        }
        match name.as_str() {
            "script" | "template" => {
                if !tag.empty {
                    tokens.raw_text_until(&name);
                }
                return;
            }
            "style" => {
                if !tag.empty {
                    let sheet = Stylesheet::parse(tokens.raw_text_until("style"));
                    self.use_sheet(Arc::new(sheet), 0);
                }
                return;
            }
            "title" => {
                if !tag.empty {
                    let title = collapse(&markup::decode_entities(tokens.raw_text_until("title")));
                    if self.found.title.is_none() && !title.is_empty() {
                        self.found.title = Some(title);
                    }
                }
                return;
            }
            "link" => return self.link(tag),
            _ if is_void(&name) => return,
            _ => {}
        }
        if self.hidden > 0 {
            if !tag.empty && !matches!(name.as_str(), "br" | "img" | "hr" | "image") {
                self.push_frame(Frame::plain(name, true));
            }
            return;
        }
        let attrs = Attrs::of(tag, self.needs_ids());
        let decl = self.decl(&name, &attrs);
        let self_hidden = decl.hidden == Some(true) || attrs.hidden;
        if self_hidden && matches!(name.as_str(), "br" | "img" | "image" | "hr") {
            return;
        }
        match name.as_str() {
            "br" => return self.line_break(),
            "img" | "image" => return self.figure(attrs.alt.as_deref()),
            "hr" => {
                self.close_implicit(&name);
                self.close_paragraph(None);
                self.record_id(&attrs);
                self.push_text(SCENE_BREAK, Some(Style::Note));
                let block = Block { align: Align::Center, ..self.block() };
                self.close_paragraph(Some(block));
                return;
            }
            _ => {}
        }
        let block = is_block(&name);
        // A reading outside any ruby has no base: it is not text either.
        let stray_reading = name == "rt" && self.ruby.is_none();
        let hides = self_hidden || stray_reading || matches!(name.as_str(), "head" | "rp" | "rtc");
        if block && !hides {
            self.close_implicit(&name);
            self.close_paragraph(None);
        }
        if name == "svg" && !hides {
            self.figure(None);
        }
        self.record_id(&attrs);
        if tag.empty {
            return;
        }
        let mut frame = Frame::plain(name, hides || tag.is("svg"));
        frame.block = block;
        if !frame.hides {
            self.open_content(&mut frame, &decl);
        }
        self.push_frame(frame);
    }

    /// Set up what an element starting to show content begins: styles,
    /// block attributes, ruby, `pre`, table cells.
    fn open_content(&mut self, frame: &mut Frame, decl: &Decl) {
        if let Some(Some(kind)) = decl.emphasis {
            frame.styles.push((Style::Dots(kind), None));
        }
        if let Some(Some(kind)) = decl.line {
            frame.styles.push((Style::Line(kind), None));
        }
        if decl.bold == Some(true) {
            frame.styles.push((Style::Bold, None));
        }
        if decl.italic == Some(true) {
            frame.styles.push((Style::Italic, None));
        }
        self.lazy_starts += frame.styles.len();
        if frame.block {
            frame.align = decl.align;
        }
        match frame.name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                frame.heading = frame.name.as_bytes()[1].saturating_sub(b'0');
            }
            "blockquote" | "dd" => frame.indent = 1,
            "pre" => {
                self.pre += 1;
                self.pre_start = true;
            }
            "ruby" if self.ruby.is_none() => {
                let base_from = self.offset();
                self.ruby = Some(RubyState { base_from, ..RubyState::default() });
            }
            "rb" => {
                let at = self.offset();
                if let Some(ruby) = &mut self.ruby {
                    ruby.rb_start = Some(at);
                }
            }
            "rt" => self.start_reading(),
            "td" | "th" => {
                let row = self.stack.iter_mut().rev().find(|f| f.name == "tr");
                let first = row.as_ref().is_none_or(|r| r.cells == 0);
                if let Some(row) = row {
                    row.cells = row.cells.saturating_add(1);
                }
                if !first {
                    self.gap = Gap::None;
                    self.push_text(CELL_SEPARATOR, Some(Style::Note));
                    self.last = None;
                }
            }
            _ => {}
        }
    }

    fn push_frame(&mut self, frame: Frame) {
        if frame.hides {
            self.hidden += 1;
        }
        self.stack.push(frame);
    }

    fn end(&mut self, name: &str) {
        let name = Name::new(name);
        let Some(at) = self.stack.iter().rposition(|f| f.name == name) else { return };
        while self.stack.len() > at {
            self.pop();
        }
    }

    /// Close the innermost open element.
    fn pop(&mut self) {
        let Some(frame) = self.stack.last() else { return };
        let visible = self.hidden == 0;
        if frame.block && visible {
            let is_p = frame.name == "p";
            let blank = is_p && self.saw_break && self.open_is_empty();
            self.close_paragraph(None);
            if blank {
                self.b.blank_line();
            }
        }
        let Some(frame) = self.stack.pop() else { return };
        if frame.hides {
            self.hidden = self.hidden.saturating_sub(1);
            return;
        }
        if !visible {
            return;
        }
        let mut pending = 0;
        if !frame.styles.is_empty() {
            let end = self.offset();
            for (style, start) in &frame.styles {
                match start {
                    Some(start) => self.b.style(*start..end, *style),
                    None => pending += 1,
                }
            }
        }
        self.lazy_starts = self.lazy_starts.saturating_sub(pending);
        match frame.name.as_str() {
            "pre" => self.pre = self.pre.saturating_sub(1),
            "rt" => self.end_reading(),
            "rb" => {
                let at = self.offset();
                if let Some(ruby) = &mut self.ruby
                    && let Some(start) = ruby.rb_start.take()
                {
                    ruby.bases.push(start..at);
                    ruby.base_from = at;
                }
            }
            "ruby" => {
                self.end_reading();
                self.ruby = None;
            }
            _ => {}
        }
    }

    /// Close open elements that a start tag `name` closes in HTML: a `p`
    /// before any block, an `li` before the next, `dt`/`dd`, rows and cells.
    fn close_implicit(&mut self, name: &str) {
        let (closes, boundary): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ol", "ul", "menu"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            _ => (&[], &[]),
        };
        let innermost_block = self.stack.iter().rposition(|f| f.block);
        if let Some(i) = innermost_block
            && self.stack[i].name == "p"
        {
            while self.stack.len() > i {
                self.pop();
            }
        }
        for i in (0..self.stack.len()).rev() {
            let frame = &self.stack[i].name;
            if boundary.contains(&frame.as_str()) {
                break;
            }
            if closes.contains(&frame.as_str()) {
                while self.stack.len() > i {
                    self.pop();
                }
                break;
            }
        }
    }

    /// The declarations for an element: its tag's defaults, then class
    /// conventions, the stylesheets, its `style` and `align` attributes.
    fn decl(&self, name: &str, attrs: &Attrs) -> Decl {
        let mut decl = Decl::default();
        match name {
            "strong" | "b" => decl.bold = Some(true),
            "em" if self.cx.japanese => decl.emphasis = Some(Some(DotKind::Sesame)),
            "em" | "i" | "cite" | "dfn" | "var" => decl.italic = Some(true),
            "u" => decl.line = Some(Some(LineKind::Solid)),
            "center" => decl.align = Some(Align::Center),
            _ => {}
        }
        for class in attrs.class.split_ascii_whitespace() {
            if let Some(convention) = css::class_emphasis(class) {
                decl.overlay(&convention);
            }
        }
        let needs_cascade =
            !attrs.class.is_empty() || attrs.id.is_some() || self.sheets.iter().any(|s| s.has_tag_rules(name));
        if needs_cascade {
            let element = Element { tag: name, id: attrs.id.as_deref(), classes: &attrs.class };
            decl.overlay(&css::cascade(self.sheets.iter().map(|s| &**s), &element));
        }
        if let Some(style) = &attrs.style {
            decl.overlay(&Decl::parse(style));
        }
        if let Some(align) = &attrs.align {
            decl.overlay(&Decl::parse(&format!("text-align: {align}")));
        }
        // Emphasis dots replace the weight or slant a tag gives by default.
        if matches!(decl.emphasis, Some(Some(_))) && matches!(name, "em" | "strong" | "b") {
            decl.bold = decl.bold.filter(|_| name != "strong" && name != "b");
            decl.italic = None;
        }
        decl
    }

    fn link(&mut self, tag: &markup::Tag<'_>) {
        let rel = tag.attr("rel").unwrap_or_default().to_ascii_lowercase();
        let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
        if !rels.contains(&"stylesheet") || rels.contains(&"alternate") {
            return;
        }
        let Some(href) = tag.attr("href") else { return };
        let Ok((path, _)) = archive::resolve(archive::dir_of(self.cx.path), &href) else { return };
        if let Some(sheet) = self.cx.sheets.get(&path) {
            self.use_sheet(Arc::clone(sheet), 0);
        }
    }

    /// Use `sheet` and, first, the sheets it imports (a few levels deep).
    fn use_sheet(&mut self, sheet: Arc<Stylesheet>, depth: u32) {
        if depth < 4 {
            for import in &sheet.imports {
                if let Ok((path, _)) = archive::resolve(archive::dir_of(self.cx.path), import)
                    && let Some(imported) = self.cx.sheets.get(&path)
                {
                    self.use_sheet(Arc::clone(imported), depth + 1);
                }
            }
        }
        if !sheet.is_empty() && self.sheets.len() < 64 {
            self.sheets.push(sheet);
        }
    }

    /// Whether element ids matter: some are wanted, or a stylesheet has
    /// rules for ids.
    fn needs_ids(&self) -> bool {
        self.cx.wanted.is_some_and(|w| !w.is_empty()) || self.sheets.iter().any(|s| s.has_id_rules())
    }

    fn record_id(&mut self, attrs: &Attrs) {
        let Some(wanted) = self.cx.wanted else { return };
        for id in [&attrs.id, &attrs.name].into_iter().flatten() {
            if wanted.contains(id.as_str()) {
                self.found.ids.push((id.clone(), self.b.next_paragraph()));
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.hidden > 0 {
            return;
        }
        if let Some(reading) = self.ruby.as_mut().and_then(|r| r.reading.as_mut()) {
            reading.push_str(text);
            return;
        }
        if self.pre > 0 {
            return self.pre_text(text);
        }
        // White space is ASCII: runs are found byte by byte, and only the
        // first and last character of each run is looked at.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while let Some(&b) = bytes.get(i)
                && is_space_byte(b)
            {
                self.gap = self.gap.add(char::from(b));
                i += 1;
            }
            let start = i;
            i += bytes[i..].iter().position(|&b| is_space_byte(b)).unwrap_or(bytes.len() - i);
            let run = &text[start..i];
            if let Some(first) = run.chars().next() {
                self.before_char(first);
                self.buf.push_str(run);
                self.last = run.chars().next_back();
            }
        }
    }

    /// Before a character after white space or an element boundary: the
    /// space the gap collapses to, and the styles waiting for a start.
    fn before_char(&mut self, c: char) {
        if self.gap != Gap::None {
            if let Some(before) = self.last
                && self.gap.is_space_between(before, c)
            {
                self.buf.push(' ');
            }
            self.gap = Gap::None;
        }
        if self.lazy_starts > 0 {
            let at = self.offset();
            for frame in &mut self.stack {
                for (_, start) in &mut frame.styles {
                    start.get_or_insert(at);
                }
            }
            self.lazy_starts = 0;
        }
    }

    fn pre_text(&mut self, text: &str) {
        let mut text = text;
        if std::mem::take(&mut self.pre_start) {
            text = text.strip_prefix("\r\n").or_else(|| text.strip_prefix('\n')).unwrap_or(text);
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.line_break();
            }
            let line = line.trim_end_matches('\r');
            if let Some(c) = line.chars().next() {
                self.gap = Gap::None;
                self.before_char(c);
                self.buf.push_str(line);
                self.last = line.chars().next_back();
            }
        }
    }

    /// Text the format adds (a mark), styled `style`.
    fn push_text(&mut self, text: &str, style: Option<Style>) {
        let Some(first) = text.chars().next() else { return };
        self.before_char(first);
        let start = self.offset();
        self.buf.push_str(text);
        self.last = text.chars().next_back();
        if let Some(style) = style {
            let end = self.offset();
            self.b.style(start..end, style);
        }
    }

    fn figure(&mut self, alt: Option<&str>) {
        let alt = alt.map(collapse).unwrap_or_default();
        let mark = if alt.is_empty() { format!("［{FIGURE}］") } else { format!("［{FIGURE}：{alt}］") };
        self.push_text(&mark, Some(Style::Note));
    }

    fn line_break(&mut self) {
        self.saw_break = true;
        if self.ruby.as_ref().is_some_and(|r| r.reading.is_some()) {
            return;
        }
        self.flush();
        self.b.line_break();
        self.gap = Gap::None;
        self.last = None;
    }

    fn start_reading(&mut self) {
        self.end_reading();
        let at = self.offset();
        if let Some(ruby) = &mut self.ruby {
            if at > ruby.base_from && ruby.rb_start.is_none() {
                ruby.bases.push(ruby.base_from..at);
            }
            ruby.reading = Some(String::new());
        }
    }

    fn end_reading(&mut self) {
        let at = self.offset();
        let Some(ruby) = &mut self.ruby else { return };
        let Some(reading) = ruby.reading.take() else { return };
        if let Some(base) = ruby.bases.get(ruby.paired).cloned() {
            ruby.paired += 1;
            self.b.ruby(base, &collapse(&reading));
        }
        ruby.base_from = at;
        // A new group of bases starts after every reading was given out.
        if ruby.paired >= ruby.bases.len() {
            ruby.bases.clear();
            ruby.paired = 0;
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.b.push_str(&self.buf);
            self.buf.clear();
        }
    }

    fn offset(&mut self) -> usize {
        self.flush();
        self.b.offset()
    }

    fn open_is_empty(&mut self) -> bool {
        self.flush();
        self.b.open_text().is_empty()
    }

    /// The level of the innermost open heading element (`h1`–`h6`), 0 outside any.
    fn heading_level(&self) -> u8 {
        self.stack.iter().rev().find(|f| f.heading > 0).map_or(0, |f| f.heading)
    }

    /// The block attributes the open elements give a paragraph.
    fn block(&self) -> Block {
        let mut block = Block::default();
        let indent: u32 = self.stack.iter().map(|f| u32::from(f.indent)).sum();
        block.indent = indent.min(20) as u8;
        block.wrap_indent = block.indent;
        block.heading = self.heading_level().min(3);
        block.align = self.stack.iter().rev().find_map(|f| f.align).unwrap_or_default();
        block
    }

    /// End the open paragraph, if it has text, with the open elements'
    /// block attributes (or `block`).
    fn close_paragraph(&mut self, block: Option<Block>) {
        self.gap = Gap::None;
        self.last = None;
        self.saw_break = false;
        if self.open_is_empty() {
            return;
        }
        let end = self.b.offset();
        for frame in &self.stack {
            for (style, start) in &frame.styles {
                if let Some(start) = start {
                    self.b.style(*start..end, *style);
                }
            }
        }
        self.end_reading();
        let block = block.unwrap_or_else(|| self.block());
        let level = self.heading_level();
        let title = (1..=3).contains(&level).then(|| self.b.open_text().trim().replace('\n', " "));
        let index = self.b.end_paragraph(block);
        if let (Some(index), Some(title)) = (index, title) {
            self.found.headings.push((index, level, title));
        }
        let next = self.b.offset();
        for frame in &mut self.stack {
            for (_, start) in &mut frame.styles {
                if start.take().is_some() {
                    self.lazy_starts += 1;
                }
            }
        }
        if let Some(ruby) = &mut self.ruby {
            *ruby = RubyState { base_from: next, ..RubyState::default() };
        }
    }
}

impl Frame {
    fn plain(name: Name, hides: bool) -> Frame {
        Frame { name, block: false, hides, styles: Vec::new(), align: None, heading: 0, indent: 0, cells: 0 }
    }
}

/// An element's local name, lowercase: the names the converter knows are
/// kept as static strings (no allocation for the thousands of elements of a
/// chapter), others as their own.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    Known(&'static str),
    Other(Box<str>),
}

/// The names [`Name::new`] keeps static: every name the converter treats
/// specially, and the common inline ones.
macro_rules! known_names {
    ($($name:literal),* $(,)?) => {
        fn known_name(lower: &str) -> Option<&'static str> {
            match lower {
                $($name => Some($name),)*
                _ => None,
            }
        }
    };
}

known_names![
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "image",
    "img",
    "ins",
    "kbd",
    "legend",
    "li",
    "link",
    "main",
    "mark",
    "menu",
    "meta",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "script",
    "section",
    "small",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "u",
    "ul",
    "var",
];

impl Name {
    fn new(name: &str) -> Name {
        if let Some(known) = known_name(name) {
            return Name::Known(known);
        }
        let lower = name.to_ascii_lowercase();
        match known_name(&lower) {
            Some(known) => Name::Known(known),
            None => Name::Other(lower.into_boxed_str()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Name::Known(k) => k,
            Name::Other(o) => o,
        }
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The attributes the converter reads, gathered in one pass.
#[derive(Debug, Default)]
struct Attrs {
    id: Option<String>,
    name: Option<String>,
    class: String,
    style: Option<String>,
    align: Option<String>,
    alt: Option<String>,
    hidden: bool,
}

impl Attrs {
    /// `ids`: whether `id` and `name` are wanted at all.
    fn of(tag: &markup::Tag<'_>, ids: bool) -> Attrs {
        let mut attrs = Attrs::default();
        tag.for_each_attr(|key, value: Cow<'_, str>| {
            let key = markup::local_part(key);
            match key.to_ascii_lowercase().as_str() {
                "id" if ids => attrs.id = Some(value.into_owned()),
                "name" if ids => attrs.name = Some(value.into_owned()),
                "class" => attrs.class = value.into_owned(),
                "style" => attrs.style = Some(value.into_owned()),
                "align" => attrs.align = Some(value.into_owned()),
                "alt" => attrs.alt = Some(value.into_owned()),
                "hidden" => attrs.hidden = true,
                _ => {}
            }
        });
        attrs
    }
}
