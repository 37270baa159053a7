/*
 * polar — what makes a free-text answer say the opposite of its reference:
 * clauses (split at sentence ends, top-level commas and arrows), negation
 * markers and the word each one negates (않다, 못하다, 없다, 불가, 아니다,
 * 안; not, no, never, n't, without), and opposite terms (초과/미만,
 * LIFO/FIFO, ... and the negating prefixes 비-/무-/불-, a-/non-/un-).
 * docs/internals/grading.md explains how grade.c uses them.
 */
#ifndef ASSAY_GRADE_POLAR_H
#define ASSAY_GRADE_POLAR_H

#include "text/tok.h"

#include <stddef.h>
#include <stdint.h>

/* The clause of each of the n tokens of s (0..63; later clauses share 63);
 * returns the number of clauses. */
size_t pol_clauses(const char *s, size_t len, const tok *toks, size_t n, uint8_t *clause);

/* Marks neg[i] = 1 for each token a negation applies to (tokens in s). */
void pol_negation(const char *s, const tok *toks, size_t n, const uint8_t *clause, uint8_t *neg);

/* The opposites of a term key (lowercased): up to cap strings into out,
 * listed ones and prefix forms (비X for X, X for 비X; asynchronous for
 * synchronous). Prefix forms are written into buf (bufcap bytes). Returns
 * how many. */
size_t pol_opposites(const char *key, size_t n, const char **out, size_t *out_len, size_t cap,
                     char *buf, size_t bufcap);

/* Whether word w[0..n) is a negation (않, 없, 못하, 아니, 안, 못, not, no, never, without). */
int pol_negates(const char *w, size_t n);

/* Whether word w[0..n) carries a negation after its first syllable (끝없, 전달되지않고). */
int pol_glued(const char *w, size_t n);

/* Whether a and b are listed opposites or one is the other with a negating prefix. */
int pol_are_opposite(const char *a, size_t na, const char *b, size_t nb);

/* Whether the bytes before s+at (within s) end in a negating prefix syllable (비 무 불 미). */
int pol_prefixed(const char *s, size_t at);

#endif
