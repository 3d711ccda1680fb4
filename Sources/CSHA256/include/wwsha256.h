// SHA-256 (FIPS 180-4) for wirewatch's Store: the x86-64 SHA extensions where the CPU has them
// (checked once, with cpuid), else portable C. No allocation; a context is plain memory.

#ifndef WWSHA256_H
#define WWSHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[8];
    uint64_t length;     // bytes hashed so far
    uint8_t block[64];   // a partial block
    uint32_t filled;     // bytes in `block`
} ww_sha256_ctx;

void ww_sha256_init(ww_sha256_ctx *ctx);
void ww_sha256_update(ww_sha256_ctx *ctx, const void *data, size_t count);
/// Writes the 32-byte digest; the context is spent afterwards.
void ww_sha256_final(ww_sha256_ctx *ctx, uint8_t digest[32]);

/// 1 when the SHA extensions are used; tests: `ww_sha256_force_portable(1)` makes every later call use
/// the portable code (to compare the two on one machine).
int ww_sha256_uses_extensions(void);
void ww_sha256_force_portable(int portable);

#endif
