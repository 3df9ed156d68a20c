#!/usr/bin/env bash
# Whole-process figures for issues 8, 12 and 13, next to what
# `cargo bench --bench reader` measures inside the process:
#
#   - `emaki --print --width 80 FILE > /dev/null`: throughput (input bytes /
#     wall time, best of PRINT_RUNS) and peak RSS (`/usr/bin/time -v`);
#   - a scripted reader session in tmux (open, j j Space } ] G g, a search,
#     q): peak RSS;
#   - time to the first screen in a fresh 120x40 tmux session, `emaki FILE`
#     and `less FILE` on the same file in the same run, interleaved, median of
#     RUNS; `head` (prints the lines and waits) gives the harness's own floor.
#
# Inputs: the embedded article, the novel of tests/data (an Aozora Bunko
# file), the novel repeated to 10 MB and 100 MB as one Aozora file (as
# benches/common/mod.rs builds them: copy N of the body opens with the
# heading 第N部), and 草枕's chapters repeated into a 10 MB EPUB, generated
# into a temporary directory and removed at the end. Nothing touches the real data or config directories: EMAKI_DATA_DIR
# and XDG_CONFIG_HOME point into the temporary directory.
#
# Usage: benches/process.sh            (from anywhere in the repository)
# Environment: RUNS (first-screen runs, default 7), PRINT_RUNS (default 5),
#              SIZES (generated sizes in MB, default "10 100"),
#              EPUB_SIZES (generated EPUB sizes in MB, default "10"; empty
#              for none; needs python3),
#              COLS/ROWS (tmux size, default 120x40).

set -euo pipefail
shopt -s extglob

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-7}
print_runs=${PRINT_RUNS:-5}
sizes=${SIZES:-10 100}
epub_sizes=${EPUB_SIZES-10}
cols=${COLS:-120}
rows=${ROWS:-40}
export LC_ALL=C.UTF-8 # `${s:0:4}` counts characters; EPOCHREALTIME uses a '.'

for tool in tmux less /usr/bin/time cargo; do
    command -v "$tool" > /dev/null || { echo "process.sh: $tool is needed" >&2; exit 1; }
done

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "building emaki (release)..." >&2
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml"
bin=${CARGO_TARGET_DIR:-$root/target}/release/emaki
[[ -x $bin ]] || { echo "process.sh: no binary at $bin (CARGO_TARGET_DIR?)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/emaki-process.XXXXXX")
sock=emaki-process-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    tm kill-server 2> /dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/data" "$tmp/config" "$tmp/files"
export EMAKI_DATA_DIR=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data
# What every program in a pane runs under: no pager options or preprocessors
# from the caller's environment, a UTF-8 locale, our data and config dirs.
pane_env="env -u LESS -u LESSOPEN -u LESSCLOSE -u NO_COLOR LESSHISTFILE=- LC_ALL=C.UTF-8 \
EMAKI_DATA_DIR=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data"

# Microseconds since the epoch, without forking.
now_us() { echo "${EPOCHREALTIME/./}"; }

# --- inputs -------------------------------------------------------------------
novel=$root/tests/data/yumeno_dogra-magra.utf8.txt
cp "$root/seeds/kazakhstan-state-visit.txt" "$tmp/files/article.txt"
cp "$novel" "$tmp/files/novel.txt"
files=(article novel)
# The novel is an Aozora Bunko file; the large inputs are one Aozora file
# each, as benches/common/mod.rs builds them: the novel's header and legend
# (through the second hyphen line), then copy N of its body opened by the
# heading ［＃大見出し］第N部［＃大見出し終わり］, then its colophon (from the
# last line starting 底本：).
legend_end=$(grep -n -E '^-{10,}[[:space:]]*$' "$novel" | sed -n 2p | cut -d: -f1)
colophon_at=$(grep -n '^底本：' "$novel" | tail -n1 | cut -d: -f1)
head -n "$legend_end" "$novel" > "$tmp/front.txt"
sed -n "$((legend_end + 1)),$((colophon_at - 1))p" "$novel" > "$tmp/body.txt"
tail -n +"$colophon_at" "$novel" > "$tmp/colophon.txt"
body_size=$(stat -c %s "$tmp/body.txt")
for mb in $sizes; do
    out=$tmp/files/${mb}MB.txt
    cp "$tmp/front.txt" "$out"
    size=$(($(stat -c %s "$tmp/front.txt") + $(stat -c %s "$tmp/colophon.txt")))
    part=0
    {
        while ((size < mb * 1000 * 1000)); do
            part=$((part + 1))
            heading=$(printf '［＃大見出し］第%d部［＃大見出し終わり］' "$part")
            printf '%s\n' "$heading"
            cat "$tmp/body.txt"
            size=$((size + $(printf '%s\n' "$heading" | wc -c) + body_size))
        done
        cat "$tmp/colophon.txt"
    } >> "$out"
    files+=("${mb}MB")
done

# Text from the file that both programs show on their first screen: the
# first four characters of the second non-blank line.
marker_of() {
    local line
    line=$(grep -m2 -v '^[[:space:]　]*$' "$1" | tail -n1)
    line=${line##+([[:space:]　])}
    printf '%s' "${line:0:4}"
}

# A query with matches, for the session's search.
query_of() { if [[ $1 == article ]]; then printf '大統領'; else printf '博士'; fi; }

# --- tmux helpers -------------------------------------------------------------
# A session that lives for the whole run, so that each measured one finds the
# tmux server already up.
tm new-session -d -s keeper -x "$cols" -y "$rows" "sleep 86400"

# Wait until pane $1 shows text $2 (give up after $3 seconds).
wait_for_text() {
    local session=$1 text=$2 limit_us=$(($(now_us) + $3 * 1000000))
    until tm capture-pane -p -t "$session" 2> /dev/null | grep -qF -- "$text"; do
        if (($(now_us) > limit_us)); then
            echo "process.sh: '$text' never appeared in $session; the pane shows:" >&2
            tm capture-pane -p -t "$session" >&2 2> /dev/null || echo "(the session has ended)" >&2
            return 1
        fi
    done
}

# Microseconds from starting command $1 in a fresh session to text $2 on its
# screen.
first_screen_us() {
    local session=fs$RANDOM$RANDOM start end
    start=$(now_us)
    tm new-session -d -s "$session" -x "$cols" -y "$rows" "$pane_env $1"
    wait_for_text "$session" "$2" 120
    end=$(now_us)
    tm kill-session -t "$session"
    echo $((end - start))
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Peak RSS in kB from a `/usr/bin/time -v` report.
peak_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

mb_of_kb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1000 }'; }

# Best wall time of `emaki --print --width 80 $1 > /dev/null` over PRINT_RUNS
# runs, in microseconds.
print_best_us() {
    local best= t start i
    for ((i = 0; i < print_runs; i++)); do
        start=$(now_us)
        "$bin" --print --width 80 "$1" > /dev/null
        t=$(($(now_us) - start))
        if [[ -z $best ]] || ((t < best)); then best=$t; fi
    done
    echo "$best"
}

# Peak RSS in kB of `emaki --print --width 80 $1 > /dev/null`.
print_peak_kb() {
    /usr/bin/time -v -o "$tmp/time.txt" "$bin" --print --width 80 "$1" > /dev/null
    peak_kb "$tmp/time.txt"
}

# Peak RSS in kB of a reading session under /usr/bin/time on file $1: open
# (wait for text $2), move, search for $3, quit.
session_peak_kb() {
    local f=$1 marker=$2 query=$3 session=rss$RANDOM limit key
    rm -f "$tmp/session.txt"
    tm new-session -d -s "$session" -x "$cols" -y "$rows" \
        "$pane_env /usr/bin/time -v -o $tmp/session.txt $bin $f"
    wait_for_text "$session" "$marker" 120
    for key in j j Space '}' ']' G g; do
        tm send-keys -t "$session" -l "${key/Space/ }"
        sleep 0.1
    done
    tm send-keys -t "$session" -l "/$query"
    tm send-keys -t "$session" Enter
    wait_for_text "$session" "match 1/" 300
    tm send-keys -t "$session" -l q
    limit=$(($(now_us) + 30000000))
    while tm has-session -t "$session" 2> /dev/null; do
        (($(now_us) < limit)) || { echo "process.sh: emaki did not quit on q" >&2; exit 1; }
        sleep 0.05
    done
    grep -q 'Exit status: 0' "$tmp/session.txt" || { echo "process.sh: the session failed:" >&2; cat "$tmp/session.txt" >&2; exit 1; }
    peak_kb "$tmp/session.txt"
}

# --- measurements ---------------------------------------------------------------
declare -A size print_s print_rss session_rss fs_emaki fs_less fs_floor
for name in "${files[@]}"; do
    f=$tmp/files/$name.txt
    size[$name]=$(stat -c %s "$f")
    marker=$(marker_of "$f")
    echo "measuring $name (${size[$name]} bytes; first-screen marker '$marker')..." >&2

    # --print: best wall time, then peak RSS.
    print_s[$name]=$(print_best_us "$f")
    print_rss[$name]=$(print_peak_kb "$f")

    # First screen: head (floor), less, emaki, interleaved.
    floor=() less_t=() emaki_t=()
    for ((i = 0; i < runs; i++)); do
        floor+=("$(first_screen_us "head -n $rows $f; exec sleep 3600" "$marker")")
        less_t+=("$(first_screen_us "less $f" "$marker")")
        emaki_t+=("$(first_screen_us "$bin $f" "$marker")")
    done
    fs_floor[$name]=$(median "${floor[@]}")
    fs_less[$name]=$(median "${less_t[@]}")
    fs_emaki[$name]=$(median "${emaki_t[@]}")

    # A reading session under /usr/bin/time: open, move, search, quit.
    session_rss[$name]=$(session_peak_kb "$f" "$marker" "$(query_of "$name")")
done

# EPUB books (issue 13): 草枕's chapters repeated to EPUB_SIZES MB, as
# tests/epub_big.rs builds them (python3's zipfile here: the chapters are
# inflated and deflated again, so the archive's size differs a little).
# Budget: 3 × the text + 20 MB, the text measured as what
# `--print --ruby off --width 1000` writes (the reading text, one line a
# paragraph, plus blank lines between paragraphs).
epubs=()
declare -A epub_text
if [[ -n $epub_sizes ]] && command -v python3 > /dev/null; then
    for mb in $epub_sizes; do
        out=$tmp/files/${mb}MB_epub.epub
        python3 - "$root/tests/data/soseki_kusamakura.vertical.epub" "$out" $((mb * 1000 * 1000)) << 'PYTHON'
import os, sys, zipfile
source, out, min_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
src = zipfile.ZipFile(source)
names = src.namelist()
chapters = [n for n in names if n.startswith("OPS/xhtml/") and n.endswith(".xhtml") and "目次" not in n]
with open(out, "wb") as f, zipfile.ZipFile(f, "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", zipfile.ZIP_STORED)
    z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OPS/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    for css in (n for n in names if n.endswith(".css")):
        z.writestr(css, src.read(css), zipfile.ZIP_DEFLATED)
    manifest, spine, nav, copy = [], [], [], 0
    while f.tell() < min_bytes:
        copy += 1
        for chapter in chapters:
            stem = chapter[len("OPS/xhtml/"):-len(".xhtml")]
            id = f"r{copy}-{stem}"
            z.writestr(f"OPS/xhtml/{id}.xhtml", src.read(chapter), zipfile.ZIP_DEFLATED)
            manifest.append(f'<item id="{id}" href="xhtml/{id}.xhtml" media-type="application/xhtml+xml"/>')
            spine.append(f'<itemref idref="{id}"/>')
            nav.append(f'<li><a href="{id}.xhtml">{id}</a></li>')
    z.writestr("OPS/xhtml/nav.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>' + "\n".join(nav) + "</ol></nav></body></html>")
    z.writestr("OPS/package.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title>草枕 ×{copy}</dc:title><dc:creator>夏目 漱石</dc:creator><dc:language>ja</dc:language></metadata><manifest>'
        '<item id="vstyle" href="css/vertical.css" media-type="text/css"/><item id="hstyle" href="css/horizontal.css" media-type="text/css"/>'
        '<item id="nav" properties="nav" href="xhtml/nav.xhtml" media-type="application/xhtml+xml"/>\n' + "\n".join(manifest) + "</manifest>"
        '<spine page-progression-direction="rtl">' + "\n".join(spine) + "</spine></package>")
PYTHON
        name=${mb}MB_epub
        epubs+=("$name")
        size[$name]=$(stat -c %s "$out")
        epub_text[$name]=$("$bin" --print --ruby off --width 1000 "$out" | wc -c)
        echo "measuring $name (${size[$name]} bytes, ${epub_text[$name]} bytes of text)..." >&2
        print_s[$name]=$(print_best_us "$out")
        print_rss[$name]=$(print_peak_kb "$out")
        emaki_t=()
        for ((i = 0; i < runs; i++)); do
            emaki_t+=("$(first_screen_us "$bin $out" "『草枕")")
        done
        fs_emaki[$name]=$(median "${emaki_t[@]}")
        session_rss[$name]=$(session_peak_kb "$out" "『草枕" 山路)
    done
fi

# --- report -----------------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1000 / 1000 }' /proc/meminfo)
echo
echo "Machine: ${cpu:-unknown CPU}, $(nproc) cores, $mem RAM, Linux $(uname -r); $(tmux -V), less $(less --version | awk 'NR == 1 { print $2 }')."
echo "emaki $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?') (release), $(date -u +%Y-%m-%d). MB = 10^6 bytes."
echo "Load average (1, 5, 15 min) at the start: $load_at_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows wall-clock figures)."
echo
echo "| input | size MB | --print best s | --print MB/s (≥ 100) | --print peak RSS MB | session peak RSS MB | RSS budget MB (1.5×size+20) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for name in "${files[@]}"; do
    awk -v n="$name" -v b="${size[$name]}" -v t="${print_s[$name]}" -v pr="${print_rss[$name]}" -v sr="${session_rss[$name]}" 'BEGIN {
        budget = 1.5 * b / 1e6 + 20
        mbs = b / t
        printf "| %s | %.2f | %.3f | %.1f%s | %.1f%s | %.1f%s | %.1f |\n", n, b / 1e6, t / 1e6,
            mbs, (mbs >= 100 || b < 1e7 ? "" : " ✗"), pr / 1000, (pr / 1000 <= budget ? "" : " ✗"),
            sr / 1000, (sr / 1000 <= budget ? "" : " ✗"), budget }'
done
echo
echo "First screen in a fresh ${cols}x${rows} tmux session, median of $runs runs (ms; target: emaki ≤ 1.5 × less on 100 MB):"
echo
echo "| input | head (harness floor) | less | emaki | emaki / less |"
echo "|---|---:|---:|---:|---:|"
for name in "${files[@]}"; do
    awk -v n="$name" -v b="${size[$name]}" -v h="${fs_floor[$name]}" -v l="${fs_less[$name]}" -v e="${fs_emaki[$name]}" 'BEGIN {
        printf "| %s | %.1f | %.1f | %.1f | %.2f%s |\n", n, h / 1000, l / 1000, e / 1000, e / l, (e / l <= 1.5 || b < 1e8 ? "" : " ✗") }'
done
if ((${#epubs[@]})); then
    echo
    echo "EPUB books (the first screen: the status line's 『草枕 in a fresh ${cols}x${rows} tmux session, median of $runs runs):"
    echo
    echo "| input | size MB | text MB | --print best s | --print peak RSS MB | session peak RSS MB | RSS budget MB (3×text+20) | first screen ms |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for name in "${epubs[@]}"; do
        awk -v n="$name" -v b="${size[$name]}" -v x="${epub_text[$name]}" -v t="${print_s[$name]}" -v pr="${print_rss[$name]}" \
            -v sr="${session_rss[$name]}" -v e="${fs_emaki[$name]}" 'BEGIN {
            budget = 3 * x / 1e6 + 20
            printf "| %s | %.2f | %.2f | %.3f | %.1f%s | %.1f%s | %.1f | %.1f |\n", n, b / 1e6, x / 1e6, t / 1e6,
                pr / 1000, (pr / 1000 <= budget ? "" : " ✗"), sr / 1000, (sr / 1000 <= budget ? "" : " ✗"), budget, e / 1000 }'
    done
fi
echo
echo "✗ marks a figure that misses its target. Targets are judged where they apply: the throughput on inputs of"
echo "10 MB and more (process start-up dominates smaller ones), the first-screen ratio on 100 MB and more."
