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

#define H(db) ((sqlite3 *)(db)->conn)

static const struct db_sql fk_on = {"PRAGMA foreign_keys = ON"};
static const struct db_sql fk_off = {"PRAGMA foreign_keys = OFF"};

struct db_test_hooks db_test_hooks;

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

	/* 2: leaving done gives back the progress a task had before it was
	 * marked done; for tasks already done, that value is in history */
	"ALTER TABLE tasks ADD COLUMN progress_before_done INTEGER"
	" CHECK (progress_before_done BETWEEN 0 AND 100);"
	"UPDATE tasks SET progress_before_done = (SELECT coalesce((SELECT CAST(p.old AS INTEGER)"
	"  FROM history p WHERE p.change_id = d.change_id AND p.task_id = d.task_id"
	"  AND p.field = 'progress'), 100)" /* no progress row: it was 100 already */
	" FROM history d WHERE d.task_id = tasks.id AND d.field = 'status' AND d.new = 'done'"
	" AND d.undo_of IS NULL ORDER BY d.id DESC LIMIT 1) WHERE status = 'done';"
	"PRAGMA user_version = 2;",

	/* 3: documents as published. The 版头/版记 fields and the title of the
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
	" version INTEGER NOT NULL DEFAULT 1,"
	" progress_before_done INTEGER CHECK (progress_before_done BETWEEN 0 AND 100));"
	"INSERT INTO tasks_new (id, node_id, pos, title, text, status, unit, assist, owner, due,"
	" recurrence, progress, created_by, created_at, updated_by, updated_at, version,"
	" progress_before_done)"
	" SELECT id, node_id, pos, title, text, status, unit, assist, owner, due, recurrence,"
	" progress, created_by, created_at, updated_by, updated_at, version,"
	" progress_before_done FROM tasks;"
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
	"PRAGMA user_version = 3;",

	/* 4: the full-text indexes use luoshi's bigram tokenizer (db_tok.c),
	 * which answers one- and two-character words too; the triggers that
	 * feed them name the tables and stay as they are. */
	"DROP TABLE nodes_fts;"
	"CREATE VIRTUAL TABLE nodes_fts USING fts5(label, heading, body,"
	" content='nodes', content_rowid='id', tokenize='" DB_TOKENIZER "');"
	"INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('hashsize', 8388608);"
	"INSERT INTO nodes_fts(nodes_fts) VALUES ('rebuild');"
	"DROP TABLE tasks_fts;"
	"CREATE VIRTUAL TABLE tasks_fts USING fts5(title, text,"
	" content='tasks', content_rowid='id', tokenize='" DB_TOKENIZER "');"
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('hashsize', 8388608);"
	"INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');"
	"DROP TABLE notes_fts;"
	"CREATE VIRTUAL TABLE notes_fts USING fts5(text,"
	" content='notes', content_rowid='id', tokenize='" DB_TOKENIZER "');"
	"INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');"
	/* the document's own text: title, preamble and closing sentences */
	"CREATE VIRTUAL TABLE docs_fts USING fts5(title, preamble, closing,"
	" content='documents', content_rowid='id', tokenize='" DB_TOKENIZER "');"
	"INSERT INTO docs_fts(docs_fts) VALUES ('rebuild');"
	"CREATE TRIGGER docs_fts_i AFTER INSERT ON documents BEGIN"
	" INSERT INTO docs_fts(rowid, title, preamble, closing)"
	" VALUES (new.id, new.title, new.preamble, new.closing); END;"
	"CREATE TRIGGER docs_fts_d AFTER DELETE ON documents BEGIN"
	" INSERT INTO docs_fts(docs_fts, rowid, title, preamble, closing)"
	" VALUES ('delete', old.id, old.title, old.preamble, old.closing); END;"
	"CREATE TRIGGER docs_fts_u AFTER UPDATE OF title, preamble, closing ON documents"
	" WHEN old.title IS NOT new.title OR old.preamble IS NOT new.preamble"
	"  OR old.closing IS NOT new.closing BEGIN"
	" INSERT INTO docs_fts(docs_fts, rowid, title, preamble, closing)"
	" VALUES ('delete', old.id, old.title, old.preamble, old.closing);"
	" INSERT INTO docs_fts(rowid, title, preamble, closing)"
	" VALUES (new.id, new.title, new.preamble, new.closing); END;"
	"PRAGMA user_version = 4;",

	/* 5: the 督办 cycle. A date to look at a closed task again (回头看)
	 * and a reporting cycle of its own; settings everyone shares (who
	 * reviews, lateness levels); progress reports per period and unit;
	 * the periods of a recurring task that are done; the reviews (销号
	 * with its evidence, sending back, 回头看 done). A history row of a
	 * report or a review names it in note_id, as a note's row does. */
	"ALTER TABLE tasks ADD COLUMN recheck TEXT"
	" CHECK (recheck IS NULL OR recheck GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');"
	"ALTER TABLE tasks ADD COLUMN cycle TEXT CHECK (cycle IS NULL OR cycle IN ('daily',"
	" 'weekly','monthly','quarterly','halfyearly','yearly'));"
	"CREATE INDEX tasks_recheck ON tasks(recheck) WHERE recheck IS NOT NULL;"
	/* what `luoshi brief` counts, from indexes alone: a person's and a
	 * lead unit's tasks by status and due date, and the few tasks with
	 * assisting units (a login line must not read every task) */
	"DROP INDEX tasks_unit;"
	"CREATE INDEX tasks_unit ON tasks(unit, status, due);"
	"DROP INDEX tasks_owner;"
	"CREATE INDEX tasks_owner ON tasks(owner, status, due) WHERE owner IS NOT NULL;"
	"CREATE INDEX tasks_assist ON tasks(status, due) WHERE assist IS NOT NULL;"
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL,"
	" updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL);"
	"CREATE TABLE reports ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" period TEXT NOT NULL,"
	" unit TEXT,"
	" percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),"
	" text TEXT NOT NULL,"
	" author TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX reports_task ON reports(task_id, period);"
	"CREATE INDEX reports_period ON reports(period, task_id);"
	"CREATE TABLE task_periods ("
	" task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" period TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('done')),"
	" due TEXT," /* the deadline the period had */
	" who TEXT NOT NULL, at INTEGER NOT NULL,"
	" PRIMARY KEY (task_id, period));"
	"CREATE TABLE reviews ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL CHECK (kind IN ('close','reopen','recheck')),"
	" text TEXT,"
	" who TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX reviews_task ON reviews(task_id, id);"
	"PRAGMA user_version = 5;",
};

#define DB_SCHEMA_VERSION ((int)ARRAY_SIZE(migrations))

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
	const char *sql = migrations[version];
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

static int schema_target(void)
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
	int target = schema_target(), version = *at;
	if (version >= target)
		return LU_OK;
	enum lu_status st = db_exec(db, &fk_off, "upgrading the database");
	if (st == LU_OK)
		st = db_begin(db);
	if (st != LU_OK)
		return st;
	st = pragma_int(db, "PRAGMA user_version", &version);
	if (st == LU_OK && version < target && version > 0) {
		char what[48];
		snprintf(what, sizeof what, "upgrading it to schema %d", target);
		db_holder_begin(db, what);
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
static enum lu_status publish(const char *tmp, const char *path)
{
	if (link(tmp, path) == 0 || errno == EEXIST)
		return LU_OK;
	int err = errno;
	/* file systems without hard links */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0 || errno == EEXIST)
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
	if (st == LU_OK && db->readonly && *version < schema_target() &&
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
	else if (st == LU_OK && version < schema_target())
		st = lu_error(LU_READONLY,
			      "%s uses an older schema and is read-only for you (%s);"
			      " its owner must open it once with this luoshi",
			      db->path, db->ro_reason ? db->ro_reason : "opened read-only");
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

enum lu_status db_open_wait(const char *path, int flags, const struct db_wait *wait,
			    struct db **out)
{
	*out = NULL;
	if (!path || !*path)
		return lu_error(LU_USAGE, "no database path given");
	struct db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db_set_wait(db, wait);
	struct db_file f;
	enum lu_status st = db_file_check(path, &f);
	if (st == LU_OK && !f.exists && (flags & DB_OPEN_READONLY))
		st = missing(path, f.missing_dir);
	else if (st == LU_OK && !f.exists)
		st = create_and_check(db, &f);
	if (st == LU_OK)
		st = open_file(db, &f, flags);
	db_file_free(&f);
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
	close_handle(db);
	free(db->stmts);
	free(db->ro_reason);
	free(db->real);
	free(db->path);
	free(db);
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
