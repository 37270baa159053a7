/*
 * api/migrate — whole-bank copies between backends (assay_bank_migrate), backups
 * into a new SQLite file (assay_bank_backup) and their restore. The copying and
 * its verification are store/copy.c's; this file opens the banks and checks
 * the arguments.
 */
#include "api/api_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fill(assay_migrate_result *r, const store_copy_result *c)
{
    if (!r)
        return;
    memset(r, 0, sizeof *r);
    r->tables = c->tables;
    r->tables_copied = c->tables_copied;
    r->tables_resumed = c->tables_resumed;
    r->rows = (unsigned long long)c->rows;
    memcpy(r->checksum, c->checksum, sizeof r->checksum);
}

static assay_code copy_banks(assay *a, const char *from_url, const char *to_url,
                             store_copy_result *res)
{
    if (strcmp(from_url, to_url) == 0) {
        err_set(&a->err, ASSAY_EINPUT, "the source and the target are one bank (%s)", from_url);
        return err_param(&a->err, "to");
    }
    store *from = NULL, *to = NULL;
    assay_code rc = store_open(from_url, &a->log, &from, &a->err);
    if (rc == ASSAY_OK)
        rc = store_open(to_url, &a->log, &to, &a->err);
    if (rc == ASSAY_OK)
        rc = store_copy(from, to, &a->log, res, &a->err);
    store_close(to);
    store_close(from);
    return rc;
}

assay_code assay_bank_migrate(assay *a, const char *from_url, const char *to_url,
                              assay_migrate_result *result)
{
    api_enter(a);
    store_copy_result res;
    memset(&res, 0, sizeof res);
    assay_code rc = copy_banks(a, from_url, to_url, &res);
    fill(result, &res);
    return rc;
}

assay_code assay_bank_backup(assay *a, const char *url, const char *file)
{
    api_enter(a);
    struct stat st;
    if (stat(file, &st) == 0) {
        err_set_at(&a->err, ASSAY_EINPUT, file, 0, 0, -1,
                   "exists already; a backup goes into a new file");
        return err_param(&a->err, "to");
    }
    store *s = NULL;
    assay_code rc = store_open(url, &a->log, &s, &a->err);
    if (rc != ASSAY_OK)
        return rc;
    if (s->ops->version >= 10 && s->ops->backup_to) {
        rc = s->ops->backup_to(s, file, &a->err);
        store_close(s);
        return rc;
    }
    store_close(s);
    size_t n = strlen(file);
    char *target = malloc(n + 8);
    if (!target)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    snprintf(target, n + 8, "sqlite:%s", file);
    store_copy_result res;
    rc = copy_banks(a, url, target, &res);
    free(target);
    if (rc != ASSAY_OK)
        unlink(file);
    return rc;
}

assay_code assay_bank_restore(assay *a, const char *file, const char *url,
                              assay_migrate_result *result)
{
    api_enter(a);
    struct stat st;
    if (stat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
        err_set_at(&a->err, ASSAY_EINPUT, file, 0, 0, -1, "no such backup file");
        return err_param(&a->err, "from");
    }
    size_t n = strlen(file);
    char *source = malloc(n + 8);
    if (!source)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    snprintf(source, n + 8, "sqlite:%s", file);
    store_copy_result res;
    memset(&res, 0, sizeof res);
    assay_code rc = copy_banks(a, source, url, &res);
    free(source);
    fill(result, &res);
    return rc;
}
