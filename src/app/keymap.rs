//! Key → action bindings for the reading view, with the reverse map that the
//! help overlay and status hints use.
//!
//! Defaults come from [`super::action::ACTIONS`]. A config file may rebind any
//! action by name; its keys replace that action's defaults, and a key it takes
//! from another action's defaults is moved, not shared. A key listed twice in
//! the config itself is an error.

use std::collections::HashMap;

use thiserror::Error;

use super::action::{ACTIONS, Action, by_name};
use super::key::{Key, KeyParseError};

/// A problem in the `[keys]` table of a config file.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum KeymapError {
    /// The action name is not in the action table.
    #[error("unknown action {0:?}")]
    UnknownAction(String),
    /// A key name could not be read.
    #[error("{0}")]
    BadKey(#[from] KeyParseError),
    /// The config gives an action a key that another action has by default,
    /// without rebinding that other action.
    #[error(
        "key {key} is bound to {first} by default; give {first} other keys too, or choose another key for {second}"
    )]
    TakenByDefault {
        /// The key, in canonical form.
        key: String,
        /// The action that has it by default.
        first: &'static str,
        /// The action the config gives it to.
        second: &'static str,
    },
    /// `quit = []`: there must always be a way out.
    #[error("quit needs at least one key")]
    NoWayToQuit,
    /// The config binds one key to two actions.
    #[error("key {key} is bound to both {first} and {second}")]
    Duplicate {
        /// The key, in canonical form.
        key: String,
        /// The first action's name.
        first: &'static str,
        /// The second action's name.
        second: &'static str,
    },
}

/// Key bindings of the reading view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: HashMap<Key, Action>,
    /// Keys per action in the order they were given, for help and hints.
    reverse: HashMap<Action, Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::defaults()
    }
}

impl Keymap {
    /// The default bindings from the action table.
    pub fn defaults() -> Self {
        let mut map = Keymap { bindings: HashMap::new(), reverse: HashMap::new() };
        for info in ACTIONS {
            for name in info.default_keys {
                let key: Key = name.parse().expect("default key names parse");
                map.bind(key, info.action);
            }
        }
        map
    }

    /// The defaults with `overrides` applied: `(action name, key names)` in
    /// config order. An action named there loses its default keys.
    pub fn with_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a str, &'a [String])>,
    ) -> Result<Self, KeymapError> {
        let overrides: Vec<(&str, &[String])> = overrides.into_iter().collect();
        let mut rebound = Vec::new();
        for (name, _) in &overrides {
            rebound.push(by_name(name).ok_or_else(|| KeymapError::UnknownAction((*name).to_owned()))?);
        }
        let defaults = Keymap::defaults();
        let mut map = Keymap::defaults();
        let mut from_config: HashMap<Key, Action> = HashMap::new();
        for ((_, keys), &action) in overrides.iter().zip(&rebound) {
            map.unbind_action(action);
            if action == Action::Quit && keys.is_empty() {
                return Err(KeymapError::NoWayToQuit);
            }
            for key_name in keys.iter() {
                let key: Key = key_name.parse()?;
                let name = super::action::info(action).name;
                if let Some(&other) = from_config.get(&key) {
                    if other != action {
                        let first = super::action::info(other).name;
                        return Err(KeymapError::Duplicate { key: key.to_string(), first, second: name });
                    }
                    continue;
                }
                // A key another action has by default stays that action's
                // unless the config rebinds that action too.
                if let Some(other) = defaults.action(&key)
                    && other != action
                    && !rebound.contains(&other)
                {
                    let first = super::action::info(other).name;
                    return Err(KeymapError::TakenByDefault { key: key.to_string(), first, second: name });
                }
                from_config.insert(key, action);
                map.bind(key, action);
            }
        }
        Ok(map)
    }

    /// The action bound to `key`, if any.
    pub fn action(&self, key: &Key) -> Option<Action> {
        self.bindings.get(key).copied()
    }

    /// Keys bound to `action`, in the order they were given.
    pub fn keys_for(&self, action: Action) -> &[Key] {
        self.reverse.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The first key of `action` in text form, for hints like "? for help".
    pub fn hint(&self, action: Action) -> Option<String> {
        self.keys_for(action).first().map(Key::to_string)
    }

    fn bind(&mut self, key: Key, action: Action) {
        if let Some(previous) = self.bindings.insert(key, action)
            && let Some(keys) = self.reverse.get_mut(&previous)
        {
            keys.retain(|k| *k != key);
        }
        self.reverse.entry(action).or_default().push(key);
    }

    fn unbind_action(&mut self, action: Action) {
        for key in self.reverse.remove(&action).unwrap_or_default() {
            self.bindings.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_have_no_key_bound_twice() {
        let mut seen = HashMap::new();
        for info in ACTIONS {
            for name in info.default_keys {
                let key: Key = name.parse().unwrap();
                if let Some(other) = seen.insert(key, info.name) {
                    panic!("{name} is bound to {other} and {}", info.name);
                }
            }
        }
    }

    #[test]
    fn defaults_follow_less_and_vim() {
        let map = Keymap::defaults();
        assert_eq!(map.action(&"j".parse().unwrap()), Some(Action::LineDown));
        assert_eq!(map.action(&"Ctrl-f".parse().unwrap()), Some(Action::PageDown));
        assert_eq!(map.action(&"G".parse().unwrap()), Some(Action::Bottom));
        assert_eq!(map.action(&"}".parse().unwrap()), Some(Action::NextParagraph));
        assert_eq!(map.action(&"3".parse().unwrap()), Some(Action::GotoScene(3)));
        assert_eq!(map.action(&"x".parse().unwrap()), None);
    }

    #[test]
    fn an_override_replaces_the_actions_defaults_and_keeps_the_rest() {
        let ks = keys(&["x"]);
        let map = Keymap::with_overrides([("line_down", ks.as_slice())]).unwrap();
        assert_eq!(map.action(&"x".parse().unwrap()), Some(Action::LineDown));
        assert_eq!(map.action(&"j".parse().unwrap()), None);
        assert_eq!(map.action(&"k".parse().unwrap()), Some(Action::LineUp));
        assert_eq!(map.keys_for(Action::LineDown), &["x".parse::<Key>().unwrap()]);
    }

    #[test]
    fn a_key_another_action_has_by_default_is_an_error_unless_that_action_is_rebound() {
        let n = keys(&["n"]);
        let err = Keymap::with_overrides([("next_bookmark", n.as_slice())]).unwrap_err();
        assert_eq!(err, KeymapError::TakenByDefault { key: "n".into(), first: "search_next", second: "next_bookmark" });
        assert!(err.to_string().contains("give search_next other keys too"), "{err}");
        // Rebinding search_next as well frees n.
        let slash_n = keys(&["Ctrl-n"]);
        let map =
            Keymap::with_overrides([("next_bookmark", n.as_slice()), ("search_next", slash_n.as_slice())]).unwrap();
        assert_eq!(map.action(&"n".parse().unwrap()), Some(Action::NextBookmark));
        assert_eq!(map.action(&"Ctrl-n".parse().unwrap()), Some(Action::SearchNext));
    }

    #[test]
    fn quit_cannot_be_left_without_a_key() {
        let none: Vec<String> = Vec::new();
        assert_eq!(Keymap::with_overrides([("quit", none.as_slice())]).unwrap_err(), KeymapError::NoWayToQuit);
        // Other actions may be unbound.
        let map = Keymap::with_overrides([("copy", none.as_slice())]).unwrap();
        assert!(map.keys_for(Action::Copy).is_empty());
    }

    #[test]
    fn a_key_bound_twice_in_the_config_is_an_error() {
        let a = keys(&["x"]);
        let b = keys(&["x"]);
        let err = Keymap::with_overrides([("line_down", a.as_slice()), ("line_up", b.as_slice())]).unwrap_err();
        assert_eq!(err, KeymapError::Duplicate { key: "x".into(), first: "line_down", second: "line_up" });
    }

    #[test]
    fn unknown_actions_and_keys_are_errors() {
        let ks = keys(&["x"]);
        assert_eq!(
            Keymap::with_overrides([("fly", ks.as_slice())]).unwrap_err(),
            KeymapError::UnknownAction("fly".into())
        );
        let bad = keys(&["Hyper-x"]);
        assert!(matches!(Keymap::with_overrides([("quit", bad.as_slice())]), Err(KeymapError::BadKey(_))));
    }
}
