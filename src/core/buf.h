/*
 * buf — a growable byte buffer with a mandatory size cap (after curl's dynbuf).
 * The content is always NUL-terminated. buf_take hands the memory to the
 * caller, who frees it with free().
 */
#ifndef ASSAY_CORE_BUF_H
#define ASSAY_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *p;
    size_t len;
    size_t cap;
    size_t max; /* hard limit on len */
} buf;

void buf_init(buf *b, size_t max);
void buf_free(buf *b);  /* accepts NULL; the buffer can be reused after */
void buf_reset(buf *b); /* len = 0, keeps memory */

/* 0 on success, -1 when out of memory or the cap would be passed (nothing appended). */
int buf_add(buf *b, const void *data, size_t n);
int buf_adds(buf *b, const char *s);
int buf_addc(buf *b, char c);
int buf_addf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The content ("" when empty); valid until the next change. */
const char *buf_str(const buf *b);

/* Hands over the content (NUL-terminated, caller frees); the buffer is reset.
 * Returns NULL when out of memory. */
char *buf_take(buf *b, size_t *len);

/* Removes trailing ASCII whitespace. */
void buf_rtrim(buf *b);

#endif
