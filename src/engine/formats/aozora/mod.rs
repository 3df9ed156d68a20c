//! Aozora Bunko (青空文庫) texts: ruby, annotations and missing glyphs read
//! into the reading text and its side tables.
