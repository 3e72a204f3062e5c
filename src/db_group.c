/* db_group.c - the groups of the task list grouped by unit, with their
 * sums, without reading the tasks themselves: the screens and `luoshi
 * tasks --by unit` draw a group's heading from here and read its tasks a
 * page at a time (db_unit_page); the whole listing reads every group's
 * in one pass of the list (db_unit_groups_each). */
#include "config.h"
#include "luoshi/db.h"

#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/ledger.h"
#include "luoshi/spool.h"

/* One row of sums: the units' lists of some tasks, their status, the due
 * date they are counted under ('' when they cannot be late) and how many
 * they are. */
struct sums_row {
	const char *unit, *assist;
	int status;
	const char *due;
	int n;
};

/* The distinct unit or assist lists that name a group's unit. */
struct lists {
	char **s;
	size_t n;
};

struct groups {
	struct db_unit_group *g; /* sorted by name while collected */
	struct lists *lead, *assist; /* of each group, in step with g */
	size_t n;
	const struct late_levels *lv;
	char today[11];
};

/* The group of a name, made when new (kept in strcmp order). */
static struct db_unit_group *group_of(struct groups *gs, const char *name, size_t len)
{
	size_t lo = 0, hi = gs->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(gs->g[mid].unit, name, len);
		if (c == 0 && gs->g[mid].unit[len])
			c = 1;
		if (c == 0)
			return &gs->g[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	gs->g = xreallocarray(gs->g, gs->n + 1, sizeof *gs->g);
	gs->lead = xreallocarray(gs->lead, gs->n + 1, sizeof *gs->lead);
	gs->assist = xreallocarray(gs->assist, gs->n + 1, sizeof *gs->assist);
	memmove(gs->g + lo + 1, gs->g + lo, (gs->n - lo) * sizeof *gs->g);
	memmove(gs->lead + lo + 1, gs->lead + lo, (gs->n - lo) * sizeof *gs->lead);
	memmove(gs->assist + lo + 1, gs->assist + lo, (gs->n - lo) * sizeof *gs->assist);
	memset(&gs->g[lo], 0, sizeof gs->g[lo]);
	gs->lead[lo] = gs->assist[lo] = (struct lists){NULL, 0};
	gs->g[lo].unit = xstrndup(name, len);
	gs->n++;
	return &gs->g[lo];
}

/* The list naming a group's unit, unless it was the last one added (the
 * rows come grouped by list); duplicates go at the end (lists_json). */
static void list_add(struct lists *l, const char *list)
{
	if (l->n && strcmp(l->s[l->n - 1], list) == 0)
		return;
	l->s = xreallocarray(l->s, l->n + 1, sizeof *l->s);
	l->s[l->n++] = xstrdup(list);
}

static void group_add(struct groups *gs, struct db_unit_group *g, const struct sums_row *r,
		      int lead, int sign)
{
	if (sign > 0 && *g->unit) {
		size_t i = (size_t)(g - gs->g);
		list_add(lead ? &gs->lead[i] : &gs->assist[i], lead ? r->unit : r->assist);
	}
	int n = sign * r->n;
	*(lead ? &g->lead : &g->assist) += n;
	if (r->status >= 0 && r->status < TASK_STATUS_COUNT)
		g->status[r->status] += n;
	int days = *r->due ? late_days(r->due, gs->today) : 0;
	g->late[late_level_of(gs->lv, days)] += n;
}

/* Whether list names name[0..len) before stop (NULL: anywhere): a task
 * is in a unit's group once, however often its lists name the unit. */
static int named_before(const char *list, const char *stop, const char *name, size_t len)
{
	size_t l;
	for (const char *p = ledger_unit_next(list, &l); p && p != stop;
	     p = ledger_unit_next(p + l, &l))
		if (l == len && memcmp(p, name, len) == 0)
			return 1;
	return 0;
}

/* A row into the groups of the names it holds: lead in those of its
 * unit list, assisting in those of its assist list, or in "" when it
 * names none. assist_only: the row's lead side is counted elsewhere
 * (under its unit list as it is, "" for one naming none), so only its
 * assisting units are added, and a row naming no lead unit is taken out
 * of "" where that count put it. */
static void take_row(struct groups *gs, const struct sums_row *r, int assist_only)
{
	size_t len;
	int named = 0, assisted = 0;
	for (const char *p = ledger_unit_next(r->unit, &len); p; p = ledger_unit_next(p + len, &len)) {
		named = 1;
		if (!assist_only && !named_before(r->unit, p, p, len))
			group_add(gs, group_of(gs, p, len), r, 1, 1);
	}
	for (const char *p = ledger_unit_next(r->assist, &len); p;
	     p = ledger_unit_next(p + len, &len)) {
		assisted = 1;
		if (!named_before(r->unit, NULL, p, len) && !named_before(r->assist, p, p, len))
			group_add(gs, group_of(gs, p, len), r, 0, 1);
	}
	if (!named && !assisted && !assist_only)
		group_add(gs, group_of(gs, "", 0), r, 1, 1);
	else if (!named && assisted && assist_only)
		group_add(gs, group_of(gs, "", 0), r, 1, -1);
}

struct take_ctx {
	struct groups *gs;
	int assist_only;
};

static int sums_read(struct db_stmt *st, void *item, void *ctx)
{
	(void)item;
	const struct take_ctx *c = ctx;
	struct sums_row r = {db_col_text(st, 0), db_col_text(st, 1),
			     task_status_parse(db_col_text(st, 2)), db_col_text(st, 3),
			     (int)db_col_int64(st, 4)};
	if (!r.due)
		r.due = "";
	take_row(c->gs, &r, c->assist_only);
	return 0; /* nothing kept: the row is in the sums */
}

/* The due date a task is counted under in doc_counts (db_schema.c). */
#define SUMS_DUE(r) \
	"CASE WHEN " r ".status NOT IN ('done','closed','ongoing','dropped')" \
	" THEN coalesce(" r ".due, '') ELSE '' END"
/* A filter the kept counts answer (db_filter_counted; ?1..?5 as bound by
 * db_filter_bind_counted) on a row whose due date counted is DUE. */
#define KEPT_WHERE(D, DUE) \
	" (" D##_TEXT("?1") " IS NULL OR " D##_INSTR("?1", "',' || status || ','") " > 0)" \
	" AND (" D##_TEXT("?3") " IS NULL OR (" DUE " <> '' AND " DUE " < ?3))" \
	" AND (" D##_TEXT("?4") " IS NULL OR (" DUE " <> '' AND " DUE " >= ?4" \
	"  AND " DUE " <= " D##_TEXT("?5") "))"
/* Such a filter: the lead side from doc_counts (its unit list as
 * written), the assisting side from the assisted tasks, in the order of
 * tasks_assisted, which holds every column read. */
#define LEAD_SUMS(D) \
	"SELECT unit, NULL, status, due, sum(n) FROM doc_counts WHERE" KEPT_WHERE(D, "due") \
	" AND (" D##_INT("?2") " IS NULL OR doc_id = ?2) GROUP BY unit, status, due"
#define ASSIST_SUMS(D) \
	"SELECT unit, assist, status, " SUMS_DUE("t") ", count(*) FROM tasks t" \
	" WHERE assist IS NOT NULL AND" KEPT_WHERE(D, SUMS_DUE("t")) \
	" AND (" D##_INT("?2") " IS NULL OR node_id IN (SELECT id FROM nodes WHERE doc_id = ?2))" \
	" GROUP BY assist, unit, status, due"
static const struct db_sql sql_lead_sums = {LEAD_SUMS(LITE), LEAD_SUMS(PG)};
static const struct db_sql sql_assist_sums = {ASSIST_SUMS(LITE), ASSIST_SUMS(PG)};
/* Any other filter: one visit of the matching tasks' lists, status and due. */
#define FILTER_SUMS(D) \
	TASKS_SUB(D) " SELECT t.unit, t.assist, t.status, " SUMS_DUE("t") ", count(*)" \
	" FROM tasks t JOIN nodes n ON n.id = t.node_id" TASKS_WHERE(D) " GROUP BY 1, 2, 3, 4"
static const struct db_sql sql_filter_sums = {FILTER_SUMS(LITE), FILTER_SUMS(PG)};

/* kept: f is one that db_filter_counted takes */
static enum lu_status take_sums(struct db *db, const struct db_sql *sql, const struct db_filter *f,
				int kept, struct groups *gs, int assist_only)
{
	struct take_ctx c = {gs, assist_only};
	const struct db_rows how = {1, sums_read, NULL, &c};
	struct db_stmt *st = db_stmt(db, sql);
	if (!st)
		return LU_ERR;
	struct db_filter_dates d;
	if (kept)
		db_filter_bind_counted(st, f, &d);
	else
		db_filter_bind(st, f, &d);
	void *items = NULL;
	size_t n = 0;
	enum lu_status s = db_collect(db, st, &how, "counting the tasks of each unit", &items, &n);
	free(items);
	return s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lists as a JSON array, each once; the lists freed. */
static char *lists_json(struct lists *l)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addc(&b, '[');
	if (l->n > 1)
		qsort(l->s, l->n, sizeof *l->s, cmp_str);
	for (size_t i = 0; i < l->n; i++) {
		if (!i || strcmp(l->s[i], l->s[i - 1]) != 0) {
			if (b.len > 1)
				sbuf_addc(&b, ',');
			sbuf_add_json(&b, l->s[i]);
		}
	}
	for (size_t i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	sbuf_addc(&b, ']');
	return sbuf_detach(&b);
}

/* Whether a group of size tasks is read from its own tasks: sorting
 * them costs about size rows a page, walking the list for them about
 * PAGE * total / size; the walk is kept for the larger groups and for
 * "" (whose tasks no list names). */
#define GROUP_PAGE 200
static int group_own(const struct db_unit_group *g, size_t total)
{
	size_t size = (size_t)(g->lead + g->assist);
	return *g->unit && size * size <= GROUP_PAGE * total;
}

static void group_clear(struct db_unit_group *g)
{
	free(g->unit);
	free(g->leads);
	free(g->assists);
}

/* Groups whose sums came to nothing are dropped; "" goes last. */
static void groups_finish(struct groups *gs, size_t total)
{
	size_t k = 0;
	struct db_unit_group none = {0};
	for (size_t i = 0; i < gs->n; i++) {
		struct db_unit_group *g = &gs->g[i];
		g->leads = lists_json(&gs->lead[i]);
		g->assists = lists_json(&gs->assist[i]);
		g->own = group_own(g, total);
		if (g->lead + g->assist <= 0)
			group_clear(g);
		else if (!*g->unit)
			none = *g;
		else
			gs->g[k++] = *g;
	}
	if (none.unit)
		gs->g[k++] = none;
	gs->n = k;
	free(gs->lead);
	free(gs->assist);
}

enum lu_status db_unit_groups(struct db *db, const struct db_filter *f,
			      const struct late_levels *lv, struct db_unit_group **out, size_t *n)
{
	struct groups gs = {NULL, NULL, NULL, 0, lv, ""};
	size_t total = 0;
	lu_today(gs.today);
	enum lu_status s = db_tasks_count(db, NULL, &total);
	int kept = db_filter_counted(f);
	if (s == LU_OK)
		s = take_sums(db, kept ? &sql_lead_sums : &sql_filter_sums, f, kept, &gs, 0);
	if (s == LU_OK && kept)
		s = take_sums(db, &sql_assist_sums, f, kept, &gs, 1);
	groups_finish(&gs, total);
	if (s != LU_OK) {
		db_unit_groups_free(gs.g, gs.n);
		gs.g = NULL;
		gs.n = 0;
	}
	*out = gs.g;
	*n = gs.n;
	return s;
}

void db_unit_groups_free(struct db_unit_group *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		group_clear(&g[i]);
	free(g);
}

/* ---- every group in one pass (db_unit_groups_each) ----
 * The list is read once in its order, page by page as the flat list is,
 * and each task put in the spool's bucket of every group it is in; the
 * buckets are then read back one after another. Random lookups of each
 * group's tasks through the unit indexes would cost several pages of
 * the file a task: the pass reads them in the order they lie. */

static int cmp_ll(long long a, long long b)
{
	return (a > b) - (a < b);
}

/* t against k in the order of sort, as the pages sort (db_filter.c:
 * the dated first by due date, or by status, then the position). */
static int cmp_key(const struct db_task *t, const struct db_task_key *k, enum db_sort sort)
{
	int c = 0;
	if (sort == DB_SORT_STATUS) {
		c = cmp_ll(t->status, k->status);
	} else if (sort == DB_SORT_DUE) {
		int dated = t->due && *t->due;
		c = cmp_ll(!dated, !k->due[0]);
		if (!c && dated)
			c = strcmp(t->due, k->due);
	}
	long long a[] = {t->doc_id, t->node_pos, t->node_id, t->pos, t->id};
	long long b[] = {k->doc_id, k->node_pos, k->node_id, k->task_pos, k->id};
	for (size_t i = 0; !c && i < sizeof a / sizeof *a; i++)
		c = cmp_ll(a[i], b[i]);
	return c;
}

/* The index of the group of name[0..len) among g[0..n) (by name, ""
 * last), or n when there is none (a task added since they were read). */
static size_t group_find(const struct db_unit_group *g, size_t n, const char *name, size_t len)
{
	size_t lo = 0, hi = n && !*g[n - 1].unit ? n - 1 : n;
	if (!len)
		return hi;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(g[mid].unit, name, len);
		if (c == 0 && g[mid].unit[len])
			c = 1;
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

struct pass {
	const struct db_unit_group *g;
	size_t n, from; /* the groups g[from..n) are read */
	enum db_sort sort;
	const struct db_task_key *key; /* g[from]'s tasks up to it are not */
	struct spool *sp;
	struct sbuf rec;
};

/* A text of a record: 0 for NULL, else 1 and the text with its NUL. */
static void rec_text(struct sbuf *b, const char *s)
{
	sbuf_addc(b, s ? 1 : 0);
	if (s)
		sbuf_add(b, s, strlen(s) + 1);
}

/* A task into the bucket of group i: its id, status, due date, title
 * and unit list, what a listing of the groups prints. */
static enum lu_status spool_task(struct pass *p, size_t i, const struct db_task *t)
{
	if (i >= p->n || i < p->from)
		return LU_OK;
	if (i == p->from && p->key && p->key->set && cmp_key(t, p->key, p->sort) <= 0)
		return LU_OK;
	int status = (int)t->status;
	sbuf_reset(&p->rec);
	sbuf_add(&p->rec, (const char *)&t->id, sizeof t->id);
	sbuf_add(&p->rec, (const char *)&status, sizeof status);
	rec_text(&p->rec, t->due);
	rec_text(&p->rec, t->title);
	rec_text(&p->rec, t->unit);
	return spool_add(p->sp, i - p->from, p->rec.s, p->rec.len);
}

/* A task into each group it is in, as take_row counts it. */
static enum lu_status spool_groups(struct pass *p, const struct db_task *t)
{
	enum lu_status s = LU_OK;
	int named = 0;
	size_t len;
	for (const char *q = ledger_unit_next(t->unit, &len); q && s == LU_OK;
	     q = ledger_unit_next(q + len, &len)) {
		named = 1;
		if (!named_before(t->unit, q, q, len))
			s = spool_task(p, group_find(p->g, p->n, q, len), t);
	}
	for (const char *q = ledger_unit_next(t->assist, &len); q && s == LU_OK;
	     q = ledger_unit_next(q + len, &len)) {
		named = 1;
		if (!named_before(t->unit, NULL, q, len) && !named_before(t->assist, q, q, len))
			s = spool_task(p, group_find(p->g, p->n, q, len), t);
	}
	if (!named && s == LU_OK)
		s = spool_task(p, group_find(p->g, p->n, "", 0), t);
	return s;
}

/* The pass: the list a page at a time, each task into its buckets. */
#define PASS_PAGE 1000
static enum lu_status pass_read(struct db *db, const struct db_filter *f, struct pass *p)
{
	struct db_task_key key = {0};
	enum lu_status s;
	for (;;) {
		struct db_task *page = NULL;
		size_t n = 0;
		s = db_tasks_page(db, f, p->sort, &key, DB_PAGE_AFTER, PASS_PAGE, &page, &n);
		for (size_t i = 0; i < n && s == LU_OK; i++)
			s = spool_groups(p, &page[i]);
		if (n)
			db_task_key_of(&page[n - 1], &key);
		db_tasks_free(page, n);
		if (s != LU_OK || n < PASS_PAGE)
			return s;
	}
}

static const char *rec_text_read(const char **p)
{
	const char *s = NULL;
	if (*(*p)++) {
		s = *p;
		*p += strlen(s) + 1;
	}
	return s;
}

struct replay {
	size_t group;
	db_group_task_fn fn;
	void *ctx;
};

/* A record back into the task it was (only what spool_task wrote: the
 * texts point into the record, which fn must not keep). */
static int replay_one(const char *rec, size_t len, void *ctx)
{
	(void)len;
	const struct replay *r = ctx;
	struct db_task t;
	int status;
	memset(&t, 0, sizeof t);
	memcpy(&t.id, rec, sizeof t.id);
	memcpy(&status, rec + sizeof t.id, sizeof status);
	t.status = (enum task_status)status;
	const char *p = rec + sizeof t.id + sizeof status;
	t.due = (char *)rec_text_read(&p);
	t.title = (char *)rec_text_read(&p);
	t.unit = (char *)rec_text_read(&p);
	return r->fn(r->group, &t, r->ctx);
}

enum lu_status db_unit_groups_each(struct db *db, const struct db_filter *f,
				   const struct db_unit_group *g, size_t n, size_t from,
				   enum db_sort sort, const struct db_task_key *key,
				   db_group_task_fn fn, void *ctx)
{
	if (from >= n)
		return LU_OK;
	struct pass p = {g, n, from, sort, key, spool_new(n - from), SBUF_INIT};
	enum lu_status s = pass_read(db, f, &p);
	int stop = 0;
	for (size_t i = from; s == LU_OK && !stop && i < n; i++) {
		struct replay r = {i, fn, ctx};
		s = spool_each(p.sp, i - from, replay_one, &r, &stop);
	}
	sbuf_free(&p.rec);
	spool_free(p.sp);
	return s;
}
