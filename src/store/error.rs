//! What can go wrong: the caller's mistakes ([`MarkError`], returned) and
//! file-system problems (`SyncError`, turned into notices and the warning).

use std::path::PathBuf;

use thiserror::Error;

use super::DATA_DIR_ENV;
use super::model::FormatError;

/// A request the store cannot carry out because the caller got something
/// wrong (never because of the file system: those become notices).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MarkError {
    /// The [`Marks`](super::Marks) passed belong to another document.
    #[error("these marks belong to another document")]
    WrongDocument,
    /// The paragraph index is past the end of the document.
    #[error("there is no paragraph {} (the document has {count})", .paragraph + 1)]
    NoSuchParagraph {
        /// The 0-based index asked for.
        paragraph: usize,
        /// How many paragraphs there are.
        count: usize,
    },
    /// The range is empty, past the paragraph's end or not on character boundaries.
    #[error("{start}..{end} is not a range of text in paragraph {}", .paragraph + 1)]
    BadRange {
        /// The 0-based paragraph index.
        paragraph: usize,
        /// Range start.
        start: usize,
        /// Range end.
        end: usize,
    },
    /// The mark is not in the [`Marks`](super::Marks) passed.
    #[error("no such mark")]
    NoSuchMark,
}

/// Why a save (or a read) did not happen; becomes a notice and the warning.
#[derive(Debug, Error)]
pub(crate) enum SyncError {
    #[error("no data directory could be determined (set {DATA_DIR_ENV})")]
    NoDir,
    #[error("cannot use {}: {source}", .dir.display())]
    Dir { dir: PathBuf, source: std::io::Error },
    #[error("cannot lock {}: {source}", .path.display())]
    Lock { path: PathBuf, source: std::io::Error },
    #[error("cannot read {}: {source}", .path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{} is unreadable ({reason}) and could not be set aside: {source}", .path.display())]
    Aside { path: PathBuf, reason: FormatError, source: std::io::Error },
    #[error("{} is unreadable ({reason})", .path.display())]
    Unreadable { path: PathBuf, reason: FormatError },
    #[error("{} was written by a newer emaki (schema {version})", .path.display())]
    Newer { path: PathBuf, version: u64 },
    #[error("cannot encode the store: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: std::io::Error },
}
