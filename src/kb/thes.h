/*
 * kb/thes — an author's domain thesaurus: NAME.thesaurus.tsv beside the
 * knowledge document NAME.md. One synonym group a line, its spellings
 * separated by tabs (or '='): `대기열<TAB>큐`, `증명서 = 인증서`. Blank lines
 * and lines starting with '#' are skipped. Each spelling is NFC-normalised,
 * case-folded and its white space collapsed; rows are kept as spellings
 * joined by '|' (the grader's form, grade/thes.c). Bad lines are
 * ASSAY_EINPUT with file:line (docs/internals/grading.md, "The thesaurus file").
 */
#ifndef ASSAY_KB_THES_H
#define ASSAY_KB_THES_H

#include "core/err.h"
#include "kb/model.h"

#include <stddef.h>

#define KB_THES_MAX_BYTES     ((size_t)1 << 20) /* the file */
#define KB_THES_MAX_GROUPS    10000
#define KB_THES_MAX_SPELLING  80 /* bytes, after normalisation */
#define KB_THES_MAX_SPELLINGS 16 /* per group */

/* The thesaurus path of a document path: "dir/notes.md" -> "dir/notes.thesaurus.tsv"
 * (the extension after the last '.' of the file name replaced; none: appended).
 * malloc'd; NULL when out of memory. */
char *kb_thes_path(const char *doc_path);

/* Parses len bytes of a thesaurus named `file` into d's rows (d->thes) and
 * folds the bytes into d->hash, so that an edited thesaurus is a new edition
 * of the knowledge base. Replaces rows a previous call gave. */
assay_code kb_thes_parse(kb_doc *d, const char *file, const char *data, size_t len, errinfo *e);

/* Reads the thesaurus beside doc_path when there is one (none: nothing
 * happens); d->thes_file names it. */
assay_code kb_thes_load(kb_doc *d, const char *doc_path, errinfo *e);

/* The edition hash of a document with a thesaurus: SHA-256 over the
 * document's hash and the thesaurus bytes. */
void kb_thes_edition(const char *doc_hash, const char *data, size_t len,
                     char out[HASH_HEX_LEN + 1]);

#endif
