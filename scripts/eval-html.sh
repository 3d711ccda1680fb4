#!/usr/bin/env bash
# Scores the HTML reader's main text on the article-extraction benchmark (181 real news and blog
# pages with hand-made article text): its own evaluate.py, shingle F1. Called by scripts/eval.sh.
#
#   scripts/eval-html.sh [DATA_DIR]     default ../shared/data
#
# Prints the evaluate.py table (trafilatura too when .build-bench/venv-trafilatura exists) and
# a last line `html-main-text: F1 ...`. Exits 2 when the benchmark is not in DATA_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
AEB="$DATA/article-extraction-benchmark"
if [ ! -f "$AEB/ground-truth.json" ] || [ ! -f "$AEB/evaluate.py" ] || [ ! -d "$AEB/html" ]; then
  echo "eval-html.sh: $AEB is missing (ground-truth.json, evaluate.py, html/): no HTML figure; pass DATA_DIR" >&2
  exit 2
fi
AEB_DIR="$(cd "$AEB" && pwd)"
SCRATCH="${SCRATCH:-.build-extraction}"
swift build --scratch-path "$SCRATCH" -c release --product wirewatch-bench >&2
BIN="$(swift build --scratch-path "$SCRATCH" -c release --show-bin-path)/wirewatch-bench"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/pages" "$TMP/eval/output"
for f in "$AEB"/html/*.html.gz; do
  gzip -dc "$f" > "$TMP/pages/$(basename "$f" .gz)"
done
"$BIN" html --pages "$TMP/pages" --runs 1 --min-seconds 0 --out "$TMP/eval/output/wirewatch.json" >/dev/null
cp "$AEB/ground-truth.json" "$TMP/eval/"
(cd "$TMP/eval" && python3 "$AEB_DIR/evaluate.py" --n-bootstrap 200 --output "$TMP/metrics.json")
python3 - "$TMP/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["wirewatch"]
print(f"html-main-text: F1 {m['f1']:.3f} (precision {m['precision']:.3f}, recall {m['recall']:.3f}) "
      f"on {181} pages of the article-extraction benchmark (bar: F1 >= 0.95)")
PY
