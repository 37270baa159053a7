/* gen/quiz — selecting items, giving them types, the quiz as JSON. */
#include "gen/quiz.h"

#include "gen/derive.h"

#include "core/opts.h"
#include "core/u8.h"
#include "text/sim.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_QTYPES 6 /* ASSAY_Q_MCQ .. ASSAY_Q_SCENARIO, one bit each */

void assay_quiz_spec_init(assay_quiz_spec *s)
{
    memset(s, 0, sizeof *s);
    s->struct_size = sizeof *s;
    s->count = 10;
    s->types = ASSAY_Q_ALL;
    s->options = 4;
    s->seed = 1;
}

/* The error for a topic filter that matches several of the engine's topics:
 * it names them all (with their knowledge base when they come from several). */
static assay_code ambiguous(const assay_engine *e, errinfo *err, const char *want, const char *hit,
                            size_t n)
{
    const char *kb0 = NULL;
    int several_kbs = 0;
    for (size_t t = 0; t < e->n_topics; t++)
        if (hit[t]) {
            several_kbs |= kb0 && strcmp(kb0, e->topics[t].kb) != 0;
            kb0 = e->topics[t].kb;
        }
    char list[600];
    size_t w = 0;
    for (size_t t = 0; t < e->n_topics; t++) {
        if (!hit[t])
            continue;
        int m = snprintf(list + w, w < sizeof list ? sizeof list - w : 0, "%s%s%s%d. %s",
                         w ? "; " : "", several_kbs ? e->topics[t].kb : "", several_kbs ? ": " : "",
                         e->topics[t].number, e->topics[t].title);
        if (m > 0)
            w += (size_t)m;
        if (w >= sizeof list) {
            snprintf(list + sizeof list - 5, 5, "...");
            break;
        }
    }
    return err_set_param(err, ASSAY_EINPUT, "topics",
                         "the topic filter '%s' matches %zu topics (%s); give more of the title or "
                         "the topic's number%s",
                         want, n, list, several_kbs ? ", and the knowledge base" : "");
}

assay_code quiz_select_topics(const assay_engine *e, errinfo *err, const char *kb,
                              const char *const *topics, size_t n_topics, char *sel)
{
    /* in: the topics of the scope's knowledge base (all without one) */
    char *in = malloc(e->n_topics + 1);
    if (!in)
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    size_t n_in = 0;
    for (size_t t = 0; t < e->n_topics; t++) {
        in[t] = !kb || !kb[0] || strcmp(e->topics[t].kb, kb) == 0;
        n_in += in[t] != 0;
    }
    if (!n_in && kb && kb[0]) {
        free(in);
        return err_set_param(err, ASSAY_ENOTFOUND, "kb", "no knowledge base '%s' with topics", kb);
    }
    if (n_topics == 0) {
        memcpy(sel, in, e->n_topics);
        free(in);
        return ASSAY_OK;
    }
    memset(sel, 0, e->n_topics);
    char *hit = malloc(e->n_topics + 1);
    if (!hit) {
        free(in);
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    }
    assay_code rc = ASSAY_OK;
    for (size_t k = 0; rc == ASSAY_OK && k < n_topics; k++) {
        const char *want = topics[k];
        size_t any = 0;
        memset(hit, 0, e->n_topics);
        int num = u8_small_number(want);
        if (num >= 0) {
            for (size_t t = 0; t < e->n_topics; t++)
                if (in[t] && e->topics[t].number == num)
                    hit[t] = 1, any++;
        } else {
            size_t wl;
            char *w = u8_fold(want, strlen(want), &wl);
            if (!w) {
                rc = err_set_param(err, ASSAY_EUSAGE, "topics", "a topic is UTF-8 text");
                break;
            }
            long whole = -1; /* a whole title is not ambiguous, even inside a longer one */
            for (size_t t = 0; t < e->n_topics && wl; t++) {
                if (!in[t])
                    continue;
                size_t tl;
                char *title = u8_fold(e->topics[t].title, strlen(e->topics[t].title), &tl);
                if (title && strstr(title, w)) {
                    hit[t] = 1, any++;
                    if (tl == wl)
                        whole = (long)t;
                }
                free(title);
            }
            free(w);
            if (any > 1 && whole >= 0) {
                memset(hit, 0, e->n_topics);
                hit[whole] = 1;
                any = 1;
            }
        }
        if (!any)
            rc = err_set_param(err, ASSAY_ENOTFOUND, "topics", "no topic matches '%s'", want);
        else if (any > 1)
            rc = ambiguous(e, err, want, hit, any);
        for (size_t t = 0; rc == ASSAY_OK && t < e->n_topics; t++)
            sel[t] |= hit[t];
    }
    free(hit);
    free(in);
    return rc;
}

static int level_ok(const assay_quiz_spec *s, int level)
{
    if (s->n_levels == 0)
        return 1;
    for (size_t i = 0; i < s->n_levels; i++)
        if (s->levels[i] == level)
            return 1;
    return 0;
}

/* One question of type t for item i; 0, 1 (item cannot), -1 (memory). */
static int make_x(const assay_engine *e, assay_qtype t, uint32_t i, int k, rng *r, arena *a,
                  g_question *q, const gen_excl *x)
{
    switch (t) {
    case ASSAY_Q_MCQ: {
        /* fewer options rather than one a reader without the subject sets
         * aside (REFERENCES §1: three options are enough): k, then fewer,
         * never fewer than 3 */
        int rc = gen_mcq(e, i, k, r, a, q, x);
        for (int m = k - 1; rc == 1 && m >= 3 && !derive_is(e, i); m--)
            rc = gen_mcq(e, i, m, r, a, q, x);
        return rc;
    }
    case ASSAY_Q_TF: return gen_tf(e, i, r, a, q, x);
    case ASSAY_Q_CLOZE: return gen_cloze(e, i, r, a, q, x);
    case ASSAY_Q_MATCH: return gen_match(e, i, r, a, q, x);
    case ASSAY_Q_SHORT: return gen_short(e, i, a, q);
    case ASSAY_Q_SCENARIO: return gen_scenario(e, i, k, r, a, q, x);
    }
    return 1;
}

int quiz_make(const assay_engine *e, assay_qtype t, uint32_t i, int k, rng *r, arena *a,
              g_question *q)
{
    return make_x(e, t, i, k, r, a, q, NULL);
}

/* ---- what a quiz has shown: no repeats, no answer given away ---------------- */

/*
 * A quiz remembers the items it has shown (asked, or shown as an option or a
 * false statement), the texts it shows, its questions' answers (key options,
 * cloze terms: none may stand in another question's text) and its reference
 * answers (no text shown by another question may be a piece of one). A new
 * question that would break this is not taken (quiz_generate tries the next
 * item); the generators leave such items and terms out to begin with.
 */
typedef struct strs {
    const char **v;
    gen_bloom *b; /* gen_bloom_of each */
    uint64_t *h;  /* gen_text_hash of each */
    size_t n, cap, bcap, hcap;
} strs;

/* Term sets (sorted distinct content-word hashes, in mem): the answers'
 * distinctive terms and the shown texts' terms (the near-leak rule). */
typedef struct tsets {
    const uint64_t **v;
    uint32_t *n;
    gen_bloom *m; /* gen_near_mask of each */
    uint8_t *d;   /* whether its terms set distinct bits of m (near_may) */
    size_t len, cap, ncap, mcap, dcap;
} tsets;

typedef struct item_check {
    uint16_t texts, secrets, refs, answers; /* how many of each it was compared with */
    uint8_t blocked;
} item_check;

/* The answers' parts by term (gen_excl_item counts, for an item, the terms
 * it shares with each part in one pass over its own terms instead of a
 * comparison with every part): open addressing, term -> the parts holding it
 * (a list, newest part first). */
#define AIDX_SLOTS 2048 /* a power of 2; at most half used, else not used */
typedef struct aidx_slot {
    uint64_t term;
    uint32_t head; /* 1 + link index; 0: empty */
} aidx_slot;
typedef struct aidx_link {
    uint32_t part, next; /* next: 1 + link index, 0: the end */
} aidx_link;
typedef struct aidx {
    aidx_slot *slots; /* AIDX_SLOTS, or NULL before the first part */
    aidx_link *links;
    size_t n_links, cap_links, used;
    int full;                /* a term did not fit: the parts are compared one by one */
    uint32_t *stamp, *count; /* per part (cap_parts of them), scratch of one count */
    size_t cap_parts;
    uint32_t now;
} aidx;

struct gen_excl {
    const assay_engine *e;
    unsigned char *shown; /* per item */
    /* per item: kept for the questions still to come (not shown as options) */
    const unsigned char *reserved;
    strs texts;   /* shown */
    strs folded;  /* the same, ASCII-folded (in mem) */
    strs secrets; /* ASCII-folded copies (in mem) */
    strs refs;
    strs asked;                  /* question texts */
    tsets answers;               /* distinctive terms of each secret and reference */
    tsets shown_terms;           /* terms of each shown text */
    aidx *aix;                   /* answers by term (mutable scratch) */
    item_check *checked;         /* per item (gen_excl_item) */
    const assay_quiz_spec *spec; /* its levels */
    uint32_t *match_items;       /* the pairs of its matching sets (gen_match) */
    size_t n_match_items, cap_match_items;
    /* the shown texts by hash (texts.h): open addressing, 1 + index into
     * texts, 0 = empty; th_cap a power of 2, at most half used; NULL when
     * it could not be made (then the texts are scanned) */
    uint32_t *th;
    size_t th_cap, th_used;
    int th_failed;
    unsigned char *match_failed; /* per item: anchored no matching set (gen_match) */
    struct near_memo *memo;      /* terms of texts the quiz split (text_terms), or NULL */
    arena mem;
};

/* Keeps v with its bloom and hash (the cheap tests before a search).
 * bloom: v's bloom when known (gen_bloom_of folds case: a text and its
 * folded copy have one bloom), else NULL: worked out when need & NEED_BLOOM;
 * hash likewise (NEED_HASH); what is not needed is left 0. */
enum { NEED_BLOOM = 1, NEED_HASH = 2 };
static int strs_push_x(gen_excl *x, strs *s, const char *v, const gen_bloom *bloom,
                       const uint64_t *hash, unsigned need)
{
    if (!v || !v[0])
        return 0;
    size_t nb = s->n, nh = s->n;
    gen_bloom *b = arena_push(&x->mem, (void **)&s->b, &nb, &s->bcap, sizeof *b);
    uint64_t *h = arena_push(&x->mem, (void **)&s->h, &nh, &s->hcap, sizeof *h);
    const char **slot =
        b && h ? arena_push(&x->mem, (void **)&s->v, &s->n, &s->cap, sizeof *slot) : NULL;
    if (!slot)
        return -1;
    if (bloom)
        *b = *bloom;
    else if (need & NEED_BLOOM)
        gen_bloom_of(v, strlen(v), b);
    else
        memset(b, 0, sizeof *b);
    *h = hash ? *hash : need & NEED_HASH ? gen_text_hash(v) : 0;
    *slot = v;
    return 0;
}

/* Files shown text k (texts.v[k], texts.h[k]) under its hash. */
static void texts_index(gen_excl *x, size_t k)
{
    if (x->th_failed)
        return;
    if (2 * (x->th_used + 1) > x->th_cap) {
        size_t cap = x->th_cap ? 2 * x->th_cap : 512;
        uint32_t *t = arena_alloc(&x->mem, cap * sizeof *t);
        if (!t) {
            x->th_failed = 1; /* gen_excl_item scans the texts instead */
            return;
        }
        memset(t, 0, cap * sizeof *t);
        for (size_t j = 0; j < k; j++) {
            size_t h = (size_t)(x->texts.h[j] ^ (x->texts.h[j] >> 32)) & (cap - 1);
            while (t[h])
                h = (h + 1) & (cap - 1);
            t[h] = (uint32_t)(j + 1);
        }
        x->th = t;
        x->th_cap = cap;
    }
    size_t h = (size_t)(x->texts.h[k] ^ (x->texts.h[k] >> 32)) & (x->th_cap - 1);
    while (x->th[h])
        h = (h + 1) & (x->th_cap - 1);
    x->th[h] = (uint32_t)(k + 1);
    x->th_used = k + 1;
}

/* Whether the quiz shows text s (its gen_text_hash h) among texts
 * [from, texts.n): by hash when the index is there (a text before `from`
 * the caller knows is not s). */
static int texts_hold(const gen_excl *x, size_t from, uint64_t h, const char *s)
{
    if (x->th && !x->th_failed && x->th_used == x->texts.n) {
        for (size_t k = (size_t)(h ^ (h >> 32)) & (x->th_cap - 1); x->th[k];
             k = (k + 1) & (x->th_cap - 1)) {
            size_t j = x->th[k] - 1;
            if (x->texts.h[j] == h && strcmp(x->texts.v[j], s) == 0)
                return 1;
        }
        return 0;
    }
    for (size_t k = from; k < x->texts.n; k++)
        if (x->texts.h[k] == h && strcmp(x->texts.v[k], s) == 0)
            return 1;
    return 0;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char *fold_copy(arena *a, const char *s, size_t n)
{
    return gen_fold_ascii(a, s, n);
}

/* s ASCII-folded into f (cap bytes); 0 when it does not fit. */
static int fold_into(const char *s, char *f, size_t cap)
{
    size_t n = strlen(s);
    if (n >= cap)
        return 0;
    for (size_t i = 0; i < n; i++)
        f[i] = ascii_lower(s[i]);
    f[n] = '\0';
    return 1;
}

/* ---- near leaks: most of an answer's distinctive words in a shown text ---- */

size_t gen_near_terms(const char *s, size_t n, uint64_t *out, size_t cap)
{
    char buf[2048];
    if (!memchr(s, '/', n) || n >= sizeof buf)
        return tx_terms(s, n, out, cap);
    for (size_t i = 0; i < n; i++)
        buf[i] = s[i] == '/' ? ' ' : s[i];
    return tx_terms(buf, n, out, cap);
}

/* The distinctive terms of the n bytes at s into p (see gen.h). */
static void part_terms(const assay_engine *e, const char *s, size_t n, gen_part *p)
{
    uint64_t tmp[256];
    size_t k = gen_near_terms(s, n, tmp, 256);
    size_t common = e->n_items / NEAR_COMMON_SHARE;
    if (common < NEAR_COMMON_MIN)
        common = NEAR_COMMON_MIN;
    p->n = 0;
    for (size_t i = 0; i < k && p->n < NEAR_PART_TERMS; i++) {
        size_t c;
        engine_posting(e, tmp[i], &c);
        if (c <= common)
            p->t[p->n++] = tmp[i];
    }
}

size_t gen_answer_parts(const assay_engine *e, const char *s, gen_part *parts, size_t max)
{
    char buf[1024];
    size_t w = 0, depth = 0, np = 0;
    /* the answer without what it puts in brackets */
    for (size_t i = 0; s[i] && w + 1 < sizeof buf; i++) {
        char c = s[i];
        if (c == '(' || c == '[')
            depth++;
        else if ((c == ')' || c == ']') && depth)
            depth--;
        else if (!depth)
            buf[w++] = c;
    }
    buf[w] = '\0';
    if (np < max) {
        part_terms(e, buf, w, &parts[np]);
        np += parts[np].n >= NEAR_SHORT_TERMS;
    }
    /* the answer with its brackets, when it has some: what it glosses in
     * brackets is as much its content ("Config(설정 분리)와 Processes(상태
     * 비저장)" is two terms without them) */
    size_t sn = strlen(s), n0 = np ? parts[np - 1].n : 0;
    if (np < max && w < sn && sn < sizeof buf) {
        part_terms(e, s, sn, &parts[np]);
        /* kept when the brackets add a distinctive term (else the same part) */
        np += parts[np].n >= NEAR_SHORT_TERMS && parts[np].n > n0;
    }
    /* its clauses, when it has several */
    size_t from = 0;
    for (size_t i = 0; i <= w && np < max; i++) {
        int end = i == w || buf[i] == ',' || buf[i] == ';' || buf[i] == '\n' ||
                  (buf[i] == '.' && (buf[i + 1] == ' ' || buf[i + 1] == '\0'));
        if (!end)
            continue;
        if (i > from && !(from == 0 && i == w)) {
            part_terms(e, buf + from, i - from, &parts[np]);
            np += parts[np].n >= NEAR_MIN_TERMS;
        }
        from = i + 1;
    }
    return np;
}

void gen_near_mask(const uint64_t *t, size_t n, gen_bloom *m)
{
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < n; i++) {
        unsigned b = (unsigned)((t[i] ^ (t[i] >> 29)) & 255u);
        m->w[b >> 6] |= (uint64_t)1 << (b & 63);
    }
}

/* parts of s kept in e's arena: *terms, *start (part p is
 * terms[start[p] .. start[p + 1])), the count returned; -1 when out of memory */
static long keep_parts(assay_engine *e, const char *s, const uint64_t **terms,
                       const uint32_t **start)
{
    gen_part parts[NEAR_PARTS];
    size_t np = s ? gen_answer_parts(e, s, parts, NEAR_PARTS) : 0, total = 0;
    for (size_t p = 0; p < np; p++)
        total += parts[p].n;
    uint64_t *t = arena_alloc(&e->mem, (total + 1) * sizeof *t);
    uint32_t *st = arena_alloc(&e->mem, (np + 1) * sizeof *st);
    if (!t || !st)
        return -1;
    size_t w = 0;
    for (size_t p = 0; p < np; p++) {
        st[p] = (uint32_t)w;
        memcpy(t + w, parts[p].t, parts[p].n * sizeof *t);
        w += parts[p].n;
    }
    st[np] = (uint32_t)w;
    *terms = t;
    *start = st;
    return (long)np;
}

/* gen_near_terms of s kept in e's arena, with its mask; -1 when out of memory */
static int keep_near_terms(assay_engine *e, const char *s, const uint64_t **t, uint32_t *n,
                           gen_bloom *m)
{
    uint64_t tmp[256];
    size_t k = s ? gen_near_terms(s, strlen(s), tmp, 256) : 0;
    uint64_t *out = arena_alloc(&e->mem, (k + 1) * sizeof *out);
    if (!out)
        return -1;
    memcpy(out, tmp, k * sizeof *out);
    *t = out;
    *n = (uint32_t)k;
    gen_near_mask(out, k, m);
    return 0;
}

int gen_near_prepare(assay_engine *e)
{
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        gen_near_mask(it->nterms, it->n_nterms, &it->nmask);
        long np = keep_parts(e, it->option, &it->kp_terms, &it->kp_start);
        const char *ref = it->kind == ASSAY_KIND_SCENARIO ? it->decision : it->answer;
        long nr = keep_parts(e, ref, &it->rp_terms, &it->rp_start);
        if (np < 0 || nr < 0 ||
            keep_near_terms(e, it->question, &it->qnterms, &it->n_qnterms, &it->qnmask) != 0 ||
            (it->sprompt &&
             keep_near_terms(e, it->sprompt, &it->spterms, &it->n_spterms, &it->spmask) != 0))
            return -1;
        it->n_kp = (uint32_t)np;
        it->n_rp = (uint32_t)nr;
        gen_bloom_of(it->question, strlen(it->question), &it->question_bloom);
        if (it->sprompt)
            gen_bloom_of(it->sprompt, strlen(it->sprompt), &it->sprompt_bloom);
        if (ref)
            gen_bloom_of(ref, strlen(ref), &it->ref_bloom);
    }
    for (size_t t = 0; t < e->n_topics; t++) {
        g_topic *tp = &e->topics[t];
        if (!tp->title)
            continue;
        if (keep_near_terms(e, tp->title, &tp->title_terms, &tp->n_title_terms, &tp->title_mask) !=
            0)
            return -1;
        gen_bloom_of(tp->title, strlen(tp->title), &tp->title_bloom);
    }
    return 0;
}

/* Whether answer part a may be near-leaked by a text whose term mask is tm:
 * each term they share has its bit in tm, so fewer than gen_near_need of
 * a's terms with their bit set rule it out exactly, before any merge. */
/* How many bits of m are set, counting no further than stop (sparse masks:
 * a bit at a time; no popcount instruction is assumed). */
static size_t mask_bits(const gen_bloom *m, size_t stop)
{
    size_t c = 0;
    for (int w = 0; w < 4 && c < stop; w++)
        for (uint64_t v = m->w[w]; v && c < stop; v &= v - 1)
            c++;
    return c;
}

static int near_may(const uint64_t *a, size_t na, const gen_bloom *am, const gen_bloom *tm)
{
    size_t need = gen_near_need(na);
    if (am) {
        /* a's terms on distinct bits (am given only then): a's terms in tm
         * are the bits both masks set */
        gen_bloom both = {
            {am->w[0] & tm->w[0], am->w[1] & tm->w[1], am->w[2] & tm->w[2], am->w[3] & tm->w[3]}};
        if (!(both.w[0] | both.w[1] | both.w[2] | both.w[3]))
            return 0;
        return mask_bits(&both, need) >= need;
    }
    size_t c = 0;
    for (size_t i = 0; i < na; i++) {
        unsigned b = (unsigned)((a[i] ^ (a[i] >> 29)) & 255u);
        c += (tm->w[b >> 6] >> (b & 63)) & 1u;
    }
    return c >= need;
}

/* m when the n terms it is the mask of set n distinct bits, else NULL
 * (what near_may takes). */
static const gen_bloom *distinct_mask(const gen_bloom *m, size_t n)
{
    return mask_bits(m, n + 1) == n ? m : NULL;
}

size_t gen_near_need(size_t na)
{
    if (na < NEAR_MIN_TERMS)
        return na; /* a short answer: all its terms */
    return na / 2 + 1 > NEAR_MIN_TERMS ? na / 2 + 1 : NEAR_MIN_TERMS;
}

int gen_near_leak(const uint64_t *a, size_t na, const uint64_t *t, size_t nt)
{
    if (na < NEAR_SHORT_TERMS || nt < NEAR_SHORT_TERMS)
        return 0;
    return sim_shared(a, na, t, nt) >= gen_near_need(na);
}

#define Q_TEXTS     16 /* texts of one question (qview, below) */
#define SECRETS_CAP (QUIZ_MAX_QUESTIONS * Q_TEXTS)

/* Keeps a copy of terms v[0..n) in s; 0, or -1 when out of memory. */
static int tsets_push(gen_excl *x, tsets *s, const uint64_t *v, size_t n)
{
    uint64_t *copy = arena_alloc(&x->mem, (n + 1) * sizeof *copy);
    size_t len = s->len, len2 = s->len;
    uint32_t *nn = arena_push(&x->mem, (void **)&s->n, &len, &s->ncap, sizeof *nn);
    gen_bloom *m = arena_push(&x->mem, (void **)&s->m, &len2, &s->mcap, sizeof *m);
    size_t len3 = s->len;
    uint8_t *d = arena_push(&x->mem, (void **)&s->d, &len3, &s->dcap, sizeof *d);
    const uint64_t **slot =
        copy && nn && m && d ? arena_push(&x->mem, (void **)&s->v, &s->len, &s->cap, sizeof *slot)
                             : NULL;
    if (!slot)
        return -1;
    gen_near_mask(v, n, m);
    *d = distinct_mask(m, n) != NULL;
    memcpy(copy, v, n * sizeof *copy);
    *slot = copy;
    *nn = (uint32_t)n;
    return 0;
}

/* Whether terms t (of a text a new question shows) near-leak an answer the
 * quiz has. */
static int terms_leak(const gen_excl *x, const uint64_t *t, size_t nt, const gen_bloom *tm)
{
    for (size_t k = 0; k < x->answers.len; k++)
        if (near_may(x->answers.v[k], x->answers.n[k], x->answers.d[k] ? &x->answers.m[k] : NULL,
                     tm) &&
            gen_near_leak(x->answers.v[k], x->answers.n[k], t, nt))
            return 1;
    return 0;
}

/* Whether answer part a (mask am, or NULL) is carried by a text the quiz shows. */
static int part_shown(const gen_excl *x, const uint64_t *a, size_t na, const gen_bloom *am)
{
    for (size_t j = 0; j < x->shown_terms.len; j++)
        if (near_may(a, na, am, &x->shown_terms.m[j]) &&
            gen_near_leak(a, na, x->shown_terms.v[j], x->shown_terms.n[j]))
            return 1;
    return 0;
}

/* Whether text t (with its bloom), shown by a new question, gives away an
 * answer the quiz has. */
static int text_leaks(const gen_excl *x, const char *t, const gen_bloom *tb)
{
    char f[4096];
    if (!fold_into(t, f, sizeof f))
        return 1; /* too long to check: not shown */
    for (size_t k = 0; k < x->secrets.n; k++)
        if (gen_bloom_may_hold(tb, &x->secrets.b[k]) && strstr(f, x->secrets.v[k]))
            return 1;
    for (size_t k = 0; k < x->refs.n; k++)
        if (gen_bloom_may_hold(&x->refs.b[k], tb) && strstr(x->refs.v[k], t))
            return 1;
    return 0;
}

static size_t aidx_find(const aidx *ix, uint64_t t)
{
    size_t h = (size_t)((t ^ (t >> 31)) & (AIDX_SLOTS - 1));
    while (ix->slots[h].head && ix->slots[h].term != t)
        h = (h + 1) & (AIDX_SLOTS - 1);
    return h;
}

/* Files answer part `part` (terms a[0..na)) under each of its terms. */
static int aidx_add(gen_excl *x, uint32_t part, const uint64_t *a, size_t na)
{
    aidx *ix = x->aix;
    if (ix->full)
        return 0;
    /* (arena_alloc gives zeroed memory) */
    if (!ix->slots && !(ix->slots = arena_alloc(&x->mem, AIDX_SLOTS * sizeof *ix->slots)))
        return -1;
    if (part >= ix->cap_parts) { /* the per-part scratch grows with the quiz */
        size_t cap = ix->cap_parts ? 2 * ix->cap_parts : 256;
        while (cap <= part)
            cap *= 2;
        uint32_t *stamp = arena_alloc(&x->mem, cap * sizeof *stamp);
        uint32_t *count = arena_alloc(&x->mem, cap * sizeof *count);
        if (!stamp || !count)
            return -1;
        if (ix->cap_parts) {
            memcpy(stamp, ix->stamp, ix->cap_parts * sizeof *stamp);
            memcpy(count, ix->count, ix->cap_parts * sizeof *count);
        }
        ix->stamp = stamp;
        ix->count = count;
        ix->cap_parts = cap;
    }
    for (size_t k = 0; k < na; k++) {
        size_t h = aidx_find(ix, a[k]);
        if (!ix->slots[h].head) {
            if (2 * (ix->used + 1) > AIDX_SLOTS) {
                ix->full = 1;
                return 0;
            }
            ix->used++;
            ix->slots[h].term = a[k];
        }
        aidx_link *l =
            arena_push(&x->mem, (void **)&ix->links, &ix->n_links, &ix->cap_links, sizeof *l);
        if (!l)
            return -1;
        l->part = part;
        l->next = ix->slots[h].head;
        ix->slots[h].head = (uint32_t)ix->n_links;
    }
    return 0;
}

/* Whether an answer part from `from` on is near-leaked by terms t[0..nt)
 * (the same verdict as gen_near_leak against each: the count of shared
 * terms, each part's terms distinct). */
static int aidx_leak(const gen_excl *x, size_t from, const uint64_t *t, size_t nt)
{
    aidx *ix = x->aix;
    if (nt < NEAR_SHORT_TERMS)
        return 0;
    if (++ix->now == 0) { /* the stamps wrapped */
        memset(ix->stamp, 0, ix->cap_parts * sizeof *ix->stamp);
        ix->now = 1;
    }
    for (size_t k = 0; k < nt; k++) {
        size_t h = aidx_find(ix, t[k]);
        for (uint32_t l = ix->slots[h].head; l && ix->links[l - 1].part >= from;
             l = ix->links[l - 1].next) {
            uint32_t p = ix->links[l - 1].part;
            if (ix->stamp[p] != ix->now) {
                ix->stamp[p] = ix->now;
                ix->count[p] = 0;
            }
            uint32_t c = ++ix->count[p], na = x->answers.n[p];
            if (na >= NEAR_SHORT_TERMS && c >= gen_near_need(na))
                return 1;
        }
    }
    return 0;
}

static int excl_item(const gen_excl *x, uint32_t i, int reserved_too);

int gen_excl_item(const gen_excl *x, uint32_t i)
{
    return excl_item(x, i, 1);
}

int gen_excl_pair_item(const gen_excl *x, uint32_t i)
{
    /* a quiz of matching sets only: an item kept for a later question
     * would anchor a set of its class there, so it may as well stand in
     * this one (the later slot takes another) */
    return excl_item(x, i, !x || !x->spec || (x->spec->types & ASSAY_Q_ALL) != ASSAY_Q_MATCH);
}

static int excl_item(const gen_excl *x, uint32_t i, int reserved_too)
{
    if (!x)
        return 0;
    if (x->shown[i] || (reserved_too && x->reserved && x->reserved[i]))
        return 1;
    const g_pool_key *pk = &x->e->pool_keys[i];
    if (!pk->has_option)
        return 0;
    /* each item is compared with each text, answer and reference once per
     * quiz: what was added since its last check, and a verdict of "left
     * out" is kept (the quiz only grows); blooms rule most pairs out
     * before a search. The item and its text are read only when there is
     * something new to compare (engine pool_keys: fewer cache misses) */
    item_check *c = &x->checked[i];
    if (c->blocked)
        return 1;
    if (c->texts == x->texts.n && c->secrets == x->secrets.n && c->refs == x->refs.n &&
        c->answers == x->answers.len)
        return 0;
    const g_item *it = &x->e->items[i];
    /* its option shown already (by hash: the texts before c->texts were
     * not it, or the verdict would be kept) */
    int hit = c->texts < x->texts.n && texts_hold(x, c->texts, pk->option_hash, it->option);
    const char *o = it->option;
    const gen_bloom *ob = &it->option_bloom;
    for (size_t k = c->secrets; k < x->secrets.n && !hit; k++)
        hit = gen_bloom_may_hold(ob, &x->secrets.b[k]) &&
              strstr(it->option_fold, x->secrets.v[k]) != NULL;
    for (size_t k = c->refs; k < x->refs.n && !hit; k++)
        hit = gen_bloom_may_hold(&x->refs.b[k], ob) && strstr(x->refs.v[k], o) != NULL;
    /* many new parts: counted by term (aidx), else one by one */
    if (!hit && x->aix && x->aix->slots && !x->aix->full && x->answers.len - c->answers > 4) {
        hit = aidx_leak(x, c->answers, it->nterms, it->n_nterms);
        c->answers = (uint16_t)x->answers.len;
    }
    for (size_t k = c->answers; k < x->answers.len && !hit; k++)
        hit = near_may(x->answers.v[k], x->answers.n[k], x->answers.d[k] ? &x->answers.m[k] : NULL,
                       &it->nmask) &&
              gen_near_leak(x->answers.v[k], x->answers.n[k], it->nterms, it->n_nterms);
    c->answers = (uint16_t)x->answers.len;
    c->texts = (uint16_t)x->texts.n;
    c->secrets = (uint16_t)x->secrets.n;
    c->refs = (uint16_t)x->refs.n;
    c->blocked = (uint8_t)hit;
    return hit;
}

int gen_excl_level(const gen_excl *x, int level)
{
    return !x || !x->spec || level_ok(x->spec, level);
}

int gen_excl_shown(const gen_excl *x, const char *s, size_t n)
{
    if (!x || n == 0 || n > 255)
        return 0;
    char f[256];
    for (size_t i = 0; i < n; i++)
        f[i] = ascii_lower(s[i]);
    f[n] = '\0';
    gen_bloom b;
    gen_bloom_of(f, n, &b);
    for (size_t k = 0; k < x->folded.n; k++)
        if (gen_bloom_may_hold(&x->folded.b[k], &b) && strstr(x->folded.v[k], f))
            return 1;
    return 0;
}

int gen_excl_secret(const gen_excl *x, const char *s, size_t n)
{
    if (!x || n == 0 || n > 255)
        return 0;
    for (size_t k = 0; k < x->secrets.n; k++) {
        const char *v = x->secrets.v[k];
        size_t i = 0;
        while (i < n && v[i] && ascii_lower(s[i]) == v[i])
            i++;
        if (i == n && v[n] == '\0')
            return 1;
    }
    return 0;
}

/* The texts question q shows, its items, its answers and reference answers,
 * and the question texts it asks, in fixed-size lists (Q_TEXTS, above). */
typedef struct qview {
    const char *texts[Q_TEXTS];
    size_t n_texts;
    const char *secrets[Q_TEXTS];
    size_t n_secrets;
    const g_item *text_item[Q_TEXTS];   /* the item whose option the text is, or NULL */
    const g_item *secret_item[Q_TEXTS]; /* the item whose option the secret is, or NULL */
    /* a text whose near-leak terms the engine keeps (a question, a
     * scenario's prompt): the terms, their count and mask, else NULL */
    const uint64_t *tterms[Q_TEXTS];
    uint32_t tn[Q_TEXTS];
    const gen_bloom *tmask[Q_TEXTS];
    const gen_bloom *tbloom[Q_TEXTS]; /* its bloom when the engine keeps it, else NULL */
    const char *refs[8];
    const g_item *ref_item[8];  /* the item whose reference answer it is, or NULL */
    const gen_bloom *rbloom[8]; /* its bloom when the engine keeps it, else NULL */
    const char *asked[8];
    const uint64_t *ahash[8]; /* its gen_text_hash when the engine keeps it, else NULL */
    size_t n_refs;
    size_t n_asked;
    uint32_t items[Q_TEXTS];
    size_t n_items;
    /* the answers the near-leak rule guards: the secrets, and the reference
     * answers when they are what the learner is to answer (short, scenario) */
    size_t n_near;
    /* scratch for the terms of texts the question makes itself (a cloze
     * prompt, a context stem): Q_TEXTS x NEAR_TEXT_TERMS, split into words
     * once for both the check and the remembering (text_terms); NULL = none */
    uint64_t *scratch;
    gen_bloom scratch_mask[Q_TEXTS];
    /* a matching set's items (its heading names their topics), else NULL */
    const uint32_t *pair_items;
    size_t n_pairs;
} qview;

#define NEAR_TEXT_TERMS 256 /* terms of one text the near-leak rule reads */

static void view_of(const assay_engine *e, const g_question *g, qview *v)
{
    memset(v, 0, sizeof *v);
    const assay_question *p = &g->pub;
    const g_item *it = &e->items[g->item];
#define ADD(arr, n, val)                        \
    do {                                        \
        if ((n) < sizeof(arr) / sizeof(arr)[0]) \
            (arr)[(n)++] = (val);               \
    } while (0)
    const g_topic *tp = &e->topics[it->topic];
    if (p->prompt == it->question) {
        v->tterms[0] = it->qnterms;
        v->tn[0] = it->n_qnterms;
        v->tmask[0] = &it->qnmask;
        v->tbloom[0] = &it->question_bloom;
    } else if (it->sprompt && p->prompt == it->sprompt) {
        v->tterms[0] = it->spterms;
        v->tn[0] = it->n_spterms;
        v->tmask[0] = &it->spmask;
        v->tbloom[0] = &it->sprompt_bloom;
    } else if (tp->title && p->prompt == tp->title && tp->title_terms) {
        v->tterms[0] = tp->title_terms;
        v->tn[0] = tp->n_title_terms;
        v->tmask[0] = &tp->title_mask;
        v->tbloom[0] = &tp->title_bloom;
    }
    ADD(v->texts, v->n_texts, p->prompt);
    if (p->statement) {
        if (g->statement_item >= 0 && strcmp(e->items[g->statement_item].option, p->statement) == 0)
            v->text_item[v->n_texts] = &e->items[g->statement_item];
        else if (strcmp(it->option, p->statement) == 0)
            v->text_item[v->n_texts] = it;
        ADD(v->texts, v->n_texts, p->statement);
    }
    /* a scenario's distractors are its topic's strategy answers: under the
     * rules like any option (a distractor at most once per quiz) */
    for (size_t k = 0; k < p->n_options; k++) {
        if (g->option_items && v->n_texts < Q_TEXTS &&
            strcmp(e->items[g->option_items[k]].option, p->options[k]) == 0)
            v->text_item[v->n_texts] = &e->items[g->option_items[k]];
        ADD(v->texts, v->n_texts, p->options[k]);
    }
    v->pair_items = g->pair_items;
    v->n_pairs = g->pair_items ? p->n_pairs : 0;
    for (size_t k = 0; k < p->n_pairs; k++) {
        const g_item *li = g->pair_items ? &e->items[g->pair_items[k]] : NULL;
        if (li && v->n_texts < Q_TEXTS && p->left[k] == li->question) {
            v->tterms[v->n_texts] = li->qnterms;
            v->tn[v->n_texts] = li->n_qnterms;
            v->tmask[v->n_texts] = &li->qnmask;
            v->tbloom[v->n_texts] = &li->question_bloom;
        }
        ADD(v->texts, v->n_texts, p->left[k]);
        /* right row k answers the left row j with pairs[j] == k */
        for (size_t j = 0; g->pair_items && j < p->n_pairs && v->n_texts < Q_TEXTS; j++)
            if ((size_t)p->pairs[j] == k &&
                strcmp(e->items[g->pair_items[j]].option, p->right[k]) == 0)
                v->text_item[v->n_texts] = &e->items[g->pair_items[j]];
        ADD(v->texts, v->n_texts, p->right[k]);
    }
    ADD(v->items, v->n_items, g->item);
    for (size_t k = 0; g->option_items && k < p->n_options; k++)
        ADD(v->items, v->n_items, g->option_items[k]);
    for (size_t k = 0; g->pair_items && k < p->n_pairs; k++) {
        const g_item *pi = &e->items[g->pair_items[k]];
        ADD(v->items, v->n_items, g->pair_items[k]);
        if (v->n_secrets < Q_TEXTS)
            v->secret_item[v->n_secrets] = pi;
        ADD(v->secrets, v->n_secrets, pi->option);
        if (v->n_refs < 8) {
            v->ref_item[v->n_refs] = pi;
            if (pi->kind != ASSAY_KIND_SCENARIO)
                v->rbloom[v->n_refs] = &pi->ref_bloom;
        }
        ADD(v->refs, v->n_refs, pi->answer);
        if (v->n_asked < 8)
            v->ahash[v->n_asked] = &pi->question_hash;
        ADD(v->asked, v->n_asked, pi->question);
    }
    if (g->statement_item >= 0)
        ADD(v->items, v->n_items, (uint32_t)g->statement_item);
    if (p->type != ASSAY_Q_MATCH) {
        if (v->n_asked < 8)
            v->ahash[v->n_asked] = &it->question_hash;
        ADD(v->asked, v->n_asked, it->question);
        if (v->n_refs < 8) {
            v->ref_item[v->n_refs] = it;
            v->rbloom[v->n_refs] = &it->ref_bloom;
        }
        ADD(v->refs, v->n_refs, it->kind == ASSAY_KIND_SCENARIO ? it->decision : it->answer);
        if (p->type == ASSAY_Q_CLOZE)
            for (size_t k = 0; k < p->n_accept; k++)
                ADD(v->secrets, v->n_secrets, p->accept[k]);
        else {
            if (v->n_secrets < Q_TEXTS)
                v->secret_item[v->n_secrets] = it;
            ADD(v->secrets, v->n_secrets, it->option);
        }
    }
    v->n_near =
        v->n_secrets + (p->type == ASSAY_Q_SHORT || p->type == ASSAY_Q_SCENARIO ? v->n_refs : 0);
#undef ADD
}

static int asked_hashed(const gen_excl *x, const char *question, uint64_t h)
{
    for (size_t j = 0; j < x->asked.n; j++)
        if (x->asked.h[j] == h && strcmp(question, x->asked.v[j]) == 0)
            return 1;
    return 0;
}

static int conflicts(const gen_excl *x, qview *v);

/* Whether item it's option, as a text a new question shows, is known to
 * give nothing away: gen_excl_item checked it against everything the quiz
 * keeps now (the same secrets, references and answer parts text_leaks and
 * text_near_leaks compare a shown text with) and found nothing. */
static int option_clear(const gen_excl *x, const g_item *it)
{
    size_t i = (size_t)(it - x->e->items);
    const item_check *c = &x->checked[i];
    return x->e->pool_keys[i].has_option && !c->blocked && c->secrets == x->secrets.n &&
           c->refs == x->refs.n && c->answers == x->answers.len && strlen(it->option) < 4096;
}

int gen_excl_match_conflicts(const gen_excl *x, uint32_t item, const char *prompt,
                             const uint32_t *items, size_t n)
{
    if (!x || !prompt || n > MATCH_SET_MAX)
        return 0;
    /* the set as gen_match would make it, in the order drawn (the verdict
     * does not depend on the order of its rows) */
    const char *left[MATCH_SET_MAX], *right[MATCH_SET_MAX];
    int pairs[MATCH_SET_MAX];
    uint32_t pair_items[MATCH_SET_MAX];
    g_question g;
    memset(&g, 0, sizeof g);
    for (size_t k = 0; k < n; k++) {
        left[k] = x->e->items[items[k]].question;
        right[k] = x->e->items[items[k]].option;
        pairs[k] = (int)k;
        pair_items[k] = items[k];
    }
    g.pub.type = ASSAY_Q_MATCH;
    g.pub.prompt = prompt;
    g.pub.left = left;
    g.pub.right = right;
    g.pub.pairs = pairs;
    g.pub.n_pairs = n;
    g.pair_items = pair_items;
    g.item = item;
    g.statement_item = -1;
    qview v;
    view_of(x->e, &g, &v);
    return conflicts(x, &v);
}

int gen_excl_asked(const gen_excl *x, uint32_t i)
{
    return x && asked_hashed(x, x->e->items[i].question, x->e->items[i].question_hash);
}

size_t gen_excl_match_items(const gen_excl *x, const uint32_t **items)
{
    *items = x ? x->match_items : NULL;
    return x ? x->n_match_items : 0;
}

int gen_excl_match_failed(const gen_excl *x, uint32_t i)
{
    return x && x->match_failed && x->match_failed[i];
}

void gen_excl_match_failed_set(const gen_excl *x, uint32_t i)
{
    if (x && x->match_failed)
        x->match_failed[i] = 1;
}

int gen_excl_no_derived(const gen_excl *x)
{
    return x && x->spec && x->spec->no_derived;
}

/* Questions refused for one slot and type before the next type is given the
 * slot (the type is not given up for later slots) */
#define TYPE_TRIES 128
/* Items that cannot take a type, tried for one slot before the next type is
 * given the slot (bounds the work in a large bank where few items can) */
#define TYPE_FAILS 384

/* The near-leak terms of texts a quiz's questions make themselves, split
 * once per quiz: a matching set's heading of several topics ("A / B / C")
 * is checked for every set an anchor tries and again when the set is kept,
 * and the same headings come back for other anchors of those topics (most
 * of the words split at quiz time in a large bank). By content (the texts
 * are new strings each time); a pure cache: the terms are gen_near_terms's. */
#define NEAR_MEMO 64
typedef struct near_memo {
    uint64_t h[NEAR_MEMO];
    const char *s[NEAR_MEMO];
    const uint64_t *t[NEAR_MEMO];
    uint32_t n[NEAR_MEMO];
    gen_bloom m[NEAR_MEMO];
    size_t used;
} near_memo;

static int cmp_term(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The terms of a matching set's heading s from its topic's title, kept at
 * build (gen_near_prepare), into out (NEAR_TEXT_TERMS): a set of one topic
 * is headed by its title (gen.c, match_heading); a heading of several topics
 * ("A (+2)"), of 256 bytes or more (where gen_near_terms could stop at its
 * cap) or of other text: -1, split as any text (it is short). */
static long heading_terms(const assay_engine *e, const qview *v, const char *s, size_t len,
                          uint64_t *out)
{
    if (!v->pair_items || !v->n_pairs || len >= NEAR_TEXT_TERMS || s != v->texts[0])
        return -1;
    uint32_t t = (uint32_t)e->items[v->pair_items[0]].topic;
    for (size_t k = 1; k < v->n_pairs; k++)
        if ((uint32_t)e->items[v->pair_items[k]].topic != t)
            return -1;
    const g_topic *tp = &e->topics[t];
    const char *ti = tp->title ? tp->title : "";
    if (strlen(ti) != len || memcmp(s, ti, len) != 0 || (len && !tp->title_terms) ||
        tp->n_title_terms > NEAR_TEXT_TERMS)
        return -1;
    memcpy(out, tp->title_terms, tp->n_title_terms * sizeof *out);
    size_t n = tp->n_title_terms;
    if (n > 1)
        qsort(out, n, sizeof *out, cmp_term);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || out[u - 1] != out[i])
            out[u++] = out[i];
    return (long)u;
}

/* The memo's entry for text s of v (added when there is room), or -1. */
static long near_memo_find(gen_excl *x, const qview *v, const char *s, size_t len)
{
    if (!x->memo) {
        x->memo = arena_alloc(&x->mem, sizeof *x->memo);
        if (!x->memo)
            return -1;
        x->memo->used = 0;
    }
    near_memo *nm = x->memo;
    uint64_t h = gen_text_hash(s);
    for (size_t j = 0; j < nm->used; j++)
        if (nm->h[j] == h && strcmp(nm->s[j], s) == 0)
            return (long)j;
    if (nm->used == NEAR_MEMO)
        return -1;
    uint64_t tmp[NEAR_TEXT_TERMS];
    long hn = heading_terms(x->e, v, s, len, tmp);
    size_t n = hn >= 0 ? (size_t)hn : gen_near_terms(s, len, tmp, NEAR_TEXT_TERMS);
#ifndef NDEBUG
    if (hn >= 0) { /* the debug builds (and so the tests) check it is the same */
        uint64_t chk[NEAR_TEXT_TERMS];
        size_t cn = gen_near_terms(s, len, chk, NEAR_TEXT_TERMS);
        assert(cn == n && memcmp(chk, tmp, n * sizeof *chk) == 0);
    }
#endif
    uint64_t *t = arena_alloc(&x->mem, (n ? n : 1) * sizeof *t);
    char *c = arena_strndup(&x->mem, s, len);
    if (!t || !c)
        return -1;
    memcpy(t, tmp, n * sizeof *t);
    size_t j = nm->used++;
    nm->h[j] = h;
    nm->s[j] = c;
    nm->t[j] = t;
    nm->n[j] = (uint32_t)n;
    gen_near_mask(t, n, &nm->m[j]);
    return (long)j;
}

/* The terms of v's text k (an item's option: its own) into buf; *t, *m. */
static size_t text_terms(const gen_excl *x, qview *v, size_t k, uint64_t *buf, const uint64_t **t,
                         gen_bloom *m)
{
    const g_item *it = v->text_item[k];
    if (it) {
        *t = it->nterms;
        *m = it->nmask;
        return it->n_nterms;
    }
    if (v->tterms[k]) {
        *t = v->tterms[k];
        *m = *v->tmask[k];
        return v->tn[k];
    }
    size_t len = strlen(v->texts[k]);
    long j = x ? near_memo_find((gen_excl *)x, v, v->texts[k], len) : -1;
    if (j >= 0) { /* the next call for this text reads them */
        const near_memo *nm = x->memo;
        v->tterms[k] = nm->t[j];
        v->tn[k] = nm->n[j];
        v->tmask[k] = &nm->m[j];
        *t = nm->t[j];
        *m = nm->m[j];
        return nm->n[j];
    }
    uint64_t *dst = v->scratch ? v->scratch + k * NEAR_TEXT_TERMS : buf;
    size_t n = gen_near_terms(v->texts[k], strlen(v->texts[k]), dst, NEAR_TEXT_TERMS);
    *t = dst;
    gen_near_mask(dst, n, m);
    if (v->scratch) { /* the next call for this text reads them */
        v->scratch_mask[k] = *m;
        v->tterms[k] = dst;
        v->tn[k] = (uint32_t)n;
        v->tmask[k] = &v->scratch_mask[k];
    }
    return n;
}

static int text_near_leaks(const gen_excl *x, qview *v, size_t k)
{
    uint64_t buf[NEAR_TEXT_TERMS];
    const uint64_t *t;
    gen_bloom m;
    size_t n = text_terms(x, v, k, buf, &t, &m);
    return n >= NEAR_SHORT_TERMS && terms_leak(x, t, n, &m);
}

/* Calls f with each part of v's answer k (an item's option: its parts kept
 * at build); stops at the first nonzero. */
typedef int (*part_fn)(gen_excl *x, const uint64_t *a, size_t na, const gen_bloom *am);
static int each_part(const gen_excl *x, const qview *v, size_t k, part_fn f)
{
    const g_item *it = k < v->n_secrets ? v->secret_item[k] : NULL;
    if (it) {
        for (uint32_t p = 0; p < it->n_kp; p++) {
            const uint64_t *a = it->kp_terms + it->kp_start[p];
            size_t na = it->kp_start[p + 1] - it->kp_start[p];
            gen_bloom m;
            gen_near_mask(a, na, &m);
            int r = f((gen_excl *)x, a, na, distinct_mask(&m, na));
            if (r)
                return r;
        }
        return 0;
    }
    const g_item *ri = k >= v->n_secrets ? v->ref_item[k - v->n_secrets] : NULL;
    if (ri) {
        for (uint32_t p = 0; p < ri->n_rp; p++) {
            const uint64_t *a = ri->rp_terms + ri->rp_start[p];
            size_t na = ri->rp_start[p + 1] - ri->rp_start[p];
            gen_bloom m;
            gen_near_mask(a, na, &m);
            int r = f((gen_excl *)x, a, na, distinct_mask(&m, na));
            if (r)
                return r;
        }
        return 0;
    }
    const char *s = k < v->n_secrets ? v->secrets[k] : v->refs[k - v->n_secrets];
    gen_part parts[NEAR_PARTS];
    size_t np = gen_answer_parts(x->e, s, parts, NEAR_PARTS);
    for (size_t p = 0; p < np; p++) {
        gen_bloom m;
        gen_near_mask(parts[p].t, parts[p].n, &m);
        int r = f((gen_excl *)x, parts[p].t, parts[p].n, distinct_mask(&m, parts[p].n));
        if (r)
            return r;
    }
    return 0;
}

static int part_shown_fn(gen_excl *x, const uint64_t *a, size_t na, const gen_bloom *am)
{
    return part_shown(x, a, na, am);
}

static int answer_shown(const gen_excl *x, const qview *v, size_t k)
{
    return each_part(x, v, k, part_shown_fn);
}

/* Whether a text the quiz shows carries a part of item it's option. */
static int key_shown(const gen_excl *x, const g_item *it)
{
    for (uint32_t p = 0; x->shown_terms.len && p < it->n_kp; p++) {
        const uint64_t *a = it->kp_terms + it->kp_start[p];
        size_t na = it->kp_start[p + 1] - it->kp_start[p];
        gen_bloom m;
        gen_near_mask(a, na, &m);
        if (part_shown(x, a, na, distinct_mask(&m, na)))
            return 1;
    }
    return 0;
}

/* Keeps an answer part (remember): -1 when out of memory. */
static int part_keep_fn(gen_excl *x, const uint64_t *a, size_t na, const gen_bloom *am)
{
    (void)am;
    if (x->answers.len >= SECRETS_CAP)
        return 0;
    if (tsets_push(x, &x->answers, a, na) != 0)
        return -1;
    return aidx_add(x, (uint32_t)(x->answers.len - 1), a, na);
}

/* Whether question g would repeat or give away what the quiz has, or have
 * its own answers given away by what the quiz shows. */
static int conflicts(const gen_excl *x, qview *v)
{
    for (size_t k = 0; k < v->n_items; k++)
        if (x->shown[v->items[k]])
            return 1;
    for (size_t k = 0; k < v->n_asked; k++)
        if (asked_hashed(x, v->asked[k], v->ahash[k] ? *v->ahash[k] : gen_text_hash(v->asked[k])))
            return 1;
    for (size_t k = 0; k < v->n_texts; k++) {
        if (v->text_item[k] && option_clear(x, v->text_item[k]))
            continue;
        gen_bloom tb;
        if (v->text_item[k])
            tb = v->text_item[k]->option_bloom;
        else if (v->tbloom[k])
            tb = *v->tbloom[k];
        else
            gen_bloom_of(v->texts[k], strlen(v->texts[k]), &tb);
        if (text_leaks(x, v->texts[k], &tb))
            return 1;
        if (x->answers.len && text_near_leaks(x, v, k))
            return 1;
    }
    /* the new question's answers against the texts already shown */
    for (size_t k = 0; x->shown_terms.len && k < v->n_near; k++)
        if (answer_shown(x, v, k))
            return 1;
    char f[Q_TEXTS][256];
    gen_bloom sb[Q_TEXTS], rb[8];
    for (size_t k = 0; k < v->n_secrets; k++) {
        if (!fold_into(v->secrets[k], f[k], sizeof f[k]))
            f[k][0] = '\0';
        if (f[k][0] && v->secret_item[k])
            sb[k] = v->secret_item[k]->option_bloom;
        else
            gen_bloom_of(f[k], strlen(f[k]), &sb[k]);
    }
    for (size_t k = 0; k < v->n_refs; k++)
        if (v->rbloom[k])
            rb[k] = *v->rbloom[k];
        else
            gen_bloom_of(v->refs[k], strlen(v->refs[k]), &rb[k]);
    for (size_t j = 0; j < x->texts.n; j++) {
        const char *t = x->texts.v[j];
        const gen_bloom *tb = &x->texts.b[j];
        for (size_t k = 0; k < v->n_secrets; k++)
            if (f[k][0] && gen_bloom_may_hold(tb, &sb[k]) && strstr(x->folded.v[j], f[k]))
                return 1;
        for (size_t k = 0; k < v->n_refs; k++)
            if (gen_bloom_may_hold(&rb[k], tb) && strstr(v->refs[k], t))
                return 1;
    }
    return 0;
}

static int remember(gen_excl *x, qview *v)
{
    int rc = 0;
    for (size_t k = 0; k < v->n_items; k++)
        x->shown[v->items[k]] = 1;
    for (size_t k = 0; k < v->n_texts; k++) {
        const char *t = v->texts[k];
        if (!t || !t[0])
            continue;
        char *f = fold_copy(&x->mem, t, strlen(t));
        if (!f)
            return -1;
        /* an item's option: its bloom and hash from the engine */
        const g_item *ti = v->text_item[k];
        rc |= strs_push_x(x, &x->texts, t, ti ? &ti->option_bloom : v->tbloom[k],
                          ti ? &ti->option_hash : NULL, NEED_BLOOM | NEED_HASH);
        if (rc == 0)
            texts_index(x, x->texts.n - 1);
        rc |= strs_push_x(x, &x->folded, f, rc == 0 ? &x->texts.b[x->texts.n - 1] : NULL, NULL,
                          NEED_BLOOM);
        uint64_t buf[NEAR_TEXT_TERMS];
        const uint64_t *tt;
        gen_bloom m;
        size_t nt = text_terms(x, v, k, buf, &tt, &m);
        if (nt >= NEAR_SHORT_TERMS)
            rc |= tsets_push(x, &x->shown_terms, tt, nt);
    }
    for (size_t k = 0; k < v->n_near; k++)
        rc |= each_part(x, v, k, part_keep_fn);
    for (size_t k = 0; k < v->n_secrets; k++) {
        size_t n = strlen(v->secrets[k]);
        if (n == 0 || x->secrets.n >= SECRETS_CAP)
            continue;
        char *f = fold_copy(&x->mem, v->secrets[k], n);
        if (!f)
            return -1;
        const g_item *si = v->secret_item[k];
        rc |= strs_push_x(x, &x->secrets, f, si ? &si->option_bloom : NULL, NULL, NEED_BLOOM);
    }
    for (size_t k = 0; k < v->n_refs; k++)
        rc |= strs_push_x(x, &x->refs, v->refs[k], v->rbloom[k], NULL, NEED_BLOOM);
    for (size_t k = 0; k < v->n_asked; k++)
        rc |= strs_push_x(x, &x->asked, v->asked[k], NULL, v->ahash[k], NEED_HASH);
    return rc;
}

static int copy_spec(arena *a, const assay_quiz_spec *in, assay_quiz_spec *out)
{
    *out = *in;
    out->struct_size = sizeof *out;
    const char **topics = arena_alloc(a, (in->n_topics + 1) * sizeof *topics);
    int *levels = arena_alloc(a, (in->n_levels + 1) * sizeof *levels);
    if (!topics || !levels)
        return -1;
    for (size_t i = 0; i < in->n_topics; i++)
        if (!(topics[i] = arena_strdup(a, in->topics[i])))
            return -1;
    for (size_t i = 0; i < in->n_levels; i++)
        levels[i] = in->levels[i];
    if (in->kb && !(out->kb = arena_strdup(a, in->kb)))
        return -1;
    out->topics = topics;
    out->levels = levels;
    return 0;
}

static int warn(assay_quiz *q, const char *msg)
{
    char **slot =
        arena_push(&q->mem, (void **)&q->warnings, &q->n_warnings, &q->cap_warnings, sizeof *slot);
    if (!slot || !(*slot = arena_strdup(&q->mem, msg)))
        return -1;
    return 0;
}

/* "1-3" for a run of levels, "1,2,4" otherwise (levels sorted). */
static void levels_arg(const int *lv, size_t n, char *out, size_t cap)
{
    size_t w = 0;
    int run = n > 1;
    for (size_t i = 1; i < n; i++)
        run &= lv[i] == lv[i - 1] + 1;
    if (run && n > 2) {
        snprintf(out, cap, "%d-%d", lv[0], lv[n - 1]);
        return;
    }
    out[0] = '\0';
    for (size_t i = 0; i < n && w < cap; i++) {
        int m = snprintf(out + w, cap - w, "%s%d", i ? "," : "", lv[i]);
        w += m > 0 ? (size_t)m : 0;
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* Whether item i cannot take type t whatever the quiz holds: make_x refuses
 * it at once (the first tests of gen_mcq, gen_tf, gen_cloze, gen_short and
 * gen_scenario; a derived item has its own generators, not judged here). */
static int never_takes(const assay_engine *e, assay_qtype t, uint32_t i)
{
    const g_item *it = &e->items[i];
    int scen = it->kind == ASSAY_KIND_SCENARIO;
    switch (t) {
    case ASSAY_Q_MCQ:
    case ASSAY_Q_TF:
        return !derive_is(e, i) && (scen || !it->option || !it->option[0] || it->hedge ||
                                    it->needs_context || !it->fits);
    case ASSAY_Q_CLOZE: return !derive_is(e, i) && (scen || it->needs_context);
    case ASSAY_Q_SHORT: return scen || derive_is(e, i);
    case ASSAY_Q_SCENARIO: return !scen || !it->decision || !it->decision[0];
    case ASSAY_Q_MATCH: return e->pool_keys[i].match_kind == 255;
    }
    return 0;
}

/* How many of the n items in later the quiz does not leave out (each then
 * counts as an item that could not take the type, as when it is tried);
 * empties later. Within one slot the verdicts do not change (the quiz grows
 * only when the slot is filled), so they may be worked out late. */
static size_t settle(const gen_excl *x, assay_qtype t, const uint32_t *later, size_t *n)
{
    size_t c = 0;
    for (size_t k = 0; k < *n; k++) {
        const g_item *it = &x->e->items[later[k]];
        c += !gen_excl_item(x, later[k]) && !asked_hashed(x, it->question, it->question_hash) &&
             !((t == ASSAY_Q_MCQ || t == ASSAY_Q_TF) && key_shown(x, it));
    }
    *n = 0;
    return c;
}

/* A quiz shorter than asked for: the per-type notes give way to one line
 * that says so and offers the nearest levels with items (in the topics asked
 * for), also kept as data (assay_quiz_shortfall_get). */
static int shortfall(const assay_engine *e, const assay_quiz_spec *spec, const char *sel, size_t np,
                     assay_quiz *q)
{
    assay_quiz_shortfall *f = &q->shortfall;
    memset(f, 0, sizeof *f);
    q->short_of = 1;
    f->asked = spec->count;
    f->made = q->n;
    f->pool = np;
    size_t per[ASSAY_MAX_LEVEL + 1] = {0};
    for (size_t i = 0; i < e->n_items; i++) {
        const g_item *it = &e->items[i];
        if (sel[it->topic] && it->level >= 1 && it->level <= ASSAY_MAX_LEVEL &&
            !level_ok(spec, it->level) &&
            !(spec->no_derived && assay_kind_derived((assay_kind)it->kind)))
            per[it->level]++;
    }
    if (spec->n_levels) {
        /* nearest first: by distance to a level asked for, the lower on a tie */
        for (int d = 1; d <= ASSAY_MAX_LEVEL && f->made + f->more < spec->count; d++)
            for (int side = -1; side <= 1; side += 2)
                for (int lv = 1; lv <= ASSAY_MAX_LEVEL; lv++) {
                    if (!per[lv] || f->made + f->more >= spec->count)
                        continue;
                    int near = 0;
                    for (size_t k = 0; k < spec->n_levels; k++)
                        near |= spec->levels[k] + side * d == lv;
                    int taken = 0;
                    for (size_t k = 0; k < f->n_levels; k++)
                        taken |= f->levels[k] == lv;
                    if (near && !taken) {
                        f->levels[f->n_levels++] = lv;
                        f->more += per[lv];
                    }
                }
    }
    char where[200] = "", asked[64] = "", offer[200] = "";
    int lv_sorted[ASSAY_MAX_LEVEL * 2];
    size_t nl = 0;
    for (size_t k = 0; k < spec->n_levels && nl < ASSAY_MAX_LEVEL; k++)
        lv_sorted[nl++] = spec->levels[k];
    qsort(lv_sorted, nl, sizeof *lv_sorted, cmp_int);
    levels_arg(lv_sorted, nl, asked, sizeof asked);
    size_t w = 0;
    if (nl)
        w += (size_t)snprintf(where, sizeof where, " at level%s %s", nl > 1 ? "s" : "", asked);
    for (size_t k = 0; k < spec->n_topics && w < sizeof where; k++) {
        int m = snprintf(where + w, sizeof where - w, "%s%s",
                         k   ? ", "
                         : w ? " of topic"
                             : " in topic",
                         k == 0 && spec->n_topics > 1 ? "s "
                         : k == 0                     ? " "
                                                      : "");
        w += m > 0 ? (size_t)m : 0;
        if (w < sizeof where) {
            m = snprintf(where + w, sizeof where - w, "%s", spec->topics[k]);
            w += m > 0 ? (size_t)m : 0;
        }
    }
    if (f->n_levels) {
        int off[ASSAY_MAX_LEVEL];
        memcpy(off, f->levels, f->n_levels * sizeof *off);
        qsort(off, f->n_levels, sizeof *off, cmp_int);
        char list[64] = "";
        size_t lw = 0;
        for (size_t k = 0; k < f->n_levels && lw < sizeof list; k++) {
            int m = snprintf(list + lw, sizeof list - lw, "%s%d",
                             k == 0                 ? ""
                             : k + 1 == f->n_levels ? " and "
                                                    : ", ",
                             off[k]);
            lw += m > 0 ? (size_t)m : 0;
        }
        for (size_t k = 0; k < f->n_levels; k++)
            lv_sorted[nl++] = f->levels[k];
        qsort(lv_sorted, nl, sizeof *lv_sorted, cmp_int);
        char all[64];
        levels_arg(lv_sorted, nl, all, sizeof all);
        snprintf(offer, sizeof offer, "; level%s %s %s %zu more item%s: -l %s",
                 f->n_levels > 1 ? "s" : "", list, f->n_levels > 1 ? "have" : "has", f->more,
                 f->more == 1 ? "" : "s", all);
    } else {
        snprintf(offer, sizeof offer, "; no other level has items there");
        if (!spec->n_levels)
            snprintf(offer, sizeof offer, "; the selection has no more items");
    }
    /* a matching quiz: why its sets run out, in the same line (how many of
     * the selection's items can stand in a set at all) */
    char why[256] = "";
    if ((spec->types & ASSAY_Q_ALL) == ASSAY_Q_MATCH) {
        size_t can = 0;
        for (size_t i = 0; i < e->n_items; i++) {
            const g_pool_key *pk = &e->pool_keys[i];
            can += sel[pk->topic] && level_ok(spec, pk->level) && pk->match_kind != 255 &&
                   !(spec->no_derived && pk->derived);
        }
        snprintf(why, sizeof why, "; %zu of its %zu items can stand in a matching set", can, np);
    }
    char msg[768];
    snprintf(msg, sizeof msg, "only %zu of %zu questions%s%s%s", q->n, spec->count, where, why,
             offer);
    q->n_warnings = 0; /* the per-type notes said the same, seven times */
    return warn(q, msg);
}

assay_code quiz_generate(const assay_engine *e, errinfo *err, const assay_quiz_spec *spec_in,
                         assay_quiz **out)
{
    *out = NULL;
    assay_quiz_spec spec;
    assay_quiz_spec_init(&spec);
    if (opts_take(err, &spec, sizeof spec, spec_in, "assay_quiz_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (spec.count == 0 || spec.count > QUIZ_MAX_QUESTIONS)
        return err_set(err, ASSAY_EUSAGE, "count is 1 to %d questions, not %zu", QUIZ_MAX_QUESTIONS,
                       spec.count);
    if (spec.options < 3 || spec.options > 5)
        return err_set(err, ASSAY_EUSAGE, "multiple choice takes 3 to 5 options");
    if (!(spec.types & ASSAY_Q_ALL))
        return err_set(err, ASSAY_EUSAGE, "no question type asked for");
    for (size_t i = 0; i < spec.n_levels; i++)
        if (spec.levels[i] < 1 || spec.levels[i] > ASSAY_MAX_LEVEL)
            return err_set(err, ASSAY_EUSAGE, "levels are 1 to %d", ASSAY_MAX_LEVEL);

    char *sel = calloc(e->n_topics + 1, 1);
    uint32_t *pool = malloc((e->n_items + 1) * sizeof *pool);
    char *used = calloc(e->n_items + 1, 1);
    assay_quiz *q = calloc(1, sizeof *q);
    unsigned char *reserved = calloc(e->n_items + 1, 1);
    uint64_t *scratch = malloc(Q_TEXTS * NEAR_TEXT_TERMS * sizeof *scratch);
    aidx aix = {0};
    gen_excl x = {.e = e,
                  .aix = &aix,
                  .shown = calloc(e->n_items + 1, 1),
                  .reserved = reserved,
                  .checked = calloc(e->n_items + 1, sizeof *x.checked),
                  .match_failed = spec.types & ASSAY_Q_MATCH ? calloc(e->n_items + 1, 1) : NULL,
                  .spec = &spec};
    arena_init(&x.mem, 0);
    assay_code rc = ASSAY_OK;
    if (!sel || !pool || !used || !q || !x.shown || !reserved || !x.checked || !scratch ||
        (spec.types & ASSAY_Q_MATCH && !x.match_failed)) {
        rc = err_set(err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    arena_init(&q->mem, 0);
    if ((rc = quiz_select_topics(e, err, spec.kb, spec.topics, spec.n_topics, sel)) != ASSAY_OK)
        goto out;
    size_t np = 0;
    int every = spec.n_levels == 0 && !spec.no_derived; /* no filter: every item, in order */
    for (size_t t = 0; every && t < e->n_topics; t++)
        every = sel[t] != 0;
    if (every)
        for (; np < e->n_items; np++)
            pool[np] = (uint32_t)np;
    else
        for (size_t i = 0; i < e->n_items; i++) {
            const g_pool_key *pk = &e->pool_keys[i];
            if (sel[pk->topic] && level_ok(&spec, pk->level) && !(spec.no_derived && pk->derived))
                pool[np++] = (uint32_t)i;
        }
    if (np == 0) {
        rc = err_set(err, ASSAY_ENOTFOUND, "no items match the topics and levels asked for");
        goto out;
    }
    if (copy_spec(&q->mem, &spec, &q->spec) != 0 ||
        !(q->qs = arena_alloc(&q->mem, spec.count * sizeof *q->qs))) {
        rc = err_set(err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    rng r;
    rng_seed(&r, spec.seed, 0);
    gen_keypos kp; /* the keys' positions, balanced over the quiz */
    gen_keypos_init(&kp, spec.seed);
    size_t shuffled = 0; /* pool[0..shuffled) is in its random order; the rest on demand */
    assay_qtype types[N_QTYPES];
    size_t nt = 0;
    for (unsigned t = 1; t <= ASSAY_Q_SCENARIO; t <<= 1)
        if (spec.types & t)
            types[nt++] = (assay_qtype)t;
    size_t offset = rng_below(&r, (uint32_t)nt);
    unsigned missing = 0;
    uint32_t resv[QUIZ_MAX_QUESTIONS]; /* the items reserved[] holds */
    size_t n_resv = 0;

    for (size_t s = 0; s < spec.count; s++) {
        int made = 0;
        /* the items the next questions will likely ask are not used up as
         * options: the first unshown ones of the shuffled pool, one per
         * question still to come (with the lazy shuffle run ahead: the same
         * permutation) */
        for (size_t k = 0; k < n_resv; k++) /* what the slot before reserved */
            reserved[resv[k]] = 0;
        n_resv = 0;
        size_t want = spec.count - s, got = 0;
        for (size_t p = 0; p < np && got < want; p++) {
            if (p == shuffled) {
                size_t j = p + rng_below(&r, (uint32_t)(np - p));
                uint32_t tmp = pool[p];
                pool[p] = pool[j];
                pool[j] = tmp;
                shuffled++;
            }
            if (!used[pool[p]] && !x.shown[pool[p]]) {
                reserved[pool[p]] = 1;
                resv[n_resv++] = pool[p];
                got++;
            }
        }
        for (size_t ti = 0; ti < nt && !made; ti++) {
            assay_qtype t = types[(offset + s + ti) % nt];
            if (missing & (unsigned)t)
                continue;
            size_t tries = 0; /* generations refused for this slot and type */
            size_t fails = 0; /* items that could not take the type */
            /* items that never take the type, not yet checked against the
             * quiz: counted in fails only when the count could reach
             * TYPE_FAILS (a scenario slot passes hundreds of other items in
             * a large bank; checking each was most of a slow quiz's time) */
            uint32_t later[TYPE_FAILS];
            size_t n_later = 0;
            for (size_t p = 0; p < np && !made && tries < TYPE_TRIES && fails < TYPE_FAILS; p++) {
                if (fails + n_later >= TYPE_FAILS) {
                    fails += settle(&x, t, later, &n_later);
                    if (fails >= TYPE_FAILS)
                        break;
                }
                if (p == shuffled) { /* one more step of Fisher-Yates */
                    size_t j = p + rng_below(&r, (uint32_t)(np - p));
                    uint32_t tmp = pool[p];
                    pool[p] = pool[j];
                    pool[j] = tmp;
                    shuffled++;
                }
                uint32_t item = pool[p];
                if (used[item] || x.shown[item])
                    continue;
                reserved[item] = 0; /* the question's own item */
                if (never_takes(e, t, item)) {
                    later[n_later++] = item;
                    continue;
                }
                /* cheap tests first: an item whose question the quiz asked or
                 * whose answer it shows is not generated at all */
                if (gen_excl_item(&x, item) ||
                    asked_hashed(&x, e->items[item].question, e->items[item].question_hash))
                    continue;
                /* the key's parts against the texts shown (what the
                 * generation would be refused for, checked before it) */
                if ((t == ASSAY_Q_MCQ || t == ASSAY_Q_TF) && key_shown(&x, &e->items[item]))
                    continue;
                size_t tries_before = tries;
                rng qr;
                rng_seed(&qr, spec.seed, 1 + s);
                int m = make_x(e, t, item, spec.options, &qr, &q->mem, &q->qs[q->n], &x);
                qview v;
                if (m == 2) { /* refused by the quiz's rules before it was built */
                    m = 1;
                    tries++;
                } else if (m == 0) {
                    view_of(e, &q->qs[q->n], &v);
                    v.scratch = scratch;
                    if (conflicts(&x, &v)) {
                        m = 1; /* it would repeat or give an answer away: the next item */
                        tries++;
                    } else if (remember(&x, &v) != 0)
                        m = -1;
                }
                if (m < 0) {
                    rc = err_set(err, ASSAY_ENOMEM, "out of memory");
                    goto out;
                }
                fails += m == 1 && tries == tries_before;
                /* a matching set's pairs: what the next sets are checked
                 * against (gen_match) */
                for (size_t k = 0;
                     m == 0 && q->qs[q->n].pub.type == ASSAY_Q_MATCH && k < q->qs[q->n].pub.n_pairs;
                     k++) {
                    uint32_t *slot = arena_push(&x.mem, (void **)&x.match_items, &x.n_match_items,
                                                &x.cap_match_items, sizeof *slot);
                    if (!slot) {
                        rc = err_set(err, ASSAY_ENOMEM, "out of memory");
                        goto out;
                    }
                    *slot = q->qs[q->n].pair_items[k];
                }
                if (m == 0) {
                    made = 1;
                    used[item] = 1;
                    gen_keypos_place(&kp, &q->qs[q->n]);
                    q->n++;
                }
            }
            /* the count matters only when nothing was made (the verdicts
             * settle would work out are the quiz's to cache, not to keep) */
            if (!made)
                fails += settle(&x, t, later, &n_later);
            if (!made && tries < TYPE_TRIES && fails < TYPE_FAILS && !(missing & (unsigned)t)) {
                missing |= (unsigned)t;
                char msg[160];
                snprintf(msg, sizeof msg, "no more items allow %s questions in this selection",
                         assay_qtype_name(t));
                if (warn(q, msg) != 0) {
                    rc = err_set(err, ASSAY_ENOMEM, "out of memory");
                    goto out;
                }
            }
        }
        if (!made)
            break;
    }
    if (q->n == 0) {
        rc = err_set(err, ASSAY_ENOTFOUND,
                     "the selected items allow none of the question types asked for");
        goto out;
    }
    if (q->n < spec.count && shortfall(e, &spec, sel, np, q) != 0) {
        rc = err_set(err, ASSAY_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(q->kb, sizeof q->kb, "%s", spec.kb && spec.kb[0] ? spec.kb : e->kb);
    *out = q;
    q = NULL;
out:
    if (q) {
        arena_free(&q->mem);
        free(q);
    }
    free(sel);
    free(pool);
    free(used);
    free(x.shown);
    free(reserved);
    free(x.checked);
    free(x.match_failed);
    free(scratch);
    arena_free(&x.mem);
    return rc;
}
