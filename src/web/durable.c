/*
 * web/durable — no state-changing request is answered before what it wrote
 * is on disk: a POST, PUT, PATCH or DELETE that succeeded (2xx) waits for
 * the server's syncer (assay_syncer, group commit: one fsync of the bank's
 * WAL covers every request that committed before it). The connection is
 * suspended while it waits (libmicrohttpd's MHD_suspend_connection), so the
 * server's few threads go on with other connections and many answers share
 * one fsync; the syncer's callback resumes it and the response goes out. A
 * failed fsync answers 503: what was stored may not survive a power loss
 * (a retry with the same request id is answered from what is stored).
 */
#include "web_int.h"

#include <microhttpd.h>
#include <string.h>

static pthread_mutex_t durable_lock = PTHREAD_MUTEX_INITIALIZER; /* guards srv->syncer */

int web_durable_open(web_srv *srv, assay_bank *bank)
{
    assay_syncer *sy = NULL;
    if (assay_syncer_open(bank, &sy) != ASSAY_OK)
        return -1;
    pthread_mutex_lock(&durable_lock);
    srv->syncer = sy;
    pthread_mutex_unlock(&durable_lock);
    return 0;
}

int web_durable_stats(web_srv *srv, uint64_t *syncs, uint64_t *waits)
{
    pthread_mutex_lock(&durable_lock);
    int ok = srv && srv->syncer;
    if (ok)
        assay_syncer_stats(srv->syncer, syncs, waits);
    pthread_mutex_unlock(&durable_lock);
    return ok ? 0 : -1;
}

void web_durable_close(web_srv *srv)
{
    pthread_mutex_lock(&durable_lock);
    assay_syncer *sy = srv->syncer;
    srv->syncer = NULL;
    pthread_mutex_unlock(&durable_lock);
    assay_syncer_close(sy); /* resumes whatever still waits */
}

static void synced(void *ud, assay_code rc)
{
    web_req *r = ud;
    r->sync_rc = rc;
    r->sync_state = WEB_SYNC_DONE;
    MHD_resume_connection(r->mc);
}

int web_durable_defer(web_req *r)
{
    if (r->sync_state == WEB_SYNC_DONE) {
        if (r->sync_rc != ASSAY_OK)
            web_error(r, 503,
                      "the change was made but the disk did not confirm it; send the request "
                      "again (an answer with the same request_id is stored once)",
                      NULL);
        return 0;
    }
    if (r->status < 200 || r->status > 299 || strcmp(r->method, "GET") == 0 ||
        strcmp(r->method, "HEAD") == 0)
        return 0;
    pthread_mutex_lock(&durable_lock);
    assay_syncer *sy = r->srv->syncer;
    int queued = 0;
    if (sy) {
        r->sync_state = WEB_SYNC_WAITING;
        MHD_suspend_connection(r->mc); /* before the callback can resume it */
        queued = assay_syncer_wait(sy, synced, r) == ASSAY_OK;
        if (!queued) {
            r->sync_state = WEB_SYNC_NONE;
            MHD_resume_connection(r->mc);
        }
    }
    pthread_mutex_unlock(&durable_lock);
    if (!queued && sy) { /* out of memory */
        web_error(r, 503,
                  "the change was made but could not be confirmed on disk; send the "
                  "request again",
                  NULL);
        return 0;
    }
    return queued;
}
