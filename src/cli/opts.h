/*
 * opts — the CLI's commands and options as data. One table drives argument
 * parsing, `--help` and the man page (genman.c), so they cannot disagree.
 */
#ifndef ASSAY_CLI_OPTS_H
#define ASSAY_CLI_OPTS_H

#include <stddef.h>
#include <stdio.h>

typedef enum opt_id {
    OPT_HELP,
    OPT_VERSION,
    OPT_DB,
    OPT_JSON,
    OPT_KB,
    OPT_TOPIC,
    OPT_LEVEL,
    OPT_KIND,
    OPT_ALL,
    OPT_MAX_SIZE,
    OPT_MODEL,
    OPT_DOC_FORMAT,
    OPT_NO_COLOR,
    OPT_VERBOSE,
    OPT_QUIET,
    OPT_COUNT,
    OPT_TYPES,
    OPT_OPTIONS,
    OPT_SEED,
    OPT_SIM_SEED,
    OPT_WITH_KEY,
    OPT_QUIZ,
    OPT_ANSWERS,
    OPT_PAIRS,
    OPT_SEEDS,
    OPT_IRT_MODEL,
    OPT_RESPONSES,
    OPT_ID_COLUMN,
    OPT_PRIORS,
    OPT_REAL_ONLY,
    OPT_INCLUDE_SIMULATED,
    OPT_EXAMINEES,
    OPT_MAX_ITEMS,
    OPT_NO_STORE,
    OPT_RECORD,
    OPT_PERSON,
    OPT_SLOPES,
    OPT_ALLOCATION,
    OPT_PRINT,
    OPT_LANG,
    OPT_ASSESS_MAX,
    OPT_USER,
    OPT_DUE,
    OPT_ATTEMPT,
    OPT_USERS,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_RETENTION,
    OPT_STEM_TYPE,
    OPT_SCORE,
    OPT_BY,
    OPT_NOTE,
    OPT_MARK_ALL,
    OPT_MARK_USER,
    OPT_NO_DERIVED,
    OPT_LISTEN,
    OPT_WORKERS,
    OPT_BASE_URL,
    OPT_TRUST_PROXY,
    OPT_TIMEOUT,
    OPT_RATE_LIMIT,
    OPT_SESSION_TTL,
    OPT_MAX_BODY,
    OPT_MAX_UPLOAD,
    OPT_ROLE,
    OPT_FROM,
    OPT_TO,
    OPT_EXPORT_FORMAT,
    OPT_EXPORT_QUIZ,
    OPT_EXPORT_OUTPUT,
    OPT__COUNT
} opt_id;

typedef struct cli_opt_spec {
    const char *name; /* long name without "--" */
    char short_name;  /* 0 if none */
    const char *arg;  /* argument name, NULL for a flag */
    const char *help;
} cli_opt_spec;

typedef struct cli_cmd_spec {
    const char *name;
    const char *args; /* positional arguments, for the synopsis */
    const char *summary;
    const char *description;
    const opt_id *opts; /* accepted besides the global ones; ends with OPT__COUNT */
    size_t min_pos, max_pos;
} cli_cmd_spec;

typedef struct cli_text {
    const char *name;
    const char *text;
} cli_text;

extern const cli_opt_spec cli_opts[OPT__COUNT];
extern const opt_id cli_global_opts[]; /* ends with OPT__COUNT */
extern const cli_cmd_spec cli_cmds[];
extern const size_t cli_n_cmds;
extern const cli_text cli_env[];      /* ends with {NULL, NULL} */
extern const cli_text cli_examples[]; /* ends with {NULL, NULL} */
extern const char *const cli_program_summary;
extern const char *const cli_program_description;

typedef struct cli_val {
    opt_id id;
    const char *val;
} cli_val;

typedef struct cli_args {
    const cli_cmd_spec *cmd;
    cli_val *vals; /* every option value in order, for repeatable options */
    size_t n_vals;
    int cmd_explicit; /* the command was named, not defaulted */
    int set[OPT__COUNT];
    const char *val[OPT__COUNT];
    char **pos;
    size_t n_pos;
} cli_args;

/* Parses argv. The first word that is not an option names the command (none:
 * the overview). Returns 0, or -1 with a message in err and out->cmd the
 * command the user meant (NULL when none is known). Free with cli_free. */
int cli_parse(int argc, char **argv, cli_args *out, char *err, size_t errcap);
void cli_free(cli_args *a);

const cli_cmd_spec *cli_find_cmd(const char *name);

/* All values given for option id, in order (repeatable options). */
size_t cli_values(const cli_args *a, opt_id id, const char **out, size_t cap);
int cli_cmd_accepts(const cli_cmd_spec *cmd, opt_id id);

/* The meanings of exit status `status`, joined ("bad input, not found");
 * returns 0 when no code has that status. */
int cli_exit_code_line(int status, char *buf, size_t cap);

/* `assay --help` (cmd NULL) or `assay CMD --help`. */
void cli_print_help(FILE *f, const cli_cmd_spec *cmd);

#endif
