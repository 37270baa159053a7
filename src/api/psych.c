/* api/psych — attempts and responses, calibration (bank and CSV), item analysis. */
#include "api/api_int.h"

#include "core/file.h"
#include "core/opts.h"
#include "core/sort.h"
#include "irt/calib.h"
#include "irt/classical.h"
#include "irt/csv.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Documented in docs/internals/irt.md. */
#define PRIOR_D_SD     0.7 /* intercepts around the level prior (bank) */
#define PRIOR_LOGA_SD  0.5 /* log slopes around 0 (2PL) */
#define CSV_PRIOR_D_SD 2.0 /* --priors for a CSV: weak */
#define CSV_MAX_BYTES  ((uint64_t)256 << 20)
#define JSON_FLAGS     (JSON_COMPACT | JSON_REAL_PRECISION(10))
/* Fewest answers an item's calibrated parameters are stored on (docs/internals/irt.md):
 * at 20 answers the data carry about 70% of the difficulty's precision
 * (information 20 x 0.25 = 5 at p = 0.5) against the prior's 30% (1 / 0.7^2 = 2);
 * below it the estimate is mostly the prior, and storing it would claim a
 * calibration the answers do not support. */
#define MIN_CALIB_ANSWERS 20
/* A slope this close to 0 leaves b = -d/a undefined: the fit is degenerate. */
#define MIN_ABS_SLOPE 1e-3

/* A JSON number, or null for a value that is not finite (JSON has no NaN or
 * infinity; a NULL from json_real would read as "out of memory"). */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

const char *assay_model_name(assay_model m)
{
    return irt_model_name((irt_model)m);
}

assay_code assay_model_parse(const char *name, assay_model *out)
{
    irt_model m = name ? irt_model_parse(name) : 0;
    if (!m)
        return ASSAY_EUSAGE;
    *out = (assay_model)m;
    return ASSAY_OK;
}

/* ---- attempts ----------------------------------------------------------------- */

void assay_attempt_spec_init(assay_attempt_spec *s)
{
    memset(s, 0, sizeof *s);
    s->struct_size = sizeof *s;
    s->kind = ASSAY_ATTEMPT_QUIZ;
}

assay_code assay_attempt_open(assay_bank *b, const assay_attempt_spec *spec_in, int64_t *id)
{
    api_enter(b->a);
    *id = 0;
    assay_attempt_spec taken;
    assay_attempt_spec_init(&taken);
    if (opts_take(&b->a->err, &taken, sizeof taken, spec_in, "assay_attempt_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    const assay_attempt_spec *spec = spec_in ? &taken : NULL;
    if (!spec || !spec->kb)
        return err_set(&b->a->err, ASSAY_EUSAGE, "an attempt needs a knowledge base");
    arena mem;
    arena_init(&mem, 0);
    store_kb *kb = NULL;
    assay_code rc = api_find_kb(b, &mem, spec->kb, &kb);
    if (rc == ASSAY_OK && (rc = store_begin(b->s, 1, &b->a->err)) == ASSAY_OK) {
        if ((rc = api_attempt_insert(b, kb->id, spec, id)) != ASSAY_OK ||
            (rc = store_commit(b->s, &b->a->err)) != ASSAY_OK)
            store_rollback(b->s);
    }
    arena_free(&mem);
    return rc;
}

assay_code api_attempt_insert(assay_bank *b, int64_t kb_id, const assay_attempt_spec *spec,
                              int64_t *id)
{
    int64_t now = (int64_t)time(NULL);
    store_attempt at = {.kb_id = kb_id,
                        .kind = spec->kind == ASSAY_ATTEMPT_ASSESSMENT ? STORE_ATTEMPT_ASSESSMENT
                                                                       : STORE_ATTEMPT_QUIZ,
                        .person = spec->person ? spec->person : "",
                        .form = spec->form,
                        .simulated = spec->simulated,
                        .seed = spec->seed,
                        .created_at = now,
                        .updated_at = now};
    assay_code rc = store_attempt_put(b->s, &at, &b->a->err);
    if (rc == ASSAY_OK)
        *id = at.id;
    return rc;
}

assay_code assay_attempt_record(assay_bank *b, const assay_attempt_spec *spec_in,
                                const assay_response *responses, size_t n, int64_t *id_out)
{
    api_enter(b->a);
    if (id_out)
        *id_out = 0;
    assay_attempt_spec taken;
    assay_attempt_spec_init(&taken);
    if (opts_take(&b->a->err, &taken, sizeof taken, spec_in, "assay_attempt_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    const assay_attempt_spec *spec = spec_in ? &taken : NULL;
    if (!spec || !spec->kb)
        return err_set(&b->a->err, ASSAY_EUSAGE, "an attempt needs a knowledge base");
    if (n > INT32_MAX)
        return err_set(&b->a->err, ASSAY_EUSAGE, "too many responses");
    arena mem;
    arena_init(&mem, 0);
    store_kb *kb = NULL;
    int64_t id = 0;
    assay_code rc = api_find_kb(b, &mem, spec->kb, &kb);
    if (rc == ASSAY_OK && (rc = store_begin(b->s, 1, &b->a->err)) == ASSAY_OK) {
        rc = api_attempt_insert(b, kb->id, spec, &id);
        for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
            rc = api_response_put(b, id, (int)i + 1, &responses[i], NULL);
        if (rc == ASSAY_OK)
            rc = api_attempt_update(b, id, NULL, 1);
        if (rc == ASSAY_OK)
            rc = store_commit(b->s, &b->a->err);
        else
            store_rollback(b->s);
    }
    arena_free(&mem);
    if (rc == ASSAY_OK && id_out)
        *id_out = id;
    return rc;
}

void assay_response_init(assay_response *r)
{
    memset(r, 0, sizeof *r);
    r->struct_size = sizeof *r;
    r->type = ASSAY_Q_MCQ;
    r->choice = -1;
    r->key = -1;
    r->seconds = -1;
}

assay_code api_response_put(assay_bank *b, int64_t attempt, int seq, const assay_response *r,
                            int *duplicate)
{
    return api_response_put_graded(b, attempt, seq, r, NULL, duplicate);
}

assay_code api_response_put_graded(assay_bank *b, int64_t attempt, int seq,
                                   const assay_response *r_in, const char *grade_json,
                                   int *duplicate)
{
    errinfo *e = &b->a->err;
    int dup = 0;
    if (duplicate)
        *duplicate = 0;
    assay_response taken;
    assay_response_init(&taken);
    if (r_in && opts_take(e, &taken, sizeof taken, r_in, "assay_response") != ASSAY_OK)
        return ASSAY_EUSAGE;
    const assay_response *r = r_in ? &taken : NULL;
    if (!r || !r->item_id || seq < 1)
        return err_set(e, ASSAY_EUSAGE, "a response needs an item and a position from 1");
    if (!(r->score >= 0 && r->score <= 1))
        return err_set(e, ASSAY_EUSAGE, "a score is between 0 and 1");
    arena mem;
    arena_init(&mem, 0);
    store_item *rows = NULL;
    size_t n = 0;
    assay_code rc = store_item_find(b->s, r->item_id, 2, &mem, &rows, &n, e);
    if (rc == ASSAY_OK && (n != 1 || strcmp(rows[0].id, r->item_id) != 0))
        rc = err_set(e, ASSAY_ENOTFOUND, "no item with id '%s'", r->item_id);
    json_t *opts = NULL;
    char *opts_s = NULL;
    if (rc == ASSAY_OK && r->n_options) {
        opts = json_array();
        for (size_t i = 0; opts && i < r->n_options; i++)
            json_array_append_new(opts, json_string(r->options[i] ? r->options[i] : ""));
        if (!opts || !(opts_s = json_dumps(opts, JSON_COMPACT)))
            rc = err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    if (rc == ASSAY_OK) {
        store_response sr = {.attempt_id = attempt,
                             .seq = seq,
                             .item_id = rows[0].id,
                             .item_version = rows[0].version,
                             .qtype = (int)r->type,
                             .score = r->score,
                             .choice = r->choice,
                             .key = r->key,
                             .options_json = opts_s,
                             .answer = r->answer,
                             .request_id = r->request_id,
                             .seconds = r->seconds,
                             .at = (int64_t)time(NULL),
                             .grade_json = grade_json};
        rc = store_response_add(b->s, &sr, &dup, e);
    }
    if (duplicate)
        *duplicate = dup;
    free(opts_s);
    json_decref(opts);
    arena_free(&mem);
    return rc;
}

assay_code assay_attempt_respond(assay_bank *b, int64_t attempt, int seq, const assay_response *r,
                                 int *duplicate)
{
    api_enter(b->a);
    assay_code rc = store_begin(b->s, 1, &b->a->err);
    if (rc != ASSAY_OK)
        return rc;
    if ((rc = api_response_put(b, attempt, seq, r, duplicate)) != ASSAY_OK ||
        (rc = store_commit(b->s, &b->a->err)) != ASSAY_OK) {
        store_rollback(b->s);
        return rc;
    }
    return ASSAY_OK;
}

assay_code api_attempt_update(assay_bank *b, int64_t attempt, const char *state, int finished)
{
    arena mem;
    arena_init(&mem, 0);
    store_attempt *at = NULL;
    assay_code rc = store_attempt_get(b->s, attempt, &mem, &at, &b->a->err);
    if (rc == ASSAY_OK && !at)
        rc = err_set(&b->a->err, ASSAY_ENOTFOUND, "no attempt %lld", (long long)attempt);
    if (rc == ASSAY_OK) {
        if (state)
            at->state_json = state;
        at->finished = at->finished || finished;
        at->updated_at = (int64_t)time(NULL);
        rc = store_attempt_put(b->s, at, &b->a->err);
    }
    arena_free(&mem);
    return rc;
}

assay_code assay_attempt_finish(assay_bank *b, int64_t attempt)
{
    api_enter(b->a);
    assay_code rc = store_begin(b->s, 1, &b->a->err);
    if (rc != ASSAY_OK)
        return rc;
    if ((rc = api_attempt_update(b, attempt, NULL, 1)) != ASSAY_OK ||
        (rc = store_commit(b->s, &b->a->err)) != ASSAY_OK) {
        store_rollback(b->s);
        return rc;
    }
    return ASSAY_OK;
}

/* ---- stored responses as persons × items ----------------------------------- */

typedef struct resp_set {
    arena mem;
    store_kb *kb;
    store_item *items; /* every item of the kb, retired too, in document order */
    size_t n_items;
    uint32_t *by_id; /* item indexes sorted by id */
    store_topic *topics;
    size_t n_topics;
    int n_levels;
    store_response *rows;
    size_t n_rows;
    /* attempts as persons */
    size_t n_persons;
    size_t *start;
    irt_resp *resp;
    size_t *row; /* the stored row of each response */
    size_t simulated, adaptive;
    size_t marked; /* responses whose assessor's mark was used */
} resp_set;

static const store_item *sort_items;

static int cmp_item_idx(const void *x, const void *y)
{
    return strcmp(sort_items[*(const uint32_t *)x].id, sort_items[*(const uint32_t *)y].id);
}

static long item_index(const resp_set *rs, const char *id)
{
    size_t lo = 0, hi = rs->n_items;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(rs->items[rs->by_id[mid]].id, id);
        if (c == 0)
            return rs->by_id[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static const char *topic_title(const resp_set *rs, int64_t id)
{
    for (size_t t = 0; t < rs->n_topics; t++)
        if (rs->topics[t].id == id)
            return rs->topics[t].title;
    return "";
}

/* A stored response is read back like outside input: a value that no write
 * could have stored is damage, reported as a storage error naming the row. */
static assay_code check_stored_response(errinfo *e, const store_response *x)
{
    const char *what = NULL;
    char buf[96];
    if (!(x->score >= 0 && x->score <= 1)) {
        snprintf(buf, sizeof buf, "score %g is not between 0 and 1", x->score);
        what = buf;
    } else if (x->mark != -1 && !(x->mark >= 0 && x->mark <= 1)) {
        snprintf(buf, sizeof buf, "mark %g is not between 0 and 1", x->mark);
        what = buf;
    } else if (x->seq < 1) {
        snprintf(buf, sizeof buf, "position %d is not from 1", x->seq);
        what = buf;
    } else if (x->qtype < 1 || x->qtype > ASSAY_Q_SCENARIO || (x->qtype & (x->qtype - 1)) != 0) {
        snprintf(buf, sizeof buf, "question type %d is unknown", x->qtype);
        what = buf;
    } else if (x->choice < -1 || x->key < -1) {
        snprintf(buf, sizeof buf, "option %d (key %d) is not an option", x->choice, x->key);
        what = buf;
    }
    if (!what)
        return ASSAY_OK;
    return err_set(e, ASSAY_ESTORAGE,
                   "the bank is damaged: table response, attempt %lld, position %d: %s",
                   (long long)x->attempt_id, x->seq, what);
}

/* Loads the kb's items and every response (simulated ones unless real_only). */
/* 1 when `person` is one of users[0..n) (n == 0: everyone is). */
static int among(const char *person, const char *const *users, size_t n)
{
    if (n == 0)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (users[i] && strcmp(users[i], person ? person : "") == 0)
            return 1;
    return 0;
}

static assay_code load_responses_of(assay_bank *b, const char *kb, int real_only,
                                    const char *const *users, size_t n_users, resp_set *rs);

static assay_code load_responses(assay_bank *b, const char *kb, int real_only, resp_set *rs)
{
    return load_responses_of(b, kb, real_only, NULL, 0, rs);
}

/* Same, only the attempts of `users` (n_users 0: everyone's). */
static assay_code load_responses_of(assay_bank *b, const char *kb, int real_only,
                                    const char *const *users, size_t n_users, resp_set *rs)
{
    errinfo *e = &b->a->err;
    memset(rs, 0, sizeof *rs);
    arena_init(&rs->mem, 0);
    assay_code rc = api_pick_kb(b, &rs->mem, kb, &rs->kb);
    if (rc != ASSAY_OK)
        return rc;
    store_item_filter f = {.kb_id = rs->kb->id, .include_retired = 1};
    if ((rc = store_item_list(b->s, &f, &rs->mem, &rs->items, &rs->n_items, e)) != ASSAY_OK ||
        (rc = store_topic_list(b->s, rs->kb->id, &rs->mem, &rs->topics, &rs->n_topics, e)) !=
            ASSAY_OK ||
        (rc = store_response_list(b->s, rs->kb->id, &rs->mem, &rs->rows, &rs->n_rows, e)) !=
            ASSAY_OK)
        return rc;
    rs->by_id = arena_alloc(&rs->mem, (rs->n_items + 1) * sizeof *rs->by_id);
    rs->start = arena_alloc(&rs->mem, (rs->n_rows + 2) * sizeof *rs->start);
    rs->resp = arena_alloc(&rs->mem, (rs->n_rows + 1) * sizeof *rs->resp);
    rs->row = arena_alloc(&rs->mem, (rs->n_rows + 1) * sizeof *rs->row);
    if (!rs->by_id || !rs->start || !rs->resp || !rs->row)
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; i < rs->n_items; i++) {
        rs->by_id[i] = (uint32_t)i;
        if (rs->items[i].level > rs->n_levels)
            rs->n_levels = rs->items[i].level;
    }
    sort_items = rs->items;
    sort_array(rs->by_id, rs->n_items, sizeof *rs->by_id, cmp_item_idx);
    size_t nr = 0;
    int64_t cur = -1;
    for (size_t r = 0; r < rs->n_rows; r++) {
        const store_response *x = &rs->rows[r];
        if ((rc = check_stored_response(e, x)) != ASSAY_OK)
            return rc;
        if ((real_only && x->simulated) || !among(x->person, users, n_users))
            continue;
        long i = item_index(rs, x->item_id);
        if (i < 0)
            continue; /* an item of another knowledge base */
        if (x->attempt_id != cur) {
            cur = x->attempt_id;
            rs->start[rs->n_persons++] = nr;
            rs->simulated += x->simulated != 0;
            rs->adaptive += x->attempt_kind == STORE_ATTEMPT_ASSESSMENT;
        }
        /* an assessor's mark, where there is one, stands for the automatic score */
        rs->resp[nr] = (irt_resp){(uint32_t)i, (float)(x->mark >= 0 ? x->mark : x->score)};
        rs->marked += x->mark >= 0;
        rs->row[nr] = r;
        nr++;
    }
    rs->start[rs->n_persons] = nr;
    return ASSAY_OK;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- calibration ---------------------------------------------------------------- */

void assay_calib_opts_init(assay_calib_opts *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->model = ASSAY_MODEL_2PL;
    o->tol = 1e-5;
    o->max_cycles = 2000;
    o->quad_points = 61;
}

static irt_calib_opts engine_opts(const assay_calib_opts *o)
{
    irt_calib_opts c;
    irt_calib_opts_init(&c);
    c.model = o->model == ASSAY_MODEL_RASCH ? IRT_RASCH : IRT_2PL;
    if (o->tol > 0)
        c.tol = o->tol;
    if (o->max_cycles > 0)
        c.max_cycles = o->max_cycles;
    if (o->quad_points >= 9 && o->quad_points <= IRT_MAX_QUAD)
        c.n_quad = o->quad_points;
    c.progress = o->progress;
    c.ud = o->userdata;
    return c;
}

static assay_code check_calib_opts(assay *a, const assay_calib_opts *o)
{
    if (o->model != ASSAY_MODEL_RASCH && o->model != ASSAY_MODEL_2PL)
        return err_set(&a->err, ASSAY_EUSAGE, "the model is rasch or 2pl");
    if (o->quad_points && (o->quad_points < 9 || o->quad_points > IRT_MAX_QUAD))
        return err_set(&a->err, ASSAY_EUSAGE, "quadrature takes 9 to %d nodes", IRT_MAX_QUAD);
    if (o->tol < 0 || o->tol > 0.1)
        return err_set(&a->err, ASSAY_EUSAGE, "the tolerance is between 0 and 0.1");
    return ASSAY_OK;
}

static json_t *run_json(const irt_calib_result *r, const irt_calib_opts *c, double secs)
{
    json_t *j = json_pack("{s:s, s:i, s:b, s:o, s:o, s:o, s:o, s:i, s:o}", "model",
                          irt_model_name(c->model), "cycles", r->cycles, "converged", r->converged,
                          "loglik", num(r->loglik), "logprior", num(r->logprior), "max_change",
                          num(r->max_change), "tol", num(c->tol), "quad_points", c->n_quad,
                          "seconds", num(secs));
    if (j && c->model == IRT_RASCH) {
        json_object_set_new(j, "slope", num(r->slope));
        json_object_set_new(j, "latent_variance", num(r->slope * r->slope));
    }
    if (j && r->stopped)
        json_object_set_new(j, "stopped", json_true());
    return j;
}

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_FLAGS) : NULL;
    json_decref(j);
    return s;
}

/* A fitted item whose parameters are not finite, or whose slope is 0 (b =
 * -d/a undefined), is a degenerate fit: bad input, with its reason. */
static assay_code check_fit(errinfo *e, const char *item, double a, double d, const char *hint)
{
    const char *why = !isfinite(a) || !isfinite(d) ? "parameters that are not finite numbers"
                      : fabs(a) < MIN_ABS_SLOPE    ? "a slope of 0, so its difficulty b = -d/a "
                                                     "is undefined"
                      : !isfinite(d / a)           ? "a difficulty that is not a finite number"
                                                   : NULL;
    if (!why)
        return ASSAY_OK;
    return err_set(e, ASSAY_EINPUT,
                   "the fit is degenerate: item '%s' gets %s (the answers do not show the "
                   "ability it would measure: too few rows, or answers unrelated to the other "
                   "items)%s",
                   item, why, hint);
}

assay_code assay_calibrate(assay_bank *b, const char *kb, const assay_calib_opts *o_in, char **json)
{
    assay *a = b->a;
    api_enter(a);
    *json = NULL;
    assay_calib_opts o;
    assay_calib_opts_init(&o);
    if (opts_take(&a->err, &o, sizeof o, o_in, "assay_calib_opts") != ASSAY_OK)
        return ASSAY_EUSAGE;
    assay_code rc = check_calib_opts(a, &o);
    if (rc != ASSAY_OK)
        return rc;
    resp_set rs;
    if ((rc = load_responses(b, kb, o.real_only, &rs)) != ASSAY_OK) {
        arena_free(&rs.mem);
        return rc;
    }
    size_t I = rs.n_items, R = rs.start[rs.n_persons];
    if (R == 0) {
        rc = err_set(&a->err, ASSAY_ENOTFOUND,
                     "no responses to calibrate on in '%s'%s (answers come from graded quizzes "
                     "recorded, assessments, or simulated ones)",
                     rs.kb->name, o.real_only && rs.n_rows ? " apart from simulated ones" : "");
        arena_free(&rs.mem);
        return rc;
    }
    irt_prior *pr = malloc((I + 1) * sizeof *pr);
    double *pa = malloc((I + 1) * sizeof *pa), *pd = malloc((I + 1) * sizeof *pd),
           *pn = malloc((I + 1) * sizeof *pn);
    store_param *params = malloc((I + 1) * sizeof *params);
    json_t *items = json_array(), *warnings = json_array(), *report = NULL;
    if (!pr || !pa || !pd || !pn || !params || !items || !warnings) {
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < I; i++)
        pr[i] = (irt_prior){.d_mean = -irt_level_b(rs.items[i].level, rs.n_levels),
                            .d_sd = PRIOR_D_SD,
                            .loga_mean = 0,
                            .loga_sd = PRIOR_LOGA_SD};
    irt_data dt = {rs.n_persons, I, rs.start, rs.resp, NULL};
    irt_calib_opts c = engine_opts(&o);
    c.priors = pr;
    irt_calib_result res;
    double t0 = now_seconds();
    int crc = irt_calibrate(&dt, &c, pa, pd, pn, &res);
    double secs = now_seconds() - t0;
    if (crc < 0) {
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory calibrating");
        goto out;
    }
    size_t n_params = 0, few = 0;
    for (size_t i = 0; i < I; i++) {
        const store_item *it = &rs.items[i];
        if ((rc = check_fit(&a->err, it->id, pa[i], pd[i], "")) != ASSAY_OK)
            goto out;
        int keep = pn[i] >= MIN_CALIB_ANSWERS;
        if (keep)
            params[n_params++] =
                (store_param){.item_id = it->id, .a = pa[i], .d = pd[i], .n = pn[i]};
        else
            few += pn[i] > 0;
        json_t *row = json_pack("{s:s, s:s, s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:b}", "item",
                                it->id, "topic", topic_title(&rs, it->topic_id), "level",
                                it->level ? json_integer(it->level) : json_null(), "kind",
                                kb_kind_name((kb_kind)it->kind), "active", it->active, "a",
                                num(pa[i]), "d", num(pd[i]), "b", num(-pd[i] / pa[i]), "prior_b",
                                num(-pr[i].d_mean), "n", num(pn[i]), "stored", keep);
        if (!row || json_array_append_new(items, row) != 0) {
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (few) {
        char msg[240];
        snprintf(msg, sizeof msg,
                 "%zu answered item%s ha%s fewer than %d answers: %s parameters are not stored "
                 "(%s keep%s the level's prior)",
                 few, few == 1 ? "" : "s", few == 1 ? "s" : "ve", MIN_CALIB_ANSWERS,
                 few == 1 ? "its" : "their", few == 1 ? "it" : "they", few == 1 ? "s" : "");
        json_array_append_new(warnings, json_string(msg));
    }
    if (res.stopped) {
        rc = err_set(&a->err, ASSAY_EUSAGE, "calibration interrupted; nothing stored");
        goto out;
    }
    char settings[160];
    snprintf(settings, sizeof settings,
             "{\"tol\":%g,\"quad_points\":%d,\"prior_d_sd\":%g,\"prior_loga_sd\":%g,"
             "\"real_only\":%s}",
             c.tol, c.n_quad, PRIOR_D_SD, PRIOR_LOGA_SD, o.real_only ? "true" : "false");
    store_calibration cal = {.kb_id = rs.kb->id,
                             .model = (int)c.model,
                             .persons = (int64_t)rs.n_persons,
                             .responses = (int64_t)R,
                             .cycles = res.cycles,
                             .converged = res.converged,
                             .loglik = res.loglik,
                             .logprior = res.logprior,
                             .settings_json = settings,
                             .at = (int64_t)time(NULL)};
    if ((rc = store_begin(b->s, 1, &a->err)) != ASSAY_OK)
        goto out;
    if ((rc = store_calibration_add(b->s, &cal, params, n_params, &a->err)) != ASSAY_OK ||
        (rc = store_commit(b->s, &a->err)) != ASSAY_OK) {
        store_rollback(b->s);
        goto out;
    }
    size_t with = 0;
    for (size_t i = 0; i < I; i++)
        with += pn[i] > 0;
    report = json_pack(
        "{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:i, s:o, s:{s:f, s:f, s:o}, s:o, s:o}",
        "kb", rs.kb->name, "source", "bank", "calibration", (json_int_t)cal.id, "persons",
        (json_int_t)rs.n_persons, "simulated_attempts", (json_int_t)rs.simulated, "responses",
        (json_int_t)R, "items", (json_int_t)I, "items_answered", (json_int_t)with, "items_stored",
        (json_int_t)n_params, "min_answers", MIN_CALIB_ANSWERS, "run", run_json(&res, &c, secs),
        "priors", "d_sd", PRIOR_D_SD, "loga_sd", PRIOR_LOGA_SD, "level_b", json_array(),
        "parameters", items, "warnings", warnings);
    items = warnings = NULL;
    if (report)
        json_object_set_new(report, "marked_responses", json_integer((json_int_t)rs.marked));
    if (report) {
        json_t *lb = json_object_get(json_object_get(report, "priors"), "level_b");
        for (int l = 1; l <= rs.n_levels; l++)
            json_array_append_new(lb, json_real(irt_level_b(l, rs.n_levels)));
    }
    if (!(*json = dump(report)))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    report = NULL;
out:
    json_decref(items);
    json_decref(warnings);
    free(pr);
    free(pa);
    free(pd);
    free(pn);
    free(params);
    arena_free(&rs.mem);
    return rc;
}

assay_code assay_calibrate_csv(assay *a, const char *path, const assay_calib_opts *o_in,
                               char **json)
{
    api_enter(a);
    *json = NULL;
    assay_calib_opts o;
    assay_calib_opts_init(&o);
    if (opts_take(&a->err, &o, sizeof o, o_in, "assay_calib_opts") != ASSAY_OK)
        return ASSAY_EUSAGE;
    assay_code rc = check_calib_opts(a, &o);
    if (rc != ASSAY_OK)
        return rc;
    char *data = NULL;
    size_t len = 0;
    rc = file_read(path, CSV_MAX_BYTES, "response table", "the limit is fixed", "", &data, &len,
                   &a->err);
    if (rc != ASSAY_OK)
        return rc;
    const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
    resp_table t;
    rc = resp_csv_parse(file, data, len, o.id_column, &t, &a->err);
    free(data);
    if (rc != ASSAY_OK)
        return rc;
    size_t I = t.n_items;
    irt_collapsed pats = {0};
    double *pa = malloc((I + 1) * sizeof *pa), *pd = malloc((I + 1) * sizeof *pd),
           *pn = calloc(I + 1, sizeof *pn), *sum = calloc(I + 1, sizeof *sum);
    irt_prior *pr = o.priors ? malloc((I + 1) * sizeof *pr) : NULL;
    json_t *items = json_array(), *warnings = json_array();
    if (!pa || !pd || !pn || !sum || (o.priors && !pr) || !items || !warnings) {
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t r = 0; r < t.n_resp; r++) {
        pn[t.resp[r].item]++;
        sum[t.resp[r].item] += t.resp[r].x;
    }
    for (size_t i = 0; i < I; i++) {
        long col = (long)i + 1 + (o.id_column ? 1 : 0);
        const char *why = pn[i] == 0        ? "has no answers"
                          : sum[i] == 0     ? "has only wrong answers"
                          : sum[i] == pn[i] ? "has only right answers"
                                            : NULL;
        if (!why)
            continue;
        if (!o.priors) {
            rc = err_set_at(&a->err, ASSAY_EINPUT, file, 1, col, -1,
                            "column %ld (item '%s') %s: maximum likelihood cannot place it; "
                            "drop the column or calibrate with priors",
                            col, t.items[i], why);
            err_param(&a->err, "priors");
            goto out;
        }
        char msg[300];
        snprintf(msg, sizeof msg, "column %ld (item '%s') %s; its estimate is the prior's", col,
                 t.items[i], why);
        json_array_append_new(warnings, json_string(msg));
    }
    for (size_t i = 0; pr && i < I; i++)
        pr[i] = (irt_prior){
            .d_mean = 0, .d_sd = CSV_PRIOR_D_SD, .loga_mean = 0, .loga_sd = PRIOR_LOGA_SD};
    irt_data dt = resp_table_data(&t);
    irt_calib_opts c = engine_opts(&o);
    c.priors = pr;
    irt_calib_result res;
    double t0 = now_seconds();
    /* EM costs per distinct response pattern, not per row */
    if (irt_collapse(&dt, &pats) != 0) {
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory calibrating");
        goto out;
    }
    LOG(&a->log, ASSAY_LOG_INFO, "%s: %zu persons give %zu distinct response patterns", file,
        t.n_persons, pats.data.n_persons);
    if (irt_calibrate(&pats.data, &c, pa, pd, pn, &res) < 0) {
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory calibrating");
        goto out;
    }
    double secs = now_seconds() - t0;
    for (size_t i = 0; i < I; i++) {
        if ((rc = check_fit(&a->err, t.items[i], pa[i], pd[i],
                            pr ? "; more rows are needed"
                               : "; more rows are needed, or calibrate with priors (--priors)")) !=
            ASSAY_OK)
            goto out;
        json_t *row = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "item", t.items[i], "a",
                                num(pa[i]), "d", num(pd[i]), "b", num(-pd[i] / pa[i]), "n",
                                num(pn[i]), "p", num(pn[i] > 0 ? sum[i] / pn[i] : 0.0));
        if (!row || json_array_append_new(items, row) != 0) {
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
            goto out;
        }
    }
    json_t *report = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "source",
                               "csv", "file", file, "persons", (json_int_t)t.n_persons, "patterns",
                               (json_int_t)pats.data.n_persons, "responses", (json_int_t)t.n_resp,
                               "items", (json_int_t)I, "run", run_json(&res, &c, secs), "priors",
                               pr ? json_pack("{s:f, s:f, s:f}", "d_mean", 0.0, "d_sd",
                                              CSV_PRIOR_D_SD, "loga_sd", PRIOR_LOGA_SD)
                                  : json_null(),
                               "parameters", items, "warnings", warnings);
    items = warnings = NULL;
    if (!(*json = dump(report)))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
out:
    json_decref(items);
    json_decref(warnings);
    free(pa);
    free(pd);
    free(pn);
    free(sum);
    free(pr);
    irt_collapsed_free(&pats);
    resp_table_free(&t);
    return rc;
}

/* ---- classical item analysis ------------------------------------------------------ */

void assay_analyze_opts_init(assay_analyze_opts *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
}

/* Choice counts per option text, for one item. */
typedef struct opt_count {
    const char *text;
    int key;
    double shown, chosen;
} opt_count;

typedef struct item_opts {
    opt_count *o;
    size_t n, cap;
} item_opts;

static int count_options(arena *mem, item_opts *io, const store_response *r)
{
    json_error_t err;
    json_t *arr = json_loads(r->options_json, 0, &err);
    size_t k;
    json_t *v;
    int rc = 0;
    json_array_foreach(arr, k, v)
    {
        const char *text = json_string_value(v);
        if (!text)
            continue;
        opt_count *c = NULL;
        for (size_t j = 0; j < io->n; j++)
            if (strcmp(io->o[j].text, text) == 0)
                c = &io->o[j];
        if (!c) {
            if (!(c = arena_push(mem, (void **)&io->o, &io->n, &io->cap, sizeof *c)) ||
                !(c->text = arena_strdup(mem, text))) {
                rc = -1;
                break;
            }
        }
        c->shown++;
        c->chosen += (int)k == r->choice;
        c->key |= (int)k == r->key;
    }
    json_decref(arr);
    return rc;
}

static json_t *flag_names(unsigned f, int weak_distractor)
{
    json_t *a = json_array();
    if (f & CL_NEGATIVE_DI)
        json_array_append_new(a, json_string("negative_discrimination"));
    if (f & CL_TOO_EASY_F)
        json_array_append_new(a, json_string("too_easy"));
    if (f & CL_TOO_HARD_F)
        json_array_append_new(a, json_string("too_hard"));
    if (f & CL_DUBIOUS)
        json_array_append_new(a, json_string("dubious_efficiency"));
    if (f & CL_FEW)
        json_array_append_new(a, json_string("few_answers"));
    if (weak_distractor)
        json_array_append_new(a, json_string("non_functioning_distractor"));
    return a;
}

static int cmp_str_ptr(const void *x, const void *y)
{
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    return strcmp(a ? a : "", b ? b : "");
}

assay_code assay_analyze(assay_bank *b, const char *kb, const assay_analyze_opts *o_in, char **json)
{
    assay *a = b->a;
    api_enter(a);
    *json = NULL;
    assay_analyze_opts o;
    assay_analyze_opts_init(&o);
    if (opts_take(&a->err, &o, sizeof o, o_in, "assay_analyze_opts") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (o.n_users && !o.users)
        return err_set_param(&a->err, ASSAY_EUSAGE, "users", "n_users without users");
    resp_set rs;
    assay_code rc = load_responses_of(b, kb, o.real_only, o.users, o.n_users, &rs);
    if (rc != ASSAY_OK) {
        arena_free(&rs.mem);
        return rc;
    }
    size_t I = rs.n_items, P = rs.n_persons, R = rs.start[P];
    /* fixed-form attempts only: totals of adaptive attempts are not comparable */
    size_t *fstart = arena_alloc(&rs.mem, (P + 2) * sizeof *fstart);
    irt_resp *fresp = arena_alloc(&rs.mem, (R + 1) * sizeof *fresp);
    size_t *frow = arena_alloc(&rs.mem, (R + 1) * sizeof *frow);
    double *adaptive_n = arena_alloc(&rs.mem, (I + 1) * sizeof *adaptive_n);
    double *guess = arena_alloc(&rs.mem, (I + 1) * sizeof *guess);
    double *guess_n = arena_alloc(&rs.mem, (I + 1) * sizeof *guess_n);
    item_opts *opts = arena_alloc(&rs.mem, (I + 1) * sizeof *opts);
    cl_item *st = arena_alloc(&rs.mem, (I + 1) * sizeof *st);
    const char **forms = arena_alloc(&rs.mem, (P + 1) * sizeof *forms);
    json_t *items = json_array(), *jforms = json_array(), *report = NULL;
    if (!fstart || !fresp || !frow || !adaptive_n || !guess || !guess_n || !opts || !st || !forms ||
        !items || !jforms) {
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    size_t fp = 0, fr = 0, nforms = 0;
    for (size_t p = 0; p < P; p++) {
        const store_response *first = &rs.rows[rs.row[rs.start[p]]];
        int adaptive = first->attempt_kind == STORE_ATTEMPT_ASSESSMENT;
        if (!adaptive) {
            fstart[fp++] = fr;
            if (first->form)
                forms[nforms++] = first->form;
        }
        for (size_t r = rs.start[p]; r < rs.start[p + 1]; r++) {
            const store_response *x = &rs.rows[rs.row[r]];
            size_t i = rs.resp[r].item;
            if (adaptive) {
                adaptive_n[i]++;
                continue;
            }
            fresp[fr] = rs.resp[r];
            frow[fr++] = rs.row[r];
            double g = x->qtype == ASSAY_Q_TF ? 0.5 : 0;
            if ((x->qtype == ASSAY_Q_MCQ || x->qtype == ASSAY_Q_SCENARIO) && x->options_json) {
                json_error_t err;
                json_t *arr = json_loads(x->options_json, 0, &err);
                size_t k = json_array_size(arr);
                json_decref(arr);
                if (k)
                    g = 1.0 / (double)k;
                if (x->choice >= 0 && count_options(&rs.mem, &opts[i], x) != 0) {
                    rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
                    goto out;
                }
            }
            guess[i] += g;
            guess_n[i]++;
        }
    }
    fstart[fp] = fr;
    for (size_t i = 0; i < I; i++)
        guess[i] = guess_n[i] > 0 ? guess[i] / guess_n[i] : 0;
    irt_data fd = {fp, I, fstart, fresp, NULL};
    if (cl_items(&fd, guess, st) != 0) {
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    size_t flagged = 0;
    for (size_t i = 0; i < I; i++) {
        if (st[i].n <= 0 && adaptive_n[i] <= 0)
            continue;
        const store_item *it = &rs.items[i];
        json_t *jo = json_array();
        int weak = 0;
        for (size_t k = 0; k < opts[i].n; k++) {
            const opt_count *c = &opts[i].o[k];
            double rate = c->shown > 0 ? c->chosen / c->shown : 0;
            int nf = !c->key && st[i].n >= CL_MIN_FLAGGING && rate < CL_DISTRACTOR;
            weak |= nf;
            json_array_append_new(jo, json_pack("{s:s, s:b, s:o, s:o, s:o, s:b}", "text", c->text,
                                                "key", c->key, "shown", num(c->shown), "chosen",
                                                num(c->chosen), "rate", num(rate),
                                                "non_functioning", nf));
        }
        unsigned f = st[i].flags;
        flagged += (f & ~(unsigned)CL_FEW) != 0 || weak;
        json_t *row = json_pack(
            "{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
            "item", it->id, "question", it->question ? it->question : "", "topic",
            topic_title(&rs, it->topic_id), "level",
            it->level ? json_integer(it->level) : json_null(), "kind",
            kb_kind_name((kb_kind)it->kind), "n", num(st[i].n), "adaptive_n", num(adaptive_n[i]),
            "facility", st[i].n > 0 ? num(st[i].facility) : json_null(), "sd",
            st[i].n > 1 ? num(st[i].sd) : json_null(), "discrimination_index", num(st[i].di),
            "discriminative_efficiency", num(st[i].de), "r_total", num(st[i].r_total), "r_rest",
            num(st[i].r_rest), "random_guess", num(guess[i]), "flags", flag_names(f, weak),
            "options", jo);
        if (!row || json_array_append_new(items, row) != 0) {
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
            goto out;
        }
    }
    /* forms: fixed-form attempts grouped by their quiz fingerprint */
    sort_array(forms, nforms, sizeof *forms, cmp_str_ptr);
    for (size_t f = 0; f < nforms;) {
        size_t g = f;
        while (g < nforms && strcmp(forms[g], forms[f]) == 0)
            g++;
        /* the attempts of this form */
        size_t n = 0, w = 0;
        size_t *s2 = arena_alloc(&rs.mem, (g - f + 2) * sizeof *s2);
        irt_resp *r2 = arena_alloc(&rs.mem, (fr + 1) * sizeof *r2);
        if (!s2 || !r2) {
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t p = 0; p < fp; p++) {
            if (fstart[p] == fstart[p + 1])
                continue;
            const char *pf = rs.rows[frow[fstart[p]]].form;
            if (!pf || strcmp(pf, forms[f]) != 0)
                continue;
            s2[n++] = w;
            for (size_t r = fstart[p]; r < fstart[p + 1]; r++)
                r2[w++] = fresp[r];
        }
        s2[n] = w;
        if (n >= 2) {
            irt_data d2 = {n, I, s2, r2, NULL};
            cl_test t;
            cl_form(&d2, &t);
            t.items = n ? (s2[1] - s2[0]) : 0;
            json_t *row = json_pack("{s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "form", forms[f],
                                    "attempts", (json_int_t)n, "questions", (json_int_t)t.items,
                                    "mean", num(t.mean), "sd", num(t.sd), "alpha", num(t.alpha),
                                    "error_ratio", num(t.er), "se", num(t.se));
            if (!row || json_array_append_new(jforms, row) != 0) {
                rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
                goto out;
            }
        }
        f = g;
    }
    report =
        json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:{s:f, s:f, s:f, s:f, s:i}}",
                  "kb", rs.kb->name, "attempts", (json_int_t)P, "quiz_attempts", (json_int_t)fp,
                  "adaptive_attempts", (json_int_t)rs.adaptive, "simulated_attempts",
                  (json_int_t)rs.simulated, "responses", (json_int_t)R, "flagged_items",
                  (json_int_t)flagged, "items", items, "forms", jforms, "thresholds", "too_easy",
                  CL_TOO_EASY, "too_hard", CL_TOO_HARD, "dubious_efficiency", CL_DUBIOUS_DE,
                  "non_functioning_distractor", CL_DISTRACTOR, "min_answers", CL_MIN_FLAGGING);
    items = jforms = NULL;
    if (report)
        json_object_set_new(report, "marked_responses", json_integer((json_int_t)rs.marked));
    if (!(*json = dump(report)))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
out:
    json_decref(items);
    json_decref(jforms);
    arena_free(&rs.mem);
    return rc;
}
