//! `emaki --quotes` on the embedded article, through `cli::quotes::run`.

use emaki::cli::quotes;
use emaki::engine::document::Document;
use emaki::engine::scenes::{Scene, Scenes};

fn article() -> Document {
    Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap()
}

fn run(doc: &Document, scenes: &Scenes, json: bool) -> String {
    let mut out = Vec::new();
    quotes::run(doc, scenes, json, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Two scenes: paragraphs 1–7 and 8–15 (1-based), so scene numbers are checked.
fn two_scenes(doc: &Document) -> Scenes {
    let scene = |n: usize, first, last| Scene {
        id: format!("scene-{n}"),
        title: format!("scene {n}"),
        title_en: None,
        first,
        last,
    };
    Scenes::new(vec![scene(1, 0, 6), scene(2, 7, doc.paragraph_count() - 1)])
}

#[test]
fn json_lists_exactly_the_article_quotes_with_speakers() {
    let doc = article();
    let json: serde_json::Value = serde_json::from_str(&run(&doc, &two_scenes(&doc), true)).unwrap();
    let rows = json.as_array().unwrap();
    let got: Vec<(u64, &str, Option<&str>, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["paragraph"].as_u64().unwrap(),
                r["text"].as_str().unwrap(),
                r["speaker"].as_str(),
                r["scene"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (6, "黄金の30年", Some("習近平"), 1),
            (7, "3つの勢力", Some("トカエフ"), 1),
            (10, "中国観光年", Some("習近平"), 2),
            (10, "祖国のために歌え", Some("習近平"), 2),
            (12, "黄金時代", Some("トカエフ"), 2),
            (12, "一帯一路", Some("トカエフ"), 2),
            (12, "中国観光年", Some("トカエフ"), 2),
        ]
    );
    for r in rows {
        let p = r["paragraph"].as_u64().unwrap() as usize - 1;
        let (start, end) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        assert_eq!(&doc.paragraph(p)[start..end], r["text"].as_str().unwrap());
        assert_eq!(r["unclosed"], serde_json::Value::Bool(false));
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 7, "{keys:?}");
    }
}

#[test]
fn plain_output_is_one_readable_line_per_quote() {
    let doc = article();
    let text = run(&doc, &Scenes::single(&doc), false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0], "6  [1] 習近平: 黄金の30年");
    assert_eq!(lines[6], "12  [1] トカエフ: 中国観光年");
}

#[test]
fn unclosed_quotes_and_missing_speakers_are_shown() {
    let doc = Document::from_text("前置き「閉じない\n").unwrap();
    let scenes = Scenes::single(&doc);
    assert_eq!(run(&doc, &scenes, false), "1  [1] 閉じない  (unclosed)\n");
    let json: serde_json::Value = serde_json::from_str(&run(&doc, &scenes, true)).unwrap();
    assert_eq!(json[0]["speaker"], serde_json::Value::Null);
    assert_eq!(json[0]["unclosed"], serde_json::Value::Bool(true));
    assert_eq!(json[0]["start"], 12);
    assert_eq!(json[0]["end"], 24);
}

#[test]
fn a_document_without_quotes_lists_nothing() {
    let doc = Document::from_text("引用なし。\n").unwrap();
    let scenes = Scenes::single(&doc);
    assert_eq!(run(&doc, &scenes, false), "");
    assert_eq!(run(&doc, &scenes, true).trim(), "[]");
}
