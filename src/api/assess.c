/* api/assess — the adaptive level assessment behind include/assay.h: scope,
 * questions from the generators, grading, storage, state and resumption. */
#include "api/assess_int.h"

#include "core/opts.h"
#include "gen/quiz.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_VERSION    1
#define MAX_SCOPE_TOPICS 64
#define QUESTION_STREAM  0x200000u /* RNG streams for the questions, by step */
/* Item parameters a stored state may carry: far beyond what a calibration
 * with the bank's priors gives, short of what would overflow the likelihood. */
#define STATE_MAX_A 50.0
#define STATE_MAX_D 100.0

void assay_assess_spec_init(assay_assess_spec *s)
{
    cat_config c;
    cat_config_init(&c, 4);
    memset(s, 0, sizeof *s);
    s->struct_size = sizeof *s;
    s->types = ASSAY_Q_MCQ;
    s->options = 4;
    s->max_items = c.max_items;
    s->min_per_topic = c.min_per_topic;
    s->max_per_topic = c.max_per_topic;
    s->randomesque = c.randomesque;
    s->rule = c.rule == CAT_SPRT ? ASSAY_STOP_SPRT : ASSAY_STOP_GLR;
    s->allocation = c.alloc == CAT_ALLOC_SHARE ? ASSAY_ALLOC_SHARE : ASSAY_ALLOC_GAIN;
    s->alpha = c.alpha;
    s->beta = c.beta;
    s->delta = c.delta;
    s->se_stop = c.se_stop;
    s->tau = c.tau;
    s->seed = c.seed;
}

void assay_assess_free(assay_assessment *as)
{
    if (!as)
        return;
    cat_free(&as->c);
    free(as->step_type);
    free(as->excluded);
    free(as->tl);
    arena_free(&as->qmem);
    arena_free(&as->mem);
    free(as);
}

static assay_code nomem(assay_assessment *as)
{
    return err_set(as->err, ASSAY_ENOMEM, "out of memory");
}

/* Copies the spec (strings and arrays into as->mem) and checks it. */
static assay_code take_spec(assay_assessment *as, const assay_assess_spec *in)
{
    errinfo *e = as->err;
    assay_assess_spec_init(&as->spec);
    if (opts_take(e, &as->spec, sizeof as->spec, in, "assay_assess_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    in = &as->spec; /* the fields below are read from the copy */
    if (in->n_topics > MAX_SCOPE_TOPICS)
        return err_set(e, ASSAY_EUSAGE, "at most %d topics in scope", MAX_SCOPE_TOPICS);
    const char **topics = arena_alloc(&as->mem, (in->n_topics + 1) * sizeof *topics);
    double *cuts = arena_alloc(&as->mem, (ASSAY_MAX_CUTS + 1) * sizeof *cuts);
    if (!topics || !cuts)
        return nomem(as);
    for (size_t i = 0; i < in->n_topics; i++)
        if (!(topics[i] = arena_strdup(&as->mem, in->topics[i])))
            return nomem(as);
    as->spec.topics = topics;
    if (in->kb && !(as->spec.kb = arena_strdup(&as->mem, in->kb)))
        return nomem(as);
    if (in->n_cuts > ASSAY_MAX_CUTS)
        return err_set(e, ASSAY_EUSAGE, "at most %d cut points", ASSAY_MAX_CUTS);
    for (size_t i = 0; i < in->n_cuts; i++)
        cuts[i] = in->cuts[i];
    as->spec.cuts = in->n_cuts ? cuts : NULL;
    if (!(in->types & ASSAY_Q_ALL))
        return err_set(e, ASSAY_EUSAGE, "no question type asked for");
    if (in->options < 3 || in->options > 5)
        return err_set(e, ASSAY_EUSAGE, "multiple choice takes 3 to 5 options");
    if (in->max_items < 1 || in->max_items > 500)
        return err_set(e, ASSAY_EUSAGE, "an assessment asks 1 to 500 questions");
    as->nt = 0;
    for (unsigned t = 1; t <= 32; t <<= 1)
        if (in->types & t)
            as->types[as->nt++] = (assay_qtype)t;
    return ASSAY_OK;
}

/* The scope and the adaptive engine for it. */
static assay_code build(assay_assessment *as)
{
    const assay_engine *e = as->e;
    errinfo *err = as->err;
    char *sel = calloc(e->n_topics + 1, 1);
    uint32_t *map = malloc((e->n_topics + 1) * sizeof *map);
    if (!sel || !map) {
        free(sel);
        free(map);
        return nomem(as);
    }
    assay_code rc =
        quiz_select_topics(e, err, as->spec.kb, as->spec.topics, as->spec.n_topics, sel);
    as->topic_eng = arena_alloc(&as->mem, (e->n_topics + 1) * sizeof *as->topic_eng);
    as->items = arena_alloc(&as->mem, (e->n_items + 1) * sizeof *as->items);
    as->eng = arena_alloc(&as->mem, (e->n_items + 1) * sizeof *as->eng);
    if (rc == ASSAY_OK && (!as->topic_eng || !as->items || !as->eng))
        rc = nomem(as);
    as->n_levels = 0;
    for (size_t t = 0; rc == ASSAY_OK && t < e->n_topics; t++) {
        if (!sel[t])
            continue;
        map[t] = (uint32_t)as->n_topics;
        as->topic_eng[as->n_topics++] = (uint32_t)t;
        if (e->topics[t].n_levels > as->n_levels)
            as->n_levels = e->topics[t].n_levels;
    }
    for (size_t i = 0; rc == ASSAY_OK && i < e->n_items; i++) {
        const g_item *it = &e->items[i];
        if (!sel[it->topic] || (as->spec.no_derived && assay_kind_derived((assay_kind)it->kind)))
            continue;
        as->items[as->n] = (cat_item){it->irt_a, it->irt_d, map[it->topic]};
        as->eng[as->n++] = (uint32_t)i;
    }
    free(sel);
    free(map);
    if (rc != ASSAY_OK)
        return rc;
    if (as->n == 0)
        return err_set(err, ASSAY_ENOTFOUND, "no items in the topics asked for");
    int levels = as->n_levels > 0 ? as->n_levels : 1;
    if (levels > CAT_MAX_CUTS + 1)
        levels = CAT_MAX_CUTS + 1;
    cat_config_init(&as->cfg, levels);
    const assay_assess_spec *s = &as->spec;
    as->cfg.max_items = s->max_items;
    as->cfg.min_per_topic = s->min_per_topic;
    as->cfg.max_per_topic = s->max_per_topic;
    as->cfg.randomesque = s->randomesque;
    as->cfg.rule = s->rule == ASSAY_STOP_SPRT ? CAT_SPRT : CAT_GLR;
    as->cfg.alloc = s->allocation == ASSAY_ALLOC_SHARE ? CAT_ALLOC_SHARE : CAT_ALLOC_GAIN;
    as->cfg.alpha = s->alpha;
    as->cfg.beta = s->beta;
    as->cfg.delta = s->delta;
    as->cfg.se_stop = s->se_stop;
    as->cfg.tau = s->tau;
    as->cfg.seed = s->seed;
    if (s->n_cuts) {
        as->cfg.n_cuts = (int)s->n_cuts;
        for (size_t i = 0; i < s->n_cuts; i++)
            as->cfg.cuts[i] = s->cuts[i];
    }
    const char *why = cat_config_check(&as->cfg);
    if (why)
        return err_set(err, ASSAY_EUSAGE, "%s", why);
    int c = cat_init(&as->c, &as->cfg, as->items, as->n, as->n_topics);
    if (c < 0)
        return nomem(as);
    if (c > 0)
        return err_set(err, ASSAY_EINTERNAL, "the assessment could not be set up");
    return ASSAY_OK;
}

static assay_assessment *new_assessment(assay *a, const assay_engine *e)
{
    assay_assessment *as = calloc(1, sizeof *as);
    if (!as)
        return NULL;
    as->a = a;
    as->err = &a->err;
    as->e = e;
    as->pending = -1;
    arena_init(&as->mem, 0);
    arena_init(&as->qmem, 0);
    return as;
}

assay_code assay_assess_start(assay *a, const assay_engine *e, const assay_assess_spec *spec,
                              assay_assessment **out)
{
    api_enter(a);
    *out = NULL;
    assay_assess_spec def;
    if (!spec) {
        assay_assess_spec_init(&def);
        spec = &def;
    }
    assay_assessment *as = new_assessment(a, e);
    if (!as)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    assay_code rc = take_spec(as, spec);
    if (rc == ASSAY_OK)
        rc = build(as);
    if (rc != ASSAY_OK) {
        assay_assess_free(as);
        return rc;
    }
    *out = as;
    return ASSAY_OK;
}

static assay_code save(assay_assessment *as, size_t from, const g_question *q,
                       const assay_answer *ans, int finished);

/* ---- questions --------------------------------------------------------------- */

/* Makes the question for scope item i at the current step: the first of the
 * spec's types, in turn from the step, that the item allows (only `only`
 * when nonzero). 0 made, 1 none, -1 out of memory. */
static int make_question(assay_assessment *as, long i, assay_qtype only)
{
    size_t step = as->c.n_steps;
    for (size_t k = 0; k < as->nt; k++) {
        assay_qtype t = only ? only : as->types[(step + k) % as->nt];
        arena_free(&as->qmem);
        arena_init(&as->qmem, 0);
        memset(&as->q, 0, sizeof as->q);
        rng r;
        rng_seed(&r, as->spec.seed, QUESTION_STREAM + step);
        int m = quiz_make(as->e, t, as->eng[i], as->spec.options, &r, &as->qmem, &as->q);
        if (m <= 0) {
            if (m == 0) {
                as->pending = i;
                as->pending_type = t;
            }
            return m;
        }
        if (only)
            break;
    }
    return 1;
}

static int note_excluded(assay_assessment *as, uint32_t i)
{
    if (as->n_excluded == as->cap_excluded) {
        size_t cap = as->cap_excluded ? 2 * as->cap_excluded : 16;
        uint32_t *p = realloc(as->excluded, cap * sizeof *p);
        if (!p)
            return -1;
        as->excluded = p;
        as->cap_excluded = cap;
    }
    as->excluded[as->n_excluded++] = i;
    cat_exclude(&as->c, i);
    return 0;
}

assay_code assay_assess_next(assay_assessment *as, const assay_question **q)
{
    api_enter(as->a);
    *q = NULL;
    while (as->pending < 0) {
        long i = cat_next(&as->c);
        if (i < 0) { /* over: a bound attempt is marked finished, once (not a session's:
                      * assay_session_finish closes it, and asking must not write) */
            assay_code rc = ASSAY_OK;
            if (as->bank && !as->finished && !as->session_owned &&
                (rc = save(as, as->c.n_steps, NULL, NULL, 1)) == ASSAY_OK)
                as->finished = 1;
            return rc;
        }
        int m = make_question(as, i, 0);
        if (m < 0)
            return nomem(as);
        if (m > 0 && note_excluded(as, (uint32_t)i) != 0)
            return nomem(as);
    }
    *q = &as->q.pub;
    return ASSAY_OK;
}

int assay_assess_done(assay_assessment *as)
{
    const assay_question *q = NULL;
    if (assay_assess_next(as, &q) != ASSAY_OK)
        return 0;
    return q == NULL;
}

int assess_replay(assay_assessment *as, const char *item_id, double score)
{
    if (!(score >= 0 && score <= 1))
        return 1;
    for (size_t i = 0; i < as->n; i++)
        if (strcmp(as->e->items[as->eng[i]].id, item_id) == 0)
            return cat_record(&as->c, (uint32_t)i, score); /* 1: answered already */
    return 1;
}

size_t assay_assess_answered(const assay_assessment *as)
{
    return as->c.n_steps;
}

/* ---- state ------------------------------------------------------------------------ */

static json_t *u64_json(uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    return json_string(buf);
}

static json_t *spec_json(const assay_assessment *as)
{
    const assay_assess_spec *s = &as->spec;
    json_t *topics = json_array(), *types = json_array(), *cuts = json_array();
    for (size_t i = 0; i < s->n_topics; i++)
        json_array_append_new(topics, json_string(s->topics[i]));
    for (size_t i = 0; i < as->nt; i++)
        json_array_append_new(types, json_string(assay_qtype_name(as->types[i])));
    for (int i = 0; i < as->cfg.n_cuts; i++)
        json_array_append_new(cuts, json_real(as->cfg.cuts[i]));
    json_t *j =
        json_pack("{s:o, s:o, s:i, s:I, s:I, s:I, s:i, s:s, s:f, s:f, s:f, s:f, s:f, s:o, "
                  "s:b, s:o}",
                  "topics", topics, "types", types, "options", s->options, "max_items",
                  (json_int_t)s->max_items, "min_per_topic", (json_int_t)s->min_per_topic,
                  "max_per_topic", (json_int_t)s->max_per_topic, "randomesque", s->randomesque,
                  "rule", s->rule == ASSAY_STOP_SPRT ? "sprt" : "glr", "alpha", s->alpha, "beta",
                  s->beta, "delta", s->delta, "se_stop", s->se_stop, "tau", s->tau, "cuts", cuts,
                  "default_cuts", s->n_cuts == 0, "seed", u64_json(s->seed));
    if (j)
        json_object_set_new(j, "allocation",
                            json_string(s->allocation == ASSAY_ALLOC_SHARE ? "share" : "gain"));
    if (j && s->no_derived) /* only when set: older states read the same */
        json_object_set_new(j, "no_derived", json_true());
    if (j && s->kb && s->kb[0]) /* likewise */
        json_object_set_new(j, "kb", json_string(s->kb));
    return j;
}

static json_t *state_json(const assay_assessment *as)
{
    json_t *steps = json_array(), *excl = json_array();
    for (size_t s = 0; s < as->c.n_steps; s++) {
        const cat_step *st = &as->c.steps[s];
        const g_item *it = &as->e->items[as->eng[st->item]];
        json_array_append_new(steps,
                              json_pack("{s:s, s:s, s:f, s:f, s:f}", "item", it->id, "type",
                                        assay_qtype_name(as->step_type[s]), "score", st->score, "a",
                                        as->items[st->item].a, "d", as->items[st->item].d));
    }
    for (size_t k = 0; k < as->n_excluded; k++)
        json_array_append_new(excl, json_string(as->e->items[as->eng[as->excluded[k]]].id));
    json_t *pending = as->pending >= 0
                          ? json_pack("{s:s, s:s}", "item", as->e->items[as->eng[as->pending]].id,
                                      "type", assay_qtype_name(as->pending_type))
                          : json_null();
    return json_pack("{s:i, s:s, s:o, s:o, s:o, s:o}", "version", STATE_VERSION, "kb", as->e->kb,
                     "spec", spec_json(as), "steps", steps, "excluded", excl, "pending", pending);
}

char *assay_assess_state_json(const assay_assessment *as)
{
    json_t *j = state_json(as);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(j);
    return s;
}

static long scope_index(const assay_assessment *as, const char *id)
{
    for (size_t i = 0; i < as->n; i++)
        if (strcmp(as->e->items[as->eng[i]].id, id) == 0)
            return (long)i;
    return -1;
}

static int push_step_type(assay_assessment *as, assay_qtype t)
{
    size_t n = as->c.n_steps;
    if (n >= as->cap_steps) {
        size_t cap = as->cap_steps ? 2 * as->cap_steps : 32;
        assay_qtype *p = realloc(as->step_type, cap * sizeof *p);
        if (!p)
            return -1;
        as->step_type = p;
        as->cap_steps = cap;
    }
    as->step_type[n] = t;
    return 0;
}

static assay_code bad_state(assay_assessment *as, const char *what)
{
    return err_set(as->err, ASSAY_EINPUT, "assessment state: %s", what);
}

static int get_u64(json_t *v, uint64_t *out)
{
    const char *s = json_string_value(v);
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = x;
    return 0;
}

/* A whole number field in [lo, hi] (absent or of another type: -1). */
static int get_int(json_t *j, const char *key, long long lo, long long hi, long long *out)
{
    json_t *v = json_object_get(j, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return -1;
    *out = json_integer_value(v);
    return 0;
}

/* A finite number field (absent or of another type: -1). */
static int get_num(json_t *j, const char *key, double *out)
{
    json_t *v = json_object_get(j, key);
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return -1;
    *out = json_number_value(v);
    return 0;
}

/* One of names[0..n) (absent or another string: -1). */
static int get_name(json_t *j, const char *key, const char *const *names, int n, int *out)
{
    const char *s = json_string_value(json_object_get(j, key));
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

/* The spec as assay_assess_state_json writes it: every field present and of
 * its type (a missing field is damage, not a default). Ranges are checked by
 * take_spec and cat_config_check as for a new assessment. */
static assay_code spec_from_json(assay_assessment *as, json_t *j, assay_assess_spec *s,
                                 const char **topics, double *cuts)
{
    assay_assess_spec_init(s);
    json_t *jt = json_object_get(j, "topics"), *jty = json_object_get(j, "types"),
           *jc = json_object_get(j, "cuts"), *jdc = json_object_get(j, "default_cuts");
    if (!json_is_array(jt) || !json_is_array(jty) || !json_is_array(jc) || !json_is_boolean(jdc) ||
        json_array_size(jt) > MAX_SCOPE_TOPICS || json_array_size(jc) > ASSAY_MAX_CUTS ||
        get_u64(json_object_get(j, "seed"), &s->seed) != 0)
        return bad_state(as, "the spec is malformed");
    size_t k;
    json_t *v;
    json_array_foreach(jt, k, v)
    {
        if (!(topics[k] = json_string_value(v)))
            return bad_state(as, "a topic is not a string");
    }
    s->topics = topics;
    s->n_topics = json_array_size(jt);
    s->no_derived = json_is_true(json_object_get(j, "no_derived"));
    json_t *jkb = json_object_get(j, "kb");
    if (jkb && !json_is_string(jkb))
        return bad_state(as, "the knowledge base is not a string");
    s->kb = jkb ? json_string_value(jkb) : NULL;
    s->types = 0;
    json_array_foreach(jty, k, v)
    {
        unsigned bits;
        if (!json_string_value(v) || assay_qtypes_parse(json_string_value(v), &bits) != ASSAY_OK)
            return bad_state(as, "unknown question type");
        s->types |= bits;
    }
    if (!json_is_true(jdc)) {
        json_array_foreach(jc, k, v)
        {
            if (!json_is_number(v))
                return bad_state(as, "a cut point is not a number");
            cuts[k] = json_number_value(v);
        }
        s->cuts = cuts;
        s->n_cuts = json_array_size(jc);
    }
    static const char *const rules[] = {"glr", "sprt"}, *const allocs[] = {"gain", "share"};
    long long options, max_items, min_pt, max_pt, randomesque;
    int rule, alloc;
    if (get_int(j, "options", 0, 100, &options) || get_int(j, "max_items", 0, 1000, &max_items) ||
        get_int(j, "min_per_topic", 0, 1000, &min_pt) ||
        get_int(j, "max_per_topic", 0, 1000, &max_pt) ||
        get_int(j, "randomesque", 0, 1000, &randomesque) || get_name(j, "rule", rules, 2, &rule) ||
        get_name(j, "allocation", allocs, 2, &alloc) || get_num(j, "alpha", &s->alpha) ||
        get_num(j, "beta", &s->beta) || get_num(j, "delta", &s->delta) ||
        get_num(j, "se_stop", &s->se_stop) || get_num(j, "tau", &s->tau))
        return bad_state(as, "a setting of the spec is missing or out of range");
    s->options = (int)options;
    s->max_items = (size_t)max_items;
    s->min_per_topic = (size_t)min_pt;
    s->max_per_topic = (size_t)max_pt;
    s->randomesque = (int)randomesque;
    s->rule = rule ? ASSAY_STOP_SPRT : ASSAY_STOP_GLR;
    s->allocation = alloc ? ASSAY_ALLOC_SHARE : ASSAY_ALLOC_GAIN;
    return ASSAY_OK;
}

/* 1 when bits names exactly one question type. */
static int one_type(unsigned bits)
{
    return bits != 0 && (bits & (bits - 1)) == 0;
}

static assay_code replay(assay_assessment *as, json_t *root)
{
    json_t *steps = json_object_get(root, "steps"), *excl = json_object_get(root, "excluded"),
           *pending = json_object_get(root, "pending");
    if (!json_is_array(steps) || !json_is_array(excl))
        return bad_state(as, "steps and excluded must be arrays");
    size_t k;
    json_t *v;
    json_array_foreach(excl, k, v)
    {
        long i = json_string_value(v) ? scope_index(as, json_string_value(v)) : -1;
        if (i >= 0 && note_excluded(as, (uint32_t)i) != 0)
            return nomem(as);
    }
    json_array_foreach(steps, k, v)
    {
        const char *id = json_string_value(json_object_get(v, "item"));
        const char *type = json_string_value(json_object_get(v, "type"));
        json_t *score = json_object_get(v, "score"), *ja = json_object_get(v, "a"),
               *jd = json_object_get(v, "d");
        unsigned bits = 0;
        /* one question type ("mcq", not "all" or "mcq,tf"): it is written back by name */
        if (!id || !type || assay_qtypes_parse(type, &bits) != ASSAY_OK || !one_type(bits) ||
            !json_is_number(score) || !json_is_number(ja) || !json_is_number(jd))
            return bad_state(as, "a step is malformed");
        double x = json_number_value(score), pa = json_number_value(ja), pd = json_number_value(jd);
        if (!(x >= 0 && x <= 1) || !(pa > 0 && pa <= STATE_MAX_A) ||
            !(pd >= -STATE_MAX_D && pd <= STATE_MAX_D))
            return bad_state(as, "a step's score or item parameters are out of range");
        if (k >= as->spec.max_items)
            return bad_state(as, "more answers than the assessment's maximum length");
        long i = scope_index(as, id);
        if (i < 0)
            return err_set(as->err, ASSAY_EINPUT,
                           "assessment state: item %s, answered in this attempt, is not in the "
                           "bank's scope any more",
                           id);
        /* the parameters the answer was scored with */
        as->items[i].a = pa;
        as->items[i].d = pd;
        if (push_step_type(as, (assay_qtype)bits) != 0)
            return nomem(as);
        int r = cat_record(&as->c, (uint32_t)i, x);
        if (r < 0)
            return nomem(as);
        if (r > 0)
            return bad_state(as, "an item is answered twice");
    }
    if (json_is_object(pending)) {
        /* no question is asked after the last answer the assessment allows
         * (answering it would make a state that does not resume) */
        if (as->c.n_steps >= as->spec.max_items)
            return bad_state(as, "a question is pending after the assessment's last answer");
        const char *id = json_string_value(json_object_get(pending, "item"));
        const char *type = json_string_value(json_object_get(pending, "type"));
        unsigned bits = 0;
        long i = id ? scope_index(as, id) : -1;
        if (i < 0 || !type || assay_qtypes_parse(type, &bits) != ASSAY_OK || !one_type(bits))
            return bad_state(as, "the pending question is not in the bank's scope");
        int m = make_question(as, i, (assay_qtype)bits);
        if (m < 0)
            return nomem(as);
        if (m > 0)
            return bad_state(as, "the pending question cannot be made again");
    }
    return ASSAY_OK;
}

assay_code assay_assess_resume(assay *a, const assay_engine *e, const char *state,
                               assay_assessment **out)
{
    api_enter(a);
    *out = NULL;
    json_error_t jerr;
    json_t *root = state ? json_loads(state, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!root)
        return err_set(&a->err, ASSAY_EINPUT, "assessment state is not JSON: %s",
                       state ? jerr.text : "none given");
    assay_assessment *as = new_assessment(a, e);
    if (!as) {
        json_decref(root);
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    assay_assess_spec spec;
    const char *topics[MAX_SCOPE_TOPICS];
    double cuts[ASSAY_MAX_CUTS];
    const char *kb = json_string_value(json_object_get(root, "kb"));
    assay_code rc = ASSAY_OK;
    if (json_integer_value(json_object_get(root, "version")) != STATE_VERSION)
        rc = bad_state(as, "unknown version");
    else if (!kb || strcmp(kb, e->kb) != 0)
        rc = err_set(&a->err, ASSAY_EINPUT,
                     "assessment state is for knowledge base '%s', the engine for '%s'",
                     kb ? kb : "?", e->kb);
    if (rc == ASSAY_OK)
        rc = spec_from_json(as, json_object_get(root, "spec"), &spec, topics, cuts);
    if (rc == ASSAY_OK)
        rc = take_spec(as, &spec);
    if (rc == ASSAY_OK)
        rc = build(as);
    if (rc == ASSAY_EUSAGE) {
        /* settings a caller could not have given: the stored state is damaged */
        char why[ERR_MSG_MAX];
        snprintf(why, sizeof why, "%s", a->err.msg);
        err_clear(&a->err);
        rc = bad_state(as, why);
    }
    if (rc == ASSAY_OK)
        rc = replay(as, root);
    json_decref(root);
    if (rc != ASSAY_OK) {
        assay_assess_free(as);
        return rc;
    }
    *out = as;
    return ASSAY_OK;
}

/* ---- answers ------------------------------------------------------------------------- */

/* Rebuilds the adaptive engine from the first n answers (undoing the rest). */
static assay_code rewind_to(assay_assessment *as, size_t n)
{
    cat_step *steps = malloc((n + 1) * sizeof *steps);
    if (!steps)
        return nomem(as);
    memcpy(steps, as->c.steps, n * sizeof *steps);
    cat_free(&as->c);
    int rc = cat_init(&as->c, &as->cfg, as->items, as->n, as->n_topics);
    for (size_t k = 0; rc == 0 && k < as->n_excluded; k++)
        cat_exclude(&as->c, as->excluded[k]);
    for (size_t s = 0; rc == 0 && s < n; s++)
        rc = cat_record(&as->c, steps[s].item, steps[s].score);
    free(steps);
    return rc == 0 ? ASSAY_OK : nomem(as);
}

/* Writes step s (0-based) as a response; with q, the question as shown. */
static assay_code store_step(assay_assessment *as, size_t s, const g_question *q,
                             const assay_answer *ans, int *dup)
{
    const cat_step *st = &as->c.steps[s];
    assay_response r;
    assay_response_init(&r);
    r.item_id = as->e->items[as->eng[st->item]].id;
    r.type = as->step_type[s];
    r.score = st->score;
    if (q) {
        r.options = q->pub.options;
        r.n_options = q->pub.n_options;
        if (q->pub.n_options)
            r.key = q->pub.key;
    }
    const char *grade_json = NULL;
    if (ans) {
        r.choice = q && q->pub.n_options ? ans->choice : -1;
        r.answer = ans->text;
        r.request_id = as->step_request_id;
        grade_json = as->step_grade_json;
    }
    return api_response_put_graded(as->bank, as->attempt, (int)s + 1, &r, grade_json, dup);
}

/* Stores steps [from, n_steps) and the state in one transaction; q and ans
 * are the last step's question and answer (may be NULL). */
static assay_code save(assay_assessment *as, size_t from, const g_question *q,
                       const assay_answer *ans, int finished)
{
    assay_bank *b = as->bank;
    char *state = assay_assess_state_json(as);
    if (!state)
        return nomem(as);
    assay_code rc = store_begin(b->s, 1, &b->a->err);
    int dup = 0;
    for (size_t s = from; rc == ASSAY_OK && s < as->c.n_steps; s++)
        rc = store_step(as, s, s + 1 == as->c.n_steps ? q : NULL,
                        s + 1 == as->c.n_steps ? ans : NULL, &dup);
    if (rc == ASSAY_OK && dup) {
        /* another request (a retry elsewhere) stored this answer first: the
         * state it stored stands, nothing of this one is written */
        as->step_dup = 1;
        rc = err_set(&b->a->err, ASSAY_ECONFLICT,
                     "attempt %lld: the answer with this request id was stored meanwhile",
                     (long long)as->attempt);
    }
    if (rc == ASSAY_OK && as->step_extra && ans)
        rc = as->step_extra(as->step_extra_ud, as->c.n_steps - 1);
    if (rc == ASSAY_OK)
        rc = api_attempt_update(b, as->attempt, state, finished);
    if (rc == ASSAY_OK)
        rc = store_commit(b->s, &b->a->err);
    else
        store_rollback(b->s);
    free(state);
    return rc;
}

assay_code assess_record(assay_assessment *as, double score, const assay_answer *ans)
{
    if (as->pending < 0)
        return err_set(as->err, ASSAY_EUSAGE,
                       "no question is waiting for an answer (call assay_assess_next)");
    if (!(score >= 0 && score <= 1))
        return err_set(as->err, ASSAY_EUSAGE, "a score is between 0 and 1");
    size_t n = as->c.n_steps;
    if (push_step_type(as, as->pending_type) != 0)
        return nomem(as);
    if (cat_record(&as->c, (uint32_t)as->pending, score) != 0)
        return nomem(as);
    /* the question leaves with the answer; keep it until it is stored */
    g_question q = as->q;
    arena qmem = as->qmem;
    arena_init(&as->qmem, 0);
    memset(&as->q, 0, sizeof as->q);
    long was = as->pending;
    assay_qtype was_type = as->pending_type;
    as->pending = -1;
    assay_code rc = ASSAY_OK;
    if (as->bank) {
        if ((rc = save(as, n, &q, ans, 0)) != ASSAY_OK) {
            /* nothing stored: undo in memory too */
            assay_code r2 = rewind_to(as, n);
            as->q = q;
            arena_free(&as->qmem);
            as->qmem = qmem;
            as->pending = was;
            as->pending_type = was_type;
            return r2 != ASSAY_OK ? r2 : rc;
        }
    }
    arena_free(&qmem);
    return rc;
}

assay_code assay_assess_record(assay_assessment *as, double score)
{
    api_enter(as->a);
    return assess_record(as, score, NULL);
}

assay_code assay_assess_answer(assay_assessment *as, const assay_answer *ans, assay_grade **out)
{
    api_enter(as->a);
    if (out)
        *out = NULL;
    if (as->pending < 0)
        return err_set(as->err, ASSAY_EUSAGE,
                       "no question is waiting for an answer (call assay_assess_next)");
    assay_grade *g = NULL;
    assay_code rc = api_grade_question(as->e, as->err, &as->q.pub, ans, &g);
    if (rc == ASSAY_OK)
        rc = assess_record(as, g->score, ans);
    if (rc == ASSAY_OK && out)
        *out = g;
    else
        assay_grade_free(g);
    return rc;
}

assay_code assay_assess_bind(assay_assessment *as, assay_bank *bank, int64_t attempt)
{
    api_enter(as->a);
    arena mem;
    arena_init(&mem, 0);
    store_attempt *at = NULL;
    assay_code rc = store_attempt_get(bank->s, attempt, &mem, &at, as->err);
    if (rc == ASSAY_OK && !at)
        rc = err_set(as->err, ASSAY_ENOTFOUND, "no attempt %lld", (long long)attempt);
    if (rc == ASSAY_OK && at->kind != STORE_ATTEMPT_ASSESSMENT)
        rc = err_set(as->err, ASSAY_EUSAGE, "attempt %lld is a quiz, not an assessment",
                     (long long)attempt);
    arena_free(&mem);
    if (rc != ASSAY_OK)
        return rc;
    as->bank = bank;
    as->attempt = attempt;
    as->finished = 0;
    rc = save(as, 0, NULL, NULL, 0);
    if (rc != ASSAY_OK)
        as->bank = NULL;
    return rc;
}

/* ---- the profile ------------------------------------------------------------------------ */

static void fill_level(assay_topic_level *t, const cat_est *e, int n_levels)
{
    t->answered = e->answered;
    t->ability = (assay_ability){e->eap, e->psd, e->map, e->se};
    t->level = e->level;
    for (int l = 0; l < n_levels && l <= ASSAY_MAX_CUTS; l++)
        t->probs[l] = e->probs[l];
    t->level_prob = e->probs[e->level - 1];
    t->status = cat_status_name(e->status);
}

const assay_profile *assay_assess_profile(assay_assessment *as)
{
    if (!as->tl && !(as->tl = calloc(as->n_topics + 1, sizeof *as->tl)))
        return NULL;
    assay_profile *p = &as->prof;
    int levels = as->cfg.n_cuts + 1;
    p->answered = as->c.n_steps;
    p->done = assay_assess_done(as);
    p->stop = cat_end_name(as->c.end);
    p->overall =
        (assay_ability){as->c.overall.eap, as->c.overall.psd, as->c.overall.map, as->c.overall.se};
    p->overall_level = as->c.overall.level;
    p->n_levels = levels;
    for (int i = 0; i < as->cfg.n_cuts; i++)
        p->cuts[i] = as->cfg.cuts[i];
    for (size_t t = 0; t < as->n_topics; t++) {
        const g_topic *gt = &as->e->topics[as->topic_eng[t]];
        assay_topic_level *tl = &as->tl[t];
        tl->kb = gt->kb;
        tl->topic = gt->title;
        tl->topic_number = gt->number;
        fill_level(tl, &as->c.topics[t], levels);
    }
    p->topics = as->tl;
    p->n_topics = as->n_topics;
    return p;
}

/* A JSON number, or null when v is not finite (an SE with no answers is infinite). */
static json_t *num_json(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *probs_json(const double *p, int n)
{
    json_t *a = json_array();
    for (int l = 0; l < n; l++)
        json_array_append_new(a, num_json(p[l]));
    return a;
}

char *assay_assess_profile_json(assay_assessment *as)
{
    const assay_profile *p = assay_assess_profile(as);
    if (!p)
        return NULL;
    json_t *topics = json_array(), *cuts = json_array();
    for (int i = 0; i < p->n_levels - 1; i++)
        json_array_append_new(cuts, json_real(p->cuts[i]));
    for (size_t t = 0; t < p->n_topics; t++) {
        const assay_topic_level *tl = &p->topics[t];
        json_array_append_new(
            topics, json_pack("{s:s, s:s, s:i, s:I, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:s}", "kb",
                              tl->kb, "topic", tl->topic, "number", tl->topic_number, "answered",
                              (json_int_t)tl->answered, "eap", num_json(tl->ability.eap), "psd",
                              num_json(tl->ability.psd), "map", num_json(tl->ability.map), "se",
                              num_json(tl->ability.se), "level", tl->level, "level_prob",
                              num_json(tl->level_prob), "probs", probs_json(tl->probs, p->n_levels),
                              "status", tl->status));
    }
    json_t *j = json_pack(
        "{s:I, s:b, s:s, s:i, s:o, s:{s:o, s:o, s:o, s:o, s:i, s:o}, s:o}", "answered",
        (json_int_t)p->answered, "done", p->done, "stop", p->stop, "n_levels", p->n_levels, "cuts",
        cuts, "overall", "eap", num_json(p->overall.eap), "psd", num_json(p->overall.psd), "map",
        num_json(p->overall.map), "se", num_json(p->overall.se), "level", p->overall_level, "probs",
        probs_json(as->c.overall.probs, p->n_levels), "topics", topics);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    json_decref(j);
    return s;
}
