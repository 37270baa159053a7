/*
 * term — what the terminal is and how text fits it: whether standard input
 * and output are terminals, the width in columns, word-wrapping of UTF-8 text
 * by display width (Hangul counts two columns; lines break at spaces, never
 * inside a syllable; continuation lines get a hanging indent), and reading
 * one whole answer line (libedit on a terminal, a bounded read otherwise).
 */
#ifndef ASSAY_CLI_TERM_H
#define ASSAY_CLI_TERM_H

#include <stddef.h>
#include <stdio.h>

#define TERM_LINE_CAP      ((size_t)64 << 10) /* the longest answer line read */
#define TERM_DEFAULT_WIDTH 80
#define TERM_MIN_WIDTH     20

/* 1 when file descriptor fd is a terminal. */
int term_is_tty(int fd);

/* Columns of the terminal on standard output (TIOCGWINSZ), else $COLUMNS,
 * else 80; never below TERM_MIN_WIDTH. */
size_t term_width(void);

/*
 * Wraps text into lines of at most width display columns. The first line
 * starts with `first` and every other one with `cont` (both may be "" and are
 * counted in the width). Each '\n' in text starts a new line (with `cont`).
 * Runs of spaces become one; a word wider than a line is broken at a
 * character boundary. Lines of fenced code and of pipe tables are kept as
 * they are (not wrapped). Every line ends with '\n'. Returns a malloc'd string
 * (the caller frees), NULL when out of memory.
 */
char *term_wrap(const char *text, size_t width, const char *first, const char *cont);

/*
 * Pipe tables in text ("| a | b |", then "| --- | ---: |", then rows) with
 * their cells padded to the widest of each column by display width, aligned as
 * the delimiter row says; everything else, fenced code included, unchanged.
 * term_wrap shows table rows and fenced code lines as they are. At most
 * TERM_TABLE_COLS columns. Returns a malloc'd string (the caller frees), NULL
 * when out of memory.
 */
#define TERM_TABLE_COLS 32
char *term_tables(const char *text);

/*
 * Markdown links and images in text as a terminal shows them: "[t](url)" as
 * "t <url>", "![alt](src)" as "[image_label: alt] <src>" (the address left
 * out when addresses is 0, as inside an answer choice, or when the text is the
 * address itself); link text unescaped. Code spans and fenced code stay as
 * they are, and so does anything that is not a whole link. Returns a malloc'd
 * string (the caller frees), NULL when out of memory.
 */
char *term_links(const char *text, int addresses, const char *image_label);

typedef enum term_line {
    TERM_LINE_OK,       /* *line holds the answer (NFC, trimmed) */
    TERM_LINE_EOF,      /* no more input (or Ctrl-D) */
    TERM_LINE_TOO_LONG, /* longer than TERM_LINE_CAP bytes; the rest of the line was dropped */
    TERM_LINE_BAD_UTF8, /* not valid UTF-8 */
    TERM_LINE_NOMEM
} term_line;

typedef struct term_in {
    FILE *f;
    int edit; /* read through libedit (standard input is a terminal) */
} term_in;

/* Reads from standard input; libedit when it is a terminal. */
void term_in_init(term_in *in);
void term_in_close(term_in *in);

/* Reads one line; prompt is shown only on a terminal. On TERM_LINE_OK *line
 * is malloc'd (the caller frees) with surrounding white space removed. */
term_line term_read(term_in *in, const char *prompt, char **line);

/* The same check and normalisation on a line already read: NFC, trimmed. */
term_line term_clean(const char *raw, size_t len, char **line);

#endif
