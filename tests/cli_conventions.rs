//! What a terminal user expects of a command: usage errors exit 2, shell
//! completions and a manual page that the shells and `man` accept, and
//! `--ambiguous auto` costing nothing but a short wait when the terminal
//! does not answer.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::*;

/// Run `program args`, feeding `input`; `None` when the program is not
/// installed (the check is then skipped, saying why).
fn run_tool(program: &str, args: &[&str], input: &[u8]) -> Option<std::process::Output> {
    let mut child = match Command::new(program)
        .args(args)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("skipped: {program} is not installed");
            return None;
        }
        Err(e) => panic!("{program}: {e}"),
    };
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Some(output)
}

#[test]
fn an_unknown_option_is_a_usage_error_with_exit_code_2() {
    let run = emaki(&["--bogus"]);
    let line = run.usage_error();
    assert!(
        line.starts_with("emaki: unexpected argument '--bogus' found") && line.ends_with("(see emaki --help)"),
        "{line}"
    );
    // Options that do not go together are usage errors too.
    assert!(emaki(&["--json"]).usage_error().contains("--json goes with"));
    // Errors while running stay 1.
    emaki(&["/nonexistent/file.txt"]).one_line_error();
}

#[test]
fn bash_accepts_the_completion_script() {
    let script = emaki(&["--completions", "bash"]).ok().to_owned();
    assert!(script.contains("complete -F") && script.contains("--speakers-file"), "{script}");
    let Some(output) = run_tool("bash", &["-n"], script.as_bytes()) else { return };
    assert!(output.status.success(), "bash -n: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn every_shell_gets_a_completion_script() {
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = emaki(&["--completions", shell]).ok().to_owned();
        assert!(script.contains("print") && script.contains("binary") && script.contains("speakers-file"), "{shell}");
    }
    // Shells that are installed check their script.
    for (shell, args) in [("zsh", &["-n"][..]), ("fish", &["--no-execute"][..])] {
        let script = emaki(&["--completions", shell]).ok().to_owned();
        if let Some(output) = run_tool(shell, args, script.as_bytes()) {
            assert!(output.status.success(), "{shell}: {}", String::from_utf8_lossy(&output.stderr));
        }
    }
}

#[test]
fn man_accepts_the_manual_page() {
    let page = emaki(&["--man"]).ok().to_owned();
    assert!(page.contains(".TH emaki 1"), "{}", &page[..page.len().min(300)]);
    // `man -l -` where man is installed, else groff itself.
    let (program, args): (&str, &[&str]) = if Command::new("man").arg("--version").output().is_ok() {
        ("man", &["-l", "-"])
    } else {
        ("groff", &["-man", "-Tutf8", "-ww"])
    };
    let Some(output) = run_tool(program, args, page.as_bytes()) else { return };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{program}: {stderr}");
    assert!(!stderr.contains("warning"), "{program} warns: {stderr}");
    let shown = String::from_utf8_lossy(&output.stdout).replace(['\u{8}', '\u{2010}'], "");
    for needle in
        ["emaki", "binary", "EXIT STATUS", "ENVIRONMENT", "EMAKI_DATA_DIR", "NO_COLOR", "FILES", "config.toml"]
    {
        assert!(shown.contains(needle), "{needle} is not in the rendered page:\n{shown}");
    }
}

#[cfg(unix)]
#[test]
fn the_terminal_probe_waits_briefly_and_leaves_the_screen_clean() {
    use common::pty::Session;
    // The test terminal (vt100) answers no requests: the probe gives up
    // after its timeout, and --print lays the text out narrow.
    let home = tempfile::tempdir().unwrap();
    let (_dir, path) = temp_file("a.txt", "○○○○○○○○\n".as_bytes());
    let started = std::time::Instant::now();
    let mut s = Session::start(&["--print", "--width", "8", path.to_str().unwrap()], 40, 10, home.path(), &[]);
    assert_eq!(s.wait_exit(), 0);
    let elapsed = started.elapsed();
    let raw = String::from_utf8_lossy(&s.raw_output()).into_owned();
    assert!(raw.contains("\u{1b}[6n") && raw.contains("\u{1b}[?1049h"), "the terminal was asked: {raw:?}");
    s.wait_for_text("○○○○○○○○");
    let screen = s.text();
    assert!(!screen.contains('☺') && !screen.contains('👨'), "probe characters left on screen:\n{screen}");
    assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?}");
    // With a width given, nothing is asked.
    let mut s = Session::start(&["--print", "--ambiguous", "wide", path.to_str().unwrap()], 40, 10, home.path(), &[]);
    assert_eq!(s.wait_exit(), 0);
    assert!(!String::from_utf8_lossy(&s.raw_output()).contains("\u{1b}[6n"));
}
