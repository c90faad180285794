/* The frame of every HTML report: head with the stylesheet and the no-fetch policy, headings,
 * tables, figures, and escaping. Internal to src/report. */
#ifndef LEADC_REPORT_PAGE_H
#define LEADC_REPORT_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

void page_begin(lc_sb *sb, const char *title);
void page_end(lc_sb *sb);

/* Text with & < > " escaped. */
void page_text(lc_sb *sb, const char *s);
void page_textn(lc_sb *sb, const char *s, size_t n);

/* <div class="cards">: a few headline figures. */
void page_cards_begin(lc_sb *sb);
void page_card(lc_sb *sb, const char *label, const char *value);
void page_cards_end(lc_sb *sb);

/* A figure around one SVG plot, with a caption under it. */
void page_figure_begin(lc_sb *sb);
void page_figure_end(lc_sb *sb, const char *caption);

/* Tables: cells are escaped; numeric cells are right-aligned. */
void page_table_begin(lc_sb *sb, const char *const *heads, size_t n);
void page_row_begin(lc_sb *sb);
void page_cell(lc_sb *sb, const char *text, bool numeric);
void page_row_end(lc_sb *sb);
void page_table_end(lc_sb *sb);

/* Figures as text: percentages and fixed decimals; "n/a" for NaN. buf holds 32 bytes. */
const char *page_pct(char *buf, double ratio);
const char *page_fixed(char *buf, double v, int decimals);

#endif
