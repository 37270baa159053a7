/*
 * parse — a knowledge document (Markdown) into the knowledge model.
 *
 * Input checks first (size, NUL bytes, UTF-8, emptiness), then the text is
 * normalised (BOM dropped, CRLF/CR -> LF, NFC), parsed by cmark-gfm (tables
 * extension only) and walked once, in document order, by an event loop with
 * explicit state — never recursion, so nesting depth cannot exhaust the stack.
 * See docs/internals/kb.md for the conventions recognised.
 */
#ifndef ASSAY_KB_PARSE_H
#define ASSAY_KB_PARSE_H

#include "core/err.h"
#include "kb/model.h"

#include <stdint.h>

typedef struct kb_opts {
    uint64_t max_bytes;  /* refuse larger input */
    const char *kb_name; /* NULL: derived from the file name */
} kb_opts;

/* Parses data[0..n) read from `file`. On success *out owns a new model (free
 * with kb_doc_free). Bad input: ASSAY_EINPUT with position in e. */
assay_code kb_parse(const char *file, const char *data, size_t n, const kb_opts *o, kb_doc **out,
                    errinfo *e);

/* Reads `path` ("-" = standard input) within the size cap and parses it. */
assay_code kb_load(const char *path, const kb_opts *o, kb_doc **out, errinfo *e);

/* The knowledge-base name for a file: base name without its extension. */
char *kb_name_from_path(arena *a, const char *path);

#endif
