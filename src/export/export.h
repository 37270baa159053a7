/*
 * export — what every format writer is given: the questions of one selection (a generated quiz, or
 * the bank's items each as a question), with the metadata formats carry. Writers use only
 * include/assay.h and their own libraries (libxml2, libzip, SQLite, jansson).
 */
#ifndef ASSAY_EXPORT_H
#define ASSAY_EXPORT_H
#include "assay.h"
#include <stddef.h>

typedef struct exp_entry {
    const assay_question
        *q; /* the question with its key; bank items are ASSAY_Q_SHORT (prompt = question,
               answer = reference answer), or ASSAY_Q_MCQ when the item has authored distractors */
    const char *item_id;     /* 12 hex digits (q->item_id) */
    const char *kb;          /* knowledge base name */
    const char *kb_title;    /* the document's title, "" if none */
    const char *topic;       /* topic title */
    int topic_number;        /* 0 when none */
    int level;               /* 0 when none */
    const char *level_label; /* "입문", "" when none */
    const char *reference; /* the item's full reference answer ("" if none), for general feedback */
    const char *source_file; /* provenance */
    long source_line;
    /* added by h-export after the round-4 contract (append only): */
    const char *kind; /* the item's kind name ("level_qa", "interview_qa", "scenario", ...), "" when
                         unknown */
} exp_entry;

typedef struct exp_set {
    const exp_entry *v;
    size_t n;
    const char *name; /* a title for manifests, decks and categories: the kb name, or "quiz" */
    char err[256];    /* a writer's message when it fails (the caller puts it into the context) */
} exp_set;

/* Each writer puts the whole export into *out (malloc'd, *len bytes; the caller frees) and returns
 * ASSAY_OK, or an error code with set->err filled. Deterministic: the same set gives the same bytes
 * (fixed timestamps in zips and collections). */
assay_code exp_gift(exp_set *set, unsigned char **out, size_t *len);
assay_code exp_moodle_xml(exp_set *set, unsigned char **out, size_t *len);
assay_code exp_qti21(exp_set *set, unsigned char **out, size_t *len);
assay_code exp_qti30(exp_set *set, unsigned char **out, size_t *len);
assay_code exp_anki(exp_set *set, unsigned char **out, size_t *len); /* .apkg */
assay_code exp_anki_text(exp_set *set, unsigned char **out, size_t *len);
assay_code exp_csv(exp_set *set, unsigned char **out, size_t *len);
assay_code exp_json(exp_set *set, unsigned char **out, size_t *len);

/* ---- added by h-export: the dispatcher and helpers the writers of export.c share ---- */

/* One export format: its name (as `--format` takes it), the Content-Type and
 * file extension of its bytes, and its writer (NULL when not built). */
typedef struct exp_format {
    const char *name;
    const char *content_type;
    const char *extension;
    assay_code (*write)(exp_set *set, unsigned char **out, size_t *len);
} exp_format;

/* The format called `name`, or NULL when there is none. Static storage. */
const exp_format *exp_format_find(const char *name);
/* Every format, in the order of the docs; *n receives their count. */
const exp_format *exp_formats(size_t *n);

/* The largest export a writer builds: 256 MiB (a larger one is ASSAY_ENOMEM). */
#define EXP_MAX_BYTES ((size_t)256 << 20)

/* A growable byte buffer with the cap above; an allocation failure or the cap
 * sets `failed` and later puts do nothing. */
typedef struct exp_buf {
    unsigned char *p;
    size_t n, cap;
    int failed;
} exp_buf;
void exp_put(exp_buf *b, const char *s, size_t n);
void exp_puts(exp_buf *b, const char *s);
void exp_printf(exp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* HTML text: & < > " escaped, each newline a <br>. */
void exp_put_html(exp_buf *b, const char *s);
/* Hands the bytes over (*out malloc'd and NUL-terminated, the caller frees) or
 * frees them and returns ASSAY_ENOMEM with set->err filled. */
assay_code exp_finish(exp_buf *b, exp_set *set, unsigned char **out, size_t *len);
/* Frees the buffer. */
void exp_buf_free(exp_buf *b);

/* The file name of a path ("x.md" for "/a/b/x.md"). */
const char *exp_basename(const char *path);
/* The entry's category path below the course, "kb/01 topic/Level 2 중급" (topic
 * and level left out when the entry has none); a '/' inside a name doubled, as
 * Moodle reads category paths. Into b. */
void exp_category(exp_buf *b, const exp_entry *e);
/* 1 when a and b fall in the same category. */
int exp_same_category(const exp_entry *a, const exp_entry *b);
/* The entry's general feedback as plain text: "Answer: REFERENCE\nSource:
 * FILE:LINE" (the reference: the entry's, else the question's answer; lines
 * left out when empty). Into b. */
void exp_feedback(exp_buf *b, const exp_entry *e);
/* The reference answer of an entry: e->reference, else q->answer, else "". */
const char *exp_reference(const exp_entry *e);
/* An identifier unique in the set: the item id, "-2", "-3" appended for its
 * second, third appearance (a quiz may ask one item twice). Into b. */
void exp_unique_id(exp_buf *b, const exp_set *set, size_t i);
/* Fills set->err (printf-style) and returns code. */
assay_code exp_fail(exp_set *set, assay_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif
