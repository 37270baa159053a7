/*
 * svg.c — the SVG writer and the XML escaping shared with html.c. Every
 * string from the data reaches the output through svg_escn; nothing else
 * writes data text into markup.
 */
#include "report/svg.h"

#include "core/u8.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

void svg_escn(rp_w *w, const char *s, size_t n)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    size_t run = 0;                                   /* start of the bytes copied as they are */
    size_t i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        const char *rep = NULL;
        size_t len = 1;
        if (ch < 0x80) {
            switch (ch) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&#39;"; break;
            default:
                if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
                    rep = replacement;
                else if (ch == 0x7F)
                    rep = replacement;
            }
        } else {
            int32_t cp;
            len = u8_decode(s + i, n - i, &cp);
            /* An invalid sequence decodes as U+FFFD from one byte. */
            if ((cp == 0xFFFD && len == 1) || cp == 0xFFFE || cp == 0xFFFF)
                rep = replacement;
        }
        if (rep) {
            rp_putn(w, s + run, i - run);
            rp_put(w, rep);
            run = i + len;
        }
        i += len;
    }
    rp_putn(w, s + run, n - run);
}

void svg_esc(rp_w *w, const char *s)
{
    if (s)
        svg_escn(w, s, strlen(s));
}

static int svg_finite(double a, double b, double c, double d)
{
    return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

static void svg_attr(rp_w *w, const char *name, const char *value)
{
    if (!value)
        return;
    rp_putf(w, " %s=\"", name);
    svg_esc(w, value);
    rp_put(w, "\"");
}

void svg_open(rp_w *w, double width, double height, const char *cls, const char *label)
{
    rp_putf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\"",
            isfinite(width) ? width : 0, isfinite(height) ? height : 0);
    svg_attr(w, "class", cls);
    rp_put(w, " role=\"img\"");
    svg_attr(w, "aria-label", label);
    rp_put(w, ">\n");
    if (label) {
        rp_put(w, "<title>");
        svg_esc(w, label);
        rp_put(w, "</title>\n");
    }
}

void svg_close(rp_w *w)
{
    rp_put(w, "</svg>\n");
}

void svg_title(rp_w *w, const char *text)
{
    rp_put(w, "<title>");
    svg_esc(w, text);
    rp_put(w, "</title>");
}

void svg_g_open(rp_w *w, const char *cls, const char *title)
{
    rp_put(w, "<g");
    svg_attr(w, "class", cls);
    rp_put(w, ">");
    if (title)
        svg_title(w, title);
}

void svg_g_close(rp_w *w)
{
    rp_put(w, "</g>\n");
}

void svg_line(rp_w *w, double x1, double y1, double x2, double y2, const char *cls)
{
    if (!svg_finite(x1, y1, x2, y2))
        return;
    rp_putf(w, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"", x1, y1, x2, y2);
    svg_attr(w, "class", cls);
    rp_put(w, "/>\n");
}

void svg_rect(rp_w *w, double x, double y, double width, double height, const char *cls,
              const char *fill)
{
    if (!svg_finite(x, y, width, height) || width < 0 || height < 0)
        return;
    rp_putf(w, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x, y, width, height);
    svg_attr(w, "class", cls);
    svg_attr(w, "fill", fill);
    rp_put(w, "/>\n");
}

void svg_circle(rp_w *w, double cx, double cy, double r, const char *cls)
{
    if (!svg_finite(cx, cy, r, 0) || r < 0)
        return;
    rp_putf(w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", cx, cy, r);
    svg_attr(w, "class", cls);
    rp_put(w, "/>\n");
}

void svg_poly(rp_w *w, const double *xy, size_t n, int closed, const char *cls)
{
    for (size_t i = 0; i < n; i++)
        if (!svg_finite(xy[2 * i], xy[2 * i + 1], 0, 0))
            return;
    rp_put(w, closed ? "<polygon points=\"" : "<polyline points=\"");
    for (size_t i = 0; i < n; i++)
        rp_putf(w, "%s%.1f,%.1f", i ? " " : "", xy[2 * i], xy[2 * i + 1]);
    rp_put(w, "\"");
    svg_attr(w, "class", cls);
    rp_put(w, "/>\n");
}

void svg_text(rp_w *w, double x, double y, const char *anchor, const char *cls, const char *fill,
              const char *text)
{
    if (!svg_finite(x, y, 0, 0))
        return;
    rp_putf(w, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
    svg_attr(w, "text-anchor", anchor);
    svg_attr(w, "class", cls);
    if (fill) {
        /* a style, not the attribute: the page's CSS sets text fill and would win */
        rp_put(w, " style=\"fill:");
        svg_esc(w, fill);
        rp_put(w, "\"");
    }
    rp_put(w, ">");
    svg_esc(w, text);
    rp_put(w, "</text>\n");
}
