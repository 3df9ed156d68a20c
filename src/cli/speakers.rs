//! `--speakers-file` and `speakers.toml` in the config directory: speakers
//! a user adds to the built-in ones (see [`crate::engine::speakers`]).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use crate::engine::speakers::SpeakerRules;

/// The name of the speakers file in the config directory, beside
/// `config.toml`.
pub const SPEAKERS_FILE_NAME: &str = "speakers.toml";

/// Where the speakers file lives when `--speakers-file` is not given:
/// beside the default `config.toml`.
pub fn default_speakers_path() -> Option<PathBuf> {
    super::interactive::default_config_path().map(|config| config.with_file_name(SPEAKERS_FILE_NAME))
}

/// The speaker rules: the built-in ones with `explicit` (`--speakers-file`,
/// which must exist and be right) merged over them, else with the default
/// speakers file when there is one. A mistake in the default file is not an
/// error: the built-in rules are used, and the second value says why.
pub fn load_speaker_rules(explicit: Option<&Path>) -> Result<(SpeakerRules, Option<String>)> {
    if let Some(path) = explicit {
        return Ok((read_rules(path)?, None));
    }
    match default_speakers_path() {
        Some(path) if path.exists() => match read_rules(&path) {
            Ok(rules) => Ok((rules, None)),
            Err(e) => Ok((SpeakerRules::embedded().clone(), Some(format!("speakers ignored: {e:#}")))),
        },
        _ => Ok((SpeakerRules::embedded().clone(), None)),
    }
}

/// Load the speaker rules ([`load_speaker_rules`]) and make them the rules
/// in force for this run; returns the notice about a broken default file.
pub fn install(explicit: Option<&Path>) -> Result<Option<String>> {
    let (rules, notice) = load_speaker_rules(explicit)?;
    SpeakerRules::set_active(rules);
    Ok(notice)
}

fn read_rules(path: &Path) -> Result<SpeakerRules> {
    let text = super::input::read_text_file(path)?;
    SpeakerRules::over_embedded(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_file_is_merged_and_must_be_right() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("people.toml");
        std::fs::write(&file, "[[speaker]]\nname = \"寒月\"\nsubjects = [\"寒月君は\"]\n").unwrap();
        let (rules, notice) = load_speaker_rules(Some(&file)).unwrap();
        assert_eq!(notice, None);
        assert_eq!(rules.speaker_of("寒月君は、そうだと語った。"), Some("寒月"));
        assert_eq!(rules.speaker_of("習主席は、そうだと述べた。"), Some("習近平"));

        std::fs::write(&file, "[[speaker]]\nname = \"寒月\"\nsubject = []\n").unwrap();
        let err = load_speaker_rules(Some(&file)).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}: line 3: ", file.display())), "{err}");
        let missing = dir.path().join("none.toml");
        let err = load_speaker_rules(Some(&missing)).unwrap_err().to_string();
        assert_eq!(err, format!("{}: no such file", missing.display()));
    }
}
