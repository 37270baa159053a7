/*
 * irt/calib — item calibration by marginal maximum likelihood (Bock–Aitkin
 * EM with fixed quadrature), Rasch or 2PL, on sparse data, with optional
 * normal priors on the parameters (MAP-EM). REFERENCES.md §6 has the
 * formulas; docs/internals/irt.md how they are applied here.
 *
 * Data are persons with the items they answered (any subset) and a score in
 * [0, 1] per answer, plus an optional frequency weight per person (a
 * response-pattern table collapses to patterns with counts). Only answered
 * items enter a person's likelihood.
 */
#ifndef ASSAY_IRT_CALIB_H
#define ASSAY_IRT_CALIB_H

#include "irt/model.h"

#include <stddef.h>
#include <stdint.h>

typedef struct irt_resp {
    uint32_t item;
    float x; /* score in [0, 1] */
} irt_resp;

/* Person p answered resp[start[p] .. start[p + 1]). */
typedef struct irt_data {
    size_t n_persons, n_items;
    const size_t *start; /* n_persons + 1 entries */
    const irt_resp *resp;
    const double *weight; /* per person; NULL = 1 each */
} irt_data;

/* Normal priors of one item; an sd of 0 leaves that parameter without one. */
typedef struct irt_prior {
    double d_mean, d_sd;       /* on the intercept d */
    double loga_mean, loga_sd; /* on log a (2PL only) */
} irt_prior;

typedef struct irt_calib_opts {
    irt_model model;
    int n_quad;              /* quadrature nodes; default 61 */
    double quad_lim;         /* nodes on [−lim, lim]; default 6 */
    int max_cycles;          /* default 2000 */
    double tol;              /* stop when no parameter moves more than this; default 1e-5 */
    int accelerate;          /* Ramsay's acceleration every third cycle; default on */
    const irt_prior *priors; /* n_items entries, or NULL for maximum likelihood */
    /* called after every cycle when set; returning nonzero stops the run */
    int (*progress)(void *ud, int cycle, double loglik, double change);
    void *ud;
} irt_calib_opts;

void irt_calib_opts_init(irt_calib_opts *o);

typedef struct irt_calib_result {
    int cycles;
    int converged;
    double loglik;     /* Σ f_l log P̃_l at the final parameters */
    double logprior;   /* Σ log prior densities (0 without priors) */
    double max_change; /* the largest parameter change of the last cycle */
    double slope;      /* Rasch: the common slope (latent SD); 2PL: 0 */
    int stopped;       /* the progress callback asked to stop */
} irt_calib_result;

/*
 * Estimates a[i], d[i] for every item. Starting values: d from the item's
 * proportion correct (the prior mean when an item has no answers), a = 1.
 * n[i] (optional, may be NULL) receives each item's weighted answer count.
 * Returns 0, −1 when out of memory, 1 when the data hold no answers.
 */
int irt_calibrate(const irt_data *data, const irt_calib_opts *o, double *a, double *d, double *n,
                  irt_calib_result *res);

/*
 * Identical response patterns (the same items with the same scores, in the
 * same order) merged into one pattern weighted by the persons who gave it, so
 * that EM costs per distinct pattern (as the LSAT tables are written): 300,000
 * rows of 5 items hold at most 32 patterns of 0/1. c->data is the collapsed
 * input (its arrays owned by c; free with irt_collapsed_free). Returns 0, or
 * -1 when out of memory (c is then empty).
 */
typedef struct irt_collapsed {
    irt_data data;
    size_t *start;
    irt_resp *resp;
    double *weight;
} irt_collapsed;

int irt_collapse(const irt_data *in, irt_collapsed *c);
void irt_collapsed_free(irt_collapsed *c);

#endif
