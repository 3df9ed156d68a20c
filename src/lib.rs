//! emaki: a terminal reader for Japanese (and other CJK) articles, read scene by scene.
//!
//! The crate is split so that the parts worth testing know nothing of terminals:
//!
//! - [`engine`]: the pure core. Decoding, the document model, scene rules, the
//!   layout engine, quote detection and search. Plain strings in, plain data out.
//! - [`store`]: persistence of bookmarks, highlights and reading positions.
//! - [`app`]: reader state and the [`app::action::Action`]s that change it; keys reach
//!   actions through a configurable keymap, so all of it runs without a terminal.
//! - [`ui`]: draws the state into a ratatui `Frame`; it never changes state.
//! - [`cli`]: argument parsing, the headless commands, terminal setup and the
//!   event loop. `src/main.rs` only calls [`cli::main`].

#![warn(missing_docs)]

pub mod app;
pub mod cli;
pub mod engine;
pub mod store;
pub mod ui;

/// The article embedded in the binary: what `emaki` opens without a path.
pub const EMBEDDED_ARTICLE: &str = include_str!("../seeds/kazakhstan-state-visit.txt");

/// The display name of the embedded article (used where a path would be shown).
pub const EMBEDDED_ARTICLE_NAME: &str = "(embedded) kazakhstan-state-visit.txt";
