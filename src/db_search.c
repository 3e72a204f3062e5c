/* db_search.c - find words in the text, tasks and notes. The full-text
 * indexes use luoshi's bigram tokenizer (db_tok.c), which answers words
 * of any length: a word of two or more characters is the phrase of its
 * bigrams, a single character a prefix query. One query per kind fetches
 * the candidates of every word; each row is then checked here (every word
 * a substring, ASCII case folded), so the index only narrows. The scans
 * with instr() remain for a store without those indexes. */
#include "config.h"
#include "luoshi/db.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_impl.h"

#define SNIPPET_CHARS 30
#define SNIPPET_BEFORE 10

/* Every kind reads the same columns: id, doc_id, node_id, task_id, label,
 * then the searchable texts. */
#define NODE_SEL \
	"SELECT n.id, n.doc_id, n.id, 0, CASE WHEN n.label <> '' THEN n.label ELSE n.heading END," \
	" n.heading, n.body, n.label"
#define TASK_SEL "SELECT t.id, n.doc_id, t.node_id, t.id, t.title, t.title, t.text, ''"
#define NOTE_SEL "SELECT o.id, n.doc_id, t.node_id, t.id, t.title, o.text, '', ''"
#define DOC_SEL "SELECT d.id, d.id, 0, 0, d.title, d.title, d.preamble, d.closing"
#define INSTR(col) "instr(lower(" col "), lower(?1)) > 0"

static const struct db_sql fts_sql[] = {
	{NODE_SEL " FROM nodes_fts f JOIN nodes n ON n.id = f.rowid WHERE nodes_fts MATCH ?1"
		  " ORDER BY n.doc_id, n.pos"},
	{TASK_SEL " FROM tasks_fts f JOIN tasks t ON t.id = f.rowid JOIN nodes n ON n.id = t.node_id"
		  " WHERE tasks_fts MATCH ?1 ORDER BY n.doc_id, n.pos, t.pos, t.id"},
	{NOTE_SEL " FROM notes_fts f JOIN notes o ON o.id = f.rowid JOIN tasks t ON t.id = o.task_id"
		  " JOIN nodes n ON n.id = t.node_id WHERE notes_fts MATCH ?1"
		  " ORDER BY n.doc_id, n.pos, t.pos, o.id"},
	{DOC_SEL " FROM docs_fts f JOIN documents d ON d.id = f.rowid WHERE docs_fts MATCH ?1"
		 " ORDER BY d.id"},
};

/* Scans for 1-2 character words: lower() folds ASCII like the trigram
 * index does, but doubles the cost, so words without ASCII letters (most
 * Chinese queries) use the exact variant. */
#define SCAN_SQL(M) \
	{ \
		{NODE_SEL " FROM nodes n WHERE " M("n.heading") " OR " M("n.body") " OR " M( \
			"n.label") " ORDER BY n.doc_id, n.pos"}, \
		{TASK_SEL " FROM tasks t JOIN nodes n ON n.id = t.node_id WHERE " M( \
			"t.title") " OR " M("t.text") " ORDER BY n.doc_id, n.pos, t.pos, t.id"}, \
		{NOTE_SEL " FROM notes o JOIN tasks t ON t.id = o.task_id" \
			  " JOIN nodes n ON n.id = t.node_id WHERE " M( \
				  "o.text") " ORDER BY n.doc_id, n.pos, t.pos, o.id"}, \
		{DOC_SEL " FROM documents d WHERE " M("d.title") " OR " M("d.preamble") " OR " M( \
			"d.closing") " ORDER BY d.id"}, \
	}
#define EXACT(col) "instr(" col ", ?1) > 0"

static const struct db_sql scan_sql[] = SCAN_SQL(INSTR);
static const struct db_sql scan_exact_sql[] = SCAN_SQL(EXACT);

static int has_ascii_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

struct words {
	char **w;
	size_t n;
};

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

/* A MATCH expression: each word as a quoted string (quotes doubled), a
 * word of one character as a prefix ("中" *), ANDed. Data, bound as a
 * parameter. */
static char *match_expr(const struct words *ws)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < ws->n; i++) {
		sbuf_adds(&b, b.len ? " AND \"" : "\"");
		for (const char *p = ws->w[i]; *p; p++) {
			if (*p == '"')
				sbuf_addc(&b, '"');
			sbuf_addc(&b, *p);
		}
		sbuf_adds(&b, utf8_chars(ws->w[i]) == 1 ? "\" *" : "\"");
	}
	return b.len ? sbuf_detach(&b) : NULL;
}

/* strstr folding ASCII case, like the trigram index and lower(). UTF-8
 * is self-synchronising, so a byte match is a character match. */
static const char *find_fold(const char *hay, const char *needle)
{
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

/* Build the row's text; if it holds every word, make a hit. */
static int row_hit(struct db_stmt *st, enum db_hit_kind kind, const struct words *ws,
		   struct db_hit *hit)
{
	struct sbuf text = SBUF_INIT;
	for (int c = 5; c <= 7; c++) {
		const char *s = db_col_text(st, c);
		if (s && *s)
			sbuf_addf(&text, "%s%s", text.len ? "\n" : "", s);
	}
	const char *first = text.s ? find_fold(text.s, ws->w[0]) : NULL;
	for (size_t i = 1; first && i < ws->n; i++)
		if (!find_fold(text.s, ws->w[i]))
			first = NULL;
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

struct kind_words {
	enum db_hit_kind kind;
	const struct words *ws;
};

static int hit_row(struct db_stmt *st, void *item, void *ctx)
{
	const struct kind_words *kw = ctx;
	return row_hit(st, kw->kind, kw->ws, item);
}

static void hit_drop(void *item)
{
	struct db_hit *h = item;
	free(h->label);
	free(h->snippet);
}

/* Append the hits of one kind; on failure all hits are gone. */
static enum lu_status search_kind(struct db *db, const struct db_sql *sql, const char *key,
				  enum db_hit_kind kind, const struct words *ws,
				  struct db_hit **out, size_t *n)
{
	struct kind_words kw = {kind, ws};
	const struct db_rows how = {sizeof **out, hit_row, hit_drop, &kw};
	struct db_stmt *st = db_stmt(db, sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, key);
	void *items = *out;
	enum lu_status s = db_collect(db, st, &how, "searching", &items, n);
	*out = items;
	return s;
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

enum lu_status db_search(struct db *db, const char *query, struct db_hit **out, size_t *n)
{
	struct words ws = {NULL, 0};
	*out = NULL;
	*n = 0;
	split_words(query ? query : "", &ws);
	if (ws.n == 0)
		return lu_error(LU_USAGE, "search needs a word");
	char *match = match_expr(&ws);
	const char *key = match ? match : longest_word(&ws);
	const struct db_sql *sqls = match			 ? fts_sql
				  : has_ascii_letter(key) ? scan_sql
							  : scan_exact_sql;
	enum lu_status st = LU_OK;
	for (int k = 0; k <= DB_HIT_DOC && st == LU_OK; k++)
		st = search_kind(db, &sqls[k], key, (enum db_hit_kind)k, &ws, out, n);
	free(match);
	for (size_t i = 0; i < ws.n; i++)
		free(ws.w[i]);
	free(ws.w);
	if (st != LU_OK) {
		db_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

void db_hits_free(struct db_hit *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hit_drop(&h[i]);
	free(h);
}
