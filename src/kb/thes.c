/*
 * kb/thes — reading an author's thesaurus file (kb/thes.h): one synonym
 * group a line, checked line by line in one pass (errors name file:line and
 * the field), each spelling folded like the grader's keys (NFKC, case fold,
 * white space collapsed) and the group stored as spellings joined by '|'.
 */
#include "kb/thes.h"

#include "core/file.h"
#include "core/hash.h"
#include "core/u8.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *kb_thes_path(const char *doc_path)
{
    const char *slash = strrchr(doc_path, '/');
    const char *name = slash ? slash + 1 : doc_path;
    const char *dot = strrchr(name, '.');
    size_t stem = dot && dot != name ? (size_t)(dot - doc_path) : strlen(doc_path);
    static const char ext[] = ".thesaurus.tsv";
    char *p = malloc(stem + sizeof ext);
    if (!p)
        return NULL;
    memcpy(p, doc_path, stem);
    memcpy(p + stem, ext, sizeof ext);
    return p;
}

void kb_thes_edition(const char *doc_hash, const char *data, size_t len, char out[HASH_HEX_LEN + 1])
{
    hash_ctx h;
    hash_begin(&h);
    hash_update(&h, doc_hash, strlen(doc_hash));
    hash_update(&h, "\nthesaurus\n", 11);
    hash_update(&h, data, len);
    hash_end_hex(&h, out);
}

/* One line's group into out ('|'-joined, at most cap bytes); 0, or -1 with the error set. */
static int parse_line(const char *file, long line, const char *s, size_t n, char *out, size_t cap,
                      size_t *outlen, errinfo *e)
{
    size_t w = 0, fields = 0;
    const char *seen[KB_THES_MAX_SPELLINGS];
    size_t seen_len[KB_THES_MAX_SPELLINGS];
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n && s[j] != '\t' && s[j] != '=')
            j++;
        fields++;
        size_t fl = 0;
        char *f = u8_fold(s + i, j - i, &fl);
        if (!f) {
            err_set_at(e, ASSAY_ENOMEM, file, line, 0, -1, "out of memory");
            return -1;
        }
        int bad = 0;
        if (fl == 0)
            bad = err_set_at(e, ASSAY_EINPUT, file, line, (long)fields, -1,
                             "spelling %zu is empty (a synonym group is spellings separated by "
                             "tabs or '=', like 대기열<TAB>큐)",
                             fields) != ASSAY_OK;
        else if (memchr(f, '|', fl))
            bad =
                err_set_at(e, ASSAY_EINPUT, file, line, (long)fields, -1,
                           "spelling %zu holds '|', which a spelling may not", fields) != ASSAY_OK;
        else if (fl > KB_THES_MAX_SPELLING)
            bad = err_set_at(e, ASSAY_EINPUT, file, line, (long)fields, -1,
                             "spelling %zu is %zu bytes long; at most %d", fields, fl,
                             KB_THES_MAX_SPELLING) != ASSAY_OK;
        else if (fields > KB_THES_MAX_SPELLINGS)
            bad = err_set_at(e, ASSAY_EINPUT, file, line, (long)fields, -1,
                             "a synonym group has at most %d spellings",
                             KB_THES_MAX_SPELLINGS) != ASSAY_OK;
        for (size_t k = 0; !bad && k + 1 < fields; k++)
            if (seen_len[k] == fl && memcmp(seen[k], f, fl) == 0)
                bad = err_set_at(e, ASSAY_EINPUT, file, line, (long)fields, -1,
                                 "spelling %zu, '%s', repeats spelling %zu", fields, f,
                                 k + 1) != ASSAY_OK;
        if (bad || w + fl + 1 > cap) {
            if (!bad)
                err_set_at(e, ASSAY_EINPUT, file, line, 0, -1, "the line is too long");
            free(f);
            return -1;
        }
        if (w)
            out[w++] = '|';
        seen[fields - 1] = out + w;
        seen_len[fields - 1] = fl;
        memcpy(out + w, f, fl);
        w += fl;
        free(f);
        i = j + 1;
    }
    if (fields < 2) {
        err_set_at(e, ASSAY_EINPUT, file, line, 0, -1,
                   "a synonym group needs two spellings or more, separated by tabs or '=' "
                   "(like 대기열<TAB>큐 or 증명서 = 인증서)");
        return -1;
    }
    out[w] = '\0';
    *outlen = w;
    return 0;
}

assay_code kb_thes_parse(kb_doc *d, const char *file, const char *data, size_t len, errinfo *e)
{
    if (len > KB_THES_MAX_BYTES)
        return err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1,
                          "the thesaurus is %zu bytes; at most %zu", len, KB_THES_MAX_BYTES);
    size_t bad;
    if (u8_check(data, len, &bad) != 0) {
        long line = 1;
        for (size_t i = 0; i < bad; i++)
            line += data[i] == '\n';
        return err_set_at(e, ASSAY_EINPUT, file, line, 0, (long long)bad, "not UTF-8");
    }
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    const char **rows = arena_alloc(&d->mem, (lines + 1) * sizeof *rows);
    long *at = arena_alloc(&d->mem, (lines + 1) * sizeof *at);
    char *buf = malloc(KB_THES_MAX_SPELLINGS * (KB_THES_MAX_SPELLING + 1) + 1);
    if (!rows || !at || !buf) {
        free(buf);
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    size_t n = 0, off = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        off = 3; /* a byte-order mark */
    long line = 0;
    assay_code rc = ASSAY_OK;
    while (rc == ASSAY_OK && off < len) {
        line++;
        const char *nl = memchr(data + off, '\n', len - off);
        size_t end = nl ? (size_t)(nl - data) : len, l = end - off;
        const char *s = data + off;
        off = end + 1;
        if (l && s[l - 1] == '\r')
            l--;
        size_t k = 0;
        while (k < l && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k == l || s[k] == '#')
            continue;
        for (size_t i = 0; i < l && rc == ASSAY_OK; i++)
            if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
                rc = err_set_at(e, ASSAY_EINPUT, file, line, (long)i + 1, -1,
                                "a control character (byte 0x%02x)", (unsigned)(unsigned char)s[i]);
        if (rc == ASSAY_OK && n >= KB_THES_MAX_GROUPS)
            rc = err_set_at(e, ASSAY_EINPUT, file, line, 0, -1, "more than %d synonym groups",
                            KB_THES_MAX_GROUPS);
        size_t gl = 0;
        if (rc == ASSAY_OK &&
            parse_line(file, line, s, l, buf, KB_THES_MAX_SPELLINGS * (KB_THES_MAX_SPELLING + 1),
                       &gl, e) != 0)
            rc = e && e->code ? e->code : ASSAY_EINPUT;
        if (rc == ASSAY_OK) {
            if (!(rows[n] = arena_strndup(&d->mem, buf, gl)))
                rc = err_set(e, ASSAY_ENOMEM, "out of memory");
            at[n++] = line;
        }
    }
    free(buf);
    if (rc != ASSAY_OK)
        return rc;
    const char *name = arena_strdup(&d->mem, file);
    if (!name)
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    d->thes = rows;
    d->thes_line = at;
    d->n_thes = n;
    if (!d->thes_file)
        memcpy(d->doc_hash, d->hash, sizeof d->doc_hash);
    d->thes_file = name;
    kb_thes_edition(d->doc_hash, data, len, d->hash);
    return ASSAY_OK;
}

assay_code kb_thes_load(kb_doc *d, const char *doc_path, errinfo *e)
{
    if (!doc_path || strcmp(doc_path, "-") == 0)
        return ASSAY_OK;
    char *path = kb_thes_path(doc_path);
    if (!path)
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    struct stat st;
    if (stat(path, &st) != 0) {
        free(path);
        return ASSAY_OK; /* no thesaurus */
    }
    char *data = NULL;
    size_t len = 0;
    assay_code rc =
        file_read(path, KB_THES_MAX_BYTES, "the thesaurus", "a fixed cap", "", &data, &len, e);
    if (rc == ASSAY_OK)
        rc = kb_thes_parse(d, path, data, len, e);
    free(data);
    free(path);
    return rc;
}
