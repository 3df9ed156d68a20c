//! A shortcut through UAX #14 for paragraphs of plain ASCII.
//!
//! Logs, source code and English prose are made of printable ASCII, spaces
//! and tabs, and for them `unicode-linebreak`'s iterator is most of the cost
//! of a layout (the pair table of [`super::uax`] stops at the first space or
//! digit). Fourteen line break classes cover these characters, and UAX #14
//! decides a break between them from two things: the class of the last
//! character that is not a space, and whether spaces came in between. So the
//! rules are restated here as a small state machine over that pair.
//!
//! The classes come from `unicode-linebreak` itself; the tests check the
//! machine against the crate on every string of up to five class
//! representatives, on random ASCII text and on every line of a log.

use std::sync::OnceLock;

use unicode_linebreak::{BreakClass, break_property};

/// Not one of the classes below (a control character, a line end).
const OTHER: u8 = 0;
const AL: u8 = 1;
const NU: u8 = 2;
const SP: u8 = 3;
const BA: u8 = 4;
const HY: u8 = 5;
const EX: u8 = 6;
const QU: u8 = 7;
const OP: u8 = 8;
const CP: u8 = 9;
const CL: u8 = 10;
const IS: u8 = 11;
const SY: u8 = 12;
const PR: u8 = 13;
const PO: u8 = 14;
/// The class before the first character: breaks no rule.
const START: u8 = 15;

/// The class of every ASCII byte, as `unicode-linebreak` resolves it.
fn classes() -> &'static [u8; 128] {
    static CLASSES: OnceLock<[u8; 128]> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut table = [OTHER; 128];
        for (b, slot) in table.iter_mut().enumerate() {
            *slot = match break_property(b as u32) {
                BreakClass::Alphabetic => AL,
                BreakClass::Numeric => NU,
                BreakClass::Space => SP,
                BreakClass::After => BA,
                BreakClass::Hyphen => HY,
                BreakClass::Exclamation => EX,
                BreakClass::Quotation => QU,
                BreakClass::OpenPunctuation => OP,
                BreakClass::CloseParenthesis => CP,
                BreakClass::ClosePunctuation => CL,
                BreakClass::InfixSeparator => IS,
                BreakClass::Symbol => SY,
                BreakClass::Prefix => PR,
                BreakClass::Postfix => PO,
                _ => OTHER,
            };
        }
        table
    })
}

/// Whether the shortcut covers `bytes`: ASCII of the classes above only
/// (printable characters, spaces, tabs; no control character or line end).
pub(crate) fn covers(bytes: &[u8]) -> bool {
    let classes = classes();
    bytes.iter().all(|&b| b < 0x80 && classes[b as usize] != OTHER)
}

/// Whether UAX #14 forbids a break between two adjacent characters of
/// classes `a` and `b` (neither a space) by a rule from LB19 on.
const fn pair_joins(a: u8, b: u8) -> bool {
    matches!(
        (a, b),
        // LB19: × QU, QU ×. LB21: × BA, × HY.
        (_, QU | BA | HY) | (QU, _)
        // LB23: letters and numbers. LB24: prefixes and postfixes with letters.
        | (AL, NU | PR | PO) | (NU, AL) | (PR | PO, AL)
        // LB25: numbers with their punctuation.
        | (CL | CP, PO | PR) | (NU, PO | PR | NU) | (PO | PR, OP | NU) | (HY | IS | SY, NU)
        // LB28: AL × AL. LB29: IS × AL. LB30: (AL | NU) × OP, CP × (AL | NU).
        | (AL | IS, AL) | (AL | NU, OP) | (CP, AL | NU)
    )
}

/// Where the machine stands: the class of the last character that was not
/// a space ([`START`] before the first), and whether spaces followed it.
#[derive(Debug, Clone, Copy)]
struct State {
    last: u8,
    spaces: bool,
}

/// [`Machine`]'s table: for each state (`last`, plus 16 when `spaces`) and
/// class, the next state, plus [`ALLOWS`] when a break is allowed before a
/// character of that class.
type Transitions = [[u8; 16]; 32];

/// [`Transitions`]: a break is allowed.
const ALLOWS: u8 = 0x80;

/// The rules below as a table, built once.
fn transitions() -> &'static Transitions {
    static TABLE: OnceLock<Transitions> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [[0u8; 16]; 32];
        for (index, row) in table.iter_mut().enumerate() {
            let state = State { last: (index & 15) as u8, spaces: index >= 16 };
            for (class, slot) in row.iter_mut().enumerate() {
                let class = class as u8;
                let next = if class == SP { state.last | 16 } else { class };
                *slot = next | if state.allows(class) { ALLOWS } else { 0 };
            }
        }
        table
    })
}

/// UAX #14 over a paragraph that [`covers`] accepts, one byte at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Machine {
    classes: &'static [u8; 128],
    transitions: &'static Transitions,
    state: u8,
}

impl Machine {
    /// The machine before a paragraph's first character.
    pub(crate) fn new() -> Self {
        Machine { classes: classes(), transitions: transitions(), state: START }
    }

    /// Take the next byte (one [`covers`] accepts); whether UAX #14 allows a
    /// break before it.
    #[inline(always)]
    pub(crate) fn step(&mut self, byte: u8) -> bool {
        let class = self.classes[(byte & 0x7F) as usize];
        let next = self.transitions[(self.state & 31) as usize][(class & 15) as usize];
        self.state = next & 31;
        next & ALLOWS != 0
    }
}

impl State {
    /// Whether a break is allowed before a character of class `b`.
    #[inline(always)]
    fn allows(self, b: u8) -> bool {
        let a = self.last;
        if a == START && !self.spaces {
            return false; // LB2: never at the start.
        }
        // LB7: × SP. LB13: × CL, × CP, × EX, × IS, × SY (after spaces too).
        if matches!(b, SP | CL | CP | EX | IS | SY) {
            return false;
        }
        // LB14: OP SP* ×. LB15: QU SP* × OP.
        if a == OP || (a == QU && b == OP) {
            return false;
        }
        // LB18: SP ÷. Otherwise the pair decides (LB31: ÷ where no rule joins).
        self.spaces || !pair_joins(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_linebreak::linebreaks;

    /// Break positions by the machine (not the one at the end).
    fn machine_breaks(s: &str) -> Vec<usize> {
        let mut machine = Machine::new();
        s.bytes().enumerate().filter_map(|(i, b)| machine.step(b).then_some(i)).collect()
    }

    fn uax_breaks(s: &str) -> Vec<usize> {
        linebreaks(s).map(|(i, _)| i).filter(|&i| i < s.len()).collect()
    }

    /// One character of each class the machine knows.
    const REPRESENTATIVES: [char; 14] = ['a', '1', ' ', '\t', '-', '!', '"', '(', ')', '}', '.', '/', '$', '%'];

    #[test]
    fn the_representatives_stand_for_every_class() {
        let mut seen: Vec<u8> = REPRESENTATIVES.iter().map(|&c| classes()[c as usize]).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (AL..=PO).collect::<Vec<u8>>());
    }

    #[test]
    fn printable_ascii_tabs_and_spaces_are_covered_and_line_ends_are_not() {
        let printable: Vec<u8> = (0x20..0x7F).chain([b'\t']).collect();
        assert!(covers(&printable));
        for b in [b'\n', b'\r', 0x0B, 0x0C, 0x00, 0x1B, 0x7F, 0xC3] {
            assert!(!covers(&[b'a', b]), "{b:#x}");
        }
    }

    #[test]
    fn every_string_of_up_to_five_classes_agrees_with_unicode_linebreak() {
        let mut strings = vec![String::new()];
        for _ in 0..5 {
            strings = strings.iter().flat_map(|s| REPRESENTATIVES.iter().map(move |&c| format!("{s}{c}"))).collect();
            for s in &strings {
                assert_eq!(machine_breaks(s), uax_breaks(s), "{s:?}");
            }
        }
    }

    #[test]
    fn every_line_of_a_log_and_of_prose_agrees_with_unicode_linebreak() {
        let text = "2026-11-27T04:00:00.000Z warning GET /api/v1/items?id=42&x=[1,2] 500 (took 12.5ms) \
                    user=\"o'brien\" {ok: true} -- 50% off! $9.99 +1 #tag @host ~/dir a|b a_b <x> `c` \\n\n\
                    \tIt was the best of times, it was the worst of times; \"Well,\" he said -- (quietly) --\n\
                    e.g. 3.14 1,000,000 -5 +5 (1) [2] {3} 'a' \"b\" !? ... ./a.out x/y  two  spaces";
        for line in text.lines() {
            assert_eq!(machine_breaks(line), uax_breaks(line), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn random_ascii_agrees_with_unicode_linebreak(s in "[ -~\t]{0,80}") {
            proptest::prop_assert_eq!(machine_breaks(&s), uax_breaks(&s), "{:?}", s);
        }

        #[test]
        fn random_ascii_with_many_spaces_agrees_with_unicode_linebreak(s in "[ (\"'a1.\\-/$%)!\t]{0,40}") {
            proptest::prop_assert_eq!(machine_breaks(&s), uax_breaks(&s), "{:?}", s);
        }
    }
}
