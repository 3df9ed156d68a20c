//! Small pieces of notation made plain: the text an annotation quotes
//! (`［＃「鼾声雷の如く」は…］` names the reading text, but a transcriber may
//! quote it with its ruby or a missing-glyph note), a ruby reading, a
//! missing glyph's description. Ruby readings and annotations are dropped,
//! missing glyphs resolved.

use std::borrow::Cow;

use super::gaiji;

/// `［＃`, which opens an annotation.
pub(super) const OPEN: &str = "［＃";
/// `］`, which closes one.
pub(super) const CLOSE: &str = "］";
/// Annotations longer than this are not looked for: none of the notation's
/// forms comes near, and a bound keeps a stray `［＃` on a long line from
/// costing a scan of all of it.
pub(super) const MAX_ANNOTATION_BYTES: usize = 4096;

/// Where the `］` closing an annotation whose inside starts at `from` is,
/// before `limit`: nested annotations (a missing glyph quoted in a
/// reference) are skipped.
pub(super) fn annotation_end(bytes: &[u8], from: usize, limit: usize) -> Option<usize> {
    let limit = limit.min(from.saturating_add(MAX_ANNOTATION_BYTES)).min(bytes.len());
    let mut depth = 0usize;
    let mut at = from;
    while at < limit {
        at += memchr::memchr(0xef, &bytes[at..limit])?;
        let rest = &bytes[at..];
        if rest.starts_with(OPEN.as_bytes()) {
            depth += 1;
            at += OPEN.len();
        } else if rest.starts_with(CLOSE.as_bytes()) {
            if depth == 0 {
                return Some(at);
            }
            depth -= 1;
            at += CLOSE.len();
        } else {
            at += 1;
        }
    }
    None
}

/// `text` without ruby readings, `｜` and annotations, missing glyphs
/// resolved (or their descriptions), and never holding `［＃`.
pub(super) fn plain(text: &str) -> Cow<'_, str> {
    if !text.contains(['《', '｜', '［']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['《', '｜', '［']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix('｜') {
            rest = after;
        } else if let Some(after) = rest.strip_prefix('《') {
            // A reading inside a quoted text is not part of it.
            match after.find('》') {
                Some(end) => rest = &after[end + '》'.len_utf8()..],
                None => {
                    out.push('《');
                    rest = after;
                }
            }
        } else if let Some(inside) = rest.strip_prefix(OPEN) {
            match annotation_end(inside.as_bytes(), 0, inside.len()) {
                Some(end) => {
                    if out.ends_with('※') {
                        out.pop();
                        gaiji::resolve(&inside[..end]).push_shown(&mut out);
                    }
                    rest = &inside[end + CLOSE.len()..];
                }
                None => rest = inside,
            }
        } else {
            out.push('［');
            rest = &rest['［'.len_utf8()..];
        }
    }
    out.push_str(rest);
    while let Some(at) = out.find(OPEN) {
        out.replace_range(at + '［'.len_utf8()..at + OPEN.len(), "");
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_is_read_as_the_reading_text() {
        assert_eq!(plain("鼾声《かんせい》雷《らい》の如く"), "鼾声雷の如く");
        assert_eq!(plain("小｜楷字《かいじ》"), "小楷字");
        assert_eq!(plain("流※［＃「螢」の「虫」に代えて「火」、第3水準1-87-61］"), "流熒");
        assert_eq!(plain("顳※［＃「需＋頁」、ページ数-行数］"), "顳〔需＋頁〕");
        assert_eq!(plain("かな［＃「かな」は底本では「がな」］"), "かな");
        assert_eq!(plain("plain"), "plain");
    }

    #[test]
    fn broken_notation_never_leaves_an_annotation_opener() {
        assert_eq!(plain("あ［＃い"), "あい");
        assert_eq!(plain("［［＃x］＃"), "［");
        assert_eq!(plain("［"), "［");
        assert_eq!(plain("《》《"), "《");
        assert!(!plain("［［＃［＃］］＃＃").contains(OPEN));
    }

    #[test]
    fn annotation_ends_skip_nested_annotations() {
        let text = "「※［＃「a」、1-1-1］」に傍点］後";
        let end = annotation_end(text.as_bytes(), 0, text.len()).unwrap();
        assert_eq!(&text[end..], "］後");
        assert_eq!(annotation_end("「a".as_bytes(), 0, 4), None);
    }
}
