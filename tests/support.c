#define _XOPEN_SOURCE 700 /* nftw */

#include "support.h"

#include "core/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

char *t_read_file(const char *path, size_t *len)
{
    /* the library's reader (no cap beyond memory); its strings are freed with free() */
    assay *a = assay_new();
    char *data = NULL;
    size_t n = 0;
    if (!a || assay_read_file(a, path, SIZE_MAX, &data, &n) != ASSAY_OK)
        data = NULL;
    assay_free(a);
    if (data && len)
        *len = n;
    return data;
}

int t_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t k = fwrite(data, 1, len, f);
    return fclose(f) == 0 && k == len ? 0 : -1;
}

char *t_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/assay-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl))
        return NULL;
    return strdup(tmpl);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void t_rm_rf(const char *path)
{
    if (path)
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *t_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

const char *t_file_hash(const char *path)
{
    static char hex[HASH_HEX_LEN + 1];
    size_t n;
    char *data = t_read_file(path, &n);
    if (!data)
        return "-";
    hash_sha256_hex(data, n, hex);
    free(data);
    return hex;
}

static int append(char **buf, size_t *len, size_t *cap, const char *data, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n + 1)
            c *= 2;
        char *p = realloc(*buf, c);
        if (!p)
            return -1;
        *buf = p;
        *cap = c;
    }
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}

int t_exec(const char *const *argv, const char *const *env, const char *stdin_data, t_run *r)
{
    memset(r, 0, sizeof *r);
    int in[2], out[2], err[2];
    if (pipe(in) || pipe(out) || pipe(err))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(in[1]);
        close(out[0]);
        close(err[0]);
        for (const char *const *e = env; e && *e; e++) {
            if (strchr(*e, '='))
                putenv((char *)*e);
            else
                unsetenv(*e); /* a bare name removes the variable */
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (stdin_data) {
        size_t n = strlen(stdin_data), off = 0;
        while (off < n) {
            ssize_t k = write(in[1], stdin_data + off, n - off);
            if (k <= 0)
                break;
            off += (size_t)k;
        }
    }
    close(in[1]);
    size_t ocap = 0, ecap = 0;
    append(&r->out, &r->out_len, &ocap, "", 0);
    append(&r->err, &r->err_len, &ecap, "", 0);
    struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char b[65536];
            ssize_t k = read(fds[i].fd, b, sizeof b);
            if (k <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            if (i == 0)
                append(&r->out, &r->out_len, &ocap, b, (size_t)k);
            else
                append(&r->err, &r->err_len, &ecap, b, (size_t)k);
        }
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 0;
}

void t_run_free(t_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

char *t_golden(const char *path, const char *got)
{
    if (getenv("ASSAY_UPDATE_GOLDEN")) {
        size_t gl = strlen(got);
        char *line = malloc(gl + 2);
        if (!line)
            return NULL;
        memcpy(line, got, gl);
        memcpy(line + gl, "\n", 2);
        t_write_file(path, line, gl + 1);
        free(line);
    }
    char *want = t_read_file(path, NULL);
    if (!want)
        return NULL;
    size_t wl = strlen(want);
    while (wl && want[wl - 1] == '\n')
        want[--wl] = '\0';
    return want;
}

size_t t_count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p += k)
        n++;
    return n;
}

int t_bank_open(const char *url, const char *kb, assay **a, assay_bank **b, assay_engine **e)
{
    *b = NULL;
    *e = NULL;
    *a = assay_new();
    return !*a || assay_bank_open(*a, url, b) != ASSAY_OK ||
                   assay_bank_ensure_bundled(*b, NULL) != ASSAY_OK ||
                   assay_engine_open(*b, kb, e) != ASSAY_OK
               ? -1
               : 0;
}

void t_bank_close(assay *a, assay_bank *b, assay_engine *e)
{
    assay_engine_free(e);
    assay_bank_close(b);
    assay_free(a);
}

int t_doc_bank_open(t_doc_bank *f, const char *name, const char *md)
{
    memset(f, 0, sizeof *f);
    char file[256];
    snprintf(file, sizeof file, "%s.md", name);
    f->dir = t_tmpdir();
    f->md = t_path(f->dir, file);
    snprintf(f->url, sizeof f->url, "sqlite:%s/t.db", f->dir);
    if (t_write_file(f->md, md, strlen(md)) != 0)
        return -1;
    f->a = assay_new();
    if (!f->a || assay_bank_open(f->a, f->url, &f->b) != ASSAY_OK)
        return -1;
    assay_doc *d = NULL;
    if (assay_doc_load(f->a, f->md, NULL, &d) != ASSAY_OK)
        return -1;
    assay_import_result r;
    assay_code rc = assay_bank_import(f->b, &d, 1, &r);
    assay_doc_free(d);
    if (rc != ASSAY_OK || assay_engine_open(f->b, name, &f->e) != ASSAY_OK)
        return -1;
    return 0;
}

void t_doc_bank_close(t_doc_bank *f)
{
    assay_engine_free(f->e);
    assay_bank_close(f->b);
    assay_free(f->a);
    if (f->dir)
        t_rm_rf(f->dir);
    free(f->dir);
    free(f->md);
    memset(f, 0, sizeof *f);
}
