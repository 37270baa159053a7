/*
 * irt/cat — the adaptive level assessment: per-topic abilities that borrow
 * strength from the others, next item by maximum Fisher information with
 * randomesque exposure control and content balancing, and per-topic stopping
 * by classification against the level cut points (GLR or SPRT) or by
 * precision. docs/internals/irt.md explains the rules and the defaults.
 *
 * The model. θ_t = θ + δ_t for topic t, θ ~ N(0, 1), δ_t ~ N(0, τ²). The
 * overall ability is estimated from every answer under N(0, 1); topic t's
 * prior is N(m, s² + τ²) where m, s are the posterior mean and SD of θ from
 * the answers to the *other* topics (so no answer counts twice), and its
 * posterior adds the topic's own answers. With τ = 0 and one topic this is
 * the plain N(0, 1) model of catR.
 *
 * Everything is a function of the configuration, the item table and the
 * answers so far: randomness is drawn from a stream keyed by (seed, step),
 * so replaying the answers into a fresh cat gives the same state and the
 * same next item. The caller owns the item table; it must outlive the cat.
 */
#ifndef ASSAY_IRT_CAT_H
#define ASSAY_IRT_CAT_H

#include "irt/model.h"

#include <stddef.h>
#include <stdint.h>

#define CAT_MAX_CUTS 8

typedef enum cat_rule { CAT_GLR = 0, CAT_SPRT = 1 } cat_rule;
typedef enum cat_estimator { CAT_EST_MAP = 0, CAT_EST_EAP = 1 } cat_estimator;

/* How answers are spread over the topics once each has one. */
typedef enum cat_alloc {
    CAT_ALLOC_GAIN = 0, /* where one more answer is expected to raise the chance of the
                         * right level most */
    CAT_ALLOC_SHARE = 1 /* equal shares (Kingsbury & Zara): fewest answers first */
} cat_alloc;

typedef struct cat_config {
    size_t max_items;     /* overall length cap */
    size_t min_per_topic; /* answers a topic needs before it may stop */
    size_t max_per_topic; /* 0 = no cap */
    int randomesque;      /* choose at random among the k most informative */
    cat_rule rule;        /* classification rule */
    double alpha, beta;   /* error rates of the classification */
    double delta;         /* half-width of the indifference region around a cut */
    double se_stop;       /* stop a topic when its posterior SD is at most this; 0 = off */
    double tau;           /* SD of topic abilities around the overall one */
    int n_cuts;           /* 0 = no classification */
    double cuts[CAT_MAX_CUTS];
    cat_estimator select_at; /* the estimate information is evaluated at */
    cat_alloc alloc;
    int grid_n;      /* nodes for EAP and level probabilities */
    double grid_lim; /* nodes on [−lim, lim] */
    uint64_t seed;
} cat_config;

/* Defaults for n_levels levels (cuts from irt_default_cuts). */
void cat_config_init(cat_config *c, int n_levels);
/* NULL when valid, else what is wrong (static text). */
const char *cat_config_check(const cat_config *c);

typedef struct cat_item {
    double a, d;
    uint32_t topic; /* < n_topics */
} cat_item;

typedef enum cat_status {
    CAT_OPEN = 0,
    CAT_CLASSIFIED, /* every cut decided */
    CAT_PRECISE,    /* posterior SD at most se_stop */
    CAT_CAPPED,     /* max_per_topic answers */
    CAT_EXHAUSTED   /* no item left to ask */
} cat_status;

const char *cat_status_name(cat_status s); /* "open", "classified", ... */

typedef struct cat_est {
    size_t answered;
    double eap, psd; /* posterior mean and SD */
    double map, se;  /* posterior mode and its standard error */
    double prior_mean, prior_sd;
    double probs[CAT_MAX_CUTS + 1]; /* P(level = l + 1 | answers) */
    int level;                      /* the most probable level */
    int side[CAT_MAX_CUTS];         /* +1 above the cut, −1 below, 0 undecided */
    cat_status status;
} cat_est;

typedef struct cat_step {
    uint32_t item;
    double score;
} cat_step;

typedef enum cat_end {
    CAT_GOING = 0,
    CAT_END_DECIDED,
    CAT_END_MAX_ITEMS,
    CAT_END_NO_ITEMS
} cat_end;
const char *cat_end_name(cat_end e); /* "", "decided", "max_items", "no_items" */

typedef struct cat {
    cat_config cfg;
    const cat_item *items;
    size_t n_items, n_topics;
    uint8_t *avail; /* 1 while an item may still be given */
    cat_step *steps;
    size_t n_steps, cap_steps;
    cat_est overall;
    cat_est *topics;
    size_t *left; /* available items per topic */
    /* scratch */
    double x[IRT_MAX_QUAD];
    double *tll; /* per topic log-likelihood on the nodes */
    double *post, *other;
    double *tpost;  /* per topic posterior on the nodes */
    size_t *tstart; /* topic t's items are titems[tstart[t] .. tstart[t + 1]) */
    uint32_t *titems;
    double *amax; /* the largest slope in each topic */
    irt_obs *obs;
    cat_end end;
} cat;

/* Returns 0, −1 out of memory, 1 bad configuration. Free with cat_free. */
int cat_init(cat *c, const cat_config *cfg, const cat_item *items, size_t n_items, size_t n_topics);
void cat_free(cat *c);

/* The item can never be given in this assessment (e.g. no question can be
 * made from it). */
void cat_exclude(cat *c, uint32_t item);

/*
 * The next item, or −1 when the assessment is over (c->end says why). Pure:
 * asking twice gives the same item.
 */
long cat_next(cat *c);

/* Records a score in [0, 1] for an item and updates every estimate and
 * stopping decision. −1 out of memory, 1 when the item was given already. */
int cat_record(cat *c, uint32_t item, double score);

/* Records several answers, updating the estimates once at the end (a fixed
 * form scored at once gives the same estimates as one answer at a time, but
 * stopping decisions are only taken at the end). */
int cat_record_many(cat *c, const cat_step *steps, size_t n);

#endif
