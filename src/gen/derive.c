/*
 * gen/derive — the generators for derived items (see derive.h). A definition
 * is asked as true/false (the false statement another definition, of the
 * same topic first) and as cloze (the defined term blanked in its sentence);
 * a sub-topic bullet as "which of these belongs to topic X" with other
 * topics' bullets that share no term of their own with X; an order as a
 * choice among orders (the key the text's order, the distractors other
 * permutations of the same steps, so no option differs in length or words).
 * Cues are balanced as in gen.c: key position uniform, the key's length rank
 * uniform, no option sharing a word with the stem but the key's own.
 */
#include "gen/derive.h"

#include "core/buf.h"
#include "core/sort.h"
#include "core/u8.h"
#include "text/hangul.h"
#include "text/sim.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_K     5
#define MAX_CANDS 512

typedef struct dx_item {
    int kind;             /* assay_kind */
    const char *sentence; /* definition: the sentence it comes from */
    const char *term;     /* definition: the term as written, "API(…)" */
    const char *answer;   /* definition: what the cloze accepts first, "API" */
    const char **accept;  /* definition: the other spellings */
    size_t n_accept;
    int cloze_only;     /* definition: the topic asks "X란?" itself (no true/false) */
    int head;           /* definition: of the topic's own name (its parts would be half true) */
    const char **steps; /* order: the steps in the text's order */
    size_t n_steps;
    const uint64_t *own; /* topic bullet: its terms few topics use */
    size_t n_own;
} dx_item;

struct derive_index {
    int32_t *of; /* engine item -> index into v, -1 when not derived */
    dx_item *v;
    size_t n;
    uint32_t *bullets; /* engine indexes of the topic bullets */
    size_t n_bullets;
    uint32_t *defs; /* engine indexes of items asking a definition */
    size_t n_defs;
    uint64_t **terms; /* per engine topic: sorted distinct terms of its items */
    size_t *n_terms;
};

int derive_is(const assay_engine *e, uint32_t i)
{
    return assay_kind_derived((assay_kind)e->items[i].kind);
}

static const dx_item *dx_of(const assay_engine *e, uint32_t i)
{
    if (!e->dx || i >= e->n_items || e->dx->of[i] < 0)
        return NULL;
    return &e->dx->v[e->dx->of[i]];
}

/* ---- building --------------------------------------------------------------- */

static const char *jstr(arena *a, json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? arena_strdup(a, s) : NULL;
}

static const char **jstrs(arena *a, json_t *arr, size_t *n)
{
    *n = json_array_size(arr);
    const char **v = arena_alloc(a, (*n + 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t w = 0;
    for (size_t k = 0; k < *n; k++) {
        const char *s = json_string_value(json_array_get(arr, k));
        if (s && (v[w] = arena_strdup(a, s)) != NULL)
            w++;
    }
    *n = w;
    return v;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A stem that asks what something is ("…란?", "…이란?", "…이란 무엇인가?",
 * "What is …?"): its answer is a definition, a fit false statement for one. */
static int asks_definition(const char *q)
{
    size_t n = strlen(q);
    while (n > 0 && (q[n - 1] == '?' || q[n - 1] == ' '))
        n--;
    static const char *const ends[] = {"란", "무엇인가", "무엇인가요", "뭔가요", "무엇"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t m = strlen(ends[i]);
        if (n >= m && memcmp(q + n - m, ends[i], m) == 0)
            return 1;
    }
    return strncmp(q, "What is", 7) == 0 || strncmp(q, "what is", 7) == 0;
}

static int push_u32(arena *a, uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
    uint32_t *slot = arena_push(a, (void **)v, n, cap, sizeof *slot);
    if (!slot)
        return -1;
    *slot = x;
    return 0;
}

static size_t topics_with(const struct derive_index *dx, size_t n_topics, uint64_t t)
{
    size_t c = 0;
    for (size_t k = 0; k < n_topics; k++)
        c += dx->n_terms[k] && search_array(&t, dx->terms[k], dx->n_terms[k], sizeof t, cmp_u64);
    return c;
}

int derive_index_build(assay_engine *e, const char *const *details)
{
    size_t nd = 0;
    for (size_t i = 0; i < e->n_items; i++)
        nd += (size_t)derive_is(e, (uint32_t)i);
    struct derive_index *dx = arena_alloc(&e->mem, sizeof *dx);
    if (!dx)
        return -1;
    memset(dx, 0, sizeof *dx);
    dx->of = arena_alloc(&e->mem, (e->n_items + 1) * sizeof *dx->of);
    dx->v = arena_alloc(&e->mem, (nd + 1) * sizeof *dx->v);
    if (!dx->of || !dx->v)
        return -1;
    size_t cap_b = 0, cap_d = 0;
    for (size_t i = 0; i < e->n_items; i++) {
        const g_item *it = &e->items[i];
        dx->of[i] = -1;
        if (!derive_is(e, (uint32_t)i)) {
            /* a Q/A asking what something is: a false statement for a definition */
            if (it->kind != ASSAY_KIND_SCENARIO && asks_definition(it->question) && it->option &&
                it->option[0] && !it->hedge && !strstr(it->option, "…") &&
                push_u32(&e->mem, &dx->defs, &dx->n_defs, &cap_d, (uint32_t)i) != 0)
                return -1;
            continue;
        }
        dx_item *d = &dx->v[dx->n];
        memset(d, 0, sizeof *d);
        d->kind = it->kind;
        json_error_t jerr;
        json_t *j = details && details[i] ? json_loads(details[i], 0, &jerr) : NULL;
        if (j && it->kind == ASSAY_KIND_DERIVED_DEFINITION) {
            d->sentence = jstr(&e->mem, j, "sentence");
            d->term = jstr(&e->mem, j, "term");
            d->answer = jstr(&e->mem, j, "answer");
            d->accept = jstrs(&e->mem, json_object_get(j, "accept"), &d->n_accept);
            const char *ty = json_string_value(json_object_get(j, "types"));
            d->cloze_only = ty && !strstr(ty, "tf");
            if (d->answer) {
                size_t tl, al;
                char *t =
                    u8_fold(e->topics[it->topic].title, strlen(e->topics[it->topic].title), &tl);
                char *w = u8_fold(d->answer, strlen(d->answer), &al);
                d->head = t && w && al && strstr(t, w) != NULL;
                free(t);
                free(w);
            }
        } else if (j && it->kind == ASSAY_KIND_DERIVED_ORDER) {
            d->steps = jstrs(&e->mem, json_object_get(j, "steps"), &d->n_steps);
        }
        json_decref(j);
        dx->of[i] = (int32_t)dx->n++;
        if (it->kind == ASSAY_KIND_DERIVED_TOPIC &&
            push_u32(&e->mem, &dx->bullets, &dx->n_bullets, &cap_b, (uint32_t)i) != 0)
            return -1;
        if (it->kind == ASSAY_KIND_DERIVED_DEFINITION && d->sentence && d->term && !d->cloze_only &&
            push_u32(&e->mem, &dx->defs, &dx->n_defs, &cap_d, (uint32_t)i) != 0)
            return -1;
    }
    /* each topic's vocabulary (term hashes of its questions and answers), for
     * telling whether another topic's bullet could belong to it too; only
     * when there are bullets to ask */
    if (dx->n_bullets) {
        dx->terms = arena_alloc(&e->mem, (e->n_topics + 1) * sizeof *dx->terms);
        dx->n_terms = arena_alloc(&e->mem, (e->n_topics + 1) * sizeof *dx->n_terms);
        if (!dx->terms || !dx->n_terms)
            return -1;
        for (size_t t = 0; t < e->n_topics; t++) {
            dx->terms[t] = NULL;
            dx->n_terms[t] = 0;
        }
        size_t *cap = calloc(e->n_topics + 1, sizeof *cap);
        if (!cap)
            return -1;
        int bad = 0;
        for (size_t i = 0; !bad && i < e->n_items; i++) {
            const g_item *it = &e->items[i];
            const uint64_t *src[2] = {it->qterms, it->aterms};
            uint32_t ns[2] = {it->n_qterms, it->n_aterms};
            for (int s = 0; s < 2 && !bad; s++)
                for (uint32_t k = 0; k < ns[s] && !bad; k++) {
                    uint64_t *slot =
                        arena_push(&e->mem, (void **)&dx->terms[it->topic], &dx->n_terms[it->topic],
                                   &cap[it->topic], sizeof *slot);
                    if (!slot)
                        bad = 1;
                    else
                        *slot = src[s][k];
                }
        }
        free(cap);
        if (bad)
            return -1;
        for (size_t t = 0; t < e->n_topics; t++) {
            sort_array(dx->terms[t], dx->n_terms[t], sizeof(uint64_t), cmp_u64);
            size_t w = 0;
            for (size_t k = 0; k < dx->n_terms[t]; k++)
                if (w == 0 || dx->terms[t][w - 1] != dx->terms[t][k])
                    dx->terms[t][w++] = dx->terms[t][k];
            dx->n_terms[t] = w;
        }
        for (size_t b = 0; b < dx->n_bullets; b++) {
            const g_item *it = &e->items[dx->bullets[b]];
            dx_item *d = &dx->v[dx->of[dx->bullets[b]]];
            uint64_t *own = arena_alloc(&e->mem, (it->n_oterms + 1) * sizeof *own);
            if (!own)
                return -1;
            for (uint32_t k = 0; k < it->n_oterms; k++)
                if (topics_with(dx, e->n_topics, it->oterms[k]) <= 2)
                    own[d->n_own++] = it->oterms[k];
            d->own = own;
        }
    }
    e->dx = dx;
    return 0;
}

/* ---- generating ------------------------------------------------------------- */

static void fill(const assay_engine *e, uint32_t i, assay_qtype t, g_question *q)
{
    const g_item *it = &e->items[i];
    memset(q, 0, sizeof *q);
    q->pub.type = t;
    q->pub.item_id = it->id;
    q->pub.kb = it->kb;
    q->pub.topic = e->topics[it->topic].title;
    q->pub.level = it->level;
    q->pub.key = -1;
    q->statement_item = -1;
    q->pub.source_file = it->source_file;
    q->pub.source_line = it->source_line;
    q->pub.prompt = it->question;
    q->pub.answer = it->answer;
    q->item = i;
}

/* Whether bullet j (of another topic) could be taken for one of topic t:
 * a term of its own that t's text uses too. */
static int could_belong(const struct derive_index *dx, const dx_item *d, size_t t)
{
    for (size_t k = 0; k < d->n_own; k++)
        if (dx->n_terms[t] &&
            search_array(&d->own[k], dx->terms[t], dx->n_terms[t], sizeof(uint64_t), cmp_u64))
            return 1;
    return 0;
}

static int mcq_topic(const assay_engine *e, uint32_t i, int k, rng *r, arena *a, g_question *q,
                     const gen_excl *x)
{
    const struct derive_index *dx = e->dx;
    const g_item *key = &e->items[i];
    if (!dx || k < 3 || k > MAX_K || !key->option || !key->option[0])
        return 1;
    uint32_t shorter[MAX_CANDS], longer[MAX_CANDS];
    size_t ns = 0, nl = 0;
    for (size_t b = 0; b < dx->n_bullets; b++) {
        uint32_t j = dx->bullets[b];
        const g_pool_key *pk = &e->pool_keys[j], *pkey = &e->pool_keys[i];
        /* the quiz's own test (leaks, repeats) only for the options drawn, below */
        if (pk->topic == key->topic || pk->kb != pkey->kb || !pk->has_option)
            continue;
        const g_item *c = &e->items[j];
        const dx_item *d = &dx->v[dx->of[j]];
        if (d->n_own == 0 || could_belong(dx, d, key->topic) ||
            sim_shared(key->qterms, key->n_qterms, c->oterms, c->n_oterms) > 0)
            continue;
        if (c->option_w < key->option_w && ns < MAX_CANDS)
            shorter[ns++] = j;
        else if (c->option_w > key->option_w && nl < MAX_CANDS)
            longer[nl++] = j;
        else if (c->option_w == key->option_w) { /* a tie counts on either side */
            if (ns <= nl && ns < MAX_CANDS)
                shorter[ns++] = j;
            else if (nl < MAX_CANDS)
                longer[nl++] = j;
        }
    }
    /* the key's length rank (how many options are shorter) drawn uniformly;
     * a rank the candidates cannot give passes to the next */
    size_t need = (size_t)k - 1, rank0 = rng_below(r, (uint32_t)k), rank = (size_t)k;
    for (size_t t = 0; t < (size_t)k; t++) {
        size_t rk = (rank0 + t) % (size_t)k;
        if (rk <= ns && need - rk <= nl) {
            rank = rk;
            break;
        }
    }
    if (rank == (size_t)k)
        return 1;
    rng_shuffle(r, shorter, ns, sizeof *shorter);
    rng_shuffle(r, longer, nl, sizeof *longer);
    uint32_t pick[MAX_K];
    size_t np = 0;
    /* one option per other topic where possible, the key's level first */
    for (int side = 0; side < 2; side++) {
        const uint32_t *from = side == 0 ? shorter : longer;
        size_t nf = side == 0 ? ns : nl, want = side == 0 ? rank : need - rank, got = 0;
        for (int pass = 0; pass < 3 && got < want; pass++)
            for (size_t c = 0; c < nf && got < want; c++) {
                if (gen_excl_item(x, from[c]))
                    continue;
                const g_item *ci = &e->items[from[c]];
                int dup = near_duplicate(key, ci), same_topic = 0;
                for (size_t p = 0; p < np; p++) {
                    dup |= pick[p] == from[c] || near_duplicate(&e->items[pick[p]], ci);
                    same_topic |= e->items[pick[p]].topic == ci->topic;
                }
                if (dup || (pass < 2 && same_topic) || (pass == 0 && ci->level != key->level))
                    continue;
                pick[np++] = from[c];
                got++;
            }
        if (got < want)
            return 1;
    }
    fill(e, i, ASSAY_Q_MCQ, q);
    const char **opts = arena_alloc(a, (size_t)k * sizeof *opts);
    uint32_t *items = arena_alloc(a, (size_t)k * sizeof *items);
    if (!opts || !items)
        return -1;
    rng_shuffle(r, pick, np, sizeof *pick);
    size_t pos = rng_below(r, (uint32_t)k), d = 0;
    for (size_t o = 0; o < (size_t)k; o++) {
        uint32_t it = o == pos ? i : pick[d++];
        opts[o] = e->items[it].option;
        items[o] = it;
    }
    q->pub.options = opts;
    q->pub.n_options = (size_t)k;
    q->pub.key = (int)pos;
    q->option_items = items;
    /* cross-topic by design: not counted in the own-topic share */
    q->distractors = 0;
    q->own_topic_distractors = 0;
    return 0;
}

static char *join_steps(arena *a, const char *const *steps, const size_t *perm, size_t n)
{
    buf b;
    buf_init(&b, 1 << 16);
    int bad = 0;
    for (size_t s = 0; s < n; s++)
        bad |= buf_addf(&b, "%s%s", s ? " → " : "", steps[perm[s]]);
    char *out = bad ? NULL : arena_strndup(a, buf_str(&b), b.len);
    buf_free(&b);
    return out;
}

/* The wrong orders of an order question: the text's order with one pair of
 * neighbouring steps swapped, then (when those are too few) with two
 * disjoint neighbouring pairs swapped. Never a free permutation: one that
 * puts a late step first ("결과 반환 → …", the consumer before the producer)
 * is rejected by common sense, not by knowing the subject (the item writer's
 * review of seed 7411, MC 5 and 36). Needs 4 steps or more: with 3 the two
 * swaps each put one step before what causes it and nothing else is left.
 * Writes up to max permutations of n into out; returns how many. */
size_t derive_order_wrong(size_t n, size_t max, size_t out[][8], rng *r)
{
    if (n < 4 || n > 8)
        return 0;
    size_t cand[32][2], nc = 0, ns;
    for (size_t a = 0; a + 1 < n; a++)
        cand[nc][0] = a, cand[nc][1] = n, nc++;
    ns = nc;
    rng_shuffle(r, cand, ns, sizeof *cand);
    size_t first = nc;
    for (size_t a = 0; a + 1 < n; a++)
        for (size_t b = a + 2; b + 1 < n; b++)
            cand[nc][0] = a, cand[nc][1] = b, nc++;
    rng_shuffle(r, cand + first, nc - first, sizeof *cand);
    size_t got = 0;
    for (size_t c = 0; c < nc && got < max; c++) {
        for (size_t s = 0; s < n; s++)
            out[got][s] = s;
        for (int h = 0; h < 2; h++) {
            size_t a = cand[c][h];
            if (a + 1 < n) {
                size_t t = out[got][a];
                out[got][a] = out[got][a + 1];
                out[got][a + 1] = t;
            }
        }
        got++;
    }
    return got;
}

/* Whether an order question asks where things sit along a path (캐시를
 *어디에 배치…: browser → CDN → …), whose swapped neighbours are plausible
 * mistakes. An order of how something works or follows from another
 * (Lambda: 정의 → 컨테이너 생성 → 실행; DDD: 분석 → 도출 → 설계) is a chain of
 * causes, and any swap puts an effect before its cause, which common sense
 * rejects (the review of seed 8123, MC 8): not asked as a choice. */
static int order_is_placement(const char *question)
{
    static const char *const where[] = {"어디", "위치", "배치", "계층", "레이어", "where", "layer"};
    for (size_t k = 0; k < sizeof where / sizeof where[0]; k++)
        if (strstr(question, where[k]))
            return 1;
    return 0;
}

static int mcq_order(const assay_engine *e, uint32_t i, int k, rng *r, arena *a, g_question *q)
{
    const dx_item *d = dx_of(e, i);
    if (!d || d->n_steps < 4 || d->n_steps > 8 || k < 3 || k > MAX_K ||
        !order_is_placement(e->items[i].question))
        return 1;
    size_t n = d->n_steps;
    size_t perms[MAX_K][8];
    for (size_t s = 0; s < n; s++)
        perms[0][s] = s;
    size_t np = 1 + derive_order_wrong(n, (size_t)k - 1, perms + 1, r);
    if (np < (size_t)k)
        return 1;
    fill(e, i, ASSAY_Q_MCQ, q);
    const char **opts = arena_alloc(a, (size_t)k * sizeof *opts);
    uint32_t *items = arena_alloc(a, (size_t)k * sizeof *items);
    if (!opts || !items)
        return -1;
    size_t pos = rng_below(r, (uint32_t)k), dn = 1;
    for (size_t o = 0; o < (size_t)k; o++) {
        opts[o] = join_steps(a, d->steps, perms[o == pos ? 0 : dn++], n);
        if (!opts[o])
            return -1;
        items[o] = i; /* every option is this item's steps */
    }
    q->pub.options = opts;
    q->pub.n_options = (size_t)k;
    q->pub.key = (int)pos;
    q->option_items = items;
    q->distractors = 0;
    q->own_topic_distractors = 0;
    return 0;
}

/* "다음 중 ‘X’ 주제에서 다루는 내용은?" tests the guide's table of contents,
 * not the subject (the item-writer review of seed 6173): the bullets stay in
 * the bank, with their provenance, but are not asked. */
#define ASK_TOPIC_BULLETS 0

int derive_mcq(const assay_engine *e, uint32_t i, int k, rng *r, arena *a, g_question *q,
               const gen_excl *x)
{
    switch (e->items[i].kind) {
    case ASSAY_KIND_DERIVED_TOPIC: return ASK_TOPIC_BULLETS ? mcq_topic(e, i, k, r, a, q, x) : 1;
    case ASSAY_KIND_DERIVED_ORDER: return mcq_order(e, i, k, r, a, q);
    default: return 1; /* a definition is asked as true/false and cloze */
    }
}

/* Whether text has one of the Latin words (3+ letters) of s, ASCII case folded:
 * "Gateway" in a statement offered as false for "API Gateway란?" makes it
 * half true. */
static int shares_latin_word(const char *text, const char *s)
{
    for (const char *p = s; p && *p;) {
        while (*p && !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
            p++;
        const char *q = p;
        while ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'))
            q++;
        size_t n = (size_t)(q - p);
        if (n >= 3) {
            for (const char *t = text; *t; t++) {
                size_t k = 0;
                while (k < n && t[k] && (t[k] | 0x20) == (p[k] | 0x20))
                    k++;
                if (k == n)
                    return 1;
            }
        }
        p = q;
    }
    return 0;
}

/* Whether text names the term (its head or another spelling), ASCII case
 * folded: such a statement is about the same thing. */
static int names_term(const char *text, const dx_item *d)
{
    if (d->term && shares_latin_word(text, d->term))
        return 1;
    const char *forms[8];
    size_t nf = 0;
    forms[nf++] = d->answer;
    for (size_t k = 0; k < d->n_accept && nf < 8; k++)
        forms[nf++] = d->accept[k];
    for (size_t f = 0; f < nf; f++) {
        if (!forms[f] || !forms[f][0])
            continue;
        size_t tl, fl;
        char *t = u8_fold(text, strlen(text), &tl);
        char *w = u8_fold(forms[f], strlen(forms[f]), &fl);
        int hit = t && w && strstr(t, w) != NULL;
        free(t);
        free(w);
        if (hit)
            return 1;
    }
    return 0;
}

int derive_tf(const assay_engine *e, uint32_t i, rng *r, arena *a, g_question *q, const gen_excl *x)
{
    (void)a;
    const g_item *it = &e->items[i];
    const dx_item *d = dx_of(e, i);
    if (it->kind != ASSAY_KIND_DERIVED_DEFINITION || !d || !d->answer || !it->option ||
        !it->option[0] || d->cloze_only)
        return 1;
    /* the false statement: another definition, of the same topic first, the
     * most similar of a few; one naming this term would be true of it */
    /* cheap tests and the similarity first; the costly ones (near-duplicate,
     * naming the term) only down the ranking until three pass */
    typedef struct scored {
        double s;
        uint32_t j;
    } scored;
    scored cand[256];
    uint32_t best[3];
    size_t nb = 0;
    for (int own = d->head ? 0 : 1; own >= 0 && nb == 0; own--) {
        size_t nc = 0;
        for (size_t k = 0; k < e->dx->n_defs && nc < 256; k++) {
            uint32_t j = e->dx->defs[k];
            const g_item *c = &e->items[j];
            if (j == i || (c->topic == it->topic) != own || strcmp(c->kb, it->kb) != 0)
                continue;
            cand[nc++] = (scored){tx_cosine(&it->vo, &c->vo), j};
        }
        for (size_t m = 1; m < nc; m++) /* most similar first, stable */
            for (size_t z = m; z > 0 && cand[z - 1].s < cand[z].s; z--) {
                scored t = cand[z];
                cand[z] = cand[z - 1];
                cand[z - 1] = t;
            }
        for (size_t m = 0; m < nc && nb < 3; m++) {
            const g_item *c = &e->items[cand[m].j];
            if (gen_excl_item(x, cand[m].j) || near_duplicate(it, c) ||
                names_term(c->question, d) || names_term(c->option, d))
                continue;
            best[nb++] = cand[m].j;
        }
    }
    if (nb == 0)
        return 1;
    fill(e, i, ASSAY_Q_TF, q);
    int truth = (int)rng_below(r, 2);
    uint32_t f = best[rng_below(r, (uint32_t)nb)];
    if (truth) {
        q->pub.statement = it->option;
    } else {
        q->pub.statement = e->items[f].option;
        q->statement_item = f;
        q->own_topic_distractors = e->items[f].topic == it->topic;
        q->distractors = 1;
    }
    q->pub.key = truth;
    return 0;
}

int derive_cloze(const assay_engine *e, uint32_t i, rng *r, arena *a, g_question *q,
                 const gen_excl *x)
{
    (void)r;
    const g_item *it = &e->items[i];
    const dx_item *d = dx_of(e, i);
    if (it->kind != ASSAY_KIND_DERIVED_DEFINITION || !d || !d->sentence || !d->term || !d->answer)
        return 1;
    size_t tl = strlen(d->term);
    if (strncmp(d->sentence, d->term, tl) != 0)
        return 1;
    if (gen_excl_shown(x, d->answer, strlen(d->answer)))
        return 1; /* the quiz shows the term already */
    const char *rest = d->sentence + tl;
    size_t plen = 0;
    const char *neutral = hg_neutral_particle(rest, strlen(rest), &plen);
    fill(e, i, ASSAY_Q_CLOZE, q);
    /* the stem line names no term (the question "X란?" would give it away) */
    q->pub.prompt = neutral
                        ? arena_printf(a, "빈칸에 들어갈 용어는?\n____%s%s", neutral, rest + plen)
                        : arena_printf(a, "빈칸에 들어갈 용어는?\n____%s", rest);
    if (!q->pub.prompt)
        return -1;
    const char **acc = arena_alloc(a, (d->n_accept + 3) * sizeof *acc);
    if (!acc)
        return -1;
    size_t na = 0;
    acc[na++] = d->answer; /* as gen_cloze: the answer first */
    for (size_t k = 0; k < d->n_accept; k++)
        acc[na++] = d->accept[k];
    if (strcmp(d->term, d->answer) != 0)
        acc[na++] = d->term;
    q->pub.answer = d->answer;
    q->pub.accept = acc;
    q->pub.n_accept = na;
    return 0;
}
