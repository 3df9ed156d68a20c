//! Helpers shared by the `cli_*` integration tests: running the real binary,
//! and measuring its output independently of the code under test.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

pub mod article;
pub mod pty;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of `emaki` produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Assert a successful run and return its standard output.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "emaki failed:\n{}", self.stderr);
        &self.stdout
    }

    /// Assert a failed run with exit code 1, nothing on standard output and a
    /// single `emaki: ` line on standard error; return that line.
    #[track_caller]
    pub fn one_line_error(&self) -> &str {
        self.one_line_error_with(1)
    }

    /// [`Run::one_line_error`] for a usage error: exit code 2.
    #[track_caller]
    pub fn usage_error(&self) -> &str {
        self.one_line_error_with(2)
    }

    #[track_caller]
    fn one_line_error_with(&self, code: i32) -> &str {
        assert_eq!(self.code, code, "expected failure; stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        assert_eq!(self.stdout, "", "nothing on stdout after an error");
        let line = self.stderr.strip_suffix('\n').unwrap_or(&self.stderr);
        assert!(!line.contains('\n'), "the error must be one line: {:?}", self.stderr);
        assert!(line.starts_with("emaki: "), "{line}");
        line
    }
}

/// What a run of `emaki` gets on standard input. Every run says it
/// explicitly, so no result depends on how the test runner itself was
/// started (a terminal, a pipe or `/dev/null`).
#[derive(Debug, Clone, Copy)]
pub enum Stdin<'a> {
    /// `/dev/null`: nothing to read, so no PATH means the built-in article.
    Null,
    /// A pipe carrying these bytes.
    Pipe(&'a [u8]),
    /// The file at this path (a regular file, or a device such as `/dev/null`).
    File(&'a Path),
}

/// Run `emaki` with `args` and `/dev/null` on standard input.
pub fn emaki(args: &[&str]) -> Run {
    emaki_with(args, Stdin::Null, &[])
}

/// Run `emaki` with `args`, feeding `stdin` through a pipe.
pub fn emaki_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    emaki_with(args, Stdin::Pipe(stdin), &[])
}

/// Run `emaki` with `args`, feeding `stdin`, with its store in `data` (and
/// its home, config and data directories beside it), so the run reads and
/// writes nothing outside the test.
pub fn emaki_in(data: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let home = data.join("home");
    let (config, data_home) = (home.join("config"), home.join("data"));
    let env: [(&str, &std::ffi::OsStr); 6] = [
        ("EMAKI_DATA_DIR", data.as_os_str()),
        ("HOME", home.as_os_str()),
        ("XDG_CONFIG_HOME", config.as_os_str()),
        ("XDG_DATA_HOME", data_home.as_os_str()),
        ("LANG", std::ffi::OsStr::new("C.UTF-8")),
        ("LC_ALL", std::ffi::OsStr::new("")),
    ];
    emaki_with(args, Stdin::Pipe(stdin), &env)
}

/// Run `emaki` with `args`, `stdin` and the environment variables `env` set.
pub fn emaki_with(args: &[&str], stdin: Stdin<'_>, env: &[(&str, &std::ffi::OsStr)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_emaki"));
    command.args(args).envs(env.iter().copied()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let feed = match stdin {
        Stdin::Null => {
            command.stdin(Stdio::null());
            None
        }
        Stdin::File(path) => {
            command.stdin(std::fs::File::open(path).expect("the standard input file opens"));
            None
        }
        Stdin::Pipe(bytes) => {
            command.stdin(Stdio::piped());
            Some(bytes.to_vec())
        }
    };
    let mut child = command.spawn().expect("the emaki binary runs");
    // A writer thread, so a large input cannot deadlock against the output.
    let writer = feed.map(|bytes| {
        let mut input = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = input.write_all(&bytes);
        })
    });
    let output = child.wait_with_output().unwrap();
    if let Some(writer) = writer {
        writer.join().unwrap();
    }
    Run {
        code: output.status.code().expect("emaki exited normally, not by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A file in the repository.
pub fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The embedded article's path in the repository.
pub fn article_path() -> PathBuf {
    repo_file("seeds/kazakhstan-state-visit.txt")
}

/// The embedded article's text, read from the repository.
pub fn article() -> String {
    std::fs::read_to_string(article_path()).unwrap()
}

/// The article's paragraphs, split here without the document model: every
/// non-blank line, trailing whitespace removed.
pub fn article_paragraphs() -> Vec<String> {
    article().lines().map(str::trim_end).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The scene table of the issue: (id, title, title_en, first, last), 1-based.
pub const ARTICLE_SCENES: [(&str, &str, &str, u64, u64); 6] = [
    ("arrival", "到着", "Arrival", 1, 2),
    ("ceremony", "歓迎式典", "Ceremony", 3, 4),
    ("small-talks", "小規模会談", "Small talks", 5, 7),
    ("broad-talks", "拡大会談", "Broad talks", 8, 12),
    ("signing", "署名", "Signing", 13, 13),
    ("banquet", "晩餐会", "Banquet", 14, 15),
];

/// Assert `json` (the output of `--scenes --json`) is exactly the table.
#[track_caller]
pub fn assert_article_scene_json(json: &str) {
    let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    let expected: Vec<serde_json::Value> = ARTICLE_SCENES
        .iter()
        .enumerate()
        .map(|(i, (id, title, en, first, last))| {
            serde_json::json!({
                "number": i + 1,
                "id": id,
                "title": title,
                "title_en": en,
                "first_paragraph": first,
                "last_paragraph": last,
            })
        })
        .collect();
    assert_eq!(value, serde_json::Value::Array(expected));
}

/// How many terminal cells `c` takes, from a table of the character ranges
/// the test texts use, written here independently of the code under test
/// (which uses `unicode-width`). `ambiguous_wide` measures the East Asian
/// Ambiguous symbols the tests use as two cells. Panics on a character
/// outside the table, so a test text cannot silently escape measurement.
pub fn char_cells(c: char, ambiguous_wide: bool) -> usize {
    match c {
        ' '..='~' => 1,
        // Control pictures (the stand-ins for control characters).
        '\u{2400}'..='\u{2426}' => 1,
        // ○ ※ ― → ☆: East Asian Ambiguous.
        '○' | '※' | '―' | '→' | '☆' => {
            if ambiguous_wide {
                2
            } else {
                1
            }
        }
        // CJK symbols and punctuation (、。「」), hiragana, katakana (ー ・).
        '\u{3000}'..='\u{30FF}' => 2,
        // CJK unified ideographs.
        '\u{4E00}'..='\u{9FFF}' => 2,
        // Full-width forms; half-width katakana are one cell.
        '\u{FF01}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}' => 2,
        '\u{FF61}'..='\u{FF9F}' => 1,
        '\u{FFFD}' => 1,
        other => panic!("no width known for {other:?} (U+{:04X}); extend the table", other as u32),
    }
}

/// Cells taken by `line` (narrow ambiguous characters).
pub fn cells(line: &str) -> usize {
    line.chars().map(|c| char_cells(c, false)).sum()
}

/// Assert that `lines`, joined, are `original`: nothing added, reordered or
/// lost, except ASCII spaces where a line was broken.
#[track_caller]
pub fn assert_reproduces(lines: &[&str], original: &str) {
    let mut rest = original;
    for (i, line) in lines.iter().enumerate() {
        let mut line = *line;
        if i > 0 {
            rest = rest.trim_start_matches(' ');
            line = line.trim_start_matches(' ');
        }
        assert!(
            rest.starts_with(line),
            "line {i} {line:?} does not continue the paragraph;\nexpected text from: {:?}",
            rest.chars().take(40).collect::<String>()
        );
        rest = &rest[line.len()..];
    }
    assert_eq!(rest.trim_start_matches(' '), "", "the end of the paragraph is missing");
}

/// Split `--print` output into blocks of lines separated by blank lines.
pub fn blocks(output: &str) -> Vec<Vec<&str>> {
    output
        .split("\n\n")
        .map(|block| block.trim_end_matches('\n').split('\n').collect())
        .filter(|block: &Vec<&str>| block != &[""])
        .collect()
}

/// A temporary directory with `name` holding `bytes`; returns both.
pub fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}
