//! Search in the reader, through the update function, on the article.

mod common;

use common::article::{article_app, press};
use emaki::app::Mode;

#[test]
fn sco_in_either_width_focuses_paragraph_11() {
    for query in ["SCO", "ＳＣＯ", "sco"] {
        let mut a = article_app(80, 24);
        press(&mut a, &format!("/ lit:{query} Enter"));
        assert_eq!(a.focus(), 10, "/{query}");
        let s = a.search().expect("a search");
        assert_eq!(s.matches.len(), 3, "/{query}: SCO appears three times in paragraph 11");
        assert!(a.message().unwrap().text.starts_with("match 1/3"), "{:?}", a.message());
        let deco = a.decorations(10).expect("paragraph 11 is visible");
        assert_eq!(deco.matches.len(), 3, "every visible match is highlighted");
    }
}

#[test]
fn n_and_shift_n_cycle_through_the_matches_and_wrap() {
    let mut a = article_app(80, 24);
    press(&mut a, "/ lit:一帯一路 Enter");
    let s = a.search().unwrap();
    let paragraphs: Vec<usize> = s.matches.iter().map(|m| m.paragraph).collect();
    assert_eq!(paragraphs, [6, 11, 11]);
    assert_eq!(a.focus(), 6);
    press(&mut a, "n");
    assert_eq!((a.focus(), a.search().unwrap().current), (11, 1));
    press(&mut a, "n");
    assert_eq!((a.focus(), a.search().unwrap().current), (11, 2));
    press(&mut a, "n");
    assert_eq!((a.focus(), a.search().unwrap().current), (6, 0));
    assert!(a.message().unwrap().text.contains("wrapped to the top"));
    press(&mut a, "N");
    assert_eq!((a.focus(), a.search().unwrap().current), (11, 2));
    assert!(a.message().unwrap().text.contains("wrapped to the bottom"));
    press(&mut a, "N N");
    assert_eq!((a.focus(), a.search().unwrap().current), (6, 0));
}

#[test]
fn n_and_shift_n_search_from_where_the_reader_is_now() {
    let mut a = article_app(80, 24);
    press(&mut a, "/ lit:一帯一路 Enter n");
    assert_eq!(a.search().unwrap().current, 1);
    // After going to the top, n finds the first match again.
    press(&mut a, "g n");
    assert_eq!((a.focus(), a.search().unwrap().current), (6, 0));
    // From the end, N finds the last one.
    press(&mut a, "G N");
    assert_eq!((a.focus(), a.search().unwrap().current), (11, 2));
    // From paragraph 9, n finds the match in paragraph 12, N the one in 7.
    press(&mut a, ": 9 Enter n");
    assert_eq!((a.focus(), a.search().unwrap().current), (11, 1));
    press(&mut a, ": 9 Enter N");
    assert_eq!((a.focus(), a.search().unwrap().current), (6, 0));
}

#[test]
fn enter_searches_from_the_focused_paragraph_and_wraps_past_the_end() {
    let mut a = article_app(80, 24);
    press(&mut a, "6 / lit:一帯一路 Enter");
    assert_eq!(a.focus(), 6, "scene 6 starts after every match: wrap to the first");
    assert!(a.message().unwrap().text.contains("wrapped"));
    let mut b = article_app(80, 24);
    press(&mut b, "4 / lit:一帯一路 Enter");
    assert_eq!(b.focus(), 11, "from paragraph 8 the next match is in paragraph 12");
}

#[test]
fn typing_previews_the_first_match_and_esc_returns() {
    let mut a = article_app(80, 24);
    press(&mut a, "/ lit:ＳＣ");
    assert!(matches!(a.mode(), Mode::Prompt { .. }));
    assert_eq!(a.focus(), 10, "the preview moves to the first match while typing");
    press(&mut a, "Backspace Backspace lit:晩餐");
    assert_eq!(a.focus(), 13);
    press(&mut a, "Esc");
    assert_eq!(*a.mode(), Mode::Normal);
    assert_eq!(a.focus(), 0, "Esc returns to where the search began");
    assert_eq!(a.rows()[0].paragraph, 0);
    assert!(a.search().is_none());
}

#[test]
fn a_query_with_no_match_says_so_and_moves_nothing() {
    let mut a = article_app(80, 24);
    press(&mut a, "} } / lit:存在しない語 Enter");
    assert_eq!(a.focus(), 2);
    assert_eq!(a.rows()[0].paragraph, 2);
    assert!(a.message().unwrap().text.contains("no match for 存在しない語"));
    press(&mut a, "n");
    assert!(a.message().unwrap().text.contains("no match for 存在しない語"), "{:?}", a.message());
    assert_eq!(a.focus(), 2);
}

#[test]
fn an_empty_query_repeats_the_last_search_and_esc_clears_the_highlights() {
    let mut a = article_app(80, 24);
    press(&mut a, "/ lit:SCO Enter g / Enter");
    assert_eq!(a.focus(), 10);
    press(&mut a, "Esc");
    assert!(a.search().is_none());
    assert!(a.decorations(10).is_none_or(|d| d.matches.is_empty()));
}

#[test]
fn an_empty_query_goes_on_to_the_next_match_like_n() {
    let mut a = article_app(80, 24);
    press(&mut a, "/ lit:一帯一路 Enter n");
    assert_eq!((a.focus(), a.search().unwrap().current), (11, 1));
    press(&mut a, "/ Enter");
    assert_eq!((a.focus(), a.search().unwrap().current), (11, 2), "the match after the current one");
    press(&mut a, "/ Enter");
    assert_eq!((a.focus(), a.search().unwrap().current), (6, 0));
    assert!(a.message().unwrap().text.contains("wrapped to the top"), "{:?}", a.message());
}

#[test]
fn the_prompt_edits_multibyte_text() {
    let mut a = article_app(80, 24);
    press(&mut a, "/ lit:一帯 lit:X Left Backspace");
    let Mode::Prompt { editor, .. } = a.mode() else { panic!("prompt") };
    assert_eq!(editor.text(), "一X");
    press(&mut a, "Ctrl-u");
    a.handle_paste("一帯一路");
    let Mode::Prompt { editor, .. } = a.mode() else { panic!("prompt") };
    assert_eq!(editor.text(), "一帯一路X");
    press(&mut a, "Ctrl-w");
    let Mode::Prompt { editor, .. } = a.mode() else { panic!("prompt") };
    assert_eq!(editor.text(), "X", "Ctrl-w deletes back to the start in text without spaces");
    press(&mut a, "Enter");
    assert!(a.message().unwrap().text.contains("no match for X"));
}
