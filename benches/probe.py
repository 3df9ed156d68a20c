#!/usr/bin/env python3
"""Start-up cost of `--ambiguous auto` (issue 15, item 9).

At start-up, with `--ambiguous auto` (the default) and standard output a
terminal, emaki writes a few probe characters, asks for the cursor position
and waits at most 40 ms for the answers (src/cli/probe.rs). This measures
what that adds to a whole process, `emaki --print --width 80 FILE` (the
reader calls the same `probe::resolve` once, before it takes the terminal):

- stdout not a terminal (`> /dev/null`): `auto` against `narrow`, which
  never probes; the target is no difference (nothing is probed);
- stdout a pseudo-terminal that never answers (the worst case; target
  <= 50 ms more than `narrow`);
- stdout a pseudo-terminal that answers at once, as a terminal emulator
  does (for comparison).

Each case runs `auto` and `narrow` interleaved, RUNS times (default 21),
and prints the median and the fastest run of each, in milliseconds.

Usage: benches/probe.py [EMAKI [FILE]]   (default: the release binary
under $CARGO_TARGET_DIR or target/, and the embedded article)
"""

import os
import pty
import re
import select
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(os.environ.get("RUNS", "21"))
CPR = re.compile(rb"\x1b\[6n")
DA = re.compile(rb"\x1b\[c")


def run_pipe(cmd):
    """Seconds for `cmd` with stdout to /dev/null."""
    start = time.perf_counter()
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def run_pty(cmd, answer):
    """Seconds for `cmd` with stdin, stdout and stderr a new pseudo-terminal,
    whose other end reads everything and answers the cursor position (`CSI
    6n`, column 2) and device attributes (`CSI c`) requests when `answer`."""
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color")
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    pending = b""
    while True:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            child.kill()
            raise RuntimeError("no output for 10 s")
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not data:
            break
        if answer:
            pending = (pending + data)[-16:]
            for _ in CPR.finditer(pending):
                os.write(master, b"\x1b[1;2R")
            for _ in DA.finditer(pending):
                os.write(master, b"\x1b[?62;22c")
            if CPR.search(pending) or DA.search(pending):
                pending = b""
    child.wait()
    elapsed = time.perf_counter() - start
    os.close(master)
    if child.returncode != 0:
        raise RuntimeError(f"{cmd} exited with {child.returncode}")
    return elapsed


def main():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    emaki = sys.argv[1] if len(sys.argv) > 1 else os.path.join(target, "release", "emaki")
    file = sys.argv[2:3]
    cases = [
        ("stdout not a terminal", lambda cmd: run_pipe(cmd)),
        ("a terminal that never answers", lambda cmd: run_pty(cmd, answer=False)),
        ("a terminal that answers at once", lambda cmd: run_pty(cmd, answer=True)),
    ]
    print(f"emaki --print --width 80 {file[0] if file else '(the article)'}, {RUNS} runs each, "
          f"load average at the start {os.getloadavg()[0]:.2f}")
    print()
    print("| stdout | narrow: median / fastest ms | auto: median / fastest ms | auto − narrow, medians ms |")
    print("|---|---:|---:|---:|")
    for name, run in cases:
        times = {"narrow": [], "auto": []}
        for _ in range(RUNS):
            for setting in times:
                cmd = [emaki, "--print", "--width", "80", "--ambiguous", setting, *file]
                times[setting].append(run(cmd) * 1000)
        med = {k: statistics.median(v) for k, v in times.items()}
        low = {k: min(v) for k, v in times.items()}
        print(f"| {name} | {med['narrow']:.1f} / {low['narrow']:.1f} | {med['auto']:.1f} / {low['auto']:.1f} "
              f"| {med['auto'] - med['narrow']:+.1f} |")
    print()
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
