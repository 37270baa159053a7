/* gen/quiz — a quiz from an engine: selection, types, JSON, fingerprint. */
#ifndef ASSAY_GEN_QUIZ_H
#define ASSAY_GEN_QUIZ_H

#include "gen/gen.h"

#define QUIZ_MAX_QUESTIONS 500

/* Generates a quiz (without its fingerprint: wire_quiz_fingerprint sets it). */
assay_code quiz_generate(const assay_engine *e, errinfo *err, const assay_quiz_spec *spec,
                         assay_quiz **out);
/* Marks in sel[0..e->n_topics) the topics named (numbers or title pieces; none
 * = all), only of knowledge base kb when kb is neither NULL nor "";
 * ASSAY_ENOTFOUND for a name that matches no topic, or a kb with none. */
assay_code quiz_select_topics(const assay_engine *e, errinfo *err, const char *kb,
                              const char *const *topics, size_t n_topics, char *sel);
/* One question of type t for item i (0 made, 1 the item cannot, -1 memory). */
int quiz_make(const assay_engine *e, assay_qtype t, uint32_t i, int k, rng *r, arena *a,
              g_question *q);
/* How many of quiz q's questions another question of q near-leaks (the rule
 * of gen_near_leak, checked from the quiz alone: its shown texts against
 * each question's key option, cloze answers, reference answer or matching
 * answers); -1 when out of memory (gen/audit.c). */
long audit_near_leaks(const assay_engine *e, const assay_quiz *q);
/* assay_audit's work (gen/audit.c); errors go to err. */
assay_code audit_run(const assay_engine *e, errinfo *err, const assay_audit_opts *opts, char **json,
                     int *ok);

#endif
