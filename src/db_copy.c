/* db_copy.c - copy a whole store to another, between any two engines
 * (a file to a server when an office outgrows it, and back): documents,
 * nodes, tasks, notes, history, reading positions and the 督办 record
 * (settings, progress reports, periods done, reviews) with their ids, and
 * the id counters, so that an id deleted before the move is never handed
 * out after it either. The source is read in one snapshot, the target
 * written in one transaction, and the counts are compared before it
 * commits: all of it or nothing. */
#include "config.h"
#include "luoshi/db.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"

/* One table: its rows read from the source in an order that puts every
 * row after the rows it refers to (a node after its parent: document
 * order), and written to the target with the same columns. */
struct copy_table {
	const char *name; /* for messages */
	struct db_sql read, write, count;
	int ncols;
	size_t result; /* offset of its count in struct db_copy_result */
};

#define COPY(t, cols, order, params, n) \
	{ \
		#t, {"SELECT " cols " FROM " #t " ORDER BY " order}, \
		{"INSERT INTO " #t " (" cols ") VALUES (" params ")"}, \
		{"SELECT count(*) FROM " #t}, n, offsetof(struct db_copy_result, t) \
	}

static const struct copy_table tables[] = {
	COPY(documents,
	     "id, title, issuer, number, date, source, recipients, note, encoding, preamble,"
	     " closing, attachments, hash, filename, raw, imported_by, imported_at, wrapped,"
	     " signer, copy_no, secrecy, urgency, cc, printer, print_date",
	     "id", "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	     " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25", 25),
	COPY(nodes, "id, doc_id, parent_id, top_id, kind, level, pos, label, heading, body, chash",
	     "doc_id, pos, id", "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11", 11),
	/* every field of field.h's list (a bare ? is one past the highest) */
	COPY(tasks,
	     "id, node_id, pos, " FIELD_SQL_NAMES "created_by, created_at, updated_by,"
	     " updated_at, version, progress_before_done, text_at, text_len, title_at, title_len",
	     "id", "?, ?, ?, " FIELD_SQL_PARAMS "?, ?, ?, ?, ?, ?, ?, ?, ?, ?",
	     TASK_FIELD_COUNT + 13),
	COPY(notes, "id, task_id, author, at, text", "id", "?1, ?2, ?3, ?4, ?5", 5),
	COPY(history,
	     "id, change_id, task_id, who, at, field, old, new, undone, undo_of, note_id, auto",
	     "id", "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12", 12),
	/* "user" is a reserved word in PostgreSQL */
	{"readpos",
	 {"SELECT user, doc_id, pos FROM readpos ORDER BY doc_id, user",
	  "SELECT \"user\", doc_id, pos FROM readpos ORDER BY doc_id, \"user\""},
	 {"INSERT INTO readpos (user, doc_id, pos) VALUES (?1, ?2, ?3)",
	  "INSERT INTO readpos (\"user\", doc_id, pos) VALUES ($1, $2, $3)"},
	 {"SELECT count(*) FROM readpos"}, 3, offsetof(struct db_copy_result, readpos)},
	/* the 督办 cycle (migration 6) */
	COPY(settings, "key, value, updated_by, updated_at", "key", "?1, ?2, ?3, ?4", 4),
	COPY(reports, "id, task_id, period, unit, percent, text, author, at", "id",
	     "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8", 8),
	COPY(task_periods, "task_id, period, status, due, who, at", "task_id, period",
	     "?1, ?2, ?3, ?4, ?5, ?6", 6),
	COPY(reviews, "id, task_id, kind, text, who, at", "id", "?1, ?2, ?3, ?4, ?5, ?6", 6),
};

/* The tables whose ids are never handed out again (AUTOINCREMENT, a
 * sequence): the highest id each ever gave, and how the target is told
 * (SQLite: its sqlite_sequence row, made if the copy made none;
 * PostgreSQL: setval, and nothing for the second statement). */
#define HIGH(t) \
	{"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '" t "'), 0)," \
	 " coalesce((SELECT max(id) FROM " t "), 0))", \
	 "SELECT greatest((SELECT CASE WHEN is_called THEN last_value ELSE 0 END" \
	 " FROM " t "_id_seq), coalesce((SELECT max(id) FROM " t "), 0))"}
#define SET_HIGH(t) \
	{"UPDATE sqlite_sequence SET seq = max(seq, ?1) WHERE name = '" t "'", \
	 "SELECT setval('" t "_id_seq', greatest($1::bigint, 1))"}
#define MAKE_HIGH(t) \
	{"INSERT INTO sqlite_sequence (name, seq) SELECT '" t "', ?1" \
	 " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '" t "')", \
	 "SELECT 1"}

static const struct {
	struct db_sql high, set, make;
} counters[] = {
	{HIGH("nodes"), SET_HIGH("nodes"), MAKE_HIGH("nodes")},
	{HIGH("tasks"), SET_HIGH("tasks"), MAKE_HIGH("tasks")},
	{HIGH("notes"), SET_HIGH("notes"), MAKE_HIGH("notes")},
	{HIGH("reports"), SET_HIGH("reports"), MAKE_HIGH("reports")},
	{HIGH("reviews"), SET_HIGH("reviews"), MAKE_HIGH("reviews")},
};

struct copy {
	struct db *from;
	struct db_copy_result *res;
};

static long long *result_of(struct db_copy_result *res, const struct copy_table *t)
{
	return (long long *)((char *)res + t->result);
}

/* One row across: every column as text (or NULL); each engine stores it
 * in the column's type. */
static enum lu_status copy_row(struct db *to, struct db_stmt *in, struct db_stmt *out, int n)
{
	for (int i = 0; i < n; i++) {
		const char *v = db_col_text(in, i);
		if (v)
			db_bind_textn(out, i + 1, v, db_col_bytes(in, i));
		else
			db_bind_null(out, i + 1);
	}
	return db_run(to, out, "copying");
}

static enum lu_status copy_table(struct copy *c, struct db *to, const struct copy_table *t)
{
	struct db_stmt *in = db_stmt(c->from, &t->read);
	if (!in)
		return LU_ERR;
	long long *n = result_of(c->res, t);
	enum lu_status st = LU_OK;
	int rc;
	*n = 0;
	while (st == LU_OK && (rc = db_step(in)) == DB_ROW) {
		struct db_stmt *out = db_stmt(to, &t->write);
		st = out ? copy_row(to, in, out, t->ncols) : LU_ERR;
		++*n;
	}
	if (st == LU_OK)
		st = db_check(c->from, in, rc, "reading what to copy");
	db_reset(in);
	return st;
}

/* ---- the id counters ---- */

static enum lu_status set_high(struct db *db, const struct db_sql *sql, long long high)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, high);
	return db_run(db, st, "setting the id counters");
}

/* PostgreSQL's other sequences follow the rows (SQLite takes the next
 * id after the highest by itself). */
static enum lu_status sequences_follow(struct db *db)
{
	static const struct db_sql sql = {NULL,
		"SELECT setval('documents_id_seq', greatest((SELECT max(id) FROM documents), 1)),"
		" setval('history_id_seq', greatest((SELECT max(id) FROM history), 1)),"
		" setval('history_change_seq', greatest((SELECT max(change_id) FROM history), 1))"};
	return db_exec(db, &sql, "setting the id counters");
}

static enum lu_status copy_counters(struct copy *c, struct db *to)
{
	enum lu_status st = LU_OK;
	for (size_t i = 0; i < ARRAY_SIZE(counters) && st == LU_OK; i++) {
		long long high = 0;
		st = db_query_int64(c->from, &counters[i].high, "reading the id counters", &high);
		if (st == LU_OK)
			st = set_high(to, &counters[i].set, high);
		if (st == LU_OK)
			st = set_high(to, &counters[i].make, high);
	}
	return st == LU_OK ? sequences_follow(to) : st;
}

/* ---- the whole copy ---- */

static enum lu_status target_empty(struct db *to)
{
	static const struct db_sql sql = {
		"SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM history)"
		" + (SELECT count(*) FROM settings)"};
	long long n = 0;
	enum lu_status st = db_query_int64(to, &sql, "looking at the target", &n);
	if (st == LU_OK && n)
		st = lu_error(LU_ERR, "%s already holds documents, history or settings: luoshi"
			      " copies only into an empty database; nothing was changed", db_path(to));
	return st;
}

/* Every table has as many rows in the target as in the source. */
static enum lu_status verify(struct copy *c, struct db *to)
{
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
		long long a = 0, b = 0;
		enum lu_status st = db_query_int64(c->from, &tables[i].count, "counting", &a);
		if (st == LU_OK)
			st = db_query_int64(to, &tables[i].count, "counting", &b);
		if (st == LU_OK && a != b)
			st = lu_error(LU_ERR, "the copy of %s holds %lld rows, not %lld; nothing was"
				      " changed", tables[i].name, b, a);
		if (st != LU_OK)
			return st;
	}
	return LU_OK;
}

/* A sentence or title kept as a slice of its node's body (DB_TASK_TEXT,
 * DB_TASK_TITLE) is written out on PostgreSQL, whose trigram indexes
 * read the columns; SQLite keeps the slices as they came. */
static enum lu_status slices_out(struct db *to)
{
	static const struct db_sql text = {
		"SELECT 1",
		"UPDATE tasks t SET text = substr(n.body, t.text_at + 1, t.text_len), text_at = NULL,"
		" text_len = NULL FROM nodes n WHERE n.id = t.node_id AND t.text IS NULL"
		" AND t.text_at IS NOT NULL"};
	static const struct db_sql title = {
		"SELECT 1",
		"UPDATE tasks t SET title = substr(n.body, t.title_at + 1, t.title_len),"
		" title_at = NULL, title_len = NULL FROM nodes n WHERE n.id = t.node_id"
		" AND t.title IS NULL AND t.title_at IS NOT NULL"};
	enum lu_status st = db_exec(to, &text, "copying");
	return st == LU_OK ? db_exec(to, &title, "copying") : st;
}

static enum lu_status copy_tx(struct db *to, void *ctx)
{
	struct copy *c = ctx;
	enum lu_status st = target_empty(to);
	for (size_t i = 0; i < ARRAY_SIZE(tables) && st == LU_OK; i++)
		st = copy_table(c, to, &tables[i]);
	if (st == LU_OK)
		st = slices_out(to);
	if (st == LU_OK)
		st = copy_counters(c, to);
	if (st == LU_OK)
		st = verify(c, to);
	if (st == LU_OK) /* screens open on the target reload */
		st = db_log(to, DB_LOG_STRUCTURE, 0, 0, 0);
	return st;
}

enum lu_status db_copy(struct db *from, struct db *to, struct db_copy_result *res)
{
	struct copy c = {from, res};
	memset(res, 0, sizeof *res);
	if (db_readonly(to))
		return db_readonly_error(to);
	/* the source in one snapshot: what it reads is one moment's store */
	enum lu_status st = db_read_begin(from, "reading what to copy");
	if (st != LU_OK)
		return st;
	st = db_write_alone(to, copy_tx, &c);
	db_read_end(from);
	if (st != LU_OK)
		memset(res, 0, sizeof *res);
	return st;
}
