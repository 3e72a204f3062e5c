/* xlsx.h - the 台账 as an Excel workbook, written with libxlsxwriter when
 * luoshi was built with it (configure --with-xlsxwriter, the default when
 * found): a sheet of all tasks or one per lead unit, each with a frozen
 * header row, an autofilter, widths that fit Chinese text, dates as real
 * dates and lateness coloured; a summary sheet with counts per section
 * and per unit; with a period, the period's report first. No curses. */
#ifndef LUOSHI_XLSX_H
#define LUOSHI_XLSX_H

#include "luoshi/db.h"

struct xlsx_opts {
	long long doc_id;        /* 0: every document */
	int by_unit;             /* a sheet per lead unit instead of one for all */
	const struct period *period; /* NULL: no period report sheet */
	const char *unit;        /* the period report of one unit; NULL: all */
};

/* 1 when this build writes XLSX. */
int xlsx_available(void);
/* Write the workbook to path (created or replaced; nothing is left behind
 * on failure). Without libxlsxwriter: LU_USAGE with one sentence. */
enum lu_status xlsx_write(struct db *db, const struct xlsx_opts *o, const char *path);

#endif
