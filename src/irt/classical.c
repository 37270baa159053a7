/* irt/classical — Moodle's item and test statistics, with frequency weights. */
#include "irt/classical.h"

#include "core/sort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct wv {
    double v, w;
} wv;

static int by_value(const void *a, const void *b)
{
    double x = ((const wv *)a)->v, y = ((const wv *)b)->v;
    return (x > y) - (x < y);
}

/* Σ w (x − mx)(y − my) with x and y each sorted ascending and paired by
 * cumulative weight: the largest covariance their margins allow (Moodle's
 * covmax, for real-valued frequency weights). Sorts xs and ys. */
static double comonotone(wv *xs, wv *ys, size_t n, double mx, double my)
{
    sort_array(xs, n, sizeof *xs, by_value);
    sort_array(ys, n, sizeof *ys, by_value);
    double s = 0, left_x = n ? xs[0].w : 0, left_y = n ? ys[0].w : 0;
    size_t i = 0, j = 0;
    while (i < n && j < n) {
        double take = left_x < left_y ? left_x : left_y;
        s += take * (xs[i].v - mx) * (ys[j].v - my);
        left_x -= take;
        left_y -= take;
        if (left_x <= 1e-12 && ++i < n)
            left_x = xs[i].w;
        if (left_y <= 1e-12 && ++j < n)
            left_y = ys[j].w;
    }
    return s;
}

static double wt(const irt_data *d, size_t p)
{
    return d->weight ? d->weight[p] : 1.0;
}

int cl_items(const irt_data *d, const double *guess, cl_item *out)
{
    size_t I = d->n_items, P = d->n_persons, R = d->start[P];
    double *total = malloc((P + 1) * sizeof *total);
    size_t *off = calloc(I + 1, sizeof *off), *fill = calloc(I + 1, sizeof *fill);
    size_t *who = malloc((R + 1) * sizeof *who); /* responses grouped by item */
    size_t *person = malloc((R + 1) * sizeof *person);
    wv *xs = malloc((R + 1) * sizeof *xs), *ys = malloc((R + 1) * sizeof *ys);
    int rc = -1;
    if (!total || !off || !fill || !who || !person || !xs || !ys)
        goto out;
    for (size_t p = 0; p < P; p++) {
        total[p] = 0;
        for (size_t r = d->start[p]; r < d->start[p + 1]; r++) {
            total[p] += d->resp[r].x;
            person[r] = p;
            off[d->resp[r].item + 1]++;
        }
    }
    for (size_t i = 0; i < I; i++)
        off[i + 1] += off[i];
    for (size_t r = 0; r < R; r++) {
        size_t i = d->resp[r].item;
        who[off[i] + fill[i]++] = r;
    }

    for (size_t i = 0; i < I; i++) {
        cl_item *o = &out[i];
        memset(o, 0, sizeof *o);
        o->di = o->de = o->r_total = o->r_rest = NAN;
        size_t m = 0;
        double n = 0, sx = 0, sy = 0;
        for (size_t k = off[i]; k < off[i + 1]; k++) {
            size_t r = who[k], p = person[r];
            double f = wt(d, p), x = d->resp[r].x;
            xs[m] = (wv){x, f};
            ys[m] = (wv){total[p] - x, f};
            m++;
            n += f;
            sx += f * x;
            sy += f * (total[p] - x);
        }
        o->n = n;
        if (n <= 0)
            continue;
        double mx = sx / n, my = sy / n, vx = 0, vy = 0, cxy = 0;
        for (size_t k = 0; k < m; k++) {
            vx += xs[k].w * (xs[k].v - mx) * (xs[k].v - mx);
            vy += ys[k].w * (ys[k].v - my) * (ys[k].v - my);
            cxy += xs[k].w * (xs[k].v - mx) * (ys[k].v - my);
        }
        o->facility = mx;
        if (n > 1) {
            vx /= n - 1;
            vy /= n - 1;
            cxy /= n - 1;
            o->sd = sqrt(vx);
            if (vx > 0 && vy > 0) {
                o->r_rest = cxy / sqrt(vx * vy);
                o->di = 100 * o->r_rest;
            }
            double vt = vx + vy + 2 * cxy;
            if (vx > 0 && vt > 0)
                o->r_total = (cxy + vx) / sqrt(vx * vt);
            double cmax = comonotone(xs, ys, m, mx, my) / (n - 1);
            if (cmax > 0)
                o->de = 100 * cxy / cmax;
        }
        if (n < CL_MIN_FLAGGING) {
            o->flags = CL_FEW;
            continue;
        }
        if (o->di < 0)
            o->flags |= CL_NEGATIVE_DI;
        if (o->facility > CL_TOO_EASY)
            o->flags |= CL_TOO_EASY_F;
        if (o->facility < CL_TOO_HARD || (guess && o->facility < guess[i]))
            o->flags |= CL_TOO_HARD_F;
        if (o->de < CL_DUBIOUS_DE)
            o->flags |= CL_DUBIOUS;
    }
    rc = 0;
out:
    free(total);
    free(off);
    free(fill);
    free(who);
    free(person);
    free(xs);
    free(ys);
    return rc;
}

void cl_form(const irt_data *d, cl_test *out)
{
    memset(out, 0, sizeof *out);
    out->alpha = out->er = out->se = NAN;
    size_t I = d->n_items, P = d->n_persons;
    out->attempts = P;
    out->items = I;
    double n = 0, st = 0;
    for (size_t p = 0; p < P; p++) {
        double t = 0;
        for (size_t r = d->start[p]; r < d->start[p + 1]; r++)
            t += d->resp[r].x;
        n += wt(d, p);
        st += wt(d, p) * t;
    }
    if (n <= 1)
        return;
    double mt = st / n, vt = 0;
    for (size_t p = 0; p < P; p++) {
        double t = 0;
        for (size_t r = d->start[p]; r < d->start[p + 1]; r++)
            t += d->resp[r].x;
        vt += wt(d, p) * (t - mt) * (t - mt);
    }
    vt /= n - 1;
    out->mean = mt;
    out->sd = sqrt(vt);
    /* Σ var(x_i): per item sums over the attempts */
    double *s1 = calloc(I + 1, sizeof *s1), *s2 = calloc(I + 1, sizeof *s2);
    if (!s1 || !s2 || I < 2 || vt <= 0) {
        free(s1);
        free(s2);
        return;
    }
    for (size_t p = 0; p < P; p++)
        for (size_t r = d->start[p]; r < d->start[p + 1]; r++) {
            s1[d->resp[r].item] += wt(d, p) * d->resp[r].x;
            s2[d->resp[r].item] += wt(d, p) * d->resp[r].x * d->resp[r].x;
        }
    double sv = 0;
    for (size_t i = 0; i < I; i++)
        sv += (s2[i] - s1[i] * s1[i] / n) / (n - 1);
    free(s1);
    free(s2);
    out->alpha = (double)I / (double)(I - 1) * (1 - sv / vt);
    if (out->alpha <= 1) {
        out->er = 100 * sqrt(1 - out->alpha);
        out->se = out->er / 100 * out->sd;
    }
}
