//! `--completions SHELL` and `--man`: shell completion scripts and the
//! manual page, generated from the argument definitions in [`super::args`],
//! so they always list exactly the options emaki has.

use std::io::Write;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::args::Args;

/// Write the completion script for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    clap_complete::generate(shell, &mut Args::command(), "emaki", out);
    out.flush().context("cannot write the completion script")
}

/// Write the manual page (roff, section 1) to `out`: clap_mangen's
/// sections, then the closing ones of [`super::help`] as sections of their
/// own (not as `--help` text).
pub fn man(out: &mut dyn Write) -> Result<()> {
    let command = Args::command().after_help(None::<&str>);
    clap_mangen::Man::new(command).render(out).context("cannot write the manual page")?;
    super::help::man_sections().to_writer(out).context("cannot write the manual page")?;
    out.flush().context("cannot write the manual page")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_options() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::Elvish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut out = Vec::new();
            completions(shell, &mut out).unwrap();
            let script = String::from_utf8(out).unwrap();
            assert!(script.contains("speakers-file") && script.contains("completions"), "{shell}");
        }
    }

    #[test]
    fn the_manual_page_has_the_options_and_the_exit_status() {
        let mut out = Vec::new();
        man(&mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.contains(".TH emaki 1"), "{}", &page[..200]);
        assert!(!page.contains("EXTRA"), "the closing sections are sections, not help text");
        for needle in ["\\-\\-binary", "EXIT STATUS", "EMAKI_DATA_DIR", "NO_COLOR", "config.toml"] {
            assert!(page.contains(needle), "{needle} missing");
        }
    }
}
