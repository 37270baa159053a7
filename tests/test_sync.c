/* Group commit (assay_syncer, api/sync.c): threads with their own contexts
 * and banks answer quiz attempts at once and each waits for the syncer; every
 * one is answered, an answer stored is stored once (the same request id twice
 * is one answer, a second answer to the same question is refused), a write
 * that fails does not fail the others, and closing calls every callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "support.h"

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define T0         INT64_C(1764547200)
#define N_THREADS  8
#define N_ATTEMPTS 48

typedef struct fx {
    char *dir;
    char url[600];
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assay_syncer *sy;
    int64_t attempts[N_ATTEMPTS];
    int keys[N_ATTEMPTS]; /* the first question's key */
    atomic_int submitted_ok, stored, duplicates, refused, bad, queued;
    atomic_int called, called_ok;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    snprintf(f->url, sizeof f->url, "sqlite:%s/s.db", f->dir);
    *state = f;
    if (t_bank_open(f->url, assay_bundled_kb_name(), &f->a, &f->b, &f->e) != 0)
        return -1;
    for (size_t i = 0; i < N_ATTEMPTS; i++) {
        assay_session_spec sp;
        assay_session_spec_init(&sp);
        sp.kind = ASSAY_ATTEMPT_QUIZ;
        sp.user = "kim";
        sp.count = 3;
        sp.types = ASSAY_Q_MCQ;
        sp.seed = 100 + i;
        sp.now = T0;
        assay_session *s = NULL;
        const assay_question *q = NULL;
        if (assay_session_start(f->a, f->b, f->e, &sp, &s) != ASSAY_OK ||
            assay_session_current(s, &q) != ASSAY_OK || !q) {
            fprintf(stderr, "start: %s\n", assay_errmsg(f->a));
            assay_session_free(s);
            return -1;
        }
        f->attempts[i] = assay_session_attempt(s);
        f->keys[i] = q->key;
        assay_session_free(s);
    }
    return assay_syncer_open(f->b, &f->sy) == ASSAY_OK ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    assay_syncer_close(f->sy);
    t_bank_close(f->a, f->b, f->e);
    t_rm_rf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static void synced(void *ud, assay_code rc)
{
    fx *f = ud;
    atomic_fetch_add(&f->called, 1);
    if (rc == ASSAY_OK)
        atomic_fetch_add(&f->called_ok, 1);
}

typedef struct worker {
    fx *f;
    int t;
    int failed_open;
} worker;

/* Attempt i is answered at position 1 by thread i % N and also by the next
 * thread: i % 3 == 0 the same answer with the same request id, 1 another
 * answer with its own request id, 2 an option out of range. */
static void *work(void *arg)
{
    worker *wk = arg;
    fx *f = wk->f;
    assay *a = assay_new();
    assay_bank *b = NULL;
    if (!a || assay_bank_open(a, f->url, &b) != ASSAY_OK) {
        wk->failed_open = 1;
        assay_free(a);
        return NULL;
    }
    for (int i = 0; i < N_ATTEMPTS; i++) {
        int mine = i % N_THREADS == wk->t;
        int second = (i + 1) % N_THREADS == wk->t;
        if (!mine && !second)
            continue;
        int kind = mine ? -1 : i % 3;
        assay_answer ans = ASSAY_ANSWER_INIT;
        ans.choice = kind == 1 ? (f->keys[i] + 1) % 4 : kind == 2 ? 99 : f->keys[i];
        char rid[32];
        snprintf(rid, sizeof rid, kind == 1 ? "other-%d" : kind == 2 ? "bad-%d" : "a%d-1", i);
        assay_session *s = NULL;
        const assay_feedback *fb = NULL;
        assay_code rc = assay_session_reopen(a, b, f->e, f->attempts[i], &s);
        if (rc == ASSAY_OK)
            rc = assay_session_submit_at(s, 1, &ans, rid, &fb);
        if (rc == ASSAY_OK) {
            atomic_fetch_add(&f->submitted_ok, 1);
            atomic_fetch_add(fb->duplicate ? &f->duplicates : &f->stored, 1);
            if (assay_syncer_wait(f->sy, synced, f) == ASSAY_OK)
                atomic_fetch_add(&f->queued, 1);
        } else if (kind == 2) {
            atomic_fetch_add(&f->bad, 1);
        } else {
            atomic_fetch_add(&f->refused, 1);
        }
        assay_session_free(s);
    }
    assay_bank_close(b);
    assay_free(a);
    return NULL;
}

static void sync_many_threads(void **state)
{
    fx *f = *state;
    pthread_t th[N_THREADS];
    worker wk[N_THREADS];
    for (int t = 0; t < N_THREADS; t++) {
        wk[t] = (worker){f, t, 0};
        assert_int_equal(pthread_create(&th[t], NULL, work, &wk[t]), 0);
    }
    for (int t = 0; t < N_THREADS; t++) {
        pthread_join(th[t], NULL);
        assert_false(wk[t].failed_open);
    }
    assert_int_equal(assay_syncer_sync(f->sy), ASSAY_OK); /* after every callback queued */
    /* every attempt has one answer; the bad ones and the second answers failed alone */
    assert_int_equal(atomic_load(&f->stored), N_ATTEMPTS);
    assert_int_equal(atomic_load(&f->duplicates), N_ATTEMPTS / 3);
    assert_int_equal(atomic_load(&f->refused), N_ATTEMPTS / 3);
    assert_int_equal(atomic_load(&f->bad), N_ATTEMPTS / 3);
    /* each success waited for an fsync, and every wait was answered OK */
    assert_int_equal(atomic_load(&f->queued), atomic_load(&f->submitted_ok));
    assert_int_equal(atomic_load(&f->called), atomic_load(&f->queued));
    assert_int_equal(atomic_load(&f->called_ok), atomic_load(&f->queued));
    uint64_t syncs = 0, waits = 0;
    assay_syncer_stats(f->sy, &syncs, &waits);
    assert_true(syncs >= 1);
    assert_true(syncs <= waits);
    assert_int_equal(waits, (uint64_t)atomic_load(&f->queued) + 1);
    for (int i = 0; i < N_ATTEMPTS; i++) {
        assay_session *s = NULL;
        assert_int_equal(assay_session_view(f->a, f->b, f->e, f->attempts[i], &s), ASSAY_OK);
        assay_session_status st;
        assay_session_status_get(s, &st);
        assert_int_equal(st.answered, 1);
        const assay_session_summary *sum = assay_session_summary_get(s);
        assert_non_null(sum);
        /* the stored answer is the first one's: right, unless it was the other one */
        assert_true(sum->n_items >= 1);
        if (i % 3 != 1)
            assert_true(sum->items[0].score > 0.99);
        assay_session_free(s);
    }
}

/* Closing answers what is queued: every callback is called once. */
static void sync_close_drains(void **state)
{
    fx *f = *state;
    for (int i = 0; i < 200; i++)
        assert_int_equal(assay_syncer_wait(f->sy, synced, f), ASSAY_OK);
    assay_syncer_close(f->sy);
    f->sy = NULL;
    assert_int_equal(atomic_load(&f->called), 200);
    assert_int_equal(atomic_load(&f->called_ok), 200);
    assert_int_equal(assay_syncer_wait(NULL, synced, f), ASSAY_EUSAGE);
}

/* An in-memory bank has nothing to fsync: waits are answered at once. */
static void sync_memory_bank(void **state)
{
    (void)state;
    assay *a = assay_new();
    assay_bank *b = NULL;
    assay_syncer *sy = NULL;
    assert_int_equal(assay_bank_open(a, "sqlite::memory:", &b), ASSAY_OK);
    assert_int_equal(assay_syncer_open(b, &sy), ASSAY_OK);
    assert_int_equal(assay_syncer_sync(sy), ASSAY_OK);
    assay_syncer_close(sy);
    assay_bank_close(b);
    assay_free(a);
}

/* The syncer's thread blocks every signal: a process-directed SIGTERM goes to
 * the thread that waits for it (assay serve's main thread), never to the
 * syncer, whose default action would kill the process. Read from /proc: every
 * thread but this one blocks SIGTERM and SIGINT, and the caller's mask is
 * left as it was. */
static void sync_thread_blocks_signals(void **state)
{
    (void)state;
    assay *a = assay_new();
    assay_bank *b = NULL;
    assay_syncer *sy = NULL;
    char *dir = t_tmpdir(), url[512];
    snprintf(url, sizeof url, "sqlite:%s/sig.db", dir);
    assert_int_equal(assay_bank_open(a, url, &b), ASSAY_OK);
    sigset_t none, before, after;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, &before); /* the caller blocks nothing */
    assert_int_equal(assay_syncer_open(b, &sy), ASSAY_OK);
    pthread_sigmask(SIG_SETMASK, &before, &after);
    assert_false(sigismember(&after, SIGTERM)); /* the caller's mask is unchanged */
    int others = 0;
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    struct dirent *e;
    long self = syscall(SYS_gettid);
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || atol(e->d_name) == self)
            continue;
        char path[300], line[256];
        snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
        FILE *fp = fopen(path, "r");
        if (!fp)
            continue;
        unsigned long long blk = 0;
        int seen = 0;
        while (fgets(line, sizeof line, fp))
            if (sscanf(line, "SigBlk: %llx", &blk) == 1)
                seen = 1;
        fclose(fp);
        assert_true(seen);
        assert_true(blk & (1ull << (SIGTERM - 1)));
        assert_true(blk & (1ull << (SIGINT - 1)));
        others++;
    }
    closedir(d);
    assert_true(others >= 1); /* the syncer's thread was found */
    assay_syncer_close(sy);
    assay_bank_close(b);
    assay_free(a);
    t_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sync_many_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(sync_close_drains, setup, teardown),
        cmocka_unit_test(sync_memory_bank),
        cmocka_unit_test(sync_thread_blocks_signals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
