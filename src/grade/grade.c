#include "grade/grade.h"

#include "core/buf.h"
#include "core/u8.h"
#include "text/hangul.h"
#include "text/sim.h"
#include "text/tok.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TOKS  1024
#define MAX_UNITS 256
#define MAX_TERMS 1024
#define TERM_MAX  64
#define JAMO_MAX  192

grade *grade_new(void)
{
    grade *g = calloc(1, sizeof *g);
    if (g)
        arena_init(&g->mem, 0);
    return g;
}

void grade_free(grade *g)
{
    if (!g)
        return;
    arena_free(&g->mem);
    free(g);
}

size_t edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t max)
{
    if ((na > nb ? na - nb : nb - na) > max)
        return max + 1;
    size_t prev[JAMO_MAX + 1], cur[JAMO_MAX + 1];
    if (nb > JAMO_MAX)
        nb = JAMO_MAX;
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (row_min > max)
            return max + 1;
        memcpy(prev, cur, (nb + 1) * sizeof *prev);
    }
    return prev[nb];
}

size_t typo_allowance(size_t chars, int hangul)
{
    if (hangul)
        return chars >= 5 ? 2 : chars >= 2 ? 1 : 0;
    return chars >= 8 ? 2 : chars >= 4 ? 1 : 0;
}

static int has_hangul(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += u8_decode(s + i, n - i, &cp);
        if (hg_is_syllable(cp))
            return 1;
    }
    return 0;
}

static size_t chars_of(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* ---- cloze ------------------------------------------------------------------ */

/* The comparable form of a short answer: NFC, case-folded, each word's
 * particle removed, spaces and joiners dropped. Into out (cap bytes). */
static size_t canon(const char *s, char *out, size_t cap)
{
    size_t fl;
    char *f = u8_fold(s, strlen(s), &fl);
    if (!f)
        return 0;
    tok toks[64];
    size_t nt = tok_split(f, fl, toks, 64);
    if (nt > 64)
        nt = 64;
    size_t w = 0;
    for (size_t i = 0; i < nt; i++) {
        for (size_t k = 0; k < toks[i].stem_len && w + 1 < cap; k++) {
            char c = f[toks[i].off + k];
            if (c == '-' || c == '_' || c == '.' || c == '/' || c == '\'')
                continue;
            out[w++] = c;
        }
    }
    out[w] = '\0';
    free(f);
    return w;
}

int grade_cloze(const char *const *accept, size_t n_accept, const char *answer, grade *g)
{
    char a[256];
    size_t al = canon(answer ? answer : "", a, sizeof a);
    g->pub.score = 0;
    g->pub.correct = 0;
    g->pub.typo = 0;
    if (al == 0)
        return 0;
    int32_t ja[JAMO_MAX];
    size_t nja = hg_jamo(a, al, ja, JAMO_MAX);
    size_t best = (size_t)-1, best_i = 0;
    for (size_t i = 0; i < n_accept; i++) {
        char f[256];
        size_t fl = canon(accept[i], f, sizeof f);
        if (fl == 0)
            continue;
        if (fl == al && memcmp(f, a, al) == 0) {
            g->pub.score = 1;
            g->pub.correct = 1;
            g->pub.matched = accept[i];
            return 0;
        }
        int32_t jf[JAMO_MAX];
        size_t njf = hg_jamo(f, fl, jf, JAMO_MAX);
        size_t allow = typo_allowance(chars_of(f, fl), has_hangul(f, fl));
        size_t d = edit_distance(ja, nja, jf, njf, allow);
        if (d <= allow && d < best) {
            best = d;
            best_i = i;
        }
    }
    if (best != (size_t)-1) {
        g->pub.score = 1;
        g->pub.correct = 1;
        g->pub.typo = 1;
        g->pub.matched = accept[best_i];
    }
    return 0;
}

/* ---- free text ----------------------------------------------------------------- */

typedef struct term {
    char key[TERM_MAX];
    size_t len;
    int hangul;
    int32_t jamo[48];
    size_t njamo;
} term;

#define MAX_ALTS 4

typedef struct unit {
    size_t alt_first[MAX_ALTS], alt_n[MAX_ALTS];
    int n_alts;
    double weight;
    const char *label;
} unit;

typedef struct ref {
    arena *mem;                /* where terms grows */
    term *terms;               /* grown as needed, up to MAX_TERMS (a term is ~290 bytes: */
    size_t n_terms, cap_terms; /* a fixed MAX_TERMS block per answer cost 290 KB) */
    int oom;
    unit *units;
    size_t n_units;
} ref;

static int add_term(ref *r, const char *s, size_t n)
{
    if (r->n_terms >= MAX_TERMS || n == 0 || n >= TERM_MAX)
        return -1;
    if (r->n_terms == r->cap_terms) {
        size_t cap = r->cap_terms ? r->cap_terms * 2 : 16;
        if (cap > MAX_TERMS)
            cap = MAX_TERMS;
        term *grown = arena_grow(r->mem, r->terms, r->n_terms, cap, sizeof *grown);
        if (!grown) {
            r->oom = 1;
            return -1;
        }
        r->terms = grown;
        r->cap_terms = cap;
    }
    term *t = &r->terms[r->n_terms];
    t->len = tok_key(s, n, t->key);
    t->key[t->len] = '\0';
    t->hangul = has_hangul(s, n);
    t->njamo = hg_jamo(t->key, t->len, t->jamo, 48);
    r->n_terms++;
    return 0;
}

/* The content words of s[0..n) as terms; returns how many were added. */
static size_t add_terms(ref *r, const char *s, size_t n)
{
    tok toks[64];
    size_t nt = tok_split(s, n, toks, 64), added = 0;
    if (nt > 64)
        nt = 64;
    for (size_t i = 0; i < nt; i++) {
        const char *w = s + toks[i].off;
        size_t sl = toks[i].stem_len;
        if (tok_is_stopword(w, sl) || (toks[i].kind == TK_LATIN && sl < 2))
            continue;
        if (add_term(r, w, sl) == 0)
            added++;
    }
    return added;
}

/* Neighbours: the bank's answers most like the reference (itself left out). */
#define NEIGHBOURS 12

typedef struct hood {
    const g_item *it[NEIGHBOURS];
    size_t n;
} hood;

static void neighbours(const assay_engine *e, const tx_vec *v, hood *h)
{
    double sim[NEIGHBOURS];
    h->n = 0;
    for (size_t i = 0; i < e->n_items; i++) {
        double s = tx_cosine(v, &e->items[i].va);
        if (s > 0.95 || s <= 0)
            continue; /* the reference itself, or nothing in common */
        size_t at = h->n < NEIGHBOURS ? h->n++ : NEIGHBOURS;
        if (at == NEIGHBOURS) {
            if (s <= sim[NEIGHBOURS - 1])
                continue;
            at = NEIGHBOURS - 1;
        }
        while (at > 0 && sim[at - 1] < s) {
            sim[at] = sim[at - 1];
            h->it[at] = h->it[at - 1];
            at--;
        }
        sim[at] = s;
        h->it[at] = &e->items[i];
    }
}

/* A concept's weight: its IDF in the bank, lowered when the reference's
 * neighbours share it (topic vocabulary that any answer on the topic uses,
 * rather than what this answer says). */
static double unit_weight(const assay_engine *e, const ref *r, const unit *u, const hood *h)
{
    double w = 0;
    size_t shared = 0;
    for (size_t k = 0; k < u->alt_n[0]; k++) {
        const term *t = &r->terms[u->alt_first[0] + k];
        double idf = tx_term_idf(&e->idx, t->key, t->len);
        if (idf > w)
            w = idf;
    }
    for (size_t j = 0; j < h->n; j++) {
        int has = 0;
        for (size_t k = 0; k < u->alt_n[0] && !has; k++) {
            const term *t = &r->terms[u->alt_first[0] + k];
            uint64_t hash;
            if (tx_terms(t->key, t->len, &hash, 1) == 1)
                has = sim_shared(&hash, 1, h->it[j]->aterms, h->it[j]->n_aterms) > 0;
        }
        shared += (size_t)has;
    }
    if (h->n)
        w *= 1.0 - 0.8 * (double)shared / (double)h->n;
    return w;
}

typedef struct span_ctx {
    size_t a_off[64], a_len[64], b_off[64], b_len[64];
    size_t n;
} span_ctx;

static void on_span(void *ud, size_t a_off, size_t a_len, size_t b_off, size_t b_len, int kf)
{
    (void)kf;
    span_ctx *c = ud;
    if (c->n >= 64)
        return;
    c->a_off[c->n] = a_off;
    c->a_len[c->n] = a_len;
    c->b_off[c->n] = b_off;
    c->b_len[c->n] = b_len;
    c->n++;
}

static int in_spans(const span_ctx *c, size_t off)
{
    for (size_t i = 0; i < c->n; i++)
        if ((off >= c->a_off[i] && off < c->a_off[i] + c->a_len[i]) ||
            (off >= c->b_off[i] && off < c->b_off[i] + c->b_len[i]))
            return 1;
    return 0;
}

/* A word that can carry a concept: not a stop word; Latin of two letters or
 * more; Hangul of two syllables or more once its particle is gone ("수를" is
 * one: 수 + 를); not a particle glued to a closing parenthesis ("(Query)과"). */
static int is_concept(const char *s, const tok *t)
{
    const char *w = s + t->off;
    size_t sl = t->stem_len;
    if (sl >= TERM_MAX || tok_is_stopword(w, sl))
        return 0;
    if (t->kind == TK_LATIN)
        return sl >= 2;
    if (t->kind != TK_HANGUL)
        return 1;
    if (t->off > 0 && (s[t->off - 1] == ')' || s[t->off - 1] == ']'))
        return 0;
    if (sl < 6)
        return 0; /* one syllable */
    if (sl == 6 && t->len == 6) {
        /* two syllables, the second a particle: one syllable of content */
        static const char *const p[] = {"은", "는", "이", "가", "을", "를", "의",
                                        "에", "로", "도", "만", "과", "와"};
        for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
            if (memcmp(w + 3, p[i], 3) == 0)
                return 0;
    }
    return 1;
}

/* The reference's concepts: "X(Y)" pairs as one concept with two spellings,
 * then every other content word, with the bank's alias as a second spelling. */
static int build_ref(const assay_engine *e, arena *a, const char *s, ref *r)
{
    size_t n = strlen(s);
    r->mem = a;
    r->units = arena_alloc(a, MAX_UNITS * sizeof *r->units);
    if (!r->units)
        return -1;
    span_ctx sp;
    sp.n = 0;
    alias_scan(s, n, on_span, &sp);
    for (size_t i = 0; i < sp.n && r->n_units < MAX_UNITS; i++) {
        unit *u = &r->units[r->n_units];
        u->alt_first[0] = r->n_terms;
        u->alt_n[0] = add_terms(r, s + sp.a_off[i], sp.a_len[i]);
        u->alt_first[1] = r->n_terms;
        u->alt_n[1] = add_terms(r, s + sp.b_off[i], sp.b_len[i]);
        u->n_alts = 2;
        if (!u->alt_n[0] || !u->alt_n[1])
            continue;
        /* either side's aliases in the bank are further spellings: 읽기 for Query */
        char *sides[2];
        for (int side = 0; side < 2; side++) {
            size_t off = side ? sp.b_off[i] : sp.a_off[i], len = side ? sp.b_len[i] : sp.a_len[i];
            sides[side] = u8_fold(s + off, len, NULL);
        }
        for (int side = 0; side < 2; side++) {
            const char *others[4];
            size_t no = sides[side] ? alias_others(&e->aliases, sides[side], others, 4) : 0;
            for (size_t k = 0; k < no && u->n_alts < MAX_ALTS; k++) {
                if (sides[1 - side] && strcmp(others[k], sides[1 - side]) == 0)
                    continue; /* the pair written here */
                u->alt_first[u->n_alts] = r->n_terms;
                u->alt_n[u->n_alts] = add_terms(r, others[k], strlen(others[k]));
                if (u->alt_n[u->n_alts])
                    u->n_alts++;
            }
        }
        free(sides[0]);
        free(sides[1]);
        u->label = arena_printf(a, "%.*s(%.*s)", (int)sp.a_len[i], s + sp.a_off[i],
                                (int)sp.b_len[i], s + sp.b_off[i]);
        if (!u->label)
            return -1;
        r->n_units++;
    }
    tok toks[MAX_TOKS];
    size_t nt = tok_split(s, n, toks, MAX_TOKS);
    if (nt > MAX_TOKS)
        nt = MAX_TOKS;
    for (size_t i = 0; i < nt && r->n_units < MAX_UNITS; i++) {
        const char *w = s + toks[i].off;
        size_t sl = toks[i].stem_len;
        if (in_spans(&sp, toks[i].off) || !is_concept(s, &toks[i]))
            continue;
        char key[TERM_MAX];
        tok_key(w, sl, key);
        key[sl] = '\0';
        int dup = 0;
        for (size_t k = 0; k < r->n_units && !dup; k++) {
            const unit *o = &r->units[k];
            for (size_t t = 0; t < o->alt_n[0] && !dup; t++)
                dup = o->alt_n[0] == 1 && strcmp(r->terms[o->alt_first[0] + t].key, key) == 0;
        }
        if (dup)
            continue;
        unit *u = &r->units[r->n_units];
        u->alt_first[0] = r->n_terms;
        if (add_term(r, w, sl) != 0)
            break;
        u->alt_n[0] = 1;
        u->n_alts = 1;
        const char *others[MAX_ALTS - 1];
        size_t no = alias_others(&e->aliases, key, others, MAX_ALTS - 1);
        for (size_t k = 0; k < no; k++) {
            u->alt_first[u->n_alts] = r->n_terms;
            u->alt_n[u->n_alts] = add_terms(r, others[k], strlen(others[k]));
            if (u->alt_n[u->n_alts])
                u->n_alts++;
        }
        u->label = arena_strndup(a, w, sl);
        if (!u->label)
            return -1;
        r->n_units++;
    }
    tx_vec v;
    if (tx_vectorize(&e->idx, s, n, a, &v) != 0)
        return -1;
    hood h;
    neighbours(e, &v, &h);
    for (size_t k = 0; k < r->n_units; k++)
        r->units[k].weight = unit_weight(e, r, &r->units[k], &h);
    return r->oom ? -1 : 0;
}

/* The answer, for matching: its words' stems, and all its Hangul run together
 * (so spacing and compounds do not matter). */
typedef struct answer {
    term *terms;
    size_t n;
    char *hangul; /* only Hangul syllables, in order */
} answer;

static int build_answer(arena *a, const char *s, answer *ans)
{
    size_t fl;
    char *f = u8_fold(s, strlen(s), &fl);
    if (!f)
        return -1;
    ref tmp = {.mem = a};
    ans->hangul = arena_alloc(a, fl + 1);
    if (!ans->hangul) {
        free(f);
        return -1;
    }
    tok toks[MAX_TOKS];
    size_t nt = tok_split(f, fl, toks, MAX_TOKS);
    if (nt > MAX_TOKS)
        nt = MAX_TOKS;
    size_t hw = 0;
    for (size_t i = 0; i < nt; i++) {
        size_t sl = toks[i].stem_len;
        if (sl < TERM_MAX)
            add_term(&tmp, f + toks[i].off, sl);
        for (size_t k = 0; k < toks[i].len;) {
            int32_t cp;
            size_t c = u8_decode(f + toks[i].off + k, toks[i].len - k, &cp);
            if (hg_is_syllable(cp)) {
                memcpy(ans->hangul + hw, f + toks[i].off + k, c);
                hw += c;
            }
            k += c;
        }
    }
    ans->hangul[hw] = '\0';
    ans->terms = tmp.terms;
    ans->n = tmp.n_terms;
    free(f);
    return tmp.oom ? -1 : 0;
}

static int term_found(const term *t, const answer *ans)
{
    for (size_t i = 0; i < ans->n; i++)
        if (ans->terms[i].len == t->len && memcmp(ans->terms[i].key, t->key, t->len) == 0)
            return 1;
    size_t chars = chars_of(t->key, t->len);
    /* spacing: 수평 확장 = 수평확장; compounds: 캐시무효화 holds 무효화 */
    if (t->hangul && chars >= 2 && strstr(ans->hangul, t->key))
        return 1;
    size_t allow = typo_allowance(chars, t->hangul);
    if (!allow)
        return 0;
    for (size_t i = 0; i < ans->n; i++) {
        const term *a = &ans->terms[i];
        if (a->hangul != t->hangul)
            continue;
        if (edit_distance(t->jamo, t->njamo, a->jamo, a->njamo, allow) <= allow)
            return 1;
    }
    return 0;
}

int grade_free_text(const assay_engine *e, const char *reference, const char *answer_text, grade *g)
{
    ref r = {0};
    answer ans = {0};
    if (build_ref(e, &g->mem, reference, &r) != 0 ||
        build_answer(&g->mem, answer_text ? answer_text : "", &ans) != 0)
        return -1;
    const char **covered = arena_alloc(&g->mem, (r.n_units + 1) * sizeof *covered);
    const char **missed = arena_alloc(&g->mem, (r.n_units + 1) * sizeof *missed);
    if (!covered || !missed)
        return -1;
    double got = 0, total = 0;
    size_t nc = 0, nm = 0;
    for (size_t k = 0; k < r.n_units; k++) {
        const unit *u = &r.units[k];
        double best = 0;
        for (int alt = 0; alt < u->n_alts; alt++) {
            size_t hit = 0;
            for (size_t t = 0; t < u->alt_n[alt]; t++)
                hit += (size_t)term_found(&r.terms[u->alt_first[alt] + t], &ans);
            double s = u->alt_n[alt] ? (double)hit / (double)u->alt_n[alt] : 0;
            if (s > best)
                best = s;
        }
        got += u->weight * best;
        total += u->weight;
        if (best >= 0.5)
            covered[nc++] = u->label;
        else
            missed[nm++] = u->label;
    }
    g->pub.score = total > 0 ? got / total : 0;
    g->pub.correct = g->pub.score >= 0.7;
    g->pub.covered = covered;
    g->pub.n_covered = nc;
    g->pub.missed = missed;
    g->pub.n_missed = nm;
    g->pub.reference = arena_strdup(&g->mem, reference);
    return g->pub.reference ? 0 : -1;
}
