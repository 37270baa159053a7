/*
 * out — terminal output: colour only on a terminal and never with NO_COLOR,
 * and tables whose columns line up with Hangul (two columns a syllable).
 */
#ifndef ASSAY_CLI_OUT_H
#define ASSAY_CLI_OUT_H

#include <stddef.h>
#include <stdio.h>

typedef struct term_out {
    FILE *f;
    int color;
    size_t width; /* terminal columns, 0 when not a terminal */
} term_out;

void out_init(term_out *o, FILE *f, int no_color);

typedef enum style { ST_NONE, ST_BOLD, ST_DIM, ST_ID, ST_WARN, ST_ERR, ST_OK, ST_HEAD } style;

/* Escape sequence to start a style ("" without colour) and to end it. */
const char *out_on(const term_out *o, style s);
const char *out_off(const term_out *o);

typedef enum align { AL_LEFT, AL_RIGHT } align;

typedef struct table_col {
    const char *header;
    align al;
    style st;
    int flex; /* this column gives way when the terminal is too narrow */
} table_col;

typedef struct table {
    const table_col *cols;
    size_t ncols;
    char **cells; /* row-major, malloc'd copies */
    size_t nrows, cap;
    int oom;
} table;

void table_init(table *t, const table_col *cols, size_t ncols);
/* Copies the row's cells (NULL = ""). */
void table_add(table *t, const char *const *cells);
/* Prints header and rows; returns -1 if a row could not be stored. */
int table_print(table *t, const term_out *o);
void table_free(table *t);

#endif
