//! Command-line mistakes: each is one `emaki: ...` message and exit code 2
//! (errors while running are exit code 1); `--help` and `--version`
//! succeed.

mod common;

use common::*;

/// Assert a usage error: exit code 2, nothing on stdout, one line starting
/// with `emaki: ` that contains `needle` and points at `--help`.
#[track_caller]
fn assert_usage_error(args: &[&str], needle: &str) {
    let run = emaki(args);
    let line = run.usage_error();
    assert!(line.contains(needle), "{args:?}: {line}");
    assert!(line.ends_with("(see emaki --help)"), "{args:?}: {line}");
}

#[test]
fn width_zero_is_an_error() {
    assert_usage_error(&["--print", "--width", "0"], "the width must be at least 1");
}

#[test]
fn width_that_is_not_a_number_is_an_error() {
    assert_usage_error(&["--print", "--width", "wide"], "'wide' is not a number of cells");
    assert_usage_error(&["--print", "--width=-4"], "is not a number of cells");
}

#[test]
fn absurd_widths_are_errors() {
    assert_usage_error(&["--print", "--width", "10001"], "too wide (at most 10000)");
    assert_usage_error(&["--print", "--width", "99999999999999999999999"], "not a number");
    // The largest accepted width works.
    emaki(&["--print", "--width", "10000"]).ok();
}

#[test]
fn width_without_print_is_an_error() {
    assert_usage_error(&["--scenes", "--width", "40"], "--width goes with --print");
    assert_usage_error(&["--width", "40"], "--width goes with --print");
}

#[test]
fn vertical_pages_need_a_column_and_a_row() {
    assert_usage_error(&["--print", "--vertical", "--width", "1"], "--width must be at least 2");
    assert_usage_error(&["--print", "--vertical", "--height", "0"], "the height must be at least 1 row");
    assert_usage_error(&["--print", "--vertical", "--height", "tall"], "not a number of rows");
    assert_usage_error(&["--print", "--height", "5"], "--height goes with --print --vertical");
}

#[test]
fn the_library_takes_no_path() {
    assert_usage_error(&["--library", "book.txt"], "cannot be used with");
}

#[test]
fn two_commands_at_once_are_an_error() {
    assert_usage_error(&["--print", "--scenes"], "cannot be used with");
}

#[test]
fn json_without_a_listing_command_is_an_error() {
    assert_usage_error(&["--print", "--json"], "--json goes with --scenes");
}

#[test]
fn unknown_options_and_values_are_errors() {
    assert_usage_error(&["--bogus"], "unexpected argument '--bogus'");
    assert_usage_error(&["--frobnicate"], "unexpected argument '--frobnicate'");
    assert_usage_error(&["--print", "--encoding", "martian"], "unknown encoding 'martian'");
    assert_usage_error(&["--search", ""], "the search query is empty");
    assert_usage_error(&["--completions", "tcsh"], "invalid value 'tcsh'");
    assert_usage_error(&["--print", "--ambiguous", "medium"], "invalid value 'medium'");
    assert_usage_error(&["--print", "--line-break", "lax"], "invalid value 'lax'");
}

#[test]
fn a_config_file_named_on_the_command_line_must_exist() {
    // A file that is not there is an error while running, not a usage error.
    let run = emaki(&["--print", "--config", "/nonexistent/config.toml"]);
    assert!(run.one_line_error().contains("/nonexistent/config.toml: no such file"), "{}", run.stderr);
    let run = emaki(&["--config", "/nonexistent/config.toml"]);
    assert!(run.one_line_error().contains("(--config)"), "{}", run.stderr);
}

#[test]
fn version_prints_name_and_version() {
    let run = emaki(&["--version"]);
    assert_eq!(run.ok(), format!("emaki {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_documents_every_option() {
    let run = emaki(&["--help"]);
    let help = run.ok();
    for option in [
        "--print",
        "--width <N>",
        "--scenes",
        "--json",
        "--scenes-file <PATH>",
        "--encoding <NAME>",
        "--ambiguous <WIDTH>",
        "--line-break <LEVEL>",
        "--hanging",
        "--quotes",
        "--search <QUERY>",
        "--export <FORMAT>",
        "--config <PATH>",
        "--print-default-config",
        "--completions <SHELL>",
        "--man",
        "--binary",
        "--speakers-file <PATH>",
        "--help",
        "--version",
        "[PATH]",
    ] {
        let documented = help.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with(option) || l.starts_with('-') && l.contains(&format!(", {option}"))
        });
        assert!(documented, "{option} is missing from --help:\n{help}");
    }
}

#[test]
fn help_documents_exit_codes_environment_and_files() {
    let run = emaki(&["--help"]);
    let help = run.ok();
    for needle in [
        "Exit status:",
        "  1      an error while running",
        "  2      a usage error",
        "EMAKI_DATA_DIR",
        "NO_COLOR",
        "~/.config/emaki",
        "config.toml",
        "speakers.toml",
        "--ambiguous <WIDTH>",
        "auto",
    ] {
        assert!(help.contains(needle), "{needle} is missing from --help:\n{help}");
    }
}

#[test]
fn escape_sequences_in_paths_and_values_never_reach_the_terminal() {
    let evil = "/nonexistent/x\u{1b}[2J\u{1b}]0;pwned\u{7}";
    let run = emaki(&["--print", evil]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("\u{241b}[2J"), "shown as a visible stand-in: {:?}", run.stderr);
    let run = emaki(&["--print", "--encoding", "x\u{1b}[2J", "/nonexistent"]);
    assert_eq!(run.code, 2, "an unknown encoding is a usage error");
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}
