/*
 * core/opts — taking a caller's option struct by its struct_size. Public
 * option structs start with `size_t struct_size` set by their _init function;
 * fields are only ever appended. A caller built against an older header
 * passes a smaller struct: its fields are copied over the defaults and the
 * newer fields keep their defaults. A size of 0 (never initialised) or larger
 * than this build knows is a usage error naming struct_size.
 */
#ifndef ASSAY_CORE_OPTS_H
#define ASSAY_CORE_OPTS_H

#include "core/err.h"

#include <stddef.h>
#include <string.h>

/* dst holds the defaults (size bytes); src (may be NULL = defaults) the caller's. */
static inline assay_code opts_take(errinfo *e, void *dst, size_t size, const void *src,
                                   const char *what)
{
    if (!src)
        return ASSAY_OK;
    size_t n;
    memcpy(&n, src, sizeof n);
    if (n < sizeof n || n > size)
        return err_set_param(e, ASSAY_EUSAGE, "struct_size",
                             "%s.struct_size is %zu; this library takes 8 to %zu (initialise it "
                             "with %s_init)",
                             what, n, size, what);
    memcpy(dst, src, n);
    memcpy(dst, &size, sizeof size);
    return ASSAY_OK;
}

#endif
