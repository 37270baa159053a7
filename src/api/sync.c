/*
 * api/sync — group commit (assay.h, "Durable writes"): a syncer makes the
 * transactions committed to a bank durable with one fsync for many of them.
 * A writer commits as usual (SQLite WAL, synchronous = NORMAL: written, not
 * fsynced), then hands the syncer a callback; the syncer's thread takes every
 * callback queued so far, fsyncs the bank's durable file once (the -wal file,
 * store op durable_file) and calls each with the outcome. A callback queued
 * after its commit returned is covered by the next fsync to start, which
 * covers every byte written to the file before it. Closing drains the queue.
 */
#include "api/api_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A batch smaller than GATHER_MIN waits up to GATHER_US for more before its
 * fsync (PostgreSQL's commit_delay): fewer fsyncs under load for at most this
 * much more latency; a lone writer waits it out once. */
#define GATHER_MIN 32
#define GATHER_US  2000

typedef struct sync_waiter {
    struct sync_waiter *next;
    assay_synced_fn done;
    void *ud;
} sync_waiter;

struct assay_syncer {
    char *path; /* the durable file; NULL: nothing to fsync (an in-memory bank) */
    int fd;     /* open on path, or -1 */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    sync_waiter *head, **tail; /* queued, oldest first */
    size_t n_queued;
    int closing;
    /* counters (under lock) for assay_syncer_stats */
    uint64_t syncs, waits;
};

/* fdatasync of the durable file; its fd is opened again when the path names
 * another file than the one open (the -wal file removed when the last
 * connection closed and made again). No such file: nothing was written. */
static assay_code sync_file(assay_syncer *sy)
{
    if (!sy->path)
        return ASSAY_OK;
    struct stat now, open_st;
    if (stat(sy->path, &now) != 0) {
        if (errno != ENOENT)
            return ASSAY_ESTORAGE;
        if (sy->fd >= 0) { /* gone: what was written to it was checkpointed and removed */
            close(sy->fd);
            sy->fd = -1;
        }
        return ASSAY_OK;
    }
    if (sy->fd >= 0 && (fstat(sy->fd, &open_st) != 0 || open_st.st_ino != now.st_ino ||
                        open_st.st_dev != now.st_dev)) {
        close(sy->fd);
        sy->fd = -1;
    }
    if (sy->fd < 0 && (sy->fd = open(sy->path, O_RDONLY | O_CLOEXEC)) < 0)
        return errno == ENOENT ? ASSAY_OK : ASSAY_ESTORAGE;
    return fdatasync(sy->fd) == 0 ? ASSAY_OK : ASSAY_ESTORAGE;
}

static void *sync_main(void *arg)
{
    assay_syncer *sy = arg;
    pthread_mutex_lock(&sy->lock);
    for (;;) {
        while (!sy->head && !sy->closing)
            pthread_cond_wait(&sy->wake, &sy->lock);
        if (!sy->head)
            break; /* closing, and nothing waits */
        if (sy->n_queued < GATHER_MIN && !sy->closing) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += GATHER_US * 1000L;
            until.tv_sec += until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            int rc = 0;
            while (sy->n_queued < GATHER_MIN && !sy->closing && rc != ETIMEDOUT)
                rc = pthread_cond_timedwait(&sy->wake, &sy->lock, &until);
        }
        sync_waiter *batch = sy->head;
        sy->n_queued = 0;
        sy->head = NULL;
        sy->tail = &sy->head;
        sy->syncs++;
        pthread_mutex_unlock(&sy->lock);
        assay_code rc = sync_file(sy);
        while (batch) {
            sync_waiter *next = batch->next;
            batch->done(batch->ud, rc);
            free(batch);
            batch = next;
        }
        pthread_mutex_lock(&sy->lock);
    }
    pthread_mutex_unlock(&sy->lock);
    return NULL;
}

assay_code assay_syncer_open(assay_bank *b, assay_syncer **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_syncer *sy = calloc(1, sizeof *sy);
    if (!sy)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    sy->fd = -1;
    sy->tail = &sy->head;
    assay_code rc = store_durable_file(b->s, &sy->path, &a->err);
    if (rc != ASSAY_OK) {
        free(sy);
        return rc;
    }
    pthread_mutex_init(&sy->lock, NULL);
    pthread_cond_init(&sy->wake, NULL);
    /* The syncer's thread takes no signal meant for the process: a host that
     * waits for SIGTERM in one thread (assay serve) would otherwise be killed
     * when the signal lands here. It inherits a full mask, set only around the
     * create so the caller's own mask is unchanged. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int created = pthread_create(&sy->thread, NULL, sync_main, sy);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (created != 0) {
        pthread_cond_destroy(&sy->wake);
        pthread_mutex_destroy(&sy->lock);
        free(sy->path);
        free(sy);
        return err_set(&a->err, ASSAY_ENOMEM, "cannot start the syncer's thread");
    }
    *out = sy;
    return ASSAY_OK;
}

assay_code assay_syncer_wait(assay_syncer *sy, assay_synced_fn done, void *ud)
{
    if (!sy || !done)
        return ASSAY_EUSAGE;
    sync_waiter *w = malloc(sizeof *w);
    if (!w)
        return ASSAY_ENOMEM;
    w->next = NULL;
    w->done = done;
    w->ud = ud;
    pthread_mutex_lock(&sy->lock);
    if (sy->closing) {
        pthread_mutex_unlock(&sy->lock);
        free(w);
        return ASSAY_EUSAGE;
    }
    *sy->tail = w;
    sy->tail = &w->next;
    sy->n_queued++;
    sy->waits++;
    if (sy->n_queued == 1 || sy->n_queued == GATHER_MIN) /* it idles, or it gathers enough */
        pthread_cond_signal(&sy->wake);
    pthread_mutex_unlock(&sy->lock);
    return ASSAY_OK;
}

typedef struct sync_blocking {
    pthread_mutex_t lock;
    pthread_cond_t done_cv;
    int done;
    assay_code rc;
} sync_blocking;

static void blocking_done(void *ud, assay_code rc)
{
    sync_blocking *w = ud;
    pthread_mutex_lock(&w->lock);
    w->rc = rc;
    w->done = 1;
    pthread_cond_signal(&w->done_cv);
    pthread_mutex_unlock(&w->lock);
}

assay_code assay_syncer_sync(assay_syncer *sy)
{
    sync_blocking w = {.done = 0, .rc = ASSAY_OK};
    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.done_cv, NULL);
    assay_code rc = assay_syncer_wait(sy, blocking_done, &w);
    if (rc == ASSAY_OK) {
        pthread_mutex_lock(&w.lock);
        while (!w.done)
            pthread_cond_wait(&w.done_cv, &w.lock);
        rc = w.rc;
        pthread_mutex_unlock(&w.lock);
    }
    pthread_cond_destroy(&w.done_cv);
    pthread_mutex_destroy(&w.lock);
    return rc;
}

void assay_syncer_stats(assay_syncer *sy, uint64_t *syncs, uint64_t *waits)
{
    pthread_mutex_lock(&sy->lock);
    if (syncs)
        *syncs = sy->syncs;
    if (waits)
        *waits = sy->waits;
    pthread_mutex_unlock(&sy->lock);
}

void assay_syncer_close(assay_syncer *sy)
{
    if (!sy)
        return;
    pthread_mutex_lock(&sy->lock);
    sy->closing = 1;
    pthread_cond_signal(&sy->wake);
    pthread_mutex_unlock(&sy->lock);
    pthread_join(sy->thread, NULL); /* it calls every callback queued before it ends */
    if (sy->fd >= 0)
        close(sy->fd);
    pthread_cond_destroy(&sy->wake);
    pthread_mutex_destroy(&sy->lock);
    free(sy->path);
    free(sy);
}
