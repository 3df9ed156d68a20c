//! Make document text inert before it can reach a terminal.
//!
//! A text file may contain escape sequences or other control characters that a
//! terminal would obey (move the cursor, change colours, set the window title).
//! Every document goes through [`sanitize`] when it is loaded, so the rest of the
//! program can draw paragraph text as it is.
//!
//! Stand-ins keep the text readable: `␛[2J` shows that an escape sequence was
//! there without obeying it.

use std::borrow::Cow;

/// Whether `c` must be replaced before display: C0 and C1 controls (tab,
/// line feed and carriage return are left alone: tabs are laid out as cells,
/// and line ends split paragraphs before any text is drawn), DEL, the
/// Unicode line and paragraph separators, and the bidirectional embedding,
/// override and isolate controls, which some terminals obey and which can
/// make text on screen read differently from the text itself.
pub fn is_unsafe_control(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// The visible stand-in for an unsafe control character.
///
/// C0 controls and DEL become their Unicode "control picture" (`␛` for ESC),
/// which are one cell wide and not East Asian Ambiguous; the line-ending
/// ones (NEL, the line and paragraph separators) become line feeds, so they
/// end paragraphs as they mean to; the others have no picture and become
/// U+FFFD.
pub fn stand_in(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
        _ => '\u{fffd}',
    }
}

/// Replace every unsafe control character in `text` by its stand-in.
///
/// Borrows when there is nothing to replace, which is the common case; the scan
/// looks at bytes only, because every unsafe character is a byte below 0x20,
/// 0x7f, or 0xc2 followed by 0x80–0x9f (the C1 controls), and scans in
/// blocks the compiler can vectorise: a clean 100 MB text costs a few
/// milliseconds and is never copied.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = first_unsafe(bytes) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if is_unsafe_control(c) {
            out.push(stand_in(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Where the first unsafe character starts, if any.
fn first_unsafe(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 64;
    let mut start = 0;
    while start + BLOCK <= bytes.len() {
        let block = &bytes[start..start + BLOCK];
        // Branch-free over the block, so it vectorises; exact check only
        // for the rare block that may hold something.
        if block.iter().fold(false, |seen, &b| seen | may_be_unsafe(b))
            && let Some(i) = exact_first_unsafe(bytes, start, start + BLOCK)
        {
            return Some(i);
        }
        start += BLOCK;
    }
    exact_first_unsafe(bytes, start, bytes.len())
}

/// A byte that is, or may start, an unsafe character: C0 and DEL bytes,
/// 0xC2 (C1 controls), 0xE2 (U+2028–U+202E, U+2066–U+2069).
fn may_be_unsafe(b: u8) -> bool {
    (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f || b == 0xc2 || b == 0xe2
}

fn exact_first_unsafe(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    (from..to).find(|&i| {
        let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        match bytes[i] {
            0xc2 => (0x80..=0x9f).contains(&at(1)),
            0xe2 => {
                (at(1) == 0x80 && (0xa8..=0xae).contains(&at(2))) || (at(1) == 0x81 && (0xa6..=0xa9).contains(&at(2)))
            }
            b => may_be_unsafe(b),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_pictures() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\u{241b}[31mb");
        assert_eq!(sanitize("bell\u{7}"), "bell\u{2407}");
        assert_eq!(sanitize("del\u{7f}"), "del\u{2421}");
    }

    #[test]
    fn c1_controls_are_replaced_but_latin1_letters_kept() {
        assert_eq!(sanitize("x\u{9b}31m é ¢"), "x\u{fffd}31m é ¢");
    }

    #[test]
    fn bidi_controls_are_replaced_and_unicode_line_ends_become_line_feeds() {
        assert_eq!(sanitize("a\u{202e}b\u{2067}c"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(sanitize("一\u{2028}二\u{2029}三\u{85}四"), "一\n二\n三\n四");
        // Common characters sharing the lead byte 0xE2 are kept, without a copy.
        let text = "…“引用”—※→".repeat(30);
        assert!(matches!(sanitize(&text), Cow::Borrowed(_)));
    }

    #[test]
    fn latin1_punctuation_does_not_force_a_copy() {
        let text = "気温は30°、±2、a·b ".repeat(20);
        assert!(matches!(sanitize(&text), Cow::Borrowed(_)));
        // A C1 control far into a long text is still found.
        let long = format!("{}\u{9b}", "°".repeat(100));
        assert_eq!(sanitize(&long), format!("{}\u{fffd}", "°".repeat(100)));
        let late = format!("{}\u{1b}", "a".repeat(200));
        assert_eq!(sanitize(&late), format!("{}\u{241b}", "a".repeat(200)));
    }

    #[test]
    fn tabs_and_line_ends_are_kept_and_clean_text_is_borrowed() {
        assert!(matches!(sanitize("a\tb\r\nc"), Cow::Borrowed(_)));
        assert!(matches!(sanitize("日本語のテキスト"), Cow::Borrowed(_)));
    }
}
