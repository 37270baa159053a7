/*
 * report — a learner's or an assessor's report as plain data, and its
 * renderers: text for a terminal, one self-contained HTML file with SVG
 * charts, JSON and CSV (docs/json.md, "report").
 *
 * Every struct here only points: the caller owns every array and string
 * (plain arrays, or an arena from core/arena.h) and keeps them alive while
 * rp_render runs. NULL strings are read as "". Numbers that are not finite
 * are written as null (JSON), an empty field (CSV) or "–" (text, HTML), and
 * their chart marks are left out. The renderers never print; they append to
 * a bounded buffer and return an assay_code with the error in `e`.
 */
#ifndef ASSAY_REPORT_REPORT_H
#define ASSAY_REPORT_REPORT_H

#include "assay.h"
#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define RP_MAX_LEVELS (ASSAY_MAX_CUTS + 1)

typedef enum rp_kind {
    RP_PERSON = 0, /* one person: profile, charts, wrong items, study list */
    RP_GROUP = 1   /* several people: a table and a heat map of level per topic */
} rp_kind;

typedef enum rp_format { RP_TEXT = 0, RP_HTML = 1, RP_JSON = 2, RP_CSV = 3 } rp_format;

/* An ability on the logit scale: the estimate, its SE (or posterior SD) and
 * a 90% interval [lo, hi]. */
typedef struct rp_ability {
    double est, se;
    double lo, hi;
} rp_ability;

/* One attempt summarised. */
typedef struct rp_attempt {
    int64_t id;
    const char *kind; /* "quiz", "assessment" or "review" */
    int64_t started;  /* Unix seconds */
    int64_t finished; /* Unix seconds; 0 = still open */
    size_t answered;
    double score; /* share of the points, 0..1; NaN = none */
} rp_attempt;

/* One topic of a person's profile. */
typedef struct rp_topic {
    int number; /* the topic number in the document; topics are matched by it */
    const char *title;
    size_t answered;
    rp_ability ability;
    int level;                   /* most probable level 1..n_levels; 0 = nothing known */
    double level_prob;           /* its probability */
    double probs[RP_MAX_LEVELS]; /* P(level = l + 1), l < n_levels */
    const char *status;          /* "open", "classified", "precise", "capped", "exhausted" */
} rp_topic;

/* An item answered wrongly, with the reference answer and where to read. */
typedef struct rp_wrong {
    const char *item; /* item id */
    int topic_number;
    const char *topic; /* topic title */
    const char *question;
    const char *answer;    /* what the learner answered ("" = no answer) */
    const char *reference; /* the reference answer */
    const char *file;      /* source file */
    long line;             /* source line; 0 = unknown */
    const char *section;   /* section title */
} rp_wrong;

/* One entry of the study list. */
typedef struct rp_study {
    const char *title; /* section or topic title */
    const char *file;
    long line; /* 0 = unknown */
    const char *why;
} rp_study;

/* An item due for review. */
typedef struct rp_due {
    const char *item;
    const char *question;
    int64_t due; /* Unix seconds */
} rp_due;

typedef struct rp_point {
    int64_t time; /* Unix seconds */
    double est, se;
} rp_point;

/* One topic's ability over time (points in time order). */
typedef struct rp_series {
    size_t topic; /* index into the person's topics */
    const rp_point *points;
    size_t n_points;
} rp_series;

typedef struct rp_person {
    const char *name;
    const rp_attempt *attempts;
    size_t n_attempts;
    rp_ability overall;
    int overall_level; /* 0 = nothing known */
    double overall_level_prob;
    const rp_topic *topics; /* the topics in scope, in document order */
    size_t n_topics;
    const size_t *strengths; /* indices into topics */
    size_t n_strengths;
    const size_t *gaps; /* indices into topics */
    size_t n_gaps;
    const rp_wrong *wrong;
    size_t n_wrong;
    const rp_study *study;
    size_t n_study;
    const rp_due *due;
    size_t n_due;
    const rp_series *series; /* for a person with several attempts; may be empty */
    size_t n_series;
} rp_person;

typedef struct rp_report {
    rp_kind kind;
    const char *kb_name;
    const char *kb_title;
    const char *const *level_labels; /* n_levels labels; [0] is level 1 ("입문") */
    size_t n_levels;                 /* 1..RP_MAX_LEVELS */
    const double *cuts;              /* n_levels - 1 cut points on the logit scale, or NULL */
    int64_t generated;               /* Unix seconds */
    const char *lang;                /* "ko" or "en"; NULL = "ko" */
    const rp_person *persons;        /* RP_PERSON: exactly one */
    size_t n_persons;
} rp_report;

/* Default cap of a rendered report (bytes). */
#define RP_OUT_MAX ((size_t)64 << 20)

/*
 * Appends the report in `format` to `out` (a buf with its own cap). On
 * failure `out` may hold part of the report: reset it. lang "ko" or "en" overrides the report's
 * own; NULL keeps it. Returns ASSAY_OK; ASSAY_EUSAGE for an unknown language or format;
 * ASSAY_EINTERNAL for data that break the rules above (a level out of range, an index past its
 * array, invalid UTF-8); ASSAY_EINPUT when the output would pass the buffer's cap; ASSAY_ENOMEM
 * when allocation fails.
 */
ASSAY_MUST_CHECK assay_code rp_render(const rp_report *r, rp_format format, const char *lang,
                                      buf *out, errinfo *e);

/* "text", "html", "json", "csv" → the format; -1 when unknown. */
int rp_format_parse(const char *name);

#endif
