/*
 * fuzz_http — libFuzzer target: the bytes as what a client sends over one
 * connection to the real server (web_serve, src/web: libmicrohttpd's request
 * line, headers and bodies, then routes, cookies, CSRF, strict JSON bodies and
 * every handler), running in this process on a loopback port over the bundled
 * bank. The connection is half-closed after the input and the answer read to
 * its end; a 500 is a finding (abort), as is any sanitizer report in the
 * server's threads. Two sign-ins made in LLVMFuzzerInitialize let inputs reach
 * the routes behind them: in the input, "@L" becomes a learner's cookie token
 * and "@l" its CSRF token, "@A" and "@a" an admin's; the server's public URL
 * is http://fuzz.invalid (the Origin a write must carry). A sign-out in an
 * input is followed by fresh sign-ins. No entry point was added to src/web.
 * libFuzzer's SIGALRM (every -timeout/2+1 s, no SA_RESTART) lands on this
 * thread, mostly while it waits for an answer: every socket call here goes
 * on after EINTR (a poll with the time it has left), else an interrupted
 * wait would look like a server that never answered.
 */
#include "fuzz.h"
#include "web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static assay_bank *bank;
static unsigned port;
static assay_signin learner, admin;
static web_config cfg;

static void *serve(void *arg)
{
    (void)arg;
    int st = web_serve(&cfg);
    fprintf(stderr, "fuzz_http: the server stopped (%d)\n", st);
    abort();
}

static void sign_in(void)
{
    if (assay_signin_start(bank, "fuzzlearner", 86400, &learner) != ASSAY_OK ||
        assay_signin_start(bank, "fuzzadmin", 86400, &admin) != ASSAY_OK) {
        fprintf(stderr, "fuzz_http: sign-in: %s\n", assay_errmsg(fuzz_ctx()));
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    signal(SIGPIPE, SIG_IGN);
    const char *url = NULL;
    fuzz_bank(&bank, NULL, &url);
    if (assay_account_create(bank, "fuzzlearner", "fuzz-password-1") != ASSAY_OK ||
        assay_account_create(bank, "fuzzadmin", "fuzz-password-2") != ASSAY_OK ||
        assay_account_set_role(bank, "fuzzadmin", "admin") != ASSAY_OK) {
        fprintf(stderr, "fuzz_http: accounts: %s\n", assay_errmsg(fuzz_ctx()));
        abort();
    }
    sign_in();
    int p[2];
    if (pipe(p) != 0)
        abort();
    web_config_init(&cfg);
    cfg.db = url;
    cfg.listen = "127.0.0.1:0";
    cfg.workers = 2;
    cfg.base_url = "http://fuzz.invalid";
    cfg.timeout = 2;
    cfg.rate = 0; /* no 429s: every input reaches the handlers */
    cfg.grace = 0;
    cfg.log = getenv("FUZZ_HTTP_LOG") ? stderr : fopen("/dev/null", "w");
    cfg.out = fdopen(p[1], "w");
    if (!cfg.log || !cfg.out)
        abort();
    pthread_t t;
    if (pthread_create(&t, NULL, serve, NULL) != 0)
        abort();
    pthread_detach(t);
    char line[256];
    FILE *in = fdopen(p[0], "r");
    if (!in || !fgets(line, sizeof line, in))
        abort();
    const char *colon = strrchr(line, ':');
    if (!colon || sscanf(colon + 1, "%u", &port) != 1) {
        fprintf(stderr, "fuzz_http: no port in '%s'\n", line);
        abort();
    }
    fclose(in);
    return 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* poll of one fd for up to ms, going on after a signal with the time left:
 * poll's result (0: the time ran out). */
static int poll_for(int fd, short events, int ms)
{
    long long until = now_ms() + ms;
    for (;;) {
        struct pollfd pf = {fd, events, 0};
        long long left = until - now_ms();
        int r = poll(&pf, 1, left > 0 ? (int)left : 0);
        if (r >= 0 || errno != EINTR)
            return r;
    }
}

/* The input with the placeholders replaced (malloc'd; *n its length). */
static char *expand(const uint8_t *data, size_t size, size_t *n)
{
    size_t cap = size * (ASSAY_SIGNIN_TOKEN_LEN / 2 + 1) + 1, k = 0;
    char *out = malloc(cap);
    if (!out)
        abort();
    for (size_t i = 0; i < size; i++) {
        const char *sub = NULL;
        if (data[i] == '@' && i + 1 < size) {
            switch (data[i + 1]) {
            case 'L': sub = learner.token; break;
            case 'l': sub = learner.csrf; break;
            case 'A': sub = admin.token; break;
            case 'a': sub = admin.csrf; break;
            default: break;
            }
        }
        if (sub) {
            size_t m = strlen(sub);
            memcpy(out + k, sub, m);
            k += m;
            i++;
        } else {
            out[k++] = (char)data[i];
        }
    }
    *n = k;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    char *req = expand(data, size, &n);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        abort();
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        /* interrupted: the connection goes on being made; wait for it */
        int soerr = errno;
        socklen_t sl = sizeof soerr;
        int made = soerr == EINTR && poll_for(fd, POLLOUT, 60000) > 0 &&
                   getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0;
        if (!made) {
            fprintf(stderr, "fuzz_http: connect: %s\n", strerror(soerr ? soerr : EINTR));
            abort();
        }
    }
    for (size_t off = 0; off < n;) {
        ssize_t w = send(fd, req + off, n - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* the server closed early (a bad request): fine */
        off += (size_t)w;
    }
    /* Half-close once the server has started answering (or after 20 ms): a
     * FIN that arrives with the request's last bytes is seen by
     * libmicrohttpd's edge-triggered epoll only at its idle timeout. */
    (void)poll_for(fd, POLLIN, 20);
    shutdown(fd, SHUT_WR);
    /* the answer, to its end (bounded by the server's 2-second idle timeout;
     * a sign-up or sign-in hashes a password, seconds under ASan) */
    char head[16];
    size_t got = 0;
    char chunk[65536];
    for (;;) {
        int pr = poll_for(fd, POLLIN, 60000);
        if (pr == 0) {
            fprintf(stderr, "fuzz_http: no answer within 60 s\n");
            abort();
        }
        if (pr < 0) {
            perror("fuzz_http: poll");
            abort();
        }
        ssize_t r = recv(fd, chunk, sizeof chunk, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (got < sizeof head) {
            size_t c = (size_t)r < sizeof head - got ? (size_t)r : sizeof head - got;
            memcpy(head + got, chunk, c);
            got += c;
        }
    }
    close(fd);
    if (got >= 12 && memcmp(head, "HTTP/1.", 7) == 0 && memcmp(head + 9, "500", 3) == 0) {
        fprintf(stderr, "fuzz_http: the server answered 500\n");
        abort();
    }
    int deletes = 0;
    for (size_t i = 0; i + 6 <= n && !deletes; i++)
        deletes = memcmp(req + i, "DELETE", 6) == 0;
    if (deletes) {
        assay_signin s;
        if (assay_signin_get(bank, learner.token, 0, &s) != ASSAY_OK ||
            assay_signin_get(bank, admin.token, 0, &s) != ASSAY_OK)
            sign_in();
    }
    free(req);
    return 0;
}
