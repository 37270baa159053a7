#include "hash.h"

#include <sodium.h>
#include <string.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((hash_ctx *)0)->state),
               "hash_ctx too small for libsodium's SHA-256 state");

static crypto_hash_sha256_state *st(hash_ctx *h)
{
    return (crypto_hash_sha256_state *)(void *)h->state;
}

void hash_begin(hash_ctx *h)
{
    crypto_hash_sha256_init(st(h));
}

void hash_update(hash_ctx *h, const void *data, size_t n)
{
    crypto_hash_sha256_update(st(h), data, n);
}

void hash_end_hex(hash_ctx *h, char out[HASH_HEX_LEN + 1])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(st(h), d);
    sodium_bin2hex(out, HASH_HEX_LEN + 1, d, sizeof d);
}

void hash_sha256_hex(const void *data, size_t n, char out[HASH_HEX_LEN + 1])
{
    hash_ctx h;
    hash_begin(&h);
    hash_update(&h, data, n);
    hash_end_hex(&h, out);
}
