/* ledger.c - the 台账 rows shared by the CSV and XLSX exports. */
#include "config.h"
#include "luoshi/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/extract.h"
#include "luoshi/field.h"
#include "luoshi/parse.h"
#include "luoshi/text.h"

#define LEDGER_HEAD(id, head, width) head,
static const char *const heads[] = {LEDGER_COLUMNS(LEDGER_HEAD)};
#undef LEDGER_HEAD
#define LEDGER_WIDTH(id, head, width) width,
static const int widths[] = {LEDGER_COLUMNS(LEDGER_WIDTH)};
#undef LEDGER_WIDTH

/* The field shown in column c past the layout's own, -1 when none. */
static int added_field(int c)
{
	for (int f = 0; f < TASK_FIELD_COUNT; f++)
		if (field_ledger((enum task_field)f) && c-- == LEDGER_NCOLS)
			return f;
	return -1;
}

int ledger_ncols(void)
{
	int n = LEDGER_NCOLS;
	while (added_field(n) >= 0)
		n++;
	return n;
}

const char *ledger_header(enum ledger_col c)
{
	int f = added_field((int)c);
	if ((unsigned)c < LEDGER_NCOLS)
		return heads[c];
	return f >= 0 ? field_ledger((enum task_field)f) : "";
}

int ledger_width(enum ledger_col c)
{
	return (unsigned)c < LEDGER_NCOLS ? widths[c] : 12;
}

/* The latest word on a task: its newest report (period, unit, text) or
 * its newest note, whichever came last. */
static char *latest(struct db *db, long long id)
{
	struct db_report *r = NULL;
	struct db_note *o = NULL;
	size_t nr = 0, no = 0;
	char *out = NULL, when[17];
	if (db_reports(db, id, &r, &nr) != LU_OK)
		nr = 0;
	if (db_notes(db, id, &o, &no) != LU_OK)
		no = 0;
	const struct db_report *best = NULL;
	for (size_t i = 0; i < nr; i++)
		if (!best || r[i].at > best->at || (r[i].at == best->at && r[i].id > best->id))
			best = &r[i];
	if (best && (!no || best->at >= o[no - 1].at)) {
		lu_format_time(best->at, when);
		out = xasprintf("%s %s %s：%s", best->period, when, best->unit ? best->unit : best->author,
				best->text);
	} else if (no) {
		lu_format_time(o[no - 1].at, when);
		out = xasprintf("%s %s：%s", when, o[no - 1].author, o[no - 1].text);
	}
	db_reports_free(r, nr);
	db_notes_free(o, no);
	return out ? out : xstrdup("");
}

static char *dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

static void fill(struct db *db, struct ledger_row *row, const struct db_task *t,
		 const char *number, const struct late_levels *lv, const char *today)
{
	char **c = row->cell;
	int r = t->recurrence ? recur_parse(t->recurrence) : -1;
	const char *rz = r > 0 ? recur_name_zh((enum recur)r) : NULL;
	row->id = t->id;
	row->status = t->status;
	row->progress = t->progress;
	row->late_days = t->overdue ? late_days(t->due, today) : 0;
	row->late = late_level_of(lv, row->late_days);
	c[LEDGER_ID] = xasprintf("%lld", t->id);
	c[LEDGER_DOC] = dup0(t->doc_title);
	c[LEDGER_NUMBER] = dup0(number);
	c[LEDGER_SECTION] = node_title(t->section_label, t->section_heading);
	c[LEDGER_MEASURE] = node_title(t->node_label, t->node_heading);
	c[LEDGER_TITLE] = dup0(t->title);
	c[LEDGER_STATUS] = xstrdup(task_status_zh(t->status));
	c[LEDGER_UNIT] = dup0(t->unit);
	c[LEDGER_ASSIST] = dup0(t->assist);
	c[LEDGER_OWNER] = dup0(t->owner);
	c[LEDGER_DUE] = dup0(t->due);
	c[LEDGER_RECUR] = dup0(rz ? rz : t->recurrence);
	c[LEDGER_PROGRESS] = xasprintf("%d%%", t->progress);
	c[LEDGER_LATE_DAYS] = row->late_days ? xasprintf("%d", row->late_days) : xstrdup("");
	/* the Chinese words of the levels, whatever the user's language: the
	 * 台账 is Chinese throughout */
	static const char *const zh[] = {"", "黄牌", "橙牌", "红牌"};
	c[LEDGER_LATE] = xstrdup(zh[row->late]);
	c[LEDGER_LATEST] = latest(db, t->id);
	c[LEDGER_RECHECK] = dup0(t->recheck);
	c[LEDGER_TEXT] = dup0(t->text);
	for (int k = LEDGER_NCOLS, f; (f = added_field(k)) >= 0; k++) {
		char *v = field_value(t, (enum task_field)f);
		c[k] = v ? v : xstrdup("");
	}
	row->unit_key = dup0(t->unit);
	row->section_key = xstrdup(c[LEDGER_SECTION]);
}

static enum lu_status doc_rows(struct db *db, const struct db_doc *d, const struct late_levels *lv,
			       struct ledger_row **rows, size_t *n)
{
	char *word = xasprintf("doc:%lld", d->id);
	struct db_filter *f = NULL;
	struct db_task *t = NULL;
	size_t nt = 0;
	char today[11];
	lu_today(today);
	enum lu_status s = db_filter_parse(1, &word, &f);
	if (s == LU_OK)
		s = db_tasks(db, f, DB_SORT_POSITION, &t, &nt);
	db_filter_free(f);
	free(word);
	if (s == LU_OK && nt) {
		*rows = xreallocarray(*rows, *n + nt, sizeof **rows);
		for (size_t i = 0; i < nt; i++) {
			memset(&(*rows)[*n], 0, sizeof **rows);
			fill(db, &(*rows)[(*n)++], &t[i], d->number, lv, today);
		}
	}
	db_tasks_free(t, nt);
	return s;
}

enum lu_status ledger_load(struct db *db, long long doc_id, struct ledger_row **rows, size_t *n)
{
	struct db_doc *docs = NULL;
	size_t nd = 0;
	struct late_levels lv;
	*rows = NULL;
	*n = 0;
	enum lu_status s = db_late_levels(db, &lv);
	if (s == LU_OK && doc_id > 0) {
		docs = xcalloc(1, sizeof *docs);
		s = db_doc_get(db, doc_id, docs);
		nd = s == LU_OK;
	} else if (s == LU_OK) {
		s = db_docs(db, &docs, &nd);
	}
	for (size_t i = 0; i < nd && s == LU_OK; i++)
		s = doc_rows(db, &docs[i], &lv, rows, n);
	if (doc_id > 0 && nd)
		db_doc_free(docs), free(docs);
	else if (doc_id > 0)
		free(docs);
	else
		db_docs_free(docs, nd);
	if (s != LU_OK) {
		ledger_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return s;
}

void ledger_free(struct ledger_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < LEDGER_MAX_COLS; c++)
			free(rows[i].cell[c]);
		free(rows[i].unit_key);
		free(rows[i].section_key);
	}
	free(rows);
}

static void csv_cell(struct sbuf *b, const char *s, int first)
{
	if (!first)
		sbuf_addc(b, ',');
	char *clean = text_sanitize(s, strlen(s), 1);
	sbuf_addc(b, '"');
	/* a leading = + - @ would be run as a formula by Excel and WPS */
	if (clean[0] && strchr("=+-@", clean[0]))
		sbuf_addc(b, '\'');
	for (const char *p = clean; *p; p++) {
		if (*p == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *p);
	}
	sbuf_addc(b, '"');
	free(clean);
}

void ledger_csv(const struct ledger_row *rows, size_t n, struct sbuf *b, int header)
{
	int ncols = ledger_ncols();
	for (int c = 0; header && c < ncols; c++)
		csv_cell(b, ledger_header((enum ledger_col)c), c == 0);
	if (header)
		sbuf_adds(b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < ncols; c++)
			csv_cell(b, rows[i].cell[c], c == 0);
		sbuf_adds(b, "\r\n");
	}
}

/* Length of a separator of unit names at p (, ; 、 ， ；), or 0. */
static size_t unit_sep(const char *p)
{
	if (*p == ',' || *p == ';')
		return 1;
	return !strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3) ? 3 : 0;
}

const char *ledger_unit_next(const char *p, size_t *len)
{
	while (p && *p) {
		size_t n = 0, sep = 0;
		while (p[n] && !(sep = unit_sep(p + n)))
			n++;
		if (n) {
			*len = n;
			return p;
		}
		p += sep;
	}
	*len = 0;
	return NULL;
}

int ledger_names_unit(const char *list, const char *unit)
{
	size_t len, want = strlen(unit);
	for (const char *p = ledger_unit_next(list, &len); p; p = ledger_unit_next(p + len, &len))
		if (len == want && memcmp(p, unit, len) == 0)
			return 1;
	return 0;
}

/* The units a task names: its lead, then each assisting unit (、，, ;
 * separated), each with lead 1 or 0. */
size_t ledger_units(const struct db_task *t, char ***names, int **lead)
{
	size_t n = 0, len;
	*names = NULL;
	*lead = NULL;
	const char *lists[2] = {t->unit, t->assist};
	for (int l = 0; l < 2; l++)
		for (const char *p = ledger_unit_next(lists[l], &len); p;
		     p = ledger_unit_next(p + len, &len)) {
			*names = xreallocarray(*names, n + 1, sizeof **names);
			*lead = xreallocarray(*lead, n + 1, sizeof **lead);
			(*names)[n] = xstrndup(p, len);
			(*lead)[n++] = l == 0;
		}
	if (!n) {
		*names = xcalloc(1, sizeof **names);
		*lead = xcalloc(1, sizeof **lead);
		(*names)[0] = xstrdup("");
		(*lead)[0] = 1;
		n = 1;
	}
	return n;
}

static size_t unit_index(char ***units, size_t *nunits, char *name)
{
	for (size_t i = 0; i < *nunits; i++)
		if (strcmp((*units)[i], name) == 0) {
			free(name);
			return i;
		}
	*units = xreallocarray(*units, *nunits + 1, sizeof **units);
	(*units)[*nunits] = name;
	return (*nunits)++;
}

static int member_cmp(const void *a, const void *b)
{
	const struct ledger_member *x = a, *y = b;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return (x->task > y->task) - (x->task < y->task);
}

size_t ledger_group(const struct db_task *t, size_t n, char ***units, size_t *nunits,
		    struct ledger_member **out)
{
	size_t np = 0, cap = 0;
	*units = NULL;
	*nunits = 0;
	*out = NULL;
	for (size_t k = 0; k < n; k++) {
		char **names;
		int *lead;
		size_t m = ledger_units(&t[k], &names, &lead);
		for (size_t j = 0; j < m; j++) {
			if (np == cap) {
				cap = cap ? 2 * cap : 64;
				*out = xreallocarray(*out, cap, sizeof **out);
			}
			(*out)[np++] = (struct ledger_member){unit_index(units, nunits, names[j]), k,
							      lead[j]};
		}
		free(names);
		free(lead);
	}
	if (np)
		qsort(*out, np, sizeof **out, member_cmp);
	return np;
}

void ledger_units_free(char **units, size_t nunits)
{
	for (size_t i = 0; i < nunits; i++)
		free(units[i]);
	free(units);
}
