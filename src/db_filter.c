/* db_filter.c - dates, the filter words shared by `luoshi tasks` and the
 * screens, and the task list query. Every filter is one constant SQL
 * statement whose optional conditions read (?N IS NULL OR ...): the words
 * only decide which parameters are bound. */
#include "config.h"
#include "luoshi/db.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_impl.h"
#include "luoshi/extract.h"
#include "luoshi/period.h"

/* ---- dates ---- */

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

/* Up to max ASCII digits; the number of digits read. */
static int read_num(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

static int eat(const char **p, const char *s)
{
	size_t n = strlen(s);
	if (strncmp(*p, s, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* YYYY-M-D, YYYY/M/D, YYYY.M.D or YYYY年M月D日 (the 日 optional). */
static int parse_ymd(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	static const char *const seps[][3] = {{"-", "-", ""}, {"/", "/", ""}, {".", ".", ""},
					      {"年", "月", "日"}};
	if (read_num(&p, 4, y) != 4)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(seps); i++) {
		const char *q = p;
		if (!eat(&q, seps[i][0]) || read_num(&q, 2, m) < 1 || !eat(&q, seps[i][1]) ||
		    read_num(&q, 2, d) < 1)
			continue;
		eat(&q, seps[i][2]);
		return *q ? -1 : 0;
	}
	return -1;
}

/* today + n days, through mktime so month ends and leap years are right;
 * noon keeps a DST shift from moving the date. */
static void today_plus(long n, char out[11])
{
	time_t t = (time_t)lu_now();
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday += (int)n;
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int db_parse_date(const char *s, char out[11])
{
	int y, m, d;
	if (!s)
		return -1;
	if (strcmp(s, "today") == 0 || strcmp(s, "今天") == 0) {
		lu_today(out);
		return 0;
	}
	if (s[0] == '+' && s[1] >= '0' && s[1] <= '9') {
		char *end;
		long n = strtol(s + 1, &end, 10);
		if (strcmp(end, "d") != 0 || n > 100000)
			return -1;
		today_plus(n, out);
		return 0;
	}
	if (parse_ymd(s, &y, &m, &d) != 0 || y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
	return 0;
}

/* ---- filter words ---- */

struct db_filter {
	char *statuses; /* ",todo,doing," */
	char *unit, *owner;
	char before[11], after[11], on[11];
	int overdue, soon;
	char *recur;    /* "" = no recurrence */
	long long node, doc;
	struct sbuf words; /* JSON array of free words */
	unsigned given;	   /* 1 << filter_key: the keys the words gave */
};

static const char known_keys[] =
	"status:, unit:, owner:, due:, due.by:, due.before:, due.after:, recur:, node:, doc:,"
	" overdue, soon";

/* Length of the list separator at p (, or the full-width ， or 、), or 0. */
static size_t list_sep(const char *p)
{
	if (*p == ',')
		return 1;
	return strncmp(p, "，", 3) == 0 || strncmp(p, "、", 3) == 0 ? 3 : 0;
}

static enum lu_status parse_statuses(struct db_filter *f, const char *v)
{
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, f->statuses ? f->statuses : ",");
	enum lu_status st = LU_OK;
	while (*v && st == LU_OK) {
		size_t n = 0, sep;
		while (v[n] && !list_sep(v + n))
			n++;
		sep = v[n] ? list_sep(v + n) : 0;
		char *item = xstrndup(v, n);
		int s = task_status_parse(item);
		if (s < 0)
			st = lu_error(LU_USAGE,
				      "unknown status \"%s\" in filter (use todo, doing, done, ongoing,"
				      " blocked, dropped or their Chinese names)",
				      item);
		else
			sbuf_addf(&b, "%s,", task_status_name((enum task_status)s));
		free(item);
		v += n + sep;
	}
	free(f->statuses);
	f->statuses = sbuf_detach(&b);
	return st;
}

static enum lu_status parse_date_word(const char *key, const char *v, char out[11])
{
	if (db_parse_date(v, out) != 0)
		return lu_error(LU_USAGE,
				"%s: \"%s\" is not a date (use YYYY-MM-DD, YYYY/M/D, YYYY年M月D日,"
				" today or +Nd)",
				key, v);
	return LU_OK;
}

static enum lu_status parse_id_word(const char *key, const char *v, long long *id)
{
	if (lu_parse_id(v, id) != 0 || *id == 0)
		return lu_error(LU_USAGE, "%s: needs a number, not \"%s\"", key, v);
	return LU_OK;
}

static void set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static enum lu_status parse_recur_word(struct db_filter *f, const char *v)
{
	int r = recur_parse(v);
	if (r < 0)
		return lu_error(LU_USAGE, "recur: unknown recurrence \"%s\" (use %s)", v,
				recur_words());
	const char *name = recur_name((enum recur)r);
	set_str(&f->recur, name ? name : "");
	return LU_OK;
}

/* The keys of key:value words; recurrence is recur's long name. */
enum filter_key { FK_STATUS, FK_UNIT, FK_OWNER, FK_BEFORE, FK_BY, FK_AFTER, FK_DUE, FK_RECUR,
		  FK_NODE, FK_DOC };
static const struct {
	const char *name;
	enum filter_key key;
} filter_keys[] = {
	{"status", FK_STATUS},	    {"unit", FK_UNIT},	     {"owner", FK_OWNER},
	{"due.before", FK_BEFORE},  {"due.by", FK_BY},	     {"due.after", FK_AFTER},
	{"due", FK_DUE},
	{"recur", FK_RECUR},	    {"recurrence", FK_RECUR}, {"node", FK_NODE},
	{"doc", FK_DOC},
};

/* key:value words; key is the text before the first ':'. Every filter
 * must match, and each key holds one value: a second one replaced the
 * first without a word (node:5 node:6 listed node 6), so it is refused. */
static enum lu_status parse_keyed(struct db_filter *f, const char *key, const char *v)
{
	if (!*v)
		return lu_error(LU_USAGE, "%s: needs a value", key);
	size_t i = 0;
	while (i < ARRAY_SIZE(filter_keys) && strcmp(key, filter_keys[i].name) != 0)
		i++;
	if (i == ARRAY_SIZE(filter_keys))
		return lu_error(LU_USAGE, "unknown filter %s: (known: %s)", key, known_keys);
	enum filter_key k = filter_keys[i].key;
	if ((f->given & 1u << k) && k == FK_STATUS)
		return lu_error(LU_USAGE, "status: given twice; name several in one (status:todo,doing)");
	if (f->given & 1u << k)
		return lu_error(LU_USAGE, "%s: given twice; every filter must match, so give it once",
				key);
	f->given |= 1u << k;
	switch (k) {
	case FK_STATUS:
		return parse_statuses(f, v);
	case FK_UNIT:
	case FK_OWNER:
		/* status:todo,doing names several; these name one (a part of
		 * the unit or owner), and a list written the same way, with , or
		 * ，, would match nothing, silently. 、 stays: a task's units are
		 * written with it (发展改革委、财政部), and a part of them may be asked */
		if (strchr(v, ',') || strstr(v, "，"))
			return lu_error(LU_USAGE, "%s: takes one name, not a list (only status: takes"
						  " several): ask for each of %s in turn",
					key, v);
		set_str(k == FK_UNIT ? &f->unit : &f->owner, v);
		return LU_OK;
	case FK_BEFORE:
	case FK_BY: {
		/* before the day, or by it (the day too: 年底前 is due on
		 * 12-31, and due.by:2026-12-31 finds it); both: the earlier */
		char d[11], next[11];
		enum lu_status st = parse_date_word(key, v, d);
		if (st != LU_OK)
			return st;
		if (k == FK_BY && strcmp(d, "9999-12-31") >= 0)
			memcpy(d, "9999-99-99", sizeof d); /* after every date */
		else if (k == FK_BY && date_add_days(d, 1, next) == 0)
			memcpy(d, next, sizeof d);
		if (!f->before[0] || strcmp(d, f->before) < 0)
			memcpy(f->before, d, sizeof d);
		return LU_OK;
	}
	case FK_AFTER:
		return parse_date_word(key, v, f->after);
	case FK_DUE:
		return parse_date_word(key, v, f->on);
	case FK_RECUR:
		return parse_recur_word(f, v);
	case FK_NODE:
		return parse_id_word(key, v, &f->node);
	case FK_DOC:
		return parse_id_word(key, v, &f->doc);
	}
	return LU_OK;
}

/* A word is keyed when what precedes its ':' looks like a key (ASCII
 * letters and dots); "注意:x" or "10:30" are free words. */
static size_t key_length(const char *w)
{
	size_t n = 0;
	while ((w[n] >= 'a' && w[n] <= 'z') || (w[n] >= 'A' && w[n] <= 'Z') || w[n] == '.' ||
	       w[n] == '_')
		n++;
	return n > 0 && w[n] == ':' ? n : 0;
}

static enum lu_status parse_word(struct db_filter *f, const char *w)
{
	size_t k = key_length(w);
	if (k) {
		char *key = xstrndup(w, k);
		enum lu_status st = parse_keyed(f, key, w + k + 1);
		free(key);
		return st;
	}
	if (strcmp(w, "overdue") == 0)
		f->overdue = 1;
	else if (strcmp(w, "soon") == 0)
		f->soon = 1;
	else if (*w) {
		sbuf_addc(&f->words, f->words.len ? ',' : '[');
		sbuf_add_json(&f->words, w);
	}
	return LU_OK;
}

enum lu_status db_filter_parse(int nwords, char *const *words, struct db_filter **out)
{
	struct db_filter *f = xcalloc(1, sizeof *f);
	enum lu_status st = LU_OK;
	for (int i = 0; i < nwords && st == LU_OK; i++)
		st = parse_word(f, words[i]);
	if (f->words.len)
		sbuf_addc(&f->words, ']');
	if (st != LU_OK) {
		db_filter_free(f);
		f = NULL;
	}
	*out = f;
	return st;
}

void db_filter_free(struct db_filter *f)
{
	if (!f)
		return;
	free(f->statuses);
	free(f->unit);
	free(f->owner);
	free(f->recur);
	sbuf_free(&f->words);
	free(f);
}

/* ---- the query ---- */

#define TASKS_QUERY(D) \
	TASKS_SUB(D) " SELECT " DB_TASK_COLUMNS \
	" FROM nodes n" D##_JOIN_FIRST "tasks t ON t.node_id = n.id" TASKS_JOINS(D) TASKS_WHERE(D)
/* CROSS JOIN makes the nodes the outer loop: walking nodes_doc and then
 * tasks_node yields document order without sorting 100k wide rows. n.id
 * is in the key because old and new nodes share positions during a
 * --replace. */
#define BY_POSITION " n.doc_id, n.pos, n.id, t.pos, t.id"

static const struct db_sql sql_tasks = {TASKS_QUERY(LITE) " ORDER BY" BY_POSITION,
					TASKS_QUERY(PG) " ORDER BY" BY_POSITION};

/* Other orders are sorted here, on the rows already in document order:
 * cheaper than letting SQLite sort 100k wide rows, and stable. */
static int cmp_index(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

static int cmp_due(const void *pa, const void *pb, void *arg)
{
	const struct db_task *t = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const char *da = t[a].due, *dbb = t[b].due;
	if (!da != !dbb)
		return da ? -1 : 1; /* no due date last */
	int c = da ? strcmp(da, dbb) : 0;
	return c ? c : cmp_index(a, b);
}

static int cmp_status(const void *pa, const void *pb, void *arg)
{
	const struct db_task *t = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = (t[a].status > t[b].status) - (t[a].status < t[b].status);
	return c ? c : cmp_index(a, b);
}

static void sort_tasks(struct db_task *t, size_t n, enum db_sort sort)
{
	if ((sort != DB_SORT_DUE && sort != DB_SORT_STATUS) || n < 2)
		return;
	size_t *ix = xreallocarray(NULL, n ? n : 1, sizeof *ix);
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	qsort_r(ix, n, sizeof *ix, sort == DB_SORT_DUE ? cmp_due : cmp_status, t);
	struct db_task *copy = xreallocarray(NULL, n ? n : 1, sizeof *copy);
	for (size_t i = 0; i < n; i++)
		copy[i] = t[ix[i]];
	memcpy(t, copy, n * sizeof *t);
	free(copy);
	free(ix);
}

static void bind_date(struct db_stmt *st, int i, const char *d)
{
	db_bind_opt(st, i, d);
}

void db_filter_bind(struct db_stmt *st, const struct db_filter *f, struct db_filter_dates *d)
{
	lu_today(d->today);
	today_plus(7, d->week);
	const char *today = d->today, *week = d->week;
	db_bind_text(st, 1, today);
	if (!f)
		return;
	db_bind_text(st, 2, f->statuses);
	db_bind_text(st, 3, f->unit);
	db_bind_text(st, 4, f->owner);
	bind_date(st, 5, f->before);
	bind_date(st, 6, f->after);
	bind_date(st, 7, f->on);
	db_bind_text(st, 8, f->overdue ? today : NULL);
	db_bind_text(st, 9, f->soon ? week : NULL);
	db_bind_id(st, 10, f->node);
	db_bind_text(st, 11, f->recur);
	db_bind_id(st, 12, f->doc);
	db_bind_text(st, 13, f->words.len ? f->words.s : NULL);
}

static int task_row(struct db_stmt *st, void *item, void *ctx)
{
	(void)ctx;
	db_task_read(st, item);
	return 1;
}

static void task_drop(void *item)
{
	db_task_free(item);
}

enum lu_status db_tasks(struct db *db, const struct db_filter *f, enum db_sort sort,
			struct db_task **out, size_t *n)
{
	static const struct db_rows how = {sizeof **out, task_row, task_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql_tasks);
	if (!st)
		return LU_ERR;
	struct db_filter_dates d;
	db_filter_bind(st, f, &d);
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, "reading tasks", &items, n);
	*out = items;
	sort_tasks(*out, *n, sort);
	return s;
}

/* ---- the task list a page at a time ----
 * Every order is read as segments, each walked in an index's order so
 * that a page costs its own rows, not the table's: position is one
 * segment (nodes_doc, then tasks_node); due is the dated tasks by
 * tasks_due, then the undated in position; status is one segment per
 * status in position. The key is a row value compared as a whole, so a
 * tie on the sort key is broken by the next columns down to the id. */

/* ?14 a status or NULL; ?15 the segment's own (see each); ?16..?20 the
 * key's doc, node position, node, task position, task; ?21 the limit;
 * ?22 a unit's group (TASKS_OF_UNIT) or NULL.
 * A status segment has statements of its own where the status is a
 * plain equality, so that the tasks of other statuses are never visited. */
#define PAGE_STATUS(D) " AND (" D##_TEXT("?14") " IS NULL OR t.status = ?14)"
#define PAGE_ONE_STATUS(D) " AND t.status = ?14"
#define POS_KEY(OP) \
	" AND (n.doc_id, n.pos, n.id) " OP "= (?16, ?17, ?18)" \
	" AND ((n.doc_id, n.pos, n.id) " OP " (?16, ?17, ?18) OR (t.pos, t.id) " OP " (?19, ?20))"
/* ?15 set: the undated tasks only */
#define PAGE_POS(D, STATUS, OP, ORDER) \
	TASKS_QUERY(D) STATUS(D) TASKS_OF_UNIT(D) " AND (" D##_INT("?15") " IS NULL OR t.due IS NULL)" \
	POS_KEY(OP) " ORDER BY" ORDER " LIMIT ?21"
/* ?15: the key's due date; tasks first, so that tasks_due gives the order */
#define PAGE_DATED(D, OP, ORDER) \
	TASKS_SUB(D) " SELECT " DB_TASK_COLUMNS \
	" FROM tasks t" D##_JOIN_FIRST "nodes n ON n.id = t.node_id" TASKS_JOINS(D) TASKS_WHERE(D) \
	PAGE_STATUS(D) TASKS_OF_UNIT(D) " AND t.due IS NOT NULL AND t.due " OP "= ?15" \
	" AND (t.due " OP " ?15 OR (n.doc_id, n.pos, n.id, t.pos, t.id) " OP " (?16, ?17, ?18, ?19, ?20))" \
	" ORDER BY" ORDER " LIMIT ?21"
/* A small unit's group read from its own tasks, found by the lists that
 * name it (?23, ?24: JSON arrays of unit and assist lists, through
 * tasks_unit and tasks_assisted), then sorted: its size, not the list's.
 * SQLite is kept off the other indexes by a + on the segment's columns. */
#define LITE_OFF(x) "+" x
#define PG_OFF(x) x
#define OWN_TASKS(D) \
	TASKS_SUB(D) " SELECT " DB_TASK_COLUMNS \
	" FROM tasks t" D##_JOIN_FIRST "nodes n ON n.id = t.node_id" TASKS_JOINS(D) TASKS_WHERE(D) \
	TASKS_OF_UNIT(D) " AND (t.unit IN (SELECT value FROM " D##_JSON_WORDS("?23") ")" \
	"  OR t.assist IN (SELECT value FROM " D##_JSON_WORDS("?24") "))" \
	" AND (" D##_TEXT("?14") " IS NULL OR " D##_OFF("t.status") " = ?14)"
#define OWN_POS(D, OP, ORDER) \
	OWN_TASKS(D) " AND (" D##_INT("?15") " IS NULL OR t.due IS NULL)" POS_KEY(OP) \
	" ORDER BY" ORDER " LIMIT ?21"
#define OWN_DATED(D, OP, ORDER) \
	OWN_TASKS(D) " AND " D##_OFF("t.due") " IS NOT NULL AND " D##_OFF("t.due") " " OP "= ?15" \
	" AND (t.due " OP " ?15 OR (n.doc_id, n.pos, n.id, t.pos, t.id) " OP " (?16, ?17, ?18, ?19, ?20))" \
	" ORDER BY" ORDER " LIMIT ?21"
#define BY_POSITION_DESC " n.doc_id DESC, n.pos DESC, n.id DESC, t.pos DESC, t.id DESC"
#define BY_DUE " t.due," BY_POSITION
#define BY_DUE_DESC " t.due DESC," BY_POSITION_DESC

static const struct db_sql sql_page_pos[2] = {
	{PAGE_POS(LITE, PAGE_STATUS, ">", BY_POSITION), PAGE_POS(PG, PAGE_STATUS, ">", BY_POSITION)},
	{PAGE_POS(LITE, PAGE_STATUS, "<", BY_POSITION_DESC),
	 PAGE_POS(PG, PAGE_STATUS, "<", BY_POSITION_DESC)},
};
static const struct db_sql sql_page_status[2] = {
	{PAGE_POS(LITE, PAGE_ONE_STATUS, ">", BY_POSITION),
	 PAGE_POS(PG, PAGE_ONE_STATUS, ">", BY_POSITION)},
	{PAGE_POS(LITE, PAGE_ONE_STATUS, "<", BY_POSITION_DESC),
	 PAGE_POS(PG, PAGE_ONE_STATUS, "<", BY_POSITION_DESC)},
};
static const struct db_sql sql_page_dated[2] = {
	{PAGE_DATED(LITE, ">", BY_DUE), PAGE_DATED(PG, ">", BY_DUE)},
	{PAGE_DATED(LITE, "<", BY_DUE_DESC), PAGE_DATED(PG, "<", BY_DUE_DESC)},
};

static const struct db_sql sql_own_pos[2] = {
	{OWN_POS(LITE, ">", BY_POSITION), OWN_POS(PG, ">", BY_POSITION)},
	{OWN_POS(LITE, "<", BY_POSITION_DESC), OWN_POS(PG, "<", BY_POSITION_DESC)},
};
static const struct db_sql sql_own_dated[2] = {
	{OWN_DATED(LITE, ">", BY_DUE), OWN_DATED(PG, ">", BY_DUE)},
	{OWN_DATED(LITE, "<", BY_DUE_DESC), OWN_DATED(PG, "<", BY_DUE_DESC)},
};

/* A segment: the tasks of one status (-1: any), dated (1), undated (-1)
 * or either (0). */
struct segment {
	int status, dated;
};

static size_t segments(enum db_sort sort, struct segment seg[TASK_STATUS_COUNT])
{
	if (sort == DB_SORT_STATUS) {
		for (int i = 0; i < TASK_STATUS_COUNT; i++)
			seg[i] = (struct segment){i, 0};
		return TASK_STATUS_COUNT;
	}
	if (sort == DB_SORT_DUE) {
		seg[0] = (struct segment){-1, 1};
		seg[1] = (struct segment){-1, -1};
		return 2;
	}
	seg[0] = (struct segment){-1, 0};
	return 1;
}

/* The segment the key's task belongs to. */
static size_t key_segment(enum db_sort sort, const struct db_task_key *k)
{
	if (sort == DB_SORT_STATUS)
		return (size_t)k->status < TASK_STATUS_COUNT ? (size_t)k->status : 0;
	if (sort == DB_SORT_DUE)
		return k->due[0] ? 0 : 1;
	return 0;
}

void db_task_key_of(const struct db_task *t, struct db_task_key *k)
{
	memset(k, 0, sizeof *k);
	k->set = 1;
	k->status = (int)t->status;
	if (t->due)
		snprintf(k->due, sizeof k->due, "%s", t->due);
	k->doc_id = t->doc_id;
	k->node_pos = t->node_pos;
	k->node_id = t->node_id;
	k->task_pos = t->pos;
	k->id = t->id;
}

/* The key's columns, or (no key) a bound before every row or after it. */
static void bind_key(struct db_stmt *st, const struct segment *sg, const struct db_task_key *k,
		     int before)
{
	long long big = before ? LLONG_MAX : -1;
	long long small = before ? INT_MAX : -1;
	if (sg->dated > 0)
		db_bind_text(st, 15, k ? k->due : before ? "9999-99-99" : "");
	else
		db_bind_text(st, 15, sg->dated < 0 ? "1" : NULL);
	db_bind_int64(st, 16, k ? k->doc_id : big);
	db_bind_int64(st, 17, k ? k->node_pos : small);
	db_bind_int64(st, 18, k ? k->node_id : big);
	db_bind_int64(st, 19, k ? k->task_pos : small);
	db_bind_int64(st, 20, k ? k->id : big);
}

/* Up to limit tasks of one segment next to k (NULL: from its edge),
 * appended in the direction's order. */
static const struct db_sql *segment_sql(const struct segment *sg, const struct db_unit_group *g,
					       int before)
{
	if (g && g->own)
		return sg->dated > 0 ? &sql_own_dated[before] : &sql_own_pos[before];
	return sg->dated > 0	  ? &sql_page_dated[before]
	       : sg->status >= 0 ? &sql_page_status[before]
				 : &sql_page_pos[before];
}

/* The earliest due date a filter can match, or NULL: the dated segment
 * read from its start begins there, not at the earliest date of all
 * (the conditions on t.due are inside "?N IS NULL OR", which keeps the
 * planner from bounding tasks_due by them: `soon` walked every overdue
 * task first, 0.36 s at a million tasks). The filter still decides. */
static const char *dated_floor(const struct db_filter *f, const struct db_filter_dates *d)
{
	if (!f)
		return NULL;
	const char *floor = f->soon ? d->today : NULL;
	if (f->after[0] && (!floor || strcmp(f->after, floor) > 0))
		floor = f->after;
	if (f->on[0] && (!floor || strcmp(f->on, floor) > 0))
		floor = f->on;
	return floor;
}

/* The latest due date a filter can match, or NULL: read backwards from
 * its end, the dated segment begins there (overdue: today; soon: a week
 * on; due.before:, due:), not at the latest date of all. */
static const char *dated_ceiling(const struct db_filter *f, const struct db_filter_dates *d)
{
	const char *c[] = {f && f->overdue ? d->today : NULL, f && f->soon ? d->week : NULL,
			   f && f->before[0] ? f->before : NULL, f && f->on[0] ? f->on : NULL};
	const char *ceiling = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		if (c[i] && (!ceiling || strcmp(c[i], ceiling) < 0))
			ceiling = c[i];
	return ceiling;
}

/* Up to limit tasks of one segment next to k (NULL: from its edge),
 * appended in the direction's order; g: of that unit's group only. */
static enum lu_status read_segment(struct db *db, const struct db_filter *f,
				   const struct db_unit_group *g, const struct segment *sg,
				   const struct db_task_key *k, int before, size_t limit,
				   struct db_task **out, size_t *n)
{
	static const struct db_rows how = {sizeof **out, task_row, task_drop, NULL};
	struct db_stmt *st = db_stmt(db, segment_sql(sg, g, before));
	if (!st)
		return LU_ERR;
	struct db_filter_dates d;
	db_filter_bind(st, f, &d);
	db_bind_text(st, 14, sg->status >= 0 ? task_status_name((enum task_status)sg->status)
					     : NULL);
	bind_key(st, sg, k, before);
	const char *edge = k || sg->dated <= 0 ? NULL
			   : before	   ? dated_ceiling(f, &d)
					   : dated_floor(f, &d);
	if (edge)
		db_bind_text(st, 15, edge);
	db_bind_int64(st, 21, (long long)limit);
	db_bind_text(st, 22, g ? g->unit : NULL);
	if (g && g->own) {
		db_bind_text(st, 23, g->leads);
		db_bind_text(st, 24, g->assists);
	}
	void *items = *out;
	enum lu_status s = db_collect(db, st, &how, "reading tasks", &items, n);
	*out = items;
	return s;
}

static void reverse_tasks(struct db_task *t, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct db_task x = t[i];
		t[i] = t[n - 1 - i];
		t[n - 1 - i] = x;
	}
}

/* Whether every task f matches has a due date: by due date, the undated
 * segment is then not read at all (a walk of every undated task for
 * nothing: 0.32 s of `soon` at a million tasks). */
static int needs_due(const struct db_filter *f)
{
	return f && (f->soon || f->overdue || f->on[0] || f->before[0] || f->after[0]);
}

/* ---- a few dated tasks in position order ----
 * A filter that needs a date matches only dated tasks; when they are few,
 * walking the whole list in position order for them reads every task
 * (`soon` at a million tasks: 359 ms for an empty page). They are read
 * through tasks_due instead, all of them, and put in position order here.
 * Whether they are few is asked of tasks_due too, counting at most
 * GATHER_MAX + 1 of them (the kept counts would sum a row per document
 * and unit: 13 ms at a million tasks, more than the walk of a dense
 * filter costs). At 500, the walk for them would read 2,000 tasks for
 * each one found at a million; gathering them costs a few ms. */
#define GATHER_MAX 500
/* the filter's conditions read t and n alone: the section and the
 * document are not joined for a count */
#define DATED_FEW(D) \
	TASKS_SUB(D) " SELECT count(*) FROM (SELECT 1 FROM tasks t" D##_JOIN_FIRST \
	"nodes n ON n.id = t.node_id" TASKS_WHERE(D) \
	" AND t.due IS NOT NULL AND t.due >= ?15 ORDER BY t.due LIMIT ?21) x"

/* How many tasks f matches, counting no further than limit. */
static enum lu_status dated_few(struct db *db, const struct db_filter *f, size_t limit,
				size_t *m)
{
	static const struct db_sql sql = {DATED_FEW(LITE), DATED_FEW(PG)};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	struct db_filter_dates d;
	db_filter_bind(st, f, &d);
	const char *floor = dated_floor(f, &d);
	db_bind_text(st, 15, floor ? floor : "");
	db_bind_int64(st, 21, (long long)limit);
	int rc = db_step(st);
	*m = rc == DB_ROW ? (size_t)db_col_int64(st, 0) : 0;
	enum lu_status s = db_check(db, st, rc, "counting tasks");
	db_reset(st);
	return s;
}

static int pos_cmp_key(const struct db_task *t, const struct db_task_key *k)
{
	const long long a[] = {t->doc_id, t->node_pos, t->node_id, t->pos, t->id};
	const long long b[] = {k->doc_id, k->node_pos, k->node_id, k->task_pos, k->id};
	for (size_t i = 0; i < ARRAY_SIZE(a); i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static int pos_cmp(const void *x, const void *y)
{
	struct db_task_key k;
	db_task_key_of(y, &k);
	return pos_cmp_key(x, &k);
}

/* *done = 1 and the page appended to *out when f's tasks were few enough
 * to gather; else nothing read but their count. */
static enum lu_status gather_page(struct db *db, const struct db_filter *f,
				  const struct db_task_key *k, int before, size_t limit,
				  struct db_task **out, size_t *n, int *done)
{
	size_t m = 0;
	*done = 0;
	enum lu_status s = dated_few(db, f, GATHER_MAX + 1, &m);
	if (s != LU_OK || m > GATHER_MAX)
		return s; /* many: the walk */
	struct segment dated = {-1, 1};
	struct db_task *all = NULL;
	size_t na = 0;
	s = read_segment(db, f, NULL, &dated, NULL, 0, GATHER_MAX + 1, &all, &na);
	if (s == LU_OK && na <= GATHER_MAX) {
		if (na)
			qsort(all, na, sizeof *all, pos_cmp);
		size_t from = 0, to = na; /* the page is all[from, to) */
		if (!before) {
			while (k && from < na && pos_cmp_key(&all[from], k) <= 0)
				from++;
			to = from + limit < na ? from + limit : na;
		} else {
			while (k && to > 0 && pos_cmp_key(&all[to - 1], k) >= 0)
				to--;
			from = to > limit ? to - limit : 0;
		}
		if (to > from) { /* an empty page leaves *out as it was */
			*out = xreallocarray(*out, *n + (to - from), sizeof **out);
			memcpy(*out + *n, all + from, (to - from) * sizeof *all);
			*n += to - from;
			memset(all + from, 0, (to - from) * sizeof *all); /* moved */
		}
		*done = 1;
	}
	db_tasks_free(all, na);
	return s;
}

static enum lu_status tasks_page(struct db *db, const struct db_filter *f,
				 const struct db_unit_group *g,
				 enum db_sort sort, const struct db_task_key *key,
				 enum db_page_dir dir, size_t limit, struct db_task **out, size_t *n)
{
	if (sort == DB_SORT_POSITION && !g && needs_due(f)) {
		int done;
		enum lu_status s = gather_page(db, f, key && key->set ? key : NULL,
					       dir == DB_PAGE_BEFORE, limit, out, n, &done);
		if (s != LU_OK || done)
			return s;
	}
	struct segment seg[TASK_STATUS_COUNT];
	size_t nseg = segments(sort, seg), start = *n;
	int before = dir == DB_PAGE_BEFORE;
	const struct db_task_key *k = key && key->set ? key : NULL;
	if (sort == DB_SORT_DUE && needs_due(f)) {
		nseg = 1; /* the dated tasks */
		/* a key undated (its task has lost its date since): after it
		 * there is nothing, before it the last dated tasks */
		if (k && !k->due[0] && !before)
			return LU_OK;
		if (k && !k->due[0])
			k = NULL;
	}
	size_t i = k ? key_segment(sort, k) : before ? nseg - 1 : 0;
	enum lu_status s = LU_OK;
	while (s == LU_OK && *n - start < limit) {
		s = read_segment(db, f, g, &seg[i], k, before, limit - (*n - start), out, n);
		if (before ? i-- == 0 : ++i >= nseg)
			break;
		k = NULL;
	}
	if (s == LU_OK && before)
		reverse_tasks(*out + start, *n - start);
	return s;
}

enum lu_status db_tasks_page(struct db *db, const struct db_filter *f, enum db_sort sort,
			     const struct db_task_key *key, enum db_page_dir dir, size_t limit,
			     struct db_task **out, size_t *n)
{
	return tasks_page(db, f, NULL, sort, key, dir, limit, out, n);
}

enum lu_status db_unit_page(struct db *db, const struct db_filter *f,
			    const struct db_unit_group *g, enum db_sort sort,
			    const struct db_task_key *key, enum db_page_dir dir, size_t limit,
			    struct db_task **out, size_t *n)
{
	return tasks_page(db, f, g, sort, key, dir, limit, out, n);
}

int db_filter_empty(const struct db_filter *f)
{
	return !f || (!f->statuses && !f->unit && !f->owner && !f->before[0] && !f->after[0] &&
		      !f->on[0] && !f->overdue && !f->soon && !f->recur && !f->node && !f->doc &&
		      !f->words.len);
}

int db_filter_counted(const struct db_filter *f)
{
	return !f || (!f->unit && !f->owner && !f->before[0] && !f->after[0] && !f->on[0] &&
		      !f->recur && !f->node && !f->words.len);
}

/* The total of a list whose filter the kept counts answer: a few rows
 * per document and unit (doc_counts), not a visit of the tasks. A task
 * that can no longer be late is kept under due '', so overdue and soon
 * are the rows with a date. ?1 statuses, ?2 document, ?3 today (overdue),
 * ?4 today and ?5 a week on (soon). */
#define COUNTED(D) \
	"SELECT coalesce(sum(n), 0) FROM doc_counts" \
	" WHERE (" D##_TEXT("?1") " IS NULL OR " D##_INSTR("?1", "',' || status || ','") " > 0)" \
	" AND (" D##_INT("?2") " IS NULL OR doc_id = ?2)" \
	" AND (" D##_TEXT("?3") " IS NULL OR (due <> '' AND due < ?3))" \
	" AND (" D##_TEXT("?4") " IS NULL OR (due <> '' AND due >= ?4 AND due <= " D##_TEXT("?5") "))"

void db_filter_bind_counted(struct db_stmt *st, const struct db_filter *f,
			    struct db_filter_dates *d)
{
	lu_today(d->today);
	today_plus(7, d->week);
	db_bind_text(st, 1, f ? f->statuses : NULL);
	db_bind_id(st, 2, f ? f->doc : 0);
	db_bind_text(st, 3, f && f->overdue ? d->today : NULL);
	db_bind_text(st, 4, f && f->soon ? d->today : NULL);
	db_bind_text(st, 5, f && f->soon ? d->week : NULL);
}

static struct db_stmt *counted_stmt(struct db *db, const struct db_filter *f,
				    struct db_filter_dates *d)
{
	static const struct db_sql sql = {COUNTED(LITE), COUNTED(PG)};
	struct db_stmt *st = db_stmt(db, &sql);
	if (st)
		db_filter_bind_counted(st, f, d);
	return st;
}

enum lu_status db_tasks_any_owner(struct db *db, int *any)
{
	/* tasks_owner holds only the tasks with an owner */
	static const struct db_sql sql = {
		"SELECT EXISTS (SELECT 1 FROM tasks WHERE owner IS NOT NULL AND owner <> '')"};
	long long v = 0;
	enum lu_status st = db_query_int64(db, &sql, "reading tasks", &v);
	*any = v != 0;
	return st;
}

/* Counted from doc_counts when the filter allows, else by a visit of
 * the tasks it matches. */
enum lu_status db_tasks_count(struct db *db, const struct db_filter *f, size_t *n)
{
	static const struct db_sql sql_some = {
		TASKS_SUB(LITE) " SELECT count(*) FROM tasks t JOIN nodes n ON n.id = t.node_id"
		TASKS_WHERE(LITE),
		TASKS_SUB(PG) " SELECT count(*) FROM tasks t JOIN nodes n ON n.id = t.node_id"
		TASKS_WHERE(PG)};
	*n = 0;
	struct db_filter_dates d;
	int counted = db_filter_counted(f);
	struct db_stmt *st = counted ? counted_stmt(db, f, &d) : db_stmt(db, &sql_some);
	if (!st)
		return LU_ERR;
	if (!counted)
		db_filter_bind(st, f, &d);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*n = (size_t)db_col_int64(st, 0);
	enum lu_status s = db_check(db, st, rc, "counting tasks");
	db_reset(st);
	return s;
}
