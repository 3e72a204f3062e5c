/* db_import.c - store a parsed document in one transaction: the
 * document row, its nodes in preorder, proposed tasks; and --replace,
 * which swaps in a revised text while keeping the work people recorded. */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/extract.h"
#include "luoshi/sha256.h"

/* A node of the version being replaced, matched by content hash. */
struct old_node {
	char chash[65];
	long long id;
	int used;
};

struct import {
	struct db *db;
	const char *user;
	long long now, doc_id, change_id;
	int flags, pos;
	struct db_import_result *res;
	struct old_node *old; /* sorted by chash; NULL for a plain import */
	size_t nold;
};

static int old_cmp(const void *a, const void *b)
{
	const struct old_node *x = a, *y = b;
	int c = strcmp(x->chash, y->chash);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* The first unused old node with this content, in document order. */
static struct old_node *old_match(struct import *im, const char *chash)
{
	size_t lo = 0, hi = im->nold;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(im->old[mid].chash, chash) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < im->nold && strcmp(im->old[lo].chash, chash) == 0; lo++)
		if (!im->old[lo].used)
			return &im->old[lo];
	return NULL;
}

static void node_hash(const struct pnode *pn, char out[65])
{
	struct sbuf b = SBUF_INIT;
	/* \x1f cannot occur in our text fields' meaning; it keeps "a"+"bc"
	 * apart from "ab"+"c". */
	sbuf_addf(&b, "%s\x1f%s\x1f%s", pn->label ? pn->label : "", pn->heading ? pn->heading : "",
		  pn->body ? pn->body : "");
	sha256_hex(b.s, b.len, out);
	sbuf_free(&b);
}

/* ---- tasks ---- */

static enum lu_status task_insert(struct import *im, long long node_id, int pos,
				  const struct ptask *pt)
{
	static const char sql[] =
		"INSERT INTO tasks (node_id, pos, title, text, recurrence, created_by, created_at,"
		" updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)";
	const char *title = pt->title && *pt->title ? pt->title : pt->text;
	if (!title || !*title)
		return LU_OK; /* nothing to call it by: not a task */
	sqlite3_stmt *st = db_stmt(im->db, sql);
	if (!st)
		return LU_ERR;
	sqlite3_bind_int64(st, 1, node_id);
	sqlite3_bind_int(st, 2, pos);
	db_bind_text(st, 3, title);
	db_bind_opt(st, 4, pt->text);
	db_bind_text(st, 5, db_recur_name((int)pt->recur));
	db_bind_text(st, 6, im->user);
	sqlite3_bind_int64(st, 7, im->now);
	enum lu_status s = db_run(im->db, st, "storing a task");
	if (s != LU_OK)
		return s;
	im->res->ntasks++;
	return db_hist_add(im->db, im->change_id, sqlite3_last_insert_rowid(im->db->h), im->user,
			   im->now, "created", NULL, title, 0, 0, 1);
}

/* Tasks are proposed on leaves (the measures), never on a closing or an
 * attachment. A leaf without a body is a bare heading: propose from it. */
static enum lu_status propose_tasks(struct import *im, const struct pnode *pn, long long node_id)
{
	if ((im->flags & DB_IMPORT_NO_TASKS) || pn->nkids || pn->kind == NODE_CLOSING ||
	    pn->kind == NODE_ATTACHMENT)
		return LU_OK;
	const char *src = pn->body && *pn->body ? pn->body : pn->heading;
	if (!src || !*src)
		return LU_OK;
	struct ptask *pt = NULL;
	size_t n = extract_tasks(src, &pt);
	enum lu_status st = LU_OK;
	for (size_t i = 0; i < n && st == LU_OK; i++)
		st = task_insert(im, node_id, (int)i, &pt[i]);
	ptasks_free(pt, n);
	return st;
}

/* An unchanged node of the old version hands its tasks (status, notes,
 * history and all) to its new copy. */
static enum lu_status take_over_tasks(struct import *im, long long from, long long to)
{
	static const char sql[] = "UPDATE tasks SET node_id = ?2 WHERE node_id = ?1";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	if (!st)
		return LU_ERR;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	enum lu_status s = db_run(im->db, st, "keeping tasks");
	if (s == LU_OK)
		im->res->kept += sqlite3_changes(im->db->h);
	return s;
}

/* ---- nodes ---- */

static enum lu_status node_insert(struct import *im, const struct pnode *pn, long long parent,
				  long long top, const char *chash, long long *id)
{
	static const char sql[] =
		"INSERT INTO nodes (doc_id, parent_id, top_id, kind, level, pos, label, heading,"
		" body, chash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	if (!st)
		return LU_ERR;
	sqlite3_bind_int64(st, 1, im->doc_id);
	db_bind_id(st, 2, parent);
	db_bind_id(st, 3, top);
	db_bind_text(st, 4, db_kind_name((int)pn->kind)); /* NULL: refused by NOT NULL */
	sqlite3_bind_int(st, 5, pn->level);
	sqlite3_bind_int(st, 6, im->pos++);
	db_bind_text(st, 7, pn->label ? pn->label : "");
	db_bind_text(st, 8, pn->heading ? pn->heading : "");
	db_bind_text(st, 9, pn->body ? pn->body : "");
	db_bind_text(st, 10, chash);
	enum lu_status s = db_run(im->db, st, "storing the document structure");
	*id = sqlite3_last_insert_rowid(im->db->h);
	if (s == LU_OK)
		im->res->nnodes++;
	return s;
}

/* Insert pn and its subtree in preorder (pos is document order). */
static enum lu_status import_node(struct import *im, const struct pnode *pn, long long parent,
				  long long top)
{
	char chash[65];
	long long id = 0;
	node_hash(pn, chash);
	enum lu_status st = node_insert(im, pn, parent, top, chash, &id);
	if (st != LU_OK)
		return st;
	struct old_node *old = im->old ? old_match(im, chash) : NULL;
	if (old) {
		old->used = 1;
		st = take_over_tasks(im, old->id, id);
	} else {
		st = propose_tasks(im, pn, id);
	}
	for (size_t i = 0; i < pn->nkids && st == LU_OK; i++)
		st = import_node(im, &pn->kids[i], id, top ? top : id);
	return st;
}

/* ---- the document row ---- */

static void bind_doc(sqlite3_stmt *st, const struct pdoc *doc, const char *encoding,
		     const char *hash, const char *filename)
{
	db_bind_text(st, 1, doc->title ? doc->title : "");
	const char *f[] = {doc->issuer, doc->number, doc->date, doc->source, doc->recipients,
			   doc->note, encoding, doc->preamble, doc->closing};
	for (int i = 0; i < (int)ARRAY_SIZE(f); i++)
		db_bind_opt(st, i + 2, f[i]);
	db_bind_text(st, 11, hash);
	db_bind_opt(st, 12, filename);
}

static enum lu_status doc_insert(struct import *im, const struct pdoc *doc, const char *encoding,
				 const char *hash, const char *filename, const char *text,
				 size_t len)
{
	static const char sql[] =
		"INSERT INTO documents (title, issuer, number, date, source, recipients, note,"
		" encoding, preamble, closing, hash, filename, raw, imported_by, imported_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	if (!st)
		return LU_ERR;
	bind_doc(st, doc, encoding, hash, filename);
	sqlite3_bind_text64(st, 13, text ? text : "", text ? len : 0, SQLITE_STATIC, SQLITE_UTF8);
	db_bind_text(st, 14, im->user);
	sqlite3_bind_int64(st, 15, im->now);
	enum lu_status s = db_run(im->db, st, "storing the document");
	im->doc_id = sqlite3_last_insert_rowid(im->db->h);
	return s;
}

static enum lu_status doc_update(struct import *im, const struct pdoc *doc, const char *encoding,
				 const char *hash, const char *filename, const char *text,
				 size_t len)
{
	static const char sql[] =
		"UPDATE documents SET title = ?1, issuer = ?2, number = ?3, date = ?4, source = ?5,"
		" recipients = ?6, note = ?7, encoding = ?8, preamble = ?9, closing = ?10,"
		" hash = ?11, filename = ?12, raw = ?13, imported_by = ?14, imported_at = ?15,"
		" attachments = '[]' WHERE id = ?16";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	if (!st)
		return LU_ERR;
	bind_doc(st, doc, encoding, hash, filename);
	sqlite3_bind_text64(st, 13, text ? text : "", text ? len : 0, SQLITE_STATIC, SQLITE_UTF8);
	db_bind_text(st, 14, im->user);
	sqlite3_bind_int64(st, 15, im->now);
	sqlite3_bind_int64(st, 16, im->doc_id);
	return db_run(im->db, st, "storing the document");
}

static enum lu_status doc_attachments(struct import *im, const struct pdoc *doc)
{
	static const char sql[] = "UPDATE documents SET attachments ="
				  " json_insert(attachments, '$[#]', ?2) WHERE id = ?1";
	enum lu_status s = LU_OK;
	for (size_t i = 0; i < doc->nattachments && s == LU_OK; i++) {
		sqlite3_stmt *st = db_stmt(im->db, sql);
		if (!st)
			return LU_ERR;
		sqlite3_bind_int64(st, 1, im->doc_id);
		db_bind_text(st, 2, doc->attachments[i] ? doc->attachments[i] : "");
		s = db_run(im->db, st, "storing the attachments list");
	}
	return s;
}

/* id of a document with this content hash, or 0. */
static enum lu_status find_one(struct db *db, const char *sql, const char *key, long long *id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	enum lu_status s = db_check(db, st, rc, "looking for the document");
	sqlite3_reset(st);
	return s;
}

/* ---- --replace ---- */

static enum lu_status load_old_nodes(struct import *im)
{
	static const char sql[] = "SELECT id, chash FROM nodes WHERE doc_id = ?1 ORDER BY pos";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	if (!st)
		return LU_ERR;
	sqlite3_bind_int64(st, 1, im->doc_id);
	size_t cap = 0;
	int rc;
	im->old = xmalloc(sizeof *im->old);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (im->nold == cap) {
			cap = cap ? cap * 2 : 64;
			im->old = xreallocarray(im->old, cap, sizeof *im->old);
		}
		struct old_node *o = &im->old[im->nold++];
		o->id = sqlite3_column_int64(st, 0);
		snprintf(o->chash, sizeof o->chash, "%s", (const char *)sqlite3_column_text(st, 1));
		o->used = 0;
	}
	enum lu_status s = db_check(im->db, st, rc, "reading the previous version");
	sqlite3_reset(st);
	qsort(im->old, im->nold, sizeof *im->old, old_cmp);
	return s;
}

/* Where a task of a changed node goes: the new node with the same label
 * and level, else the new version's first top-level node. */
static enum lu_status new_home(struct import *im, long long old_node, long long *home)
{
	static const char sql[] =
		"SELECT coalesce("
		" (SELECT n.id FROM nodes n, nodes o WHERE o.id = ?2 AND n.doc_id = ?1"
		"  AND n.id > ?3 AND o.label <> '' AND n.label = o.label AND n.level = o.level"
		"  ORDER BY n.pos LIMIT 1),"
		" (SELECT n.id FROM nodes n WHERE n.doc_id = ?1 AND n.id > ?3"
		"  AND n.parent_id IS NULL ORDER BY n.pos LIMIT 1))";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	if (!st)
		return LU_ERR;
	long long max_old = 0;
	for (size_t i = 0; i < im->nold; i++)
		max_old = im->old[i].id > max_old ? im->old[i].id : max_old;
	sqlite3_bind_int64(st, 1, im->doc_id);
	sqlite3_bind_int64(st, 2, old_node);
	sqlite3_bind_int64(st, 3, max_old);
	int rc = sqlite3_step(st);
	*home = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	enum lu_status s = db_check(im->db, st, rc, "placing kept tasks");
	sqlite3_reset(st);
	return s;
}

/* Tasks of an old node that changed: proposals nobody touched go (the new
 * text got fresh ones); tasks carrying work (a status, notes, edits) move. */
static enum lu_status settle_old_node(struct import *im, long long old_node)
{
	static const char move[] =
		"UPDATE tasks SET node_id = ?2,"
		" pos = pos + 1 + (SELECT coalesce(max(x.pos), -1) FROM tasks x WHERE x.node_id = ?2)"
		" WHERE node_id = ?1 AND (status <> 'todo'"
		"  OR EXISTS (SELECT 1 FROM notes o WHERE o.task_id = tasks.id)"
		"  OR EXISTS (SELECT 1 FROM history h WHERE h.task_id = tasks.id AND h.auto = 0))";
	static const char drop[] = "DELETE FROM tasks WHERE node_id = ?1";
	long long home = 0;
	enum lu_status s = new_home(im, old_node, &home);
	sqlite3_stmt *st = s == LU_OK ? db_stmt(im->db, move) : NULL;
	if (!st)
		return LU_ERR;
	sqlite3_bind_int64(st, 1, old_node);
	db_bind_id(st, 2, home);
	s = db_run(im->db, st, "keeping tasks");
	if (s != LU_OK && !home)
		return lu_error(LU_ERR, "the new version has no structure to keep the tasks"
				" people worked on; nothing was changed");
	if (s != LU_OK)
		return s;
	int moved = sqlite3_changes(im->db->h);
	im->res->kept += moved;
	im->res->moved += moved;
	if (!(st = db_stmt(im->db, drop)))
		return LU_ERR;
	sqlite3_bind_int64(st, 1, old_node);
	return db_run(im->db, st, "removing replaced proposals");
}

static enum lu_status drop_old_nodes(struct import *im)
{
	static const char sql[] = "DELETE FROM nodes WHERE doc_id = ?1 AND id <= ?2";
	long long max_old = 0;
	enum lu_status s = LU_OK;
	for (size_t i = 0; i < im->nold && s == LU_OK; i++) {
		max_old = im->old[i].id > max_old ? im->old[i].id : max_old;
		if (!im->old[i].used)
			s = settle_old_node(im, im->old[i].id);
	}
	sqlite3_stmt *st = s == LU_OK ? db_stmt(im->db, sql) : NULL;
	if (!st)
		return LU_ERR;
	sqlite3_bind_int64(st, 1, im->doc_id);
	sqlite3_bind_int64(st, 2, max_old);
	/* tasks.node_id has no cascade: a task we failed to place makes this
	 * fail and the whole import roll back, never vanish. */
	return db_run(im->db, st, "removing the previous version");
}

/* ---- the whole import ---- */

static enum lu_status import_body(struct import *im, const struct pdoc *doc,
				  const char *encoding, const char *text, size_t len,
				  const char *filename)
{
	char hash[65];
	long long dup = 0;
	sha256_hex(text ? text : "", text ? len : 0, hash);
	enum lu_status st = find_one(im->db, "SELECT id FROM documents WHERE hash = ?1", hash, &dup);
	if (st != LU_OK || dup) {
		im->res->duplicate = dup != 0;
		im->res->doc_id = dup;
		return st;
	}
	if (im->flags & DB_IMPORT_REPLACE) {
		st = find_one(im->db, "SELECT max(id) FROM documents WHERE title = ?1",
			      doc->title ? doc->title : "", &im->doc_id);
		if (st != LU_OK)
			return st;
	}
	if ((st = db_next_change(im->db, &im->change_id)) != LU_OK)
		return st;
	if (im->doc_id) {
		im->res->replaced = 1;
		st = load_old_nodes(im);
		if (st == LU_OK)
			st = doc_update(im, doc, encoding, hash, filename, text, len);
	} else {
		st = doc_insert(im, doc, encoding, hash, filename, text, len);
	}
	if (st == LU_OK)
		st = doc_attachments(im, doc);
	for (size_t i = 0; i < doc->nnodes && st == LU_OK; i++)
		st = import_node(im, &doc->nodes[i], 0, 0);
	if (st == LU_OK && im->old)
		st = drop_old_nodes(im);
	im->res->doc_id = im->doc_id;
	return st;
}

enum lu_status db_import(struct db *db, const struct pdoc *doc, const char *encoding,
			 const char *text, size_t len, const char *filename, int flags,
			 const char *user, struct db_import_result *res)
{
	memset(res, 0, sizeof *res);
	struct import im = {
		.db = db, .user = user ? user : lu_username(), .now = lu_now(),
		.flags = flags, .res = res,
	};
	enum lu_status st = db_begin(db);
	if (st == LU_OK)
		st = db_end(db, import_body(&im, doc, encoding, text, len, filename));
	free(im.old);
	if (st != LU_OK)
		memset(res, 0, sizeof *res);
	return st;
}
