//! Quotes in the reader, through the update function, on the article.

mod common;

use common::article::{article_app, press};
use emaki::app::{Effect, Mode};

/// The selected quote's text.
fn selected(a: &emaki::app::App) -> String {
    let q = a.selected_quote().expect("a selected quote");
    a.doc().paragraph(q.paragraph)[q.inner.clone()].to_owned()
}

#[test]
fn tab_from_the_top_visits_the_quotes_in_order_and_wraps() {
    let mut a = article_app(80, 24);
    let expected = ["黄金の30年", "3つの勢力", "中国観光年", "祖国のために歌え", "黄金時代", "一帯一路", "中国観光年"];
    for want in expected {
        press(&mut a, "Tab");
        assert_eq!(selected(&a), want);
        assert_eq!(a.focus(), a.selected_quote().unwrap().paragraph);
    }
    press(&mut a, "Tab");
    assert_eq!(selected(&a), "黄金の30年");
    assert!(a.message().unwrap().text.contains("wrapped to the first quote"));
    press(&mut a, "BackTab");
    assert_eq!(selected(&a), "中国観光年");
    assert_eq!(a.focus(), 11);
    press(&mut a, "BackTab BackTab");
    assert_eq!(selected(&a), "黄金時代");
}

#[test]
fn tab_starts_from_the_focused_paragraph() {
    let mut a = article_app(80, 24);
    press(&mut a, "4 Tab");
    assert_eq!(selected(&a), "中国観光年");
    assert_eq!(a.focus(), 9);
    let mut b = article_app(80, 24);
    press(&mut b, "4 BackTab");
    assert_eq!(selected(&b), "3つの勢力", "Shift-Tab from paragraph 8 goes back to paragraph 7");
}

#[test]
fn the_selected_quote_is_decorated_and_carries_its_speaker() {
    let mut a = article_app(80, 24);
    press(&mut a, "Tab");
    let q = a.selected_quote().unwrap().clone();
    assert_eq!(q.speaker.as_deref(), Some("習近平"));
    let deco = a.decorations(q.paragraph).unwrap();
    assert_eq!(deco.selected.as_ref(), Some(&q.outer));
    assert!(deco.quotes.contains(&q.outer));
    assert!(a.message().unwrap().text.contains("習近平"));
}

#[test]
fn h_toggles_a_highlight_on_the_selected_quote() {
    let mut a = article_app(80, 24);
    press(&mut a, "Tab h");
    assert_eq!(a.marks().highlights.len(), 1);
    let h = &a.marks().highlights[0];
    assert_eq!((h.paragraph, h.text.as_str(), h.speaker.as_deref()), (5, "黄金の30年", Some("習近平")));
    assert!(a.message().unwrap().text.contains("quote highlighted"));
    press(&mut a, "h");
    assert!(a.marks().highlights.is_empty());
    assert!(a.message().unwrap().text.contains("highlight removed"));
}

#[test]
fn esc_or_moving_away_drops_the_selection() {
    let mut a = article_app(80, 24);
    press(&mut a, "Tab Esc");
    assert!(a.selected_quote().is_none());
    press(&mut a, "Tab }");
    assert!(a.selected_quote().is_none());
}

#[test]
fn y_copies_the_selected_quote_or_the_paragraph() {
    let mut a = article_app(80, 24);
    press(&mut a, "Tab y");
    assert_eq!(a.take_effects(), [Effect::Copy("黄金の30年".into())]);
    assert!(a.message().unwrap().text.contains("copied the quote"));
    press(&mut a, "Esc g y");
    assert_eq!(a.take_effects(), [Effect::Copy(a.doc().paragraph(0).to_owned())]);
}

#[test]
fn the_quote_list_filters_and_jumps() {
    let mut a = article_app(100, 30);
    press(&mut a, "Q");
    let Mode::Quotes(list) = a.mode() else { panic!("the quote list") };
    assert_eq!(list.items.len(), 7);
    assert_eq!(list.shown.len(), 7);
    let speakers: Vec<_> = list.items.iter().map(|i| i.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("習近平"),
            Some("トカエフ"),
            Some("習近平"),
            Some("習近平"),
            Some("トカエフ"),
            Some("トカエフ"),
            Some("トカエフ")
        ]
    );
    press(&mut a, "lit:観光");
    let Mode::Quotes(list) = a.mode() else { panic!("the quote list") };
    assert_eq!(list.shown.len(), 2);
    press(&mut a, "Down Enter");
    assert_eq!(*a.mode(), Mode::Normal);
    assert_eq!(selected(&a), "中国観光年");
    assert_eq!(a.focus(), 11);
    // Filtering by speaker, in another width.
    press(&mut a, "Q Ctrl-u lit:ﾄｶｴﾌ");
    let Mode::Quotes(list) = a.mode() else { panic!("the quote list") };
    assert_eq!(list.shown.len(), 4);
    press(&mut a, "Esc");
    assert_eq!(*a.mode(), Mode::Normal);
}

#[test]
fn the_quote_list_shows_each_quote_with_its_own_brackets() {
    let doc = emaki::engine::document::Document::from_text(
        "He said “curly ‘inner’ quote” today.\n「開きだけの段落\n｢ﾃｽﾄ｣と「」",
    )
    .unwrap();
    let scenes = emaki::engine::scenes::Scenes::single(&doc);
    let mut a = common::article::app_with(doc, scenes, common::article::test_store(), (80, 20));
    press(&mut a, "Q");
    let Mode::Quotes(list) = a.mode() else { panic!("the quote list") };
    let rows: Vec<String> = emaki::ui::list::quote_list_rows(list).into_iter().map(|r| r.text).collect();
    assert_eq!(
        rows,
        ["1:1  “curly ‘inner’ quote”", "1:1  ‘inner’", "1:2  「開きだけの段落 (unclosed)", "1:3  ｢ﾃｽﾄ｣"],
        "own brackets, unclosed marked, no empty quote"
    );
}
