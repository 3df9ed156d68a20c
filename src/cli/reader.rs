//! The interactive reader's event loop.
//!
//! Three sources feed one channel: terminal input (a thread blocked in
//! `crossterm::event::read`), signals (SIGTERM, SIGHUP, SIGINT) and, later,
//! background work. The loop sleeps in `recv` until something arrives — no
//! polling — then drains whatever else is already queued (key repeat, resize
//! storms, wheel bursts) before drawing once.

use std::io::Write;
use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use base64::Engine;
use ratatui::crossterm::event::{self, Event, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::input::LoadedDocument;
use super::interactive::Start;
use super::terminal::TerminalGuard;
use crate::app::key::{Key, KeyCode};
use crate::app::search::SearchJob;
use crate::app::{App, Effect, Mouse};
use crate::engine::scenes::Scenes;
use crate::engine::search::search_document;

/// Something the loop must handle.
enum Message {
    Input(Event),
    InputFailed(std::io::Error),
    Signal(i32),
    SearchProgress(u64, usize, usize),
    SearchDone(u64, Option<Vec<crate::engine::search::Match>>),
    /// Progress of loader number `.0` (a loader of a document since
    /// replaced from the library reports nothing that counts).
    LoadProgress(u64, u64, u64),
    Loaded(u64, Box<Result<(LoadedDocument, Scenes)>>),
}

/// Work that reads, decodes and indexes the whole document on a worker,
/// reporting `(done, total)` as it goes (see [`crate::app::loading`]).
pub type Loader = Box<dyn FnOnce(&mut dyn FnMut(u64, u64)) -> Result<(LoadedDocument, Scenes)> + Send>;

/// Background work reports progress only when it takes longer than this.
const PROGRESS_AFTER: Duration = Duration::from_millis(200);
/// And then at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// How long the loop waits, when the store has something to write later,
/// before writing it.
const IDLE_SAVE: Duration = Duration::from_secs(2);

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A signal asked us to stop; the process should exit with 128 + it.
    Signal(i32),
}

/// Loads a document the library asks for (`None`: the built-in article),
/// the way the first one was loaded.
pub type Opener<'a> = &'a dyn Fn(Option<&std::path::Path>) -> Result<Start>;

/// Run the reader on `app` until the user quits or a signal arrives; `open`
/// loads what the library opens. The terminal is restored on every path,
/// including errors and panics.
pub fn run(app: &mut App, mut loader: Option<Loader>, open: Opener<'_>) -> Result<Ending> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!("standard output is not a terminal; use --print to write the text out");
    }
    let (tx, rx) = mpsc::channel();
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT]).context("cannot install signal handlers")?;
    let signal_tx = tx.clone();
    thread::spawn(move || {
        for signal in signals.forever() {
            if signal_tx.send(Message::Signal(signal)).is_err() {
                break;
            }
        }
    });
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal().size().context("cannot read the terminal size")?;
    app.resize(size.width, size.height);
    // Which loader's results count: the latest one's.
    let mut generation = 0;
    let input_tx = tx.clone();
    thread::spawn(move || {
        loop {
            let message = match event::read() {
                Ok(ev) => Message::Input(ev),
                Err(e) => Message::InputFailed(e),
            };
            let failed = matches!(message, Message::InputFailed(_));
            if input_tx.send(message).is_err() || failed {
                break;
            }
        }
    });
    loop {
        guard.terminal().draw(|frame| crate::ui::draw(frame, app)).context("cannot draw")?;
        // The rest of a large file is read once the first frame is out, so
        // the first screen does not wait on a worker for the CPU.
        if let Some(loader) = loader.take() {
            spawn_loader(loader, generation, tx.clone());
        }
        // Sleep until something happens; when the store has a position to
        // write later, wake up once to write it.
        let first = if app.has_unsaved_changes() {
            match rx.recv_timeout(IDLE_SAVE) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    app.tick();
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(Ending::Quit),
            }
        } else {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => return Ok(Ending::Quit),
            }
        };
        let mut next = Some(first);
        while let Some(message) = next {
            match message {
                Message::Input(ev) => handle_event(app, ev),
                Message::InputFailed(e) => return Err(e).context("cannot read from the terminal"),
                Message::Signal(sig) => {
                    app.flush();
                    return Ok(Ending::Signal(sig));
                }
                Message::SearchProgress(id, done, total) => app.search_progress(id, done, total),
                Message::SearchDone(id, matches) => app.search_finished(id, matches),
                Message::LoadProgress(g, done, total) if g == generation => app.loading_progress(done, total),
                Message::Loaded(g, result) if g == generation => match (*result, generation) {
                    (Ok((loaded, scenes)), _) => app.finish_loading(loaded.doc, scenes, loaded.notices),
                    // The first document is the one asked for: without it, no reader.
                    (Err(e), 0) => return Err(e),
                    (Err(e), _) => app.open_failed(&format!("{e:#}")),
                },
                Message::LoadProgress(..) | Message::Loaded(..) => {}
            }
            // What a key asked for is done before the next key is read: a
            // key typed after `Enter` in the library goes to the document
            // it opened, not to the one it left.
            for effect in app.take_effects() {
                match effect {
                    Effect::Copy(text) => copy_osc52(&mut guard, &text)?,
                    Effect::Suspend => suspend(&mut guard)?,
                    Effect::Redraw => guard.redraw_all()?,
                    Effect::Search(job) => spawn_search(app.shared_doc(), *job, tx.clone()),
                    Effect::Open(path) => {
                        if let Some(loader) = super::library::open_in_reader(app, path.as_deref(), open) {
                            generation += 1;
                            spawn_loader(loader, generation, tx.clone());
                        }
                    }
                }
            }
            if app.should_quit() {
                return Ok(Ending::Quit);
            }
            next = rx.try_recv().ok();
        }
    }
}

/// Read the whole document on a worker thread, reporting progress (after
/// [`PROGRESS_AFTER`]) and the result through `tx`.
fn spawn_loader(loader: Loader, generation: u64, tx: mpsc::Sender<Message>) {
    thread::spawn(move || {
        let start = Instant::now();
        let mut last = start;
        let progress_tx = tx.clone();
        // A panic here must end the reader cleanly, not leave it waiting.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            loader(&mut |done, total| {
                let now = Instant::now();
                if now - start >= PROGRESS_AFTER && now - last >= PROGRESS_EVERY {
                    last = now;
                    let _ = progress_tx.send(Message::LoadProgress(generation, done, total));
                }
            })
        }))
        .unwrap_or_else(|_| Err(anyhow::anyhow!("internal error while reading the document (see the message above)")));
        let _ = tx.send(Message::Loaded(generation, Box::new(result)));
    });
}

/// Run a search on a worker thread, reporting progress (after
/// [`PROGRESS_AFTER`]) and the result through `tx`.
fn spawn_search(doc: std::sync::Arc<crate::engine::document::Document>, job: SearchJob, tx: mpsc::Sender<Message>) {
    thread::spawn(move || {
        let start = Instant::now();
        let mut last = start;
        let id = job.id;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            search_document(&doc, &job.query, &mut |done, total| {
                if job.cancel.load(Ordering::Relaxed) {
                    return ControlFlow::Break(());
                }
                let now = Instant::now();
                if now - start >= PROGRESS_AFTER && now - last >= PROGRESS_EVERY {
                    last = now;
                    let _ = tx.send(Message::SearchProgress(id, done, total));
                }
                ControlFlow::Continue(())
            })
        }));
        // A panicked search reports as cancelled; the reader carries on.
        let _ = tx.send(Message::SearchDone(id, result.ok().and_then(Result::ok)));
    });
}

/// Feed one terminal event to the app.
fn handle_event(app: &mut App, ev: Event) {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            if let Some(key) = convert_key(k.code, k.modifiers) {
                app.handle_key(key);
            }
        }
        Event::Paste(text) => app.handle_paste(&text),
        Event::Resize(w, h) => app.resize(w, h),
        Event::Mouse(m) => {
            let mouse = match m.kind {
                MouseEventKind::ScrollDown => Some(Mouse::ScrollDown),
                MouseEventKind::ScrollUp => Some(Mouse::ScrollUp),
                MouseEventKind::Down(MouseButton::Left) => Some(Mouse::Click(m.column, m.row)),
                MouseEventKind::Drag(MouseButton::Left) => Some(Mouse::Drag(m.column, m.row)),
                _ => None,
            };
            if let Some(mouse) = mouse {
                app.handle_mouse(mouse);
            }
        }
        _ => {}
    }
}

/// Translate a crossterm key into the app's key type.
pub fn convert_key(code: event::KeyCode, mods: KeyModifiers) -> Option<Key> {
    use event::KeyCode as C;
    let code = match code {
        C::Char(c) => KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) { c.to_ascii_lowercase() } else { c }),
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::Insert => KeyCode::Insert,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key { code, ctrl: mods.contains(KeyModifiers::CONTROL), alt: mods.contains(KeyModifiers::ALT) })
}

/// Put `text` on the clipboard with OSC 52 (works over SSH, and in tmux with
/// `set-clipboard on`).
fn copy_osc52(guard: &mut TerminalGuard, text: &str) -> Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let out = guard.terminal().backend_mut();
    write!(out, "\x1b]52;c;{encoded}\x07").context("cannot write to the terminal")?;
    out.flush().context("cannot write to the terminal")?;
    Ok(())
}

/// Stop until `fg`: give the terminal back, stop, take it again, redraw.
fn suspend(guard: &mut TerminalGuard) -> Result<()> {
    guard.pause();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP).context("cannot suspend")?;
    guard.resume()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossterm_keys_convert() {
        assert_eq!(convert_key(event::KeyCode::Char('f'), KeyModifiers::CONTROL), Some(Key::ctrl('f')));
        assert_eq!(convert_key(event::KeyCode::Char('G'), KeyModifiers::SHIFT), Some(Key::char('G')));
        assert_eq!(convert_key(event::KeyCode::BackTab, KeyModifiers::SHIFT), Some(Key::plain(KeyCode::BackTab)));
        assert_eq!(convert_key(event::KeyCode::Char('あ'), KeyModifiers::NONE), Some(Key::char('あ')));
    }
}
