/*
 * srs/fsrs — spaced review scheduling by FSRS-6, computed exactly as the
 * reference implementation ts-fsrs 5.4.2 does it (REFERENCES.md §8,
 * docs/internals/srs.md): the memory model (stability, difficulty,
 * retrievability) and the whole scheduler around it (states New, Learning,
 * Review, Relearning; short-term learning and relearning steps; the
 * long-term scheduler when short-term is off). Fuzz is off.
 *
 * Pure computation on plain structs: no allocation, no I/O, libc and libm
 * only. Every function checks its input like outside input (a card read back
 * from storage included) and never produces NaN or infinity.
 */
#ifndef ASSAY_SRS_FSRS_H
#define ASSAY_SRS_FSRS_H

#include <stdint.h>

#define FSRS_NW        21 /* parameters w0..w20 */
#define FSRS_MAX_STEPS 8  /* learning or relearning steps at most */
/* One step at most 3650 days, in minutes: Hard's 1.5 × a step stays a valid card. */
#define FSRS_STEP_MAX     5256000
#define FSRS_S_MIN        0.001 /* stability clamp, days */
#define FSRS_S_MAX        36500.0
#define FSRS_D_MIN        1.0 /* difficulty clamp */
#define FSRS_D_MAX        10.0
#define FSRS_MAX_INTERVAL 36500                 /* the largest maximum_interval, days */
#define FSRS_TIME_MIN     INT64_C(1)            /* review times: 1970-01-01T00:00:01Z .. */
#define FSRS_TIME_MAX     INT64_C(253402300799) /* .. 9999-12-31T23:59:59Z */
/* ts-fsrs orders the intervals after capping them at maximum_interval
 * (again <= hard < good < easy), so a card can be scheduled up to 3 days past
 * the maximum; a due time lies at most that far beyond FSRS_TIME_MAX. */
#define FSRS_SCHEDULED_MAX (FSRS_MAX_INTERVAL + 3)
#define FSRS_DUE_MAX       (FSRS_TIME_MAX + (int64_t)FSRS_SCHEDULED_MAX * 86400)

/* Result codes: 0 is success, every failure is negative. */
#define FSRS_OK      0
#define FSRS_ERATING (-1) /* rating not 1..4 */
#define FSRS_EPARAMS (-2) /* parameters non-finite or out of range */
#define FSRS_ECARD   (-3) /* card non-finite, out of its clamps, bad state */
#define FSRS_ETIME   (-4) /* time out of range, or on a UTC day before the last review */

typedef enum fsrs_state {
    FSRS_NEW = 0,
    FSRS_LEARNING = 1,
    FSRS_REVIEW = 2,
    FSRS_RELEARNING = 3
} fsrs_state;

typedef enum fsrs_rating {
    FSRS_AGAIN = 1,
    FSRS_HARD = 2,
    FSRS_GOOD = 3,
    FSRS_EASY = 4
} fsrs_rating;

typedef struct fsrs_params {
    double w[FSRS_NW];        /* clipped to ts-fsrs's ranges when used */
    double request_retention; /* (0, 1]; default 0.9 */
    int maximum_interval;     /* days, 1..FSRS_MAX_INTERVAL; default 36500 */
    int enable_short_term;    /* 1: learning steps and same-day reviews (default) */
    int n_learning_steps;     /* 0..FSRS_MAX_STEPS; default 2: 1, 10 minutes */
    int learning_steps[FSRS_MAX_STEPS];
    int n_relearning_steps; /* default 1: 10 minutes */
    int relearning_steps[FSRS_MAX_STEPS];
} fsrs_params;

typedef struct fsrs_card {
    int state;           /* fsrs_state */
    double stability;    /* days; 0 with difficulty 0 = no memory yet (New) */
    double difficulty;   /* 1..10; 0 when New */
    int64_t due;         /* Unix seconds */
    int64_t last_review; /* Unix seconds; 0 = never reviewed */
    int reps;            /* reviews so far */
    int lapses;          /* Again in Review state */
    int learning_step;   /* index into the current steps */
    int scheduled_days;  /* whole days to the due time (0 for a step) */
    int elapsed_days;    /* UTC calendar days between the last two reviews */
} fsrs_card;

/* The defaults of ts-fsrs 5.4.2 (FSRS-6 w, retention 0.9, 36500 days,
 * short-term on, steps 1 m and 10 m, relearning 10 m). */
void fsrs_params_default(fsrs_params *p);

/* FSRS_OK or FSRS_EPARAMS: every w finite, retention in (0, 1], maximum
 * interval 1..36500, step counts 0..FSRS_MAX_STEPS, steps 0..FSRS_STEP_MAX
 * minutes. Values of w outside ts-fsrs's ranges are clipped, not refused. */
int fsrs_params_check(const fsrs_params *p);

/* A card never reviewed, due now. */
void fsrs_card_new(int64_t now, fsrs_card *c);

/* FSRS_OK or FSRS_ECARD, for a card read back from storage: state 0..3;
 * stability and difficulty finite, both 0 for a New card, otherwise in
 * [0.001, 36500] and [1, 10]; due in [0, FSRS_DUE_MAX]; last_review 0 or in
 * [FSRS_TIME_MIN, FSRS_TIME_MAX]; reps, lapses, learning_step, elapsed_days
 * in [0, INT_MAX - 1]; scheduled_days in [0, FSRS_SCHEDULED_MAX]. */
int fsrs_card_check(const fsrs_card *c);

/* The card after a review with rating (1 Again .. 4 Easy) at now (Unix
 * seconds). Returns FSRS_OK, or a negative code with *out untouched: bad
 * rating, parameters, card, or a now outside [FSRS_TIME_MIN, FSRS_TIME_MAX]
 * or on a UTC day before the card's last review (ts-fsrs refuses a
 * negative elapsed time too). in and out may be the same card. */
int fsrs_review(const fsrs_params *p, const fsrs_card *in, int rating, int64_t now, fsrs_card *out);

/* The four outcomes of a review at now: out[0] Again .. out[3] Easy (what
 * fsrs_review would give for each rating). Same codes as fsrs_review. */
int fsrs_preview(const fsrs_params *p, const fsrs_card *in, int64_t now, fsrs_card out[4]);

/* The probability of recall at now, in [0, 1], as ts-fsrs's
 * get_retrievability: 0 for a New card; otherwise R(t, S) with t the whole
 * days (floor of the seconds / 86400, at least 0) since the last review.
 * -1 for bad parameters, card or time. */
double fsrs_retrievability(const fsrs_params *p, const fsrs_card *c, int64_t now);

/* The interval in whole days for a stability at the requested retention:
 * round(S · I(r) / S), at least 1, at most maximum_interval. 0 for bad
 * parameters or a stability not in [0, 36500]. */
int fsrs_interval(const fsrs_params *p, double stability);

/* A rating for a graded score when the learner does not rate: score in
 * [0, FSRS_SCORE_HARD) → Again (wrong), [FSRS_SCORE_HARD, FSRS_SCORE_GOOD)
 * → Hard (partly right), [FSRS_SCORE_GOOD, 1] → Good (right). Easy is never
 * inferred. 0 (not a rating) for a score that is NaN or outside [0, 1]. */
#define FSRS_SCORE_HARD 0.5 /* a concept counts as covered from half its terms (grade.c) */
#define FSRS_SCORE_GOOD 0.7 /* grade marks an answer correct from 0.7 (grade.c) */
int fsrs_rating_from_score(double score);

/* A short English message for a result code (static string). */
const char *fsrs_strerror(int code);

#endif
