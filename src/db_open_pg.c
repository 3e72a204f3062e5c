/* db_open_pg.c - a store on a PostgreSQL server: connecting (any libpq
 * connection string or URI; the password from ~/.pgpass or PGPASSWORD),
 * who we are there (the role: with peer authentication over the Unix
 * socket, the Unix user), what the role may do (a role that may only
 * read gets a read-only store, as a file one may only read does), and
 * the schema: made at version 3 at once, then migrated forward in one
 * transaction under an advisory lock, so two luoshi starting at once on
 * an empty database make it once. */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "db_pg.h"
#include "luoshi/i18n.h"

/* What the server says about the database and us. */
struct pg_facts {
	int standby, ro_default, has_meta, ntables, version, can_write, can_create;
	char *user, *ctype, *encoding, *app;
};

static void facts_free(struct pg_facts *f)
{
	free(f->user);
	free(f->ctype);
	free(f->encoding);
	free(f->app);
}

/* Notices (an extension that exists already...) are not for the user. */
static void no_notices(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* The first line of a libpq message, without its "FATAL:  " prefix. */
static char *first_line(const char *msg)
{
	const char *m = msg ? msg : "";
	if (!strncmp(m, "FATAL:  ", 8))
		m += 8;
	return xstrndup(m, strcspn(m, "\n"));
}

/* A password written in the connection string would be on the command
 * line for everyone to see (ps) or in the environment: refused. The
 * sentence does not repeat the string, which holds it. */
static enum lu_status check_target(const char *target)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(target, &err);
	if (!opts) {
		char *why = first_line(err);
		enum lu_status st = lu_error(LU_USAGE, "cannot read the database connection string"
					     " %s: %s", target, why);
		free(why);
		PQfreemem(err);
		return st;
	}
	int password = 0;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		password |= !strcmp(o->keyword, "password") && o->val && *o->val;
	PQconninfoFree(opts);
	if (password)
		return lu_error(LU_USAGE, "the database connection string holds a password: put it"
				" in ~/.pgpass (or PGPASSWORD) instead, where others cannot read it in"
				" the list of processes");
	return LU_OK;
}

static enum lu_status connect_to(struct db *db, const char *target)
{
	/* connect_timeout first: the connection string may set its own. A
	 * server gone from the network would otherwise hold a screen that
	 * connects again (db_drv_pg.c's revive) for the system's TCP timeout */
	const char *const keys[] = {"connect_timeout", "dbname", "fallback_application_name",
				    "client_encoding", NULL};
	const char *const vals[] = {"10", target, "luoshi", "UTF8", NULL};
	struct pg *pg = xcalloc(1, sizeof *pg);
	db->drv = &db_driver_pg;
	db->conn = pg;
	pg->c = PQconnectdbParams(keys, vals, 1);
	if (!pg->c)
		return lu_error(LU_NOMEM, "out of memory connecting to %s", db->path);
	if (PQstatus(pg->c) != CONNECTION_OK) {
		char *why = first_line(PQerrorMessage(pg->c));
		enum lu_status st = lu_error(LU_IO, "cannot connect to the PostgreSQL database %s:"
					     " %s", db->path, why);
		free(why);
		return st;
	}
	PQsetNoticeProcessor(pg->c, no_notices, NULL);
	return LU_OK;
}

/* ---- what the server says ---- */

static enum lu_status read_facts(struct db *db, struct pg_facts *f)
{
	static const struct db_sql sql = {NULL,
		"SELECT session_user, pg_is_in_recovery(),"
		" current_setting('default_transaction_read_only') = 'on',"
		" (SELECT datctype FROM pg_database WHERE datname = current_database()),"
		" pg_encoding_to_char((SELECT encoding FROM pg_database"
		"  WHERE datname = current_database())),"
		" to_regclass('meta') IS NOT NULL,"
		" (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()),"
		" coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		f->user = db_col_dup0(st, 0);
		f->standby = db_col_int(st, 1);
		f->ro_default = db_col_int(st, 2);
		f->ctype = db_col_dup0(st, 3);
		f->encoding = db_col_dup0(st, 4);
		f->has_meta = db_col_int(st, 5);
		f->ntables = db_col_int(st, 6);
		f->can_create = db_col_int(st, 7);
	}
	enum lu_status s = db_check(db, st, rc, "connecting");
	db_reset(st);
	return s;
}

/* Our meta table: the application and the schema version; whether the
 * role may change tasks and write history. */
static enum lu_status read_meta(struct db *db, struct pg_facts *f)
{
	static const struct db_sql sql = {NULL,
		"SELECT (SELECT value FROM meta WHERE key = 'application'),"
		" (SELECT value FROM meta WHERE key = 'schema')::integer,"
		" to_regclass('tasks') IS NOT NULL AND to_regclass('history') IS NOT NULL"
		" AND has_table_privilege('tasks', 'UPDATE')"
		" AND has_table_privilege('history', 'INSERT')"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		f->app = db_col_dup0(st, 0);
		f->version = db_col_int(st, 1);
		f->can_write = db_col_int(st, 2);
	}
	enum lu_status s = db_check(db, st, rc, "reading the database's schema");
	db_reset(st);
	return s;
}

/* ---- whose it is, what we may do ---- */

static enum lu_status check_identity(struct db *db, const struct pg_facts *f)
{
	if (!f->has_meta && f->ntables > 0)
		return lu_error(LU_ERR, "%s is not a luoshi database (it holds tables of its own)",
				db->path);
	if (f->has_meta && strcmp(f->app, "luoshi") != 0)
		return lu_error(LU_ERR, "%s is not a luoshi database", db->path);
	if (f->version > DB_SCHEMA_VERSION)
		return lu_error(LU_ERR,
				"%s was written by a newer luoshi (schema %d; this one knows up to %d):"
				" upgrade luoshi to use it",
				db->path, f->version, DB_SCHEMA_VERSION);
	return LU_OK;
}

/* Why this connection may only read, or NULL. */
static char *read_only_reason(const struct pg_facts *f, int flags)
{
	if (f->standby)
		return xstrdup(_("the server is a standby, which only reads"));
	if (f->ro_default)
		return xstrdup(_("the server makes every session read-only"));
	if (f->has_meta && !f->can_write)
		return xasprintf(_("the role %s may only read it"), f->user);
	if (!f->has_meta && !f->can_create && !(flags & DB_OPEN_READONLY))
		return xasprintf(_("the role %s may not create tables in it"), f->user);
	return NULL;
}

/* A new store needs a database that stores UTF-8 and whose locale the
 * trigram index can read Chinese in. */
static enum lu_status check_new_database(struct db *db, const struct pg_facts *f)
{
	if (strcmp(f->encoding, "UTF8") != 0)
		return lu_error(LU_ERR, "%s stores text as %s; luoshi needs a UTF8 database"
				" (createdb -E UTF8 --locale=C.UTF-8 --template=template0 NAME)",
				db->path, f->encoding);
	if (!strcmp(f->ctype, "C") || !strcmp(f->ctype, "POSIX"))
		return lu_error(LU_ERR, "%s uses the C locale, in which the search index cannot"
				" read Chinese; make it with --locale=C.UTF-8 (createdb -E UTF8"
				" --locale=C.UTF-8 --template=template0 NAME)",
				db->path);
	return LU_OK;
}

/* ---- the schema ---- */

static enum lu_status migrate_from(struct db *db, int version, int target)
{
	char what[48];
	enum lu_status st = LU_OK;
	if (version == 0) {
		st = db->drv->exec(db, db_pg_base_schema) == DB_OK
			     ? LU_OK
			     : lu_error(LU_ERR, "cannot make the luoshi tables in %s: %s; nothing was"
					" changed", db->path, db->drv->errmsg(db));
		version = DB_PG_BASE_VERSION;
	}
	for (; st == LU_OK && version < target; version++) {
		snprintf(what, sizeof what, "upgrading it to schema %d", version + 1);
		int rc = db->drv->exec(db, db_migrations[version].pg);
		st = rc == DB_OK ? LU_OK : db_fail(db, rc, what);
	}
	return st;
}

/* Every pending step in one transaction, under an advisory lock taken
 * before it begins: a second luoshi waits, then finds the work done. */
static enum lu_status migrate(struct db *db, struct pg_facts *f)
{
	static const struct db_sql lock = {NULL, "SELECT pg_advisory_lock(" DB_LOCK_SCHEMA ")"};
	static const struct db_sql unlock = {NULL, "SELECT pg_advisory_unlock(" DB_LOCK_SCHEMA ")"};
	static const struct db_sql begin = {NULL, "BEGIN"};
	int target = db_schema_target() > DB_PG_BASE_VERSION ? db_schema_target()
							     : DB_PG_BASE_VERSION;
	enum lu_status st = db_exec(db, &lock, "upgrading the database");
	if (st != LU_OK)
		return st;
	struct pg_facts now = {0}; /* as they are once we hold the lock */
	st = db_exec(db, &begin, "upgrading the database");
	if (st == LU_OK && (st = read_facts(db, &now)) == LU_OK && now.has_meta)
		st = read_meta(db, &now);
	if (st == LU_OK && now.version < target)
		st = migrate_from(db, now.version, target);
	st = db_end(db, st);
	db_exec_quiet(db, &unlock);
	if (st == LU_OK)
		f->version = target > now.version ? target : now.version;
	facts_free(&now);
	return st;
}

static enum lu_status open_schema(struct db *db, struct pg_facts *f, int flags)
{
	int target = db_schema_target();
	enum lu_status st = LU_OK;
	if (!f->has_meta && (flags & DB_OPEN_READONLY))
		return lu_error(LU_NOTFOUND, "there is no luoshi database in %s yet (luoshi init"
				" makes one)", db->path);
	if (!f->has_meta && db->readonly)
		return lu_error(LU_READONLY, "cannot make the luoshi tables in %s: %s", db->path,
				db->ro_reason);
	if (!f->has_meta)
		st = check_new_database(db, f);
	int may_migrate = !db->readonly || ((flags & DB_OPEN_UPGRADE) && f->can_write &&
					    !f->standby && !f->ro_default);
	if (st == LU_OK && f->version < target && may_migrate)
		st = migrate(db, f);
	else if (st == LU_OK && f->version < target)
		st = lu_error(LU_READONLY,
			      "%s uses an older schema and is read-only for you (%s);"
			      " its owner must open it once with this luoshi",
			      db->path, db->ro_reason ? db->ro_reason : _("opened read-only"));
	db->schema_version = f->version;
	return st;
}

enum lu_status db_pg_open(struct db *db, const char *target, int flags)
{
	struct pg_facts f = {0};
	const char *why = NULL;
	if (db_pq_load(&why) != 0)
		return lu_error(LU_ERR, "%s names a PostgreSQL database, but %s", db->path, why);
	enum lu_status st = check_target(target);
	if (st == LU_OK)
		st = connect_to(db, target);
	if (st == LU_OK)
		st = read_facts(db, &f);
	if (st == LU_OK && f.has_meta)
		st = read_meta(db, &f);
	if (st == LU_OK)
		st = check_identity(db, &f);
	if (st == LU_OK) {
		db->user = xstrdup(f.user);
		db->ro_reason = read_only_reason(&f, flags);
		db->readonly = (flags & DB_OPEN_READONLY) || db->ro_reason;
		st = open_schema(db, &f, flags);
	}
	facts_free(&f);
	return st;
}
