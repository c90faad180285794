#include "report/svg.h"

#include <math.h>
#include <stdio.h>

#include "report/page.h"

void svg_open(svg *s, lc_sb *sb, const char *id, const char *title, double w, double h) {
  *s = (svg){.sb = sb, .w = w, .h = h};
  lc_sb_printf(sb, "<svg id=\"%s\" role=\"img\" aria-labelledby=\"%s-title\" viewBox=\"0 0 %.0f %.0f\" "
               "width=\"%.0f\" height=\"%.0f\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"%s-title\">",
               id, id, w, h, w, h, id);
  page_text(sb, title);
  lc_sb_puts(sb, "</title>\n");
}

void svg_close(svg *s) { lc_sb_puts(s->sb, "</svg>\n"); }

void svg_frame(svg *s, double l, double t, double r, double b, double x0, double x1, double y0, double y1) {
  s->l = l;
  s->t = t;
  s->r = r;
  s->b = b;
  s->x0 = x0;
  s->x1 = x1 > x0 ? x1 : x0 + 1;
  s->y0 = y0;
  s->y1 = y1 > y0 ? y1 : y0 + 1;
}

double svg_px(const svg *s, double x) { return s->l + (x - s->x0) / (s->x1 - s->x0) * (s->r - s->l); }
double svg_py(const svg *s, double y) { return s->b - (y - s->y0) / (s->y1 - s->y0) * (s->b - s->t); }

double svg_step(double span, int ticks) {
  if (!(span > 0)) return 1;
  double raw = span / ticks, mag = 1;
  while (mag * 10 <= raw) mag *= 10;
  while (mag > raw) mag /= 10;
  double f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void tick_label(char *buf, double v, double step, svg_fmt fmt) {
  double scale = fmt == SVG_PCT ? 100 : 1;
  double shown = v * scale, st = step * scale;
  int decimals = st >= 1 ? 0 : st >= 0.1 ? 1 : st >= 0.01 ? 2 : 3;
  if (fabs(shown) < st / 1e6) shown = 0;                 /* no "-0" */
  snprintf(buf, 32, fmt == SVG_PCT ? "%.*f %%" : "%.*f", decimals, shown);
}

/* The multiples of step inside [lo, hi] (with a little slack for rounding): k·step for k in
 * [*first, *first + count). Counting in integers keeps long axes free of accumulated error. */
static long ticks(double lo, double hi, double step, long *first) {
  *first = (long)ceil(lo / step - 1e-9);
  long last = (long)floor(hi / step + 1e-9);
  return last >= *first ? last - *first + 1 : 0;
}

void svg_axis_x(svg *s, double step, svg_fmt fmt, const char *title) {
  char buf[32];
  long k0, n = ticks(s->x0, s->x1, step, &k0);
  for (long k = k0; k < k0 + n; k++) {
    double v = (double)k * step, x = svg_px(s, v);
    lc_sb_printf(s->sb, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x, s->t, x, s->b);
    tick_label(buf, v, step, fmt);
    svg_text(s, x, s->b + 15, "middle", "tick", buf);
  }
  lc_sb_printf(s->sb, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", s->l, s->b, s->r, s->b);
  if (title) svg_text(s, (s->l + s->r) / 2, s->b + 34, "middle", "label", title);
}

void svg_axis_y(svg *s, double step, svg_fmt fmt, const char *title) {
  char buf[32];
  long k0, n = ticks(s->y0, s->y1, step, &k0);
  for (long k = k0; k < k0 + n; k++) {
    double v = (double)k * step, y = svg_py(s, v);
    lc_sb_printf(s->sb, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", s->l, y, s->r, y);
    tick_label(buf, v, step, fmt);
    svg_text(s, s->l - 6, y + 4, "end", "tick", buf);
  }
  lc_sb_printf(s->sb, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", s->l, s->t, s->l, s->b);
  if (title) {
    double x = 14, y = (s->t + s->b) / 2;
    lc_sb_printf(s->sb, "<text class=\"label\" text-anchor=\"middle\" transform=\"translate(%.1f %.1f) rotate(-90)\">", x, y);
    page_text(s->sb, title);
    lc_sb_puts(s->sb, "</text>\n");
  }
}

void svg_rect_px(svg *s, double x, double y, double w, double h, const char *cls, const char *fill,
                 const char *tip) {
  if (w < 0) {
    x += w;
    w = -w;
  }
  if (h < 0) {
    y += h;
    h = -h;
  }
  lc_sb_printf(s->sb, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", cls, x, y, w, h);
  if (fill) lc_sb_printf(s->sb, " fill=\"%s\"", fill);
  if (!tip) {
    lc_sb_puts(s->sb, "/>\n");
    return;
  }
  lc_sb_puts(s->sb, "><title>");
  page_text(s->sb, tip);
  lc_sb_puts(s->sb, "</title></rect>\n");
}

void svg_bar(svg *s, double x0, double x1, double y0, double y1, const char *cls, const char *tip) {
  double px0 = svg_px(s, x0), px1 = svg_px(s, x1), py0 = svg_py(s, y0), py1 = svg_py(s, y1);
  svg_rect_px(s, px0, py1, px1 - px0, py0 - py1, cls, NULL, tip);
}

void svg_line(svg *s, double x0, double y0, double x1, double y1, const char *cls) {
  lc_sb_printf(s->sb, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", cls, svg_px(s, x0),
               svg_py(s, y0), svg_px(s, x1), svg_py(s, y1));
}

void svg_polyline(svg *s, const double *x, const double *y, size_t n, const char *cls) {
  lc_sb_printf(s->sb, "<polyline class=\"%s\" points=\"", cls);
  for (size_t i = 0; i < n; i++) lc_sb_printf(s->sb, "%s%.1f,%.1f", i ? " " : "", svg_px(s, x[i]), svg_py(s, y[i]));
  lc_sb_puts(s->sb, "\"/>\n");
}

void svg_text(svg *s, double x, double y, const char *anchor, const char *cls, const char *text) {
  lc_sb_printf(s->sb, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", cls, x, y, anchor);
  page_text(s->sb, text);
  lc_sb_puts(s->sb, "</text>\n");
}

void svg_legend(svg *s, double x, double y, const char *cls, const char *label) {
  svg_rect_px(s, x, y - 10, 12, 12, cls, NULL, NULL);
  svg_text(s, x + 17, y, "start", "label", label);
}
