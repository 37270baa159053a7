/*
 * assay — the command-line front end. A client of include/assay.h only: it
 * parses arguments (opts.c), runs one command, prints text or JSON, and turns
 * the library's result code into the exit status.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef assay_code (*cmd_fn)(cli *c);

static const struct {
    const char *name;
    cmd_fn run;
} commands[] = {
    {"overview", cmd_overview}, {"import", cmd_import},       {"check", cmd_check},
    {"kbs", cmd_kbs},           {"topics", cmd_topics},       {"items", cmd_items},
    {"show", cmd_show},         {"quiz", cmd_quiz},           {"grade", cmd_grade},
    {"audit", cmd_audit},       {"calibrate", cmd_calibrate}, {"analyze", cmd_analyze},
    {"simulate", cmd_simulate}, {"assess", cmd_assess},
};

static void log_to_stderr(void *ud, assay_log_level level, const char *message)
{
    cli *c = ud;
    static const char *const names[] = {"error", "warning", "info", "debug"};
    fprintf(stderr, "assay: %s%s%s: %s\n",
            out_on(&c->err, level <= ASSAY_LOG_WARN ? ST_WARN : ST_DIM), names[level],
            out_off(&c->err), message);
}

assay_code cli_usage(cli *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "assay: %serror%s: %s\nTry 'assay %s --help'.\n", out_on(&c->err, ST_ERR),
            out_off(&c->err), msg, c->args->cmd->name);
    c->reported = 1;
    return ASSAY_EUSAGE;
}

void cli_warning(cli *c, const char *file, long line, const char *message)
{
    if (c->quiet)
        return;
    if (line > 0)
        fprintf(stderr, "%s:%ld: %swarning%s: %s\n", file, line, out_on(&c->err, ST_WARN),
                out_off(&c->err), message);
    else
        fprintf(stderr, "%s: %swarning%s: %s\n", file, out_on(&c->err, ST_WARN), out_off(&c->err),
                message);
}

assay_code cli_print_json(cli *c, json_t *j)
{
    if (!j)
        return ASSAY_ENOMEM;
    int rc = json_dumpf(j, stdout, JSON_COMPACT);
    json_decref(j);
    fputc('\n', stdout);
    (void)c;
    return rc == 0 ? ASSAY_OK : ASSAY_ENOMEM;
}

void cli_iso_time(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, 32, "%lld", (long long)t);
}

assay_code cli_open_bank(cli *c, int bundled, assay_bank **out, char *url, size_t url_cap)
{
    char def[4096];
    const char *u = c->args->val[OPT_DB];
    assay_code rc;
    if (!u) {
        rc = assay_default_bank_url(c->a, def, sizeof def);
        if (rc != ASSAY_OK)
            return rc;
        u = def;
    }
    if (url)
        snprintf(url, url_cap, "%s", u);
    rc = assay_bank_open(c->a, u, out);
    if (rc != ASSAY_OK)
        return rc;
    if (bundled) {
        int imported = 0;
        rc = assay_bank_ensure_bundled(*out, &imported);
        if (rc != ASSAY_OK) {
            assay_bank_close(*out);
            *out = NULL;
            return rc;
        }
        if (imported && !c->quiet && !c->json)
            fprintf(stderr, "assay: imported the bundled knowledge base '%s' into %s\n",
                    assay_bundled_kb_name(), u);
    }
    return ASSAY_OK;
}

int main(int argc, char **argv)
{
    cli_args args;
    char perr[512];
    cli c = {0};
    c.args = &args;
    int parsed = cli_parse(argc, argv, &args, perr, sizeof perr);
    out_init(&c.out, stdout, parsed == 0 && args.set[OPT_NO_COLOR]);
    out_init(&c.err, stderr, parsed == 0 && args.set[OPT_NO_COLOR]);
    if (parsed != 0) {
        fprintf(stderr, "assay: %serror%s: %s\nTry 'assay --help'.\n", out_on(&c.err, ST_ERR),
                out_off(&c.err), perr);
        cli_free(&args);
        return assay_code_exit_status(ASSAY_EUSAGE);
    }
    if (args.set[OPT_VERSION]) {
        printf("assay %s\n", assay_version());
        cli_free(&args);
        return 0;
    }
    if (strcmp(args.cmd->name, "help") == 0) {
        const cli_cmd_spec *cmd = args.n_pos ? cli_find_cmd(args.pos[0]) : NULL;
        if (args.n_pos && !cmd) {
            fprintf(stderr, "assay: error: no command '%s'\nTry 'assay --help'.\n", args.pos[0]);
            cli_free(&args);
            return assay_code_exit_status(ASSAY_EUSAGE);
        }
        cli_print_help(stdout, cmd);
        cli_free(&args);
        return 0;
    }
    if (args.set[OPT_HELP]) {
        cli_print_help(stdout, args.cmd_explicit ? args.cmd : NULL);
        cli_free(&args);
        return 0;
    }

    c.prog = argv[0] && strchr(argv[0], '/') ? argv[0] : "assay";
    c.json = args.set[OPT_JSON] != 0;
    c.quiet = args.set[OPT_QUIET] != 0;
    c.a = assay_new();
    if (!c.a) {
        fprintf(stderr, "assay: error: out of memory\n");
        cli_free(&args);
        return assay_code_exit_status(ASSAY_ENOMEM);
    }
    assay_log_level lvl = c.quiet                 ? ASSAY_LOG_ERROR
                          : args.set[OPT_VERBOSE] ? ASSAY_LOG_DEBUG
                                                  : ASSAY_LOG_WARN;
    assay_set_log(c.a, lvl, log_to_stderr, &c);

    assay_code rc = ASSAY_EINTERNAL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, args.cmd->name) == 0)
            rc = commands[i].run(&c);
    if (rc != ASSAY_OK && !c.reported) {
        const assay_error *e = assay_last_error(c.a);
        fprintf(stderr, "assay: %serror%s: %s\n", out_on(&c.err, ST_ERR), out_off(&c.err),
                e->code != ASSAY_OK ? assay_errmsg(c.a) : assay_code_message(rc));
    }
    if (fflush(stdout) != 0 && rc == ASSAY_OK) {
        fprintf(stderr, "assay: error: cannot write the output\n");
        rc = ASSAY_EINTERNAL;
    }
    assay_free(c.a);
    cli_free(&args);
    return assay_code_exit_status(rc);
}
