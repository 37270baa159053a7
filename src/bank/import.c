/*
 * bank/import — one document into the bank, as a diff.
 *
 * Topics match by their folded title, then by their number; level blocks by
 * (topic, level); items by stable id, then by question similarity within the
 * same topic, kind and level. Only differences are written, so importing an
 * unchanged document writes nothing. Items are never deleted: gone ones are
 * retired, and come back (restored) if the document brings them back.
 */
#include "bank/bank.h"
#include "bank/derive.h"

#include "core/buf.h"
#include "core/hash.h"
#include "core/sort.h"
#include "core/u8.h"
#include "kb/json.h"
#include "text/sim.h"
#include "text/stem.h"

#include <stdlib.h>
#include <string.h>

/* Largest number of question pairs compared in one (topic, kind, level) group
 * when looking for rewordings; bigger groups skip similarity matching. */
#define MAX_SIM_PAIRS 250000

void bank_item_id(const char *kb, const char *topic_key, const char *question, int dup,
                  char out[BANK_ID_LEN + 1])
{
    /* white space collapsed, so re-wrapping a line keeps the id */
    hash_ctx h;
    hash_begin(&h);
    hash_update(&h, kb, strlen(kb));
    hash_update(&h, "\x1f", 1);
    hash_update(&h, topic_key, strlen(topic_key));
    hash_update(&h, "\x1f", 1);
    int space = 0, any = 0;
    for (const char *p = question; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = any;
            continue;
        }
        if (space)
            hash_update(&h, " ", 1);
        space = 0;
        any = 1;
        hash_update(&h, p, 1);
    }
    if (dup > 0) {
        char tag[24];
        int k = snprintf(tag, sizeof tag, "\x1f#%d", dup + 1);
        hash_update(&h, tag, (size_t)k);
    }
    char hex[HASH_HEX_LEN + 1];
    hash_end_hex(&h, hex);
    memcpy(out, hex, BANK_ID_LEN);
    out[BANK_ID_LEN] = '\0';
}

/* What one document item becomes. */
typedef struct target {
    const kb_item *src;
    char id[BANK_ID_LEN + 1];
    int64_t topic_id;
    const char *detail_json; /* arena */
    char hash[HASH_HEX_LEN + 1];
    long match; /* index into the existing items, -1 = new */
} target;

typedef struct ctx {
    store *s;
    const logger *log;
    errinfo *e;
    arena *a;
    int64_t now;
    assay_import_result *res;
} ctx;

static assay_code oom(ctx *c)
{
    return err_set(c->e, ASSAY_ENOMEM, "out of memory importing");
}

static int streq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static void content_hash(const kb_item *it, const char *detail, char out[HASH_HEX_LEN + 1])
{
    char head[32];
    int k = snprintf(head, sizeof head, "%d\x1f%d\x1f", (int)it->kind, it->level);
    hash_ctx h;
    hash_begin(&h);
    hash_update(&h, head, (size_t)k);
    hash_update(&h, it->question, strlen(it->question));
    hash_update(&h, "\x1f", 1);
    hash_update(&h, it->answer, strlen(it->answer));
    hash_update(&h, "\x1f", 1);
    if (detail)
        hash_update(&h, detail, strlen(detail));
    hash_end_hex(&h, out);
}

/* ---- topics --------------------------------------------------------------- */

/* An old row under a sort key (text or two numbers), with its index: the
 * first free row of a key is found by a binary search instead of a scan of
 * all old rows for each new one (quadratic in a large document). Ties keep
 * index order, so the row found is the one a scan in order would find. */
typedef struct old_ref {
    const char *text;
    int64_t a;
    int64_t b;
    size_t j;
} old_ref;

static int cmp_ref(const void *x, const void *y)
{
    const old_ref *p = x, *q = y;
    int r = p->text && q->text ? strcmp(p->text, q->text) : 0;
    if (r)
        return r;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->j < q->j ? -1 : p->j > q->j;
}

/* The index of the first row of refs[0..n) (sorted by cmp_ref) with key
 * (text, a, b) that is not taken, or -1. */
static long first_free(const old_ref *refs, size_t n, const char *text, int64_t a, int64_t b,
                       const char *taken)
{
    old_ref k = {text, a, b, 0};
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_ref(&refs[mid], &k) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < n; lo++) {
        const old_ref *r = &refs[lo];
        if ((text && strcmp(r->text, text) != 0) || r->a != a || r->b != b)
            break;
        if (!taken[r->j])
            return (long)r->j;
    }
    return -1;
}

static assay_code sync_topics(ctx *c, const kb_doc *d, int64_t kb_id, int64_t *topic_ids)
{
    store_topic *old = NULL;
    size_t n_old = 0;
    assay_code rc = store_topic_list(c->s, kb_id, c->a, &old, &n_old, c->e);
    if (rc != ASSAY_OK)
        return rc;
    long *match = malloc((d->n_topics + 1) * sizeof *match);
    char *taken = calloc(n_old + 1, 1);
    old_ref *refs = malloc((n_old + 1) * sizeof *refs);
    if (!match || !taken || !refs) {
        free(match);
        free(taken);
        free(refs);
        return oom(c);
    }
    /* by key (retired topics included: they come back) */
    for (size_t j = 0; j < n_old; j++)
        refs[j] = (old_ref){old[j].key, 0, 0, j};
    sort_array(refs, n_old, sizeof *refs, cmp_ref);
    for (size_t i = 0; i < d->n_topics; i++) {
        match[i] = first_free(refs, n_old, d->topics[i].key, 0, 0, taken);
        if (match[i] >= 0)
            taken[match[i]] = 1;
    }
    /* by number: a renamed topic keeps its place (and its items) */
    size_t nr = 0;
    for (size_t j = 0; j < n_old; j++)
        if (!taken[j] && old[j].active)
            refs[nr++] = (old_ref){NULL, old[j].number, 0, j};
    sort_array(refs, nr, sizeof *refs, cmp_ref);
    for (size_t i = 0; i < d->n_topics; i++) {
        if (match[i] >= 0 || d->topics[i].number == 0)
            continue;
        match[i] = first_free(refs, nr, NULL, d->topics[i].number, 0, taken);
        if (match[i] >= 0)
            taken[match[i]] = 1;
    }
    free(refs);
    for (size_t i = 0; rc == ASSAY_OK && i < d->n_topics; i++) {
        const kb_topic *t = &d->topics[i];
        store_topic want = {
            .id = match[i] >= 0 ? old[match[i]].id : 0,
            .kb_id = kb_id,
            .key = t->key,
            .number = t->number,
            .ordinal = (int)i + 1,
            .title = t->title,
            .concept = t->concept,
            .source_line = t->line,
            .active = 1,
        };
        if (match[i] >= 0) {
            const store_topic *o = &old[match[i]];
            if (o->active && o->number == want.number && o->ordinal == want.ordinal &&
                streq(o->key, want.key) && streq(o->title, want.title) &&
                streq(o->concept, want.concept) && o->source_line == want.source_line) {
                topic_ids[i] = o->id;
                continue;
            }
        }
        rc = store_topic_put(c->s, &want, c->e);
        topic_ids[i] = want.id;
        c->res->wrote = 1;
    }
    for (size_t j = 0; rc == ASSAY_OK && j < n_old; j++) {
        if (taken[j] || !old[j].active)
            continue;
        store_topic t = old[j];
        t.active = 0;
        rc = store_topic_put(c->s, &t, c->e);
        c->res->wrote = 1;
    }
    free(match);
    free(taken);
    return rc;
}

/* ---- level guide and level blocks --------------------------------------- */

static assay_code sync_levels(ctx *c, const kb_doc *d, int64_t kb_id)
{
    store_level_def *old = NULL;
    size_t n_old = 0;
    assay_code rc = store_level_list(c->s, kb_id, c->a, &old, &n_old, c->e);
    if (rc != ASSAY_OK)
        return rc;
    /* the guide may list a level twice; the first row wins */
    store_level_def *want = arena_alloc(c->a, (d->n_levels + 1) * sizeof *want);
    if (!want)
        return oom(c);
    size_t n = 0;
    for (size_t i = 0; i < d->n_levels; i++) {
        int dup = 0;
        for (size_t k = 0; k < n; k++)
            dup |= want[k].level == d->levels[i].level;
        if (dup)
            continue;
        want[n++] = (store_level_def){d->levels[i].level, d->levels[i].label, d->levels[i].audience,
                                      d->levels[i].description};
    }
    /* compare in level order */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && want[k - 1].level > want[k].level; k--) {
            store_level_def t = want[k];
            want[k] = want[k - 1];
            want[k - 1] = t;
        }
    int same = n == n_old;
    for (size_t i = 0; same && i < n; i++)
        same = want[i].level == old[i].level && streq(want[i].label, old[i].label) &&
               streq(want[i].audience, old[i].audience) &&
               streq(want[i].description, old[i].description);
    if (same)
        return ASSAY_OK;
    c->res->wrote = 1;
    return store_level_replace(c->s, kb_id, want, n, c->e);
}

/* The author's thesaurus (kb/thes.h): replaced whole when it differs. */
static assay_code sync_thesaurus(ctx *c, const kb_doc *d, int64_t kb_id)
{
    store_thes *old = NULL;
    size_t n_old = 0;
    assay_code rc = store_thes_list(c->s, kb_id, c->a, &old, &n_old, c->e);
    if (rc != ASSAY_OK)
        return rc;
    int same = n_old == d->n_thes;
    for (size_t i = 0; same && i < n_old; i++)
        same = old[i].line == d->thes_line[i] && streq(old[i].spellings, d->thes[i]);
    if (same)
        return ASSAY_OK;
    store_thes *want = arena_alloc(c->a, (d->n_thes + 1) * sizeof *want);
    if (!want)
        return oom(c);
    for (size_t i = 0; i < d->n_thes; i++)
        want[i] = (store_thes){d->thes_line[i], d->thes[i]};
    c->res->wrote = 1;
    return store_thes_replace(c->s, kb_id, want, d->n_thes, c->e);
}

static assay_code sync_blocks(ctx *c, const kb_doc *d, int64_t kb_id, const int64_t *topic_ids)
{
    store_block *old = NULL;
    size_t n_old = 0;
    assay_code rc = store_block_list(c->s, kb_id, c->a, &old, &n_old, c->e);
    if (rc != ASSAY_OK)
        return rc;
    char *taken = calloc(n_old + 1, 1);
    old_ref *refs = malloc((n_old + 1) * sizeof *refs);
    if (!taken || !refs) {
        free(taken);
        free(refs);
        return oom(c);
    }
    for (size_t j = 0; j < n_old; j++)
        refs[j] = (old_ref){NULL, old[j].topic_id, old[j].level, j};
    sort_array(refs, n_old, sizeof *refs, cmp_ref);
    for (size_t i = 0; rc == ASSAY_OK && i < d->n_blocks; i++) {
        const kb_block *b = &d->blocks[i];
        char *sub = kb_json_dump(kb_strv_to_json(&b->subtopics));
        if (!sub) {
            rc = oom(c);
            break;
        }
        store_block want = {0, topic_ids[b->topic], b->level, b->label, sub, b->line};
        long m = first_free(refs, n_old, NULL, want.topic_id, want.level, taken);
        if (m >= 0) {
            taken[m] = 1;
            want.id = old[m].id;
            if (!streq(old[m].label, want.label) || !streq(old[m].subtopics_json, sub) ||
                old[m].source_line != want.source_line) {
                rc = store_block_put(c->s, &want, c->e);
                c->res->wrote = 1;
            }
        } else {
            rc = store_block_put(c->s, &want, c->e);
            c->res->wrote = 1;
        }
        free(sub);
    }
    for (size_t j = 0; rc == ASSAY_OK && j < n_old; j++) {
        if (taken[j])
            continue;
        rc = store_block_delete(c->s, old[j].id, c->e);
        c->res->wrote = 1;
    }
    free(taken);
    free(refs);
    return rc;
}

/* ---- items ---------------------------------------------------------------- */

static int cmp_old_id(const void *a, const void *b)
{
    return strcmp(((const store_item *)a)->id, ((const store_item *)b)->id);
}

typedef struct pair {
    double sim;
    size_t w; /* target index */
    size_t o; /* old index */
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->sim != y->sim)
        return x->sim < y->sim ? 1 : -1;
    if (x->w != y->w)
        return x->w < y->w ? -1 : 1;
    return x->o < y->o ? -1 : x->o > y->o;
}

/* Old items that are free to match, ordered by (topic, kind, level). */
typedef struct group_key {
    int64_t topic_id;
    int kind;
    int level;
} group_key;

static int cmp_group(const group_key *a, const group_key *b)
{
    if (a->topic_id != b->topic_id)
        return a->topic_id < b->topic_id ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return a->level < b->level ? -1 : a->level > b->level;
}

/* A free old item with its group, sortable without outside context. */
typedef struct free_item {
    group_key k;
    size_t j; /* index into the old items */
} free_item;

static int cmp_free(const void *a, const void *b)
{
    const free_item *x = a, *y = b;
    int r = cmp_group(&x->k, &y->k);
    if (r)
        return r;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* Pairs reworded questions: unmatched targets with unmatched active old items
 * of the same topic, kind and level, most similar first. */
static assay_code match_similar(ctx *c, target *w, size_t nw, store_item *old, size_t n_old,
                                char *taken)
{
    free_item *free_old = malloc((n_old + 1) * sizeof *free_old);
    if (!free_old)
        return oom(c);
    size_t nf = 0;
    for (size_t j = 0; j < n_old; j++)
        if (!taken[j] && old[j].active)
            free_old[nf++] = (free_item){{old[j].topic_id, old[j].kind, old[j].level}, j};
    sort_array(free_old, nf, sizeof *free_old, cmp_free);

    pair *pairs = NULL;
    size_t np = 0, cap = 0, compared = 0;
    assay_code rc = ASSAY_OK;
    for (size_t i = 0; nf && i < nw; i++) {
        if (w[i].match >= 0)
            continue;
        group_key g = {w[i].topic_id, (int)w[i].src->kind, w[i].src->level};
        /* first free old item of the group */
        size_t lo = 0, hi = nf;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cmp_group(&free_old[mid].k, &g) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < nf; k++) {
            if (cmp_group(&free_old[k].k, &g) != 0)
                break;
            const store_item *o = &old[free_old[k].j];
            if (++compared > MAX_SIM_PAIRS) {
                LOG(c->log, ASSAY_LOG_INFO,
                    "too many changed questions to look for rewordings; the rest count as new");
                goto assign;
            }
            const char *q = w[i].src->question;
            double sim = sim_dice_bigram(q, strlen(q), o->question, strlen(o->question));
            if (sim < 0) {
                rc = oom(c);
                goto out;
            }
            if (sim < BANK_SIMILAR_QUESTION)
                continue;
            if (np == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                pair *p = realloc(pairs, ncap * sizeof *p);
                if (!p) {
                    rc = oom(c);
                    goto out;
                }
                pairs = p;
                cap = ncap;
            }
            pairs[np++] = (pair){sim, i, free_old[k].j};
        }
    }
assign:
    if (np)
        sort_array(pairs, np, sizeof *pairs, cmp_pair);
    for (size_t k = 0; k < np; k++) {
        pair *p = &pairs[k];
        if (w[p->w].match >= 0 || taken[p->o])
            continue;
        w[p->w].match = (long)p->o;
        taken[p->o] = 1;
    }
out:
    free(pairs);
    free(free_old);
    return rc;
}

static int cmp_target_id(const void *a, const void *b)
{
    const target *const *x = a, *const *y = b;
    int r = strcmp((*x)->id, (*y)->id);
    if (r)
        return r;
    return (*x)->src < (*y)->src ? -1 : (*x)->src > (*y)->src;
}

/* A question repeated in one topic gets the same id; the repeats (in document
 * order) are told apart by their rank. Sorting keeps this O(n log n). */
static assay_code separate_repeats(ctx *c, const kb_doc *d, target *w)
{
    size_t n = d->n_items;
    target **idx = malloc((n + 1) * sizeof *idx);
    if (!idx)
        return oom(c);
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < n; i++)
            idx[i] = &w[i];
        sort_array(idx, n, sizeof *idx, cmp_target_id);
        int clash = 0;
        for (size_t i = 1; i < n; i++) {
            if (strcmp(idx[i]->id, idx[i - 1]->id) != 0)
                continue;
            size_t run = i;
            while (run < n && strcmp(idx[run]->id, idx[i - 1]->id) == 0)
                run++;
            for (size_t k = i; k < run; k++) {
                const kb_item *it = idx[k]->src;
                bank_item_id(d->kb_name, d->topics[it->topic].key,
                             it->id_text ? it->id_text : it->question,
                             (int)(k - i + 1) + round * (int)n, idx[k]->id);
            }
            clash = 1;
            i = run - 1;
        }
        if (!clash) {
            free(idx);
            return ASSAY_OK;
        }
    }
    free(idx);
    return err_set(c->e, ASSAY_EINTERNAL, "could not give every question a distinct id");
}

/* {"accept": [...], "distractors": [...]}: the item's detail with its
 * authored wrong options, in arena a; NULL when out of memory. */
static const char *distractor_detail(arena *a, const kb_item *it)
{
    json_error_t jerr;
    json_t *o = it->detail ? json_loads(it->detail, 0, &jerr) : json_object();
    if (o && !json_is_object(o)) {
        json_decref(o);
        o = json_object();
    }
    if (!o || json_object_set_new(o, "distractors", kb_strv_to_json(&it->distractors)) != 0) {
        json_decref(o);
        return NULL;
    }
    char *js = kb_json_dump(o);
    const char *r = js ? arena_strdup(a, js) : NULL;
    free(js);
    return r;
}

static assay_code sync_items(ctx *c, const kb_doc *d, int64_t kb_id, const int64_t *topic_ids)
{
    store_item *old = NULL;
    size_t n_old = 0;
    store_item_filter f = {.kb_id = kb_id, .include_retired = 1};
    assay_code rc = store_item_list(c->s, &f, c->a, &old, &n_old, c->e);
    if (rc != ASSAY_OK)
        return rc;
    sort_array(old, n_old, sizeof *old, cmp_old_id);

    target *w = calloc(d->n_items + 1, sizeof *w);
    char *taken = calloc(n_old + 1, 1);
    if (!w || !taken) {
        free(w);
        free(taken);
        return oom(c);
    }
    for (size_t i = 0; rc == ASSAY_OK && i < d->n_items; i++) {
        const kb_item *it = &d->items[i];
        w[i].src = it;
        w[i].topic_id = topic_ids[it->topic];
        w[i].match = -1;
        bank_item_id(d->kb_name, d->topics[it->topic].key, it->id_text ? it->id_text : it->question,
                     0, w[i].id);
        if (it->distractors.n && !it->scenario && !assay_kind_derived((assay_kind)it->kind)) {
            /* authored options: kept in the item's detail JSON beside what the
             * reader put there ("accept"), so changing one is a new version */
            w[i].detail_json = distractor_detail(c->a, it);
            if (!w[i].detail_json)
                rc = oom(c);
        } else if (it->detail) {
            w[i].detail_json = it->detail;
        } else if (it->scenario) {
            char *js = kb_json_dump(kb_scenario_to_json(it->scenario));
            w[i].detail_json = js ? arena_strdup(c->a, js) : NULL;
            free(js);
            if (!w[i].detail_json)
                rc = oom(c);
        }
        content_hash(it, w[i].detail_json, w[i].hash);
    }
    if (rc == ASSAY_OK)
        rc = separate_repeats(c, d, w);
    /* exact ids */
    for (size_t i = 0; rc == ASSAY_OK && i < d->n_items; i++) {
        store_item key = {.id = w[i].id};
        store_item *o = search_array(&key, old, n_old, sizeof *old, cmp_old_id);
        if (o) {
            w[i].match = o - old;
            taken[o - old] = 1;
        }
    }
    if (rc == ASSAY_OK)
        rc = match_similar(c, w, d->n_items, old, n_old, taken);

    for (size_t i = 0; rc == ASSAY_OK && i < d->n_items; i++) {
        const kb_item *it = w[i].src;
        store_item row = {
            .id = w[i].id,
            .kb_id = kb_id,
            .topic_id = w[i].topic_id,
            .kind = (int)it->kind,
            .level = it->level,
            .active = 1,
            .version = 1,
            .position = (int64_t)i,
            .source_file = d->file,
            .source_line = it->line,
            .question = it->question,
            .answer = it->answer,
            .detail_json = w[i].detail_json,
            .content_hash = w[i].hash,
            .stem_type = stem_type_name(stem_classify(it->question)),
            .answer_form = answer_form_name(answer_classify(it->answer)),
        };
        int dv = assay_kind_derived((assay_kind)it->kind);
        if (w[i].match < 0) {
            rc = store_item_insert(c->s, &row, c->now, c->e);
            *(dv ? &c->res->derived_added : &c->res->added) += 1;
            c->res->wrote = 1;
            continue;
        }
        const store_item *o = &old[w[i].match];
        row.id = o->id; /* a reworded question keeps its id */
        row.version = o->version;
        int content = strcmp(o->content_hash, w[i].hash) != 0;
        if (content)
            row.version++;
        if (!o->active) {
            rc = store_item_update(c->s, &row, content, STORE_EV_RESTORED, c->now, c->e);
            *(dv ? &c->res->derived_added : &c->res->added) += 1;
            c->res->wrote = 1;
        } else if (content || o->topic_id != row.topic_id) {
            rc = store_item_update(c->s, &row, content, STORE_EV_CHANGED, c->now, c->e);
            *(dv ? &c->res->derived_changed : &c->res->changed) += 1;
            c->res->wrote = 1;
        } else if (o->position != row.position || o->source_line != row.source_line ||
                   !streq(o->source_file, row.source_file) || !streq(o->stem_type, row.stem_type) ||
                   !streq(o->answer_form, row.answer_form)) {
            /* provenance or classification (an item imported before it existed) */
            rc = store_item_update(c->s, &row, 0, -1, c->now, c->e); /* provenance only */
            c->res->unchanged += !dv;
            c->res->wrote = 1;
        } else {
            c->res->unchanged += !dv;
        }
    }
    for (size_t j = 0; rc == ASSAY_OK && j < n_old; j++) {
        if (taken[j] || !old[j].active)
            continue;
        store_item row = old[j];
        row.active = 0;
        rc = store_item_update(c->s, &row, 0, STORE_EV_RETIRED, c->now, c->e);
        *(assay_kind_derived((assay_kind)row.kind) ? &c->res->derived_retired : &c->res->retired) +=
            1;
        c->res->wrote = 1;
    }
    free(w);
    free(taken);
    return rc;
}

/* ---- one document, all documents ----------------------------------------- */

static assay_code import_one(ctx *c, const kb_doc *d, const char *source)
{
    store_kb *kb = NULL;
    assay_code rc = store_kb_get(c->s, d->kb_name, c->a, &kb, c->e);
    if (rc != ASSAY_OK)
        return rc;
    store_kb row = {
        .id = kb ? kb->id : 0,
        .name = d->kb_name,
        .title = d->title,
        .source = source,
        .content_hash = d->hash,
        .size = (int64_t)d->bytes,
        .parser_version = BANK_PARSER_VERSION,
        .imported_at = c->now,
    };
    int kb_changed = !kb || !streq(kb->title, row.title) || !streq(kb->source, row.source) ||
                     !streq(kb->content_hash, row.content_hash) || kb->size != row.size ||
                     kb->parser_version != row.parser_version;
    if (!kb) {
        rc = store_kb_put(c->s, &row, c->e); /* topics refer to it */
        c->res->wrote = 1;
    }
    int64_t *topic_ids = calloc(d->n_topics + 1, sizeof *topic_ids);
    if (!topic_ids)
        return oom(c);
    if (rc == ASSAY_OK)
        rc = sync_levels(c, d, row.id);
    if (rc == ASSAY_OK)
        rc = sync_thesaurus(c, d, row.id);
    if (rc == ASSAY_OK)
        rc = sync_topics(c, d, row.id, topic_ids);
    if (rc == ASSAY_OK)
        rc = sync_blocks(c, d, row.id, topic_ids);
    /* the document's items and, after them, the items derived from its text
     * (bank/derive.c): one list, so both are matched, versioned and retired
     * by the same rules */
    kb_item *derived = NULL;
    size_t n_derived = 0;
    if (rc == ASSAY_OK)
        rc = bank_derive(d, c->a, &derived, &n_derived, c->e);
    kb_item *all = NULL;
    if (rc == ASSAY_OK && !(all = malloc((d->n_items + n_derived + 1) * sizeof *all)))
        rc = oom(c);
    if (rc == ASSAY_OK) {
        if (d->n_items)
            memcpy(all, d->items, d->n_items * sizeof *all);
        if (n_derived)
            memcpy(all + d->n_items, derived, n_derived * sizeof *all);
        kb_doc view = *d;
        view.items = all;
        view.n_items = d->n_items + n_derived;
        rc = sync_items(c, &view, row.id, topic_ids);
        c->res->derived = n_derived;
    }
    free(all);
    free(derived);
    free(topic_ids);
    if (rc == ASSAY_OK && kb && (kb_changed || c->res->wrote)) {
        rc = store_kb_put(c->s, &row, c->e);
        c->res->wrote = 1;
    }
    return rc;
}

typedef struct key_line {
    const char *key;
    long line;
} key_line;

static int cmp_key_line(const void *a, const void *b)
{
    const key_line *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Two topics of one document with one key would be a storage error (the
 * store keeps one topic per key): refused as bad input before anything is
 * written. kb/parse makes keys unique; a model from elsewhere may not. */
static assay_code check_topic_keys(const kb_doc *d, errinfo *e)
{
    if (d->n_topics < 2)
        return ASSAY_OK;
    key_line *v = malloc(d->n_topics * sizeof *v);
    if (!v)
        return err_set(e, ASSAY_ENOMEM, "out of memory importing");
    for (size_t i = 0; i < d->n_topics; i++)
        v[i] = (key_line){d->topics[i].key, d->topics[i].line};
    qsort(v, d->n_topics, sizeof *v, cmp_key_line);
    assay_code rc = ASSAY_OK;
    for (size_t i = 1; i < d->n_topics && rc == ASSAY_OK; i++)
        if (strcmp(v[i].key, v[i - 1].key) == 0)
            rc = err_set_at(e, ASSAY_EINPUT, d->file, v[i].line, 0, -1,
                            "a second topic with the key \"%s\" (the first at line %ld)", v[i].key,
                            v[i - 1].line);
    free(v);
    return rc;
}

assay_code bank_import(store *s, const logger *log, kb_doc *const *docs, const char *const *sources,
                       size_t n, int64_t now, assay_import_result *results, errinfo *e)
{
    for (size_t i = 0; i < n; i++) {
        memset(&results[i], 0, sizeof results[i]);
        assay_code krc = check_topic_keys(docs[i], e);
        if (krc != ASSAY_OK)
            return krc;
        for (size_t k = 0; k < i; k++)
            if (strcmp(docs[i]->kb_name, docs[k]->kb_name) == 0) {
                err_set(e, ASSAY_EUSAGE,
                        "%s and %s both import into knowledge base '%s'; import them separately "
                        "or name one",
                        docs[k]->file, docs[i]->file, docs[i]->kb_name);
                return err_param(e, "kb_name");
            }
    }
    arena a;
    arena_init(&a, 0);
    assay_code rc;
    /* the isolation rule (store/store.h): each knowledge base is imported by
     * one transaction at a time; a conflict runs the whole import again */
    for (int attempt = 1;; attempt++) {
        rc = store_begin(s, 1, e);
        for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
            rc = store_lock_kb(s, docs[i]->kb_name, e);
        for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
            memset(&results[i], 0, sizeof results[i]);
            ctx c = {s, log, e, &a, now, &results[i]};
            rc = import_one(&c, docs[i], sources[i]);
            LOG(log, ASSAY_LOG_DEBUG, "%s: %zu added, %zu changed, %zu retired, %zu unchanged",
                docs[i]->kb_name, results[i].added, results[i].changed, results[i].retired,
                results[i].unchanged);
        }
        if (rc == ASSAY_OK)
            rc = store_commit(s, e);
        else
            store_rollback(s);
        if (rc != ASSAY_OK)
            for (size_t i = 0; i < n; i++)
                memset(&results[i], 0, sizeof results[i]);
        if (!store_retry(s, rc, attempt, e))
            break;
        arena_reset(&a);
    }
    arena_free(&a);
    return rc;
}
