//! Every kind of input the issue lists: encodings, damaged and hostile text,
//! binary, missing, directory and empty files.

mod common;

use common::*;
use encoding_rs::{EUC_JP, SHIFT_JIS};

/// `--print --width 30` of the built-in article: what every faithful
/// decoding of the article must print.
fn article_print() -> String {
    emaki(&["--print", "--width", "30"]).ok().to_owned()
}

/// Run `--print --width 30` on a file holding `bytes`, and `--scenes --json`.
fn print_and_scenes(name: &str, bytes: &[u8], extra: &[&str]) -> (Run, Run) {
    let (_dir, path) = temp_file(name, bytes);
    let path = path.to_str().unwrap();
    let mut print = vec!["--print", "--width", "30"];
    print.extend(extra);
    print.push(path);
    let mut scenes = vec!["--scenes", "--json"];
    scenes.extend(extra);
    scenes.push(path);
    (emaki(&print), emaki(&scenes))
}

fn encode(encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let text = article();
    let (bytes, _, unmappable) = encoding.encode(&text);
    assert!(!unmappable, "the article is representable in {}", encoding.name());
    bytes.into_owned()
}

#[test]
fn utf8_with_bom_reads_like_without() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(article().as_bytes());
    let (print, scenes) = print_and_scenes("bom.txt", &bytes, &[]);
    assert_eq!(print.ok(), article_print());
    assert_eq!(print.stderr, "");
    assert_article_scene_json(scenes.ok());
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    for (bom, little) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        let mut bytes = bom.to_vec();
        for unit in article().encode_utf16() {
            bytes.extend_from_slice(&if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        let (print, scenes) = print_and_scenes("utf16.txt", &bytes, &[]);
        assert_eq!(print.ok(), article_print());
        let name = if little { "UTF-16LE" } else { "UTF-16BE" };
        assert!(print.stderr.contains(&format!("read as {name} (byte order mark)")), "{}", print.stderr);
        assert_article_scene_json(scenes.ok());
    }
}

#[test]
fn shift_jis_and_euc_jp_are_detected_and_named() {
    for encoding in [SHIFT_JIS, EUC_JP] {
        let (print, scenes) = print_and_scenes("legacy.txt", &encode(encoding), &[]);
        assert_eq!(print.ok(), article_print(), "{}", encoding.name());
        assert_eq!(print.stderr.lines().count(), 1, "{}", print.stderr);
        assert!(print.stderr.contains(&format!("read as {} (detected)", encoding.name())), "{}", print.stderr);
        assert_article_scene_json(scenes.ok());
    }
}

#[test]
fn a_forced_encoding_is_used_and_named() {
    let (print, _) = print_and_scenes("sjis.txt", &encode(SHIFT_JIS), &["--encoding", "sjis"]);
    assert_eq!(print.ok(), article_print());
    assert!(print.stderr.contains("read as Shift_JIS (--encoding)"), "{}", print.stderr);
    // Forcing the wrong encoding gives replacement characters and a
    // warning, not a crash.
    let (print, _) = print_and_scenes("sjis.txt", &encode(SHIFT_JIS), &["--encoding", "utf-8"]);
    assert!(print.ok().contains('\u{FFFD}'));
    assert!(print.stderr.contains("not valid UTF-8 replaced by U+FFFD"), "{}", print.stderr);
}

#[test]
fn an_unknown_encoding_name_is_an_error() {
    let path = article_path();
    let run = emaki(&["--print", "--encoding", "martian", path.to_str().unwrap()]);
    assert!(run.usage_error().contains("unknown encoding 'martian'"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_becomes_replacement_characters_with_a_warning() {
    let text = article();
    let mut bytes = text.as_bytes().to_vec();
    // Two stray bytes at the start of paragraph 3 and one at the end.
    let third = text.match_indices('\n').nth(1).unwrap().0 + 1;
    bytes.splice(third..third, [0xFF, 0xC0]);
    bytes.push(0x80);
    let (print, scenes) = print_and_scenes("damaged.txt", &bytes, &[]);
    let out = print.ok();
    assert_eq!(out.matches('\u{FFFD}').count(), 3, "{out}");
    assert!(
        print.stderr.contains(&format!("3 bytes not valid UTF-8 replaced by U+FFFD (first at byte offset {third})")),
        "{}",
        print.stderr
    );
    // Nothing else is lost: the text without the stand-ins is the article.
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '\u{FFFD}').collect::<String>();
    assert_eq!(strip(out), strip(&article_print()));
    assert_article_scene_json(scenes.ok());
}

#[test]
fn control_characters_are_shown_inert() {
    let hostile = "題\x1b]0;pwned\x07\n\x1b[31m赤\x1b[0m\x08\x7f\x0c\n";
    let run = emaki_with_stdin(&["--print", "--width", "40", "-"], hostile.as_bytes());
    let out = run.ok();
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "control characters reached the output: {out:?}");
    assert!(out.contains("題␛]0;pwned␇"), "{out:?}");
    assert!(out.contains("␛[31m赤␛[0m␈␡␌"), "{out:?}");
}

/// The start of a real PNG: signature, IHDR, and a little IDAT.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x1eIDATx\x9cc`\x18\x05\xa3`\x14\x8c\x02\x08\x00\x00\xff\xff\x03\x00\x00\x00\x00IEND\xaeB`\x82";

#[test]
fn a_binary_file_is_refused_with_one_line_naming_it() {
    let (_dir, path) = temp_file("image.png", PNG);
    for command in ["--print", "--scenes"] {
        let run = emaki(&[command, path.to_str().unwrap()]);
        assert_eq!(
            run.one_line_error(),
            format!("emaki: {}: not a text file (a PNG image; --binary opens it anyway)", path.display())
        );
    }
    // On standard input too, and with a forced encoding.
    let run = emaki_with_stdin(&["--print", "--encoding", "sjis", "-"], PNG);
    assert!(run.one_line_error().contains("(standard input): not a text file (a PNG image"), "{}", run.stderr);
}

#[test]
fn binary_opens_a_binary_file_inert() {
    let (_dir, path) = temp_file("image.png", PNG);
    let run = emaki(&["--print", "--width", "40", "--binary", path.to_str().unwrap()]);
    let out = run.ok();
    assert!(out.contains("PNG") && out.contains("IHDR") && out.contains('␀'), "{out:?}");
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "control characters reached the output: {out:?}");
    assert!(run.stderr.contains("not a text file (a PNG image); shown anyway (--binary)"), "{}", run.stderr);
    // A text is read as a text.
    let run = emaki_with_stdin(&["--print", "--width", "30", "--binary"], article().as_bytes());
    assert_eq!(run.ok(), article_print());
    assert_eq!(run.stderr, "");
}

#[test]
fn a_stray_nul_is_shown_as_a_stand_in() {
    let run = emaki_with_stdin(&["--print"], "あいう\0えお\n".as_bytes());
    assert_eq!(run.ok(), "# 1 あいう␀えお\n\nあいう␀えお\n");
    assert_eq!(run.stderr, "");
    // One NUL in 54 KB of Japanese, far from the start or near it.
    let text = article().repeat(6);
    for at in [100, text.len() / 2] {
        let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
        let mut bytes = text.as_bytes().to_vec();
        bytes.insert(at, 0);
        let run = emaki_with_stdin(&["--scenes", "--json", "-"], &bytes);
        run.ok();
    }
}

#[test]
fn utf16_without_a_byte_order_mark_is_refused_with_the_encoding_to_use() {
    let le: Vec<u8> = article().encode_utf16().flat_map(u16::to_le_bytes).collect();
    let run = emaki_with_stdin(&["--print", "-"], &le);
    assert!(run.one_line_error().ends_with("without a byte order mark: try --encoding utf-16le)"), "{}", run.stderr);
    let run = emaki_with_stdin(&["--print", "--width", "30", "--encoding", "utf-16le", "-"], &le);
    assert_eq!(run.ok(), article_print());
}

#[test]
fn control_heavy_bytes_without_nul_are_refused_as_binary() {
    let bytes: Vec<u8> = (1u8..=0xFF).cycle().take(8192).collect();
    let (_dir, path) = temp_file("noise.dat", &bytes);
    let run = emaki(&["--print", path.to_str().unwrap()]);
    let line = run.one_line_error();
    assert!(line.starts_with(&format!("emaki: {}: not a text file", path.display())), "{line}");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let run = emaki(&["--print", missing.to_str().unwrap()]);
    assert_eq!(run.one_line_error(), format!("emaki: {}: no such file", missing.display()));
}

#[test]
fn a_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = emaki(&["--scenes", dir.path().to_str().unwrap()]);
    assert_eq!(run.one_line_error(), format!("emaki: {}: is a directory, not a file", dir.path().display()));
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_file("secret.txt", b"text\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        return; // Running as root: permissions do not apply.
    }
    let run = emaki(&["--print", path.to_str().unwrap()]);
    assert_eq!(run.one_line_error(), format!("emaki: {}: permission denied", path.display()));
}

#[test]
fn an_empty_file_prints_nothing_and_succeeds() {
    for bytes in [&b""[..], b"\n\n  \n", b"\xEF\xBB\xBF"] {
        let (print, scenes) = print_and_scenes("empty.txt", bytes, &[]);
        assert_eq!(print.ok(), "", "{bytes:?}");
        assert!(print.stderr.contains("the document is empty"), "{}", print.stderr);
        assert_eq!(scenes.ok(), "[]\n");
    }
}

#[test]
fn standard_input_is_read_without_a_path_unless_it_is_a_device() {
    let run = emaki_with_stdin(&["--print"], "テスト\n".as_bytes());
    assert_eq!(run.ok(), "# 1 テスト\n\nテスト\n");
    // A file on standard input, as `emaki < a.txt`.
    let (_dir, path) = temp_file("a.txt", article().as_bytes());
    let run = emaki_with(&["--print", "--width", "30"], Stdin::File(&path), &[]);
    assert_eq!(run.ok(), article_print());
    // An empty pipe is an empty text, as for `less` and `bat`.
    let run = emaki_with_stdin(&["--scenes", "--json"], b"");
    assert_eq!(run.ok(), "[]\n");
    // /dev/null (a device) is no input: the built-in article.
    let null = std::path::Path::new("/dev/null");
    if null.exists() {
        assert_article_scene_json(emaki_with(&["--scenes", "--json"], Stdin::File(null), &[]).ok());
    }
    assert_article_scene_json(emaki(&["--scenes", "--json"]).ok());
    // --encoding applies to standard input.
    let run = emaki_with_stdin(&["--print", "--width", "30", "--encoding", "euc-jp"], &encode(EUC_JP));
    assert_eq!(run.ok(), article_print());
}

#[test]
fn standard_input_prints_like_a_file() {
    let run = emaki_with_stdin(&["--print", "--width", "30", "-"], article().as_bytes());
    assert_eq!(run.ok(), article_print());
    let sjis_run = emaki_with_stdin(&["--print", "--width", "30", "-"], &encode(SHIFT_JIS));
    assert_eq!(sjis_run.ok(), article_print());
    assert!(sjis_run.stderr.starts_with("emaki: (standard input): read as Shift_JIS"), "{}", sjis_run.stderr);
}
