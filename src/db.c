/* db.c - what every store file shares: the word lists, the statement
 * cache, the error vocabulary, binding and reading, history rows, and the
 * connection's state (opening is db_open.c). */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"

/* ---- the word lists ---- */

#define TASK_STATUS_EN(name, en, zh) en,
#define TASK_STATUS_ZH(name, en, zh) zh,
static const char *const status_en[] = {TASK_STATUS_LIST(TASK_STATUS_EN)};
static const char *const status_zh[] = {TASK_STATUS_LIST(TASK_STATUS_ZH)};
#undef TASK_STATUS_EN
#undef TASK_STATUS_ZH

const char *task_status_name(enum task_status s)
{
	return (unsigned)s < TASK_STATUS_COUNT ? status_en[s] : "todo";
}

const char *task_status_zh(enum task_status s)
{
	return (unsigned)s < TASK_STATUS_COUNT ? status_zh[s] : "未开始";
}

int task_status_parse(const char *s)
{
	for (int i = 0; s && i < TASK_STATUS_COUNT; i++)
		if (strcmp(s, status_en[i]) == 0 || strcmp(s, status_zh[i]) == 0)
			return i;
	return -1;
}

int task_status_complete(enum task_status s)
{
	return s == TASK_DONE || s == TASK_ONGOING;
}

/* The kind words are the database format (the schema's CHECK list spells
 * them too). Recurrence words come from extract.h's one list. */
#define KIND_STR(name, str) str,
static const char *const kind_names[] = {NODE_KIND_LIST(KIND_STR)};
#undef KIND_STR

const char *db_kind_name(int kind)
{
	return kind >= 0 && kind < NODE_KIND_COUNT ? kind_names[kind] : NULL;
}

int db_kind_parse(const char *s)
{
	for (int i = 0; s && i < NODE_KIND_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}


/* ---- statements and errors ---- */

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	for (size_t i = 0; i < db->nstmts; i++) {
		if (db->stmts[i].sql == sql) {
			sqlite3_stmt *st = db->stmts[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, "preparing a query");
		return NULL;
	}
	if (db->nstmts == db->capstmts) {
		db->capstmts = db->capstmts ? db->capstmts * 2 : 32;
		db->stmts = xreallocarray(db->stmts, db->capstmts, sizeof *db->stmts);
	}
	db->stmts[db->nstmts].sql = sql;
	db->stmts[db->nstmts++].st = st;
	return st;
}

enum lu_status db_readonly_error(const struct db *db)
{
	return lu_error(LU_READONLY, "the database %s is read-only for you (%s)", db->path,
			db->ro_reason ? db->ro_reason : "opened read-only");
}

enum lu_status db_fail(struct db *db, int rc, const char *what)
{
	const char *msg = sqlite3_errmsg(db->h);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return db_busy_error(db, what);
	case SQLITE_FULL:
		return lu_error(LU_IO, "the disk holding %s is full (while %s); nothing was changed",
				db->path, what);
	case SQLITE_IOERR:
		/* the system's reason (no space, quota, file too large) says
		 * more than SQLite's "disk I/O error" */
		return lu_error(LU_IO, "input/output error on %s while %s (%s); nothing was changed",
				db->path, what,
				sqlite3_system_errno(db->h) ? strerror(sqlite3_system_errno(db->h))
							    : msg);
	case SQLITE_READONLY:
		if (db->readonly)
			return db_readonly_error(db);
		return lu_error(LU_READONLY, "the database %s cannot be written (%s)", db->path,
				msg);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return lu_error(LU_ERR, "%s is not a luoshi database (or it is damaged: %s)",
				db->path, msg);
	case SQLITE_CANTOPEN:
		return lu_error(LU_IO, "cannot open the database %s (%s); nothing was changed",
				db->path, msg);
	case SQLITE_NOMEM:
		return lu_error(LU_NOMEM, "out of memory while %s; nothing was changed", what);
	default:
		return lu_error(LU_ERR, "database error while %s: %s", what, msg);
	}
}

enum lu_status db_check(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return LU_OK;
	enum lu_status s = db_fail(db, rc, what);
	sqlite3_reset(st);
	return s;
}

enum lu_status db_run(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	enum lu_status s = db_check(db, st, rc, what);
	sqlite3_reset(st);
	return s;
}

enum lu_status db_exec(struct db *db, const char *sql, const char *what)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? LU_OK : db_fail(db, rc, what);
}

enum lu_status db_stmt_int64(struct db *db, sqlite3_stmt *st, const char *what, long long *out)
{
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	enum lu_status s = db_check(db, st, rc, what);
	sqlite3_reset(st);
	return s;
}

enum lu_status db_query_int64(struct db *db, const char *sql, const char *what, long long *out)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	*out = 0;
	return st ? db_stmt_int64(db, st, what, out) : LU_ERR;
}

static void collect_drop(const struct db_rows *how, char *items, size_t n)
{
	for (size_t i = 0; how->drop && i < n; i++)
		how->drop(items + i * how->size);
	free(items);
}

enum lu_status db_collect(struct db *db, sqlite3_stmt *st, const struct db_rows *how,
			  const char *what, void **items, size_t *n)
{
	char *a = *items;
	size_t cap = *n; /* at least what the caller has */
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			a = xreallocarray(a, cap, how->size);
		}
		void *item = memset(a + *n * how->size, 0, how->size);
		if (how->read(st, item, how->ctx))
			(*n)++;
	}
	enum lu_status s = db_check(db, st, rc, what);
	sqlite3_reset(st);
	if (s != LU_OK) {
		collect_drop(how, a, *n);
		a = NULL;
		*n = 0;
	}
	*items = a;
	return s;
}

enum lu_status db_begin(struct db *db)
{
	if (db->readonly)
		return db_readonly_error(db);
	return db_exec(db, "BEGIN IMMEDIATE", "starting a change");
}

enum lu_status db_end(struct db *db, enum lu_status st)
{
	/* while we still hold the lock: nobody else can have written it */
	db_holder_end(db);
	if (st == LU_OK) {
		int rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return LU_OK;
		st = db_fail(db, rc, "saving the change");
	}
	/* After SQLITE_FULL or an I/O error SQLite may already have rolled
	 * back; a second ROLLBACK would only fail. */
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/* ---- binding and reading ---- */

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	db_bind_text(st, i, s && *s ? s : NULL);
}

void db_bind_id(sqlite3_stmt *st, int i, long long id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

char *db_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrndup((const char *)s, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

char *db_col_dup0(sqlite3_stmt *st, int i)
{
	char *s = db_col_dup(st, i);
	return s ? s : xstrdup("");
}

/* ---- history rows, shared by tasks, notes, import and undo ---- */

enum lu_status db_next_change(struct db *db, long long *change_id)
{
	static const char sql[] = "SELECT coalesce(max(change_id), 0) + 1 FROM history";
	return db_query_int64(db, sql, "recording history", change_id);
}

enum lu_status db_hist_add(struct db *db, long long change_id, long long task_id,
			   const char *who, long long at, const char *field, const char *old_value,
			   const char *new_value, long long note_id, long long undo_of, int autom)
{
	static const char sql[] =
		"INSERT INTO history (change_id, task_id, who, at, field, old, new, note_id,"
		" undo_of, auto) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return LU_ERR;
	sqlite3_bind_int64(st, 1, change_id);
	db_bind_id(st, 2, task_id);
	db_bind_text(st, 3, who);
	sqlite3_bind_int64(st, 4, at);
	db_bind_text(st, 5, field);
	db_bind_text(st, 6, old_value);
	db_bind_text(st, 7, new_value);
	db_bind_id(st, 8, note_id);
	db_bind_id(st, 9, undo_of);
	sqlite3_bind_int(st, 10, autom);
	return db_run(db, st, "recording history");
}

/* ---- the connection's state ---- */

int db_readonly(const struct db *db)
{
	return db->readonly;
}

int db_snapshot(const struct db *db)
{
	return db->snapshot;
}

const char *db_path(const struct db *db)
{
	return db->path;
}

int db_schema_version(struct db *db)
{
	return db->schema_version;
}

const char *db_journal_mode(struct db *db)
{
	static const char sql[] = "PRAGMA journal_mode";
	static char mode[16];
	sqlite3_stmt *st = db_stmt(db, sql);
	mode[0] = '\0';
	if (st && sqlite3_step(st) == SQLITE_ROW)
		snprintf(mode, sizeof mode, "%s", (const char *)sqlite3_column_text(st, 0));
	if (st)
		sqlite3_reset(st);
	return mode;
}

enum lu_status db_data_version(struct db *db, long long *version)
{
	static const char sql[] = "PRAGMA data_version";
	if (db->snapshot)
		db_go_live(db);
	enum lu_status s = db_query_int64(db, sql, "checking for changes", version);
	/* a new connection counts from its own start: keep the value moving */
	*version += db->epoch << 32;
	return s;
}

int db_is_empty(struct db *db)
{
	static const char sql[] = "SELECT NOT EXISTS (SELECT 1 FROM documents)";
	long long empty;
	return db_query_int64(db, sql, "looking for documents", &empty) == LU_OK ? empty != 0 : 1;
}
