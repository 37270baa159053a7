/* sort — qsort and bsearch that accept empty (NULL) arrays, which the C
 * library functions do not (their pointer arguments must be valid). */
#ifndef ASSAY_CORE_SORT_H
#define ASSAY_CORE_SORT_H

#include <stdlib.h>

static inline void sort_array(void *base, size_t n, size_t size,
                              int (*cmp)(const void *, const void *))
{
    if (base && n > 1)
        qsort(base, n, size, cmp);
}

static inline void *search_array(const void *key, const void *base, size_t n, size_t size,
                                 int (*cmp)(const void *, const void *))
{
    return base && n ? bsearch(key, base, n, size, cmp) : NULL;
}

#endif
