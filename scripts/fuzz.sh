#!/usr/bin/env bash
# Builds the libFuzzer target over the extractor and runs it.  Usage: scripts/fuzz.sh [seconds]  (default 60)
# The corpus lives in Fuzz/corpus/extractor/ (seeds plus a few edge cases); new finds go to a scratch
# copy in .build-fuzz/corpus so the committed corpus stays small.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"
OUT=.build-fuzz
mkdir -p "$OUT/corpus" "$OUT/artifacts"
cp -n Fuzz/corpus/extractor/* "$OUT/corpus/" 2>/dev/null || true
echo "fuzz.sh: compiling (swiftc -sanitize=fuzzer,address -O)..." >&2
swiftc -sanitize=fuzzer,address -O -parse-as-library -module-name ExtractionFuzz \
  Sources/Extraction/*.swift Sources/Extraction/Model/*.swift Fuzz/ExtractorFuzz.swift \
  -o "$OUT/extractor-fuzz"
echo "fuzz.sh: running for ${SECONDS_TO_RUN}s" >&2
"$OUT/extractor-fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=131072 -timeout=20 -rss_limit_mb=4096 \
  -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 "$OUT/corpus" Fuzz/corpus/extractor
