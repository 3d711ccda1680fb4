// Embeds the generated tables with C23 #embed: the bytes live in the binary's read-only data and
// are paged in on first use, so loading costs nothing until the extractor touches them.
#include "cknowledge.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char words[] __attribute__((aligned(16))) = {
#embed "data/words.bin"
};

static const unsigned char gazetteer[] __attribute__((aligned(16))) = {
#embed "data/gazetteer.bin"
};

static const unsigned char model[] __attribute__((aligned(16))) = {
#embed "data/model.bin"
};

const unsigned char *wk_words(size_t *count) {
    *count = sizeof words;
    return words;
}

const unsigned char *wk_gazetteer(size_t *count) {
    *count = sizeof gazetteer;
    return gazetteer;
}

const unsigned char *wk_model(size_t *count) {
    *count = sizeof model;
    return model;
}
