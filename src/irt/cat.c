/* irt/cat — adaptive selection, per-topic estimates, stopping. */
#include "irt/cat.h"

#include "core/rng.h"

#include <stdlib.h>
#include <string.h>

void cat_config_init(cat_config *c, int n_levels)
{
    memset(c, 0, sizeof *c);
    c->max_items = 40;
    c->min_per_topic = 2;
    c->max_per_topic = 0;
    c->randomesque = 3;
    c->rule = CAT_GLR;
    c->alpha = 0.1;
    c->beta = 0.1;
    c->delta = 0.25;
    c->se_stop = 0.3;
    c->tau = 0.5;
    if (n_levels > CAT_MAX_CUTS + 1)
        n_levels = CAT_MAX_CUTS + 1;
    c->n_cuts = n_levels > 1 ? n_levels - 1 : 0;
    irt_default_cuts(n_levels, c->cuts);
    c->select_at = CAT_EST_MAP;
    c->alloc = CAT_ALLOC_GAIN;
    c->grid_n = 121;
    c->grid_lim = 6;
    c->seed = 1;
}

const char *cat_config_check(const cat_config *c)
{
    if (c->max_items == 0)
        return "the maximum length must be at least 1";
    if (c->randomesque < 1)
        return "randomesque must choose among at least 1 item";
    if (!(c->alpha > 0 && c->alpha < 0.5) || !(c->beta > 0 && c->beta < 0.5))
        return "error rates must be between 0 and 0.5";
    if (!(c->delta >= 0 && c->delta < 5))
        return "the indifference region must be between 0 and 5";
    if (!(c->se_stop >= 0) || !(c->tau >= 0 && c->tau <= 5))
        return "the SE threshold must be >= 0 and tau between 0 and 5";
    if (c->n_cuts < 0 || c->n_cuts > CAT_MAX_CUTS)
        return "too many cut points";
    for (int i = 0; i < c->n_cuts; i++) {
        if (!(c->cuts[i] > -6 && c->cuts[i] < 6))
            return "cut points must lie between -6 and 6";
        if (i > 0 && !(c->cuts[i] > c->cuts[i - 1]))
            return "cut points must increase";
    }
    if (c->grid_n < 9 || c->grid_n > IRT_MAX_QUAD || !(c->grid_lim >= 2 && c->grid_lim <= 10))
        return "the grid needs 9 to 401 nodes over [-lim, lim] with lim 2 to 10";
    return NULL;
}

const char *cat_status_name(cat_status s)
{
    static const char *const names[] = {"open", "classified", "precise", "capped", "exhausted"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *cat_end_name(cat_end e)
{
    static const char *const names[] = {"", "decided", "max_items", "no_items"};
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "?";
}

/* ---- estimates ------------------------------------------------------------ */

/* The answers to topic t (every answer when t == SIZE_MAX) as observations. */
static size_t topic_obs(const cat *c, size_t t, irt_obs *o)
{
    size_t n = 0;
    for (size_t s = 0; s < c->n_steps; s++) {
        const cat_item *it = &c->items[c->steps[s].item];
        if (t != SIZE_MAX && it->topic != t)
            continue;
        o[n].a = it->a;
        o[n].d = it->d;
        o[n].x = c->steps[s].score;
        n++;
    }
    return n;
}

/* Posterior on the nodes from log-likelihoods ll and a N(mean, sd²) prior;
 * fills e's EAP, PSD and level probabilities. */
static void grid_posterior(cat *c, const double *ll, double mean, double sd, cat_est *e)
{
    int G = c->cfg.grid_n;
    double mx = -INFINITY;
    for (int k = 0; k < G; k++) {
        double z = (c->x[k] - mean) / sd;
        c->post[k] = ll[k] - 0.5 * z * z;
        if (c->post[k] > mx)
            mx = c->post[k];
    }
    double sum = 0;
    for (int k = 0; k < G; k++) {
        c->post[k] = exp(c->post[k] - mx);
        sum += c->post[k];
    }
    for (int k = 0; k < G; k++)
        c->post[k] /= sum;
    irt_moments(c->x, c->post, G, &e->eap, &e->psd);
    irt_level_probs(c->x, c->post, G, c->cfg.cuts, c->cfg.n_cuts, e->probs);
    e->level = 1;
    for (int l = 1; l <= c->cfg.n_cuts; l++)
        if (e->probs[l] > e->probs[e->level - 1])
            e->level = l + 1;
    e->prior_mean = mean;
    e->prior_sd = sd;
}

/* Decides the cuts of a topic by the classification rule on its posterior. */
static void classify(const cat *c, const irt_obs *o, size_t n, cat_est *e)
{
    const cat_config *g = &c->cfg;
    double upper = log((1 - g->beta) / g->alpha), lower = log(g->beta / (1 - g->alpha));
    for (int k = 0; k < g->n_cuts; k++) {
        double hi = g->cuts[k] + g->delta, lo = g->cuts[k] - g->delta;
        if (g->rule == CAT_GLR) { /* the log-posterior is concave: maximise by clamping */
            hi = e->map > hi ? e->map : hi;
            lo = e->map < lo ? e->map : lo;
        }
        double lr = irt_logpost(o, n, e->prior_mean, e->prior_sd, hi) -
                    irt_logpost(o, n, e->prior_mean, e->prior_sd, lo);
        e->side[k] = lr >= upper ? 1 : lr <= lower ? -1 : 0;
    }
}

/* Recomputes every estimate from the answers (cheap: a few topics × nodes). */
static void update(cat *c)
{
    int G = c->cfg.grid_n;
    size_t T = c->n_topics;
    /* overall: every answer under N(0, 1) */
    double *all = c->other;
    for (int k = 0; k < G; k++) {
        all[k] = 0;
        for (size_t t = 0; t < T; t++)
            all[k] += c->tll[t * (size_t)G + (size_t)k];
    }
    size_t n = topic_obs(c, SIZE_MAX, c->obs);
    grid_posterior(c, all, 0, 1, &c->overall);
    irt_map(c->obs, n, 0, 1, &c->overall.map, &c->overall.se);
    c->overall.answered = n;

    size_t proto = SIZE_MAX; /* topics without answers all have the same estimates */
    for (size_t t = 0; t < T; t++) {
        cat_est *e = &c->topics[t];
        const double *tl = c->tll + t * (size_t)G;
        if (e->answered == 0 && proto != SIZE_MAX) {
            const cat_est *p = &c->topics[proto];
            cat_status st = e->status;
            *e = *p;
            e->status = st;
            memcpy(c->tpost + t * (size_t)G, c->tpost + proto * (size_t)G,
                   (size_t)G * sizeof *c->tpost);
            goto decide;
        }
        if (e->answered == 0)
            proto = t;
        /* the others' evidence about θ: everything but this topic */
        double m = 0, s = 1;
        if (n > e->answered) {
            double *rest = c->post; /* reused below by grid_posterior, after this */
            double mx = -INFINITY;
            for (int k = 0; k < G; k++) {
                rest[k] = all[k] - tl[k] - 0.5 * c->x[k] * c->x[k];
                if (rest[k] > mx)
                    mx = rest[k];
            }
            double sum = 0;
            for (int k = 0; k < G; k++) {
                rest[k] = exp(rest[k] - mx);
                sum += rest[k];
            }
            for (int k = 0; k < G; k++)
                rest[k] /= sum;
            irt_moments(c->x, rest, G, &m, &s);
        }
        double sd = sqrt(s * s + c->cfg.tau * c->cfg.tau);
        if (sd < 1e-3)
            sd = 1e-3;
        grid_posterior(c, tl, m, sd, e);
        memcpy(c->tpost + t * (size_t)G, c->post, (size_t)G * sizeof *c->post);
        size_t nt = topic_obs(c, t, c->obs);
        irt_map(c->obs, nt, m, sd, &e->map, &e->se);
        if (e->status == CAT_OPEN && c->cfg.n_cuts > 0)
            classify(c, c->obs, nt, e);
    decide:
        if (e->status != CAT_OPEN)
            continue; /* decisions are final */
        if (e->answered < c->cfg.min_per_topic && c->left[t] > 0)
            continue;
        int all_sides = c->cfg.n_cuts > 0;
        for (int k = 0; k < c->cfg.n_cuts; k++)
            all_sides &= e->side[k] != 0;
        if (all_sides)
            e->status = CAT_CLASSIFIED;
        else if (c->cfg.se_stop > 0 && e->psd <= c->cfg.se_stop)
            e->status = CAT_PRECISE;
        else if (c->cfg.max_per_topic && e->answered >= c->cfg.max_per_topic)
            e->status = CAT_CAPPED;
        else if (c->left[t] == 0)
            e->status = CAT_EXHAUSTED;
    }
}

/* ---- life cycle -------------------------------------------------------------- */

int cat_init(cat *c, const cat_config *cfg, const cat_item *items, size_t n_items, size_t n_topics)
{
    memset(c, 0, sizeof *c);
    if (cat_config_check(cfg) || n_topics == 0)
        return 1;
    for (size_t i = 0; i < n_items; i++)
        if (items[i].topic >= n_topics)
            return 1;
    c->cfg = *cfg;
    c->items = items;
    c->n_items = n_items;
    c->n_topics = n_topics;
    int G = cfg->grid_n;
    for (int k = 0; k < G; k++)
        c->x[k] = -cfg->grid_lim + 2 * cfg->grid_lim * k / (G - 1);
    c->avail = malloc(n_items + 1);
    c->topics = calloc(n_topics, sizeof *c->topics);
    c->left = calloc(n_topics, sizeof *c->left);
    c->tll = calloc(n_topics * (size_t)G, sizeof *c->tll);
    c->post = malloc((size_t)G * sizeof *c->post);
    c->other = malloc((size_t)G * sizeof *c->other);
    c->tpost = malloc(n_topics * (size_t)G * sizeof *c->tpost);
    c->tstart = calloc(n_topics + 1, sizeof *c->tstart);
    c->titems = malloc((n_items + 1) * sizeof *c->titems);
    c->amax = calloc(n_topics, sizeof *c->amax);
    if (!c->avail || !c->topics || !c->left || !c->tll || !c->post || !c->other || !c->tpost ||
        !c->tstart || !c->titems || !c->amax) {
        cat_free(c);
        return -1;
    }
    memset(c->avail, 1, n_items);
    for (size_t i = 0; i < n_items; i++)
        c->left[items[i].topic]++;
    /* each topic's items, and its largest slope */
    for (size_t t = 0; t < n_topics; t++)
        c->tstart[t + 1] = c->tstart[t] + c->left[t];
    size_t *fill = calloc(n_topics + 1, sizeof *fill);
    if (!fill) {
        cat_free(c);
        return -1;
    }
    for (size_t i = 0; i < n_items; i++) {
        size_t t = items[i].topic;
        c->titems[c->tstart[t] + fill[t]++] = (uint32_t)i;
        if (items[i].a > c->amax[t])
            c->amax[t] = items[i].a;
    }
    free(fill);
    update(c);
    return 0;
}

void cat_free(cat *c)
{
    free(c->avail);
    free(c->steps);
    free(c->topics);
    free(c->left);
    free(c->tll);
    free(c->post);
    free(c->other);
    free(c->tpost);
    free(c->tstart);
    free(c->titems);
    free(c->amax);
    free(c->obs);
    memset(c, 0, sizeof *c);
}

void cat_exclude(cat *c, uint32_t item)
{
    if (item < c->n_items && c->avail[item]) {
        c->avail[item] = 0;
        size_t t = c->items[item].topic;
        c->left[t]--;
        if (c->left[t] == 0 && c->topics[t].status == CAT_OPEN)
            c->topics[t].status = CAT_EXHAUSTED;
    }
}

/* ---- selection ------------------------------------------------------------------ */

static double max_of(const double *p, int n)
{
    double m = 0;
    for (int l = 0; l < n; l++)
        if (p[l] > m)
            m = p[l];
    return m;
}

/*
 * The expected gain in the probability of placing topic t at its right level
 * from one more answer, to an item of slope a at the topic's estimate: a
 * one-step look-ahead on the topic's posterior (accuracy is the expected
 * largest level probability when the model holds).
 */
static double classification_gain(cat *c, size_t t, double a, double theta)
{
    int G = c->cfg.grid_n, L = c->cfg.n_cuts + 1;
    const double *post = c->tpost + t * (size_t)G;
    double *p1 = c->post, *p0 = c->other, s1 = 0, s0 = 0;
    for (int k = 0; k < G; k++) {
        double p = irt_p(a, -a * theta, c->x[k]);
        p1[k] = post[k] * p;
        p0[k] = post[k] * (1 - p);
        s1 += p1[k];
        s0 += p0[k];
    }
    if (s1 <= 0 || s0 <= 0)
        return 0;
    for (int k = 0; k < G; k++) {
        p1[k] /= s1;
        p0[k] /= s0;
    }
    double pr1[CAT_MAX_CUTS + 1], pr0[CAT_MAX_CUTS + 1];
    irt_level_probs(c->x, p1, G, c->cfg.cuts, c->cfg.n_cuts, pr1);
    irt_level_probs(c->x, p0, G, c->cfg.cuts, c->cfg.n_cuts, pr0);
    return s1 * max_of(pr1, L) + s0 * max_of(pr0, L) - max_of(c->topics[t].probs, L);
}

static double estimate(const cat *c, const cat_est *e)
{
    return c->cfg.select_at == CAT_EST_MAP ? e->map : e->eap;
}

/* The topic to ask about next, or SIZE_MAX when no open topic has items. */
static size_t next_topic(cat *c, rng *r)
{
    size_t best = SIZE_MAX, ties = 0;
    double best_key = 0;
    for (size_t t = 0; t < c->n_topics; t++) {
        const cat_est *e = &c->topics[t];
        if (e->status != CAT_OPEN || c->left[t] == 0)
            continue;
        /* Kingsbury & Zara: visit every topic, fewest answers first; then
         * (CAT_ALLOC_GAIN) where one more answer is expected to help most */
        double key = (double)e->answered;
        if (c->cfg.alloc == CAT_ALLOC_GAIN && e->answered >= 1 && c->cfg.n_cuts > 0)
            key = 2 - classification_gain(c, t, c->amax[t], estimate(c, e));
        if (best == SIZE_MAX || key < best_key) {
            best = t;
            best_key = key;
            ties = 1;
        } else if (key == best_key && rng_below(r, (uint32_t)++ties) == 0) {
            best = t; /* reservoir choice among equals */
        }
    }
    return best;
}

long cat_next(cat *c)
{
    if (c->n_steps >= c->cfg.max_items) {
        c->end = CAT_END_MAX_ITEMS;
        return -1;
    }
    rng r;
    rng_seed(&r, c->cfg.seed, 0x100000 + c->n_steps);
    size_t t = next_topic(c, &r);
    if (t == SIZE_MAX) {
        int any_open = 0;
        for (size_t u = 0; u < c->n_topics; u++)
            any_open |= c->topics[u].status == CAT_OPEN;
        c->end = any_open ? CAT_END_NO_ITEMS : CAT_END_DECIDED;
        return -1;
    }
    /* randomesque: one of the k most informative items at the topic's estimate */
    double th = estimate(c, &c->topics[t]);
    enum { KMAX = 16 };
    int k = c->cfg.randomesque < KMAX ? c->cfg.randomesque : KMAX;
    long top[KMAX];
    double info[KMAX];
    int nt = 0;
    for (size_t j = c->tstart[t]; j < c->tstart[t + 1]; j++) {
        uint32_t i = c->titems[j];
        if (!c->avail[i])
            continue;
        double v = irt_info(c->items[i].a, c->items[i].d, th);
        if (nt == k && v <= info[nt - 1])
            continue;
        int m = nt < k ? nt++ : nt - 1;
        while (m > 0 && info[m - 1] < v) {
            top[m] = top[m - 1];
            info[m] = info[m - 1];
            m--;
        }
        top[m] = (long)i;
        info[m] = v;
    }
    if (nt == 0)
        return -1; /* cannot happen: left[t] > 0 */
    return top[nt == 1 ? 0 : rng_below(&r, (uint32_t)nt)];
}

static int record_one(cat *c, uint32_t item, double score);

int cat_record(cat *c, uint32_t item, double score)
{
    int rc = record_one(c, item, score);
    if (rc == 0)
        update(c);
    return rc;
}

int cat_record_many(cat *c, const cat_step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = record_one(c, steps[i].item, steps[i].score);
        if (rc != 0)
            return rc;
    }
    update(c);
    return 0;
}

static int record_one(cat *c, uint32_t item, double score)
{
    if (item >= c->n_items || !c->avail[item])
        return 1;
    if (c->n_steps == c->cap_steps) {
        size_t cap = c->cap_steps ? 2 * c->cap_steps : 32;
        cat_step *s = realloc(c->steps, cap * sizeof *s);
        irt_obs *o = realloc(c->obs, cap * sizeof *o);
        if (s)
            c->steps = s;
        if (o)
            c->obs = o;
        if (!s || !o)
            return -1;
        c->cap_steps = cap;
    }
    if (!(score >= 0))
        score = 0;
    if (score > 1)
        score = 1;
    c->steps[c->n_steps++] = (cat_step){item, score};
    c->avail[item] = 0;
    const cat_item *it = &c->items[item];
    c->left[it->topic]--;
    c->topics[it->topic].answered++;
    double *tl = c->tll + it->topic * (size_t)c->cfg.grid_n;
    for (int k = 0; k < c->cfg.grid_n; k++) {
        double lp, lq;
        irt_logpq(it->a, it->d, c->x[k], &lp, &lq);
        tl[k] += score * lp + (1 - score) * lq;
    }
    return 0;
}
