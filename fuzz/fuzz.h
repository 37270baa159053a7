/*
 * fuzz — what the libFuzzer targets in fuzz/ share: a context made once per
 * process, and for the targets that need one, a bank in a temporary folder
 * holding the bundled knowledge base with an engine over it (made once, in
 * LLVMFuzzerInitialize, and kept until the process ends). Only the fuzz
 * targets include this; the library knows nothing of fuzzing.
 */
#ifndef ASSAY_FUZZ_FUZZ_H
#define ASSAY_FUZZ_FUZZ_H

#include "assay.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The process's context (made at the first call; NULL when out of memory). */
assay *fuzz_ctx(void);

/* A bank (SQLite, in a temporary folder removed at exit) with the bundled
 * knowledge base stored, and an engine over it; the bank's URL in *url when
 * url is not NULL. Aborts the process on failure: a fuzz target that cannot
 * set up finds nothing. Owned by fuzz.c. */
void fuzz_bank(assay_bank **bank, const assay_engine **engine, const char **url);

/* A NUL-terminated malloc'd copy of data[0..size) (the caller frees). */
char *fuzz_str(const uint8_t *data, size_t size);

#endif
