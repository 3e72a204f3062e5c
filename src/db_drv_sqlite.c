/* db_drv_sqlite.c - the SQLite driver: statements, transactions and
 * errors for one file (opening it, with its file checks, journal and
 * snapshots, is db_open.c). Every call is one of SQLite's: the driver
 * adds an indirect call and nothing else (no copies, statements prepared
 * once per connection and kept). */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "db_impl.h"

struct lite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
};

#define H(db) ((sqlite3 *)(db)->conn)
#define ST(s) (((struct lite_stmt *)(s))->st)

int db_lite_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_EBUSY;
	case SQLITE_FULL:
		return DB_EFULL;
	case SQLITE_IOERR:
		return DB_EIO;
	case SQLITE_READONLY:
		return DB_EREADONLY;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return DB_ENOTADB;
	case SQLITE_CANTOPEN:
		return DB_ECANTOPEN;
	case SQLITE_NOMEM:
		return DB_ENOMEM;
	case SQLITE_CONSTRAINT:
		return DB_ECONSTRAINT;
	default:
		return DB_EERROR;
	}
}

/* A one-shot command commits with synchronous=NORMAL (db_open.c): its
 * change reaches the disk here, before the process goes on. A passive
 * checkpoint syncs the WAL and then the database; where it cannot copy
 * every frame (another connection is reading an older snapshot, or is
 * checkpointing itself), the WAL file is synced directly. The closing
 * connection's own checkpoint then finds nothing left to do. */
static void lite_make_durable(sqlite3 *h)
{
	if (sqlite3_total_changes(h) == 0 || sqlite3_db_readonly(h, "main") != 0)
		return;
	int log = -1, done = -1;
	int rc = sqlite3_wal_checkpoint_v2(h, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done);
	if (rc == SQLITE_OK && (log < 0 || done == log))
		return; /* not in WAL mode (a rollback journal syncs at commit), or all copied */
	sqlite3_file *wal = NULL;
	if (sqlite3_file_control(h, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK &&
	    wal && wal->pMethods)
		wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
}

static void lite_close(struct db *db)
{
	if (!H(db))
		return;
	lite_make_durable(H(db));
	/* The WAL file is kept (PERSIST_WAL) but emptied by the last
	 * connection to close: frames left in it would be replayed into a
	 * new database made at the same path after this one was removed. */
	sqlite3_exec(H(db), "PRAGMA journal_size_limit = 0", NULL, NULL, NULL);
	sqlite3_close(H(db));
	db->conn = NULL;
}

static struct db_stmt *lite_prepare(struct db *db, const char *sql, int *rc)
{
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v3(H(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	*rc = db_lite_rc(r);
	if (r != SQLITE_OK)
		return NULL;
	struct lite_stmt *s = xmalloc(sizeof *s);
	*s = (struct lite_stmt){{&db_driver_sqlite, db}, st};
	return &s->base;
}

static void lite_finalize(struct db_stmt *s)
{
	sqlite3_finalize(ST(s));
	free(s);
}

static void lite_reset(struct db_stmt *s)
{
	sqlite3_reset(ST(s));
	sqlite3_clear_bindings(ST(s));
}

static int lite_nparams(struct db_stmt *s)
{
	return sqlite3_bind_parameter_count(ST(s));
}

static void lite_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(s), i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ST(s), i);
}

static void lite_bind_textn(struct db_stmt *s, int i, const char *v, size_t len)
{
	sqlite3_bind_text64(ST(s), i, v, len, SQLITE_STATIC, SQLITE_UTF8);
}

static void lite_bind_int64(struct db_stmt *s, int i, long long v)
{
	sqlite3_bind_int64(ST(s), i, v);
}

static void lite_bind_null(struct db_stmt *s, int i)
{
	sqlite3_bind_null(ST(s), i);
}

static int lite_step(struct db_stmt *s)
{
	return db_lite_rc(sqlite3_step(ST(s)));
}

static const char *lite_col_text(struct db_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(ST(s), i);
}

static size_t lite_col_bytes(struct db_stmt *s, int i)
{
	return (size_t)sqlite3_column_bytes(ST(s), i);
}

static long long lite_col_int64(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(ST(s), i);
}

static int lite_exec(struct db *db, const char *sql)
{
	return db_lite_rc(sqlite3_exec(H(db), sql, NULL, NULL, NULL));
}

static int lite_begin(struct db *db)
{
	return lite_exec(db, "BEGIN IMMEDIATE");
}

static int lite_commit(struct db *db)
{
	return lite_exec(db, "COMMIT");
}

/* After SQLITE_FULL or an I/O error SQLite may already have rolled back;
 * a second ROLLBACK would only fail. */
static void lite_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(H(db)))
		sqlite3_exec(H(db), "ROLLBACK", NULL, NULL, NULL);
}

static long long lite_changes(struct db *db)
{
	return sqlite3_changes(H(db));
}

static long long lite_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(H(db));
}

/* PRAGMA data_version changes only for commits by other connections. */
static int lite_change_token(struct db *db, long long *token)
{
	static const struct db_sql sql = {"PRAGMA data_version"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return DB_EERROR;
	int rc = lite_step(st);
	*token = rc == DB_ROW ? lite_col_int64(st, 0) : 0;
	lite_reset(st);
	return rc == DB_ROW ? DB_OK : rc;
}

/* SQLite has no way to be told: the screens poll the change token. */
static int lite_change_fd(struct db *db)
{
	(void)db;
	return -1;
}

static int lite_drain(struct db *db, long long *seq)
{
	(void)db;
	*seq = 0;
	return DB_OK;
}

static const char *lite_errmsg(struct db *db)
{
	return H(db) ? sqlite3_errmsg(H(db)) : "out of memory";
}

static int lite_sys_errno(struct db *db)
{
	return H(db) ? sqlite3_system_errno(H(db)) : 0;
}

const struct db_driver db_driver_sqlite = {
	.name = "SQLite",
	.dialect = DB_DIALECT_SQLITE,
	.close = lite_close,
	.prepare = lite_prepare,
	.finalize = lite_finalize,
	.reset = lite_reset,
	.nparams = lite_nparams,
	.bind_text = lite_bind_text,
	.bind_textn = lite_bind_textn,
	.bind_int64 = lite_bind_int64,
	.bind_null = lite_bind_null,
	.step = lite_step,
	.col_text = lite_col_text,
	.col_bytes = lite_col_bytes,
	.col_int64 = lite_col_int64,
	.exec = lite_exec,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.changes = lite_changes,
	.last_id = lite_last_id,
	.change_token = lite_change_token,
	.change_fd = lite_change_fd,
	.drain = lite_drain,
	.errmsg = lite_errmsg,
	.sys_errno = lite_sys_errno,
};

/* SQLite calls this while another connection holds the lock; the
 * waiting itself (naps, who holds it, giving up) is db_wait.c's. */
static int lite_busy(void *arg, int count)
{
	return db_wait_step(arg, count);
}

int db_lite_open(struct db *db, const char *name, int flags)
{
	sqlite3 *h = NULL;
	db_tok_init();
	int rc = sqlite3_open_v2(name, &h, flags, db_lite_vfs());
	db->drv = &db_driver_sqlite;
	db->conn = h;
	if (rc != SQLITE_OK)
		return db_lite_rc(rc);
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_handler(h, lite_busy, db);
	/* Keep the WAL file between commands: creating and deleting it costs
	 * each one-shot command two unlinks and a directory sync. */
	int persist = 1;
	sqlite3_file_control(h, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	return DB_OK;
}
