/*
 * gen/audit — the built-in quality audit (REFERENCES.md §1): every multiple
 * choice, true/false and cloze question the bank allows, under several
 * seeds, measured against what a test-wise guesser would exploit.
 */
#include "gen/quiz.h"

#include "core/opts.h"
#include "text/sim.h"
#include "text/stem.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_OPTIONS   5
#define TIMED_QUIZZES 50
/* The target: at most 30% with 4 options, i.e. chance + 5 points. */
#define CEILING_ABOVE_CHANCE 0.05
#define OWN_TOPIC_FLOOR      0.80
#define FORM_SHARE_FLOOR     0.90 /* options whose form answers the stem's type */
/* the text-level clang solver (cues.c): at most chance + 5 points */
#define CLANG_TEXT_ABOVE_CHANCE 0.05
#define CLANG_UNITS             32
/* the true/false stem-type solver (majority truth of the statement's stem
 * type, leave-one-out): at most chance + 10 points */
#define TF_STEM_ABOVE_CHANCE 0.10

void assay_audit_opts_init(assay_audit_opts *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->seeds = 5;
    o->options = 4;
}

/* The central 99% of Binomial(n, p): [lo, hi] as rates. */
static void binomial_band(long n, double p, double *lo, double *hi)
{
    double lp = log(p), lq = log1p(-p), cdf = 0;
    double base = lgamma((double)n + 1);
    long x_lo = -1, x_hi = n;
    for (long x = 0; x <= n; x++) {
        cdf += exp(base - lgamma((double)x + 1) - lgamma((double)(n - x) + 1) + (double)x * lp +
                   (double)(n - x) * lq);
        if (x_lo < 0 && cdf >= 0.005)
            x_lo = x;
        if (cdf >= 0.995) {
            x_hi = x;
            break;
        }
    }
    *lo = n ? (double)(x_lo < 0 ? 0 : x_lo) / (double)n : 0;
    *hi = n ? (double)x_hi / (double)n : 1;
}

/* Regularised upper incomplete gamma Q(a, x), for the chi-square p-value. */
static double gamma_q(double a, double x)
{
    if (x <= 0)
        return 1.0;
    double gln = lgamma(a);
    if (x < a + 1) { /* series for P, then Q = 1 - P */
        double ap = a, sum = 1.0 / a, del = sum;
        for (int i = 0; i < 1000; i++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (fabs(del) < fabs(sum) * 1e-15)
                break;
        }
        return 1.0 - sum * exp(-x + a * log(x) - gln);
    }
    /* continued fraction (modified Lentz) */
    double b = x + 1 - a, c = 1.0 / 1e-300, d = 1.0 / b, h = d;
    for (int i = 1; i < 1000; i++) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (fabs(d) < 1e-300)
            d = 1e-300;
        c = b + an / c;
        if (fabs(c) < 1e-300)
            c = 1e-300;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-15)
            break;
    }
    return exp(-x + a * log(x) - gln) * h;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct tally {
    long mcq, tf, tf_true, cloze, cloze_cues, near_dups, distractors, own;
    long tf_false_own, tf_false;
    long pos[MAX_OPTIONS];
    double cue[CUE__COUNT];
    long options, options_fit;  /* multiple-choice options; those whose form fits the stem */
    double form_hit, clang_hit; /* the form and clang solvers' expected hits */
    double clang_text_hit;      /* the text-level clang solver's (cue_clang_text) */
    double shape_hit;           /* the shape solver's (cue_shape) */
    long key_alone;             /* questions whose key alone carries a stem unit */
    double cut;                 /* the truncation-mark solver's expected hits */
    long single_mark;           /* questions where exactly one option carries a cut mark */
    long cloze_visible;         /* cloze questions whose prompt shows an accepted form */
    long tf_type[STEM__COUNT], tf_type_true[STEM__COUNT]; /* statements per stem type */
} tally;

/* A true/false guesser that answers by the stem type alone: each statement
 * gets the majority truth of the other statements of its type (leave one
 * out, so the rule does not fit itself); a tie is a coin. From the counts:
 * a true statement meets T-1 true and F false others, a false one T and F-1. */
static double tf_stem_hits(long T, long F)
{
    double h = 0;
    h += (double)T * (T - 1 > F ? 1.0 : T - 1 == F ? 0.5 : 0.0);
    h += (double)F * (F - 1 > T ? 1.0 : F - 1 == T ? 0.5 : 0.0);
    return h;
}

/* Two guessers that know no subject: the form solver takes the options whose
 * form answers the stem's type (text/stem.h) when only some do; the clang
 * solver takes the option with the most distinctive stem words (particles
 * stripped, cue words such as 이유 or 방법 left out) that no other option
 * has. Ties and no evidence: a random pick. */
static void form_and_clang(const assay_engine *e, const g_item *it, const g_question *q, int k,
                           tally *t)
{
    int fit[MAX_OPTIONS], n_fit = 0;
    size_t uniq[MAX_OPTIONS], best = 0;
    /* each option's text and terms: its item's, or the authored option's
     * own words (an authored option has no aliases or thesaurus spellings) */
    const char *text[MAX_OPTIONS];
    const uint64_t *ct[MAX_OPTIONS];
    uint32_t nct[MAX_OPTIONS];
    for (int o = 0; o < k; o++) {
        const g_item *c = &e->items[q->option_items[o]];
        if (q->authored && q->authored[o] >= 0) {
            const g_authored *d = &e->items[q->item].authored[q->authored[o]];
            text[o] = d->text;
            ct[o] = d->terms;
            nct[o] = d->n_terms;
        } else {
            text[o] = q->authored ? q->pub.options[o] : c->option;
            ct[o] = c->cterms;
            nct[o] = c->n_cterms;
        }
    }
    for (int o = 0; o < k; o++) {
        fit[o] = stem_form_fits((stem_type)it->stem_type, answer_classify(text[o]));
        n_fit += fit[o];
        uniq[o] = 0;
        for (uint32_t d = 0; d < it->n_dterms; d++) {
            if (!sim_shared(&it->dterms[d], 1, ct[o], nct[o]))
                continue;
            int elsewhere = 0;
            for (int x = 0; x < k && !elsewhere; x++)
                elsewhere = x != o && sim_shared(&it->dterms[d], 1, ct[x], nct[x]);
            uniq[o] += !elsewhere;
        }
        if (uniq[o] > best)
            best = uniq[o];
    }
    t->options += k;
    t->options_fit += n_fit;
    t->form_hit += n_fit > 0 && n_fit < k ? (fit[q->pub.key] ? 1.0 / n_fit : 0) : 1.0 / k;
    int n_best = 0;
    for (int o = 0; o < k; o++)
        n_best += best > 0 && uniq[o] == best;
    t->clang_hit += best > 0 ? (uniq[q->pub.key] == best ? 1.0 / n_best : 0) : 1.0 / k;
    /* the text-level solver: the options as shown */
    clang_unit cu[CLANG_UNITS];
    size_t nu = cue_clang_units_in(e, it->question, e->topics[it->topic].title, cu, CLANG_UNITS);
    unsigned mask[MAX_OPTIONS];
    for (int o = 0; o < k; o++)
        mask[o] = cue_clang_mask(cu, nu, q->pub.options[o]);
    t->clang_text_hit += cue_clang_text(mask, fit, k, q->pub.key, nu);
    t->key_alone += cue_clang_key_alone(mask, k, q->pub.key, nu);
    t->shape_hit += cue_shape(it->question, (const char *const *)q->pub.options, k, q->pub.key);
}

/* Scenario questions with choices, and matching sets (issue 9, points 10, 11). */
typedef struct scen_tally {
    long count, with_choices, free_text, distractors, own, from_scenarios;
    double chance;               /* sum of 1/k */
    double cue[CUE__COUNT], cut; /* expected hits */
    long single_mark;
    long pos_first; /* key in position A (with its own k) */
} scen_tally;

typedef struct match_tally {
    long sets, pairs, mixed_kinds, self_echo, cross_topic_pairs;
    long given_away, second_premise; /* gen_match_lures: own pair, another premise */
    double word_hits, chance; /* the word-matching solver's expected right pairs; sum of 1/n */
} match_tally;

static int audit_item(const assay_engine *e, uint32_t i, int k, uint64_t seed, gen_keypos *kp,
                      tally *t)
{
    arena a;
    arena_init(&a, 0);
    g_question q;
    rng r;
    int rc = 0;

    rng_seed(&r, seed, 3ull * i);
    int m = gen_mcq(e, i, k, &r, &a, &q, NULL);
    if (m < 0)
        rc = -1;
    if (m == 0)
        k = (int)q.pub.n_options; /* authored options may be fewer */
    if (m == 0) {
        gen_keypos_place(kp, &q); /* as a quiz places it: one seed, one quiz */
        t->mcq++;
        t->pos[q.pub.key]++;
        cue_opt opts[MAX_OPTIONS];
        for (int o = 0; o < k; o++)
            opts[o] = cue_of_option(e, &q, o);
        double h[CUE__COUNT];
        const g_item *it = &e->items[i];
        cue_hits(it->qterms, it->n_qterms, opts, k, q.pub.key, h);
        for (int c = 0; c < CUE__COUNT; c++)
            t->cue[c] += h[c];
        for (int x = 0; x < k; x++)
            for (int y = x + 1; y < k; y++)
                /* an order question's options are one item's steps, distinct orders */
                t->near_dups +=
                    q.option_items[x] != q.option_items[y] &&
                    near_duplicate(&e->items[q.option_items[x]], &e->items[q.option_items[y]]);
        t->distractors += q.distractors;
        t->own += q.own_topic_distractors;
        form_and_clang(e, it, &q, k, t);
        t->cut += cue_cut_mark(q.pub.options, (size_t)k, q.pub.key, &t->single_mark);
    }
    rng_seed(&r, seed, 3ull * i + 1);
    m = gen_tf(e, i, &r, &a, &q, NULL);
    if (m < 0)
        rc = -1;
    if (m == 0) {
        t->tf++;
        t->tf_true += q.pub.key;
        t->tf_type[e->items[i].stem_type % STEM__COUNT]++;
        t->tf_type_true[e->items[i].stem_type % STEM__COUNT] += q.pub.key;
        if (!q.pub.key) {
            t->tf_false++;
            t->tf_false_own += q.own_topic_distractors;
        }
    }
    rng_seed(&r, seed, 3ull * i + 2);
    m = gen_cloze(e, i, &r, &a, &q, NULL);
    if (m < 0)
        rc = -1;
    if (m == 0) {
        t->cloze++;
        t->cloze_cues += has_particle_cue(q.pub.prompt);
        char *fp = gen_fold_ascii(&a, q.pub.prompt, strlen(q.pub.prompt));
        for (size_t c = 0; fp && c < q.pub.n_accept; c++) {
            char *fa = gen_fold_ascii(&a, q.pub.accept[c], strlen(q.pub.accept[c]));
            if (fa && strstr(fp, fa)) {
                t->cloze_visible++;
                break;
            }
        }
    }
    arena_free(&a);
    return rc;
}

static int audit_scenario(const assay_engine *e, uint32_t i, int k, uint64_t seed, scen_tally *t)
{
    arena a;
    arena_init(&a, 0);
    g_question q;
    rng r;
    rng_seed(&r, seed, 3ull * i);
    int m = gen_scenario(e, i, k, &r, &a, &q, NULL);
    if (m == 0) {
        const g_item *it = &e->items[i];
        t->count++;
        size_t n = q.pub.n_options;
        if (n == 0) {
            t->free_text++;
        } else {
            t->with_choices++;
            t->chance += 1.0 / (double)n;
            cue_opt opts[MAX_OPTIONS];
            for (size_t o = 0; o < n; o++) {
                const g_item *d = &e->items[q.option_items[o]];
                opts[o] = cue_of(d);
                if ((int)o != q.pub.key) {
                    t->distractors++;
                    t->own += d->topic == it->topic;
                    t->from_scenarios += d->kind == ASSAY_KIND_SCENARIO;
                }
            }
            double h[CUE__COUNT];
            cue_hits(it->sterms, it->n_sterms, opts, (int)n, q.pub.key, h);
            for (int c = 0; c < CUE__COUNT; c++)
                t->cue[c] += h[c];
            t->cut += cue_cut_mark(q.pub.options, n, q.pub.key, &t->single_mark);
            t->pos_first += q.pub.key == 0;
        }
    }
    arena_free(&a);
    return m < 0 ? -1 : 0;
}

static int audit_match(const assay_engine *e, uint32_t i, uint64_t seed, match_tally *t)
{
    arena a;
    arena_init(&a, 0);
    g_question q;
    rng r;
    rng_seed(&r, seed, 3ull * i + 1);
    int m = gen_match(e, i, &r, &a, &q, NULL);
    if (m == 0) {
        size_t n = q.pub.n_pairs;
        t->sets++;
        t->pairs += (long)n;
        int mixed = 0;
        for (size_t l = 0; l < n; l++) {
            const g_item *li = &e->items[q.pair_items[l]];
            mixed |= li->stem_type != e->items[q.pair_items[0]].stem_type;
            t->self_echo += li->self_echo;
            t->cross_topic_pairs += li->topic != e->items[q.pair_items[0]].topic;
            t->chance += 1.0 / (double)n;
            t->given_away += gen_match_lures(li, li);
            for (size_t y = 0; y < n; y++)
                t->second_premise += y != l && gen_match_lures(li, &e->items[q.pair_items[y]]);
        }
        t->mixed_kinds += mixed;
        t->word_hits += cue_match_words(e, q.pair_items, n) * (double)n;
    }
    arena_free(&a);
    return m < 0 ? -1 : 0;
}

/* ---- in-quiz leaks and repeats (issue 9, point 6) ------------------------ */

#define LEAK_QUIZZES   100
#define LEAK_QUESTIONS 10
#define LEAK_TEXTS     4096
#define LEAK_LIST      512

typedef struct leak_tally {
    long quizzes, questions, leaks, near_leaks, repeating, sharing_pairs, reusing_distractors;
} leak_tally;

/* What a question shows; each text ASCII-folded into a (for cloze terms). */
static size_t shown_of(const assay_question *p, const char **t, size_t cap)
{
    size_t n = 0;
    if (n < cap)
        t[n++] = p->prompt;
    if (p->statement && n < cap)
        t[n++] = p->statement;
    for (size_t k = 0; k < p->n_options && n < cap; k++)
        t[n++] = p->options[k];
    for (size_t k = 0; k < p->n_pairs && n + 1 < cap; k++) {
        t[n++] = p->left[k];
        t[n++] = p->right[k];
    }
    return n;
}

/* A question's answers as texts: the key option, the cloze answers, the
 * reference answer, a matching set's right rows. */
static size_t answers_of(const assay_question *p, const char **t, size_t cap)
{
    size_t n = 0;
    if ((p->type == ASSAY_Q_MCQ || p->type == ASSAY_Q_SCENARIO) && p->n_options && p->key >= 0 &&
        (size_t)p->key < p->n_options && n < cap)
        t[n++] = p->options[p->key];
    if ((p->type == ASSAY_Q_SHORT || p->type == ASSAY_Q_SCENARIO || p->type == ASSAY_Q_CLOZE) &&
        p->answer && p->answer[0] && n < cap)
        t[n++] = p->answer;
    for (size_t k = 0; p->type == ASSAY_Q_CLOZE && k < p->n_accept && n < cap; k++)
        t[n++] = p->accept[k];
    for (size_t k = 0; p->type == ASSAY_Q_MATCH && k < p->n_pairs && n < cap; k++)
        t[n++] = p->right[k];
    return n;
}

long audit_near_leaks(const assay_engine *e, const assay_quiz *q)
{
    size_t n = q->n, nt = 0;
    uint64_t *terms = malloc(LEAK_TEXTS * 64 * sizeof *terms);
    size_t *len = malloc(LEAK_TEXTS * sizeof *len), *owner = malloc(LEAK_TEXTS * sizeof *owner);
    long hits = 0;
    if (!terms || !len || !owner)
        hits = -1;
    for (size_t i = 0; hits == 0 && i < n; i++) {
        const char *v[64];
        size_t k = shown_of(&q->qs[i].pub, v, 64);
        for (size_t j = 0; j < k && nt < LEAK_TEXTS; j++)
            if (v[j] && v[j][0]) {
                len[nt] = gen_near_terms(v[j], strlen(v[j]), terms + nt * 64, 64);
                owner[nt++] = i;
            }
    }
    for (size_t i = 0; hits >= 0 && i < n; i++) {
        const char *ans[64];
        size_t na = answers_of(&q->qs[i].pub, ans, 64);
        int leak = 0;
        for (size_t k = 0; k < na && !leak; k++) {
            gen_part parts[NEAR_PARTS];
            size_t m = gen_answer_parts(e, ans[k], parts, NEAR_PARTS);
            for (size_t p = 0; p < m && !leak; p++)
                for (size_t j = 0; j < nt && !leak; j++)
                    leak = owner[j] != i &&
                           gen_near_leak(parts[p].t, parts[p].n, terms + j * 64, len[j]);
        }
        hits += leak;
    }
    free(terms);
    free(len);
    free(owner);
    return hits;
}

static int text_seen(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

/* One quiz, checked on its own terms (not with the generator's rules): a
 * question leaks when another question shows its key option, its cloze
 * answer (ASCII case folded) or a piece of its reference answer. */
static int audit_quiz(const assay_engine *e, const assay_quiz *q, leak_tally *t)
{
    arena a;
    arena_init(&a, 0);
    size_t n = q->n, nt = 0;
    const char **texts = malloc(LEAK_TEXTS * sizeof *texts);
    const char **folded = malloc(LEAK_TEXTS * sizeof *folded);
    size_t *owner = malloc(LEAK_TEXTS * sizeof *owner);
    int rc = texts && folded && owner ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *v[64];
        size_t k = shown_of(&q->qs[i].pub, v, 64);
        for (size_t j = 0; j < k && nt < LEAK_TEXTS; j++) {
            if (!v[j] || !v[j][0])
                continue;
            texts[nt] = v[j];
            folded[nt] = gen_fold_ascii(&a, v[j], strlen(v[j]));
            owner[nt++] = i;
            rc = folded[nt - 1] ? 0 : -1;
        }
    }
    const char *asked[LEAK_LIST], *pairs[LEAK_LIST], *dis[LEAK_LIST];
    size_t na = 0, np = 0, nd = 0;
    int repeat = 0, shared = 0, reused = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const g_question *g = &q->qs[i];
        const assay_question *p = &g->pub;
        t->questions++;
        int leak = 0;
        for (size_t j = 0; j < nt && !leak; j++) {
            if (owner[j] == i)
                continue;
            if (p->type == ASSAY_Q_MCQ || (p->type == ASSAY_Q_SCENARIO && p->n_options))
                leak = strstr(texts[j], p->options[p->key]) != NULL;
            else if (p->type == ASSAY_Q_SHORT)
                leak = strstr(p->answer, texts[j]) != NULL;
            else if (p->type == ASSAY_Q_CLOZE)
                for (size_t c = 0; c < p->n_accept && !leak; c++) {
                    char *f = gen_fold_ascii(&a, p->accept[c], strlen(p->accept[c]));
                    if (!f) {
                        rc = -1;
                        break;
                    }
                    leak = strstr(folded[j], f) != NULL;
                }
        }
        t->leaks += leak;
        if (p->type == ASSAY_Q_MATCH) {
            for (size_t k = 0; k < p->n_pairs && na < LEAK_LIST; k++) {
                const char *l = e->items[g->pair_items[k]].question;
                repeat |= text_seen(asked, na, l);
                asked[na++] = l;
                char *pair = arena_printf(&a, "%s\n%s", p->left[k], p->right[p->pairs[k]]);
                if (!pair) {
                    rc = -1;
                    break;
                }
                shared |= text_seen(pairs, np, pair);
                if (np < LEAK_LIST)
                    pairs[np++] = pair;
            }
        } else if (na < LEAK_LIST) {
            const char *l = e->items[g->item].question;
            repeat |= text_seen(asked, na, l);
            asked[na++] = l;
        }
        for (size_t k = 0; (p->type == ASSAY_Q_MCQ || p->type == ASSAY_Q_SCENARIO) &&
                           k < p->n_options && nd < LEAK_LIST;
             k++)
            if ((int)k != p->key) {
                reused |= text_seen(dis, nd, p->options[k]);
                dis[nd++] = p->options[k];
            }
    }
    long near = rc == 0 ? audit_near_leaks(e, q) : 0;
    if (near < 0)
        rc = -1;
    else
        t->near_leaks += near;
    t->quizzes++;
    t->repeating += repeat;
    t->sharing_pairs += shared;
    t->reusing_distractors += reused;
    free(texts);
    free(folded);
    free(owner);
    arena_free(&a);
    return rc;
}

/* LEAK_QUIZZES quizzes of LEAK_QUESTIONS questions of every type, each from
 * one topic in turn (a small selection is where a quiz runs short of items
 * and repeats or leaks). */
static assay_code audit_leaks(const assay_engine *e, errinfo *err, int k, int no_derived,
                              leak_tally *t)
{
    for (int s = 0; s < LEAK_QUIZZES && e->n_topics; s++) {
        const char *topic = e->topics[(size_t)s % e->n_topics].title;
        assay_quiz_spec spec;
        assay_quiz_spec_init(&spec);
        spec.count = LEAK_QUESTIONS;
        spec.options = k;
        spec.seed = (uint64_t)s + 1;
        spec.no_derived = no_derived;
        spec.topics = &topic;
        spec.n_topics = 1;
        assay_quiz *q;
        errinfo quiet;
        memset(&quiet, 0, sizeof quiet);
        assay_code rc = quiz_generate(e, &quiet, &spec, &q);
        if (rc == ASSAY_ENOMEM)
            return err_set(err, ASSAY_ENOMEM, "out of memory auditing");
        if (rc != ASSAY_OK)
            continue; /* a title several knowledge bases share, or a topic with no items */
        int bad = audit_quiz(e, q, t);
        assay_quiz_free(q);
        if (bad)
            return err_set(err, ASSAY_ENOMEM, "out of memory auditing");
    }
    return ASSAY_OK;
}

assay_code audit_run(const assay_engine *e, errinfo *err, const assay_audit_opts *opts, char **json,
                     int *ok)
{
    *json = NULL;
    assay_audit_opts o;
    assay_audit_opts_init(&o);
    if (opts_take(err, &o, sizeof o, opts, "assay_audit_opts") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (o.seeds < 1 || o.seeds > 1000)
        return err_set(err, ASSAY_EUSAGE, "seeds is 1 to 1000, not %d", o.seeds);
    if (o.options < 3 || o.options > MAX_OPTIONS)
        return err_set(err, ASSAY_EUSAGE, "multiple choice takes 3 to 5 options");
    int k = o.options;
    tally t;
    memset(&t, 0, sizeof t);
    for (int s = 1; s <= o.seeds; s++) {
        /* the keys' positions balanced over each seed's questions, as over
         * a quiz's (gen_keypos) */
        gen_keypos kp;
        gen_keypos_init(&kp, (uint64_t)s);
        for (size_t i = 0; i < e->n_items; i++)
            if (e->items[i].kind != ASSAY_KIND_SCENARIO &&
                !(o.no_derived && assay_kind_derived((assay_kind)e->items[i].kind)) &&
                audit_item(e, (uint32_t)i, k, (uint64_t)s, &kp, &t) != 0)
                return err_set(err, ASSAY_ENOMEM, "out of memory auditing");
    }
    if (t.mcq == 0)
        return err_set(err, ASSAY_ENOTFOUND, "the bank allows no multiple-choice question");
    scen_tally st;
    match_tally mt;
    memset(&st, 0, sizeof st);
    memset(&mt, 0, sizeof mt);
    for (int s = 1; s <= o.seeds; s++)
        for (size_t i = 0; i < e->n_items; i++) {
            int bad = e->items[i].kind == ASSAY_KIND_SCENARIO
                          ? audit_scenario(e, (uint32_t)i, k, (uint64_t)s, &st)
                          : audit_match(e, (uint32_t)i, (uint64_t)s, &mt);
            if (bad)
                return err_set(err, ASSAY_ENOMEM, "out of memory auditing");
        }

    leak_tally lt;
    memset(&lt, 0, sizeof lt);
    assay_code lrc = audit_leaks(e, err, k, o.no_derived, &lt);
    if (lrc != ASSAY_OK)
        return lrc;

    /* generation time of a 20-question quiz of every type */
    double times[TIMED_QUIZZES];
    size_t nt = 0;
    for (int s = 0; s < TIMED_QUIZZES; s++) {
        assay_quiz_spec spec;
        assay_quiz_spec_init(&spec);
        spec.count = 20;
        spec.options = k;
        spec.seed = (uint64_t)s + 1;
        spec.no_derived = o.no_derived;
        assay_quiz *q;
        double t0 = now_ms();
        if (quiz_generate(e, err, &spec, &q) != ASSAY_OK)
            break;
        times[nt++] = now_ms() - t0;
        assay_quiz_free(q);
    }
    qsort(times, nt, sizeof *times, cmp_double);

    double p0 = 1.0 / k, lo, hi;
    binomial_band(t.mcq, p0, &lo, &hi);
    int all_in = 1;
    double worst = 0;
    json_t *strategies = json_array();
    for (int c = 0; c < CUE__COUNT + 1 + k + 3; c++) {
        double rate;
        char name[32];
        if (c == CUE__COUNT + 1 + k + 2) {
            rate = t.mcq ? t.shape_hit / (double)t.mcq : 0;
            snprintf(name, sizeof name, "shape_solver");
        } else if (c >= CUE__COUNT + 1 + k) {
            int form = c == CUE__COUNT + 1 + k;
            rate = t.mcq ? (form ? t.form_hit : t.clang_hit) / (double)t.mcq : 0;
            snprintf(name, sizeof name, "%s", form ? "form_solver" : "clang_solver");
        } else if (c < CUE__COUNT) {
            rate = t.mcq ? t.cue[c] / (double)t.mcq : 0;
            snprintf(name, sizeof name, "%s", cue_names[c]);
        } else if (c == CUE__COUNT) {
            rate = t.mcq ? t.cut / (double)t.mcq : 0;
            snprintf(name, sizeof name, "cut_mark");
        } else {
            rate = t.mcq ? (double)t.pos[c - CUE__COUNT - 1] / (double)t.mcq : 0;
            snprintf(name, sizeof name, "position_%c", 'A' + (c - CUE__COUNT - 1));
        }
        int in = rate >= lo && rate <= hi;
        all_in &= in && rate <= p0 + CEILING_ABOVE_CHANCE;
        if (rate > worst)
            worst = rate;
        json_array_append_new(
            strategies, json_pack("{s:s, s:f, s:b}", "name", name, "rate", rate, "in_band", in));
    }
    double chi = 0;
    json_t *positions = json_array();
    for (int p = 0; p < k; p++) {
        double exp_n = (double)t.mcq / k, d = (double)t.pos[p] - exp_n;
        chi += exp_n > 0 ? d * d / exp_n : 0; /* no multiple choice: no evidence */
        json_array_append_new(positions, json_integer(t.pos[p]));
    }
    double pval = gamma_q((k - 1) / 2.0, chi / 2.0);
    double own_share = t.distractors ? (double)t.own / (double)t.distractors : 0;
    long in_quiz_bad =
        lt.leaks + lt.near_leaks + lt.repeating + lt.sharing_pairs + lt.reusing_distractors;
    double form_share = t.options ? (double)t.options_fit / (double)t.options : 0;
    double clang_text = t.mcq ? t.clang_text_hit / (double)t.mcq : 0;
    double tf_hits = 0;
    json_t *tf_types = json_object();
    for (int s = 0; s < STEM__COUNT; s++) {
        tf_hits += tf_stem_hits(t.tf_type_true[s], t.tf_type[s] - t.tf_type_true[s]);
        if (t.tf_type[s] && tf_types)
            json_object_set_new(tf_types, stem_type_name((stem_type)s),
                                json_pack("{s:I, s:f}", "count", (json_int_t)t.tf_type[s],
                                          "true_share",
                                          (double)t.tf_type_true[s] / (double)t.tf_type[s]));
    }
    double tf_stem = t.tf ? tf_hits / (double)t.tf : 0;
    /* a target since each stem type's statements are true half the time
     * (gen.c, tf_prepare): 89.8% before on the bundled bank */
    int tf_stem_within = tf_stem <= 0.5 + TF_STEM_ABOVE_CHANCE + 1e-12;
    int met = all_in && t.near_dups == 0 && t.cloze_cues == 0 && own_share >= OWN_TOPIC_FLOOR &&
              in_quiz_bad == 0 && form_share >= FORM_SHARE_FLOOR &&
              clang_text <= p0 + CLANG_TEXT_ABOVE_CHANCE && tf_stem_within;

    json_t *j = json_pack(
        "{s:s?, s:I, s:i, s:i,"
        " s:{s:I, s:f, s:[f, f], s:o, s:o, s:f, s:i, s:f, s:I, s:I, s:f},"
        " s:{s:I, s:f, s:f},"
        " s:{s:I, s:I},"
        " s:{s:I, s:I, s:f, s:f, s:f},"
        " s:{s:b, s:f, s:f, s:I, s:I, s:f, s:f, s:b}}",
        "kb", e->kb[0] ? e->kb : NULL, "items", (json_int_t)e->n_items, "seeds", o.seeds, "options",
        k, "mcq", "count", (json_int_t)t.mcq, "chance", p0, "band99", lo, hi, "strategies",
        strategies, "key_positions", positions, "chi_square", chi, "df", k - 1, "p_value", pval,
        "near_duplicate_pairs", (json_int_t)t.near_dups, "distractors", (json_int_t)t.distractors,
        "own_topic_share", own_share, "tf", "count", (json_int_t)t.tf, "true_share",
        t.tf ? (double)t.tf_true / (double)t.tf : 0, "false_own_topic_share",
        t.tf_false ? (double)t.tf_false_own / (double)t.tf_false : 0, "cloze", "count",
        (json_int_t)t.cloze, "particle_cues", (json_int_t)t.cloze_cues, "generation", "quizzes",
        (json_int_t)nt, "questions_per_quiz", (json_int_t)20, "median_ms", nt ? times[nt / 2] : 0.0,
        "p99_ms", nt ? times[(nt * 99) / 100 < nt ? (nt * 99) / 100 : nt - 1] : 0.0, "max_ms",
        nt ? times[nt - 1] : 0.0, "targets", "strategies_within_band", all_in, "max_strategy_rate",
        worst, "strategy_ceiling", p0 + CEILING_ABOVE_CHANCE, "near_duplicates",
        (json_int_t)t.near_dups, "particle_cues", (json_int_t)t.cloze_cues, "own_topic_share",
        own_share, "own_topic_floor", OWN_TOPIC_FLOOR, "met", met);
    json_t *iq =
        json_pack("{s:I, s:I, s:I, s:f, s:I, s:f, s:I, s:I}", "quizzes", (json_int_t)lt.quizzes,
                  "questions", (json_int_t)lt.questions, "leaks", (json_int_t)lt.leaks, "leak_rate",
                  lt.questions ? (double)lt.leaks / (double)lt.questions : 0.0, "repeating_quizzes",
                  (json_int_t)lt.repeating, "repeat_rate",
                  lt.quizzes ? (double)lt.repeating / (double)lt.quizzes : 0.0,
                  "sharing_pair_quizzes", (json_int_t)lt.sharing_pairs,
                  "reusing_distractor_quizzes", (json_int_t)lt.reusing_distractors);
    if (j && iq) {
        json_object_set_new(j, "in_quiz", iq);
        iq = NULL;
        json_object_set_new(json_object_get(j, "mcq"), "form_share", json_real(form_share));
        json_object_set_new(json_object_get(j, "mcq"), "clang_text_solver", json_real(clang_text));
        json_object_set_new(json_object_get(j, "mcq"), "key_alone_with_stem_word",
                            json_integer(t.key_alone));
        json_t *tg = json_object_get(j, "targets");
        json_t *tfj = json_object_get(j, "tf");
        json_object_set_new(tfj, "stem_type_solver", json_real(tf_stem));
        json_object_set_new(tfj, "stem_types", tf_types);
        tf_types = NULL;
        json_object_set_new(tg, "tf_stem_type_solver", json_real(tf_stem));
        json_object_set_new(tg, "tf_stem_type_ceiling", json_real(0.5 + TF_STEM_ABOVE_CHANCE));
        json_object_set_new(tg, "tf_stem_type_within", json_boolean(tf_stem_within));
        json_object_set_new(tg, "clang_text_solver", json_real(clang_text));
        json_object_set_new(tg, "clang_text_ceiling", json_real(p0 + CLANG_TEXT_ABOVE_CHANCE));
        json_object_set_new(tg, "form_share", json_real(form_share));
        json_object_set_new(tg, "form_share_floor", json_real(FORM_SHARE_FLOOR));
        json_object_set_new(tg, "in_quiz_leaks", json_integer(lt.leaks));
        json_object_set_new(tg, "in_quiz_near_leaks", json_integer(lt.near_leaks));
        json_object_set_new(json_object_get(j, "in_quiz"), "near_leaks",
                            json_integer(lt.near_leaks));
        json_object_set_new(tg, "in_quiz_repeats",
                            json_integer(lt.repeating + lt.sharing_pairs + lt.reusing_distractors));
    }
    json_decref(iq);
    json_decref(tf_types);

    /* scenario choices: the same strategies against their own chance (the
     * option count varies with what the topic offers: mean of 1/k) */
    double sc_p = st.with_choices ? st.chance / (double)st.with_choices : 0, sc_lo = 0, sc_hi = 1;
    if (st.with_choices)
        binomial_band(st.with_choices, sc_p, &sc_lo, &sc_hi);
    json_t *sc_strat = json_array();
    int sc_in = 1;
    for (int c = 0; c <= CUE__COUNT + 1; c++) {
        double hits = c < CUE__COUNT ? st.cue[c] : c == CUE__COUNT ? st.cut : (double)st.pos_first;
        double rate = st.with_choices ? hits / (double)st.with_choices : 0;
        int in = !st.with_choices || (rate >= sc_lo && rate <= sc_hi);
        sc_in &= in;
        json_array_append_new(sc_strat, json_pack("{s:s, s:f, s:b}", "name",
                                                  c < CUE__COUNT    ? cue_names[c]
                                                  : c == CUE__COUNT ? "cut_mark"
                                                                    : "position_A",
                                                  "rate", rate, "in_band", in));
    }
    json_t *sc =
        json_pack("{s:I, s:I, s:I, s:f, s:[f, f], s:o, s:I, s:f, s:I, s:I}", "count",
                  (json_int_t)st.count, "with_choices", (json_int_t)st.with_choices, "free_text",
                  (json_int_t)st.free_text, "chance", sc_p, "band99", sc_lo, sc_hi, "strategies",
                  sc_strat, "distractors", (json_int_t)st.distractors, "own_topic_share",
                  st.distractors ? (double)st.own / (double)st.distractors : 0.0,
                  "distractors_from_scenarios", (json_int_t)st.from_scenarios, "single_cut_mark",
                  (json_int_t)st.single_mark);
    json_t *mj = json_pack("{s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:I, s:I}", "sets",
                           (json_int_t)mt.sets, "pairs", (json_int_t)mt.pairs, "mixed_kind_sets",
                           (json_int_t)mt.mixed_kinds, "self_echo_pairs", (json_int_t)mt.self_echo,
                           "cross_topic_pairs", (json_int_t)mt.cross_topic_pairs,
                           "word_solver_share", mt.pairs ? mt.word_hits / (double)mt.pairs : 0.0,
                           "chance", mt.pairs ? mt.chance / (double)mt.pairs : 0.0,
                           "given_away_pairs", (json_int_t)mt.given_away,
                           "responses_fitting_another_premise", (json_int_t)mt.second_premise);
    int extra_met = st.from_scenarios == 0 && mt.mixed_kinds == 0 && mt.self_echo == 0 &&
                    t.single_mark == 0 && st.single_mark == 0 && t.cloze_visible == 0;
    if (j && sc && mj) {
        /* reported, not a target: a decision often repeats its situation's
         * words and its topic has too few answers that do (README) */
        json_object_set_new(sc, "strategies_within_band", json_boolean(sc_in));
        json_object_set_new(j, "scenario", sc);
        json_object_set_new(j, "match", mj);
        sc = mj = NULL;
        json_t *mm = json_object_get(j, "mcq");
        json_object_set_new(mm, "single_cut_mark", json_integer(t.single_mark));
        json_object_set_new(json_object_get(j, "cloze"), "accepted_visible",
                            json_integer(t.cloze_visible));
        json_t *tg = json_object_get(j, "targets");
        json_object_set_new(tg, "scenario_distractors_from_scenarios",
                            json_integer(st.from_scenarios));
        json_object_set_new(tg, "single_cut_marks", json_integer(t.single_mark + st.single_mark));
        json_object_set_new(tg, "mixed_kind_matching_sets", json_integer(mt.mixed_kinds));
        json_object_set_new(tg, "self_echo_matching_pairs", json_integer(mt.self_echo));
        json_object_set_new(tg, "cloze_accepted_visible", json_integer(t.cloze_visible));
        met = met && extra_met;
        json_object_set_new(tg, "met", json_boolean(met));
    }
    json_decref(sc);
    json_decref(mj);
    if (!j)
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    *json = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(j);
    if (!*json)
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    if (ok)
        *ok = met;
    return ASSAY_OK;
}
