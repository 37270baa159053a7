/*
 * session_int — the session's insides, shared by session.c (starting,
 * showing, answering) and resume.c (resuming, summaries, JSON, listings).
 */
#ifndef ASSAY_SESSION_SESSION_INT_H
#define ASSAY_SESSION_SESSION_INT_H

#include "api/assess_int.h"
#include "srs/fsrs.h"

/* What one position showed and how it went, for summaries. */
typedef struct pos_rec {
    int known; /* the question was shown */
    const char *item_id, *kb, *topic, *prompt, *reference, *source_file;
    long source_line;
    int level;
    assay_qtype type;
    int answered, skipped;
    double score;
    const char *request_id; /* the answer's client request id (NULL: none) */
} pos_rec;

/* See session_start_hooked. */
typedef assay_code (*session_open_hook)(assay_session *s, int64_t attempt_id, void *ud);

struct assay_session {
    assay *a;
    errinfo *err;
    assay_bank *b;
    const assay_engine *e;
    assay_attempt_kind kind;
    int64_t attempt;
    const char *user;  /* "" = anonymous; in mem */
    int64_t now_fixed; /* 0 = the system clock */
    uint64_t seed;
    int finished;
    int stale; /* another request answered this attempt's position first: open it again */
    arena mem; /* the plan, the records' strings */
    /* quiz: the questions, in order (from the generated quiz or read back) */
    assay_quiz *quiz;
    assay_question *plan;
    /* a quiz read back: each question's stored JSON text (in mem), parsed into
     * plan[i] when first asked for (session_plan_question); NULL when started */
    const char **plan_text;
    size_t *plan_len;
    unsigned char *plan_ready;
    /* reopened (a request per step): the shown questions' stored JSON (in mem),
     * turned into records only when a summary asks (session_recs_fill) */
    const char **shown_text;
    /* review: the items, in order; the question types */
    const char **plan_ids;
    unsigned types;
    size_t n_plan;
    /* progress: positions 1..n_done answered or skipped; 1..n_presented shown */
    size_t n_done, n_presented, skipped;
    pos_rec *recs;
    size_t n_recs, cap_recs;
    /* the question waiting for an answer, and its memory (reviews) */
    const assay_question *cur;
    arena cur_mem;
    /* assessment */
    assay_assessment *as;
    /* the last feedback, with its own copy of the question */
    assay_feedback fb;
    struct grade *fb_grade;
    assay_question fb_q;
    arena fb_mem;
    /* review: the card as it was before the last answer, to re-rate it */
    fsrs_params fp;
    store_card prev_card;
    arena card_mem;
    int have_prev;
    int64_t rated_at;
    size_t last_review_seq;
    /* the summary handed out */
    arena sum_mem;
    assay_session_summary sum;
    /* run inside the transaction that stores a new attempt (session_start_hooked) */
    session_open_hook open_hook;
    void *open_ud;
};

/* assay_session_start with `hook` (NULL: none) called inside the transaction
 * that stores the new attempt, right after it is stored: anything but
 * ASSAY_OK from it rolls the attempt back (nothing of it is kept) and the
 * start returns that code, the hook's error in the context if it set one. */
assay_code session_start_hooked(assay *a, assay_bank *b, const assay_engine *e,
                                const assay_session_spec *spec, session_open_hook hook, void *ud,
                                assay_session **out);
/* A new, empty session (session.c); NULL when out of memory. */
assay_session *session_new(assay *a, assay_bank *b, const assay_engine *e);
/* Records the question shown at position seq (for summaries); -1 out of memory. */
int session_rec_question(assay_session *s, size_t seq, const assay_question *q);
/* The quiz's question at index i (0-based, < n_plan), read from its stored text
 * the first time; ASSAY_ESTORAGE naming the attempt when that text is damaged. */
assay_code session_plan_question(assay_session *s, size_t i, const assay_question **q);
/* Records how position seq went, and the answer's request id (NULL: none);
 * -1 when out of memory. */
int session_rec_request(assay_session *s, size_t seq, const char *request_id);
/* Records how position seq went. */
void session_rec_answer(assay_session *s, size_t seq, double score, int skipped);

#endif
