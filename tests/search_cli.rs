//! `emaki --search` on the embedded article, through `cli::search::run`.

use emaki::cli::search;
use emaki::engine::document::Document;
use emaki::engine::scenes::Scenes;

fn article() -> Document {
    Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap()
}

fn run(doc: &Document, query: &str, json: bool) -> (usize, String) {
    let mut out = Vec::new();
    let count = search::run(doc, &Scenes::single(doc), query, json, &mut out).unwrap();
    (count, String::from_utf8(out).unwrap())
}

fn rows(doc: &Document, query: &str) -> Vec<serde_json::Value> {
    let (_, text) = run(doc, query, true);
    serde_json::from_str::<serde_json::Value>(&text).unwrap().as_array().unwrap().clone()
}

#[test]
fn sco_and_full_width_sco_both_find_paragraph_11() {
    let doc = article();
    for query in ["SCO", "ＳＣＯ"] {
        let rows = rows(&doc, query);
        assert_eq!(rows.len(), 3, "{query}");
        for r in &rows {
            assert_eq!(r["paragraph"], 11);
            assert_eq!(r["scene"], 1);
            assert_eq!(r["text"], "SCO");
            let (start, end) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
            assert_eq!(&doc.paragraph(10)[start..end], "SCO");
            assert!(r["context"].as_str().unwrap().contains("SCO"));
        }
    }
}

#[test]
fn every_occurrence_of_一帯一路_is_listed_in_order() {
    let doc = article();
    let rows = rows(&doc, "一帯一路");
    let found: Vec<(u64, u64)> =
        rows.iter().map(|r| (r["paragraph"].as_u64().unwrap(), r["start"].as_u64().unwrap())).collect();
    let expected: Vec<(u64, u64)> = doc
        .paragraphs()
        .enumerate()
        .flat_map(|(p, text)| text.match_indices("一帯一路").map(move |(i, _)| (p as u64 + 1, i as u64)))
        .collect();
    assert_eq!(expected.len(), 3);
    assert_eq!(found, expected);
    assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), [7, 12, 12]);
}

#[test]
fn plain_lines_show_paragraph_scene_and_the_match_in_brackets() {
    let doc = article();
    let (count, text) = run(&doc, "ｓｃｏ", false);
    assert_eq!(count, 3);
    let first = text.lines().next().unwrap();
    // The scene's title, cut to 16 cells with the `…`; twelve clusters
    // either side of the match; the paragraph starts within reach, so only
    // the end is cut.
    assert!(Scenes::single(&doc).as_slice()[0].title.starts_with("現地時間2024年7月"));
    assert_eq!(first, "11  [1 現地時間2024年7…]  習主席は、上海協力機構([SCO])の輪番議長国としてのカ…");
    let second = text.lines().nth(1).unwrap();
    assert!(second.starts_with("11  [1 ") && second.contains("]  …") && second.ends_with('…'), "{second}");
    assert!(second.contains("中国が[SCO]の議長国"), "{second}");
    assert!(!text.contains(".."), "no byte offsets: {text}");
}

#[test]
fn context_stops_at_paragraph_edges_without_ellipsis() {
    let doc = Document::from_text("ＳＣＯ首脳会議\n").unwrap();
    let (_, text) = run(&doc, "sco", false);
    assert_eq!(text, "1  [1 ＳＣＯ首脳会議]  [ＳＣＯ]首脳会議\n");
}

#[test]
fn json_keeps_byte_offsets() {
    let doc = Document::from_text("ＳＣＯ首脳会議\n").unwrap();
    let (_, text) = run(&doc, "sco", true);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value,
        serde_json::json!([{"paragraph": 1, "scene": 1, "start": 0, "end": 9, "text": "ＳＣＯ", "context": "ＳＣＯ首脳会議"}])
    );
}

#[test]
fn no_match_prints_nothing_and_an_empty_json_array() {
    let doc = article();
    assert_eq!(run(&doc, "存在しない語", false), (0, String::new()));
    assert_eq!(run(&doc, "存在しない語", true).1.trim(), "[]");
}

#[test]
fn an_empty_query_is_an_error() {
    let doc = article();
    let err = search::run(&doc, &Scenes::single(&doc), "", false, &mut Vec::new()).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
}

#[test]
fn sharp_s_and_final_sigma_are_found_however_they_are_written() {
    let doc = Document::from_text("Straße und STRASSE\nΣΑΣ σας\n").unwrap();
    let q = emaki::engine::search::Query::new("strasse").unwrap();
    assert_eq!(q.find_all(doc.paragraph(0)).len(), 2);
    let q = emaki::engine::search::Query::new("ß").unwrap();
    assert_eq!(q.find_all(doc.paragraph(0)).len(), 2);
    let q = emaki::engine::search::Query::new("σας").unwrap();
    assert_eq!(q.find_all(doc.paragraph(1)).len(), 2);
}
