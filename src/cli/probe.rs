//! `--ambiguous auto`: measuring how wide the terminal draws East Asian
//! Ambiguous characters and emoji, instead of guessing.
//!
//! Terminals disagree: `○` is one cell in most and two in terminals set to
//! "ambiguous = wide"; `☺️` (a text symbol made an emoji by U+FE0F) is two
//! cells for `unicode-width` and one in tmux 3.3a. So at start-up, when the
//! setting is `auto` and standard output is a terminal, emaki asks it.
//!
//! What is probed, in order ([`PROBES`]):
//!
//! 1. `○` U+25CB, East Asian Ambiguous: decides [`TerminalWidths::ambiguous`].
//! 2. `☺️` U+263A U+FE0F: decides [`TerminalWidths::vs16_wide`].
//! 3. `👨‍👩‍👧`, a ZWJ family: two cells in terminals that join the sequence,
//!    more in others; measured and reported ([`Measured::zwj`]), not used.
//!
//! How: on the alternate screen (the main screen is never touched), with the
//! cursor hidden and the terminal in raw mode, each probe is written at the
//! start of the top line and followed by a cursor position request (`CSI
//! 6n`); the column reported, less one, is its width. A device attributes
//! request (`CSI c`), which terminals answer after the others, ends the
//! batch, so a terminal that does not report positions is known without
//! waiting. The whole exchange waits at most [`TIMEOUT`]; without an
//! answer, ambiguous characters are narrow and emoji as `unicode-width`
//! says. Nothing is probed when standard output is not a terminal, when
//! `TERM` is `dumb` or `linux` (the Linux console has no alternate screen),
//! or when the setting is `narrow` or `wide`.
//!
//! The exchange itself ([`measure`]) runs on any [`ProbeTerminal`], so tests
//! drive it with a fake terminal.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::app::config::{AmbiguousSetting, LayoutSettings};
use crate::engine::layout::AmbiguousWidth;

/// The terminal's widths, resolved once at start-up, for the layout and the
/// reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalWidths {
    /// East Asian Ambiguous characters.
    pub ambiguous: AmbiguousWidth,
    /// Whether a narrow symbol followed by U+FE0F (`☺️`) takes two cells, as
    /// `unicode-width` says, or one (`false`, as in tmux 3.3a).
    pub vs16_wide: bool,
}

impl TerminalWidths {
    /// What emaki assumes without a measurement: ambiguous narrow, emoji as
    /// `unicode-width` says.
    pub const ASSUMED: TerminalWidths = TerminalWidths { ambiguous: AmbiguousWidth::Narrow, vs16_wide: true };

    /// Put the widths into the layout settings the reader starts with.
    pub fn apply(self, layout: &mut LayoutSettings) {
        layout.ambiguous = self.ambiguous;
        layout.vs16_wide = self.vs16_wide;
    }
}

/// The probe characters, in the order they are written.
pub const PROBES: [&str; 3] = ["\u{25CB}", "\u{263A}\u{FE0F}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"];

/// How long the probe waits for the terminal's answers, in all. With the
/// set-up around it, start-up takes at most 50 ms longer when the terminal
/// never answers.
pub const TIMEOUT: Duration = Duration::from_millis(40);

/// Cells the terminal advanced for each probe; `None` without an answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measured {
    /// `○`.
    pub ambiguous: Option<u16>,
    /// `☺️`.
    pub vs16: Option<u16>,
    /// `👨‍👩‍👧`.
    pub zwj: Option<u16>,
}

impl Measured {
    /// The widths to use: measured where the terminal answered with a width
    /// that makes sense, assumed elsewhere.
    pub fn widths(&self) -> TerminalWidths {
        let assumed = TerminalWidths::ASSUMED;
        TerminalWidths {
            ambiguous: match self.ambiguous {
                Some(2) => AmbiguousWidth::Wide,
                _ => assumed.ambiguous,
            },
            vs16_wide: match self.vs16 {
                Some(1) => false,
                Some(2) => true,
                _ => assumed.vs16_wide,
            },
        }
    }
}

/// A terminal the probe talks to: what is written goes to the terminal, and
/// [`ProbeTerminal::read_until`] gives what it answers.
pub trait ProbeTerminal: Write {
    /// Read what the terminal sent into `buf`, waiting until `deadline` at
    /// most; `Ok(0)` when nothing came in time.
    fn read_until(&mut self, buf: &mut [u8], deadline: Instant) -> io::Result<usize>;
}

/// Written before the probes: save the cursor, switch to the alternate
/// screen, hide the cursor, go to the top-left cell.
const ENTER: &str = "\x1b7\x1b[?1049h\x1b[?25l\x1b[H";
/// Written after: clear the probe line, leave the alternate screen, restore
/// and show the cursor.
const LEAVE: &str = "\r\x1b[2K\x1b[?1049l\x1b8\x1b[?25h";
/// Answers longer than this are not answers (someone is pasting).
const MAX_ANSWER: usize = 4096;

/// Probe `terminal`: write the probes and read the answers, waiting at most
/// `timeout`. The terminal is left as it was, on every path.
pub fn measure(terminal: &mut dyn ProbeTerminal, timeout: Duration) -> io::Result<Measured> {
    let deadline = Instant::now() + timeout;
    let mut request = String::from(ENTER);
    for probe in PROBES {
        request.push('\r');
        request.push_str(probe);
        request.push_str("\x1b[6n");
    }
    request.push_str("\x1b[c");
    terminal.write_all(request.as_bytes())?;
    terminal.flush()?;
    let answers = read_answers(terminal, deadline);
    terminal.write_all(LEAVE.as_bytes())?;
    terminal.flush()?;
    let columns: Vec<u16> = answers?.into_iter().take(PROBES.len()).collect();
    let width = |i: usize| columns.get(i).and_then(|c| c.checked_sub(1));
    Ok(Measured { ambiguous: width(0), vs16: width(1), zwj: width(2) })
}

/// The columns of the cursor position reports, read until the device
/// attributes answer or `deadline`.
fn read_answers(terminal: &mut dyn ProbeTerminal, deadline: Instant) -> io::Result<Vec<u16>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        let (columns, finished) = parse_answers(&got);
        if finished || got.len() > MAX_ANSWER {
            return Ok(columns);
        }
        let n = terminal.read_until(&mut buf, deadline)?;
        if n == 0 {
            return Ok(columns);
        }
        got.extend_from_slice(&buf[..n]);
    }
}

/// The columns of the cursor position reports (`CSI row ; column R`) in
/// `bytes`, and whether the device attributes answer (`CSI ? ... c`) has
/// come. Anything else (a key pressed meanwhile) is skipped.
fn parse_answers(bytes: &[u8]) -> (Vec<u16>, bool) {
    let mut columns = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr(0x1b, &bytes[i..]) {
        let start = i + at;
        if bytes.get(start + 1) != Some(&b'[') {
            i = start + 1;
            continue;
        }
        let params_start = start + 2;
        let Some(len) = bytes[params_start..].iter().position(|b| !(0x30..=0x3F).contains(b)) else {
            break; // cut short: the rest has not come yet
        };
        let params = &bytes[params_start..params_start + len];
        match bytes[params_start + len] {
            b'c' if params.first() == Some(&b'?') => return (columns, true),
            b'R' => {
                let column = std::str::from_utf8(params)
                    .ok()
                    .and_then(|p| p.split_once(';'))
                    .and_then(|(_, c)| c.parse::<u16>().ok());
                columns.extend(column);
            }
            _ => {}
        }
        i = params_start + len + 1;
    }
    (columns, false)
}

/// Resolve `setting` once, at start-up: `narrow` and `wide` as they are;
/// `auto` by probing the terminal when standard output is one (nothing is
/// written or waited for otherwise).
pub fn resolve(setting: AmbiguousSetting) -> TerminalWidths {
    if let Some(ambiguous) = setting.fixed() {
        return TerminalWidths { ambiguous, ..TerminalWidths::ASSUMED };
    }
    use std::io::IsTerminal as _;
    let term = std::env::var("TERM").unwrap_or_default();
    if !io::stdout().is_terminal() || term == "dumb" || term.starts_with("linux") {
        return TerminalWidths::ASSUMED;
    }
    measure_terminal().map_or(TerminalWidths::ASSUMED, |measured| measured.widths())
}

/// Probe the terminal emaki runs in (standard output to write, its input in
/// raw mode to read), whatever the setting: what [`resolve`] does for `auto`.
#[cfg(unix)]
pub fn measure_terminal() -> io::Result<Measured> {
    let mut terminal = tty::Tty::open()?;
    measure(&mut terminal, TIMEOUT)
}

/// Probe the terminal emaki runs in: not on this platform.
#[cfg(not(unix))]
pub fn measure_terminal() -> io::Result<Measured> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no terminal probe on this platform"))
}

#[cfg(unix)]
mod tty {
    //! The real terminal: standard output to write, the terminal's input
    //! (standard input when it is the terminal, else `/dev/tty`) in raw mode
    //! to read, with `poll` for the deadline.

    use std::fs::File;
    use std::io::{self, IsTerminal as _, Read as _, Write};
    use std::os::fd::AsFd as _;
    use std::time::Instant;

    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use rustix::termios::{OptionalActions, Termios, tcgetattr, tcsetattr};

    /// The terminal in raw mode until dropped.
    pub(super) struct Tty {
        input: File,
        saved: Termios,
        output: io::Stdout,
    }

    impl Tty {
        /// Open the terminal's input and put it in raw mode.
        pub(super) fn open() -> io::Result<Tty> {
            let stdin = io::stdin();
            let input = if stdin.is_terminal() {
                File::from(stdin.as_fd().try_clone_to_owned()?)
            } else {
                File::options().read(true).write(true).open("/dev/tty")?
            };
            let saved = tcgetattr(&input)?;
            let mut raw = saved.clone();
            raw.make_raw();
            tcsetattr(&input, OptionalActions::Now, &raw)?;
            Ok(Tty { input, saved, output: io::stdout() })
        }
    }

    impl Drop for Tty {
        fn drop(&mut self) {
            let _ = tcsetattr(&self.input, OptionalActions::Now, &self.saved);
        }
    }

    impl Write for Tty {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.output.write(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            self.output.flush()
        }
    }

    impl super::ProbeTerminal for Tty {
        fn read_until(&mut self, buf: &mut [u8], deadline: Instant) -> io::Result<usize> {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(0);
            }
            let timeout = Timespec::try_from(left).map_err(io::Error::other)?;
            let mut fds = [PollFd::new(&self.input, PollFlags::IN)];
            if poll(&mut fds, Some(&timeout))? == 0 {
                return Ok(0);
            }
            if !fds[0].revents().contains(PollFlags::IN) {
                return Err(io::Error::other("the terminal cannot be read"));
            }
            self.input.read(buf)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    /// A terminal that answers as a real one would: it follows the cursor
    /// across what is written, measuring clusters with `width`, and answers
    /// position and attribute requests (unless it is silent).
    struct FakeTerminal {
        width: fn(&str) -> usize,
        answers: bool,
        column: usize,
        written: Vec<u8>,
        pending: Vec<u8>,
    }

    impl FakeTerminal {
        fn new(width: fn(&str) -> usize) -> Self {
            FakeTerminal { width, answers: true, column: 1, written: Vec::new(), pending: Vec::new() }
        }

        fn silent() -> Self {
            FakeTerminal { answers: false, ..FakeTerminal::new(UnicodeWidthStr::width) }
        }
    }

    impl Write for FakeTerminal {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.written.extend_from_slice(buf);
            let text = String::from_utf8_lossy(buf).into_owned();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                if let Some(after) = rest.strip_prefix('\u{1b}') {
                    // ESC 7 / ESC 8, or CSI ... final.
                    let len = match after.strip_prefix('[') {
                        Some(csi) => 1 + csi.find(|c: char| ('\u{40}'..='\u{7e}').contains(&c)).map_or(0, |i| i + 1),
                        None => 1,
                    };
                    let sequence = &after[..len];
                    if self.answers {
                        match sequence {
                            "[6n" => self.pending.extend(format!("\x1b[1;{}R", self.column).bytes()),
                            "[c" => self.pending.extend(b"\x1b[?62;22c"),
                            _ => {}
                        }
                    }
                    if sequence == "[H" {
                        self.column = 1;
                    }
                    rest = &after[len..];
                } else if let Some(after) = rest.strip_prefix('\r') {
                    self.column = 1;
                    rest = after;
                } else {
                    let end = rest.find(['\u{1b}', '\r']).unwrap_or(rest.len());
                    use unicode_segmentation::UnicodeSegmentation as _;
                    self.column += rest[..end].graphemes(true).map(self.width).sum::<usize>();
                    rest = &rest[end..];
                }
            }
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl ProbeTerminal for FakeTerminal {
        fn read_until(&mut self, buf: &mut [u8], _deadline: Instant) -> io::Result<usize> {
            // Answers come a few bytes at a time, as over a slow line.
            let n = self.pending.len().min(buf.len()).min(5);
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            Ok(n)
        }
    }

    #[test]
    fn a_terminal_that_follows_unicode_width_is_measured_so() {
        let mut terminal = FakeTerminal::new(UnicodeWidthStr::width);
        let measured = measure(&mut terminal, TIMEOUT).unwrap();
        assert_eq!(measured, Measured { ambiguous: Some(1), vs16: Some(2), zwj: Some(2) });
        assert_eq!(measured.widths(), TerminalWidths::ASSUMED);
    }

    #[test]
    fn an_ambiguous_wide_terminal_is_wide() {
        let mut terminal = FakeTerminal::new(UnicodeWidthStr::width_cjk);
        let measured = measure(&mut terminal, TIMEOUT).unwrap();
        assert_eq!(measured.ambiguous, Some(2));
        assert_eq!(measured.widths().ambiguous, AmbiguousWidth::Wide);
    }

    #[test]
    fn a_terminal_that_draws_vs16_in_one_cell_is_recorded() {
        // As tmux 3.3a: emoji presentation sequences advance by their base.
        fn tmux(cluster: &str) -> usize {
            if cluster.ends_with('\u{FE0F}') {
                cluster.chars().next().map_or(1, |c| c.to_string().width())
            } else {
                cluster.width()
            }
        }
        let measured = measure(&mut FakeTerminal::new(tmux), TIMEOUT).unwrap();
        assert_eq!(measured.vs16, Some(1));
        assert_eq!(measured.widths(), TerminalWidths { ambiguous: AmbiguousWidth::Narrow, vs16_wide: false });
    }

    #[test]
    fn a_terminal_that_does_not_join_zwj_sequences_is_measured() {
        fn per_char(cluster: &str) -> usize {
            cluster.chars().map(|c| c.to_string().width()).sum()
        }
        let measured = measure(&mut FakeTerminal::new(per_char), TIMEOUT).unwrap();
        assert_eq!(measured.zwj, Some(6));
    }

    #[test]
    fn no_answer_means_the_assumed_widths_and_the_screen_is_given_back() {
        let mut terminal = FakeTerminal::silent();
        let started = Instant::now();
        let measured = measure(&mut terminal, TIMEOUT).unwrap();
        assert!(started.elapsed() < Duration::from_millis(50));
        assert_eq!(measured, Measured::default());
        assert_eq!(measured.widths(), TerminalWidths::ASSUMED);
        let written = String::from_utf8(terminal.written).unwrap();
        assert!(written.starts_with(ENTER) && written.ends_with(LEAVE), "{written:?}");
        for probe in PROBES {
            assert!(written.contains(&format!("\r{probe}\x1b[6n")), "{written:?}");
        }
    }

    #[test]
    fn a_terminal_without_position_reports_is_known_by_its_attributes() {
        let mut terminal = FakeTerminal::new(UnicodeWidthStr::width);
        terminal.pending.extend_from_slice(b"\x1b[?1;2c");
        terminal.answers = false;
        assert_eq!(measure(&mut terminal, Duration::from_secs(60)).unwrap(), Measured::default());
    }

    #[test]
    fn keys_typed_during_the_probe_are_skipped() {
        let (columns, done) = parse_answers(b"j\x1b[1;2Rk\x1bOA\x1b[1;3R\x1b[A\x1b[1;3R\x1b[?62c");
        assert_eq!((columns, done), (vec![2, 3, 3], true));
        let (columns, done) = parse_answers(b"\x1b[1;2R\x1b[1;");
        assert_eq!((columns, done), (vec![2], false), "a cut answer waits for the rest");
    }

    #[test]
    fn fixed_settings_are_not_probed() {
        assert_eq!(resolve(AmbiguousSetting::Wide).ambiguous, AmbiguousWidth::Wide);
        assert_eq!(resolve(AmbiguousSetting::Narrow), TerminalWidths::ASSUMED);
    }
}
