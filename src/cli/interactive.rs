//! Starting the interactive reader: config, app state, then the event loop.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::input::LoadedDocument;
use super::reader::{self, Ending, Loader};
use crate::app::config::{AmbiguousSetting, Config, ConfigError};
use crate::app::{App, Presentation, Severity, Source};
use crate::engine::layout::Strictness;
use crate::engine::scenes::Scenes;
use crate::store::{Store, StoreOptions};

/// Layout settings given on the command line; they win over the config.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    /// `--ambiguous`.
    pub ambiguous: Option<AmbiguousSetting>,
    /// `--line-break`.
    pub strictness: Option<Strictness>,
    /// `--hanging`.
    pub hanging: bool,
    /// `--ruby`.
    pub ruby: Option<crate::engine::typeset::RubyMode>,
    /// `--vertical` / `--horizontal`.
    pub vertical: Option<bool>,
    /// `--measure`.
    pub measure: Option<u16>,
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

/// How the reader starts.
pub enum Start {
    /// On the whole document.
    Ready(LoadedDocument, Scenes),
    /// On the first lines of a large file while `rest` reads all of it.
    Staged {
        /// The first lines.
        head: LoadedDocument,
        /// Their scenes.
        scenes: Scenes,
        /// The file's size.
        total_bytes: u64,
        /// Reads the whole document.
        rest: Loader,
    },
}

impl Start {
    /// Add a notice for the status line, if there is one.
    pub fn notify(&mut self, notice: Option<String>) {
        let loaded = match self {
            Start::Ready(loaded, _) => loaded,
            Start::Staged { head, .. } => head,
        };
        loaded.notices.extend(notice);
    }
}

/// The configuration with the command line's layout options applied, and
/// the config file's error if it had one. An `ambiguous` setting of `auto`
/// is left for [`run`] to resolve (it asks the terminal).
pub fn settings(config_path: Option<&Path>, overrides: Overrides) -> (Config, Option<ConfigError>) {
    let (mut config, error) = load_config(config_path);
    if let Some(a) = overrides.ambiguous {
        config.layout.ambiguous_setting = a;
        config.layout.ambiguous = a.fixed().unwrap_or_default();
    }
    if let Some(s) = overrides.strictness {
        config.layout.strictness = s;
    }
    if overrides.hanging {
        config.layout.hanging = true;
    }
    if let Some(r) = overrides.ruby {
        config.ruby = r;
    }
    if let Some(v) = overrides.vertical {
        config.vertical = Some(v);
    }
    if let Some(m) = overrides.measure {
        config.layout.measure = m;
    }
    (config, error)
}

/// Where `loaded` came from, as the app and the store know it.
pub fn source_of(loaded: &LoadedDocument) -> Source {
    Source { name: loaded.name.clone(), path: loaded.store_path() }
}

/// Build the reader's state the way the binary does (benchmarks build it
/// here too, so they measure what users run). `total_bytes` is given when
/// `loaded` is only the head of a larger file.
pub fn open_app(
    loaded: LoadedDocument,
    scenes: Scenes,
    config: Config,
    store: Store,
    presentation: Presentation,
    size: (u16, u16),
    total_bytes: Option<u64>,
) -> App {
    let source = source_of(&loaded);
    let LoadedDocument { doc, notices, .. } = loaded;
    let mut app = match total_bytes {
        Some(total) => App::new_loading(doc, source, scenes, config, presentation, store, size, total),
        None => App::new(doc, source, scenes, config, presentation, store, size),
    };
    if !notices.is_empty() {
        app.notify(Severity::Warning, notices.join("; "));
    }
    app
}

/// Open the reader and run it until the user quits; documents opened from
/// the library use the scene rules of `scenes_file` too.
pub fn run(
    start: Start,
    config_path: Option<&Path>,
    overrides: Overrides,
    scenes_file: Option<&Path>,
) -> Result<ExitCode> {
    let (mut config, config_error) = settings(config_path, overrides);
    // Once, before the reader takes the terminal: the widths the terminal
    // really draws (see `probe`).
    super::probe::resolve(config.layout.ambiguous_setting).apply(&mut config.layout);
    let presentation = Presentation { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) };
    let store = Store::open(StoreOptions::default());
    // The real size comes with the first resize, before the first draw.
    let size = (80, 24);
    let (mut app, loader) = match start {
        Start::Ready(loaded, scenes) => (open_app(loaded, scenes, config, store, presentation, size, None), None),
        Start::Staged { head, scenes, total_bytes, rest } => {
            (open_app(head, scenes, config, store, presentation, size, Some(total_bytes)), Some(rest))
        }
    };
    if let Some(e) = &config_error {
        app.notify(Severity::Error, format!("config ignored: {e}"));
    }
    app.set_language(crate::app::words::Language::from_env());
    app.pin_view(overrides.ruby, overrides.vertical, overrides.measure);
    let open = |path: Option<&Path>| super::start_reading(path, None, scenes_file);
    let ending = reader::run(&mut app, loader, &open)?;
    // What the status line said may have gone by: the terminal is back, so
    // say it again where it stays.
    if let Some(e) = &config_error {
        super::warn(&format!("config ignored: {e}"));
    }
    if let Some(warning) = app.store_warning() {
        super::warn(warning);
    }
    match ending {
        Ending::Quit => Ok(ExitCode::SUCCESS),
        Ending::Signal(sig) => Ok(ExitCode::from((128 + sig).clamp(0, 255) as u8)),
    }
}
