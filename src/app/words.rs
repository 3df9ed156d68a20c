//! The words the library and the time-left figure are shown in: English, or
//! Japanese when the user's locale is Japanese.
//!
//! emaki's messages, help and lists are English. The figures a reader looks
//! at while reading — how long is left, when a book was last opened — follow
//! the locale (`LC_ALL`, else `LC_MESSAGES`, else `LANG`, as gettext reads
//! them): `ja_JP.UTF-8` gives `残り約12分` and `3日前`, anything else
//! `12 min left` and `3 days ago`.

use std::time::{Duration, SystemTime};

/// The language of the reading figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// English (the default).
    #[default]
    English,
    /// Japanese.
    Japanese,
}

impl Language {
    /// The language the locale variables ask for: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides.
    pub fn from_locale(lc_all: Option<&str>, lc_messages: Option<&str>, lang: Option<&str>) -> Language {
        let locale = [lc_all, lc_messages, lang].into_iter().flatten().find(|v| !v.is_empty()).unwrap_or("");
        if locale == "ja" || locale.starts_with("ja_") || locale.starts_with("ja.") || locale.starts_with("ja-") {
            Language::Japanese
        } else {
            Language::English
        }
    }

    /// [`Language::from_locale`] from this process's environment.
    pub fn from_env() -> Language {
        let var = |name: &str| std::env::var(name).ok();
        Language::from_locale(var("LC_ALL").as_deref(), var("LC_MESSAGES").as_deref(), var("LANG").as_deref())
    }
}

/// When something happened, relative to `now`: "today", "yesterday",
/// "3 days ago", "2 weeks ago", "5 months ago", "2 years ago" (今日, 昨日,
/// 3日前, ...). Counted in whole elapsed days (emaki has no time zone
/// database), so "today" is "within the last 24 hours".
pub fn relative_day(then: SystemTime, now: SystemTime, language: Language) -> String {
    let days = now.duration_since(then).unwrap_or(Duration::ZERO).as_secs() / 86_400;
    let (n, unit) = match days {
        0 => return pick(language, "today", "今日"),
        1 => return pick(language, "yesterday", "昨日"),
        2..=13 => (days, Unit::Day),
        14..=59 => (days / 7, Unit::Week),
        60..=729 => (days / 30, Unit::Month),
        _ => (days / 365, Unit::Year),
    };
    match language {
        Language::English => format!("{n} {}s ago", unit.english()),
        Language::Japanese => format!("{n}{}前", unit.japanese()),
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn english(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }

    fn japanese(self) -> &'static str {
        match self {
            Unit::Day => "日",
            Unit::Week => "週間",
            Unit::Month => "か月",
            Unit::Year => "年",
        }
    }
}

fn pick(language: Language, english: &str, japanese: &str) -> String {
    match language {
        Language::English => english,
        Language::Japanese => japanese,
    }
    .to_owned()
}

/// A reading time, rounded to the minute: "12 min", "2 h 5 min", "<1 min"
/// (12分, 2時間5分, 1分未満).
pub fn duration(d: Duration, language: Language) -> String {
    let minutes = (d.as_secs() + 30) / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    match (language, h, m) {
        (Language::English, 0, 0) => "<1 min".to_owned(),
        (Language::English, 0, m) => format!("{m} min"),
        (Language::English, h, 0) => format!("{h} h"),
        (Language::English, h, m) => format!("{h} h {m} min"),
        (Language::Japanese, 0, 0) => "1分未満".to_owned(),
        (Language::Japanese, 0, m) => format!("{m}分"),
        (Language::Japanese, h, 0) => format!("{h}時間"),
        (Language::Japanese, h, m) => format!("{h}時間{m}分"),
    }
}

/// The time left, for the status line: the scene's alone (`12 min left`,
/// `残り約12分`), and with the book's after it when there is room
/// (`12 min left · book 3 h`, `残り約12分・全体約3時間`). With no scene
/// figure (in a document's last or only scene), both are the book's.
pub fn time_left(scene: Option<Duration>, book: Duration, language: Language) -> (String, String) {
    let left = |d: Duration| match language {
        Language::English => format!("{} left", duration(d, language)),
        Language::Japanese => {
            let text = duration(d, language);
            if text.ends_with("未満") { format!("残り{text}") } else { format!("残り約{text}") }
        }
    };
    match scene {
        None => (left(book), left(book)),
        Some(scene) => {
            let short = left(scene);
            let full = match language {
                Language::English => format!("{short} · book {}", duration(book, language)),
                Language::Japanese => format!("{short}・全体約{}", duration(book, language)),
            };
            (full, short)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400;

    #[test]
    fn the_locale_decides() {
        assert_eq!(Language::from_locale(None, None, Some("ja_JP.UTF-8")), Language::Japanese);
        assert_eq!(Language::from_locale(Some("C"), None, Some("ja_JP.UTF-8")), Language::English);
        assert_eq!(Language::from_locale(Some(""), Some("ja"), Some("en_US.UTF-8")), Language::Japanese);
        assert_eq!(Language::from_locale(None, None, Some("jam")), Language::English);
        assert_eq!(Language::from_locale(None, None, None), Language::English);
    }

    #[test]
    fn days_are_relative() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000 * DAY);
        let ago = |d: u64| now - Duration::from_secs(d);
        let en = |d| relative_day(ago(d), now, Language::English);
        let ja = |d| relative_day(ago(d), now, Language::Japanese);
        assert_eq!(en(3600), "today");
        assert_eq!(en(DAY + 1), "yesterday");
        assert_eq!(en(3 * DAY), "3 days ago");
        assert_eq!(en(15 * DAY), "2 weeks ago");
        assert_eq!(en(100 * DAY), "3 months ago");
        assert_eq!(en(800 * DAY), "2 years ago");
        assert_eq!(ja(0), "今日");
        assert_eq!(ja(3 * DAY), "3日前");
        assert_eq!(ja(100 * DAY), "3か月前");
        // A time in the future (a clock set back) is today.
        assert_eq!(relative_day(now + Duration::from_secs(99), now, Language::English), "today");
    }

    #[test]
    fn times_left_round_to_the_minute() {
        let min = |m: u64| Duration::from_secs(m * 60);
        assert_eq!(time_left(Some(min(12)), min(185), Language::English).0, "12 min left · book 3 h 5 min");
        assert_eq!(time_left(Some(min(12)), min(185), Language::Japanese).0, "残り約12分・全体約3時間5分");
        assert_eq!(time_left(Some(min(12)), min(185), Language::Japanese).1, "残り約12分");
        assert_eq!(time_left(None, Duration::from_secs(20), Language::English).1, "<1 min left");
        assert_eq!(time_left(None, Duration::from_secs(20), Language::Japanese).1, "残り1分未満");
        assert_eq!(time_left(None, min(120), Language::English).0, "2 h left");
    }
}
