/* cli — shared state and helpers of the assay command-line front end. */
#ifndef ASSAY_CLI_CLI_H
#define ASSAY_CLI_CLI_H

#include "assay.h"
#include "opts.h"
#include "out.h"

#include <jansson.h>

typedef struct cli {
    assay *a;
    cli_args *args;
    term_out out;     /* standard output */
    term_out err;     /* standard error */
    int json;         /* --json */
    int quiet;        /* --quiet */
    int reported;     /* the error has been printed already */
    const char *prog; /* how the user invoked us, for hints */
} cli;

typedef enum cli_bank_mode {
    CLI_BANK_READ,  /* reads only: the bundled knowledge base is served from the binary */
    CLI_BANK_WRITE, /* the command writes: the bundled knowledge base is stored first */
    CLI_BANK_PLAIN  /* the bank as it is (import: the user's documents only) */
} cli_bank_mode;

/* Opens --db or the default bank (creating the default bank's folder on first
 * use). A command that only reads sees the bundled knowledge base without
 * writing anything; one that writes stores it first if the bank lacks it.
 * url (may be NULL) receives the URL used. */
assay_code cli_open_bank(cli *c, cli_bank_mode mode, assay_bank **out, char *url, size_t url_cap);

/* A whole number as typed (digits only); 0, or -1 when it is not one. */
int cli_parse_u64(const char *s, uint64_t *out);

/* The options quizzes and sessions share: --count (1..500), --options (3..5),
 * --types, --seed. Each pointer is set only when its option is given (seed_set
 * says whether --seed was). A bad value is a usage error naming the flag. */
assay_code cli_choice_opts(cli *c, size_t *count, int *options, unsigned *types, uint64_t *seed,
                           int *seed_set);

/* " (--topic; see 'assay topics')" for the library's parameter name, "" if none. */
void cli_param_hint(const char *param, char *out, size_t cap);

/* Reports a usage problem found by a command (exit status 1). */
assay_code cli_usage(cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "file:line: warning: message" on standard error, unless --quiet. */
void cli_warning(cli *c, const char *file, long line, const char *message);

/* Prints j as one line of JSON and releases it. Returns ASSAY_ENOMEM if j is NULL. */
assay_code cli_print_json(cli *c, json_t *j);

/* "1 question", "2 questions": n with its noun, in buf (returned). */
const char *cli_count(char *buf, size_t cap, long long n, const char *one, const char *many);
/* cli_count into a buffer that lives until the end of the enclosing block. */
#define CLI_N(n, one, many) cli_count((char[96]){0}, 96, (long long)(n), one, many)

/* "2026-11-24T17:02:03Z" */
void cli_iso_time(int64_t t, char out[32]);

assay_code cmd_overview(cli *c);
assay_code cmd_import(cli *c);
assay_code cmd_check(cli *c);
assay_code cmd_kbs(cli *c);
assay_code cmd_topics(cli *c);
assay_code cmd_items(cli *c);
assay_code cmd_show(cli *c);
assay_code cmd_quiz(cli *c);
assay_code cmd_grade(cli *c);
assay_code cmd_audit(cli *c);
assay_code cmd_calibrate(cli *c);
assay_code cmd_analyze(cli *c);
assay_code cmd_simulate(cli *c);
assay_code cmd_assess(cli *c);
assay_code cmd_review(cli *c);
assay_code cmd_resume(cli *c);
assay_code cmd_history(cli *c);
assay_code cmd_report(cli *c);
assay_code cmd_mark(cli *c);
assay_code cmd_serve(cli *c);
assay_code cmd_account(cli *c);
assay_code cmd_migrate(cli *c);
assay_code cmd_backup(cli *c);
assay_code cmd_restore(cli *c);
assay_code cmd_export(cli *c);
/* The learner: --user, else --person (grade), else $USER; "" when none. */
const char *cli_user(cli *c);
/* `assay quiz` taken interactively (cmd_session.c), with the spec cmd_quiz read. */
assay_code cmd_session_quiz(cli *c, const assay_quiz_spec *spec);

#endif
