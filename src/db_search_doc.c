/* db_search_doc.c - a word that many nodes or tasks hold, found a
 * document at a time (SQLite). The listing is in document order, then
 * place; asking the index for every candidate and sorting them all by
 * place cost 150-180 ms over 1.5 million tasks before the first hit came
 * out. A document's rows were mostly inserted together, so their ids are
 * one short range: the index is asked for the candidates in that range
 * alone (FTS5 seeks in its row lists to a rowid range), and the few are
 * sorted by place. A document whose rows are spread (a task added later
 * takes the highest id) is read whole in place order and each row
 * checked: for a word most rows hold that is what the index would hand
 * back anyway. A word few rows hold keeps the caller's plan, which sorts
 * only those few. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db_search_impl.h"
#include "luoshi/utf8.h"

/* More candidates than this in a kind's index: walk the documents. Below
 * it sorting them all is cheap (a few milliseconds). */
#define MANY_ROWS 5000

/* A word of one character is common when one row in SAMPLE_EVERY of
 * the first SAMPLE holds it. */
#define SAMPLE 1000
#define SAMPLE_EVERY 20

/* A document whose ids span more than this many times its rows, plus some
 * slack, is read whole rather than asked of the index by range. */
#define SPREAD 2

/* Per kind (nodes, tasks): how many candidates, up to MANY_ROWS; one
 * document's id range and row count; its candidates in a range, in place
 * order; and all its rows in place order. SQLite only: PostgreSQL's trigram index keeps
 * the caller's plan. */
struct kind_sql {
	struct db_sql many, range, cands, rows, sample;
};

static const struct kind_sql kind_sqls[] = {
	[DB_HIT_NODE] = {
		{"SELECT count(*) FROM (SELECT 1 FROM nodes_fts WHERE nodes_fts MATCH ?1 LIMIT ?2)",
		 NULL},
		{"SELECT min(id), max(id), count(*) FROM nodes WHERE doc_id = ?1", NULL},
		{NODE_SEL " FROM (SELECT rowid AS id FROM nodes_fts WHERE nodes_fts MATCH ?1"
			   " AND rowid BETWEEN ?2 AND ?3) s CROSS JOIN nodes n ON n.id = s.id"
			   " WHERE n.doc_id = ?4 ORDER BY n.pos",
		 NULL},
		{NODE_SEL " FROM nodes n WHERE n.doc_id = ?4 ORDER BY n.pos", NULL},
		{NODE_SEL " FROM nodes n LIMIT ?1", NULL},
	},
	[DB_HIT_TASK] = {
		{"SELECT count(*) FROM (SELECT 1 FROM tasks_fts WHERE tasks_fts MATCH ?1 LIMIT ?2)",
		 NULL},
		{"SELECT min(t.id), max(t.id), count(*) FROM nodes n JOIN tasks t ON t.node_id = n.id"
		 " WHERE n.doc_id = ?1",
		 NULL},
		{TASK_SEL " FROM (SELECT rowid AS id FROM tasks_fts WHERE tasks_fts MATCH ?1"
			   " AND rowid BETWEEN ?2 AND ?3) s CROSS JOIN tasks t ON t.id = s.id"
			   " CROSS JOIN nodes n ON n.id = t.node_id WHERE n.doc_id = ?4"
			   " ORDER BY n.pos, t.pos, t.id",
		 NULL},
		{TASK_SEL " FROM nodes n JOIN tasks t ON t.node_id = n.id WHERE n.doc_id = ?4"
			   " ORDER BY n.pos, t.pos, t.id",
		 NULL},
		{TASK_SEL " FROM tasks t CROSS JOIN nodes n ON n.id = t.node_id LIMIT ?1", NULL},
	},
};

static const struct db_sql docs_sql = {"SELECT id FROM documents ORDER BY id", NULL};

/* The tests' $LUOSHI_TEST_SEARCH_MANY=1: their small databases walk
 * the documents too. */
static int told_many(void)
{
	const char *e = getenv("LUOSHI_TEST_SEARCH_MANY");
	return e && strcmp(e, "1") == 0;
}

/* Whether the index holds the words in at least MANY_ROWS rows. */
static enum lu_status many_in_index(struct db_search *s, const struct kind_sql *k, int *many)
{
	struct db_stmt *st = db_stmt(s->db, &k->many);
	if (!st)
		return LU_ERR;
	long long n = 0;
	db_bind_text(st, 1, s->key);
	db_bind_int64(st, 2, MANY_ROWS);
	enum lu_status r = db_stmt_int64(s->db, st, "searching", &n);
	*many = n >= MANY_ROWS;
	return r;
}

/* Whether at least one in SAMPLE_EVERY of the first SAMPLE rows holds
 * the words. A word of one character is a prefix query, which FTS5
 * answers by merging the row lists of every bigram it begins, whatever
 * rowid range is asked: so it is not asked at all when the word is
 * common, and its rows are read and checked instead. */
static enum lu_status many_in_sample(struct db_search *s, const struct kind_sql *k, int *many)
{
	struct db_stmt *st = db_stmt(s->db, &k->sample);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, SAMPLE);
	int rc, n = 0, hits = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		n++;
		hits += db_search_holds(s->ws, st);
	}
	enum lu_status r = db_check(s->db, st, rc, "searching");
	db_reset(st);
	*many = n && hits * SAMPLE_EVERY >= n;
	return r;
}

/* Every document's id, in order. */
static enum lu_status doc_ids(struct db *db, long long **ids, size_t *n)
{
	struct db_stmt *st = db_stmt(db, &docs_sql);
	if (!st)
		return LU_ERR;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ids = xreallocarray(*ids, cap, sizeof **ids);
		}
		(*ids)[(*n)++] = db_col_int64(st, 0);
	}
	enum lu_status r = db_check(db, st, rc, "searching");
	db_reset(st);
	return r;
}

/* One document's hits of the kind: its candidates in its id range, or
 * all its rows when their ids are spread. */
static enum lu_status search_doc(struct db_search *s, const struct kind_sql *k,
				 enum db_hit_kind kind, long long doc, int whole)
{
	struct db_stmt *st = db_stmt(s->db, &k->range);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, doc);
	int rc = db_step(st);
	long long lo = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	long long hi = rc == DB_ROW ? db_col_int64(st, 1) : 0;
	long long n = rc == DB_ROW ? db_col_int64(st, 2) : 0;
	enum lu_status r = rc == DB_ROW ? LU_OK : db_check(s->db, st, rc, "searching");
	db_reset(st);
	if (r != LU_OK || n == 0)
		return r;
	int spread = whole || hi - lo + 1 > SPREAD * n + 64;
	st = db_stmt(s->db, spread ? &k->rows : &k->cands);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, s->key);
	db_bind_int64(st, 2, lo);
	db_bind_int64(st, 3, hi);
	db_bind_int64(st, 4, doc);
	while ((rc = db_step(st)) == DB_ROW)
		if (db_search_row(s, st, kind))
			break;
	r = s->stop ? LU_OK : db_check(s->db, st, rc, "searching");
	db_reset(st);
	return r;
}

/* Whether a word has one character (a prefix query). */
static int has_one_char_word(const struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		if (utf8_count(ws->w[i], strlen(ws->w[i])) == 1)
			return 1;
	return 0;
}

enum lu_status db_search_by_doc(struct db_search *s, enum db_hit_kind kind, int *done)
{
	const struct kind_sql *k = &kind_sqls[kind];
	int prefix = has_one_char_word(s->ws), many = told_many();
	enum lu_status r = LU_OK;
	if (!many)
		r = prefix ? many_in_sample(s, k, &many) : many_in_index(s, k, &many);
	if (r != LU_OK || !many)
		return r;
	long long *ids = NULL;
	size_t n = 0;
	r = doc_ids(s->db, &ids, &n);
	for (size_t i = 0; i < n && r == LU_OK && !s->stop; i++)
		r = search_doc(s, k, kind, ids[i], prefix);
	free(ids);
	*done = 1;
	return r;
}
