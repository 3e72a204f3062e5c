/* db_log.c - the change log: what each committed change touched, in
 * commit order, so that a screen rereads a task row or a node's counts
 * instead of everything; and waiting for others' changes (SQLite: PRAGMA
 * data_version; PostgreSQL: LISTEN/NOTIFY on the connection's socket). */
#include "config.h"
#include "luoshi/db.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_impl.h"

#define LOG_KIND_WORD(name, word) word,
static const char *const kind_words[] = {DB_LOG_KINDS(LOG_KIND_WORD)};
#undef LOG_KIND_WORD

/* How many changes the log keeps: a screen further behind reloads. */
#define DB_LOG_KEEP 10000
/* Pruned every this many changes (a DELETE, not on every commit). */
#define DB_LOG_PRUNE_EVERY 512
/* More changes than this at once: a full reload is cheaper. */
#define DB_LOG_BATCH 1000
/* The first schema with the log. */
#define DB_LOG_SCHEMA 5

static int kind_parse(const char *s)
{
	for (int i = 0; s && i < (int)ARRAY_SIZE(kind_words); i++)
		if (strcmp(s, kind_words[i]) == 0)
			return i;
	return -1;
}

/* PostgreSQL: the log's numbers come in commit order because each change
 * holds DB_LOCK_LOG from its first entry to its commit (the entries are
 * its last statements); the number goes out as a notification then. */
static enum lu_status log_lock(struct db *db)
{
	static const struct db_sql sql = {NULL, "SELECT pg_advisory_xact_lock(" DB_LOCK_LOG ")"};
	if (db->log_locked)
		return LU_OK;
	enum lu_status st = db_exec(db, &sql, "recording the change");
	db->log_locked = st == LU_OK;
	return st;
}

static enum lu_status log_prune(struct db *db, long long seq)
{
	static const struct db_sql sql = {"DELETE FROM changes WHERE seq <= ?1"};
	int keep = DB_LOG_KEEP, every = DB_LOG_PRUNE_EVERY;
	if (db_test_hooks.log_keep > 0) /* the tests: a small window, pruned each time */
		keep = db_test_hooks.log_keep, every = 1;
	if (seq % every != 0)
		return LU_OK;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, seq - keep);
	return db_run(db, st, "recording the change");
}

enum lu_status db_log(struct db *db, enum db_log_kind kind, long long doc_id, long long node_id,
		      long long task_id)
{
	/* the node from the task, the document from the node, where not given */
	static const struct db_sql sql = {
		"INSERT INTO changes (kind, doc_id, node_id, task_id, at)"
		" SELECT ?1, coalesce(?2, (SELECT doc_id FROM nodes WHERE id = x.n)), x.n, ?4, ?5"
		" FROM (SELECT coalesce(?3, (SELECT node_id FROM tasks WHERE id = ?4)) AS n) x",
		"WITH c AS (INSERT INTO changes (kind, doc_id, node_id, task_id, at)"
		" SELECT $1::text, coalesce($2::bigint, (SELECT doc_id FROM nodes WHERE id = x.n)),"
		" x.n, $4::bigint, $5::bigint"
		" FROM (SELECT coalesce($3::bigint, (SELECT node_id FROM tasks WHERE id = $4::bigint))"
		" AS n) x RETURNING seq)"
		" SELECT seq, pg_notify('" DB_PG_CHANNEL "', seq::text) FROM c"};
	if (db->schema_version < DB_LOG_SCHEMA) /* opened at an older schema (tests) */
		return LU_OK;
	enum lu_status st = log_lock(db);
	struct db_stmt *s = st == LU_OK ? db_stmt(db, &sql) : NULL;
	if (!s)
		return st != LU_OK ? st : LU_ERR;
	db_bind_text(s, 1, kind_words[kind]);
	db_bind_id(s, 2, doc_id);
	db_bind_id(s, 3, node_id);
	db_bind_id(s, 4, task_id);
	db_bind_int64(s, 5, lu_now());
	st = db_run(db, s, "recording the change");
	return st == LU_OK ? log_prune(db, db_last_id(db)) : st;
}

enum lu_status db_log_last(struct db *db, long long *seq)
{
	static const struct db_sql sql = {"SELECT coalesce(max(seq), 0) FROM changes"};
	return db_query_int64(db, &sql, "reading the change log", seq);
}

static int logged_row(struct db_stmt *st, void *item, void *ctx)
{
	struct db_logged *l = item;
	int *reload = ctx;
	int kind = kind_parse(db_col_text(st, 1));
	l->seq = db_col_int64(st, 0);
	l->kind = kind < 0 ? DB_LOG_STRUCTURE : (enum db_log_kind)kind;
	l->doc_id = db_col_int64(st, 2);
	l->node_id = db_col_int64(st, 3);
	l->task_id = db_col_int64(st, 4);
	*reload |= l->kind == DB_LOG_STRUCTURE;
	return 1;
}

/* The log no longer reaches back to seq: entries after it were pruned
 * (a number missing at the start of the log may also be one a change
 * took and rolled back: then the reload was not needed, only cheap). */
static enum lu_status fell_behind(struct db *db, long long seq, int *reload)
{
	static const struct db_sql sql = {"SELECT coalesce(min(seq), 0) FROM changes"};
	long long oldest = 0;
	enum lu_status st = db_query_int64(db, &sql, "reading the change log", &oldest);
	*reload |= st == LU_OK && oldest > seq + 1;
	return st;
}

enum lu_status db_changes_since(struct db *db, long long seq, struct db_logged **out, size_t *n,
				int *reload)
{
	static const struct db_sql sql = {
		"SELECT seq, kind, doc_id, node_id, task_id FROM changes WHERE seq > ?1"
		" ORDER BY seq LIMIT ?2"};
	const struct db_rows how = {sizeof **out, logged_row, NULL, reload};
	*out = NULL;
	*n = 0;
	*reload = 0;
	enum lu_status st = fell_behind(db, seq, reload);
	struct db_stmt *s = st == LU_OK ? db_stmt(db, &sql) : NULL;
	if (!s)
		return st != LU_OK ? st : LU_ERR;
	db_bind_int64(s, 1, seq);
	db_bind_int64(s, 2, DB_LOG_BATCH + 1);
	void *items = NULL;
	st = db_collect(db, s, &how, "reading the change log", &items, n);
	*out = items;
	*reload |= *n > DB_LOG_BATCH;
	return st;
}

int db_change_fd(struct db *db)
{
	return db->drv->change_fd(db);
}

enum lu_status db_change_drain(struct db *db, long long *seq)
{
	int rc = db->drv->drain(db, seq);
	return rc == DB_OK ? LU_OK : db_fail(db, rc, "waiting for changes");
}

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Without a descriptor: look at the change token every 50 ms. */
static enum lu_status wait_polling(struct db *db, int timeout_ms, int *changed)
{
	long long start = now_ms(), was = 0, now = 0;
	enum lu_status st = db_data_version(db, &was);
	while (st == LU_OK && !*changed && now_ms() - start < timeout_ms) {
		nap_ms(50);
		st = db_data_version(db, &now);
		*changed = now != was;
	}
	return st;
}

enum lu_status db_change_wait(struct db *db, int timeout_ms, int *changed)
{
	long long was = 0, now = 0;
	*changed = 0;
	int fd = db_change_fd(db);
	if (fd < 0)
		return wait_polling(db, timeout_ms, changed);
	enum lu_status st = db_change_drain(db, &was);
	long long start = now_ms();
	while (st == LU_OK && !*changed) {
		long long left = timeout_ms - (now_ms() - start);
		if (left <= 0)
			break;
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, (int)left) < 0)
			break;
		st = db_change_drain(db, &now);
		*changed = now != was;
	}
	return st;
}

/* ---- the counts a change touched ---- */

/* The columns of both count queries: all, not dropped, complete, overdue
 * (as db_docs counts them; ?2 is today). */
#define COUNTS_OF(D) \
	"SELECT count(*), " D##_COUNT_IF("t.status <> 'dropped'") "," \
	" " D##_COUNT_IF("t.status IN ('done','closed','ongoing')") "," \
	" " D##_COUNT_IF("t.due IS NOT NULL AND t.due < ?2" \
			 " AND t.status NOT IN ('done','closed','ongoing','dropped')")

static enum lu_status counts_query(struct db *db, const struct db_sql *sql, long long id,
				   struct db_counts *c)
{
	char today[11];
	memset(c, 0, sizeof *c);
	struct db_stmt *st = db_stmt(db, sql);
	if (!st)
		return LU_ERR;
	lu_today(today);
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, today);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		c->ntasks = db_col_int(st, 0);
		c->nactive = db_col_int(st, 1);
		c->ncomplete = db_col_int(st, 2);
		c->noverdue = db_col_int(st, 3);
	}
	enum lu_status s = db_check(db, st, rc, "counting tasks");
	db_reset(st);
	return s;
}

/* From tasks_place(node_id, status, pos) and the rows of one node's tasks. */
enum lu_status db_node_own_counts(struct db *db, long long node_id, struct db_counts *c)
{
	static const struct db_sql sql = {COUNTS_OF(LITE) " FROM tasks t WHERE t.node_id = ?1",
					  COUNTS_OF(PG) " FROM tasks t WHERE t.node_id = ?1"};
	return counts_query(db, &sql, node_id, c);
}

enum lu_status db_doc_counts(struct db *db, long long doc_id, struct db_counts *c)
{
	/* from the counts the store keeps (doc_counts, schema 7): a task
	 * counted under a due date can be late, so the same four numbers as
	 * counting the document's tasks, in a few rows however many */
#define ROLLUP_IF(c) "coalesce(sum(CASE WHEN " c " THEN c.n END), 0)"
	static const struct db_sql sql = {
		"SELECT coalesce(sum(c.n), 0), " ROLLUP_IF("c.status <> 'dropped'") ","
		" " ROLLUP_IF("c.status IN ('done','closed','ongoing')") ","
		" " ROLLUP_IF("c.due <> '' AND c.due < ?2") " FROM doc_counts c WHERE c.doc_id = ?1"};
#undef ROLLUP_IF
	return counts_query(db, &sql, doc_id, c);
}
