//! Speaker attribution for paragraphs of reported speech.
//!
//! A news report says who speaks at the head of a sentence (`習主席は、`) and
//! closes the sentence with a verb of saying (`……と指摘した。`). The rule
//! (spelled out in `assets/speakers.toml`, which also holds the patterns and
//! verbs as data) is: a paragraph is attributed to speaker S when it opens
//! with one of S's subjects and a sentence opened by one of S's subjects — the
//! first, or a later one naming S again — ends with a speech verb. The quotes
//! inside such a paragraph carry its speaker.
//!
//! [`SpeakerRules::embedded`] gives the rules shipped in the binary;
//! [`SpeakerRules::from_toml`] parses others (a test's), and
//! [`SpeakerRules::over_embedded`] a user's file merged over the shipped
//! rules: its speakers are added (a speaker whose name is already known gets
//! the subjects listed added to its own) and so are its verbs. The command
//! line installs the rules in force once, at start-up
//! ([`SpeakerRules::set_active`]); [`SpeakerRules::active`] gives them.

use std::sync::OnceLock;

use serde::Deserialize;
use thiserror::Error;

use super::quotes::find_quotes;

/// The rules shipped with emaki.
const EMBEDDED_RULES: &str = include_str!("../../assets/speakers.toml");

/// Why a speaker rules file is refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SpeakerRulesError {
    /// Not TOML, or not the expected shape (unknown keys are refused too, so
    /// that a misspelt key is reported instead of silently ignored).
    #[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Parse {
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// What is wrong, on one line.
        message: String,
    },
    /// A name, subject or verb is empty, which would match everything.
    #[error("{0} must not be empty")]
    Empty(&'static str),
}

/// One speaker: the canonical name shown to the reader and the subjects that
/// introduce them in the text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Speaker {
    name: String,
    subjects: Vec<String>,
}

/// The file format of `assets/speakers.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(rename = "speaker", default)]
    speakers: Vec<Speaker>,
}

/// Speaker patterns and speech verbs, ready to attribute paragraphs.
#[derive(Debug, Clone)]
pub struct SpeakerRules {
    /// Every `(subject, index into speakers)`, longest subject first so the
    /// most specific pattern wins.
    subjects: Vec<(String, usize)>,
    names: Vec<String>,
    verbs: Vec<String>,
}

impl SpeakerRules {
    /// The rules embedded from `assets/speakers.toml`, parsed once.
    pub fn embedded() -> &'static SpeakerRules {
        static RULES: OnceLock<SpeakerRules> = OnceLock::new();
        RULES.get_or_init(|| {
            // The file is part of the binary and a unit test parses it, so a
            // failure here is a build defect, not a user error.
            SpeakerRules::from_toml(EMBEDDED_RULES).expect("assets/speakers.toml is valid")
        })
    }

    /// Parse rules in the format of `assets/speakers.toml`.
    pub fn from_toml(text: &str) -> Result<Self, SpeakerRulesError> {
        Self::build(parse_file(text)?)
    }

    /// The embedded rules with the rules of `text` (a user's file in the
    /// same format) merged over them: its speakers added, or their subjects
    /// added to a speaker of the same name; its verbs added.
    pub fn over_embedded(text: &str) -> Result<Self, SpeakerRulesError> {
        let mut merged = parse_file(EMBEDDED_RULES)?;
        let user = parse_file(text)?;
        for verb in user.verbs {
            if !merged.verbs.contains(&verb) {
                merged.verbs.push(verb);
            }
        }
        for speaker in user.speakers {
            match merged.speakers.iter_mut().find(|known| known.name == speaker.name) {
                Some(known) => known.subjects.extend(speaker.subjects),
                None => merged.speakers.push(speaker),
            }
        }
        Self::build(merged)
    }

    /// Make `rules` the rules in force for the rest of the process (what
    /// [`SpeakerRules::active`] gives). The command line does it once, at
    /// start-up, before anything attributes a quote; a later call changes
    /// nothing and returns `false`.
    pub fn set_active(rules: SpeakerRules) -> bool {
        ACTIVE.set(rules).is_ok()
    }

    /// The rules in force: those given to [`SpeakerRules::set_active`], else
    /// the embedded ones.
    pub fn active() -> &'static SpeakerRules {
        ACTIVE.get().unwrap_or_else(|| SpeakerRules::embedded())
    }

    fn build(file: RulesFile) -> Result<Self, SpeakerRulesError> {
        let mut subjects = Vec::new();
        let mut names = Vec::new();
        for (index, speaker) in file.speakers.into_iter().enumerate() {
            if speaker.name.is_empty() {
                return Err(SpeakerRulesError::Empty("a speaker name"));
            }
            for subject in speaker.subjects {
                if subject.is_empty() {
                    return Err(SpeakerRulesError::Empty("a subject"));
                }
                subjects.push((subject, index));
            }
            names.push(speaker.name);
        }
        if file.verbs.iter().any(String::is_empty) {
            return Err(SpeakerRulesError::Empty("a verb"));
        }
        subjects.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        Ok(SpeakerRules { subjects, names, verbs: file.verbs })
    }

    /// The canonical name of the speaker `paragraph` is attributed to, if any.
    pub fn speaker_of(&self, paragraph: &str) -> Option<&str> {
        let sentences = sentences(paragraph);
        let speaker = self.subject_speaker(sentences.first()?)?;
        let spoken = sentences.iter().any(|s| self.subject_speaker(s) == Some(speaker) && self.ends_with_verb(s));
        spoken.then(|| self.names[speaker].as_str())
    }

    /// The speaker whose subject opens `sentence` (after leading spaces).
    fn subject_speaker(&self, sentence: &str) -> Option<usize> {
        let sentence = sentence.trim_start();
        self.subjects.iter().find(|(subject, _)| sentence.starts_with(subject.as_str())).map(|&(_, speaker)| speaker)
    }

    fn ends_with_verb(&self, sentence: &str) -> bool {
        let sentence = sentence.trim_end();
        self.verbs.iter().any(|verb| sentence.ends_with(verb.as_str()))
    }
}

/// The rules installed with [`SpeakerRules::set_active`].
static ACTIVE: OnceLock<SpeakerRules> = OnceLock::new();

/// `text` parsed as a speaker rules file, with the line of a mistake.
fn parse_file(text: &str) -> Result<RulesFile, SpeakerRulesError> {
    toml::from_str(text).map_err(|e: toml::de::Error| SpeakerRulesError::Parse {
        line: e.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1),
        message: e.message().split_whitespace().collect::<Vec<_>>().join(" "),
    })
}

/// Who `paragraph` is attributed to under the embedded rules.
pub fn speaker_of(paragraph: &str) -> Option<&'static str> {
    SpeakerRules::embedded().speaker_of(paragraph)
}

/// The paragraph cut into sentences, terminators dropped. A terminator inside
/// a quoted span does not end the sentence around the quote.
fn sentences(paragraph: &str) -> Vec<&str> {
    let quotes = find_quotes(paragraph);
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in paragraph.char_indices() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') && !quotes.iter().any(|q| q.inner.contains(&at)) {
            out.push(&paragraph[start..at]);
            start = at + c.len_utf8();
        }
    }
    if !paragraph[start..].trim().is_empty() {
        out.push(&paragraph[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::document::Document;

    fn rules() -> &'static SpeakerRules {
        SpeakerRules::embedded()
    }

    #[test]
    fn the_embedded_rules_parse() {
        let rules = SpeakerRules::from_toml(EMBEDDED_RULES).unwrap();
        assert!(rules.names.contains(&"習近平".to_owned()));
        assert!(rules.names.contains(&"トカエフ".to_owned()));
    }

    #[test]
    fn article_paragraphs_are_attributed() {
        let doc = Document::from_text(crate::EMBEDDED_ARTICLE).unwrap();
        let speakers: Vec<(usize, &str)> =
            doc.paragraphs().enumerate().filter_map(|(i, p)| rules().speaker_of(p).map(|s| (i + 1, s))).collect();
        assert_eq!(
            speakers,
            [(6, "習近平"), (7, "トカエフ"), (9, "習近平"), (10, "習近平"), (11, "習近平"), (12, "トカエフ")]
        );
    }

    #[test]
    fn the_longest_subject_and_an_indent_are_handled() {
        assert_eq!(rules().speaker_of("\u{3000}習近平国家主席は、協力を強化すると述べた。"), Some("習近平"));
        assert_eq!(rules().speaker_of("  トカエフ大統領は「友好」を語った"), Some("トカエフ"));
    }

    #[test]
    fn no_speaker_without_subject_or_verb() {
        // Subject, but the sentence does not end with a speech verb.
        assert_eq!(rules().speaker_of("トカエフ大統領は、習主席を温かく出迎えた。"), None);
        // Verb, but the paragraph does not open with a subject.
        assert_eq!(rules().speaker_of("同日、習主席は協力を強化すると述べた。"), None);
        // The verb closes a sentence by someone else.
        assert_eq!(rules().speaker_of("トカエフ氏は到着した。習主席は歓迎すると述べた。"), None);
        // The verb is not at the end of the sentence.
        assert_eq!(rules().speaker_of("習主席は述べたことを実行した。"), None);
        assert_eq!(rules().speaker_of(""), None);
    }

    #[test]
    fn a_later_sentence_naming_the_speaker_again_counts() {
        assert_eq!(rules().speaker_of("習主席は、成功を祈念した。習主席は、用意があると述べた。"), Some("習近平"));
    }

    #[test]
    fn a_full_stop_inside_a_quote_does_not_end_the_sentence() {
        assert_eq!(rules().speaker_of("トカエフ氏は「協力する。必ずだ。」と語った。"), Some("トカエフ"));
    }

    #[test]
    fn custom_rules_are_data() {
        let rules = SpeakerRules::from_toml(
            r#"
            verbs = ["said"]
            [[speaker]]
            name = "Alice"
            subjects = ["Alice "]
            [[speaker]]
            name = "Alice Liddell"
            subjects = ["Alice Liddell "]
            "#,
        )
        .unwrap();
        assert_eq!(rules.speaker_of("Alice told us she was fine, and said"), Some("Alice"));
        // The longest subject wins over a shorter one that is its prefix.
        assert_eq!(rules.speaker_of("Alice Liddell said"), Some("Alice Liddell"));
        assert_eq!(rules.speaker_of("Bob said"), None);
    }

    #[test]
    fn a_users_rules_are_merged_over_the_embedded_ones() {
        let rules = SpeakerRules::over_embedded(
            r#"
            verbs = ["つぶやいた", "述べた"]
            [[speaker]]
            name = "習近平"
            subjects = ["習氏は"]
            [[speaker]]
            name = "寒月"
            subjects = ["寒月君は"]
            "#,
        )
        .unwrap();
        assert_eq!(rules.speaker_of("寒月君は「そうですか」とつぶやいた。"), Some("寒月"));
        assert_eq!(rules.speaker_of("習氏は、協力を強化すると述べた。"), Some("習近平"));
        // The embedded speakers and verbs are all still there.
        assert_eq!(rules.speaker_of("トカエフ大統領は、成功を確信していると語った。"), Some("トカエフ"));
        assert_eq!(rules.verbs.iter().filter(|v| *v == "述べた").count(), 1);
        assert_eq!(rules.names.len(), 3);
        // A file with speakers only is enough.
        let only = SpeakerRules::over_embedded("[[speaker]]\nname = \"A\"\nsubjects = [\"Aは\"]\n").unwrap();
        assert_eq!(only.speaker_of("Aは、そう述べた。"), Some("A"));
    }

    #[test]
    fn mistakes_name_their_line() {
        let err = SpeakerRules::over_embedded("verbs = []\n[[speaker]]\nnmae = \"A\"\n").unwrap_err();
        let SpeakerRulesError::Parse { line, message } = &err else { panic!("{err:?}") };
        assert_eq!(*line, Some(3), "{err}");
        assert!(message.contains("nmae") && !message.contains('\n'), "{message}");
        assert!(err.to_string().starts_with("line 3: "), "{err}");
    }

    #[test]
    fn the_active_rules_are_the_embedded_ones_until_set() {
        // Unit tests never install rules: the process-wide value stays unset.
        assert!(std::ptr::eq(SpeakerRules::active(), SpeakerRules::embedded()));
    }

    #[test]
    fn bad_rules_are_refused() {
        assert!(matches!(SpeakerRules::from_toml("verbs = []\nspeakrs = []"), Err(SpeakerRulesError::Parse { .. })));
        assert!(matches!(SpeakerRules::from_toml("verbs = [\"\"]"), Err(SpeakerRulesError::Empty(_))));
        assert!(matches!(
            SpeakerRules::from_toml("verbs = []\n[[speaker]]\nname = \"A\"\nsubjects = [\"\"]"),
            Err(SpeakerRulesError::Empty(_))
        ));
    }
}
