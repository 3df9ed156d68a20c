//! Hard-wrapped e-texts (CJK every 33 characters, English at 70 columns)
//! are read as paragraphs; `--no-join` keeps their lines, `--join` joins
//! what detection would leave alone.

mod common;

use common::*;

/// Greedy wrapping at `width` columns (spaces only), as e-texts are made.
fn wrap_words(text: &str, width: usize) -> String {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().unwrap();
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}

fn paragraphs(printed: &str) -> Vec<String> {
    printed.split("\n\n").filter(|b| !b.starts_with("# ")).map(|b| b.replace('\n', "")).collect()
}

#[test]
fn hard_wrapped_chinese_and_english_join_into_paragraphs() {
    let chinese = "此開卷第一回也作者自云因曾歷過一番夢幻之後故將真事隱去而借通靈之說撰此石頭記一書也故曰甄士隱云云但書中所記何事何人";
    let chars: Vec<char> = chinese.repeat(3).chars().collect();
    let cjk_lines: Vec<String> = chars.chunks(33).map(|c| c.iter().collect()).collect();
    let english = "It was the best of times, it was the worst of times, it was the age of wisdom, it was the \
                   age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the \
                   season of Light, it was the season of Darkness.";
    let text = format!(
        "第一回　甄士隱夢幻識通靈\n{}\n\n{}\n\n{}\n",
        cjk_lines.join("\n"),
        wrap_words(english, 70),
        wrap_words(english, 70)
    );
    let joined = emaki_with_stdin(&["--print", "--width", "10000", "-"], text.as_bytes());
    let paragraphs = paragraphs(joined.ok());
    assert_eq!(paragraphs[0], "第一回　甄士隱夢幻識通靈", "the chapter heading stays its own paragraph");
    assert_eq!(paragraphs[1], chinese.repeat(3), "CJK lines join without a space");
    assert_eq!(paragraphs[2], english, "Latin lines join with one space");
    assert_eq!(paragraphs.len(), 4);

    let kept = emaki_with_stdin(&["--print", "--width", "10000", "--no-join", "-"], text.as_bytes());
    let lines = kept.ok().split("\n\n").filter(|b| !b.starts_with("# ")).count();
    assert_eq!(lines, 1 + cjk_lines.len() + 2 * wrap_words(english, 70).lines().count(), "--no-join keeps every line");
}

#[test]
fn the_article_and_the_novels_are_not_joined() {
    let article = emaki(&["--print", "--width", "10000"]);
    assert_eq!(paragraphs(article.ok()).len(), 15);
}
