/*
 * tmux — drive a program on a real terminal for tests: a private tmux server
 * (its own socket name, no configuration file) with one session of a given
 * size running the program, keys typed into it, and the screen read back with
 * capture-pane. Every server started is killed by t_tmux_kill, and at exit
 * by an atexit handler, so a failing test leaves none behind.
 */
#ifndef ASSAY_TEST_TMUX_H
#define ASSAY_TEST_TMUX_H

#include <stddef.h>

typedef struct t_tmux {
    char name[64]; /* the server's socket name (-L) */
    int live;
} t_tmux;

/* The tmux binary, or NULL when there is none (the tests are then skipped). */
const char *t_tmux_bin(void);

/* Starts a server and a cols × rows session running argv (argv[0] a path),
 * with env entries "K=V" (NULL-terminated, may be NULL). When the program
 * ends the screen shows "[exit N]" with its exit status, and stays. 0 on
 * success. */
int t_tmux_start(t_tmux *t, int cols, int rows, const char *const *env, const char *const *argv);

/* Types text literally, then Enter when enter is set. 0 on success. */
int t_tmux_type(t_tmux *t, const char *text, int enter);

/* The whole screen with its history, one line per screen row (trailing
 * spaces dropped), malloc'd; NULL on failure. */
char *t_tmux_capture(t_tmux *t);

/* The same with the escape sequences of its colours and styles (-e). */
char *t_tmux_capture_styled(t_tmux *t);

/* Polls the screen every 50 ms until it contains text `count` times or more,
 * or timeout_ms passes. Returns the last capture (malloc'd; check it with
 * strstr) — NULL only when capture fails. */
char *t_tmux_wait(t_tmux *t, const char *text, size_t count, int timeout_ms);

/* Kills the server (accepts one never started or already killed). */
void t_tmux_kill(t_tmux *t);

#endif
