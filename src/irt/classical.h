/*
 * irt/classical — classical test theory as Moodle's quiz statistics define it
 * (REFERENCES.md §4): facility, SD, discrimination index (the correlation of
 * an item with the rest of the test), discriminative efficiency, item–total
 * correlations, and per form Cronbach's alpha (CIC), error ratio and the
 * standard error of a score. Variances and covariances divide by n − 1.
 *
 * Input is the sparse person × item layout of irt/calib (attempts as
 * persons). An item's statistics use the attempts that answered it, with
 * T = the attempt's total and y = T − x; test statistics need every attempt
 * to have answered every item (one form).
 */
#ifndef ASSAY_IRT_CLASSICAL_H
#define ASSAY_IRT_CLASSICAL_H

#include "irt/calib.h"

#include <stddef.h>

/* Thresholds for the flags (documented in docs/internals/irt.md). */
#define CL_TOO_EASY     0.90 /* facility above */
#define CL_TOO_HARD     0.20 /* facility below (or below the random-guess score) */
#define CL_DUBIOUS_DE   15.0 /* discriminative efficiency below, in % */
#define CL_DISTRACTOR   0.05 /* a distractor chosen by fewer is non-functioning */
#define CL_MIN_FLAGGING 10   /* fewer answers than this: no quality flags */

enum {
    CL_NEGATIVE_DI = 1 << 0,
    CL_TOO_EASY_F = 1 << 1,
    CL_TOO_HARD_F = 1 << 2,
    CL_DUBIOUS = 1 << 3,
    CL_FEW = 1 << 4 /* too few answers to judge */
};

typedef struct cl_item {
    double n;        /* answers (weighted) */
    double facility; /* mean score / max mark, 0..1 */
    double sd;       /* of the score, 0..1 of max mark */
    double di;       /* discrimination index, % (NaN when undefined) */
    double de;       /* discriminative efficiency, % (NaN when undefined) */
    double r_total;  /* correlation with the attempt total (item included) */
    double r_rest;   /* corrected: with the total without the item (= di / 100) */
    unsigned flags;
} cl_item;

typedef struct cl_test {
    size_t attempts, items;
    double mean, sd; /* of the total score */
    double alpha;    /* Cronbach's alpha (CIC / 100); NaN when undefined */
    double er;       /* error ratio, % */
    double se;       /* standard error of a total, marks */
} cl_test;

/* Per-item statistics into out[0..n_items); guess[i] (may be NULL) is the
 * item's random-guess score, used by the too-hard flag. −1 when out of memory. */
int cl_items(const irt_data *d, const double *guess, cl_item *out);

/* Test statistics of one form: every attempt answered every item. */
void cl_form(const irt_data *d, cl_test *out);

#endif
