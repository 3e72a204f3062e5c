/* db_drv_pg.c - the PostgreSQL driver (libpq): statements, transactions,
 * errors and change notifications for a connection to a server that
 * speaks PostgreSQL's protocol (PostgreSQL, openGauss, KingbaseES,
 * HighGo, PolarDB). Connecting, the schema and the user's rights are
 * db_open_pg.c's.
 *
 * Statements are prepared once per connection under names of their own
 * and run with PQexecPrepared; a result is read whole, then stepped
 * through row by row like SQLite's. The SQLite spelling of a statement
 * serves where a db_sql has no PostgreSQL text: ?N parameters become $N
 * and SQLite's temp. schema becomes pg_temp. (outside quotes). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_impl.h"
#include "db_pg.h"

struct pg_stmt {
	struct db_stmt base;
	char name[24];
	int nparams;
	const char **vals; /* the bound values as text; NULL: SQL NULL */
	char (*nums)[24];  /* room for the integers among them */
	char **own;        /* copies that bind_textn made */
	int bad_bind;      /* a value PostgreSQL cannot take (text with a NUL) */
	PGresult *res;
	int row, nrows, ran;
	char *text;  /* as prepared, to prepare it again on a new connection */
	Oid *types;
	unsigned gen; /* the connection it was prepared on */
};

#define PG(db) ((struct pg *)(db)->conn)
#define PST(s) ((struct pg_stmt *)(s))

/* ---- errors ---- */

static void set_error(struct pg *pg, const char *state, const char *msg)
{
	free(pg->err);
	pg->err = xstrdup(msg && *msg ? msg : "unknown error");
	size_t n = strlen(pg->err);
	while (n && (pg->err[n - 1] == '\n' || pg->err[n - 1] == ' '))
		pg->err[--n] = '\0';
	snprintf(pg->state, sizeof pg->state, "%s", state ? state : "");
}

/* SQLSTATE classes as the driver interface says them. */
static int state_rc(const char *s)
{
	if (!strcmp(s, "40001") || !strcmp(s, "40P01"))
		return DB_ERETRY;
	if (!strcmp(s, "55P03") || !strcmp(s, "57014"))
		return DB_EBUSY; /* lock_timeout, or a statement cancelled while waiting */
	if (!strcmp(s, "42501") || !strcmp(s, "25006"))
		return DB_EREADONLY;
	if (!strcmp(s, "53100"))
		return DB_EFULL;
	if (!strcmp(s, "53200"))
		return DB_ENOMEM;
	if (!strcmp(s, "58030"))
		return DB_EIO;
	if (!strncmp(s, "08", 2) || !strncmp(s, "57P", 3))
		return DB_ECANTOPEN; /* the connection is gone: the server shut down */
	if (!strncmp(s, "23", 2))
		return DB_ECONSTRAINT;
	return DB_EERROR;
}

/* DB_OK for a result that succeeded, else the failure recorded. */
static int check_result(struct pg *pg, PGresult *res)
{
	ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK)
		return DB_OK;
	if (!res || PQstatus(pg->c) == CONNECTION_BAD) {
		set_error(pg, "08006", res ? PQresultErrorMessage(res) : PQerrorMessage(pg->c));
		return DB_ECANTOPEN;
	}
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	set_error(pg, state, msg ? msg : PQresultErrorMessage(res));
	return state ? state_rc(state) : DB_EERROR;
}

/* What a statement that ran leaves for changes() and last_id(). */
static void note_result(struct pg *pg, PGresult *res)
{
	const char *n = PQcmdTuples(res);
	pg->changes = n && *n ? strtoll(n, NULL, 10) : 0;
	if (PQntuples(res) > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0))
		pg->last_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
}

/* ---- the spelling of a statement ---- */

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

#define PG_MAX_PARAMS 64
#define PG_TEXT_OID 25

/* ?N -> $N, ? -> $(highest + 1) and temp. -> pg_temp. outside quotes; *nparams: the highest
 * N, used[N - 1] set for each N the text names. */
static char *spell(const char *sql, int *nparams, unsigned char used[PG_MAX_PARAMS])
{
	struct sbuf b = SBUF_INIT;
	char quote = 0;
	*nparams = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if ((*p == '?' || *p == '$') && p[1] >= '1' && p[1] <= '9') {
			int n = atoi(p + 1);
			*nparams = n > *nparams ? n : *nparams;
			if (n <= PG_MAX_PARAMS)
				used[n - 1] = 1;
			sbuf_addc(&b, '$');
			continue;
		} else if (*p == '?') {
			/* a bare ? is numbered as SQLite numbers it: one past
			 * the highest so far (lists made from field.h's) */
			int n = ++*nparams;
			if (n <= PG_MAX_PARAMS)
				used[n - 1] = 1;
			sbuf_addf(&b, "$%d", n);
			continue;
		} else if (!strncmp(p, "temp.", 5) && (p == sql || !ident_char(p[-1]))) {
			sbuf_adds(&b, "pg_");
		}
		sbuf_addc(&b, *p);
	}
	return sbuf_detach(&b);
}

/* A parameter the text never names (SQLite lets a statement skip
 * numbers) is given a type, as PostgreSQL could not tell one; the others
 * get theirs from where they stand. */
static Oid *param_types(int n, const unsigned char used[PG_MAX_PARAMS])
{
	Oid *t = xcalloc(n ? (size_t)n : 1, sizeof *t);
	for (int i = 0; i < n && i < PG_MAX_PARAMS; i++)
		t[i] = used[i] ? 0 : PG_TEXT_OID;
	return t;
}

/* ---- statements ---- */

static void pg_close(struct db *db)
{
	struct pg *pg = PG(db);
	if (!pg)
		return;
	PQfinish(pg->c);
	free(pg->err);
	free(pg);
	db->conn = NULL;
}

/* ---- a lost connection ---- */

/* The server restarted, or the network dropped the connection: between
 * transactions, connect again (the same parameters) so that an open
 * screen goes on; statements are prepared again when next run, LISTEN
 * and the lock timeout are set again, and the change token moves so that
 * what others committed meanwhile is read from the log. Inside a
 * transaction the change is lost and fails as it did: the caller rolls
 * back, and the next one connects. 1 when connected again. */
static int revive(struct pg *pg)
{
	if (PQstatus(pg->c) != CONNECTION_BAD || pg->in_tx)
		return 0;
	/* a server still away is tried again every few seconds, not at
	 * every statement or look of an open screen */
	long long now = (long long)time(NULL);
	if (pg->failed_at && now - pg->failed_at < 5)
		return 0;
	PQreset(pg->c);
	if (PQstatus(pg->c) != CONNECTION_OK) {
		pg->failed_at = now;
		return 0;
	}
	pg->failed_at = 0;
	pg->gen++;
	pg->listening = 0;
	pg->wait_ms = 0;
	pg->notified++;
	return 1;
}

/* Whether a statement that failed so may run once more: outside a
 * transaction, on a connection found dead by this very statement (the
 * server closes idle ones on restart: the first statement after finds
 * out), now connected again. */
static int retry_after(struct pg *pg, int rc, int *tries)
{
	return rc == DB_ECANTOPEN && !pg->in_tx && (*tries)++ == 0 && revive(pg);
}

static int prepare_on(struct pg *pg, struct pg_stmt *st)
{
	PGresult *res = PQprepare(pg->c, st->name, st->text, st->nparams, st->types);
	int rc = check_result(pg, res);
	PQclear(res);
	if (rc == DB_OK)
		st->gen = pg->gen;
	return rc;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql, int *rc)
{
	struct pg *pg = PG(db);
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	unsigned char used[PG_MAX_PARAMS] = {0};
	st->text = spell(sql, &st->nparams, used);
	st->types = param_types(st->nparams, used);
	snprintf(st->name, sizeof st->name, "luoshi_%u", ++pg->nstmts);
	revive(pg);
	int tries = 0;
	while ((*rc = prepare_on(pg, st)) != DB_OK && retry_after(pg, *rc, &tries))
		;
	if (*rc != DB_OK) {
		free(st->types);
		free(st->text);
		free(st);
		return NULL;
	}
	st->base = (struct db_stmt){&db_driver_pg, db};
	size_t n = st->nparams ? (size_t)st->nparams : 1;
	st->vals = xcalloc(n, sizeof *st->vals);
	st->nums = xcalloc(n, sizeof *st->nums);
	st->own = xcalloc(n, sizeof *st->own);
	st->row = -1;
	return &st->base;
}

static void clear_bindings(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->own[i]);
		st->own[i] = NULL;
		st->vals[i] = NULL;
	}
	st->bad_bind = 0;
}

static void pg_reset(struct db_stmt *s)
{
	struct pg_stmt *st = PST(s);
	PQclear(st->res);
	st->res = NULL;
	st->ran = 0;
	st->row = -1;
	st->nrows = 0;
	clear_bindings(st);
}

/* The prepared statement stays on the server until the connection ends. */
static void pg_finalize(struct db_stmt *s)
{
	struct pg_stmt *st = PST(s);
	pg_reset(s);
	free(st->vals);
	free(st->nums);
	free(st->own);
	free(st->text);
	free(st->types);
	free(st);
}

static int pg_nparams(struct db_stmt *s)
{
	return PST(s)->nparams;
}

/* A parameter the statement does not have is ignored, as SQLite does. */
static int slot(struct db_stmt *s, int i)
{
	struct pg_stmt *st = PST(s);
	if (i < 1 || i > st->nparams)
		return -1;
	free(st->own[i - 1]);
	st->own[i - 1] = NULL;
	return i - 1;
}

static void pg_bind_text(struct db_stmt *s, int i, const char *v)
{
	int k = slot(s, i);
	if (k >= 0)
		PST(s)->vals[k] = v;
}

static void pg_bind_textn(struct db_stmt *s, int i, const char *v, size_t len)
{
	struct pg_stmt *st = PST(s);
	int k = slot(s, i);
	if (k < 0)
		return;
	if (memchr(v, '\0', len))
		st->bad_bind = 1;
	st->vals[k] = st->own[k] = xstrndup(v, len);
}

static void pg_bind_int64(struct db_stmt *s, int i, long long v)
{
	struct pg_stmt *st = PST(s);
	int k = slot(s, i);
	if (k < 0)
		return;
	snprintf(st->nums[k], sizeof st->nums[k], "%lld", v);
	st->vals[k] = st->nums[k];
}

static void pg_bind_null(struct db_stmt *s, int i)
{
	int k = slot(s, i);
	if (k >= 0)
		PST(s)->vals[k] = NULL;
}

static int run(struct pg_stmt *st)
{
	struct pg *pg = PG(st->base.db);
	st->ran = 1;
	if (st->bad_bind) {
		set_error(pg, "22021", "the text holds a NUL character, which PostgreSQL cannot store");
		return DB_EERROR;
	}
	int rc, tries = 0;
	revive(pg);
	do {
		PQclear(st->res);
		st->res = NULL;
		rc = st->gen == pg->gen ? DB_OK : prepare_on(pg, st);
		if (rc == DB_OK) {
			st->res = PQexecPrepared(pg->c, st->name, st->nparams, st->vals, NULL,
						 NULL, 0);
			rc = check_result(pg, st->res);
		}
	} while (rc != DB_OK && retry_after(pg, rc, &tries));
	if (rc != DB_OK)
		return rc;
	pg->in_tx = PQtransactionStatus(pg->c) != PQTRANS_IDLE;
	note_result(pg, st->res);
	st->nrows = PQntuples(st->res);
	return DB_OK;
}

static int pg_step(struct db_stmt *s)
{
	struct pg_stmt *st = PST(s);
	if (!st->ran) {
		int rc = run(st);
		if (rc != DB_OK)
			return rc;
	}
	return ++st->row < st->nrows ? DB_ROW : DB_DONE;
}

static const char *pg_col_text(struct db_stmt *s, int i)
{
	struct pg_stmt *st = PST(s);
	if (!st->res || st->row >= st->nrows || i >= PQnfields(st->res) ||
	    PQgetisnull(st->res, st->row, i))
		return NULL;
	return PQgetvalue(st->res, st->row, i);
}

static size_t pg_col_bytes(struct db_stmt *s, int i)
{
	struct pg_stmt *st = PST(s);
	return pg_col_text(s, i) ? (size_t)PQgetlength(st->res, st->row, i) : 0;
}

/* Booleans come as t and f. */
static long long pg_col_int64(struct db_stmt *s, int i)
{
	const char *v = pg_col_text(s, i);
	if (!v)
		return 0;
	if (*v == 't' || *v == 'f')
		return *v == 't';
	return strtoll(v, NULL, 10);
}

/* ---- the connection ---- */

/* A change waits for another's locks as long as db->wait says, then
 * fails as busy (55P03) instead of waiting for ever. Set between
 * transactions only: inside one, a rollback would take it back. */
static void sync_wait(struct db *db)
{
	struct pg *pg = PG(db);
	int want = db->wait.timeout_ms > 0 ? db->wait.timeout_ms : DB_WAIT_DEFAULT_MS;
	if (pg->wait_ms == want || PQtransactionStatus(pg->c) != PQTRANS_IDLE)
		return;
	char ms[32];
	const char *vals[] = {ms};
	snprintf(ms, sizeof ms, "%dms", want);
	PGresult *res = PQexecParams(pg->c, "SELECT set_config('lock_timeout', $1, false)", 1,
				     NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		pg->wait_ms = want;
	PQclear(res);
}

static int pg_exec(struct db *db, const char *sql)
{
	struct pg *pg = PG(db);
	int rc, tries = 0;
	revive(pg);
	do {
		sync_wait(db);
		PGresult *res = PQexec(pg->c, sql);
		rc = check_result(pg, res);
		if (rc == DB_OK) {
			note_result(pg, res);
			pg->in_tx = PQtransactionStatus(pg->c) != PQTRANS_IDLE;
		}
		PQclear(res);
	} while (rc != DB_OK && retry_after(pg, rc, &tries));
	return rc;
}

/* Repeatable read: the change sees the database as it was when it began,
 * and a row it locks (SELECT ... FOR UPDATE) that someone changed
 * meanwhile fails it with 40001, which db_write runs again. */
static int pg_begin(struct db *db)
{
	return pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
}

/* COMMIT of a transaction that failed silently rolls back: say so. */
static int pg_commit(struct db *db)
{
	struct pg *pg = PG(db);
	if (PQtransactionStatus(pg->c) == PQTRANS_INERROR) {
		pg_exec(db, "ROLLBACK");
		set_error(pg, "25P02", "a statement of the change failed, so none of it was saved");
		return DB_EERROR;
	}
	PGresult *res = PQexec(pg->c, "COMMIT");
	int rc = check_result(pg, res);
	if (rc == DB_OK && strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		set_error(pg, "25P02", "the server rolled the change back");
		rc = DB_EERROR;
	}
	PQclear(res);
	return rc;
}

static void pg_rollback(struct db *db)
{
	struct pg *pg = PG(db);
	if (PQtransactionStatus(pg->c) != PQTRANS_IDLE)
		PQclear(PQexec(pg->c, "ROLLBACK"));
	pg->in_tx = 0; /* rolled back, or gone with a lost connection */
}

static long long pg_changes(struct db *db)
{
	return PG(db)->changes;
}

static long long pg_last_id(struct db *db)
{
	return PG(db)->last_id;
}

/* ---- what others committed ---- */

/* Start listening: the change log's sequence numbers arrive as payloads
 * of the notifications each change sends when it commits. */
static int listen_once(struct db *db)
{
	struct pg *pg = PG(db);
	if (pg->listening)
		return DB_OK;
	int rc = pg_exec(db, "LISTEN " DB_PG_CHANNEL);
	pg->listening = rc == DB_OK;
	return rc;
}

/* Take what has arrived, without waiting; our own changes do not count
 * (as PRAGMA data_version does not count SQLite's own commits). */
static int pg_drain(struct db *db, long long *seq)
{
	struct pg *pg = PG(db);
	revive(pg); /* a connection found lost by the last look */
	int rc = listen_once(db);
	if (rc != DB_OK)
		return rc;
	if (!PQconsumeInput(pg->c)) {
		set_error(pg, "08006", PQerrorMessage(pg->c));
		return DB_ECANTOPEN;
	}
	PGnotify *n;
	while ((n = PQnotifies(pg->c))) {
		long long s = strtoll(n->extra, NULL, 10);
		if (n->be_pid != PQbackendPID(pg->c) && s > pg->notified)
			pg->notified = s;
		PQfreemem(n);
	}
	*seq = pg->notified;
	return DB_OK;
}

/* The newest change others announced: moves when they commit. */
static int pg_change_token(struct db *db, long long *token)
{
	return pg_drain(db, token);
}

static int pg_change_fd(struct db *db)
{
	return listen_once(db) == DB_OK ? PQsocket(PG(db)->c) : -1;
}

static const char *pg_errmsg(struct db *db)
{
	struct pg *pg = PG(db);
	return pg && pg->err ? pg->err : "no connection";
}

static int pg_sys_errno(struct db *db)
{
	(void)db;
	return 0;
}

const struct db_driver db_driver_pg = {
	.name = "PostgreSQL",
	.dialect = DB_DIALECT_PG,
	.close = pg_close,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.nparams = pg_nparams,
	.bind_text = pg_bind_text,
	.bind_textn = pg_bind_textn,
	.bind_int64 = pg_bind_int64,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_text = pg_col_text,
	.col_bytes = pg_col_bytes,
	.col_int64 = pg_col_int64,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.changes = pg_changes,
	.last_id = pg_last_id,
	.change_token = pg_change_token,
	.change_fd = pg_change_fd,
	.drain = pg_drain,
	.errmsg = pg_errmsg,
	.sys_errno = pg_sys_errno,
};
