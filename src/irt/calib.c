/* irt/calib — Bock–Aitkin EM for the Rasch and 2PL models on sparse data. */
#include "irt/calib.h"

#include "core/sort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LOG_SQRT_2PI 0.91893853320467274178

void irt_calib_opts_init(irt_calib_opts *o)
{
    memset(o, 0, sizeof *o);
    o->model = IRT_2PL;
    o->n_quad = 61;
    o->quad_lim = 6;
    o->max_cycles = 2000;
    o->tol = 1e-5;
    o->accelerate = 1;
}

typedef struct em {
    const irt_data *dt;
    const irt_calib_opts *o;
    size_t I;
    int K;
    irt_grid g;
    double *lp, *lq; /* log P, log Q per item and node */
    double *R, *N;   /* expected correct and expected answers per item and node */
    double *ll, *post;
} em;

static double wt(const irt_data *dt, size_t p)
{
    return dt->weight ? dt->weight[p] : 1.0;
}

/* The E-step: expected counts at the current parameters; returns log L. */
static double estep(em *m, const double *a, const double *d)
{
    const int K = m->K;
    const double *x = m->g.x, *w = m->g.w;
    for (size_t i = 0; i < m->I; i++)
        for (int k = 0; k < K; k++)
            irt_logpq(a[i], d[i], x[k], &m->lp[i * (size_t)K + (size_t)k],
                      &m->lq[i * (size_t)K + (size_t)k]);
    memset(m->R, 0, m->I * (size_t)K * sizeof *m->R);
    memset(m->N, 0, m->I * (size_t)K * sizeof *m->N);
    double LL = 0, *ll = m->ll, *post = m->post;
    const irt_data *dt = m->dt;
    for (size_t p = 0; p < dt->n_persons; p++) {
        size_t r0 = dt->start[p], r1 = dt->start[p + 1];
        double f = wt(dt, p);
        if (r0 == r1 || f <= 0)
            continue;
        for (int k = 0; k < K; k++)
            ll[k] = 0;
        for (size_t r = r0; r < r1; r++) {
            size_t i = dt->resp[r].item;
            double xs = dt->resp[r].x;
            const double *P = m->lp + i * (size_t)K, *Q = m->lq + i * (size_t)K;
            if (xs >= 1) {
                for (int k = 0; k < K; k++)
                    ll[k] += P[k];
            } else if (xs <= 0) {
                for (int k = 0; k < K; k++)
                    ll[k] += Q[k];
            } else {
                for (int k = 0; k < K; k++)
                    ll[k] += xs * P[k] + (1 - xs) * Q[k];
            }
        }
        double mx = ll[0];
        for (int k = 1; k < K; k++)
            if (ll[k] > mx)
                mx = ll[k];
        double s = 0;
        for (int k = 0; k < K; k++) {
            post[k] = exp(ll[k] - mx) * w[k];
            s += post[k];
        }
        LL += f * (mx + log(s));
        double c = f / s;
        for (int k = 0; k < K; k++)
            post[k] *= c;
        for (size_t r = r0; r < r1; r++) {
            size_t i = dt->resp[r].item;
            double xs = dt->resp[r].x;
            double *Ni = m->N + i * (size_t)K, *Ri = m->R + i * (size_t)K;
            for (int k = 0; k < K; k++)
                Ni[k] += post[k];
            if (xs > 0)
                for (int k = 0; k < K; k++)
                    Ri[k] += xs * post[k];
        }
    }
    return LL;
}

/* Gradient and (negative definite) Hessian of item i's expected complete-data
 * log-likelihood in (d, a), prior on d included. */
typedef struct deriv {
    double gd, ga, hdd, hda, haa;
} deriv;

static deriv item_deriv(const em *m, size_t i, double a, double d)
{
    deriv r = {0, 0, 0, 0, 0};
    const double *Ri = m->R + i * (size_t)m->K, *Ni = m->N + i * (size_t)m->K;
    for (int k = 0; k < m->K; k++) {
        if (Ni[k] <= 0)
            continue;
        double x = m->g.x[k], p = irt_p(a, d, x);
        double res = Ri[k] - Ni[k] * p, wq = Ni[k] * p * (1 - p);
        r.gd += res;
        r.ga += res * x;
        r.hdd -= wq;
        r.hda -= wq * x;
        r.haa -= wq * x * x;
    }
    const irt_prior *pr = m->o->priors ? &m->o->priors[i] : NULL;
    if (pr && pr->d_sd > 0) {
        double v = pr->d_sd * pr->d_sd;
        r.gd -= (d - pr->d_mean) / v;
        r.hdd -= 1 / v;
    }
    return r;
}

static double clamp1(double s)
{
    return s > 1 ? 1 : s < -1 ? -1 : s;
}

/* M-step for one 2PL item: a few Newton steps on (d, a). */
static void mstep_2pl(const em *m, size_t i, double *a, double *d)
{
    const irt_prior *pr = m->o->priors ? &m->o->priors[i] : NULL;
    for (int it = 0; it < 8; it++) {
        deriv r = item_deriv(m, i, *a, *d);
        if (pr && pr->loga_sd > 0 && *a > 0) {
            double v = pr->loga_sd * pr->loga_sd, la = log(*a) - pr->loga_mean;
            r.ga -= la / (*a * v);
            double h = -(1 - la) / (*a * *a * v);
            r.haa += h < 0 ? h : 0;
        }
        double det = r.hdd * r.haa - r.hda * r.hda;
        double sd = 0, sa = 0;
        if (r.hdd < 0 && r.haa < 0 && det > 1e-12 * r.hdd * r.haa) {
            sd = -(r.haa * r.gd - r.hda * r.ga) / det;
            sa = -(r.hdd * r.ga - r.hda * r.gd) / det;
        } else if (r.hdd < 0) {
            sd = -r.gd / r.hdd;
        } else {
            return; /* nothing informs this item */
        }
        sd = clamp1(sd);
        sa = clamp1(sa);
        if (pr && pr->loga_sd > 0)
            while (*a + sa <= 1e-3)
                sa /= 2;
        *d += sd;
        *a += sa;
        if (fabs(sd) < 1e-9 && fabs(sa) < 1e-9)
            return;
    }
}

/* M-step for the Rasch model: every d_i and the common slope a together
 * (Newton on an arrow-shaped Hessian, solved by block elimination). */
static void mstep_rasch(const em *m, double *a, double *d)
{
    size_t I = m->I;
    for (int it = 0; it < 8; it++) {
        double ga = 0, haa = 0, s_cg = 0, s_cc = 0;
        double maxstep = 0;
        for (size_t i = 0; i < I; i++) {
            deriv r = item_deriv(m, i, *a, d[i]);
            ga += r.ga;
            haa += r.haa;
            if (r.hdd < 0) {
                s_cg += r.hda * r.gd / r.hdd;
                s_cc += r.hda * r.hda / r.hdd;
            }
        }
        double den = haa - s_cc, sa = 0;
        if (den < 0)
            sa = clamp1((-ga + s_cg) / den);
        for (size_t i = 0; i < I; i++) {
            deriv r = item_deriv(m, i, *a, d[i]);
            if (r.hdd >= 0)
                continue;
            double sd = clamp1((-r.gd - r.hda * sa) / r.hdd);
            d[i] += sd;
            if (fabs(sd) > maxstep)
                maxstep = fabs(sd);
        }
        *a += sa;
        if (fabs(sa) > maxstep)
            maxstep = fabs(sa);
        if (maxstep < 1e-9)
            return;
    }
}

static double log_prior(const irt_calib_opts *o, size_t I, const double *a, const double *d)
{
    if (!o->priors)
        return 0;
    double lp = 0;
    for (size_t i = 0; i < I; i++) {
        const irt_prior *pr = &o->priors[i];
        if (pr->d_sd > 0) {
            double z = (d[i] - pr->d_mean) / pr->d_sd;
            lp += -0.5 * z * z - log(pr->d_sd) - LOG_SQRT_2PI;
        }
        if (o->model == IRT_2PL && pr->loga_sd > 0 && a[i] > 0) {
            double z = (log(a[i]) - pr->loga_mean) / pr->loga_sd;
            lp += -0.5 * z * z - log(pr->loga_sd) - LOG_SQRT_2PI;
        }
    }
    return lp;
}

/* Parameters as one vector: d_0..d_{I-1}, then a_0..a_{I-1} (2PL) or the
 * common a (Rasch). */
static size_t pack(const em *m, const double *a, const double *d, double *v)
{
    size_t n = 0;
    for (size_t i = 0; i < m->I; i++)
        v[n++] = d[i];
    if (m->o->model == IRT_RASCH) {
        v[n++] = a[0];
    } else {
        for (size_t i = 0; i < m->I; i++)
            v[n++] = a[i];
    }
    return n;
}

static void unpack(const em *m, const double *v, double *a, double *d)
{
    size_t n = 0;
    for (size_t i = 0; i < m->I; i++)
        d[i] = v[n++];
    if (m->o->model == IRT_RASCH) {
        for (size_t i = 0; i < m->I; i++)
            a[i] = v[n];
    } else {
        for (size_t i = 0; i < m->I; i++)
            a[i] = v[n++];
    }
}

static void start_values(const em *m, double *a, double *d, double *n)
{
    const irt_data *dt = m->dt;
    double *sum = m->R; /* scratch: I entries */
    memset(sum, 0, m->I * sizeof *sum);
    for (size_t i = 0; i < m->I; i++)
        n[i] = 0;
    for (size_t p = 0; p < dt->n_persons; p++)
        for (size_t r = dt->start[p]; r < dt->start[p + 1]; r++) {
            n[dt->resp[r].item] += wt(dt, p);
            sum[dt->resp[r].item] += wt(dt, p) * dt->resp[r].x;
        }
    for (size_t i = 0; i < m->I; i++) {
        const irt_prior *pr = m->o->priors ? &m->o->priors[i] : NULL;
        a[i] = 1;
        if (n[i] > 0) {
            double q = (sum[i] + 0.5) / (n[i] + 1); /* never 0 or 1 */
            d[i] = log(q / (1 - q));
        } else {
            d[i] = pr ? pr->d_mean : 0;
        }
    }
}

int irt_calibrate(const irt_data *dt, const irt_calib_opts *o_in, double *a, double *d,
                  double *n_out, irt_calib_result *res)
{
    irt_calib_opts o = *o_in;
    if (o.n_quad < 2)
        o.n_quad = 61;
    if (o.quad_lim <= 0)
        o.quad_lim = 6;
    if (o.max_cycles <= 0)
        o.max_cycles = 2000;
    if (o.tol <= 0)
        o.tol = 1e-5;
    memset(res, 0, sizeof *res);
    size_t I = dt->n_items;
    if (I == 0 || dt->start[dt->n_persons] == 0)
        return 1;

    em m = {.dt = dt, .o = &o, .I = I};
    irt_grid_normal(&m.g, o.n_quad, -o.quad_lim, o.quad_lim, 0, 1);
    m.K = m.g.n;
    size_t IK = I * (size_t)m.K, nv = 2 * I + 1;
    m.lp = malloc(IK * sizeof *m.lp);
    m.lq = malloc(IK * sizeof *m.lq);
    m.R = malloc(IK * sizeof *m.R);
    m.N = malloc(IK * sizeof *m.N);
    m.ll = malloc((size_t)m.K * sizeof *m.ll);
    m.post = malloc((size_t)m.K * sizeof *m.post);
    double *n = n_out ? n_out : malloc(I * sizeof *n);
    double *cur = malloc(nv * sizeof *cur), *pre = malloc(nv * sizeof *pre),
           *pre2 = malloc(nv * sizeof *pre2);
    int rc = -1;
    if (!m.lp || !m.lq || !m.R || !m.N || !m.ll || !m.post || !n || !cur || !pre || !pre2)
        goto out;

    start_values(&m, a, d, n);
    double prev_obj = -INFINITY;
    int have_pre2 = 0, skip_accel = 0;
    for (int cycle = 1; cycle <= o.max_cycles; cycle++) {
        double LL = estep(&m, a, d);
        double obj = LL + log_prior(&o, I, a, d);
        if (obj < prev_obj - 1e-9)
            skip_accel = 3; /* an acceleration overshot: plain EM for a while */
        prev_obj = obj;

        size_t np = pack(&m, a, d, pre);
        if (o.model == IRT_RASCH) {
            mstep_rasch(&m, &a[0], d);
            for (size_t i = 1; i < I; i++)
                a[i] = a[0];
        } else {
            for (size_t i = 0; i < I; i++)
                mstep_2pl(&m, i, &a[i], &d[i]);
        }
        pack(&m, a, d, cur);
        double change = 0;
        for (size_t k = 0; k < np; k++)
            if (fabs(cur[k] - pre[k]) > change)
                change = fabs(cur[k] - pre[k]);
        res->cycles = cycle;
        res->max_change = change;
        res->loglik = LL;
        if (o.progress && o.progress(o.ud, cycle, LL, change) != 0) {
            res->stopped = 1;
            break;
        }
        if (change < o.tol) {
            res->converged = 1;
            break;
        }
        if (skip_accel > 0)
            skip_accel--;
        /* Ramsay (1975), as mirt applies it: every third cycle extrapolate
         * along the last step by how much the steps are shrinking. */
        if (o.accelerate && have_pre2 && cycle % 3 == 0 && !skip_accel) {
            double num = 0, den = 0;
            for (size_t k = 0; k < np; k++) {
                double dx = cur[k] - pre[k], dx2 = pre[k] - pre2[k];
                num += dx * dx;
                den += (dx - dx2) * (dx - dx2);
            }
            if (den > 0) {
                double accel = 1 - sqrt(num / den);
                if (accel < -5)
                    accel = -5;
                for (size_t k = 0; k < np; k++)
                    cur[k] = (1 - accel) * cur[k] + accel * pre[k];
                if (o.model == IRT_2PL && o.priors)
                    for (size_t i = 0; i < I; i++) /* slopes with a log prior stay positive */
                        if (cur[I + i] <= 1e-3)
                            cur[I + i] = pre[I + i];
                unpack(&m, cur, a, d);
            }
        }
        memcpy(pre2, pre, np * sizeof *pre2);
        have_pre2 = 1;
    }
    res->loglik = estep(&m, a, d);
    res->logprior = log_prior(&o, I, a, d);
    res->slope = o.model == IRT_RASCH ? a[0] : 0;
    rc = 0;
out:
    free(m.lp);
    free(m.lq);
    free(m.R);
    free(m.N);
    free(m.ll);
    free(m.post);
    if (!n_out)
        free(n);
    free(cur);
    free(pre);
    free(pre2);
    return rc;
}

/* ---- collapsing identical patterns ------------------------------------------------ */

typedef struct pat_key {
    uint64_t hash;
    size_t person;
} pat_key;

static int cmp_pat_key(const void *x, const void *y)
{
    const pat_key *a = x, *b = y;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->person < b->person ? -1 : a->person > b->person;
}

static uint64_t pattern_hash(const irt_data *in, size_t p)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a over (item, score) */
    for (size_t r = in->start[p]; r < in->start[p + 1]; r++) {
        uint32_t bits;
        memcpy(&bits, &in->resp[r].x, sizeof bits);
        uint64_t v = ((uint64_t)in->resp[r].item << 32) | bits;
        for (int k = 0; k < 8; k++) {
            h ^= (v >> (8 * k)) & 0xffu;
            h *= 1099511628211u;
        }
    }
    return h ^ (uint64_t)(in->start[p + 1] - in->start[p]);
}

static int same_pattern(const irt_data *in, size_t p, size_t q)
{
    size_t n = in->start[p + 1] - in->start[p];
    if (n != in->start[q + 1] - in->start[q])
        return 0;
    const irt_resp *a = in->resp + in->start[p], *b = in->resp + in->start[q];
    for (size_t r = 0; r < n; r++)
        if (a[r].item != b[r].item || a[r].x != b[r].x)
            return 0;
    return 1;
}

int irt_collapse(const irt_data *in, irt_collapsed *c)
{
    memset(c, 0, sizeof *c);
    size_t P = in->n_persons, R = in->start[P];
    pat_key *keys = malloc((P + 1) * sizeof *keys);
    size_t *first = malloc((P + 1) * sizeof *first); /* a representative of each pattern */
    c->start = malloc((P + 2) * sizeof *c->start);
    c->resp = malloc((R + 1) * sizeof *c->resp);
    c->weight = malloc((P + 1) * sizeof *c->weight);
    if (!keys || !first || !c->start || !c->resp || !c->weight) {
        free(keys);
        free(first);
        irt_collapsed_free(c);
        return -1;
    }
    for (size_t p = 0; p < P; p++)
        keys[p] = (pat_key){pattern_hash(in, p), p};
    sort_array(keys, P, sizeof *keys, cmp_pat_key);
    size_t np = 0, nr = 0;
    for (size_t k = 0; k < P;) {
        size_t end = k;
        while (end < P && keys[end].hash == keys[k].hash)
            end++;
        size_t run0 = np; /* patterns of this hash start here (collisions are rare) */
        for (size_t j = k; j < end; j++) {
            size_t p = keys[j].person, u = run0;
            while (u < np && !same_pattern(in, first[u], p))
                u++;
            double w = in->weight ? in->weight[p] : 1.0;
            if (u < np) {
                c->weight[u] += w;
                continue;
            }
            first[np] = p;
            c->weight[np] = w;
            c->start[np] = nr;
            for (size_t r = in->start[p]; r < in->start[p + 1]; r++)
                c->resp[nr++] = in->resp[r];
            np++;
        }
        k = end;
    }
    c->start[np] = nr;
    free(keys);
    free(first);
    c->data = (irt_data){np, in->n_items, c->start, c->resp, c->weight};
    return 0;
}

void irt_collapsed_free(irt_collapsed *c)
{
    free(c->start);
    free(c->resp);
    free(c->weight);
    memset(c, 0, sizeof *c);
}
