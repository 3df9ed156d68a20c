//! Hard-wrapped plain text: e-texts broken every 33 or 70 characters
//! (Project Gutenberg's 紅樓夢, English e-texts), whose paragraphs span
//! several lines. Read line by line, every line would be a paragraph and
//! sentences would break mid-screen; [`join`] puts each paragraph's lines
//! back together.
//!
//! Detection ([`wrap_width`]): most lines end near one width, and that width
//! is a typing width (20–160 cells), not the length of a long paragraph.
//! Joining: a line continues the paragraph of the line before when that
//! line was full (it ended near the wrap width) and this one neither
//! follows a blank line, nor starts with an indent (spaces, a tab, `　`),
//! nor is a chapter heading (`第一回　…`, `Chapter 3`). CJK lines join
//! without a space, Latin lines with one.

use unicode_width::UnicodeWidthStr;

/// Lines looked at to decide (enough for a pattern, cheap on any size).
const SAMPLE_LINES: usize = 4000;

/// The width (cells) a text was hard-wrapped at, or `None` when it does not
/// look hard-wrapped.
pub fn wrap_width(text: &str) -> Option<usize> {
    let widths: Vec<usize> = text
        .lines()
        .map(|l| l.trim_end())
        .filter(|l| !l.trim_start().is_empty())
        .take(SAMPLE_LINES)
        .map(|l| l.width())
        .collect();
    if widths.len() < 10 {
        return None;
    }
    let mut sorted = widths.clone();
    sorted.sort_unstable();
    // The wrap width: what the longer lines reach (a few lines may run
    // over it, a heading or a long word).
    let wrap = sorted[sorted.len() * 9 / 10];
    if !(20..=160).contains(&wrap) {
        return None;
    }
    let full = widths.iter().filter(|&&w| is_full(w, wrap)).count();
    let over = widths.iter().filter(|&&w| w > wrap + wrap / 8 + 2).count();
    (full * 2 >= widths.len() && over * 20 <= widths.len()).then_some(wrap)
}

/// The width (cells) of the widest line: the wrap width to join at when
/// the user asks for joining and detection found none.
pub fn widest_line(text: &str) -> Option<usize> {
    text.lines().map(|l| l.trim_end().width()).max().filter(|&w| w > 0)
}

/// Whether a line of `width` cells was filled up to the wrap width.
fn is_full(width: usize, wrap: usize) -> bool {
    width * 4 >= wrap * 3 && width <= wrap + wrap / 8 + 2
}

/// `text` with the lines of each paragraph joined (see the module
/// documentation); blank lines between paragraphs are kept.
pub fn join(text: &str, wrap: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            out.push('\n');
            out.push('\n');
            previous = None;
            continue;
        }
        let continues = previous.is_some_and(|p| is_full(p.width(), wrap)) && !starts_paragraph(line);
        match previous {
            Some(p) if continues => {
                let (last, first) = (p.chars().next_back(), line.chars().next());
                if last.is_some_and(is_spaced) && first.is_some_and(is_spaced) {
                    out.push(' ');
                }
                out.push_str(line.trim_start());
            }
            Some(_) => {
                out.push('\n');
                out.push_str(line);
            }
            None => out.push_str(line),
        }
        previous = Some(line);
    }
    out
}

/// Whether `line` begins a paragraph whatever came before it.
fn starts_paragraph(line: &str) -> bool {
    line.starts_with([' ', '\t', '\u{3000}'])
        || crate::engine::scenes::ChapterRules::embedded_ref().is_title_line(line.trim())
}

/// Characters written with spaces between words (Latin letters, digits,
/// punctuation): a line break between two of them was a space.
fn is_spaced(c: char) -> bool {
    !matches!(unicode_width::UnicodeWidthChar::width(c), Some(2)) && !c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> String {
        let paragraph = "The quick brown fox jumps over the lazy dog and runs far away into the hills \
                         where nobody can find it, not even the farmer who has been looking for it all \
                         day long with his old dog and a lantern in his hand.";
        let wrapped = textwrap(paragraph, 60);
        format!("CHAPTER I\n\n{wrapped}\n\n{wrapped}\n\n{wrapped}\n")
    }

    /// Greedy wrapping at `width` columns (spaces only), as e-texts are made.
    fn textwrap(text: &str, width: usize) -> String {
        let mut lines = vec![String::new()];
        for word in text.split(' ') {
            let line = lines.last_mut().unwrap();
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                lines.push(word.to_owned());
            } else {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
        }
        lines.join("\n")
    }

    #[test]
    fn hard_wrapped_english_is_detected_and_joined_with_spaces() {
        let text = english();
        let wrap = wrap_width(&text).expect("hard-wrapped");
        assert!((50..=60).contains(&wrap), "{wrap}");
        let joined = join(&text, wrap);
        let paragraphs: Vec<&str> = joined.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
        assert_eq!(paragraphs.len(), 4, "{joined}");
        assert!(paragraphs[1].starts_with("The quick brown fox jumps over the lazy dog and runs far away"));
        assert!(paragraphs[1].contains("looking for it all day long"), "a space where the line broke");
        assert!(!paragraphs[1].contains('\n'));
    }

    #[test]
    fn hard_wrapped_chinese_joins_without_spaces_and_keeps_chapter_headings() {
        let sentence =
            "此開卷第一回也作者自云因曾歷過一番夢幻之後故將真事隱去而借通靈之說撰此石頭記一書也故曰甄士隱云云";
        let body: String = sentence.repeat(4);
        let chars: Vec<char> = body.chars().collect();
        let lines: Vec<String> = chars.chunks(33).map(|c| c.iter().collect()).collect();
        let text =
            format!("第一回　甄士隱夢幻識通靈\n{}\n第二回　賈夫人仙逝揚州城\n{}\n", lines.join("\n"), lines.join("\n"));
        let wrap = wrap_width(&text).expect("hard-wrapped at 33 characters");
        assert_eq!(wrap, 66);
        let joined = join(&text, wrap);
        let paragraphs: Vec<&str> = joined.lines().collect();
        assert_eq!(paragraphs, ["第一回　甄士隱夢幻識通靈", body.as_str(), "第二回　賈夫人仙逝揚州城", body.as_str()]);
    }

    #[test]
    fn texts_of_long_paragraphs_are_not_hard_wrapped() {
        assert_eq!(wrap_width(crate::EMBEDDED_ARTICLE), None, "the article's lines are paragraphs");
        let novel = include_str!("../../../tests/data/edogawa_shinri-shiken.utf8.txt");
        assert_eq!(wrap_width(novel), None);
        assert_eq!(wrap_width("短い\n行\nだけ\n"), None);
    }
}
