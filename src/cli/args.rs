//! The command-line options: every option the program has, parsed by clap.
//!
//! The headless commands (`--print`, `--scenes`, ...) exclude each other;
//! without one, emaki opens the interactive reader. [`Args::requested_command`] turns
//! the flags into one [`Command`] so the dispatcher matches on an enum.

use std::path::{Path, PathBuf};

use clap::builder::PossibleValue;
use clap::{Parser, ValueEnum};

use crate::app::config::AmbiguousSetting;
use crate::engine::layout::{LayoutOptions, Strictness};
use crate::engine::typeset::RubyMode;

/// The widest `--width` accepted: wider is surely a typo, and would make
/// every line of output one paragraph long anyway.
pub const MAX_WIDTH: usize = 10_000;

/// Command-line arguments.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "emaki",
    version,
    about = "A terminal reader for Japanese articles, read scene by scene",
    long_about = "A terminal reader for Japanese (and other CJK) articles, read scene by scene \
like an emakimono picture scroll.\n\n\
Without a PATH, emaki reads standard input when it is a pipe or a file (`cat a.txt | emaki`), \
else it opens the article built into it. Without a command option it opens \
the interactive reader; the command options (--print, --scenes, ...) write to standard \
output instead, for scripts.\n\n\
Text may be UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark, \
Shift_JIS or EUC-JP (detected), or any encoding named with --encoding. Control characters \
in the text are shown as visible stand-ins, never sent to the terminal. A file is refused as \
binary by the signature of a binary format (PNG, PDF, zip, ELF, ...) or when more than one \
byte in 20 of its start is a control byte; --binary opens it anyway.",
    after_help = super::help::after_help()
)]
pub struct Args {
    /// The file to read; `-` reads standard input. Without it, the built-in
    /// article.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Write the laid-out text to standard output: each scene opens with a
    /// `# N title` line, paragraphs are separated by a blank line.
    #[arg(long, group = "command", help_heading = "Commands")]
    pub print: bool,

    /// List the scenes (number, paragraphs, id, titles); with --json, as
    /// JSON: an array for a plain text, an object with the book's metadata
    /// and its `scenes` (each with its level) for a book.
    #[arg(long, group = "command", help_heading = "Commands")]
    pub scenes: bool,

    /// List the quoted spans (「…」『…』“…”) of the text.
    #[arg(long, group = "command", help_heading = "Commands")]
    pub quotes: bool,

    /// List the matches of QUERY (full-width/half-width insensitive), one a
    /// line: paragraph, [scene title], the match in [brackets] with the text
    /// around it.
    #[arg(long, value_name = "QUERY", value_parser = parse_query, group = "command", help_heading = "Commands")]
    pub search: Option<String>,

    /// Write the bookmarks and highlights kept for the document.
    #[arg(long, value_name = "FORMAT", group = "command", help_heading = "Commands")]
    pub export: Option<ExportFormat>,

    /// List the Aozora Bunko annotations emaki did not understand and left
    /// out of the text (line number and the annotation as written).
    #[arg(long, group = "command", help_heading = "Commands")]
    pub annotations: bool,

    /// Write the default configuration file to standard output.
    #[arg(long, group = "command", help_heading = "Commands")]
    pub print_default_config: bool,

    /// Write a completion script for SHELL to standard output.
    #[arg(long, value_name = "SHELL", group = "command", help_heading = "Commands")]
    pub completions: Option<clap_complete::Shell>,

    /// Write the manual page (roff) to standard output: `emaki --man | man -l -`.
    #[arg(long, group = "command", help_heading = "Commands")]
    pub man: bool,

    /// List every document read, most recently opened first: progress,
    /// last opened, marks, title, path; with --json, as a JSON array.
    #[arg(long, group = "command", conflicts_with = "path", help_heading = "Commands")]
    pub library: bool,

    /// Open the document read last, where it was left (the built-in article
    /// when there is none); with a command (--print, --export, ...), work on
    /// that document.
    #[arg(short = 'c', long = "continue", conflicts_with_all = ["path", "library", "print_default_config"])]
    pub continue_reading: bool,

    /// Set for `--continue`: the document is the one read last (or the
    /// built-in article), never standard input.
    #[arg(skip)]
    pub continued: bool,

    /// Machine-readable JSON output for --scenes, --quotes and --search.
    #[arg(long, help_heading = "Output")]
    pub json: bool,

    /// Line width in cells for --print, from 1 to 10000 [default: the
    /// terminal's width when standard output is a terminal, else 80]. A
    /// character wider than the whole width (a CJK character at width 1) is
    /// written as `?` on a line of its own.
    #[arg(long, value_name = "N", value_parser = parse_width, help_heading = "Output")]
    pub width: Option<usize>,

    /// How to measure East Asian Ambiguous characters (○※①―☆→“”): one
    /// cell (most terminals), two (terminals set to "ambiguous = wide"), or
    /// as the terminal says (auto, the default: when standard output is a
    /// terminal, ○ and the emoji ☺️ and 👨‍👩‍👧 are drawn on the alternate screen
    /// and the cursor position read back, waiting 40 ms at most; narrow
    /// without an answer).
    #[arg(long, value_name = "WIDTH", help_heading = "Layout")]
    pub ambiguous: Option<AmbiguousSetting>,

    /// Japanese line-breaking strictness, as in CSS `line-break`: strict keeps
    /// small kana and ー off the start of a line, normal allows them, loose
    /// also allows iteration marks, ・ and breaks inside ……
    #[arg(long, value_name = "LEVEL", help_heading = "Layout")]
    pub line_break: Option<Strictness>,

    /// Let one 、。，． hang in a two-cell right margin instead of being
    /// carried to the next line with the character before it.
    #[arg(long, help_heading = "Layout")]
    pub hanging: bool,

    /// Full-width characters a line holds at most in the reader (0: the whole
    /// width) [default: the config's, else 40]. --print --width is not
    /// affected.
    #[arg(long, value_name = "N", value_parser = parse_measure, help_heading = "Layout")]
    pub measure: Option<u16>,

    /// Vertical text (縦書き): columns top to bottom, right to left. With
    /// --print, pages of --height rows (each followed by a form feed line).
    #[arg(long, conflicts_with = "horizontal", help_heading = "Layout")]
    pub vertical: bool,

    /// Horizontal text, even for a book that asks for vertical writing.
    #[arg(long, help_heading = "Layout")]
    pub horizontal: bool,

    /// Rows of a page for --print --vertical, from 1 to 10000 [default: the
    /// terminal's height when standard output is a terminal, else 24].
    #[arg(long, value_name = "N", value_parser = parse_height, help_heading = "Output")]
    pub height: Option<usize>,

    /// How to show ruby (furigana): above the line, inline after its base as
    /// 漢字（かんじ）, or off [default: the config's, else above].
    #[arg(long, value_name = "MODE", help_heading = "Layout")]
    pub ruby: Option<RubyMode>,

    /// Read the text in this encoding instead of detecting it (any WHATWG
    /// label: utf-8, shift_jis, sjis, euc-jp, utf-16le, utf-16be, latin1, ...).
    #[arg(long, value_name = "NAME", value_parser = parse_encoding, help_heading = "Input")]
    pub encoding: Option<String>,

    /// Join the lines of a hard-wrapped text into paragraphs (detected
    /// without this: most lines end near one width).
    #[arg(long, conflicts_with = "no_join", help_heading = "Input")]
    pub join: bool,

    /// Keep every line of the text a paragraph of its own, even when it
    /// looks hard-wrapped.
    #[arg(long, help_heading = "Input")]
    pub no_join: bool,

    /// Open the file even when it looks binary, as `less -f`: control bytes
    /// are shown as visible stand-ins (␀), bytes that are not UTF-8 as �.
    #[arg(long, help_heading = "Input")]
    pub binary: bool,

    /// Scene rules to use instead of the built-in ones (a TOML file shaped
    /// like assets/scenes.toml).
    #[arg(long, value_name = "PATH", help_heading = "Input")]
    pub scenes_file: Option<PathBuf>,

    /// Configuration file to use instead of the default one.
    #[arg(long, value_name = "PATH", help_heading = "Input")]
    pub config: Option<PathBuf>,

    /// Speakers to add to the built-in ones (a TOML file shaped like
    /// assets/speakers.toml), read instead of speakers.toml in the config
    /// directory.
    #[arg(long, value_name = "PATH", help_heading = "Input")]
    pub speakers_file: Option<PathBuf>,
}

/// What the user asked emaki to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Open the interactive reader.
    Read,
    /// `--print`.
    Print,
    /// `--scenes`.
    Scenes,
    /// `--quotes`.
    Quotes,
    /// `--search QUERY`.
    Search(String),
    /// `--export FORMAT`.
    Export(ExportFormat),
    /// `--print-default-config`.
    PrintDefaultConfig,
    /// `--annotations`.
    Annotations,
    /// `--completions SHELL`.
    Completions(clap_complete::Shell),
    /// `--man`.
    Man,
    /// `--library`.
    Library,
}

/// Formats for `--export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A JSON document.
    Json,
    /// A Markdown list, readable and pasteable.
    Markdown,
}

impl Args {
    /// The one command the flags ask for (clap keeps them exclusive).
    pub fn requested_command(&self) -> Command {
        if self.print {
            Command::Print
        } else if self.scenes {
            Command::Scenes
        } else if self.quotes {
            Command::Quotes
        } else if let Some(query) = &self.search {
            Command::Search(query.clone())
        } else if let Some(format) = self.export {
            Command::Export(format)
        } else if self.annotations {
            Command::Annotations
        } else if self.print_default_config {
            Command::PrintDefaultConfig
        } else if let Some(shell) = self.completions {
            Command::Completions(shell)
        } else if self.man {
            Command::Man
        } else if self.library {
            Command::Library
        } else {
            Command::Read
        }
    }

    /// Vertical or horizontal text when the command line says (`None`: the
    /// config's choice, or the book's).
    pub fn vertical(&self) -> Option<bool> {
        if self.vertical {
            Some(true)
        } else if self.horizontal {
            Some(false)
        } else {
            None
        }
    }

    /// The file to read: `None` for the built-in article; `-` means
    /// standard input.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What to read: the PATH, or standard input when there is none and it
    /// holds something (see [`super::input::input_path`]); `None` for the
    /// built-in article. `--continue` never reads standard input.
    pub fn input(&self) -> Option<&Path> {
        if self.continued { self.path() } else { super::input::input_path(self.path()) }
    }

    /// Layout options at `width` cells with the layout flags applied.
    pub fn layout_options(&self, width: usize) -> LayoutOptions {
        let mut options = LayoutOptions::with_width(width);
        if let Some(ambiguous) = self.ambiguous.and_then(AmbiguousSetting::fixed) {
            options.ambiguous = ambiguous;
        }
        if let Some(strictness) = self.line_break {
            options.strictness = strictness;
        }
        options.hanging |= self.hanging;
        options
    }
}

/// Parse `--measure`: full-width characters from 0 (the whole width) to 1000.
pub fn parse_measure(value: &str) -> Result<u16, String> {
    match value.trim().parse::<u16>() {
        Ok(n) if n <= 1000 => Ok(n),
        Ok(n) => Err(format!("{n} characters is too long a line (at most 1000; 0 is the whole width)")),
        Err(_) => Err(format!("'{value}' is not a number of characters (try --measure 40)")),
    }
}

/// Parse `--width`: a whole number of cells from 1 to [`MAX_WIDTH`].
pub fn parse_width(value: &str) -> Result<usize, String> {
    let width: usize =
        value.trim().parse().map_err(|_| format!("'{value}' is not a number of cells (try --width 80)"))?;
    match width {
        0 => Err("the width must be at least 1 cell".into()),
        w if w > MAX_WIDTH => Err(format!("{w} cells is too wide (at most {MAX_WIDTH})")),
        w => Ok(w),
    }
}

/// Parse `--height`: a whole number of rows from 1 to [`MAX_WIDTH`].
pub fn parse_height(value: &str) -> Result<usize, String> {
    let height: usize =
        value.trim().parse().map_err(|_| format!("'{value}' is not a number of rows (try --height 24)"))?;
    match height {
        0 => Err("the height must be at least 1 row".into()),
        h if h > MAX_WIDTH => Err(format!("{h} rows is too tall (at most {MAX_WIDTH})")),
        h => Ok(h),
    }
}

/// Check `--encoding`: a label emaki can decode.
pub fn parse_encoding(value: &str) -> Result<String, String> {
    crate::engine::decode::encoding_for_label(value).map(|_| value.to_owned()).map_err(|e| e.to_string())
}

/// Check `--search`: a query with something to find.
pub fn parse_query(value: &str) -> Result<String, String> {
    if value.is_empty() { Err("the search query is empty".into()) } else { Ok(value.to_owned()) }
}

impl ValueEnum for AmbiguousSetting {
    fn value_variants<'a>() -> &'a [Self] {
        &[AmbiguousSetting::Auto, AmbiguousSetting::Narrow, AmbiguousSetting::Wide]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            AmbiguousSetting::Auto => PossibleValue::new("auto").help("as the terminal draws them (default)"),
            AmbiguousSetting::Narrow => PossibleValue::new("narrow").help("one cell"),
            AmbiguousSetting::Wide => PossibleValue::new("wide").help("two cells"),
        })
    }
}

impl ValueEnum for RubyMode {
    fn value_variants<'a>() -> &'a [Self] {
        &[RubyMode::Above, RubyMode::Inline, RubyMode::Off]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            RubyMode::Above => PossibleValue::new("above").help("on a row above the line, over its base (default)"),
            RubyMode::Inline => PossibleValue::new("inline").help("after its base: 漢字（かんじ）"),
            RubyMode::Off => PossibleValue::new("off").help("not shown"),
        })
    }
}

impl ValueEnum for Strictness {
    fn value_variants<'a>() -> &'a [Self] {
        &[Strictness::Strict, Strictness::Normal, Strictness::Loose]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Strictness::Strict => PossibleValue::new("strict").help("small kana and ー never start a line (default)"),
            Strictness::Normal => PossibleValue::new("normal").help("small kana and ー may start a line"),
            Strictness::Loose => PossibleValue::new("loose").help("also iteration marks, ・ and breaks inside ……"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::layout::AmbiguousWidth;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("emaki").chain(args.iter().copied()))
    }

    #[test]
    fn the_definition_is_consistent() {
        <Args as CommandFactory>::command().debug_assert();
    }

    #[test]
    fn widths_are_checked() {
        assert_eq!(parse_width("30"), Ok(30));
        assert_eq!(parse_width(" 1 "), Ok(1));
        assert!(parse_width("0").unwrap_err().contains("at least 1"));
        assert!(parse_width("10001").unwrap_err().contains("at most 10000"));
        assert!(parse_width("wide").unwrap_err().contains("not a number"));
        assert!(parse_width("-3").is_err());
    }

    #[test]
    fn commands_are_exclusive_and_mapped() {
        assert_eq!(parse(&[]).unwrap().requested_command(), Command::Read);
        assert_eq!(parse(&["--scenes", "--json"]).unwrap().requested_command(), Command::Scenes);
        assert_eq!(parse(&["--search", "会談"]).unwrap().requested_command(), Command::Search("会談".into()));
        assert_eq!(
            parse(&["--export", "markdown"]).unwrap().requested_command(),
            Command::Export(ExportFormat::Markdown)
        );
        assert!(parse(&["--print", "--scenes"]).is_err());
        assert_eq!(parse(&["--library", "--json"]).unwrap().requested_command(), Command::Library);
        assert!(parse(&["-c"]).unwrap().continue_reading);
        assert!(parse(&["--continue", "a.txt"]).is_err(), "--continue chooses the document");
        assert!(parse(&["-c", "--library"]).is_err());
        assert!(parse(&["-c", "--export", "json"]).is_ok(), "-c names the document for a command too");
    }

    #[test]
    fn layout_flags_reach_the_layout_options() {
        let args = parse(&["--print", "--ambiguous", "wide", "--line-break", "loose", "--hanging"]).unwrap();
        let options = args.layout_options(30);
        assert_eq!(options.width, 30);
        assert_eq!(options.ambiguous, AmbiguousWidth::Wide);
        assert_eq!(options.strictness, Strictness::Loose);
        assert!(options.hanging);
        assert_eq!(parse(&[]).unwrap().layout_options(5), LayoutOptions::with_width(5));
        assert!(parse(&["--line-break", "lax"]).is_err());
        let auto = parse(&["--ambiguous", "auto"]).unwrap();
        assert_eq!(auto.ambiguous, Some(AmbiguousSetting::Auto));
        assert_eq!(auto.layout_options(5).ambiguous, AmbiguousWidth::Narrow, "resolved later, narrow until then");
    }

    #[test]
    fn encodings_and_queries_are_checked_when_parsed() {
        assert_eq!(parse(&["--encoding", "sjis"]).unwrap().encoding.as_deref(), Some("sjis"));
        let err = parse(&["--encoding", "martian"]).unwrap_err();
        assert!(err.to_string().contains("unknown encoding 'martian'"), "{err}");
        assert!(parse(&["--search", ""]).unwrap_err().to_string().contains("the search query is empty"));
    }

    #[test]
    fn completions_and_the_manual_are_commands() {
        use clap_complete::Shell;
        assert_eq!(parse(&["--completions", "zsh"]).unwrap().requested_command(), Command::Completions(Shell::Zsh));
        assert_eq!(parse(&["--man"]).unwrap().requested_command(), Command::Man);
        assert!(parse(&["--man", "--print"]).is_err());
        assert!(parse(&["--completions", "tcsh"]).is_err());
    }
}
