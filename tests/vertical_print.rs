//! `emaki --print --vertical`: the pages read back column by column (right
//! to left, top to bottom, presentation forms mapped back, 縦中横 slots read
//! as their digits) give every paragraph's text, in order, for the article
//! and both shared novels at several page sizes; no column is longer than
//! the page (every page has exactly its rows, and nothing is lost past
//! them); columns keep the line-breaking rules at their tops and bottoms.
//!
//! The reading back is written here from the output format the README and
//! `--help` describe (column k of a page in cells `W-3k-2` and `W-3k-1`),
//! with its own small table of the vertical forms, never with emaki's code.

mod common;

use common::*;
use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

const SIZES: [(usize, usize); 4] = [(20, 10), (41, 20), (80, 24), (120, 40)];

/// NFKC, except for `…` and `‥`, which it would make three and two
/// periods (and so, characters that may not start a line).
fn fold(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c == '…' || c == '‥' {
            out.push(c);
        } else {
            out.extend(c.to_string().nfkc());
        }
    }
    out
}

/// The text of one 2-cell slot as the horizontal text had it.
fn read_slot(slot: &str) -> String {
    let slot = slot.trim_matches(' ');
    let mapped: String = slot
        .chars()
        .map(|c| {
            match c {
                '丨' => "ー",
                '︴' => "〜",
                '︙' => "…",
                '︰' => "‥",
                '︱' => "—",
                '〝' => "“",
                '〟' => "”",
                // The くの字点's halves: Aozora Bunko's ／＼ and ／″＼.
                '〳' => "／",
                '〴' => "／″",
                '〵' => "＼",
                other => return other.to_string(),
            }
            .to_owned()
        })
        .collect();
    fold(&mapped)
}

/// What the paragraphs say, in the same normal form the slots are read in:
/// NFKC, no spaces (spaces are blank slots or dropped at breaks), the
/// characters that share a vertical form made one.
fn normal(text: &str) -> String {
    fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '～' | '~' => '〜',
            '―' => '—',
            other => other,
        })
        .collect()
}

/// One page: its rows cut into cells (a wide character's second cell is
/// an empty string).
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in row.chars() {
        match c.width().unwrap_or(0) {
            0 => {
                if let Some(last) = out.last_mut() {
                    let last: &mut String = last;
                    last.push(c);
                }
            }
            2 => {
                out.push(c.to_string());
                out.push(String::new());
            }
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// Columns of the output, right to left, page by page: each column's text
/// (empty for a blank column), and the rows it had room for (below any
/// indent: blank rows at its top).
fn columns(output: &str, width: usize, height: usize) -> (Vec<String>, Vec<usize>) {
    let mut columns = Vec::new();
    let mut rooms = Vec::new();
    for page in output.split("\x0c\n").filter(|p| !p.is_empty()) {
        let rows: Vec<Vec<String>> = page.lines().map(cells).collect();
        assert_eq!(rows.len(), height, "a page has exactly {height} rows");
        for row in &rows {
            assert_eq!(row.len(), width, "every row is {width} cells: {:?}", row.concat());
        }
        let mut page_columns = Vec::new();
        let mut k = 0;
        while 3 * k + 2 <= width {
            let x = width - 3 * k - 2;
            let slots: Vec<String> = rows.iter().map(|r| read_slot(&format!("{}{}", r[x], r[x + 1]))).collect();
            let indent = slots.iter().take_while(|s| s.is_empty()).count();
            page_columns.push((slots.concat(), height - indent.min(height)));
            k += 1;
        }
        // Blank columns at the left of a page are just unused space.
        while page_columns.last().is_some_and(|(text, _)| text.is_empty()) {
            page_columns.pop();
        }
        for (text, room) in page_columns {
            columns.push(text);
            rooms.push(room);
        }
    }
    (columns, rooms)
}

/// The paragraphs of `path` as emaki reads them (`--print --ruby off`, one
/// paragraph a block), in the normal form.
fn paragraphs(path: &str) -> Vec<(String, String)> {
    let printed = emaki(&["--print", "--ruby", "off", "--width", "10000", path]);
    // A box (罫囲み) is drawn around its paragraphs in horizontal text and
    // not in vertical text: its rules and side bars are not the text.
    let mut unboxed = String::new();
    let mut in_box = false;
    for line in printed.ok().lines() {
        if line.starts_with('┌') && line.ends_with('┐') {
            in_box = true;
            continue;
        }
        if in_box && line.starts_with('└') && line.ends_with('┘') {
            in_box = false;
            continue;
        }
        let line =
            if in_box { line.strip_prefix('│').and_then(|l| l.strip_suffix('│')).unwrap_or(line) } else { line };
        unboxed.push_str(if in_box && line.trim().is_empty() { "" } else { line });
        unboxed.push('\n');
    }
    unboxed
        .split("\n\n")
        .filter(|block| !block.starts_with("# "))
        .map(|block| (normal(block), block.to_owned()))
        .filter(|(p, _)| !p.is_empty())
        .collect()
}

/// Whether `text` has a run of at least `n` blank characters (a column of
/// them is a blank column inside a paragraph).
fn has_blank_run(text: &str, n: usize) -> bool {
    let mut run = 0;
    text.chars().any(|c| {
        run = if c.is_whitespace() { run + 1 } else { 0 };
        run >= n
    })
}

/// Characters that may not start a line (CSS strict), and not end one.
const NO_START: &str =
    "’”)]}〕〉》」』】｠〙〗»〟‐〜゠–!?‼⁇⁈⁉:;。.、,…‥ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶヽヾゝゞ々〻・";
const NO_END: &str = "‘“([{〔〈《「『【｟〘〖«〝";

/// Whether no rule lets a line break between `a` and `b`.
fn glued(a: char, b: char) -> bool {
    NO_START.contains(b)
        || NO_END.contains(a)
        || (a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
        || (a == b && "—…‥".contains(a))
}

/// How many characters around position `at` of `stream` no rule lets break.
fn glued_run(stream: &[char], at: usize) -> usize {
    let mut start = at;
    while start > 1 && glued(stream[start - 2], stream[start - 1]) {
        start -= 1;
    }
    let mut end = at;
    while end < stream.len() && end > 0 && glued(stream[end - 1], stream[end]) {
        end += 1;
    }
    end - start.saturating_sub(1)
}

fn check(path: &str) {
    let expected = paragraphs(path);
    let all: String = expected.iter().map(|(p, _)| p.as_str()).collect();
    // Where each paragraph ends in the stream of text.
    let mut boundaries = Vec::new();
    let mut at = 0;
    for (p, _) in &expected {
        at += p.chars().count();
        boundaries.push(at);
    }
    for (width, height) in SIZES {
        let (w, h) = (width.to_string(), height.to_string());
        let run = emaki(&["--print", "--vertical", "--ruby", "off", "--width", &w, "--height", &h, path]);
        let (columns, rooms) = columns(run.ok(), width, height);
        let read: String = columns.concat();
        assert!(read == all, "{path} at {width}x{height}: the columns do not give back the text");
        // A blank column only ever stands between paragraphs.
        let mut at = 0;
        for (i, column) in columns.iter().enumerate() {
            if column.is_empty() && !boundaries.contains(&at) {
                // Inside a paragraph only where it has a column's worth of spaces.
                let p = boundaries.partition_point(|&b| b <= at);
                assert!(
                    has_blank_run(&expected[p].1, height),
                    "{path} {width}x{height}: blank column {i} inside paragraph {p}"
                );
            }
            at += column.chars().count();
        }
        // Kinsoku at column tops and bottoms, unless no legal break existed:
        // the text around the break that no rule lets break is longer than
        // a column (a row of ……？？？……。 longer than the page, or a
        // paragraph indented nine characters in a column of ten).
        let stream: Vec<char> = read.chars().collect();
        let mut at = 0;
        for (i, pair) in columns.windows(2).enumerate() {
            at += pair[0].chars().count();
            if pair[0].is_empty() || pair[1].is_empty() || boundaries.contains(&at) {
                continue;
            }
            let bad_start = pair[1].chars().next().is_some_and(|c| NO_START.contains(c));
            let bad_end = pair[0].chars().last().is_some_and(|c| NO_END.contains(c));
            // The next column's room (an indented block has less than the page).
            if (bad_start || bad_end) && glued_run(&stream, at) <= rooms[i + 1] {
                panic!("{path} {width}x{height}: column {} breaks kinsoku: {} | {}", i + 1, pair[0], pair[1]);
            }
        }
    }
}

#[test]
fn the_article_reads_back_at_every_size() {
    check(article_path().to_str().unwrap());
}

#[test]
fn the_psychological_test_reads_back_at_every_size() {
    check(repo_file("tests/data/edogawa_shinri-shiken.utf8.txt").to_str().unwrap());
}

#[test]
fn dogra_magra_reads_back_at_every_size() {
    check(repo_file("tests/data/yumeno_dogra-magra.utf8.txt").to_str().unwrap());
}

#[test]
fn years_stand_upright_and_short_numbers_share_a_slot() {
    let run =
        emaki_with_stdin(&["--print", "--vertical", "--width", "3", "--height", "12", "-"], "2024年7月30日".as_bytes());
    let rows: Vec<String> = run.ok().lines().take(12).map(|r| r.trim_end().to_owned()).collect();
    assert_eq!(rows, [" ２", " ０", " ２", " ４", " 年", " 7", " 月", " 30", " 日", "", "", ""]);
}
