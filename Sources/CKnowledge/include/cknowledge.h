// The extractor's generated data tables, compiled into the binary (read-only, zero-copy).
// Built by `make knowledge` (scripts/knowledge.sh) and `make train`; see docs/EXTRACTION.md.
#ifndef WIREWATCH_CKNOWLEDGE_H
#define WIREWATCH_CKNOWLEDGE_H
#include <stddef.h>

/// words.bin: word hash -> cluster ids, English frequency, name ranks.
const unsigned char *wk_words(size_t *count);
/// gazetteer.bin: the world gazetteer (gazetteer.txt's places and languages) as hash tables.
const unsigned char *wk_gazetteer(size_t *count);
/// model.bin: the tagger's packed perceptron weights.
const unsigned char *wk_model(size_t *count);

/// Asks for the cache line at `p` ahead of its use (the tagger's weight look-ups: a load the
/// compiler would drop as unused, or wait for, does neither).
static inline void wk_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

#endif
