// SHA-256 (FIPS 180-4): portable compression, and one with the x86-64 SHA extensions
// (sha256rnds2, sha256msg1, sha256msg2), picked at run time.

#include "wwsha256.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/// Compresses `blocks` 64-byte blocks into `s`, one round at a time as the standard writes it.
static void compress_portable(uint32_t s[8], const uint8_t *p, size_t blocks) {
    uint32_t w[64];
    while (blocks--) {
        for (int t = 0; t < 16; t++) w[t] = load_be32(p + 4 * t);
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        s[0] += a;
        s[1] += b;
        s[2] += c;
        s[3] += d;
        s[4] += e;
        s[5] += f;
        s[6] += g;
        s[7] += h;
        p += 64;
    }
}

#if defined(__x86_64__)
/// The same with the SHA extensions. The instructions keep the state in two registers: lanes 3..0 of
/// one are A B E F, of the other C D G H. A message register holds four schedule words W[4j..4j+3]
/// (lane k = W[4j+k]); sha256rnds2 runs two rounds on the two low lanes of W + K.
__attribute__((target("sha,sse4.1,ssse3"))) static void compress_extensions(uint32_t s[8], const uint8_t *p,
                                                                            size_t blocks) {
    // each 32-bit word of the block is big-endian
    const __m128i swap = _mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
    __m128i abef = _mm_set_epi32((int)s[0], (int)s[1], (int)s[4], (int)s[5]);
    __m128i cdgh = _mm_set_epi32((int)s[2], (int)s[3], (int)s[6], (int)s[7]);
    while (blocks--) {
        const __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i m[4];  // the last four message registers: m[j % 4] = W[4j..4j+3]
        for (int j = 0; j < 16; j++) {
            __m128i msg;
            if (j < 4) {
                msg = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * j)), swap);
            } else {
                // W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a time: msg1 adds s0 of
                // the words after W[t-16], alignr picks W[t-7..t-4], msg2 adds s1 of W[t-2] (its last
                // two lanes from the first two it has just made)
                __m128i older = _mm_sha256msg1_epu32(m[j % 4], m[(j + 1) % 4]);
                older = _mm_add_epi32(older, _mm_alignr_epi8(m[(j + 3) % 4], m[(j + 2) % 4], 4));
                msg = _mm_sha256msg2_epu32(older, m[(j + 3) % 4]);
            }
            m[j % 4] = msg;
            __m128i wk = _mm_add_epi32(msg, _mm_loadu_si128((const __m128i *)(K + 4 * j)));
            // two rounds: the new A B E F comes back; the old one is the new C D G H
            __m128i next = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            cdgh = abef;
            abef = next;
            next = _mm_sha256rnds2_epu32(cdgh, abef, _mm_shuffle_epi32(wk, 0x0E));
            cdgh = abef;
            abef = next;
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
        p += 64;
    }
    s[0] = (uint32_t)_mm_extract_epi32(abef, 3);
    s[1] = (uint32_t)_mm_extract_epi32(abef, 2);
    s[4] = (uint32_t)_mm_extract_epi32(abef, 1);
    s[5] = (uint32_t)_mm_extract_epi32(abef, 0);
    s[2] = (uint32_t)_mm_extract_epi32(cdgh, 3);
    s[3] = (uint32_t)_mm_extract_epi32(cdgh, 2);
    s[6] = (uint32_t)_mm_extract_epi32(cdgh, 1);
    s[7] = (uint32_t)_mm_extract_epi32(cdgh, 0);
}

/// cpuid: SSSE3 and SSE4.1 (leaf 1, ecx bits 9 and 19) and the SHA extensions (leaf 7, ebx bit 29).
static int cpu_has_extensions(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 9)) || !(c & (1u << 19))) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 29)) != 0;
}
#endif

// -1: not yet asked; written once from any thread with the same answer (a relaxed atomic)
static int extensions = -1;
static int portable_only = 0;

int ww_sha256_uses_extensions(void) {
#if defined(__x86_64__)
    int e = __atomic_load_n(&extensions, __ATOMIC_RELAXED);
    if (e < 0) {
        e = cpu_has_extensions();
        __atomic_store_n(&extensions, e, __ATOMIC_RELAXED);
    }
    return e && !__atomic_load_n(&portable_only, __ATOMIC_RELAXED);
#else
    return 0;
#endif
}

void ww_sha256_force_portable(int portable) { __atomic_store_n(&portable_only, portable, __ATOMIC_RELAXED); }

static void compress(uint32_t s[8], const uint8_t *p, size_t blocks) {
#if defined(__x86_64__)
    if (ww_sha256_uses_extensions()) {
        compress_extensions(s, p, blocks);
        return;
    }
#endif
    compress_portable(s, p, blocks);
}

void ww_sha256_init(ww_sha256_ctx *ctx) {
    static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(ctx->state, initial, sizeof initial);
    ctx->length = 0;
    ctx->filled = 0;
}

void ww_sha256_update(ww_sha256_ctx *ctx, const void *data, size_t count) {
    const uint8_t *p = data;
    ctx->length += count;
    if (ctx->filled > 0) {
        size_t take = 64 - ctx->filled;
        if (take > count) take = count;
        memcpy(ctx->block + ctx->filled, p, take);
        ctx->filled += (uint32_t)take;
        p += take;
        count -= take;
        if (ctx->filled < 64) return;
        compress(ctx->state, ctx->block, 1);
        ctx->filled = 0;
    }
    // whole blocks straight from the caller's bytes
    if (count >= 64) {
        compress(ctx->state, p, count / 64);
        p += count / 64 * 64;
        count %= 64;
    }
    if (count > 0) {
        memcpy(ctx->block, p, count);
        ctx->filled = (uint32_t)count;
    }
}

void ww_sha256_final(ww_sha256_ctx *ctx, uint8_t digest[32]) {
    uint64_t bits = ctx->length * 8;
    uint32_t n = ctx->filled;
    ctx->block[n++] = 0x80;
    if (n > 56) {
        memset(ctx->block + n, 0, 64 - n);
        compress(ctx->state, ctx->block, 1);
        n = 0;
    }
    memset(ctx->block + n, 0, 56 - n);
    for (int i = 0; i < 8; i++) ctx->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    compress(ctx->state, ctx->block, 1);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(ctx->state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)ctx->state[i];
    }
}
