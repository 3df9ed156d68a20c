//! EPUB 2 and 3 books: the spine's XHTML read into the reading text and its
//! side tables, the navigation document into the table of contents.
