//! The end of `--help` and the closing sections of the manual page
//! (examples, exit status, environment, files), written once in
//! [`SECTIONS`] and rendered for each.

use roff::{Roff, bold, roman};
use unicode_width::UnicodeWidthStr as _;

/// One closing section: a heading, an optional sentence, and terms with
/// what they mean.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// The heading in `--help`.
    pub title: &'static str,
    /// The heading in the manual page (upper case, as `man` pages have them).
    pub man_title: &'static str,
    /// A sentence before the terms (may be empty).
    pub intro: &'static str,
    /// Each term and what it means.
    pub items: &'static [(&'static str, &'static str)],
}

/// The closing sections.
pub const SECTIONS: [Section; 4] = [
    Section {
        title: "Examples",
        man_title: "EXAMPLES",
        intro: "",
        items: &[
            ("emaki", "read the built-in article"),
            ("emaki a.txt", "read a.txt"),
            ("emaki -c", "go on with the document read last"),
            ("emaki --library", "list every document read"),
            ("cat a.txt | emaki", "read standard input (also: emaki -)"),
            ("emaki --print --width 40 a.txt", "lay a.txt out in 40 columns"),
            ("emaki --scenes --json < a.txt", "list the scenes of standard input as JSON"),
            ("emaki --search 会談 a.txt", "list the matches of 会談, each with its paragraph and scene"),
            ("emaki --completions bash", "a completion script, for ~/.local/share/bash-completion/completions/emaki"),
            ("emaki --man | man -l -", "read this manual page"),
        ],
    },
    Section {
        title: "Exit status",
        man_title: "EXIT STATUS",
        intro: "",
        items: &[
            ("0", "success"),
            (
                "1",
                "an error while running (a file that cannot be read or is not a text, ...); --search without a match",
            ),
            ("2", "a usage error (an unknown option, a bad value, options that do not go together)"),
            ("128+N", "the reader was ended by signal N (SIGTERM, SIGHUP, SIGINT)"),
        ],
    },
    Section {
        title: "Environment",
        man_title: "ENVIRONMENT",
        intro: "",
        items: &[
            (
                "EMAKI_DATA_DIR",
                "where bookmarks, highlights and reading positions are kept (default: ~/.local/share/emaki \
                 on Linux, ~/Library/Application Support/emaki on macOS, %APPDATA%\\emaki\\data on Windows)",
            ),
            ("NO_COLOR", "set and not empty: no colours, only bold, underline and reverse"),
            ("TERM", "dumb or linux: --ambiguous auto does not ask the terminal"),
        ],
    },
    Section {
        title: "Files",
        man_title: "FILES",
        intro: "In the config directory: ~/.config/emaki on Linux ($XDG_CONFIG_HOME/emaki), \
                ~/Library/Application Support/emaki on macOS, %APPDATA%\\emaki\\config on Windows.",
        items: &[
            (
                "config.toml",
                "settings and key bindings (emaki --print-default-config shows them all); --config PATH reads \
                 another file",
            ),
            (
                "speakers.toml",
                "speakers added to the built-in ones, shaped like assets/speakers.toml; --speakers-file PATH \
                 reads another file",
            ),
        ],
    },
];

/// The text after the options in `--help`.
pub fn after_help() -> String {
    let mut out = String::new();
    for (i, section) in SECTIONS.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(section.title);
        out.push_str(":\n");
        if !section.intro.is_empty() {
            out.push_str(&format!("  {}\n", section.intro));
        }
        let column = section.items.iter().map(|(term, _)| term.width()).max().unwrap_or(0);
        for (term, meaning) in section.items {
            let pad = " ".repeat(column - term.width());
            out.push_str(&format!("  {term}{pad}  {meaning}\n"));
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The closing sections as manual page source.
pub fn man_sections() -> Roff {
    let mut roff = Roff::new();
    for section in SECTIONS {
        roff.control("SH", [section.man_title]);
        if !section.intro.is_empty() {
            roff.text([roman(section.intro)]);
        }
        for (term, meaning) in section.items {
            roff.control("TP", []);
            roff.text([bold(*term)]);
            roff.text([roman(*meaning)]);
        }
    }
    roff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lines_up_the_terms() {
        let help = after_help();
        assert!(help.starts_with("Examples:\n  emaki   "), "{help}");
        assert!(help.contains("Exit status:\n  0      success\n  1      an error"), "{help}");
        assert!(help.contains("Files:\n  In the config directory: ~/.config/emaki"), "{help}");
        assert!(!help.ends_with('\n'));
    }

    #[test]
    fn the_manual_has_a_section_each() {
        let page = man_sections().render();
        for heading in [".SH EXAMPLES", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES"] {
            assert!(page.contains(heading), "{heading} missing:\n{page}");
        }
        assert!(page.contains("EMAKI_DATA_DIR") && page.contains("%APPDATA%\\\\emaki"), "{page}");
    }
}
