/*
 * hangul — Korean text without a morphological analyser (REFERENCES §2):
 * syllable structure, jamo decomposition for edit distance, particle (josa)
 * and 하다-ending stripping with a two-character minimum stem, and the
 * particles whose form gives away the final consonant before them.
 */
#ifndef ASSAY_TEXT_HANGUL_H
#define ASSAY_TEXT_HANGUL_H

#include <stddef.h>
#include <stdint.h>

int hg_is_syllable(int32_t cp);
/* A precomposed syllable with a final consonant (받침). */
int hg_has_final(int32_t cp);
/* The syllable's final consonant is ㄹ (which takes 로, not 으로). */
int hg_final_is_rieul(int32_t cp);

/* Decomposes s[0..n) into jamo: syllables into L V (T), compatibility jamo
 * into conjoining ones, ASCII letters lowercased, everything else as is.
 * Returns the number of code points written (at most cap). */
size_t hg_jamo(const char *s, size_t n, int32_t *out, size_t cap);

/* The byte length of a word without its particle, or without a 하다-family
 * ending (처리하는 -> 처리); n when nothing is stripped. The stem keeps at least
 * two characters. */
size_t hg_stem(const char *w, size_t n);

/* When s starts with a particle whose form depends on the final consonant
 * before it (은/는, 이/가, 을/를, 과/와, (으)로, (이)나 ...), returns the
 * neutral form ("은(는)") and sets *len to the bytes it covers; else NULL. */
const char *hg_neutral_particle(const char *s, size_t n, size_t *len);

#endif
