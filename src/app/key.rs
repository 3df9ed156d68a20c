//! Keys as the app sees them: a small, terminal-free type with a text form
//! (`j`, `Ctrl-f`, `PageDown`, `Shift-Tab`) used by the keymap, the config
//! file and the help overlay.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A printable character (`Shift` is folded into it: `G`, `?`, `}`).
    Char(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab (terminals report it as its own key).
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Insert.
    Insert,
    /// A function key, F1 to F24.
    F(u8),
}

/// A key with the Control and Alt modifiers that matter for bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The key itself.
    pub code: KeyCode,
    /// Control held.
    pub ctrl: bool,
    /// Alt (Meta) held.
    pub alt: bool,
}

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Self {
        Key { code, ctrl: false, alt: false }
    }

    /// A character key without modifiers.
    pub const fn char(c: char) -> Self {
        Key::plain(KeyCode::Char(c))
    }

    /// Control plus a character (`Ctrl-f`).
    pub const fn ctrl(c: char) -> Self {
        Key { code: KeyCode::Char(c), ctrl: true, alt: false }
    }
}

/// Why a key name could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
#[error(
    "unknown key name {name:?} (examples: \"j\", \"G\", \"Ctrl-f\", \"Alt-x\", \"Space\", \"PageDown\", \"Shift-Tab\", \"F5\")"
)]
pub struct KeyParseError {
    /// The name as written.
    pub name: String,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Return", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Escape", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Del", KeyCode::Delete),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PgUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("PgDn", KeyCode::PageDown),
    ("Insert", KeyCode::Insert),
    ("Space", KeyCode::Char(' ')),
];

impl FromStr for Key {
    type Err = KeyParseError;

    /// Parse `j`, `G`, `?`, `Ctrl-f` (also `C-f`), `Alt-x` (also `M-x`),
    /// `Space`, `PageDown`, `Shift-Tab`, `F5`. Names are case-insensitive;
    /// single characters are not.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || KeyParseError { name: s.to_owned() };
        let mut rest = s;
        let mut key = Key::plain(KeyCode::Esc);
        let mut shift = false;
        while let Some((prefix, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break; // "-" itself, or "Ctrl--"
            }
            match prefix.to_ascii_lowercase().as_str() {
                "ctrl" | "c" => key.ctrl = true,
                "alt" | "m" | "meta" => key.alt = true,
                "shift" | "s" => shift = true,
                _ => break,
            }
            rest = tail;
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c }),
            _ => {
                if let Some(&(_, code)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
                    code
                } else if let Some(n) = rest.strip_prefix(['F', 'f']).and_then(|n| n.parse::<u8>().ok()) {
                    if !(1..=24).contains(&n) {
                        return Err(err());
                    }
                    KeyCode::F(n)
                } else {
                    return Err(err());
                }
            }
        };
        if shift {
            key.code = match key.code {
                KeyCode::Tab => KeyCode::BackTab,
                KeyCode::Char(c) if c.is_ascii_alphabetic() => KeyCode::Char(c.to_ascii_uppercase()),
                _ => return Err(err()),
            };
        }
        Ok(key)
    }
}

impl fmt::Display for Key {
    /// The canonical text form, which [`Key::from_str`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::F(n) => write!(f, "F{n}"),
            code => {
                let name = NAMED.iter().find(|(_, c)| *c == code).map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        s.parse().unwrap()
    }

    #[test]
    fn names_parse_to_keys() {
        assert_eq!(key("j"), Key::char('j'));
        assert_eq!(key("G"), Key::char('G'));
        assert_eq!(key("?"), Key::char('?'));
        assert_eq!(key("-"), Key::char('-'));
        assert_eq!(key("Ctrl-f"), Key::ctrl('f'));
        assert_eq!(key("C-F"), Key::ctrl('f'));
        assert_eq!(key("space"), Key::char(' '));
        assert_eq!(key("PgDn"), Key::plain(KeyCode::PageDown));
        assert_eq!(key("Shift-Tab"), Key::plain(KeyCode::BackTab));
        assert_eq!(key("F5"), Key::plain(KeyCode::F(5)));
        assert_eq!(key("Alt-x"), Key { code: KeyCode::Char('x'), ctrl: false, alt: true });
    }

    #[test]
    fn bad_names_are_errors() {
        for bad in ["", "Ctrl-", "PageSideways", "F0", "F99", "Shift-1", "jj"] {
            assert!(bad.parse::<Key>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn display_round_trips() {
        for name in ["j", "G", "Ctrl-f", "Alt-x", "Space", "PageDown", "Shift-Tab", "F12", "Enter", "Esc", "}"] {
            let k = key(name);
            assert_eq!(k.to_string().parse::<Key>(), Ok(k), "{name}");
        }
    }
}
