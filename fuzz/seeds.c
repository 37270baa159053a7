/*
 * seeds — writes the seed files that need the bundled bank into
 * fuzz/corpus (run once by hand after a wire format or state change:
 * `BUILD/fuzz/fuzz_seeds fuzz/corpus`): assessment states after 0, 5 and 20
 * answers with a question pending (corpus/state), and questions with their
 * key as a session stores them (corpus/wire, reader byte '3'), one per type.
 */
#include "fuzz.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(const char *dir, const char *name, const char *prefix, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fputs(prefix, f) < 0 || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_seeds CORPUS_DIR\n");
        return 1;
    }
    char dir[400];
    const assay_engine *e = NULL;
    fuzz_bank(NULL, &e, NULL);
    assay *a = fuzz_ctx();
    static const int counts[] = {0, 5, 20};
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        assay_assess_spec spec;
        assay_assess_spec_init(&spec);
        spec.seed = 5 + c;
        assay_assessment *as = NULL;
        if (assay_assess_start(a, e, &spec, &as) != ASSAY_OK)
            return 4;
        for (int k = 0; k < counts[c]; k++) {
            const assay_question *q = NULL;
            if (assay_assess_next(as, &q) != ASSAY_OK || !q ||
                assay_assess_record(as, k % 3   ? 1.0
                                        : k % 2 ? 0.5
                                                : 0.0) != ASSAY_OK)
                break;
        }
        const assay_question *pending = NULL;
        if (assay_assess_next(as, &pending) != ASSAY_OK)
            return 4;
        char *s = assay_assess_state_json(as);
        char name[64];
        snprintf(name, sizeof name, "after-%d.json", counts[c]);
        snprintf(dir, sizeof dir, "%s/state", argv[1]);
        put(dir, name, "", s);
        free(s);
        assay_assess_free(as);
    }
    assay_quiz_spec qs;
    assay_quiz_spec_init(&qs);
    qs.count = 12;
    qs.seed = 3;
    assay_quiz *q = NULL;
    if (assay_quiz_generate(a, e, &qs, &q) != ASSAY_OK)
        return 4;
    char *text = assay_quiz_json(q, 1);
    json_t *j = json_loads(text, 0, NULL);
    json_t *qv = json_object_get(j, "questions");
    unsigned seen = 0;
    snprintf(dir, sizeof dir, "%s/wire", argv[1]);
    for (size_t i = 0; i < json_array_size(qv); i++) {
        json_t *one = json_array_get(qv, i);
        const char *type = json_string_value(json_object_get(one, "type"));
        unsigned bit = 0;
        for (unsigned t = 1; t <= 32; t <<= 1)
            if (type && strcmp(assay_qtype_name((assay_qtype)t), type) == 0)
                bit = t;
        if (!bit || (seen & bit))
            continue;
        seen |= bit;
        char *s = json_dumps(one, JSON_COMPACT);
        char name[64];
        snprintf(name, sizeof name, "question-%s.json", type);
        put(dir, name, "3", s);
        free(s);
    }
    put(dir, "quiz-with-key.json", "0", text);
    json_decref(j);
    assay_string_free(text);
    assay_quiz_free(q);
    return 0;
}
