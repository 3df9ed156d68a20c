//! Sentences of a paragraph, for selecting text a sentence at a time.
//!
//! A sentence ends after `。`, `！`, `？` (and `!`, `?`, `.` followed by a
//! space or the end, for Latin text), together with the closing brackets
//! and further stops right after it (`……だ。」` ends after the `」`,
//! `本当？！` after the `！`). Leading spaces belong to no sentence.

use std::ops::Range;

/// Whether `c` ends a sentence.
fn is_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡' | '‼' | '⁉' | '⁈' | '⁇')
}

/// Whether `c` may follow a stop and still belong to its sentence.
fn is_closer(c: char) -> bool {
    matches!(c, '」' | '』' | '）' | '〕' | '】' | '〉' | '》' | '”' | '’' | ')' | ']' | '"' | '\'' | '｣')
        || is_stop(c)
        || matches!(c, '!' | '?' | '.')
}

/// The sentences of `paragraph`, as byte ranges, in order. A paragraph
/// without a stop is one sentence.
pub fn sentences(paragraph: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            start = Some(i);
        }
        let latin_stop =
            matches!(c, '!' | '?' | '.') && chars.peek().is_none_or(|&(_, n)| n.is_whitespace() || is_closer(n));
        if is_stop(c) || latin_stop {
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if !is_closer(n) {
                    break;
                }
                end = j + n.len_utf8();
                chars.next();
            }
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        }
    }
    if let Some(s) = start {
        let end = paragraph.trim_end().len();
        if end > s {
            out.push(s..end);
        }
    }
    out
}

/// The sentence of `paragraph` containing byte `at` (or the first one
/// after it; the last when `at` is past them all).
pub fn sentence_at(paragraph: &str, at: usize) -> Option<Range<usize>> {
    let all = sentences(paragraph);
    let i = all.partition_point(|s| s.end <= at);
    all.get(i).or(all.last()).cloned()
}

/// The sentence after the one ending at `end`, if the paragraph has one.
pub fn sentence_after(paragraph: &str, end: usize) -> Option<Range<usize>> {
    sentences(paragraph).into_iter().find(|s| s.start >= end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &str) -> Vec<&str> {
        sentences(p).into_iter().map(|r| &p[r]).collect()
    }

    #[test]
    fn sentences_end_at_stops_and_keep_their_closing_brackets() {
        assert_eq!(
            texts("　彼は言った。「行くぞ。」そして出た！本当？！"),
            ["彼は言った。", "「行くぞ。」", "そして出た！", "本当？！"]
        );
        assert_eq!(texts("終わりのない文"), ["終わりのない文"]);
        assert_eq!(texts("It works. Really? Yes!"), ["It works.", "Really?", "Yes!"]);
        assert_eq!(texts("3.14 is pi."), ["3.14 is pi."], "a period inside a number ends nothing");
    }

    #[test]
    fn the_sentence_at_an_offset_and_the_next_one() {
        let p = "一つ目。二つ目。三つ目";
        let second = "一つ目。".len();
        assert_eq!(sentence_at(p, second + 3).map(|r| &p[r]), Some("二つ目。"));
        assert_eq!(sentence_after(p, second).map(|r| &p[r]), Some("二つ目。"));
        assert_eq!(sentence_after(p, p.len()), None);
    }
}
