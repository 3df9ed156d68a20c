//! The command line: argument parsing, the headless commands (`--print`,
//! `--scenes`, ...) and, without those, the interactive reader.
//!
//! Every error ends the program with one `emaki: ...` message on standard
//! error and exit code 1, or 2 for a mistake in the command line itself
//! ([`UsageError`], as clap and most programs do). A closed standard output
//! (`emaki --print | head`) is not an error: the reader of the pipe has what
//! it wanted.

pub mod args;
pub mod export;
pub mod generate;
pub mod help;
pub mod input;
pub mod interactive;
pub mod library;
pub mod print;
pub mod print_vertical;
pub mod probe;
pub mod quotes;
pub mod reader;
pub mod scenes;
pub mod search;
pub mod speakers;
pub mod terminal;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Parser;

pub use args::{Args, Command, ExportFormat};
pub use input::{InputOptions, LoadedDocument, load};

/// The width `--print` uses without `--width`, when standard output is not a
/// terminal.
pub const DEFAULT_WIDTH: usize = 80;

/// The exit code of a usage error.
pub const USAGE_EXIT_CODE: u8 = 2;

/// A mistake in how emaki was called (options that do not go together):
/// exit code [`USAGE_EXIT_CODE`], like the mistakes clap finds.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Run the program; returns the process exit code.
pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => return usage_error(&err),
    };
    match run(&args) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.chain().any(|cause| cause.is::<UsageError>()) => {
            warn(&format!("{err:#} (see emaki --help)"));
            ExitCode::from(USAGE_EXIT_CODE)
        }
        Err(err) => {
            warn(&format!("{err:#}"));
            ExitCode::FAILURE
        }
    }
}

/// `--help` and `--version` go to standard output with success; mistakes in
/// the arguments are one `emaki: ...` line and exit code
/// [`USAGE_EXIT_CODE`].
fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // A closed pipe (`emaki --help | head -1`) is fine here too.
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    // One line, like every other error: clap's usage and "try --help" lines
    // are replaced by one short pointer.
    let rendered = err.render().to_string();
    let message = rendered.strip_prefix("error: ").unwrap_or(&rendered);
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .collect();
    warn(&format!("{} (see emaki --help)", lines.join(" ")));
    ExitCode::from(USAGE_EXIT_CODE)
}

/// Print `emaki: TEXT` on standard error. A path or an option value in
/// `text` may hold escape sequences; they are made inert first.
pub fn warn(text: &str) {
    eprintln!("emaki: {}", crate::engine::sanitize::sanitize(text.trim_end_matches('\n')));
}

/// Whether `err` comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        // serde_json wraps the I/O error of a JSON writer without exposing it
        // as a source, but says what kind it was.
        let kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| cause.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind));
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// Carry out what `args` ask for; the exit code on success (the reader ended
/// by a signal, or a search with no match, is not 0).
pub fn run(args: &Args) -> Result<ExitCode> {
    // `--continue` names the document read last, for the reader or a command.
    let continued;
    let args = if args.continue_reading {
        continued =
            Args { path: library::continue_target()?, continue_reading: false, continued: true, ..args.clone() };
        &continued
    } else {
        args
    };
    let command = args.requested_command();
    if args.json && !matches!(command, Command::Scenes | Command::Quotes | Command::Search(_) | Command::Library) {
        bail!(UsageError("--json goes with --scenes, --quotes, --search or --library".into()));
    }
    if args.width.is_some() && command != Command::Print {
        bail!(UsageError("--width goes with --print".into()));
    }
    if args.height.is_some() && !(command == Command::Print && args.vertical) {
        bail!(UsageError("--height goes with --print --vertical".into()));
    }
    if args.vertical && command == Command::Print && args.width == Some(1) {
        bail!(UsageError("a vertical column is 2 cells wide: --width must be at least 2".into()));
    }
    // A file named on the command line must be there; only the default
    // config file may be missing.
    if let Some(path) = &args.config
        && let Err(e) = std::fs::metadata(path)
    {
        bail!("{}: {} (--config)", path.display(), input::describe(&e));
    }
    let ok = |()| ExitCode::SUCCESS;
    match command {
        Command::Print => run_print(args).map(ok),
        Command::Scenes => run_scenes(args).map(ok),
        Command::Quotes => {
            if let Some(notice) = speakers::install(args.speakers_file.as_deref())? {
                warn(&notice);
            }
            let (loaded, scenes) = load_headless(args)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            quotes::run(&loaded.doc, &scenes, args.json, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Search(query) => {
            let (loaded, scenes) = load_headless(args)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            let found = search::run(&loaded.doc, &scenes, &query, args.json, &mut out)?;
            out.flush()?;
            // As grep: 0 with matches, 1 without (errors are 1 too, with a message).
            Ok(if found > 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Export(format) => {
            let (loaded, scenes) = load_headless(args)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            export::run(&loaded, &scenes, format, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Annotations => {
            let (loaded, _) = load_headless(args)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            if loaded.doc.metadata().format != crate::engine::document::rich::Format::Aozora {
                writeln!(out, "{}: not an Aozora Bunko text (no annotations to read)", loaded.name)?;
            } else if loaded.unknown_annotations.is_empty() {
                writeln!(out, "{}: every annotation was understood", loaded.name)?;
            }
            for a in &loaded.unknown_annotations {
                writeln!(out, "{}:{}: {}", loaded.name, a.line, crate::engine::sanitize::sanitize(&a.text))?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Library => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            library::run(args.json, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::PrintDefaultConfig => {
            let mut out = io::stdout().lock();
            out.write_all(crate::app::config::default_config_text().as_bytes())?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions(shell) => generate::completions(shell, &mut io::stdout().lock()).map(ok),
        Command::Man => generate::man(&mut io::stdout().lock()).map(ok),
        Command::Read => {
            let overrides = interactive::Overrides {
                ambiguous: args.ambiguous,
                strictness: args.line_break,
                hanging: args.hanging,
                ruby: args.ruby,
                vertical: args.vertical(),
                measure: args.measure,
            };
            let speakers_notice = speakers::install(args.speakers_file.as_deref())?;
            let mut start = start_reader(args)?;
            start.notify(speakers_notice);
            interactive::run(start, args.config.as_deref(), overrides, args.scenes_file.as_deref())
        }
    }
}

/// The input options of the command line.
fn input_options(args: &Args) -> InputOptions {
    let join = if args.join {
        Some(true)
    } else if args.no_join {
        Some(false)
    } else {
        None
    };
    InputOptions { encoding: args.encoding.clone(), binary: args.binary, join }
}

/// Load the document for the reader from the command line's options.
fn start_reader(args: &Args) -> Result<interactive::Start> {
    start_reading_with(args.input(), &input_options(args), args.scenes_file.as_deref())
}

/// Load a document for the reader: like the headless commands, but notices
/// go to the reader's status line instead of standard error. A large file
/// opens on its first lines while a worker reads the rest
/// ([`input::load_head`]). Public so benchmarks open documents exactly as
/// the binary does.
pub fn start_reading(
    path: Option<&std::path::Path>,
    encoding: Option<&str>,
    scenes_file: Option<&std::path::Path>,
) -> Result<interactive::Start> {
    start_reading_with(path, &InputOptions::with_encoding(encoding), scenes_file)
}

/// [`start_reading`] with every input option.
pub fn start_reading_with(
    path: Option<&std::path::Path>,
    options: &InputOptions,
    scenes_file: Option<&std::path::Path>,
) -> Result<interactive::Start> {
    let rules = scenes::load_scene_rules(scenes_file)?;
    if let Some(path) = path
        && let Some((head, total_bytes)) = input::load_head(path, options)?
    {
        let (head_scenes, _) = scenes::detect_scenes(&head.doc, &rules, scenes_file);
        let (path, options, scenes_file) = (path.to_owned(), options.clone(), scenes_file.map(|p| p.to_owned()));
        let rest: reader::Loader = Box::new(move |progress| {
            let mut loaded = input::load_with_progress(Some(&path), &options, progress)?;
            let (scenes, notice) = scenes::detect_scenes(&loaded.doc, &rules, scenes_file.as_deref());
            loaded.notices.extend(notice);
            // The store's key; computed here, off the reader's thread.
            let _ = loaded.doc.content_hash();
            Ok((loaded, scenes))
        });
        return Ok(interactive::Start::Staged { head, scenes: head_scenes, total_bytes, rest });
    }
    let mut loaded = load(path, options)?;
    let (scenes, notice) = scenes::detect_scenes(&loaded.doc, &rules, scenes_file);
    loaded.notices.extend(notice);
    Ok(interactive::Start::Ready(loaded, scenes))
}

/// Load the document and its scenes for a headless command, telling the
/// user on standard error what they should know (encoding, damage, rules that
/// did not apply).
fn load_headless(args: &Args) -> Result<(LoadedDocument, crate::engine::scenes::Scenes)> {
    // Rules first: a broken rule file is reported before reading a large input.
    let rules = scenes::load_scene_rules(args.scenes_file.as_deref())?;
    let loaded = load(args.input(), &input_options(args))?;
    for notice in &loaded.notices {
        warn(&format!("{}: {notice}", loaded.name));
    }
    let (scenes, notice) = scenes::detect_scenes(&loaded.doc, &rules, args.scenes_file.as_deref());
    if let Some(notice) = notice {
        warn(&notice);
    }
    Ok((loaded, scenes))
}

fn run_print(args: &Args) -> Result<()> {
    let width = args.width.unwrap_or_else(terminal_width);
    let (loaded, scenes) = load_headless(args)?;
    // Layout settings from the config file apply to --print too; options on
    // the command line win.
    let (config, error) = interactive::load_config(args.config.as_deref());
    if let Some(e) = error {
        warn(&format!("config ignored: {e}"));
    }
    let mut options = args.layout_options(width);
    // Measured only when the output is a terminal (`auto`, the default).
    let widths = probe::resolve(args.ambiguous.unwrap_or(config.layout.ambiguous_setting));
    options.ambiguous = widths.ambiguous;
    options.strictness = args.line_break.unwrap_or(config.layout.strictness);
    options.hanging = args.hanging || config.layout.hanging;
    options.tab_width = config.layout.tab_width;
    let ruby = args.ruby.unwrap_or(config.ruby);
    let view =
        crate::engine::typeset::ViewOptions { layout: options, ruby, vertical: false, vs16_narrow: !widths.vs16_wide };
    let mut out = io::BufWriter::new(io::stdout().lock());
    // --print stays horizontal unless --vertical is given, whatever the book
    // or the config would choose in the reader.
    if args.vertical {
        let height = args.height.unwrap_or_else(terminal_height);
        print_vertical::print_vertical(&mut out, &loaded.doc, &scenes, &view, width.max(2), height)?;
    } else {
        print::print_document_with(&mut out, &loaded.doc, &scenes, &view)?;
    }
    out.flush()?;
    Ok(())
}

fn run_scenes(args: &Args) -> Result<()> {
    let (loaded, scenes) = load_headless(args)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        scenes::write_scenes_json(&mut out, &loaded.doc, &scenes)?;
    } else {
        scenes::write_scenes_table(&mut out, &scenes)?;
    }
    out.flush()?;
    Ok(())
}

/// The terminal's height when standard output is a terminal, else
/// [`DEFAULT_HEIGHT`] (the page height of `--print --vertical`).
pub fn terminal_height() -> usize {
    if !io::stdout().is_terminal() {
        return DEFAULT_HEIGHT;
    }
    match crossterm::terminal::size() {
        Ok((_, rows)) if rows > 0 => usize::from(rows).min(args::MAX_WIDTH),
        _ => DEFAULT_HEIGHT,
    }
}

/// The page height `--print --vertical` uses without `--height`, when
/// standard output is not a terminal.
pub const DEFAULT_HEIGHT: usize = 24;

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
