/*
 * thes — the grader's thesaurus: groups of spellings that mean the same — an
 * English term, its Hangul transliterations (디비 = DB) and its Korean word
 * where there is one (요청 = request = 리퀘스트). General vocabulary is built
 * in; a knowledge base's own terms (컨슈머 = consumer, 대기열 = 큐) come from
 * its author's thesaurus file, held by the engine. Keys are the tokenizer's
 * stems, English lowercased; a spelling may be several words.
 */
#ifndef ASSAY_GRADE_THES_H
#define ASSAY_GRADE_THES_H

#include "assay.h"

#include <stddef.h>

/* The other spellings of key (NUL-terminated, n bytes) in the built-in table
 * and in the engine's rows (e may be NULL): up to cap into out, each once (not
 * NUL-terminated: their lengths in out_len; static storage or the engine's);
 * returns how many. */
size_t thes_others(const assay_engine *e, const char *key, size_t n, const char **out,
                   size_t *out_len, size_t cap);

#endif
