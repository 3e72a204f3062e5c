/* db_doc.c - documents, their structure with task counts, reading
 * positions and the dashboard figures. */
#include "config.h"
#include "luoshi/db.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"

/* ---- documents ---- */

#define DOC_COLUMNS \
	"d.id, d.title, d.issuer, d.number, d.date, d.source, d.recipients, d.note," \
	" d.encoding, d.preamble, d.closing, d.hash, d.filename, d.imported_by," \
	" d.imported_at, (SELECT count(*) FROM nodes x WHERE x.doc_id = d.id)," \
	" d.wrapped, d.signer, d.copy_no, d.secrecy, d.urgency, d.cc, d.printer, d.print_date"

/* Task counts per document, read from the counts the store keeps
 * (doc_counts, schema 7): a few rows per document and lead unit, however
 * many tasks. ?1 = today; a task counted under a due date can be late
 * (see COUNT_DUE in db_schema.c). Same numbers as counting the tasks. */
#define SUM_IF(c) "sum(CASE WHEN " c " THEN c.n ELSE 0 END)"
#define ROLLUP_SUMS \
	"sum(c.n), " SUM_IF("c.status <> 'dropped'") "," \
	" " SUM_IF("c.status IN ('done','closed','ongoing')") "," \
	" " SUM_IF("c.due <> '' AND c.due < ?1")
#define DOC_COUNTS "SELECT c.doc_id, " ROLLUP_SUMS " FROM doc_counts c"

static void doc_read(struct db_stmt *st, struct db_doc *d)
{
	memset(d, 0, sizeof *d);
	d->id = db_col_int64(st, 0);
	char **f[] = {&d->title, &d->issuer, &d->number, &d->date, &d->source,
		      &d->recipients, &d->note, &d->encoding, &d->preamble, &d->closing,
		      &d->hash, &d->filename, &d->imported_by};
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		*f[i] = db_col_dup(st, (int)i + 1);
	if (!d->title)
		d->title = xstrdup("");
	d->imported_at = db_col_int64(st, 14);
	d->nnodes = db_col_int(st, 15);
	char **g[] = {&d->wrapped, &d->signer, &d->copy_no, &d->secrecy, &d->urgency,
		      &d->cc, &d->printer, &d->print_date};
	for (size_t i = 0; i < ARRAY_SIZE(g); i++)
		*g[i] = db_col_dup(st, (int)i + 16);
}

static void doc_counts_read(struct db_stmt *st, struct db_doc *d)
{
	d->ntasks = db_col_int(st, 1);
	d->nactive = db_col_int(st, 2);
	d->ncomplete = db_col_int(st, 3);
	d->noverdue = db_col_int(st, 4);
}

static void head_counts_read(struct db_stmt *st, struct db_doc_head *h)
{
	h->ntasks = db_col_int(st, 1);
	h->nactive = db_col_int(st, 2);
	h->ncomplete = db_col_int(st, 3);
	h->noverdue = db_col_int(st, 4);
}

/* The item of id in items (n of size bytes, in order of id, the id their
 * first member: struct db_doc and struct db_doc_head): a binary search,
 * since a scan for each counts row was quadratic in the documents. */
static void *doc_find(void *items, size_t n, size_t size, long long id)
{
	_Static_assert(offsetof(struct db_doc, id) == 0, "id first");
	_Static_assert(offsetof(struct db_doc_head, id) == 0, "id first");
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const long long *at = (const void *)((char *)items + mid * size);
		if (*at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	char *at = (char *)items + lo * size;
	return lo < n && *(const long long *)(const void *)at == id ? at : NULL;
}

static void doc_add_attachment(struct db_doc *d, struct db_stmt *st, int col)
{
	d->attachments = xreallocarray(d->attachments, d->nattachments + 1, sizeof(char *));
	d->attachments[d->nattachments++] = db_col_dup0(st, col);
}

static int doc_row(struct db_stmt *st, void *item, void *ctx)
{
	(void)ctx;
	doc_read(st, item);
	return 1;
}

static void doc_drop(void *item)
{
	db_doc_free(item);
}

static enum lu_status docs_rows(struct db *db, struct db_doc **out, size_t *n)
{
	static const struct db_sql sql = {"SELECT " DOC_COLUMNS " FROM documents d ORDER BY d.id"};
	static const struct db_rows how = {sizeof **out, doc_row, doc_drop, NULL};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	void *items = *out;
	enum lu_status s = db_collect(db, st, &how, "reading documents", &items, n);
	*out = items;
	return s;
}

/* The counts into items (struct db_doc or, heads set, struct
 * db_doc_head), n of them in order of id: every document's for a whole
 * list of documents, those from the first head's id to the last one's for
 * heads (a page, or the whole list), so that a page costs its own count
 * rows. */
static enum lu_status docs_counts(struct db *db, void *items, size_t n, int heads)
{
	static const struct db_sql all = {DOC_COUNTS " GROUP BY c.doc_id"};
	static const struct db_sql range = {
		DOC_COUNTS " WHERE c.doc_id BETWEEN ?2 AND ?3 GROUP BY c.doc_id"};
	if (n == 0)
		return LU_OK;
	struct db_stmt *st = db_stmt(db, heads ? &range : &all);
	if (!st)
		return LU_ERR;
	char today[11];
	lu_today(today);
	db_bind_text(st, 1, today);
	if (heads) {
		const struct db_doc_head *h = items;
		db_bind_int64(st, 2, h[0].id);
		db_bind_int64(st, 3, h[n - 1].id);
	}
	size_t size = heads ? sizeof(struct db_doc_head) : sizeof(struct db_doc);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		void *doc = doc_find(items, n, size, db_col_int64(st, 0));
		if (doc && heads)
			head_counts_read(st, doc);
		else if (doc)
			doc_counts_read(st, doc);
	}
	enum lu_status s = db_check(db, st, rc, "counting tasks");
	db_reset(st);
	return s;
}

static enum lu_status docs_attachments(struct db *db, struct db_doc *d, size_t n)
{
	static const struct db_sql sql = {
		"SELECT d.id, j.value FROM documents d, json_each(d.attachments) j"
		" ORDER BY d.id, j.key",
		"SELECT d.id, j.value FROM documents d,"
		" jsonb_array_elements_text(d.attachments::jsonb) WITH ORDINALITY j(value, key)"
		" ORDER BY d.id, j.key"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct db_doc *doc = doc_find(d, n, sizeof *d, db_col_int64(st, 0));
		if (doc)
			doc_add_attachment(doc, st, 1);
	}
	enum lu_status s = db_check(db, st, rc, "reading attachments");
	db_reset(st);
	return s;
}

enum lu_status db_docs(struct db *db, struct db_doc **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	enum lu_status st = docs_rows(db, out, n);
	if (st == LU_OK)
		st = docs_counts(db, *out, *n, 0);
	if (st == LU_OK)
		st = docs_attachments(db, *out, *n);
	if (st != LU_OK) {
		db_docs_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

/* a row of db_doc_list: the columns of the index documents_list */
static int head_row(struct db_stmt *st, void *item, void *ctx)
{
	(void)ctx;
	struct db_doc_head *h = item;
	memset(h, 0, sizeof *h);
	h->id = db_col_int64(st, 0);
	h->title = db_col_dup0(st, 1);
	h->date = db_col_dup(st, 2);
	return 1;
}

static void head_drop(void *item)
{
	db_doc_head_free(item);
}

enum lu_status db_doc_list(struct db *db, int counts, struct db_doc_head **out, size_t *n)
{
	static const struct db_sql sql = {"SELECT d.id, d.title, d.date FROM documents d ORDER BY d.id"};
	static const struct db_rows how = {sizeof **out, head_row, head_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, "reading documents", &items, n);
	*out = items;
	if (s == LU_OK && counts)
		s = docs_counts(db, *out, *n, 1);
	if (s != LU_OK) {
		db_doc_heads_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}

/* Keyed on the id (the order of documents_list, whose columns are all
 * a head needs): a page costs its own rows however many documents there
 * are. A page before the key is read backwards and turned round. */
enum lu_status db_doc_page(struct db *db, long long from, enum db_page_dir dir, size_t limit,
			   struct db_doc_head **out, size_t *n)
{
	static const struct db_sql after = {
		"SELECT d.id, d.title, d.date FROM documents d WHERE d.id > ?1 ORDER BY d.id LIMIT ?2"};
	static const struct db_sql before = {
		"SELECT d.id, d.title, d.date FROM documents d WHERE d.id < ?1"
		" ORDER BY d.id DESC LIMIT ?2"};
	static const struct db_rows how = {sizeof **out, head_row, head_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, dir == DB_PAGE_AFTER ? &after : &before);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, from);
	db_bind_int64(st, 2, limit > LLONG_MAX ? LLONG_MAX : (long long)limit);
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, "reading documents", &items, n);
	*out = items;
	for (size_t i = 0; dir == DB_PAGE_BEFORE && i < *n / 2; i++) {
		struct db_doc_head t = (*out)[i];
		(*out)[i] = (*out)[*n - 1 - i];
		(*out)[*n - 1 - i] = t;
	}
	return s;
}

enum lu_status db_doc_heads_counts(struct db *db, struct db_doc_head *h, size_t n)
{
	return docs_counts(db, h, n, 1);
}

enum lu_status db_doc_count(struct db *db, size_t *n)
{
	static const struct db_sql sql = {"SELECT n FROM doc_total", "SELECT count(*) FROM documents"};
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*n = (size_t)db_col_int64(st, 0);
	enum lu_status s = db_check(db, st, rc, "counting documents");
	db_reset(st);
	return s;
}

void db_doc_head_free(struct db_doc_head *h)
{
	free(h->title);
	free(h->date);
	memset(h, 0, sizeof *h);
}

void db_doc_heads_free(struct db_doc_head *h, size_t n)
{
	for (size_t i = 0; h && i < n; i++)
		db_doc_head_free(&h[i]);
	free(h);
}

static enum lu_status doc_get_extras(struct db *db, struct db_doc *d)
{
	static const struct db_sql counts = {DOC_COUNTS " WHERE c.doc_id = ?2 GROUP BY c.doc_id"};
	static const struct db_sql atts = {
		"SELECT j.value FROM documents d, json_each(d.attachments) j"
		" WHERE d.id = ?1 ORDER BY j.key",
		"SELECT j.value FROM documents d,"
		" jsonb_array_elements_text(d.attachments::jsonb) WITH ORDINALITY j(value, key)"
		" WHERE d.id = ?1 ORDER BY j.key"};
	struct db_stmt *st = db_stmt(db, &counts);
	if (!st)
		return LU_ERR;
	char today[11];
	lu_today(today);
	db_bind_text(st, 1, today);
	db_bind_int64(st, 2, d->id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		doc_counts_read(st, d);
	enum lu_status s = db_check(db, st, rc, "counting tasks");
	db_reset(st);
	if (s != LU_OK || !(st = db_stmt(db, &atts)))
		return LU_ERR;
	db_bind_int64(st, 1, d->id);
	while ((rc = db_step(st)) == DB_ROW)
		doc_add_attachment(d, st, 0);
	s = db_check(db, st, rc, "reading attachments");
	db_reset(st);
	return s;
}

enum lu_status db_doc_get(struct db *db, long long id, struct db_doc *out)
{
	static const struct db_sql sql = {"SELECT " DOC_COLUMNS " FROM documents d WHERE d.id = ?1"};
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		enum lu_status s = db_check(db, st, rc, "reading a document");
		db_reset(st);
		return s != LU_OK ? s : lu_error(LU_NOTFOUND, "there is no document %lld", id);
	}
	doc_read(st, out);
	db_reset(st);
	enum lu_status s = doc_get_extras(db, out);
	if (s != LU_OK)
		db_doc_free(out);
	return s;
}

void db_doc_free(struct db_doc *d)
{
	if (!d)
		return;
	char *f[] = {d->title,   d->issuer,   d->number,   d->date,     d->source,
		     d->recipients, d->note, d->encoding, d->preamble, d->closing,
		     d->hash,    d->filename, d->imported_by, d->wrapped, d->signer,
		     d->copy_no, d->secrecy,  d->urgency,  d->cc,       d->printer,
		     d->print_date};
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		free(f[i]);
	for (size_t i = 0; i < d->nattachments; i++)
		free(d->attachments[i]);
	free(d->attachments);
	memset(d, 0, sizeof *d);
}

void db_docs_free(struct db_doc *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_doc_free(&d[i]);
	free(d);
}

/* ---- structure ---- */

#define NODE_COLUMNS \
	"n.id, n.doc_id, n.parent_id, n.kind, n.level, n.pos, n.label, " DB_NODE_NAME("n") ", n.body"

static void node_read(struct db_stmt *st, struct db_node *nd)
{
	memset(nd, 0, sizeof *nd);
	nd->id = db_col_int64(st, 0);
	nd->doc_id = db_col_int64(st, 1);
	nd->parent_id = db_col_int64(st, 2);
	int k = db_kind_parse(db_col_text(st, 3));
	nd->kind = k < 0 ? NODE_PARAGRAPH : (enum node_kind)k;
	nd->level = db_col_int(st, 4);
	nd->pos = db_col_int(st, 5);
	nd->label = db_col_dup0(st, 6);
	nd->heading = db_col_dup0(st, 7);
	nd->body = db_col_dup0(st, 8);
}

struct node_ix {
	long long id;
	size_t ix;
};

static int node_ix_cmp(const void *a, const void *b)
{
	long long x = ((const struct node_ix *)a)->id, y = ((const struct node_ix *)b)->id;
	return (x > y) - (x < y);
}

static long long node_lookup(const struct node_ix *map, size_t n, long long id)
{
	struct node_ix key = {id, 0};
	const struct node_ix *hit = bsearch(&key, map, n, sizeof *map, node_ix_cmp);
	return hit ? (long long)hit->ix : -1;
}

/* Task counts of each node itself, from the counts the store keeps
 * (node_counts: a row per node and status). */
static enum lu_status nodes_own_counts(struct db *db, long long doc_id, struct db_node *nd,
				       const struct node_ix *map, size_t n)
{
#define OWN_COUNTS(D) \
	"SELECT c.node_id, c.n, CASE WHEN c.status <> 'dropped' THEN 1 ELSE 0 END," \
	" CASE WHEN c.status IN ('done','closed','ongoing') THEN 1 ELSE 0 END" \
	" FROM nodes x" D##_JOIN_FIRST "node_counts c ON c.node_id = x.id WHERE x.doc_id = ?1"
	static const struct db_sql sql = {OWN_COUNTS(LITE), OWN_COUNTS(PG)};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, doc_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		long long i = node_lookup(map, n, db_col_int64(st, 0));
		if (i < 0)
			continue;
		int k = db_col_int(st, 1);
		nd[i].ntasks += k;
		nd[i].nactive += db_col_int(st, 2) ? k : 0;
		nd[i].ncomplete += db_col_int(st, 3) ? k : 0;
	}
	enum lu_status s = db_check(db, st, rc, "counting tasks");
	db_reset(st);
	return s;
}

/* Nodes come in preorder, so every descendant follows its ancestor:
 * walking backwards folds each finished subtree into its parent. */
static void nodes_fold(struct db_node *nd, const struct node_ix *map, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		long long p = nd[i].parent_id ? node_lookup(map, n, nd[i].parent_id) : -1;
		if (p < 0)
			continue;
		nd[p].nkids++;
		nd[p].ntasks += nd[i].ntasks;
		nd[p].nactive += nd[i].nactive;
		nd[p].ncomplete += nd[i].ncomplete;
	}
}

static int node_row(struct db_stmt *st, void *item, void *ctx)
{
	(void)ctx;
	node_read(st, item);
	return 1;
}

static void node_drop(void *item)
{
	db_node_free(item);
}

static enum lu_status nodes_rows(struct db *db, long long doc_id, struct db_node **out, size_t *n)
{
	static const struct db_sql sql = {"SELECT " NODE_COLUMNS " FROM nodes n WHERE n.doc_id = ?1"
					  " ORDER BY n.pos"};
	static const struct db_rows how = {sizeof **out, node_row, node_drop, NULL};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, doc_id);
	void *items = *out;
	enum lu_status s = db_collect(db, st, &how, "reading the document structure", &items, n);
	*out = items;
	return s;
}

enum lu_status db_nodes(struct db *db, long long doc_id, struct db_node **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	enum lu_status st = nodes_rows(db, doc_id, out, n);
	struct node_ix *map = xreallocarray(NULL, *n ? *n : 1, sizeof *map);
	for (size_t i = 0; i < *n; i++)
		map[i] = (struct node_ix){(*out)[i].id, i};
	qsort(map, *n, sizeof *map, node_ix_cmp);
	if (st == LU_OK)
		st = nodes_own_counts(db, doc_id, *out, map, *n);
	if (st == LU_OK)
		nodes_fold(*out, map, *n);
	free(map);
	if (st != LU_OK) {
		db_nodes_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

enum lu_status db_node_get(struct db *db, long long id, struct db_node *out)
{
#define NODE_GET(D) \
	"WITH RECURSIVE sub(id) AS (SELECT " D##_INT("?1") " UNION ALL" \
	" SELECT c.id FROM nodes c JOIN sub ON c.parent_id = sub.id)" \
	" SELECT " NODE_COLUMNS "," \
	" (SELECT count(*) FROM nodes c WHERE c.parent_id = n.id)," \
	" (SELECT coalesce(sum(c.n), 0) FROM node_counts c WHERE c.node_id" D##_IN_SUB ")," \
	" (SELECT coalesce(sum(c.n), 0) FROM node_counts c WHERE c.node_id" D##_IN_SUB \
	"  AND c.status <> 'dropped')," \
	" (SELECT coalesce(sum(c.n), 0) FROM node_counts c WHERE c.node_id" D##_IN_SUB \
	"  AND c.status IN ('done','closed','ongoing'))" \
	" FROM nodes n WHERE n.id = ?1"
	static const struct db_sql sql = {NODE_GET(LITE), NODE_GET(PG)};
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		node_read(st, out);
		out->nkids = db_col_int(st, 9);
		out->ntasks = db_col_int(st, 10);
		out->nactive = db_col_int(st, 11);
		out->ncomplete = db_col_int(st, 12);
	}
	enum lu_status s = db_check(db, st, rc, "reading a node");
	db_reset(st);
	if (s == LU_OK && rc != DB_ROW)
		s = lu_error(LU_NOTFOUND, "there is no node %lld", id);
	return s;
}

void db_node_free(struct db_node *nd)
{
	if (!nd)
		return;
	free(nd->label);
	free(nd->heading);
	free(nd->body);
	memset(nd, 0, sizeof *nd);
}

void db_nodes_free(struct db_node *nd, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_node_free(&nd[i]);
	free(nd);
}

/* ---- per-user state ---- */

enum lu_status db_readpos_get(struct db *db, const char *user, long long doc_id, long long *pos)
{
	/* "user" is a reserved word in PostgreSQL */
	static const struct db_sql sql = {"SELECT pos FROM readpos WHERE user = ?1 AND doc_id = ?2",
					  "SELECT pos FROM readpos WHERE \"user\" = ?1 AND doc_id = ?2"};
	*pos = 0;
	user = db_who(db, user);
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, user);
	db_bind_int64(st, 2, doc_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*pos = db_col_int64(st, 0);
	enum lu_status s = db_check(db, st, rc, "reading your position");
	db_reset(st);
	return s;
}

enum lu_status db_readpos_set(struct db *db, const char *user, long long doc_id, long long pos)
{
	static const struct db_sql sql = {
		"INSERT INTO readpos (user, doc_id, pos) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (user, doc_id) DO UPDATE SET pos = excluded.pos",
		"INSERT INTO readpos (\"user\", doc_id, pos) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (\"user\", doc_id) DO UPDATE SET pos = excluded.pos"};
	if (db->readonly)
		return db_readonly_error(db);
	user = db_who(db, user);
	/* Every commit makes all other users' screens reload (data_version),
	 * so saving a position that has not moved must not write. */
	long long saved;
	enum lu_status s = db_readpos_get(db, user, doc_id, &saved);
	if (s != LU_OK || saved == pos)
		return s;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, user);
	db_bind_int64(st, 2, doc_id);
	db_bind_int64(st, 3, pos);
	/* One statement: autocommit is its own short transaction. */
	return db_run(db, st, "saving your position");
}

/* ---- dashboard figures ---- */

static int count_row(struct db_stmt *st, void *item, void *ctx)
{
	struct db_count *c = item;
	(void)ctx;
	c->key = db_col_dup0(st, 0);
	c->total = db_col_int(st, 1);
	c->active = db_col_int(st, 2);
	c->complete = db_col_int(st, 3);
	c->overdue = db_col_int(st, 4);
	return 1;
}

static void count_drop(void *item)
{
	free(((struct db_count *)item)->key);
}

/* Each unit's tasks per status, into the rows db_count_units made (few
 * units: a linear match per row is enough), from the kept counts: the
 * tasks themselves were a visit of every task (1 s of the dashboard's
 * start at a million). */
static enum lu_status count_unit_status(struct db *db, long long doc_id, struct db_count *c,
					size_t n)
{
#define UNIT_STATUS(D) \
	"SELECT c.unit, c.status, sum(c.n) FROM doc_counts c" \
	" WHERE (" D##_INT("?1") " IS NULL OR c.doc_id = ?1) GROUP BY 1, 2"
	static const struct db_sql sql = {UNIT_STATUS(LITE), UNIT_STATUS(PG)};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_id(st, 1, doc_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *key = db_col_text(st, 0);
		int s = task_status_parse(db_col_text(st, 1));
		for (size_t i = 0; s >= 0 && i < n; i++)
			if (!strcmp(c[i].key, key ? key : "")) {
				c[i].status[s] = db_col_int(st, 2);
				break;
			}
	}
	enum lu_status s = db_check(db, st, rc, "counting tasks per unit");
	db_reset(st);
	return s;
}

enum lu_status db_count_units(struct db *db, long long doc_id, struct db_count **out, size_t *n)
{
	/* units in code point order, whatever the server's collation */
#define UNIT_COUNTS(D, UNIT) \
	"SELECT c.unit, " ROLLUP_SUMS " FROM doc_counts c" \
	" WHERE (" D##_INT("?2") " IS NULL OR c.doc_id = ?2)" \
	" GROUP BY c.unit ORDER BY 3 DESC, 2 DESC, " UNIT
	static const struct db_sql sql = {UNIT_COUNTS(LITE, "1"),
					  UNIT_COUNTS(PG, "c.unit COLLATE \"C\"")};
	static const struct db_rows how = {sizeof **out, count_row, count_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	char today[11];
	lu_today(today);
	db_bind_text(st, 1, today);
	db_bind_id(st, 2, doc_id);
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, "counting tasks per unit", &items, n);
	*out = items;
	if (s == LU_OK)
		s = count_unit_status(db, doc_id, *out, *n);
	return s;
}

void db_counts_free(struct db_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].key);
	free(c);
}

enum lu_status db_count_status(struct db *db, long long doc_id, int counts[TASK_STATUS_COUNT])
{
#define STATUS_COUNTS(D) \
	"SELECT c.status, sum(c.n) FROM doc_counts c" \
	" WHERE (" D##_INT("?1") " IS NULL OR c.doc_id = ?1) GROUP BY c.status"
	static const struct db_sql sql = {STATUS_COUNTS(LITE), STATUS_COUNTS(PG)};
	memset(counts, 0, sizeof(int) * TASK_STATUS_COUNT);
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_id(st, 1, doc_id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int s = task_status_parse(db_col_text(st, 0));
		if (s >= 0)
			counts[s] = db_col_int(st, 1);
	}
	enum lu_status s = db_check(db, st, rc, "counting tasks per status");
	db_reset(st);
	return s;
}
