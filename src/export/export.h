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
#endif
