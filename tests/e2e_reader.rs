//! End-to-end: the real binary in a pseudo-terminal, keys in, screen out.

mod common;

use common::pty::Session;

fn home() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn opens_the_article_moves_and_quits_cleanly() {
    let home = home();
    let mut s = Session::start(&[], 80, 24, home.path(), &[]);
    s.wait_for_text("現地時間2024年7月3日");
    s.wait_for_text("1/15");
    assert!(s.with_screen(|sc| sc.alternate_screen()), "the reader should use the alternate screen");
    s.keys("G");
    s.wait_for_text("15/15");
    s.wait_for_text("蔡奇と王毅は上記の活動に参加した。");
    s.keys("g");
    s.wait_for_text("1/15");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    s.with_screen(|sc| {
        assert!(!sc.alternate_screen(), "the alternate screen must be left");
        assert!(!sc.hide_cursor(), "the cursor must be shown again");
        assert_eq!(sc.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse capture must be off");
        assert!(!sc.bracketed_paste(), "bracketed paste must be off");
    });
    assert!(!s.text().contains("現地時間"), "nothing of the reader may be left on the screen:\n{}", s.text());
}

#[test]
fn escape_sequences_in_a_document_are_shown_inert() {
    let home = home();
    let file = home.path().join("evil.txt");
    // Clear screen, set title, switch off the alternate screen, ring the bell.
    std::fs::write(&file, "before\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}[?1049l after\n").unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], 60, 10, home.path(), &[]);
    s.wait_for_text("before");
    s.wait_for_text("after");
    assert!(s.with_screen(|sc| sc.alternate_screen()), "the document switched the screen");
    assert!(s.text().contains("␛[2J"), "{}", s.text());
    let raw = s.raw_output();
    assert!(!raw.windows(4).any(|w| w == b"\x1b[2J"), "an escape sequence from the document reached the terminal");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn resizing_relays_out_and_keeps_the_focus_in_view() {
    let home = home();
    let mut s = Session::start(&[], 80, 24, home.path(), &[]);
    s.wait_for_text("1/15");
    s.keys("}}}}}");
    s.wait_for_text("6/15");
    s.resize(40, 12);
    s.wait_for("a 40-column layout", |t| {
        t.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 40) && t.contains("6/15")
    });
    assert!(s.text().contains("習近平氏は"), "the focused paragraph left the screen:\n{}", s.text());
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn sigterm_restores_the_terminal() {
    let home = home();
    let mut s = Session::start(&[], 80, 24, home.path(), &[]);
    s.wait_for_text("1/15");
    s.signal(15);
    let code = s.wait_exit();
    assert_eq!(code, 128 + 15);
    s.with_screen(|sc| {
        assert!(!sc.alternate_screen());
        assert!(!sc.hide_cursor());
    });
}

#[test]
fn a_tiny_terminal_does_not_panic() {
    let home = home();
    let mut s = Session::start(&[], 1, 1, home.path(), &[]);
    s.settle(std::time::Duration::from_millis(300));
    s.resize(7, 5);
    s.wait_for_text("/15");
    s.resize(2, 2);
    s.settle(std::time::Duration::from_millis(200));
    s.keys("jjGq");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes_with_a_full_redraw() {
    // Job control needs a shell: a process alone in its session may not stop.
    let home = home();
    let bin = env!("CARGO_BIN_EXE_emaki");
    let mut s =
        Session::start_program("bash", &["--norc", "--noprofile", "-i"], 80, 24, home.path(), &[("PS1", "shell$ ")]);
    s.wait_for_text("shell$");
    s.keys(&format!("'{bin}'\r"));
    s.wait_for_text("1/15");
    s.keys("}");
    s.wait_for_text("2/15");
    s.keys("\u{1a}");
    s.wait_for("the shell back", |t| t.contains("Stopped") && !s.with_screen(|sc| sc.alternate_screen()));
    s.keys("fg\r");
    s.wait_for("the reader back", |t| t.contains("2/15") && t.contains("トカエフ大統領は"));
    assert!(s.with_screen(|sc| sc.alternate_screen()));
    s.keys("q");
    s.wait_for("the shell after quitting", |t| t.contains("shell$") && !s.with_screen(|sc| sc.alternate_screen()));
    s.keys("exit\r");
    s.wait_exit();
}

#[test]
fn a_broken_config_is_reported_in_the_status_line_and_defaults_are_used() {
    let home = home();
    let config = home.path().join("bad.toml");
    std::fs::write(&config, "[layout]\nhanging = true\nwrap = 3\n").unwrap();
    let mut s = Session::start(&["--config", config.to_str().unwrap()], 100, 24, home.path(), &[]);
    s.wait_for_text("config ignored");
    s.wait_for_text("line 3");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0, "the default q still quits");
}

#[test]
fn keys_rebound_in_the_config_file_work() {
    let home = home();
    let dir = home.path().join("config").join("emaki");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "[keys]\nquit = [\"x\"]\nnext_scene = [\"z\"]\n").unwrap();
    let mut s = Session::start(&[], 80, 24, home.path(), &[]);
    s.wait_for_text("1/15");
    s.keys("z");
    s.wait_for_text("3/15");
    s.keys("q");
    s.wait_for_text("q is not bound");
    s.keys("x");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_large_file_opens_on_its_head_and_g_reaches_its_end() {
    let home = home();
    let novel = include_str!("data/yumeno_dogra-magra.utf8.txt");
    let file = home.path().join("large.txt");
    // Over 4 MB: opened in two stages. The last line is unique.
    let text = format!("{}{}{}{}終わりの一行。\n", novel, novel, novel, novel);
    std::fs::write(&file, &text).unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], 80, 24, home.path(), &[]);
    s.wait_for_text("ドグラ・マグラ");
    s.keys("G");
    s.wait_for_text("終わりの一行。");
    // The novel is an Aozora Bunko text: paragraphs are its lines without
    // the notation legend (and lines of nothing but markup).
    let lines = emaki::cli::input::document_of(text.clone()).unwrap().0.paragraph_count();
    s.wait_for_text(&format!("{lines}/{lines}"));
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn standard_input_that_is_a_terminal_is_refused_at_once() {
    let home = home();
    let mut s = Session::start(&["--print", "-"], 80, 10, home.path(), &[]);
    assert_eq!(s.wait_exit(), 1, "it must not wait for input typed at the terminal");
    assert!(s.text().contains("is a terminal"), "{}", s.text());
}

#[test]
fn a_large_file_that_is_one_line_opens_on_its_head_too() {
    let home = home();
    let file = home.path().join("one-line.txt");
    let text = format!("{}終わり。", "改行のない長い文章が続く。".repeat(200_000));
    std::fs::write(&file, &text).unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], 80, 24, home.path(), &[]);
    s.wait_for_text("改行のない長い文章が続く。");
    s.keys("G");
    s.wait_for_text("終わり。");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}
