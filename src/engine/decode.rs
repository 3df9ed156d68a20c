//! Turning the bytes of a file into text.
//!
//! emaki opens whatever a user points it at, so this module decides, without
//! asking, what the bytes are:
//!
//! 1. Nothing at all is an empty text.
//! 2. A byte order mark decides: UTF-8, UTF-16LE or UTF-16BE (a UTF-32 mark is
//!    refused: no decoder for it).
//! 3. The first [`SAMPLE_LEN`] bytes decide whether the file is binary (see
//!    [`binary`]): the signature of a known binary format (PNG, PDF, zip
//!    other than EPUB, ELF, ...), UTF-16 without a byte order mark (refused
//!    with the `--encoding` to use), or more than one control byte in
//!    [`binary::CONTROL_SHARE`]. A stray NUL in what is otherwise text is
//!    shown as `␀` like any control character.
//! 4. Valid UTF-8 is taken as it is, without copying. The one exception is
//!    pure ASCII carrying ISO-2022-JP escape sequences (old mail), which is
//!    decoded as ISO-2022-JP.
//! 5. Otherwise the bytes are either UTF-8 with a few bad bytes or a legacy
//!    encoding. A window of at most [`SAMPLE_LEN`] bytes starting at the first
//!    invalid byte decides (see [`looks_like_damaged_utf8`]): in Shift_JIS and
//!    EUC-JP text most non-ASCII bytes are invalid as UTF-8, while in damaged
//!    UTF-8 the valid multi-byte characters far outnumber the invalid
//!    sequences. Damaged UTF-8 keeps UTF-8, with U+FFFD for the bad bytes and
//!    a warning; anything else goes to `chardetng`, fed with the same window,
//!    with a lean towards Japanese (see [`guess_legacy`]).
//! 6. Text decoded in step 5 is refused as binary when at least four, and
//!    more than one in ten, of the characters at its start are U+FFFD or
//!    control characters that text does not use (see [`looks_binary`]).
//!
//! A forced encoding (`--encoding NAME`) skips steps 2, 4, 5 and 6: a wrong
//! choice shows U+FFFD and a warning, not a refusal. The binary checks of
//! step 3 still apply, except the control bytes for UTF-16, where NUL bytes
//! are normal. With [`DecodeOptions::binary`] (`--binary`, as `less -f`)
//! nothing is refused as binary: bytes that look binary are read as UTF-8,
//! bad bytes becoming U+FFFD, and control characters are shown inert like
//! in any text.

pub mod binary;

use encoding_rs::{Encoding, ISO_2022_JP, UTF_8, UTF_16BE, UTF_16LE};
use thiserror::Error;

/// How many bytes the encoding detector and the binary check look at: enough
/// for a confident guess, small enough to keep detection cheap on huge files.
pub const SAMPLE_LEN: usize = 64 * 1024;

/// Why bytes could not be read as text.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes look like a binary file, not text.
    #[error("not a text file ({0})")]
    Binary(String),
    /// `--encoding` named something that is not an encoding label.
    #[error("unknown encoding '{0}' (try utf-8, shift_jis, euc-jp, utf-16le, ...)")]
    UnknownEncoding(String),
    /// The encoding exists but emaki cannot decode it.
    #[error("the {0} encoding is not supported")]
    UnsupportedEncoding(String),
}

/// How the encoding of a text was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// Plain UTF-8 (valid, or damaged with bad bytes replaced).
    Utf8,
    /// A byte order mark named it.
    ByteOrderMark,
    /// Guessed from the bytes.
    Detected,
    /// Forced by the user.
    Forced,
}

/// Decoded text and what the reader should know about how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    /// The text (a UTF-8 byte order mark, if any, is left for the document
    /// model to drop, so that valid UTF-8 is never copied).
    pub text: String,
    /// The encoding's name (`Shift_JIS`, `UTF-16LE`, ...), when it was not
    /// UTF-8.
    pub encoding: Option<&'static str>,
    /// How the encoding was chosen.
    pub source: EncodingSource,
    /// How many input bytes were malformed and replaced by U+FFFD.
    pub replaced_bytes: usize,
    /// Warnings to show (invalid bytes replaced, ...), one line each.
    pub warnings: Vec<String>,
}

/// Decode `bytes`, detecting the encoding.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    decode_with(bytes, None)
}

/// The encoding `label` names (any WHATWG label: `sjis`, `shift_jis`,
/// `euc-jp`, `utf-16le`, `latin1`, ...), case-insensitive.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    let encoding =
        Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| DecodeError::UnknownEncoding(label.to_owned()))?;
    if encoding == encoding_rs::REPLACEMENT {
        // Labels such as `iso-2022-kr` map to a decoder that only ever yields
        // one U+FFFD: better refused than shown as an empty document.
        return Err(DecodeError::UnsupportedEncoding(label.to_owned()));
    }
    Ok(encoding)
}

/// What the user decided about the input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    /// `--encoding NAME`: decode as this, detect nothing.
    pub forced: Option<&'static Encoding>,
    /// `--binary`: refuse nothing as binary (bytes that look binary are
    /// read as UTF-8, bad bytes becoming U+FFFD).
    pub binary: bool,
    /// `--join` / `--no-join`: join the lines of hard-wrapped plain text
    /// into paragraphs, or keep them; detected when `None` (see
    /// [`crate::engine::formats::wrapped`]).
    pub join: Option<bool>,
}

impl DecodeOptions {
    /// Decode as `forced` when given, else detect; refuse binary input.
    pub fn forced(forced: Option<&'static Encoding>) -> Self {
        DecodeOptions { forced, binary: false, join: None }
    }
}

/// Decode `bytes` as `forced` when given, else detect the encoding.
pub fn decode_with(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    decode_with_progress(bytes, DecodeOptions::forced(forced), &mut |_, _| {})
}

/// [`decode_with`] under `options`, reporting `(bytes decoded, bytes in
/// all)` now and then while decoding a legacy encoding (hundreds of
/// milliseconds for 100 MB of Shift_JIS), so a reader can show how far it is.
pub fn decode_with_progress(
    bytes: Vec<u8>,
    options: DecodeOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Decoded, DecodeError> {
    let plan = plan(&bytes, options)?;
    match plan {
        Plan::Utf8 => {
            // SAFETY: `plan` gives `Plan::Utf8` only for bytes `simdutf8`
            // has checked are valid UTF-8.
            let text = unsafe { String::from_utf8_unchecked(bytes) };
            Ok(Decoded::plain(text))
        }
        Plan::Decode { .. } => {
            let total = bytes.len();
            decode_planned(bytes.as_slice(), plan, total, options, progress)
                .map_err(|e| DecodeError::Binary(format!("cannot read: {e}")))?
        }
    }
}

/// How a text is to be decoded, decided from its bytes before any of it is
/// decoded: a validation pass and a look at a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Valid UTF-8: the bytes are the text.
    Utf8,
    /// Decode from byte `start` (after a byte order mark) with `encoding`
    /// (UTF-8 itself for damaged UTF-8, bad bytes becoming U+FFFD).
    Decode {
        /// The encoding.
        encoding: &'static Encoding,
        /// Where the text starts.
        start: usize,
        /// How the encoding was chosen.
        source: EncodingSource,
    },
}

/// Decide how to decode `bytes` under `options`: as the forced encoding
/// when there is one, else detected; binary input is refused unless
/// `options.binary` (see the module documentation). Empty input is valid
/// UTF-8.
pub fn plan(bytes: &[u8], options: DecodeOptions) -> Result<Plan, DecodeError> {
    if bytes.is_empty() {
        return Ok(Plan::Utf8);
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_LEN)];
    if let Some(encoding) = options.forced {
        // The user chose: a wrong choice shows replacement characters and a
        // warning rather than a refusal; a PNG is still not a text.
        if !options.binary {
            if let binary::Signature::Binary(name) = binary::signature(sample) {
                return Err(refusal(name.to_owned()));
            }
            if encoding != UTF_16LE && encoding != UTF_16BE {
                binary::control_bytes(sample).map_or(Ok(()), |reason| Err(refusal(reason)))?;
            }
        }
        if encoding == UTF_8 && simdutf8::basic::from_utf8(bytes).is_ok() {
            return Ok(Plan::Utf8);
        }
        return Ok(Plan::Decode { encoding, start: bom_len(bytes, encoding), source: EncodingSource::Forced });
    }
    if !options.binary && (bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF])) {
        return Err(DecodeError::UnsupportedEncoding("UTF-32".into()));
    }
    // A UTF-8 mark falls through: the document model drops it.
    if let Some((encoding, start)) = Encoding::for_bom(bytes)
        && (encoding == UTF_16LE || encoding == UTF_16BE)
    {
        return Ok(Plan::Decode { encoding, start, source: EncodingSource::ByteOrderMark });
    }
    if let Some(reason) = binary::binary_reason(sample) {
        if !options.binary {
            return Err(refusal(reason));
        }
        // `--binary`: the bytes as UTF-8, whatever is not becoming U+FFFD,
        // so the strings in a binary file read as they are.
        let valid = simdutf8::basic::from_utf8(bytes).is_ok();
        return Ok(if valid {
            Plan::Utf8
        } else {
            Plan::Decode { encoding: UTF_8, start: 0, source: EncodingSource::Detected }
        });
    }
    let valid_up_to = match simdutf8::compat::from_utf8(bytes) {
        Ok(_) if is_iso_2022_jp(bytes) => {
            return Ok(Plan::Decode { encoding: ISO_2022_JP, start: 0, source: EncodingSource::Detected });
        }
        Ok(_) => return Ok(Plan::Utf8),
        Err(err) => err.valid_up_to(),
    };
    let start = window_start(bytes, valid_up_to);
    let end = (start + SAMPLE_LEN).min(bytes.len());
    let window = &bytes[start..end];
    let at_end = end == bytes.len();
    let encoding = if looks_like_damaged_utf8(window, at_end) { UTF_8 } else { guess_legacy(window, at_end) };
    Ok(Plan::Decode { encoding, start: 0, source: EncodingSource::Detected })
}

/// Why `bytes` would be refused as binary, if they would be (the check of
/// [`plan`] without `--binary`); for telling a `--binary` user what they
/// opened.
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    match Encoding::for_bom(bytes) {
        Some((encoding, _)) if encoding == UTF_16LE || encoding == UTF_16BE => None,
        _ => binary::binary_reason(&bytes[..bytes.len().min(SAMPLE_LEN)]),
    }
}

/// The error for input that is not a text, with what to do about it.
fn refusal(reason: String) -> DecodeError {
    let hint = if reason.contains("--encoding") { "" } else { "; --binary opens it anyway" };
    DecodeError::Binary(format!("{reason}{hint}"))
}

/// Decode what `reader` gives (`total` bytes in all, from the start of the
/// input: a byte order mark the plan skips is skipped here) as `plan` says,
/// through a small buffer, reporting progress. A file can be decoded this
/// way straight from disk, without holding its bytes and its text at once.
/// The inner result is the decoding's (text decoded from a detected legacy
/// encoding that looks binary is refused, unless `options` say otherwise);
/// the outer one is the reader's.
pub fn decode_planned(
    mut reader: impl std::io::Read,
    plan: Plan,
    total: usize,
    options: DecodeOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> std::io::Result<Result<Decoded, DecodeError>> {
    let (encoding, start, source) = match plan {
        Plan::Utf8 => {
            let mut bytes = Vec::with_capacity(total);
            reader.read_to_end(&mut bytes)?;
            return Ok(match String::from_utf8(bytes) {
                Ok(text) => Ok(Decoded::plain(text)),
                Err(_) => Err(DecodeError::Binary("the file changed while it was read".into())),
            });
        }
        Plan::Decode { encoding, start, source } => (encoding, start, source),
    };
    // The byte order mark (a few bytes at most).
    reader.read_exact(&mut vec![0u8; start])?;
    let lossy = decode_stream(reader, start, total, encoding, progress)?;
    Ok(finish(Decoded::with_encoding(lossy, encoding, source), options))
}

/// Refuse decoded text that looks binary, unless the encoding was forced or
/// binary input was asked for. (Valid UTF-8 never comes here: the check of
/// its bytes in [`plan`] was the same check.)
fn finish(decoded: Decoded, options: DecodeOptions) -> Result<Decoded, DecodeError> {
    if options.forced.is_none()
        && !options.binary
        && let Some(reason) = looks_binary(&decoded.text)
    {
        return Err(refusal(reason));
    }
    Ok(decoded)
}

impl Decoded {
    fn plain(text: String) -> Self {
        Decoded { text, encoding: None, source: EncodingSource::Utf8, replaced_bytes: 0, warnings: Vec::new() }
    }

    fn with_encoding(lossy: Lossy, encoding: &'static Encoding, source: EncodingSource) -> Self {
        let mut decoded = Decoded::plain(String::new());
        decoded.encoding = (encoding != UTF_8).then(|| encoding.name());
        decoded.source =
            if encoding == UTF_8 && source == EncodingSource::Detected { EncodingSource::Utf8 } else { source };
        decoded.replaced_bytes = lossy.replaced_bytes;
        if let Some(first) = lossy.first_bad_offset {
            let bytes = plural(lossy.replaced_bytes, "byte", "bytes");
            decoded.warnings.push(format!(
                "{bytes} not valid {} replaced by U+FFFD (first at byte offset {first})",
                encoding.name()
            ));
        }
        decoded.text = lossy.text;
        decoded
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// The length of `encoding`'s byte order mark at the start of `bytes`, if
/// there is one (0 otherwise).
fn bom_len(bytes: &[u8], encoding: &'static Encoding) -> usize {
    match Encoding::for_bom(bytes) {
        Some((bom_encoding, len)) if bom_encoding == encoding => len,
        _ => 0,
    }
}

/// Where the detection window starts: a little before the first invalid byte,
/// on a character boundary (the bytes before `valid_up_to` are valid UTF-8),
/// so the window shows what surrounds the damage.
fn window_start(bytes: &[u8], valid_up_to: usize) -> usize {
    let mut start = valid_up_to.saturating_sub(1024);
    while start > 0 && start < valid_up_to && (bytes[start] & 0xC0) == 0x80 {
        start -= 1;
    }
    start
}

/// Whether `window` (bytes that are not valid UTF-8) is UTF-8 with a few bad
/// bytes rather than a legacy encoding.
///
/// Counted over the window: valid multi-byte UTF-8 characters against
/// maximal invalid sequences. UTF-8 wins when valid characters are at least
/// twice as many as invalid sequences. Japanese text in Shift_JIS or EUC-JP
/// gives the opposite picture (measured on the test corpus: about one
/// accidentally valid sequence for three to four invalid ones), so the margin
/// is wide on both sides; a window with only ASCII and a few high bytes (a
/// Latin-1 `é` in English) has no valid multi-byte character and goes to the
/// detector, which is right for such files.
pub fn looks_like_damaged_utf8(window: &[u8], at_end: bool) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    let mut chunks = window.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        valid_multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        let last = chunks.peek().is_none();
        // A sequence cut by the end of the window is not evidence of anything.
        if !chunk.invalid().is_empty() && (at_end || !last) {
            invalid += 1;
        }
    }
    valid_multibyte > 0 && valid_multibyte >= 2 * invalid
}

/// The legacy encoding of `window` (bytes that are not UTF-8).
///
/// `chardetng` is asked twice: as for a page from a generic domain, and as
/// for one from `.jp`, which favours Japanese encodings. The generic guess
/// misreads short Japanese texts (`はい` in Shift_JIS comes out as
/// windows-1250), the Japanese one misreads short European and Chinese texts.
/// When they disagree, the Japanese guess wins only if it decodes the window
/// without error into text that looks Japanese (see [`reads_as_japanese`]).
fn guess_legacy(window: &[u8], at_end: bool) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(window, at_end);
    let generic = detector.guess(None, chardetng::Utf8Detection::Deny);
    let japanese = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Deny);
    if generic == japanese || reads_as_japanese(window, at_end, japanese) {
        return japanese;
    }
    short_japanese(window, at_end).unwrap_or(generic)
}

/// Texts this short (in non-ASCII bytes) give the detector too little to go
/// on: `日本語` in Shift_JIS comes out as windows-1250, `会議録` in EUC-JP
/// as GBK, half-width katakana as windows-1252.
const SHORT_TEXT: usize = 256;

/// For a short text: Shift_JIS or EUC-JP, whichever decodes it cleanly into
/// Japanese characters only (kana, kanji, half-width katakana, Japanese
/// punctuation, full-width forms); when both do, the one with more kana,
/// then Shift_JIS (the more common). `None` for a longer text, or when
/// neither reads as Japanese.
fn short_japanese(window: &[u8], at_end: bool) -> Option<&'static Encoding> {
    if window.iter().filter(|b| !b.is_ascii()).count() > SHORT_TEXT {
        return None;
    }
    [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP]
        .into_iter()
        .filter_map(|encoding| japanese_kana_count(window, at_end, encoding).map(|kana| (kana, encoding)))
        // Without kana, Chinese text in GBK also decodes as EUC-JP kanji;
        // but it lands on rare (JIS level 2) kanji, where real Japanese this
        // short uses the common ones.
        .filter(|&(kana, encoding)| kana > 0 || rare_kanji(window, encoding) == 0)
        .max_by_key(|&(kana, encoding)| (kana, encoding == encoding_rs::SHIFT_JIS))
        .map(|(_, encoding)| encoding)
}

/// How many two-byte characters of `window` (Shift_JIS or EUC-JP) are JIS
/// level-2 kanji: rare ones, outside the common set of level 1.
fn rare_kanji(window: &[u8], encoding: &'static Encoding) -> usize {
    let mut rare = 0;
    let mut i = 0;
    while i < window.len() {
        let b = window[i];
        let double = if encoding == encoding_rs::EUC_JP {
            rare += usize::from((0xD0..=0xF4).contains(&b));
            b >= 0xA1 || b == 0x8E
        } else {
            rare += usize::from((0x99..=0x9F).contains(&b) || (0xE0..=0xEA).contains(&b));
            (0x81..=0x9F).contains(&b) || (0xE0..=0xFC).contains(&b)
        };
        i += if double { 2 } else { 1 };
    }
    rare
}

/// When `window` decodes as `encoding` without error into text whose
/// non-ASCII characters are all Japanese: how many are full-width kana.
fn japanese_kana_count(window: &[u8], at_end: bool, encoding: &'static Encoding) -> Option<usize> {
    let text = decode_clean(window, at_end, encoding)?;
    let japanese = |c: char| matches!(c, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF9F}');
    let mut non_ascii = text.chars().filter(|c| !c.is_ascii()).peekable();
    non_ascii.peek()?;
    let mut kana = 0;
    for c in non_ascii {
        if !japanese(c) {
            return None;
        }
        kana += usize::from(('\u{3041}'..='\u{30FF}').contains(&c));
    }
    Some(kana)
}

/// `window` decoded as `encoding`, if that gives no error (a character cut
/// by the end of a window that is not the end of the file aside).
fn decode_clean(window: &[u8], at_end: bool, encoding: &'static Encoding) -> Option<String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity =
        decoder.max_utf8_buffer_length_without_replacement(window.len()).unwrap_or(window.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, _) = decoder.decode_to_string_without_replacement(window, &mut text, at_end);
    matches!(result, encoding_rs::DecoderResult::InputEmpty).then_some(text)
}

/// Whether `window` decodes as `encoding` without error (a sequence cut by
/// the end of a window that is not the end of the file aside) into text where
/// at least one non-ASCII character in five is full-width kana. Japanese prose
/// is mostly kana; Chinese text has almost none, and European text decoded as
/// Shift_JIS turns into kanji and half-width katakana, never full-width kana.
fn reads_as_japanese(window: &[u8], at_end: bool, encoding: &'static Encoding) -> bool {
    let Some(text) = decode_clean(window, at_end, encoding) else { return false };
    let non_ascii = text.chars().filter(|c| !c.is_ascii()).count();
    let kana = text.chars().filter(|c| ('\u{3041}'..='\u{30FF}').contains(c)).count();
    kana > 0 && kana * 5 >= non_ascii
}

/// Pure ASCII with an ISO-2022-JP escape in its first [`SAMPLE_LEN`] bytes
/// that `chardetng` confirms.
fn is_iso_2022_jp(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SAMPLE_LEN)];
    if memchr::memchr(0x1B, sample).is_none() || !bytes.is_ascii() {
        return false;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow) == ISO_2022_JP
}

/// Decoded text with the count and place of the replaced bytes.
struct Lossy {
    text: String,
    replaced_bytes: usize,
    first_bad_offset: Option<usize>,
}

/// Decode the bytes `reader` gives (the input from byte `start` on, `total`
/// bytes in all) with `encoding`, bad sequences becoming U+FFFD; offsets in
/// warnings count from the start of the input.
///
/// The text goes through a small buffer into a string sized for Japanese
/// (kana and kanji: two bytes become three): the decoders' worst case
/// (three bytes for every byte) would reserve twice too much, and a decoder
/// writes all the room it is given, so all of it would be memory in use.
fn decode_stream(
    mut reader: impl std::io::Read,
    start: usize,
    total: usize,
    encoding: &'static Encoding,
    progress: &mut dyn FnMut(usize, usize),
) -> std::io::Result<Lossy> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let size = total.saturating_sub(start);
    let mut text = String::with_capacity(size + size / 2 + 16);
    let mut input = vec![0u8; PROGRESS_PIECE];
    let mut output = vec![0u8; DECODE_BUFFER];
    let mut replaced_bytes = 0;
    let mut first_bad_offset = None;
    let mut consumed = start;
    loop {
        let filled = read_full(&mut reader, &mut input)?;
        let last = filled < input.len();
        let mut piece = &input[..filled];
        loop {
            let (result, read, written) = decoder.decode_to_utf8_without_replacement(piece, &mut output, last);
            piece = &piece[read..];
            consumed += read;
            // Decoders write whole characters only: the bytes are UTF-8.
            text.push_str(std::str::from_utf8(&output[..written]).unwrap_or("\u{FFFD}"));
            match result {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => {}
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    let bad = usize::from(bad);
                    first_bad_offset.get_or_insert(consumed.saturating_sub(bad + usize::from(after)));
                    replaced_bytes += bad;
                    text.push('\u{FFFD}');
                }
            }
        }
        progress(consumed, total);
        if last {
            return Ok(Lossy { text, replaced_bytes, first_bad_offset });
        }
    }
}

/// Fill `buffer` from `reader` as far as it goes; short only at the end.
fn read_full(reader: &mut impl std::io::Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// How many input bytes a legacy decoder takes between progress reports.
const PROGRESS_PIECE: usize = 1 << 20;

/// The legacy decoder's output buffer.
const DECODE_BUFFER: usize = 256 << 10;

/// Why `text` (decoded from a detected legacy encoding, or damaged UTF-8)
/// looks like a decoded binary file, if it does: at least four, and more
/// than one in ten, of the characters in its first [`SAMPLE_LEN`] bytes are
/// U+FFFD or control characters that text does not use
/// ([`binary::is_binary_control`]). A few in a short text are damage, shown
/// inert, not a sign of binary; the bar is higher than for the bytes of
/// [`binary::control_bytes`] because a legacy text read in the wrong
/// encoding has U+FFFD too.
pub fn looks_binary(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let mut chars = 0usize;
    let mut suspicious = 0usize;
    for c in sample.chars() {
        chars += 1;
        suspicious += usize::from(c == '\u{FFFD}' || binary::is_binary_control(c as u32));
    }
    (suspicious >= 4 && suspicious * 10 > chars)
        .then(|| format!("{suspicious} of the first {chars} characters are control codes or undecodable bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAPANESE: &str = "トカエフ大統領は、車で大統領府に到着した習主席を温かく出迎えた。\n\
        歓迎式典の後、両首脳は小規模な会談を行った。「黄金の30年」における関係の発展。\n";

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn a_large_legacy_text_decodes_in_pieces_with_progress() {
        // Several megabytes, so characters straddle the pieces' edges.
        let text = format!("{}ｱｲｳ\n", JAPANESE.repeat(9_000));
        let bytes = encode(&text, encoding_rs::SHIFT_JIS);
        let total = bytes.len();
        let mut reports = Vec::new();
        let d =
            decode_with_progress(bytes, DecodeOptions::default(), &mut |done, all| reports.push((done, all))).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, Some("Shift_JIS"));
        assert!(reports.len() >= 2, "{reports:?}");
        assert!(reports.windows(2).all(|w| w[0].0 < w[1].0 && w[1].1 == total));
    }

    #[test]
    fn short_japanese_texts_are_not_mistaken_for_european_encodings() {
        let cases = [
            ("日本語\n", encoding_rs::SHIFT_JIS),
            ("会議録\n", encoding_rs::EUC_JP),
            ("ｶﾀｶﾅﾃﾞｶｲﾀﾌﾞﾝｼｮｳﾃﾞｽ｡ｺﾚﾊﾃｽﾄﾃﾞｽ｡\n", encoding_rs::SHIFT_JIS),
            ("ｺﾝﾆﾁﾊ ｾｶｲ ABC 123\n", encoding_rs::SHIFT_JIS),
            ("東京都\n", encoding_rs::SHIFT_JIS),
        ];
        for (text, encoding) in cases {
            let d = decode(encode(text, encoding)).unwrap();
            assert_eq!(d.text, text, "{text:?} in {}", encoding.name());
        }
    }

    #[test]
    fn short_european_texts_keep_their_encoding() {
        for (text, encoding) in [
            ("Größe und Übermaß\n", encoding_rs::WINDOWS_1252),
            ("Привет, мир\n", encoding_rs::WINDOWS_1251),
            ("Żółć gęślą\n", encoding_rs::WINDOWS_1250),
        ] {
            let d = decode(encode(text, encoding)).unwrap();
            assert_eq!(d.text, text, "{text:?} in {}", encoding.name());
        }
    }

    #[test]
    fn empty_input_is_empty_text() {
        let d = decode(Vec::new()).unwrap();
        assert_eq!(d.text, "");
        assert_eq!(d.encoding, None);
    }

    #[test]
    fn valid_utf8_is_moved_not_copied() {
        let bytes = JAPANESE.as_bytes().to_vec();
        let ptr = bytes.as_ptr();
        let d = decode(bytes).unwrap();
        assert_eq!(d.text.as_ptr(), ptr);
        assert_eq!(d.encoding, None);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf8_bom_is_utf8() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(JAPANESE.as_bytes());
        let d = decode(bytes).unwrap();
        assert_eq!(d.text.trim_start_matches('\u{feff}'), JAPANESE);
        assert_eq!(d.encoding, None);
    }

    #[test]
    fn utf16_with_either_bom_is_decoded() {
        for (encoding, bom) in [(UTF_16LE, [0xFF, 0xFE]), (UTF_16BE, [0xFE, 0xFF])] {
            let mut bytes = bom.to_vec();
            for unit in JAPANESE.encode_utf16() {
                let pair = if encoding == UTF_16LE { unit.to_le_bytes() } else { unit.to_be_bytes() };
                bytes.extend_from_slice(&pair);
            }
            let d = decode(bytes).unwrap();
            assert_eq!(d.text, JAPANESE);
            assert_eq!(d.encoding, Some(encoding.name()));
            assert_eq!(d.source, EncodingSource::ByteOrderMark);
        }
    }

    #[test]
    fn shift_jis_and_euc_jp_are_detected() {
        for encoding in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
            let d = decode(encode(JAPANESE, encoding)).unwrap();
            assert_eq!(d.text, JAPANESE, "{}", encoding.name());
            assert_eq!(d.encoding, Some(encoding.name()));
            assert_eq!(d.source, EncodingSource::Detected);
            assert_eq!(d.replaced_bytes, 0);
        }
    }

    #[test]
    fn a_short_shift_jis_line_after_ascii_is_detected() {
        let text = format!("{}\n短い行です。\n", "ascii header line ".repeat(200));
        let d = decode(encode(&text, encoding_rs::SHIFT_JIS)).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn short_texts_lean_japanese_only_when_they_read_as_japanese() {
        for (text, encoding) in [
            ("はい", encoding_rs::SHIFT_JIS),
            ("「はい」と言った。", encoding_rs::SHIFT_JIS),
            ("はい", encoding_rs::EUC_JP),
            ("Grüße aus Köln", encoding_rs::WINDOWS_1252),
            ("中国人民共和国", encoding_rs::GBK),
            ("Привет, мир", encoding_rs::WINDOWS_1251),
            // Half-width katakana take one byte in Shift_JIS and three in UTF-8.
            ("ﾊﾝｶｸｶﾀｶﾅｦｶｲﾀ。ひらがなもある。", encoding_rs::SHIFT_JIS),
        ] {
            let d = decode(encode(text, encoding)).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, Some(encoding.name())));
        }
    }

    #[test]
    fn iso_2022_jp_is_detected() {
        let d = decode(encode(JAPANESE, ISO_2022_JP)).unwrap();
        assert_eq!(d.text, JAPANESE);
        assert_eq!(d.encoding, Some("ISO-2022-JP"));
    }

    #[test]
    fn damaged_utf8_keeps_utf8_and_counts_the_bad_bytes() {
        let mut bytes = JAPANESE.as_bytes().to_vec();
        bytes.insert(6, 0xFF);
        bytes.extend_from_slice(&[0xE3, 0x81]); // a character cut at the end
        let d = decode(bytes).unwrap();
        assert_eq!(d.encoding, None);
        assert_eq!(d.replaced_bytes, 3);
        assert_eq!(d.text.matches('\u{FFFD}').count(), 2);
        assert!(d.text.starts_with("トカ\u{FFFD}エフ"));
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("3 bytes"), "{:?}", d.warnings);
        assert!(d.warnings[0].contains("offset 6"), "{:?}", d.warnings);
    }

    #[test]
    fn damaged_utf8_far_into_a_large_file_is_still_utf8() {
        let mut text = JAPANESE.repeat(2000).into_bytes();
        let middle = text.len() / 2;
        let at = (middle..).find(|&i| text[i] == b'\n').unwrap();
        text.insert(at, 0x80);
        let d = decode(text).unwrap();
        assert_eq!(d.encoding, None);
        assert_eq!(d.replaced_bytes, 1);
    }

    #[test]
    fn latin1_bytes_in_ascii_go_to_the_detector() {
        let d = decode(b"Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e.\n".to_vec()).unwrap();
        assert_eq!(d.text, "Café au lait, crème brûlée.\n");
        assert_eq!(d.encoding, Some("windows-1252"));
    }

    #[test]
    fn damaged_utf8_rule_counts_both_sides() {
        assert!(looks_like_damaged_utf8("日本語\u{FFFD}".as_bytes(), true));
        assert!(looks_like_damaged_utf8(b"\xe6\x97\xa5\xe6\x9c\xac\xff", true));
        assert!(!looks_like_damaged_utf8(&encode("日本語の文章です", encoding_rs::SHIFT_JIS), true));
        assert!(!looks_like_damaged_utf8(b"plain \xff", true));
        // A cut sequence at the end of a window that is not the end of the file
        // counts for nothing.
        assert!(looks_like_damaged_utf8(b"\xe6\x97\xa5\xe6", false));
    }

    #[test]
    fn binary_signatures_are_refused_by_name() {
        let err = decode(b"PK\x03\x04\x00\x00text".to_vec()).unwrap_err();
        assert_eq!(err, DecodeError::Binary("a zip archive; --binary opens it anyway".into()));
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
        assert_eq!(
            decode(png.clone()).unwrap_err().to_string(),
            "not a text file (a PNG image; --binary opens it anyway)"
        );
        // Forcing an encoding does not make a PNG a text.
        assert!(decode_with(png, Some(encoding_rs::SHIFT_JIS)).is_err());
    }

    #[test]
    fn a_stray_nul_is_text_anywhere() {
        let d = decode("あいう\0えお\n".as_bytes().to_vec()).unwrap();
        assert_eq!(d.text, "あいう\0えお\n", "the document shows it as a stand-in");
        let mut bytes = JAPANESE.repeat(SAMPLE_LEN / JAPANESE.len() + 1).into_bytes();
        bytes.extend_from_slice(b"tail\x00end\n");
        let d = decode(bytes).unwrap();
        assert!(d.text.ends_with("tail\u{0}end\n"));
        // A NUL in a Shift_JIS text does not stop its detection.
        let mut sjis = encode(JAPANESE, encoding_rs::SHIFT_JIS);
        sjis.insert(10, 0);
        assert_eq!(decode(sjis).unwrap().encoding, Some("Shift_JIS"));
    }

    #[test]
    fn binary_options_open_anything_inert() {
        let options = DecodeOptions { forced: None, binary: true, join: None };
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe".to_vec();
        let d = decode_with_progress(png.clone(), options, &mut |_, _| {}).unwrap();
        assert_eq!(d.text, "\u{FFFD}PNG\r\n\u{1a}\n\0\0\0\rIHDR\u{FFFD}\u{FFFD}");
        assert_eq!(d.encoding, None, "read as UTF-8");
        assert!(binary_reason(&png).unwrap().contains("PNG"));
        let noise: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
        assert!(decode_with_progress(noise, options, &mut |_, _| {}).is_ok());
        let utf32 = vec![0xFF, 0xFE, 0, 0, b'a', 0, 0, 0];
        assert!(decode_with_progress(utf32, options, &mut |_, _| {}).is_ok());
        // Text is read as usual.
        let d = decode_with_progress(encode(JAPANESE, encoding_rs::EUC_JP), options, &mut |_, _| {}).unwrap();
        assert_eq!(d.text, JAPANESE);
        assert_eq!(binary_reason(JAPANESE.as_bytes()), None);
    }

    #[test]
    fn utf16_without_a_mark_is_refused_with_a_hint() {
        let le: Vec<u8> = "Hello, world. 日本語も少し。\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = decode(le).unwrap_err().to_string();
        assert!(err.contains("try --encoding utf-16le"), "{err}");
        let be: Vec<u8> = "Hello, world.\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(decode(be).unwrap_err().to_string().contains("try --encoding utf-16be"));
        let binary = decode(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec());
        assert!(!binary.unwrap_err().to_string().contains("UTF-16"));
    }

    #[test]
    fn control_heavy_bytes_without_nul_are_binary() {
        let bytes: Vec<u8> = (1u8..=255).cycle().take(4096).collect();
        assert!(matches!(decode(bytes), Err(DecodeError::Binary(_))));
        let ok = decode(b"title \x1b[31mred\x1b[0m and a bell\x07 in text\n".to_vec()).unwrap();
        assert!(ok.text.contains('\u{7}'), "sanitising is the document's job");
        // Control bytes count in a legacy text too.
        let mut sjis = encode("日本語の文章です。", encoding_rs::SHIFT_JIS);
        sjis.extend_from_slice(&[0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0e, 0x0f, 0x10, 0x11]);
        assert!(matches!(decode(sjis), Err(DecodeError::Binary(_))));
    }

    #[test]
    fn utf32_is_refused_by_name() {
        let err = decode(vec![0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).unwrap_err();
        assert_eq!(err, DecodeError::UnsupportedEncoding("UTF-32".into()));
    }

    #[test]
    fn forced_encodings_are_obeyed() {
        let sjis = encode(JAPANESE, encoding_rs::SHIFT_JIS);
        let d = decode_with(sjis.clone(), Some(encoding_for_label("sjis").unwrap())).unwrap();
        assert_eq!(d.text, JAPANESE);
        assert_eq!(d.source, EncodingSource::Forced);
        // Forcing the wrong one gives mojibake, but never a panic or a refusal.
        let d = decode_with(sjis, Some(encoding_for_label("EUC-JP").unwrap())).unwrap();
        assert_ne!(d.text, JAPANESE);
        // UTF-16 without a mark only when asked; its NUL bytes are not binary.
        let bytes: Vec<u8> = "abc".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode_with(bytes, Some(encoding_for_label("utf-16le").unwrap())).unwrap();
        assert_eq!(d.text, "abc");
    }

    #[test]
    fn offsets_of_bad_bytes_count_the_byte_order_mark() {
        // An unpaired surrogate in UTF-16LE after the mark.
        let bytes = vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "a\u{FFFD}b");
        assert_eq!(d.replaced_bytes, 2);
        assert!(d.warnings[0].contains("offset 4"), "{:?}", d.warnings);
    }

    #[test]
    fn unknown_and_unsupported_labels_are_errors() {
        assert_eq!(encoding_for_label("klingon").unwrap_err(), DecodeError::UnknownEncoding("klingon".into()));
        assert!(matches!(encoding_for_label("iso-2022-kr"), Err(DecodeError::UnsupportedEncoding(_))));
    }

    #[test]
    fn malformed_legacy_bytes_are_counted() {
        let mut bytes = encode("日本語", encoding_rs::SHIFT_JIS);
        bytes.push(0x81); // a lead byte with nothing after it
        let d = decode_with(bytes, Some(encoding_rs::SHIFT_JIS)).unwrap();
        assert_eq!(d.text, "日本語\u{FFFD}");
        assert_eq!(d.replaced_bytes, 1);
        assert!(d.warnings[0].contains("offset 6"), "{:?}", d.warnings);
    }
}
