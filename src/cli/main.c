/*
 * assay — the command-line front end. A client of include/assay.h only: it
 * parses arguments (opts.c), runs one command, prints text or JSON, and turns
 * the library's result code into the exit status.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    {"simulate", cmd_simulate}, {"assess", cmd_assess},       {"review", cmd_review},
    {"resume", cmd_resume},     {"history", cmd_history},     {"report", cmd_report},
    {"mark", cmd_mark},         {"serve", cmd_serve},         {"account", cmd_account},
    {"migrate", cmd_migrate},   {"backup", cmd_backup},       {"restore", cmd_restore},
    {"export", cmd_export},
};

static void log_to_stderr(void *ud, assay_log_level level, const char *message)
{
    cli *c = ud;
    static const char *const names[] = {"error", "warning", "info", "debug"};
    fprintf(stderr, "assay: %s%s%s: %s\n",
            out_on(&c->err, level <= ASSAY_LOG_WARN ? ST_WARN : ST_DIM), names[level],
            out_off(&c->err), message);
}

int cli_parse_u64(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

assay_code cli_choice_opts(cli *c, size_t *count, int *options, unsigned *types, uint64_t *seed,
                           int *seed_set)
{
    cli_args *a = c->args;
    uint64_t v;
    if (a->set[OPT_COUNT]) {
        if (cli_parse_u64(a->val[OPT_COUNT], &v) != 0 || v < 1 || v > 500)
            return cli_usage(c, "--count wants 1 to 500, not '%s'", a->val[OPT_COUNT]);
        *count = (size_t)v;
    }
    if (a->set[OPT_OPTIONS]) {
        if (cli_parse_u64(a->val[OPT_OPTIONS], &v) != 0 || v < 3 || v > 5)
            return cli_usage(c, "--options wants 3, 4 or 5, not '%s'", a->val[OPT_OPTIONS]);
        *options = (int)v;
    }
    if (a->set[OPT_TYPES] && assay_qtypes_parse(a->val[OPT_TYPES], types) != ASSAY_OK)
        return cli_usage(c,
                         "--types wants a list of mcq, tf, cloze, match, short, scenario, "
                         "not '%s'",
                         a->val[OPT_TYPES]);
    *seed_set = a->set[OPT_SEED] != 0;
    if (a->set[OPT_SEED] && cli_parse_u64(a->val[OPT_SEED], seed) != 0)
        return cli_usage(c, "--seed wants a whole number, not '%s'", a->val[OPT_SEED]);
    return ASSAY_OK;
}

/* The library names the parameter at fault by its field name; the user knows
 * it as a flag (and may want the command that lists the valid values). */
void cli_param_hint(const char *param, char *out, size_t cap)
{
    static const struct {
        const char *param, *flag, *see;
    } map[] = {
        {"topic", "--topic", "assay topics"},
        {"topics", "--topic", "assay topics"},
        {"kb", "--kb", "assay kbs"},
        {"kb_name", "--kb", NULL},
        {"id", NULL, "assay items"},
        {"max_bytes", "--max-size", NULL},
        {"count", "--count", NULL},
        {"seeds", "--seeds", NULL},
        {"url", "--db", NULL},
        {"priors", "--priors", NULL},
        {"options", "--options", NULL},
        {"levels", "--level", NULL},
        {"max_items", "--max-items", NULL},
        {"examinees", "--examinees", NULL},
        {"user", "--user", NULL},
        {"users", "--users", NULL},
        {"attempt", "--attempt", "assay history"},
        {"score", "--score", NULL},
        {"by", "--by", NULL},
        {"note", "--note", NULL},
        {"position", NULL, "assay mark --all"},
        {"format", "--format", NULL},
        {"level", "--level", NULL},
    };
    out[0] = '\0';
    for (size_t i = 0; param && i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(map[i].param, param) != 0)
            continue;
        if (map[i].flag && map[i].see)
            snprintf(out, cap, " (%s; see '%s')", map[i].flag, map[i].see);
        else if (map[i].flag)
            snprintf(out, cap, " (%s)", map[i].flag);
        else if (map[i].see)
            snprintf(out, cap, " (see '%s')", map[i].see);
        return;
    }
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
    /* a failed write is an output error (main says why), not out of memory */
    return rc == 0 ? ASSAY_OK : ferror(stdout) ? ASSAY_EOUTPUT : ASSAY_ENOMEM;
}

const char *cli_count(char *buf, size_t cap, long long n, const char *one, const char *many)
{
    snprintf(buf, cap, "%lld %s", n, n == 1 ? one : many);
    return buf;
}

void cli_iso_time(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, 32, "%lld", (long long)t);
}

/* Creates the folders of the default bank's path (sqlite:/home/u/.local/share/assay/assay.db)
 * on first use; a path given with --db or $ASSAY_DB must exist already. */
static void make_default_folder(const char *url)
{
    const char *p = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
    char dir[4096];
    int n = snprintf(dir, sizeof dir, "%s", p);
    if (n <= 0 || (size_t)n >= sizeof dir)
        return;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = '\0';
    for (char *c = dir + 1;; c++) {
        if (*c == '/' || *c == '\0') {
            char keep = *c;
            *c = '\0';
            if (mkdir(dir, 0755) != 0 && errno != EEXIST)
                return; /* opening the bank reports the folder missing */
            *c = keep;
            if (!keep)
                break;
        }
    }
}

assay_code cli_open_bank(cli *c, cli_bank_mode mode, assay_bank **out, char *url, size_t url_cap)
{
    char def[4096];
    const char *u = c->args->val[OPT_DB];
    assay_code rc;
    if (!u) {
        rc = assay_default_bank_url(c->a, def, sizeof def);
        if (rc != ASSAY_OK)
            return rc;
        u = def;
        const char *env = getenv("ASSAY_DB");
        if (!env || !*env)
            make_default_folder(u);
    }
    if (url)
        snprintf(url, url_cap, "%s", u);
    rc = assay_bank_open(c->a, u, out);
    if (rc != ASSAY_OK)
        return rc;
    if (mode == CLI_BANK_READ) {
        rc = assay_bank_serve_bundled(*out);
    } else if (mode == CLI_BANK_WRITE) {
        int imported = 0;
        rc = assay_bank_ensure_bundled(*out, &imported);
        if (rc == ASSAY_OK && imported && !c->quiet && !c->json)
            fprintf(stderr, "assay: imported the bundled knowledge base '%s' into %s\n",
                    assay_bundled_kb_name(), u);
    }
    if (rc != ASSAY_OK) {
        assay_bank_close(*out);
        *out = NULL;
    }
    return rc;
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
        fprintf(stderr, "assay: %serror%s: %s\nTry 'assay %s%s--help'.\n", out_on(&c.err, ST_ERR),
                out_off(&c.err), perr, args.cmd ? args.cmd->name : "", args.cmd ? " " : "");
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

    /* a closed pipe is an output error to report (exit 5), not a silent death */
    signal(SIGPIPE, SIG_IGN);
    assay_code rc = ASSAY_EINTERNAL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, args.cmd->name) == 0)
            rc = commands[i].run(&c);
    errno = 0;
    int failed_write = fflush(stdout) != 0 || ferror(stdout);
    int why = errno;
    if (failed_write) {
        /* the output is incomplete whatever the command did: say so, and why */
        fprintf(stderr, "assay: %serror%s: cannot write the output (standard output): %s\n",
                out_on(&c.err, ST_ERR), out_off(&c.err),
                why ? strerror(why) : "the reason is unknown");
        if (rc == ASSAY_OK || rc == ASSAY_EOUTPUT || rc == ASSAY_ENOMEM)
            rc = ASSAY_EOUTPUT;
        c.reported = c.reported || rc == ASSAY_EOUTPUT;
    }
    if (rc != ASSAY_OK && !c.reported) {
        const assay_error *e = assay_last_error(c.a);
        char hint[160] = "";
        cli_param_hint(e->code != ASSAY_OK ? e->param : NULL, hint, sizeof hint);
        fprintf(stderr, "assay: %serror%s: %s%s\n", out_on(&c.err, ST_ERR), out_off(&c.err),
                e->code != ASSAY_OK ? assay_errmsg(c.a) : assay_code_message(rc), hint);
        if (rc == ASSAY_EUSAGE) /* a usage error the library found points to --help too */
            fprintf(stderr, "Try 'assay %s --help'.\n", args.cmd->name);
    }
    assay_free(c.a);
    cli_free(&args);
    return assay_code_exit_status(rc);
}
