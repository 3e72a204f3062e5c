/* db.h - the store: one SQLite file shared by several users (DESIGN.md §2, §5).
 * Every function returns enum lu_status; on failure lu_errmsg() holds one
 * clear sentence. Every string in a result struct is malloc'ed and owned by
 * the struct (free with the matching *_free); absent values are NULL. */
#ifndef LUOSHI_DB_H
#define LUOSHI_DB_H

#include <stddef.h>

#include "luoshi/field.h"
#include "luoshi/i18n.h"
#include "luoshi/late.h"
#include "luoshi/parse.h"
#include "luoshi/period.h"
#include "luoshi/util.h"

/* Task statuses: stored as the English word, shown in Chinese where the
 * user's language is Chinese. done is the unit's word that the task is
 * finished (申请销号); closed (已销号) is a reviewer's, given only by
 * db_task_close. */
#define TASK_STATUS_LIST(X) \
	X(TODO, "todo", "未开始") \
	X(DOING, "doing", "进行中") \
	X(DONE, "done", "已完成") \
	X(CLOSED, "closed", "已销号") \
	X(ONGOING, "ongoing", "常态化") \
	X(BLOCKED, "blocked", "受阻") \
	X(DROPPED, "dropped", "已取消")

#define TASK_STATUS_ENUM(name, en, zh) TASK_##name,
enum task_status { TASK_STATUS_LIST(TASK_STATUS_ENUM) TASK_STATUS_COUNT };
#undef TASK_STATUS_ENUM

const char *task_status_name(enum task_status s); /* "todo" */
const char *task_status_zh(enum task_status s);   /* "未开始" */
int task_status_parse(const char *s);             /* English or Chinese; -1 if unknown */
/* A task counts as carried out when done, closed or ongoing; dropped
 * tasks leave the denominator. */
int task_status_complete(enum task_status s);

struct db;

enum db_open_flags {
	DB_OPEN_READONLY = 1, /* never write, never create: a command that only reads */
	DB_OPEN_UPGRADE = 2,  /* with READONLY: a database of an older schema that the
			       * user may write is upgraded first (else refused) */
	DB_OPEN_SESSION = 4,  /* many changes over a long session (the screens): each
			       * commit is synced before it returns; a one-shot command's
			       * change is synced once, by the checkpoint when it closes */
};

/* Open and migrate the schema. The path must be absent (created then,
 * with its directory, complete under a temporary name and linked into
 * place; mode 0600 unless the directory is group-shared), or a regular
 * file that is a luoshi database: a directory, device or FIFO, an empty
 * file or someone else's file are refused before SQLite sees them, each
 * with its own sentence. A symbolic link is followed only to a file that
 * is ours or in a directory of one of our groups; such a file reached
 * directly opens read-only. A database the user can only read is opened
 * read-only (db_readonly() says so). WAL journal, rollback journal on
 * NFS; foreign keys on; busy timeout of several seconds. */
enum lu_status db_open(const char *path, int flags, struct db **out);
void db_close(struct db *db);
/* 1 when name is a PostgreSQL connection string or URI rather than a
 * file: postgresql://..., postgres://..., or keyword=value pairs
 * ("host=db1 dbname=luoshi"; a file whose name starts word= is written
 * ./word=...). db_open connects to such a server: the password comes
 * from ~/.pgpass or PGPASSWORD, never from the name itself. */
int db_is_server(const char *name);
/* Who the store records as making the changes: on a server, the role
 * (with peer authentication over the Unix socket, the Unix user); on a
 * file, the Unix user (lu_username). */
const char *db_user(const struct db *db);

/* ---- waiting for another writer ----
 * SQLite lets one writer at a time; a change that finds the database
 * locked waits. SQLite does not say who holds the lock, so a long writer
 * (an import, a schema upgrade) records it in a side file beside the
 * database (FILE-writer: user, pid, what, since), removed when it is done
 * and ignored once its process is gone. */
struct db_holder {
	char user[64];
	long pid;
	char what[256]; /* "importing 通知.txt" */
	long long since; /* epoch seconds */
};

/* Called about every 50 ms while a change waits for the write lock, with
 * who holds it (NULL when nobody said) and how long it has waited.
 * Returning nonzero stops the wait: the change fails with LU_BUSY and
 * nothing is changed. */
typedef int (*db_wait_fn)(void *ctx, const struct db_holder *holder, long long waited_ms);

#define DB_WAIT_DEFAULT_MS 5000
struct db_wait {
	int timeout_ms; /* give up after this long; <= 0: DB_WAIT_DEFAULT_MS */
	db_wait_fn fn;  /* may be NULL */
	void *ctx;
};

/* db_open, waiting for other writers as wait says (also while opening:
 * a schema upgrade is a change). wait NULL: DB_WAIT_DEFAULT_MS, no
 * callback. */
enum lu_status db_open_wait(const char *path, int flags, const struct db_wait *wait,
			    struct db **out);
void db_set_wait(struct db *db, const struct db_wait *wait);
/* Who holds the write lock now, if a long writer recorded it: 1 and *out
 * filled, else 0. */
int db_lock_holder(struct db *db, struct db_holder *out);
int db_readonly(const struct db *db);
/* 1 when a read-only database could only be opened as an immutable
 * snapshot: a WAL database whose -shm side file did not exist (nobody who
 * can write had it open) and could not be created by this user. It shows
 * the data as they were at opening, not others' later commits: screens
 * should say "snapshot, not live". db_data_version switches it to a live
 * read-only connection as soon as one can be opened (someone who can
 * write has opened the database) and then reports a change. */
int db_snapshot(const struct db *db);
const char *db_path(const struct db *db);
int db_schema_version(struct db *db);
/* The default path: $LUOSHI_DB, else $XDG_DATA_HOME/luoshi/luoshi.db, else
 * $HOME/.local/share/luoshi/luoshi.db. malloc'ed. */
char *db_default_path(void);
/* PRAGMA data_version: changes when another connection has committed
 * (or a snapshot went live, see db_snapshot). */
enum lu_status db_data_version(struct db *db, long long *version);
/* True when the database holds no document. */
int db_is_empty(struct db *db);
/* The journal in use: "wal"; "delete" on a network file system (where WAL
 * is unsafe; $LUOSHI_NETFS=1 pretends one, for tests) or for a rollback-
 * journal database others held open. Static storage. */
const char *db_journal_mode(struct db *db);

/* ---- documents ---- */
struct db_doc {
	long long id;
	char *title, *issuer, *number, *date, *source, *recipients, *note;
	char *encoding, *preamble, *closing, *hash, *filename, *imported_by;
	/* the title of the document a notice issues; 版头 and 版记 */
	char *wrapped, *signer, *copy_no, *secrecy, *urgency, *cc, *printer, *print_date;
	char **attachments;
	size_t nattachments;
	long long imported_at;
	int nnodes;
	int ntasks;   /* all tasks */
	int nactive;  /* tasks not dropped */
	int ncomplete; /* done or ongoing */
	int noverdue;
};

enum db_import_flags {
	DB_IMPORT_REPLACE = 1,  /* revised version of the document with the same title */
	DB_IMPORT_NO_TASKS = 2, /* do not propose tasks */
};

struct db_import_result {
	long long doc_id;
	int duplicate;   /* identical content already present: nothing added */
	int replaced;    /* --replace took effect */
	int nnodes, ntasks;
	int nunit, ndue; /* of the proposed tasks: with a unit, with a due date */
	enum title_source title_from; /* how the parser found the title (set by import) */
	int kept;        /* tasks kept from the replaced version */
	long long same_title; /* not replacing: the latest document with this
			       * title already there (a revision imported
			       * without --replace?), or 0 */
	int moved;       /* of kept: tasks of changed nodes carrying work (a status,
			  * notes, edits), moved to the new node with the same label
			  * or to the first top-level node */
};

/* Import one parsed document in one transaction (all or nothing). text is
 * the decoded UTF-8 text (hashed for duplicate detection and stored). */
enum lu_status db_import(struct db *db, const struct pdoc *doc, const char *encoding,
			 const char *text, size_t len, const char *filename, int flags,
			 const char *user, struct db_import_result *res);

/* Around the imports of the documents of one file: SQLite gets a page
 * cache sized for an import's transaction and checkpoints the WAL less
 * often, once more at the end (nothing on PostgreSQL). Each document is
 * still its own transaction. A failure of begin changes nothing and is
 * not an error: the import only runs slower. */
void db_import_many_begin(struct db *db);
void db_import_many_end(struct db *db);

enum lu_status db_docs(struct db *db, struct db_doc **out, size_t *n);
/* Which way a page of a list goes from its key. */
enum db_page_dir { DB_PAGE_AFTER, DB_PAGE_BEFORE };
/* A document as a list of them shows it (id first, as in struct db_doc). */
struct db_doc_head {
	long long id;
	char *title, *date;
	int ntasks, nactive, ncomplete, noverdue; /* as in struct db_doc */
};
/* The documents in order of id as a list shows them (db_doc_get reads one
 * whole). For `luoshi docs` and the screens' first frame: read from an
 * index (schema 10), since a row of the table is mostly the document's
 * text, and every column stored after it made SQLite walk its overflow
 * pages too (11,000 page reads for 2,262 documents, 76 now); a head is
 * 40 bytes where a struct db_doc is 224. Without counts, the counts are
 * 0: the screens count only the documents they draw (db_doc_counts),
 * since reading the counts of every document grows with the store. */
enum lu_status db_doc_list(struct db *db, int counts, struct db_doc_head **out, size_t *n);
/* A page of that list, for a screen that shows a window of it: up to
 * limit heads with ids after `from` (DB_PAGE_AFTER: from 0 = the first)
 * or before it (DB_PAGE_BEFORE: from LLONG_MAX = the last ones), always
 * in order of id, without counts. Keyed by id, so a document added or
 * removed between two pages moves no other one. */
enum lu_status db_doc_page(struct db *db, long long from, enum db_page_dir dir, size_t limit,
			   struct db_doc_head **out, size_t *n);
/* The task counts of a page of heads (in order of id, as db_doc_page
 * gives them), read for their ids alone. */
enum lu_status db_doc_heads_counts(struct db *db, struct db_doc_head *h, size_t n);
/* How many documents there are (the screens' title): kept by the store on
 * SQLite (schema 15), so that it costs no visit of every document. */
enum lu_status db_doc_count(struct db *db, size_t *n);
void db_doc_head_free(struct db_doc_head *h);
void db_doc_heads_free(struct db_doc_head *h, size_t n);
enum lu_status db_doc_get(struct db *db, long long id, struct db_doc *out);
void db_doc_free(struct db_doc *d);
void db_docs_free(struct db_doc *d, size_t n);

/* ---- structure ---- */
struct db_node {
	long long id, doc_id, parent_id; /* parent_id 0 at the top */
	enum node_kind kind;
	int level, pos;
	char *label, *heading, *body;
	int nkids;
	/* counts over the node's whole subtree */
	int ntasks, nactive, ncomplete;
};

/* All nodes of a document in document order (preorder). */
enum lu_status db_nodes(struct db *db, long long doc_id, struct db_node **out, size_t *n);
enum lu_status db_node_get(struct db *db, long long id, struct db_node *out);
void db_node_free(struct db_node *nd);
void db_nodes_free(struct db_node *nd, size_t n);

/* ---- tasks ---- */
/* A task's fields (field.h's list) are its members of the same names:
 * title, status, progress (0..100), unit, assist, owner, due (YYYY-MM-DD
 * or NULL), due_text (the deadline as the document wrote it, 2020年4月底前),
 * recurrence ("yearly"...), recheck (回头看: YYYY-MM-DD), cycle (its own
 * reporting cycle, "monthly"...), text. Text is NULL when empty, except the
 * title (never NULL). */
#define DB_TASK_MEMBER(id, column, label, kind, editable, ledger) FIELD_CTYPE(kind) column;
struct db_task {
	long long id, node_id, doc_id;
	int pos;
	TASK_FIELD_LIST(DB_TASK_MEMBER)
	char *created_by, *updated_by;
	long long created_at, updated_at;
	int version;      /* row version, bumped by every change */
	int nnotes;
	int overdue;      /* due before today and not complete/dropped */
	int node_pos;     /* its node's place in the document (the list's sort key) */
	/* where it sits */
	char *node_label, *node_heading;
	char *section_label, *section_heading; /* top-level ancestor */
	char *doc_title;
};
#undef DB_TASK_MEMBER

/* Filter words shared by `luoshi tasks` and the screens:
 *   status:doing (also Chinese names; comma list)   unit:组织部 (lead or assisting)
 *   owner:NAME   due.before:DATE   due.after:DATE   due:DATE   overdue
 *   soon (due within 7 days)   recur:yearly   node:ID (and its subtree)   doc:ID
 *   any other word: substring of title, text, unit, assist or owner.
 * DATE is YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日, today). */
struct db_filter;
enum lu_status db_filter_parse(int nwords, char *const *words, struct db_filter **out);
void db_filter_free(struct db_filter *f);

enum db_sort {
	DB_SORT_POSITION, /* document, then tree order, then task order */
	DB_SORT_DUE,      /* due date (none last), then position */
	DB_SORT_STATUS,   /* status order of TASK_STATUS_LIST, then position */
};

/* f may be NULL (all tasks). */
enum lu_status db_tasks(struct db *db, const struct db_filter *f, enum db_sort sort,
			struct db_task **out, size_t *n);
/* ---- the task list a window at a time ----
 * A page is at most limit tasks in the order of db_tasks, strictly after
 * (or before) a key: the sort key of a task already shown, with its id
 * to break ties. Keys, not offsets: a page is read from an index without
 * counting the rows before it, and a change between two pages moves no
 * row twice or never. */
struct db_task_key {
	int set;               /* 0: from the start (after) or the end (before) */
	int status;            /* enum task_status */
	char due[11];          /* "" when none */
	long long doc_id, node_id, id;
	int node_pos, task_pos;
};
void db_task_key_of(const struct db_task *t, struct db_task_key *k);
/* The page next to key in dir, appended to *out (of *n tasks; both may
 * start empty), always in sort order: a page before the key comes out
 * in the same order as one after it. f may be NULL. */
enum lu_status db_tasks_page(struct db *db, const struct db_filter *f, enum db_sort sort,
			     const struct db_task_key *key, enum db_page_dir dir, size_t limit,
			     struct db_task **out, size_t *n);
/* How many tasks f matches: from the counts the store keeps when f has
 * only status:, doc:, overdue and soon (or nothing), else by visiting
 * the tasks it matches. */
enum lu_status db_tasks_count(struct db *db, const struct db_filter *f, size_t *n);
/* Whether any task of the store has an owner (*any 0 or 1): one look at
 * the owners' index, so a listing may leave out an empty column. */
enum lu_status db_tasks_any_owner(struct db *db, int *any);

/* ---- the task list grouped by unit, a window at a time ----
 * A group per unit that a task of the list names as lead or assisting
 * (the names of its lists split at , ; 、 ， ；), by name, the group ""
 * (tasks naming none) last; a task is in each of its units' groups. */
struct db_unit_group {
	char *unit;                    /* "" for the tasks naming none */
	int lead, assist;              /* its tasks: led by it, assisted */
	int status[TASK_STATUS_COUNT]; /* its tasks per status */
	int late[LATE_RED + 1];        /* per late level (by lv, today) */
	/* how db_unit_page reads it: own, from the tasks of the unit and
	 * assist lists naming it (JSON arrays), when that is cheaper than
	 * walking the whole list for its tasks (a small group) */
	int own;
	char *leads, *assists;
};
/* The groups of f's list with their sums: from the kept counts and the
 * assisted tasks when f has only status:, doc:, overdue and soon (or
 * nothing), else from one visit of the matching tasks' unit, status and
 * due date. */
enum lu_status db_unit_groups(struct db *db, const struct db_filter *f,
			      const struct late_levels *lv, struct db_unit_group **out, size_t *n);
void db_unit_groups_free(struct db_unit_group *g, size_t n);
/* A page of one unit's group, as db_tasks_page (same keys and orders). */
enum lu_status db_unit_page(struct db *db, const struct db_filter *f,
			    const struct db_unit_group *g, enum db_sort sort,
			    const struct db_task_key *key, enum db_page_dir dir, size_t limit,
			    struct db_task **out, size_t *n);
/* The tasks of the groups g[from..n) (of f's list, in sort order), to
 * fn(i, task) group after group, those of g[from] after key (NULL or
 * unset: all): read in one pass of the whole list, the list's size in
 * rows whatever the groups, waiting in a temporary file, memory a block
 * per group. A task has only its id, status, due date, title and unit
 * set, valid during the call; fn returns 1 to stop. */
typedef int (*db_group_task_fn)(size_t group, const struct db_task *t, void *ctx);
enum lu_status db_unit_groups_each(struct db *db, const struct db_filter *f,
				   const struct db_unit_group *g, size_t n, size_t from,
				   enum db_sort sort, const struct db_task_key *key,
				   db_group_task_fn fn, void *ctx);

enum lu_status db_task_get(struct db *db, long long id, struct db_task *out);
void db_task_free(struct db_task *t);
void db_tasks_free(struct db_task *t, size_t n);

/* One field change. field: status, unit, assist, owner, due, recurrence,
 * progress, title, text, recheck, cycle. An empty value clears an
 * optional field. */
struct db_change {
	const char *field;
	const char *value;
};

/* Add a task under a node. A title (or note text) that is not valid UTF-8
 * is refused with LU_USAGE. */
enum lu_status db_task_add(struct db *db, long long node_id, const char *title,
			   const char *user, long long *id);
/* Add a task and set n fields (validated as in db_task_set) all or nothing:
 * one transaction and one history change, so one undo removes it. */
enum lu_status db_task_add_fields(struct db *db, long long node_id, const char *title,
				  const struct db_change *ch, size_t n, const char *user,
				  long long *id);

/* Apply changes to one task in one transaction, recorded in history as one
 * change. Values are validated (unknown status, progress outside 0..100,
 * impossible date, unknown recurrence, text that is not valid UTF-8:
 * LU_USAGE... with one sentence).
 * status done sets progress 100. expect_version < 0: no check; otherwise a
 * task whose version differs gives LU_CONFLICT and a message that names who
 * changed what and when. */
enum lu_status db_task_set(struct db *db, long long id, const struct db_change *ch, size_t n,
			   int expect_version, const char *user);
/* The same changes to each of ids (an id given twice counts once), all or
 * nothing, as one change in history: one undo takes all back. */
enum lu_status db_tasks_set(struct db *db, const long long *ids, size_t nids,
			    const struct db_change *ch, size_t n, const char *user);
/* Delete a task with its notes (undo brings it back whole). expect_version
 * as in db_task_set: a delete decided on a stale copy gives LU_CONFLICT. */
enum lu_status db_task_delete(struct db *db, long long id, int expect_version, const char *user);

/* ---- notes ---- */
struct db_note {
	long long id, task_id;
	char *author;
	long long at;
	char *text;
};
enum lu_status db_note_add(struct db *db, long long task_id, const char *text, const char *user,
			   long long *note_id);
enum lu_status db_notes(struct db *db, long long task_id, struct db_note **out, size_t *n);
void db_notes_free(struct db_note *nt, size_t n);

/* ---- history and undo ---- */
struct db_hist {
	long long id, change_id, task_id;
	char *who;
	long long at;
	char *field; /* a task field, or "created", "deleted", "note" */
	char *old_value, *new_value;
	int undone;  /* this change was later undone */
	int is_undo; /* this row is itself an undo */
};
/* Newest first; task_id 0 = all tasks; limit 0 = no limit. */
enum lu_status db_history(struct db *db, long long task_id, int limit, struct db_hist **out,
			  size_t *n);
void db_hist_free(struct db_hist *h, size_t n);
/* Revert the newest change by user not yet undone (repeated undo steps
 * further back). Refused with LU_CONFLICT when someone changed the same
 * field since. *undone receives the reverted rows (may be NULL). */
enum lu_status db_undo(struct db *db, const char *user, struct db_hist **undone, size_t *n);

/* ---- search ---- */
enum db_hit_kind { DB_HIT_NODE, DB_HIT_TASK, DB_HIT_NOTE, DB_HIT_DOC /* title, preamble, closing */ };
struct db_hit {
	enum db_hit_kind kind;
	long long id; /* node, task or note id */
	long long doc_id, node_id, task_id;
	char *label;   /* node label or task title */
	char *snippet; /* text around the first match */
};
/* Every word (ANDed) is a substring of a node's label, heading or body, a
 * task's title or text, a note, or a document's title, preamble or
 * closing (ASCII case folded); answered from the full-text index for words
 * of any length. Hits come by kind: nodes, tasks, notes, documents. */
enum lu_status db_search(struct db *db, const char *query, struct db_hit **out, size_t *n);
/* The same hits, in the same order, handed to fn one at a time as they are
 * read (memory does not grow with the hits); the hit's strings live until
 * fn returns. fn returns nonzero to stop early (not an error). */
typedef int (*db_hit_fn)(const struct db_hit *hit, void *ctx);
enum lu_status db_search_each(struct db *db, const char *query, db_hit_fn fn, void *ctx);
void db_hits_free(struct db_hit *h, size_t n);
/* How many hits db_search_each would hand over, none of them made. */
enum lu_status db_search_count(struct db *db, const char *query, long long *n);

/* ---- per-user state ---- */
/* *pos is 0 when the user has no saved position in that document. */
enum lu_status db_readpos_get(struct db *db, const char *user, long long doc_id, long long *pos);
/* Saving the position already saved writes nothing (no lock, no commit).
 * Any other save is a commit that makes every other user's screen reload
 * (db_data_version), so save on leaving a document, not on every move. */
enum lu_status db_readpos_set(struct db *db, const char *user, long long doc_id, long long pos);

/* ---- what changed: the change log ----
 * Every committed change appends what it touched to a log in the same
 * transaction, numbered in commit order. A screen remembers the last
 * number it has seen and, when others commit, rereads only the rows
 * named (a task row, a node's counts, a document's totals); a change of
 * structure (an import, a replace), or a screen that fell behind the
 * log's window, means reloading everything. */
#define DB_LOG_KINDS(X) \
	X(TASK, "task")          /* a task's fields changed */ \
	X(NOTE, "note")          /* a note was added to a task or taken off */ \
	X(ADD, "add")            /* a task appeared under node_id */ \
	X(DELETE, "delete")      /* a task went */ \
	X(STRUCTURE, "structure") /* a document and its nodes: reload everything */

#define DB_LOG_ENUM(name, word) DB_LOG_##name,
enum db_log_kind { DB_LOG_KINDS(DB_LOG_ENUM) DB_LOG_KIND_COUNT };
#undef DB_LOG_ENUM

struct db_logged {
	long long seq;
	enum db_log_kind kind;
	long long doc_id, node_id, task_id; /* 0 where none */
};

/* The newest number in the log (0: none yet): where a screen starts. */
enum lu_status db_log_last(struct db *db, long long *seq);
/* The changes committed after seq, oldest first (free *out with free()).
 * *reload is set when the screen should reload everything instead: the
 * structure changed, the log no longer reaches back to seq, or too much
 * changed at once. */
enum lu_status db_changes_since(struct db *db, long long seq, struct db_logged **out, size_t *n,
				int *reload);
/* A descriptor that becomes readable when another user commits, to
 * poll() beside the keyboard: the server connection's socket
 * (PostgreSQL), or -1 (SQLite: poll db_data_version, a cheap PRAGMA). */
int db_change_fd(struct db *db);
/* Read what arrived on that descriptor, without waiting: *seq is the
 * newest change others announced (0: none since listening began). */
enum lu_status db_change_drain(struct db *db, long long *seq);
/* Wait up to timeout_ms for another user's commit; *changed is 1 when
 * one came. */
enum lu_status db_change_wait(struct db *db, int timeout_ms, int *changed);

/* What a screen rereads for a change instead of everything: the task
 * counts directly under one node (not its children's: the screen adds
 * the difference to the node's ancestors), or of a whole document. */
struct db_counts {
	int ntasks, nactive, ncomplete, noverdue; /* as in struct db_doc */
};
enum lu_status db_node_own_counts(struct db *db, long long node_id, struct db_counts *c);
enum lu_status db_doc_counts(struct db *db, long long doc_id, struct db_counts *c);

/* ---- copying a whole store (luoshi copy) ---- */
struct db_copy_result {
	long long documents, nodes, tasks, notes, history, readpos; /* rows copied */
	long long settings, reports, task_periods, reviews;
};
/* Copy everything in from (a file or a server) into to, which must hold
 * no document or history yet: documents, nodes, tasks, notes, history and
 * reading positions with their ids, and the id counters. from is read in
 * one snapshot; to is written in one transaction whose row counts are
 * compared with from's before it commits. */
enum lu_status db_copy(struct db *from, struct db *to, struct db_copy_result *res);
/* The engine: "SQLite" or "PostgreSQL". */
const char *db_engine(const struct db *db);

/* ---- dashboard figures ---- */
struct db_count {
	char *key; /* unit name ("" for none) */
	int total, active, complete, overdue;
	int status[TASK_STATUS_COUNT]; /* tasks per status */
};
/* Tasks per lead unit, busiest first. doc_id 0 = all documents. */
enum lu_status db_count_units(struct db *db, long long doc_id, struct db_count **out, size_t *n);
void db_counts_free(struct db_count *c, size_t n);
/* Tasks per status. doc_id 0 = all documents. */
enum lu_status db_count_status(struct db *db, long long doc_id, int counts[TASK_STATUS_COUNT]);

/* ---- the 督办 cycle: settings, progress reports, periods, reviews ----
 * (db_config.c, db_report.c, db_review.c) */

/* Settings shared by everyone using the database, kept in it: key, the
 * value in force when none is set, and what it is for (N_: translated
 * where shown). */
#define DB_SETTING_LIST(X) \
	X(REVIEWERS, "reviewers", "", \
	  N_("who may close (销号), reopen and recheck tasks: user names and @groups;" \
	     " empty: anyone")) \
	X(ADMINS, "admins", "", \
	  N_("who may change these settings besides the database file's owner and" \
	     " root: user names and @groups")) \
	X(LATE_LEVELS, "late-levels", "1,16", \
	  N_("the first late day of each level: two numbers for yellow and red cards," \
	     " three for yellow, orange and red, one for red only")) \
	X(RECHECK_AFTER, "recheck-after", "", \
	  N_("回头看 after closing a task: months (6 or 6m) or days (180d); empty: none")) \
	X(REPORT_CYCLE, "report-cycle", "monthly", \
	  N_("how often open tasks report progress unless their recurrence or cycle" \
	     " says: daily, weekly, monthly, quarterly, halfyearly or yearly"))

#define DB_SETTING_ENUM(id, key, dflt, help) DB_SET_##id,
enum db_setting_id { DB_SETTING_LIST(DB_SETTING_ENUM) DB_SETTING_COUNT };
#undef DB_SETTING_ENUM

struct db_setting {
	const char *key, *dflt, *help; /* static */
	long long doc;                 /* a document's own (recheck-after@DOC), else 0 */
	char *value;                   /* in force: the default when unset */
	int set;                       /* someone set it */
	char *updated_by;
	long long updated_at;
};
/* Every setting, in DB_SETTING_LIST order (*out has DB_SETTING_COUNT). */
enum lu_status db_settings(struct db *db, struct db_setting **out);
void db_settings_free(struct db_setting *s);
/* The value in force of one setting (malloc'ed). */
enum lu_status db_setting_get(struct db *db, enum db_setting_id id, char **value);
/* The 回头看 defaults of single documents (recheck-after@DOC=12m), by
 * document id. */
enum lu_status db_settings_docs(struct db *db, struct db_setting **out, size_t *n);
void db_settings_docs_free(struct db_setting *s, size_t n);
/* The recheck-after in force for a task of document doc_id: its own
 * recheck-after@DOC, else the database's (malloc'ed; "" none). */
enum lu_status db_recheck_after(struct db *db, long long doc_id, char **value);
/* Set n settings (key=value; an empty value goes back to the default;
 * recheck-after@DOC sets the 回头看 default of one document),
 * validated, all or nothing, recorded in history (undo takes them back).
 * Only the database file's owner, root and the users the admins setting
 * names may: others get LU_USAGE with one sentence. */
enum lu_status db_settings_set(struct db *db, const struct db_change *ch, size_t n,
			       const char *user);
/* 1 when user may review (close, reopen, recheck): the reviewers setting
 * names them or one of their groups, or it is empty. */
int db_may_review(struct db *db, const char *user);
/* The same inside a change: LU_OK when user may review, LU_ERR with one
 * sentence naming the reviewers when not, or why the setting could not be
 * read (a failing disk is not a refusal). */
enum lu_status db_check_reviewer(struct db *db, const char *user);
/* The lateness levels in force. */
enum lu_status db_late_levels(struct db *db, struct late_levels *out);
/* The reporting cycle of task t: its own cycle, its recurrence's, else
 * the report-cycle setting. */
enum lu_status db_task_cycle(struct db *db, const struct db_task *t, enum period_kind *out);

/* A progress report (进展) of a task for a period, by a unit. */
struct db_report {
	long long id, task_id;
	char *period; /* 2026-11, 2026Q4 ... as stored */
	char *unit;   /* NULL when none */
	int percent;  /* -1: none given */
	char *text, *author;
	long long at;
};
/* Add a report. period NULL: the task's reporting period today (its
 * cycle); unit NULL: its lead unit; percent -1: none, else 0..100 and
 * the task's progress becomes it too. One change, one undo. */
enum lu_status db_report_add(struct db *db, long long task_id, const char *period,
			     const char *unit, int percent, const char *text, const char *user,
			     long long *report_id);
/* A task's reports, the newest period first. */
enum lu_status db_reports(struct db *db, long long task_id, struct db_report **out, size_t *n);
void db_reports_free(struct db_report *r, size_t n);

/* A period of a recurring task that is done, and the deadline it had. */
struct db_period_done {
	char *period, *due, *who;
	long long at;
};
enum lu_status db_task_periods(struct db *db, long long task_id, struct db_period_done **out,
			       size_t *n);
void db_task_periods_free(struct db_period_done *p, size_t n);

/* Reviews: 销号 (closing a done task, with the evidence 佐证材料 as text
 * or file names), sending a done or closed task back with the reason,
 * and a 回头看 done. Only reviewers (db_may_review); each one change, in
 * history, undone by undo. expect_version as in db_task_set. */
enum db_review_kind { DB_REVIEW_CLOSE, DB_REVIEW_REOPEN, DB_REVIEW_RECHECK };
struct db_review {
	long long id, task_id;
	enum db_review_kind kind;
	char *text, *who;
	long long at;
};
/* done -> closed. A task without a recheck date gets one from the
 * recheck-after setting. */
enum lu_status db_task_close(struct db *db, long long id, const char *evidence,
			     int expect_version, const char *user);
/* done or closed -> doing, with the reason (required). */
enum lu_status db_task_reopen(struct db *db, long long id, const char *reason,
			      int expect_version, const char *user);
/* The 回头看 of a closed task is done: recorded with what was found, its
 * date cleared. */
enum lu_status db_task_rechecked(struct db *db, long long id, const char *text,
				 int expect_version, const char *user);
enum lu_status db_reviews(struct db *db, long long task_id, struct db_review **out, size_t *n);
void db_reviews_free(struct db_review *r, size_t n);
const char *db_review_kind_name(enum db_review_kind k); /* "close" ... */

/* What a period asks of the units (`luoshi due`, the dashboard): for
 * every task concerned, its reporting period and why it is listed. */
struct db_due_item {
	struct db_task t;
	char period[PERIOD_TEXT_MAX]; /* the task's reporting period */
	int must_report;   /* open: reports each period of its cycle */
	int reported;      /* a report for that period exists, or it is done */
	int period_done;   /* a recurring task: that period is done (it rolled on) */
	int due_in;        /* its due date falls in the period */
	int late_days;     /* overdue: days past due at the reference day */
	enum late_level late;
	int review;        /* done: waiting for a reviewer (待销号) */
	int recheck;       /* closed with a 回头看 date by the period's end */
	int closed_in;     /* closed (销号) within the period */
};
struct db_due {
	struct period p;
	char first[11], last[11];
	char ref[11]; /* the day the period is looked at: today, within the period */
	struct db_due_item *items;
	size_t n;
};
/* The items of period p (NULL: this month; the reference day is today
 * if it lies in p, else its last day or its first), of the tasks of unit
 * (lead or assisting; NULL: all), in document order. */
enum lu_status db_due(struct db *db, const struct period *p, const char *unit,
		      struct db_due *out);
void db_due_free(struct db_due *d);
/* The same items one at a time, read a page of tasks at a time: head gets
 * the period (no items); fn sees each item, may keep its task (moving it
 * out and zeroing it->t), and stops the walk by returning nonzero. */
typedef int (*db_due_fn)(void *ctx, const struct db_due *head, struct db_due_item *it);
enum lu_status db_due_each(struct db *db, const struct period *p, const char *unit,
			   struct db_due *head, db_due_fn fn, void *ctx);
/* This month's items summed per lead unit ("" none), as db_due's items
 * of every task would sum them, read from the kept counts, the period's
 * reports and the 回头看 index instead of every task: the units in code
 * point order; the first `shown` (at most 64) tasks waiting for review
 * and of the 回头看 due, in document order, with how many there are. */
struct db_due_unit {
	char *unit;
	int must, reported; /* must report; of those, reported */
	int late[LATE_RED + 1]; /* of those, late at the reference day, per level */
};
struct db_due_sums {
	struct db_due head; /* the period (no items) */
	struct db_due_unit *units;
	size_t nunits;
	size_t nreview, nrecheck;
	struct db_task *review, *recheck;
	size_t nreview_shown, nrecheck_shown;
};
enum lu_status db_due_sums(struct db *db, size_t shown, struct db_due_sums *out);
void db_due_sums_free(struct db_due_sums *s);

/* The one line of `luoshi brief`: counts of a person's tasks (owner, or
 * unit when given: lead or assisting). review counts every task waiting
 * for review when all_review, else the person's own. */
struct db_brief {
	int late, week, review;
};
enum lu_status db_brief(struct db *db, const char *owner, const char *unit, int all_review,
			struct db_brief *out);

#endif
