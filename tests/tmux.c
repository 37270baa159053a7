/*
 * tmux — a private tmux server per test, driven through the tmux command
 * (t_exec from support.c): new-session, send-keys -l, capture-pane -p, and
 * kill-server. Polling is bounded by the caller's timeout.
 */
#include "tmux.h"

#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SERVERS 16

static char started[MAX_SERVERS][64];
static size_t n_started;
static int hooked;

const char *t_tmux_bin(void)
{
    static const char *const paths[] = {"/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (access(paths[i], X_OK) == 0)
            return paths[i];
    return NULL;
}

/* Runs tmux -L name -f /dev/null args...; returns the exit status (-1 not run). */
/* argv for tmux -L name -f /dev/null args... in cap slots (NULL-terminated). */
static void tmux_argv(const char *name, const char *const *args, const char **argv, size_t cap)
{
    size_t n = 0;
    argv[n++] = t_tmux_bin();
    argv[n++] = "-L";
    argv[n++] = name;
    argv[n++] = "-f";
    argv[n++] = "/dev/null";
    for (; *args && n < cap - 1; args++)
        argv[n++] = *args;
    argv[n] = NULL;
}

static int tmux_run(const char *name, const char *const *args, char **out)
{
    const char *argv[64];
    tmux_argv(name, args, argv, sizeof argv / sizeof argv[0]);
    if (!argv[0])
        return -1;
    t_run r;
    if (t_exec(argv, NULL, NULL, &r) != 0)
        return -1;
    int st = r.status;
    if (out) {
        *out = r.out;
        r.out = NULL;
    }
    t_run_free(&r);
    return st;
}

/* Runs tmux -L name -f /dev/null args... with its standard streams on
 * /dev/null: the server it may start keeps them, so no pipe may be among
 * them (t_exec would wait for the server to end). */
static int tmux_quiet(const char *name, const char *const *args)
{
    const char *argv[128];
    tmux_argv(name, args, argv, sizeof argv / sizeof argv[0]);
    if (!argv[0])
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_RDWR);
        if (fd >= 0) {
            dup2(fd, 0);
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void kill_name(const char *name)
{
    const char *args[] = {"kill-server", NULL};
    tmux_run(name, args, NULL);
}

static void kill_all(void)
{
    for (size_t i = 0; i < n_started; i++)
        if (started[i][0])
            kill_name(started[i]);
    n_started = 0;
}

int t_tmux_start(t_tmux *t, int cols, int rows, const char *const *env, const char *const *argv)
{
    static unsigned counter;
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "assay-test-%ld-%u", (long)getpid(), counter++);
    if (!hooked) {
        atexit(kill_all);
        hooked = 1;
    }
    char w[16], h[16];
    snprintf(w, sizeof w, "%d", cols);
    snprintf(h, sizeof h, "%d", rows);
    const char *args[110];
    size_t n = 0;
    args[n++] = "new-session";
    args[n++] = "-d";
    args[n++] = "-s";
    args[n++] = "t";
    args[n++] = "-x";
    args[n++] = w;
    args[n++] = "-y";
    args[n++] = h;
    for (size_t i = 0; env && env[i] && n < 60; i++) {
        args[n++] = "-e";
        args[n++] = env[i];
    }
    /* through a shell that prints the exit status: tmux's own "Pane is dead
     * (status N)" is not reliable (the pane can close before tmux reaps it) */
    args[n++] = "/bin/sh";
    args[n++] = "-c";
    args[n++] = "\"$0\" \"$@\"; echo \"[exit $?]\"";
    for (size_t i = 0; argv[i] && n < 90; i++)
        args[n++] = argv[i];
    /* in the same command list, before the program can have ended */
    args[n++] = ";";
    args[n++] = "set-option";
    args[n++] = "-g";
    args[n++] = "remain-on-exit";
    args[n++] = "on";
    args[n] = NULL;
    if (n_started < MAX_SERVERS)
        snprintf(started[n_started++], sizeof started[0], "%s", t->name);
    if (tmux_quiet(t->name, args) != 0)
        return -1;
    t->live = 1;
    return 0;
}

int t_tmux_type(t_tmux *t, const char *text, int enter)
{
    if (*text) {
        const char *args[] = {"send-keys", "-t", "t", "-l", "--", text, NULL};
        if (tmux_run(t->name, args, NULL) != 0)
            return -1;
    }
    if (enter) {
        const char *args[] = {"send-keys", "-t", "t", "Enter", NULL};
        if (tmux_run(t->name, args, NULL) != 0)
            return -1;
    }
    return 0;
}

char *t_tmux_capture(t_tmux *t)
{
    const char *args[] = {"capture-pane", "-p", "-t", "t", "-S", "-", NULL};
    char *out = NULL;
    if (tmux_run(t->name, args, &out) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

char *t_tmux_capture_styled(t_tmux *t)
{
    const char *args[] = {"capture-pane", "-p", "-e", "-t", "t", "-S", "-", NULL};
    char *out = NULL;
    if (tmux_run(t->name, args, &out) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

char *t_tmux_wait(t_tmux *t, const char *text, size_t count, int timeout_ms)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        char *s = t_tmux_capture(t);
        if (!s || t_count(s, text) >= count)
            return s;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (ms >= timeout_ms)
            return s;
        free(s);
        struct timespec d = {0, 50 * 1000000L};
        nanosleep(&d, NULL);
    }
}

void t_tmux_kill(t_tmux *t)
{
    if (!t || !t->name[0])
        return;
    kill_name(t->name);
    /* the server leaves its socket file behind */
    const char *dir = getenv("TMUX_TMPDIR");
    char sock[512];
    snprintf(sock, sizeof sock, "%s/tmux-%ld/%s", dir && *dir ? dir : "/tmp", (long)getuid(),
             t->name);
    unlink(sock);
    for (size_t i = 0; i < n_started; i++)
        if (strcmp(started[i], t->name) == 0)
            started[i][0] = '\0';
    t->live = 0;
}
