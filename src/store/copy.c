/*
 * store/copy — a whole bank copied from one store to another, of any backends
 * (`assay migrate`, `assay restore`, the backup of a PostgreSQL bank): every
 * table of the latest schema, row for row with its ids, in the order foreign
 * keys need, each table in one transaction of the target, the source read in
 * one snapshot. Each table is verified by its row count and a SHA-256 over its
 * rows in key order (integers in decimal, reals as %.17g, text as stored),
 * which both backends compute alike. Resumable: a table the target holds
 * already with the source's count and checksum is kept; a target that holds
 * anything else is refused before anything is written.
 */
#include "store/store.h"

#include "core/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The latest schema's tables, parents first. Types: i integer, r real, t text. */
static const store_table tables[] = {
    {"kb", "id, name, title, source, content_hash, size, parser_version, imported_at", "ittttiii",
     "id", "id"},
    {"level_def", "kb_id, level, label, audience, description", "iittt", "kb_id, level", NULL},
    {"topic", "id, kb_id, key, number, ordinal, title, concept, source_line, status", "iitiittit",
     "id", "id"},
    {"level_block", "id, topic_id, level, label, subtopics, source_line", "iiitti", "id", "id"},
    {"item",
     "id, kb_id, topic_id, kind, level, status, version, position, source_file, source_line, "
     "created_at, updated_at, stem_type, answer_form",
     "tiititiitiiitt", "id", NULL},
    {"item_version",
     "item_id, version, kind, level, topic_id, question, answer, detail, content_hash, "
     "source_file, source_line, created_at",
     "titiitttttii", "item_id, version", NULL},
    {"item_status", "id, item_id, version, status, event, at", "ititti", "id", "id"},
    {"attempt",
     "id, kb_id, kind, person, form, simulated, seed, config, state, status, created_at, "
     "updated_at",
     "iitttiitttii", "id", "id"},
    {"response",
     "attempt_id, seq, item_id, item_version, qtype, score, choice, answer_key, options, answer, "
     "request_id, seconds, at, grade",
     "iititriitttrit", "attempt_id, seq", NULL},
    {"calibration",
     "id, kb_id, model, persons, responses, cycles, converged, loglik, logprior, settings, at",
     "iitiiiirrti", "id", "id"},
    {"item_param", "item_id, calibration_id, a, d, n", "tirrr", "item_id", NULL},
    {"person", "name, created_at", "ti", "name", NULL},
    {"presentation", "attempt_id, seq, item_id, item_version, qtype, question, shown_at", "iititti",
     "attempt_id, seq", NULL},
    {"review_card",
     "person, item_id, state, stability, difficulty, due, last_review, reps, lapses, step, "
     "scheduled_days, updated_at",
     "ttirriiiiiri", "person, item_id", NULL},
    {"mark", "id, attempt_id, seq, score, marker, note, at", "iiirtti", "id", "id"},
    {"kb_thesaurus", "kb_id, line, spellings", "iit", "kb_id, line", NULL},
    {"account", "id, name, pwhash, role, created_at", "ittti", "id", "id"},
    {"web_session", "token_hash, account_id, csrf, created_at, expires_at", "titii", "token_hash",
     NULL},
    {"assessor_group", "id, name, owner_id, created_at", "itii", "id", "id"},
    {"group_member", "group_id, account_id, joined_at", "iii", "group_id, account_id", NULL},
    {"group_invite", "id, token_hash, group_id, kind, spec, created_at, expires_at, revoked, uses",
     "itittiiii", "id", "id"},
    {"invite_attempt", "invite_id, account_id, attempt_id, at", "iiii",
     "invite_id, account_id, attempt_id", NULL},
};

#define N_TABLES (sizeof tables / sizeof tables[0])

const store_table *store_tables(size_t *n)
{
    *n = N_TABLES;
    return tables;
}

/* ---- count and checksum of a table ---------------------------------------------- */

typedef struct summer {
    const store_table *t;
    hash_ctx h;
    uint64_t rows;
    /* when copying: the target and its error */
    store *to;
    errinfo *e;
    assay_code rc;
} summer;

/* One row into the checksum: each value with its kind, lengths framed, so
 * that no two different rows hash alike. Reals are printed from their double
 * (%.17g): the same number reads the same from every backend. */
static void sum_row(summer *m, const char *const *v)
{
    size_t n = strlen(m->t->types);
    for (size_t i = 0; i < n; i++) {
        char head[48];
        if (!v[i]) {
            hash_update(&m->h, "N;", 2);
            continue;
        }
        const char *val = v[i];
        char num[40];
        if (m->t->types[i] == 'r') {
            snprintf(num, sizeof num, "%.17g", strtod(v[i], NULL));
            val = num;
        }
        size_t len = strlen(val);
        int k = snprintf(head, sizeof head, "%c%zu:", m->t->types[i], len);
        hash_update(&m->h, head, (size_t)k);
        hash_update(&m->h, val, len);
    }
    hash_update(&m->h, "\n", 1);
    m->rows++;
}

static int on_row(void *ud, const char *const *v)
{
    summer *m = ud;
    sum_row(m, v);
    if (m->to) {
        m->rc = m->to->ops->row_write(m->to, m->t, v, m->e);
        if (m->rc != ASSAY_OK)
            return -1;
    }
    return 0;
}

static assay_code summarise(store *s, const store_table *t, store_table_sum *out, errinfo *e)
{
    summer m = {t, {{0}}, 0, NULL, NULL, ASSAY_OK};
    hash_begin(&m.h);
    assay_code rc = s->ops->rows_read(s, t, on_row, &m, e);
    hash_end_hex(&m.h, out->checksum);
    out->rows = m.rows;
    out->table = t->name;
    return rc;
}

static assay_code need_copy_ops(store *s, errinfo *e)
{
    if (s->ops->version < 10 || !s->ops->rows_read || !s->ops->row_write || !s->ops->rows_done)
        return err_set(e, ASSAY_EUSAGE, "the %s backend cannot copy banks", s->ops->name);
    return ASSAY_OK;
}

assay_code store_sum(store *s, store_table_sum *sums, errinfo *e)
{
    assay_code rc = need_copy_ops(s, e);
    for (size_t i = 0; rc == ASSAY_OK && i < N_TABLES; i++)
        rc = summarise(s, &tables[i], &sums[i], e);
    return rc;
}

assay_code store_copy(store *from, store *to, const logger *log, store_copy_result *res, errinfo *e)
{
    memset(res, 0, sizeof *res);
    assay_code rc = need_copy_ops(from, e);
    if (rc == ASSAY_OK)
        rc = need_copy_ops(to, e);
    int vf = 0, vt = 0;
    if (rc == ASSAY_OK)
        rc = store_schema_version(from, &vf, e);
    if (rc == ASSAY_OK)
        rc = store_schema_version(to, &vt, e);
    if (rc != ASSAY_OK)
        return rc;
    if (vf != vt)
        return err_set(e, ASSAY_ESTORAGE,
                       "the source bank has schema version %d and the target %d; open both with "
                       "this assay first",
                       vf, vt);
    /* the source in one snapshot */
    if ((rc = store_begin(from, 0, e)) != ASSAY_OK)
        return rc;
    store_table_sum src[N_TABLES], dst[N_TABLES];
    int have[N_TABLES];
    for (size_t i = 0; rc == ASSAY_OK && i < N_TABLES; i++)
        rc = summarise(from, &tables[i], &src[i], e);
    for (size_t i = 0; rc == ASSAY_OK && i < N_TABLES; i++)
        rc = summarise(to, &tables[i], &dst[i], e);
    /* refuse before writing: every table of the target empty, or the source's already */
    for (size_t i = 0; rc == ASSAY_OK && i < N_TABLES; i++) {
        have[i] = dst[i].rows > 0;
        if (have[i] &&
            (dst[i].rows != src[i].rows || strcmp(dst[i].checksum, src[i].checksum) != 0))
            rc = err_set(e, ASSAY_EINPUT,
                         "the target bank is not empty (table %s holds %llu row%s that are not "
                         "the source's) and is not an interrupted copy of this source; "
                         "migrate copies only into an empty bank: give a new database",
                         tables[i].name, (unsigned long long)dst[i].rows,
                         dst[i].rows == 1 ? "" : "s");
    }
    for (size_t i = 0; rc == ASSAY_OK && i < N_TABLES; i++) {
        res->tables++;
        res->rows += src[i].rows;
        if (have[i] || src[i].rows == 0) {
            if (have[i])
                res->tables_resumed++;
            continue;
        }
        /* one transaction per table: an interrupted run leaves it whole or empty */
        rc = store_begin(to, 1, e);
        summer m = {&tables[i], {{0}}, 0, to, e, ASSAY_OK};
        hash_begin(&m.h);
        if (rc == ASSAY_OK)
            rc = from->ops->rows_read(from, &tables[i], on_row, &m, e);
        if (rc == ASSAY_OK && m.rc != ASSAY_OK)
            rc = m.rc;
        char sum[HASH_HEX_LEN + 1];
        hash_end_hex(&m.h, sum);
        if (rc == ASSAY_OK)
            rc = to->ops->rows_done(to, &tables[i], e);
        if (rc == ASSAY_OK)
            rc = store_commit(to, e);
        else
            store_rollback(to);
        if (rc == ASSAY_OK) {
            res->tables_copied++;
            LOG(log, ASSAY_LOG_INFO, "copied %s: %llu rows", tables[i].name,
                (unsigned long long)m.rows);
        }
    }
    store_rollback(from);
    /* verify: the target, read afresh, against the source's figures */
    hash_ctx all;
    hash_begin(&all);
    for (size_t i = 0; rc == ASSAY_OK && i < N_TABLES; i++) {
        rc = summarise(to, &tables[i], &dst[i], e);
        if (rc == ASSAY_OK &&
            (dst[i].rows != src[i].rows || strcmp(dst[i].checksum, src[i].checksum) != 0))
            rc = err_set(e, ASSAY_ESTORAGE,
                         "the copy of table %s does not match the source (%llu rows, checksum "
                         "%.12s; the source has %llu, %.12s)",
                         tables[i].name, (unsigned long long)dst[i].rows, dst[i].checksum,
                         (unsigned long long)src[i].rows, src[i].checksum);
        hash_update(&all, tables[i].name, strlen(tables[i].name));
        hash_update(&all, ":", 1);
        hash_update(&all, src[i].checksum, HASH_HEX_LEN);
    }
    hash_end_hex(&all, res->checksum);
    return rc;
}
