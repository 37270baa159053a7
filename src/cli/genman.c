/* genman — writes the assay(1) man page from the CLI's tables (spec.c). */
#include "assay.h"
#include "opts.h"

#include <stdio.h>
#include <string.h>

/* roff-escapes text: backslashes, leading dots and quotes, hyphens. */
static void put(const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", stdout);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", stdout);
        else if (*s == '-')
            fputs("\\-", stdout);
        else
            putchar(*s);
    }
}

static void opt(opt_id id)
{
    const cli_opt_spec *o = &cli_opts[id];
    fputs(".TP\n", stdout);
    if (o->short_name)
        printf("\\fB\\-%c\\fR, ", o->short_name);
    printf("\\fB\\-\\-");
    put(o->name);
    printf("\\fR");
    if (o->arg) {
        printf(" \\fI");
        put(o->arg);
        printf("\\fR");
    }
    putchar('\n');
    put(o->help);
    putchar('\n');
}

int main(void)
{
    printf(".TH ASSAY 1 \"\" \"assay %s\" \"User Commands\"\n", ASSAY_VERSION_STRING);
    printf(".SH NAME\nassay \\- ");
    put(cli_program_summary);
    printf("\n.SH SYNOPSIS\n.B assay\n[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n");
    printf(".SH DESCRIPTION\n");
    put(cli_program_description);
    printf("\n.PP\nWith no command, assay runs \\fBoverview\\fR.\n.SH COMMANDS\n");
    for (size_t i = 0; i < cli_n_cmds; i++) {
        const cli_cmd_spec *c = &cli_cmds[i];
        printf(".SS \"assay %s", c->name);
        if (c->args[0]) {
            putchar(' ');
            put(c->args);
        }
        printf("\"\n");
        put(c->summary);
        printf(".\n");
        if (c->description[0]) {
            printf(".PP\n");
            put(c->description);
            putchar('\n');
        }
        if (c->opts[0] != OPT__COUNT) {
            printf(".PP\nOptions:");
            for (const opt_id *o = c->opts; *o != OPT__COUNT; o++)
                printf(" \\fB\\-\\-%s\\fR", cli_opts[*o].name);
            putchar('\n');
        }
    }
    printf(".SH OPTIONS\n");
    for (int id = 0; id < OPT__COUNT; id++)
        opt((opt_id)id);
    printf(".SH ENVIRONMENT\n");
    for (const cli_text *e = cli_env; e->name; e++) {
        printf(".TP\n.B %s\n", e->name);
        put(e->text);
        putchar('\n');
    }
    printf(".SH FILES\n.TP\n.I ~/.local/share/assay/assay.db\nThe default item bank (SQLite).\n");
    printf(".SH EXIT STATUS\n");
    char line[256];
    for (int s = 0; s <= 9; s++) {
        if (!cli_exit_code_line(s, line, sizeof line))
            continue;
        printf(".TP\n.B %d\n", s);
        put(line);
        putchar('\n');
    }
    printf(".SH EXAMPLES\n");
    for (const cli_text *e = cli_examples; e->name; e++) {
        printf(".TP\n.B ");
        put(e->name);
        putchar('\n');
        put(e->text);
        putchar('\n');
    }
    printf(".SH SEE ALSO\nThe JSON output schemas: docs/json.md in the source tree.\n");
    return ferror(stdout) ? 1 : 0;
}
