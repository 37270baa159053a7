/*
 * web/rate — token buckets for rate limiting, as the bundled document teaches
 * them: a bucket fills at a steady rate up to its capacity, each request
 * takes a token, an empty bucket refuses (429 with Retry-After) and a full
 * one allows a burst. Buckets live in one fixed table (no growth under a
 * flood of addresses): a key hashes to a run of PROBE slots; a new key takes
 * an empty slot or the one refilled furthest (its owner is the least
 * limited). One mutex; the work under it is a few dozen loads.
 * Several servers behind a load balancer (`assay serve --servers N`): each
 * holds a per-server share of every limit — capacity and refill divided by N,
 * a capacity never under one token — so N servers that see a client's
 * requests spread evenly allow it about the whole limit together
 * (docs/ARCHITECTURE.md, "Where state lives").
 */
#include "web_int.h"

#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#define SLOTS   8192
#define PROBE   8
#define KEY_MAX 96

typedef struct bucket {
    char key[KEY_MAX];
    double tokens, capacity, last;
} bucket;

static bucket table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned share = 1; /* the servers that share each limit (under lock) */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* FNV-1a */
static size_t hash_key(const char *k)
{
    uint64_t h = 1469598103934665603u;
    for (; *k; k++) {
        h ^= (unsigned char)*k;
        h *= 1099511628211u;
    }
    return (size_t)(h % SLOTS);
}

void web_rate_take(const char *key, double capacity, double per_second, web_rate *out)
{
    double t = now_s();
    size_t h = hash_key(key);
    pthread_mutex_lock(&lock);
    capacity = fmax(1.0, capacity / (double)share);
    per_second /= (double)share;
    bucket *b = NULL, *spare = NULL;
    double spare_fill = -1;
    for (size_t i = 0; i < PROBE; i++) {
        bucket *c = &table[(h + i) % SLOTS];
        if (c->key[0] && strncmp(c->key, key, KEY_MAX - 1) == 0) {
            b = c;
            break;
        }
        double fill =
            !c->key[0] ? INFINITY : (c->tokens + (t - c->last) * per_second) / c->capacity;
        if (fill > spare_fill) {
            spare_fill = fill;
            spare = c;
        }
    }
    if (!b) {
        b = spare;
        snprintf(b->key, sizeof b->key, "%s", key);
        b->tokens = capacity;
        b->last = t;
    }
    b->capacity = capacity;
    b->tokens = fmin(capacity, b->tokens + (t - b->last) * per_second);
    b->last = t;
    out->limit = (long)capacity;
    if (b->tokens >= 1) {
        b->tokens -= 1;
        out->allowed = 1;
        out->retry_after = 0;
    } else {
        out->allowed = 0;
        out->retry_after = (long)ceil((1 - b->tokens) / per_second);
        if (out->retry_after < 1)
            out->retry_after = 1;
    }
    out->remaining = (long)floor(b->tokens);
    out->reset = (long)ceil((capacity - b->tokens) / per_second);
    pthread_mutex_unlock(&lock);
}

void web_rate_reset(void)
{
    pthread_mutex_lock(&lock);
    memset(table, 0, sizeof table);
    share = 1;
    pthread_mutex_unlock(&lock);
}

void web_rate_share(unsigned servers)
{
    pthread_mutex_lock(&lock);
    share = servers ? servers : 1;
    pthread_mutex_unlock(&lock);
}
