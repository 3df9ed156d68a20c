//! Terminal setup and teardown, safe on every exit path.
//!
//! [`TerminalGuard::enter`] installs the panic hook *before* raw mode (chained
//! to the previous hook, restoring the terminal first so the panic message is
//! readable), then enters raw mode, the alternate screen, mouse capture and
//! bracketed paste. [`restore`] undoes all of it, is idempotent, and is
//! called by the guard's `Drop`, by the panic hook, on suspend and on
//! signals.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::crossterm::{cursor, execute};

/// The terminal type the reader draws on. Output is buffered so a frame
/// reaches the terminal in one write (ratatui flushes after each draw):
/// fewer system calls, and the terminal never shows half a frame.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Room for a full frame of a large terminal in one write.
const OUTPUT_BUFFER: usize = 256 * 1024;

static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// Owns the terminal while the reader runs; restores it when dropped.
pub struct TerminalGuard {
    terminal: Term,
}

impl TerminalGuard {
    /// Take over the terminal.
    pub fn enter() -> Result<Self> {
        install_panic_hook();
        activate().context("cannot set up the terminal")?;
        let output = BufWriter::with_capacity(OUTPUT_BUFFER, io::stdout());
        let terminal = Terminal::new(CrosstermBackend::new(output)).context("cannot open the terminal")?;
        Ok(TerminalGuard { terminal })
    }

    /// The ratatui terminal.
    pub fn terminal(&mut self) -> &mut Term {
        &mut self.terminal
    }

    /// Give the terminal back (for suspend); [`TerminalGuard::resume`] takes
    /// it again.
    pub fn pause(&mut self) {
        restore();
    }

    /// Take the terminal again after [`TerminalGuard::pause`] and force a full
    /// redraw.
    pub fn resume(&mut self) -> Result<()> {
        activate().context("cannot set up the terminal again")?;
        self.redraw_all()
    }

    /// Clear the screen and forget what is on it, so the next draw sends
    /// every cell. (ratatui's `clear` asks the terminal for the cursor
    /// position and waits for the answer, which a terminal may never send;
    /// a resize of a full-screen viewport clears without asking.)
    pub fn redraw_all(&mut self) -> Result<()> {
        let size = self.terminal.size().context("cannot read the terminal size")?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
            .context("cannot clear the terminal")
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn activate() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste, cursor::Hide)?;
    Ok(())
}

/// Put the terminal back as it was: leave the alternate screen, stop mouse
/// capture and bracketed paste, show the cursor, leave raw mode. Does
/// nothing when the terminal is not taken; errors are ignored (the terminal
/// may be gone, after SIGHUP).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
    let _ = disable_raw_mode();
}

fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
