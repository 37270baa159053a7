/*
 * import_bench — import throughput of the bundled document repeated to about
 * 20 MB, in three stages measured side by side:
 *   1. Markdown parse alone (cmark-gfm with the table extension, source positions)
 *   2. parse + model        (assay_doc_parse: checks, NFC, cmark-gfm, the walk)
 *   3. parse + model + store (2, then assay_bank_import into a new SQLite file)
 * Rounds run the stages in turn, so a noisy neighbour hits all of them alike;
 * the report gives medians and ratios. Not a test: nothing is asserted.
 *
 *   bench/import_bench [--mb 20] [--rounds 5] [--stages all] [--json]
 *
 * --stages takes a comma-separated list of parse, model and store (or all, the
 * default): only those stages run each round, so the slow store stage can be
 * left out (--stages parse,model). A stage left out shows "-" (JSON: null).
 */
#include "assay.h"
#include "bench.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static double median(double *v, int n)
{
    return bench_quantile(v, (size_t)n, 0.5);
}

/* The bundled document, copied until `target` bytes; each copy's topic
 * headings get a suffix so that every copy is a distinct set of topics. */
static char *build_corpus(size_t target, size_t *len, int *copies)
{
    size_t n;
    const char *doc = assay_bundled_document(&n);
    size_t cap = target + 2 * n + 4096, w = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    int k = 0;
    while (w < target) {
        k++;
        const char *p = doc, *end = doc + n;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t l = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
            if (w + l + 32 >= cap) {
                free(out);
                return NULL;
            }
            int topic =
                l > 4 && p[0] == '#' && p[1] == '#' && p[2] == ' ' && p[3] >= '0' && p[3] <= '9';
            if (topic) {
                size_t body = l - (p[l - 1] == '\n');
                memcpy(out + w, p, body);
                w += body;
                w += (size_t)snprintf(out + w, cap - w, " (%d)\n", k);
            } else {
                memcpy(out + w, p, l);
                w += l;
            }
            p += l;
        }
    }
    *len = w;
    *copies = k;
    return out;
}

static void stage_cmark(const char *s, size_t n)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE);
    cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
    cmark_parser_feed(p, s, n);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_node_free(doc);
    cmark_parser_free(p);
}

static assay_doc *stage_model(assay *a, const char *s, size_t n)
{
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    o.max_bytes = (uint64_t)n + 1;
    o.kb_name = "bench";
    assay_doc *d = NULL;
    if (assay_doc_parse(a, "corpus.md", s, n, &o, &d) != ASSAY_OK) {
        fprintf(stderr, "import_bench: %s\n", assay_errmsg(a));
        exit(1);
    }
    return d;
}

static void stage_store(assay *a, const char *s, size_t n, const char *dir, int round)
{
    assay_doc *d = stage_model(a, s, n);
    char url[4200];
    snprintf(url, sizeof url, "sqlite:%s/bench-%d.db", dir, round);
    assay_bank *b;
    assay_import_result r;
    if (assay_bank_open(a, url, &b) != ASSAY_OK || assay_bank_import(b, &d, 1, &r) != ASSAY_OK) {
        fprintf(stderr, "import_bench: %s\n", assay_errmsg(a));
        exit(1);
    }
    assay_bank_close(b);
    assay_doc_free(d);
}

enum { ST_PARSE = 1, ST_MODEL = 2, ST_STORE = 4, ST_ALL = 7 };

/* "parse,model", "all", ... as a set of ST_ bits; 0 for anything else. */
static int parse_stages(const char *s)
{
    int set = 0;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        if (l == 5 && memcmp(s, "parse", 5) == 0)
            set |= ST_PARSE;
        else if (l == 5 && memcmp(s, "model", 5) == 0)
            set |= ST_MODEL;
        else if (l == 5 && memcmp(s, "store", 5) == 0)
            set |= ST_STORE;
        else if (l == 3 && memcmp(s, "all", 3) == 0)
            set |= ST_ALL;
        else
            return 0;
        s += l + (e != NULL);
        if (e && !*s)
            return 0;
    }
    return set;
}

/* A median as text: "0.123 s", or "-" for a stage that did not run. */
static const char *fmt_time(char *buf, size_t n, int on, double v, const char *unit, double scale)
{
    if (!on)
        return "-";
    snprintf(buf, n, scale > 0 ? "%.1f %s" : "%.3f %s", scale > 0 ? scale / v : v, unit);
    return buf;
}

static const char *fmt_json(char *buf, size_t n, int on, double v, int digits)
{
    if (!on)
        return "null";
    snprintf(buf, n, "%.*f", digits, v);
    return buf;
}

int main(int argc, char **argv)
{
    double mb = 20;
    int rounds = 5, json = 0, stages = ST_ALL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc)
            mb = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--stages") == 0 && i + 1 < argc) {
            stages = parse_stages(argv[++i]);
            if (!stages) {
                fprintf(stderr, "import_bench: --stages is a list of parse, model, store or all\n");
                return 1;
            }
        } else if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else {
            fprintf(stderr, "usage: import_bench [--mb 20] [--rounds 5] [--stages all] [--json]\n");
            return 1;
        }
    }
    if (rounds < 1 || rounds > 100 || mb <= 0 || mb > 256) {
        fprintf(stderr, "import_bench: --rounds 1..100, --mb up to 256\n");
        return 1;
    }
    size_t n;
    int copies;
    char *corpus = build_corpus((size_t)(mb * 1024 * 1024), &n, &copies);
    if (!corpus)
        return 1;
    char dir[] = "/tmp/assay-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    assay *a = assay_new();

    assay_doc *probe = stage_model(a, corpus, n);
    assay_doc_stats st;
    assay_doc_get_stats(probe, &st);
    assay_doc_free(probe);

    double *t1 = calloc((size_t)rounds, sizeof *t1), *t2 = calloc((size_t)rounds, sizeof *t2),
           *t3 = calloc((size_t)rounds, sizeof *t3);
    for (int r = 0; r < rounds; r++) {
        double s;
        if (stages & ST_PARSE) {
            s = bench_now();
            stage_cmark(corpus, n);
            t1[r] = bench_now() - s;
        }
        if (stages & ST_MODEL) {
            s = bench_now();
            assay_doc_free(stage_model(a, corpus, n));
            t2[r] = bench_now() - s;
        }
        if (stages & ST_STORE) {
            s = bench_now();
            stage_store(a, corpus, n, dir, r);
            t3[r] = bench_now() - s;
        }
    }
    int on1 = (stages & ST_PARSE) != 0, on2 = (stages & ST_MODEL) != 0,
        on3 = (stages & ST_STORE) != 0;
    double m1 = median(t1, rounds), m2 = median(t2, rounds), m3 = median(t3, rounds);
    double size_mb = (double)n / (1024.0 * 1024.0);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    size_t items = st.level_qa + st.interview_qa + st.scenario;
    char b[6][32];
    if (json) {
        printf("{\"bytes\":%zu,\"copies\":%d,\"items\":%zu,\"rounds\":%d,"
               "\"median_seconds\":{\"parse\":%s,\"parse_model\":%s,\"parse_model_store\":%s},"
               "\"mb_per_s\":{\"parse\":%s,\"parse_model\":%s,\"parse_model_store\":%s},"
               "\"max_rss_kb\":%ld}\n",
               n, copies, items, rounds, fmt_json(b[0], 32, on1, m1, 4),
               fmt_json(b[1], 32, on2, m2, 4), fmt_json(b[2], 32, on3, m3, 4),
               fmt_json(b[3], 32, on1, size_mb / m1, 1), fmt_json(b[4], 32, on2, size_mb / m2, 1),
               fmt_json(b[5], 32, on3, size_mb / m3, 1), ru.ru_maxrss);
    } else {
        printf("corpus: %.1f MB (%zu bytes), the bundled document x %d, %zu items; %d rounds\n\n",
               size_mb, n, copies, items, rounds);
        printf("| stage | median time | throughput | time vs. parse alone |\n");
        printf("|---|---:|---:|---:|\n");
        static const char *const name[] = {"Markdown parse alone (cmark-gfm)", "parse + model",
                                           "parse + model + store (SQLite)"};
        int on[] = {on1, on2, on3};
        double m[] = {m1, m2, m3};
        for (int k = 0; k < 3; k++) {
            char ratio[32] = "-";
            if (on[k] && on1)
                snprintf(ratio, sizeof ratio, "%.2fx", m[k] / m1);
            printf("| %s | %s | %s | %s |\n", name[k], fmt_time(b[0], 32, on[k], m[k], "s", 0),
                   fmt_time(b[1], 32, on[k], m[k], "MB/s", size_mb), ratio);
        }
        printf("\npeak resident memory of the whole run: %.0f MB\n", (double)ru.ru_maxrss / 1024);
    }
    for (int r = 0; r < rounds; r++) {
        char p[4200];
        static const char *const suffix[] = {"", "-wal", "-shm"};
        for (int k = 0; k < 3; k++) {
            snprintf(p, sizeof p, "%s/bench-%d.db%s", dir, r, suffix[k]);
            unlink(p);
        }
    }
    rmdir(dir);
    free(t1);
    free(t2);
    free(t3);
    free(corpus);
    assay_free(a);
    return 0;
}
