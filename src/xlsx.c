/* xlsx.c - the 台账 as an Excel workbook (see xlsx.h), with libxlsxwriter:
 * a maintained C library that Excel, WPS and LibreOffice read, rather than
 * a zip and XML writer of our own. */
#include "config.h"
#include "luoshi/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"

#ifndef HAVE_XLSXWRITER

int xlsx_available(void)
{
	return 0;
}

enum lu_status xlsx_write(struct db *db, const struct xlsx_opts *o, const char *path)
{
	(void)db, (void)o, (void)path;
	return lu_error(LU_USAGE, _("this luoshi was built without libxlsxwriter, so it cannot"
				    " write XLSX (Debian: apt-get install libxlsxwriter-dev, then"
				    " rebuild); --format csv opens in Excel and WPS too"));
}

#else

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "xlsx_lib.h"

#include "luoshi/ledger.h"
#include "luoshi/preport.h"
#include "luoshi/text.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

int xlsx_available(void)
{
	return 1;
}

/* libxlsxwriter tells its own errors on stderr, in English ("[ERROR]
 * workbook_close(): Error creating …"), which on the screens lands in the
 * middle of the curses display: it works with stderr on /dev/null, and
 * luoshi says in one sentence what went wrong. */
static int quiet_begin(void)
{
	fflush(stderr);
	int saved = dup(2), nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved >= 0 && nul >= 0)
		dup2(nul, 2);
	if (nul >= 0)
		close(nul);
	return saved;
}

static void quiet_end(int saved)
{
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
}

/* A temporary name of our own beside path (two users exporting at once
 * never share one), made here so that a missing or unwritable directory
 * is told with its reason before the workbook is built. */
static enum lu_status make_tmp(const char *path, char **tmp)
{
	int fd = lu_tmp_beside(path, tmp);
	if (fd < 0) {
		enum lu_status s = lu_error(LU_ERR, _("cannot write %s: %s"), path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return s;
	}
	close(fd);
	return LU_OK;
}

struct book {
	lxw_workbook *wb;
	lxw_format *head, *text, *date, *pct, *late[LATE_RED + 1];
	char **names; /* sheet names used */
	size_t nnames;
};

static void formats(struct book *k)
{
	static const lxw_color_t fill[] = {0, 0xFFFF00, 0xFFC000, 0xFF0000};
	k->head = workbook_add_format(k->wb);
	format_set_bold(k->head);
	format_set_pattern(k->head, LXW_PATTERN_SOLID);
	format_set_bg_color(k->head, 0xD9E1F2);
	format_set_text_wrap(k->head);
	k->text = workbook_add_format(k->wb);
	format_set_text_wrap(k->text);
	format_set_align(k->text, LXW_ALIGN_VERTICAL_TOP);
	k->date = workbook_add_format(k->wb);
	format_set_num_format(k->date, "yyyy-mm-dd");
	format_set_align(k->date, LXW_ALIGN_VERTICAL_TOP);
	k->pct = workbook_add_format(k->wb);
	format_set_num_format(k->pct, "0%");
	format_set_align(k->pct, LXW_ALIGN_VERTICAL_TOP);
	for (int v = LATE_YELLOW; v <= LATE_RED; v++) {
		k->late[v] = workbook_add_format(k->wb);
		format_set_pattern(k->late[v], LXW_PATTERN_SOLID);
		format_set_bg_color(k->late[v], fill[v]);
		format_set_align(k->late[v], LXW_ALIGN_VERTICAL_TOP);
		if (v == LATE_RED)
			format_set_font_color(k->late[v], 0xFFFFFF);
	}
}

/* A cell's text: controls made visible, and no more than a cell holds
 * (32767 characters; cut at a character boundary). */
static char *cell_text(const char *s)
{
	char *t = text_sanitize(s, strlen(s), 1);
	size_t n = strlen(t), max = 32000;
	if (n > max) {
		while (max && ((unsigned char)t[max] & 0xC0) == 0x80)
			max--;
		t[max] = '\0';
	}
	return t;
}

static void put_text(lxw_worksheet *ws, int r, int c, const char *s, lxw_format *f)
{
	char *t = cell_text(s);
	if (*t)
		worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, t, f);
	free(t);
}

/* An ISO date as a real date, else as text. */
static void put_date(struct book *k, lxw_worksheet *ws, int r, int c, const char *iso)
{
	lxw_datetime d = {0, 0, 0, 0, 0, 0};
	if (*iso && sscanf(iso, "%4d-%2d-%2d", &d.year, &d.month, &d.day) == 3)
		worksheet_write_datetime(ws, (lxw_row_t)r, (lxw_col_t)c, &d, k->date);
	else
		put_text(ws, r, c, iso, k->text);
}

/* The sheet name for a unit: what Excel allows (31 characters, none of
 * []:*?/\), unique in the workbook. */
static char *sheet_name(struct book *k, const char *want)
{
	struct sbuf b = SBUF_INIT;
	size_t chars = 0;
	for (const char *p = *want ? want : "（无牵头单位）"; *p && chars < 28;) {
		uint32_t cp;
		size_t len = utf8_decode(p, strlen(p), &cp);
		if (!len)
			break;
		if (cp >= 0x20 && !strchr("[]:*?/\\'", (int)(cp < 0x80 ? cp : 'x')))
			sbuf_add(&b, p, len);
		p += len;
		chars++;
	}
	if (!b.len)
		sbuf_adds(&b, "单位");
	char *name = sbuf_detach(&b);
	for (int n = 2;; n++) {
		int used = 0;
		for (size_t i = 0; i < k->nnames && !used; i++)
			used = strcmp(k->names[i], name) == 0;
		if (!used)
			break;
		char *base = xstrdup(name);
		char *cut = strrchr(base, '(');
		if (cut && n > 2)
			*cut = '\0';
		free(name);
		name = xasprintf("%s(%d)", base, n);
		free(base);
	}
	k->names = xreallocarray(k->names, k->nnames + 1, sizeof *k->names);
	k->names[k->nnames++] = name;
	return name;
}

/* Column widths that fit the text: East Asian characters count two,
 * within the column's reasonable range. */
static void widths(lxw_worksheet *ws, const struct ledger_row *const *rows, size_t n)
{
	for (int c = 0; c < ledger_ncols(); c++) {
		const char *h = ledger_header((enum ledger_col)c);
		int w = text_width(h, strlen(h)) + 2, cap = ledger_width((enum ledger_col)c) + 4;
		for (size_t i = 0; i < n; i++) {
			const char *s = rows[i]->cell[c];
			int x = text_width(s, strlen(s)) + 2;
			if (x > w)
				w = x;
		}
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < cap ? w : cap, NULL);
	}
}

static void ledger_sheet(struct book *k, const char *name, const struct ledger_row *const *rows,
			 size_t n)
{
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, name);
	for (int c = 0; c < ledger_ncols(); c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, ledger_header((enum ledger_col)c), k->head);
	for (size_t i = 0; i < n; i++) {
		const struct ledger_row *r = rows[i];
		int row = (int)i + 1;
		for (int c = 0; c < ledger_ncols(); c++) {
			const char *s = r->cell[c];
			if (c == LEDGER_ID)
				worksheet_write_number(ws, (lxw_row_t)row, 0, (double)r->id, NULL);
			else if (c == LEDGER_DUE || c == LEDGER_RECHECK)
				put_date(k, ws, row, c, s);
			else if (c == LEDGER_PROGRESS)
				worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c,
						       r->progress / 100.0, k->pct);
			else if (c == LEDGER_LATE_DAYS && r->late_days)
				worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c, r->late_days,
						       k->late[r->late]);
			else if (c == LEDGER_LATE && r->late)
				put_text(ws, row, c, s, k->late[r->late]);
			else
				put_text(ws, row, c, s, k->text);
		}
	}
	widths(ws, rows, n);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(ledger_ncols() - 1));
}

/* Counts per status and lateness of the rows whose key (section or unit)
 * is key. */
struct tally {
	const char *key;
	int all, status[TASK_STATUS_COUNT], late[LATE_RED + 1];
};

static size_t tally_by(const struct ledger_row *rows, size_t n, int by_unit, struct tally *t)
{
	size_t nt = 0;
	for (size_t i = 0; i < n; i++) {
		const char *key = by_unit ? rows[i].unit_key : rows[i].section_key;
		size_t j = 0;
		while (j < nt && strcmp(t[j].key, key) != 0)
			j++;
		if (j == nt)
			memset(&t[nt++], 0, sizeof *t), t[j].key = key;
		t[j].all++;
		t[j].status[rows[i].status]++;
		t[j].late[rows[i].late]++;
	}
	return nt;
}

static int summary_block(struct book *k, lxw_worksheet *ws, int row, const char *title,
			 const struct tally *t, size_t nt)
{
	static const char *const late_zh[] = {"", "黄牌", "橙牌", "红牌"};
	int c = 0;
	worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c++, title, k->head);
	worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c++, "任务数", k->head);
	for (int s = 0; s < TASK_STATUS_COUNT; s++)
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c++,
				       task_status_zh((enum task_status)s), k->head);
	for (int v = LATE_YELLOW; v <= LATE_RED; v++)
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c++, late_zh[v], k->late[v]);
	for (size_t j = 0; j < nt; j++) {
		row++;
		c = 0;
		put_text(ws, row, c++, *t[j].key ? t[j].key : "（无）", k->text);
		worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c++, t[j].all, NULL);
		for (int s = 0; s < TASK_STATUS_COUNT; s++)
			worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c++, t[j].status[s], NULL);
		for (int v = LATE_YELLOW; v <= LATE_RED; v++)
			worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c++, t[j].late[v], NULL);
	}
	return row + 2;
}

static void summary_sheet(struct book *k, const struct ledger_row *rows, size_t n)
{
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, "汇总");
	struct tally *t = xcalloc(n ? n : 1, sizeof *t);
	int row = summary_block(k, ws, 0, "部分", t, tally_by(rows, n, 0, t));
	summary_block(k, ws, row, "牵头单位", t, tally_by(rows, n, 1, t));
	worksheet_set_column(ws, 0, 0, 50, NULL);
	worksheet_set_column(ws, 1, 1 + TASK_STATUS_COUNT + 3, 9, NULL);
	worksheet_freeze_panes(ws, 1, 1);
	free(t);
}

static void period_sheet(struct book *k, const struct preport *r)
{
	static const char *const head[] = {"单位", "事项", "应报送", "已报送", "未报送",
					   "本期到期", "已完成", "逾期", "待销号", "回头看"};
	char label[PERIOD_TEXT_MAX], *title;
	period_format(&r->due.p, label);
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, "本期报告");
	title = xasprintf("%s 督办情况（%s 至 %s，截至 %s）", label, r->due.first, r->due.last,
			  r->due.ref);
	worksheet_write_string(ws, 0, 0, title, k->head);
	free(title);
	for (size_t c = 0; c < ARRAY_SIZE(head); c++)
		worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], k->head);
	int row = 3;
	for (size_t i = 0; i < r->nunits; i++, row++) {
		const struct preport_unit *u = &r->units[i];
		const int v[] = {u->items, u->must, u->reported, u->must - u->reported, u->due_in,
				 u->done, u->late, u->review, u->recheck};
		put_text(ws, row, 0, *u->unit ? u->unit : "（无牵头单位）", k->text);
		for (size_t c = 0; c < ARRAY_SIZE(v); c++)
			worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(c + 1), v[c], NULL);
	}
	row++;
	static const char *const head2[] = {"任务编号", "牵头单位", "任务", "报送周期", "情况"};
	for (size_t c = 0; c < ARRAY_SIZE(head2); c++)
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, head2[c], k->head);
	for (size_t i = 0; i < r->due.n; i++) {
		const struct db_due_item *it = &r->due.items[i];
		char *st = preport_state(it);
		row++;
		worksheet_write_number(ws, (lxw_row_t)row, 0, (double)it->t.id, NULL);
		put_text(ws, row, 1, it->t.unit ? it->t.unit : "", k->text);
		put_text(ws, row, 2, it->t.title, k->text);
		put_text(ws, row, 3, it->period, k->text);
		put_text(ws, row, 4, st, it->late ? k->late[it->late] : k->text);
		free(st);
	}
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 1, 16, NULL);
	worksheet_set_column(ws, 2, 2, 44, NULL);
	worksheet_set_column(ws, 3, 9, 12, NULL);
}

static void sheets(struct book *k, const struct xlsx_opts *o, const struct ledger_row *rows,
		   size_t n)
{
	const struct ledger_row **pick = xcalloc(n ? n : 1, sizeof *pick);
	if (!o->by_unit) {
		for (size_t i = 0; i < n; i++)
			pick[i] = &rows[i];
		ledger_sheet(k, "台账", pick, n);
	}
	for (size_t i = 0; o->by_unit && i < n; i++) {
		size_t m = 0, seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(rows[j].unit_key, rows[i].unit_key) == 0;
		if (seen)
			continue;
		for (size_t j = i; j < n; j++)
			if (strcmp(rows[j].unit_key, rows[i].unit_key) == 0)
				pick[m++] = &rows[j];
		ledger_sheet(k, sheet_name(k, rows[i].unit_key), pick, m);
	}
	if (o->by_unit && !n)
		ledger_sheet(k, "台账", pick, 0);
	free(pick);
}

enum lu_status xlsx_write(struct db *db, const struct xlsx_opts *o, const char *path)
{
	struct ledger_row *rows = NULL;
	size_t n = 0;
	struct preport pr;
	int have_pr = 0;
	enum lu_status s = xlsx_lib_load();
	if (s == LU_OK)
		s = ledger_load(db, o->doc_id, &rows, &n);
	if (s == LU_OK && o->period) {
		s = preport_load(db, o->period, o->unit, &pr);
		have_pr = 1;
	}
	char *tmp = NULL;
	struct book k = {0};
	if (s == LU_OK)
		s = make_tmp(path, &tmp);
	int quiet = s == LU_OK ? quiet_begin() : -1;
	errno = 0;
	if (s == LU_OK && !(k.wb = workbook_new(tmp)))
		s = lu_error(LU_ERR, _("cannot write %s: %s"), path, strerror(errno ? errno : ENOMEM));
	if (s == LU_OK) {
		formats(&k);
		if (have_pr)
			period_sheet(&k, &pr);
		sheets(&k, o, rows, n);
		summary_sheet(&k, rows, n);
		errno = 0;
		lxw_error e = workbook_close(k.wb);
		int saved = errno;
		if (e != LXW_NO_ERROR)
			s = lu_error(LU_ERR, _("cannot write %s: %s"), path,
				     saved ? strerror(saved) : lxw_strerror(e));
		else if (rename(tmp, path) != 0)
			s = lu_error(LU_ERR, _("cannot write %s: %s"), path, strerror(errno));
	}
	if (tmp)
		quiet_end(quiet);
	if (s != LU_OK && tmp)
		remove(tmp);
	free(tmp);
	for (size_t i = 0; i < k.nnames; i++)
		free(k.names[i]);
	free(k.names);
	if (have_pr)
		preport_free(&pr);
	ledger_free(rows, n);
	return s;
}

#endif
