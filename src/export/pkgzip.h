/*
 * export/pkgzip — the zip packages of the QTI and Anki writers, built in memory through libzip with
 * fixed timestamps, so that the same files give the same bytes. Shared by qti.c and anki.c only.
 */
#ifndef ASSAY_EXPORT_PKGZIP_H
#define ASSAY_EXPORT_PKGZIP_H
#include "export.h"

typedef struct exp_zip exp_zip;

/* A new empty package (NULL when out of memory, with set->err filled); exp_zip_finish or
 * exp_zip_discard frees it. */
exp_zip *exp_zip_new(exp_set *set);
/* Adds one entry NAME holding DATA (LEN bytes, taken over: the package frees it, also on failure).
 * Entries keep the order they are added in. */
assay_code exp_zip_add(exp_zip *z, const char *name, unsigned char *data, size_t len);
/* Writes the package into *out (malloc'd, *len bytes; the caller frees) and frees Z. */
assay_code exp_zip_finish(exp_zip *z, unsigned char **out, size_t *len);
void exp_zip_discard(exp_zip *z); /* accepts NULL */
#endif
