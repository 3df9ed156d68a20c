//! Speakers of your own: `--speakers-file PATH`, and `speakers.toml` beside
//! `config.toml`, merged over the built-in speakers.

mod common;

use std::ffi::OsStr;

use common::*;

/// A text whose speaker the built-in rules do not know.
const NOVEL: &str = "寒月君は「それは面白い」と語った。\n迷亭は、何も言わなかった。\n";

const SPEAKERS: &str = "[[speaker]]\nname = \"寒月\"\nsubjects = [\"寒月君は\"]\n";

fn quotes_json(run: &Run) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(run.ok()).unwrap().as_array().unwrap().clone()
}

/// An empty config directory (and home), so the user's own files never count.
fn config_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config/emaki")).unwrap();
    home
}

fn env(home: &tempfile::TempDir) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![("HOME", home.path().into()), ("XDG_CONFIG_HOME", home.path().join("config").into())]
}

fn run_quotes(args: &[&str], home: &tempfile::TempDir) -> Run {
    let env = env(home);
    let env: Vec<(&str, &OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    emaki_with(args, Stdin::Pipe(NOVEL.as_bytes()), &env)
}

#[test]
fn without_speakers_of_your_own_nobody_speaks() {
    let home = config_home();
    let rows = quotes_json(&run_quotes(&["--quotes", "--json"], &home));
    assert_eq!(rows[0]["speaker"], serde_json::Value::Null);
}

#[test]
fn a_speakers_file_adds_speakers() {
    let home = config_home();
    let (_dir, file) = temp_file("people.toml", SPEAKERS.as_bytes());
    let run = run_quotes(&["--quotes", "--json", "--speakers-file", file.to_str().unwrap()], &home);
    let rows = quotes_json(&run);
    assert_eq!(rows[0]["speaker"], "寒月");
    assert_eq!(rows[0]["text"], "それは面白い");
    let run = run_quotes(&["--quotes", "--speakers-file", file.to_str().unwrap()], &home);
    assert_eq!(run.ok(), "1  [1] 寒月: それは面白い\n");
    // The built-in speakers are still known.
    let env = env(&home);
    let env: Vec<(&str, &OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    let article = emaki_with(&["--quotes", "--json", "--speakers-file", file.to_str().unwrap()], Stdin::Null, &env);
    assert!(quotes_json(&article).iter().any(|q| q["speaker"] == "習近平"));
}

#[test]
fn speakers_toml_beside_config_toml_is_read() {
    let home = config_home();
    std::fs::write(home.path().join("config/emaki/speakers.toml"), SPEAKERS).unwrap();
    let rows = quotes_json(&run_quotes(&["--quotes", "--json"], &home));
    assert_eq!(rows[0]["speaker"], "寒月");
    // --speakers-file is read instead.
    let (_dir, other) = temp_file("other.toml", b"[[speaker]]\nname = \"other\"\nsubjects = [\"x\"]\n");
    let rows = quotes_json(&run_quotes(&["--quotes", "--json", "--speakers-file", other.to_str().unwrap()], &home));
    assert_eq!(rows[0]["speaker"], serde_json::Value::Null);
}

#[test]
fn a_broken_default_file_is_reported_and_the_built_in_speakers_used() {
    let home = config_home();
    let file = home.path().join("config/emaki/speakers.toml");
    std::fs::write(&file, "[[speaker]]\nnmae = \"寒月\"\n").unwrap();
    let run = run_quotes(&["--quotes", "--json"], &home);
    assert_eq!(quotes_json(&run)[0]["speaker"], serde_json::Value::Null);
    assert!(
        run.stderr.starts_with(&format!("emaki: speakers ignored: {}: line 2: ", file.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_or_missing_speakers_file_is_an_error_naming_it() {
    let home = config_home();
    let (_dir, file) = temp_file("people.toml", b"verbs = \"said\"\n");
    let run = run_quotes(&["--quotes", "--speakers-file", file.to_str().unwrap()], &home);
    assert!(run.one_line_error().starts_with(&format!("emaki: {}: line 1: ", file.display())), "{}", run.stderr);
    let missing = file.with_file_name("missing.toml");
    let run = run_quotes(&["--quotes", "--speakers-file", missing.to_str().unwrap()], &home);
    assert_eq!(run.one_line_error(), format!("emaki: {}: no such file", missing.display()));
}
