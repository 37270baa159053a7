/*
 * bench.h — what every benchmark shares: a monotonic clock, sorting timings
 * for medians and percentiles, and positive whole-number options
 * ("--items 10000"). Header-only and for bench/ alone; the library never
 * includes it.
 */
#ifndef ASSAY_BENCH_H
#define ASSAY_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v ascending and returns its q-quantile (0 ≤ q ≤ 1): the element at
 * floor(q·n), clamped; q = 0.5 of an even count is the mean of the middle two. */
static inline double bench_quantile(double *v, size_t n, double q)
{
    qsort(v, n, sizeof *v, bench_cmp_double);
    if (q == 0.5 && n % 2 == 0)
        return (v[n / 2 - 1] + v[n / 2]) / 2;
    size_t k = (size_t)((double)n * q);
    return v[k < n ? k : n - 1];
}

/* One "--name N" option of a benchmark. */
typedef struct {
    const char *name;
    size_t *value;
} bench_opt;

/* Reads "--name N" pairs into opts[]. Every value must be a positive whole
 * number. Prints the reason and the usage line and returns 0 on anything else. */
static inline int bench_parse(int argc, char **argv, const char *prog, const bench_opt *opts,
                              size_t n_opts)
{
    for (int i = 1; i < argc; i += 2) {
        const bench_opt *o = NULL;
        for (size_t k = 0; k < n_opts && !o; k++)
            if (strcmp(argv[i], opts[k].name) == 0)
                o = &opts[k];
        char *end = NULL;
        long long v = i + 1 < argc ? strtoll(argv[i + 1], &end, 10) : 0;
        if (!o || !end || *end || v <= 0) {
            fprintf(stderr, "%s: %s %s\nusage: %s", prog, o ? "bad value for" : "unknown option",
                    argv[i], prog);
            for (size_t k = 0; k < n_opts; k++)
                fprintf(stderr, " [%s N]", opts[k].name);
            fputc('\n', stderr);
            return 0;
        }
        *o->value = (size_t)v;
    }
    return 1;
}

#endif
