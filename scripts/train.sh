#!/usr/bin/env bash
# Trains the entity tagger on CoNLL-2003 eng.train, chooses each run's epoch count on eng.testa, then
# (--refit, default; REFIT=0 turns it off) retrains each run from scratch on eng.train + eng.testa for
# exactly that many epochs, and writes the weights into Sources/CKnowledge/data/model.bin.
# eng.testb is never used. With the refit, dev figures of the written model are not held out: quote the
# dev figures of a REFIT=0 model. Features whose largest weight is under MIN_WEIGHT (default 0.8, chosen
# on eng.testa with a REFIT=0 model; docs/EXTRACTION.md) are left out: they barely move a score, and each
# one the decoder finds costs it a cold cache line. Also: EPOCHS (16), RUNS (3), FEATURES (250000).
# Usage: scripts/train.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
if [ ! -f "$DATA/conll2003/eng.train" ] || [ ! -f "$DATA/conll2003/eng.testa" ]; then
  echo "train.sh: CoNLL-2003 data not found: need $DATA/conll2003/eng.train and eng.testa (pass DATA_DIR)" >&2
  exit 2
fi
SCRATCH="${SCRATCH:-.build-extraction}"
swift build --scratch-path "$SCRATCH" -c release --product wirewatch-train >&2
BIN="$(swift build --scratch-path "$SCRATCH" -c release --show-bin-path)/wirewatch-train"
"$BIN" train --train "$DATA/conll2003/eng.train" --dev "$DATA/conll2003/eng.testa" \
  --out Sources/CKnowledge/data/model.bin --epochs "${EPOCHS:-16}" --runs "${RUNS:-3}" \
  --features "${FEATURES:-250000}" --min-weight "${MIN_WEIGHT:-0.8}" $([ "${REFIT:-1}" = 1 ] && echo --refit) ${TRAIN_ARGS:-}
echo "train.sh: done; rebuild to embed the new weights (scripts/eval.sh scores them)" >&2
