//! `--export` output on the embedded article: the JSON shape and the Markdown
//! text, exactly.

use std::path::Path;

use emaki::engine::document::Document;
use emaki::engine::scenes::{Scene, Scenes};
use emaki::store::clock::ManualClock;
use emaki::store::export::{export_json, export_markdown};
use emaki::store::{Marks, Store, StoreOptions};
use serde_json::json;

/// The article's scenes as the scene rules split it (written out here so the
/// test does not depend on the rules).
fn scenes() -> Scenes {
    let scene = |id: &str, title: &str, en: &str, first, last| Scene {
        id: id.into(),
        title: title.into(),
        title_en: Some(en.into()),
        first,
        last,
    };
    Scenes::new(vec![
        scene("arrival", "到着", "Arrival", 0, 1),
        scene("ceremony", "歓迎式典", "Ceremony", 2, 3),
        scene("small-talks", "小規模会談", "Small talks", 4, 6),
        scene("broad-talks", "大規模会談", "Broad talks", 7, 11),
        scene("signing", "署名", "Signing", 12, 12),
        scene("banquet", "晩餐会", "Banquet", 13, 14),
    ])
}

fn article() -> Document {
    Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap()
}

fn start_of(doc: &Document, paragraph: usize, text: &str) -> usize {
    doc.paragraph(paragraph).find(text).unwrap()
}

/// Bookmarks on paragraphs 8 (with a note) and 3, highlights in 6, 7 and two
/// in 10, made out of order.
fn marked(doc: &Document) -> Marks {
    let mut store = Store::in_memory(StoreOptions::with_clock(ManualClock::at_unix(1_720_000_000)));
    let mut marks = store.load(doc, Some(Path::new(emaki::EMBEDDED_ARTICLE_NAME)), "現地時間2024年7月3日");
    for p in [7, 2] {
        store.toggle_bookmark(doc, &mut marks, p).unwrap();
    }
    let id = marks.bookmark_at(7).unwrap().id.clone();
    store.set_note(doc, &mut marks, &id, "ここから本題").unwrap();
    for (p, text, speaker) in [
        (9, "祖国のために歌え", Some("習近平")),
        (5, "黄金の30年", Some("習近平")),
        (6, "3つの勢力", Some("トカエフ")),
        (9, "中国観光年", None),
    ] {
        let start = start_of(doc, p, text);
        store.toggle_highlight(doc, &mut marks, p, start..start + text.len(), speaker).unwrap();
    }
    marks
}

#[test]
fn json_export_has_the_documented_shape_sorted_and_one_based() {
    let doc = article();
    let out = export_json(&scenes(), &marked(&doc));
    assert!(out.ends_with("}\n"));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let created = "2024-07-03T09:46:40Z";
    let highlight = |p: usize, scene, speaker: Option<&str>, text: &str| {
        let start = start_of(&doc, p - 1, text);
        json!({ "paragraph": p, "scene": scene, "speaker": speaker, "text": text,
                "start": start, "end": start + text.len(), "created": created })
    };
    assert_eq!(
        value,
        json!({
            "document": {
                "title": "現地時間2024年7月3日",
                "path": "(embedded) kazakhstan-state-visit.txt",
                "hash": doc.content_hash(),
            },
            "bookmarks": [
                { "paragraph": 3, "scene": 2, "excerpt": "トカエフ大統領は習近平国家主席の歓迎セレモニーを盛大に行った。",
                  "note": null, "created": created },
                { "paragraph": 8, "scene": 4, "excerpt": "その後、両首脳は広範な会談を行った。",
                  "note": "ここから本題", "created": created },
            ],
            "highlights": [
                highlight(6, 3, Some("習近平"), "黄金の30年"),
                highlight(7, 3, Some("トカエフ"), "3つの勢力"),
                highlight(10, 4, None, "中国観光年"),
                highlight(10, 4, Some("習近平"), "祖国のために歌え"),
            ],
            "orphans": [],
        })
    );
    // Byte offsets point at the text in the paragraph.
    assert_eq!(value["highlights"][0]["start"], 193);
}

// Quotes keep their brackets in the Markdown export (issue 15).
#[test]
fn markdown_export_groups_by_scene_quotes_bookmarks_and_lists_highlights() {
    let doc = article();
    let out = export_markdown(&doc, &scenes(), &marked(&doc));
    let expected = "\
# 現地時間2024年7月3日

## 2 歓迎式典 Ceremony

**¶ 3**

> トカエフ大統領は習近平国家主席の歓迎セレモニーを盛大に行った。

## 3 小規模会談 Small talks

- 「黄金の30年」 — 習近平 (¶ 6)
- 「3つの勢力」 — トカエフ (¶ 7)

## 4 大規模会談 Broad talks

**¶ 8** — ここから本題

> その後、両首脳は広範な会談を行った。

- 「中国観光年」 (¶ 10)
- 「祖国のために歌え」 — 習近平 (¶ 10)
";
    assert_eq!(out, expected, "\n--- got ---\n{out}\n--- expected ---\n{expected}");
}

#[test]
fn a_bookmarked_paragraph_is_quoted_in_full() {
    let doc = article();
    let mut store = Store::in_memory(StoreOptions::with_clock(ManualClock::at_unix(0)));
    let mut marks = store.load(&doc, None, "Visit");
    store.toggle_bookmark(&doc, &mut marks, 5).unwrap();
    let out = export_markdown(&doc, &scenes(), &marks);
    assert!(out.contains(&format!("\n> {}\n", doc.paragraph(5))), "{out}");
}

#[test]
fn orphans_are_exported_apart_from_placed_marks() {
    let dir = tempfile::tempdir().unwrap();
    let doc = article();
    let stale = json!({
        "version": 1,
        "documents": { doc.content_hash(): {
            "path": "/a.txt", "title": "Visit",
            "bookmarks": [ { "paragraph": 4, "fingerprint": "0123456789abcdef", "excerpt": "消えた段落",
                             "created": "2024-07-01T00:00:00Z", "note": "メモ" } ],
            "highlights": [ { "paragraph": 9, "fingerprint": "0123456789abcdef", "start": 0, "end": 6,
                              "text": "消えた言葉", "speaker": "トカエフ", "created": "2024-07-02T00:00:00Z" } ]
        } }
    });
    std::fs::write(dir.path().join("emaki-store.json"), stale.to_string()).unwrap();
    let marks = Store::open_in(dir.path(), StoreOptions::default()).peek(&doc, None, "Visit");

    let value: serde_json::Value = serde_json::from_str(&export_json(&scenes(), &marks)).unwrap();
    assert_eq!(value["bookmarks"], json!([]));
    assert_eq!(value["highlights"], json!([]));
    assert_eq!(
        value["orphans"],
        json!([
            { "kind": "bookmark", "last_paragraph": 4, "text": "消えた段落", "note": "メモ",
              "speaker": null, "created": "2024-07-01T00:00:00Z" },
            { "kind": "highlight", "last_paragraph": 9, "text": "消えた言葉", "note": null,
              "speaker": "トカエフ", "created": "2024-07-02T00:00:00Z" },
        ])
    );
    assert_eq!(
        export_markdown(&doc, &scenes(), &marks),
        "# Visit\n\n## Orphaned marks\n\nTheir text is no longer in the document.\n\n\
         - bookmark, was ¶ 4: 消えた段落 — note: メモ\n\
         - highlight, was ¶ 9: 消えた言葉 — トカエフ\n"
    );
}

#[test]
fn an_export_without_marks_says_so() {
    let doc = article();
    let marks = Store::in_memory(StoreOptions::default()).load(&doc, None, "Visit");
    assert_eq!(export_markdown(&doc, &scenes(), &marks), "# Visit\n\nNo bookmarks or highlights.\n");
    let value: serde_json::Value = serde_json::from_str(&export_json(&scenes(), &marks)).unwrap();
    assert_eq!(value["document"]["path"], serde_json::Value::Null);
    assert_eq!(value["bookmarks"], json!([]));
}
