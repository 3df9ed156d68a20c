//! Where a ruby base starts when no `｜` marks it: the run of characters of
//! one script just before the `《`, as the notation defines it (漢字《かんじ》
//! covers 漢字, ひらがな《…》 covers ひらがな, and so on).

use super::utf8::char_before;

/// The scripts a ruby base runs over. A base never mixes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    /// Kanji, with the marks that behave like kanji (々〆〇ヶ〻 …).
    Kanji,
    /// Hiragana, with ゝゞ.
    Hiragana,
    /// Katakana, with ー and ヽヾ.
    Katakana,
    /// Half-width katakana.
    HalfWidthKatakana,
    /// Full-width Latin letters and digits.
    FullWidthAlphanumeric,
    /// Latin (with accented letters), Greek and Cyrillic letters and ASCII
    /// digits.
    Alphabetic,
}

/// A base without `｜` is at most this many characters long: the notation's
/// bases are words, and a bound keeps a long run of kanji from costing a
/// walk over all of it for every `《`.
const MAX_BASE_CHARS: usize = 64;

/// How a character takes part in a ruby base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A character of this script.
    Of(Script),
    /// A mark that belongs to the character before it (a combining voiced
    /// mark, a variation selector): part of whatever base that is.
    Joins,
    /// Anything else ends the base.
    Ends,
}

#[inline]
fn role(c: char) -> Role {
    use Script::*;
    match c {
        '\u{3099}' | '\u{309a}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}' | '\u{300}'..='\u{36f}' => {
            Role::Joins
        }
        '\u{2e80}'..='\u{2fdf}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3ffff}'
        | '々'
        | '〆'
        | '〇'
        | '〻'
        | 'ヶ'
        | 'ヵ' => Role::Of(Kanji),
        '\u{3041}'..='\u{3096}' | '\u{309b}'..='\u{309f}' => Role::Of(Hiragana),
        '\u{30a1}'..='\u{30fa}' | '\u{30fc}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' => Role::Of(Katakana),
        '\u{ff66}'..='\u{ff9f}' => Role::Of(HalfWidthKatakana),
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => Role::Of(FullWidthAlphanumeric),
        '0'..='9' | 'A'..='Z' | 'a'..='z' => Role::Of(Alphabetic),
        '\u{c0}'..='\u{24f}' | '\u{370}'..='\u{3ff}' | '\u{400}'..='\u{4ff}' if c.is_alphabetic() => {
            Role::Of(Alphabetic)
        }
        _ => Role::Ends,
    }
}

/// Whether `c` belongs to the character before it (a combining mark, a
/// variation selector, a zero-width joiner): never cut before one.
pub(super) fn joins(c: char) -> bool {
    c == '\u{200d}' || role(c) == Role::Joins
}

/// The script of `c`, if a ruby base can hold it.
pub(super) fn script(c: char) -> Option<Script> {
    match role(c) {
        Role::Of(script) => Some(script),
        _ => None,
    }
}

/// Where the implicit base of a ruby whose `《` follows `text[..end]` starts:
/// back over characters of one script, never before `floor` (the start of
/// the paragraph, or the end of the previous ruby's base). `gaiji` are the
/// byte ranges of resolved missing glyphs, sorted: each counts as one kanji,
/// whatever it resolved to. Returns `end` when there is no base.
pub(super) fn base_start(text: &[u8], floor: usize, end: usize, gaiji: &[(usize, usize)]) -> usize {
    let mut start = end;
    let mut script: Option<Script> = None;
    let mut pending_joiners = start;
    let mut g = gaiji.len();
    for _ in 0..MAX_BASE_CHARS {
        if start <= floor {
            break;
        }
        while g > 0 && gaiji[g - 1].1 > start {
            g -= 1;
        }
        let (role, before) = if g > 0 && gaiji[g - 1].1 == start && gaiji[g - 1].0 >= floor {
            (Role::Of(Script::Kanji), gaiji[g - 1].0)
        } else {
            match char_before(text, start) {
                Some((c, before)) if before >= floor => (role(c), before),
                _ => break,
            }
        };
        match role {
            Role::Joins => start = before,
            Role::Of(s) if script.is_none_or(|known| known == s) => {
                script = Some(s);
                start = before;
                pending_joiners = start;
            }
            _ => break,
        }
    }
    if script.is_some() {
        return pending_joiners;
    }
    // No script at all: a lone symbol (`？《インタロゲーションマーク》`) is
    // its own base; whitespace, brackets and punctuation never are.
    match char_before(text, end) {
        Some((c, before)) if before >= floor && stands_alone(c) => before,
        _ => end,
    }
}

/// Whether `c` may be a ruby base of its own when no script run is there.
fn stands_alone(c: char) -> bool {
    const NEVER: &str = "「」『』（）〔〕［］【】〈〉《》｛｝〘〙〖〗()[]{}<>、。，．,.・：；:;…‥";
    !c.is_whitespace() && !c.is_control() && role(c) == Role::Ends && !NEVER.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(text: &str) -> &str {
        &text[base_start(text.as_bytes(), 0, text.len(), &[])..]
    }

    #[test]
    fn a_base_is_the_run_of_one_script_before_the_reading() {
        assert_eq!(base("蕗屋清一郎"), "蕗屋清一郎");
        assert_eq!(base("何故"), "何故");
        assert_eq!(base("これから記"), "記");
        assert_eq!(base("その時々"), "時々");
        assert_eq!(base("十ヶ所"), "十ヶ所");
        assert_eq!(base("漢字ひらがな"), "ひらがな");
        assert_eq!(base("硝子のガラスー"), "ガラスー");
        assert_eq!(base("「ＡＢＣ１"), "ＡＢＣ１");
        assert_eq!(base("の Cézanne"), "Cézanne");
        assert_eq!(base("文字が"), "が");
        assert_eq!(base("か\u{309a}き"), "か\u{309a}き", "a combining mark goes with its character");
        assert_eq!(base("……　？"), "？", "a lone symbol is its own base");
    }

    #[test]
    fn nothing_of_a_script_is_no_base() {
        assert_eq!(base("「"), "");
        assert_eq!(base("　"), "");
        assert_eq!(base("。"), "");
        assert_eq!(base(""), "");
        assert_eq!(base("\u{309a}"), "", "a lone combining mark is no base");
        assert_eq!(base("、\u{309a}"), "");
    }

    #[test]
    fn the_floor_and_gaiji_bound_the_run() {
        let text = "漢字仮名";
        assert_eq!(base_start(text.as_bytes(), 6, text.len(), &[]), 6);
        // 「✕」 resolved from a note counts as a kanji.
        let text = "顳✕";
        assert_eq!(base_start(text.as_bytes(), 0, text.len(), &[(3, 6)]), 0);
        assert_eq!(base_start(text.as_bytes(), 0, text.len(), &[]), 3, "✕ itself is no kanji, only a symbol");
    }

    #[test]
    fn an_implicit_base_is_bounded() {
        let text = "漢".repeat(1000);
        assert_eq!(text.len() - base_start(text.as_bytes(), 0, text.len(), &[]), MAX_BASE_CHARS * 3);
    }
}
