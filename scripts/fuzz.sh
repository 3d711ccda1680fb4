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
# the embedded tables (CKnowledge): one C object and a module map for swiftc
mkdir -p "$OUT/cknowledge"
clang -O2 -c Sources/CKnowledge/knowledge.c -I Sources/CKnowledge/include -o "$OUT/cknowledge/knowledge.o"
printf 'module CKnowledge {\n  header "%s/Sources/CKnowledge/include/cknowledge.h"\n  export *\n}\n' "$PWD" \
  > "$OUT/cknowledge/module.modulemap"
swiftc -sanitize=fuzzer,address -O -parse-as-library -module-name ExtractionFuzz \
  -I "$OUT/cknowledge" Sources/Extraction/*.swift Fuzz/ExtractorFuzz.swift "$OUT/cknowledge/knowledge.o" \
  -o "$OUT/extractor-fuzz"
echo "fuzz.sh: running for ${SECONDS_TO_RUN}s" >&2
"$OUT/extractor-fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=131072 -timeout=20 -rss_limit_mb=4096 \
  -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 "$OUT/corpus" Fuzz/corpus/extractor
