/*
 * irt/model — the logistic models, quadrature grids, ability estimates (EAP,
 * MAP), level priors, cut points and level probabilities.
 *
 * Conventions are mirt's (REFERENCES.md §6): slope–intercept form
 * P(θ) = 1 / (1 + exp(−(aθ + d))), θ ~ N(0, 1), no 1.702 constant, b = −d/a.
 * Rasch is one common slope a with θ ~ N(0, 1), which is the same model as
 * slopes 1 with latent variance a².
 *
 * A score x in [0, 1] enters a likelihood as P^x (1 − P)^(1 − x): 0 and 1 are
 * the Bernoulli terms; partial credit (matching, free text) counts as that
 * fraction of a correct answer and the rest as a wrong one. Pure functions:
 * no allocation, no I/O.
 */
#ifndef ASSAY_IRT_MODEL_H
#define ASSAY_IRT_MODEL_H

#include <math.h>
#include <stddef.h>

#define IRT_MAX_QUAD 401

typedef enum irt_model { IRT_RASCH = 1, IRT_2PL = 2 } irt_model;

const char *irt_model_name(irt_model m); /* "rasch", "2pl" */
/* 0 when the name is neither */
irt_model irt_model_parse(const char *name);

static inline double irt_p(double a, double d, double theta)
{
    return 1.0 / (1.0 + exp(-(a * theta + d)));
}

/* Fisher information a²PQ of one 2PL item at theta. */
static inline double irt_info(double a, double d, double theta)
{
    double p = irt_p(a, d, theta);
    return a * a * p * (1.0 - p);
}

/* log P and log(1 − P) without cancellation. */
static inline void irt_logpq(double a, double d, double theta, double *lp, double *lq)
{
    double z = a * theta + d;
    if (z >= 0) {
        double t = log1p(exp(-z));
        *lp = -t;
        *lq = -z - t;
    } else {
        double t = log1p(exp(z));
        *lp = z - t;
        *lq = -t;
    }
}

/* Equally spaced nodes on [lo, hi] with weights proportional to the
 * N(mean, sd²) density, normalised to sum 1 (mirt: 61 nodes on [−6, 6];
 * catR: 33 on [−4, 4]). 2 <= n <= IRT_MAX_QUAD. */
typedef struct irt_grid {
    int n;
    double x[IRT_MAX_QUAD];
    double w[IRT_MAX_QUAD];
} irt_grid;

void irt_grid_normal(irt_grid *g, int n, double lo, double hi, double mean, double sd);

/* One scored answer: the item's parameters and the score in [0, 1]. */
typedef struct irt_obs {
    double a, d, x;
} irt_obs;

/* Log-likelihood of the answers at theta. */
double irt_loglik(const irt_obs *o, size_t n, double theta);

/*
 * The posterior on nodes x[0..nx) under a N(mean, sd²) prior, normalised to
 * sum 1, into post[0..nx). Returns the log of the marginal likelihood
 * Σ_k L(x_k) φ_k with the prior weights φ normalised over the nodes.
 */
double irt_posterior(const irt_obs *o, size_t n, const double *x, int nx, double mean, double sd,
                     double *post);

/* Mean and standard deviation of a distribution on nodes. */
void irt_moments(const double *x, const double *post, int nx, double *mean, double *sd);

/*
 * MAP by Newton's method with the step clamped to ±1, on the log-posterior
 * under N(mean, sd²); se = 1 / sqrt(Σ a²PQ + 1/sd²) at the mode (for these
 * models observed and expected information agree). Returns the number of
 * iterations, or −1 if it did not converge in 100 (theta is then the last
 * iterate, still a usable estimate).
 */
int irt_map(const irt_obs *o, size_t n, double mean, double sd, double *theta, double *se);

/* Log of the posterior density (up to a constant) under N(mean, sd²). */
double irt_logpost(const irt_obs *o, size_t n, double mean, double sd, double theta);

/* ---- levels ------------------------------------------------------------ */

/*
 * The prior difficulty of an item of `level` in a document of n_levels levels
 * (documented in docs/internals/irt.md): evenly spaced one logit apart and
 * centred on 0, b = level − (n_levels + 1) / 2, so Levels 1–4 of four get
 * −1.5, −0.5, 0.5, 1.5; an item without a level (0) gets 0, the middle.
 */
double irt_level_b(int level, int n_levels);

/* The default cut points between consecutive levels: the midpoints of their
 * prior difficulties, c_l = l − n_levels / 2 (−1, 0, 1 for four levels).
 * Writes n_levels − 1 values. */
void irt_default_cuts(int n_levels, double *cuts);

/*
 * P(level = l | answers) for l = 1..n_cuts+1 into probs[0..n_cuts] from a
 * posterior on equally spaced nodes: each node stands for the cell of width h
 * around it, split between levels where a cut falls inside it.
 */
void irt_level_probs(const double *x, const double *post, int nx, const double *cuts, int n_cuts,
                     double *probs);

/* The level (1-based) a theta falls in: 1 + the number of cuts <= theta. */
int irt_level_of(double theta, const double *cuts, int n_cuts);

/*
 * EAP and posterior SD for every sum score 0..n_items of a fixed set of 2PL
 * items (Lord–Wingersky recursion), on grid g with its prior weights, into
 * theta[0..n_items] and sd[0..n_items]. Returns −1 when out of memory.
 */
int irt_eap_sum(const double *a, const double *d, size_t n_items, const irt_grid *g, double *theta,
                double *sd);

#endif
