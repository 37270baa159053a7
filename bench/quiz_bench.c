/*
 * quiz_bench — a 20-question quiz of every type from a bank of about 10,000
 * items (the bundled document imported under many knowledge-base names):
 * median and 99th percentile generation time (wall clock, and the thread's
 * CPU time, which other processes on a shared machine do not inflate), the
 * engine's build time and the memory of its text index. Not a test: nothing
 * is asserted.
 *
 *   bench/quiz_bench [--kbs 40] [--quizzes 2000] [--no-derived] [--json]
 *                    [--fingerprints FILE] [--per-seed FILE]
 *
 * --fingerprints writes each quiz's fingerprint, one a line, so two builds
 * can be shown to make the same quizzes (cmp the files). --per-seed writes
 * "seed cpu_us instructions" a line (instructions retired in user space
 * while generating, from perf_event_open on Linux; -1 where the kernel does
 * not allow counting), to find the slow seeds and compare builds per seed.
 * Under valgrind --tool=callgrind --instr-atstart=no only the quizzes are
 * instrumented (when valgrind's headers were there at build).
 */
#include "assay.h"
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_START_INSTRUMENTATION
#endif
#ifdef __linux__
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#endif

/* a counter of the instructions this thread retires in user space, or -1 */
static int insn_counter_open(void)
{
#ifdef __linux__
    struct perf_event_attr pe;
    memset(&pe, 0, sizeof pe);
    pe.type = PERF_TYPE_HARDWARE;
    pe.size = sizeof pe;
    pe.config = PERF_COUNT_HW_INSTRUCTIONS;
    pe.disabled = 1;
    pe.exclude_kernel = 1;
    pe.exclude_hv = 1;
    return (int)syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0);
#else
    return -1;
#endif
}

static void insn_counter_start(int fd)
{
#ifdef __linux__
    if (fd >= 0) {
        ioctl(fd, PERF_EVENT_IOC_RESET, 0);
        ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
    }
#else
    (void)fd;
#endif
}

static long long insn_counter_stop(int fd)
{
    long long n = -1;
#ifdef __linux__
    if (fd >= 0) {
        ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
        if (read(fd, &n, sizeof n) != (ssize_t)sizeof n)
            n = -1;
    }
#else
    (void)fd;
#endif
    return n;
}

static double now_us(void)
{
    return bench_now() * 1e6;
}

/* CPU time of this thread: what the quiz cost, without the time the
 * scheduler gave other processes (the machine is shared) */
static double cpu_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static long rss_kb(void)
{
    /* resident set now, from /proc (ru_maxrss is a peak) */
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void die(assay *a, const char *what)
{
    fprintf(stderr, "quiz_bench: %s: %s\n", what, assay_errmsg(a));
    exit(1);
}

int main(int argc, char **argv)
{
    int kbs = 40, quizzes = 2000, json = 0, no_derived = 0;
    const char *fp_path = NULL, *seed_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kbs") == 0 && i + 1 < argc)
            kbs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--quizzes") == 0 && i + 1 < argc)
            quizzes = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-derived") == 0)
            no_derived = 1;
        else if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--fingerprints") == 0 && i + 1 < argc)
            fp_path = argv[++i];
        else if (strcmp(argv[i], "--per-seed") == 0 && i + 1 < argc)
            seed_path = argv[++i];
        else {
            fprintf(stderr, "usage: quiz_bench [--kbs 40] [--quizzes 2000] [--no-derived] [--json] "
                            "[--fingerprints FILE] [--per-seed FILE]\n");
            return 1;
        }
    }
    if (kbs < 1 || kbs > 400 || quizzes < 10 || quizzes > 100000) {
        fprintf(stderr, "quiz_bench: --kbs 1..400, --quizzes 10..100000\n");
        return 1;
    }
    char dir[] = "/tmp/assay-quiz-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char url[256];
    snprintf(url, sizeof url, "sqlite:%s/bank.db", dir);
    assay *a = assay_new();
    assay_bank *b;
    if (assay_bank_open(a, url, &b) != ASSAY_OK)
        die(a, "open");
    size_t len;
    const char *doc = assay_bundled_document(&len);
    assay_doc **docs = calloc((size_t)kbs, sizeof *docs);
    assay_import_result *res = calloc((size_t)kbs, sizeof *res);
    char name[64];
    for (int k = 0; k < kbs; k++) {
        assay_doc_opts o;
        assay_doc_opts_init(&o);
        snprintf(name, sizeof name, "copy-%03d", k);
        o.kb_name = name;
        if (assay_doc_parse(a, "architecture-scalability.md", doc, len, &o, &docs[k]) != ASSAY_OK)
            die(a, "parse");
    }
    if (assay_bank_import(b, docs, (size_t)kbs, res) != ASSAY_OK)
        die(a, "import");
    for (int k = 0; k < kbs; k++)
        assay_doc_free(docs[k]);
    free(docs);
    free(res);

    long rss0 = rss_kb();
    double t0 = now_us();
    assay_engine *e;
    if (assay_engine_open(b, NULL, &e) != ASSAY_OK)
        die(a, "engine");
    double build_ms = (now_us() - t0) / 1e3;
    long rss1 = rss_kb();
    size_t items = assay_engine_item_count(e), index = assay_engine_index_bytes(e);

    double *t = calloc((size_t)quizzes, sizeof *t);
    double *c = calloc((size_t)quizzes, sizeof *c);
    size_t questions = 0;
    FILE *fp = NULL;
    if (fp_path && !(fp = fopen(fp_path, "w"))) {
        fprintf(stderr, "quiz_bench: cannot write %s\n", fp_path);
        return 2;
    }
    FILE *sp = NULL;
    int insn_fd = -1;
    if (seed_path) {
        if (!(sp = fopen(seed_path, "w"))) {
            fprintf(stderr, "quiz_bench: cannot write %s\n", seed_path);
            return 2;
        }
        insn_fd = insn_counter_open();
    }
    /* under valgrind --tool=callgrind --instr-atstart=no: the quizzes only
     * (the engine build then runs at near full speed) */
    CALLGRIND_START_INSTRUMENTATION;
    for (int s = 0; s < quizzes; s++) {
        assay_quiz_spec spec;
        assay_quiz_spec_init(&spec);
        spec.count = 20;
        spec.seed = (uint64_t)s + 1;
        spec.no_derived = no_derived;
        assay_quiz *q;
        insn_counter_start(insn_fd);
        double q0 = now_us(), c0 = cpu_us();
        if (assay_quiz_generate(a, e, &spec, &q) != ASSAY_OK)
            die(a, "quiz");
        t[s] = now_us() - q0;
        c[s] = cpu_us() - c0;
        if (sp)
            fprintf(sp, "%d %.1f %lld\n", s + 1, c[s], insn_counter_stop(insn_fd));
        questions += assay_quiz_count(q);
        if (fp)
            fprintf(fp, "%s\n", assay_quiz_fingerprint(q));
        assay_quiz_free(q);
    }
    if (fp)
        fclose(fp);
    if (sp)
        fclose(sp);
    if (insn_fd >= 0)
        close(insn_fd);
    qsort(t, (size_t)quizzes, sizeof *t, bench_cmp_double);
    double p50 = t[quizzes / 2], p99 = t[(quizzes * 99) / 100], max = t[quizzes - 1];
    qsort(c, (size_t)quizzes, sizeof *c, bench_cmp_double);
    double c50 = c[quizzes / 2], c99 = c[(quizzes * 99) / 100];
    if (json) {
        printf("{\"items\":%zu,\"quizzes\":%d,\"questions_per_quiz\":%.1f,\"p50_us\":%.1f,"
               "\"p99_us\":%.1f,\"max_us\":%.1f,\"engine_build_ms\":%.1f,\"index_bytes\":%zu,"
               "\"rss_growth_kb\":%ld,\"cpu_p50_us\":%.1f,\"cpu_p99_us\":%.1f}\n",
               items, quizzes, (double)questions / quizzes, p50, p99, max, build_ms, index,
               rss1 - rss0, c50, c99);
    } else {
        printf("bank: %zu items (the bundled document under %d knowledge-base names)\n", items,
               kbs);
        printf("engine build (index, aliases, calibration): %.0f ms\n", build_ms);
        printf("text index: %.1f MB (%zu bytes); resident memory grew %.1f MB building it\n",
               (double)index / 1048576.0, index, (double)(rss1 - rss0) / 1024.0);
        printf("20-question mixed quiz, %d quizzes: p50 %.0f us, p99 %.0f us, max %.0f us\n",
               quizzes, p50, p99, max);
        printf("the same, CPU time of the thread: p50 %.0f us, p99 %.0f us\n", c50, c99);
    }
    free(t);
    free(c);
    assay_engine_free(e);
    assay_bank_close(b);
    assay_free(a);
    char path[300];
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/bank.db%s", dir, suffix[k]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
