/*
 * err — error values with a message and a source position.
 *
 * Internal modules report failures into an `errinfo` owned by the caller (the
 * public `assay` context holds one). The first error set wins: later, less
 * specific reports of the same failure (e.g. "import failed" after "disk
 * full") are dropped, so the message names the root cause.
 */
#ifndef ASSAY_CORE_ERR_H
#define ASSAY_CORE_ERR_H

#include "assay.h"

#include <stdarg.h>

#define ERR_MSG_MAX  1024
#define ERR_FILE_MAX 512

typedef struct errinfo {
    assay_code code;
    char msg[ERR_MSG_MAX];
    char file[ERR_FILE_MAX];
    long line;
    long column;
    long long offset; /* -1 when not an encoding position */
    char param[32];   /* the parameter at fault ("topic", "kb", "count"), or "" */
} errinfo;

void err_clear(errinfo *e);

/* Sets the error unless one is already set; returns the code that is now set
 * (so `return err_set(e, ...)` propagates the first error). e may be NULL. */
assay_code err_set(errinfo *e, assay_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
assay_code err_setv(errinfo *e, assay_code code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Same, with a position. line/column 0 and offset -1 mean unknown. */
assay_code err_set_at(errinfo *e, assay_code code, const char *file, long line, long column,
                      long long offset, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Names the parameter at fault (an option field, in the library's words) for
 * the error that is set, unless one is named already; returns e's code. A
 * front end maps the name to its own flag or field. */
assay_code err_param(errinfo *e, const char *param);
/* err_set that also names the parameter at fault. */
assay_code err_set_param(errinfo *e, assay_code code, const char *param, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "FILE:LINE:COL: message (byte offset N)" into out (always NUL-terminated). */
void err_format(const errinfo *e, char *out, size_t cap);

#endif
