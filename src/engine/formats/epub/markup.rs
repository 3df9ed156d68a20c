//! Reading markup leniently: a tokenizer over `quick-xml` that never refuses
//! a document, character references and HTML named entities, the encoding a
//! document declares, and CSS white-space collapsing.
//!
//! EPUB content is XHTML, but books in the wild are often tag soup: unclosed
//! and uppercase tags, `&nbsp;`, a bare `&`, a `<` in text, a script with
//! `a<b` in it. `quick-xml` splits tags and text fast and, configured
//! leniently, accepts most of that; this layer handles the rest by starting
//! the reader again past the trouble, so no input ends the document early.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// One piece of markup.
#[derive(Debug)]
pub(super) enum Token<'a> {
    /// A start tag (`empty` for `<br/>`).
    Start(Tag<'a>),
    /// An end tag's local name (`p` for `</xhtml:p>`).
    End(&'a str),
    /// Character data, already decoded.
    Text(Cow<'a, str>),
}

/// A start tag and its attributes.
#[derive(Debug)]
pub(super) struct Tag<'a> {
    start: BytesStart<'a>,
    /// Whether the tag closed itself (`<br/>`).
    pub empty: bool,
}

impl<'a> Tag<'a> {
    /// The local name as written (`p` for `<xhtml:p>`).
    pub fn name(&self) -> &str {
        let raw: &str = &self.start;
        let full = &raw[..self.start.name().as_ref().len()];
        local_part(full)
    }

    /// Whether the local name is `name` (ASCII case-insensitive).
    pub fn is(&self, name: &str) -> bool {
        self.name().eq_ignore_ascii_case(name)
    }

    /// The decoded value of attribute `name`: matched on the whole name
    /// (`epub:type`), else on its local part when `name` has no prefix
    /// (`href` also matches `xlink:href`), case-insensitively.
    pub fn attr(&self, name: &str) -> Option<String> {
        let mut local_match = None;
        for attr in self.start.html_attributes().with_checks(false).flatten() {
            let key: &str = attr.key.as_ref();
            if key.eq_ignore_ascii_case(name) {
                return Some(decode_entities(&attr.value).into_owned());
            }
            if local_match.is_none() && !name.contains(':') {
                let local = local_part(key);
                if local.eq_ignore_ascii_case(name) {
                    local_match = Some(decode_entities(&attr.value).into_owned());
                }
            }
        }
        local_match
    }

    /// Every attribute: its name (as written) and decoded value.
    pub fn for_each_attr(&self, mut f: impl FnMut(&str, Cow<'_, str>)) {
        for attr in self.start.html_attributes().with_checks(false).flatten() {
            let key: &str = attr.key.as_ref();
            f(key, decode_entities(&attr.value));
        }
    }

    /// Whether any attribute has local name `local` and a value containing
    /// the whitespace-separated token `token` (`epub:type="toc"`).
    pub fn has_token(&self, local: &str, token: &str) -> bool {
        self.start.html_attributes().with_checks(false).flatten().any(|a| {
            let key: &str = a.key.as_ref();
            local_part(key).eq_ignore_ascii_case(local)
                && a.value.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case(token))
        })
    }
}

/// The part of a qualified name after its prefix (`p` of `xhtml:p`).
pub(super) fn local_part(name: &str) -> &str {
    match name.bytes().rposition(|b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// A lenient tokenizer over one decoded document.
pub(super) struct Tokenizer<'a> {
    input: &'a str,
    /// Where `reader` started in `input`.
    base: usize,
    reader: Reader<&'a [u8]>,
}

impl<'a> Tokenizer<'a> {
    /// Tokenize `input`.
    pub fn new(input: &'a str) -> Self {
        Tokenizer { input, base: 0, reader: lenient_reader(input) }
    }

    /// Where the tokenizer is in the input, in bytes.
    pub fn position(&self) -> usize {
        self.base + usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// Start reading again at byte `at` (a character boundary).
    fn restart(&mut self, at: usize) {
        let at = at.min(self.input.len());
        self.base = at;
        self.reader = lenient_reader(&self.input[at..]);
    }

    /// The next token, or `None` at the end.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            let before = self.position();
            if before >= self.input.len() {
                return None;
            }
            match self.reader.read_event() {
                Ok(Event::Start(start)) => {
                    if let Some(text) = self.bogus_tag(&start, before) {
                        return Some(text);
                    }
                    return Some(Token::Start(Tag { start, empty: false }));
                }
                Ok(Event::Empty(start)) => {
                    if let Some(text) = self.bogus_tag(&start, before) {
                        return Some(text);
                    }
                    return Some(Token::Start(Tag { start, empty: true }));
                }
                Ok(Event::End(_)) => {
                    // `</name>` or `</prefix:name >`, borrowed from the input
                    // rather than from the event.
                    let raw = &self.input[before..self.position()];
                    let inner = raw.get(2..raw.len().saturating_sub(1)).unwrap_or("");
                    return Some(Token::End(local_part(inner.trim())));
                }
                Ok(Event::Text(text)) => return Some(Token::Text(text.into_inner())),
                Ok(Event::CData(data)) => return Some(Token::Text(data.into_inner())),
                Ok(Event::GeneralRef(reference)) => {
                    let raw = &self.input[before..self.position()];
                    let name = raw.strip_prefix('&').and_then(|r| r.strip_suffix(';')).unwrap_or(&reference);
                    return Some(Token::Text(match resolve_entity(name) {
                        Some(text) => Cow::Owned(text),
                        None => Cow::Borrowed(raw),
                    }));
                }
                Ok(Event::Eof) => return None,
                Ok(_) => {} // comments, declarations, processing instructions
                Err(_) => {
                    // Whatever quick-xml could not read: its first character
                    // is text, and reading goes on after it.
                    let ch = self.input[before..].chars().next().map_or(1, char::len_utf8);
                    self.restart(before + ch);
                    return Some(Token::Text(Cow::Borrowed(&self.input[before..before + ch])));
                }
            }
        }
    }

    /// A "tag" whose name is no name (`a < b`, `<3`) is text, as in HTML:
    /// its `<` is given as text and reading goes on right after it.
    fn bogus_tag(&mut self, start: &BytesStart<'_>, before: usize) -> Option<Token<'a>> {
        let qname = start.name();
        let name: &str = qname.as_ref();
        let valid = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_');
        if valid {
            return None;
        }
        self.restart(before + 1);
        Some(Token::Text(Cow::Borrowed(&self.input[before..before + 1])))
    }

    /// The text inside the element just started (named `name`), up to its
    /// end tag: nested tags are read through, `rt` and `rp` (ruby
    /// readings) are left out, white space is collapsed.
    pub fn inner_text(&mut self, name: &str) -> String {
        let mut raw = String::new();
        let mut depth = 0u32;
        let mut skipped = 0u32;
        while let Some(token) = self.next_token() {
            match token {
                Token::Start(tag) if !tag.empty => {
                    if tag.is(name) {
                        depth += 1;
                    }
                    if skipped > 0 || tag.is("rt") || tag.is("rp") {
                        skipped += 1;
                    }
                }
                Token::Start(_) => {}
                Token::End(end) => {
                    if skipped > 0 {
                        skipped -= 1;
                    } else if end.eq_ignore_ascii_case(name) {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    }
                }
                Token::Text(text) if skipped == 0 => raw.push_str(&text),
                Token::Text(_) => {}
            }
        }
        collapse(&raw)
    }

    /// The raw text up to the end tag `</name>` (of a `script` or `style`,
    /// whose content is not markup), and read on after that end tag.
    pub fn raw_text_until(&mut self, name: &str) -> &'a str {
        let from = self.position().min(self.input.len());
        let rest = &self.input[from..];
        let end = find_end_tag(rest, name);
        let text = &rest[..end.unwrap_or(rest.len())];
        let after = match end {
            Some(i) => rest[i..].find('>').map_or(rest.len(), |g| i + g + 1),
            None => rest.len(),
        };
        self.restart(from + after);
        text
    }
}

/// Where `</name` starts in `text` (ASCII case-insensitive), if anywhere.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"</") {
        let at = from + i;
        let candidate = &bytes[at + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

fn lenient_reader(input: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(input);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    config.check_comments = false;
    config.expand_empty_elements = false;
    config.trim_text(false);
    reader
}

/// The text of an entity or character reference name (`amp`, `nbsp`,
/// `#x5C71`, `#27`), or `None` when it names nothing (then the reference
/// stays as written). A reference to NUL, a surrogate or past U+10FFFF is
/// U+FFFD; control characters come out as themselves and are made inert
/// when the text reaches the document.
pub(super) fn resolve_entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        return value.map(|v| {
            let c = Some(v).filter(|&v| v != 0).and_then(char::from_u32).unwrap_or('\u{fffd}');
            c.to_string()
        });
    }
    quick_xml::escape::resolve_html5_entity(name).map(str::to_owned)
}

/// Decode every reference in `raw` (an attribute value); a `&` that starts
/// no known reference stays as it is.
pub(super) fn decode_entities(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.as_bytes().iter().take(40).position(|&b| b == b';');
        match end.and_then(|e| resolve_entity(&rest[1..e]).map(|t| (e, t))) {
            Some((e, text)) => {
                out.push_str(&text);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decode a document's bytes: a BOM, else the encoding its XML declaration
/// or `<meta charset>` names, else UTF-8 (bad bytes become U+FFFD).
pub(super) fn decode(bytes: Vec<u8>) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let encoding = declared_encoding(&bytes)
        .filter(|e| *e != encoding_rs::UTF_8 && *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE);
    match encoding {
        Some(encoding) => encoding.decode_without_bom_handling(&bytes).0.into_owned(),
        None => String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// The encoding named in the first kilobyte: `encoding="…"` of the XML
/// declaration, `charset=…` of a `meta` element.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let value_after = |key: &str| -> Option<String> {
        let at = head.find(key)? + key.len();
        let rest = head[at..].trim_start().strip_prefix('=')?.trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || "-_.:".contains(c)))?;
        Some(rest[..end].to_owned())
    };
    let label = if head.trim_start().starts_with("<?xml") {
        value_after("encoding").or_else(|| value_after("charset"))
    } else {
        value_after("charset")
    }?;
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// CSS white space (`white-space: normal`): what a run of collapsible
/// white space between two characters becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(super) enum Gap {
    /// No white space.
    #[default]
    None,
    /// Spaces and tabs only: one space.
    Space,
    /// White space with a segment break (a line end in the source): one
    /// space, or nothing between two East Asian wide characters.
    Break,
}

impl Gap {
    /// The gap after adding white space character `c`.
    pub fn add(self, c: char) -> Gap {
        if c == '\n' || c == '\r' { Gap::Break } else { self.max(Gap::Space) }
    }

    /// Whether the gap shows as a space between `before` and `after`
    /// (CSS Text 3, segment break transformation).
    pub fn is_space_between(self, before: char, after: char) -> bool {
        match self {
            Gap::None => false,
            Gap::Space => true,
            Gap::Break => {
                !(before == '\u{200b}'
                    || after == '\u{200b}'
                    || (is_east_asian_wide(before) && is_east_asian_wide(after)))
            }
        }
    }
}

/// Collapsible white space in CSS: space, tab, line feed, carriage return,
/// form feed (not U+3000, not NBSP).
pub(super) fn is_css_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// East Asian Width F, W or H, and not Hangul: the characters between
/// which a source line end disappears.
pub(super) fn is_east_asian_wide(c: char) -> bool {
    let u = c as u32;
    if u < 0x1100 {
        return false;
    }
    let hangul = matches!(u, 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xFFA0..=0xFFDC);
    if hangul {
        return false;
    }
    // Halfwidth katakana and symbols are East Asian Width H.
    matches!(u, 0xFF61..=0xFF9F | 0xFFE8..=0xFFEE) || unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// `text` with runs of white space collapsed to one space and trimmed (a
/// title, an alt text, a ruby reading): line ends between wide characters
/// disappear, as in running text.
pub(super) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = Gap::None;
    let mut last: Option<char> = None;
    for c in text.chars() {
        if is_css_space(c) {
            gap = gap.add(c);
            continue;
        }
        if let Some(before) = last
            && gap.is_space_between(before, c)
        {
            out.push(' ');
        }
        gap = Gap::None;
        out.push(c);
        last = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &str) -> Vec<String> {
        let mut t = Tokenizer::new(input);
        let mut out = Vec::new();
        while let Some(token) = t.next_token() {
            out.push(match token {
                Token::Start(tag) => format!("<{}{}>", tag.name(), if tag.empty { "/" } else { "" }),
                Token::End(name) => format!("</{name}>"),
                Token::Text(text) => text.into_owned(),
            });
        }
        out
    }

    #[test]
    fn sloppy_markup_is_read_not_refused() {
        let got = tokens("<P CLASS=x>a &nbsp;&amp; b & c<br>d</p><p>a < b</p>");
        assert_eq!(got.concat(), "<P>a \u{a0}& b & c<br>d</p><p>a < b</p>");
    }

    #[test]
    fn references_are_decoded_and_unknown_ones_kept() {
        assert_eq!(tokens("&#x5C71;&#23376;&mdash;&hellip;&bogus;&#xZZ;").concat(), "山子—…&bogus;&#xZZ;");
        assert_eq!(decode_entities("a&amp;b&#27;&nbsp&lt;"), "a&b\u{1b}&nbsp<");
        assert_eq!(resolve_entity("#0").as_deref(), Some("\u{fffd}"));
        assert_eq!(resolve_entity("#xD800").as_deref(), Some("\u{fffd}"));
    }

    #[test]
    fn script_content_is_skipped_even_with_markup_in_it() {
        let mut t = Tokenizer::new("<script>if (a<b && c) {}</SCRIPT ><p>ok</p>");
        assert!(matches!(t.next_token(), Some(Token::Start(tag)) if tag.is("script")));
        assert_eq!(t.raw_text_until("script"), "if (a<b && c) {}");
        let rest: Vec<String> = std::iter::from_fn(|| t.next_token())
            .map(|t| match t {
                Token::Text(s) => s.into_owned(),
                Token::Start(tag) => tag.name().to_owned(),
                Token::End(e) => e.to_owned(),
            })
            .collect();
        assert_eq!(rest, ["p", "ok", "p"]);
    }

    #[test]
    fn attributes_match_by_name_or_local_name() {
        let mut t = Tokenizer::new(r#"<a xlink:href="x&amp;y" epub:type="noteref toc" hidden>"#);
        let Some(Token::Start(tag)) = t.next_token() else { panic!("a start tag") };
        assert_eq!(tag.attr("href").as_deref(), Some("x&y"));
        assert!(tag.has_token("type", "toc"));
        assert!(!tag.has_token("type", "to"));
    }

    #[test]
    fn declared_encodings_are_honoured() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><p>山路</p>");
        assert!(decode(sjis.into_owned()).contains("山路"));
        let (meta, _, _) = encoding_rs::EUC_JP.encode("<html><meta charset=\"euc-jp\"><p>草枕</p>");
        assert!(decode(meta.into_owned()).contains("草枕"));
        assert_eq!(decode(b"\xef\xbb\xbfplain".to_vec()), "plain");
        assert_eq!(decode(b"bad\xff".to_vec()), "bad\u{fffd}");
    }

    #[test]
    fn white_space_collapses_as_css_says() {
        assert_eq!(collapse("  山路を\n  登りながら "), "山路を登りながら");
        assert_eq!(collapse("Hello\n   world"), "Hello world");
        assert_eq!(collapse("山 路"), "山 路", "spaces without a line end stay");
        assert_eq!(collapse("한\n국"), "한 국", "Hangul keeps its spaces");
        assert_eq!(collapse("ｶﾀ\nｶﾅ"), "ｶﾀｶﾅ", "halfwidth katakana is H");
        assert_eq!(collapse("山\nA"), "山 A");
    }
}
