//! The pure core of emaki: everything here works on plain strings and byte
//! ranges and never touches a terminal, a file system path or a clock.
//!
//! The shared convention: a paragraph is addressed by its 0-based index in the
//! [`document::Document`]; positions inside it are byte offsets into the
//! paragraph's text. Users see 1-based paragraph numbers, converted at the edge.

pub mod decode;
pub mod document;
pub mod formats;
pub mod layout;
pub mod quotes;
pub mod sanitize;
pub mod scenes;
pub mod search;
pub mod sentences;
pub mod speakers;
pub mod typeset;
pub mod vertical;
