/* db_undo.c - revert a user's newest change group. Each revert checks
 * that nobody built on the change since (the field still holds what the
 * change wrote), then is recorded as history rows of its own, so the audit
 * trail shows both the change and its undo. */
#include "config.h"
#include "luoshi/db.h"

#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/label.h"

struct undo {
	struct db *db;
	const char *user;
	long long now, change_id; /* the undo's own change group */
	struct db_hist *rows;     /* the rows reverted */
	size_t nrows;
};

/* "by alice at 2024-05-01 10:00" for the newest row matching sql(?1, ?2). */
static void who_when(struct db *db, const struct db_sql *sql, long long a, long long b,
		     struct sbuf *out)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (!st)
		return;
	db_bind_int64(st, 1, a);
	db_bind_int64(st, 2, b);
	if (db_step(st) == DB_ROW)
		db_add_who_when(out, st);
	db_reset(st);
}

static enum lu_status gone(struct undo *u, long long task_id)
{
	static const struct db_sql sql = {"SELECT who, at FROM history WHERE task_id = ?1"
					  " AND field = 'deleted' AND id > ?2 ORDER BY id DESC LIMIT 1"};
	struct sbuf b = SBUF_INIT;
	who_when(u->db, &sql, task_id, 0, &b);
	enum lu_status s = lu_error(LU_CONFLICT, "cannot undo: task %lld was deleted since%s",
				    task_id, b.s ? b.s : "");
	sbuf_free(&b);
	return s;
}

static enum lu_status field_moved_on(struct undo *u, const struct db_hist *h, const char *now)
{
	static const struct db_sql sql = {"SELECT who, at FROM history WHERE task_id = ?1"
					  " AND field = (SELECT field FROM history WHERE id = ?2)"
					  " AND id > ?2 ORDER BY id DESC LIMIT 1"};
	struct sbuf b = SBUF_INIT;
	who_when(u->db, &sql, h->task_id, h->id, &b);
	enum lu_status s = lu_error(LU_CONFLICT,
				    "cannot undo: the %s of task %lld was changed since%s"
				    " (it is now %s); nothing was undone",
				    label_field(h->field), h->task_id, b.s ? b.s : "",
				    now ? label_value(h->field, now) : "empty");
	sbuf_free(&b);
	return s;
}

static enum lu_status revert_field(struct undo *u, const struct db_hist *h, int f)
{
	struct db_row r;
	enum lu_status s = db_row_load(u->db, h->task_id, &r);
	if (s == LU_NOTFOUND)
		return gone(u, h->task_id);
	if (s == LU_OK && !db_same(r.v[f], h->new_value))
		s = field_moved_on(u, h, r.v[f]);
	if (s == LU_OK)
		s = db_hist_add(u->db, u->change_id, h->task_id, u->user, u->now, h->field,
				r.v[f], h->old_value, 0, h->change_id, 0);
	if (s == LU_OK) {
		db_row_put(&r, f, h->old_value ? xstrdup(h->old_value) : NULL);
		s = db_row_store(u->db, &r, u->user, u->now);
	}
	db_row_free(&r);
	return s;
}

/* Undoing an add deletes the task, unless someone has worked on it since
 * (a change or note not itself undone). */
static enum lu_status revert_create(struct undo *u, const struct db_hist *h)
{
	static const struct db_sql later = {
		"SELECT who, at FROM history WHERE task_id = ?1 AND change_id > ?2"
		" AND undone = 0 AND undo_of IS NULL ORDER BY id DESC LIMIT 1"};
	struct sbuf b = SBUF_INIT;
	who_when(u->db, &later, h->task_id, h->change_id, &b);
	if (b.s) {
		enum lu_status s = lu_error(LU_CONFLICT,
					    "cannot undo adding task %lld: it was changed since%s;"
					    " delete it instead",
					    h->task_id, b.s);
		sbuf_free(&b);
		return s;
	}
	enum lu_status s = db_task_remove(u->db, h->task_id, u->change_id, u->user, h->change_id);
	return s == LU_NOTFOUND ? gone(u, h->task_id) : s;
}

/* Bring a deleted task back with its id, fields and notes. */
static enum lu_status revert_delete(struct undo *u, const struct db_hist *h)
{
	static const struct db_sql check = {
		"SELECT (SELECT count(*) FROM tasks WHERE id = ?2),"
		" (SELECT count(*) FROM nodes WHERE id = json_extract(?1, '$.node_id'))",
		"SELECT (SELECT count(*) FROM tasks WHERE id = $2),"
		" (SELECT count(*) FROM nodes WHERE id = ($1::jsonb->>'node_id')::bigint)"};
	/* the fields as field.h lists them; PostgreSQL casts a number back */
#define FIELD_LITE(id, column, label, kind, editable, ledger) "json_extract(j, '$." #column "'), "
#define FIELD_PG(id, column, label, kind, editable, ledger) \
	"(j->>'" #column "')" FIELD_CAT(FIELD_PG_CAST_, FIELD_HELD(kind)) ", "
#define FIELD_PG_CAST_TEXT ""
#define FIELD_PG_CAST_STATUS ""
#define FIELD_PG_CAST_INT "::integer"
	static const struct db_sql task = {
		"INSERT INTO tasks (id, node_id, pos, " FIELD_SQL_NAMES "progress_before_done,"
		" created_by, created_at, updated_by, updated_at, version)"
		" SELECT ?2, json_extract(j, '$.node_id'), json_extract(j, '$.pos'), "
		TASK_FIELD_LIST(FIELD_LITE)
		"json_extract(j, '$.progress_before_done'), json_extract(j, '$.created_by'),"
		" json_extract(j, '$.created_at'), ?3, ?4, json_extract(j, '$.version') + 1"
		" FROM (SELECT ?1 AS j)",
		"INSERT INTO tasks (id, node_id, pos, " FIELD_SQL_NAMES "progress_before_done,"
		" created_by, created_at, updated_by, updated_at, version)"
		" SELECT $2::bigint, (j->>'node_id')::bigint, (j->>'pos')::integer, "
		TASK_FIELD_LIST(FIELD_PG)
		"(j->>'progress_before_done')::integer, j->>'created_by',"
		" (j->>'created_at')::bigint, $3::text, $4::bigint, (j->>'version')::integer + 1"
		" FROM (SELECT $1::jsonb AS j) x"};
#undef FIELD_LITE
#undef FIELD_PG
#undef FIELD_PG_CAST_TEXT
#undef FIELD_PG_CAST_STATUS
#undef FIELD_PG_CAST_INT
	static const struct db_sql notes = {
		"INSERT INTO notes (id, task_id, author, at, text)"
		" SELECT json_extract(n.value, '$.id'), ?2, json_extract(n.value, '$.author'),"
		" json_extract(n.value, '$.at'), json_extract(n.value, '$.text')"
		" FROM json_each(?1, '$.notes') n",
		"INSERT INTO notes (id, task_id, author, at, text)"
		" SELECT (n.value->>'id')::bigint, $2::bigint, n.value->>'author',"
		" (n.value->>'at')::bigint, n.value->>'text'"
		" FROM jsonb_array_elements($1::jsonb->'notes') n(value)"};
	/* what the 督办 cycle added: reports, reviews, periods done (a task
	 * deleted before it had any has none in its JSON) */
	static const struct db_sql reports = {
		"INSERT INTO reports (id, task_id, period, unit, percent, text, author, at)"
		" SELECT json_extract(n.value, '$.id'), ?2, json_extract(n.value, '$.period'),"
		" json_extract(n.value, '$.unit'), json_extract(n.value, '$.percent'),"
		" json_extract(n.value, '$.text'), json_extract(n.value, '$.author'),"
		" json_extract(n.value, '$.at') FROM json_each(?1, '$.reports') n",
		"INSERT INTO reports (id, task_id, period, unit, percent, text, author, at)"
		" SELECT (n->>'id')::bigint, ?2::bigint, n->>'period', n->>'unit', (n->>'percent')::int,"
		" n->>'text', n->>'author', (n->>'at')::bigint"
		" FROM jsonb_array_elements(coalesce(?1::jsonb->'reports', '[]')) n"};
	static const struct db_sql reviews = {
		"INSERT INTO reviews (id, task_id, kind, text, who, at)"
		" SELECT json_extract(n.value, '$.id'), ?2, json_extract(n.value, '$.kind'),"
		" json_extract(n.value, '$.text'), json_extract(n.value, '$.who'),"
		" json_extract(n.value, '$.at') FROM json_each(?1, '$.reviews') n",
		"INSERT INTO reviews (id, task_id, kind, text, who, at)"
		" SELECT (n->>'id')::bigint, ?2::bigint, n->>'kind', n->>'text', n->>'who', (n->>'at')::bigint"
		" FROM jsonb_array_elements(coalesce(?1::jsonb->'reviews', '[]')) n"};
	static const struct db_sql periods = {
		"INSERT INTO task_periods (task_id, period, status, due, who, at)"
		" SELECT ?2, json_extract(n.value, '$.period'), json_extract(n.value, '$.status'),"
		" json_extract(n.value, '$.due'), json_extract(n.value, '$.who'),"
		" json_extract(n.value, '$.at') FROM json_each(?1, '$.periods') n",
		"INSERT INTO task_periods (task_id, period, status, due, who, at)"
		" SELECT ?2::bigint, n->>'period', n->>'status', n->>'due', n->>'who', (n->>'at')::bigint"
		" FROM jsonb_array_elements(coalesce(?1::jsonb->'periods', '[]')) n"};
	struct db_stmt *st = db_stmt(u->db, &check);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, h->old_value);
	db_bind_int64(st, 2, h->task_id);
	int rc = db_step(st), exists = 0, node = 0;
	if (rc == DB_ROW) {
		exists = db_col_int(st, 0);
		node = db_col_int(st, 1);
	}
	enum lu_status s = db_check(u->db, st, rc, "undoing");
	db_reset(st);
	if (s == LU_OK && exists)
		return lu_error(LU_CONFLICT, "cannot undo: task %lld exists again", h->task_id);
	if (s == LU_OK && !node)
		return lu_error(LU_CONFLICT,
				"cannot bring task %lld back: the part of the document it belonged to"
				" was replaced since",
				h->task_id);
	const struct db_sql *sqls[] = {&task, &notes, &reports, &reviews, &periods};
	for (size_t i = 0; i < ARRAY_SIZE(sqls) && s == LU_OK; i++) {
		if (!(st = db_stmt(u->db, sqls[i])))
			return LU_ERR;
		db_bind_text(st, 1, h->old_value);
		db_bind_int64(st, 2, h->task_id);
		if (i == 0) {
			db_bind_text(st, 3, u->user);
			db_bind_int64(st, 4, u->now);
		}
		s = db_run(u->db, st, "restoring a task");
	}
	char *json = NULL, *title = NULL;
	if (s == LU_OK)
		s = db_task_json(u->db, h->task_id, &json, &title);
	if (s == LU_OK)
		s = db_hist_add(u->db, u->change_id, h->task_id, u->user, u->now, "created", NULL,
				title, 0, h->change_id, 0);
	free(json);
	free(title);
	return s;
}

static enum lu_status revert_note(struct undo *u, const struct db_hist *h, long long note_id)
{
	static const struct db_sql sql = {"DELETE FROM notes WHERE id = ?1 AND task_id = ?2"};
	struct db_stmt *st = db_stmt(u->db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, note_id);
	db_bind_int64(st, 2, h->task_id);
	enum lu_status s = db_run(u->db, st, "removing a note");
	if (s == LU_OK && db_changes(u->db) == 0)
		return lu_error(LU_CONFLICT, "cannot undo: the note on task %lld is gone", h->task_id);
	if (s == LU_OK)
		s = db_hist_add(u->db, u->change_id, h->task_id, u->user, u->now, "note",
				h->new_value, NULL, note_id, h->change_id, 0);
	return s;
}

static enum lu_status revert_row(struct undo *u, const struct db_hist *h, long long note_id)
{
	if (strcmp(h->field, "created") == 0)
		return revert_create(u, h);
	if (strcmp(h->field, "deleted") == 0)
		return revert_delete(u, h);
	if (strcmp(h->field, "note") == 0)
		return revert_note(u, h, note_id);
	if (db_duban_field(h->field))
		return db_duban_revert(u->db, h, note_id, u->change_id, u->user, u->now);
	int f = db_field_parse(h->field);
	if (f < 0)
		return lu_error(LU_ERR, "cannot undo a change of \"%s\"", h->field);
	return revert_field(u, h, f);
}

/* Revert one row and log what it did to the task: undoing an add deletes
 * it (logged while it is still there to say where it was), undoing a
 * delete brings it back. */
static enum lu_status revert(struct undo *u, const struct db_hist *h, long long note_id)
{
	int created = strcmp(h->field, "created") == 0;
	enum db_log_kind kind = created			     ? DB_LOG_DELETE
				: strcmp(h->field, "deleted") == 0 ? DB_LOG_ADD
				: strcmp(h->field, "note") == 0    ? DB_LOG_NOTE
				: strcmp(h->field, "setting") == 0 ? DB_LOG_STRUCTURE
								   : DB_LOG_TASK;
	enum lu_status s = created ? db_log(u->db, kind, 0, 0, h->task_id) : LU_OK;
	if (s == LU_OK)
		s = revert_row(u, h, note_id);
	if (s == LU_OK && !created)
		s = db_log(u->db, kind, 0, 0, h->task_id);
	return s;
}

/* The user's newest change group that is not undone, not an undo itself
 * and not written by an import. */
static enum lu_status newest_change(struct undo *u, long long *cid)
{
	static const struct db_sql sql = {"SELECT change_id FROM history WHERE who = ?1"
					  " AND undo_of IS NULL AND auto = 0 AND undone = 0"
					  " ORDER BY change_id DESC LIMIT 1"};
	struct db_stmt *st = db_stmt(u->db, &sql);
	*cid = 0;
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, u->user);
	enum lu_status s = db_stmt_int64(u->db, st, "looking for your last change", cid);
	if (s == LU_OK && !*cid)
		s = lu_error(LU_NOTFOUND, "nothing to undo: %s has no change left to undo", u->user);
	return s;
}

/* A history row with the note it names (for reverting a note). */
struct undo_row {
	struct db_hist h;
	long long note_id;
};

static int undo_row_read(struct db_stmt *st, void *item, void *ctx)
{
	struct undo_row *r = item;
	(void)ctx;
	db_hist_read(st, &r->h);
	r->note_id = db_col_int64(st, 10);
	return 1;
}

static void undo_row_drop(void *item)
{
	db_hist_clear(&((struct undo_row *)item)->h);
}

/* Rows of a change group, newest first (reverted in that order). */
static enum lu_status change_rows(struct undo *u, long long cid, struct db_hist **h,
				  long long **note_ids, size_t *n)
{
	static const struct db_sql sql = {"SELECT " DB_HIST_COLUMNS ", h.note_id FROM history h"
					  " WHERE h.change_id = ?1 ORDER BY h.id DESC",
					  "SELECT " DB_HIST_COLUMNS_PG ", h.note_id FROM history h"
					  " WHERE h.change_id = ?1 ORDER BY h.id DESC"};
	static const struct db_rows how = {sizeof(struct undo_row), undo_row_read, undo_row_drop,
					   NULL};
	struct db_stmt *st = db_stmt(u->db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, cid);
	void *items = NULL;
	enum lu_status s = db_collect(u->db, st, &how, "reading history", &items, n);
	struct undo_row *rows = items;
	if (*n) {
		*h = xreallocarray(NULL, *n, sizeof **h);
		*note_ids = xreallocarray(NULL, *n, sizeof **note_ids);
	}
	for (size_t i = 0; i < *n; i++) {
		(*h)[i] = rows[i].h;
		(*note_ids)[i] = rows[i].note_id;
	}
	free(rows);
	return s;
}

static enum lu_status mark_undone(struct undo *u, long long cid)
{
	static const struct db_sql sql = {"UPDATE history SET undone = 1 WHERE change_id = ?1"};
	struct db_stmt *st = db_stmt(u->db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, cid);
	return db_run(u->db, st, "recording the undo");
}

/* An attempt starts afresh: what an earlier one read is dropped. */
static enum lu_status undo_tx(struct db *db, void *ctx)
{
	struct undo *u = ctx;
	struct db_hist **h = &u->rows;
	size_t *n = &u->nrows;
	db_hist_free(*h, *n);
	*h = NULL;
	*n = 0;
	long long cid = 0, *note_ids = NULL;
	enum lu_status s = newest_change(u, &cid);
	if (s == LU_OK)
		s = change_rows(u, cid, h, &note_ids, n);
	if (s == LU_OK)
		s = db_next_change(u->db, &u->change_id);
	for (size_t i = 0; i < *n && s == LU_OK; i++)
		s = revert(u, &(*h)[i], note_ids[i]);
	if (s == LU_OK)
		s = mark_undone(u, cid);
	for (size_t i = 0; i < *n; i++)
		(*h)[i].undone = 1;
	free(note_ids);
	return s;
}

enum lu_status db_undo(struct db *db, const char *user, struct db_hist **undone, size_t *n)
{
	struct undo u = {.db = db, .user = db_who(db, user), .now = lu_now()};
	enum lu_status s = db_write(db, undo_tx, &u);
	struct db_hist *h = u.rows;
	size_t nh = u.nrows;
	if (s != LU_OK || !undone) {
		db_hist_free(h, nh);
		h = NULL;
		nh = 0;
	}
	if (undone)
		*undone = h;
	if (n)
		*n = nh;
	return s;
}
