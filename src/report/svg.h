/* Plots as inline SVG: a canvas with a plot box mapping data coordinates to pixels, axes with
 * round ticks and grid lines, bars, lines, polylines and text. Every mark may carry a <title>,
 * which browsers show on hover, so exact figures are one pointer away without any script.
 * Coordinates are written with one decimal: the output is the same on every machine.
 * Internal to src/report. */
#ifndef LEADC_REPORT_SVG_H
#define LEADC_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

typedef struct svg {
  lc_sb *sb;
  double w, h;                 /* the canvas (viewBox) */
  double l, t, r, b;           /* the plot box, in pixels */
  double x0, x1, y0, y1;       /* the data ranges mapped onto it */
} svg;

/* <svg id=ID role="img"> with a title for screen readers and hover. */
void svg_open(svg *s, lc_sb *sb, const char *id, const char *title, double w, double h);
void svg_close(svg *s);

/* The plot box (pixels) and the data ranges it shows. */
void svg_frame(svg *s, double l, double t, double r, double b, double x0, double x1, double y0, double y1);
double svg_px(const svg *s, double x);
double svg_py(const svg *s, double y);

/* A round step (1, 2 or 5 × 10^k) giving about `ticks` intervals over span. */
double svg_step(double span, int ticks);

typedef enum svg_fmt { SVG_NUM, SVG_PCT } svg_fmt;   /* tick labels: 12.5 or 12.5 % (of a ratio) */

/* Ticks, labels and grid lines every `step` across the plot box, and the axis title. */
void svg_axis_x(svg *s, double step, svg_fmt fmt, const char *title);
void svg_axis_y(svg *s, double step, svg_fmt fmt, const char *title);

/* A rectangle in data coordinates, with an optional hover title (escaped). */
void svg_bar(svg *s, double x0, double x1, double y0, double y1, const char *cls, const char *tip);
/* The same in pixels, with an explicit fill colour when fill is not NULL. */
void svg_rect_px(svg *s, double x, double y, double w, double h, const char *cls, const char *fill,
                 const char *tip);
void svg_line(svg *s, double x0, double y0, double x1, double y1, const char *cls);
/* n points (x[i], y[i]) in data coordinates. */
void svg_polyline(svg *s, const double *x, const double *y, size_t n, const char *cls);
/* Text at a pixel position; anchor "start", "middle" or "end"; text escaped. */
void svg_text(svg *s, double x, double y, const char *anchor, const char *cls, const char *text);
/* A legend entry: a swatch of class cls and its label, at a pixel position. */
void svg_legend(svg *s, double x, double y, const char *cls, const char *label);

#endif
