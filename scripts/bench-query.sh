#!/usr/bin/env bash
# Measures `wirewatch query --entity NAME` over a store, beside `grep -c` and `jq` on the same
# store, and prints MB/s for each.
#
#   scripts/bench-query.sh [STORE]
#
# Without STORE it builds one of ~1 GiB (BENCH_MB, default 1024) under bench-out/ by repeating
# the seed articles' records with distinct ids and paths. Environment:
#   ENTITY=OIC          the name to look for
#   WIREWATCH=path      a wirewatch binary to use (default: build release into .build-query)
#   JQ_MB=256           jq is slow: it reads only the first JQ_MB of the store (0: all of it)
set -euo pipefail
cd "$(dirname "$0")/.."

ENTITY=${ENTITY:-OIC}
BENCH_MB=${BENCH_MB:-1024}
JQ_MB=${JQ_MB:-256}
STORE=${1:-}

if [ -z "${WIREWATCH:-}" ]; then
    swift build -c release --scratch-path .build-query --product wirewatch >&2
    swift build -c release --scratch-path .build-query --product wirewatch-full >&2
    WIREWATCH="$(swift build -c release --scratch-path .build-query --show-bin-path)/wirewatch"
fi

if [ -z "$STORE" ]; then
    mkdir -p bench-out
    STORE=bench-out/query-store.jsonl
    want=$((BENCH_MB * 1024 * 1024))
    have=$(stat -c %s "$STORE" 2>/dev/null || echo 0)
    if [ "$have" -lt $((want * 9 / 10)) ]; then
        echo "building a ${BENCH_MB} MiB store at $STORE from the seed articles..." >&2
        base=$(mktemp)
        trap 'rm -f "$base"' EXIT
        "$WIREWATCH" extract seeds/* > "$base" || true
        python3 - "$base" "$STORE" "$want" <<'PY'
import hashlib, re, sys
base, out, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [l for l in open(base, "rb").read().split(b"\n") if l]
written, n = 0, 0
with open(out, "wb", buffering=1 << 22) as f:
    while written < want:
        for line in lines:
            ident = hashlib.sha256(b"%d" % n).hexdigest().encode()
            line = re.sub(rb'"id":"[0-9a-f]{64}"', b'"id":"' + ident + b'"', line, count=1)
            line = line.replace(b'"path":"', b'"path":"bench/%07d/' % n, 1)
            f.write(line + b"\n")
            written += len(line) + 1
            n += 1
PY
    fi
fi

size=$(stat -c %s "$STORE")
mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')
echo "store: $STORE, $mb MiB, $(wc -l < "$STORE") records; entity: $ENTITY; $(nproc) cores"

now() { date +%s.%N; }
rate() { awk -v s="$1" -v a="$2" -v b="$3" 'BEGIN { t = b - a; printf "%8.1f MB/s  (%.2f s)", s / 1048576 / t, t }'; }

cat "$STORE" > /dev/null  # warm the page cache so every tool reads from memory

t0=$(now); n=$("$WIREWATCH" query --store "$STORE" --entity "$ENTITY" --count || true); t1=$(now)
echo "wirewatch query --entity $ENTITY --count   $(rate "$size" "$t0" "$t1")  matches: $n"

t0=$(now); n=$("$WIREWATCH" query --store "$STORE" --entity "$ENTITY" --json | wc -l); t1=$(now)
echo "wirewatch query --entity $ENTITY --json    $(rate "$size" "$t0" "$t1")  matches: $n"

t0=$(now); n=$("$WIREWATCH" query --store "$STORE" --entity "$ENTITY" --exact --count || true); t1=$(now)
echo "wirewatch query --entity $ENTITY --exact --count $(rate "$size" "$t0" "$t1")  matches: $n (whole names only)"

t0=$(now); n=$("$WIREWATCH" query --store "$STORE" --entity "$ENTITY" --exact --json | wc -l); t1=$(now)
echo "wirewatch query --entity $ENTITY --exact --json  $(rate "$size" "$t0" "$t1")  matches: $n"

t0=$(now); n=$("$WIREWATCH" query --store "$STORE" --entity "$ENTITY" --type ORG --count || true); t1=$(now)
echo "wirewatch query --entity $ENTITY --type ORG $(rate "$size" "$t0" "$t1")  matches: $n (decodes each candidate)"

t0=$(now); n=$("$WIREWATCH" query --store "$STORE" --entity "$ENTITY" | wc -l); t1=$(now)
echo "wirewatch query --entity $ENTITY (rows)    $(rate "$size" "$t0" "$t1")  matches: $n (decodes and renders each)"

t0=$(now); n=$("$WIREWATCH" query --store "$STORE" --entity "${PART:-Islamic Cooperation}" --count || true); t1=$(now)
echo "wirewatch query --entity '${PART:-Islamic Cooperation}' --count $(rate "$size" "$t0" "$t1")  matches: $n (two words)"

t0=$(now); n=$("$WIREWATCH" timeline --store "$STORE" "$ENTITY" --by month --csv | wc -l); t1=$(now)
echo "wirewatch timeline $ENTITY --by month --csv $(rate "$size" "$t0" "$t1")  rows: $n"

t0=$(now); n=$("$WIREWATCH" graph --store "$STORE" --format graphml | wc -l); t1=$(now)
echo "wirewatch graph --format graphml          $(rate "$size" "$t0" "$t1")  lines: $n (decodes every record)"

t0=$(now); n=$(grep -c -i -F "\"$ENTITY\"" "$STORE" || true); t1=$(now)
echo "grep -c -i -F '\"$ENTITY\"'               $(rate "$size" "$t0" "$t1")  lines: $n"

if [ "$JQ_MB" -gt 0 ] && [ "$size" -gt $((JQ_MB * 1048576)) ]; then
    sample=$(mktemp)
    head -c $((JQ_MB * 1048576)) "$STORE" | sed '$d' > "$sample"
else
    sample="$STORE"
fi
ssize=$(stat -c %s "$sample")
lower=$(printf '%s' "$ENTITY" | tr '[:upper:]' '[:lower:]')
t0=$(now)
n=$(jq -c --arg n "$lower" 'select(any(.entities[]?; (.text | ascii_downcase) == $n or (.canonical | ascii_downcase) == $n))' "$sample" | wc -l)
t1=$(now)
echo "jq select(any(.entities[]; ...))          $(rate "$ssize" "$t0" "$t1")  matches: $n (over the first $(awk -v s="$ssize" 'BEGIN { printf "%.0f", s / 1048576 }') MiB)"
[ "$sample" != "$STORE" ] && rm -f "$sample"
exit 0
