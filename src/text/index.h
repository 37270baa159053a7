/*
 * index — TF-IDF over a bank's texts. Features: Hangul syllable bigrams of
 * particle-free stems (one syllable: the syllable), lowercased Latin words,
 * numbers; hashed to 64 bits and interned to dense ids. Vectors are sparse,
 * sorted by feature id and L2-normalised, so cosine is a merge.
 *
 * Build: tx_add_doc for every document, then tx_finish. After that the index
 * is read-only and may be shared. All memory is in the index's arena.
 */
#ifndef ASSAY_TEXT_INDEX_H
#define ASSAY_TEXT_INDEX_H

#include "core/arena.h"

#include <stddef.h>
#include <stdint.h>

typedef struct tx_vec {
    const uint32_t *ids;
    const float *w;
    uint32_t n;
} tx_vec;

typedef struct tx_index {
    arena mem;
    uint64_t *keys; /* open addressing; 0 = empty */
    uint32_t *vals;
    size_t cap, count;
    uint32_t *df; /* per feature id */
    size_t df_cap;
    float *idf;
    uint32_t n_docs;
    int finished;
} tx_index;

void tx_init(tx_index *x);
void tx_free(tx_index *x);

/* Counts the document's distinct features (vector features and whole-stem
 * terms). Returns -1 when out of memory. */
int tx_add_doc(tx_index *x, const char *s, size_t n);
/* Computes IDF: log((N + 1) / (df + 1)) + 1. */
int tx_finish(tx_index *x);

/* The TF-IDF vector of s (features unknown to the index are dropped), with
 * its arrays in arena a. Returns -1 when out of memory. */
int tx_vectorize(const tx_index *x, const char *s, size_t n, arena *a, tx_vec *out);
double tx_cosine(const tx_vec *a, const tx_vec *b);

/* Whether a whole-stem term (its tok_key) is a word of some document. */
int tx_term_known(const tx_index *x, const char *key, size_t n);
/* IDF of a whole-stem term (its tok_key); unknown terms get the largest IDF. */
double tx_term_idf(const tx_index *x, const char *key, size_t n);

/* The distinct content-word stems of s (lowercased, stop words left out) as
 * sorted 64-bit hashes; at most cap. Returns how many. */
size_t tx_terms(const char *s, size_t n, uint64_t *out, size_t cap);

/* Bytes the index holds (tables and arena). */
size_t tx_bytes(const tx_index *x);

#endif
