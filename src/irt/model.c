/* irt/model — logistic models, grids, EAP/MAP, levels. */
#include "irt/model.h"

#include <stdlib.h>
#include <string.h>

const char *irt_model_name(irt_model m)
{
    return m == IRT_RASCH ? "rasch" : m == IRT_2PL ? "2pl" : "?";
}

irt_model irt_model_parse(const char *name)
{
    if (strcmp(name, "rasch") == 0 || strcmp(name, "1pl") == 0)
        return IRT_RASCH;
    if (strcmp(name, "2pl") == 0)
        return IRT_2PL;
    return 0;
}

void irt_grid_normal(irt_grid *g, int n, double lo, double hi, double mean, double sd)
{
    if (n < 2)
        n = 2;
    if (n > IRT_MAX_QUAD)
        n = IRT_MAX_QUAD;
    g->n = n;
    double sum = 0;
    for (int k = 0; k < n; k++) {
        g->x[k] = lo + (hi - lo) * k / (n - 1);
        double z = (g->x[k] - mean) / sd;
        g->w[k] = exp(-0.5 * z * z);
        sum += g->w[k];
    }
    for (int k = 0; k < n; k++)
        g->w[k] /= sum;
}

double irt_loglik(const irt_obs *o, size_t n, double theta)
{
    double ll = 0;
    for (size_t i = 0; i < n; i++) {
        double lp, lq;
        irt_logpq(o[i].a, o[i].d, theta, &lp, &lq);
        ll += o[i].x * lp + (1.0 - o[i].x) * lq;
    }
    return ll;
}

double irt_posterior(const irt_obs *o, size_t n, const double *x, int nx, double mean, double sd,
                     double *post)
{
    double mx = -INFINITY, prior_sum = 0;
    for (int k = 0; k < nx; k++) {
        double z = (x[k] - mean) / sd;
        double lprior = -0.5 * z * z;
        prior_sum += exp(lprior);
        post[k] = irt_loglik(o, n, x[k]) + lprior;
        if (post[k] > mx)
            mx = post[k];
    }
    double sum = 0;
    for (int k = 0; k < nx; k++) {
        post[k] = exp(post[k] - mx);
        sum += post[k];
    }
    for (int k = 0; k < nx; k++)
        post[k] /= sum;
    return mx + log(sum) - log(prior_sum);
}

void irt_moments(const double *x, const double *post, int nx, double *mean, double *sd)
{
    double m = 0, v = 0;
    for (int k = 0; k < nx; k++)
        m += x[k] * post[k];
    for (int k = 0; k < nx; k++)
        v += (x[k] - m) * (x[k] - m) * post[k];
    *mean = m;
    *sd = sqrt(v);
}

double irt_logpost(const irt_obs *o, size_t n, double mean, double sd, double theta)
{
    double z = (theta - mean) / sd;
    return irt_loglik(o, n, theta) - 0.5 * z * z;
}

int irt_map(const irt_obs *o, size_t n, double mean, double sd, double *theta, double *se)
{
    double th = mean, prec = 1.0 / (sd * sd);
    int it;
    for (it = 1; it <= 100; it++) {
        double g = -(th - mean) * prec, h = prec;
        for (size_t i = 0; i < n; i++) {
            double p = irt_p(o[i].a, o[i].d, th);
            g += o[i].a * (o[i].x - p);
            h += o[i].a * o[i].a * p * (1.0 - p);
        }
        double step = g / h; /* the log-posterior is concave: h > 0 */
        if (step > 1)
            step = 1;
        if (step < -1)
            step = -1;
        th += step;
        if (fabs(step) < 1e-10)
            break;
    }
    double info = prec;
    for (size_t i = 0; i < n; i++)
        info += irt_info(o[i].a, o[i].d, th);
    *theta = th;
    *se = 1.0 / sqrt(info);
    return it <= 100 ? it : -1;
}

/* ---- levels ------------------------------------------------------------ */

double irt_level_b(int level, int n_levels)
{
    if (level <= 0 || n_levels <= 0)
        return 0.0;
    return level - (n_levels + 1) / 2.0;
}

void irt_default_cuts(int n_levels, double *cuts)
{
    for (int l = 1; l < n_levels; l++)
        cuts[l - 1] = l - n_levels / 2.0;
}

int irt_level_of(double theta, const double *cuts, int n_cuts)
{
    int level = 1;
    for (int c = 0; c < n_cuts; c++)
        if (theta >= cuts[c])
            level++;
    return level;
}

void irt_level_probs(const double *x, const double *post, int nx, const double *cuts, int n_cuts,
                     double *probs)
{
    for (int l = 0; l <= n_cuts; l++)
        probs[l] = 0;
    double h = nx > 1 ? x[1] - x[0] : 1.0;
    for (int k = 0; k < nx; k++) {
        /* the share of the node's cell below each cut (cuts ascend) */
        double lo = x[k] - h / 2, prev = 0;
        for (int c = 0; c < n_cuts; c++) {
            double below = (cuts[c] - lo) / h;
            below = below < prev ? prev : below > 1 ? 1 : below;
            probs[c] += post[k] * (below - prev);
            prev = below;
        }
        probs[n_cuts] += post[k] * (1 - prev);
    }
}

int irt_eap_sum(const double *a, const double *d, size_t n_items, const irt_grid *g, double *theta,
                double *sd)
{
    /* L[k][s]: P(sum score s | x_k), built one item at a time */
    size_t ns = n_items + 1;
    double *L = calloc((size_t)g->n * ns, sizeof *L);
    if (!L)
        return -1;
    for (int k = 0; k < g->n; k++) {
        double *l = L + (size_t)k * ns;
        l[0] = 1;
        for (size_t i = 0; i < n_items; i++) {
            double p = irt_p(a[i], d[i], g->x[k]);
            for (size_t s = i + 1; s > 0; s--)
                l[s] = l[s] * (1 - p) + l[s - 1] * p;
            l[0] *= 1 - p;
        }
    }
    for (size_t s = 0; s < ns; s++) {
        double m0 = 0, m1 = 0, m2 = 0;
        for (int k = 0; k < g->n; k++) {
            double w = L[(size_t)k * ns + s] * g->w[k];
            m0 += w;
            m1 += w * g->x[k];
            m2 += w * g->x[k] * g->x[k];
        }
        theta[s] = m1 / m0;
        double v = m2 / m0 - theta[s] * theta[s];
        sd[s] = sqrt(v > 0 ? v : 0);
    }
    free(L);
    return 0;
}
