/* db_tok.c - the full-text tokenizer "luoshi": overlapping character
 * bigrams, so that words of any length, one or two Chinese characters
 * too, are answered from the index (FTS5's trigram tokenizer cannot match
 * fewer than three characters, which sent the commonest Chinese queries
 * to a scan of every row).
 *
 * A text is cut into runs at the separators the search splits its query
 * on (ASCII white space and U+3000). In a run of characters c0 … cn-1 the
 * document tokens are the bigrams c0c1, c1c2, …, c(n-2)c(n-1) and, last,
 * the single c(n-1), one per position: so every character begins a token
 * at its own position, and the index holds one token per character, as
 * the trigram index did. A query word of two or more characters asks for
 * all of its bigrams (the index keeps no positions since migration 7: the
 * search checks each candidate row for the word itself); a word of one
 * character is the prefix query "c" *, which every token beginning with
 * it answers. ASCII letters are folded to lower case, as
 * the final check (strncasecmp) folds them. Bytes that are not UTF-8
 * count as characters of their own. */
#include "config.h"

#include <limits.h>
#include <sqlite3.h>
#include <string.h>

#include "db_impl.h"

/* Length of the character at p (at most n bytes), 1 for a stray byte. */
static int char_len(const unsigned char *p, int n)
{
	int len = p[0] < 0x80 ? 1 : p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 1;
	if (len > n)
		return 1;
	for (int i = 1; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 1;
	return len;
}

static int is_sep(const unsigned char *p, int len)
{
	if (len == 1)
		return *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
	return len == 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80; /* U+3000 */
}

typedef int (*token_fn)(void *, int, const char *, int, int, int);

/* Emit the characters at a (len la) and, if lb > 0, b: folded. */
static int emit(token_fn tok, void *ctx, const unsigned char *t, int a, int la, int b, int lb)
{
	char buf[8];
	int n = 0;
	for (int i = 0; i < la; i++, n++)
		buf[n] = (char)(t[a + i] >= 'A' && t[a + i] <= 'Z' ? t[a + i] + 32 : t[a + i]);
	for (int i = 0; i < lb; i++, n++)
		buf[n] = (char)(t[b + i] >= 'A' && t[b + i] <= 'Z' ? t[b + i] + 32 : t[b + i]);
	return tok(ctx, 0, buf, n, a, lb ? b + lb : a + la);
}

static int tok_run(const unsigned char *t, int from, int to, int query, token_fn tok, void *ctx)
{
	int a = from, la = char_len(t + a, to - a);
	if (a + la >= to) /* one character */
		return emit(tok, ctx, t, a, la, 0, 0);
	while (a < to) {
		int b = a + la;
		if (b >= to) /* the run's last character */
			return query ? SQLITE_OK : emit(tok, ctx, t, a, la, 0, 0);
		int lb = char_len(t + b, to - b);
		int rc = emit(tok, ctx, t, a, la, b, lb);
		if (rc != SQLITE_OK)
			return rc;
		a = b, la = lb;
	}
	return SQLITE_OK;
}

static int tok_tokenize(Fts5Tokenizer *self, void *ctx, int flags, const char *text, int n,
			token_fn tok)
{
	(void)self;
	const unsigned char *t = (const unsigned char *)text;
	int query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	int i = 0;
	while (i < n) {
		int len = char_len(t + i, n - i);
		if (is_sep(t + i, len)) {
			i += len;
			continue;
		}
		int end = i;
		while (end < n) {
			int l = char_len(t + end, n - end);
			if (is_sep(t + end, l))
				break;
			end += l;
		}
		int rc = tok_run(t, i, end, query, tok, ctx);
		if (rc != SQLITE_OK)
			return rc;
		i = end;
	}
	return SQLITE_OK;
}

/* The tokens FTS5 makes of a query word, through tok_tokenize itself so
 * the search can never disagree with the index about where a character
 * ends. */
struct query_tokens {
	void (*fn)(void *, const char *, int);
	void *ctx;
};

static int query_token(void *arg, int flags, const char *tok, int n, int start, int end)
{
	const struct query_tokens *q = arg;
	(void)flags, (void)start, (void)end;
	q->fn(q->ctx, tok, n);
	return SQLITE_OK;
}

void db_tok_query(const char *word, void (*fn)(void *ctx, const char *tok, int len), void *ctx)
{
	struct query_tokens q = {fn, ctx};
	size_t n = strlen(word);
	tok_tokenize(NULL, &q, FTS5_TOKENIZE_QUERY, word, n > INT_MAX ? INT_MAX : (int)n,
		     query_token);
}

static int tok_create(void *arg, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)arg, (void)argv;
	if (argc > 0)
		return SQLITE_ERROR;
	static char state; /* the tokenizer has none: any non-NULL handle */
	*out = (Fts5Tokenizer *)(void *)&state;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int tok_register(sqlite3 *h, char **err, const sqlite3_api_routines *api)
{
	(void)err, (void)api;
	static fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize};
	fts5_api *fts = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return SQLITE_OK; /* no FTS5: the schema's CREATE says so */
	sqlite3_bind_pointer(st, 1, (void *)&fts, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!fts || fts->iVersion < 2)
		return SQLITE_OK;
	return fts->xCreateTokenizer(fts, DB_TOKENIZER, NULL, &tokenizer, NULL);
}

/* Every connection the process opens from now on has the tokenizer (the
 * tests' own handles too, which check the indexes' integrity). */
void db_tok_init(void)
{
	sqlite3_auto_extension((void (*)(void))tok_register);
}
