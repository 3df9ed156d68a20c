//! The zip container: entries found by their path inside the archive and
//! inflated on demand, never past the [`Limits`]; hrefs resolved inside the
//! archive only. Nothing here touches the file system: the archive is bytes
//! in memory.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;
use zip::ZipArchive;

use super::{EpubError, Limits};
use crate::engine::sanitize::sanitize;

/// Entries may inflate to this many bytes whatever their compression ratio:
/// small files (a container.xml of padding) are legitimately very
/// compressible, and this little cannot hurt.
pub(super) const RATIO_FLOOR: u64 = 1 << 20;

/// An opened zip archive.
#[derive(Debug)]
pub(super) struct Archive {
    zip: ZipArchive<Cursor<Arc<[u8]>>>,
    /// Entry path (normalised) → index.
    exact: HashMap<String, usize>,
    /// Entry path folded (NFC, lowercase) → index, for books whose
    /// manifest spells a name in another case or normalisation form.
    folded: HashMap<String, usize>,
    limits: Limits,
}

/// Bytes inflated so far by one operation, against [`Limits::max_total_bytes`].
#[derive(Debug, Default)]
pub(super) struct Budget {
    pub inflated: u64,
}

impl Archive {
    /// Read the archive's directory.
    pub fn open(bytes: Arc<[u8]>, limits: Limits) -> Result<Archive, EpubError> {
        if !bytes.starts_with(b"PK") {
            return Err(EpubError::NotZip);
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| EpubError::Corrupt(one_line(&e.to_string())))?;
        if zip.len() > limits.max_entries {
            return Err(EpubError::TooManyEntries { count: zip.len(), limit: limits.max_entries });
        }
        let mut exact = HashMap::with_capacity(zip.len());
        let mut folded = HashMap::with_capacity(zip.len());
        for (index, raw) in zip.file_names_raw().enumerate() {
            let name = entry_name(raw);
            folded.entry(fold(&name)).or_insert(index);
            exact.entry(name).or_insert(index);
        }
        Ok(Archive { zip, exact, folded, limits })
    }

    /// The index of the entry at `path`, if the archive has it.
    pub fn find(&self, path: &str) -> Option<usize> {
        self.exact.get(path).or_else(|| self.folded.get(&fold(path))).copied()
    }

    /// The size entry `index` declares when inflated (0 when unknown).
    pub fn size(&self, index: usize) -> u64 {
        self.zip.by_index_data(index).map_or(0, |e| e.size())
    }

    /// Every entry path, in no particular order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.exact.keys().map(String::as_str)
    }

    /// Inflate entry `index` (`path` names it in messages), whole or its
    /// first `prefix` bytes. Refused before anything is inflated when its
    /// declared size passes a limit; stopped as soon as its data passes its
    /// declared size, so memory never goes past the smallest of the caps.
    pub fn read(
        &self,
        index: usize,
        path: &str,
        prefix: Option<u64>,
        budget: &mut Budget,
    ) -> Result<Vec<u8>, EpubError> {
        let shown = || show_path(path);
        let (declared, compressed, encrypted) = {
            let entry = self
                .zip
                .by_index_data(index)
                .map_err(|e| EpubError::Entry { path: shown(), problem: one_line(&e.to_string()) })?;
            (entry.size(), entry.compressed_size(), entry.encrypted())
        };
        if encrypted {
            return Err(EpubError::Drm(format!("{} is encrypted", shown())));
        }
        let limits = &self.limits;
        if declared > limits.max_entry_bytes {
            return Err(EpubError::EntryTooLarge { path: shown(), limit: limits.max_entry_bytes });
        }
        let ratio_cap = compressed.saturating_mul(limits.max_ratio).max(RATIO_FLOOR);
        if declared > ratio_cap {
            return Err(EpubError::Ratio { path: shown(), ratio: limits.max_ratio });
        }
        let want = prefix.map_or(declared, |p| p.min(declared));
        if budget.inflated.saturating_add(want) > limits.max_total_bytes {
            return Err(EpubError::TotalTooLarge { limit: limits.max_total_bytes });
        }
        let mut zip = self.zip.clone();
        let mut file =
            zip.by_index(index).map_err(|e| EpubError::Entry { path: shown(), problem: one_line(&e.to_string()) })?;
        // Inflated straight into its place; then, for a whole entry, one
        // byte more than declared tells a lying header from an honest one.
        let want = usize::try_from(want).unwrap_or(0);
        let mut out = vec![0u8; want];
        let mut filled = 0;
        let past_declared = |budget: &mut Budget, filled: usize| {
            budget.inflated += filled as u64;
            Err(EpubError::PastDeclaredSize { path: shown(), declared })
        };
        while filled < want {
            match file.read(&mut out[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(EpubError::Entry { path: shown(), problem: one_line(&e.to_string()) }),
            }
        }
        out.truncate(filled);
        if prefix.is_none() {
            let mut probe = [0u8; 64];
            match file.read(&mut probe) {
                Ok(0) => {}
                Ok(_) => return past_declared(budget, filled),
                // The zip reader itself refuses to read past the declared
                // size (any other error, a bad checksum, is said as it is).
                Err(e) if e.to_string().contains("declared") => return past_declared(budget, filled),
                Err(e) => return Err(EpubError::Entry { path: shown(), problem: one_line(&e.to_string()) }),
            }
        }
        budget.inflated += out.len() as u64;
        Ok(out)
    }
}

/// An entry's path from its raw name: UTF-8 when it is, else Shift_JIS
/// when that reads cleanly (archives made by older Japanese tools), else
/// UTF-8 with replacements; backslashes read as slashes, no leading slash.
fn entry_name(raw: &[u8]) -> String {
    let name: Cow<'_, str> = match std::str::from_utf8(raw) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => match encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(raw) {
            Some(s) => s,
            None => String::from_utf8_lossy(raw),
        },
    };
    let name = name.replace('\\', "/");
    name.trim_start_matches('/').to_owned()
}

fn fold(path: &str) -> String {
    path.nfc().flat_map(char::to_lowercase).collect()
}

/// A path as shown in a message: inert, on one line, not too long.
pub(super) fn show_path(path: &str) -> String {
    one_line(path)
}

/// Text for a one-line message: control characters made inert, line ends
/// made spaces, cut at 200 characters.
pub(super) fn one_line(text: &str) -> String {
    let clean = sanitize(text);
    let mut out: String = clean.chars().map(|c| if c.is_control() { ' ' } else { c }).take(200).collect();
    if clean.chars().nth(200).is_some() {
        out.push('…');
    }
    out
}

/// Why an href does not name an entry of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outside {
    /// `http:`, `file:`, `data:`: not part of the book.
    External,
    /// `..` past the archive's root.
    AboveRoot,
    /// Nothing left (`#note` alone, an empty href).
    Empty,
}

/// Resolve `href` (percent-encoded, maybe with a fragment) against
/// directory `base` (an entry path's directory, `""` or ending in `/`):
/// the entry path and the fragment. A path-absolute href (`/OPS/a.xhtml`)
/// is taken from the archive's root; nothing ever leaves the archive.
pub(super) fn resolve(base: &str, href: &str) -> Result<(String, Option<String>), Outside> {
    let href = href.trim();
    let (href, fragment) = match href.split_once('#') {
        Some((h, f)) => (h, Some(percent_decode(f)).filter(|f| !f.is_empty())),
        None => (href, None),
    };
    let href = href.split('?').next().unwrap_or("");
    let scheme_end = href.find(':');
    let has_scheme = scheme_end.is_some_and(|i| {
        i > 0
            && href[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            && href.as_bytes()[0].is_ascii_alphabetic()
    });
    if has_scheme || href.starts_with("//") {
        return Err(Outside::External);
    }
    if href.is_empty() {
        return Err(Outside::Empty);
    }
    let decoded = percent_decode(href).replace('\\', "/");
    let joined = if decoded.starts_with('/') { decoded } else { format!("{base}{decoded}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(Outside::AboveRoot);
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(Outside::Empty);
    }
    Ok((parts.join("/"), fragment))
}

/// The directory of entry `path`: `""` or ending in `/`.
pub(super) fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_inside_the_archive_only() {
        assert_eq!(resolve("OPS/xhtml/", "一.xhtml#p3"), Ok(("OPS/xhtml/一.xhtml".into(), Some("p3".into()))));
        assert_eq!(resolve("OPS/xhtml/", "../css/v.css"), Ok(("OPS/css/v.css".into(), None)));
        assert_eq!(resolve("OPS/", "%E4%B8%80.xhtml"), Ok(("OPS/一.xhtml".into(), None)));
        assert_eq!(resolve("OPS/", "/etc/passwd"), Ok(("etc/passwd".into(), None)), "from the archive's root");
        assert_eq!(resolve("OPS/", "../../etc/passwd"), Err(Outside::AboveRoot));
        assert_eq!(resolve("OPS/", "file:///etc/passwd"), Err(Outside::External));
        assert_eq!(resolve("OPS/", "https://example.com/x"), Err(Outside::External));
        assert_eq!(resolve("OPS/", "//host/x"), Err(Outside::External));
        assert_eq!(resolve("OPS/", "#only"), Err(Outside::Empty));
        assert_eq!(resolve("", "a\\b.xhtml"), Ok(("a/b.xhtml".into(), None)));
        assert_eq!(dir_of("OPS/package.opf"), "OPS/");
        assert_eq!(dir_of("package.opf"), "");
    }

    #[test]
    fn entry_names_are_read_in_utf8_or_shift_jis() {
        assert_eq!(entry_name("/OPS\\一.xhtml".as_bytes()), "OPS/一.xhtml");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("本文/一.xhtml");
        assert_eq!(entry_name(&sjis), "本文/一.xhtml");
        assert_eq!(fold("OPS/Text/ガ.XHTML"), fold("ops/text/カ\u{3099}.xhtml"), "case and NFD folded");
    }

    #[test]
    fn messages_are_one_inert_line() {
        assert_eq!(one_line("a\u{1b}[2J\nb"), "a\u{241b}[2J b");
        assert!(one_line(&"x".repeat(500)).chars().count() <= 201);
    }
}
