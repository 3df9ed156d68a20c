//! Turning the bytes of a file into text.
//!
//! PLACEHOLDER: encodings, binary detection and warnings come with the
//! foundation issue; for now only UTF-8 is accepted.

use thiserror::Error;

/// Why bytes could not be read as text.
#[derive(Debug, Error)]
pub enum DecodeError {
    /// The bytes look like a binary file, not text.
    #[error("not a text file (binary content)")]
    Binary,
}

/// Decoded text and what the reader should know about how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding used, when it was not plain UTF-8.
    pub encoding: Option<&'static str>,
    /// Warnings to show (invalid bytes replaced, ...).
    pub warnings: Vec<String>,
}

/// Decode `bytes` as text.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: None,
            warnings: Vec::new(),
        }),
        Err(_) => Err(DecodeError::Binary),
    }
}
