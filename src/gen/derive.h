/*
 * gen/derive — questions from derived items (ASSAY_KIND_DERIVED_*, grown at
 * import by bank/derive.c): a definition as true/false and cloze, "which of
 * these belongs to topic X" and "which order is right" as multiple choice.
 * Built into the engine (derive_index_build) and read-only afterwards, like
 * the rest of it. Only the six question types and their wire format are used.
 */
#ifndef ASSAY_GEN_DERIVE_H
#define ASSAY_GEN_DERIVE_H

#include "gen/gen.h"

/* Whether engine item i is a derived item. */
int derive_is(const assay_engine *e, uint32_t i);

/* Builds e->dx from the engine's items and their detail JSON (details[i] for
 * engine item i, NULL for none); everything lives in e->mem. 0, or -1 when
 * out of memory. */
int derive_index_build(assay_engine *e, const char *const *details);

/* The generators for derived items, with gen.c's contract: 0 made, 1 the item
 * does not allow the type, -1 out of memory. */
int derive_mcq(const assay_engine *e, uint32_t i, int k, rng *r, arena *a, g_question *q,
               const gen_excl *x);
int derive_tf(const assay_engine *e, uint32_t i, rng *r, arena *a, g_question *q,
              const gen_excl *x);
int derive_cloze(const assay_engine *e, uint32_t i, rng *r, arena *a, g_question *q,
                 const gen_excl *x);

/* The wrong orders of an order question of n steps (4..8, else none): the
 * steps' indices with one pair of neighbours swapped, then two disjoint
 * pairs, drawn with r; at most max rows into out. Returns how many. */
size_t derive_order_wrong(size_t n, size_t max, size_t out[][8], rng *r);

#endif
