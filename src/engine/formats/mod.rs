//! Format readers: each turns one kind of file into the same
//! [`Document`](super::document::Document) — a reading text with side tables
//! (see [`super::document::rich`]) — so everything after loading is
//! format-neutral.
//!
//! - plain text: [`Document::from_text`](super::document::Document::from_text),
//!   hard-wrapped lines joined first ([`wrapped`]);
//! - [`aozora`]: Aozora Bunko texts, with ruby, annotations and missing glyphs;
//! - [`epub`]: EPUB 2 and 3 books.

pub mod aozora;
pub mod epub;
pub mod wrapped;
