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
use crate::engine::document::{Document, DocumentError, MAX_PARAGRAPH_BYTES};
use crate::engine::formats::aozora::UnknownAnnotation;

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

/// How to read the input: the command line's input options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputOptions {
    /// `--encoding NAME`: an encoding label; detected when `None`.
    pub encoding: Option<String>,
    /// `--binary`: open input that looks binary too, control bytes shown
    /// inert (as `less -f`).
    pub binary: bool,
    /// `--join` / `--no-join` (see [`decode::DecodeOptions::join`]).
    pub join: Option<bool>,
}

impl InputOptions {
    /// Detect the encoding, refuse binary input.
    pub fn with_encoding(encoding: Option<&str>) -> Self {
        InputOptions { encoding: encoding.map(str::to_owned), binary: false, join: None }
    }

    /// The options for [`decode`], the encoding label resolved.
    pub fn decode_options(&self) -> Result<decode::DecodeOptions> {
        let forced = self
            .encoding
            .as_deref()
            .map(|label| decode::encoding_for_label(label).map_err(|e| anyhow!("--encoding: {e}")))
            .transpose()?;
        Ok(decode::DecodeOptions { forced, binary: self.binary, join: self.join })
    }
}

/// Whether standard input holds something to read when no PATH is given:
/// a pipe, a regular file or a socket (`echo テスト | emaki`, `emaki <
/// a.txt`), as `less` and `bat` read it. Not a terminal, and not `/dev/null`
/// or another device: then emaki opens the built-in article.
pub fn stdin_is_input() -> bool {
    use std::io::IsTerminal as _;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsFd as _;
        use std::os::unix::fs::FileTypeExt as _;
        // A closed standard input has no file to ask about.
        let Ok(fd) = stdin.as_fd().try_clone_to_owned() else { return false };
        let Ok(metadata) = std::fs::File::from(fd).metadata() else { return false };
        let kind = metadata.file_type();
        kind.is_file() || kind.is_fifo() || kind.is_socket()
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// The input to read: `path` when given, else standard input when it holds
/// something ([`stdin_is_input`]), else `None` (the built-in article).
pub fn input_path(path: Option<&Path>) -> Option<&Path> {
    path.or_else(|| stdin_is_input().then(|| Path::new("-")))
}

/// Load the document at `path` (`-` is standard input; `None` the built-in
/// article), read as `options` say.
pub fn load(path: Option<&Path>, options: &InputOptions) -> Result<LoadedDocument> {
    load_with_progress(path, options, &mut |_, _| {})
}

/// [`load`], reporting `(done, total)` while a file is read and decoded:
/// reading counts for the first half, decoding for the second (decoding
/// UTF-8 is near instant, a legacy encoding is not).
pub fn load_with_progress(
    path: Option<&Path>,
    options: &InputOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<LoadedDocument> {
    let decode_options = options.decode_options()?;
    let Some(path) = path else {
        if options.encoding.is_some() {
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
        return from_bytes(bytes, STDIN_NAME.to_owned(), None, decode_options);
    }
    let name = path.display().to_string();
    let bytes = read_file(path, &name, progress)?;
    let canonical = std::fs::canonicalize(path).ok();
    let total = bytes.len() as u64;
    if is_book(&bytes) {
        // Reading counts for the first half, the chapters for the second.
        let mut chapters = |done: u64, all: u64| progress(total + total * done / all.max(1), 2 * total);
        return load_epub(bytes, name, canonical, &mut chapters);
    }
    let mut decoding = |done: usize, _: usize| progress(total + done as u64, 2 * total);
    let shown_anyway = check_kind(&bytes, decode_options);
    let plan = decode::plan(&bytes, decode_options).map_err(|e| anyhow!("{name}: {e}"))?;
    if plan == decode::Plan::Utf8 {
        let decoded = decode::decode_with_progress(bytes, decode_options, &mut decoding);
        let decoded = decoded.map_err(|e| anyhow!("{name}: {e}"))?;
        return into_document(decoded, name, canonical, shown_anyway, decode_options.join);
    }
    // Anything to decode is decoded from the file again, piece by piece,
    // after its bytes are let go: the bytes and the text are never in memory
    // together (100 MB of Shift_JIS is about 150 MB of text).
    drop(bytes);
    let error = |e: std::io::Error| anyhow!("{name}: {}", describe(&e));
    let file = std::io::BufReader::new(std::fs::File::open(path).map_err(error)?);
    let decoded = decode::decode_planned(file, plan, total as usize, decode_options, &mut decoding)
        .map_err(error)?
        .map_err(|e| anyhow!("{name}: {e}"))?;
    into_document(decoded, name, canonical, shown_anyway, decode_options.join)
}

/// Input that looks binary but is opened with `--binary` gets a notice,
/// returned here.
fn check_kind(bytes: &[u8], options: decode::DecodeOptions) -> Option<String> {
    if !options.binary {
        return None;
    }
    decode::binary_reason(bytes).map(|reason| format!("not a text file ({reason}); shown anyway (--binary)"))
}

/// Whether `bytes` are an EPUB book (by content: a zip archive holding an
/// EPUB package), to be read by the EPUB reader rather than decoded as
/// text. `--binary` does not change that: a book is read as a book.
fn is_book(bytes: &[u8]) -> bool {
    crate::engine::formats::epub::is_epub(bytes)
}

/// Read an EPUB book whole, reporting `(done, total)` spine items.
pub fn load_epub(
    bytes: Vec<u8>,
    name: String,
    path: Option<PathBuf>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<LoadedDocument> {
    use crate::engine::formats::epub::{Epub, Limits};
    let book = Epub::open(bytes, Limits::default()).map_err(|e| anyhow!("{name}: {e}"))?;
    let (doc, mut notices) = book.document(progress).map_err(|e| anyhow!("{name}: {e}"))?;
    if doc.is_empty() && !notices.is_empty() {
        // Nothing of it could be read: that is an error, not an empty book.
        bail!("{name}: no readable text ({})", notices.join("; "));
    }
    if doc.is_empty() {
        notices.push("the book has no text".to_owned());
    }
    Ok(LoadedDocument { doc, name, path, notices, unknown_annotations: Vec::new() })
}

/// The first stage of opening an EPUB book: its first spine items with
/// text, whose paragraphs are the first paragraphs of the whole book.
fn load_epub_head(bytes: Vec<u8>, name: String, path: Option<PathBuf>) -> Result<LoadedDocument> {
    use crate::engine::formats::epub::{Epub, Limits};
    let book = Epub::open(bytes, Limits::default()).map_err(|e| anyhow!("{name}: {e}"))?;
    let doc = book.head().map_err(|e| anyhow!("{name}: {e}"))?;
    Ok(LoadedDocument { doc, name, path, notices: Vec::new(), unknown_annotations: Vec::new() })
}

/// EPUB books at least this large (compressed) open in two stages: the
/// first chapter at once, the whole book on a worker.
pub const STAGED_EPUB_BYTES: u64 = 1 << 20;

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
pub fn load_head(path: &Path, options: &InputOptions) -> Result<Option<(LoadedDocument, u64)>> {
    use std::io::Read as _;
    if path.as_os_str() == "-" {
        return Ok(None);
    }
    let name = path.display().to_string();
    let decode_options = options.decode_options()?;
    let forced = decode_options.forced;
    let size = check_file(path, &name)?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut file = std::fs::File::open(path).map_err(|e| anyhow!("{name}: {}", describe(&e)))?;
    let error = |e: std::io::Error| anyhow!("{name}: {}", describe(&e));
    if size >= STAGED_EPUB_BYTES {
        // A book's first chapter needs the whole archive (its directory is
        // at the end); reading it costs milliseconds, inflating it all not.
        let mut magic = [0u8; 4];
        if (&mut file).take(4).read(&mut magic).map_err(error)? == 4 && magic == *b"PK\x03\x04" {
            let bytes = read_file(path, &name, &mut |_, _| {})?;
            if is_book(&bytes) {
                let canonical = std::fs::canonicalize(path).ok();
                return Ok(Some((load_epub_head(bytes, name, canonical)?, size)));
            }
        }
        use std::io::Seek as _;
        file.rewind().map_err(error)?;
    }
    if size < STAGED_LOAD_BYTES {
        return Ok(None);
    }
    (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head).map_err(error)?;
    let utf16 = matches!(encoding_rs::Encoding::for_bom(&head), Some((enc, _)) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE)
        || forced.is_some_and(|enc| enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE);
    if utf16 {
        return Ok(None);
    }
    let canonical = std::fs::canonicalize(path).ok();
    if let Some(last_line_feed) = memchr::memrchr(b'\n', &head) {
        head.truncate(last_line_feed + 1);
        return Ok(Some((from_bytes(head, name, canonical, decode_options)?, size)));
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
    let mut loaded = from_bytes(head, name, canonical, decode_options)?;
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

/// Decode `bytes` read from `name` into a document, as `options` say.
pub fn from_bytes(
    bytes: Vec<u8>,
    name: String,
    path: Option<PathBuf>,
    options: decode::DecodeOptions,
) -> Result<LoadedDocument> {
    if is_book(&bytes) {
        return load_epub(bytes, name, path, &mut |_, _| {});
    }
    let shown_anyway = check_kind(&bytes, options);
    let decoded = decode::decode_with_progress(bytes, options, &mut |_, _| {}).map_err(|e| anyhow!("{name}: {e}"))?;
    into_document(decoded, name, path, shown_anyway, options.join)
}

/// The document of `decoded` text, with what to tell the user about it
/// (`shown_anyway`: the notice for binary input opened with `--binary`).
fn into_document(
    decoded: decode::Decoded,
    name: String,
    path: Option<PathBuf>,
    shown_anyway: Option<String>,
    join: Option<bool>,
) -> Result<LoadedDocument> {
    let mut notices: Vec<String> = shown_anyway.into_iter().collect();
    if let Some(encoding) = decoded.encoding {
        let how = match decoded.source {
            EncodingSource::ByteOrderMark => "byte order mark",
            EncodingSource::Forced => "--encoding",
            EncodingSource::Detected | EncodingSource::Utf8 => "detected",
        };
        notices.push(format!("read as {encoding} ({how})"));
    }
    notices.extend(decoded.warnings);
    let (doc, unknown) = document_with(decoded.text, join).map_err(|e| anyhow!("{name}: {e}"))?;
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
/// plain text, its hard-wrapped lines joined when it is hard-wrapped. Also
/// gives the Aozora annotations that were not understood.
pub fn document_of(text: String) -> Result<(Document, Vec<UnknownAnnotation>), DocumentError> {
    document_with(text, None)
}

/// [`document_of`], hard-wrapped lines joined (`Some(true)`), kept
/// (`Some(false)`) or joined when detected (`None`).
pub fn document_with(text: String, join: Option<bool>) -> Result<(Document, Vec<UnknownAnnotation>), DocumentError> {
    use crate::engine::formats::{aozora, wrapped};
    if aozora::is_aozora(&text) {
        let text = match crate::engine::sanitize::sanitize(&text) {
            std::borrow::Cow::Owned(clean) => clean,
            std::borrow::Cow::Borrowed(_) => text,
        };
        let parsed = aozora::parse(text)?;
        return Ok((parsed.doc, parsed.unknown));
    }
    let wrap = match join {
        Some(false) => None,
        // Asked to join: at the detected width, or else the widest line's.
        Some(true) => wrapped::wrap_width(&text).or_else(|| wrapped::widest_line(&text)),
        None => wrapped::wrap_width(&text),
    };
    let text = match wrap {
        Some(wrap) => wrapped::join(&text, wrap),
        None => text,
    };
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

/// Read a small UTF-8 file the user named (scene rules, speakers), with
/// one-line errors naming it.
pub fn read_text_file(path: &Path) -> Result<String> {
    let name = path.display();
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => anyhow!("{name}: no such file"),
        ErrorKind::InvalidData => anyhow!("{name}: not UTF-8 text"),
        _ if path.is_dir() => anyhow!("{name}: is a directory, not a file"),
        _ => anyhow!("{name}: cannot read: {e}"),
    })
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
        let loaded = load(None, &InputOptions::default()).unwrap();
        assert_eq!(loaded.name, crate::EMBEDDED_ARTICLE_NAME);
        assert_eq!(loaded.doc.paragraph_count(), 15);
        assert!(loaded.notices.is_empty());
        assert!(load(None, &InputOptions::with_encoding(Some("sjis"))).unwrap_err().to_string().contains("--encoding"));
    }

    #[test]
    fn errors_name_the_file_on_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.txt");
        let plain = InputOptions::default();
        let err = load(Some(&missing), &plain).unwrap_err().to_string();
        assert_eq!(err, format!("{}: no such file", missing.display()));
        let err = load(Some(dir.path()), &plain).unwrap_err().to_string();
        assert!(err.ends_with(": is a directory, not a file"), "{err}");
        let err = load(Some(&missing), &InputOptions::with_encoding(Some("nope"))).unwrap_err().to_string();
        assert!(err.starts_with("--encoding: unknown encoding 'nope'"), "{err}");
    }

    #[test]
    fn notices_say_the_encoding_and_the_damage() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("歓迎式典の後、両首脳は小規模な会談を行った。\n");
        let detect = decode::DecodeOptions::default();
        let loaded = from_bytes(sjis.into_owned(), "a.txt".into(), None, detect).unwrap();
        assert_eq!(loaded.notices, ["read as Shift_JIS (detected)"]);
        let loaded = from_bytes(b"\xef\xbb\xbf".to_vec(), "b.txt".into(), None, detect).unwrap();
        assert_eq!(loaded.notices, ["the document is empty"]);
        let err = from_bytes(b"\x00\x01".to_vec(), "c.bin".into(), None, detect).unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.bin: not a text file (2 of its 2 bytes are control bytes; --binary opens it anyway)"
        );
        let binary = decode::DecodeOptions { binary: true, ..detect };
        let loaded = from_bytes(b"\x00\x01".to_vec(), "c.bin".into(), None, binary).unwrap();
        assert_eq!(loaded.doc.paragraph(0), "␀␁");
        assert_eq!(loaded.notices, ["not a text file (2 of its 2 bytes are control bytes); shown anyway (--binary)"]);
    }

    #[test]
    fn an_epub_is_not_called_binary() {
        let mut epub = b"PK\x03\x04\x14\x00\x00\x00\x00\x00".to_vec();
        epub.extend_from_slice(&[0; 16]);
        epub.extend_from_slice(&8u16.to_le_bytes());
        epub.extend_from_slice(&0u16.to_le_bytes());
        epub.extend_from_slice(b"mimetypeapplication/epub+zipPK\x03\x04\x14\x00\x08\x00\x08\x00\x00\x00\x00\x00");
        // Only a first entry: it goes to the EPUB reader, which finds the
        // archive cut short, rather than to the text decoder.
        let err = from_bytes(epub, "book.epub".into(), None, decode::DecodeOptions::default()).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("book.epub: ") && !message.contains("not a text file"), "{message}");
        assert!(!message.contains('\n'), "{message}");
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
        let plain = InputOptions::default();
        let (head, size) = load_head(&file, &plain).unwrap().expect("a large file opens in two stages");
        assert_eq!(size, text.len() as u64);
        let whole = load(Some(&file), &plain).unwrap();
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
