/*
 * sim — lexical similarity of short texts (questions), language-neutral:
 * Dice coefficient over character bigrams of the case-folded text with white
 * space and punctuation removed. Works for Hangul (syllable bigrams, the
 * cjk_bigram approach) and Latin alike. The text module grows into tokens,
 * particles and jamo distance with the grading work.
 */
#ifndef ASSAY_TEXT_SIM_H
#define ASSAY_TEXT_SIM_H

#include <stddef.h>
#include <stdint.h>

/* Similarity in [0, 1]; 1 for equal texts (after folding), also for two empty
 * ones. Returns -1 when out of memory. */
double sim_dice_bigram(const char *a, size_t an, const char *b, size_t bn);

/* The sorted character-bigram keys of s (folded, punctuation and space
 * removed), malloc'd into *out; returns the count, or -1 when out of memory. */
long sim_bigrams(const char *s, size_t n, uint64_t **out);
/* How many elements two ascending sets of hashes have in common. */
size_t sim_shared(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);
/* Dice coefficient of two sorted bigram sets (1 for two empty ones). */
double sim_dice_sets(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

#endif
