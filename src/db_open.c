/* db_open.c - the store's connection: which file a path may name
 * (db_path.c), creating a database, opening it (read-only users, network
 * file systems, snapshots), the schema and its migrations. */
#include "config.h"
#include "luoshi/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sqlite3.h>
#include <unistd.h>

#include "db_impl.h"
#include "luoshi/i18n.h"

#define H(db) ((sqlite3 *)(db)->conn)

static const struct db_sql fk_on = {"PRAGMA foreign_keys = ON"};
static const struct db_sql fk_off = {"PRAGMA foreign_keys = OFF"};

struct db_test_hooks db_test_hooks;

/* ---- schema ---- */

#define LUOSHI_APPLICATION_ID 0x4C554F53 /* "LUOS" */


/* ---- statements of the schema ---- */

static enum lu_status pragma_int(struct db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(H(db), sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? LU_OK : db_fail(db, db_lite_rc(rc), "reading the database header");
}

/* The file must be ours: our application id; a file we have just made
 * ourselves (fresh) may still be blank. */
static enum lu_status check_identity(struct db *db, int *version, int fresh)
{
	int app = 0, ntables = 0;
	enum lu_status st = pragma_int(db, "PRAGMA user_version", version);
	if (st == LU_OK)
		st = pragma_int(db, "PRAGMA application_id", &app);
	if (st == LU_OK)
		st = pragma_int(db, "SELECT count(*) FROM sqlite_master", &ntables);
	if (st != LU_OK && (sqlite3_errcode(H(db)) & 0xff) == SQLITE_NOTADB)
		return lu_error(LU_ERR, "%s is not a luoshi database (%s)", db->path,
				sqlite3_errmsg(H(db)));
	if (st != LU_OK)
		return st;
	if (app != LUOSHI_APPLICATION_ID && !(fresh && app == 0 && ntables == 0 && *version == 0))
		return lu_error(LU_ERR, "%s is not a luoshi database", db->path);
	if (*version > DB_SCHEMA_VERSION)
		return lu_error(LU_ERR,
				"%s was written by a newer luoshi (schema %d; this one knows up to %d):"
				" upgrade luoshi to use it",
				db->path, *version, DB_SCHEMA_VERSION);
	return LU_OK;
}

/* One migration, statement by statement, so a test can stop the process
 * between two of them: they commit together or not at all. */
static enum lu_status run_migration(struct db *db, int version)
{
	char what[48];
	snprintf(what, sizeof what, "upgrading it to schema %d", version + 1);
	const char *sql = db_migrations[version].lite;
	for (int step = 1; *sql; step++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(H(db), sql, -1, &st, &sql);
		while (rc == SQLITE_OK && st && (rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		enum lu_status s = LU_OK;
		if ((rc & 0xff) == SQLITE_ERROR) /* e.g. a full-text table that could not be read */
			s = lu_error(LU_ERR, "cannot upgrade %s to schema %d (%s); nothing was changed",
				     db->path, version + 1, sqlite3_errmsg(H(db)));
		else if (rc != SQLITE_OK && rc != SQLITE_DONE)
			s = db_fail(db, db_lite_rc(rc), what);
		sqlite3_finalize(st);
		if (s != LU_OK)
			return s;
		if (db_test_hooks.migration_step)
			db_test_hooks.migration_step(version + 1, step);
		sql += strspn(sql, " \t\r\n;");
	}
	return LU_OK;
}

int db_schema_target(void)
{
	int limit = db_test_hooks.schema_limit;
	return limit > 0 && limit < DB_SCHEMA_VERSION ? limit : DB_SCHEMA_VERSION;
}

/* Every pending migration in one transaction: a database is at its old
 * version or at the new one, never between (a crash or a full disk half
 * way leaves the old). Another process may be doing the same, so the
 * version is read again once we hold the write lock. */
/* A migration that rebuilt a table must leave every reference valid. */
static enum lu_status check_references(struct db *db, int version)
{
	int bad = 0;
	enum lu_status st = pragma_int(db, "SELECT count(*) FROM pragma_foreign_key_check", &bad);
	if (st == LU_OK && bad)
		st = lu_error(LU_ERR, "cannot upgrade %s to schema %d: %d rows refer to rows"
			      " that do not exist; nothing was changed", db->path, version, bad);
	return st;
}

/* Every pending migration in one transaction: a database is at its old
 * version or at the new one, never between (a crash or a full disk half
 * way leaves the old). Another process may be doing the same, so the
 * version is read again once we hold the write lock. Foreign keys are off
 * meanwhile (a rebuilt table is dropped and renamed, SQLite's documented
 * way of changing a constraint; the switch only works outside a
 * transaction) and checked before the commit. */
static enum lu_status migrate(struct db *db, int *at)
{
	int target = db_schema_target(), version = *at;
	if (version >= target)
		return LU_OK;
	/* schema 16 rewrites a table's text (writable_schema), which a
	 * SQLite built defensive by default would refuse */
	sqlite3_db_config(H(db), SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
	enum lu_status st = db_exec(db, &fk_off, "upgrading the database");
	if (st == LU_OK)
		st = db_begin(db);
	if (st != LU_OK)
		return st;
	st = pragma_int(db, "PRAGMA user_version", &version);
	if (st == LU_OK && version < target && version > 0) {
		char to[16];
		snprintf(to, sizeof to, "%d", target);
		db_holder_begin(db, DB_HOLD_UPGRADE, to);
	}
	for (; st == LU_OK && version < target; version++)
		st = run_migration(db, version);
	if (st == LU_OK)
		st = check_references(db, version);
	st = db_end(db, st);
	enum lu_status on = db_exec(db, &fk_on, "upgrading the database");
	if (st == LU_OK)
		*at = version;
	return st != LU_OK ? st : on;
}

/* ---- files and directories ---- */

/* A group-shared directory: setgid and group-writable. Files we create in
 * it are group-writable so others' -wal/-shm side files stay usable. */
static int dir_is_shared(const char *dir)
{
	struct stat sb;
	return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & S_ISGID) &&
	       (sb.st_mode & S_IWGRP);
}

/* mkdir -p, 0700 each, or 02770 under a group-shared parent. */
static enum lu_status make_dirs(const char *dir)
{
	struct stat sb;
	if (stat(dir, &sb) == 0)
		return S_ISDIR(sb.st_mode) ? LU_OK
					   : lu_error(LU_IO, "%s is not a directory", dir);
	char *parent = db_dir_of(dir);
	enum lu_status st = strcmp(parent, dir) == 0 ? LU_OK : make_dirs(parent);
	int shared = st == LU_OK && dir_is_shared(parent);
	free(parent);
	if (st != LU_OK)
		return st;
	mode_t mode = shared ? 02770 : 0700;
	if (mkdir(dir, mode) != 0 && errno != EEXIST)
		return lu_error(LU_IO, "cannot create the directory %s: %s", dir, strerror(errno));
	chmod(dir, mode); /* the umask must not narrow it */
	return LU_OK;
}

/* A side file (-wal, -shm) made while the database could only be read
 * takes the mode the database had then (0444) and keeps it when the
 * database is made writable again: every change would then fail. One of
 * the user's own takes the database's mode again; another's is named. */
static char *side_obstacle(const char *path)
{
	static const char *const sides[] = {"-wal", "-shm"};
	struct stat db_sb, sb;
	if (stat(path, &db_sb) != 0)
		return NULL;
	for (size_t k = 0; k < ARRAY_SIZE(sides); k++) {
		char *side = xasprintf("%s%s", path, sides[k]);
		if (lstat(side, &sb) == 0 && access(side, W_OK) != 0) {
			/* only a plain file of one name that is the user's: never
			 * through a link someone planted in a shared directory */
			int fd = S_ISREG(sb.st_mode) && sb.st_nlink == 1 && sb.st_uid == geteuid()
					 ? open(side, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
					 : -1;
			struct stat fsb;
			if (fd >= 0 && fstat(fd, &fsb) == 0 && fsb.st_dev == sb.st_dev &&
			    fsb.st_ino == sb.st_ino && S_ISREG(fsb.st_mode) && fsb.st_nlink == 1)
				fchmod(fd, (db_sb.st_mode & 0666) | S_IRUSR | S_IWUSR);
			if (fd >= 0)
				close(fd);
			if (access(side, W_OK) != 0) {
				char *why = xasprintf(_("its side file %s is read-only for you (it"
							" was made while the database could only be"
							" read); its owner can make it writable"),
						      side);
				free(side);
				return why;
			}
		}
		free(side);
	}
	return NULL;
}

/* Why this user cannot write the database, or NULL if they can. */
static char *write_obstacle(const char *path, const char *dir)
{
	if (access(path, W_OK) != 0)
		return xasprintf(_("you cannot write to it: %s"), strerror(errno));
	if (access(dir, W_OK | X_OK) != 0)
		return xasprintf(_("you cannot create its journal files in %s"), dir);
	return side_obstacle(path);
}

/* WAL needs shared memory that network file systems do not provide. */
static int on_network_fs(const char *dir)
{
	const char *force = getenv("LUOSHI_NETFS"); /* lets tests take this path */
	if (force && *force == '1')
		return 1;
	struct statfs sf;
	if (statfs(dir, &sf) != 0)
		return 0;
	unsigned long t = (unsigned long)sf.f_type;
	return t == 0x6969UL || t == 0xFF534D42UL || t == 0xFE534D42UL || t == 0x517BUL;
}

/* Durability without an fsync too many: in WAL mode a commit under
 * synchronous=FULL syncs the WAL, and closing checkpoints (syncing the WAL
 * and the database once more). A one-shot command closes right after its
 * change, so NORMAL (no sync at commit) still has the change on disk before
 * the process exits, with two syncs instead of three; a session (the
 * screens) commits many times before it closes, so each commit is synced. */
static enum lu_status set_journal(struct db *db, const char *dir, int flags)
{
	static const struct db_sql sync_normal = {"PRAGMA synchronous = NORMAL"};
	static const struct db_sql sync_full = {"PRAGMA synchronous = FULL"};
	int netfs = on_network_fs(dir);
	const char *want = netfs ? "delete" : "wal";
	const char *sql = netfs ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL";
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(H(db), sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	int ok = rc == SQLITE_ROW &&
		 strcmp((const char *)sqlite3_column_text(st, 0), want) == 0;
	enum lu_status fail = !ok && rc != SQLITE_ROW ? db_fail(db, db_lite_rc(rc),
								"choosing the journal mode")
						      : LU_OK;
	sqlite3_finalize(st);
	if (fail != LU_OK)
		return fail;
	/* A rollback-journal database others hold open stays so: safe, only
	 * slower. A WAL database on a network file system is not safe. */
	if (!ok && netfs)
		return lu_error(LU_BUSY,
				"%s is on a network file system, where its WAL journal is unsafe, and"
				" cannot switch to a rollback journal while another user has it open",
				db->path);
	if (ok && !netfs)
		return db_exec(db, flags & DB_OPEN_SESSION ? &sync_full : &sync_normal,
			       "setting up the database");
	return LU_OK;
}

/* Escape a path for a file: URI (RFC 3986: only these characters matter
 * to SQLite's parser). */
static char *path_uri(const char *path, const char *query)
{
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sbuf_addf(&b, "%%%02X", (unsigned char)*p);
		else
			sbuf_addc(&b, *p);
	}
	sbuf_adds(&b, query);
	return sbuf_detach(&b);
}

/* SQLite gets the resolved name and may not follow a link there either:
 * a link put in its place after our checks is refused, not followed. */
static enum lu_status open_handle(struct db *db, const char *name, int flags)
{
	int rc = db_lite_open(db, name, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW);
	if (rc != DB_OK) {
		enum lu_status st = db->conn ? db_fail(db, rc, "opening")
					     : lu_error(LU_NOMEM, "out of memory opening %s; nothing"
							" was changed", db->path);
		sqlite3_close(H(db));
		db->conn = NULL;
		return st;
	}
	return LU_OK;
}

static void close_handle(struct db *db)
{
	if (db->drv) {
		db_stmts_drop(db);
		db->drv->close(db); /* syncs a one-shot change, empties the WAL */
	} else {
		sqlite3_close(H(db));
	}
	db->conn = NULL;
}

/* ---- creating ---- */

/* Put the finished file at path without ever replacing one that is
 * there (someone may have created it meanwhile: then theirs is used). */
/* The side files of a database once deleted from this path may still be
 * there (the WAL is kept between commands): they belong to no database,
 * and SQLite would replay the old WAL into the new file (an import of
 * the same text then found it "already imported"), or share the old
 * -shm with a process that still has the deleted file open. Removed as
 * soon as the new file at path is ours, before anyone opens it. */
static void drop_stale_sides(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
}

static enum lu_status publish(const char *tmp, const char *path)
{
	if (link(tmp, path) == 0) {
		drop_stale_sides(path);
		return LU_OK;
	}
	if (errno == EEXIST)
		return LU_OK; /* someone else's: theirs is used, with its side files */
	int err = errno;
	/* file systems without hard links */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0) {
		drop_stale_sides(path);
		return LU_OK;
	}
	if (errno == EEXIST)
		return LU_OK;
	return lu_error(LU_IO, "cannot create the database %s: %s", path, strerror(err));
}

/* Make the schema in the new file tmp (SQLite's default rollback journal:
 * nothing of it is left once it is closed). */
static enum lu_status fill_new(const char *path, const char *tmp)
{
	struct db d = {.path = (char *)path, .real = (char *)tmp};
	int version = 0;
	enum lu_status st = open_handle(&d, tmp, SQLITE_OPEN_READWRITE);
	if (st == LU_OK)
		st = check_identity(&d, &version, 1);
	if (st == LU_OK)
		st = migrate(&d, &version);
	close_handle(&d);
	return st;
}

/* A new database is made complete under a temporary name in the same
 * directory and then linked into place, so nobody ever meets an empty or
 * half-made file at the path (an empty file there is refused). The mode
 * is ours (0600, or 0660 in a group-shared directory): SQLite gives the
 * side files the main file's mode. */
static enum lu_status create_database(const char *path, const char *dir)
{
	char *tmp = xasprintf("%s/.luoshi-new-XXXXXX", dir);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		enum lu_status st = lu_error(LU_IO, "cannot create the database %s: %s", path,
					     strerror(errno));
		free(tmp);
		return st;
	}
	fchmod(fd, dir_is_shared(dir) ? 0660 : 0600);
	close(fd);
	enum lu_status st = fill_new(path, tmp);
	if (st == LU_OK)
		st = publish(tmp, path);
	unlink(tmp);
	char *journal = xasprintf("%s-journal", tmp);
	unlink(journal);
	free(journal);
	free(tmp);
	return st;
}

static enum lu_status create_and_check(struct db *db, struct db_file *f)
{
	char *dir = db_dir_of(db->path);
	enum lu_status st = make_dirs(dir);
	if (st == LU_OK)
		st = create_database(db->path, dir);
	free(dir);
	if (st == LU_OK) {
		db_file_free(f);
		st = db_file_check(db->path, f);
	}
	if (st == LU_OK && !f->exists)
		st = lu_error(LU_IO, "cannot create the database %s: it vanished as it was made",
			      db->path);
	return st;
}

/* ---- opening ---- */

/* Read-only: a plain read-only open, which sees others' commits, works
 * when the WAL's -shm side file exists (someone who can write has the
 * database open) or we may create it. Otherwise the file can still be
 * read as immutable: a snapshot, until db_data_version can go live. */
static enum lu_status open_readonly(struct db *db, int *version)
{
	enum lu_status st = open_handle(db, db->real, SQLITE_OPEN_READONLY);
	if (st == LU_OK && (st = check_identity(db, version, 0)) == LU_OK)
		return LU_OK;
	if (st != LU_OK && db->conn == NULL)
		return st;
	int rc = sqlite3_errcode(H(db)) & 0xff;
	if (rc != SQLITE_CANTOPEN && rc != SQLITE_READONLY && rc != SQLITE_IOERR)
		return st;
	close_handle(db);
	char *uri = path_uri(db->real, "?immutable=1");
	st = open_handle(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	free(uri);
	if (st == LU_OK)
		st = check_identity(db, version, 0);
	db->snapshot = st == LU_OK;
	return st;
}

/* A snapshot goes live once a plain read-only open of the same schema
 * works; the cached statements belong to the old handle and go with it. */
int db_go_live(struct db *db)
{
	sqlite3 *snap = H(db);
	int version = 0;
	db->conn = NULL;
	enum lu_status st = open_handle(db, db->real, SQLITE_OPEN_READONLY);
	if (st == LU_OK)
		st = check_identity(db, &version, 0);
	if (st == LU_OK && version == db->schema_version)
		st = db_exec(db, &fk_on, "setting up the database");
	if (st != LU_OK || version != db->schema_version) {
		sqlite3_close(H(db));
		db->conn = snap;
		lu_error_clear(); /* still a snapshot: not an error */
		return 0;
	}
	db_stmts_drop(db);
	sqlite3_close(snap);
	db->snapshot = 0;
	db->epoch++;
	return 1;
}

/* A command that only reads, on a database of an older schema that the
 * user may write: bring it up to date through a connection of its own
 * (luoshi's own file, upgraded, not a file converted), then read. */
static enum lu_status upgrade_aside(struct db *db, const char *dir)
{
	struct db *w = xcalloc(1, sizeof *w);
	w->path = xstrdup(db->path);
	w->real = xstrdup(db->real);
	w->wait = db->wait;
	int version = 0;
	enum lu_status st = open_handle(w, w->real, SQLITE_OPEN_READWRITE);
	if (st == LU_OK)
		st = check_identity(w, &version, 0);
	if (st == LU_OK)
		st = set_journal(w, dir, 0);
	if (st == LU_OK)
		st = migrate(w, &version);
	db_close(w);
	return st;
}

static enum lu_status open_main(struct db *db, const struct db_file *f, const char *dir,
				int flags, int *version)
{
	enum lu_status st;
	if (db->readonly)
		st = open_readonly(db, version);
	else if ((st = open_handle(db, db->real, SQLITE_OPEN_READWRITE)) == LU_OK)
		st = check_identity(db, version, 0);
	if (st == LU_OK && !db_file_same(f))
		return lu_error(LU_ERR, "%s was replaced while it was being opened; nothing was"
				" done, try again", db->path);
	char *obstacle = NULL;
	if (st == LU_OK && db->readonly && *version < db_schema_target() &&
	    (flags & DB_OPEN_UPGRADE) && !f->foreign &&
	    !(obstacle = write_obstacle(db->real, dir))) {
		close_handle(db);
		db->snapshot = 0;
		st = upgrade_aside(db, dir);
		if (st == LU_OK)
			st = open_readonly(db, version);
	}
	free(obstacle);
	return st;
}

static enum lu_status open_file(struct db *db, const struct db_file *f, int flags)
{
	int version = 0;
	char *dir = db_dir_of(f->real);
	db->real = xstrdup(f->real);
	if (f->foreign)
		db->ro_reason = xstrdup(f->foreign);
	else if (!(flags & DB_OPEN_READONLY))
		db->ro_reason = write_obstacle(db->real, dir);
	db->readonly = (flags & DB_OPEN_READONLY) || db->ro_reason;
	enum lu_status st = open_main(db, f, dir, flags, &version);
	if (st == LU_OK)
		st = db_exec(db, &fk_on, "setting up the database");
	if (st == LU_OK && !db->readonly)
		st = set_journal(db, dir, flags);
	if (st == LU_OK && !db->readonly)
		st = migrate(db, &version);
	else if (st == LU_OK && version < db_schema_target())
		st = lu_error(LU_READONLY,
			      "%s uses an older schema and is read-only for you (%s);"
			      " its owner must open it once with this luoshi",
			      db->path, db->ro_reason ? db->ro_reason : _("opened read-only"));
	/* not read again: after an upgrade's commit nothing may fail that
	 * would have to say "nothing was changed" */
	db->schema_version = version;
	free(dir);
	return st;
}

static enum lu_status missing(const char *path, int no_dir)
{
	if (!no_dir)
		return lu_error(LU_NOTFOUND, "there is no database at %s (no such file)", path);
	char *dir = db_dir_of(path);
	enum lu_status st = lu_error(LU_NOTFOUND, "there is no database at %s: the directory %s"
				     " does not exist", path, dir);
	free(dir);
	return st;
}

enum lu_status db_open(const char *path, int flags, struct db **out)
{
	return db_open_wait(path, flags, NULL, out);
}

/* A file: checked, created complete if absent (a command that writes),
 * opened. */
static enum lu_status open_path(struct db *db, const char *path, int flags)
{
	struct db_file f;
	enum lu_status st = db_file_check(path, &f);
	if (st == LU_OK && !f.exists && (flags & DB_OPEN_READONLY))
		st = missing(path, f.missing_dir);
	else if (st == LU_OK && !f.exists)
		st = create_and_check(db, &f);
	if (st == LU_OK)
		st = open_file(db, &f, flags);
	db_file_free(&f);
	return st;
}

int db_is_server(const char *name)
{
	if (!strncmp(name, "postgresql://", 13) || !strncmp(name, "postgres://", 11))
		return 1;
	/* a libpq connection string starts keyword=value */
	const char *p = name + strspn(name, " \t");
	size_t k = 0;
	while ((p[k] >= 'a' && p[k] <= 'z') || p[k] == '_')
		k++;
	p += k;
	p += strspn(p, " \t");
	return k > 0 && *p == '=';
}

#ifndef HAVE_LIBPQ
/* Built without libpq: the name is recognised, and the sentence says
 * what this luoshi lacks. */
enum lu_status db_pg_open(struct db *db, const char *target, int flags)
{
	(void)target;
	(void)flags;
	return lu_error(LU_ERR, "%s names a PostgreSQL database, but this luoshi was built"
			" without PostgreSQL (rebuild it with libpq-dev installed, or name a"
			" database file)", db->path);
}
#endif

enum lu_status db_open_wait(const char *path, int flags, const struct db_wait *wait,
			    struct db **out)
{
	*out = NULL;
	if (!path || !*path)
		return lu_error(LU_USAGE, "no database path given");
	struct db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db_set_wait(db, wait);
	enum lu_status st = db_is_server(path) ? db_pg_open(db, path, flags)
					       : open_path(db, path, flags);
	if (st != LU_OK) {
		db_close(db);
		return st;
	}
	*out = db;
	return LU_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->drv) {
		db_stmts_drop(db);
		db->drv->close(db);
	}
	free(db->stmts);
	free(db->ro_reason);
	free(db->user);
	free(db->real);
	free(db->path);
	free(db);
}

const char *db_user(const struct db *db)
{
	return db->user ? db->user : lu_username();
}

/* On a server the role is who: a caller that names the Unix user (as the
 * screens and import do, lu_username()) records the role the server
 * knows instead. Any other name given is the caller's to answer for
 * (tests name alice and bob). */
const char *db_who(const struct db *db, const char *user)
{
	if (!user || (db->user && strcmp(user, lu_username()) == 0))
		return db_user(db);
	return user;
}

char *db_default_path(void)
{
	const char *env = getenv("LUOSHI_DB");
	if (env && *env)
		return xstrdup(env);
	env = getenv("XDG_DATA_HOME");
	if (env && *env == '/')
		return xasprintf("%s/luoshi/luoshi.db", env);
	env = getenv("HOME");
	return xasprintf("%s/.local/share/luoshi/luoshi.db", env && *env ? env : ".");
}
