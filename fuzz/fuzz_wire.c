/*
 * fuzz_wire — libFuzzer target: the wire format's readers (src/wire,
 * docs/json.md). The first byte picks the reader, the rest is its input:
 *   0  a quiz file (assay_quiz_file_read; when it reads, the quiz made again
 *      from its spec on the bundled bank's engine and its fingerprint checked)
 *   1  an answer sheet (assay_answer_sheet_read, then matched against the fixed
 *      18-question quiz of every type (seed 21, tests/data/wire/quiz.json) and each answer fetched)
 *   2  a line of a free-text pairs file (assay_pair_line_read)
 *   3  a stored question with its key (wire_question_parse, what a session
 *      reads back from the bank's presentations)
 */
#include "core/arena.h"
#include "core/err.h"
#include "fuzz.h"
#include "wire/wire.h"

#include <jansson.h>
#include <stdlib.h>

static const assay_engine *engine;
static assay_quiz *quiz;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_bank(NULL, &engine, NULL);
    assay_quiz_spec spec;
    assay_quiz_spec_init(&spec);
    spec.count = 18;
    spec.types = ASSAY_Q_ALL;
    spec.seed = 21;
    if (assay_quiz_generate(fuzz_ctx(), engine, &spec, &quiz) != ASSAY_OK)
        abort();
    /* free-text grading loads its dictionaries at its first use: here, not in
     * the first input (which would take the load's time) */
    for (size_t i = 0; i < assay_quiz_count(quiz); i++) {
        assay_answer ans = ASSAY_ANSWER_INIT;
        ans.text = "캐시 cache";
        assay_grade *g = NULL;
        if (assay_quiz_grade(fuzz_ctx(), engine, quiz, i, &ans, &g) == ASSAY_OK)
            assay_grade_free(g);
    }
    return 0;
}

static void quiz_file(assay *a, const char *s, size_t n)
{
    assay_quiz_file *qf = NULL;
    if (assay_quiz_file_read(a, "fuzz.json", s, n, &qf) != ASSAY_OK) {
        if (qf)
            abort();
        return;
    }
    (void)assay_quiz_file_kb(qf);
    (void)assay_quiz_file_spec(qf);
    assay_quiz *q = NULL;
    if (assay_quiz_file_quiz(a, engine, qf, &q) == ASSAY_OK)
        assay_quiz_free(q);
    assay_quiz_file_free(qf);
}

static void answer_sheet(assay *a, const char *s, size_t n)
{
    assay_answer_sheet *sh = NULL;
    if (assay_answer_sheet_read(a, "fuzz.json", s, n, &sh) != ASSAY_OK) {
        if (sh)
            abort();
        return;
    }
    if (assay_answer_sheet_match(a, sh, quiz) == ASSAY_OK) {
        for (size_t i = 0; i < assay_quiz_count(quiz); i++) {
            const assay_answer *ans = assay_answer_sheet_get(sh, i);
            assay_grade *g = NULL;
            if (ans && assay_quiz_grade(a, engine, quiz, i, ans, &g) == ASSAY_OK)
                assay_grade_free(g);
        }
    }
    assay_answer_sheet_free(sh);
}

static void pair_line(assay *a, const char *s, size_t n)
{
    assay_pair_line *p = NULL;
    if (assay_pair_line_read(a, "fuzz.jsonl", 1, s, n, &p) == ASSAY_OK)
        assay_pair_line_free(p);
    else if (p)
        abort();
}

static void stored_question(const char *s, size_t n)
{
    json_t *o = json_loadb(s, n, 0, NULL);
    if (!o)
        return;
    arena mem;
    arena_init(&mem, 1u << 20);
    assay_question q;
    errinfo e;
    err_clear(&e);
    (void)wire_question_parse(o, &mem, &q, &e, "presentation 1");
    arena_free(&mem);
    json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    assay *a = fuzz_ctx();
    char *s = fuzz_str(data + 1, size - 1);
    size_t n = size - 1;
    switch (data[0] & 3) {
    case 0: quiz_file(a, s, n); break;
    case 1: answer_sheet(a, s, n); break;
    case 2: pair_line(a, s, n); break;
    default: stored_question(s, n); break;
    }
    free(s);
    return 0;
}
