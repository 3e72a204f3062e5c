/* db_search_impl.h - what db_search.c and its per-document walk
 * (db_search_doc.c) share: the query's words and the search under way. */
#ifndef LUOSHI_DB_SEARCH_IMPL_H
#define LUOSHI_DB_SEARCH_IMPL_H

#include "db_impl.h"

/* Every kind reads the same columns: id, doc_id, node_id, task_id, label,
 * then the SEARCH_TEXTS searchable texts (db_search_row reads them). */
#define SEARCH_TEXTS 4
#define NODE_SEL \
	"SELECT n.id, n.doc_id, n.id, 0, CASE WHEN n.label <> '' THEN n.label ELSE " DB_NODE_NAME("n") " END, " \
	DB_NODE_HEAD("n") ", n.body, '', ''"
#define TASK_SEL \
	"SELECT t.id, n.doc_id, t.node_id, t.id, " DB_TASK_TITLE("t", "n") ", " \
	DB_TASK_TITLE("t", "n") ", " DB_TASK_TEXT("t", "n") ", '', ''"

/* The candidates of a task query on SQLite, as ids: the tasks with an
 * entry of their own in the tasks' index that it matches, and the tasks
 * without one (title and sentence both slices of the node's body, schema
 * 18) of the nodes whose entry the nodes' index matches: a word a slice
 * holds is in its node's body, so no hit is lost, and each candidate is
 * checked against the words as before. The two parts are apart
 * (DB_TASK_INDEXED), so no task comes twice. fts and node: more
 * conditions on either part (rowid ranges). */
#define TASK_CANDS(fts, node) \
	"SELECT rowid AS id FROM tasks_fts WHERE tasks_fts MATCH ?1" fts \
	" UNION ALL SELECT x.id AS id FROM nodes_fts g CROSS JOIN tasks x ON x.node_id = g.rowid" \
	" WHERE nodes_fts MATCH ?1 AND NOT " DB_TASK_INDEXED("x") node

struct words {
	char **w;
	size_t n;
};

struct db_search {
	struct db *db;
	const struct words *ws;
	const char *key; /* the MATCH expression */
	db_hit_fn fn;
	void *ctx;
	int stop;       /* fn said stop */
	long long hits; /* handed to fn so far */
};

/* Check the row st is on (the columns of *_SEL); if it is
 * a hit, hand it to fn. Nonzero when fn says stop. */
int db_search_row(struct db_search *s, struct db_stmt *st, enum db_hit_kind kind);
/* st (bound) stepped through db_search_row to its end or the stop, reset. */
enum lu_status db_search_rows(struct db_search *s, struct db_stmt *st, enum db_hit_kind kind);

/* Whether the row st is on (the columns of *_SEL) holds every word. */
int db_search_holds(const struct words *ws, struct db_stmt *st);

/* strstr folding ASCII case, as every row is checked. */
const char *db_search_find(const char *hay, const char *needle);

/* On SQLite: add to *n the tasks that hold every word (a candidate of
 * the index, its title or sentence checked), each node's body read once
 * for its sliced tasks. */
enum lu_status db_search_count_tasks(struct db_search *s, long long *n);

/* On SQLite, for nodes and tasks: when the index holds the words in many
 * rows, hand kind's hits to fn a document at a time, in the listing's
 * order, and set *done; otherwise leave *done 0 (the caller's plan, which
 * sorts every candidate, is the cheaper one for a few). */
enum lu_status db_search_by_doc(struct db_search *s, enum db_hit_kind kind, int *done);

#endif
