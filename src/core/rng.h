/*
 * rng — a seeded, portable random number generator (PCG32, O'Neill 2014), so
 * the same seed gives the same quiz on every machine and build.
 */
#ifndef ASSAY_CORE_RNG_H
#define ASSAY_CORE_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct rng {
    uint64_t state;
    uint64_t inc;
} rng;

/* Seeds a generator; `stream` selects one of 2^63 independent sequences. */
void rng_seed(rng *r, uint64_t seed, uint64_t stream);
uint32_t rng_next(rng *r);
/* Uniform in [0, n) without modulo bias; n > 0. */
uint32_t rng_below(rng *r, uint32_t n);
/* Uniform in [0, 1). */
double rng_unit(rng *r);
/* Standard normal (Box–Muller; two uniforms a draw). */
double rng_normal(rng *r);
/* Fisher-Yates shuffle of n elements of `size` bytes. */
void rng_shuffle(rng *r, void *base, size_t n, size_t size);

#endif
