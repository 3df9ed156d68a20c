//! `emaki --print`: every paragraph's text, in order, at any width, with no
//! line wider than the width (measured here, not by the code under test).

mod common;

use common::*;

/// Check `--print --width N` of the embedded article: scene headings where
/// the table says, each paragraph reproduced, every line at most N cells.
fn check_article_at(width: usize) {
    let run = emaki(&["--print", "--width", &width.to_string()]);
    let out = run.ok();
    for line in out.lines() {
        assert!(cells(line) <= width, "line wider than {width}: {line:?} ({} cells)", cells(line));
    }
    let paragraphs = article_paragraphs();
    let mut blocks = blocks(out).into_iter();
    for (number, (_, ja, en, first, last)) in ARTICLE_SCENES.iter().enumerate() {
        let heading = blocks.next().expect("a scene heading");
        // One line: the heading, or as much of it as fits with `~` for the rest.
        let full = format!("# {} {ja} {en}", number + 1);
        assert_eq!(heading.len(), 1, "width {width}: a heading is one line: {heading:?}");
        let shown = heading[0].strip_suffix('~').unwrap_or(heading[0]);
        assert!(full.starts_with(shown) && !shown.is_empty(), "width {width}: {heading:?} is not {full:?}");
        assert!(heading[0] == full || heading[0].ends_with('~') || width <= 2, "width {width}: {heading:?}");
        for p in *first..=*last {
            let block = blocks.next().unwrap_or_else(|| panic!("width {width}: paragraph {p} missing"));
            assert_reproduces(&block, &paragraphs[p as usize - 1]);
        }
    }
    assert_eq!(blocks.next(), None, "nothing after the last paragraph");
}

#[test]
fn print_at_width_80_reproduces_every_paragraph() {
    check_article_at(80);
}

#[test]
fn print_at_width_30_reproduces_every_paragraph() {
    check_article_at(30);
}

#[test]
fn print_at_prime_width_17_reproduces_every_paragraph() {
    check_article_at(17);
}

#[test]
fn print_at_narrow_widths_reproduces_every_paragraph() {
    for width in [2, 3, 10] {
        check_article_at(width);
    }
}

#[test]
fn headings_have_the_number_and_both_titles() {
    let out = emaki(&["--print", "--width", "80"]).ok().to_owned();
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(
        headings,
        [
            "# 1 到着 Arrival",
            "# 2 歓迎式典 Ceremony",
            "# 3 小規模会談 Small talks",
            "# 4 拡大会談 Broad talks",
            "# 5 署名 Signing",
            "# 6 晩餐会 Banquet",
        ]
    );
    assert!(out.starts_with("# 1 到着 Arrival\n\n現地時間"), "{}", &out[..60]);
}

#[test]
fn without_a_terminal_the_width_is_80() {
    let default = emaki(&["--print"]).ok().to_owned();
    assert_eq!(default, emaki(&["--print", "--width", "80"]).ok());
    assert!(default.lines().any(|l| cells(l) > 70), "the width is used, not something narrower");
}

#[test]
fn width_1_never_overflows_wide_characters_get_a_stand_in() {
    let out = emaki(&["--print", "--width", "1"]).ok().to_owned();
    assert!(out.lines().all(|l| cells(l) <= 1), "a line is wider than 1");
    assert!(out.lines().any(|l| l == "?"));
}

#[test]
fn headings_stay_headings_at_the_narrowest_widths() {
    for (width, first) in [("1", "#"), ("2", "# "), ("3", "# ~")] {
        let out = emaki(&["--print", "--width", width]).ok().to_owned();
        assert_eq!(out.lines().next(), Some(first), "at width {width}");
    }
}

#[test]
fn tabs_are_expanded_to_spaces() {
    let run = emaki_with_stdin(&["--print", "--width", "20", "-"], b"a\tb\txyz\n");
    let body = blocks(run.ok())[1].clone();
    assert_eq!(body, ["a   b   xyz"]);
}

#[test]
fn ambiguous_width_flag_reaches_the_layout() {
    let text = "○○○○○○○○\n".as_bytes();
    for (flag, per_line) in [("narrow", 8), ("wide", 4)] {
        let run = emaki_with_stdin(&["--print", "--width", "8", "--ambiguous", flag, "-"], text);
        let body = blocks(run.ok())[1].clone();
        assert!(body.iter().all(|l| l.chars().count() <= per_line), "{flag}: {body:?}");
        assert_eq!(body[0].chars().count(), per_line, "{flag}: {body:?}");
        let wide = flag == "wide";
        assert!(body.iter().all(|l| l.chars().map(|c| char_cells(c, wide)).sum::<usize>() <= 8));
    }
}

#[test]
fn line_break_and_hanging_flags_are_accepted_by_print() {
    let plain = emaki(&["--print", "--width", "30"]).ok().to_owned();
    for args in [["--line-break", "loose"], ["--line-break", "normal"], ["--hanging", "--line-break=strict"]] {
        let mut all = vec!["--print", "--width", "30"];
        all.extend(args);
        let out = emaki(&all).ok().to_owned();
        // Breaks may move, text may not: same characters, same headings.
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&out), strip(&plain), "{args:?}");
        assert!(out.lines().all(|l| cells(l) <= 30), "{args:?}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    for args in
        [&["--print", "--width", "40"][..], &["--search", "の", "--json"], &["--search", "の"], &["--quotes", "--json"]]
    {
        closed_pipe(args);
    }
}

#[track_caller]
fn closed_pipe(args: &[&str]) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // A novel prints far more than a pipe buffer holds, so emaki is still
    // writing when the reader goes away.
    let novel = repo_file("tests/data/yumeno_dogra-magra.utf8.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_emaki"))
        .args(args)
        .arg(&novel)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
}

#[test]
fn only_headings_start_with_a_hash_and_long_lines_stay_together() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("md.txt");
    // A Markdown heading opens a scene; its own line must not look like a
    // second heading. A line longer than a paragraph may be prints unbroken.
    let long = "長い行。".repeat(100_000);
    std::fs::write(&file, format!("# 第一章 はじまり\n本文一。\n#タグ\n{long}\n")).unwrap();
    let out = emaki(&["--print", "--width", "40", file.to_str().unwrap()]).ok().to_owned();
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings, ["# 1 第一章 はじまり"], "{}", &out[..300]);
    assert!(out.contains("\n\\# 第一章 はじまり\n"), "the heading paragraph is escaped");
    assert!(out.contains("\n\\#タグ\n"));
    let blocks = blocks(&out);
    let last = blocks.last().unwrap();
    assert_eq!(last.concat(), long, "the pieces of the long line follow each other without a blank line");
}
