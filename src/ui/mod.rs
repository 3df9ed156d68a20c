//! Drawing the reader state into a ratatui `Frame`.
//!
//! PLACEHOLDER: comes with the reader issue.
