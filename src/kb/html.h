/*
 * html — a linear scan of raw HTML fragments that cmark hands over verbatim
 * (HTML blocks and inline HTML). Markdown is parsed by cmark-gfm; this only
 * finds tags (for <details>/<summary> Q/A markup, <br>, <p>, <li>) and decodes
 * text with its character references. Comments and declarations are skipped.
 */
#ifndef ASSAY_KB_HTML_H
#define ASSAY_KB_HTML_H

#include "core/buf.h"

#include <stddef.h>

typedef struct html_sink {
    /* A tag: name lowercased (at most 15 bytes, NUL-terminated), closing flag. */
    void (*tag)(void *ud, const char *name, int closing, long line);
    /* Decoded text. */
    void (*text)(void *ud, const char *s, size_t n, long line);
    void *ud;
} html_sink;

/* Scans s[0..n), whose first byte is on `line`. Returns -1 if out of memory. */
int html_scan(const char *s, size_t n, long line, const html_sink *sink);

/* Appends the decoded form of text with character references to out. */
int html_decode(const char *s, size_t n, buf *out);

#endif
