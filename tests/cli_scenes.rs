//! `emaki --scenes`: the article's scene table from every input route, the
//! heading fallbacks, and `--scenes-file`.

mod common;

use common::*;

#[test]
fn embedded_article_scene_table_as_json() {
    assert_article_scene_json(emaki(&["--scenes", "--json"]).ok());
}

#[test]
fn article_by_path_gives_the_same_table() {
    let path = article_path();
    assert_article_scene_json(emaki(&["--scenes", "--json", path.to_str().unwrap()]).ok());
}

#[test]
fn article_on_standard_input_gives_the_same_table() {
    let run = emaki_with_stdin(&["--scenes", "--json", "-"], article().as_bytes());
    assert_article_scene_json(run.ok());
    assert_eq!(run.stderr, "", "plain UTF-8 needs no notice");
}

#[test]
fn plain_table_lists_number_paragraphs_id_and_titles() {
    let run = emaki(&["--scenes"]);
    let lines: Vec<&str> = run.ok().lines().collect();
    assert_eq!(lines.len(), 1 + ARTICLE_SCENES.len(), "{}", run.stdout);
    for (line, (number, (id, ja, en, first, last))) in lines[1..].iter().zip(ARTICLE_SCENES.iter().enumerate()) {
        let range = if first == last { first.to_string() } else { format!("{first}-{last}") };
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(&fields[..4], [&(number + 1).to_string(), &range, *id, *ja], "{line}");
        assert!(line.ends_with(&format!("{ja} / {en}")), "{line}");
    }
}

#[test]
fn aozora_novel_gets_scenes_from_its_headings_and_its_colophon() {
    // A book with metadata gets an object: its title and author, and the
    // scenes (the headings 一 … 六 in order, then the colophon).
    let path = repo_file("tests/data/edogawa_shinri-shiken.utf8.txt");
    let book: serde_json::Value =
        serde_json::from_str(emaki(&["--scenes", "--json", path.to_str().unwrap()]).ok()).unwrap();
    assert_eq!(book["title"], "心理試験");
    assert_eq!(book["authors"][0], "江戸川乱歩");
    assert_eq!(book["format"], "aozora");
    let value = &book["scenes"];
    let titles: Vec<&str> = value.as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["心理試験", "一", "二", "三", "四", "五", "六", "底本"]);
    assert_eq!(value[1]["id"], "scene-2");
    assert_eq!(value[1]["title_en"], serde_json::Value::Null);
    assert_eq!(value[7]["id"], "colophon");
    assert_eq!(value[7]["title_en"], "Colophon");
    // Scenes are consecutive and cover the text.
    assert_eq!(value[0]["first_paragraph"], 1);
    for pair in value.as_array().unwrap().windows(2) {
        assert_eq!(pair[1]["first_paragraph"].as_u64(), pair[0]["last_paragraph"].as_u64().map(|l| l + 1));
    }
}

#[test]
fn a_plain_text_gets_its_chapters_from_chapter_lines() {
    let text =
        "物語\n\n第一章　旅立ち\n\n　朝が来た。\n\n第二章　峠\n\n　坂を登った。\n\n第三章　海\n\n　波が見えた。\n";
    let run = emaki_with_stdin(&["--scenes", "--json", "-"], text.as_bytes());
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let titles: Vec<&str> = value.as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["物語", "第一章　旅立ち", "第二章　峠", "第三章　海"]);
}

#[test]
fn markdown_headings_open_scenes_and_plain_text_is_one_scene() {
    let run = emaki_with_stdin(&["--scenes", "--json", "-"], "序\n# 第一章\n本文\n## 第二節\n本文\n".as_bytes());
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let rows: Vec<(&str, u64, u64)> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap(),
                s["first_paragraph"].as_u64().unwrap(),
                s["last_paragraph"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [("序", 1, 1), ("第一章", 2, 3), ("第二節", 4, 5)]);

    let run = emaki_with_stdin(&["--scenes", "--json", "-"], "彼は書類に署名した。\n雨。\n".as_bytes());
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 1, "a stray cue does not make a Signing scene");
    assert_eq!(value[0]["title"], "彼は書類に署名した。");
    assert_eq!(value[0]["last_paragraph"], 2);
}

const CUSTOM_RULES: &str = r#"
# Two scenes for the article: before and after the talks move to the larger room.
min_matches = 2

[[scene]]
id = "welcome"
title = "歓迎"
title_en = "Welcome"
cues = ["到着"]

[[scene]]
id = "talks"
title = "会談"
cues = ["広範な会談"]
"#;

#[test]
fn a_custom_rule_file_replaces_the_built_in_rules() {
    let (_dir, rules) = temp_file("rules.toml", CUSTOM_RULES.as_bytes());
    let run = emaki(&["--scenes", "--json", "--scenes-file", rules.to_str().unwrap()]);
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        value,
        serde_json::json!([
            {"number": 1, "id": "welcome", "title": "歓迎", "title_en": "Welcome", "first_paragraph": 1, "last_paragraph": 7},
            {"number": 2, "id": "talks", "title": "会談", "title_en": null, "first_paragraph": 8, "last_paragraph": 15},
        ])
    );
}

#[test]
fn custom_rules_that_do_not_match_say_so_on_stderr() {
    let (_dir, rules) = temp_file("rules.toml", CUSTOM_RULES.replace("広範な会談", "存在しない").as_bytes());
    let run = emaki(&["--scenes", "--json", "--scenes-file", rules.to_str().unwrap()]);
    let value: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 1);
    assert!(run.stderr.contains("did not apply: 1 of 2 matched"), "{}", run.stderr);
    assert!(run.stderr.contains(rules.to_str().unwrap()), "{}", run.stderr);
}

#[test]
fn a_broken_rule_file_is_an_error_naming_the_file_and_line() {
    let broken = CUSTOM_RULES.replace("title = \"会談\"", "title = \"会談\"\ncolour = \"red\"");
    let (_dir, rules) = temp_file("broken.toml", broken.as_bytes());
    let run = emaki(&["--scenes", "--scenes-file", rules.to_str().unwrap()]);
    let line = run.one_line_error();
    let expected_line = broken.lines().position(|l| l.starts_with("colour")).unwrap() + 1;
    assert!(line.starts_with(&format!("emaki: {}:{expected_line}:", rules.display())), "{line}");
    assert!(line.contains("unknown field"), "{line}");

    let (_dir, rules) = temp_file("syntax.toml", b"min_matches = \n");
    let line = emaki(&["--print", "--scenes-file", rules.to_str().unwrap()]).one_line_error().to_owned();
    assert!(line.starts_with(&format!("emaki: {}:1:", rules.display())), "{line}");
}

#[test]
fn a_missing_rule_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.toml");
    let run = emaki(&["--scenes", "--scenes-file", missing.to_str().unwrap()]);
    assert_eq!(run.one_line_error(), format!("emaki: {}: no such file", missing.display()));
}

#[test]
fn an_empty_document_has_no_scenes() {
    let (_dir, empty) = temp_file("empty.txt", b"");
    assert_eq!(emaki(&["--scenes", "--json", empty.to_str().unwrap()]).ok(), "[]\n");
    assert_eq!(emaki(&["--scenes", empty.to_str().unwrap()]).ok(), "");
}
