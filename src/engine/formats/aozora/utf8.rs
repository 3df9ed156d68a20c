//! Characters read straight from the bytes of the buffer being rewritten.
//!
//! The parser works on bytes (the text's own buffer, moved down in place),
//! and looks at single characters around its cursors many thousand times a
//! novel: at ruby bases, at line ends. Decoding them by hand costs a few
//! instructions where a `str` validation per look cost a third of the
//! parse. Malformed bytes (which the parser never produces) read as no
//! character rather than panicking.

/// The character of `bytes` starting at `at`, and its length in bytes.
#[inline]
pub(super) fn char_at(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let lead = *bytes.get(at)?;
    let (len, initial) = match lead {
        0..=0x7f => return Some((char::from(lead), 1)),
        0xc2..=0xdf => (2, u32::from(lead & 0x1f)),
        0xe0..=0xef => (3, u32::from(lead & 0x0f)),
        0xf0..=0xf4 => (4, u32::from(lead & 0x07)),
        _ => return None,
    };
    let tail = bytes.get(at + 1..at + len)?;
    let mut value = initial;
    for &b in tail {
        if b & 0xc0 != 0x80 {
            return None;
        }
        value = value << 6 | u32::from(b & 0x3f);
    }
    char::from_u32(value).filter(|c| c.len_utf8() == len).map(|c| (c, len))
}

/// The character of `bytes` ending at `end`, and where it starts.
#[inline]
pub(super) fn char_before(bytes: &[u8], end: usize) -> Option<(char, usize)> {
    // Kana and kanji, most of what is looked at: three bytes.
    if end >= 3 && end <= bytes.len() {
        let [lead, b1, b2] = [bytes[end - 3], bytes[end - 2], bytes[end - 1]];
        if lead & 0xf0 == 0xe0 && b1 & 0xc0 == 0x80 && b2 & 0xc0 == 0x80 {
            let value = u32::from(lead & 0x0f) << 12 | u32::from(b1 & 0x3f) << 6 | u32::from(b2 & 0x3f);
            if value >= 0x800 {
                return char::from_u32(value).map(|c| (c, end - 3));
            }
        }
    }
    let mut start = end.checked_sub(1)?;
    while start > 0 && end - start < 4 && bytes[start] & 0xc0 == 0x80 {
        start -= 1;
    }
    match char_at(bytes, start) {
        Some((c, len)) if start + len == end => Some((c, start)),
        _ => None,
    }
}

/// The length of `bytes` without trailing whitespace.
pub(super) fn trimmed_len(bytes: &[u8]) -> usize {
    let mut end = bytes.len();
    while let Some((c, start)) = char_before(bytes, end) {
        if !c.is_whitespace() {
            break;
        }
        end = start;
    }
    end
}

/// Whether `bytes` hold anything but whitespace.
pub(super) fn has_text(bytes: &[u8]) -> bool {
    let mut at = 0;
    while at < bytes.len() {
        match char_at(bytes, at) {
            Some((c, len)) if c.is_whitespace() => at += len,
            _ => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_of_every_length_decode() {
        let text = "a\u{e9}漢𠀋";
        let bytes = text.as_bytes();
        let forward: Vec<char> = std::iter::successors(Some(0), |&at| char_at(bytes, at).map(|(_, len)| at + len))
            .take_while(|&at| at < bytes.len())
            .filter_map(|at| char_at(bytes, at).map(|(c, _)| c))
            .collect();
        assert_eq!(forward, ['a', 'é', '漢', '𠀋']);
        assert_eq!(char_before(bytes, bytes.len()), Some(('𠀋', 6)));
        assert_eq!(char_before(bytes, 6), Some(('漢', 3)));
        assert_eq!(char_before(bytes, 0), None);
    }

    #[test]
    fn malformed_bytes_are_no_character() {
        assert_eq!(char_at(&[0xe6, 0xbc], 0), None, "cut short");
        assert_eq!(char_at(&[0xe6, 0x41, 0x41], 0), None, "not a continuation");
        assert_eq!(char_at(&[0xc0, 0x80], 0), None, "overlong");
        assert_eq!(char_at(&[0xed, 0xa0, 0x80], 0), None, "a surrogate");
        assert_eq!(char_at(&[0xe0, 0x80, 0x80], 0), None, "overlong in three bytes");
        assert_eq!(char_before(&[0x80, 0x80], 2), None);
    }

    #[test]
    fn whitespace_at_the_ends() {
        assert_eq!(trimmed_len("本文 \u{3000}\t".as_bytes()), "本文".len());
        assert_eq!(trimmed_len("\u{3000}".as_bytes()), 0);
        assert!(has_text("\u{3000} x".as_bytes()));
        assert!(!has_text("\u{3000} \t".as_bytes()));
        assert!(!has_text(b""));
    }
}
