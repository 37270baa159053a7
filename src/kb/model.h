/*
 * model — the knowledge model a document parses into.
 *
 * A kb_doc owns all of its memory in one arena: every string and array below
 * lives until kb_doc_free. Strings are NFC, trimmed, NUL-terminated.
 * Indexes (topic, block) refer into the doc's arrays.
 */
#ifndef ASSAY_KB_MODEL_H
#define ASSAY_KB_MODEL_H

#include "core/arena.h"
#include "core/hash.h"

#include <stddef.h>

typedef enum kb_kind {
    KB_LEVEL_QA = 1,     /* == ASSAY_KIND_LEVEL_QA */
    KB_INTERVIEW_QA = 2, /* == ASSAY_KIND_INTERVIEW_QA */
    KB_SCENARIO = 3,     /* == ASSAY_KIND_SCENARIO */
    /* derived at import (bank/derive.c), never by the parser */
    KB_DERIVED_DEFINITION = 4, /* == ASSAY_KIND_DERIVED_DEFINITION */
    KB_DERIVED_TOPIC = 5,      /* == ASSAY_KIND_DERIVED_TOPIC */
    KB_DERIVED_ORDER = 6       /* == ASSAY_KIND_DERIVED_ORDER */
} kb_kind;

typedef struct kb_strv {
    const char **v;
    size_t n, cap;
} kb_strv;

/* One row of the level guide table. */
typedef struct kb_level_def {
    int level;
    const char *label;       /* the block label or the audience, e.g. "입문" */
    const char *audience;    /* "" if the table has no such column */
    const char *description; /* "" if none */
    long line;
} kb_level_def;

typedef struct kb_code {
    const char *info; /* fence info string ("yaml"), "" if none */
    const char *text; /* verbatim */
    long line;
} kb_code;

/* A labelled part of a scenario: "상황: ...", with sub-bullets and code. */
typedef struct kb_part {
    const char *label; /* "" when the bullet has no label */
    const char *text;
    kb_strv items; /* nested bullets, deeper ones indented by two spaces a level */
    kb_code *code;
    size_t n_code, cap_code;
    long line;
} kb_part;

typedef struct kb_scenario {
    const char *title;
    kb_part *parts;
    size_t n_parts, cap_parts;
    long line;
} kb_scenario;

typedef struct kb_block {
    size_t topic;
    int level;
    const char *label; /* "입문" from "Level 1 (입문)", or "" */
    kb_strv subtopics;
    long *subtopic_lines; /* the source line of each sub-topic, parallel to subtopics.v */
    size_t n_subtopic_lines, cap_subtopic_lines;
    long line;
} kb_block;

/* One rendered line of a topic's concept text with its source line (what
 * derived items are grown from, bank/derive.c). */
typedef struct kb_srcline {
    const char *text;
    long line;
    int list; /* 0 prose; -1 a bullet; n >= 1 the n-th item of a numbered list */
} kb_srcline;

typedef struct kb_topic {
    int number;        /* as written ("## 3. ..."), 0 if none */
    const char *title; /* without the number */
    const char *key;   /* matching key: folded title */
    const char *concept;
    kb_srcline *concept_src; /* the concept text line by line, with source lines */
    size_t n_concept_src, cap_concept_src;
    long line;
    size_t n_items;
    size_t n_blocks;
} kb_topic;

typedef struct kb_item {
    kb_kind kind;
    size_t topic;
    long block; /* index of the level block, -1 if none */
    int level;  /* 1..9 for level Q/A; 0 = none in the document */
    const char *question;
    const char *answer;
    const kb_scenario *scenario; /* KB_SCENARIO only */
    const char *detail;          /* derived items: their detail JSON (bank/derive.c), else NULL */
    const char *id_text; /* derived items: what their id is made from, else NULL (the question) */
    kb_strv distractors; /* authored wrong options (GIFT, Moodle XML, CSV, Markdown multiple
                            choice); the key is the answer; empty when the document gives none */
    long line;           /* line of the question (scenario: its title) */
} kb_item;

typedef struct kb_warning {
    long line;
    const char *message;
} kb_warning;

typedef struct kb_doc {
    arena mem;
    const char *file;    /* as given by the caller */
    const char *kb_name; /* knowledge-base name */
    const char *title;   /* first level-1 heading, "" if none */
    char hash[HASH_HEX_LEN + 1];
    size_t bytes;

    kb_level_def *levels;
    size_t n_levels, cap_levels;
    kb_topic *topics;
    size_t n_topics, cap_topics;
    kb_block *blocks;
    size_t n_blocks, cap_blocks;
    kb_item *items;
    size_t n_items, cap_items;
    kb_warning *warnings;
    size_t n_warnings, cap_warnings;

    size_t questions_seen; /* questions found, including skipped ones */

    /* the author's thesaurus (kb/thes.h): spellings joined by '|', with lines */
    const char **thes;
    long *thes_line;
    size_t n_thes;
    const char *thes_file;           /* NULL when the document has none */
    char doc_hash[HASH_HEX_LEN + 1]; /* the document's own hash, once a thesaurus is folded in */
} kb_doc;

void kb_doc_free(kb_doc *d); /* accepts NULL */

/* Count of items of one kind. */
size_t kb_doc_count(const kb_doc *d, kb_kind kind);

const char *kb_kind_name(kb_kind k);

#endif
