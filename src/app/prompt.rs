//! A one-line text editor for prompts (search, go to, bookmark notes).
//!
//! Text from a Japanese input method arrives as ordinary characters, often
//! several at once (a committed phrase) or as a bracketed paste; the cursor
//! moves by grapheme cluster so it never lands inside one.

use unicode_segmentation::UnicodeSegmentation;

use super::key::{Key, KeyCode};

/// The text being typed and the cursor in it (a byte offset on a cluster
/// boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
}

impl LineEditor {
    /// An editor holding `text`, cursor at the end.
    pub fn with_text(text: &str) -> Self {
        LineEditor { text: text.to_owned(), cursor: text.len() }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor's byte offset.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Insert typed or pasted text at the cursor. Line ends and other control
    /// characters in pasted text become spaces: a prompt is one line.
    pub fn insert(&mut self, text: &str) {
        let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    /// Delete the cluster before the cursor.
    pub fn backspace(&mut self) {
        let start = self.prev_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Delete the cluster under the cursor.
    pub fn delete(&mut self) {
        let end = self.next_boundary();
        self.text.replace_range(self.cursor..end, "");
    }

    /// Delete from the start of the line to the cursor (`Ctrl-u`).
    pub fn clear_to_start(&mut self) {
        self.text.replace_range(..self.cursor, "");
        self.cursor = 0;
    }

    /// Delete the word before the cursor (`Ctrl-w`): trailing spaces, then
    /// everything back to the previous space. Japanese has no spaces, so in
    /// Japanese text this deletes back to the previous space or the start.
    pub fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches([' ', '\u{3000}']);
        let start =
            trimmed.rfind([' ', '\u{3000}']).map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Apply an editing key: a character, Backspace, Delete, Left, Right,
    /// Home, End, `Ctrl-u`, `Ctrl-w`, `Ctrl-a`, `Ctrl-e`. Returns whether
    /// `key` was one (other keys are the caller's).
    pub fn edit(&mut self, key: Key) -> bool {
        match key.code {
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            KeyCode::Char('u') if key.ctrl => self.clear_to_start(),
            KeyCode::Char('w') if key.ctrl => self.delete_word(),
            KeyCode::Char('a') if key.ctrl => self.home(),
            KeyCode::Char('e') if key.ctrl => self.end(),
            KeyCode::Char(c) if !key.ctrl && !key.alt => self.insert(c.encode_utf8(&mut [0; 4])),
            _ => return false,
        }
        true
    }

    /// Move the cursor one cluster left.
    pub fn left(&mut self) {
        self.cursor = self.prev_boundary();
    }

    /// Move the cursor one cluster right.
    pub fn right(&mut self) {
        self.cursor = self.next_boundary();
    }

    /// Move the cursor to the start.
    pub fn home(&mut self) {
        self.cursor = 0;
    }

    /// Move the cursor to the end.
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor].grapheme_indices(true).next_back().map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..].graphemes(true).next().map_or(self.cursor, |g| self.cursor + g.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_editing_japanese_moves_by_cluster() {
        let mut e = LineEditor::default();
        e.insert("一帯");
        e.insert("一路");
        assert_eq!(e.text(), "一帯一路");
        e.left();
        e.left();
        e.insert("・");
        assert_eq!(e.text(), "一帯・一路");
        e.backspace();
        e.backspace();
        assert_eq!(e.text(), "一一路");
        e.right();
        e.delete();
        assert_eq!(e.text(), "一一");
    }

    #[test]
    fn combining_marks_are_never_split() {
        let mut e = LineEditor::with_text("か\u{3099}");
        e.left();
        assert_eq!(e.cursor(), 0);
        e.end();
        e.backspace();
        assert_eq!(e.text(), "");
    }

    #[test]
    fn ctrl_u_and_ctrl_w() {
        let mut e = LineEditor::with_text("foo bar  baz");
        e.delete_word();
        assert_eq!(e.text(), "foo bar  ");
        e.delete_word();
        assert_eq!(e.text(), "foo ");
        e.insert("習近平");
        e.left();
        e.clear_to_start();
        assert_eq!(e.text(), "平");
    }

    #[test]
    fn pasted_line_ends_become_spaces() {
        let mut e = LineEditor::default();
        e.insert("SCO\n運命共同体\t");
        assert_eq!(e.text(), "SCO 運命共同体 ");
    }
}
