/*
 * alias — pairs of names written `한국어(English)` or `English(한국어)` in
 * Korean technical prose, mined from a bank: 수평 확장(Scale Out),
 * Strangler Fig(교살자 무화과). Used for cloze acceptance, grading and
 * excluding distractors that name the key. Sides are stored normalised:
 * Korean words joined by one space, English lowercased.
 */
#ifndef ASSAY_TEXT_ALIAS_H
#define ASSAY_TEXT_ALIAS_H

#include "core/arena.h"

#include <stddef.h>

typedef struct alias {
    const char *ko;
    const char *en;
} alias;

typedef struct alias_table {
    arena mem;
    alias *v;
    size_t n, cap;
} alias_table;

void alias_init(alias_table *t);
void alias_free(alias_table *t);

/* Adds the pairs written in s[0..n). Returns -1 when out of memory. */
int alias_mine(alias_table *t, const char *s, size_t n);
/* Sorts and removes repeats; call once after mining. */
void alias_finish(alias_table *t);

/* Calls fn for every pair written in s[0..n) (without storing), with the byte
 * spans of both sides in s: a_off/a_len the part before '(' and b_off/b_len
 * the part inside. */
typedef void alias_fn(void *ud, size_t a_off, size_t a_len, size_t b_off, size_t b_len,
                      int korean_first);
void alias_scan(const char *s, size_t n, alias_fn *fn, void *ud);

/* Every other side of `phrase` (normalised form, either side); at most cap
 * into out; returns how many. */
size_t alias_others(const alias_table *t, const char *phrase, const char **out, size_t cap);

#endif
