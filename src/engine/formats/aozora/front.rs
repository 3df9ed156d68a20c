//! The parts of an Aozora Bunko file around the work: the header (title,
//! author, translator), the notation legend that follows it, and the
//! colophon (底本, 入力, 校正) at the end. Found on the raw text before it
//! is parsed, by looking at a few lines at each end.

use std::ops::Range;

use memchr::memmem;

/// The legend's heading.
const LEGEND: &str = "【テキスト中に現れる記号について】";
/// The colophon's first line starts with this.
const COLOPHON: &str = "底本：";
/// A header has at most this many lines (title, subtitle, original title,
/// author, translator, and one to spare).
const MAX_HEADER_LINES: usize = 6;
/// The legend and the header are looked for in this many first bytes.
const HEAD_BYTES: usize = 64 * 1024;
/// The colophon is looked for in this many last bytes.
const TAIL_BYTES: usize = 64 * 1024;

/// Where the header, legend and colophon are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Front {
    /// How many source lines the header has (0 when there is none).
    pub header_lines: usize,
    /// The legend's bytes, from the start of the hyphen line before it to
    /// the end of the line end after the closing hyphen line.
    pub legend: Option<Range<usize>>,
    /// Where the colophon's first line starts.
    pub colophon: Option<usize>,
}

/// Find the header, legend and colophon of `text`.
pub(super) fn find(text: &str) -> Front {
    let legend = legend(text);
    let header_end = legend.as_ref().map_or(head_end(text), |l| l.start);
    let header_lines = match &legend {
        Some(_) => header_lines(&text[..header_end]),
        // Without the legend (an excerpt, a web novel's chapter in the
        // notation), only lines that read as a title and an author are a
        // header: body text is not centred and made the book's title.
        None => header_lines(&text[..header_end]).min(title_like_lines(&text[..header_end])),
    };
    let search_from = legend.as_ref().map_or(0, |l| l.end);
    Front { header_lines, legend, colophon: colophon(text, search_from) }
}

fn head_end(text: &str) -> usize {
    text.floor_char_boundary(HEAD_BYTES.min(text.len()))
}

/// The lines of `text` with the byte offset where each starts and where its
/// line end ends.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let rest = &text[at..];
        let len = memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len());
        let mut next = at + len;
        if rest.as_bytes().get(len) == Some(&b'\r') && rest.as_bytes().get(len + 1) == Some(&b'\n') {
            next += 2;
        } else if len < rest.len() {
            next += 1;
        }
        let line = (at, &rest[..len], next);
        at = next;
        Some(line)
    })
}

fn is_rule(line: &str) -> bool {
    let line = line.trim_end();
    line.len() >= 10 && line.bytes().all(|b| b == b'-')
}

/// The legend: the hyphen line before its heading through the closing one.
fn legend(text: &str) -> Option<Range<usize>> {
    let head = &text[..head_end(text)];
    let heading = memmem::find(head.as_bytes(), LEGEND.as_bytes())?;
    let mut start = None;
    for (at, line, next) in lines(head) {
        if next <= heading {
            if is_rule(line) {
                start = Some(at);
            } else if !line.trim().is_empty() {
                start = None;
            }
            continue;
        }
        if at > heading && is_rule(line) {
            return Some(start.unwrap_or(heading)..next);
        }
    }
    None
}

/// How many of the first lines read as a title or a name, before a blank
/// line that more text follows: short, not indented, not opening with a
/// quote, not ending a sentence. 0 when the first lines are body text.
fn title_like_lines(head: &str) -> usize {
    let mut lines = lines(head);
    let block: Vec<&str> = lines.by_ref().map(|(_, line, _)| line).take_while(|line| !line.trim().is_empty()).collect();
    let more_follows = lines.any(|(_, line, _)| !line.trim().is_empty());
    let title_like = |line: &&str| {
        let line = line.trim_end();
        line.chars().count() <= 40
            && !line.starts_with(|c: char| c.is_whitespace() || "「『（“(".contains(c))
            && !line.ends_with(|c: char| "。、．，！？!?」』）".contains(c))
    };
    if more_follows && block.len() <= 4 && block.iter().all(title_like) { block.len() } else { 0 }
}

/// Non-blank lines at the start, before a blank or hyphen line.
fn header_lines(head: &str) -> usize {
    let count = lines(head).take_while(|(_, line, _)| !line.trim().is_empty() && !is_rule(line)).count();
    if count <= MAX_HEADER_LINES { count } else { 0 }
}

/// The first line starting with `底本：` near the end, after `from`.
fn colophon(text: &str, from: usize) -> Option<usize> {
    let tail_start = text.floor_char_boundary(text.len().saturating_sub(TAIL_BYTES)).max(from);
    let tail = text.get(tail_start..)?;
    let needle = format!("\n{COLOPHON}");
    if tail_start == 0 && tail.starts_with(COLOPHON) {
        return Some(0);
    }
    memmem::find(tail.as_bytes(), needle.as_bytes()).map(|i| tail_start + i + 1)
}

/// Title and authors from the header's lines (reading text): the first line
/// is the title; the last line that is no translator's or editor's credit
/// (`…訳`, `…編`) is the author, and the credits after it are authors too,
/// as written. Lines between title and author (a subtitle, an original
/// title) are not metadata.
pub(super) fn title_and_authors(header: &[&str]) -> (Option<String>, Vec<String>) {
    let clean = |line: &str| line.trim_matches(|c: char| c.is_whitespace()).to_owned();
    let Some((title, rest)) = header.split_first() else {
        return (None, Vec::new());
    };
    let credits = rest.iter().rev().take_while(|line| is_credit(line)).count();
    let author_at = rest.len().saturating_sub(credits + 1);
    let authors =
        rest.get(author_at..).unwrap_or_default().iter().map(|l| clean(l)).filter(|l| !l.is_empty()).collect();
    (Some(clean(title)).filter(|t| !t.is_empty()), authors)
}

/// A translator's, editor's or reviser's credit line.
fn is_credit(line: &str) -> bool {
    let line = line.trim_end();
    ["訳", "譯", "編", "編訳", "編集", "校訂", "訳注", "監修", "選", "補"].iter().any(|s| line.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "心理試験\n江戸川乱歩\n\n-------\n-------------------------------------------------------\n【テキスト中に現れる記号について】\n\n《》：ルビ\n-------------------------------------------------------\n\n本文\n";

    #[test]
    fn the_legend_runs_from_rule_to_rule() {
        let front = find(HEAD);
        let legend = front.legend.clone().unwrap();
        assert!(HEAD[legend.clone()].starts_with("-----------"));
        assert!(HEAD[legend.clone()].ends_with("-------\n"));
        assert_eq!(&HEAD[legend.end..], "\n本文\n");
        assert_eq!(front.header_lines, 2);
    }

    #[test]
    fn crlf_lines_and_a_missing_closing_rule() {
        let text = HEAD.replace('\n', "\r\n");
        let legend = find(&text).legend.unwrap();
        assert_eq!(&text[legend.end..], "\r\n本文\r\n");
        assert_eq!(find("題\n【テキスト中に現れる記号について】\n本文").legend, None);
    }

    #[test]
    fn the_colophon_is_the_line_starting_with_teihon() {
        let text = "題\n\n本文\n底本：「本」\n入力：誰か\n";
        assert_eq!(find(text).colophon, Some(text.find("底本").unwrap()));
        assert_eq!(find("底本：「本」").colophon, Some(0));
        assert_eq!(find("本文で底本：と書く\n").colophon, None);
    }

    #[test]
    fn header_lines_end_at_a_blank_line() {
        assert_eq!(find("題\n著者\n訳者訳\n\n本文").header_lines, 3);
        assert_eq!(find("一\n二\n三\n四\n五\n六\n七\n").header_lines, 0, "a text with no blank line has no header");
    }

    #[test]
    fn authors_include_translators_but_not_subtitles() {
        let (title, authors) = title_and_authors(&["盗まれた手紙", "エドガー・アラン・ポー", "佐々木直次郎訳"]);
        assert_eq!(title.as_deref(), Some("盗まれた手紙"));
        assert_eq!(authors, ["エドガー・アラン・ポー", "佐々木直次郎訳"]);
        let (title, authors) = title_and_authors(&["ドグラ・マグラ", "夢野久作"]);
        assert_eq!((title.as_deref(), authors.as_slice()), (Some("ドグラ・マグラ"), &["夢野久作".to_owned()][..]));
        let (_, authors) = title_and_authors(&["題", "副題", "著者"]);
        assert_eq!(authors, ["著者"]);
        assert_eq!(title_and_authors(&["題"]), (Some("題".into()), vec![]));
    }
}
