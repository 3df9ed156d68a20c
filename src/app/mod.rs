//! Reader state and the actions that change it.
//!
//! PLACEHOLDER: comes with the reader issue.
