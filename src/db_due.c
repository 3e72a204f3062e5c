/* db_due.c - what a period asks (the 督办 cycle): of every task, whether
 * it must report for its period and has, how late it is, whether it
 * waits for review (待销号) or for its 回头看; one at a time (db_due_each,
 * luoshi due and the period report), and as the sums the dashboard shows
 * (db_due_sums), read from the kept counts and the period's reports
 * rather than from every task. */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/i18n.h"

/* ---- what a period asks ---- */

/* The reports made for the periods around the reference day: (task, kind)
 * pairs, sorted for bsearch. */
struct reported {
	long long *pairs; /* task id, kind */
	size_t n;
};

static int pair_cmp(const void *a, const void *b)
{
	const long long *x = a, *y = b;
	if (x[0] != y[0])
		return (x[0] > y[0]) - (x[0] < y[0]);
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Append (task, kind) to r, whose room is *cap pairs. */
static void pair_add(struct reported *r, size_t *cap, long long task, long long kind)
{
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		r->pairs = xreallocarray(r->pairs, *cap, 2 * sizeof *r->pairs);
	}
	r->pairs[2 * r->n] = task;
	r->pairs[2 * r->n++ + 1] = kind;
}

/* (task, kind) of the rows of sql (task_id, period) for the labels. */
static enum lu_status load_pairs(struct db *db, const struct db_sql *sql,
				 char labels[][PERIOD_TEXT_MAX], struct reported *r)
{
	struct db_stmt *st = db_stmt(db, sql);
	size_t cap = 0;
	if (!st)
		return LU_ERR;
	for (int k = 0; k < PERIOD_KIND_COUNT; k++)
		db_bind_text(st, k + 1, labels[k]);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *p = db_col_text(st, 1);
		int k = 0;
		while (k < PERIOD_KIND_COUNT && strcmp(p ? p : "", labels[k]) != 0)
			k++;
		pair_add(r, &cap, db_col_int64(st, 0), k);
	}
	enum lu_status s = db_check(db, st, rc, _("reading reports"));
	db_reset(st);
	if (r->n)
		qsort(r->pairs, r->n, 2 * sizeof *r->pairs, pair_cmp);
	return s;
}

/* The reports made for the periods around the reference day, and the
 * periods of recurring tasks done there. */
static enum lu_status load_reported(struct db *db, char labels[][PERIOD_TEXT_MAX],
				    struct reported *rep, struct reported *done)
{
	static const struct db_sql reports = {
		"SELECT DISTINCT task_id, period FROM reports WHERE period IN (?1, ?2, ?3, ?4, ?5, ?6)"};
	static const struct db_sql periods = {
		"SELECT task_id, period FROM task_periods WHERE period IN (?1, ?2, ?3, ?4, ?5, ?6)"};
	enum lu_status s = load_pairs(db, &reports, labels, rep);
	return s == LU_OK ? load_pairs(db, &periods, labels, done) : s;
}

/* The tasks closed (销号) within [first, last], local days: (task, 0)
 * pairs. The close records are read a day either side of those days in
 * seconds (any time zone), each then judged by its local day. */
static enum lu_status load_closed(struct db *db, const char *first, const char *last,
				  struct reported *r)
{
	static const struct db_sql sql = {"SELECT task_id, at FROM reviews"
					  " WHERE kind = 'close' AND at >= ?1 AND at < ?2",
					  "SELECT task_id, at FROM reviews"
					  " WHERE kind = 'close' AND at >= $1 AND at < $2"};
	struct db_stmt *st = db_stmt(db, &sql);
	size_t cap = 0;
	if (!st)
		return LU_ERR;
	long long from = date_days_between("1970-01-01", first) - 1,
		  to = date_days_between("1970-01-01", last) + 2;
	db_bind_int64(st, 1, from * 86400);
	db_bind_int64(st, 2, to * 86400);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char day[17];
		lu_format_time(db_col_int64(st, 1), day);
		day[10] = '\0';
		if (strcmp(day, first) >= 0 && strcmp(day, last) <= 0)
			pair_add(r, &cap, db_col_int64(st, 0), 0);
	}
	enum lu_status s = db_check(db, st, rc, _("reading reviews"));
	db_reset(st);
	if (r->n)
		qsort(r->pairs, r->n, 2 * sizeof *r->pairs, pair_cmp);
	return s;
}

static int was_reported(const struct reported *r, long long task_id, int kind)
{
	long long key[2] = {task_id, kind};
	return r->n && bsearch(key, r->pairs, r->n, 2 * sizeof *r->pairs, pair_cmp) != NULL;
}

/* The period a task reports for: its cycle, else its recurrence's, else
 * the store's (dflt). */
static enum period_kind kind_of(const char *cycle, const char *recurrence,
				enum period_kind dflt)
{
	int k = cycle ? period_kind_parse(cycle) : -1;
	if (k < 0)
		k = period_kind_of_recurrence(recurrence);
	return k < 0 ? dflt : (enum period_kind)k;
}

/* What the period asks of one task, or what it finished there; 0 when
 * neither. A task done or closed keeps its due date in the period's
 * count (本期到期: what was planned for it), and one closed there or due
 * there stays an item of the period, finished: its report counts it done
 * (the tryout found such a task gone from the report once closed). */
static int due_item(const struct db_due *d, const struct db_task *t, enum period_kind dflt,
		    const struct late_levels *lv, const struct reported *rep,
		    const struct reported *done, const struct reported *closed,
		    struct db_due_item *it)
{
	memset(it, 0, sizeof *it);
	if (t->status == TASK_DROPPED)
		return 0;
	it->due_in = t->due && strcmp(t->due, d->first) >= 0 && strcmp(t->due, d->last) <= 0;
	if (t->status == TASK_CLOSED) {
		it->recheck = t->recheck && strcmp(t->recheck, d->last) <= 0;
		it->closed_in = was_reported(closed, t->id, 0);
		return it->recheck || it->closed_in || it->due_in;
	}
	if (t->status == TASK_DONE)
		return it->review = 1;
	int k = (int)kind_of(t->cycle, t->recurrence, dflt);
	struct period p;
	period_of((enum period_kind)k, d->ref, &p);
	period_format(&p, it->period);
	it->must_report = 1;
	/* a period done asks for no report of it (催报 nagged one before) */
	it->period_done = was_reported(done, t->id, k);
	it->reported = it->period_done || was_reported(rep, t->id, k);
	if (t->status != TASK_ONGOING)
		it->late_days = late_days(t->due, d->ref);
	it->late = late_level_of(lv, it->late_days);
	return 1;
}

static void due_bounds(struct db_due *d, const struct period *p)
{
	char today[11];
	lu_today(today);
	if (p)
		d->p = *p;
	else
		period_of(PERIOD_MONTH, today, &d->p);
	period_bounds(&d->p, d->first, d->last);
	const char *ref = strcmp(today, d->first) < 0 ? d->first
			  : strcmp(today, d->last) > 0 ? d->last : today;
	snprintf(d->ref, sizeof d->ref, "%s", ref);
}

/* The tasks are read a page at a time (the 督办 items of a period are
 * nearly every open task: at a million tasks the whole list in memory
 * was 1.1 GB and 7 s of the dashboard's start). */
#define DUE_PAGE 1000

/* What every way of reading a period needs: its bounds and reference
 * day (head), the labels of the periods of each kind around that day,
 * the lateness levels and the store's reporting cycle. */
struct due_setup {
	char labels[PERIOD_KIND_COUNT][PERIOD_TEXT_MAX];
	struct late_levels lv;
	enum period_kind dflt;
};

static enum lu_status due_setup(struct db *db, const struct period *p, struct db_due *head,
				struct due_setup *u)
{
	memset(head, 0, sizeof *head);
	due_bounds(head, p);
	for (int k = 0; k < PERIOD_KIND_COUNT; k++) {
		struct period x;
		period_of((enum period_kind)k, head->ref, &x);
		period_format(&x, u->labels[k]);
	}
	char *cycle = NULL;
	enum lu_status s = db_late_levels(db, &u->lv);
	if (s == LU_OK)
		s = db_setting_get(db, DB_SET_REPORT_CYCLE, &cycle);
	int dk = cycle ? period_kind_parse(cycle) : -1;
	u->dflt = dk < 0 ? PERIOD_MONTH : (enum period_kind)dk;
	free(cycle);
	return s;
}

static enum lu_status due_walk(struct db *db, const struct period *p, const char *unit,
			       struct db_due *head, db_due_fn fn, void *ctx)
{
	struct due_setup u;
	struct reported rep = {NULL, 0}, done = {NULL, 0}, closed = {NULL, 0};
	char *word = unit ? xasprintf("unit:%s", unit) : NULL;
	struct db_filter *f = NULL;
	enum lu_status s = due_setup(db, p, head, &u);
	if (s == LU_OK)
		s = load_reported(db, u.labels, &rep, &done);
	if (s == LU_OK)
		s = load_closed(db, head->first, head->last, &closed);
	if (s == LU_OK)
		s = db_filter_parse(word ? 1 : 0, &word, &f);
	struct db_task_key key = {0};
	for (int stop = 0, last = 0; s == LU_OK && !stop && !last;) {
		struct db_task *t = NULL;
		size_t n = 0;
		s = db_tasks_page(db, f, DB_SORT_POSITION, &key, DB_PAGE_AFTER, DUE_PAGE, &t, &n);
		if (n)
			db_task_key_of(&t[n - 1], &key);
		last = n < DUE_PAGE;
		for (size_t i = 0; i < n && s == LU_OK && !stop; i++) {
			struct db_due_item it;
			if (due_item(head, &t[i], u.dflt, &u.lv, &rep, &done, &closed, &it)) {
				it.t = t[i];
				memset(&t[i], 0, sizeof t[i]); /* the callback's, or freed below */
				stop = fn(ctx, head, &it) != 0;
				db_task_free(&it.t);
			}
		}
		db_tasks_free(t, n);
	}
	db_filter_free(f);
	free(word);
	free(rep.pairs);
	free(done.pairs);
	free(closed.pairs);
	return s;
}

/* The pages of a walk read one moment's store: between two pages another
 * user's --replace may move a document's tasks, which the next page would
 * then list again or pass over. */
enum lu_status db_due_each(struct db *db, const struct period *p, const char *unit,
			   struct db_due *head, db_due_fn fn, void *ctx)
{
	enum lu_status s = db_read_begin(db, "reading what the period asks");
	if (s != LU_OK) {
		memset(head, 0, sizeof *head);
		return s;
	}
	s = due_walk(db, p, unit, head, fn, ctx);
	db_read_end(db);
	return s;
}

/* db_due's callback: every item kept. */
static int due_keep(void *ctx, const struct db_due *head, struct db_due_item *it)
{
	struct db_due *out = ctx;
	(void)head;
	if ((out->n & (out->n - 1)) == 0) /* 0 or a power of two: full */
		out->items = xreallocarray(out->items, out->n ? out->n * 2 : 1, sizeof *out->items);
	out->items[out->n++] = *it;
	memset(&it->t, 0, sizeof it->t); /* moved into out */
	return 0;
}

enum lu_status db_due(struct db *db, const struct period *p, const char *unit,
		      struct db_due *out)
{
	struct db_due head;
	memset(out, 0, sizeof *out);
	enum lu_status s = db_due_each(db, p, unit, &head, due_keep, out);
	struct db_due_item *items = out->items;
	size_t n = out->n;
	*out = head;
	out->items = items ? items : xcalloc(1, sizeof *out->items);
	out->n = n;
	if (s != LU_OK)
		db_due_free(out);
	return s;
}

void db_due_free(struct db_due *d)
{
	for (size_t i = 0; i < d->n; i++)
		db_task_free(&d->items[i].t);
	free(d->items);
	d->items = NULL;
	d->n = 0;
}


/* ---- the sums of a period, for the dashboard ---- */

/* The statuses of a task that must report (due_item: not dropped, closed
 * or done). */
#define OPEN_STATUSES "('todo','doing','blocked','ongoing')"

static struct db_due_unit *sums_unit(struct db_due_sums *out, const char *name)
{
	for (size_t i = 0; i < out->nunits; i++)
		if (strcmp(out->units[i].unit, name) == 0)
			return &out->units[i];
	out->units = xreallocarray(out->units, out->nunits + 1, sizeof *out->units);
	struct db_due_unit *u = &out->units[out->nunits++];
	memset(u, 0, sizeof *u);
	u->unit = xstrdup(name);
	return u;
}

/* Each unit of a task that must report or waits for review, with how many
 * must: from the kept counts (a done task is a unit's too, must 0). */
static enum lu_status sums_units(struct db *db, struct db_due_sums *out)
{
#define SUMS_UNITS(UNIT) \
	"SELECT unit, sum(CASE WHEN status IN " OPEN_STATUSES " THEN n ELSE 0 END)," \
	" sum(CASE WHEN status = 'done' THEN n ELSE 0 END) FROM doc_counts" \
	" WHERE status IN " OPEN_STATUSES " OR status = 'done' GROUP BY unit HAVING sum(n) > 0" \
	" ORDER BY " UNIT
	static const struct db_sql sql = {SUMS_UNITS("unit"), SUMS_UNITS("unit COLLATE \"C\"")};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct db_due_unit *u = sums_unit(out, db_col_text(st, 0) ? db_col_text(st, 0) : "");
		u->must = db_col_int(st, 1);
		out->nreview += (size_t)db_col_int64(st, 2);
	}
	enum lu_status s = db_check(db, st, rc, _("counting what the period asks"));
	db_reset(st);
	return s;
}

/* The late among them, by due date: a task to do, doing or blocked past
 * its due date at the reference day (an ongoing one is never late). */
static enum lu_status sums_late(struct db *db, const struct db_due *head,
				const struct late_levels *lv, struct db_due_sums *out)
{
	static const struct db_sql sql = {
		"SELECT unit, due, sum(n) FROM doc_counts WHERE status IN ('todo','doing','blocked')"
		" AND due <> '' AND due < ?1 GROUP BY unit, due"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, head->ref);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct db_due_unit *u = sums_unit(out, db_col_text(st, 0) ? db_col_text(st, 0) : "");
		enum late_level l = late_level_of(lv, late_days(db_col_text(st, 1), head->ref));
		int n = db_col_int(st, 2);
		u->late[l] += n;
	}
	enum lu_status s = db_check(db, st, rc, _("counting what the period asks"));
	db_reset(st);
	return s;
}

/* Reported: the period's reports and the periods done, each of a task
 * that must report and for the period of its own kind (as due_item
 * judges). Few (a period's), whatever the number of tasks. */
static enum lu_status sums_reported(struct db *db, const struct due_setup *su,
				    struct db_due_sums *out)
{
	static const struct db_sql sql = {
		"SELECT DISTINCT r.task_id, r.period, coalesce(t.unit, ''), t.cycle, t.recurrence"
		" FROM (SELECT task_id, period FROM reports WHERE period IN (?1, ?2, ?3, ?4, ?5, ?6)"
		"  UNION SELECT task_id, period FROM task_periods"
		"  WHERE period IN (?1, ?2, ?3, ?4, ?5, ?6)) r JOIN tasks t ON t.id = r.task_id"
		" WHERE t.status IN " OPEN_STATUSES};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	for (int k = 0; k < PERIOD_KIND_COUNT; k++)
		db_bind_text(st, k + 1, su->labels[k]);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		enum period_kind k = kind_of(db_col_text(st, 3), db_col_text(st, 4), su->dflt);
		const char *period = db_col_text(st, 1);
		if (period && strcmp(period, su->labels[k]) == 0)
			sums_unit(out, db_col_text(st, 2))->reported++;
	}
	enum lu_status s = db_check(db, st, rc, _("counting what the period asks"));
	db_reset(st);
	return s;
}

/* The first shown tasks of a list of ids in document order, read whole. */
static enum lu_status sums_keep(struct db *db, long long id, size_t shown, struct db_task **t,
				size_t *n)
{
	if (*n >= shown)
		return LU_OK;
	*t = xreallocarray(*t, *n + 1, sizeof **t);
	enum lu_status s = db_task_get(db, id, &(*t)[*n]);
	if (s == LU_OK)
		(*n)++;
	return s;
}

/* What waits for review: the done tasks, found through the nodes that
 * count some (the kept counts), in document order. */
static enum lu_status sums_review(struct db *db, size_t shown, struct db_due_sums *out)
{
#define SUMS_REVIEW(JOIN) \
	"SELECT t.id FROM node_counts c " JOIN " nodes n ON n.id = c.node_id " JOIN " tasks t" \
	" ON t.node_id = c.node_id AND t.status = 'done' WHERE c.status = 'done' AND c.n > 0" \
	" ORDER BY n.doc_id, n.pos, n.id, t.pos, t.id LIMIT ?1"
	/* SQLite: CROSS JOIN keeps the order of the loops (the counts first) */
	static const struct db_sql sql = {SUMS_REVIEW("CROSS JOIN"), SUMS_REVIEW("JOIN")};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, (long long)shown);
	long long ids[64];
	size_t nids = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && nids < ARRAY_SIZE(ids))
		ids[nids++] = db_col_int64(st, 0);
	enum lu_status s = db_check(db, st, rc == DB_ROW ? DB_DONE : rc, _("reading tasks"));
	db_reset(st);
	for (size_t i = 0; i < nids && s == LU_OK; i++)
		s = sums_keep(db, ids[i], shown, &out->review, &out->nreview_shown);
	return s;
}

/* The 回头看 that fall due by the period's end: closed tasks with a date,
 * through their index, each counted for its unit. */
static enum lu_status sums_recheck(struct db *db, const struct db_due *head, size_t shown,
				   struct db_due_sums *out)
{
#define SUMS_RECHECK(JOIN) \
	"SELECT t.id, coalesce(t.unit, '') FROM tasks t " JOIN " nodes n ON n.id = t.node_id" \
	" WHERE t.recheck IS NOT NULL AND t.recheck <= ?1 AND t.status = 'closed'" \
	" ORDER BY n.doc_id, n.pos, n.id, t.pos, t.id"
	static const struct db_sql sql = {SUMS_RECHECK("CROSS JOIN"), SUMS_RECHECK("JOIN")};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, head->last);
	long long ids[64];
	size_t nids = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		sums_unit(out, db_col_text(st, 1));
		if (nids < shown && nids < ARRAY_SIZE(ids))
			ids[nids++] = db_col_int64(st, 0);
		out->nrecheck++;
	}
	enum lu_status s = db_check(db, st, rc, _("reading tasks"));
	db_reset(st);
	for (size_t i = 0; i < nids && s == LU_OK; i++)
		s = sums_keep(db, ids[i], shown, &out->recheck, &out->nrecheck_shown);
	return s;
}

/* Code point order (UTF-8 bytes compare as code points). */
static int unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct db_due_unit *)a)->unit, ((const struct db_due_unit *)b)->unit);
}

enum lu_status db_due_sums(struct db *db, size_t shown, struct db_due_sums *out)
{
	struct due_setup su;
	memset(out, 0, sizeof *out);
	enum lu_status s = due_setup(db, NULL, &out->head, &su);
	if (s == LU_OK)
		s = sums_units(db, out);
	if (s == LU_OK)
		s = sums_late(db, &out->head, &su.lv, out);
	if (s == LU_OK)
		s = sums_reported(db, &su, out);
	if (s == LU_OK)
		s = sums_review(db, shown, out);
	if (s == LU_OK)
		s = sums_recheck(db, &out->head, shown, out);
	if (s != LU_OK)
		db_due_sums_free(out);
	else if (out->nunits) /* a unit only the late or the 回头看 name comes last */
		qsort(out->units, out->nunits, sizeof *out->units, unit_cmp);
	return s;
}

void db_due_sums_free(struct db_due_sums *s)
{
	for (size_t i = 0; i < s->nunits; i++)
		free(s->units[i].unit);
	free(s->units);
	db_tasks_free(s->review, s->nreview_shown);
	db_tasks_free(s->recheck, s->nrecheck_shown);
	memset(s, 0, sizeof *s);
}
