/*
 * api/quiz — engines, quizzes and grades behind include/assay.h, and the
 * files of batch grading (quiz files, answer sheets, results, free-text
 * pairs), whose format lives in wire/grade.c.
 */
#include "api/api_int.h"

#include "core/file.h"
#include "gen/quiz.h"
#include "grade/grade.h"
#include "wire/wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

assay_code assay_engine_open(assay_bank *b, const char *kb, assay_engine **out)
{
    api_enter(b->a);
    *out = NULL;
    assay_item_filter f;
    assay_item_filter_init(&f);
    f.kb = kb;
    assay_list *items = NULL, *topics = NULL;
    assay_code rc = assay_bank_items(b, &f, &items);
    if (rc == ASSAY_OK)
        rc = assay_bank_topics(b, kb, &topics);
    arena tmp;
    arena_init(&tmp, 0);
    store_param *params = NULL;
    size_t n_params = 0;
    if (rc == ASSAY_OK)
        rc = store_param_list(b->s, 0, &tmp, &params, &n_params, &b->a->err);
    /* the thesaurus of the knowledge base (of all of them without kb) */
    store_thes *thes = NULL;
    size_t n_thes = 0;
    store_kb *k = NULL;
    if (rc == ASSAY_OK && kb && *kb)
        rc = api_find_kb(b, &tmp, kb, &k);
    if (rc == ASSAY_OK)
        rc = store_thes_list(b->s, k ? k->id : 0, &tmp, &thes, &n_thes, &b->a->err);
    const char **concepts = NULL;
    size_t n_topics = assay_list_count(topics);
    if (rc == ASSAY_OK && n_topics && !(concepts = malloc(n_topics * sizeof *concepts)))
        rc = err_set(&b->a->err, ASSAY_ENOMEM, "out of memory");
    if (rc == ASSAY_OK) {
        for (size_t i = 0; i < n_topics; i++)
        concepts[i] = assay_list_topic(topics, i)->concept;
        engine_input in = {.kb = kb,
                           .items = items->rows,
                           .n_items = items->n,
                           .concepts = concepts,
                           .n_concepts = n_topics,
                           .params = params,
                           .n_params = n_params,
                           .thes = thes,
                           .n_thes = n_thes};
        rc = engine_build(&in, &b->a->err, out);
    }
    free(concepts);
    arena_free(&tmp);
    assay_list_free(topics);
    assay_list_free(items);
    return rc;
}

void assay_engine_free(assay_engine *e)
{
    engine_free(e);
}

size_t assay_engine_item_count(const assay_engine *e)
{
    return e->n_items;
}

size_t assay_engine_index_bytes(const assay_engine *e)
{
    return tx_bytes(&e->idx) + e->mem.total + e->aliases.mem.total;
}

assay_code assay_quiz_generate(assay *a, const assay_engine *e, const assay_quiz_spec *spec,
                               assay_quiz **out)
{
    api_enter(a);
    assay_code rc = quiz_generate(e, &a->err, spec, out);
    if (rc == ASSAY_OK && wire_quiz_fingerprint(*out) != 0) {
        assay_quiz_free(*out);
        *out = NULL;
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    return rc;
}

assay_code assay_audit(assay *a, const assay_engine *e, const assay_audit_opts *opts, char **json,
                       int *ok)
{
    api_enter(a);
    return audit_run(e, &a->err, opts, json, ok);
}

void assay_quiz_free(assay_quiz *q)
{
    if (!q)
        return;
    arena_free(&q->mem);
    free(q);
}

size_t assay_quiz_count(const assay_quiz *q)
{
    return q ? q->n : 0;
}

const assay_question *assay_quiz_question(const assay_quiz *q, size_t i)
{
    return q && i < q->n ? &q->qs[i].pub : NULL;
}

const char *assay_quiz_fingerprint(const assay_quiz *q)
{
    return q->fingerprint;
}

size_t assay_quiz_warning_count(const assay_quiz *q)
{
    return q ? q->n_warnings : 0;
}

int assay_quiz_shortfall_get(const assay_quiz *q, assay_quiz_shortfall *out)
{
    if (!q || !q->short_of || !out)
        return 0;
    *out = q->shortfall;
    return 1;
}

const char *assay_quiz_warning(const assay_quiz *q, size_t i)
{
    return q && i < q->n_warnings ? q->warnings[i] : NULL;
}

char *assay_quiz_json(const assay_quiz *q, int with_key)
{
    return wire_quiz(q, with_key);
}

void assay_grade_free(assay_grade *g)
{
    grade_free((grade *)g); /* pub is the first member */
}

assay_code assay_grade_text(assay *a, const assay_engine *e, const char *reference,
                            const char *answer, assay_grade **out)
{
    return assay_grade_text_q(a, e, NULL, reference, answer, out);
}

assay_code assay_grade_text_q(assay *a, const assay_engine *e, const char *question,
                              const char *reference, const char *answer, assay_grade **out)
{
    api_enter(a);
    *out = NULL;
    grade *g = grade_new();
    if (!g || grade_free_text_q(e, question, reference, answer, g) != 0) {
        grade_free(g);
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory grading");
    }
    *out = &g->pub;
    return ASSAY_OK;
}

assay_code assay_quiz_grade(assay *a, const assay_engine *e, const assay_quiz *q, size_t i,
                            const assay_answer *ans, assay_grade **out)
{
    api_enter(a);
    *out = NULL;
    if (!q || i >= q->n)
        return err_set(&a->err, ASSAY_EUSAGE,
                       "question index %zu is not in this quiz (%zu questions)", i, q ? q->n : 0);
    return api_grade_question(e, &a->err, &q->qs[i].pub, ans, out);
}

assay_code api_grade_question(const assay_engine *e, errinfo *err, const assay_question *p,
                              const assay_answer *ans, assay_grade **out)
{
    *out = NULL;
    grade *g = grade_new();
    if (!g)
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    int rc = 0;
    switch (p->type) {
    case ASSAY_Q_MCQ: g->pub.score = ans->choice == p->key; break;
    case ASSAY_Q_TF: g->pub.score = ans->truth >= 0 && ans->truth == p->key; break;
    case ASSAY_Q_MATCH: {
        size_t right = 0;
        for (size_t k = 0; k < p->n_pairs && k < ans->n_pairs; k++)
            right += ans->pairs[k] == p->pairs[k];
        g->pub.score = p->n_pairs ? (double)right / (double)p->n_pairs : 0;
        break;
    }
    case ASSAY_Q_CLOZE: rc = grade_cloze(e, p->accept, p->n_accept, ans->text, g); break;
    case ASSAY_Q_SHORT: rc = grade_free_text(e, p->answer, ans->text, g); break;
    case ASSAY_Q_SCENARIO:
        if (ans->choice >= 0 && p->n_options)
            g->pub.score = ans->choice == p->key;
        else /* what the situation says, the answer need not repeat */
            rc = grade_free_text_q(e, p->prompt, p->answer, ans->text, g);
        break;
    }
    if (p->type != ASSAY_Q_SHORT && !(p->type == ASSAY_Q_SCENARIO && g->pub.covered))
        g->pub.correct = g->pub.score >= 1.0 - 1e-9;
    if (!g->pub.reference && p->answer)
        g->pub.reference = arena_strdup(&g->mem, p->answer);
    if (rc != 0) {
        grade_free(g);
        return err_set(err, ASSAY_ENOMEM, "out of memory grading");
    }
    *out = &g->pub;
    return ASSAY_OK;
}

/* ---- files for batch grading (wire/grade.c) ------------------------------------------ */

assay_code assay_read_file(assay *a, const char *path, size_t cap, char **data, size_t *len)
{
    api_enter(a);
    return file_read(path, cap ? cap : ASSAY_FILE_MAX, "file", "cap", ", not a file", data, len,
                     &a->err);
}

assay_code assay_quiz_file_read(assay *a, const char *file, const char *data, size_t len,
                                assay_quiz_file **out)
{
    api_enter(a);
    return wire_quiz_file_parse(file, data, len, &a->err, out);
}

const char *assay_quiz_file_kb(const assay_quiz_file *qf)
{
    return qf->kb;
}

const assay_quiz_spec *assay_quiz_file_spec(const assay_quiz_file *qf)
{
    return &qf->spec;
}

assay_code assay_quiz_file_quiz(assay *a, const assay_engine *e, const assay_quiz_file *qf,
                                assay_quiz **out)
{
    api_enter(a);
    *out = NULL;
    assay_quiz *q = NULL;
    assay_code rc = assay_quiz_generate(a, e, &qf->spec, &q);
    if (rc == ASSAY_EUSAGE) {
        /* settings assay_quiz_generate refuses: the file was edited */
        char why[ERR_MSG_MAX];
        snprintf(why, sizeof why, "%s", a->err.msg);
        err_clear(&a->err);
        return err_set_at(&a->err, ASSAY_EINPUT, qf->file, 0, 0, -1,
                          "its \"spec\" is not one `assay quiz` makes: %s", why);
    }
    if (rc == ASSAY_OK && (rc = wire_quiz_file_check(qf, q, &a->err)) != ASSAY_OK) {
        assay_quiz_free(q);
        return rc;
    }
    *out = q;
    return rc;
}

void assay_quiz_file_free(assay_quiz_file *qf)
{
    wire_quiz_file_free(qf);
}

assay_code assay_answer_sheet_read(assay *a, const char *file, const char *data, size_t len,
                                   assay_answer_sheet **out)
{
    api_enter(a);
    return wire_answer_sheet_parse(file, data, len, &a->err, out);
}

assay_code assay_answer_sheet_match(assay *a, assay_answer_sheet *s, const assay_quiz *q)
{
    api_enter(a);
    return wire_answer_sheet_match(s, q, &a->err);
}

const assay_answer *assay_answer_sheet_get(const assay_answer_sheet *s, size_t i)
{
    return wire_answer_sheet_get(s, i);
}

void assay_answer_sheet_free(assay_answer_sheet *s)
{
    wire_answer_sheet_free(s);
}

/* j as compact text (malloc'd), releasing j; NULL for NULL or out of memory. */
static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

char *assay_grade_result_json(const assay_quiz *q, size_t i, int answered, const assay_grade *g)
{
    if (!q || i >= q->n || !g)
        return NULL;
    return dump(wire_grade_result(&q->qs[i].pub, i + 1, answered, g));
}

assay_code assay_pair_line_read(assay *a, const char *file, long line, const char *text, size_t len,
                                assay_pair_line **out)
{
    api_enter(a);
    return wire_pair_line_parse(file, line, text, len, &a->err, out);
}

void assay_pair_line_free(assay_pair_line *p)
{
    free(p);
}

char *assay_pair_grade_json(const assay_pair_line *p, const assay_grade *g)
{
    return p && g ? dump(wire_pair_grade(p, g)) : NULL;
}
