//! `config.toml`: key bindings, theme colours, layout settings and the scene
//! panel, read strictly (unknown fields are errors that name their line).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use super::keymap::{Keymap, KeymapError};
use crate::engine::layout::{AmbiguousWidth, Strictness};
use crate::engine::typeset::RubyMode;

/// A config file that could not be used, with where the problem is.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(" line {l}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// The `ambiguous` setting of the command line and the config file: a
/// width, or `auto` to measure the terminal once at start-up (the command
/// line resolves it into [`LayoutSettings::ambiguous`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousSetting {
    /// Ask the terminal (the default); narrow when it does not answer or
    /// standard output is not a terminal.
    #[default]
    Auto,
    /// One cell.
    Narrow,
    /// Two cells.
    Wide,
}

impl AmbiguousSetting {
    /// The width this setting fixes, or `None` for [`AmbiguousSetting::Auto`].
    pub fn fixed(self) -> Option<AmbiguousWidth> {
        match self {
            AmbiguousSetting::Auto => None,
            AmbiguousSetting::Narrow => Some(AmbiguousWidth::Narrow),
            AmbiguousSetting::Wide => Some(AmbiguousWidth::Wide),
        }
    }
}

/// Layout settings that do not depend on the terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutSettings {
    /// How ambiguous-width characters are measured and drawn (resolved: with
    /// `auto`, what the terminal was measured to do).
    pub ambiguous: AmbiguousWidth,
    /// What the config file asks for ambiguous widths, before it is resolved
    /// into [`LayoutSettings::ambiguous`].
    pub ambiguous_setting: AmbiguousSetting,
    /// Whether the terminal draws a narrow symbol made an emoji by U+FE0F
    /// (`☺️`) in two cells, as `unicode-width` measures it (`true`, the
    /// default), or in one, as tmux 3.3a does (`false`). Measured at start-up
    /// with `ambiguous = "auto"`; the value for the layout and the drawing of
    /// such clusters to follow.
    pub vs16_wide: bool,
    /// Line-breaking strictness.
    pub strictness: Strictness,
    /// Hanging punctuation in a reserved right margin.
    pub hanging: bool,
    /// Tab stops every this many cells.
    pub tab_width: usize,
    /// Full-width characters a line holds at most in the reader (0: the
    /// whole width).
    pub measure: u16,
    /// Blank lines between paragraphs.
    pub paragraph_spacing: ParagraphSpacing,
}

/// Full-width characters a line holds by default: 40, as book typography
/// suggests for Japanese (JLREQ gives 15–45 for running text; 40 is the
/// common bunko and web measure).
pub const DEFAULT_MEASURE: u16 = 40;

/// Whether paragraphs are followed by a blank line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphSpacing {
    /// `none` for texts whose paragraphs are marked by a first-line indent
    /// or open with a quote bracket (books), `blank` for others (news).
    #[default]
    Auto,
    /// A blank line after every paragraph.
    Blank,
    /// No blank line, except where the text itself has one.
    None,
}

impl Default for LayoutSettings {
    fn default() -> Self {
        LayoutSettings {
            ambiguous: AmbiguousWidth::Narrow,
            ambiguous_setting: AmbiguousSetting::Auto,
            vs16_wide: true,
            strictness: Strictness::Strict,
            hanging: false,
            tab_width: 4,
            measure: DEFAULT_MEASURE,
            paragraph_spacing: ParagraphSpacing::Auto,
        }
    }
}

/// Colours of the reader. With `NO_COLOR` set they are not used; styles then
/// rely on bold, underline and reverse alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The focus marker in the gutter.
    pub focus: Color,
    /// The bookmark marker in the gutter.
    pub bookmark: Color,
    /// Quoted text.
    pub quote: Color,
    /// Background of highlighted text.
    pub highlight: Color,
    /// Background of search matches.
    pub search: Color,
    /// Scene titles in the text and the panel.
    pub scene: Color,
    /// Status line background.
    pub status_bg: Color,
    /// Status line text.
    pub status_fg: Color,
    /// Secondary text (panel bars, hints).
    pub dim: Color,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            focus: Color::Yellow,
            bookmark: Color::LightRed,
            quote: Color::Cyan,
            highlight: Color::Yellow,
            search: Color::Magenta,
            scene: Color::LightBlue,
            status_bg: Color::DarkGray,
            status_fg: Color::White,
            dim: Color::DarkGray,
        }
    }
}

/// Everything the config file decides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// Layout settings.
    pub layout: LayoutSettings,
    /// Show the scene panel when the terminal is wide enough.
    pub scene_panel: bool,
    /// How ruby is shown when a document opens (`r` cycles it).
    pub ruby: RubyMode,
    /// Open documents in vertical text (`T` toggles it); `None` lets a
    /// book that asks for vertical writing open vertically.
    pub vertical: Option<bool>,
    /// Show the time left in the scene and the book in the status line.
    pub time_left: bool,
    /// Colours.
    pub theme: Theme,
    /// Key bindings of the reading view.
    pub keymap: Keymap,
}

impl Config {
    /// The built-in configuration (what an empty file gives).
    pub fn builtin() -> Self {
        Config { scene_panel: true, time_left: true, ..Config::default() }
    }

    /// Read and check a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_owned(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(&text, path)
    }

    /// Parse config text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let error = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: path.to_owned(),
            line: span.map(|s| line_of(text, s.start)),
            message,
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| error(e.span(), e.message().to_owned()))?;
        let mut config = Config::builtin();
        let layout = file.layout;
        if let Some(v) = layout.ambiguous {
            config.layout.ambiguous_setting = v;
            config.layout.ambiguous = v.fixed().unwrap_or_default();
        }
        if let Some(v) = layout.line_break {
            config.layout.strictness = v;
        }
        if let Some(v) = layout.hanging {
            config.layout.hanging = v;
        }
        if let Some(v) = layout.tab_width {
            if !(1..=16).contains(v.get_ref()) {
                return Err(error(Some(v.span()), "tab_width must be between 1 and 16".into()));
            }
            config.layout.tab_width = *v.get_ref();
        }
        if let Some(v) = layout.measure {
            if *v.get_ref() > 1000 {
                return Err(error(Some(v.span()), "measure must be between 0 (the whole width) and 1000".into()));
            }
            config.layout.measure = *v.get_ref();
        }
        if let Some(v) = layout.paragraph_spacing {
            config.layout.paragraph_spacing = v;
        }
        if let Some(v) = file.reader.scene_panel {
            config.scene_panel = v;
        }
        if let Some(v) = file.reader.ruby {
            config.ruby = v;
        }
        if let Some(v) = file.reader.vertical {
            config.vertical = Some(v);
        }
        if let Some(v) = file.reader.time_left {
            config.time_left = v;
        }
        let t = file.theme;
        for (slot, value) in [
            (&mut config.theme.focus, t.focus),
            (&mut config.theme.bookmark, t.bookmark),
            (&mut config.theme.quote, t.quote),
            (&mut config.theme.highlight, t.highlight),
            (&mut config.theme.search, t.search),
            (&mut config.theme.scene, t.scene),
            (&mut config.theme.status_bg, t.status_bg),
            (&mut config.theme.status_fg, t.status_fg),
            (&mut config.theme.dim, t.dim),
        ] {
            if let Some(name) = value {
                *slot = name.get_ref().parse().map_err(|_| {
                    error(
                        Some(name.span()),
                        format!(
                            "unknown colour {:?} (a name like \"cyan\", an index 0-255, or \"#rrggbb\")",
                            name.get_ref()
                        ),
                    )
                })?;
            }
        }
        config.keymap = keymap_from(&file.keys).map_err(|(span, e)| error(Some(span), e.to_string()))?;
        Ok(config)
    }
}

type KeyList = Spanned<Vec<Spanned<String>>>;
type KeysTable = BTreeMap<Spanned<String>, KeyList>;

/// Build the keymap from the `[keys]` table, in file order, reporting the
/// span of the entry or key name that is wrong.
fn keymap_from(keys: &KeysTable) -> Result<Keymap, (std::ops::Range<usize>, KeymapError)> {
    let mut entries: Vec<_> = keys.iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    let lists: Vec<(&str, Vec<String>)> = entries
        .iter()
        .map(|(name, list)| (name.get_ref().as_str(), list.get_ref().iter().map(|k| k.get_ref().clone()).collect()))
        .collect();
    Keymap::with_overrides(lists.iter().map(|(name, ks)| (*name, ks.as_slice())))
        .map_err(|e| (error_span(&entries, &e), e))
}

/// Where a keymap error is in the file: the bad key name, the second binding
/// of a duplicate key, or the unknown action's name.
fn error_span(entries: &[(&Spanned<String>, &KeyList)], error: &KeymapError) -> std::ops::Range<usize> {
    let key_span = |action: &str, wanted: &dyn Fn(&str) -> bool| {
        entries
            .iter()
            .filter(|(name, _)| action.is_empty() || name.get_ref() == action)
            .flat_map(|(_, list)| list.get_ref().iter())
            .find(|k| wanted(k.get_ref()))
            .map(|k| k.span())
    };
    let span = match error {
        KeymapError::UnknownAction(action) => {
            entries.iter().find(|(n, _)| n.get_ref() == action).map(|(n, _)| n.span())
        }
        KeymapError::BadKey(bad) => key_span("", &|k| k == bad.name),
        KeymapError::Duplicate { key, second, .. } | KeymapError::TakenByDefault { key, second, .. } => {
            key_span(second, &|k| k.parse::<super::key::Key>().is_ok_and(|parsed| parsed.to_string() == *key))
        }
        KeymapError::NoWayToQuit => entries.iter().find(|(n, _)| n.get_ref() == "quit").map(|(n, _)| n.span()),
    };
    span.unwrap_or(0..0)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ConfigFile {
    layout: LayoutSection,
    reader: ReaderSection,
    theme: ThemeSection,
    keys: KeysTable,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct LayoutSection {
    ambiguous: Option<AmbiguousSetting>,
    line_break: Option<Strictness>,
    hanging: Option<bool>,
    tab_width: Option<Spanned<usize>>,
    measure: Option<Spanned<u16>>,
    paragraph_spacing: Option<ParagraphSpacing>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ReaderSection {
    scene_panel: Option<bool>,
    ruby: Option<RubyMode>,
    vertical: Option<bool>,
    time_left: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ThemeSection {
    focus: Option<Spanned<String>>,
    bookmark: Option<Spanned<String>>,
    quote: Option<Spanned<String>>,
    highlight: Option<Spanned<String>>,
    search: Option<Spanned<String>>,
    scene: Option<Spanned<String>>,
    status_bg: Option<Spanned<String>>,
    status_fg: Option<Spanned<String>>,
    dim: Option<Spanned<String>>,
}

/// The commented default config, printed by `--print-default-config`. Every
/// setting is shown with its default value; the key bindings are generated
/// from the action table so they are always complete.
pub fn default_config_text() -> String {
    let mut out = String::from(
        "# emaki configuration. Every value below is the default; delete what you do not change.\n\
         # Unknown fields are errors, reported with their line.\n\
         \n\
         [layout]\n\
         # How East Asian Ambiguous characters (○ ※ ① … ― ☆ → ■ “ ”) are measured:\n\
         # \"auto\" (ask the terminal at start-up: ○ and ☺️ are drawn off-screen and the cursor\n\
         # position read back; narrow without an answer), \"narrow\" (1 cell, most terminals)\n\
         # or \"wide\" (2 cells, terminals set to ambiguous = wide).\n\
         ambiguous = \"auto\"\n\
         # Line breaking, as CSS line-break: \"strict\" (small kana and ー never start a line),\n\
         # \"normal\" (they may), \"loose\" (also 々, ・ and inside ……).\n\
         line_break = \"strict\"\n\
         # Let one 、。，． hang into a reserved two-cell right margin.\n\
         hanging = false\n\
         # Tab stops every N cells (1-16).\n\
         tab_width = 4\n\
         # Full-width characters a line holds at most in the reader (0: the whole width); the text is\n\
         # centred in the room it leaves. --print --width is not affected.\n\
         measure = 40\n\
         # Blank lines between paragraphs: \"auto\" (none in books whose paragraphs open with an indent\n\
         # or a quote bracket, one in news-style text), \"blank\" (always) or \"none\" (only where the\n\
         # text has one).\n\
         paragraph_spacing = \"auto\"\n\
         \n\
         [reader]\n\
         # Show the scene panel when the terminal is at least 100 columns wide (toggle with t).\n\
         scene_panel = true\n\
         # Ruby (furigana): \"above\" the line (dim), \"inline\" after its base as 漢字（かんじ）, or \"off\" (r cycles).\n\
         ruby = \"above\"\n\
         # Vertical text (縦書き, T toggles): true or false for every document. Without this line,\n\
         # books that ask for vertical writing (EPUBs with writing-mode: vertical-rl) open vertically.\n\
         # vertical = false\n\
         # The time left in the scene (and the book) at your reading pace, in the status line.\n\
         time_left = true\n\
         \n\
         [theme]\n\
         # Colour names (\"cyan\", \"light-blue\", \"dark-gray\"), indexes (\"208\") or \"#rrggbb\".\n\
         # Set the NO_COLOR environment variable to use bold, underline and reverse only.\n",
    );
    let t = Theme::default();
    for (name, colour) in [
        ("focus", t.focus),
        ("bookmark", t.bookmark),
        ("quote", t.quote),
        ("highlight", t.highlight),
        ("search", t.search),
        ("scene", t.scene),
        ("status_bg", t.status_bg),
        ("status_fg", t.status_fg),
        ("dim", t.dim),
    ] {
        out.push_str(&format!("{name} = \"{}\"\n", colour_name(colour)));
    }
    out.push_str(
        "\n[keys]\n\
         # action = [\"key\", ...] replaces that action's keys; the others keep theirs.\n\
         # Key names: \"j\", \"G\", \"Ctrl-f\", \"Alt-x\", \"Space\", \"Enter\", \"Esc\", \"Tab\", \"Shift-Tab\",\n\
         # \"Up\", \"Down\", \"PageUp\", \"PageDown\", \"Home\", \"End\", \"F1\".\n",
    );
    for info in super::action::ACTIONS {
        let keys: Vec<String> = info.default_keys.iter().map(|k| format!("{:?}", k)).collect();
        out.push_str(&format!("{} = [{}]  # {}\n", info.name, keys.join(", "), info.description));
    }
    out
}

fn colour_name(c: Color) -> String {
    match c {
        Color::Yellow => "yellow".into(),
        Color::LightRed => "light-red".into(),
        Color::Cyan => "cyan".into(),
        Color::Magenta => "magenta".into(),
        Color::LightBlue => "light-blue".into(),
        Color::DarkGray => "dark-gray".into(),
        Color::White => "white".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::Action;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn the_default_config_text_parses_to_the_builtin_config() {
        assert_eq!(parse(&default_config_text()).unwrap(), Config::builtin());
    }

    #[test]
    fn an_empty_file_is_the_builtin_config() {
        assert_eq!(parse("").unwrap(), Config::builtin());
    }

    #[test]
    fn settings_are_read() {
        let c = parse(
            "[layout]\nambiguous = \"wide\"\nline_break = \"loose\"\nhanging = true\ntab_width = 8\nmeasure = 30\n\
             paragraph_spacing = \"none\"\n\
             [reader]\nscene_panel = false\nruby = \"inline\"\nvertical = true\ntime_left = false\n[theme]\nquote = \"#ff8800\"\n[keys]\nquit = [\"x\"]\n",
        )
        .unwrap();
        assert_eq!(c.layout.ambiguous, AmbiguousWidth::Wide);
        assert_eq!(c.layout.ambiguous_setting, AmbiguousSetting::Wide);
        let auto = parse("[layout]\nambiguous = \"auto\"\n").unwrap();
        assert_eq!(
            (auto.layout.ambiguous_setting, auto.layout.ambiguous),
            (AmbiguousSetting::Auto, AmbiguousWidth::Narrow)
        );
        assert_eq!(c.layout.strictness, Strictness::Loose);
        assert!(c.layout.hanging);
        assert_eq!(c.layout.tab_width, 8);
        assert_eq!(c.layout.measure, 30);
        assert_eq!(c.layout.paragraph_spacing, ParagraphSpacing::None);
        assert!(!c.scene_panel);
        assert_eq!(c.ruby, RubyMode::Inline);
        assert_eq!(c.vertical, Some(true));
        assert!(!c.time_left);
        assert!(Config::builtin().time_left);
        assert_eq!(c.theme.quote, Color::Rgb(0xff, 0x88, 0));
        assert_eq!(c.keymap.action(&"x".parse().unwrap()), Some(Action::Quit));
        assert_eq!(c.keymap.action(&"q".parse().unwrap()), None);
    }

    #[test]
    fn an_unknown_field_names_its_line() {
        let e = parse("[layout]\nhanging = true\nwrap = 3\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.to_string().contains("config.toml line 3"), "{e}");
        assert!(e.message.contains("wrap"), "{e}");
    }

    #[test]
    fn a_bad_key_name_names_its_line() {
        let e = parse("[keys]\nquit = [\"q\"]\nline_down = [\"j\", \"Hyper-j\"]\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("Hyper-j"), "{e}");
    }

    #[test]
    fn a_key_bound_twice_names_the_second_line() {
        let e = parse("[keys]\nline_down = [\"x\"]\n\nline_up = [\"x\"]\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message.contains("bound to both"), "{e}");
    }

    #[test]
    fn a_key_taken_from_a_default_or_no_quit_key_names_its_line() {
        let e = parse("[keys]\nnext_scene = [\"n\"]\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("search_next"), "{e}");
        let e = parse("[keys]\n\nquit = []\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("quit needs at least one key"), "{e}");
    }

    #[test]
    fn bad_values_are_errors() {
        assert_eq!(parse("[layout]\nambiguous = \"medium\"\n").unwrap_err().line, Some(2));
        assert_eq!(parse("[layout]\ntab_width = 0\n").unwrap_err().line, Some(2));
        assert_eq!(parse("[theme]\nquote = \"plaid\"\n").unwrap_err().line, Some(2));
        assert_eq!(parse("[keys]\nfly = [\"f\"]\n").unwrap_err().line, Some(2));
    }
}
