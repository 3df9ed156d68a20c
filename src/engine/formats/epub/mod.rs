//! EPUB 2 and 3 books: the spine's XHTML read into the reading text and its
//! side tables, the navigation document (or NCX) into the table of contents.
//!
//! Pure: bytes in, [`Document`] out. The archive is read from memory; no
//! href, however written, reaches the file system, and nothing is ever
//! inflated past the [`Limits`].
//!
//! [`Epub::open`] reads only what the book says about itself (container,
//! package document, navigation, stylesheets, and the head of the first
//! documents for the writing mode); [`Epub::head`] converts the first
//! documents, for a first page shown at once; [`Epub::document`] the whole
//! book, one document at a time, each inflated when it is converted and let
//! go after.
//!
//! Decisions where the specifications leave a choice:
//! - **Reading order**: the spine's linear items, then its `linear="no"`
//!   items (notes, answers, pop-ups: reachable in no other way here), each on
//!   a page of its own; the navigation document itself is left out when it
//!   is not linear, as its list is the table of contents emaki shows.
//! - **Table of contents**: the EPUB 3 `nav epub:type="toc"`, else the NCX,
//!   flattened with levels kept; when neither points at anything in the
//!   reading order, the headings `h1`–`h3`; without headings, one entry per
//!   document (its `title`, else its first words).
//! - **Vertical writing**: a `writing-mode` (or `-epub-`, `-webkit-`)
//!   `vertical-*` that applies to `html` or `body`, in a stylesheet the
//!   first documents link (not as an alternate) or in their `style`.
//! - **Missing, corrupt or outside files** in the spine are skipped with a
//!   notice; a refused entry (too large, too compressed, encrypted) refuses
//!   the book.

mod archive;
mod css;
mod markup;
mod nav;
mod package;
mod xhtml;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use self::archive::{Archive, Budget, Outside, one_line};
use self::css::{Decl, Element, Stylesheet};
use self::markup::{Token, Tokenizer};
use self::nav::NavEntry;
use self::package::Package;
use crate::engine::document::builder::DocumentBuilder;
use crate::engine::document::rich::{Block, Format, Metadata, Style};
use crate::engine::document::{Document, short_title};

/// Whether `bytes` are an EPUB, by content: a zip archive whose `mimetype`
/// entry says `application/epub+zip` (or, for books made without one, that
/// has `META-INF/container.xml`). Cheap: for a well-made book only its first
/// bytes are looked at. Lets a caller tell an EPUB from a text whatever the
/// file is called.
pub fn is_epub(bytes: &[u8]) -> bool {
    const MIMETYPE: &[u8] = b"application/epub+zip";
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    // A well-made book: `mimetype` first, stored.
    let field = |at: usize| bytes.get(at..at + 2).map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])));
    if let (Some(method), Some(name_len), Some(extra_len)) = (field(8), field(26), field(28))
        && method == 0
        && bytes.get(30..30 + name_len) == Some(b"mimetype".as_slice())
    {
        let data = 30 + name_len + extra_len;
        if bytes.get(data..data + MIMETYPE.len()) == Some(MIMETYPE) {
            return true;
        }
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return false };
    let Some(index) = zip.index_for_name("mimetype") else {
        return zip.index_for_name("META-INF/container.xml").is_some();
    };
    let mut head = Vec::new();
    if let Ok(file) = zip.by_index(index) {
        use std::io::Read as _;
        let _ = file.take(64).read_to_end(&mut head);
    }
    head.trim_ascii() == MIMETYPE
}

/// Caps on what an archive may make emaki inflate, so a hostile file (a zip
/// bomb) is refused with a message instead of filling memory. The defaults
/// are far above any real book (草枕 inflates to 0.7 MB; a long novel's
/// largest document is a few MB) and far below what would hurt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries in the archive (default 10,000).
    pub max_entries: usize,
    /// Bytes one entry may inflate to (default 64 MiB).
    pub max_entry_bytes: u64,
    /// Bytes inflated in all by one open, head or document (default 1 GiB).
    pub max_total_bytes: u64,
    /// How many times its compressed size an entry may inflate to (default
    /// 100; text compresses 3–10 times). Entries of up to 1 MiB are not held
    /// to it.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_entries: 10_000, max_entry_bytes: 64 << 20, max_total_bytes: 1 << 30, max_ratio: 100 }
    }
}

/// Why a book cannot be read. Every message is one line, inert (paths from
/// the archive have their control characters replaced), ready to print
/// after the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EpubError {
    /// Not a zip archive at all.
    #[error("not an EPUB: not a zip archive")]
    NotZip,
    /// The zip directory cannot be read: a truncated download, a damaged file.
    #[error("the EPUB is truncated or corrupt: its zip directory cannot be read ({0})")]
    Corrupt(String),
    /// More entries than [`Limits::max_entries`].
    #[error("the EPUB has {count} files, more than the {limit} emaki reads")]
    TooManyEntries {
        /// Entries in the archive.
        count: usize,
        /// The cap.
        limit: usize,
    },
    /// An entry would inflate past [`Limits::max_entry_bytes`].
    #[error("{path}: inflates to more than {limit} bytes (a zip bomb?); the book is refused")]
    EntryTooLarge {
        /// The entry.
        path: String,
        /// The cap.
        limit: u64,
    },
    /// An entry is compressed more than [`Limits::max_ratio`] to one.
    #[error("{path}: compressed more than {ratio} to 1 (a zip bomb?); the book is refused")]
    Ratio {
        /// The entry.
        path: String,
        /// The cap.
        ratio: u64,
    },
    /// The book would inflate past [`Limits::max_total_bytes`].
    #[error("the book inflates to more than {limit} bytes in all (a zip bomb?); it is refused")]
    TotalTooLarge {
        /// The cap.
        limit: u64,
    },
    /// An entry's data inflates past the size its header declares.
    #[error("{path}: inflates past its declared {declared} bytes (corrupt, or a zip bomb)")]
    PastDeclaredSize {
        /// The entry.
        path: String,
        /// Its declared size.
        declared: u64,
    },
    /// An entry cannot be inflated (bad data, unsupported compression).
    #[error("{path}: cannot be read: {problem}")]
    Entry {
        /// The entry.
        path: String,
        /// What went wrong.
        problem: String,
    },
    /// The book's text is encrypted (`META-INF/encryption.xml` names content
    /// under an algorithm other than font obfuscation, or an entry is
    /// encrypted).
    #[error("the book is DRM-protected, cannot be read ({0})")]
    Drm(String),
    /// No package document can be found.
    #[error("no package document: {0}")]
    NoPackage(String),
    /// The package document has no reading order.
    #[error("{0}: the package document has no spine (no reading order)")]
    NoSpine(String),
    /// The converted text does not make a document (larger than 4 GiB).
    #[error("{0}")]
    Document(String),
}

impl EpubError {
    /// Whether the error refuses the whole book; others skip one document
    /// with a notice.
    fn is_fatal(&self) -> bool {
        !matches!(self, EpubError::PastDeclaredSize { .. } | EpubError::Entry { .. })
    }
}

/// The first paragraphs [`Epub::head`] gives at least (if the book has them).
const HEAD_PARAGRAPHS: usize = 60;
/// …or the first bytes of text.
const HEAD_BYTES: usize = 16 << 10;
/// How much of a document's start is read for its stylesheets at open.
const HEAD_SCAN_BYTES: u64 = 64 << 10;
/// How many of the first documents are looked at for the writing mode.
const WRITING_MODE_DOCUMENTS: usize = 3;

/// One document of the reading order.
#[derive(Debug, Clone)]
struct Part {
    /// Its entry path.
    path: String,
    /// Its entry in the archive.
    index: usize,
    /// An image (a spine item that is a picture): a `［図］` page.
    image: bool,
    /// In the spine's reading order (`linear="no"` items come last).
    linear: bool,
}

/// An opened EPUB: its package, navigation and stylesheets read, no
/// document converted yet.
#[derive(Debug)]
pub struct Epub {
    archive: Archive,
    metadata: Metadata,
    parts: Vec<Part>,
    nav: Vec<NavEntry>,
    /// Whether some entry of `nav` points into the reading order.
    nav_usable: bool,
    /// Fragment ids the table of contents points at, by entry path.
    wanted: HashMap<String, HashSet<String>>,
    sheets: HashMap<String, Arc<Stylesheet>>,
    /// Found while opening (missing or outside spine items).
    notices: Vec<String>,
}

impl Epub {
    /// Open a book: read its container, package document, navigation and
    /// stylesheets. Converts no document; fails only when the book cannot be
    /// read at all (not a zip, DRM, no package or spine, a refused entry).
    /// Give the bytes as an `Arc<[u8]>` to share them without a copy (a
    /// `Vec<u8>` is copied once into one).
    pub fn open(bytes: impl Into<Arc<[u8]>>, limits: Limits) -> Result<Epub, EpubError> {
        let archive = Archive::open(bytes.into(), limits)?;
        let mut budget = Budget::default();
        let read_text = |path: &str, budget: &mut Budget| -> Result<Option<String>, EpubError> {
            match archive.find(path) {
                Some(index) => Ok(Some(markup::decode(archive.read(index, path, None, budget)?))),
                None => Ok(None),
            }
        };
        if let Some(encryption) = read_text("META-INF/encryption.xml", &mut budget)?
            && let Some(what) = package::encrypted_content(&encryption)
        {
            return Err(EpubError::Drm(format!("{} is encrypted", one_line(&what))));
        }
        let opf_path = package_path(&archive, read_text("META-INF/container.xml", &mut budget)?.as_deref())?;
        let opf_text = read_text(&opf_path, &mut budget)?.unwrap_or_default();
        let package = package::parse(&opf_text, &opf_path);
        drop(opf_text);
        if !package.has_spine || package.spine.is_empty() {
            return Err(EpubError::NoSpine(one_line(&opf_path)));
        }
        let mut notices = Vec::new();
        let parts = reading_order(&package, &archive, &mut notices);
        let nav = navigation(&package, &archive, &mut budget);
        let nav_usable =
            nav.iter().any(|e| e.target.as_ref().is_ok_and(|(path, _)| parts.iter().any(|p| &p.path == path)));
        let mut wanted: HashMap<String, HashSet<String>> = HashMap::new();
        for entry in &nav {
            if let Ok((path, Some(fragment))) = &entry.target {
                wanted.entry(path.clone()).or_default().insert(fragment.clone());
            }
        }
        let mut sheets = HashMap::new();
        for id in &package.order {
            let item = &package.items[id];
            if item.media_type == "text/css"
                && let Ok(path) = &item.path
                && let Some(index) = archive.find(path)
            {
                let text = markup::decode(archive.read(index, path, None, &mut budget)?);
                sheets.insert(path.clone(), Arc::new(Stylesheet::parse(&text)));
            }
        }
        let mut metadata = Metadata {
            format: Format::Epub,
            title: package.title.as_deref().map(clean_line),
            authors: package.authors.iter().map(|a| clean_line(a)).collect(),
            language: package.language.as_deref().map(clean_line),
            vertical: false,
            right_to_left: package.right_to_left,
        };
        let mut epub = Epub { archive, metadata: metadata.clone(), parts, nav, nav_usable, wanted, sheets, notices };
        metadata.vertical = epub.writing_mode_vertical(&mut budget)?;
        epub.metadata = metadata;
        Ok(epub)
    }

    /// What the book says about itself: title, authors, language, writing
    /// direction (`format` is [`Format::Epub`]). Known once the book is open,
    /// before any document is converted.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The first documents of the reading order, converted until there is
    /// text for a first screen (at least 60 paragraphs or 16 KiB, or the
    /// whole book if shorter). Its paragraphs are exactly the first
    /// paragraphs of [`Epub::document`]; its table of contents has the
    /// entries that point into it. For showing the first page at once while
    /// the whole book is read.
    pub fn head(&self) -> Result<Document, EpubError> {
        self.convert(true, &mut |_, _| {}).map(|(doc, _)| doc)
    }

    /// The whole book, with notices for the user (documents skipped as
    /// missing, outside the book or corrupt). `progress(done, total)` counts
    /// documents of the reading order.
    pub fn document(&self, progress: &mut dyn FnMut(u64, u64)) -> Result<(Document, Vec<String>), EpubError> {
        self.convert(false, progress)
    }

    fn convert(&self, head: bool, progress: &mut dyn FnMut(u64, u64)) -> Result<(Document, Vec<String>), EpubError> {
        let mut budget = Budget::default();
        let mut notices = self.notices.clone();
        // The text is never longer than its XHTML (give or take a mark):
        // room for that up front spares copying a large text as it grows,
        // and pages of it never written are never touched.
        let estimate: u64 = self.parts.iter().map(|p| self.archive.size(p.index)).sum();
        let capacity = if head { HEAD_BYTES * 2 } else { estimate.min(256 << 20) as usize };
        let mut b = DocumentBuilder::with_capacity(capacity);
        *b.metadata_mut() = self.metadata.clone();
        let japanese = self.metadata.language.as_deref().is_some_and(|l| l.to_ascii_lowercase().starts_with("ja"));
        let mut starts: HashMap<&str, usize> = HashMap::new();
        let mut ids: HashMap<(&str, String), usize> = HashMap::new();
        let mut headings = Vec::new();
        let mut titles = Vec::new();
        let total = self.parts.len() as u64;
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                b.page_break();
            }
            let first = b.next_paragraph();
            let mut found = xhtml::Found::default();
            if part.image {
                b.push_str("［図］");
                b.style(b.offset() - "［図］".len()..b.offset(), Style::Note);
                b.end_paragraph(Block::default());
            } else {
                match self.archive.read(part.index, &part.path, None, &mut budget) {
                    Ok(bytes) => {
                        let text = markup::decode(bytes);
                        let cx = xhtml::Context {
                            sheets: &self.sheets,
                            path: &part.path,
                            japanese,
                            wanted: self.wanted.get(&part.path),
                        };
                        xhtml::convert(&text, &cx, &mut b, &mut found);
                    }
                    Err(e) if e.is_fatal() => return Err(e),
                    Err(e) => notices.push(format!("{e}; skipped")),
                }
            }
            starts.entry(part.path.as_str()).or_insert(first);
            for (id, paragraph) in found.ids {
                ids.entry((part.path.as_str(), id)).or_insert(paragraph);
            }
            headings.extend(found.headings);
            titles.push((first, found.title, &part.path, part.linear));
            progress(i as u64 + 1, total);
            let enough = b.next_paragraph() >= HEAD_PARAGRAPHS || b.offset() >= HEAD_BYTES;
            if head && b.next_paragraph() > 0 && enough {
                break;
            }
        }
        let count = b.next_paragraph();
        let title_of = |title: Option<String>, path: &str| {
            let title =
                title.filter(|t| !t.is_empty()).unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_owned());
            short_title(&title, 40)
        };
        let mut opened: Vec<usize> = Vec::new();
        if self.nav_usable {
            for entry in &self.nav {
                let Ok((path, fragment)) = &entry.target else { continue };
                let Some(&start) = starts.get(path.as_str()) else { continue };
                let at = fragment.as_ref().and_then(|f| ids.get(&(path.as_str(), f.clone()))).copied();
                let paragraph = at.unwrap_or(start).min(count.saturating_sub(1));
                b.toc_at(paragraph, entry.level, entry.title.as_str());
                opened.push(paragraph);
            }
        } else if !headings.is_empty() {
            for (paragraph, level, title) in headings {
                b.toc_at(paragraph, level, title);
                opened.push(paragraph);
            }
        } else {
            for (first, title, path, _) in titles.drain(..) {
                b.toc_at(first, 1, title_of(title, path));
            }
        }
        // A document outside the reading order (notes, an appendix) that
        // the contents do not name is still a place of its own to go to.
        opened.sort_unstable();
        for (first, title, path, linear) in titles {
            if !linear && first < count && opened.binary_search(&first).is_err() {
                b.toc_at(first, 1, title_of(title, path));
            }
        }
        let doc = b.finish().map_err(|e| EpubError::Document(e.to_string()))?;
        Ok((doc, notices))
    }

    /// Whether the first documents ask for vertical writing.
    fn writing_mode_vertical(&self, budget: &mut Budget) -> Result<bool, EpubError> {
        for part in self.parts.iter().filter(|p| !p.image).take(WRITING_MODE_DOCUMENTS) {
            let bytes = match self.archive.read(part.index, &part.path, Some(HEAD_SCAN_BYTES), budget) {
                Ok(bytes) => bytes,
                Err(e) if e.is_fatal() => return Err(e),
                Err(_) => continue,
            };
            if let Some(vertical) = writing_mode(&markup::decode(bytes), &part.path, &self.sheets) {
                return Ok(vertical);
            }
        }
        Ok(false)
    }
}

/// The package document's path: the one `container.xml` names, else the
/// archive's one `.opf` file.
fn package_path(archive: &Archive, container: Option<&str>) -> Result<String, EpubError> {
    let named = container.and_then(package::rootfile);
    if let Some(path) = &named {
        let path = path.trim().trim_start_matches('/');
        if archive.find(path).is_some() {
            return Ok(path.to_owned());
        }
    }
    let mut opfs: Vec<&str> = archive.paths().filter(|p| p.to_ascii_lowercase().ends_with(".opf")).collect();
    if opfs.len() == 1 {
        return Ok(opfs.remove(0).to_owned());
    }
    let why = match (container, named) {
        (Some(_), Some(path)) => format!("container.xml names {}, which is not in the book", one_line(&path)),
        (Some(_), None) => "META-INF/container.xml names no package document".to_owned(),
        (None, _) => "META-INF/container.xml is missing".to_owned(),
    };
    let opf = match opfs.len() {
        0 => "the book has no .opf file".to_owned(),
        n => format!("the book has {n} .opf files and none is named"),
    };
    Err(EpubError::NoPackage(format!("{why}, and {opf}")))
}

/// The documents to convert, in order (see the module's decisions).
fn reading_order(package: &Package, archive: &Archive, notices: &mut Vec<String>) -> Vec<Part> {
    let linear = package.spine.iter().filter(|r| r.linear);
    let later = package.spine.iter().filter(|r| !r.linear);
    let mut parts = Vec::new();
    for itemref in linear.chain(later) {
        let Some(mut item) = package.items.get(&itemref.idref) else {
            notices.push(format!("the spine names {}, which the manifest lacks; skipped", one_line(&itemref.idref)));
            continue;
        };
        if !itemref.linear && item.properties.split_ascii_whitespace().any(|p| p == "nav") {
            continue;
        }
        // A document in another format names one to read instead.
        for _ in 0..8 {
            match item.fallback.as_ref().and_then(|f| package.items.get(f)) {
                Some(fallback) if !item.is_html() && !item.media_type.starts_with("image/") => item = fallback,
                _ => break,
            }
        }
        let image = item.media_type.starts_with("image/");
        let href = one_line(&item.href);
        let path = match &item.path {
            Ok(path) => path,
            Err(Outside::AboveRoot) => {
                notices.push(format!("{href}: points outside the book; skipped"));
                continue;
            }
            Err(Outside::External) => {
                notices.push(format!("{href}: not part of the book (an external link); skipped"));
                continue;
            }
            Err(Outside::Empty) => {
                notices.push(format!("the spine names {}, which has no file; skipped", one_line(&itemref.idref)));
                continue;
            }
        };
        if !item.is_html() && !image {
            notices.push(format!("{href}: not a text document ({}); skipped", one_line(&item.media_type)));
            continue;
        }
        match archive.find(path) {
            Some(index) => parts.push(Part { path: path.clone(), index, image, linear: itemref.linear }),
            None => notices.push(format!("{href}: not in the book; skipped")),
        }
    }
    parts
}

/// The navigation entries: the EPUB 3 navigation document's, else the
/// NCX's. A navigation that cannot be read is no navigation.
fn navigation(package: &Package, archive: &Archive, budget: &mut Budget) -> Vec<NavEntry> {
    let read = |id: &str, budget: &mut Budget| -> Option<(String, String)> {
        let path = package.items.get(id)?.path.as_ref().ok()?;
        let index = archive.find(path)?;
        let bytes = archive.read(index, path, None, budget).ok()?;
        Some((markup::decode(bytes), path.clone()))
    };
    let nav_id =
        package.order.iter().find(|id| package.items[*id].properties.split_ascii_whitespace().any(|p| p == "nav"));
    if let Some((text, path)) = nav_id.and_then(|id| read(id, budget)) {
        let entries = nav::from_nav(&text, &path);
        if !entries.is_empty() {
            return entries;
        }
    }
    let ncx_id = package
        .ncx
        .as_ref()
        .filter(|id| package.items.contains_key(*id))
        .or_else(|| package.order.iter().find(|id| package.items[*id].media_type == "application/x-dtbncx+xml"));
    match ncx_id.and_then(|id| read(id, budget)) {
        Some((text, path)) => nav::from_ncx(&text, &path),
        None => Vec::new(),
    }
}

/// What the head of a document at `path` says about vertical writing: its
/// stylesheets (linked, not as alternates, or in `style`) and the `style`
/// attributes of `html` and `body`, on those two elements. `None` when
/// nothing says either way.
fn writing_mode(text: &str, path: &str, book: &HashMap<String, Arc<Stylesheet>>) -> Option<bool> {
    let mut tokens = Tokenizer::new(text);
    let mut sheets: Vec<Arc<Stylesheet>> = Vec::new();
    let mut roots = Vec::new();
    while let Some(token) = tokens.next_token() {
        let Token::Start(tag) = token else { continue };
        if tag.is("link") {
            let rel = tag.attr("rel").unwrap_or_default().to_ascii_lowercase();
            if rel.split_ascii_whitespace().any(|r| r == "stylesheet")
                && !rel.contains("alternate")
                && let Some(href) = tag.attr("href")
                && let Ok((sheet_path, _)) = archive::resolve(archive::dir_of(path), &href)
                && let Some(sheet) = book.get(&sheet_path)
            {
                for import in &sheet.imports {
                    if let Ok((p, _)) = archive::resolve(archive::dir_of(path), import)
                        && let Some(imported) = book.get(&p)
                    {
                        sheets.push(Arc::clone(imported));
                    }
                }
                sheets.push(Arc::clone(sheet));
            }
        } else if tag.is("style") && !tag.empty {
            sheets.push(Arc::new(Stylesheet::parse(tokens.raw_text_until("style"))));
        } else if tag.is("html") || tag.is("body") {
            let name = tag.name().to_ascii_lowercase();
            roots.push((name, tag.attr("id"), tag.attr("class").unwrap_or_default(), tag.attr("style")));
            if tag.is("body") {
                break;
            }
        }
    }
    // Evaluated once the head's stylesheets are known (`html` comes first).
    let mut said = None;
    for (name, id, classes, style) in &roots {
        let element = Element { tag: name, id: id.as_deref(), classes };
        let mut decl = css::cascade(sheets.iter().map(|s| &**s), &element);
        if let Some(style) = style {
            decl.overlay(&Decl::parse(style));
        }
        said = decl.vertical.or(said);
    }
    said
}

/// Metadata text: one line, inert, white space collapsed.
fn clean_line(text: &str) -> String {
    let clean = crate::engine::sanitize::sanitize(text);
    markup::collapse(&clean.replace(|c: char| c.is_control(), " "))
}
