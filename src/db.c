/* db.c - the store's connection: opening (permissions, read-only users,
 * network file systems), the schema and its migrations, the statement
 * cache and the error vocabulary shared by src/db_*.c. */
#include "config.h"
#include "luoshi/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

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

/* ---- schema ---- */

#define LUOSHI_APPLICATION_ID 0x4C554F53 /* "LUOS" */

/* Migration i takes the schema from version i to i + 1. Never edit one
 * that has shipped: add the next. */
static const char *const migrations[] = {
	/* 1: the first schema */
	"PRAGMA application_id = 1280659283;"
	"CREATE TABLE documents ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" issuer TEXT, number TEXT, date TEXT, source TEXT, recipients TEXT, note TEXT,"
	" encoding TEXT, preamble TEXT, closing TEXT,"
	" attachments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),"
	" hash TEXT NOT NULL UNIQUE,"
	" filename TEXT,"
	" raw TEXT NOT NULL,"
	" imported_by TEXT NOT NULL,"
	" imported_at INTEGER NOT NULL);"
	"CREATE INDEX documents_title ON documents(title);"
	/* AUTOINCREMENT: ids of nodes, tasks and notes are never reused, so
	 * history and the deleted rows undo brings back never name a
	 * newcomer. */
	"CREATE TABLE nodes ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	" parent_id INTEGER REFERENCES nodes(id) ON DELETE CASCADE,"
	" top_id INTEGER," /* top-level ancestor; NULL for a top-level node */
	" kind TEXT NOT NULL CHECK (kind IN ('part','chapter','section','item','article',"
	"  'paragraph','closing','attachment')),"
	" level INTEGER NOT NULL CHECK (level >= 1),"
	" pos INTEGER NOT NULL," /* document order (preorder) */
	" label TEXT NOT NULL DEFAULT '',"
	" heading TEXT NOT NULL DEFAULT '',"
	" body TEXT NOT NULL DEFAULT '',"
	" chash TEXT NOT NULL);" /* content hash, matched by --replace */
	"CREATE INDEX nodes_doc ON nodes(doc_id, pos);"
	"CREATE INDEX nodes_parent ON nodes(parent_id);"
	"CREATE TABLE tasks ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" node_id INTEGER NOT NULL REFERENCES nodes(id),"
	" pos INTEGER NOT NULL DEFAULT 0,"
	" title TEXT NOT NULL CHECK (title <> ''),"
	" text TEXT,"
	" status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo','doing','done',"
	"  'ongoing','blocked','dropped')),"
	" unit TEXT, assist TEXT, owner TEXT,"
	" due TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),"
	" recurrence TEXT CHECK (recurrence IS NULL OR recurrence IN ('yearly','halfyearly',"
	"  'quarterly','monthly','weekly','periodic','ongoing')),"
	" progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	" created_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
	" updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,"
	" version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX tasks_node ON tasks(node_id, pos);"
	/* covering for the per-document and per-node counts (widening
	 * tasks_node instead slows the task list by half) */
	"CREATE INDEX tasks_count ON tasks(node_id, status, due);"
	"CREATE INDEX tasks_status ON tasks(status);"
	"CREATE INDEX tasks_due ON tasks(due) WHERE due IS NOT NULL;"
	"CREATE INDEX tasks_unit ON tasks(unit);"
	"CREATE INDEX tasks_owner ON tasks(owner) WHERE owner IS NOT NULL;"
	"CREATE TABLE notes ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" author TEXT NOT NULL, at INTEGER NOT NULL, text TEXT NOT NULL);"
	"CREATE INDEX notes_task ON notes(task_id);"
	/* Append-only. change_id groups the rows of one user action; undo_of
	 * names the change group a row reverts; auto marks rows written by
	 * import, which undo leaves alone; note_id ties a "note" row to its
	 * note. task_id is no foreign key: history outlives deleted tasks. */
	"CREATE TABLE history ("
	" id INTEGER PRIMARY KEY,"
	" change_id INTEGER NOT NULL,"
	" task_id INTEGER,"
	" who TEXT NOT NULL, at INTEGER NOT NULL,"
	" field TEXT NOT NULL, old TEXT, new TEXT,"
	" undone INTEGER NOT NULL DEFAULT 0,"
	" undo_of INTEGER,"
	" note_id INTEGER,"
	" auto INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX history_task ON history(task_id, id);"
	"CREATE INDEX history_change ON history(change_id);"
	"CREATE INDEX history_undo ON history(who, change_id) WHERE undo_of IS NULL AND auto = 0;"
	"CREATE TABLE readpos ("
	" user TEXT NOT NULL,"
	" doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" PRIMARY KEY (user, doc_id)) WITHOUT ROWID;"
	/* Full-text indexes: external content, kept in step by triggers that
	 * fire only when indexed text changes (a status change never touches
	 * them). */
	"CREATE VIRTUAL TABLE nodes_fts USING fts5(label, heading, body,"
	" content='nodes', content_rowid='id', tokenize='trigram');"
	/* a larger pending-terms buffer: fewer, bigger segments on import */
	"INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('hashsize', 8388608);"
	"CREATE TRIGGER nodes_fts_i AFTER INSERT ON nodes BEGIN"
	" INSERT INTO nodes_fts(rowid, label, heading, body)"
	" VALUES (new.id, new.label, new.heading, new.body); END;"
	"CREATE TRIGGER nodes_fts_d AFTER DELETE ON nodes BEGIN"
	" INSERT INTO nodes_fts(nodes_fts, rowid, label, heading, body)"
	" VALUES ('delete', old.id, old.label, old.heading, old.body); END;"
	"CREATE TRIGGER nodes_fts_u AFTER UPDATE OF label, heading, body ON nodes"
	" WHEN old.label IS NOT new.label OR old.heading IS NOT new.heading"
	"  OR old.body IS NOT new.body BEGIN"
	" INSERT INTO nodes_fts(nodes_fts, rowid, label, heading, body)"
	" VALUES ('delete', old.id, old.label, old.heading, old.body);"
	" INSERT INTO nodes_fts(rowid, label, heading, body)"
	" VALUES (new.id, new.label, new.heading, new.body); END;"
	"CREATE VIRTUAL TABLE tasks_fts USING fts5(title, text,"
	" content='tasks', content_rowid='id', tokenize='trigram');"
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('hashsize', 8388608);"
	"CREATE TRIGGER tasks_fts_i AFTER INSERT ON tasks BEGIN"
	" INSERT INTO tasks_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"CREATE TRIGGER tasks_fts_d AFTER DELETE ON tasks BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	" VALUES ('delete', old.id, old.title, old.text); END;"
	"CREATE TRIGGER tasks_fts_u AFTER UPDATE OF title, text ON tasks"
	" WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	" VALUES ('delete', old.id, old.title, old.text);"
	" INSERT INTO tasks_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"CREATE VIRTUAL TABLE notes_fts USING fts5(text,"
	" content='notes', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER notes_fts_i AFTER INSERT ON notes BEGIN"
	" INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text); END;"
	"CREATE TRIGGER notes_fts_d AFTER DELETE ON notes BEGIN"
	" INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
	"CREATE TRIGGER notes_fts_u AFTER UPDATE OF text ON notes"
	" WHEN old.text IS NOT new.text BEGIN"
	" INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.id, old.text);"
	" INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text); END;"
	"PRAGMA user_version = 1;",

	/* 2: documents as published. The 版头/版记 fields and the title of the
	 * document a notice issues; table and box nodes; a due date keeps
	 * the words it was written in (2020年4月底前); more recurrences and
	 * the closed (已销号) status. SQLite cannot change a CHECK, so nodes
	 * and tasks are rebuilt (foreign keys are off during migrations). */
	"ALTER TABLE documents ADD COLUMN wrapped TEXT;"
	"ALTER TABLE documents ADD COLUMN signer TEXT;"
	"ALTER TABLE documents ADD COLUMN copy_no TEXT;"
	"ALTER TABLE documents ADD COLUMN secrecy TEXT;"
	"ALTER TABLE documents ADD COLUMN urgency TEXT;"
	"ALTER TABLE documents ADD COLUMN cc TEXT;"
	"ALTER TABLE documents ADD COLUMN printer TEXT;"
	"ALTER TABLE documents ADD COLUMN print_date TEXT;"
	"CREATE TABLE nodes_new ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	" parent_id INTEGER REFERENCES nodes(id) ON DELETE CASCADE,"
	" top_id INTEGER,"
	" kind TEXT NOT NULL CHECK (kind IN ('part','chapter','section','item','article',"
	"  'paragraph','closing','attachment','table','box')),"
	" level INTEGER NOT NULL CHECK (level >= 1),"
	" pos INTEGER NOT NULL,"
	" label TEXT NOT NULL DEFAULT '',"
	" heading TEXT NOT NULL DEFAULT '',"
	" body TEXT NOT NULL DEFAULT '',"
	" chash TEXT NOT NULL);"
	"INSERT INTO nodes_new SELECT id, doc_id, parent_id, top_id, kind, level, pos, label,"
	" heading, body, chash FROM nodes;"
	"DROP TABLE nodes;"
	"ALTER TABLE nodes_new RENAME TO nodes;"
	"CREATE INDEX nodes_doc ON nodes(doc_id, pos);"
	"CREATE INDEX nodes_parent ON nodes(parent_id);"
	"CREATE TRIGGER nodes_fts_i AFTER INSERT ON nodes BEGIN"
	" INSERT INTO nodes_fts(rowid, label, heading, body)"
	" VALUES (new.id, new.label, new.heading, new.body); END;"
	"CREATE TRIGGER nodes_fts_d AFTER DELETE ON nodes BEGIN"
	" INSERT INTO nodes_fts(nodes_fts, rowid, label, heading, body)"
	" VALUES ('delete', old.id, old.label, old.heading, old.body); END;"
	"CREATE TRIGGER nodes_fts_u AFTER UPDATE OF label, heading, body ON nodes"
	" WHEN old.label IS NOT new.label OR old.heading IS NOT new.heading"
	"  OR old.body IS NOT new.body BEGIN"
	" INSERT INTO nodes_fts(nodes_fts, rowid, label, heading, body)"
	" VALUES ('delete', old.id, old.label, old.heading, old.body);"
	" INSERT INTO nodes_fts(rowid, label, heading, body)"
	" VALUES (new.id, new.label, new.heading, new.body); END;"
	"CREATE TABLE tasks_new ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" node_id INTEGER NOT NULL REFERENCES nodes(id),"
	" pos INTEGER NOT NULL DEFAULT 0,"
	" title TEXT NOT NULL CHECK (title <> ''),"
	" text TEXT,"
	" status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo','doing','done',"
	"  'ongoing','blocked','dropped','closed')),"
	" unit TEXT, assist TEXT, owner TEXT,"
	" due TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),"
	" due_text TEXT,"
	" recurrence TEXT CHECK (recurrence IS NULL OR recurrence IN ('yearly','halfyearly',"
	"  'quarterly','monthly','weekly','daily','biennial','triennial','quinquennial',"
	"  'periodic','ongoing')),"
	" progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	" created_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
	" updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,"
	" version INTEGER NOT NULL DEFAULT 1);"
	"INSERT INTO tasks_new (id, node_id, pos, title, text, status, unit, assist, owner, due,"
	" recurrence, progress, created_by, created_at, updated_by, updated_at, version)"
	" SELECT id, node_id, pos, title, text, status, unit, assist, owner, due, recurrence,"
	" progress, created_by, created_at, updated_by, updated_at, version FROM tasks;"
	"DROP TABLE tasks;"
	"ALTER TABLE tasks_new RENAME TO tasks;"
	"CREATE INDEX tasks_node ON tasks(node_id, pos);"
	"CREATE INDEX tasks_count ON tasks(node_id, status, due);"
	"CREATE INDEX tasks_status ON tasks(status);"
	"CREATE INDEX tasks_due ON tasks(due) WHERE due IS NOT NULL;"
	"CREATE INDEX tasks_unit ON tasks(unit);"
	"CREATE INDEX tasks_owner ON tasks(owner) WHERE owner IS NOT NULL;"
	"CREATE TRIGGER tasks_fts_i AFTER INSERT ON tasks BEGIN"
	" INSERT INTO tasks_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"CREATE TRIGGER tasks_fts_d AFTER DELETE ON tasks BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	" VALUES ('delete', old.id, old.title, old.text); END;"
	"CREATE TRIGGER tasks_fts_u AFTER UPDATE OF title, text ON tasks"
	" WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, text)"
	" VALUES ('delete', old.id, old.title, old.text);"
	" INSERT INTO tasks_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"PRAGMA user_version = 2;",
};

#define DB_SCHEMA_VERSION ((int)ARRAY_SIZE(migrations))

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
		return lu_error(LU_BUSY,
				"the database %s stayed locked by another user for 5 seconds while %s;"
				" nothing was changed, try again",
				db->path, what);
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
		return lu_error(LU_IO, "cannot open the database %s (%s)", db->path, msg);
	case SQLITE_NOMEM:
		return lu_error(LU_NOMEM, "out of memory while %s", what);
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

/* ---- files and directories ---- */

static char *path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

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
	char *parent = path_dir(dir);
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

/* Create an empty database file with our mode, so SQLite (which gives its
 * side files the main file's mode) never makes it world-readable. */
static enum lu_status create_file(const char *path, const char *dir)
{
	mode_t mode = dir_is_shared(dir) ? 0660 : 0600;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		if (errno == EEXIST)
			return LU_OK;
		return lu_error(LU_IO, "cannot create the database %s: %s", path, strerror(errno));
	}
	fchmod(fd, mode);
	close(fd);
	return LU_OK;
}

/* Why this user cannot write the database, or NULL if they can. */
static char *write_obstacle(const char *path, const char *dir)
{
	if (access(path, W_OK) != 0)
		return xasprintf("you cannot write to it: %s", strerror(errno));
	if (access(dir, W_OK | X_OK) != 0)
		return xasprintf("you cannot create its journal files in %s", dir);
	return NULL;
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

/* ---- opening ---- */

static enum lu_status pragma_int(struct db *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? LU_OK : db_fail(db, rc, "reading the database header");
}

/* The file must be ours: our application id, or a fresh empty file. */
static enum lu_status check_identity(struct db *db, int *version)
{
	int app = 0, ntables = 0;
	enum lu_status st = pragma_int(db, "PRAGMA user_version", version);
	if (st == LU_OK)
		st = pragma_int(db, "PRAGMA application_id", &app);
	if (st == LU_OK)
		st = pragma_int(db, "SELECT count(*) FROM sqlite_master", &ntables);
	if (st != LU_OK)
		return lu_error(st, "%s is not a luoshi database (%s)", db->path,
				sqlite3_errmsg(db->h));
	if ((app != 0 && app != LUOSHI_APPLICATION_ID) ||
	    (app == 0 && (ntables > 0 || *version != 0)))
		return lu_error(LU_ERR, "%s is not a luoshi database", db->path);
	if (*version > DB_SCHEMA_VERSION)
		return lu_error(LU_ERR,
				"%s was written by a newer luoshi (schema %d; this one knows up to %d):"
				" upgrade luoshi to use it",
				db->path, *version, DB_SCHEMA_VERSION);
	return LU_OK;
}

static enum lu_status set_journal(struct db *db, const char *dir)
{
	int netfs = on_network_fs(dir);
	const char *want = netfs ? "delete" : "wal";
	const char *sql = netfs ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL";
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	int ok = rc == SQLITE_ROW &&
		 strcmp((const char *)sqlite3_column_text(st, 0), want) == 0;
	sqlite3_finalize(st);
	if (!ok && rc != SQLITE_ROW)
		return db_fail(db, rc, "choosing the journal mode");
	/* A rollback-journal database others hold open stays so: safe, only
	 * slower. A WAL database on a network file system is not safe. */
	if (!ok && netfs)
		return lu_error(LU_BUSY,
				"%s is on a network file system, where its WAL journal is unsafe, and"
				" cannot switch to a rollback journal while another user has it open",
				db->path);
	if (ok && !netfs)
		return db_exec(db, "PRAGMA synchronous = NORMAL", "setting up the database");
	return LU_OK;
}

/* A migration that rebuilt a table must leave every reference valid. */
static enum lu_status check_references(struct db *db, int version)
{
	long long bad = 0;
	enum lu_status st = db_query_int64(db, "SELECT count(*) FROM pragma_foreign_key_check",
					   "checking the upgrade", &bad);
	if (st == LU_OK && bad)
		st = lu_error(LU_ERR, "cannot upgrade %s to schema %d: %lld rows refer to rows"
			      " that do not exist; nothing was changed", db->path, version, bad);
	return st;
}

static enum lu_status migrate_one(struct db *db, int *version)
{
	enum lu_status st = db_begin(db);
	if (st == LU_OK)
		st = pragma_int(db, "PRAGMA user_version", version);
	if (st == LU_OK && *version < DB_SCHEMA_VERSION) {
		char *err = NULL;
		int rc = sqlite3_exec(db->h, migrations[*version], NULL, NULL, &err);
		if (rc != SQLITE_OK)
			st = lu_error(rc == SQLITE_FULL ? LU_IO : LU_ERR,
				      "cannot upgrade %s to schema %d: %s", db->path, *version + 1,
				      err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		if (st == LU_OK)
			st = check_references(db, ++*version);
	}
	return db_end(db, st);
}

/* Apply migrations from the current version on, each in its own
 * transaction; another process may be doing the same, so re-read the
 * version once we hold the write lock. Foreign keys are off meanwhile
 * (a rebuilt table is dropped and renamed, SQLite's documented way of
 * changing a constraint) and checked before each commit. */
static enum lu_status migrate(struct db *db, int version)
{
	enum lu_status st = LU_OK;
	if (version >= DB_SCHEMA_VERSION)
		return LU_OK;
	if ((st = db_exec(db, "PRAGMA foreign_keys = OFF", "upgrading the database")) != LU_OK)
		return st;
	while (st == LU_OK && version < DB_SCHEMA_VERSION)
		st = migrate_one(db, &version);
	enum lu_status on = db_exec(db, "PRAGMA foreign_keys = ON", "upgrading the database");
	return st != LU_OK ? st : on;
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

static enum lu_status open_handle(struct db *db, const char *name, int flags)
{
	int rc = sqlite3_open_v2(name, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		enum lu_status st = db->h ? db_fail(db, rc, "opening")
					  : lu_error(LU_NOMEM, "out of memory opening %s", db->path);
		sqlite3_close(db->h);
		db->h = NULL;
		return st;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	return LU_OK;
}

/* Read-only: a plain read-only open, which sees others' commits, works
 * when the WAL's -shm side file exists (someone who can write has the
 * database open) or we may create it. Otherwise the file can still be
 * read as immutable: a snapshot, until db_data_version can go live. */
static enum lu_status open_readonly(struct db *db, int *version)
{
	enum lu_status st = open_handle(db, db->path, SQLITE_OPEN_READONLY);
	if (st == LU_OK && (st = check_identity(db, version)) == LU_OK)
		return LU_OK;
	if (st != LU_OK && db->h == NULL)
		return st;
	int rc = sqlite3_errcode(db->h) & 0xff;
	if (rc != SQLITE_CANTOPEN && rc != SQLITE_READONLY && rc != SQLITE_IOERR)
		return st;
	sqlite3_close(db->h);
	db->h = NULL;
	char *uri = path_uri(db->path, "?immutable=1");
	st = open_handle(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	free(uri);
	if (st == LU_OK)
		st = check_identity(db, version);
	db->snapshot = st == LU_OK;
	return st;
}

/* A snapshot goes live once a plain read-only open of the same schema
 * works; the cached statements belong to the old handle and go with it. */
static int go_live(struct db *db)
{
	sqlite3 *snap = db->h;
	int version = 0;
	db->h = NULL;
	enum lu_status st = open_handle(db, db->path, SQLITE_OPEN_READONLY);
	if (st == LU_OK)
		st = check_identity(db, &version);
	if (st == LU_OK && version == db->schema_version)
		st = db_exec(db, "PRAGMA foreign_keys = ON", "setting up the database");
	if (st != LU_OK || version != db->schema_version) {
		sqlite3_close(db->h);
		db->h = snap;
		lu_error_clear(); /* still a snapshot: not an error */
		return 0;
	}
	for (size_t i = 0; i < db->nstmts; i++)
		sqlite3_finalize(db->stmts[i].st);
	db->nstmts = 0;
	sqlite3_close(snap);
	db->snapshot = 0;
	db->epoch++;
	return 1;
}

static enum lu_status open_setup(struct db *db, const char *dir, int flags)
{
	int version = 0;
	enum lu_status st;
	if (!(flags & DB_OPEN_READONLY) && access(db->path, F_OK) != 0) {
		if ((st = make_dirs(dir)) != LU_OK || (st = create_file(db->path, dir)) != LU_OK)
			return st;
	} else if (access(db->path, F_OK) != 0) {
		return lu_error(LU_NOTFOUND, "there is no database at %s", db->path);
	}
	db->ro_reason = flags & DB_OPEN_READONLY ? NULL : write_obstacle(db->path, dir);
	db->readonly = (flags & DB_OPEN_READONLY) || db->ro_reason;
	if (db->readonly)
		st = open_readonly(db, &version);
	else if ((st = open_handle(db, db->path, SQLITE_OPEN_READWRITE)) == LU_OK)
		st = check_identity(db, &version);
	if (st == LU_OK)
		st = db_exec(db, "PRAGMA foreign_keys = ON", "setting up the database");
	if (st == LU_OK && !db->readonly)
		st = set_journal(db, dir);
	if (st == LU_OK && !db->readonly)
		st = migrate(db, version);
	else if (st == LU_OK && version < DB_SCHEMA_VERSION)
		st = lu_error(LU_READONLY,
			      version ? "%s uses an older schema and is read-only for you (%s);"
					" its owner must open it once with this luoshi"
				      : "%s holds no luoshi data yet and is read-only for you (%s)",
			      db->path, db->ro_reason ? db->ro_reason : "opened read-only");
	if (st == LU_OK)
		st = pragma_int(db, "PRAGMA user_version", &db->schema_version);
	return st;
}

enum lu_status db_open(const char *path, int flags, struct db **out)
{
	*out = NULL;
	if (!path || !*path)
		return lu_error(LU_USAGE, "no database path given");
	struct db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	char *dir = path_dir(path);
	enum lu_status st = open_setup(db, dir, flags);
	free(dir);
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
	for (size_t i = 0; i < db->nstmts; i++)
		sqlite3_finalize(db->stmts[i].st);
	free(db->stmts);
	sqlite3_close(db->h);
	free(db->ro_reason);
	free(db->path);
	free(db);
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

enum lu_status db_data_version(struct db *db, long long *version)
{
	static const char sql[] = "PRAGMA data_version";
	if (db->snapshot)
		go_live(db);
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
