/* support — helpers shared by the test programs. */
#ifndef ASSAY_TEST_SUPPORT_H
#define ASSAY_TEST_SUPPORT_H

#include "assay.h"

#include <stddef.h>

/* The whole file, NUL-terminated (malloc'd); NULL if unreadable. */
char *t_read_file(const char *path, size_t *len);
/* Writes len bytes; 0 on success. */
int t_write_file(const char *path, const void *data, size_t len);
/* A new empty directory under $TMPDIR or /tmp (malloc'd path). */
char *t_tmpdir(void);
/* Removes a directory tree (rm -rf). */
void t_rm_rf(const char *path);
/* path joined: dir + "/" + name, malloc'd. */
char *t_path(const char *dir, const char *name);
/* SHA-256 hex of a file's bytes, or "-" if it does not exist (static buffer). */
const char *t_file_hash(const char *path);

typedef struct t_run {
    int status; /* exit status, or 128+signal */
    char *out;  /* standard output, NUL-terminated */
    size_t out_len;
    char *err; /* standard error */
    size_t err_len;
} t_run;

/* Runs argv (argv[0] a path) with extra environment entries ("K=V" sets, a
 * bare "K" unsets; NULL-terminated list, may be NULL) and stdin_data (may be NULL). Returns 0 when
 * the program ran. Free with t_run_free. */
int t_exec(const char *const *argv, const char *const *env, const char *stdin_data, t_run *r);
void t_run_free(t_run *r);

/* A new assay context, the bank at url (sqlite URL) with the bundled
 * knowledge base imported, and an engine over kb (NULL = every knowledge
 * base). 0 on success; on failure whatever was opened is left in *a, *b, *e
 * for t_bank_close. */
int t_bank_open(const char *url, const char *kb, assay **a, assay_bank **b, assay_engine **e);
void t_bank_close(assay *a, assay_bank *b, assay_engine *e);

/* A bank of one small document of a test's own: `md` written as NAME.md in
 * a new temporary folder, imported into a new SQLite bank there, and an
 * engine over the knowledge base NAME. 0 on success; t_doc_bank_close frees
 * whatever was opened, on success or failure. */
typedef struct t_doc_bank {
    char *dir, *md;
    char url[600];
    assay *a;
    assay_bank *b;
    assay_engine *e;
} t_doc_bank;
int t_doc_bank_open(t_doc_bank *f, const char *name, const char *md);
void t_doc_bank_close(t_doc_bank *f);

/* A golden file's text for comparing with got: when ASSAY_UPDATE_GOLDEN is
 * set, got (and a newline) is written to path first; the file's text with
 * its trailing newlines taken off (malloc'd), NULL if unreadable. */
char *t_golden(const char *path, const char *got);

/* Counts non-overlapping occurrences of needle in hay. */
size_t t_count(const char *hay, const char *needle);

#endif
