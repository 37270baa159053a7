/*
 * ui — what a learner sees and types in an interactive session, apart from
 * where questions come from: presenting a question, reading and parsing an
 * answer for its type, feedback after it, and the summaries at the end. A
 * session loop (cmd_session.c today, the library's session layer later) gets
 * a question, calls ui_show_question and ui_read_answer, grades, and calls
 * ui_show_feedback; nothing here generates, grades or stores.
 *
 * Three modes: a terminal (colour unless NO_COLOR, libedit, prompts), plain
 * text (standard input is not a terminal: one answer a line, no prompts), and
 * JSON lines (--json: one object per question, per feedback, per refused
 * line, and a summary; docs/json.md).
 */
#ifndef ASSAY_CLI_UI_H
#define ASSAY_CLI_UI_H

#include "assay.h"
#include "out.h"
#include "term.h"

#include <stddef.h>
#include <stdint.h>

#define UI_MAX_PAIRS 8

typedef struct ui {
    term_out out; /* standard output, with its colour decision */
    term_in in;
    size_t width; /* columns to wrap to */
    int json;     /* JSON lines */
    int tty;      /* standard input is a terminal: prompts and help */
} ui;

/* Sets up standard input and output for a session; no_color: --no-color. */
void ui_init(ui *u, int json, int no_color);
void ui_close(ui *u);

/* Where a question stands in its session, shown with it. */
typedef struct ui_view {
    size_t k;                /* 1-based position */
    size_t n;                /* questions in all; 0 when not known (assessment) */
    const char *level_label; /* e.g. "주니어"; NULL or "" for none */
    size_t decided, topics;  /* assessment: topics decided of topics in scope (topics 0: none) */
} ui_view;

/* Shows the question: progress, topic and level, the prompt wrapped, the
 * options numbered, and the instruction for its type (or a JSON object
 * without the key). */
void ui_show_question(ui *u, const assay_question *q, const ui_view *v);

typedef enum ui_action {
    UI_ANSWER, /* reply->ans holds an answer */
    UI_SKIP,   /* s */
    UI_QUIT,   /* q, or the end of the input */
    UI_HELP,   /* ? (ui_parse_answer only; ui_read_answer shows the help and asks again) */
    UI_EMPTY,  /* nothing typed */
    UI_RANGE,  /* an option number or letter the question does not have */
    UI_BAD     /* not an answer of this type (message in reply->why) */
} ui_action;

typedef struct ui_reply {
    ui_action action;
    assay_answer ans;        /* pointers into pairs and text */
    int pairs[UI_MAX_PAIRS]; /* matching */
    char *text;              /* the line as typed (NFC, trimmed), malloc'd */
    const char *why;         /* UI_RANGE / UI_BAD: what is wrong (translated) */
} ui_reply;

/* Parses one typed line as an answer to q. Keeps no pointer to line: the
 * reply copies it (free with ui_reply_free). Returns reply->action. */
ui_action ui_parse_answer(const assay_question *q, const char *line, ui_reply *reply);
void ui_reply_free(ui_reply *reply);

/*
 * Reads lines until one is an answer, s or q (end of input is q). An empty
 * line, a number out of range, a line that does not parse, invalid UTF-8 or a
 * line over TERM_LINE_CAP gets a message and the question is asked again;
 * nothing is returned for them. Returns UI_ANSWER, UI_SKIP or UI_QUIT, or -1
 * when out of memory.
 */
int ui_read_answer(ui *u, const assay_question *q, const ui_view *v, ui_reply *reply);

/* Feedback after an answer (g) or a skip (g NULL, reply NULL or UI_SKIP):
 * right or wrong, the correct option, the reference answer, the concepts
 * covered and missed, the source file:line and the topic. */
void ui_show_feedback(ui *u, const assay_question *q, const ui_view *v, const ui_reply *reply,
                      const assay_grade *g);

/* ---- the end of a quiz ---------------------------------------------------------- */

typedef struct ui_tally ui_tally;

/* A running score of a quiz, by topic and by type, with the questions missed.
 * Copies what it keeps. Free with ui_tally_free; NULL when out of memory. */
ui_tally *ui_tally_new(void);
void ui_tally_free(ui_tally *t);
/* score < 0: skipped. Returns -1 when out of memory. */
int ui_tally_add(ui_tally *t, const assay_question *q, size_t k, double score);
/* The topic's number for "assay quiz -t N" (0 = unknown). */
void ui_tally_topic_number(ui_tally *t, const char *topic, int number);

/* Score by topic and type, the questions missed, and what to do next.
 * total: the questions the quiz had (answered ones may be fewer after q). */
void ui_show_quiz_summary(ui *u, const ui_tally *t, size_t total, int quit);

/* ---- the end of an assessment --------------------------------------------------- */

/* The per-topic level profile ("Level 3, 78%"), each level's probability,
 * ability with its uncertainty, and the overall level. */
void ui_show_profile(ui *u, const assay_profile *p, int quit);

/* A deep copy of q (a session may free its question once it is answered);
 * free with ui_question_free. NULL when out of memory. */
assay_question *ui_question_dup(const assay_question *q);
void ui_question_free(assay_question *q); /* accepts NULL */

/* The session's first line: kind "quiz" or "assessment", its length (an
 * assessment: the most questions it may ask) and seed. */
void ui_show_start(ui *u, const char *kind, size_t questions, uint64_t seed);

/* A one-line notice, to standard output (or a JSON "notice" object). */
void ui_notice(ui *u, const char *message);

#endif
