//! Telling an Aozora Bunko text from other text, from its first megabyte.
//!
//! Any one of these is enough: the notation legend's heading; an annotation
//! `［＃…］` (no other writing uses that pair); ruby `《…》` that read like
//! furigana — mostly short, all kana, right after a base. Chinese writes
//! book titles as `《书名》`: hanzi inside, so that is not ruby. A `｜` alone
//! proves nothing (news writes `7日（土）｜8日（日）`), but `｜` right before a
//! base and its kana reading (`俺は｜呟《つぶや》いた`) is the notation and
//! nothing else: one is enough.

use memchr::memmem;

use super::ruby;

/// How much of the text is looked at.
const SAMPLE_BYTES: usize = 1 << 20;
/// How many `《…》` are looked at.
const MAX_BRACKETS: usize = 200;
/// A furigana reading is at most this many characters.
const MAX_READING_CHARS: usize = 20;

/// Whether `text` is an Aozora Bunko text. See the module documentation.
pub(super) fn is_aozora(text: &str) -> bool {
    let sample = &text[..text.floor_char_boundary(SAMPLE_BYTES.min(text.len()))];
    let bytes = sample.as_bytes();
    if memmem::find(bytes, "【テキスト中に現れる記号について】".as_bytes()).is_some() {
        return true;
    }
    if has_annotation(sample) {
        return true;
    }
    furigana_like(sample)
}

/// An annotation `［＃…］` closed on its line.
fn has_annotation(sample: &str) -> bool {
    let bytes = sample.as_bytes();
    memmem::find_iter(bytes, "［＃".as_bytes()).take(MAX_BRACKETS).any(|at| {
        let rest = &sample[at + "［＃".len()..];
        let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
        line.find('］').is_some_and(|close| close > 0)
    })
}

/// At least three `《…》` and most of them furigana: a base before, kana
/// inside, short; or one furigana whose base a `｜` marks.
fn furigana_like(sample: &str) -> bool {
    let mut seen = 0;
    let mut furigana = 0;
    let mut marked = false;
    for at in memmem::find_iter(sample.as_bytes(), "《".as_bytes()).take(MAX_BRACKETS) {
        seen += 1;
        let has_base = sample[..at].chars().next_back().is_some_and(|c| ruby::script(c).is_some());
        let inside = &sample[at + "《".len()..];
        let reading = match inside.find(['》', '\n']) {
            Some(end) if inside[end..].starts_with('》') => &inside[..end],
            _ => continue,
        };
        let count = reading.chars().count();
        let kana = reading
            .chars()
            .all(|c| matches!(ruby::script(c), Some(ruby::Script::Hiragana | ruby::Script::Katakana)) || c == '・');
        if has_base && kana && (1..=MAX_READING_CHARS).contains(&count) {
            furigana += 1;
            // `｜` at most a few characters back, on this line.
            let before = &sample[..at];
            let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
            marked |= line.rfind('｜').is_some_and(|bar| {
                let base = &line[bar + '｜'.len_utf8()..];
                (1..=20).contains(&base.chars().count()) && base.chars().all(|c| ruby::script(c).is_some())
            });
        }
    }
    (furigana >= 3 || marked) && furigana * 2 >= seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_or_an_annotation_is_enough() {
        assert!(is_aozora("題\n-----\n【テキスト中に現れる記号について】\n"));
        assert!(is_aozora("　彼は［＃「彼」に傍点］来た。"));
        assert!(!is_aozora("［＃］"), "an empty annotation says nothing");
        assert!(!is_aozora("［＃\n］"), "an annotation closes on its line");
    }

    #[test]
    fn furigana_are_recognised() {
        assert!(is_aozora("蜜蜂《みつばち》の唸《うな》る音、硝子球《ガラスだま》。"));
        assert!(!is_aozora("蜜蜂《みつばち》の唸《うな》る音。"), "two are not enough");
    }

    #[test]
    fn chinese_title_marks_and_news_separators_are_not_aozora() {
        assert!(!is_aozora("我读了《红楼梦》、《西游记》和《水浒传》，还有《三国演义》。"));
        assert!(!is_aozora("7日（土）｜8日（日）｜9日（月）　東京｜大阪"));
        assert!(!is_aozora("《あ》《い》《う》《え》"), "kana without a base is no ruby");
    }

    #[test]
    fn plain_japanese_is_not_aozora() {
        assert!(!is_aozora("トカエフ大統領は、国賓として来日した。"));
        assert!(!is_aozora(""));
    }

    #[test]
    fn one_ruby_with_its_base_marked_is_enough() {
        assert!(is_aozora("　俺は｜呟《つぶや》いた。\n「ここは……」\n"));
        assert!(!is_aozora("7日（土）｜8日（日）の予定《よてい》"), "the bar is not before this base");
        assert!(!is_aozora("本文です《ほんぶん》。"), "one unmarked ruby is not enough");
    }
}
