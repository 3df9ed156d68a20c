//! Per-document reading settings: a book reopens as it was read.
//!
//! How ruby is shown (`r`), vertical or horizontal text (`T`) and the
//! measure (`-` `+`) are kept with the document in the store whenever the
//! reader changes them, and applied when it opens again. They win over the
//! config file (which is the default for documents without settings);
//! `--ruby`, `--vertical`, `--horizontal` and `--measure` on the command
//! line win over both for every document opened in that run, and are not
//! kept.

use super::App;
use crate::engine::typeset::RubyMode;
use crate::store::model::SettingsRecord;

/// The widest measure a store may set (as the config file allows).
const MAX_MEASURE: u16 = 1000;

/// What the reader chose about the view beyond the config.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ViewChoice {
    /// `--ruby` on the command line.
    ruby: Option<RubyMode>,
    /// `--vertical` / `--horizontal` on the command line.
    vertical: Option<bool>,
    /// `--measure` on the command line.
    measure: Option<u16>,
    /// The reader changed the view while the document was still being read
    /// (kept for the whole document when it arrives).
    chosen_while_loading: bool,
}

/// The ruby mode named `name` (as [`RubyMode::name`] gives it).
fn ruby_named(name: &str) -> Option<RubyMode> {
    [RubyMode::Above, RubyMode::Inline, RubyMode::Off].into_iter().find(|m| m.name() == name)
}

impl App {
    /// Show every document of this run with these settings, whatever was
    /// kept for it (the command line's `--ruby`, `--vertical`,
    /// `--horizontal`, `--measure`).
    pub fn pin_view(&mut self, ruby: Option<RubyMode>, vertical: Option<bool>, measure: Option<u16>) {
        self.view_choice.ruby = ruby;
        self.view_choice.vertical = vertical;
        self.view_choice.measure = measure;
        if self.apply_pins() {
            self.relayout();
            self.refresh();
        }
    }

    /// Apply the command line's settings; whether anything changed.
    fn apply_pins(&mut self) -> bool {
        let before = (self.ruby, self.vertical, self.measure);
        if let Some(r) = self.view_choice.ruby {
            self.ruby = r;
        }
        if let Some(v) = self.view_choice.vertical {
            self.vertical = v;
        }
        if let Some(m) = self.view_choice.measure {
            self.measure = m;
        }
        before != (self.ruby, self.vertical, self.measure)
    }

    /// The view a newly opened document starts with: the config's, the
    /// book's own wish for vertical text, and the command line's.
    pub(super) fn default_view(&mut self) {
        self.ruby = self.config.ruby;
        self.vertical = self.config.vertical.unwrap_or(self.doc.metadata().vertical);
        self.measure = self.config.layout.measure;
        self.apply_pins();
    }

    /// The whole document is known: apply its kept settings (re-laying out
    /// when they change anything) — or, when the reader chose a view while
    /// it was being read, keep that choice for it instead.
    pub(super) fn apply_saved_settings(&mut self) {
        if std::mem::take(&mut self.view_choice.chosen_while_loading) {
            self.save_settings();
            return;
        }
        let Some(saved) = self.store.settings(&self.doc).cloned() else { return };
        let before = (self.ruby, self.vertical, self.measure);
        if let Some(r) = saved.ruby.as_deref().and_then(ruby_named) {
            self.ruby = r;
        }
        if let Some(v) = saved.vertical {
            self.vertical = v;
        }
        if let Some(m) = saved.measure.filter(|&m| m <= MAX_MEASURE) {
            self.measure = m;
        }
        self.apply_pins();
        if before != (self.ruby, self.vertical, self.measure) {
            self.relayout();
        }
    }

    /// Keep the current view for the document (after `r`, `T`, `-`, `+`).
    pub(super) fn save_settings(&mut self) {
        if self.loading.is_some() {
            // Only the head is here; the store knows the whole text.
            self.view_choice.chosen_while_loading = true;
            return;
        }
        if self.doc.is_empty() {
            return;
        }
        let settings = SettingsRecord {
            ruby: Some(self.ruby.name().to_owned()),
            vertical: Some(self.vertical),
            measure: Some(self.measure),
            ..Default::default()
        };
        self.store.set_settings(&self.doc, settings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruby_modes_are_found_by_name() {
        for mode in [RubyMode::Above, RubyMode::Inline, RubyMode::Off] {
            assert_eq!(ruby_named(mode.name()), Some(mode));
        }
        assert_eq!(ruby_named("sideways"), None);
    }
}
