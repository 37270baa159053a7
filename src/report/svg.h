/*
 * svg — a small SVG writer for the report's charts, and the one XML escaping
 * function every HTML and SVG text goes through (svg_esc). Coordinates are
 * user units of the chart's viewBox, written with one decimal; an element
 * with a coordinate that is not finite is left out. Class names and colours
 * are the caller's constants but are escaped too.
 */
#ifndef ASSAY_REPORT_SVG_H
#define ASSAY_REPORT_SVG_H

#include "report/report_int.h"

#include <stddef.h>

/* Appends s (NULL = "") with & < > " ' as entities, and every character XML
 * 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF) and every
 * invalid byte as U+FFFD. Safe in text and in quoted attributes. */
void svg_esc(rp_w *w, const char *s);
/* The same for s[0..n). */
void svg_escn(rp_w *w, const char *s, size_t n);

/* <svg xmlns=… viewBox="0 0 W H" role="img" aria-label="label" class="cls"> */
void svg_open(rp_w *w, double width, double height, const char *cls, const char *label);
void svg_close(rp_w *w);
/* <g class="cls"> with an optional <title> (a tooltip; NULL = none). */
void svg_g_open(rp_w *w, const char *cls, const char *title);
void svg_g_close(rp_w *w);
void svg_title(rp_w *w, const char *text);

void svg_line(rp_w *w, double x1, double y1, double x2, double y2, const char *cls);
/* fill: a colour, or NULL to leave it to the class. */
void svg_rect(rp_w *w, double x, double y, double width, double height, const char *cls,
              const char *fill);
void svg_circle(rp_w *w, double cx, double cy, double r, const char *cls);
/* n points xy[2i], xy[2i+1]; closed = polygon, else polyline. */
void svg_poly(rp_w *w, const double *xy, size_t n, int closed, const char *cls);
/* anchor: "start", "middle" or "end"; fill as for svg_rect. */
void svg_text(rp_w *w, double x, double y, const char *anchor, const char *cls, const char *fill,
              const char *text);

#endif
