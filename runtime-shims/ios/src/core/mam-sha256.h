/* SHA-256 (FIPS 180-4, section 6.2), portable C, used to check the embedded policy's digest. */
#ifndef MAM_SHA256_H
#define MAM_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t state[8];
  uint64_t length;
  uint8_t block[64];
  size_t used;
} mam_sha256_ctx;

void mam_sha256_init(mam_sha256_ctx *ctx);
void mam_sha256_update(mam_sha256_ctx *ctx, const void *data, size_t len);
void mam_sha256_final(mam_sha256_ctx *ctx, uint8_t out[32]);
void mam_sha256(const void *data, size_t len, uint8_t out[32]);
/* Lowercase hex of the digest into out (65 bytes with the terminating NUL). */
void mam_sha256_hex(const void *data, size_t len, char out[65]);

#endif
