//! The embedded article opened in an [`App`] without a terminal.

use emaki::app::config::Config;
use emaki::app::key::Key;
use emaki::app::{App, Presentation, Source};
use emaki::engine::document::Document;
use emaki::engine::scenes::{SceneRules, Scenes};
use emaki::store::{Store, StoreOptions};

/// The article in a `width` × `height` reader with a memory-only store.
pub fn article_app(width: u16, height: u16) -> App {
    let doc = Document::from_text(emaki::EMBEDDED_ARTICLE).unwrap();
    let scenes = Scenes::detect(&doc, &SceneRules::embedded());
    app_with(doc, scenes, Store::in_memory(StoreOptions::default()), (width, height))
}

/// A reader on `doc` with the built-in config and no colour.
pub fn app_with(doc: Document, scenes: Scenes, store: Store, size: (u16, u16)) -> App {
    App::new(doc, Source::default(), scenes, Config::builtin(), Presentation { color: false }, store, size)
}

/// Press keys given by name, separated by spaces (`"] ] Tab"`); `lit:TEXT`
/// types TEXT character by character.
pub fn press(app: &mut App, keys: &str) {
    for name in keys.split_whitespace() {
        if let Some(text) = name.strip_prefix("lit:") {
            for c in text.chars() {
                app.handle_key(Key::char(c));
            }
        } else {
            app.handle_key(name.parse::<Key>().unwrap_or_else(|e| panic!("{e}")));
        }
    }
}
