/*
 * thes — the grader's built-in thesaurus: groups of spellings that mean the
 * same in this domain — an English term, its Hangul transliterations
 * (컨슈머 = consumer, 디비 = DB) and its Korean word where there is one
 * (요청 = request = 리퀘스트, 임계값 = threshold = 스레숄드). Keys are the
 * tokenizer's stems, English lowercased; a spelling may be several words.
 */
#ifndef ASSAY_GRADE_THES_H
#define ASSAY_GRADE_THES_H

#include <stddef.h>

/* The other spellings of key (NUL-terminated, n bytes): up to cap into out (not NUL-terminated:
 * their lengths in out_len; static storage); returns how many. */
size_t thes_others(const char *key, size_t n, const char **out, size_t *out_len, size_t cap);

#endif
