#include "hash.h"

#include <nettle/sha2.h>
#include <string.h>

/* SHA-256 through nettle, which uses the CPU's SHA instructions where there
 * are some (a quiz's fingerprint hashes its whole JSON: libsodium's portable
 * SHA-256 was about 5% of a quiz's time) */
_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((hash_ctx *)0)->state),
               "hash_ctx too small for nettle's SHA-256 state");

static struct sha256_ctx *st(hash_ctx *h)
{
    return (struct sha256_ctx *)(void *)h->state;
}

void hash_begin(hash_ctx *h)
{
    sha256_init(st(h));
}

void hash_update(hash_ctx *h, const void *data, size_t n)
{
    sha256_update(st(h), n, data);
}

void hash_end_hex(hash_ctx *h, char out[HASH_HEX_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(st(h), sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[HASH_HEX_LEN] = '\0';
}

void hash_sha256_hex(const void *data, size_t n, char out[HASH_HEX_LEN + 1])
{
    hash_ctx h;
    hash_begin(&h);
    hash_update(&h, data, n);
    hash_end_hex(&h, out);
}
