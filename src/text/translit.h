/*
 * translit — does a Hangul word spell an English word (컨슈머 = consumer,
 * 파티션 = partition)? Both are reduced to a skeleton of consonant classes:
 * Hangul by its jamo, English by its letters with the usual spelling rules
 * (a silent r after a vowel, -tion, c before e/i, ph, th, sh, ch, x, ...).
 * Vowels and h are dropped. Equal skeletons of three classes or more match.
 */
#ifndef ASSAY_TEXT_TRANSLIT_H
#define ASSAY_TEXT_TRANSLIT_H

#include <stddef.h>

#define TL_MAX 32

/* The skeleton of a Hangul word (UTF-8) into out (TL_MAX bytes); its length. */
size_t tl_hangul(const char *s, size_t n, char *out);

/* The skeleton of an English word (ASCII letters, any case) into out; its length. */
size_t tl_english(const char *s, size_t n, char *out);

/* Whether Hangul word h spells English word e. */
int tl_match(const char *h, size_t hn, const char *e, size_t en);

#endif
