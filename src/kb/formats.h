/*
 * formats — question banks written for other systems (Moodle GIFT, Moodle
 * XML, CSV) read into the same knowledge model (kb_doc) as a Markdown
 * document, and the detection of which format a file is in.
 *
 * kb/flat.c holds what the three share: the input checks and normalisation
 * of the Markdown path (size, NUL bytes, UTF-8, BOM, CRLF -> LF, NFC), a
 * builder filing flat questions into topics and level blocks, category
 * paths, HTML to text, and kb_parse_any (detection and dispatch). The
 * mapping of each format is in docs/formats-import.md.
 */
#ifndef ASSAY_KB_FORMATS_H
#define ASSAY_KB_FORMATS_H

#include "core/buf.h"
#include "core/err.h"
#include "kb/model.h"
#include "kb/parse.h"

#include <stddef.h>

typedef enum kb_format {
    KB_FMT_AUTO = 0, /* by extension, then by content */
    KB_FMT_MD,
    KB_FMT_GIFT,
    KB_FMT_MOODLE,
    KB_FMT_CSV
} kb_format;

/* "md", "gift", "moodle-xml" (also "xml", "moodle"), "csv" -> the format; -1 when unknown. */
int kb_format_parse(const char *name);
const char *kb_format_name(kb_format f); /* "md", "gift", "moodle-xml", "csv" */

/* The format of data[0..n) read from `file`: the extension (.md, .markdown,
 * .gift, .xml, .csv), else the content (an XML declaration or <quiz>; a
 * "$CATEGORY:" line or a "::name::" line; a first row naming the columns
 * question and answer), else Markdown. */
kb_format kb_format_detect(const char *file, const char *data, size_t n);

/* Parses data[0..n) in format f (KB_FMT_AUTO: detected); result and
 * ownership as kb_parse. */
assay_code kb_parse_any(const char *file, const char *data, size_t n, const kb_opts *o, kb_format f,
                        kb_doc **out, errinfo *e);

/* The three readers (kb/gift.c, kb/moodle.c, kb/csvq.c), same contract. */
assay_code kb_parse_gift(const char *file, const char *data, size_t n, const kb_opts *o,
                         kb_doc **out, errinfo *e);
assay_code kb_parse_moodle(const char *file, const char *data, size_t n, const kb_opts *o,
                           kb_doc **out, errinfo *e);
assay_code kb_parse_csv(const char *file, const char *data, size_t n, const kb_opts *o,
                        kb_doc **out, errinfo *e);

/* ---- the shared builder (kb/flat.c) ------------------------------------- */

typedef struct kb_flat {
    kb_doc *d;
    errinfo *e;
    int oom;
    char *text; /* the normalised input (malloc'd; NULL for XML, which libxml2 reads raw) */
    size_t len;
    const char *default_topic; /* for questions outside any category: the kb name */
    /* topics by key: open addressing over d->topics, and per topic its block per level */
    long *slots;
    size_t n_slots;
    long (*blocks)[10];
    size_t cap_blocks;
    size_t skipped; /* questions left out (a warning each) */
} kb_flat;

/* Checks the input as the Markdown path does (size cap, empty, NUL bytes,
 * UTF-8) and, when `normalise`, drops a BOM, turns CRLF/CR into LF and
 * applies NFC into f->text. Makes the document (file, kb name, hash of the
 * raw bytes). On error nothing is left to free. */
assay_code kb_flat_begin(kb_flat *f, const char *file, const char *data, size_t n, const kb_opts *o,
                         int normalise, errinfo *e);
/* The model on success (no items: ASSAY_EINPUT naming the file), and frees
 * what the builder holds either way. */
assay_code kb_flat_end(kb_flat *f, kb_doc **out);
/* Frees everything, the document too (after an error). */
void kb_flat_abort(kb_flat *f);

/* s[0..n) trimmed and in NFC, copied into the document's arena; NULL when out of memory. */
char *kb_flat_str(kb_flat *f, const char *s, size_t n);
/* Appends a copy of s (kb_flat_str) to v; -1 when out of memory. */
int kb_flat_push(kb_flat *f, kb_strv *v, const char *s, size_t n);
void kb_flat_warn(kb_flat *f, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What a category path gives: the topic (NULL = the default one) and the level. */
typedef struct kb_cat {
    const char *topic; /* in the document's arena, NULL when the path names none */
    int level;         /* 0 = none */
    const char *label; /* "입문" of "Level 1 (입문)", "" if none */
} kb_cat;
/* "$course$/kb/3. 캐싱/Level 2 (중급)" -> topic "3. 캐싱", level 2, label "중급":
 * segments split at '/' ("//" is a slash in a name), "$...$" and "top"
 * dropped; a last segment that is a level marker gives the level, the one
 * before it (else the last) the topic. */
void kb_flat_category(kb_flat *f, const char *path, size_t n, kb_cat *out);

/* Adds one item: the topic by title (found by its folded key or added; a
 * leading "3. " is its number), its level block when level > 0. q and a are
 * stored as given (already kb_flat_str'd); distractors are copied.
 * detail: JSON kept with the item ("accept" spellings) or NULL. */
int kb_flat_item(kb_flat *f, const char *topic, int level, const char *label, kb_kind kind,
                 const char *q, const char *a, const kb_strv *distractors, const char *detail,
                 long line);

/* HTML (Moodle's question text, GIFT's [html]) to plain text appended to out:
 * <br> and block ends are line breaks, other tags dropped, character
 * references decoded. -1 when out of memory or over the cap. */
int kb_flat_html(buf *out, const char *s, size_t n);

#endif
