/* Spaced review (src/srs/fsrs): every reference figure of REFERENCES.md §8
 * (first ratings, two memory sequences, R(t, S = 10), the whole scheduler with
 * short-term on and off), the scheduler's rules (steps, ordering of intervals,
 * lapses), refusal of bad ratings and of non-finite or out-of-range input.
 *
 * `test_srs --ts` (the ctest fsrs_ts) runs tests/fsrs/reference.mjs under node
 * with ts-fsrs 5.4.2, replays every sequence in C and compares each card. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "srs/fsrs.h"
#include "support.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define T0  INT64_C(1704096000) /* 2024-01-01T08:00:00Z */

#define assert_near(x, want, tol)                                             \
    do {                                                                      \
        double x_ = (x), w_ = (want);                                         \
        if (!(fabs(x_ - w_) <= (tol)))                                        \
            fail_msg("%s = %.9f, want %.9f ± %g", #x, x_, w_, (double)(tol)); \
    } while (0)

static fsrs_params defaults(int short_term)
{
    fsrs_params p;
    fsrs_params_default(&p);
    p.enable_short_term = short_term;
    return p;
}

/* ---- REFERENCES.md §8 ----------------------------------------------------------- */

static void first_ratings(void **state)
{
    (void)state;
    static const double s[4] = {0.212, 1.2931, 2.3065, 8.2956};
    static const double d[4] = {6.4133, 5.11217071, 2.11810397, 1};
    for (int st = 0; st <= 1; st++) {
        fsrs_params p = defaults(st);
        fsrs_card c, out[4];
        fsrs_card_new(T0, &c);
        assert_int_equal(fsrs_preview(&p, &c, T0, out), FSRS_OK);
        for (int g = 0; g < 4; g++) {
            assert_near(out[g].stability, s[g], 1e-9);
            assert_near(out[g].difficulty, d[g], 1e-9);
            assert_int_equal(out[g].reps, 1);
            assert_int_equal(out[g].lapses, 0);
            assert_true(out[g].last_review == T0);
        }
    }
}

/* Reviews at the given day offsets (the first at T0) with ratings g. */
static void memory_sequence(const int *dt, const int *g, int n, const double *want_s,
                            const double *want_d)
{
    for (int st = 0; st <= 1; st++) {
        fsrs_params p = defaults(st);
        fsrs_card c;
        fsrs_card_new(T0, &c);
        int64_t now = T0;
        for (int i = 0; i < n; i++) {
            now += dt[i] * DAY;
            assert_int_equal(fsrs_review(&p, &c, g[i], now, &c), FSRS_OK);
            assert_int_equal(c.elapsed_days, i == 0 ? 0 : dt[i]);
            assert_near(c.stability, want_s[i], 1e-6);
            assert_near(c.difficulty, want_d[i], 1e-6);
        }
    }
}

static void memory_sequences(void **state)
{
    (void)state;
    static const int dt1[5] = {0, 3, 8, 21, 60}, g1[5] = {3, 3, 3, 3, 3};
    static const double s1[5] = {2.3065, 13.826903, 42.062958, 105.451029, 257.154050};
    static const double d1[5] = {2.118104, 2.111214, 2.104331, 2.097455, 2.090586};
    memory_sequence(dt1, g1, 5, s1, d1);
    static const int dt2[5] = {0, 15, 20, 40, 2}, g2[5] = {4, 2, 3, 1, 3};
    static const double s2[5] = {8.2956, 36.299982, 84.020552, 3.317952, 6.301113};
    static const double d2[5] = {1, 4.010609, 4.001827, 8.013670, 8.000884};
    memory_sequence(dt2, g2, 5, s2, d2);
}

static void retrievability(void **state)
{
    (void)state;
    static const int t[6] = {1, 5, 10, 20, 50, 100};
    static const double want[6] = {.98568241, .94034429, .9, .84588465, .76052756, .69282664};
    fsrs_params p = defaults(1);
    fsrs_card c;
    fsrs_card_new(T0, &c);
    c.state = FSRS_REVIEW;
    c.stability = 10;
    c.difficulty = 5;
    c.last_review = T0;
    c.reps = 3;
    for (int i = 0; i < 6; i++) {
        assert_near(fsrs_retrievability(&p, &c, T0 + t[i] * DAY), want[i], 1e-9);
        /* whole days only: an hour short of t days is t - 1 days */
        assert_true(fsrs_retrievability(&p, &c, T0 + t[i] * DAY - 3600) > want[i]);
    }
    assert_near(fsrs_retrievability(&p, &c, T0), 1, 0);
    assert_near(fsrs_retrievability(&p, &c, T0 - 5 * DAY), 1, 0); /* before: t = 0 */
    fsrs_card_new(T0, &c);
    assert_near(fsrs_retrievability(&p, &c, T0 + DAY), 0, 0); /* New */
}

static void whole_scheduler(void **state)
{
    (void)state;
    static const int g[9] = {3, 3, 3, 3, 1, 3, 3, 4, 2};
    static const int on[9] = {0, 2, 11, 46, 0, 3, 8, 28, 52};
    static const int off[9] = {3, 14, 57, 196, 5, 12, 28, 87, 148};
    static const int state_on[9] = {FSRS_LEARNING, FSRS_REVIEW,     FSRS_REVIEW,
                                    FSRS_REVIEW,   FSRS_RELEARNING, FSRS_REVIEW,
                                    FSRS_REVIEW,   FSRS_REVIEW,     FSRS_REVIEW};
    for (int st = 0; st <= 1; st++) {
        fsrs_params p = defaults(st);
        fsrs_card c;
        fsrs_card_new(T0, &c);
        int64_t now = T0;
        for (int i = 0; i < 9; i++) {
            assert_int_equal(fsrs_review(&p, &c, g[i], now, &c), FSRS_OK);
            assert_int_equal(c.scheduled_days, st ? on[i] : off[i]);
            assert_int_equal(c.state, st ? state_on[i] : FSRS_REVIEW);
            assert_int_equal(c.reps, i + 1);
            assert_int_equal(c.lapses, i >= 4 ? 1 : 0);
            if (c.scheduled_days == 0)
                assert_true(c.due == now + 600); /* the 10-minute (re)learning step */
            else
                assert_true(c.due == now + c.scheduled_days * DAY);
            now = c.due; /* answered when due */
        }
    }
}

/* ---- the scheduler's rules ------------------------------------------------------- */

static void learning_steps(void **state)
{
    (void)state;
    fsrs_params p = defaults(1);
    fsrs_card c, out[4];
    fsrs_card_new(T0, &c);
    assert_int_equal(fsrs_preview(&p, &c, T0, out), FSRS_OK);
    /* New: Again 1 m, Hard (1 + 10) / 2 = 6 m (rounded half up), Good 10 m, Easy graduates */
    assert_true(out[0].due == T0 + 60 && out[0].state == FSRS_LEARNING &&
                out[0].learning_step == 0);
    assert_true(out[1].due == T0 + 360 && out[1].state == FSRS_LEARNING &&
                out[1].learning_step == 0);
    assert_true(out[2].due == T0 + 600 && out[2].state == FSRS_LEARNING &&
                out[2].learning_step == 1);
    assert_true(out[3].state == FSRS_REVIEW && out[3].scheduled_days == 8);
    /* Learning at its last step: Good graduates, Hard stays 6 m at the same step */
    c = out[2];
    assert_int_equal(fsrs_preview(&p, &c, T0 + 600, out), FSRS_OK);
    assert_true(out[1].due == T0 + 600 + 360 && out[1].learning_step == 1);
    assert_int_equal(out[2].state, FSRS_REVIEW);
    assert_int_equal(out[2].learning_step, 0);
    /* A step of a day or more graduates the card with that many days. */
    p.learning_steps[1] = 3 * 1440;
    fsrs_card_new(T0, &c);
    assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, T0, &c), FSRS_OK);
    assert_int_equal(c.state, FSRS_REVIEW);
    assert_int_equal(c.scheduled_days, 3);
    assert_int_equal(c.learning_step, 1);
    assert_true(c.due == T0 + 3 * DAY);
    /* The longest steps: Hard's 1.5 × the only step is still a valid card. */
    p = defaults(1);
    p.n_learning_steps = 1;
    p.learning_steps[0] = FSRS_STEP_MAX;
    p.relearning_steps[0] = FSRS_STEP_MAX;
    fsrs_card_new(FSRS_TIME_MAX, &c);
    assert_int_equal(fsrs_preview(&p, &c, FSRS_TIME_MAX, out), FSRS_OK);
    assert_int_equal(out[1].scheduled_days, FSRS_STEP_MAX * 3 / 2 / 1440);
    for (int g = 0; g < 4; g++)
        assert_int_equal(fsrs_card_check(&out[g]), FSRS_OK);
    /* No relearning steps: Again in Review goes straight to a new interval. */
    p = defaults(1);
    p.n_relearning_steps = 0;
    fsrs_card_new(T0, &c);
    assert_int_equal(fsrs_review(&p, &c, FSRS_EASY, T0, &c), FSRS_OK);
    assert_int_equal(fsrs_review(&p, &c, FSRS_AGAIN, c.due, &c), FSRS_OK);
    assert_int_equal(c.state, FSRS_REVIEW);
    assert_true(c.scheduled_days >= 1);
    assert_int_equal(c.lapses, 1);
}

/* Same-day reviews use S·e^(w17(G − 3 + w18))·S^(−w19), at least S when G ≥ 2;
 * elapsed days count UTC calendar days, not 24-hour periods. */
static void same_day_and_elapsed_days(void **state)
{
    (void)state;
    fsrs_params p = defaults(1);
    fsrs_card c, out[4];
    fsrs_card_new(T0, &c);
    assert_int_equal(fsrs_review(&p, &c, FSRS_EASY, T0, &c), FSRS_OK);
    double s = c.stability;
    assert_int_equal(fsrs_preview(&p, &c, T0 + 3600, out), FSRS_OK);
    assert_int_equal(out[0].elapsed_days, 0);
    const double *w = p.w;
    assert_near(out[0].stability, s * exp(w[17] * (-2 + w[18])) * pow(s, -w[19]), 1e-8);
    assert_true(out[1].stability >= s);
    assert_near(out[3].stability, s * exp(w[17] * (1 + w[18])) * pow(s, -w[19]), 1e-8);
    /* 23:59 to 00:01 the next day is one elapsed day */
    int64_t late = T0 - 8 * 3600 + DAY - 60;
    fsrs_card_new(late, &c);
    assert_int_equal(fsrs_review(&p, &c, FSRS_EASY, late, &c), FSRS_OK);
    assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, late + 120, &out[0]), FSRS_OK);
    assert_int_equal(out[0].elapsed_days, 1);
    /* a time earlier on the same UTC day is accepted (0 days); an earlier day is not */
    assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, late - 3600, &out[0]), FSRS_OK);
    assert_int_equal(out[0].elapsed_days, 0);
    assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, late - DAY, &out[0]), FSRS_ETIME);
}

static uint64_t lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return *x >> 33;
}

/* Review cards anywhere in their clamps: intervals keep their order
 * (long-term again <= hard < good < easy; short-term hard < good < easy), a
 * lapse never raises stability, everything stays finite and in range. */
static void interval_order(void **state)
{
    (void)state;
    uint64_t x = 42;
    for (int k = 0; k < 20000; k++) {
        fsrs_params p = defaults(k & 1);
        fsrs_card c, out[4];
        fsrs_card_new(T0, &c);
        c.state = k % 3 == 0 ? FSRS_REVIEW : k % 3 == 1 ? FSRS_LEARNING : FSRS_RELEARNING;
        c.stability = FSRS_S_MIN * pow(FSRS_S_MAX / FSRS_S_MIN, (double)lcg(&x) / 2147483648.0);
        c.difficulty = 1 + 9 * (double)lcg(&x) / 2147483648.0;
        c.last_review = T0;
        c.reps = 5;
        int64_t now = T0 + (int64_t)(lcg(&x) % 4000) * (k % 5 ? DAY : 60);
        assert_int_equal(fsrs_preview(&p, &c, now, out), FSRS_OK);
        for (int g = 0; g < 4; g++) {
            assert_int_equal(fsrs_card_check(&out[g]), FSRS_OK);
            assert_true(out[g].due >= now);
        }
        if (!p.enable_short_term || c.state == FSRS_REVIEW) {
            assert_true(out[1].scheduled_days < out[2].scheduled_days);
            assert_true(out[2].scheduled_days < out[3].scheduled_days);
            assert_true(out[3].scheduled_days <= FSRS_SCHEDULED_MAX);
        }
        if (!p.enable_short_term)
            assert_true(out[0].scheduled_days <= out[1].scheduled_days);
        if (now / DAY != T0 / DAY) /* (+ the rounding of S to 8 decimals) */
            assert_true(out[0].stability <= c.stability + 5e-9);
        if (c.state == FSRS_REVIEW || !p.enable_short_term)
            assert_int_equal(out[0].lapses, 1);
    }
}

static void maximum_interval_and_interval(void **state)
{
    (void)state;
    fsrs_params p = defaults(0);
    assert_int_equal(fsrs_interval(&p, 0), 1);
    assert_int_equal(fsrs_interval(&p, 10), 10); /* r = 0.9: I = S */
    assert_int_equal(fsrs_interval(&p, 36500), 36500);
    p.maximum_interval = 30;
    assert_int_equal(fsrs_interval(&p, 100), 30);
    p.request_retention = 0.8;
    assert_true(fsrs_interval(&p, 10) > 10);
    p.request_retention = 1;
    assert_int_equal(fsrs_interval(&p, 10), 1);
    assert_int_equal(fsrs_interval(&p, NAN), 0);
    assert_int_equal(fsrs_interval(&p, -1), 0);
    assert_int_equal(fsrs_interval(&p, INFINITY), 0);
    /* ts-fsrs caps each interval at maximum_interval and then orders them, so
     * Hard, Good and Easy can land 1, 2 (3) days past it (checked with ts-fsrs) */
    static const int easy[10] = {8, 31, 32, 32, 32, 32, 32, 32, 32, 32};
    for (int st = 0; st <= 1; st++) {
        fsrs_card c, out[4];
        fsrs_card_new(T0, &c);
        p = defaults(st);
        p.maximum_interval = 30;
        int64_t now = T0;
        for (int i = 0; i < 10; i++) {
            assert_int_equal(fsrs_review(&p, &c, FSRS_EASY, now, &c), FSRS_OK);
            assert_int_equal(c.scheduled_days, easy[i]);
            now = c.due;
        }
        assert_int_equal(fsrs_preview(&p, &c, now, out), FSRS_OK);
        assert_int_equal(out[0].scheduled_days, st ? 0 : 8);
        assert_int_equal(out[1].scheduled_days, 30);
        assert_int_equal(out[2].scheduled_days, 31);
        assert_int_equal(out[3].scheduled_days, 32);
    }
}

/* ---- refusals --------------------------------------------------------------------- */

static void bad_ratings(void **state)
{
    (void)state;
    fsrs_params p = defaults(1);
    fsrs_card c, out;
    fsrs_card_new(T0, &c);
    static const int bad[] = {0, 5, -1, 100, INT32_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&out, 0x5a, sizeof out);
        assert_int_equal(fsrs_review(&p, &c, bad[i], T0, &out), FSRS_ERATING);
        assert_int_equal(out.reps, 0x5a5a5a5a); /* untouched */
    }
    assert_string_equal(fsrs_strerror(FSRS_ERATING), "rating must be 1 (again) to 4 (easy)");
}

static void bad_cards(void **state)
{
    (void)state;
    fsrs_params p = defaults(1);
    fsrs_card good, c, out;
    fsrs_card_new(T0, &good);
    assert_int_equal(fsrs_review(&p, &good, FSRS_GOOD, T0, &good), FSRS_OK);
    assert_int_equal(fsrs_card_check(&good), FSRS_OK);
    const double nonfinite[3] = {NAN, INFINITY, -INFINITY};
    for (int i = 0; i < 3; i++) {
        c = good;
        c.stability = nonfinite[i];
        assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
        assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, T0 + DAY, &out), FSRS_ECARD);
        assert_true(fsrs_retrievability(&p, &c, T0 + DAY) == -1);
        c = good;
        c.difficulty = nonfinite[i];
        assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, T0 + DAY, &out), FSRS_ECARD);
    }
    /* each field out of range, one at a time */
    c = good, c.state = 4;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.state = -1;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.stability = 0.0009;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.stability = 36500.1;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.difficulty = 0.99;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.difficulty = 10.01;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.last_review = 0; /* reviewed but never? */
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.last_review = FSRS_TIME_MAX + 1;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.due = -1;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.reps = -1;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.reps = INT32_MAX; /* one more would overflow */
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.lapses = -3;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.learning_step = -1;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.scheduled_days = FSRS_SCHEDULED_MAX + 1;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    c = good, c.elapsed_days = -1;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    fsrs_card_new(T0, &c); /* a New card has no memory yet */
    c.stability = 2;
    assert_int_equal(fsrs_card_check(&c), FSRS_ECARD);
    assert_int_equal(fsrs_card_check(NULL), FSRS_ECARD);
    /* times */
    fsrs_card_new(T0, &c);
    assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, 0, &out), FSRS_ETIME);
    assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, FSRS_TIME_MAX + 1, &out), FSRS_ETIME);
    assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, FSRS_TIME_MAX, &out), FSRS_OK);
    assert_int_equal(fsrs_card_check(&out), FSRS_OK);
    assert_true(fsrs_retrievability(&p, &good, -5) == -1);
}

static void bad_params(void **state)
{
    (void)state;
    fsrs_card c, out;
    fsrs_card_new(T0, &c);
    fsrs_params p = defaults(1);
    assert_int_equal(fsrs_params_check(&p), FSRS_OK);
    for (int i = 0; i < FSRS_NW; i++) {
        p = defaults(1);
        p.w[i] = NAN;
        assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
        assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, T0, &out), FSRS_EPARAMS);
        p.w[i] = INFINITY;
        assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, T0, &out), FSRS_EPARAMS);
    }
    p = defaults(1), p.request_retention = NAN;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    assert_int_equal(fsrs_interval(&p, 5), 0);
    p = defaults(1), p.request_retention = 0;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    p = defaults(1), p.request_retention = 1.01;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    p = defaults(1), p.maximum_interval = 0;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    p = defaults(1), p.maximum_interval = 36501;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    p = defaults(1), p.enable_short_term = 2;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    p = defaults(1), p.n_learning_steps = FSRS_MAX_STEPS + 1;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    p = defaults(1), p.n_relearning_steps = -1;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    p = defaults(1), p.learning_steps[0] = -1;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    p = defaults(1), p.relearning_steps[0] = FSRS_STEP_MAX + 1;
    assert_int_equal(fsrs_params_check(&p), FSRS_EPARAMS);
    assert_int_equal(fsrs_params_check(NULL), FSRS_EPARAMS);
    /* w outside ts-fsrs's clamps is clipped, as ts-fsrs does, not refused:
     * w0 = 1000 gives the clamp's 100 days */
    p = defaults(1), p.w[0] = 1000;
    assert_int_equal(fsrs_review(&p, &c, FSRS_AGAIN, T0, &out), FSRS_OK);
    assert_near(out.stability, 100, 0);
    /* extreme but finite w never produce NaN or infinity */
    uint64_t x = 7;
    for (int k = 0; k < 2000; k++) {
        p = defaults(k & 1);
        for (int i = 0; i < FSRS_NW; i++)
            p.w[i] = ((double)lcg(&x) / 2147483648.0 - 0.5) * (k % 3 ? 20 : 1e300);
        fsrs_card_new(T0, &c);
        int64_t now = T0;
        for (int i = 0; i < 12; i++) {
            assert_int_equal(fsrs_review(&p, &c, (int)(lcg(&x) % 4) + 1, now, &c), FSRS_OK);
            assert_int_equal(fsrs_card_check(&c), FSRS_OK);
            now = c.due + (int64_t)(lcg(&x) % 3) * DAY;
        }
    }
}

static void preview_matches_review(void **state)
{
    (void)state;
    fsrs_params p = defaults(1);
    fsrs_card c, out[4], one;
    fsrs_card_new(T0, &c);
    int64_t now = T0;
    static const int g[8] = {3, 3, 4, 1, 2, 3, 1, 3};
    for (int i = 0; i < 8; i++) {
        assert_int_equal(fsrs_preview(&p, &c, now, out), FSRS_OK);
        for (int r = 1; r <= 4; r++) {
            assert_int_equal(fsrs_review(&p, &c, r, now, &one), FSRS_OK);
            assert_memory_equal(&one, &out[r - 1], sizeof one);
        }
        c = out[g[i] - 1];
        now = c.due + DAY;
    }
}

static void rating_from_score(void **state)
{
    (void)state;
    assert_int_equal(fsrs_rating_from_score(0), FSRS_AGAIN);
    assert_int_equal(fsrs_rating_from_score(0.49), FSRS_AGAIN);
    assert_int_equal(fsrs_rating_from_score(FSRS_SCORE_HARD), FSRS_HARD);
    assert_int_equal(fsrs_rating_from_score(0.69), FSRS_HARD);
    assert_int_equal(fsrs_rating_from_score(FSRS_SCORE_GOOD), FSRS_GOOD);
    assert_int_equal(fsrs_rating_from_score(1), FSRS_GOOD);
    assert_int_equal(fsrs_rating_from_score(NAN), 0);
    assert_int_equal(fsrs_rating_from_score(-0.1), 0);
    assert_int_equal(fsrs_rating_from_score(1.5), 0);
    assert_int_equal(fsrs_rating_from_score(INFINITY), 0);
}

/* ---- ts-fsrs under node (test_srs --ts) ------------------------------------------- */

#define TS_DIR ASSAY_SOURCE_DIR "/tests/fsrs"
#define TS_TOL 1e-9 /* relative, stability and difficulty (0 is what we measure) */

typedef struct ts_run {
    fsrs_params p;
    fsrs_card card;
    long seq;
    int seqs, reviews, mismatches;
    double max_rel;
} ts_run;

static int ts_config(ts_run *t, json_t *j)
{
    json_t *c = json_object_get(j, "config");
    json_t *w = json_object_get(c, "w");
    json_t *ls = json_object_get(c, "learning_steps");
    json_t *rs = json_object_get(c, "relearning_steps");
    if (json_array_size(w) != FSRS_NW || json_array_size(ls) > FSRS_MAX_STEPS ||
        json_array_size(rs) > FSRS_MAX_STEPS)
        return -1;
    fsrs_params_default(&t->p);
    for (size_t i = 0; i < FSRS_NW; i++)
        t->p.w[i] = json_number_value(json_array_get(w, i));
    t->p.request_retention = json_number_value(json_object_get(c, "request_retention"));
    t->p.maximum_interval = (int)json_integer_value(json_object_get(c, "maximum_interval"));
    t->p.enable_short_term = json_is_true(json_object_get(c, "enable_short_term"));
    t->p.n_learning_steps = (int)json_array_size(ls);
    for (size_t i = 0; i < json_array_size(ls); i++)
        t->p.learning_steps[i] = (int)json_integer_value(json_array_get(ls, i));
    t->p.n_relearning_steps = (int)json_array_size(rs);
    for (size_t i = 0; i < json_array_size(rs); i++)
        t->p.relearning_steps[i] = (int)json_integer_value(json_array_get(rs, i));
    if (fsrs_params_check(&t->p) != FSRS_OK)
        return -1;
    t->seq = (long)json_integer_value(json_object_get(j, "seq"));
    fsrs_card_new(json_integer_value(json_object_get(j, "start")), &t->card);
    t->seqs++;
    return 0;
}

static double rel_diff(double a, double b)
{
    double m = fmax(fabs(a), fabs(b));
    return m > 0 ? fabs(a - b) / m : 0;
}

/* One review: recompute in C, compare with ts-fsrs's card. */
static void ts_review(ts_run *t, json_t *j)
{
    json_t *c = json_object_get(j, "card");
    long i = (long)json_integer_value(json_object_get(j, "i"));
    int rating = (int)json_integer_value(json_object_get(j, "rating"));
    int64_t now = json_integer_value(json_object_get(j, "now"));
    fsrs_card out;
    t->reviews++;
    int rc = fsrs_review(&t->p, &t->card, rating, now, &out);
    if (rc != FSRS_OK) {
        if (t->mismatches++ < 10)
            print_message("seq %ld review %ld: %s\n", t->seq, i, fsrs_strerror(rc));
        return;
    }
#define TS_INT(field, name)                                                               \
    if ((int64_t)out.field != json_integer_value(json_object_get(c, name))) {             \
        if (t->mismatches++ < 10)                                                         \
            print_message("seq %ld review %ld: %s %lld, ts-fsrs %lld\n", t->seq, i, name, \
                          (long long)out.field,                                           \
                          (long long)json_integer_value(json_object_get(c, name)));       \
    }
    TS_INT(state, "state")
    TS_INT(reps, "reps")
    TS_INT(lapses, "lapses")
    TS_INT(scheduled_days, "scheduled_days")
    TS_INT(elapsed_days, "elapsed_days")
    TS_INT(learning_step, "learning_steps")
    TS_INT(due, "due")
    TS_INT(last_review, "last_review")
#undef TS_INT
    double s = json_number_value(json_object_get(c, "stability"));
    double d = json_number_value(json_object_get(c, "difficulty"));
    double rs = rel_diff(out.stability, s), rd = rel_diff(out.difficulty, d);
    t->max_rel = fmax(t->max_rel, fmax(rs, rd));
    if (!(rs <= TS_TOL && rd <= TS_TOL) && t->mismatches++ < 10)
        print_message("seq %ld review %ld: S %.10g D %.10g, ts-fsrs S %.10g D %.10g\n", t->seq, i,
                      out.stability, out.difficulty, s, d);
    t->card = out; /* the C card goes on: a true replay, errors would compound */
}

static void ts_compare(void **state)
{
    (void)state;
    char *pkg = t_read_file(TS_DIR "/node_modules/ts-fsrs/package.json", NULL);
    if (!pkg)
        fail_msg("ts-fsrs is not installed in tests/fsrs/node_modules: run scripts/deps.sh");
    int version_ok = strstr(pkg, "\"version\": \"5.4.2\"") != NULL;
    free(pkg);
    if (!version_ok)
        fail_msg("tests/fsrs/node_modules/ts-fsrs is not 5.4.2: run scripts/deps.sh");
    const char *argv[] = {"/usr/bin/env", "node", TS_DIR "/reference.mjs", NULL};
    t_run r;
    assert_int_equal(t_exec(argv, NULL, NULL, &r), 0);
    if (r.status == 127)
        fail_msg("node not found: run scripts/deps.sh (%s)", r.err);
    if (r.status != 0)
        fail_msg("node tests/fsrs/reference.mjs failed (status %d): %s", r.status, r.err);
    ts_run t = {0};
    int header = 0;
    char *line = r.out;
    while (*line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (*line) {
            json_error_t err;
            json_t *j = json_loads(line, 0, &err);
            if (!j)
                fail_msg("reference.mjs printed a line that is not JSON: %s", err.text);
            if (json_object_get(j, "ts_fsrs")) {
                header = strcmp(json_string_value(json_object_get(j, "ts_fsrs")),
                                "v5.4.2 using FSRS-6.0") == 0;
            } else if (json_object_get(j, "config")) {
                if (ts_config(&t, j) != 0)
                    fail_msg("bad configuration line: %s", line);
            } else {
                ts_review(&t, j);
            }
            json_decref(j);
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    t_run_free(&r);
    print_message("fsrs_ts: %d sequences, %d reviews, %d mismatches, largest relative "
                  "difference of S or D %.3g\n",
                  t.seqs, t.reviews, t.mismatches, t.max_rel);
    assert_true(header);
    assert_int_equal(t.seqs, 200);
    assert_true(t.reviews >= 2000);
    assert_int_equal(t.mismatches, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--ts") == 0) {
        const struct CMUnitTest ts[] = {cmocka_unit_test(ts_compare)};
        return cmocka_run_group_tests_name("fsrs_ts", ts, NULL, NULL);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_ratings),     cmocka_unit_test(memory_sequences),
        cmocka_unit_test(retrievability),    cmocka_unit_test(whole_scheduler),
        cmocka_unit_test(learning_steps),    cmocka_unit_test(same_day_and_elapsed_days),
        cmocka_unit_test(interval_order),    cmocka_unit_test(maximum_interval_and_interval),
        cmocka_unit_test(bad_ratings),       cmocka_unit_test(bad_cards),
        cmocka_unit_test(bad_params),        cmocka_unit_test(preview_matches_review),
        cmocka_unit_test(rating_from_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
