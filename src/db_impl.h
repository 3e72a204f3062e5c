/* db_impl.h - private to the store (src/db*.c): the connection, its
 * statement cache and the helpers every store file shares. */
#ifndef LUOSHI_DB_IMPL_H
#define LUOSHI_DB_IMPL_H

#include <sqlite3.h>
#include <sys/types.h>

#include "luoshi/db.h"

/* Statements are cached per connection, keyed by the address of their
 * constant SQL text, so each file keeps its SQL next to the code that
 * uses it and every statement is prepared once per connection. */
struct db_stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	char *path;      /* as the user named it (messages) */
	char *real;      /* the file it names, links resolved (SQLite's name) */
	int readonly;
	int snapshot;    /* opened immutable: not seeing others' commits */
	long long epoch; /* bumped on going live, so data_version changes */
	char *ro_reason; /* why we could not open it for writing */
	struct db_stmt_slot *stmts;
	size_t nstmts, capstmts;
	int schema_version;
	/* waiting for other writers (db_wait.c) */
	struct db_wait wait;
	struct db_holder holder; /* as last read while waiting */
	int holder_known;        /* holder is filled */
	int holder_written;      /* we wrote the side file */
	int wait_cancelled, wait_gave_up;
	long long wait_start, holder_read_at, waited_ms;
};

/* ---- which file a path may name (db_path.c) ---- */

struct db_file {
	char *real;      /* the name to give SQLite: links resolved */
	int exists;      /* 0: absent, the caller may create it */
	int missing_dir; /* absent, and so is its directory */
	char *foreign;   /* not ours: why it may only be read (NULL: ours) */
	dev_t dev;
	ino_t ino;
};
/* Check path (see db_path.c): a refusal is an error with one sentence;
 * otherwise f says what is there. Free with db_file_free. */
enum lu_status db_file_check(const char *path, struct db_file *f);
void db_file_free(struct db_file *f);
/* 1 while f->real is still the file db_file_check looked at. */
int db_file_same(const struct db_file *f);
/* The directory part of path ("." when none). malloc'ed. */
char *db_dir_of(const char *path);

/* ---- waiting (db_wait.c) ---- */

/* Make the connection wait for other writers as db->wait says. */
void db_wait_install(struct db *db);
/* The sentence for a change that found the database locked (what we
 * were doing), naming who held it when that is known. */
enum lu_status db_busy_error(struct db *db, const char *what);
/* Record that we hold the write lock for a long change (what: "importing
 * 通知.txt") and remove the record; db_end removes it before the commit.
 * Best effort: where we cannot write, nobody is named. */
void db_holder_begin(struct db *db, const char *what);
void db_holder_end(struct db *db);

/* ---- opening (db_open.c) ---- */

/* Switch a snapshot to a live read-only connection if one can be opened
 * now; 1 when it did. */
int db_go_live(struct db *db);

/* Seams for the tests in tests/ (the program never sets them). */
struct db_test_hooks {
	int schema_limit; /* > 0: migrate no further than this version */
	/* called after each statement of a migration (step 1, 2, ...) */
	void (*migration_step)(int to_version, int step);
	/* called when an import has planned everything, before it asks for
	 * the write lock */
	void (*import_planned)(void *ctx);
	void *ctx;
};
extern struct db_test_hooks db_test_hooks;

/* The prepared statement for sql (reset, bindings cleared), or NULL with
 * the error recorded. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);
/* Translate a SQLite failure into one clear sentence; what says what we
 * were doing ("reading tasks"). */
enum lu_status db_fail(struct db *db, int rc, const char *what);
/* Reset st and return db_fail(rc) unless rc is SQLITE_DONE/SQLITE_ROW. */
enum lu_status db_check(struct db *db, sqlite3_stmt *st, int rc, const char *what);
/* Step a statement that returns no rows, then reset it. */
enum lu_status db_run(struct db *db, sqlite3_stmt *st, const char *what);
/* Run a constant SQL text with no parameters (pragmas, BEGIN). */
enum lu_status db_exec(struct db *db, const char *sql, const char *what);

/* One integer: column 0 of the first row of st (bound by the caller), 0
 * when there is no row or it is NULL; st is reset. */
enum lu_status db_stmt_int64(struct db *db, sqlite3_stmt *st, const char *what, long long *out);
/* The same for a constant query without parameters. */
enum lu_status db_query_int64(struct db *db, const char *sql, const char *what, long long *out);

/* How db_collect turns rows into items of size bytes. read fills a zeroed
 * item from the current row and returns 0 to skip the row (leaving nothing
 * to free); drop frees what read put in one item (NULL: nothing). */
struct db_rows {
	size_t size;
	int (*read)(sqlite3_stmt *st, void *item, void *ctx);
	void (*drop)(void *item);
	void *ctx;
};
/* Step st (bound by the caller) to the end, appending one item per kept
 * row to the array *items of *n items, then reset st. On failure every
 * item, old and new, is dropped and the array freed: *items NULL, *n 0. */
enum lu_status db_collect(struct db *db, sqlite3_stmt *st, const struct db_rows *how,
			  const char *what, void **items, size_t *n);

/* Write transactions: BEGIN IMMEDIATE, so a read-then-write never fails
 * half-way with SQLITE_BUSY_SNAPSHOT. db_begin refuses on a read-only
 * database. db_end commits when st is LU_OK, else rolls back; it returns
 * st, or the commit's failure. */
enum lu_status db_begin(struct db *db);
enum lu_status db_end(struct db *db, enum lu_status st);
enum lu_status db_readonly_error(const struct db *db);

/* Binding and reading, NULL-aware. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
void db_bind_opt(sqlite3_stmt *st, int i, const char *s); /* "" binds NULL */
void db_bind_id(sqlite3_stmt *st, int i, long long id);   /* 0 binds NULL */
char *db_col_dup(sqlite3_stmt *st, int i);                 /* NULL stays NULL */
char *db_col_dup0(sqlite3_stmt *st, int i);                /* NULL becomes "" */

/* Node kinds stored as words (recurrences: recur_name/recur_parse). */
const char *db_kind_name(int kind);
int db_kind_parse(const char *s);
/* Parse a date word (YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, today,
 * +Nd) into ISO form; 0 on success. */
int db_parse_date(const char *s, char out[11]);

/* Next change group id for history rows. */
enum lu_status db_next_change(struct db *db, long long *change_id);
/* Append one history row. note_id links a "note" row to its note; auto
 * marks rows written by import, which undo never reverts. */
enum lu_status db_hist_add(struct db *db, long long change_id, long long task_id,
			   const char *who, long long at, const char *field, const char *old_value,
			   const char *new_value, long long note_id, long long undo_of, int autom);

/* Read a task row selected with DB_TASK_COLUMNS into t. */
void db_task_read(sqlite3_stmt *st, struct db_task *t);

/* The columns db_task_read expects, with ?1 = today for the overdue flag.
 * Joined as: tasks t JOIN nodes n ON n.id = t.node_id
 *            JOIN nodes s ON s.id = coalesce(n.top_id, n.id)
 *            JOIN documents d ON d.id = n.doc_id */
#define DB_TASK_COLUMNS \
	"t.id, t.node_id, n.doc_id, t.pos, t.title, t.text, t.status, t.unit, t.assist," \
	" t.owner, t.due, t.recurrence, t.progress, t.created_by, t.updated_by," \
	" t.created_at, t.updated_at, t.version," \
	" (SELECT count(*) FROM notes o WHERE o.task_id = t.id)," \
	" (t.due IS NOT NULL AND t.due < ?1 AND t.status NOT IN ('done','ongoing','dropped'))," \
	" n.label, n.heading, s.label, s.heading, d.title, t.due_text"
#define DB_TASK_FROM \
	" FROM tasks t JOIN nodes n ON n.id = t.node_id" \
	" JOIN nodes s ON s.id = coalesce(n.top_id, n.id)" \
	" JOIN documents d ON d.id = n.doc_id"

/* ---- tasks as rows of editable fields (db_task.c, used by undo) ---- */

enum db_field {
	DB_F_STATUS, DB_F_UNIT, DB_F_ASSIST, DB_F_OWNER, DB_F_DUE, DB_F_RECURRENCE,
	DB_F_PROGRESS, DB_F_TITLE, DB_F_TEXT, DB_F_DUE_TEXT, DB_FIELD_COUNT
};

/* The editable fields of one task as stored text (NULL when absent). */
struct db_row {
	long long id, node_id;
	int version;
	char *v[DB_FIELD_COUNT];
};

int db_field_parse(const char *name); /* -1 when unknown */
const char *db_field_name(int f);
/* The stored form of a user's value, or LU_USAGE with one sentence. */
enum lu_status db_field_normalize(int f, const char *value, char **out);
enum lu_status db_row_load(struct db *db, long long id, struct db_row *r);
/* Write all fields back, bumping the version. */
enum lu_status db_row_store(struct db *db, const struct db_row *r, const char *user, long long now);
void db_row_put(struct db_row *r, int f, char *value);
void db_row_free(struct db_row *r);
int db_same(const char *a, const char *b); /* NULL-aware strcmp() == 0 */

/* Append " by WHO at TIME" from columns 0 (who) and 1 (at) of st's row:
 * every sentence that names another person's change says it so. */
void db_add_who_when(struct sbuf *b, sqlite3_stmt *st);
/* "task N was changed by WHO at TIME: field old → new, ..." */
void db_describe_change(struct db *db, long long task_id, struct sbuf *b);
/* The task with its notes as one JSON object (what "deleted" rows keep). */
enum lu_status db_task_json(struct db *db, long long id, char **json, char **title);
/* Delete a task, recording it whole in a "deleted" history row. */
enum lu_status db_task_remove(struct db *db, long long id, long long change_id, const char *user,
			      long long undo_of);

#define DB_HIST_COLUMNS \
	"id, change_id, task_id, who, at, field, old, new, undone, undo_of IS NOT NULL"
void db_hist_read(sqlite3_stmt *st, struct db_hist *h);
void db_hist_clear(struct db_hist *h); /* frees the strings of one row */

#endif
