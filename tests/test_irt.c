/* Psychometrics: golden values from REFERENCES.md §4, §6, §7 (LSAT7 with
 * mirt's 2PL and Rasch fits, the sum-score EAP table and the classical
 * figures; Moodle's statistics; catR's adaptive trace), and properties of
 * calibration, ability estimation and the adaptive assessment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/rng.h"
#include "irt/calib.h"
#include "irt/cat.h"
#include "irt/classical.h"
#include "irt/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define assert_near(x, want, tol)                                             \
    do {                                                                      \
        double x_ = (x), w_ = (want);                                         \
        if (!(fabs(x_ - w_) <= (tol)))                                        \
            fail_msg("%s = %.6f, want %.6f ± %g", #x, x_, w_, (double)(tol)); \
    } while (0)

/* ---- LSAT7 (Bock & Lieberman 1970): 32 response patterns with counts ---- */

static const int lsat7_counts[32] = {12, 19, 1,  7,  3,  19, 3,  17,  10, 5,  3,
                                     7,  7,  23, 8,  28, 7,  39, 11,  34, 14, 51,
                                     15, 90, 6,  25, 7,  35, 18, 136, 32, 308};

typedef struct lsat7 {
    irt_resp resp[32 * 5];
    size_t start[33];
    double w[32];
    irt_data dt;
} lsat7;

static void lsat7_init(lsat7 *l)
{
    for (int p = 0; p < 32; p++) {
        l->start[p] = (size_t)p * 5;
        l->w[p] = lsat7_counts[p];
        for (int i = 0; i < 5; i++) {
            l->resp[p * 5 + i].item = (uint32_t)i;
            l->resp[p * 5 + i].x = (float)((p >> (4 - i)) & 1);
        }
    }
    l->start[32] = 160;
    l->dt = (irt_data){32, 5, l->start, l->resp, l->w};
}

static void lsat7_2pl(void **state)
{
    (void)state;
    lsat7 l;
    lsat7_init(&l);
    irt_calib_opts o;
    irt_calib_opts_init(&o);
    o.model = IRT_2PL;
    double a[5], d[5], n[5];
    irt_calib_result r;
    assert_int_equal(irt_calibrate(&l.dt, &o, a, d, n, &r), 0);
    assert_true(r.converged);
    static const double wa[5] = {0.98755, 1.08084, 1.70748, 0.76499, 0.73567};
    static const double wd[5] = {1.85586, 0.80797, 1.80521, 0.48600, 1.85446};
    for (int i = 0; i < 5; i++) {
        assert_near(a[i], wa[i], i == 2 ? 0.003 : 0.002);
        assert_near(d[i], wd[i], 0.002);
        assert_near(n[i], 1000, 1e-9);
    }
    assert_near(r.loglik, -2658.805, 0.01);
    assert_near(r.logprior, 0, 0);
}

static void lsat7_rasch(void **state)
{
    (void)state;
    lsat7 l;
    lsat7_init(&l);
    irt_calib_opts o;
    irt_calib_opts_init(&o);
    o.model = IRT_RASCH;
    double a[5], d[5];
    irt_calib_result r;
    assert_int_equal(irt_calibrate(&l.dt, &o, a, d, NULL, &r), 0);
    assert_true(r.converged);
    static const double wd[5] = {1.8680, 0.7909, 1.4608, 0.5214, 1.9927};
    for (int i = 0; i < 5; i++) {
        assert_near(d[i], wd[i], 0.002);
        assert_near(a[i], r.slope, 0);
    }
    assert_near(r.slope * r.slope, 1.0227, 0.002); /* the latent variance */
    assert_near(r.loglik, -2664.90, 0.01);
}

/* Plain EM without acceleration reaches the same optimum, in more cycles. */
static void lsat7_without_acceleration(void **state)
{
    (void)state;
    lsat7 l;
    lsat7_init(&l);
    irt_calib_opts o;
    irt_calib_opts_init(&o);
    o.accelerate = 0;
    o.tol = 1e-7;
    double a[5], d[5], a2[5], d2[5];
    irt_calib_result r, r2;
    assert_int_equal(irt_calibrate(&l.dt, &o, a, d, NULL, &r), 0);
    o.accelerate = 1;
    assert_int_equal(irt_calibrate(&l.dt, &o, a2, d2, NULL, &r2), 0);
    assert_true(r.converged && r2.converged);
    assert_true(r2.cycles < r.cycles);
    for (int i = 0; i < 5; i++) {
        assert_near(a[i], a2[i], 1e-4);
        assert_near(d[i], d2[i], 1e-4);
    }
}

static void lsat7_eap_sum_scores(void **state)
{
    (void)state;
    const double a[5] = {0.98755, 1.08084, 1.70748, 0.76499, 0.73567};
    const double d[5] = {1.85586, 0.80797, 1.80521, 0.48600, 1.85446};
    static const double want[6] = {-1.86979,   -1.431861, -0.9488463,
                                   -0.4131963, 0.1517289, 0.7271877};
    static const double want_sd[6] = {0.6927, 0.6839, 0.6942, 0.7211, 0.7588, 0.8009};
    irt_grid g;
    irt_grid_normal(&g, 61, -6, 6, 0, 1);
    double th[6], sd[6];
    assert_int_equal(irt_eap_sum(a, d, 5, &g, th, sd), 0);
    for (int s = 0; s < 6; s++) {
        assert_near(th[s], want[s], 0.002);
        assert_near(sd[s], want_sd[s], 0.002);
    }
}

static void lsat7_classical(void **state)
{
    (void)state;
    lsat7 l;
    lsat7_init(&l);
    cl_item it[5];
    cl_test t;
    assert_int_equal(cl_items(&l.dt, NULL, it), 0);
    cl_form(&l.dt, &t);
    static const double p[5] = {.828, .658, .772, .606, .843};
    static const double r[5] = {.5300, .5997, .6112, .5920, .4612};
    static const double rc[5] = {.2457, .2467, .3132, .2228, .1748};
    for (int i = 0; i < 5; i++) {
        assert_near(it[i].facility, p[i], 5e-4);
        assert_near(it[i].r_total, r[i], 5e-5);
        assert_near(it[i].r_rest, rc[i], 5e-5);
        assert_near(it[i].di, 100 * it[i].r_rest, 1e-9);
        assert_near(it[i].n, 1000, 0);
    }
    assert_near(t.alpha, .4534, 5e-5);
    assert_near(t.sd, 1.1986, 5e-5);
    assert_near(t.sd * sqrt(1 - t.alpha), .8861, 5e-5);
    assert_near(t.se, .8861, 5e-5); /* Moodle's SE is the same SEM */
}

/* ---- Moodle's golden values: 6 attempts × 3 items ------------------------ */

static void moodle_golden(void **state)
{
    (void)state;
    static const int m[6][3] = {{1, 1, 1}, {1, 1, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 1}, {0, 0, 0}};
    irt_resp r[18];
    size_t s[7];
    for (int p = 0; p < 6; p++) {
        s[p] = (size_t)p * 3;
        for (int i = 0; i < 3; i++)
            r[p * 3 + i] = (irt_resp){(uint32_t)i, (float)m[p][i]};
    }
    s[6] = 18;
    irt_data dt = {6, 3, s, r, NULL};
    cl_item it[3];
    cl_test t;
    assert_int_equal(cl_items(&dt, NULL, it), 0);
    cl_form(&dt, &t);
    static const double F[3] = {66.67, 66.67, 33.33}, DI[3] = {43.30, 43.30, 63.25},
                        DE[3] = {50, 50, 100};
    for (int i = 0; i < 3; i++) {
        assert_near(100 * it[i].facility, F[i], 0.005);
        assert_near(it[i].di, DI[i], 0.005);
        assert_near(it[i].de, DE[i], 0.005);
        assert_true(it[i].flags & CL_FEW); /* 6 answers are too few to flag */
    }
    assert_near(100 * t.alpha, 68.18, 0.005);
    assert_near(t.er, 56.41, 0.005);
    assert_near(t.se, 0.683, 0.0005);
}

/* Flags: a reversed item gets negative discrimination; an item everyone
 * gets right is too easy; DI and DE are undefined without variance. */
static void classical_flags(void **state)
{
    (void)state;
    enum { P = 40, I = 6 };
    irt_resp r[P * I];
    size_t s[P + 1];
    for (int p = 0; p < P; p++) {
        s[p] = (size_t)p * I;
        int good = p >= P / 2;
        for (int i = 0; i < 4; i++) /* four items that measure, with a little noise */
            r[p * I + i] = (irt_resp){(uint32_t)i, (float)(good ^ (p % (5 + i) == 0))};
        r[p * I + 4] = (irt_resp){4, (float)!good}; /* miskeyed */
        r[p * I + 5] = (irt_resp){5, 1.0f};         /* everyone */
    }
    s[P] = P * I;
    irt_data dt = {P, I, s, r, NULL};
    cl_item it[I];
    assert_int_equal(cl_items(&dt, NULL, it), 0);
    for (int i = 0; i < 4; i++)
        assert_true(it[i].di > 20 && it[i].flags == 0);
    assert_true(it[4].di < 0 && (it[4].flags & CL_NEGATIVE_DI));
    assert_true(it[5].flags & CL_TOO_EASY_F);
    assert_true(isnan(it[5].di) && isnan(it[5].de));
    /* below the random-guess score is too hard */
    double guess[I] = {0.25, 0.25, 0.25, 0.25, 0.6, 0.25};
    assert_int_equal(cl_items(&dt, guess, it), 0);
    assert_true(it[4].facility == 0.5 && (it[4].flags & CL_TOO_HARD_F));
    assert_false(it[0].flags & CL_TOO_HARD_F);
}

/* ---- catR's deterministic trace -------------------------------------------- */

static void catr_trace(void **state)
{
    (void)state;
    static const double A[10] = {.8, 1, 1.2, 1.5, .7, 1.1, 1.3, .9, 1.6, 1};
    static const double B[10] = {-2, -1.5, -1, -.5, 0, .3, .7, 1, 1.5, 2};
    static const int answer[10] = {1, 1, 1, 1, 0, 1, 0, 1, 0, 0};
    static const int items[6] = {4, 7, 6, 9, 3, 8};
    static const double map[6] = {.3339, .0590, .3538, .2613, .3449, .5535};
    static const double se[6] = {.8484, .7390, .6922, .6485, .6215, .6004};
    static const double eap[6] = {.3965, .0690, .3766, .2457, .3460, .5572};
    static const double psd[6] = {.8652, .7633, .7136, .6606, .6299, .6089};
    cat_item it[10];
    for (int i = 0; i < 10; i++)
        it[i] = (cat_item){A[i], -A[i] * B[i], 0};
    cat_config cf;
    cat_config_init(&cf, 4);
    cf.n_cuts = 0; /* no classification: run to the length */
    cf.se_stop = 0;
    cf.tau = 0; /* one topic, N(0, 1) prior */
    cf.randomesque = 1;
    cf.max_items = 6;
    cf.min_per_topic = 0;
    cf.select_at = CAT_EST_MAP;
    cf.grid_n = 33;
    cf.grid_lim = 4;
    cat c;
    assert_int_equal(cat_init(&c, &cf, it, 10, 1), 0);
    for (int s = 0; s < 6; s++) {
        long n = cat_next(&c);
        assert_int_equal(n + 1, items[s]);
        assert_int_equal(cat_next(&c), n); /* asking again changes nothing */
        assert_int_equal(cat_record(&c, (uint32_t)n, answer[n]), 0);
        assert_near(c.topics[0].map, map[s], 0.001);
        assert_near(c.topics[0].se, se[s], 0.001);
        assert_near(c.topics[0].eap, eap[s], 0.001);
        assert_near(c.topics[0].psd, psd[s], 0.001);
        assert_near(c.overall.map, map[s], 0.001);
    }
    assert_int_equal(cat_next(&c), -1);
    assert_int_equal(c.end, CAT_END_MAX_ITEMS);
    assert_int_equal(cat_record(&c, 3, 1), 1); /* item 4 was given already */
    cat_free(&c);
}

/* ---- ability and levels ------------------------------------------------------ */

static void level_priors_and_cuts(void **state)
{
    (void)state;
    assert_near(irt_level_b(1, 4), -1.5, 0);
    assert_near(irt_level_b(2, 4), -0.5, 0);
    assert_near(irt_level_b(3, 4), 0.5, 0);
    assert_near(irt_level_b(4, 4), 1.5, 0);
    assert_near(irt_level_b(0, 4), 0, 0);
    assert_near(irt_level_b(2, 3), 0, 0);
    double c[3];
    irt_default_cuts(4, c);
    assert_near(c[0], -1, 0);
    assert_near(c[1], 0, 0);
    assert_near(c[2], 1, 0);
    assert_int_equal(irt_level_of(-1.01, c, 3), 1);
    assert_int_equal(irt_level_of(-1, c, 3), 2);
    assert_int_equal(irt_level_of(0.5, c, 3), 3);
    assert_int_equal(irt_level_of(7, c, 3), 4);
}

/* Level probabilities integrate the posterior: a N(0.5, 0.4²) posterior puts
 * Φ((0 − .5)/.4) below 0 and Φ((1 − .5)/.4) below 1, also for cuts between
 * nodes. */
static void level_probabilities(void **state)
{
    (void)state;
    irt_grid g;
    irt_grid_normal(&g, 241, -6, 6, 0.5, 0.4);
    double p[4], cuts[3] = {-1, 0, 1};
    irt_level_probs(g.x, g.w, g.n, cuts, 3, p);
    double phi0 = 0.5 * erfc((0.5 / 0.4) / sqrt(2)), phi1 = 0.5 * erfc((-0.5 / 0.4) / sqrt(2));
    assert_near(p[0] + p[1] + p[2] + p[3], 1, 1e-12);
    assert_near(p[0] + p[1], phi0, 2e-3);
    assert_near(p[0] + p[1] + p[2], phi1, 2e-3);
    double odd[3] = {-0.73, 0.12, 0.91};
    irt_level_probs(g.x, g.w, g.n, odd, 3, p);
    assert_near(p[0] + p[1], 0.5 * erfc(((0.5 - 0.12) / 0.4) / sqrt(2)), 2e-3);
}

/* Partial credit: a score of 0.5 is half a right and half a wrong answer. */
static void partial_credit(void **state)
{
    (void)state;
    irt_obs half = {1.2, 0.3, 0.5}, one = {1.2, 0.3, 1}, zero = {1.2, 0.3, 0};
    for (double th = -2; th <= 2; th += 0.5)
        assert_near(irt_loglik(&half, 1, th),
                    0.5 * irt_loglik(&one, 1, th) + 0.5 * irt_loglik(&zero, 1, th), 1e-12);
    double m1, s1, m0, s0, mh, sh;
    irt_map(&one, 1, 0, 1, &m1, &s1);
    irt_map(&zero, 1, 0, 1, &m0, &s0);
    irt_map(&half, 1, 0, 1, &mh, &sh);
    assert_true(m0 < mh && mh < m1);
    /* all right: MAP stays finite, unlike ML */
    irt_obs many[20];
    for (int i = 0; i < 20; i++)
        many[i] = (irt_obs){1, 0, 1};
    double th, se;
    assert_true(irt_map(many, 20, 0, 1, &th, &se) > 0);
    assert_true(th > 1 && th < 4 && se < 1);
}

/* ---- calibration on sparse simulated data ------------------------------------ */

typedef struct simdata {
    size_t P, I;
    double *ta, *td, *theta;
    irt_resp *resp;
    size_t *start;
    irt_data dt;
} simdata;

/* P persons answer k random items each of I (true a ~ lognormal(0, .25) or 1). */
static void simulate(simdata *s, size_t P, size_t I, size_t k, int rasch, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed, 7);
    s->P = P;
    s->I = I;
    s->ta = malloc(I * sizeof *s->ta);
    s->td = malloc(I * sizeof *s->td);
    s->theta = malloc(P * sizeof *s->theta);
    s->resp = malloc(P * k * sizeof *s->resp);
    s->start = malloc((P + 1) * sizeof *s->start);
    for (size_t i = 0; i < I; i++) {
        s->ta[i] = rasch ? 1 : exp(0.25 * rng_normal(&r));
        s->td[i] = -s->ta[i] * rng_normal(&r);
    }
    uint32_t *pick = malloc(I * sizeof *pick);
    for (size_t i = 0; i < I; i++)
        pick[i] = (uint32_t)i;
    for (size_t p = 0; p < P; p++) {
        s->theta[p] = rng_normal(&r);
        s->start[p] = p * k;
        for (size_t j = 0; j < k; j++) { /* partial Fisher–Yates */
            size_t x = j + rng_below(&r, (uint32_t)(I - j));
            uint32_t t = pick[j];
            pick[j] = pick[x];
            pick[x] = t;
            double pr = irt_p(s->ta[pick[j]], s->td[pick[j]], s->theta[p]);
            s->resp[p * k + j] = (irt_resp){pick[j], rng_unit(&r) < pr ? 1.0f : 0.0f};
        }
    }
    s->start[P] = P * k;
    free(pick);
    s->dt = (irt_data){P, I, s->start, s->resp, NULL};
}

static void simfree(simdata *s)
{
    free(s->ta);
    free(s->td);
    free(s->theta);
    free(s->resp);
    free(s->start);
}

static double corr(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++)
        mx += x[i] / (double)n, my += y[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

/* 2,000 persons × 100 items, 30 answers each: parameters are recovered. */
static void sparse_recovery(void **state)
{
    (void)state;
    simdata s;
    simulate(&s, 2000, 100, 30, 0, 42);
    irt_calib_opts o;
    irt_calib_opts_init(&o);
    double a[100], d[100], n[100];
    irt_calib_result r;
    assert_int_equal(irt_calibrate(&s.dt, &o, a, d, n, &r), 0);
    assert_true(r.converged);
    double tb[100], eb[100];
    for (int i = 0; i < 100; i++) {
        tb[i] = -s.td[i] / s.ta[i];
        eb[i] = -d[i] / a[i];
        assert_true(n[i] > 400 && n[i] < 800);
    }
    assert_true(corr(tb, eb, 100) > 0.97);
    assert_true(corr(s.ta, a, 100) > 0.5);
    simfree(&s);
}

/* With priors, an item nobody answered sits exactly on its prior, and one
 * answered a few times stays near it; well-answered items follow the data. */
static void priors_hold_sparse_items(void **state)
{
    (void)state;
    simdata s;
    simulate(&s, 1000, 40, 20, 1, 5);
    /* item 0: keep only its first 3 answers; item 1: none */
    size_t seen0 = 0, w = 0;
    size_t *start = s.start;
    size_t prev = 0;
    for (size_t p = 0; p < s.P; p++) {
        size_t b = prev, e = start[p + 1];
        start[p] = w;
        for (size_t r = b; r < e; r++) {
            irt_resp x = s.resp[r];
            if (x.item == 1 || (x.item == 0 && seen0++ >= 3))
                continue;
            s.resp[w++] = x;
        }
        prev = e;
    }
    start[s.P] = w;
    irt_prior pr[40];
    for (int i = 0; i < 40; i++)
        pr[i] = (irt_prior){.d_mean = 1.5, .d_sd = 1, .loga_mean = 0, .loga_sd = 0.5};
    irt_calib_opts o;
    irt_calib_opts_init(&o);
    o.priors = pr;
    double a[40], d[40], n[40];
    irt_calib_result r;
    assert_int_equal(irt_calibrate(&s.dt, &o, a, d, n, &r), 0);
    assert_true(r.converged);
    assert_near(n[1], 0, 0);
    assert_near(d[1], 1.5, 1e-6);
    assert_near(a[1], 1, 1e-6);
    assert_near(n[0], 3, 0);
    assert_true(fabs(d[0] - 1.5) < 1.0);
    assert_true(r.logprior < 0);
    /* a well-answered item (≈ 500 answers) is not dragged to 1.5 */
    double far = 0;
    for (int i = 2; i < 40; i++)
        if (fabs(s.td[i] - 1.5) > 1.5)
            far = fmax(far, fabs(d[i] - 1.5));
    assert_true(far > 1.0);
    simfree(&s);
}

/* Persons with no answers and zero weights change nothing. */
static void empty_persons_are_ignored(void **state)
{
    (void)state;
    lsat7 l;
    lsat7_init(&l);
    irt_resp resp[32 * 5];
    size_t start[65];
    double w[64];
    for (int p = 0; p < 32; p++) { /* person 2p answers pattern p, 2p + 1 nothing */
        start[2 * p] = (size_t)p * 5;
        start[2 * p + 1] = (size_t)(p + 1) * 5;
        w[2 * p] = l.w[p];
        w[2 * p + 1] = 3;
    }
    start[64] = 160;
    memcpy(resp, l.resp, sizeof resp);
    irt_data dt = {64, 5, start, resp, w};
    irt_calib_opts o;
    irt_calib_opts_init(&o);
    double a[5], d[5], a2[5], d2[5];
    irt_calib_result r, r2;
    assert_int_equal(irt_calibrate(&l.dt, &o, a, d, NULL, &r), 0);
    assert_int_equal(irt_calibrate(&dt, &o, a2, d2, NULL, &r2), 0);
    for (int i = 0; i < 5; i++) {
        assert_near(a[i], a2[i], 1e-9);
        assert_near(d[i], d2[i], 1e-9);
    }
    irt_data none = {0, 5, start, resp, NULL};
    assert_int_equal(irt_calibrate(&none, &o, a, d, NULL, &r), 1);
}

/* ---- the adaptive assessment ----------------------------------------------------- */

/* 4 topics × 16 items at four levels; a strong examinee. */
static void make_bank(cat_item *it)
{
    for (int t = 0; t < 4; t++)
        for (int j = 0; j < 16; j++)
            it[t * 16 + j] =
                (cat_item){1.0 + 0.05 * (j % 5), -irt_level_b(1 + j % 4, 4), (uint32_t)t};
}

static void run_examinee(cat *c, const cat_item *it, const double *truth, uint64_t seed,
                         size_t *order, size_t *n)
{
    rng r;
    rng_seed(&r, seed, 3);
    long i;
    *n = 0;
    while ((i = cat_next(c)) >= 0) {
        order[(*n)++] = (size_t)i;
        double p = irt_p(it[i].a, it[i].d, truth[it[i].topic]);
        assert_int_equal(cat_record(c, (uint32_t)i, rng_unit(&r) < p), 0);
    }
}

static void cat_balances_topics_and_stops(void **state)
{
    (void)state;
    cat_item it[64];
    make_bank(it);
    cat_config cf;
    cat_config_init(&cf, 4);
    cf.max_items = 40;
    static const double strong[4] = {2.8, 2.6, 2.9, 2.7}, weak[4] = {-2.7, -2.9, -2.6, -2.8};
    const double *who[2] = {strong, weak};
    for (int w = 0; w < 2; w++) {
        cat c;
        assert_int_equal(cat_init(&c, &cf, it, 64, 4), 0);
        size_t order[64], n;
        run_examinee(&c, it, who[w], 11, order, &n);
        /* the first four items visit four different topics */
        int seen[4] = {0};
        for (size_t s = 0; s < 4; s++)
            seen[it[order[s]].topic]++;
        for (int t = 0; t < 4; t++)
            assert_int_equal(seen[t], 1);
        for (size_t s = 0; s < n; s++) /* no item twice */
            for (size_t u = s + 1; u < n; u++)
                assert_true(order[s] != order[u]);
        /* far from every cut: every topic decided, well before the cap */
        assert_int_equal(c.end, CAT_END_DECIDED);
        assert_true(n <= 24);
        for (int t = 0; t < 4; t++) {
            assert_true(c.topics[t].answered >= cf.min_per_topic);
            assert_int_equal(c.topics[t].status, CAT_CLASSIFIED);
            assert_int_equal(c.topics[t].level, w == 0 ? 4 : 1);
            double sum = 0;
            for (int l = 0; l < 4; l++)
                sum += c.topics[t].probs[l];
            assert_near(sum, 1, 1e-9);
            assert_true(c.topics[t].probs[c.topics[t].level - 1] > 0.5);
        }
        cat_free(&c);
    }
}

/* Replaying the answers into a fresh cat gives the same estimates and next item. */
static void cat_replay_is_exact(void **state)
{
    (void)state;
    cat_item it[64];
    make_bank(it);
    cat_config cf;
    cat_config_init(&cf, 4);
    cf.seed = 99;
    cat c, c2;
    assert_int_equal(cat_init(&c, &cf, it, 64, 4), 0);
    rng r;
    rng_seed(&r, 1, 1);
    for (int s = 0; s < 9; s++) {
        long i = cat_next(&c);
        assert_true(i >= 0);
        assert_int_equal(cat_record(&c, (uint32_t)i, rng_unit(&r) < 0.6 ? 1 : 0.5), 0);
    }
    assert_int_equal(cat_init(&c2, &cf, it, 64, 4), 0);
    for (size_t s = 0; s < c.n_steps; s++)
        assert_int_equal(cat_record(&c2, c.steps[s].item, c.steps[s].score), 0);
    assert_int_equal(cat_next(&c2), cat_next(&c));
    for (int t = 0; t < 4; t++) {
        assert_true(c.topics[t].eap == c2.topics[t].eap);
        assert_true(c.topics[t].map == c2.topics[t].map);
        assert_int_equal(c.topics[t].status, c2.topics[t].status);
    }
    /* a different seed may choose differently among the best three */
    cat_free(&c2);
    cat_free(&c);
}

/* A topic's prior follows the other topics: after many right answers
 * elsewhere, an unvisited topic's estimate is above 0. Exclusion works. */
static void cat_borrows_strength(void **state)
{
    (void)state;
    cat_item it[64];
    make_bank(it);
    cat_config cf;
    cat_config_init(&cf, 4);
    cat c;
    assert_int_equal(cat_init(&c, &cf, it, 64, 4), 0);
    for (int j = 0; j < 8; j++)
        assert_int_equal(cat_record(&c, (uint32_t)j, 1), 0); /* topic 0 */
    assert_true(c.topics[1].prior_mean > 0.5);
    assert_true(c.topics[1].eap > 0.5);
    assert_true(c.topics[1].psd < sqrt(1 + cf.tau * cf.tau));
    assert_near(c.topics[0].prior_mean, 0, 0); /* no other topic answered yet */
    for (uint32_t j = 16; j < 32; j++)
        cat_exclude(&c, j);
    assert_int_equal(c.topics[1].status, CAT_EXHAUSTED);
    long n = cat_next(&c);
    assert_true(n >= 32); /* topics 2 or 3: fewest answers */
    cat_free(&c);
}

static void cat_config_checks(void **state)
{
    (void)state;
    cat_config cf;
    cat_config_init(&cf, 4);
    assert_null(cat_config_check(&cf));
    cf.cuts[1] = -2;
    assert_non_null(cat_config_check(&cf));
    cat_config_init(&cf, 4);
    cf.alpha = 0.7;
    assert_non_null(cat_config_check(&cf));
    cat_config_init(&cf, 4);
    cf.max_items = 0;
    assert_non_null(cat_config_check(&cf));
    cat c;
    cat_item bad = {1, 0, 5};
    cat_config_init(&cf, 4);
    assert_int_equal(cat_init(&c, &cf, &bad, 1, 2), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lsat7_2pl),
        cmocka_unit_test(lsat7_rasch),
        cmocka_unit_test(lsat7_without_acceleration),
        cmocka_unit_test(lsat7_eap_sum_scores),
        cmocka_unit_test(lsat7_classical),
        cmocka_unit_test(moodle_golden),
        cmocka_unit_test(classical_flags),
        cmocka_unit_test(catr_trace),
        cmocka_unit_test(level_priors_and_cuts),
        cmocka_unit_test(level_probabilities),
        cmocka_unit_test(partial_credit),
        cmocka_unit_test(sparse_recovery),
        cmocka_unit_test(priors_hold_sparse_items),
        cmocka_unit_test(empty_persons_are_ignored),
        cmocka_unit_test(cat_balances_topics_and_stops),
        cmocka_unit_test(cat_replay_is_exact),
        cmocka_unit_test(cat_borrows_strength),
        cmocka_unit_test(cat_config_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
