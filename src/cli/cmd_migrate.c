/*
 * cmd_migrate — `assay migrate --from URL --to URL`, `assay backup --to FILE` and
 * `assay restore --from FILE`: argument checks and printing only; the copies
 * are assay_bank_migrate / assay_bank_backup / assay_bank_restore.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static assay_code print_result(cli *c, const char *what, const char *to,
                               const assay_migrate_result *r)
{
    if (c->json)
        return cli_print_json(c, json_pack("{s:s, s:I, s:I, s:I, s:I, s:s}", "to", to, "tables",
                                           (json_int_t)r->tables, "copied",
                                           (json_int_t)r->tables_copied, "resumed",
                                           (json_int_t)r->tables_resumed, "rows",
                                           (json_int_t)r->rows, "checksum", r->checksum));
    if (!c->quiet)
        printf("%s %s: %zu tables (%zu copied, %zu copied by an earlier run), %llu rows, "
               "verified; checksum %s\n",
               what, to, r->tables, r->tables_copied, r->tables_resumed, r->rows, r->checksum);
    return ASSAY_OK;
}

assay_code cmd_migrate(cli *c)
{
    const char *from = c->args->val[OPT_FROM], *to = c->args->val[OPT_TO];
    if (!from || !to)
        return cli_usage(c, "migrate needs --from URL and --to URL");
    assay_migrate_result r;
    assay_code rc = assay_bank_migrate(c->a, from, to, &r);
    if (rc != ASSAY_OK)
        return rc;
    return print_result(c, "migrated into", to, &r);
}

assay_code cmd_backup(cli *c)
{
    const char *to = c->args->val[OPT_TO];
    if (!to)
        return cli_usage(c, "backup needs --to FILE");
    char def[4096];
    const char *url = c->args->val[OPT_DB];
    assay_code rc = ASSAY_OK;
    if (!url) {
        rc = assay_default_bank_url(c->a, def, sizeof def);
        url = def;
    }
    if (rc == ASSAY_OK)
        rc = assay_bank_backup(c->a, url, to);
    if (rc != ASSAY_OK)
        return rc;
    if (c->json)
        return cli_print_json(c, json_pack("{s:s, s:s}", "from", url, "to", to));
    if (!c->quiet)
        printf("backed up %s into %s\n", url, to);
    return ASSAY_OK;
}

assay_code cmd_restore(cli *c)
{
    const char *from = c->args->val[OPT_FROM];
    if (!from)
        return cli_usage(c, "restore needs --from FILE");
    char def[4096];
    const char *url = c->args->val[OPT_DB];
    assay_code rc = ASSAY_OK;
    if (!url) {
        rc = assay_default_bank_url(c->a, def, sizeof def);
        url = def;
    }
    assay_migrate_result r;
    if (rc == ASSAY_OK)
        rc = assay_bank_restore(c->a, from, url, &r);
    if (rc != ASSAY_OK)
        return rc;
    return print_result(c, "restored into", url, &r);
}
