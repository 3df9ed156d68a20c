//! Accented Latin letters written in the notation's decomposed form:
//! `〔Ce'zanne〕` is Cézanne. Inside tortoise-shell brackets holding only
//! ASCII, a letter followed by a mark is the accented letter (`` ` `` grave,
//! `'` acute, `^` circumflex, `~` tilde, `_` macron, `:` diaeresis, `&`
//! ring, `,` cedilla, `/` stroke), `ae&` `oe&` are the ligatures, `s&` is ß,
//! `!@` and `?@` are ¡ and ¿. Brackets with nothing to compose are left as
//! they are: they are ordinary brackets.

use unicode_normalization::char::compose;

/// The letters each mark may follow (the Latin-1 set the notation uses), so
/// that an apostrophe after a consonant stays an apostrophe.
fn combining(letter: char, mark: char) -> Option<char> {
    let (allowed, combining) = match mark {
        '`' => ("aeiouAEIOU", '\u{300}'),
        '\'' => ("aeiouyAEIOUYcnszCNSZ", '\u{301}'),
        '^' => ("aeiouAEIOU", '\u{302}'),
        '~' => ("anoANO", '\u{303}'),
        '_' => ("aeiouAEIOU", '\u{304}'),
        ':' => ("aeiouyAEIOUY", '\u{308}'),
        '&' => ("aAuU", '\u{30a}'),
        ',' => ("cCsS", '\u{327}'),
        _ => return None,
    };
    if allowed.contains(letter) { compose(letter, combining) } else { None }
}

/// The text of `〔inside〕` with its accents composed and without the
/// brackets, or `None` when it is not the decomposed form.
pub(super) fn compose_accents(inside: &str) -> Option<String> {
    if inside.is_empty() || !inside.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return None;
    }
    let bytes = inside.as_bytes();
    let mut out = String::with_capacity(inside.len());
    let mut composed = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = char::from(bytes[i]);
        let next = bytes.get(i + 1).map(|&b| char::from(b));
        let after = bytes.get(i + 2).map(|&b| char::from(b));
        let ligature = match (c, next, after) {
            ('a', Some('e'), Some('&')) => Some('æ'),
            ('A', Some('E'), Some('&')) => Some('Æ'),
            ('o', Some('e'), Some('&')) => Some('œ'),
            ('O', Some('E'), Some('&')) => Some('Œ'),
            _ => None,
        };
        let (replacement, width) = if let Some(l) = ligature {
            (Some(l), 3)
        } else {
            let two = match (c, next) {
                ('s', Some('&')) => Some('ß'),
                ('o', Some('/')) => Some('ø'),
                ('O', Some('/')) => Some('Ø'),
                ('!', Some('@')) => Some('¡'),
                ('?', Some('@')) => Some('¿'),
                (letter, Some(mark)) => combining(letter, mark),
                _ => None,
            };
            (two, 2)
        };
        match replacement {
            Some(r) => {
                out.push(r);
                composed = true;
                i += width;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    composed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_ligatures_compose() {
        assert_eq!(compose_accents("Ce'zanne").as_deref(), Some("Cézanne"));
        assert_eq!(compose_accents("Mu:ller").as_deref(), Some("Müller"));
        assert_eq!(compose_accents("Franc,ois").as_deref(), Some("François"));
        assert_eq!(compose_accents("Stras&e oe&uvre ae&").as_deref(), Some("Straße œuvre æ"));
        assert_eq!(compose_accents("!@Hola! Espan~a").as_deref(), Some("¡Hola! España"));
    }

    #[test]
    fn brackets_without_accents_are_ordinary_brackets() {
        assert_eq!(compose_accents("l'homme"), None, "an apostrophe after a consonant");
        assert_eq!(compose_accents("注"), None);
        assert_eq!(compose_accents(""), None);
        assert_eq!(compose_accents("plain words"), None);
    }
}
