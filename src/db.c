/* db.c - what every store file shares: the word lists, the statement
 * cache, the error vocabulary, binding and reading, history rows, and the
 * connection's state (opening is db_open.c). */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_impl.h"
#include "luoshi/i18n.h"

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
	return s == TASK_DONE || s == TASK_CLOSED || s == TASK_ONGOING;
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

enum db_dialect db_dialect(const struct db *db)
{
	return db->drv->dialect;
}

static const char *sql_text(const struct db *db, const struct db_sql *sql)
{
	return db->drv->dialect == DB_DIALECT_PG && sql->pg ? sql->pg : sql->lite;
}

struct db_stmt *db_stmt(struct db *db, const struct db_sql *sql)
{
	for (size_t i = 0; i < db->nstmts; i++) {
		if (db->stmts[i].sql == sql) {
			struct db_stmt *st = db->stmts[i].st;
			db->drv->reset(st);
			return st;
		}
	}
	int rc;
	struct db_stmt *st = db->drv->prepare(db, sql_text(db, sql), &rc);
	if (!st) {
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

void db_stmts_drop(struct db *db)
{
	for (size_t i = 0; i < db->nstmts; i++)
		db->drv->finalize(db->stmts[i].st);
	db->nstmts = 0;
}

enum lu_status db_readonly_error(const struct db *db)
{
	return lu_error(LU_READONLY, "the database %s is read-only for you (%s)", db->path,
			db->ro_reason ? db->ro_reason : _("opened read-only"));
}

/* The system's reason (no space, quota, file too large) says more than
 * the engine's "disk I/O error". */
static const char *io_reason(struct db *db)
{
	int err = db->drv->sys_errno(db);
	return err ? strerror(err) : db->drv->errmsg(db);
}

enum lu_status db_fail(struct db *db, int rc, const char *what)
{
	const char *msg = db->drv->errmsg(db);
	what = _(what); /* "searching", "setting up the database": in the user's language */
	if (rc == DB_ERETRY) /* sticky: later statements fail as the transaction is void */
		db->retry = 1;
	switch (rc) {
	case DB_EBUSY:
		return db_busy_error(db, what);
	case DB_ERETRY:
		return lu_error(LU_BUSY, "the database %s is busy: other users' changes to the same"
				" tasks kept colliding with this one while %s; nothing was changed,"
				" try again", db->path, what);
	case DB_EFULL:
		return lu_error(LU_IO, "the disk holding %s is full (while %s); nothing was changed",
				db->path, what);
	case DB_EIO:
		return lu_error(LU_IO, "input/output error on %s while %s (%s); nothing was changed",
				db->path, what, io_reason(db));
	case DB_EREADONLY:
		if (db->readonly)
			return db_readonly_error(db);
		/* a server's grants refuse reading as well as writing: say
		 * which step, not "cannot be written" for a role that may not
		 * even read */
		if (msg && !strncmp(msg, "permission denied", 17))
			return lu_error(LU_READONLY, "the database %s refused access while %s (%s):"
					" its owner grants the rights", db->path, what, msg);
		return lu_error(LU_READONLY, "the database %s cannot be written (%s)", db->path,
				msg);
	case DB_ENOTADB:
		return lu_error(LU_ERR, "%s is not a luoshi database (or it is damaged: %s)",
				db->path, msg);
	case DB_ECANTOPEN:
		return lu_error(LU_IO, "cannot open the database %s (%s); nothing was changed",
				db->path, msg);
	case DB_ENOMEM:
		return lu_error(LU_NOMEM, "out of memory while %s; nothing was changed", what);
	default:
		return lu_error(LU_ERR, "database error while %s: %s", what, msg);
	}
}

enum lu_status db_check(struct db *db, struct db_stmt *st, int rc, const char *what)
{
	if (rc == DB_ROW || rc == DB_DONE)
		return LU_OK;
	enum lu_status s = db_fail(db, rc, what);
	db_reset(st);
	return s;
}

enum lu_status db_run(struct db *db, struct db_stmt *st, const char *what)
{
	int rc = db_step(st);
	enum lu_status s = db_check(db, st, rc, what);
	db_reset(st);
	return s;
}

enum lu_status db_exec(struct db *db, const struct db_sql *sql, const char *what)
{
	const char *text = sql_text(db, sql);
	if (!text)
		return LU_OK; /* nothing to do in this dialect */
	int rc = db->drv->exec(db, text);
	return rc == DB_OK ? LU_OK : db_fail(db, rc, what);
}

void db_exec_quiet(struct db *db, const struct db_sql *sql)
{
	const char *text = sql_text(db, sql);
	if (text)
		db->drv->exec(db, text);
}

enum lu_status db_stmt_int64(struct db *db, struct db_stmt *st, const char *what, long long *out)
{
	int rc = db_step(st);
	*out = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	enum lu_status s = db_check(db, st, rc, what);
	db_reset(st);
	return s;
}

enum lu_status db_query_int64(struct db *db, const struct db_sql *sql, const char *what,
			      long long *out)
{
	struct db_stmt *st = db_stmt(db, sql);
	*out = 0;
	return st ? db_stmt_int64(db, st, what, out) : LU_ERR;
}

static void collect_drop(const struct db_rows *how, char *items, size_t n)
{
	for (size_t i = 0; how->drop && i < n; i++)
		how->drop(items + i * how->size);
	free(items);
}

enum lu_status db_collect(struct db *db, struct db_stmt *st, const struct db_rows *how,
			  const char *what, void **items, size_t *n)
{
	char *a = *items;
	size_t cap = *n; /* at least what the caller has */
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			a = xreallocarray(a, cap, how->size);
		}
		void *item = memset(a + *n * how->size, 0, how->size);
		if (how->read(st, item, how->ctx))
			(*n)++;
	}
	enum lu_status s = db_check(db, st, rc, what);
	db_reset(st);
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
	db->log_locked = 0;
	int rc = db->drv->begin(db);
	return rc == DB_OK ? LU_OK : db_fail(db, rc, "starting a change");
}

static const struct db_sql read_begin = {"BEGIN",
					 "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"};
static const struct db_sql read_end = {"COMMIT"};

enum lu_status db_read_begin(struct db *db, const char *what)
{
	return db_exec(db, &read_begin, what);
}

void db_read_end(struct db *db)
{
	db_exec_quiet(db, &read_end);
}

enum lu_status db_end(struct db *db, enum lu_status st)
{
	/* while we still hold the lock: nobody else can have written it */
	db_holder_end(db);
	if (st == LU_OK) {
		int rc = db->drv->commit(db);
		if (rc == DB_OK)
			return LU_OK;
		st = db_fail(db, rc, "saving the change");
	}
	db->drv->rollback(db);
	return st;
}

/* A change the engine found in conflict with another is run again, at
 * least this many times and then for as long as the user waits for a
 * lock (db_retry_again); each attempt waits a little longer, with some
 * jitter so that two colliding writers do not collide again. */
#define DB_WRITE_ATTEMPTS 8

static void retry_pause(int attempt)
{
	long ms = (1L << (attempt < 6 ? attempt : 6)) + rand() % 16;
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

enum lu_status db_write(struct db *db, db_write_fn fn, void *ctx)
{
	enum lu_status st;
	long long since = 0;
	for (int attempt = 0;; attempt++) {
		if (attempt)
			retry_pause(attempt);
		db->retry = 0;
		st = db_begin(db);
		if (st == LU_OK && db_test_hooks.write_begun)
			db_test_hooks.write_begun(db, attempt, db_test_hooks.write_ctx);
		if (st == LU_OK)
			st = db_end(db, fn(db, ctx));
		if (st == LU_OK || !db->retry)
			return st;
		if (!db_retry_again(db, attempt, DB_WRITE_ATTEMPTS, &since))
			return st; /* still in conflict: the busy sentence db_fail made */
	}
}

/* Advisory locks (PostgreSQL; SQLite's write lock is whole already): ids
 * that an import plans are handed out under DB_LOCK_IDS, and every
 * change appends to the change log under DB_LOCK_LOG, held to its
 * commit, so the log's numbers are in commit order. */
#define DB_PG_LOCK(key) "SELECT pg_advisory_xact_lock(" key ")"

enum lu_status db_lock_ids(struct db *db)
{
	static const struct db_sql sql = {NULL, DB_PG_LOCK(DB_LOCK_IDS)};
	return db_exec(db, &sql, "numbering new rows");
}

enum lu_status db_write_alone(struct db *db, db_write_fn fn, void *ctx)
{
	static const struct db_sql lock = {NULL, "SELECT pg_advisory_lock(" DB_LOCK_IDS ")"};
	static const struct db_sql unlock = {NULL, "SELECT pg_advisory_unlock(" DB_LOCK_IDS ")"};
	if (db->readonly)
		return db_readonly_error(db);
	enum lu_status st = db_exec(db, &lock, "waiting for another import");
	if (st != LU_OK)
		return st;
	st = db_write(db, fn, ctx);
	db_exec_quiet(db, &unlock);
	return st;
}

/* ---- binding and reading ---- */

void db_bind_text(struct db_stmt *st, int i, const char *s)
{
	st->drv->bind_text(st, i, s);
}

void db_bind_opt(struct db_stmt *st, int i, const char *s)
{
	st->drv->bind_text(st, i, s && *s ? s : NULL);
}

void db_bind_id(struct db_stmt *st, int i, long long id)
{
	if (id)
		st->drv->bind_int64(st, i, id);
	else
		st->drv->bind_null(st, i);
}

void db_bind_textn(struct db_stmt *st, int i, const char *s, size_t len)
{
	st->drv->bind_textn(st, i, s, len);
}

void db_bind_int64(struct db_stmt *st, int i, long long v)
{
	st->drv->bind_int64(st, i, v);
}

void db_bind_null(struct db_stmt *st, int i)
{
	st->drv->bind_null(st, i);
}

int db_nparams(struct db_stmt *st)
{
	return st->drv->nparams(st);
}

int db_step(struct db_stmt *st)
{
	return st->drv->step(st);
}

void db_reset(struct db_stmt *st)
{
	st->drv->reset(st);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	return st->drv->col_text(st, i);
}

long long db_col_int64(struct db_stmt *st, int i)
{
	return st->drv->col_int64(st, i);
}

int db_col_int(struct db_stmt *st, int i)
{
	return (int)st->drv->col_int64(st, i);
}

size_t db_col_bytes(struct db_stmt *st, int i)
{
	return st->drv->col_bytes(st, i);
}

char *db_col_dup(struct db_stmt *st, int i)
{
	const char *s = st->drv->col_text(st, i);
	return s ? xstrndup(s, st->drv->col_bytes(st, i)) : NULL;
}

char *db_col_dup0(struct db_stmt *st, int i)
{
	char *s = db_col_dup(st, i);
	return s ? s : xstrdup("");
}

long long db_changes(struct db *db)
{
	return db->drv->changes(db);
}

long long db_last_id(struct db *db)
{
	return db->drv->last_id(db);
}

/* ---- history rows, shared by tasks, notes, import and undo ---- */

enum lu_status db_next_change(struct db *db, long long *change_id)
{
	/* PostgreSQL: two writers at once must not share a change group */
	static const struct db_sql sql = {"SELECT coalesce(max(change_id), 0) + 1 FROM history",
					  "SELECT nextval('history_change_seq')"};
	return db_query_int64(db, &sql, "recording history", change_id);
}

enum lu_status db_hist_add(struct db *db, long long change_id, long long task_id,
			   const char *who, long long at, const char *field, const char *old_value,
			   const char *new_value, long long note_id, long long undo_of, int autom)
{
	static const struct db_sql sql = {
		"INSERT INTO history (change_id, task_id, who, at, field, old, new, note_id,"
		" undo_of, auto) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, change_id);
	db_bind_id(st, 2, task_id);
	db_bind_text(st, 3, who);
	db_bind_int64(st, 4, at);
	db_bind_text(st, 5, field);
	db_bind_text(st, 6, old_value);
	db_bind_text(st, 7, new_value);
	db_bind_id(st, 8, note_id);
	db_bind_id(st, 9, undo_of);
	db_bind_int64(st, 10, autom);
	return db_run(db, st, "recording history");
}

/* ---- the connection's state ---- */

const char *db_engine(const struct db *db)
{
	return db->drv->name;
}

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
	static const struct db_sql sql = {"PRAGMA journal_mode"};
	static char mode[16];
	mode[0] = '\0';
	if (db->drv->dialect != DB_DIALECT_SQLITE)
		return mode;
	struct db_stmt *st = db_stmt(db, &sql);
	if (st && db_step(st) == DB_ROW)
		snprintf(mode, sizeof mode, "%s", db_col_text(st, 0));
	if (st)
		db_reset(st);
	return mode;
}

enum lu_status db_data_version(struct db *db, long long *version)
{
	if (db->snapshot)
		db_go_live(db);
	int rc = db->drv->change_token(db, version);
	/* a new connection counts from its own start: keep the value moving */
	*version += db->epoch << 32;
	return rc == DB_OK ? LU_OK : db_fail(db, rc, "checking for changes");
}

int db_is_empty(struct db *db)
{
	static const struct db_sql sql = {"SELECT NOT EXISTS (SELECT 1 FROM documents)"};
	long long empty;
	return db_query_int64(db, &sql, "looking for documents", &empty) == LU_OK ? empty != 0 : 1;
}
