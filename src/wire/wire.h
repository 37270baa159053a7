/*
 * wire — JSON to and from the public types: quiz specs, questions (with or
 * without their key), quizzes and their fingerprints, answers, grades, and
 * the files of batch grading (quiz files, answer sheets, pairs lines). One
 * module owns the wire format (docs/json.md) so that the CLI, the session
 * layer and the server write and read the same bytes; the front ends keep
 * only argument parsing and printing.
 *
 * Writers return new jansson references (NULL when out of memory). Readers
 * never trust their input: every field is checked for presence, type and
 * range, and a failure is ASSAY_EINPUT naming the field ("questions[3].key.
 * option"), with strings copied into the caller's arena. The batch-grading
 * readers (wire/grade.c) name the file and the entry, question or line, and
 * keep their strings in the parsed tree that their handle owns.
 */
#ifndef ASSAY_WIRE_WIRE_H
#define ASSAY_WIRE_WIRE_H

#include "assay.h"
#include "core/arena.h"
#include "core/err.h"

#include <jansson.h>

#define WIRE_QUIZ_VERSION 1

/* An array of strings. */
json_t *wire_strings(const char *const *v, size_t n);

/* A quiz spec as stored in a quiz file ("kb" NULL or "" = all). */
json_t *wire_quiz_spec(const assay_quiz_spec *spec, const char *kb);

/* Question n (1-based) as shown; with_key adds "key" (the answer, accepted
 * forms, source). */
json_t *wire_question(const assay_question *q, size_t n, int with_key);

/*
 * Reads a question written by wire_question(q, n, 1) into *out; strings and
 * arrays live in `mem`. `what` names it in errors ("presentation 3").
 */
assay_code wire_question_parse(json_t *o, arena *mem, assay_question *out, errinfo *e,
                               const char *what);

/* The whole quiz (version, fingerprint, spec, questions, warnings), malloc'd compact text. */
char *wire_quiz(const assay_quiz *q, int with_key);

/* Sets the quiz's fingerprint: SHA-256 of the compact JSON of its spec and
 * keyless questions ({"spec":...,"questions":[...]}), written straight into
 * the hash without a jansson tree. 0, or -1 out of memory. */
int wire_quiz_fingerprint(assay_quiz *q);
/* The same through a jansson tree and json_dumps: the reference the direct
 * form must equal (tests). */
int wire_quiz_fingerprint_json(assay_quiz *q);

/* A learner's answer to q as JSON ({"choice": 2} / {"truth": true} / {"pairs": [...]} /
 * {"text": "..."}; {} for none). */
json_t *wire_answer(const assay_question *q, const assay_answer *a);

/* A grade: score, correct, typo, matched, covered, missed, reference. */
json_t *wire_grade(const assay_grade *g);
/* Adds a free-text grade's contradicted, confidence, needs_review (and
 * exact_only when set) to o (NULL: nothing). */
void wire_grade_review(json_t *o, const assay_grade *g);

/* ---- batch grading (wire/grade.c) ------------------------------------------------ */

/* "an object", "a whole number", ... for messages about a value of the wrong type. */
const char *wire_json_kind(const json_t *v);

/* A quiz file read back: its spec (arrays malloc'd, strings in root), the
 * knowledge base and the fingerprint it claims (in root, may be NULL). */
struct assay_quiz_file {
    json_t *root;
    assay_quiz_spec spec;
    const char **topics;
    int *levels;
    const char *kb;
    const char *fingerprint;
    char *file; /* its name in errors */
};

/* Parses a quiz file (`assay quiz --json`); errors name `file` (JSON syntax at
 * FILE:LINE:COL). *out is freed with wire_quiz_file_free. */
assay_code wire_quiz_file_parse(const char *file, const char *data, size_t len, errinfo *e,
                                assay_quiz_file **out);
/* ASSAY_EINPUT naming the file unless q (made from qf's spec) has the fingerprint qf claims. */
assay_code wire_quiz_file_check(const assay_quiz_file *qf, const assay_quiz *q, errinfo *e);
void wire_quiz_file_free(assay_quiz_file *qf); /* accepts NULL */

/* An answer sheet ({"answers": [{"n": 1, "answer": ...}, ...]}); after
 * wire_answer_sheet_match, ans[i] answers question i + 1 when given[i]. The
 * answers' text points into root; pairs holds every matching answer. */
struct assay_answer_sheet {
    json_t *root;
    json_t *answers;
    char *file;
    size_t n; /* questions matched; 0 before a successful match */
    assay_answer *ans;
    unsigned char *given;
    int *pairs;
};

/* Parses the JSON and its shape; *out is freed with wire_answer_sheet_free. */
assay_code wire_answer_sheet_parse(const char *file, const char *data, size_t len, errinfo *e,
                                   assay_answer_sheet **out);
/* Files each entry under its question of q and reads each answer as its
 * question's type wants; errors name the file and the entry or question. */
assay_code wire_answer_sheet_match(assay_answer_sheet *s, const assay_quiz *q, errinfo *e);
/* The answer to question i (0-based), NULL when none was given. */
const assay_answer *wire_answer_sheet_get(const assay_answer_sheet *s, size_t i);
void wire_answer_sheet_free(assay_answer_sheet *s); /* accepts NULL */

/* The result of question n (1-based) as `assay grade --json` prints it. */
json_t *wire_grade_result(const assay_question *p, size_t n, int answered, const assay_grade *g);

/* One line of a pairs file; a blank line is ASSAY_OK with *out NULL. Errors
 * are FILE:LINE. *out is one malloc'd block (the caller frees it). */
assay_code wire_pair_line_parse(const char *file, long line, const char *text, size_t len,
                                errinfo *e, assay_pair_line **out);
/* A pair's grade as `assay grade --pairs --json` prints it. */
json_t *wire_pair_grade(const assay_pair_line *p, const assay_grade *g);

#endif
