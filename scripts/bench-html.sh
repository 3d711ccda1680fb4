#!/usr/bin/env bash
# Web pages per second: wirewatch's HTML reader (charset, libxml2's parser, main text, metadata)
# beside trafilatura 2.3.1 (extract(), its defaults) on the same 181 pages of the
# article-extraction benchmark, one process each, pinned to the same core. Called by
# scripts/bench.sh, which puts the RESULT lines it prints in BENCHMARKS.md.
#
#   scripts/bench-html.sh DATA_DIR WIREWATCH_BENCH_BINARY RUNS BENCH_DIR
#
# Prints RESULT lines: html_pages_per_s, html_pages_per_cpu_s, trafilatura_pages_per_s,
# trafilatura_pages_per_cpu_s, html_ratio, html_cpu_ratio. Says so and prints none when the
# benchmark's pages are not in DATA_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=$1
BENCH=$2
RUNS=$3
BENCH_DIR=$4
AEB="$DATA/article-extraction-benchmark"
say() { printf 'bench-html: %s\n' "$*" >&2; }
if [ ! -d "$AEB/html" ]; then
    say "$AEB/html is missing: no web-page figures (pass the shared data folder to make bench)"
    exit 0
fi
PAGES="$BENCH_DIR/html-pages"
if [ ! -f "$PAGES.done" ]; then
    rm -rf "$PAGES" && mkdir -p "$PAGES"
    for f in "$AEB"/html/*.html.gz; do gzip -dc "$f" > "$PAGES/$(basename "$f" .gz)"; done
    touch "$PAGES.done"
fi
pin=()
command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)
say "wirewatch: $(ls "$PAGES" | wc -l) pages, $RUNS runs of at least 1 s"
"${pin[@]}" "$BENCH" html --pages "$PAGES" --runs "$RUNS" | tee "$BENCH_DIR/html.txt"

VENV=${TRAFILATURA_VENV:-.build-bench/venv-trafilatura}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import trafilatura' 2>/dev/null; then
    say "setting up trafilatura in $VENV (pip install trafilatura==2.3.1 lxml_html_clean)"
    python3 -m venv "$VENV" >&2 && "$VENV/bin/pip" install -q trafilatura==2.3.1 lxml_html_clean >&2 \
        || { say "trafilatura could not be installed: no comparison"; exit 0; }
fi
FEW=$((RUNS < 3 ? RUNS : 3))
say "trafilatura 2.3.1: the same pages, $FEW runs (after one warm-up pass)"
"${pin[@]}" "$VENV/bin/python" - "$PAGES" "$FEW" <<'PY' | tee "$BENCH_DIR/trafilatura.txt"
import os, sys, time
import trafilatura
folder, runs = sys.argv[1], int(sys.argv[2])
pages = [open(os.path.join(folder, name), "rb").read() for name in sorted(os.listdir(folder))]
for page in pages:  # warm-up: imports, caches
    trafilatura.extract(page)
wall, cpu = [], []
for _ in range(runs):
    t, c = time.perf_counter(), time.process_time()
    for page in pages:
        trafilatura.extract(page)
    wall.append(len(pages) / (time.perf_counter() - t))
    cpu.append(len(pages) / (time.process_time() - c))
def result(key, values):
    v = sorted(values)
    print(f"RESULT {key} {v[(len(v) - 1) // 2]:.3f} {v[0]:.3f} {v[-1]:.3f} {len(v)}")
result("trafilatura_pages_per_s", wall)
result("trafilatura_pages_per_cpu_s", cpu)
PY
ratio() {  # KEY OURS THEIRS
    local ours theirs
    ours=$(awk -v k="$2" '$2 == k { print $3, $4, $5, $6 }' "$BENCH_DIR/html.txt")
    theirs=$(awk -v k="$3" '$2 == k { print $3, $4, $5, $6 }' "$BENCH_DIR/trafilatura.txt")
    [ -n "$ours" ] && [ -n "$theirs" ] || return 0
    awk -v k="$1" -v o="$ours" -v t="$theirs" 'BEGIN {
        split(o, a, " "); split(t, b, " ")
        printf "RESULT %s %.2f %.2f %.2f %d\n", k, a[1] / b[1], a[2] / b[3], a[3] / b[2], b[4] }'
}
ratio html_ratio html_pages_per_s trafilatura_pages_per_s
ratio html_cpu_ratio html_pages_per_cpu_s trafilatura_pages_per_cpu_s
