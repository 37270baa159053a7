/* opts — argument parsing and help text, driven by the tables in spec.c. */
#include "opts.h"

#include "assay.h"

#include <stdlib.h>
#include <string.h>

void cli_free(cli_args *a)
{
    free(a->pos);
    free(a->vals);
    a->pos = NULL;
    a->vals = NULL;
}

size_t cli_values(const cli_args *a, opt_id id, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n_vals; i++)
        if (a->vals[i].id == id) {
            if (n < cap)
                out[n] = a->vals[i].val;
            n++;
        }
    return n;
}

const cli_cmd_spec *cli_find_cmd(const char *name)
{
    for (size_t i = 0; i < cli_n_cmds; i++)
        if (strcmp(cli_cmds[i].name, name) == 0)
            return &cli_cmds[i];
    return NULL;
}

static int in_list(const opt_id *list, opt_id id)
{
    for (; *list != OPT__COUNT; list++)
        if (*list == id)
            return 1;
    return 0;
}

int cli_cmd_accepts(const cli_cmd_spec *cmd, opt_id id)
{
    return in_list(cli_global_opts, id) || in_list(cmd->opts, id);
}

/* Two options may share a long name when no command takes both (check's
 * --model flag, calibrate's --model MODEL): the command named decides. */
static int find_long(const char *name, size_t n, const char *cmd_name)
{
    const cli_cmd_spec *cmd = cmd_name ? cli_find_cmd(cmd_name) : NULL;
    int first = -1;
    for (int i = 0; i < OPT__COUNT; i++) {
        if (strlen(cli_opts[i].name) != n || strncmp(cli_opts[i].name, name, n) != 0)
            continue;
        if (!cmd || cli_cmd_accepts(cmd, (opt_id)i))
            return i;
        if (first < 0)
            first = i;
    }
    return first;
}

/* The same for short names (report's -f FORMAT, export's -f FORMAT). */
static int find_short(char c, const char *cmd_name)
{
    const cli_cmd_spec *cmd = cmd_name ? cli_find_cmd(cmd_name) : NULL;
    int first = -1;
    for (int i = 0; i < OPT__COUNT; i++) {
        if (!cli_opts[i].short_name || cli_opts[i].short_name != c)
            continue;
        if (!cmd || cli_cmd_accepts(cmd, (opt_id)i))
            return i;
        if (first < 0)
            first = i;
    }
    return first;
}

int cli_parse(int argc, char **argv, cli_args *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    out->pos = calloc((size_t)argc + 1, sizeof *out->pos);
    out->vals = calloc((size_t)argc + 1, sizeof *out->vals);
    if (!out->pos || !out->vals) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    const char *cmd_name = NULL;
    int only_pos = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        int id = -1;
        const char *val = NULL;
        if (!only_pos && strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (!only_pos && a[0] == '-' && a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            id = find_long(name, n, cmd_name);
            if (id < 0) {
                snprintf(err, errcap, "unknown option '--%.*s'", (int)n, name);
                goto fail;
            }
            if (eq) {
                if (!cli_opts[id].arg) {
                    snprintf(err, errcap, "option '--%s' takes no value", cli_opts[id].name);
                    goto fail;
                }
                val = eq + 1;
            }
        } else if (!only_pos && a[0] == '-' && a[1] != '\0') {
            /* a cluster of short flags; the last may take a value (-l2 or -l 2) */
            for (const char *p = a + 1; *p; p++) {
                id = find_short(*p, cmd_name);
                if (id < 0) {
                    snprintf(err, errcap, "unknown option '-%c'", *p);
                    goto fail;
                }
                if (cli_opts[id].arg) {
                    if (p[1])
                        val = p + 1;
                    break;
                }
                if (p[1]) {
                    out->set[id] = 1;
                    id = -1;
                }
            }
            if (id < 0)
                continue;
        } else {
            if (!cmd_name && !only_pos) {
                cmd_name = a;
            } else {
                out->pos[out->n_pos++] = a;
            }
            continue;
        }
        if (cli_opts[id].arg && !val) {
            if (i + 1 >= argc) {
                snprintf(err, errcap, "option '--%s' needs a value (%s)", cli_opts[id].name,
                         cli_opts[id].arg);
                goto fail;
            }
            val = argv[++i];
        }
        out->set[id]++;
        out->val[id] = val;
        if (val)
            out->vals[out->n_vals++] = (cli_val){(opt_id)id, val};
    }
    out->cmd_explicit = cmd_name != NULL;
    if (!cmd_name)
        cmd_name = "overview";
    out->cmd = cli_find_cmd(cmd_name);
    if (!out->cmd) {
        snprintf(err, errcap, "unknown command '%s' (see 'assay --help')", cmd_name);
        goto fail;
    }
    if (out->set[OPT_HELP] || out->set[OPT_VERSION])
        return 0; /* help and version need nothing else */
    for (int id = 0; id < OPT__COUNT; id++) {
        if (out->set[id] && !cli_cmd_accepts(out->cmd, (opt_id)id)) {
            snprintf(err, errcap, "'%s' does not take --%s", out->cmd->name, cli_opts[id].name);
            goto fail;
        }
    }
    if (out->n_pos < out->cmd->min_pos) {
        snprintf(err, errcap, "'%s' needs %s", out->cmd->name, out->cmd->args);
        goto fail;
    }
    if (out->n_pos > out->cmd->max_pos) {
        snprintf(err, errcap, "'%s' takes %s%s, not '%s'", out->cmd->name,
                 out->cmd->max_pos ? "at most " : "no arguments",
                 out->cmd->max_pos ? out->cmd->args : "", out->pos[out->cmd->max_pos]);
        goto fail;
    }
    return 0;
fail:
    /* the command the user meant, so the error can point to its --help */
    out->cmd = cmd_name ? cli_find_cmd(cmd_name) : NULL;
    for (int i = 1; !out->cmd && !cmd_name && i < argc; i++)
        if (argv[i][0] != '-')
            out->cmd = cli_find_cmd(argv[i]);
    return -1;
}

/* Prints text wrapped at 78 columns with `indent` spaces (ASCII text). */
static void wrap(FILE *f, const char *text, int indent, int first_col)
{
    int col = first_col;
    const char *p = text;
    while (*p) {
        const char *w = p;
        while (*w && *w != ' ')
            w++;
        int len = (int)(w - p);
        if (col > indent && col + 1 + len > 78) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', f);
            col++;
        } else if (col < indent) {
            fprintf(f, "%*s", indent - col, "");
            col = indent;
        }
        fwrite(p, 1, (size_t)len, f);
        col += len;
        p = *w ? w + 1 : w;
    }
    fputc('\n', f);
}

static void print_opt(FILE *f, opt_id id)
{
    const cli_opt_spec *o = &cli_opts[id];
    char head[64];
    int n;
    if (o->short_name)
        n = snprintf(head, sizeof head, "  -%c, --%s%s%s", o->short_name, o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
    else
        n = snprintf(head, sizeof head, "      --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
    fputs(head, f);
    if (n >= 26) {
        fputc('\n', f);
        n = 0;
    }
    wrap(f, o->help, 26, n);
}

static const struct {
    int status;
    const char *msg;
} exit_codes[] = {
#define OPTS__CODE(name, status, msg) {status, msg},
    ASSAY_CODE_LIST(OPTS__CODE)
#undef OPTS__CODE
};

int cli_exit_code_line(int status, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof exit_codes / sizeof exit_codes[0]; i++) {
        if (exit_codes[i].status != status)
            continue;
        int k = snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", exit_codes[i].msg);
        if (k < 0 || (size_t)k >= cap - len)
            break;
        len += (size_t)k;
    }
    return len > 0;
}

static void print_exit_codes(FILE *f)
{
    char line[256];
    for (int s = 0; s <= 9; s++)
        if (cli_exit_code_line(s, line, sizeof line))
            fprintf(f, "  %d  %s\n", s, line);
}

void cli_print_help(FILE *f, const cli_cmd_spec *cmd)
{
    if (!cmd) {
        fprintf(f, "assay %s - %s\n\n", ASSAY_VERSION_STRING, cli_program_summary);
        fprintf(f, "Usage: assay [COMMAND] [OPTIONS] [ARGS]\n\nCommands:\n");
        for (size_t i = 0; i < cli_n_cmds; i++)
            fprintf(f, "  %-10s %s\n", cli_cmds[i].name, cli_cmds[i].summary);
        fprintf(f, "\nWith no command, assay runs 'overview'.\n\nOptions for every command:\n");
        for (const opt_id *o = cli_global_opts; *o != OPT__COUNT; o++)
            print_opt(f, *o);
        fprintf(f, "\nEnvironment:\n");
        for (const cli_text *e = cli_env; e->name; e++)
            fprintf(f, "  %-14s %s\n", e->name, e->text);
        fprintf(f, "\nExit status:\n");
        print_exit_codes(f);
        fprintf(f, "\nRun 'assay COMMAND --help' for a command's options; 'man assay' for all.\n");
        return;
    }
    fprintf(f, "Usage: assay %s [OPTIONS]%s%s\n\n", cmd->name, cmd->args[0] ? " " : "", cmd->args);
    wrap(f, cmd->summary, 0, 0);
    if (cmd->description[0]) {
        fputc('\n', f);
        wrap(f, cmd->description, 0, 0);
    }
    fprintf(f, "\nOptions:\n");
    for (const opt_id *o = cmd->opts; *o != OPT__COUNT; o++)
        print_opt(f, *o);
    for (const opt_id *o = cli_global_opts; *o != OPT__COUNT; o++)
        print_opt(f, *o);
    fprintf(f, "\nExit status:\n");
    print_exit_codes(f);
}
