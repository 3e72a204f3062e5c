/* db_search.c - find words in the text, tasks, notes and the documents'
 * own text (title, 文号, preamble, closing). On SQLite the full-text indexes
 * use luoshi's bigram tokenizer (db_tok.c), which answers words of any
 * length: a word of two or more characters is all of its bigrams, a
 * single character a prefix query. On PostgreSQL pg_trgm's GIN indexes
 * answer ILIKE '%word%' for the longest word of 3+ characters, and
 * shorter words scan with strpos(). One query per kind fetches the
 * candidates; each row is then checked here (every word a substring,
 * ASCII case folded), so both engines give the same hits, the index only
 * narrows, and the SQL never depends on the number of words. The scans
 * with instr() remain for a SQLite store without those indexes. */
#include "config.h"
#include "luoshi/db.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_search_impl.h"
#include "luoshi/utf8.h"

#define SNIPPET_CHARS 30
#define SNIPPET_BEFORE 10

#define NOTE_SEL \
	"SELECT o.id, n.doc_id, t.node_id, t.id, " DB_TASK_TITLE("t", "n") ", o.text, '', '', ''"
/* A document's closing is searched in its closing node where it has one
 * (schema 21), not a second time in the document's row. */
#define DOC_SEL \
	"SELECT d.id, d.id, 0, 0, d.title, d.title, d.number, d.preamble," \
	" CASE WHEN EXISTS (SELECT 1 FROM nodes c WHERE c.doc_id = d.id AND c.kind = 'closing')" \
	" THEN NULL ELSE d.closing END"

/* Candidates through the index: FTS5 MATCH (SQLite), ILIKE (PostgreSQL).
 * On SQLite the nodes and tasks are put in order by their ids and places
 * alone, then read (CROSS JOIN keeps the sorted ids the outer loop): a
 * common word matches most rows, and sorting their texts spilled to
 * temporary files before the first hit came out. LIMIT -1 keeps the
 * subquery's ORDER BY, which SQLite may drop from a subquery in a join. */
#define ILIKE(col) col " ILIKE $1"
static const struct db_sql index_sql[] = {
	{NODE_SEL " FROM (SELECT n.id AS id FROM nodes_fts f JOIN nodes n ON n.id = f.rowid"
		  " WHERE nodes_fts MATCH ?1 ORDER BY n.doc_id, n.pos LIMIT -1) s"
		  " CROSS JOIN nodes n ON n.id = s.id",
	 NODE_SEL " FROM nodes n WHERE " ILIKE(DB_NODE_HEAD("n")) " OR " ILIKE("n.body")
		  " ORDER BY n.doc_id, n.pos"},
	{TASK_SEL " FROM (SELECT t.id AS id FROM (" TASK_CANDS("", "") ") c"
		  " JOIN tasks t ON t.id = c.id JOIN nodes n ON n.id = t.node_id"
		  " ORDER BY n.doc_id, n.pos, t.pos, t.id LIMIT -1) s"
		  " CROSS JOIN tasks t ON t.id = s.id CROSS JOIN nodes n ON n.id = t.node_id",
	 TASK_SEL " FROM tasks t JOIN nodes n ON n.id = t.node_id WHERE " ILIKE("t.title") " OR "
		  ILIKE("t.text") " ORDER BY n.doc_id, n.pos, t.pos, t.id"},
	{NOTE_SEL " FROM notes_fts f JOIN notes o ON o.id = f.rowid JOIN tasks t ON t.id = o.task_id"
		  " JOIN nodes n ON n.id = t.node_id WHERE notes_fts MATCH ?1"
		  " ORDER BY n.doc_id, n.pos, t.pos, o.id",
	 NOTE_SEL " FROM notes o JOIN tasks t ON t.id = o.task_id"
		  " JOIN nodes n ON n.id = t.node_id WHERE " ILIKE("o.text")
		  " ORDER BY n.doc_id, n.pos, t.pos, o.id"},
	{DOC_SEL " FROM docs_fts f JOIN documents d ON d.id = f.rowid WHERE docs_fts MATCH ?1"
		 " ORDER BY d.id",
	 DOC_SEL " FROM documents d WHERE " ILIKE("d.title") " OR " ILIKE("d.number") " OR "
		 ILIKE("d.preamble") " OR " ILIKE("d.closing") " ORDER BY d.id"},
};

/* Scans for 1-2 character words: lower() folds ASCII like the trigram
 * index does, but doubles the cost, so words without ASCII letters (most
 * Chinese queries) use the exact variant. */
#define FOLD(D, col) D##_INSTR("lower(" col ")", "lower(?1)") " > 0"
#define EXACT(D, col) D##_INSTR(col, "?1") " > 0"
#define SCAN_NODE(D, M) \
	NODE_SEL " FROM nodes n WHERE " M(D, DB_NODE_HEAD("n")) " OR " M(D, "n.body") \
		" ORDER BY n.doc_id, n.pos"
#define SCAN_TASK(D, M) \
	TASK_SEL " FROM tasks t JOIN nodes n ON n.id = t.node_id WHERE " M(D, DB_TASK_TITLE("t", "n")) " OR " \
		M(D, DB_TASK_TEXT("t", "n")) " ORDER BY n.doc_id, n.pos, t.pos, t.id"
#define SCAN_NOTE(D, M) \
	NOTE_SEL " FROM notes o JOIN tasks t ON t.id = o.task_id" \
		 " JOIN nodes n ON n.id = t.node_id WHERE " M(D, "o.text") \
		 " ORDER BY n.doc_id, n.pos, t.pos, o.id"
#define SCAN_DOC(D, M) \
	DOC_SEL " FROM documents d WHERE " M(D, "d.title") " OR " M(D, "d.number") " OR " \
		M(D, "d.preamble") " OR " M(D, "d.closing") " ORDER BY d.id"
#define SCAN_SQL(M) \
	{ \
		{SCAN_NODE(LITE, M), SCAN_NODE(PG, M)}, \
		{SCAN_TASK(LITE, M), SCAN_TASK(PG, M)}, \
		{SCAN_NOTE(LITE, M), SCAN_NOTE(PG, M)}, \
		{SCAN_DOC(LITE, M), SCAN_DOC(PG, M)}, \
	}

static const struct db_sql scan_sql[] = SCAN_SQL(FOLD);
static const struct db_sql scan_exact_sql[] = SCAN_SQL(EXACT);

static int has_ascii_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Split on ASCII white space and the ideographic space U+3000. */
static void split_words(const char *q, struct words *ws)
{
	while (*q) {
		size_t skip = strspn(q, " \t\r\n");
		if (!skip && strncmp(q, "\xe3\x80\x80", 3) == 0)
			skip = 3;
		if (skip) {
			q += skip;
			continue;
		}
		const char *end = q;
		while (*end && !strchr(" \t\r\n", *end) && strncmp(end, "\xe3\x80\x80", 3) != 0)
			end++;
		ws->w = xreallocarray(ws->w, ws->n + 1, sizeof *ws->w);
		ws->w[ws->n++] = xstrndup(q, (size_t)(end - q));
		q = end;
	}
}

/* One string of a MATCH expression, quoted (quotes doubled), ANDed to
 * what b already holds. */
static void match_add(struct sbuf *b, const char *s, size_t n)
{
	sbuf_adds(b, b->len ? " AND \"" : "\"");
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, s[i]);
	}
	sbuf_addc(b, '"');
}

static void match_token(void *ctx, const char *tok, int len)
{
	match_add(ctx, tok, (size_t)len);
}

/* A MATCH expression: a word of one character as a prefix ("中" *), a
 * longer one as each of its bigrams, all ANDed. The indexes keep no
 * positions (detail=none, migration 7), so the bigrams are not asked to
 * be adjacent: the check of every row against the words (row_hit) does
 * that, as it always did. Data, bound as a parameter. */
static char *match_expr(const struct words *ws)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < ws->n; i++) {
		if (utf8_chars(ws->w[i]) == 1) {
			match_add(&b, ws->w[i], strlen(ws->w[i]));
			sbuf_adds(&b, " *");
		} else {
			db_tok_query(ws->w[i], match_token, &b);
		}
	}
	return b.len ? sbuf_detach(&b) : NULL;
}

/* An ILIKE pattern for the longest word of 3+ characters, % _ and \\
 * escaped; NULL when every word is shorter. */
static char *like_pattern(const struct words *ws)
{
	const char *w = NULL;
	for (size_t i = 0; i < ws->n; i++)
		if (utf8_chars(ws->w[i]) >= 3 && (!w || utf8_chars(ws->w[i]) > utf8_chars(w)))
			w = ws->w[i];
	if (!w)
		return NULL;
	struct sbuf b = SBUF_INIT;
	sbuf_addc(&b, '%');
	for (; *w; w++) {
		if (*w == '%' || *w == '_' || *w == '\\')
			sbuf_addc(&b, '\\');
		sbuf_addc(&b, *w);
	}
	sbuf_addc(&b, '%');
	return sbuf_detach(&b);
}

/* What the index is asked for, in each dialect (NULL: no word for it). */
static char *(*const index_key[])(const struct words *) = {
	[DB_DIALECT_SQLITE] = match_expr,
	[DB_DIALECT_PG] = like_pattern,
};

/* strstr folding ASCII case, like the trigram index and lower(). UTF-8
 * is self-synchronising, so a byte match is a character match. A word
 * without ASCII letters has no case: strstr finds it many times faster
 * than a comparison at every byte, which a word most rows hold pays on
 * every row. */
const char *db_search_find(const char *hay, const char *needle)
{
	if (!has_ascii_letter(needle))
		return strstr(hay, needle);
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

static const char *back_chars(const char *start, const char *p, int n)
{
	while (p > start && n > 0) {
		p--;
		if (((unsigned char)*p & 0xC0) != 0x80)
			n--;
	}
	return p;
}

static const char *fwd_chars(const char *p, int n)
{
	while (*p && n > 0) {
		p++;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		n--;
	}
	return p;
}

/* About SNIPPET_CHARS characters around the first match, cut on
 * character boundaries, line breaks shown as spaces. */
static char *snippet(const char *text, const char *hit)
{
	const char *from = back_chars(text, hit, SNIPPET_BEFORE);
	const char *to = fwd_chars(from, SNIPPET_CHARS);
	struct sbuf b = SBUF_INIT;
	if (from > text)
		sbuf_adds(&b, "…");
	for (const char *p = from; p < to; p++)
		sbuf_addc(&b, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
	if (*to)
		sbuf_adds(&b, "…");
	return sbuf_detach(&b);
}

/* The row's searchable texts (the SEARCH_TEXTS columns from 5) in text;
 * the first word's first place there if the row holds every word, else
 * NULL. */
static const char *row_find(struct db_stmt *st, const struct words *ws, struct sbuf *text)
{
	for (int c = 5; c < 5 + SEARCH_TEXTS; c++) {
		const char *s = db_col_text(st, c);
		if (s && *s) {
			if (text->len)
				sbuf_addc(text, '\n');
			sbuf_adds(text, s);
		}
	}
	const char *first = text->s ? db_search_find(text->s, ws->w[0]) : NULL;
	for (size_t i = 1; first && i < ws->n; i++)
		if (!db_search_find(text->s, ws->w[i]))
			first = NULL;
	return first;
}

/* Build the row's text; if it holds every word, make a hit. */
static int row_hit(struct db_stmt *st, enum db_hit_kind kind, const struct words *ws,
		   struct db_hit *hit)
{
	struct sbuf text = SBUF_INIT;
	const char *first = row_find(st, ws, &text);
	if (first) {
		hit->kind = kind;
		hit->id = db_col_int64(st, 0);
		hit->doc_id = db_col_int64(st, 1);
		hit->node_id = db_col_int64(st, 2);
		hit->task_id = db_col_int64(st, 3);
		hit->label = db_col_dup0(st, 4);
		hit->snippet = snippet(text.s, first);
	}
	sbuf_free(&text);
	return first != NULL;
}

static void hit_drop(struct db_hit *h)
{
	free(h->label);
	free(h->snippet);
}

/* Whether the row st is on holds every word, with no hit made: each
 * column is looked at where it lies (a word holds no line break, so none
 * spans two of them). */
int db_search_holds(const struct words *ws, struct db_stmt *st)
{
	const char *col[SEARCH_TEXTS];
	for (int c = 0; c < SEARCH_TEXTS; c++)
		col[c] = db_col_text(st, c + 5);
	for (size_t i = 0; i < ws->n; i++) {
		int found = 0;
		for (int c = 0; c < SEARCH_TEXTS && !found; c++)
			found = col[c] && db_search_find(col[c], ws->w[i]);
		if (!found)
			return 0;
	}
	return 1;
}

/* Check the row st is on; if it is a hit, hand it to the caller. Nonzero
 * when the caller says stop. */
int db_search_row(struct db_search *s, struct db_stmt *st, enum db_hit_kind kind)
{
	struct db_hit hit = {0};
	if (!row_hit(st, kind, s->ws, &hit))
		return 0;
	s->hits++;
	s->stop = s->fn(&hit, s->ctx);
	hit_drop(&hit);
	return s->stop;
}

/* Hand each hit of one kind to fn as it is read; stop when fn says so
 * (s->stop set). The hit's strings are freed after fn returns. */
/* Step st (bound) to its end or to the hit that stops the search, each
 * row through db_search_row, then reset it. */
enum lu_status db_search_rows(struct db_search *s, struct db_stmt *st, enum db_hit_kind kind)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		if (db_search_row(s, st, kind))
			break;
	enum lu_status r = s->stop ? LU_OK : db_check(s->db, st, rc, "searching");
	db_reset(st);
	return r;
}

static enum lu_status search_kind(struct db_search *s, const struct db_sql *sql,
				  enum db_hit_kind kind)
{
	struct db_stmt *st = db_stmt(s->db, sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, s->key);
	return db_search_rows(s, st, kind);
}

/* The word the scan runs on: the longest, the most selective. */
static const char *longest_word(const struct words *ws)
{
	const char *best = ws->w[0];
	for (size_t i = 1; i < ws->n; i++)
		if (utf8_chars(ws->w[i]) > utf8_chars(best))
			best = ws->w[i];
	return best;
}

/* One kind's hits: a word that many nodes or tasks hold is walked a
 * document at a time, so that the first hits come out at once. */
static enum lu_status search_one(struct db_search *s, const struct db_sql *sql,
				 enum db_hit_kind kind, int by_doc)
{
	int done = 0;
	enum lu_status st = LU_OK;
	if (by_doc && (kind == DB_HIT_NODE || kind == DB_HIT_TASK))
		st = db_search_by_doc(s, kind, &done);
	return st != LU_OK || done ? st : search_kind(s, sql, kind);
}

static void words_free(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
}

enum lu_status db_search_each(struct db *db, const char *query, db_hit_fn fn, void *ctx)
{
	struct words ws = {NULL, 0};
	split_words(query ? query : "", &ws);
	if (ws.n == 0)
		return lu_error(LU_USAGE, "search needs a word");
	char *match = index_key[db_dialect(db)](&ws);
	struct db_search s = {db, &ws, match ? match : longest_word(&ws), fn, ctx, 0};
	const struct db_sql *sqls = match		       ? index_sql
				    : has_ascii_letter(s.key) ? scan_sql
							      : scan_exact_sql;
	int by_doc = match && db_dialect(db) == DB_DIALECT_SQLITE;
	enum lu_status st = LU_OK;
	for (int k = 0; k <= DB_HIT_DOC && st == LU_OK && !s.stop; k++)
		st = search_one(&s, &sqls[k], (enum db_hit_kind)k, by_doc);
	free(match);
	words_free(&ws);
	return st;
}

/* Counting (SQLite): where every word has one or two characters the
 * index's match is the row check itself (a bigram is the word, a
 * character's prefix query finds every row holding it: db_tok.c), so the
 * index counts alone; otherwise each candidate is read, in the index's
 * order (no sort), and checked, with no hit made. Tasks are always
 * checked (db_search_count_tasks): most have no entry of their own and
 * are candidates through their node's (schema 18). */
static const struct db_sql count_index_sql[] = {
	{"SELECT count(*) FROM nodes_fts WHERE nodes_fts MATCH ?1", NULL},
	{NULL, NULL}, /* tasks: db_search_count_tasks */
	{"SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?1", NULL},
	{NULL, NULL}, /* documents: count_check_sql's */
};
static const struct db_sql count_check_sql[] = {
	{NODE_SEL " FROM nodes_fts f CROSS JOIN nodes n ON n.id = f.rowid WHERE nodes_fts MATCH ?1",
	 NULL},
	{NULL, NULL}, /* tasks: db_search_count_tasks */
	{NOTE_SEL " FROM notes_fts f CROSS JOIN notes o ON o.id = f.rowid"
		  " CROSS JOIN tasks t ON t.id = o.task_id CROSS JOIN nodes n ON n.id = t.node_id"
		  " WHERE notes_fts MATCH ?1",
	 NULL},
	{DOC_SEL " FROM docs_fts f CROSS JOIN documents d ON d.id = f.rowid WHERE docs_fts MATCH ?1",
	 NULL},
};

/* Whether the index's match is exact: every word of one or two
 * characters, in valid UTF-8 (the tokenizer's characters). */
static int index_exact(const struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		if (utf8_chars(ws->w[i]) > 2 || utf8_check(ws->w[i], strlen(ws->w[i])) != (size_t)-1)
			return 0;
	return 1;
}

/* One kind's hits counted into *n: by the index, or each row checked. */
static enum lu_status count_kind(struct db_search *s, const struct db_sql *sql, int by_index,
				 long long *n)
{
	struct db_stmt *st = db_stmt(s->db, sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, s->key);
	if (by_index) {
		long long k = 0;
		enum lu_status r = db_stmt_int64(s->db, st, "searching", &k);
		*n += k;
		return r;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		*n += db_search_holds(s->ws, st);
	enum lu_status r = db_check(s->db, st, rc, "searching");
	db_reset(st);
	return r;
}

enum lu_status db_search_count(struct db *db, const char *query, long long *n)
{
	struct words ws = {NULL, 0};
	split_words(query ? query : "", &ws);
	*n = 0;
	if (ws.n == 0)
		return lu_error(LU_USAGE, "search needs a word");
	char *match = index_key[db_dialect(db)](&ws);
	struct db_search s = {db, &ws, match ? match : longest_word(&ws), NULL, NULL, 0};
	int lite = match && db_dialect(db) == DB_DIALECT_SQLITE;
	int exact = lite && index_exact(&ws);
	const struct db_sql *sqls = lite		      ? (exact ? count_index_sql : count_check_sql)
				    : match		      ? index_sql
				    : has_ascii_letter(s.key) ? scan_sql
							      : scan_exact_sql;
	enum lu_status st = LU_OK;
	/* documents are always checked: the index holds their closings,
	 * which their closing nodes answer for (DOC_SEL) */
	for (int k = 0; k <= DB_HIT_DOC && st == LU_OK; k++)
		st = lite && k == DB_HIT_TASK ? db_search_count_tasks(&s, n)
		     : exact && k == DB_HIT_DOC ? count_kind(&s, &count_check_sql[k], 0, n)
						: count_kind(&s, &sqls[k], exact, n);
	free(match);
	words_free(&ws);
	return st;
}

struct hit_list {
	struct db_hit *h;
	size_t n, cap;
};

/* Keep a copy of each hit: fn's hit is freed when it returns. */
static int hit_keep(const struct db_hit *hit, void *ctx)
{
	struct hit_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->h = xreallocarray(l->h, l->cap, sizeof *l->h);
	}
	struct db_hit *k = &l->h[l->n++];
	*k = *hit;
	k->label = hit->label ? xstrdup(hit->label) : NULL;
	k->snippet = hit->snippet ? xstrdup(hit->snippet) : NULL;
	return 0;
}

enum lu_status db_search(struct db *db, const char *query, struct db_hit **out, size_t *n)
{
	struct hit_list l = {NULL, 0, 0};
	enum lu_status st = db_search_each(db, query, hit_keep, &l);
	if (st != LU_OK) {
		db_hits_free(l.h, l.n);
		l.h = NULL;
		l.n = 0;
	}
	*out = l.h;
	*n = l.n;
	return st;
}

void db_hits_free(struct db_hit *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hit_drop(&h[i]);
	free(h);
}
