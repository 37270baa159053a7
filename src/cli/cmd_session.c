/*
 * cmd_session — the interactive loops of `assay quiz` and `assay assess`.
 * Each loop only gets a question, hands it to ui.c to show and to read an
 * answer, grades the answer and hands the grade back to ui.c; all display and
 * input live in ui.c. Today the questions and grades come from
 * assay_quiz_generate / assay_quiz_grade and assay_assess_*; a session layer
 * in the library can replace those calls here without touching ui.c.
 */
#include "cli.h"
#include "i18n.h"
#include "ui.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define MAX_TOPICS    64
#define MAX_LEVEL_KBS 8

/* Level labels ("주니어") of the knowledge bases met so far. */
typedef struct labels {
    assay_bank *b;
    struct {
        char *kb;
        assay_list *list;
    } kbs[MAX_LEVEL_KBS];
    size_t n;
} labels;

static const char *level_label(labels *l, const char *kb, int level)
{
    if (!level || !kb)
        return NULL;
    size_t i = 0;
    while (i < l->n && strcmp(l->kbs[i].kb, kb) != 0)
        i++;
    if (i == l->n) {
        if (l->n == MAX_LEVEL_KBS)
            return NULL;
        assay_list *list = NULL;
        char *name = strdup(kb);
        if (!name || assay_bank_levels(l->b, kb, &list) != ASSAY_OK) {
            free(name);
            return NULL;
        }
        l->kbs[l->n].kb = name;
        l->kbs[l->n].list = list;
        l->n++;
    }
    for (size_t k = 0; k < assay_list_count(l->kbs[i].list); k++) {
        const assay_level_info *li = assay_list_level(l->kbs[i].list, k);
        if (li && li->level == level)
            return li->label;
    }
    return NULL;
}

static void labels_free(labels *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->kbs[i].kb);
        assay_list_free(l->kbs[i].list);
    }
    l->n = 0;
}

static int parse_count(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static uint64_t fresh_seed(void)
{
    uint64_t s = 0;
    if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s)
        s = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
    return s % 1000000000u;
}

/* --lang, and the catalog; a usage error for another value. */
static assay_code start_i18n(cli *c)
{
    if (i18n_init(c->args->val[OPT_LANG]) != 0)
        return cli_usage(c, "--lang wants ko or en, not '%s'", c->args->val[OPT_LANG]);
    return ASSAY_OK;
}

static assay_code open_engine(cli *c, assay_bank **b, assay_engine **e)
{
    assay_code rc = cli_open_bank(c, 1, b, NULL, 0);
    if (rc == ASSAY_OK && (rc = assay_engine_open(*b, c->args->val[OPT_KB], e)) != ASSAY_OK) {
        assay_bank_close(*b);
        *b = NULL;
    }
    return rc;
}

/* Fills the tally's topic numbers, for "assay quiz -t N". */
static void number_topics(assay_bank *b, ui_tally *t)
{
    assay_list *l = NULL;
    if (assay_bank_topics(b, NULL, &l) != ASSAY_OK)
        return;
    for (size_t i = 0; i < assay_list_count(l); i++) {
        const assay_topic_info *ti = assay_list_topic(l, i);
        ui_tally_topic_number(t, ti->title, ti->number ? ti->number : ti->ordinal);
    }
    assay_list_free(l);
}

/* ---- assay quiz, interactively ---------------------------------------------------- */

assay_code cmd_session_quiz(cli *c, const assay_quiz_spec *spec)
{
    assay_code rc = start_i18n(c);
    if (rc != ASSAY_OK)
        return rc;
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    assay_quiz *quiz = NULL;
    rc = open_engine(c, &b, &e);
    if (rc == ASSAY_OK)
        rc = assay_quiz_generate(e, spec, &quiz);
    if (rc != ASSAY_OK) {
        assay_engine_free(e);
        assay_bank_close(b);
        return rc;
    }
    for (size_t i = 0; i < assay_quiz_warning_count(quiz); i++)
        cli_warning(c, "quiz", 0, assay_quiz_warning(quiz, i));
    ui u;
    ui_init(&u, c->json, c->args->set[OPT_NO_COLOR]);
    labels lb = {.b = b};
    ui_tally *t = ui_tally_new();
    size_t n = assay_quiz_count(quiz);
    int quit = 0;
    if (!t)
        rc = ASSAY_ENOMEM;
    else
        ui_show_start(&u, "quiz", n, spec->seed);
    for (size_t i = 0; rc == ASSAY_OK && i < n && !quit; i++) {
        const assay_question *q = assay_quiz_question(quiz, i);
        ui_view v = {.k = i + 1, .n = n, .level_label = level_label(&lb, q->kb, q->level)};
        ui_show_question(&u, q, &v);
        ui_reply r;
        int a = ui_read_answer(&u, q, &v, &r);
        if (a < 0) {
            rc = ASSAY_ENOMEM;
        } else if (a == UI_QUIT) {
            quit = 1;
        } else if (a == UI_SKIP) {
            ui_show_feedback(&u, q, &v, &r, NULL);
            if (ui_tally_add(t, q, i + 1, -1) != 0)
                rc = ASSAY_ENOMEM;
        } else {
            assay_grade *g = NULL;
            rc = assay_quiz_grade(e, quiz, i, &r.ans, &g);
            if (rc == ASSAY_OK) {
                ui_show_feedback(&u, q, &v, &r, g);
                if (ui_tally_add(t, q, i + 1, g->score) != 0)
                    rc = ASSAY_ENOMEM;
            }
            assay_grade_free(g);
        }
        ui_reply_free(&r);
    }
    if (rc == ASSAY_OK) {
        number_topics(b, t);
        ui_show_quiz_summary(&u, t, n, quit);
    }
    ui_close(&u);
    ui_tally_free(t);
    labels_free(&lb);
    assay_quiz_free(quiz);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

/* ---- assay assess --------------------------------------------------------------- */

static assay_code assess_spec(cli *c, assay_assess_spec *s, const char **topics)
{
    cli_args *a = c->args;
    assay_assess_spec_init(s);
    size_t nt = cli_values(a, OPT_TOPIC, topics, MAX_TOPICS);
    if (nt > MAX_TOPICS)
        return cli_usage(c, "at most %d --topic", MAX_TOPICS);
    s->topics = topics;
    s->n_topics = nt;
    uint64_t v;
    if (a->set[OPT_ASSESS_MAX]) {
        if (parse_count(a->val[OPT_ASSESS_MAX], &v) != 0 || v < 1 || v > 500)
            return cli_usage(c, "--max-items wants 1 to 500, not '%s'", a->val[OPT_ASSESS_MAX]);
        s->max_items = (size_t)v;
    }
    if (a->set[OPT_OPTIONS]) {
        if (parse_count(a->val[OPT_OPTIONS], &v) != 0 || v < 3 || v > 5)
            return cli_usage(c, "--options wants 3, 4 or 5, not '%s'", a->val[OPT_OPTIONS]);
        s->options = (int)v;
    }
    if (a->set[OPT_TYPES] && assay_qtypes_parse(a->val[OPT_TYPES], &s->types) != ASSAY_OK)
        return cli_usage(c,
                         "--types wants a list of mcq, tf, cloze, match, short, scenario, "
                         "not '%s'",
                         a->val[OPT_TYPES]);
    if (a->set[OPT_SEED]) {
        if (parse_count(a->val[OPT_SEED], &s->seed) != 0)
            return cli_usage(c, "--seed wants a whole number, not '%s'", a->val[OPT_SEED]);
    } else {
        s->seed = fresh_seed();
    }
    return ASSAY_OK;
}

static size_t decided_topics(assay_assessment *as, size_t *n_topics)
{
    const assay_profile *p = assay_assess_profile(as);
    size_t d = 0;
    for (size_t i = 0; i < p->n_topics; i++)
        if (strcmp(p->topics[i].status, "open") != 0)
            d++;
    *n_topics = p->n_topics;
    return d;
}

assay_code cmd_assess(cli *c)
{
    assay_assess_spec spec;
    const char *topics[MAX_TOPICS];
    assay_code rc = assess_spec(c, &spec, topics);
    if (rc == ASSAY_OK)
        rc = start_i18n(c);
    if (rc != ASSAY_OK)
        return rc;
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    assay_assessment *as = NULL;
    rc = open_engine(c, &b, &e);
    if (rc == ASSAY_OK)
        rc = assay_assess_start(e, &spec, &as);
    if (rc != ASSAY_OK) {
        assay_engine_free(e);
        assay_bank_close(b);
        return rc;
    }
    ui u;
    ui_init(&u, c->json, c->args->set[OPT_NO_COLOR]);
    labels lb = {.b = b};
    ui_show_start(&u, "assessment", spec.max_items ? spec.max_items : 40, spec.seed);
    int quit = 0;
    for (size_t k = 1; rc == ASSAY_OK && !quit; k++) {
        const assay_question *pending = NULL;
        rc = assay_assess_next(as, &pending);
        if (rc != ASSAY_OK || !pending)
            break;
        /* the question leaves with its answer; keep it for the feedback */
        assay_question *q = ui_question_dup(pending);
        if (!q) {
            rc = ASSAY_ENOMEM;
            break;
        }
        ui_view v = {.k = k, .level_label = level_label(&lb, q->kb, q->level)};
        v.decided = decided_topics(as, &v.topics);
        ui_show_question(&u, q, &v);
        ui_reply r;
        int a = ui_read_answer(&u, q, &v, &r);
        if (a < 0) {
            rc = ASSAY_ENOMEM;
        } else if (a == UI_QUIT) {
            quit = 1;
        } else if (a == UI_SKIP) {
            rc = assay_assess_record(as, 0.0);
            if (rc == ASSAY_OK)
                ui_show_feedback(&u, q, &v, &r, NULL);
        } else {
            assay_grade *g = NULL;
            rc = assay_assess_answer(as, &r.ans, &g);
            if (rc == ASSAY_OK)
                ui_show_feedback(&u, q, &v, &r, g);
            assay_grade_free(g);
        }
        ui_reply_free(&r);
        ui_question_free(q);
    }
    if (rc == ASSAY_OK)
        ui_show_profile(&u, as, quit);
    ui_close(&u);
    labels_free(&lb);
    assay_assess_free(as);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}
