/* cmd_import — `assay import` and `assay check`. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* "16M", "512K", "1048576" -> bytes. */
static int parse_size(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift) {
        end++;
        if (*end == 'i' || *end == 'B' || *end == 'b')
            end++;
    }
    if (*end != '\0' || v == 0 || v > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static assay_code doc_opts(cli *c, assay_doc_opts *o)
{
    assay_doc_opts_init(o);
    if (c->args->set[OPT_MAX_SIZE] && parse_size(c->args->val[OPT_MAX_SIZE], &o->max_bytes) != 0)
        return cli_usage(c, "--max-size wants a size such as 16M, 512K or 1048576, not '%s'",
                         c->args->val[OPT_MAX_SIZE]);
    if (c->args->set[OPT_KB]) {
        if (c->args->n_pos > 1)
            return cli_usage(c, "--kb names one knowledge base; give one file with it");
        if (!c->args->val[OPT_KB][0])
            return cli_usage(c, "--kb needs a name");
        o->kb_name = c->args->val[OPT_KB];
    }
    if (c->args->set[OPT_DOC_FORMAT]) {
        static const char *const known[] = {"md", "gift", "moodle-xml", "csv"};
        const char *f = c->args->val[OPT_DOC_FORMAT];
        int ok = 0;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok |= strcmp(f, known[i]) == 0;
        if (!ok)
            return cli_usage(c, "--format is md, gift, moodle-xml or csv, not '%s'", f);
        o->format = f;
    }
    return ASSAY_OK;
}

static json_t *warnings_json(const assay_doc *d)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_doc_warning_count(d); i++) {
        const assay_warning *w = assay_doc_warning_at(d, i);
        json_array_append_new(arr, json_pack("{s:s, s:I, s:s}", "file", w->file, "line",
                                             (json_int_t)w->line, "message", w->message));
    }
    return arr;
}

static json_t *counts_json(const assay_doc *d, const assay_import_result *r)
{
    assay_doc_stats st;
    assay_doc_get_stats(d, &st);
    json_t *o =
        json_pack("{s:s, s:s, s:I, s:I, s:{s:I, s:I, s:I}}", "kb", assay_doc_kb_name(d), "file",
                  assay_doc_file(d), "topics", (json_int_t)st.topics, "level_blocks",
                  (json_int_t)st.level_blocks, "items", "level_qa", (json_int_t)st.level_qa,
                  "interview_qa", (json_int_t)st.interview_qa, "scenario", (json_int_t)st.scenario);
    if (o && r) {
        json_object_set_new(o, "added", json_integer((json_int_t)r->added));
        json_object_set_new(o, "changed", json_integer((json_int_t)r->changed));
        json_object_set_new(o, "retired", json_integer((json_int_t)r->retired));
        json_object_set_new(o, "unchanged", json_integer((json_int_t)r->unchanged));
        json_object_set_new(o, "derived",
                            json_pack("{s:I, s:I, s:I, s:I}", "items", (json_int_t)r->derived,
                                      "added", (json_int_t)r->derived_added, "changed",
                                      (json_int_t)r->derived_changed, "retired",
                                      (json_int_t)r->derived_retired));
    }
    if (o && !r) {
        size_t nd = assay_doc_derived_count(d);
        if (nd == (size_t)-1) {
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, "derived", json_pack("{s:I}", "items", (json_int_t)nd));
    }
    if (o)
        json_object_set_new(o, "warnings", warnings_json(d));
    return o;
}

static void print_warnings(cli *c, const assay_doc *d)
{
    for (size_t i = 0; i < assay_doc_warning_count(d); i++) {
        const assay_warning *w = assay_doc_warning_at(d, i);
        cli_warning(c, w->file, w->line, w->message);
    }
}

/* "1 topic", "2 topics" */
static const char *s_if(size_t n)
{
    return n == 1 ? "" : "s";
}

static void print_counts(cli *c, const assay_doc *d)
{
    assay_doc_stats st;
    assay_doc_get_stats(d, &st);
    size_t items = st.level_qa + st.interview_qa + st.scenario;
    printf("%s%s%s: %zu topic%s, %zu level block%s, %zu item%s (%zu level Q/A, %zu interview "
           "Q/A, %zu scenario%s)",
           out_on(&c->out, ST_BOLD), assay_doc_kb_name(d), out_off(&c->out), st.topics,
           s_if(st.topics), st.level_blocks, s_if(st.level_blocks), items, s_if(items), st.level_qa,
           st.interview_qa, st.scenario, s_if(st.scenario));
    if (strcmp(assay_doc_format(d), "md") != 0)
        printf(" from %s", assay_doc_format(d));
}

/* Loads every file, reporting each bad one; all or nothing. */
static assay_code load_all(cli *c, assay_doc ***out)
{
    assay_doc_opts o;
    assay_code rc = doc_opts(c, &o);
    if (rc != ASSAY_OK)
        return rc;
    size_t n = c->args->n_pos;
    assay_doc **docs = calloc(n + 1, sizeof *docs);
    if (!docs)
        return ASSAY_ENOMEM;
    assay_code first = ASSAY_OK;
    for (size_t i = 0; i < n; i++) {
        rc = assay_doc_load(c->a, c->args->pos[i], &o, &docs[i]);
        if (rc != ASSAY_OK) {
            fprintf(stderr, "assay: %serror%s: %s\n", out_on(&c->err, ST_ERR), out_off(&c->err),
                    assay_errmsg(c->a));
            if (first == ASSAY_OK)
                first = rc;
        }
    }
    if (first != ASSAY_OK) {
        for (size_t i = 0; i < n; i++)
            assay_doc_free(docs[i]);
        free(docs);
        c->reported = 1;
        return first;
    }
    *out = docs;
    return ASSAY_OK;
}

assay_code cmd_import(cli *c)
{
    assay_doc **docs = NULL;
    assay_code rc = load_all(c, &docs);
    if (rc != ASSAY_OK)
        return rc;
    size_t n = c->args->n_pos;
    assay_import_result *res = calloc(n, sizeof *res);
    assay_bank *bank = NULL;
    if (!res)
        rc = ASSAY_ENOMEM;
    if (rc == ASSAY_OK)
        rc = cli_open_bank(c, CLI_BANK_PLAIN, &bank, NULL, 0);
    if (rc == ASSAY_OK)
        rc = assay_bank_import(bank, docs, n, res);
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        if (c->json) {
            rc = cli_print_json(c, counts_json(docs[i], &res[i]));
            continue;
        }
        print_warnings(c, docs[i]);
        print_counts(c, docs[i]);
        printf(" - %zu added, %zu changed, %zu retired%s\n", res[i].added, res[i].changed,
               res[i].retired, res[i].wrote ? "" : " (already up to date)");
        if (res[i].derived || res[i].derived_retired)
            printf("%zu derived items from the text (definitions, sub-topics, orders) - %zu "
                   "added, %zu changed, %zu retired\n",
                   res[i].derived, res[i].derived_added, res[i].derived_changed,
                   res[i].derived_retired);
    }
    assay_bank_close(bank);
    for (size_t i = 0; i < n; i++)
        assay_doc_free(docs[i]);
    free(docs);
    free(res);
    return rc;
}

assay_code cmd_check(cli *c)
{
    assay_doc_opts o;
    assay_code rc = doc_opts(c, &o);
    if (rc != ASSAY_OK)
        return rc;
    assay_code worst = ASSAY_OK;
    for (size_t i = 0; i < c->args->n_pos; i++) {
        assay_doc *d = NULL;
        rc = assay_doc_load(c->a, c->args->pos[i], &o, &d);
        if (rc != ASSAY_OK) {
            fprintf(stderr, "assay: %serror%s: %s\n", out_on(&c->err, ST_ERR), out_off(&c->err),
                    assay_errmsg(c->a));
            if (worst == ASSAY_OK)
                worst = rc;
            continue;
        }
        if (c->args->set[OPT_MODEL]) {
            char *js = assay_doc_model_json(d, ASSAY_MODEL_LINES);
            if (!js) {
                assay_doc_free(d);
                return ASSAY_ENOMEM;
            }
            printf("%s\n", js);
            assay_string_free(js);
        } else if (c->json) {
            rc = cli_print_json(c, counts_json(d, NULL));
        } else {
            print_warnings(c, d);
            print_counts(c, d);
            size_t nd = assay_doc_derived_count(d); /* what import adds from the text */
            if (nd == (size_t)-1) {
                assay_doc_free(d);
                return ASSAY_ENOMEM;
            }
            printf(", %zu warning%s; import derives %zu more item%s from the text (definitions, "
                   "sub-topics, orders)\n",
                   assay_doc_warning_count(d), s_if(assay_doc_warning_count(d)), nd, s_if(nd));
        }
        assay_doc_free(d);
        if (rc != ASSAY_OK)
            return rc;
    }
    if (worst != ASSAY_OK)
        c->reported = 1;
    return worst;
}
