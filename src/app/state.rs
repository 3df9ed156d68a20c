//! The small types of the reader's state: modes, messages, effects, mouse
//! events and the range tables the UI draws from.

use std::ops::Range;
use std::path::PathBuf;

use super::prompt::LineEditor;
use super::{library, quotes, search};
use crate::store::MarkId;

/// Where the document came from, for display and for the store.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Display name (file name, `(stdin)`, or the embedded article's name).
    pub name: String,
    /// Canonical path of a file, when the document came from one.
    pub path: Option<PathBuf>,
}

/// How important a status message is (ordered: `Info` < `Warning` < `Error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Confirmation of an action.
    Info,
    /// Something the reader should know (encoding guessed, store in memory).
    Warning,
    /// Something failed.
    Error,
}

/// A short message in the status line, kept until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Its importance (decides the style).
    pub severity: Severity,
}

/// What a prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Go to a paragraph number or a percentage.
    Goto,
    /// Go to a percentage (a bare number is one).
    Percent,
    /// Search; `Esc` returns to `origin`.
    Search {
        /// Where the search started.
        origin: search::Origin,
    },
    /// Edit the note of a bookmark or highlight, then go back.
    Note {
        /// The mark.
        id: MarkId,
        /// Where to go afterwards.
        back_to: NoteReturn,
    },
}

impl PromptKind {
    /// The label shown before the text.
    pub fn label(&self) -> &'static str {
        match self {
            PromptKind::Goto => "go to (N or N%): ",
            PromptKind::Percent => "go to %: ",
            PromptKind::Note { .. } => "note: ",
            PromptKind::Search { .. } => "/",
        }
    }
}

/// Where the note prompt returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteReturn {
    /// Reading.
    Reading,
    /// The bookmark list, at this row.
    Bookmarks(usize),
    /// The highlight list, at this row.
    Highlights(usize),
}

/// The selected quote: where it is and who said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedQuote {
    /// Paragraph index.
    pub paragraph: usize,
    /// The quoted text (without brackets), bytes in the paragraph.
    pub inner: std::ops::Range<usize>,
    /// The quote with its brackets.
    pub outer: std::ops::Range<usize>,
    /// Who said it, when the text says so.
    pub speaker: Option<String>,
}

/// What has the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Reading: keys go through the keymap.
    Normal,
    /// The help overlay, scrolled by `scroll` rows.
    Help {
        /// First help row shown.
        scroll: usize,
    },
    /// The bookmark list, with the selected row.
    Bookmarks {
        /// Selected row.
        selected: usize,
    },
    /// The highlight list, with the selected row.
    Highlights {
        /// Selected row.
        selected: usize,
    },
    /// The quote list.
    Quotes(Box<quotes::QuoteList>),
    /// The library: every document in the store.
    Library(Box<library::LibraryList>),
    /// A one-line prompt in the status line.
    Prompt {
        /// What the prompt is for.
        kind: PromptKind,
        /// The text typed so far.
        editor: LineEditor,
    },
}

/// Something the shell around the app must do (the app cannot: it has no
/// terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Stop the process until `fg` (restore the terminal first).
    Suspend,
    /// Clear and redraw the whole screen.
    Redraw,
    /// Run this search on a worker; report with [`App::search_progress`] and
    /// [`App::search_finished`].
    Search(Box<search::SearchJob>),
    /// Open this file (`None`: the built-in article) instead of the open
    /// document, as `emaki PATH` would, and hand it to
    /// [`App::open_document`](super::App::open_document) (or
    /// [`App::open_document_head`](super::App::open_document_head), then
    /// [`App::finish_loading`](super::App::finish_loading));
    /// [`App::open_failed`](super::App::open_failed) when it cannot be read.
    Open(Option<PathBuf>),
}

/// A mouse event in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    /// Wheel up at a position.
    ScrollUp,
    /// Wheel down at a position.
    ScrollDown,
    /// Left button pressed at column, row.
    Click(u16, u16),
    /// Moved with the left button down, to column, row.
    Drag(u16, u16),
}

/// Byte-range tables over one visible paragraph, merged by the UI when it
/// draws the paragraph's lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decorations {
    /// Paragraph index.
    pub paragraph: usize,
    /// Quoted spans, brackets included.
    pub quotes: Vec<Range<usize>>,
    /// Highlighted spans.
    pub highlights: Vec<Range<usize>>,
    /// Search matches.
    pub matches: Vec<Range<usize>>,
    /// The match `n`/`N` last went to, if it is in this paragraph.
    pub current_match: Option<Range<usize>>,
    /// The selected quote, if it is in this paragraph.
    pub selected: Option<Range<usize>>,
    /// The paragraph is bookmarked.
    pub bookmarked: bool,
}

/// Rows the wheel scrolls per notch.
pub const WHEEL_ROWS: isize = 3;

/// Options that come from the command line and environment, not the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presentation {
    /// Use colours (false when `NO_COLOR` is set).
    pub color: bool,
}
