#!/usr/bin/env bash
# Scores the extractor on CoNLL-2003 test (eng.testb), dev (eng.testa) and WikiGold with
# ../shared/eval/score.py --scheme conll. Usage: scripts/eval.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
EVAL="${EVAL_DIR:-$(dirname "$DATA")/eval}"
if [ ! -f "$DATA/conll2003/eng.testb" ] || [ ! -f "$EVAL/score.py" ]; then
  echo "eval.sh: need $DATA/conll2003/eng.testb and $EVAL/score.py (pass DATA_DIR; shared data missing)" >&2
  exit 2
fi
SCRATCH="${SCRATCH:-.build-extraction}"
swift build --scratch-path "$SCRATCH" -c release --product wirewatch-train >&2
BIN="$(swift build --scratch-path "$SCRATCH" -c release --show-bin-path)/wirewatch-train"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
run() {  # name conll-file
  local name="$1" file="$2"
  python3 "$EVAL/conll_to_corpus.py" "$file" "$TMP/$name" "$TMP/$name.gold.jsonl" >/dev/null
  "$BIN" predict "$TMP/$name" > "$TMP/$name.pred.jsonl"
  local last
  last="$(python3 "$EVAL/score.py" --gold "$TMP/$name.gold.jsonl" --pred "$TMP/$name.pred.jsonl" \
    --scheme conll --corpus "$TMP/$name" ${SCORE_ARGS:-} | tail -1)"
  echo "$name: $last"
}
run conll-test "$DATA/conll2003/eng.testb"
run conll-dev "$DATA/conll2003/eng.testa"
run wikigold "$DATA/wikigold/wikigold.conll.txt"

# --- HTML main text (issue #15): its own script, so the NER part above can change freely ------
scripts/eval-html.sh "$DATA"
