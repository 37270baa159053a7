/* hash — SHA-256 (nettle) as lowercase hex. */
#ifndef ASSAY_CORE_HASH_H
#define ASSAY_CORE_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

/* out receives 64 hex digits and a NUL. */
void hash_sha256_hex(const void *data, size_t n, char out[HASH_HEX_LEN + 1]);

/* Incremental form, for hashing several fields with separators. */
typedef struct hash_ctx {
    _Alignas(16) unsigned char state[128];
} hash_ctx;

void hash_begin(hash_ctx *h);
void hash_update(hash_ctx *h, const void *data, size_t n);
void hash_end_hex(hash_ctx *h, char out[HASH_HEX_LEN + 1]);

#endif
