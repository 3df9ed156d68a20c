//! Persistence of bookmarks, highlights and reading positions.
//!
//! PLACEHOLDER: comes with the bookmarks issue.
