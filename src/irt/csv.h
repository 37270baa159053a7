/*
 * irt/csv — a response matrix collected elsewhere, as CSV (RFC 4180):
 * a header row naming the items, then one row per person; cells 0, 1, a
 * fraction between them (partial credit), or empty / NA / N/A / "." for not
 * answered. Optionally the first column names the persons. The delimiter is
 * the most frequent of ',' ';' and tab in the header row (spreadsheets in
 * many locales export ';'). A UTF-8 BOM and CRLF line ends are accepted.
 *
 * Parsing is one linear pass with explicit state. Every error names the line
 * and the column (the field's number, 1-based) and, for a cell, the item.
 */
#ifndef ASSAY_IRT_CSV_H
#define ASSAY_IRT_CSV_H

#include "core/arena.h"
#include "core/err.h"
#include "irt/calib.h"

#define RESP_CSV_MAX_COLUMNS 100000

typedef struct resp_table {
    arena mem;
    size_t n_items, n_persons, n_resp;
    char **items;   /* item names from the header, NFC */
    char **persons; /* person ids (id column), else NULL */
    size_t *start;  /* n_persons + 1 */
    irt_resp *resp;
    long *line; /* the line each person's row starts on */
} resp_table;

/* Parses data[0..len) read from `file`. On success *t owns everything (free
 * with resp_table_free). Bad input: ASSAY_EINPUT with file:line:column. */
assay_code resp_csv_parse(const char *file, const char *data, size_t len, int id_column,
                          resp_table *t, errinfo *e);
void resp_table_free(resp_table *t);

/* The data as calibration input (pointers into t). */
irt_data resp_table_data(const resp_table *t);

#endif
