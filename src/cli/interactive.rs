//! Starting the interactive reader: config, app state, then the event loop.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::input::LoadedDocument;
use super::reader::{self, Ending};
use crate::app::config::{Config, ConfigError};
use crate::app::{App, Presentation, Severity, Source};
use crate::engine::layout::{AmbiguousWidth, Strictness};
use crate::engine::scenes::Scenes;

/// Layout settings given on the command line; they win over the config.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    /// `--ambiguous`.
    pub ambiguous: Option<AmbiguousWidth>,
    /// `--line-break`.
    pub strictness: Option<Strictness>,
    /// `--hanging`.
    pub hanging: bool,
}

/// Where `config.toml` lives when `--config` is not given.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "emaki").map(|d| d.config_dir().join("config.toml"))
}

/// Load the config: `--config PATH` (must exist) or the default path (may be
/// missing). A broken file gives the built-in config plus the error, which
/// the reader shows in its status line.
pub fn load_config(explicit: Option<&Path>) -> (Config, Option<ConfigError>) {
    let path = match explicit {
        Some(p) => p.to_owned(),
        None => match default_config_path() {
            Some(p) if p.exists() => p,
            _ => return (Config::builtin(), None),
        },
    };
    match Config::load(&path) {
        Ok(c) => (c, None),
        Err(e) => (Config::builtin(), Some(e)),
    }
}

/// Open the reader on `doc` and run it until the user quits.
pub fn run(
    loaded: LoadedDocument,
    scenes: Scenes,
    config_path: Option<&Path>,
    overrides: Overrides,
) -> Result<ExitCode> {
    let source = Source { name: loaded.name.clone(), path: loaded.store_path() };
    let LoadedDocument { doc, notices, .. } = loaded;
    let (mut config, config_error) = load_config(config_path);
    if let Some(a) = overrides.ambiguous {
        config.layout.ambiguous = a;
    }
    if let Some(s) = overrides.strictness {
        config.layout.strictness = s;
    }
    if overrides.hanging {
        config.layout.hanging = true;
    }
    let presentation = Presentation { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) };
    let store = crate::store::Store::open(crate::store::StoreOptions::default());
    let mut app = App::new(doc, source, scenes, config, presentation, store, (80, 24));
    if !notices.is_empty() {
        app.notify(Severity::Warning, notices.join("; "));
    }
    if let Some(e) = config_error {
        app.notify(Severity::Error, format!("config ignored: {e}"));
    }
    match reader::run(app)? {
        Ending::Quit => Ok(ExitCode::SUCCESS),
        Ending::Signal(sig) => Ok(ExitCode::from((128 + sig).clamp(0, 255) as u8)),
    }
}
