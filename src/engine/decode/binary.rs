//! Telling a binary file from a text by its first bytes.
//!
//! Two kinds of evidence, both taken from a bounded prefix (at most
//! [`super::SAMPLE_LEN`] bytes), so deciding costs the same for a note and
//! for a 100 MB file:
//!
//! 1. **A signature** ("magic number") of a known binary format at the start:
//!    PNG, JPEG, GIF, PDF, zip, gzip, ELF, ... (see [`signature`]). A zip that
//!    is an EPUB book is recognised as such ([`Signature::Epub`]), not as
//!    binary: EPUB books go to the EPUB reader.
//! 2. **The share of control bytes** that text does not use (see
//!    [`is_binary_control`]): a file is binary when more than one byte in
//!    [`CONTROL_SHARE`] is one. A stray NUL in a text (one in 54 KB of
//!    Japanese, say) is damage, shown as `␀`; compressed data has about one
//!    in ten, and structured binaries (executables, databases, images)
//!    far more.
//!
//! UTF-16 without a byte order mark has a NUL byte in every ASCII character;
//! [`utf16_without_mark`] recognises it, so the refusal can say which
//! `--encoding` to use.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// What the signature at the start of a file says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// No known binary signature: the other checks decide.
    Unknown,
    /// An EPUB book: a zip archive whose first entry is `mimetype`, holding
    /// `application/epub+zip`. Not binary by its signature: the loader hands
    /// EPUB books to the EPUB reader.
    Epub,
    /// A binary format, named for a message (`a PNG image`).
    Binary(&'static str),
}

/// Signatures found at the very start of a file.
const PREFIXES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"PK\x07\x08", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\x04\x22\x4d\x18", "an LZ4 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"!<arch>\n", "an ar archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "a Mach-O executable"),
    (b"\xfe\xed\xfa\xce", "a Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"OggS\x00", "an Ogg audio or video file"),
    (b"fLaC\x00", "a FLAC audio file"),
    (b"fLaC\x80", "a FLAC audio file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"OTTO\x00", "an OpenType font"),
    (b"\x00\x01\x00\x00\x00", "a TrueType font"),
];

/// The signature at the start of `bytes` (only the first few hundred bytes
/// are looked at).
pub fn signature(bytes: &[u8]) -> Signature {
    if looks_like_epub(bytes) {
        return Signature::Epub;
    }
    if let Some(&(_, name)) = PREFIXES.iter().find(|(prefix, _)| bytes.starts_with(prefix)) {
        return Signature::Binary(name);
    }
    match other_signature(bytes) {
        Some(name) => Signature::Binary(name),
        None => Signature::Unknown,
    }
}

/// Signatures that are not a plain prefix: a form type, a field further in,
/// a version digit.
fn other_signature(bytes: &[u8]) -> Option<&'static str> {
    let at = |range: std::ops::Range<usize>| bytes.get(range);
    if bytes.starts_with(b"RIFF") {
        return match at(8..12)? {
            b"WEBP" => Some("a WebP image"),
            b"WAVE" => Some("a WAV audio file"),
            b"AVI " => Some("an AVI video"),
            _ => None,
        };
    }
    if bytes.starts_with(b"ID3") && matches!(at(3..5)?, [2..=4, 0]) {
        return Some("an MP3 audio file");
    }
    if bytes.first() == Some(&0) && at(4..8)? == b"ftyp" {
        return Some("an MP4, QuickTime or HEIF media file");
    }
    if bytes.starts_with(b"BZh") && matches!(at(3..4)?, [b'1'..=b'9']) && at(4..10)? == b"1AY&SY" {
        return Some("a bzip2 archive");
    }
    if bytes.starts_with(b"MZ") {
        // A DOS stub points at the PE header.
        let offset = u32::from_le_bytes(at(0x3C..0x40)?.try_into().ok()?) as usize;
        return (at(offset..offset.checked_add(4)?)? == b"PE\0\0").then_some("a Windows executable");
    }
    if at(257..262)? == b"ustar" {
        return Some("a tar archive");
    }
    None
}

/// Whether `bytes` start as an EPUB book does (OCF: the first entry of the
/// zip is named `mimetype` and holds `application/epub+zip`, stored, so its
/// data follows the local file header as it is).
fn looks_like_epub(bytes: &[u8]) -> bool {
    const HEADER: usize = 30;
    if !bytes.starts_with(b"PK\x03\x04") || bytes.len() < HEADER {
        return false;
    }
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let (name_len, extra_len) = (u16_at(26), u16_at(28));
    let name = bytes.get(HEADER..HEADER + name_len);
    let data = &bytes[(HEADER + name_len + extra_len).min(bytes.len())..];
    name == Some(b"mimetype") && data.starts_with(b"application/epub+zip")
}

/// A file is binary when more than one byte in this many is a control byte
/// text does not use ([`is_binary_control`]).
pub const CONTROL_SHARE: usize = 20;

/// Whether `c` (a byte, or a decoded character) is a control character
/// that text does not use: C0 controls other than tab, line feed, form feed,
/// carriage return, escape (coloured logs) and backspace (overstruck manual
/// pages).
pub fn is_binary_control(c: u32) -> bool {
    matches!(c, 0x00..=0x07 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F)
}

/// Whether `suspicious` of `total` units look binary: more than one in
/// [`CONTROL_SHARE`], and at least four of them (a few in a short text are
/// damage) unless they are half of a tiny sample.
pub fn too_many(suspicious: usize, total: usize) -> bool {
    suspicious * CONTROL_SHARE > total && (suspicious >= 4 || suspicious * 2 >= total)
}

/// Why `sample` (the first bytes of a file) looks binary by its control
/// bytes, if it does.
pub fn control_bytes(sample: &[u8]) -> Option<String> {
    // [`is_binary_control`] as comparisons the compiler turns into vector
    // instructions: this runs on the start of every file opened.
    let suspicious: usize = sample
        .chunks(255)
        .map(|chunk| {
            let lane = |b: u8| {
                u8::from(
                    (b < 0x20) & !((b == 0x08) | (b == 0x09) | (b == 0x0A) | (b == 0x0C) | (b == 0x0D) | (b == 0x1B)),
                )
            };
            usize::from(chunk.iter().fold(0u8, |sum, &b| sum + lane(b)))
        })
        .sum();
    too_many(suspicious, sample.len()).then(|| {
        let first = if sample.len() < super::SAMPLE_LEN { "" } else { "first " };
        format!("{suspicious} of its {first}{} bytes are control bytes", sample.len())
    })
}

/// Why `sample` (the first bytes of a file without a byte order mark) is not
/// to be read as text, if it is not: a binary signature, UTF-16 without a
/// mark (with the `--encoding` to use), or too many control bytes.
pub fn binary_reason(sample: &[u8]) -> Option<String> {
    if let Signature::Binary(name) = signature(sample) {
        return Some(name.to_owned());
    }
    // UTF-16 text has NUL bytes (in its line ends at least); most files
    // have none, and this look is quick.
    if memchr::memchr(0, sample).is_some()
        && let Some(label) = utf16_without_mark(sample)
    {
        return Some(format!("it looks like UTF-16 without a byte order mark: try --encoding {label}"));
    }
    control_bytes(sample)
}

/// `utf-16le` or `utf-16be` when `sample` is UTF-16 text without a byte
/// order mark.
///
/// In one byte order, the sample must have the marks of UTF-16 text: line
/// ends (the unit U+000A, `0A 00` in little-endian) at least once in 2,000
/// units and four times as often as in the other order, or else NUL bytes
/// in most units on one side of the pair and almost none on the other (mostly
/// ASCII text on one line); and it must decode in that order without
/// unpaired surrogates into text with fewer than one control character in a
/// hundred. A UTF-8 text with a stray NUL or two, or a binary with NULs
/// everywhere, is neither.
pub fn utf16_without_mark(sample: &[u8]) -> Option<&'static str> {
    let sample = &sample[..sample.len() & !1];
    let units = sample.len() / 2;
    if units < 4 {
        return None;
    }
    let pairs = || sample.chunks_exact(2).map(|pair| (pair[0], pair[1]));
    let line_ends_le = pairs().filter(|&pair| pair == (b'\n', 0)).count();
    let line_ends_be = pairs().filter(|&pair| pair == (0, b'\n')).count();
    let nul_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (nul_at(0), nul_at(1));
    let lines = |at: usize, other: usize| at >= 1 && at * 2000 >= units && other * 4 <= at;
    let ascii = |at: usize, other: usize| at * 10 >= units * 6 && other * 20 <= units;
    let candidates = [
        ("utf-16le", UTF_16LE, lines(line_ends_le, line_ends_be) || ascii(odd, even)),
        ("utf-16be", UTF_16BE, lines(line_ends_be, line_ends_le) || ascii(even, odd)),
    ];
    candidates
        .into_iter()
        .find(|&(_, encoding, marked)| marked && decodes_as_text(sample, encoding))
        .map(|(label, ..)| label)
}

/// Whether `sample` decodes as `encoding` without error (a unit cut by the
/// end of the sample aside) into text with fewer than one control character
/// (C0 but tab, line feed, form feed, carriage return, escape; C1) in a
/// hundred.
fn decodes_as_text(sample: &[u8], encoding: &'static Encoding) -> bool {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(sample.len() * 3 / 2 + 4);
    let (result, _) = decoder.decode_to_string_without_replacement(sample, &mut text, false);
    if !matches!(result, encoding_rs::DecoderResult::InputEmpty) {
        return false;
    }
    let chars = text.chars().count();
    let controls = text.chars().filter(|&c| is_binary_control(c as u32) || ('\u{80}'..='\u{9f}').contains(&c)).count();
    controls * 100 < chars.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epub_header(name: &[u8], data: &[u8]) -> Vec<u8> {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&[20, 0, 0, 0, 0, 0]); // version, flags, method (stored)
        bytes.extend_from_slice(&[0; 16]); // time, date, crc, sizes
        bytes.extend_from_slice(&(name.len() as u16).to_le_bytes());
        bytes.extend_from_slice(&0u16.to_le_bytes());
        bytes.extend_from_slice(name);
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x08\x00");
        bytes
    }

    #[test]
    fn known_formats_are_named() {
        let cases: [(&[u8], &str); 12] = [
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
            (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
            (b"GIF89a\x01\x00", "a GIF image"),
            (b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
            (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "a zip archive"),
            (b"\x1f\x8b\x08\x00", "a gzip archive"),
            (b"\x7fELF\x02\x01\x01\x00", "an ELF executable"),
            (b"RIFF\x24\x00\x00\x00WAVEfmt ", "a WAV audio file"),
            (b"ID3\x04\x00\x00", "an MP3 audio file"),
            (b"\x00\x00\x00\x20ftypisom", "an MP4, QuickTime or HEIF media file"),
            (b"BZh91AY&SY\x00", "a bzip2 archive"),
            (b"SQLite format 3\x00\x10\x00", "an SQLite database"),
        ];
        for (bytes, name) in cases {
            assert_eq!(signature(bytes), Signature::Binary(name), "{name}");
        }
        let mut pe = b"MZ".to_vec();
        pe.resize(0x3C, 0);
        pe.extend_from_slice(&0x40u32.to_le_bytes());
        pe.extend_from_slice(b"PE\0\0");
        assert_eq!(signature(&pe), Signature::Binary("a Windows executable"));
        let mut tar = b"notes.txt".to_vec();
        tar.resize(257, 0);
        tar.extend_from_slice(b"ustar\x0000");
        assert_eq!(signature(&tar), Signature::Binary("a tar archive"));
    }

    #[test]
    fn text_that_starts_like_a_signature_is_not_binary() {
        for text in [&b"RIFF is a container format.\n"[..], b"ID3 tags", b"MZ is a postcode\n", b"BZh", b"", b"PK"] {
            assert_eq!(signature(text), Signature::Unknown, "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn an_epub_is_recognised_and_other_zips_are_binary() {
        assert_eq!(signature(&epub_header(b"mimetype", b"application/epub+zip")), Signature::Epub);
        assert_eq!(signature(&epub_header(b"mimetype", b"application/zip")), Signature::Binary("a zip archive"));
        assert_eq!(
            signature(&epub_header(b"content.opf", b"application/epub+zip")),
            Signature::Binary("a zip archive")
        );
        // Cut short: not an EPUB, still a zip.
        assert_eq!(signature(&epub_header(b"mimetype", b"")[..34]), Signature::Binary("a zip archive"));
        // Not by its signature; its compressed entries are another matter
        // (the loader routes EPUB books before decoding).
        let reason = binary_reason(&epub_header(b"mimetype", b"application/epub+zip"));
        assert!(!reason.is_some_and(|r| r.contains("zip")));
    }

    #[test]
    fn the_quick_count_agrees_with_the_rule() {
        for b in 0..=255u8 {
            let expected = usize::from(is_binary_control(u32::from(b)));
            let counted = control_bytes(&[b; 8]).map_or(0, |_| 1);
            assert_eq!(counted, expected, "byte {b:#04x}");
        }
    }

    #[test]
    fn a_few_control_bytes_are_damage_many_are_binary() {
        let text = "あいう\0えお\n".as_bytes();
        assert_eq!(control_bytes(text), None);
        // One NUL in 54 KB of Japanese.
        let mut long = "日本語の文章。".repeat(2600).into_bytes();
        long.insert(27_000, 0);
        assert_eq!(control_bytes(&long[..long.len().min(super::super::SAMPLE_LEN)]), None);
        // Tabs, form feeds, escapes and backspaces are text.
        assert_eq!(control_bytes(b"\x1b[1mbold\x1b[0m\tb\x08b\x0c\r\n"), None);
        assert_eq!(control_bytes(b"\x00\x01"), Some("2 of its 2 bytes are control bytes".into()));
        assert!(control_bytes(&[0u8; 100]).is_some());
        let noise: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
        assert!(control_bytes(&noise).is_some(), "random data has about one in ten");
    }

    #[test]
    fn utf16_without_a_mark_is_recognised_in_either_order() {
        let text = "Hello, world.\n「日本語」の文章も、少し。\n2024年\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_mark(&le), Some("utf-16le"));
        assert_eq!(utf16_without_mark(&be), Some("utf-16be"));
        // Japanese with few ASCII characters: the line ends are enough.
        let japanese: Vec<u8> =
            "吾輩は猫である。名前はまだ無い。\n".repeat(50).encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(utf16_without_mark(&japanese), Some("utf-16le"));
        assert!(binary_reason(&japanese).unwrap().contains("try --encoding utf-16le"));
    }

    #[test]
    fn utf16_japanese_with_indents_is_recognised() {
        // U+3000 and 一 have a NUL byte on the other side of the pair.
        let text = "\u{3000}一帯一路の原則を堅持し、協力を強化する。\r\n".repeat(40);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(utf16_without_mark(&le), Some("utf-16le"));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_mark(&be), Some("utf-16be"));
    }

    #[test]
    fn nuls_that_are_not_utf16_are_not_taken_for_it() {
        assert_eq!(utf16_without_mark("あいう\0えお\n".as_bytes()), None);
        // Stray NULs on the same side of the pair, in UTF-8 Japanese.
        let mut text = "日本語の文章です。\n".repeat(20).into_bytes();
        for at in [20, 40, 60, 80, 100, 120] {
            text[at] = 0;
        }
        assert_eq!(utf16_without_mark(&text), None);
        assert_eq!(utf16_without_mark(&[0u8; 64]), None, "NULs on both sides");
        let ints: Vec<u8> = (0u32..200).flat_map(|i| (i * 7919).to_le_bytes()).collect();
        assert_eq!(utf16_without_mark(&ints), None);
    }
}
