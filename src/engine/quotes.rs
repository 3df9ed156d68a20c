//! Quoted spans (「…」『…』“…”‘…’〝…〟｢…｣ and ASCII `"…"`) found in a
//! paragraph. Empty brackets (`「」`) quote nothing and are not reported.
//!
//! A news article is read for who said what, so the reader highlights quoted
//! spans, jumps between them and lists them. Detection is one pass over the
//! paragraph with a small stack of open brackets; the result is a table of
//! byte ranges into the paragraph, sorted by where each quote opens, ready to
//! be merged with the layout's line ranges when drawing.
//!
//! Rules, where real text is untidy:
//! - Quotes nest: `「a『b』c」` gives the outer span (depth 0) and the inner
//!   one (depth 1).
//! - A quote never lives outside its paragraph: an opener still open at the
//!   paragraph's end ends there and is flagged `unclosed`.
//! - A closer that matches no open quote is ordinary text (`「a』b」` is one
//!   quote whose text is `a』b`).
//! - A closer that matches an open quote *below* the innermost one closes that
//!   quote, and the quotes opened inside it end at the closer, flagged
//!   `unclosed` (`「a『b」c』` gives `a『b` closed and `b` unclosed; the final
//!   `』` is then stray text). A forgotten inner closer, the usual typo, thus
//!   stays local instead of swallowing the rest of the paragraph.
//! - `’` between two letters or digits is an apostrophe (`don’t`, `l’été`) and
//!   never closes a quote; `‘` opens only before non-space text.
//! - ASCII `"` is symmetric: it closes an open `"` quote when it follows
//!   non-space text, and otherwise opens one when it precedes non-space text
//!   and does not follow an ASCII letter or digit (so `12"` stays an inch
//!   mark). Any other `"` is text.
//! - Nesting deeper than [`MAX_DEPTH`] is treated as text, which bounds the
//!   work per character on hostile input.
//! - Aozora Bunko annotations (`［＃「猫」に傍点］`) are notes about the text,
//!   not speech: brackets inside a closed `［＃…］` are not quotes.

use std::ops::Range;
use std::sync::OnceLock;

use super::document::Document;

/// Deepest nesting tracked; openers beyond it are plain text.
pub const MAX_DEPTH: usize = 32;

/// One quoted span inside a paragraph, as byte ranges of the paragraph text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted text, without its brackets.
    pub inner: Range<usize>,
    /// The text with its brackets (for drawing); ends at the paragraph's end
    /// when the quote is never closed.
    pub outer: Range<usize>,
    /// 0 for an outermost quote, 1 for a quote inside it, and so on.
    pub depth: usize,
    /// The opening bracket is never closed in this paragraph (the span ends at
    /// the paragraph's end, or at the closer of an enclosing quote).
    pub unclosed: bool,
}

/// Which pair of brackets a quote uses; a closer only closes its own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// 「」
    Corner,
    /// ｢｣ (half-width)
    HalfCorner,
    /// 『』
    WhiteCorner,
    /// “”
    CurlyDouble,
    /// ‘’
    CurlySingle,
    /// 〝〟 (also closed by 〞)
    DoublePrime,
    /// ASCII "…"
    Ascii,
}

/// What one character does to the quote stack.
enum Role {
    Open(Kind),
    Close(Kind),
    /// ASCII `"`: closes an open ASCII quote or opens one, depending on context.
    AsciiQuote,
    Text,
}

fn role(c: char, prev: Option<char>, next: Option<char>) -> Role {
    let space_or_none = |c: Option<char>| c.is_none_or(char::is_whitespace);
    match c {
        '「' => Role::Open(Kind::Corner),
        '」' => Role::Close(Kind::Corner),
        '｢' => Role::Open(Kind::HalfCorner),
        '｣' => Role::Close(Kind::HalfCorner),
        '『' => Role::Open(Kind::WhiteCorner),
        '』' => Role::Close(Kind::WhiteCorner),
        '“' => Role::Open(Kind::CurlyDouble),
        '”' => Role::Close(Kind::CurlyDouble),
        '〝' => Role::Open(Kind::DoublePrime),
        '〞' | '〟' => Role::Close(Kind::DoublePrime),
        '‘' if !space_or_none(next) => Role::Open(Kind::CurlySingle),
        '’' => {
            let apostrophe = prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
            if apostrophe || space_or_none(prev) { Role::Text } else { Role::Close(Kind::CurlySingle) }
        }
        '"' => Role::AsciiQuote,
        _ => Role::Text,
    }
}

/// Every quote in `paragraph`, ordered by where it opens (so an enclosing
/// quote comes before the quotes inside it). One pass; the only allocation is
/// the returned vector.
pub fn find_quotes(paragraph: &str) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    // Open quotes, innermost last: (kind, index into `quotes`).
    let mut stack = [(Kind::Corner, 0usize); MAX_DEPTH];
    let mut depth = 0usize;

    let mut chars = paragraph.char_indices().peekable();
    let mut prev: Option<char> = None;
    // The end of the annotation being skipped.
    let mut skip_to = 0;
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let after = at + c.len_utf8();
        if at < skip_to {
            prev = Some(c);
            continue;
        }
        if c == '［'
            && next == Some('＃')
            && let Some(end) = paragraph[after..].find('］')
        {
            skip_to = after + end + '］'.len_utf8();
            prev = Some(c);
            continue;
        }
        let action = match role(c, prev, next) {
            Role::AsciiQuote => {
                let open = stack[..depth].iter().any(|&(k, _)| k == Kind::Ascii);
                let follows_text = prev.is_some_and(|p| !p.is_whitespace());
                let precedes_text = next.is_some_and(|n| !n.is_whitespace());
                if open && follows_text {
                    Role::Close(Kind::Ascii)
                } else if precedes_text && !prev.is_some_and(|p| p.is_ascii_alphanumeric()) {
                    Role::Open(Kind::Ascii)
                } else {
                    Role::Text
                }
            }
            other => other,
        };
        match action {
            Role::Open(kind) if depth < MAX_DEPTH => {
                stack[depth] = (kind, quotes.len());
                quotes.push(Quote { inner: after..paragraph.len(), outer: at..paragraph.len(), depth, unclosed: true });
                depth += 1;
            }
            Role::Close(kind) => {
                if let Some(level) = stack[..depth].iter().rposition(|&(k, _)| k == kind) {
                    // Quotes opened inside the one being closed end here, unclosed.
                    for &(_, cut) in &stack[level + 1..depth] {
                        quotes[cut].inner.end = at.max(quotes[cut].inner.start);
                        quotes[cut].outer.end = at;
                    }
                    let closed = &mut quotes[stack[level].1];
                    closed.inner.end = at;
                    closed.outer.end = after;
                    closed.unclosed = false;
                    depth = level;
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    // Brackets with nothing inside quote nothing: no span to show, select
    // or copy.
    quotes.retain(|q| !q.inner.is_empty());
    quotes
}

/// Where a quote is in a document: its paragraph (0-based) and its index in
/// that paragraph's [`find_quotes`] list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuoteRef {
    /// 0-based paragraph index.
    pub paragraph: usize,
    /// Index into the paragraph's quotes (ordered by opening position).
    pub index: usize,
}

/// Every quote of a document in document order, as `(paragraph, quote)`.
/// For the quote list and the CLI; the reader uses [`QuoteIndex`], which only
/// looks at the paragraphs it is asked about.
pub fn all_quotes(doc: &Document) -> Vec<(usize, Quote)> {
    doc.paragraphs().enumerate().flat_map(|(p, text)| find_quotes(text).into_iter().map(move |q| (p, q))).collect()
}

/// Quotes of a document, found per paragraph on first use and cached, so that
/// `Tab`/`Shift-Tab` and drawing cost what they touch, not the document's
/// length. Built for one [`Document`]; every method takes that document again
/// (the index holds no borrow, so the reader state can own both) and panics,
/// like slice indexing, if given paragraphs the document does not have.
#[derive(Debug)]
pub struct QuoteIndex {
    per_paragraph: Vec<OnceLock<Box<[Quote]>>>,
}

impl QuoteIndex {
    /// An empty cache for `doc`; nothing is computed yet.
    pub fn new(doc: &Document) -> Self {
        QuoteIndex { per_paragraph: (0..doc.paragraph_count()).map(|_| OnceLock::new()).collect() }
    }

    /// The quotes of paragraph `paragraph`, ordered by where they open.
    pub fn in_paragraph(&self, doc: &Document, paragraph: usize) -> &[Quote] {
        self.per_paragraph[paragraph].get_or_init(|| find_quotes(doc.paragraph(paragraph)).into_boxed_slice())
    }

    /// The quote at `at`, if there is one.
    pub fn get(&self, doc: &Document, at: QuoteRef) -> Option<&Quote> {
        if at.paragraph >= self.per_paragraph.len() {
            return None;
        }
        self.in_paragraph(doc, at.paragraph).get(at.index)
    }

    /// The first quote opening at or after byte `offset` of paragraph
    /// `paragraph`, searching forward through later paragraphs; `None` at the
    /// end of the document (wrapping is the caller's choice). `Tab` from a
    /// selected quote is `next_from(doc, p, quote.outer.start + 1)`.
    pub fn next_from(&self, doc: &Document, paragraph: usize, offset: usize) -> Option<QuoteRef> {
        for p in paragraph..self.per_paragraph.len() {
            let quotes = self.in_paragraph(doc, p);
            let from = if p == paragraph { offset } else { 0 };
            let index = quotes.partition_point(|q| q.outer.start < from);
            if index < quotes.len() {
                return Some(QuoteRef { paragraph: p, index });
            }
        }
        None
    }

    /// The last quote opening strictly before byte `offset` of paragraph
    /// `paragraph`, searching backward through earlier paragraphs. `Shift-Tab`
    /// from a selected quote is `prev_before(doc, p, quote.outer.start)`; pass
    /// `usize::MAX` as `offset` to include the whole paragraph.
    pub fn prev_before(&self, doc: &Document, paragraph: usize, offset: usize) -> Option<QuoteRef> {
        let last = paragraph.min(self.per_paragraph.len().checked_sub(1)?);
        for p in (0..=last).rev() {
            let quotes = self.in_paragraph(doc, p);
            let before = if p == paragraph { offset } else { usize::MAX };
            let index = quotes.partition_point(|q| q.outer.start < before);
            if index > 0 {
                return Some(QuoteRef { paragraph: p, index: index - 1 });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(inner text, depth, unclosed)` for every quote, for compact asserts.
    fn spans(text: &str) -> Vec<(&str, usize, bool)> {
        find_quotes(text).into_iter().map(|q| (&text[q.inner.clone()], q.depth, q.unclosed)).collect()
    }

    #[test]
    fn japanese_brackets_give_inner_and_outer_byte_ranges() {
        let text = "彼は「黄金の30年」と言った。";
        let quotes = find_quotes(text);
        assert_eq!(quotes.len(), 1);
        assert_eq!(&text[quotes[0].inner.clone()], "黄金の30年");
        assert_eq!(&text[quotes[0].outer.clone()], "「黄金の30年」");
        assert_eq!(quotes[0].outer, 6..26);
        assert!(!quotes[0].unclosed);
    }

    #[test]
    fn nested_quotes_yield_both_with_depth() {
        assert_eq!(
            spans("「彼は『祖国のために歌え』と歌った」"),
            [("彼は『祖国のために歌え』と歌った", 0, false), ("祖国のために歌え", 1, false)]
        );
        assert_eq!(spans("“a ‘b “c” d’ e”"), [("a ‘b “c” d’ e", 0, false), ("b “c” d", 1, false), ("c", 2, false)]);
    }

    #[test]
    fn sibling_quotes_come_in_order() {
        assert_eq!(spans("「一」と『二』と〝三〟"), [("一", 0, false), ("二", 0, false), ("三", 0, false)]);
    }

    #[test]
    fn an_unclosed_quote_ends_at_the_paragraph_end() {
        let text = "前「閉じない";
        let quotes = find_quotes(text);
        assert_eq!(quotes[0].inner, 6..text.len());
        assert_eq!(quotes[0].outer, 3..text.len());
        assert!(quotes[0].unclosed);
    }

    #[test]
    fn empty_brackets_quote_nothing() {
        assert!(find_quotes("「」").is_empty());
        assert!(find_quotes("末尾「").is_empty());
        assert_eq!(spans("「」と「中身」"), [("中身", 0, false)]);
    }

    #[test]
    fn half_width_corner_brackets_are_quotes() {
        assert_eq!(spans("｢ﾃｽﾄ｣です"), [("ﾃｽﾄ", 0, false)]);
        assert_eq!(spans("｢a」b｣"), [("a」b", 0, false)], "a half-width quote closes with its own bracket");
    }

    #[test]
    fn stray_and_mismatched_closers_are_text() {
        assert!(find_quotes("」まだ』開いていない”").is_empty());
        assert_eq!(spans("「a』b」"), [("a』b", 0, false)]);
        assert_eq!(spans("a」「b」"), [("b", 0, false)]);
    }

    #[test]
    fn a_closer_for_an_outer_quote_cuts_the_inner_ones() {
        let text = "「a『b」c』";
        let quotes = find_quotes(text);
        assert_eq!(spans(text), [("a『b", 0, false), ("b", 1, true)]);
        // The cut quote ends right before the outer closer.
        assert_eq!(&text[quotes[1].outer.clone()], "『b");
    }

    #[test]
    fn apostrophes_do_not_open_or_close() {
        assert!(find_quotes("don’t stop, it’s O’Brien’s").is_empty());
        assert_eq!(spans("‘I don’t know’ she said"), [("I don’t know", 0, false)]);
        // A lone ‘ before a space opens nothing.
        assert!(find_quotes("a ‘ b").is_empty());
    }

    #[test]
    fn ascii_quotes_pair_up_in_latin_text() {
        assert_eq!(spans(r#"He said "hello" and "bye"."#), [("hello", 0, false), ("bye", 0, false)]);
        assert_eq!(spans(r#""a "b" c""#), [(r#"a "b" c"#, 0, false), ("b", 1, false)]);
        // An inch mark and a lone quote between spaces are text.
        assert!(find_quotes(r#"a 12" screen " here"#).is_empty());
        assert_eq!(spans(r#"「"SCO" です」"#), [(r#""SCO" です"#, 0, false), ("SCO", 1, false)]);
        assert_eq!(spans(r#"say "unfinished"#), [("unfinished", 0, true)]);
    }

    #[test]
    fn aozora_annotations_are_not_quotes() {
        assert_eq!(spans("一［＃「一」は中見出し］"), []);
        assert_eq!(spans("獰悪《どうあく》な［＃「獰悪」に傍点］「種族」だ"), [("種族", 0, false)]);
        assert_eq!(spans("「猫［＃「猫」に傍点］だ」"), [("猫［＃「猫」に傍点］だ", 0, false)]);
        // An annotation never closed is text like any other.
        assert_eq!(spans("［＃「未完"), [("未完", 0, true)]);
    }

    #[test]
    fn nesting_beyond_the_limit_is_text() {
        let text = "「".repeat(MAX_DEPTH + 5) + &"」".repeat(MAX_DEPTH + 5);
        let quotes = find_quotes(&text);
        assert_eq!(quotes.len(), MAX_DEPTH);
        assert!(quotes.iter().all(|q| !q.unclosed));
    }

    #[test]
    fn ranges_always_lie_on_char_boundaries() {
        for text in ["「a『b」c』", "‘x’y’", "“”“", "「「」", r#""""#, "『“‘〝"] {
            for q in find_quotes(text) {
                assert!(q.outer.start <= q.inner.start && q.inner.start <= q.inner.end);
                assert!(q.inner.end <= q.outer.end && q.outer.end <= text.len());
                for at in [q.inner.start, q.inner.end, q.outer.start, q.outer.end] {
                    assert!(text.is_char_boundary(at), "{text:?} {q:?}");
                }
            }
        }
    }

    #[test]
    fn the_article_has_the_expected_quotes() {
        let doc = Document::from_text(crate::EMBEDDED_ARTICLE).unwrap();
        let found: Vec<(usize, &str)> =
            all_quotes(&doc).iter().map(|(p, q)| (p + 1, &doc.paragraph(*p)[q.inner.clone()])).collect();
        assert_eq!(
            found,
            [
                (6, "黄金の30年"),
                (7, "3つの勢力"),
                (10, "中国観光年"),
                (10, "祖国のために歌え"),
                (12, "黄金時代"),
                (12, "一帯一路"),
                (12, "中国観光年"),
            ]
        );
    }

    #[test]
    fn the_index_steps_forward_and_backward_across_paragraphs() {
        let doc = Document::from_text("「a」「b」\n無し\n「c」").unwrap();
        let index = QuoteIndex::new(&doc);
        let r = |paragraph, index| Some(QuoteRef { paragraph, index });
        assert_eq!(index.next_from(&doc, 0, 0), r(0, 0));
        assert_eq!(index.next_from(&doc, 0, 1), r(0, 1));
        assert_eq!(index.next_from(&doc, 0, 7), r(0, 1));
        assert_eq!(index.next_from(&doc, 0, 8), r(2, 0));
        assert_eq!(index.next_from(&doc, 1, 0), r(2, 0));
        assert_eq!(index.next_from(&doc, 2, 1), None);
        assert_eq!(index.prev_before(&doc, 2, 0), r(0, 1));
        assert_eq!(index.prev_before(&doc, 1, usize::MAX), r(0, 1));
        assert_eq!(index.prev_before(&doc, 0, 6), r(0, 0));
        assert_eq!(index.prev_before(&doc, 0, 0), None);
        assert_eq!(index.prev_before(&doc, 99, usize::MAX), r(2, 0));
        let third = index.get(&doc, QuoteRef { paragraph: 2, index: 0 }).unwrap();
        assert_eq!(&doc.paragraph(2)[third.inner.clone()], "c");
        assert_eq!(index.get(&doc, QuoteRef { paragraph: 1, index: 0 }), None);
        assert_eq!(index.get(&doc, QuoteRef { paragraph: 9, index: 0 }), None);
    }
}
