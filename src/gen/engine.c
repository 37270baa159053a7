/* gen/engine — a bank's items, indexed for generation and grading. */
#include "gen/gen.h"

#include "core/buf.h"
#include "core/sort.h"
#include "core/u8.h"
#include "irt/model.h"
#include "text/sim.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Options longer than this many columns are cut at a clause boundary. */
#define OPTION_MAX_COLS 72

uint64_t gen_text_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

char *gen_fold_ascii(arena *a, const char *s, size_t n)
{
    char *c = arena_strndup(a, s, n);
    for (size_t i = 0; c && i < n; i++)
        if (c[i] >= 'A' && c[i] <= 'Z')
            c[i] = (char)(c[i] - 'A' + 'a');
    return c;
}

size_t text_width(const char *s)
{
    return u8_width(s, strlen(s));
}

/* Byte offset where the first sentence of s ends ("다." / "." + space, or a
 * line break), or strlen(s). */
static size_t first_sentence(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            return i;
        if (s[i] == '.' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\n')) {
            /* not a decimal point or an abbreviation inside a Latin word */
            if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && i + 1 < n && s[i + 1] != ' ')
                continue;
            return i;
        }
    }
    return n;
}

/* Whether the n bytes at s are a hedge that answers nothing ("서비스 특성에
 * 따라 다름", "상황에 따라 다르다", "it depends"): never an option. */
int gen_is_hedge(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
        n--;
    static const char *const ends[] = {"따라 다름",   "따라 다르다",   "따라 다릅니다",
                                       "따라 달라짐", "따라 달라진다", "케이스 바이 케이스"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && memcmp(s + n - k, ends[i], k) == 0)
            return 1;
    }
    /* "depends", "it depends on ...": a short Latin hedge */
    for (size_t i = 0; i + 7 <= n && n <= 48; i++)
        if ((s[i] == 'd' || s[i] == 'D') && memcmp(s + i + 1, "epends", 6) == 0)
            return 1;
    return 0;
}

/* Whether the n bytes at s end in a connective ending (-거나, -고, -며,
 * -지만, and, or): a cut there leaves a dangling clause, not an answer. */
static int ends_connective(const char *s, size_t n)
{
    static const char *const ends[] = {"거나", "고", "며", "지만", " and", " or"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && memcmp(s + n - k, ends[i], k) == 0)
            return 1;
    }
    return 0;
}

/* The answer as an option: its first sentence without the final period (a
 * first sentence that is only a hedge is passed over when more follows); a
 * long one is cut at the last clause boundary (", " outside parentheses) that
 * fits, else at the last space, marked with "…" — never right after a
 * connective ending. */
static char *make_option(arena *a, const char *answer)
{
    size_t n = first_sentence(answer);
    if (gen_is_hedge(answer, n) && answer[n]) {
        const char *rest = answer + n + 1;
        while (*rest == ' ' || *rest == '\n')
            rest++;
        if (*rest)
            answer = rest, n = first_sentence(answer);
    }
    while (n > 0 && (answer[n - 1] == ' ' || answer[n - 1] == '.'))
        n--;
    int cut_mid = 0;
    if (u8_width(answer, n) > OPTION_MAX_COLS) {
        size_t fit = u8_prefix_for_width(answer, n, OPTION_MAX_COLS - 1);
        size_t clause = 0, space = 0;
        int depth = 0;
        for (size_t i = 0; i < fit; i++) {
            char ch = answer[i];
            depth += ch == '(' ? 1 : ch == ')' && depth > 0 ? -1 : 0;
            /* never after a connective ending (a dangling clause) */
            if (depth == 0 && ch == ',' && i + 1 < fit && answer[i + 1] == ' ' &&
                !ends_connective(answer, i))
                clause = i;
            if (depth == 0 && ch == ' ' && !ends_connective(answer, i) &&
                !(i > 0 && answer[i - 1] == ',' && ends_connective(answer, i - 1)))
                space = i;
        }
        if (clause > fit / 3) {
            n = clause;
        } else {
            n = space > fit / 3 ? space : fit;
            cut_mid = 1;
        }
        while (n > 0 && (answer[n - 1] == ' ' || answer[n - 1] == ','))
            n--;
    }
    char *o = arena_strndup(a, answer, n + (cut_mid ? 3 : 0));
    if (o && cut_mid)
        memcpy(o + n, "\xE2\x80\xA6", 4); /* … and the NUL */
    return o;
}

static unsigned form_of(const char *s)
{
    unsigned f = 0;
    size_t commas = 0, latin = 0, letters = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '`')
            f |= FORM_CODE;
        if (*p == ',')
            commas++;
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            latin++;
            letters++;
        } else if (c >= 0xE0) {
            letters++; /* the lead byte of a 3-byte character (Hangul) */
        }
    }
    if (commas >= 2)
        f |= FORM_LIST;
    if (letters && latin * 2 > letters)
        f |= FORM_LATIN;
    return f;
}

/* ---- scenarios: situation and decision ------------------------------------ */

static const char *const decision_labels[] = {
    "결정", "해결",     "해결책", "개선", "설계",     "전략",     "구현",   "준비", "대응",
    "조치", "아키텍처", "방안",   "적용", "decision", "solution", "design", "fix",  "approach",
};
static const char *const outcome_labels[] = {
    "결과", "장점", "단점", "트레이드오프", "효과", "모니터링", "result", "outcome", "trade-off",
};

static int label_in(const char *label, const char *const *set, size_t n)
{
    size_t fl;
    char *f = u8_fold(label, strlen(label), &fl);
    if (!f)
        return 0;
    int hit = 0;
    for (size_t i = 0; i < n && !hit; i++) {
        size_t k = strlen(set[i]);
        hit = fl >= k && strncmp(f, set[i], k) == 0 && (f[k] == '\0' || f[k] == ' ' || f[k] == '(');
    }
    free(f);
    return hit;
}

/* Renders one part's prose: "text; item; item" (code blocks left out). With
 * a label: "label: ..."; a code-only part then gives "label: <first code line>"
 * for references, nothing for options. */
static int render_part(buf *b, json_t *part, int with_code)
{
    const char *text = json_string_value(json_object_get(part, "text"));
    int rc = 0;
    size_t start = b->len;
    if (b->len)
        rc |= buf_adds(b, "\n");
    size_t body = b->len;
    if (text && *text)
        rc |= buf_adds(b, text);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(part, "items"), i, it)
    {
        const char *s = json_string_value(it);
        if (!s)
            continue;
        while (*s == ' ')
            s++;
        rc |= buf_adds(b, b->len > body ? "; " : "");
        rc |= buf_adds(b, s);
    }
    if (b->len == body) {
        json_t *code = json_array_get(json_object_get(part, "code"), 0);
        const char *c = json_string_value(json_object_get(code, "text"));
        const char *label = json_string_value(json_object_get(part, "label"));
        if (with_code && c) {
            if (label && *label) {
                rc |= buf_adds(b, label);
                rc |= buf_adds(b, ": ");
            }
            rc |= buf_add(b, c, strcspn(c, "\n"));
        } else {
            b->len = start; /* nothing to say without the code */
            if (b->p)
                b->p[start] = '\0';
        }
    }
    return rc;
}

static int render_labelled(buf *b, json_t *part)
{
    const char *label = json_string_value(json_object_get(part, "label"));
    size_t before = b->len;
    int rc = render_part(b, part, 1);
    if (rc || b->len == before || !label || !*label)
        return rc;
    /* put the label in front of what was written */
    size_t at = before + (before > 0); /* after the "\n" */
    size_t ll = strlen(label);
    const char *code_label = b->p + at;
    if (strncmp(code_label, label, ll) == 0 && b->p[at + ll] == ':')
        return 0; /* a code part carries its label already */
    char *tail = strdup(b->p + at);
    if (!tail)
        return -1;
    b->len = at;
    b->p[at] = '\0';
    rc |= buf_adds(b, label);
    rc |= buf_adds(b, ": ");
    rc |= buf_adds(b, tail);
    free(tail);
    return rc;
}

/* Splits a scenario into what the learner is told and the decision: parts
 * labelled like a decision (결정, 해결, 개선, 설계, 구현, ...) are the key;
 * outcomes (결과, 장점, ...) are neither; the rest is the situation. A scenario
 * without a decision label is not asked as a scenario question. The option
 * form of the decision is its prose only (no code). */
static int split_scenario(arena *a, g_item *it, const char *detail, char **prose)
{
    *prose = NULL;
    json_error_t jerr;
    json_t *d = json_loads(detail, 0, &jerr);
    if (!d)
        return 0; /* stored JSON is checked; an odd row is just not a scenario question */
    json_t *parts = json_object_get(d, "parts");
    buf sit, dec, opt;
    buf_init(&sit, 1 << 20);
    buf_init(&dec, 1 << 20);
    buf_init(&opt, 1 << 20);
    int rc = 0;
    size_t i;
    json_t *p;
    json_array_foreach(parts, i, p)
    {
        const char *label = json_string_value(json_object_get(p, "label"));
        label = label ? label : "";
        if (label_in(label, decision_labels, sizeof decision_labels / sizeof decision_labels[0])) {
            rc |= render_part(&dec, p, 1);
            rc |= render_part(&opt, p, 0);
        } else if (!label_in(label, outcome_labels,
                             sizeof outcome_labels / sizeof outcome_labels[0])) {
            rc |= render_labelled(&sit, p);
        }
    }
    it->situation = arena_strdup(a, buf_str(&sit));
    it->decision = arena_strdup(a, buf_str(&dec));
    if (opt.len)
        *prose = arena_strdup(a, buf_str(&opt));
    int bad = rc || !it->situation || !it->decision || (opt.len && !*prose);
    buf_free(&sit);
    buf_free(&dec);
    buf_free(&opt);
    json_decref(d);
    return bad ? -1 : 0;
}

/* ---- building ---------------------------------------------------------------- */

static int push_u32(arena *a, uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
    uint32_t *slot = arena_push(a, (void **)v, n, cap, sizeof *slot);
    if (!slot)
        return -1;
    *slot = x;
    return 0;
}

static const uint64_t *keep_terms(arena *a, const char *s, uint32_t *n)
{
    uint64_t tmp[256];
    size_t k = tx_terms(s, strlen(s), tmp, 256);
    uint64_t *out = arena_alloc(a, (k + 1) * sizeof *out);
    if (out)
        memcpy(out, tmp, k * sizeof *out);
    *n = (uint32_t)k;
    return out;
}

/* What generation compares, computed once. */
static int signatures(assay_engine *e, g_item *it)
{
    it->qterms = keep_terms(&e->mem, it->question, &it->n_qterms);
    it->aterms = keep_terms(&e->mem, it->answer, &it->n_aterms);
    it->oterms = keep_terms(&e->mem, it->option, &it->n_oterms);
    uint64_t *big;
    long nb = sim_bigrams(it->option, strlen(it->option), &big);
    if (nb < 0 || !it->qterms || !it->oterms || !it->aterms)
        return -1;
    uint64_t *copy = arena_alloc(&e->mem, ((size_t)nb + 1) * sizeof *copy);
    if (copy)
        memcpy(copy, big, (size_t)nb * sizeof *copy);
    free(big);
    it->obig = copy;
    it->n_obig = (uint32_t)nb;
    return copy ? 0 : -1;
}

/* Which aliases (either side) the option names, for excluding distractors
 * that name the key in other words. */
static int note_aliases(assay_engine *e, g_item *it)
{
    size_t fl;
    char *f = u8_fold(it->option, strlen(it->option), &fl);
    if (!f)
        return -1;
    size_t cap_ko = 0, cap_en = 0, nko = 0, nen = 0;
    int rc = 0;
    for (size_t i = 0; i < e->aliases.n && i < UINT16_MAX && rc == 0; i++) {
        uint16_t *slot;
        if (strstr(f, e->aliases.v[i].ko)) {
            slot = arena_push(&e->mem, (void **)&it->al_ko, &nko, &cap_ko, sizeof *slot);
            rc = slot ? (*slot = (uint16_t)i, 0) : -1;
        }
        if (rc == 0 && strstr(f, e->aliases.v[i].en)) {
            slot = arena_push(&e->mem, (void **)&it->al_en, &nen, &cap_en, sizeof *slot);
            rc = slot ? (*slot = (uint16_t)i, 0) : -1;
        }
    }
    it->n_al_ko = (uint16_t)nko;
    it->n_al_en = (uint16_t)nen;
    free(f);
    return rc;
}

typedef struct posting {
    uint64_t term;
    uint32_t item;
} posting;

static int cmp_posting(const void *a, const void *b)
{
    const posting *x = a, *y = b;
    if (x->term != y->term)
        return x->term < y->term ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

int engine_postings(assay_engine *e)
{
    size_t total = 0;
    for (size_t i = 0; i < e->n_items; i++)
        if (e->items[i].kind != ASSAY_KIND_SCENARIO)
            total += e->items[i].n_oterms;
    posting *p = malloc((total + 1) * sizeof *p);
    if (!p)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < e->n_items; i++)
        if (e->items[i].kind != ASSAY_KIND_SCENARIO)
            for (uint32_t k = 0; k < e->items[i].n_oterms; k++)
                p[n++] = (posting){e->items[i].oterms[k], (uint32_t)i};
    if (n > 1)
        qsort(p, n, sizeof *p, cmp_posting);
    size_t terms = 0;
    for (size_t i = 0; i < n; i++)
        terms += i == 0 || p[i].term != p[i - 1].term;
    e->post_terms = arena_alloc(&e->mem, (terms + 1) * sizeof *e->post_terms);
    e->post_start = arena_alloc(&e->mem, (terms + 1) * sizeof *e->post_start);
    e->post_items = arena_alloc(&e->mem, (n + 1) * sizeof *e->post_items);
    if (!e->post_terms || !e->post_start || !e->post_items) {
        free(p);
        return -1;
    }
    size_t t = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || p[i].term != p[i - 1].term) {
            e->post_terms[t] = p[i].term;
            e->post_start[t++] = (uint32_t)i;
        }
        e->post_items[i] = p[i].item;
    }
    e->post_start[t] = (uint32_t)n;
    e->n_post_terms = t;
    free(p);
    return 0;
}

const uint32_t *engine_posting(const assay_engine *e, uint64_t h, size_t *n)
{
    size_t lo = 0, hi = e->n_post_terms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->post_terms[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == e->n_post_terms || e->post_terms[lo] != h) {
        *n = 0;
        return NULL;
    }
    *n = e->post_start[lo + 1] - e->post_start[lo];
    return e->post_items + e->post_start[lo];
}

void engine_free(assay_engine *e)
{
    if (!e)
        return;
    tx_free(&e->idx);
    alias_free(&e->aliases);
    morph_free(e->morph);
    arena_free(&e->mem);
    free(e);
}

static int by_item_id(const void *x, const void *y)
{
    return strcmp((*(const store_param *const *)x)->item_id,
                  (*(const store_param *const *)y)->item_id);
}

/* Levels per knowledge base, level priors, then the bank's current
 * parameters where it has them. */
static void load_params(assay_engine *e, const store_param *params, size_t n)
{
    for (size_t t = 0; t < e->n_topics; t++)
        e->topics[t].n_levels = 0;
    for (size_t i = 0; i < e->n_items; i++) {
        g_topic *t = &e->topics[e->items[i].topic];
        if (e->items[i].level > t->n_levels)
            t->n_levels = e->items[i].level;
    }
    /* a kb's level count is the highest over all its topics */
    for (size_t t = 0; t < e->n_topics; t++)
        for (size_t u = 0; u < e->n_topics; u++)
            if (strcmp(e->topics[t].kb, e->topics[u].kb) == 0 &&
                e->topics[u].n_levels > e->topics[t].n_levels)
                e->topics[t].n_levels = e->topics[u].n_levels;
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        it->irt_a = 1;
        it->irt_d = -irt_level_b(it->level, e->topics[it->topic].n_levels);
        it->irt_n = 0;
        it->calibrated = 0;
    }
    /* params are few compared with lookups: a linear pass per item would be
     * quadratic, so sort pointers to them by id and search */
    const store_param **by_id = n ? malloc(n * sizeof *by_id) : NULL;
    if (n && !by_id)
        n = 0; /* fall back to the priors; the engine still works */
    for (size_t i = 0; i < n; i++)
        by_id[i] = &params[i];
    sort_array(by_id, n, sizeof *by_id, by_item_id);
    for (size_t i = 0; i < e->n_items; i++) {
        store_param key = {.item_id = e->items[i].id};
        const store_param *kp = &key;
        const store_param **pp = search_array(&kp, by_id, n, sizeof *by_id, by_item_id);
        const store_param *p = pp ? *pp : NULL;
        if (p && isfinite(p->a) && isfinite(p->d)) {
            e->items[i].irt_a = p->a;
            e->items[i].irt_d = p->d;
            e->items[i].irt_n = p->n;
            e->items[i].calibrated = 1;
        }
    }
    free(by_id);
}

assay_code engine_build(const engine_input *in, errinfo *err, assay_engine **out)
{
    *out = NULL;
    assay_engine *e = calloc(1, sizeof *e);
    if (!e)
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    arena_init(&e->mem, 0);
    tx_init(&e->idx);
    alias_init(&e->aliases);
    snprintf(e->kb, sizeof e->kb, "%s", in->kb ? in->kb : "");
    /* the dictionaries: a missing one is an error now, not a weaker grader later */
    assay_code mrc = morph_open(&e->morph, err);
    if (mrc != ASSAY_OK) {
        engine_free(e);
        return mrc;
    }
    size_t n = in->n_items;
    e->items = arena_alloc(&e->mem, (n + 1) * sizeof *e->items);
    int oom = !e->items;

    /* documents for IDF, aliases */
    for (size_t i = 0; !oom && i < n; i++) {
        const assay_item_info *it = &in->items[i];
        oom = tx_add_doc(&e->idx, it->question, strlen(it->question)) != 0 ||
              tx_add_doc(&e->idx, it->answer, strlen(it->answer)) != 0 ||
              alias_mine(&e->aliases, it->question, strlen(it->question)) != 0 ||
              alias_mine(&e->aliases, it->answer, strlen(it->answer)) != 0;
    }
    /* topics' concept texts name things too: "읽기(Query)와 쓰기(Command)" */
    for (size_t i = 0; !oom && i < in->n_concepts; i++)
        oom = alias_mine(&e->aliases, in->concepts[i], strlen(in->concepts[i])) != 0 ||
              morph_learn(e->morph, in->concepts[i], strlen(in->concepts[i])) != 0;
    /* the bank's words, analysed once: grading reads them without a lock */
    for (size_t i = 0; !oom && i < n; i++)
        oom = morph_learn(e->morph, in->items[i].question, strlen(in->items[i].question)) != 0 ||
              morph_learn(e->morph, in->items[i].answer, strlen(in->items[i].answer)) != 0;
    if (!oom) {
        oom = tx_finish(&e->idx) != 0;
        alias_finish(&e->aliases);
    }

    size_t topic_cap = 0;
    for (size_t i = 0; !oom && i < n; i++) {
        const assay_item_info *src = &in->items[i];
        g_item *it = &e->items[e->n_items];
        /* topics: items arrive in kb and document order, so a topic's items are adjacent */
        if (e->n_topics == 0 || strcmp(e->topics[e->n_topics - 1].kb, src->kb) != 0 ||
            strcmp(e->topics[e->n_topics - 1].title, src->topic) != 0) {
            g_topic *t =
                arena_push(&e->mem, (void **)&e->topics, &e->n_topics, &topic_cap, sizeof *t);
            if (!t) {
                oom = 1;
                break;
            }
            t->kb = arena_strdup(&e->mem, src->kb);
            t->title = arena_strdup(&e->mem, src->topic);
            t->number = src->topic_number ? src->topic_number : src->topic_ordinal;
            oom = !t->kb || !t->title;
        }
        it->id = arena_strdup(&e->mem, src->id);
        it->kb = e->topics[e->n_topics - 1].kb;
        it->topic = e->n_topics - 1;
        it->kind = (int)src->kind;
        it->level = src->level;
        it->version = src->version;
        it->question = arena_strdup(&e->mem, src->question);
        it->answer = arena_strdup(&e->mem, src->answer);
        it->source_file = arena_strdup(&e->mem, src->source_file);
        it->source_line = src->source_line;
        oom = oom || !it->id || !it->question || !it->answer || !it->source_file;
        if (oom)
            break;
        if (it->kind == ASSAY_KIND_SCENARIO) {
            /* a scenario without a decision stays in the engine (for weights and
             * counts) but is not asked: gen_scenario wants a decision */
            char *prose = NULL;
            it->situation = it->decision = "";
            if (src->detail_json && split_scenario(&e->mem, it, src->detail_json, &prose) != 0) {
                oom = 1;
                break;
            }
            /* a decision in code only: a reference for free text, not an option */
            it->option = prose ? make_option(&e->mem, prose) : "";
        } else {
            it->option = make_option(&e->mem, it->answer);
        }
        if (!it->option) {
            oom = 1;
            break;
        }
        it->option_w = text_width(it->option);
        it->option_hash = gen_text_hash(it->option);
        it->hedge = gen_is_hedge(it->option, strlen(it->option));
        if (!(it->option_fold = gen_fold_ascii(&e->mem, it->option, strlen(it->option)))) {
            oom = 1;
            break;
        }
        if (signatures(e, it) != 0 || note_aliases(e, it) != 0) {
            oom = 1;
            break;
        }
        it->form = form_of(it->option);
        oom = tx_vectorize(&e->idx, it->question, strlen(it->question), &e->mem, &it->vq) != 0 ||
              tx_vectorize(&e->idx, it->answer, strlen(it->answer), &e->mem, &it->va) != 0 ||
              tx_vectorize(&e->idx, it->option, strlen(it->option), &e->mem, &it->vo) != 0;
        if (oom)
            break;
        uint32_t idx = (uint32_t)e->n_items++;
        g_topic *t = &e->topics[it->topic];
        if (it->kind == ASSAY_KIND_SCENARIO) {
            oom = push_u32(&e->mem, &t->scenarios, &t->n_scen, &t->cap_scen, idx) != 0 ||
                  push_u32(&e->mem, &e->scenarios, &e->n_scenarios, &e->cap_scenarios, idx) != 0;
        } else {
            int lv = it->level >= 0 && it->level <= ASSAY_MAX_LEVEL ? it->level : 0;
            oom = push_u32(&e->mem, &t->items, &t->n, &t->cap, idx) != 0 ||
                  push_u32(&e->mem, &e->by_level[lv], &e->n_by_level[lv], &e->cap_by_level[lv],
                           idx) != 0;
        }
    }
    if (!oom)
        oom = engine_postings(e) != 0 || gen_calibrate(e) != 0;
    if (oom) {
        engine_free(e);
        return err_set(err, ASSAY_ENOMEM, "out of memory indexing the bank");
    }
    load_params(e, in->params, in->n_params);
    *out = e;
    return ASSAY_OK;
}

long engine_find(const assay_engine *e, const char *id)
{
    for (size_t i = 0; id && i < e->n_items; i++)
        if (strcmp(e->items[i].id, id) == 0)
            return (long)i;
    return -1;
}
