/*
 * cmd_export — `assay export`: the bank's items (--kb, --topic, --level, --kind,
 * --no-derived) or a quiz file (--quiz) in one of the formats of
 * docs/formats.md, through assay_export. The output file is written beside
 * its final name and renamed into place, so it is whole or absent.
 */
#include "cli.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static assay_code write_fail(cli *c, const char *path)
{
    fprintf(stderr, "assay: %serror%s: %s: cannot write: %s\n", out_on(&c->err, ST_ERR),
            out_off(&c->err), path, strerror(errno));
    c->reported = 1;
    return ASSAY_EOUTPUT;
}

/* Writes the bytes to path through a temporary file in its folder and a rename. */
static assay_code write_file(cli *c, const char *path, const unsigned char *p, size_t n)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp)
        return ASSAY_ENOMEM;
    snprintf(tmp, len + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return write_fail(c, path);
    }
    mode_t mask = umask(0);
    umask(mask);
    int bad = fchmod(fd, 0666 & ~mask) != 0;
    for (size_t off = 0; !bad && off < n;) {
        ssize_t k = write(fd, p + off, n - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            bad = 1;
        else
            off += (size_t)k;
    }
    bad |= close(fd) != 0;
    if (!bad)
        bad = rename(tmp, path) != 0;
    if (bad) {
        int saved = errno;
        unlink(tmp);
        errno = saved;
        free(tmp);
        return write_fail(c, path);
    }
    free(tmp);
    return ASSAY_OK;
}

assay_code cmd_export(cli *c)
{
    cli_args *a = c->args;
    (void)i18n_init(NULL);
    assay_export_spec s;
    assay_export_spec_init(&s);
    s.format = a->val[OPT_EXPORT_FORMAT];
    if (!s.format)
        return cli_usage(c, "name the format with --format: gift, moodle-xml, qti21, qti30, "
                            "anki, anki-text, csv or json");
    if (!assay_export_content_type(s.format))
        return cli_usage(c,
                         "--format wants gift, moodle-xml, qti21, qti30, anki, anki-text, csv or "
                         "json, not '%s'",
                         s.format);
    if (!assay_export_available(s.format))
        return cli_usage(c, "the format '%s' is not available in this build of assay", s.format);
    const char *quiz = a->val[OPT_EXPORT_QUIZ];
    if (quiz && (a->set[OPT_KB] || a->set[OPT_TOPIC] || a->set[OPT_LEVEL] || a->set[OPT_KIND] ||
                 a->set[OPT_NO_DERIVED]))
        return cli_usage(c, "--quiz exports that quiz; --kb, --topic, --level, --kind and "
                            "--no-derived select the bank's items instead: give one or the other");
    s.kb = a->val[OPT_KB];
    s.topic = a->val[OPT_TOPIC];
    s.no_derived = a->set[OPT_NO_DERIVED];
    if (a->set[OPT_LEVEL]) {
        uint64_t v;
        if (cli_parse_u64(a->val[OPT_LEVEL], &v) != 0 || v < 1 || v > ASSAY_MAX_LEVEL)
            return cli_usage(c, "--level wants a level from 1 to %d, not '%s'", ASSAY_MAX_LEVEL,
                             a->val[OPT_LEVEL]);
        s.level = (int)v;
    }
    if (a->set[OPT_KIND] && assay_kind_parse(a->val[OPT_KIND], &s.kind) != ASSAY_OK)
        return cli_usage(c,
                         "--kind wants level, interview, scenario, derived_definition, "
                         "derived_topic or derived_order, not '%s'",
                         a->val[OPT_KIND]);
    const char *path = a->val[OPT_EXPORT_OUTPUT];
    int to_stdout = !path || strcmp(path, "-") == 0;
    const char *ctype = assay_export_content_type(s.format);
    if (to_stdout && isatty(STDOUT_FILENO) && strncmp(ctype, "text/", 5) != 0 &&
        strncmp(ctype, "application/json", 16) != 0 && strncmp(ctype, "application/xml", 15) != 0)
        return cli_usage(c, "'%s' is a binary package: write it to a file with -o PATH", s.format);

    char *qdata = NULL;
    size_t qlen = 0;
    assay_code rc = ASSAY_OK;
    if (quiz) {
        rc = assay_read_file(c->a, quiz, 0, &qdata, &qlen);
        s.quiz_json = qdata;
        s.quiz_len = qlen;
        s.quiz_file = quiz;
    }
    assay_bank *b = NULL;
    unsigned char *out = NULL;
    size_t len = 0;
    if (rc == ASSAY_OK)
        rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    if (rc == ASSAY_OK)
        rc = assay_export(c->a, b, NULL, &s, &out, &len);
    if (rc == ASSAY_OK) {
        if (to_stdout) {
            /* a short write leaves stdout in error: main reports it once (exit status 5) */
            size_t put = fwrite(out, 1, len, stdout);
            (void)put;
        } else {
            rc = write_file(c, path, out, len);
            if (rc == ASSAY_OK && !c->quiet)
                fprintf(stderr, _("assay: wrote %s (%s, %zu bytes)\n"), path, s.format, len);
        }
    }
    assay_export_free(out);
    assay_string_free(qdata);
    assay_bank_close(b);
    return rc;
}
