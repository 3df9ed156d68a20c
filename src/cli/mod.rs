//! The command line: argument parsing, the headless commands (`--print`,
//! `--scenes`, ...) and, without those, the interactive reader.
//!
//! Every error ends the program with exit code 1 and one `emaki: ...` message
//! on standard error. A closed standard output (`emaki --print | head`) is not
//! an error: the reader of the pipe has what it wanted.

pub mod args;
pub mod input;
pub mod print;
pub mod scenes;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Parser;

pub use args::{Args, Command, ExportFormat};
pub use input::{LoadedDocument, load};

/// The width `--print` uses without `--width`, when standard output is not a
/// terminal.
pub const DEFAULT_WIDTH: usize = 80;

/// Run the program; returns the process exit code.
pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => return usage_error(&err),
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("emaki: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `--help` and `--version` go to standard output with success; mistakes in
/// the arguments are errors like any other (`emaki: ...`, exit code 1).
fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // A closed pipe (`emaki --help | head -1`) is fine here too.
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    let rendered = err.render().to_string();
    let message = rendered.strip_prefix("error: ").unwrap_or(&rendered);
    eprint!("emaki: {message}");
    ExitCode::FAILURE
}

/// Whether `err` comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

/// Carry out what `args` ask for.
pub fn run(args: &Args) -> Result<()> {
    let command = args.requested_command();
    if args.json && !matches!(command, Command::Scenes | Command::Quotes | Command::Search(_)) {
        bail!("--json goes with --scenes, --quotes or --search");
    }
    if args.width.is_some() && command != Command::Print {
        bail!("--width goes with --print");
    }
    if args.config.is_some() {
        bail!("--config is not available yet");
    }
    match command {
        Command::Print => run_print(args),
        Command::Scenes => run_scenes(args),
        Command::Quotes => bail!("--quotes is not available yet"),
        Command::Search(_) => bail!("--search is not available yet"),
        Command::Export(_) => bail!("--export is not available yet"),
        Command::PrintDefaultConfig => bail!("--print-default-config is not available yet"),
        Command::Read => bail!("the interactive reader is not available yet; try --print or --scenes"),
    }
}

/// Load the document and its scenes for a headless command, telling the
/// user on standard error what they should know (encoding, damage, rules that
/// did not apply).
fn load_headless(args: &Args) -> Result<(LoadedDocument, crate::engine::scenes::Scenes)> {
    // Rules first: a broken rule file is reported before reading a large input.
    let rules = scenes::load_scene_rules(args.scenes_file.as_deref())?;
    let loaded = load(args.path(), args.encoding.as_deref())?;
    for notice in &loaded.notices {
        eprintln!("emaki: {}: {notice}", loaded.name);
    }
    let (scenes, notice) = scenes::detect_scenes(&loaded.doc, &rules, args.scenes_file.as_deref());
    if let Some(notice) = notice {
        eprintln!("emaki: {notice}");
    }
    Ok((loaded, scenes))
}

fn run_print(args: &Args) -> Result<()> {
    let width = args.width.unwrap_or_else(terminal_width);
    let (loaded, scenes) = load_headless(args)?;
    let options = args.layout_options(width);
    let mut out = io::BufWriter::new(io::stdout().lock());
    print::print_document(&mut out, &loaded.doc, &scenes, &options)?;
    out.flush()?;
    Ok(())
}

fn run_scenes(args: &Args) -> Result<()> {
    let (_, scenes) = load_headless(args)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        scenes::write_scenes_json(&mut out, &scenes)?;
    } else {
        scenes::write_scenes_table(&mut out, &scenes)?;
    }
    out.flush()?;
    Ok(())
}

/// The terminal's width when standard output is a terminal, else
/// [`DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    if !io::stdout().is_terminal() {
        return DEFAULT_WIDTH;
    }
    match crossterm::terminal::size() {
        Ok((columns, _)) if columns > 0 => usize::from(columns).min(args::MAX_WIDTH),
        _ => DEFAULT_WIDTH,
    }
}
