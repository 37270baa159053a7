/* test_fuzz_http_eintr — the fuzz target fuzz_http (fuzz/fuzz_http.c, built
 * here into an ordinary ASan program, without libFuzzer) on its regression
 * inputs (fuzz/regress/http/: pipelined requests, then a half-close) while a
 * SIGALRM like libFuzzer's (SA_SIGINFO, no SA_RESTART; libFuzzer sends one
 * every -timeout/2+1 s) fires every millisecond on this thread, 50 runs of each. The harness aborts
 * when its wait for an answer ends without one; before it went on after
 * EINTR, an interrupted poll was reported as "no answer within 60 s" (the
 * two open HTTP findings of fuzz/findings/README.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fuzz.h"
#include "support.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define REGRESS ASSAY_SOURCE_DIR "/fuzz/regress/http"

static volatile sig_atomic_t alarms;

static void on_alarm(int sig, siginfo_t *info, void *uc)
{
    (void)sig;
    (void)info;
    (void)uc;
    alarms++;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_pipelined_inputs_under_alarms(void **state)
{
    (void)state;
    int argc = 1;
    char *args[] = {(char *)"test_fuzz_http_eintr", NULL};
    char **argv = args;
    assert_int_equal(LLVMFuzzerInitialize(&argc, &argv), 0);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_flags = SA_SIGINFO; /* as libFuzzer: no SA_RESTART */
    sa.sa_sigaction = on_alarm;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
    struct itimerval every = {{0, 1000}, {0, 1000}}, off = {{0, 0}, {0, 0}};
    assert_int_equal(setitimer(ITIMER_REAL, &every, NULL), 0);

    DIR *d = opendir(REGRESS);
    assert_non_null(d);
    size_t inputs = 0;
    double slowest = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[1000];
        snprintf(path, sizeof path, "%s/%s", REGRESS, de->d_name);
        size_t n = 0;
        char *data = t_read_file(path, &n);
        assert_non_null(data);
        for (int round = 0; round < 50; round++) {
            double t0 = now_s();
            /* aborts the process when an answer is not waited for to its end */
            assert_int_equal(LLVMFuzzerTestOneInput((const uint8_t *)data, n), 0);
            double dt = now_s() - t0;
            if (dt > slowest)
                slowest = dt;
        }
        free(data);
        inputs++;
    }
    closedir(d);
    assert_int_equal(setitimer(ITIMER_REAL, &off, NULL), 0);
    print_message("%zu inputs 50 times each, %d alarms, slowest %.3f s\n", inputs, (int)alarms,
                  slowest);
    assert_true(inputs >= 2);
    assert_true(alarms > 100); /* the waits were interrupted, many times */
    assert_true(slowest < 20.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipelined_inputs_under_alarms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
