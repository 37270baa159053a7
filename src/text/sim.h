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

/* Similarity in [0, 1]; 1 for equal texts (after folding), also for two empty
 * ones. Returns -1 when out of memory. */
double sim_dice_bigram(const char *a, size_t an, const char *b, size_t bn);

#endif
