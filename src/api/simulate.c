/* api/simulate — the adaptive assessment against fixed forms on simulated
 * examinees with known abilities (docs/internals/irt.md, "Simulation"). */
#include "api/assess_int.h"

#include "core/hash.h"
#include "core/opts.h"
#include "gen/quiz.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIM_MAX_EXAMINEES 100000
#define SIM_LENGTHS       6
#define EXAMINEE_STREAM   0x300000u
#define FORM_STREAM       0x400000u
#define CHOICE_STREAM     0x500000u
#define SLOPE_STREAM      0x600000u

enum { FORM_RANDOM = 0, FORM_BALANCED = 1 };

void assay_sim_opts_init(assay_sim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->examinees = 500;
    o->max_items = 45;
    o->seed = 1;
    o->store = 1;
}

typedef struct tally {
    double pairs, right;     /* topic levels classified, and right */
    double sq_topic, sq_all; /* squared errors: topic abilities, overall */
    double items;            /* items used */
    double decided;          /* topics stopped before the length */
    double examinees;
} tally;

typedef struct sim {
    assay_assessment *as; /* scope, configuration */
    const assay_sim_opts *o;
    size_t T, n;
    uint8_t *askable;
    g_question *qs; /* the multiple-choice question of each askable item (stored runs) */
    arena qmem;
    size_t lengths[SIM_LENGTHS], n_lengths;
    /* fixed forms by design (FORM_RANDOM, FORM_BALANCED) and length */
    cat_step *forms[2][SIM_LENGTHS];
    size_t form_n[2][SIM_LENGTHS];
    char form_fp[2][SIM_LENGTHS][HASH_HEX_LEN + 1];
    tally adaptive[SIM_LENGTHS], fixed[2][SIM_LENGTHS];
    /* the current examinee */
    double theta, *theta_t, *u;
    int *level_t;
    size_t stored_attempts, stored_responses;
} sim;

static double answer(const sim *s, size_t i)
{
    const cat_item *it = &s->as->items[i];
    return s->u[i] < irt_p(it->a, it->d, s->theta_t[it->topic]) ? 1.0 : 0.0;
}

/* Adds an examinee's final estimates to a tally. */
static void score(sim *s, const cat *c, tally *t)
{
    for (size_t k = 0; k < s->T; k++) {
        const cat_est *e = &c->topics[k];
        t->pairs++;
        t->right += e->level == s->level_t[k];
        t->sq_topic += (e->eap - s->theta_t[k]) * (e->eap - s->theta_t[k]);
        t->decided += e->status != CAT_OPEN && e->status != CAT_EXHAUSTED;
    }
    t->sq_all += (c->overall.eap - s->theta) * (c->overall.eap - s->theta);
    t->items += (double)c->n_steps;
    t->examinees++;
}

static int new_cat(sim *s, cat *c, size_t max_items)
{
    cat_config cfg = s->as->cfg;
    cfg.max_items = max_items;
    if (cat_init(c, &cfg, s->as->items, s->n, s->T) != 0)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        if (!s->askable[i])
            cat_exclude(c, (uint32_t)i);
    return 0;
}

static int run_adaptive(sim *s, size_t max_items, cat *c)
{
    if (new_cat(s, c, max_items) != 0)
        return -1;
    long i;
    while ((i = cat_next(c)) >= 0)
        if (cat_record(c, (uint32_t)i, answer(s, (size_t)i)) != 0)
            return -1;
    return 0;
}

static int run_fixed(sim *s, int design, size_t k, cat *c)
{
    size_t n = s->form_n[design][k];
    if (new_cat(s, c, n ? n : 1) != 0)
        return -1;
    cat_step *st = s->forms[design][k];
    for (size_t j = 0; j < n; j++)
        st[j].score = answer(s, st[j].item);
    return cat_record_many(c, st, n);
}

/* A fixed form of L items: drawn at random from the askable items
 * (FORM_RANDOM), or balanced over topics (FORM_BALANCED: L / T each, the
 * remainder to topics drawn at random, items at random within a topic). */
static int make_form(sim *s, int design, size_t k, size_t L)
{
    rng r;
    rng_seed(&r, s->o->seed, FORM_STREAM + 2 * k + (size_t)design);
    size_t T = s->T, n = s->n;
    size_t *want = calloc(T, sizeof *want), *order = malloc(T * sizeof *order);
    uint32_t *pool = malloc((n + 1) * sizeof *pool);
    cat_step *form = s->forms[design][k] = malloc((L + 1) * sizeof *form);
    if (!want || !order || !pool || !form) {
        free(want);
        free(order);
        free(pool);
        return -1;
    }
    size_t got = 0;
    if (design == FORM_RANDOM) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (s->askable[i])
                pool[m++] = (uint32_t)i;
        rng_shuffle(&r, pool, m, sizeof *pool);
        for (; got < L && got < m; got++)
            form[got] = (cat_step){pool[got], 0};
    } else {
        for (size_t t = 0; t < T; t++)
            order[t] = t;
        rng_shuffle(&r, order, T, sizeof *order);
        for (size_t j = 0; j < L; j++)
            want[order[j % T]]++;
        size_t spare = 0;
        for (size_t pass = 0; pass < 2; pass++) {
            for (size_t t = 0; t < T && got < L; t++) {
                size_t m = 0;
                for (size_t i = 0; i < n; i++) {
                    int taken = 0;
                    for (size_t j = 0; j < got && !taken; j++)
                        taken = form[j].item == i;
                    if (s->askable[i] && s->as->items[i].topic == order[t] && !taken)
                        pool[m++] = (uint32_t)i;
                }
                rng_shuffle(&r, pool, m, sizeof *pool);
                size_t take = pass == 0 ? want[order[t]] : spare;
                if (take > m) {
                    if (pass == 0)
                        spare += take - m; /* a topic short of items: others make up */
                    take = m;
                } else if (pass == 1) {
                    spare -= take;
                }
                for (size_t j = 0; j < take && got < L; j++)
                    form[got++] = (cat_step){pool[j], 0};
            }
            if (spare == 0)
                break;
        }
    }
    s->form_n[design][k] = got;
    /* a fingerprint for the form, so item analysis groups its attempts */
    char buf[80];
    hash_ctx h;
    hash_begin(&h);
    snprintf(buf, sizeof buf, "simulated %s form %" PRIu64 " %zu",
             design == FORM_RANDOM ? "random" : "balanced", s->o->seed, L);
    hash_update(&h, buf, strlen(buf));
    for (size_t j = 0; j < got; j++) {
        const char *id = s->as->e->items[s->as->eng[form[j].item]].id;
        hash_update(&h, id, strlen(id));
    }
    hash_end_hex(&h, s->form_fp[design][k]);
    free(want);
    free(order);
    free(pool);
    return 0;
}

/* Stores one simulated attempt through the same calls as real answers. */
static assay_code store_sim_attempt(sim *s, assay_bank *b, size_t ex, int adaptive,
                                    const cat_step *st, size_t n, const char *form)
{
    const assay_assessment *as = s->as;
    char person[32];
    snprintf(person, sizeof person, "simulated-%05zu", ex + 1);
    assay_attempt_spec spec;
    assay_attempt_spec_init(&spec);
    spec.kind = adaptive ? ASSAY_ATTEMPT_ASSESSMENT : ASSAY_ATTEMPT_QUIZ;
    spec.person = person;
    spec.form = form;
    spec.seed = s->o->seed;
    spec.simulated = 1;
    int64_t id;
    arena mem;
    arena_init(&mem, 0);
    store_kb *kb = NULL;
    const char *kbname = as->e->items[as->eng[0]].kb;
    assay_code rc = api_find_kb(b, &mem, kbname, &kb);
    if (rc == ASSAY_OK)
        rc = api_attempt_insert(b, kb->id, &spec, &id);
    arena_free(&mem);
    rng r;
    rng_seed(&r, s->o->seed, CHOICE_STREAM + 2 * ex + (size_t)adaptive);
    for (size_t j = 0; rc == ASSAY_OK && j < n; j++) {
        const g_question *q = &s->qs[st[j].item];
        assay_response resp;
        assay_response_init(&resp);
        resp.item_id = as->e->items[as->eng[st[j].item]].id;
        resp.type = q->pub.type;
        resp.score = st[j].score;
        resp.options = q->pub.options;
        resp.n_options = q->pub.n_options;
        if (q->pub.n_options) {
            resp.key = q->pub.key;
            /* a wrong answer picks one of the distractors at random */
            int k = (int)rng_below(&r, (uint32_t)(q->pub.n_options - 1));
            resp.choice = st[j].score >= 1 ? q->pub.key : k >= q->pub.key ? k + 1 : k;
        }
        rc = api_response_put(b, id, (int)j + 1, &resp, NULL);
        s->stored_responses += rc == ASSAY_OK;
    }
    if (rc == ASSAY_OK)
        rc = api_attempt_update(b, id, NULL, 1);
    s->stored_attempts += rc == ASSAY_OK;
    return rc;
}

static json_t *tally_json(const tally *t, size_t length, int adaptive)
{
    double acc = t->pairs > 0 ? t->right / t->pairs : 0;
    json_t *j = json_pack("{s:I, s:f, s:f, s:f, s:f, s:f}", adaptive ? "max_items" : "items",
                          (json_int_t)length, "mean_items",
                          t->examinees > 0 ? t->items / t->examinees : 0, "accuracy", acc,
                          "accuracy_se", t->pairs > 0 ? sqrt(acc * (1 - acc) / t->pairs) : 0,
                          "rmse_topic", t->pairs > 0 ? sqrt(t->sq_topic / t->pairs) : 0,
                          "rmse_overall", t->examinees > 0 ? sqrt(t->sq_all / t->examinees) : 0);
    if (j && adaptive)
        json_object_set_new(j, "decided_share",
                            json_real(t->pairs > 0 ? t->decided / t->pairs : 0));
    return j;
}

/* The mean items a design needs to reach accuracy `target`, interpolating
 * its (items, accuracy) points; NaN when it never does. */
static double items_for(const tally *t, size_t n, double target)
{
    double px = 0, pa = -1;
    for (size_t k = 0; k < n; k++) {
        double x = t[k].items / t[k].examinees, acc = t[k].right / t[k].pairs;
        if (acc >= target) {
            if (pa < 0 || acc <= pa)
                return x;
            return px + (x - px) * (target - pa) / (acc - pa);
        }
        px = x;
        pa = acc;
    }
    return NAN;
}

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static void sim_free(sim *s)
{
    free(s->askable);
    free(s->qs);
    arena_free(&s->qmem);
    for (size_t k = 0; k < SIM_LENGTHS; k++)
        free(s->forms[0][k]), free(s->forms[1][k]);
    free(s->theta_t);
    free(s->u);
    free(s->level_t);
    assay_assess_free(s->as);
}

assay_code assay_simulate(assay *a, const assay_engine *e, assay_bank *b,
                          const assay_sim_opts *o_in, char **json)
{
    api_enter(a);
    *json = NULL;
    assay_sim_opts o;
    assay_sim_opts_init(&o);
    if (opts_take(&a->err, &o, sizeof o, o_in, "assay_sim_opts") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (o.examinees < 1 || o.examinees > SIM_MAX_EXAMINEES)
        return err_set(&a->err, ASSAY_EUSAGE, "simulate 1 to %d examinees", SIM_MAX_EXAMINEES);
    if (o.max_items < 1 || o.max_items > 500)
        return err_set(&a->err, ASSAY_EUSAGE, "the maximum length is 1 to 500 items");
    if (o.store && !b)
        return err_set(&a->err, ASSAY_EUSAGE, "storing simulated answers needs a bank");
    assay_assess_spec spec;
    if (o.spec)
        spec = *o.spec;
    else
        assay_assess_spec_init(&spec);
    spec.max_items = o.max_items;
    spec.seed = o.seed;
    sim s = {.o = &o};
    arena_init(&s.qmem, 0);
    int in_tx = 0; /* the whole run is stored in one transaction: all of it or nothing */
    assay_code rc = assay_assess_start(a, e, &spec, &s.as);
    if (rc != ASSAY_OK)
        return rc;
    s.T = s.as->n_topics;
    s.n = s.as->n;
    s.askable = calloc(s.n + 1, 1);
    s.qs = calloc(s.n + 1, sizeof *s.qs);
    s.theta_t = calloc(s.T + 1, sizeof *s.theta_t);
    s.level_t = calloc(s.T + 1, sizeof *s.level_t);
    s.u = calloc(s.n + 1, sizeof *s.u);
    json_t *jad = json_array(), *jfx = json_array(), *report = NULL;
    if (!s.askable || !s.qs || !s.theta_t || !s.level_t || !s.u || !jad || !jfx) {
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    if (!(o.slope_sd >= 0 && o.slope_sd <= 2)) {
        rc = err_set(&a->err, ASSAY_EUSAGE, "the slope spread is between 0 and 2");
        goto out;
    }
    if (o.slope_sd > 0) { /* the same slopes for the truth and the assessment */
        rng r;
        rng_seed(&r, o.seed, SLOPE_STREAM);
        for (size_t i = 0; i < s.n; i++) {
            cat_item *it = &s.as->items[i];
            double diff = -it->d / it->a, slope = exp(o.slope_sd * rng_normal(&r));
            it->a = slope;
            it->d = -slope * diff;
        }
        cat_free(&s.as->c); /* its topic tables know the old slopes */
        if (cat_init(&s.as->c, &s.as->cfg, s.as->items, s.n, s.T) != 0) {
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
            goto out;
        }
    }
    /* which items a question can be made from, with the question */
    size_t askable = 0;
    for (size_t i = 0; i < s.n; i++) {
        for (size_t k = 0; k < s.as->nt && !s.askable[i]; k++) {
            rng r;
            rng_seed(&r, o.seed, i);
            int m = quiz_make(e, s.as->types[k], s.as->eng[i], spec.options, &r, &s.qmem, &s.qs[i]);
            if (m < 0) {
                rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
                goto out;
            }
            s.askable[i] = m == 0;
        }
        askable += s.askable[i];
    }
    if (askable == 0) {
        rc = err_set(&a->err, ASSAY_ENOTFOUND, "no item in scope allows the question types asked");
        goto out;
    }
    static const double fractions[SIM_LENGTHS] = {1.0 / 4, 1.0 / 3, 1.0 / 2, 2.0 / 3, 3.0 / 4, 1};
    for (size_t k = 0; k < SIM_LENGTHS; k++) {
        size_t L = (size_t)floor((double)o.max_items * fractions[k] + 0.5);
        if (L < 1)
            L = 1;
        if (s.n_lengths && s.lengths[s.n_lengths - 1] >= L)
            continue;
        s.lengths[s.n_lengths] = L;
        if (make_form(&s, FORM_RANDOM, s.n_lengths, L) != 0 ||
            make_form(&s, FORM_BALANCED, s.n_lengths, L) != 0) {
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
            goto out;
        }
        s.n_lengths++;
    }
    const cat_config *cfg = &s.as->cfg;
    if (o.store) {
        if ((rc = store_begin(b->s, 1, &b->a->err)) != ASSAY_OK)
            goto out;
        in_tx = 1;
    }
    for (size_t ex = 0; ex < o.examinees; ex++) {
        rng r;
        rng_seed(&r, o.seed, EXAMINEE_STREAM + ex);
        s.theta = rng_normal(&r);
        for (size_t t = 0; t < s.T; t++) {
            s.theta_t[t] = s.theta + cfg->tau * rng_normal(&r);
            s.level_t[t] = irt_level_of(s.theta_t[t], cfg->cuts, cfg->n_cuts);
        }
        for (size_t i = 0; i < s.n; i++) /* common random numbers for both designs */
            s.u[i] = rng_unit(&r);
        for (size_t k = 0; k < s.n_lengths; k++) {
            cat ca, cr, cb;
            int bad = run_adaptive(&s, s.lengths[k], &ca) != 0 ||
                      run_fixed(&s, FORM_RANDOM, k, &cr) != 0 ||
                      run_fixed(&s, FORM_BALANCED, k, &cb) != 0;
            if (!bad) {
                score(&s, &ca, &s.adaptive[k]);
                score(&s, &cr, &s.fixed[FORM_RANDOM][k]);
                score(&s, &cb, &s.fixed[FORM_BALANCED][k]);
            }
            if (bad) {
                rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
            } else if (o.store && k + 1 == s.n_lengths &&
                       (rc = store_sim_attempt(&s, b, ex, 1, ca.steps, ca.n_steps, NULL)) ==
                           ASSAY_OK) {
                rc = store_sim_attempt(&s, b, ex, 0, cr.steps, cr.n_steps,
                                       s.form_fp[FORM_RANDOM][k]);
            }
            cat_free(&ca);
            cat_free(&cr);
            cat_free(&cb);
            if (rc != ASSAY_OK)
                goto out;
        }
        if (o.progress)
            o.progress(o.userdata, ex + 1, o.examinees);
    }
    if (in_tx) {
        in_tx = 0;
        if ((rc = store_commit(b->s, &b->a->err)) != ASSAY_OK) {
            s.stored_attempts = s.stored_responses = 0;
            goto out;
        }
    }
    json_t *jbal = json_array();
    for (size_t k = 0; k < s.n_lengths; k++) {
        json_array_append_new(jad, tally_json(&s.adaptive[k], s.lengths[k], 1));
        json_array_append_new(jfx, tally_json(&s.fixed[FORM_RANDOM][k], s.form_n[0][k], 0));
        json_array_append_new(jbal, tally_json(&s.fixed[FORM_BALANCED][k], s.form_n[1][k], 0));
    }
    json_t *cuts = json_array(), *needed = json_array(), *cmp = json_array();
    for (int c = 0; c < cfg->n_cuts; c++)
        json_array_append_new(cuts, json_real(cfg->cuts[c]));
    size_t last = s.n_lengths - 1;
    /* the items each design needs for the accuracy every design reaches at full length */
    const tally *designs[3] = {s.adaptive, s.fixed[FORM_RANDOM], s.fixed[FORM_BALANCED]};
    for (int d = 0; d < 3; d++) {
        double target = designs[d][last].right / designs[d][last].pairs;
        json_array_append_new(
            needed, json_pack("{s:f, s:o, s:o, s:o}", "accuracy", target, "adaptive_items",
                              num(items_for(s.adaptive, s.n_lengths, target)), "random_form_items",
                              num(items_for(s.fixed[FORM_RANDOM], s.n_lengths, target)),
                              "balanced_form_items",
                              num(items_for(s.fixed[FORM_BALANCED], s.n_lengths, target))));
    }
    /* the comparison: the adaptive design against each fixed form at full length */
    for (int d = FORM_RANDOM; d <= FORM_BALANCED; d++) {
        const tally *f = &s.fixed[d][last];
        double target = f->right / f->pairs, fixed_items = f->items / f->examinees;
        double ad_items = items_for(s.adaptive, s.n_lengths, target);
        double ratio = isfinite(ad_items) ? ad_items / fixed_items : NAN;
        json_array_append_new(cmp, json_pack("{s:s, s:f, s:f, s:o, s:o, s:b}", "against",
                                             d == FORM_RANDOM ? "random_form" : "balanced_form",
                                             "target_accuracy", target, "fixed_items", fixed_items,
                                             "adaptive_items", num(ad_items), "ratio", num(ratio),
                                             "half_or_fewer", isfinite(ratio) && ratio <= 0.5));
    }
    char seed[24];
    snprintf(seed, sizeof seed, "%" PRIu64, o.seed);
    report = json_pack(
        "{s:s, s:I, s:I, s:s, s:I, s:I, s:I, s:i, s:o, s:f, s:s, s:s, s:{s:o, s:o, s:o}, s:o, "
        "s:o, s:{s:I, s:I}}",
        "kb", e->kb[0] ? e->kb : "", "examinees", (json_int_t)o.examinees, "max_items",
        (json_int_t)o.max_items, "seed", seed, "topics", (json_int_t)s.T, "items_in_scope",
        (json_int_t)s.n, "askable_items", (json_int_t)askable, "levels", cfg->n_cuts + 1, "cuts",
        cuts, "tau", cfg->tau, "rule", cfg->rule == CAT_SPRT ? "sprt" : "glr", "allocation",
        cfg->alloc == CAT_ALLOC_SHARE ? "share" : "gain", "designs", "adaptive", jad, "random_form",
        jfx, "balanced_form", jbal, "needed", needed, "comparison", cmp, "stored", "attempts",
        (json_int_t)s.stored_attempts, "responses", (json_int_t)s.stored_responses);
    jad = jfx = NULL;
    if (report)
        json_object_set_new(report, "slope_sd", json_real(o.slope_sd));
    char *str = report ? json_dumps(report, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    json_decref(report);
    if (!str)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    *json = str;
out:
    if (in_tx)
        store_rollback(b->s);
    json_decref(jad);
    json_decref(jfx);
    sim_free(&s);
    return rc;
}
