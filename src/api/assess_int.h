/* api/assess_int — the assessment's insides, shared with the simulation. */
#ifndef ASSAY_API_ASSESS_INT_H
#define ASSAY_API_ASSESS_INT_H

#include "api/api_int.h"
#include "gen/gen.h"
#include "irt/cat.h"

struct assay_assessment {
    assay *a;     /* the context of the thread that owns the assessment */
    errinfo *err; /* its error */
    const assay_engine *e;
    arena mem; /* the spec's strings, the scope */
    assay_assess_spec spec;
    cat_config cfg;
    cat c;
    cat_item *items; /* the scope */
    uint32_t *eng;   /* the engine item of each scope item */
    size_t n;
    uint32_t *topic_eng; /* the engine topic of each assessment topic */
    size_t n_topics;
    int n_levels;
    assay_qtype types[6];
    size_t nt;
    assay_qtype *step_type; /* the question type of each answered step */
    size_t cap_steps;
    uint32_t *excluded; /* scope items no question could be made from */
    size_t n_excluded, cap_excluded;
    /* the question waiting for an answer */
    long pending;
    assay_qtype pending_type;
    arena qmem;
    g_question q;
    /* storage */
    assay_bank *bank;
    int64_t attempt;
    int finished;      /* the bound attempt is marked finished */
    int session_owned; /* a session finishes the attempt itself (with the profile): never here */
    /* what a session adds to the step it stores next (session/session.c):
     * the client's request id, the grade as JSON, and more writes inside the
     * same transaction (the review deck) */
    const char *step_request_id;
    const char *step_grade_json;
    assay_code (*step_extra)(void *ud, size_t step);
    void *step_extra_ud;
    int step_dup; /* set by a step refused as another request's answer with the same id */
    /* the profile handed out */
    assay_profile prof;
    assay_topic_level *tl;
};

/* Records a graded score for the pending question (storing it when bound);
 * ans (may be NULL) is stored with it. */
assay_code assess_record(assay_assessment *as, double score, const assay_answer *ans);

/* Adds an answer given elsewhere (a quiz) to the estimates, for reports: 0
 * recorded, 1 the item is not in scope, was answered already (the first
 * answer counts: the model takes one answer per item) or the score is not in
 * [0, 1], -1 out of memory. Nothing is stored and no question is made. */
int assess_replay(assay_assessment *as, const char *item_id, double score);

#endif
