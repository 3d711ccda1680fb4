#!/usr/bin/env bash
# Fuzzes the HTML reader (Sources/HTML: charset, the raw-text and tag guards, libxml2's parser,
# main text, metadata) with libFuzzer.
#
#   scripts/fuzz-html.sh [SECONDS]     default 300
#
# Builds Fuzz/HTMLFuzz.swift with Sources/HTML/*.swift into $SCRATCH/fuzz/html-fuzz
# (-sanitize=fuzzer,address, linked with libxml2), runs it over a copy of Fuzz/corpus/html, then
# merges what it learned back into that corpus, which Tests/HTMLTests replays. A crash or a
# timeout leaves its input in $SCRATCH/fuzz/ and exits non-zero; add it to the corpus once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
SECONDS_TO_RUN=${1:-300}
SCRATCH=${SCRATCH:-.build}
out="$SCRATCH/fuzz"
mkdir -p "$out"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name HTMLFuzz \
  -I Sources/CLibXML2 $(pkg-config --cflags libxml-2.0 | sed 's/-I/-Xcc -I/g') $(pkg-config --libs libxml-2.0) \
  Sources/HTML/*.swift Fuzz/HTMLFuzz.swift -o "$out/html-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
"$out/html-fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$out/" "$work" Fuzz/corpus/html || status=$?
if [ "$status" -eq 0 ]; then
  "$out/html-fuzz" -merge=1 Fuzz/corpus/html "$work" 2>/dev/null
  echo "fuzz-html: ${SECONDS_TO_RUN}s without a crash; corpus: $(ls Fuzz/corpus/html | wc -l) inputs" >&2
else
  echo "fuzz-html: the fuzzer stopped with status $status; the crashing input is in $out/" >&2
fi
exit "$status"
