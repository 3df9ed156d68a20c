//! Loading the document to read: a file, standard input, or the built-in
//! article.
//!
//! Every failure is one line naming what was being read (`notes.txt: no such
//! file`), so headless commands can print it after `emaki: ` and the reader
//! can show it in its status line.

use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};

use crate::engine::decode::{self, EncodingSource};
use crate::engine::document::{Document, MAX_PARAGRAPH_BYTES};

/// The display name of standard input.
pub const STDIN_NAME: &str = "(standard input)";

/// A document ready to read, with what the user should be told about it.
#[derive(Debug)]
pub struct LoadedDocument {
    /// The document.
    pub doc: Document,
    /// What to call it: the path as given, [`STDIN_NAME`], or
    /// [`crate::EMBEDDED_ARTICLE_NAME`].
    pub name: String,
    /// The canonical path, for files (the key of per-file state).
    pub path: Option<PathBuf>,
    /// Things to tell the user, one line each: the encoding when it was not
    /// UTF-8, replaced bytes, an empty document.
    pub notices: Vec<String>,
    /// Aozora annotations the reader did not understand and left out
    /// (`--annotations` lists them).
    pub unknown_annotations: Vec<crate::engine::formats::aozora::UnknownAnnotation>,
}

impl LoadedDocument {
    /// The path the store records for this document: the canonical path of
    /// a file, or the embedded article's name (so its marks carry over when a
    /// later release ships a corrected text); `None` for standard input.
    pub fn store_path(&self) -> Option<PathBuf> {
        match &self.path {
            Some(p) => Some(p.clone()),
            None if self.name == crate::EMBEDDED_ARTICLE_NAME => Some(PathBuf::from(crate::EMBEDDED_ARTICLE_NAME)),
            None => None,
        }
    }
}

/// Load the document at `path` (`-` is standard input; `None` the built-in
/// article), decoded as `encoding` when given (an encoding label), else
/// detected.
pub fn load(path: Option<&Path>, encoding: Option<&str>) -> Result<LoadedDocument> {
    load_with_progress(path, encoding, &mut |_, _| {})
}

/// [`load`], reporting `(done, total)` while a file is read and decoded:
/// reading counts for the first half, decoding for the second (decoding
/// UTF-8 is near instant, a legacy encoding is not).
pub fn load_with_progress(
    path: Option<&Path>,
    encoding: Option<&str>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<LoadedDocument> {
    let forced =
        encoding.map(|label| decode::encoding_for_label(label).map_err(|e| anyhow!("--encoding: {e}"))).transpose()?;
    let Some(path) = path else {
        if encoding.is_some() {
            bail!("--encoding needs a PATH: the built-in article is UTF-8");
        }
        let doc = Document::from_text(crate::EMBEDDED_ARTICLE)?;
        return Ok(LoadedDocument {
            doc,
            name: crate::EMBEDDED_ARTICLE_NAME.to_owned(),
            path: None,
            notices: Vec::new(),
            unknown_annotations: Vec::new(),
        });
    };
    if path.as_os_str() == "-" {
        use std::io::IsTerminal as _;
        if std::io::stdin().is_terminal() {
            bail!("{STDIN_NAME} is a terminal: pipe a text into `emaki -`, or give a PATH");
        }
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| anyhow!("{STDIN_NAME}: cannot read: {}", describe(&e)))?;
        return from_bytes(bytes, STDIN_NAME.to_owned(), None, forced);
    }
    let name = path.display().to_string();
    let bytes = read_file(path, &name, progress)?;
    let canonical = std::fs::canonicalize(path).ok();
    let total = bytes.len() as u64;
    let mut decoding = |done: usize, _: usize| progress(total + done as u64, 2 * total);
    let plan = decode::plan(&bytes, forced).map_err(|e| anyhow!("{name}: {e}"))?;
    if plan == decode::Plan::Utf8 {
        return from_bytes_with_progress(bytes, name, canonical, forced, &mut decoding);
    }
    // Anything to decode is decoded from the file again, piece by piece,
    // after its bytes are let go: the bytes and the text are never in memory
    // together (100 MB of Shift_JIS is about 150 MB of text).
    drop(bytes);
    let error = |e: std::io::Error| anyhow!("{name}: {}", describe(&e));
    let file = std::io::BufReader::new(std::fs::File::open(path).map_err(error)?);
    let decoded = decode::decode_planned(file, plan, total as usize, forced, &mut decoding)
        .map_err(error)?
        .map_err(|e| anyhow!("{name}: {e}"))?;
    into_document(decoded, name, canonical)
}

/// Files at least this large open in two stages (see [`load_head`]).
pub const STAGED_LOAD_BYTES: u64 = 4 << 20;

/// How much of a large file the first stage reads.
pub const HEAD_BYTES: usize = 256 << 10;

/// The first stage of opening a large file: its first lines, as a document
/// to draw the first screen from while the whole file is read on a worker
/// (with [`load`]). `None` when the file is small, is standard input or the
/// built-in article, is UTF-16 (whose line ends are not single bytes), or has
/// no line end in its head — then [`load`] alone is the way.
///
/// The head ends at the last line feed within [`HEAD_BYTES`], so its
/// paragraphs are exactly the first paragraphs of the whole document (the
/// caller checks, in case the whole file decodes differently). Errors about
/// the file itself (missing, a directory, unreadable) come out here already.
pub fn load_head(path: &Path, encoding: Option<&str>) -> Result<Option<(LoadedDocument, u64)>> {
    use std::io::Read as _;
    if path.as_os_str() == "-" {
        return Ok(None);
    }
    let name = path.display().to_string();
    let forced =
        encoding.map(|label| decode::encoding_for_label(label).map_err(|e| anyhow!("--encoding: {e}"))).transpose()?;
    let size = check_file(path, &name)?;
    if size < STAGED_LOAD_BYTES {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut file = std::fs::File::open(path).map_err(|e| anyhow!("{name}: {}", describe(&e)))?;
    let error = |e: std::io::Error| anyhow!("{name}: {}", describe(&e));
    (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head).map_err(error)?;
    let utf16 = matches!(encoding_rs::Encoding::for_bom(&head), Some((enc, _)) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE)
        || forced.is_some_and(|enc| enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE);
    if utf16 {
        return Ok(None);
    }
    let canonical = std::fs::canonicalize(path).ok();
    if let Some(last_line_feed) = memchr::memrchr(b'\n', &head) {
        head.truncate(last_line_feed + 1);
        return Ok(Some((from_bytes(head, name, canonical, forced)?, size)));
    }
    // One line longer than the head (a log without line ends, a book on one
    // line): it is cut into pieces of at most MAX_PARAGRAPH_BYTES, each cut
    // decided by the bytes before it. Read enough for a whole piece and
    // keep the whole ones; UTF-8 only (a legacy encoding has no safe place
    // to cut but a line end).
    if forced.is_some_and(|enc| enc != encoding_rs::UTF_8) {
        return Ok(None);
    }
    (&mut file).take((LONG_LINE_HEAD - HEAD_BYTES) as u64).read_to_end(&mut head).map_err(error)?;
    let valid = match simdutf8::compat::from_utf8(&head) {
        Ok(_) => head.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(), // a character cut by the end
        Err(_) => return Ok(None),
    };
    head.truncate(valid);
    let mut loaded = from_bytes(head, name, canonical, forced)?;
    let count = loaded.doc.paragraph_count();
    if count < 2 {
        return Ok(None);
    }
    // The last piece may be cut short by the end of the head: drop it.
    loaded.doc.keep_paragraphs(count - 1);
    Ok(Some((loaded, size)))
}

/// How much of a file made of one very long line the first stage reads:
/// enough for one whole piece of it (see [`MAX_PARAGRAPH_BYTES`]).
const LONG_LINE_HEAD: usize = MAX_PARAGRAPH_BYTES * 2 + (64 << 10);

/// Decode `bytes` read from `name` into a document.
pub fn from_bytes(
    bytes: Vec<u8>,
    name: String,
    path: Option<PathBuf>,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<LoadedDocument> {
    from_bytes_with_progress(bytes, name, path, forced, &mut |_, _| {})
}

fn from_bytes_with_progress(
    bytes: Vec<u8>,
    name: String,
    path: Option<PathBuf>,
    forced: Option<&'static encoding_rs::Encoding>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<LoadedDocument> {
    let decoded = decode::decode_with_progress(bytes, forced, progress).map_err(|e| anyhow!("{name}: {e}"))?;
    into_document(decoded, name, path)
}

/// The document of `decoded` text, with what to tell the user about it.
fn into_document(decoded: decode::Decoded, name: String, path: Option<PathBuf>) -> Result<LoadedDocument> {
    let mut notices = Vec::new();
    if let Some(encoding) = decoded.encoding {
        let how = match decoded.source {
            EncodingSource::ByteOrderMark => "byte order mark",
            EncodingSource::Forced => "--encoding",
            EncodingSource::Detected | EncodingSource::Utf8 => "detected",
        };
        notices.push(format!("read as {encoding} ({how})"));
    }
    notices.extend(decoded.warnings);
    let (doc, unknown) = document_of(decoded.text).map_err(|e| anyhow!("{name}: {e}"))?;
    if !unknown.is_empty() {
        let what = if unknown.len() == 1 { "annotation" } else { "annotations" };
        notices.push(format!("{} Aozora {what} not understood and left out (see --annotations)", unknown.len()));
    }
    if doc.is_empty() {
        notices.push("the document is empty".to_owned());
    }
    Ok(LoadedDocument { doc, name, path, notices, unknown_annotations: unknown })
}

/// The document of a decoded text in whichever text format it is: Aozora
/// Bunko notation is read (markup becomes side tables), anything else is
/// plain text. Also gives the Aozora annotations that were not understood.
pub fn document_of(
    text: String,
) -> Result<(Document, Vec<crate::engine::formats::aozora::UnknownAnnotation>), crate::engine::document::DocumentError>
{
    use crate::engine::formats::aozora;
    if aozora::is_aozora(&text) {
        let text = match crate::engine::sanitize::sanitize(&text) {
            std::borrow::Cow::Owned(clean) => clean,
            std::borrow::Cow::Borrowed(_) => text,
        };
        let parsed = aozora::parse(text)?;
        return Ok((parsed.doc, parsed.unknown));
    }
    Ok((Document::from_text(text)?, Vec::new()))
}

/// Read a whole file, with one-line errors for the usual failures.
fn read_file(path: &Path, name: &str, progress: &mut dyn FnMut(u64, u64)) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let size = check_file(path, name)?;
    let error = |e: std::io::Error| anyhow!("{name}: {}", describe(&e));
    let mut file = std::fs::File::open(path).map_err(error)?;
    // The size is a hint (the file may change); read to the end either way.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    loop {
        let before = bytes.len();
        let read = (&mut file).take(READ_PIECE).read_to_end(&mut bytes).map_err(error)?;
        progress(bytes.len() as u64, size.max(bytes.len() as u64));
        if read == 0 || bytes.len() == before {
            break;
        }
    }
    Ok(bytes)
}

/// How much of a file is read between progress reports.
const READ_PIECE: u64 = 8 << 20;

/// The file's size, after checking it is a file emaki can read.
fn check_file(path: &Path, name: &str) -> Result<u64> {
    let metadata = std::fs::metadata(path).map_err(|e| anyhow!("{name}: {}", describe(&e)))?;
    if metadata.is_dir() {
        bail!("{name}: is a directory, not a file");
    }
    if metadata.len() > u64::from(u32::MAX) {
        bail!("{name}: too large ({} bytes; emaki reads files of up to 4 GiB)", metadata.len());
    }
    Ok(metadata.len())
}

/// An I/O error in words, without the `(os error N)` noise for common cases.
pub fn describe(err: &std::io::Error) -> String {
    match err.kind() {
        ErrorKind::NotFound => "no such file".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "is a directory, not a file".into(),
        _ => format!("cannot read: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_path_is_the_built_in_article() {
        let loaded = load(None, None).unwrap();
        assert_eq!(loaded.name, crate::EMBEDDED_ARTICLE_NAME);
        assert_eq!(loaded.doc.paragraph_count(), 15);
        assert!(loaded.notices.is_empty());
        assert!(load(None, Some("sjis")).unwrap_err().to_string().contains("--encoding"));
    }

    #[test]
    fn errors_name_the_file_on_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.txt");
        let err = load(Some(&missing), None).unwrap_err().to_string();
        assert_eq!(err, format!("{}: no such file", missing.display()));
        let err = load(Some(dir.path()), None).unwrap_err().to_string();
        assert!(err.ends_with(": is a directory, not a file"), "{err}");
        let err = load(Some(&missing), Some("nope")).unwrap_err().to_string();
        assert!(err.starts_with("--encoding: unknown encoding 'nope'"), "{err}");
    }

    #[test]
    fn notices_say_the_encoding_and_the_damage() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("歓迎式典の後、両首脳は小規模な会談を行った。\n");
        let loaded = from_bytes(sjis.into_owned(), "a.txt".into(), None, None).unwrap();
        assert_eq!(loaded.notices, ["read as Shift_JIS (detected)"]);
        let loaded = from_bytes(b"\xef\xbb\xbf".to_vec(), "b.txt".into(), None, None).unwrap();
        assert_eq!(loaded.notices, ["the document is empty"]);
        let err = from_bytes(b"\x00\x01".to_vec(), "c.bin".into(), None, None).unwrap_err();
        assert_eq!(err.to_string(), "c.bin: not a text file (NUL byte at offset 0)");
    }
}

#[cfg(test)]
mod head_tests {
    use super::*;

    /// The head's paragraphs are exactly the first paragraphs of the whole.
    fn check_head(text: &str) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.txt");
        std::fs::write(&file, text).unwrap();
        let (head, size) = load_head(&file, None).unwrap().expect("a large file opens in two stages");
        assert_eq!(size, text.len() as u64);
        let whole = load(Some(&file), None).unwrap();
        assert!(head.doc.paragraph_count() >= 1);
        for p in 0..head.doc.paragraph_count() {
            assert!(head.doc.paragraph(p) == whole.doc.paragraph(p), "paragraph {p} differs");
            assert_eq!(head.doc.continues_line(p), whole.doc.continues_line(p), "paragraph {p}");
        }
    }

    #[test]
    fn the_head_of_a_file_of_lines_ends_at_a_line_end() {
        check_head(&"一行の文章です。\n".repeat(250_000));
    }

    #[test]
    fn the_head_of_a_file_that_is_one_long_line_keeps_whole_pieces() {
        check_head(&"改行のない長い文章が続く".repeat(200_000));
        check_head(&"no line ends at all ".repeat(300_000));
    }
}
