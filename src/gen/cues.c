/* gen/cues — the naive strategies a test-wise guesser uses, measured the same
 * way by the generator (to avoid them) and by the audit (to report them). */
#include "gen/gen.h"

#include "text/hangul.h"
#include "text/sim.h"
#include "text/stem.h"
#include "text/tok.h"
#include "text/translit.h"

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

/* ---- the text-level clang solver (issue 9: the review's most frequent
 * defect, a key found by a stem word it alone repeats) -------------------- */

/* English words of stems and the Korean words that translate them, besides
 * gen.c's listed translations and the bank's aliases: general words of
 * system prose a reader matches without knowing the subject. */
static const char *const clang_tr[][2] = {
    {"limit", "제한"},     {"limiting", "제한"},    {"partition", "분할"},     {"factor", "가지"},
    {"factor", "원칙"},    {"consistency", "일관"}, {"availability", "가용"},  {"event", "이벤트"},
    {"service", "서비스"}, {"message", "메시지"},   {"cache", "캐시"},         {"scaling", "확장"},
    {"scale", "확장"},     {"balanc", "분산"},      {"replica", "복제"},       {"log", "로그"},
    {"retry", "재시도"},   {"timeout", "시간"},     {"gateway", "게이트웨이"}, {"콜드", "웜업"},
    {"과금", "요금"},
};

static int ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static void clang_add(clang_unit *u, uint8_t mode, const char *s, size_t n)
{
    if (u->n >= CLANG_SPELL || n == 0 || n >= sizeof u->s[0])
        return;
    for (uint8_t i = 0; i < u->n; i++)
        if (u->mode[i] == mode && strlen(u->s[i]) == n && memcmp(u->s[i], s, n) == 0)
            return;
    memcpy(u->s[u->n], s, n);
    u->s[u->n][n] = '\0';
    u->mode[u->n++] = mode;
}

/* The translations of w (lower case) from both tables, as substrings. */
static void clang_translations(clang_unit *u, const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof clang_tr / sizeof clang_tr[0]; k++)
        if (strlen(clang_tr[k][0]) == n && memcmp(clang_tr[k][0], w, n) == 0)
            clang_add(u, CLANG_SUB, clang_tr[k][1], strlen(clang_tr[k][1]));
    for (size_t k = 0; k < gen_tr_count(); k++)
        for (int side = 0; side < 2; side++) {
            const char *t = gen_tr_side(k, side);
            if (strlen(t) == n && memcmp(t, w, n) == 0) {
                const char *o = gen_tr_side(k, 1 - side);
                clang_add(u, CLANG_SUB, o, strlen(o));
            }
        }
}

/* A Latin word's plain form: -ing, -ed, -es, -s off a word of five letters
 * or more (limiting → limit, partitions → partition). */
static size_t latin_base(const char *w, size_t n)
{
    if (n >= 6 && memcmp(w + n - 3, "ing", 3) == 0)
        return n - 3;
    if (n >= 6 && memcmp(w + n - 2, "ed", 2) == 0)
        return n - 2;
    if (n >= 5 && w[n - 1] == 's' && w[n - 2] != 's')
        return n - 1;
    return n;
}

/* The expansion a topic title gives the term a definition stem asks about
 * ("DDD (Domain-Driven Design)" above "DDD란?": "Domain-Driven Design"),
 * into out (NUL-terminated); 0 when the title expands no word of the stem. */
static size_t topic_expansion(const char *stem, const char *topic, char *out, size_t cap)
{
    out[0] = '\0';
    if (!topic || !stem || cap < 2)
        return 0;
    const char *open = strchr(topic, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    if (!open || !close || close - open < 3)
        return 0;
    /* the term: the word right before the bracket */
    const char *end = open;
    while (end > topic && end[-1] == ' ')
        end--;
    const char *beg = end;
    while (beg > topic && beg[-1] != ' ')
        beg--;
    size_t tl = (size_t)(end - beg);
    if (tl < 2)
        return 0;
    int named = 0;
    for (const char *p = stem; *p && !named; p++) {
        size_t k = 0;
        while (k < tl && p[k] &&
               ((p[k] >= 'A' && p[k] <= 'Z' ? p[k] - 'A' + 'a' : p[k]) ==
                (beg[k] >= 'A' && beg[k] <= 'Z' ? beg[k] - 'A' + 'a' : beg[k])))
            k++;
        named = k == tl && (p == stem || p[-1] == ' ') &&
                !((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z'));
    }
    if (!named)
        return 0;
    size_t n = (size_t)(close - open - 1);
    if (n >= cap)
        n = cap - 1;
    memcpy(out, open + 1, n);
    out[n] = '\0';
    return n;
}

size_t cue_clang_units(const assay_engine *e, const char *stem, clang_unit *u, size_t cap)
{
    return cue_clang_units_in(e, stem, NULL, u, cap);
}

size_t cue_clang_units_in(const assay_engine *e, const char *stem_only, const char *topic,
                          clang_unit *u, size_t cap)
{
    /* a definition stem: a Latin stem word's translations are a unit of
     * their own (Partition → 분할: the option that translates the term reads
     * as its definition beside one that only repeats it: the review of seed
     * 5309, MC 7; Hangul words' too moved most_similar above its ceiling
     * with 5 options, 26.0%), and the words its topic title expands the
     * term into are stem words (MC 12) */
    int def = stem_classify(stem_only) == STEM_DEFINITION;
    char stem[768], ex[256];
    size_t sl0 = strlen(stem_only);
    if (sl0 >= sizeof stem - sizeof ex - 2)
        sl0 = sizeof stem - sizeof ex - 2;
    memcpy(stem, stem_only, sl0);
    stem[sl0] = '\0';
    if (def && topic_expansion(stem_only, topic, ex, sizeof ex)) {
        stem[sl0] = ' ';
        strcpy(stem + sl0 + 1, ex);
    }
    size_t len = strlen(stem), nu = 0;
    tok t[64];
    size_t nt = tok_split(stem, len, t, 64);
    for (size_t k = 0; k < nt && k < 64 && nu < cap; k++) {
        const char *w = stem + t[k].off;
        size_t sl = t[k].stem_len;
        char key[CLANG_WORD];
        if (sl == 0 || sl >= sizeof key)
            continue;
        size_t kl = tok_key(w, sl, key);
        if (tok_is_stopword(w, sl) || stem_is_cue_word(key, kl))
            continue;
        clang_unit *c = &u[nu];
        memset(c, 0, sizeof *c);
        clang_unit *tr = c;
        if (def && t[k].kind != TK_HANGUL && nu + 1 < cap) {
            tr = &u[nu + 1];
            memset(tr, 0, sizeof *tr);
        }
        if (t[k].kind == TK_HANGUL) {
            size_t syl = kl / 3;
            if (syl < 2)
                continue;
            clang_add(c, CLANG_WORD_MODE, key, kl);
            /* the parts of a compound (마이크로서비스 → 서비스, 로드밸런서 →
             * 밸런서): a head or tail of two syllables or more beside one of
             * two or more */
            for (size_t p = 2; syl >= 4 && p + 2 <= syl; p++) {
                clang_add(c, CLANG_WORD_MODE, key, 3 * p);
                clang_add(c, CLANG_WORD_MODE, key + 3 * p, kl - 3 * p);
            }
            clang_translations(tr, key, kl);
        } else {
            /* a Latin, number or mixed word: itself, its plain form, its
             * parts between - _ . / (12-Factor → 12, factor; X-RateLimit) */
            if (kl < 2)
                continue;
            clang_add(c, CLANG_SUB, key, kl);
            size_t b = latin_base(key, kl);
            clang_add(c, CLANG_SUB, key, b);
            clang_translations(tr, key, kl);
            clang_translations(tr, key, b);
            for (size_t s = 0; s < kl;) {
                size_t x = s;
                while (x < kl && ascii_alnum(key[x]))
                    x++;
                if (x - s >= 2 && x - s < kl) {
                    clang_add(c, CLANG_SUB, key + s, x - s);
                    clang_translations(tr, key + s, x - s);
                }
                s = x + 1;
            }
            if (t[k].kind != TK_NUMBER)
                clang_add(c, CLANG_SKEL, key, b);
        }
        if (c->n)
            nu++;
        if (tr != c && tr->n && c->n) {
            if (nu < cap && &u[nu] != tr)
                u[nu] = *tr;
            nu++;
        }
    }
    /* the bank's aliases the stem names: both sides one unit (수평 확장 |
     * scale out), so an option naming either carries it */
    if (e) {
        char f[512];
        size_t fl = len < sizeof f - 1 ? len : sizeof f - 1;
        tok_key(stem, fl, f);
        f[fl] = '\0';
        for (size_t a = 0; a < e->aliases.n && nu < cap; a++) {
            const alias *al = &e->aliases.v[a];
            if (!strstr(f, al->ko) && !strstr(f, al->en))
                continue;
            clang_unit *c = &u[nu];
            memset(c, 0, sizeof *c);
            clang_add(c, CLANG_SUB, al->ko, strlen(al->ko));
            clang_add(c, CLANG_SUB, al->en, strlen(al->en));
            nu += c->n == 2;
        }
    }
    return nu;
}

/* Whether folded text f (ASCII lower case; `orig` the same bytes as written)
 * holds s at a word start: not after a letter, unless written with a capital
 * there (X-RateLimit → limit); a number not inside a longer one. */
static int sub_at_word(const char *orig, const char *f, const char *s)
{
    size_t n = strlen(s);
    int number = s[0] >= '0' && s[0] <= '9';
    int latin = ascii_alnum(s[0]);
    for (const char *p = strstr(f, s); p; p = strstr(p + 1, s)) {
        size_t at = (size_t)(p - f);
        if (!latin)
            return 1;
        char before = at ? f[at - 1] : ' ';
        char after = p[n];
        if (number ? (before >= '0' && before <= '9') || (after >= '0' && after <= '9')
                   : ascii_alnum(before) && !(orig[at] >= 'A' && orig[at] <= 'Z'))
            continue;
        return 1;
    }
    return 0;
}

/* The units of u[0..n) that an option carries, from its words (f: the
 * option folded, t: its words, skel/sk: each word's transliteration
 * skeleton, tl_match's two halves): cue_clang_mask's work after the split. */
static unsigned clang_mask_words(const clang_unit *u, size_t n, const char *option, const char *f,
                                 const tok *t, size_t nt, const char *const *skel,
                                 const uint8_t *sk)
{
    unsigned mask = 0;
    for (size_t x = 0; x < n && x < 32; x++) {
        int hit = 0;
        for (uint8_t s = 0; s < u[x].n && !hit; s++) {
            const char *sp = u[x].s[s];
            size_t sn = strlen(sp);
            if (u[x].mode[s] == CLANG_SUB) {
                hit = sub_at_word(option, f, sp);
                continue;
            }
            char own[TL_MAX];
            /* a Latin stem word spelt in Hangul (파티션 spells partition), a
             * Hangul one in Latin letters (이벤트 → Event) */
            size_t on =
                u[x].mode[s] == CLANG_SKEL ? tl_english(sp, sn, own) : tl_hangul(sp, sn, own);
            int want = u[x].mode[s] == CLANG_SKEL ? TK_HANGUL : TK_LATIN;
            for (size_t k = 0; k < nt && !hit; k++) {
                const char *w = f + t[k].off;
                size_t wl = t[k].stem_len;
                if (u[x].mode[s] == CLANG_WORD_MODE && t[k].kind != TK_LATIN && wl >= sn &&
                    (memcmp(w, sp, sn) == 0 || memcmp(w + wl - sn, sp, sn) == 0))
                    hit = 1; /* the word, a compound that starts or ends with it */
                else if (t[k].kind == want && on >= 3 && sk[k] == on &&
                         memcmp(skel[k], own, on) == 0)
                    hit = 1;
            }
        }
        if (hit)
            mask |= 1u << x;
    }
    return mask;
}

#define CLANG_OPT_BYTES 1024 /* of an option, read */
#define CLANG_OPT_WORDS 96   /* words of an option, read */

/* The option's first CLANG_OPT_BYTES - 1 bytes folded into f (tok_key) and
 * split into at most CLANG_OPT_WORDS words t; their count. *len: the bytes read. */
static size_t clang_fold(const char *option, char f[CLANG_OPT_BYTES], size_t *len,
                         tok t[CLANG_OPT_WORDS])
{
    size_t n = strlen(option);
    if (n >= CLANG_OPT_BYTES)
        n = CLANG_OPT_BYTES - 1;
    tok_key(option, n, f);
    f[n] = '\0';
    *len = n;
    size_t nt = tok_split(option, n, t, CLANG_OPT_WORDS);
    return nt > CLANG_OPT_WORDS ? CLANG_OPT_WORDS : nt;
}

unsigned cue_clang_mask(const clang_unit *u, size_t n, const char *option)
{
    char f[CLANG_OPT_BYTES];
    tok t[CLANG_OPT_WORDS];
    size_t len;
    size_t nt = clang_fold(option, f, &len, t);
    /* each word's transliteration skeleton, once (tl_match's two halves) */
    char skel[CLANG_OPT_WORDS][TL_MAX];
    const char *sp[CLANG_OPT_WORDS];
    uint8_t sk[CLANG_OPT_WORDS];
    for (size_t k = 0; k < nt; k++) {
        sk[k] = (uint8_t)(t[k].kind == TK_HANGUL  ? tl_hangul(f + t[k].off, t[k].stem_len, skel[k])
                          : t[k].kind == TK_LATIN ? tl_english(f + t[k].off, t[k].stem_len, skel[k])
                                                  : 0);
        sp[k] = skel[k];
    }
    return clang_mask_words(u, n, option, f, t, nt, sp, sk);
}

int cue_clang_words_of(arena *a, const char *option, clang_words *out)
{
    memset(out, 0, sizeof *out);
    if (!option)
        return 0;
    char f[CLANG_OPT_BYTES];
    tok t[CLANG_OPT_WORDS];
    size_t len;
    size_t nt = clang_fold(option, f, &len, t);
    char skel[TL_MAX];
    char *fc = arena_strndup(a, f, len);
    tok *tc = arena_alloc(a, (nt + 1) * sizeof *tc);
    const char **spc = arena_alloc(a, (nt + 1) * sizeof *spc);
    uint8_t *skc = arena_alloc(a, nt + 1);
    if (!fc || !tc || !spc || !skc)
        return -1;
    for (size_t k = 0; k < nt; k++) {
        size_t m = t[k].kind == TK_HANGUL  ? tl_hangul(f + t[k].off, t[k].stem_len, skel)
                   : t[k].kind == TK_LATIN ? tl_english(f + t[k].off, t[k].stem_len, skel)
                                           : 0;
        skc[k] = (uint8_t)m;
        spc[k] = m ? arena_strndup(a, skel, m) : "";
        if (!spc[k])
            return -1;
        tc[k] = t[k];
    }
    out->f = fc;
    out->t = tc;
    out->skel = spc;
    out->sk = skc;
    out->n = (uint32_t)nt;
    return 0;
}

unsigned cue_clang_mask_item(const clang_unit *u, size_t n, const g_item *it)
{
    if (!it->clang_words.f)
        return it->option ? cue_clang_mask(u, n, it->option) : 0;
    const clang_words *w = &it->clang_words;
    return clang_mask_words(u, n, it->option, w->f, w->t, w->n, w->skel, w->sk);
}

/* Per option the units it alone carries. */
static void clang_unique(const unsigned *mask, int k, size_t n_units, size_t *uniq)
{
    for (int o = 0; o < k; o++)
        uniq[o] = 0;
    for (size_t x = 0; x < n_units && x < 32; x++) {
        int carrier = -1, carriers = 0;
        for (int o = 0; o < k; o++)
            if (mask[o] >> x & 1u) {
                carrier = o;
                carriers++;
            }
        if (carriers == 1)
            uniq[carrier]++;
    }
}

int cue_clang_key_alone(const unsigned *mask, int k, int key, size_t n_units)
{
    size_t uniq[8];
    clang_unique(mask, k, n_units, uniq);
    return uniq[key] > 0;
}

double cue_clang_text(const unsigned *mask, const int *fit, int k, int key, size_t n_units)
{
    size_t uniq[8], best = 0;
    clang_unique(mask, k, n_units, uniq);
    int n_fit = 0;
    for (int o = 0; o < k; o++)
        n_fit += fit ? fit[o] != 0 : 0;
    for (int o = 0; o < k; o++) {
        /* the only option of the stem's form counts as one more clue */
        if (fit && n_fit == 1 && fit[o])
            uniq[o]++;
        if (uniq[o] > best)
            best = uniq[o];
    }
    if (best == 0)
        return 1.0 / k;
    int n_best = 0;
    for (int o = 0; o < k; o++)
        n_best += uniq[o] == best;
    return uniq[key] == best ? 1.0 / n_best : 0.0;
}

double cue_shape(const char *question, const char *const *opts, int k, int key)
{
    if (k < 2 || k > 8 || key < 0 || key >= k)
        return k > 0 ? 1.0 / k : 0;
    unsigned sig[8], count[8] = {0};
    for (int o = 0; o < k; o++) {
        sig[o] = answer_shape_for(question, opts[o]) & (SHAPE_DISTINCT | SHAPE_SPLIT);
        for (unsigned b = 0; b < 8; b++)
            count[b] += (sig[o] >> b) & 1u;
    }
    /* the options alone of a shape */
    int odd[8], n_odd = 0, plain = -1, n_plain = 0;
    for (int o = 0; o < k; o++) {
        odd[o] = 0;
        for (unsigned b = 0; b < 8; b++)
            odd[o] |= ((sig[o] >> b) & 1u) && count[b] == 1;
        n_odd += odd[o];
        if (!sig[o])
            plain = o, n_plain++;
    }
    /* the only option of no shape among shaped ones (a method among a
     * formula and an order of layers) */
    if (k >= 3 && n_plain == 1)
        return plain == key ? 1.0 : 0.0;
    if (n_odd > 0 && n_odd < k)
        return odd[key] ? 1.0 / n_odd : 0.0;
    return 1.0 / k;
}
