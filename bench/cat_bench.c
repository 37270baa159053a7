/*
 * cat_bench — the adaptive assessment's cost per question on a 10,000-item
 * bank: next-item selection (topic allocation + maximum information among the
 * topic's items + randomesque) and recording an answer (every topic's
 * estimate and stopping decision updated). Simulated examinees take
 * 45-question assessments; each call is timed. Medians and the 99th
 * percentile of all calls; not a test: run by scripts/bench.sh.
 *
 *   cat_bench [--items N] [--topics T] [--examinees E] [--length L]
 */
#include "core/rng.h"
#include "irt/cat.h"

#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void report(const char *what, double *t, size_t n)
{
    double p99 = bench_quantile(t, n, 0.99);
    printf("  %-22s p50 %7.1f us  p99 %7.1f us  (%zu calls)\n", what,
           1e6 * bench_quantile(t, n, 0.5), 1e6 * p99, n);
}

int main(int argc, char **argv)
{
    size_t I = 10000, T = 15, E = 200, L = 45;
    const bench_opt opts[] = {
        {"--items", &I}, {"--topics", &T}, {"--examinees", &E}, {"--length", &L}};
    if (!bench_parse(argc, argv, "cat_bench", opts, sizeof opts / sizeof *opts))
        return 2;
    rng r;
    rng_seed(&r, 7, 1);
    cat_item *items = malloc(I * sizeof *items);
    double *theta = malloc(T * sizeof *theta);
    double *t_next = malloc(E * (L + 1) * sizeof *t_next), *t_rec = malloc(E * L * sizeof *t_rec);
    if (!items || !theta || !t_next || !t_rec)
        return 1;
    for (size_t i = 0; i < I; i++) {
        double a = exp(0.25 * rng_normal(&r));
        double b = irt_level_b(1 + (int)(i % 4), 4) + 0.3 * rng_normal(&r);
        items[i] = (cat_item){a, -a * b, (uint32_t)(i % T)};
    }
    cat_config cfg;
    cat_config_init(&cfg, 4);
    cfg.max_items = L;
    size_t nn = 0, nr = 0, total_items = 0;
    double t_init = 0;
    for (size_t e = 0; e < E; e++) {
        double g = rng_normal(&r);
        for (size_t t = 0; t < T; t++)
            theta[t] = g + cfg.tau * rng_normal(&r);
        cfg.seed = e + 1;
        cat c;
        double t0 = bench_now();
        if (cat_init(&c, &cfg, items, I, T) != 0)
            return 1;
        t_init += bench_now() - t0;
        for (;;) {
            t0 = bench_now();
            long i = cat_next(&c);
            t_next[nn++] = bench_now() - t0;
            if (i < 0)
                break;
            double p = irt_p(items[i].a, items[i].d, theta[items[i].topic]);
            double x = rng_unit(&r) < p;
            t0 = bench_now();
            if (cat_record(&c, (uint32_t)i, x) != 0)
                return 1;
            t_rec[nr++] = bench_now() - t0;
        }
        total_items += c.n_steps;
        cat_free(&c);
    }
    printf("adaptive assessment: %zu items in %zu topics, %zu examinees, up to %zu questions "
           "(%.1f asked on average); start %.2f ms\n",
           I, T, E, L, (double)total_items / (double)E, 1000 * t_init / (double)E);
    report("next-item selection", t_next, nn);
    report("record + update", t_rec, nr);
    free(items);
    free(theta);
    free(t_next);
    free(t_rec);
    return 0;
}
