/* db_impl.h - private to the store (src/db*.c): the connection, the
 * driver interface under it, its statement cache and the helpers every
 * store file shares. */
#ifndef LUOSHI_DB_IMPL_H
#define LUOSHI_DB_IMPL_H

#include <sys/types.h>

#include "luoshi/db.h"

/* ---- the driver interface ----
 * Everything above it (validation, history, undo, conflicts, import) is
 * written once; a driver (db_drv_sqlite.c, db_drv_pg.c) carries
 * statements to its engine. Shaped after Dovecot's lib-sql drivers: a
 * const table of functions, one per engine. */

enum db_dialect { DB_DIALECT_SQLITE, DB_DIALECT_PG };

/* A statement in each dialect. Where pg is NULL the SQLite text serves
 * both (the PostgreSQL driver spells its ?N parameters $N). Statements
 * are cached per connection keyed by the address of their db_sql, so
 * each file keeps its SQL next to the code that uses it and every
 * statement is prepared once per connection. */
struct db_sql {
	const char *lite;
	const char *pg;
};

/* What a driver call returns: a row, the end, or why it failed (the
 * engine's own message is the driver's errmsg). */
enum db_rc {
	DB_OK = 0,
	DB_ROW,
	DB_DONE,
	DB_EBUSY,     /* another writer holds the lock and did not let go in time */
	DB_ERETRY,    /* a serialization failure or deadlock: run the change again */
	DB_EFULL,     /* disk full */
	DB_EIO,       /* input/output error (the driver's sys_errno may say more) */
	DB_EREADONLY, /* the database or this user may not write */
	DB_ENOTADB,   /* not a database, or damaged */
	DB_ECANTOPEN, /* cannot open or reach it */
	DB_ENOMEM,
	DB_ECONSTRAINT, /* a row broke a constraint */
	DB_EERROR,    /* anything else */
};

/* A prepared statement; each driver's own begins with this. */
struct db_stmt {
	const struct db_driver *drv;
	struct db *db;
};

struct db_driver {
	const char *name; /* "SQLite", "PostgreSQL" */
	enum db_dialect dialect;
	void (*close)(struct db *db);
	/* statements: prepare (NULL on failure, *rc says why), reset (rows
	 * and bindings cleared), bind (text is not copied: it must outlive
	 * the step), step, columns (text NULL for SQL NULL; valid until the
	 * next step or reset) */
	struct db_stmt *(*prepare)(struct db *db, const char *sql, int *rc);
	void (*finalize)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	int (*nparams)(struct db_stmt *st);
	void (*bind_text)(struct db_stmt *st, int i, const char *s);
	void (*bind_textn)(struct db_stmt *st, int i, const char *s, size_t len);
	void (*bind_int64)(struct db_stmt *st, int i, long long v);
	void (*bind_null)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st);
	const char *(*col_text)(struct db_stmt *st, int i);
	size_t (*col_bytes)(struct db_stmt *st, int i);
	long long (*col_int64)(struct db_stmt *st, int i);
	/* statements without parameters, one or several */
	int (*exec)(struct db *db, const char *sql);
	/* a change: begin takes the write lock (SQLite) or starts a
	 * transaction whose rows are locked as they are read (PostgreSQL) */
	int (*begin)(struct db *db);
	int (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	long long (*changes)(struct db *db); /* rows changed by the last statement */
	long long (*last_id)(struct db *db); /* id of the row the last INSERT made */
	/* a number that moves when others have committed */
	int (*change_token)(struct db *db, long long *token);
	/* a descriptor that becomes readable when others commit (-1: none,
	 * poll change_token), and reading what arrived on it */
	int (*change_fd)(struct db *db);
	int (*drain)(struct db *db, long long *seq);
	const char *(*errmsg)(struct db *db);
	int (*sys_errno)(struct db *db); /* the system's reason for DB_EIO, or 0 */
};

extern const struct db_driver db_driver_sqlite;

/* Spellings that differ between the dialects, for a statement written
 * once as a macro of the dialect D (LITE or PG) and instantiated for
 * each: {STMT(LITE), STMT(PG)}. */
#define LITE_COUNT_IF(c) "sum(" c ")"
#define PG_COUNT_IF(c) "count(*) FILTER (WHERE " c ")"
#define LITE_JOIN_FIRST " CROSS JOIN " /* SQLite: the left table outside (a plan) */
#define PG_JOIN_FIRST " JOIN "
#define LITE_INSTR(hay, needle) "instr(" hay ", " needle ")"
#define PG_INSTR(hay, needle) "strpos(" hay ", " needle ")"
#define LITE_INT(p) p /* a parameter whose type nothing else tells */
#define PG_INT(p) p "::bigint"
#define LITE_TEXT(p) p
#define PG_TEXT(p) p "::text"
#define LITE_IN_SUB " IN sub" /* the rows of a WITH table */
#define PG_IN_SUB " IN (SELECT id FROM sub)"
#define LITE_JSON_WORDS(p) "json_each(" p ") w" /* w.value: each string of a JSON array */
#define PG_JSON_WORDS(p) "jsonb_array_elements_text(" p "::jsonb) w(value)"

struct db_stmt_slot {
	const struct db_sql *sql;
	struct db_stmt *st;
};

struct db {
	const struct db_driver *drv;
	void *conn;      /* the driver's connection (sqlite3 *, ...) */
	char *path;      /* as the user named it (messages) */
	char *real;      /* the file it names, links resolved (SQLite's name) */
	int readonly;
	int snapshot;    /* opened immutable: not seeing others' commits */
	long long epoch; /* bumped on going live, so data_version changes */
	char *ro_reason; /* why we could not open it for writing */
	struct db_stmt_slot *stmts;
	size_t nstmts, capstmts;
	int schema_version;
	int retry;       /* the last failure asks for the change to run again */
	int log_locked;  /* this change holds DB_LOCK_LOG (PostgreSQL) */
	char *user;      /* who the server says we are (PostgreSQL's role), or NULL */
	/* waiting for other writers (db_wait.c) */
	struct db_wait wait;
	struct db_holder holder; /* as last read while waiting */
	int holder_known;        /* holder is filled */
	int holder_written;      /* we wrote the side file */
	int wait_cancelled, wait_gave_up;
	long long wait_start, holder_read_at, waited_ms;
	int many;        /* between db_import_many_begin and _end */
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

/* ---- the SQLite driver (db_drv_sqlite.c) ---- */

/* Open the SQLite handle of db (sqlite3_open_v2's flags), waiting for
 * other writers as db->wait says; db->conn is set even on failure, so
 * that errmsg can say why (close it with drv->close). */
int db_lite_open(struct db *db, const char *name, int flags);
const char *db_lite_vfs(void);
/* The full-text tokenizer (db_tok.c), on every connection opened after. */
#define DB_TOKENIZER "luoshi"
void db_tok_init(void);
/* fn receives each token the index would look up for one query word
 * (folded as the index folds): its bigrams, or the word itself when it is
 * one character. */
void db_tok_query(const char *word, void (*fn)(void *ctx, const char *tok, int len), void *ctx);
/* A SQLite result code as the driver interface says it. */
int db_lite_rc(int rc);

/* ---- PostgreSQL (db_open_pg.c, db_drv_pg.c) ---- */

/* Connect db to the server that target names (a libpq connection string
 * or URI), check what the role may do, make or migrate the schema. */
enum lu_status db_pg_open(struct db *db, const char *target, int flags);

/* ---- waiting (db_wait.c) ---- */

/* One step of waiting for the write lock (count 0 starts a wait): naps,
 * reads who holds it, tells db->wait.fn; 0 when the wait is over (it
 * timed out or was cancelled). */
int db_wait_step(struct db *db, int count);
/* After attempt (from 0) of a change failed in a conflict: run it again?
 * (db_wait.c; *since_ms 0 before the first call) */
int db_retry_again(struct db *db, int attempt, int min_attempts, long long *since_ms);
/* The sentence for a change that found the database locked (what we
 * were doing), naming who held it when that is known. */
enum lu_status db_busy_error(struct db *db, const char *what);
/* Record that we hold the write lock for a long change (what, with its
 * argument: DB_HOLD_IMPORT "通知.txt") and remove the record; db_end
 * removes it before the commit. Best effort: where we cannot write,
 * nobody is named. The record says what by a code, so that each reader
 * reads it in their own language. */
enum db_hold {
	DB_HOLD_IMPORT,  /* arg: the file's name, "" when it has none */
	DB_HOLD_UPGRADE, /* arg: the schema version it goes to */
};
void db_holder_begin(struct db *db, enum db_hold what, const char *arg);
void db_holder_end(struct db *db);

/* ---- the schema (db_schema.c) ---- */

#define DB_SCHEMA_VERSION 21 /* the version this luoshi writes */
#define DB_PG_BASE_VERSION 3 /* a new PostgreSQL store starts here */
/* The due date a task is counted under in doc_counts: its own while it
 * can still be late (the statuses the overdue count has always left out
 * are left out here), '' otherwise, so the done tasks of a document share
 * one row whatever their dates. r is the task. */
#define DB_COUNT_DUE(r) \
	"CASE WHEN " r ".status NOT IN ('done','closed','ongoing','dropped')" \
	" THEN coalesce(" r ".due, '') ELSE '' END"
/* Migration i takes a store from version i to i + 1 and sets the new
 * version itself (the PostgreSQL text only from DB_PG_BASE_VERSION on). */
extern const struct db_sql db_migrations[DB_SCHEMA_VERSION];
/* Schema DB_PG_BASE_VERSION at once, for a new PostgreSQL store. */
extern const char db_pg_base_schema[];
/* The version to migrate to: DB_SCHEMA_VERSION, or the tests' limit. */
int db_schema_target(void);

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
	/* called in db_write once each attempt's transaction has begun
	 * (attempt 0, 1, ...), with write_ctx */
	void (*write_begun)(struct db *db, int attempt, void *write_ctx);
	void *write_ctx;
	int log_keep; /* > 0: the change log keeps this many, pruned at every change */
};
extern struct db_test_hooks db_test_hooks;

/* The user a change is recorded under: user, or who the store says we
 * are (db_user) when user is NULL or the Unix user on a server. */
const char *db_who(const struct db *db, const char *user);
/* The connection's dialect. */
enum db_dialect db_dialect(const struct db *db);
/* The prepared statement for sql in the connection's dialect (reset,
 * bindings cleared), or NULL with the error recorded. */
struct db_stmt *db_stmt(struct db *db, const struct db_sql *sql);
/* Translate a driver failure into one clear sentence; what says what we
 * were doing ("reading tasks"). */
enum lu_status db_fail(struct db *db, int rc, const char *what);
/* Reset st and return db_fail(rc) unless rc is DB_DONE/DB_ROW. */
enum lu_status db_check(struct db *db, struct db_stmt *st, int rc, const char *what);
/* Step a statement that returns no rows (or one it ignores), then reset it. */
enum lu_status db_run(struct db *db, struct db_stmt *st, const char *what);
/* Run constant SQL with no parameters (pragmas, BEGIN, a script); a
 * dialect whose text is NULL has nothing to do. */
enum lu_status db_exec(struct db *db, const struct db_sql *sql, const char *what);
/* The same where a failure changes nothing that matters (tidying up):
 * no error is recorded, so the one already there stays. */
void db_exec_quiet(struct db *db, const struct db_sql *sql);

/* One integer: column 0 of the first row of st (bound by the caller), 0
 * when there is no row or it is NULL; st is reset. */
enum lu_status db_stmt_int64(struct db *db, struct db_stmt *st, const char *what, long long *out);
/* The same for a constant query without parameters. */
enum lu_status db_query_int64(struct db *db, const struct db_sql *sql, const char *what,
			      long long *out);

/* How db_collect turns rows into items of size bytes. read fills a zeroed
 * item from the current row and returns 0 to skip the row (leaving nothing
 * to free); drop frees what read put in one item (NULL: nothing). */
struct db_rows {
	size_t size;
	int (*read)(struct db_stmt *st, void *item, void *ctx);
	void (*drop)(void *item);
	void *ctx;
};
/* Step st (bound by the caller) to the end, appending one item per kept
 * row to the array *items of *n items, then reset st. On failure every
 * item, old and new, is dropped and the array freed: *items NULL, *n 0. */
enum lu_status db_collect(struct db *db, struct db_stmt *st, const struct db_rows *how,
			  const char *what, void **items, size_t *n);

/* Write transactions. db_begin takes the write lock at once (SQLite's
 * BEGIN IMMEDIATE: a read-then-write never fails half-way with
 * SQLITE_BUSY_SNAPSHOT) and refuses on a read-only database. db_end
 * commits when st is LU_OK, else rolls back; it returns st, or the
 * commit's failure. */
enum lu_status db_begin(struct db *db);
enum lu_status db_end(struct db *db, enum lu_status st);
/* A read transaction: what is read until db_read_end is one moment's
 * store (SQLite: a deferred BEGIN, whose first read fixes the snapshot;
 * PostgreSQL: REPEATABLE READ). what says what is being read, for the
 * error (translated, as db_exec's). */
enum lu_status db_read_begin(struct db *db, const char *what);
void db_read_end(struct db *db);
enum lu_status db_readonly_error(const struct db *db);

/* A change: fn runs inside db_begin/db_end. When the engine asks for it
 * (a serialization failure or a deadlock), the whole transaction runs
 * again, a bounded number of times, then fails as busy: fn must start
 * from its inputs each time, not from what an earlier attempt left. */
typedef enum lu_status (*db_write_fn)(struct db *db, void *ctx);
enum lu_status db_write(struct db *db, db_write_fn fn, void *ctx);
/* db_write for a change that plans ids (an import, a copy): PostgreSQL
 * takes DB_LOCK_IDS before the transaction begins, so it sees every
 * change committed while it waited and no other such change runs beside
 * it. SQLite's write lock is whole already. */
enum lu_status db_write_alone(struct db *db, db_write_fn fn, void *ctx);

/* Append to the change log what a change touched (node_id 0: the task's
 * node; doc_id 0: the node's document). */
enum lu_status db_log(struct db *db, enum db_log_kind kind, long long doc_id, long long node_id,
		      long long task_id);
/* The channel of the change log's notifications (PostgreSQL). */
#define DB_PG_CHANNEL "luoshi_changes"

/* PostgreSQL's advisory lock keys ("LUOS" and a number). */
#define DB_LOCK_SCHEMA "1280659283001"
#define DB_LOCK_IDS "1280659283002"
#define DB_LOCK_LOG "1280659283003"
/* Serialise with everyone else who hands out planned ids (an import's
 * new nodes and tasks) until the change commits: a new task takes it
 * before its sequence number. Nothing on SQLite (one writer at a time). */
enum lu_status db_lock_ids(struct db *db);

/* Binding and reading, NULL-aware. */
void db_bind_text(struct db_stmt *st, int i, const char *s);
void db_bind_opt(struct db_stmt *st, int i, const char *s); /* "" binds NULL */
void db_bind_id(struct db_stmt *st, int i, long long id);   /* 0 binds NULL */
void db_bind_textn(struct db_stmt *st, int i, const char *s, size_t len); /* not NULL */
void db_bind_int64(struct db_stmt *st, int i, long long v);
void db_bind_null(struct db_stmt *st, int i);
int db_nparams(struct db_stmt *st);
int db_step(struct db_stmt *st);
void db_reset(struct db_stmt *st);
const char *db_col_text(struct db_stmt *st, int i);       /* NULL stays NULL */
long long db_col_int64(struct db_stmt *st, int i);        /* NULL reads 0 */
int db_col_int(struct db_stmt *st, int i);
size_t db_col_bytes(struct db_stmt *st, int i);
char *db_col_dup(struct db_stmt *st, int i);              /* NULL stays NULL */
char *db_col_dup0(struct db_stmt *st, int i);             /* NULL becomes "" */
/* Rows the last statement changed; the id the last INSERT gave its row. */
long long db_changes(struct db *db);
long long db_last_id(struct db *db);
/* Forget every prepared statement (the connection is going away). */
void db_stmts_drop(struct db *db);

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
void db_task_read(struct db_stmt *st, struct db_task *t);

/* The columns db_task_read expects, with ?1 = today for the overdue flag.
 * Joined as: tasks t JOIN nodes n ON n.id = t.node_id
 *            JOIN nodes s ON s.id = coalesce(n.top_id, n.id)
 *            JOIN documents d ON d.id = n.doc_id */
/* A task's sentence is stored once (schema 10): where it is a slice of
 * its node's body, text is NULL and text_at, text_len say which
 * characters (SQLite counts characters in instr() and substr(), as
 * PostgreSQL does). A user's edit, and every sentence on PostgreSQL
 * (whose trigram index reads the column), is stored as it is. t is the
 * task, n its node. */
#define DB_TASK_SLICE(c, t, n) \
	"coalesce(" t "." c ", substr(" n ".body, " t "." c "_at + 1, " t "." c "_len))"
#define DB_TASK_TEXT(t, n) DB_TASK_SLICE("text", t, n)
/* the same without a join: the node looked up */
#define DB_TASK_SLICE_SUB(c, t) \
	"coalesce(" t "." c ", (SELECT substr(x.body, " t "." c "_at + 1, " t "." c "_len)" \
	" FROM nodes x WHERE x.id = " t ".node_id))"
#define DB_TASK_TEXT_SUB(t) DB_TASK_SLICE_SUB("text", t)
/* The title is kept the same way (schema 13): most proposed titles are
 * words of their node's body, and they were a third of the tasks' rows. */
#define DB_TASK_TITLE(t, n) DB_TASK_SLICE("title", t, n)
#define DB_TASK_TITLE_SUB(t) DB_TASK_SLICE_SUB("title", t)
/* A node's label and heading as one text, as the screens show them: what
 * the nodes' index and the search read (schema 20). */
#define DB_NODE_HEAD(n) "(" n ".label || " n ".heading)"
/* A node's heading as lists show it: a closing (schema 21) has none in its
 * text and is called 结束语 (the word 公文 use for it), so that the search,
 * which reads DB_NODE_HEAD, does not find a word the document never says. */
#define DB_NODE_NAME(n) "CASE WHEN " n ".kind = 'closing' THEN '结束语' ELSE " n ".heading END"
/* Whether task t has an entry in the tasks' full-text index (schema 18):
 * a title or sentence of its own. A task with neither (its title a slice
 * of its node's body, its sentence a slice or none) has no entry; the
 * search finds it through its node's. */
#define DB_TASK_INDEXED(t) "(" t ".title IS NOT NULL OR " t ".text IS NOT NULL)"
/* field.h's fields of task t as read (node n joined): those that may be
 * a slice of the body (the title, the sentence: DB_T_SLICED_<column>
 * defined) through it, the others their column. The choice is made by
 * the column's name, so that a field added to the list reads its column
 * without a line here: DB_T_SECOND picks DB_T_READ_SLICE when
 * DB_T_SLICED_<column> expands to two items, else DB_T_READ_COLUMN. */
#define DB_T_READ_COLUMN(c) "t." #c
#define DB_T_READ_SLICE(c) DB_TASK_SLICE(#c, "t", "n")
#define DB_T_SLICED_title ~, DB_T_READ_SLICE
#define DB_T_SLICED_text ~, DB_T_READ_SLICE
#define DB_T_SECOND_(a, b, ...) b
#define DB_T_SECOND(...) DB_T_SECOND_(__VA_ARGS__)
#define DB_T_READ(kind, c) DB_T_SECOND(DB_T_SLICED_##c, DB_T_READ_COLUMN, ~)(c)
#define DB_T_READ_NAME(id, column, label, kind, editable, ledger) DB_T_READ(kind, column) ", "
#define DB_T_READ_NAMES TASK_FIELD_LIST(DB_T_READ_NAME)

#define DB_TASK_COLUMNS \
	"t.id, t.node_id, n.doc_id, t.pos, " DB_T_READ_NAMES \
	" t.created_by, t.updated_by, t.created_at, t.updated_at, t.version," \
	" (SELECT count(*) FROM notes o WHERE o.task_id = t.id)," \
	" (t.due IS NOT NULL AND t.due < ?1 AND t.status NOT IN ('done','closed','ongoing','dropped'))," \
	" n.label, " DB_NODE_NAME("n") ", s.label, " DB_NODE_NAME("s") ", d.title, n.pos"
#define DB_TASK_FROM \
	" FROM tasks t JOIN nodes n ON n.id = t.node_id" \
	" JOIN nodes s ON s.id = coalesce(n.top_id, n.id)" \
	" JOIN documents d ON d.id = n.doc_id"

/* ---- the filter of the task list (db_filter.c), for the queries of the
 * store's modules that list or count its tasks ---- */
/* The task list, in each dialect (D: LITE or PG): the node filter's
 * subtree, the joins after the first, the filter's conditions. */
#define TASKS_SUB(D) \
	"WITH RECURSIVE sub(id) AS (SELECT " D##_INT("?10") " WHERE " D##_INT("?10") " IS NOT NULL" \
	" UNION ALL SELECT c.id FROM nodes c JOIN sub ON c.parent_id = sub.id)"
/* SQLite: the section and the document after the task, so that a node
 * without a matching task costs no lookups */
#define TASKS_JOINS(D) \
	D##_JOIN_FIRST "nodes s ON s.id = coalesce(n.top_id, n.id)" \
	D##_JOIN_FIRST "documents d ON d.id = n.doc_id"
#define TASKS_WHERE(D) \
	" WHERE (" D##_TEXT("?2") " IS NULL OR " D##_INSTR("?2", "',' || t.status || ','") " > 0)" \
	" AND (" D##_TEXT("?3") " IS NULL OR " D##_INSTR("t.unit", "?3") " > 0" \
	"  OR " D##_INSTR("t.assist", "?3") " > 0)" \
	" AND (" D##_TEXT("?4") " IS NULL OR " D##_INSTR("t.owner", "?4") " > 0)" \
	" AND (" D##_TEXT("?5") " IS NULL OR t.due < ?5)" \
	" AND (" D##_TEXT("?6") " IS NULL OR t.due > ?6)" \
	" AND (" D##_TEXT("?7") " IS NULL OR t.due = ?7)" \
	" AND (" D##_TEXT("?8") " IS NULL OR (t.due < ?1" \
	"  AND t.status NOT IN ('done','closed','ongoing','dropped')))" \
	" AND (" D##_TEXT("?9") " IS NULL OR (t.due >= ?1 AND t.due <= ?9" \
	"  AND t.status NOT IN ('done','closed','ongoing','dropped')))" \
	" AND (" D##_INT("?10") " IS NULL OR t.node_id" D##_IN_SUB ")" \
	" AND (" D##_TEXT("?11") " IS NULL OR (?11 = '' AND t.recurrence IS NULL)" \
	"  OR t.recurrence = ?11)" \
	" AND (" D##_INT("?12") " IS NULL OR n.doc_id = ?12)" \
	" AND (" D##_TEXT("?13") " IS NULL OR NOT EXISTS (SELECT 1 FROM " D##_JSON_WORDS("?13") \
	"  WHERE NOT (" D##_INSTR(DB_TASK_TITLE("t", "n"), "w.value") " > 0" \
	"  OR coalesce(" D##_INSTR(DB_TASK_TEXT("t", "n"), "w.value") ", 0) > 0" \
	"  OR coalesce(" D##_INSTR("t.unit", "w.value") ", 0) > 0" \
	"  OR coalesce(" D##_INSTR("t.assist", "w.value") ", 0) > 0" \
	"  OR coalesce(" D##_INSTR("t.owner", "w.value") ", 0) > 0)))"
/* ?22: the tasks a unit's group of the list holds (db_unit_page): those
 * naming it as lead or assisting unit among the names of their lists
 * (split at , ; 、 ， ；), or, for "", those naming none. A plain search
 * for the name first spares most rows the splitting. */
#define UNIT_NAMES(x) \
	"replace(replace(replace(replace(" x ", '、', ','), '，', ','), '；', ','), ';', ',')"
#define UNIT_NAMES_IN(D, x) \
	"coalesce(" D##_INSTR("',' || " UNIT_NAMES(x) " || ','", "',' || ?22 || ','") ", 0) > 0"
#define UNIT_NO_NAME(x) "coalesce(replace(" UNIT_NAMES(x) ", ',', ''), '') = ''"
#define TASKS_OF_UNIT(D) \
	" AND (" D##_TEXT("?22") " IS NULL" \
	"  OR (?22 = '' AND " UNIT_NO_NAME("t.unit") " AND " UNIT_NO_NAME("t.assist") ")" \
	"  OR (?22 <> '' AND (coalesce(" D##_INSTR("t.unit", "?22") ", 0) > 0" \
	"   OR coalesce(" D##_INSTR("t.assist", "?22") ", 0) > 0)" \
	"   AND (" UNIT_NAMES_IN(D, "t.unit") " OR " UNIT_NAMES_IN(D, "t.assist") ")))"
/* Bind f's words to ?1 (today) .. ?13 of TASKS_WHERE (f NULL: all).
 * The dates are bound where they lie, so d must outlive the statement's
 * steps: the caller's. */
struct db_filter_dates {
	char today[11], week[11];
};
void db_filter_bind(struct db_stmt *st, const struct db_filter *f, struct db_filter_dates *d);
/* Whether f lets every task through. */
int db_filter_empty(const struct db_filter *f);
/* Whether f holds only words that the kept counts (doc_counts) answer:
 * statuses, a document, overdue, soon. */
int db_filter_counted(const struct db_filter *f);
/* For a filter db_filter_counted takes: ?1 its statuses (",todo,..."),
 * ?2 its document, ?3 today for overdue, ?4 today and ?5 a week on for
 * soon, each NULL when not asked. */
void db_filter_bind_counted(struct db_stmt *st, const struct db_filter *f,
			    struct db_filter_dates *d);

/* ---- tasks as rows of editable fields (db_task.c, used by undo) ---- */

/* The fields of field.h's list, in its order (DB_F_X is TASK_F_X). */
#define DB_FIELD_ENUM(id, column, label, kind, editable, ledger) DB_F_##id = TASK_F_##id,
enum db_field { TASK_FIELD_LIST(DB_FIELD_ENUM) DB_FIELD_COUNT = TASK_FIELD_COUNT };
#undef DB_FIELD_ENUM

/* The editable fields of one task as stored text (NULL when absent). */
struct db_row {
	long long id, node_id;
	int version;
	char *v[DB_FIELD_COUNT];
	/* the sentence as loaded when it is a slice of the node's body (NULL
	 * otherwise): stored back unchanged, it stays a slice */
	char *slice;
	char *title_slice; /* the same for the title (schema 13) */
};

int db_field_parse(const char *name); /* -1 when unknown */
const char *db_field_name(int f);
/* The stored form of a user's value, or LU_USAGE with one sentence. */
enum lu_status db_field_normalize(int f, const char *value, char **out);
enum lu_status db_row_load(struct db *db, long long id, struct db_row *r);
/* Write all fields back, bumping the version. */
enum lu_status db_row_store(struct db *db, const struct db_row *r, const char *user, long long now);
void db_row_put(struct db_row *r, int f, char *value);
/* Set field f of r to val (owned) in change change_id, with a history row
 * when it changes (*changed set). */
enum lu_status db_row_apply(struct db *db, struct db_row *r, int f, char *val,
			    long long change_id, const char *user, long long now, int *changed);
/* Status after a change of progress: progress above 0 on a task still
 * to do (todo) means it has begun: it becomes doing, in the same change
 * (a report with a percentage left it 未开始 beside 30%: the tryout). */
enum lu_status db_row_follow_progress(struct db *db, struct db_row *r, long long change_id,
				      const char *user, long long now, int *changed);
/* Progress after a status change (see db_task.c). */
enum lu_status db_row_follow_status(struct db *db, struct db_row *r, const char *was_status,
				    const char *was_progress, long long change_id,
				    const char *user, long long now, int *changed);
/* A recurring task marked done (db_report.c): its period is recorded done
 * (a "period" history row), its due date moves on a period and it starts
 * the next one at todo, 0%. */
enum lu_status db_period_roll(struct db *db, struct db_row *r, long long change_id,
			      const char *user, long long now, int *changed);
/* Undoing the history rows of the 督办 cycle: a "period", "report",
 * "close"/"reopen"/"rechecked" or "setting" row; 0 when the field is
 * none of them. ref is the row's note_id (the report or review it made).
 * The undo is recorded in change change_id. */
int db_duban_field(const char *field);
enum lu_status db_duban_revert(struct db *db, const struct db_hist *h, long long ref,
			       long long change_id, const char *user, long long now);
enum lu_status db_period_revert(struct db *db, const struct db_hist *h, long long change_id,
				const char *user, long long now);
enum lu_status db_report_revert(struct db *db, const struct db_hist *h, long long ref,
				long long change_id, const char *user, long long now);
enum lu_status db_review_revert(struct db *db, const struct db_hist *h, long long ref,
				long long change_id, const char *user, long long now);
enum lu_status db_setting_revert(struct db *db, const struct db_hist *h, long long change_id,
				 const char *user, long long now);
void db_row_free(struct db_row *r);
int db_same(const char *a, const char *b); /* NULL-aware strcmp() == 0 */

/* Append " by WHO at TIME" from columns 0 (who) and 1 (at) of st's row:
 * every sentence that names another person's change says it so. */
void db_add_who_when(struct sbuf *b, struct db_stmt *st);
/* "task N was changed by WHO at TIME: field old → new, ..." */
void db_describe_change(struct db *db, long long task_id, struct sbuf *b);
/* The task with its notes as one JSON object (what "deleted" rows keep). */
enum lu_status db_task_json(struct db *db, long long id, char **json, char **title);
/* Delete a task, recording it whole in a "deleted" history row. */
enum lu_status db_task_remove(struct db *db, long long id, long long change_id, const char *user,
			      long long undo_of);

/* The title a task was created with, for a "created" row that does not
 * carry it: import's own rows store the title once, in the task (schema
 * 10). Until the title first changes it is the task's; after that, that
 * change's old value; a deleted task's is in its "deleted" row's JSON
 * (where nothing changed it before). h names the history row; json is the
 * dialect's way to take the title out of d.old, title the title of task
 * t (before schema 13 its column). */
#define DB_HIST_TITLE(h, json, title) \
	"coalesce((SELECT c.old FROM history c WHERE c.task_id = " h ".task_id" \
	" AND c.field = 'title' AND c.id > " h ".id ORDER BY c.id LIMIT 1)," \
	" (SELECT " json " FROM history d WHERE d.task_id = " h ".task_id" \
	"  AND d.field = 'deleted' AND d.id > " h ".id ORDER BY d.id LIMIT 1)," \
	" (SELECT " title " FROM tasks t WHERE t.id = " h ".task_id))"
#define DB_HIST_JSON_LITE "json_extract(d.old, '$.title')"
#define DB_HIST_JSON_PG "d.old::json ->> 'title'"
#define DB_HIST_TITLE_LITE(h) DB_HIST_TITLE(h, DB_HIST_JSON_LITE, DB_TASK_TITLE_SUB("t"))
#define DB_HIST_TITLE_PG(h) DB_HIST_TITLE(h, DB_HIST_JSON_PG, DB_TASK_TITLE_SUB("t"))
/* history row h's new value as it was written (the title filled in) */
#define DB_HIST_NEW(title) \
	"CASE WHEN h.new IS NULL AND h.field = 'created' THEN " title " ELSE h.new END"
#define DB_HIST_NEW_LITE DB_HIST_NEW(DB_HIST_TITLE_LITE("h"))
#define DB_HIST_NEW_PG DB_HIST_NEW(DB_HIST_TITLE_PG("h"))
/* the columns db_hist_read takes, of "history h", in each dialect */
#define DB_HIST_COLUMNS_(new) \
	"h.id, h.change_id, h.task_id, h.who, h.at, h.field, h.old, " new ", h.undone," \
	" h.undo_of IS NOT NULL"
#define DB_HIST_COLUMNS DB_HIST_COLUMNS_(DB_HIST_NEW_LITE)
#define DB_HIST_COLUMNS_PG DB_HIST_COLUMNS_(DB_HIST_NEW_PG)
void db_hist_read(struct db_stmt *st, struct db_hist *h);
void db_hist_clear(struct db_hist *h); /* frees the strings of one row */

#endif
