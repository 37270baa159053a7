/*
 * fuzz_state — libFuzzer target: the bytes as an adaptive assessment's stored
 * state (assay_assess_resume over the bundled bank's engine, what a session
 * resumed from the bank reads), and a resumed one driven on for a few answers
 * and written back (assay_assess_state_json), which must resume again.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

static const assay_engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_bank(NULL, &engine, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    assay *a = fuzz_ctx();
    char *s = fuzz_str(data, size);
    assay_assessment *as = NULL;
    if (assay_assess_resume(a, engine, s, &as) != ASSAY_OK) {
        if (as)
            abort();
        free(s);
        return 0;
    }
    for (int k = 0; k < 3; k++) {
        const assay_question *q = NULL;
        if (assay_assess_next(as, &q) != ASSAY_OK || !q)
            break;
        if (assay_assess_record(as, k == 1 ? 0.0 : 1.0) != ASSAY_OK)
            break;
    }
    char *again = assay_assess_state_json(as);
    assay_assess_free(as);
    if (again) {
        assay_assessment *as2 = NULL;
        if (assay_assess_resume(a, engine, again, &as2) != ASSAY_OK) {
            /* the library's own state must read back */
            fprintf(stderr, "fuzz_state: its own state does not resume: %s\n%s\n", assay_errmsg(a),
                    again);
            abort();
        }
        assay_assess_free(as2);
        assay_string_free(again);
    }
    free(s);
    return 0;
}
