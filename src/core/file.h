/*
 * file — reading a whole file (or standard input) within a size cap, for the
 * parsers of untrusted input (documents, response tables).
 */
#ifndef ASSAY_CORE_FILE_H
#define ASSAY_CORE_FILE_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Reads `path` ("-" = standard input) into *out (malloc'd, NUL-terminated,
 * the caller frees) and its length into *len. Refuses more than `max` bytes
 * (0 = no cap) with ASSAY_EINPUT; `what` names the input in that message
 * ("document") and `option` the flag that raises the cap ("--max-size").
 * A directory is ASSAY_EINPUT "is a directory" followed by dir_hint (may be "").
 */
assay_code file_read(const char *path, uint64_t max, const char *what, const char *option,
                     const char *dir_hint, char **out, size_t *len, errinfo *e);

#endif
