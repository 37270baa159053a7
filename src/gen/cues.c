/* gen/cues — the naive strategies a test-wise guesser uses, measured the same
 * way by the generator (to avoid them) and by the audit (to report them). */
#include "gen/gen.h"

#include "text/hangul.h"
#include "text/sim.h"

#include <math.h>
#include <string.h>

const char *const cue_names[CUE__COUNT] = {"longest", "shortest", "stem_overlap", "most_similar"};

cue_opt cue_of(const g_item *it)
{
    cue_opt o = {it->option_w, it->oterms, it->n_oterms, it->vo};
    return o;
}

cue_opt cue_of_option(const assay_engine *e, const g_question *q, int o)
{
    if (q->authored && q->authored[o] >= 0) {
        const g_authored *d = &e->items[q->item].authored[q->authored[o]];
        cue_opt c = {d->width, d->terms, d->n_terms, d->v};
        return c;
    }
    return cue_of(&e->items[q->option_items[o]]);
}

/* Probability that picking uniformly among the options with the best score
 * picks `key` (higher is better when `max`, lower otherwise). */
static double pick_chance(const double *score, int k, int key, int max)
{
    double best = score[0];
    for (int i = 1; i < k; i++)
        if (max ? score[i] > best : score[i] < best)
            best = score[i];
    int ties = 0, key_best = 0;
    for (int i = 0; i < k; i++)
        if (fabs(score[i] - best) < 1e-9) {
            ties++;
            key_best |= i == key;
        }
    return key_best ? 1.0 / ties : 0.0;
}

void cue_hits_sim(const uint64_t *stem, size_t n_stem, const cue_opt *o, int k, int key,
                  const double *sim, double out[CUE__COUNT])
{
    double sc[8] = {0};
    for (int i = 0; i < k; i++)
        sc[i] = (double)o[i].width;
    out[CUE_LONGEST] = pick_chance(sc, k, key, 1);
    out[CUE_SHORTEST] = pick_chance(sc, k, key, 0);
    for (int i = 0; i < k; i++)
        sc[i] = (double)sim_shared(stem, n_stem, o[i].terms, o[i].n_terms);
    out[CUE_STEM_OVERLAP] = pick_chance(sc, k, key, 1);
    for (int i = 0; i < k; i++) {
        sc[i] = 0;
        for (int j = 0; j < k; j++)
            if (j != i)
                sc[i] += sim[i * k + j];
    }
    out[CUE_MOST_SIMILAR] = pick_chance(sc, k, key, 1);
}

void cue_hits(const uint64_t *stem, size_t n_stem, const cue_opt *o, int k, int key,
              double out[CUE__COUNT])
{
    double sim[64];
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++)
            sim[i * k + j] = i == j ? 1.0 : tx_cosine(&o[i].v, &o[j].v);
    cue_hits_sim(stem, n_stem, o, k, key, sim, out);
}

static int same_topic_rows(const g_item *a, const g_item *b)
{
    return a->topic == b->topic && a->cos_row && b->cos_row;
}

double option_cosine(const g_item *a, const g_item *b)
{
    return same_topic_rows(a, b) ? a->cos_row[b->topic_pos] : tx_cosine(&a->vo, &b->vo);
}

int near_duplicate_calc(const g_item *a, const g_item *b)
{
    if ((a->option_hash == b->option_hash && strcmp(a->option, b->option) == 0) ||
        option_cosine(a, b) >= 0.9)
        return 1;
    /* Dice >= 0.8 needs 2·min(na, nb) >= 0.8·(na + nb) */
    size_t na = a->n_obig, nb = b->n_obig, lo = na < nb ? na : nb;
    if (na + nb > 0 && 2.0 * (double)lo < 0.8 * (double)(na + nb))
        return 0;
    return sim_dice_sets(a->obig, a->n_obig, b->obig, b->n_obig) >= 0.8;
}

int near_duplicate(const g_item *a, const g_item *b)
{
    if (same_topic_rows(a, b) && a->dup_row)
        return a->dup_row[b->topic_pos];
    return near_duplicate_calc(a, b);
}

int has_particle_cue(const char *text)
{
    const char *p = text;
    while ((p = strstr(p, "____")) != NULL) {
        while (*p == '_')
            p++;
        size_t len;
        const char *neutral = hg_neutral_particle(p, strlen(p), &len);
        if (neutral && strncmp(p, neutral, strlen(neutral)) != 0)
            return 1;
    }
    return 0;
}

/* Whether an option shows that it was cut ("…", "..."). */
static int cut_marked(const char *o)
{
    size_t n = strlen(o);
    return strstr(o, "\xE2\x80\xA6") != NULL || (n >= 3 && strcmp(o + n - 3, "...") == 0);
}

double cue_cut_mark(const char *const *opts, size_t k, int key, long *single)
{
    size_t marked = 0;
    for (size_t o = 0; o < k; o++)
        marked += (size_t)cut_marked(opts[o]);
    if (marked == 1 && single)
        (*single)++;
    if (marked == 0 || marked == k)
        return 1.0 / (double)k;
    return cut_marked(opts[key]) ? 1.0 / (double)marked : 0.0;
}

double cue_match_words(const assay_engine *e, const uint32_t *items, size_t n)
{
    if (n == 0)
        return 0;
    double hits = 0;
    for (size_t l = 0; l < n; l++) {
        const g_item *li = &e->items[items[l]];
        size_t best = 0, ties = 0;
        int right_is_best = 0;
        for (size_t r = 0; r < n; r++) {
            const g_item *ri = &e->items[items[r]];
            size_t ov = sim_shared(li->qterms, li->n_qterms, ri->oterms, ri->n_oterms);
            if (r == 0 || ov > best) {
                best = ov;
                ties = 1;
                right_is_best = r == l;
            } else if (ov == best) {
                ties++;
                right_is_best |= r == l;
            }
        }
        hits += right_is_best ? 1.0 / (double)ties : 0.0;
    }
    return hits / (double)n;
}
