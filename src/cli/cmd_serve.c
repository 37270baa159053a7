/*
 * cmd_serve — `assay serve`: reads the server's flags and environment
 * (a flag wins over its variable, a variable over the default), stores the
 * bundled knowledge base in the bank if it lacks it, and hands over to the
 * web module (src/web/web.h), which runs until SIGTERM or SIGINT.
 */
#include "cli.h"
#include "web.h"

#include <stdlib.h>
#include <string.h>

/* The flag's value, else the environment variable's (non-empty), else NULL. */
static const char *setting(cli *c, opt_id id, const char *env)
{
    if (c->args->set[id])
        return c->args->val[id];
    const char *v = getenv(env);
    return v && *v ? v : NULL;
}

static int number(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    uint64_t v;
    if (cli_parse_u64(s, &v) != 0 || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* "64K", "1M", "4096" */
static int size_value(const char *s, uint64_t *out)
{
    char buf[32];
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n + 1);
    uint64_t mul = 1;
    char last = buf[n - 1];
    if (last == 'K' || last == 'k' || last == 'M' || last == 'm') {
        mul = (last == 'K' || last == 'k') ? 1024u : 1024u * 1024u;
        buf[n - 1] = '\0';
    }
    uint64_t v;
    if (cli_parse_u64(buf, &v) != 0 || v == 0 || v > (64u << 20) / mul)
        return -1;
    *out = v * mul;
    return 0;
}

assay_code cmd_serve(cli *c)
{
    web_config cfg;
    web_config_init(&cfg);
    const char *v;
    uint64_t n;
    if ((v = setting(c, OPT_LISTEN, "ASSAY_LISTEN")))
        cfg.listen = v;
    if ((v = setting(c, OPT_WORKERS, "ASSAY_WORKERS"))) {
        if (number(v, 1, 64, &n) != 0)
            return cli_usage(c, "--workers (or ASSAY_WORKERS) wants 1 to 64, not '%s'", v);
        cfg.workers = (unsigned)n;
    }
    if ((v = setting(c, OPT_BASE_URL, "ASSAY_BASE_URL"))) {
        if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
            return cli_usage(c,
                             "--base-url (or ASSAY_BASE_URL) wants an http:// or https:// "
                             "URL, not '%s'",
                             v);
        cfg.base_url = v;
    }
    if (c->args->set[OPT_TRUST_PROXY])
        cfg.trust_proxy = 1;
    else if ((v = getenv("ASSAY_TRUST_PROXY")) && *v) {
        if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)
            return cli_usage(c, "ASSAY_TRUST_PROXY wants 1 or 0, not '%s'", v);
        cfg.trust_proxy = strcmp(v, "1") == 0;
    }
    if ((v = setting(c, OPT_TIMEOUT, "ASSAY_TIMEOUT"))) {
        if (number(v, 1, 3600, &n) != 0)
            return cli_usage(c, "--timeout (or ASSAY_TIMEOUT) wants 1 to 3600 seconds, not '%s'",
                             v);
        cfg.timeout = (unsigned)n;
    }
    if ((v = setting(c, OPT_RATE_LIMIT, "ASSAY_RATE_LIMIT"))) {
        if (number(v, 0, 1000000, &n) != 0)
            return cli_usage(c, "--rate-limit (or ASSAY_RATE_LIMIT) wants 0 to 1000000, not '%s'",
                             v);
        cfg.rate = (double)n;
    }
    if ((v = setting(c, OPT_SERVERS, "ASSAY_SERVERS"))) {
        if (number(v, 1, 1000, &n) != 0)
            return cli_usage(c, "--servers (or ASSAY_SERVERS) wants 1 to 1000, not '%s'", v);
        cfg.servers = (unsigned)n;
    }
    if ((v = setting(c, OPT_SESSION_TTL, "ASSAY_SESSION_TTL"))) {
        if (number(v, 1, 100000000, &n) != 0)
            return cli_usage(c,
                             "--session-ttl (or ASSAY_SESSION_TTL) wants 1 to 100000000 "
                             "seconds, not '%s'",
                             v);
        cfg.session_ttl = (int64_t)n;
    }
    if ((v = setting(c, OPT_MAX_BODY, "ASSAY_MAX_BODY"))) {
        if (size_value(v, &n) != 0)
            return cli_usage(c, "--max-body (or ASSAY_MAX_BODY) wants 1 to 64M bytes, not '%s'", v);
        cfg.max_body = (size_t)n;
    }
    if ((v = setting(c, OPT_MAX_UPLOAD, "ASSAY_MAX_UPLOAD"))) {
        if (size_value(v, &n) != 0)
            return cli_usage(c, "--max-upload (or ASSAY_MAX_UPLOAD) wants 1 to 64M bytes, not '%s'",
                             v);
        cfg.max_upload = (size_t)n;
    }
    /* the bank opened (and the bundled base imported) only once every
     * setting is good: a usage error writes nothing */
    char url[4096];
    assay_bank *bank = NULL;
    assay_code rc = cli_open_bank(c, CLI_BANK_WRITE, &bank, url, sizeof url);
    if (rc != ASSAY_OK)
        return rc;
    assay_bank_close(bank);
    cfg.db = url;
    int status = web_serve(&cfg);
    c->reported = 1; /* web_serve said why */
    return status == 0   ? ASSAY_OK
           : status == 1 ? ASSAY_EUSAGE
           : status == 3 ? ASSAY_ESTORAGE
                         : ASSAY_EINTERNAL;
}
