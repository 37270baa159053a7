/*
 * morph — word analysis from Debian's dictionaries, cached per word: Korean
 * stems through Hunspell with hunspell-ko (확장하는 → 확장, 큐에서 → 큐,
 * 않는다 → 않), English stems through Snowball plus WordNet 3.0 lemmas,
 * derivationally related forms (abstraction ~ abstract, reusability ~
 * reusable), first-sense synonyms and antonyms. An engine hands its bank's
 * words over when it is built; they are analysed once, under the mutex,
 * before the first lookup (so a command that never grades free text does not
 * load the 11 MB ko.aff), into a table read without a lock afterwards. A word
 * the table lacks is analysed under one process-wide mutex (Hunspell handles
 * and WordNet's globals are not thread-safe) and kept in a shared miss cache.
 */
#ifndef ASSAY_TEXT_MORPH_H
#define ASSAY_TEXT_MORPH_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define MORPH_STEM 48 /* bytes of a stem, with its NUL */
#define MORPH_FAM  12 /* derivation family hashes kept per word */
#define MORPH_SYN  8  /* synonym hashes kept per word */
#define MORPH_ANT  4  /* antonym hashes kept per word */
#define MORPH_REL  16 /* related-word hashes kept per word */

/* What is known of one word (a case-folded key). */
typedef struct morph_word {
    char stem[MORPH_STEM]; /* Korean: the Hunspell stem without 다 and without a light verb
                              (하다, 되다, 시키다) after a noun; English: the Snowball stem;
                              "" when none */
    uint8_t slen;
    uint8_t verb; /* Korean: a verb or adjective stem (나누 of 나눠서), not a noun */
    uint8_t n_fam, n_syn, n_ant, n_rel;
    uint64_t fam[MORPH_FAM]; /* English: Snowball stems of the word, its WordNet lemmas and
                                their derivationally related forms */
    uint64_t syn[MORPH_SYN]; /* English: Snowball stems of its first-sense synonyms */
    uint64_t ant[MORPH_ANT]; /* English: Snowball stems of its WordNet antonyms (fast: slow) */
    uint64_t rel[MORPH_REL]; /* English: Snowball stems of words near in meaning, not the same:
                                synonyms of its second and third senses, the words of their
                                hypernyms, similar adjectives (a half match) */
} morph_word;

typedef struct morph morph;

/* Checks that the dictionaries are where they are looked for and makes an
 * empty morph; they are loaded (once per process) at the first lookup.
 * Hunspell's ko.aff and ko.dic are looked for in $ASSAY_HUNSPELL_DIR, else
 * /usr/share/hunspell; WordNet in $WNSEARCHDIR, else $WNHOME/dict, else
 * /usr/share/wordnet. A missing one is ASSAY_ENOTFOUND naming the file and
 * where it was looked for. *out is freed with morph_free. */
assay_code morph_open(morph **out, errinfo *err);
void morph_free(morph *m);

/* Hands text[0..n) (NFC, any case) over at build time: its words are
 * analysed before the first lookup. -1 when out of memory. Not to be called
 * once lookups have begun. */
int morph_learn(morph *m, const char *text, size_t n);

/* The analysis of a case-folded word w[0..n): from the table, else analysed
 * now (thread-safe). Returns 0, or -1 for a word too long to analyse (out
 * is then empty). */
int morph_get(morph *m, const char *w, size_t n, morph_word *out);

/* The 64-bit hash stems are kept as (FNV-1a). */
uint64_t morph_hash(const char *s, size_t n);

/* Words learned at build time, and answers-time lookups that missed (for the docs' figures). */
size_t morph_count(morph *m);
size_t morph_misses(const morph *m);

/* Words whose analysis came from the cache file, and words the dictionaries
 * analysed (so far; the dictionaries are loaded for the first of those). */
size_t morph_from_cache(const morph *m);
size_t morph_analysed(const morph *m);

#endif
