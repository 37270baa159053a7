/*
 * cmd_account — `assay account`: the operator's accounts of the web server.
 * `add NAME [--role R]` creates one (the password from standard input when
 * it is not a terminal, else typed twice without echo), `role NAME ROLE`
 * sets a role, `list [--json]` lists them. The only way to make the first
 * admin. Argument parsing, the password prompt and printing only: storing is
 * assay_account_create / assay_account_set_role / assay_bank_accounts.
 */
#include "cli.h"
#include "i18n.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PW_CAP (ASSAY_PASSWORD_MAX + 3) /* the password, a line end, the NUL */

static struct termios saved_tty;
static volatile sig_atomic_t echo_off;

/* Ctrl-C while the echo is off: turn it back on before dying. */
static void on_interrupt(int sig)
{
    if (echo_off)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One line of standard input into buf (without its line end). 0, or -1 when
 * there was none; -2 when it is longer than the buffer. */
static int read_line(char *buf, size_t cap)
{
    if (!fgets(buf, (int)cap, stdin))
        return -1;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n')
        buf[--n] = '\0';
    else if (n == cap - 1 && !feof(stdin))
        return -2;
    if (n && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return 0;
}

/* Typed on the terminal with the echo off, after `prompt` on standard error. */
static int read_hidden(const char *prompt, char *buf, size_t cap)
{
    struct termios t;
    int have = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
    if (have) {
        t = saved_tty;
        t.c_lflag &= ~(tcflag_t)ECHO;
        echo_off = 1;
        signal(SIGINT, on_interrupt);
        signal(SIGTERM, on_interrupt);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
    }
    /* the prompt after the echo is off: what is typed after it is kept */
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    int rc = read_line(buf, cap);
    if (have) {
        tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_tty);
        echo_off = 0;
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
    }
    fputc('\n', stderr);
    return rc;
}

/* The new account's password into pw: standard input's first line, or typed
 * twice on a terminal. A message and ASSAY_EINPUT when there is none. */
static assay_code get_password(cli *c, char *pw, size_t cap)
{
    int rc;
    if (!isatty(STDIN_FILENO)) {
        rc = read_line(pw, cap);
        if (rc == -2) {
            fprintf(stderr, "assay: error: the password is longer than %d bytes\n",
                    ASSAY_PASSWORD_MAX);
            c->reported = 1;
            return ASSAY_EINPUT;
        }
        if (rc != 0 || !*pw) {
            fprintf(stderr, "assay: error: no password on standard input (one line)\n");
            c->reported = 1;
            return ASSAY_EINPUT;
        }
        return ASSAY_OK;
    }
    char again[PW_CAP];
    rc = read_hidden(_("Password: "), pw, cap);
    if (rc == 0)
        rc = read_hidden(_("Password again: "), again, sizeof again);
    int same = rc == 0 && strcmp(pw, again) == 0;
    explicit_bzero(again, sizeof again);
    if (rc != 0 || !*pw || !same) {
        fprintf(stderr, "assay: error: %s\n",
                rc == -2 ? _("the password is too long")
                : same   ? _("no password given")
                         : _("the two passwords differ; nothing was stored"));
        c->reported = 1;
        return ASSAY_EINPUT;
    }
    return ASSAY_OK;
}

static json_t *account_json(const assay_account_info *u)
{
    char when[32];
    cli_iso_time(u->created_at, when);
    return json_pack("{s:s, s:s, s:s}", "name", u->name, "role", u->role, "created_at", when);
}

/* Prints account `name` (after add, or after role). */
static assay_code print_one(cli *c, assay_bank *b, const char *name, int added)
{
    assay_list *l = NULL;
    assay_code rc = assay_bank_accounts(b, name, &l);
    const assay_account_info *u = rc == ASSAY_OK ? assay_list_account(l, 0) : NULL;
    if (rc == ASSAY_OK && !u)
        rc = ASSAY_EINTERNAL;
    if (rc == ASSAY_OK && c->json)
        rc = cli_print_json(c, account_json(u));
    else if (rc == ASSAY_OK)
        printf(added ? _("Created account '%s' (%s).\n") : _("Account '%s' is now %s.\n"), u->name,
               u->role);
    assay_list_free(l);
    return rc;
}

static assay_code account_list(cli *c, assay_bank *b)
{
    assay_list *l = NULL;
    assay_code rc = assay_bank_accounts(b, NULL, &l);
    if (rc != ASSAY_OK)
        return rc;
    size_t n = assay_list_count(l);
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < n; i++)
            json_array_append_new(arr, account_json(assay_list_account(l, i)));
        rc = cli_print_json(c, arr ? json_pack("{s:o}", "accounts", arr) : NULL);
    } else if (!n) {
        printf("%s\n", _("No accounts yet. Make one with `assay account add NAME --role admin`."));
    } else {
        static const table_col cols[] = {{"NAME", AL_LEFT, ST_BOLD, 1},
                                         {"ROLE", AL_LEFT, ST_NONE, 0},
                                         {"CREATED", AL_LEFT, ST_DIM, 0}};
        table tb;
        table_init(&tb, cols, sizeof cols / sizeof cols[0]);
        for (size_t i = 0; i < n; i++) {
            const assay_account_info *u = assay_list_account(l, i);
            char when[32];
            cli_iso_time(u->created_at, when);
            const char *cells[] = {u->name, u->role, when};
            table_add(&tb, cells);
        }
        rc = table_print(&tb, &c->out) == 0 ? ASSAY_OK : ASSAY_ENOMEM;
        table_free(&tb);
    }
    assay_list_free(l);
    return rc;
}

assay_code cmd_account(cli *c)
{
    cli_args *a = c->args;
    (void)i18n_init(NULL);
    const char *sub = a->pos[0];
    size_t want = strcmp(sub, "add") == 0    ? 2
                  : strcmp(sub, "role") == 0 ? 3
                  : strcmp(sub, "list") == 0 ? 1
                                             : 0;
    if (!want)
        return cli_usage(c, "the account commands are add, role and list, not '%s'", sub);
    if (a->n_pos != want)
        return cli_usage(c, "%s",
                         want == 2   ? "add takes one NAME: assay account add NAME"
                         : want == 3 ? "role takes NAME and ROLE: assay account role "
                                       "NAME learner|assessor|admin"
                                     : "list takes no NAME");
    if (a->set[OPT_ROLE] && want != 2)
        return cli_usage(c, "--role is for add; use `assay account role NAME ROLE`");
    const char *role = want == 3 ? a->pos[2] : a->set[OPT_ROLE] ? a->val[OPT_ROLE] : "learner";
    if (!assay_role_valid(role))
        return cli_usage(c, "a role is learner, assessor or admin, not '%s'", role);

    assay_bank *b = NULL;
    assay_code rc = cli_open_bank(c, CLI_BANK_PLAIN, &b, NULL, 0);
    if (rc != ASSAY_OK)
        return rc;
    if (want == 1)
        rc = account_list(c, b);
    else if (want == 3) {
        rc = assay_account_set_role(b, a->pos[1], role);
        if (rc == ASSAY_OK)
            rc = print_one(c, b, a->pos[1], 0);
    } else {
        char pw[PW_CAP];
        rc = get_password(c, pw, sizeof pw);
        if (rc == ASSAY_OK)
            rc = assay_account_create(b, a->pos[1], pw);
        explicit_bzero(pw, sizeof pw);
        if (rc == ASSAY_OK && strcmp(role, "learner") != 0)
            rc = assay_account_set_role(b, a->pos[1], role);
        if (rc == ASSAY_OK)
            rc = print_one(c, b, a->pos[1], 1);
    }
    assay_bank_close(b);
    return rc;
}
