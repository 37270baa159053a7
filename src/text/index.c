#include "index.h"

#include "text/tok.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAG_BIGRAM 'b'
#define TAG_WORD   'w'
#define TAG_NUMBER 'n'
#define TAG_TERM   't'
#define MAX_TOKENS 4096

static uint64_t fnv(char tag, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    h = (h ^ (unsigned char)tag) * 1099511628211ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ? h : 1; /* 0 marks an empty slot */
}

void tx_init(tx_index *x)
{
    memset(x, 0, sizeof *x);
    arena_init(&x->mem, 0);
}

void tx_free(tx_index *x)
{
    if (!x)
        return;
    free(x->keys);
    free(x->vals);
    free(x->df);
    free(x->idf);
    arena_free(&x->mem);
    memset(x, 0, sizeof *x);
}

static long find(const tx_index *x, uint64_t key)
{
    if (!x->cap)
        return -1;
    size_t mask = x->cap - 1, i = (size_t)key & mask;
    while (x->keys[i]) {
        if (x->keys[i] == key)
            return (long)x->vals[i];
        i = (i + 1) & mask;
    }
    return -1;
}

static int grow(tx_index *x)
{
    size_t cap = x->cap ? x->cap * 2 : 1024;
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < x->cap; i++) {
        if (!x->keys[i])
            continue;
        size_t j = (size_t)x->keys[i] & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = x->keys[i];
        vals[j] = x->vals[i];
    }
    free(x->keys);
    free(x->vals);
    x->keys = keys;
    x->vals = vals;
    x->cap = cap;
    return 0;
}

/* The id of a feature, adding it when new. -1 when out of memory. */
static long intern(tx_index *x, uint64_t key)
{
    long v = find(x, key);
    if (v >= 0)
        return v;
    if ((x->count + 1) * 2 > x->cap && grow(x) != 0)
        return -1;
    if (x->count == x->df_cap) {
        size_t cap = x->df_cap ? x->df_cap * 2 : 1024;
        uint32_t *df = realloc(x->df, cap * sizeof *df);
        if (!df)
            return -1;
        x->df = df;
        x->df_cap = cap;
    }
    size_t i = (size_t)key & (x->cap - 1);
    while (x->keys[i])
        i = (i + 1) & (x->cap - 1);
    x->keys[i] = key;
    x->vals[i] = (uint32_t)x->count;
    x->df[x->count] = 0;
    return (long)x->count++;
}

typedef struct feat {
    uint64_t key;
    int term; /* a whole-stem term: counted for IDF, not in vectors */
} feat;

/* The features of s, appended to *out (malloc'd, grown). */
static int features(const char *s, size_t n, feat **out, size_t *nf, size_t *cap)
{
    tok toks[MAX_TOKENS];
    size_t nt = tok_split(s, n, toks, MAX_TOKENS);
    if (nt > MAX_TOKENS)
        nt = MAX_TOKENS; /* long texts: the first words are enough */
    for (size_t i = 0; i < nt; i++) {
        const char *w = s + toks[i].off;
        size_t sl = toks[i].stem_len;
        char key[256];
        if (sl >= sizeof key)
            continue;
        tok_key(w, sl, key);
        size_t need = *nf + sl + 4;
        if (need > *cap) {
            size_t c = *cap ? *cap * 2 : 256;
            while (c < need)
                c *= 2;
            feat *p = realloc(*out, c * sizeof *p);
            if (!p)
                return -1;
            *out = p;
            *cap = c;
        }
        feat *f = *out;
        if (!tok_is_stopword(w, sl))
            f[(*nf)++] = (feat){fnv(TAG_TERM, key, sl), 1};
        if (toks[i].kind == TK_HANGUL) {
            /* syllable bigrams (3-byte syllables) */
            if (sl <= 3) {
                f[(*nf)++] = (feat){fnv(TAG_BIGRAM, key, sl), 0};
            } else {
                for (size_t b = 0; b + 3 < sl; b += 3)
                    f[(*nf)++] = (feat){fnv(TAG_BIGRAM, key + b, 6), 0};
            }
        } else {
            f[(*nf)++] = (feat){fnv(toks[i].kind == TK_NUMBER ? TAG_NUMBER : TAG_WORD, key, sl), 0};
        }
    }
    return 0;
}

static int cmp_feat(const void *a, const void *b)
{
    const feat *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->term - y->term;
}

int tx_add_doc(tx_index *x, const char *s, size_t n)
{
    feat *f = NULL;
    size_t nf = 0, cap = 0;
    if (features(s, n, &f, &nf, &cap) != 0) {
        free(f);
        return -1;
    }
    if (nf)
        qsort(f, nf, sizeof *f, cmp_feat);
    for (size_t i = 0; i < nf; i++) {
        if (i && f[i].key == f[i - 1].key)
            continue; /* document frequency: once per document */
        long id = intern(x, f[i].key);
        if (id < 0) {
            free(f);
            return -1;
        }
        x->df[id]++;
    }
    free(f);
    x->n_docs++;
    return 0;
}

int tx_finish(tx_index *x)
{
    x->idf = malloc((x->count + 1) * sizeof *x->idf);
    if (!x->idf)
        return -1;
    for (size_t i = 0; i < x->count; i++)
        x->idf[i] = (float)(log((x->n_docs + 1.0) / (x->df[i] + 1.0)) + 1.0);
    x->finished = 1;
    return 0;
}

static double max_idf(const tx_index *x)
{
    return log(x->n_docs + 1.0) + 1.0;
}

int tx_term_known(const tx_index *x, const char *key, size_t n)
{
    return find(x, fnv(TAG_TERM, key, n)) >= 0;
}

double tx_term_idf(const tx_index *x, const char *key, size_t n)
{
    long id = find(x, fnv(TAG_TERM, key, n));
    return id >= 0 && x->idf ? x->idf[id] : max_idf(x);
}

typedef struct wf {
    uint32_t id;
    float w;
} wf;

static int cmp_wf(const void *a, const void *b)
{
    uint32_t x = ((const wf *)a)->id, y = ((const wf *)b)->id;
    return x < y ? -1 : x > y;
}

int tx_vectorize(const tx_index *x, const char *s, size_t n, arena *a, tx_vec *out)
{
    memset(out, 0, sizeof *out);
    feat *f = NULL;
    size_t nf = 0, cap = 0;
    if (features(s, n, &f, &nf, &cap) != 0) {
        free(f);
        return -1;
    }
    wf *v = malloc((nf + 1) * sizeof *v);
    if (!v) {
        free(f);
        return -1;
    }
    size_t nv = 0;
    for (size_t i = 0; i < nf; i++) {
        if (f[i].term)
            continue;
        long id = find(x, f[i].key);
        if (id < 0)
            continue;
        v[nv++] = (wf){(uint32_t)id, 1.0f};
    }
    free(f);
    if (nv)
        qsort(v, nv, sizeof *v, cmp_wf);
    /* merge repeats into term frequency, weight by IDF */
    size_t m = 0;
    for (size_t i = 0; i < nv; i++) {
        if (m && v[m - 1].id == v[i].id)
            v[m - 1].w += 1.0f;
        else
            v[m++] = v[i];
    }
    double norm = 0;
    for (size_t i = 0; i < m; i++) {
        v[i].w *= x->idf[v[i].id];
        norm += (double)v[i].w * v[i].w;
    }
    norm = sqrt(norm);
    uint32_t *ids = arena_alloc(a, (m + 1) * sizeof *ids);
    float *w = arena_alloc(a, (m + 1) * sizeof *w);
    if (!ids || !w) {
        free(v);
        return -1;
    }
    for (size_t i = 0; i < m; i++) {
        ids[i] = v[i].id;
        w[i] = norm > 0 ? (float)(v[i].w / norm) : 0.0f;
    }
    free(v);
    out->ids = ids;
    out->w = w;
    out->n = (uint32_t)m;
    return 0;
}

double tx_cosine(const tx_vec *a, const tx_vec *b)
{
    double dot = 0;
    uint32_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] == b->ids[j])
            dot += (double)a->w[i++] * b->w[j++];
        else if (a->ids[i] < b->ids[j])
            i++;
        else
            j++;
    }
    return dot;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

size_t tx_terms(const char *s, size_t n, uint64_t *out, size_t cap)
{
    tok toks[512];
    size_t nt = tok_split(s, n, toks, 512), m = 0;
    if (nt > 512)
        nt = 512;
    for (size_t i = 0; i < nt && m < cap; i++) {
        const char *w = s + toks[i].off;
        size_t sl = toks[i].stem_len;
        char key[256];
        if (sl >= sizeof key || tok_is_stopword(w, sl))
            continue;
        tok_key(w, sl, key);
        out[m++] = fnv(TAG_TERM, key, sl);
    }
    if (m > 1)
        qsort(out, m, sizeof *out, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || out[u - 1] != out[i])
            out[u++] = out[i];
    return u;
}

size_t tx_bytes(const tx_index *x)
{
    return x->mem.total + x->cap * (sizeof *x->keys + sizeof *x->vals) + x->df_cap * sizeof *x->df +
           x->count * sizeof *x->idf;
}
