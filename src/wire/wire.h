/*
 * wire — JSON to and from the public types: quiz specs, questions (with or
 * without their key), quizzes and their fingerprints, answers, grades. One
 * module owns the wire format (docs/json.md) so that the CLI, the session
 * layer and the server write and read the same bytes; the front ends keep
 * only argument parsing and printing.
 *
 * Writers return new jansson references (NULL when out of memory). Readers
 * never trust their input: every field is checked for presence, type and
 * range, and a failure is ASSAY_EINPUT naming the field ("questions[3].key.
 * option"), with strings copied into the caller's arena.
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

/* Sets the quiz's fingerprint: SHA-256 of its spec and keyless questions. 0, or -1 out of memory.
 */
int wire_quiz_fingerprint(assay_quiz *q);

/* A learner's answer to q as JSON ({"choice": 2} / {"truth": true} / {"pairs": [...]} /
 * {"text": "..."}; {} for none). */
json_t *wire_answer(const assay_question *q, const assay_answer *a);

/* A grade: score, correct, typo, matched, covered, missed, reference. */
json_t *wire_grade(const assay_grade *g);

#endif
