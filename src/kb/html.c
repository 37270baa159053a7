#include "html.h"

#include <stdint.h>
#include <string.h>

/* A longer "tag" is taken as text: keeps the scan linear on hostile input. */
#define HTML_TAG_MAX 1024

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int put_cp(buf *out, uint32_t cp)
{
    char u[4];
    size_t k;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        k = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    return buf_add(out, u, k);
}

static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},      {"quot", '"'},    {"apos", '\''},
    {"nbsp", 0xA0},    {"middot", 0xB7},  {"rarr", 0x2192}, {"larr", 0x2190}, {"hellip", 0x2026},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"times", 0xD7},
};

int html_decode(const char *s, size_t n, buf *out)
{
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t stop = amp ? (size_t)(amp - s) : n;
        if (buf_add(out, s + i, stop - i) != 0)
            return -1;
        i = stop;
        if (i >= n)
            break;
        /* a character reference: &name; &#123; &#x1F; (at most 10 bytes) */
        size_t j = i + 1;
        uint32_t cp = 0;
        int ok = 0;
        if (j < n && s[j] == '#') {
            j++;
            int hex = j < n && (s[j] == 'x' || s[j] == 'X');
            if (hex)
                j++;
            size_t d = j;
            while (j < n && j - d < 7) {
                int c = s[j], v;
                if (c >= '0' && c <= '9')
                    v = c - '0';
                else if (hex && c >= 'a' && c <= 'f')
                    v = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F')
                    v = c - 'A' + 10;
                else
                    break;
                cp = cp * (hex ? 16u : 10u) + (uint32_t)v;
                j++;
            }
            ok = j > d && j < n && s[j] == ';';
        } else {
            size_t d = j;
            while (j < n && j - d < 8 && is_alpha((unsigned char)s[j]))
                j++;
            if (j < n && s[j] == ';') {
                for (size_t e = 0; e < sizeof entities / sizeof entities[0]; e++) {
                    if (strlen(entities[e].name) == j - d &&
                        memcmp(entities[e].name, s + d, j - d) == 0) {
                        cp = entities[e].cp;
                        ok = 1;
                        break;
                    }
                }
            }
        }
        if (ok) {
            if (put_cp(out, cp) != 0)
                return -1;
            i = j + 1;
        } else {
            if (buf_addc(out, '&') != 0)
                return -1;
            i++;
        }
    }
    return 0;
}

static long count_nl(const char *s, size_t n)
{
    long c = 0;
    for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))); p++)
        c++;
    return c;
}

/* End of a skipped construct starting at s[i] (after '<'): offset after its end. */
static size_t skip_to(const char *s, size_t n, size_t i, const char *end)
{
    size_t k = strlen(end);
    while (i + k <= n) {
        const char *p = memchr(s + i, end[0], n - i);
        if (!p)
            return n;
        i = (size_t)(p - s);
        if (i + k <= n && memcmp(s + i, end, k) == 0)
            return i + k;
        i++;
    }
    return n;
}

int html_scan(const char *s, size_t n, long line, const html_sink *sink)
{
    buf text;
    buf_init(&text, n * 4 + 16);
    size_t i = 0, text_start = 0;
    size_t line_pos = 0; /* lines are counted forward only: linear time */
    int rc = 0;
    while (i <= n) {
        int tag_here = 0;
        size_t end = i, name_a = 0, name_b = 0;
        int closing = 0, skip = 0;
        if (i < n && s[i] == '<') {
            if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
                end = skip_to(s, n, i + 4, "-->");
                skip = 1;
            } else if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
                end = skip_to(s, n, i + 2, ">");
                skip = 1;
            } else {
                size_t j = i + 1;
                if (j < n && s[j] == '/') {
                    closing = 1;
                    j++;
                }
                if (j < n && is_alpha((unsigned char)s[j])) {
                    name_a = j;
                    while (j < n && (is_alpha((unsigned char)s[j]) ||
                                     (s[j] >= '0' && s[j] <= '9') || s[j] == '-'))
                        j++;
                    name_b = j;
                    /* attributes, honouring quotes */
                    char q = 0;
                    size_t lim = n - j > HTML_TAG_MAX ? j + HTML_TAG_MAX : n;
                    while (j < lim && (q || s[j] != '>')) {
                        if (q && s[j] == q)
                            q = 0;
                        else if (!q && (s[j] == '"' || s[j] == '\''))
                            q = s[j];
                        j++;
                    }
                    if (j < lim) {
                        end = j + 1;
                        tag_here = 1;
                    }
                }
            }
        }
        if (i == n || tag_here || skip) {
            if (i > text_start) {
                buf_reset(&text);
                if (html_decode(s + text_start, i - text_start, &text) != 0) {
                    rc = -1;
                    break;
                }
                if (sink->text && text.len) {
                    line += count_nl(s + line_pos, text_start - line_pos);
                    line_pos = text_start;
                    sink->text(sink->ud, text.p, text.len, line);
                }
            }
            if (i == n)
                break;
            if (tag_here && sink->tag) {
                char name[16];
                size_t k = name_b - name_a < sizeof name - 1 ? name_b - name_a : sizeof name - 1;
                for (size_t c = 0; c < k; c++) {
                    char ch = s[name_a + c];
                    name[c] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
                }
                name[k] = '\0';
                line += count_nl(s + line_pos, i - line_pos);
                line_pos = i;
                sink->tag(sink->ud, name, closing, line);
            }
            i = end;
            text_start = end;
            continue;
        }
        /* advance to the next '<' */
        const char *p = memchr(s + i + 1, '<', n - i - 1);
        i = p ? (size_t)(p - s) : n;
    }
    buf_free(&text);
    return rc;
}
