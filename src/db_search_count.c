/* db_search_count.c - counting the tasks that hold the words (SQLite).
 * The index keeps no positions, and most tasks have no entry of their
 * own (schema 18: found through their node's), so each candidate is
 * checked; most tasks' title and sentence are slices of their node's
 * body (schema 10, 13), and substr() counts characters from the body's
 * start for every task: for a word most rows hold, that skipping was
 * most of the 2 seconds over 1.5 million tasks. Here a node's body is
 * read once for its tasks (the candidates found through their node come
 * a node's tasks together, in place order; those with an entry of their
 * own in id order, mostly a node's together), and each slice is found by
 * moving on from the last one's place. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db_search_impl.h"

/* The candidates' own columns: node, then per text (title, sentence)
 * the stored text or the slice's place and length (-1: NULL, read as a
 * number rather than made text to be told from it). */
static const struct db_sql cands_sql = {
	"SELECT t.node_id, t.title, coalesce(t.title_at, -1), coalesce(t.title_len, -1),"
	" t.text, coalesce(t.text_at, -1), coalesce(t.text_len, -1)"
	" FROM (" TASK_CANDS("", "") ") c CROSS JOIN tasks t ON t.id = c.id",
	NULL};
static const struct db_sql body_sql = {"SELECT body FROM nodes WHERE id = ?1", NULL};

/* A place in the body: after chr characters, at byte. */
struct cursor {
	long long chr;
	size_t byte;
};

struct node_body {
	long long id; /* 0: none read */
	char *s;      /* NULL: the node has none */
	size_t len;
	/* where the last title and sentence began and ended: the next one
	 * is mostly found by moving on from either */
	struct cursor at[2][2];
};

/* Move c on to character chr, as substr() counts them: a lead byte
 * (0xC0 and above) takes its continuation bytes along, any other byte is
 * one character. */
static void cursor_move(const struct node_body *b, struct cursor *c, long long chr)
{
	const unsigned char *p = (const unsigned char *)b->s + c->byte,
			    *end = (const unsigned char *)b->s + b->len;
	for (; c->chr < chr && p < end; c->chr++)
		if (*p++ >= 0xC0)
			while (p < end && (*p & 0xC0) == 0x80)
				p++;
	c->byte = (size_t)(p - (const unsigned char *)b->s);
}

/* Read node id's body, unless it is the one held. */
static enum lu_status body_read(struct db *db, struct node_body *b, long long id)
{
	if (b->id == id)
		return LU_OK;
	struct db_stmt *st = db_stmt(db, &body_sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	free(b->s);
	*b = (struct node_body){id, rc == DB_ROW ? db_col_dup(st, 0) : NULL, 0, {{{0, 0}}}};
	b->len = b->s ? strlen(b->s) : 0;
	enum lu_status r = rc == DB_ROW || rc == DB_DONE ? LU_OK : db_check(db, st, rc, "searching");
	db_reset(st);
	return r;
}

/* Text which (0 title, 1 sentence) of the row st is on, into out: the
 * stored text, or its slice of the body (what DB_TASK_SLICE reads). 0
 * when there is none (a place or length NULL; one below 0, which
 * substr() would read otherwise, is not written). */
static int slice(struct node_body *b, struct db_stmt *st, int which, struct sbuf *out)
{
	int c = 1 + 3 * which;
	const char *own = db_col_text(st, c);
	sbuf_reset(out);
	if (own) {
		sbuf_adds(out, own);
		return 1;
	}
	long long at = db_col_int64(st, c + 1), len = db_col_int64(st, c + 2);
	if (!b->s || at < 0 || len < 0)
		return 0;
	struct cursor *last = b->at[which], from = {0, 0};
	for (int k = 0; k < 2; k++)
		if (last[k].chr <= at && last[k].chr > from.chr)
			from = last[k];
	cursor_move(b, &from, at);
	struct cursor end = from;
	cursor_move(b, &end, at + len);
	sbuf_add(out, b->s + from.byte, end.byte - from.byte);
	last[0] = from;
	last[1] = end;
	return 1;
}

/* Whether the row st is on holds every word in its title or sentence. */
static enum lu_status task_holds(struct db_search *s, struct node_body *b, struct db_stmt *st,
				 struct sbuf t[2], int *holds)
{
	enum lu_status r = body_read(s->db, b, db_col_int64(st, 0));
	if (r != LU_OK)
		return r;
	int has[2];
	for (int w = 0; w < 2; w++)
		has[w] = slice(b, st, w, &t[w]);
	*holds = 1;
	for (size_t i = 0; i < s->ws->n && *holds; i++)
		*holds = (has[0] && db_search_find(t[0].s ? t[0].s : "", s->ws->w[i])) ||
			 (has[1] && db_search_find(t[1].s ? t[1].s : "", s->ws->w[i]));
	return LU_OK;
}

enum lu_status db_search_count_tasks(struct db_search *s, long long *n)
{
	struct db_stmt *st = db_stmt(s->db, &cands_sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, s->key);
	struct node_body b = {0};
	struct sbuf t[2] = {SBUF_INIT, SBUF_INIT};
	enum lu_status r = LU_OK;
	int rc = DB_DONE, holds;
	while (r == LU_OK && (rc = db_step(st)) == DB_ROW)
		if ((r = task_holds(s, &b, st, t, &holds)) == LU_OK)
			*n += holds;
	if (r == LU_OK)
		r = db_check(s->db, st, rc, "searching");
	db_reset(st);
	free(b.s);
	sbuf_free(&t[0]);
	sbuf_free(&t[1]);
	return r;
}
