/*
 * calib_bench — calibration time on sparse data: 10,000 simulated examinees
 * answer 40 random items each of a 2,000-item 2PL bank (a ~ lognormal(0,
 * 0.25), b ~ N(0, 1)); EM with the library's defaults, one thread. Prints the
 * median of --rounds runs per model, the EM cycles and how well the
 * difficulties are recovered. Not a test: run by scripts/bench.sh.
 *
 *   calib_bench [--persons N] [--items N] [--per-person K] [--rounds R]
 */
#include "core/rng.h"
#include "irt/calib.h"

#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double corr(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

int main(int argc, char **argv)
{
    size_t P = 10000, I = 2000, K = 40, rounds = 3;
    const bench_opt opts[] = {
        {"--persons", &P}, {"--items", &I}, {"--per-person", &K}, {"--rounds", &rounds}};
    if (!bench_parse(argc, argv, "calib_bench", opts, sizeof opts / sizeof *opts))
        return 2;
    if (K > I)
        K = I;
    rng r;
    rng_seed(&r, 2026, 1);
    double *ta = malloc(I * sizeof *ta), *td = malloc(I * sizeof *td), *tb = malloc(I * sizeof *tb);
    double *a = malloc(I * sizeof *a), *d = malloc(I * sizeof *d), *eb = malloc(I * sizeof *eb);
    irt_resp *resp = malloc(P * K * sizeof *resp);
    size_t *start = malloc((P + 1) * sizeof *start);
    uint32_t *pick = malloc(I * sizeof *pick);
    double *times = malloc(rounds * sizeof *times);
    if (!ta || !td || !tb || !a || !d || !eb || !resp || !start || !pick || !times)
        return 1;
    for (size_t i = 0; i < I; i++) {
        ta[i] = exp(0.25 * rng_normal(&r));
        tb[i] = rng_normal(&r);
        td[i] = -ta[i] * tb[i];
        pick[i] = (uint32_t)i;
    }
    for (size_t p = 0; p < P; p++) {
        double th = rng_normal(&r);
        start[p] = p * K;
        for (size_t j = 0; j < K; j++) {
            size_t x = j + rng_below(&r, (uint32_t)(I - j));
            uint32_t t = pick[j];
            pick[j] = pick[x];
            pick[x] = t;
            double pr = 1 / (1 + exp(-(ta[pick[j]] * th + td[pick[j]])));
            resp[p * K + j] = (irt_resp){pick[j], rng_unit(&r) < pr ? 1.0f : 0.0f};
        }
    }
    start[P] = P * K;
    irt_data dt = {P, I, start, resp, NULL};
    printf("calibration: %zu examinees x %zu items, %zu answers each (%zu answers, %.0f per "
           "item), one thread, %zu rounds\n",
           P, I, K, P * K, (double)(P * K) / (double)I, rounds);
    const irt_model models[2] = {IRT_2PL, IRT_RASCH};
    for (int m = 0; m < 2; m++) {
        irt_calib_opts o;
        irt_calib_opts_init(&o);
        o.model = models[m];
        irt_calib_result res;
        for (size_t k = 0; k < rounds; k++) {
            double t0 = bench_now();
            if (irt_calibrate(&dt, &o, a, d, NULL, &res) != 0)
                return 1;
            times[k] = bench_now() - t0;
        }
        double med = bench_quantile(times, rounds, 0.5);
        for (size_t i = 0; i < I; i++)
            eb[i] = -d[i] / a[i];
        printf("  %-5s median %.2f s (min %.2f, max %.2f); %d EM cycles (%s), %.1f ms a cycle; "
               "log L %.1f; r(b, true b) = %.4f\n",
               irt_model_name(models[m]), med, times[0], times[rounds - 1], res.cycles,
               res.converged ? "converged" : "NOT converged", 1000 * med / res.cycles, res.loglik,
               corr(eb, tb, I));
    }
    free(ta);
    free(td);
    free(tb);
    free(a);
    free(d);
    free(eb);
    free(resp);
    free(start);
    free(pick);
    free(times);
    return 0;
}
