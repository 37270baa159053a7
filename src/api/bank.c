/* api/bank — opening banks, importing, the bundled knowledge base. */
#include "api/api_int.h"

#include "bank/bank.h"
#include "core/hash.h"
#include "kb/parse.h"
#include "kb/thes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Generated at build time from data/kb/ by cmake/embed.cmake. */
extern const unsigned char assay__bundled_kb[];
extern const size_t assay__bundled_kb_len;
extern const unsigned char assay__bundled_thes[];
extern const size_t assay__bundled_thes_len;

#define BUNDLED_NAME "architecture-scalability"
#define BUNDLED_FILE "architecture-scalability.md"
#define BUNDLED_THES "architecture-scalability.thesaurus.tsv"

/* The bundled document with its thesaurus (*m freed with kb_doc_free). */
static assay_code parse_bundled(errinfo *e, kb_doc **m)
{
    kb_opts o = {0, BUNDLED_NAME};
    assay_code rc =
        kb_parse(BUNDLED_FILE, (const char *)assay__bundled_kb, assay__bundled_kb_len, &o, m, e);
    if (rc == ASSAY_OK && (rc = kb_thes_parse(*m, BUNDLED_THES, (const char *)assay__bundled_thes,
                                              assay__bundled_thes_len, e)) != ASSAY_OK) {
        kb_doc_free(*m);
        *m = NULL;
    }
    return rc;
}

const char *assay_bundled_kb_name(void)
{
    return BUNDLED_NAME;
}

const char *assay_bundled_document(size_t *len)
{
    if (len)
        *len = assay__bundled_kb_len;
    return (const char *)assay__bundled_kb;
}

assay_code assay_bank_open(assay *a, const char *url, assay_bank **out)
{
    api_enter(a);
    *out = NULL;
    assay_bank *b = calloc(1, sizeof *b);
    if (!b)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    b->a = a;
    assay_code rc = store_open(url, &a->log, &b->s, &a->err);
    if (rc != ASSAY_OK) {
        free(b);
        return rc;
    }
    *out = b;
    return ASSAY_OK;
}

void assay_bank_close(assay_bank *b)
{
    if (!b)
        return;
    store_close(b->s);
    free(b);
}

assay_code assay_default_bank_url(assay *a, char *buf, size_t cap)
{
    api_enter(a);
    const char *env = getenv("ASSAY_DB");
    int n;
    if (env && *env) {
        n = snprintf(buf, cap, "%s", env);
    } else {
        const char *xdg = getenv("XDG_DATA_HOME");
        const char *home = getenv("HOME");
        if (xdg && xdg[0] == '/')
            n = snprintf(buf, cap, "sqlite:%s/assay/assay.db", xdg);
        else if (home && *home)
            n = snprintf(buf, cap, "sqlite:%s/.local/share/assay/assay.db", home);
        else {
            err_set(&a->err, ASSAY_EUSAGE,
                    "no database given and neither ASSAY_DB, XDG_DATA_HOME nor HOME is set");
            return err_param(&a->err, "url");
        }
    }
    if (n < 0 || (size_t)n >= cap)
        return err_set(&a->err, ASSAY_EUSAGE, "database URL is too long");
    return ASSAY_OK;
}

static int64_t now_seconds(void)
{
    return (int64_t)time(NULL);
}

assay_code assay_bank_import(assay_bank *b, assay_doc *const *docs, size_t n,
                             assay_import_result *results)
{
    assay *a = b->a;
    api_enter(a);
    if (n == 0)
        return ASSAY_OK;
    kb_doc **models = malloc(n * sizeof *models);
    const char **sources = malloc(n * sizeof *sources);
    if (!models || !sources) {
        free(models);
        free(sources);
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        models[i] = docs[i]->m;
        sources[i] = docs[i]->source;
    }
    assay_code rc = bank_import(b->s, &a->log, models, sources, n, now_seconds(), results, &a->err);
    free(models);
    free(sources);
    return rc;
}

assay_code assay_bank_ensure_bundled(assay_bank *b, int *imported)
{
    assay *a = b->a;
    api_enter(a);
    if (imported)
        *imported = 0;
    if (b->serving_bundled) {
        assay_code orc = store_overlay(b->s, NULL, &a->err);
        if (orc != ASSAY_OK)
            return orc;
        b->serving_bundled = 0;
    }
    arena mem;
    arena_init(&mem, 0);
    store_kb *kbs = NULL;
    size_t n = 0;
    assay_code rc = store_kb_list(b->s, &mem, &kbs, &n, &a->err);
    char hash[HASH_HEX_LEN + 1], doc_hash[HASH_HEX_LEN + 1];
    hash_sha256_hex(assay__bundled_kb, assay__bundled_kb_len, doc_hash);
    /* this binary's edition: the document and its thesaurus (kb/thes.h) */
    kb_thes_edition(doc_hash, (const char *)assay__bundled_thes, assay__bundled_thes_len, hash);
    int need = rc == ASSAY_OK;
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        if (strcmp(kbs[i].name, BUNDLED_NAME) == 0)
            /* there; re-import only a bundled copy that differs from this binary's */
            need = strncmp(kbs[i].source, "bundled:", 8) == 0 &&
                   strcmp(kbs[i].content_hash, hash) != 0;
    arena_free(&mem);
    if (rc != ASSAY_OK || !need)
        return rc;

    kb_doc *m;
    rc = parse_bundled(&a->err, &m);
    if (rc != ASSAY_OK)
        return rc;
    const char *source = "bundled:" BUNDLED_FILE;
    assay_import_result res;
    rc = bank_import(b->s, &a->log, &m, &source, 1, now_seconds(), &res, &a->err);
    kb_doc_free(m);
    if (rc == ASSAY_OK) {
        LOG(&a->log, ASSAY_LOG_INFO, "imported the bundled knowledge base '%s' (%zu items)",
            BUNDLED_NAME, res.added + res.changed + res.unchanged);
        if (imported)
            *imported = res.wrote;
    }
    return rc;
}

assay_code assay_bank_serve_bundled(assay_bank *b)
{
    assay *a = b->a;
    api_enter(a);
    if (b->serving_bundled)
        return ASSAY_OK;
    arena mem;
    arena_init(&mem, 0);
    store_kb *have = NULL;
    assay_code rc = store_kb_get(b->s, BUNDLED_NAME, &mem, &have, &a->err);
    arena_free(&mem);
    if (rc != ASSAY_OK || have)
        return rc;
    /* the bundled document imported into a private in-memory store, shown
     * through the bank's handle */
    store *m = NULL;
    kb_doc *doc = NULL;
    const char *source = "bundled:" BUNDLED_FILE;
    assay_import_result res;
    logger quiet = {0};
    rc = store_open("sqlite::memory:", &quiet, &m, &a->err);
    if (rc == ASSAY_OK)
        rc = parse_bundled(&a->err, &doc);
    if (rc == ASSAY_OK)
        rc = bank_import(m, &quiet, &doc, &source, 1, now_seconds(), &res, &a->err);
    if (rc == ASSAY_OK)
        rc = store_overlay(b->s, m, &a->err);
    kb_doc_free(doc);
    store_close(m);
    if (rc == ASSAY_OK)
        b->serving_bundled = 1;
    return rc;
}
