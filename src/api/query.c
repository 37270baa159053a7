/* api/query — reading the bank into lists of public rows. */
#include "api/api_int.h"

#include "bank/bank.h"
#include "core/opts.h"
#include "core/sort.h"
#include "core/u8.h"
#include "text/stem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

size_t assay_list_count(const assay_list *l)
{
    return l ? l->n : 0;
}

void assay_list_free(assay_list *l)
{
    if (!l)
        return;
    arena_free(&l->mem);
    free(l);
}

assay_list *api_list_new(assay *a, list_type t)
{
    assay_list *l = calloc(1, sizeof *l);
    if (!l) {
        err_set(&a->err, ASSAY_ENOMEM, "out of memory");
        return NULL;
    }
    l->type = t;
    arena_init(&l->mem, 0);
    return l;
}

const void *api_list_row(const assay_list *l, list_type t, size_t size, size_t i)
{
    if (!l || l->type != t || i >= l->n)
        return NULL;
    return (const unsigned char *)l->rows + i * size;
}

const assay_kb_info *assay_list_kb(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_KB, sizeof(assay_kb_info), i);
}

const assay_level_info *assay_list_level(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_LEVEL, sizeof(assay_level_info), i);
}

const assay_topic_info *assay_list_topic(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_TOPIC, sizeof(assay_topic_info), i);
}

const assay_item_info *assay_list_item(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_ITEM, sizeof(assay_item_info), i);
}

const assay_version_info *assay_list_version(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_VERSION, sizeof(assay_version_info), i);
}

void assay_item_filter_init(assay_item_filter *f)
{
    memset(f, 0, sizeof *f);
    f->struct_size = sizeof *f;
}

/* ---- lookups ------------------------------------------------------------ */

static const store_kb *kb_by_id(const store_kb *kbs, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (kbs[i].id == id)
            return &kbs[i];
    return NULL;
}

static int cmp_topic_id(const void *a, const void *b)
{
    int64_t x = ((const store_topic *)a)->id, y = ((const store_topic *)b)->id;
    return x < y ? -1 : x > y;
}

static const store_topic *topic_by_id(const store_topic *t, size_t n, int64_t id)
{
    store_topic key = {.id = id};
    return search_array(&key, t, n, sizeof *t, cmp_topic_id);
}

assay_code api_find_kb(assay_bank *b, arena *mem, const char *name, store_kb **out)
{
    size_t bad;
    if (u8_check(name, strlen(name), &bad) != 0)
        return err_set(&b->a->err, ASSAY_EUSAGE, "a knowledge-base name is UTF-8 text");
    char *nfc = u8_nfc(name, strlen(name), NULL); /* names are stored NFC */
    if (!nfc)
        return err_set(&b->a->err, ASSAY_ENOMEM, "out of memory");
    assay_code rc = store_kb_get(b->s, nfc, mem, out, &b->a->err);
    free(nfc);
    if (rc == ASSAY_OK && !*out)
        rc = err_set_param(&b->a->err, ASSAY_ENOTFOUND, "kb", "no knowledge base named '%s'", name);
    return rc;
}

assay_code api_pick_kb(assay_bank *b, arena *mem, const char *name, store_kb **out)
{
    if (name)
        return api_find_kb(b, mem, name, out);
    store_kb *rows = NULL;
    size_t n = 0;
    assay_code rc = store_kb_list(b->s, mem, &rows, &n, &b->a->err);
    if (rc != ASSAY_OK)
        return rc;
    if (n == 0)
        return err_set(&b->a->err, ASSAY_ENOTFOUND, "the bank holds no knowledge base yet");
    if (n > 1) {
        char names[512] = "";
        size_t w = 0;
        for (size_t i = 0; i < n && w < sizeof names - 1; i++)
            w += (size_t)snprintf(names + w, sizeof names - w, "%s%s", i ? ", " : "", rows[i].name);
        err_set(&b->a->err, ASSAY_EUSAGE, "the bank holds several knowledge bases (%s); name one",
                names);
        return err_param(&b->a->err, "kb");
    }
    *out = &rows[0];
    return ASSAY_OK;
}

/* ---- knowledge bases ----------------------------------------------------- */

assay_code assay_bank_kbs(assay_bank *b, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_KB);
    if (!l)
        return ASSAY_ENOMEM;
    store_kb *kbs = NULL;
    store_topic *topics = NULL;
    store_count *counts = NULL;
    size_t nk = 0, nt = 0, nc = 0;
    assay_code rc = store_kb_list(b->s, &l->mem, &kbs, &nk, &a->err);
    if (rc == ASSAY_OK)
        rc = store_topic_list(b->s, 0, &l->mem, &topics, &nt, &a->err);
    if (rc == ASSAY_OK)
        rc = store_count_items(b->s, 0, &l->mem, &counts, &nc, &a->err);
    assay_kb_info *rows = NULL;
    if (rc == ASSAY_OK && !(rows = arena_alloc(&l->mem, (nk + 1) * sizeof *rows)))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < nk; i++) {
        assay_kb_info *r = &rows[i];
        r->name = kbs[i].name;
        r->title = kbs[i].title;
        r->source = kbs[i].source;
        r->content_hash = kbs[i].content_hash;
        r->imported_at = kbs[i].imported_at;
        for (size_t t = 0; t < nt; t++)
            r->topics += topics[t].kb_id == kbs[i].id && topics[t].active;
        for (size_t c = 0; c < nc; c++) {
            if (counts[c].kb_id != kbs[i].id)
                continue;
            size_t k = (size_t)counts[c].n;
            if (!counts[c].active)
                r->retired += k;
            else if (counts[c].kind == KB_LEVEL_QA)
                r->level_qa += k;
            else if (counts[c].kind == KB_INTERVIEW_QA)
                r->interview_qa += k;
            else if (counts[c].kind == KB_SCENARIO)
                r->scenario += k;
            else
                r->derived += k;
        }
        store_block *blocks;
        size_t nb;
        rc = store_block_list(b->s, kbs[i].id, &l->mem, &blocks, &nb, &a->err);
        r->level_blocks = nb;
    }
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    l->rows = rows;
    l->n = nk;
    *out = l;
    return ASSAY_OK;
}

assay_code assay_bank_levels(assay_bank *b, const char *kb, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_LEVEL);
    if (!l)
        return ASSAY_ENOMEM;
    store_kb *k = NULL;
    store_level_def *defs = NULL;
    size_t n = 0;
    assay_code rc = api_find_kb(b, &l->mem, kb, &k);
    if (rc == ASSAY_OK)
        rc = store_level_list(b->s, k->id, &l->mem, &defs, &n, &a->err);
    assay_level_info *rows = NULL;
    if (rc == ASSAY_OK && !(rows = arena_alloc(&l->mem, (n + 1) * sizeof *rows)))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        rows[i] =
            (assay_level_info){defs[i].level, defs[i].label, defs[i].audience, defs[i].description};
    l->rows = rows;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}

/* ---- topics ----------------------------------------------------------------- */

assay_code assay_bank_topics(assay_bank *b, const char *kb, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_TOPIC);
    if (!l)
        return ASSAY_ENOMEM;
    store_kb *one = NULL, *kbs = NULL;
    store_topic *topics = NULL;
    store_count *counts = NULL;
    size_t nk = 0, nt = 0, nc = 0;
    int64_t kb_id = 0;
    assay_code rc = ASSAY_OK;
    if (kb) {
        rc = api_find_kb(b, &l->mem, kb, &one);
        if (rc == ASSAY_OK)
            kb_id = one->id;
    }
    if (rc == ASSAY_OK)
        rc = store_kb_list(b->s, &l->mem, &kbs, &nk, &a->err);
    if (rc == ASSAY_OK)
        rc = store_topic_list(b->s, kb_id, &l->mem, &topics, &nt, &a->err);
    if (rc == ASSAY_OK)
        rc = store_count_items(b->s, kb_id, &l->mem, &counts, &nc, &a->err);
    assay_topic_info *rows = NULL;
    if (rc == ASSAY_OK && !(rows = arena_alloc(&l->mem, (nt + 1) * sizeof *rows)))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    size_t n = 0;
    for (size_t i = 0; i < nt; i++) {
        const store_topic *t = &topics[i];
        if (!t->active)
            continue;
        const store_kb *k = kb_by_id(kbs, nk, t->kb_id);
        assay_topic_info *r = &rows[n++];
        r->kb = k ? k->name : "";
        r->number = t->number;
        r->title = t->title;
        r->concept = t->concept;
        r->source_file = k ? k->source : "";
        r->source_line = t->source_line;
        for (size_t c = 0; c < nc; c++) {
            if (counts[c].topic_id != t->id || !counts[c].active)
                continue;
            size_t cnt = (size_t)counts[c].n;
            if (assay_kind_derived((assay_kind)counts[c].kind)) {
                r->derived += cnt;
                if (counts[c].level >= 1 && counts[c].level <= ASSAY_MAX_LEVEL)
                    r->derived_by_level[counts[c].level] += cnt;
                continue;
            }
            r->items += cnt;
            if (counts[c].kind == KB_LEVEL_QA && counts[c].level >= 1 &&
                counts[c].level <= ASSAY_MAX_LEVEL)
                r->by_level[counts[c].level] += cnt;
            else if (counts[c].kind == KB_INTERVIEW_QA)
                r->interview_qa += cnt;
            else if (counts[c].kind == KB_SCENARIO)
                r->scenario += cnt;
        }
    }
    /* ordinals among the active topics of each knowledge base */
    for (size_t i = 0; i < n; i++)
        rows[i].ordinal =
            i > 0 && strcmp(rows[i].kb, rows[i - 1].kb) == 0 ? rows[i - 1].ordinal + 1 : 1;
    l->rows = rows;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}

/* ---- items ------------------------------------------------------------------ */

/* Level blocks of the knowledge bases in a result, with parsed sub-topics. */
typedef struct block_ref {
    int64_t topic_id;
    int level;
    const char *label;
    const char **subtopics;
    size_t n_subtopics;
} block_ref;

static int cmp_block_ref(const void *a, const void *b)
{
    const block_ref *x = a, *y = b;
    if (x->topic_id != y->topic_id)
        return x->topic_id < y->topic_id ? -1 : 1;
    return x->level < y->level ? -1 : x->level > y->level;
}

/* The authored wrong options in an item's detail JSON ("distractors"), into
 * r; none when the detail has none. -1 when out of memory. */
static int parse_distractors(arena *mem, const char *js, assay_item_info *r)
{
    static const char *const none[1] = {NULL};
    r->distractors = none;
    r->n_distractors = 0;
    if (!js || !strstr(js, "\"distractors\""))
        return 0;
    json_error_t jerr;
    json_t *o = json_loads(js, 0, &jerr);
    json_t *arr = json_object_get(o, "distractors");
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    const char **v = n ? arena_alloc(mem, (n + 1) * sizeof *v) : NULL;
    if (n && !v) {
        json_decref(o);
        return -1;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = json_string_value(json_array_get(arr, i));
        if (t && !(v[w++] = arena_strdup(mem, t))) {
            json_decref(o);
            return -1;
        }
    }
    if (w) {
        v[w] = NULL;
        r->distractors = v;
        r->n_distractors = w;
    }
    json_decref(o);
    return 0;
}

static int parse_subtopics(arena *mem, const char *js, block_ref *r)
{
    json_error_t jerr;
    json_t *arr = json_loads(js, 0, &jerr);
    if (!arr || !json_is_array(arr)) {
        json_decref(arr);
        return 0; /* stored data is checked JSON; treat the odd case as none */
    }
    size_t n = json_array_size(arr);
    r->subtopics = arena_alloc(mem, (n + 1) * sizeof *r->subtopics);
    if (!r->subtopics) {
        json_decref(arr);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        r->subtopics[r->n_subtopics] = arena_strdup(mem, s ? s : "");
        if (!r->subtopics[r->n_subtopics]) {
            json_decref(arr);
            return -1;
        }
        r->n_subtopics++;
    }
    json_decref(arr);
    return 0;
}

static assay_code fill_items(assay_bank *b, assay_list *l, const store_item *items, size_t n)
{
    assay *a = b->a;
    store_kb *kbs = NULL;
    store_topic *topics = NULL;
    size_t nk = 0, nt = 0;
    assay_code rc = store_kb_list(b->s, &l->mem, &kbs, &nk, &a->err);
    if (rc == ASSAY_OK)
        rc = store_topic_list(b->s, 0, &l->mem, &topics, &nt, &a->err);
    if (rc != ASSAY_OK)
        return rc;
    sort_array(topics, nt, sizeof *topics, cmp_topic_id);

    /* blocks and level guides of the knowledge bases that appear */
    block_ref *refs = NULL;
    size_t nr = 0, rcap = 0;
    store_level_def **defs = arena_alloc(&l->mem, (nk + 1) * sizeof *defs);
    size_t *ndefs = arena_alloc(&l->mem, (nk + 1) * sizeof *ndefs);
    if (!defs || !ndefs)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t k = 0; k < nk && rc == ASSAY_OK; k++) {
        int used = 0;
        for (size_t i = 0; i < n && !used; i++)
            used = items[i].kb_id == kbs[k].id;
        if (!used)
            continue;
        rc = store_level_list(b->s, kbs[k].id, &l->mem, &defs[k], &ndefs[k], &a->err);
        store_block *blocks = NULL;
        size_t nb = 0;
        if (rc == ASSAY_OK)
            rc = store_block_list(b->s, kbs[k].id, &l->mem, &blocks, &nb, &a->err);
        for (size_t i = 0; rc == ASSAY_OK && i < nb; i++) {
            block_ref *r = arena_push(&l->mem, (void **)&refs, &nr, &rcap, sizeof *r);
            if (!r || (r->topic_id = blocks[i].topic_id,
                       parse_subtopics(&l->mem, blocks[i].subtopics_json, r) != 0)) {
                rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
                break;
            }
            r->level = blocks[i].level;
            r->label = blocks[i].label;
        }
    }
    if (rc != ASSAY_OK)
        return rc;
    sort_array(refs, nr, sizeof *refs, cmp_block_ref);

    assay_item_info *rows = arena_alloc(&l->mem, (n + 1) * sizeof *rows);
    if (!rows)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const store_item *it = &items[i];
        assay_item_info *r = &rows[i];
        const store_topic *t = topic_by_id(topics, nt, it->topic_id);
        const store_kb *k = kb_by_id(kbs, nk, it->kb_id);
        r->id = it->id;
        r->kb = k ? k->name : "";
        r->topic = t ? t->title : "";
        r->topic_number = t ? t->number : 0;
        r->topic_ordinal = t ? t->ordinal : 0;
        r->kind = (assay_kind)it->kind;
        r->level = it->level;
        r->level_label = "";
        r->question = it->question;
        r->answer = it->answer;
        r->detail_json = it->detail_json;
        r->source_file = it->source_file;
        r->source_line = it->source_line;
        r->retired = !it->active;
        r->version = it->version;
        r->created_at = it->created_at;
        r->updated_at = it->updated_at;
        /* stored at import; an item imported before is classified here */
        r->stem_type = it->stem_type && it->stem_type[0]
                           ? it->stem_type
                           : stem_type_name(stem_classify(it->question));
        r->answer_form = it->answer_form && it->answer_form[0]
                             ? it->answer_form
                             : answer_form_name(answer_classify(it->answer));
        /* authored options: level and interview Q/A keep them in their detail */
        if (parse_distractors(&l->mem,
                              r->kind == ASSAY_KIND_LEVEL_QA || r->kind == ASSAY_KIND_INTERVIEW_QA
                                  ? it->detail_json
                                  : NULL,
                              r) != 0)
            return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
        static const char *const none[1] = {NULL};
        r->subtopics = none;
        if (it->level > 0) {
            block_ref key = {.topic_id = it->topic_id, .level = it->level};
            const block_ref *br = search_array(&key, refs, nr, sizeof *refs, cmp_block_ref);
            if (br) {
                r->subtopics = br->subtopics;
                r->n_subtopics = br->n_subtopics;
                r->level_label = br->label;
            }
            size_t kidx = k ? (size_t)(k - kbs) : nk;
            for (size_t d = 0; kidx < nk && !r->level_label[0] && d < ndefs[kidx]; d++)
                if (defs[kidx][d].level == it->level)
                    r->level_label = defs[kidx][d].label;
        }
    }
    l->rows = rows;
    l->n = n;
    return ASSAY_OK;
}

/* The error for a topic filter that matches several topics: it names them
 * all (with their knowledge base when they come from several). */
static assay_code ambiguous_topic(assay_bank *b, arena *mem, const char *want,
                                  const store_topic *topics, size_t nt, const int64_t *ids,
                                  size_t n)
{
    store_kb *kbs = NULL;
    size_t nk = 0;
    if (store_kb_list(b->s, mem, &kbs, &nk, &b->a->err) != ASSAY_OK)
        nk = 0;
    int64_t kb0 = 0;
    int several_kbs = 0;
    for (size_t i = 0; i < nt; i++)
        for (size_t k = 0; k < n; k++)
            if (topics[i].id == ids[k]) {
                several_kbs |= kb0 && topics[i].kb_id != kb0;
                kb0 = topics[i].kb_id;
            }
    char list[600];
    size_t w = 0;
    for (size_t i = 0; i < nt; i++) {
        int hit = 0;
        for (size_t k = 0; k < n; k++)
            hit |= topics[i].id == ids[k];
        if (!hit)
            continue;
        const char *kbn = "";
        for (size_t k = 0; several_kbs && k < nk; k++)
            if (kbs[k].id == topics[i].kb_id)
                kbn = kbs[k].name;
        int m = snprintf(list + w, w < sizeof list ? sizeof list - w : 0, "%s%s%s%d. %s",
                         w ? "; " : "", kbn, *kbn ? ": " : "", topics[i].number, topics[i].title);
        if (m > 0)
            w += (size_t)m;
        if (w >= sizeof list) {
            snprintf(list + sizeof list - 5, 5, "...");
            break;
        }
    }
    return err_set_param(&b->a->err, ASSAY_EINPUT, "topic",
                         "the topic filter '%s' matches %zu topics (%s); give more of the title or "
                         "the topic's number%s",
                         want, n, list, several_kbs ? ", and the knowledge base" : "");
}

/* Topic ids matching a number ("3") or a piece of a title, within kb_id (0 = all).
 * A filter that matches several topics is ambiguous (ASSAY_EINPUT, listing them). */
static assay_code resolve_topics(assay_bank *b, arena *mem, int64_t kb_id, const char *want,
                                 int64_t **ids, size_t *n)
{
    assay *a = b->a;
    store_topic *topics = NULL;
    size_t nt = 0;
    assay_code rc = store_topic_list(b->s, kb_id, mem, &topics, &nt, &a->err);
    if (rc != ASSAY_OK)
        return rc;
    *ids = arena_alloc(mem, (nt + 1) * sizeof **ids);
    if (!*ids)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    *n = 0;
    int num = u8_small_number(want);
    if (num >= 0) {
        for (size_t i = 0; i < nt; i++)
            if (topics[i].active && topics[i].number == num)
                (*ids)[(*n)++] = topics[i].id;
        for (size_t i = 0; *n == 0 && i < nt; i++)
            if (topics[i].active && topics[i].number == 0 && topics[i].ordinal == num)
                (*ids)[(*n)++] = topics[i].id;
    } else {
        size_t fl;
        char *f = u8_fold(want, strlen(want), &fl);
        if (!f)
            return err_set_param(&a->err, ASSAY_EUSAGE, "topic", "a topic is UTF-8 text");
        for (size_t i = 0; i < nt; i++)
            if (topics[i].active && fl && strstr(topics[i].key, f))
                (*ids)[(*n)++] = topics[i].id;
        /* a whole title is not ambiguous, even inside a longer one */
        for (size_t i = 0; *n > 1 && i < nt; i++)
            if (topics[i].active && strcmp(topics[i].key, f) == 0) {
                (*ids)[0] = topics[i].id;
                *n = 1;
            }
        free(f);
    }
    if (*n == 0)
        return err_set_param(&a->err, ASSAY_ENOTFOUND, "topic", "no topic matches '%s'", want);
    if (*n > 1)
        return ambiguous_topic(b, mem, want, topics, nt, *ids, *n);
    return ASSAY_OK;
}

assay_code api_resolve_topic(assay_bank *b, arena *mem, int64_t kb_id, const char *want,
                             int64_t *id)
{
    int64_t *ids = NULL;
    size_t n = 0;
    assay_code rc = resolve_topics(b, mem, kb_id, want, &ids, &n);
    *id = rc == ASSAY_OK && n ? ids[0] : 0;
    return rc;
}

assay_code assay_bank_items(assay_bank *b, const assay_item_filter *filter, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_item_filter taken;
    assay_item_filter_init(&taken);
    if (opts_take(&a->err, &taken, sizeof taken, filter, "assay_item_filter") != ASSAY_OK)
        return ASSAY_EUSAGE;
    filter = &taken;
    if (filter->level < 0 || filter->level > ASSAY_MAX_LEVEL)
        return err_set(&a->err, ASSAY_EUSAGE, "level must be 1..%d", ASSAY_MAX_LEVEL);
    assay_list *l = api_list_new(a, LIST_ITEM);
    if (!l)
        return ASSAY_ENOMEM;
    store_item_filter f = {.level = filter->level,
                           .kind = (int)filter->kind,
                           .include_retired = filter->include_retired};
    assay_code rc = ASSAY_OK;
    if (filter->kb) {
        store_kb *k = NULL;
        rc = api_find_kb(b, &l->mem, filter->kb, &k);
        if (rc == ASSAY_OK)
            f.kb_id = k->id;
    }
    int64_t *ids = NULL;
    if (rc == ASSAY_OK && filter->topic) {
        rc = resolve_topics(b, &l->mem, f.kb_id, filter->topic, &ids, &f.n_topic_ids);
        f.topic_ids = ids;
    }
    store_item *items = NULL;
    size_t n = 0;
    if (rc == ASSAY_OK)
        rc = store_item_list(b->s, &f, &l->mem, &items, &n, &a->err);
    if (rc == ASSAY_OK && filter->no_derived) {
        size_t w = 0;
        for (size_t i = 0; i < n; i++)
            if (!assay_kind_derived((assay_kind)items[i].kind))
                items[w++] = items[i];
        n = w;
    }
    if (rc == ASSAY_OK)
        rc = fill_items(b, l, items, n);
    if (rc == ASSAY_OK && filter->stem_type) {
        if (stem_type_parse(filter->stem_type) < 0) {
            rc = err_set_param(&a->err, ASSAY_EUSAGE, "stem_type",
                               "unknown stem type '%s' (definition, comparison, method, reason, "
                               "condition, proscons, enumeration, numeric, other)",
                               filter->stem_type);
        } else {
            assay_item_info *rows = l->rows;
            size_t kept = 0;
            for (size_t i = 0; i < l->n; i++)
                if (strcmp(rows[i].stem_type, filter->stem_type) == 0)
                    rows[kept++] = rows[i];
            l->n = kept;
        }
    }
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    *out = l;
    return ASSAY_OK;
}

assay_code assay_bank_item(assay_bank *b, const char *id, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    char prefix[BANK_ID_LEN + 1];
    size_t len = strlen(id);
    if (len < 4 || len > BANK_ID_LEN) {
        err_set(&a->err, ASSAY_EUSAGE, "an item id is 4 to %d hex digits, not '%s'", BANK_ID_LEN,
                id);
        return err_param(&a->err, "id");
    }
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        if (c >= 'A' && c <= 'F')
            c = (char)(c + 32);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            err_set(&a->err, ASSAY_EUSAGE, "an item id is hex digits, not '%s'", id);
            return err_param(&a->err, "id");
        }
        prefix[i] = c;
    }
    prefix[len] = '\0';
    assay_list *l = api_list_new(a, LIST_ITEM);
    if (!l)
        return ASSAY_ENOMEM;
    store_item *items = NULL;
    size_t n = 0;
    assay_code rc = store_item_find(b->s, prefix, 2, &l->mem, &items, &n, &a->err);
    if (rc == ASSAY_OK && n == 0)
        rc = err_set_param(&a->err, ASSAY_ENOTFOUND, "id", "no item with id '%s'", id);
    else if (rc == ASSAY_OK && n > 1)
        rc = err_set(&a->err, ASSAY_EUSAGE,
                     "'%s' is the start of several item ids (%s, %s, ...); give more digits", id,
                     items[0].id, items[1].id);
    if (rc == ASSAY_OK)
        rc = fill_items(b, l, items, 1);
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    *out = l;
    return ASSAY_OK;
}

assay_code assay_bank_item_versions(assay_bank *b, const char *id, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_VERSION);
    if (!l)
        return ASSAY_ENOMEM;
    store_version *v = NULL;
    size_t n = 0;
    assay_code rc = store_version_list(b->s, id, &l->mem, &v, &n, &a->err);
    if (rc == ASSAY_OK && n == 0)
        rc = err_set(&a->err, ASSAY_ENOTFOUND, "no item with id '%s'", id);
    assay_version_info *rows = NULL;
    if (rc == ASSAY_OK && !(rows = arena_alloc(&l->mem, (n + 1) * sizeof *rows)))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        rows[i] = (assay_version_info){v[i].version,     (assay_kind)v[i].kind, v[i].level,
                                       v[i].question,    v[i].answer,           v[i].source_file,
                                       v[i].source_line, v[i].created_at};
    l->rows = rows;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}
