//! The command line: argument parsing, the headless commands (`--print`,
//! `--scenes`, ...) and, without those, the interactive reader.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;

use crate::engine::document::Document;
use crate::engine::layout::{LayoutOptions, layout_paragraph};
use crate::engine::scenes::Scenes;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "emaki",
    version,
    about = "A terminal reader for Japanese articles, scene by scene"
)]
pub struct Args {
    /// The file to read; `-` reads standard input. Without it, the embedded article.
    pub path: Option<PathBuf>,

    /// Write the laid-out text to standard output instead of opening the reader.
    #[arg(long)]
    pub print: bool,

    /// Width in cells for --print (default: the terminal's width, else 80).
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

/// Run the program; returns the process exit code.
pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("emaki: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<()> {
    let text = match &args.path {
        None => crate::EMBEDDED_ARTICLE.to_owned(),
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?,
    };
    let doc = Document::from_text(text)?;
    if args.print {
        let width = args.width.unwrap_or(80);
        if width == 0 {
            bail!("--width must be at least 1");
        }
        let scenes = Scenes::single(&doc);
        let options = LayoutOptions::with_width(width);
        let mut out = std::io::stdout().lock();
        for scene in scenes.as_slice() {
            writeln!(out, "# {}", scene.title)?;
            for p in scene.first..=scene.last {
                writeln!(out)?;
                let text = doc.paragraph(p);
                for line in layout_paragraph(text, &options) {
                    writeln!(out, "{}", &text[line.range()])?;
                }
            }
        }
        return Ok(());
    }
    bail!("the interactive reader is not built yet; use --print")
}
