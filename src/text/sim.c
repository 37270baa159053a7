#include "sim.h"

#include "core/u8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int is_word_cp(int32_t cp)
{
    if (u8_is_space(cp))
        return 0;
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF: return 0;
    default: return 1;
    }
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Sorted bigram keys of the folded text; *n receives the count. */
static uint64_t *bigrams(const char *s, size_t n, size_t *count)
{
    size_t flen;
    char *f = u8_fold(s, n, &flen);
    if (!f)
        return NULL;
    uint64_t *keys = malloc((flen + 1) * sizeof *keys);
    if (!keys) {
        free(f);
        return NULL;
    }
    size_t k = 0, i = 0;
    int32_t prev = -1;
    while (i < flen) {
        int32_t cp;
        i += u8_decode(f + i, flen - i, &cp);
        if (!is_word_cp(cp))
            continue;
        if (prev >= 0)
            keys[k++] = ((uint64_t)(uint32_t)prev << 32) | (uint32_t)cp;
        prev = cp;
    }
    /* a one-character text still has an identity */
    if (k == 0 && prev >= 0)
        keys[k++] = (uint64_t)(uint32_t)prev;
    free(f);
    qsort(keys, k, sizeof *keys, cmp_u64);
    *count = k;
    return keys;
}

long sim_bigrams(const char *s, size_t n, uint64_t **out)
{
    size_t k;
    *out = bigrams(s, n, &k);
    return *out ? (long)k : -1;
}

/* Whether sorted v[0..n) holds h (binary search). */
static int sorted_has(const uint64_t *v, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == h;
}

size_t sim_shared(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    if (na == 0 || nb == 0 || a[na - 1] < b[0] || b[nb - 1] < a[0])
        return 0; /* nothing in common: the ranges do not meet */
    /* one term against a set (the generators' membership tests): a search */
    if (na == 1)
        return (size_t)sorted_has(b, nb, a[0]);
    if (nb == 1)
        return (size_t)sorted_has(a, na, b[0]);
    size_t i = 0, j = 0, c = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            c++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return c;
}

double sim_dice_sets(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    if (na + nb == 0)
        return 1.0;
    return 2.0 * (double)sim_shared(a, na, b, nb) / (double)(na + nb);
}

double sim_dice_bigram(const char *a, size_t an, const char *b, size_t bn)
{
    size_t na, nb;
    uint64_t *ka = bigrams(a, an, &na);
    if (!ka)
        return -1;
    uint64_t *kb = bigrams(b, bn, &nb);
    if (!kb) {
        free(ka);
        return -1;
    }
    double r = sim_dice_sets(ka, na, kb, nb);
    free(ka);
    free(kb);
    return r;
}
