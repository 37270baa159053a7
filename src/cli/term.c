/*
 * term — terminal facts, word-wrapping by display width and line input.
 * Widths come from assay.h (utf8proc behind it), so a Hangul syllable is two
 * columns and is never split; a line is only ever broken at a space, or
 * inside an over-long word at a character boundary. Input is read as whole
 * lines (so an input method's composed syllables arrive together), capped at
 * TERM_LINE_CAP bytes, checked for UTF-8 and normalised to NFC.
 */
#include "term.h"

#include "assay.h"

#include <editline/readline.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int term_is_tty(int fd)
{
    return isatty(fd) == 1;
}

size_t term_width(void)
{
    struct winsize ws;
    size_t w = 0;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        w = ws.ws_col;
    if (w == 0) {
        const char *c = getenv("COLUMNS");
        char *end = NULL;
        unsigned long v = c && *c ? strtoul(c, &end, 10) : 0;
        if (end && *end == '\0' && v > 0 && v < 10000)
            w = (size_t)v;
    }
    if (w == 0)
        w = TERM_DEFAULT_WIDTH;
    return w < TERM_MIN_WIDTH ? TERM_MIN_WIDTH : w;
}

/* ---- wrapping ----------------------------------------------------------------- */

typedef struct wbuf {
    char *p;
    size_t n, cap;
    int oom;
} wbuf;

static void wb_put(wbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* A line that opens or closes a fenced code block ("```js", "~~~"). */
static int line_fence(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    return n - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0);
}

/* A row of a pipe table ("| a | b |"). */
static int line_is_row(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    return i < n && s[i] == '|' && n - i >= 2;
}

char *term_wrap(const char *text, size_t width, const char *first, const char *cont)
{
    wbuf b = {0};
    size_t wf = assay_text_width(first, strlen(first)), wc = assay_text_width(cont, strlen(cont));
    /* leave at least ten columns of text on every line */
    if (width < wf + 10)
        width = wf + 10;
    if (width < wc + 10)
        width = wc + 10;
    wb_put(&b, first, strlen(first));
    size_t col = wf, words = 0;
    const char *p = text;
    int fence = 0; /* inside a fenced code block */
    for (;;) {
        if (words == 0 && (p == text || p[-1] == '\n')) {
            /* code and table lines are shown as they are, never wrapped */
            size_t n = strcspn(p, "\n");
            int opens = line_fence(p, n);
            if (fence || opens || line_is_row(p, n)) {
                if (opens)
                    fence = !fence;
                wb_put(&b, p, n);
                p += n;
                if (*p == '\0')
                    break;
                p++; /* its newline: a blank line in code moves on too */
                wb_put(&b, "\n", 1);
                wb_put(&b, cont, strlen(cont));
                col = wc;
                continue;
            }
        }
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (*p == '\0')
            break;
        if (*p == '\n') {
            p++;
            wb_put(&b, "\n", 1);
            wb_put(&b, cont, strlen(cont));
            col = wc;
            words = 0;
            continue;
        }
        size_t n = strcspn(p, " \t\r\n");
        size_t w = assay_text_width(p, n);
        if (words && col + 1 + w > width) {
            wb_put(&b, "\n", 1);
            wb_put(&b, cont, strlen(cont));
            col = wc;
            words = 0;
        }
        if (words) {
            wb_put(&b, " ", 1);
            col++;
        }
        /* a word wider than what is left of a fresh line: break it */
        while (col + w > width) {
            size_t k = assay_text_prefix(p, n, width - col);
            if (k == 0) { /* one wide character cannot fit: take it whole */
                k = 1;
                while (k < n && ((unsigned char)p[k] & 0xC0) == 0x80)
                    k++;
            }
            wb_put(&b, p, k);
            wb_put(&b, "\n", 1);
            wb_put(&b, cont, strlen(cont));
            col = wc;
            p += k;
            n -= k;
            w = assay_text_width(p, n);
        }
        wb_put(&b, p, n);
        col += w;
        words++;
        p += n;
    }
    wb_put(&b, "\n", 1);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* ---- pipe tables ------------------------------------------------------------------ */

typedef struct cell {
    const char *s;
    size_t n, w;
} cell;

/* The cells of a row, '|' and spaces stripped (at most max). */
static size_t row_cells(const char *s, size_t n, cell *out, size_t max)
{
    size_t i = 0, k = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && s[i] == '|')
        i++;
    while (i < n && k < max) {
        size_t a = i;
        while (i < n && !(s[i] == '|' && (i == a || s[i - 1] != '\\')))
            i++;
        size_t b = i;
        while (a < b && s[a] == ' ')
            a++;
        while (b > a && s[b - 1] == ' ')
            b--;
        if (i >= n && b == a)
            break; /* after the closing '|' */
        out[k++] = (cell){s + a, b - a, assay_text_width(s + a, b - a)};
        if (i < n)
            i++;
    }
    return k;
}

/* "| --- | :---: |": the alignments ('l', 'c', 'r', 0), or 0 when not one. */
static int delimiter_row(const char *s, size_t n, char *align, size_t *ncols, size_t max)
{
    cell c[TERM_TABLE_COLS];
    size_t k = row_cells(s, n, c, max);
    if (k == 0)
        return 0;
    for (size_t i = 0; i < k; i++) {
        const char *p = c[i].s;
        size_t m = c[i].n;
        int left = m && p[0] == ':', right = m && p[m - 1] == ':';
        size_t dashes = 0;
        for (size_t j = left ? 1u : 0u; j < m - (right ? 1u : 0u); j++) {
            if (p[j] != '-')
                return 0;
            dashes++;
        }
        if (dashes == 0)
            return 0;
        align[i] = left && right ? 'c' : right ? 'r' : left ? 'l' : 0;
    }
    *ncols = k;
    return 1;
}

char *term_tables(const char *text)
{
    wbuf b = {0};
    const char *p = text;
    int fence = 0;
    while (*p) {
        size_t n = strcspn(p, "\n");
        const char *next = p + n + (p[n] == '\n');
        size_t n2 = strcspn(next, "\n");
        char align[TERM_TABLE_COLS];
        size_t ncols = 0;
        if (line_fence(p, n))
            fence = !fence;
        if (fence || !line_is_row(p, n) || !*next ||
            !delimiter_row(next, n2, align, &ncols, TERM_TABLE_COLS)) {
            wb_put(&b, p, (size_t)(next - p));
            p = next;
            continue;
        }
        /* the table: header, delimiter, rows while they are rows */
        const char *end = next + n2 + (next[n2] == '\n');
        while (*end && line_is_row(end, strcspn(end, "\n"))) {
            size_t m = strcspn(end, "\n");
            end += m + (end[m] == '\n');
        }
        size_t width[TERM_TABLE_COLS] = {0};
        for (int pass = 0; pass < 2; pass++) {
            for (const char *r = p; r < end;) {
                size_t m = strcspn(r, "\n");
                if (r != next) {
                    cell c[TERM_TABLE_COLS];
                    size_t k = row_cells(r, m, c, ncols);
                    for (size_t i = 0; i < ncols; i++) {
                        size_t w = i < k ? c[i].w : 0;
                        if (pass == 0) {
                            if (w > width[i])
                                width[i] = w;
                            continue;
                        }
                        size_t pad = width[i] - w, before = 0;
                        if (align[i] == 'r')
                            before = pad;
                        else if (align[i] == 'c')
                            before = pad / 2;
                        wb_put(&b, i ? " | " : "| ", i ? 3 : 2);
                        for (size_t j = 0; j < before; j++)
                            wb_put(&b, " ", 1);
                        if (i < k)
                            wb_put(&b, c[i].s, c[i].n);
                        for (size_t j = before; j < pad; j++)
                            wb_put(&b, " ", 1);
                    }
                } else if (pass == 1) {
                    for (size_t i = 0; i < ncols; i++) {
                        wb_put(&b, i ? "-|-" : "|-", 2 + (i > 0));
                        for (size_t j = 0; j < width[i]; j++)
                            wb_put(&b, "-", 1);
                    }
                }
                if (pass == 1) {
                    wb_put(&b, r == next ? "-|" : " |", 2);
                    if (r[m] == '\n')
                        wb_put(&b, "\n", 1);
                }
                r += m + (r[m] == '\n');
            }
        }
        p = end;
    }
    wb_put(&b, "", 0);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p ? b.p : calloc(1, 1);
}

/* ---- links and images ----------------------------------------------------------- */

/* The end of a link's bracketed text starting at s[i] == '[': the index of its
 * ']' (a backslash escapes the next byte; brackets nest), or 0 when none on
 * this line. */
static size_t link_text_end(const char *s, size_t i)
{
    int depth = 0;
    for (size_t j = i; s[j] && s[j] != '\n'; j++) {
        if (s[j] == '\\' && s[j + 1] && s[j + 1] != '\n') {
            j++;
        } else if (s[j] == '[') {
            depth++;
        } else if (s[j] == ']' && --depth == 0) {
            return j;
        }
    }
    return 0;
}

/* The address of "(url)" or "(<url>)" at s[i] == '(': sets [*a, *a + *an) and
 * returns the index just past ')', or 0 when it is no destination. */
static size_t link_dest(const char *s, size_t i, size_t *a, size_t *an)
{
    size_t j = i + 1;
    if (s[j] == '<') {
        size_t k = j + 1;
        while (s[k] && s[k] != '>' && s[k] != '\n')
            k++;
        if (s[k] != '>' || s[k + 1] != ')')
            return 0;
        *a = j + 1;
        *an = k - j - 1;
        return k + 2;
    }
    size_t k = j;
    while (s[k] && s[k] != ')' && s[k] != ' ' && s[k] != '\n' && s[k] != '(')
        k++;
    if (s[k] != ')' || k == j)
        return 0;
    *a = j;
    *an = k - j;
    return k + 1;
}

/* Link text with its backslash escapes undone. */
static void put_unescaped(wbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '[' || s[i + 1] == ']' || s[i + 1] == '\\'))
            i++;
        wb_put(b, s + i, 1);
    }
}

char *term_links(const char *text, int addresses, const char *image_label)
{
    wbuf b = {0};
    const char *s = text;
    int fence = 0, line_start = 1;
    size_t i = 0;
    while (s[i]) {
        if (line_start) {
            size_t n = strcspn(s + i, "\n");
            if (line_fence(s + i, n))
                fence = !fence;
            if (fence || line_fence(s + i, n)) { /* code lines as they are */
                n += s[i + n] == '\n';
                wb_put(&b, s + i, n);
                i += n;
                continue;
            }
            line_start = 0;
        }
        char ch = s[i];
        if (ch == '\n') {
            wb_put(&b, s + i++, 1);
            line_start = 1;
            continue;
        }
        if (ch == '\\' &&
            (s[i + 1] == '[' || s[i + 1] == '!')) { /* an escaped bracket is no link */
            wb_put(&b, s + i, 2);
            i += 2;
            continue;
        }
        if (ch == '`') { /* a code span as it is */
            size_t k = i;
            while (s[k] == '`')
                k++;
            size_t run = k - i, e = k;
            for (;;) {
                while (s[e] && s[e] != '`')
                    e++;
                if (!s[e])
                    break;
                size_t r = e;
                while (s[r] == '`')
                    r++;
                if (r - e == run) {
                    e = r;
                    break;
                }
                e = r;
            }
            if (!s[e] && e > k && s[e - 1] != '`')
                e = k; /* no closing run: the backticks are text */
            wb_put(&b, s + i, e - i);
            i = e;
            continue;
        }
        int image = ch == '!' && s[i + 1] == '[';
        size_t open = i + (size_t)image, close = 0, after = 0, a = 0, an = 0;
        if (s[open] == '[' && (close = link_text_end(s, open)) && s[close + 1] == '(')
            after = link_dest(s, close + 1, &a, &an);
        if (!after) {
            wb_put(&b, s + i++, 1);
            continue;
        }
        const char *t = s + open + 1;
        size_t tn = close - open - 1;
        if (image) {
            wb_put(&b, "[", 1);
            wb_put(&b, image_label, strlen(image_label));
            if (tn) {
                wb_put(&b, ": ", 2);
                put_unescaped(&b, t, tn);
            }
            wb_put(&b, "]", 1);
        } else {
            put_unescaped(&b, t, tn);
        }
        /* the address after the text, unless the text already is it */
        if (addresses && (tn != an || memcmp(t, s + a, an) != 0)) {
            wb_put(&b, " <", 2);
            wb_put(&b, s + a, an);
            wb_put(&b, ">", 1);
        }
        i = after;
    }
    wb_put(&b, "", 0);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p ? b.p : calloc(1, 1);
}

/* ---- input ---------------------------------------------------------------------- */

void term_in_init(term_in *in)
{
    in->f = stdin;
    in->edit = term_is_tty(STDIN_FILENO);
    if (in->edit) {
        rl_readline_name = "assay";
        using_history();
    }
}

void term_in_close(term_in *in)
{
    if (in->edit)
        clear_history();
    in->edit = 0;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

term_line term_clean(const char *raw, size_t len, char **line)
{
    *line = NULL;
    char *nfc = assay_text_nfc(raw, len);
    if (!nfc) /* invalid UTF-8 (or, rarely, out of memory: asking again is right for both) */
        return TERM_LINE_BAD_UTF8;
    size_t a = 0, z = strlen(nfc);
    while (a < z && is_space(nfc[a]))
        a++;
    while (z > a && is_space(nfc[z - 1]))
        z--;
    char *out = malloc(z - a + 1);
    if (out) {
        memcpy(out, nfc + a, z - a);
        out[z - a] = '\0';
    }
    assay_string_free(nfc);
    *line = out;
    return out ? TERM_LINE_OK : TERM_LINE_NOMEM;
}

/* A bounded line from a stream: the bytes up to '\n', at most cap of them. */
static term_line read_plain(FILE *f, char **raw, size_t *len)
{
    size_t cap = 256, n = 0;
    char *p = malloc(cap);
    int c, too_long = 0;
    if (!p)
        return TERM_LINE_NOMEM;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (too_long)
            continue;
        if (n >= TERM_LINE_CAP) {
            too_long = 1;
            continue;
        }
        if (n + 1 >= cap) {
            char *q = realloc(p, cap * 2);
            if (!q) {
                free(p);
                return TERM_LINE_NOMEM;
            }
            p = q;
            cap *= 2;
        }
        p[n++] = (char)c;
    }
    if (c == EOF && n == 0 && !too_long) {
        free(p);
        return TERM_LINE_EOF;
    }
    p[n] = '\0';
    if (too_long) {
        free(p);
        return TERM_LINE_TOO_LONG;
    }
    *raw = p;
    *len = n;
    return TERM_LINE_OK;
}

term_line term_read(term_in *in, const char *prompt, char **line)
{
    *line = NULL;
    char *raw = NULL;
    size_t len = 0;
    if (in->edit) {
        fflush(stdout);
        raw = readline(prompt ? prompt : "");
        if (!raw)
            return TERM_LINE_EOF;
        len = strlen(raw);
        if (len > TERM_LINE_CAP) {
            free(raw);
            return TERM_LINE_TOO_LONG;
        }
    } else {
        term_line r = read_plain(in->f, &raw, &len);
        if (r != TERM_LINE_OK)
            return r;
    }
    term_line r = len == 0 ? TERM_LINE_OK : term_clean(raw, len, line);
    if (len == 0 && !(*line = calloc(1, 1)))
        r = TERM_LINE_NOMEM;
    if (r == TERM_LINE_OK && in->edit && **line)
        add_history(*line);
    free(raw);
    return r;
}
