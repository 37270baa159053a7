/* gen/quiz — selecting items, giving them types, the quiz as JSON. */
#include "gen/quiz.h"

#include "core/opts.h"
#include "core/u8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_QTYPES 6 /* ASSAY_Q_MCQ .. ASSAY_Q_SCENARIO, one bit each */

void assay_quiz_spec_init(assay_quiz_spec *s)
{
    memset(s, 0, sizeof *s);
    s->struct_size = sizeof *s;
    s->count = 10;
    s->types = ASSAY_Q_ALL;
    s->options = 4;
    s->seed = 1;
}

/* The error for a topic filter that matches several of the engine's topics:
 * it names them all (with their knowledge base when they come from several). */
static assay_code ambiguous(const assay_engine *e, errinfo *err, const char *want, const char *hit,
                            size_t n)
{
    const char *kb0 = NULL;
    int several_kbs = 0;
    for (size_t t = 0; t < e->n_topics; t++)
        if (hit[t]) {
            several_kbs |= kb0 && strcmp(kb0, e->topics[t].kb) != 0;
            kb0 = e->topics[t].kb;
        }
    char list[600];
    size_t w = 0;
    for (size_t t = 0; t < e->n_topics; t++) {
        if (!hit[t])
            continue;
        int m = snprintf(list + w, w < sizeof list ? sizeof list - w : 0, "%s%s%s%d. %s",
                         w ? "; " : "", several_kbs ? e->topics[t].kb : "", several_kbs ? ": " : "",
                         e->topics[t].number, e->topics[t].title);
        if (m > 0)
            w += (size_t)m;
        if (w >= sizeof list) {
            snprintf(list + sizeof list - 5, 5, "...");
            break;
        }
    }
    return err_set_param(err, ASSAY_EINPUT, "topics",
                         "the topic filter '%s' matches %zu topics (%s); give more of the title or "
                         "the topic's number%s",
                         want, n, list, several_kbs ? ", and the knowledge base" : "");
}

assay_code quiz_select_topics(const assay_engine *e, errinfo *err, const char *const *topics,
                              size_t n_topics, char *sel)
{
    if (n_topics == 0) {
        memset(sel, 1, e->n_topics);
        return ASSAY_OK;
    }
    memset(sel, 0, e->n_topics);
    char *hit = malloc(e->n_topics + 1);
    if (!hit)
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    assay_code rc = ASSAY_OK;
    for (size_t k = 0; rc == ASSAY_OK && k < n_topics; k++) {
        const char *want = topics[k];
        size_t any = 0;
        memset(hit, 0, e->n_topics);
        int num = u8_small_number(want);
        if (num >= 0) {
            for (size_t t = 0; t < e->n_topics; t++)
                if (e->topics[t].number == num)
                    hit[t] = 1, any++;
        } else {
            size_t wl;
            char *w = u8_fold(want, strlen(want), &wl);
            if (!w) {
                rc = err_set_param(err, ASSAY_EUSAGE, "topics", "a topic is UTF-8 text");
                break;
            }
            long whole = -1; /* a whole title is not ambiguous, even inside a longer one */
            for (size_t t = 0; t < e->n_topics && wl; t++) {
                size_t tl;
                char *title = u8_fold(e->topics[t].title, strlen(e->topics[t].title), &tl);
                if (title && strstr(title, w)) {
                    hit[t] = 1, any++;
                    if (tl == wl)
                        whole = (long)t;
                }
                free(title);
            }
            free(w);
            if (any > 1 && whole >= 0) {
                memset(hit, 0, e->n_topics);
                hit[whole] = 1;
                any = 1;
            }
        }
        if (!any)
            rc = err_set_param(err, ASSAY_ENOTFOUND, "topics", "no topic matches '%s'", want);
        else if (any > 1)
            rc = ambiguous(e, err, want, hit, any);
        for (size_t t = 0; rc == ASSAY_OK && t < e->n_topics; t++)
            sel[t] |= hit[t];
    }
    free(hit);
    return rc;
}

static int level_ok(const assay_quiz_spec *s, int level)
{
    if (s->n_levels == 0)
        return 1;
    for (size_t i = 0; i < s->n_levels; i++)
        if (s->levels[i] == level)
            return 1;
    return 0;
}

/* One question of type t for item i; 0, 1 (item cannot), -1 (memory). */
int quiz_make(const assay_engine *e, assay_qtype t, uint32_t i, int k, rng *r, arena *a,
              g_question *q)
{
    switch (t) {
    case ASSAY_Q_MCQ: return gen_mcq(e, i, k, r, a, q);
    case ASSAY_Q_TF: return gen_tf(e, i, r, a, q);
    case ASSAY_Q_CLOZE: return gen_cloze(e, i, r, a, q);
    case ASSAY_Q_MATCH: return gen_match(e, i, r, a, q);
    case ASSAY_Q_SHORT: return gen_short(e, i, a, q);
    case ASSAY_Q_SCENARIO: return gen_scenario(e, i, k, r, a, q);
    }
    return 1;
}

static int copy_spec(arena *a, const assay_quiz_spec *in, assay_quiz_spec *out)
{
    *out = *in;
    out->struct_size = sizeof *out;
    const char **topics = arena_alloc(a, (in->n_topics + 1) * sizeof *topics);
    int *levels = arena_alloc(a, (in->n_levels + 1) * sizeof *levels);
    if (!topics || !levels)
        return -1;
    for (size_t i = 0; i < in->n_topics; i++)
        if (!(topics[i] = arena_strdup(a, in->topics[i])))
            return -1;
    for (size_t i = 0; i < in->n_levels; i++)
        levels[i] = in->levels[i];
    out->topics = topics;
    out->levels = levels;
    return 0;
}

static int warn(assay_quiz *q, const char *msg)
{
    char **slot =
        arena_push(&q->mem, (void **)&q->warnings, &q->n_warnings, &q->cap_warnings, sizeof *slot);
    if (!slot || !(*slot = arena_strdup(&q->mem, msg)))
        return -1;
    return 0;
}

assay_code quiz_generate(const assay_engine *e, errinfo *err, const assay_quiz_spec *spec_in,
                         assay_quiz **out)
{
    *out = NULL;
    assay_quiz_spec spec;
    assay_quiz_spec_init(&spec);
    if (opts_take(err, &spec, sizeof spec, spec_in, "assay_quiz_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (spec.count == 0 || spec.count > QUIZ_MAX_QUESTIONS)
        return err_set(err, ASSAY_EUSAGE, "count is 1 to %d questions, not %zu", QUIZ_MAX_QUESTIONS,
                       spec.count);
    if (spec.options < 3 || spec.options > 5)
        return err_set(err, ASSAY_EUSAGE, "multiple choice takes 3 to 5 options");
    if (!(spec.types & ASSAY_Q_ALL))
        return err_set(err, ASSAY_EUSAGE, "no question type asked for");
    for (size_t i = 0; i < spec.n_levels; i++)
        if (spec.levels[i] < 1 || spec.levels[i] > ASSAY_MAX_LEVEL)
            return err_set(err, ASSAY_EUSAGE, "levels are 1 to %d", ASSAY_MAX_LEVEL);

    char *sel = calloc(e->n_topics + 1, 1);
    uint32_t *pool = malloc((e->n_items + 1) * sizeof *pool);
    char *used = calloc(e->n_items + 1, 1);
    assay_quiz *q = calloc(1, sizeof *q);
    assay_code rc = ASSAY_OK;
    if (!sel || !pool || !used || !q) {
        rc = err_set(err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    arena_init(&q->mem, 0);
    if ((rc = quiz_select_topics(e, err, spec.topics, spec.n_topics, sel)) != ASSAY_OK)
        goto out;
    size_t np = 0;
    for (size_t i = 0; i < e->n_items; i++)
        if (sel[e->items[i].topic] && level_ok(&spec, e->items[i].level))
            pool[np++] = (uint32_t)i;
    if (np == 0) {
        rc = err_set(err, ASSAY_ENOTFOUND, "no items match the topics and levels asked for");
        goto out;
    }
    if (copy_spec(&q->mem, &spec, &q->spec) != 0 ||
        !(q->qs = arena_alloc(&q->mem, spec.count * sizeof *q->qs))) {
        rc = err_set(err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    rng r;
    rng_seed(&r, spec.seed, 0);
    size_t shuffled = 0; /* pool[0..shuffled) is in its random order; the rest on demand */
    assay_qtype types[N_QTYPES];
    size_t nt = 0;
    for (unsigned t = 1; t <= ASSAY_Q_SCENARIO; t <<= 1)
        if (spec.types & t)
            types[nt++] = (assay_qtype)t;
    size_t offset = rng_below(&r, (uint32_t)nt);
    unsigned missing = 0;

    for (size_t s = 0; s < spec.count; s++) {
        int made = 0;
        for (size_t ti = 0; ti < nt && !made; ti++) {
            assay_qtype t = types[(offset + s + ti) % nt];
            if (missing & (unsigned)t)
                continue;
            for (size_t p = 0; p < np && !made; p++) {
                if (p == shuffled) { /* one more step of Fisher-Yates */
                    size_t j = p + rng_below(&r, (uint32_t)(np - p));
                    uint32_t tmp = pool[p];
                    pool[p] = pool[j];
                    pool[j] = tmp;
                    shuffled++;
                }
                uint32_t item = pool[p];
                if (used[item])
                    continue;
                rng qr;
                rng_seed(&qr, spec.seed, 1 + s);
                int m = quiz_make(e, t, item, spec.options, &qr, &q->mem, &q->qs[q->n]);
                if (m < 0) {
                    rc = err_set(err, ASSAY_ENOMEM, "out of memory");
                    goto out;
                }
                if (m == 0) {
                    made = 1;
                    used[item] = 1;
                    g_question *g = &q->qs[q->n++];
                    for (size_t k = 0; g->pair_items && k < g->pub.n_pairs; k++)
                        used[g->pair_items[k]] = 1;
                }
            }
            if (!made && !(missing & (unsigned)t)) {
                missing |= (unsigned)t;
                char msg[160];
                snprintf(msg, sizeof msg, "no more items allow %s questions in this selection",
                         assay_qtype_name(t));
                if (warn(q, msg) != 0) {
                    rc = err_set(err, ASSAY_ENOMEM, "out of memory");
                    goto out;
                }
            }
        }
        if (!made)
            break;
    }
    if (q->n == 0) {
        rc = err_set(err, ASSAY_ENOTFOUND,
                     "the selected items allow none of the question types asked for");
        goto out;
    }
    if (q->n < spec.count) {
        char msg[160];
        snprintf(msg, sizeof msg, "%zu of %zu questions: the selection has no more items", q->n,
                 spec.count);
        if (warn(q, msg) != 0) {
            rc = err_set(err, ASSAY_ENOMEM, "out of memory");
            goto out;
        }
    }
    snprintf(q->kb, sizeof q->kb, "%s", e->kb);
    *out = q;
    q = NULL;
out:
    if (q) {
        arena_free(&q->mem);
        free(q);
    }
    free(sel);
    free(pool);
    free(used);
    return rc;
}
