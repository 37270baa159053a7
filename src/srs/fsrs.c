/*
 * srs/fsrs — FSRS-6 as ts-fsrs 5.4.2 computes it (docs/internals/srs.md).
 *
 * Each function below mirrors one of ts-fsrs's (named in its comment), with
 * the same order of floating-point operations and the same roundings to 8
 * decimals, so that results agree to the last printed digit; JavaScript's
 * Math.round (ties toward +infinity) is js_round. A review builds all four
 * outcomes, as ts-fsrs's preview does, and picks one. Nothing here allocates
 * or does I/O; every input is checked before use.
 */
#include "srs/fsrs.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>

#define DAY_SECONDS     INT64_C(86400)
#define DAY_MINUTES     1440
#define W17_W18_CEILING 2.0 /* ts-fsrs W17_W18_Ceiling */
#define INIT_S_FLOOR    0.1 /* init_stability: max(w[G-1], 0.1) */

static const double default_w[FSRS_NW] = {0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                                          0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
                                          1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

/* The parameters as one review uses them: w clipped, decay and factor of the
 * forgetting curve, the interval modifier of the requested retention. */
typedef struct eff {
    const fsrs_params *p;
    double w[FSRS_NW];
    double decay, factor, modifier;
} eff;

/* ---- JavaScript arithmetic ----------------------------------------------- */

/* Math.round: the nearest integer, ties toward +infinity. */
static double js_round(double x)
{
    if (!(fabs(x) < 4503599627370496.0)) /* 2^52: already whole (or NaN) */
        return x;
    double r = floor(x);
    return x - r >= 0.5 ? r + 1.0 : r;
}

/* roundTo(num, 8) */
static double round8(double x)
{
    return js_round(x * 1e8) / 1e8;
}

/* clamp(value, min, max) = min(max(value, min), max), with Math's NaN rules
 * unneeded: every value here is finite. */
static double clampd(double x, double lo, double hi)
{
    double v = x > lo ? x : lo;
    return v < hi ? v : hi;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- parameters ------------------------------------------------------------ */

void fsrs_params_default(fsrs_params *p)
{
    *p = (fsrs_params){0};
    for (int i = 0; i < FSRS_NW; i++)
        p->w[i] = default_w[i];
    p->request_retention = 0.9;
    p->maximum_interval = FSRS_MAX_INTERVAL;
    p->enable_short_term = 1;
    p->n_learning_steps = 2;
    p->learning_steps[0] = 1;
    p->learning_steps[1] = 10;
    p->n_relearning_steps = 1;
    p->relearning_steps[0] = 10;
}

static int steps_ok(int n, const int *steps)
{
    if (n < 0 || n > FSRS_MAX_STEPS)
        return 0;
    for (int i = 0; i < n; i++)
        if (steps[i] < 0 || steps[i] > FSRS_STEP_MAX)
            return 0;
    return 1;
}

int fsrs_params_check(const fsrs_params *p)
{
    if (!p)
        return FSRS_EPARAMS;
    for (int i = 0; i < FSRS_NW; i++)
        if (!isfinite(p->w[i]))
            return FSRS_EPARAMS;
    if (!(p->request_retention > 0 && p->request_retention <= 1))
        return FSRS_EPARAMS;
    if (p->maximum_interval < 1 || p->maximum_interval > FSRS_MAX_INTERVAL)
        return FSRS_EPARAMS;
    if (p->enable_short_term != 0 && p->enable_short_term != 1)
        return FSRS_EPARAMS;
    if (!steps_ok(p->n_learning_steps, p->learning_steps) ||
        !steps_ok(p->n_relearning_steps, p->relearning_steps))
        return FSRS_EPARAMS;
    return FSRS_OK;
}

/* clipParameters: each w into ts-fsrs's CLAMP_PARAMETERS range; with more
 * than one relearning step, w17 and w18 are capped further so that the
 * short-term steps cannot raise stability past a lapse. */
static void clip_w(const fsrs_params *p, double w[FSRS_NW])
{
    static const double lo[FSRS_NW] = {
        FSRS_S_MIN, FSRS_S_MIN, FSRS_S_MIN, FSRS_S_MIN, 1, 0.001, 0.001, 0.001, 0, 0,  0.001,
        0.001,      0.001,      0.001,      0,          0, 1,     0,     0,     0, 0.1};
    static const double hi[FSRS_NW] = {100, 100,  100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5,
                                       5,   0.25, 0.9, 4,   1,  6, 0, 0,    0.8, 0.8};
    double ceiling = W17_W18_CEILING;
    if (p->n_relearning_steps > 1) {
        double w11 = clampd(p->w[11], lo[11], hi[11]);
        double w13 = clampd(p->w[13], lo[13], hi[13]);
        double w14 = clampd(p->w[14], lo[14], hi[14]);
        double value = -(log(w11) + log(pow(2, w13) - 1) + w14 * 0.3) / p->n_relearning_steps;
        ceiling = clampd(round8(sqrt(value > 0 ? value : 0)), 0.01, W17_W18_CEILING);
    }
    for (int i = 0; i < FSRS_NW; i++) {
        double l = lo[i], h = hi[i];
        if (i == 17 || i == 18)
            h = ceiling;
        if (i == 19 && p->enable_short_term)
            l = 0.01;
        w[i] = clampd(p->w[i], l, h);
    }
}

/* computeDecayFactor and calculate_interval_modifier. */
static int prepare(const fsrs_params *p, eff *e)
{
    int rc = fsrs_params_check(p);
    if (rc != FSRS_OK)
        return rc;
    e->p = p;
    clip_w(p, e->w);
    e->decay = -e->w[20];
    e->factor = round8(exp((1.0 / e->decay) * log(0.9)) - 1);
    e->modifier = round8((pow(p->request_retention, 1 / e->decay) - 1) / e->factor);
    return FSRS_OK;
}

/* ---- the memory model ------------------------------------------------------- */

/* forgetting_curve(t, S) = (1 + factor·t/S)^decay */
static double forgetting_curve(const eff *e, double t, double s)
{
    return round8(pow(1 + e->factor * t / s, e->decay));
}

/* init_stability */
static double init_stability(const eff *e, int g)
{
    double s = e->w[g - 1];
    return s > INIT_S_FLOOR ? s : INIT_S_FLOOR;
}

/* init_difficulty (not clamped: next_difficulty uses D0(Easy) as it is) */
static double init_difficulty(const eff *e, int g)
{
    return round8(e->w[4] - exp((g - 1) * e->w[5]) + 1);
}

/* next_difficulty: linear damping, then mean reversion towards D0(Easy) */
static double next_difficulty(const eff *e, double d, int g)
{
    double delta_d = -e->w[6] * (g - 3);
    double next_d = d + round8(delta_d * (10 - d) / 9);
    double mean = round8(e->w[7] * init_difficulty(e, FSRS_EASY) + (1 - e->w[7]) * next_d);
    return clampd(mean, FSRS_D_MIN, FSRS_D_MAX);
}

/* next_recall_stability */
static double recall_stability(const eff *e, double d, double s, double r, int g)
{
    const double *w = e->w;
    double hard_penalty = g == FSRS_HARD ? w[15] : 1;
    double easy_bound = g == FSRS_EASY ? w[16] : 1;
    return round8(clampd(s * (1 + exp(w[8]) * (11 - d) * pow(s, -w[9]) *
                                      (exp((1 - r) * w[10]) - 1) * hard_penalty * easy_bound),
                         FSRS_S_MIN, FSRS_S_MAX));
}

/* next_forget_stability */
static double forget_stability(const eff *e, double d, double s, double r)
{
    const double *w = e->w;
    return round8(clampd(w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * exp((1 - r) * w[14]),
                         FSRS_S_MIN, FSRS_S_MAX));
}

/* next_short_term_stability */
static double short_term_stability(const eff *e, double s, int g)
{
    const double *w = e->w;
    double sinc = pow(s, -w[19]) * exp(w[17] * (g - 3 + w[18]));
    if (g >= FSRS_HARD && sinc < 1)
        sinc = 1;
    return round8(clampd(s * sinc, FSRS_S_MIN, FSRS_S_MAX));
}

/* next_state: the memory after a review t days after the last one. */
static void next_state(const eff *e, double d, double s, int t, int g, double *nd, double *ns)
{
    if (d == 0 && s == 0) {
        *nd = clampd(init_difficulty(e, g), FSRS_D_MIN, FSRS_D_MAX);
        *ns = init_stability(e, g);
        return;
    }
    if (t == 0 && e->p->enable_short_term) {
        *ns = short_term_stability(e, s, g);
    } else {
        double r = forgetting_curve(e, t, s);
        if (g == FSRS_AGAIN) {
            double after_fail = forget_stability(e, d, s, r);
            double w17 = e->p->enable_short_term ? e->w[17] : 0;
            double w18 = e->p->enable_short_term ? e->w[18] : 0;
            *ns = clampd(round8(s / exp(w17 * w18)), FSRS_S_MIN, after_fail);
        } else {
            *ns = recall_stability(e, d, s, r, g);
        }
    }
    *nd = next_difficulty(e, d, g);
}

/* next_interval with fuzz off */
static int next_interval(const eff *e, double s)
{
    double ivl = js_round(s * e->modifier);
    if (ivl < 1)
        ivl = 1;
    if (ivl > e->p->maximum_interval)
        ivl = e->p->maximum_interval;
    return (int)ivl;
}

/* ---- the scheduler ------------------------------------------------------------ */

/* BasicLearningStepsStrategy + getLearningInfo: the minutes of the next step
 * for a grade (0 = none: the card graduates) and the step index it moves to. */
static void learning_info(const fsrs_params *p, int state, int cur, int g, int *minutes, int *next)
{
    const int *steps = p->learning_steps;
    int n = p->n_learning_steps;
    if (state == FSRS_RELEARNING || state == FSRS_REVIEW) {
        steps = p->relearning_steps;
        n = p->n_relearning_steps;
    }
    *minutes = 0;
    *next = 0;
    if (n == 0 || cur >= n)
        return;
    if (state == FSRS_REVIEW) {
        if (g == FSRS_AGAIN)
            *minutes = steps[cur];
        return;
    }
    if (g == FSRS_AGAIN) {
        *minutes = steps[0];
    } else if (g == FSRS_HARD) {
        double m = n == 1 ? js_round(steps[0] * 1.5) : js_round((steps[0] + steps[1]) / 2.0);
        *minutes = (int)m;
        *next = cur;
    } else if (g == FSRS_GOOD && cur + 1 < n && steps[cur + 1] != 0) {
        *minutes = steps[cur + 1];
        *next = cur + 1;
    }
}

/* applyLearningSteps: a step under a day keeps the card in to_state; a step of
 * a day or more, or none, makes it a Review card. */
static void apply_steps(const eff *e, const fsrs_card *cur, int g, int to_state, int64_t now,
                        fsrs_card *c)
{
    int minutes, next;
    learning_info(e->p, cur->state, cur->learning_step, g, &minutes, &next);
    if (minutes > 0 && minutes < DAY_MINUTES) {
        c->learning_step = next;
        c->scheduled_days = 0;
        c->state = to_state;
        c->due = now + (int64_t)minutes * 60;
        return;
    }
    c->state = FSRS_REVIEW;
    if (minutes >= DAY_MINUTES) {
        c->learning_step = next;
        c->due = now + (int64_t)minutes * 60;
        c->scheduled_days = minutes / DAY_MINUTES;
    } else {
        int ivl = next_interval(e, c->stability);
        c->learning_step = 0;
        c->scheduled_days = ivl;
        c->due = now + ivl * DAY_SECONDS;
    }
}

static void set_days(fsrs_card *c, int days, int64_t now)
{
    c->scheduled_days = days;
    c->due = now + days * DAY_SECONDS;
    c->state = FSRS_REVIEW;
    c->learning_step = 0;
}

/* The four outcomes (out[g - 1]) of a review of cur (already counted: reps,
 * last_review, elapsed_days set) at now. */
static void schedule(const eff *e, const fsrs_card *in, const fsrs_card *cur, int64_t now,
                     fsrs_card out[4])
{
    int t = cur->elapsed_days;
    for (int g = FSRS_AGAIN; g <= FSRS_EASY; g++) {
        out[g - 1] = *cur;
        next_state(e, cur->difficulty, cur->stability, t, g, &out[g - 1].difficulty,
                   &out[g - 1].stability);
    }
    fsrs_card *again = &out[0], *hard = &out[1], *good = &out[2], *easy = &out[3];
    if (e->p->enable_short_term) { /* BasicScheduler */
        if (in->state != FSRS_REVIEW) {
            int to = in->state == FSRS_NEW ? FSRS_LEARNING : in->state;
            for (int g = FSRS_AGAIN; g <= FSRS_EASY; g++)
                apply_steps(e, cur, g, to, now, &out[g - 1]);
            return;
        }
        int h = next_interval(e, hard->stability), gd = next_interval(e, good->stability);
        h = h < gd ? h : gd;
        gd = gd > h + 1 ? gd : h + 1;
        int ez = next_interval(e, easy->stability);
        ez = ez > gd + 1 ? ez : gd + 1;
        set_days(hard, h, now);
        set_days(good, gd, now);
        set_days(easy, ez, now);
        apply_steps(e, cur, FSRS_AGAIN, FSRS_RELEARNING, now, again);
        again->lapses++;
        return;
    }
    /* LongTermScheduler: every outcome is a Review card, again <= hard < good < easy. */
    int a = next_interval(e, again->stability), h = next_interval(e, hard->stability);
    int gd = next_interval(e, good->stability), ez = next_interval(e, easy->stability);
    a = a < h ? a : h;
    h = h > a + 1 ? h : a + 1;
    gd = gd > h + 1 ? gd : h + 1;
    ez = ez > gd + 1 ? ez : gd + 1;
    set_days(again, a, now);
    set_days(hard, h, now);
    set_days(good, gd, now);
    set_days(easy, ez, now);
    if (in->state != FSRS_NEW)
        again->lapses++;
}

/* ---- cards ---------------------------------------------------------------------- */

void fsrs_card_new(int64_t now, fsrs_card *c)
{
    *c = (fsrs_card){0};
    c->state = FSRS_NEW;
    c->due = now;
}

int fsrs_card_check(const fsrs_card *c)
{
    if (!c)
        return FSRS_ECARD;
    if (c->state < FSRS_NEW || c->state > FSRS_RELEARNING)
        return FSRS_ECARD;
    if (!isfinite(c->stability) || !isfinite(c->difficulty))
        return FSRS_ECARD;
    if (c->state == FSRS_NEW) {
        if (c->stability != 0 || c->difficulty != 0)
            return FSRS_ECARD;
    } else {
        if (!(c->stability >= FSRS_S_MIN && c->stability <= FSRS_S_MAX))
            return FSRS_ECARD;
        if (!(c->difficulty >= FSRS_D_MIN && c->difficulty <= FSRS_D_MAX))
            return FSRS_ECARD;
        if (c->last_review == 0) /* a reviewed card knows when */
            return FSRS_ECARD;
    }
    if (c->due < 0 || c->due > FSRS_DUE_MAX)
        return FSRS_ECARD;
    if (c->last_review != 0 && (c->last_review < FSRS_TIME_MIN || c->last_review > FSRS_TIME_MAX))
        return FSRS_ECARD;
    if (c->reps < 0 || c->reps >= INT_MAX || c->lapses < 0 || c->lapses >= INT_MAX)
        return FSRS_ECARD;
    if (c->learning_step < 0 || c->learning_step >= INT_MAX || c->elapsed_days < 0 ||
        c->elapsed_days >= INT_MAX)
        return FSRS_ECARD;
    if (c->scheduled_days < 0 || c->scheduled_days > FSRS_SCHEDULED_MAX)
        return FSRS_ECARD;
    return FSRS_OK;
}

/* AbstractScheduler.init: the card as counted for this review. */
static int begin(const fsrs_params *p, const fsrs_card *in, int64_t now, eff *e, fsrs_card *cur)
{
    int rc = prepare(p, e);
    if (rc != FSRS_OK)
        return rc;
    rc = fsrs_card_check(in);
    if (rc != FSRS_OK)
        return rc;
    if (now < FSRS_TIME_MIN || now > FSRS_TIME_MAX)
        return FSRS_ETIME;
    int64_t t = 0;
    if (in->state != FSRS_NEW && in->last_review != 0) /* dateDiffInDays: UTC dates */
        t = floor_div(now, DAY_SECONDS) - floor_div(in->last_review, DAY_SECONDS);
    if (t < 0)
        return FSRS_ETIME;
    *cur = *in;
    cur->last_review = now;
    cur->elapsed_days = (int)t; /* < 2^22: both times are within FSRS_TIME_MAX */
    cur->reps++;
    return FSRS_OK;
}

static int outputs_finite(const fsrs_card out[4])
{
    for (int i = 0; i < 4; i++)
        if (!isfinite(out[i].stability) || !isfinite(out[i].difficulty))
            return 0;
    return 1;
}

int fsrs_preview(const fsrs_params *p, const fsrs_card *in, int64_t now, fsrs_card out[4])
{
    eff e;
    fsrs_card cur, res[4];
    int rc = begin(p, in, now, &e, &cur);
    if (rc != FSRS_OK)
        return rc;
    schedule(&e, in, &cur, now, res);
    if (!outputs_finite(res)) /* cannot happen with checked input; never hand it out */
        return FSRS_EPARAMS;
    for (int i = 0; i < 4; i++)
        out[i] = res[i];
    return FSRS_OK;
}

int fsrs_review(const fsrs_params *p, const fsrs_card *in, int rating, int64_t now, fsrs_card *out)
{
    if (rating < FSRS_AGAIN || rating > FSRS_EASY)
        return FSRS_ERATING;
    fsrs_card res[4];
    int rc = fsrs_preview(p, in, now, res);
    if (rc != FSRS_OK)
        return rc;
    *out = res[rating - 1];
    return FSRS_OK;
}

double fsrs_retrievability(const fsrs_params *p, const fsrs_card *c, int64_t now)
{
    eff e;
    if (prepare(p, &e) != FSRS_OK || fsrs_card_check(c) != FSRS_OK)
        return -1;
    if (now < FSRS_TIME_MIN || now > FSRS_TIME_MAX)
        return -1;
    if (c->state == FSRS_NEW)
        return 0;
    int64_t t = floor_div(now - c->last_review, DAY_SECONDS); /* date_diff(.., "days") */
    if (t < 0)
        t = 0;
    double r = forgetting_curve(&e, (double)t, round8(c->stability));
    return isfinite(r) ? r : -1;
}

int fsrs_interval(const fsrs_params *p, double stability)
{
    eff e;
    if (prepare(p, &e) != FSRS_OK || !(stability >= 0 && stability <= FSRS_S_MAX))
        return 0;
    return next_interval(&e, stability);
}

int fsrs_rating_from_score(double score)
{
    if (!(score >= 0 && score <= 1))
        return 0;
    if (score >= FSRS_SCORE_GOOD)
        return FSRS_GOOD;
    if (score >= FSRS_SCORE_HARD)
        return FSRS_HARD;
    return FSRS_AGAIN;
}

const char *fsrs_strerror(int code)
{
    switch (code) {
    case FSRS_OK: return "ok";
    case FSRS_ERATING: return "rating must be 1 (again) to 4 (easy)";
    case FSRS_EPARAMS: return "scheduling parameters out of range";
    case FSRS_ECARD:
        return "review card out of range (state, stability, difficulty, times or counts)";
    case FSRS_ETIME: return "review time out of range or before the card's last review";
    default: return "unknown scheduling error";
    }
}
