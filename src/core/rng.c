#include "rng.h"

#include <math.h>
#include <string.h>

uint32_t rng_next(rng *r)
{
    uint64_t old = r->state;
    r->state = old * 6364136223846793005ULL + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    /* PCG streams started from one state are correlated at first: mix the
     * seed and the stream into both the state and the increment */
    uint64_t s = splitmix64(seed ^ splitmix64(stream + 0x632BE59BD9B4E019ULL));
    r->state = 0;
    r->inc = (splitmix64(s ^ stream) << 1u) | 1u;
    rng_next(r);
    r->state += s;
    rng_next(r);
}

uint32_t rng_below(rng *r, uint32_t n)
{
    uint32_t threshold = (uint32_t)(-n) % n; /* rejection removes the bias */
    for (;;) {
        uint32_t x = rng_next(r);
        if (x >= threshold)
            return x % n;
    }
}

double rng_unit(rng *r)
{
    return (double)rng_next(r) / 4294967296.0;
}

void rng_shuffle(rng *r, void *base, size_t n, size_t size)
{
    unsigned char *b = base, tmp[256];
    if (size > sizeof tmp)
        return; /* callers shuffle small records or indexes */
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_below(r, (uint32_t)i);
        if (j == i - 1)
            continue;
        memcpy(tmp, b + (i - 1) * size, size);
        memcpy(b + (i - 1) * size, b + j * size, size);
        memcpy(b + j * size, tmp, size);
    }
}

double rng_normal(rng *r)
{
    double u = rng_unit(r), v = rng_unit(r);
    return sqrt(-2 * log(1 - u)) * cos(6.283185307179586 * v);
}
