/*
 * report_int.h — what the report renderers share: a writer over a bounded
 * buf that remembers its first failure (so rendering code appends without
 * checking every call), the interface strings of each language, number and
 * time formatting, and the topic columns of a group report.
 */
#ifndef ASSAY_REPORT_REPORT_INT_H
#define ASSAY_REPORT_REPORT_INT_H

#include "report/report.h"

#include <stddef.h>
#include <stdint.h>

/* A writer: the first failure sticks in `code` and later writes do nothing. */
typedef struct rp_w {
    buf *b;
    assay_code code;
} rp_w;

void rp_putn(rp_w *w, const char *s, size_t n);
void rp_put(rp_w *w, const char *s); /* NULL = "" */
void rp_putf(rp_w *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Marks the writer failed with code (the first failure wins). */
void rp_fail(rp_w *w, assay_code code);

/* Interface strings: one table per language in report.c. */
typedef enum rp_msg {
    RP_M_TITLE_PERSON,
    RP_M_TITLE_GROUP,
    RP_M_KB,
    RP_M_GENERATED,
    RP_M_LEARNER,
    RP_M_PEOPLE,
    RP_M_ATTEMPTS,
    RP_M_ID,
    RP_M_KIND,
    RP_M_STARTED,
    RP_M_FINISHED,
    RP_M_ANSWERED,
    RP_M_SCORE,
    RP_M_KIND_QUIZ,
    RP_M_KIND_ASSESSMENT,
    RP_M_KIND_REVIEW,
    RP_M_OVERALL,
    RP_M_ABILITY,
    RP_M_SE,
    RP_M_INTERVAL,
    RP_M_LEVEL,
    RP_M_PROB,
    RP_M_PROFILE,
    RP_M_TOPIC,
    RP_M_STATUS,
    RP_M_ST_OPEN,
    RP_M_ST_CLASSIFIED,
    RP_M_ST_PRECISE,
    RP_M_ST_CAPPED,
    RP_M_ST_EXHAUSTED,
    RP_M_NO_DATA,
    RP_M_STRENGTHS,
    RP_M_GAPS,
    RP_M_WRONG,
    RP_M_QUESTION,
    RP_M_YOUR_ANSWER,
    RP_M_REFERENCE,
    RP_M_SOURCE,
    RP_M_SECTION,
    RP_M_NO_ANSWER,
    RP_M_STUDY,
    RP_M_WHY,
    RP_M_DUE,
    RP_M_DUE_AT,
    RP_M_ITEM,
    RP_M_RADAR,
    RP_M_BARS,
    RP_M_OVER_TIME,
    RP_M_HEATMAP,
    RP_M_NONE,
    RP_M_TOPICS_KEY,
    RP_M_PERSON,
    RP_M_LEVEL_KEY,
    RP_M__COUNT
} rp_msg;

/* The string of message m in lang ("ko" or "en"); NULL for an unknown lang or m. */
const char *rp_msg_text(const char *lang, int m);

/* What a renderer works with. */
typedef struct rp_ctx {
    const rp_report *r;
    const char *lang; /* "ko" or "en" */
    rp_w w;
    errinfo *e;
} rp_ctx;

const char *rp_tr(const rp_ctx *c, rp_msg m);
/* The label of level l (1..n_levels), "" otherwise. */
const char *rp_level_label(const rp_ctx *c, int l);
/* The interface name of an attempt kind or a topic status (the raw word when unknown). */
const char *rp_kind_text(const rp_ctx *c, const char *kind);
const char *rp_status_text(const rp_ctx *c, const char *status);

/* v with `decimals` digits into out (≥ 32 bytes); `none` when v is not finite. */
const char *rp_fmt_num(char *out, size_t cap, double v, int decimals, const char *none);
/* "2026-12-01 21:39 UTC" into out (≥ 32 bytes); "" for t ≤ 0. */
const char *rp_fmt_time(char *out, size_t cap, int64_t t);
/* ISO 8601 "2026-12-01T21:39:00Z" into out (≥ 32 bytes); "" for t ≤ 0. */
const char *rp_fmt_iso(char *out, size_t cap, int64_t t);
/* "2026-12-01" into out. */
const char *rp_fmt_date(char *out, size_t cap, int64_t t);

/* s clipped to `cols` terminal columns with "…" when longer: s itself when
 * it fits, else a copy in out (cap ≥ 8). */
const char *rp_clip(char *out, size_t cap, const char *s, size_t cols);

/* The colour of level l of n (1..n) on a colour-blind-safe sequential scale
 * (viridis, light = level 1), and a text colour readable on it. Level 0
 * (nothing known) is grey. */
const char *rp_level_fill(int l, size_t n, const char **text);

/* The topic columns of a group report: every topic number in order of first
 * appearance over the persons, with the first title seen. Arrays malloc'd,
 * the caller frees both with free(); ASSAY_ENOMEM on failure. */
typedef struct rp_cols {
    int *numbers;
    const char **titles;
    size_t n;
} rp_cols;
assay_code rp_cols_make(const rp_report *r, rp_cols *out);
void rp_cols_free(rp_cols *c);
/* The person's topic with this number, or NULL. */
const rp_topic *rp_find_topic(const rp_person *p, int number);

assay_code rp_render_text(rp_ctx *c);
assay_code rp_render_html(rp_ctx *c);
assay_code rp_render_json(rp_ctx *c);
assay_code rp_render_csv(rp_ctx *c);

#endif
