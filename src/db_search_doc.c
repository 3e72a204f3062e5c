/* db_search_doc.c - a word that many nodes or tasks hold, found a span
 * of documents at a time (SQLite). The listing is in document order,
 * then place; asking the index for every candidate and sorting them all
 * by place cost 150-190 ms over 1.5 million tasks before the first hit
 * came out. A document's rows were mostly inserted together, so a span of
 * documents has one short id range: the index is asked for the candidates
 * in that range alone (FTS5 seeks in its row lists to a rowid range), and
 * the few are sorted by place. A span whose ids are spread (a task added
 * later takes the highest id) is asked a document at a time, and such a
 * document is read whole in place order, each row checked: for a word
 * most rows hold that is what the index would hand back anyway. A word of
 * one character is never asked by range (see many_in_sample). A word
 * that some rows hold, sparsely, is walked only through the first
 * documents, for its first hits, and its other candidates sorted (see
 * SOME_ROWS). A word few rows hold keeps the caller's plan, which sorts
 * only those few. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "db_search_impl.h"
#include "luoshi/utf8.h"

/* At least this many candidates in a kind's index, at least one row in
 * DENSE of the ids they span: walk the documents. Fewer are cheap to sort
 * (a few milliseconds); sparser ones would have the walk read the id
 * ranges of many documents for few hits (a word in one row of 90 took
 * 372 ms of CPU to list walked, 118 ms sorted). */
#define MANY_ROWS 5000
#define DENSE 20

/* At least this many candidates, sparser or fewer than the above: the
 * first documents are walked until PREFIX_HITS hits or PREFIX_DOCS
 * documents, then the rest sorted. Sorting costs a read of every
 * candidate's row before the first hit (a word in one node of 110,
 * 1,508 of them: 13 ms in all, 7 of them the sort); the walk of those
 * documents finds a screen's worth at the cost of a few id ranges, and
 * stops there for the whole listing, which the walk would make dearer
 * (see above). */
#define SOME_ROWS 1000
#define PREFIX_HITS 200
#define PREFIX_DOCS 256

/* A word of one character is common when one row in SAMPLE_EVERY of
 * the first SAMPLE holds it. */
#define SAMPLE 400
#define SAMPLE_EVERY 20

/* Documents are asked MAX_SPAN at most at a time; the span doubles
 * after one that found fewer than FEW_HITS. */
#define MAX_SPAN 64
#define FEW_HITS 100

/* A document whose ids span more than this many times its rows, plus some
 * slack, is read whole rather than asked of the index by range. */
#define SPREAD 2

/* Per kind (nodes, tasks): how many candidates, up to MANY_ROWS; the id
 * range and row count of a span of documents; their candidates in an id
 * range, in the listing's order; all their rows in that order; the first
 * rows, to judge a word of one character; the candidates of the
 * documents after one, sorted (the rest of a PREFIX); the first
 * candidate of the kind's own index and whether an earlier document has
 * a later row (see first_doc). A task's candidates are TASK_CANDS: its
 * range also gives the span's node ids, for the tasks found through
 * their node's entry. SQLite only: PostgreSQL's trigram index keeps the
 * caller's plan. */
struct kind_sql {
	struct db_sql many, range, cands, rows, sample, rest, first, early;
};

static const struct kind_sql kind_sqls[] = {
	[DB_HIT_NODE] = {
		{"SELECT count(*), max(rowid) - min(rowid) + 1 FROM (SELECT rowid FROM nodes_fts"
		 " WHERE nodes_fts MATCH ?1 LIMIT ?2)",
		 NULL},
		{"SELECT min(id), max(id), count(*), min(id), max(id) FROM nodes"
		 " WHERE doc_id BETWEEN ?1 AND ?2",
		 NULL},
		{NODE_SEL " FROM (SELECT rowid AS id FROM nodes_fts WHERE nodes_fts MATCH ?1"
			   " AND rowid BETWEEN ?2 AND ?3) s CROSS JOIN nodes n ON n.id = s.id"
			   " WHERE n.doc_id BETWEEN ?4 AND ?5 ORDER BY n.doc_id, n.pos",
		 NULL},
		{NODE_SEL " FROM nodes n WHERE n.doc_id BETWEEN ?4 AND ?5 ORDER BY n.doc_id, n.pos", NULL},
		{NODE_SEL " FROM nodes n LIMIT ?1", NULL},
		{NODE_SEL " FROM (SELECT n.id AS id FROM nodes_fts f JOIN nodes n ON n.id = f.rowid"
			  " WHERE nodes_fts MATCH ?1 AND n.doc_id > ?2 ORDER BY n.doc_id, n.pos"
			  " LIMIT -1) s CROSS JOIN nodes n ON n.id = s.id",
		 NULL},
		{"SELECT n.doc_id, n.id, (SELECT max(id) FROM nodes) FROM (SELECT rowid AS id"
		 " FROM nodes_fts WHERE nodes_fts MATCH ?1 LIMIT 1) f JOIN nodes n ON n.id = f.id",
		 NULL},
		{"SELECT 1 FROM nodes n WHERE n.id >= ?1 AND n.doc_id < ?2 LIMIT 1", NULL},
	},
	[DB_HIT_TASK] = {
		{"SELECT count(*), max(id) - min(id) + 1 FROM (SELECT id FROM ("
		 TASK_CANDS("", "") ") LIMIT ?2)",
		 NULL},
		{"SELECT min(t.id), max(t.id), count(*), min(n.id), max(n.id) FROM nodes n"
		 " JOIN tasks t ON t.node_id = n.id WHERE n.doc_id BETWEEN ?1 AND ?2",
		 NULL},
		{TASK_SEL " FROM (" TASK_CANDS(" AND rowid BETWEEN ?2 AND ?3",
					       " AND g.rowid BETWEEN ?6 AND ?7") ") s"
			  " CROSS JOIN tasks t ON t.id = s.id CROSS JOIN nodes n ON n.id = t.node_id"
			  " WHERE n.doc_id BETWEEN ?4 AND ?5 ORDER BY n.doc_id, n.pos, t.pos, t.id",
		 NULL},
		{TASK_SEL " FROM nodes n JOIN tasks t ON t.node_id = n.id"
			  " WHERE n.doc_id BETWEEN ?4 AND ?5 ORDER BY n.doc_id, n.pos, t.pos, t.id",
		 NULL},
		{TASK_SEL " FROM tasks t CROSS JOIN nodes n ON n.id = t.node_id LIMIT ?1", NULL},
		{TASK_SEL " FROM (SELECT t.id AS id FROM (" TASK_CANDS("", "") ") c"
			  " JOIN tasks t ON t.id = c.id JOIN nodes n ON n.id = t.node_id"
			  " WHERE n.doc_id > ?2 ORDER BY n.doc_id, n.pos, t.pos, t.id LIMIT -1) s"
			  " CROSS JOIN tasks t ON t.id = s.id CROSS JOIN nodes n ON n.id = t.node_id",
		 NULL},
		{"SELECT n.doc_id, t.id, (SELECT max(id) FROM tasks) FROM (SELECT rowid AS id"
		 " FROM tasks_fts WHERE tasks_fts MATCH ?1 LIMIT 1) f JOIN tasks t ON t.id = f.id"
		 " JOIN nodes n ON n.id = t.node_id",
		 NULL},
		{"SELECT 1 FROM tasks t CROSS JOIN nodes n ON n.id = t.node_id"
		 " WHERE t.id >= ?1 AND n.doc_id < ?2 LIMIT 1",
		 NULL},
	},
};

static const struct db_sql docs_sql = {"SELECT id FROM documents ORDER BY id", NULL};

/* How a kind's hits are found: the caller's plan, sorted; the first
 * documents walked, the rest sorted; every document walked. */
enum plan { SORTED, PREFIX, WALK };

/* The tests' $LUOSHI_TEST_SEARCH_MANY=1: their small databases walk
 * the documents too; =2: the first two documents, then sorted. */
static enum plan told_plan(size_t *prefix_docs)
{
	const char *e = getenv("LUOSHI_TEST_SEARCH_MANY");
	*prefix_docs = e && strcmp(e, "2") == 0 ? 2 : PREFIX_DOCS;
	return !e ? SORTED : strcmp(e, "1") == 0 ? WALK : strcmp(e, "2") == 0 ? PREFIX : SORTED;
}

/* Whether the index's first MANY_ROWS candidates (it hands them in id
 * order; a task's, those with an entry, then those through their node,
 * in node order) are all there and dense, at least one id in DENSE
 * (WALK); or at least SOME_ROWS (PREFIX). */
static enum lu_status many_in_index(struct db_search *s, const struct kind_sql *k,
				    enum plan *plan)
{
	struct db_stmt *st = db_stmt(s->db, &k->many);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, s->key);
	db_bind_int64(st, 2, MANY_ROWS);
	int rc = db_step(st);
	long long n = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	long long span = rc == DB_ROW ? db_col_int64(st, 1) : 0;
	enum lu_status r = rc == DB_ROW ? LU_OK : db_check(s->db, st, rc, "searching");
	db_reset(st);
	*plan = n >= MANY_ROWS && n * DENSE >= span ? WALK : n >= SOME_ROWS ? PREFIX : SORTED;
	return r;
}

/* Whether at least one in SAMPLE_EVERY of the first SAMPLE rows holds
 * the words. A word of one character is a prefix query, which FTS5
 * answers by merging the row lists of every bigram it begins, whatever
 * rowid range is asked: so it is not asked at all when the word is
 * common, and its rows are read and checked instead. */
static enum lu_status many_in_sample(struct db_search *s, const struct kind_sql *k,
				     enum plan *plan)
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
	*plan = n && hits * SAMPLE_EVERY >= n ? WALK : SORTED;
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

/* The id range and number of the kind's rows in documents first..last,
 * then the id range of their nodes (that holds the tasks found through
 * their node's entry: TASK_CANDS). */
static enum lu_status span_rows(struct db_search *s, const struct kind_sql *k, long long first,
				long long last, long long out[5])
{
	struct db_stmt *st = db_stmt(s->db, &k->range);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, first);
	db_bind_int64(st, 2, last);
	int rc = db_step(st);
	for (int c = 0; c < 5; c++)
		out[c] = rc == DB_ROW ? db_col_int64(st, c) : 0;
	enum lu_status r = rc == DB_ROW ? LU_OK : db_check(s->db, st, rc, "searching");
	db_reset(st);
	return r;
}

/* The hits in documents first..last: their candidates in the id range
 * rows[0]..rows[1] (a task's found through its node: in the node id
 * range rows[3]..rows[4]), or (whole) all their rows. */
static enum lu_status read_span(struct db_search *s, const struct kind_sql *k,
				enum db_hit_kind kind, const long long doc[2],
				const long long rows[5], int whole)
{
	struct db_stmt *st = db_stmt(s->db, whole ? &k->rows : &k->cands);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, s->key);
	db_bind_int64(st, 2, rows[0]);
	db_bind_int64(st, 3, rows[1]);
	db_bind_int64(st, 4, doc[0]);
	db_bind_int64(st, 5, doc[1]);
	db_bind_int64(st, 6, rows[3]);
	db_bind_int64(st, 7, rows[4]);
	return db_search_rows(s, st, kind);
}

/* The hits of documents ids[i..j-1]. Spread ids (a task added later)
 * are read a document at a time, and a document's whole. */
static enum lu_status search_span(struct db_search *s, const struct kind_sql *k,
				  enum db_hit_kind kind, const long long *ids, size_t i, size_t j,
				  int whole)
{
	long long doc[2] = {ids[i], ids[j - 1]}, rows[5];
	enum lu_status r = span_rows(s, k, doc[0], doc[1], rows);
	if (r != LU_OK || rows[2] == 0)
		return r;
	int spread = rows[1] - rows[0] + 1 > SPREAD * rows[2] + 64;
	if (!spread || j - i == 1)
		return read_span(s, k, kind, doc, rows, whole || spread);
	for (; i < j && r == LU_OK && !s->stop; i++)
		r = search_span(s, k, kind, ids, i, i + 1, whole);
	return r;
}

/* The hits of the documents after doc, their candidates sorted. */
static enum lu_status sort_rest(struct db_search *s, const struct kind_sql *k,
				enum db_hit_kind kind, long long doc)
{
	struct db_stmt *st = db_stmt(s->db, &k->rest);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, s->key);
	db_bind_int64(st, 2, doc);
	return db_search_rows(s, st, kind);
}

/* The first document that can hold a candidate, into *from (0: the
 * first; LLONG_MAX: none, the index has no candidate). The index hands its candidates by id, so the first is the
 * lowest; a document before that one's holds a candidate only if it
 * has a row with an id at least as high (a row added later). That is
 * looked for (a scan of the ids from there on) only when they are fewer
 * than the ids before, whose documents' id ranges the walk would read:
 * a word that only late documents hold took 280 ms of CPU to reach
 * them. */
static enum lu_status first_doc(struct db_search *s, const struct kind_sql *k, long long *from)
{
	struct db_stmt *st = db_stmt(s->db, &k->first);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, s->key);
	int rc = db_step(st);
	long long doc = rc == DB_ROW ? db_col_int64(st, 0) : 0,
		  id = rc == DB_ROW ? db_col_int64(st, 1) : 0,
		  last = rc == DB_ROW ? db_col_int64(st, 2) : 0;
	enum lu_status r = db_check(s->db, st, rc, "searching");
	db_reset(st);
	*from = rc == DB_DONE ? LLONG_MAX : 0;
	if (r != LU_OK || rc != DB_ROW || last - id >= id)
		return r;
	if (!(st = db_stmt(s->db, &k->early)))
		return LU_ERR;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, doc);
	rc = db_step(st);
	if ((r = db_check(s->db, st, rc, "searching")) == LU_OK && rc == DB_DONE)
		*from = doc;
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

/* Walk documents ids[i..n-1] a span at a time; for PREFIX, only until
 * PREFIX_HITS hits or prefix_docs documents, then the rest sorted. */
static enum lu_status walk(struct db_search *s, enum db_hit_kind kind, const long long *ids,
			   size_t i, size_t n, enum plan plan, size_t prefix_docs)
{
	const struct kind_sql *k = &kind_sqls[kind];
	int prefix = has_one_char_word(s->ws);
	/* a span of documents per query, doubled while it finds few hits:
	 * each query of the index costs its setup, which a word found in
	 * few documents would otherwise pay once per document */
	size_t step = 1, start = i, j;
	long long first = s->hits;
	enum lu_status r = LU_OK;
	for (; i < n && r == LU_OK && !s->stop; i = j) {
		long long before = s->hits;
		if (plan == PREFIX && (i - start >= prefix_docs || s->hits - first >= PREFIX_HITS))
			break;
		j = n - i < step ? n : i + step;
		r = search_span(s, k, kind, ids, i, j, prefix);
		if (s->hits - before < FEW_HITS && step < MAX_SPAN)
			step *= 2;
	}
	if (i < n && r == LU_OK && !s->stop)
		r = sort_rest(s, k, kind, ids[i - 1]);
	return r;
}

enum lu_status db_search_by_doc(struct db_search *s, enum db_hit_kind kind, int *done)
{
	const struct kind_sql *k = &kind_sqls[kind];
	int prefix = has_one_char_word(s->ws);
	size_t prefix_docs;
	enum plan plan = told_plan(&prefix_docs);
	enum lu_status r = LU_OK;
	if (plan == SORTED)
		r = prefix ? many_in_sample(s, k, &plan) : many_in_index(s, k, &plan);
	if (r != LU_OK || plan == SORTED)
		return r;
	long long *ids = NULL, from = 0;
	size_t n = 0, i = 0;
	r = doc_ids(s->db, &ids, &n);
	if (r == LU_OK && !prefix)
		r = first_doc(s, k, &from);
	/* a task without an entry of its own is in a node the nodes' index
	 * holds (TASK_CANDS): its document is at or after theirs */
	if (r == LU_OK && !prefix && kind == DB_HIT_TASK) {
		long long by_node = LLONG_MAX;
		r = first_doc(s, &kind_sqls[DB_HIT_NODE], &by_node);
		if (by_node < from)
			from = by_node;
	}
	while (i < n && ids[i] < from)
		i++;
	if (r == LU_OK)
		r = walk(s, kind, ids, i, n, plan, prefix_docs);
	free(ids);
	*done = 1;
	return r;
}
