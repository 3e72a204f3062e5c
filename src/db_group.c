/* db_group.c - the groups of the task list grouped by unit, with their
 * sums, without reading the tasks themselves: the screens and `luoshi
 * tasks --by unit` draw a group's heading from here and read its tasks a
 * page at a time (db_unit_page). */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/ledger.h"

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

/* ---- a whole group at once (db_unit_each) ----
 * A named group's tasks are found through the lists that name it (?23,
 * ?24: JSON arrays, by tasks_unit and tasks_assisted), "" by one scan,
 * and sorted in one go. The order is the pages' (db_filter.c): ?25 the
 * statuses in the list's order when by status, ?26 set when by due
 * (the dated first, by date), then the position down to the id. */
#define EACH_TASKS(D) \
	TASKS_SUB(D) " SELECT " DB_TASK_COLUMNS \
	" FROM tasks t" D##_JOIN_FIRST "nodes n ON n.id = t.node_id" TASKS_JOINS(D) TASKS_WHERE(D) \
	TASKS_OF_UNIT(D)
#define EACH_NAMED(D) \
	" AND (t.unit IN (SELECT value FROM " D##_JSON_WORDS("?23") ")" \
	"  OR t.assist IN (SELECT value FROM " D##_JSON_WORDS("?24") "))"
#define EACH_ORDER(D) \
	" ORDER BY " D##_INSTR(D##_TEXT("?25"), "',' || t.status || ','") "," \
	" (" D##_TEXT("?26") " IS NOT NULL AND t.due IS NULL)," \
	" CASE WHEN " D##_TEXT("?26") " IS NOT NULL THEN t.due END," \
	" n.doc_id, n.pos, n.id, t.pos, t.id"
static const struct db_sql sql_each_named = {EACH_TASKS(LITE) EACH_NAMED(LITE) EACH_ORDER(LITE),
					     EACH_TASKS(PG) EACH_NAMED(PG) EACH_ORDER(PG)};
static const struct db_sql sql_each_none = {EACH_TASKS(LITE) EACH_ORDER(LITE),
					    EACH_TASKS(PG) EACH_ORDER(PG)};

static int cmp_ll(long long a, long long b)
{
	return (a > b) - (a < b);
}

/* t against k in the order of sort, as the statements above sort. */
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

/* ",todo,doing,...,": the statuses in the order of the list by status
 * (bound where it lies, so kept) */
static const char *status_order(void)
{
	static char s[128];
	if (s[0])
		return s;
	size_t len = 0;
	for (int i = 0; i < TASK_STATUS_COUNT; i++)
		len += (size_t)snprintf(s + len, sizeof s - len, ",%s",
					task_status_name((enum task_status)i));
	if (len)
		snprintf(s + len, sizeof s - len, ",");
	return s;
}

static struct db_stmt *each_stmt(struct db *db, const struct db_filter *f,
				 const struct db_unit_group *g, enum db_sort sort,
				 struct db_filter_dates *d)
{
	struct db_stmt *st = db_stmt(db, *g->unit ? &sql_each_named : &sql_each_none);
	if (!st)
		return NULL;
	db_filter_bind(st, f, d);
	db_bind_text(st, 22, g->unit);
	if (*g->unit) {
		db_bind_text(st, 23, g->leads);
		db_bind_text(st, 24, g->assists);
	}
	db_bind_text(st, 25, sort == DB_SORT_STATUS ? status_order() : NULL);
	db_bind_text(st, 26, sort == DB_SORT_DUE ? "1" : NULL);
	return st;
}

enum lu_status db_unit_each(struct db *db, const struct db_filter *f,
			    const struct db_unit_group *g, enum db_sort sort,
			    const struct db_task_key *key, db_task_fn fn, void *ctx)
{
	struct db_filter_dates d;
	struct db_stmt *st = each_stmt(db, f, g, sort, &d);
	if (!st)
		return LU_ERR;
	int rc = 0, stop = 0;
	while (!stop && (rc = db_step(st)) == DB_ROW) {
		struct db_task t;
		memset(&t, 0, sizeof t);
		db_task_read(st, &t);
		if (!key || !key->set || cmp_key(&t, key, sort) > 0)
			stop = fn(&t, ctx);
		db_task_free(&t);
	}
	enum lu_status s = stop ? LU_OK : db_check(db, st, rc, "reading tasks");
	db_reset(st);
	return s;
}
