/*
 * fuzz — the targets' shared setup (fuzz.h): one context per process, and the
 * bank with the bundled knowledge base and its engine, made once in a
 * temporary folder that an atexit handler removes.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static assay *ctx;
static assay_bank *bank_s;
static assay_engine *engine_s;
static char dir_s[64];
static char url_s[128];

assay *fuzz_ctx(void)
{
    if (!ctx)
        ctx = assay_new();
    return ctx;
}

static void cleanup(void)
{
    char path[192];
    const char *const tails[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        snprintf(path, sizeof path, "%s/fuzz.db%s", dir_s, tails[i]);
        unlink(path);
    }
    rmdir(dir_s);
}

void fuzz_bank(assay_bank **bank, const assay_engine **engine, const char **url)
{
    if (!engine_s) {
        /* the word analysis cache: scripts/fuzz.sh keeps one in the build
         * directory (the dictionaries load in seconds then); else none */
        setenv("ASSAY_CACHE_DIR", "off", 0);
        const char *tmp = getenv("TMPDIR");
        snprintf(dir_s, sizeof dir_s, "%s/assay-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir_s)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(cleanup);
        snprintf(url_s, sizeof url_s, "sqlite:%s/fuzz.db", dir_s);
        assay *a = fuzz_ctx();
        if (!a || assay_bank_open(a, url_s, &bank_s) != ASSAY_OK ||
            assay_bank_ensure_bundled(bank_s, NULL) != ASSAY_OK ||
            assay_engine_open(bank_s, NULL, &engine_s) != ASSAY_OK) {
            fprintf(stderr, "fuzz: cannot open the bank: %s\n", a ? assay_errmsg(a) : "no memory");
            abort();
        }
    }
    if (bank)
        *bank = bank_s;
    if (engine)
        *engine = engine_s;
    if (url)
        *url = url_s;
}

char *fuzz_str(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}
