#!/usr/bin/env bash
# Fuzzes the store's record decoder (Sources/Store/RecordDecoder.swift) with libFuzzer.
#
#   scripts/fuzz-decoder.sh [SECONDS]     default 600 (ten minutes)
#
# Builds Fuzz/RecordDecoderFuzz.swift with the Store's codec sources into
# $SCRATCH/fuzz/record-decoder-fuzz (-sanitize=fuzzer,address), runs it over a copy of
# Fuzz/corpus/record-decoder, then merges what it learned back into that corpus (minimised), so
# the tests (Tests/ReliabilityTests) replay it. A crash leaves its input in $SCRATCH/fuzz/ and
# exits non-zero; add that input to the corpus once the bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-600}
SCRATCH=${SCRATCH:-.build}
out="$SCRATCH/fuzz"
mkdir -p "$out"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
  Sources/Store/Record.swift Sources/Store/RecordDecoder.swift Sources/Store/RecordEncoder.swift \
  Fuzz/RecordDecoderFuzz.swift -o "$out/record-decoder-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
"$out/record-decoder-fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$out/" "$work" Fuzz/corpus/record-decoder || status=$?
if [ "$status" -eq 0 ]; then
  # Add to the committed corpus only the new inputs that reach code it does not reach yet.
  "$out/record-decoder-fuzz" -merge=1 Fuzz/corpus/record-decoder "$work" 2>/dev/null
  echo "fuzz-decoder: ${SECONDS_TO_RUN}s without a crash; corpus: $(ls Fuzz/corpus/record-decoder | wc -l) inputs" >&2
else
  echo "fuzz-decoder: the fuzzer stopped with status $status; the crashing input is in $out/" >&2
fi
exit "$status"
