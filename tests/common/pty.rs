//! Run the real `emaki` binary in a pseudo-terminal, type keys and read the
//! screen through a terminal emulator (vt100), as a user would.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

/// How long to wait for the screen to show something before failing.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running `emaki` in a pseudo-terminal.
pub struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    /// Start `emaki ARGS` in a `cols` × `rows` terminal with its data and
    /// config directories inside `home` (so nothing outside the test is
    /// read or written).
    pub fn start(args: &[&str], cols: u16, rows: u16, home: &Path, env: &[(&str, &str)]) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_emaki"), args, cols, rows, home, env)
    }

    /// Like [`Session::start`] for any program (a shell, to test job control).
    pub fn start_program(
        program: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        home: &Path,
        env: &[(&str, &str)],
    ) -> Session {
        let pty = native_pty_system();
        let pair =
            pty.openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("EMAKI_DATA_DIR", home.join("emaki-data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("start emaki");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session { master: pair.master, writer, child, parser, raw }
    }

    /// The screen as text, one string per row (trailing spaces trimmed).
    pub fn screen(&self) -> Vec<String> {
        let parser = self.parser.lock().unwrap();
        let (_, cols) = parser.screen().size();
        parser.screen().rows(0, cols.get()).map(|r| r.trim_end().to_owned()).collect()
    }

    /// The screen as one string, rows joined by newlines.
    pub fn text(&self) -> String {
        self.screen().join("\n")
    }

    /// Run `f` on the emulator's screen state.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.parser.lock().unwrap().screen())
    }

    /// Everything the program wrote to the terminal so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Wait until `pred` holds for the screen text; panic with the screen
    /// after [`TIMEOUT`].
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let text = self.text();
            if pred(&text) {
                return;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen shows:\n{text}");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until the screen shows `needle`.
    pub fn wait_for_text(&self, needle: &str) {
        self.wait_for(&format!("{needle:?}"), |t| t.contains(needle));
    }

    /// Wait until the screen has not changed for `quiet`.
    pub fn settle(&self, quiet: Duration) {
        let start = Instant::now();
        let mut last = self.text();
        let mut since = Instant::now();
        while since.elapsed() < quiet && start.elapsed() < TIMEOUT {
            thread::sleep(Duration::from_millis(20));
            let now = self.text();
            if now != last {
                last = now;
                since = Instant::now();
            }
        }
    }

    /// Type raw bytes (keys as the terminal would send them).
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    /// Type keys given as text (each character one key).
    pub fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut b = [0u8; 4];
            self.send(c.encode_utf8(&mut b).as_bytes());
            thread::sleep(Duration::from_millis(30));
        }
    }

    /// Resize the terminal.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resize");
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
    }

    /// Send a signal to the process.
    pub fn signal(&mut self, signal: i32) {
        let pid = self.child.process_id().expect("pid") as i32;
        // SAFETY: kill(2) on our own child's pid.
        unsafe extern "C" {
            fn kill(pid: i32, sig: i32) -> i32;
        }
        unsafe {
            kill(pid, signal);
        }
    }

    /// Wait for the process to exit and return its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for emaki") {
                // Let the reader thread take the last output.
                thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("emaki did not exit; the screen shows:\n{}", self.text());
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
